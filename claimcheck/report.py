"""The consistency report: what a person reads to see whether a registry adds up.

Built from a check's result (findings, and each claim's verdict with every source weighed)
and the records, read again one at a time: a summary, a row per claim with its status and
verdict, and, for each subject and measure, every figure (the claims and their sources) in
time order with its interval and what it does to the claim. The rows and how each is made
live in ``report_rows``; the summary of a large registry in ``report_summary``.
Rendering lives in ``render.report`` (Rich, Markdown) and ``render.report_lines`` (plain
lines, streamed, for large registries).

A registry of more than ``SUMMARY_ABOVE`` claims is summarised by default: ``needing_attention``
keeps the claims whose status and verdict disagree or that have errors (the first
``SHOWN_AT_MOST`` of them), and the comparisons of their groups. ``select`` keeps what
``--subject`` and ``--claim`` name.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from .engine import CheckResult, Finding
from .errors import ClaimcheckError
from .gcpause import gc_paused
from .quantity import Interval
from .report_rows import (
    AnchorRow,
    ClaimRow,
    Compared,
    Comparison,
    DocumentRow,
    FigureRow,
    Report,
    RowReader,
    Tally,
    compared,
    comparison_of,
    document_rows,
    subset,
)
from .report_summary import SHOWN_AT_MOST, SUMMARY_ABOVE, build_summary, needing_attention
from .store import Store

__all__ = [
    "SHOWN_AT_MOST",
    "SUMMARY_ABOVE",
    "AnchorRow",
    "ClaimRow",
    "Comparison",
    "DocumentRow",
    "FigureRow",
    "Report",
    "build_report",
    "claim_data",
    "comparison_data",
    "needing_attention",
    "report_data",
    "select",
    "summarise",
]


def build_report(
    result: CheckResult, store: Store | None = None, *, attention_only: bool = False
) -> Report:
    """The report of a check: each claim's record, read again one at a time (from ``store``,
    else the registry checked), beside its verdict and findings in the result.

    With ``attention_only``, the report ``needing_attention`` would make of it, made without
    holding a row for every claim (``report_summary.build_summary``).
    """
    # a row per claim and per figure: many objects at once, all kept (see gcpause)
    with gc_paused():
        if attention_only:
            return build_summary(result, store or result.store)
        return _build_report(result, store or result.store)


def _build_report(result: CheckResult, store: Store) -> Report:
    rows = RowReader(result, store)
    tally = Tally()
    claims: list[ClaimRow] = []
    groups: dict[tuple[str, str], list[Compared]] = defaultdict(list)  # members in id order
    documents: set[str] = set()
    for claim_id, digest in result.digests.items():
        claim, row = rows.read(claim_id, digest)
        tally.add(claim_id, row.status, row.verdict)
        claims.append(row)
        if digest["document"] is not None:
            documents.add(digest["document"])
        if row.quantity is not None:
            groups[(row.subject, row.measure)].append(compared(claim, row))
    comparisons = [
        comparison_of(subject, measure, members)
        for (subject, measure), members in sorted(groups.items())
    ]
    findings = list(result.findings)
    summary = tally.summary(findings, result.not_loaded)
    return Report(claims, comparisons, findings, summary, document_rows(store, documents))


def summarise(
    claims: Iterable[ClaimRow], findings: Iterable[Finding], not_loaded: Iterable[str] = ()
) -> dict[str, Any]:
    """The counts the report opens with."""
    tally = Tally()
    for row in claims:
        tally.add(row.id, row.status, row.verdict)
    return tally.summary(findings, not_loaded)


def select(report: Report, subjects: Collection[str], claim_ids: Collection[str]) -> Report:
    """What ``--subject`` and ``--claim`` name (either matches); an unknown one is an error.
    The summary counts the selection, ``selected_from`` the whole registry."""
    known_subjects = {row.subject for row in report.claims}
    known_ids = {row.id for row in report.claims}
    for wanted, known, what in (
        (subjects, known_subjects, "no claim has the subject"),
        (claim_ids, known_ids, "no claim has the id"),
    ):
        for name in wanted:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ClaimcheckError(f"{what} {name!r}{hint}")
    wanted_subjects = set(subjects)
    kept = {row.id for row in report.claims if row.subject in wanted_subjects} | set(claim_ids)
    shown = subset(report, kept, unowned=False)
    shown.summary = summarise(shown.claims, shown.findings)
    shown.summary["selected_from"] = report.summary.get("claims", len(report.claims))
    return shown


def _interval_text(interval: Interval | None) -> str | None:
    return str(interval) if interval is not None else None


def claim_data(row: ClaimRow) -> dict[str, Any]:
    """One claim of the report as JSON data."""
    return {
        "id": row.id,
        "claim": row.claim,
        "quantity": row.quantity,
        "interval": _interval_text(row.interval),
        "status": row.status.value,
        "verdict": row.verdict.value,
        "reason": row.reason,
        "sources_agreeing": row.agreeing,
        "sources_contradicting": row.contradicting,
        "status_disagrees_with_verdict": row.disagrees,
        "findings": [finding.to_json() for finding in row.findings],
    }


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """One comparison of the report as JSON data."""
    return {
        "subject": comparison.subject,
        "measure": comparison.measure,
        "cumulative": comparison.cumulative,
        "claims": list(comparison.claims),
        "figures": [
            {
                "date": row.date.isoformat() if row.date else None,
                "who": row.who,
                "via": row.via,
                "figure": row.figure,
                "interval": _interval_text(row.interval),
                "claim": row.claim_id,
                "is_claim": row.is_claim,
                "relation": row.relation,
                "reason": row.reason,
            }
            for row in comparison.rows
        ],
        "why": list(comparison.reasons),
    }


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON data (``render.report_lines.json_chunks`` writes the same text
    piece by piece)."""
    return {
        "summary": report.summary,
        "claims": [claim_data(row) for row in report.claims],
        "comparisons": [comparison_data(comparison) for comparison in report.comparisons],
        "findings": [finding.to_json() for finding in report.findings],
    }
