"""find_quantities: every figure in a sentence of prose, with its hedge and unit word.

The scanner runs the grammar's phrase reader in scan mode (the unit is one word) at each position
where a hedge, a digit or a number word starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Final

from .grammar import _HEDGE_WORDS, _TEENS, _TENS, _UNITS, _Fail, _fold, _read_phrase
from .model import Quantity

# A phrase can start at a hedge symbol or at the start of a word or number. (find_quantities
# tries only the _viable_re() positions below; the tests hold it to trying all of these.)
_CANDIDATE_RE: Final = re.compile(r"[~<>\u2248\u2264\u2265]|(?<!\w)\w")


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


# ... but a phrase is only read where a hedge, a digit or a word that can begin a number ('a' as
# in 'a hundred') starts: the start of every hedge is the first word of one of its spellings.
_START_WORDS: Final = frozenset(
    {"a", "an", "zero", *_UNITS, *_TEENS, *_TENS, "between", "from"}
    | {re.split(r"\W", spelling)[0] for spelling in _HEDGE_WORDS}
)


@cache  # built on first use, like _fast_grammar()
def _viable_re() -> re.Pattern[str]:
    return re.compile(rf"[~<>\u2248\u2264\u2265]|(?<!\w)(?:[0-9]|{_trie(_START_WORDS)}\b)")


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every number phrase in prose, with its hedge and unit word, as (start, end, quantity).

    Spans are code-point offsets into text, in order and not overlapping. The unit is the single
    following lowercase word unless it is a stop word ("and", "of", "the" ...). Never raises.
    """
    if not isinstance(text, str):
        return []
    s = _fold(text)
    found: list[tuple[int, int, Quantity]] = []
    viable = _viable_re()
    pos = 0
    while (candidate := viable.search(s, pos)) is not None:
        start = candidate.start()
        try:
            phrase = _read_phrase(text, s, start, scan=True)
        except (_Fail, ValueError, ArithmeticError):
            pos = start + 1
            continue  # not a quantity here (QuantityError is a ValueError)
        found.append((phrase.start, phrase.end, phrase.quantity))
        pos = max(phrase.end, start + 1)
    return found
