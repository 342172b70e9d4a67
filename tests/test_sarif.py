"""`claimcheck check --format sarif`: a log that the official SARIF 2.1.0 schema accepts and that
GitHub code scanning reads right: columns in code points, percent-encoded URIs relative to the
repository's root, fingerprints that survive moved lines, and regions with an end."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from conftest import REPO, Run, edit_record

AFFECTED = "claims/aleppo-evacuated-total.yaml"
SCHEMA = REPO.parent / "shared" / "sarif" / "sarif-schema-2.1.0.json"
ODD_NAME = "claims/odd name,%:#1.yaml"
# RFC 3986: what a URI reference may hold (unreserved, reserved, and '%' before two hex digits)
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")


def validate_sarif(log: dict[str, Any]) -> None:
    """Validate against the official schema, read from ../shared (never copied in)."""
    if not SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (see ../shared/sarif/SOURCE.md)")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(
        schema, format_checker=jsonschema.FormatChecker()
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def sarif(run: Run, root: Path, *args: str) -> dict[str, Any]:
    result = run(root, "check", "--format", "sarif", *args)
    assert result.exit_code in (0, 1), result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    (only,) = log["runs"]
    found: list[dict[str, Any]] = only["results"]
    return found


def location(result: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = result["locations"][0]["physicalLocation"]
    return physical


def _with_findings(root: Path) -> None:
    """R010 (a status without its history entry), A106 (a claimant the document never names)
    and R009 in a file whose name needs percent-encoding."""
    edit_record(root, AFFECTED, status="supported", claimant="Somebody Else")
    shutil.copy(root / AFFECTED, root / ODD_NAME)


def test_the_log_is_valid_against_the_official_schema(shipped: Path, run: Run) -> None:
    _with_findings(shipped)
    log = sarif(run, shipped)
    assert {r["ruleId"] for r in results(log)} >= {"R009", "R010", "A106"}
    validate_sarif(log)


def test_a_clean_run_is_valid_too(shipped: Path, run: Run) -> None:
    log = sarif(run, shipped, "--select", "R")
    assert results(log) == []
    validate_sarif(log)


def test_columns_are_code_points(shipped: Path, run: Run) -> None:
    (only,) = sarif(run, shipped)["runs"]
    assert only["columnKind"] == "unicodeCodePoints"


def test_uris_are_percent_encoded_and_decode_to_the_file(shipped: Path, run: Run) -> None:
    _with_findings(shipped)
    uris = {location(r)["artifactLocation"]["uri"] for r in results(sarif(run, shipped))}
    odd = "claims/odd%20name%2C%25%3A%231.yaml"
    assert odd in uris
    for uri in uris:
        assert URI_REFERENCE.fullmatch(uri), uri
        assert ":" not in uri.split("/")[0]  # would read as a scheme
        assert (shipped / os.fsdecode(unquote_to_bytes(uri))).is_file()


def test_a_file_name_that_is_not_utf8_is_its_bytes_percent_encoded(shipped: Path, run: Run) -> None:
    name = os.fsdecode(b"claims/caf\xe9.yaml")
    try:
        shutil.copy(shipped / AFFECTED, shipped / name)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    log = sarif(run, shipped)
    uris = {location(r)["artifactLocation"]["uri"] for r in results(log)}
    assert "claims/caf%E9.yaml" in uris
    validate_sarif(log)


def test_paths_are_relative_to_the_repository_root(tmp_path: Path, run: Run) -> None:
    repository = tmp_path / "repository"
    registry = repository / "desk" / "registry"
    shutil.copytree(REPO / "claims", registry / "claims")
    shutil.copytree(REPO / "seeds", registry / "seeds")
    shutil.copy(REPO / "claimcheck.yaml", registry / "claimcheck.yaml")
    edit_record(registry, AFFECTED, status="supported")
    (repository / ".git").mkdir()
    log = sarif(run, registry)
    (only,) = log["runs"]
    [entry] = [r for r in only["results"] if r["ruleId"] == "R010"]
    assert location(entry)["artifactLocation"] == {
        "uri": f"desk/registry/{AFFECTED}",
        "uriBaseId": "ROOT",
    }
    assert only["originalUriBaseIds"]["ROOT"]["uri"] == repository.resolve().as_uri() + "/"
    validate_sarif(log)
    # a worktree's .git is a file; a registry at the repository's root names its files bare
    shutil.rmtree(repository / ".git")
    (registry / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    [entry] = [r for r in results(sarif(run, registry)) if r["ruleId"] == "R010"]
    assert location(entry)["artifactLocation"]["uri"] == AFFECTED


def test_every_result_has_a_fingerprint_and_they_differ(shipped: Path, run: Run) -> None:
    _with_findings(shipped)
    found = results(sarif(run, shipped))
    prints = [r["partialFingerprints"]["claimcheck/v1"] for r in found]
    assert len(found) >= 3
    assert len(set(prints)) == len(prints)


def test_fingerprints_stay_when_lines_move(shipped: Path, run: Run) -> None:
    _with_findings(shipped)
    before = {
        r["partialFingerprints"]["claimcheck/v1"]: location(r)["region"]["startLine"]
        for r in results(sarif(run, shipped))
    }
    path = shipped / AFFECTED
    path.write_text("# moved down\n\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = {
        r["partialFingerprints"]["claimcheck/v1"]: location(r)["region"]["startLine"]
        for r in results(sarif(run, shipped))
    }
    assert set(after) == set(before)
    moved = [key for key in before if after[key] == before[key] + 3]
    assert len(moved) >= 2  # R010 and A106 in the edited file moved; the fingerprints did not


def test_regions_end_where_the_field_ends(shipped: Path, run: Run) -> None:
    _with_findings(shipped)
    lines = (shipped / AFFECTED).read_text(encoding="utf-8").splitlines()
    found = [r for r in results(sarif(run, shipped)) if r["ruleId"] in ("R010", "A106")]
    assert len(found) == 2
    for entry in found:
        region = location(entry)["region"]
        line = lines[region["startLine"] - 1]
        assert region["endLine"] == region["startLine"]
        assert region["endColumn"] == len(line) + 1 > region["startColumn"]
        assert line[region["startColumn"] - 1 :].split(":")[0] in ("status", "claimant")


def test_messages_carry_no_lone_surrogates(shipped: Path) -> None:
    """A message holding a file name that is not UTF-8 shows its byte, never a \\udcxx escape
    (legal JSON, refused by strict readers)."""
    import dataclasses

    from claimcheck.engine import check
    from claimcheck.render.sarif import sarif_log
    from claimcheck.store import Store

    edit_record(shipped, AFFECTED, status="supported")
    result = check(Store(shipped))
    odd = os.fsdecode(b"caf\xe9") + " \udfff"
    result.findings = [
        dataclasses.replace(f, message=f"{f.message} {odd}") for f in result.findings
    ]
    log = json.loads(sarif_log(result, shipped))
    assert not re.search("[\ud800-\udfff]", json.dumps(log, ensure_ascii=False))
    messages = [r["message"]["text"] for r in results(log)]
    assert messages and all(m.endswith(" caf\\xe9 \\udfff") for m in messages)
