"""The consistency report's rows, and how each is made from a claim's record and its digest.

What the whole report (``report.build_report``) and the summary of a large registry
(``report_summary.build_summary``) share: the data they are made of (``Report``, a
``ClaimRow`` per claim, a ``Comparison`` per subject and measure with a ``FigureRow`` per
figure) and ``RowReader``, which reads a claim's record again and puts it beside its digest and
findings in a check's result.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .digest import decode_interval
from .documents import Document, canonical_document_path
from .engine import CheckResult, Finding, any_errors, count_severities
from .errors import ClaimcheckError
from .evidence import source_date
from .model import Claim, HistoryEntry
from .notebook import html_table
from .quantity import Interval, Quantity
from .rules.base import Documents
from .store import Store
from .vocab import Severity, Status, Verdict

__all__ = [
    "AnchorRow",
    "ClaimRow",
    "Compared",
    "Comparison",
    "DocumentRow",
    "FigureRow",
    "Report",
    "RowReader",
    "Tally",
    "compared",
    "comparison_of",
    "disagrees",
    "document_rows",
    "needs_attention",
    "subset",
]


def disagrees(status: Status, verdict: Verdict) -> bool:
    """The status a person set differs from the verdict (unverified never does)."""
    return status is not Status.UNVERIFIED and status.value != verdict.value


def needs_attention(status: Status, verdict: Verdict, findings: Iterable[Finding]) -> bool:
    """What the summary of a large registry shows: a disagreement, or an error."""
    return disagrees(status, verdict) or any_errors(findings)


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
        return needs_attention(self.status, self.verdict, self.findings)

    @property
    def disagrees(self) -> bool:
        """The status a person set differs from the verdict (unverified never does)."""
        return disagrees(self.status, self.verdict)


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
    # the documents cited, for the pages that show them (none in a summary: the table doesn't)
    documents: list[DocumentRow] = field(default_factory=list)

    def _repr_html_(self) -> str:
        """A row per claim with its status and verdict, for a notebook (every text escaped)."""
        verdicts = ", ".join(f"{n} {v}" for v, n in self.summary.get("by_verdict", {}).items())
        caption = f"{len(self.claims)} claims ({verdicts}); {len(self.findings)} findings"
        rows = [(r.id, r.status.value, r.verdict.value, r.claim) for r in self.claims]
        return html_table(caption, ("id", "status", "verdict", "claim"), rows)


class QuantityTexts(dict[tuple[object, ...], str]):
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


def document_rows(store: Store, paths: Iterable[str]) -> list[DocumentRow]:
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
    findings: Sequence[Finding],
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
    claim: Claim, digest: Mapping[str, Any], texts: QuantityTexts
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
class Compared:
    """A claim with a figure, as its comparison shows it: its own row, then its sources'."""

    id: str
    cumulative: bool
    reason: str
    rows: tuple[FigureRow, ...]


def compared(claim: Claim, row: ClaimRow) -> Compared:
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
    return Compared(claim.id, claim.cumulative, row.reason, (claimed, *row.sources))


def _in_time_order(row: FigureRow) -> tuple[int, dt.date, int]:
    # undated figures last; on one day the claim first
    return (row.date is None, row.date or dt.date.max, 0 if row.is_claim else 1)


def comparison_of(subject: str, measure: str, members: Sequence[Compared]) -> Comparison:
    """The comparison of one subject and measure: its members' figures in time order."""
    rows = sorted((row for member in members for row in member.rows), key=_in_time_order)
    return Comparison(
        subject=subject,
        measure=measure,
        cumulative=any(member.cumulative for member in members),
        claims=tuple(member.id for member in members),
        rows=tuple(rows),
        reasons=tuple(f"{member.id}: {member.reason}" for member in members),
    )


class RowReader:
    """Each claim's row: its record read again from ``store`` (then dropped), beside its
    digest and findings in a check's ``result``."""

    def __init__(self, result: CheckResult, store: Store) -> None:
        self.store = store
        # only the claims that have findings: an entry for every claim would grow with the
        # registry, where the check's findings are what it holds already
        self.findings: dict[str, list[Finding]] = {}
        for finding in result.findings:
            if finding.claim:
                self.findings.setdefault(finding.claim, []).append(finding)
        self.texts = QuantityTexts()

    def claim(self, digest: Mapping[str, Any]) -> Claim:
        """The claim's record, read again."""
        return self.store.load_record(digest["path"]).claim

    def findings_of(self, claim_id: str) -> Sequence[Finding]:
        return self.findings.get(claim_id, ())

    def row(self, claim: Claim, claim_id: str, digest: Mapping[str, Any]) -> ClaimRow:
        sources = _source_rows(claim, digest, self.texts)
        return _claim_row(claim, digest, self.findings_of(claim_id), sources)

    def read(self, claim_id: str, digest: Mapping[str, Any]) -> tuple[Claim, ClaimRow]:
        """The claim's record and its row."""
        claim = self.claim(digest)
        return claim, self.row(claim, claim_id, digest)


class Tally:
    """The counts the report opens with, taken one claim at a time."""

    def __init__(self) -> None:
        self.claims = 0
        self.by_status: Counter[str] = Counter()
        self.by_verdict: Counter[str] = Counter()
        self.disagreeing: list[str] = []

    def add(self, claim_id: str, status: Status, verdict: Verdict) -> None:
        self.claims += 1
        self.by_status[status.value] += 1
        self.by_verdict[verdict.value] += 1
        if disagrees(status, verdict):
            self.disagreeing.append(claim_id)

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


def subset(report: Report, claim_ids: Collection[str], *, unowned: bool) -> Report:
    """The claims named, every comparison one of them is in (whole: the other figures are its
    context), their findings and, with ``unowned``, the findings of no claim (a file that did
    not load). The summary is left to the caller."""
    return Report(
        claims=[row for row in report.claims if row.id in claim_ids],
        comparisons=[c for c in report.comparisons if any(i in claim_ids for i in c.claims)],
        findings=[f for f in report.findings if (f.claim in claim_ids if f.claim else unowned)],
        documents=report.documents,
    )
