"""The Quantity: a figure as stated (hedge, value, bounds, unit, step) and its interval.

A Quantity keeps what was said, exactly: the qualifier (the hedge, canonicalised: "over" and
"more than" are both ``MORE_THAN``), the stated figure as a Decimal, optional explicit bounds, a
unit and the rounding step. The step is normally *implied* by how the figure is written: "37,500"
is rounded to the hundred, "1.5" to the tenth. Two quantities that say the same thing compare
equal, whichever spelling they came from. :meth:`Quantity.interval` says which values would make
it true; :meth:`Quantity.to_data` gives the canonical YAML form and :func:`quantity_from_data`
reads it back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Final

from .interval import Interval
from .numbers import EXACT as _CTX
from .numbers import decimal_from_string, format_number, number_problem, step_of, tidy


class QuantityError(ValueError):
    """Text or data that is not a quantity.

    ``str(err)`` is a one-line message a person can act on, naming the offending text, e.g.
    "'lots of people' is not a quantity: expected a number such as '37,500', 'about 750' or
    'more than 400,000 people'".

    >>> import claimcheck
    >>> claimcheck.parse_quantity("lots of people")
    Traceback (most recent call last):
    ...
    claimcheck.quantity.model.QuantityError: 'lots of people' is not a quantity: ...
    """


class Qualifier(str, Enum):
    """The hedge on a figure, canonicalised ("over" and "more than" are both MORE_THAN)."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    JUST_OVER = "just_over"
    FEWER_THAN = "fewer_than"
    UP_TO = "up_to"
    BETWEEN = "between"
    # Two-sided bounds whose ends are open: 'more than 10 and fewer than 40' is (10, 40).
    # ('at least 10 and up to 40' is BETWEEN, [10, 40].)
    MORE_THAN_FEWER_THAN = "more_than_fewer_than"
    MORE_THAN_UP_TO = "more_than_up_to"
    AT_LEAST_FEWER_THAN = "at_least_fewer_than"


# The two-sided qualifiers: whether each end is closed, and how each end is said.
TWO_SIDED: Final = {
    Qualifier.BETWEEN: (True, True, "", ""),
    Qualifier.MORE_THAN_FEWER_THAN: (False, False, "more than ", "fewer than "),
    Qualifier.MORE_THAN_UP_TO: (False, True, "more than ", "up to "),
    Qualifier.AT_LEAST_FEWER_THAN: (True, False, "at least ", "fewer than "),
}


KEYS: Final = ("value", "qualifier", "lower", "upper", "unit", "step")
_QUALIFIER_NAMES: Final = ", ".join(q.value for q in Qualifier)

# Canonical hedge words for to_text(); BETWEEN and ± bounds are written separately.
_HEDGE_TEXT: Final[dict[Qualifier, str]] = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.NEARLY: "nearly ",
    Qualifier.JUST_OVER: "just over ",
    Qualifier.FEWER_THAN: "fewer than ",
    Qualifier.UP_TO: "up to ",
}


def to_decimal(raw: object, what: str, *, positive: bool = False) -> Decimal:
    """A YAML/JSON scalar (int, float, numeric string or Decimal) as a checked Decimal."""
    if type(raw) is Decimal or type(raw) is int:  # the usual cases, without the checks below
        d = Decimal(raw)
        problem = number_problem(d)
        if problem is None and not (positive and d <= 0):
            return d
    if isinstance(raw, bool):  # bool is an int subclass, but 'value: true' is a mistake
        raise QuantityError(f"quantity {what} must be a number, not the boolean {raw}")
    if not isinstance(raw, (Decimal, int, float, str)):
        raise QuantityError(f"quantity {what} must be a number, got {type(raw).__name__} {raw!r}")
    shown = repr(raw) if not isinstance(raw, str) or len(raw) <= 60 else repr(raw[:57] + "...")
    try:
        if isinstance(raw, Decimal):
            d = raw
        elif isinstance(raw, int):
            d = Decimal(raw)
        elif isinstance(raw, float):
            d = Decimal(str(raw))  # str() is the shortest round-trip form: 0.1 stays 0.1
        else:
            d = decimal_from_string(raw)
    except OverflowError:
        d = Decimal("1E+999")  # reported as out of range below
    except (InvalidOperation, ValueError):
        raise QuantityError(f"quantity {what} must be a number, got {shown}") from None
    problem = number_problem(d)
    if positive and d.is_finite() and d <= 0 and (problem is None or d.is_signed()):
        raise QuantityError(f"quantity {what} must be greater than 0, got {format_number(d)}")
    if problem is not None:
        raise QuantityError(f"quantity {what} {problem}, got {shown}")
    return d


# The canonical spellings, as to_data() writes them: looked up before any normalising.
_QUALIFIER_BY_VALUE: Final = {q.value: q for q in Qualifier}


def _coerce_qualifier(raw: object) -> Qualifier:
    if isinstance(raw, Qualifier):
        return raw
    if isinstance(raw, str):
        key = "_".join(raw.strip().lower().replace("-", " ").split())
        if key in _QUALIFIER_BY_VALUE:
            return _QUALIFIER_BY_VALUE[key]
    raise QuantityError(f"quantity qualifier {raw!r} is not one of {_QUALIFIER_NAMES}")


def _tolerance(tolerance: object) -> Decimal:
    """A tolerance for Quantity.interval() as a Decimal; ValueError unless 0 <= t < 1."""
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, Decimal)):
        raise ValueError(f"tolerance must be a number, got {tolerance!r}")
    t = Decimal(str(tolerance))
    if not t.is_finite() or not 0 <= t < 1:
        raise ValueError(f"tolerance must be at least 0 and below 1, got {tolerance!r}")
    return t


def _plain(d: Decimal) -> int | float | str:
    """A Decimal for YAML: int when integral, float when a float says it exactly, else a string."""
    if d == d.to_integral_value():
        return int(d)
    as_float = float(d)
    if Decimal(repr(as_float)) == d:
        return as_float
    return format(d, "f")


def _is_number_token(word: str) -> bool:
    digits = word.replace(",", "").replace(".", "")
    return digits.isdigit()


# Units as written and as kept: a few serve most figures, and checking one is pure.
_CHECKED_UNITS: dict[str, str] = {}


def _check_unit(unit: object) -> str | None:
    if unit is None:
        return None
    if type(unit) is str:
        checked = _CHECKED_UNITS.get(unit)
        if checked is None:
            checked = _check_new_unit(unit)
            if len(_CHECKED_UNITS) < 1024:
                _CHECKED_UNITS[unit] = checked
        return checked
    return _check_new_unit(unit)


def _check_new_unit(unit: object) -> str:
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
    return unit


def _check_shape(
    qualifier: Qualifier, value: Decimal | None, lower: Decimal | None, upper: Decimal | None
) -> None:
    if qualifier in (Qualifier.NEARLY, Qualifier.JUST_OVER) and value is not None and value <= 0:
        said = qualifier.value.replace("_", " ")
        if value == 0:
            raise QuantityError(f"'{said} 0' is no figure: nothing is {said} nothing; give a range")
        raise QuantityError(f"'{said}' a negative figure is ambiguous; give a range")
    if qualifier in TWO_SIDED:
        if lower is None or upper is None:
            raise QuantityError(
                f"quantity with qualifier {qualifier.value} needs both lower and upper"
            )
        if value is not None and qualifier is not Qualifier.BETWEEN:
            raise QuantityError(f"quantity with qualifier {qualifier.value} takes no value")
    else:
        if qualifier is Qualifier.ABOUT and value is None and lower is not None:
            pass  # 'about 3 to 5': a range, widened by the tolerance
        elif value is None:
            raise QuantityError(f"quantity has no value; qualifier {qualifier.value} needs one")
        elif (lower is not None or upper is not None) and qualifier is not Qualifier.EXACT:
            raise QuantityError(
                "quantity lower/upper are only allowed with qualifier exact (± bounds), "
                f"about (an approximate range) or between, not {qualifier.value}"
            )
        if (lower is None) != (upper is None):
            raise QuantityError("quantity ± bounds need both lower and upper")
    if lower is not None and upper is not None:
        if lower > upper or (
            lower == upper and qualifier in TWO_SIDED and qualifier is not Qualifier.BETWEEN
        ):
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
        return step_of(value)
    # BETWEEN without a value: the finer of the two bounds' precisions.
    assert lower is not None and upper is not None
    return min(step_of(lower), step_of(upper))


_NOT_YET: Final = object()  # a kept answer not worked out yet


@dataclass(frozen=True)
class Quantity:
    """A figure as stated: qualifier, value, optional explicit bounds, unit and rounding step.

    Construction validates and normalises: numbers become Decimals, the unit is lowercased with
    whitespace collapsed, and a step equal to the implied one is stored as None, so that two
    quantities with the same meaning compare equal. Invalid combinations raise QuantityError.

    >>> from claimcheck import parse_quantity
    >>> figure = parse_quantity("nearly 19,000 people")
    >>> figure.qualifier.value, figure.value, figure.unit, str(figure)
    ('nearly', Decimal('19000'), 'people', 'nearly 19,000 people')
    """

    qualifier: Qualifier
    value: Decimal | None = None  # the stated figure; None only for BETWEEN
    lower: Decimal | None = None  # explicit bounds: BETWEEN, or an exact value with ± bounds
    upper: Decimal | None = None
    unit: str | None = None  # "people", "days" ... lowercased
    step: Decimal | None = None  # rounding step; None means implied by the value

    def __init__(
        self,
        qualifier: Qualifier,
        value: Decimal | None = None,
        lower: Decimal | None = None,
        upper: Decimal | None = None,
        unit: str | None = None,
        step: Decimal | None = None,
    ) -> None:
        # The dataclass's own __init__ would write each field past its frozen __setattr__ and
        # then again once checked: written here once, checked, in one dict update.
        qualifier = _coerce_qualifier(qualifier)
        value = None if value is None else tidy(to_decimal(value, "value"))
        lower = None if lower is None else tidy(to_decimal(lower, "lower"))
        upper = None if upper is None else tidy(to_decimal(upper, "upper"))
        step = None if step is None else to_decimal(step, "step", positive=True)
        unit = _check_unit(unit)
        _check_shape(qualifier, value, lower, upper)
        # A step that says no more than the written value is dropped: equal meaning, equal object.
        if step is not None and step == _default_step(value, lower, upper):
            step = None
        self.__dict__.update(
            qualifier=qualifier, value=value, lower=lower, upper=upper, unit=unit, step=step
        )

    def implied_step(self) -> Decimal:
        """The rounding step: explicit if set, else implied by how the value is written.

        "37,500" -> 100, "400,000" -> 100,000, "1,312" -> 1, "1.5" -> 0.1, "0" -> 1.
        """
        return (
            self.step
            if self.step is not None
            else _default_step(self.value, self.lower, self.upper)
        )

    def interval(self, tolerance: float = 0.1) -> Interval:
        """The values that would make this quantity true.

        tolerance (0 <= t < 1) widens the vague hedges: "about v" is v +/- max(step/2, t*v) and
        "nearly v" is [v*(1-t), v). The arithmetic is exact until the final float().
        """
        # The cross-checks ask again and again with the run's one float tolerance; the answer
        # is kept on the (immutable) instance, as functools.cached_property would keep it.
        # benchmarks/bench_check.py: check at 10,000 claims takes 1.3x as long without it.
        kept = self.__dict__.get("_intervals")
        if kept is None:
            kept = {}
            object.__setattr__(self, "_intervals", kept)
        key = (type(tolerance), tolerance)
        interval = kept.get(key)
        if interval is None:
            interval = self._interval(_tolerance(tolerance))
            if len(kept) < 16:
                kept[key] = interval
        return interval

    def _interval(self, t: Decimal) -> Interval:
        """interval() for a checked tolerance."""
        q, v = self.qualifier, self.value
        if q is Qualifier.ABOUT and v is None:  # about A to B: each end widened
            assert self.lower is not None and self.upper is not None
            half = _CTX.divide(self.implied_step(), 2)
            below = max(half, _CTX.multiply(t, self.lower.copy_abs()))
            above = max(half, _CTX.multiply(t, self.upper.copy_abs()))
            low, high = _CTX.subtract(self.lower, below), _CTX.add(self.upper, above)
            return Interval(float(low), float(high), True, True)
        if q in TWO_SIDED:
            assert self.lower is not None and self.upper is not None
            low_closed, high_closed, _, _ = TWO_SIDED[q]
            return Interval(float(self.lower), float(self.upper), low_closed, high_closed)
        if q is Qualifier.EXACT and self.lower is not None:
            assert self.upper is not None
            return Interval(float(self.lower), float(self.upper), True, True)
        assert v is not None
        if q is Qualifier.MORE_THAN:
            return Interval(float(v), math.inf, False, False)
        if q is Qualifier.AT_LEAST:
            return Interval(float(v), math.inf, True, False)
        if q is Qualifier.FEWER_THAN:
            return Interval(-math.inf, float(v), False, False)
        if q is Qualifier.UP_TO:
            return Interval(-math.inf, float(v), False, True)
        half = _CTX.divide(self.implied_step(), 2)
        if q is Qualifier.NEARLY:  # [v*(1-t), v); at tolerance 0, half a step below, never empty
            below = _CTX.multiply(t, v) or half
            return Interval(float(_CTX.subtract(v, below)), float(v), True, False)
        if q is Qualifier.JUST_OVER:  # (v, v*(1+t)], the mirror of nearly
            above = _CTX.multiply(t, v) or half
            return Interval(float(v), float(_CTX.add(v, above)), False, True)
        if q is Qualifier.EXACT:  # rounding: [v - s/2, v + s/2)
            return Interval(float(_CTX.subtract(v, half)), float(_CTX.add(v, half)), True, False)
        width = max(half, _CTX.multiply(t, v.copy_abs()))  # ABOUT: v +/- max(s/2, t*|v|)
        return Interval(float(_CTX.subtract(v, width)), float(_CTX.add(v, width)), True, True)

    def _shorthand(self) -> str | None:
        """The shorthand spelling, before checking that it reads back as self."""
        if self.step is not None:  # an explicit step differs from what any spelling implies
            return None
        if self.qualifier is Qualifier.BETWEEN:
            if self.value is not None or self.lower is None or self.upper is None:
                return None
            core = f"between {format_number(self.lower)} and {format_number(self.upper)}"
        elif self.qualifier in TWO_SIDED:
            assert self.lower is not None and self.upper is not None
            _, _, low_hedge, high_hedge = TWO_SIDED[self.qualifier]
            core = (
                f"{low_hedge}{format_number(self.lower)} and "
                f"{high_hedge}{format_number(self.upper)}"
            )
        elif self.value is None:  # about A to B
            assert self.lower is not None and self.upper is not None
            core = f"about {format_number(self.lower)} to {format_number(self.upper)}"
        elif self.lower is not None and self.upper is not None:
            assert self.value is not None
            below = _CTX.subtract(self.value, self.lower)
            above = _CTX.subtract(self.upper, self.value)
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
        # Kept on the (immutable) instance, as interval() keeps its answers: a claim's figure
        # is written into the reason of every source, and parsed texts share one instance.
        kept = self.__dict__.get("_text", _NOT_YET)
        if kept is _NOT_YET:
            kept = self._read_back_text()
            object.__setattr__(self, "_text", kept)
        return kept  # type: ignore[no-any-return]

    def known_text(self) -> str | None:
        """The shorthand, where ``to_text`` worked it out already; else None (not yet, or
        there is none)."""
        kept = self.__dict__.get("_text")
        return kept if type(kept) is str else None

    def _read_back_text(self) -> str | None:
        from .grammar import parse_quantity  # the grammar builds Quantities: imported late

        text = self._shorthand()
        if text is None:
            return None
        if text == self.__dict__.get("_read_from"):  # parsed from these words: they read as self
            return text
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
        for key in KEYS:
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
    from .grammar import parse_quantity

    if isinstance(data, Quantity):
        return data
    if isinstance(data, str):
        return parse_quantity(data)
    if isinstance(data, bool):
        raise QuantityError(f"quantity must be a number or text, not the boolean {data}")
    if isinstance(data, (int, float, Decimal)):  # 'quantity: 37500' in YAML
        return Quantity(Qualifier.EXACT, to_decimal(data, "value"))
    if not isinstance(data, Mapping):
        raise QuantityError(
            "quantity must be text such as 'about 750 people' or a mapping with keys "
            f"{', '.join(KEYS)}; got {type(data).__name__} {data!r}"
        )
    for key in data:
        if not isinstance(key, str) or key not in KEYS:
            raise QuantityError(
                f"quantity has unknown key {key!r}; expected one of {', '.join(KEYS)}"
            )
    # YAML 'unit:' with nothing after it is None: treat it as not given.
    given = {key: val for key, val in data.items() if val is not None}
    return Quantity(
        given.get("qualifier", Qualifier.EXACT),
        value=given.get("value"),
        lower=given.get("lower"),
        upper=given.get("upper"),
        unit=given.get("unit"),
        step=given.get("step"),
    )
