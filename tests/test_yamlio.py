"""Safe YAML reading: hostile input is refused with a located message; values keep YAML 1.2
meanings; the writer's output reads back the same."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import BILLION_LAUGHS
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.errors import YamlError
from claimcheck.yamlio import decode_text, dump_yaml, first_comment_line, parse_yaml


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first given at line 1)"),
        ("id: x\nstatus: supported\nstatus: refuted\n", 3, 1, "duplicate key 'status'"),
        ("a: !!python/object/apply:os.system ['ls']\n", 1, 4, "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", 1, 4, "is not allowed"),
        ("a: !custom 1\n", 1, 4, "tag !custom is not allowed"),
        ("a: !!binary aGVsbG8=\n", 1, 4, "tag !!binary"),
        (BILLION_LAUGHS, 1, 4, "anchors and aliases"),
        ("base: {x: 1}\nother:\n  <<: {y: 2}\n", 3, 3, "merge keys"),
        ("a: [1, 2\nb: 3\n", 2, 1, "indented by 0 space(s)"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
        ("a: b\x07c\n", 1, 5, "control character U+0007"),
        ("[" * 5000, 1, 1001, "nesting"),
        ("? [a, b]\n: 1\n", 1, 3, "a key must be a plain name"),
        ("d: 2016-13-45\n", 1, 4, "not a valid date"),
    ],
    ids=[
        "duplicate-key",
        "duplicate-status",
        "python-object-apply",
        "python-name",
        "custom-tag",
        "binary-tag",
        "billion-laughs",
        "merge-key",
        "syntax",
        "two-documents",
        "control-character",
        "deep-nesting",
        "complex-key",
        "bad-date",
    ],
)
def test_bad_yaml_is_refused_with_its_place(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_values_follow_yaml_1_2_not_1_1() -> None:
    data = parse_yaml("language: no\nflag: yes\ntime: 1:30\nyes_really: true\nn: 12\nf: 1.5\n").data
    assert data == {
        "language": "no",
        "flag": "yes",
        "time": "1:30",
        "yes_really": True,
        "n": 12,
        "f": 1.5,
    }


def test_dates_and_times_become_date_objects() -> None:
    data = parse_yaml("d: 2016-12-20\nt: 2026-11-26T14:00:00Z\n").data
    assert data["d"] == dt.date(2016, 12, 20)
    assert data["t"] == dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.timezone.utc)


def test_locations_point_at_keys_and_items() -> None:
    parsed = parse_yaml("id: x\nsources:\n  - publisher: A\n    quantity: 5\n  - publisher: B\n")
    assert parsed.locate(("sources", 0, "quantity")) == (4, 5)
    assert parsed.locate(("sources", 1)) == (5, 5)
    # a path that is not there falls back to its nearest parent
    assert parsed.locate(("sources", 1, "missing")) == (5, 5)


def test_empty_documents_give_none() -> None:
    assert parse_yaml("").data is None
    assert parse_yaml("# just a comment\n").data is None


def test_invalid_utf8_is_located() -> None:
    with pytest.raises(YamlError) as caught:
        decode_text(b"id: x\nclaim: caf\xe9 au lait\n")
    assert (caught.value.line, caught.value.column) == (2, 11)
    assert "invalid UTF-8" in caught.value.message


def test_byte_order_mark_is_dropped() -> None:
    assert decode_text("\ufeffa: 1\n".encode()) == "a: 1\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1 # note\n", 1),
        ("# top\na: 1\n", 1),
        ("a: 'x # not a comment'\nb: 2  # but this is\n", 2),
        ("a: |\n  x # inside a block\nb: 2\n", None),
        ("a: x#y\n", None),
        ("a: b\n", None),
    ],
)
def test_comments_are_found_outside_values(text: str, line: int | None) -> None:
    assert first_comment_line(text) == line


def test_writer_output_is_canonical_block_yaml() -> None:
    text = dump_yaml(
        {
            "id": "x",
            "language": "no",
            "prefix": "The operation to evacuate has ",
            "claim": "[bold red]markup[/] stays text",
            "sources": [{"publisher": "A", "published": dt.date(2016, 12, 20)}],
            "at": dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.timezone.utc),
            "note": "two\nlines",
        }
    )
    assert text == (
        "id: x\n"
        "language: 'no'\n"
        "prefix: 'The operation to evacuate has '\n"
        "claim: '[bold red]markup[/] stays text'\n"
        "sources:\n"
        "  - publisher: A\n"
        "    published: 2016-12-20\n"
        "at: 2026-11-26T14:00:00Z\n"
        "note: |-\n"
        "  two\n"
        "  lines\n"
    )


# Text a record may hold: letters, digits, punctuation, spaces, newlines, non-ASCII, markup.
_texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"
    )
    | st.sampled_from(["\n", " ", "#", ":", "'", '"', "[", "]", "-", "&", "*", "!"]),
    max_size=40,
)
_scalars = st.one_of(
    _texts,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.dates(),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
_documents = st.dictionaries(
    st.text(alphabet="abcdefghij_", min_size=1, max_size=8),
    st.one_of(_scalars, st.lists(_scalars, max_size=3), st.dictionaries(st.just("k"), _scalars)),
    max_size=6,
)


@given(_documents)
def test_what_the_writer_writes_reads_back_the_same(data: dict[str, object]) -> None:
    assert parse_yaml(dump_yaml(data)).data == data


def test_one_object_used_twice_is_written_out_twice_not_aliased() -> None:
    day = dt.date(2016, 12, 20)
    text = dump_yaml({"as_of": day, "sources": [{"published": day}]})
    assert "&" not in text and "*" not in text
    assert parse_yaml(text).data == {"as_of": day, "sources": [{"published": day}]}


def test_an_encoding_error_column_counts_characters() -> None:
    with pytest.raises(YamlError) as caught:
        decode_text("claim: Çavuşoğlu ".encode() + b"\xff\n")
    assert (caught.value.line, caught.value.column) == (1, 18)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a: !!python/object:os.system x\n", "unsafe"),
        ("a: &x [1]\nb: *x\n", "unsafe"),
        ("base: {x: 1}\nother:\n  <<: {y: 2}\n", "unsafe"),
        ("a: 1\na: 2\n", "duplicate-key"),
        ("a: [1\n", "syntax"),
        ("d: 2016-13-45\n", "schema"),
    ],
)
def test_problems_say_what_kind_they_are(text: str, kind: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.kind == kind
