"""claimcheck import: reviews from the fact-checking world become sources; claimcheck's own
exports come back as the same claims and statuses; nothing is lost, duplicated or half-done."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Run, snapshot
from exchangekit import CLAIMS_SEARCH, GRAPH, claim_ids, do_import, write_json
from helpers import record_data

from claimcheck.exchange.matching import normal_text
from claimcheck.exchange.ratings import RatingsSettings, read_rating
from claimcheck.vocab import Stance


def test_a_claims_search_response_imports_with_its_ratings_mapped(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    before = set(claim_ids(shipped))
    result = do_import(run, shipped, write_json(tmp_path / "search.json", CLAIMS_SEARCH))
    assert "(factcheck-api)" in result.stderr
    deaths = record_data(shipped, "syria-war-deaths")
    new_sources = deaths["sources"][-2:]
    assert new_sources[0] == {
        "publisher": "Example Check",
        "title": "Has the war killed 400,000?",
        "url": "https://check.example.org/2016/syria-deaths",
        "published": new_sources[0]["published"],
        "quote": "Mostly True",
        "language": "en",
        "stance": "supports",
    }
    assert str(new_sources[0]["published"]) == "2016-12-22"
    # a label in another language: kept as the quote, no stance, warned about once
    assert new_sources[1]["publisher"] == "verif.example.fr"
    assert new_sources[1]["quote"] == "Plut\u00f4t vrai" and "stance" not in new_sources[1]
    assert result.stderr.count("Plut\u00f4t vrai") == 1
    assert deaths["status"] == "supported"  # a person's status is left alone
    assert deaths["history"][-1]["by"] == "importer"
    assert "Example Check ('Mostly True')" in deaths["history"][-1]["note"]
    # the unmatched claim is new, unverified, without a document
    [new_id] = set(claim_ids(shipped)) - before
    new = record_data(shipped, new_id)
    assert new["claim"] == "Turkey says 50,000 people have left east Aleppo."
    assert new["status"] == "unverified" and "anchor" not in new
    assert new["claimant"] == "Unnamed official"
    assert [s.get("stance") for s in new["sources"]] == ["contradicts", None]
    assert len(new["history"]) == 1


def test_a_claimreview_graph_imports_with_its_ratings_mapped(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    do_import(run, shipped, write_json(tmp_path / "page.json", GRAPH))
    aleppo = record_data(shipped, "aleppo-evacuated-total")["sources"][-1]
    assert aleppo["publisher"] == "Example Desk"  # followed from {"@id": "#desk"}
    assert aleppo["quote"] == "False" and aleppo["stance"] == "contradicts"
    assert aleppo["url"] == "https://desk.example.org/aleppo#37500"
    assert aleppo["language"] == "en"
    fuaa = record_data(shipped, "fuaa-kafraya-evacuated")["sources"][-1]
    assert fuaa["stance"] == "supports"  # 5 on a scale of 1 to 5
    assert fuaa["quote"] == "rated 5 on a scale of 1 to 5"


def test_one_claimreview_object_or_a_list(run: Run, empty: Path, tmp_path: Path) -> None:
    review = GRAPH["@graph"][2] | {"author": {"@type": "Organization", "name": "Desk"}}
    do_import(run, empty, write_json(tmp_path / "one.json", review))
    do_import(run, empty, write_json(tmp_path / "list.json", [review]))
    [claim_id] = claim_ids(empty)
    data = record_data(empty, claim_id)
    assert len(data["sources"]) == 1  # the same review twice is one source
    assert data["claimant"] == "Mevlut Cavusoglu" and str(data["as_of"]) == "2016-12-20"


def test_dry_run_shows_and_writes_nothing(run: Run, shipped: Path, tmp_path: Path) -> None:
    before = snapshot(shipped)
    result = do_import(run, shipped, write_json(tmp_path / "s.json", CLAIMS_SEARCH), "--dry-run")
    assert snapshot(shipped) == before
    assert "would add 2 sources to claims/syria-war-deaths.yaml" in result.stdout
    assert "would create claims/" in result.stdout


def test_importing_the_same_file_twice_changes_nothing(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    for name, data in (("s.json", CLAIMS_SEARCH), ("g.json", GRAPH)):
        path = write_json(tmp_path / name, data)
        do_import(run, shipped, path)
        after_first = snapshot(shipped)
        second = do_import(run, shipped, path)
        assert snapshot(shipped) == after_first
        assert "changed 0 claim(s)" in second.stderr


def test_a_review_rated_otherwise_since_is_reported_not_added(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    do_import(run, shipped, write_json(tmp_path / "s.json", CLAIMS_SEARCH))
    changed = json.loads(json.dumps(CLAIMS_SEARCH).replace("Mostly True", "Half True"))
    before = snapshot(shipped)
    result = do_import(run, shipped, write_json(tmp_path / "later.json", changed))
    assert snapshot(shipped) == before
    assert "rated 'Mostly True'" in result.stderr and "'Half True'" in result.stderr


def round_trip(run: Run, shipped: Path, tmp_path: Path, *export_args: str) -> Path:
    fresh = tmp_path / "fresh"
    assert run(None, "init", str(fresh)).exit_code == 0
    exported = tmp_path / "export.out"
    result = run(shipped, "export", *export_args, "--output", str(exported))
    assert result.exit_code == 0, result.stderr
    do_import(run, fresh, exported)
    return fresh


def test_claimreview_export_imports_back_as_the_same_claims(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    run(shipped, "status", "syria-war-deaths", "unverified", "--note", "Reopened.", "--by", "t")
    fresh = round_trip(run, shipped, tmp_path, "--format", "claimreview", "--base-url",
                       "https://example.org/c/")  # fmt: skip
    reviewed = [i for i in claim_ids(shipped) if record_data(shipped, i)["status"] != "unverified"]
    assert claim_ids(fresh) == reviewed
    for claim_id in reviewed:
        old, new = record_data(shipped, claim_id), record_data(fresh, claim_id)
        for key in ("claim", "claimant", "status"):
            assert new.get(key) == old.get(key), (claim_id, key)
        assert "anchor" not in new and new.get("sources") is None


def test_csv_export_imports_back_as_the_same_claims_and_sources(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    fresh = round_trip(run, shipped, tmp_path, "--format", "csv")
    sources = tmp_path / "sources.csv"
    assert run(shipped, "export", "--format", "csv", "--sources", "-o", str(sources)).exit_code == 0
    do_import(run, fresh, sources)
    assert claim_ids(fresh) == claim_ids(shipped)
    for claim_id in claim_ids(shipped):
        old, new = record_data(shipped, claim_id), record_data(fresh, claim_id)
        for key in ("claim", "claimant", "subject", "measure", "quantity", "cumulative",
                    "as_of", "part_of", "status", "tags", "sources"):  # fmt: skip
            assert new.get(key) == old.get(key), (claim_id, key)
    # the registry's own files, imported again into it, change nothing
    before = snapshot(shipped)
    do_import(run, shipped, tmp_path / "export.out")
    do_import(run, shipped, sources)
    assert snapshot(shipped) == before


def test_csv_keeps_formula_like_text_and_negative_numbers(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    csv_text = (
        "id,claim,claimant,subject,measure,quantity,cumulative,as_of,part_of,status,"
        "status_date,document,quote,tags,sources\r\n"
        "cold,'=HYPERLINK(\"http://x\") was said,'@someone,-10,,,false,,,refuted,,,,'-10; "
        "+1,0\r\n"
    )
    (tmp_path / "in.csv").write_text(csv_text, encoding="utf-8")
    do_import(run, empty, tmp_path / "in.csv")
    data = record_data(empty, "cold")
    assert data["claim"] == '=HYPERLINK("http://x") was said'
    assert data["claimant"] == "@someone" and data["tags"] == ["-10", "+1"]
    assert data["subject"] == "-10"  # a plain negative number, as it was
    exported = run(empty, "export", "--format", "csv").stdout
    [row] = list(csv.DictReader(io.StringIO(exported, newline="")))
    assert row["claim"] == '\'=HYPERLINK("http://x") was said'
    assert (row["claimant"], row["subject"], row["tags"]) == ("'@someone", "-10", "'-10; +1")


def test_check_tells_imported_claims_apart(run: Run, shipped: Path, tmp_path: Path) -> None:
    do_import(run, shipped, write_json(tmp_path / "s.json", CLAIMS_SEARCH))
    result = run(shipped, "check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    findings = json.loads(result.stdout)["findings"]
    no_document = [f for f in findings if f["code"] == "A107"]
    assert len(no_document) == 1 and no_document[0]["severity"] == "info"
    assert not any(f["code"].startswith("A") and f["code"] != "A107" and
                   f["claim"] == no_document[0]["claim"] for f in findings)  # fmt: skip
    shown = run(shipped, "show", no_document[0]["claim"])
    assert shown.exit_code == 0 and "no document" in shown.stdout


def test_text_that_looks_like_rich_markup_is_kept_as_text(
    run: Run, empty: Path, tmp_path: Path
) -> None:
    data = [{"claims": [{"text": "[bold red]Up to 10[/] people [sic]", "claimReview": []}]}]
    result = do_import(run, empty, write_json(tmp_path / "m.json", data))
    assert "[bold red]Up to 10[/] people [sic]" in result.stdout
    [claim_id] = claim_ids(empty)
    assert record_data(empty, claim_id)["claim"] == "[bold red]Up to 10[/] people [sic]"


@pytest.mark.parametrize(
    ("label", "stance"),
    [
        ("True", Stance.SUPPORTS),
        ("mostly-true", Stance.SUPPORTS),
        ("Half True", Stance.CONTEXT),
        ("Misleading", Stance.CONTEXT),
        ("MOSTLY FALSE", Stance.CONTRADICTS),
        ("Pants on Fire!", Stance.CONTRADICTS),
        ("Unproven", Stance.CONTEXT),
        ("Conflicting Evidence/Cherrypicking", Stance.CONTEXT),
        ("Falso", None),
        ("Sort of", None),
    ],
)
def test_labels_map_to_stances_and_unknown_ones_are_not_guessed(
    label: str, stance: Stance | None
) -> None:
    read = read_rating(RatingsSettings(), label, 5, 1, 5)  # the number never overrides a label
    assert read.stance == stance
    assert read.unknown_label == (stance is None)


@pytest.mark.parametrize(
    ("value", "worst", "best", "stance"),
    [
        (1, 1, 5, Stance.CONTRADICTS),
        (2, 1, 5, Stance.CONTRADICTS),
        (3, 1, 5, Stance.CONTEXT),
        (4, 1, 5, Stance.SUPPORTS),
        (9, 0, 10, Stance.SUPPORTS),
        (5, None, None, Stance.SUPPORTS),  # schema.org's default scale
        (7, 1, 5, None),  # off its own scale: not guessed
    ],
)
def test_numbers_map_on_their_own_scale(
    value: float, worst: float | None, best: float | None, stance: Stance | None
) -> None:
    assert read_rating(RatingsSettings(), None, value, worst, best).stance == stance


def test_the_settings_add_labels(run: Run, shipped: Path, tmp_path: Path) -> None:
    with (shipped / "claimcheck.yaml").open("a", encoding="utf-8") as handle:
        handle.write("ratings:\n  labels: {'Plut\u00f4t vrai': supports}\n")
    result = do_import(run, shipped, write_json(tmp_path / "s.json", CLAIMS_SEARCH))
    assert "Plut\u00f4t vrai" not in result.stderr
    assert record_data(shipped, "syria-war-deaths")["sources"][-1]["stance"] == "supports"


def test_matching_ignores_form_but_not_figures() -> None:
    assert normal_text("The war has killed 400,000 people.") == normal_text(
        "the war has KILLED 400000 people"
    )
    assert normal_text("Killed 1.5 million") != normal_text("Killed 15 million")
    assert normal_text("Fuaa and Kafraya\u2019s people") == normal_text("Fuaa and Kafraya's people")


def test_forms_seen_in_the_wild_are_read(run: Run, empty: Path, tmp_path: Path) -> None:
    review = {
        "@context": "http://schema.org",
        "@type": "http://schema.org/ClaimReview",
        "claimReviewed": "Rebels shelled the corridor.",
        "author": "Desk",  # a bare name
        "inLanguage": [{"@type": "Language", "name": "English", "alternateName": "en"}],
        # the words decide; a number written as a fraction is not needed, so not refused
        "reviewRating": {"@type": "Rating", "alternateName": "Misleading", "ratingValue": "2/5"},
        "itemReviewed": [{"@type": "Claim", "author": {"@type": "Person", "name": "A. Spokesman",
                                                       "affiliation": {"name": "Ministry"}}}],
    }  # fmt: skip
    page = {"@type": "WebPage", "mainEntity": review}
    do_import(run, empty, write_json(tmp_path / "page.json", page))
    [claim_id] = claim_ids(empty)
    data = record_data(empty, claim_id)
    assert data["claimant"] == "A. Spokesman (Ministry)"
    assert data["sources"] == [
        {"publisher": "Desk", "quote": "Misleading", "language": "en", "stance": "context"}
    ]


def test_a_contradicting_review_is_evidence_the_check_weighs(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    review = {
        "publisher": {"name": "Check A"},
        "url": "https://a.example/1",
        "textualRating": "False",
    }
    data = {"claims": [{"text": "750 people had been evacuated from Fuaa and Kafraya.",
                        "claimReview": [review]}]}  # fmt: skip
    do_import(run, shipped, write_json(tmp_path / "r.json", data))
    assert record_data(shipped, "fuaa-kafraya-evacuated")["status"] == "supported"
    result = run(shipped, "check", "--select", "V101", "--format", "json")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["claim"] == "fuaa-kafraya-evacuated" and "Check A" in finding["message"]
