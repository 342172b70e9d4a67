"""Rich renderables for people: the claims table and the view of one claim."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import ClaimcheckError, format_place
from ..names import short_origin
from ..store import LoadedRecord
from ..views import ClaimView
from ..vocab import Status
from .safe import inline, plain, visible

STATUS_STYLES = {
    Status.UNVERIFIED: "dim",
    Status.SUPPORTED: "green",
    Status.DISPUTED: "yellow",
    Status.REFUTED: "red",
    Status.UNPROVEN: "magenta",
}


def status_text(status: Status) -> Text:
    return Text(status.value, style=STATUS_STYLES.get(status, ""))


def claims_table(records: Iterable[LoadedRecord]) -> Table:
    """A row per record; each record is read once, so a stream of them is never held."""
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False)
    # fold, not no_wrap: long ids on a narrow terminal otherwise left the claim a few letters wide
    table.add_column("id", style="cyan", overflow="fold")
    table.add_column("claim", ratio=1, overflow="fold")
    table.add_column("quantity", overflow="fold", max_width=24)
    table.add_column("status", no_wrap=True)
    table.add_column("sources", justify="right", no_wrap=True)
    for record in records:
        claim = record.claim
        table.add_row(
            plain(claim.id, "cyan"),
            plain(claim.claim),
            plain(claim.quantity if claim.quantity is not None else "-"),
            status_text(claim.status),
            Text(str(len(claim.sources))),
        )
    return table


def _field_rows(view: ClaimView) -> Table:
    claim = view.record.claim
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")

    def row(label: str, value: object) -> None:
        if value not in (None, "", []):
            grid.add_row(Text(label), value if isinstance(value, Text) else plain(value))

    row("id", claim.id)
    row("claimant", claim.claimant)
    row("subject", claim.subject)
    row("measure", claim.measure)
    if claim.quantity is not None:
        quantity = plain(claim.quantity)
        quantity.append(f"   interval {view.interval}", style="dim")
        row("quantity", quantity)
    row("cumulative", "yes (a running total)" if claim.cumulative else None)
    row("as of", claim.as_of)
    row("part of", claim.part_of)
    row("status", status_text(claim.status))
    verdict = Text(view.evidence.verdict.value, style="bold")
    verdict.append(" — " + visible(view.evidence.reason.split(": ", 1)[-1]))
    if claim.status.value not in (view.evidence.verdict.value, "unverified"):
        verdict.append("  (the status disagrees)", style="bold red")
    row("evidence", verdict)
    row("tags", ", ".join(claim.tags))
    document = claim.anchor.document if claim.anchor is not None else "none (imported)"
    info = view.document_info
    if info is not None and (info.title or info.published):
        details = ", ".join(str(part) for part in (info.title, info.published) if part)
        document = f"{document} ({details})"
    row("document", document)
    row("file", view.record.path)
    return grid


def _quote_panel(view: ClaimView) -> Panel:
    context = view.context
    body = Text()
    if context.quote:
        body.append(visible(context.before))
        body.append(visible(context.quote), style="bold black on yellow")
        body.append(visible(context.after))
    if context.problem:
        if body:
            body.append("\n\n")
        body.append(visible(context.problem), style="red")
    title = Text("quote")
    if context.line is not None:
        title.append(f", line {context.line}")
    return Panel(body, title=title, title_align="left", box=box.ROUNDED)


STANCE_STYLES = {"supports": "green", "contradicts": "bold red", "context": "dim"}


def _sources_table(view: ClaimView) -> RenderableType:
    table = Table(title="sources", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("publisher", ratio=3, overflow="fold")
    table.add_column("as of", no_wrap=True)
    table.add_column("figure", ratio=2, overflow="fold")
    table.add_column("interval", no_wrap=True)
    table.add_column("stance", ratio=1, overflow="fold")
    why = Text()
    for assessment in view.evidence.sources:
        source = assessment.source
        publisher = plain(source.publisher)
        if source.via:
            publisher.append(f"\nvia {visible(short_origin(source.via))}", style="dim")
        figure = plain(source.quantity if source.quantity is not None else "-")
        if source.measure:
            figure.append(f"\n({visible(source.measure)})", style="dim")
        if assessment.counted:
            stance = Text(assessment.stance.value, STANCE_STYLES[assessment.stance.value])
        else:
            stance = Text("not evidence", "dim italic")
        if source.stance is not None and source.stance is not assessment.stance:
            stance.append(f"\n(declared {source.stance.value})", style="yellow")
        interval = assessment.interval
        table.add_row(
            Text(str(assessment.index + 1)),
            publisher,
            plain(source.as_of or source.published or "-"),
            figure,
            plain(interval if interval is not None else "-", "dim"),
            stance,
        )
        why.append(f"{assessment.index + 1}. ", style="bold")
        why.append(visible(assessment.reason) + "\n")
        if source.url:
            why.append("   " + visible(source.url) + "\n", style="dim")
    return Group(table, why)


def _history_table(view: ClaimView) -> Table:
    table = Table(title="history", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("at (UTC)", "status", "by", "note"):
        table.add_column(name, overflow="fold")
    for entry in view.record.claim.history:
        table.add_row(
            plain(entry.at.strftime("%Y-%m-%d %H:%M")),
            status_text(entry.status),
            plain(entry.by),
            plain(entry.note),
        )
    return table


def claim_view(view: ClaimView) -> RenderableType:
    claim = view.record.claim
    parts: list[RenderableType] = [
        Panel(
            Group(plain(claim.claim, "bold"), Text(""), _field_rows(view)),
            box=box.ROUNDED,
        ),
        _quote_panel(view),
    ]
    if claim.sources:
        parts.append(_sources_table(view))
    else:
        parts.append(Text("no sources yet; add one with 'claimcheck source add'", style="dim"))
    if claim.history:
        parts.append(_history_table(view))
    return Group(*parts)


def error_line(error: ClaimcheckError | str, label: str = "error") -> Text:
    """``path:line:col: error: message`` with the place and label styled, on one line."""
    line = Text()
    if isinstance(error, ClaimcheckError):
        place = format_place(error.path, error.line, error.column)
        if place:
            line.append(inline(place) + ": ", style="bold")
        message = error.message
    else:
        message = error
    line.append(f"{label}: ", style="bold red" if label == "error" else "bold yellow")
    line.append(inline(message))
    return line
