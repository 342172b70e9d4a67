"""The checkable facts of a sentence: figures, and dates, days, comparisons and trends.

A figure is what the quantity scanner reads (``claimcheck.quantity.find_quantities``) once the
number phrases that are not amounts are set aside: a day of a month ("15 December"), a year
("in 2015"), a date in figures ("21/12/2016"), a time ("10.30pm"), a score ("61-39") and "one"
as a pronoun ("one of them"). A sentence with no figure can still be checked when it names a day
("by Wednesday"), a comparison ("the highest ever") or a trend ("unemployment doubled"): it is a
candidate with that fact in place of a figure, and no quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..quantity import Quantity, find_quantities
from .sentences import Sentence

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_MONTH_AFTER = re.compile(rf"\s*(?:of\s+)?{_MONTH}(?!\w)", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"(?<!\w){_MONTH}\s*$", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")
_TIME_AFTER = re.compile(r"\s*(?:[ap]\.?m\.?|gmt|utc)(?!\w)|:\d\d", re.IGNORECASE)
_SCORE = re.compile(r"\d\s*[-\u2013]\s*\d")
_YEAR_WORDS = re.compile(
    r"(?:in|since|of|by|until|from|to|and|for|before|after|year|early|late|mid|-|\u2013)\s*$", re.I
)
_PRONOUN_ONE_AFTER = re.compile(r"\s+(?:of|another|who|that)(?!\w)", re.I)

WEEKDAY_WORDS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# Facts without a figure: a day, a comparison, a trend.
_DAY_FACT = re.compile(
    rf"(?<!\w)(?:(?:by|on|until|since|last|this|next)\s+)?(?:{WEEKDAY_WORDS})(?!\w)"
    rf"|(?<!\w)(?:by|on|until|since)\s+\d{{1,2}}\s+{_MONTH}(?!\w)",
    re.IGNORECASE,
)
_COMPARISON_FACT = re.compile(
    r"(?<!\w)(?:the\s+)?(?:highest|lowest|largest|biggest|smallest|worst|best|deadliest|"
    r"fastest|slowest|most|least|first)\s+(?:\w+\s+){0,3}?(?:ever|on record|since|in\s+(?:a|the|"
    r"\w+)\s+(?:decade|century|years?|generation|history)|in history)(?!\w)"
    r"|(?<!\w)(?:record[- ](?:high|low|levels?|numbers?)|all-time\s+(?:high|low))(?!\w)"
    r"|(?<!\w)(?:more|fewer|less|higher|lower|larger|smaller|bigger)\s+than(?!\w)",
    re.IGNORECASE,
)
_TREND_FACT = re.compile(
    r"(?<!\w)(?:doubled|tripled|trebled|quadrupled|halved|soared|surged|plunged|plummeted|"
    r"slumped|tumbled|rose|fell|dropped|declined|increased|decreased|grew|shrank|jumped|"
    r"climbed|risen|fallen|doubling|tripling|halving)(?!\w)",
    re.IGNORECASE,
)


class FactKind(str, Enum):
    """What a candidate's fact is."""

    FIGURE = "figure"
    DAY = "day"
    COMPARISON = "comparison"
    TREND = "trend"


@dataclass(frozen=True)
class Fact:
    """The words of a checkable fact in a document, and its quantity when it is a figure."""

    start: int
    end: int
    text: str
    kind: FactKind
    quantity: Quantity | None = None


def _is_not_an_amount(text: str, start: int, end: int, quantity: Quantity) -> bool:
    """Whether a number phrase the scanner read is a date, a time, a score or a pronoun."""
    words = text[start:end]
    before, after = text[max(0, start - 24) : start], text[end : end + 12]
    if _MONTH_AFTER.match(text, end) or _MONTH_BEFORE.search(before):
        return True  # "15 December", "December 15"
    if _NUMERIC_DATE.search(text, max(0, start - 6), min(len(text), end + 6)):
        return True  # "21/12/2016"
    if _TIME_AFTER.match(after):
        return True  # "10.30pm", "14:00"
    if quantity.unit is None and (_SCORE.match(text, end - 1) or _SCORE.match(text, start - 2)):
        return True  # "61-39", "2-1"
    if re.fullmatch(r"(?:1[89]|20)\d\d", words.strip()) and (
        quantity.unit is None or _YEAR_WORDS.search(before)
    ):
        return True  # "in 2015", "since 1992"
    return words.lower() == "one" and bool(_PRONOUN_ONE_AFTER.match(after))


def _figures(text: str, sentence: Sentence) -> list[Fact]:
    found = find_quantities(sentence.text)
    facts: list[Fact] = []
    for start, end, quantity in found:
        start, end = start + sentence.start, end + sentence.start
        if _is_not_an_amount(text, start, end, quantity):
            continue
        facts.append(Fact(start, end, text[start:end], FactKind.FIGURE, quantity))
    return facts


def _first(pattern: re.Pattern[str], text: str, sentence: Sentence, kind: FactKind) -> Fact | None:
    found = pattern.search(sentence.text)
    if found is None:
        return None
    start, end = sentence.start + found.start(), sentence.start + found.end()
    return Fact(start, end, text[start:end], kind)


def facts_of(text: str, sentence: Sentence) -> list[Fact]:
    """The figures of a sentence and its first day; else its first comparison, trend or day."""
    figures = _figures(text, sentence)
    if figures:
        # a day beside the figures is a fact of its own ("by Wednesday")
        day = _first(_DAY_FACT, text, sentence, FactKind.DAY)
        return figures if day is None else sorted([*figures, day], key=lambda f: f.start)
    for pattern, kind in (
        (_COMPARISON_FACT, FactKind.COMPARISON),
        (_TREND_FACT, FactKind.TREND),
        (_DAY_FACT, FactKind.DAY),
    ):
        fact = _first(pattern, text, sentence, kind)
        if fact is not None:
            return [fact]
    return []
