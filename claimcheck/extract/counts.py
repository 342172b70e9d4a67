"""What a figure counts: the noun phrase it governs, and a suggested subject and measure.

"37,500 people since late last week" counts "people"; "40 children trapped in an orphanage"
counts "children trapped in an orphanage". The phrase starts at the figure's unit word (or the
words after a figure without one) and goes on over a participle and its complement, stopping at
punctuation, a conjunction, an auxiliary or a word of time. The suggested ``measure`` joins the
counted noun to the verb that counts it ("people-evacuated"); the ``subject`` is made of the
sentence's names and nouns ("aleppo-evacuation"). A claim of the registry with similar words
and the same unit gives its own subject and measure instead (see ``matching``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..changes import slugify
from .candidates import Fact

_WORD = re.compile(r"[\w'\u2019%$\u00a3\u20ac-]+|[^\w\s]")
_STOP = frozenset(
    [
        "and",
        "or",
        "but",
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "did",
        "do",
        "does",
        "since",
        "by",
        "on",
        "in",
        "at",
        "from",
        "to",
        "for",
        "with",
        "after",
        "before",
        "during",
        "until",
        "as",
        "than",
        "that",
        "which",
        "who",
        "while",
        "when",
        "where",
        "whereas",
        "because",
        "so",
        "the",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "said",
        "says",
        "according",
        "last",
        "this",
        "next",
        "ago",
        "yesterday",
        "today",
    ]
)
_PARTICIPLE_EXTRA = frozenset(
    ["left", "held", "killed", "hurt", "dead", "missing", "trapped", "displaced", "homeless"]
)
_LINKS = frozenset(["in", "of", "at", "from", "on", "to", "for"])
_VERB_NEAR = re.compile(
    r"(?<!\w)(?P<verb>[a-z]+(?:ed|en)|killed|died|fled|left|lost|won|spent|cost|paid|hit|"
    r"brought\s+out|bused\s+out|bussed\s+out)(?!\w)"
)
_MEASURE_OF_VERB = {
    "bused out": "evacuated",
    "bussed out": "evacuated",
    "brought out": "evacuated",
    "fled": "displaced",
    "died": "killed",
}


@dataclass(frozen=True)
class Counts:
    """The counted phrase and a suggested subject and measure, with the reason."""

    phrase: str | None
    subject: str | None
    measure: str | None
    reason: str


def counted_phrase(text: str, fact: Fact, sentence_end: int) -> str | None:
    """The noun phrase a figure governs, or None when it counts nothing named."""
    quantity = fact.quantity
    if quantity is None:
        return None
    words = [m for m in _WORD.finditer(text, fact.end, sentence_end)]
    phrase: list[str] = []
    if quantity.unit is not None:
        phrase.append(quantity.unit)
    elif words and words[0].group()[0].isalpha() and words[0].group().lower() not in _STOP:
        # no unit word: the adjectives and noun after the figure ("Syrian refugees")
        while words and words[0].group()[0].isalpha() and words[0].group().lower() not in _STOP:
            phrase.append(words.pop(0).group())
            if len(phrase) == 3:
                break
    if not phrase:
        return None
    # a participle and its complement: "trapped in an orphanage"
    if words:
        first = words[0].group().lower()
        if first.endswith("ed") or first.endswith("ing") or first in _PARTICIPLE_EXTRA:
            tail = [words.pop(0).group()]
            while words and len(tail) < 5:
                word = words[0].group()
                lower = word.lower()
                if not word[0].isalnum() or (lower in _STOP and lower not in _LINKS):
                    break
                tail.append(words.pop(0).group())
            phrase.extend(tail)
    return " ".join(phrase)


def suggest(text: str, fact: Fact, sentence: str, phrase: str | None) -> Counts:
    """A subject and measure from the sentence's own words."""
    quantity = fact.quantity
    if quantity is None or phrase is None:
        return Counts(phrase, None, None, "no counted noun")
    noun = quantity.unit or phrase.split()[-1]
    verb_match = None
    tail = phrase.split()[1:] if quantity.unit else []
    for candidate in (" ".join(tail[:1]), sentence):
        verb_match = _VERB_NEAR.search(candidate.lower())
        if verb_match is not None:
            break
    verb = verb_match.group("verb") if verb_match is not None else None
    if verb is not None:
        verb = _MEASURE_OF_VERB.get(re.sub(r"\s+", " ", verb), verb)
    measure = slugify(f"{noun} {verb}" if verb else noun, max_words=3)
    names = re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*", sentence)
    subject_words = [*names[:2], *([verb] if verb else [])]
    subject = slugify(" ".join(subject_words), max_words=4) if subject_words else None
    return Counts(phrase, subject, measure, "from the sentence's words")
