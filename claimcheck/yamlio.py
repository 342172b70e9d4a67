"""Decoding the text of a YAML file, and the YAML reader and writer in one place.

The reading and writing of YAML live in their own modules, imported from here:

- ``yamlreader``: the safe, located reader (``parse_yaml``), which refuses what it cannot read
  as YAML 1.2 means it;
- ``yamlscalars``: what a scalar means (YAML 1.2 core schema, strict dates);
- ``yamllayout``: the checks that catch text libyaml would read differently;
- ``yamlwriter``: the canonical writer (``dump_yaml``).
"""

from __future__ import annotations

from .errors import ProblemKind, YamlError
from .offsets import line_and_column
from .yamlparsed import Locations, ParsedYaml, PathKey
from .yamlreader import first_comment_line, parse_yaml, parse_yaml_stream, short_tag
from .yamlwriter import dump_yaml


def decode_text(raw: bytes) -> str:
    """UTF-8 text of a file, with a located error for bytes that are not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        # the bytes before the first bad one decode; columns count characters, not bytes
        before = raw[: err.start].decode("utf-8")
        line, column = line_and_column(before, len(before))
        raise YamlError(
            f"invalid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
            kind=ProblemKind.ENCODING,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


__all__ = [
    "Locations",
    "ParsedYaml",
    "PathKey",
    "decode_text",
    "dump_yaml",
    "first_comment_line",
    "line_and_column",
    "parse_yaml",
    "parse_yaml_stream",
    "short_tag",
]
