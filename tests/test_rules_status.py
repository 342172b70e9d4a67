"""V rules: the status a person set agrees with the verdict the sources give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rulekit import ARTICLE, ARTICLE_TITLE, DAY, Kit, record, source

from claimcheck.vocab import Severity

SUPPORTS = source("OCHA", quantity="37,500 people")
CONTRADICTS = source("dpa", via="SOHR", quantity="16,200 people")
CONSISTENT = source("Arab News", via="ICRC", quantity="at least 25,000 people")


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


def claim(status: str, *sources: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return record(
        "a", quantity="37,500 people", as_of=DAY, status=status, sources=list(sources), **fields
    )


def v_codes(kit: Kit) -> list[str]:
    return [f.code for f in kit.check(select=["V"]).findings]


# --- V101 status-disagrees-with-evidence ------------------------------------------------------


def test_v101_reports_disputed_on_a_supported_claim(kit: Kit) -> None:
    path = kit.add(claim("disputed", CONSISTENT, SUPPORTS))
    finding = kit.one("V101")
    assert (finding.code, finding.severity, finding.claim, finding.path) == (
        "V101",
        Severity.WARNING,
        "a",
        path,
    )
    assert kit.at(finding) == "status: disputed"
    assert finding.line == kit.line_of(path, "status: disputed")  # not the history's entry
    assert "the status is 'disputed' but the evidence says supported" in finding.message
    assert "OCHA: 37,500 people" in finding.message


@pytest.mark.parametrize("status", ["supported", "unverified"])
def test_v101_quiet_on_the_verdict_or_unverified(kit: Kit, status: str) -> None:
    kit.add(claim(status, CONSISTENT, SUPPORTS))
    kit.none("V101")


def test_v101_reports_supported_on_a_disputed_claim(kit: Kit) -> None:
    kit.add(claim("supported", SUPPORTS, CONTRADICTS))
    assert kit.at(kit.one("V101")) == "status: supported"
    assert v_codes(kit) == ["V101"]


def test_v101_reports_unproven_on_a_refuted_claim(kit: Kit) -> None:
    kit.add(claim("unproven", CONTRADICTS))
    assert "evidence says refuted" in kit.one("V101").message
    kit.add(claim("refuted", CONTRADICTS))
    assert v_codes(kit) == []


def test_v101_leaves_supported_without_support_to_v102(kit: Kit) -> None:
    kit.add(claim("supported", CONTRADICTS))
    assert v_codes(kit) == ["V102"]


def test_v101_leaves_refuted_without_contradiction_to_v103(kit: Kit) -> None:
    kit.add(claim("refuted", SUPPORTS))
    assert v_codes(kit) == ["V103"]


# --- V102 supported-without-support -----------------------------------------------------------


def test_v102_reports_supported_with_only_consistent_sources(kit: Kit) -> None:
    path = kit.add(claim("supported", CONSISTENT))
    finding = kit.one("V102")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "status: supported"
    assert "no independent source supports the claim" in finding.message
    assert "37,500 people [37,450, 37,550)" in finding.message


def test_v102_quiet_with_an_independent_supporting_source(kit: Kit) -> None:
    kit.add(claim("supported", CONSISTENT, SUPPORTS))
    kit.none("V102")


def test_v102_reports_support_that_is_only_the_claimants_words(kit: Kit) -> None:
    own = source("Anadolu Agency", via="Mevlut Cavusoglu", quantity="37,500 people")
    kit.add(claim("supported", own, claimant="Mevlut Cavusoglu"))
    assert kit.at(kit.one("V102")) == "status: supported"
    kit.add(claim("supported", own, claimant="Sergei Lavrov"))
    kit.none("V102")


# --- V103 refuted-without-contradiction -------------------------------------------------------


def test_v103_reports_refuted_with_only_consistent_sources(kit: Kit) -> None:
    path = kit.add(claim("refuted", CONSISTENT))
    finding = kit.one("V103")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "status: refuted"
    assert "no independent source contradicts the claim" in finding.message


def test_v103_quiet_with_a_same_day_count_that_cannot_overlap(kit: Kit) -> None:
    kit.add(claim("refuted", CONSISTENT, CONTRADICTS))
    kit.none("V103")


def test_v103_reports_a_contradiction_from_another_day(kit: Kit) -> None:
    # Not a running total: a count for another day says nothing of this one.
    other_day = source("dpa", via="SOHR", quantity="16,200 people", as_of="2016-12-19")
    kit.add(claim("refuted", other_day))
    assert kit.at(kit.one("V103")) == "status: refuted"


# --- V104 own-document-as-evidence ------------------------------------------------------------


def test_v104_reports_the_claims_own_document_by_title(kit: Kit) -> None:
    own = source("Anadolu Agency", title=ARTICLE_TITLE.upper(), quantity="37,500 people")
    path = kit.add(claim("unverified", SUPPORTS, own))
    finding = kit.one("V104")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "publisher: Anadolu Agency"
    assert "source 2 (Anadolu Agency) is the claim's own document" in finding.message


def test_v104_quiet_on_a_report_by_others(kit: Kit) -> None:
    other = source("Anadolu Agency", title="Turkey, Russia, Iran agree", quantity="37,500 people")
    kit.add(claim("unverified", SUPPORTS, other))
    kit.none("V104")


def test_v104_reports_the_claims_own_document_by_address(kit: Kit) -> None:
    (kit.root / "claimcheck.yaml").write_text(
        "documents:\n"
        f"  {ARTICLE}:\n"
        f"    title: {ARTICLE_TITLE}\n"
        "    published: 2016-12-21\n"
        "    url: https://example.org/news/key-agreement\n",
        encoding="utf-8",
    )
    copies = [
        source("A", url="http://www.example.org/news/key-agreement/"),
        source(
            "B",
            url="https://example.org/elsewhere",
            archive_url="HTTPS://Example.org/news/key-agreement#top",
        ),
        source("C", url="https://example.org/news/key-agreement-2"),
    ]
    kit.add(claim("unverified", *copies))
    assert sorted(kit.at(f) for f in kit.findings("V104")) == ["publisher: A", "publisher: B"]


def test_v104_reads_a_title_folded_in_the_settings(kit: Kit) -> None:
    (kit.root / "claimcheck.yaml").write_text(
        f"documents:\n  {ARTICLE}:\n    title: >\n      Russia, Iran and Turkey Reach Key\n"
        "      Agreement on Syria Conflict\n    published: 2016-12-21\n",
        encoding="utf-8",
    )
    kit.add(claim("unverified", source("Anadolu Agency", title=ARTICLE_TITLE)))
    assert kit.at(kit.one("V104")) == "publisher: Anadolu Agency"


def test_v104_sources_are_left_out_of_the_verdict(kit: Kit) -> None:
    own = source("Anadolu Agency", title=ARTICLE_TITLE, quantity="37,500 people")
    kit.add(claim("supported", own))
    assert sorted(v_codes(kit)) == ["V102", "V104"]
