"""What ``claimcheck fmt --check`` costs above the bare YAML parse.

    python benchmarks/bench_fmt.py [--sizes 1000,10000] [--repeat 3] [--check]

For each size it takes a generated registry (generate.py; cached under benchmarks/.data/) and
times, in one process, alternating so that machine noise hits both:

  (a) floor: list claims/, read each *.yaml and ``yaml.load(text, Loader=yaml.CSafeLoader)``
      (the same floor as bench_load.py and bench_check.py);
  (b) fmt --check: ``claimcheck.changes.format_records(Store(root), check=True)``, which is all
      that ``claimcheck fmt --check`` does before printing: load every record and decide
      whether its file is in canonical form;

and prints the best of ``--repeat`` CPU times of each and the ratio b/a (target <= 1.5; CPU
time because the machine may be shared: other processes delay a run without adding to its CPU
time; the wall-clock ratio is shown beside it).

Exit status 0 whatever the numbers, unless ``--check`` is given: then 1 when the target is
missed, or when a generated registry (canonical by construction) is reported as not canonical.
"""

from __future__ import annotations

import argparse
import sys
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

from claimcheck import yamlquick
from claimcheck.changes import format_records
from claimcheck.store import Store

TARGET_RATIO = 1.5


def fmt_check(root: Path) -> int:
    """(b) ``fmt --check`` without the printing: the number of files that would change."""
    yamlquick.forget()  # each run starts as the command line does, with nothing cached
    result = format_records(Store(root), check=True)
    if result.problems:
        raise SystemExit(f"{root}: {len(result.problems)} problems, e.g. {result.problems[0]}")
    return len(result.changed)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    registry_arguments(parser, sizes="1000,10000")
    args = parser.parse_args(argv)
    sizes = sizes_of(args.sizes)

    print(
        f"{'claims':>8} {'floor cpu s':>12} {'fmt cpu s':>10} {'cpu ratio':>10} "
        f"{'wall ratio':>11} {'us/claim':>9} {'target':>8}"
    )
    missed = False
    for n in sizes:
        root = registry(n, args.seed, cache=True, jobs=args.jobs)
        warm(root)
        changed = fmt_check(root)
        if changed:
            print(f"{n:>8} {changed} generated records reported as not canonical")
            missed = True
        wall, cpu = measure(root, args.repeat, [("floor", floor), ("fmt", fmt_check)])
        ratio = cpu["fmt"] / cpu["floor"]
        ok = ratio <= TARGET_RATIO
        missed |= not ok
        print(
            f"{n:>8} {cpu['floor']:>12.3f} {cpu['fmt']:>10.3f} {ratio:>10.2f} "
            f"{wall['fmt'] / wall['floor']:>11.2f} {cpu['fmt'] / n * 1e6:>9.0f} "
            f"{'<= ' + str(TARGET_RATIO):>8}  {'ok' if ok else 'over'}"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
