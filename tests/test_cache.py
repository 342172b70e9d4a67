"""The check cache (claimcheck/cache.py) on its own: what it keeps and gives back, and what
it does with a cache it cannot trust: damaged, truncated, locked, unwritable, made by another
version, not a plain file, or a writer killed mid-way. Every case ends in values that are
right or missing, never wrong, at most one note, and no exception."""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from helpers import child_env

from claimcheck import __version__
from claimcheck import cache as cache_module
from claimcheck.cache import (
    BUSY_TIMEOUT_SECONDS,
    CACHE_DIR_ENV,
    CACHE_FOLDER,
    CHUNK,
    DATABASE,
    KEEP_DAYS,
    Cache,
    NoCache,
)
from claimcheck.cachedb import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def value_of(key: str) -> dict[str, Any]:
    """A digest-like value, different for every key, with what JSON must carry exactly."""
    return {
        "key": key,
        "findings": [["A101", "error", 3, 7, f"no source for «{key}»"]],
        "interval": [0.1 + len(key), math.inf, -math.inf],
        "nested": {"ok": True, "none": None, "n": len(key) * 1_000_003},
    }


def fill(folder: Path, keys: list[str]) -> None:
    with Cache(folder) as cache:
        cache.put_many({key: value_of(key) for key in keys})
        assert cache.notes == []


def decoded(found: dict[str, Any]) -> dict[str, Any]:
    """What get_many gave (each value's JSON text, as kept), decoded."""
    assert all(isinstance(text, str) for text in found.values())
    return {key: json.loads(text) for key, text in found.items()}


def read_back(folder: Path, keys: list[str]) -> tuple[dict[str, Any], list[str]]:
    with Cache(folder) as cache:
        return decoded(cache.get_many(keys)), cache.notes


def assert_never_wrong(found: dict[str, Any]) -> None:
    for key, value in found.items():
        assert value == value_of(key), key


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


KEYS = [f"k{n:05d}" for n in range(300)]


# --- keeping and giving back ----------------------------------------------------------------


def test_values_come_back_equal_from_a_new_connection(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    fill(folder, KEYS)
    found, notes = read_back(folder, [*KEYS, "never-put"])
    assert found == {key: value_of(key) for key in KEYS}
    assert notes == []


def test_a_file_name_that_is_not_utf_8_comes_back_the_same(tmp_path: Path) -> None:
    name = os.fsdecode(b"claims/caf\xe9.yaml")  # a lone surrogate: '\udce9'
    with Cache(tmp_path) as cache:
        cache.put_many({"a": {"path": name}, "b": {"path": "café"}})
    assert read_back(tmp_path, ["a", "b"]) == ({"a": {"path": name}, "b": {"path": "café"}}, [])


def test_the_folder_is_made_on_the_first_write_with_its_ignore_file_and_tag(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "made" / "here"
    with Cache(folder) as cache:
        assert cache.get_many(KEYS) == {}
        assert not folder.exists()  # a read makes nothing
        cache.put_many({"a": 1})
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "*\n"
    tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / DATABASE).is_file()


def test_an_existing_ignore_file_in_a_chosen_folder_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / ".gitignore").write_text("mine\n", encoding="utf-8")
    fill(folder, ["a"])
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "mine\n"


def test_reads_go_in_chunks_one_query_each(tmp_path: Path) -> None:
    keys = [f"key-{n}" for n in range(CHUNK * 3 + 7)]
    fill(tmp_path, keys)
    queries: list[str] = []
    with Cache(tmp_path) as cache:
        cache.get_many(keys[:1])  # opens the database
        assert cache._db is not None
        cache._db.set_trace_callback(queries.append)
        found = decoded(cache.get_many(keys))
    assert found == {key: value_of(key) for key in keys}
    assert len([q for q in queries if q.startswith("SELECT key, value")]) == 4


def test_a_put_is_one_transaction(tmp_path: Path) -> None:
    fill(tmp_path, ["first"])
    statements: list[str] = []
    with Cache(tmp_path) as cache:
        cache.get_many(["first"])
        assert cache._db is not None
        cache._db.set_trace_callback(statements.append)
        cache.put_many({key: value_of(key) for key in KEYS})
    assert [s for s in statements if s in ("BEGIN IMMEDIATE", "COMMIT")] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]


def test_the_folder_comes_from_the_environment_else_the_registry(tmp_path: Path) -> None:
    chosen = Cache.for_registry(tmp_path, {CACHE_DIR_ENV: str(tmp_path / "elsewhere")})
    default = Cache.for_registry(tmp_path, {})
    assert chosen.folder == tmp_path / "elsewhere"
    assert default.folder == tmp_path / CACHE_FOLDER


def test_no_cache_keeps_nothing() -> None:
    store = Cache.disabled()
    assert isinstance(store, NoCache)
    store.put_many({"a": 1})
    assert store.get_many(["a"]) == {}
    assert store.notes == []


def test_values_are_json_text_in_the_file(tmp_path: Path) -> None:
    fill(tmp_path, ["a"])
    db = sqlite3.connect(tmp_path / DATABASE)
    text = db.execute("SELECT value FROM digests WHERE key = 'a'").fetchone()[0]
    db.close()
    assert text.startswith('{"key":"a","findings":[["A101"')  # compact, not ASCII-escaped
    assert "«a»" in text


# --- values and caches that cannot be trusted ----------------------------------------------


def test_text_is_kept_as_given_and_given_back_as_kept(tmp_path: Path) -> None:
    texts = {"a": '{"path":"claims/a.yaml","n":1}', "b": "[1,2]", "not json": "{oops"}
    with Cache(tmp_path) as cache:
        cache.put_many(texts)
    with Cache(tmp_path) as cache:
        # not decoded here: the engine decodes each digest once, and makes again one that
        # does not read (what that does is in test_a_value_that_is_not_json_is_made_again)
        assert cache.get_many(list(texts)) == texts
        assert cache.notes == []


def test_a_value_that_is_not_text_is_a_miss_noted_once_and_made_again(tmp_path: Path) -> None:
    fill(tmp_path, KEYS)
    db = sqlite3.connect(tmp_path / DATABASE)
    db.execute("UPDATE digests SET value = ? WHERE key = ?", (b'{"bytes": 1}', KEYS[0]))
    db.execute("UPDATE digests SET value = zeroblob(9) WHERE key = ?", (KEYS[1],))
    db.commit()
    db.close()
    with Cache(tmp_path) as cache:
        found = decoded(cache.get_many(KEYS))
        assert set(found) == set(KEYS[2:])
        assert_never_wrong(found)
        assert len(cache.notes) == 1 and "2 value(s)" in cache.notes[0]
        assert "are not text" in cache.notes[0]
        cache.put_many({key: value_of(key) for key in KEYS[:2]})
    assert read_back(tmp_path, KEYS) == ({key: value_of(key) for key in KEYS}, [])


def test_garbage_bytes_in_the_file_are_noted_and_the_cache_rebuilt(tmp_path: Path) -> None:
    tmp_path.joinpath(DATABASE).write_bytes(os.urandom(8192))
    with Cache(tmp_path) as cache:
        assert cache.get_many(KEYS) == {}
        assert len(cache.notes) == 1 and "damaged" in cache.notes[0]
        cache.put_many({key: value_of(key) for key in KEYS})
        assert len(cache.notes) == 1
    assert read_back(tmp_path, KEYS) == ({key: value_of(key) for key in KEYS}, [])
    assert integrity(tmp_path / DATABASE) == "ok"


def test_a_truncated_file_gives_no_wrong_value_and_is_rebuilt(tmp_path: Path) -> None:
    keys = [f"key-{n}" for n in range(3000)]
    fill(tmp_path, keys)
    path = tmp_path / DATABASE
    assert not Path(f"{path}-wal").exists()  # checkpointed at close: all of it is in the file
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    with Cache(tmp_path) as cache:
        found = decoded(cache.get_many(keys))
        assert_never_wrong(found)
        assert len(found) < len(keys)
        assert len(cache.notes) == 1 and "damaged" in cache.notes[0]
        cache.put_many({key: value_of(key) for key in keys})
    assert read_back(tmp_path, keys) == ({key: value_of(key) for key in keys}, [])
    assert integrity(path) == "ok"


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_a_database_that_is_not_a_plain_file_is_not_opened(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    path = folder / DATABASE
    outside = tmp_path / "outside.sqlite3"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        fill(tmp_path / "other", ["a"])  # a real cache elsewhere, that must stay as it is
        (tmp_path / "other" / DATABASE).rename(outside)
        path.symlink_to(outside)
    before = outside.read_bytes() if kind == "link" else b""
    with Cache(folder) as cache:
        assert cache.get_many(["a"]) == {}
        cache.put_many({"b": 2})
        assert len(cache.notes) == 1
        expected = {"folder": "is a folder", "fifo": "is not a regular file", "link": "is a sym"}
        assert f"{DATABASE} {expected[kind]}" in cache.notes[0]
        assert "checked without the cache" in cache.notes[0]
    if kind == "link":
        assert outside.read_bytes() == before
        assert path.is_symlink()


def test_a_journal_file_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    fill(tmp_path, ["a"])
    target = tmp_path / "victim"
    target.write_text("keep me\n", encoding="utf-8")
    Path(f"{tmp_path / DATABASE}-wal").symlink_to(target)
    with Cache(tmp_path) as cache:
        assert cache.get_many(["a"]) == {}
        cache.put_many({"b": 2})
        assert len(cache.notes) == 1 and "-wal is a symbolic link" in cache.notes[0]
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_the_registry_cache_folder_may_not_link_out_of_the_registry(tmp_path: Path) -> None:
    root, outside = tmp_path / "registry", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / CACHE_FOLDER).symlink_to(outside)
    with Cache.for_registry(root, {}) as cache:
        cache.put_many({"a": 1})
        assert cache.get_many(["a"]) == {}
        assert len(cache.notes) == 1 and "link out of the registry" in cache.notes[0]
    assert list(outside.iterdir()) == []
    # a folder the user names may be a link: that is their choice
    with Cache.for_registry(root, {CACHE_DIR_ENV: str(root / CACHE_FOLDER)}) as cache:
        cache.put_many({"a": 1})
        assert cache.get_many(["a"]) == {"a": "1"}
        assert cache.notes == []


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder that an unprivileged user can reach (pytest's tmp_path is root's own)."""
    with tempfile.TemporaryDirectory(prefix="claimcheck-cache-") as name:
        os.chmod(name, 0o755)
        yield Path(name)


def use_unprivileged(folder: Path) -> tuple[list[str], list[str]]:
    """Read and write the cache in ``folder`` where permissions hold: in a forked child that
    is ``nobody`` when the tests run as root (root writes through any permission bits).
    Returns the keys found and the notes; the child failing at all fails the test."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            with Cache(folder) as cache:
                found = cache.get_many(["a"])
                cache.put_many({"b": 2})
            os.write(write_end, json.dumps([sorted(found), cache.notes]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0  # no exception, whatever the folder
    found, notes = json.loads(data)
    return found, notes


def test_a_read_only_folder_is_noted_and_the_check_goes_on(shared_tmp: Path) -> None:
    folder = shared_tmp / "cache"
    fill(folder, ["a"])
    for path in folder.iterdir():
        path.chmod(0o644)
    folder.chmod(0o555)
    found, notes = use_unprivileged(folder)
    folder.chmod(0o755)
    assert found == [] and len(notes) == 1
    assert "cannot be used" in notes[0] and "checked without the cache" in notes[0]


def test_a_folder_that_cannot_be_made_is_noted(shared_tmp: Path) -> None:
    parent = shared_tmp / "locked"
    parent.mkdir(mode=0o555)
    parent.chmod(0o555)
    found, notes = use_unprivileged(parent / "cache")
    assert found == [] and len(notes) == 1
    assert "cannot be made (Permission denied)" in notes[0]
    assert not (parent / "cache").exists()


def test_a_locked_cache_is_read_but_not_written(tmp_path: Path) -> None:
    fill(tmp_path, ["a"])
    other = sqlite3.connect(tmp_path / DATABASE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO digests VALUES ('held', '1', 0)")
    try:
        with Cache(tmp_path) as cache:
            assert decoded(cache.get_many(["a", "held"])) == {"a": value_of("a")}
            started = time.monotonic()
            cache.put_many({"b": 2})
            waited = time.monotonic() - started
            cache.put_many({"c": 3})  # not tried again: one note, one wait
            assert len(cache.notes) == 1 and "locked by another claimcheck run" in cache.notes[0]
            assert waited < BUSY_TIMEOUT_SECONDS * 20
    finally:
        other.execute("COMMIT")
        other.close()
    found, notes = read_back(tmp_path, ["a", "b", "c", "held"])
    assert sorted(found) == ["a", "held"] and notes == []


def test_a_cache_held_exclusively_is_skipped(tmp_path: Path) -> None:
    fill(tmp_path, ["a"])
    other = sqlite3.connect(tmp_path / DATABASE, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO digests VALUES ('held', '1', 0)")
    try:
        with Cache(tmp_path) as cache:
            assert cache.get_many(["a"]) == {}
            cache.put_many({"b": 2})
            assert len(cache.notes) == 1 and "locked" in cache.notes[0]
    finally:
        other.execute("COMMIT")
        other.close()


@pytest.mark.parametrize("change", ["claimcheck", "schema", "no meta"])
def test_a_cache_made_by_another_version_is_rebuilt_not_trusted(
    tmp_path: Path, change: str
) -> None:
    fill(tmp_path, KEYS)
    db = sqlite3.connect(tmp_path / DATABASE)
    if change == "no meta":
        db.execute("DROP TABLE meta")
    else:
        db.execute("UPDATE meta SET value = '0.0.0-old' WHERE name = ?", (change,))
    db.commit()
    db.close()
    with Cache(tmp_path) as cache:
        assert cache.get_many(KEYS) == {}
        assert len(cache.notes) == 1
        assert "was made by" in cache.notes[0] and "is made again" in cache.notes[0]
        cache.put_many({"new": value_of("new")})
    found, notes = read_back(tmp_path, [*KEYS, "new"])
    assert found == {"new": value_of("new")} and notes == []  # the old entries were dropped
    db = sqlite3.connect(tmp_path / DATABASE)
    assert dict(db.execute("SELECT name, value FROM meta")) == {
        "schema": SCHEMA_VERSION,
        "claimcheck": __version__,
    }
    db.close()


# --- crashes and concurrent runs ------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from claimcheck.cache import Cache
cache = Cache(Path(sys.argv[1]))
cache.put_many({f"first-{n}": {"n": n} for n in range(100)})
print("committed", flush=True)
while True:  # one long transaction after another, until killed
    cache.put_many({f"later-{n}": {"n": n, "pad": "x" * 500} for n in range(50_000)})
"""


def test_a_writer_killed_mid_way_leaves_a_usable_cache(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "committed"
        wal = Path(f"{tmp_path / DATABASE}-wal")
        deadline = time.monotonic() + 30
        # a WAL of over 1 MB: the big transaction (27 MB) is being written
        while (not wal.exists() or wal.stat().st_size < 1 << 20) and time.monotonic() < deadline:
            time.sleep(0.005)
        assert wal.stat().st_size >= 1 << 20
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if writer.stdout is not None:
            writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    first = [f"first-{n}" for n in range(100)]
    with Cache(tmp_path) as cache:
        found = decoded(cache.get_many(first))
        assert found == {f"first-{n}": {"n": n} for n in range(100)}
        later = cache.get_many([f"later-{n}" for n in range(50_000)])
        assert len(later) in (0, 50_000)  # a transaction is all there or not at all
        cache.put_many({"after": 1})
        assert cache.get_many(["after"]) == {"after": "1"}
        assert cache.notes == []
    assert integrity(tmp_path / DATABASE) == "ok"


RACER = """
import json
import sys
from pathlib import Path
from claimcheck.cache import Cache
me = int(sys.argv[2])
for round in range(15):
    with Cache(Path(sys.argv[1])) as cache:
        keys = [f"k{(me * 7 + round * 13 + n) % 400}" for n in range(150)]
        found = cache.get_many(keys)
        assert all(json.loads(text) == {"of": key} for key, text in found.items()), "wrong"
        cache.put_many({key: {"of": key} for key in keys})
"""


def test_concurrent_runs_do_not_corrupt_the_cache(tmp_path: Path) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(tmp_path), str(n)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
    assert integrity(tmp_path / DATABASE) == "ok"
    keys = [f"k{n}" for n in range(400)]
    with Cache(tmp_path) as cache:
        found = decoded(cache.get_many(keys))
        assert found and all(value == {"of": key} for key, value in found.items())
        assert cache.notes == []


# --- through the command line ----------------------------------------------------------------


def test_check_keeps_the_cache_in_the_registry_and_no_cache_bypasses_it(
    shipped: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    bypassed = run(shipped, "--no-cache", "check", "--format", "json")
    assert not (shipped / CACHE_FOLDER).exists()
    cold = run(shipped, "check", "--format", "json")
    assert (shipped / CACHE_FOLDER / DATABASE).is_file()
    warm = run(shipped, "check", "--format", "json")
    assert bypassed.stdout == cold.stdout == warm.stdout
    assert bypassed.exit_code == cold.exit_code == warm.exit_code
    assert cold.stderr == warm.stderr == ""


def test_the_environment_moves_the_cache(
    shipped: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(CACHE_DIR_ENV, str(elsewhere))
    run(shipped, "report", "--format", "json")
    assert (elsewhere / DATABASE).is_file()
    assert not (shipped / CACHE_FOLDER).exists()


def test_a_damaged_cache_is_one_note_and_the_same_output(
    shipped: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    expected = run(shipped, "--no-cache", "check", "--format", "json")
    (shipped / CACHE_FOLDER).mkdir()
    (shipped / CACHE_FOLDER / DATABASE).write_bytes(b"SQLite format 3\0" + os.urandom(5000))
    damaged = run(shipped, "check", "--format", "json")
    assert (damaged.exit_code, damaged.stdout) == (expected.exit_code, expected.stdout)
    [note] = damaged.stderr.splitlines()
    assert note == (
        f"the check cache {CACHE_FOLDER}/{DATABASE} is damaged: it was not used, and is made again"
    )
    rebuilt = run(shipped, "check", "--format", "json")
    assert (rebuilt.stdout, rebuilt.stderr) == (expected.stdout, "")


def test_a_value_that_is_not_json_is_made_again(
    shipped: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    expected = run(shipped, "--no-cache", "check", "--format", "json")
    run(shipped, "check", "--format", "json")  # fills the cache
    db = sqlite3.connect(shipped / CACHE_FOLDER / DATABASE)
    [first, *_] = [key for (key,) in db.execute("SELECT key FROM digests ORDER BY key")]
    db.execute("UPDATE digests SET value = '{not json'")
    # JSON, but not a digest of the file it is keyed for
    db.execute('UPDATE digests SET value = \'{"path":"claims/x.yaml"}\' WHERE key = ?', (first,))
    db.commit()
    db.close()
    garbled = run(shipped, "check", "--format", "json")
    assert (garbled.exit_code, garbled.stdout) == (expected.exit_code, expected.stdout)
    [note] = garbled.stderr.splitlines()  # one note for them all
    assert "held 9 entries that were not digests of their files" in note
    db = sqlite3.connect(shipped / CACHE_FOLDER / DATABASE)
    values = [json.loads(text) for (text,) in db.execute("SELECT value FROM digests")]
    db.close()
    assert values and all(value["path"].startswith("claims/") for value in values)
    assert all(value["path"] != "claims/x.yaml" for value in values)  # made again
    assert run(shipped, "check", "--format", "json").stderr == ""  # and trusted again


def test_checks_run_at_once_share_the_cache_without_harm(
    shipped: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    expected = run(shipped, "--no-cache", "check", "--format", "json")
    command = [sys.executable, "-m", "claimcheck", "--root", str(shipped)]
    env = {key: value for key, value in child_env().items() if key != CACHE_DIR_ENV}
    runs = [
        subprocess.Popen(
            [*command, *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in [["check", "--format", "json"]] * 3 + [["report", "--format", "json"]]
    ]
    outcomes = [(process.communicate(timeout=120), process.returncode) for process in runs]
    for (stdout, _), code in outcomes[:3]:
        assert (code, stdout) == (expected.exit_code, expected.stdout)
    assert outcomes[3][1] == 0
    # at most a note that a run found the cache locked; never a traceback
    assert all("Traceback" not in stderr for (_, stderr), _ in outcomes)
    assert integrity(shipped / CACHE_FOLDER / DATABASE) == "ok"
    after = run(shipped, "check", "--format", "json")
    assert (after.exit_code, after.stdout, after.stderr) == (
        expected.exit_code,
        expected.stdout,
        "",
    )


# --- what is kept ---------------------------------------------------------------------------


class Calendar:
    """The day the cache takes for today, set by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.day = 739_000
        monkeypatch.setattr(cache_module, "_today", lambda: self.day)


def days_kept(folder: Path) -> dict[str, int]:
    db = sqlite3.connect(folder / DATABASE)
    try:
        return dict(db.execute("SELECT key, used FROM digests"))
    finally:
        db.close()


def test_digests_no_run_used_for_keep_days_are_dropped_and_those_used_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar = Calendar(monkeypatch)
    first = calendar.day
    fill(tmp_path, ["edited-away", "used"])
    calendar.day = first + KEEP_DAYS
    found, _ = read_back(tmp_path, ["used"])
    assert list(found) == ["used"]
    assert days_kept(tmp_path) == {"edited-away": first, "used": first + KEEP_DAYS}
    calendar.day += 1  # 'edited-away' now unused for more than KEEP_DAYS
    with Cache(tmp_path) as cache:
        cache.put_many({"new": value_of("new")})
    assert days_kept(tmp_path) == {"used": first + KEEP_DAYS, "new": first + KEEP_DAYS + 1}
    assert read_back(tmp_path, ["used", "new"])[0] == {
        key: value_of(key) for key in ("used", "new")
    }


def test_a_warm_run_on_a_day_already_marked_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar = Calendar(monkeypatch)
    fill(tmp_path, KEYS)
    watcher = sqlite3.connect(tmp_path / DATABASE)
    try:

        def commits_seen() -> int:
            return int(watcher.execute("PRAGMA data_version").fetchone()[0])

        before = commits_seen()
        assert len(read_back(tmp_path, KEYS)[0]) == len(KEYS)
        assert commits_seen() == before  # the same day: nothing marked, nothing written
        calendar.day += 1
        assert len(read_back(tmp_path, KEYS)[0]) == len(KEYS)
        assert commits_seen() != before  # the next day: each use marked, once
        assert set(days_kept(tmp_path).values()) == {calendar.day}
    finally:
        watcher.close()


def test_a_check_drops_the_digests_of_record_versions_edited_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    from digestkit import generate

    calendar = Calendar(monkeypatch)
    root = generate(tmp_path / "registry", claims=6, seed=5)
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    records = sorted((root / "claims").glob("*.yaml"))
    run(root, "check", "--format", "json")
    assert len(days_kept(folder)) == len(records)
    for round_ in range(3):  # three versions of one record, each checked
        text = records[0].read_text(encoding="utf-8")
        records[0].write_text(text.replace("claim: ", f"claim: ({round_}) ", 1), encoding="utf-8")
        run(root, "check", "--format", "json")
        calendar.day += 1
    assert len(days_kept(folder)) == len(records) + 3
    calendar.day += KEEP_DAYS
    again = run(root, "report", "--format", "json")
    assert len(days_kept(folder)) == len(records)  # only the versions on disk are left
    fresh = run(root, "--no-cache", "report", "--format", "json")
    assert again.stdout == fresh.stdout and "(2) " in again.stdout
