"""``claimcheck extract`` and ``claimcheck match``, as a Rich table or as JSON data.

Every piece of text from the article or the registry goes into the table as a ``Text`` built by
``render.safe`` (never markup, unsafe characters shown as escapes). A restated figure that the
registry has refuted is shown in bold red with "REFUTED".
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..extract.pipeline import Candidate
from ..extract.registry import Match
from .safe import plain, plain_line

_VERDICT_STYLE = {
    "refuted": "bold red",
    "disputed": "yellow",
    "supported": "green",
    "unproven": "dim",
}


def match_json(match: Match) -> dict[str, Any]:
    return {
        "id": match.id,
        "claim": match.claim,
        "status": match.status,
        "verdict": match.verdict,
        "similarity": match.similarity,
        "reasons": list(match.reasons),
        "refuted": match.refuted,
    }


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    sentence, fact = candidate.sentence, candidate.fact
    quantity = fact.quantity
    return {
        "sentence": {"start": sentence.start, "end": sentence.end, "text": sentence.text},
        "figure": {
            "start": fact.start,
            "end": fact.end,
            "text": fact.text,
            "kind": fact.kind.value,
            "quantity": str(quantity) if quantity is not None else None,
            "interval": str(candidate.interval) if candidate.interval is not None else None,
        },
        "counts": {
            "phrase": candidate.counts.phrase,
            "subject": candidate.counts.subject,
            "measure": candidate.counts.measure,
            "reason": candidate.counts.reason,
        },
        "claimant": candidate.claimant,
        "as_of": candidate.dating.as_of.isoformat() if candidate.dating.as_of else None,
        "as_of_reason": candidate.dating.reason,
        "score": candidate.score,
        "reasons": [
            {"name": r.name, "weight": r.weight, "detail": r.detail}
            for r in candidate.worthiness.reasons
        ],
        "matches": [match_json(match) for match in candidate.matches],
        "refuted_match": candidate.refuted_match is not None,
    }


def extract_json(
    document: str, published: str | None, candidates: list[Candidate]
) -> dict[str, Any]:
    return {
        "document": document,
        "published": published,
        "candidates": [candidate_json(candidate) for candidate in candidates],
    }


def _sentence(candidate: Candidate) -> Text:
    sentence, fact = candidate.sentence, candidate.fact
    text = plain(sentence.text)
    if text.plain == sentence.text:  # nothing escaped: the offsets still hold
        text.stylize("bold reverse", fact.start - sentence.start, fact.end - sentence.start)
    return text


def _match_cell(matches: tuple[Match, ...]) -> RenderableType:
    if not matches:
        return Text("-", style="dim")
    lines: list[Text] = []
    for match in matches:
        line = plain_line(match.id)
        line.append(" ")
        style = _VERDICT_STYLE.get(match.verdict, "")
        line.append(match.verdict.upper() if match.refuted else match.verdict, style=style)
        line.append(f" {match.similarity:.2f}", style="dim")
        if match.refuted:
            line.append("  already refuted!", style="bold red")
        lines.append(line)
    return Group(*lines)


def candidates_table(name: str, candidates: list[Candidate]) -> Table:
    table = Table(title=plain_line(f"Candidates in {name}"), show_lines=True, expand=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("sentence (figure highlighted)", ratio=4)
    table.add_column("figure / interval", ratio=2, overflow="fold")
    table.add_column("claimant", ratio=2, overflow="fold")
    table.add_column("as of", no_wrap=True)
    table.add_column("matches", ratio=3, overflow="fold")
    for candidate in candidates:
        figure = plain(candidate.fact.text)
        if candidate.interval is not None:
            figure.append("\n")
            figure.append(str(candidate.interval), style="cyan")
        as_of = candidate.dating.as_of.isoformat() if candidate.dating.as_of else "?"
        table.add_row(
            Text(f"{candidate.score:.2f}"),
            _sentence(candidate),
            figure,
            plain(candidate.claimant) if candidate.claimant else Text("(document)", style="dim"),
            Text(as_of),
            _match_cell(candidate.matches),
        )
    return table


def matches_table(text: str, matches: list[Match]) -> Table:
    title = text if len(text) <= 200 else text[:199] + "\u2026"
    table = Table(title=plain_line(f"Claims restated by: {title}"), expand=True)
    table.add_column("claim", ratio=3, overflow="fold")
    table.add_column("status")
    table.add_column("verdict")
    table.add_column("similarity", justify="right")
    for match in matches:
        style = _VERDICT_STYLE.get(match.verdict, "")
        verdict = match.verdict.upper() + " (already refuted!)" if match.refuted else match.verdict
        claim = plain_line(match.id, style="bold")
        claim.append("\n")
        claim.append(plain(match.claim))
        table.add_row(
            claim,
            plain_line(match.status),
            Text(verdict, style=style),
            Text(f"{match.similarity:.2f}"),
        )
    return table
