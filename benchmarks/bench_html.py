"""How the HTML report grows with the registry: the cost per claim of building the page at 4x
the claims against 1x.

    python benchmarks/bench_html.py [--sizes 500,2000] [--repeat 3] [--check]

For each size it takes a generated registry (see generate.py; cached under benchmarks/.data/),
checks it once and builds the report model, then times ``report_html`` alone (templates
compiled beforehand, as after the first page in a process) and prints the best of
``--repeat`` runs, the time per claim, and the ratio of the per-claim times (target <= 1.5:
the page grows with the claims, not their square; many claims share each document, so cutting
a document at its claims is what would grow faster).

Exit status 0 whatever the numbers, unless ``--check`` is given: then 1 when the target is
missed.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench_load import registry  # benchmarks/ is on sys.path

from claimcheck.engine import check
from claimcheck.render.html import report_html
from claimcheck.report import build_report
from claimcheck.store import Store

TARGET_RATIO = 1.5


def best_time(n: int, repeat: int) -> float:
    report = build_report(check(Store(registry(n, 0, cache=True, jobs=1))))
    report_html(report)  # compile the templates and write every reason once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        report_html(report)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    small, large = (int(size) for size in args.sizes.split(","))
    per_claim = {}
    for n in (small, large):
        seconds = best_time(n, args.repeat)
        per_claim[n] = seconds / n
        print(f"{n:>7} claims: page {seconds * 1e3:8.1f} ms, {per_claim[n] * 1e6:7.1f} us/claim")
    ratio = per_claim[large] / per_claim[small]
    print(f"per-claim cost at {large} / at {small}: {ratio:.2f} (target <= {TARGET_RATIO})")
    return 1 if args.check and ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
