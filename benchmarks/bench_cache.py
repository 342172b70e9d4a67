"""The check cache's choices, measured: how its values are encoded, and what the store costs.

    python benchmarks/bench_cache.py [--claims 10000] [--seed 0] [--repeat 3]

Values: the digest of every claim of a generated registry (generate.py; cached under
benchmarks/.data/), as the engine makes them (digest.py). The baseline, in this process, is
the parse floor: the same records' YAML parsed with PyYAML's C loader. Every decoding row is
printed as a ratio to it.

1. Encodings, encode and decode of every value, best of ``--repeat``:
   - ``json`` (standard library; the cache's choice): safe on a planted file;
   - ``marshal`` and ``pickle``: shown for scale only; both are unsafe on a file another user
     could plant (``marshal``'s documentation: "not intended to be secure against erroneous
     or maliciously constructed data"; unpickling runs arbitrary code);
   - ``repr`` / ``ast.literal_eval``: safe, standard library;
   - ``msgpack`` and ``orjson``: measured when installed (neither is a dependency).
2. The store (claimcheck/cache.py): one ``put_many`` of every value's JSON text (as the
   engine hands them over) into a new cache, one ``get_many`` of every key from a new
   connection (the warm check's read, text that the engine then decodes), and the file's size.
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import marshal
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from bench_load import record_paths, registry  # benchmarks/ is on sys.path

from claimcheck.cache import Cache
from claimcheck.digesting import digest_registry
from claimcheck.gcpause import gc_paused
from claimcheck.store import Store


def digests(root: Path) -> tuple[dict[str, Any], list[str]]:
    """Every claim's digest, as the engine makes them (under keys of a digest key's length),
    and the records' texts (the baseline's input)."""
    digested = digest_registry(Store(root))
    values = {f"{number:040x}": digest for number, digest in enumerate(digested.claims.values())}
    texts = [path.read_text(encoding="utf-8") for path in record_paths(root)]
    return values, texts


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]


def codecs() -> dict[str, Codec]:
    found: dict[str, Codec] = {
        "json (the cache's)": (
            lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False),
            json.loads,
        ),
        "marshal (unsafe)": (marshal.dumps, marshal.loads),
        "pickle (unsafe)": (lambda v: pickle.dumps(v, protocol=5), pickle.loads),
        "repr / literal_eval": (repr, ast.literal_eval),
    }
    try:
        import msgpack  # type: ignore[import-not-found]

        found["msgpack (not a dependency)"] = (msgpack.packb, msgpack.unpackb)
    except ImportError:
        print("msgpack is not installed: its row is left out")
    try:
        import orjson  # type: ignore[import-not-found]

        found["orjson (not a dependency)"] = (orjson.dumps, orjson.loads)
    except ImportError:
        print("orjson is not installed: its row is left out")
    return found


def cpu(run: Callable[[], Any], repeat: int) -> float:
    """Best CPU seconds of ``repeat`` runs (CPU: steadier than wall time on a shared machine),
    the collector paused as the check pauses it (gcpause.py), for the baseline too."""
    best = float("inf")
    for _ in range(repeat):
        with gc_paused():
            started = time.process_time()
            run()
            best = min(best, time.process_time() - started)
        gc.collect()
    return best


def measure_codec(
    encode: Callable[[Any], Any], decode: Callable[[Any], Any], values: dict[str, Any], repeat: int
) -> tuple[float, float, float]:
    """CPU seconds to encode and to decode every value, and the encoded size in MB."""
    encoded = [encode(value) for value in values.values()]
    assert [decode(blob) for blob in encoded] == list(values.values())  # exact round trip
    encode_s = cpu(lambda: [encode(value) for value in values.values()], repeat)
    decode_s = cpu(lambda: [decode(blob) for blob in encoded], repeat)
    return encode_s, decode_s, sum(len(blob) for blob in encoded) / 1e6


def measure_store(values: dict[str, Any], repeat: int) -> tuple[float, float, float]:
    """Best CPU seconds of a put_many of every value into a new cache and of a get_many of
    every key from a new connection, and the folder's size in MB."""
    rounds = [store_round(values) for _ in range(repeat)]
    return min(r[0] for r in rounds), min(r[1] for r in rounds), rounds[-1][2]


def store_round(values: dict[str, Any]) -> tuple[float, float, float]:
    """The engine hands the store each digest's compact JSON text, and takes text back."""
    texts = {
        key: json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        for key, value in values.items()
    }
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-cache-") as name:
        folder = Path(name)
        with Cache(folder) as writer:
            put_s = cpu(lambda: writer.put_many(texts), 1)
        with Cache(folder) as reader:
            get_s = cpu(lambda: found.update(reader.get_many(list(texts))), 1)
            assert found == texts and reader.notes == []
        size = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    return put_s, get_s, size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--claims", type=int, default=10_000, help="registry size")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generator jobs")
    args = parser.parse_args(argv)

    root = registry(args.claims, args.seed, cache=True, jobs=args.jobs)
    values, texts = digests(root)
    n = len(values)
    base = cpu(lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts], args.repeat)
    print(
        f"Python {sys.version.split()[0]}, {n} values; baseline (C-loader YAML parse of the "
        f"records): {base:.3f} s CPU, {base / n * 1e6:.0f} us a record"
    )
    print(f"\n{'encoding':<28}{'encode s':>10}{'decode s':>10}{'decode/base':>13}{'MB':>8}")
    for name, (encode, decode) in codecs().items():
        encode_s, decode_s, size = measure_codec(encode, decode, values, args.repeat)
        print(f"{name:<28}{encode_s:>10.3f}{decode_s:>10.3f}{decode_s / base:>13.3f}{size:>8.1f}")

    put_s, get_s, folder_size = measure_store(values, args.repeat)
    print(f"\n{'the store':<28}{'CPU s':>10}{'/base':>10}")
    print(f"{'put_many (new cache)':<28}{put_s:>10.3f}{put_s / base:>10.3f}")
    print(f"{'get_many (every key)':<28}{get_s:>10.3f}{get_s / base:>10.3f}")
    print(f"cache folder: {folder_size:.1f} MB for {n} values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
