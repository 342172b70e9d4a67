"""How much loading a registry costs above the bare YAML parse.

    python benchmarks/bench_load.py [--sizes 1000,10000] [--repeat 5] [--check]

For each size it generates a registry (benchmarks/generate.py; cached under benchmarks/.data/,
which git ignores) and times, in one process, alternating so that machine noise hits both:

  (a) floor: list claims/, read each *.yaml and ``yaml.load(text, Loader=yaml.CSafeLoader)``;
  (b) load:  ``claimcheck.store.Store(root).load()``: the same files parsed safely with the
      location of every field, validated into Claim records, duplicates checked;

and prints the best of ``--repeat`` runs of each and the ratio b/a (wall clock; the ratio of
CPU times is shown beside it). The target is b/a <= 1.5:
whatever claimcheck adds to a parse (locations, validation, quantities) should cost no more
than half the parse itself. With ``--breakdown`` it also times the stages of (b).

Exit status 0 whatever the numbers (it is a measurement), unless ``--check`` is given: then 1
when a ratio is above the target.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import generate as generator  # benchmarks/ is on sys.path when this runs as a script
import yaml

from claimcheck.store import Store

TARGET_RATIO = 1.5
DATA_DIR = Path(__file__).resolve().parent / ".data"


def registry(n: int, seed: int, cache: bool, jobs: int) -> Path:
    """A generated registry of n claims: from the cache, or made (and cached) now."""
    name = f"registry-n{n}-seed{seed}-v{generator.GENERATOR_VERSION}"
    root = DATA_DIR / name if cache else Path(tempfile.mkdtemp(prefix="claimcheck-bench-")) / name
    if (root / generator.MANIFEST).is_file():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    # Generate beside the target and rename, so an interrupted run never leaves half a cache.
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root.parent))
    started = time.perf_counter()
    generator.generate(partial, n, seed, jobs=jobs)
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    print(f"generated {n} claims in {time.perf_counter() - started:.1f} s: {root}")
    return root


def record_paths(root: Path) -> list[Path]:
    # The floor lists the folder too: Store.load has to find its files the same way.
    return sorted(
        Path(entry.path)
        for entry in os.scandir(root / "claims")
        if entry.name.endswith((".yaml", ".yml")) and entry.is_file()
    )


def floor(root: Path) -> int:
    """(a) read and parse every record with PyYAML's C loader, nothing else."""
    loaded = 0
    for path in record_paths(root):
        text = path.read_text(encoding="utf-8")
        if yaml.load(text, Loader=yaml.CSafeLoader) is not None:
            loaded += 1
    return loaded


def claimcheck_load(root: Path) -> int:
    """(b) what every claimcheck command that reads the registry does first."""
    registry = Store(root).load()
    if registry.problems:
        raise SystemExit(f"{root}: {len(registry.problems)} problems, e.g. {registry.problems[0]}")
    return len(registry.records)


def parse_only(root: Path) -> int:
    """Stage of (b): read and parse_yaml (safe, with locations), no validation."""
    from claimcheck.gcpause import gc_paused
    from claimcheck.yamlio import decode_text, parse_yaml

    with gc_paused():
        return sum(
            1 for path in record_paths(root) if parse_yaml(decode_text(path.read_bytes())).data
        )


def parse_and_validate(root: Path) -> int:
    """Stage of (b): read, parse_yaml and validate each record as a Claim (no store)."""
    from claimcheck.gcpause import gc_paused
    from claimcheck.model import Claim
    from claimcheck.yamlio import decode_text, parse_yaml

    with gc_paused():
        for path in record_paths(root):
            Claim.model_validate(parse_yaml(decode_text(path.read_bytes())).data)
    return 0


def warm(root: Path) -> None:
    """Read every file once so that both measurements start from the OS file cache."""
    for path in record_paths(root):
        path.read_bytes()
    Store(root).load()  # and import and compile whatever the load needs


def timed(run: Callable[[Path], Any], root: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run. CPU time is shown too because on a shared
    machine it is steadier: other processes delay a run without adding to its CPU time."""
    gc.collect()  # each run starts from the same heap, not the previous run's garbage
    wall, cpu = time.perf_counter(), time.process_time()
    run(root)
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(
    root: Path, repeat: int, stages: Sequence[tuple[str, Callable[[Path], Any]]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Best wall and best CPU time of ``repeat`` runs of each stage, the stages taking turns
    within every round."""
    wall = {name: float("inf") for name, _ in stages}
    cpu = dict(wall)
    for _ in range(repeat):
        for name, run in stages:
            took, used = timed(run, root)
            wall[name], cpu[name] = min(wall[name], took), min(cpu[name], used)
    return wall, cpu


def registry_arguments(parser: argparse.ArgumentParser, *, sizes: str, repeat: int = 3) -> None:
    """The options every benchmark over generated registries takes: --sizes, --repeat, --seed,
    --jobs and --check."""
    parser.add_argument("--sizes", default=sizes, help="registry sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=repeat, help="runs of each; the best counts")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generator jobs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")


def sizes_of(text: str) -> list[int]:
    """--sizes as numbers: '1000,10000' -> [1000, 10000]."""
    return [int(size) for size in text.split(",") if size.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    registry_arguments(parser, sizes="1000,10000", repeat=5)
    parser.add_argument("--no-cache", action="store_true", help="generate into a temp folder")
    parser.add_argument("--breakdown", action="store_true", help="also time the stages of (b)")
    args = parser.parse_args(argv)
    sizes = sizes_of(args.sizes)

    stages: list[tuple[str, Callable[[Path], Any]]] = [
        ("floor", floor),
        ("load", claimcheck_load),
    ]
    if args.breakdown:
        stages += [("parse", parse_only), ("parse+validate", parse_and_validate)]
    rows: list[tuple[int, dict[str, float], dict[str, float]]] = []
    for n in sizes:
        root = registry(n, args.seed, cache=not args.no_cache, jobs=args.jobs)
        warm(root)
        rows.append((n, *measure(root, args.repeat, stages)))
        if args.no_cache:
            shutil.rmtree(root.parent, ignore_errors=True)

    print(
        f"\nbest of {args.repeat}, Python {sys.version.split()[0]}, "
        f"PyYAML {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})"
    )
    names = [name for name, _ in stages]
    header = f"{'claims':>8}" + "".join(f"{name + ' s':>17}" for name in names)
    header += f"{'load/floor':>12}{'target':>9}{'cpu ratio':>11}"
    print(header)
    over = False
    for n, best, cpu in rows:
        ratio = best["load"] / best["floor"]
        over = over or ratio > TARGET_RATIO
        line = f"{n:>8}" + "".join(f"{best[name]:>17.3f}" for name in names)
        line += f"{ratio:>12.2f}{'<= ' + str(TARGET_RATIO):>9}"
        line += f"{cpu['load'] / cpu['floor']:>11.2f}"
        line += "  ok" if ratio <= TARGET_RATIO else "  OVER"
        print(line)
    for n, best, _ in rows:
        print(
            f"per claim at {n}: floor {best['floor'] / n * 1e6:.0f} us, "
            f"load {best['load'] / n * 1e6:.0f} us"
        )
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
