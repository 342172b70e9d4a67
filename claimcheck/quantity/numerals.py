"""Reading one number at a position: digits, words, a currency before it, a scale after it.

'1.2m', '$4.7 billion', 'US$ 1MM', '-10', '.08', '2½', '2 1/2', '5 and a half million',
'three thousand million', 'minus five'. A number that is really something else (a date, a time,
an ordinal, a decade, '300m tall') raises _Fail, so that no caller reads a piece of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from . import units
from .numbers import EXACT as _CTX
from .numbers import ONE, number_problem, pow10, shift
from .words import ORDINALS, TEENS, TENS, UNITS, read_words


def _words(text: str) -> tuple[str, ...]:
    """A list of words written as one string, for readability."""
    return tuple(text.split())


EXPECTED: Final = "expected a number such as '37,500', 'about 750' or 'more than 400,000 people'"


class _Fail(Exception):
    """Internal: no quantity at this position; str() says why, for parse_quantity's message.

    end, when set, is how far the text was read: the scanner resumes there, so that a phrase
    it could not read whole is never read again as a shorter one ('more than 10 and less than
    40' is not '10')."""

    def __init__(self, message: str, end: int = -1) -> None:
        super().__init__(message)
        self.end = end


# Digits: comma groups, space-like groups (space, no-break, narrow no-break, thin) or a run, an
# optional sign and decimals ('.08' too). Where a phrase starts, not glued to a word or number:
# '3.5' is not read as '5', 'A4' not as '4', 'COVID-19' and '2013-14' give no '19' or '14'.
_NUMERAL: Final = (
    r"(?P<sign>[-+\u2212](?=\.?[0-9]))?"
    r"(?:(?P<spaced>[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+)(?![0-9]|,[0-9])"
    r"|(?P<plain>[0-9]+(?:,[0-9]+)*)|(?=\.[0-9]))"
    r"(?:\.(?P<frac>[0-9]+))?"
)
_NUMERAL_RE: Final = re.compile(r"(?<![\w.,/:$])(?<![\w][-\u2013\u2212])" + _NUMERAL)
_NUMERAL_AFTER_LINK_RE: Final = re.compile(_NUMERAL)  # the second end of '3-5'
# A numeral that is really part of a date, a time or an ordinal: '21/12/2016', '10:30', '21st'.
_NOT_A_FIGURE_RE: Final = re.compile(r"[/:][0-9]|(?:st|nd|rd|th|s)\b|['\u2019]s\b")
_GROUPED_RE: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")

_DURATIONS: Final = "second minute hour day night week fortnight month year decade century"
_DURATION_WORDS: Final = frozenset(_DURATIONS.split())
# 'six-year', 'six-year-long', 'six-year-old', '24-hour': an adjective naming a duration.
_ADJECTIVE_RE: Final = re.compile(
    rf"-({'|'.join(_DURATIONS.split())})s?(?:-(?:long|old))?(?![\w-])"
)
# 'a'/'an' as the number one, before a unit ('a day'), but not 'a lot', 'a few' ...
_ARTICLE_RE: Final = re.compile(r"(an?)\s+(?=([^\W\d_]+))")
_NOT_AFTER_ARTICLE: Final = frozenset(
    _words(
        "lot lots few couple number bit little great good large small handful majority minority "
        "quarter half third fraction range series variety host dozen score pair couple trio "
        "several bunch load loads ton tons heap heaps pile piles myriad multitude whole gross "
        "half-dozen hundred thousand million billion trillion"
    )
)


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
    plural: bool = False  # 'thousands': at least this value
    fraction: bool = (
        False  # 'a quarter', 'half': not the first end of a range ('a quarter to five')
    )
    currency: str | None = None  # '$' in '$10'


def lower_in_place(text: str) -> str:
    """Lowercase text without moving any character (a few letters lowercase to two)."""
    # str.lower() maps each character on its own, as c.lower() does, except for two: U+0130
    # (the only character whose lowercase is two characters long) and capital sigma (whose
    # lowercase depends on the letters around it). Without them it is the same, and faster.
    if text.isascii() or ("\u0130" not in text and "\u03a3" not in text):
        return text.lower()
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _shown(text: str) -> str:
    """The offending text as it appears in a message: quoted, one line, not too long."""
    text = text.strip() or text
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def _decimal(value: Fraction) -> Decimal:
    """A fraction as a figure: exact when it has a finite decimal, else to 30 significant digits,
    far below what a float can tell apart (two thirds is 0.666...667)."""
    numerator, denominator = Decimal(value.numerator), Decimal(value.denominator)
    exact = _CTX.divide(numerator, denominator)
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        return _CTX.normalize(exact) if exact != exact.to_integral_value() else exact.quantize(ONE)
    return _CTX.quantize(exact, pow10(exact.adjusted() - 29))


def _checked(value: Decimal, what: str) -> Decimal:
    problem = number_problem(value.copy_abs())
    if problem is not None:
        raise _Fail(f"the number {what!r} {problem}")
    return value


def _scale_after(text: str, s: str, pos: int, currency: bool) -> tuple[int, int, bool]:
    """The scale after a numeral at pos: (power of ten, end, dozen?). (0, pos, False) if none.

    Raises _Fail for '300m tall' (metres, not millions) and for scale words that do not fall."""
    m = units.ABBREVIATION_RE.match(s, pos)
    if m is not None:
        abbreviation = m.group(1)
        written = text[m.start(1) : m.end(1)]
        if abbreviation in units.NEEDS_CURRENCY and not currency:
            # '3b', '5T': billions, bytes or tonnes; refused rather than guessed
            raise _Fail(f"cannot tell what '{written}' after a number means", m.end())
        if abbreviation == "mm" and written != "MM":
            return 0, pos, False  # '5mm' is millimetres
        if abbreviation == "m" and not currency and units.METRES_RE.match(s, m.end()):
            raise _Fail(
                f"'{s[pos - 1]}m' may be metres or millions; write 'million' or 'metres'", m.end()
            )
        return units.ABBREVIATIONS[abbreviation], m.end(), False
    m = units.SPACED_ABBREVIATION_RE.match(s, pos)
    if m is not None:
        if m.group(1) == "k" and text[m.start(1)] == "K":
            raise _Fail("a 'K' after a number may be thousands or kelvin", m.end())
        return units.ABBREVIATIONS[m.group(1)], m.end(), False
    if text[pos : pos + 1] in units.AMBIGUOUS_CAPITALS and not text[pos + 1 : pos + 2].isalpha():
        raise _Fail(f"cannot tell what '{text[pos]}' after a number means", pos + 1)
    total, end, last = 0, pos, 99
    while (m := units.SCALE_WORD_RE.match(s, end)) is not None:
        word, plural = m.groups()
        if word == "dozen":
            if total:
                raise _Fail(f"cannot read {text[pos : m.end()].strip()!r} after a number")
            return 0, m.end(), True
        power = units.SCALE_WORDS[word]
        if plural and not currency and total == 0 and not s[pos - 1].isdigit():
            break
        if power >= last and total:
            pass  # 'thousand million': the scales multiply
        elif total and power < last:
            raise _Fail(f"cannot read {text[pos : m.end()].strip()!r}: the scale words fall")
        total, end, last = total + power, m.end(), power
    return total, end, False


def _fraction_after(s: str, pos: int, whole: bool) -> tuple[Fraction, int] | None:
    """'½' or ' 1/2' after a whole number: the fraction and where it ends."""
    if not whole:
        return None
    m = units.VULGAR_RE.match(s, pos)
    if m is not None:
        numerator, denominator = units.VULGAR_FRACTIONS[m.group()]
        return Fraction(numerator, denominator), m.end()
    m = units.DIGIT_FRACTION_RE.match(s, pos)
    if m is not None and int(m.group(1)) < int(m.group(2)):
        return Fraction(int(m.group(1)), int(m.group(2))), m.end()
    return None


def _read_digits(text: str, s: str, m: re.Match[str], *, scan: bool, currency: bool) -> _Num:
    sign, plain, frac, spaced = m.group("sign", "plain", "frac", "spaced")
    numeral = m.group()
    if plain is not None and "," in plain and not _GROUPED_RE.fullmatch(plain):
        raise _Fail(
            f"malformed number {numeral!r}: separators must split the digits into groups "
            "of three, e.g. '37,500'",
            m.end(),
        )
    whole = re.sub(r"[^0-9]", "", spaced) if spaced is not None else (plain or "").replace(",", "")
    end = m.end()
    if frac and _DOTTED_RE.match(s, end):  # '192.168.1.2', 'version 2.1.3'
        dotted = _DOTTED_RE.match(s, end)
        assert dotted is not None
        raise _Fail(f"{text[m.start() : dotted.end()]!r} is an address or a version", dotted.end())
    # A space after the numeral, or the end, as most figures have: none of the fraction, date,
    # ordinal or code patterns below can start there (each starts with '/', ':', a quote or a
    # letter).
    followed = s[end : end + 1]
    glued_on = bool(followed) and not followed.isspace()
    simple = _SIMPLE_FRACTION_RE.match(s, end) if glued_on and not (frac or scan or sign) else None
    if simple is not None and 0 < int(whole) < int(simple.group(1)):  # '1/2', '3/4' in a claim
        part = Fraction(1, int(simple.group(1)))
        value = _decimal(int(whole) * part)
        return _Num(value, _decimal(part), m.start(), simple.end(), value, fraction=True)
    if glued_on and _NOT_A_FIGURE_RE.match(s, end):
        raise _Fail(f"{numeral!r} looks like a date, time or ordinal; {EXPECTED}", end + 1)
    month = units.MONTH_AFTER_RE.match(s, end) if len(whole) <= 2 and not frac else None
    if month is not None:
        raise _Fail(f"{text[m.start() : month.end()].strip()!r} is a date", month.end())
    glued = _GLUED_DIGITS_RE.match(s, end) if glued_on else None
    if glued is not None:  # '1e5', '5x3', 'A4b2': a code, not a figure
        raise _Fail(f"unexpected {text[end : glued.end()]!r} after {numeral!r}", glued.end())
    time_end = units.time_of_day_end(s, m.start(), end)
    if time_end is not None:
        raise _Fail(
            f"{text[m.start() : time_end].strip()!r} is a time of day, not a figure", time_end
        )
    raw = Decimal(f"{whole or '0'}.{frac}" if frac else whole)
    if len(whole) > 1 and whole.startswith("0") and not frac:
        groups = _DIGIT_GROUPS_RE.match(s, end)  # '0800 123 456': all of it
        raise _Fail(
            f"{numeral!r} has a leading zero: a code or a date, not a figure",
            groups.end() if groups is not None else end,
        )
    # The step the writer implied: the last written decimal, or the trailing zeros of an integer.
    # That is the value's own step (None) unless a decimal ends in 0 ('1.50') or the figure is 0.
    if frac == "000" and whole.strip("0") and len(whole) <= 3:
        raise _Fail(f"{numeral!r} may be {whole} thousand, as some write it; write it plainly", end)
    if frac:
        step: Decimal | None = None if frac[-1] != "0" else pow10(-len(frac))
    else:
        step = None if whole.strip("0") else ONE
    fraction = _fraction_after(s, end, not frac)
    if fraction is None and not frac and (and_half := _and_a_half(s, end)) is not None:
        fraction = and_half  # '5 and a half'
    if fraction is not None:  # '2½' counts in halves
        raw, end = _decimal(Fraction(int(raw)) + fraction[0]), fraction[1]
        step = _decimal(Fraction(1, fraction[0].denominator))
    power, scale_end, dozen = _scale_after(text, s, end, currency)
    value = shift(raw, power)
    base = raw
    if dozen:
        value, step, power = _CTX.multiply(raw, 12), None, 0
    elif power:
        half = _and_a_half(s, scale_end)
        if half is not None and fraction is None and not frac:  # '3 million and a half'
            value = shift(_decimal(Fraction(int(raw)) + half[0]), power)
            scale_end, step = half[1], _decimal(Fraction(1, half[0].denominator))
    if sign and sign != "+":
        value, base = value.copy_negate(), base.copy_negate()
    value = _checked(value, text[m.start() : scale_end])
    step = None if step is None else shift(step, power)
    return _Num(value, step, m.start(), max(scale_end, end), base, power)


# '1/2' to '9/10': a fraction, in a claim only (in prose '3/4' may be a date).
_SIMPLE_FRACTION_RE: Final = re.compile(r"/([2-9]|10)(?![0-9/])")
_DIGIT_GROUPS_RE: Final = re.compile(r"(?:[ \u00a0-][0-9]+)+")
_SMALL_NUMBER: Final = "|".join(["[0-9]+", *UNITS, *TEENS, *TENS])
_RATIO_OR_TIME_RE: Final = re.compile(rf"\s+(?:in|out\s+of|past)\s+(?:{_SMALL_NUMBER})\b")
_DOTTED_RE: Final = re.compile(r"(?:\.[0-9]+)+")
_GLUED_DIGITS_RE: Final = re.compile(r"[a-z]+[0-9][\w.]*")
_AFTER_WORDS_RE: Final = re.compile(
    r"[-\s]+(?:("
    + "|".join(ORDINALS)
    + r")|(?:"
    + "|".join([*UNITS, *TEENS, *TENS, "half", "quarter", "quarters"])
    + r"))\b"
)
_SIGN_WORD_RE: Final = re.compile(r"(?:minus|negative)\s+(?=[.0-9a-z])")
_AND_A_HALF_RE: Final = re.compile(r"\s+and\s+(a|one)\s+(half|quarter|third)\b")


def _and_a_half(s: str, pos: int) -> tuple[Fraction, int] | None:
    m = _AND_A_HALF_RE.match(s, pos)
    if m is None:
        return None
    return Fraction(1, {"half": 2, "quarter": 4, "third": 3}[m.group(2)]), m.end()


def _read_number(
    text: str, s: str, pos: int, *, article: bool, scan: bool, linked: bool = False
) -> _Num | None:
    """The number at pos (currency, digits, words, or 'a'/'an' when allowed), or None."""
    currency = None
    c = units.CURRENCY_RE.match(s, pos)
    if c is not None:
        code = c.group(1)
        if (
            not scan
            or code[0] in units.CURRENCY_SYMBOLS
            or "$" in code
            or text[c.start(1)].isupper()
        ):
            currency = code.rstrip(".")
            pos = c.end()
    negative = _SIGN_WORD_RE.match(s, pos) if currency is None else None
    if negative is not None:  # 'minus 20 degrees', 'negative five'
        num = _read_number(text, s, negative.end(), article=False, scan=scan, linked=True)
        if num is None or num.value <= 0 or num.currency is not None:
            return None
        num.value, num.base, num.start = -num.value, -num.base, pos
        return num
    m = (_NUMERAL_AFTER_LINK_RE if linked or currency else _NUMERAL_RE).match(s, pos)
    if m is not None and m.end() > m.start() + (1 if m.group("sign") else 0):
        num = _read_digits(text, s, m, scan=scan, currency=currency is not None)
    elif currency is None and (vulgar := units.VULGAR_RE.match(s, pos)) is not None:
        n, d = units.VULGAR_FRACTIONS[vulgar.group()]
        value = _decimal(Fraction(n, d))
        num = _Num(value, None, pos, vulgar.end(), value)
    else:
        words = read_words(s, pos, scan=scan)
        if words is not None:
            after = _AFTER_WORDS_RE.match(s, words.end)
            if after is not None:  # 'twenty-first', 'nineteen ninety': no figure
                what = "an ordinal" if after.group(1) else "two numbers, or a year"
                raise _Fail(f"{text[pos : after.end()]!r} is {what}, not a figure", after.end())
            time_end = units.time_of_day_end(s, pos, words.end)  # 'at five in the morning'
            if time_end is not None:
                raise _Fail(f"{text[pos:time_end]!r} is a time of day, not a figure", time_end)
            value = _checked(_decimal(words.value), text[pos : words.end])
            base = _decimal(words.base)
            step = None if words.step is None else _decimal(words.step)
            end = words.end if words.article_after < 0 else words.article_after
            num = _Num(value, step, pos, end, base, words.shift, plural=words.plural)
            num.fraction = words.step is not None
        elif not article or currency is not None:
            return None
        else:
            a = _ARTICLE_RE.match(s, pos)
            if a is None:
                return None
            following = a.group(2)
            # In prose 'a' is everywhere; only 'more than a year'-style durations count there.
            if following in _NOT_AFTER_ARTICLE or (scan and following not in _DURATION_WORDS):
                return None
            return _Num(ONE, None, pos, a.end(1), ONE, 0, article=True)
    if currency is not None:
        num.currency, num.start = currency, c.start() if c is not None else num.start
    ratio = _RATIO_OR_TIME_RE.match(s, num.end)
    if ratio is not None:  # '1 in 5', '1 out of 5', 'twenty past two': no figure on its own
        raise _Fail(f"{text[num.start : ratio.end()]!r} is a ratio or a time", ratio.end())
    return num
