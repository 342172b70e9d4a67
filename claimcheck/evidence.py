"""What a claim's sources say of it: a stance for each source and a verdict for the claim.

Each figure stands for an interval (see docs/intervals.md). A source:

- contradicts the claim when the two cannot both be true (their intervals do not overlap);
- supports it only when its figure, carried to the claim's date, lies inside the claim's
  interval (it pins the value at least as tightly as the claim does);
- is context otherwise: consistent but proving nothing more, or about something else.

A running total (``cumulative``) can only grow, so a source dated before the claim carries
forward only as a floor and one dated after carries back only as a ceiling. A source that
counts another measure is context. The claimant's own words repeated elsewhere, and the claim's
own document, are never its evidence. One origin (``via``, else the publisher) counts once.

The verdict: supported (an independent origin supports, none contradicts), refuted (one
contradicts, none supports), disputed (both), unproven (nothing decisive). Every stance and
verdict carries its reason in words.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .model import Claim, DocumentInfo, Source
from .names import PartyIndex, speaks_for
from .quantity import Interval, Quantity, format_number
from .vocab import Stance, Verdict


@dataclass(frozen=True)
class SourceAssessment:
    """One source weighed against its claim."""

    index: int
    source: Source
    origin: str  # who the figure comes from: the via, else the publisher
    stance: Stance  # what the figures (or, without figures, the declared stance) say
    counted: bool  # independent evidence: not the claimant's words, not the claim's document
    interval: Interval | None  # the source's figure as stated
    compared: Interval | None  # the same, carried to the claim's date
    own_document: bool  # the claim's own document, cited as a source
    # The reason in words is written only when someone reads it: a check of a large registry
    # weighs every source but shows few reasons.
    explain: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def reason(self) -> str:
        return self.explain()

    @property
    def decisive(self) -> bool:
        return self.counted and self.stance is not Stance.CONTEXT


@dataclass(frozen=True)
class Evidence:
    """The weighed sources of a claim and the verdict they give."""

    interval: Interval | None
    sources: tuple[SourceAssessment, ...]
    verdict: Verdict
    supporting: tuple[str, ...]  # origins that support, each once
    contradicting: tuple[str, ...]  # origins that contradict, each once
    explain: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def reason(self) -> str:
        return self.explain()


def source_date(source: Source) -> dt.date | None:
    """The date a source's figure refers to: its as_of, else its publication date."""
    return source.as_of or source.published


def origin_of(source: Source) -> str:
    return source.via or source.publisher


@lru_cache(maxsize=1024)
def _normal_url(url: str) -> str:
    text = url.strip().lower().split("#", 1)[0].rstrip("/")
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    return text.removeprefix("www.")


@lru_cache(maxsize=1024)
def _normal_title(title: str) -> str:
    # A long title may be folded over lines in YAML ('title: >'), keeping a final newline.
    return " ".join(title.split()).casefold()


def is_own_document(source: Source, info: DocumentInfo | None) -> bool:
    """Whether a source is the very document the claim was taken from."""
    if info is None:
        return False
    if info.url:
        own_url = _normal_url(info.url)
        for url in (source.url, source.archive_url):
            # normalising only strips and lower-cases, so a match must contain the document's
            if url and own_url in url.lower() and _normal_url(url) == own_url:
                return True
    if info.title and source.title:
        own_title = _normal_title(info.title)
        first_word = own_title.partition(" ")[0]
        return first_word in source.title.casefold() and _normal_title(source.title) == own_title
    return False


def is_claimants_words(source: Source, claimant: str | None) -> bool:
    """Whether a source repeats the claimant's own words (its origin is the claimant)."""
    return bool(claimant) and speaks_for(claimant or "", origin_of(source))


def _figure(quantity: Quantity, interval: Interval) -> str:
    return f"{quantity} {interval}"


def claim_date(claim: Claim, info: DocumentInfo | None) -> dt.date | None:
    """The date a claim's figure refers to: its as_of, else its document's publication date
    (the default as_of of the claims taken from a document)."""
    return claim.as_of or (info.published if info is not None else None)


def _carry(
    interval: Interval, claim: Claim, claimed: dt.date | None, when: dt.date | None
) -> tuple[Interval | None, Callable[[], str]]:
    """The source's interval as it bears on the claim's date, and how it was carried."""
    if claimed is None or when is None or when == claimed:
        return interval, lambda: ""
    if not claim.cumulative:
        return None, lambda: f"its figure is for {when}, the claim's for {claimed}"
    if when < claimed:
        if math.isinf(interval.low):
            return (
                interval.floor(),
                lambda: (
                    f"an earlier running total ({when}) with no lower bound says nothing of the "
                    "claim's date"
                ),
            )
        return (
            interval.floor(),
            lambda: (
                f"an earlier running total ({when}) carries forward only as a floor: "
                f"at least {format_number(interval.low)} by the claim's date"
            ),
        )
    if math.isinf(interval.high):
        return (
            interval.ceiling(),
            lambda: (
                f"a later running total ({when}) with no upper bound says nothing of the "
                "claim's date"
            ),
        )
    return (
        interval.ceiling(),
        lambda: (
            f"a later running total ({when}) carries back only as a ceiling: "
            f"at most {format_number(interval.high)} on the claim's date"
        ),
    )


def assess_source(
    index: int,
    source: Source,
    claim: Claim,
    claim_interval: Interval | None,
    tolerance: float,
    info: DocumentInfo | None,
) -> SourceAssessment:
    origin = origin_of(source)
    quantity = source.quantity
    interval = quantity.interval(tolerance) if quantity is not None else None

    def stated() -> str:
        return _figure(quantity, interval) if quantity is not None and interval else ""

    def gives() -> str:
        return f"; it gives {stated()}" if quantity is not None else ""

    def made(
        stance: Stance,
        explain: Callable[[], str],
        counted: bool = True,
        compared: Interval | None = None,
    ) -> SourceAssessment:
        return SourceAssessment(
            index, source, origin, stance, counted, interval, compared, own, explain
        )

    own = is_own_document(source, info)
    if own:
        return made(
            Stance.CONTEXT,
            lambda: f"not evidence: it is the claim's own document{gives()}",
            counted=False,
        )
    if is_claimants_words(source, claim.claimant):
        return made(
            Stance.CONTEXT,
            lambda: f"not evidence: the claimant's own words, repeated (origin: {origin}){gives()}",
            counted=False,
        )
    if source.measure and claim.measure and source.measure != claim.measure:
        return made(
            Stance.CONTEXT, lambda: f"counts {source.measure}, not {claim.measure}{gives()}"
        )
    if interval is None or claim_interval is None:
        declared = source.stance or Stance.CONTEXT

        def missing() -> str:
            if interval is None:
                against = f" with the claim's {claim_interval}" if claim_interval else ""
                return f"no figure to compare{against}; stance as declared ({declared.value})"
            return (
                f"the claim has no figure to compare with {stated()}; "
                f"stance as declared ({declared.value})"
            )

        return made(declared, missing)
    compared, carried = _carry(interval, claim, claim_date(claim, info), source_date(source))
    if compared is None:
        return made(Stance.CONTEXT, lambda: f"context: {stated()}: {carried()}")

    def how() -> str:
        text = carried()
        return f" ({text})" if text else ""

    if not compared.overlaps(claim_interval):
        return made(
            Stance.CONTRADICTS,
            lambda: (
                f"contradicts: {stated()}{how()} cannot be true with the claim's {claim_interval}"
            ),
            compared=compared,
        )
    if claim_interval.contains(compared):
        return made(
            Stance.SUPPORTS,
            lambda: f"supports: {stated()}{how()} lies inside the claim's {claim_interval}",
            compared=compared,
        )
    return made(
        Stance.CONTEXT,
        lambda: (
            f"consistent: {stated()}{how()} overlaps the claim's {claim_interval} but does "
            "not pin it"
        ),
        compared=compared,
    )


def _distinct(assessments: list[SourceAssessment]) -> dict[str, list[SourceAssessment]]:
    """Assessments grouped by origin, one party named once (in order of first appearance):
    each joins the first origin kept that speaks for it. The origins kept are filed in an
    index, so a claim with many sources costs their number, not its square."""
    kept: dict[str, list[SourceAssessment]] = {}
    order: list[str] = []
    index = PartyIndex()
    for assessment in assessments:
        position = index.first(assessment.origin)
        origin = order[position] if position is not None else assessment.origin
        if origin not in kept:
            index.add(origin, len(order))
            order.append(origin)
        kept.setdefault(origin, []).append(assessment)
    return kept


def _named(origins: dict[str, list[SourceAssessment]], verb: str) -> str:
    """'2 independent origins (OCHA: 750 people; ICRC: about 750 people) support it'."""
    named = []
    for origin, assessments in origins.items():
        figures = dict.fromkeys(
            str(a.source.quantity) for a in assessments if a.source.quantity is not None
        )
        named.append(f"{origin}: {', '.join(figures)}" if figures else origin)
    names = "; ".join(named) if any(": " in name for name in named) else ", ".join(named)
    if len(origins) == 1:
        return f"1 independent origin ({names}) {verb}s it"
    return f"{len(origins)} independent origins ({names}) {verb} it"


def _verdict(
    supporting: dict[str, list[SourceAssessment]],
    contradicting: dict[str, list[SourceAssessment]],
) -> Verdict:
    if supporting and contradicting:
        return Verdict.DISPUTED
    if supporting:
        return Verdict.SUPPORTED
    if contradicting:
        return Verdict.REFUTED
    return Verdict.UNPROVEN


def assess(claim: Claim, tolerance: float, info: DocumentInfo | None = None) -> Evidence:
    """Weigh every source of a claim and give the verdict."""
    claim_interval = claim.quantity.interval(tolerance) if claim.quantity is not None else None
    sources = tuple(
        assess_source(index, source, claim, claim_interval, tolerance, info)
        for index, source in enumerate(claim.sources)
    )
    supporting = _distinct([a for a in sources if a.decisive and a.stance is Stance.SUPPORTS])
    contradicting = _distinct([a for a in sources if a.decisive and a.stance is Stance.CONTRADICTS])
    verdict = _verdict(supporting, contradicting)

    def explain() -> str:
        if verdict is Verdict.DISPUTED:
            return (
                f"disputed: {_named(supporting, 'support')} and "
                f"{_named(contradicting, 'contradict')}"
            )
        if verdict is Verdict.SUPPORTED:
            return f"supported: {_named(supporting, 'support')}; none contradicts it"
        if verdict is Verdict.REFUTED:
            return f"refuted: {_named(contradicting, 'contradict')}; none supports it"
        claimed = (
            _figure(claim.quantity, claim_interval)
            if claim.quantity is not None and claim_interval is not None
            else "it"
        )
        return f"unproven: no independent source supports or contradicts {claimed}"

    return Evidence(
        claim_interval, sources, verdict, tuple(supporting), tuple(contradicting), explain
    )
