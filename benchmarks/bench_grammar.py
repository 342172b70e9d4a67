"""Time per phrase of parse_quantity and find_quantities on the phrase and scan tables.

    python benchmarks/bench_grammar.py                          # this tree's claimcheck.quantity
    python benchmarks/bench_grammar.py --module /tmp/quantity_before.py   # another version, e.g.
    git show 1b7bc81:claimcheck/quantity.py > /tmp/quantity_before.py      # the one before the
                                                                           # grammar work

Each phrase of tests/quantity_table/phrases.txt is parsed cold (parse_quantity's memory of texts
emptied first) many times; the script prints the median over the phrases of each phrase's best
time, and the same for find_quantities over the sentences of tests/quantity_table/scan.txt. Also
a yardstick from the same run: re.fullmatch of a simple pattern over the same phrases. Target
(issue 7): the median parse under 20 us a phrase. Exit 0 whatever the numbers, unless --check.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_quantity import cache_clearer, load_module  # benchmarks/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "tests" / "quantity_table"
TARGET_PARSE_US = 20.0


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def phrases() -> list[str]:
    rows = (TABLES / "phrases.txt").read_text(encoding="utf-8").splitlines()
    return [_unescape(r.split(" => ")[0].strip()) for r in rows if " => " in r and r[:1] != "#"]


def sentences() -> list[str]:
    rows = (TABLES / "scan.txt").read_text(encoding="utf-8").splitlines()
    return [_unescape(r[2:]) for r in rows if r.startswith("> ")]


def best_us(run: Callable[[], object], before: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", help="a file holding another version of claimcheck.quantity")
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    module = load_module(args.module)
    clear = cache_clearer(module)
    parse, find = module.parse_quantity, module.find_quantities

    def attempt(text: str) -> Callable[[], object]:
        def run() -> object:
            try:
                return parse(text)
            except ValueError:
                return None

        return run

    texts = phrases()
    parse_times = [best_us(attempt(t), clear, args.repeat) for t in texts]
    fullmatch = re.compile(r"[^0-9]*[0-9][0-9,.]*[^0-9]*").fullmatch
    yard = [best_us(lambda t=t: fullmatch(t), lambda: None, args.repeat) for t in texts]
    scans = sentences()
    scan_times = [best_us(lambda t=t: find(t), clear, args.repeat) for t in scans]
    parse_median = statistics.median(parse_times)
    print(f"claimcheck.quantity from {module.__file__}")
    print(
        f"parse_quantity, {len(texts)} phrases, cold: median {parse_median:.1f} us, "
        f"90th percentile {statistics.quantiles(parse_times, n=10)[-1]:.1f} us "
        f"(target: median <= {TARGET_PARSE_US:.0f})"
    )
    print(
        f"find_quantities, {len(scans)} sentences, cold: median "
        f"{statistics.median(scan_times):.1f} us a sentence"
    )
    print(f"yardstick re.fullmatch, same phrases: median {statistics.median(yard):.2f} us")
    return 1 if args.check and parse_median > TARGET_PARSE_US else 0


if __name__ == "__main__":
    sys.exit(main())
