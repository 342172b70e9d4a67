"""The canonical YAML text, written quickly where it provably matches the reference writer.

``yamlwriter.dump_yaml`` goes through PyYAML's pure-Python emitter, about 2 ms a record, which
made ``fmt --check`` cost six times the parse. Records are nested dicts and lists of short
scalars, and for nearly all of those scalars the emitter's choice is simple: the text as it is
(plain) or in single quotes. This module writes such data directly and declines (returns None)
for anything where the emitter's choice is not that simple, so the caller falls back to the
reference writer: no rule of PyYAML's emitter is re-implemented beyond what is written here.

What is written here, and why it is the emitter's output (PyYAML 6, ``Emitter.analyze_scalar``
and ``choose_scalar_style``, with ``allow_unicode=True`` and an unbounded width):

- a string of printable characters only (no tab, line break, U+0085, U+2028, U+2029, U+FEFF or
  control character; those the emitter may double-quote or fold): the emitter may write it
  plain or single-quoted, and with an unbounded width it never splits a line;
- it writes it plain unless the reference representer asks for quotes (YAML 1.2 would read it
  as another value), PyYAML's own resolver reads it as another type, or its characters stop a
  plain block scalar (``_BLOCKED``: a leading indicator, ``: ``, `` #``, leading or trailing
  space, a document marker); otherwise it single-quotes it, doubling quotes inside;
- booleans, integers, dates and moments are written as their representers write them, checked
  to read back as their own type (so written plain, untagged);
- dicts and lists, never empty (those are written in flow style), nest in block style, lists
  indented under their key, as ``CanonicalDumper`` asks.

Everything else (empty strings or collections, floats, multi-line text, other types, long keys)
is declined. ``tests/test_fmt_fast.py`` checks the output against the reference writer on the
shipped records, a generated registry and hypothesis-built data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from yaml.nodes import ScalarNode

from .yamlwriter import CanonicalDumper, datetime_text, dump_yaml, plain_reads_otherwise

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

# The characters the emitter writes as they are (its "printable" set, U+0085, U+2028, U+2029
# and U+FEFF taken out): a string of only these is never double-quoted nor folded.
_PRINTABLE = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+"
)
# What stops a plain scalar in block context (analyze_scalar's block indicators and spaces).
_BLOCKED = re.compile(r"""^(?:[-?:](?: |\Z)|[#,\[\]{}&*!|>'"%@`]|---|\.\.\.| )|: |:\Z| #| \Z""")
_SIMPLE_KEY_LIMIT = 128  # the emitter writes longer keys as '? key'
_CACHE_LIMIT = 1 << 16  # short strings only (keys, names, statuses): they repeat
_CACHED_LENGTH = 64

# Resolving is what the serializer does to decide whether a plain scalar needs a tag; the
# reference dumper's own resolver, so the answer is the same by construction.
_DUMPER = CanonicalDumper(io.StringIO())
_TEXT_CACHE: dict[str, str | None] = {}
# Dates and moments apart: a date and a datetime never compare equal, but keep them apart anyway.
_DATE_CACHE: dict[dt.date, str] = {}
_DATETIME_CACHE: dict[dt.datetime, str] = {}


def quick_dump_yaml(data: Any) -> str | None:
    """The text ``dump_yaml(data)`` gives, or None where this module cannot vouch for it."""
    if type(data) is not dict or not data:
        return None
    out: list[str] = []
    if not _mapping(data, "", "", out):
        return None
    return "".join(out)


def canonical_yaml(data: Any) -> str:
    """The canonical YAML text of plain data: written quickly when provably the same, by the
    reference writer otherwise."""
    text = quick_dump_yaml(data)
    return dump_yaml(data) if text is None else text


def _mapping(data: dict[Any, Any], first: str, indent: str, out: list[str]) -> bool:
    """Write a block mapping whose keys stand at ``indent``, the first line starting with
    ``first`` instead (``'- '`` under a sequence). False when it declines."""
    lead = first
    texts = _TEXT_CACHE
    for key, value in data.items():
        # Keys and most values are short strings met before: looked up, not worked out again.
        key_text = texts.get(key) if type(key) is str else None
        if key_text is None:
            if type(key) is not str or len(key) >= _SIMPLE_KEY_LIMIT:
                return False
            key_text = _text(key)
            if key_text is None:
                return False
        kind = type(value)
        if kind is str:
            scalar = texts.get(value) or _text(value)
        elif kind is dict:
            if not value:
                return False
            out.append(f"{lead}{key_text}:\n")
            if not _mapping(value, indent + "  ", indent + "  ", out):
                return False
            lead = indent
            continue
        elif kind is list:
            if not value:
                return False
            out.append(f"{lead}{key_text}:\n")
            if not _sequence(value, indent + "  ", out):
                return False
            lead = indent
            continue
        else:
            scalar = _scalar(value)
        if scalar is None:
            return False
        out.append(f"{lead}{key_text}: {scalar}\n")
        lead = indent
    return True


def _sequence(data: list[Any], indent: str, out: list[str]) -> bool:
    for item in data:
        kind = type(item)
        if kind is dict:
            if not item or not _mapping(item, indent + "- ", indent + "  ", out):
                return False
        elif kind is list:
            return False  # a list in a list starts on the dash's line: not written here
        else:
            scalar = _text(item) if kind is str else _scalar(item)
            if scalar is None:
                return False
            out.append(f"{indent}- {scalar}\n")
    return True


def _scalar(value: Any) -> str | None:
    """Any scalar but a string, as its representer writes it, or None."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is dt.date or kind is dt.datetime:
        cache = _DATE_CACHE if kind is dt.date else _DATETIME_CACHE
        written = cache.get(value)
        if written is None:
            text = value.isoformat() if kind is dt.date else datetime_text(value)
            if _plain_tag(text) != _TIMESTAMP:
                return None
            written = text
            if len(cache) < _CACHE_LIMIT:
                cache[value] = written
        return written
    if kind is int:
        text = str(value)
        return text if _plain_tag(text) == _INT else None
    return None  # floats, None, other types: the reference writer decides


def _plain_tag(text: str) -> str:
    """The tag PyYAML's resolver gives the text as a plain scalar."""
    tag: str = _DUMPER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _text(value: str) -> str | None:
    """A string as the emitter writes it on one line (plain or single-quoted), or None."""
    written = _TEXT_CACHE.get(value, _TEXT_CACHE)
    if written is not _TEXT_CACHE:
        return written  # type: ignore[return-value]
    written = _write_text(value)
    if len(value) <= _CACHED_LENGTH and len(_TEXT_CACHE) < _CACHE_LIMIT:
        _TEXT_CACHE[value] = written
    return written


def _write_text(value: str) -> str | None:
    if not value or _PRINTABLE.fullmatch(value) is None:
        return None
    if (
        plain_reads_otherwise(value)
        or _plain_tag(value) != _STR
        or _BLOCKED.search(value) is not None
    ):
        return "'" + value.replace("'", "''") + "'"
    return value


def forget() -> None:
    """Empty the caches (so that a benchmark measures a first run, as the command line has)."""
    _TEXT_CACHE.clear()
    _DATE_CACHE.clear()
    _DATETIME_CACHE.clear()
