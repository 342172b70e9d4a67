"""The registry on disk: finding it, loading every record with locations, and writing safely.

Loading never stops at a broken file: each problem is kept (file, line, column, message) and the
other records load. Writes are atomic (a temporary file in the same folder, flushed and fsynced,
then renamed over the old one) and serialised by a lock file, so concurrent writers all land and
a kill at any moment leaves each file either old or new (see ``writes``). Only regular files
inside the registry are read (see ``safefs``), and records are written only inside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_FILE, Config, load_config
from .documents import (
    Document,
    canonical_document_path,
    document_path,
    read_document,
    sidecar_info,
)
from .errors import (
    ClaimcheckError,
    ExistsError,
    InvalidRecordError,
    NotFoundError,
    ProblemKind,
    RecordError,
)
from .gcpause import gc_paused
from .model import Claim, DocumentInfo, check_slug
from .safefs import RegistryFiles, user_path
from .validation import build, validate_located
from .writes import atomic_write, file_lock, remove_stale_temporaries
from .yamlio import ParsedYaml, decode_text, first_comment_line, parse_yaml
from .yamlquick import canonical_yaml

CLAIMS_DIR = "claims"
SEEDS_DIR = "seeds"
LOCK_FILE = ".claimcheck.lock"
ROOT_ENV = "CLAIMCHECK_ROOT"
RECORD_SUFFIXES = (".yaml", ".yml")
MAX_RECORD_BYTES = 1024 * 1024
LOCK_TIMEOUT_SECONDS = 10.0


@dataclass
class LoadedRecord:
    """A record that loaded, with the file it came from and where each field stands in it."""

    claim: Claim
    path: str  # relative to the root, with forward slashes
    parsed: ParsedYaml
    text: str

    def locate(self, *field_path: str | int) -> tuple[int, int]:
        return self.parsed.locate(field_path)


@dataclass
class Registry:
    """Everything that loaded, and everything that did not."""

    root: Path
    config: Config
    records: dict[str, LoadedRecord] = field(default_factory=dict)
    problems: list[ClaimcheckError] = field(default_factory=list)
    # Files that failed to load or were set aside, relative paths.
    broken: set[str] = field(default_factory=set)


# --- finding the registry ---------------------------------------------------------------------


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The registry root: ``--root``, else $CLAIMCHECK_ROOT, else the nearest folder at or above
    the working directory that holds claimcheck.yaml or a claims/ folder."""
    chosen = explicit if explicit is not None else os.environ.get(ROOT_ENV) or None
    if chosen is not None:
        root = user_path(chosen, "the registry root")
        if not root.is_dir():
            raise NotFoundError(f"registry root {str(root)!r} is not a folder")
        if not _is_registry(root):
            raise NotFoundError(
                f"{str(root)!r} is not a claimcheck registry (no {CONFIG_FILE} and no "
                f"{CLAIMS_DIR}/ folder); run 'claimcheck init {root}' to make one"
            )
        return root.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_registry(folder):
            return folder
    raise NotFoundError(
        f"no claimcheck registry in {str(here)!r} or any folder above it; run 'claimcheck init' "
        "to make one, or pass --root DIR"
    )


def _is_registry(folder: Path) -> bool:
    # Any claimcheck.yaml marks a registry, even one that cannot be read: loading it then says
    # what is wrong, rather than claimcheck looking further up for another registry.
    return os.path.lexists(folder / CONFIG_FILE) or (folder / CLAIMS_DIR).is_dir()


# --- reading ----------------------------------------------------------------------------------


def parse_record(text: str, relpath: str) -> tuple[Claim, ParsedYaml]:
    """Parse and validate one record's text; raise InvalidRecordError with located problems."""
    try:
        parsed = parse_yaml(text)
    except ClaimcheckError as err:
        err.path = relpath
        raise InvalidRecordError([err]) from None
    claim = validate_located(Claim, parsed, relpath)
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if claim.id != stem:
        line, column = parsed.locate(("id",))
        raise InvalidRecordError(
            [
                RecordError(
                    f"id {claim.id!r} differs from the file name {stem!r}; the file of claim "
                    f"'{claim.id}' must be {CLAIMS_DIR}/{claim.id}.yaml: rename one to match",
                    relpath,
                    line,
                    column,
                    kind=ProblemKind.ID_MISMATCH,
                )
            ]
        )
    return claim, parsed


class Store:
    """A registry rooted at a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.claims_dir = root / CLAIMS_DIR
        self.files = RegistryFiles(root)
        self._config: Config | None = None
        # Each sidecar read once per command, with what went wrong if it did.
        self._sidecars: dict[str, DocumentInfo | ClaimcheckError | None] = {}

    @classmethod
    def discover(cls, explicit: str | os.PathLike[str] | None = None) -> Store:
        return cls(find_root(explicit))

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.root)
        return self._config

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def record_files(self) -> list[Path]:
        """Every record file, sorted; hidden files (temporary files among them) are skipped.

        Whatever bears a record's name is listed, a folder, a FIFO or a link among them, so
        that loading it reports why it is no record rather than passing over it in silence.
        """
        return [Path(self.claims_dir, name) for name in self._record_names()]

    def record_relpaths(self) -> list[str]:
        """The paths relative to the root of ``record_files``, made without pathlib (a
        registry lists many)."""
        return [f"{CLAIMS_DIR}/{name}" for name in self._record_names()]

    def _record_names(self) -> list[str]:
        try:
            entries = sorted(os.scandir(self.claims_dir), key=lambda entry: entry.name)
        except FileNotFoundError:
            return []
        except OSError as err:
            raise ClaimcheckError(f"cannot list {CLAIMS_DIR}/: {err.strerror}") from None
        return [
            entry.name
            for entry in entries
            if entry.name.endswith(RECORD_SUFFIXES) and not entry.name.startswith(".")
        ]

    def _read_record(self, relpath: str) -> str:
        return self.files.read_text(relpath, MAX_RECORD_BYTES, "a claim record")

    def load_file(self, path: Path) -> LoadedRecord:
        return self.load_record(self.relative(path))

    def load_record(self, relpath: str) -> LoadedRecord:
        """The record at a path relative to the root."""
        try:
            text = self._read_record(relpath)
        except InvalidRecordError:
            raise
        except ClaimcheckError as err:
            raise InvalidRecordError([err]) from None
        claim, parsed = parse_record(text, relpath)
        return LoadedRecord(claim, relpath, parsed, text)

    def read_record_bytes(self, relpath: str) -> bytes:
        """A record file's bytes, read as ``load_file`` reads them (a regular file inside the
        registry, at most ``MAX_RECORD_BYTES``)."""
        return self.read_record_and_state(relpath)[0]

    def read_record_and_state(self, relpath: str) -> tuple[bytes, os.stat_result]:
        """A record file's bytes, and its state when it was opened."""
        return self.files.read_bytes_and_state(relpath, MAX_RECORD_BYTES, "a claim record")

    def load_bytes(self, relpath: str, raw: bytes) -> LoadedRecord:
        """A record from bytes already read (by ``read_record_bytes``)."""
        try:
            text = decode_text(raw)
        except ClaimcheckError as err:
            err.path = relpath
            raise InvalidRecordError([err]) from None
        claim, parsed = parse_record(text, relpath)
        return LoadedRecord(claim, relpath, parsed, text)

    def load(self, only: set[str] | None = None) -> Registry:
        """Load every record (or those whose relative paths are in ``only``)."""
        registry = Registry(self.root, self.config)
        by_id: dict[str, list[LoadedRecord]] = {}
        with gc_paused():
            for path in self.record_files():
                relpath = self.relative(path)
                if only is not None and relpath not in only:
                    continue
                try:
                    record = self.load_file(path)
                except InvalidRecordError as err:
                    registry.problems.extend(err.problems)
                    registry.broken.add(relpath)
                    continue
                by_id.setdefault(record.claim.id, []).append(record)
            registry.problems.extend(
                self.sidecar_problems(
                    record.claim.anchor.document
                    for records in by_id.values()
                    for record in records
                    if record.claim.anchor is not None
                )
            )
        for claim_id, records in sorted(by_id.items()):
            if len(records) == 1:
                registry.records[claim_id] = records[0]
                continue
            # Two files for one id (claims/x.yaml and claims/x.yml): neither is trusted.
            registry.problems.extend(
                duplicate_id_problems(claim_id, [(r.path, r.locate("id")) for r in records])
            )
            registry.broken.update(record.path for record in records)
        registry.problems.sort(key=lambda p: (p.path or "", p.line or 0, p.column or 0))
        return registry

    def claim_path(self, claim_id: str) -> Path:
        """The file of a claim id; the id is checked to be a slug, so it never leaves claims/."""
        try:
            check_slug(claim_id)
        except ValueError as err:
            raise ClaimcheckError(str(err)) from None
        return self.claims_dir / f"{claim_id}.yaml"

    def find_file(self, claim_id: str) -> Path:
        path = self.claim_path(claim_id)
        candidates = [path.with_suffix(suffix) for suffix in RECORD_SUFFIXES]
        # Anything at the path (a FIFO, a link, a folder) is the claim's file: loading it says
        # why it does not load, where "no claim" would mislead.
        existing = [candidate for candidate in candidates if os.path.lexists(candidate)]
        if not existing:
            raise NotFoundError(
                f"no claim {claim_id!r} (looked for {CLAIMS_DIR}/{claim_id}.yaml); "
                "'claimcheck list' shows the ids"
            )
        if len(existing) > 1:
            raise ClaimcheckError(
                f"claim {claim_id!r} has two files ({', '.join(map(self.relative, existing))}); "
                "keep one"
            )
        return existing[0]

    def get(self, claim_id: str) -> LoadedRecord:
        return self.load_file(self.find_file(claim_id))

    def exists(self, claim_id: str) -> bool:
        path = self.claim_path(claim_id)
        return any(os.path.lexists(path.with_suffix(suffix)) for suffix in RECORD_SUFFIXES)

    # --- documents ----------------------------------------------------------------------------

    def document(self, relpath: str) -> Document:
        return read_document(self.root, relpath)

    def document_info(self, relpath: str) -> DocumentInfo | None:
        """What claimcheck.yaml (``documents:``) or a sidecar file says of a document."""
        info = self.config.documents.get(relpath)
        if info is not None:
            return info
        if relpath not in self._sidecars:
            try:
                self._sidecars[relpath] = sidecar_info(self.root, relpath)
            except ClaimcheckError as err:
                self._sidecars[relpath] = err
        found = self._sidecars[relpath]
        if isinstance(found, ClaimcheckError):
            raise found
        return found

    def sidecar_problems(self, cited: Iterable[str]) -> list[ClaimcheckError]:
        """What is wrong with the sidecars of the documents the records cite: each a located
        load problem, so a misspelt ``publshed:`` is reported, not a date silently lost."""
        documents = {canonical_document_path(document) for document in cited}
        problems: list[ClaimcheckError] = []
        for document in sorted(documents):
            try:
                document_path(self.root, document)
            except ClaimcheckError:
                continue  # a path no file can have: A101 reports it on the claim
            try:
                self.document_info(document)
            except InvalidRecordError as err:
                problems.extend(err.problems)
            except ClaimcheckError as err:
                if err.path is not None:
                    problems.append(err)
        return problems

    # --- writing ------------------------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
        """The registry's write lock. Holding it, no other claimcheck command is writing, so
        any temporary file left in claims/ is stale (a writer was killed): it is removed."""
        with file_lock(Path(self.files.real_root) / LOCK_FILE, timeout):
            if self.files.is_inside(os.path.realpath(self.claims_dir)):
                remove_stale_temporaries(self.claims_dir)  # never a folder elsewhere
            yield

    def _claims_folder(self) -> Path:
        """claims/ where records are written: a folder inside the registry (made if missing)."""
        if not os.path.lexists(self.claims_dir):
            self.claims_dir.mkdir(parents=True, exist_ok=True)
        real = os.path.realpath(self.claims_dir)
        if not self.files.is_inside(real):
            raise ClaimcheckError(
                "is a symbolic link that leads outside the registry; claimcheck writes records "
                "only inside it",
                CLAIMS_DIR,
            )
        if not os.path.isdir(real):
            raise ClaimcheckError("is not a folder; records are written in it", CLAIMS_DIR)
        return Path(real)

    def create(self, claim: Claim) -> LoadedRecord:
        """Write a new record; an existing claim is never overwritten."""
        path = self.claim_path(claim.id)
        text = record_text(claim)
        with self.lock():
            if self.exists(claim.id):
                raise ExistsError(
                    f"claim {claim.id!r} already exists ({self.relative(path)}); "
                    "choose another --id"
                )
            self.write_record(self.relative(path), text, replace=False)
        relpath = self.relative(path)
        return LoadedRecord(claim, relpath, parse_yaml(text), text)

    def update(self, claim_id: str, change: Callable[[Claim], Claim]) -> LoadedRecord:
        """Re-read a record under the lock, apply ``change`` and write the result atomically."""
        with self.lock():
            record = self.get(claim_id)
            refuse_if_comments(record)
            claim = change(record.claim)
            # Round-trip through validation so no invalid record is ever written; what the
            # user gave (a note, a name) that does not validate is an error, not a traceback.
            claim = build(Claim, claim.to_data())
            text = record_text(claim)
            self.write_record(record.path, text)
        return LoadedRecord(claim, record.path, parse_yaml(text), text)

    def rewrite(self, record: LoadedRecord, text: str) -> None:
        """Replace a record's file with new text (for fmt), unless it changed meanwhile."""
        with self.lock():
            if self._read_record(record.path) != record.text:
                raise ClaimcheckError(
                    "changed while formatting; run the command again", record.path
                )
            refuse_if_comments(record)
            self.write_record(record.path, text)

    def write_record(self, relpath: str, text: str, *, replace: bool = True) -> None:
        """Write a record's file (``claims/<name>``), the caller holding the lock: atomically,
        only inside the registry, and with ``replace=False`` never over an existing file."""
        name = relpath.rsplit("/", 1)[-1]
        atomic_write(self._claims_folder() / name, text, replace=replace, shown=relpath)


def duplicate_id_problems(
    claim_id: str, places: Sequence[tuple[str, tuple[int, int]]]
) -> list[ClaimcheckError]:
    """One problem for each file of an id that has two (claims/x.yaml and claims/x.yml), given
    each file's path and the line and column of its ``id``."""
    problems: list[ClaimcheckError] = []
    for path, (line, column) in places:
        others = ", ".join(other for other, _ in places if other != path)
        problems.append(
            RecordError(
                f"duplicate id {claim_id!r}: also in {others}; keep one file per claim",
                path,
                line,
                column,
                kind=ProblemKind.DUPLICATE_ID,
            )
        )
    return problems


def record_text(claim: Claim) -> str:
    """The canonical YAML of a record (the fast writer where it gives the same bytes)."""
    return canonical_yaml(claim.to_data())


def refuse_if_comments(record: LoadedRecord) -> None:
    """Rewriting a record drops YAML comments; refuse rather than lose them."""
    line = first_comment_line(record.text)
    if line is not None:
        raise ClaimcheckError(
            "has a YAML comment, which rewriting the record would lose; move it into a history "
            "note (or delete it) and run the command again",
            record.path,
            line,
        )
