"""Showing untrusted text safely on a terminal.

Claim text, quotes and file names come from files anyone can edit. Control characters (ESC
starts ANSI escape sequences, which can recolour, move the cursor or retitle the terminal) and
Unicode direction overrides (which can reorder what a reader sees) are shown as visible
escapes instead of being passed to the terminal. Markup is never interpreted: callers wrap the
result in ``rich.text.Text``.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional formatting marks.
_UNSAFE = [
    *(code for code in range(0x20) if code not in (0x09, 0x0A)),
    0x7F,
    *range(0x80, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_VISIBLE = {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE}
_JSON_UNSAFE = re.compile("[" + "".join(chr(code) for code in _UNSAFE if code >= 0x7F) + "]")


def visible(text: str) -> str:
    """The text with every character that could act on a terminal written as an escape."""
    return text.translate(_VISIBLE)


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON text that is safe to print: json escapes C0 controls itself; DEL, C1 controls and
    direction marks (legal in JSON strings) are escaped too."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    # a search first: str.translate walks every character of a large output even when there
    # is nothing to replace
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
