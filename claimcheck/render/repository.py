"""Where the registry stands in its git repository, for CI that names files from the root.

GitHub reads the files of code-scanning results and workflow annotations relative to the root
of the repository it checked out; a registry kept in a subfolder of a repository must name its
files from there. git itself is never run: a repository's settings can make it run commands.
"""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(root: Path) -> Path | None:
    """The nearest folder at or above ``root`` holding ``.git`` (a folder, or a file in a
    worktree), or None."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def repository_prefix(root: Path) -> str:
    """What to put before a path relative to the registry root to make it relative to the
    repository's root: '' at the root or outside any repository, else 'desk/registry/'."""
    root = root.resolve()
    base = repository_root(root)
    return "" if base is None or base == root else root.relative_to(base).as_posix() + "/"
