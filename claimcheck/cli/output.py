"""The command line's one way out: everything a command shows goes through here.

Results go to stdout (a Rich renderable through the escaping net, or machine text exactly as
given), or to an ``--output`` file that appears whole or not at all; notes, questions and errors
go to stderr, so that stdout carries only the command's output. Rich is imported on first use:
``claimcheck --version`` never loads it.
"""

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClaimcheckError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

EXIT_PROBLEMS, EXIT_ERROR = 1, 2  # and 0: all is well
FILE_WIDTH = 200  # a report written to a file is as wide as this, whatever the terminal


def console(stderr: bool = False) -> "Console":
    from rich.console import Console

    # markup and emoji codes off: nothing from a file or a user is ever read as markup.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def terminal_width() -> int:
    return console().width


def show(renderable: "RenderableType", soft_wrap: bool = False) -> None:
    """A renderable on stdout, every string in it escaped (see render.safe.Escaped)."""
    from ..render.safe import Escaped

    console().print(Escaped(renderable), soft_wrap=soft_wrap)


def write(text: str) -> None:
    """Machine output: exactly the text, no wrapping, no colour; one final newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def write_raw(text: str) -> None:
    """Exactly the text, not even a final newline added."""
    sys.stdout.write(text)


def note(message: str) -> None:
    from ..render.safe import inline

    # One line however narrow the terminal (no path cut in two), unstyled: written as it is,
    # without Rich, whose import would be most of what `status` and `add` cost on their own.
    sys.stderr.write(inline(message) + "\n")
    sys.stderr.flush()


def error_text(text: str) -> None:
    """Text for stderr exactly as given (a bug's line, a traceback asked for), flushed."""
    sys.stderr.write(text)
    sys.stderr.flush()


def report_problem(problem: ClaimcheckError, label: str = "error") -> None:
    """One located line on stderr: file, line, column, what is wrong."""
    from ..render.terminal import error_line

    console(stderr=True).print(error_line(problem, label), soft_wrap=True)


def ask(label: str) -> str:
    """Ask for a value on the terminal. The question goes to stderr, so that stdout carries only
    the command's output (typer.prompt writes part of it to stdout)."""
    while True:
        sys.stderr.write(f"{label}: ")
        sys.stderr.flush()
        try:
            answer = input()
        except EOFError:
            # the input ended unanswered: a usage error (2), not "problems found" (1)
            sys.stderr.write("\n")
            raise ClaimcheckError(
                f"no {label.lower()} given (the input ended); give it as an option"
            ) from None
        if answer.strip():
            return answer


def ask_default(label: str, default: str) -> str:
    """Ask on the terminal, with a default taken on an empty answer (or the input's end)."""
    sys.stderr.write(f"{label} [{default}]: ")
    sys.stderr.flush()
    try:
        answer = input().strip()
    except EOFError:
        return default
    return answer or default


def render_to_text(renderable: "RenderableType", width: int = FILE_WIDTH) -> str:
    """A renderable as plain text of the given width, escaped, without colour."""
    import io

    from rich.console import Console

    from ..render.safe import Escaped

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, markup=False, emoji=False).print(
        Escaped(renderable)
    )
    return buffer.getvalue()


def stream(chunks: "Iterable[str | RenderableType]", soft_wrap: bool = False) -> None:
    """Chunks to stdout as they come: text exactly, renderables through the escaping net
    (with ``soft_wrap``, never a line break that is not in the renderable's own lines)."""
    try:
        for chunk in chunks:
            if isinstance(chunk, str):
                sys.stdout.write(chunk)
            else:
                show(chunk, soft_wrap=soft_wrap)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader has all it wanted (`claimcheck report | head`): stop, not an error;
        # stdout goes to devnull so that the interpreter's last flush does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def stream_to_file(output_file: Path, chunks: "Iterable[str | RenderableType]") -> None:
    """--output for output made piece by piece: written as it comes, the file appearing whole
    at the end (see ``write_file``)."""
    from ..safefs import regular_output, user_path
    from ..writes import atomic_writer

    target = regular_output(user_path(output_file, "the output path"))
    with atomic_writer(target, replace=True, shown=str(output_file)) as handle:
        for chunk in chunks:
            text = chunk if isinstance(chunk, str) else render_to_text(chunk)
            handle.write(text.encode("utf-8"))


def write_file(output_file: Path, text: str) -> None:
    """--output: through a link to the regular file it names; a device, a FIFO or a folder is
    refused, never replaced."""
    from ..safefs import regular_output, user_path
    from ..writes import atomic_write

    target = regular_output(user_path(output_file, "the output path"))
    atomic_write(target, text, replace=True, shown=str(output_file))


def utf8_safe_streams() -> None:
    """Whatever the encoding of stdout and stderr, writing never fails and never emits bytes
    that are not valid in it: a character it cannot hold is written as a backslash escape (the
    renderers escape what they know of; this is the net under them)."""
    for channel in (sys.stdout, sys.stderr):
        reconfigure = getattr(channel, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
