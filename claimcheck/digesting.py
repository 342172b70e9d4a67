"""Digesting a registry: each record file read, digested (``digest``) and dropped in turn.

Without a cache every record is loaded and digested. With one (``DigestStore``), every
record's bytes are read and hashed with what its digest depends on (``digest_key``), all keys
are looked up at once, and only the records whose digest is missing are parsed; their new
digests are put back. Documents are read once per run and shared by every claim citing them.

What comes out is what the engine needs of the registry as a whole: the digests of the
claims that loaded (by id, in id order), the facts for the rules across claims, every load
problem (a file that did not load, a broken sidecar, two files for one id) and the files that
did not load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .config import CONFIG_FILE, MAX_SETTINGS_BYTES
from .digest import (
    ABSENT,
    DigestStore,
    cited_document,
    claim_digest,
    digest_key,
    facts_of,
    is_well_formed,
    problems_digest,
)
from .documents import Document, canonical_document_path
from .errors import ClaimcheckError, InvalidRecordError, NotFoundError, ProblemKind, RecordError
from .gcpause import gc_paused
from .rules import ALL_RULES
from .rules.base import ClaimContext, Documents, RegistryFacts
from .store import Store

__all__ = ["DigestedRegistry", "Digester", "digest_registry"]


@dataclass
class DigestedRegistry:
    """The registry as the engine sees it once every record is digested."""

    claims: dict[str, dict[str, Any]]  # id -> digest, in id order; a duplicated id is not here
    facts: RegistryFacts
    problems: list[ClaimcheckError]  # sorted by place
    not_loaded: list[str]  # sorted paths


class Digester:
    """Digests record files of one registry, sharing its documents between them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.documents = Documents(store)
        self.tolerance = store.config.tolerance
        self.rules = tuple(rule for rule in ALL_RULES if rule.scope == "claim")
        self._components: dict[str | None, tuple[bytes, bytes]] = {}

    def digest(self, relpath: str, raw: bytes | None = None) -> dict[str, Any]:
        """The digest of a record file (from ``raw``, its bytes, where already read)."""
        try:
            if raw is None:
                record = self.store.load_file(self.store.root / relpath)
            else:
                record = self.store.load_bytes(relpath, raw)
        except InvalidRecordError as err:
            return problems_digest(relpath, err.problems)
        return claim_digest(ClaimContext(record, self.documents, self.tolerance), self.rules)

    def key(self, settings: bytes, relpath: str, raw: bytes) -> tuple[str, str | None]:
        """The key of a record's digest, and the document it seems to cite."""
        cited = cited_document(raw)
        document, sidecar = self._document_components(cited)
        key = digest_key(
            settings=settings, path=relpath, record=raw, document=document, sidecar=sidecar
        )
        return key, canonical_document_path(cited) if cited is not None else None

    def _document_components(self, cited: str | None) -> tuple[bytes, bytes]:
        """What a document contributes to a key: its text (as the check reads it, from the
        run's shared documents) or why it cannot be read, and what is known of it."""
        found = self._components.get(cited)
        if found is None:
            if cited is None:
                found = (ABSENT, ABSENT)
            else:
                read = self.documents.get(cited)
                text = (
                    read.text.encode("utf-8", "surrogatepass")
                    if isinstance(read, Document)
                    else b"\0unreadable " + str(read).encode("utf-8", "surrogatepass")
                )
                info = self.documents.info(cited)
                known = info.model_dump_json().encode() if info is not None else ABSENT
                found = (text, known)
            self._components[cited] = found
        return found


def _settings_bytes(store: Store) -> bytes:
    try:
        return store.files.read_bytes(CONFIG_FILE, MAX_SETTINGS_BYTES, "the settings")
    except NotFoundError:
        return ABSENT


def _through_cache(
    digester: Digester, relpaths: Sequence[str], cache: DigestStore
) -> list[dict[str, Any]]:
    store = digester.store
    settings = _settings_bytes(store)
    keys: list[tuple[str, str | None] | None] = []
    for relpath in relpaths:
        try:
            raw = store.read_record_bytes(relpath)
        except ClaimcheckError:
            keys.append(None)  # the digest says why it cannot be read, never from the cache
            continue
        keys.append(digester.key(settings, relpath, raw))
    found = cache.get_many(list(dict.fromkeys(key for key, _ in filter(None, keys))))
    digests: list[dict[str, Any]] = []
    new: dict[str, dict[str, Any]] = {}
    for relpath, keyed in zip(relpaths, keys, strict=True):
        if keyed is not None:
            digest = found.get(keyed[0])
            if digest is not None and _usable(digest, relpath, keyed[1]):
                digests.append(digest)
                continue
        # A miss: read the file again and key what was read, so that a file changed
        # meanwhile is never kept under the key of its old bytes.
        try:
            raw = store.read_record_bytes(relpath)
        except ClaimcheckError:
            digests.append(digester.digest(relpath))
            continue
        digest = digester.digest(relpath, raw)
        new[digester.key(settings, relpath, raw)[0]] = digest
        digests.append(digest)
    if new:
        cache.put_many(new)
    return digests


def _usable(digest: Any, relpath: str, cited: str | None) -> bool:
    """Whether a digest from the cache is of this file and was made with the document its
    key was made with (see ``cited_document``), and has the shape of a digest."""
    if not is_well_formed(digest) or digest["path"] != relpath:
        return False
    return "problems" in digest or digest["document"] == cited


def digest_registry(store: Store, cache: DigestStore | None = None) -> DigestedRegistry:
    """Digest every record file of the registry (from ``cache`` where it can)."""
    relpaths = [store.relative(path) for path in store.record_files()]
    digester = Digester(store)
    # Digests are many small objects that all stay: see gcpause.
    with gc_paused():
        if cache is None:
            digests = [digester.digest(relpath) for relpath in relpaths]
        else:
            digests = _through_cache(digester, relpaths, cache)
        return _assemble(store, digests)


def _problem(data: Sequence[Any]) -> ClaimcheckError:
    kind, message, path, line, column = data
    return ClaimcheckError(
        message, path, line, column, kind=ProblemKind(kind) if kind is not None else None
    )


def _assemble(store: Store, digests: Iterable[dict[str, Any]]) -> DigestedRegistry:
    """The claims by id, every load problem, and the files that did not load, as
    ``Store.load`` gives them: two files for one id are both set aside, as neither is
    trusted."""
    problems: list[ClaimcheckError] = []
    broken: set[str] = set()
    by_id: dict[str, list[dict[str, Any]]] = {}
    for digest in digests:
        if "problems" in digest:
            problems.extend(_problem(data) for data in digest["problems"])
            broken.add(digest["path"])
        else:
            by_id.setdefault(digest["id"], []).append(digest)
    problems.extend(
        store.sidecar_problems(
            digest["document"]
            for digests_of_id in by_id.values()
            for digest in digests_of_id
            if digest["document"] is not None
        )
    )
    claims: dict[str, dict[str, Any]] = {}
    for claim_id, same_id in sorted(by_id.items()):
        if len(same_id) == 1:
            claims[claim_id] = same_id[0]
            continue
        for digest in same_id:
            others = ", ".join(other["path"] for other in same_id if other is not digest)
            line, column = digest["id_at"]
            problems.append(
                RecordError(
                    f"duplicate id {claim_id!r}: also in {others}; keep one file per claim",
                    digest["path"],
                    line,
                    column,
                    kind=ProblemKind.DUPLICATE_ID,
                )
            )
            broken.add(digest["path"])
    problems.sort(key=lambda p: (p.path or "", p.line or 0, p.column or 0))
    facts = RegistryFacts({claim_id: facts_of(digest) for claim_id, digest in claims.items()})
    return DigestedRegistry(claims, facts, problems, sorted(broken))
