"""The article to extract from: its text, its path in the registry (if it is in one), its date.

A path inside the registry is read as the registry reads documents, and dated by
``claimcheck.yaml`` (``documents:``) or a sidecar. A path outside is allowed: it is read as a
file a user names (``safefs.read_named_file``: a regular file only, a FIFO or a device refused,
the size limit applied while reading), and dated by a sidecar beside it. ``--date`` overrides
both; failing all, a date alone on one of the first lines ("21/12/2016", "21 December 2016") is
taken, and the reason says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..documents import MAX_DOCUMENT_BYTES, sidecar_info
from ..safefs import read_named_file
from ..store import Store
from .candidates import MONTHS

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
    if relpath is not None and store is not None:
        text = store.document(relpath).text  # read as the registry reads its documents
        info = store.document_info(relpath)
        where = "claimcheck.yaml or its sidecar"
    else:
        text = read_named_file(path, MAX_DOCUMENT_BYTES, "a document")
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
