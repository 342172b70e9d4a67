"""claimcheck init [DIR]."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers import error_lines

from claimcheck.config import CONFIG_TEMPLATE

LOCK = ".claimcheck.lock"


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
    assert (target / ".gitignore").read_text(encoding="utf-8").splitlines() == [LOCK]
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
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == f"build/\n*.log\n{LOCK}\n"


def test_init_leaves_a_gitignore_that_has_the_lock_file(run: Run, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text(f"{LOCK}\nbuild/\n", encoding="utf-8")
    result = run(None, "init", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == f"{LOCK}\nbuild/\n"
    assert result.stderr.splitlines()[0].endswith(": claims/, seeds/, claimcheck.yaml")


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
    assert error_lines(result)[0].startswith("error: cannot create the registry in")
