"""The check cache's SQLite file: opening it, its tables, and what its errors mean.

``cache.py`` decides what is kept and when; this module knows the file. Its tables (one per
kind of entry, each a key, a JSON text and the day a run last used it) are made by
``create_tables``; a file made by another claimcheck, or by another program, is told apart
by ``prepare`` and then rebuilt, never read.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from . import __version__

SCHEMA_VERSION = "3"  # the tables' layout; a change makes every older cache be rebuilt
# The tables: the digests by key, what is known of each record file's state (filestate.py),
# and the last check of each registry with each choice of rules (runmemo.py).
TABLES = ("digests", "files", "runs")
# A writer waits this long for another one before giving up on saving (the check goes on).
BUSY_TIMEOUT_SECONDS = 0.25

# SQLite's primary result codes (Python 3.11+ gives them; 3.10 is read by the message).
_BUSY, _LOCKED, _CORRUPT, _NOTADB = 5, 6, 11, 26


def problem_of(err: sqlite3.Error) -> str:
    """What an SQLite error says about the cache: locked, corrupt, stale (tables claimcheck
    does not know) or unusable (read-only, unreadable, full...)."""
    code = getattr(err, "sqlite_errorcode", None)
    code = code & 0xFF if isinstance(code, int) else None
    text = str(err).lower()
    if code in (_BUSY, _LOCKED) or "locked" in text:
        return "locked"
    if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return "corrupt"
    if "no such table" in text or "no such column" in text:
        return "stale"
    return "unusable"


@contextlib.contextmanager
def transaction(db: sqlite3.Connection, begin: str) -> Iterator[None]:
    db.execute(begin)
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def not_a_plain_file(path: Path) -> str | None:
    """Why ``path`` must not be opened (a link, a folder, a FIFO...), or None: a regular file,
    or nothing there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISDIR(mode):
        return "is a folder"
    return "is not a regular file"


def open_database(path: Path, create: bool) -> sqlite3.Connection:
    uri = Path(os.path.abspath(path)).as_uri() + ("?mode=rwc" if create else "?mode=rw")
    # isolation_level None: transactions are begun and ended here, not by the module.
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
    return db


def prepare(db: sqlite3.Connection) -> str | None:
    """Make the tables of a new database; for an existing one, None when claimcheck made it
    as it is now, else who made it (then it is rebuilt, not trusted)."""
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        db.execute("PRAGMA journal_mode=WAL")  # kept in the file: readers never wait for writers
        with transaction(db, "BEGIN IMMEDIATE"):
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                create_tables(db)
        return None
    try:
        made = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.Error as err:
        if problem_of(err) != "stale":
            raise
        return "another program (no claimcheck tables)"
    if made.get("schema") == SCHEMA_VERSION and made.get("claimcheck") == __version__:
        return None
    return (
        f"claimcheck {made.get('claimcheck', '(unknown)')} "
        f"(cache schema {made.get('schema', '(unknown)')})"
    )


def create_tables(db: sqlite3.Connection) -> None:
    for table in TABLES:
        # A rowid table, not WITHOUT ROWID: values of a few KB would spill out of the key's
        # b-tree (measured: 2.3x the file size, 2x the read time; see docs/cache.md).
        db.execute(
            f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
            "used INTEGER NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_by_day ON {table} (used)")  # for the pruning
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.executemany(
        "INSERT INTO meta (name, value) VALUES (?, ?)",
        [("schema", SCHEMA_VERSION), ("claimcheck", __version__)],
    )


def still_damaged(path: Path) -> bool:
    try:
        db = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        return bool(db.execute("PRAGMA quick_check").fetchone()[0] != "ok")
    except sqlite3.Error:
        return True
    finally:
        db.close()
