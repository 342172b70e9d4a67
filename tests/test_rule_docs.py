"""Every rule has a stable code, a readable name and documentation with examples, and the
registry lists every rule explicitly."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import ModuleType

import pytest

import claimcheck.rules as rules_package
from claimcheck.rules import ALL_RULES, BY_CODE, BY_NAME, FAMILIES, find_rule
from claimcheck.rules.base import Rule
from claimcheck.vocab import Severity

CODE = re.compile(r"^[A-Z]{1,3}[0-9]{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
EXPECTED_CODES = [
    *(f"R{n:03d}" for n in range(1, 11)),
    *(f"A{n}" for n in range(101, 108)),
    *(f"S{n}" for n in range(101, 106)),
    *(f"V{n}" for n in range(101, 105)),
    *(f"X{n}" for n in range(101, 105)),
    *(f"T{n}" for n in range(101, 103)),
]
# Every kind of load problem the store reports (see ClaimcheckError.kind).
LOAD_KINDS = {
    "syntax",
    "unsafe",
    "duplicate-key",
    "encoding",
    "too-large",
    "io",
    "schema",
    "unknown-field",
    "status-vocabulary",
    "duplicate-id",
    "id-mismatch",
}


def rule_modules() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{rules_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(rules_package.__path__)
    ]
    return [module for module in found if module.__name__ != "claimcheck.rules.base"]


def test_the_registry_holds_the_documented_rules() -> None:
    assert [rule.code for rule in ALL_RULES] == EXPECTED_CODES


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert all(CODE.match(code) for code in codes), codes
    assert all(code[:-3] in FAMILIES for code in codes)


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all(NAME.match(name) for name in names), names


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_every_rule_documents_itself_with_examples(rule: Rule) -> None:
    doc = rule.doc
    first, _, rest = doc.partition("\n\n")
    # The summary is the first paragraph, on one line, ending as a sentence does.
    assert rule.summary == " ".join(first.split())
    assert (rule.summary[0].isupper() or rule.summary[0] == "`") and rule.summary.endswith(".")
    assert "\n" not in rule.summary and len(rule.summary) <= 240
    failing = re.search(r"^(Fails|Reported)\b", rest, re.MULTILINE)
    passing = re.search(r"^(Passes|Not reported)\b", rest, re.MULTILINE)
    assert failing and passing, f"{rule.code} lacks a failing or a passing example"
    assert failing.start() < passing.start()
    # Each example says something: a YAML block or words on the same line.
    for match in (failing, passing):
        example = rest[match.end() :].lstrip(" (")
        assert example.strip() and not example.startswith("\n\n\n")
    assert isinstance(rule.severity, Severity)
    assert rule.scope in ("load", "claim", "registry")
    assert rule.check.__doc__ is not None


def test_a_summary_that_wraps_in_the_source_is_whole() -> None:
    # T102's first paragraph spans three lines of its docstring.
    summary = BY_CODE["T102"].summary
    assert summary.startswith("A weekday or relative day in the quote's sentence")
    assert summary.endswith("it is not the claim's ``as_of``.")


def test_every_rule_in_a_module_is_in_its_modules_rules() -> None:
    listed: list[Rule] = []
    for module in rule_modules():
        defined = [value for value in vars(module).values() if isinstance(value, Rule)]
        assert defined, f"{module.__name__} defines no rule"
        registry = module.RULES
        assert isinstance(registry, tuple)
        assert set(map(id, defined)) == set(map(id, registry)), module.__name__
        assert len(registry) == len(defined)
        listed.extend(registry)
        # One family per module.
        assert len({rule.code[0] for rule in registry}) == 1, module.__name__
    assert sorted(rule.code for rule in listed) == sorted(rule.code for rule in ALL_RULES)
    assert len(listed) == len(ALL_RULES)


def test_rules_are_declared_not_discovered() -> None:
    source = inspect.getsource(rules_package)
    for module in rule_modules():
        short = module.__name__.rsplit(".", 1)[1]
        assert f"*{short}.RULES" in source


def test_load_rules_cover_every_kind_of_load_problem_once() -> None:
    load_rules = [rule for rule in ALL_RULES if rule.scope == "load"]
    kinds = [kind for rule in load_rules for kind in rule.kinds]
    assert len(kinds) == len(set(kinds))  # each kind has one code
    assert set(kinds) == LOAD_KINDS
    assert all(not rule.kinds for rule in ALL_RULES if rule.scope != "load")


def test_find_rule_by_code_or_name() -> None:
    assert find_rule("a105") is BY_CODE["A105"]
    assert find_rule("Quote-Quantity-Mismatch") is BY_NAME["quote-quantity-mismatch"]
    assert find_rule("A105") is find_rule("quote-quantity-mismatch")
    assert find_rule("Z999") is None
    assert len(BY_CODE) == len(BY_NAME) == len(ALL_RULES)


def test_severities_follow_who_must_act() -> None:
    by_code = {rule.code: rule.severity for rule in ALL_RULES}
    assert all(by_code[code] is Severity.ERROR for code in EXPECTED_CODES[:10])
    assert by_code["S105"] is Severity.INFO
    assert all(by_code[f"V{n}"] is Severity.WARNING for n in range(101, 105))
    assert all(by_code[f"X{n}"] is Severity.ERROR for n in range(101, 105))
