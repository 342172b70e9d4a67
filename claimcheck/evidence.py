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
from dataclasses import dataclass

from .model import Claim, DocumentInfo, Source
from .names import same_party, speaks_for
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
    reason: str

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
    reason: str


def source_date(source: Source) -> dt.date | None:
    """The date a source's figure refers to: its as_of, else its publication date."""
    return source.as_of or source.published


def origin_of(source: Source) -> str:
    return source.via or source.publisher


def _normal_url(url: str) -> str:
    text = url.strip().lower().split("#", 1)[0].rstrip("/")
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    return text.removeprefix("www.")


def _normal_title(title: str) -> str:
    # A long title may be folded over lines in YAML ('title: >'), keeping a final newline.
    return " ".join(title.split()).casefold()


def is_own_document(source: Source, info: DocumentInfo | None) -> bool:
    """Whether a source is the very document the claim was taken from."""
    if info is None:
        return False
    if info.url and any(
        url and _normal_url(url) == _normal_url(info.url)
        for url in (source.url, source.archive_url)
    ):
        return True
    return bool(
        info.title and source.title and _normal_title(source.title) == _normal_title(info.title)
    )


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
) -> tuple[Interval | None, str]:
    """The source's interval as it bears on the claim's date, and how it was carried."""
    if claimed is None or when is None or when == claimed:
        return interval, ""
    if not claim.cumulative:
        return None, f"its figure is for {when}, the claim's for {claimed}"
    if when < claimed:
        if math.isinf(interval.low):
            return interval.floor(), (
                f"an earlier running total ({when}) with no lower bound says nothing of the "
                "claim's date"
            )
        return interval.floor(), (
            f"an earlier running total ({when}) carries forward only as a floor: "
            f"at least {format_number(interval.low)} by the claim's date"
        )
    if math.isinf(interval.high):
        return interval.ceiling(), (
            f"a later running total ({when}) with no upper bound says nothing of the claim's date"
        )
    return interval.ceiling(), (
        f"a later running total ({when}) carries back only as a ceiling: "
        f"at most {format_number(interval.high)} on the claim's date"
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
    interval = source.quantity.interval(tolerance) if source.quantity is not None else None
    stated = (
        _figure(source.quantity, interval)
        if source.quantity is not None and interval is not None
        else None
    )
    gives = f"; it gives {stated}" if stated else ""

    def made(
        stance: Stance, reason: str, counted: bool = True, compared: Interval | None = None
    ) -> SourceAssessment:
        return SourceAssessment(index, source, origin, stance, counted, interval, compared, reason)

    if is_own_document(source, info):
        return made(
            Stance.CONTEXT, f"not evidence: it is the claim's own document{gives}", counted=False
        )
    if is_claimants_words(source, claim.claimant):
        return made(
            Stance.CONTEXT,
            f"not evidence: the claimant's own words, repeated (origin: {origin}){gives}",
            counted=False,
        )
    if source.measure and claim.measure and source.measure != claim.measure:
        return made(Stance.CONTEXT, f"counts {source.measure}, not {claim.measure}{gives}")
    if stated is None or interval is None or claim_interval is None:
        declared = source.stance or Stance.CONTEXT
        if stated is None:
            missing = "no figure to compare" + (
                f" with the claim's {claim_interval}" if claim_interval is not None else ""
            )
        else:
            missing = f"the claim has no figure to compare with {stated}"
        return made(declared, f"{missing}; stance as declared ({declared.value})")
    compared, carried = _carry(interval, claim, claim_date(claim, info), source_date(source))
    if compared is None:
        return made(Stance.CONTEXT, f"context: {stated}: {carried}")
    how = f" ({carried})" if carried else ""
    if not compared.overlaps(claim_interval):
        return made(
            Stance.CONTRADICTS,
            f"contradicts: {stated}{how} cannot be true with the claim's {claim_interval}",
            compared=compared,
        )
    if claim_interval.contains(compared):
        return made(
            Stance.SUPPORTS,
            f"supports: {stated}{how} lies inside the claim's {claim_interval}",
            compared=compared,
        )
    return made(
        Stance.CONTEXT,
        f"consistent: {stated}{how} overlaps the claim's {claim_interval} but does not pin it",
        compared=compared,
    )


def _distinct(assessments: list[SourceAssessment]) -> dict[str, list[str]]:
    """The origins of some assessments, the same party named once (in order of first
    appearance), each with the figures its sources gave."""
    kept: dict[str, list[str]] = {}
    for assessment in assessments:
        origin = next((o for o in kept if same_party(assessment.origin, o)), assessment.origin)
        figures = kept.setdefault(origin, [])
        quantity = assessment.source.quantity
        if quantity is not None and str(quantity) not in figures:
            figures.append(str(quantity))
    return kept


def _named(origins: dict[str, list[str]], verb: str) -> str:
    """'2 independent origins (OCHA: 750 people; ICRC: about 750 people) support it'."""
    if any(origins.values()):
        names = "; ".join(
            f"{origin}: {', '.join(figures)}" if figures else origin
            for origin, figures in origins.items()
        )
    else:
        names = ", ".join(origins)
    if len(origins) == 1:
        return f"1 independent origin ({names}) {verb}s it"
    return f"{len(origins)} independent origins ({names}) {verb} it"


def _verdict(
    supporting: dict[str, list[str]], contradicting: dict[str, list[str]], claimed: str | None
) -> tuple[Verdict, str]:
    if supporting and contradicting:
        return Verdict.DISPUTED, (
            f"disputed: {_named(supporting, 'support')} and {_named(contradicting, 'contradict')}"
        )
    if supporting:
        return Verdict.SUPPORTED, f"supported: {_named(supporting, 'support')}; none contradicts it"
    if contradicting:
        return Verdict.REFUTED, f"refuted: {_named(contradicting, 'contradict')}; none supports it"
    return Verdict.UNPROVEN, (
        f"unproven: no independent source supports or contradicts {claimed or 'it'}"
    )


def assess(claim: Claim, tolerance: float, info: DocumentInfo | None = None) -> Evidence:
    """Weigh every source of a claim and give the verdict."""
    claim_interval = claim.quantity.interval(tolerance) if claim.quantity is not None else None
    sources = tuple(
        assess_source(index, source, claim, claim_interval, tolerance, info)
        for index, source in enumerate(claim.sources)
    )
    supporting = _distinct([a for a in sources if a.decisive and a.stance is Stance.SUPPORTS])
    contradicting = _distinct([a for a in sources if a.decisive and a.stance is Stance.CONTRADICTS])
    claimed = (
        _figure(claim.quantity, claim_interval)
        if claim.quantity is not None and claim_interval is not None
        else None
    )
    verdict, reason = _verdict(supporting, contradicting, claimed)
    return Evidence(
        claim_interval, sources, verdict, tuple(supporting), tuple(contradicting), reason
    )
