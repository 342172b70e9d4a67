"""Reading a file to import: a regular file, within a size limit, as UTF-8, as JSON or CSV text
whose every string is checked before anything in the registry is touched.

Errors name the file and, where known, the line and column (JSON syntax, bad bytes, CSV rows)
or the JSON path of the value (``$.claims[3].text``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import ClaimcheckError
from ..safefs import read_named_file

MAX_IMPORT_BYTES = 32 * 1024 * 1024

# Characters no claim, name or address holds: C0 controls but tab and newline (ESC starts
# terminal escape sequences), DEL, C1 controls, and the bidirectional formatting marks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# An HTML element: text from a page's markup, not the plain text the formats carry.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")


class InputError(ClaimcheckError):
    """A file to import that cannot be read as it should be (located)."""


def read_import_file(path: Path, limit: int = MAX_IMPORT_BYTES) -> str:
    """The text of a regular file of at most ``limit`` bytes, read with the limit applied while
    reading (a file that grows, or a device, never exhausts memory)."""
    try:
        return read_named_file(path, limit, "a file to import")
    except ClaimcheckError as err:
        raise InputError(err.message, str(path), err.line, err.column, kind=err.kind) from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} is given twice in one object")
        found[key] = value
    return found


def parse_json(text: str, name: str) -> Any:
    """JSON data, or one located error: syntax (line, column), a key twice, NaN or Infinity."""
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON: {err.msg}", name, err.lineno, err.colno) from None
    except ValueError as err:
        raise InputError(f"not valid JSON: {err}", name) from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply", name) from None


def clean_text(value: str, name: str, where: str, line: int | None = None) -> str:
    """Text as given, trimmed; refused when it holds control characters, escape codes or
    direction marks (no claim holds them) or HTML markup (the formats carry plain text)."""
    found = _CONTROL.search(value)
    if found is not None:
        raise InputError(
            f"{where} holds the control character U+{ord(found.group()):04X} (an escape code "
            "or invisible mark); give plain text",
            name,
            line,
        )
    markup = _MARKUP.search(value)
    if markup is not None:
        raise InputError(
            f"{where} holds HTML markup ({markup.group()[:40]!r}); give plain text", name, line
        )
    return value.strip()
