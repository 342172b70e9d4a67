"""Safe fixes, applied by ``claimcheck check --fix``: re-anchoring a quote that moved, and
writing records in canonical form. Nothing a person decided (a figure, a status, a source) is
ever changed by a fix.

A rule that finds something safe to repair says which fix does it (``Fix.action``, carried by
the finding as ``fix_action``); ``FIXES`` maps each action to the function that applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from .changes import format_records, utc_now
from .documents import make_anchor, resolve_anchor
from .engine import CheckResult
from .errors import ClaimcheckError
from .model import Claim, HistoryEntry
from .store import Store

__all__ = ["FIXES", "apply_fixes"]


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


# action -> the change it makes to a claim (the store, the claim, who, when)
FIXES: dict[str, Callable[[Store, Claim, str, dt.datetime], Claim]] = {
    "reanchor": _reanchored,
}


def apply_fixes(
    store: Store, result: CheckResult, by: str, only: Collection[str] | None = None
) -> tuple[int, list[ClaimcheckError]]:
    """Apply every safe fix the check found; return how many findings were fixed and what
    could not be done. Records are formatted within ``only`` (else the check's scope)."""
    fixed = 0
    problems: list[ClaimcheckError] = []
    now = utc_now()
    wanted: dict[str, dict[str, int]] = {}  # claim -> action -> findings it fixes
    for finding in result.findings:
        if finding.fix and finding.fix_action in FIXES and finding.claim:
            actions = wanted.setdefault(finding.claim, {})
            actions[finding.fix_action] = actions.get(finding.fix_action, 0) + 1
    for claim_id in sorted(wanted):
        actions = wanted[claim_id]

        def change(claim: Claim, actions: dict[str, int] = actions) -> Claim:
            for action in sorted(actions):
                claim = FIXES[action](store, claim, by, now)
            return claim

        try:
            store.update(claim_id, change)
        except ClaimcheckError as err:
            problems.append(err)
            continue
        fixed += sum(actions.values())
    # Files that do not load are findings already; format the others.
    within = only if only is not None else result.scope
    formatted = format_records(store, check=False, only=result.record_paths(within))
    problems.extend(formatted.problems)
    return fixed, problems
