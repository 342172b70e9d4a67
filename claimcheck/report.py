"""The consistency report: what a person reads to see whether a registry adds up.

Built from a check's result (findings, and each claim's verdict with every source weighed)
and the records, read again one at a time: a summary, a row per claim with its status and
verdict, and, for each subject and measure, every figure (the claims and their sources) in
time order with its interval and what it does to the claim.
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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .digest import decode_interval
from .documents import Document, canonical_document_path
from .engine import CheckResult, Finding, any_errors, count_severities
from .errors import ClaimcheckError
from .evidence import source_date
from .gcpause import gc_paused
from .model import Claim, HistoryEntry
from .notebook import html_table
from .quantity import Interval, Quantity
from .rules.base import Documents
from .store import Store
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


def _relation(stance: str, counted: bool) -> str:
    return stance if counted else "not evidence"


def _anchor_row(claim: Claim, digest: Mapping[str, Any]) -> AnchorRow | None:
    if claim.anchor is None:
        return None
    span = digest["span"]
    return AnchorRow(
        document=canonical_document_path(claim.anchor.document),
        exact=claim.anchor.exact,
        start=span[0] if span is not None else None,
        end=span[1] if span is not None else None,
    )


def _document_rows(store: Store, paths: Iterable[str]) -> list[DocumentRow]:
    documents = Documents(store)
    rows = []
    for path in sorted(set(paths)):
        info = documents.info(path)
        read = documents.get(path)
        rows.append(
            DocumentRow(
                path=path,
                title=info.title if info is not None else None,
                published=info.published if info is not None else None,
                publisher=info.publisher if info is not None else None,
                url=info.url if info is not None else None,
                text=read.text if isinstance(read, Document) else None,
                error=read.message if isinstance(read, ClaimcheckError) else None,
            )
        )
    return rows


def _claim_row(
    claim: Claim,
    digest: Mapping[str, Any],
    findings: list[Finding],
    sources: tuple[FigureRow, ...],
) -> ClaimRow:
    verdict, facts = digest["verdict"], digest["facts"]
    as_of = facts["as_of"]
    return ClaimRow(
        id=claim.id,
        claim=claim.claim,
        quantity=facts["quantity"],
        interval=decode_interval(facts["interval"]),
        status=claim.status,
        verdict=Verdict(verdict["word"]),
        reason=verdict["reason"],
        agreeing=verdict["supporting"],
        contradicting=verdict["contradicting"],
        findings=tuple(findings),
        subject=claim.subject or "-",
        measure=claim.measure or "-",
        claimant=claim.claimant,
        tags=tuple(claim.tags),
        as_of=dt.date.fromisoformat(as_of) if as_of is not None else None,
        sources=sources,
        history=tuple(claim.history),
        anchor=_anchor_row(claim, digest),
    )


def _source_rows(
    claim: Claim, digest: Mapping[str, Any], texts: _QuantityTexts
) -> tuple[FigureRow, ...]:
    """Each source of a claim, weighed: made once, shown in the claim's comparison and with
    the claim itself."""
    rows = []
    for index, _, stance, counted, reason, interval, carried in digest["verdict"]["sources"]:
        source = claim.sources[index]
        figure = texts.of(source.quantity) if source.quantity is not None else "-"
        if source.measure and source.measure != claim.measure:
            figure += f" ({source.measure})"
        rows.append(
            FigureRow(
                date=source_date(source),
                who=source.publisher,
                via=source.via,
                figure=figure,
                interval=decode_interval(interval),
                claim_id=claim.id,
                is_claim=False,
                relation=_relation(stance, counted),
                reason=reason,
                carried=decode_interval(carried),
                url=source.url,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class _Compared:
    """A claim with a figure, as its comparison shows it: its own row, then its sources'."""

    id: str
    cumulative: bool
    reason: str
    rows: tuple[FigureRow, ...]


def _compared(claim: Claim, row: ClaimRow) -> _Compared:
    assert row.quantity is not None  # only claims with a figure are compared
    claimed = FigureRow(
        date=claim.as_of,
        who=claim.claimant or "(the document)",
        via=None,
        figure=row.quantity,
        interval=row.interval,
        claim_id=claim.id,
        is_claim=True,
        relation="the claim",
        reason=row.reason,
    )
    return _Compared(claim.id, claim.cumulative, row.reason, (claimed, *row.sources))


def _in_time_order(row: FigureRow) -> tuple[int, dt.date, int]:
    # undated figures last; on one day the claim first
    return (row.date is None, row.date or dt.date.max, 0 if row.is_claim else 1)


def build_report(
    result: CheckResult, store: Store | None = None, *, attention_only: bool = False
) -> Report:
    """The report of a check: each claim's record, read again one at a time (from ``store``,
    else the registry checked), beside its verdict and findings in the result.

    With ``attention_only``, the report ``needing_attention`` would make of it, made without
    holding a row for every claim: a claim's row is kept only when it needs attention, and the
    other members of its comparison are read again once every claim is counted.
    """
    # a row per claim and per figure: many objects at once, all kept (see gcpause)
    with gc_paused():
        return _build_report(result, store or result.store, attention_only)


def _build_report(result: CheckResult, store: Store, attention_only: bool) -> Report:
    findings_by_claim: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.claim:
            findings_by_claim[finding.claim].append(finding)
    texts = _QuantityTexts()

    def rows_of(claim_id: str, digest: Mapping[str, Any]) -> tuple[Claim, ClaimRow]:
        claim = store.load_file(store.root / digest["path"]).claim  # the record, then dropped
        sources = _source_rows(claim, digest, texts)
        return claim, _claim_row(claim, digest, findings_by_claim[claim_id], sources)

    tally = _Tally()
    claims: list[ClaimRow] = []
    # each group's members in id order: compared, or (attention_only) the id of one not kept
    groups: dict[tuple[str, str], list[_Compared | str]] = defaultdict(list)
    documents: set[str] = set()
    for claim_id, digest in result.digests.items():
        claim, row = rows_of(claim_id, digest)
        tally.add(row)
        kept = not attention_only or row.needs_attention
        if kept:
            claims.append(row)
        if digest["document"] is not None:
            documents.add(digest["document"])
        if row.quantity is not None:
            groups[(row.subject, row.measure)].append(_compared(claim, row) if kept else claim_id)
    comparisons = []
    for (subject, measure), members in sorted(groups.items()):
        if attention_only and all(isinstance(member, str) for member in members):
            continue  # no claim of the group needs attention
        compared = [
            member
            if isinstance(member, _Compared)
            else _compared(*rows_of(member, result.digests[member]))
            for member in members
        ]
        rows = sorted((row for member in compared for row in member.rows), key=_in_time_order)
        comparisons.append(
            Comparison(
                subject=subject,
                measure=measure,
                cumulative=any(member.cumulative for member in compared),
                claims=tuple(member.id for member in compared),
                rows=tuple(rows),
                reasons=tuple(f"{member.id}: {member.reason}" for member in compared),
            )
        )
    findings = list(result.findings)
    summary = tally.summary(findings, result.not_loaded)
    if attention_only:
        shown = {row.id for row in claims}
        findings = [f for f in findings if (f.claim in shown if f.claim else True)]
        summary["shown"] = {
            "claims": len(claims),
            "comparisons": len(comparisons),
            "of_comparisons": len(groups),
        }
    return Report(claims, comparisons, findings, summary, _document_rows(store, documents))


class _Tally:
    """The counts the report opens with, taken one claim at a time."""

    def __init__(self) -> None:
        self.claims = 0
        self.by_status: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()
        self.disagreeing: list[str] = []

    def add(self, row: ClaimRow) -> None:
        self.claims += 1
        self.by_status[row.status.value] += 1
        self.by_verdict[row.verdict.value] += 1
        if row.disagrees:
            self.disagreeing.append(row.id)

    def summary(self, findings: Iterable[Finding], not_loaded: Iterable[str]) -> dict[str, Any]:
        by_severity = count_severities(findings)
        return {
            "claims": self.claims,
            "by_status": dict(self.by_status),
            "by_verdict": dict(self.by_verdict),
            "status_disagrees_with_verdict": self.disagreeing,
            "findings": {severity.value: by_severity[severity] for severity in Severity},
            "files_not_loaded": sorted(not_loaded),
        }


def summarise(
    claims: Iterable[ClaimRow], findings: Iterable[Finding], not_loaded: Iterable[str] = ()
) -> dict[str, Any]:
    """The counts the report opens with."""
    tally = _Tally()
    for row in claims:
        tally.add(row)
    return tally.summary(findings, not_loaded)


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
    counting what is kept (a report made so already is given back as it is)."""
    if "shown" in report.summary:
        return report
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
