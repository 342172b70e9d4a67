"""``claimcheck extract`` and ``claimcheck match``, as a Rich table or as JSON data.

Every piece of text from the article or the registry goes into the table as a ``Text`` built by
``render.safe`` (never markup, unsafe characters shown as escapes). A restated figure that the
registry has refuted is shown in bold red with "REFUTED". The candidates table is laid out at
the width it is drawn: a column per field where each fits its words whole, else one block per
candidate (at 80 columns).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
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


def _match_cell(matches: tuple[Match, ...], label: str = "") -> RenderableType:
    """Each match on its line: id, verdict, similarity; ``label`` before each, where no column
    header says what the lines are."""
    if not matches:
        return Text(f"{label}none in the registry" if label else "-", style="dim")
    lines: list[Text] = []
    for match in matches:
        line = Text(label, style="dim")
        line.append_text(plain_line(match.id))
        line.append(" ")
        style = _VERDICT_STYLE.get(match.verdict, "")
        line.append(match.verdict.upper() if match.refuted else match.verdict, style=style)
        line.append(f" {match.similarity:.2f}", style="dim")
        if match.refuted:
            line.append("  already refuted!", style="bold red")
        lines.append(line)
    return Group(*lines)


# The wide table's borders and padding (7 rules, 6 columns padded by 1 on each side), its two
# fixed columns (score, as of), and the least a sentence column is readable at.
_WIDE_FRAME = 7 + 6 * 2 + len("score") + len("2016-12-21")
_SENTENCE_AT_LEAST = 40
_FIGURE_AT_LEAST = 12


def candidates_table(name: str, candidates: list[Candidate]) -> RenderableType:
    """The candidates, laid out for the width they are drawn at: a column for each field where
    every claim id and name fits in its column whole, else (80 columns, say) a row per
    candidate with its score beside one block: the figure and its interval, who and when, the
    sentence, the matches."""
    return _Candidates(name, candidates)


def _longest_word(texts: Iterable[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=0)


class _Candidates:
    def __init__(self, name: str, candidates: list[Candidate]) -> None:
        self.name, self.candidates = name, candidates
        # the narrowest the claimant and matches columns may be without folding a word
        self.claimant_width = max(
            len("(document)"), _longest_word(c.claimant or "" for c in candidates)
        )
        self.matches_width = max(
            len("matches"), _longest_word(m.id for c in candidates for m in c.matches)
        )

    def wide_from(self) -> int:
        """The least width at which the wide table folds no word."""
        columns = _SENTENCE_AT_LEAST + _FIGURE_AT_LEAST + self.claimant_width + self.matches_width
        return _WIDE_FRAME + columns

    def _widths(self, width: int) -> tuple[int, int, int, int]:
        """The widths of the sentence, figure, claimant and matches columns: shares of what
        the frame leaves (4 : 2 : 2 : 3), each at least what it needs, the sentence the rest."""
        free = width - _WIDE_FRAME
        figure = max(_FIGURE_AT_LEAST, free * 2 // 11)
        claimant = max(self.claimant_width, free * 2 // 11)
        matches = max(self.matches_width, free * 3 // 11)
        return free - figure - claimant - matches, figure, claimant, matches

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= self.wide_from():
            yield _wide_table(self.name, self.candidates, self._widths(options.max_width))
        else:
            yield _narrow_table(self.name, self.candidates)


def _figure(candidate: Candidate) -> Text:
    figure = plain(candidate.fact.text)
    if candidate.interval is not None:
        figure.append("\n")
        figure.append(str(candidate.interval), style="cyan")
    return figure


def _claimant(candidate: Candidate) -> Text:
    return plain(candidate.claimant) if candidate.claimant else Text("(document)", style="dim")


def _as_of(candidate: Candidate) -> str:
    return candidate.dating.as_of.isoformat() if candidate.dating.as_of else "?"


def _wide_table(name: str, candidates: list[Candidate], widths: tuple[int, int, int, int]) -> Table:
    sentence, figure, claimant, matches = widths
    table = Table(title=plain_line(f"Candidates in {name}"), show_lines=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("sentence (figure highlighted)", width=sentence)
    table.add_column("figure / interval", width=figure, overflow="fold")
    table.add_column("claimant", width=claimant, overflow="fold")
    table.add_column("as of", no_wrap=True)
    table.add_column("matches", width=matches, overflow="fold")
    for candidate in candidates:
        table.add_row(
            Text(f"{candidate.score:.2f}"),
            _sentence(candidate),
            _figure(candidate),
            _claimant(candidate),
            Text(_as_of(candidate)),
            _match_cell(candidate.matches),
        )
    return table


def _narrow_table(name: str, candidates: list[Candidate]) -> Table:
    table = Table(title=plain_line(f"Candidates in {name}"), show_lines=True, expand=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("figure [interval]; claimant, as of; the sentence; matches", ratio=1)
    for candidate in candidates:
        head = plain(candidate.fact.text, style="bold")
        if candidate.interval is not None:
            head.append("  ")
            head.append(str(candidate.interval), style="cyan")
        who = _claimant(candidate)
        who.append(", as of ", style="dim")
        who.append(_as_of(candidate))
        matches = _match_cell(candidate.matches, label="match: ")
        block = Group(head, who, _sentence(candidate), matches)
        table.add_row(Text(f"{candidate.score:.2f}"), block)
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
