"""A check kept for a registry that has not changed since (runmemo.py): taken only when every
record's key, the settings and the rules chosen are those it was made with, and then giving
exactly what a check without the cache gives."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from digestkit import generate, plant_problems

from claimcheck import filestate, runmemo
from claimcheck.cache import Cache
from claimcheck.engine import check, select_rules
from claimcheck.render.findings import as_json
from claimcheck.report import build_report, report_data
from claimcheck.store import Store


@pytest.fixture()
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = generate(tmp_path / "registry", claims=50, seed=8)
    plant_problems(root, seed=8)
    # As if each run read the files a minute after they were written (see filestate).
    monkeypatch.setattr(filestate, "now", lambda: time.time_ns() + 60 * 10**9)
    return root


class Digested:
    """Counts the registry digested (not taken from a kept check)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.times = 0
        from claimcheck import digesting

        real = digesting.digest_registry

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.times += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(digesting, "digest_registry", counted)


def _checked(root: Path, cache_dir: Path, **options: Any) -> str:
    with Cache(cache_dir) as cache:
        return as_json(check(Store(root), cache=cache, workers=1, **options))


def test_a_check_of_an_unchanged_registry_is_the_check_kept(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = as_json(check(Store(registry)))
    digested = Digested(monkeypatch)
    assert _checked(registry, tmp_path / "cache") == fresh
    assert digested.times == 1
    assert _checked(registry, tmp_path / "cache") == fresh
    assert digested.times == 1  # taken from the check kept


def test_the_digests_of_a_kept_check_are_read_when_asked_for(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(registry)
    cold = check(store)
    fresh = report_data(build_report(cold, store))
    _checked(registry, tmp_path / "cache")
    digested = Digested(monkeypatch)
    with Cache(tmp_path / "cache") as cache:
        result = check(Store(registry), cache=cache, workers=1)
        assert digested.times == 0 and len(result.digests) == len(cold.digests)
        assert report_data(build_report(result, result.store)) == fresh
    assert digested.times == 1


@pytest.mark.parametrize(
    "options",
    [
        {"select": ["A"]},
        {"select": ["X", "S"], "ignore": ["S105"]},
        {"ignore": ["T"]},
        {"paths": ["claims"]},
    ],
    ids=["select", "select-ignore", "ignore", "paths"],
)
def test_a_check_kept_with_other_rules_is_not_taken(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any]
) -> None:
    _checked(registry, tmp_path / "cache")
    if "paths" in options:  # a narrowed check takes the whole check kept, and narrows it
        monkeypatch.chdir(registry)
        record = sorted((registry / "claims").glob("*.yaml"))[4].relative_to(registry)
        options = {"paths": [str(record)]}
    fresh = as_json(check(Store(registry), **options))
    digested = Digested(monkeypatch)
    assert _checked(registry, tmp_path / "cache", **options) == fresh
    assert digested.times == (0 if "paths" in options else 1)


@pytest.mark.parametrize("change", ["record", "document", "sidecar", "settings", "new record"])
def test_a_change_to_anything_a_check_reads_is_checked_again(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    _checked(registry, tmp_path / "cache")
    records = sorted((registry / "claims").glob("*.yaml"))
    document = sorted((registry / "seeds").glob("*.txt"))[0]
    if change == "record":
        text = records[2].read_text(encoding="utf-8")
        records[2].write_text(text.replace("status: ", "status:  ", 1), encoding="utf-8")
    elif change == "document":
        document.write_text(document.read_text(encoding="utf-8")[100:], encoding="utf-8")
    elif change == "sidecar":  # a broken sidecar is a finding of the check
        sidecar = document.with_name(document.name + ".meta.yaml")
        sidecar.write_text("publshed: 2003-04-05\n", encoding="utf-8")
    elif change == "settings":
        settings = registry / "claimcheck.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(re.sub(r"^tolerance: .*$", "tolerance: 0.3", text, flags=re.M))
    else:
        (registry / "claims" / "zz-new.yaml").write_bytes(records[0].read_bytes())
    fresh = as_json(check(Store(registry)))
    digested = Digested(monkeypatch)
    assert _checked(registry, tmp_path / "cache") == fresh
    assert digested.times == 1
    if change == "sidecar":
        assert "publshed" in fresh


def test_what_is_kept_that_is_not_a_check_is_not_taken(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _checked(registry, tmp_path / "cache")
    store = Store(registry)
    name = runmemo.memo_name(store.files.real_root, select_rules(store.config))
    with Cache(tmp_path / "cache") as cache:
        kept = cache.get_runs([name])[name]
        data = json.loads(kept)
        data["findings"][0][5] = "one"  # a line that is no number
        cache.put_runs({name: json.dumps(data)})
    digested = Digested(monkeypatch)
    assert _checked(registry, tmp_path / "cache") == fresh
    assert digested.times == 1


def test_a_check_read_back_is_the_check_kept() -> None:
    store_findings = check(Store(Path(__file__).resolve().parent.parent)).findings
    assert store_findings  # the shipped registry has findings (infos)
    text = runmemo.memo_text("key", store_findings, 9, {"claims/a.yaml": "seeds/a.txt"}, ["x"])
    kept = runmemo.kept_check(text, "key")
    assert kept is not None
    assert kept.findings == store_findings
    assert (kept.claims, kept.documents, kept.not_loaded) == (
        9,
        {"claims/a.yaml": "seeds/a.txt"},
        ["x"],
    )
    assert runmemo.kept_check(text, "another key") is None
    assert runmemo.kept_check(text.replace('"format":1', '"format":0'), "key") is None
    assert runmemo.kept_check(text[:-2], "key") is None
