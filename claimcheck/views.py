"""What ``list`` and ``show`` present, assembled from the store (no printing here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .documents import paragraph_around, resolve_anchor
from .errors import ClaimcheckError
from .evidence import Evidence, assess
from .model import DocumentInfo
from .offsets import line_of
from .quantity import Interval
from .store import LoadedRecord, Store
from .vocab import Status


def select_records(
    records: Iterable[LoadedRecord],
    status: Status | None = None,
    tag: str | None = None,
    subject: str | None = None,
    claimant: str | None = None,
) -> list[LoadedRecord]:
    """Records matching every filter given; the claimant matches case-insensitively, in part."""
    wanted_claimant = claimant.casefold() if claimant else None
    chosen = []
    for record in records:
        claim = record.claim
        if status is not None and claim.status != status:
            continue
        if tag is not None and tag not in claim.tags:
            continue
        if subject is not None and claim.subject != subject:
            continue
        if wanted_claimant is not None and wanted_claimant not in (claim.claimant or "").casefold():
            continue
        chosen.append(record)
    return chosen


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
