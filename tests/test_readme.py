"""The README stays true: every command it shows works as shown, and every command is in it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
import typer.main
from conftest import REPO, Run
from typer.core import TyperGroup

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


def _command_names(group: TyperGroup, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            names += _command_names(command, f"{prefix}{name} ")
        else:
            names.append(prefix + name)
    return names


def test_every_command_is_documented() -> None:
    from claimcheck.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    names = _command_names(group)
    assert len(names) >= 12
    for name in names:
        assert f"### `claimcheck {name}" in README or f"`claimcheck {name}`" in README, name


def _agrees(shown: object, real: object) -> bool:
    """Whether what the README shows is part of the real data (lists: each item found in it)."""
    if isinstance(shown, dict) and isinstance(real, dict):
        return all(key in real and _agrees(value, real[key]) for key, value in shown.items())
    if isinstance(shown, list) and isinstance(real, list):
        return all(any(_agrees(item, candidate) for candidate in real) for item in shown)
    if isinstance(shown, str) and isinstance(real, str) and shown.endswith("..."):
        return real.startswith(shown[:-3].rstrip())
    return shown == real


def test_the_record_shown_is_the_shipped_record() -> None:
    import yaml

    section = README[README.index("## The record") :]
    shown = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    real = yaml.safe_load((REPO / "claims" / f"{shown['id']}.yaml").read_text(encoding="utf-8"))
    assert len(shown["history"]) == 2 and len(shown["sources"]) == 2
    for key, value in shown.items():
        assert key in real and _agrees(value, real[key]), key
    assert shown["history"][0] == {**real["history"][0], "note": shown["history"][0]["note"]}
    assert shown["history"][-1]["at"] == real["history"][-1]["at"]


def test_the_distribution_name_given_is_the_one_built() -> None:
    import importlib.metadata

    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    name = re.search(r'^name = "([^"]+)"$', pyproject, re.M).group(1)  # type: ignore[union-attr]
    # the index's "claimcheck" is another project; the README tells users which name is ours
    assert name != "claimcheck"
    assert f"`pip install {name}`" in README
    assert importlib.metadata.version(name) == __import__("claimcheck").__version__
