"""The consistency report of a large registry: plain lines in fixed columns, streamed.

Rich lays out a table by measuring every cell of it, and holds the whole table until it is
drawn: at 100,000 claims that was most of the report's time and all of its memory. Here each
section is a table of plain text lines with column widths fixed from the terminal's width,
every value escaped with ``inline`` and cut to its column (an ellipsis marks the cut: the JSON
format and ``--claim ID`` show it whole). The lines are yielded one at a time, so whoever
writes them holds one line, not the report. Only the summary panel, small whatever the
registry's size, is a Rich renderable, for the caller to print as it prints others.

``json_chunks`` writes the JSON report the same way, piece by piece.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType

from ..engine import count_severities
from ..names import short_origin
from ..report import Comparison, Report, claim_data, comparison_data
from ..vocab import Severity
from .report import summary_panel
from .safe import inline, to_json

GAP = "  "
MIN_WIDTH = 80  # narrower terminals get 80 columns and wrap them


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fit(value: object, width: int) -> str:
    """The value on one line, escaped, exactly ``width`` cells wide."""
    text = inline("" if value is None else str(value))
    if text.isascii():  # the usual case: one character, one cell
        return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _line(cells: list[str]) -> str:
    return GAP.join(cells).rstrip() + "\n"


def _rule(widths: list[int]) -> str:
    return _line(["-" * width for width in widths])


def _wrapped(label: str, text: str, width: int) -> Iterator[str]:
    indent = " " * len(label)
    for line in textwrap.wrap(
        inline(text), width, initial_indent=label, subsequent_indent=indent, break_on_hyphens=False
    ):
        yield line + "\n"


def _unlisted(report: Report) -> int:
    """How many claims that need attention a summary counts but does not list."""
    shown: dict[str, int] = report.summary.get("shown", {})
    return max(0, shown.get("needing_attention", 0) - shown.get("claims", 0))


def hint(report: Report) -> str:
    """How to see what a summary leaves out."""
    shown = report.summary.get("shown", {})
    if not _unlisted(report):
        return (
            f"Shown: the {shown.get('claims', 0)} of {report.summary['claims']} claims that "
            "need attention (status and verdict disagree, or errors) and the "
            f"{shown.get('comparisons', 0)} of {shown.get('of_comparisons', 0)} comparisons "
            "they are in. See everything with --all, one subject with --subject SUBJECT, one "
            "claim with --claim ID, or all of it as data with --format json."
        )
    return (
        f"Shown: the first {shown['claims']} of the {shown['needing_attention']} claims that "
        "need attention (status and verdict disagree, or errors), of "
        f"{report.summary['claims']} claims, and the {shown['comparisons']} comparisons they "
        f"are in ({shown['comparisons_needing_attention']} of the "
        f"{shown['of_comparisons']} comparisons have a claim that needs attention). See "
        "everything with --all, one subject with --subject SUBJECT, one claim with --claim ID, "
        "or all of it with --format json or --format html."
    )


# --- sections ---------------------------------------------------------------------------------


def _fitted(widths: list[int], room: int, minimum: int = 8) -> list[int]:
    """Column widths that fit ``room``: the widest columns are cut to one cap, the narrow ones
    kept whole (one pass over the widths, however many rows they came from)."""
    if sum(widths) <= room:
        return widths
    low, high = minimum, max(widths)
    while low < high:  # the largest cap at which they fit
        cap = (low + high + 1) // 2
        if sum(min(width, cap) for width in widths) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(width, low) for width in widths]


def _claim_lines(report: Report, width: int, title: str) -> Iterator[str]:
    # two lines a claim, as in the small report: the counts, then what was claimed
    id_width = max((len(row.id) for row in report.claims), default=2)
    widths = _fitted([id_width, 10, 14, 5, 8], width - len(GAP) * 4, minimum=5)
    unlisted = _unlisted(report)
    listed = f"the first {len(report.claims)} of {len(report.claims) + unlisted}"
    yield f"{title} ({listed if unlisted else len(report.claims)})\n"
    names = ["id", "status", "verdict", "+/-", "findings"]
    yield _line([_fit(name, w) for name, w in zip(names, widths, strict=True)])
    yield "    quantity: claim\n"
    yield _rule(widths)
    for row in report.claims:
        verdict = row.verdict.value + (" (!)" if row.disagrees else "")
        errors = count_severities(row.findings)[Severity.ERROR]
        found = f"{len(row.findings)}" + (f" ({errors}E)" if errors else "")
        yield _line(
            [
                _fit(row.id, widths[0]),
                _fit(row.status.value, widths[1]),
                _fit(verdict, widths[2]),
                _fit(f"{row.agreeing}/{row.contradicting}", widths[3]),
                _fit(found, widths[4]),
            ]
        )
        yield "    " + _fit(f"{row.quantity or '-'}: {row.claim}", width - 4).rstrip() + "\n"
    if unlisted:
        yield from _wrapped(
            "",
            f"… and {unlisted} more that need attention: see --all, --subject SUBJECT, "
            "--claim ID, --format json or --format html.",
            width,
        )
    yield "+/-: independent origins supporting / contradicting\n"
    yield "(!): status and verdict differ; E: errors\n"


def _comparison_cells(comparison: Comparison) -> Iterator[list[str]]:
    several = len(comparison.claims) > 1
    for row in comparison.rows:
        who = row.who if row.via is None else f"{row.who} via {short_origin(row.via)}"
        yield [
            inline(str(row.date or "-")),
            inline(("CLAIM " if row.is_claim else "") + who),
            inline(row.figure),
            inline(str(row.interval) if row.interval is not None else "-"),
            inline(row.relation + (f" ({row.claim_id})" if several else "")),
        ]


def _comparison_lines(comparison: Comparison, width: int) -> Iterator[str]:
    title = f"{comparison.subject} / {comparison.measure}"
    if comparison.cumulative:
        title += " (running total)"
    yield "\n"
    yield inline(title) + "\n"
    names = ["date", "who", "figure", "interval", "vs the claim"]
    rows = [names, *_comparison_cells(comparison)]  # one group: a few dozen rows at most
    natural = [max(_cells(row[column]) for row in rows) for column in range(len(names))]
    widths = _fitted(natural, width - 2 - len(GAP) * 4)
    for number, cells in enumerate(rows):
        yield "  " + _line([_fit(cell, w) for cell, w in zip(cells, widths, strict=True)])
        if number == 0:
            yield "  " + _rule(widths)
    for reason in comparison.reasons:
        yield from _wrapped("  why: ", reason, width)


def _finding_lines(report: Report) -> Iterator[str]:
    yield f"\nfindings ({len(report.findings)})\n"
    for finding in report.findings:
        place = inline(f"{finding.path}:{finding.line}:{finding.column}")
        yield f"{place}: {finding.code} {finding.severity.value}: {inline(finding.message)}\n"


def report_lines(report: Report, width: int, *, summary: bool) -> Iterator[str | RenderableType]:
    """The report, section by section: the summary panel (a renderable), then plain lines.
    With ``summary`` the report is ``needing_attention``'s and a hint says how to see the rest."""
    width = max(MIN_WIDTH, width)
    yield summary_panel(report, most=10)
    if summary:
        yield from _wrapped("", hint(report), width)
    yield "\n"
    title = "claims that need attention" if summary else "claims"
    yield from _claim_lines(report, width, title)
    for comparison in report.comparisons:
        yield from _comparison_lines(comparison, width)
    if report.findings:
        yield from _finding_lines(report)
    if summary:
        yield "\n"
        yield from _wrapped("", hint(report), width)


# --- JSON -------------------------------------------------------------------------------------


def _items(key: str, items: Iterator[object], last: bool) -> Iterator[str]:
    """One list of the report object, an item at a time, indented as ``to_json(data)`` would
    indent it (two spaces a level: the item sits two levels deep)."""
    yield f'  "{key}": ['
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + "    " + to_json(item).replace("\n", "\n    ")
        first = False
    yield ("]" if first else "\n  ]") + ("\n" if last else ",\n")


def json_chunks(report: Report) -> Iterator[str]:
    """The text of ``to_json(report_data(report)) + "\\n"``, piece by piece."""
    yield '{\n  "summary": ' + to_json(report.summary).replace("\n", "\n  ") + ",\n"
    yield from _items("claims", (claim_data(row) for row in report.claims), last=False)
    comparisons = (comparison_data(comparison) for comparison in report.comparisons)
    yield from _items("comparisons", comparisons, last=False)
    findings = (finding.to_json() for finding in report.findings)
    yield from _items("findings", findings, last=True)
    yield "}\n"
