"""The check cache never changes a result: a generated registry is edited at random (records,
documents, sidecars, settings), and after each edit ``check --format json`` (and, every third
round and after the edits that change what the report shows, ``report --format json``) run
through the command line with the cache and with ``--no-cache``; their output and exit code
must be the same, byte for byte. The cache carries over from round to round, so a stale entry
that a key failed to tell apart would show here."""

from __future__ import annotations

import random
import re
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Run

from claimcheck import filestate, runmemo
from claimcheck.cache import CACHE_DIR_ENV, CACHE_FOLDER, Cache
from claimcheck.documents import SIDECAR_SUFFIX

sys.path.insert(0, str(REPO / "benchmarks"))
import generate as generator

CLAIMS = 100  # two documents; about half a second a round for the four runs
ROUNDS = 30
STATUSES = ("unverified", "supported", "disputed", "refuted", "unproven")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated registry whose first document is described by a sidecar, not the settings
    (which take precedence), so that editing the sidecar changes that document alone."""
    root = tmp_path_factory.mktemp("generated")
    generator.generate(root, CLAIMS, seed=11)
    settings = root / "claimcheck.yaml"
    text = settings.read_text(encoding="utf-8")
    entry = re.search(rf"^  ({re.escape(_sidecar_document(root))}):\n((?:    .*\n)+)", text, re.M)
    assert entry is not None
    text = text[: entry.start()] + text[entry.end() :]
    settings.write_text(
        re.sub(r"^documents:\n(?!  )", "documents: {}\n", text, flags=re.M), "utf-8"
    )
    sidecar = root / (entry.group(1) + SIDECAR_SUFFIX)
    sidecar.write_text(textwrap.dedent(entry.group(2)), encoding="utf-8")
    return root


def _sidecar_document(root: Path) -> str:
    return min((root / "seeds").glob("*.txt")).relative_to(root).as_posix()


# --- the edits: each changes one thing, as a person (or a bad merge) would -------------------


def _records(root: Path) -> list[Path]:
    return sorted((root / "claims").glob("*.yaml"))


def _replace_line(path: Path, pattern: str, make: Callable[[re.Match[str]], str]) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, make, text, count=1, flags=re.M), encoding="utf-8")


def edit_quantity(root: Path, rng: random.Random) -> None:
    new = f"{rng.choice(['', 'about ', 'more than ', 'nearly '])}{rng.randint(1, 90_000):,}"
    _replace_line(
        rng.choice(_records(root)),
        r"^(\s*quantity: )(?:about |more than |nearly |some )?[\d,.]+",
        lambda m: m.group(1) + new,
    )


def edit_date(root: Path, rng: random.Random) -> None:
    day = f"20{rng.randint(10, 17)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    _replace_line(rng.choice(_records(root)), r"^(as_of: ).*$", lambda m: m.group(1) + day)


def edit_status(root: Path, rng: random.Random) -> None:
    status = rng.choice(STATUSES)
    _replace_line(rng.choice(_records(root)), r"^(status: ).*$", lambda m: m.group(1) + status)


def drop_source(root: Path, rng: random.Random) -> None:
    path = rng.choice(_records(root))
    record: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if record.get("sources"):
        record["sources"].pop(rng.randrange(len(record["sources"])))
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), "utf-8")


def delete_record(root: Path, rng: random.Random) -> None:
    rng.choice(_records(root)).unlink()


def copy_record(root: Path, rng: random.Random) -> None:
    path = rng.choice(_records(root))
    new_id = f"copy-{rng.randrange(10**6)}"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
    (root / "claims" / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def break_record(root: Path, rng: random.Random) -> None:
    path = rng.choice(_records(root))
    path.write_text(path.read_text(encoding="utf-8") + "sources: [unclosed\n", "utf-8")


def edit_document(root: Path, rng: random.Random) -> None:
    path = rng.choice(sorted((root / "seeds").glob("*.txt")))
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:  # words put in: the anchors after them move
        lines = text.split("\n")
        lines.insert(rng.randrange(len(lines) + 1), "An added line, with 12 words in it.")
        text = "\n".join(lines)
    else:  # a figure changed: an anchor's exact words may be gone
        numbers = list(re.finditer(r"\d[\d,]*", text))
        if numbers:
            hit = rng.choice(numbers)
            text = text[: hit.start()] + str(rng.randint(1, 99_999)) + text[hit.end() :]
    path.write_text(text, encoding="utf-8")


def _edit_settings(root: Path, change: Callable[[str], str]) -> None:
    path = root / "claimcheck.yaml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def edit_tolerance(root: Path, rng: random.Random) -> None:
    """Every comparison of figures reads the tolerance."""
    tolerance = rng.choice(["0.0", "0.02", "0.3", "0.5"])
    _edit_settings(
        root, lambda text: re.sub(r"^tolerance: .*$", f"tolerance: {tolerance}", text, flags=re.M)
    )


def toggle_rules(root: Path, rng: random.Random) -> None:
    line = rng.choice(["ignore: [S105, A1]\n", "severity: {X101: warning, S101: info}\n"])
    _edit_settings(root, lambda text: text.replace(line, "") if line in text else text + line)


def edit_published(root: Path, rng: random.Random) -> None:
    """What the settings say of a document: its date."""
    day = f"20{rng.randint(10, 17)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def change(text: str) -> str:
        hit = rng.choice(list(re.finditer(r"^(    published: ).*$", text, flags=re.M)))
        return text[: hit.start()] + hit.group(1) + day + text[hit.end() :]

    _edit_settings(root, change)


def edit_sidecar(root: Path, rng: random.Random) -> None:
    """The sidecar of the document the settings do not describe: a date before its claims'
    (T101 for each of them) and back to a date after them, or misspelt (no date)."""
    sidecar = root / (_sidecar_document(root) + SIDECAR_SUFFIX)
    early = sidecar.read_text(encoding="utf-8").startswith("published: 200")
    later = rng.choice(["published: 2030-01-02\n", "publshed: 2003-04-05\n"])
    sidecar.write_text(later if early else "published: 2001-02-03\n", encoding="utf-8")


def touch_only(root: Path, rng: random.Random) -> None:
    """The same bytes written again: a new modification time, nothing else."""
    path = rng.choice(_records(root))
    path.write_bytes(path.read_bytes())


EDITS = [
    edit_quantity,
    edit_date,
    edit_status,
    drop_source,
    delete_record,
    copy_record,
    break_record,
    edit_document,
    edit_tolerance,
    toggle_rules,
    edit_published,
    edit_sidecar,
    touch_only,
]


# The edits after which the report runs too (it costs twice the check), besides every third
# round: those that change what the report shows beside the findings.
REPORTED = (edit_quantity, edit_status, edit_tolerance, edit_sidecar)


# --- the test ---------------------------------------------------------------------------------


@pytest.mark.parametrize("settled", [False, True], ids=["files-just-written", "files-settled"])
def test_the_cache_gives_the_same_output_as_no_cache(
    generated: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, settled: bool
) -> None:
    """Just written, no file's state is kept (filestate.SETTLED_NS), so every record is read
    and hashed. Settled (the clock of ``filestate`` a minute ahead), the states are kept, a
    run reads only what changed, and each command runs twice with the cache, the second
    taking the check kept by the first (runmemo) where nothing changed between."""
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    kept_checks: list[bool] = []
    if settled:
        monkeypatch.setattr(filestate, "now", lambda: time.time_ns() + 60 * 10**9)
        real_kept_check = runmemo.kept_check

        def counting_kept_check(text: Any, run_key: str) -> Any:
            found = real_kept_check(text, run_key)
            kept_checks.append(found is not None)
            return found

        monkeypatch.setattr(runmemo, "kept_check", counting_kept_check)
    root = tmp_path / "registry"
    shutil.copytree(generated, root)
    hits: list[int] = []
    real_get_many = Cache.get_many

    def counting_get_many(self: Cache, keys: Any) -> dict[str, Any]:
        found = real_get_many(self, keys)
        hits.append(len(found))
        return found

    monkeypatch.setattr(Cache, "get_many", counting_get_many)
    rng = random.Random(20261129)
    for round_number in range(ROUNDS):
        edit = EDITS[round_number % len(EDITS)] if round_number < len(EDITS) else rng.choice(EDITS)
        if round_number:  # the first round: the registry as generated, the cache empty
            edit(root, rng)
        records = [str(path) for path in _records(root)]
        variants = [
            ["check", "--format", "json"],
            ["check", "--format", "json", rng.choice(records)],
            ["check", "--format", "json", "--select", "X,A", "--ignore", "X102"],
        ]
        commands = [rng.choice(variants)]
        if round_number % 3 == 0 or edit in REPORTED:
            commands.append(["report", "--format", "json"])  # the report costs twice the check
        for args in commands:
            del hits[:]
            cached = [run(root, *args) for _ in range(2 if settled else 1)]
            reads = sum(hits)
            fresh = run(root, "--no-cache", *args)
            where = f"round {round_number} ({edit.__name__}), {' '.join(args)}"
            for again in cached:
                assert again.exit_code in (0, 1), f"{where}: {again.stderr}"
                assert (again.exit_code, again.stdout) == (fresh.exit_code, fresh.stdout), where
                assert "cache" not in again.stderr, f"{where}: {again.stderr}"
            if args[0] == "report" and not settled:
                # the check just before had these inputs: the report's check reads it back
                assert reads > 0, where
    assert (root / CACHE_FOLDER / "digests.sqlite3").is_file()
    if settled:  # the second run of a command took the check the first kept, mostly
        assert sum(kept_checks) >= ROUNDS, kept_checks
