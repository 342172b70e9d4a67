"""Record files keyed by their kept state (filestate.py): a file in the state kept is not read
again; any change to it (its bytes, or only its times, or a replacement with the same size and
times) has it read; a file changed just before a run is not kept."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from digestkit import generate

from claimcheck import digesting, filestate
from claimcheck.cache import Cache
from claimcheck.digesting import digest_registry
from claimcheck.engine import check
from claimcheck.render.findings import as_json
from claimcheck.store import Store

HASH = bytes(range(32))


def _state(tmp_path: Path) -> os.stat_result:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"id: a\n")
    return os.stat(path)


def test_a_kept_state_gives_the_hash_only_for_that_very_state(tmp_path: Path) -> None:
    info = _state(tmp_path)
    text = filestate.state_text(info, HASH, "seeds/a.txt")
    assert filestate.known(text, info) == (HASH, "seeds/a.txt")
    kept = json.loads(text)
    for at in range(5):  # device, inode, size, modification and change times
        changed = [*kept]
        changed[at] += 1
        assert filestate.known(json.dumps(changed), info) is None, at


@pytest.mark.parametrize(
    "garbled",
    [
        "not json",
        "{}",
        "[]",
        '"text"',
        None,
        7,
        "LIST[:5] + [true, null]",
        "LIST[:5] + ['zz', null]",
        "LIST[:5] + ['00', null]",  # a hash of one byte
        "LIST[:5] + ['HASH', 3]",
        "LIST[:5] + ['HASH']",
        "[true] + LIST[1:]",  # True == 1: no state has a boolean for a number
    ],
)
def test_what_is_not_a_kept_state_is_not_used(tmp_path: Path, garbled: Any) -> None:
    info = _state(tmp_path)
    state = json.loads(filestate.state_text(info, HASH, None))
    if isinstance(garbled, str) and "LIST" in garbled:
        expression = garbled.replace("LIST", "state").replace("'HASH'", repr(HASH.hex()))
        made = eval(expression, {"state": state, "true": True, "null": None})
        if made[0] is True:
            made[0] = 1
            info = os.stat_result((info.st_mode, 1, 1, *info[3:]))  # an inode of 1
        garbled = json.dumps(made)
    assert filestate.known(garbled, info) is None


def test_a_file_changed_within_the_settling_time_is_not_settled(tmp_path: Path) -> None:
    info = _state(tmp_path)
    changed = max(info.st_mtime_ns, info.st_ctime_ns)
    assert not filestate.settled(info, changed)
    assert not filestate.settled(info, changed + filestate.SETTLED_NS)
    assert filestate.settled(info, changed + filestate.SETTLED_NS + 1)


# --- through the engine -----------------------------------------------------------------------


@pytest.fixture()
def registry(tmp_path: Path) -> Path:
    return generate(tmp_path / "registry", claims=40, seed=5)


class Reads:
    """Counts the record files a store reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = Store.read_record_and_state

        def counted(store: Store, relpath: str) -> tuple[bytes, os.stat_result]:
            self.paths.append(relpath)
            return real(store, relpath)

        monkeypatch.setattr(Store, "read_record_and_state", counted)


def _clock_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if each run read the files a minute after they were written."""
    monkeypatch.setattr(filestate, "now", lambda: time.time_ns() + 60 * 10**9)


def _digest(root: Path, cache_dir: Path) -> str:
    with Cache(cache_dir) as cache:
        registry = digest_registry(Store(root), cache, workers=1)
        return json.dumps(dict(registry.claims.items()), sort_keys=True)


@pytest.mark.parametrize("batch", [500, 7], ids=["one-batch", "batches-of-7"])
def test_files_in_their_kept_state_are_not_read_again(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """In batches, the first run looks up the first batch only (nothing is kept), and keeps
    the others' states as they were opened."""
    monkeypatch.setattr(digesting, "BATCH", batch)
    _clock_ahead(monkeypatch)
    reads = Reads(monkeypatch)
    first = _digest(registry, tmp_path / "cache")
    assert len(reads.paths) == 40
    del reads.paths[:]
    assert _digest(registry, tmp_path / "cache") == first
    assert reads.paths == []


def test_a_file_touched_or_replaced_in_place_is_read_again(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clock_ahead(monkeypatch)
    reads = Reads(monkeypatch)
    cache = tmp_path / "cache"
    _digest(registry, cache)
    records = sorted((registry / "claims").glob("*.yaml"))
    touched, replaced = records[3], records[7]
    touched.write_bytes(touched.read_bytes())  # the same bytes: new times
    # Other bytes of the same size, the modification time put back: the change time differs.
    before = os.stat(replaced)
    text = replaced.read_text(encoding="utf-8")
    swapped = text.replace("status: ", "statuz: ", 1)
    assert len(swapped) == len(text) and swapped != text
    replaced.write_text(swapped, encoding="utf-8")
    os.utime(replaced, ns=(before.st_atime_ns, before.st_mtime_ns))
    del reads.paths[:]
    after = _digest(registry, cache)
    assert sorted(reads.paths) == sorted(
        path.relative_to(registry).as_posix() for path in (touched, replaced)
    )
    assert after == _digest(registry, tmp_path / "fresh-cache")  # as a cold run digests it


def test_files_written_just_before_a_run_are_read_by_the_next_one(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real clock: the generated files are not SETTLED_NS old, so none is kept."""
    reads = Reads(monkeypatch)
    _digest(registry, tmp_path / "cache")
    del reads.paths[:]
    _digest(registry, tmp_path / "cache")
    assert len(reads.paths) == 40


def test_a_check_through_kept_states_finds_what_a_check_without_the_cache_finds(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clock_ahead(monkeypatch)
    fresh = as_json(check(Store(registry)))
    for _ in range(3):
        with Cache(tmp_path / "cache") as cache:
            assert as_json(check(Store(registry), cache=cache, workers=1)) == fresh


@pytest.mark.parametrize(
    "cited", [None, "seeds/a.txt", 'seeds/"q".txt', "seeds/\\b.txt", "seeds/é.txt"]
)
def test_a_kept_state_is_the_json_of_its_parts(tmp_path: Path, cited: str | None) -> None:
    info = _state(tmp_path)
    text = filestate.state_text(info, HASH, cited)
    compared = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
    assert json.loads(text) == [*compared, HASH.hex(), cited]
    assert filestate.known(text, info) == (HASH, cited)


def test_a_state_nested_past_the_stack_is_not_used(tmp_path: Path) -> None:
    assert filestate.known("[" * 100_000 + "]" * 100_000, _state(tmp_path)) is None
