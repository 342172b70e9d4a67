"""Safe YAML reading: hostile input is refused with a located message; values keep YAML 1.2
meanings; the writer's output reads back the same."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import BILLION_LAUGHS
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimcheck.errors import YamlError
from claimcheck.model import Claim
from claimcheck.store import record_text
from claimcheck.validation import validate_located
from claimcheck.yamlio import (
    decode_text,
    dump_yaml,
    first_comment_line,
    parse_yaml,
    parse_yaml_stream,
)


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
    with pytest.raises(YamlError) as caught:  # columns count characters, not bytes
        decode_text("id: x\nclaim: été ".encode() + b"\xe9\n")
    assert (caught.value.line, caught.value.column) == (2, 12)


def test_byte_order_mark_is_dropped() -> None:
    assert decode_text("\ufeffa: 1\n".encode()) == "a: 1\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1 # note\n", 1),
        ("# top\na: 1\n", 1),
        ("a: 'x # not a comment'\nb: 2  # but this is\n", 2),
        ("a: |\n  x # inside a block\nb: 2\n", None),
        ("a: |  # after the header\n  x\n", 1),
        ("a: >-\t# after the header\n  x\n", 1),
        ("a: 1\nb: |+ # keep\n  x\n", 2),
        ("a: [x, # in a flow\n  y]\n", 1),
        ("--- # after the marker\na: 1\n", 1),
        ('a: "x\n  # not a comment"\nb: 1\n', None),
        ("a: 'x' # c\n", 1),
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


# Text a record may hold: any character a UTF-8 file can carry (lone surrogates cannot be
# encoded), with the line breaks, near-breaks and YAML indicators drawn more often.
_TRICKY = ["\n", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "\t", " ", "#", ":",
           "'", '"', "[", "]", "-", "&", "*", "!", "?", "|", ">", "%", "@", "`", "\\", "\x00",
           "\x7f", "\u200b", "1", "0", "e", ".", "_", "x", "o"]  # fmt: skip
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(_TRICKY),
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
    text = dump_yaml(data)
    assert parse_yaml(text).data == data
    assert dump_yaml(parse_yaml(text).data) == text


@example("x\x85y")
@example("x\u2028y\n")
@example(" \u2029")
@example("line\rbreak")
@example("1e3")
@example("0o17")
@example("2026-11-26T14:00:00+02:00")
@example("a\n  \nb")
@settings(deadline=None)  # PyYAML's pure-Python emitter writes the record: slow on a busy machine
@given(_texts)
def test_every_text_field_survives_a_write_and_fmt_settles(text: str) -> None:
    value = text or "x"  # the canonical form leaves out empty fields
    record = Claim.model_validate(
        {
            "id": "a-claim",
            "claim": value,
            "claimant": value,
            "anchor": {"document": "seeds/a.txt", "exact": value, "prefix": value},
            "sources": [{"publisher": value, "quote": value, "title": value}],
            "history": [
                {"at": "2026-11-26T14:00:00Z", "status": "supported", "by": "a", "note": value}
            ],
            "status": "supported",
            "tags": [value],
        }
    )
    written = record_text(record)
    again = validate_located(Claim, parse_yaml(written), "claims/a-claim.yaml")
    assert again == record
    assert again.claimant == value  # the very string, character for character
    assert record_text(again) == written  # fmt --check finds nothing after one fmt


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
        ("status: &s refuted\n", "unsafe"),
        ("a: ! 12\n", "unsafe"),
        ("[?x]\n", "unsafe"),
        ("a: x\u2028y\n", "unsafe"),
        ("%YAML 1.2\n---\na: 1\n", "unsafe"),
        ("a: |+\n  x\n  \n", "unsafe"),
        ("a: 0777\n", "unsafe"),
        ("a: " + "1" * 1001 + "\n", "unsafe"),
        ("1: a\ntrue: b\n", "duplicate-key"),
        ("a: [x,\ny]\n", "syntax"),
        ('a: "x"#c\n', "syntax"),
        ("as_of: 2016-02-30\n", "schema"),
    ],
)
def test_problems_say_what_kind_they_are(text: str, kind: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml_stream(text)
    assert caught.value.kind == kind


# --- what YAML means, or a refusal with its place (issue: the reader must not return other data)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("status: &s refuted\n", 1, 9),
        ("a: &m {x: 1}\n", 1, 4),
        ("a: &m\n  x: 1\n", 1, 4),
        ("list:\n  - &i x\n", 2, 5),
        ("&k a: 1\n", 1, 1),
        ("a: [x, &y y]\n", 1, 8),
        ("--- &doc\na: 1\n", 1, 5),
    ],
    ids=["scalar", "flow-mapping", "block-mapping", "item", "key", "in-flow", "document"],
)
def test_every_anchor_is_refused_even_without_an_alias(text: str, line: int, column: int) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert "anchors and aliases" in caught.value.message
    assert (caught.value.line, caught.value.column, caught.value.kind) == (line, column, "unsafe")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("1: a\ntrue: b\n", "1 (line 1) and true"),
        ("x: 0\ntrue: a\n1: b\n", "true (line 2) and 1"),
        ("1: a\n1.0: b\n", "1 (line 1) and 1.0"),
        ("0: a\nfalse: b\n", "0 (line 1) and false"),
    ],
)
def test_keys_yaml_tells_apart_are_not_called_duplicates(text: str, first: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert "duplicate" not in caught.value.message
    assert f"the keys {first} are different keys in YAML" in caught.value.message
    assert caught.value.line == text.count("\n")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("1: a\n0x1: b\n", 2, "duplicate key 1 (first given at line 1)"),
        ("null: a\n~: b\n", 2, "duplicate key None (first given at line 1)"),
        ("a: 1\nb: 2\n'a': 3\n", 3, "duplicate key 'a' (first given at line 1)"),
        ("2016-12-20: a\nx: 1\n2016-12-20: b\n", 3, "(first given at line 1)"),
    ],
)
def test_duplicates_are_compared_by_type_and_value(text: str, line: int, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert words in caught.value.message
    assert (caught.value.line, caught.value.kind) == (line, "duplicate-key")


def test_keys_of_different_types_stay_apart() -> None:
    assert parse_yaml("'1': a\n1: b\n'true': c\n").data == {"1": "a", 1: "b", "true": "c"}


def test_a_quoted_merge_key_is_text() -> None:
    assert parse_yaml("'<<': x\nb: {'<<': y}\n").data == {"<<": "x", "b": {"<<": "y"}}


# Each: text libyaml reads as other data than YAML 1.2 means (or accepts though it is not YAML),
# and the place of the refusal.
MISREAD = [
    ("{ ?foo: bar }\n", 1, 3, "explicit keys"),
    ("[?x]\n", 1, 2, "explicit keys"),
    ("a: {?x: 1}\n", 1, 5, "explicit keys"),
    ("? a\n: b\n", 1, 1, "explicit keys"),
    ("a: ! 12\n", 1, 4, "non-specific tag '!'"),
    ("- ! x\n", 1, 3, "non-specific tag '!'"),
    ("a: ! [1]\n", 1, 4, "tag ! is not allowed"),
    ("a: |+\n  x\n  \n", 3, 1, "'+' (keep)"),
    ("a: >+\n  x\n\n \nb: 1\n", 4, 1, "'+' (keep)"),
    ("- |+\n   ", 2, 4, "ends inside a block scalar"),
    ("- |+\n   \n", 2, 1, "only lines of spaces"),
    ("a: >\n \n  \n   \n # c\n", 2, 1, "only lines of spaces"),
    ("a: |\n  x\n   ", 3, 4, "ends inside a block scalar without a line break"),
    ("a: |\n  x", 2, 4, "ends inside a block scalar without a line break"),
    ('a: "x"#c\n', 1, 7, "space before its '#'"),
    ("a: [x]#c\n", 1, 7, "space before its '#'"),
    ("a: [x,#c\n  y]\n", 1, 7, "space before its '#'"),
    ("a: |#c\n  x\n", 1, 5, "space before its '#'"),
    ("%YAML 1.2\n---\na: 1\n", 1, 1, "directives"),
    ("%TAG ! tag:yaml.org,2002:\n---\na: !str 1\n", 1, 1, "directives"),
    ("a: 1\n...\n%YAML 1.1\n---\nb: yes\n", 3, 1, "directives"),
    ("a: [x,\ny]\n", 2, 1, "indented by 0"),
    ('a: "x\ny"\n', 2, 1, "indented by 0"),
    ("- [x,\n\ty]\n", 2, 1, "indented by 0"),
    ("- a: 'x\n  y'\n", 2, 3, "at least 3"),
    ("a: [-]\n", 1, 5, "'-' cannot stand unquoted"),
    ("a: x\x85b: 1\n", 1, 5, "U+0085"),
    ("# note\x85a: 1\n", 1, 7, "U+0085"),
    ("a: 'x\u2028y'\n", 1, 6, "U+2028"),
    ('a: "x\u2029y"\n', 1, 6, "U+2029"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), MISREAD, ids=repr)
def test_what_libyaml_would_misread_is_refused_with_its_place(
    text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml_stream(text)
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: |+\n  x\n\n", "x\n\n"),  # keep without spaces: read right
        ("a: |\n  x\n  \n", "x\n"),  # spaces in a clipped scalar's empty line
        ("a: |\n  x\n   \n  y\n", "x\n \ny\n"),  # a line of spaces inside the text is text
        ("a: |  # a comment\n  x\n", "x\n"),
        ("a: x # c\n", "x"),
        ("a: [x, # c\n  y]\n", ["x", "y"]),
        ("a: [x,\n# c\n  y]\n", ["x", "y"]),
        ("a: 'x\n\n  y'\n", "x\ny"),
        ("a: url#fragment\n", "url#fragment"),
        ("a: -x\n", "-x"),
        ("a: ?x\n", "?x"),
        ("a: What?\n", "What?"),
        ("a: 'x\u00a0y'\n", "x\u00a0y"),
        ("a: |-\n  x\n  y", "x\ny"),  # strip: the end of the file ends the text either way
        ("a: |+\n  x  \n", "x  \n"),  # spaces at the end of a line of text are text
    ],
)
def test_neighbours_of_the_refused_forms_still_read(text: str, value: object) -> None:
    assert parse_yaml(text).data == {"a": value}


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("1:30", "1:30"),
        ("1_000.5", "1_000.5"),
        ("0o17", 15),
        ("0x1F", 31),
        ("+12", 12),
        ("-0", 0),
        ("0", 0),
        ("1e3", 1000.0),
        ("1E+3", 1000.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("-.inf", float("-inf")),
        ("0e-999", 0.0),
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("y", "y"),
        ("TRUE", True),
        ("False", False),
        ("Null", None),
        ("~", None),
        ("", None),
        ("2016-12-20 10:00:00", "2016-12-20 10:00:00"),
        ("2016-12-20T10:00:00", "2016-12-20T10:00:00"),
        ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"),
        ("2016-1-2", "2016-1-2"),
        ("1482192000", 1482192000),
        ("=", "="),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value: object) -> None:
    read = parse_yaml(f"a: {plain}\n").data["a"]
    assert read == value and type(read) is type(value)


def test_dates_and_times_keep_their_offset() -> None:
    data = parse_yaml("t: 2026-11-26T16:00:00.5+02:00\nu: 2026-11-26t14:00:00z\n").data
    assert data["t"] == dt.datetime(
        2026, 11, 26, 16, 0, 0, 500000, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert data["t"].utcoffset() == dt.timedelta(hours=2)
    assert data["u"] == dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    ("plain", "words"),
    [
        ("0777", "leading zero"),
        ("-012", "leading zero"),
        ("00", "leading zero"),
        ("9" * 5000, "5,000 characters"),
        ("-" + "9" * 1001, "1,002 characters"),
        ("0x" + "f" * 1000, "1,002 characters"),
        ("1" * 1001 + ".5", "1,003 characters"),
        ("1e999", "too large"),
        ("-1e999", "too large"),
        ("1e-999", "too small"),
        ("2016-13-45", "not a valid date"),
        ("0000-01-01", "not a valid date"),
        ("2026-11-26T24:00:00Z", "not a valid date and time"),
        ("2026-11-26T14:00:60Z", "not a valid date and time"),
        ("2026-11-26T14:00:00+24:00", "offset +24:00 is out of range"),
        ("2026-11-26T14:00:00.1234567Z", "more than 6 digits"),
    ],
)
def test_numbers_and_dates_that_would_be_read_wrong_are_refused(plain: str, words: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(f"id: x\nquantity: {plain}\n")
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 11)


def test_the_bound_on_numbers_is_generous() -> None:
    assert parse_yaml("n: " + "9" * 1000 + "\n").data == {"n": int("9" * 1000)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!str 12\n", "12"),
        ("a: !!int '12'\n", 12),
        ("a: !!float '1'\n", 1.0),
        ("a: !!bool 'true'\n", True),
        ("a: !!null ''\n", None),
        ("a: !<tag:yaml.org,2002:str> 1\n", "1"),
        ("a: !!seq [1]\n", [1]),
    ],
)
def test_core_tags_mean_what_yaml_1_2_says(text: str, value: object) -> None:
    read = parse_yaml(text).data["a"]
    assert read == value and type(read) is type(value)


@pytest.mark.parametrize(
    "text",
    ["a: !!int x\n", "a: !!int 1.5\n", "a: !!bool yes\n", "a: !!null x\n", "a: !!int 0777\n"],
)
def test_a_core_tag_on_a_value_it_cannot_hold_is_refused(text: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.column) == (1, 4)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_breaks_read_as_line_feeds(newline: str) -> None:
    text = "a: [x,\n\n  y]\nb: 'one\n  two'\nc: |\n  x\n  y\n# c\nd: 1\n"
    assert parse_yaml(text.replace("\n", newline)).data == parse_yaml(text).data
    assert first_comment_line(text.replace("\n", newline)) == 9
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: [x,\ny]\n".replace("\n", newline))
    assert (caught.value.line, caught.value.column) == (3, 1)


def test_a_stream_gives_each_document() -> None:
    documents = parse_yaml_stream("a: 1\n---\nb: [x]\n...\n--- 2016-12-20\n")
    assert [document.data for document in documents] == [
        {"a": 1},
        {"b": ["x"]},
        dt.date(2016, 12, 20),
    ]
    assert documents[1].locate(("b", 0)) == (3, 5)
