"""The consistency report: what a person reads to see whether a registry adds up.

Built from a check's result (findings and the weighed evidence of every claim): a summary, a
row per claim with its status and verdict, and, for each subject and measure, every figure
(the claims and their sources) in time order with its interval and what it does to the claim.
Rendering lives in ``render.report`` (Rich, Markdown) and ``render.report_lines`` (plain
lines, streamed, for large registries).

A registry of more than ``SUMMARY_ABOVE`` claims is summarised by default: ``needing_attention``
keeps the claims whose status and verdict disagree or that have errors, and the comparisons of
their groups. ``select`` keeps what ``--subject`` and ``--claim`` name.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from .documents import canonical_document_path
from .engine import CheckResult, Finding, any_errors, count_severities
from .errors import ClaimcheckError
from .evidence import SourceAssessment, source_date
from .gcpause import gc_paused
from .model import HistoryEntry
from .notebook import html_table
from .quantity import Interval, Quantity
from .rules.base import ClaimContext
from .vocab import Severity, Status, Verdict

__all__ = [
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


@dataclass(frozen=True)
class AnchorRow:
    """Where a claim stands in its document: its span, or None where the words are not
    found there (missing, ambiguous, or the document unreadable)."""

    document: str  # canonical path, as ``Report.documents`` keys it
    exact: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class DocumentRow:
    """A document claims are anchored in, with its text where it could be read."""

    path: str
    title: str | None
    published: dt.date | None
    publisher: str | None
    url: str | None
    text: str | None
    error: str | None  # why the text could not be read


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
    subject: str = "-"  # the group of the comparison it is in, with the measure
    measure: str = "-"
    # What a page showing one claim needs besides its row: who said it, its sources weighed,
    # its history and where it stands in its document.
    claimant: str | None = None
    tags: tuple[str, ...] = ()
    as_of: dt.date | None = None
    sources: tuple[FigureRow, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    anchor: AnchorRow | None = None

    @property
    def has_errors(self) -> bool:
        return any_errors(self.findings)

    @property
    def needs_attention(self) -> bool:
        """What the summary of a large registry shows: a disagreement, or an error."""
        return self.disagrees or self.has_errors

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
    # A running total from another day, carried to the claim's date as a floor (earlier) or a
    # ceiling (later); None where the figure was compared as stated, or not at all.
    carried: Interval | None = None
    url: str | None = None  # where a source's figure can be read


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
    """The consistency report: ``claims`` (a row each), ``comparisons`` (the figures of each
    subject and measure in time order), ``findings`` and the ``summary`` counts.

    >>> import claimcheck
    >>> report = claimcheck.open_registry().report()
    >>> [row.id for row in report.claims if row.verdict.value == "refuted"]
    ['aleppo-evacuated-total', 'evacuation-complete-by-wednesday']
    """

    claims: list[ClaimRow]
    comparisons: list[Comparison]
    findings: list[Finding]
    summary: dict[str, Any] = field(default_factory=dict)
    documents: list[DocumentRow] = field(default_factory=list)

    def _repr_html_(self) -> str:
        """A row per claim with its status and verdict, for a notebook (every text escaped)."""
        verdicts = ", ".join(f"{n} {v}" for v, n in self.summary.get("by_verdict", {}).items())
        caption = f"{len(self.claims)} claims ({verdicts}); {len(self.findings)} findings"
        rows = [(r.id, r.status.value, r.verdict.value, r.claim) for r in self.claims]
        return html_table(caption, ("id", "status", "verdict", "claim"), rows)


def _relation(assessment: SourceAssessment) -> str:
    return assessment.stance.value if assessment.counted else "not evidence"


class _QuantityTexts(dict[tuple[object, ...], str]):
    """Each quantity's text, made once per spelling: a registry repeats its figures (a source
    that agrees states the claim's), and making the text re-reads it to be sure it reads back,
    which was most of the cost of building a large report."""

    def of(self, quantity: Quantity) -> str:
        q = quantity
        # exact spellings, not equality: 1000 and 1E+3 are equal Decimals, written differently
        key = (q.qualifier, str(q.value), str(q.lower), str(q.upper), q.unit, str(q.step))
        text = self.get(key)
        if text is None:
            text = self[key] = str(quantity)
        return text


def _anchor_row(claim: ClaimContext) -> AnchorRow | None:
    anchor = claim.claim.anchor
    if anchor is None:
        return None
    match = claim.anchor
    span = match.span if match is not None else None
    return AnchorRow(
        document=canonical_document_path(anchor.document),
        exact=anchor.exact,
        start=span.start if span is not None else None,
        end=span.end if span is not None else None,
    )


def _document_rows(contexts: list[ClaimContext]) -> list[DocumentRow]:
    rows: dict[str, DocumentRow] = {}
    for context in contexts:
        anchor = context.claim.anchor
        if anchor is None or canonical_document_path(anchor.document) in rows:
            continue
        path = canonical_document_path(anchor.document)
        info = context.document_info
        document = context.document
        error = context.document_error
        rows[path] = DocumentRow(
            path=path,
            title=info.title if info is not None else None,
            published=info.published if info is not None else None,
            publisher=info.publisher if info is not None else None,
            url=info.url if info is not None else None,
            text=document.text if document is not None else None,
            error=error.message if error is not None else None,
        )
    return [rows[path] for path in sorted(rows)]


def _claim_row(
    claim: ClaimContext,
    findings: list[Finding],
    texts: _QuantityTexts,
    sources: tuple[FigureRow, ...],
) -> ClaimRow:
    record = claim.claim
    evidence = claim.evidence
    return ClaimRow(
        id=record.id,
        claim=record.claim,
        quantity=texts.of(record.quantity) if record.quantity is not None else None,
        interval=evidence.interval,
        status=record.status,
        verdict=evidence.verdict,
        reason=evidence.reason,
        agreeing=len(evidence.supporting),
        contradicting=len(evidence.contradicting),
        findings=tuple(findings),
        subject=record.subject or "-",
        measure=record.measure or "-",
        claimant=record.claimant,
        tags=tuple(record.tags),
        as_of=claim.as_of,
        sources=sources,
        history=tuple(record.history),
        anchor=_anchor_row(claim),
    )


def _source_rows(claim: ClaimContext, texts: _QuantityTexts) -> tuple[FigureRow, ...]:
    """Each source of a claim, weighed: made once, shown in the claim's comparison and with
    the claim itself."""
    record = claim.claim
    rows = []
    for assessment in claim.evidence.sources:
        source = assessment.source
        figure = texts.of(source.quantity) if source.quantity is not None else "-"
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
                carried=(
                    assessment.compared if assessment.compared != assessment.interval else None
                ),
                url=source.url,
            )
        )
    return tuple(rows)


def _figure_rows(
    claim: ClaimContext, texts: _QuantityTexts, sources: tuple[FigureRow, ...]
) -> list[FigureRow]:
    record = claim.claim
    evidence = claim.evidence
    assert record.quantity is not None  # only claims with a figure are compared
    claimed = FigureRow(
        date=record.as_of,
        who=record.claimant or "(the document)",
        via=None,
        figure=texts.of(record.quantity),
        interval=evidence.interval,
        claim_id=record.id,
        is_claim=True,
        relation="the claim",
        reason=evidence.reason,
    )
    return [claimed, *sources]


def _in_time_order(row: FigureRow) -> tuple[int, dt.date, int]:
    # undated figures last; on one day the claim first
    return (row.date is None, row.date or dt.date.max, 0 if row.is_claim else 1)


def build_report(result: CheckResult) -> Report:
    # a row per claim and per figure: many objects at once, all kept (see gcpause)
    with gc_paused():
        return _build_report(result)


def _build_report(result: CheckResult) -> Report:
    findings_by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.claim:
            findings_by_claim[finding.claim].append(finding)
    contexts = sorted(result.context.claims.values(), key=lambda c: c.claim.id)
    texts = _QuantityTexts()
    sources = {c.claim.id: _source_rows(c, texts) for c in contexts}
    claims = [
        _claim_row(c, findings_by_claim[c.claim.id], texts, sources[c.claim.id]) for c in contexts
    ]

    groups: dict[tuple[str, str], list[ClaimContext]] = defaultdict(list)
    for context in contexts:
        record = context.claim
        if record.quantity is not None:
            groups[(record.subject or "-", record.measure or "-")].append(context)
    comparisons = []
    for (subject, measure), members in sorted(groups.items()):
        rows = sorted(
            (row for c in members for row in _figure_rows(c, texts, sources[c.claim.id])),
            key=_in_time_order,
        )
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
    summary = summarise(claims, result.findings, result.registry.broken)
    return Report(claims, comparisons, list(result.findings), summary, _document_rows(contexts))


def summarise(
    claims: list[ClaimRow], findings: Iterable[Finding], not_loaded: Iterable[str] = ()
) -> dict[str, Any]:
    """The counts the report opens with."""
    by_severity = count_severities(findings)
    return {
        "claims": len(claims),
        "by_status": dict(Counter(row.status.value for row in claims)),
        "by_verdict": dict(Counter(row.verdict.value for row in claims)),
        "status_disagrees_with_verdict": [row.id for row in claims if row.disagrees],
        "findings": {severity.value: by_severity[severity] for severity in Severity},
        "files_not_loaded": sorted(not_loaded),
    }


# --- what a large report shows ----------------------------------------------------------------

SUMMARY_ABOVE = 200  # claims: above this the default table report shows what needs attention


def _subset(report: Report, claim_ids: Collection[str], *, unowned: bool) -> Report:
    """The claims named, every comparison one of them is in (whole: the other figures are its
    context), their findings and, with ``unowned``, the findings of no claim (a file that did
    not load). The summary is left to the caller."""
    return Report(
        claims=[row for row in report.claims if row.id in claim_ids],
        comparisons=[c for c in report.comparisons if any(i in claim_ids for i in c.claims)],
        findings=[f for f in report.findings if (f.claim in claim_ids if f.claim else unowned)],
        documents=report.documents,
    )


def needing_attention(report: Report) -> Report:
    """The claims whose status and verdict disagree or that have errors, the comparisons of
    their groups and their findings; the summary stays the whole registry's, with ``shown``
    counting what is kept."""
    kept = {row.id for row in report.claims if row.needs_attention}
    shown = _subset(report, kept, unowned=True)
    shown.summary = dict(report.summary)
    shown.summary["shown"] = {
        "claims": len(shown.claims),
        "comparisons": len(shown.comparisons),
        "of_comparisons": len(report.comparisons),
    }
    return shown


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
    shown = _subset(report, kept, unowned=False)
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
