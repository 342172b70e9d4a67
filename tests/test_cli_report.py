"""`claimcheck report`: the consistency report in its three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run, edit_record
from helpers import error_lines


def _report_json(root: Path, run: Run) -> dict:
    result = run(root, "report", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_each_claim_with_status_verdict_and_findings(shipped: Path, run: Run) -> None:
    data = _report_json(shipped, run)
    claims = {claim["id"]: claim for claim in data["claims"]}
    assert len(claims) == 9
    for claim in claims.values():
        assert claim["verdict"] in {"supported", "disputed", "refuted", "unproven"}
        assert claim["status"] in {"unverified", "supported", "disputed", "refuted", "unproven"}
        assert isinstance(claim["findings"], list)
        assert claim["reason"].startswith(claim["verdict"])
    assert data["summary"]["claims"] == 9
    assert set(data["summary"]["findings"]) == {"error", "warning", "info"}


def test_json_compares_figures_per_subject_and_measure_in_time_order(
    shipped: Path, run: Run
) -> None:
    data = _report_json(shipped, run)
    comparison = next(
        c
        for c in data["comparisons"]
        if (c["subject"], c["measure"]) == ("east-aleppo-evacuation", "people-evacuated")
    )
    assert comparison["cumulative"] is True
    dates = [figure["date"] for figure in comparison["figures"] if figure["date"]]
    assert dates == sorted(dates)
    claim_rows = [f for f in comparison["figures"] if f["is_claim"]]
    assert [f["figure"] for f in claim_rows] == ["37,500 people"]
    relations = {f["figure"]: f["relation"] for f in comparison["figures"] if not f["is_claim"]}
    assert relations["about 34,000 people"] == "contradicts"
    assert relations["at least 25,000 people"] == "context"
    assert relations["16,200 people"] == "contradicts"
    # every source figure says why, in words
    assert all(f["reason"] for f in comparison["figures"])


def test_report_exits_zero_whatever_it_finds(shipped: Path, run: Run) -> None:
    (shipped / "claims" / "broken.yaml").write_text("id: [broken\n", encoding="utf-8")
    edit_record(shipped, "claims/aleppo-evacuated-total.yaml", status="supported")
    data = _report_json(shipped, run)
    assert data["summary"]["files_not_loaded"] == ["claims/broken.yaml"]
    assert data["summary"]["findings"]["error"] >= 2
    assert "aleppo-evacuated-total" in data["summary"]["status_disagrees_with_verdict"]
    assert run(shipped, "report").exit_code == 0


@pytest.mark.parametrize("width", [80, 200])
def test_table_fits_the_terminal(
    shipped: Path, run: Run, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(shipped, "report")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    text = result.stdout
    assert "claimcheck report" in text
    assert "east-aleppo-evacuation / people-evacuated (running total)" in text
    assert "contradicts" in text
    # the forest plot is drawn only where there is room for it
    assert ("on one scale" in text) is (width >= 130)


def test_markdown_report(shipped: Path, run: Run) -> None:
    result = run(shipped, "report", "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# claimcheck report\n")
    assert "## Claims" in text
    assert "## east-aleppo-evacuation / people-evacuated (running total)" in text
    assert "| aleppo-evacuated-total |" in text


def test_markdown_escapes_what_would_become_markup(shipped: Path, run: Run) -> None:
    edit_record(
        shipped,
        "claims/aleppo-evacuated-total.yaml",
        claim="[click](http://evil) | <b>*The*</b> evacuation of east Aleppo",
    )
    markdown = run(shipped, "report", "--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| aleppo-evacuated"))
    assert "\\[click](http://evil) \\| \\<b\\>\\*The\\*\\</b\\>" in row
    assert row.count(" | ") == 7  # the cell's own '|' did not add a column


def test_output_file(shipped: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    result = run(shipped, "report", "--format", "markdown", "--output", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# claimcheck report")
    table = tmp_path / "report.txt"
    assert run(shipped, "report", "--output", str(table)).exit_code == 0
    assert "claimcheck report" in table.read_text(encoding="utf-8")
    assert "\x1b" not in table.read_text(encoding="utf-8")


def test_output_into_a_missing_folder_is_exit_two(shipped: Path, run: Run, tmp_path: Path) -> None:
    result = run(shipped, "report", "--output", str(tmp_path / "no" / "such" / "dir.md"))
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"{tmp_path / 'no' / 'such' / 'dir.md'}: error: no such folder "
        f"{str(tmp_path / 'no' / 'such')!r}"
    ]
    assert not (tmp_path / "no").exists()
