"""The commands that judge the registry: check (the linter), report (the consistency report),
rules and rule (what the linter checks)."""

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ClaimcheckError
from .guard import guarded
from .options import Format, TableOrJson, Text, by_option, open_store
from .output import (
    EXIT_PROBLEMS,
    FILE_WIDTH,
    note,
    render_to_text,
    report_problem,
    show,
    stream,
    stream_to_file,
    terminal_width,
    write,
    write_raw,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


class CheckFormat(str, Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


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
        CheckFormat,
        typer.Option("--format", help="full, concise, json, github (annotations) or sarif."),
    ] = CheckFormat.full,
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
    from ..config import CONFIG_FILE
    from ..engine import check as run_check
    from ..engine import scope_paths
    from ..render import findings as render

    store = open_store(ctx)
    only = scope_paths(store, paths) if paths else None
    if only is not None and CONFIG_FILE in only:
        only = None  # the settings changed: every claim may read differently
    selected, ignored = _codes(select), _codes(ignore)
    result = run_check(store, selected, ignored, only)
    fixed = 0
    if fix:
        from ..fixes import apply_fixes
        from ..identity import current_user

        fixed, problems = apply_fixes(store, result, current_user(store.root, by), only)
        for problem in problems:
            report_problem(problem, "warning")
        result = run_check(store, selected, ignored, only)
    if output is CheckFormat.full:
        # soft_wrap: never a line break inside a finding's line, whatever the width
        show(render.full(result, store.root, fixed), soft_wrap=True)
    elif output is CheckFormat.concise:
        write_raw(render.concise(result))
        note(render.summary_line(result, fixed))
    elif output is CheckFormat.json:
        write(render.as_json(result, fixed))
    elif output is CheckFormat.github:
        write_raw(render.github(result, store.root))
    else:
        from ..render.sarif import sarif_log

        write(sarif_log(result, store.root))
    if result.has_errors and not exit_zero:
        raise typer.Exit(EXIT_PROBLEMS)


@guarded
def report(
    ctx: typer.Context,
    output: Annotated[
        ReportFormat, typer.Option("--format", help="table, json, markdown or html.")
    ] = ReportFormat.table,
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
    from ..report import SUMMARY_ABOVE, build_report, needing_attention, select

    store = open_store(ctx)
    built = build_report(run_check(store))
    if subjects or claim_ids:
        built = select(built, subjects or [], claim_ids or [])
    chunks: Iterable[str | RenderableType]
    if output is ReportFormat.json:
        from ..render.report_lines import json_chunks

        chunks = json_chunks(built)
    elif output is ReportFormat.markdown:
        from ..render.report import markdown_lines

        chunks = markdown_lines(built)
    elif output is ReportFormat.html:
        from ..render.html import report_html

        chunks = [report_html(built)]  # every claim: the page has its own filters
    elif len(built.claims) > SUMMARY_ABOVE:
        from ..render.report_lines import report_lines

        summary = not everything
        width = FILE_WIDTH if output_file is not None else terminal_width()
        chunks = report_lines(
            needing_attention(built) if summary else built, width, summary=summary
        )
    else:
        from ..render.report import report_renderable

        if output_file is None:
            show(report_renderable(built, terminal_width()))
            return
        chunks = [render_to_text(report_renderable(built, FILE_WIDTH))]
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
