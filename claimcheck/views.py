"""What ``list`` and ``show`` present, assembled from the store (no printing here).

``list`` reads the registry one record at a time (``ListedRecords``) rather than through
``Store.load``: it shows five fields of each record, so it keeps none of them once shown, and
its memory does not grow with the registry beyond a few names a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .documents import paragraph_around, resolve_anchor
from .errors import ClaimcheckError, InvalidRecordError
from .evidence import Evidence, assess
from .gcpause import unfrozen
from .model import DocumentInfo
from .offsets import line_of
from .quantity import Interval
from .store import LoadedRecord, Store, duplicate_id_problems
from .vocab import Status


@dataclass(frozen=True)
class RecordFilter:
    """The records ``list`` shows: those matching every filter given; the claimant matches
    case-insensitively, in part."""

    status: Status | None = None
    tag: str | None = None
    subject: str | None = None
    claimant: str | None = None

    def __call__(self, record: LoadedRecord) -> bool:
        claim = record.claim
        if self.status is not None and claim.status != self.status:
            return False
        if self.tag is not None and self.tag not in claim.tags:
            return False
        if self.subject is not None and claim.subject != self.subject:
            return False
        return not self.claimant or self.claimant.casefold() in (claim.claimant or "").casefold()


def select_records(
    records: Iterable[LoadedRecord],
    status: Status | None = None,
    tag: str | None = None,
    subject: str | None = None,
    claimant: str | None = None,
) -> list[LoadedRecord]:
    """Records matching every filter given (see ``RecordFilter``)."""
    wanted = RecordFilter(status, tag, subject, claimant)
    return [record for record in records if wanted(record)]


@dataclass
class ListedRecords:
    """The records that ``Store.load`` would give and ``wanted`` keeps, in the same order (by
    id), read one at a time; and, once they have all been read, the same problems as
    ``Store.load``'s, in the same order.

    A record is loaded, handed over and dropped: only the file listing, the documents cited
    and the problems are kept. The two files of a duplicated id (``x.yaml`` and ``x.yml``)
    are found from the listing, before loading, and loaded together: neither is handed over.
    """

    store: Store
    wanted: RecordFilter = field(default_factory=RecordFilter)
    loaded: int = 0  # records that loaded and are not duplicates, shown or not
    problems: list[ClaimcheckError] = field(default_factory=list)

    def __iter__(self) -> Iterator[LoadedRecord]:
        with unfrozen():  # no record lives to the end: none is frozen (see gcpause)
            yield from self._read()

    def _read(self) -> Iterator[LoadedRecord]:
        store = self.store
        self.loaded, self.problems = 0, []  # each reading counts afresh
        store.config  # noqa: B018 - broken settings are an error before anything is shown
        by_id: dict[str, list[str]] = {}  # relative paths as text: a tenth of pathlib's memory
        for relpath in store.record_relpaths():
            # a record loads only from the file its id names, so the name says the id
            by_id.setdefault(relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0], []).append(relpath)
        broken: list[ClaimcheckError] = []
        duplicates: list[ClaimcheckError] = []
        documents: set[str] = set()
        for claim_id in sorted(by_id):  # Store.load's order: by id
            records: list[LoadedRecord] = []
            for relpath in by_id.pop(claim_id):
                try:
                    record = store.load_record(relpath)
                except InvalidRecordError as err:
                    broken.extend(err.problems)
                    continue
                records.append(record)
                if record.claim.anchor is not None:
                    documents.add(record.claim.anchor.document)
            if len(records) > 1:
                duplicates.extend(
                    duplicate_id_problems(claim_id, [(r.path, r.locate("id")) for r in records])
                )
            elif records:
                self.loaded += 1
                if self.wanted(records[0]):
                    yield records[0]
        # Store.load's order: what did not load, the sidecars, the duplicates; then by place
        problems = [*broken, *store.sidecar_problems(documents), *duplicates]
        problems.sort(key=lambda p: (p.path or "", p.line or 0, p.column or 0))
        self.problems = problems


@dataclass
class QuoteInContext:
    """The claim's quote inside its paragraph, or why it cannot be shown."""

    document: str
    before: str = ""
    quote: str = ""
    after: str = ""
    line: int | None = None
    problem: str | None = None


@dataclass
class ClaimView:
    record: LoadedRecord
    tolerance: float
    document_info: DocumentInfo | None
    context: QuoteInContext
    evidence: Evidence

    @property
    def interval(self) -> Interval | None:
        return self.evidence.interval


def quote_in_context(store: Store, record: LoadedRecord) -> QuoteInContext:
    anchor = record.claim.anchor
    if anchor is None:
        return QuoteInContext("", problem="the claim has no document (it was imported)")
    found = QuoteInContext(anchor.document)
    try:
        document = store.document(anchor.document)
    except ClaimcheckError as err:
        found.problem = err.message
        return found
    match = resolve_anchor(document.text, anchor)
    if match.span is None:
        found.problem = (
            "the quote stands more than once in the document and its context does not settle which"
            if match.state == "ambiguous"
            else "the quote is no longer in the document"
        )
        return found
    text = document.text
    around = paragraph_around(text, match.span)
    found.before = text[around.start : match.span.start]
    found.quote = text[match.span.start : match.span.end]
    found.after = text[match.span.end : around.end]
    found.line = line_of(text, match.span.start)
    if match.state == "moved":
        found.problem = (
            "the quote has moved in the document; 'claimcheck check --fix' re-anchors it"
        )
    return found


def claim_view(store: Store, record: LoadedRecord) -> ClaimView:
    tolerance = store.config.tolerance
    try:
        anchor = record.claim.anchor
        info = store.document_info(anchor.document) if anchor is not None else None
    except ClaimcheckError:
        info = None
    return ClaimView(
        record=record,
        tolerance=tolerance,
        document_info=info,
        context=quote_in_context(store, record),
        evidence=assess(record.claim, tolerance, info),
    )


def record_json(record: LoadedRecord) -> dict[str, Any]:
    """A record as JSON data: the canonical fields, dates as ISO text, and its file."""
    data = record.claim.model_dump(mode="json", exclude_none=True)
    data["quantity"] = record.claim.quantity.to_data() if record.claim.quantity else None
    data["path"] = record.path
    return data


def view_json(view: ClaimView) -> dict[str, Any]:
    data = record_json(view.record)
    data["interval"] = str(view.interval) if view.interval is not None else None
    data["verdict"] = view.evidence.verdict.value
    data["reason"] = view.evidence.reason
    for source, assessment in zip(data["sources"], view.evidence.sources, strict=True):
        interval = assessment.interval
        source["interval"] = str(interval) if interval is not None else None
        source["derived_stance"] = assessment.stance.value
        source["counted"] = assessment.counted
        source["reason"] = assessment.reason
    context = view.context
    data["context"] = {
        "document": context.document,
        "line": context.line,
        "before": context.before,
        "quote": context.quote,
        "after": context.after,
        "problem": context.problem,
    }
    return data
