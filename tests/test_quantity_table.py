"""The phrase and scan tables: how claimcheck must read figures written the way news writes them.

tests/quantity_table/phrases.txt holds one row per phrase: what parse_quantity must make of it
(an interval with open or closed ends and a unit, or a refusal). tests/quantity_table/scan.txt
holds sentences and the figures find_quantities must find in them, and nothing else. Each row is
one test. The tables' headers document their format and the conventions they follow; the module
tests/quantity_tables.py reads them and compares readings exactly.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from quantity_tables import (
    PHRASES,
    SCANS,
    PhraseRow,
    Reading,
    ScanRow,
    TableError,
    expected_text,
    judge_phrase,
    parse_outcome,
    read_phrase_table,
    read_scan_table,
    same_end,
    scan_problems,
)

from claimcheck.quantity import QuantityError, find_quantities, parse_quantity

PHRASE_ROWS = read_phrase_table(PHRASES)
SCAN_ROWS = read_scan_table(SCANS)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "intervals.md"


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", PHRASE_ROWS, ids=[row.test_id for row in PHRASE_ROWS])
def test_phrase(row: PhraseRow) -> None:
    expected = expected_text(row.outcomes)
    try:
        quantity = parse_quantity(row.phrase)
    except QuantityError as err:
        assert str(err).strip(), f"{row.phrase!r} was refused with an empty message"
        assert row.may_refuse, f"{row.phrase!r} was refused ({err}); expected {expected}"
        return
    result = judge_phrase(row)
    assert result.verdict == "right", (
        f"{row.phrase!r} {result.detail}; expected {expected} ({quantity!r})"
    )


@pytest.mark.parametrize("row", SCAN_ROWS, ids=[row.test_id for row in SCAN_ROWS])
def test_scan(row: ScanRow) -> None:
    found = find_quantities(row.sentence)
    problems = scan_problems(row, found)
    assert not problems, f"in {row.sentence!r}: " + "; ".join(problems)


def test_phrase_table_is_large_and_covers_every_class() -> None:
    assert len(PHRASE_ROWS) >= 450
    sections = {row.section for row in PHRASE_ROWS}
    required = {
        "Plain figures and implied precision",
        "Scale words and abbreviations",
        "Plural scale words",
        "Number words",
        "Number words with British and",
        "Dozens",
        "Fractions",
        "Exact fillers",
        "About and its spellings",
        "More than and its spellings",
        "Just over and well over",
        "At least and its spellings",
        "Nearly and its spellings",
        "Fewer than and its spellings",
        "Up to and its spellings",
        "Two-sided bounds",
        "Hedged ranges",
        "Ranges",
        "Plus or minus",
        "Signs",
        "Percentages",
        "Currencies",
        "Refused: not figures",
        "Refused: malformed or more than one figure",
    }
    assert required <= sections, f"sections missing: {sorted(required - sections)}"
    refusals = [row for row in PHRASE_ROWS if row.outcomes == ("REFUSE",)]
    assert len(refusals) >= 40


def test_scan_table_is_large_and_holds_sentences_without_figures() -> None:
    assert len(SCAN_ROWS) >= 80
    assert sum(1 for row in SCAN_ROWS if not row.figures) >= 15
    assert sum(len(row.figures) for row in SCAN_ROWS) >= 80


def _docs_wordings() -> list[str]:
    """The wordings listed in the first column of docs/intervals.md's table of wordings."""
    wordings: list[str] = []
    in_table = False
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        if cells[0].lower().startswith("wording"):
            in_table = True
            continue
        if in_table and not set(cells[0]) <= set("-: "):
            # Commas inside backticks belong to the wording ('`37,500`'): split outside them.
            wordings += [w.strip() for w in re.split(r",(?=(?:[^`]*`[^`]*`)*[^`]*$)", cells[0])]
    return [w for w in wordings if w]


def _wording_pattern(wording: str) -> re.Pattern[str]:
    """A wording as a regex: its placeholder letters (N, A, B, V, D, X, Y) stand for figures,
    in digits ('37,500', '2½', '-10') or in words ('two', 'twenty-five')."""
    figure = r"(?:[-+\u2212]?[0-9.,\u00bc-\u00be]+[a-z]*|[a-z]+(?:-[a-z]+)?)"
    parts = []
    for token in wording.replace("`", "").split():
        pieces = re.split(r"\b([ABDNVXY])\b", token)
        parts.append(
            "".join(figure if i % 2 else re.escape(piece) for i, piece in enumerate(pieces))
        )
    return re.compile(r"(?<!\w)" + r"\s+".join(parts), re.IGNORECASE)


def test_every_wording_in_the_docs_has_a_row() -> None:
    wordings = _docs_wordings()
    assert len(wordings) >= 30, "docs/intervals.md has no table of wordings in its usual form"
    phrases = [row.phrase for row in PHRASE_ROWS if row.readings]
    missing = [w for w in wordings if not any(_wording_pattern(w).search(p) for p in phrases)]
    assert not missing, f"wordings of docs/intervals.md with no row in phrases.txt: {missing}"


# ---------------------------------------------------------------------------------------------
# The table reader and the comparison
# ---------------------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_outcome_notation() -> None:
    assert parse_outcome("[37_450, 37_550) people", nothing="REFUSE") == Reading(
        Fraction(37450), Fraction(37550), True, False, "people"
    )
    assert parse_outcome("(400000, inf)", nothing="REFUSE") == Reading(
        Fraction(400000), float("inf"), False, False, None
    )
    assert parse_outcome("[1/2, 5/6)", nothing="REFUSE") == Reading(
        Fraction(1, 2), Fraction(5, 6), True, False, None
    )
    assert parse_outcome("[-15, -5) c", nothing="REFUSE") == Reading(
        Fraction(-15), Fraction(-5), True, False, "c"
    )
    assert parse_outcome(" REFUSE ", nothing="REFUSE") == "REFUSE"
    assert parse_outcome("SKIP", nothing="SKIP") == "SKIP"


@pytest.mark.parametrize(
    ("outcome", "why"),
    [
        ("37450", "neither REFUSE nor an interval"),
        ("[37,450, 37,550)", "neither REFUSE nor an interval"),
        ("[1e5, 2e5)", "is not a number"),
        ("[5, 3]", "runs backwards"),
        ("[400000, inf]", "closes an infinite end"),
        ("[-inf, 5)", "closes an infinite end"),
        ("SKIP", "neither REFUSE nor an interval"),
    ],
)
def test_malformed_outcomes_are_explained(outcome: str, why: str) -> None:
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_outcome(outcome, nothing="REFUSE")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("## s\n5 people [4.5, 5.5) people\n", "table.txt:2: expected 'phrase => outcome'"),
        ("5 => [4.5, 5.5)\n", "table.txt:1: a row before the first '## section'"),
        ("## s\n5 => [4.5, 5.5)\n5 => [4.5, 5.5)\n", "table.txt:3: '5' is already on line 2"),
        ("## s\n5 => [4.5; 5.5)\n", "table.txt:2: outcome '[4.5; 5.5)'"),
        ("## s\n5 => [4.5, 5.5) | [4.5, 5.5)\n", "table.txt:2: the same outcome is written twice"),
        ("## s\n => REFUSE\n", "table.txt:2: the phrase is empty"),
    ],
)
def test_malformed_phrase_rows_are_explained(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(TableError, match=re.escape(why)):
        read_phrase_table(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("> Some 5 people.\n", "table.txt:1: a sentence without figure lines"),
        ("> 5 people.\n  6 people => [5.5, 6.5) people\n", "table.txt:2: '6 people' does not"),
        ("> 5 people.\n  5 people => SKIP\n", "table.txt:2: SKIP alone says nothing"),
        ("> 5 people.\n  5 people => REFUSE\n", "table.txt:2: outcome 'REFUSE'"),
        ("> None here.\n  (none)\n  (none)\n", "table.txt:3: '(none)' must be the only line"),
        ("  (none)\n", "table.txt:1: expected '> sentence'"),
    ],
)
def test_malformed_scan_rows_are_explained(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(TableError, match=re.escape(why)):
        read_scan_table(_write(tmp_path, text))


def test_escapes_and_comments_are_read(tmp_path: Path) -> None:
    table = "# a comment\n\n## s\n#5 => REFUSE\n36\\u00a0086  =>  [36085.5, 36086.5)\n"
    rows = read_phrase_table(_write(tmp_path, table))
    assert [row.phrase for row in rows] == ["#5", "36\u00a0086"]
    assert rows[1].outcomes == (
        Reading(Fraction("36085.5"), Fraction("36086.5"), True, False, None),
    )


def test_ends_are_compared_exactly() -> None:
    assert same_end(0.1, Fraction(1, 10))  # the float nearest to 1/10
    assert not same_end(0.1 + 1e-12, Fraction(1, 10))
    assert same_end(37450.0, Fraction(37450))
    assert not same_end(37450.0, Fraction(37451))
    assert same_end(float("inf"), float("inf"))
    assert not same_end(float("-inf"), float("inf"))
    assert not same_end(1e300, float("inf"))
    assert same_end(Fraction(5, 6), Fraction(5, 6))
    assert not same_end(float(Fraction(5, 6)) * (1 + 1e-15), Fraction(5, 6))


def test_scan_problems_name_what_is_wrong(tmp_path: Path) -> None:
    table = (
        "> About 750 people and 2 pm.\n"
        "  About 750 people => [675, 825] people\n"
        "> Some 37,500 people.\n"
        "  Some 37,500 people => [33750, 41250] people | SKIP\n"
    )
    first, second = read_scan_table(_write(tmp_path, table))
    people = parse_quantity("about 750 people")
    assert scan_problems(first, [(0, 16, people)]) == []
    assert scan_problems(first, [(0, 16, people), (21, 25, parse_quantity("2 people"))]) == [
        "found '2 pm', which is not a figure here"
    ]
    assert scan_problems(first, [(6, 16, parse_quantity("750 people"))]) == [
        "found '750 people' where the figure is 'About 750 people'"
    ]
    assert scan_problems(first, []) == ["missed 'About 750 people' ([675, 825] people)"]
    assert scan_problems(second, []) == []  # it may be skipped
    wrong = scan_problems(second, [(0, 18, parse_quantity("37,500 people"))])
    assert wrong == [
        "read 'Some 37,500 people' as [37450.0, 37550.0) people; "
        "expected [33_750, 41_250] people | SKIP"
    ]


def _row(phrase: str, *outcome: object) -> PhraseRow:
    """A one-row table: the phrase and one outcome, 'REFUSE' or (low, high, closed ends, unit)."""
    if outcome == ("REFUSE",):
        return PhraseRow(1, "s", phrase, ("REFUSE",))
    low, high, low_closed, high_closed, unit = outcome
    assert isinstance(low, int) and isinstance(high, int)
    assert isinstance(low_closed, bool) and isinstance(high_closed, bool)
    assert unit is None or isinstance(unit, str)
    reading = Reading(Fraction(low), Fraction(high), low_closed, high_closed, unit)
    return PhraseRow(1, "s", phrase, (reading,))


def test_judging_a_phrase() -> None:
    assert judge_phrase(_row("about 750", 675, 825, True, True, None)).verdict == "right"
    assert judge_phrase(_row("about 750 people", 675, 825, True, True, None)).verdict == "wrong"
    assert judge_phrase(_row("about 750", 675, 825, True, False, None)).verdict == "wrong"
    assert judge_phrase(_row("about 750", 674, 825, True, True, None)).verdict == "wrong"
    assert judge_phrase(_row("lots of people", 1, 2, True, True, None)).verdict == "refused"
    assert judge_phrase(_row("lots of people", "REFUSE")).verdict == "right"
    assert judge_phrase(_row("750", "REFUSE")).verdict == "wrong"
