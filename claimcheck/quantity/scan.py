"""find_quantities: every figure in a sentence of prose, with its hedge and unit word.

The scanner runs the grammar's phrase reader in scan mode (the unit is one word) at each position
where a hedge, a currency, a digit or a number word starts. It agrees with parse_quantity: what
it returns for a span is what parse_quantity reads from that span, and where the reader refuses a
phrase the scanner skips the whole of it rather than read a shorter piece with another value.
Figures inside web addresses, the pronoun 'one' ('the one you mentioned') and the hours of
times of day ('at five in the morning', 'half past five') are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Final

from . import units
from .grammar import _read_phrase, parse_quantity
from .hedges import HEDGE_WORDS
from .model import Quantity, QuantityError
from .numerals import _Fail, lower_in_place
from .words import TEENS, TENS, UNITS

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


# A phrase is only read where a hedge, a currency, a sign, a digit or a word that can begin a
# number starts: the start of every hedge is the first word of one of its spellings.
_START_WORDS: Final = frozenset(
    {"a", "an", "zero", "half", *UNITS, *TEENS, *TENS, "between", "from", "equal"}
    | {"minus", "negative"}
    | {"usd", "eur", "gbp", "jpy", "cny", "rmb", "chf", "cad", "aud", "inr", "rub", "brl", "rs"}
    | {"sek", "nok", "dkk", "zar"}
    | {re.split(r"\W", spelling)[0] for spelling in HEDGE_WORDS}
)
_SYMBOLS: Final = (
    "~<>=\u2248\u2264\u2265" + units.CURRENCY_SYMBOLS + "".join(units.VULGAR_FRACTIONS)
)


@cache  # built on first use: the package is imported by everything and must import fast
def _viable_re() -> re.Pattern[str]:
    return re.compile(
        rf"[{re.escape(_SYMBOLS)}]|[-+\u2212.](?=[0-9])"
        rf"|(?<!\w)(?:[0-9]|[a-z]{{1,2}}\$|{_trie(_START_WORDS)}\b)"
    )


# Web addresses and e-mail addresses: their digits are no figures.
_ADDRESS_RE: Final = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|org|net|gov|edu|int|io)(?:/\S*)?"
)
_MAY_HOLD_ADDRESS_RE: Final = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|int|io)\b")
# 'one' as a pronoun: 'the one you mentioned', 'which one', 'no one', 'one another'.
_PRONOUN_BEFORE_RE: Final = re.compile(
    r"(?:\b(?:the|this|that|which|each|every|any|no|last|first|next|another|other|same"
    r"|right|wrong|little|big|new|old|good|bad|better|best|whichever|everyone|someone)\s+)$"
)
_PRONOUN_AFTER_RE: Final = re.compile(r"\s+another\b|['\u2019]s\b")
# A figure after 'than' whose hedge was not understood ('way more than 5') is not read bare.
_THAN_BEFORE_RE: Final = re.compile(r"\bthan\s+$")
# The hour of 'half past five', '(a) quarter to five': a time of day, not a figure.
_CLOCK_BEFORE_RE: Final = re.compile(r"\b(?:half|quarter)\s+(?:past|to)\s+$")


def _skip_pronoun(s: str, start: int) -> bool:
    if not s.startswith("one", start) or (start + 3 < len(s) and s[start + 3].isalpha()):
        return False
    before = s[max(0, start - 24) : start]
    return _PRONOUN_BEFORE_RE.search(before) is not None or (
        _PRONOUN_AFTER_RE.match(s, start + 3) is not None
    )


def _parses_as(span: str, quantity: Quantity) -> bool:
    """Whether parse_quantity reads span as quantity: the parser has the last word."""
    try:
        return parse_quantity(span) == quantity
    except QuantityError:
        return False


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number phrase in prose, with its hedge and unit word, as (start, end, quantity).

    Spans are code-point offsets into text, in order and not overlapping. The unit is the single
    following lowercase word unless it is a stop word ("and", "of", "the" ...). Never raises.

    >>> from claimcheck import find_quantities
    >>> text = "Nearly 19,000 people left in 2 days."
    >>> [(text[start:end], str(q)) for start, end, q in find_quantities(text)]
    [('Nearly 19,000 people', 'nearly 19,000 people'), ('2 days', '2 days')]
    """
    return list(iter_quantities(text))


def iter_quantities(text: str) -> Iterator[tuple[int, int, Quantity]]:
    """find_quantities one figure at a time, for a caller that may stop at the one it seeks
    (the rest of the text is then never read)."""
    if not isinstance(text, str):
        return
    s = lower_in_place(text)
    addresses = (
        [(m.start(), m.end()) for m in _ADDRESS_RE.finditer(s)]
        if _MAY_HOLD_ADDRESS_RE.search(s)
        else []
    )
    viable = _viable_re()
    may_tell_time = "half" in s or "quarter" in s  # spares most sentences the look behind
    pos = 0
    while (candidate := viable.search(s, pos)) is not None:
        start = candidate.start()
        inside = next((end for a, end in addresses if a <= start < end), None)
        if inside is not None:
            pos = inside
            continue
        if s[start].isdigit() and units.MONTH_BEFORE_RE.search(s, max(0, start - 12), start):
            year = units.YEAR_AFTER_RE.match(
                s, start + 2 if s[start + 1 : start + 2].isdigit() else start + 1
            )
            pos = year.end() if year is not None else start + 1  # 'December 20, 2016': a date
            continue
        if (
            _skip_pronoun(s, start)
            or (s[start].isdigit() and _THAN_BEFORE_RE.search(s, max(0, start - 12), start))
            or (may_tell_time and _CLOCK_BEFORE_RE.search(s, max(0, start - 16), start))
        ):
            pos = start + 1
            while pos < len(s) and (s[pos].isalnum() or s[pos] in ",."):
                pos += 1
            continue
        try:
            phrase = _read_phrase(text, s, start, scan=True)
        except _Fail as problem:
            pos = max(problem.end, start + 1)
            continue
        except (ValueError, ArithmeticError):
            pos = start + 1
            continue  # not a quantity here (QuantityError is a ValueError)
        if any(a < phrase.end and start < end for a, end in addresses) or not _parses_as(
            text[phrase.start : phrase.end], phrase.quantity
        ):
            pos = phrase.end  # never a reading the parser would not give the same words
            continue
        yield phrase.start, phrase.end, phrase.quantity
        pos = max(phrase.end, start + 1)
