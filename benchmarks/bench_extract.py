"""Extraction quality and speed: figures, claimants, dates, check-worthiness, and time.

    python benchmarks/bench_extract.py [--claims N] [--words W] [--check]

Quality is measured on the labelled texts in tests/extract/ (written for the purpose, with a
gold list each, see tests/extract/gold.yaml):

- figures: a found figure is right when it starts where the gold figure starts, its words begin
  with the gold words, and its value and hedge are the gold ones; precision and recall;
- claimant and as_of accuracy: over the gold figures found, the share whose claimant (the
  person alone counts when both name one) and as_of are the gold ones;
- check-worthiness: ROC AUC of ``score`` on the labelled sentences (tests/extract/worthy.yaml),
  beside the baseline that asks only "does the sentence hold a digit".

Speed: ``claimcheck extract`` on an article of W words (default 5,000) with a generated
registry of N claims (default 10,000; benchmarks/generate.py, cached in benchmarks/.data/).
With ``--check`` it exits 1 when a quality target is missed (figure recall >= 0.95, precision
>= 0.9, claimant >= 0.85, as_of >= 0.9, AUC above the baseline by 0.1) or the command takes
2 s of CPU or more (the wall time is printed too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from claimcheck.extract.candidates import facts_of
from claimcheck.extract.pipeline import Candidate, extract
from claimcheck.extract.sentences import Sentence
from claimcheck.extract.worthiness import score_sentence

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "tests" / "extract"
_DIGIT = re.compile(r"\d")


@dataclass
class Quality:
    found: int
    gold: int
    right: int
    claimant_right: int
    as_of_right: int
    misses: list[str]

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    @property
    def claimant_accuracy(self) -> float:
        return self.claimant_right / self.right if self.right else 0.0

    @property
    def as_of_accuracy(self) -> float:
        return self.as_of_right / self.right if self.right else 0.0


def _person(name: str | None) -> str | None:
    return None if name is None else name.split(" (")[0].strip().casefold()


def _same_claimant(found: str | None, gold: str | None) -> bool:
    if found is None or gold is None:
        return found is gold
    return found.casefold() == gold.casefold() or _person(found) == _person(gold)


def _same_value(found: Decimal | None, gold: object) -> bool:
    """The gold value is a number, or a fraction written "1/3"."""
    if found is None:
        return False
    if isinstance(gold, str) and "/" in gold:
        numerator, denominator = gold.split("/")
        return abs(found - Decimal(numerator) / Decimal(denominator)) < Decimal("1e-9")
    return found == Decimal(str(gold))


def _gold_spans(text: str, figures: list[dict[str, object]]) -> list[tuple[int, dict[str, object]]]:
    """Each gold figure's start: its words, found in order through the text."""
    spans: list[tuple[int, dict[str, object]]] = []
    position = 0
    for figure in figures:
        words = str(figure["words"])
        found = re.search(rf"(?<!\w){re.escape(words)}(?!\d)", text[position:])
        if found is None:
            raise SystemExit(f"gold words {words!r} not found after offset {position}")
        start = position + found.start()
        spans.append((start, figure))
        position = start + 1
    return spans


def figure_quality(folder: Path = LABELLED) -> Quality:
    gold_all = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    quality = Quality(0, 0, 0, 0, 0, [])
    for name, gold in gold_all.items():
        text = (folder / "texts" / name).read_text(encoding="utf-8")
        published = gold["published"]
        candidates = [c for c in extract(text, published) if c.fact.quantity is not None]
        quality.found += len(candidates)
        spans = _gold_spans(text, gold["figures"])
        quality.gold += len(spans)
        by_start: dict[int, Candidate] = {c.fact.start: c for c in candidates}
        for start, figure in spans:
            candidate = by_start.get(start)
            quantity = candidate.fact.quantity if candidate is not None else None
            if (
                candidate is None
                or quantity is None
                or not candidate.fact.text.startswith(str(figure["words"]))
                or not _same_value(quantity.value, figure["value"])
                or quantity.qualifier.value != figure["hedge"]
            ):
                shown = f"{quantity}" if quantity is not None else "nothing"
                quality.misses.append(f"{name}: figure {figure['words']!r}: found {shown}")
                continue
            quality.right += 1
            if _same_claimant(candidate.claimant, figure["claimant"]):  # type: ignore[arg-type]
                quality.claimant_right += 1
            else:
                quality.misses.append(
                    f"{name}: {figure['words']!r} claimant {candidate.claimant!r}, "
                    f"gold {figure['claimant']!r}"
                )
            if candidate.dating.as_of == figure["as_of"]:
                quality.as_of_right += 1
            else:
                quality.misses.append(
                    f"{name}: {figure['words']!r} as_of {candidate.dating.as_of} "
                    f"({candidate.dating.reason}), gold {figure['as_of']}"
                )
    return quality


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """The probability that a random check-worthy sentence scores above a random other one
    (ties count half): the Mann-Whitney form of the ROC AUC."""
    positives = [s for s, label in zip(scores, labels, strict=True) if label]
    negatives = [s for s, label in zip(scores, labels, strict=True) if not label]
    if not positives or not negatives:
        raise ValueError("the labelled set needs both kinds of sentence")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def worthiness_auc(folder: Path = LABELLED) -> tuple[float, float, int]:
    """(AUC of the score, AUC of the digit baseline, number of sentences)."""
    labelled = yaml.safe_load((folder / "worthy.yaml").read_text(encoding="utf-8"))
    sentences = [item["text"] for item in labelled]
    labels = [bool(item["worthy"]) for item in labelled]
    scores = []
    for text in sentences:
        facts = facts_of(text, Sentence(0, len(text), text, 0))
        scores.append(score_sentence(text, facts).score)
    baseline = [1.0 if _DIGIT.search(text) else 0.0 for text in sentences]
    return roc_auc(scores, labels), roc_auc(baseline, labels), len(sentences)


def long_article(words: int) -> str:
    """An article of about ``words`` words, made of the labelled texts' paragraphs."""
    paragraphs: list[str] = []
    for path in sorted((LABELLED / "texts").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    out: list[str] = []
    count = 0
    while count < words:
        for paragraph in paragraphs:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out) + "\n"


def speed(claims: int, words: int, jobs: int) -> tuple[float, float, float, int]:
    """'claimcheck extract --format json' on a generated registry (median of 3 runs): wall
    seconds, CPU seconds of the process (user + system: on a shared machine the wall time
    also measures the neighbours), and the same extraction with no registry, in this process
    (the baseline); and the number of candidates."""
    import resource
    import subprocess

    sys.path.insert(0, str(HERE))
    from bench_load import registry  # the cached generated registry

    root = registry(claims, 0, True, jobs)
    article = root / "seeds" / "bench-extract-article.txt"
    article.write_text(long_article(words), encoding="utf-8")
    command = [sys.executable, "-m", "claimcheck", "--root", str(root), "extract", str(article)]
    command += ["--format", "json", "--date", "2024-06-07"]
    runs: list[tuple[float, float]] = []
    output = ""
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu))
    wall = sorted(w for w, _ in runs)[1]
    cpu = sorted(c for _, c in runs)[1]
    began = time.perf_counter()
    extract(article.read_text(encoding="utf-8"), dt.date(2024, 6, 7))
    alone = time.perf_counter() - began
    return wall, cpu, alone, output.count('"sentence"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=5_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-speed", action="store_true", help="quality only")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    quality = figure_quality()
    auc, baseline, count = worthiness_auc()
    print(f"figures: {quality.right} right of {quality.found} found, {quality.gold} in the gold")
    print(f"  precision {quality.precision:.3f}  recall {quality.recall:.3f}")
    print(f"claimant accuracy {quality.claimant_accuracy:.3f}")
    print(f"as_of accuracy    {quality.as_of_accuracy:.3f}")
    print(f"check-worthiness ROC AUC {auc:.3f} (digit baseline {baseline:.3f}; {count} sentences)")
    for miss in quality.misses:
        print(f"  miss: {miss}")
    failed = (
        quality.recall < 0.95
        or quality.precision < 0.9
        or quality.claimant_accuracy < 0.85
        or quality.as_of_accuracy < 0.9
        or auc < baseline + 0.1
    )
    if not args.no_speed:
        wall, cpu, alone, candidates = speed(args.claims, args.words, args.jobs)
        print(
            f"extract, {args.words:,} words, {args.claims:,} claims: {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU ({candidates} candidates); the extraction alone, no registry, "
            f"in this process: {alone:.2f} s; CPU / alone {cpu / alone:.1f}"
        )
        failed = failed or cpu >= 2.0
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
