"""The registry as extraction sees it: an index of its claims, and their verdicts.

The index comes from a quick reading of the record files (``matching.quick_entry``); a claim
that matches is then loaded in full through the store, validated, and weighed by
``claimcheck.evidence.assess``, so what is shown of it is what ``claimcheck check`` knows.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from ..errors import ClaimcheckError
from ..evidence import assess
from ..model import Claim
from ..store import Store
from ..vocab import Status
from .matching import ClaimIndex, Entry, Hit, quick_entry

_HEAD_BYTES = 16 * 1024  # the keys the index reads come first in a canonical record


@dataclass(frozen=True)
class Match:
    """A claim of the registry that a candidate restates, with its status and verdict."""

    id: str
    claim: str
    status: str
    verdict: str
    similarity: float
    reasons: tuple[str, ...]

    @property
    def refuted(self) -> bool:
        return self.status == Status.REFUTED.value or self.verdict == "refuted"


def _head(store: Store, relpath: str) -> str:
    """The start of a record file, read only inside the registry and only from a regular file
    (``safefs``): the keys the index needs come first in a record."""
    fd = store.files.open(relpath)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ClaimcheckError("not a regular file", relpath)
        return os.read(fd, _HEAD_BYTES).decode("utf-8", errors="replace")
    finally:
        os.close(fd)


def build_index(store: Store) -> ClaimIndex:
    entries: list[Entry] = []
    for path in store.record_files():
        relpath = store.relative(path)
        try:
            text = _head(store, relpath)
        except (ClaimcheckError, OSError):
            continue  # the check reports it; the index just does not know the claim
        entry = quick_entry(relpath, text)
        if entry is not None:
            entries.append(entry)
    return ClaimIndex(entries, store.config.tolerance)


class Verdicts:
    """Matches read in full and weighed, each claim once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._claims: dict[str, Claim | None] = {}
        self._verdicts: dict[str, str] = {}

    def claim(self, claim_id: str) -> Claim | None:
        if claim_id not in self._claims:
            try:
                self._claims[claim_id] = self.store.get(claim_id).claim
            except ClaimcheckError:
                self._claims[claim_id] = None  # broken: 'claimcheck check' says why
        return self._claims[claim_id]

    def verdict(self, claim: Claim) -> str:
        if claim.id not in self._verdicts:
            info = None
            if claim.anchor is not None:
                try:
                    info = self.store.document_info(claim.anchor.document)
                except ClaimcheckError:
                    info = None
            evidence = assess(claim, self.store.config.tolerance, info)
            self._verdicts[claim.id] = evidence.verdict.value
        return self._verdicts[claim.id]

    def matches(self, hits: list[Hit]) -> list[Match]:
        found: list[Match] = []
        for hit in hits:
            claim = self.claim(hit.id)
            if claim is None:
                continue
            found.append(
                Match(
                    claim.id,
                    claim.claim,
                    claim.status.value,
                    self.verdict(claim),
                    hit.similarity,
                    hit.reasons,
                )
            )
        return found
