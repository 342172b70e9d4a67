"""The official yaml-test-suite, every case: the reader gives what the YAML means, or refuses it
with a place.

The suite is read from ``<repo root>/../shared/yaml-test-suite`` (see its SOURCE.md), never
copied here. Each case folder holds ``in.yaml``; ``test.event``, the parser events it means; and
``in.json`` (the data, where JSON can hold it) or ``error`` (the text is not YAML).

For each case the reader either refuses the text with a line and column, or returns data equal
to the data the case means, types included (1, true and "1" differ). What it means is built here
from ``test.event`` by the YAML 1.2 core schema, and checked against ``in.json`` too where there
is one. A case the suite marks as an error must be refused.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from claimcheck.errors import YamlError
from claimcheck.yamlio import decode_text, parse_yaml_stream

REPO_ROOT = Path(__file__).resolve().parent.parent
SUITE = REPO_ROOT / ".." / "shared" / "yaml-test-suite"


def _cases() -> list[Any]:
    if not SUITE.is_dir():
        return [pytest.param(None, id="suite-absent")]
    folders = sorted(path.parent for path in SUITE.rglob("in.yaml"))
    return [pytest.param(folder, id=folder.relative_to(SUITE).as_posix()) for folder in folders]


class Unsupported(Exception):
    """The case uses what claimcheck refuses by design (anchors, aliases, other tags)."""


# --- what a case means, from its events (YAML 1.2 core schema) --------------------------------

_CORE = "tag:yaml.org,2002:"
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_ESCAPES = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r", "b": "\b", "0": "\0"}


def _core_plain(text: str) -> Any:
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"0o[0-7]+", text):
        return int(text[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if re.fullmatch(r"[-+]?\.(inf|Inf|INF)", text):
        return -math.inf if text.startswith("-") else math.inf
    if re.fullmatch(r"\.(nan|NaN|NAN)", text):
        return math.nan
    return text


def _core_tagged(tag: str, text: str) -> Any:
    if tag == _CORE + "str":
        return text
    if tag == _CORE + "int":
        return int(text)
    if tag == _CORE + "float":
        return float(text)
    if tag == _CORE + "bool":
        return {"true": True, "false": False}[text.lower()]
    if tag == _CORE + "null":
        return None
    raise Unsupported(tag)


def _unescape(text: str) -> str:
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                index += 2
                continue
            width = {"x": 2, "u": 4, "U": 8}.get(following)
            if width:
                out.append(chr(int(text[index + 2 : index + 2 + width], 16)))
                index += 2 + width
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _events_data(events: str) -> list[Any]:
    """The documents a test.event stream describes, as plain Python data."""
    documents: list[Any] = []
    stack: list[Any] = []  # the lists and _Mapping frames being built

    def add(value: Any) -> None:
        if not stack:
            documents.append(value)
            return
        top = stack[-1]
        if isinstance(top, list):
            top.append(value)
        elif top.key is _NO_KEY:
            if isinstance(value, dict | list):
                raise Unsupported("a collection as a key")
            top.key = value
        else:
            top.mapping[top.key] = value
            top.key = _NO_KEY

    for line in events.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("+STR", "-STR", "+DOC", "-DOC"):
            continue
        properties = rest.split(" ") if word in ("+MAP", "+SEQ") else []
        if word == "=ALI" or any(part.startswith("&") for part in properties):
            raise Unsupported("anchor or alias")
        tags = [part[1:-1] for part in properties if part.startswith("<")]
        if tags and tags[0] not in (_CORE + "map", _CORE + "seq"):
            raise Unsupported(tags[0])
        if word == "+MAP":
            frame = _Mapping()
            add(frame.mapping)
            stack.append(frame)
        elif word == "+SEQ":
            items: list[Any] = []
            add(items)
            stack.append(items)
        elif word in ("-MAP", "-SEQ"):
            stack.pop()
        elif word == "=VAL":
            if rest.startswith("&"):
                raise Unsupported("anchor")
            tag = None
            if rest.startswith("<"):
                tag, _, rest = rest[1:].partition("> ")
            style, value = rest[0], _unescape(rest[1:])
            if tag is not None:
                add(_core_tagged(tag, value) if tag != "!" else value)
            else:
                add(_core_plain(value) if style == ":" else value)
    return documents


_NO_KEY = object()


class _Mapping:
    def __init__(self) -> None:
        self.mapping: dict[Any, Any] = {}
        self.key: Any = _NO_KEY


def _json_stream(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    values: list[Any] = []
    index = 0
    while True:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        if index >= len(text):
            return values
        value, index = decoder.raw_decode(text, index)
        values.append(value)


# --- comparing, types included ------------------------------------------------------------------


def _same(ours: Any, expected: Any, *, json_keys: bool = False) -> bool:
    """Equal, with the same types; claimcheck's dates stand for the text they were read from."""
    if isinstance(ours, dt.datetime):
        return isinstance(expected, str) and _same_moment(ours, expected)
    if isinstance(ours, dt.date):
        return isinstance(expected, str) and ours.isoformat() == expected
    if type(ours) is not type(expected):
        # JSON has one kind of number: 1.0 in in.json may be the float 1.0.
        return json_keys and type(ours) is float and type(expected) is int and ours == expected
    if isinstance(ours, dict):
        keys = {_key(key, json_keys): value for key, value in ours.items()}
        if len(keys) != len(expected):
            return False
        for key, value in expected.items():
            matching = [k for k in keys if _same(k, key, json_keys=json_keys)]
            if len(matching) != 1 or not _same(keys[matching[0]], value, json_keys=json_keys):
                return False
        return True
    if isinstance(ours, list):
        return len(ours) == len(expected) and all(
            _same(a, b, json_keys=json_keys) for a, b in zip(ours, expected, strict=True)
        )
    if isinstance(ours, float) and math.isnan(ours):
        return math.isnan(expected)
    return bool(ours == expected)


def _key(key: Any, json_keys: bool) -> Any:
    # in.json can only have text keys: JSON writes null, true and 1 as "null", "true", "1".
    if not json_keys or isinstance(key, str | dt.date):
        return key
    if key is None:
        return ""
    return json.dumps(key)


def _same_moment(ours: dt.datetime, text: str) -> bool:
    normal = text.upper().replace("Z", "+00:00")
    date_part, _, rest = normal.partition("T")
    if "." in rest:
        clock, _, fraction = rest.partition(".")
        digits = re.match(r"[0-9]+", fraction)
        assert digits is not None
        fraction = digits.group()[:6].ljust(6, "0") + fraction[len(digits.group()) :]
        rest = f"{clock}.{fraction}"
    theirs = dt.datetime.fromisoformat(f"{date_part}T{rest}")
    return theirs == ours and theirs.utcoffset() == ours.utcoffset()


# --- the test ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases())
def test_every_suite_case_reads_as_it_means_or_is_refused_with_a_place(
    case: Path | None,
) -> None:
    if case is None:
        pytest.skip(f"the yaml-test-suite is not at {SUITE} (see ../shared/README.md)")
    text = decode_text((case / "in.yaml").read_bytes())
    try:
        documents = parse_yaml_stream(text)
    except YamlError as refusal:
        assert refusal.line is not None and refusal.column is not None, refusal.message
        assert 1 <= refusal.line <= text.count("\n") + 1
        assert refusal.column >= 1
        return
    assert not (case / "error").exists(), "the suite marks this text as an error, not YAML"
    data = [document.data for document in documents]
    try:
        meant = _events_data((case / "test.event").read_text(encoding="utf-8"))
    except Unsupported as construct:
        pytest.fail(f"read, but it uses {construct}, which the reader must refuse")
    assert len(data) == len(meant)
    for ours, expected in zip(data, meant, strict=True):
        assert _same(ours, expected), (ours, expected)
    if (case / "in.json").exists():
        in_json = _json_stream((case / "in.json").read_text(encoding="utf-8"))
        # in.json leaves out the documents of a stream that are empty.
        assert len(in_json) == len(data)
        for ours, expected in zip(data, in_json, strict=True):
            assert _same(ours, expected, json_keys=True), (ours, expected)
