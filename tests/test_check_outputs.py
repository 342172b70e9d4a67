"""The check's answers, whole: ``check`` and ``report`` on the shipped registry and on a
generated registry with every kind of problem planted (``tests/digestkit.py``) give the outputs
saved in ``tests/data/digest/`` by the engine that held every record at once. Any change in a
finding, a line, a verdict or a reason shows up here."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from digestkit import DATA, make_registry
from typer.testing import CliRunner

from claimcheck.cli import app

SAVED = DATA / "digest"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield make_registry(tmp_path_factory.mktemp("planted") / "registry")


def _output(root: Path, *args: str) -> str:
    runner = CliRunner()
    done = runner.invoke(app, ["--root", str(root), *args], catch_exceptions=False)
    assert done.exit_code in (0, 1), done.output
    return done.stdout


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _saved(name: str) -> str:
    return (SAVED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "saved"),
    [
        (("check", "--format", "json"), "shipped-check.json"),
        (("report", "--format", "json"), "shipped-report.json"),
    ],
)
def test_the_shipped_registry_reads_as_before(
    shipped: Path, args: tuple[str, ...], saved: str
) -> None:
    assert _output(shipped, *args) == _saved(saved)


def test_the_planted_registry_checks_as_before(planted: Path) -> None:
    assert _output(planted, "check", "--format", "json") == _saved("generated-check.json")
    assert _output(planted, "check", "--format", "concise") == _saved("generated-concise.txt")


def test_the_planted_registry_sarif_is_as_before(planted: Path) -> None:
    # the root's own address is the one line that depends on where the registry stands
    sarif = _output(planted, "check", "--format", "sarif").replace(
        f'"{planted.as_uri()}/"', '"REGISTRY"'
    )
    assert _sha256(sarif) == _saved("generated-sarif.sha256").strip()


def test_the_planted_registry_report_is_as_before(planted: Path) -> None:
    report = _output(planted, "report", "--format", "json")
    assert _sha256(report) == _saved("generated-report.sha256").strip()


def test_fixing_the_planted_registry_gives_what_it_gave(planted: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(planted, copy)
    fixed = _output(copy, "check", "--fix", "--by", "tester", "--format", "json")
    assert fixed == _saved("generated-fixed-check.json")


def test_the_saved_outputs_are_not_of_an_empty_check() -> None:
    # what the comparisons above hold: a check that found every family of problem
    saved = _saved("generated-check.json")
    for code in ("R005", "R008", "A101", "A104", "S101", "T101", "V103", "X101", "X103", "X104"):
        assert f'"code": "{code}"' in saved
    assert (REPO / "benchmarks" / "generate.py").is_file()


def test_the_cli_json_is_the_library_result_also_narrowed(planted: Path) -> None:
    import json

    import claimcheck
    from claimcheck.engine import scope_of
    from claimcheck.store import Store

    everything = json.loads(_saved("generated-check.json"))["findings"]
    about_a_claim = next(f for f in everything if f["claim"] and f["code"].startswith("X"))
    record = planted / about_a_claim["path"]
    document = sorted((planted / "seeds").glob("*.txt"))[-1]
    counts = []
    for paths in ([str(record), str(document)], [str(planted / "claimcheck.yaml")], []):
        printed = json.loads(_output(planted, "check", "--format", "json", *paths))
        result = claimcheck.open_registry(planted).check(paths=paths or None)
        assert printed["findings"] == [finding.to_json() for finding in result.findings]
        assert printed["summary"] == {**result.summary(), "fixed": 0}
        counts.append(len(result.findings))
    assert 0 < counts[0] < counts[1] == counts[2] == len(everything)
    # the settings stand for every claim: naming them narrows nothing
    assert scope_of(Store(planted), [planted / "claimcheck.yaml"]) is None
    narrowed = scope_of(Store(planted), [record, document])
    assert narrowed == frozenset(
        {record.relative_to(planted).as_posix(), document.relative_to(planted).as_posix()}
    )


def test_every_fix_a_rule_can_offer_has_a_function_that_applies_it() -> None:
    import typing

    from claimcheck.fixes import FIXES
    from claimcheck.rules.base import Fix

    actions = typing.get_args(typing.get_type_hints(Fix)["action"])
    assert actions and set(actions) == set(FIXES)
