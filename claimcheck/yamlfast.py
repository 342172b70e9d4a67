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
_LINE = re.compile(
    r"^((?:  )*)(- )?"  # indentation in steps of two, and a list dash
    # a key (not one the core schema reads as null or a boolean), and its value if on the line
    r"(?:(?!(?:null|true|false):)([a-z_][a-z0-9_]*):(?: (.*[^ :\n]))?"
    r"|(.*[^ :\n]))\n",  # or a list item's value; neither ends with a space or a ':'
    re.MULTILINE,
)
# The ASCII characters libyaml refuses, and the line break: deleted from an ASCII text's bytes,
# only its line breaks may go (one bytes.translate costs less than the search above).
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"


_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")


class _Decline(Exception):
    """The text is not in the layout read here."""


def read_canonical(text: str, *, placed: bool = True) -> tuple[dict[str, Any], Locations] | None:
    """The data and locations ``parse_yaml`` gives for ``text``, or None: not this layout.

    ``placed=False`` leaves out the places of everything but the top-level keys (and the
    root): most records are never asked where a deeper field stands, and the places are half
    the reading; reading the text again placed gives them all.
    """
    if not text.endswith("\n"):
        return None
    breaks = text.count("\n")
    if text.isascii():
        if len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) != len(text) - breaks:
            return None
    elif _DECLINED_CHARACTERS.search(text) is not None:
        return None
    try:
        return _read(text, breaks, placed)
    except (_Decline, ScalarError):
        return None


def _read(text: str, breaks: int, placed: bool) -> tuple[dict[str, Any], Locations]:
    lines = _LINE.findall(text)  # one call for the text: the per-line work below is plain
    if len(lines) != breaks:
        raise _Decline
    root: dict[str, Any] = {}
    locations: Locations = {(): (1, 1)}
    mappings = [root]  # every mapping made, and the keys given: a key given twice is one less
    keys = 0
    # The open blocks by depth: the block at depth d has its keys or dashes at column 2d; and
    # their paths, where places are kept.
    blocks: list[Any] = [root]
    paths: list[Path] = [()]
    block: Any = root  # the innermost open block, blocks[open_depth]
    open_depth = 0
    # A 'key:' line's mapping, waiting for the block under the key, the key and its path.
    waiting: Any = None
    waiting_key = ""
    waiting_path: Path = ()
    number = 0
    for spaces, dash, key, value, item in lines:
        number += 1
        indent = len(spaces)
        depth = indent >> 1
        if waiting is not None:
            if depth != open_depth + 1:
                raise _Decline  # the block under a key is two spaces further in
            block = [] if dash else {}
            if not dash:
                mappings.append(block)
            waiting[waiting_key] = block
            blocks.append(block)
            paths.append(waiting_path)
            open_depth = depth
            waiting = None
        elif depth != open_depth:
            if depth > open_depth:
                raise _Decline  # a continuation line, or a block that is not open
            del blocks[depth + 1 :], paths[depth + 1 :]
            open_depth = depth
            block = blocks[depth]
        if dash:
            if block.__class__ is not list:
                raise _Decline
            path = paths[depth] + (len(block),) if placed else ()
            if placed:
                locations[path] = (number, indent + 3)
            if not key:
                block.append(_scalar(item))
                continue
            mapping: dict[str, Any] = {}
            mappings.append(mapping)
            block.append(mapping)
            block = mapping
            blocks.append(block)
            paths.append(path)
            depth = open_depth = depth + 1
            indent += 2
        elif not key or block.__class__ is list:
            raise _Decline
        keys += 1
        if placed:
            path = paths[depth] + (key,)
            locations[path] = (number, indent + 1)
        elif not depth:
            locations[(key,)] = (number, 1)
        if value:
            # _scalar inline for plain text, most values: checked here, not in a call.
            first = value[0]
            if first in _INDICATORS:
                value = _scalar(value)  # single-quoted, or declined
            elif ": " in value or " #" in value:
                raise _Decline
            elif first in MAYBE_NOT_TEXT:
                value = resolve_plain(value)
            block[key] = value
        else:
            waiting, waiting_key = block, key
            if placed:
                waiting_path = path
    if waiting is not None or sum(map(len, mappings)) != keys:
        raise _Decline  # a key with nothing under it, or a key given twice
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
