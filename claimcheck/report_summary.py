"""What the report of a large registry shows: the claims that need attention, a screenful
of them at a time.

Above ``SUMMARY_ABOVE`` claims the default table report is a summary: the claims whose status
and verdict disagree or that have errors, the comparisons of their groups (every figure of the
group: the other claims are the context of a conflict), their findings, and counts of the rest.
It lists the first ``SHOWN_AT_MOST`` of those claims (in id order, as every list of the report
is) and counts the others: in a generated registry about one claim in eighteen needs attention,
and a list that grows with the registry is neither a summary a person reads nor one that fits
in bounded memory.

``build_summary`` makes it from a check's result without a row for every claim: each record is
read again, counted and dropped unless its row is shown, so that what it holds beyond the check
is the shown rows and a few names for each subject and measure. ``needing_attention`` takes the
same summary from a whole report. Neither holds the documents: the table does not show them.
"""

from __future__ import annotations

from typing import Any

from .engine import CheckResult
from .report_rows import (
    ClaimRow,
    Compared,
    Comparison,
    Report,
    RowReader,
    Tally,
    compared,
    comparison_of,
    needs_attention,
    subset,
)
from .store import Store
from .vocab import Verdict

__all__ = ["SHOWN_AT_MOST", "SUMMARY_ABOVE", "build_summary", "needing_attention"]

SUMMARY_ABOVE = 200  # claims: above this the default table report shows what needs attention
# claims that need attention listed by the summary, with their comparisons (about 40 lines
# each): the rest are counted
SHOWN_AT_MOST = 50


def _shown(
    claims: int, comparisons: int, of_comparisons: int, needing: int, needing_groups: int
) -> dict[str, int]:
    """The summary's ``shown``: the claims and comparisons listed, of how many."""
    return {
        "claims": claims,
        "comparisons": comparisons,
        "of_comparisons": of_comparisons,
        "needing_attention": needing,
        "comparisons_needing_attention": needing_groups,
    }


def needing_attention(report: Report) -> Report:
    """The claims whose status and verdict disagree or that have errors (the first
    ``SHOWN_AT_MOST``), the comparisons of their groups and their findings, with the findings
    of no claim; the summary stays the whole registry's, with ``shown`` counting what is listed
    and of how many (a report made so already is given back as it is)."""
    if "shown" in report.summary:
        return report
    needing = [row.id for row in report.claims if row.needs_attention]
    listed = set(needing[:SHOWN_AT_MOST])
    shown = subset(report, listed, unowned=True)
    shown.documents = []
    every = set(needing)
    shown.summary = dict(report.summary)
    shown.summary["shown"] = _shown(
        len(shown.claims),
        len(shown.comparisons),
        len(report.comparisons),
        len(needing),
        sum(1 for c in report.comparisons if any(i in every for i in c.claims)),
    )
    return shown


def build_summary(result: CheckResult, store: Store) -> Report:
    """What ``needing_attention`` would make of the whole report of ``result``, made holding
    only the rows it lists: the other members of their comparisons are read again at the
    end."""
    rows = RowReader(result, store)
    tally = Tally()
    listed: list[ClaimRow] = []
    figures: dict[str, Compared] = {}  # the listed claims with a figure
    # each subject and measure: its members' ids (the check's own strings), in id order
    groups: dict[tuple[str, str], list[str]] = {}
    needing = 0
    needing_groups: set[tuple[str, str]] = set()  # those with a claim that needs attention
    for claim_id, digest in result.digests.items():
        claim = rows.claim(digest)
        verdict = Verdict(digest["verdict"]["word"])
        tally.add(claim_id, claim.status, verdict)
        group = None
        if digest["facts"]["quantity"] is not None:  # only claims with a figure are compared
            group = (claim.subject or "-", claim.measure or "-")
            groups.setdefault(group, []).append(claim_id)
        if not needs_attention(claim.status, verdict, rows.findings_of(claim_id)):
            continue
        needing += 1
        if group is not None:
            needing_groups.add(group)
        if len(listed) < SHOWN_AT_MOST:
            row = rows.row(claim, claim_id, digest)
            listed.append(row)
            if group is not None:
                figures[claim_id] = compared(claim, row)
    comparisons = [
        _comparison(group, groups[group], figures, rows, result)
        for group in sorted({(row.subject, row.measure) for row in listed if row.id in figures})
    ]
    ids = {row.id for row in listed}
    findings = [f for f in result.findings if (f.claim in ids if f.claim else True)]
    summary: dict[str, Any] = tally.summary(result.findings, result.not_loaded)
    summary["shown"] = _shown(
        len(listed), len(comparisons), len(groups), needing, len(needing_groups)
    )
    return Report(listed, comparisons, findings, summary)


def _comparison(
    group: tuple[str, str],
    members: list[str],
    figures: dict[str, Compared],
    rows: RowReader,
    result: CheckResult,
) -> Comparison:
    """A listed claim's comparison: its members not listed read again."""
    subject, measure = group
    return comparison_of(
        subject,
        measure,
        [
            figures[member]
            if member in figures
            else compared(*rows.read(member, result.digests[member]))
            for member in members
        ],
    )
