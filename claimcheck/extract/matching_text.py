"""``claimcheck match``: the claims of the registry that a text restates, sentence by sentence,
with the same matching as ``extract``."""

from __future__ import annotations

from .candidates import facts_of
from .matching import ClaimIndex, Hit
from .registry import Match, Verdicts
from .sentences import split_sentences


def match_text(
    text: str, index: ClaimIndex, verdicts: Verdicts, document: str | None = None
) -> list[Match]:
    """Each claim the text restates, once, at its best similarity, best first."""
    best: dict[str, Hit] = {}
    for sentence in split_sentences(text):
        figures = [fact for fact in facts_of(text, sentence) if fact.quantity is not None]
        spans = [(fact.start, fact.end) for fact in figures] or [(sentence.start, sentence.end)]
        quantities = [fact.quantity for fact in figures] or [None]
        for span, quantity in zip(spans, quantities, strict=True):
            for hit in index.find(sentence.text, quantity, document=document, span=span):
                if hit.id not in best or hit.similarity > best[hit.id].similarity:
                    best[hit.id] = hit
        if document is not None:
            for claim_id in index.anchored_in(document, sentence.start, sentence.end):
                entry = index.entries[claim_id]
                best[claim_id] = Hit(claim_id, entry.path, 1.0, ("anchored in this sentence",))
    hits = sorted(best.values(), key=lambda hit: (-hit.similarity, hit.id))
    return verdicts.matches(hits)
