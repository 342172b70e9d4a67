"""A typer command group that builds each command when it is first asked for.

typer turns every command of an app into a click command before it parses anything: it reads
each function's signature and annotations, after the command's module has been imported (and
``checking`` imports the formatters for its ``--format`` choices). A run invokes one command.
This group knows every command by name and by where its function lives, and builds a command,
importing its module, when click asks for it: to run it, to list it in ``--help``, to suggest
it for a mistyped name. Each is built by typer itself, as an app holding that one command
builds it, so its help, parsing and messages are the ones an eagerly built group gives
(``tests/test_lazy_commands.py`` compares the two).
"""

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module
from typing import Any, ClassVar

import typer
import typer.main
from typer.core import MarkupMode, TyperGroup


def build_command(name: str, where: str, rich_markup_mode: MarkupMode) -> Any:
    """The click command typer makes of ``where`` ('module:attribute', relative to this
    package) under ``name``: a command function, or a Typer app added as a sub-group."""
    module, attribute = where.split(":")
    target = getattr(import_module(f".{module}", __package__), attribute)
    # settings as the root app's, which typer would have passed down to the command
    holder = typer.Typer(add_completion=False, rich_markup_mode=rich_markup_mode)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_group(holder).commands[name]


class LazyCommands(MutableMapping[str, Any]):
    """Command names to click commands, in the order given; a command is built on first
    access. Names, length and membership are known without building anything."""

    def __init__(self, where: Mapping[str, str], rich_markup_mode: MarkupMode) -> None:
        self._where = dict(where)
        self._names = list(where)
        self._built: dict[str, Any] = {}
        self._rich_markup_mode = rich_markup_mode

    def built(self) -> list[str]:
        """The names of the commands built so far."""
        return [name for name in self._names if name in self._built]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._where:
                raise KeyError(name)
            self._built[name] = build_command(name, self._where[name], self._rich_markup_mode)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._where.pop(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._where.pop(name, None)
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


class LazyGroup(TyperGroup):
    """A TyperGroup whose commands are ``commands`` (name: 'module:attribute'), built on
    demand. Subclass it with the table: typer makes the group itself, from the app."""

    lazy_commands: ClassVar[Mapping[str, str]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        commands = LazyCommands(self.lazy_commands, self.rich_markup_mode)
        for name, command in self.commands.items():  # any the app registered itself
            commands[name] = command
        self.commands = commands

    def list_commands(self, ctx: Any) -> list[str]:
        # TyperGroup's reads the items, which would build every command only to list names
        return list(self.commands)
