"""The commands that judge the registry: check (the linter), report (the consistency report),
rules and rule (what the linter checks)."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from ..errors import ClaimcheckError
from ..render.formatters import CHECK_FORMATTERS, REPORT_FORMATTERS, format_help
from .guard import guarded
from .options import NO_CACHE, Format, TableOrJson, Text, by_option, choices, open_store
from .output import (
    EXIT_PROBLEMS,
    FILE_WIDTH,
    note,
    report_problem,
    show,
    stream,
    stream_to_file,
    terminal_width,
    write,
)

# typer offers an option's choices from the Enum in its annotation: made here from the
# registries, so that a format is added by adding its class (mypy sees a plain Enum)
if TYPE_CHECKING:
    from ..cache import Cache, NoCache
    from ..store import Store

    CheckFormat: TypeAlias = Enum
    ReportFormat: TypeAlias = Enum
else:
    CheckFormat = choices("CheckFormat", CHECK_FORMATTERS)
    ReportFormat = choices("ReportFormat", REPORT_FORMATTERS)
DEFAULT_CHECK_FORMAT, DEFAULT_REPORT_FORMAT = CheckFormat("full"), ReportFormat("table")


def _cache(ctx: typer.Context, store: "Store") -> "Cache | NoCache":
    """The check cache of the registry (claimcheck/cache.py), or none with --no-cache."""
    from ..cache import open_cache

    return open_cache(store.root, enabled=not ctx.meta.get(NO_CACHE, False))


def _done_with(cache: "Cache | NoCache") -> None:
    cache.close()
    for line in cache.notes:  # at most one: why the cache was not (fully) used
        note(line)


def _codes(values: list[str] | None) -> list[str] | None:
    """--select A,S101 --select T: every code or prefix, commas or repeats."""
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@guarded
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Only report on these record files, documents or folders (default: all).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        CheckFormat, typer.Option("--format", help=format_help(CHECK_FORMATTERS))
    ] = DEFAULT_CHECK_FORMAT,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule codes or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rule codes or prefixes (comma-separated)."),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes: re-anchoring, canonical format.")
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when errors are found.")
    ] = False,
    by: Annotated[Text, by_option("Who applies --fix (for the history).")] = None,
) -> None:
    """Cross-check the registry like a linter: each claim against its document, its sources
    and the other claims.

    Exit codes: 0 no errors, 1 errors found, 2 usage, settings or I/O problems.

    ```
    claimcheck check
    claimcheck check claims/aleppo-evacuated-total.yaml --format concise
    claimcheck check --select A,X --ignore A106 --format sarif > claimcheck.sarif
    ```
    """
    from ..engine import check as run_check

    store = open_store(ctx)
    cache = _cache(ctx, store)
    selected, ignored = _codes(select), _codes(ignore)
    result = run_check(store, selected, ignored, paths=paths, cache=cache)
    fixed = 0
    if fix:
        from ..fixes import apply_fixes
        from ..identity import current_user

        fixed, problems = apply_fixes(store, result, current_user(store.root, by))
        for problem in problems:
            report_problem(problem, "warning")
        result = run_check(store, selected, ignored, result.scope, cache=cache)
    _done_with(cache)
    formatter = CHECK_FORMATTERS[output.value]()
    stream(formatter.chunks(result, store.root, fixed), soft_wrap=formatter.soft_wrap)
    for line in formatter.notes(result, fixed):
        note(line)
    if result.has_errors and not exit_zero:
        raise typer.Exit(EXIT_PROBLEMS)


@guarded
def report(
    ctx: typer.Context,
    output: Annotated[
        ReportFormat, typer.Option("--format", help=format_help(REPORT_FORMATTERS))
    ] = DEFAULT_REPORT_FORMAT,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead."),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every claim and comparison, also when the registry is large (more than 200 "
            "claims shown: the table is then a summary of what needs attention).",
        ),
    ] = False,
    subjects: Annotated[
        list[str] | None,
        typer.Option("--subject", help="Only the claims of this subject (may be repeated)."),
    ] = None,
    claim_ids: Annotated[
        list[str] | None,
        typer.Option("--claim", help="Only this claim and its comparison (may be repeated)."),
    ] = None,
) -> None:
    """The consistency report: claims by status and verdict, a row per claim, and for each
    subject and measure every figure side by side in time order.

    Above 200 claims the table shows what needs attention (claims whose status and verdict
    disagree, or with errors, and their comparisons), in plain fixed-width lines; `--all`
    shows everything. Exits 0 when the report was made, whatever it says; 2 on usage or I/O
    errors (an unknown `--subject` or `--claim` too).

    ```
    claimcheck report
    claimcheck report --all --output report.txt
    claimcheck report --subject east-aleppo-evacuation
    claimcheck report --format markdown --output report.md
    claimcheck report --format html --output report.html
    ```
    """
    from ..engine import check as run_check
    from ..report import build_report, select

    store = open_store(ctx)
    cache = _cache(ctx, store)
    result = run_check(store, cache=cache)
    _done_with(cache)
    formatter = REPORT_FORMATTERS[output.value]()
    # a summary of a large registry is made holding the rows it shows, not one for each claim
    summarised = not (subjects or claim_ids) and formatter.summarises(
        len(result.digests), everything
    )
    built = build_report(result, attention_only=summarised)
    if subjects or claim_ids:
        built = select(built, subjects or [], claim_ids or [])
    width = FILE_WIDTH if output_file is not None else terminal_width()
    chunks = formatter.chunks(built, width, everything)
    if output_file is None:
        stream(chunks)
        return
    stream_to_file(output_file, chunks)
    note(f"Wrote the report to {output_file}")


@guarded
def list_rules(
    output: TableOrJson = Format.table,
) -> None:
    """List every rule: code, name, default severity and what it checks.

    ```
    claimcheck rules
    ```
    """
    from ..rules import ALL_RULES

    if output is Format.json:
        from ..render.safe import to_json

        write(
            to_json(
                [
                    {
                        "code": rule.code,
                        "name": rule.name,
                        "severity": rule.severity.value,
                        "summary": rule.summary,
                    }
                    for rule in ALL_RULES
                ]
            )
        )
        return
    from ..render.findings import rules_table

    show(rules_table())


@guarded
def explain_rule(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A rule code or name.")],
) -> None:
    """Print a rule's documentation, with a failing and a passing example.

    ```
    claimcheck rule A105
    ```
    """
    from ..rules import find_rule

    found = find_rule(code)
    if found is None:
        raise ClaimcheckError(f"no rule {code!r}; 'claimcheck rules' lists them")
    write(f"{found.code} {found.name} ({found.severity.value})\n\n{found.doc}\n")
