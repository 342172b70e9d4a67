"""The quick ways through a figure's reading, held to the full ones.

``numbers.number_problem`` and ``numbers.tidy`` answer at once for a Decimal with exponent 0
(how most figures are written) and otherwise take the full way, which reads the number's
digits and exponent: on every Decimal the two ways must agree. ``numerals._read_digits``
skips the fraction, date and code patterns where a space follows the numeral: none of them
can start at a space.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantity import QuantityError, numbers, numerals, parse_quantity

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=90)
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda sign, digits: Decimal(sign + digits), st.sampled_from(["", "-"]), DIGITS),
    st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        DIGITS,
        st.integers(min_value=-100, max_value=100),
    ),
    st.sampled_from(
        [Decimal(text) for text in ("0", "-0", "0E+3", "0E-999", "1E+39", "1E+40", "sNaN")]
    ),
)


@settings(max_examples=1000, deadline=None)
@given(DECIMALS)
def test_the_quick_answers_are_the_full_answers(d: Decimal) -> None:
    assert numbers.number_problem(d) == numbers._bounds_problem(d)
    if not d.is_snan():  # (a signalling NaN cannot be compared, only its text)
        assert repr(numbers.tidy(d)) == repr(numbers._tidied(d))


def test_the_edges_of_the_quick_answer() -> None:
    for digits in (38, 39, 40, 41, 80, 81):
        d = Decimal("9" * digits)
        assert numbers.number_problem(d) == numbers._bounds_problem(d), digits
    assert numbers.number_problem(Decimal("9" * 39)) is None
    assert numbers.number_problem(Decimal("9" * 41)) is not None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2009"]), st.text(max_size=8))
def test_no_pattern_skipped_after_a_space_can_start_at_a_space(space: str, rest: str) -> None:
    # _read_digits skips these patterns where a space or the end follows the numeral.
    for pattern in (
        numerals._SIMPLE_FRACTION_RE,
        numerals._NOT_A_FIGURE_RE,
        numerals._GLUED_DIGITS_RE,
    ):
        assert pattern.match(space + rest) is None
        assert pattern.match("") is None


def test_what_a_space_would_skip_is_still_refused_when_glued() -> None:
    for text in ("21st people", "5x3 people", "10:30 people", "3's people"):
        with pytest.raises(QuantityError):
            parse_quantity(text)
    assert parse_quantity("1/2 day") == parse_quantity("half a day")
