"""Sources: each source is what it says it is, and says what the figures say."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from ..names import PartyIndex
from ..quantity import find_quantities, format_number
from ..urls import url_problem
from ..vocab import Severity, Stance
from .base import ClaimContext, Hit, rule


@rule("S101", "stance-contradicts-figures", Severity.WARNING)
def stance_contradicts_figures(context: ClaimContext) -> Iterator[Hit]:
    """A source's declared stance disagrees with what its figure says of the claim's.

    Stances are derived from the figures (see ``claimcheck rule V101``); a declared one that
    says otherwise is either a mistake or a judgement worth writing down in a history note.

    Fails (16,200 cannot be true with 37,500):

        quantity: 37,500 people
        sources:
          - {publisher: dpa, quantity: 16,200 people, stance: supports}

    Passes: the same source with ``stance: contradicts``, or with no stance.
    """
    for assessment in context.evidence.sources:
        declared = assessment.source.stance
        if declared is None or declared is assessment.stance:
            continue
        field = ("sources", assessment.index, "stance")
        if not assessment.counted and declared is not Stance.CONTEXT:
            yield Hit(
                f"source {assessment.index + 1} ({assessment.source.publisher}) is declared "
                f"'{declared.value}' but is {assessment.reason.removeprefix('not evidence: ')}",
                field,
            )
        elif assessment.interval is not None and assessment.counted:
            yield Hit(
                f"source {assessment.index + 1} ({assessment.source.publisher}) is declared "
                f"'{declared.value}' but its figure makes it {assessment.stance.value} "
                f"({assessment.reason})",
                field,
            )


@rule("S102", "quote-lacks-figure", Severity.WARNING)
def quote_lacks_figure(context: ClaimContext) -> Iterator[Hit]:
    """A source's quote does not contain the figure recorded for it: the figure was mistyped,
    or the quote is not the passage that gives it. Checked for English quotes only.

    Fails:

        quantity: nearly 19,000 people
        quote: nearly 91,000 people had been evacuated

    Passes:

        quantity: nearly 19,000 people
        quote: nearly 19,000 people had been evacuated
    """
    for index, source in enumerate(context.claim.sources):
        if not source.quote or source.quantity is None:
            continue
        if source.language and not source.language.lower().startswith("en"):
            continue
        figure = source.quantity
        wanted = [n for n in (figure.value, figure.lower, figure.upper) if n is not None]
        if any(_written_in(source.quote, number) for number in wanted):
            continue  # the figure stands there in digits: no need to read the whole quote
        numbers = {
            number
            for _, _, found in find_quantities(source.quote)
            for number in (found.value, found.lower, found.upper)
            if number is not None
        }
        if numbers.isdisjoint(wanted):
            yield Hit(
                f"the quote of source {index + 1} ({source.publisher}) does not contain its "
                f"figure {str(source.quantity)!r}",
                ("sources", index, "quote"),
            )


@lru_cache(maxsize=4096)
def _spellings(number: Decimal) -> tuple[str, ...]:
    written = format_number(number)
    return tuple(dict.fromkeys((written, written.replace(",", ""))))


def _written_in(text: str, number: Decimal) -> bool:
    """Whether the number stands in the text in digits ('19,000' or '19000'), as a whole
    number (not inside 119,000 or 19,000.5)."""
    for spelling in _spellings(number):
        start = text.find(spelling)
        while start != -1:
            end = start + len(spelling)
            before = text[start - 1] if start else " "
            after = text[end : end + 2]
            if not (before.isdigit() or before in ".,") and not (
                after[:1].isdigit() or (after[:1] in ".," and after[1:2].isdigit())
            ):
                return True
            start = text.find(spelling, start + 1)
    return False


@rule("S103", "malformed-url", Severity.WARNING)
def malformed_url(context: ClaimContext) -> Iterator[Hit]:
    """A source's ``url`` or ``archive_url`` is not a web address (http or https, with a host,
    and a port from 0 to 65535 if it has one), or holds spaces or control characters.

    Fails:

        url: reliefweb.int/report/syria-aleppo-situation-report-no-10

    Passes:

        url: https://reliefweb.int/report/syria-aleppo-situation-report-no-10
    """
    for index, source in enumerate(context.claim.sources):
        for key, value in (("url", source.url), ("archive_url", source.archive_url)):
            problem = url_problem(value) if value else None
            if problem:
                yield Hit(
                    f"the {key} of source {index + 1} ({source.publisher}) {problem}: {value!r}",
                    ("sources", index, key),
                )


@rule("S104", "source-dates-out-of-order", Severity.WARNING)
def source_dates_out_of_order(context: ClaimContext) -> Iterator[Hit]:
    """A source's dates cannot all be right: published before the date its figure refers to
    (``as_of``), or retrieved before it was published.

    Fails:

        sources:
          - {publisher: OCHA, published: 2016-12-20, as_of: 2016-12-23}

    Passes:

        sources:
          - {publisher: OCHA, published: 2016-12-23, as_of: 2016-12-23, retrieved: 2026-11-26}
    """
    for index, source in enumerate(context.claim.sources):
        published = source.published
        if not published:  # most sources are in order: their name is written only for a hit
            continue
        if source.as_of and published < source.as_of:
            yield Hit(
                f"source {index + 1} ({source.publisher}) was published on {published}, before "
                f"the date its figure refers to ({source.as_of})",
                ("sources", index, "as_of"),
            )
        if source.retrieved and source.retrieved < published:
            yield Hit(
                f"source {index + 1} ({source.publisher}) was retrieved on {source.retrieved}, "
                f"before it was published ({published})",
                ("sources", index, "retrieved"),
            )


@rule("S105", "shared-origin", Severity.INFO)
def shared_origin(context: ClaimContext) -> Iterator[Hit]:
    """Two or more sources that decide the verdict share one origin, so they count once.

    A hint, not a fault: AFP's and dpa's reports of one ICRC spokeswoman are one piece of
    evidence, not two. Mark copies with ``via`` so the registry says so too.

    Reported:

        sources:
          - {publisher: Arab News, via: International Committee of the Red Cross, ...}
          - {publisher: dpa, via: International Committee of the Red Cross, ...}

    Not reported: decisive sources with different origins.
    """
    decisive = [a for a in context.evidence.sources if a.decisive]
    if len(decisive) < 2:  # nothing to share: most claims
        return
    index = PartyIndex()
    for position, assessment in enumerate(decisive):
        index.add(assessment.origin, position)
    reported: set[int] = set()
    for position, first in enumerate(decisive):
        if position in reported:
            continue
        # Every position met here is either before this one or joins its group now, so the
        # index may forget it: each source is looked at a bounded number of times.
        later = sorted(p for p in index.take(first.origin) if p > position and p not in reported)
        if not later:
            continue
        group = [first, *(decisive[p] for p in later)]
        reported.update(later)
        numbers = ", ".join(str(a.index + 1) for a in group)
        yield Hit(
            f"sources {numbers} share one origin ({first.origin}) and count once",
            ("sources", group[1].index),
        )


RULES = (
    stance_contradicts_figures,
    quote_lacks_figure,
    malformed_url,
    source_dates_out_of_order,
    shared_origin,
)
