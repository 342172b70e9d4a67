"""``claimcheck extract``: the shipped article, --add into an empty registry, --interactive,
and files that cannot be read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ARTICLE, REPO, Run, snapshot


def _candidates(run: Run, root: Path, *args: str) -> list[dict[str, object]]:
    result = run(root, "extract", ARTICLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"] == ARTICLE
    return data["candidates"]  # type: ignore[no-any-return]


def _by_figure(candidates: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {c["figure"]["text"]: c for c in candidates}  # type: ignore[index]


def test_the_article_gives_its_figures_claimants_dates_and_matches(run: Run, shipped: Path) -> None:
    found = _by_figure(_candidates(run, shipped))
    total = found["37,500 people"]
    assert total["claimant"] == "Mevlut Cavusoglu"
    assert total["as_of"] == "2016-12-20"
    assert total["figure"]["quantity"] == "37,500 people"  # type: ignore[index]
    assert total["figure"]["interval"] == "[37,450, 37,550)"  # type: ignore[index]
    assert total["counts"]["phrase"] == "people"  # type: ignore[index]
    (match,) = total["matches"]  # type: ignore[misc]
    assert match["id"] == "aleppo-evacuated-total" and match["verdict"] == "refuted"
    assert match["refuted"] is True and total["refuted_match"] is True
    assert found["750 people"]["claimant"] == "Ingy Sedky (Red Cross)"
    assert found["more than 400,000 people"]["claimant"] is None
    assert found["more than 400,000 people"]["as_of"] == "2016-12-21"
    assert found["more than 400,000 people"]["matches"][0]["id"] == "syria-war-deaths"  # type: ignore[index]
    assert found["more than 400,000 people"]["matches"][0]["verdict"] == "supported"  # type: ignore[index]


def test_every_shipped_claim_is_a_match_of_its_own_sentence(run: Run, shipped: Path) -> None:
    candidates = _candidates(run, shipped)
    matched = {m["id"] for c in candidates for m in c["matches"]}  # type: ignore[attr-defined]
    shipped_ids = {path.stem for path in (shipped / "claims").glob("*.yaml")}
    assert matched == shipped_ids
    for candidate in candidates:
        sentence = candidate["sentence"]
        text = (shipped / ARTICLE).read_text(encoding="utf-8")
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]  # type: ignore[index]


def test_the_table_is_sorted_by_score_and_flags_a_refuted_figure(run: Run, shipped: Path) -> None:
    result = run(shipped, "extract", ARTICLE)
    assert result.exit_code == 0, result.output
    assert "REFUTED" in result.stdout and "already refuted!" in result.stdout
    scores = [float(c["score"]) for c in _candidates(run, shipped)]  # type: ignore[arg-type]
    assert scores == sorted(scores, reverse=True)


def test_add_into_an_empty_registry_builds_records_that_check_accepts(
    run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "new"
    assert run(None, "init", str(root)).exit_code == 0
    shutil.copy2(REPO / ARTICLE, root / ARTICLE)
    result = run(root, "extract", ARTICLE, "--add", "--date", "2016-12-21", "--by", "Desk")
    assert result.exit_code == 0, result.output
    records = sorted((root / "claims").glob("*.yaml"))
    assert len(records) >= 5
    check = run(root, "check")
    assert check.exit_code == 0, check.output
    text = "\n".join(path.read_text(encoding="utf-8") for path in records)
    assert "Extracted from seeds/" in text and "status: unverified" in text
    assert "claimant: Mevlut Cavusoglu" in text and "as_of: 2016-12-20" in text
    # again: every candidate is already anchored, nothing is added or changed
    before = snapshot(root)
    again = run(root, "extract", ARTICLE, "--add", "--date", "2016-12-21", "--by", "Desk")
    assert again.exit_code == 0 and "already anchored" in again.output
    assert snapshot(root) == before


def test_add_skips_what_the_registry_already_anchors(run: Run, shipped: Path) -> None:
    result = run(shipped, "extract", ARTICLE, "--add", "--by", "Desk")
    assert result.exit_code == 0, result.output
    assert "already anchored by claim 'aleppo-evacuated-total'" in result.output
    assert run(shipped, "check").exit_code == 0


def test_min_score_chooses_what_is_added(run: Run, empty: Path) -> None:
    result = run(empty, "extract", ARTICLE, "--add", "--min-score", "0.99", "--by", "Desk")
    assert result.exit_code == 0
    assert list((empty / "claims").glob("*.yaml")) == []


def test_interactive_accepts_and_skips(run: Run, shipped: Path) -> None:
    # the shipped claims anchor the best candidates: they are passed over, and the first one
    # not anchored is accepted with an id, subject and measure typed in; the next skipped
    typed = "a\nmy-own-id\nsyrian-civil-war\nwar-duration\ns\nq\n"
    result = run(shipped, "extract", ARTICLE, "--interactive", "--min-score", "0", input=typed)
    assert result.exit_code == 0, result.output
    assert "skipped: already anchored" in result.output
    assert (shipped / "claims" / "my-own-id.yaml").is_file()
    record = (shipped / "claims" / "my-own-id.yaml").read_text(encoding="utf-8")
    assert "subject: syrian-civil-war" in record and "measure: war-duration" in record


def test_interactive_marks_a_candidate_as_a_source_of_a_claim(run: Run, empty: Path) -> None:
    assert run(
        empty, "add", "--claim", "Over 400,000 were killed.", "--document", ARTICLE,
        "--quote", "more than 400,000 people", "--id", "deaths", "--no-input",
    ).exit_code == 0  # fmt: skip
    typed = "o\ndeaths\nq\n"
    result = run(empty, "extract", ARTICLE, "--interactive", input=typed)
    assert result.exit_code == 0, result.output
    record = (empty / "claims" / "deaths.yaml").read_text(encoding="utf-8")
    assert "sources:" in record and "publisher: Russia, Iran and Turkey" in record


def test_a_document_outside_the_registry_is_read(run: Run, shipped: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("Officials said 1,200 people were evacuated on Monday.\n", encoding="utf-8")
    result = run(shipped, "extract", str(outside), "--format", "json", "--date", "2024-01-10")
    assert result.exit_code == 0, result.output
    (candidate, _day) = json.loads(result.stdout)["candidates"]
    assert candidate["claimant"] == "Officials" and candidate["as_of"] == "2024-01-08"
    refused = run(shipped, "extract", str(outside), "--add")
    assert refused.exit_code == 2 and "copy it into seeds/" in refused.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_hanging(run: Run, shipped: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run(shipped, "extract", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_a_missing_file_and_a_folder_are_clear_errors(run: Run, shipped: Path) -> None:
    missing = run(shipped, "extract", "seeds/nothing.txt")
    assert missing.exit_code == 2 and "no such file" in missing.output
    folder = run(shipped, "extract", "seeds")
    assert folder.exit_code == 2 and "folder" in folder.output


def test_hostile_text_is_shown_escaped(run: Run, shipped: Path, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        "Police said [bold]12[/bold] people \x1b[31mdied\x1b[0m.\n", encoding="utf-8"
    )
    result = run(shipped, "extract", str(article), "--date", "2024-01-10")
    assert result.exit_code == 0
    assert "\x1b[31m" not in result.stdout and "\\x1b" in result.stdout
    assert "[bold]" in result.stdout


def test_the_json_shown_in_the_readme_is_what_extract_gives(run: Run, shipped: Path) -> None:
    import re

    from test_readme import _agrees

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Starting from a new article") : readme.index("## Commands")]
    shown = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    result = run(shipped, "extract", ARTICLE, "--format", "json")
    real = json.loads(result.stdout)
    assert _agrees({k: v for k, v in shown.items() if k != "candidates"}, real)
    (example,) = shown["candidates"]
    assert any(_agrees(example, candidate) for candidate in real["candidates"])
