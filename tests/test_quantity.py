"""Tests for claimcheck.quantity: shorthand grammar, intervals, canonical forms, prose scanning."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck.quantity.scan as qscan
from claimcheck.quantity import (
    Interval,
    Qualifier,
    Quantity,
    QuantityError,
    find_quantities,
    format_number,
    parse_quantity,
    quantity_from_data,
)

EXACT = Qualifier.EXACT
ABOUT = Qualifier.ABOUT
MORE_THAN = Qualifier.MORE_THAN
AT_LEAST = Qualifier.AT_LEAST
NEARLY = Qualifier.NEARLY
JUST_OVER = Qualifier.JUST_OVER
FEWER_THAN = Qualifier.FEWER_THAN
UP_TO = Qualifier.UP_TO
BETWEEN = Qualifier.BETWEEN

NBSP, NNBSP, THIN, EN_DASH, PM = "\u00a0", "\u202f", "\u2009", "\u2013", "\u00b1"

# ---------------------------------------------------------------------------------------------
# The grammar: shorthand -> (qualifier, value, lower, upper, unit, str(interval)) at tolerance 0.1
# ---------------------------------------------------------------------------------------------

D = Decimal
GRAMMAR: list[tuple[str, Qualifier, str | None, str | None, str | None, str | None, str]] = [
    # thousands separators and implied precision
    ("37,500", EXACT, "37500", None, None, None, "[37,450, 37,550)"),
    ("37,500 people", EXACT, "37500", None, None, "people", "[37,450, 37,550)"),
    ("750", EXACT, "750", None, None, None, "[745, 755)"),
    ("25,000", EXACT, "25000", None, None, None, "[24,500, 25,500)"),
    ("400,000", EXACT, "400000", None, None, None, "[350,000, 450,000)"),
    ("1,312", EXACT, "1312", None, None, None, "[1,311.5, 1,312.5)"),
    ("16,200", EXACT, "16200", None, None, None, "[16,150, 16,250)"),
    ("0", EXACT, "0", None, None, None, "[-0.5, 0.5)"),
    ("1,500,000", EXACT, "1500000", None, None, None, "[1,450,000, 1,550,000)"),
    ("36 086", EXACT, "36086", None, None, None, "[36,085.5, 36,086.5)"),
    (f"36{NBSP}086 people", EXACT, "36086", None, None, "people", "[36,085.5, 36,086.5)"),
    (f"36{NNBSP}086", EXACT, "36086", None, None, None, "[36,085.5, 36,086.5)"),
    (f"36{THIN}086", EXACT, "36086", None, None, None, "[36,085.5, 36,086.5)"),
    # decimals
    ("1.5", EXACT, "1.5", None, None, None, "[1.45, 1.55)"),
    ("2.75 km", EXACT, "2.75", None, None, "km", "[2.745, 2.755)"),
    ("1.50", EXACT, "1.5", None, None, None, "[1.495, 1.505)"),
    ("37,500.5", EXACT, "37500.5", None, None, None, "[37,500.45, 37,500.55)"),
    # multipliers
    ("1.5 million", EXACT, "1500000", None, None, None, "[1,450,000, 1,550,000)"),
    ("37.5k", EXACT, "37500", None, None, None, "[37,450, 37,550)"),
    ("37.5K people", EXACT, "37500", None, None, "people", "[37,450, 37,550)"),
    ("3 thousand", EXACT, "3000", None, None, None, "[2,500, 3,500)"),
    ("2 billion", EXACT, "2000000000", None, None, None, "[1,500,000,000, 2,500,000,000)"),
    ("2.0 million", EXACT, "2000000", None, None, None, "[1,950,000, 2,050,000)"),
    # number words
    ("six years", EXACT, "6", None, None, "years", "[5.5, 6.5)"),
    ("nineteen", EXACT, "19", None, None, None, "[18.5, 19.5)"),
    ("twenty-five people", EXACT, "25", None, None, "people", "[24.5, 25.5)"),
    ("a hundred people", EXACT, "100", None, None, "people", "[50, 150)"),
    ("one hundred", EXACT, "100", None, None, None, "[50, 150)"),
    ("six hundred", EXACT, "600", None, None, None, "[550, 650)"),
    ("a thousand", EXACT, "1000", None, None, None, "[500, 1,500)"),
    ("two thousand five hundred", EXACT, "2500", None, None, None, "[2,450, 2,550)"),
    ("a day", EXACT, "1", None, None, "day", "[0.5, 1.5)"),
    ("an hour", EXACT, "1", None, None, "hour", "[0.5, 1.5)"),
    ("zero", EXACT, "0", None, None, None, "[-0.5, 0.5)"),
    # exact fillers
    ("a total of 37,500 people", EXACT, "37500", None, None, "people", "[37,450, 37,550)"),
    ("a figure of 750", EXACT, "750", None, None, None, "[745, 755)"),
    ("exactly 750", EXACT, "750", None, None, None, "[745, 755)"),
    # about: v +/- max(step/2, 0.1 v)
    ("about 34,000", ABOUT, "34000", None, None, None, "[30,600, 37,400]"),
    ("about 35,000", ABOUT, "35000", None, None, None, "[31,500, 38,500]"),
    ("around 750", ABOUT, "750", None, None, None, "[675, 825]"),
    ("some 37,500 people", ABOUT, "37500", None, None, "people", "[33,750, 41,250]"),
    ("roughly 1.5 million", ABOUT, "1500000", None, None, None, "[1,350,000, 1,650,000]"),
    ("approximately 200", ABOUT, "200", None, None, None, "[150, 250]"),
    ("approx. 210", ABOUT, "210", None, None, None, "[189, 231]"),
    ("an estimated 500", ABOUT, "500", None, None, None, "[450, 550]"),
    ("estimated 500 deaths", ABOUT, "500", None, None, "deaths", "[450, 550]"),
    ("circa 1,000", ABOUT, "1000", None, None, None, "[500, 1,500]"),
    ("ca. 1,050", ABOUT, "1050", None, None, None, "[945, 1,155]"),
    ("~500", ABOUT, "500", None, None, None, "[450, 550]"),
    ("about 5", ABOUT, "5", None, None, None, "[4.5, 5.5]"),
    ("500 or so", ABOUT, "500", None, None, None, "[450, 550]"),
    # more than
    ("more than 400,000 people", MORE_THAN, "400000", None, None, "people", "(400,000, inf)"),
    ("over 400,000 people", MORE_THAN, "400000", None, None, "people", "(400,000, inf)"),
    ("above 50", MORE_THAN, "50", None, None, None, "(50, inf)"),
    ("in excess of 1,000", MORE_THAN, "1000", None, None, None, "(1,000, inf)"),
    ("upwards of 1,000", MORE_THAN, "1000", None, None, None, "(1,000, inf)"),
    (">400,000", MORE_THAN, "400000", None, None, None, "(400,000, inf)"),
    ("more than a year", MORE_THAN, "1", None, None, "year", "(1, inf)"),
    # at least
    ("at least 750", AT_LEAST, "750", None, None, None, "[750, inf)"),
    ("no fewer than 750", AT_LEAST, "750", None, None, None, "[750, inf)"),
    ("no less than 750", AT_LEAST, "750", None, None, None, "[750, inf)"),
    ("a minimum of 750", AT_LEAST, "750", None, None, None, "[750, inf)"),
    ("400,000+ people", AT_LEAST, "400000", None, None, "people", "[400,000, inf)"),
    ("750 or more people", AT_LEAST, "750", None, None, "people", "[750, inf)"),
    # nearly: [v (1 - 0.1), v)
    ("nearly 19,000", NEARLY, "19000", None, None, None, "[17,100, 19,000)"),
    ("almost 19,000", NEARLY, "19000", None, None, None, "[17,100, 19,000)"),
    ("close to 19,000", NEARLY, "19000", None, None, None, "[17,100, 19,000)"),
    ("just under 19,000", NEARLY, "19000", None, None, None, "[17,100, 19,000)"),
    ("nearly six-year-long", NEARLY, "6", None, None, "years", "[5.4, 6)"),
    ("almost two weeks", NEARLY, "2", None, None, "weeks", "[1.8, 2)"),
    # fewer than
    ("fewer than 100", FEWER_THAN, "100", None, None, None, "(-inf, 100)"),
    ("less than 100", FEWER_THAN, "100", None, None, None, "(-inf, 100)"),
    ("under 100 children", FEWER_THAN, "100", None, None, "children", "(-inf, 100)"),
    ("below 100", FEWER_THAN, "100", None, None, None, "(-inf, 100)"),
    ("<100", FEWER_THAN, "100", None, None, None, "(-inf, 100)"),
    # up to
    ("up to 5,000", UP_TO, "5000", None, None, None, "(-inf, 5,000]"),
    ("at most 5,000", UP_TO, "5000", None, None, None, "(-inf, 5,000]"),
    ("no more than 5,000", UP_TO, "5000", None, None, None, "(-inf, 5,000]"),
    ("a maximum of two days", UP_TO, "2", None, None, "days", "(-inf, 2]"),
    ("5 or fewer", UP_TO, "5", None, None, None, "(-inf, 5]"),
    ("5 or less", UP_TO, "5", None, None, None, "(-inf, 5]"),
    # ranges
    ("between 1,200 and 1,312 people", BETWEEN, None, "1200", "1312", "people", "[1,200, 1,312]"),
    ("from 1,200 to 1,312 people", BETWEEN, None, "1200", "1312", "people", "[1,200, 1,312]"),
    ("1,200 to 1,312 people", BETWEEN, None, "1200", "1312", "people", "[1,200, 1,312]"),
    ("1,200-1,312 people", BETWEEN, None, "1200", "1312", "people", "[1,200, 1,312]"),
    (f"1,200{EN_DASH}1,312 people", BETWEEN, None, "1200", "1312", "people", "[1,200, 1,312]"),
    ("1,200 - 1,312", BETWEEN, None, "1200", "1312", None, "[1,200, 1,312]"),
    ("six to eight weeks", BETWEEN, None, "6", "8", "weeks", "[6, 8]"),
    ("1.2-1.5 million", BETWEEN, None, "1200000", "1500000", None, "[1,200,000, 1,500,000]"),
    ("between 500 and 2 million", BETWEEN, None, "500", "2000000", None, "[500, 2,000,000]"),
    ("between 5 and 5", BETWEEN, None, "5", "5", None, "[5, 5]"),
    # plus-minus bounds
    (f"470,000 {PM} 23,500", EXACT, "470000", "446500", "493500", None, "[446,500, 493,500]"),
    ("470,000 +/- 5%", EXACT, "470000", "446500", "493500", None, "[446,500, 493,500]"),
    ("470,000 plus or minus 5%", EXACT, "470000", "446500", "493500", None, "[446,500, 493,500]"),
    (
        f"470,000 {PM}5 per cent people",
        EXACT,
        "470000",
        "446500",
        "493500",
        "people",
        "[446,500, 493,500]",
    ),
    # adjective durations
    ("six-year", EXACT, "6", None, None, "years", "[5.5, 6.5)"),
    ("six-year-long", EXACT, "6", None, None, "years", "[5.5, 6.5)"),
    ("six-year-old", EXACT, "6", None, None, "years", "[5.5, 6.5)"),
    ("6-year", EXACT, "6", None, None, "years", "[5.5, 6.5)"),
    ("two-day", EXACT, "2", None, None, "days", "[1.5, 2.5)"),
    ("24-hour", EXACT, "24", None, None, "hours", "[23.5, 24.5)"),
    # units, case and whitespace
    ("5%", EXACT, "5", None, None, "%", "[4.5, 5.5)"),
    ("5km", EXACT, "5", None, None, "km", "[4.5, 5.5)"),
    (
        "  MORE   THAN   400,000   PEOPLE  ",
        MORE_THAN,
        "400000",
        None,
        None,
        "people",
        "(400,000, inf)",
    ),
    ("About 750 Civilians", ABOUT, "750", None, None, "civilians", "[675, 825]"),
    ("Nearly\tSix-Year-Long", NEARLY, "6", None, None, "years", "[5.4, 6)"),
    (
        f"{NBSP}37,500  people   killed\n",
        EXACT,
        "37500",
        None,
        None,
        "people killed",
        "[37,450, 37,550)",
    ),
    # the mirror of nearly, two-sided bounds and approximate ranges
    ("just over 1,000 people", JUST_OVER, "1000", None, None, "people", "(1,000, 1,100]"),
    (
        "more than 10 and fewer than 40",
        Qualifier.MORE_THAN_FEWER_THAN,
        None,
        "10",
        "40",
        None,
        "(10, 40)",
    ),
    ("more than 10 and up to 40", Qualifier.MORE_THAN_UP_TO, None, "10", "40", None, "(10, 40]"),
    (
        "at least 10 and fewer than 40",
        Qualifier.AT_LEAST_FEWER_THAN,
        None,
        "10",
        "40",
        None,
        "[10, 40)",
    ),
    ("about 35 to 45 people", ABOUT, None, "35", "45", "people", "[31.5, 49.5]"),
]


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "lower", "upper", "unit", "interval"),
    GRAMMAR,
    ids=[row[0].strip() for row in GRAMMAR],
)
def test_grammar(
    text: str,
    qualifier: Qualifier,
    value: str | None,
    lower: str | None,
    upper: str | None,
    unit: str | None,
    interval: str,
) -> None:
    q = parse_quantity(text)
    assert q.qualifier is qualifier
    assert q.value == _dec(value)
    assert q.lower == _dec(lower)
    assert q.upper == _dec(upper)
    assert q.unit == unit
    assert str(q.interval()) == interval
    # Whatever the spelling, the canonical forms read back as the same quantity.
    assert quantity_from_data(q.to_data()) == q


def test_grammar_table_is_large_enough() -> None:
    assert len(GRAMMAR) >= 60
    assert {row[1] for row in GRAMMAR} == set(Qualifier)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("over 400,000 people", "more than 400,000 people"),
        ("some 750", "about 750"),
        ("400,000+", "at least 400,000"),
        ("37.5k", "37,500"),
        ("1.5 million", "1,500,000"),
        ("six-year-long", "6 years"),
        ("1,200-1,312", "between 1,200 and 1,312"),
        ("470,000 +/- 5%", f"470,000 {PM} 23,500"),
        ("a maximum of two days", "up to 2 days"),
    ],
)
def test_spellings_of_the_same_meaning_are_equal(left: str, right: str) -> None:
    assert parse_quantity(left) == parse_quantity(right)
    assert hash(parse_quantity(left)) == hash(parse_quantity(right))


def test_different_meanings_are_not_equal() -> None:
    assert parse_quantity("37,500") != parse_quantity("37,500 people")
    assert parse_quantity("about 750") != parse_quantity("750")
    assert parse_quantity("1.50") != parse_quantity("1.5")  # same value, finer step


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("37,500", "100"),
        ("25,000", "1000"),
        ("400,000", "100000"),
        ("750", "10"),
        ("1,312", "1"),
        ("16,200", "100"),
        ("0", "1"),
        ("1.5", "0.1"),
        ("2.75", "0.01"),
        ("1.5 million", "100000"),
        ("37.5k", "100"),
        ("2.0 million", "100000"),
        ("six", "1"),
        ("six hundred", "100"),
        ("about 34,000", "1000"),
        ("between 1,200 and 1,310", "10"),  # the finer of the two ends
    ],
)
def test_implied_step(text: str, step: str) -> None:
    assert parse_quantity(text).implied_step() == Decimal(step)


# ---------------------------------------------------------------------------------------------
# Not quantities
# ---------------------------------------------------------------------------------------------

NOT_QUANTITIES: list[tuple[str, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    ("lots of people", "expected a number"),
    ("37,500 or so and more", "unexpected 'and more'"),
    ("between 5 and", "between A and B"),
    ("from 5", "from A to B"),
    ("more than", "expected a number after 'more than'"),
    ("about", "expected a number after 'about'"),
    ("people", "expected a number"),
    ("%", "expected a number"),
    ("37,50", "malformed number '37,50'"),
    ("3,7500", "malformed number '3,7500'"),
    ("1,5 people", "malformed number '1,5'"),
    ("a", "expected a number"),
    ("a lot of people", "expected a number"),
    ("between 10 and 5", "runs backwards"),
    ("up to 5-10", "cannot qualify a range"),
    ("21/12/2016", "date"),
    ("21st", "ordinal"),
    ("six-year war", "unexpected 'war'"),
    ("five six", "two numbers"),
    ("1e5", "unexpected 'e5'"),
    ("5 and 6", "unexpected 'and 6'"),
    ("5 - ", "unexpected '-'"),
    ("- 5", "expected a number"),
    ("470,000 +/-", "expected a number after"),
    ("5 +/- -1", "expected a number after"),
    ("1" * 50, "out of range"),
]


@pytest.mark.parametrize(
    ("text", "why"), NOT_QUANTITIES, ids=[r[0].strip() or "blank" for r in NOT_QUANTITIES]
)
def test_not_a_quantity(text: str, why: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert repr(text.strip() or text) in message  # names the offending text
    assert "is not a quantity" in message
    assert why in message
    assert "\n" not in message


def test_not_a_quantity_message_reads_well() -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity("lots of people")
    assert str(caught.value) == (
        "'lots of people' is not a quantity: expected a number such as '37,500', "
        "'about 750' or 'more than 400,000 people'"
    )


def test_quantity_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_quantity("nonsense")


def test_parse_rejects_non_text() -> None:
    with pytest.raises(QuantityError, match="must be a string"):
        parse_quantity(37500)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Canonical text and data
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("over 400,000 people", "more than 400,000 people"),
        ("nearly six-year-long", "nearly 6 years"),
        ("1,200-1,312 people", "between 1,200 and 1,312 people"),
        ("470,000 +/- 5%", f"470,000 {PM} 23,500"),
        ("1.5 million", "1,500,000"),
        ("37.5k", "37,500"),
        ("an estimated 500", "about 500"),
        ("no fewer than 750", "at least 750"),
        ("under 100", "fewer than 100"),
        ("a maximum of two days", "up to 2 days"),
        ("1.5", "1.5"),
        ("a day", "1 day"),
    ],
)
def test_to_text(text: str, canonical: str) -> None:
    q = parse_quantity(text)
    assert q.to_text() == canonical
    assert q.to_data() == canonical
    assert str(q) == canonical


def test_to_text_none_when_the_step_cannot_be_written() -> None:
    q = Quantity(EXACT, Decimal("37500"), unit="people", step=Decimal("1"))
    assert q.to_text() is None
    assert q.to_data() == {"value": 37500, "unit": "people", "step": 1}
    assert str(q) == "value 37,500; unit people; step 1"
    assert str(q.interval()) == "[37,499.5, 37,500.5)"


def test_to_text_none_for_asymmetric_bounds() -> None:
    q = Quantity(EXACT, Decimal("470000"), Decimal("446500"), Decimal("500000"))
    assert q.to_text() is None
    assert q.to_data() == {"value": 470000, "lower": 446500, "upper": 500000}


def test_to_text_none_when_the_unit_would_read_differently() -> None:
    q = Quantity(EXACT, Decimal("5"), unit="million people")
    assert q.to_text() is None  # "5 million people" would be 5,000,000 people
    assert quantity_from_data(q.to_data()) == q


def test_to_data_of_written_precision() -> None:
    assert parse_quantity("2.0 million").to_data() == {"value": 2000000, "step": 100000}
    assert parse_quantity("1.50").to_data() == {"value": 1.5, "step": 0.01}


def test_to_data_between_with_value_keeps_key_order() -> None:
    q = Quantity(BETWEEN, Decimal("1250"), Decimal("1200"), Decimal("1312"), "people")
    data = q.to_data()
    assert data == {
        "value": 1250,
        "qualifier": "between",
        "lower": 1200,
        "upper": 1312,
        "unit": "people",
    }
    assert isinstance(data, dict)
    assert list(data) == ["value", "qualifier", "lower", "upper", "unit"]
    assert type(data["qualifier"]) is str  # plain str, safe for yaml.safe_dump


def test_explicit_step_equal_to_implied_is_dropped() -> None:
    assert Quantity(EXACT, Decimal("37500"), step=Decimal("100")) == parse_quantity("37,500")
    assert Quantity(EXACT, Decimal("37500"), step=Decimal("100")).step is None


# ---------------------------------------------------------------------------------------------
# The mapping form
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"value": 37500, "qualifier": "exact", "unit": "people", "step": 100},
            parse_quantity("37,500 people"),
        ),
        (
            {"qualifier": "between", "lower": 1200, "upper": 1312, "unit": "people"},
            parse_quantity("between 1,200 and 1,312 people"),
        ),
        (
            {"value": 470000, "lower": 446500, "upper": 493500},
            parse_quantity("470,000 +/- 5%"),
        ),
        ({"value": "37,500", "qualifier": "more_than"}, parse_quantity("more than 37,500")),
        ({"value": 1.5, "qualifier": "about"}, parse_quantity("about 1.5")),
        ({"value": "400000", "qualifier": "more than"}, parse_quantity("more than 400,000")),
        ({"value": 6, "qualifier": "NEARLY", "unit": "Years"}, parse_quantity("nearly 6 years")),
        ({"value": 750, "unit": None}, parse_quantity("750")),
        ("about 750 people", parse_quantity("about 750 people")),
        (37500, parse_quantity("37,500")),
        (
            {"value": 37500, "step": 1},
            Quantity(EXACT, Decimal("37500"), step=Decimal("1")),
        ),
        (
            {"value": 1250, "qualifier": "between", "lower": 1200, "upper": 1312},
            Quantity(BETWEEN, Decimal("1250"), Decimal("1200"), Decimal("1312")),
        ),
    ],
)
def test_mapping_form(data: object, expected: Quantity) -> None:
    assert quantity_from_data(data) == expected


def test_quantity_passes_through() -> None:
    q = parse_quantity("about 750")
    assert quantity_from_data(q) is q


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"amount": 5},
            "quantity has unknown key 'amount'; expected one of value, qualifier, lower, upper, "
            "unit, step",
        ),
        ({"qualifier": "about"}, "quantity has no value; qualifier about needs one"),
        ({}, "quantity has no value; qualifier exact needs one"),
        ({"value": True}, "quantity value must be a number, not the boolean True"),
        ({"value": [1]}, "quantity value must be a number, got list [1]"),
        ({"value": "lots"}, "quantity value must be a number, got 'lots'"),
        ({"value": float("nan")}, "quantity value must be a finite number"),
        ({"value": -5, "qualifier": "nearly"}, "'nearly' a negative figure is ambiguous"),
        ({"value": 5, "step": 0}, "quantity step must be greater than 0, got 0"),
        ({"value": 5, "step": -1}, "quantity step must be greater than 0, got -1"),
        ({"value": 5, "step": False}, "quantity step must be a number, not the boolean False"),
        ({"value": 5, "qualifier": "roughly"}, "quantity qualifier 'roughly' is not one of exact"),
        ({"value": 5, "qualifier": 3}, "quantity qualifier 3 is not one of"),
        ({"value": 5, "unit": 7}, "quantity unit must be a word such as 'people', got int 7"),
        ({"value": 5, "unit": "  "}, "quantity unit must not be empty"),
        ({"qualifier": "between", "lower": 5}, "between needs both lower and upper"),
        (
            {"qualifier": "between", "lower": 1312, "upper": 1200},
            "quantity lower 1,312 is greater than upper 1,200",
        ),
        (
            {"qualifier": "between", "value": 2000, "lower": 1200, "upper": 1312},
            "quantity value 2,000 lies outside its bounds 1,200 to 1,312",
        ),
        (
            {"value": 5, "qualifier": "about", "lower": 4, "upper": 6},
            "lower/upper are only allowed with qualifier exact",
        ),
        ({"value": 5, "lower": 4}, "quantity \u00b1 bounds need both lower and upper"),
        ({"value": 10, "lower": 4, "upper": 6}, "quantity value 10 lies outside its bounds 4 to 6"),
        ({"value": 10**60}, "quantity value is out of range"),
        (["37,500"], "quantity must be text such as 'about 750 people' or a mapping"),
        (None, "quantity must be text"),
        (False, "not the boolean False"),
        ("lots of people", "'lots of people' is not a quantity"),
    ],
)
def test_mapping_form_errors(data: object, message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        quantity_from_data(data)
    assert message in str(caught.value)


def test_unknown_key_message_exactly() -> None:
    with pytest.raises(QuantityError) as caught:
        quantity_from_data({"value": 5, "amount": 5})
    assert str(caught.value) == (
        "quantity has unknown key 'amount'; expected one of value, qualifier, lower, upper, "
        "unit, step"
    )


# ---------------------------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------------------------

INF = math.inf


def closed(a: float, b: float) -> Interval:
    return Interval(a, b, True, True)


def half_open(a: float, b: float) -> Interval:
    return Interval(a, b, True, False)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (half_open(1, 2), closed(2, 3), False),
        (closed(1, 2), closed(2, 3), True),
        (closed(1, 2), Interval(2, 3, False, True), False),
        (closed(1, 3), closed(2, 2), True),
        (Interval(400_000, INF, False, False), closed(37_450, 37_550), False),
        (Interval(400_000, INF, False, False), closed(350_000, 450_000), True),
        (Interval(-INF, 19_000, False, False), half_open(17_100, 19_000), True),
        (Interval(-INF, 100, False, False), Interval(100, INF, True, False), False),
        (Interval(-INF, 100, False, True), Interval(100, INF, True, False), True),
        (half_open(2, 2), closed(0, 5), False),  # empty overlaps nothing
    ],
)
def test_overlaps(a: Interval, b: Interval, overlap: bool) -> None:
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap


@pytest.mark.parametrize(
    ("outer", "inner", "inside"),
    [
        (closed(30_600, 37_400), half_open(37_450, 37_550), False),
        (closed(31_500, 38_500), half_open(37_450, 37_550), True),
        (half_open(1, 2), closed(1, 2), False),  # 2 is in inner but not in outer
        (closed(1, 2), half_open(1, 2), True),
        (Interval(1, 2, False, True), closed(1, 2), False),
        (Interval(400_000, INF, False, False), Interval(400_000, INF, True, False), False),
        (Interval(400_000, INF, True, False), Interval(400_000, INF, False, False), True),
        (Interval(-INF, INF, False, False), closed(-5, 5), True),
        (closed(0, 1), half_open(3, 3), True),  # the empty set is inside everything
        (half_open(3, 3), closed(0, 1), False),
    ],
)
def test_contains(outer: Interval, inner: Interval, inside: bool) -> None:
    assert outer.contains(inner) is inside


def test_contains_value() -> None:
    i = half_open(37_450, 37_550)
    assert i.contains_value(37_450)
    assert i.contains_value(37_500)
    assert not i.contains_value(37_550)
    assert not i.contains_value(37_449.99)
    assert not Interval(400_000, INF, False, False).contains_value(400_000)
    assert Interval(400_000, INF, False, False).contains_value(1e12)
    assert not Interval(0, INF, True, True).contains_value(INF)


def test_is_empty() -> None:
    assert half_open(2, 2).is_empty()
    assert Interval(2, 2, False, True).is_empty()
    assert closed(3, 2).is_empty()
    assert not closed(2, 2).is_empty()
    assert not Interval(-INF, INF, False, False).is_empty()


def test_floor_and_ceiling() -> None:
    reported = closed(37_450, 37_550)
    assert reported.floor() == Interval(37_450, INF, True, False)
    assert reported.ceiling() == Interval(-INF, 37_550, False, True)
    assert str(Interval(400_000, INF, False, False).floor()) == "(400,000, inf)"
    assert str(half_open(17_100, 19_000).ceiling()) == "(-inf, 19,000)"
    # A running total of 37,500 on Monday cannot be 30,000 on Friday, but can be 45,000.
    monday = parse_quantity("37,500").interval().floor()
    assert not monday.overlaps(parse_quantity("30,000").interval())
    assert monday.overlaps(parse_quantity("45,000").interval())


def test_infinite_ends_are_open() -> None:
    assert Interval(0, INF, True, True) == Interval(0, INF, True, False)
    assert str(Interval(-INF, 5, True, True)) == "(-inf, 5]"


def test_nan_interval_rejected() -> None:
    with pytest.raises(ValueError, match="NaN"):
        Interval(math.nan, 1, True, True)


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (half_open(37_450, 37_550), "[37,450, 37,550)"),
        (Interval(400_000, INF, False, False), "(400,000, inf)"),
        (Interval(-INF, 19_000, False, False), "(-inf, 19,000)"),
        (half_open(17_100, 19_000), "[17,100, 19,000)"),
        (half_open(5.4, 6), "[5.4, 6)"),
        (half_open(1.5, 2.5), "[1.5, 2.5)"),
        (closed(0.1 + 0.2, 1 / 3), "[0.3, 0.3333]"),
        (closed(1234.56789, 2e6), "[1,234.5679, 2,000,000]"),
    ],
)
def test_interval_str(interval: Interval, text: str) -> None:
    assert str(interval) == text


def test_tolerance_changes_vague_hedges_only() -> None:
    about = parse_quantity("about 34,000")
    assert str(about.interval(0.05)) == "[32,300, 35,700]"
    assert str(about.interval(0)) == "[33,500, 34,500]"  # never narrower than the rounding
    assert str(parse_quantity("nearly 19,000").interval(0.2)) == "[15,200, 19,000)"
    assert str(parse_quantity("37,500").interval(0.5)) == "[37,450, 37,550)"
    with pytest.raises(ValueError, match="tolerance"):
        about.interval(1.0)
    with pytest.raises(ValueError, match="tolerance"):
        about.interval(-0.1)


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (Decimal("37500"), "37,500"),
        (Decimal("1.5E+6"), "1,500,000"),
        (Decimal("1.50"), "1.5"),
        (Decimal("0.0001"), "0.0001"),
        (Decimal("-0"), "0"),
        (400000, "400,000"),
        (37450.0, "37,450"),
        (2.75, "2.75"),
        (-1500.25, "-1,500.25"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
    ],
)
def test_format_number(x: Decimal | float | int, text: str) -> None:
    assert format_number(x) == text


# ---------------------------------------------------------------------------------------------
# Round-trip properties
# ---------------------------------------------------------------------------------------------

UNIT_WORDS = ["people", "days", "years", "civilians", "km", "%", "people killed"]
# Units the shorthand cannot carry: they make to_text() None and to_data() a mapping.
AWKWARD_UNITS = ["million people", "or so", "and more", "People  Killed", "- x", "six pack"]
STEPS = [Decimal(s) for s in ("1", "0.5", "10", "100", "250", "0.01", "1000")]


@st.composite
def decimals(draw: st.DrawFn, *, max_exp: int = 6) -> Decimal:
    mantissa = draw(st.integers(min_value=0, max_value=99_999))
    exponent = draw(st.integers(min_value=-3, max_value=max_exp))
    return Decimal(mantissa).scaleb(exponent)


OPEN_TWO_SIDED = (
    Qualifier.MORE_THAN_FEWER_THAN,
    Qualifier.MORE_THAN_UP_TO,
    Qualifier.AT_LEAST_FEWER_THAN,
)


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    qualifier = draw(st.sampled_from(list(Qualifier)))
    unit = draw(st.none() | st.sampled_from(UNIT_WORDS + AWKWARD_UNITS))
    step = draw(st.none() | st.sampled_from(STEPS))
    sign = draw(st.sampled_from([1, 1, 1, -1]))
    if (
        qualifier is BETWEEN
        or qualifier in OPEN_TWO_SIDED
        or (qualifier is ABOUT and draw(st.booleans()))
    ):
        low, high = sorted([sign * draw(decimals()), draw(decimals())])
        if low == high:
            high += 1
        value = None
        if qualifier is BETWEEN:
            value = draw(st.none() | st.sampled_from([low, high, (low + high) / 2]))
        return Quantity(qualifier, value, low, high, unit, step)
    value = draw(decimals())
    if qualifier in (NEARLY, JUST_OVER):
        value = value or Decimal(1)  # 'nearly 0' is refused: nothing is nearly nothing
    else:
        value *= sign
    lower = upper = None
    if qualifier is EXACT and draw(st.booleans()):
        below = draw(decimals(max_exp=3))
        above = below if draw(st.booleans()) else draw(decimals(max_exp=3))
        lower, upper = value - below, value + above
    return Quantity(qualifier, value, lower, upper, unit, step)


@given(quantities())
@settings(max_examples=300)
def test_data_round_trip(q: Quantity) -> None:
    data = q.to_data()
    assert quantity_from_data(data) == q
    if isinstance(data, dict):
        assert all(type(v) in (int, float, str) for v in data.values())
        assert list(data) == [
            k for k in ("value", "qualifier", "lower", "upper", "unit", "step") if k in data
        ]


@given(quantities())
@settings(max_examples=300)
def test_text_round_trip(q: Quantity) -> None:
    text = q.to_text()
    if text is not None:
        assert parse_quantity(text) == q
        assert q.to_data() == text


@given(quantities())
@settings(max_examples=300)
def test_plain_quantities_have_text(q: Quantity) -> None:
    """The shorthand can say every quantity without an explicit step or an odd shape."""
    bounded = symmetric = False
    if q.qualifier is EXACT and q.value is not None and q.lower is not None and q.upper is not None:
        bounded, symmetric = True, q.value - q.lower == q.upper - q.value
    symmetric = symmetric or not bounded
    if (
        q.step is None
        and q.unit in (None, *UNIT_WORDS)
        and symmetric
        and not (bounded and q.unit == "%")  # "5 ± 1 %" reads as plus or minus 1 per cent
        and not (q.qualifier is BETWEEN and q.value is not None)
    ):
        assert q.to_text() is not None
    else:
        assert q.to_text() is None


@given(quantities())
def test_interval_agrees_with_the_value(q: Quantity) -> None:
    interval = q.interval()
    if q.value is not None and q.qualifier in (EXACT, ABOUT, AT_LEAST, UP_TO, BETWEEN):
        assert interval.contains_value(float(q.value))
    if q.qualifier in (MORE_THAN, FEWER_THAN, NEARLY, JUST_OVER) and q.value is not None:
        assert not interval.contains_value(float(q.value))
    if q.lower is not None and q.upper is not None:
        assert interval.low <= float(q.lower) and float(q.upper) <= interval.high
    assert not interval.is_empty()


HEDGES: list[tuple[str, Qualifier]] = [
    ("", EXACT),
    ("a total of ", EXACT),
    ("exactly ", EXACT),
    ("about ", ABOUT),
    ("around ", ABOUT),
    ("some ", ABOUT),
    ("roughly ", ABOUT),
    ("approximately ", ABOUT),
    ("approx. ", ABOUT),
    ("an estimated ", ABOUT),
    ("circa ", ABOUT),
    ("~", ABOUT),
    ("more than ", MORE_THAN),
    ("over ", MORE_THAN),
    ("above ", MORE_THAN),
    ("in excess of ", MORE_THAN),
    ("upwards of ", MORE_THAN),
    ("> ", MORE_THAN),
    ("at least ", AT_LEAST),
    ("no fewer than ", AT_LEAST),
    ("no less than ", AT_LEAST),
    ("a minimum of ", AT_LEAST),
    ("nearly ", NEARLY),
    ("almost ", NEARLY),
    ("close to ", NEARLY),
    ("just under ", NEARLY),
    ("fewer than ", FEWER_THAN),
    ("less than ", FEWER_THAN),
    ("under ", FEWER_THAN),
    ("below ", FEWER_THAN),
    ("<", FEWER_THAN),
    ("up to ", UP_TO),
    ("at most ", UP_TO),
    ("no more than ", UP_TO),
    ("a maximum of ", UP_TO),
]
SUFFIXES: list[tuple[str, Qualifier]] = [
    ("+", AT_LEAST),
    (" or more", AT_LEAST),
    (" or fewer", UP_TO),
    (" or less", UP_TO),
    (" or so", ABOUT),
]
NUMBER_WORDS: list[tuple[str, int]] = [
    ("one", 1),
    ("six", 6),
    ("twelve", 12),
    ("twenty-five", 25),
    ("ninety nine", 99),
    ("a hundred", 100),
    ("six hundred", 600),
    ("a thousand", 1000),
    ("two thousand five hundred", 2500),
    ("three million", 3_000_000),
]


@st.composite
def numerals(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A written number and its value."""
    form = draw(st.sampled_from(["comma", "space", "decimal", "multiplier", "k", "words"]))
    if form == "words":
        text, n = draw(st.sampled_from(NUMBER_WORDS))
        return text, Decimal(n)
    if form == "decimal":
        whole = draw(st.integers(0, 99_999))
        frac = draw(st.text("0123456789", min_size=1, max_size=3))
        if frac == "000" and 0 < whole < 1000:
            frac = "00"  # '100.000' is refused: 100, or 100 thousand as some write it?
        return f"{whole:,}.{frac}", Decimal(f"{whole}.{frac}")
    if form in ("multiplier", "k"):
        whole = draw(st.integers(1, 999))
        frac = draw(st.text("0123456789", max_size=2))
        word, exp = (" million", 6) if form == "multiplier" else ("k", 3)
        digits = f"{whole}.{frac}" if frac else str(whole)
        return digits + word, Decimal(digits).scaleb(exp)
    n = draw(st.integers(0, 10**9))
    sep = draw(st.sampled_from([" ", NBSP, NNBSP, THIN])) if form == "space" else ","
    return f"{n:,}".replace(",", sep), Decimal(n)


@given(
    hedge=st.sampled_from(HEDGES),
    suffix=st.none() | st.sampled_from(SUFFIXES),
    numeral=numerals(),
    unit=st.none() | st.sampled_from(["people", "days", "Civilians", "km", "people killed"]),
)
@settings(max_examples=400)
def test_generated_shorthand(
    hedge: tuple[str, Qualifier],
    suffix: tuple[str, Qualifier] | None,
    numeral: tuple[str, Decimal],
    unit: str | None,
) -> None:
    (prefix, qualifier), (digits, value) = hedge, numeral
    if suffix is not None and prefix == "":  # a suffix replaces the hedge
        prefix, qualifier = "", suffix[1]
        digits += suffix[0]
    text = prefix + digits + (f" {unit}" if unit else "")
    if qualifier is NEARLY and value == 0:
        with pytest.raises(QuantityError, match="nothing is nearly nothing"):
            parse_quantity(text)
        return
    q = parse_quantity(text)
    assert q.qualifier is qualifier
    assert q.value == value
    assert q.unit == (unit.lower() if unit else None)
    assert quantity_from_data(q.to_data()) == q
    canonical = q.to_text()
    if canonical is not None:
        assert parse_quantity(canonical) == q
    else:  # only a written precision the canonical number cannot show
        assert q.step is not None


@given(
    low=st.integers(0, 10**6),
    width=st.integers(0, 10**6),
    link=st.sampled_from(
        ["between {} and {}", "from {} to {}", "{} to {}", "{}-{}", "{} - {}", "{}\u2013{}"]
    ),
)
def test_generated_ranges(low: int, width: int, link: str) -> None:
    q = parse_quantity(link.format(f"{low:,}", f"{low + width:,}") + " people")
    assert q == Quantity(BETWEEN, lower=Decimal(low), upper=Decimal(low + width), unit="people")
    assert q.to_text() == f"between {low:,} and {low + width:,} people"
    assert str(q.interval()) == f"[{low:,}, {low + width:,}]"


# ---------------------------------------------------------------------------------------------
# Scanning prose
# ---------------------------------------------------------------------------------------------


def spans(text: str) -> list[tuple[str, Quantity]]:
    return [(text[a:b], q) for a, b, q in find_quantities(text)]


def test_find_quantities_evacuation() -> None:
    text = "The operation to evacuate has brought out 37,500 people since late last week"
    assert spans(text) == [("37,500 people", Quantity(EXACT, Decimal(37500), unit="people"))]


def test_find_quantities_war() -> None:
    text = "the nearly six-year-long war that has killed more than 400,000 people"
    assert spans(text) == [
        ("nearly six-year-long", Quantity(NEARLY, Decimal(6), unit="years")),
        ("more than 400,000 people", Quantity(MORE_THAN, Decimal(400000), unit="people")),
    ]


def test_find_quantities_maximum() -> None:
    found = spans("one or a maximum of two days")
    assert ("a maximum of two days", Quantity(UP_TO, Decimal(2), unit="days")) in found
    assert all(q.unit != "or" for _, q in found)


def test_find_quantities_offsets_are_code_points() -> None:
    text = "\u0130stanbul: \U0001f600 almost 19,000 fled"  # a capital that lowercases to two
    ((start, end, q),) = find_quantities(text)
    assert text[start:end] == "almost 19,000 fled"
    assert q == Quantity(NEARLY, Decimal(19000), unit="fled")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 21/12/2016 at 10:30 nothing", []),
        ("some 400 Syrians", [("some 400", Quantity(ABOUT, Decimal(400)))]),
        (
            "up to 3,000 people and",
            [("up to 3,000 people", Quantity(UP_TO, Decimal(3000), unit="people"))],
        ),
        (
            "1,200-1,312 people were",
            [
                (
                    "1,200-1,312 people",
                    Quantity(BETWEEN, None, Decimal(1200), Decimal(1312), "people"),
                ),
            ],
        ),
        (
            "about 1.5 million civilians.",
            [
                (
                    "about 1.5 million civilians",
                    Quantity(ABOUT, Decimal(1500000), unit="civilians"),
                ),
            ],
        ),
        (
            "more than a year later",
            [("more than a year", Quantity(MORE_THAN, Decimal(1), unit="year"))],
        ),
        ("taken over a city", []),
        ("5% of the", [("5%", Quantity(EXACT, Decimal(5), unit="%"))]),
        ("over the weekend", []),
    ],
)
def test_find_quantities_examples(text: str, expected: list[tuple[str, Quantity]]) -> None:
    assert spans(text) == expected


@given(
    hedge=st.sampled_from(HEDGES),
    n=st.integers(1, 10**8),
)
def test_find_quantities_in_a_sentence(hedge: tuple[str, Qualifier], n: int) -> None:
    prefix, qualifier = hedge
    phrase = f"{prefix}{n:,} people"
    text = f"Officials said {phrase} and left."
    assert spans(text) == [(phrase, Quantity(qualifier, Decimal(n), unit="people"))]


TOKENS = [
    *"0123456789,. -+%~<>/:kK\n",
    "\u2013",
    NBSP,
    PM,
    "about ",
    "more than ",
    "between ",
    " and ",
    " to ",
    " or more",
    " million",
    "six",
    "-year",
    "-long",
    "a ",
    "an ",
    "people",
    "nearly ",
    "twenty",
    "hundred",
    "thousand",
    "\u0130",
    "from ",
    " or so",
    "plus or minus ",
]


@given(st.text())
@settings(max_examples=300)
def test_find_quantities_never_raises_on_any_text(text: str) -> None:
    check_scan(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
@settings(max_examples=500)
def test_find_quantities_never_raises_on_number_soup(text: str) -> None:
    check_scan(text)
    # parse_quantity may refuse the soup, but only with a QuantityError.
    try:
        q = parse_quantity(text)
    except QuantityError:
        return
    assert quantity_from_data(q.to_data()) == q


def check_scan(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for start, end, q in found:
        assert previous_end <= start < end <= len(text)
        assert isinstance(q, Quantity)
        previous_end = end


# ---------------------------------------------------------------------------------------------
# Kept texts; the scanner's skipping
# ---------------------------------------------------------------------------------------------

ARTICLE = Path(__file__).resolve().parent.parent / (
    "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"
)


def same(a: Quantity, b: Quantity) -> bool:
    """Equal, and written the same way: Decimal('1.5E+6') and Decimal('1500000') are equal."""
    return a == b and repr(a) == repr(b)


def test_parsed_texts_are_kept_but_errors_are_not() -> None:
    assert parse_quantity("about 35,000 people") is parse_quantity("about 35,000 people")
    for _ in range(2):
        with pytest.raises(QuantityError, match="is not a quantity"):
            parse_quantity("lots of people")

    class Text(str):
        pass

    assert parse_quantity(Text("about 750")) == parse_quantity("about 750")


def test_mapping_gives_the_same_object_as_the_constructor() -> None:
    data = {"value": 1250, "qualifier": "Between", "lower": 1200, "upper": 1312, "unit": " X "}
    expected = Quantity(BETWEEN, Decimal(1250), Decimal(1200), Decimal(1312), "x")
    assert same(quantity_from_data(data), expected)
    from types import MappingProxyType

    assert same(quantity_from_data(MappingProxyType(data)), expected)


# The helpers as they were written before they were made fast: the reference.


def check_scan_agrees_with_parse(text: str) -> None:
    """Every figure the scanner finds is what parse_quantity reads from the same span."""
    for start, end, quantity in find_quantities(text):
        assert parse_quantity(text[start:end]) == quantity, (text, text[start:end])


@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join) | st.text())
@settings(max_examples=500)
def test_the_scanner_never_reads_what_the_parser_refuses(text: str) -> None:
    check_scan_agrees_with_parse(text)


def test_the_scanner_agrees_with_the_parser_on_the_article() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    check_scan_agrees_with_parse(text)
    for line in text.splitlines():
        check_scan_agrees_with_parse(line)
        check_scan_agrees_with_parse(line.upper())


@given(st.text(alphabet=st.sampled_from("abcnotwx ")))
def test_trie_matches_exactly_its_words(text: str) -> None:
    words = ["a", "an", "about", "above", "no", "not", "ab", "x"]
    pattern = re.compile(qscan._trie(words))
    assert (pattern.fullmatch(text) is not None) == (text in words)


ends = st.one_of(
    st.floats(allow_nan=False), st.integers(-(10**6), 10**6), st.sampled_from([INF, -INF])
)
intervals = st.builds(Interval, ends, ends, st.booleans(), st.booleans())


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("5 years 9 months", "holds another number"),
        ("37,500 people 3", "holds another number"),
        ("nearly 0", "nothing is nearly nothing"),
    ],
)
def test_figures_that_would_lose_meaning_are_refused(text: str, words: str) -> None:
    with pytest.raises(QuantityError, match=words):
        parse_quantity(text)


def test_nearly_is_never_empty_even_at_tolerance_zero() -> None:
    assert str(parse_quantity("nearly 19,000").interval(0)) == "[18,500, 19,000)"
    assert str(parse_quantity("almost two weeks").interval(0)) == "[1.5, 2)"
    assert str(parse_quantity("almost two weeks").interval(0.1)) == "[1.8, 2)"


_ends = st.sampled_from([-math.inf, -2.0, 0.0, 1.0, 1.5, 2.0, 3.0, math.inf])


@st.composite
def any_intervals(draw: st.DrawFn) -> Interval:
    low, high = draw(_ends), draw(_ends)
    return Interval(low, high, draw(st.booleans()), draw(st.booleans()))


@given(any_intervals(), any_intervals())
def test_overlaps_is_a_non_empty_intersection(a: Interval, b: Interval) -> None:
    assert a.overlaps(b) is (not a.intersection(b).is_empty())
    assert a.overlaps(b) is b.overlaps(a)
