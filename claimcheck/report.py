"""The consistency report: what a person reads to see whether a registry adds up.

Built from a check's result (findings and the weighed evidence of every claim): a summary, a
row per claim with its status and verdict, and, for each subject and measure, every figure
(the claims and their sources) in time order with its interval and what it does to the claim.
Rendering lives in ``render.report``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .engine import CheckResult, Finding
from .evidence import SourceAssessment, source_date
from .quantity import Interval
from .rules.base import ClaimContext
from .vocab import Severity, Status, Verdict


@dataclass(frozen=True)
class ClaimRow:
    id: str
    claim: str
    quantity: str | None
    interval: Interval | None
    status: Status
    verdict: Verdict
    reason: str
    agreeing: int  # independent origins that support it
    contradicting: int  # independent origins that contradict it
    findings: tuple[Finding, ...]

    @property
    def disagrees(self) -> bool:
        """The status a person set differs from the verdict (unverified never does)."""
        return self.status is not Status.UNVERIFIED and self.status.value != self.verdict.value


@dataclass(frozen=True)
class FigureRow:
    """One figure in a comparison: a claim's, or one of its sources'."""

    date: dt.date | None
    who: str
    via: str | None
    figure: str
    interval: Interval | None
    claim_id: str
    is_claim: bool
    relation: str  # "the claim"; for a source its stance, or "not evidence"
    reason: str


@dataclass(frozen=True)
class Comparison:
    subject: str
    measure: str
    cumulative: bool
    claims: tuple[str, ...]
    rows: tuple[FigureRow, ...]
    reasons: tuple[str, ...]  # each claim's verdict, in words


@dataclass
class Report:
    claims: list[ClaimRow]
    comparisons: list[Comparison]
    findings: list[Finding]
    summary: dict[str, Any] = field(default_factory=dict)


def _relation(assessment: SourceAssessment) -> str:
    return assessment.stance.value if assessment.counted else "not evidence"


def _claim_row(claim: ClaimContext, findings: list[Finding]) -> ClaimRow:
    record = claim.claim
    evidence = claim.evidence
    return ClaimRow(
        id=record.id,
        claim=record.claim,
        quantity=str(record.quantity) if record.quantity is not None else None,
        interval=evidence.interval,
        status=record.status,
        verdict=evidence.verdict,
        reason=evidence.reason,
        agreeing=len(evidence.supporting),
        contradicting=len(evidence.contradicting),
        findings=tuple(findings),
    )


def _figure_rows(claim: ClaimContext) -> list[FigureRow]:
    record = claim.claim
    evidence = claim.evidence
    rows = [
        FigureRow(
            date=record.as_of,
            who=record.claimant or "(the document)",
            via=None,
            figure=str(record.quantity),
            interval=evidence.interval,
            claim_id=record.id,
            is_claim=True,
            relation="the claim",
            reason=evidence.reason,
        )
    ]
    for assessment in evidence.sources:
        source = assessment.source
        figure = str(source.quantity) if source.quantity is not None else "-"
        if source.measure and source.measure != record.measure:
            figure += f" ({source.measure})"
        rows.append(
            FigureRow(
                date=source_date(source),
                who=source.publisher,
                via=source.via,
                figure=figure,
                interval=assessment.interval,
                claim_id=record.id,
                is_claim=False,
                relation=_relation(assessment),
                reason=assessment.reason,
            )
        )
    return rows


def _in_time_order(row: FigureRow) -> tuple[int, dt.date, int]:
    # undated figures last; on one day the claim first
    return (row.date is None, row.date or dt.date.max, 0 if row.is_claim else 1)


def build_report(result: CheckResult) -> Report:
    findings_by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.claim:
            findings_by_claim[finding.claim].append(finding)
    contexts = sorted(result.context.claims.values(), key=lambda c: c.claim.id)
    claims = [_claim_row(c, findings_by_claim[c.claim.id]) for c in contexts]

    groups: dict[tuple[str, str], list[ClaimContext]] = defaultdict(list)
    for context in contexts:
        record = context.claim
        if record.quantity is not None:
            groups[(record.subject or "-", record.measure or "-")].append(context)
    comparisons = []
    for (subject, measure), members in sorted(groups.items()):
        rows = sorted((row for c in members for row in _figure_rows(c)), key=_in_time_order)
        comparisons.append(
            Comparison(
                subject=subject,
                measure=measure,
                cumulative=any(c.claim.cumulative for c in members),
                claims=tuple(c.claim.id for c in members),
                rows=tuple(rows),
                reasons=tuple(f"{c.claim.id}: {c.evidence.reason}" for c in members),
            )
        )
    summary = {
        "claims": len(claims),
        "by_status": dict(Counter(row.status.value for row in claims)),
        "by_verdict": dict(Counter(row.verdict.value for row in claims)),
        "status_disagrees_with_verdict": [row.id for row in claims if row.disagrees],
        "findings": {
            severity.value: sum(1 for f in result.findings if f.severity is severity)
            for severity in Severity
        },
        "files_not_loaded": sorted(result.registry.broken),
    }
    return Report(claims, comparisons, list(result.findings), summary)


def _interval_text(interval: Interval | None) -> str | None:
    return str(interval) if interval is not None else None


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON data."""
    return {
        "summary": report.summary,
        "claims": [
            {
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
            for row in report.claims
        ],
        "comparisons": [
            {
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
            for comparison in report.comparisons
        ],
        "findings": [finding.to_json() for finding in report.findings],
    }
