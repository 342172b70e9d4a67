"""The fixed vocabularies of a record: statuses and stances.

Kept apart from the pydantic models so the command line can offer them as choices without
importing pydantic at start-up.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["ExportFormat", "ImportFormat", "Severity", "Stance", "Status", "Verdict"]


class Status(str, Enum):
    """Where a person's review of a claim stands.

    >>> import claimcheck
    >>> claimcheck.Status("refuted") is claimcheck.Status.REFUTED
    True
    """

    UNVERIFIED = "unverified"  # recorded, not yet reviewed
    SUPPORTED = "supported"
    DISPUTED = "disputed"
    REFUTED = "refuted"
    UNPROVEN = "unproven"


class Stance(str, Enum):
    """What a source's figure does to the claim.

    >>> import claimcheck
    >>> [stance.value for stance in claimcheck.Stance]
    ['supports', 'contradicts', 'context']
    """

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class Severity(str, Enum):
    """How much a finding matters: errors make the registry wrong, warnings need judgement.

    >>> import claimcheck
    >>> [severity.value for severity in claimcheck.Severity]
    ['error', 'warning', 'info']
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Verdict(str, Enum):
    """What the evidence says of a claim, whatever its status (``claimcheck.VerdictWord``).

    >>> import claimcheck
    >>> claimcheck.VerdictWord("disputed").value
    'disputed'
    """

    SUPPORTED = "supported"  # an independent source supports it, none contradicts it
    DISPUTED = "disputed"  # independent sources both support and contradict it
    REFUTED = "refuted"  # an independent source contradicts it, none supports it
    UNPROVEN = "unproven"  # nothing decisive


class ExportFormat(str, Enum):
    """What ``claimcheck export`` writes."""

    CLAIMREVIEW = "claimreview"  # schema.org ClaimReview JSON-LD
    CSV = "csv"
    JSON = "json"  # the full records


class ImportFormat(str, Enum):
    """What ``claimcheck import`` reads."""

    CLAIMREVIEW = "claimreview"
    FACTCHECK_API = "factcheck-api"  # Google Fact Check Tools claims:search responses
    CSV = "csv"
