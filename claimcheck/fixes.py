"""Safe fixes, applied by ``claimcheck check --fix``: re-anchoring a quote that moved, and
writing records in canonical form. Nothing a person decided (a figure, a status, a source) is
ever changed by a fix."""

from __future__ import annotations

import datetime as dt

from .changes import format_records, utc_now
from .documents import make_anchor, resolve_anchor
from .engine import CheckResult
from .errors import ClaimcheckError
from .model import Claim, HistoryEntry
from .store import Store

REANCHOR_CODES = frozenset({"A104"})


def _reanchored(store: Store, claim: Claim, by: str, now: dt.datetime) -> Claim:
    if claim.anchor is None:  # nothing to re-anchor in a claim without a document
        return claim
    document = store.document(claim.anchor.document)
    match = resolve_anchor(document.text, claim.anchor)
    if match.span is None:  # the quote went missing meanwhile: nothing safe to do
        raise ClaimcheckError("the quote is no longer found; re-anchor it by hand")
    anchor = make_anchor(document, match.span).model_copy(
        update={"document": claim.anchor.document}
    )
    if anchor == claim.anchor:
        return claim
    entry = HistoryEntry(
        at=now,
        status=claim.status,
        by=by,
        note=f"Re-anchored the quote in {claim.anchor.document} (check --fix).",
    )
    return claim.model_copy(update={"anchor": anchor, "history": [*claim.history, entry]})


def apply_fixes(
    store: Store, result: CheckResult, by: str, only: set[str] | None = None
) -> tuple[int, list[ClaimcheckError]]:
    """Apply every safe fix the check found; return how many findings were fixed and what
    could not be done."""
    fixed = 0
    problems: list[ClaimcheckError] = []
    now = utc_now()
    to_reanchor = sorted(
        {f.claim for f in result.findings if f.fix and f.code in REANCHOR_CODES and f.claim}
    )
    for claim_id in to_reanchor:
        try:
            store.update(claim_id, lambda claim: _reanchored(store, claim, by, now))
        except ClaimcheckError as err:
            problems.append(err)
            continue
        fixed += sum(1 for f in result.findings if f.claim == claim_id and f.code in REANCHOR_CODES)
    # Files that do not load are findings already; format the others.
    formatted = format_records(store, check=False, only=result.record_paths(only))
    problems.extend(formatted.problems)
    return fixed, problems
