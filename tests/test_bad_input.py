"""Bad input: every kind of broken record gives one clear line naming the file and line, exit 2
for a command that cannot do its job, exit 1 for list (which still lists the good records), no
traceback, and every file left byte for byte as it was."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers import ARTICLE, BILLION_LAUGHS, Q_37500, add_args, error_lines, good_record, write

GOOD = good_record("bad")  # a valid record for the file claims/bad.yaml, 6 lines

# (file content, line of the problem, words of the message)
CASES: dict[str, tuple[str | bytes, int, str]] = {
    "malformed-yaml": ("id: bad\nclaim: [unclosed\n", 3, "invalid YAML"),
    "unclosed-quote": ('id: bad\nclaim: "open\n', 3, "invalid YAML"),
    "empty-file": ("", 1, "the file is empty; expected a mapping of field: value"),
    "only-a-comment": ("# nothing here\n", 1, "the file is empty"),
    "a-list": ("- id: bad\n- claim: x\n", 1, "the file holds a list, not a mapping"),
    "a-scalar": ("just some words\n", 1, "the file holds a single value, not a mapping"),
    "missing-field": ("id: bad\nstatus: unverified\n", 1, "missing required field 'claim'"),
    "missing-nested-field": (
        GOOD.replace("  exact: brought out 37,500 people\n", ""),
        3,
        "missing required field 'anchor.exact'",
    ),
    "wrong-type": (GOOD + "cumulative: maybe\n", 7, "cumulative: Input should be a valid boolean"),
    "wrong-type-list": (GOOD + "tags: evacuation\n", 7, "tags: Input should be a valid list"),
    "wrong-date": (GOOD + "as_of: 2016-13-45\n", 7, "'2016-13-45' is not a valid date"),
    "unknown-field": (GOOD + "statuss: supported\n", 7,
                      "unknown field 'statuss' (did you mean 'status'?)"),
    "unknown-nested-field": (GOOD.replace("status:", "  exactt: x\nstatus:"), 6,
                             "unknown field 'anchor.exactt' (did you mean 'exact'?)"),
    "id-differs-from-file-name": (good_record("other"), 1,
                                  "id 'other' differs from the file name 'bad'"),
    "duplicate-key": (GOOD + "status: supported\n", 7,
                      "duplicate key 'status' (first given at line 6)"),
    "python-object": ("id: bad\nclaim: !!python/object/apply:os.system ['touch pwned']\n", 2,
                      "the YAML tag !!python/object/apply:os.system is not allowed"),
    "python-name": ("id: bad\nclaim: !!python/name:os.system\n", 2, "is not allowed"),
    "python-new": ("id: bad\nclaim: !!python/object/new:os.system [x]\n", 2, "is not allowed"),
    "binary-tag": ("id: bad\nclaim: !!binary aGVsbG8=\n", 2, "the YAML tag !!binary"),
    "custom-tag": ("id: bad\nclaim: !custom x\n", 2, "the YAML tag !custom"),
    "alias-bomb": (BILLION_LAUGHS, 1, "anchors and aliases (&name, *name) are not allowed"),
    "invalid-utf8": (b"id: bad\nclaim: caf\xe9 au lait\n", 2, "invalid UTF-8 (byte 0xe9)"),
    "utf16": ("id: bad\n".encode("utf-16"), 1, "invalid UTF-8"),
    "raw-escape-character": ("id: bad\nclaim: red \x1b[31m text\n", 2,
                             "the control character U+001B"),
    "two-documents": (GOOD + "---\nid: bad\n", 7, "more than one YAML document"),
    "not-a-quantity": (GOOD + "quantity: lots and lots\n", 7,
                       "quantity: 'lots and lots' is not a quantity"),
    "quantity-bad-mapping": (GOOD + "quantity: {value: 5, colour: red}\n", 7,
                             "quantity has unknown key 'colour'"),
    "negative-step": (GOOD + "quantity: {value: 5, step: -1}\n", 7, "must be greater than 0"),
}  # fmt: skip

PLACE = re.compile(r"^claims/bad\.yaml:(\d+)(?::\d+)?: error: (.+)$")


@pytest.fixture
def registry(run: Run, empty: Path) -> Path:
    result = run(empty, *add_args("37,500 people were evacuated.", Q_37500, "--id", "good"))
    assert result.exit_code == 0
    return empty


def located(line: str, expected_line: int, words: str) -> None:
    match = PLACE.match(line)
    assert match, line
    assert int(match.group(1)) == expected_line, line
    assert words in match.group(2), line


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_record(run: Run, registry: Path, case: str) -> None:
    content, line, words = CASES[case]
    write(registry, "claims/bad.yaml", content)
    before = snapshot(registry)

    listed = run(registry, "list")
    assert listed.exit_code == 1
    assert "good" in listed.stdout.split()  # the good record is still listed
    [problem] = error_lines(listed)
    located(problem, line, words)

    as_json = run(registry, "list", "--format", "json")
    assert as_json.exit_code == 1
    assert '"id": "good"' in as_json.stdout

    for args in (
        ["show", "bad"],
        ["status", "bad", "supported", "--note", "n"],
        ["source", "add", "bad", "--publisher", "AFP"],
    ):
        result = run(registry, *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        lines = error_lines(result)
        assert lines, args
        located(lines[0], line, words)

    fmt = run(registry, "fmt")
    assert fmt.exit_code == 2
    located(error_lines(fmt)[0], line, words)

    for result in (listed, as_json, fmt):
        assert "Traceback" not in result.stderr
    assert snapshot(registry) == before
    assert not (registry / "pwned").exists() and not Path("pwned").exists()


def test_an_alias_bomb_is_refused_quickly(run: Run, registry: Path) -> None:
    write(registry, "claims/bad.yaml", BILLION_LAUGHS)
    started = time.perf_counter()
    result = run(registry, "list")
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1


def test_a_50_mb_file_is_refused_quickly_without_being_parsed(run: Run, registry: Path) -> None:
    path = registry / "claims" / "bad.yaml"
    with path.open("wb") as handle:  # 50 MB of repeated text
        chunk = b"claim: " + b"x" * (1024 * 1024 - 8) + b"\n"
        for _ in range(50):
            handle.write(chunk)
    before = snapshot(registry)
    started = time.perf_counter()
    listed = run(registry, "list")
    shown = run(registry, "show", "bad")
    assert time.perf_counter() - started < 3
    assert (listed.exit_code, shown.exit_code) == (1, 2)
    for result in (listed, shown):
        [line] = error_lines(result)
        located(line, 1, "the file is 50.0 MiB; a claim record is limited to 1 MiB")
    assert "good" in listed.stdout
    assert snapshot(registry) == before


def test_two_files_with_the_same_id(run: Run, registry: Path) -> None:
    write(registry, "claims/twin.yaml", good_record("twin"))
    write(registry, "claims/twin.yml", good_record("twin"))
    before = snapshot(registry)
    listed = run(registry, "list", "--format", "json")
    assert listed.exit_code == 1
    assert '"twin"' not in listed.stdout and '"good"' in listed.stdout
    assert error_lines(listed) == [
        "claims/twin.yaml:1:1: error: duplicate id 'twin': also in claims/twin.yml; "
        "keep one file per claim",
        "claims/twin.yml:1:1: error: duplicate id 'twin': also in claims/twin.yaml; "
        "keep one file per claim",
    ]
    for args in (["show", "twin"], ["status", "twin", "refuted", "--note", "n"]):
        result = run(registry, *args)
        assert result.exit_code == 2
        [line] = error_lines(result)
        assert "claim 'twin' has two files (claims/twin.yaml, claims/twin.yml); keep one" in line
    assert snapshot(registry) == before


def test_problems_in_several_files_are_all_reported_in_order(run: Run, registry: Path) -> None:
    write(registry, "claims/b.yaml", "")
    write(registry, "claims/a.yaml", "- x\n")
    write(registry, "claims/c.yaml", good_record("c") + "colour: red\n")
    result = run(registry, "list")
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in error_lines(result)] == [
        "claims/a.yaml:1:1",
        "claims/b.yaml:1:1",
        "claims/c.yaml:7:1",
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (add_args("x", "brought out 37,000 people"), "the closest passage (line 39)"),
        (["status", "good", "maybe", "--note", "n"], "'maybe' is not one of"),
        (["status", "no-such", "supported", "--note", "n"], "no claim 'no-such'"),
        (["status", "../good", "supported", "--note", "n"], "'../good' is not a valid id"),
        (["show", "../../claims/good"], "is not a valid id"),
        (add_args("x", Q_37500, "--id", "../../escape"), "is not a valid id"),
        (add_args("x", Q_37500, "--part-of", "../good"), "is not a valid id"),
        (["source", "add", "../good", "--publisher", "AFP"], "is not a valid id"),
    ],
)
def test_bad_arguments_change_nothing(
    run: Run, registry: Path, args: list[str], words: str
) -> None:
    before = snapshot(registry)
    outside = sorted(p.name for p in registry.parent.iterdir())
    result = run(registry, *args)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(registry) == before
    assert sorted(p.name for p in registry.parent.iterdir()) == outside


def test_a_record_anchored_outside_the_registry_is_not_read(run: Run, registry: Path) -> None:
    (registry.parent / "secret.txt").write_text("brought out 37,500 people SECRET", "utf-8")
    write(registry, "claims/bad.yaml", GOOD.replace(ARTICLE, "../secret.txt"))
    before = snapshot(registry)
    for output in ("table", "json"):
        result = run(registry, "show", "bad", "--format", output)
        assert result.exit_code == 0
        assert "SECRET" not in result.stdout
        assert "must be relative to the registry root and stay inside it" in result.stdout
    assert snapshot(registry) == before
