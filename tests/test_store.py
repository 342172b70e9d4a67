"""The store: finding the registry, loading records with located problems, safe writes."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from helpers import ARTICLE, Q_37500, good_record, write

from claimcheck import store as store_module
from claimcheck import writes as writes_module
from claimcheck import yamlio
from claimcheck.errors import (
    ClaimcheckError,
    ExistsError,
    InvalidRecordError,
    LockTimeoutError,
    NotFoundError,
)
from claimcheck.model import Claim
from claimcheck.store import LOCK_FILE, ROOT_ENV, Store, find_root, record_text
from claimcheck.writes import atomic_write, file_lock


def make_claim(claim_id: str, text: str = "A claim.") -> Claim:
    return Claim.model_validate(
        {"id": claim_id, "claim": text, "anchor": {"document": ARTICLE, "exact": Q_37500}}
    )


# --- finding the registry ---------------------------------------------------------------------


def test_find_root_walks_up_to_claimcheck_yaml(
    empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    deep = empty / "seeds" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(start=deep) == empty.resolve()
    monkeypatch.chdir(deep)
    assert find_root() == empty.resolve()


def test_find_root_walks_up_to_a_claims_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    (tmp_path / "reg" / "claims").mkdir(parents=True)
    (tmp_path / "reg" / "notes").mkdir()
    assert find_root(start=tmp_path / "reg" / "notes") == (tmp_path / "reg").resolve()


def test_find_root_explicit_and_environment(
    empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    (other / "claims").mkdir(parents=True)
    monkeypatch.setenv(ROOT_ENV, str(other))
    monkeypatch.chdir(empty)
    assert find_root() == other.resolve()  # the environment wins over the working directory
    assert find_root(empty) == empty.resolve()  # --root wins over the environment


def test_find_root_refuses_a_folder_that_is_not_a_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    with pytest.raises(NotFoundError, match="not a claimcheck registry"):
        find_root(tmp_path)
    with pytest.raises(NotFoundError, match="not a folder"):
        find_root(tmp_path / "missing")
    with pytest.raises(NotFoundError, match="no claimcheck registry in"):
        find_root(start=tmp_path)


# --- loading ----------------------------------------------------------------------------------


def test_load_keeps_good_records_and_locates_problems(empty: Path) -> None:
    write(empty, "claims/good.yaml", good_record("good"))
    write(empty, "claims/bad.yaml", good_record("bad") + "colour: red\n")
    write(empty, "claims/renamed.yaml", good_record("not-renamed"))
    registry = Store(empty).load()
    assert list(registry.records) == ["good"]
    assert registry.records["good"].path == "claims/good.yaml"
    assert registry.broken == {"claims/bad.yaml", "claims/renamed.yaml"}
    places = [(p.path, p.line) for p in registry.problems]
    assert places == [("claims/bad.yaml", 7), ("claims/renamed.yaml", 1)]
    assert "unknown field 'colour'" in registry.problems[0].message
    assert "differs from the file name" in registry.problems[1].message


def test_record_locations_point_at_fields(empty: Path) -> None:
    write(empty, "claims/good.yaml", good_record("good"))
    record = Store(empty).get("good")
    assert record.locate("anchor", "exact") == (5, 3)
    assert record.locate("status") == (6, 1)
    assert record.locate("sources", 3, "publisher") == (1, 1)  # nearest known: the root


def test_two_files_for_one_id_are_both_refused(empty: Path) -> None:
    write(empty, "claims/twin.yaml", good_record("twin"))
    write(empty, "claims/twin.yml", good_record("twin"))
    registry = Store(empty).load()
    assert registry.records == {}
    assert {p.path for p in registry.problems} == {"claims/twin.yaml", "claims/twin.yml"}
    assert all("duplicate id 'twin'" in p.message for p in registry.problems)
    with pytest.raises(ClaimcheckError, match="two files"):
        Store(empty).get("twin")


def test_hidden_temporary_and_other_files_are_not_records(empty: Path) -> None:
    write(empty, "claims/good.yaml", good_record("good"))
    write(empty, "claims/.good.yaml.0123456789ab.tmp", "id: [broken")
    write(empty, "claims/.hidden.yaml", "id: [broken")
    write(empty, "claims/notes.txt", "not a record")
    store = Store(empty)
    assert [p.name for p in store.record_files()] == ["good.yaml"]
    registry = store.load()
    assert list(registry.records) == ["good"] and registry.problems == []


def test_a_folder_with_a_record_name_is_a_located_problem_not_skipped(empty: Path) -> None:
    write(empty, "claims/good.yaml", good_record("good"))
    (empty / "claims" / "folder.yaml").mkdir()
    store = Store(empty)
    assert [p.name for p in store.record_files()] == ["folder.yaml", "good.yaml"]
    registry = store.load()
    assert list(registry.records) == ["good"]
    [problem] = registry.problems
    assert (problem.path, problem.kind) == ("claims/folder.yaml", "io")
    assert problem.message == "is a folder, not a file"


def test_load_only_some_files(empty: Path) -> None:
    write(empty, "claims/one.yaml", good_record("one"))
    write(empty, "claims/two.yaml", good_record("two"))
    assert list(Store(empty).load(only={"claims/two.yaml"}).records) == ["two"]


def test_a_huge_file_is_refused_without_being_read(
    empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = empty / "claims" / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper

    def no_parsing(*args: object) -> None:
        raise AssertionError("a 50 MB file must not be parsed")

    monkeypatch.setattr(store_module, "parse_yaml", no_parsing)
    monkeypatch.setattr(yamlio, "decode_text", no_parsing)
    started = time.perf_counter()
    with pytest.raises(InvalidRecordError) as err:
        Store(empty).load_file(path)
    assert time.perf_counter() - started < 1
    problem = err.value.problems[0]
    assert (problem.path, problem.line) == ("claims/huge.yaml", 1)
    assert "50.0 MiB" in problem.message


def test_get_refuses_ids_that_are_not_slugs(empty: Path) -> None:
    store = Store(empty)
    for bad in ("../claimcheck", "../../etc/passwd", "a/b", "A", "x\n"):
        with pytest.raises(ClaimcheckError, match="is not a valid id"):
            store.get(bad)
        with pytest.raises(ClaimcheckError, match="is not a valid id"):
            store.claim_path(bad)


def test_get_unknown_id(empty: Path) -> None:
    with pytest.raises(NotFoundError, match="no claim 'nope'"):
        Store(empty).get("nope")


def test_config_is_read_once_and_gives_document_dates(empty: Path) -> None:
    store = Store(empty)
    info = store.document_info(ARTICLE)
    assert info is not None and str(info.published) == "2016-12-21"
    assert store.config is store.config
    assert store.document_info("seeds/other.txt") is None


# --- writing ----------------------------------------------------------------------------------


def test_create_writes_the_canonical_text(empty: Path) -> None:
    store = Store(empty)
    record = store.create(make_claim("new-claim"))
    path = empty / "claims" / "new-claim.yaml"
    assert path.read_text(encoding="utf-8") == record.text == record_text(record.claim)
    assert record.path == "claims/new-claim.yaml"
    assert store.get("new-claim").claim == record.claim


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_create_never_overwrites(empty: Path, suffix: str) -> None:
    path = write(empty, f"claims/taken{suffix}", good_record("taken"))
    before = path.read_bytes()
    with pytest.raises(ExistsError, match="already exists"):
        Store(empty).create(make_claim("taken", "Another claim."))
    assert path.read_bytes() == before
    assert sorted(p.name for p in (empty / "claims").iterdir()) == [f"taken{suffix}"]


def test_update_rereads_changes_and_validates(empty: Path) -> None:
    store = Store(empty)
    store.create(make_claim("one"))
    updated = store.update("one", lambda c: c.model_copy(update={"claim": "Changed."}))
    assert updated.claim.claim == "Changed."
    assert store.get("one").claim.claim == "Changed."
    before = (empty / "claims" / "one.yaml").read_bytes()
    with pytest.raises(ClaimcheckError, match="claim"):
        store.update("one", lambda c: c.model_copy(update={"claim": ""}))
    assert (empty / "claims" / "one.yaml").read_bytes() == before


def test_update_keeps_the_file_name_of_a_yml_record(empty: Path) -> None:
    write(empty, "claims/short.yml", good_record("short"))
    record = Store(empty).update("short", lambda c: c.model_copy(update={"claim": "New."}))
    assert record.path == "claims/short.yml"
    assert not (empty / "claims" / "short.yaml").exists()
    assert "claim: New." in (empty / "claims" / "short.yml").read_text(encoding="utf-8")


def test_update_refuses_a_record_with_comments(empty: Path) -> None:
    path = write(empty, "claims/noted.yaml", good_record("noted") + "# keep this\n")
    before = path.read_bytes()
    with pytest.raises(ClaimcheckError) as err:
        Store(empty).update("noted", lambda c: c.model_copy(update={"claim": "New."}))
    assert (err.value.path, err.value.line) == ("claims/noted.yaml", 7)
    assert "comment" in err.value.message
    assert path.read_bytes() == before


def test_atomic_write_goes_through_a_synced_temporary_file_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o640)
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        src_path = Path(src)
        events.append(("replace", src_path.name))
        assert src_path.parent == target.parent
        assert src_path.read_text(encoding="utf-8") == "new\n"  # complete before the rename
        assert target.read_text(encoding="utf-8") == "old\n"
        real_replace(src, dst)

    monkeypatch.setattr(writes_module.os, "fsync", fsync)
    monkeypatch.setattr(writes_module.os, "replace", replace)
    atomic_write(target, "new\n", replace=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # permissions kept
    kinds = [kind for kind, _ in events]
    assert kinds[:2] == ["fsync", "replace"]  # the data is synced before the rename
    temporary = events[1][1]
    assert temporary.startswith(".record.yaml.") and temporary.endswith(".tmp")
    assert events[0][1].endswith(temporary)
    assert kinds[2:] == ["fsync"]  # and the folder after it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.yaml"]


def test_atomic_write_without_replace_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(ExistsError):
        atomic_write(target, "new\n", replace=False)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.yaml"]


def test_atomic_write_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("old\n", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writes_module.os, "fsync", broken_fsync)
    with pytest.raises(ClaimcheckError) as err:
        atomic_write(target, "new\n", replace=True, shown="claims/record.yaml")
    # the message names the file the user knows, never the temporary file
    assert (err.value.path, err.value.message) == (
        "claims/record.yaml",
        "cannot write: No space left on device",
    )
    assert ".tmp" not in str(err.value)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.yaml"]


def test_file_lock_excludes_and_times_out(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_FILE
    with file_lock(lock, timeout=1):
        started = time.monotonic()
        with pytest.raises(LockTimeoutError, match="registry lock"), file_lock(lock, timeout=0.2):
            pass  # pragma: no cover - never entered
        assert 0.15 < time.monotonic() - started < 2
    with file_lock(lock, timeout=0.2):  # released
        pass


def test_file_lock_waits_for_the_holder(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_FILE
    order: list[str] = []
    held = threading.Event()

    def holder() -> None:
        with file_lock(lock, timeout=1):
            held.set()
            time.sleep(0.3)
            order.append("holder done")

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(2)
    with file_lock(lock, timeout=5):
        order.append("waiter in")
    thread.join()
    assert order == ["holder done", "waiter in"]


def test_stale_temporary_files_are_removed_under_the_lock_and_only_they(empty: Path) -> None:
    write(empty, "claims/good.yaml", good_record("good"))
    stale = write(empty, "claims/.good.yaml.0123456789ab.tmp", "half a rec")
    outside = write(empty, "kept.txt", "not in claims/")
    (empty / "claims" / ".link.yaml.0123456789ab.tmp").symlink_to(outside)
    kept = [
        write(empty, "claims/.notes.yaml", "a hidden file of the user's"),
        write(empty, "claims/.good.yaml.tmp", "no random part: not claimcheck's"),
    ]
    store = Store(empty)
    store.load()
    assert stale.exists()  # reading never removes anything
    with store.lock():
        pass
    assert not os.path.lexists(stale)
    assert not os.path.lexists(empty / "claims" / ".link.yaml.0123456789ab.tmp")
    assert outside.read_text(encoding="utf-8") == "not in claims/"  # the link, not its target
    assert all(path.exists() for path in kept)


def test_records_are_never_written_through_a_claims_folder_that_leads_out(
    tmp_path: Path,
) -> None:
    root, elsewhere = tmp_path / "reg", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "claims").symlink_to(elsewhere)
    (elsewhere / ".x.yaml.0123456789ab.tmp").write_text("not the registry's", encoding="utf-8")
    with pytest.raises(ClaimcheckError, match="leads outside the registry") as err:
        Store(root).create(make_claim("new"))
    assert err.value.path == "claims"
    assert [p.name for p in elsewhere.iterdir()] == [".x.yaml.0123456789ab.tmp"]
