"""The commands at scale: time against the parse floor, and memory per claim, per command.

    python benchmarks/bench_scale.py [--sizes 10000] [--seed 0] [--jobs 2] [--check]
    python benchmarks/bench_scale.py --sizes 10000,100000     # minutes and GBs: not for CI

For each size it takes a generated registry (generate.py; cached under benchmarks/.data/),
copies it by hard links into a temporary folder (so whatever a command keeps beside the
registry, such as a cache, starts empty and is thrown away), lets the copies settle (a check
reads again the files changed within ``filestate.SETTLED_NS`` of the check before: a desk's
registry was not all changed in the seconds before), and runs each command as a user
does, in a fresh process: ``check --format json`` three times (cold, the check cache empty;
again with nothing changed, the cache warm; after editing one claim), ``list --format json``,
``report`` (the default table), ``report --all --output FILE``, ``fmt --check`` and
``show ID``, each in one process (``CLAIMCHECK_WORKERS=1``); then the cold check once more with
every core (and a new, empty cache). For each it prints wall and CPU time, CPU time over the
floor's, the process's peak RSS, RSS per claim above start-up (the RSS of
``claimcheck --version``) and the size of what it wrote.

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

from bench_load import (  # benchmarks/ is on sys.path
    floor,
    record_paths,
    registry,
    registry_arguments,
    sizes_of,
    timed,
)
from bench_startup import child_env

from claimcheck.cache import CACHE_DIR_ENV, CACHE_FOLDER
from claimcheck.filestate import SETTLED_NS

CLAIMCHECK = str(Path(sys.executable).with_name("claimcheck"))


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    rss: int  # peak resident set, bytes
    output: int  # bytes written to stdout and to any --output file


TIME = "/usr/bin/time"  # GNU time: the child's own peak RSS


def run(
    args: list[str],
    root: Path,
    output_file: Path | None = None,
    workers: int | None = None,
    cache_dir: Path | None = None,
) -> Run:
    """One claimcheck command in a fresh process (with ``workers``: $CLAIMCHECK_WORKERS).
    Peak RSS comes from GNU time, a small parent: a child's ru_maxrss starts from its
    parent's RSS at fork (Linux carries it over exec), and this process holds a registry's
    worth of memory. CPU time counts the command's worker processes too; peak RSS is the
    largest of the command's and its workers'. The check cache is the registry copy's own,
    empty at the first check, or ``cache_dir`` ($CLAIMCHECK_CACHE_DIR)."""
    env = {key: value for key, value in child_env().items() if key != CACHE_DIR_ENV}
    if workers is not None:
        env["CLAIMCHECK_WORKERS"] = str(workers)
    if cache_dir is not None:
        env[CACHE_DIR_ENV] = str(cache_dir)
    with tempfile.TemporaryFile() as stdout, tempfile.NamedTemporaryFile("r") as usage:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-o", usage.name, "-f", "%U %S %M", CLAIMCHECK, "--root", str(root), *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
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


def measure_size(
    n: int, seed: int, jobs: int, repeat: int, only: set[str]
) -> tuple[float, float, dict[str, Run]]:
    cached = registry(n, seed, cache=True, jobs=jobs)
    for path in record_paths(cached):  # into the OS file cache (not bench_load.warm: that
        path.read_bytes()  # loads the store, and this process would then be GBs at 100k)
    floors = [timed(floor, cached) for _ in range(repeat)]
    floor_wall, floor_cpu = min(wall for wall, _ in floors), min(cpu for _, cpu in floors)
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="claimcheck-scale-") as folder:
        root = Path(folder) / "registry"
        shutil.copytree(cached, root, copy_function=os.link)
        # The links just made changed every file's inode (its ctime): a check reads again a
        # file changed within SETTLED_NS of the run before (filestate.py). A desk's registry
        # was not all changed in the last seconds, so its files are let settle first.
        time.sleep(SETTLED_NS / 1e9)
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
        assert not (root / CACHE_FOLDER).exists()  # the cold check starts with no cache
        for name, args, output in plan:
            if (
                name == "--version"
                or args[0] in only
                or (name == "check (cold)" and only & {"cold", "warm", "edit"})
                or (name == "check (again)" and "warm" in only)
            ):
                # one process: the single-process rows (CPU over the floor, memory per claim)
                runs[name] = run(args, root, output, workers=1)
                print(f"  {n}: {name}: {runs[name].cpu:.1f} s CPU", file=sys.stderr, flush=True)
        if "check" in only or "cold" in only:
            fresh = Path(folder) / "cold-cache"  # made by the run: empty, as a cold run's is
            runs["check (cold, every core)"] = run(
                ["check", "--format", "json"], root, cache_dir=fresh
            )
        if "show" in only:
            shows = sorted((run(["show", first], root) for _ in range(5)), key=lambda r: r.cpu)
            runs["show ID"] = shows[len(shows) // 2]  # the median: one run is noisy at this size
        if only & {"check", "edit"}:
            edit_one_claim(root)
            runs["check (one edited)"] = run(["check", "--format", "json"], root, workers=1)
    return floor_wall, floor_cpu, runs


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
COMMANDS = ("check", "list", "report", "fmt", "show")
# and parts of "check": "cold" (the cold check alone), "warm" (cold, then again with nothing
# changed), "edit" (cold, then after editing one claim)
CHECK_PARTS = ("cold", "warm", "edit")


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


Goal = tuple[str, str, str, bool]  # row, measured, goal, met


def goals(
    n: int, floor_wall: float, floor_cpu: float, runs: dict[str, Run], typer_cpu: float
) -> list[Goal]:
    """Issue 8's goals table; a row whose commands were not run (``--only``) is left out."""
    start = runs["--version"].rss

    def check_twice() -> Goal:
        cold, again = runs["check (cold)"], runs["check (again)"]
        ratio = again.cpu / cold.cpu
        return (
            "check run twice, nothing changed",
            f"{ratio:.2f}x the cold run",
            "<= 0.1x",
            ratio <= 0.1,
        )

    def check_edited() -> Goal:
        ratio = runs["check (one edited)"].cpu / runs["check (cold)"].cpu
        return ("check after editing one claim", f"{ratio:.2f}x", "<= 0.15x", ratio <= 0.15)

    def check_memory() -> Goal:
        cold = runs["check (cold)"]
        per_claim = (cold.rss - start) / n / 1024
        big = n >= 100_000
        return (
            "peak memory of check",
            f"{per_claim:.1f} KB/claim above start-up, {cold.rss / MB:.0f} MB",
            "<= 8 KB/claim" + ("; < 1 GB" if big else ""),
            per_claim <= 8 and (not big or cold.rss < 1024 * MB),
        )

    def list_memory() -> Goal:
        listing, cold = runs["list --format json"], runs["check (cold)"]
        return (
            "list --format json memory",
            f"{listing.rss / MB:.0f} MB (check {cold.rss / MB:.0f} MB)",
            "<= check's",
            listing.rss <= cold.rss,
        )

    def report() -> Goal:
        table, every, cold = runs["report"], runs["report --all --output"], runs["check (cold)"]
        ratio = table.cpu / floor_cpu
        # bounded: the default table (the summary, above 200 claims) holds no more than the
        # check it is made from, and a quarter more; --all asks for every row, and holds them
        # (shown beside it, not judged)
        bounded = table.rss <= 1.25 * cold.rss
        return (
            "report (the default table)",
            f"{ratio:.2f}x floor, {table.rss / MB:.0f} MB "
            f"(--all: {every.cpu / floor_cpu:.2f}x, {every.rss / MB:.0f} MB)",
            "<= 3x floor, RSS <= 1.25x check's",
            ratio <= 3 and bounded,
        )

    def fmt() -> Goal:
        ratio = runs["fmt --check"].cpu / floor_cpu
        return ("fmt --check", f"{ratio:.2f}x floor", "<= 1.5x", ratio <= 1.5)

    def cold_check() -> Goal:
        ratio = runs["check (cold)"].cpu / floor_cpu
        return ("cold check / floor", f"{ratio:.2f}", "<= 1.2", ratio <= 1.2)

    def every_core() -> Goal:
        ratio = runs["check (cold, every core)"].wall / floor_wall
        return (
            "cold check, every core",
            f"{ratio:.2f}x the floor's wall time ({floor_wall:.2f} s)",
            "<= 0.7x",
            ratio <= 0.7,
        )

    def show() -> Goal:
        ratio = runs["show ID"].cpu / typer_cpu
        return (
            "show ID start-up",
            f"{ratio:.2f}x import typer (CPU, median of 5)",
            "<= 2x",
            ratio <= 2,
        )

    rows = []
    for row in (
        check_twice,
        check_edited,
        check_memory,
        list_memory,
        report,
        fmt,
        cold_check,
        every_core,
        show,
    ):
        try:
            rows.append(row())
        except KeyError:  # not run
            continue
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    registry_arguments(parser, sizes="10000")
    parser.add_argument(
        "--only",
        default=",".join(COMMANDS),
        help=f"commands to run, comma-separated, of {','.join(COMMANDS)} (default: all), "
        "or parts of check: cold (the cold check alone), warm (cold, then again with nothing "
        "changed), edit (cold, then with one claim edited)",
    )
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - {*COMMANDS, *CHECK_PARTS}
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}")
    sizes = sizes_of(args.sizes)

    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start"
    )
    typer_cpu = typer_import_cpu(11)
    missed = False
    for n in sizes:
        floor_wall, floor_cpu, runs = measure_size(n, args.seed, args.jobs, args.repeat, only)
        print_commands(n, floor_cpu, runs)
        print(f"\n{n} claims: issue 8's goals")
        print(f"{'row':<34}{'measured':<52}{'goal':<36}")
        for row, measured, goal, met in goals(n, floor_wall, floor_cpu, runs, typer_cpu):
            missed |= not met
            print(f"{row:<34}{measured:<52}{goal:<36}{'ok' if met else 'not yet'}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
