"""The article to extract from: its text, its path in the registry (if it is in one), its date.

A path inside the registry is read as the registry reads documents, and dated by
``claimcheck.yaml`` (``documents:``) or a sidecar. A path outside is allowed: it is read as a
regular file (a FIFO or a device is refused, the size limit applies while reading), and dated
by a sidecar beside it. ``--date`` overrides both; failing all, a date alone on one of the
first lines ("21/12/2016", "21 December 2016") is taken, and the reason says so.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..documents import MAX_DOCUMENT_BYTES, sidecar_info
from ..errors import ClaimcheckError
from ..store import Store
from ..yamlio import decode_text
from .candidates import MONTHS

_CHUNK = 1 << 20
_HEAD_LINES = 8
_NUMERIC = re.compile(r"^\W*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\W*$")
_ISO = re.compile(r"^\W*(\d{4})-(\d{2})-(\d{2})\W*$")
_WORDS = re.compile(r"^\W*(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\W*$")


@dataclass(frozen=True)
class Article:
    name: str  # as shown: the registry path, else the path given
    text: str
    document: str | None  # the path relative to the registry root, when it is inside
    published: dt.date | None
    date_reason: str


def read_regular_file(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A regular file's text, the size limit applied while reading."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang
    except FileNotFoundError:
        raise ClaimcheckError("no such file", name) from None
    except IsADirectoryError:
        raise ClaimcheckError("is a folder, not a file", name) from None
    except OSError as err:
        raise ClaimcheckError(f"cannot read: {err.strerror}", name) from None
    chunks: list[bytes] = []
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ClaimcheckError("is a folder, not a file", name)
        if not stat.S_ISREG(mode):
            raise ClaimcheckError("is not a regular file (a FIFO or a device?); give a file", name)
        total = 0
        while chunk := os.read(fd, _CHUNK):
            total += len(chunk)
            if total > limit:
                raise ClaimcheckError(
                    f"is larger than {limit >> 20} MiB, the limit for a document", name
                )
            chunks.append(chunk)
    except OSError as err:
        raise ClaimcheckError(f"cannot read: {err.strerror}", name) from None
    finally:
        os.close(fd)
    try:
        return decode_text(b"".join(chunks))
    except ClaimcheckError as err:
        raise ClaimcheckError(err.message, name, err.line, err.column) from None


def _date_in_head(text: str) -> dt.date | None:
    for line in text.splitlines()[:_HEAD_LINES]:
        for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy"), (_WORDS, "dMy")):
            found = pattern.match(line)
            if found is None:
                continue
            parts = dict(zip(order, found.groups(), strict=True))
            try:
                if "M" in parts:
                    month = next(
                        i for i, m in enumerate(MONTHS, 1) if m.startswith(parts["M"].lower()[:3])
                    )
                else:
                    month = int(parts["m"])
                return dt.date(int(parts["y"]), month, int(parts["d"]))
            except (ValueError, StopIteration):
                continue
    return None


def _inside(store: Store | None, path: Path) -> str | None:
    if store is None:
        return None
    try:
        return path.resolve().relative_to(store.root.resolve()).as_posix()
    except ValueError:
        return None


def read_article(store: Store | None, path: Path, date: dt.date | None) -> Article:
    """The article at ``path``, and its date with the reason. A relative path is taken from the
    registry's root when the file is there (documents are named so everywhere in claimcheck),
    else from the current folder."""
    if store is not None and not path.is_absolute() and (store.root / path).exists():
        path = store.root / path
    relpath = _inside(store, path)
    text = read_regular_file(path)
    if relpath is not None and store is not None:
        info = store.document_info(relpath)
        where = "claimcheck.yaml or its sidecar"
    else:
        info = sidecar_info(path.parent, path.name)
        where = "its sidecar"
    name = relpath or str(path)
    if date is not None:
        return Article(name, text, relpath, date, "--date")
    if info is not None and info.published is not None:
        return Article(name, text, relpath, info.published, f"published, from {where}")
    head = _date_in_head(text)
    if head is not None:
        return Article(name, text, relpath, head, "a date on one of the article's first lines")
    return Article(name, text, relpath, None, "no date known: give --date")
