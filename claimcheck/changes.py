"""Changes to a registry: make one, add a claim, add a source, set a status, format records.

Each change to a record appends a history entry saying what changed, by whom and when (UTC),
and goes through the store's lock and atomic write.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import CONFIG_FILE, CONFIG_TEMPLATE
from .documents import MAX_PLACES, closest_passage, find_quote, make_anchor
from .errors import ClaimcheckError, ExistsError, InvalidRecordError, NotFoundError
from .model import SLUG_MAX_LENGTH, Claim, HistoryEntry, Source
from .offsets import line_of, lines_of
from .quantity import QuantityError, parse_quantity
from .safefs import RegistryFiles, user_path
from .store import CLAIMS_DIR, LOCK_FILE, SEEDS_DIR, LoadedRecord, Store, record_text
from .urls import url_problem
from .validation import build
from .vocab import Status
from .writes import atomic_write

REQUIRED_FIELDS = ("claim", "document", "quote")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


# --- a new registry ---------------------------------------------------------------------------


GITIGNORE = ".gitignore"
MAX_GITIGNORE_BYTES = 1024 * 1024


def init_registry(folder: Path) -> list[str]:
    """Make an empty registry in ``folder``; return what was created, relative to it.

    Everything is checked before anything is made, and a failure part-way undoes what was
    made: a registry is made whole or not at all.
    """
    folder = user_path(folder, "the folder")
    ignore_update = _check_init_target(folder)
    created: list[str] = []
    made: list[Path] = []  # to undo, newest last
    try:
        missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
        folder.mkdir(parents=True, exist_ok=True)
        made.extend(reversed(missing))
        for name in (CLAIMS_DIR, SEEDS_DIR):
            if not (folder / name).is_dir():
                (folder / name).mkdir()
                made.append(folder / name)
                created.append(name + "/")
        atomic_write(folder / CONFIG_FILE, CONFIG_TEMPLATE, replace=False)
        made.append(folder / CONFIG_FILE)
        created.append(CONFIG_FILE)
        if ignore_update is not None:
            target, content = ignore_update
            atomic_write(target, content, replace=True, shown=str(folder / GITIGNORE))
            created.append(GITIGNORE)
    except (OSError, ClaimcheckError) as err:
        _undo(made)
        if isinstance(err, ClaimcheckError):
            raise
        raise ClaimcheckError(f"cannot create the registry in {folder}: {err.strerror}") from None
    return created


def _check_init_target(folder: Path) -> tuple[Path, bytes] | None:
    """Refuse, before anything is made, a folder that cannot become a registry; return the
    .gitignore to write (where, and its new bytes), or None when it lists the lock file and
    the cache folder already."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise ClaimcheckError(f"{str(folder)!r} exists and is not a folder")
    if os.path.lexists(folder / CONFIG_FILE):
        raise ClaimcheckError(f"{folder / CONFIG_FILE} exists: this is a registry already")
    for name in (CLAIMS_DIR, SEEDS_DIR):
        path = folder / name
        if os.path.islink(path) or (os.path.lexists(path) and not path.is_dir()):
            raise ClaimcheckError(
                f"{str(path)!r} exists and is not a folder (a link or a file); move it away"
            )
    ignore = folder / GITIGNORE
    if not os.path.lexists(ignore):
        return ignore, "".join(f"{line}\n" for line, _ in _ignored()).encode()
    try:
        # Bytes, not text: a .gitignore in another encoding is kept exactly as it is.
        raw = RegistryFiles(folder).read_bytes(GITIGNORE, MAX_GITIGNORE_BYTES, "a .gitignore")
    except ClaimcheckError as err:
        err.path = str(ignore)
        raise
    present = {line.strip() for line in raw.splitlines()}
    missing = [line for line, spellings in _ignored() if not present & spellings]
    if not missing:
        return None
    separator = b"\n" if raw and not raw.endswith((b"\n", b"\r")) else b""
    added = "".join(f"{line}\n" for line in missing).encode()
    # through a link that stays inside the folder, to the file it names
    return Path(os.path.realpath(ignore)), raw + separator + added


def _ignored() -> list[tuple[str, set[bytes]]]:
    """What a registry's .gitignore lists: the lock file and the check cache's folder, each
    with the spellings that already ignore it."""
    from .cache import CACHE_FOLDER  # here, not at the top: only init needs it

    folder = {CACHE_FOLDER, f"{CACHE_FOLDER}/", f"/{CACHE_FOLDER}", f"/{CACHE_FOLDER}/"}
    return [
        (LOCK_FILE, {LOCK_FILE.encode(), f"/{LOCK_FILE}".encode()}),
        (f"{CACHE_FOLDER}/", {spelling.encode() for spelling in folder}),
    ]


def _undo(made: list[Path]) -> None:
    for path in reversed(made):
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
        except OSError:
            pass  # not ours to force: a folder someone filled meanwhile stays


# --- adding a claim ---------------------------------------------------------------------------


@dataclass
class NewClaim:
    """What the user gave for a new claim (``claimcheck add``)."""

    claim: str | None = None
    document: str | None = None
    quote: str | None = None
    quantity: str | None = None
    subject: str | None = None
    measure: str | None = None
    cumulative: bool = False
    as_of: dt.date | None = None
    part_of: str | None = None
    claimant: str | None = None
    tags: list[str] = field(default_factory=list)
    status: Status = Status.UNVERIFIED
    id: str | None = None
    note: str | None = None

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if not (getattr(self, name) or "").strip()]


def slugify(text: str, max_words: int = 8) -> str:
    """An id from a claim's words: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace(",", ""))
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX_LENGTH - 4:  # room for a -2 suffix
            break
        slug = candidate
    return slug or "claim"


def _quantity(text: str | None, option: str) -> Any:
    if text is None or not text.strip():
        return None
    try:
        return parse_quantity(text)
    except QuantityError as err:
        raise ClaimcheckError(f"{option}: {err}") from None


def _locate_quote(store: Store, document_path: str, quote: str) -> Any:
    document = store.document(document_path)
    spans = find_quote(document.text, quote, MAX_PLACES + 1)
    if not spans:
        message = f"the quote {quote!r} is not in {document_path}"
        near = closest_passage(document.text, quote)
        if near is not None:
            passage = document.text[near.start : near.end]
            message += (
                f"; the closest passage (line {line_of(document.text, near.start)}) is {passage!r}"
            )
        raise ClaimcheckError(message + "; --quote takes the document's exact words")
    if len(spans) > 1:
        lines = lines_of(document.text, (span.start for span in spans))
        times = f"more than {MAX_PLACES:,}" if len(spans) > MAX_PLACES else str(len(spans))
        raise ClaimcheckError(
            f"the quote {quote!r} stands {times} times in {document_path} (lines {lines}); "
            "quote more words so that it is found once"
        )
    return make_anchor(document, spans[0])


def build_claim(store: Store, new: NewClaim, by: str, now: dt.datetime) -> Claim:
    missing = new.missing()
    if missing:
        raise ClaimcheckError("missing " + ", ".join(f"--{name}" for name in missing))
    assert new.claim is not None and new.document is not None and new.quote is not None
    anchor = _locate_quote(store, new.document.strip(), new.quote)
    as_of = new.as_of
    if as_of is None:
        info = store.document_info(anchor.document)
        as_of = info.published if info is not None else None
    if new.part_of and not store.exists(new.part_of):
        raise NotFoundError(f"--part-of: no claim {new.part_of!r}; add the whole first")
    claim_id = new.id.strip() if new.id else _free_id(store, slugify(new.claim))
    note = new.note or f"Recorded from {anchor.document}."
    return build(
        Claim,
        {
            "id": claim_id,
            "claim": new.claim.strip(),
            "claimant": new.claimant or None,
            "subject": new.subject or None,
            "measure": new.measure or None,
            "quantity": _quantity(new.quantity, "--quantity"),
            "cumulative": new.cumulative,
            "as_of": as_of,
            "part_of": new.part_of or None,
            "anchor": anchor,
            "status": new.status,
            "history": [{"at": now, "status": new.status, "by": by, "note": note}],
            "tags": [tag.strip() for tag in new.tags if tag.strip()],
        },
    )


def _free_id(store: Store, base: str) -> str:
    candidate, number = base, 1
    while store.exists(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_claim(store: Store, new: NewClaim, by: str, now: dt.datetime | None = None) -> LoadedRecord:
    claim = build_claim(store, new, by, now or utc_now())
    if new.id:  # an explicit id is never changed: it is created or refused
        return store.create(claim)
    # A derived id is chosen before the lock is taken, so a concurrent 'add' of a claim with the
    # same words may take it first: then the next free id is taken instead.
    base = slugify(claim.claim)
    for _ in range(100):
        try:
            return store.create(claim)
        except ExistsError:
            claim = claim.model_copy(update={"id": _free_id(store, base)})
    raise ClaimcheckError(f"could not find a free id for {base!r}; give one with --id")


# --- changing a claim -------------------------------------------------------------------------


def _with_history(claim: Claim, status: Status, by: str, note: str, now: dt.datetime) -> Claim:
    # build, not HistoryEntry(...): a --by or --note that does not validate is a clear error.
    entry = build(HistoryEntry, {"at": now, "status": status, "by": by, "note": note})
    return claim.model_copy(update={"status": status, "history": [*claim.history, entry]})


def build_source(fields: dict[str, Any]) -> Source:
    """A source from the fields a user gave (empty ones left out), its web addresses and
    figure checked, as ``claimcheck source add`` reads them."""
    data = {key: value for key, value in fields.items() if value not in (None, "")}
    for key in ("url", "archive_url"):
        problem = url_problem(str(data[key])) if key in data else None
        if problem:
            raise ClaimcheckError(
                f"--{key.replace('_', '-')}: {data[key]!r} {problem}; give a web address "
                "such as https://example.org/report"
            )
    if "quantity" in data:
        data["quantity"] = _quantity(str(data["quantity"]), "--quantity")
    return build(Source, data)


def add_source(
    store: Store,
    claim_id: str,
    fields: dict[str, Any],
    by: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> LoadedRecord:
    """Append a source, given as the fields a user typed, to a claim."""
    return append_source(store, claim_id, build_source(fields), by, note, now)


def append_source(
    store: Store,
    claim_id: str,
    source: Source,
    by: str,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> LoadedRecord:
    """Append a source to a claim (its web addresses are checked as a typed one's are)."""
    for key, url in (("url", source.url), ("archive_url", source.archive_url)):
        problem = url_problem(url) if url else None
        if problem:
            raise ClaimcheckError(
                f"{key}: {url!r} {problem}; give a web address such as https://example.org/report"
            )
    summary = source.publisher + (f" ({source.quantity})" if source.quantity is not None else "")

    def change(claim: Claim) -> Claim:
        # One page may give several figures (one entry each); the very same entry twice is
        # a slip, and would look like two pieces of evidence.
        for number, existing in enumerate(claim.sources, start=1):
            if existing == source:
                raise ClaimcheckError(
                    f"claim {claim.id!r} already has this source (number {number}, from "
                    f"{source.publisher!r}); nothing added"
                )
        updated = claim.model_copy(update={"sources": [*claim.sources, source]})
        return _with_history(
            updated, claim.status, by, note or f"Added source: {summary}.", now or utc_now()
        )

    return store.update(claim_id, change)


def set_status(
    store: Store,
    claim_id: str,
    status: Status,
    note: str,
    by: str,
    now: dt.datetime | None = None,
) -> LoadedRecord:
    if not note.strip():
        raise ClaimcheckError("--note must say why the status changes")

    def change(claim: Claim) -> Claim:
        return _with_history(claim, status, by, note.strip(), now or utc_now())

    return store.update(claim_id, change)


# --- formatting -------------------------------------------------------------------------------


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)
    problems: list[ClaimcheckError] = field(default_factory=list)


def format_records(store: Store, check: bool, only: set[str] | None = None) -> FormatResult:
    """Rewrite every record (or those whose root-relative paths are in ``only``) in canonical
    form, or, with ``check``, only say which would change. Files that do not load are reported
    and left as they are."""
    result = FormatResult()
    for path in store.record_files():
        if only is not None and store.relative(path) not in only:
            continue
        try:
            record = store.load_file(path)
        except InvalidRecordError as err:
            result.problems.extend(err.problems)
            continue
        # The reference writer's text, through the quick writer where it vouches for it.
        text = record_text(record.claim)
        if text == record.text:
            continue
        if not check:
            try:
                store.rewrite(record, text)
            except ClaimcheckError as err:
                result.problems.append(err)
                continue  # not rewritten: not reported as reformatted
        result.changed.append(record.path)
    return result
