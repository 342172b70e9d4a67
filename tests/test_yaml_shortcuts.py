"""The shortcuts the quick reader takes, held to the long way they stand for.

``yamlscalars.resolve_plain`` answers a scalar starting with a letter from the null and
boolean words, and tries one pattern before the six of the core schema's numbers;
``yamlfast`` leaves out, by its line pattern, the keys the core schema reads as other than
text, and checks an ASCII text's characters on its bytes. Each is compared here with the way
round it replaces, on the characters that matter.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import yamlscalars
from claimcheck.yamlfast import _DECLINED_CHARACTERS, read_canonical
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
