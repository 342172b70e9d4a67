"""The canonical YAML writer: what ``fmt`` and every command that changes a record writes.

Block style, sequences indented under their key, long lines kept whole, and never an anchor or
alias, even for one object used twice (the reader refuses them). Whatever it writes, the reader
gives back the same data: text that holds a character YAML readers disagree on (U+0085, U+2028,
U+2029, which YAML 1.1 takes for line breaks) is written double-quoted, with the character
escaped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .yamlscalars import STR, ScalarError, resolve_plain

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Written escaped (\N, \L, \P): raw, YAML 1.1 readers (libyaml) take them for line breaks.
_ESCAPED_BREAKS = ("\x85", "\u2028", "\u2029")


class CanonicalDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if any(character in data for character in _ESCAPED_BREAKS):
        return dumper.represent_scalar(STR, data, style='"')
    if "\n" in data and data == data.strip() and "\t" not in data:
        return dumper.represent_scalar(STR, data, style="|")
    if plain_reads_otherwise(data):
        # PyYAML quotes what YAML 1.1 reads as another type; the reader follows YAML 1.2,
        # which reads more as numbers ('1e3', '0o17'): quote those too.
        return dumper.represent_scalar(STR, data, style="'")
    return dumper.represent_scalar(STR, data)


def plain_reads_otherwise(text: str) -> bool:
    """Whether a plain scalar of this text would read as something else under YAML 1.2."""
    try:
        value = resolve_plain(text)
    except ScalarError:
        return True
    return type(value) is not str or value != text


def datetime_text(data: dt.datetime) -> str:
    """A moment as the writer gives it: in UTC, with a Z."""
    if data.tzinfo is not None:
        data = data.astimezone(dt.timezone.utc).replace(tzinfo=None)
    text = data.isoformat(timespec="seconds" if not data.microsecond else "microseconds")
    return text + "Z"


def _represent_datetime(dumper: yaml.SafeDumper, data: dt.datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TIMESTAMP, datetime_text(data))


CanonicalDumper.add_representer(str, _represent_str)
CanonicalDumper.add_representer(dt.datetime, _represent_datetime)


def dump_yaml(data: Any) -> str:
    """The canonical YAML text of plain data (dicts keep their order). This is the reference:
    ``yamlquick`` gives the same text faster for the data it can prove it writes the same."""
    return yaml.dump(
        data,
        Dumper=CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,
        indent=2,
    )
