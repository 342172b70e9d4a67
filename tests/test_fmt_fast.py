"""The quick canonical writer (``yamlquick``) against the reference one (``yamlwriter``).

``fmt`` and ``fmt --check`` use the quick writer where it vouches for its text; these tests hold
it to giving exactly the reference writer's text, or declining: on the shipped records, on a
generated registry, and on hypothesis-built data and records.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import store as store_module
from claimcheck.changes import format_records
from claimcheck.model import Claim
from claimcheck.store import Store, record_text
from claimcheck.yamlquick import canonical_yaml, quick_dump_yaml
from claimcheck.yamlwriter import CanonicalDumper, dump_yaml

sys.path.insert(0, str(REPO / "benchmarks"))
import generate as generator

# Strings the writer must quote, or nearly must: YAML 1.1 and 1.2 values, indicators, markers.
AMBIGUOUS = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "", "1e3",
    "0o17", "0x1F", "017", "1_000", "+1", "-1", ".5", "-.inf", ".NaN", "1.", "12:30", "1:20:30",
    "2016-12-20", "2016-12-20T10:00:00Z", "2016-1-2", "<<", "=", "- a", "-", "-a", "? x", "?x",
    ": y", ":y", "a:", "a: b", "a:b", "#x", "a #b", "a#b", "---", "--- x", "...", "... x",
    " lead", "trail ", "'q'", '"dq"', "it's", "[x]", "{x}", "a, b", "&a", "*a", "!tag", "|",
    ">", "%x", "@x", "`x", "x\ty", "x\ny", "x\n", "\nx", "x\u2028y", "x\x85y", "\ufeff",
    "x\u2029", "\x00", "\x1b[31m", "\U0010ffff", "\ud800", "é", "37,500 people", "0", "-0",
]  # fmt: skip
TRICKY_CHARACTERS = list(" :#'\"-?,[]{}&*!|>%@`~.+0123456789eExXoOnNyYtTfF\t\n\x85\u2028\ufeff")
TEXT = st.one_of(
    st.sampled_from(AMBIGUOUS),
    st.text(alphabet=st.sampled_from([*TRICKY_CHARACTERS, "a", "b", "é", "中"]), max_size=12),
    st.text(max_size=40),
    st.text(min_size=100, max_size=400),  # long lines: never folded
    st.integers().map(str),  # numbers as text
    st.floats(allow_nan=False).map(str),
)
SCALARS = st.one_of(
    TEXT,
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    st.none(),
    st.floats(),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=5)),
    max_leaves=25,
)


def assert_as_reference(data: Any) -> str | None:
    """The quick writer's text is the reference writer's, or it declined."""
    quick = quick_dump_yaml(data)
    if quick is not None:
        assert quick == dump_yaml(data)
    assert canonical_yaml(data) == dump_yaml(data)
    return quick


def shipped_records() -> list[Any]:
    registry = Store(REPO).load()
    assert not registry.problems and registry.records
    return list(registry.records.values())


def test_shipped_records_are_written_quickly_and_the_same() -> None:
    for record in shipped_records():
        data = record.claim.to_data()
        quick = quick_dump_yaml(data)
        assert quick is not None, record.path  # the quick path covers real records
        assert quick == dump_yaml(record.claim.to_data()) == record.text


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generator.generate(root, 200, seed=3)
    return root


def test_a_generated_registry_is_written_quickly_and_the_same(generated: Path) -> None:
    registry = Store(generated).load()
    assert not registry.problems and len(registry.records) == 200
    for record in registry.records.values():
        quick = quick_dump_yaml(record.claim.to_data())
        assert quick is not None, record.path
        assert quick == dump_yaml(record.claim.to_data())


def reference_format(store: Store, check: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What format_records gives with the reference writer alone."""
    with monkeypatch.context() as patched:
        patched.setattr(store_module, "canonical_yaml", dump_yaml)
        return format_records(store, check=check).changed


def test_fmt_gives_what_the_reference_writer_gives(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records written otherwise (key order, indent, folding, escapes, a marker) are found by both
    paths alike, and ``fmt`` rewrites them to the same bytes."""
    import shutil

    quick_root, slow_root = tmp_path / "quick", tmp_path / "slow"
    for root in (quick_root, slow_root):
        shutil.copytree(generated, root)
    styles: list[dict[str, Any]] = [
        {"sort_keys": True, "default_flow_style": False},
        {"default_flow_style": False, "sort_keys": False, "allow_unicode": False},  # escapes
        {"default_flow_style": False, "sort_keys": False, "indent": 4},
        {"default_flow_style": False, "sort_keys": False, "width": 40},  # long lines folded
        {"default_flow_style": False, "sort_keys": False, "explicit_start": True},
    ]
    names = sorted(path.name for path in (generated / "claims").iterdir())
    for index, name in enumerate(names[: 5 * len(styles)]):
        data = Store(generated).load_file(generated / "claims" / name).claim.to_data()
        text = yaml.dump(data, Dumper=CanonicalDumper, **styles[index % len(styles)])
        for root in (quick_root, slow_root):
            (root / "claims" / name).write_text(text, encoding="utf-8")

    quick_result = format_records(Store(quick_root), check=True)
    assert not quick_result.problems
    quick_check = quick_result.changed
    slow_check = reference_format(Store(slow_root), True, monkeypatch)
    # A restyle may leave a record as it was (no escapes in an ASCII record): most change.
    assert quick_check == slow_check and len(quick_check) >= 4 * len(styles)
    assert format_records(Store(quick_root), check=False).changed == quick_check
    assert reference_format(Store(slow_root), False, monkeypatch) == slow_check
    for name in names:
        quick_bytes = (quick_root / "claims" / name).read_bytes()
        assert quick_bytes == (slow_root / "claims" / name).read_bytes(), name


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_ambiguous_strings_as_the_reference_writes_them(text: str) -> None:
    assert_as_reference({"claim": text, "tags": [text, "x"], text or "k": "v"})


def test_what_the_quick_writer_leaves_to_the_reference() -> None:
    declined: list[Any] = [
        {"note": "two\nlines"},  # a literal block
        {"note": "tab\there"},  # double-quoted
        {"note": "x\u2028y"},  # escaped
        {"tags": []},  # flow style
        {"anchor": {}},
        {"value": 1.5},
        {"value": None},
        {"note": ""},
        {"k" * 128: "v"},  # a long key is written '? key'
        {"nested": [[1, 2]]},
        [{"a": 1}],  # not a mapping at the top
    ]
    for data in declined:
        assert quick_dump_yaml(data) is None, data
        assert canonical_yaml(data) == dump_yaml(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(TEXT, DATA, min_size=1, max_size=6))
def test_hypothesis_data_as_the_reference_writes_it(data: dict[str, Any]) -> None:
    assert_as_reference(data)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(TEXT, TEXT, min_size=1, max_size=8))
def test_hypothesis_strings_as_the_reference_writes_them(data: dict[str, str]) -> None:
    assert_as_reference(data)


BASE = shipped_records()[0].claim.to_data()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    claim=TEXT,
    claimant=TEXT,
    note=TEXT,
    quote=TEXT,
    title=TEXT,
    tag=TEXT,
    at=st.datetimes(
        min_value=dt.datetime(1900, 1, 1), timezones=st.one_of(st.none(), st.timezones())
    ),
)
def test_hypothesis_records_as_the_reference_writes_them(
    claim: str, claimant: str, note: str, quote: str, title: str, tag: str, at: dt.datetime
) -> None:
    data = yaml.safe_load(dump_yaml(BASE))
    data["claim"], data["claimant"], data["tags"] = claim, claimant, [tag, "x"]
    data["history"][0]["note"], data["history"][0]["at"] = note, at
    data["sources"][0]["quote"], data["sources"][0]["title"] = quote, title
    try:
        record = Claim.model_validate(data)
    except ValueError:
        return  # not a record; the writer never sees it
    assert_as_reference(record.to_data())
    assert record_text(record) == dump_yaml(record.to_data())
