"""The quicker ways the evidence and the claim rules work give what the plain ways give.

Each shortcut taken to weigh sources and run the rules for every claim of a large registry is
held here against the plain computation it replaces: the claimant found by the marks of names
against ``speaks_for``, the day words found with a look-ahead against ``DAY_WORDS`` for every
character that can start one, accents dropped by a character class against ``str.translate``,
and the reasons written when read against the words the evidence's tests expect.
"""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.documents import unaccented_casefold
from claimcheck.evidence import assess, is_claimants_words
from claimcheck.model import Claim, Source
from claimcheck.names import PartyIndex, claimant_meeting, marks, meeting, speaks_for
from claimcheck.rules.timing import _DAY_WORDS_FAST, _NOT_THE_EVENT, _NOT_THE_EVENT_FAST, DAY_WORDS

party_names = st.lists(
    st.sampled_from(
        ["International", "Committee", "of", "the", "Red", "Cross", "ICRC", "IC", "RC",
         "U.N.", "UN", "U. N.", "United", "Nations", "Ingy", "Sedky", "(", ")", ",", "-",
         "Mevlut", "Cavusoglu", "Mevl\u00fct", "\u00c7avu\u015fo\u011flu", "AFP"]
    ),
    max_size=6,
).map(" ".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(a=party_names, b=party_names)
def test_the_marks_a_name_meets_find_who_speaks_for_it(a: str, b: str) -> None:
    assert (not meeting(a).isdisjoint(marks(b))) == speaks_for(a, b)


@settings(max_examples=200, deadline=None)
@given(claimant=party_names, origin=party_names)
def test_the_claimants_words_are_found_as_speaks_for_finds_them(claimant: str, origin: str) -> None:
    source = Source.model_validate({"publisher": "dpa", "via": origin or "dpa"})
    expected = bool(claimant) and speaks_for(claimant, origin or "dpa")
    assert is_claimants_words(source, claimant or None) == expected


def test_an_origin_met_again_joins_its_group_as_the_index_would_put_it() -> None:
    # "ICRC" is kept after "Red Cross" and before its long name: the long name joins "ICRC"
    # (the first that speaks for it), and "ICRC" repeated joins itself.
    origins = ["Red Cross", "ICRC", "International Committee of the Red Cross", "ICRC"]
    claim = Claim.model_validate(
        {
            "id": "c",
            "claim": "A claim.",
            "quantity": "750",
            "sources": [
                {"publisher": "dpa", "via": origin, "quantity": "750"} for origin in origins
            ],
        }
    )
    evidence = assess(claim, 0.1)
    assert evidence.supporting == ("Red Cross", "ICRC")
    assert evidence.reason == (
        "supported: 2 independent origins (Red Cross: 750; ICRC: 750) support it; "
        "none contradicts it"
    )
    index = PartyIndex()
    index.add("Red Cross", 0)
    index.add("ICRC", 1)
    assert index.first("International Committee of the Red Cross") == 1


def test_a_reason_is_written_once_and_kept() -> None:
    claim = Claim.model_validate(
        {
            "id": "c",
            "claim": "A claim.",
            "quantity": "37,500 people",
            "cumulative": True,
            "as_of": "2016-12-20",
            "sources": [
                {"publisher": "ICRC", "quantity": "about 34,000 people", "as_of": "2016-12-22"}
            ],
        }
    )
    source = assess(claim, 0.1).sources[0]
    first = source.reason
    assert first == (
        "contradicts: about 34,000 people [30,600, 37,400] (a later running total (2016-12-22) "
        "carries back only as a ceiling: at most 37,400 on the claim's date) cannot be true "
        "with the claim's [37,450, 37,550)"
    )
    assert source.reason is first


def _cased(char: str) -> bool:
    return char.lower() != char or char.upper() != char or char.casefold() != char


# A day word starts with the first letter of one of these, however the rest is written.
DAY_WORD_FORMS = [
    "last monday", "this monday", "on monday", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "yesterday", "today", "tonight", "last night",
]  # fmt: skip


def test_the_look_ahead_lets_through_every_character_a_day_word_can_start_with() -> None:
    # Case-insensitive matching relates a letter only to characters with a case, so every
    # character a day word could start with is among the cased ones and the letters themselves.
    candidates = [chr(c) for c in range(sys.maxunicode + 1) if _cased(chr(c))]
    for char in candidates:
        for form in DAY_WORD_FORMS:
            text = char + form[1:]
            found = DAY_WORDS.match(text)
            if found is not None:
                fast = _DAY_WORDS_FAST.match(text)
                assert fast is not None and fast.span() == found.span(), repr(text)


# Words that open a period or set a deadline start with the first letter of one of these.
NOT_THE_EVENT_FORMS = [
    "by ", "until ", "till ", "before ", "since ", "from ", "after ", "through ", "next ",
    "ahead of ", "starting ",
]  # fmt: skip


def test_the_look_ahead_lets_through_every_character_an_opening_word_can_start_with() -> None:
    candidates = [chr(c) for c in range(sys.maxunicode + 1) if _cased(chr(c))]
    for char in candidates:
        for form in NOT_THE_EVENT_FORMS:
            text = char + form[1:] + "late Monday"
            found = _NOT_THE_EVENT.match(text)
            if found is not None:
                fast = _NOT_THE_EVENT_FAST.match(text)
                assert fast is not None and fast.span() == found.span(), repr(text)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            ["Last", "this", "On", "on", "by", "Since", "ahead of", "late", "monday", "TUESDAY",
             "wedNESday", "\u017funday", "yesterday", "toNight", "last night", "day", "x", "_",
             ".", " ", "\n", "\u00a0", "\u0130", "\u0131", "\u212a", "\u00e9"]
        ),
        max_size=24,
    ).map("".join)
)  # fmt: skip
def test_day_words_are_found_where_they_were_found(text: str) -> None:
    plain = [(m.span(), m.groupdict()) for m in DAY_WORDS.finditer(text)]
    fast = [(m.span(), m.groupdict()) for m in _DAY_WORDS_FAST.finditer(text)]
    assert fast == plain
    openings = [m.span() for m in _NOT_THE_EVENT.finditer(text)]
    assert [m.span() for m in _NOT_THE_EVENT_FAST.finditer(text)] == openings


def _unaccented_by_translate(text: str) -> str:
    """unaccented_casefold as it was written first: marks dropped by str.translate."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    drop = {ord(char): None for char in set(decomposed) if unicodedata.combining(char)}
    return (decomposed.translate(drop) if drop else decomposed).casefold()


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            list("abcCS \u00e7\u015f\u011f\u00fc\u0301\u0302\u20dd\ufb01\u1e9e]\\^-[")
        )
        | st.characters(),
        max_size=60,
    )
)
def test_accents_are_dropped_as_translate_dropped_them(text: str) -> None:
    assert unaccented_casefold(text) == _unaccented_by_translate(text)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.tuples(st.sampled_from(["add", "first", "take"]), party_names), max_size=24)
)
def test_few_names_compared_one_by_one_answer_as_the_filed_index(
    steps: list[tuple[str, str]],
) -> None:
    # The same steps on an index that files from the start, one that never does, and one
    # that starts filing part way: every answer the same.
    indexes = [PartyIndex(indexed_from=0), PartyIndex(indexed_from=10_000), PartyIndex()]
    position = 0
    for step, name in steps:
        if step == "add":
            for index in indexes:
                index.add(name, position)
            position += 1
        elif step == "first":
            assert len({index.first(name) for index in indexes}) == 1
        else:
            taken = [index.take(name) for index in indexes]
            assert taken[0] == taken[1] == taken[2]


def test_a_claimants_marks_are_kept_once_and_bounded() -> None:
    # Claimants are many (a third as many as claims): their meeting marks are kept in one
    # bounded cache, and not also in the caches that serve the origins.
    marks.cache_clear()
    meeting.cache_clear()
    claimant_meeting.cache_clear()
    limit = claimant_meeting.cache_info().maxsize
    assert limit is not None
    for number in range(limit + 10):
        claimant_meeting(f"Person {number} (Red Cross)")
    assert claimant_meeting.cache_info().currsize == limit
    assert marks.cache_info().currsize == meeting.cache_info().currsize == 0
    assert claimant_meeting("Person 1 (Red Cross)") == meeting("Person 1 (Red Cross)")
    assert not claimant_meeting("Person 1 (Red Cross)").isdisjoint(marks("Red Cross"))
