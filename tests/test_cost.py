"""Cost grows with the input, never with its square: each test times one piece of work at two
sizes, the second four times the first, and compares the two (linear work takes about 4 times
as long; work that grows with the square, 16 times). CPU time, best of a few runs: never a
limit in seconds. benchmarks/bench_cost.py measures the same at larger sizes.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from helpers import nonsense_words
from rulekit import ARTICLE_TEXT, Kit, record

from claimcheck.documents import AnchorMatch, Span, closest_passage, find_quote
from claimcheck.evidence import assess
from claimcheck.model import Claim
from claimcheck.rules.sources import shared_origin
from claimcheck.rules.timing import day_words_disagree

GROWTH = 4  # the larger size is this many times the smaller
MOST = 8  # a ratio below this is linear (4) or n log n with noise; a square gives 16


def best_seconds(work: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return max(best, 1e-6)


def test_the_closest_passage_grows_with_the_document() -> None:
    quote = "zzq " + nonsense_words(40, seed=1)
    small, large = nonsense_words(20_000), nonsense_words(20_000 * GROWTH)
    ratio = best_seconds(lambda: closest_passage(large, quote)) / best_seconds(
        lambda: closest_passage(small, quote)
    )
    assert ratio < MOST, ratio


def test_the_closest_passage_barely_grows_with_the_quote() -> None:
    # Scoring every run of words against the quote cost the quote's length squared for
    # every place in the document.
    text = nonsense_words(30_000)
    short, long = "zzq " + nonsense_words(40, seed=1), "zzq " + nonsense_words(40 * GROWTH, seed=1)
    ratio = best_seconds(lambda: closest_passage(text, long)) / best_seconds(
        lambda: closest_passage(text, short)
    )
    assert ratio < MOST, ratio


def day_names_claim(size: int) -> SimpleNamespace:
    """What T102 reads of a claim anchored in one sentence naming ``size`` weekdays."""
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    sentence = " ".join(days[i % 7] for i in range(size)) + " by Friday, officials said.\n"
    start = sentence.index("officials")
    published = dt.date(2016, 12, 21)
    return SimpleNamespace(
        document=SimpleNamespace(text=sentence),
        document_date=published,
        as_of=published + dt.timedelta(days=2),  # no day named gives it: all are compared
        anchor=AnchorMatch("ok", Span(start, start + len("officials"))),
        claim=SimpleNamespace(as_of=published + dt.timedelta(days=2)),
    )


def test_t102_grows_with_the_sentence() -> None:
    small, large = day_names_claim(4_000), day_names_claim(4_000 * GROWTH)
    assert len(list(day_words_disagree.check(large))) == 1
    ratio = best_seconds(lambda: list(day_words_disagree.check(large))) / best_seconds(
        lambda: list(day_words_disagree.check(small))
    )
    assert ratio < MOST, ratio


def many_sources(count: int) -> Claim:
    """A claim of 750 with ``count`` sources, each from its own origin, that all support it,
    and every tenth a copy of the one before (the same origin again)."""
    sources = [
        {"publisher": f"Publisher {n - n % 10 if n % 10 == 1 else n}", "quantity": "750"}
        for n in range(count)
    ]
    return Claim.model_validate(
        {
            "id": "c",
            "claim": "A claim.",
            "quantity": "750",
            "anchor": {"document": "seeds/a.txt", "exact": "750"},
            "sources": sources,
        }
    )


def test_grouping_origins_grows_with_the_sources() -> None:
    small, large = many_sources(500), many_sources(500 * GROWTH)

    def weigh(claim: Claim) -> int:
        evidence = assess(claim, 0.1)
        return len(evidence.supporting) + len(
            list(shared_origin.check(SimpleNamespace(evidence=evidence)))
        )

    assert weigh(large) == 1_800 + 200  # 1,800 origins, 200 of them shared by two sources
    ratio = best_seconds(lambda: weigh(large)) / best_seconds(lambda: weigh(small))
    assert ratio < MOST, ratio


def peak_bytes_of_check(root: Path, document: str) -> int:
    (root / "claims").mkdir(parents=True)
    (root / "claimcheck.yaml").write_text("tolerance: 0.1\n", encoding="utf-8")
    kit = Kit(root)
    kit.raw("seeds/big.txt", document)
    kit.raw("seeds/big.txt.meta.yaml", "published: 2016-12-21\n")
    # A quote found only by forgiving curly quotes, a claimant to look for, a weekday:
    # every rule that reads the document reads all of it.
    exact = 'said "we hope" the talks'
    kit.add(record("a", anchor={"document": "seeds/big.txt", "exact": exact}))
    tracemalloc.start()
    try:
        assert {f.code for f in kit.check().findings} >= {"A104"}
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_of_a_check_is_a_small_multiple_of_the_document(tmp_path: Path) -> None:
    tail = "\nOn Monday, the spokeswoman said \u201cwe hope\u201d the talks go on.\n"
    small_text = ARTICLE_TEXT * 100 + tail
    large_text = ARTICLE_TEXT * 100 * GROWTH + tail
    small = peak_bytes_of_check(tmp_path / "small", small_text)
    large = peak_bytes_of_check(tmp_path / "large", large_text)
    assert large / small < MOST, large / small
    # An offset object and a pointer for every character took over 40 bytes a character.
    assert large < 16 * len(large_text.encode("utf-8")), large / len(large_text)


def test_finding_a_quote_that_stands_everywhere_grows_with_the_document() -> None:
    small, large = "talks\n" * 5_000, "talks\n" * 5_000 * GROWTH
    assert len(find_quote(large, "TALKS")) == 5_000 * GROWTH
    ratio = best_seconds(lambda: find_quote(large, "TALKS")) / best_seconds(
        lambda: find_quote(small, "TALKS")
    )
    assert ratio < MOST, ratio
