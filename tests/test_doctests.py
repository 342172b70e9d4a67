"""The examples in the library's docstrings, docs/library.md and the README run, each in a
fresh copy of the shipped registry (some of them change it), and give what they say."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Every module that defines a name of claimcheck's __all__, and the modules of the library.
MODULES = (
    "claimcheck",
    "claimcheck.api",
    "claimcheck.results",
    "claimcheck.notebook",
    "claimcheck.engine",
    "claimcheck.errors",
    "claimcheck.model",
    "claimcheck.report",
    "claimcheck.report_rows",
    "claimcheck.vocab",
    "claimcheck.quantity.grammar",
    "claimcheck.quantity.interval",
    "claimcheck.quantity.model",
    "claimcheck.quantity.scan",
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        found += [test for test in finder.find(module) if test.examples]
    return sorted(found, key=lambda test: test.name)


def _run(test: doctest.DocTest) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    return runner.summarize(verbose=False)


EXAMPLES = _examples()


@pytest.mark.parametrize("test", EXAMPLES, ids=[test.name for test in EXAMPLES])
def test_docstring_example(
    test: doctest.DocTest, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMCHECK_ROOT", raising=False)
    monkeypatch.chdir(shipped)
    test.globs = dict(test.globs)
    results = _run(test)
    assert results.attempted > 0
    assert results.failed == 0, f"{test.name}: {results.failed} examples failed (output above)"


def test_every_public_name_has_an_example() -> None:
    import claimcheck

    with_examples = {test.name.rsplit(".", 1)[-1] for test in EXAMPLES}
    missing = [
        name
        for name in claimcheck.__all__
        if name != "__version__" and getattr(claimcheck, name).__name__ not in with_examples
    ]
    assert missing == []


@pytest.mark.parametrize(("document", "examples"), [("docs/library.md", 30), ("README.md", 5)])
def test_the_guides_run(
    document: str, examples: int, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMCHECK_ROOT", raising=False)
    monkeypatch.chdir(shipped)
    results = doctest.testfile(str(REPO / document), module_relative=False, optionflags=FLAGS)
    assert results.attempted >= examples
    assert results.failed == 0
