"""How the cost of the document and evidence checks grows with hostile input sizes.

    python benchmarks/bench_cost.py [--case closest|days|origins|memory|all] [--sizes A,B,C]
                                    [--repeat 3]

Each case builds its input in a temporary registry, runs ``claimcheck.engine.check`` on it
(all that ``claimcheck check`` does before printing) at two or more sizes, and prints the size,
the best CPU time of ``--repeat`` runs and the ratio to the previous size. Sizes double, so a
cost that grows linearly shows a ratio of about 2, one that grows with the square about 4.

- ``closest``: a quote of 40 words (and one of 150) that is not in a document of N KB of
  words; A102 looks for the closest passage. Sizes in KB.
- ``days``: a claim anchored in one sentence of N KB that names weekdays ("Monday Tuesday
  ..."), dated so that T102 looks at every day named. Sizes in KB.
- ``origins``: one claim with N sources, each from a different origin, all supporting it:
  grouping origins (the verdict, S105) once per claim. Sizes in sources.
- ``memory``: a document of N MB (the article repeated) with claims that make every
  document rule read it (a quote found only by forgiving curly quotes, a claimant, a weekday);
  each size runs in a fresh process and prints that process's peak resident memory and its
  growth over the imports, per byte of the document. Sizes in MB.

Exit status 0 whatever the numbers: this is a measurement. benchmarks/README.md records runs.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from claimcheck.engine import check
from claimcheck.store import Store

ARTICLE = Path(__file__).resolve().parent.parent / (
    "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_SIZES = {
    "closest": [300, 600, 1200],
    "days": [128, 256, 512],
    "origins": [1000, 2000, 4000],
    "memory": [4, 8, 16],
}


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def make_registry(
    root: Path, document: str, records: dict[str, str], published: str = "2016-12-21"
) -> None:
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "seeds" / "doc.txt").write_text(document, encoding="utf-8")
    (root / "claimcheck.yaml").write_text(
        f"documents:\n  seeds/doc.txt:\n    published: {published}\n", encoding="utf-8"
    )
    for claim_id, body in records.items():
        (root / "claims" / f"{claim_id}.yaml").write_text(body, encoding="utf-8")


def record(claim_id: str, exact: str, extra: str = "") -> str:
    return (
        f"id: {claim_id}\nclaim: A claim.\n{extra}anchor:\n  document: seeds/doc.txt\n"
        f"  exact: {quoted(exact)}\nstatus: unverified\n"
    )


def words(rng: random.Random, count: int) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9))) for _ in range(5000)
    ]
    return [rng.choice(vocabulary) for _ in range(count)]


def best_cpu(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def build_closest(root: Path, size_kb: int, quote_words: int) -> None:
    rng = random.Random(size_kb)
    text = " ".join(words(rng, size_kb * 1024 // 5))[: size_kb * 1024]
    missing = " ".join(words(random.Random(-1), quote_words))
    make_registry(root, text + "\n", {"a": record("a", "zzq " + missing)})


def build_days(root: Path, size_kb: int) -> None:
    count = size_kb * 1024 // 9
    sentence = " ".join(WEEKDAYS[i % 7] for i in range(count))
    # as_of two days after the document's date: no day named in the sentence gives it
    extra = "as_of: 2016-12-23\n"
    make_registry(
        root, sentence + " end of the sentence.\n", {"a": record("a", "end of the", extra)}
    )


def build_origins(root: Path, count: int) -> None:
    sources = "".join(
        f"  - publisher: Publisher {number}\n    quantity: 750 people\n" for number in range(count)
    )
    text = ARTICLE.read_text(encoding="utf-8")
    extra = "quantity: 750 people\nsources:\n" + sources
    quote = "750 people had also been evacuated from Fuaa and Kafraya"
    make_registry(root, text, {"a": record("a", quote, extra)})


def memory_document(size_mb: int) -> str:
    article = ARTICLE.read_text(encoding="utf-8")
    repeats = size_mb * 1024 * 1024 // len(article.encode("utf-8"))
    tail = "\nOn Monday, the spokeswoman said \u201cwe hope\u201d the talks go on.\n"
    return article * repeats + tail


def build_memory(root: Path, size_mb: int) -> None:
    make_registry(
        root,
        memory_document(size_mb),
        {
            "curly": record("curly", 'said "we hope" the talks', "claimant: Nobody Known\n"),
            "named": record("named", "the talks go on", "claimant: Sergei Lavrov\n"),
        },
    )


def timed_case(case: str, sizes: Sequence[int], repeat: int, quote_words: int = 40) -> None:
    unit = {"closest": "KB", "days": "KB", "origins": "sources"}[case]
    label = f"{case} ({quote_words}-word quote)" if case == "closest" else case
    print(f"\n{label}: size in {unit}, best CPU seconds of {repeat}, ratio to previous size")
    previous: float | None = None
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="claimcheck-cost-") as folder:
            root = Path(folder)
            if case == "closest":
                build_closest(root, size, quote_words)
            elif case == "days":
                build_days(root, size)
            else:
                build_origins(root, size)
            store = Store(root)
            codes = {"closest": ["A102"], "days": ["T102"], "origins": ["ALL"]}[case]
            found: list[str] = []

            def run(
                store: Store = store, codes: list[str] = codes, found: list[str] = found
            ) -> None:
                found[:] = [finding.code for finding in check(store, select=codes).findings]

            seconds = best_cpu(run, repeat)
        ratio = f"{seconds / previous:6.2f}" if previous else "     -"
        print(f"  {size:>8}  {seconds:9.3f} s  {ratio}   findings: {sorted(set(found))}")
        previous = seconds


def peak_kb() -> int:
    """This process's peak resident memory in KB. Linux's VmHWM starts afresh with the new
    program; ru_maxrss keeps the peak of the process that forked it (the benchmark itself)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(root: Path) -> None:
    """In a fresh process: the peak memory of the imports, then of a check."""
    before = peak_kb()
    check(Store(root))
    print(before, peak_kb())


def memory_case(sizes: Sequence[int]) -> None:
    print("\nmemory: document MB, peak RSS MB of the check, growth over imports per document byte")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="claimcheck-cost-") as folder:
            root = Path(folder)
            build_memory(root, size)
            document_bytes = (root / "seeds" / "doc.txt").stat().st_size
            output = subprocess.run(
                [sys.executable, __file__, "--memory-child", str(root)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        before_kb, after_kb = int(output[0]), int(output[1])
        per_byte = (after_kb - before_kb) * 1024 / document_bytes
        print(f"  {size:>8}  {after_kb / 1024:9.0f} MB  {per_byte:6.1f} bytes per byte")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default="all", choices=[*DEFAULT_SIZES, "all"])
    parser.add_argument("--sizes", help="comma-separated sizes (the case's unit)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    cases = list(DEFAULT_SIZES) if args.case == "all" else [args.case]
    for case in cases:
        sizes = (
            [int(size) for size in args.sizes.split(",") if size]
            if args.sizes
            else DEFAULT_SIZES[case]
        )
        if case == "memory":
            memory_case(sizes)
        elif case == "closest":
            timed_case(case, sizes, args.repeat, 40)
            timed_case(case, sizes, args.repeat, 150)
        else:
            timed_case(case, sizes, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
