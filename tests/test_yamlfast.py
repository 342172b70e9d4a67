"""The quick reader of claimcheck's own layout (``yamlfast``) against the full reader.

``parse_yaml`` asks ``read_canonical`` first; these tests hold it to giving exactly what the
full reader gives (the same data, of the same types, in the same order, and the same place for
every key and list item), or declining: on the shipped records, a generated registry, every
case of the yaml-test-suite, hypothesis-built data in the layout and records edited at random.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import YamlError
from claimcheck.yamlfast import read_canonical
from claimcheck.yamlio import decode_text
from claimcheck.yamlreader import _parse
from claimcheck.yamlwriter import dump_yaml

sys.path.insert(0, str(REPO / "benchmarks"))
import generate as generator

SUITE = REPO / ".." / "shared" / "yaml-test-suite"


def read_alike(text: str) -> bool:
    """The quick reader gives what the full reader gives, or declines; whether it read."""
    quick = read_canonical(text)
    if quick is None:
        return False
    try:
        full = _parse(text, single=True)
    except YamlError as refusal:
        raise AssertionError(f"read quickly, but the full reader refuses it: {refusal}") from None
    assert len(full) == 1
    data, locations = quick
    assert repr(data) == repr(full[0].data)  # repr tells 1 from True, a date from a moment
    assert locations == full[0].locations
    return True


def record_texts(root: Path) -> list[str]:
    paths = sorted((root / "claims").glob("*.yaml"))
    assert paths
    return [decode_text(path.read_bytes()) for path in paths]


def test_the_shipped_records_are_read_quickly_and_the_same() -> None:
    for text in record_texts(REPO):
        assert read_alike(text)


def test_a_generated_registry_is_read_quickly_and_the_same(tmp_path: Path) -> None:
    generator.generate(tmp_path, 150, seed=11)
    for text in record_texts(tmp_path):
        assert read_alike(text)


def test_every_yaml_test_suite_case_is_read_the_same_or_declined() -> None:
    if not SUITE.is_dir():
        pytest.skip(f"the yaml-test-suite is not at {SUITE} (see ../shared/README.md)")
    cases = sorted(SUITE.rglob("in.yaml"))
    read = [case for case in cases if read_alike(decode_text(case.read_bytes()))]
    assert len(cases) > 300
    assert read  # some suite cases are in the layout: the comparison is not empty


def test_what_the_layout_does_not_hold_is_declined() -> None:
    declined = [
        "",
        "id: x",  # no line break at the end
        "id: x\n\n",  # a blank line
        "# note\nid: x\n",
        "---\nid: x\n",
        "id: x # note\n",
        "id: 'x' # note\n",
        'id: "x"\n',
        "id: |\n  x\n",
        "id: [x]\n",
        "id: x\n  more\n",  # continued text
        "id:\n- x\n",  # a list not indented under its key
        "id:\n    x: 1\n",
        "id:\n",
        "id: \n",
        "id:x\n",
        "id: x \n",
        "id: -x\n",
        "id: a: b\n",
        "id: a:\n",
        "id: 'it's'\n",
        "id: x\nid: y\n",
        "true: x\n",
        "null: x\n",
        "Id: x\n",
        "id: x\r\n",
        "id: x\ty\n",
        "id: x\u2028y\n",
        "id: x\x85\n",
        "id: \ufeffx\n",
        "id: 017\n",  # refused by the full reader: its message is kept
        "tags:\n  - - x\n",
        "  id: x\n",
    ]
    for text in declined:
        assert read_canonical(text) is None, repr(text)


def test_what_the_layout_holds_is_read() -> None:
    text = (
        "id: x\nn: 12\nok: true\nday: 2016-12-20\nat: 2016-12-20T10:00:00Z\nq: 'a: b'\n"
        "e: ''\nlist:\n  - a\n  - k: 1\n    m:\n      - 2\n"
    )
    assert read_alike(text)
    data, locations = read_canonical(text) or ({}, {})
    assert data["day"] == dt.date(2016, 12, 20) and data["ok"] is True and data["q"] == "a: b"
    assert data["list"] == ["a", {"k": 1, "m": [2]}]
    assert locations[("list", 1)] == (10, 5) and locations[("list", 1, "m", 0)] == (12, 9)


KEYS = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
    st.sampled_from(["true", "null", "no", "on", "Id", "a b", "<<", "-", "1", "é"]),
)
TRICKY = list(" :#'\"-?,[]{}&*!|>%@`~.+0123456789eExXoOnNtTfF\t\x85\u2028\ufeff")
TEXT = st.one_of(
    st.text(alphabet=st.sampled_from([*TRICKY, "a", "b", "é", "中"]), max_size=12),
    st.text(max_size=30),
    st.sampled_from(["yes", "~", "1e3", "0x1F", "017", "-1", ".5", "2016-12-20", "a: b", "a #b"]),
)
SCALARS = st.one_of(
    TEXT,
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.dates(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.floats(allow_nan=False),
    st.none(),
)
DATA = st.dictionaries(
    KEYS,
    st.recursive(
        SCALARS,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4),
            st.dictionaries(KEYS, inner, min_size=1, max_size=4),
        ),
        max_leaves=20,
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATA)
def test_data_written_in_the_layout_is_read_the_same_or_declined(data: dict[str, Any]) -> None:
    read_alike(dump_yaml(data))


SAFE_TEXT = st.from_regex(r"[A-Za-z][A-Za-z ,.()/]{0,30}[a-z]", fullmatch=True).filter(
    lambda text: text.lower() not in {"yes", "no", "on", "off", "true", "false", "null"}
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
            # the writer quotes what YAML 1.1 reads as a boolean
            lambda key: key not in {"true", "false", "null", "yes", "no", "on", "off"}
        ),
        st.one_of(
            SAFE_TEXT,
            st.integers(min_value=0, max_value=10**9),
            st.dates(),
            st.lists(SAFE_TEXT, min_size=1, max_size=3),
            st.lists(
                st.dictionaries(st.sampled_from(["a", "b_c"]), SAFE_TEXT, min_size=1), min_size=1
            ),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_data_in_the_layout_is_read_quickly(data: dict[str, Any]) -> None:
    assert read_alike(dump_yaml(data))


EDITS = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "\n", "\t", "?", "[", "{", "&", "*"]


def test_records_edited_at_random_are_read_the_same_or_declined() -> None:
    chance = random.Random(8)
    texts = record_texts(REPO)
    read = 0
    for _ in range(3000):
        text = chance.choice(texts)
        at = chance.randrange(len(text))
        edit = chance.randrange(4)
        if edit == 0:  # insert
            text = text[:at] + chance.choice(EDITS) + text[at:]
        elif edit == 1:  # delete a character or two
            text = text[:at] + text[at + chance.randint(1, 2) :]
        elif edit == 2:  # replace one
            text = text[:at] + chance.choice(EDITS) + text[at + 1 :]
        else:  # move a line in or out
            lines = text.split("\n")
            row = chance.randrange(len(lines) - 1)
            lines[row] = lines[row][2:] if chance.random() < 0.5 else "  " + lines[row]
            text = "\n".join(lines)
        read += read_alike(text)
    assert 0 < read < 3000  # some edits keep the layout, some do not
