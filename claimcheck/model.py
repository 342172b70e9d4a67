"""The claim record and its parts, as pydantic v2 models.

A record is one YAML file under ``claims/``. The models check shape and types only (unknown
fields are refused); whether a record agrees with its document, its sources and other records is
the business of the cross-checks. ``Claim.to_data`` gives the canonical form that ``fmt`` writes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from .quantity import Qualifier, Quantity, QuantityError, parse_quantity, quantity_from_data
from .vocab import Stance, Status
from .yamlscalars import DATE_PATTERN, DATETIME_PATTERN, parse_date, parse_datetime

__all__ = [
    "SLUG_MAX_LENGTH",
    "SLUG_PATTERN",
    "Anchor",
    "Claim",
    "DocumentInfo",
    "HistoryEntry",
    "Source",
    "check_slug",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80
_SLUG_RE = re.compile(SLUG_PATTERN)


def check_slug(value: str) -> str:
    # fullmatch: '$' in match() would also accept a trailing newline ("x\n").
    if not _SLUG_RE.fullmatch(value) or len(value) > SLUG_MAX_LENGTH:
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters, digits and single hyphens, "
            f"at most {SLUG_MAX_LENGTH} characters (e.g. aleppo-evacuated-total)"
        )
    return value


def _to_quantity(value: Any) -> Quantity:
    try:
        # text, the common case, read directly (quantity_from_data imports the grammar each call)
        return parse_quantity(value) if type(value) is str else quantity_from_data(value)
    except QuantityError as err:
        raise ValueError(str(err)) from None


def _strict_date(value: Any) -> dt.date:
    # Only a date or its ISO text: pydantic alone would also take 0 or 1482192000 for a day.
    if type(value) is dt.date:  # as the reader gives it: the one check
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError(f"expected a date written YYYY-MM-DD, not {_what(value)}")


def _strict_utc_datetime(value: Any) -> dt.datetime:
    # Only a date and time with its offset, or its RFC 3339 text; kept in UTC.
    if type(value) is dt.datetime and value.tzinfo is dt.timezone.utc:
        return value  # in UTC already, as the reader gives '...Z': astimezone would give it
    moment: dt.datetime
    if isinstance(value, str):
        moment = parse_datetime(value)
    elif isinstance(value, dt.datetime):
        moment = value
    else:
        raise ValueError(
            "expected a date and time written RFC 3339 with an offset "
            f"(e.g. 2026-11-26T14:00:00Z), not {_what(value)}"
        )
    if moment.utcoffset() is None:
        raise ValueError(
            f"{moment.isoformat()} has no offset; add one (Z for UTC, or +hh:mm / -hh:mm)"
        )
    try:
        return moment.astimezone(dt.timezone.utc)
    except OverflowError:
        raise ValueError(
            f"{moment.isoformat()} is outside the years 1 to 9999 once converted to UTC"
        ) from None


def _what(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, bool) or value is None:
        return str(value).lower() if value is not None else "null"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return f"a {type(value).__name__}"


def _spelling_pattern(name: str) -> str:
    """A JSON Schema pattern for the spellings the loader reads as a qualifier: any case,
    words joined by '_' or by spaces and hyphens ('more than', 'More-Than', 'more_than')."""
    words = ["".join(f"[{c.lower()}{c.upper()}]" for c in word) for word in name.split("_")]
    return r"^[\s-]*" + r"(?:_|[\s-]+)".join(words) + r"[\s-]*$"


_QUALIFIERS = [qualifier.value for qualifier in Qualifier]
# The loader reads numbers given as numbers or as numeric text ("37,500"), and a key left
# empty (null) as not given; the schema must not refuse what the loader accepts.
_NUMBER_OR_TEXT: dict[str, Any] = {
    "anyOf": [{"type": "number"}, {"type": "string", "minLength": 1}, {"type": "null"}]
}

QUANTITY_JSON_SCHEMA: dict[str, Any] = {
    "description": (
        "A figure: shorthand text such as '37,500 people', 'more than 400,000 people', "
        "'about 750', 'between 1,200 and 1,312 people', 'nearly six years', or a mapping."
    ),
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "integer"},
        {"type": "number"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "value": _NUMBER_OR_TEXT,
                "qualifier": {
                    "anyOf": [
                        {"enum": _QUALIFIERS},
                        *(
                            {"type": "string", "pattern": _spelling_pattern(name)}
                            for name in _QUALIFIERS
                        ),
                        {"type": "null"},
                    ]
                },
                "lower": _NUMBER_OR_TEXT,
                "upper": _NUMBER_OR_TEXT,
                "unit": {"anyOf": [{"type": "string", "minLength": 1}, {"type": "null"}]},
                "step": _NUMBER_OR_TEXT,
            },
        },
    ],
}

Slug = Annotated[
    str,
    AfterValidator(check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}),
]
Text = Annotated[str, Field(min_length=1)]
QuantityField = Annotated[
    Quantity,
    PlainValidator(_to_quantity),
    PlainSerializer(lambda q: q.to_data()),
    WithJsonSchema(QUANTITY_JSON_SCHEMA),
]
# The loader reads a plain YYYY-MM-DD as a date and an RFC 3339 date-time as a datetime, and
# quoted text of the same forms is taken too; the schema says exactly that, so the two agree.
IsoDate = Annotated[
    dt.date,
    PlainValidator(_strict_date),
    PlainSerializer(lambda value: value.isoformat(), when_used="json"),
    WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{DATE_PATTERN}$"}),
]
UtcDatetime = Annotated[
    dt.datetime,
    PlainValidator(_strict_utc_datetime),
    PlainSerializer(lambda value: value.isoformat().replace("+00:00", "Z"), when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": f"^{DATETIME_PATTERN}$"}),
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    def to_data(self) -> dict[str, Any]:
        """Canonical plain data: fields in model order, unset and empty ones left out."""
        data: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            # Unset, empty and false fields are left out: a record says only what it knows.
            if value is None or value is False or value == [] or value == "":
                continue
            data[name] = _plain(value)
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_data()
    if isinstance(value, Quantity):
        return value.to_data()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Status | Stance):
        return value.value
    return value


# The parts of a record are validated as part of a Claim, whose validator holds its own copy of
# theirs: each part's own validator is built when first used alone, not at import (a twentieth
# of `show`'s start-up).
_PART_OF_A_CLAIM = ConfigDict(defer_build=True)


class Anchor(_Record):
    """Where the claim stands in its document (W3C text quote + text position selectors).

    >>> import claimcheck
    >>> anchor = claimcheck.open_registry().claims["aleppo-evacuated-total"].anchor
    >>> anchor.exact
    'brought out 37,500 people since late last week'
    """

    model_config = _PART_OF_A_CLAIM

    document: Text = Field(description="Path of the document, relative to the registry root.")
    exact: Text = Field(description="The document's exact words for the claim.")
    prefix: str = Field("", description="Text just before the quote (kept by the tool).")
    suffix: str = Field("", description="Text just after the quote (kept by the tool).")
    # strict: "5" or 5.0 is not silently taken for 5 (the schema says integer).
    start: int | None = Field(
        None, ge=0, strict=True, description="Code-point offset of the quote's start."
    )
    end: int | None = Field(
        None, ge=0, strict=True, description="Code-point offset just past the quote."
    )


class Source(_Record):
    """A publication that reports a figure for the claim's subject.

    >>> import claimcheck
    >>> source = claimcheck.Source(publisher="OCHA", quantity="nearly 19,000 people")
    >>> source.publisher, str(source.quantity)
    ('OCHA', 'nearly 19,000 people')
    """

    model_config = _PART_OF_A_CLAIM

    publisher: Text
    via: str | None = Field(
        None, description="The original publisher when this is a copy of a wire or agency report."
    )
    title: str | None = None
    url: str | None = None
    archive_url: str | None = None
    published: IsoDate | None = None
    retrieved: IsoDate | None = None
    as_of: IsoDate | None = Field(None, description="The date the source's figure refers to.")
    measure: str | None = Field(
        None, description="Only when the source counts something other than the claim's measure."
    )
    quantity: QuantityField | None = None
    quote: str | None = Field(None, description="The source's own words.")
    language: str | None = None
    stance: Stance | None = Field(None, description="Declared stance; derived when absent.")


class HistoryEntry(_Record):
    """One change to a record: when, to what status, by whom and why.

    >>> import claimcheck
    >>> first = claimcheck.open_registry().claims["aleppo-evacuated-total"].history[0]
    >>> first.status.value, first.by
    ('unverified', 'claimcheck maintainers')
    """

    model_config = _PART_OF_A_CLAIM

    at: UtcDatetime
    status: Status
    by: Text
    note: Text


class Claim(_Record):
    """A factual claim, anchored in its document, with its sources and review status.

    >>> import claimcheck
    >>> claim = claimcheck.open_registry().claims["syria-war-deaths"]
    >>> claim.claim
    'The Syrian war has killed more than 400,000 people.'
    >>> claim.status.value, str(claim.quantity)
    ('supported', 'more than 400,000 people')
    """

    id: Slug
    claim: Text = Field(description="The claim in a sentence.")
    claimant: str | None = Field(None, description="Who made the claim.")
    subject: str | None = Field(
        None, description="What is counted; claims sharing subject and measure are compared."
    )
    measure: str | None = Field(None, description="How it is counted.")
    quantity: QuantityField | None = None
    # strict: YAML 1.2 has only true and false; 'yes', 'on' or 1 are not taken for true.
    cumulative: bool = Field(
        False, strict=True, description="A running total: it can rise, never fall."
    )
    as_of: IsoDate | None = Field(None, description="The date the figure refers to.")
    part_of: Slug | None = Field(
        None, description="Id of a claim whose figure contains this one's."
    )
    # None only for a claim imported from elsewhere (claimcheck import): it has no document yet.
    anchor: Anchor | None = None
    sources: list[Source] = Field(default_factory=list)
    status: Status = Status.UNVERIFIED
    history: list[HistoryEntry] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        """The claim as a small table, for a notebook (every text escaped)."""
        from .notebook import html_table  # only in a notebook: html's import is not free

        figure = str(self.quantity) if self.quantity is not None else ""
        rows = [
            ("claim", self.claim),
            ("claimant", self.claimant or ""),
            ("quantity", figure),
            ("as of", self.as_of.isoformat() if self.as_of else ""),
            ("status", self.status.value),
            ("sources", len(self.sources)),
        ]
        return html_table(self.id, ("field", "value"), rows)


class DocumentInfo(_Record):
    """What is known of a document: where it was published and when."""

    title: str | None = None
    published: IsoDate | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
