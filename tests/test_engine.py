"""The engine: which rules run (select / ignore), at what severity, with what tolerance, over
which files, and at what cost."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
from rulekit import ARTICLE, DAY, Q_37500, Kit, history, record, source

from claimcheck.config import Config
from claimcheck.digest import decode_interval
from claimcheck.engine import scope_paths, select_rules
from claimcheck.errors import ClaimcheckError, NotFoundError
from claimcheck.quantity import Interval, parse_quantity
from claimcheck.rules import ALL_RULES, between
from claimcheck.rules.base import ClaimFacts, RegistryFacts
from claimcheck.store import Store
from claimcheck.vocab import Severity, Stance

SETTINGS = (
    "documents:\n"
    f"  {ARTICLE}:\n"
    "    title: Russia, Iran and Turkey Reach Key Agreement on Syria Conflict\n"
    "    published: 2016-12-21\n"
)
SAME = {"subject": "east-aleppo-evacuation", "measure": "people-evacuated", "as_of": DAY}
NO_FIGURE = "Lavrov welcomed Turkish Foreign Minister Mevlut Cavusoglu"  # a quote without a figure


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


def codes(rules: Any) -> list[str]:
    return [rule.code for rule in rules]


def with_findings(kit: Kit) -> None:
    """Records that draw findings of several families: A106, R010, T101, X101."""
    kit.add(record("a", claimant="Sergei Shoigu", quantity="37,500 people", **SAME))
    kit.add(
        record(
            "b",
            anchor=NO_FIGURE,
            quantity="about 25,000 people",
            status="refuted",
            history=history("unverified"),
            **SAME,
        )
    )
    kit.add(record("c", as_of=dt.date(2016, 12, 22)))


def found(kit: Kit, **kw: Any) -> list[tuple[str, str | None]]:
    return sorted((f.code, f.claim) for f in kit.check(**kw).findings)


ALL_FOUND = [
    ("A106", "a"),
    ("R010", "b"),
    ("T101", "c"),
    ("V103", "b"),
    ("X101", "a"),
    ("X101", "b"),
]


def test_every_rule_runs_by_default(kit: Kit) -> None:
    with_findings(kit)
    result = kit.check()
    assert codes(result.selection.rules) == codes(ALL_RULES)
    assert found(kit) == ALL_FOUND
    assert result.summary() == {
        "claims": 3,
        "files_not_loaded": 0,
        "findings": 6,
        "errors": 4,
        "warnings": 2,
        "infos": 0,
        "fixable": 0,
    }
    assert result.has_errors
    assert [f.code for f in result.for_claim("b")] == ["X101", "R010", "V103"]


# --- select and ignore ------------------------------------------------------------------------


def test_select_and_ignore_from_the_settings(kit: Kit) -> None:
    with_findings(kit)
    kit.settings("select: [X, T]\nignore: [T101]\n")
    result = kit.check()
    assert codes(result.selection.rules) == ["X101", "X102", "X103", "X104", "T102"]
    assert found(kit) == [("X101", "a"), ("X101", "b")]


def test_select_by_prefix_and_code_in_any_case(kit: Kit) -> None:
    assert codes(select_rules(Config(), select=["a10"]).rules) == [
        "A101",
        "A102",
        "A103",
        "A104",
        "A105",
        "A106",
        "A107",
    ]
    assert codes(select_rules(Config(), select=["R010", "v1"]).rules) == [
        "R010",
        "V101",
        "V102",
        "V103",
        "V104",
    ]
    assert codes(select_rules(Config(), select=["all"]).rules) == codes(ALL_RULES)


def test_the_command_lines_select_replaces_the_settings_select_and_ignore(kit: Kit) -> None:
    """As in ruff: a --select starts afresh; the settings' ignore gives way to it too."""
    with_findings(kit)
    kit.settings("select: [X]\nignore: [A106]\n")
    assert found(kit, select=["A", "T"]) == [("A106", "a"), ("T101", "c")]
    assert found(kit, select=["A106"]) == [("A106", "a")]
    assert found(kit) == [("X101", "a"), ("X101", "b")]


def test_the_command_lines_ignore_adds_to_the_settings(kit: Kit) -> None:
    with_findings(kit)
    kit.settings("ignore: [X]\n")
    assert found(kit, ignore=["R", "V"]) == [("A106", "a"), ("T101", "c")]
    assert found(kit, ignore=["T101"]) == [("A106", "a"), ("R010", "b"), ("V103", "b")]
    # the command line's ignore applies after the settings, however specific they are
    kit.settings("select: [A106, T101]\n")
    assert found(kit, ignore=["A"]) == [("T101", "c")]


def test_the_more_specific_pattern_wins(kit: Kit) -> None:
    with_findings(kit)
    assert found(kit, select=["X101"], ignore=["X"]) == [("X101", "a"), ("X101", "b")]
    assert found(kit, select=["X"], ignore=["X101"]) == []  # X102-X104 run, find nothing
    assert codes(select_rules(Config(select=["A106"], ignore=["A"])).rules) == ["A106"]
    assert codes(select_rules(Config(select=["S", "S10"], ignore=["S1"])).rules) == codes(
        rule for rule in ALL_RULES if rule.code.startswith("S")
    )
    # equally specific: the ignore wins
    assert "A106" not in codes(select_rules(Config(), select=["A", "A106"], ignore=["A106"]).rules)


@pytest.mark.parametrize(
    ("settings", "select", "ignore", "path"),
    [
        ("ignore: [A106]\n", None, ["ALL"], None),
        ("select: [A106]\nignore: [A]\n", None, ["A106"], None),
        ("select: [T]\nignore: [T]\n", None, None, "claimcheck.yaml"),
        ("select: [A]\nignore: [A10]\n", None, None, "claimcheck.yaml"),
        ("", ["X101"], ["X101"], None),
        ("", ["A"], ["A1"], None),
    ],
)
def test_a_selection_that_leaves_no_rule_is_an_error(
    kit: Kit, settings: str, select: list[str] | None, ignore: list[str] | None, path: str | None
) -> None:
    with_findings(kit)
    kit.settings(settings)
    with pytest.raises(ClaimcheckError) as raised:
        kit.check(select=select, ignore=ignore)
    assert raised.value.path == path
    assert raised.value.message.startswith("no rule is left to run (")


def test_an_empty_select_in_the_settings_runs_every_rule() -> None:
    assert codes(select_rules(Config(select=[])).rules) == codes(ALL_RULES)


# --- per-file ignores -------------------------------------------------------------------------


def test_per_file_ignores_drop_codes_in_the_files_their_glob_matches(kit: Kit) -> None:
    with_findings(kit)
    settings = kit.root / "claimcheck.yaml"
    base = settings.read_text(encoding="utf-8")
    kit.settings("per-file-ignores:\n  claims/a.yaml: [A106]\n  'b.*': [R, V1]\n")
    assert found(kit) == [("T101", "c"), ("X101", "a"), ("X101", "b")]
    settings.write_text(base, encoding="utf-8")
    kit.settings("per-file-ignores: {'claims/*': [X101]}\n")
    assert found(kit) == [("A106", "a"), ("R010", "b"), ("T101", "c"), ("V103", "b")]
    # they apply whatever the command line selects, as in ruff
    assert found(kit, select=["X"]) == []


def test_per_file_ignores_check_their_codes(kit: Kit) -> None:
    kit.settings("per-file-ignores: {'claims/*': [A999]}\n")
    with pytest.raises(ClaimcheckError) as raised:
        kit.check()
    assert raised.value.path == "claimcheck.yaml"
    assert str(raised.value).startswith("claimcheck.yaml: per-file-ignores: claims/*: 'A999'")


# --- unknown codes are errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "key", "pattern"),
    [
        ("select: [Z9]\n", "select", "Z9"),
        ("ignore: [A1000]\n", "ignore", "A1000"),
        ("severity: {A2: info}\n", "severity", "A2"),
        ("ignore: ['']\n", "ignore", ""),
    ],
)
def test_an_unknown_code_in_the_settings_is_an_error_naming_it(
    kit: Kit, settings: str, key: str, pattern: str
) -> None:
    kit.settings(settings)
    with pytest.raises(ClaimcheckError) as raised:
        kit.check()
    assert raised.value.path == "claimcheck.yaml"
    assert str(raised.value).startswith(f"claimcheck.yaml: {key}: {pattern!r} is neither")
    assert "'claimcheck rules' lists them" in str(raised.value)


@pytest.mark.parametrize(
    ("select", "ignore", "where", "pattern"),
    [
        (["Q1"], None, "--select", "Q1"),
        (["A"], ["A199"], "--ignore", "A199"),
        (["A", " "], None, "--select", " "),
        (None, [""], "--ignore", ""),  # would otherwise ignore every rule
    ],
)
def test_an_unknown_code_on_the_command_line_is_an_error_naming_it(
    kit: Kit, select: list[str] | None, ignore: list[str] | None, where: str, pattern: str
) -> None:
    with pytest.raises(ClaimcheckError) as raised:
        kit.check(select=select, ignore=ignore)
    assert raised.value.path is None
    assert str(raised.value).startswith(f"{where}: {pattern!r} is neither a rule code")


# --- severity ---------------------------------------------------------------------------------


def test_severity_overrides_from_the_settings(kit: Kit) -> None:
    with_findings(kit)
    kit.settings("severity: {A106: error, X: warning, t101: info}\n")
    severities = {(f.code, f.claim): f.severity for f in kit.check().findings}
    assert severities == {
        ("A106", "a"): Severity.ERROR,
        ("R010", "b"): Severity.ERROR,
        ("T101", "c"): Severity.INFO,
        ("V103", "b"): Severity.WARNING,
        ("X101", "a"): Severity.WARNING,
        ("X101", "b"): Severity.WARNING,
    }


@pytest.mark.parametrize(
    "overrides",
    [
        {"ALL": Severity.INFO, "A": Severity.WARNING, "A10": Severity.ERROR, "A103": Severity.INFO},
        {"A103": Severity.INFO, "A10": Severity.ERROR, "A": Severity.WARNING, "ALL": Severity.INFO},
    ],
)
def test_the_longest_prefix_wins_and_all_is_the_shortest(
    overrides: dict[str, Severity],
) -> None:
    selection = select_rules(Config(severity=overrides))
    by_code = {rule.code: selection.severity_of(rule) for rule in selection.rules}
    assert by_code["A103"] is Severity.INFO
    assert by_code["A101"] is Severity.ERROR  # "A10" beats "ALL", though both have 3 letters
    assert by_code["R001"] is Severity.INFO
    assert by_code["S105"] is Severity.INFO


def test_rules_keep_their_own_severity_without_overrides() -> None:
    selection = select_rules(Config(severity={"A106": Severity.ERROR}))
    assert selection.severity == {"A106": Severity.ERROR}
    assert all(
        selection.severity_of(rule) is rule.severity
        for rule in selection.rules
        if rule.code != "A106"
    )


# --- tolerance --------------------------------------------------------------------------------


def test_tolerance_from_the_settings_changes_intervals(kit: Kit) -> None:
    kit.add(
        record(
            "a", quantity="about 34,000 people", sources=[source("ICRC", quantity="40,500")], **SAME
        )
    )
    kit.add(record("b", quantity="40,500 people", **SAME))

    result = kit.check()
    digest = result.digests["a"]
    assert str(decode_interval(digest["facts"]["interval"])) == "[30,600, 37,400]"
    assert Stance(digest["verdict"]["sources"][0][2]) is Stance.CONTRADICTS
    assert [f.claim for f in result.findings if f.code == "X101"] == ["a", "b"]

    kit.settings("tolerance: 0.2\n")  # "about 34,000" now reaches 40,800
    result = kit.check()
    digest = result.digests["a"]
    assert str(decode_interval(digest["facts"]["interval"])) == "[27,200, 40,800]"
    assert Stance(digest["verdict"]["sources"][0][2]) is Stance.SUPPORTS
    assert [f.code for f in result.findings if f.code == "X101"] == []


# --- only: narrowing the findings -------------------------------------------------------------


def two_documents(kit: Kit) -> None:
    kit.raw("seeds/note.txt", "Officials said 500 people had left.\n")
    (kit.root / "claimcheck.yaml").write_text(
        SETTINGS + "  seeds/note.txt:\n    published: 2016-12-21\n", encoding="utf-8"
    )
    kit.add(record("a", claimant="Sergei Shoigu", quantity="37,500 people", **SAME))
    kit.add(record("b", anchor=NO_FIGURE, quantity="about 25,000 people", **SAME))
    anchor = {"document": "seeds/note.txt", "exact": "500 people had left"}
    kit.add(record("n", anchor=anchor, claimant="Nobody Named"))
    kit.raw("claims/broken.yaml", "id: broken\nclaim: [\n")


def test_only_narrows_findings_to_record_files(kit: Kit) -> None:
    two_documents(kit)
    assert found(kit) == [
        ("A104", "n"),
        ("A106", "a"),
        ("A106", "n"),
        ("R001", None),
        ("X101", "a"),
        ("X101", "b"),
    ]
    # Cross-claim rules still see every claim: b conflicts with a, which is out of scope.
    result = kit.check(only={"claims/b.yaml"})
    assert [(f.code, f.claim) for f in result.findings] == [("X101", "b")]
    assert "'a'" in result.findings[0].message
    assert sorted(result.digests) == ["a", "b", "n"]
    assert result.record_paths({"claims/b.yaml"}) == {"claims/b.yaml"}
    assert found(kit, only={"claims/broken.yaml"}) == [("R001", None)]


def test_only_a_document_keeps_the_findings_of_its_claims(kit: Kit) -> None:
    two_documents(kit)
    assert found(kit, only={"seeds/note.txt"}) == [("A104", "n"), ("A106", "n")]
    assert found(kit, only={ARTICLE}) == [("A106", "a"), ("X101", "a"), ("X101", "b")]
    result = kit.check(only={ARTICLE})
    assert result.record_paths({ARTICLE}) == {"claims/a.yaml", "claims/b.yaml"}
    assert result.record_paths() == {"claims/a.yaml", "claims/b.yaml", "claims/n.yaml"}


def test_only_a_document_however_the_record_spells_its_path(kit: Kit) -> None:
    anchor = {"document": "./" + ARTICLE.replace("seeds/", "seeds//"), "exact": Q_37500}
    kit.add(record("a", anchor=anchor, claimant="Sergei Shoigu"))
    assert found(kit, only={ARTICLE}) == [("A104", "a"), ("A106", "a")]
    assert kit.check(only={ARTICLE}).record_paths({ARTICLE}) == {"claims/a.yaml"}


def test_only_combines_with_select(kit: Kit) -> None:
    two_documents(kit)
    assert found(kit, only={"claims/a.yaml", "claims/n.yaml"}, select=["A106"]) == [
        ("A106", "a"),
        ("A106", "n"),
    ]


def test_scope_paths_are_relative_to_the_root(kit: Kit, monkeypatch: pytest.MonkeyPatch) -> None:
    two_documents(kit)
    store = Store(kit.root)
    monkeypatch.chdir(kit.root / "claims")
    assert scope_paths(store, ["a.yaml", "../seeds/note.txt"]) == {
        "claims/a.yaml",
        "seeds/note.txt",
    }
    assert scope_paths(store, ["."]) == {
        "claims/a.yaml",
        "claims/b.yaml",
        "claims/n.yaml",
        "claims/broken.yaml",
    }
    with pytest.raises(NotFoundError, match=r"no-such\.yaml"):
        scope_paths(store, ["no-such.yaml"])
    with pytest.raises(ClaimcheckError, match="outside the registry"):
        scope_paths(store, [os.fspath(kit.root.parent)])


# --- where findings point ---------------------------------------------------------------------


def test_findings_are_sorted_by_place(kit: Kit) -> None:
    with_findings(kit)
    result = kit.check()
    places = [(f.path, f.line, f.column, f.code) for f in result.findings]
    assert places == sorted(places)
    assert all(f.line > 1 for f in result.findings)  # each points at its field
    assert {f.name for f in result.findings} >= {"conflicting-figures", "history-not-status"}
    assert result.findings[0].to_json()["severity"] in ("error", "warning")


def test_a_finding_fix_is_described(kit: Kit) -> None:
    kit.add(record("a", anchor={"document": ARTICLE, "exact": Q_37500}))
    result = kit.check()
    assert [(f.code, f.fix) for f in result.findings] == [
        ("A104", "re-anchor to where the quote stands now")
    ]
    assert result.summary()["fixable"] == 1


# --- cross-claim rules are linear -------------------------------------------------------------


class CountedDate(dt.date):
    """A date that counts how often it is compared."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountedDate.comparisons += 1
        return dt.date.__eq__(self, other)

    def __lt__(self, other: dt.date) -> bool:
        CountedDate.comparisons += 1
        return dt.date.__lt__(self, other)

    __hash__ = dt.date.__hash__


def synthetic_registry(
    root: Path, groups: int, per_group: int, *, dated: str, falling: bool = False
) -> RegistryFacts:
    """Claims built in memory (no files): ``groups`` subjects with ``per_group`` running totals
    each, all on one day (``dated="same"``) or each on its own day (``dated="series"``), rising
    (or ``falling``), every fifth a part of the first claim of its group."""
    context = RegistryFacts()
    figures = [
        parse_quantity(f"about {1000 + 10 * n} people" if n % 2 else f"{1000 + 10 * n} people")
        for n in range(per_group)
    ]
    if falling:
        figures.reverse()
    for group in range(groups):
        for n in range(per_group):
            claim_id = f"g{group}-c{n}"
            day = DAY if dated == "same" else DAY - dt.timedelta(days=per_group - n)
            context.claims[claim_id] = ClaimFacts(
                id=claim_id,
                path=f"claims/{claim_id}.yaml",
                subject=f"subject-{group}",
                measure="people-evacuated",
                as_of=CountedDate(day.year, day.month, day.day),
                cumulative=True,
                part_of=f"g{group}-c0" if n % 5 == 4 else None,
                quantity=str(figures[n]),
                interval=figures[n].interval(0.1),
                places=(1, 1, 1, 1),
            )
    return context


def run_registry_rules(context: RegistryFacts) -> tuple[int, int, float]:
    """The number of interval and date comparisons the registry rules make, and their time."""
    calls = 0
    overlaps = Interval.overlaps

    def counted(self: Interval, other: Interval) -> bool:
        nonlocal calls
        calls += 1
        return overlaps(self, other)

    CountedDate.comparisons = 0
    Interval.overlaps = counted  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        for rule in between.RULES:
            list(rule.check(context))
        elapsed = time.perf_counter() - start
    finally:
        Interval.overlaps = overlaps  # type: ignore[method-assign]
    return calls, CountedDate.comparisons, elapsed


@pytest.mark.parametrize(
    ("groups", "per_group", "dated"),
    [(200, 10, "same"), (200, 10, "series"), (1, 2000, "same"), (1, 2000, "series")],
)
def test_cross_claim_rules_grow_linearly(
    tmp_path: Path, groups: int, per_group: int, dated: str
) -> None:
    context = synthetic_registry(tmp_path, groups, per_group, dated=dated)
    n = len(context.claims)
    assert n == 2000
    overlaps, date_comparisons, elapsed = run_registry_rules(context)
    # Pairwise comparison would make ~n * per_group / 2 of each: 10,000 or 2,000,000.
    assert 0 < overlaps <= 4 * n, overlaps
    assert date_comparisons <= 16 * n, date_comparisons  # a sort and a scan, not a square
    assert elapsed < 1.0  # in practice a few hundredths of a second


def intervals_of(context: RegistryFacts) -> dict[str, tuple[str, dt.date, Interval]]:
    found = {}
    for claim_id, claim in context.claims.items():
        assert claim.interval is not None and claim.as_of is not None
        found[claim_id] = (claim.subject or "", claim.as_of, claim.interval)
    return found


@pytest.mark.parametrize("falling", [False, True])
def test_grouped_rules_find_what_comparing_every_pair_finds(tmp_path: Path, falling: bool) -> None:
    same = synthetic_registry(tmp_path, 3, 12, dated="same", falling=falling)
    figures = intervals_of(same)
    pairwise = {
        a
        for a, (subject, day, interval) in figures.items()
        for b, (other_subject, other_day, other) in figures.items()
        if a != b and (subject, day) == (other_subject, other_day) and not interval.overlaps(other)
    }
    found = {hit.claim for hit in between.conflicting_figures.check(same)}
    assert found == pairwise and 0 < len(pairwise) < len(figures)

    series = synthetic_registry(tmp_path, 3, 12, dated="series", falling=falling)
    figures = intervals_of(series)
    pairwise = {
        a
        for a, (subject, day, interval) in figures.items()
        for (other_subject, other_day, other) in figures.values()
        if subject == other_subject and other_day < day and not interval.overlaps(other.floor())
    }
    found = {hit.claim for hit in between.falling_total.check(series)}
    assert found == pairwise
    assert bool(found) is falling
