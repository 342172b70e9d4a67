"""The grammar of a figure: '[hedge] [currency] number [scale] [unit]', ranges and ± bounds.

Both parse_quantity (a whole string) and find_quantities (prose, in scan.py) run the same reader
over a lowercased copy of the text. The copy keeps every character's index, so spans found in it
are spans of the original. The reader either reads a phrase the way a careful reader does or
raises _Fail saying what it did not understand: it never settles for a shorter reading with
another value ('1.2m people' is 1.2 million people, or nothing).

The wordings are in hedges.py (the hedges), words.py (numbers in words) and units.py (scales,
currencies, per cent); docs/intervals.md lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final

from . import units
from .hedges import (
    HEDGE_RE,
    HEDGE_STARTS,
    HEDGES,
    INCLUSIVE,
    OR_EQUAL_RE,
    SUFFIX_QUALIFIERS,
    SUFFIX_RE,
    Kind,
)
from .model import Qualifier, Quantity, QuantityError
from .numbers import EXACT as _CTX
from .numbers import format_number, shift
from .numerals import _ADJECTIVE_RE, EXPECTED, _Fail, _Num, _read_number, _shown, lower_in_place
from .unitwords import _read_unit, _unit_problem, _unit_word, _with_currency

_EXACT: Final = Qualifier.EXACT
_BETWEEN: Final = Qualifier.BETWEEN


def _words(text: str) -> tuple[str, ...]:
    """A list of words written as one string, for readability."""
    return tuple(text.split())


# Between the ends of a range: '3-5', an en dash, '3~5', '3 to 5', '3 through 5', 'one or two'.
_RANGE_RE: Final = re.compile(r"\s*[-\u2013\u2014~]\s*|\s+(?:to|through|thru)\s+|\s+(or)\s+")
_CONNECT_RE: Final[dict[str, re.Pattern[str]]] = {
    "between": re.compile(r"\s+and\s+"),
    "from": re.compile(r"\s*(?:\s(?:to|through)\s|[-\u2013])\s*"),
}
_PLUS_MINUS_RE: Final = re.compile(r"\s*(?:\u00b1|\+/-|\+-|plus\s+or\s+minus)\s*")
_CHAIN_RE: Final = re.compile(r"(?:[-/\u2013][0-9]+)+")
_AND_RE: Final = re.compile(r"\s+and\s+")
_TRAILING_SUFFIX_RE: Final = re.compile(f"(?:{SUFFIX_RE.pattern})$")
_OF_RE: Final = re.compile(r"\s+of\b")


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    quantity: Quantity


def _read_phrase(text: str, s: str, start: int, *, scan: bool) -> _Phrase:
    """Read '[hedge] number [unit]' at start. In parse mode (scan=False) the unit is the rest of
    the text; in scan mode it is the next word. Raises _Fail when there is no quantity here."""
    kind: Kind | None = None
    pos = start
    hedge = HEDGE_RE.match(s, start) if s[start : start + 1] in HEDGE_STARTS else None
    if hedge is not None and hedge.lastindex is not None:
        kind = HEDGES[hedge.lastindex - 1][1]
        pos = hedge.end()
        while pos < len(s) and s[pos].isspace():
            pos += 1
    # 'a'/'an' as one: in a claim before any unit ('a day'); in prose only after a hedge.
    article = (isinstance(kind, Qualifier) or not scan) and kind not in ("between", "from")
    first = _read_number(text, s, pos, article=article, scan=scan)
    if first is None:
        if kind is None:
            raise _Fail(EXPECTED)
        said = text[start:pos].strip()
        if kind in ("between", "from"):
            return _between_hedged(text, s, start, pos, kind, scan)
        raise _Fail(f"expected a number after {said!r}, e.g. '{said} 400,000 people'")

    if first.plural:
        if kind is not None:
            raise _Fail(f"{text[start : first.end]!r} is too vague to hedge", first.end)
        of = _OF_RE.match(s, first.end)
        return _finish(
            text, s, start, first, Qualifier.AT_LEAST, of.end() if of else first.end, scan
        )

    if kind in ("between", "from"):
        return _read_between(text, s, start, first, kind, scan)

    qualifier = kind if isinstance(kind, Qualifier) else _EXACT
    if first.article:
        return _finish(text, s, start, first, qualifier, first.end, scan)

    adjective = _ADJECTIVE_RE.match(s, first.end)
    if adjective is not None and first.currency is None:
        # 'six-year-long': 6 years; nothing else may follow in parse mode
        word = adjective.group(1)
        unit = "centuries" if word == "century" else f"{word}s"
        if not scan and s[adjective.end() :].strip():
            rest = text[adjective.end() :].strip()
            raise _Fail(
                f"unexpected {rest!r} after {text[first.start : adjective.end()]!r}; "
                f"write the figure on its own, e.g. '{format_number(first.value)} {unit}'"
            )
        quantity = _quantity(qualifier, first.value, unit=unit, step=first.step)
        return _Phrase(start, adjective.end(), quantity)

    second, after_first = _range_end(text, s, first, scan)
    if second is not None:
        if kind is Qualifier.ABOUT:  # 'around 3-5 kilometres': the range, widened
            return _finish_range(text, s, start, first, second, after_first, scan, Qualifier.ABOUT)
        if kind is not None:
            raise _Fail(
                f"{text[start:pos].strip()!r} cannot qualify a range; "
                "write 'between 1,200 and 1,312' or a single hedged figure",
                second.end,
            )
        return _finish_range(text, s, start, first, second, after_first, scan)

    if isinstance(kind, Qualifier):
        both = _two_sided(text, s, start, first, kind, scan)
        if both is not None:
            return both
        inclusive = OR_EQUAL_RE.match(s, first.end) if kind in INCLUSIVE else None
        if inclusive is not None:  # 'less than 5000 or equal'
            return _finish(text, s, start, first, INCLUSIVE[kind], inclusive.end(), scan)
    if kind is None or kind is _EXACT:
        plus_minus = _PLUS_MINUS_RE.match(s, first.end)
        if plus_minus is not None:
            return _finish_bounds(text, s, start, first, plus_minus.end(), scan)
        suffix = SUFFIX_RE.match(s, first.end)
        if suffix is not None and suffix.lastindex is not None:
            qualifier = SUFFIX_QUALIFIERS[suffix.lastindex - 1]
            return _finish(text, s, start, first, qualifier, suffix.end(), scan)
    return _finish(text, s, start, first, qualifier, first.end, scan)


# 'more than A and fewer than B': the qualifier for each pair of one-sided hedges.
_TWO_SIDED: Final = {
    (Qualifier.MORE_THAN, Qualifier.FEWER_THAN): Qualifier.MORE_THAN_FEWER_THAN,
    (Qualifier.MORE_THAN, Qualifier.UP_TO): Qualifier.MORE_THAN_UP_TO,
    (Qualifier.AT_LEAST, Qualifier.FEWER_THAN): Qualifier.AT_LEAST_FEWER_THAN,
    (Qualifier.AT_LEAST, Qualifier.UP_TO): Qualifier.BETWEEN,
}
# The upper bound said first: 'at most 100 and at least 20' is [20, 100].
_REVERSED: Final = {(upper, lower): both for (lower, upper), both in _TWO_SIDED.items()}
_BUT_RE: Final = re.compile(r"\s*,\s*(?:(?:and|but)\s+)?|\s+(?:and|but)\s+")


def _two_sided(
    text: str, s: str, start: int, first: _Num, kind: Qualifier, scan: bool
) -> _Phrase | None:
    """'more than 10 and less than 40' is (10, 40): the intersection of its two hedges."""
    link = _BUT_RE.match(s, first.end)
    if link is None:
        return None
    hedge = HEDGE_RE.match(s, link.end())
    if hedge is None or hedge.lastindex is None:
        return None
    pos = hedge.end()
    while pos < len(s) and s[pos].isspace():
        pos += 1
    second = _read_number(text, s, pos, article=False, scan=scan, linked=True)
    other = HEDGES[hedge.lastindex - 1][1]
    qualifier = _TWO_SIDED.get((kind, other)) if isinstance(other, Qualifier) else None
    if qualifier is None and isinstance(other, Qualifier) and second is not None:
        qualifier = _REVERSED.get((kind, other))
        if qualifier is not None:
            first, second = second, first
    if second is None or qualifier is None:
        raise _Fail(
            f"{text[start:].strip()!r} bounds the figure on both sides in a way that is not "
            "understood; write 'more than A and fewer than B' or 'between A and B'",
            second.end if second is not None else hedge.end(),
        )
    lower = first.value
    if first.shift == 0 and second.shift > 0 and first.value <= second.base:
        lower = shift(first.value, second.shift)  # 'more than 1 and less than 2 million'
    if lower >= second.value:
        raise _Fail(
            f"{text[start:].strip()!r} leaves no value between its bounds",
            max(first.end, second.end),
        )
    last = max(first.end, second.end)
    unit, end = _read_unit(text, s, last, scan=scan)
    if not scan and unit is not None and (problem := _unit_problem(unit)) is not None:
        raise _Fail(problem)
    unit = _with_currency(first.currency or second.currency, unit)
    quantity = _quantity(qualifier, lower=lower, upper=second.value, unit=unit)
    return _Phrase(start, max(end, last), quantity)


def _between_hedged(text: str, s: str, start: int, pos: int, kind: str, scan: bool) -> _Phrase:
    """'between about 3 and 5': the range, widened like 'about 3-5'; other hedges are refused."""
    said = text[start:pos].strip()
    inner = HEDGE_RE.match(s, pos)
    if inner is None or inner.lastindex is None:
        raise _Fail(f"expected numbers after {said!r}, e.g. 'between 1,200 and 1,312 people'")
    p = inner.end()
    while p < len(s) and s[p].isspace():
        p += 1
    first = _read_number(text, s, p, article=False, scan=scan)
    link = None if first is None else _CONNECT_RE[kind].match(s, first.end)
    second = None
    if link is not None:
        again = HEDGE_RE.match(s, link.end())
        q = link.end()
        if again is not None and again.lastindex is not None:
            if HEDGES[again.lastindex - 1][1] is not Qualifier.ABOUT:
                raise _Fail(f"cannot read {text[start:].strip()!r}; write 'between A and B'", -1)
            q = again.end()
        while q < len(s) and s[q].isspace():
            q += 1
        second = _read_number(text, s, q, article=False, scan=scan, linked=True)
    if first is None or second is None or HEDGES[inner.lastindex - 1][1] is not Qualifier.ABOUT:
        last = second or first
        end = last.end if last is not None else inner.end()
        raise _Fail(f"cannot read {text[start:end].strip()!r}; write 'between A and B'", end)
    return _finish_range(text, s, start, first, second, (None, first.end), scan, Qualifier.ABOUT)


def _range_end(
    text: str, s: str, first: _Num, scan: bool
) -> tuple[_Num | None, tuple[str | None, int]]:
    """The second end of 'A-B', 'A to B', 'A or B', 'from 3km to 5km'; and the first end's unit."""
    unit_first: tuple[str | None, int] = (None, first.end)
    if first.fraction:  # 'a quarter to five' is a time; 'half to two thirds' is not read
        return None, unit_first
    link = _RANGE_RE.match(s, first.end)
    if link is None:
        unit, after = _unit_word(text, s, first.end)
        if unit is not None:
            link = _RANGE_RE.match(s, after)
            if link is not None and link.group(1) is None:
                unit_first = (unit, after)
            else:
                link = None
    if link is None:
        return None, unit_first
    second = _read_number(text, s, link.end(), article=False, scan=scan, linked=True)
    if second is None or second.plural:
        return None, (None, first.end)
    chain = _CHAIN_RE.match(s, second.end)
    if chain is not None:  # '+1-222-2222-2222', '2016-12-21': a number, not a range
        raise _Fail(f"{text[first.start : chain.end()]!r} is a code or a date", chain.end())
    if link.group(1) is not None and (first.currency or second.currency or first.shift):
        return None, (None, first.end)  # 'one or two' only between bare figures
    return second, unit_first


def _read_between(text: str, s: str, start: int, first: _Num, kind: str, scan: bool) -> _Phrase:
    unit, after = _unit_word(text, s, first.end)
    link = _CONNECT_RE[kind].match(s, first.end)
    if link is None and unit is not None:
        link = _CONNECT_RE[kind].match(s, after)
    else:
        unit, after = None, first.end
    if link is None:
        second = None
    else:
        second = _read_number(text, s, link.end(), article=False, scan=scan, linked=True)
    if second is None:
        if scan and kind == "from":  # 'from 5 people': just the number
            return _finish(text, s, first.start, first, _EXACT, first.end, scan)
        word = "and" if kind == "between" else "to"
        raise _Fail(
            f"expected '{kind} A {word} B', e.g. '{kind} 1,200 {word} 1,312 people'", first.end
        )
    return _finish_range(text, s, start, first, second, (unit, after), scan)


def _quantity(
    qualifier: Qualifier,
    value: Decimal | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    unit: str | None = None,
    step: Decimal | None = None,
) -> Quantity:
    try:
        return Quantity(qualifier, value, lower, upper, unit, step)
    except QuantityError as err:
        raise _Fail(str(err)) from None


def _finish(
    text: str, s: str, start: int, num: _Num, qualifier: Qualifier, pos: int, scan: bool
) -> _Phrase:
    """A single hedged figure: read its unit and build the Quantity."""
    unit, end = _read_unit(text, s, pos, scan=scan)
    if num.currency is not None and unit in (units.PERCENT, "percentage points"):
        raise _Fail("a sum of money cannot also be a per cent", end)
    if num.article and unit is None:
        raise _Fail("'a'/'an' stands for one only before a unit, e.g. 'a day'")
    if qualifier is _EXACT and unit is not None and end < len(s):  # '50% or more'
        suffix = SUFFIX_RE.match(s, end)
        if suffix is not None and suffix.lastindex is not None:
            qualifier, end = SUFFIX_QUALIFIERS[suffix.lastindex - 1], suffix.end()
    if not scan and unit is not None and qualifier is _EXACT:  # '10 people or more'
        suffix = _TRAILING_SUFFIX_RE.search(unit)
        if suffix is not None and suffix.start() > 0 and suffix.lastindex is not None:
            qualifier = SUFFIX_QUALIFIERS[suffix.lastindex - 1]
            unit = unit[: suffix.start()]
    if not scan and unit is not None:
        problem = _unit_problem(unit)
        if problem is not None:
            raise _Fail(problem)
    if qualifier is Qualifier.NEARLY and num.value < 0:
        raise _Fail("'nearly' a negative figure is ambiguous; give a range", end)
    quantity = _quantity(
        qualifier, num.value, unit=_with_currency(num.currency, unit), step=num.step
    )
    return _Phrase(start, max(end, pos), quantity)


def _finish_range(
    text: str,
    s: str,
    start: int,
    a: _Num,
    b: _Num,
    first_unit: tuple[str | None, int],
    scan: bool,
    qualifier: Qualifier = _BETWEEN,
) -> _Phrase:
    """'between A and B', 'A to B', 'A-B', 'from 3km to 5km'."""
    lower = a.value
    # '1.2-1.5 million', 'between 1 and 2 million': the multiplier covers both ends.
    if (a.shift == 0 and b.shift > 0 and a.value <= b.base and a.currency is None) or (
        a.shift == 0 and b.shift > 0 and a.currency is not None and a.value <= b.base
    ):
        lower = shift(a.value, b.shift)
    if a.currency is not None and b.currency is not None and a.currency != b.currency:
        raise _Fail("the ends of the range are in different currencies", b.end)
    currency = a.currency or b.currency
    if lower > b.value:
        raise _Fail(
            f"the range {format_number(lower)} to {format_number(b.value)} runs backwards; "
            "put the smaller number first",
            b.end,
        )
    unit, end = _read_unit(text, s, b.end, scan=scan)
    if first_unit[0] is not None:
        if unit is not None and unit != first_unit[0]:
            raise _Fail("the ends of the range have different units", end)
        unit = first_unit[0]
    if not scan and unit is not None:
        problem = _unit_problem(unit)
        if problem is not None:
            raise _Fail(problem)
    unit = _with_currency(currency, unit)
    quantity = _quantity(qualifier, lower=lower, upper=b.value, unit=unit)
    return _Phrase(start, max(end, b.end), quantity)


def _finish_bounds(text: str, s: str, start: int, num: _Num, pos: int, scan: bool) -> _Phrase:
    """'470,000 ± 23,500' or '470,000 +/- 5%': an exact figure with explicit bounds."""
    delta = _read_number(text, s, pos, article=False, scan=scan, linked=True)
    if delta is None or delta.value < 0:
        raise _Fail(
            "expected a number after '\u00b1', e.g. '470,000 \u00b1 23,500' or '\u00b1 5%'", pos
        )
    end = delta.end
    amount = delta.value
    percent = units.PERCENT_RE.match(s, end)
    if percent is not None:  # a percentage of the figure becomes absolute bounds
        amount = _CTX.divide(_CTX.multiply(num.value, amount), 100).copy_abs()
        end = percent.end()
    lower, upper = _CTX.subtract(num.value, amount), _CTX.add(num.value, amount)
    unit, unit_end = _read_unit(text, s, end, scan=scan)
    if not scan and unit is not None:
        problem = _unit_problem(unit)
        if problem is not None:
            raise _Fail(problem)
    quantity = _quantity(
        _EXACT, num.value, lower, upper, _with_currency(num.currency, unit), num.step
    )
    return _Phrase(start, max(unit_end, end), quantity)


def _parse(text: str) -> Quantity:
    if not text.strip():
        raise QuantityError(f"{_shown(text)} is not a quantity: the text is empty; {EXPECTED}")
    s = lower_in_place(text)
    begin = len(text) - len(text.lstrip())
    try:
        quantity = _read_phrase(text, s, begin, scan=False).quantity
    except (_Fail, QuantityError) as problem:
        raise QuantityError(f"{_shown(text)} is not a quantity: {problem}") from None
    # The words it was read from: where they are its shorthand, to_text gives them back
    # without reading them again (the grammar reads the same words the same way).
    object.__setattr__(quantity, "_read_from", text)
    return quantity


# Quantities are immutable and records repeat their figures: a parsed text is kept. Errors are
# not kept (lru_cache never does).
_parse_cached: Final = lru_cache(maxsize=4096)(_parse)


def parse_quantity(text: str) -> Quantity:
    """Read the shorthand '[hedge] number [unit]' (see docs/intervals.md); QuantityError if not.

    >>> parse_quantity("over 400,000 people") == parse_quantity("more than 400,000 people")
    True
    >>> str(parse_quantity("about 750 people").interval())
    '[675, 825]'
    """
    if not isinstance(text, str):
        raise QuantityError(
            f"quantity text must be a string, got {type(text).__name__} {text!r}; {EXPECTED}"
        )
    return _parse_cached(str(text))
