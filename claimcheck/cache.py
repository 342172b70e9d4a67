"""The check cache: per-claim digests kept between runs in one SQLite file.

A check is made of digests, plain JSON values keyed by a hash of everything they depend on
(``digest.py``); this module keeps them, so that a check of an unchanged registry reads them
back instead of computing them again. Beside them it keeps each record file's state
(``get_states`` / ``put_states``: ``filestate.py``) and the last check of each registry and
choice of rules (``get_runs`` / ``put_runs``: ``runmemo.py``). ``Cache`` and ``NoCache`` are the
two stores the engine is given; the design is in docs/cache.md.

The folder is ``$CLAIMCHECK_CACHE_DIR``, else ``.claimcheck-cache/`` in the registry root. It
holds ``digests.sqlite3`` (SQLite's own files beside it), a ``.gitignore`` of ``*`` and a
``CACHEDIR.TAG``, made on the first write.

A cache is never trusted, only used. A value is JSON text (never pickle: the file is one
another user could plant), kept as the engine gives it and given back as kept: the engine
decodes it once, and makes again a digest that does not read or is not of its file. A cache
that is corrupt, truncated, locked, unwritable, made by another version, or not a plain file
is left alone or rebuilt, with one note in ``notes`` for the command to show. Nothing here
raises for a bad cache: the check goes on without it and gives the same result.

Each entry carries the day it was last used. A run marks what it used (at most once a day
an entry, so a warm run writes nothing) and drops, when it closes, the entries no run has used
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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .cachedb import (
    BUSY_TIMEOUT_SECONDS,
    TABLES,
    create_tables,
    not_a_plain_file,
    open_database,
    prepare,
    problem_of,
    still_damaged,
    transaction,
)
from .errors import ClaimcheckError
from .safefs import user_path
from .writes import atomic_write, file_lock

__all__ = ["CACHE_DIR_ENV", "CACHE_FOLDER", "DATABASE", "Cache", "NoCache", "open_cache"]

CACHE_DIR_ENV = "CLAIMCHECK_CACHE_DIR"
CACHE_FOLDER = ".claimcheck-cache"
DATABASE = "digests.sqlite3"
KEEP_DAYS = 30  # a digest no run has used for this long is dropped
# SQLite's own files beside the database: a link or a folder under one of these names would
# have SQLite write where it points.
COMPANIONS = ("-wal", "-shm", "-journal")
REBUILD_LOCK = ".rebuild.lock"
# Keys per query: under 999, the bound-variable limit of SQLite before 3.32.
CHUNK = 500
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by claimcheck.\n"
    "# For information about cache directory tags, see: https://bford.info/cachedir/\n"
)


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
        # Per table, the keys used this run that were last marked used on an earlier day.
        self._to_mark: dict[str, list[str]] = {table: [] for table in TABLES}

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
        return self._get("digests", keys)

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Keep ``items`` (JSON text, or values to encode as JSON), all in one transaction, or
        (the cache locked or unusable) none."""
        self._put("digests", items)

    def get_states(self, names: Sequence[str]) -> dict[str, Any]:
        """What was kept of the state of these files (``filestate``), as ``get_many``."""
        return self._get("files", names)

    def put_states(self, items: Mapping[str, str]) -> None:
        """Keep what is known of the state of these files, as ``put_many``."""
        self._put("files", items)

    def get_runs(self, names: Sequence[str]) -> dict[str, Any]:
        """The checks kept under these names (``runmemo``), as ``get_many``."""
        return self._get("runs", names)

    def put_runs(self, items: Mapping[str, str]) -> None:
        """Keep these checks, as ``put_many``."""
        self._put("runs", items)

    def _get(self, table: str, keys: Sequence[str]) -> dict[str, Any]:
        if self._off or self._rebuild or not keys:
            return {}
        db = self._connect(create=False)
        if db is None:
            return {}
        wanted = list(dict.fromkeys(keys))
        rows: list[tuple[Any, Any, Any]] = []
        try:
            with transaction(db, "BEGIN"):
                for start in range(0, len(wanted), CHUNK):
                    chunk = wanted[start : start + CHUNK]
                    marks = ",".join("?" * len(chunk))
                    query = f"SELECT key, value, used FROM {table} WHERE key IN ({marks})"
                    rows.extend(db.execute(query, chunk))
        except sqlite3.Error as err:
            self._failed(err)
            return {}
        today = self._today
        self._to_mark[table].extend(key for key, _, used in rows if used != today)
        found = {key: text for key, text, _ in rows if isinstance(text, str)}
        if len(found) < len(rows):
            self._note(
                f"{len(rows) - len(found)} value(s) in the check cache {self._db_shown} are not "
                "text: they were not used, and are made again"
            )
        return found

    def _put(self, table: str, items: Mapping[str, Any]) -> None:
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
            with transaction(db, "BEGIN IMMEDIATE"):
                if self._rebuild == "stale":
                    for name in (*TABLES, "meta"):
                        db.execute(f"DROP TABLE IF EXISTS {name}")
                    create_tables(db)
                self._rebuild = None
                db.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, value, used) VALUES (?, ?, ?)", rows
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
        """Mark the entries this run used as used today, and drop those no run has used for
        ``KEEP_DAYS``; or neither, quietly, when another run holds the cache."""
        if self._off or self._no_writes or self._rebuild:
            return
        marks = {table: list(dict.fromkeys(keys)) for table, keys in self._to_mark.items()}
        self._to_mark = {table: [] for table in TABLES}
        oldest = self._today - KEEP_DAYS
        try:
            if not any(marks.values()) and not any(
                db.execute(f"SELECT 1 FROM {table} WHERE used < ? LIMIT 1", (oldest,)).fetchone()
                for table in TABLES
            ):
                return  # nothing to write: a warm run on a day already marked
            with transaction(db, "BEGIN IMMEDIATE"):
                for table, keys in marks.items():
                    for start in range(0, len(keys), CHUNK):
                        chunk = keys[start : start + CHUNK]
                        marked = ",".join("?" * len(chunk))
                        query = f"UPDATE {table} SET used = ? WHERE key IN ({marked})"
                        db.execute(query, [self._today, *chunk])
                    db.execute(f"DELETE FROM {table} WHERE used < ?", (oldest,))
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
        problem = problem_of(err)
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
            refusal = not_a_plain_file(Path(f"{self.path}{suffix}"))
            if refusal:
                self._give_up(
                    f"{self._db_shown}{suffix} {refusal}, not a file claimcheck made: it was "
                    "not followed (delete it to use the cache again)"
                )
                return None
        if not create and not self.path.exists():
            return None
        try:
            db = open_database(self.path, create)
        except sqlite3.Error as err:
            self._failed(err)
            return None
        self._db = db
        try:
            stale = prepare(db)
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
                if still_damaged(self.path):
                    for suffix in (*COMPANIONS, ""):  # the database last: see docs/cache.md
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(f"{self.path}{suffix}")
                self._rebuild = None
                db = open_database(self.path, create=True)
                self._db = db
                prepare(db)
                return db
        except (ClaimcheckError, OSError, sqlite3.Error) as err:
            self._give_up(f"the damaged check cache {self._db_shown} cannot be rebuilt ({err})")
            return None


def open_cache(root: Path, enabled: bool = True) -> Cache | NoCache:
    """The cache a command uses: the registry's, or none (``--no-cache``)."""
    return Cache.for_registry(root) if enabled else Cache.disabled()


def _today() -> int:
    """The day, as a number (days since 0001-01-01, UTC), that marks what a run used."""
    return dt.datetime.now(dt.timezone.utc).date().toordinal()
