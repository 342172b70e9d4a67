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
  claimcheck show ID, show ID --format json, status ID STATUS --note ..., add ... (every option)
      vs  python -c "import typer"
      target <= 2.0: a command about one claim imports what it uses and little else. ``status``
      and ``add`` run on a temporary copy of the shipped registry, restored after each run
      (untimed), so that every run does the same work;
  a typer command of one argument and one option  vs  python -c "import typer"
      for information: typer converts each parameter with a pydantic TypeAdapter, so any
      command with an argument pays for pydantic's import and two adapters before claimcheck
      runs at all; the single-claim commands' ratios include that cost;
  claimcheck show ID --format json  vs  that typer command
      for information: what claimcheck adds to the least a typer command with an argument
      costs (reading, validating and weighing one record, with its settings and document).

``claimcheck`` is the console script of this interpreter's environment, so run this with the
Python that has claimcheck installed. Exit status 0 whatever the numbers, unless ``--check``:
then 1 when a ratio is above its target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":
    import resource

TARGET_VERSION_RATIO = 1.3
TARGET_SINGLE_CLAIM_RATIO = 2.0
SHOWN_CLAIM = "aleppo-evacuated-total"
ADDED_CLAIM = "bench-startup-added"
DOCUMENT = "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"
# The smallest typer command with an argument and an option, as claimcheck's commands have.
TYPER_COMMAND = (
    "import enum, typer\n"
    "class F(str, enum.Enum):\n    table = 'table'\n    json = 'json'\n"
    "app = typer.Typer(add_completion=False)\n"
    "@app.command()\n"
    "def show(name: str, format: F = typer.Option(F.table, '--format')) -> None:\n"
    "    print(name, format.value)\n"
    "app(['x'], standalone_mode=False)"
)
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
    after: Callable[[], None] | None = None  # undoes what a run changed (untimed)


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
    def ours_once() -> tuple[float, float]:
        took = run_once(pair.command, env)
        if pair.after is not None:
            pair.after()
        return took

    # One untimed run of each first: it writes the bytecode and fills the OS file cache.
    ours_once()
    run_once(pair.baseline, env)
    ours: Runs = []
    theirs: Runs = []
    for _ in range(repeat):
        ours.append(ours_once())
        theirs.append(run_once(pair.baseline, env))
    return ours, theirs


def registry_copy(into: Path) -> Path:
    """A copy of the shipped registry (records, documents, settings) to change freely."""
    root = into / "registry"
    shutil.copytree(REPO_ROOT / "claims", root / "claims")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    shutil.copy2(REPO_ROOT / "claimcheck.yaml", root / "claimcheck.yaml")
    return root


def single_claim_pairs(root: Path) -> list[Pair]:
    """show, show --format json, status and add against ``import typer``; status and add on
    ``root`` (a copy), each run undone after it so that the next does the same work."""
    python = sys.executable
    typer_only = [python, "-c", "import typer"]
    claimcheck = [str(CLAIMCHECK), "--root", str(root)]
    shown = root / "claims" / f"{SHOWN_CLAIM}.yaml"
    original = shown.read_bytes()
    added = root / "claims" / f"{ADDED_CLAIM}.yaml"

    def restore_shown() -> None:
        shown.write_bytes(original)

    def remove_added() -> None:
        added.unlink()

    add = [
        *claimcheck,
        "add",
        "--claim",
        "750 people were evacuated from Fuaa and Kafraya.",
        "--document",
        DOCUMENT,
        "--quote",
        "750 people had also been evacuated from Fuaa and Kafraya",
        "--quantity",
        "750 people",
        "--subject",
        "fuaa-kafraya-evacuation",
        "--measure",
        "people-evacuated",
        "--cumulative",
        "--as-of",
        "2016-12-20",
        "--part-of",
        "fuaa-kafraya-evacuated",
        "--claimant",
        "Ingy Sedky",
        "--tag",
        "evacuation",
        "--tag",
        "fuaa",
        "--status",
        "unverified",
        "--id",
        ADDED_CLAIM,
        "--note",
        "Recorded for the start-up benchmark.",
        "--by",
        "bench",
        "--no-input",
    ]
    status = [*claimcheck, "status", SHOWN_CLAIM, "disputed", "--note", "benchmark", "--by", "b"]
    target = TARGET_SINGLE_CLAIM_RATIO
    return [
        Pair(
            "claimcheck show ID",
            [*claimcheck, "show", SHOWN_CLAIM],
            'python -c "import typer"',
            typer_only,
            target,
        ),
        Pair(
            "  ... --format json",
            [*claimcheck, "show", SHOWN_CLAIM, "--format", "json"],
            'python -c "import typer"',
            typer_only,
            target,
        ),
        Pair(
            "claimcheck status ID disputed --note ...",
            status,
            'python -c "import typer"',
            typer_only,
            target,
            after=restore_shown,
        ),
        Pair(
            "claimcheck add (every option)",
            add,
            'python -c "import typer"',
            typer_only,
            target,
            after=remove_added,
        ),
        Pair(
            "typer command: one argument, one option",
            [python, "-c", TYPER_COMMAND],
            'python -c "import typer"',
            typer_only,
            None,
        ),
        Pair(
            "claimcheck show ID --format json",
            [*claimcheck, "show", SHOWN_CLAIM, "--format", "json"],
            "typer command: one argument, one option",
            [python, "-c", TYPER_COMMAND],
            None,
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30, help="runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 if over target")
    parser.add_argument(
        "--only-single-claim", action="store_true", help="only show, status, add and typer's own"
    )
    args = parser.parse_args(argv)
    if not CLAIMCHECK.is_file():
        print(f"no console script at {CLAIMCHECK}: install claimcheck into this environment")
        return 2
    with tempfile.TemporaryDirectory(prefix="claimcheck-startup-") as folder:
        return run_pairs(args, registry_copy(Path(folder)))


def run_pairs(args: argparse.Namespace, copy: Path) -> int:
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
    pairs = [] if args.only_single_claim else pairs
    pairs += single_claim_pairs(copy)
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
