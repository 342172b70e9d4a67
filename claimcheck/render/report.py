"""The consistency report for people: Rich tables for a terminal, and Markdown.

Each comparison can draw its figures on one shared scale (a forest plot in characters): a
figure that cannot overlap the claim's band stands out at a glance. The plot is drawn only
where the terminal is wide enough for it; nothing is ever wider than the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..engine import count_severities
from ..names import short_origin
from ..quantity import Interval, format_number
from ..report import ClaimRow, Comparison, FigureRow, Report
from ..vocab import Severity, Verdict
from .safe import inline, plain, plain_line, visible
from .terminal import status_text

RELATION_STYLES = {
    "supports": "green",
    "contradicts": "bold red",
    "context": "dim",
    "not evidence": "dim italic",
}
VERDICT_STYLES = {
    Verdict.SUPPORTED: "green",
    Verdict.DISPUTED: "yellow",
    Verdict.REFUTED: "red",
    Verdict.UNPROVEN: "magenta",
}
PLOT_MIN_WIDTH = 130  # below this many columns the comparison tables leave out the plot


def verdict_text(verdict: Verdict) -> Text:
    return Text(verdict.value, style=VERDICT_STYLES[verdict])


# --- the forest plot --------------------------------------------------------------------------


def _scale(rows: tuple[FigureRow, ...]) -> tuple[float, float] | None:
    ends = [
        end
        for row in rows
        if row.interval is not None
        for end in (row.interval.low, row.interval.high)
        if math.isfinite(end)
    ]
    if not ends:
        return None
    low, high = min(ends), max(ends)
    if low == high:
        low, high = low * 0.9, high * 1.1 if high else 1.0
    pad = (high - low) * 0.05
    return low - pad, high + pad


def _column(value: float, scale: tuple[float, float], width: int) -> int:
    low, high = scale
    if value == -math.inf:
        return 0
    if value == math.inf:
        return width - 1
    return max(0, min(width - 1, round((value - low) / (high - low) * (width - 1))))


def plot_cell(
    interval: Interval | None,
    band: Interval | None,
    scale: tuple[float, float],
    width: int,
    style: str,
) -> Text:
    """One row of the plot: the claim's band shaded, this figure's interval drawn over it."""
    cells = [" "] * width
    if band is not None:
        for index in range(_column(band.low, scale, width), _column(band.high, scale, width) + 1):
            cells[index] = "░"
    text = Text("".join(cells), style="dim")
    if interval is not None:
        start, end = _column(interval.low, scale, width), _column(interval.high, scale, width)
        bar = ["━"] * (end - start + 1)
        if interval.low == -math.inf:
            bar[0] = "◀"
        if interval.high == math.inf:
            bar[-1] = "▶"
        text = Text("".join(cells[:start])) + Text("".join(bar), style=style)
        text += Text("".join(cells[end + 1 :]))
        text.stylize("dim", 0, start)
        text.stylize("dim", end + 1, width)
    return text


# --- the tables -------------------------------------------------------------------------------


def summary_panel(report: Report, most: int | None = None) -> Panel:
    """The counts; with ``most``, a list of claims longer than that is only counted."""
    summary = report.summary
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def counts(values: dict[str, int]) -> str:
        return ", ".join(f"{count} {name}" for name, count in sorted(values.items())) or "none"

    selected_from = summary.get("selected_from")
    of = f" selected of {selected_from}" if selected_from is not None else ""
    grid.add_row("claims", f"{summary['claims']}{of}")
    grid.add_row("by status", counts(summary["by_status"]))
    grid.add_row("by verdict", counts(summary["by_verdict"]))
    disagreeing = summary["status_disagrees_with_verdict"]
    grid.add_row(
        "status vs verdict",
        plain(
            "agree for every reviewed claim"
            if not disagreeing
            else f"disagree for {', '.join(disagreeing)}"
            if most is None or len(disagreeing) <= most
            else f"disagree for {len(disagreeing)} claims: {', '.join(disagreeing[:most])}, ..."
        ),
    )
    findings = summary["findings"]
    grid.add_row(
        "findings",
        f"{findings['error']} errors, {findings['warning']} warnings, {findings['info']} infos",
    )
    if summary["files_not_loaded"]:
        grid.add_row("not loaded", plain_line(", ".join(summary["files_not_loaded"])))
    return Panel(grid, title="claimcheck report", title_align="left", box=box.ROUNDED)


def _claims_table(rows: list[ClaimRow]) -> Table:
    table = Table(
        title="claims",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="+/-: independent origins supporting / contradicting",
        caption_justify="left",
    )
    table.add_column("claim", ratio=1, overflow="fold", min_width=24)
    table.add_column("quantity", overflow="fold", max_width=18)
    table.add_column("status\nverdict", no_wrap=True)
    table.add_column("+/-", no_wrap=True, justify="right")
    table.add_column("findings", no_wrap=True, justify="right")
    for row in rows:
        errors = count_severities(row.findings)[Severity.ERROR]
        verdict = Text("\n") + verdict_text(row.verdict)
        if row.disagrees:
            verdict.append(" (!)", style="bold red")
        table.add_row(
            plain(row.id, "cyan") + Text("\n") + plain(row.claim),
            plain(row.quantity or "-"),
            status_text(row.status) + verdict,
            Text(f"{row.agreeing}/{row.contradicting}"),
            Text(str(len(row.findings)), style="red" if errors else ""),
        )
    return table


def _comparison_table(comparison: Comparison, width: int) -> RenderableType:
    title = f"{comparison.subject} / {comparison.measure}"
    if comparison.cumulative:
        title += " (running total)"
    several = len(comparison.claims) > 1
    table = Table(title=visible(title), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("date", no_wrap=True)
    table.add_column("who", ratio=3, overflow="fold")
    table.add_column("figure", ratio=2, overflow="fold")
    table.add_column("interval", ratio=2, overflow="fold")
    table.add_column("vs the claim", ratio=2, overflow="fold")
    plot_width = max(0, min(60, width - 150)) if width >= PLOT_MIN_WIDTH else 0
    scale = _scale(comparison.rows) if plot_width >= 12 else None
    if scale is not None:
        table.add_column("on one scale", no_wrap=True, width=plot_width)
    bands = {row.claim_id: row.interval for row in comparison.rows if row.is_claim}
    for row in comparison.rows:
        relation = row.relation
        if several:
            relation += f" ({row.claim_id})"
        style = "bold yellow" if row.is_claim else RELATION_STYLES.get(row.relation, "")
        who = row.who if row.via is None else f"{row.who} via {short_origin(row.via)}"
        cells: list[Text] = [
            plain(row.date or "-"),
            plain(("CLAIM " if row.is_claim else "") + who, "bold" if row.is_claim else ""),
            plain(row.figure),
            plain(row.interval if row.interval is not None else "-", "dim"),
            plain(relation, style),
        ]
        if scale is not None:
            cells.append(plot_cell(row.interval, bands.get(row.claim_id), scale, plot_width, style))
        table.add_row(*cells)
    why = Text()
    for reason in comparison.reasons:
        why.append("why: ", style="bold")
        why.append(visible(reason) + "\n")
    if scale is not None:
        low, high = scale
        why.append(
            f"scale: {format_number(round(low))} to {format_number(round(high))}; "
            "░ the claim's interval, ━ each figure's, ◀ ▶ open-ended",
            style="dim",
        )
    return Group(table, why)


def report_renderable(report: Report, width: int) -> RenderableType:
    parts: list[RenderableType] = [summary_panel(report), _claims_table(report.claims)]
    for comparison in report.comparisons:
        parts.append(_comparison_table(comparison, width))
    if report.findings:
        from .findings import SEVERITY_STYLES

        lines = Text()
        for finding in report.findings:
            place = f"{finding.path}:{finding.line}:{finding.column}"
            lines.append(inline(place) + ": ", style="bold")
            lines.append(f"{finding.code} ", style=SEVERITY_STYLES[finding.severity])
            lines.append(inline(finding.message) + "\n")
        parts.append(Panel(lines, title="findings", title_align="left", box=box.ROUNDED))
    return Group(*parts)


# --- Markdown ---------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans(
    {char: "\\" + char for char in "\\`*_[<>|"} | {"\n": " ", "\r": " "}
)


def md(value: object) -> str:
    """Text safe inside a Markdown table cell: specials escaped, controls made visible."""
    return visible("" if value is None else str(value)).translate(_MARKDOWN_SPECIAL)


def report_markdown(report: Report) -> str:
    return "".join(markdown_lines(report))


def markdown_lines(report: Report) -> Iterator[str]:
    """The Markdown report, a line at a time (each ends with a newline)."""
    summary = report.summary
    out = ["# claimcheck report", ""]
    findings = summary["findings"]
    selected_from = summary.get("selected_from")
    out += [
        f"- claims: {summary['claims']}"
        + (f" selected of {selected_from}" if selected_from is not None else ""),
        "- by status: " + ", ".join(f"{n} {s}" for s, n in sorted(summary["by_status"].items())),
        "- by verdict: " + ", ".join(f"{n} {v}" for v, n in sorted(summary["by_verdict"].items())),
        "- status vs verdict: "
        + (
            "agree for every reviewed claim"
            if not summary["status_disagrees_with_verdict"]
            else "disagree for "
            + ", ".join(md(i) for i in summary["status_disagrees_with_verdict"])
        ),
        f"- findings: {findings['error']} errors, {findings['warning']} warnings, "
        f"{findings['info']} infos",
        "",
        "## Claims",
        "",
        "| id | claim | quantity | status | verdict | agree | contradict | findings |",
        "|---|---|---|---|---|---:|---:|---:|",
    ]
    yield from (line + "\n" for line in out)
    for row in report.claims:
        yield (
            f"| {md(row.id)} | {md(row.claim)} | {md(row.quantity or '-')} | {row.status.value} "
            f"| {row.verdict.value} | {row.agreeing} | {row.contradicting} "
            f"| {len(row.findings)} |\n"
        )
    for comparison in report.comparisons:
        title = f"{comparison.subject} / {comparison.measure}"
        if comparison.cumulative:
            title += " (running total)"
        yield f"\n## {md(title)}\n\n"
        yield "| date | who | figure | interval | vs the claim |\n|---|---|---|---|---|\n"
        for figure in comparison.rows:
            via = f" (via {figure.via})" if figure.via else ""
            who = ("**CLAIM** " if figure.is_claim else "") + md(figure.who + via)
            yield (
                f"| {figure.date or '-'} | {who} | {md(figure.figure)} "
                f"| {md(figure.interval or '-')} | {md(figure.relation)} |\n"
            )
        yield "\n"
        yield from (f"- why: {md(reason)}\n" for reason in comparison.reasons)
    if report.findings:
        yield "\n## Findings\n\n| place | code | severity | message |\n|---|---|---|---|\n"
        for f in report.findings:
            yield (
                f"| {md(f'{f.path}:{f.line}:{f.column}')} | {f.code} | {f.severity.value} "
                f"| {md(f.message)} |\n"
            )
