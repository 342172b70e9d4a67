"""The lines of the registry's files, for showing the line a finding points at.

Only a regular file inside the registry is read, and only up to a size: a finding's path comes
from the registry, where a link could point at a secret elsewhere and a FIFO or a device could
make a read wait or never end. Anything else reads as no lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ClaimcheckError
from ..safefs import RegistryFiles

MAX_BYTES = 8 * 1024 * 1024
# the line breaks YAML counts (so line numbers agree with the parser's), and no others
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class FileLines:
    """Lines of files under ``root``, each file read once."""

    def __init__(self, root: Path) -> None:
        self._files = RegistryFiles(root)
        self._cache: dict[str, list[str]] = {}

    def _read(self, path: str) -> list[str]:
        try:
            return _LINE_BREAK.split(self._files.read_text(path, MAX_BYTES, "a file shown"))
        except ClaimcheckError:
            return []

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of the file at ``path`` (relative to the root), if any."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        lines = self._cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else None
