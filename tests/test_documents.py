"""Documents and anchors: reading documents safely, finding quotes, context and re-anchoring."""

from __future__ import annotations

import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from helpers import ARTICLE, Q_37500, nonsense_words, write
from hypothesis import given, settings
from hypothesis import strategies as st
from rulekit import ARTICLE_TEXT

from claimcheck import documents
from claimcheck.documents import (
    Span,
    closest_passage,
    context_of,
    document_path,
    find_quote,
    make_anchor,
    paragraph_around,
    read_document,
    resolve_anchor,
    sidecar_info,
    unaccented_casefold,
)
from claimcheck.errors import ClaimcheckError, InvalidRecordError, NotFoundError
from claimcheck.model import Anchor
from claimcheck.offsets import line_and_column, line_of, lines_of

TEXT = "One two three.\nThe operation has brought out 37,500 people since late last week.\nEnd."


def article(root: Path) -> str:
    return (root / ARTICLE).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "bad", ["../outside.txt", "seeds/../../outside.txt", "/etc/passwd", "", "..\\outside.txt"]
)
def test_document_paths_stay_inside_the_registry(empty: Path, bad: str) -> None:
    with pytest.raises(ClaimcheckError, match="must be relative to the registry root"):
        document_path(empty, bad)


def test_read_document(empty: Path) -> None:
    document = read_document(empty, ARTICLE)
    assert document.path == ARTICLE
    assert "37,500 people" in document.text


@pytest.mark.parametrize(
    "spelling", ["./" + ARTICLE, ARTICLE.replace("/", "//"), "seeds\\" + ARTICLE[6:]]
)
def test_read_document_gives_the_canonical_path(empty: Path, spelling: str) -> None:
    assert read_document(empty, spelling).path == ARTICLE


def test_read_document_problems(empty: Path) -> None:
    with pytest.raises(NotFoundError) as err:
        read_document(empty, "seeds/missing.txt")
    assert err.value.path == "seeds/missing.txt"
    with pytest.raises(ClaimcheckError, match="is a folder"):
        read_document(empty, "seeds")
    write(empty, "seeds/latin1.txt", b"line one\ncaf\xe9\n")
    with pytest.raises(ClaimcheckError) as err:
        read_document(empty, "seeds/latin1.txt")
    assert (err.value.path, err.value.line) == ("seeds/latin1.txt", 2)
    assert "invalid UTF-8" in err.value.message


def test_read_document_drops_a_byte_order_mark(empty: Path) -> None:
    write(empty, "seeds/bom.txt", "\ufeffHello".encode())
    assert read_document(empty, "seeds/bom.txt").text == "Hello"


def test_find_quote_exact() -> None:
    start = TEXT.index("brought")
    assert find_quote(TEXT, "brought out 37,500 people") == [Span(start, start + 25)]
    assert find_quote(TEXT, "missing words") == []
    assert find_quote(TEXT, "") == []


def test_find_quote_every_occurrence() -> None:
    spans = find_quote("a cat and a cat", "a cat")
    assert spans == [Span(0, 5), Span(10, 15)]


def test_find_quote_forgives_curly_quotes_dashes_case_and_spacing() -> None:
    text = "He said \u201cwe hope\u201d \u2014 it is\n  the  Aleppo cease\u2011fire."
    spans = find_quote(text, '"We hope" - it is the aleppo cease-fire')
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == (
        "\u201cwe hope\u201d \u2014 it is\n  the  Aleppo cease\u2011fire"
    )


def test_closest_passage_points_at_the_near_miss() -> None:
    span = closest_passage(TEXT, "brought out 37,000 people")
    assert span is not None
    assert TEXT[span.start : span.end] == "brought out 37,500 people"
    assert closest_passage(TEXT, "zzzz qqqq xxxx") is None


def test_context_of_keeps_whole_words_within_the_paragraph() -> None:
    span = find_quote(TEXT, "37,500 people")[0]
    assert context_of(TEXT, span, size=16) == ("has brought out ", " since late last")
    # 14 characters would cut "has" and "last": the cut words are left out.
    assert context_of(TEXT, span, size=14) == (" brought out ", " since late")
    first = find_quote(TEXT, "One two")[0]
    assert context_of(TEXT, first) == ("", " three.")  # stops at the paragraph end


def test_make_anchor_records_words_offsets_and_context(empty: Path) -> None:
    document = read_document(empty, ARTICLE)
    span = find_quote(document.text, Q_37500)[0]
    anchor = make_anchor(document, span)
    assert anchor.document == ARTICLE
    assert anchor.exact == Q_37500
    assert document.text[anchor.start : anchor.end] == Q_37500  # type: ignore[misc]
    assert anchor.prefix == "The operation to evacuate has "
    assert anchor.suffix == " since late last week and the"


def test_resolve_anchor_states(empty: Path) -> None:
    document = read_document(empty, ARTICLE)
    anchor = make_anchor(document, find_quote(document.text, Q_37500)[0])
    assert resolve_anchor(document.text, anchor).state == "ok"
    moved_text = "A new first line.\n" + document.text
    moved = resolve_anchor(moved_text, anchor)
    assert moved.state == "moved" and moved.span is not None
    assert moved_text[moved.span.start : moved.span.end] == Q_37500
    assert resolve_anchor(document.text.replace(Q_37500, "x"), anchor).state == "missing"
    twice = "brought out 37,500 people here. And brought out 37,500 people there."
    assert resolve_anchor(twice, anchor).state == "ambiguous"
    settled = twice + " The operation to evacuate has brought out 37,500 people since late"
    found = resolve_anchor(settled, anchor)
    assert found.state == "moved" and found.span is not None
    assert found.span.start == settled.rindex(Q_37500)


def test_paragraph_and_line() -> None:
    span = find_quote(TEXT, "37,500")[0]
    around = paragraph_around(TEXT, span)
    assert TEXT[around.start : around.end].startswith("The operation")
    assert TEXT[around.start : around.end].endswith("last week.")
    assert line_of(TEXT, span.start) == 2


def test_sidecar_info(empty: Path) -> None:
    assert sidecar_info(empty, ARTICLE) is None
    write(empty, "seeds/other.txt", "Some words.")
    write(empty, "seeds/other.txt.meta.yaml", "title: Other\npublished: 2017-01-05\n")
    info = sidecar_info(empty, "seeds/other.txt")
    assert info is not None and info.title == "Other" and str(info.published) == "2017-01-05"


def test_a_bad_sidecar_is_a_located_error(empty: Path) -> None:
    write(empty, "seeds/other.txt.meta.yaml", "title: Other\npublshed: 2017-01-05\n")
    with pytest.raises(InvalidRecordError) as err:
        sidecar_info(empty, "seeds/other.txt")
    problem = err.value.problems[0]
    assert (problem.path, problem.line) == ("seeds/other.txt.meta.yaml", 2)
    assert "did you mean 'published'" in problem.message


def test_closest_passage_finds_a_long_quote_mistyped_at_both_ends() -> None:
    passage = " ".join(ARTICLE_TEXT.split()[40:190])  # 150 words of the article
    text = nonsense_words(20_000) + "\n" + passage + "\n" + nonsense_words(20_000, seed=1)
    words = passage.split()
    words[0], words[1], words[-1] = words[0] + "x", words[1].upper(), words[-1][:-1] + "q"
    quote = " ".join(words)
    span = closest_passage(text, quote)
    assert span is not None
    assert text[span.start : span.end] == passage


@pytest.mark.parametrize("before", ["\u0130" * 50, "\u0130stanbul " * 20, "ß" * 30])
def test_closest_passage_offsets_hold_where_lower_case_changes_length(before: str) -> None:
    text = before + " " + TEXT
    span = closest_passage(text, "brought out 37,000 people")
    assert span is not None
    assert text[span.start : span.end] == "brought out 37,500 people"


def test_closest_passage_of_a_quote_longer_than_the_document() -> None:
    span = closest_passage(TEXT, TEXT + " and many more words than the text has")
    assert span is not None
    assert TEXT[span.start : span.end] == TEXT.strip()


@pytest.mark.parametrize(
    ("text", "quote"), [("", "a quote"), (TEXT, ""), (TEXT, " \n "), ("  ", "x")]
)
def test_closest_passage_of_nothing_is_none(text: str, quote: str) -> None:
    assert closest_passage(text, quote) is None


def test_closest_passage_gives_up_on_a_document_past_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "CLOSEST_PASSAGE_MAX_CHARS", len(TEXT) - 1)
    assert closest_passage(TEXT, "brought out 37,000 people") is None
    monkeypatch.setattr(documents, "CLOSEST_PASSAGE_MAX_CHARS", len(TEXT))
    assert closest_passage(TEXT, "brought out 37,000 people") is not None


def search_form_per_character(text: str) -> tuple[str, list[int]]:
    """The search form as first written: a list entry for every character."""
    out: list[str] = []
    origin: list[int] = []
    previous_space = True
    for index, char in enumerate(text.translate(documents._STRAIGHTEN)):
        if char.isspace():
            if previous_space:
                continue
            char = " "
            previous_space = True
        else:
            previous_space = False
        out.append(char.lower())
        origin.append(index)
    return "".join(out), origin


texty = st.text(
    alphabet=st.sampled_from("ab A\u0130\u00df\n\t\r\u00a0\u2028\u2003\u201c\u2014\u0301-. "),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(text=texty)
def test_search_form_keeps_the_offsets_a_list_per_character_kept(text: str) -> None:
    text_form = documents._search_form(text)
    expected, origin = search_form_per_character(text)
    assert text_form.text == expected
    assert [text_form.origin(index) for index in range(len(text_form.text))] == origin


@settings(max_examples=300, deadline=None)
@given(text=texty, start=st.integers(0, 60), length=st.integers(1, 20))
def test_find_quote_finds_any_stretch_of_the_text_written_loosely(
    text: str, start: int, length: int
) -> None:
    quote = text[start : start + length]
    loose = " ".join(quote.upper().replace("\u201c", '"').split())
    if not loose.strip() or "\u0130" in quote or "\u00df" in quote:
        return  # upper() of these is not undone by lower()
    for span in find_quote(text, loose):
        assert documents._search_form(text[span.start : span.end]).text.strip() == (
            documents._search_form(loose).text.strip()
        )
    assert find_quote(text, loose)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_unaccented_casefold_drops_the_marks_every_character_was_checked_for(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    assert unaccented_casefold(text) == expected


@pytest.mark.parametrize(
    ("text", "most"),
    [
        (ARTICLE_TEXT * 150 + "the \u201cend\u201d", 8),  # prose: few runs of white space
        ("Word  word\n\nword " * 20_000 + "the \u201cend\u201d", 20),  # a run every 8 chars
    ],
)
def test_search_form_a_large_document_keeps_no_list_per_character(text: str, most: int) -> None:
    documents._search_form.cache_clear()
    tracemalloc.start()
    try:
        spans = find_quote(text, '"END"')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [text[span.start : span.end] for span in spans] == ["\u201cend\u201d"]
    # The text's search-form copies and two numbers per collapsed run. A list of offsets (an
    # integer object and a pointer per character) and one of characters took over 40 bytes
    # a character.
    assert peak < most * len(text)


def test_lines_of_counts_once_and_says_how_many_in_all() -> None:
    text = "a\nb\nc\nd"
    assert lines_of(text, [0, 2, 6]) == "1, 2, 4"
    assert lines_of(text, [6, 0]) == "4, 1"  # out of order still right
    assert lines_of(text, []) == ""
    many = "x\n" * 12
    assert lines_of(many, range(0, 24, 2), most=3) == "1, 2, 3, ..."


def test_find_quote_keeps_at_most_its_limit() -> None:
    assert find_quote("aaaa", "a", limit=2) == [Span(0, 1), Span(1, 2)]
    assert len(find_quote("A\u201ca\u201d a", "a", limit=2)) == 2  # the exact matches
    assert find_quote("x \u201cA\u201d \u201cA\u201d", '"a"', limit=1) == [Span(2, 5)]
    assert len(find_quote("aaaa", "a")) == 4


def test_resolve_anchor_of_a_quote_past_the_limit_is_ambiguous() -> None:
    text = "a" * (documents.MAX_PLACES + 1)
    match = resolve_anchor(text, Anchor(document="d.txt", exact="a", prefix="a", suffix="a"))
    assert (match.state, match.more, len(match.candidates)) == (
        "ambiguous",
        True,
        documents.MAX_PLACES,
    )


def test_line_and_column_of_an_offset() -> None:
    text = "one\ntwo\n\nfour é five"
    assert line_and_column(text, 0) == (1, 1)
    assert line_and_column(text, 3) == (1, 4)  # the line break ends line 1
    assert line_and_column(text, 4) == (2, 1)
    assert line_and_column(text, 8) == (3, 1)  # an empty line
    assert line_and_column(text, text.index("five")) == (4, 8)  # code points, not bytes
    assert line_and_column(text, len(text)) == (4, 12)
    for offset in range(len(text) + 1):
        assert line_and_column(text, offset)[0] == line_of(text, offset)
