"""Digesting a registry: each record file read, digested (``digest``) and dropped in turn.

Without a cache every record is loaded and digested. With one (``DigestStore``), the records
are taken in batches: each record's bytes are read once and hashed with what its digest
depends on (``digest_key``), the batch's keys are looked up at once, and only the records
whose digest is missing are parsed, from the bytes read; their new digests are put back.
Documents are read once per run and shared by every claim citing them.

What comes out is what the engine needs of the registry as a whole: the digests of the
claims that loaded (by id, in id order), the facts for the rules across claims, every load
problem (a file that did not load, a broken sidecar, two files for one id) and the files that
did not load.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .digest import (
    DIGEST_FORMAT,
    HELD,
    VERDICT_AT,
    DigestStore,
    claim_digest,
    compact_json,
    digest_texts,
    facts_data,
    facts_of,
    held_text,
    is_well_formed,
    is_well_formed_head,
    problems_digest,
)
from .digestkeys import BATCH, Hashed, Keys, RecordHashes, RunKey, hashed, settings_hash
from .documents import canonical_document_path
from .errors import ClaimcheckError, InvalidRecordError, ProblemKind
from .gcpause import gc_paused
from .rules import ALL_RULES
from .rules.base import ClaimContext, Documents, RegistryFacts
from .store import Store, duplicate_id_problems

__all__ = ["DigestedRegistry", "Digester", "Digests", "digest_registry"]

PARALLEL_ABOVE = 2000  # files to digest: above this, every core digests
CHUNK = 200  # files a worker digests at a time
WORKERS_ENV = "CLAIMCHECK_WORKERS"  # how many processes digest records (1: this one alone)


class Digests(Mapping[str, dict[str, Any]]):
    """Claim id -> digest, in id order. Each is held as compact JSON text, a quarter of what
    the same data takes as Python objects, and decoded when asked for. What the check holds
    beside it anyway (the facts, the hits, the document) is left out of the text and put
    back when it is decoded.

    A text read back from a cache is checked when it is decoded (``_read_back`` checked the
    rest): one that does not decode to a digest is made again from its file (``remake``)."""

    def __init__(
        self,
        texts: dict[str, str],
        facts: RegistryFacts,
        hits: dict[str, list[list[Any]]],
        documents: dict[str, str],
        remake: Callable[[str], dict[str, Any]],
    ) -> None:
        self._texts = texts
        self._facts = facts
        self._hits = hits
        self._documents = documents
        self._remake = remake

    def __getitem__(self, claim_id: str) -> dict[str, Any]:
        text = self._texts[claim_id]
        facts = self._facts.claims[claim_id]
        try:
            held = json.loads(text)
            digest: Any = (
                held
                if "facts" in held
                else {  # "facts": held whole, as a store gave it
                    "format": DIGEST_FORMAT,
                    "path": facts.path,
                    "id": claim_id,
                    "id_at": held["id_at"],
                    "document": self._documents.get(facts.path),
                    "hits": self._hits.get(claim_id, []),
                    "facts": facts_data(facts),
                    "verdict": held["verdict"],
                    "span": held["span"],
                }
            )
        except (ValueError, TypeError, KeyError, RecursionError):
            digest = None
        if not is_well_formed(digest):
            digest = self._remake(facts.path)
        return cast(dict[str, Any], digest)

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"<{len(self)} digests>"


@dataclass
class DigestedRegistry:
    """The registry as the engine sees it once every record is digested."""

    claims: Digests  # id -> digest, in id order; a duplicated id is not here
    hits: dict[str, list[list[Any]]]  # id -> what the claim rules found, where they found any
    documents: dict[str, str]  # record path -> the document it cites, where it cites one
    facts: RegistryFacts
    problems: list[ClaimcheckError]  # sorted by place
    not_loaded: list[str]  # sorted paths
    run_key: str | None = None  # what the registry's check depends on (see RunKey), if known


class _Loaded:
    """A digested record that loaded, as held until every file is digested: its facts, its
    hits, and the rest of its digest as one string (see ``Digests``)."""

    __slots__ = ("document", "facts", "hits", "id", "id_at", "path", "text")

    def __init__(self, digest: dict[str, Any], text: str | None, shared: dict[Any, Any]) -> None:
        self.id: str = digest["id"]
        self.path: str = digest["path"]
        self.document: str | None = digest["document"]
        line, column = digest["id_at"]
        self.id_at = (int(line), int(column))
        self.hits: list[list[Any]] = digest["hits"]
        self.facts = facts_of(digest, shared)
        self.text = (
            text if text is not None else compact_json({name: digest[name] for name in HELD})
        )


class Digester:
    """Digests record files of one registry, sharing its documents between them."""

    def __init__(self, store: Store, documents: Documents | None = None) -> None:
        self.store = store
        self.documents = documents if documents is not None else Documents(store)
        self.tolerance = store.config.tolerance
        self.rules = tuple(rule for rule in ALL_RULES if rule.scope == "claim")

    def digest(self, relpath: str, raw: bytes | None = None) -> dict[str, Any]:
        """The digest of a record file (from ``raw``, its bytes, where already read)."""
        try:
            if raw is None:
                record = self.store.load_record(relpath)
            else:
                record = self.store.load_bytes(relpath, raw)
        except InvalidRecordError as err:
            return problems_digest(relpath, err.problems)
        return claim_digest(ClaimContext(record, self.documents, self.tolerance), self.rules)


_WORKER_DIGESTERS: dict[str, Digester] = {}


def _digest_chunk(root: str, files: Sequence[tuple[str, bytes | None]]) -> list[str]:
    """In a worker process: digest record files of the registry at ``root``, each from its
    bytes where the caller read them (one Digester per process and registry, so that its
    documents are read once); the digests as JSON text."""
    digester = _WORKER_DIGESTERS.get(root)
    if digester is None:
        digester = _WORKER_DIGESTERS[root] = Digester(Store(Path(root)))
    with gc_paused():
        return [compact_json(digester.digest(relpath, raw)) for relpath, raw in files]


def _read_back(found: Any, relpath: str, cited: str | None) -> tuple[Any, str | None] | None:
    """A digest from the store that is of this file and was made with the document its key
    was made with (see ``cited_document``), and its JSON text where the store gave that (for
    a claim, the text to hold: see ``Digests``); None when it is not such a digest.

    Only the head of a claim's digest is decoded and checked here: the verdict and span are
    held as text, decoded and checked when asked for (a warm check never asks)."""
    if not isinstance(found, str):
        return (found, None) if _usable(found, relpath, cited, is_well_formed) else None
    at = found.find(VERDICT_AT)
    try:
        if at < 0:
            digest = json.loads(found)
            return (digest, found) if _usable(digest, relpath, cited, is_well_formed) else None
        head = json.loads(found[:at] + "}")
    except (ValueError, RecursionError):  # not JSON (or nested past the stack): made again
        return None
    if not _usable(head, relpath, cited, is_well_formed_head):
        return None
    return head, held_text(found, at, head["id_at"])


def _usable(digest: Any, relpath: str, cited: str | None, shaped: Callable[[Any], bool]) -> bool:
    """Whether a digest is of this file, was made with the document its key was made with,
    and has the ``shaped`` shape."""
    if not shaped(digest) or digest["path"] != relpath:
        return False
    return "problems" in digest or digest["document"] == cited


def digest_registry(
    store: Store,
    cache: DigestStore | None = None,
    workers: int | None = None,
    keys: Keys | None = None,
) -> DigestedRegistry:
    """Digest every record file of the registry (from ``cache`` where it can), in ``workers``
    processes (None: every core when many files are to be digested, else one). ``keys``: the
    run's, where it made some already (its documents are then shared)."""
    relpaths = store.record_relpaths()
    digester = Digester(store, keys.documents if keys is not None else None)
    collector = _Collector(store)
    rejected: list[str] = []  # keys whose values were not digests of their files
    if keys is None:
        settings = settings_hash(store) if cache is not None else b""
        keys = Keys(store, digester.documents, settings)
    run = RunKey(keys.settings)
    record_hashes = RecordHashes(store, cache) if cache is not None else None
    # What is kept of each digest stays to the end: see gcpause.
    with gc_paused(), _Digesting(digester, workers) as digesting:
        # In batches, so that a record is read once and what waits is bounded: its bytes are
        # hashed into its key, looked up, and digested from those same bytes on a miss.
        for at in range(0, len(relpaths), BATCH):
            batch = relpaths[at : at + BATCH]
            if cache is None:
                misses: list[_Miss] = [(relpath, None, None) for relpath in batch]
            else:
                assert record_hashes is not None
                misses = _from_cache(
                    digester, keys, record_hashes(batch), batch, cache, collector, rejected, run
                )
            digesting.expect(len(misses), len(relpaths) - at - len(batch), len(batch))
            _take(digesting.digest(misses), collector, cache, run)
        _take(digesting.finish(), collector, cache, run)
        if rejected and cache is not None:
            cache.reject(rejected)
        return collector.registry(run.value() if cache is not None else None)


_Miss = tuple[str, str | None, bytes | None]  # a file to digest: path, key, bytes (None: unread)
# A new digest: its key, the digest, its text for the cache, the text to hold (None: made then).
_Done = tuple[str | None, dict[str, Any], str | None, str | None]


def _take(
    done: Iterator[_Done], collector: _Collector, cache: DigestStore | None, run: RunKey
) -> None:
    """Hand new digests to the collector, and to the cache those with a key."""
    new: dict[str, str] = {}
    for key, digest, text, held in done:
        collector.add(digest, held)
        run.made(digest)
        if key is not None and text is not None:
            new[key] = text
    if new and cache is not None:
        cache.put_many(new)


def _from_cache(
    digester: Digester,
    keys: Keys,
    hashes: list[Hashed],
    relpaths: Sequence[str],
    cache: DigestStore,
    collector: _Collector,
    rejected: list[str],
    run: RunKey,
) -> list[_Miss]:
    """Key these files (reading those whose kept state does not stand for their bytes: see
    ``filestate``), give the collector what the cache has of them (adding to ``rejected`` the
    keys of values that are not their digests), and return the others, with their keys and
    their bytes where read."""
    store = digester.store
    keyed: list[tuple[str, str | None, Hashed] | None] = []
    for relpath, known in zip(relpaths, hashes, strict=True):
        record_hash, cited, _ = known
        if record_hash is None:
            keyed.append(None)  # the digest says why it cannot be read, never from the cache
            continue
        key = keys.key(relpath, record_hash, cited)
        keyed.append((key, canonical_document_path(cited) if cited is not None else None, known))
    found = cache.get_many(list(dict.fromkeys(item[0] for item in keyed if item is not None)))
    misses: list[_Miss] = []
    for relpath, item in zip(relpaths, keyed, strict=True):
        if item is None:
            run.keyed(relpath, None, None, True)
            misses.append((relpath, None, None))
            continue
        key, cited, (record_hash, _, raw) = item
        if key in found:
            read = _read_back(found[key], relpath, cited)
            if read is not None:
                run.keyed(relpath, key, cited, False)
                collector.add(*read)
                continue
            rejected.append(key)
        if raw is None:  # keyed by its kept state: the bytes digested must be those hashed
            try:
                raw = store.read_record_bytes(relpath)
            except ClaimcheckError:
                raw = None
            if raw is None or hashed(raw) != record_hash:  # changed since: digested, not kept
                run.keyed(relpath, None, cited, True)
                misses.append((relpath, None, raw))
                continue
        run.keyed(relpath, key, cited, True)
        misses.append((relpath, key, raw))
    return misses


class _Digesting:
    """Digests the files not found in the cache: in this process, or in worker processes
    once enough are expected to be worth starting them (``expect``)."""

    def __init__(self, digester: Digester, asked: int | None) -> None:
        self.digester = digester
        self.asked = _asked_workers(asked)
        self.pool: Any = None  # a ProcessPoolExecutor, once started
        self.running: list[tuple[list[str | None], Any]] = []  # keys and future, per chunk
        self.waiting: list[_Miss] = []  # misses not yet sent to a worker
        self.workers = 1

    def __enter__(self) -> _Digesting:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def expect(self, misses: int, files_left: int, batch: int) -> None:
        """Start the workers if asked for, or if the misses so far, extrapolated to the files
        left, exceed ``PARALLEL_ABOVE`` (below that, starting workers costs more than they
        save)."""
        if self.pool is not None or misses == 0:
            return
        if self.asked is not None:
            count = self.asked
        else:
            expected = misses + files_left * misses / max(batch, 1)
            cores = os.cpu_count() or 1
            count = cores if cores > 1 and expected > PARALLEL_ABOVE else 1
        if count > 1:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(count)
            self.workers = count

    def digest(self, misses: Sequence[_Miss]) -> Iterator[_Done]:
        """Digest these files here, or send them to the workers and give what they finished."""
        if self.pool is None:
            digest = self.digester.digest
            for relpath, key, raw in misses:
                made = digest(relpath, raw)
                if key is None:
                    yield key, made, None, None
                else:
                    yield key, made, *digest_texts(made)
            return
        self.waiting.extend(misses)
        while len(self.waiting) >= CHUNK:
            self._send(CHUNK)
        # Keep the workers busy with a chunk or two each while this process reads on.
        while len(self.running) > 2 * self.workers:
            yield from self._collect()

    def finish(self) -> Iterator[_Done]:
        """What is still being digested, or waits to be."""
        if self.pool is None:
            return
        if self.waiting:
            self._send(len(self.waiting))
        while self.running:
            yield from self._collect()

    def _send(self, count: int) -> None:
        """Send the first ``count`` files waiting to a worker, with their bytes."""
        chunk, self.waiting = self.waiting[:count], self.waiting[count:]
        root = str(self.digester.store.root)
        future = self.pool.submit(_digest_chunk, root, [(path, raw) for path, _, raw in chunk])
        self.running.append(([key for _, key, _ in chunk], future))

    def _collect(self) -> Iterator[_Done]:
        keys, future = self.running.pop(0)
        for key, text in zip(keys, future.result(), strict=True):
            yield key, json.loads(text), text, text


def _asked_workers(asked: int | None) -> int | None:
    """How many processes were asked for: as given, or as $CLAIMCHECK_WORKERS says (None:
    not asked; ``_Digesting`` decides)."""
    if asked is None:
        setting = os.environ.get(WORKERS_ENV, "").strip()
        if setting:
            if not setting.isdigit() or int(setting) < 1:
                raise ClaimcheckError(
                    f"{WORKERS_ENV} must be a number of processes, 1 or more (1: no worker "
                    f"processes); it is {setting!r}"
                )
            asked = int(setting)
    return max(1, asked) if asked is not None else None


def _problem(data: Sequence[Any]) -> ClaimcheckError:
    kind, message, path, line, column = data
    return ClaimcheckError(
        message, path, line, column, kind=ProblemKind(kind) if kind is not None else None
    )


class _Collector:
    """Takes each digest as it is made, keeps what the check needs of it, and puts the
    registry together as ``Store.load`` would: two files for one id are both set aside, as
    neither is trusted."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.problems: list[ClaimcheckError] = []
        self.broken: set[str] = set()
        self.by_id: dict[str, list[_Loaded]] = {}
        self._names: dict[str, str] = {}  # one string for each document path, however often cited

    def add(self, digest: dict[str, Any], held: str | None = None) -> None:
        """Take a digest, with the text to hold of it where that was made already (see
        ``Digests``)."""
        if "problems" in digest:
            self.problems.extend(_problem(data) for data in digest["problems"])
            self.broken.add(digest["path"])
            return
        loaded = _Loaded(digest, held, self._names)
        if loaded.document is not None:
            loaded.document = self._names.setdefault(loaded.document, loaded.document)
        self.by_id.setdefault(loaded.id, []).append(loaded)

    def remake(self, relpath: str) -> dict[str, Any]:
        """A claim's digest made again from its file: its verdict, kept in a cache, was not
        one (``Digests``)."""
        digest = Digester(self.store).digest(relpath)
        if "verdict" not in digest:  # the file no longer loads
            raise ClaimcheckError(
                "changed while it was checked, and the check cache held a damaged entry for "
                "it: run the command again",
                relpath,
            )
        return digest

    def registry(self, run_key: str | None = None) -> DigestedRegistry:
        problems = self.problems
        problems.extend(
            self.store.sidecar_problems(
                {
                    loaded.document
                    for same_id in self.by_id.values()
                    for loaded in same_id
                    if loaded.document is not None
                }
            )
        )
        kept: dict[str, _Loaded] = {}
        for claim_id, same_id in sorted(self.by_id.items()):
            same_id.sort(key=lambda loaded: loaded.path)  # in file order, however they came
            if len(same_id) == 1:
                kept[claim_id] = same_id[0]
                continue
            problems.extend(
                duplicate_id_problems(claim_id, [(loaded.path, loaded.id_at) for loaded in same_id])
            )
            self.broken.update(loaded.path for loaded in same_id)
        problems.sort(key=lambda p: (p.path or "", p.line or 0, p.column or 0))
        facts = RegistryFacts({claim_id: loaded.facts for claim_id, loaded in kept.items()})
        hits = {claim_id: loaded.hits for claim_id, loaded in kept.items() if loaded.hits}
        documents = {loaded.path: loaded.document for loaded in kept.values() if loaded.document}
        texts = {claim_id: loaded.text for claim_id, loaded in kept.items()}
        return DigestedRegistry(
            claims=Digests(texts, facts, hits, documents, self.remake),
            hits=hits,
            documents=documents,
            facts=facts,
            problems=problems,
            not_loaded=sorted(self.broken),
            run_key=run_key,
        )
