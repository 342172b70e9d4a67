"""Which claims of the registry a sentence restates, found through indexes, never by comparing
with every claim.

Three indexes shortlist: by the words (an inverted index of each claim's content words, its
sentence and its anchor's exact words), by the figure (the claims' values, sorted, searched with
bisect around the sentence's interval) and by subject and measure. Only the shortlist is
compared: rapidfuzz for the words, the engine's intervals for the figures. A claim matches when
its anchor lies in the sentence, when the words are closely similar, or when the figures are
compatible (same unit, overlapping intervals) and the sentence shares a distinctive word with
it. The index is built from a quick reading of the record files (a few top-level keys); every
match is then read in full, validated, and weighed by ``claimcheck.evidence`` for its verdict.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ..documents import unaccented_casefold
from ..quantity import Interval, Quantity, QuantityError, parse_quantity

WORDS_SIMILAR = 0.82  # rapidfuzz ratio (0..1) at which the words alone make a match
WORDS_WITH_FIGURE = 0.4  # ... and with a compatible figure and a shared distinctive word
SHORTLIST = 60
_WORD = re.compile(r"[a-z][a-z'-]+")
_NAME_WORD = re.compile(r"(?<=[\w,;:] )[A-Z][a-z][a-z'-]+")
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "not",
        "no",
        "said",
        "says",
        "say",
        "told",
        "according",
        "since",
        "than",
        "more",
        "less",
        "about",
        "over",
        "under",
        "nearly",
        "almost",
        "some",
        "also",
        "after",
        "before",
        "last",
        "this",
        "next",
        "out",
        "up",
        "down",
        "into",
        "there",
        "which",
        "who",
        "what",
        "when",
        "where",
        "while",
        "all",
        "any",
        "each",
        "per",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "hundred",
        "thousand",
        "million",
        "billion",
        "people",
        "will",
        "would",
        "could",
        "may",
        "might",
    ]
)


def _unaccented_lower(text: str) -> str:
    # unaccented_casefold decomposes character by character: plain ASCII needs only lower-casing
    return text.lower() if text.isascii() else unaccented_casefold(text)


def _content(words: Iterable[str]) -> set[str]:
    return {word.rstrip("s") if len(word) > 4 else word for word in words if word not in STOP_WORDS}


def content_words(text: str) -> set[str]:
    """The words that tell one claim from another, without accents or case, stop words or
    numbers."""
    return _content(_WORD.findall(_unaccented_lower(text)))


def names_in(sentence: str) -> set[str]:
    """The content words a sentence capitalises inside it: names of places, people, bodies."""
    return _content(w.lower() for w in _NAME_WORD.findall(sentence))


@lru_cache(maxsize=4096)
def comparable(text: str) -> str:
    """The words of a text, without accents or case, joined by single spaces: for rapidfuzz."""
    return " ".join(_WORD.findall(_unaccented_lower(text)))


@dataclass(frozen=True)
class Entry:
    """What the index knows of one claim (from the quick reading)."""

    id: str
    path: str
    text: str  # the claim's sentence and its anchor's exact words, comparable
    exact: str
    document: str | None
    start: int | None
    end: int | None
    subject: str | None
    measure: str | None
    quantity: Quantity | None


@dataclass(frozen=True)
class Hit:
    """A claim that a sentence restates, and why."""

    id: str
    path: str
    similarity: float
    reasons: tuple[str, ...]


def _unit(quantity: Quantity | None) -> str | None:
    if quantity is None or quantity.unit is None:
        return None
    unit = quantity.unit
    return {"per cent": "%", "percent": "%"}.get(unit, unit.rstrip("s"))


def compatible(a: Quantity | None, b: Quantity | None, tolerance: float) -> bool:
    """Same unit (or neither has one) and overlapping intervals."""
    if a is None or b is None:
        return False
    if _unit(a) != _unit(b):  # a bare number is not a count of people
        return False
    return a.interval(tolerance).overlaps(b.interval(tolerance))


def _search_range(interval: Interval, value: float, tolerance: float) -> tuple[float, float]:
    """The values of claims whose intervals may overlap this one: a claim's interval reaches
    at most its tolerance (or half a step) beyond its value; an open end looks half as far."""
    low, high = interval.low, interval.high
    if low == float("-inf"):
        low = value * 0.5
    if high == float("inf"):
        high = value * 1.5
    reach = 1 + max(tolerance, 0.1)
    return min(low / reach, value * 0.8), max(high * reach, value * 1.2)


class ClaimIndex:
    """The registry's claims, indexed by words, by figure, and by subject and measure."""

    def __init__(self, entries: Iterable[Entry], tolerance: float) -> None:
        self.tolerance = tolerance
        self.entries: dict[str, Entry] = {}
        self.by_word: dict[str, list[str]] = {}
        self.by_pair: dict[tuple[str, str], list[str]] = {}
        self.by_document: dict[str, list[str]] = {}
        figures: list[tuple[float, str]] = []
        for entry in entries:
            self.entries[entry.id] = entry
            for word in _content(entry.text.split()):
                self.by_word.setdefault(word, []).append(entry.id)
            if entry.document is not None:
                self.by_document.setdefault(entry.document, []).append(entry.id)
            if entry.subject and entry.measure:
                self.by_pair.setdefault((entry.subject, entry.measure), []).append(entry.id)
            if entry.quantity is not None:
                value = entry.quantity.value
                if value is None:
                    value = entry.quantity.lower
                if value is not None:
                    figures.append((float(value), entry.id))
        figures.sort()
        self._values = [value for value, _ in figures]
        self._value_ids = [claim_id for _, claim_id in figures]
        # a word in more than this many claims tells little: it does not shortlist alone
        self._common = max(50, len(self.entries) // 20)
        self._last_shared: tuple[str, Counter[str]] | None = None

    def _by_figure(self, quantity: Quantity, among: set[str] | Counter[str]) -> set[str]:
        """The claims ``among`` these whose figure is compatible, found by bisecting the
        sorted values around the interval (only those in range are looked at)."""
        value = quantity.value if quantity.value is not None else quantity.lower
        if value is None or not among:
            return set()
        low, high = _search_range(quantity.interval(self.tolerance), float(value), self.tolerance)
        first = bisect.bisect_left(self._values, low)
        last = bisect.bisect_right(self._values, high)
        return {
            claim_id
            for claim_id in self._value_ids[first:last]
            if claim_id in among
            and compatible(quantity, self.entries[claim_id].quantity, self.tolerance)
        }

    def _by_words(self, words: set[str]) -> Counter[str]:
        shared: Counter[str] = Counter()
        for word in words:
            ids = self.by_word.get(word)
            if ids is not None and len(ids) <= self._common:
                shared.update(ids)
        return shared

    def anchored_in(self, document: str, start: int, end: int) -> list[str]:
        """The claims anchored within a span of a document."""
        found = []
        for claim_id in self.by_document.get(document, []):
            entry = self.entries[claim_id]
            if entry.start is not None and start <= entry.start < end:
                found.append(claim_id)
        return found

    def similar(self, sentence: str, limit: int = 5) -> list[tuple[str, float]]:
        """The claims whose words are nearest a sentence's (for suggesting subject and measure)."""
        shared = self._shared(sentence)
        text = comparable(sentence)
        scored = [
            (claim_id, fuzz.token_set_ratio(text, self.entries[claim_id].text) / 100)
            for claim_id, _ in shared.most_common(SHORTLIST)
        ]
        return sorted(scored, key=lambda item: -item[1])[:limit]

    def shortlist(
        self, sentence: str, quantity: Quantity | None, pair: tuple[str, str] | None = None
    ) -> tuple[set[str], Counter[str], set[str], set[str]]:
        """The claims worth comparing with a sentence (at most SHORTLIST by the words, and
        those with a compatible figure that share a word or the subject and measure), with the
        shared-word counts, the figure matches and the subject-and-measure matches."""
        shared = self._shared(sentence)
        by_pair = set(self.by_pair.get(pair, [])) if pair is not None else set()
        among = set(shared) | by_pair
        by_figure = self._by_figure(quantity, among) if quantity is not None else set()
        shortlist = {claim_id for claim_id, _ in shared.most_common(SHORTLIST)} | by_figure
        return shortlist, shared, by_figure, by_pair

    def _shared(self, sentence: str) -> Counter[str]:
        # the facts of one sentence ask in turn: the last answer is kept
        if self._last_shared is None or self._last_shared[0] != sentence:
            self._last_shared = (sentence, self._by_words(content_words(sentence)))
        return self._last_shared[1]

    def find(
        self,
        sentence: str,
        quantity: Quantity | None,
        *,
        document: str | None = None,
        span: tuple[int, int] | None = None,  # the fact: anchored when the anchor holds it
        pair: tuple[str, str] | None = None,
        sentence_span: tuple[int, int] | None = None,
    ) -> list[Hit]:
        """The claims the sentence restates, best first."""
        shortlist, shared, by_figure, by_pair = self.shortlist(sentence, quantity, pair)
        text = comparable(sentence)
        names = names_in(sentence)
        hits: list[Hit] = []
        for claim_id in shortlist:
            entry = self.entries[claim_id]
            reasons: list[str] = []
            anchored = (
                document is not None
                and span is not None
                and entry.document == document
                and entry.start is not None
                and entry.end is not None
                and entry.start <= span[0]
                and span[1] <= entry.end
            )
            if (
                not anchored
                and sentence_span is not None
                and entry.document == document
                and entry.start is not None
                and entry.end is not None
                and sentence_span[0] <= entry.start < sentence_span[1]
            ):
                continue  # anchored in this sentence, on another of its facts
            words_score = (
                max(
                    fuzz.token_set_ratio(text, entry.text),
                    fuzz.partial_ratio(comparable(entry.exact), text) if entry.exact else 0,
                )
                / 100
            )
            if anchored:
                reasons.append("anchored in this sentence")
            if words_score >= WORDS_SIMILAR:
                reasons.append(f"similar words ({words_score:.2f})")
            figure = claim_id in by_figure
            # a compatible figure and a shared name, or two shared words: "37,000 ... Aleppo"
            named = bool(names & content_words(entry.text))
            if figure and words_score >= WORDS_WITH_FIGURE and (named or shared[claim_id] >= 2):
                reasons.append(f"compatible figure ({entry.quantity}) and shared words")
            if claim_id in by_pair and figure:
                reasons.append("same subject and measure, compatible figure")
            if not reasons:
                continue
            similarity = 1.0 if anchored else words_score
            hits.append(Hit(claim_id, entry.path, round(similarity, 3), tuple(reasons)))
        return sorted(hits, key=lambda hit: (-hit.similarity, hit.id))


# --- the quick reading ----------------------------------------------------------------------

_KEY = re.compile(r"^(?P<key>[a-z_]+):[ \t]*(?P<value>.*)$", re.MULTILINE)
_ANCHOR_KEY = re.compile(r"^  (?P<key>document|exact|start|end):[ \t]*(?P<value>.*)$", re.M)


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1]
    return raw


def quick_entry(path: str, text: str) -> Entry | None:
    """The index's view of a record file, from its top-level keys: a shortlist only (every
    match is read in full afterwards), so a record it cannot read this way is just not found."""
    # the keys read here come before the long lists (sources, history): stop there
    for long_list in ("\nsources:", "\nhistory:"):
        cut = text.find(long_list)
        if cut != -1:
            text = text[:cut]
    keys = {m.group("key"): _scalar(m.group("value")) for m in _KEY.finditer(text)}
    anchor = {m.group("key"): _scalar(m.group("value")) for m in _ANCHOR_KEY.finditer(text)}
    claim_id, claim = keys.get("id"), keys.get("claim")
    if not claim_id or not claim:
        return None
    quantity: Quantity | None = None
    if keys.get("quantity"):
        try:
            quantity = parse_quantity(keys["quantity"])
        except QuantityError:
            quantity = None
    exact = anchor.get("exact", "")

    def number(key: str) -> int | None:
        value = anchor.get(key, "")
        return int(value) if value.isdigit() else None

    return Entry(
        claim_id,
        path,
        comparable(f"{claim} {exact}"),
        exact,
        anchor.get("document"),
        number("start"),
        number("end"),
        keys.get("subject") or None,
        keys.get("measure") or None,
        quantity,
    )
