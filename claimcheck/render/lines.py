"""The lines of the registry's files, for showing the line a finding points at.

Only a regular file inside the registry is read, and only up to a size: a finding's path comes
from the registry, where a link could point at a secret elsewhere and a FIFO or a device could
make a read wait or never end. Anything else reads as no lines.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_BYTES = 8 * 1024 * 1024
# the line breaks YAML counts (so line numbers agree with the parser's), and no others
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class FileLines:
    """Lines of files under ``root``, each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[str, list[str]] = {}

    def _read(self, path: str) -> list[str]:
        full = self.root / path
        try:
            if not full.parent.resolve().is_relative_to(self.root):
                return []
            status = os.lstat(full)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
                return []
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            descriptor = os.open(full, flags)
            with os.fdopen(descriptor, "rb") as file:
                data = file.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                return []
            return _LINE_BREAK.split(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return []

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of the file at ``path`` (relative to the root), if any."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        lines = self._cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else None
