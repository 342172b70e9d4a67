"""T rules: a claim's date agrees with its document and with the words that date it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rulekit import ARTICLE, ARTICLE_TEXT, Q_37500, Q_SUMMIT, Kit, anchored, record

from claimcheck.documents import Span, find_quote
from claimcheck.rules.timing import DAY_WORDS, resolve_day, sentence_around
from claimcheck.vocab import Severity

WEDNESDAY = dt.date(2016, 12, 21)  # the article's date

NOTE = (
    "Officials said on Monday that 500 people had left. Aid groups said yesterday that 900 had "
    "left since Saturday. By Friday 1,200 had left, the ministry said last Tuesday.\n"
)


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


@pytest.fixture
def note(kit: Kit) -> str:
    """A second document, dated Wednesday 2016-12-21 by a sidecar file."""
    kit.raw("seeds/note.txt", NOTE)
    kit.raw("seeds/note.txt.meta.yaml", "published: 2016-12-21\n")
    return "seeds/note.txt"


# --- T101 as-of-after-document ----------------------------------------------------------------


def test_t101_reports_a_date_after_the_document(kit: Kit) -> None:
    path = kit.add(record("a", as_of=dt.date(2016, 12, 22)))
    finding = kit.one("T101")
    assert (finding.code, finding.severity, finding.claim, finding.path) == (
        "T101",
        Severity.ERROR,
        "a",
        path,
    )
    assert kit.at(finding) == "as_of: 2016-12-22"
    assert finding.message == "as_of 2016-12-22 is after the document's date 2016-12-21"


@pytest.mark.parametrize("day", [20, 21])
def test_t101_quiet_on_the_documents_day_or_before(kit: Kit, day: int) -> None:
    kit.add(record("a", as_of=dt.date(2016, 12, day)))
    kit.none("T101")


def test_t101_quiet_when_the_document_has_no_date(kit: Kit) -> None:
    (kit.root / "claimcheck.yaml").write_text("tolerance: 0.1\n", encoding="utf-8")
    kit.add(record("a", as_of=dt.date(2017, 1, 1)))
    kit.none("T101")


def test_t101_finds_the_documents_date_however_its_path_is_written(kit: Kit) -> None:
    anchor = anchored(Q_37500)
    anchor["document"] = "./" + ARTICLE.replace("seeds/", "seeds//")
    kit.add(record("a", anchor=anchor, as_of=dt.date(2016, 12, 22)))
    assert kit.at(kit.one("T101")) == "as_of: 2016-12-22"
    kit.none("A101")


def test_t101_reads_the_date_from_a_sidecar(kit: Kit, note: str) -> None:
    kit.add(record("a", anchor={"document": note, "exact": "500 people"}, as_of="2016-12-23"))
    assert kit.at(kit.one("T101")) == "as_of: 2016-12-23"


# --- T102 day-words-disagree ------------------------------------------------------------------


def test_t102_reports_a_weekday_that_is_not_the_claims_date(kit: Kit) -> None:
    path = kit.add(record("a", anchor=Q_SUMMIT, as_of=WEDNESDAY))
    finding = kit.one("T102")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "as_of: 2016-12-21"
    assert "'Tuesday', which from the document's date 2016-12-21 is 2016-12-20" in (finding.message)


def test_t102_quiet_on_the_day_the_words_say(kit: Kit) -> None:
    kit.add(record("a", anchor=Q_SUMMIT, as_of=dt.date(2016, 12, 20)))
    kit.none("T102")


@pytest.mark.parametrize("as_of", [dt.date(2016, 12, 20), dt.date(2016, 12, 18)])
def test_t102_a_deadline_does_not_date_the_figure(kit: Kit, as_of: dt.date) -> None:
    # "... since late last week and the goal is to complete the process by Wednesday"
    kit.add(record("a", anchor=Q_37500, as_of=as_of))
    kit.none("T102")


def test_t102_an_undated_claim_takes_the_document_date(kit: Kit) -> None:
    # no as_of: the figure is taken to be of the article's day, 2016-12-21, not Tuesday's
    kit.add(record("a", anchor=Q_SUMMIT))
    finding = kit.one("T102")
    assert finding.message.endswith("but as_of is 2016-12-21 (the document's date)")


@pytest.mark.parametrize(
    ("quote", "right", "wrong", "said"),
    [
        ("500 people had left", dt.date(2016, 12, 19), dt.date(2016, 12, 20), "on Monday"),
        ("900 had left", dt.date(2016, 12, 20), dt.date(2016, 12, 17), "yesterday"),
        ("1,200 had left", dt.date(2016, 12, 20), dt.date(2016, 12, 13), "last Tuesday"),
    ],
)
def test_t102_reads_weekdays_and_relative_days(
    kit: Kit, note: str, quote: str, right: dt.date, wrong: dt.date, said: str
) -> None:
    kit.add(record("a", anchor={"document": note, "exact": quote}, as_of=right))
    kit.none("T102")
    kit.add(record("a", anchor={"document": note, "exact": quote}, as_of=wrong))
    finding = kit.one("T102")
    assert f"the sentence says {said!r}" in finding.message
    assert kit.at(finding) == f"as_of: {wrong.isoformat()}"


def test_t102_looks_only_at_the_quotes_sentence(kit: Kit, note: str) -> None:
    # "By Friday" opens the third sentence; "since Saturday" is not the event; "yesterday" is.
    kit.add(record("a", anchor={"document": note, "exact": "900 had left"}, as_of="2016-12-20"))
    kit.none("T102")


# --- the date arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Wednesday", WEDNESDAY),  # the day itself
        ("on Wednesday", WEDNESDAY),
        ("last Wednesday", dt.date(2016, 12, 14)),
        ("Tuesday", dt.date(2016, 12, 20)),
        ("Thursday", dt.date(2016, 12, 15)),  # a bare weekday is never in the future
        ("yesterday", dt.date(2016, 12, 20)),
        ("today", WEDNESDAY),
        ("tonight", WEDNESDAY),
        ("last night", dt.date(2016, 12, 20)),
        ("SUNDAY", dt.date(2016, 12, 18)),
    ],
)
def test_resolve_day(words: str, expected: dt.date) -> None:
    match = DAY_WORDS.search(words)
    assert match is not None
    assert resolve_day(match, WEDNESDAY) == expected


def test_day_words_are_whole_words() -> None:
    assert DAY_WORDS.search("the Mondays and yesterdays") is None
    assert [m.group(0) for m in DAY_WORDS.finditer("Monday-Tuesday")] == ["Monday", "Tuesday"]


def test_sentence_around_stops_at_sentence_ends_within_the_paragraph() -> None:
    span = find_quote(ARTICLE_TEXT, Q_SUMMIT)[0]
    sentence = sentence_around(ARTICLE_TEXT, span)
    text = ARTICLE_TEXT[sentence.start : sentence.end]
    assert text.startswith("Russia, Iran and Turkey have all agreed")
    assert text.endswith("in Moscow.")
    text = 'One. Two said "Three." Four\nFive.'
    span = Span(text.index("Two"), text.index("Two") + 3)
    found = sentence_around(text, span)
    assert text[found.start : found.end] == 'Two said "Three."'
    span = Span(text.index("Four"), text.index("Four") + 4)
    found = sentence_around(text, span)
    assert text[found.start : found.end] == "Four"  # the paragraph ends the sentence


def test_a_quote_ending_with_its_full_stop_keeps_its_own_sentence() -> None:
    from claimcheck.documents import Span
    from claimcheck.rules.timing import sentence_around

    text = "They met on Tuesday. Aid arrived on Friday.\n"
    quote = "They met on Tuesday."
    found = sentence_around(text, Span(0, len(quote)))
    assert text[found.start : found.end] == quote


# --- dates at the ends of the calendar --------------------------------------------------------


@pytest.mark.parametrize("words", ["yesterday", "last night", "Sunday", "last Monday"])
def test_resolve_day_before_the_first_day_of_the_calendar_is_none(words: str) -> None:
    match = DAY_WORDS.search(words)
    assert match is not None
    assert dt.date.min.weekday() == 0  # 0001-01-01 was a Monday
    assert resolve_day(match, dt.date.min) is None
    assert resolve_day(match, dt.date.min + dt.timedelta(days=7)) is not None


@pytest.mark.parametrize(
    ("quote", "as_of"),
    [
        ("500 people had left", "0001-01-01"),  # "on Monday": 0001-01-01 itself
        ("900 had left", "0001-01-01"),  # "yesterday": no such day
        ("1,200 had left", "0001-01-01"),  # "last Tuesday": no such day
        ("900 had left", None),
    ],
)
def test_t102_on_a_document_dated_the_first_day_of_the_calendar(
    kit: Kit, note: str, quote: str, as_of: str | None
) -> None:
    kit.raw("seeds/note.txt.meta.yaml", "published: 0001-01-01\n")
    kit.add(record("a", anchor={"document": note, "exact": quote}, as_of=as_of))
    kit.none("T102")  # a day before the calendar cannot disagree: no finding, no crash
    assert [f.code for f in kit.check().findings] == ["A104"]  # hand-written offsets only


def test_t102_on_a_document_dated_the_last_day_of_the_calendar(kit: Kit, note: str) -> None:
    kit.raw("seeds/note.txt.meta.yaml", "published: 9999-12-31\n")
    kit.add(record("a", anchor={"document": note, "exact": "900 had left"}, as_of="9999-12-31"))
    finding = kit.one("T102")
    assert "'yesterday', which from the document's date 9999-12-31 is 9999-12-30" in (
        finding.message
    )


@pytest.mark.parametrize(
    ("sentence", "compared"),
    [
        ("Aid came until after Monday, officials said.", []),
        ("Aid came by late Tuesday, officials said.", []),
        ("Aid came since early last Monday, officials said.", []),
        ("Aid came starting from Friday and on Monday, officials said.", ["on Monday"]),
        ("Aid came by late late Tuesday, officials said.", ["Tuesday"]),
        ("Aid came by  \t Tuesday, then Wednesday, officials said.", ["Wednesday"]),
    ],
)
def test_t102_skips_exactly_the_days_that_open_a_period(
    kit: Kit, sentence: str, compared: list[str]
) -> None:
    kit.raw("seeds/days.txt", sentence + "\n")
    kit.raw("seeds/days.txt.meta.yaml", "published: 2016-12-21\n")
    far = dt.date(2016, 1, 1)  # no day named here is so far back: every compared day disagrees
    kit.add(record("a", anchor={"document": "seeds/days.txt", "exact": "officials"}, as_of=far))
    found = kit.findings("T102")
    said = [f.message.split("the sentence says ", 1)[1].split("'")[1] for f in found]
    assert said == compared[:1]
