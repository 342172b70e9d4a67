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


def test_history_times_are_utc() -> None:
    naive = HistoryEntry.model_validate(
        {"at": dt.datetime(2020, 1, 2, 3, 4, 5), "status": "supported", "by": "a", "note": "n"}
    )
    assert naive.at == dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    plus_two = dt.timezone(dt.timedelta(hours=2))
    shifted = HistoryEntry.model_validate(
        {"at": dt.datetime(2020, 1, 2, 3, 0, tzinfo=plus_two), "status": "supported",
         "by": "a", "note": "n"}
    )  # fmt: skip
    assert shifted.at == dt.datetime(2020, 1, 2, 1, 0, tzinfo=dt.timezone.utc)
    assert shifted.at.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("field", ["by", "note"])
def test_history_needs_who_and_why(field: str) -> None:
    data = {"at": dt.datetime(2020, 1, 1), "status": "supported", "by": "a", "note": "n"}
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
        history=[{"at": dt.datetime(2020, 1, 1, 12), "status": "supported", "by": "a",
                  "note": "n"}],
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
