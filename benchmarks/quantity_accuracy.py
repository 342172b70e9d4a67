"""How well claimcheck reads figures: the phrase table, counted as right, refused and WRONG VALUE.

Runs parse_quantity over every row of tests/quantity_table/phrases.txt (read by
tests/quantity_tables.py) and sorts each row into one of:

* right: read as the row expects (an interval with its open and closed ends, and the unit), or
  refused where the row expects or allows a refusal;
* refused: refused with a QuantityError where the row expects a reading (acceptable, not good);
* WRONG VALUE: read without error but as another interval or unit, or read where the row
  expects a refusal. The goal is none;
* crash: any other exception (a bug).

It prints the counts and percentages, overall and per section of the table, and with --list
every row that is not right. With --scans it also counts the sentences of scan.txt that
find_quantities reads exactly right. Exit status 0 whatever the numbers, unless --check: then 1
when any row is a WRONG VALUE or a crash.

    python benchmarks/quantity_accuracy.py [--list] [--scans] [--check]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

# The tests folder is not a package: its table reader is imported from the path above.
from quantity_tables import (
    PhraseResult,
    PhraseRow,
    expected_text,
    judge_phrase,
    read_phrase_table,
    read_scan_table,
    scan_problems,
)

from claimcheck.quantity import find_quantities

VERDICTS = ("right", "refused", "wrong", "crash")
LABELS = {"right": "right", "refused": "refused", "wrong": "WRONG VALUE", "crash": "crash"}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _line(name: str, counts: Counter[str], total: int) -> str:
    cells = "  ".join(f"{counts[v]:4d} {_percent(counts[v], total)}" for v in VERDICTS)
    return f"{name:<44} {total:5d}  {cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every row that is not right")
    parser.add_argument("--scans", action="store_true", help="also count the scan table")
    parser.add_argument("--check", action="store_true", help="exit 1 on any wrong value")
    args = parser.parse_args(argv)

    rows = read_phrase_table()
    results: list[tuple[PhraseRow, PhraseResult]] = [(row, judge_phrase(row)) for row in rows]
    overall: Counter[str] = Counter(result.verdict for _, result in results)
    by_section: dict[str, Counter[str]] = {}
    for row, result in results:
        by_section.setdefault(row.section, Counter())[result.verdict] += 1

    header = "  ".join(f"{LABELS[v]:>10}" for v in VERDICTS)
    print(f"{'phrase table section':<44} {'rows':>5}  {header}")
    for section, counts in by_section.items():
        print(_line(section, counts, sum(counts.values())))
    print(_line("ALL", overall, len(rows)))
    summary = ", ".join(
        f"{overall[v]} {LABELS[v]} ({_percent(overall[v], len(rows)).strip()})" for v in VERDICTS
    )
    print(f"\n{len(rows)} phrases: {summary}")

    if args.list:
        for verdict in ("crash", "wrong", "refused"):
            listed = [(row, result) for row, result in results if result.verdict == verdict]
            if listed:
                print(f"\n{LABELS[verdict]} ({len(listed)}):")
            for row, result in listed:
                print(f"  line {row.line}: {row.phrase!r}: {result.detail}")
                print(f"      expected {expected_text(row.outcomes)}")

    if args.scans:
        scans = read_scan_table()
        wrong = [(row, scan_problems(row, find_quantities(row.sentence))) for row in scans]
        bad = [(row, problems) for row, problems in wrong if problems]
        right = len(scans) - len(bad)
        share = _percent(right, len(scans)).strip()
        print(f"\n{len(scans)} scan sentences: {right} read exactly right ({share})")
        if args.list:
            for row, problems in bad:
                print(f"  line {row.line}: {row.sentence!r}")
                for problem in problems:
                    print(f"      {problem}")

    if args.check and (overall["wrong"] or overall["crash"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
