"""The claimcheck command line: a thin typer layer over the library.

Each command parses its options, calls the library and hands what comes back to the one output
channel (``output.py``); only this package prints. It imports typer alone at start-up;
everything else is imported by the command that needs it, so ``claimcheck --version`` and
``--help`` stay quick.

The package: this module builds the command tree (the app, the global options, ``main``);
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
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from . import checking, claims, exchange, extraction, setup
from .guard import bug, request_debug
from .output import utf8_safe_streams as _utf8_safe_streams
from .output import write

app = typer.Typer(
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
source_app = typer.Typer(
    help="Add sources to a claim.", no_args_is_help=True, rich_markup_mode="markdown"
)
app.add_typer(source_app, name="source")

# The command tree, in the order --help lists it.
app.command("init")(setup.init)
app.command("add")(claims.add)
app.command("extract")(extraction.extract)
app.command("match")(extraction.match)
source_app.command("add")(claims.source_add)
app.command("status")(claims.set_status)
app.command("list")(claims.list_claims)
app.command("show")(claims.show_claim)
app.command("fmt")(claims.fmt)
app.command("schema")(claims.schema)
app.command("check")(checking.check)
app.command("report")(checking.report)
app.command("rules")(checking.list_rules)
app.command("rule")(checking.explain_rule)
app.command("export")(exchange.export_registry)
app.command("import")(exchange.import_reviews)


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
    ctx.meta[checking.NO_CACHE] = no_cache
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
