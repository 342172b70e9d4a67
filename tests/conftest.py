"""Shared fixtures: a copy of the shipped registry, an empty one, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimcheck.cli import app

REPO = Path(__file__).resolve().parent.parent
SHIPPED_FILES = ("claimcheck.yaml", "claims", "seeds")
ARTICLE = "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"

Run = Callable[..., Result]


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A private copy of the shipped registry."""
    root = tmp_path / "registry"
    root.mkdir()
    for name in SHIPPED_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A new registry holding only the article."""
    root = tmp_path / "empty"
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    shutil.copy2(REPO / ARTICLE, root / ARTICLE)
    (root / "claimcheck.yaml").write_text(
        "documents:\n"
        f"  {ARTICLE}:\n"
        "    title: Russia, Iran and Turkey Reach Key Agreement on Syria Conflict\n"
        "    published: 2016-12-21\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in-process: run(root, "list", "--format", "json")."""
    monkeypatch.delenv("CLAIMCHECK_ROOT", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def invoke(root: Path | None, *args: str, input: str | None = None) -> Result:
        argv = (["--root", str(root)] if root is not None else []) + list(args)
        return runner.invoke(app, argv, input=input, catch_exceptions=False)

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to show that nothing changed (the lock file and
    the check cache, which are not the registry's, left out)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.name != ".claimcheck.lock"
        and path.relative_to(root).parts[0] != ".claimcheck-cache"
    }


def edit_record(root: Path, relpath: str, **changes: object) -> None:
    """Change top-level fields of a record by hand, as a person editing the file would."""
    from claimcheck.yamlio import dump_yaml, parse_yaml

    path = root / relpath
    data = parse_yaml(path.read_text(encoding="utf-8")).data
    data.update(changes)
    path.write_text(dump_yaml(data), encoding="utf-8")
