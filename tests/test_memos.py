"""Answers kept to save time give what working them out again gives."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantity import grammar, numbers
from claimcheck.quantity.grammar import parse_quantity
from claimcheck.quantity.model import Qualifier, Quantity, QuantityError


def test_format_number_keeps_equal_numbers_of_other_types_or_spellings_apart() -> None:
    # 1 == 1.0 == Decimal('1.000...'): one kept answer for all would print the wrong text.
    long_one = Decimal("1." + "0" * 81)  # written with more digits than a figure may have
    assert numbers.format_number(1) == "1"
    assert numbers.format_number(long_one) == "1.000000E+0"
    assert numbers.format_number(1.0) == "1"
    assert numbers.format_number(True) == numbers._format_number(True)
    assert numbers.format_number(Decimal("1")) == "1"


def test_format_number_kept_matches_made_again() -> None:
    values: list[Decimal | float | int] = [
        0,
        -0.0,
        0.0,
        1.5,
        -1.5,
        1e-7,
        123456.789012,
        math.inf,
        -math.inf,
        math.nan,
        Decimal("37500"),
        Decimal("-0"),
        Decimal("1E+2"),
        Decimal("0.000"),
        10**30,
        -7,
    ]
    for _ in range(2):  # the second round reads the kept answers
        for value in values:
            assert numbers.format_number(value) == numbers._format_number(value), value


def test_format_number_memory_stays_bounded() -> None:
    for n in range(numbers._FORMATTED_MAX + 10):
        numbers.format_number(n)
    assert len(numbers._FORMATTED) <= numbers._FORMATTED_MAX
    assert numbers.format_number(1234) == "1,234"


def test_quantity_text_is_kept_and_right() -> None:
    figure = parse_quantity("about 750 people")
    assert str(figure) == "about 750 people"
    assert figure.to_text() == figure._read_back_text() == "about 750 people"
    stepped = Quantity(Qualifier.EXACT, Decimal(750), step=Decimal(50))
    assert stepped.to_text() is None and stepped.to_text() is None  # None is kept too
    assert str(stepped) == "value 750; step 50"
    assert stepped == Quantity(Qualifier.EXACT, Decimal(750), step=Decimal(50))


def test_interval_text_is_kept_per_instance_and_equality_ignores_it() -> None:
    from claimcheck.quantity.interval import Interval

    first, second = Interval(675, 825, True, True), Interval(675, 825, True, True)
    assert str(first) == str(first) == "[675, 825]"
    assert first == second and hash(first) == hash(second)  # one has its text kept, one not
    assert str(Interval(-math.inf, 0.5, False, True)) == "(-inf, 0.5]"


def test_iter_quantities_gives_what_find_quantities_gives() -> None:
    from claimcheck.quantity.scan import find_quantities, iter_quantities

    for text in ("Nearly 19,000 people left in 2 days.", "no figure here", "", "one of 3 ways"):
        assert list(iter_quantities(text)) == find_quantities(text)


def test_overlaps_is_an_intersection_that_is_not_empty() -> None:
    from itertools import product

    from claimcheck.quantity.interval import Interval

    ends = [-math.inf, -1.0, 0.0, 1.0, 2.0, math.inf]
    intervals = [
        Interval(low, high, low_closed, high_closed)
        for low, high, low_closed, high_closed in product(ends, ends, (True, False), (True, False))
    ]
    for a, b in product(intervals, intervals):
        assert a.overlaps(b) == (not a.intersection(b).is_empty()), (a, b)


def test_units_kept_match_units_checked_again_and_stay_bounded() -> None:
    from claimcheck.quantity import model, unitwords

    units = ["people", "  People  ", "trucks", "tonnes of food", "twenty first", "l", "or more"]
    for _ in range(2):  # the second round reads the kept answers
        for unit in units:
            assert model._check_unit(unit) == model._check_new_unit(unit), unit
            kept = unitwords._unit_problem(unit.strip().lower())
            assert kept == unitwords._unit_problem.__wrapped__(unit.strip().lower()), unit
    for n in range(1100):
        model._check_unit(f"unit{'x' * (n % 7)} word{n:x}".replace("0", "o"))
    assert len(model._CHECKED_UNITS) <= 1024
    assert unitwords._unit_problem.cache_info().maxsize == 1024


def test_a_figure_written_as_read_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """to_text checks that its shorthand reads back as the figure; for a figure parsed from
    that very shorthand it need not read it again."""
    read: list[str] = []
    real = grammar.parse_quantity

    def counted(text: str) -> Quantity:
        read.append(text)
        return real(text)

    as_read = parse_quantity("about 7,513 people")
    other_words = parse_quantity("approximately 7,514 people")
    monkeypatch.setattr(grammar, "parse_quantity", counted)
    assert as_read.to_text() == "about 7,513 people" and read == []
    assert other_words.to_text() == "about 7,514 people" and read == ["about 7,514 people"]


def test_a_figure_read_from_its_words_writes_what_reading_them_again_gives() -> None:
    """Every phrase of the quantity table: the text given without reading it again is the text
    read back the long way (its shorthand, if that reads as the figure)."""
    phrases = (Path(__file__).parent / "quantity_table" / "phrases.txt").read_text("utf-8")
    checked = 0
    for line in phrases.splitlines():
        text = line.split("\t", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        try:
            figure = grammar._parse(text)
        except QuantityError:
            continue
        shorthand = figure._shorthand()
        try:
            long_way = shorthand if grammar._parse(shorthand or "") == figure else None
        except QuantityError:
            long_way = None
        assert figure.to_text() == long_way, text
        checked += 1
    assert checked > 150


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**7), 10**7).map(lambda n: n / 2),
        st.integers(-(10**9), 10**9).map(lambda n: n / 10**4),
        st.integers(-(10**9), 10**9).map(lambda n: n / 10**5),
        st.integers(-(2**60), 2**60).map(float),
    )
)
def test_a_float_written_from_its_repr_is_written_as_the_long_way_writes_it(x: float) -> None:
    quick = numbers._plain_float_text(x)
    if quick is not None:
        assert quick == _long_way(x), x


def _long_way(x: float) -> str:
    """_format_number with the quick way for floats left out."""
    real = numbers._plain_float_text
    try:
        numbers._plain_float_text = lambda _: None  # type: ignore[assignment]
        return numbers._format_number(x)
    finally:
        numbers._plain_float_text = real  # type: ignore[assignment]


def test_interval_ends_are_written_the_quick_way() -> None:
    for x in (675.0, 825.0, 337.5, -12.25, 1234567.0, 1.0, -1.0, 9007199254740991.0):
        assert numbers._plain_float_text(x) == _long_way(x), x
    for x in (0.5, -0.25, 1e16, 1.23456, float("inf"), float("nan"), 0.0, -0.0):
        assert numbers._plain_float_text(x) is None, x


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.integers(-(10**40), 10**40).map(Decimal),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.integers(-(10**6), 10**6).map(lambda n: Decimal(n).scaleb(0)),
    )
)
def test_a_whole_decimal_is_written_as_the_long_way_writes_it(x: Decimal) -> None:
    quick = numbers._whole_decimal_text(x)
    if quick is not None:
        real = numbers._whole_decimal_text
        try:
            numbers._whole_decimal_text = lambda _: None  # type: ignore[assignment]
            assert quick == numbers._format_number(x), x
        finally:
            numbers._whole_decimal_text = real  # type: ignore[assignment]


def test_whole_figures_are_written_the_quick_way() -> None:
    for text in ("37500", "-12", "400000", "1" + "0" * 38):
        assert numbers._whole_decimal_text(Decimal(text)) is not None, text
    for text in ("0", "-0", "1.5", "1E+2", "1" + "0" * 39, "NaN", "Infinity", "375.00"):
        assert numbers._whole_decimal_text(Decimal(text)) is None, text
