"""What stands beside a figure: scale abbreviations, currencies, per cent, and the words that
make a number something other than a figure (a time of day, a length in metres, not millions).

'1.2m' and '1.2M' are 1.2 million, '3bn', '3 bn' and '10 bln' are billions, 'US$ 1MM' is a
million dollars, '5k' is 5,000; '2 pm' is a time, not a figure; '300m tall' is metres, which the
grammar refuses rather than read as 300 million.
"""

from __future__ import annotations

import re
from typing import Final

# Scale words after a figure: '1.5 million', '3 hundred', '2 dozen', '1.5 thousand million'.
SCALE_WORDS: Final = {
    "hundred": 2,
    "thousand": 3,
    "million": 6,
    "billion": 9,
    "trillion": 12,
    "lakh": 5,
    "lac": 5,
    "lkh": 5,
    "cr": 7,
    "krore": 7,
    "koti": 7,
    "crore": 7,
}
SCALE_WORD_RE: Final = re.compile(
    r"(?:\s+|-)(hundred|thousand|million|billion|trillion|lakh|lac|lkh|crore|cr|krore|koti|dozen)(s?)\b"
)

# Abbreviations glued to the figure ('5k', '1.2m', '3bn'), as powers of ten. 'b', 't' and 'mm'
# need a currency before the figure ('$3b'; 'MM' in capitals, as bankers write it).
ABBREVIATIONS: Final = {
    "k": 3,
    "m": 6,
    "mn": 6,
    "mln": 6,
    "mil": 6,
    "mill": 6,
    "mm": 6,
    "bn": 9,
    "bln": 9,
    "b": 9,
    "tn": 12,
    "trn": 12,
    "t": 12,
}
ABBREVIATION_RE: Final = re.compile(r"(k|mn|mln|mill|mil|mm|m|bn|bln|b|tn|trn|t)\.?(?![\w'\u2019])")
# The same with a space before it: only the ones that cannot be a unit ('3 m' is metres).
SPACED_ABBREVIATION_RE: Final = re.compile(r"\s+(bn|bln|mn|mln|mil|tn|trn|k)\b\.?(?![\w'])")
# Glued to a figure in capitals, these say giga or tera as often as grams or tonnes: refused.
AMBIGUOUS_CAPITALS: Final = frozenset({"G", "T", "B"})
NEEDS_CURRENCY: Final = frozenset({"b", "t"})
# After '300m' these words say metres, so 'm' is not million: the grammar refuses it.
METRES_RE: Final = re.compile(
    r"\s*(?:[/\u00b2\u00b3]|[23]\b|-?(?:tall|long|high|wide|deep|away|above|below|from|sprint"
    r"|race|hurdles|freestyle|relay|run|dash|metres?|meters?|walk|swim|breaststroke|backstroke"
    r"|butterfly|medley|dive|platform|wall|drop|fall|depth|altitude|elevation|radius|"
    r"length|height|distance)\b)"
)

# Currencies before the figure, kept as the unit: '$10', 'US$ 1MM', '€20', 'EUR 20'.
CURRENCY_RE: Final = re.compile(
    r"(us\$|au?\$|ca?\$|nz\$|hk\$|s\$|r\$|\$|\u20ac|\u00a3|\u00a5|\u20b9|\u20bd|\u20a9|\u20ba"
    r"|\u20a6|(?:usd|eur|gbp|jpy|cny|rmb|chf|cad|aud|inr|rub|brl|sek|nok|dkk|zar|rs)\.?"
    r"(?=\s?[-\u2212]?[.0-9]))\s?"
)
CURRENCY_SYMBOLS: Final = "$\u20ac\u00a3\u00a5\u20b9\u20bd\u20a9\u20ba\u20a6"

# Per cent is one unit however it is spelled; a percentage point is another.
PERCENT_RE: Final = re.compile(r"\s*(?:%|per\s*cent\b|percent\b|pct\b\.?|pc\b)")
POINTS_RE: Final = re.compile(r"\s*(?:percentage[\s-]+point(s?)\b|pp\b|ppts?\b|p\.p\.)")
PERCENT: Final = "%"

# A number followed by these is a time of day: '2 pm', '10:30 a.m.', '5 o'clock', 'five in
# the morning', '2300 GMT', '11 local time', 'ten minutes past two'.
_HOURS: Final = r"(?:1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_TIME_ZONES: Final = "gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|mst|mdt|pst|pdt"
TIME_RE: Final = re.compile(
    r"\s*(?:[ap]\.m\.|[ap]m\b|o['\u2019]?clock\b)"
    r"|\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|local\s+time"
    rf"|(?:{_TIME_ZONES})|minutes?\s+(?:past|to)\s+{_HOURS})\b"
)
# A part of a day after the number makes it an hour only after a word that sets a time: 'at
# five this morning' is a time, 'killed five this morning' a count.
_DAY_PART_AFTER_RE: Final = re.compile(
    r"\s+(?:this|that|the\s+next|the\s+following|tomorrow|yesterday|on\s+[a-z]+day)"
    r"\s+(?:morning|afternoon|evening|night)\b"
)
_CLOCK_WORD_BEFORE_RE: Final = re.compile(r"\b(?:at|by|until|till|from|since|before|after)\s+$")


def time_of_day_end(s: str, start: int, end: int) -> int | None:
    """Where the time of day ends when the number at s[start:end] (s lowercased) is its hour;
    None when the number is no hour."""
    after = s[end : end + 1]
    if not after or not (after.isspace() or after in "apo"):
        return None  # the common case, without a regex: a comma, a full stop, a letter of a unit
    time = TIME_RE.match(s, end)
    if time is None and _CLOCK_WORD_BEFORE_RE.search(s, max(0, start - 8), start) is not None:
        time = _DAY_PART_AFTER_RE.match(s, end)
    return None if time is None else time.end()


# Fractions written as one character, and the ones written with digits ('2 1/2').
VULGAR_FRACTIONS: Final = {
    "\u00bd": (1, 2),
    "\u00bc": (1, 4),
    "\u00be": (3, 4),
    "\u2153": (1, 3),
    "\u2154": (2, 3),
    "\u2155": (1, 5),
    "\u215b": (1, 8),
}
VULGAR_RE: Final = re.compile(f"[{''.join(VULGAR_FRACTIONS)}]")
DIGIT_FRACTION_RE: Final = re.compile(r"[ \u00a0]([1-9])/([1-9][0-9]?)(?![0-9/])")

# A number beside a month is a date: '20 December 2016', 'December 20, 2016'.
MONTHS: Final = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
MONTH_AFTER_RE: Final = re.compile(rf"\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:,?\s+[0-9]{{4}}\b)?")
MONTH_BEFORE_RE: Final = re.compile(rf"\b(?:{MONTHS})\.?\s+$")
YEAR_AFTER_RE: Final = re.compile(r"(?:st|nd|rd|th)?,?\s+[0-9]{4}\b")
