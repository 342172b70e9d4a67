"""claimcheck init [DIR]."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers import error_lines

from claimcheck.changes import MAX_GITIGNORE_BYTES
from claimcheck.config import CONFIG_TEMPLATE

LOCK = ".claimcheck.lock"
CACHE = ".claimcheck-cache/"


def test_init_makes_a_registry(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "reg"
    result = run(None, "init", str(target))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        ".gitignore",
        "claimcheck.yaml",
        "claims",
        "seeds",
    ]
    assert (target / "claims").is_dir() and (target / "seeds").is_dir()
    assert list((target / "claims").iterdir()) == []
    assert (target / "claimcheck.yaml").read_text(encoding="utf-8") == CONFIG_TEMPLATE
    assert (target / ".gitignore").read_text(encoding="utf-8").splitlines() == [LOCK, CACHE]
    assert "claims/, seeds/, claimcheck.yaml, .gitignore" in result.stderr
    assert result.stdout == ""


def test_init_defaults_to_the_working_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(None, "init").exit_code == 0
    assert (tmp_path / "claimcheck.yaml").is_file() and (tmp_path / "claims").is_dir()


def test_a_new_registry_works_at_once(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "reg"
    run(None, "init", str(target))
    listed = run(target, "list", "--format", "json")
    assert (listed.exit_code, listed.stdout.strip()) == (0, "[]")
    table = run(target, "list")
    assert table.exit_code == 0 and "no claims yet" in table.stderr
    assert run(target, "fmt", "--check").exit_code == 0


def test_init_adds_the_lock_file_to_an_existing_gitignore(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n*.log\n", encoding="utf-8")
    assert run(None, "init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        f"build/\n*.log\n{LOCK}\n{CACHE}\n"
    )


@pytest.mark.parametrize("cache_line", [".claimcheck-cache", "/.claimcheck-cache/"])
def test_init_leaves_a_gitignore_that_has_both_lines(
    run: Run, tmp_path: Path, cache_line: str
) -> None:
    (tmp_path / ".gitignore").write_text(f"{LOCK}\nbuild/\n{cache_line}\n", encoding="utf-8")
    result = run(None, "init", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        f"{LOCK}\nbuild/\n{cache_line}\n"
    )
    assert result.stderr.splitlines()[0].endswith(": claims/, seeds/, claimcheck.yaml")


def test_init_adds_only_the_line_a_gitignore_lacks(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text(f"{LOCK}\nbuild/\n", encoding="utf-8")
    assert run(None, "init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == f"{LOCK}\nbuild/\n{CACHE}\n"


def test_init_refuses_an_existing_registry(run: Run, empty: Path) -> None:
    (empty / "claims" / "kept.yaml").write_text("id: kept\n", encoding="utf-8")
    before = snapshot(empty)
    result = run(None, "init", str(empty))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "claimcheck.yaml exists: this is a registry already" in line
    assert "Traceback" not in result.stderr
    assert snapshot(empty) == before


def test_init_where_a_file_stands_is_an_error(run: Run, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run(None, "init", str(tmp_path / "file"))
    assert result.exit_code == 2
    assert error_lines(result) == [f"error: {str(tmp_path / 'file')!r} exists and is not a folder"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_init_keeps_a_gitignore_that_is_not_utf_8_byte_for_byte(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"caf\xe9/\r\nbuild/")  # Latin-1, CRLF, no last newline
    result = run(None, "init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".gitignore").read_bytes() == (
        f"caf\xe9/\r\nbuild/\n{LOCK}\n{CACHE}\n".encode("latin-1")
    )
    assert (tmp_path / "claimcheck.yaml").is_file() and (tmp_path / "claims").is_dir()


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-out", "link-loop", "oversize"])
def test_init_makes_nothing_when_the_gitignore_cannot_be_read(
    run: Run, tmp_path: Path, kind: str
) -> None:
    target, outside = tmp_path / "reg", tmp_path / "outside.txt"
    target.mkdir()
    outside.write_text("secret\n", encoding="utf-8")
    ignore = target / ".gitignore"
    if kind == "fifo":
        os.mkfifo(ignore)
    elif kind == "folder":
        ignore.mkdir()
    elif kind == "link-out":
        ignore.symlink_to(outside)
    elif kind == "link-loop":
        ignore.symlink_to(".gitignore")
    else:
        with ignore.open("wb") as handle:
            handle.truncate(MAX_GITIGNORE_BYTES + 1)
    result = run(None, "init", str(target))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(f"{ignore}: error: ") or line.startswith(f"{ignore}:1: error: ")
    assert [p.name for p in target.iterdir()] == [".gitignore"]  # nothing half-made
    assert outside.read_text(encoding="utf-8") == "secret\n"


def test_init_undoes_what_it_made_when_a_write_fails(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck import changes

    real_write = changes.atomic_write

    def failing_write(path: Path, data: str | bytes, **kwargs: object) -> None:
        if path.name == ".gitignore":
            raise OSError(28, "No space left on device")
        real_write(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(changes, "atomic_write", failing_write)
    target = tmp_path / "new" / "reg"
    result = run(None, "init", str(target))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []  # not even the folders it made on the way
