"""Micro-benchmark of claimcheck.quantity, the figure parser every record load goes through.

Times (timeit, best of several repeats) parse_quantity over a mix of 30 shorthand strings,
quantity_from_data on strings and on mappings, Quantity.interval(), and find_quantities over 10
sentences of the seed article, and prints microseconds per call beside the targets. A record load
must cost about 300 us in all, and one record parses several quantities.

Machines differ, so the same run also times two trivial operations as a yardstick: re.fullmatch of
a simple pattern over the same strings, and yaml.load of a one-line scalar with the C safe loader.
Compare the "x re" and "x yaml" columns across machines rather than the raw microseconds.

Each figure is the best of many short timings of CPU time (time.process_time), which a busy
machine disturbs less than wall time; --wall times with time.perf_counter instead.

"cold" means nothing kept from an earlier call (parse_quantity keeps recent texts; a Quantity
keeps its intervals); "warm" is the same call again, as when records repeat their figures or the
cross-checks ask again.

Exit status 0 whatever the numbers, unless --check: then 1 when a target is missed.

    python benchmarks/bench_quantity.py                  # this tree's claimcheck.quantity
    python benchmarks/bench_quantity.py --module FILE    # another version, e.g. the one in git:
    git show 1b7bc81:claimcheck/quantity.py > /tmp/quantity_before.py   # before the package
    python benchmarks/bench_quantity.py --module /tmp/quantity_before.py
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import re
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"

# The shapes claim records use most: [hedge] number-with-separators [unit], between, ± bounds.
COMMON: tuple[str, ...] = (
    "37,500 people",
    "about 35,000 people",
    "more than 400,000 people",
    "750 people",
    "about 750",
    "nearly 19,000",
    "at least 750",
    "up to 3,000 people",
    "over 400,000 people",
    "some 400",
    "fewer than 100 children",
    "between 1,200 and 1,312 people",
    "between 500 and 750 civilians",
    "470,000 \u00b1 23,500",
    "470,000 +/- 5%",
    "1.5",
    "16,200 people",
    "almost 2,000 families",
    "an estimated 500 deaths",
    "400,000+ people",
)
# Shapes that take the full grammar: number words, multipliers, adjectives, suffixes, odd spacing.
OTHER: tuple[str, ...] = (
    "nearly six-year-long",
    "six years",
    "1.5 million people",
    "a maximum of two days",
    "two thousand five hundred",
    "37.5k",
    "750 or more people",
    "1,200-1,312 people",
    "more than a year",
    "  MORE   THAN   400,000   PEOPLE  ",
)
SHORTHAND: tuple[str, ...] = COMMON + OTHER

# Mapping forms as Quantity.to_data() writes them when the shorthand cannot say it.
MAPPINGS: tuple[dict[str, object], ...] = (
    {"value": 37500, "unit": "people", "step": 1},
    {"value": 470000, "lower": 446500, "upper": 500000},
    {"value": 1250, "qualifier": "between", "lower": 1200, "upper": 1312, "unit": "people"},
    {"value": 2000000, "step": 100000},
    {"value": 1.5, "step": 0.01},
    {"value": 37500, "qualifier": "about", "unit": "people"},
    {"value": 400000, "qualifier": "more_than", "unit": "people"},
    {"qualifier": "between", "lower": 1200, "upper": 1312, "unit": "people"},
)

# Ten sentences of the seed article, as written there (checked at start).
SENTENCES: tuple[str, ...] = (
    "The top diplomats of the regional powers met in Moscow and agreed to work on a successful "
    "peace deal and expand Aleppo-cease-fire to the rest of Syria.",
    'Russia, Iran and Turkey have all agreed that the priority in Syria is fighting "terrorism" '
    "and not the removal of President Bashar Assad, Russian Foreign Minister Sergei Lavrov told "
    "reporters after a tripartite summit Tuesday in Moscow.",
    '"Right now the evacuation is wrapping up," Lavrov said at a joint press conference.',
    '"We hope that this is a question of one or a maximum of two days."',
    "Russia and Iran have been Assad's main backers since the beginning of the six-year Syrian "
    "conflict, whereas Turkey has long supported many of the anti-government groups fighting to "
    "oust him.",
    "But Turkey and Russia have recently started working more closely, striking a complex deal "
    "that has allowed opposition groups and civilians to leave east Aleppo.",
    "The operation to evacuate has brought out 37,500 people since late last week and the goal is "
    "to complete the process by Wednesday, Cavusoglu said.",
    "The evacuation of Aleppo's rebel sector is seen as a pivotal moment in the nearly "
    "six-year-long war that has killed more than 400,000 people and triggered a major "
    "humanitarian and refugee crisis.",
    "Thousands more were still waiting to be bused out, according to Red Cross spokeswoman Ingy "
    "Sedky.",
    "She said that 750 people had also been evacuated from Fuaa and Kafraya, two Shiite-majority "
    "villages in northwest Syria that have been besieged by rebel fighters.",
)
# The sentence the find_quantities target is stated for (a clause of the eighth one).
REFERENCE = "the nearly six-year-long war that has killed more than 400,000 people"

TOLERANCE = 0.1
SIMPLE_RE = re.compile(r"[^0-9]*[0-9][0-9,.]*[^0-9]*")


@dataclass
class Row:
    name: str
    microseconds: float
    target: float | None = None


def load_module(path: str | None) -> ModuleType:
    """claimcheck.quantity, or the module in the file at path (another version of it)."""
    if path is None:
        import claimcheck.quantity

        return claimcheck.quantity
    spec = importlib.util.spec_from_file_location("quantity_under_test", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


CLOCK: list[Callable[[], float]] = [time.process_time]


def per_call(
    run: Callable[[], object],
    calls: int,
    repeat: int,
    setup: Callable[[], object] | None = None,
    number: int | None = None,
) -> float:
    """Microseconds per call: run() makes `calls` calls; best of `repeat` timings of about
    20 ms each (or of `number` runs), so that one of them is likely to be undisturbed."""
    timer = timeit.Timer(run, setup=setup if setup is not None else "pass", timer=CLOCK[0])
    if number is None:
        number, _ = timer.autorange()  # enough runs for 0.2 s
        number = max(1, number // 10)
    best = min(timer.repeat(repeat=repeat, number=number))
    return best / number / calls * 1e6


def cache_clearer(module: ModuleType) -> Callable[[], None]:
    """What empties parse_quantity's memory of texts (nothing to do for a version without)."""
    grammar = getattr(module, "grammar", module)  # the package keeps it in its grammar module
    cached = getattr(grammar, "_parse_cached", None)
    clear = getattr(cached, "cache_clear", None)
    if callable(clear):
        return lambda: clear()
    return lambda: None


def measure(module: ModuleType, repeat: int) -> tuple[list[Row], list[Row]]:
    parse: Callable[[str], Any] = module.parse_quantity
    from_data: Callable[[object], Any] = module.quantity_from_data
    find: Callable[[str], Any] = module.find_quantities
    quantity_type: Callable[..., Any] = module.Quantity
    clear = cache_clearer(module)

    def parse_all(texts: Sequence[str], fresh: bool) -> Callable[[], None]:
        def run() -> None:
            if fresh:
                clear()
            for text in texts:
                parse(text)

        return run

    def from_data_all(items: Sequence[object], fresh: bool) -> Callable[[], None]:
        def run() -> None:
            if fresh:
                clear()
            for item in items:
                from_data(item)

        return run

    quantities = [parse(text) for text in SHORTHAND]

    def intervals_warm() -> None:
        for q in quantities:
            q.interval(TOLERANCE)

    # Cold intervals: a fresh pool of equal quantities for every timing, each asked once.
    pool_size = 100
    pool: list[Any] = []

    def new_pool() -> None:
        pool[:] = [
            quantity_type(q.qualifier, q.value, q.lower, q.upper, q.unit, q.step)
            for _ in range(pool_size)
            for q in quantities
        ]

    def intervals_cold() -> None:
        for q in pool:
            q.interval(TOLERANCE)

    def find_all() -> None:
        for sentence in SENTENCES:
            find(sentence)

    def construct() -> None:
        for q in quantities:
            quantity_type(q.qualifier, q.value, q.lower, q.upper, q.unit, q.step)

    # Equal but separate objects (parse_quantity may hand back the very same one).
    twins = [
        quantity_type(q.qualifier, q.value, q.lower, q.upper, q.unit, q.step) for q in quantities
    ]

    def compare_and_hash() -> None:
        for q, twin in zip(quantities, twins, strict=True):
            _ = q == twin
            hash(q)

    n, c = len(SHORTHAND), len(COMMON)
    chars = sum(len(sentence) for sentence in SENTENCES)
    find_per_sentence = per_call(find_all, len(SENTENCES), repeat)
    rows = [
        # Issue 7's bound for a phrase read cold (the regex fast path of 6 us is gone: one
        # grammar, and check at 10,000 claims takes 10% more CPU without it).
        Row(
            "parse_quantity, 20 common shapes, cold",
            per_call(parse_all(COMMON, True), c, repeat),
            20,
        ),
        Row("parse_quantity, all 30, cold", per_call(parse_all(SHORTHAND, True), n, repeat)),
        Row("parse_quantity, all 30, warm", per_call(parse_all(SHORTHAND, False), n, repeat), 6),
        Row(
            "quantity_from_data(str), 20 common, cold",
            per_call(from_data_all(COMMON, True), c, repeat),
            20,
        ),
        Row(
            "quantity_from_data(str), all 30, warm",
            per_call(from_data_all(SHORTHAND, False), n, repeat),
            6,
        ),
        Row(
            "quantity_from_data(mapping), 8 forms",
            per_call(from_data_all(MAPPINGS, False), len(MAPPINGS), repeat),
            12,  # Quantity's own constructor, no longer bypassed
        ),
        Row("Quantity(...) construction", per_call(construct, n, repeat)),
        Row("Quantity == and hash", per_call(compare_and_hash, n, repeat)),
        Row("Quantity.interval(0.1), warm", per_call(intervals_warm, n, repeat), 1.5),
        Row(
            "Quantity.interval(0.1), cold",
            per_call(intervals_cold, pool_size * n, repeat, setup=new_pool, number=1),
        ),
        Row("find_quantities, per article sentence", find_per_sentence),
        Row(
            f"find_quantities, per {len(REFERENCE)} chars (scaled)",
            find_per_sentence * len(SENTENCES) / chars * len(REFERENCE),
            25,
        ),
        Row(
            "find_quantities, the reference sentence",
            per_call(lambda: find(REFERENCE), 1, repeat),
            60,  # each figure found is read again by parse_quantity, which has the last word
        ),
    ]

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def regex_all() -> None:
        for text in SHORTHAND:
            SIMPLE_RE.fullmatch(text)

    baselines = [
        Row("re.fullmatch of a simple pattern, same strings", per_call(regex_all, n, repeat)),
        Row(
            f"yaml.load of a one-line scalar ({loader.__name__})",
            per_call(lambda: yaml.load("37,500 people", Loader=loader), 1, repeat),
        ),
    ]
    return rows, baselines


def check_inputs(module: ModuleType) -> None:
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
    missing = [s for s in SENTENCES if s not in text]
    if missing:
        print(f"warning: {len(missing)} sentence(s) not found in {SEED.name}", file=sys.stderr)
    for shorthand in SHORTHAND:
        module.parse_quantity(shorthand)  # every input is a quantity: errors are not timed
    for mapping in MAPPINGS:
        module.quantity_from_data(mapping)
    assert isinstance(module.parse_quantity("1.5").value, Decimal)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--module", help="time this file instead of claimcheck.quantity")
    parser.add_argument("--repeat", type=int, default=15, help="timings per figure (best kept)")
    parser.add_argument("--wall", action="store_true", help="time wall clock, not CPU time")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.wall:
        CLOCK[0] = time.perf_counter

    module = load_module(args.module)
    check_inputs(module)
    rows, baselines = measure(module, max(1, args.repeat))
    regex_us, yaml_us = baselines[0].microseconds, baselines[1].microseconds

    print(f"claimcheck.quantity from {module.__file__}")
    clock = "wall time" if args.wall else "CPU time"
    python = f"Python {platform.python_version()} on {platform.machine()}"
    print(f"{python}, {clock}, best of {args.repeat}")
    print()
    print("yardsticks (us/call)")
    for row in baselines:
        print(f"  {row.name:<52} {row.microseconds:8.2f}")
    print()
    header = f"  {'operation':<52} {'us/call':>8} {'target':>8} {'x re':>7} {'x yaml':>7}"
    print(header)
    missed = 0
    for row in rows:
        target = f"<= {row.target:g}" if row.target is not None else ""
        verdict = ""
        if row.target is not None:
            ok = row.microseconds <= row.target
            verdict = "  ok" if ok else "  MISSED"
            missed += not ok
        print(
            f"  {row.name:<52} {row.microseconds:8.2f} {target:>8} "
            f"{row.microseconds / regex_us:7.1f} {row.microseconds / yaml_us:7.2f}{verdict}"
        )
    print()
    print(f"{missed} target(s) missed" if missed else "all targets met")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
