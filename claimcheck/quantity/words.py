"""Numbers written in words, as a careful reader reads them.

'six', 'twenty-five', 'one hundred and six' (British 'and'), 'two thousand five hundred',
'three thousand million', 'a dozen', 'two dozen', 'half a million', 'a quarter of a million',
'two thirds', 'five and a half million', 'three billions'; and, in a claim only, the plural scales
'thousands', 'tens of thousands', 'dozens', which say "at least two of them".

read_words() returns the value as an exact Fraction; the grammar turns it into a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Final


def _numbered(words: str, start: int, step: int = 1) -> dict[str, int]:
    return {w: start + step * i for i, w in enumerate(words.split())}


UNITS: Final = _numbered("one two three four five six seven eight nine", 1)
TEENS: Final = _numbered(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
TENS: Final = {
    **_numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10),
    "fourty": 40,  # a common misspelling
}
SCALES: Final = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "lakh": 10**5,
    "lac": 10**5,
    "lkh": 10**5,
    "crore": 10**7,
    "cr": 10**7,
    "krore": 10**7,
    "koti": 10**7,
}
# 'thousands of people': at least two thousand. 'dozens' likewise at least two dozen.
PLURAL_SCALES: Final = {f"{w}s": v for w, v in (*SCALES.items(), ("hundred", 100), ("dozen", 12))}
DENOMINATORS: Final = {
    **{w: d for d, w in ((2, "half"), (3, "third"), (4, "quarter"), (4, "fourth"))},
    **{
        w: d
        for d, w in enumerate(["fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], start=5)
    },
}
PLURAL_DENOMINATORS: Final = {
    "halves": 2,
    **{f"{w}s": d for w, d in DENOMINATORS.items() if w != "half"},
}
NUMBER_WORDS: Final = frozenset(
    {"zero", "hundred", "dozen", *UNITS, *TEENS, *TENS, *SCALES, *PLURAL_SCALES}
)

# Every number in words starts with one of these.
_STARTS: Final = frozenset(
    {"zero", "nought", "naught", "half", "a", "an", "hundred", "tens", *UNITS, *TEENS, *TENS}
    | set(SCALES)
    | set(PLURAL_SCALES)
)
_TOKEN_RE: Final = re.compile(r"[a-z]+\b")
_GAP_RE: Final = re.compile(r"(?:\s+|-)(?=[a-z])")
_MAX_TOKENS: Final = 16


@dataclass(slots=True)
class WordNumber:
    """A number read from words: its value, where it ends, and how it ends."""

    value: Fraction
    end: int
    base: Fraction  # the figure before trailing scale words: 2 in 'two million'
    shift: int  # those scale words as a power of ten (0 when none, or not a power of ten)
    plural: bool = False  # 'thousands': the value is the least it can mean
    step: Fraction | None = None  # a fraction counts in its denominator: 1/3 for 'two thirds'
    article_after: int = -1  # 'half a day': where the unit starts, after the 'a'


class _Tokens:
    """The words from a position, read as far as they are asked for: word(i) is '' past the
    end. (Most positions a scanner tries hold no number: one word settles it.)"""

    def __init__(self, s: str, pos: int) -> None:
        self.s = s
        self.words: list[str] = []
        self.ends: list[int] = []
        self.next: int | None = pos  # where the next word starts; None after the last

    def word(self, i: int) -> str:
        while i >= len(self.words) and self.next is not None and len(self.words) < _MAX_TOKENS:
            m = _TOKEN_RE.match(self.s, self.next)
            if m is None:
                self.next = None
                break
            self.words.append(m.group())
            self.ends.append(m.end())
            gap = _GAP_RE.match(self.s, m.end())
            self.next = None if gap is None else gap.end()
        return self.words[i] if 0 <= i < len(self.words) else ""


def _small(t: _Tokens, i: int) -> tuple[int, int] | None:
    """1 to 99: 'six', 'sixteen', 'sixty', 'sixty-six'."""
    w = t.word(i)
    if w in TENS:
        if t.word(i + 1) in UNITS:
            return TENS[w] + UNITS[t.word(i + 1)], i + 2
        return TENS[w], i + 1
    if w in TEENS:
        return TEENS[w], i + 1
    if w in UNITS:
        return UNITS[w], i + 1
    return None


def _continues(t: _Tokens, i: int) -> bool:
    """Whether a number goes on at i with 'hundred' (so an 'and' before it was a link:
    'one hundred and two hundred'). A scale may follow: 'five hundred and sixty thousand'."""
    w = t.word(i)
    return w == "hundred" or w == "dozen" or w in PLURAL_SCALES


def _and_small(t: _Tokens, i: int) -> tuple[int, int] | None:
    """'[and] six' after a hundred or a scale; None when the 'and' links to another number."""
    j = i + 1 if t.word(i) == "and" else i
    small = _small(t, j)
    if small is None or _continues(t, small[1]):
        return None  # 'one hundred and two hundred': two numbers
    return small


def _hundreds(t: _Tokens, i: int) -> tuple[int, int] | None:
    """1 to 9,999 as a group before a scale: 'six', 'a hundred and two', 'nineteen hundred'."""
    if t.word(i) in ("a", "an") and t.word(i + 1) == "hundred":
        value, j = 1, i + 1
    else:
        small = _small(t, i)
        if small is None:
            return None
        value, j = small
        if t.word(j) != "hundred":
            return value, j
    value, j = value * 100, j + 1
    tail = _and_small(t, j)
    return (value + tail[0], tail[1]) if tail is not None else (value, j)


def _fraction(t: _Tokens, i: int) -> tuple[Fraction, int] | None:
    """'a half', 'one third', 'two thirds', 'three quarters'; the numerator agrees in number."""
    w = t.word(i)
    if w in ("a", "an", "one"):
        den = DENOMINATORS.get(t.word(i + 1))
        return (Fraction(1, den), i + 2) if den is not None else None
    small = _small(t, i)
    if small is None or small[0] < 2:
        return None
    den = PLURAL_DENOMINATORS.get(t.word(small[1]))
    return (Fraction(small[0], den), small[1] + 1) if den is not None else None


def _scales(t: _Tokens, i: int) -> tuple[int, int]:
    """The product of the scale words at i ('thousand million'), 1 when there are none."""
    product, j = 1, i
    while (w := t.word(j)) in SCALES and SCALES[w] > product:
        product, j = product * SCALES[w], j + 1
    return product, j


def _of_a_scale(t: _Tokens, i: int) -> tuple[int, int]:
    """'[of] a million' / 'a dozen' after a fraction; (1, i) when none follows."""
    j = i + 1 if t.word(i) == "of" else i
    if t.word(j) in ("a", "an"):
        scale, k = _scales(t, j + 1)
        if scale > 1:
            return scale, k
        if t.word(j + 1) == "dozen":
            return 12, j + 2
    return 1, i


def _and_fraction(t: _Tokens, i: int) -> tuple[Fraction, int] | None:
    """'and a half', 'and three quarters' after a whole number."""
    if t.word(i) != "and":
        return None
    return _fraction(t, i + 1)


def _cardinal(t: _Tokens, i: int) -> tuple[int, int, int, int] | None:
    """A whole number: (value, next index, the last group before a trailing scale, that scale).

    'two million three hundred thousand and five', 'three thousand million', 'a thousand'.
    Scales fall from group to group; 'and' may join the last group (British usage).
    """
    total, last_scale, j = 0, 0, i
    group_value, scale = 0, 1
    while True:
        group: tuple[int, int] | None
        if t.word(j) in ("a", "an") and j == i and t.word(j + 1) in SCALES:
            group = (1, j + 1)
        elif total and t.word(j) == "and":  # 'two thousand and five', '... and five hundred'
            group = _hundreds(t, j + 1)
            if group is not None and group[0] >= 100 and t.word(j + 2) != "hundred":
                group = None  # 'a thousand and a hundred': not read
            if group is None or _continues(t, group[1]) or t.word(group[1]) in SCALES:
                group = None  # 'one thousand and two thousand': two numbers
        elif total:
            group = _hundreds(t, j)
        else:
            group = _hundreds(t, j)
        if group is None:
            break
        scale, k = _scales(t, group[1])
        if last_scale and scale >= last_scale:
            break  # 'two thousand three thousand': not one number
        total, j, group_value = total + group[0] * scale, k, group[0]
        if scale == 1:
            break
        last_scale = scale
    if j == i:
        return None
    return total, j, group_value, scale


_DIGIT_WORDS: Final = {"zero": 0, "oh": 0, "nought": 0, **UNITS}
# Ordinals: 'twenty first' is a place in a row, not twenty of anything.
_ORDINAL_WORDS: Final = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth thousandth "
    "millionth billionth trillionth"
)
ORDINALS: Final = frozenset(_ORDINAL_WORDS.split())


def _point(t: _Tokens, i: int, whole: int) -> tuple[Fraction, int] | None:
    """'point five', 'point two five' after a whole number: the decimal it makes."""
    if t.word(i) != "point" or t.word(i + 1) not in _DIGIT_WORDS:
        return None
    digits, j = "", i + 1
    while t.word(j) in _DIGIT_WORDS:
        digits, j = digits + str(_DIGIT_WORDS[t.word(j)]), j + 1
    return whole + Fraction(int(digits), 10 ** len(digits)), j


def read_words(s: str, pos: int, *, scan: bool) -> WordNumber | None:
    """The number written in words at pos, or None. In prose (scan) fractions need 'of' or a
    scale after them ('a third of the vote'), and plural scales are not read at all."""
    t = _Tokens(s, pos)
    first = t.word(0)
    if first not in _STARTS:
        return None
    if first in ("zero", "nought", "naught"):
        point = _point(t, 1, 0)
        if point is not None:  # 'zero point five'
            return _number(t, point[1], point[0], point[0], 1)
        return WordNumber(Fraction(0), t.ends[0], Fraction(0), 0)
    # 'half a million', 'half a dozen'
    half = Fraction(1, 2)
    if first == "half":
        scale, k = _of_a_scale(t, 1)
        if scale > 1:
            return _number(t, k, half * scale, half, scale, half)
        number = _number(t, 1, half, half, 1, half)
        if t.word(1) in ("a", "an") and t.word(2) and t.word(2) not in NUMBER_WORDS:
            number.article_after = t.ends[1]  # 'half a percentage point', 'half an hour'
        elif scan:
            return None
        return number
    fraction = _fraction(t, 0)
    if fraction is not None:
        scale, k = _of_a_scale(t, fraction[1])
        if scale == 1 and scan and t.word(fraction[1]) != "of":
            return None  # 'for a third time': an ordinal
        return _number(t, k, fraction[0] * scale, fraction[0], scale, fraction[0])
    if first in ("a", "an") and t.word(1) == "dozen":
        return _number(t, 2, Fraction(12), Fraction(1), 12)
    if not scan and (first in PLURAL_SCALES or first == "tens"):
        return _plural(t)
    cardinal = _cardinal(t, 0)
    if cardinal is None and not scan and first in ("hundred", "thousand", "million", "billion"):
        scale, k = (100, 1) if first == "hundred" else _scales(t, 0)
        return _number(t, k, Fraction(scale), Fraction(1), scale)  # 'hundred', 'thousand'
    if cardinal is None:
        return None
    value, j, group, scale = cardinal
    point = _point(t, j, value) if scale == 1 else None
    if point is not None:  # 'two point five', 'one point two million'
        scale, k = _scales(t, point[1])
        return _number(t, k, point[0] * scale, point[0], scale)
    # 'one and a half', 'five and a half million'
    extra = _and_fraction(t, j) if scale == 1 else None
    if extra is not None:
        scale, k = _scales(t, extra[1])
        whole = value + extra[0]
        return _number(t, k, whole * scale, whole, scale, extra[0])
    # '3 million and a half': half of the scale more
    if scale > 1 and value == group * scale:
        extra = _and_fraction(t, j)
        if extra is not None:
            whole = group + extra[0]
            return _number(t, extra[1], whole * scale, whole, scale, extra[0])
    if t.word(j) == "dozen" and scale == 1 and value < 100:
        return _number(t, j + 1, Fraction(value * 12), Fraction(value), 12)
    if t.word(j) in PLURAL_SCALES and scale == 1:  # 'three billions', 'two dozens'
        plural = PLURAL_SCALES[t.word(j)]
        return _number(t, j + 1, Fraction(value * plural), Fraction(value), plural)
    if scale > 1 and value == group * scale:
        return _number(t, j, Fraction(value), Fraction(group), scale)
    return _number(t, j, Fraction(value), Fraction(value), 1)


def _number(
    t: _Tokens, j: int, value: Fraction, base: Fraction, scale: int, part: Fraction | None = None
) -> WordNumber:
    """The WordNumber ending before token j; part is the fraction's one part, if any."""
    digits = len(str(scale)) - 1
    shift = digits if scale == 10**digits else 0
    step = None if part is None else Fraction(1, part.denominator) * scale
    return WordNumber(value, t.ends[j - 1], base if shift else value, shift, step=step)


def _plural(t: _Tokens) -> WordNumber | None:
    """'thousands', 'tens of thousands', 'hundreds of millions', 'dozens': at least two of them."""
    scale, j = PLURAL_SCALES.get(t.word(0), 10), 1
    if t.word(0) in ("hundreds", "tens"):
        if t.word(1) == "of" and t.word(2) in PLURAL_SCALES and t.word(2) != "dozens":
            scale, j = scale * PLURAL_SCALES[t.word(2)], 3
        elif t.word(0) == "tens":
            return None
    return WordNumber(Fraction(2 * scale), t.ends[j - 1], Fraction(2 * scale), 0, plural=True)
