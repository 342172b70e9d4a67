"""The keys of a check: of each record's digest, and of a check of the whole registry.

A digest's key is a hash of what the digest depends on (``digest_key``): the record's bytes
(hashed), its path, the document it cites and that document's sidecar, the settings. A record
is read and hashed, or, where its state is the one the cache kept (``filestate``), its hash
is the one kept. A check of the whole registry depends on every record's key, in the order
the records are listed, and on the rules chosen (``runmemo``): ``RunKey`` hashes the keys.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from . import __version__, filestate
from .config import CONFIG_FILE, MAX_SETTINGS_BYTES
from .digest import ABSENT, DigestStore, cited_document, digest_key
from .documents import MAX_SIDECAR_BYTES, Document, sidecar_path
from .errors import ClaimcheckError, NotFoundError
from .filestate import FileStates
from .rules.base import Documents
from .store import Store

__all__ = ["BATCH", "Keys", "RecordHashes", "RunKey", "hashed", "known_run_key", "settings_hash"]

BATCH = 500  # files read (or stated), looked up in the cache and handed to it at a time


def hashed(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def settings_hash(store: Store) -> bytes:
    try:
        return hashed(store.files.read_bytes(CONFIG_FILE, MAX_SETTINGS_BYTES, "the settings"))
    except NotFoundError:
        return ABSENT


class Keys:
    """Makes the keys of a registry's record digests, reading each document and sidecar they
    cite once (the documents are the run's, shared with the digests made)."""

    def __init__(self, store: Store, documents: Documents, settings: bytes) -> None:
        self.store = store
        self.documents = documents
        self.settings = settings
        self._components: dict[str | None, tuple[bytes, bytes]] = {}

    @classmethod
    def of(cls, store: Store) -> Keys:
        """The keys of a run through a cache: its settings read and hashed, its own documents."""
        return cls(store, Documents(store), settings_hash(store))

    def key(self, relpath: str, record_hash: bytes, cited: str | None) -> str:
        """The key of a record's digest, from the hash of its bytes and the document they
        seem to cite (``cited_document``)."""
        document, sidecar = self._document_components(cited)
        return digest_key(
            settings=self.settings,
            path=relpath,
            record=record_hash,
            document=document,
            sidecar=sidecar,
        )

    def _document_components(self, cited: str | None) -> tuple[bytes, bytes]:
        """What a document contributes to a key, hashed once per run: its text (as the check
        reads it, from the run's shared documents) or why it cannot be read, and its sidecar."""
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
                found = (hashed(text), hashed(self._sidecar_bytes(cited)))
            self._components[cited] = found
        return found

    def _sidecar_bytes(self, cited: str) -> bytes:
        """A document's sidecar as it is: what is known of the document, and what is wrong
        with the sidecar (its load problems are findings of the check), both follow from it."""
        try:
            return self.store.files.read_bytes(sidecar_path(cited), MAX_SIDECAR_BYTES, "a sidecar")
        except NotFoundError:
            return ABSENT
        except ClaimcheckError as err:
            return b"\0unreadable " + str(err).encode("utf-8", "surrogatepass")


class RunKey:
    """A hash of every record file's path and key, in the order they are listed: what a
    check of the whole registry depends on (with the settings, in each key, and the rules
    chosen: see ``runmemo``). None (``value``) when a file has no key (it cannot be read, or
    changed as it was read) or when a digest was made with another document than the one its
    key was made with (a record whose document ``cited_document`` does not find)."""

    def __init__(self, settings: bytes) -> None:
        self._hash = hashlib.blake2b(f"claimcheck {__version__} run".encode(), digest_size=20)
        self._hash.update(settings)  # in every key too, but a registry may have no record
        self._whole = True
        self._guessed: dict[str, str | None] = {}  # the cited document, of files to digest

    def keyed(self, relpath: str, key: str | None, cited: str | None, digested: bool) -> None:
        if key is None:
            self._whole = False
            return
        for part in (relpath.encode("utf-8", "surrogateescape"), key.encode()):
            self._hash.update(len(part).to_bytes(8, "little"))
            self._hash.update(part)
        if digested:
            self._guessed[relpath] = cited

    def made(self, digest: dict[str, Any]) -> None:
        guessed = self._guessed.pop(digest["path"], None)
        if "problems" not in digest and digest["document"] != guessed:
            self._whole = False

    def value(self) -> str | None:
        return self._hash.hexdigest() if self._whole else None


# A record file's hash and the document it cites, and its bytes where they were read (the hash
# None: the file cannot be read).
Hashed = tuple[bytes | None, str | None, bytes | None]


State = tuple[str, "os.stat_result | None", "tuple[bytes, str | None] | None"]


def kept_states(store: Store, relpaths: Sequence[str], cache: FileStates) -> list[State]:
    """For each file: the name its state is kept under, its state (None: not had cheaply, or
    not a regular file's), and its bytes' hash and cited document where the state kept is
    its state."""
    files = store.files
    infos = [files.state(relpath) for relpath in relpaths]
    names = [filestate.name_of(files.real_root, relpath) for relpath in relpaths]
    kept = cache.get_states(
        [name for name, info in zip(names, infos, strict=True) if info is not None]
    )
    return [
        (name, info, filestate.known(kept.get(name), info) if info is not None else None)
        for name, info in zip(names, infos, strict=True)
    ]


class RecordHashes:
    """Each record file's hash and cited document, for a run through a cache: as kept with its
    state, where the file is in the state kept (``filestate``), else from its bytes, read; the
    state of a settled file read is kept for the next run.

    Once a batch finds no state kept (a cold run, a registry new to the cache), the files are
    no longer looked up: each state is then the one its file had when it was opened to be read
    (a ``stat`` less a file)."""

    def __init__(self, store: Store, cache: DigestStore) -> None:
        self.store = store
        self.states = cache if isinstance(cache, FileStates) else None
        self.looking = self.states is not None

    def __call__(self, relpaths: Sequence[str]) -> list[Hashed]:
        store, states = self.store, self.states
        if self.looking and states is not None:
            looked = kept_states(store, relpaths, states)
            self.looking = any(known is not None for _, _, known in looked)
        else:
            real_root = store.files.real_root
            looked = [(filestate.name_of(real_root, relpath), None, None) for relpath in relpaths]
        found: list[Hashed] = []
        read: list[tuple[str, os.stat_result, bytes, str | None]] = []
        for relpath, (name, info, known) in zip(relpaths, looked, strict=True):
            if known is not None:
                found.append((*known, None))
                continue
            try:
                raw, opened = store.read_record_and_state(relpath)
            except ClaimcheckError:
                found.append((None, None, None))
                continue
            record_hash, cited = hashed(raw), cited_document(raw)
            found.append((record_hash, cited, raw))
            if states is not None and (info is not None or not self.looking):
                read.append((name, info if info is not None else opened, record_hash, cited))
        if read and states is not None:
            read_at = filestate.now()
            new = {
                name: filestate.state_text(info, record_hash, cited)
                for name, info, record_hash, cited in read
                if filestate.settled(info, read_at)
            }
            if new:
                states.put_states(new)
        return found


def known_run_key(store: Store, cache: DigestStore, keys: Keys) -> str | None:
    """The key of a check of the whole registry (``DigestedRegistry.run_key``) as the kept
    states of its files give it, without reading a record; None when a file's state is not
    kept or is not the state kept (the check then reads it)."""
    if not isinstance(cache, FileStates):
        return None
    relpaths = store.record_relpaths()
    run = RunKey(keys.settings)
    at, size = 0, 1  # the first file alone: a registry new to the cache is told at once
    while at < len(relpaths):
        batch = relpaths[at : at + size]
        for relpath, (_, _, known) in zip(batch, kept_states(store, batch, cache), strict=True):
            if known is None:
                return None
            record_hash, cited = known
            key = keys.key(relpath, record_hash, cited)
            run.keyed(relpath, key, None, False)
        at, size = at + size, BATCH
    return run.value()
