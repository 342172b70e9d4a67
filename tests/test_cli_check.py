"""`claimcheck check`: output formats, selection, exit codes, paths and --fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO, Run, edit_record, snapshot
from test_sarif import validate_sarif

from claimcheck.store import Store

AFFECTED = "claims/aleppo-evacuated-total.yaml"


def _break_history(root: Path) -> None:
    # status edited by hand, without a history entry: R010, an error
    edit_record(root, AFFECTED, status="supported")


def test_clean_registry_exits_zero_in_every_format(shipped: Path, run: Run) -> None:
    for output in ("full", "concise", "json", "github", "sarif"):
        result = run(shipped, "check", "--format", output)
        assert result.exit_code == 0, (output, result.output)


def test_an_error_exits_one_and_exit_zero_overrides(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    assert run(shipped, "check").exit_code == 1
    assert run(shipped, "check", "--exit-zero").exit_code == 0


def test_concise_is_path_line_col_code_message(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    result = run(shipped, "check", "--format", "concise")
    lines = [line for line in result.stdout.splitlines() if "R010" in line]
    assert len(lines) == 1
    status_line = (
        (shipped / AFFECTED).read_text(encoding="utf-8").splitlines().index("status: supported")
    )
    assert re.fullmatch(
        rf"{re.escape(AFFECTED)}:{status_line + 1}:1: R010 the status is 'supported' but .*",
        lines[0],
    )


def test_json_has_findings_and_summary(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    data = json.loads(run(shipped, "check", "--format", "json").stdout)
    assert set(data) == {"findings", "summary"}
    finding = next(f for f in data["findings"] if f["code"] == "R010")
    assert finding["claim"] == "aleppo-evacuated-total"
    assert finding["severity"] == "error"
    assert finding["path"] == AFFECTED
    assert finding["name"] == "history-not-status"
    assert set(finding) >= {"code", "name", "severity", "claim", "path", "line", "column"}
    assert data["summary"]["errors"] >= 1
    assert data["summary"]["claims"] == 9


def test_github_annotations_escape_their_data(shipped: Path, run: Run) -> None:
    edit_record(shipped, AFFECTED, claimant="Someone, 100% new\nand odd")
    result = run(shipped, "check", "--format", "github", "--select", "A106")
    line = result.stdout.strip()
    assert line.startswith(f"::warning file={AFFECTED},line=3,col=1,title=A106 ")
    assert "100%25 new" in line  # '%' is escaped; the newline is shown as \n
    assert "\n" not in line


def test_github_escaping_of_properties_and_data() -> None:
    from claimcheck.render.findings import _github_escape

    assert _github_escape("a,b:c%d\r\ne", property_value=True) == "a%2Cb%3Ac%25d%0D%0Ae"
    assert _github_escape("a,b:c%d\ne") == "a,b:c%25d%0Ae"


def test_sarif_is_a_valid_2_1_0_log(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    log = json.loads(run(shipped, "check", "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "claimcheck"
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    result = next(r for r in sarif_run["results"] if r["ruleId"] == "R010")
    assert ids[result["ruleIndex"]] == "R010"
    assert result["level"] == "error"
    assert result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == AFFECTED
    status_line = (shipped / AFFECTED).read_text(encoding="utf-8").splitlines()
    assert status_line[location["region"]["startLine"] - 1].startswith("status: supported")
    validate_sarif(log)  # against the official schema
    assert location["artifactLocation"]["uri"] == AFFECTED
    assert location["region"]["startLine"] >= 1
    base = sarif_run["originalUriBaseIds"][location["artifactLocation"]["uriBaseId"]]
    assert base["uri"].startswith("file://") and base["uri"].endswith("/")


def test_select_and_ignore_by_prefix(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    only_anchors = run(shipped, "check", "--format", "json", "--select", "A")
    assert all(f["code"].startswith("A") for f in json.loads(only_anchors.stdout)["findings"])
    assert only_anchors.exit_code == 0
    ignored = run(shipped, "check", "--format", "json", "--ignore", "R010,S")
    codes = {f["code"] for f in json.loads(ignored.stdout)["findings"]}
    assert "R010" not in codes and not any(code.startswith("S") for code in codes)


def test_unknown_rule_code_is_a_usage_error(shipped: Path, run: Run) -> None:
    result = run(shipped, "check", "--select", "Z999")
    assert result.exit_code == 2
    assert "'Z999' is neither a rule code nor a prefix" in result.stderr


def test_settings_select_and_severity_apply(shipped: Path, run: Run) -> None:
    with (shipped / "claimcheck.yaml").open("a", encoding="utf-8") as settings:
        settings.write("severity: {R010: warning}\n")
    _break_history(shipped)
    result = run(shipped, "check", "--format", "json")
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["code"] == "R010")
    assert finding["severity"] == "warning"
    assert result.exit_code == 0


def test_bad_settings_are_exit_two_with_the_file(shipped: Path, run: Run) -> None:
    with (shipped / "claimcheck.yaml").open("a", encoding="utf-8") as settings:
        settings.write("ignore: [NOPE]\n")
    result = run(shipped, "check")
    assert result.exit_code == 2
    assert "claimcheck.yaml" in result.stderr and "'NOPE'" in result.stderr


def test_paths_narrow_the_report(shipped: Path, run: Run, monkeypatch: object) -> None:
    _break_history(shipped)
    other = "claims/fuaa-kafraya-evacuated.yaml"
    narrowed = run(shipped, "check", "--format", "json", str(shipped / other))
    assert json.loads(narrowed.stdout)["findings"] == []
    assert narrowed.exit_code == 0
    whole = run(shipped, "check", "--format", "json", str(shipped / AFFECTED))
    assert {f["path"] for f in json.loads(whole.stdout)["findings"]} == {AFFECTED}
    # a document stands for the claims anchored in it
    document = next((shipped / "seeds").glob("*.txt"))
    by_document = run(shipped, "check", "--format", "json", str(document))
    assert any(f["code"] == "R010" for f in json.loads(by_document.stdout)["findings"])


def test_a_path_outside_the_registry_is_refused(shipped: Path, run: Run, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("x: 1\n", encoding="utf-8")
    result = run(shipped, "check", str(outside))
    assert result.exit_code == 2
    assert "outside the registry" in result.stderr
    missing = run(shipped, "check", str(shipped / "claims" / "nope.yaml"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_fix_reanchors_a_moved_quote_and_records_it(shipped: Path, run: Run) -> None:
    record = shipped / AFFECTED
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("start: 2174", "start: 2000").replace("end: 2220", "end: 2046"))
    before = json.loads(run(shipped, "check", "--format", "json").stdout)
    stale = [f for f in before["findings"] if f["code"] == "A104"]
    assert stale and stale[0]["fix"]
    fixed = run(shipped, "check", "--fix", "--format", "json", "--by", "tester")
    assert fixed.exit_code == 0
    data = json.loads(fixed.stdout)
    assert data["summary"]["fixed"] == 1
    assert not [f for f in data["findings"] if f["code"] == "A104"]
    claim = Store(shipped).get("aleppo-evacuated-total").claim
    assert (claim.anchor.start, claim.anchor.end) == (2174, 2220)
    assert claim.history[-1].by == "tester"
    assert "Re-anchored" in claim.history[-1].note


def test_fix_writes_canonical_form(shipped: Path, run: Run) -> None:
    record = shipped / AFFECTED
    canonical = record.read_text(encoding="utf-8")
    record.write_text(canonical.replace("status: refuted", "status: 'refuted'"))
    assert run(shipped, "fmt", "--check").exit_code == 1
    assert run(shipped, "check", "--fix").exit_code == 0
    assert record.read_text(encoding="utf-8") == canonical


def test_check_without_fix_changes_nothing(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    before = snapshot(shipped)
    run(shipped, "check")
    assert snapshot(shipped) == before


def test_broken_record_is_a_finding_not_a_crash(shipped: Path, run: Run) -> None:
    (shipped / "claims" / "broken.yaml").write_text("id: broken\nclaim: [unclosed\n")
    _break_history(shipped)
    result = run(shipped, "check", "--format", "concise")
    assert result.exit_code == 1
    assert re.search(r"^claims/broken\.yaml:\d+:\d+: R001 invalid YAML", result.stdout, re.M)
    # the other claims were still checked: all nine, and one of them has its own error
    assert re.search(rf"^{re.escape(AFFECTED)}:\d+:\d+: R010 ", result.stdout, re.M)
    assert "Found 2 errors" in result.stderr and "in 9 claims" in result.stderr
    summary = json.loads(run(shipped, "check", "--format", "json").stdout)["summary"]
    assert (summary["claims"], summary["files_not_loaded"], summary["errors"]) == (9, 1, 2)


def test_rules_lists_every_rule_and_rule_explains_one(shipped: Path, run: Run) -> None:
    from claimcheck.rules import ALL_RULES

    listing = json.loads(run(shipped, "rules", "--format", "json").stdout)
    assert [entry["code"] for entry in listing] == [rule.code for rule in ALL_RULES]
    table = run(shipped, "rules").stdout
    assert all(rule.code in table for rule in ALL_RULES)
    explained = run(shipped, "rule", "A105")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("A105 quote-quantity-mismatch (error)")
    assert "Fails" in explained.stdout and "Passes" in explained.stdout
    by_name = run(shipped, "rule", "quote-quantity-mismatch")
    assert by_name.stdout == explained.stdout
    unknown = run(shipped, "rule", "Q123")
    assert unknown.exit_code == 2 and "no rule 'Q123'" in unknown.stderr


def test_select_on_the_command_line_beats_an_ignore_in_the_settings(
    shipped: Path, run: Run
) -> None:
    edit_record(shipped, AFFECTED, claimant="Somebody Else")  # A106: not named in the document
    settings = shipped / "claimcheck.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "ignore: [A106]\n", "utf-8")
    assert "A106" not in run(shipped, "check", "--format", "concise").stdout
    result = run(shipped, "check", "--format", "concise", "--select", "A106")
    assert re.search(rf"^{re.escape(AFFECTED)}:\d+:\d+: A106 ", result.stdout, re.M)
    assert "All checks passed" not in result.stderr


def test_a_selection_that_runs_nothing_exits_two(shipped: Path, run: Run) -> None:
    result = run(shipped, "check", "--select", "A106", "--ignore", "A106")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: no rule is left to run (--select A106 --ignore A106)")
    settings = shipped / "claimcheck.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "select: [T]\nignore: [T]\n", "utf-8"
    )
    result = run(shipped, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("claimcheck.yaml: error: no rule is left to run")


def test_per_file_ignores_in_the_settings(shipped: Path, run: Run) -> None:
    _break_history(shipped)
    settings = shipped / "claimcheck.yaml"
    base = settings.read_text(encoding="utf-8")
    settings.write_text(base + "per-file-ignores:\n  claims/aleppo-*.yaml: [R01]\n", "utf-8")
    assert run(shipped, "check", "--format", "concise", "--select", "R").stdout == ""
    settings.write_text(base + "per-file-ignores:\n  claims/aleppo-*.yaml: [R0]\n  x: 1\n", "utf-8")
    result = run(shipped, "check")
    assert result.exit_code == 2
    assert re.match(r"claimcheck\.yaml:\d+:\d+: error: .*per-file-ignores", result.stderr)


def test_the_readme_lists_every_option_of_check_and_the_global_ones() -> None:
    import typer

    from claimcheck.cli import app

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("### `claimcheck check")
    section = readme[start : readme.index("\n### ", start + 1)]
    group = typer.main.get_command(app)
    command = group.commands["check"]  # type: ignore[attr-defined]
    options = [name for param in command.params for name in param.opts if name.startswith("--")]
    assert len(options) >= 6
    for option in options:
        if option != "--help":
            assert f"`{option}" in section, option
    commands = readme[readme.index("## Commands") : start]
    for param in group.params:
        for name in param.opts:
            if name.startswith("--") and name != "--help":
                assert f"`{name}" in commands, name


def test_errors_print_as_the_readme_says(shipped: Path, run: Run) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`path:line:column: error: message`" in readme
    (shipped / "claimcheck.yaml").write_text("tolerance: lots\n", encoding="utf-8")
    result = run(shipped, "check")
    assert result.exit_code == 2
    assert re.fullmatch(r"claimcheck\.yaml:1:\d+: error: \S.*\n", result.stderr)


def test_github_annotations_name_files_from_the_repository_root(tmp_path: Path, run: Run) -> None:
    import shutil

    registry = tmp_path / "repository" / "desk" / "registry"
    for name in ("claims", "seeds"):
        shutil.copytree(REPO / name, registry / name)
    shutil.copy(REPO / "claimcheck.yaml", registry / "claimcheck.yaml")
    _break_history(registry)
    (tmp_path / "repository" / ".git").mkdir()
    result = run(registry, "check", "--format", "github", "--select", "R010")
    assert result.stdout.startswith(f"::error file=desk/registry/{AFFECTED},line=")
