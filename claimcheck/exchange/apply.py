"""Turning what a file holds into changes to the registry, and making them.

The whole file is read and checked first; then, under the store's lock, every record is loaded,
every change is worked out and every new record validated, and only then is anything written
(each file atomically). So a bad file, a record that would lose its comments or a registry with
a broken record changes nothing. Each changed record gets one history entry saying what the
import did.

How an item lands:

- a review becomes a source on the claim it matches (``matching``), or on a new ``unverified``
  claim without a document when none matches; the very same review twice is added once, and a
  review whose rating changed since is reported, not added again;
- a claimcheck record (claimcheck's own export) restores its claim with its status, or, when
  the claim is there already, leaves it as it is (a different status is reported).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..changes import slugify, utc_now
from ..documents import find_quote, make_anchor
from ..errors import ClaimcheckError
from ..model import Anchor, Claim, Source
from ..names import normal
from ..store import CLAIMS_DIR, Store, record_text, refuse_if_comments
from ..validation import build
from ..vocab import ImportFormat, Status
from .detect import read_input
from .incoming import Incoming, ReadResult
from .matching import AmbiguousMatch, ClaimIndex


@dataclass
class Change:
    """One record to write."""

    claim: Claim
    created: bool
    added: list[Source] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{CLAIMS_DIR}/{self.claim.id}.yaml"

    def describe(self, dry_run: bool) -> str:
        sources = f"{len(self.added)} source{'s' if len(self.added) != 1 else ''}"
        if self.created:
            verb = "would create" if dry_run else "created"
            return f"{verb} {self.path} ({self.claim.status.value}, {sources}): {self.claim.claim}"
        verb = "would add" if dry_run else "added"
        return f"{verb} {sources} to {self.path}"


@dataclass
class ImportPlan:
    format: str
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for change in self.changes if change.created)

    @property
    def sources_added(self) -> int:
        return sum(len(change.added) for change in self.changes)


def import_file(
    store: Store,
    path: Path,
    given: ImportFormat | None,
    by: str,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> ImportPlan:
    """Import a file into the registry (or, with ``dry_run``, only say what would change)."""
    read = read_input(path, given, store.config.ratings)
    with store.lock():
        registry = store.load()
        if registry.problems:
            first = registry.problems[0]
            raise ClaimcheckError(
                f"{first}; the registry has records that do not load, and an import could "
                "duplicate them: fix them first ('claimcheck check' lists them)"
            )
        planner = _Planner(store, read, path, by, now or utc_now())
        plan = planner.run([record.claim for record in registry.records.values()])
        for change in plan.changes:
            if not change.created:
                refuse_if_comments(registry.records[change.claim.id])
        if not dry_run:
            for change in plan.changes:
                store.write_record(
                    change.path, record_text(change.claim), replace=not change.created
                )
    return plan


class _Planner:
    def __init__(
        self, store: Store, read: ReadResult, path: Path, by: str, now: dt.datetime
    ) -> None:
        self.store, self.read, self.by, self.now = store, read, by, now
        self.path, self.file_name = str(path), path.name
        self.plan = ImportPlan(read.format, warnings=list(read.warnings))
        self.new: dict[str, Claim] = {}
        self.added: dict[str, list[Source]] = {}
        self.index = ClaimIndex([])
        self._missing_documents: set[str] = set()

    def run(self, claims: list[Claim]) -> ImportPlan:
        self.index = ClaimIndex(claims)
        for item in self.read.items:
            try:
                target = self.index.find(item.claim, item.quantity, item.claim_id)
            except AmbiguousMatch as err:
                self.plan.warnings.append(f"{item.where}: {err.message}")
                continue
            if item.status is not None:
                self._record(item, target)
            else:
                self._review(item, target)
        for claim_id, claim in self.new.items():
            self.plan.changes.append(
                Change(self._validated(claim), True, self.added.get(claim_id, []))
            )
        for claim_id, sources in self.added.items():
            if claim_id not in self.new:
                claim = self._with_entry(self.index.claims[claim_id], sources)
                self.plan.changes.append(Change(self._validated(claim), False, sources))
        return self.plan

    # --- claimcheck records -------------------------------------------------------------------

    def _record(self, item: Incoming, target: str | None) -> None:
        assert item.status is not None
        if target is not None:
            current = self.index.claims[target]
            if current.status != item.status:
                self.plan.warnings.append(
                    f"{item.where}: claim '{target}' is {current.status.value} here and "
                    f"{item.status.value} in the file; left as it is (set it with "
                    "'claimcheck status')"
                )
            else:
                self.plan.unchanged += 1
            return
        wanted = item.claim_id
        claim_id = wanted if wanted and self._free(wanted) else self._new_id(item.claim)
        note = f"Imported from {self.file_name} ({self.read.format})"
        if item.status_label:
            note += f", rated {item.status_label!r}"
        fields = {key: value for key, value in item.fields.items() if value not in (None, [])}
        fields.setdefault("as_of", item.claim_date)
        self._create(item, claim_id, item.status, note + ".", fields)

    # --- reviews ------------------------------------------------------------------------------

    def _review(self, item: Incoming, target: str | None) -> None:
        if target is None:
            claim_id = self._new_id(item.claim)
            note = f"Imported from {self.file_name} ({self.read.format})"
            if item.source is not None:
                note += f": reviewed by {item.source.publisher}"
                if item.source.quote:
                    note += f" ({item.source.quote!r})"
            self._create(item, claim_id, Status.UNVERIFIED, note + ".", {"as_of": item.claim_date})
            target = claim_id
        elif item.source is None:
            self.plan.unchanged += 1
            return
        if item.source is None:
            return
        claim = self.index.claims[target]
        if any(source == item.source for source in claim.sources):
            self.plan.unchanged += 1
            return
        changed = self._changed_review(claim, item.source)
        if changed is not None:
            self.plan.warnings.append(
                f"{item.where}: claim '{target}' already has the review at {item.source.url} "
                f"from {item.source.publisher}, rated {changed.quote!r}; the file rates it "
                f"{item.source.quote!r}: left as it is (edit the source by hand)"
            )
            return
        self.index.replace(claim.model_copy(update={"sources": [*claim.sources, item.source]}))
        self.added.setdefault(target, []).append(item.source)
        if target in self.new:
            self.new[target] = self.index.claims[target]

    @staticmethod
    def _changed_review(claim: Claim, review: Source) -> Source | None:
        """An earlier copy of the same review (same publisher, same address) rated otherwise."""
        if review.url is None or review.quantity is not None:
            return None
        for source in claim.sources:
            if source.url == review.url and normal(source.publisher) == normal(review.publisher):
                return source
        return None

    # --- new claims ---------------------------------------------------------------------------

    def _create(
        self, item: Incoming, claim_id: str, status: Status, note: str, fields: dict[str, Any]
    ) -> None:
        data: dict[str, Any] = {
            "id": claim_id,
            "claim": item.claim,
            "claimant": item.claimant,
            "quantity": item.quantity,
            **{key: value for key, value in fields.items() if value is not None},
            "anchor": self._anchor(item),
            "status": status,
            "history": [{"at": self.now, "status": status, "by": self.by, "note": note}],
        }
        claim = self._build({key: value for key, value in data.items() if value is not None}, item)
        self.new[claim_id] = claim
        self.index.add(claim)

    def _anchor(self, item: Incoming) -> Anchor | None:
        """The claim's anchor again, when its document is in this registry and the quoted words
        stand in it once."""
        if item.document is None or item.quote is None:
            return None
        try:
            document = self.store.document(item.document)
        except ClaimcheckError:
            document = None
        spans = find_quote(document.text, item.quote) if document is not None else []
        if document is not None and len(spans) == 1:
            return make_anchor(document, spans[0])
        if item.document not in self._missing_documents:
            self._missing_documents.add(item.document)
            self.plan.warnings.append(
                f"{item.where}: the words quoted from {item.document} are not found once in this "
                "registry's copy of it (or it has none); its claims are imported without a "
                "document"
            )
        return None

    def _free(self, claim_id: str) -> bool:
        return claim_id not in self.index.claims and not self.store.exists(claim_id)

    def _new_id(self, text: str) -> str:
        base = slugify(text)
        candidate, number = base, 1
        while not self._free(candidate):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    # --- history and validation ---------------------------------------------------------------

    def _with_entry(self, claim: Claim, sources: list[Source]) -> Claim:
        reviews = ", ".join(
            source.publisher + (f" ({source.quote!r})" if source.quote else "")
            for source in sources
        )
        note = f"Imported from {self.file_name} ({self.read.format}): added {reviews}."
        entry = {"at": self.now, "status": claim.status, "by": self.by, "note": note}
        data = claim.to_data()
        data["history"] = [*data.get("history", []), entry]
        return build(Claim, data)

    def _build(self, data: dict[str, Any], item: Incoming) -> Claim:
        try:
            return build(Claim, data)
        except ClaimcheckError as err:
            raise ClaimcheckError(f"at {item.where}: {err.message}", self.path) from None

    @staticmethod
    def _validated(claim: Claim) -> Claim:
        # what is written is what a load gives back (no invalid record is ever written)
        return build(Claim, claim.to_data())
