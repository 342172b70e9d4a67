"""The grammar of a figure: '[hedge] number [unit]', ranges and ± bounds, read into a Quantity.

Both parse_quantity (a whole string) and find_quantities (prose, in scan.py) run the same reader
over a lowercased copy of the text. The copy keeps every character's index, so spans found in it
are spans of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final, Literal

from .model import Qualifier, Quantity, QuantityError
from .numbers import EXACT as _CTX_EXACT
from .numbers import ONE as _ONE
from .numbers import format_number, number_problem, pow10
from .numbers import shift as scaled

_EXACT: Final = Qualifier.EXACT
_BETWEEN: Final = Qualifier.BETWEEN

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
        step = None if frac[-1] != "0" else pow10(-len(frac))
    else:
        step = None if whole.strip("0") else _ONE
    end, shift = m.end(), 0
    mult = _MULTIPLIER_RE.match(s, end)
    if mult is not None:
        shift = _MULTIPLIERS[mult.group(1) or mult.group(2)]
        end = mult.end()
    value = scaled(raw, shift)
    problem = number_problem(value)
    if problem is not None:
        raise _Fail(f"the number {s[m.start() : end]!r} {problem}")
    return _Num(value, None if step is None else scaled(step, shift), m.start(), end, raw, shift)


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
        lower = scaled(a.value, b.shift)
    if lower > b.value:
        if scan:  # '2015-16' and the like: take the first number alone
            return _finish(text, s, a.start, a, _EXACT, a.end, scan)
        raise _Fail(
            f"the range {format_number(lower)} to {format_number(b.value)} runs backwards; "
            "put the smaller number first"
        )
    unit, end = _read_unit(text, s, b.end, scan=scan)
    quantity = Quantity(_BETWEEN, lower=lower, upper=b.value, unit=unit)
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
    quantity = Quantity(_EXACT, num.value, lower, upper, unit, num.step)
    return _Phrase(start, max(unit_end, end), quantity)


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
    return _parse_grammar(text, _fold(text))


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
