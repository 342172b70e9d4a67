"""X rules: claims about the same thing can all be true at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rulekit import DAY, Kit, record

from claimcheck.vocab import Severity

SAME = {"subject": "east-aleppo-evacuation", "measure": "people-evacuated", "as_of": DAY}
TOTAL = {"subject": "east-aleppo-evacuation", "measure": "people-evacuated", "cumulative": True}


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


def day(n: int) -> dt.date:
    return dt.date(2016, 12, n)


def where(kit: Kit, code: str) -> list[tuple[str | None, str, str]]:
    """Each finding's claim, path and the text it points at."""
    return [(f.claim, f.path, kit.at(f)) for f in kit.findings(code)]


# --- X101 conflicting-figures -----------------------------------------------------------------


def test_x101_reports_both_claims_that_cannot_both_be_true(kit: Kit) -> None:
    a = kit.add(record("a", quantity="37,500 people", **SAME))
    b = kit.add(record("b", quantity="about 25,000 people", **SAME))
    found = kit.findings("X101")
    assert [(f.code, f.severity, f.claim, f.path) for f in found] == [
        ("X101", Severity.ERROR, "a", a),
        ("X101", Severity.ERROR, "b", b),
    ]
    assert [kit.at(f) for f in found] == [
        "quantity: 37,500 people",
        "quantity: about 25,000 people",
    ]
    assert "cannot be true together with 'b' (about 25,000 people [22,500, 27,500])" in (
        found[0].message
    )
    assert "date 2016-12-20" in found[0].message


def test_x101_quiet_when_the_figures_can_both_be_true(kit: Kit) -> None:
    kit.add(record("a", quantity="37,500 people", **SAME))
    kit.add(record("b", quantity="more than 25,000 people", **SAME))
    kit.none("X101")


@pytest.mark.parametrize(
    ("key", "value"),
    [("subject", "aleppo"), ("measure", "people-counted"), ("as_of", dt.date(2016, 12, 19))],
)
def test_x101_quiet_on_claims_about_something_else(kit: Kit, key: str, value: Any) -> None:
    kit.add(record("a", quantity="37,500 people", **SAME))
    kit.add(record("b", quantity="about 25,000 people", **{**SAME, key: value}))
    kit.none("X101")


def test_x101_needs_subject_and_measure(kit: Kit) -> None:
    unmeasured = {key: value for key, value in SAME.items() if key != "measure"}
    kit.add(record("a", quantity="37,500 people", **unmeasured))
    kit.add(record("b", quantity="about 25,000 people", **unmeasured))
    kit.none("X101")


def test_x101_an_undated_claim_takes_its_document_date(kit: Kit) -> None:
    # the article is dated 2016-12-21: a claim without as_of is about that day
    undated = {key: value for key, value in SAME.items() if key != "as_of"}
    kit.add(record("a", quantity="37,500 people", **undated))
    kit.add(record("b", quantity="about 25,000 people", **{**undated, "as_of": "2016-12-21"}))
    assert sorted(str(f.claim) for f in kit.findings("X101")) == ["a", "b"]
    kit.add(record("b", quantity="about 25,000 people", **{**undated, "as_of": "2016-12-20"}))
    kit.none("X101")


def test_x101_open_and_closed_ends(kit: Kit) -> None:
    # (-inf, 2,000) and [2,000, 3,000] share no value; (-inf, 2,000] and [2,000, 3,000] share 2,000.
    kit.add(record("a", quantity="fewer than 2,000 people", **SAME))
    kit.add(record("b", quantity="between 2,000 and 3,000 people", **SAME))
    assert [claim for claim, _, _ in where(kit, "X101")] == ["a", "b"]
    kit.add(record("a", quantity="up to 2,000 people", **SAME))
    kit.none("X101")


def test_x101_finds_every_claim_in_conflict_in_a_large_group(kit: Kit) -> None:
    kit.add(record("high", quantity="37,500 people", **SAME))
    kit.add(record("wide", quantity="more than 10 people", **SAME))
    kit.add(record("mid", quantity="about 25,000 people", **SAME))
    kit.add(record("low", quantity="fewer than 20,000 people", **SAME))
    found = {str(f.claim): f.message for f in kit.findings("X101")}
    assert sorted(found) == ["high", "low", "mid"]
    assert "'high'" in found["low"]  # the highest of the group is named first
    assert "'high'" in found["mid"]


# --- X102 falling-total -----------------------------------------------------------------------


def test_x102_reports_a_running_total_that_falls(kit: Kit) -> None:
    kit.add(record("a", quantity="37,500 people", as_of=day(20), **TOTAL))
    b = kit.add(record("b", quantity="about 30,000 people", as_of=day(22), **TOTAL))
    finding = kit.one("X102")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "b", b)
    assert kit.at(finding) == "quantity: about 30,000 people"
    assert "on 2016-12-22 is below 'a' (37,500 people [37,450, 37,550)) on 2016-12-20" in (
        finding.message
    )


def test_x102_quiet_when_the_later_total_may_have_grown(kit: Kit) -> None:
    kit.add(record("a", quantity="37,500 people", as_of=day(20), **TOTAL))
    kit.add(record("b", quantity="about 35,000 people", as_of=day(22), **TOTAL))
    kit.none("X102")


def test_x102_quiet_on_figures_that_are_not_running_totals(kit: Kit) -> None:
    plain = {**TOTAL, "cumulative": False}
    kit.add(record("a", quantity="37,500 people", as_of=day(20), **plain))
    kit.add(record("b", quantity="about 30,000 people", as_of=day(22), **plain))
    kit.none("X102")


def test_x102_compares_with_the_highest_earlier_floor(kit: Kit) -> None:
    kit.add(record("a", quantity="37,500 people", as_of=day(18), **TOTAL))
    kit.add(record("b", quantity="about 40,000 people", as_of=day(19), **TOTAL))
    c = kit.add(record("c", quantity="36,000 people", as_of=day(20), **TOTAL))
    finding = kit.one("X102")
    assert (finding.claim, finding.path) == ("c", c)
    assert "'a'" in finding.message


def test_x102_leaves_same_day_figures_to_x101(kit: Kit) -> None:
    kit.add(record("a", quantity="37,500 people", as_of=day(20), **TOTAL))
    kit.add(record("b", quantity="about 30,000 people", as_of=day(20), **TOTAL))
    kit.none("X102")
    assert len(kit.findings("X101")) == 2


# --- X103 part-exceeds-whole ------------------------------------------------------------------


def test_x103_reports_a_part_larger_than_its_whole(kit: Kit) -> None:
    kit.add(record("evacuated-total", quantity="about 34,000 people"))
    part = kit.add(record("fighters", part_of="evacuated-total", quantity="over 40,000 people"))
    finding = kit.one("X103")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "fighters", part)
    assert kit.at(finding) == "quantity: more than 40,000 people"
    assert "larger than its whole 'evacuated-total' (about 34,000 people" in finding.message


def test_x103_quiet_on_a_part_that_fits(kit: Kit) -> None:
    kit.add(record("evacuated-total", quantity="about 34,000 people"))
    kit.add(record("fighters", part_of="evacuated-total", quantity="over 4,000 people"))
    kit.none("X103")


def test_x103_a_part_may_equal_its_whole(kit: Kit) -> None:
    kit.add(record("evacuated-total", quantity="up to 34,000 people"))
    kit.add(record("fighters", part_of="evacuated-total", quantity="at least 34,000 people"))
    kit.none("X103")
    kit.add(record("fighters", part_of="evacuated-total", quantity="more than 34,000 people"))
    assert len(kit.findings("X103")) == 1


def test_x103_quiet_without_figures(kit: Kit) -> None:
    kit.add(record("evacuated-total"))
    kit.add(record("fighters", part_of="evacuated-total", quantity="over 40,000 people"))
    kit.none("X103")


# --- X104 unknown-whole -----------------------------------------------------------------------


def test_x104_reports_a_whole_that_is_not_there(kit: Kit) -> None:
    part = kit.add(record("fighters", part_of="no-such-claim"))
    finding = kit.one("X104")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "fighters", part)
    assert kit.at(finding) == "part_of: no-such-claim"
    assert "'no-such-claim'" in finding.message


def test_x104_quiet_when_the_whole_loads(kit: Kit) -> None:
    kit.add(record("evacuated-total"))
    kit.add(record("fighters", part_of="evacuated-total"))
    kit.none("X104")


def test_x104_reports_a_whole_that_does_not_load(kit: Kit) -> None:
    kit.raw("claims/evacuated-total.yaml", "id: evacuated-total\nclaim: [broken\n")
    kit.add(record("fighters", part_of="evacuated-total"))
    assert where(kit, "X104") == [("fighters", "claims/fighters.yaml", "part_of: evacuated-total")]
