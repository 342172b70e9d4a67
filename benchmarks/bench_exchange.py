"""How import and export grow with the size of the input: the cost per claim at 4x the claims
against the cost per claim at 1x (target: at most 1.5, i.e. linear).

    python benchmarks/bench_exchange.py [--claims 1000] [--check]

Import reads a synthetic claims:search response (each claim with two reviews) into a new
registry and writes every record; a second import of the same file (which changes nothing)
and an export of the result to each format are timed too.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from claimcheck.changes import init_registry
from claimcheck.exchange.apply import import_file
from claimcheck.exchange.export import export_text
from claimcheck.store import Store
from claimcheck.vocab import ExportFormat

TARGET = 1.5
RATINGS = ["False", "Mostly true", "Half true", "Pants on Fire", "Faux"]


def response(n: int) -> dict[str, object]:
    claims = []
    for i in range(n):
        claims.append(
            {
                "text": f"Officials said {i * 7 + 100:,} people had left district {i}.",
                "claimant": f"Official {i % 97}",
                "claimDate": "2016-12-20T00:00:00Z",
                "claimReview": [
                    {
                        "publisher": {"name": f"Checker {j}", "site": f"c{j}.example.org"},
                        "url": f"https://c{j}.example.org/{i}",
                        "reviewDate": "2016-12-22",
                        "textualRating": RATINGS[(i + j) % len(RATINGS)],
                        "languageCode": "en",
                    }
                    for j in range(2)
                ],
            }
        )
    return {"claims": claims}


def timed(n: int, folder: Path) -> dict[str, float]:
    root = folder / f"registry-{n}"
    init_registry(root)
    source = folder / f"search-{n}.json"
    source.write_text(json.dumps(response(n)), encoding="utf-8")
    store = Store(root)
    times: dict[str, float] = {}
    start = time.perf_counter()
    import_file(store, source, None, "bench")
    times["import"] = time.perf_counter() - start
    start = time.perf_counter()
    import_file(Store(root), source, None, "bench")
    times["import again"] = time.perf_counter() - start
    for chosen in ExportFormat:
        start = time.perf_counter()
        export_text(Store(root), chosen, "https://example.org/c/")
        times[f"export {chosen.value}"] = time.perf_counter() - start
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    small, large = args.claims, args.claims * 4
    with tempfile.TemporaryDirectory() as tmp:
        first, second = timed(small, Path(tmp)), timed(large, Path(tmp))
    worst = 0.0
    print(f"{'step':<20} {small:>7} claims {large:>7} claims   per-claim ratio")
    for step in first:
        ratio = (second[step] / large) / (first[step] / small)
        worst = max(worst, ratio)
        print(f"{step:<20} {first[step]:>12.3f}s {second[step]:>12.3f}s   {ratio:>6.2f}")
    print(f"worst per-claim ratio {worst:.2f} (target <= {TARGET})")
    return 1 if args.check and worst > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
