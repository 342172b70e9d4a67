"""Time: a claim's date agrees with its document and with the words that date it."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from array import array
from collections.abc import Iterator
from functools import lru_cache

from ..documents import Span
from ..vocab import Severity
from .base import ClaimContext, Hit, rule

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The words that name a day, with the groups resolve_day takes (also read by extract).
DAY_WORDS = re.compile(
    r"(?<!\w)(?:(?P<which>last|this|on)\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")(?!\w)"
    r"|(?<!\w)(?P<relative>yesterday|today|tonight|last night)(?!\w)",
    re.IGNORECASE,
)
# DAY_WORDS looking ahead first for a letter a match can start with: the same matches (a test
# tries every character), found in half the time, as the search passes over other letters
# without trying each word. Every document is searched whole.
_DAY_WORDS_FAST = re.compile(r"(?=[ltomwfsy])(?:" + DAY_WORDS.pattern + ")", re.IGNORECASE)
# Words before a day that open a period or set a deadline: not when the event happened. They
# are found once per sentence, and a day they stand right before is not compared: searching
# back from each day instead would cost the sentence's length for every day it names.
_NOT_THE_EVENT = re.compile(
    r"(?<!\w)(?:by|until|till|before|since|from|after|through|next|ahead of|starting)\s+"
    r"(?:late\s+|early\s+)?",
    re.IGNORECASE,
)
# The same, looking ahead for the letters these words start with (as _DAY_WORDS_FAST does).
_NOT_THE_EVENT_FAST = re.compile(r"(?=[butsfan])(?:" + _NOT_THE_EVENT.pattern + ")", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")


@lru_cache(maxsize=4096)  # one entry per document: room for every document of a registry
def _day_word_starts(text: str) -> array[int]:
    """Where a weekday or relative day is named in a document: found once per document, so
    a claim whose sentence names none costs a lookup. Kept as machine integers: a large
    document may name millions."""
    return array("q", (words.start() for words in _DAY_WORDS_FAST.finditer(text)))


def sentence_around(text: str, span: Span) -> Span:
    """The sentence holding a span, within its paragraph."""
    start = text.rfind("\n", 0, span.start) + 1
    for match in _SENTENCE_END.finditer(text, start, span.start):
        start = match.end()
    paragraph_end = text.find("\n", span.end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    # from the quote's last character: a quote may end with its sentence's full stop
    end_match = _SENTENCE_END.search(text, max(span.start, span.end - 1), paragraph_end)
    end = end_match.end() - 1 if end_match else paragraph_end  # with its closing quotes
    return Span(start, end)


def resolve_day(words: re.Match[str], published: dt.date) -> dt.date | None:
    """The date a weekday or relative day means in a text published on ``published``, or
    None when that day would fall before the first day of the calendar (0001-01-01).

    News style: a bare weekday is the most recent one on or before publication.
    """
    relative = words.group("relative")
    if relative:
        back = 0 if relative.lower() in ("today", "tonight") else 1
    else:
        weekday = WEEKDAYS.index(words.group("weekday").lower())
        back = (published.weekday() - weekday) % 7
        if back == 0 and (words.group("which") or "").lower() == "last":
            back = 7
    try:
        return published - dt.timedelta(days=back)
    except OverflowError:
        return None


@rule("T101", "as-of-after-document", Severity.ERROR)
def as_of_after_document(context: ClaimContext) -> Iterator[Hit]:
    """The claim's date (``as_of``) is after its document was published: a document cannot
    report a figure for a day that had not come yet.

    Fails: ``as_of: 2016-12-22`` for a claim from an article published on 2016-12-21.

    Passes: ``as_of: 2016-12-20``.
    """
    published = context.document_date
    as_of = context.claim.as_of
    if published is not None and as_of is not None and as_of > published:
        yield Hit(
            f"as_of {as_of} is after the document's date {published}",
            ("as_of",),
        )


@rule("T102", "day-words-disagree", Severity.WARNING)
def day_words_disagree(context: ClaimContext) -> Iterator[Hit]:
    """A weekday or relative day in the quote's sentence ("a summit Tuesday", "yesterday",
    "last Monday") says when the event happened, and, counted from the document's date, it
    is not the claim's ``as_of``.

    Words that open a period ("since late last week") or set a deadline ("by Wednesday") do
    not date the figure and are not compared.

    Fails: ``as_of: 2016-12-21`` for "after a tripartite summit Tuesday in Moscow" in an
    article of Wednesday 2016-12-21 (Tuesday was 2016-12-20).

    Passes: ``as_of: 2016-12-20`` for that sentence.
    """
    published = context.document_date
    as_of = context.as_of
    match = context.anchor
    if published is None or as_of is None or match is None or match.span is None:
        return
    text = context.document.text if context.document is not None else ""
    starts = _day_word_starts(text)
    # most paragraphs name no day: then there is no sentence to find
    paragraph_start = text.rfind("\n", 0, match.span.start) + 1
    paragraph_end = text.find("\n", match.span.end)
    first = bisect.bisect_left(starts, paragraph_start)
    if first == len(starts) or (paragraph_end != -1 and starts[first] >= paragraph_end):
        return
    sentence = sentence_around(text, match.span)
    first = bisect.bisect_left(starts, sentence.start)
    if first == len(starts) or starts[first] >= sentence.end:
        return  # no day named in the sentence
    not_the_event = {
        opening.end()
        for opening in _NOT_THE_EVENT_FAST.finditer(text, sentence.start, sentence.end)
    }
    dated: list[tuple[str, dt.date]] = []
    for words in _DAY_WORDS_FAST.finditer(text, sentence.start, sentence.end):
        day = resolve_day(words, published) if words.start() not in not_the_event else None
        if day is not None:
            dated.append((words.group(0), day))
    if not dated or any(day == as_of for _, day in dated):
        return
    said, day = dated[0]
    yield Hit(
        f"the sentence says {said!r}, which from the document's date {published} is {day}, "
        f"but as_of is {as_of}" + ("" if context.claim.as_of else " (the document's date)"),
        ("as_of",),
    )


RULES = (as_of_after_document, day_words_disagree)
