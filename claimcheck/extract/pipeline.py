"""An article's candidates, from its sentences to their matches in the registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..quantity import Interval
from .candidates import Fact, facts_of
from .claimants import Claimants
from .counts import Counts, counted_phrase, suggest
from .dating import Dater, Dating
from .matching import ClaimIndex, Hit
from .registry import Match, Verdicts
from .sentences import Sentence, split_sentences
from .worthiness import Worthiness, score_sentence

_SUGGEST_FROM_CLAIM = 0.6  # rapidfuzz ratio at which a similar claim lends its subject/measure


@dataclass(frozen=True)
class Candidate:
    """A statement worth a look: one fact of one sentence, with all that was found of it."""

    sentence: Sentence
    fact: Fact
    interval: Interval | None
    counts: Counts
    claimant: str | None
    dating: Dating
    worthiness: Worthiness
    matches: tuple[Match, ...]

    @property
    def score(self) -> float:
        return self.worthiness.score

    @property
    def refuted_match(self) -> Match | None:
        return next((match for match in self.matches if match.refuted), None)


def _counts(text: str, fact: Fact, sentence: Sentence, index: ClaimIndex | None) -> Counts:
    phrase = counted_phrase(text, fact, sentence.end)
    own = suggest(text, fact, sentence.text, phrase)
    if index is None or fact.quantity is None:
        return own
    unit = fact.quantity.unit
    for claim_id, similarity in index.similar(sentence.text):
        entry = index.entries[claim_id]
        same_unit = entry.quantity is not None and entry.quantity.unit == unit
        if similarity >= _SUGGEST_FROM_CLAIM and same_unit and entry.subject and entry.measure:
            reason = f"as claim {claim_id!r}, with similar words ({similarity:.2f})"
            return Counts(phrase, entry.subject, entry.measure, reason)
    return own


def extract(
    text: str,
    published: dt.date | None,
    *,
    index: ClaimIndex | None = None,
    verdicts: Verdicts | None = None,
    document: str | None = None,
    tolerance: float = 0.1,
) -> list[Candidate]:
    """Every candidate of a text, in the order of the text."""
    sentences = split_sentences(text)
    claimants = Claimants(text, sentences)
    dater = Dater(published, sentences)
    candidates: list[Candidate] = []
    for number, sentence in enumerate(sentences):
        facts = facts_of(text, sentence)
        if not facts:
            continue
        worthiness = score_sentence(sentence.text, facts)
        first = len(candidates)
        for fact in facts:
            offset = fact.start - sentence.start
            attribution = claimants.of(number, offset)
            claimant = attribution.claimant if attribution is not None else None
            spoken = attribution is not None and attribution.spoken
            quantity = fact.quantity
            matches: tuple[Match, ...] = ()
            counts = _counts(text, fact, sentence, index)
            if index is not None and verdicts is not None:
                pair = (
                    (counts.subject, counts.measure) if counts.subject and counts.measure else None
                )
                hits = index.find(
                    sentence.text,
                    quantity,
                    document=document,
                    span=(fact.start, fact.end),
                    sentence_span=(sentence.start, sentence.end),
                    pair=pair,
                )
                matches = tuple(verdicts.matches(hits))
            candidates.append(
                Candidate(
                    sentence,
                    fact,
                    quantity.interval(tolerance) if quantity is not None else None,
                    counts,
                    claimant,
                    dater.date(sentence, offset, spoken),
                    worthiness,
                    matches,
                )
            )
        if index is not None and verdicts is not None and document is not None:
            _attach_anchored(candidates, first, index, verdicts, document, sentence)
    return candidates


def _attach_anchored(
    candidates: list[Candidate],
    first: int,
    index: ClaimIndex,
    verdicts: Verdicts,
    document: str,
    sentence: Sentence,
) -> None:
    """A claim anchored in the sentence that none of its facts matched (a claim about what
    was done, not about a figure) is a match of the sentence's first candidate."""
    if first >= len(candidates):
        return
    matched = {match.id for candidate in candidates[first:] for match in candidate.matches}
    left = [
        Hit(claim_id, index.entries[claim_id].path, 1.0, ("anchored in this sentence",))
        for claim_id in index.anchored_in(document, sentence.start, sentence.end)
        if claim_id not in matched
    ]
    if left:
        head = candidates[first]
        extra = tuple(verdicts.matches(left))
        candidates[first] = replace(head, matches=head.matches + extra)


def by_score(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.fact.start))
