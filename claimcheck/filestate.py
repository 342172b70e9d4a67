"""What the check cache keeps of a record file's state, so that a file unchanged since a run
read it is not read again.

A digest's key is a hash of the record's bytes (and of what else it depends on): to find it,
a warm check would read and hash every record. Instead, as git does with its index, a run
keeps for each record it read the file's state (device, inode, size, modification and change
times, from one ``stat``), with the hash of the bytes it read and the document they cite. The
next run ``stat``s the file; when the state is the same, the kept hash stands for the bytes.

A state is kept only for a file that has *settled*: last modified (or its inode changed) more
than ``SETTLED_NS`` before the bytes were hashed. A later change to the file then gives it a
modification time it cannot have had before, even on a file system that keeps times in whole
seconds (or two), so the state differs and the file is read again. A file changed within that
time of a run is read and hashed by the next run too, as git re-reads "racily clean" files. The
change time cannot be set back by a program (``touch -d`` sets it to now), nor can an inode
and a size stay the same through a replacement and a restored modification time.

What can still fool it, as it fools git and make: a clock set back across an edit, or a file
system that does not keep these times. ``--no-cache`` reads everything.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

__all__ = ["SETTLED_NS", "FileStates", "known", "name_of", "now", "settled", "state_text"]

SETTLED_NS = 3_000_000_000  # past the coarsest file time kept (FAT's two seconds)

# One kept state: the stat fields compared, the hash of the bytes read (hex), the document
# they cite (as ``digest.cited_document`` read it; None: none).
_FIELDS = 5


@runtime_checkable
class FileStates(Protocol):
    """A store that keeps file states beside digests (``cache.Cache``)."""

    def get_states(self, names: Sequence[str]) -> dict[str, Any]: ...

    def put_states(self, items: Mapping[str, str]) -> None: ...


def name_of(real_root: str, relpath: str) -> str:
    """The name a file's state is kept under: the registry's real root and the file's path,
    since one cache folder (``$CLAIMCHECK_CACHE_DIR``) may serve several registries."""
    return f"{real_root}\0{relpath}"


def _compared(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def now() -> int:
    """The time to compare a file's times with, taken after its bytes were read."""
    return time.time_ns()


def settled(info: os.stat_result, read_at: int) -> bool:
    """Whether a file in this state when it was read had not changed for ``SETTLED_NS``."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < read_at - SETTLED_NS


def state_text(info: os.stat_result, record_hash: bytes, cited: str | None) -> str:
    """What is kept of a file read in state ``info``: the state, its bytes' hash, its document."""
    # The JSON array written by hand: one per record of a cold check, json.dumps costs more.
    numbers = ",".join(map(str, _compared(info)))
    document = "null" if cited is None else json.dumps(cited, ensure_ascii=False)
    return f'[{numbers},"{record_hash.hex()}",{document}]'


def known(text: Any, info: os.stat_result) -> tuple[bytes, str | None] | None:
    """The hash of a file's bytes and the document they cite, from what was kept of it, when
    the file is in the state it was kept in; None when it is not, or what was kept is not
    such a state (then the file is read)."""
    if not isinstance(text, str):
        return None
    try:
        kept = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if type(kept) is not list or len(kept) != _FIELDS + 2 or kept[:_FIELDS] != _compared(info):
        return None
    if not all(type(value) is int for value in kept[:_FIELDS]):
        return None  # True == 1: a planted [true, ...] must not pass for a state
    hashed, cited = kept[_FIELDS:]
    if type(hashed) is not str or not (cited is None or type(cited) is str):
        return None
    try:
        record_hash = bytes.fromhex(hashed)
    except ValueError:
        return None
    return (record_hash, cited) if len(record_hash) == 32 else None
