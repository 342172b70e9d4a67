"""The `claimcheck extract` table reads at 80 columns as at 160: no column squeezed to a few
characters, no claim id, name or date folded in the middle."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ARTICLE, Run

SCORE_COLUMN = 5  # 'score' and '0.82': the one column meant to be narrow
NARROWEST = 10  # any other column: 'as of' holds a date, 2016-12-21


def _table(run: Run, root: Path, width: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run(root, "extract", ARTICLE)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def _column_widths(lines: list[str]) -> list[int]:
    """The inner widths of the columns, read off the table's top border ('┏━━┳━━━┓')."""
    top = next(line for line in lines if line.startswith("\u250f"))
    return [len(part) - 2 for part in re.split("[\u250f\u2533\u2513]", top)[1:-1]]


def _words_that_must_stay_whole(run: Run, root: Path) -> set[str]:
    result = run(root, "extract", ARTICLE, "--format", "json")
    words = {"Cavusoglu", "2016-12-20", "2016-12-21"}
    for candidate in json.loads(result.stdout)["candidates"]:
        words.update(match["id"] for match in candidate["matches"])
    return words


@pytest.mark.parametrize("width", range(80, 161, 4))
def test_no_column_is_squeezed_and_nothing_is_folded(
    run: Run, shipped: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _table(run, shipped, width, monkeypatch)
    assert all(len(line) <= width for line in lines)
    score, *others = _column_widths(lines)
    assert score == SCORE_COLUMN
    assert others and min(others) >= NARROWEST, (width, others)
    text = "\n".join(lines)
    for word in _words_that_must_stay_whole(run, shipped):
        assert word in text, f"{word!r} is folded at {width} columns"


def test_a_wide_terminal_keeps_a_column_for_each_field(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _table(run, shipped, 160, monkeypatch)
    header = next(line for line in lines if "score" in line)
    for name in ("sentence", "figure / interval", "claimant", "as of", "matches"):
        assert name in header
    assert len(_column_widths(lines)) == 6


def test_a_narrow_terminal_gives_each_candidate_one_block(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _table(run, shipped, 80, monkeypatch)
    assert len(_column_widths(lines)) == 2
    text = "\n".join(line.strip("\u2502 ") for line in lines)
    assert "37,500 people  [37,450, 37,550)" in text
    assert "Mevlut Cavusoglu, as of 2016-12-20" in text
    assert "match: aleppo-evacuated-total REFUTED 1.00  already refuted!" in text
