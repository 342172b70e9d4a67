"""Showing untrusted text safely: on a terminal, in CI logs and in JSON.

Claim text, quotes and file names come from files anyone can edit. Every character of the
Unicode categories Cc (controls: ESC starts ANSI escape sequences, which can recolour, move the
cursor or retitle the terminal), Cf (format characters: direction overrides and marks, which
reorder what a reader sees, and invisible ones such as U+200B, U+FEFF and U+00AD), Zl and Zp
(line and paragraph separators) is shown as a visible escape instead of being passed on. So
is a lone surrogate, which is how Python carries the bytes of a file name that is not UTF-8:
it is shown as the byte it stands for, so that output always stays valid UTF-8.

``visible`` keeps newlines and tabs, for text shown as a block (a record, a paragraph);
``inline`` escapes them too, for anything that must stay on one line (a finding, an error, a
place): a key with a newline must never print a second, forged ``path:line:col`` line or a line
starting with ``::`` (a GitHub Actions workflow command). Markup is never interpreted: ``text``
makes the ``rich.text.Text`` that the renderers build from untrusted values. The renderers
build every piece of text that comes from a file or a user through this module, and the CLI
prints every Rich renderable through ``Escaped``, the net under them: whatever a renderer left
raw is escaped in the rendered segments, while Rich's own styles pass.

Rich is imported only by the functions that make Rich objects: escaping text and writing JSON
(``to_json``, ``inline``) must not cost a command Rich's import (a fifth of ``show --format json``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(code: int) -> str:
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, carried by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells a non-BMP character as a pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


class _Table(dict[int, str]):
    """A ``str.translate`` table over all of Unicode, filled as characters are met: deciding
    each code point's category up front would cost a scan of 1.1 million of them at start-up."""

    def __init__(self, escape: Any, keep: str) -> None:
        super().__init__()
        self._escape = escape
        self._keep = frozenset(map(ord, keep))

    def __missing__(self, code: int) -> str:
        unsafe = code not in self._keep and (unicodedata.category(chr(code)) in _UNSAFE_CATEGORIES)
        self[code] = replacement = self._escape(code) if unsafe else chr(code)
        return replacement


_BLOCK = _Table(_escape, keep="\n\t")
_LINE = _Table(_escape, keep="")
# json.dumps escapes C0 controls, quotes and backslashes itself; these are the rest
_JSON = _Table(_json_escape, keep="".join(map(chr, range(0x20))))


def is_unsafe(char: str) -> bool:
    """Whether a character is escaped by ``inline``."""
    return _LINE[ord(char)] != char


def visible(text: str) -> str:
    """The text with every character that could act on a terminal, or hide, written as an
    escape; newlines and tabs are kept."""
    # isprintable is false for every unsafe category (and for spaces other than ' '): a C-speed
    # check that lets the usual text through untouched
    return text if text.isprintable() else text.translate(_BLOCK)


def inline(text: str) -> str:
    """``visible``, and on one line: newlines, carriage returns and tabs escaped too."""
    return text if text.isprintable() else text.translate(_LINE)


def plain(value: object, style: str = "") -> Text:
    """Untrusted text as a Rich Text: never markup, unsafe characters made visible."""
    from rich.text import Text

    return Text(visible("" if value is None else str(value)), style=style)


def plain_line(value: object, style: str = "") -> Text:
    """``plain`` on one line: for places, file names and messages."""
    from rich.text import Text

    return Text(inline("" if value is None else str(value)), style=style)


class Escaped:
    """A renderable shown with every unsafe character of its text escaped. Rich keeps styles
    and terminal controls apart from the text (``Segment.style``, ``Segment.control``), so
    only the text is touched."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style, segment.control)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """The text with each lone surrogate escaped as ``visible`` does (the byte it stands for,
    ``\\xe9``), and everything else as it was: for JSON that strict readers take."""
    if text.isascii():
        return text
    return _SURROGATE.sub(lambda found: _escape(ord(found.group())), text)


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON text that is safe to print and valid UTF-8: json escapes C0 controls itself; DEL,
    C1 controls, format characters, separators and lone surrogates (which json would leave
    raw) are escaped too."""
    dumped = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    # C-speed checks first (isascii is O(1)): the translate calls back for each character, so
    # it runs only when there may be something to escape
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    if dumped.replace("\n", "").isprintable():  # the newlines are the indentation's
        return dumped
    return dumped.translate(_JSON)
