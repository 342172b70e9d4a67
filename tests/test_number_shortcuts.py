"""The quick answer for a figure written as a plain integer, held to the full checks.

``numbers.number_problem`` and ``numbers.tidy`` answer at once for a Decimal with exponent 0
(how most figures are written) and otherwise take the full way, which reads the number's
digits and exponent. On every Decimal the two ways must agree.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantity import numbers

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
