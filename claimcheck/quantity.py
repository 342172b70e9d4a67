"""Quantities: the figures in claims and sources, as intervals of values that would make them true.

A figure in prose is never a single number. "37,500 people" is true of any count that a reporter
would round to 37,500; "more than 400,000" is true of every count above 400,000; "nearly 19,000"
is true of a count a little under 19,000. claimcheck therefore turns every figure into an
:class:`Interval` and compares intervals, never raw numbers.

The model has three layers:

* The *text*: the shorthand a person writes in a claim record ("about 750", "more than 400,000
  people", "between 1,200 and 1,312 people", "470,000 +/- 5%") or the words found in a source
  sentence. :func:`parse_quantity` reads the shorthand; :func:`find_quantities` scans free prose.
* The :class:`Quantity`: what was said, kept exactly. A qualifier (the hedge, canonicalised: "over"
  and "more than" are both ``MORE_THAN``), the stated figure as a :class:`~decimal.Decimal`,
  optional explicit bounds, a unit word and the rounding step. The step is normally *implied* by
  how the figure is written: "37,500" is rounded to the hundred, "1.5" to the tenth. Two quantities
  that say the same thing compare equal, whichever spelling they came from.
* The :class:`Interval`: what would make the quantity true, given a tolerance (default 10%) for
  the vague hedges "about" and "nearly". See docs/intervals.md for the table of wordings.

A quantity has a canonical form for YAML (:meth:`Quantity.to_data`): the shorthand string when the
shorthand can say it, otherwise a mapping; :func:`quantity_from_data` reads either back.

Speed matters here: every record load validates its quantities, and the cross-checks compute
intervals and scan quotes. So the common shorthand shapes are read by one regex before the full
grammar is tried (the tests hold the two to the same answers), parse_quantity keeps the last few
thousand texts it parsed, a Quantity keeps its intervals per float tolerance, decimal arithmetic
goes through module-level contexts rather than a localcontext() per call, and find_quantities only
tries positions where a hedge, a digit or a number word starts.

Standard library only: this module is imported by everything and must import fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from enum import Enum
from functools import cache, lru_cache
from typing import ClassVar, Final, Literal

__all__ = [
    "Interval",
    "Qualifier",
    "Quantity",
    "QuantityError",
    "find_quantities",
    "format_number",
    "parse_quantity",
    "quantity_from_data",
]


class QuantityError(ValueError):
    """Text or data that is not a quantity.

    ``str(err)`` is a one-line message a person can act on, naming the offending text, e.g.
    "'lots of people' is not a quantity: expected a number such as '37,500', 'about 750' or
    'more than 400,000 people'".
    """


class Qualifier(str, Enum):
    """The hedge on a figure, canonicalised ("over" and "more than" are both MORE_THAN)."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    FEWER_THAN = "fewer_than"
    UP_TO = "up_to"
    BETWEEN = "between"


# Reading an enum member off its class goes through a descriptor; the hot paths use these names.
_EXACT: Final = Qualifier.EXACT
_ABOUT: Final = Qualifier.ABOUT
_MORE_THAN: Final = Qualifier.MORE_THAN
_AT_LEAST: Final = Qualifier.AT_LEAST
_NEARLY: Final = Qualifier.NEARLY
_FEWER_THAN: Final = Qualifier.FEWER_THAN
_UP_TO: Final = Qualifier.UP_TO
_BETWEEN: Final = Qualifier.BETWEEN


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

# Figures in claims are counts, sums of money, durations: nothing needs more than 40 digits either
# side of the point, and the bound keeps arithmetic exact and rendering small.
_MAX_DIGITS: Final = 40
_MAX_ADJUSTED: Final = 40


# Arithmetic on figures runs in these module-level contexts (never the thread's current one),
# through their methods: entering a context manager per call cost more than the arithmetic.
# _CTX_EXACT is wide enough that arithmetic on bounded figures never rounds; _CTX_WIDE never
# rounds at all and serves operations that only move the exponent.
_CTX_EXACT: Final = Context(prec=200)
_CTX_WIDE: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_CTX_FORMAT: Final = Context(prec=400)
_ONE: Final = Decimal(1)

# 10**e as Decimal((0, (1,), e)), for the exponents figures use: building one from a tuple is slow.
_POWERS_OF_TEN: Final[dict[int, Decimal]] = {}


def _pow10(exponent: int) -> Decimal:
    """Decimal((0, (1,), exponent)): 1E+2 for 2, 0.1 for -1."""
    power = _POWERS_OF_TEN.get(exponent)
    if power is None:
        power = Decimal((0, (1,), exponent))
        if -2 * _MAX_ADJUSTED <= exponent <= 2 * _MAX_ADJUSTED:
            _POWERS_OF_TEN[exponent] = power
    return power


def _significant(d: Decimal) -> tuple[int, int]:
    """For a finite nonzero d: how many significant digits it has, and the exponent of the last.

    37500 -> (3, 2), 1.50 -> (2, -1), 1.5E+6 -> (2, 5). Leading and trailing zeros do not count.
    Read off str(d), which shows every digit of the coefficient: much faster than as_tuple().
    """
    text = str(d)
    if text.isdigit():  # an integer written out, the usual figure: '37500'
        significant = text.rstrip("0")
        return len(significant), len(text) - len(significant)
    if "e" in text:  # a context with capitals=0 prints '1.5e+6'
        text = text.upper()
    mantissa, _, exponent = text.partition("E")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("-0")
    significant = digits.rstrip("0")
    last = (int(exponent) if exponent else 0) - len(fraction) + len(digits) - len(significant)
    return len(significant), last


def _shift(d: Decimal, places: int) -> Decimal:
    """d * 10**places, exactly (plain multiplication would round to the context precision)."""
    if places == 0 or not d.is_finite():  # NaN/Infinity never get this far
        return d
    return _CTX_WIDE.scaleb(d, places)  # same digits, exponent moved: exact in the wide context


def _tidy(d: Decimal) -> Decimal:
    """1.5E+6 as 1500000: same value, but reads as written in reprs and error messages."""
    # A finite Decimal prints a '+' (as in '1.5E+6') exactly when its exponent is positive.
    if "+" not in str(d) or not d.is_finite():
        return d
    return d.quantize(_ONE, context=_CTX_WIDE)  # exponent 0, the digits made up with zeros


def _step_of(d: Decimal) -> Decimal:
    """Place value of the last significant digit: 37500 -> 100, 1.5 -> 0.1, 1312 -> 1, 0 -> 1."""
    if not d.is_finite() or d.is_zero():
        return _ONE
    return _pow10(_significant(d)[1])


def _number_problem(d: Decimal) -> str | None:
    """Why d cannot be a figure, or None when it can."""
    if not d.is_finite():
        return "must be a finite number"
    if d.is_zero():
        return None
    if d.is_signed():
        return "must not be negative"
    # str(d) has every digit of the coefficient: when it is short, so is the significand.
    if not -_MAX_ADJUSTED <= d.adjusted() < _MAX_ADJUSTED or (
        len(str(d)) > _MAX_DIGITS and _significant(d)[0] > _MAX_DIGITS
    ):
        return (
            f"is out of range (at most {_MAX_DIGITS} significant digits, "
            f"between 1e-{_MAX_ADJUSTED} and 1e{_MAX_ADJUSTED})"
        )
    return None


def _decimals(d: Decimal) -> int:
    """How many digits d has after the point as written (0 for '1E+2')."""
    exponent = d.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _group_digits(whole: str) -> str:
    """'1500000' -> '1,500,000' (string slicing: no int() size limit)."""
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return ",".join(parts)


def format_number(x: Decimal | float | int) -> str:
    """Render a number for people: '37,500', '1.5', '400,000', 'inf'.

    Comma thousands separators; no trailing '.0'. Decimals and ints are rendered exactly (the
    canonical shorthand relies on that); floats, which only come from interval arithmetic, are
    rounded to 4 decimal places (4 significant digits below 1) so that float noise never shows.
    """
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        d = Decimal(repr(x))
        if d != 0 and d.copy_abs() < 1:
            d = d.quantize(Decimal((0, (1,), d.adjusted() - 3)), context=_CTX_FORMAT)
        elif _decimals(d) > 4:
            d = d.quantize(Decimal("0.0001"), context=_CTX_FORMAT)
    else:
        d = Decimal(x)
    if d.is_nan():
        return "nan"
    if d.is_infinite():
        return "inf" if d > 0 else "-inf"
    text = format(d, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if d == 0 or (whole.strip("0") == "" and frac == ""):
        sign = ""  # never print "-0"
    return sign + _group_digits(whole) + (f".{frac}" if frac else "")


# ---------------------------------------------------------------------------------------------
# Intervals
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A set of real numbers between two ends, each end open or closed.

    An infinite end is never included, so ``Interval(0, math.inf, True, True)`` is stored as
    ``[0, inf)``: that keeps equality meaningful.
    """

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    def __post_init__(self) -> None:
        low, high = float(self.low), float(self.high)
        if math.isnan(low) or math.isnan(high):
            raise ValueError("an interval cannot have a NaN end")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        # Infinity is a direction, not a value: it can never be reached.
        if math.isinf(low):
            object.__setattr__(self, "low_closed", False)
        if math.isinf(high):
            object.__setattr__(self, "high_closed", False)

    @classmethod
    def _of_floats(cls, low: float, high: float, low_closed: bool, high_closed: bool) -> Interval:
        """Interval(low, high, ...) for ends that are already floats, not NaN, and open where
        infinite: the same object, without the checks (interval() builds one per call)."""
        interval = object.__new__(cls)
        setattr_ = object.__setattr__  # as the dataclass's __init__ does: it is frozen
        setattr_(interval, "low", low)
        setattr_(interval, "high", high)
        setattr_(interval, "low_closed", low_closed)
        setattr_(interval, "high_closed", high_closed)
        return interval

    def is_empty(self) -> bool:
        """True when no value lies in the interval ([3, 2], [2, 2), (2, 2])."""
        if self.low > self.high:
            return True
        return self.low == self.high and not (self.low_closed and self.high_closed)

    def contains_value(self, x: float) -> bool:
        """True when x lies in the interval."""
        above = self.low < x or (self.low == x and self.low_closed)
        below = x < self.high or (x == self.high and self.high_closed)
        return above and below

    def intersection(self, other: Interval) -> Interval:
        """The values in both (possibly empty)."""
        if self.low != other.low:
            low, low_closed = max((self.low, self.low_closed), (other.low, other.low_closed))
        else:  # same end: included only if both include it
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high != other.high:
            high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        return Interval._of_floats(low, high, low_closed, high_closed)  # ends already checked

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both.

        [1, 2) and [2, 3] do not overlap (2 is not in the first); [1, 2] and [2, 3] do.
        """
        # The intersection's ends, worked out in place (this runs once per source weighed).
        if self.low != other.low:
            low, low_closed = (
                (self.low, self.low_closed)
                if self.low > other.low
                else (other.low, other.low_closed)
            )
        else:
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high != other.high:
            high, high_closed = (
                (self.high, self.high_closed)
                if self.high < other.high
                else (other.high, other.high_closed)
            )
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        return low < high or (low == high and low_closed and high_closed)

    def contains(self, other: Interval) -> bool:
        """True when every value of other lies in self (the empty interval is in everything)."""
        if other.is_empty():
            return True
        low_ok = self.low < other.low or (
            self.low == other.low and (self.low_closed or not other.low_closed)
        )
        high_ok = other.high < self.high or (
            other.high == self.high and (self.high_closed or not other.high_closed)
        )
        return low_ok and high_ok

    def floor(self) -> Interval:
        """[low, inf): what a running total reported earlier says about a later date.

        A cumulative count can only grow, so an earlier report bounds later values from below.
        """
        return Interval._of_floats(self.low, math.inf, self.low_closed, False)

    def ceiling(self) -> Interval:
        """(-inf, high]: what a running total reported later says about an earlier date."""
        return Interval._of_floats(-math.inf, self.high, False, self.high_closed)

    def __str__(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{format_number(self.low)}, {format_number(self.high)}{right}"


# ---------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------

_KEYS: Final = ("value", "qualifier", "lower", "upper", "unit", "step")
_QUALIFIER_NAMES: Final = ", ".join(q.value for q in Qualifier)

# Canonical hedge words for to_text(); BETWEEN and ± bounds are written separately.
_HEDGE_TEXT: Final[dict[Qualifier, str]] = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.NEARLY: "nearly ",
    Qualifier.FEWER_THAN: "fewer than ",
    Qualifier.UP_TO: "up to ",
}


def _to_decimal(raw: object, what: str, *, positive: bool = False) -> Decimal:
    """A YAML/JSON scalar (int, float, numeric string or Decimal) as a checked Decimal."""
    if type(raw) is Decimal:  # the common cases first, without the checks below
        d = raw
    elif type(raw) is int:
        d = Decimal(raw)
    else:
        if isinstance(raw, bool):  # bool is an int subclass, but 'value: true' is a mistake
            raise QuantityError(f"quantity {what} must be a number, not the boolean {raw}")
        if not isinstance(raw, (Decimal, int, float, str)):
            raise QuantityError(
                f"quantity {what} must be a number, got {type(raw).__name__} {raw!r}"
            )
        try:
            if isinstance(raw, Decimal):
                d = raw
            elif isinstance(raw, int):
                d = Decimal(raw)
            elif isinstance(raw, float):
                d = Decimal(str(raw))  # str() is the shortest round-trip form: 0.1 stays 0.1
            else:
                d = _decimal_from_string(raw)
        except (InvalidOperation, ValueError, OverflowError):
            raise QuantityError(f"quantity {what} must be a number, got {raw!r}") from None
    if positive and d.is_finite() and d <= 0:
        raise QuantityError(f"quantity {what} must be greater than 0, got {format_number(d)}")
    problem = _number_problem(d)
    if problem is not None:
        raise QuantityError(f"quantity {what} {problem}, got {raw!r}")
    return d


_NUMBER_STRING_RE: Final = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?:\.[0-9]+)?"
)
_SEPARATORS_RE: Final = re.compile(r"[, \u00a0\u202f\u2009]")


def _decimal_from_string(raw: str) -> Decimal:
    """'37,500' or '1.5' or '1e5' as a Decimal; InvalidOperation/ValueError when not numeric."""
    text = raw.strip()
    if _NUMBER_STRING_RE.fullmatch(text):
        text = _SEPARATORS_RE.sub("", text)
    if "_" in text:  # Decimal() accepts '1_000'; a YAML author did not mean that
        raise ValueError(text)
    return Decimal(text)


# The canonical spellings, as to_data() writes them: looked up before any normalising.
_QUALIFIER_BY_VALUE: Final = {q.value: q for q in Qualifier}


def _coerce_qualifier(raw: object) -> Qualifier:
    if isinstance(raw, Qualifier):
        return raw
    if type(raw) is str and raw in _QUALIFIER_BY_VALUE:
        return _QUALIFIER_BY_VALUE[raw]
    if isinstance(raw, str):
        key = "_".join(raw.strip().lower().replace("-", " ").split())
        try:
            return Qualifier(key)
        except ValueError:
            pass
    raise QuantityError(f"quantity qualifier {raw!r} is not one of {_QUALIFIER_NAMES}")


# Float tolerances already checked: a run uses one or two.
_TOLERANCES: Final[dict[float, Decimal]] = {}


def _tolerance(tolerance: object) -> Decimal:
    """A tolerance for Quantity.interval() as a Decimal; ValueError unless 0 <= t < 1."""
    if type(tolerance) is float and tolerance in _TOLERANCES:
        return _TOLERANCES[tolerance]
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, Decimal)):
        raise ValueError(f"tolerance must be a number, got {tolerance!r}")
    t = Decimal(str(tolerance))
    if not t.is_finite() or not 0 <= t < 1:
        raise ValueError(f"tolerance must be at least 0 and below 1, got {tolerance!r}")
    if type(tolerance) is float and len(_TOLERANCES) < 64:
        _TOLERANCES[tolerance] = t
    return t


def _plain(d: Decimal) -> int | float | str:
    """A Decimal for YAML: int when integral, float when a float says it exactly, else a string."""
    if d == d.to_integral_value():
        return int(d)
    as_float = float(d)
    if Decimal(repr(as_float)) == d:
        return as_float
    return format(d, "f")


_Fields = tuple[
    Qualifier, Decimal | None, Decimal | None, Decimal | None, str | None, Decimal | None
]


def _normalised(
    qualifier: object, value: object, lower: object, upper: object, unit: object, step: object
) -> _Fields:
    """Quantity's fields checked and normalised (see Quantity); QuantityError when invalid."""
    checked = qualifier if type(qualifier) is Qualifier else _coerce_qualifier(qualifier)
    if value is not None:
        value = _tidy(_to_decimal(value, "value"))
    if lower is not None:
        lower = _tidy(_to_decimal(lower, "lower"))
    if upper is not None:
        upper = _tidy(_to_decimal(upper, "upper"))
    if step is not None:
        step = _to_decimal(step, "step", positive=True)
    if unit is not None:
        if not isinstance(unit, str):
            raise QuantityError(
                f"quantity unit must be a word such as 'people', got {type(unit).__name__} {unit!r}"
            )
        unit = " ".join(unit.split()).lower()
        if not unit:
            raise QuantityError("quantity unit must not be empty; leave it out instead")
        if any(_is_number_token(word) for word in unit.split()):
            # '5 years 9 months' would silently lose its months
            raise QuantityError(
                f"quantity unit {unit!r} holds another number: give one figure, "
                "e.g. 'nearly 6 years' or 'between 5.7 and 5.8 years'"
            )
    _check_shape(checked, value, lower, upper)
    # A step that says no more than the written value is dropped: equal meaning, equal object.
    if step is not None and step == _default_step(value, lower, upper):
        step = None
    return checked, value, lower, upper, unit, step


def _is_number_token(word: str) -> bool:
    digits = word.replace(",", "").replace(".", "")
    return digits.isdigit()


def _check_shape(
    qualifier: Qualifier, value: Decimal | None, lower: Decimal | None, upper: Decimal | None
) -> None:
    if qualifier is _NEARLY and value is not None and value == 0:
        raise QuantityError("'nearly 0' is no figure: nothing is nearly nothing; give a range")
    if qualifier is _BETWEEN:
        if lower is None or upper is None:
            raise QuantityError("quantity with qualifier between needs both lower and upper")
    else:
        if value is None:
            raise QuantityError(f"quantity has no value; qualifier {qualifier.value} needs one")
        if (lower is not None or upper is not None) and qualifier is not _EXACT:
            raise QuantityError(
                "quantity lower/upper are only allowed with qualifier exact (± bounds) "
                f"or between, not {qualifier.value}"
            )
        if (lower is None) != (upper is None):
            raise QuantityError("quantity ± bounds need both lower and upper")
    if lower is not None and upper is not None:
        if lower > upper:
            raise QuantityError(
                f"quantity lower {format_number(lower)} is greater than "
                f"upper {format_number(upper)}"
            )
        if value is not None and not lower <= value <= upper:
            raise QuantityError(
                f"quantity value {format_number(value)} lies outside its bounds "
                f"{format_number(lower)} to {format_number(upper)}"
            )


def _default_step(value: Decimal | None, lower: Decimal | None, upper: Decimal | None) -> Decimal:
    if value is not None:
        return _step_of(value)
    # BETWEEN without a value: the finer of the two bounds' precisions.
    assert lower is not None and upper is not None
    return min(_step_of(lower), _step_of(upper))


@dataclass(frozen=True)
class Quantity:
    """A figure as stated: qualifier, value, optional explicit bounds, unit and rounding step.

    Construction validates and normalises: numbers become Decimals, the unit is lowercased with
    whitespace collapsed, and a step equal to the implied one is stored as None, so that two
    quantities with the same meaning compare equal. Invalid combinations raise QuantityError.
    """

    qualifier: Qualifier
    value: Decimal | None = None  # the stated figure; None only for BETWEEN
    lower: Decimal | None = None  # explicit bounds: BETWEEN, or an exact value with ± bounds
    upper: Decimal | None = None
    unit: str | None = None  # "people", "days" ... lowercased
    step: Decimal | None = None  # rounding step; None means implied by the value

    # Intervals already computed, by float tolerance: see interval(). Not a field.
    _intervals: ClassVar[dict[float, Interval] | None] = None

    def __post_init__(self) -> None:
        qualifier, value, lower, upper, unit, step = _normalised(
            self.qualifier, self.value, self.lower, self.upper, self.unit, self.step
        )
        setattr_ = object.__setattr__  # frozen; only what normalising changed is set again
        if qualifier is not self.qualifier:
            setattr_(self, "qualifier", qualifier)
        if value is not self.value:
            setattr_(self, "value", value)
        if lower is not self.lower:
            setattr_(self, "lower", lower)
        if upper is not self.upper:
            setattr_(self, "upper", upper)
        if unit is not self.unit:
            setattr_(self, "unit", unit)
        if step is not self.step:
            setattr_(self, "step", step)

    def _default_step(self) -> Decimal:
        return _default_step(self.value, self.lower, self.upper)

    def implied_step(self) -> Decimal:
        """The rounding step: explicit if set, else implied by how the value is written.

        "37,500" -> 100, "400,000" -> 100,000, "1,312" -> 1, "1.5" -> 0.1, "0" -> 1.
        """
        return self.step if self.step is not None else self._default_step()

    def interval(self, tolerance: float = 0.1) -> Interval:
        """The values that would make this quantity true.

        tolerance (0 <= t < 1) widens the vague hedges: "about v" is v +/- max(step/2, t*v) and
        "nearly v" is [v*(1-t), v).
        """
        # The cross-checks ask again and again with the same float tolerance: the answer depends
        # only on this (immutable) quantity and the tolerance's value, so it is kept on the
        # instance, beside the fields, as functools.cached_property would keep it.
        if type(tolerance) is float:
            intervals = self._intervals
            if intervals is None:
                intervals = {}
                object.__setattr__(self, "_intervals", intervals)
            interval = intervals.get(tolerance)
            if interval is None:
                interval = self._interval(_tolerance(tolerance))
                if len(intervals) < 16:
                    intervals[tolerance] = interval
            return interval
        return self._interval(_tolerance(tolerance))

    def _interval(self, t: Decimal) -> Interval:
        """interval() for a checked tolerance; the arithmetic is exact until the final float()."""
        make, ctx = Interval._of_floats, _CTX_EXACT
        q, v = self.qualifier, self.value
        if q is _BETWEEN or (q is _EXACT and self.lower is not None):
            assert self.lower is not None and self.upper is not None
            return make(float(self.lower), float(self.upper), True, True)
        assert v is not None
        if q is _MORE_THAN:
            return make(float(v), math.inf, False, False)
        if q is _AT_LEAST:
            return make(float(v), math.inf, True, False)
        if q is _FEWER_THAN:
            return make(-math.inf, float(v), False, False)
        if q is _UP_TO:
            return make(-math.inf, float(v), False, True)
        half = ctx.divide(self.implied_step(), 2)
        if q is _NEARLY:  # [v*(1-t), v); at tolerance 0, half a step below, never empty
            below = ctx.multiply(t, v) or half
            return make(float(ctx.subtract(v, below)), float(v), True, False)
        if q is _EXACT:  # rounding: [v - s/2, v + s/2)
            return make(float(ctx.subtract(v, half)), float(ctx.add(v, half)), True, False)
        width = max(half, ctx.multiply(t, v))  # ABOUT: v +/- max(s/2, t*v)
        return make(float(ctx.subtract(v, width)), float(ctx.add(v, width)), True, True)

    def _shorthand(self) -> str | None:
        """The shorthand spelling, before checking that it reads back as self."""
        if self.step is not None:  # an explicit step differs from what any spelling implies
            return None
        if self.qualifier is Qualifier.BETWEEN:
            if self.value is not None or self.lower is None or self.upper is None:
                return None
            core = f"between {format_number(self.lower)} and {format_number(self.upper)}"
        elif self.lower is not None and self.upper is not None:
            assert self.value is not None
            below = _CTX_EXACT.subtract(self.value, self.lower)
            above = _CTX_EXACT.subtract(self.upper, self.value)
            if below != above:
                return None
            core = f"{format_number(self.value)} \u00b1 {format_number(above)}"
        else:
            assert self.value is not None
            core = _HEDGE_TEXT[self.qualifier] + format_number(self.value)
        return core if self.unit is None else f"{core} {self.unit}"

    def to_text(self) -> str | None:
        """Canonical shorthand ("more than 400,000 people"), or None when it cannot say this.

        None for an explicit step that differs from the implied one, asymmetric bounds, a
        BETWEEN with a value, or a unit the grammar would read differently ("million people").
        """
        text = self._shorthand()
        if text is None:
            return None
        try:
            again = parse_quantity(text)
        except QuantityError:
            return None
        return text if again == self else None

    def _mapping(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.value is not None:
            data["value"] = _plain(self.value)
        if self.qualifier is not Qualifier.EXACT:
            data["qualifier"] = self.qualifier.value
        if self.lower is not None:
            data["lower"] = _plain(self.lower)
        if self.upper is not None:
            data["upper"] = _plain(self.upper)
        if self.unit is not None:
            data["unit"] = self.unit
        if self.step is not None:
            data["step"] = _plain(self.step)
        return data

    def to_data(self) -> str | dict[str, object]:
        """Canonical YAML form: the shorthand when it reads back as self, else a mapping.

        Mapping keys come in the order value, qualifier, lower, upper, unit, step, only those
        set; qualifier is left out when exact; numbers are ints when integral, else floats (or an
        exact numeric string in the rare case a float cannot hold the value).
        """
        text = self.to_text()
        return text if text is not None else self._mapping()

    def __str__(self) -> str:
        text = self.to_text()
        if text is not None:
            return text
        parts: list[str] = []
        for key in _KEYS:
            field = getattr(self, key)
            if field is None or (key == "qualifier" and field is Qualifier.EXACT):
                continue
            if isinstance(field, Decimal):
                parts.append(f"{key} {format_number(field)}")
            elif isinstance(field, Qualifier):
                parts.append(f"{key} {field.value}")
            else:
                parts.append(f"{key} {field}")
        return "; ".join(parts)


def _trusted(
    qualifier: Qualifier,
    value: Decimal | None,
    lower: Decimal | None,
    upper: Decimal | None,
    unit: str | None,
    step: Decimal | None,
) -> Quantity:
    """A Quantity from fields that are already as __post_init__ would leave them, unchecked."""
    quantity = object.__new__(Quantity)
    setattr_ = object.__setattr__  # as the dataclass's __init__ does: it is frozen
    setattr_(quantity, "qualifier", qualifier)
    setattr_(quantity, "value", value)
    setattr_(quantity, "lower", lower)
    setattr_(quantity, "upper", upper)
    setattr_(quantity, "unit", unit)
    setattr_(quantity, "step", step)
    return quantity


def _make(
    qualifier: object,
    value: object = None,
    lower: object = None,
    upper: object = None,
    unit: object = None,
    step: object = None,
) -> Quantity:
    """Quantity(...): the same checks, the same object, without the frozen dataclass's __init__
    (which sets each field through object.__setattr__ before __post_init__ sets them again)."""
    return _trusted(*_normalised(qualifier, value, lower, upper, unit, step))


def quantity_from_data(data: object) -> Quantity:
    """A Quantity from YAML/JSON data: shorthand string, mapping, bare number or Quantity.

    Raises QuantityError naming the problem (unknown key, wrong type, missing value, ...).
    """
    if type(data) is str:
        return parse_quantity(data)
    if type(data) is dict:  # what a YAML loader gives: no need to ask the Mapping ABC
        return _from_mapping(data)
    if isinstance(data, Quantity):
        return data
    if isinstance(data, str):
        return parse_quantity(data)
    if isinstance(data, bool):
        raise QuantityError(f"quantity must be a number or text, not the boolean {data}")
    if isinstance(data, (int, float, Decimal)):  # 'quantity: 37500' in YAML
        return _make(_EXACT, _to_decimal(data, "value"))
    if not isinstance(data, Mapping):
        raise QuantityError(
            "quantity must be text such as 'about 750 people' or a mapping with keys "
            f"{', '.join(_KEYS)}; got {type(data).__name__} {data!r}"
        )
    return _from_mapping(data)


def _from_mapping(data: Mapping[object, object]) -> Quantity:
    for key in data:
        if not isinstance(key, str) or key not in _KEYS:
            raise QuantityError(
                f"quantity has unknown key {key!r}; expected one of {', '.join(_KEYS)}"
            )
    # YAML 'unit:' with nothing after it is None: treat it as not given.
    given = {key: val for key, val in data.items() if val is not None}
    # Quantity checks the qualifier, then value, lower, upper and step, then the unit: in the
    # order this function always reported them, with the same messages.
    return _make(
        given.get("qualifier", _EXACT),
        value=given.get("value"),
        lower=given.get("lower"),
        upper=given.get("upper"),
        unit=given.get("unit"),
        step=given.get("step"),
    )


# ---------------------------------------------------------------------------------------------
# The grammar
# ---------------------------------------------------------------------------------------------
# Both parse_quantity (a whole string) and find_quantities (prose) run the same reader over a
# lowercased copy of the text. The copy keeps every character's index, so spans found in it are
# spans of the original.

_EXPECTED: Final = "expected a number such as '37,500', 'about 750' or 'more than 400,000 people'"

_Kind = Qualifier | Literal["between", "from"]

# Hedges, each a regex matched where a phrase starts. Where two start with the same word the
# longer comes first ("just under" is tried before anything that could stop at "just").
_HEDGES: Final[tuple[tuple[str, _Kind], ...]] = (
    (r"a\s+total\s+of\b", Qualifier.EXACT),
    (r"a\s+figure\s+of\b", Qualifier.EXACT),
    (r"exactly\b", Qualifier.EXACT),
    (r"about\b", Qualifier.ABOUT),
    (r"around\b", Qualifier.ABOUT),
    (r"some\b", Qualifier.ABOUT),
    (r"roughly\b", Qualifier.ABOUT),
    (r"approximately\b", Qualifier.ABOUT),
    (r"approx(?:\.|\b)", Qualifier.ABOUT),
    (r"an\s+estimated\b", Qualifier.ABOUT),
    (r"estimated\b", Qualifier.ABOUT),
    (r"circa\b", Qualifier.ABOUT),
    (r"ca\.", Qualifier.ABOUT),
    (r"~|\u2248", Qualifier.ABOUT),
    (r"more\s+than\b", Qualifier.MORE_THAN),
    (r"(?:just|well)\s+over\b", Qualifier.MORE_THAN),
    (r"over\b", Qualifier.MORE_THAN),
    (r"above\b", Qualifier.MORE_THAN),
    (r"in\s+excess\s+of\b", Qualifier.MORE_THAN),
    (r"upwards\s+of\b", Qualifier.MORE_THAN),
    (r">(?!=)", Qualifier.MORE_THAN),
    (r"at\s+least\b", Qualifier.AT_LEAST),
    (r"not?\s+(?:fewer|less)\s+than\b", Qualifier.AT_LEAST),
    (r"a\s+minimum\s+of\b", Qualifier.AT_LEAST),
    (r">=|\u2265", Qualifier.AT_LEAST),
    (r"nearly\b", Qualifier.NEARLY),
    (r"almost\b", Qualifier.NEARLY),
    (r"close\s+to\b", Qualifier.NEARLY),
    (r"just\s+(?:under|below)\b", Qualifier.NEARLY),
    (r"fewer\s+than\b", Qualifier.FEWER_THAN),
    (r"less\s+than\b", Qualifier.FEWER_THAN),
    (r"under\b", Qualifier.FEWER_THAN),
    (r"below\b", Qualifier.FEWER_THAN),
    (r"<(?!=)", Qualifier.FEWER_THAN),
    (r"up\s+to\b", Qualifier.UP_TO),
    (r"at\s+most\b", Qualifier.UP_TO),
    (r"not?\s+more\s+than\b", Qualifier.UP_TO),
    (r"a\s+maximum\s+of\b", Qualifier.UP_TO),
    (r"<=|\u2264", Qualifier.UP_TO),
    (r"between\b", "between"),
    (r"from\b", "from"),
)
# One alternation, one capturing group per hedge: m.lastindex says which hedge matched.
_HEDGE_RE: Final = re.compile("|".join(f"({pattern})" for pattern, _ in _HEDGES))

# Digits: comma groups, or space-like groups (space, no-break, narrow no-break, thin), or a run.
# Not glued to a preceding word or number, so '3.5' is not read as '5' and 'A4' not as '4'.
_NUMERAL_RE: Final = re.compile(
    r"(?<![\w.,/:])"
    r"(?:(?P<spaced>[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+)(?![0-9]|,[0-9])"
    r"|(?P<plain>[0-9]+(?:,[0-9]+)*))"
    r"(?:\.(?P<frac>[0-9]+))?"
)
# A numeral that is really part of a date, a time or an ordinal: '21/12/2016', '10:30', '21st'.
_NOT_A_FIGURE_RE: Final = re.compile(r"[/:][0-9]|(?:st|nd|rd|th)\b")
_NOT_DIGITS_RE: Final = re.compile(r"[^0-9]")
_GROUPED_RE: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_MULTIPLIERS: Final = {"k": 3, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_MULTIPLIER_RE: Final = re.compile(r"(k)(?![\w])|\s+(thousand|million|billion|trillion)\b")


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, for readability."""
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    """A list of phrases written as one comma-separated string."""
    return tuple(phrase.strip() for phrase in text.split(","))


# Every hedge of _HEDGES spelled out, with single spaces (a test checks that each alternative has
# a spelling here). Any hedge starts with the first character of one of these, so where the text
# starts with none of them, _HEDGE_RE is not even tried: it is slowest when nothing matches.
_HEDGE_WORDS: Final = _phrases(
    "exactly, about, around, some, roughly, approximately, approx, approx., an estimated, "
    "estimated, circa, ca., a total of, a figure of, more than, over, just over, well over, "
    "above, in excess of, upwards of, at least, no fewer than, not fewer than, no less than, "
    "not less than, a minimum of, nearly, almost, close to, just under, just below, fewer than, "
    "less than, under, below, up to, at most, no more than, not more than, a maximum of"
)
_HEDGE_SYMBOLS: Final = ("~", "\u2248", ">", ">=", "\u2265", "<", "<=", "\u2264")
_HEDGE_STARTS: Final = frozenset(
    spelling[0] for spelling in (*_HEDGE_WORDS, *_HEDGE_SYMBOLS, "between", "from")
)


_WORD_RE: Final = re.compile(r"[a-z]+\b")
_WORD_GAP_RE: Final = re.compile(r"(?:\s+|-)(?=[a-z])")
_UNITS: Final = {
    w: i for i, w in enumerate(_words("one two three four five six seven eight nine"), start=1)
}
_TEENS: Final = {
    w: i
    for i, w in enumerate(
        _words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"),
        start=10,
    )
}
_TENS: Final = {
    w: 10 * i
    for i, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), start=2)
}
_SCALES: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORDS: Final = frozenset({"zero", "hundred", *_UNITS, *_TEENS, *_TENS, *_SCALES})

_DURATIONS: Final = "second minute hour day night week fortnight month year decade century"
_DURATION_WORDS: Final = frozenset(_words(_DURATIONS))
# 'six-year', 'six-year-long', 'six-year-old', '24-hour': an adjective naming a duration.
_ADJECTIVE_RE: Final = re.compile(
    rf"-({'|'.join(_words(_DURATIONS))})s?(?:-(?:long|old))?(?![\w-])"
)
# 'a'/'an' as the number one, before a unit ('a day'), but not 'a lot', 'a few' ...
_ARTICLE_RE: Final = re.compile(r"(an?)\s+(?=([^\W\d_]+))")
_NOT_AFTER_ARTICLE: Final = frozenset(
    _words(
        "lot lots few couple number bit little great good large small handful majority minority "
        "quarter half third fraction range series variety host dozen score"
    )
)

_RANGE_RE: Final = re.compile(r"\s*[-\u2013]\s*|\s+to\s+")
_CONNECT_RE: Final[dict[str, re.Pattern[str]]] = {
    "between": re.compile(r"\s+and\s+"),
    "from": re.compile(r"\s+to\s+"),
}
_PLUS_MINUS_RE: Final = re.compile(r"\s*(?:\u00b1|\+/-|\+-|plus\s+or\s+minus)\s*")
_PERCENT_RE: Final = re.compile(r"\s*(?:%|per\s*cent\b|percent\b)")
_SUFFIX_RE: Final = re.compile(
    r"(\+)"
    r"|(\s+or\s+(?:more|above|over|greater)\b|\s+and\s+(?:more|above|over)\b)"
    r"|(\s+or\s+(?:fewer|less|under|below)\b)"
    r"|(\s+or\s+so\b)"
)
_SUFFIX_QUALIFIERS: Final = (
    Qualifier.AT_LEAST,
    Qualifier.AT_LEAST,
    Qualifier.UP_TO,
    Qualifier.ABOUT,
)

# A unit may not start with a word that joins it to something else: '37,500 or so and more'.
_CONNECTORS: Final = frozenset(_words("and or to than nor but plus minus"))
_UNIT_SYMBOLS: Final = "%\u2030\u00b0"  # per cent, per mille, degree
# In prose the unit is the next word, unless it is one of these.
_STOP_WORDS: Final = frozenset(
    _words(
        "a an the and or nor but of to in on at by for from with as than that which who whom whose "
        "this these those it its their there here had has have having were was is are be been "
        "being will would could should may might must can did do does since after before until "
        "till into onto per more less fewer most least over under about around some said says "
        "also not no while when where if then so such each every other another out up down off"
    )
)
_UNIT_WORD_RE: Final = re.compile(r"(%)|\s+(per\s*cent)\b|\s+([^\W\d_]+)(?![\w-])")


class _Fail(Exception):
    """Internal: no quantity at this position; str() says why, for parse_quantity's message."""


@dataclass(slots=True)
class _Num:
    """A number read from the text, with where it was and how it was written."""

    value: Decimal
    step: Decimal | None  # the step its written form implies; None when the value's own
    start: int
    end: int
    base: Decimal  # the figure before a trailing multiplier word: '1.5' in '1.5 million'
    shift: int = 0  # that multiplier as a power of ten; 0 when there is none
    article: bool = False  # 'a'/'an' standing for one: needs a unit after it


def _fold(text: str) -> str:
    """Lowercase text without moving any character (a few letters lowercase to two)."""
    # str.lower() maps each character on its own, as c.lower() does, except for two: U+0130
    # (the only character whose lowercase is two characters long) and capital sigma (whose
    # lowercase depends on the letters around it). Without them it is the same, and much faster.
    if text.isascii() or ("\u0130" not in text and "\u03a3" not in text):
        return text.lower()
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _shown(text: str) -> str:
    """The offending text as it appears in a message: quoted, one line, not too long."""
    text = text.strip() or text
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def _read_digits(s: str, m: re.Match[str]) -> _Num:
    plain, frac, spaced = m.group("plain", "frac", "spaced")
    numeral = m.group()
    # Comma separators must make groups of three after a head of one to three digits.
    if plain is not None and "," in plain and not _GROUPED_RE.fullmatch(plain):
        raise _Fail(
            f"malformed number {numeral!r}: separators must split the digits into groups "
            "of three, e.g. '37,500'"
        )
    if _NOT_A_FIGURE_RE.match(s, m.end()):
        raise _Fail(f"{numeral!r} looks like a date, time or ordinal; {_EXPECTED}")
    whole = _NOT_DIGITS_RE.sub("", spaced) if spaced is not None else plain.replace(",", "")
    raw = Decimal(f"{whole}.{frac}" if frac else whole)
    # The step the writer implied: the last written decimal, or the trailing zeros of an integer.
    # That is the value's own step (None) unless a decimal ends in 0 ('1.50') or the figure is 0.
    if frac:
        step = None if frac[-1] != "0" else _pow10(-len(frac))
    else:
        step = None if whole.strip("0") else _ONE
    end, shift = m.end(), 0
    mult = _MULTIPLIER_RE.match(s, end)
    if mult is not None:
        shift = _MULTIPLIERS[mult.group(1) or mult.group(2)]
        end = mult.end()
    value = _shift(raw, shift)
    problem = _number_problem(value)
    if problem is not None:
        raise _Fail(f"the number {s[m.start() : end]!r} {problem}")
    return _Num(value, None if step is None else _shift(step, shift), m.start(), end, raw, shift)


def _read_words(s: str, pos: int) -> _Num | None:
    """Number words: 'six', 'twenty-five', 'a hundred', 'two thousand five hundred'."""
    total = group = 0
    in_group = small = open_tens = hundred = False
    last_scale = 0  # scale words must fall: 'two thousand million' is not a number
    base: tuple[int, int] | None = None  # (figure, scale) for 'two million'
    end, last, p = -1, "", pos
    while (m := _WORD_RE.match(s, p)) is not None:
        w = m.group()
        if w in ("a", "an") and p == pos:  # 'a hundred', 'a thousand'
            group, in_group, small = 1, True, True
        elif w == "zero":
            if p != pos:
                break
            end, last = m.end(), w
            break  # zero stands alone
        elif w in _UNITS and open_tens:  # 'twenty-five'
            group, open_tens = group + _UNITS[w], False
        elif w in _UNITS or w in _TEENS or w in _TENS:
            if small:
                break
            group += _UNITS.get(w) or _TEENS.get(w) or _TENS[w]
            in_group, small, open_tens = True, True, w in _TENS
        elif w == "hundred":
            if hundred or not in_group or not 1 <= group <= 9:
                break
            group, hundred, small, open_tens = group * 100, True, False, False
        elif w in _SCALES:
            scale = _SCALES[w]
            if not in_group or group == 0 or (last_scale and scale >= last_scale):
                break
            base = (group, scale) if total == 0 else None
            total += group * scale
            group, last_scale = 0, scale
            in_group = small = open_tens = hundred = False
        else:
            break
        end, last = m.end(), w
        gap = _WORD_GAP_RE.match(s, end)
        if gap is None:
            break
        p = gap.end()
    if end < 0 or last in ("a", "an"):
        return None  # nothing read, or a bare article (the caller decides about 'a day')
    value = Decimal(total + group)
    if last in _SCALES and base is not None and total + group == base[0] * base[1]:
        figure, shift = Decimal(base[0]), len(str(base[1])) - 1
    else:
        figure, shift = value, 0
    return _Num(value, None, pos, end, figure, shift)  # an integer's step is its own


def _read_number(s: str, pos: int, *, article: bool, scan: bool) -> _Num | None:
    """The number at pos (digits, words, or 'a'/'an' when allowed), or None."""
    m = _NUMERAL_RE.match(s, pos)
    if m is not None:
        return _read_digits(s, m)
    words = _read_words(s, pos)
    if words is not None or not article:
        return words
    a = _ARTICLE_RE.match(s, pos)
    if a is None:
        return None
    following = a.group(2)
    # In prose 'a' is everywhere; only 'more than a year'-style durations count there.
    if following in _NOT_AFTER_ARTICLE or (scan and following not in _DURATION_WORDS):
        return None
    return _Num(_ONE, None, pos, a.end(1), _ONE, 0, article=True)


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    quantity: Quantity


def _read_phrase(text: str, s: str, start: int, *, scan: bool) -> _Phrase:
    """Read '[hedge] number [unit]' at start. In parse mode (scan=False) the unit is the rest of
    the text; in scan mode it is the next word. Raises _Fail when there is no quantity here."""
    kind: _Kind | None = None
    pos = start
    hedge = _HEDGE_RE.match(s, start) if s[start : start + 1] in _HEDGE_STARTS else None
    if hedge is not None and hedge.lastindex is not None:
        kind = _HEDGES[hedge.lastindex - 1][1]
        pos = hedge.end()
        while pos < len(s) and s[pos].isspace():
            pos += 1
    # 'a'/'an' as one: in a claim before any unit ('a day'); in prose only after a hedge.
    article = (isinstance(kind, Qualifier) or not scan) and kind not in ("between", "from")
    first = _read_number(s, pos, article=article, scan=scan)
    if first is None:
        if kind is None:
            raise _Fail(_EXPECTED)
        said = text[start:pos].strip()
        if kind in ("between", "from"):
            raise _Fail(f"expected numbers after {said!r}, e.g. 'between 1,200 and 1,312 people'")
        raise _Fail(f"expected a number after {said!r}, e.g. '{said} 400,000 people'")

    if kind in ("between", "from"):
        link = _CONNECT_RE[kind].match(s, first.end)
        second = None if link is None else _read_number(s, link.end(), article=False, scan=scan)
        if second is None:
            if scan:  # 'between 5 and' in prose: just the number
                return _finish(text, s, first.start, first, _EXACT, first.end, scan)
            word = "and" if kind == "between" else "to"
            raise _Fail(f"expected '{kind} A {word} B', e.g. '{kind} 1,200 {word} 1,312 people'")
        return _finish_range(text, s, start, first, second, scan)

    qualifier = kind if isinstance(kind, Qualifier) else _EXACT
    if first.article:
        return _finish(text, s, start, first, qualifier, first.end, scan)

    adjective = _ADJECTIVE_RE.match(s, first.end)
    if adjective is not None:  # 'six-year-long': 6 years; nothing else may follow in parse mode
        word = adjective.group(1)
        unit = "centuries" if word == "century" else f"{word}s"
        if not scan and s[adjective.end() :].strip():
            rest = text[adjective.end() :].strip()
            raise _Fail(
                f"unexpected {rest!r} after {text[first.start : adjective.end()]!r}; "
                f"write the figure on its own, e.g. '{format_number(first.value)} {unit}'"
            )
        quantity = _make(qualifier, first.value, unit=unit, step=first.step)
        return _Phrase(start, adjective.end(), quantity)

    link = _RANGE_RE.match(s, first.end)
    second = None if link is None else _read_number(s, link.end(), article=False, scan=scan)
    if second is not None:
        if kind is not None:
            if not scan:
                raise _Fail(
                    f"{text[start:pos].strip()!r} cannot qualify a range; "
                    "write 'between 1,200 and 1,312' or a single hedged figure"
                )
            start = first.start  # 'about 5-10' in prose: report the range itself
        return _finish_range(text, s, start, first, second, scan)

    if kind is None:
        plus_minus = _PLUS_MINUS_RE.match(s, first.end)
        if plus_minus is not None:
            return _finish_bounds(text, s, start, first, plus_minus.end(), scan)
        suffix = _SUFFIX_RE.match(s, first.end)
        if suffix is not None and suffix.lastindex is not None:
            qualifier = _SUFFIX_QUALIFIERS[suffix.lastindex - 1]
            return _finish(text, s, start, first, qualifier, suffix.end(), scan)
    return _finish(text, s, start, first, qualifier, first.end, scan)


def _read_unit(text: str, s: str, pos: int, *, scan: bool) -> tuple[str | None, int]:
    """The unit after pos and where it ends. Parse mode: the whole rest of the text."""
    if scan:
        m = _UNIT_WORD_RE.match(s, pos)
        if m is None:
            return None, pos
        if m.group(1) or m.group(2):
            return " ".join((m.group(1) or m.group(2)).split()), m.end()
        word = m.group(3)
        original = text[m.start(3) : m.end(3)]
        # A capitalised word after a number is a name or a new sentence, not a unit.
        if original != original.lower() or word in _STOP_WORDS:
            return None, pos
        return word, m.end()
    rest = s[pos:]
    unit = " ".join(rest.split())
    if not unit:
        return None, len(s)
    first_word = unit.split()[0]
    if (
        not (unit[0].isalpha() or unit[0] in _UNIT_SYMBOLS)
        or first_word in _CONNECTORS  # '37,500 or so and more'
        or first_word.split("-")[0] in _NUMBER_WORDS  # 'five six': two numbers, not a unit
        or (not rest[0].isspace() and any(c.isdigit() for c in first_word))  # '1e5'
    ):
        raise _Fail(
            f"unexpected {text[pos:].strip()!r} after {text[:pos].strip()!r}; "
            "a unit must be words such as 'people' or 'days'"
        )
    return unit, len(s)


def _finish(
    text: str, s: str, start: int, num: _Num, qualifier: Qualifier, pos: int, scan: bool
) -> _Phrase:
    """A single hedged figure: read its unit and build the Quantity."""
    unit, end = _read_unit(text, s, pos, scan=scan)
    if num.article and unit is None:
        raise _Fail("'a'/'an' stands for one only before a unit, e.g. 'a day'")
    quantity = _make(qualifier, num.value, unit=unit, step=num.step)
    return _Phrase(start, max(end, pos), quantity)


def _finish_range(text: str, s: str, start: int, a: _Num, b: _Num, scan: bool) -> _Phrase:
    """'between A and B', 'A to B', 'A-B'."""
    lower = a.value
    # '1.2-1.5 million', 'between 1 and 2 million': the multiplier covers both ends.
    if a.shift == 0 and b.shift > 0 and a.value <= b.base:
        lower = _shift(a.value, b.shift)
    if lower > b.value:
        if scan:  # '2015-16' and the like: take the first number alone
            return _finish(text, s, a.start, a, _EXACT, a.end, scan)
        raise _Fail(
            f"the range {format_number(lower)} to {format_number(b.value)} runs backwards; "
            "put the smaller number first"
        )
    unit, end = _read_unit(text, s, b.end, scan=scan)
    quantity = _make(_BETWEEN, lower=lower, upper=b.value, unit=unit)
    return _Phrase(start, max(end, b.end), quantity)


def _finish_bounds(text: str, s: str, start: int, num: _Num, pos: int, scan: bool) -> _Phrase:
    """'470,000 ± 23,500' or '470,000 +/- 5%': an exact figure with explicit bounds."""
    delta = _read_number(s, pos, article=False, scan=scan)
    if delta is None:
        if scan:
            return _finish(text, s, start, num, _EXACT, num.end, scan)
        raise _Fail("expected a number after '\u00b1', e.g. '470,000 \u00b1 23,500' or '\u00b1 5%'")
    end = delta.end
    amount = delta.value
    percent = _PERCENT_RE.match(s, end)
    if percent is not None:  # a percentage of the figure becomes absolute bounds
        amount = _CTX_EXACT.divide(_CTX_EXACT.multiply(num.value, amount), 100)
        end = percent.end()
    lower, upper = _CTX_EXACT.subtract(num.value, amount), _CTX_EXACT.add(num.value, amount)
    if lower < 0:
        if scan:
            return _finish(text, s, start, num, _EXACT, num.end, scan)
        raise _Fail(f"the bounds {text[start:end].strip()!r} go below zero")
    unit, unit_end = _read_unit(text, s, end, scan=scan)
    quantity = _make(_EXACT, num.value, lower, upper, unit, num.step)
    return _Phrase(start, max(unit_end, end), quantity)


# The fast path of parse_quantity: the common shapes, in the canonical spacing (single spaces,
# ASCII letters), with figures short enough that they can never be out of range. Anything else,
# including every text the grammar refuses, goes to the full grammar, which has the last word.
# Its hedges are _HEDGE_WORDS and _HEDGE_SYMBOLS, each taking its qualifier from the grammar.
def _fast_hedges(spellings: tuple[str, ...], gap: str) -> dict[str, Qualifier]:
    """The spellings that the grammar reads, before gap and a number, as exactly that hedge."""
    table: dict[str, Qualifier] = {}
    for spelling in spellings:
        m = _HEDGE_RE.match(f"{spelling}{gap}1")
        if m is not None and m.end() == len(spelling) and m.lastindex is not None:
            kind = _HEDGES[m.lastindex - 1][1]
            if isinstance(kind, Qualifier):
                table[spelling] = kind
    return table


def _alternation(spellings: Mapping[str, object]) -> str:
    return "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


_FAST_NUMBER: Final = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?:\.[0-9]{1,9})?"


@cache  # built on first use: the module is imported by everything and must import fast
def _fast_grammar() -> tuple[re.Pattern[str], dict[str, Qualifier], dict[str, Qualifier]]:
    """The fast path's regex, and the qualifiers of its word and symbol hedges."""
    words = _fast_hedges(_HEDGE_WORDS, " ")
    # A symbol may stand against its number ('~500') or apart from it ('> 5').
    apart = _fast_hedges(_HEDGE_SYMBOLS, " ")
    symbols = {s: q for s, q in _fast_hedges(_HEDGE_SYMBOLS, "").items() if apart.get(s) is q}
    pattern = re.compile(
        rf" *(?:(?P<hedge>{_alternation(words)}) "
        rf"|(?P<symbol>{_alternation(symbols)}) ?"
        rf"|between (?P<low>{_FAST_NUMBER}) and )?"
        rf"(?P<number>{_FAST_NUMBER})(?P<plus>\+)?"
        rf"(?: ?(?P<pm>\u00b1|\+/-|\+-) ?(?P<delta>{_FAST_NUMBER})(?P<percent> ?%)?)?"
        r"(?: (?P<unit>[a-z]+(?: [a-z]+)*))? *"
    )
    return pattern, words, symbols


def _parse_fast(s: str) -> Quantity | None:
    """parse_quantity of the folded text s for the common shapes; None for anything else."""
    pattern, word_hedges, symbol_hedges = _fast_grammar()
    m = pattern.fullmatch(s)
    if m is None:
        return None
    hedge, symbol, low, number, plus, pm, delta, percent, unit = m.groups()
    if unit is not None:
        first = unit.partition(" ")[0]
        # Words the grammar reads as something else: a multiplier, a second number, a suffix
        # ('or more'), a range ('to'), bounds ('plus or minus', 'per cent' after a ± figure).
        if first in _CONNECTORS or first in _NUMBER_WORDS or (pm and first.startswith("per")):
            return None
        if any(_is_number_token(word) for word in unit.split()):
            return None  # a second number: the grammar explains what is wrong
    value = Decimal(number.replace(",", ""))
    if low is not None:  # between A and B
        if plus or pm:
            return None
        lower = Decimal(low.replace(",", ""))
        if lower > value:
            return None  # runs backwards: the grammar says so
        return _trusted(_BETWEEN, None, lower, value, unit, None)
    # A step written as '1.50' is finer than the value's own; any other equals it, so is None.
    step = (
        _pow10(number.index(".") - len(number) + 1)
        if number.endswith("0") and "." in number
        else None
    )
    qualifier = _EXACT
    if hedge is not None or symbol is not None:
        if plus or pm:
            return None  # '~5+' or 'about 5 ± 1': the grammar refuses these
        qualifier = word_hedges[hedge] if hedge is not None else symbol_hedges[symbol]
    elif plus:
        if pm:
            return None
        qualifier = _AT_LEAST
    if pm is None:
        if qualifier is _NEARLY and value == 0:
            return None  # refused by the grammar's checks
        return _trusted(qualifier, value, None, None, unit, step)
    amount = Decimal(delta.replace(",", ""))
    if percent is not None:
        amount = _CTX_EXACT.divide(_CTX_EXACT.multiply(value, amount), 100)
    lower, upper = _CTX_EXACT.subtract(value, amount), _CTX_EXACT.add(value, amount)
    if lower < 0 or _number_problem(lower) is not None or _number_problem(upper) is not None:
        return None
    return _trusted(_EXACT, value, _tidy(lower), _tidy(upper), unit, step)


def _parse_grammar(text: str, s: str) -> Quantity:
    """parse_quantity by the full grammar, s being the folded text."""
    shown = _shown(text)
    if not text.strip():
        raise QuantityError(f"{shown} is not a quantity: the text is empty; {_EXPECTED}")
    begin = len(text) - len(text.lstrip())
    try:
        return _read_phrase(text, s, begin, scan=False).quantity
    except (_Fail, QuantityError) as problem:
        raise QuantityError(f"{shown} is not a quantity: {problem}") from None


def _parse(text: str) -> Quantity:
    s = _fold(text)
    quantity = _parse_fast(s)
    return quantity if quantity is not None else _parse_grammar(text, s)


# Quantities are immutable and records repeat their figures: a parsed text is kept. Only plain
# str (a subclass might behave differently), and errors are not kept (lru_cache never does).
_parse_cached: Final = lru_cache(maxsize=4096)(_parse)


def parse_quantity(text: str) -> Quantity:
    """Read the shorthand '[hedge] number [unit]' (see docs/intervals.md); QuantityError if not.

    >>> parse_quantity("over 400,000 people") == parse_quantity("more than 400,000 people")
    True
    """
    if type(text) is str:
        return _parse_cached(text)
    if not isinstance(text, str):
        raise QuantityError(
            f"quantity text must be a string, got {type(text).__name__} {text!r}; {_EXPECTED}"
        )
    return _parse(text)


# A phrase can start at a hedge symbol or at the start of a word or number. (find_quantities
# tries only the _viable_re() positions below; the tests hold it to trying all of these.)
_CANDIDATE_RE: Final = re.compile(r"[~<>\u2248\u2264\u2265]|(?<!\w)\w")


_Trie = dict[str, "_Trie"]


def _trie(words: Iterable[str]) -> str:
    """A regex matching exactly these words, as a trie ('ab(?:out|ove)'): where a word fails,
    the regex engine gives up at its first letter instead of trying every word in turn."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}  # a word ends here

    def pattern(node: _Trie) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        if len(branches) == 1 and "" not in node:
            return branches[0]
        if not branches:
            return ""
        return f"(?:{'|'.join(branches)})" + ("?" if "" in node else "")

    return pattern(tree)


# ... but a phrase is only read where a hedge, a digit or a word that can begin a number ('a' as
# in 'a hundred') starts: the start of every hedge is the first word of one of its spellings.
_START_WORDS: Final = frozenset(
    {"a", "an", "zero", *_UNITS, *_TEENS, *_TENS, "between", "from"}
    | {re.split(r"\W", spelling)[0] for spelling in _HEDGE_WORDS}
)


@cache  # built on first use, like _fast_grammar()
def _viable_re() -> re.Pattern[str]:
    return re.compile(rf"[~<>\u2248\u2264\u2265]|(?<!\w)(?:[0-9]|{_trie(_START_WORDS)}\b)")


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number phrase in prose, with its hedge and unit word, as (start, end, quantity).

    Spans are code-point offsets into text, in order and not overlapping. The unit is the single
    following lowercase word unless it is a stop word ("and", "of", "the" ...). Never raises.
    """
    if not isinstance(text, str):
        return []
    s = _fold(text)
    found: list[tuple[int, int, Quantity]] = []
    viable = _viable_re()
    pos = 0
    while (candidate := viable.search(s, pos)) is not None:
        start = candidate.start()
        try:
            phrase = _read_phrase(text, s, start, scan=True)
        except (_Fail, ValueError, ArithmeticError):
            pos = start + 1
            continue  # not a quantity here (QuantityError is a ValueError)
        found.append((phrase.start, phrase.end, phrase.quantity))
        pos = max(phrase.end, start + 1)
    return found
