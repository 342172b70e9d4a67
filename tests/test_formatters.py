"""One formatter class per output format: the CLI offers exactly the registered names, writes
what the class yields, and a formatter needs only the public fields of a check's result."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import Run
from helpers import child_env

import claimcheck
from claimcheck.render import formatters
from claimcheck.render.formatters import (
    CHECK_FORMATTERS,
    REPORT_FORMATTERS,
    CheckedFindings,
    CheckFormatter,
    check_format,
    format_help,
)


def _flat(text: str) -> str:
    """Words as shown, without the boxes and line breaks of typer's help and errors."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def _offered(run: Run, root: Path, command: str) -> list[str]:
    """The --format choices the CLI offers, as its refusal of an unknown one lists them."""
    result = run(root, command, "--format", "no-such-format")
    assert result.exit_code == 2
    return re.findall(r"'([a-z-]+)'", _flat(result.stderr).partition("is not one of")[2])


@pytest.mark.parametrize(
    ("command", "registry"), [("check", CHECK_FORMATTERS), ("report", REPORT_FORMATTERS)]
)
def test_the_format_choices_are_the_registered_formatters(
    run: Run, shipped: Path, command: str, registry: dict[str, type]
) -> None:
    assert _offered(run, shipped, command) == list(registry)
    assert len(registry) >= 4


@pytest.mark.parametrize("name", list(CHECK_FORMATTERS))
def test_every_check_format_runs(run: Run, shipped: Path, name: str) -> None:
    result = run(shipped, "check", "--format", name)
    assert result.exit_code == 0, result.output  # the shipped registry has no errors
    assert result.stdout.strip()


@pytest.mark.parametrize("name", list(REPORT_FORMATTERS))
def test_every_report_format_runs(run: Run, shipped: Path, name: str) -> None:
    result = run(shipped, "report", "--format", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


def test_the_format_help_is_made_from_the_registry(run: Run) -> None:
    for command, registry in (("check", CHECK_FORMATTERS), ("report", REPORT_FORMATTERS)):
        shown = _flat(run(None, command, "--help").stdout)
        for name, formatter in registry.items():
            assert f"{name}: {formatter.description}" in shown, name


def _text(chunks: Iterable[object]) -> str:
    parts = list(chunks)
    assert all(isinstance(part, str) for part in parts)
    return "".join(str(part) for part in parts)


@pytest.mark.parametrize("name", ["concise", "json", "github", "sarif"])
def test_a_check_format_reads_only_the_public_result(run: Run, shipped: Path, name: str) -> None:
    """The library's CheckResult (findings, summary(), has_errors and nothing of the engine)
    is enough: formatted, it is the CLI's output to the byte."""
    result = claimcheck.open_registry(shipped).check()
    assert result.findings  # something to format
    text = _text(CHECK_FORMATTERS[name]().chunks(result, shipped))
    assert run(shipped, "check", "--format", name).stdout == text


def test_the_concise_summary_goes_to_stderr(run: Run, shipped: Path) -> None:
    result = claimcheck.open_registry(shipped).check()
    [note] = CHECK_FORMATTERS["concise"]().notes(result)
    done = run(shipped, "check", "--format", "concise")
    assert note.startswith("Found ") and done.stderr.strip() == note
    assert note not in done.stdout


def test_adding_a_format_is_adding_a_class(monkeypatch: pytest.MonkeyPatch, shipped: Path) -> None:
    monkeypatch.setattr(formatters, "CHECK_FORMATTERS", dict(CHECK_FORMATTERS))

    @check_format
    class Codes(CheckFormatter):
        name = "codes"
        description = "the codes found, one a line"

        def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> list[str]:
            return [f"{finding.code}\n" for finding in result.findings]

    assert formatters.CHECK_FORMATTERS["codes"] is Codes
    assert "codes: the codes found, one a line." in format_help(formatters.CHECK_FORMATTERS)
    result = claimcheck.open_registry(shipped).check()
    assert _text(Codes().chunks(result, shipped)) == "S105\nS105\n"


@pytest.mark.parametrize(
    "argv", [["check", "--format", name] for name in CHECK_FORMATTERS] + [["report"]]
)
def test_a_reader_that_left_ends_the_output_quietly(shipped: Path, argv: list[str]) -> None:
    """`claimcheck check | head`: the reader is gone; the command stops, no error, no trace."""
    reader, writer = os.pipe()
    os.close(reader)  # gone before the first byte: every write meets a closed pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "claimcheck", "--root", str(shipped), *argv],
            stdout=writer,
            stderr=subprocess.PIPE,
            env=child_env(),
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    # text ends normally (0); Rich ends a renderable's run with 1, as Python's docs advise: never
    # 2, the code of an error, and never a word about it
    assert done.returncode in (0, 1), done.stderr
    assert "Broken pipe" not in done.stderr and "Exception" not in done.stderr, done.stderr
