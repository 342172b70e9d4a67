"""Concurrent writers wait for the lock and all land; a writer killed at any moment leaves each
file old or new, never partial, and its stray temporary file is never loaded as a record."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from conftest import Run
from helpers import Q_750, Q_37500, Q_LAVROV, add_args, child_env, record_data

from claimcheck.store import Store


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def finish(processes: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=60)
        results.append((process.returncode, stdout, stderr))
    return results


def test_six_status_commands_at_once_all_land(run: Run, empty: Path) -> None:
    assert run(empty, *add_args("37,500 people.", Q_37500, "--id", "target")).exit_code == 0
    statuses = ["supported", "disputed", "refuted", "unproven", "supported", "disputed"]
    processes = [
        start(empty, "status", "target", status, "--note", f"writer {n}", "--by", f"writer-{n}")
        for n, status in enumerate(statuses)
    ]
    results = finish(processes)
    assert [code for code, _, _ in results] == [0] * 6, results
    history = record_data(empty, "target")["history"]
    assert len(history) == 7
    new = history[1:]
    assert sorted(entry["by"] for entry in new) == [f"writer-{n}" for n in range(6)]
    for entry in new:  # each entry is whole: its status and note are the writer's own
        n = int(entry["by"].removeprefix("writer-"))
        assert (entry["status"], entry["note"]) == (statuses[n], f"writer {n}")
    assert record_data(empty, "target")["status"] == new[-1]["status"]
    assert sorted(p.name for p in (empty / "claims").iterdir()) == ["target.yaml"]


def test_two_adds_of_different_claims_both_land(empty: Path) -> None:
    results = finish(
        [
            start(empty, *add_args("750 people left Fuaa.", Q_750)),
            start(empty, *add_args("Lavrov welcomed them.", Q_LAVROV)),
        ]
    )
    assert [code for code, _, _ in results] == [0, 0], results
    registry = Store(empty).load()
    assert registry.problems == []
    assert sorted(registry.records) == ["750-people-left-fuaa", "lavrov-welcomed-them"]


def test_concurrent_adds_of_the_same_words_get_different_ids(empty: Path) -> None:
    results = finish([start(empty, *add_args("Same words.", Q_37500)) for _ in range(3)])
    assert [code for code, _, _ in results] == [0, 0, 0], results
    registry = Store(empty).load()
    assert registry.problems == []
    assert sorted(registry.records) == ["same-words", "same-words-2", "same-words-3"]
    assert sorted(stdout.splitlines()[0] for _, stdout, _ in results) == [
        "id: same-words",
        "id: same-words-2",
        "id: same-words-3",
    ]


# --- killed writers ----------------------------------------------------------------------------

# A writer that announces each step of atomic_write in a marker file and then waits there, so
# that the test can kill it at that very step.
STALLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from claimcheck import store, writes
    from claimcheck.changes import set_status
    from claimcheck.vocab import Status

    root, stage = Path(sys.argv[1]), sys.argv[2]
    marker = root.parent / "marker"

    def stall(name):
        if name == stage:
            marker.write_text(name)
            time.sleep(60)

    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            stall("write")
            return self.handle.write(text[len(text) // 2 :])
        def flush(self):
            self.handle.flush()
        def fileno(self):
            return self.handle.fileno()

    def fdopen(fd, *args, **kwargs):
        return HalfWriter(real_fdopen(fd, *args, **kwargs))

    def fsync(fd):
        real_fsync(fd)
        stall("fsync")

    def replace(src, dst):
        stall("replace")
        real_replace(src, dst)
        stall("replaced")

    writes.os.fdopen, writes.os.fsync, writes.os.replace = fdopen, fsync, replace
    set_status(store.Store(root), "target", Status.REFUTED, "the new version", "killer-test")
    """
)


def test_a_writer_killed_at_each_step_leaves_the_old_or_the_new_file(run: Run, empty: Path) -> None:
    assert run(empty, *add_args("37,500 people.", Q_37500, "--id", "target")).exit_code == 0
    path = empty / "claims" / "target.yaml"
    marker = empty.parent / "marker"
    for stage, expect_new in (
        ("write", False),
        ("fsync", False),
        ("replace", False),
        ("replaced", True),
    ):
        old = path.read_bytes()
        marker.unlink(missing_ok=True)
        process = subprocess.Popen(
            [sys.executable, "-c", STALLED_WRITER, str(empty), stage], env=child_env()
        )
        try:
            deadline = time.monotonic() + 30
            while not marker.exists():
                assert process.poll() is None, f"the writer ended before {stage}"
                assert time.monotonic() < deadline
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        after = path.read_bytes()
        if expect_new:
            assert after != old and b"the new version" in after
        else:
            assert after == old, stage
        leftovers = [p.name for p in (empty / "claims").iterdir() if p.name != "target.yaml"]
        if stage in ("write", "fsync", "replace"):
            # the temporary file is left behind: hidden, and never taken for a record
            [stray] = leftovers
            assert stray.startswith(".target.yaml.") and stray.endswith(".tmp")
        listed = run(empty, "list", "--format", "json")
        assert (listed.exit_code, listed.stderr) == (0, "")
        assert [item["id"] for item in json.loads(listed.stdout)] == ["target"]
        # the next writer, holding the lock, knows no writer is using it: it is removed
        cleaned = run(empty, "status", "target", "unverified", "--note", "clean", "--by", "t")
        assert cleaned.exit_code == 0, cleaned.output
        assert [p.name for p in (empty / "claims").iterdir()] == ["target.yaml"]
    # the lock died with the writer: the next writer is not kept waiting
    started = time.monotonic()
    assert run(empty, "status", "target", "supported", "--note", "after").exit_code == 0
    assert time.monotonic() - started < 5


# A writer that changes the status over and over until it is killed.
LOOPING_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from claimcheck.changes import set_status
    from claimcheck.store import Store
    from claimcheck.vocab import Status

    store = Store(Path(sys.argv[1]))
    statuses = [Status.SUPPORTED, Status.DISPUTED]
    n = 0
    (store.root.parent / "started").write_text("yes")
    while True:
        n += 1
        set_status(store, "target", statuses[n % 2], "note " + "x" * (n % 500), "looper")
    """
)


def test_writers_killed_at_random_moments_never_leave_a_partial_file(run: Run, empty: Path) -> None:
    assert run(empty, *add_args("37,500 people.", Q_37500, "--id", "target")).exit_code == 0
    started_marker = empty.parent / "started"
    chooser = random.Random(20240506)
    for _ in range(3):
        started_marker.unlink(missing_ok=True)
        process = subprocess.Popen(
            [sys.executable, "-c", LOOPING_WRITER, str(empty)], env=child_env()
        )
        try:
            deadline = time.monotonic() + 30
            while not started_marker.exists():
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.01)
            time.sleep(chooser.uniform(0.05, 0.4))
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=30)
        registry = Store(empty).load()
        assert registry.problems == [], registry.problems
        assert list(registry.records) == ["target"]
        history = registry.records["target"].claim.history
        assert len(history) > 1 and history[-1].by == "looper"
        for name in os.listdir(empty / "claims"):
            assert name == "target.yaml" or (name.startswith(".") and name.endswith(".tmp"))
