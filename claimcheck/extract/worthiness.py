"""How much a sentence is worth checking: a score from 0 to 1 with the reasons for it.

A fact-checker checks statements of fact that matter: a statistic, a comparison, a trend, a
record, a cost. Opinions, predictions, questions and a bare number without anything counted are
not checkable, and a number that is only a date, an age, a time, an address or a score seldom
needs checking. Each of these is a named reason with a weight; the score is the logistic of the
weights' sum, so a person sees why a sentence ranks where it does. The weights were set by hand
on the reasons' meaning, then measured on the labelled sentences in tests/extract/ (ROC AUC,
see benchmarks/bench_extract.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .candidates import Fact, FactKind

_BASE = -1.0


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


_COMPARISON = _words(
    r"more\s+than", r"less\s+than", r"fewer\s+than", r"higher\s+than", r"lower\s+than",
    "highest", "lowest", "largest", "biggest", "smallest", "worst", "deadliest", "record",
    r"all-time", "compared", r"twice\s+as", "double", r"times\s+(?:more|as)", "outnumber\\w*",
    r"the\s+most", r"the\s+least", "ever", r"first\s+time", "since", "than",
)  # fmt: skip
_TREND = _words(
    "doubled", "tripled", "trebled", "quadrupled", "halved", "soared", "surged", "plunged",
    "plummeted", "slumped", "tumbled", "rose", "risen", "rising", "fell", "fallen", "falling",
    "dropped", "declined", "increased", "decreased", "grew", "grown", "shrank", "jumped",
    "climbed", "up", "down", "increase", "decrease", "rise", "fall", "drop", "decline", "growth",
    "cut", "cuts", "slashed", "spiked", "jumped",
)  # fmt: skip
_STATISTIC_WORDS = _words(
    "percent", r"per\s+cent", "rate", "average", "median", "total", "toll", "budget", "deficit",
    "debt", "unemployment", "inflation", "gdp", "turnout", "majority", "share", "cost", "costs",
    "killed", "dead", "deaths", "died", "injured", "wounded", "displaced", "evacuated",
    "infected", "cases", "vaccinated", "votes", "voters", "population", "billion", "million",
    "spent", "spending", "funding", "tax", "taxes", "wages", "salary", "prices", "revenue",
    "profit", "poverty", "homeless", "refugees", "migrants", "arrested", "crime", "emissions",
    "most", "every", "none", "all", "majority", "minority", "half", "third", "quarter", "dozens",
    "hundreds", "thousands", "millions", "only", "nearly", "almost", "about", "estimated",
)  # fmt: skip
_OPINION = _words(
    "think", "believe", "feel", "hope", "should", "must", "ought",
    "wonderful", "terrible", "great", "awful", "disgrace\\w*", "shameful", "best", "beautiful",
    "unacceptable", "outrageous", "need", "needs", "deserve\\w*", "love", "hate", "proud",
    "welcome\\w*", "regret\\w*", "condemn\\w*", "urge\\w*", "call(?:ed)?\\s+(?:on|for)",
    "believes", "insisted", "vowed", "promised", "pledged", "praised", "criticised",
    "criticized", "accused", "slammed", "thanked", "congratulated", "sorry", "happy", "sad",
)  # fmt: skip
_PREDICTION = _words(
    "will", "would", "could", "may", "might", "expected", "expects", "forecast\\w*",
    "predict\\w*", "plans?", "planned", "aims?", r"going\s+to", "likely", "unlikely", "intends?",
    "next", "future", "soon", "hopes?", "goal", "target", "projected", "scheduled",
)  # fmt: skip
_ROUTINE = _words(
    "aged", r"\d+-year-old", r"years?\s+old", "street", "road", "avenue", "room", "page",
    "chapter", "minute", "kick-off", "score[ds]?", "goals?", "match", "game", "beat", "won",
    "season", r"[ap]\.?m\.?", "gmt", "o'clock", "published", "updated", "flight", "route",
    "number", "no\\.", "tel", "phone", "channel", "episode", "album", "chart",
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = _words(
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "hundred", "thousand", "million", "billion", "half", "third", "quarter", "twice",
)  # fmt: skip


@dataclass(frozen=True)
class Reason:
    """One named reason and its weight (positive: worth checking)."""

    name: str
    weight: float
    detail: str


@dataclass(frozen=True)
class Worthiness:
    score: float
    reasons: tuple[Reason, ...]


def _found(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match is not None else None


def score_sentence(sentence: str, facts: list[Fact] | None = None) -> Worthiness:
    """The check-worthiness of a sentence, and of the facts found in it."""
    facts = facts or []
    reasons: list[Reason] = []

    def add(name: str, weight: float, detail: str) -> None:
        reasons.append(Reason(name, weight, detail))

    figures = [fact for fact in facts if fact.kind is FactKind.FIGURE and fact.quantity is not None]
    counted = [fact for fact in figures if fact.quantity is not None and fact.quantity.unit]
    statistic = _found(_STATISTIC_WORDS, sentence)
    if counted:
        add("statistic", 1.6, f"a figure that counts something: {counted[0].text!r}")
    elif figures and statistic:
        add("statistic", 1.2, f"a figure with {statistic!r}")
    elif figures:
        add("bare-figure", -0.3, f"a figure without anything counted: {figures[0].text!r}")
    elif statistic and _found(_NUMBER_WORD, sentence):
        add("statistic", 0.9, f"an amount in words: {statistic!r}")
    elif _DIGIT.search(sentence):
        add("digits-only", -0.2, "its digits are not an amount (a date, a year, a time...)")
    if any(fact.quantity is not None and fact.quantity.unit in ("%", "percent", "per cent")
           for fact in figures):  # fmt: skip
        add("percentage", 0.6, "a percentage")
    if any(fact.quantity is not None and fact.quantity.unit in ("$", "\u00a3", "\u20ac")
           for fact in figures):  # fmt: skip
        add("money", 0.5, "a sum of money")
    comparison = _found(_COMPARISON, sentence)
    if comparison:
        add("comparison", 0.9, f"a comparison: {comparison!r}")
    trend = _found(_TREND, sentence)
    if trend:
        add("trend", 0.9, f"a trend: {trend!r}")
    if statistic and not figures and not _found(_NUMBER_WORD, sentence):
        add("statistic-word", 0.5, f"names a statistic: {statistic!r}")
    opinion = _found(_OPINION, sentence)
    if opinion:
        add("opinion", -1.1, f"an opinion or a stance: {opinion!r}")
    prediction = _found(_PREDICTION, sentence)
    if prediction:
        add("prediction", -0.8, f"about the future: {prediction!r}")
    if sentence.rstrip().rstrip("\"'\u201d\u2019").endswith("?"):
        add("question", -1.8, "a question")
    routine = _found(_ROUTINE, sentence)
    if routine and not trend and not comparison:
        add("routine-number", -0.9, f"a number of routine kind: {routine!r}")
    if len(sentence.split()) < 6:
        add("short", -0.6, "too short to state a fact in context")
    total = _BASE + sum(reason.weight for reason in reasons)
    return Worthiness(round(1 / (1 + math.exp(-total)), 3), tuple(reasons))
