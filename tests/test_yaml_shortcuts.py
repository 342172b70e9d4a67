"""The shortcuts the quick reader takes, held to the long way they stand for.

``yamlscalars.resolve_plain`` answers a scalar starting with a letter from the null and
boolean words, and tries one pattern before the six of the core schema's numbers;
``yamlfast`` leaves out, by its line pattern, the keys the core schema reads as other than
text, and checks an ASCII text's characters on its bytes; ``parse_yaml`` keeps a record's
top-level places only until it is asked for a deeper one. Each is compared here with the way
round it replaces.
"""

from __future__ import annotations

import random

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import yamlscalars
from claimcheck.yamlfast import _DECLINED_CHARACTERS, read_canonical
from claimcheck.yamlio import decode_text
from claimcheck.yamlparsed import ParsedYaml
from claimcheck.yamlreader import parse_yaml
from claimcheck.yamlscalars import MAYBE_NOT_TEXT, ScalarError, resolve_plain

_PATTERNS = [
    yamlscalars._DECIMAL,
    yamlscalars._OCTAL,
    yamlscalars._HEX,
    yamlscalars._FLOAT,
    yamlscalars._INFINITY,
    yamlscalars._NAN,
]
# Texts made of the characters the number patterns and the words are made of.
NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789+-.eExXoOaAfFinINnuls_ :,")))
WORDISH = st.text(alphabet=st.sampled_from(list("nNtTfFuUlLrReEaAsS ")), min_size=1, max_size=6)


def _resolved_the_long_way(text: str) -> object:
    try:
        return ("value", yamlscalars._resolve(text))
    except ScalarError as refusal:
        return ("refused", str(refusal))


def _resolved(text: str) -> object:
    try:
        return ("value", resolve_plain(text))
    except ScalarError as refusal:
        return ("refused", str(refusal))


@settings(max_examples=500, deadline=None)
@given(st.one_of(NUMBERISH, WORDISH, st.sampled_from(["null", "NULL", "True", "FALSE", "tRue"])))
def test_the_shortcuts_resolve_as_the_core_schema_does(text: str) -> None:
    yamlscalars._CACHE.clear()  # the long way, not an answer kept from before
    assert repr(_resolved(text)) == repr(_resolved_the_long_way(text))


@settings(max_examples=500, deadline=None)
@given(NUMBERISH)
def test_what_no_number_pattern_matches_is_no_number(text: str) -> None:
    if yamlscalars._NUMBER_LIKE.fullmatch(text) is None:
        assert not any(pattern.fullmatch(text) for pattern in _PATTERNS)
    else:
        assert any(pattern.fullmatch(text) for pattern in _PATTERNS)


def test_only_three_lower_case_names_are_not_text() -> None:
    # The line pattern leaves out 'null', 'true' and 'false' as keys: every other key it takes
    # ([a-z_][a-z0-9_]*) starts with a letter or '_', where no number or date starts.
    assert not MAYBE_NOT_TEXT & set("abcdeghijklmopqrsuvwxyz_")
    for word in ("null", "true", "false"):
        assert resolve_plain(word) != word
        assert read_canonical(f"{word}: x\n") is None
    for word in ("nul", "nulls", "trueish", "f", "nan", "inf", "no", "off", "yes"):
        assert resolve_plain(word) == word
        assert read_canonical(f"{word}: x\n") == ({word: "x"}, {(): (1, 1), (word,): (1, 1)})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=20))
def test_an_ascii_text_is_declined_for_the_characters_the_pattern_finds(value: str) -> None:
    text = f"id: x\nnote: {value}\n"
    if _DECLINED_CHARACTERS.search(text) is not None:
        assert read_canonical(text) is None


def test_each_character_libyaml_refuses_is_declined_in_ascii_and_other_text() -> None:
    for code in [*range(0x20), 0x7F]:
        if code == 0x0A:
            continue
        character = chr(code)
        assert read_canonical(f"id: a{character}b\n") is None, hex(code)
        assert read_canonical(f"id: \u00e9{character}b\n") is None, hex(code)
    assert read_canonical("id: a\u00e9b\n") == ({"id": "a\u00e9b"}, {(): (1, 1), ("id",): (1, 1)})


def _record_texts() -> list[str]:
    paths = sorted((REPO / "claims").glob("*.yaml"))
    assert paths
    return [decode_text(path.read_bytes()) for path in paths]


def test_a_record_read_quickly_is_placed_when_first_asked_below_the_top() -> None:
    for text in _record_texts():
        data, places = read_canonical(text) or ({}, {})
        parsed = parse_yaml(text)
        assert parsed.data == data
        top = [path for path in places if len(path) <= 1] + [("nowhere",), ()]
        for path in top:
            assert parsed.locate(path) == places.get(path, (1, 1))
        assert parsed._unplaced is not None  # the top-level places alone: nothing read again
        deep = [path for path in places if len(path) > 1]
        assert deep
        assert parsed.locate((*deep[-1], "nowhere")) == places[deep[-1]]
        assert parsed._unplaced is None  # read again, placed
        assert parsed.locations == places
        assert all(parsed.locate(path) == place for path, place in places.items())


def test_the_places_of_a_record_read_quickly_are_all_there_when_asked_for() -> None:
    text = _record_texts()[0]
    parsed = parse_yaml(text)
    assert parsed.locations == (read_canonical(text) or ({}, {}))[1]
    assert parsed == parse_yaml(text)
    assert parsed != ParsedYaml(parsed.data, {})


def test_read_unplaced_or_placed_a_text_gives_the_same_or_is_declined_by_both() -> None:
    chance = random.Random(30)
    texts = _record_texts()
    read = 0
    for _ in range(2000):
        text = chance.choice(texts)
        at = chance.randrange(len(text))
        text = (
            text[:at] + chance.choice(["", " ", "  ", "- ", ":", "\n", "x: y\n", "'"]) + text[at:]
        )
        placed, unplaced = read_canonical(text), read_canonical(text, placed=False)
        assert (placed is None) == (unplaced is None)
        if placed is not None and unplaced is not None:
            read += 1
            assert repr(unplaced[0]) == repr(placed[0])
            top = {path: place for path, place in placed[1].items() if len(path) <= 1}
            assert unplaced[1] == top
    assert 0 < read < 2000
