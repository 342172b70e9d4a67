"""Reading a file to import: a regular file, within a size limit, as UTF-8, as JSON or CSV text
whose every string is checked before anything in the registry is touched.

Errors name the file and, where known, the line and column (JSON syntax, bad bytes, CSV rows)
or the JSON path of the value (``$.claims[3].text``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import ClaimcheckError
from ..yamlio import decode_text

MAX_IMPORT_BYTES = 32 * 1024 * 1024
_CHUNK = 1 << 20

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
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not hang the open
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", name) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", name) from None
    chunks: list[bytes] = []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError("is not a regular file; import reads files only", name)
        total = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputError(
                    f"the file is larger than {limit // (1 << 20)} MiB, the limit for an "
                    "import; split it into smaller files",
                    name,
                    kind="too-large",
                )
            chunks.append(chunk)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", name) from None
    finally:
        os.close(fd)
    try:
        return decode_text(b"".join(chunks))
    except ClaimcheckError as err:
        raise InputError(err.message, name, err.line, err.column) from None


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
