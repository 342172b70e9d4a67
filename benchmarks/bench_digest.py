"""What the engine's side of the cache saves: a warm check and a check after one edit, against
a cold one, in one process.

    python benchmarks/bench_digest.py [--sizes 10000] [--repeat 3] [--check]

For each size it takes a generated registry (generate.py; cached under benchmarks/.data/),
copies it (so that an edit does not touch the cached one), and times, best of ``--repeat``:

  (a) cold: ``engine.check(store)``, every record parsed and digested;
  (b) warm: ``engine.check(store, cache=...)`` with every digest in the store;
  (c) edit: the same after one record was edited (that one parsed again).

The store is a dict of JSON text: it decodes what it is asked for, as a cache on disk does,
but costs no I/O, so (b) and (c) measure the engine's part (reading and hashing every record,
the look-up's decoding, the cross-claim rules, the findings), not SQLite's. Goals (issue 8):
warm <= 0.1x cold, edit <= 0.15x cold. Exit status 0 whatever the numbers, unless
``--check`` is given: then 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench_cost import best_cpu  # benchmarks/ is on sys.path
from bench_load import registry, registry_arguments, sizes_of

from claimcheck.engine import check
from claimcheck.store import Store

GOALS = {"warm": 0.1, "edit": 0.15}


class JsonStore:
    """Digests kept as the JSON text the engine gives, and given back as that text."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        kept = self.kept
        return {key: kept[key] for key in keys if key in kept}

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.kept.update(
            (key, value if isinstance(value, str) else json.dumps(value))
            for key, value in items.items()
        )

    def reject(self, keys: Sequence[str]) -> None:
        for key in keys:
            self.kept.pop(key, None)


def edit_one(root: Path, round_: int) -> None:
    path = min((root / "claims").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.unlink()  # a new file: the copy may share its inode with the cached registry
    path.write_text(text.replace("\nclaim: ", f"\nclaim: ({round_}) ", 1), encoding="utf-8")


def measure(size: int, repeat: int, seed: int, jobs: int) -> dict[str, float]:
    cached = registry(size, seed, cache=True, jobs=jobs)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "registry"
        shutil.copytree(cached, root, copy_function=shutil.copy)
        store = JsonStore()
        check(Store(root), cache=store)  # fills the store
        cold = best_cpu(lambda: check(Store(root)), repeat)
        warm = best_cpu(lambda: check(Store(root), cache=store), repeat)
        rounds = iter(range(repeat * 2))

        def edited() -> None:
            edit_one(root, next(rounds))
            check(Store(root), cache=store)

        edit = best_cpu(edited, repeat)
    return {"cold": cold, "warm": warm, "edit": edit}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    registry_arguments(parser, sizes="10000")
    args = parser.parse_args(argv)
    missed = False
    heads = ("claims", "cold s", "warm s", "warm/cold", "edit s", "edit/cold")
    print(" ".join(f"{head:>10}" for head in heads))
    for size in sizes_of(args.sizes):
        times = measure(size, args.repeat, args.seed, args.jobs)
        ratios = {name: times[name] / times["cold"] for name in GOALS}
        row = (size, times["cold"], times["warm"], ratios["warm"], times["edit"], ratios["edit"])
        print(
            " ".join(
                f"{value:>10.3f}" if isinstance(value, float) else f"{value:>10}" for value in row
            )
        )
        for name, goal in GOALS.items():
            met = ratios[name] <= goal
            missed |= not met
            verdict = "met" if met else "not yet"
            print(f"  {name} / cold: {ratios[name]:.3f} (goal <= {goal}): {verdict}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
