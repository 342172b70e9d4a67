"""How much the whole check costs above the bare YAML parse, and how the rules grow.

    python benchmarks/bench_check.py [--sizes 1000,10000] [--repeat 3] [--check]

For each size it takes a generated registry (see generate.py; cached under benchmarks/.data/)
and times, in one process, alternating so that machine noise hits both:

  (a) floor: list claims/, read each *.yaml and ``yaml.load(text, Loader=yaml.CSafeLoader)``;
  (b) check: ``claimcheck.engine.check(Store(root))``: load and validate every record, read
      the documents, weigh every source, run every rule, locate and sort the findings — all
      that ``claimcheck check`` does before printing;

and prints the best of ``--repeat`` runs of each and the ratio b/a (target <= 1.3). The check
runs as the command line runs it: with what each load builds frozen out of the collector's
sight (``freeze_after_pauses``); the frozen objects are released after every run.

It also times the cross-claim rules (scope "registry") alone on the loaded registry, per claim:
their cost must grow with the number of claims, not its square, so the per-claim time at
10,000 should stay about that at 1,000 (target: the ratio of the two per-claim times <= 2).

Exit status 0 whatever the numbers, unless ``--check`` is given: then 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench_load import (  # benchmarks/ is on sys.path
    floor,
    measure,
    registry,
    registry_arguments,
    sizes_of,
    warm,
)

from claimcheck.digesting import digest_registry
from claimcheck.engine import check, select_rules
from claimcheck.gcpause import freeze_after_pauses
from claimcheck.store import Store

TARGET_RATIO = 1.3
TARGET_GROWTH = 2.0


def run_check(root: Path) -> int:
    """(b) the check as the command line runs it, then the frozen objects released."""
    freeze_after_pauses(True)
    try:
        return len(check(Store(root)).findings)
    finally:
        freeze_after_pauses(False)
        gc.unfreeze()


def cross_claim_seconds(root: Path, repeat: int) -> float:
    """Best time of the registry-wide rules alone, on an already digested registry."""
    store = Store(root)
    facts = digest_registry(store).facts
    rules = [rule for rule in select_rules(store.config).rules if rule.scope == "registry"]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for rule in rules:
            list(rule.check(facts))
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    registry_arguments(parser, sizes="1000,10000")
    args = parser.parse_args(argv)
    sizes = sizes_of(args.sizes)

    print(f"{'claims':>8} {'floor s':>9} {'check s':>9} {'check/floor':>12} {'target':>8}")
    missed = False
    per_claim: dict[int, float] = {}
    for n in sizes:
        root = registry(n, args.seed, cache=True, jobs=args.jobs)
        warm(root)
        wall, _ = measure(root, args.repeat, [("floor", floor), ("check", run_check)])
        ratio = wall["check"] / wall["floor"]
        ok = ratio <= TARGET_RATIO
        missed |= not ok
        print(
            f"{n:>8} {wall['floor']:>9.3f} {wall['check']:>9.3f} {ratio:>12.2f} "
            f"{'<= ' + str(TARGET_RATIO):>8}  {'ok' if ok else 'over'}"
        )
        per_claim[n] = cross_claim_seconds(root, args.repeat) / n

    print()
    print(f"{'claims':>8} {'cross-claim rules, us per claim':>32}")
    for n, seconds in per_claim.items():
        print(f"{n:>8} {seconds * 1e6:>32.2f}")
    if len(per_claim) >= 2:
        smallest, largest = min(per_claim), max(per_claim)
        growth = per_claim[largest] / per_claim[smallest]
        ok = growth <= TARGET_GROWTH
        missed |= not ok
        print(
            f"per-claim cost at {largest} / at {smallest}: {growth:.2f} "
            f"(linear is about 1; target <= {TARGET_GROWTH})  {'ok' if ok else 'over'}"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
