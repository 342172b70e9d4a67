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

Every source of every claim of a registry is weighed, so what the sources are compared with
(the claim's interval, date, claimant and document) is worked out once per claim, and each
reason is written from what the weighing found only when it is read.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from .model import Claim, DocumentInfo, Source
from .names import Mark, PartyIndex, claimant_meeting, marks
from .quantity import Interval, format_number
from .vocab import Stance, Verdict

# Why a source has its stance. The reason in words is written from it when it is read: a check
# of a large registry weighs every source but most reasons it writes are never shown.
_OWN_DOCUMENT = 0
_CLAIMANTS_WORDS = 1
_OTHER_MEASURE = 2
_NO_FIGURE = 3
_OTHER_DAY = 4
_CONTRADICTS = 5
_SUPPORTS = 6
_CONSISTENT = 7


class SourceAssessment:
    """One source weighed against its claim. Read-only: made by ``assess``.

    A plain class with slots, not a frozen dataclass: every source of every claim is weighed,
    and a frozen dataclass costs four times as much to make.
    """

    __slots__ = (
        "_claim",
        "_claim_interval",
        "_claimed",
        "_reason",
        "_why",
        "compared",
        "counted",
        "index",
        "interval",
        "origin",
        "own_document",
        "source",
        "stance",
    )

    index: int
    source: Source
    origin: str  # who the figure comes from: the via, else the publisher
    stance: Stance  # what the figures (or, without figures, the declared stance) say
    counted: bool  # independent evidence: not the claimant's words, not the claim's document
    interval: Interval | None  # the source's figure as stated
    compared: Interval | None  # the same, carried to the claim's date
    own_document: bool  # the claim's own document, cited as a source

    def __init__(
        self,
        index: int,
        source: Source,
        origin: str,
        stance: Stance,
        counted: bool,
        interval: Interval | None,
        compared: Interval | None,
        why: int,
        claim: Claim,
        claim_interval: Interval | None,
        claimed: dt.date | None,
    ) -> None:
        self.index = index
        self.source = source
        self.origin = origin
        self.stance = stance
        self.counted = counted
        self.interval = interval
        self.compared = compared
        self.own_document = why == _OWN_DOCUMENT
        self._why = why
        self._claim = claim
        self._claim_interval = claim_interval
        self._claimed = claimed  # the claim's date, as the source was carried to it
        self._reason: str | None = None

    @property
    def reason(self) -> str:
        """The stance in words (written once, when first read)."""
        reason = self._reason
        if reason is None:
            reason = self._reason = _source_reason(self)
        return reason

    @property
    def decisive(self) -> bool:
        return self.counted and self.stance is not Stance.CONTEXT

    def __repr__(self) -> str:
        return (
            f"SourceAssessment(index={self.index}, origin={self.origin!r}, "
            f"stance={self.stance.value}, counted={self.counted}, interval={self.interval}, "
            f"compared={self.compared})"
        )


class Evidence:
    """The weighed sources of a claim and the verdict they give. Read-only: made by
    ``assess``."""

    __slots__ = (
        "_claim",
        "_contradicting",
        "_reason",
        "_supporting",
        "contradicting",
        "interval",
        "sources",
        "supporting",
        "verdict",
    )

    interval: Interval | None
    sources: tuple[SourceAssessment, ...]
    verdict: Verdict
    supporting: tuple[str, ...]  # origins that support, each once
    contradicting: tuple[str, ...]  # origins that contradict, each once

    def __init__(
        self,
        claim: Claim,
        interval: Interval | None,
        sources: tuple[SourceAssessment, ...],
        supporting: dict[str, list[SourceAssessment]],
        contradicting: dict[str, list[SourceAssessment]],
    ) -> None:
        self.interval = interval
        self.sources = sources
        self.verdict = _verdict(supporting, contradicting)
        self.supporting = tuple(supporting)
        self.contradicting = tuple(contradicting)
        self._claim = claim
        self._supporting = supporting
        self._contradicting = contradicting
        self._reason: str | None = None

    @property
    def reason(self) -> str:
        """The verdict in words (written once, when first read)."""
        reason = self._reason
        if reason is None:
            reason = self._reason = _verdict_reason(self)
        return reason

    def __repr__(self) -> str:
        return (
            f"Evidence(verdict={self.verdict.value}, interval={self.interval}, "
            f"supporting={self.supporting}, contradicting={self.contradicting})"
        )


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


# A document as its sources are matched against it: its address and title as compared, and
# the title's first word (a source title without it cannot be the document's).
_OwnDocument = tuple[str | None, str | None, str]


@lru_cache(maxsize=1024)  # one entry per document
def _own_document(url: str | None, title: str | None) -> _OwnDocument | None:
    if not url and not title:
        return None
    own_title = _normal_title(title) if title else None
    return (
        _normal_url(url) if url else None,
        own_title,
        own_title.partition(" ")[0] if own_title is not None else "",
    )


def _is_own(source: Source, own: _OwnDocument | None) -> bool:
    if own is None:
        return False
    own_url, own_title, first_word = own
    if own_url is not None:
        for url in (source.url, source.archive_url):
            # normalising only strips and lower-cases, so a match must contain the document's
            if url and own_url in url.lower() and _normal_url(url) == own_url:
                return True
    if own_title is not None and source.title:
        return first_word in source.title.casefold() and _normal_title(source.title) == own_title
    return False


def is_own_document(source: Source, info: DocumentInfo | None) -> bool:
    """Whether a source is the very document the claim was taken from."""
    return info is not None and _is_own(source, _own_document(info.url, info.title))


def _speaks_for(meets: frozenset[Mark] | None, origin: str) -> bool:
    """Whether an origin speaks for the party whose meeting marks are ``meets``."""
    return meets is not None and not meets.isdisjoint(marks(origin))


def is_claimants_words(source: Source, claimant: str | None) -> bool:
    """Whether a source repeats the claimant's own words (its origin is the claimant)."""
    return _speaks_for(claimant_meeting(claimant) if claimant else None, origin_of(source))


def claim_date(claim: Claim, info: DocumentInfo | None) -> dt.date | None:
    """The date a claim's figure refers to: its as_of, else its document's publication date
    (the default as_of of the claims taken from a document)."""
    return claim.as_of or (info.published if info is not None else None)


def _carried(
    interval: Interval, cumulative: bool, claimed: dt.date | None, when: dt.date | None
) -> Interval | None:
    """The source's interval as it bears on the claim's date (None: it does not)."""
    if claimed is None or when is None or when == claimed:
        return interval
    if not cumulative:
        return None
    return interval.floor() if when < claimed else interval.ceiling()


def _how_carried(assessment: SourceAssessment) -> str:
    """How the source's figure was carried to the claim's date, in words ('' if it was not)."""
    claimed, when = assessment._claimed, source_date(assessment.source)
    if claimed is None or when is None or when == claimed:
        return ""
    if not assessment._claim.cumulative:
        return f"its figure is for {when}, the claim's for {claimed}"
    interval = assessment.interval
    assert interval is not None  # only a figure is carried
    if when < claimed:
        if math.isinf(interval.low):
            return (
                f"an earlier running total ({when}) with no lower bound says nothing of the "
                "claim's date"
            )
        return (
            f"an earlier running total ({when}) carries forward only as a floor: "
            f"at least {format_number(interval.low)} by the claim's date"
        )
    if math.isinf(interval.high):
        return (
            f"a later running total ({when}) with no upper bound says nothing of the claim's date"
        )
    return (
        f"a later running total ({when}) carries back only as a ceiling: "
        f"at most {format_number(interval.high)} on the claim's date"
    )


def _source_reason(assessment: SourceAssessment) -> str:
    why, source = assessment._why, assessment.source
    quantity = source.quantity
    stated = f"{quantity} {assessment.interval}" if quantity is not None else ""
    gives = f"; it gives {stated}" if quantity is not None else ""
    if why == _OWN_DOCUMENT:
        return f"not evidence: it is the claim's own document{gives}"
    if why == _CLAIMANTS_WORDS:
        origin = assessment.origin
        return f"not evidence: the claimant's own words, repeated (origin: {origin}){gives}"
    if why == _OTHER_MEASURE:
        return f"counts {source.measure}, not {assessment._claim.measure}{gives}"
    claimed = assessment._claim_interval
    if why == _NO_FIGURE:
        declared = assessment.stance.value
        if assessment.interval is None:
            against = f" with the claim's {claimed}" if claimed is not None else ""
            return f"no figure to compare{against}; stance as declared ({declared})"
        return f"the claim has no figure to compare with {stated}; stance as declared ({declared})"
    carried = _how_carried(assessment)
    if why == _OTHER_DAY:
        return f"context: {stated}: {carried}"
    how = f" ({carried})" if carried else ""
    if why == _CONTRADICTS:
        return f"contradicts: {stated}{how} cannot be true with the claim's {claimed}"
    if why == _SUPPORTS:
        return f"supports: {stated}{how} lies inside the claim's {claimed}"
    return f"consistent: {stated}{how} overlaps the claim's {claimed} but does not pin it"


def _distinct(assessments: list[SourceAssessment]) -> dict[str, list[SourceAssessment]]:
    """Assessments grouped by origin, one party named once (in order of first appearance):
    each joins the first origin kept that speaks for it. The origins kept are filed in an
    index, so a claim with many sources costs their number, not its square."""
    kept: dict[str, list[SourceAssessment]] = {}
    if len(assessments) < 2:  # nothing to group: most claims
        for assessment in assessments:
            kept[assessment.origin] = [assessment]
        return kept
    order: list[str] = []
    index = PartyIndex()
    for assessment in assessments:
        origin = assessment.origin
        group = kept.get(origin)
        if group is not None:
            # An origin kept as itself met no origin kept before it, and speaks for itself:
            # the index would find it again.
            group.append(assessment)
            continue
        position = index.first(origin)
        if position is not None:
            kept[order[position]].append(assessment)
            continue
        index.add(origin, len(order))
        order.append(origin)
        kept[origin] = [assessment]
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


def _verdict_reason(evidence: Evidence) -> str:
    verdict = evidence.verdict
    if verdict is Verdict.DISPUTED:
        return (
            f"disputed: {_named(evidence._supporting, 'support')} and "
            f"{_named(evidence._contradicting, 'contradict')}"
        )
    if verdict is Verdict.SUPPORTED:
        return f"supported: {_named(evidence._supporting, 'support')}; none contradicts it"
    if verdict is Verdict.REFUTED:
        return f"refuted: {_named(evidence._contradicting, 'contradict')}; none supports it"
    quantity, interval = evidence._claim.quantity, evidence.interval
    claimed = f"{quantity} {interval}" if quantity is not None and interval is not None else "it"
    return f"unproven: no independent source supports or contradicts {claimed}"


def assess(claim: Claim, tolerance: float, info: DocumentInfo | None = None) -> Evidence:
    """Weigh every source of a claim and give the verdict."""
    quantity = claim.quantity
    claim_interval = quantity.interval(tolerance) if quantity is not None else None
    # What every source is compared with, worked out once for the claim.
    own = _own_document(info.url, info.title) if info is not None else None
    claimant = claim.claimant
    claimants = claimant_meeting(claimant) if claimant else None
    claimed = claim_date(claim, info)
    measure, cumulative = claim.measure, claim.cumulative
    sources = []
    supporting: list[SourceAssessment] = []
    contradicting: list[SourceAssessment] = []
    for index, source in enumerate(claim.sources):
        origin = source.via or source.publisher
        figure = source.quantity
        interval = figure.interval(tolerance) if figure is not None else None
        compared = None
        counted = True
        if _is_own(source, own):
            why, stance, counted = _OWN_DOCUMENT, Stance.CONTEXT, False
        elif _speaks_for(claimants, origin):
            why, stance, counted = _CLAIMANTS_WORDS, Stance.CONTEXT, False
        elif source.measure and measure and source.measure != measure:
            why, stance = _OTHER_MEASURE, Stance.CONTEXT
        elif interval is None or claim_interval is None:
            why, stance = _NO_FIGURE, source.stance or Stance.CONTEXT
        else:
            compared = _carried(interval, cumulative, claimed, source_date(source))
            if compared is None:
                why, stance = _OTHER_DAY, Stance.CONTEXT
            elif not compared.overlaps(claim_interval):
                why, stance = _CONTRADICTS, Stance.CONTRADICTS
            elif claim_interval.contains(compared):
                why, stance = _SUPPORTS, Stance.SUPPORTS
            else:
                why, stance = _CONSISTENT, Stance.CONTEXT
        assessment = SourceAssessment(
            index,
            source,
            origin,
            stance,
            counted,
            interval,
            compared,
            why,
            claim,
            claim_interval,
            claimed,
        )
        sources.append(assessment)
        if counted:
            if stance is Stance.SUPPORTS:
                supporting.append(assessment)
            elif stance is Stance.CONTRADICTS:
                contradicting.append(assessment)
    return Evidence(
        claim, claim_interval, tuple(sources), _distinct(supporting), _distinct(contradicting)
    )
