"""Ratings: a claim's status as a ClaimReview rating, and a fact-checker's rating as a stance.

Export turns each status into a schema.org ``Rating`` through the ``ratings:`` table of
``claimcheck.yaml`` (the defaults below, on a scale of 1 = false to 5 = true, as Google asks:
the closer to ``bestRating``, the truer). Import goes the other way for reviews from elsewhere:
a textual rating ("Mostly false") becomes the stance of the source the review turns into,
through a table of common English labels that ``ratings: labels:`` extends. A label the table
does not hold (another language, a house style) is kept as the source's quote and left without
a stance: it is never guessed. A rating given only as a number is placed on its own scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..vocab import Stance, Status

# The status of a claim is a reviewed status: 'unverified' is never exported, so it has none.
RATED_STATUSES = (Status.SUPPORTED, Status.DISPUTED, Status.UNPROVEN, Status.REFUTED)


class Rating(BaseModel):
    """A schema.org Rating for one status (the names are schema.org's)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rating_value: Annotated[float, Field(alias="ratingValue")]
    best_rating: Annotated[float, Field(alias="bestRating")] = 5
    worst_rating: Annotated[float, Field(alias="worstRating")] = 1
    alternate_name: Annotated[str, Field(alias="alternateName", min_length=1)]

    @model_validator(mode="after")
    def _on_its_scale(self) -> Rating:
        if not self.worst_rating < self.best_rating:
            raise ValueError("worstRating must be less than bestRating")
        if not self.worst_rating <= self.rating_value <= self.best_rating:
            raise ValueError("ratingValue must lie between worstRating and bestRating")
        return self

    def to_schema_org(self) -> dict[str, object]:
        return {
            "@type": "Rating",
            "ratingValue": _number(self.rating_value),
            "bestRating": _number(self.best_rating),
            "worstRating": _number(self.worst_rating),
            "alternateName": self.alternate_name,
        }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


DEFAULT_RATINGS: dict[Status, Rating] = {
    Status.SUPPORTED: Rating.model_validate({"ratingValue": 5, "alternateName": "Supported"}),
    Status.DISPUTED: Rating.model_validate({"ratingValue": 3, "alternateName": "Disputed"}),
    Status.UNPROVEN: Rating.model_validate({"ratingValue": 3, "alternateName": "Unproven"}),
    Status.REFUTED: Rating.model_validate({"ratingValue": 1, "alternateName": "Refuted"}),
}

# Common English labels of fact-checkers, in the form ``label_key`` gives them.
DEFAULT_LABELS: dict[str, Stance] = {
    **dict.fromkeys(
        [
            "true", "correct", "accurate", "mostly true", "mostly correct", "mostly accurate",
            "supported", "supports", "verified", "confirmed", "geppetto checkmark",
        ],
        Stance.SUPPORTS,
    ),
    **dict.fromkeys(
        [
            "false", "mostly false", "pants on fire", "incorrect", "inaccurate", "wrong",
            "fake", "not true", "fabricated", "debunked", "hoax", "refuted", "refutes",
            "three pinocchios", "four pinocchios",
        ],
        Stance.CONTRADICTS,
    ),
    **dict.fromkeys(
        [
            "half true", "half false", "mixture", "mixed", "misleading", "missing context",
            "needs context", "lacks context", "out of context", "partly true", "partly false",
            "partially true", "partially false", "exaggerated", "exaggeration", "unproven",
            "unsupported", "unverified", "disputed", "not enough evidence", "not enough info",
            "conflicting evidence", "conflicting evidence cherrypicking", "cherrypicking",
            "cherry picking", "one pinocchio", "two pinocchios",
        ],
        Stance.CONTEXT,
    ),
}  # fmt: skip

# Where a rating given only as a number falls, as a share of its scale from worst to best.
SUPPORTS_FROM, CONTRADICTS_UP_TO = 0.75, 0.25


class RatingsSettings(BaseModel):
    """The ``ratings:`` table of claimcheck.yaml: a Rating per status for export, and labels
    (``label: supports|contradicts|context``) that add to or override the import table."""

    model_config = ConfigDict(extra="forbid")

    supported: Rating | None = None
    disputed: Rating | None = None
    unproven: Rating | None = None
    refuted: Rating | None = None
    labels: dict[str, Stance] = Field(default_factory=dict)

    def rating(self, status: Status) -> Rating:
        """The Rating exported for a reviewed status."""
        chosen: Rating | None = getattr(self, status.value, None)
        return chosen if chosen is not None else DEFAULT_RATINGS[status]

    def status_of(self, alternate_name: str) -> Status | None:
        """The status whose exported rating carries this name (for claimcheck's own exports)."""
        key = label_key(alternate_name)
        for status in RATED_STATUSES:
            if label_key(self.rating(status).alternate_name) == key:
                return status
        return None

    def stance_of(self, label: str) -> Stance | None:
        """The stance a textual rating stands for, or None when the table does not hold it."""
        key = label_key(label)
        own = {label_key(name): stance for name, stance in self.labels.items()}
        return own.get(key, DEFAULT_LABELS.get(key))

    @model_validator(mode="after")
    def _names_differ(self) -> RatingsSettings:
        names = [label_key(self.rating(status).alternate_name) for status in RATED_STATUSES]
        if len(set(names)) != len(names):
            raise ValueError("each status needs its own alternateName (import tells them apart)")
        return self


_NOT_A_WORD = re.compile(r"[^\w]+")


def label_key(label: str) -> str:
    """A label's comparable form: any case, punctuation and spacing ("Pants on Fire!" and
    "pants-on-fire" are one label)."""
    return " ".join(_NOT_A_WORD.sub(" ", label.casefold()).replace("_", " ").split())


def stance_of_number(value: float, worst: float, best: float) -> Stance | None:
    """The stance of a numeric rating on its own scale (best = true), or None when the scale
    makes no sense (best not above worst, or the value outside it)."""
    if not worst < best or not worst <= value <= best:
        return None
    share = (value - worst) / (best - worst)
    if share >= SUPPORTS_FROM:
        return Stance.SUPPORTS
    if share <= CONTRADICTS_UP_TO:
        return Stance.CONTRADICTS
    return Stance.CONTEXT


@dataclass(frozen=True)
class RatingRead:
    """What a review's rating says: its words and the stance they map to (None: unknown)."""

    label: str | None
    stance: Stance | None
    unknown_label: bool = False  # a label the table does not hold: warn, never guess


def read_rating(
    settings: RatingsSettings,
    label: str | None,
    value: float | None = None,
    worst: float | None = None,
    best: float | None = None,
) -> RatingRead:
    """The stance of a review's rating. The label decides when there is one; a number decides
    only when there is no label (schema.org's default scale is 1 to 5)."""
    if label is not None and label.strip():
        stance = settings.stance_of(label)
        return RatingRead(label.strip(), stance, unknown_label=stance is None)
    if value is not None:
        low = 1.0 if worst is None else worst
        high = 5.0 if best is None else best
        return RatingRead(None, stance_of_number(value, low, high))
    return RatingRead(None, None)
