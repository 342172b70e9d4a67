"""What the YAML reader refuses, seen through the commands: a located error or finding, never
a traceback, and the file left as it was. Numbers too long to read and dates that are not ISO
dates or RFC 3339 date-times with an offset, in a record, in the settings or in a sidecar."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from helpers import ARTICLE, good_record, write
from typer.testing import Result

from claimcheck.errors import ClaimcheckError

HUGE = "9" * 5000
COMMANDS = [["check"], ["list"], ["show", "bad"], ["report"], ["fmt", "--check"]]


def _no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(
    ("field", "line", "column"),
    [
        (f"part_of: {HUGE}", 7, 10),
        (f"cumulative: {HUGE}", 7, 13),
        (f"quantity:\n  value: {HUGE}", 8, 10),
        (f"history:\n  - at: {HUGE}", 8, 9),
        ("history:\n  - at: 9999-12-31T23:59:59-12:00\n    status: unverified\n    by: a\n"
         "    note: n", 8, 5),
        ("history:\n  - at: 0001-01-01T00:00:00+14:00\n    status: unverified\n    by: a\n"
         "    note: n", 8, 5),
        ("as_of: 1482192000", 7, 1),
        ("as_of: 0", 7, 1),
        ("history:\n  - at: 1700000000\n    status: unverified\n    by: a\n    note: n", 8, 5),
    ],
    ids=["part_of", "cumulative", "value", "at", "at-past-9999", "at-before-1", "as_of-number",
         "as_of-zero", "at-number"],
)  # fmt: skip
def test_a_bad_value_in_a_record_is_located_in_every_command(
    run: Run, empty: Path, command: list[str], field: str, line: int, column: int
) -> None:
    text = good_record("bad") + field + "\n"
    path = write(empty, "claims/bad.yaml", text)
    result = run(empty, *command)
    _no_traceback(result)
    # report describes the registry (a record that does not load among it) and exits 0
    assert result.exit_code in ((0,) if command == ["report"] else (1, 2)), result.output
    assert f"claims/bad.yaml:{line}:{column}: " in result.output, result.output
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != ["fmt", "--check"]], ids=" ".join)
def test_a_huge_number_in_the_settings_is_located(
    run: Run, empty: Path, command: list[str]
) -> None:
    write(empty, "claims/bad.yaml", good_record("bad"))
    write(empty, "claimcheck.yaml", f"tolerance: {HUGE}\n")
    result = run(empty, *command)
    _no_traceback(result)
    assert result.exit_code == 2, result.output
    assert "claimcheck.yaml:1:12: error: a number of 5,000 characters" in result.stderr


def test_a_huge_number_in_a_sidecar_is_located(run: Run, empty: Path) -> None:
    from claimcheck.documents import sidecar_info

    write(empty, "seeds/other.txt", "The evacuation has brought out 37,500 people so far.\n")
    write(empty, "seeds/other.txt.meta.yaml", f"title: x\npublished: {HUGE}\n")
    with pytest.raises(ClaimcheckError) as caught:
        sidecar_info(empty, "seeds/other.txt")
    assert str(caught.value).startswith("seeds/other.txt.meta.yaml:2:12: a number of 5,000")
    write(empty, "claims/bad.yaml", good_record("bad").replace(ARTICLE, "seeds/other.txt"))
    for command in COMMANDS:
        result = run(empty, *command)
        _no_traceback(result)
        assert result.exit_code in (0, 1, 2)
