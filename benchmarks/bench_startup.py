"""How long the command line takes to start, against the imports it cannot avoid.

    python benchmarks/bench_startup.py [--repeat 30] [--check]

Runs, alternately so that machine noise hits both, each pair ``--repeat`` times in fresh
processes, and prints the medians and their ratio (wall clock; the children's CPU time is
shown beside it):

  claimcheck --version       vs  python -c "import typer"
      target <= 1.3: --version must cost little beyond typer itself (the CLI is built on it);
  python -c "import claimcheck"  vs  python -c pass
      target <= 1.2 + 10 ms: the library loads its API on first use, so importing it costs
      almost nothing (the ratio is shown with the 10 ms allowance taken off);
  claimcheck list            vs  python -c "import typer, rich, pydantic, yaml"
      on the shipped registry (the repository root): a command that loads records, against
      importing its dependencies; shown for information, without a target;
  claimcheck list            vs  the same dependencies loaded in full
      (pydantic and rich import lazily, so the line above leaves out most of them: this one
      imports what a validating, table-printing command needs and validates one tiny model),
      so that what remains is claimcheck's own cost. For information too.

``claimcheck`` is the console script of this interpreter's environment, so run this with the
Python that has claimcheck installed. Exit status 0 whatever the numbers, unless ``--check``:
then 1 when a ratio is above its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":
    import resource

TARGET_VERSION_RATIO = 1.3
TARGET_IMPORT_RATIO = 1.2
IMPORT_ALLOWANCE = 0.010  # seconds
FULL_IMPORTS = (
    "import typer, typer._adapters, typer.main, rich.console, rich.table, rich.text, "
    "pydantic.main, yaml; from pydantic import BaseModel\n"
    "class M(BaseModel):\n    x: int = 0\n"
    "M.model_validate({'x': 1})"
)
REPO_ROOT = Path(__file__).resolve().parent.parent
CLAIMCHECK = Path(sys.executable).parent / ("claimcheck.exe" if os.name == "nt" else "claimcheck")


@dataclass(frozen=True)
class Pair:
    label: str
    command: list[str]
    baseline_label: str
    baseline: list[str]
    target: float | None
    allowance: float = 0.0  # seconds of the command's median not held against the target


PYCACHE = Path(__file__).resolve().parent / ".data" / "pycache"


def child_env() -> dict[str, str]:
    """The children's environment: no registry or colour settings from outside, and compiled
    bytecode kept, as an installed package has it. With PYTHONDONTWRITEBYTECODE set (as in some
    containers) an editable install would recompile claimcheck on every run, and that would be
    measured; the bytecode goes to benchmarks/.data/pycache instead of the source tree."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CLAIMCHECK_ROOT", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")
    }
    env.update(
        {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    )
    return env


def _children_cpu() -> float:
    """CPU seconds used by finished child processes so far (0 where it cannot be known)."""
    if sys.platform == "win32":
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run. CPU time is steadier on a shared machine: other
    processes delay a child without adding to its CPU time."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO_ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    used = _children_cpu() - cpu
    # list exits 1 when the registry has problems; it still did the whole job.
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}"
        )
    return elapsed, used


Runs = list[tuple[float, float]]


def measure(pair: Pair, repeat: int, env: dict[str, str]) -> tuple[Runs, Runs]:
    # One untimed run of each first: it writes the bytecode and fills the OS file cache.
    run_once(pair.command, env)
    run_once(pair.baseline, env)
    ours: Runs = []
    theirs: Runs = []
    for _ in range(repeat):
        ours.append(run_once(pair.command, env))
        theirs.append(run_once(pair.baseline, env))
    return ours, theirs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30, help="runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 if over target")
    args = parser.parse_args(argv)
    if not CLAIMCHECK.is_file():
        print(f"no console script at {CLAIMCHECK}: install claimcheck into this environment")
        return 2
    python = sys.executable
    pairs = [
        Pair(
            "claimcheck --version",
            [str(CLAIMCHECK), "--version"],
            'python -c "import typer"',
            [python, "-c", "import typer"],
            TARGET_VERSION_RATIO,
        ),
        Pair(
            'python -c "import claimcheck"',
            [python, "-c", "import claimcheck"],
            'python -c "pass"',
            [python, "-c", "pass"],
            TARGET_IMPORT_RATIO,
            IMPORT_ALLOWANCE,
        ),
        Pair(
            f"claimcheck list ({REPO_ROOT.name})",
            [str(CLAIMCHECK), "--root", str(REPO_ROOT), "list"],
            'python -c "import typer, rich, pydantic, yaml"',
            [python, "-c", "import typer, rich, pydantic, yaml"],
            None,
        ),
        # pydantic and rich import lazily: the line above loads little of them. This one loads
        # what any command that validates and prints a table must (typer's parameter adapters
        # import pydantic), so the gap left is claimcheck's own.
        Pair(
            f"claimcheck list ({REPO_ROOT.name})",
            [str(CLAIMCHECK), "--root", str(REPO_ROOT), "list"],
            "python -c (typer, rich and pydantic in full)",
            [python, "-c", FULL_IMPORTS],
            None,
        ),
    ]
    env = child_env()
    claims = len(list((REPO_ROOT / "claims").glob("*.yaml")))
    print(
        f"{args.repeat} runs each, alternating; medians (min); Python {sys.version.split()[0]}; "
        f"shipped registry: {claims} claims"
    )
    columns = (
        f"{'median ms':>11}{'min ms':>9}{'cpu ms':>9}{'ratio':>8}{'target':>16}{'cpu ratio':>11}"
    )
    print(f"{'command':<48}{columns}")
    over = False
    for pair in pairs:
        ours, theirs = measure(pair, args.repeat, env)
        wall = [statistics.median(took for took, _ in runs) for runs in (ours, theirs)]
        cpu = [statistics.median(used for _, used in runs) for runs in (ours, theirs)]
        for label, runs, middle, used in zip(
            (pair.label, pair.baseline_label), (ours, theirs), wall, cpu, strict=True
        ):
            fastest = min(took for took, _ in runs)
            print(f"{label:<48}{middle * 1e3:>11.1f}{fastest * 1e3:>9.1f}{used * 1e3:>9.1f}")
        ratio = (wall[0] - pair.allowance) / wall[1]
        cpu_ratio = f"{cpu[0] / cpu[1]:>11.2f}" if cpu[1] else f"{'-':>11}"
        target = "-" if pair.target is None else f"<= {pair.target}"
        if pair.allowance:
            target += f" (+{pair.allowance * 1e3:.0f} ms)"
        line = f"{'':<48}{'':>29}{ratio:>8.2f}{target:>16}{cpu_ratio}"
        if pair.target is not None:
            over = over or ratio > pair.target
            line += "  ok" if ratio <= pair.target else "  OVER"
        print(line)
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
