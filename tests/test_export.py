"""claimcheck export: ClaimReview JSON-LD that meets Google's documented fields, CSV that a
spreadsheet cannot run, and the full records as JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO, Run, snapshot
from helpers import error_lines, json_data, record_data
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.config import Config
from claimcheck.exchange.claimreview import party, short_claim, status_date
from claimcheck.exchange.csvio import guard_cell, unguard_cell
from claimcheck.exchange.ratings import DEFAULT_RATINGS
from claimcheck.model import Claim

SCHEMA = json.loads((Path(__file__).parent / "claimreview.schema.json").read_text("utf-8"))
BASE = "https://factchecks.example.org/claims/"
ARTICLE_URL = "https://example.org/2016/12/21/russia-iran-turkey"


def claimreview_validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def with_desk(root: Path) -> None:
    """The shipped settings, with a desk and the article's address."""
    path = root / "claimcheck.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    language: en\n", f"    language: en\n    url: {ARTICLE_URL}\n")
    text += "publisher: {name: Example Fact Check, url: https://factchecks.example.org/}\n"
    path.write_text(text, encoding="utf-8")


def export(run: Run, root: Path, *args: str) -> Any:
    result = run(root, "export", *args)
    assert result.exit_code == 0, result.stderr
    return result


def test_claimreview_meets_googles_fields(run: Run, shipped: Path) -> None:
    with_desk(shipped)
    reviews = json.loads(export(run, shipped, "--format", "claimreview", "--base-url", BASE).stdout)
    errors = [error.message for error in claimreview_validator().iter_errors(reviews)]
    assert errors == []
    claims = {path.stem: record_data(shipped, path.stem) for path in (shipped / "claims").iterdir()}
    reviewed = sorted(key for key, data in claims.items() if data["status"] != "unverified")
    assert [review["identifier"]["value"] for review in reviews] == reviewed
    for review in reviews:
        claim = claims[review["identifier"]["value"]]
        # the recommended fields are all there for this registry
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Fact Check",
            "url": "https://factchecks.example.org/",
        }
        assert review["url"] == BASE + claim["id"]
        assert len(review["claimReviewed"]) < 75
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["worstRating"] < rating["bestRating"]
        assert rating["alternateName"] == DEFAULT_RATINGS[claim["status"]].alternate_name
        item = review["itemReviewed"]
        assert item["datePublished"] == "2016-12-21"  # the document's date
        assert item["appearance"]["url"] == ARTICLE_URL
        assert item["text"] == claim["claim"]
        if "claimant" in claim:
            assert item["author"]["name"] == claim["claimant"].split(" (")[0]


def test_the_refuted_figure_is_rated_false_on_googles_scale(run: Run, shipped: Path) -> None:
    reviews = json.loads(export(run, shipped, "--format", "claimreview", "--base-url", BASE).stdout)
    [aleppo] = [r for r in reviews if r["identifier"]["value"] == "aleppo-evacuated-total"]
    assert aleppo["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Refuted",
    }
    assert aleppo["itemReviewed"]["author"] == {"@type": "Person", "name": "Mevlut Cavusoglu"}
    assert "appearance" not in aleppo["itemReviewed"]  # the shipped article has no address
    assert "author" not in aleppo  # no publisher: set


def test_unverified_claims_are_not_reviews(run: Run, shipped: Path) -> None:
    run(shipped, "status", "syria-war-deaths", "unverified", "--note", "Reopened.", "--by", "t")
    reviews = json.loads(export(run, shipped, "--format", "claimreview", "--base-url", BASE).stdout)
    assert "syria-war-deaths" not in [r["identifier"]["value"] for r in reviews]
    assert len(reviews) == 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Syrian war has killed more than 400,000 people.", None),  # fits: whole
        ("x" * 74, None),
        (
            "The evacuation of east Aleppo has brought out 37,500 people since late last week.",
            "The evacuation of east Aleppo has brought out 37,500 people since late\u2026",
        ),
    ],
)
def test_claim_reviewed_is_the_claims_sentence_under_75(text: str, expected: str | None) -> None:
    short = short_claim(text)
    assert short == (expected or text)
    assert len(short) < 75


@given(st.text(alphabet=st.sampled_from("ab ,."), min_size=0, max_size=200))
def test_claim_reviewed_is_always_short_and_a_prefix(text: str) -> None:
    short = short_claim(text)
    whole = " ".join(text.split())
    assert len(short) < 75
    assert short == whole or (short.endswith("\u2026") and whole.startswith(short[:-1]))


def test_claimants_as_people_and_bodies() -> None:
    assert party("Ingy Sedky (International Committee of the Red Cross)") == {
        "@type": "Person",
        "name": "Ingy Sedky",
        "affiliation": {
            "@type": "Organization",
            "name": "International Committee of the Red Cross",
        },
    }
    assert party("ICRC")["@type"] == "Organization"
    assert party("Syrian Observatory for Human Rights")["@type"] == "Organization"
    assert party("Sergei Lavrov") == {"@type": "Person", "name": "Sergei Lavrov"}


def test_date_published_is_the_day_the_status_was_set() -> None:
    def entry(at: str, status: str) -> dict[str, str]:
        return {"at": at, "status": status, "by": "t", "note": "n"}

    claim = Claim.model_validate(
        {
            "id": "c",
            "claim": "A claim.",
            "status": "refuted",
            "history": [
                entry("2024-01-01T10:00:00Z", "unverified"),
                entry("2024-02-03T10:00:00Z", "refuted"),
                entry("2024-03-04T10:00:00Z", "refuted"),  # a source added, same status
            ],
        }
    )
    assert status_date(claim) == "2024-02-03"


def test_ratings_come_from_the_settings(run: Run, shipped: Path) -> None:
    with (shipped / "claimcheck.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "ratings:\n  refuted: {ratingValue: 0, bestRating: 10, worstRating: 0, "
            "alternateName: Wrong}\n"
        )
    reviews = json.loads(export(run, shipped, "--format", "claimreview", "--base-url", BASE).stdout)
    rating = next(r for r in reviews if r["identifier"]["value"] == "aleppo-evacuated-total")
    assert rating["reviewRating"]["alternateName"] == "Wrong"
    assert rating["reviewRating"]["bestRating"] == 10


@pytest.mark.parametrize(
    ("ratings", "words"),
    [
        ("{refuted: {ratingValue: 1, bestRating: 1, worstRating: 5, alternateName: X}}", "less"),
        ("{refuted: {ratingValue: 9, alternateName: X}}", "between"),
        ("{refuted: {ratingValue: 1, alternateName: Supported}}", "its own alternateName"),
        ("{labels: {faux: wrong}}", "labels"),
    ],
)
def test_bad_ratings_settings_are_located_errors(
    run: Run, shipped: Path, ratings: str, words: str
) -> None:
    with (shipped / "claimcheck.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"ratings: {ratings}\n")
    result = run(shipped, "export", "--format", "claimreview", "--base-url", BASE)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert re.match(r"^claimcheck\.yaml:\d+:\d+: error: ", line), line
    assert words in line
    assert result.stdout == ""


def test_the_readme_shows_the_default_ratings() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `claimcheck export`") :]
    shown = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    config = Config.model_validate(shown)
    for status, rating in DEFAULT_RATINGS.items():
        assert config.ratings.rating(status) == rating


@pytest.mark.parametrize("base", [None, "ftp://example.org/", "not an address"])
def test_claimreview_needs_an_http_base_url(run: Run, shipped: Path, base: str | None) -> None:
    args = ["export", "--format", "claimreview"] + (["--base-url", base] if base else [])
    result = run(shipped, *args)
    assert result.exit_code == 2
    assert "--base-url" in result.stderr and result.stdout == ""


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_row_per_claim_or_per_source(run: Run, shipped: Path) -> None:
    claims = rows(export(run, shipped, "--format", "csv").stdout)
    sources = rows(export(run, shipped, "--format", "csv", "--sources").stdout)
    files = sorted(path.stem for path in (shipped / "claims").iterdir())
    assert [row["id"] for row in claims] == files
    counts = {
        claim_id: len(record_data(shipped, claim_id).get("sources", [])) for claim_id in files
    }
    assert {row["id"]: int(row["sources"]) for row in claims} == counts
    assert len(sources) == sum(counts.values())
    aleppo = next(row for row in claims if row["id"] == "aleppo-evacuated-total")
    assert aleppo["quantity"] == "37,500 people" and aleppo["status"] == "refuted"
    assert aleppo["tags"] == "aleppo; evacuation"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # an apostrophe of its own is kept
        ("-10", "-10"),  # a plain number is no formula
        ("+5", "+5"),
        ("-1,200.5", "-1,200.5"),
        ("'quoted'", "'quoted'"),
        ("37,500 people", "37,500 people"),
    ],
)
def test_formula_cells_are_guarded(value: str, cell: str) -> None:
    assert guard_cell(value) == cell
    assert unguard_cell(cell) == value


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r0123456789,.ax "), max_size=12))
def test_the_guard_always_reverses_and_never_leaves_a_formula(value: str) -> None:
    cell = guard_cell(value)
    assert unguard_cell(cell) == value
    plain_number = re.fullmatch(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", value)
    assert plain_number or not re.match(r"[=+\-@\t\r]", cell)


def test_json_is_the_full_records(run: Run, shipped: Path) -> None:
    data = json.loads(export(run, shipped, "--format", "json").stdout)
    files = sorted(path.stem for path in (shipped / "claims").iterdir())
    assert [record["id"] for record in data] == files
    for record in data:
        expected = json_data(record_data(shipped, record["id"]))
        for entry in expected.get("history", []):  # times as UTC with Z
            entry["at"] = entry["at"].replace("+00:00", "Z")
        assert record == expected


def test_output_is_written_whole_as_utf8(run: Run, shipped: Path, tmp_path: Path) -> None:
    run(shipped, "source", "add", "syria-war-deaths", "--publisher", "Le Monde \u00e9t\u00e9",
        "--quote", "plus de 400\u202f000 morts", "--by", "t")  # fmt: skip
    target = tmp_path / "out" / "claims.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "export", "--format", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    raw = target.read_bytes()
    assert "Le Monde \u00e9t\u00e9".encode() in raw  # UTF-8, not \\u escapes
    json.loads(raw.decode("utf-8"))
    assert [p.name for p in target.parent.iterdir()] == ["claims.json"]  # no temporary left
    assert snapshot(shipped) == before


def test_a_registry_with_a_broken_record_is_not_exported(run: Run, shipped: Path) -> None:
    (shipped / "claims" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = run(shipped, "export", "--format", "csv")
    assert result.exit_code == 2
    assert "claims/broken.yaml" in result.stderr and result.stdout == ""
