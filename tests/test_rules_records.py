"""R rules: each file is one valid record, with its own id and a history ending in its status.

R001-R009 give the store's load problems their codes, located where the parser or the
validator found them; R010 looks at a record that loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rulekit import Kit, history, record

from claimcheck.model import Claim
from claimcheck.store import record_text
from claimcheck.vocab import Severity


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


def good(claim_id: str = "a") -> str:
    """The canonical text of a clean record."""
    return record_text(Claim.model_validate(record(claim_id)))


def edit(text: str, old: str, new: str) -> str:
    """Replace a line (or lines) of a record's text that stand once in it."""
    assert text.count("\n" + old) == 1, old
    return text.replace("\n" + old, "\n" + new)


def assert_load_problem(kit: Kit, code: str, path: str, starts: str) -> None:
    """One error of ``code`` about ``path``, pointing at text that starts with ``starts``."""
    finding = kit.one(code)
    assert (finding.code, finding.severity, finding.claim, finding.path) == (
        code,
        Severity.ERROR,
        None,
        path,
    )
    assert kit.at(finding).startswith(starts), (finding.line, finding.column, kit.at(finding))
    # The file did not load, so no other rule looks at it.
    result = kit.check()
    assert result.digests == {}
    assert path in result.not_loaded


def test_clean_record_has_no_findings_at_all(kit: Kit) -> None:
    path = kit.add(record("a"))
    result = kit.check()
    assert result.findings == []
    assert list(result.digests) == ["a"]
    assert result.digests["a"]["path"] == path


# --- R001 yaml-syntax -------------------------------------------------------------------------


def test_r001_reports_invalid_yaml_where_the_parser_stopped(kit: Kit) -> None:
    text = good().replace(
        "claim: The evacuation of east Aleppo",
        "claim: The evacuation: of east Aleppo",
    )
    kit.raw("claims/a.yaml", text)
    assert_load_problem(kit, "R001", "claims/a.yaml", ": of east Aleppo")
    assert "invalid YAML" in kit.one("R001").message


def test_r001_quiet_on_the_same_text_quoted(kit: Kit) -> None:
    text = good().replace(
        "claim: The evacuation of east Aleppo has brought out 37,500 people.",
        "claim: 'The evacuation: of east Aleppo has brought out 37,500 people.'",
    )
    kit.raw("claims/a.yaml", text)
    kit.none("R001")
    assert kit.check().findings == []


def test_r001_unclosed_flow_sequence(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good().replace("claim: The", "claim: [The"))
    finding = kit.one("R001")
    assert finding.path == "claims/a.yaml"
    assert finding.line > 1  # where the parser noticed, not the top of the file


# --- R002 unsafe-yaml -------------------------------------------------------------------------

CLAIM_LINE = "claim: The evacuation of east Aleppo has brought out 37,500 people."


def test_r002_reports_a_python_tag_at_the_tag(kit: Kit) -> None:
    text = good().replace(CLAIM_LINE, "claim: !!python/object/apply:os.system [echo hi]")
    kit.raw("claims/a.yaml", text)
    assert_load_problem(kit, "R002", "claims/a.yaml", "!!python/object/apply:os.system")


def test_r002_reports_an_alias(kit: Kit) -> None:
    text = good().replace("claim: The", "claim: &words The")
    text = edit(text, "status: unverified\n", "status: unverified\ntags: [*words]\n")
    kit.raw("claims/a.yaml", text)
    finding = kit.one("R002")
    assert "anchors and aliases" in finding.message
    assert kit.at(finding).startswith("&words The evacuation")


def test_r002_quiet_on_a_plain_value(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good().replace(CLAIM_LINE, "claim: python/object/apply:os.system"))
    kit.none("R002")
    assert kit.check().findings == []


# --- R003 duplicate-key -----------------------------------------------------------------------


def test_r003_reports_the_second_key(kit: Kit) -> None:
    text = edit(good(), "status: unverified\n", "status: supported\nstatus: unverified\n")
    kit.raw("claims/a.yaml", text)
    assert_load_problem(kit, "R003", "claims/a.yaml", "status: unverified")
    assert "duplicate key 'status'" in kit.one("R003").message


def test_r003_quiet_on_one_key(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good())
    kit.none("R003")


# --- R004 unreadable-file ---------------------------------------------------------------------


def test_r004_reports_latin_1_at_the_bad_byte(kit: Kit) -> None:
    text = good().replace("claim: The evacuation", "claim: Caf\xe9 evacuation")
    kit.raw("claims/a.yaml", text.encode("latin-1"))
    finding = kit.one("R004")
    assert (finding.severity, finding.claim, finding.path) == (
        Severity.ERROR,
        None,
        "claims/a.yaml",
    )
    assert (finding.line, finding.column) == (2, len("claim: Caf") + 1)
    assert "UTF-8" in finding.message


def test_r004_quiet_on_the_same_record_in_utf_8(kit: Kit) -> None:
    text = good().replace("claim: The evacuation", "claim: Caf\xe9 evacuation")
    kit.raw("claims/a.yaml", text.encode("utf-8"))
    kit.none("R004")
    assert kit.check().findings == []


def test_r004_reports_a_file_too_large_to_be_a_record(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good() + "tags:\n  - " + "x" * (1024 * 1024) + "\n")
    finding = kit.one("R004")
    assert (finding.path, finding.line, finding.column) == ("claims/a.yaml", 1, 1)
    assert finding.message == "the file is 1.0 MiB; a claim record is limited to 1 MiB"


# --- R005 schema ------------------------------------------------------------------------------


def test_r005_reports_a_bad_quantity_at_the_field(kit: Kit) -> None:
    text = edit(good(), "status: unverified\n", "quantity: lots of people\nstatus: unverified\n")
    kit.raw("claims/a.yaml", text)
    assert_load_problem(kit, "R005", "claims/a.yaml", "quantity: lots of people")
    assert "'lots of people' is not a quantity" in kit.one("R005").message


def test_r005_quiet_on_a_quantity(kit: Kit) -> None:
    text = edit(good(), "status: unverified\n", "quantity: 37,500 people\nstatus: unverified\n")
    kit.raw("claims/a.yaml", text)
    kit.none("R005")


def test_r005_reports_a_missing_field_at_its_parent(kit: Kit) -> None:
    kit.raw("claims/a.yaml", edit(good(), "  exact: brought out 37,500 people\n", ""))
    finding = kit.one("R005")
    assert "anchor.exact" in finding.message
    assert kit.at(finding).startswith("anchor:")


def test_r005_reports_a_file_that_is_a_list(kit: Kit) -> None:
    kit.raw("claims/a.yaml", "- a\n- b\n")
    finding = kit.one("R005")
    assert (finding.path, finding.line, finding.column) == ("claims/a.yaml", 1, 1)
    assert "a list" in finding.message


# --- R006 unknown-field -----------------------------------------------------------------------


def test_r006_reports_a_typo_and_suggests_the_field(kit: Kit) -> None:
    text = edit(good(), "status: unverified\n", "staus: supported\nstatus: unverified\n")
    kit.raw("claims/a.yaml", text)
    assert_load_problem(kit, "R006", "claims/a.yaml", "staus: supported")
    assert "did you mean 'status'" in kit.one("R006").message


def test_r006_quiet_on_known_fields(kit: Kit) -> None:
    text = edit(good(), "status: unverified\n", "claimant: Mevlut Cavusoglu\nstatus: unverified\n")
    kit.raw("claims/a.yaml", text)
    kit.none("R006")


def test_r006_reports_an_unknown_field_of_a_source(kit: Kit) -> None:
    text = edit(
        good(),
        "status: unverified\n",
        "sources:\n  - publisher: OCHA\n    publsher_url: https://example.org\n"
        "status: unverified\n",
    )
    kit.raw("claims/a.yaml", text)
    finding = kit.one("R006")
    assert kit.at(finding).startswith("publsher_url:")
    assert "sources[0].publsher_url" in finding.message


# --- R007 unknown-status ----------------------------------------------------------------------


def test_r007_reports_a_status_outside_the_vocabulary(kit: Kit) -> None:
    kit.raw("claims/a.yaml", edit(good(), "status: unverified\n", "status: mostly-true\n"))
    assert_load_problem(kit, "R007", "claims/a.yaml", "status: mostly-true")
    assert kit.findings("R005") == []  # the vocabulary has its own code


def test_r007_quiet_on_a_known_status(kit: Kit) -> None:
    kit.add(record("a", status="supported", history=history("supported")))
    kit.none("R007")


# --- R008 duplicate-id ------------------------------------------------------------------------


def test_r008_reports_both_files_of_one_id(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good())
    kit.raw("claims/a.yml", good())
    found = kit.findings("R008")
    assert [(f.path, f.line, f.column, f.severity) for f in found] == [
        ("claims/a.yaml", 1, 1, Severity.ERROR),
        ("claims/a.yml", 1, 1, Severity.ERROR),
    ]
    assert all(kit.at(f) == "id: a" for f in found)
    assert "also in claims/a.yml" in found[0].message
    assert kit.check().digests == {}  # neither is trusted


def test_r008_quiet_on_one_file_per_id(kit: Kit) -> None:
    kit.raw("claims/a.yaml", good("a"))
    kit.raw("claims/b.yml", good("b"))
    kit.none("R008")
    assert sorted(kit.check().digests) == ["a", "b"]


# --- R009 id-not-file-name --------------------------------------------------------------------


def test_r009_reports_the_id_that_differs_from_the_file_name(kit: Kit) -> None:
    kit.raw("claims/aleppo.yaml", good("aleppo-evacuated-total"))
    assert_load_problem(kit, "R009", "claims/aleppo.yaml", "id: aleppo-evacuated-total")


def test_r009_quiet_when_the_id_is_the_file_name(kit: Kit) -> None:
    kit.raw("claims/aleppo-evacuated-total.yaml", good("aleppo-evacuated-total"))
    kit.none("R009")


# --- R010 history-not-status ------------------------------------------------------------------


def test_r010_reports_a_status_set_without_history(kit: Kit) -> None:
    path = kit.add(record("a", status="refuted", history=history("unverified")))
    finding = kit.one("R010")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "a", path)
    assert kit.at(finding) == "status: refuted"
    assert "'refuted'" in finding.message and "'unverified'" in finding.message


def test_r010_quiet_when_the_history_ends_in_the_status(kit: Kit) -> None:
    kit.add(record("a", status="refuted", history=history("unverified", "refuted")))
    kit.none("R010")


def test_r010_reports_a_reviewed_record_with_no_history(kit: Kit) -> None:
    path = kit.add(record("a", status="refuted", history=[]))
    finding = kit.one("R010")
    assert (finding.claim, finding.path) == ("a", path)
    assert kit.at(finding) == "status: refuted"
    assert "no history" in finding.message


def test_r010_quiet_for_an_unreviewed_record_with_no_history(kit: Kit) -> None:
    kit.add(record("a", status="unverified", history=[]))
    kit.none("R010")


def test_r010_looks_at_the_last_entry_only(kit: Kit) -> None:
    kit.add(record("a", status="unverified", history=history("unverified", "refuted")))
    assert kit.one("R010").message.startswith("the status is 'unverified'")
    kit.add(record("a", status="unverified", history=history("refuted", "unverified")))
    kit.none("R010")


def test_a_broken_file_does_not_stop_the_others(kit: Kit) -> None:
    kit.raw("claims/a.yaml", edit(good("a"), "status: unverified\n", "staus: x\n"))
    kit.add(record("b", status="unverified", history=history("refuted")))
    result = kit.check()
    assert [(f.code, f.path) for f in result.findings] == [
        ("R006", "claims/a.yaml"),
        ("R010", "claims/b.yaml"),
    ]
    assert list(result.digests) == ["b"]


def test_every_problem_kind_has_exactly_one_load_rule() -> None:
    from claimcheck.errors import ProblemKind
    from claimcheck.rules import ALL_RULES

    owners = [kind for rule in ALL_RULES if rule.scope == "load" for kind in rule.kinds]
    assert sorted(owners) == sorted(ProblemKind)


def test_a_load_problem_without_a_kind_is_a_bug_not_a_schema_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claimcheck import engine
    from claimcheck.errors import ClaimcheckError, InvalidRecordError
    from claimcheck.store import Store

    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    store = Store(tmp_path)

    def load_record(self: Store, relpath: str) -> None:
        raise InvalidRecordError([ClaimcheckError("no kind", relpath)])

    monkeypatch.setattr(Store, "load_record", load_record)
    with pytest.raises(TypeError, match="without a kind"):
        engine.check(store)
