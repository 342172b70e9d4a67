"""Where a cold check's time goes: each stage of digesting a record, per record, against the floor.

    python benchmarks/bench_stages.py [--sizes 10000] [--records 10000] [--repeat 3]

For a generated registry (generate.py; cached under benchmarks/.data/) it goes once through
its records (the first ``--records``), cold, in this process, with the garbage collector paused
as the check pauses it, each record through every stage in the order a check takes them, and
adds up the CPU time of each stage:

- read: the record's bytes, through the registry's confined file access;
- parse: ``parse_yaml`` (the quick reader of claimcheck's layout, else the full one);
- validate: the parsed data into a ``Claim`` (pydantic and the quantity grammar);
- evidence: weighing every source (``ClaimContext.evidence``), then writing the reasons;
- anchor: finding the quote in its document;
- each claim rule, by code (the first to ask for what the rules share works it out);
- digest: building each digest from all that, and its JSON texts.

The documents are read before (a run reads each once and shares it: a registry of 10,000
claims cites about 100). The floor is bench_load's: read each record and parse it with PyYAML's
C loader, best of ``--repeat``. It prints microseconds per record, each stage's share of the
floor, and the sum: the cold check's per-record cost less what it does once per run (start-up,
the rules across claims, the findings, the output, the cache). A measurement: exit status 0.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench_load import registry, registry_arguments, sizes_of  # benchmarks/ is on sys.path

from claimcheck.digest import cited_document, claim_digest, digest_texts
from claimcheck.digesting import Digester
from claimcheck.documents import canonical_document_path
from claimcheck.model import Claim
from claimcheck.rules.base import ClaimContext
from claimcheck.store import LoadedRecord, Store
from claimcheck.yamlio import decode_text, parse_yaml


def floor_micros(paths: Sequence[Path]) -> float:
    import yaml

    started = time.process_time_ns()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return (time.process_time_ns() - started) / 1000 / len(paths)


def stages(root: Path, records: int) -> list[tuple[str, float]]:
    """One cold pass, record by record as the check goes, each stage timed on its own."""
    store = Store(root)
    digester = Digester(store)
    relpaths = store.record_relpaths()[:records]
    spent: dict[str, int] = {}
    clock = time.process_time_ns  # CPU time: on a shared machine, wall time counts the others

    def add(name: str, since: int) -> int:
        now = clock()
        spent[name] = spent.get(name, 0) + now - since
        return now

    for relpath in relpaths:  # the documents read beforehand: a run reads each once
        cited = cited_document(store.read_record_bytes(relpath))
        if cited is not None:
            digester.documents.get(canonical_document_path(cited))
    for relpath in relpaths:
        at = clock()
        raw = store.read_record_bytes(relpath)
        at = add("read", at)
        parsed = parse_yaml(decode_text(raw))
        at = add("parse", at)
        claim = Claim.model_validate(parsed.data)
        at = add("validate", at)
        context = ClaimContext(
            LoadedRecord(claim, relpath, parsed, ""), digester.documents, digester.tolerance
        )
        evidence = context.evidence
        at = add("evidence", at)
        reasons = [evidence.reason, *(source.reason for source in evidence.sources)]
        at = add("reasons", at)
        assert reasons
        assert context.anchor is not None or claim.anchor is None
        at = add("anchor (the quote found in its document)", at)
        for rule in digester.rules:
            for _ in rule.check(context):
                pass
            at = add(f"rule {rule.code} {rule.name}", at)
        digest_texts(claim_digest(context, ()))
        add("digest (built from the above, and its JSON texts)", at)
    return [(name, nanos / 1000 / len(relpaths)) for name, nanos in spent.items()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    registry_arguments(parser, sizes="10000")
    parser.add_argument("--records", type=int, default=10000, help="records timed")
    args = parser.parse_args(argv)
    gc.disable()  # as the check runs (gcpause)
    for n in sizes_of(args.sizes):
        root = registry(n, args.seed, cache=True, jobs=args.jobs)
        paths = [root / relpath for relpath in Store(root).record_relpaths()[: args.records]]
        floor = min(floor_micros(paths) for _ in range(args.repeat))
        rows = [("floor (read, C-loader parse)", floor), *stages(root, args.records)]
        print(f"\n{n} claims, {min(args.records, n)} records; the floor best of {args.repeat}")
        print(f"{'stage':<46}{'us/record':>10}{'x floor':>9}")
        for name, micros in rows:
            print(f"{name:<46}{micros:>10.1f}{micros / floor:>9.2f}")
        total = sum(micros for _, micros in rows[1:])
        print(f"{'sum of the stages':<46}{total:>10.1f}{total / floor:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
