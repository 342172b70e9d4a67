"""How a command ends badly: claimcheck's errors as one located line each, anything else as one
line saying it is a bug and where; exit code 2 either way, never a traceback that CI would take
for findings (the traceback only with --debug or CLAIMCHECK_DEBUG=1)."""

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

from ..errors import ClaimcheckError
from .output import EXIT_ERROR, error_text, report_problem

PACKAGE = Path(__file__).resolve().parent.parent  # claimcheck's own code, for the bug's place

_debug_option = False  # --debug: set by the global options, once per run


def request_debug(debug: bool) -> None:
    global _debug_option
    _debug_option = debug


def debugging() -> bool:
    if _debug_option:
        return True
    return os.environ.get("CLAIMCHECK_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def fail(err: ClaimcheckError) -> NoReturn:
    for problem in getattr(err, "problems", [err]):
        report_problem(problem)
    raise typer.Exit(EXIT_ERROR)


def bug(err: BaseException) -> NoReturn:
    """An error claimcheck did not expect: one line saying so and where, exit code 2. The
    traceback only on request: CI logs get one line, and a person debugging gets it all."""
    import traceback

    from ..render.safe import inline

    if debugging():
        error_text("".join(traceback.format_exception(type(err), err, err.__traceback__)))
    # the innermost place in claimcheck's own code, else the innermost place at all
    frames = traceback.extract_tb(err.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).is_relative_to(PACKAGE)]
    place = ""
    if frames:
        frame = (ours or frames)[-1]
        where = Path(frame.filename)
        if where.is_relative_to(PACKAGE):
            where = Path("claimcheck") / where.relative_to(PACKAGE)
        place = f" at {where.as_posix()}:{frame.lineno}"
    detail = inline(f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)
    if len(detail) > 500:  # a message can quote a whole input
        detail = detail[:500] + "..."
    hint = "" if debugging() else "; run again with --debug for the traceback"
    error_text(f"error: this is a bug in claimcheck, please report it: {detail}{place}{hint}\n")
    raise typer.Exit(EXIT_ERROR)


F = TypeVar("F", bound=Callable[..., Any])


def guarded(command: F) -> F:
    """Turn claimcheck's errors into one located line each and exit code 2, never a traceback;
    anything unexpected is a bug, reported as one line, also with exit code 2."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ClaimcheckError as err:
            fail(err)
        except OSError as err:
            fail(
                ClaimcheckError(
                    f"{err.strerror or err}" + (f": {err.filename}" if err.filename else "")
                )
            )
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own ways to end a command
        except Exception as err:
            bug(err)

    return run  # type: ignore[return-value]
