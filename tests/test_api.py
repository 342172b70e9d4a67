"""claimcheck as a library: a script that uses only the names in ``claimcheck.__all__`` opens
the shipped registry, checks it, reads the verdicts, changes it and sees the verdict change;
and the command line's JSON is the library's result."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import claimcheck

ARTICLE = "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"


def test_this_script_uses_only_the_declared_api() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "claimcheck"
    }
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("claimcheck")
        for alias in node.names
    }
    assert imported == set()  # everything through 'claimcheck.', so that the walk sees it
    assert "open_registry" in used
    assert sorted(used - set(claimcheck.__all__) - {"__all__"}) == []


def test_every_name_in_all_is_there() -> None:
    missing = [name for name in claimcheck.__all__ if not hasattr(claimcheck, name)]
    assert missing == []
    assert set(claimcheck.__all__) <= set(dir(claimcheck))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        getattr(claimcheck, "nothing_here")  # noqa: B009 (a name the walk above must not see)


def test_open_check_and_read_the_design_card_verdicts(shipped: Path) -> None:
    registry = claimcheck.open_registry(shipped)
    assert registry.root == shipped.resolve()
    assert len(registry.claims) == 9
    assert registry.claims["syria-war-deaths"].status is claimcheck.Status.SUPPORTED

    result = registry.check()
    assert isinstance(result, claimcheck.CheckResult)
    words = {claim_id: result.verdicts[claim_id].word for claim_id in result.verdicts}
    assert words["aleppo-evacuated-total"] is claimcheck.VerdictWord.REFUTED
    assert words["fuaa-kafraya-evacuated"] is claimcheck.VerdictWord.SUPPORTED
    assert words["syria-war-deaths"] is claimcheck.VerdictWord.SUPPORTED
    refuted = result.verdicts["aleppo-evacuated-total"]
    assert refuted.reason.startswith("refuted: ")
    contradicting = [s for s in refuted.sources if s.stance is claimcheck.Stance.CONTRADICTS]
    assert contradicting and all(s.counted and s.reason for s in contradicting)
    assert result.summary()["claims"] == 9
    assert not result.has_errors
    assert all(isinstance(finding, claimcheck.Finding) for finding in result.findings)


def test_the_claims_cannot_be_changed_in_place(shipped: Path) -> None:
    claims = claimcheck.open_registry(shipped).claims
    with pytest.raises(TypeError):
        claims["x"] = claims["syria-war-deaths"]  # type: ignore[index]


def test_a_source_that_contradicts_changes_the_verdict(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = claimcheck.open_registry(shipped)
    before = registry.check().verdicts["fuaa-kafraya-evacuated"]
    assert before.word is claimcheck.VerdictWord.SUPPORTED

    claim = registry.add_source(
        "fuaa-kafraya-evacuated",
        publisher="Example Wire",
        quantity="5,000 people",
        as_of=dt.date(2016, 12, 20),
        by="A. Reporter",
    )
    assert claim.sources[-1].publisher == "Example Wire"
    assert claim.history[-1].by == "A. Reporter"
    assert registry.claims["fuaa-kafraya-evacuated"].sources[-1] == claim.sources[-1]

    after = registry.check().verdicts["fuaa-kafraya-evacuated"]
    assert after.word is claimcheck.VerdictWord.DISPUTED
    assert after.sources[-1].stance is claimcheck.Stance.CONTRADICTS
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_a_typed_source_and_a_status(shipped: Path) -> None:
    registry = claimcheck.open_registry(shipped)
    source = claimcheck.Source.model_validate(
        {
            "publisher": "Example Monitor",
            "quantity": claimcheck.parse_quantity("about 750 people"),
            "as_of": dt.date(2016, 12, 21),
        }
    )
    claim = registry.add_source("fuaa-kafraya-evacuated", source, by="A. Reporter")
    assert claim.sources[-1] == source
    with pytest.raises(TypeError, match="not both"):
        registry.add_source("fuaa-kafraya-evacuated", source, publisher="Someone")

    changed = registry.set_status(
        "fuaa-kafraya-evacuated", claimcheck.Status.DISPUTED, "Checking.", by="A. Reporter"
    )
    assert changed.status is claimcheck.Status.DISPUTED
    report = registry.report()
    assert report.summary["status_disagrees_with_verdict"] == ["fuaa-kafraya-evacuated"]


def test_add_claim_and_format(shipped: Path) -> None:
    registry = claimcheck.open_registry(shipped)
    claim = registry.add_claim(
        "Russia, Iran and Turkey met in Moscow.",
        document=ARTICLE,
        quote="met in Moscow",
        subject="moscow-meeting",
        by="A. Reporter",
    )
    assert claim.id in registry.claims
    assert (shipped / "claims" / f"{claim.id}.yaml").is_file()
    assert registry.format(check=True) == []


def test_bad_input_raises_a_located_error(shipped: Path) -> None:
    registry = claimcheck.open_registry(shipped)
    with pytest.raises(claimcheck.NotFoundError):
        registry.set_status("no-such-claim", "refuted", "Why.", by="A. Reporter")
    with pytest.raises(claimcheck.ClaimcheckError, match="'true' is not one of unverified"):
        registry.set_status("syria-war-deaths", "true", "Why.", by="A. Reporter")
    with pytest.raises(claimcheck.ClaimcheckError, match="url"):
        registry.add_source("syria-war-deaths", publisher="X", url="javascript:alert(1)", by="Me")
    with pytest.raises(claimcheck.ClaimcheckError, match="quantity"):
        registry.add_source("syria-war-deaths", publisher="X", quantity="lots", by="Me")
    broken = shipped / "claims" / "broken.yaml"
    broken.write_text("id: broken\nclaim: [\n", encoding="utf-8")
    with pytest.raises(claimcheck.InvalidRecordError) as caught:
        registry.format(check=True)
    problem = caught.value.problems[0]
    assert problem.path == "claims/broken.yaml"
    assert problem.line is not None and problem.column is not None


def test_quantities() -> None:
    figure = claimcheck.parse_quantity("nearly 19,000 people")
    interval = figure.interval()
    assert isinstance(interval, claimcheck.Interval)
    assert interval.contains_value(18_900) and not interval.contains_value(19_000)
    found = claimcheck.find_quantities("About 750 people left.")
    assert [str(quantity) for _, _, quantity in found] == ["about 750 people"]
    assert isinstance(found[0][2], claimcheck.Quantity)
    with pytest.raises(claimcheck.QuantityError):
        claimcheck.parse_quantity("lots of people")


def test_the_cli_json_is_the_library_result(shipped: Path) -> None:
    (shipped / "claims" / "broken.yaml").write_text("id: broken\nclaim: [\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "CLAIMCHECK_ROOT"}
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", "--root", str(shipped), "check", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the broken file is an error
    printed = json.loads(done.stdout)

    result = claimcheck.open_registry(shipped).check()
    findings = [
        {
            "code": f.code,
            "name": f.name,
            "severity": f.severity.value,
            "claim": f.claim,
            "path": f.path,
            "line": f.line,
            "column": f.column,
            "message": f.message,
            "fix": f.fix,
        }
        for f in result.findings
    ]
    assert printed["findings"] == findings
    assert printed["summary"] == {**result.summary(), "fixed": 0}
    assert result.summary()["errors"] >= 1


def test_notebook_views_escape_what_records_hold(shipped: Path) -> None:
    registry = claimcheck.open_registry(shipped)
    hostile = "Evacuated <script>alert('x')</script> & more."
    claim = registry.add_claim(
        hostile, document=ARTICLE, quote="met in Moscow", id="hostile", by="A. Reporter"
    )
    views = [
        claim._repr_html_(),
        registry.report()._repr_html_(),
    ]
    for view in views:
        assert "<script>" not in view
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more." in view
    assert "<td>unverified</td>" in views[0]
    assert "10 claims (2 refuted, 7 supported, 1 unproven)" in views[1]

    # a file whose name holds markup: the finding about it names it
    copy = (shipped / "claims" / "syria-war-length.yaml").read_text(encoding="utf-8")
    (shipped / "claims" / "a<i>b.yaml").write_text(copy, encoding="utf-8")
    result_view = registry.check()._repr_html_()
    assert "<td>R009</td>" in result_view
    assert "<i>" not in result_view
    assert "claims/a&lt;i&gt;b.yaml:1:1" in result_view


def test_a_check_may_use_the_check_cache(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    registry = claimcheck.open_registry(shipped)
    plain = registry.check()
    assert not (shipped / ".claimcheck-cache").exists()  # not asked for: nothing written
    cached = [registry.check(cache=True) for _ in range(2)]  # made, then read back
    assert (shipped / ".claimcheck-cache" / "digests.sqlite3").is_file()

    def verdicts(result: claimcheck.CheckResult) -> dict[str, object]:
        return {
            claim_id: (v.word, v.reason, [(s.publisher, s.stance, s.reason) for s in v.sources])
            for claim_id, v in result.verdicts.items()
        }

    for result in cached:
        assert result.findings == plain.findings and verdicts(result) == verdicts(plain)
    assert registry.report(cache=True).summary == registry.report().summary

    unusable = shipped / "not-a-folder"
    unusable.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(unusable))
    with pytest.warns(UserWarning, match="is not a folder"):
        result = registry.check(cache=True)
    assert result.findings == plain.findings
