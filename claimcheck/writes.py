"""Writing files safely: atomically, under a lock, never through a link.

A write goes to a temporary file in the same folder, flushed and fsynced, then renamed over
the old file, so a reader or a crash sees the old file or the new one, never a part. Writers
take an exclusive lock file, opened without following a link and only if it is a regular file;
one that holds it knows no other writer is mid-write, so it may remove the temporary files a
killed writer left. Errors name the file the user knows, never the temporary file.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import ClaimcheckError, ExistsError, LockTimeoutError
from .safefs import O_NOFOLLOW, O_NONBLOCK

# --- low-level file safety --------------------------------------------------------------------


TEMPORARY_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")


def _temporary_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Remove the temporary files a killed writer left in ``folder``; call it holding the
    lock, when no writer can be using one. Returns the names removed."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed  # no folder (yet): nothing left behind
    for entry in entries:
        if TEMPORARY_NAME.fullmatch(entry.name) and not entry.is_dir(follow_symlinks=False):
            try:
                os.unlink(entry.path)  # a link is removed, never what it points at
            except FileNotFoundError:
                continue
            except OSError as err:
                raise ClaimcheckError(
                    f"cannot remove a stale temporary file {entry.name}: {err.strerror}",
                    folder.name,
                ) from None
            removed.append(entry.name)
    return removed


def atomic_write(path: Path, data: str | bytes, *, replace: bool, shown: str | None = None) -> None:
    """Write ``data`` to ``path`` so that a reader or a crash sees the old file or the new one,
    never a part. With ``replace=False`` an existing file is never overwritten. Errors name
    ``shown`` (default: the path), the file the user knows, never the temporary file."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, replace=replace, shown=shown) as handle:
        handle.write(raw)


@contextmanager
def atomic_writer(path: Path, *, replace: bool, shown: str | None = None) -> Iterator[BinaryIO]:
    """``atomic_write`` for output made piece by piece: write to the handle as it comes (a
    large report need never be one string in memory); the file appears, whole, when the block
    ends, and not at all if it raises."""
    shown = shown if shown is not None else str(path)
    tmp = _temporary_for(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW, 0o666)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _rename_into_place(tmp, path, replace=replace)
    except ExistsError:
        raise ExistsError("already exists; not overwritten", shown) from None
    except OSError as err:
        raise ClaimcheckError(f"cannot write: {err.strerror or err}", shown) from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _rename_into_place(tmp: Path, path: Path, *, replace: bool) -> None:
    if replace and path.exists():
        os.chmod(tmp, path.stat().st_mode & 0o777)
    if replace:
        os.replace(tmp, path)
    else:
        try:
            os.link(tmp, path)  # fails if the path exists: no overwrite, even by a race
        except FileExistsError:
            raise ExistsError("exists") from None
        except OSError:  # a file system without hard links; the lock keeps this safe
            if os.path.lexists(path):
                raise ExistsError("exists") from None
            os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not possible on every platform
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a link and only if it is a regular file: a
    committed ``.claimcheck.lock`` link must not make claimcheck create a file elsewhere."""
    flags = os.O_RDWR | os.O_CREAT | O_NOFOLLOW | O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as err:
        if os.path.islink(path):
            reason = "is a symbolic link; claimcheck makes this file itself: delete the link"
        elif err.errno == errno.EISDIR:
            reason = "is a folder; claimcheck makes this file itself: remove the folder"
        else:
            reason = f"cannot be created: {err.strerror}"
        raise ClaimcheckError(f"the lock file {reason}", path.name) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ClaimcheckError(
            "the lock file is not a regular file; claimcheck makes this file itself: delete it",
            path.name,
        )
    return fd


@contextmanager
def file_lock(path: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock on ``path``, waited for up to ``timeout`` seconds."""
    fd = _open_lock(path)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeoutError(
                    f"another claimcheck command has held the registry lock ({path.name}) for "
                    f"{timeout:.0f} s; try again when it has finished"
                )
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
