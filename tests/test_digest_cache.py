"""The engine's side of the cache: digests keyed by exactly what they depend on, taken from a
``DigestStore`` where nothing they depend on changed, and a check through the cache giving
what a check without it gives, whatever is edited between runs."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from digestkit import generate, plant_problems

from claimcheck.digest import DigestStore, cited_document, digest_key, is_well_formed
from claimcheck.digesting import Digester
from claimcheck.engine import check
from claimcheck.render.findings import as_json
from claimcheck.report import build_report, report_data
from claimcheck.store import Store


class DictStore:
    """A DigestStore in a dict, counting what it is asked; it keeps JSON text, as a cache on
    disk does, so that nothing the engine holds is shared with it."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}
        self.asked = 0
        self.found = 0
        self.put = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        self.asked += len(keys)
        found = {key: self.kept[key] for key in keys if key in self.kept}
        self.found += len(found)
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.put += len(items)
        for key, value in items.items():
            assert isinstance(value, str)  # the engine hands over JSON text
            self.kept[key] = value

    def reject(self, keys: Sequence[str]) -> None:
        for key in keys:
            self.kept.pop(key, None)


def _typed(store: DictStore) -> DigestStore:
    return store  # DictStore is a DigestStore: mypy checks it here


@pytest.fixture(scope="module")
def small_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate(tmp_path_factory.mktemp("small") / "registry", claims=60, seed=3)
    plant_problems(root, seed=3)
    return root


@pytest.fixture
def registry(small_registry: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "registry"
    shutil.copytree(small_registry, copy)
    return copy


class Parses:
    """Counts the records parsed (every parse goes through Store.load_record or load_bytes)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for name in ("load_record", "load_bytes"):
            original = getattr(Store, name)

            def counted(self_: Store, *args: Any, _original: Any = original) -> Any:
                self.count += 1
                return _original(self_, *args)

            monkeypatch.setattr(Store, name, counted)


def _json(root: Path, cache: DigestStore | None = None) -> str:
    return as_json(check(Store(root), cache=cache))


def _answers(root: Path, cache: DigestStore | None = None) -> tuple[str, str]:
    """What ``check --format json`` prints, and the report's data: every verdict, reason and
    interval (the findings alone do not show a verdict that changed)."""
    result = check(Store(root), cache=cache)
    return as_json(result), json.dumps(report_data(build_report(result)))


def test_a_second_run_parses_nothing_and_answers_the_same(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DictStore()
    cold = _json(registry)
    parses = Parses(monkeypatch)
    assert _json(registry, _typed(store)) == cold
    files = len(list((registry / "claims").iterdir()))
    assert parses.count == files and store.put == files
    parses.count = 0
    assert _json(registry, store) == cold
    assert parses.count == 0
    assert store.found == files  # every digest from the store, in one look-up per run
    assert store.asked == 2 * files


def test_one_edited_record_is_the_one_parsed_again(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DictStore()
    _json(registry, store)
    record = sorted((registry / "claims").glob("*.yaml"))[5]
    text = record.read_text(encoding="utf-8")
    edited = re.sub(r"^claimant: ", "claimant: Someone Else, not ", text, flags=re.M)
    assert edited != text
    record.write_text(edited)
    parses = Parses(monkeypatch)
    warm = _json(registry, store)
    assert parses.count == 1
    assert warm == _json(registry)


def test_an_edited_document_re_checks_its_claims_only(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DictStore()
    _json(registry, store)
    documents = sorted((registry / "seeds").glob("*.txt"))
    citing = [
        path
        for path in (registry / "claims").iterdir()
        if cited_document(path.read_bytes()) == f"seeds/{documents[0].name}"
    ]
    assert citing
    with documents[0].open("a", encoding="utf-8") as text:
        text.write("\nA paragraph added later.\n")
    parses = Parses(monkeypatch)
    warm = _json(registry, store)
    assert parses.count == len(citing)
    assert warm == _json(registry)


def test_a_digest_of_another_shape_is_made_again(registry: Path) -> None:
    store = DictStore()
    cold = _json(registry, store)
    for number, key in enumerate(sorted(store.kept)):
        digest = json.loads(store.kept[key])
        if "problems" in digest:
            digest["problems"] = [["syntax", "no place"]]
        elif number % 3 == 0:
            digest["verdict"]["sources"] = [["not", "a source"]]
        elif number % 3 == 1:
            digest["facts"]["interval"] = [1, "Infinity", True, True]
        else:
            digest = ["not", "a digest"]
        store.kept[key] = json.dumps(digest)
    assert _json(registry, store) == cold
    assert all(is_well_formed(json.loads(text)) for text in store.kept.values())


def test_a_garbled_verdict_is_made_again_when_asked_for(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A digest's verdict, held as text, is decoded and checked only when asked for: a check
    does not ask; the report does, and makes again from its file a verdict that is not one."""
    cold = _answers(registry)
    store = DictStore()
    _json(registry, store)
    garbled = 0
    for key, text in store.kept.items():
        if ',"verdict":{"word":' in text:
            store.kept[key] = text.replace('"verdict":{"word":', '"verdict":{"word":7,"was":')
            garbled += 1
    assert garbled > 10
    made: list[str] = []
    real_digest = Digester.digest

    def counted(digester: Digester, relpath: str, raw: bytes | None = None) -> Any:
        made.append(relpath)
        return real_digest(digester, relpath, raw)

    monkeypatch.setattr(Digester, "digest", counted)
    assert _json(registry, store) == cold[0]
    assert made == []
    assert _answers(registry, store) == cold
    assert 0 < len(made) <= garbled  # the report asked for each (not those of a twice-used id)


def test_the_key_is_what_the_digest_depends_on() -> None:
    def key(path: str = "claims/a.yaml", **parts: bytes) -> str:
        base = {"settings": b"tolerance: 0.1\n", "record": b"id: a\n", "document": b"The text."}
        return digest_key(path=path, **{"sidecar": b"\0absent", **base, **parts})

    keys = {
        key(),
        key(path="claims/b.yaml"),
        key(settings=b"tolerance: 0.2\n"),
        key(record=b"id: b\n"),
        key(document=b"The text!"),
        key(sidecar=b"published: 2016-12-21\n"),
    }
    assert len(keys) == 6
    # parts are delimited: moving a byte from one part to the next changes the key
    assert key(record=b"id: a\nThe", document=b" text.") != key()


@pytest.mark.parametrize(
    ("record", "document"),
    [
        (b"id: a\nanchor:\n  document: seeds/a.txt\n  exact: x\n", "seeds/a.txt"),
        (b"anchor:\n  exact: x\n  document: 'seeds/it''s.txt'\n", "seeds/it's.txt"),
        (b'anchor:\n  document: "seeds/a.txt"  \n', "seeds/a.txt"),
        (b"anchor: {document: seeds/a.txt, exact: x}\n", None),
        (b"id: a\nsources: []\n", None),
    ],
)
def test_the_cited_document_is_read_without_parsing(record: bytes, document: str | None) -> None:
    assert cited_document(record) == document


def _edits(root: Path, rng: random.Random) -> Iterator[str]:
    """Random edits of the kinds a desk makes between two checks; each says what it did."""
    records = sorted((root / "claims").glob("*.y*ml"))
    documents = sorted((root / "seeds").glob("*.txt"))
    while True:
        kind = rng.choice(
            ["figure", "status", "date", "document", "settings", "sidecar", "remove", "copy"]
        )
        record = rng.choice(records)
        if not record.exists():
            continue
        text = record.read_text(encoding="utf-8")
        if kind == "figure" and "\nquantity: " in text:
            figure = rng.choice(["about 500 people", "more than 90,000 people", "12 people"])
            record.write_text(re.sub(r"^quantity: .*$", f"quantity: {figure}", text, flags=re.M))
        elif kind == "status":
            status = rng.choice(["refuted", "supported", "unverified", "wrong-word"])
            record.write_text(re.sub(r"^status: .*$", f"status: {status}", text, flags=re.M))
        elif kind == "date" and "\nas_of: " in text:
            day = f"2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            record.write_text(re.sub(r"^as_of: .*$", f"as_of: {day}", text, flags=re.M))
        elif kind == "document":
            document = rng.choice(documents)
            words = document.read_text(encoding="utf-8")
            cut = rng.randrange(len(words))
            document.write_text(words[:cut] + rng.choice(["", " more", "\n"]) + words[cut + 1 :])
        elif kind == "settings":
            settings = root / "claimcheck.yaml"
            tolerance = rng.choice(["0.05", "0.1", "0.2"])
            settings.write_text(
                re.sub(
                    r"^tolerance: .*$",
                    f"tolerance: {tolerance}",
                    settings.read_text(encoding="utf-8"),
                    flags=re.M,
                )
            )
        elif kind == "sidecar":
            for sidecar in (root / "seeds").glob("*.meta.yaml"):
                words = sidecar.read_text(encoding="utf-8")
                day = f"published: 2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                sidecar.write_text(re.sub(r"^publi?s?h?ed: .*$", day, words, flags=re.M))
        elif kind == "remove":
            record.unlink()
        elif kind == "copy":
            record.with_suffix(".yml").write_bytes(record.read_bytes())
        else:
            continue
        yield f"{kind} {record.name}"


def test_random_edits_give_the_same_answers_with_the_cache_and_without(registry: Path) -> None:
    rng = random.Random(8)
    store = DictStore()
    edits = _edits(registry, rng)
    done = []
    for _ in range(16):
        done.append(next(edits))
        without = _answers(registry)
        assert _answers(registry, store) == without, done
        assert _answers(registry, store) == without, done  # once more, all from the store


def test_new_settings_make_new_digests(registry: Path) -> None:
    store = DictStore()
    before = _answers(registry, store)
    settings = registry / "claimcheck.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("tolerance: 0.1", "tolerance: 0.3"), encoding="utf-8")
    after = _answers(registry, store)
    assert after == _answers(registry)
    assert after[1] != before[1]  # the wider figures read differently


def test_a_new_date_in_a_sidecar_makes_new_digests(registry: Path) -> None:
    store = DictStore()
    before = _answers(registry, store)
    (sidecar,) = (registry / "seeds").glob("*.meta.yaml")
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("publshed:", "published:"), encoding="utf-8")
    after = _answers(registry, store)
    assert after == _answers(registry)
    assert after[1] != before[1]  # its claims are dated now


@pytest.mark.parametrize("small_batches", [False, True])
@pytest.mark.parametrize("with_store", [False, True])
def test_worker_processes_digest_as_one_process_does(
    registry: Path, with_store: bool, small_batches: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if small_batches:  # many batches and chunks, collected while files are still read
        from claimcheck import digesting

        monkeypatch.setattr(digesting, "BATCH", 7)
        monkeypatch.setattr(digesting, "CHUNK", 3)
    serial = check(Store(registry), workers=1)
    store = DictStore() if with_store else None
    parallel = check(Store(registry), cache=store, workers=2)
    assert as_json(parallel) == as_json(serial)
    assert list(parallel.digests.items()) == list(serial.digests.items())
    assert json.dumps(report_data(build_report(parallel))) == json.dumps(
        report_data(build_report(serial))
    )
    if store is not None:
        assert store.put == len(list((registry / "claims").iterdir()))
        assert as_json(check(Store(registry), cache=store, workers=2)) == as_json(serial)


def test_the_workers_setting_is_a_number_or_a_clear_refusal(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app
    from claimcheck.errors import ClaimcheckError

    monkeypatch.setenv("CLAIMCHECK_WORKERS", "2")
    assert as_json(check(Store(registry))) == as_json(check(Store(registry), workers=1))
    for wrong in ("many", "0", "-1"):
        monkeypatch.setenv("CLAIMCHECK_WORKERS", wrong)
        with pytest.raises(ClaimcheckError, match="CLAIMCHECK_WORKERS must be a number"):
            check(Store(registry))
        done = CliRunner().invoke(app, ["--root", str(registry), "check"])
        assert done.exit_code == 2
        assert "CLAIMCHECK_WORKERS must be a number" in done.output
        assert "Traceback" not in done.output


def test_a_digest_held_trimmed_reads_back_whole(registry: Path) -> None:
    from claimcheck.digesting import Digester

    digester = Digester(Store(registry))
    held = check(Store(registry), workers=1).digests
    for claim_id in list(held)[:20]:
        made = digester.digest(held[claim_id]["path"])
        assert held[claim_id] == made
        assert json.dumps(held[claim_id], sort_keys=True) == json.dumps(made, sort_keys=True)


def test_the_texts_written_once_are_the_texts_of_the_digest(registry: Path) -> None:
    """A new digest's text for the cache and the text held of it are made together: they are
    what writing each whole gives, byte for byte."""
    from claimcheck.digest import HELD
    from claimcheck.digest import compact_json as _compact
    from claimcheck.digest import digest_texts as _texts
    from claimcheck.digesting import Digester

    store = Store(registry)
    digester = Digester(store)
    kinds = set()
    for relpath in store.record_relpaths():
        digest = digester.digest(relpath)
        whole, held = _texts(digest)
        assert whole == _compact(digest)
        if "problems" in digest:
            assert held is None
        else:
            assert held == _compact({name: digest[name] for name in HELD})
        kinds.add("problems" in digest)
    assert kinds == {True, False}  # records that load and records that do not


def test_the_library_check_uses_the_cache_when_asked(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck

    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    opened = claimcheck.open_registry(registry)
    opened.check(cache=True)
    parses = Parses(monkeypatch)
    opened.check(cache=True)
    assert parses.count == 0  # every digest read back
    opened.check()
    assert parses.count == len(list((registry / "claims").iterdir()))


def test_a_value_nested_past_the_stack_is_made_again(registry: Path) -> None:
    """JSON nested deeper than Python's recursion limit (a planted cache) is no digest: made
    again, not a crash."""
    store = DictStore()
    cold = _answers(registry)
    _json(registry, store)
    deep = "[" * 100_000 + "]" * 100_000
    for number, key in enumerate(sorted(store.kept)):
        text = store.kept[key]
        if number % 2 and ',"verdict":' in text:  # the held part, decoded when asked for
            at = text.index(',"verdict":')
            store.kept[key] = f'{text[:at]},"verdict":{deep},"span":null}}'
        else:
            store.kept[key] = deep
    assert _answers(registry, store) == cold
