"""claimcheck fmt [--check] and claimcheck schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Run, snapshot
from helpers import (
    ARTICLE,
    Q_400K,
    Q_750,
    Q_37500,
    Q_DAYS,
    add_args,
    error_lines,
    good_record,
    json_data,
    messy_record,
    new_id,
    record_data,
    write,
)

from claimcheck.store import Store

# --- fmt ---------------------------------------------------------------------------------------


def test_fmt_check_lists_files_it_would_change_and_changes_nothing(run: Run, empty: Path) -> None:
    run(empty, *add_args("Canonical already.", Q_37500, "--id", "canonical"))
    write(empty, "claims/messy.yaml", messy_record("messy"))
    write(empty, "claims/messy-too.yml", messy_record("messy-too"))
    before = snapshot(empty)
    result = run(empty, "fmt", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "would reformat claims/messy-too.yml",
        "would reformat claims/messy.yaml",
    ]
    assert snapshot(empty) == before


def test_fmt_rewrites_in_canonical_form(run: Run, empty: Path) -> None:
    run(empty, *add_args("Canonical already.", Q_37500, "--id", "canonical"))
    canonical = (empty / "claims" / "canonical.yaml").read_bytes()
    write(empty, "claims/messy.yaml", messy_record("messy"))
    meaning = Store(empty).get("messy").claim
    result = run(empty, "fmt")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["reformatted claims/messy.yaml"]
    assert (empty / "claims" / "canonical.yaml").read_bytes() == canonical
    assert Store(empty).get("messy").claim == meaning
    assert (
        (empty / "claims" / "messy.yaml")
        .read_text(encoding="utf-8")
        .startswith("id: messy\nclaim: A claim that loads.\nanchor:\n")
    )
    again = run(empty, "fmt", "--check")
    assert (again.exit_code, again.stdout) == (0, "")
    assert "all records are in canonical form" in again.stderr


def test_records_written_by_the_tool_are_canonical(run: Run, empty: Path) -> None:
    claim_id = new_id(run(empty, *add_args("750 people.", Q_750, "--quantity", "about 750 people",
                                           "--cumulative", "--tag", "a")))  # fmt: skip
    assert run(empty, "source", "add", claim_id, "--publisher", "P", "--quantity", "750"
               ).exit_code == 0  # fmt: skip
    assert run(empty, "status", claim_id, "supported", "--note", "n").exit_code == 0
    written = record_data(empty, claim_id)
    assert (written["sources"][0]["publisher"], written["status"]) == ("P", "supported")
    result = run(empty, "fmt", "--check")
    assert (result.exit_code, result.stdout) == (0, "")


def test_fmt_leaves_broken_records_and_reports_them(run: Run, empty: Path) -> None:
    write(empty, "claims/messy.yaml", messy_record("messy"))
    write(empty, "claims/broken.yaml", "id: broken\nclaim: [\n")
    result = run(empty, "fmt")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == ["reformatted claims/messy.yaml"]
    [line] = error_lines(result)
    assert line.startswith("claims/broken.yaml:3:1: error: invalid YAML")
    assert (empty / "claims" / "broken.yaml").read_text(
        encoding="utf-8"
    ) == "id: broken\nclaim: [\n"


def test_fmt_does_not_rewrite_a_record_with_comments(run: Run, empty: Path) -> None:
    write(empty, "claims/noted.yaml", "# Checked by hand.\n" + messy_record("noted"))
    before = snapshot(empty)
    result = run(empty, "fmt")
    assert result.exit_code == 2
    assert "reformatted" not in result.stdout  # it was not
    [line] = error_lines(result)
    assert line.startswith("claims/noted.yaml:1: error: has a YAML comment")
    assert snapshot(empty) == before


# --- schema ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    result = CliRunner().invoke(app, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def errors(validator: jsonschema.protocols.Validator, data: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


def test_schema_is_json_on_stdout(run: Run) -> None:
    result = run(None, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "claim"}


def test_records_the_tool_writes_validate(
    run: Run, empty: Path, validator: jsonschema.protocols.Validator
) -> None:
    ids = [
        new_id(run(empty, *add_args("Minimal.", Q_DAYS))),
        new_id(run(empty, *add_args(
            "Everything.", Q_750, "--quantity", "between 700 and 800 people", "--subject", "s",
            "--measure", "m", "--cumulative", "--as-of", "2016-12-20", "--claimant", "c",
            "--tag", "t", "--status", "disputed", "--note", "n"))),
        new_id(run(empty, *add_args("More than.", Q_400K, "--quantity",
                                    "more than 400,000 people"))),
        new_id(run(empty, *add_args("Numbers.", Q_37500, "--quantity", "37,500"))),
    ]  # fmt: skip
    added = run(empty, "source", "add", ids[1], "--publisher", "P", "--via", "V",
                "--url", "https://x.org", "--archive-url", "https://y.org", "--title", "T",
                "--published", "2016-12-21", "--retrieved", "2024-01-01", "--as-of", "2016-12-20",
                "--measure", "m2", "--quantity", "about 750 people", "--quote", "q",
                "--language", "en", "--stance", "contradicts")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    status = run(empty, "status", ids[0], "supported", "--note", "n")
    assert status.exit_code == 0, status.stderr
    # Every optional field is in the files, so the schema is tried against each of them.
    assert set(record_data(empty, ids[1])["sources"][0]) == {
        "publisher", "via", "title", "url", "archive_url", "published", "retrieved", "as_of",
        "measure", "quantity", "quote", "language", "stance",
    }  # fmt: skip
    assert record_data(empty, ids[0])["status"] == "supported"
    for claim_id in ids:
        data = json_data(record_data(empty, claim_id))
        assert errors(validator, data) == [], claim_id
    assert Store(empty).load().problems == []


@pytest.mark.parametrize(
    "quantity",
    [
        "37,500 people",
        "more than 400,000 people",
        "nearly six years",
        37500,
        1.5,
        {"value": 750, "qualifier": "about", "unit": "people"},
        {"value": 750, "qualifier": "about", "unit": "people", "step": 50},
        {"lower": 1200, "upper": 1312, "qualifier": "between", "unit": "people"},
        {"value": 100, "lower": 90, "upper": 120},
        {"value": "37,500", "unit": "people"},  # numeric text in a mapping
        {"value": "12345678901234567.5", "step": 0.5},  # what the writer uses for such numbers
        {"value": 750, "qualifier": "More than"},  # the loader's spellings of a qualifier
        {"value": 750, "qualifier": "at-least"},
        {"value": 750, "unit": None, "step": None},  # keys left empty
    ],
)
def test_hand_written_quantities_that_load_validate(
    empty: Path, validator: jsonschema.protocols.Validator, quantity: Any
) -> None:
    text = good_record("hand") + "quantity: " + json.dumps(quantity) + "\n"
    write(empty, "claims/hand.yaml", text)
    registry = Store(empty).load()
    assert registry.problems == [], registry.problems
    assert errors(validator, json_data(record_data(empty, "hand"))) == []
    # and the canonical form fmt would write validates too
    canonical = registry.records["hand"].claim.to_data()
    assert errors(validator, json_data(canonical)) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"colour": "red"}, "Additional properties are not allowed ('colour'"),
        # anchor is optional (imported claims have none): the anyOf names no field
        ({"anchor": {"document": ARTICLE, "exact": "x", "page": 1}}, "is not valid under any of"),
        ({"sources": [{"publisher": "P", "link": "x"}]}, "('link' was unexpected)"),
        ({"history": [{"at": "2024-01-01T00:00:00Z", "status": "supported", "by": "a",
                       "note": "n", "extra": 1}]}, "('extra' was unexpected)"),
        ({"quantity": {"value": 1, "colour": "red"}}, "is not valid under any of the given"),
        ({"status": "maybe"}, "'maybe' is not one of"),
        ({"id": "../x"}, "does not match"),
        ({"claim": ""}, "should be non-empty"),
        ({"cumulative": "yes"}, "'yes' is not of type 'boolean'"),
    ],
)  # fmt: skip
def test_schema_rejects_what_the_loader_rejects(
    validator: jsonschema.protocols.Validator, change: dict[str, Any], words: str
) -> None:
    data = {"id": "x", "claim": "c", "anchor": {"document": ARTICLE, "exact": "e"}, **change}
    found = errors(validator, data)
    assert any(words in message for message in found), found


@pytest.mark.parametrize("missing", ["id", "claim"])
def test_schema_requires_the_required_fields(
    validator: jsonschema.protocols.Validator, missing: str
) -> None:
    data = {"id": "x", "claim": "c", "anchor": {"document": ARTICLE, "exact": "e"}}
    del data[missing]
    assert errors(validator, data) == [f"'{missing}' is a required property"]


def test_every_shipped_record_validates(validator: jsonschema.protocols.Validator) -> None:
    from conftest import REPO

    from claimcheck.yamlio import parse_yaml

    paths = sorted((REPO / "claims").glob("*.yaml"))
    assert len(paths) >= 7
    for path in paths:
        data = json_data(parse_yaml(path.read_text(encoding="utf-8")).data)
        assert errors(validator, data) == [], path.name


# --- comments: a file with one is never rewritten ----------------------------------------------

PLAIN_RECORD = f"""\
id: noted
claim: |
  Lavrov met them.
anchor:
  document: {ARTICLE}
  exact: {Q_37500}
status: unverified
"""

# Each command that rewrites a record, and its exit code when it refuses to: check --fix
# reports the fix it could not make as a warning, the others stop with an error.
REWRITING_COMMANDS = {
    "status": (["status", "noted", "supported", "--note", "n"], 2),
    "fmt": (["fmt"], 2),
    "source-add": (["source", "add", "noted", "--publisher", "P"], 2),
    "check-fix": (["check", "--fix", "--format", "concise"], 0),
}


@pytest.mark.parametrize("command", list(REWRITING_COMMANDS))
@pytest.mark.parametrize(
    ("record", "line"),
    [
        (PLAIN_RECORD.replace("claim: |", "claim: |  # a note"), 2),
        (PLAIN_RECORD.replace("claim: |", "claim: >-\t# a note"), 2),
        (PLAIN_RECORD.replace("status: unverified", "status: unverified  # why"), 7),
        (PLAIN_RECORD.replace("anchor:\n", "anchor:\n  # whose words\n"), 5),
        ("# about this claim\n" + PLAIN_RECORD, 1),
    ],
    ids=["after-literal-header", "after-folded-header", "end-of-line", "own-line", "first-line"],
)
def test_a_record_with_a_comment_is_never_rewritten(
    run: Run, empty: Path, command: str, record: str, line: int
) -> None:
    path = write(empty, "claims/noted.yaml", record)
    # The record is valid and not canonical, and check --fix has stale offsets to fix in it.
    assert Store(empty).get("noted").claim.anchor.start is None
    args, exit_code = REWRITING_COMMANDS[command]
    result = run(empty, *args)
    assert path.read_text(encoding="utf-8") == record
    assert result.exit_code == exit_code, result.output
    assert f"claims/noted.yaml:{line}: " in result.stderr
    assert "has a YAML comment, which rewriting the record would lose" in result.stderr


def test_the_same_record_without_a_comment_is_rewritten(run: Run, empty: Path) -> None:
    # The counterpart of the test above: each command does rewrite the record.
    path = write(empty, "claims/noted.yaml", PLAIN_RECORD)
    for command, (args, _) in REWRITING_COMMANDS.items():
        before = path.read_text(encoding="utf-8")
        result = run(empty, *args)
        assert result.exit_code == 0, (command, result.output)
        assert path.read_text(encoding="utf-8") != before, command
        if command == "status":  # back to a state the next command changes
            path.write_text(PLAIN_RECORD, encoding="utf-8")
