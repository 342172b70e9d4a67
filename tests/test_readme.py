"""The README stays true: every command it shows works as shown, and every command is in it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
from conftest import REPO, Run

README = (REPO / "README.md").read_text(encoding="utf-8")


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def _commands_section() -> str:
    start = README.index("## Commands")
    return README[start : README.index("\n## ", start + 1)]


def _commands() -> list[list[str]]:
    commands = []
    for block in _shell_blocks(_commands_section()):
        for line in block.splitlines():
            if line.startswith("claimcheck "):
                commands.append(shlex.split(line)[1:])
    return commands


def test_setup_is_two_one_line_commands() -> None:
    setup = README[README.index("## Set up") : README.index("## What the shipped")]
    blocks = _shell_blocks(setup)
    assert [len(block.strip().splitlines()) for block in blocks] == [1, 1]
    main_job, tests = (block.strip() for block in blocks)
    assert main_job.endswith(".venv/bin/claimcheck report")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f'TEST_COMMAND="{tests}"' in ci


def test_every_command_shown_works_as_shown(
    shipped: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as a new user would: from the registry's root, the registry found from there
    monkeypatch.chdir(shipped)
    commands = _commands()
    assert len(commands) >= 15
    for argv in commands:
        argv = [arg.replace("/tmp/", f"{tmp_path}/") for arg in argv]
        result = run(None, *argv)
        assert result.exit_code == 0, (argv, result.output)
    # what the examples made is really there
    assert (tmp_path / "my-registry" / "claimcheck.yaml").is_file()
    assert (tmp_path / "claimcheck-report.md").read_text(encoding="utf-8").startswith("#")
    assert (shipped / "claims" / "fuaa-kafraya-besieged.yaml").is_file()
    # and the registry still checks clean of errors after them
    assert run(shipped, "check").exit_code == 0


def _command_names(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [prefix + (info.name or info.callback.__name__) for info in group.registered_commands]
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        names += _command_names(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_every_command_is_documented() -> None:
    from claimcheck.cli import app

    names = _command_names(app)
    assert len(names) >= 12
    for name in names:
        assert f"### `claimcheck {name}" in README or f"`claimcheck {name}`" in README, name
