"""The command group that builds commands on demand (claimcheck/cli/lazy.py) behaves as the
group typer builds eagerly from the same commands: the same help, at any width, the same
messages for mistakes, the same exit codes; and it builds nothing it is not asked for."""

from __future__ import annotations

import copy
from importlib import import_module
from typing import Any

import pytest
import typer
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from claimcheck.cli import Commands, app
from claimcheck.cli.lazy import LazyCommands


def _target(where: str) -> Any:
    module, attribute = where.split(":")
    return getattr(import_module(f"claimcheck.cli.{module}"), attribute)


def _eager_app() -> typer.Typer:
    """The app as typer builds it when every command is registered on it: the same settings
    and global options, a plain TyperGroup, each command added in the table's order."""
    eager = copy.copy(app)
    eager.info = copy.copy(app.info)
    eager.info.cls = TyperGroup
    eager.registered_commands, eager.registered_groups = [], []
    for name, where in Commands.lazy_commands.items():
        target = _target(where)
        if isinstance(target, typer.Typer):
            eager.add_typer(target, name=name)
        else:
            eager.command(name)(target)
    return eager


COMMANDS = [[name] for name in Commands.lazy_commands] + [["source", "add"]]
MISTAKES = [
    [],
    ["frobnicate"],
    ["shw"],
    ["lst"],
    ["--bogus"],
    ["show"],
    ["show", "x", "--format", "xml"],
    ["show", "--bogus"],
    ["source"],
    ["source", "frob"],
    ["check", "--format", "nope"],
    ["extract", "--min-score", "2", "x"],
    ["add", "--as-of", "2020-13-45"],
    ["status", "x", "nope", "--note", "y"],
    ["rule"],
    ["--root"],
]


def _outcome(application: typer.Typer, args: list[str], columns: int) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        application, args, prog_name="claimcheck", env={"COLUMNS": str(columns)}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("columns", [80, 200])
def test_help_is_the_eagerly_built_groups(columns: int) -> None:
    eager = _eager_app()
    for args in [[], *COMMANDS]:
        for flag in ("--help", "-h"):
            lazy_outcome = _outcome(app, [*args, flag], columns)
            assert lazy_outcome == _outcome(eager, [*args, flag], columns), args
            assert lazy_outcome[0] == 0 and "Usage: claimcheck" in lazy_outcome[1], args
    listed = _outcome(app, ["--help"], columns)[1]
    for name in Commands.lazy_commands:  # the check can see the commands at all
        assert f" {name} " in listed, name


@pytest.mark.parametrize("columns", [80, 200])
def test_mistakes_get_the_eagerly_built_groups_messages(columns: int) -> None:
    eager = _eager_app()
    for args in MISTAKES:
        lazy_outcome = _outcome(app, args, columns)
        assert lazy_outcome == _outcome(eager, args, columns), args
        assert lazy_outcome[0] == 2, args
    assert "Did you mean 'show'?" in _outcome(app, ["shw"], columns)[2]


def test_the_commands_are_known_without_being_built() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, Commands)
    commands = group.commands
    assert isinstance(commands, LazyCommands)
    assert list(commands) == list(Commands.lazy_commands) and len(commands) == 16
    assert "show" in commands and "frobnicate" not in commands
    assert group.list_commands(None) == list(Commands.lazy_commands)
    assert commands.built() == []
    assert commands["show"].name == "show"
    assert group.get_command(None, "frobnicate") is None  # type: ignore[arg-type]
    assert commands.built() == ["show"]
    assert isinstance(commands["source"], TyperGroup)
    assert list(commands["source"].commands) == ["add"]
    assert commands.built() == ["show", "source"]


def test_a_command_can_be_added_replaced_and_removed() -> None:
    commands = LazyCommands({"show": "claims:show_claim"}, "markdown")
    built = commands["show"]
    commands["extra"] = built
    assert list(commands) == ["show", "extra"] and commands["extra"] is built
    del commands["show"]
    assert list(commands) == ["extra"] and "show" not in commands
    with pytest.raises(KeyError):
        commands["show"]
    with pytest.raises(KeyError):
        del commands["show"]
