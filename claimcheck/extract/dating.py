"""The day a figure refers to (``as_of``), with the reason it was given.

From the document's date (claimcheck.yaml ``documents:``, a sidecar, ``--date``) and the words
near the figure, the nearest first: a date ("on 15 December"), a weekday or relative day ("on
Monday", "yesterday", read as ``claimcheck check`` reads them, see rules/timing.py), a running
total ("so far", "since 15 December": the document's date), a year or a month ("in 2015", "last
year": its last day). Words that set a deadline ("by Wednesday") do not date a figure. Without
such words, what someone said is dated to the day of the event the article's first paragraphs
report ("a summit Tuesday in Moscow"), and the document's own words to its date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..rules.timing import DAY_WORDS, resolve_day
from .candidates import MONTHS
from .sentences import Sentence

# Words right before a day that open a period or set a deadline: not when the event happened.
_NOT_THE_EVENT = re.compile(
    r"(?<!\w)(?:by|until|till|before|since|from|after|through|next|ahead of|starting)\s+"
    r"(?:late\s+|early\s+)?$",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE = re.compile(
    rf"(?<!\w)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_NAMES})\.?"
    rf"(?:,?\s+(?P<year>\d{{4}}))?(?!\w)"
    rf"|(?<!\w)(?P<month2>{_MONTH_NAMES})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:,?\s+(?P<year2>\d{{4}}))?(?!\w)",
    re.IGNORECASE,
)
_SO_FAR = re.compile(
    r"(?<!\w)(?:so\s+far|to\s+date|as\s+of\s+now|thus\s+far|now|currently|at\s+present|"
    r"this\s+week|since)(?!\w)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\w)(?:in|during|for|of)\s+(?P<year>(?:19|20)\d\d)(?!\w)", re.IGNORECASE)
_LAST = re.compile(r"(?<!\w)last\s+(?P<unit>year|month)(?!\w)", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"(?<!\w)(?:in|during)\s+(?P<month>{_MONTH_NAMES})(?!\w)", re.I)
_WEEKEND = re.compile(r"(?<!\w)(?:over|at|during|on)\s+the\s+weekend(?!\w)", re.IGNORECASE)
_DATELINE = re.compile(r"\b(?:19|20)\d\d\b")
_LEAD_PARAGRAPHS = 6  # a headline, a dateline, a standfirst, and the first paragraphs


@dataclass(frozen=True)
class Dating:
    """A figure's day and why."""

    as_of: dt.date | None
    reason: str


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, month in enumerate(MONTHS, start=1) if month.startswith(name[:3]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _explicit(found: re.Match[str], published: dt.date) -> dt.date | None:
    day = int(found.group("day") or found.group("day2"))
    month = _month_number(found.group("month") or found.group("month2"))
    year_text = found.group("year") or found.group("year2")
    year = int(year_text) if year_text else published.year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not year_text and date > published:  # "on 28 December" in a January article
        date = date.replace(year=year - 1)
    return date


def _sets_a_deadline(sentence: str, start: int) -> bool:
    return _NOT_THE_EVENT.search(sentence[max(0, start - 24) : start]) is not None


def _since(sentence: str, start: int) -> bool:
    return re.search(r"(?:since|from)\s+(?:late\s+|early\s+)?$", sentence[:start], re.I) is not None


class Dater:
    """Dates the facts of one document."""

    def __init__(self, published: dt.date | None, sentences: list[Sentence]) -> None:
        self.published = published
        self.event_day, self.event_words = self._lead_event(sentences)

    def _lead_event(self, sentences: list[Sentence]) -> tuple[dt.date | None, str]:
        if self.published is None:
            return None, ""
        for sentence in sentences:
            if sentence.paragraph >= _LEAD_PARAGRAPHS:
                break
            if _DATELINE.search(sentence.text) and len(sentence.text.split()) <= 6:
                continue  # the dateline: the day of publication, not of an event
            for found in DAY_WORDS.finditer(sentence.text):
                if _sets_a_deadline(sentence.text, found.start()):
                    continue
                day = resolve_day(found, self.published)
                if day is not None and day <= self.published:
                    return day, found.group()
        return None, ""

    def _mentions(self, text: str, published: dt.date) -> list[tuple[int, Dating, bool]]:
        """Every dating phrase of a sentence, with its offset."""
        shown = published.isoformat()
        found: list[tuple[int, Dating, bool]] = []  # offset, date, a running total
        for match in _DATE.finditer(text):
            date = _explicit(match, published)
            if date is None or _sets_a_deadline(text, match.start()):
                continue
            if _since(text, match.start()):
                reason = f"'{match.group()}' starts a running total: to the document's date"
                found.append((match.start(), Dating(published, reason), True))
            else:
                found.append((match.start(), Dating(date, f"'{match.group()}'"), False))
        for match in DAY_WORDS.finditer(text):
            if _sets_a_deadline(text, match.start()):
                continue
            date = resolve_day(match, published)
            if date is None:
                continue  # before the first day of the calendar
            reason = f"'{match.group()}' in a document of {shown}"
            found.append((match.start(), Dating(date, reason), False))
        for match in _YEAR.finditer(text):
            year = int(match.group("year"))
            if year < published.year:
                reason = f"'{match.group()}': the year's last day"
                found.append((match.start(), Dating(dt.date(year, 12, 31), reason), False))
        for match in _LAST.finditer(text):
            if match.group("unit").lower() == "year":
                date = dt.date(published.year - 1, 12, 31)
            else:
                first = published.replace(day=1)
                date = first - dt.timedelta(days=1)
            found.append((match.start(), Dating(date, f"'{match.group()}': its last day"), False))
        for match in _MONTH_ONLY.finditer(text):
            month = _month_number(match.group("month"))
            year = published.year if month < published.month else published.year - 1
            if month == published.month:
                continue  # this month: so far, the document's date
            reason = f"'{match.group()}': the month's last day"
            found.append((match.start(), Dating(_month_end(year, month), reason), False))
        for match in _WEEKEND.finditer(text):
            sunday = published - dt.timedelta(days=(published.weekday() + 1) % 7)
            reason = f"'{match.group()}': its Sunday"
            found.append((match.start(), Dating(sunday, reason), False))
        for match in _SO_FAR.finditer(text):
            reason = f"'{match.group()}': up to the document's date"
            found.append((match.start(), Dating(published, reason), True))
        return found

    def date(self, sentence: Sentence, offset: int, spoken: bool) -> Dating:
        """The day of a fact at ``offset`` in a sentence; ``spoken``: someone said it ("X
        said", not "according to X" nor the document's own voice)."""
        published = self.published
        if published is None:
            return Dating(None, "the document has no date: give --date or a documents: entry")
        mentions = self._mentions(sentence.text, published)
        if mentions:
            _, nearest, running = min(mentions, key=lambda m: (abs(m[0] - offset), m[0]))
            if running and spoken and self.event_day is not None:
                # a running total someone gave: up to the day they gave it
                words = nearest.reason.split("'")[1]
                reason = f"'{words}': up to when it was said, the event the article dates "
                return Dating(self.event_day, reason + f"'{self.event_words}'")
            return nearest
        if spoken and self.event_day is not None:
            reason = f"said at the event the article dates '{self.event_words}'"
            return Dating(self.event_day, reason)
        return Dating(published, "the document's date")
