"""What a file to import holds, once read and checked: one item per review or per row.

Every reader (ClaimReview, Fact Check Tools, CSV) turns its input into these items, so that
matching and applying them to the registry know nothing of the formats. An item is either a
review (it becomes a source on its claim) or a claimcheck record (a claim with its status, from
claimcheck's own export).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Source
from ..quantity import Quantity
from ..vocab import Status
from .ratings import RatingRead

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


@dataclass
class Incoming:
    """One claim as the input gives it, and what it brings: a source, or a status."""

    where: str  # "$[2]" or "line 5": where in the file, for messages
    claim: str
    claimant: str | None = None
    claim_date: dt.date | None = None
    claim_id: str | None = None  # the claimcheck id, when the input came from claimcheck
    quantity: Quantity | None = None
    # Further fields of a claimcheck record (subject, measure, cumulative, as_of, part_of, tags)
    # and, to re-anchor it, its document and the words quoted from it.
    fields: dict[str, Any] = field(default_factory=dict)
    document: str | None = None
    quote: str | None = None
    status: Status | None = None  # a claimcheck record's status: restored, never a source
    status_label: str | None = None  # the rating the status was read from
    source: Source | None = None  # a review, as a source on the claim


@dataclass
class ReadResult:
    """Every item of a file, and what the reader wants said once (unknown labels)."""

    format: str
    items: list[Incoming] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _unknown: set[str] = field(default_factory=set)

    def note_rating(self, rating: RatingRead, where: str) -> None:
        """Warn once per label the ratings table does not hold."""
        if not rating.unknown_label or rating.label is None:
            return
        key = rating.label.casefold()
        if key in self._unknown:
            return
        self._unknown.add(key)
        self.warnings.append(
            f"the rating {rating.label!r} ({where}, and wherever else it stands) is not in the "
            "ratings table: kept as the source's quote, with no stance; if you know what it "
            "means, add it to 'ratings: labels:' in claimcheck.yaml"
        )


def parse_date(value: str) -> dt.date | None:
    """The date of an ISO date or date-time ('2016-12-20', '2016-12-20T10:00:00Z'), else
    None."""
    found = _DATE.match(value.strip())
    if found is None:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None
