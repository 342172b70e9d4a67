"""The grammar's promises beyond the phrase table: what it must refuse rather than misread, that
the docs list every hedge it reads, that scanner and parser agree, and that hostile numbers are
refused at once."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run
from helpers import good_record, write
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantity import (
    Qualifier,
    Quantity,
    QuantityError,
    find_quantities,
    format_number,
    parse_quantity,
    quantity_from_data,
)
from claimcheck.quantity.hedges import HEDGE_RE, HEDGE_SYMBOLS, HEDGE_WORDS, HEDGES
from claimcheck.quantity.model import TWO_SIDED

DOCS = Path(__file__).resolve().parent.parent / "docs" / "intervals.md"

# Phrases a careless grammar reads as another number. Each must be refused, with a message
# that names the text, never read.
MUST_REFUSE: list[str] = [
    "1.5b",  # billions, bytes or a tonnage?
    "5T",
    "10G",  # giga or grams
    "300 K",  # thousands or kelvin
    "192.168.1.2",  # an address, a version
    "2.1.3",
    "a trillionth",  # fractions and ordinals the grammar does not read as figures
    "a hundred trillionths",
    "one million two thousand two hundred three fifths",
    "+1-222-2222-2222",  # a telephone number
    "30 l",  # litres or lakh
    "300 kr",  # kronor or crore
    "3b people",
    "100.000",  # 100, or 100 thousand as some write it
    "300m tall",  # metres, not millions
    "100m sprint",
    "twenty first",  # ordinals
    "twenty-first",
    "twenty second",
    "21st",
    "the 3rd",
    "2 pm",  # times of day
    "10 a.m.",
    "10:30",
    "3.30pm",
    "5 o'clock",
    "5 in the morning",
    "twenty past two",
    "1 in 5",  # ratios
    "3 out of 10",
    "0800 123 456",  # a telephone number
    "3/4/2016",  # dates and codes with slashes
    "24/7",
    "12/21",
    "21/12/2016",
    "1995-01",  # ISO months, seasons, decades, dates in words
    "2013-14",
    "1990s",
    "the 1990's",
    "20 December 2016",
    "3 May",
    "COVID-19",  # names with digits
    "F-16",
    "G20",
    "https://example.org/2016/37500",
    "the one you mentioned",  # the pronoun
    "which one do you prefer",
    "a couple",  # no figure at all
    "a few",
    "several thousand",
    "lots of people",
    "nineteen ninety",  # two numbers
    "5 people and 6 dogs",
    "one hundred and two hundred",
    "37,50",  # malformed groups
    "1,5 million",
    "1e5",
    "more than 10 and about 40",  # two-sided bounds not understood
    "between about 3 and more than 5",
    "over 5 but about 9",
    "5 - ",
    "470,000 +/-",
    "$",
    "about",
    "between 5 and",
    "5 pounds 3 ounces",
    "1.2m-1.5k",
]


@pytest.mark.parametrize("phrase", MUST_REFUSE)
def test_phrases_that_must_be_refused(phrase: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(phrase)
    message = str(caught.value)
    assert message.startswith(repr(phrase.strip())) and "is not a quantity: " in message
    assert len(message) > len(repr(phrase)) + len(" is not a quantity: ") + 10


# Of those, the ones that hold no figure at all: the scanner reads nothing in them.
NOT_FIGURES = [*MUST_REFUSE[: MUST_REFUSE.index("lots of people")], "1e5"]


@pytest.mark.parametrize("phrase", MUST_REFUSE)
def test_the_scanner_reads_no_piece_of_a_refused_phrase(phrase: str) -> None:
    """In a sentence, a phrase the parser refuses gives no figure with another value: either
    nothing (where it holds no figure) or what parse_quantity reads from the span found."""
    sentence = f"Officials said {phrase} on the record."
    where = sentence.index(phrase)
    for start, end, quantity in find_quantities(sentence):
        assert parse_quantity(sentence[start:end]) == quantity
        if phrase in NOT_FIGURES:
            assert not (start < where + len(phrase) and where < end), (
                f"{sentence[start:end]!r} read from {phrase!r}"
            )


def test_every_hedge_wording_is_read_as_its_row() -> None:
    """Each alternative of the hedge table is spelled out once, and each spelling is read whole."""
    used: set[int] = set()
    for spelling in (*HEDGE_WORDS, *HEDGE_SYMBOLS, "between", "from"):
        m = HEDGE_RE.match(spelling + " 1")
        assert m is not None and m.end() == len(spelling), spelling
        assert m.lastindex is not None
        used.add(m.lastindex)
    assert used == set(range(1, len(HEDGES) + 1))


def test_the_docs_list_every_hedge_wording() -> None:
    docs = " ".join(DOCS.read_text(encoding="utf-8").replace("`", " ").split()).lower()
    missing = [
        spelling
        for spelling in (*HEDGE_WORDS, *HEDGE_SYMBOLS)
        if not re.search(rf"(?<![\w>=<]){re.escape(spelling)} ?[na(]", docs)
    ]
    assert not missing, f"hedges read but not listed in docs/intervals.md: {missing}"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("1.2m people", "1,200,000 people"),
        ("3bn", "3 billion"),
        ("US$ 1MM", "US$1 million"),
        ("5k", "5 thousand"),
        ("2.33 k", "2,330"),
        ("three hundred Cr", "3 billion"),
        ("12 lakhs", "1.2 million"),
        ("nought point five", "0.5"),
        ("at most 100 and at least 20", "between 20 and 100"),
        ("less than 5000 or equal", "up to 5000"),
        ("three thousand million", "3 billion"),
        ("one hundred and six", "106"),
        ("greater than or equal to 50", "at least 50"),
        ("exceeding 5", "more than 5"),
        ("5 percent", "5%"),
        ("5 per cent", "5 %"),
        ("\u2212273.15", "-273.15"),
        ("minus 20 degrees", "-20 degrees"),
        ("10 people or more", "at least 10 people"),
        ("around 3-5 km", "about 3 to 5 km"),
        ("more than 10 but under 40", "more than 10 and fewer than 40"),
    ],
)
def test_spellings_of_one_figure_are_equal(left: str, right: str) -> None:
    assert parse_quantity(left) == parse_quantity(right)


def test_a_percentage_point_is_not_a_percent() -> None:
    assert parse_quantity("3 percentage points").unit == "percentage points"
    assert parse_quantity("3 percentage points") != parse_quantity("3%")


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

_HEDGE_TEXTS = ["", "about ", "more than ", "at least ", "nearly ", "up to ", "just over "]
_FIGURES = ["37,500", "750", "1.5 million", "1.2m", "$4.7 billion", "two dozen", "-10", "3bn",
            "one hundred and six", "half a million", "twenty-five", "0.5"]  # fmt: skip
_UNITS = ["", " people", " km", "%", " percentage points", " days"]


@given(st.sampled_from(_HEDGE_TEXTS), st.sampled_from(_FIGURES), st.sampled_from(_UNITS))
@settings(max_examples=300)
def test_a_parsed_phrase_is_found_whole_in_a_sentence(hedge: str, figure: str, unit: str) -> None:
    phrase = f"{hedge}{figure}{unit}"
    try:
        quantity = parse_quantity(phrase)
    except QuantityError:
        return  # e.g. a currency with a per cent, or 'nearly -10'
    sentence = f"Officials said {phrase} were counted by Tuesday."
    found = find_quantities(sentence)
    start = sentence.index(phrase)
    assert [(a, b, q) for a, b, q in found] == [(start, start + len(phrase), quantity)]


@given(
    st.sampled_from(list(Qualifier)),
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    st.sampled_from([None, "people", "km", "%", "percentage points", "$"]),
)
@settings(max_examples=300)
def test_parse_of_format_is_the_quantity(qualifier: Qualifier, value: Decimal, unit: str) -> None:
    """parse(fmt(q)) == q wherever the shorthand can say q."""
    if qualifier in (Qualifier.NEARLY, Qualifier.JUST_OVER):
        value = abs(value) or Decimal(1)
    if qualifier in TWO_SIDED:
        q = Quantity(qualifier, None, value, abs(value) + 1, unit)
    else:
        q = Quantity(qualifier, value, unit=unit)
    text = q.to_text()
    if text is not None:
        assert parse_quantity(text) == q
    assert quantity_from_data(q.to_data()) == q
    if q.value is not None:
        assert parse_quantity(format_number(q.value)).value == q.value


@given(
    st.text(alphabet=st.sampled_from(list("0123456789-\u2212+.,\u00bd kmbK$%/:"))),
    st.sampled_from(["", " million", " and a half", " or more", " to 5", "-year"]),
)
@settings(max_examples=400)
def test_the_scanner_never_returns_what_the_parser_refuses(text: str, tail: str) -> None:
    sentence = f"By Friday {text}{tail} people left."
    for start, end, quantity in find_quantities(sentence):
        assert parse_quantity(sentence[start:end]) == quantity


# ---------------------------------------------------------------------------------------------
# Hostile numbers (issue 6): refused at once, whatever their size
# ---------------------------------------------------------------------------------------------

HOSTILE = [
    {"value": 5, "step": "0e-999999999999999999"},
    {"value": "0e-999999999"},
    {"value": "1e999999999"},
    {"value": "1" * 5000},
    {"value": "0." + "0" * 5000 + "1"},
    {"value": 5, "lower": "-1e-99999", "upper": 6},
    {"value": 5, "step": "1E+9999999999999999999999"},
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_huge_exponents_and_digits_are_refused(data: dict[str, object]) -> None:
    started = time.process_time()
    with pytest.raises(QuantityError, match="out of range"):
        quantity_from_data(data)
    assert time.process_time() - started < 1  # not gigabytes of zeros first


def test_a_hostile_exponent_costs_what_a_small_one_costs() -> None:
    """Refusing 0e-999999999 takes about as long as refusing 0e-999: the work does not grow."""

    def cost(exponent: str) -> float:
        started = time.perf_counter()
        for _ in range(200):
            with pytest.raises(QuantityError):
                quantity_from_data({"value": 5, "step": f"0e-{exponent}"})
        return time.perf_counter() - started

    small, huge = min(cost("999") for _ in range(3)), min(cost("9" * 18) for _ in range(3))
    assert huge < 5 * small


def test_list_refuses_a_hostile_exponent_with_a_located_message(run: Run, empty: Path) -> None:
    write(empty, "claims/bad.yaml", good_record("bad") + 'quantity: {value: "0e-999999999"}\n')
    started = time.process_time()
    listed = run(empty, "list")
    assert time.process_time() - started < 5
    assert listed.exit_code == 1
    assert "claims/bad.yaml:7" in listed.output and "out of range" in listed.output
    assert "Traceback" not in listed.output
