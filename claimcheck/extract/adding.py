"""Recording candidates as claims (``extract --add``), through ``claimcheck.changes``.

Each candidate at or above the minimum score becomes an ``unverified`` claim anchored to its
sentence, with its quantity, claimant, subject, measure and ``as_of``; its first history note
says it was extracted. A candidate whose figure an existing claim's anchor already holds is
skipped, and nothing is ever overwritten (``Store.create`` refuses an existing id).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..changes import NewClaim, add_claim
from ..errors import ClaimcheckError
from ..store import LoadedRecord, Store
from .matching import ClaimIndex
from .pipeline import Candidate


@dataclass(frozen=True)
class Skipped:
    candidate: Candidate
    reason: str


def already_anchored(index: ClaimIndex, document: str, candidate: Candidate) -> str | None:
    """The id of a claim whose anchor holds the candidate's fact, if there is one."""
    for claim_id in index.anchored_in(document, candidate.sentence.start, candidate.sentence.end):
        entry = index.entries[claim_id]
        start, end = entry.start, entry.end
        if start is not None and end is not None and start <= candidate.fact.start <= end:
            return claim_id
    return None


def new_claim(document: str, candidate: Candidate) -> NewClaim:
    quantity = candidate.fact.quantity
    return NewClaim(
        claim=candidate.sentence.text,
        document=document,
        quote=candidate.sentence.text,
        quantity=quantity.to_text() if quantity is not None else None,
        subject=candidate.counts.subject,
        measure=candidate.counts.measure,
        as_of=candidate.dating.as_of,
        claimant=candidate.claimant,
        note=(
            f"Extracted from {document} by 'claimcheck extract' (score {candidate.score:.2f}; "
            f"as_of: {candidate.dating.reason})."
        ),
    )


def add_candidates(
    store: Store, index: ClaimIndex, document: str, candidates: list[Candidate], by: str
) -> tuple[list[LoadedRecord], list[Skipped]]:
    added: list[LoadedRecord] = []
    skipped: list[Skipped] = []
    for candidate in candidates:
        existing = already_anchored(index, document, candidate)
        if existing is not None:
            skipped.append(Skipped(candidate, f"already anchored by claim {existing!r}"))
            continue
        try:
            added.append(add_claim(store, new_claim(document, candidate), by))
        except ClaimcheckError as err:
            skipped.append(Skipped(candidate, err.message))
    return added, skipped
