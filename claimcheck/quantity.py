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

Standard library only: this module is imported by everything and must import fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from enum import Enum
from typing import Final, Literal

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


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

# Figures in claims are counts, sums of money, durations: nothing needs more than 40 digits either
# side of the point, and the bound keeps arithmetic exact and rendering small.
_MAX_DIGITS: Final = 40
_MAX_ADJUSTED: Final = 40


def _exact() -> AbstractContextManager[Context]:
    """A decimal context wide enough that arithmetic on bounded figures never rounds."""
    return localcontext(Context(prec=200))


def _shift(d: Decimal, places: int) -> Decimal:
    """d * 10**places, exactly (plain multiplication would round to the context precision)."""
    sign, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int):  # NaN/Infinity never get this far; keep mypy honest
        return d
    return Decimal((sign, digits, exponent + places))


def _tidy(d: Decimal) -> Decimal:
    """1.5E+6 as 1500000: same value, but reads as written in reprs and error messages."""
    sign, digits, exponent = d.as_tuple()
    if isinstance(exponent, int) and exponent > 0:
        return Decimal((sign, digits + (0,) * exponent, 0))
    return d


def _step_of(d: Decimal) -> Decimal:
    """Place value of the last significant digit: 37500 -> 100, 1.5 -> 0.1, 1312 -> 1, 0 -> 1."""
    _, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return Decimal(1)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return Decimal((0, (1,), exponent + trailing))


def _number_problem(d: Decimal) -> str | None:
    """Why d cannot be a figure, or None when it can."""
    if not d.is_finite():
        return "must be a finite number"
    if d < 0:
        return "must not be negative"
    if d == 0:
        return None
    significant = "".join(map(str, d.as_tuple().digits)).strip("0")
    if len(significant) > _MAX_DIGITS or not -_MAX_ADJUSTED <= d.adjusted() < _MAX_ADJUSTED:
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
        with localcontext(Context(prec=400)):
            if d != 0 and abs(d) < 1:
                d = d.quantize(Decimal((0, (1,), d.adjusted() - 3)))
            elif _decimals(d) > 4:
                d = d.quantize(Decimal("0.0001"))
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
        return Interval(low, high, low_closed, high_closed)

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both.

        [1, 2) and [2, 3] do not overlap (2 is not in the first); [1, 2] and [2, 3] do.
        """
        return not self.intersection(other).is_empty()

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
        return Interval(self.low, math.inf, self.low_closed, False)

    def ceiling(self) -> Interval:
        """(-inf, high]: what a running total reported later says about an earlier date."""
        return Interval(-math.inf, self.high, False, self.high_closed)

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
    if isinstance(raw, bool):  # bool is an int subclass, but 'value: true' is a mistake
        raise QuantityError(f"quantity {what} must be a number, not the boolean {raw}")
    if not isinstance(raw, (Decimal, int, float, str)):
        raise QuantityError(f"quantity {what} must be a number, got {type(raw).__name__} {raw!r}")
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


def _decimal_from_string(raw: str) -> Decimal:
    """'37,500' or '1.5' or '1e5' as a Decimal; InvalidOperation/ValueError when not numeric."""
    text = raw.strip()
    if _NUMBER_STRING_RE.fullmatch(text):
        text = re.sub(r"[, \u00a0\u202f\u2009]", "", text)
    if "_" in text:  # Decimal() accepts '1_000'; a YAML author did not mean that
        raise ValueError(text)
    return Decimal(text)


def _coerce_qualifier(raw: object) -> Qualifier:
    if isinstance(raw, Qualifier):
        return raw
    if isinstance(raw, str):
        key = "_".join(raw.strip().lower().replace("-", " ").split())
        try:
            return Qualifier(key)
        except ValueError:
            pass
    raise QuantityError(f"quantity qualifier {raw!r} is not one of {_QUALIFIER_NAMES}")


def _plain(d: Decimal) -> int | float | str:
    """A Decimal for YAML: int when integral, float when a float says it exactly, else a string."""
    if d == d.to_integral_value():
        return int(d)
    as_float = float(d)
    if Decimal(repr(as_float)) == d:
        return as_float
    return format(d, "f")


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

    def __post_init__(self) -> None:
        qualifier = _coerce_qualifier(self.qualifier)
        object.__setattr__(self, "qualifier", qualifier)
        for name in ("value", "lower", "upper"):
            raw = getattr(self, name)
            if raw is not None:
                object.__setattr__(self, name, _tidy(_to_decimal(raw, name)))
        if self.step is not None:
            object.__setattr__(self, "step", _to_decimal(self.step, "step", positive=True))
        if self.unit is not None:
            if not isinstance(self.unit, str):
                raise QuantityError(
                    "quantity unit must be a word such as 'people', "
                    f"got {type(self.unit).__name__} {self.unit!r}"
                )
            unit = " ".join(self.unit.split()).lower()
            if not unit:
                raise QuantityError("quantity unit must not be empty; leave it out instead")
            object.__setattr__(self, "unit", unit)
        self._check_shape(qualifier)
        # A step that says no more than the written value is dropped: equal meaning, equal object.
        if self.step is not None and self.step == self._default_step():
            object.__setattr__(self, "step", None)

    def _check_shape(self, qualifier: Qualifier) -> None:
        value, lower, upper = self.value, self.lower, self.upper
        if qualifier is Qualifier.BETWEEN:
            if lower is None or upper is None:
                raise QuantityError("quantity with qualifier between needs both lower and upper")
        else:
            if value is None:
                raise QuantityError(f"quantity has no value; qualifier {qualifier.value} needs one")
            if (lower is not None or upper is not None) and qualifier is not Qualifier.EXACT:
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

    def _default_step(self) -> Decimal:
        if self.value is not None:
            return _step_of(self.value)
        # BETWEEN without a value: the finer of the two bounds' precisions.
        assert self.lower is not None and self.upper is not None
        return min(_step_of(self.lower), _step_of(self.upper))

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
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, Decimal)):
            raise ValueError(f"tolerance must be a number, got {tolerance!r}")
        t = Decimal(str(tolerance))
        if not t.is_finite() or not 0 <= t < 1:
            raise ValueError(f"tolerance must be at least 0 and below 1, got {tolerance!r}")
        q = self.qualifier
        with _exact():
            if q is Qualifier.BETWEEN or (q is Qualifier.EXACT and self.lower is not None):
                assert self.lower is not None and self.upper is not None
                return Interval(float(self.lower), float(self.upper), True, True)
            v = self.value
            assert v is not None
            half = self.implied_step() / 2
            if q is Qualifier.EXACT:  # rounding: [v - s/2, v + s/2)
                return Interval(float(v - half), float(v + half), True, False)
            if q is Qualifier.ABOUT:
                width = max(half, t * v)
                return Interval(float(v - width), float(v + width), True, True)
            if q is Qualifier.MORE_THAN:
                return Interval(float(v), math.inf, False, False)
            if q is Qualifier.AT_LEAST:
                return Interval(float(v), math.inf, True, False)
            if q is Qualifier.NEARLY:
                return Interval(float(v * (1 - t)), float(v), True, False)
            if q is Qualifier.FEWER_THAN:
                return Interval(-math.inf, float(v), False, False)
            return Interval(-math.inf, float(v), False, True)  # UP_TO

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
            with _exact():
                below, above = self.value - self.lower, self.upper - self.value
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


def quantity_from_data(data: object) -> Quantity:
    """A Quantity from YAML/JSON data: shorthand string, mapping, bare number or Quantity.

    Raises QuantityError naming the problem (unknown key, wrong type, missing value, ...).
    """
    if isinstance(data, Quantity):
        return data
    if isinstance(data, str):
        return parse_quantity(data)
    if isinstance(data, bool):
        raise QuantityError(f"quantity must be a number or text, not the boolean {data}")
    if isinstance(data, (int, float, Decimal)):  # 'quantity: 37500' in YAML
        return Quantity(Qualifier.EXACT, _to_decimal(data, "value"))
    if not isinstance(data, Mapping):
        raise QuantityError(
            "quantity must be text such as 'about 750 people' or a mapping with keys "
            f"{', '.join(_KEYS)}; got {type(data).__name__} {data!r}"
        )
    for key in data:
        if not isinstance(key, str) or key not in _KEYS:
            raise QuantityError(
                f"quantity has unknown key {key!r}; expected one of {', '.join(_KEYS)}"
            )
    # YAML 'unit:' with nothing after it is None: treat it as not given.
    given = {key: val for key, val in data.items() if val is not None}
    qualifier = _coerce_qualifier(given.get("qualifier", Qualifier.EXACT))
    numbers: dict[str, Decimal] = {
        key: _to_decimal(given[key], key, positive=key == "step")
        for key in ("value", "lower", "upper", "step")
        if key in given
    }
    unit = given.get("unit")
    if unit is not None and not isinstance(unit, str):
        raise QuantityError(
            f"quantity unit must be a word such as 'people', got {type(unit).__name__} {unit!r}"
        )
    return Quantity(
        qualifier,
        value=numbers.get("value"),
        lower=numbers.get("lower"),
        upper=numbers.get("upper"),
        unit=unit,
        step=numbers.get("step"),
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
_MULTIPLIERS: Final = {"k": 3, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_MULTIPLIER_RE: Final = re.compile(r"(k)(?![\w])|\s+(thousand|million|billion|trillion)\b")


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, for readability."""
    return tuple(text.split())


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


@dataclass(frozen=True)
class _Num:
    """A number read from the text, with where it was and how it was written."""

    value: Decimal
    step: Decimal  # the step its written form implies
    start: int
    end: int
    base: Decimal  # the figure before a trailing multiplier word: '1.5' in '1.5 million'
    shift: int = 0  # that multiplier as a power of ten; 0 when there is none
    article: bool = False  # 'a'/'an' standing for one: needs a unit after it


def _fold(text: str) -> str:
    """Lowercase text without moving any character (a few letters lowercase to two)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _shown(text: str) -> str:
    """The offending text as it appears in a message: quoted, one line, not too long."""
    text = text.strip() or text
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def _read_digits(s: str, m: re.Match[str]) -> _Num:
    plain, frac = m.group("plain"), m.group("frac")
    numeral = m.group()
    if plain is not None and "," in plain:
        head, *groups = plain.split(",")
        if not 1 <= len(head) <= 3 or any(len(g) != 3 for g in groups):
            raise _Fail(
                f"malformed number {numeral!r}: separators must split the digits into groups "
                "of three, e.g. '37,500'"
            )
    if _NOT_A_FIGURE_RE.match(s, m.end()):
        raise _Fail(f"{numeral!r} looks like a date, time or ordinal; {_EXPECTED}")
    whole = re.sub(r"[^0-9]", "", m.group("spaced") or plain)
    raw = Decimal(f"{whole}.{frac}" if frac else whole)
    # The step the writer implied: the last written decimal, or the trailing zeros of an integer.
    step = Decimal((0, (1,), -len(frac))) if frac else _step_of(Decimal(whole))
    end, shift = m.end(), 0
    mult = _MULTIPLIER_RE.match(s, end)
    if mult is not None:
        shift = _MULTIPLIERS[mult.group(1) or mult.group(2)]
        end = mult.end()
    value = _shift(raw, shift)
    problem = _number_problem(value)
    if problem is not None:
        raise _Fail(f"the number {s[m.start() : end]!r} {problem}")
    return _Num(value, _shift(step, shift), m.start(), end, raw, shift)


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
    return _Num(value, _step_of(value), pos, end, figure, shift)


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
    one = Decimal(1)
    return _Num(one, one, pos, a.end(1), one, 0, article=True)


@dataclass(frozen=True)
class _Phrase:
    start: int
    end: int
    quantity: Quantity


def _read_phrase(text: str, s: str, start: int, *, scan: bool) -> _Phrase:
    """Read '[hedge] number [unit]' at start. In parse mode (scan=False) the unit is the rest of
    the text; in scan mode it is the next word. Raises _Fail when there is no quantity here."""
    kind: _Kind | None = None
    pos = start
    hedge = _HEDGE_RE.match(s, start)
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
                return _finish(text, s, first.start, first, Qualifier.EXACT, first.end, scan)
            word = "and" if kind == "between" else "to"
            raise _Fail(f"expected '{kind} A {word} B', e.g. '{kind} 1,200 {word} 1,312 people'")
        return _finish_range(text, s, start, first, second, scan)

    qualifier = kind if isinstance(kind, Qualifier) else Qualifier.EXACT
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
        quantity = Quantity(qualifier, first.value, unit=unit, step=first.step)
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
    quantity = Quantity(qualifier, num.value, unit=unit, step=num.step)
    return _Phrase(start, max(end, pos), quantity)


def _finish_range(text: str, s: str, start: int, a: _Num, b: _Num, scan: bool) -> _Phrase:
    """'between A and B', 'A to B', 'A-B'."""
    lower = a.value
    # '1.2-1.5 million', 'between 1 and 2 million': the multiplier covers both ends.
    if a.shift == 0 and b.shift > 0 and a.value <= b.base:
        lower = _shift(a.value, b.shift)
    if lower > b.value:
        if scan:  # '2015-16' and the like: take the first number alone
            return _finish(text, s, a.start, a, Qualifier.EXACT, a.end, scan)
        raise _Fail(
            f"the range {format_number(lower)} to {format_number(b.value)} runs backwards; "
            "put the smaller number first"
        )
    unit, end = _read_unit(text, s, b.end, scan=scan)
    quantity = Quantity(Qualifier.BETWEEN, lower=lower, upper=b.value, unit=unit)
    return _Phrase(start, max(end, b.end), quantity)


def _finish_bounds(text: str, s: str, start: int, num: _Num, pos: int, scan: bool) -> _Phrase:
    """'470,000 ± 23,500' or '470,000 +/- 5%': an exact figure with explicit bounds."""
    delta = _read_number(s, pos, article=False, scan=scan)
    if delta is None:
        if scan:
            return _finish(text, s, start, num, Qualifier.EXACT, num.end, scan)
        raise _Fail("expected a number after '\u00b1', e.g. '470,000 \u00b1 23,500' or '\u00b1 5%'")
    end = delta.end
    amount = delta.value
    percent = _PERCENT_RE.match(s, end)
    with _exact():
        if percent is not None:  # a percentage of the figure becomes absolute bounds
            amount = num.value * amount / 100
            end = percent.end()
        lower, upper = num.value - amount, num.value + amount
    if lower < 0:
        if scan:
            return _finish(text, s, start, num, Qualifier.EXACT, num.end, scan)
        raise _Fail(f"the bounds {text[start:end].strip()!r} go below zero")
    unit, unit_end = _read_unit(text, s, end, scan=scan)
    quantity = Quantity(Qualifier.EXACT, num.value, lower, upper, unit, num.step)
    return _Phrase(start, max(unit_end, end), quantity)


def parse_quantity(text: str) -> Quantity:
    """Read the shorthand '[hedge] number [unit]' (see docs/intervals.md); QuantityError if not.

    >>> parse_quantity("over 400,000 people") == parse_quantity("more than 400,000 people")
    True
    """
    if not isinstance(text, str):
        raise QuantityError(
            f"quantity text must be a string, got {type(text).__name__} {text!r}; {_EXPECTED}"
        )
    shown = _shown(text)
    if not text.strip():
        raise QuantityError(f"{shown} is not a quantity: the text is empty; {_EXPECTED}")
    begin = len(text) - len(text.lstrip())
    try:
        return _read_phrase(text, _fold(text), begin, scan=False).quantity
    except (_Fail, QuantityError) as problem:
        raise QuantityError(f"{shown} is not a quantity: {problem}") from None


# A phrase can start at a hedge symbol or at the start of a word or number.
_CANDIDATE_RE: Final = re.compile(r"[~<>\u2248\u2264\u2265]|(?<!\w)\w")


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number phrase in prose, with its hedge and unit word, as (start, end, quantity).

    Spans are code-point offsets into text, in order and not overlapping. The unit is the single
    following lowercase word unless it is a stop word ("and", "of", "the" ...). Never raises.
    """
    if not isinstance(text, str):
        return []
    s = _fold(text)
    found: list[tuple[int, int, Quantity]] = []
    resume = 0
    for candidate in _CANDIDATE_RE.finditer(s):
        if candidate.start() < resume:
            continue
        try:
            phrase = _read_phrase(text, s, candidate.start(), scan=True)
        except (_Fail, ValueError, ArithmeticError):
            continue  # not a quantity here (QuantityError is a ValueError)
        found.append((phrase.start, phrase.end, phrase.quantity))
        resume = phrase.end
    return found
