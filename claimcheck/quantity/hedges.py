"""The hedges: every wording that qualifies a figure, and the qualifier it becomes.

How "about" is read: it is one row of HEDGES below, ``(r"about\b", ABOUT)``; Quantity.interval
says what ABOUT means (docs/intervals.md). A hedge stands before the figure ("more than 400,000")
or, for the SUFFIXES, after it ("400,000 or more", "400,000+"). TWO_SIDED are the hedges that can
open the first end of "more than 10 and less than 40".
"""

from __future__ import annotations

import re
from typing import Final, Literal

from .model import Qualifier


def _words(text: str) -> tuple[str, ...]:
    """A list of words written as one string, for readability."""
    return tuple(text.split())


Kind = Qualifier | Literal["between", "from"]

EXACT: Final = Qualifier.EXACT
ABOUT: Final = Qualifier.ABOUT
MORE_THAN: Final = Qualifier.MORE_THAN
AT_LEAST: Final = Qualifier.AT_LEAST
NEARLY: Final = Qualifier.NEARLY
JUST_OVER: Final = Qualifier.JUST_OVER
FEWER_THAN: Final = Qualifier.FEWER_THAN
UP_TO: Final = Qualifier.UP_TO

_S = r"\s+"  # the gap between the words of a hedge
_OR_EQUAL = rf"(?:{_S}than)?{_S}or{_S}equal(?:{_S}(?:to|than))?"

# (regex, kind) tried in this order where a phrase starts: where two start alike, the longer first.
HEDGES: Final[tuple[tuple[str, Kind], ...]] = (
    (rf"a{_S}total{_S}of\b", EXACT),
    (rf"a{_S}figure{_S}of\b", EXACT),
    (r"exactly\b", EXACT),
    (r"precisely\b", EXACT),
    (rf"equal{_S}to{_S}or{_S}(?:less|fewer|lower|smaller){_S}than\b", UP_TO),
    (rf"equal{_S}to{_S}or{_S}(?:more|greater|higher|larger){_S}than\b", AT_LEAST),
    (rf"(?:equal{_S}to|equals|equalling{_S}to|equaling{_S}to)\b", EXACT),
    (r"=", EXACT),
    (r"about\b", ABOUT),
    (r"around\b", ABOUT),
    (r"some\b", ABOUT),
    (r"roughly\b", ABOUT),
    (r"approximately\b", ABOUT),
    (r"approx(?:\.|\b)", ABOUT),
    (rf"an{_S}estimated\b", ABOUT),
    (r"estimated\b", ABOUT),
    (r"circa\b", ABOUT),
    (r"ca\.", ABOUT),
    (rf"in{_S}the{_S}region{_S}of\b", ABOUT),
    (rf"more{_S}or{_S}less\b", ABOUT),
    (r"~|\u2248", ABOUT),
    (rf"(?:more|greater|larger|bigger|higher){_OR_EQUAL}\b", AT_LEAST),
    (rf"(?:just|slightly|a{_S}little|a{_S}bit){_S}more{_S}than\b", JUST_OVER),
    (rf"(?:well{_S})?more{_S}than\b", MORE_THAN),
    (rf"(?:greater|larger|bigger|higher){_S}than\b", MORE_THAN),
    (rf"(?:just|slightly|a{_S}little|a{_S}bit){_S}(?:over|above)\b", JUST_OVER),
    (rf"well{_S}(?:over|above)\b", MORE_THAN),
    (r"over\b", MORE_THAN),
    (r"above\b", MORE_THAN),
    (rf"(?:well{_S})?in{_S}excess{_S}of\b", MORE_THAN),
    (rf"upwards?{_S}of\b", MORE_THAN),
    (r"exceeding\b", MORE_THAN),
    (r"surpassing\b", MORE_THAN),
    (r">(?!\s?=)", MORE_THAN),
    (rf"at{_S}least{_S}or{_S}equal{_S}to\b", AT_LEAST),
    (rf"at{_S}least\b", AT_LEAST),
    (rf"not?{_S}(?:fewer|less){_S}than\b", AT_LEAST),
    (rf"a{_S}minimum{_S}of\b", AT_LEAST),
    (r">\s?=|\u2265", AT_LEAST),
    (r"nearly\b", NEARLY),
    (r"almost\b", NEARLY),
    (rf"close{_S}to\b", NEARLY),
    (rf"just{_S}(?:under|below|shy{_S}of)\b", NEARLY),
    (rf"not{_S}quite\b", NEARLY),
    (rf"(?:fewer|less|lower|smaller){_OR_EQUAL}\b", UP_TO),
    (rf"(?:fewer|less|lower|smaller){_S}than\b", FEWER_THAN),
    (rf"(?:well{_S})?(?:under|below)\b", FEWER_THAN),
    (r"<(?!\s?=)", FEWER_THAN),
    (rf"up{_S}to\b", UP_TO),
    (rf"at{_S}(?:the{_S})?most\b", UP_TO),
    (rf"not?{_S}(?:more|greater|higher){_S}than\b", UP_TO),
    (rf"not{_S}exceeding\b", UP_TO),
    (rf"a{_S}maximum{_S}of\b", UP_TO),
    (rf"as{_S}(?:many|much){_S}as\b", UP_TO),
    (r"<\s?=|\u2264", UP_TO),
    (r"between\b", "between"),
    (r"from\b", "from"),
)
# One alternation, one capturing group per hedge: m.lastindex says which hedge matched.
HEDGE_RE: Final = re.compile("|".join(f"({pattern})" for pattern, _ in HEDGES))

# After the figure (and after its unit, in a claim): '400,000+', '750 or more', '10 or so'.
_SUFFIXES: Final[tuple[tuple[str, Qualifier], ...]] = (
    (r"\+|-plus\b", AT_LEAST),
    (rf"{_S}or{_S}(?:more|above|over|greater|higher|larger)\b", AT_LEAST),
    (rf"{_S}and{_S}(?:more|above|over|up|upwards)\b", AT_LEAST),
    (rf"{_S}at{_S}least\b", AT_LEAST),
    (rf"{_S}or{_S}(?:fewer|less|under|below|lower|smaller)\b", UP_TO),
    (rf"{_S}at{_S}(?:the{_S})?most\b", UP_TO),
    (rf"{_S}or{_S}so\b", ABOUT),
)
SUFFIX_RE: Final = re.compile("|".join(f"({pattern})" for pattern, _ in _SUFFIXES))
SUFFIX_QUALIFIERS: Final = tuple(qualifier for _, qualifier in _SUFFIXES)

# Words that hedge or join figures: a unit holding one of them would drop its meaning
# ('10 people or more' is not 10 'people or more'), so such a unit is refused, not kept.
HEDGE_LIKE_WORDS: Final = frozenset(
    _words(
        "than more less fewer least most over under above below about around approximately "
        "roughly nearly almost greater higher lower larger smaller bigger exceeding maximum "
        "minimum max min plus minus or nor to through between and so odd ish"
    )
)

# Every wording above spelled out once with single spaces (a test reads each one back; the
# docs list them). The scanner only tries positions where one of these, or a number, starts.
HEDGE_WORDS: Final = tuple(
    phrase.strip()
    for phrase in [
        "a total of",
        " a figure of",
        " exactly",
        " precisely",
        " equal to",
        " equals",
        " equalling to",
        " equal to or less than",
        " equal to or more than",
        " at least or equal to",
        " about",
        " around",
        " some",
        " roughly",
        " approximately",
        " approx",
        " approx.",
        " an estimated",
        " estimated",
        " circa",
        " ca.",
        " in the region of",
        " more or less",
        " more than or equal to",
        " greater than or equal to",
        " more than",
        " just more than",
        " well more than",
        " slightly more than",
        " a little more than",
        " a bit more than",
        " greater than",
        " larger than",
        " bigger than",
        " higher than",
        " just over",
        " well over",
        " slightly over",
        " a little over",
        " a bit over",
        " just above",
        " well above",
        " over",
        " above",
        " in excess of",
        " well in excess of",
        " upwards of",
        " upward of",
        " exceeding",
        " surpassing",
        " at least",
        " no fewer than",
        " not fewer than",
        " no less than",
        " not less than",
        " a minimum of",
        " nearly",
        " almost",
        " close to",
        " just under",
        " just below",
        " just shy of",
        " not quite",
        " less than or equal to",
        " fewer than or equal to",
        " fewer than",
        " less than",
        " lower than",
        " smaller than",
        " under",
        " below",
        " well under",
        " well below",
        " up to",
        " at most",
        " at the most",
        " no more than",
        " not more than",
        " no greater than",
        " no higher than",
        " not exceeding",
        " a maximum of",
        " as many as",
        " as much as",
    ]
)
HEDGE_SYMBOLS: Final = ("=", "~", "\u2248", ">", ">=", "> =", "\u2265", "<", "<=", "< =", "\u2264")
# Every hedge starts with one of these characters: elsewhere HEDGE_RE is not even tried.
HEDGE_STARTS: Final = frozenset(w[0] for w in (*HEDGE_WORDS, *HEDGE_SYMBOLS, "between", "from"))
# 'less than 5000 or equal', 'more than 5000 or equal to (it)': the strict hedge made inclusive.
OR_EQUAL_RE: Final = re.compile(rf"{_S}or{_S}equal(?:{_S}to)?(?:{_S}it)?\b")
INCLUSIVE: Final = {MORE_THAN: AT_LEAST, FEWER_THAN: UP_TO}
