"""Status: the status a person set agrees with the verdict the evidence gives.

The status is the person's; the verdict is the tool's reading of the sources. ``unverified``
means not yet reviewed and never disagrees.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..vocab import Severity, Status
from .base import ClaimContext, Hit, rule


@rule("V101", "status-disagrees-with-evidence", Severity.WARNING)
def status_disagrees(context: ClaimContext) -> Iterator[Hit]:
    """The status differs from the verdict the sources give.

    The verdict: supported (an independent source supports the claim, none contradicts it),
    refuted (one contradicts, none supports), disputed (both), unproven (nothing decisive).
    Either the status needs changing, or a source is missing or mis-recorded.

    Fails: ``status: disputed`` on a claim one independent source supports and none
    contradicts.

    Passes: ``status: supported`` on that claim, or ``status: unverified`` on any claim.
    """
    record = context.claim
    verdict = context.evidence.verdict
    if record.status is Status.UNVERIFIED or record.status.value == verdict.value:
        return
    if record.status is Status.SUPPORTED and not context.evidence.supporting:
        return  # V102 says it better
    if record.status is Status.REFUTED and not context.evidence.contradicting:
        return  # V103 says it better
    yield Hit(
        f"the status is {record.status.value!r} but the evidence says {context.evidence.reason}",
        ("status",),
    )


@rule("V102", "supported-without-support", Severity.WARNING)
def supported_without_support(context: ClaimContext) -> Iterator[Hit]:
    """The claim is marked supported, but no independent source supports it.

    The claimant's own words repeated elsewhere and the claim's own document do not count, and
    a source whose figure merely overlaps the claim's proves nothing more.

    Fails: ``status: supported`` with only ``at least 25,000`` against a claim of 37,500.

    Passes: ``status: supported`` with an independent ``750`` against a claim of 750.
    """
    record = context.claim
    if record.status is Status.SUPPORTED and not context.evidence.supporting:
        yield Hit(
            f"the status is 'supported' but no independent source supports the claim "
            f"({context.evidence.reason})",
            ("status",),
        )


@rule("V103", "refuted-without-contradiction", Severity.WARNING)
def refuted_without_contradiction(context: ClaimContext) -> Iterator[Hit]:
    """The claim is marked refuted, but no independent source contradicts it.

    Fails: ``status: refuted`` on a claim whose sources are all consistent with it.

    Passes: ``status: refuted`` with a same-day count whose interval cannot overlap the
    claim's.
    """
    record = context.claim
    if record.status is Status.REFUTED and not context.evidence.contradicting:
        yield Hit(
            f"the status is 'refuted' but no independent source contradicts the claim "
            f"({context.evidence.reason})",
            ("status",),
        )


@rule("V104", "own-document-as-evidence", Severity.WARNING)
def own_document_as_evidence(context: ClaimContext) -> Iterator[Hit]:
    """A source is the claim's own document (the same address or title): an article is never
    evidence for itself. It is left out of the verdict; remove it or cite an independent
    report instead.

    Fails: a source whose ``url`` is the ``url`` of the claim's document in claimcheck.yaml.

    Passes: sources published by others.
    """
    for assessment in context.evidence.sources:
        if assessment.own_document:
            yield Hit(
                f"source {assessment.index + 1} ({assessment.source.publisher}) is the claim's "
                "own document, which is never its evidence",
                ("sources", assessment.index),
            )


RULES = (
    status_disagrees,
    supported_without_support,
    refuted_without_contradiction,
    own_document_as_evidence,
)
