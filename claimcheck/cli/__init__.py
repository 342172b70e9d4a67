"""The claimcheck command line: a thin typer layer over the library.

Each command parses its options, calls the library and hands what comes back to the one output
channel (``output.py``); only this package prints. It imports typer alone at start-up;
everything else is imported by the command that needs it, so ``claimcheck --version`` and
``--help`` stay quick. The commands themselves are built on demand (``lazy.py``): a run
imports and converts the command it invokes, not every other one.

The package: this module names the command tree (the app, the global options, ``main``);
``output`` is the way out, ``guard`` how a command ends badly, ``options`` the option
definitions commands share; the commands live by what they work on: ``setup`` (init),
``claims`` (add, source add, status, list, show, fmt, schema), ``extraction`` (extract,
match), ``checking`` (check, report, rules, rule) and ``exchange`` (export, import).

Exit codes: 0 success; 1 the command did its job and found problems; 2 usage, input or I/O
errors, and a bug in claimcheck: an unexpected error is one line naming the place it happened
(the traceback only with --debug or CLAIMCHECK_DEBUG=1), never a traceback that CI would take
for findings. Ctrl-C ends a command with 130 (see ``claimcheck.entry``, the console script).

No ``from __future__ import annotations`` in this package: typer would evaluate every string
annotation at start-up, which costs more than the rest of building the command tree.
"""

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, ClassVar

import typer

from .. import __version__
from .guard import bug, request_debug
from .lazy import LazyGroup
from .options import NO_CACHE
from .output import utf8_safe_streams as _utf8_safe_streams
from .output import write


class Commands(LazyGroup):
    """The command tree, in the order --help lists it: each command's function (or sub-app)
    by module and name, imported and built only when it is run or listed."""

    lazy_commands: ClassVar[Mapping[str, str]] = {
        "init": "setup:init",
        "add": "claims:add",
        "extract": "extraction:extract",
        "match": "extraction:match",
        "status": "claims:set_status",
        "list": "claims:list_claims",
        "show": "claims:show_claim",
        "fmt": "claims:fmt",
        "schema": "claims:schema",
        "check": "checking:check",
        "report": "checking:report",
        "rules": "checking:list_rules",
        "rule": "checking:explain_rule",
        "export": "exchange:export_registry",
        "import": "exchange:import_reviews",
        "source": "claims:source_app",
    }


app = typer.Typer(
    cls=Commands,
    name="claimcheck",
    help=(
        "Keep track of factual claims: what was claimed, by whom, where, what the sources say, "
        "and whether it all still adds up."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        write(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="The registry's folder (default: $CLAIMCHECK_ROOT, else the nearest folder at or "
            "above this one holding claimcheck.yaml or claims/).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an unexpected error (also: CLAIMCHECK_DEBUG=1).",
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Check without the cache: neither read nor write it (its folder: "
            "$CLAIMCHECK_CACHE_DIR, else .claimcheck-cache/ in the registry).",
        ),
    ] = False,
) -> None:
    """Keep track of factual claims: what was claimed, by whom, where, what the sources say,
    and whether it all still adds up.

    Records live one per file in claims/; documents in seeds/; settings in claimcheck.yaml.
    """
    request_debug(debug)
    ctx.meta[NO_CACHE] = no_cache
    ctx.obj = root


def main() -> None:
    """The console script."""
    from ..gcpause import freeze_after_pauses

    _utf8_safe_streams()
    freeze_after_pauses()  # one command per process: what a load builds lives to the end
    try:
        app(prog_name="claimcheck")
    except Exception as err:  # raised outside a command (typer's parsing, a callback)
        try:
            bug(err)
        except typer.Exit as done:
            sys.exit(done.exit_code)
