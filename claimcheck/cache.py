"""The check cache: per-claim digests kept between runs in one SQLite file.

A check is made of digests, plain JSON values keyed by a hash of everything they depend on
(``digest.py``); this module keeps them, so that a check of an unchanged registry reads them
back instead of computing them again. ``Cache`` and ``NoCache`` are the two stores the engine
is given (``get_many`` / ``put_many``); the design is in docs/cache.md.

The folder is ``$CLAIMCHECK_CACHE_DIR``, else ``.claimcheck-cache/`` in the registry root. It
holds ``digests.sqlite3`` (SQLite's own files beside it), a ``.gitignore`` of ``*`` and a
``CACHEDIR.TAG``, made on the first write.

A cache is never trusted, only used. A value is JSON text (never pickle: the file is one
another user could plant), kept as the engine gives it and given back as kept: the engine
decodes it once, and makes again a digest that does not read or is not of its file. A cache
that is corrupt, truncated, locked, unwritable, made by another version, or not a plain file
is left alone or rebuilt, with one note in ``notes`` for the command to show. Nothing here
raises for a bad cache: the check goes on without it and gives the same result.

Each digest carries the day it was last used. A run marks what it used (at most once a day
a digest, so a warm run writes nothing) and drops, when it closes, the digests no run has used
for ``KEEP_DAYS``: those of record versions since edited or deleted, or of a registry no longer
checked. What a run uses is kept, whatever its age.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ClaimcheckError
from .safefs import user_path
from .writes import atomic_write, file_lock

__all__ = ["CACHE_DIR_ENV", "CACHE_FOLDER", "DATABASE", "Cache", "NoCache", "open_cache"]

CACHE_DIR_ENV = "CLAIMCHECK_CACHE_DIR"
CACHE_FOLDER = ".claimcheck-cache"
DATABASE = "digests.sqlite3"
SCHEMA_VERSION = "2"  # the tables' layout; a change makes every older cache be rebuilt
KEEP_DAYS = 30  # a digest no run has used for this long is dropped
# SQLite's own files beside the database: a link or a folder under one of these names would
# have SQLite write where it points.
COMPANIONS = ("-wal", "-shm", "-journal")
REBUILD_LOCK = ".rebuild.lock"
# A writer waits this long for another one before giving up on saving (the check goes on).
BUSY_TIMEOUT_SECONDS = 0.25
# Keys per query: under 999, the bound-variable limit of SQLite before 3.32.
CHUNK = 500
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by claimcheck.\n"
    "# For information about cache directory tags, see: https://bford.info/cachedir/\n"
)

# SQLite's primary result codes (Python 3.11+ gives them; 3.10 is read by the message).
_BUSY, _LOCKED, _CORRUPT, _NOTADB = 5, 6, 11, 26


def _problem_of(err: sqlite3.Error) -> str:
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


def _storable(value: Any) -> str | None:
    """The JSON text kept for a value: text as it is given (the engine gives each digest as
    its compact JSON text), anything else encoded; None for text SQLite cannot hold."""
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (a file name that is not UTF-8) cannot be stored as UTF-8;
            # escaped as \udcxx it can, and decodes to the same string.
            try:
                return json.dumps(json.loads(text), separators=(",", ":"))
            except (ValueError, RecursionError):
                return None  # not JSON: not kept
    return text


class NoCache:
    """The store for ``--no-cache``: every key a miss, nothing kept."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        return {}

    def put_many(self, items: Mapping[str, Any]) -> None:
        return None

    def reject(self, keys: Sequence[str]) -> None:
        return None

    def close(self) -> None:
        return None


class Cache:
    """Digests in ``<folder>/digests.sqlite3``. ``notes`` holds at most one line saying why the
    cache was not (fully) used; empty when all went well.

    ``confine_to``: the registry root the folder must stay in (the default folder comes with
    the registry, and may be a link a pull request planted); None for a folder the user chose.
    """

    def __init__(self, folder: Path, shown: str | None = None, confine_to: Path | None = None):
        self.folder = folder
        self.path = folder / DATABASE
        self.notes: list[str] = []
        self._shown = shown if shown is not None else str(folder)
        self._confine_to = confine_to
        self._db: sqlite3.Connection | None = None
        self._off = False  # neither read nor written any more, this run
        self._no_writes = False  # read, but not written (another run holds the write lock)
        self._rebuild: str | None = None  # "corrupt" or "stale": rebuilt on the next write
        self._today = _today()
        self._to_mark: list[str] = []  # keys used this run, last marked used on an earlier day

    @classmethod
    def for_registry(cls, root: Path, environ: Mapping[str, str] | None = None) -> Cache:
        """The cache of the registry at ``root``: ``$CLAIMCHECK_CACHE_DIR``, else
        ``<root>/.claimcheck-cache``."""
        given = (os.environ if environ is None else environ).get(CACHE_DIR_ENV, "")
        if given:
            return cls(user_path(given, CACHE_DIR_ENV))
        return cls(root / CACHE_FOLDER, CACHE_FOLDER, confine_to=root)

    @staticmethod
    def disabled() -> NoCache:
        return NoCache()

    # --- the store ----------------------------------------------------------------------------

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The JSON text kept under those of ``keys`` the cache holds, not decoded: the engine
        decodes it once, and makes again a digest whose text is not JSON or not a digest
        (``digesting._read_back``). A value that is not even text is left out, and noted."""
        if self._off or self._rebuild or not keys:
            return {}
        db = self._connect(create=False)
        if db is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        rows: list[tuple[Any, Any, Any]] = []
        try:
            with _transaction(db, "BEGIN"):
                for start in range(0, len(wanted), CHUNK):
                    chunk = wanted[start : start + CHUNK]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, value, used FROM digests WHERE key IN ({marks})"
                    rows.extend(db.execute(query, chunk))
        except sqlite3.Error as err:
            self._failed(err)
            return {}
        today = self._today
        self._to_mark.extend(key for key, _, used in rows if used != today)
        found = {key: text for key, text, _ in rows if isinstance(text, str)}
        if len(found) < len(rows):
            self._note(
                f"{len(rows) - len(found)} value(s) in the check cache {self._db_shown} are not "
                "text: they were not used, and are made again"
            )
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Keep ``items`` (JSON text, or values to encode as JSON), all in one transaction, or
        (the cache locked or unusable) none."""
        if self._off or self._no_writes or not items:
            return
        rows = [
            (key, text, self._today) for key, value in items.items() if (text := _storable(value))
        ]
        db = self._connect(create=True)
        if self._rebuild == "corrupt" and not self._off:
            db = self._rebuilt_file()
        if db is None:
            return
        try:
            with _transaction(db, "BEGIN IMMEDIATE"):
                if self._rebuild == "stale":
                    db.execute("DROP TABLE IF EXISTS digests")
                    db.execute("DROP TABLE IF EXISTS meta")
                    _create_tables(db)
                self._rebuild = None
                db.executemany(
                    "INSERT OR REPLACE INTO digests (key, value, used) VALUES (?, ?, ?)", rows
                )
        except sqlite3.Error as err:
            self._failed(err, writing=True)

    def reject(self, keys: Sequence[str]) -> None:
        """Values the engine could not use as digests of their files: noted (the engine makes
        them again, and the next ``put_many`` replaces them)."""
        if keys:
            self._note(
                f"the check cache {self._db_shown} held {len(keys)} "
                + (
                    "entry that was not a digest"
                    if len(keys) == 1
                    else "entries that were not digests"
                )
                + " of their files: they were made again"
            )

    def close(self) -> None:
        if self._db is not None:
            self._mark_and_prune(self._db)
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _mark_and_prune(self, db: sqlite3.Connection) -> None:
        """Mark the digests this run used as used today, and drop those no run has used for
        ``KEEP_DAYS``; or neither, quietly, when another run holds the cache."""
        if self._off or self._no_writes or self._rebuild:
            return
        marks, self._to_mark = list(dict.fromkeys(self._to_mark)), []
        oldest = self._today - KEEP_DAYS
        try:
            if (
                not marks
                and not db.execute(
                    "SELECT 1 FROM digests WHERE used < ? LIMIT 1", (oldest,)
                ).fetchone()
            ):
                return  # nothing to write: a warm run on a day already marked
            with _transaction(db, "BEGIN IMMEDIATE"):
                for start in range(0, len(marks), CHUNK):
                    chunk = marks[start : start + CHUNK]
                    query = (
                        f"UPDATE digests SET used = ? WHERE key IN ({','.join('?' * len(chunk))})"
                    )
                    db.execute(query, [self._today, *chunk])
                db.execute("DELETE FROM digests WHERE used < ?", (oldest,))
        except sqlite3.Error:
            return  # marked and pruned by a later run

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- opening ------------------------------------------------------------------------------

    @property
    def _db_shown(self) -> str:
        return f"{self._shown.rstrip('/')}/{DATABASE}"

    def _note(self, message: str) -> None:
        if not self.notes:  # one note a run: the first thing that went wrong
            self.notes.append(message)

    def _give_up(self, message: str) -> None:
        self._note(f"{message}; checked without the cache")
        self._off = True
        self.close()

    def _failed(self, err: sqlite3.Error, writing: bool = False) -> None:
        problem = _problem_of(err)
        if problem == "locked" and writing:
            self._note(
                f"the check cache {self._db_shown} is locked by another claimcheck run: this "
                "run's results were not saved to it"
            )
            self._no_writes = True
        elif problem in ("corrupt", "stale") and not writing:
            self._note(
                f"the check cache {self._db_shown} "
                + ("is damaged" if problem == "corrupt" else "was made by another claimcheck")
                + ": it was not used, and is made again"
            )
            self._rebuild = problem
            self.close()
        else:
            self._give_up(f"the check cache {self._db_shown} cannot be used ({err})")

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The open database, or None: no cache yet (and ``create`` false), or one that
        cannot be used (then noted)."""
        if self._db is not None:
            return self._db
        if not self._folder_ok(create):
            return None
        for suffix in ("", *COMPANIONS):
            refusal = _not_a_plain_file(Path(f"{self.path}{suffix}"))
            if refusal:
                self._give_up(
                    f"{self._db_shown}{suffix} {refusal}, not a file claimcheck made: it was "
                    "not followed (delete it to use the cache again)"
                )
                return None
        if not create and not self.path.exists():
            return None
        try:
            db = _open_database(self.path, create)
        except sqlite3.Error as err:
            self._failed(err)
            return None
        self._db = db
        try:
            stale = _prepare(db)
        except sqlite3.Error as err:
            self._failed(err)
            return None
        if stale:
            self._note(
                f"the check cache {self._db_shown} was made by {stale}: it was not used, and "
                "is made again"
            )
            self._rebuild = "stale"
            if not create:
                return None
        return db

    def _folder_ok(self, create: bool) -> bool:
        """The folder is there (made, on a write) and is one claimcheck may use."""
        try:
            info = os.lstat(self.folder)
        except FileNotFoundError:
            if not create:
                return False
            return self._make_folder()
        except OSError as err:
            self._give_up(f"the check cache folder {self._shown} cannot be read ({err.strerror})")
            return False
        if stat.S_ISLNK(info.st_mode) and self._confine_to is not None:
            real = Path(os.path.realpath(self.folder))
            if not real.is_relative_to(os.path.realpath(self._confine_to)):
                self._give_up(
                    f"the check cache folder {self._shown} is a link out of the registry: it "
                    "was not followed"
                )
                return False
        if not self.folder.is_dir():
            self._give_up(f"the check cache folder {self._shown} is not a folder")
            return False
        return True

    def _make_folder(self) -> bool:
        try:
            self.folder.mkdir(parents=True)
        except FileExistsError:
            pass  # another run made it meanwhile
        except OSError as err:
            self._give_up(f"the check cache folder {self._shown} cannot be made ({err.strerror})")
            return False
        # Like pytest's and ruff's caches: git ignores the folder and backup tools may skip it.
        for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            with contextlib.suppress(ClaimcheckError):  # there already, or cannot: not needed
                atomic_write(self.folder / name, text, replace=False)
        return True

    def _rebuilt_file(self) -> sqlite3.Connection | None:
        """Replace a damaged database by an empty one, under a lock so that two runs do not
        rebuild at once; None when that cannot be done (noted)."""
        self.close()
        try:
            with file_lock(self.folder / REBUILD_LOCK, BUSY_TIMEOUT_SECONDS):
                # Another run may have rebuilt it while this one waited.
                if _still_damaged(self.path):
                    for suffix in (*COMPANIONS, ""):  # the database last: see docs/cache.md
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(f"{self.path}{suffix}")
                self._rebuild = None
                db = _open_database(self.path, create=True)
                self._db = db
                _prepare(db)
                return db
        except (ClaimcheckError, OSError, sqlite3.Error) as err:
            self._give_up(f"the damaged check cache {self._db_shown} cannot be rebuilt ({err})")
            return None


def open_cache(root: Path, enabled: bool = True) -> Cache | NoCache:
    """The cache a command uses: the registry's, or none (``--no-cache``)."""
    return Cache.for_registry(root) if enabled else Cache.disabled()


# --- the file -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, begin: str) -> Iterator[None]:
    db.execute(begin)
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _not_a_plain_file(path: Path) -> str | None:
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


def _open_database(path: Path, create: bool) -> sqlite3.Connection:
    uri = Path(os.path.abspath(path)).as_uri() + ("?mode=rwc" if create else "?mode=rw")
    # isolation_level None: transactions are begun and ended here, not by the module.
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
    return db


def _prepare(db: sqlite3.Connection) -> str | None:
    """Make the tables of a new database; for an existing one, None when claimcheck made it
    as it is now, else who made it (then it is rebuilt, not trusted)."""
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        db.execute("PRAGMA journal_mode=WAL")  # kept in the file: readers never wait for writers
        with _transaction(db, "BEGIN IMMEDIATE"):
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                _create_tables(db)
        return None
    try:
        made = dict(db.execute("SELECT name, value FROM meta").fetchall())
    except sqlite3.Error as err:
        if _problem_of(err) != "stale":
            raise
        return "another program (no claimcheck tables)"
    if made.get("schema") == SCHEMA_VERSION and made.get("claimcheck") == __version__:
        return None
    return (
        f"claimcheck {made.get('claimcheck', '(unknown)')} "
        f"(cache schema {made.get('schema', '(unknown)')})"
    )


def _create_tables(db: sqlite3.Connection) -> None:
    # A rowid table, not WITHOUT ROWID: values of a few KB would spill out of the key's b-tree
    # (measured: 2.3x the file size, 2x the read time; see docs/cache.md).
    db.execute(
        "CREATE TABLE digests (key TEXT PRIMARY KEY, value TEXT NOT NULL, used INTEGER NOT NULL)"
    )
    db.execute("CREATE INDEX digests_by_day ON digests (used)")  # for the pruning's look-ups
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.executemany(
        "INSERT INTO meta (name, value) VALUES (?, ?)",
        [("schema", SCHEMA_VERSION), ("claimcheck", __version__)],
    )


def _today() -> int:
    """The day, as a number (days since 0001-01-01, UTC), that marks what a run used."""
    return dt.datetime.now(dt.timezone.utc).date().toordinal()


def _still_damaged(path: Path) -> bool:
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
