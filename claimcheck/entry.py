"""The console script's entry point: the command line, with Ctrl-C ending it cleanly.

An interrupt ends any command with exit code 130 (the shell's code for a command ended by
SIGINT) and one line on stderr, never a traceback and never typer's silent exit. What it was
writing is left as it was: the interrupt is raised as ``KeyboardInterrupt`` where the program
stands, so the ``finally`` blocks of the atomic writes remove their temporary files and the
registry lock is released on the way out.

This module imports nothing but the standard library before it takes over SIGINT: the command
line itself (typer and the commands) is imported afterwards, so an interrupt during start-up is
handled the same way.

Start-up builds what lives to the end of the process: modules, classes, the models' validators.
The cyclic garbage collector, set off by the allocations alone, would walk them again and
again (a tenth of `show`'s CPU time). It is paused from the start until the command has opened
its registry (``start_up_done``, called by ``cli.options.open_store``); what start-up built is
then frozen out of its sight (``gc.freeze``) and collection resumes for the command's own work.
A command that opens no registry (``--version``, ``schema``, ``rules``) is short and runs
paused to its end.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from types import FrameType

EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130

_interrupts = 0  # how many times SIGINT came
_start_up_paused = False  # the collector was paused by main() and start-up is not done


def start_up_done() -> None:
    """End the start-up pause: freeze what start-up built and let the collector run again.
    Only the first call counts; nothing happens where main() did not pause (a library user,
    the tests' in-process runner)."""
    global _start_up_paused
    if _start_up_paused:
        _start_up_paused = False
        gc.freeze()
        gc.enable()


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    """The first Ctrl-C unwinds the command; a second is ignored, so that it cannot cut short
    the clean-up the first set going (a temporary file left behind); a third ends the process
    at once, for a clean-up that hangs."""
    global _interrupts
    _interrupts += 1
    if _interrupts == 1:
        raise KeyboardInterrupt
    if _interrupts >= 3:
        os.write(sys.stderr.fileno(), b"interrupted\n")
        os._exit(EXIT_INTERRUPTED)


def main() -> None:
    """The console script (``claimcheck``, ``python -m claimcheck``)."""
    # A SIGINT ignored on the way in (a background job, nohup) stays ignored.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_interrupt)
    global _interrupts, _start_up_paused
    if gc.isenabled():
        gc.disable()
        _start_up_paused = True
    try:
        from .cli import main as run_command_line

        run_command_line()
    except KeyboardInterrupt:
        _interrupts = max(_interrupts, 1)  # also one not sent through the handler: reported
    except SystemExit:
        if not _interrupts:
            raise
    finally:
        if _start_up_paused:  # the command ended before its registry was open: as it was
            _start_up_paused = False
            gc.enable()
    if _interrupts:
        _end_interrupted()


def _end_interrupted() -> None:
    """One line on stderr and exit code 130; whatever is still buffered for a reader that has
    gone away (``claimcheck report | less``, then Ctrl-C) is dropped without a second message."""
    try:
        sys.stdout.flush()
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    # on a terminal the line starts afresh: the cursor stands after the echoed "^C" or a prompt
    sys.stderr.write("\ninterrupted\n" if sys.stderr.isatty() else "interrupted\n")
    sys.stderr.flush()
    sys.exit(EXIT_INTERRUPTED)
