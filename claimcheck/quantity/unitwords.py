"""The unit after a figure: one word in prose, the rest of the text in a claim.

'%', 'per cent' and 'pct' are '%'; 'percentage point(s)' stays apart; a currency before the
figure joins the unit ('$ people'). A claim's unit may not hold another number or a hedge
('people or more' would lose the 'or more'), and in prose a stop word or a capitalised word
after a figure is no unit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from . import units
from .hedges import HEDGE_LIKE_WORDS, SUFFIX_RE
from .numerals import _Fail
from .words import DENOMINATORS, NUMBER_WORDS, ORDINALS, PLURAL_DENOMINATORS


def _words(text: str) -> tuple[str, ...]:
    """A list of words written as one string, for readability."""
    return tuple(text.split())


# A unit may not start with a word that joins it to something else: '37,500 or so and more'.
_CONNECTORS: Final = frozenset(["and", "or", "to", "than", "nor", "but", "plus", "minus"])
_UNIT_SYMBOLS: Final = "%\u2030\u00b0" + units.CURRENCY_SYMBOLS
# In prose the unit is the next word, unless it is one of these.
STOP_WORDS: Final = frozenset(
    _words(
        "a an the and or nor but of to in on at by for from with as than that which who whom "
        "whose this these those it its their there here had has have having were was is are be "
        "been being will would could should may might must can did do does since after before "
        "until till into onto per more less fewer most least over under about around some said "
        "says also not no while when where if then so such each every other another out up down "
        "off am pm "
        # words of time and tally that follow a figure without being what it counts
        "last next this yesterday today tomorrow tonight ago earlier later previous following "
        "now already still yet just only even total altogether overall apiece respectively"
    )
)
_UNIT_WORD_RE: Final = re.compile(r"(\u00b0[a-z]?|\u2030)|\s*([^\W\d_]+)(?![\w-])")


def _unit_word(text: str, s: str, pos: int) -> tuple[str | None, int]:
    """One unit word or symbol at pos ('km', '%', 'g'), as after the first end of a range."""
    percent = units.PERCENT_RE.match(s, pos)
    if percent is not None:
        return units.PERCENT, percent.end()
    m = _UNIT_WORD_RE.match(s, pos)
    if m is None:
        return None, pos
    word = m.group(1) or m.group(2)
    if word in STOP_WORDS or word in NUMBER_WORDS or word in HEDGE_LIKE_WORDS:
        return None, pos
    return word, m.end()


def _read_unit(text: str, s: str, pos: int, *, scan: bool) -> tuple[str | None, int]:
    """The unit after pos and where it ends. Parse mode: the whole rest of the text."""
    points = units.POINTS_RE.match(s, pos)
    if points is not None:  # kept as written: 'percentage point' or 'percentage points'
        unit = "percentage point" if points.group(1) == "" else "percentage points"
        pos = points.end()
    else:
        percent = units.PERCENT_RE.match(s, pos)
        unit = None
        if percent is not None:
            unit, pos = units.PERCENT, percent.end()
    if scan:
        if unit is not None:
            return unit, pos
        m = _UNIT_WORD_RE.match(s, pos)
        if m is None:
            return None, pos
        if m.group(1):
            return m.group(1), m.end()
        word = m.group(2)
        original = text[m.start(2) : m.end(2)]
        # A capitalised word after a number is a name or a new sentence, not a unit ('10C' is).
        if original != original.lower() and m.start(2) != pos:
            return None, pos
        if word in STOP_WORDS or word in NUMBER_WORDS or word in HEDGE_LIKE_WORDS:
            return None, pos
        return word, m.end()
    rest = s[pos:]
    tail = " ".join(rest.split())
    if not tail:
        return unit, len(s)
    if unit is not None:
        suffix = SUFFIX_RE.match(s, pos)
        if suffix is not None and not s[suffix.end() :].strip():
            return unit, pos  # '50% or more': the caller reads the suffix
        raise _Fail(f"unexpected {text[pos:].strip()!r} after {text[:pos].strip()!r}")
    first_word = tail.split()[0]
    if (
        not (tail[0].isalpha() or tail[0] in _UNIT_SYMBOLS)
        or first_word in _CONNECTORS  # '37,500 or so and more'
        or first_word.split("-")[0] in NUMBER_WORDS  # 'five six': two numbers, not a unit
        or (not rest[0].isspace() and any(c.isdigit() for c in first_word))  # '1e5'
        or units.TIME_RE.match(s, pos)
    ):
        raise _Fail(
            f"unexpected {text[pos:].strip()!r} after {text[:pos].strip()!r}; "
            "a unit must be words such as 'people' or 'days'"
        )
    return tail, len(s)


# Units that some write for a scale: '30 l' is 30 litres or 30 lakh, '300 kr' kronor or crore.
_SCALE_OR_UNIT: Final = frozenset({"l", "kr"})


_UNIT_WORDS_RE: Final = re.compile(r"[\s-]+")


@lru_cache(maxsize=1024)  # a few units ('people', 'trucks') serve most figures
def _unit_problem(unit: str) -> str | None:
    """Why a claim's unit would lose meaning ('people or more'), or None."""
    words = _UNIT_WORDS_RE.split(unit)
    if (
        words[0] in ORDINALS
        or (words[0].endswith("ths") and words[0][:-1] in ORDINALS)
        or words[0] in DENOMINATORS
        or words[0] in PLURAL_DENOMINATORS
    ):
        # 'twenty first', 'a trillionth', 'a hundred trillionths', '... two hundred three fifths'
        return f"{words[0]!r} makes the number an ordinal or a fraction, not a figure"
    if words[0] in _SCALE_OR_UNIT:
        return f"{words[0]!r} after a number may be a unit or a scale (lakh, krone); write it out"
    for word in words:
        if word in HEDGE_LIKE_WORDS or word in NUMBER_WORDS:
            return f"the unit {unit!r} holds {word!r}: put the hedge or number before the figure"
    return None


def _with_currency(currency: str | None, unit: str | None) -> str | None:
    if currency is None:
        return unit
    return currency if unit is None else f"{currency} {unit}"
