"""`claimcheck report` on a large registry: a summary of what needs attention, filters, and
rendering that streams in bounded memory.

The registries come from benchmarks/generate.py (realistic claims with planted conflicts).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, Run, edit_record
from helpers import error_lines

from claimcheck import report_summary
from claimcheck.engine import CheckResult, check
from claimcheck.render.formatters import REPORT_FORMATTERS
from claimcheck.render.report_lines import json_chunks, report_lines
from claimcheck.render.safe import to_json
from claimcheck.report import (
    SHOWN_AT_MOST,
    SUMMARY_ABOVE,
    Report,
    build_report,
    needing_attention,
    report_data,
)
from claimcheck.store import Store
from claimcheck.writes import atomic_writer

LARGE = SUMMARY_ABOVE + 50


def _generator() -> ModuleType:
    name = "claimcheck_benchmarks_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """generated(n): a registry of n claims, made once per module; do not edit it."""
    made: dict[int, Path] = {}
    generate = _generator().generate

    def generated(n: int) -> Path:
        if n not in made:
            made[n] = tmp_path_factory.mktemp(f"generated-{n}")
            generate(made[n], n, 0)
        return made[n]

    return generated


@pytest.fixture
def large(registries: Callable[[int], Path]) -> Path:
    return registries(LARGE)


def _report(root: Path) -> Report:
    return build_report(check(Store(root)))


def _json(run: Run, root: Path, *args: str) -> dict[str, Any]:
    result = run(root, "report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _needing_attention(data: dict[str, Any]) -> list[str]:
    """The ids of the claims of a JSON report that need attention, in its order."""
    return [
        c["id"]
        for c in data["claims"]
        if c["status_disagrees_with_verdict"]
        or any(f["severity"] == "error" for f in c["findings"])
    ]


def _titles(data: dict[str, Any]) -> set[str]:
    return {f"{c['subject']} / {c['measure']}" for c in data["comparisons"]}


def test_large_registry_summary_shows_what_needs_attention(
    large: Path, run: Run, tmp_path: Path
) -> None:
    root = tmp_path / "registry"
    shutil.copytree(large, root)
    data = _json(run, root)
    calm = next(c for c in data["claims"] if not c["findings"] and c["status"] == "supported")
    edit_record(root, f"claims/{calm['id']}.yaml", status="refuted")  # now it disagrees
    data = _json(run, root)
    attention = set(_needing_attention(data))
    assert calm["id"] in attention and 0 < len(attention) < len(data["claims"])

    result = run(root, "report")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert f"claims that need attention ({len(attention)})" in text
    shown = {c["id"] for c in data["claims"] if c["id"] + " " in text or c["id"] + "…" in text}
    assert attention <= shown  # ids may be cut to the column, never left out
    assert len(shown) < len(data["claims"])
    assert "--all" in text and "--subject SUBJECT" in text and "--claim ID" in text
    # only the comparisons of groups that need attention
    groups = {
        f"{c['subject']} / {c['measure']}"
        for c in data["comparisons"]
        if attention & set(c["claims"])
    }
    titles = _titles(data)
    assert all(title in text for title in groups)
    assert not any(title + "\n" in text for title in titles - groups)


def test_all_shows_every_claim_and_comparison(large: Path, run: Run, tmp_path: Path) -> None:
    data = _json(run, large)
    target = tmp_path / "report.txt"
    result = run(large, "report", "--all", "--output", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert f"claims ({len(data['claims'])})" in text
    assert "--claim ID" not in text  # no hint: nothing is left out
    for title in _titles(data):
        assert title in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_subject_and_claim_filters(large: Path, run: Run) -> None:
    data = _json(run, large)
    subject = data["comparisons"][0]["subject"]
    one = _json(run, large, "--subject", subject)
    assert one["summary"]["selected_from"] == len(data["claims"])
    assert {c["subject"] for c in one["comparisons"]} == {subject}
    assert 0 < len(one["claims"]) < len(data["claims"])

    claim = data["claims"][-1]["id"]
    picked = _json(run, large, "--claim", claim)
    assert [c["id"] for c in picked["claims"]] == [claim]
    assert all(claim in c["claims"] for c in picked["comparisons"])
    assert {f["claim"] for f in picked["findings"]} <= {claim}

    both = _json(run, large, "--claim", claim, "--subject", subject)
    assert {c["id"] for c in both["claims"]} == {c["id"] for c in one["claims"]} | {claim}
    # a small selection gets the full table report
    table = run(large, "report", "--claim", claim)
    assert table.exit_code == 0 and claim in table.stdout and "need attention" not in table.stdout


@pytest.mark.parametrize(
    ("option", "message"),
    [("--subject", "no claim has the subject 'no-such-thing'"), ("--claim", "no claim has the id")],
)
def test_unknown_subject_or_claim_is_exit_two(
    shipped: Path, run: Run, option: str, message: str
) -> None:
    result = run(shipped, "report", option, "no-such-thing")
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and message in error_lines(result)[0]
    assert result.stdout == ""


def test_a_close_name_is_suggested(shipped: Path, run: Run) -> None:
    result = run(shipped, "report", "--claim", "aleppo-evacuated-totl")
    assert result.exit_code == 2
    assert "did you mean 'aleppo-evacuated-total'?" in error_lines(result)[0]


def test_small_registry_with_all_is_the_full_report(shipped: Path, run: Run) -> None:
    assert run(shipped, "report", "--all").stdout == run(shipped, "report").stdout


@pytest.mark.parametrize("fixture", ["shipped", "large"])
def test_streamed_json_is_the_json_report(
    fixture: str, request: pytest.FixtureRequest, run: Run
) -> None:
    root: Path = request.getfixturevalue(fixture)
    report = _report(root)
    assert "".join(json_chunks(report)) == to_json(report_data(report)) + "\n"
    empty = Report([], [], [], report.summary)
    assert json.loads("".join(json_chunks(empty)))["claims"] == []


@pytest.mark.parametrize("width", [80, 160])
def test_lines_fit_the_width(large: Path, width: int) -> None:
    report = _report(large)
    lines = "".join(
        chunk for chunk in report_lines(report, width, summary=False) if isinstance(chunk, str)
    ).splitlines()
    # findings are whole lines, like check's; everything else fits
    assert max(len(line) for line in lines if ": X" not in line and ": S" not in line) <= width


def _peak_rendering(report: Report, summary: bool) -> int:
    """Peak memory traced while the report is rendered and written to a sink."""
    written = 0
    tracemalloc.start()
    try:
        chunks: Iterator[object] = report_lines(
            needing_attention(report) if summary else report, 200, summary=summary
        )
        for chunk in chunks:
            written += len(chunk) if isinstance(chunk, str) else 1
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert written > 0


@pytest.mark.parametrize("summary", [True, False])
def test_rendering_memory_does_not_grow_with_the_registry(
    registries: Callable[[int], Path], summary: bool
) -> None:
    small, big = _report(registries(LARGE)), _report(registries(4 * LARGE))
    assert len(big.claims) == 4 * len(small.claims)
    _peak_rendering(big, summary)  # fill the caches (bounded) that both then use
    ratio = _peak_rendering(big, summary) / _peak_rendering(small, summary)
    assert ratio < 2, ratio  # a rendering held whole would grow about 4 times


def test_a_stream_that_fails_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("the old report\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target, replace=True) as handle:
        handle.write(b"half of a new ")
        raise RuntimeError("stopped")
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_reader_that_stops_early_is_not_an_error(large: Path) -> None:
    """`claimcheck report --all | head -1`: the report stops quietly when the pipe closes."""
    child = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "--root", str(large), "report", "--all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
    )
    assert child.stdout is not None and child.stderr is not None
    assert "claimcheck report" in child.stdout.readline().decode()
    child.stdout.close()  # far more than a pipe's buffer is still to come
    errors = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0, errors
    assert errors == ""


@pytest.mark.parametrize("most", [SHOWN_AT_MOST, 3])
def test_the_summary_made_directly_is_the_summary_of_the_whole_report(
    large: Path, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    """`report` above the threshold builds the summary without a row for every claim; it must be
    the summary `needing_attention` takes from the whole report, field for field, whether it
    lists every claim that needs attention or the first few."""
    monkeypatch.setattr(report_summary, "SHOWN_AT_MOST", most)
    result = check(Store(large))
    direct = build_report(result, attention_only=True)
    assert direct == needing_attention(build_report(result))
    assert 0 < len(direct.claims) < len(result.digests)  # a summary, not everything or nothing
    assert len(direct.claims) <= most
    assert direct.comparisons and needing_attention(direct) is direct
    assert direct.documents == []  # the table does not show them: their texts are not read


def test_a_long_summary_lists_the_first_claims_and_counts_the_rest(
    large: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _json(run, large)
    attention = _needing_attention(data)
    most = 3
    assert len(attention) > most  # the registry has more to list than the summary shows
    monkeypatch.setattr(report_summary, "SHOWN_AT_MOST", most)
    result = run(large, "report")
    assert result.exit_code == 0, result.output
    text = result.stdout
    listed, unlisted = attention[:most], attention[most:]
    assert f"claims that need attention (the first {most} of {len(attention)})" in text
    assert f"… and {len(unlisted)} more that need attention" in text
    assert f"Shown: the first {most} of the {len(attention)} claims that need attention" in text
    section = text.split("claims that need attention (the first")[1].split("+/-: independent")[0]
    starts = {line[:30] for line in section.splitlines()}  # ids may be cut to their column
    assert {i[:30] for i in listed} <= starts
    assert not {i[:30] for i in unlisted} & starts
    # the comparisons of the listed claims, and no other
    lines = text.splitlines()
    drawn = {
        line.removesuffix(" (running total)")
        for line, below in itertools.pairwise(lines)
        if below.startswith("  date ")
    }
    listed_in = {
        f"{c['subject']} / {c['measure']}"
        for c in data["comparisons"]
        if set(listed) & set(c["claims"])
    }
    assert drawn == listed_in
    # the findings of the listed claims, and of no other
    findings = text.split("\nfindings (")[1]
    assert all(
        not line.startswith("claims/" + i + ".") for i in unlisted for line in findings.splitlines()
    )
    assert all("claims/" + i + ".yaml:" in findings for i in listed)


def _summary_memory(result: CheckResult) -> tuple[int, int]:
    """Memory traced while the default table report of a checked registry is built and
    written to a sink, beyond the check: what the report holds once built, and the peak."""
    written = 0
    tracemalloc.start()
    try:
        report = build_report(result, attention_only=True)
        held = tracemalloc.get_traced_memory()[0]
        for chunk in REPORT_FORMATTERS["table"]().chunks(report, 200):
            written += len(chunk) if isinstance(chunk, str) else 1
        return held, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert written > 0


def test_the_summary_memory_does_not_grow_with_what_needs_attention(
    registries: Callable[[int], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default report of a large registry holds the rows it lists (at most
    SHOWN_AT_MOST claims and their comparisons), not a row for each claim that needs attention:
    at four times the claims (and four times as many that need attention) it holds about what
    it held (1.2 times), and while it is made, the names of each subject and measure (to count
    the comparisons) are what grows (1.4 times). Listing every claim that needs attention, both
    grew 2.7-2.9 times."""
    monkeypatch.setattr(report_summary, "SHOWN_AT_MOST", 5)
    small, big = check(Store(registries(LARGE))), check(Store(registries(4 * LARGE)))
    assert len(build_report(small, attention_only=True).claims) == 5
    _summary_memory(big)  # fill the caches (bounded) that both then use
    (small_held, small_peak), (big_held, big_peak) = _summary_memory(small), _summary_memory(big)
    assert big_held / small_held < 1.6, (small_held, big_held)
    assert big_peak / small_peak < 2, (small_peak, big_peak)
