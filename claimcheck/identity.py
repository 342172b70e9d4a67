"""Who is making a change: --by, else git's user.name, else the login name."""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path


def git_user_name(cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name if done.returncode == 0 and name else None


def current_user(cwd: Path, given: str | None = None) -> str:
    if given and given.strip():
        return given.strip()
    name = git_user_name(cwd)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown"
