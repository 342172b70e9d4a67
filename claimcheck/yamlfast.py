"""Reading a record in claimcheck's own layout quickly, or declining so the full reader reads it.

``yamlreader`` builds data from libyaml's events, about 1.3 µs an event and some 130 events a
record: a third of a cold check. Records written by claimcheck (``add``, ``fmt``, the
generator) all have one simple layout, the one ``yamlwriter.CanonicalDumper`` writes:

- block mappings of plain keys (``[a-z_][a-z0-9_]*``), each ``key: value`` on one line, or
  ``key:`` with its mapping or list on the following lines, two spaces further in;
- block lists, each item ``- value`` or ``- key: value`` opening a mapping;
- values on one line: plain text (read by the YAML 1.2 core schema, ``yamlscalars``) or
  single-quoted text.

``read_canonical`` reads such a text line by line and returns exactly what the full reader
(``yamlreader.parse_yaml``, which asks here first) returns for it: the data, and the line and
column of every key and list item. For anything else it returns None and the full reader
reads the text; it never reports a problem itself, so every refusal, and its message, stays
the full reader's. It declines:

- any character libyaml refuses or YAML versions disagree on (control characters, tabs, CR,
  U+0085, U+2028, U+2029, U+FEFF, lone surrogates), a blank line, a comment, a directive or
  document marker, a line whose indentation is not the one the layout asks for;
- a key with no value; a value that is double-quoted, a block scalar, a flow collection,
  continued on the next line, or that starts with an indicator (``-?:,[]{}#&*!|>'"%@```) or
  a space;
- plain text holding ``": "`` or ``" #"``, ending with ``:`` or a space, or that the core
  schema refuses (``yamlscalars.ScalarError``: say a leading zero);
- a key that is not a plain lower-case name, or that the core schema reads as other than
  text, and a key given twice.

``tests/test_yamlfast.py`` holds it to ``parse_yaml``: on the shipped records, a generated
registry, every case of the yaml-test-suite, hypothesis-built data in the layout and records
edited at random.
"""

from __future__ import annotations

import re
from typing import Any

from .yamlscalars import MAYBE_NOT_TEXT, ScalarError, resolve_plain

__all__ = ["read_canonical"]

Path = tuple[str | int, ...]
Locations = dict[Path, tuple[int, int]]  # as yamlreader's: (line, column), 1-based

# What libyaml refuses (not printable) or reads as a line break or white space of its own.
_DECLINED_CHARACTERS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
# One line: its indentation, a list dash, then 'key:' (with what follows) or a list item's value.
# Anchored at line starts: a line it does not match is left out, and then the lines found are
# fewer than the text's.
_LINE = re.compile(r"^( *)(- )?(?:([a-z_][a-z0-9_]*):( ?)(.*)|(.+))\n", re.MULTILINE)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")


class _Decline(Exception):
    """The text is not in the layout read here."""


def read_canonical(text: str) -> tuple[dict[str, Any], Locations] | None:
    """The data and locations ``parse_yaml`` gives for ``text``, or None: not this layout."""
    if not text.endswith("\n") or _DECLINED_CHARACTERS.search(text) is not None:
        return None
    try:
        return _read(text)
    except (_Decline, ScalarError):
        return None


def _read(text: str) -> tuple[dict[str, Any], Locations]:
    lines = _LINE.findall(text)  # one call for the text: the per-line work below is plain
    if len(lines) != text.count("\n"):
        raise _Decline
    root: dict[str, Any] = {}
    locations: Locations = {(): (1, 1)}
    # The innermost open block (a mapping or list, the column of its keys or dashes, its
    # path), and the blocks around it, outermost first.
    block: Any = root
    block_indent = 0
    block_path: Path = ()
    around: list[tuple[Any, int, Path]] = []
    waiting: tuple[str, Path, int] | None = None  # a 'key:' line, waiting for its block
    for number, (spaces, dash, key, space, value, item) in enumerate(lines, start=1):
        indent = len(spaces)
        if waiting is not None:
            parent_key, path, key_indent = waiting
            waiting = None
            if indent != key_indent + 2:
                raise _Decline
            child: Any = [] if dash else {}
            block[parent_key] = child
            around.append((block, block_indent, block_path))
            block, block_indent, block_path = child, indent, path
        else:
            while block_indent != indent or (block.__class__ is list) != bool(dash):
                if block_indent < indent or not around:
                    raise _Decline  # a continuation line, or a block that is not open
                block, block_indent, block_path = around.pop()
        if dash:
            if block.__class__ is not list:
                raise _Decline
            path = (*block_path, len(block))
            locations[path] = (number, indent + 3)
            if not key:
                block.append(_scalar(item))
                continue
            mapping: dict[str, Any] = {}
            block.append(mapping)
            around.append((block, block_indent, block_path))
            block, block_indent, block_path = mapping, indent + 2, path
            indent += 2
        elif not key or block.__class__ is list:
            raise _Decline
        if key in block or (key[0] in MAYBE_NOT_TEXT and resolve_plain(key) != key):
            raise _Decline  # the full reader names the first key, or reads it as another type
        path = (*block_path, key)
        locations[path] = (number, indent + 1)
        if value:
            if not space:
                raise _Decline  # 'key:value' is one plain text to YAML
            block[key] = _scalar(value)
        elif space:
            raise _Decline  # 'key: ' with nothing after the space
        else:
            waiting = key, path, indent
    if waiting is not None or not root:
        raise _Decline  # a key with nothing under it, or an empty text
    return root, locations


def _scalar(text: str) -> Any:
    """A one-line value: single-quoted or plain text, as the full reader reads it."""
    first = text[0]
    if first == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Decline
        return inner.replace("''", "'")
    if first in _INDICATORS or text[-1] in " :" or ": " in text or " #" in text:
        raise _Decline
    return resolve_plain(text) if first in MAYBE_NOT_TEXT else text
