"""The record models: shape, types, ids, canonical data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from claimcheck.model import Anchor, Claim, HistoryEntry, Source, check_slug
from claimcheck.quantity import Qualifier, Quantity
from claimcheck.vocab import Stance, Status

ANCHOR = {"document": "seeds/a.txt", "exact": "the words"}


def claim(**extra: Any) -> Claim:
    return Claim.model_validate({"id": "a-claim", "claim": "A claim.", "anchor": ANCHOR, **extra})


def error_locations(err: pytest.ExceptionInfo[ValidationError]) -> list[tuple[Any, ...]]:
    return [tuple(error["loc"]) for error in err.value.errors()]


def test_minimal_record_gets_defaults() -> None:
    record = claim()
    assert record.status is Status.UNVERIFIED
    assert record.sources == []
    assert record.history == []
    assert record.tags == []
    assert record.cumulative is False
    assert record.quantity is None
    assert record.anchor.prefix == "" and record.anchor.start is None


@pytest.mark.parametrize("missing", ["id", "claim"])
def test_required_fields(missing: str) -> None:
    data = {"id": "a-claim", "claim": "A claim.", "anchor": ANCHOR}
    del data[missing]
    with pytest.raises(ValidationError) as err:
        Claim.model_validate(data)
    assert error_locations(err) == [(missing,)]


@pytest.mark.parametrize(
    ("extra", "location"),
    [
        ({"statuss": "supported"}, ("statuss",)),
        ({"anchor": {**ANCHOR, "page": 3}}, ("anchor", "page")),
        ({"sources": [{"publisher": "AFP", "link": "x"}]}, ("sources", 0, "link")),
        ({"history": [{"at": "2020-01-01T00:00:00Z", "status": "supported", "by": "a",
                       "note": "n", "why": "x"}]}, ("history", 0, "why")),
    ],
)  # fmt: skip
def test_unknown_fields_are_refused_at_every_level(
    extra: dict[str, Any], location: tuple[Any, ...]
) -> None:
    with pytest.raises(ValidationError) as err:
        claim(**extra)
    assert location in error_locations(err)


@pytest.mark.parametrize(
    "value",
    ["aleppo-evacuated-total", "a", "x1-2y", "a" * 80],
)
def test_valid_slugs(value: str) -> None:
    assert check_slug(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Aleppo",
        "a--b",
        "-a",
        "a-",
        "a_b",
        "a b",
        "../etc/passwd",
        "a/b",
        "..",
        "a.yaml",
        "a\n",  # re's '$' alone would accept a trailing newline
        "\na",
        "a" * 81,
        "caf\u00e9",
    ],
)
def test_invalid_slugs_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="is not a valid id"):
        check_slug(value)
    with pytest.raises(ValidationError):
        claim(id=value)


def test_part_of_must_be_a_slug() -> None:
    assert claim(part_of="whole-claim").part_of == "whole-claim"
    with pytest.raises(ValidationError):
        claim(part_of="../whole")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("claim", 123),
        ("claim", ""),
        ("status", "Supported"),
        ("status", "maybe"),
        ("tags", "one-tag"),
        ("tags", [""]),
        ("as_of", "someday"),
        ("cumulative", "yes"),  # YAML 1.2: only true and false are booleans
        ("cumulative", 1),
        ("sources", {"publisher": "AFP"}),
    ],
)
def test_wrong_types_are_refused(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as err:
        claim(**{field: value})
    assert error_locations(err)[0][0] == field


@pytest.mark.parametrize("value", ["5", 5.0, -1, True])
def test_anchor_offsets_are_whole_numbers(value: Any) -> None:
    with pytest.raises(ValidationError):
        Anchor.model_validate({**ANCHOR, "start": value})
    assert Anchor.model_validate({**ANCHOR, "start": 5}).start == 5


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("37,500 people", Quantity(Qualifier.EXACT, 37500, unit="people")),
        ("more than 400,000 people", Quantity(Qualifier.MORE_THAN, 400000, unit="people")),
        (750, Quantity(Qualifier.EXACT, 750)),
        ({"value": 750, "qualifier": "about", "unit": "people"},
         Quantity(Qualifier.ABOUT, 750, unit="people")),
        ({"lower": 1200, "upper": 1312, "qualifier": "between"},
         Quantity(Qualifier.BETWEEN, lower=1200, upper=1312)),
    ],
)  # fmt: skip
def test_quantity_field_reads_shorthand_numbers_and_mappings(given: Any, expected: Any) -> None:
    assert claim(quantity=given).quantity == expected


@pytest.mark.parametrize(
    "given", ["lots", "", True, [750], {"value": 750, "colour": "red"}, {"qualifier": "about"}]
)
def test_quantity_that_is_not_one_is_refused(given: Any) -> None:
    with pytest.raises(ValidationError) as err:
        claim(quantity=given)
    assert error_locations(err) == [("quantity",)]


UTC = dt.timezone.utc


def test_history_times_are_kept_in_utc_and_need_an_offset() -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    shifted = HistoryEntry.model_validate(
        {"at": dt.datetime(2020, 1, 2, 3, 0, tzinfo=plus_two), "status": "supported",
         "by": "a", "note": "n"}
    )  # fmt: skip
    assert shifted.at == dt.datetime(2020, 1, 2, 1, 0, tzinfo=UTC)
    assert shifted.at.utcoffset() == dt.timedelta(0)
    # A time without an offset is not taken for UTC: which zone was meant is unknown.
    with pytest.raises(ValidationError, match="has no offset"):
        HistoryEntry.model_validate(
            {"at": dt.datetime(2020, 1, 2, 3, 4, 5), "status": "supported", "by": "a",
             "note": "n"}
        )  # fmt: skip


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(-dt.timedelta(hours=12))),
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=14))),
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_a_time_that_leaves_the_calendar_in_utc_is_an_error_not_a_crash(at: Any) -> None:
    with pytest.raises(ValidationError, match="outside the years 1 to 9999") as err:
        HistoryEntry.model_validate({"at": at, "status": "supported", "by": "a", "note": "n"})
    assert error_locations(err) == [("at",)]


# Values for the date fields (as_of, published, retrieved) and the history time, each with
# whether it is one. The loader (pydantic) and the JSON Schema must agree on every one.
DATE_VALUES: list[tuple[Any, bool]] = [
    ("2016-12-20", True),
    ("2016-02-29", True),
    ("0001-01-01", True),
    ("9999-12-31", True),
    (0, False),
    (1482192000, False),
    (1482192000.5, False),
    (True, False),
    ("", False),
    ("1482192000", False),
    ("2016-12-20T00:00:00Z", False),
    ("2016-12-20 ", False),
    ("20161220", False),
    ("2016-1-2", False),
    ("2016-W51-2", False),
    ("16-12-20", False),
    ("2016-13-01", False),
    ("2015-02-29", False),
    ("0000-01-01", False),
    ("\uff12\uff10\uff11\uff16-12-20", False),  # full-width digits
    (["2016-12-20"], False),
]
DATETIME_VALUES: list[tuple[Any, bool]] = [
    ("2026-11-26T14:00:00Z", True),
    ("2026-11-26t14:00:00z", True),
    ("2026-11-26T14:00:00+02:00", True),
    ("2026-11-26T14:00:00-00:30", True),
    ("2026-11-26T14:00:00.123456Z", True),
    (1700000000, False),
    (0, False),
    ("1700000000", False),
    ("2026-11-26", False),
    ("2026-11-26T14:00:00", False),
    ("2026-11-26 14:00:00Z", False),
    ("2026-11-26T14:00Z", False),
    ("2026-11-26T14:00:00+0200", False),
    ("2026-11-26T14:00:00+02", False),
    ("2026-11-26T25:00:00Z", False),
    ("2026-11-26T14:00:60Z", False),
    ("2026-02-30T14:00:00Z", False),
    ("2026-11-26T14:00:00+24:00", False),
    ("9999-12-31T23:59:59-12:00", False),
    ("0001-01-01T00:00:00+14:00", False),
    ("", False),
]


def _schema_accepts(schema: dict[str, Any], value: Any) -> bool:
    import jsonschema

    formats = jsonschema.FormatChecker()
    # jsonschema checks "date-time" only with an extra package; Python's own ISO reader stands
    # in for it (the schema's pattern has already fixed the form).
    formats.checks("date-time", raises=ValueError)(_python_reads_as_datetime)
    return jsonschema.Draft202012Validator(schema, format_checker=formats).is_valid(value)


def _python_reads_as_datetime(value: object) -> bool:
    if isinstance(value, str):
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


def _field_schema(path: list[str]) -> dict[str, Any]:
    from claimcheck.schema import record_schema

    schema = record_schema()
    node: dict[str, Any] = schema
    for part in path:
        node = node["properties"][part]
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "items" in node:
            node = schema["$defs"][node["items"]["$ref"].rsplit("/", 1)[-1]]
    return {**node, "$defs": schema["$defs"]}


@pytest.mark.parametrize(("value", "good"), DATE_VALUES, ids=repr)
def test_loader_and_schema_agree_on_dates(value: Any, good: bool) -> None:
    schema = _field_schema(["as_of"])
    assert _schema_accepts(schema, value) is good
    try:
        claim(as_of=value, sources=[{"publisher": "A", "published": value}])
    except ValidationError as err:
        assert not good
        assert [error["loc"] for error in err.errors()] == [
            ("as_of",),
            ("sources", 0, "published"),
        ]
    else:
        assert good


@pytest.mark.parametrize(("value", "good"), DATETIME_VALUES, ids=repr)
def test_loader_and_schema_agree_on_history_times(value: Any, good: bool) -> None:
    entry = {"at": value, "status": "supported", "by": "a", "note": "n"}
    # The agreement on a history entry: pattern and format for the time, the rest shared.
    schema = _field_schema(["history"])
    time_only = schema["properties"]["at"]
    assert _schema_accepts(time_only, value) is good or _out_of_range_in_utc(value)
    try:
        HistoryEntry.model_validate(entry)
    except ValidationError as err:
        assert not good
        assert [error["loc"] for error in err.errors()] == [("at",)]
    else:
        assert good


def _out_of_range_in_utc(value: Any) -> bool:
    # A JSON Schema cannot compute a UTC conversion; these two are valid RFC 3339 text that the
    # loader refuses because UTC is past the calendar's end. The schema is the looser here.
    return value in ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00")


def test_dates_from_yaml_load_as_written() -> None:
    from claimcheck.yamlio import parse_yaml

    data = parse_yaml(
        "as_of: 2016-12-20\nsources:\n  - publisher: A\n    published: '2016-12-19'\n"
    ).data
    record = claim(**data)
    assert record.as_of == dt.date(2016, 12, 20)
    assert record.sources[0].published == dt.date(2016, 12, 19)


@pytest.mark.parametrize("field", ["by", "note"])
def test_history_needs_who_and_why(field: str) -> None:
    data = {"at": dt.datetime(2020, 1, 1, tzinfo=UTC), "status": "supported", "by": "a",
            "note": "n"}  # fmt: skip
    data[field] = ""
    with pytest.raises(ValidationError):
        HistoryEntry.model_validate(data)


def test_source_fields() -> None:
    source = Source.model_validate(
        {"publisher": "Arab News", "via": "AFP", "quantity": "about 750 people",
         "stance": "supports", "published": dt.date(2016, 12, 20)}
    )  # fmt: skip
    assert source.stance is Stance.SUPPORTS
    assert source.quantity == Quantity(Qualifier.ABOUT, 750, unit="people")
    with pytest.raises(ValidationError):
        Source.model_validate({"publisher": "X", "stance": "agrees"})
    with pytest.raises(ValidationError):
        Source.model_validate({"via": "AFP"})


def test_to_data_is_canonical_and_leaves_out_what_is_unknown() -> None:
    record = claim(
        tags=["evacuation"],
        quantity={"value": 37500, "unit": "people"},
        status="supported",
        sources=[{"publisher": "AFP", "stance": "supports"}],
        history=[{"at": dt.datetime(2020, 1, 1, 12, tzinfo=UTC), "status": "supported",
                  "by": "a", "note": "n"}],
    )  # fmt: skip
    data = record.to_data()
    assert list(data) == ["id", "claim", "quantity", "anchor", "sources", "status", "history",
                          "tags"]  # fmt: skip
    assert data["quantity"] == "37,500 people"
    assert data["anchor"] == {"document": "seeds/a.txt", "exact": "the words"}
    assert data["sources"] == [{"publisher": "AFP", "stance": "supports"}]
    assert data["status"] == "supported"
    assert data["history"][0]["at"] == dt.datetime(2020, 1, 1, 12, tzinfo=dt.timezone.utc)
    assert Claim.model_validate(data) == record


def test_cumulative_true_is_kept_in_canonical_data() -> None:
    assert claim(cumulative=True).to_data()["cumulative"] is True
    assert "cumulative" not in claim(cumulative=False).to_data()
