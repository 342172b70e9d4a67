"""Telling whether two names stand for the same party, and whom a name speaks for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.names import (
    PartyIndex,
    acronym,
    counterparts,
    marks,
    normal,
    parties,
    same_party,
    short_origin,
    speaks_for,
    surname,
)

ICRC = "International Committee of the Red Cross"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (ICRC, "international committee of the red cross"),
        ("  Al-Bawaba   News ", "al bawaba news"),
        ("Assad's", "assad's"),
        ("Assad\u2019s", "assad's"),  # a curly apostrophe is an apostrophe
        ("M\u00c9DECINS Sans Fronti\u00e8res", "m\u00e9decins sans fronti\u00e8res"),
        ("U.N.", "u n"),
        ("---", ""),
    ],
)
def test_normal(name: str, expected: str) -> None:
    assert normal(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (ICRC, "ICRC"),
        ("Office for the Coordination of Humanitarian Affairs", "OCHA"),
        ("Syrian Observatory for Human Rights", "SOHR"),
        ("Syrian Centre for Policy Research", "SCPR"),
        ("United Nations", "UN"),
        ("M\u00e9decins Sans Fronti\u00e8res", "MSF"),
        ("Al-Bawaba News", "BN"),  # 'al' is skipped like 'of' and 'the'
        ("Reuters", None),  # one word has no acronym
        ("", None),
    ],
)
def test_acronym(name: str, expected: str | None) -> None:
    assert acronym(name) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ICRC, "international committee of the red cross"),
        (ICRC, "International Committee of the Red-Cross"),
        ("ICRC", ICRC),
        (ICRC, "ICRC"),
        ("I.C.R.C.", ICRC),
        ("ICRC", "I.C.R.C."),
        ("U.N.", "UN"),
        ("OCHA", "Office for the Coordination of Humanitarian Affairs"),
        ("Sedky\u2019s office", "Sedky's office"),
    ],
)
def test_same_party(a: str, b: str) -> None:
    assert same_party(a, b)
    assert same_party(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ICRC", "British Red Cross"),
        ("icrc", ICRC),  # an acronym is written in capitals
        ("OCHA", "SOHR"),
        ("Reuters", "Reuters London"),
        ("", ""),
        ("-", "?"),  # names with no words name no one
        ("UN OCHA", "OCHA"),  # names are matched as written
    ],
)
def test_not_the_same_party(a: str, b: str) -> None:
    assert not same_party(a, b)
    assert not same_party(b, a)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ingy Sedky (ICRC)", ("Ingy Sedky", "ICRC")),
        (
            "Mevlut Cavusoglu, Turkish Foreign Minister",
            ("Mevlut Cavusoglu", "Turkish Foreign Minister"),
        ),
        ("Staffan de Mistura (UN special envoy)", ("Staffan de Mistura", "UN special envoy")),
        ("OCHA", ("OCHA",)),
        ("A; B", ("A", "B")),
        ("(  )", ()),
    ],
)
def test_parties(name: str, expected: tuple[str, ...]) -> None:
    assert parties(name) == expected


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("Mevlut Cavusoglu", "Mevlut Cavusoglu"),
        ("Ingy Sedky (International Committee of the Red Cross)", "ICRC"),
        ("Ingy Sedky (International Committee of the Red Cross)", "Ingy Sedky"),
        ("Mevlut Cavusoglu, Turkish Foreign Minister", "Mevlut Cavusoglu"),
        # an origin written "Person (Body)" speaks for the person and the body
        ("Staffan de Mistura", "Staffan de Mistura (UN special envoy)"),
        (ICRC, "Ingy Sedky (ICRC)"),
        ("Ingy Sedky (ICRC)", "Ingy Sedky (International Committee of the Red Cross)"),
        ("Ingy Sedky (ICRC)", "Peter Maurer (ICRC)"),  # both speak for the ICRC
    ],
)
def test_speaks_for(name: str, party: str) -> None:
    assert speaks_for(name, party)
    assert speaks_for(party, name)


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("Mevlut Cavusoglu", "Sergei Lavrov"),
        ("Ingy Sedky (ICRC)", "OCHA"),
        ("Ingy Sedky (ICRC)", "Jens Laerke (OCHA)"),
        ("Staffan de Mistura (UN special envoy)", "Syrian Centre for Policy Research"),
        ("Mevlut Cavusoglu", "-"),
    ],
)
def test_does_not_speak_for(name: str, party: str) -> None:
    assert not speaks_for(name, party)


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("Sergei Lavrov", "Lavrov"),
        ("Ingy Sedky (International Committee of the Red Cross)", "Sedky"),
        ("Staffan de Mistura (UN special envoy)", "Mistura"),
        ("Mevlut Cavusoglu, Turkish Foreign Minister", "Cavusoglu"),
        ("Conor O'Brien", "O'Brien"),
        ("Lavrov", "Lavrov"),
        ("", None),
        ("()", None),
    ],
)
def test_surname(person: str, expected: str | None) -> None:
    assert surname(person) == expected


names = st.text(
    alphabet=st.sampled_from("ABCIRSU abcdeo.-()',\u2019\u00e9"), min_size=0, max_size=30
)


@settings(max_examples=300, deadline=None)
@given(a=names, b=names)
def test_same_party_and_speaks_for_are_symmetric(a: str, b: str) -> None:
    assert same_party(a, b) == same_party(b, a)
    assert speaks_for(a, b) == speaks_for(b, a)
    if same_party(a, b):
        assert speaks_for(a, b)


@settings(max_examples=300, deadline=None)
@given(name=names, body=names)
def test_a_name_is_its_own_party_and_speaks_for_its_body(name: str, body: str) -> None:
    assert same_party(name, name) == bool(normal(name))
    if normal(name) and "(" not in name + body and ")" not in name + body:
        assert speaks_for(f"{name} ({body})", name)


# Names built from words that meet in every way same_party knows: equal words, initials,
# dotted initials and acronyms, and parties in brackets or after commas.
party_names = st.lists(
    st.sampled_from(
        ["International", "Committee", "of", "the", "Red", "Cross", "ICRC", "IC", "RC",
         "U.N.", "UN", "U. N.", "United", "Nations", "Ingy", "Sedky", "(", ")", ",", "-",
         "AFP", "Agence", "France", "Presse", "Al", "Bawaba", "News", "BN"]
    ),
    max_size=7,
).map(" ".join)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(a=party_names, b=party_names)
def test_marks_meet_exactly_when_names_speak_for_one_party(a: str, b: str) -> None:
    meet = any(other in marks(b) for mark in marks(a) for other in counterparts(mark))
    assert meet == speaks_for(a, b)


@settings(max_examples=300, deadline=None)
@given(filed=st.lists(party_names, max_size=12), asked=party_names)
def test_party_index_finds_what_speaks_for_finds(filed: list[str], asked: str) -> None:
    index = PartyIndex()
    for position, name in enumerate(filed):
        index.add(name, position)
    speaking = {position for position, name in enumerate(filed) if speaks_for(name, asked)}
    assert index.first(asked) == (min(speaking) if speaking else None)
    assert index.take(asked) == speaking
    assert index.take(asked) == set()  # taken once


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("International Committee of the Red Cross", "ICRC"),
        ("Staffan de Mistura (UN special envoy)", "Staffan de Mistura"),
        ("Syrian Observatory", "Syrian Observatory"),  # short enough to show whole
        ("(UN special envoy)", "(UN special envoy)"),  # no one before the bracket
        ("Agence", "Agence"),  # one word: no acronym
    ],
)
def test_a_long_origin_is_shown_short(name: str, shown: str) -> None:
    assert short_origin(name) == shown
