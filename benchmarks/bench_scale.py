"""The commands at scale: time against the parse floor, and memory per claim, per command.

    python benchmarks/bench_scale.py [--sizes 10000] [--seed 0] [--jobs 2] [--check]
    python benchmarks/bench_scale.py --sizes 10000,100000     # minutes and GBs: not for CI

For each size it takes a generated registry (generate.py; cached under benchmarks/.data/),
copies it by hard links into a temporary folder (so whatever a command keeps beside the
registry, such as a cache, starts empty and is thrown away), and runs each command as a user
does, in a fresh process: ``check --format json`` three times (cold; again with nothing changed;
after editing one claim), ``list --format json``, ``report`` (the default table),
``report --all --output FILE``, ``fmt --check`` and ``show ID``. For each it prints wall and
CPU time, CPU time over the floor's, the process's peak RSS, RSS per claim above start-up
(the RSS of ``claimcheck --version``) and the size of what it wrote.

The floor is bench_load's: list ``claims/``, read each record and parse it with PyYAML's C
loader, in this process, best of ``--repeat``. CPU ratios are printed because on a shared
machine they are steadier than wall-clock ones.

It ends with the goals table of issue 8, measured against goal, a row each, so that work on
each row can show progress. Exit status 0 whatever the numbers, unless ``--check`` is given:
then 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_load import floor, record_paths, registry, timed  # benchmarks/ is on sys.path
from bench_startup import child_env

CLAIMCHECK = str(Path(sys.executable).with_name("claimcheck"))


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    rss: int  # peak resident set, bytes
    output: int  # bytes written to stdout and to any --output file


TIME = "/usr/bin/time"  # GNU time: the child's own peak RSS


def run(args: list[str], root: Path, output_file: Path | None = None) -> Run:
    """One claimcheck command in a fresh process. Peak RSS comes from GNU time, a small
    parent: a child's ru_maxrss starts from its parent's RSS at fork (Linux carries it over
    exec), and this process holds a registry's worth of memory."""
    with tempfile.TemporaryFile() as stdout, tempfile.NamedTemporaryFile("r") as usage:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-o", usage.name, "-f", "%U %S %M", CLAIMCHECK, "--root", str(root), *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=child_env(),
            check=False,
        )
        wall = time.perf_counter() - started
        if done.returncode not in (0, 1):  # 1: findings, the command still did its job
            raise SystemExit(f"claimcheck {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
        user, system, rss_kb = usage.read().split()[-3:]
        written = stdout.tell()
    if output_file is not None:
        written += output_file.stat().st_size
    return Run(wall, float(user) + float(system), int(rss_kb) * 1024, written)


def edit_one_claim(root: Path) -> None:
    """Change one record's claim text, writing a new file (the copy shares the others'
    inodes with the cached registry, which must not change)."""
    path = min((root / "claims").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text.replace("claim: ", "claim: Reportedly, ", 1), encoding="utf-8")


def measure_size(n: int, seed: int, jobs: int, repeat: int) -> tuple[float, dict[str, Run]]:
    cached = registry(n, seed, cache=True, jobs=jobs)
    for path in record_paths(cached):  # into the OS file cache (not bench_load.warm: that
        path.read_bytes()  # loads the store, and this process would then be GBs at 100k)
    floor_cpu = min(timed(floor, cached)[1] for _ in range(repeat))
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="claimcheck-scale-") as folder:
        root = Path(folder) / "registry"
        shutil.copytree(cached, root, copy_function=os.link)
        report_file = Path(folder) / "report.txt"
        first = min((root / "claims").glob("*.yaml")).stem
        plan: list[tuple[str, list[str], Path | None]] = [
            ("--version", ["--version"], None),
            ("check (cold)", ["check", "--format", "json"], None),
            ("check (again)", ["check", "--format", "json"], None),
            ("list --format json", ["list", "--format", "json"], None),
            ("report", ["report"], None),
            (
                "report --all --output",
                ["report", "--all", "--output", str(report_file)],
                report_file,
            ),
            ("fmt --check", ["fmt", "--check"], None),
        ]
        for name, args, output in plan:
            runs[name] = run(args, root, output)
            print(f"  {n}: {name}: {runs[name].cpu:.1f} s CPU", file=sys.stderr, flush=True)
        shows = sorted((run(["show", first], root) for _ in range(5)), key=lambda r: r.cpu)
        runs["show ID"] = shows[len(shows) // 2]  # the median: one run is noisy at this size
        edit_one_claim(root)
        runs["check (one edited)"] = run(["check", "--format", "json"], root)
    return floor_cpu, runs


def typer_import_cpu(repeat: int) -> float:
    """Median CPU time of ``python -c "import typer"``, the start-up baseline."""
    times = []
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r") as usage:
            command = [TIME, "-o", usage.name, "-f", "%U %S", sys.executable, "-c", "import typer"]
            subprocess.run(command, check=True, env=child_env())
            user, system = usage.read().split()[-2:]
        times.append(float(user) + float(system))
    return sorted(times)[len(times) // 2]


MB = 1024 * 1024


def print_commands(n: int, floor_cpu: float, runs: dict[str, Run]) -> None:
    start = runs["--version"].rss
    print(
        f"\n{n} claims; floor (C-loader parse): {floor_cpu:.2f} s CPU; start-up RSS "
        f"{start / MB:.0f} MB"
    )
    print(
        f"{'command':<24}{'wall s':>9}{'cpu s':>9}{'cpu/floor':>10}{'peak RSS MB':>12}"
        f"{'KB/claim':>10}{'output MB':>11}"
    )
    for name, r in runs.items():
        per_claim = (r.rss - start) / n / 1024
        print(
            f"{name:<24}{r.wall:>9.2f}{r.cpu:>9.2f}{r.cpu / floor_cpu:>10.2f}"
            f"{r.rss / MB:>12.0f}{per_claim:>10.1f}{r.output / MB:>11.2f}"
        )


def goals(
    n: int, floor_cpu: float, runs: dict[str, Run], typer_cpu: float
) -> list[tuple[str, str, str, bool]]:
    """Issue 8's goals table: (row, measured, goal, met)."""
    start = runs["--version"].rss
    cold, again, edited = runs["check (cold)"], runs["check (again)"], runs["check (one edited)"]
    check_kb = (cold.rss - start) / n / 1024
    report, every, listing = (
        runs["report"],
        runs["report --all --output"],
        runs["list --format json"],
    )
    report_ratio = report.cpu / floor_cpu
    # bounded: the report holds no more than the check it is made from, and a quarter more
    report_bounded = (
        report.rss <= 1.25 * cold.rss and runs["report --all --output"].rss <= 1.25 * cold.rss
    )
    fmt_ratio = runs["fmt --check"].cpu / floor_cpu
    show = runs["show ID"].cpu / typer_cpu
    rows = [
        (
            "check run twice, nothing changed",
            f"{again.cpu / cold.cpu:.2f}x the cold run",
            "<= 0.1x",
            again.cpu <= 0.1 * cold.cpu,
        ),
        (
            "check after editing one claim",
            f"{edited.cpu / cold.cpu:.2f}x",
            "<= 0.15x",
            edited.cpu <= 0.15 * cold.cpu,
        ),
        (
            "peak memory of check",
            f"{check_kb:.1f} KB/claim above start-up, {cold.rss / MB:.0f} MB",
            "<= 8 KB/claim" + ("; < 1 GB" if n >= 100_000 else ""),
            check_kb <= 8 and (n < 100_000 or cold.rss < 1024 * MB),
        ),
        (
            "list --format json memory",
            f"{listing.rss / MB:.0f} MB (check {cold.rss / MB:.0f} MB)",
            "<= check's",
            listing.rss <= cold.rss,
        ),
        (
            "report (the default table)",
            f"{report_ratio:.2f}x floor, {report.rss / MB:.0f} MB "
            f"(--all: {every.cpu / floor_cpu:.2f}x, {every.rss / MB:.0f} MB)",
            "<= 3x floor, RSS <= 1.25x check's",
            report_ratio <= 3 and report_bounded,
        ),
        ("fmt --check", f"{fmt_ratio:.2f}x floor", "<= 1.5x", fmt_ratio <= 1.5),
        (
            "cold check / floor",
            f"{cold.cpu / floor_cpu:.2f}",
            "<= 1.2",
            cold.cpu / floor_cpu <= 1.2,
        ),
        ("show ID start-up", f"{show:.2f}x import typer (CPU, median of 5)", "<= 2x", show <= 2),
    ]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000", help="registry sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="floor runs; the best counts")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generator jobs")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start"
    )
    typer_cpu = typer_import_cpu(11)
    missed = False
    for n in sizes:
        floor_cpu, runs = measure_size(n, args.seed, args.jobs, args.repeat)
        print_commands(n, floor_cpu, runs)
        print(f"\n{n} claims: issue 8's goals")
        print(f"{'row':<34}{'measured':<52}{'goal':<36}")
        for row, measured, goal, met in goals(n, floor_cpu, runs, typer_cpu):
            missed |= not met
            print(f"{row:<34}{measured:<52}{goal:<36}{'ok' if met else 'not yet'}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
