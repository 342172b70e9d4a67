"""Numbers as figures: bounded Decimals, their implied rounding step, and how they are printed.

A figure in a claim is a count, a sum of money, a duration: nothing needs more than 40
significant digits or an exponent beyond 10**±40. Every number that enters claimcheck is checked
against those bounds *before* any arithmetic or printing, so that a hostile exponent such as
``0e-999999999`` is refused with a message instead of costing gigabytes when printed.
"""

from __future__ import annotations

import math
import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Final

MAX_DIGITS: Final = 40  # significant digits of a figure
MAX_ADJUSTED: Final = 40  # a nonzero figure lies between 1e-40 and 1e40
# How a number may be *written*: digits and exponent of its coefficient (trailing zeros count,
# as in '1.000'), bounded so that printing it stays small.
MAX_WRITTEN_DIGITS: Final = 2 * MAX_DIGITS
MAX_EXPONENT: Final = 2 * MAX_ADJUSTED

# Arithmetic on figures runs in this context, wide enough that it never rounds bounded figures.
EXACT: Final = Context(prec=200)
# Moving the exponent only (scaleb): never rounds.
_WIDE: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
ONE: Final = Decimal(1)


def pow10(exponent: int) -> Decimal:
    """10**exponent as a Decimal with one digit: 1E+2 for 2, 0.1 for -1."""
    return Decimal(f"1E{exponent}")  # from text: faster than from a tuple


def shift(d: Decimal, places: int) -> Decimal:
    """d * 10**places, exactly (plain multiplication would round to the context precision)."""
    if places == 0 or not d.is_finite():
        return d
    return _WIDE.scaleb(d, places)


def tidy(d: Decimal) -> Decimal:
    """1.5E+6 as 1500000: same value, but reads as written in reprs and error messages."""
    if d.same_quantum(ONE):  # exponent 0, as most figures are written: nothing to do
        return d
    return _tidied(d)


def _tidied(d: Decimal) -> Decimal:
    exponent = d.as_tuple().exponent
    if not d.is_finite() or not isinstance(exponent, int) or exponent <= 0:
        return d
    return d.quantize(ONE, context=_WIDE)


def step_of(d: Decimal) -> Decimal:
    """Place value of the last significant digit: 37500 -> 100, 1.5 -> 0.1, 1312 -> 1, 0 -> 1."""
    if not d.is_finite() or d.is_zero():
        return ONE
    exponent = _WIDE.normalize(d).as_tuple().exponent  # normalize() strips trailing zeros
    assert isinstance(exponent, int)
    return pow10(exponent)


_OUT_OF_RANGE: Final = (
    f"is out of range (at most {MAX_DIGITS} significant digits, "
    f"between 1e-{MAX_ADJUSTED} and 1e{MAX_ADJUSTED})"
)


def number_problem(d: Decimal) -> str | None:
    """Why d cannot be a figure, or None when it can (a figure may be negative: -10 C)."""
    if not d.is_finite():
        return "must be a finite number"
    if d.same_quantum(ONE) and d.adjusted() < MAX_DIGITS - 1:
        # Exponent 0 and at most 39 digits, as most figures are written: every bound
        # _bounds_problem checks holds, and as_tuple costs more than the rest of the reading.
        return None
    return _bounds_problem(d)


def _bounds_problem(d: Decimal) -> str | None:
    if not d.is_finite():
        return "must be a finite number"
    _, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_WRITTEN_DIGITS or not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:
        return _OUT_OF_RANGE  # checked for zero too: '0e-999999999' prints a billion zeros
    if d.is_zero():
        return None
    if not -MAX_ADJUSTED <= d.adjusted() < MAX_ADJUSTED:
        return _OUT_OF_RANGE
    if len(digits) > MAX_DIGITS and len(_WIDE.normalize(d).as_tuple().digits) > MAX_DIGITS:
        return _OUT_OF_RANGE
    return None


# A number as YAML text gives it: digits with an optional point and exponent, or the figure
# with thousands separators. The exponent's size is checked on the text, before Decimal sees it.
_PLAIN_NUMBER_RE: Final = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[+-]?[0-9]+))?"
)
_GROUPED_NUMBER_RE: Final = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?:\.[0-9]+)?"
)
_SEPARATORS_RE: Final = re.compile(r"[, \u00a0\u202f\u2009]")
_MAX_TEXT: Final = 2 * MAX_WRITTEN_DIGITS


def decimal_from_string(raw: str) -> Decimal:
    """'37,500', '1.5' or '1e5' as a Decimal; ValueError when not a number or out of range."""
    text = raw.strip()
    if _GROUPED_NUMBER_RE.fullmatch(text):
        text = _SEPARATORS_RE.sub("", text)
    m = _PLAIN_NUMBER_RE.fullmatch(text)
    if m is None:
        raise ValueError(f"not a number: {raw!r}")
    exp = m.group("exp")
    if len(text) > _MAX_TEXT or (exp is not None and len(exp.lstrip("+-0")) > 4):
        raise OverflowError(f"number out of range: {raw[:40]!r}")
    return Decimal(text)


def decimals(d: Decimal) -> int:
    """How many digits d has after the point as written (0 for '1E+2')."""
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _group_digits(whole: str) -> str:
    """'1500000' -> '1,500,000' (string slicing: no int() size limit)."""
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return ",".join(parts)


_FORMAT: Final = Context(prec=400)

# Figures repeat (a claim's value in each of its sources' reasons, the ends of its interval):
# each number is written once. The key holds the type, since 1 == 1.0 == Decimal(1), and a
# Decimal's text, since two equal Decimals may be written differently ('1' and '1.000...').
_FORMATTED: dict[tuple[type, object], str] = {}
_FORMATTED_MAX: Final = 4096  # a check meets a few thousand figures; then it starts again


def format_number(x: Decimal | float | int) -> str:
    """Render a number for people: '37,500', '1.5', '400,000', 'inf', '-10'.

    Comma thousands separators; no trailing '.0'. Decimals and ints are rendered exactly (the
    canonical shorthand relies on that); floats, which only come from interval arithmetic, are
    rounded to 4 decimal places (4 significant digits below 1) so that float noise never shows.
    """
    kind = type(x)
    key = (kind, str(x) if kind is Decimal else x)
    text = _FORMATTED.get(key)
    if text is None:
        text = _format_number(x)
        if len(_FORMATTED) >= _FORMATTED_MAX:
            _FORMATTED.clear()
        _FORMATTED[key] = text
    return text


def _format_number(x: Decimal | float | int) -> str:
    if type(x) is float and (quick := _plain_float_text(x)) is not None:
        return quick
    if type(x) is Decimal and (quick := _whole_decimal_text(x)) is not None:
        return quick
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        d = Decimal(repr(x))
        if d != 0 and d.copy_abs() < 1:
            d = d.quantize(pow10(d.adjusted() - 3), context=_FORMAT)
        elif decimals(d) > 4:
            d = d.quantize(Decimal("0.0001"), context=_FORMAT)
    else:
        d = Decimal(x)
    if d.is_nan():
        return "nan"
    if d.is_infinite():
        return "inf" if d > 0 else "-inf"
    if number_problem(d.copy_abs()) is not None:
        return f"{d:.6E}"  # never print a billion zeros
    text = format(d, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if d == 0 or (whole.strip("0") == "" and frac == ""):
        sign = ""  # never print "-0"
    return sign + _group_digits(whole) + (f".{frac}" if frac else "")


def _plain_float_text(x: float) -> str | None:
    """``_format_number``'s text for a float of 1 or more (or -1 or less) that ``repr`` writes
    with no exponent and at most four decimals, as most interval ends are ('675.0', '337.5'),
    made from ``repr`` alone; None for any other float. (Such a float's Decimal has the digits
    of its ``repr``, needs no rounding and is no problem: the long way writes the same.)"""
    if not (x >= 1.0 or x <= -1.0):  # below 1 the long way rounds; NaN fails both
        return None
    text = repr(x)
    if "e" in text or "n" in text:  # '1e+16', 'inf'
        return None
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    if len(frac) > 4:
        return None
    frac = frac.rstrip("0")
    return sign + _group_digits(whole) + (f".{frac}" if frac else "")


def _whole_decimal_text(x: Decimal) -> str | None:
    """``_format_number``'s text for a whole Decimal other than 0 written without exponent
    and with at most 39 digits (37500, as most figures are): its digits, grouped; None for
    any other Decimal."""
    if x.same_quantum(ONE) and not x.is_zero() and x.adjusted() < MAX_DIGITS - 1:
        return f"{x:,}"
    return None
