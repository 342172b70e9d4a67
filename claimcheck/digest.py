"""A claim file's digest: everything a check needs of one claim once its record is dropped.

The engine loads one record, digests it and drops the record and its source map, so that a
check holds a few KB per claim, not the whole registry. A digest is plain data (dicts, lists,
str, int, float, bool and None), so a cache can keep it as JSON and a worker process can send
it back. It holds:

- ``path`` (relative to the root) and ``format`` (``DIGEST_FORMAT``);
- for a file that did not load, ``problems``: ``[kind, message, path, line, column]`` each;
- for a record that loaded:

  - ``id`` and ``id_at`` (the line and column of ``id``, for a duplicate id);
  - ``document``: the canonical path of the document it cites, or None;
  - ``hits``: what every claim rule found, ``[code, message, field, line, column, fix,
    action]``, whatever the selection: selection, severities and per-file ignores are
    applied when the findings are put together, so one digest serves every run;
  - ``facts``: what the rules across claims need (``ClaimFacts``);
  - ``verdict``: the word, its reason, the number of independent origins that support and
    contradict it, and per source ``[index, publisher, stance, counted, reason, interval,
    carried]``;
  - ``span``: ``[start, end]`` of the quote in its document, where it stands.

An interval is ``[low, high, low_closed, high_closed]``; JSON has no infinity, so an endless
end is the string ``"inf"`` or ``"-inf"``.

A digest depends on its record's bytes and path, the settings, its document and the
document's sidecar, and claimcheck's version: ``digest_key`` hashes exactly these (the
settings, document and sidecar each hashed once per run, and their hashes given), and
``DigestStore`` is what a cache offers the engine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from . import __version__

if TYPE_CHECKING:
    from .errors import ClaimcheckError
    from .quantity import Interval, Quantity
    from .rules.base import ClaimContext, ClaimFacts, Rule

__all__ = [
    "DIGEST_FORMAT",
    "HELD",
    "VERDICT_AT",
    "DigestStore",
    "cited_document",
    "claim_digest",
    "compact_json",
    "decode_interval",
    "digest_key",
    "digest_texts",
    "encode_interval",
    "facts_data",
    "facts_of",
    "held_text",
    "is_well_formed",
    "is_well_formed_head",
    "problems_digest",
]

# Bump when what a digest holds, or how it is made, changes: old digests then miss.
DIGEST_FORMAT = 1
ABSENT = b"\0absent"  # a settings file, document or sidecar that is not there

# Field paths the rules across claims point at: their places are kept in the facts.
FACT_FIELDS = ("quantity", "part_of")  # as ClaimFacts.PLACED


class DigestStore(Protocol):
    """Where digests are kept between runs (claimcheck.cache keeps them in SQLite).

    The engine gives each digest as its JSON text (a str, compact, every value plain), so a
    store keeps it as it is; a store may give back that text or the digest it decodes to.
    What comes back is checked (``is_well_formed``) and, if it is not a digest of the file, made
    again: a store can lose or garble entries, never change an answer.
    """

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The digests (or their JSON text) found under these keys; missing keys left out."""
        ...

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Keep these digests' JSON text under their keys."""
        ...

    def reject(self, keys: Sequence[str]) -> None:
        """These keys gave back something that is not a digest of their file (garbled, or
        planted): the engine made them again and will ``put_many`` the new ones."""
        ...


def digest_key(
    *,
    settings: bytes,
    path: str,
    record: bytes,
    document: bytes,
    sidecar: bytes,
) -> str:
    """The key of a digest: a hash of exactly what it depends on. ``settings`` is the settings
    file's bytes, ``document`` and ``sidecar`` the cited document's and its sidecar's (each
    ``ABSENT``, or the reason it cannot be read, where there is none to read).

    >>> a = digest_key(settings=b"", path="claims/a.yaml", record=b"id: a", document=b"",
    ...                sidecar=b"")
    >>> a == digest_key(settings=b"", path="claims/b.yaml", record=b"id: a", document=b"",
    ...                 sidecar=b"")
    False
    """
    hashed = hashlib.blake2b(digest_size=20)
    for part in (
        f"claimcheck {__version__} digest {DIGEST_FORMAT}".encode(),
        settings,
        path.encode("utf-8", "surrogateescape"),
        record,
        document,
        sidecar,
    ):
        # each part with its length, so that no two different inputs hash the same bytes
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()


_DOCUMENT_LINE = re.compile(
    rb"^anchor:[ \t]*\r?\n(?:[ \t]+[^\n]*\n)*?[ \t]+document:[ \t]*([^\n]*?)[ \t]*\r?$",
    re.MULTILINE,
)


def cited_document(record: bytes) -> str | None:
    """The document a record cites, read from its bytes without parsing them, for the key.

    Only a guess: a record written in an unusual style may hide its document from it. The
    digest names the document it was made with, and a digest whose document is not the one
    guessed is not used, so a wrong guess costs a re-check, never a wrong answer.

    >>> cited_document(b"id: a\\nanchor:\\n  document: 'seeds/a.txt'\\n  exact: x\\n")
    'seeds/a.txt'
    """
    found = _DOCUMENT_LINE.search(record)
    if found is None:
        return None
    try:
        value = found.group(1).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"' and "\\" not in value:
        return value[1:-1]
    return value.split(" #", 1)[0] or None


# --- making a digest ---------------------------------------------------------------------------


def encode_interval(interval: Interval | None) -> list[Any] | None:
    if interval is None:
        return None
    low, high = interval.low, interval.high
    return [
        _ENDLESS.get(low, low),
        _ENDLESS.get(high, high),
        interval.low_closed,
        interval.high_closed,
    ]


_ENDLESS: dict[float, str] = {math.inf: "inf", -math.inf: "-inf"}  # JSON has no infinity


def decode_interval(data: Any) -> Interval | None:
    from .quantity.interval import Interval

    if data is None:
        return None
    low, high, low_closed, high_closed = data
    return Interval(float(low), float(high), bool(low_closed), bool(high_closed))


def problems_digest(path: str, problems: Sequence[ClaimcheckError]) -> dict[str, Any]:
    """The digest of a file that did not load: its problems."""
    return {
        "format": DIGEST_FORMAT,
        "path": path,
        "problems": [
            [
                problem.kind.value if problem.kind is not None else None,
                problem.message,
                problem.path,
                problem.line,
                problem.column,
            ]
            for problem in problems
        ],
    }


def claim_digest(claim: ClaimContext, rules: Sequence[Rule]) -> dict[str, Any]:
    """The digest of a record that loaded: what ``rules`` (every claim rule, in order) found,
    the facts, the verdict and where the quote stands."""
    record = claim.record
    model = claim.claim
    hits = []
    for rule in rules:
        for hit in rule.check(claim):
            line, column = record.parsed.locate(hit.field)
            fix = hit.fix
            hits.append(
                [
                    rule.code,
                    hit.message,
                    "/".join(map(str, hit.field)),
                    line,
                    column,
                    fix.description if fix is not None else None,
                    fix.action if fix is not None else None,
                ]
            )
    evidence = claim.evidence
    sources = []
    for assessment in evidence.sources:
        interval, compared = assessment.interval, assessment.compared
        sources.append(
            [
                assessment.index,
                assessment.source.publisher,
                assessment.stance.value,
                assessment.counted,
                assessment.reason,
                encode_interval(interval),
                # carried to the claim's date: written only where that moved it
                None if compared is interval or compared == interval else encode_interval(compared),
            ]
        )
    match = claim.anchor
    span = match.span if match is not None else None
    as_of = claim.as_of
    anchor = model.anchor
    return {
        "format": DIGEST_FORMAT,
        "path": record.path,
        "id": model.id,
        "id_at": list(record.parsed.locate(_ID_PATH)),
        "document": _canonical_path(anchor.document) if anchor is not None else None,
        "hits": hits,
        "facts": {
            "subject": model.subject,
            "measure": model.measure,
            "as_of": as_of.isoformat() if as_of is not None else None,
            "cumulative": model.cumulative,
            "part_of": model.part_of,
            "quantity": _quantity_text(model.quantity),
            "interval": encode_interval(evidence.interval),
            "places": {name: list(record.parsed.locate(path)) for name, path in _FACT_PATHS},
        },
        "verdict": {
            "word": evidence.verdict.value,
            "reason": evidence.reason,
            "supporting": len(evidence.supporting),
            "contradicting": len(evidence.contradicting),
            "sources": sources,
        },
        "span": [span.start, span.end] if span is not None else None,
    }


_ID_PATH = ("id",)
_FACT_PATHS = tuple((name, (name,)) for name in FACT_FIELDS)
_QUANTITY_TEXTS: dict[tuple[object, ...], str] = {}


def _canonical_path(relpath: str) -> str:
    return _document_paths()(relpath)


@cache  # imported once, on first use: documents imports the models, which a warm run skips
def _document_paths() -> Callable[[str], str]:
    from .documents import canonical_document_path

    return canonical_document_path


def _quantity_text(quantity: Quantity | None) -> str | None:
    """The figure's text, made once per spelling (making it reads it back to be sure)."""
    if quantity is None:
        return None
    known = quantity.known_text()
    if known is not None:  # this very figure was written before (parsed texts share one)
        return known
    q = quantity
    key = (q.qualifier, str(q.value), str(q.lower), str(q.upper), q.unit, str(q.step))
    text = _QUANTITY_TEXTS.get(key)
    if text is None:
        if len(_QUANTITY_TEXTS) >= 1024:  # figures repeat within a group: a few are enough
            _QUANTITY_TEXTS.clear()
        text = _QUANTITY_TEXTS[key] = str(quantity)
    return text


# --- its JSON texts ------------------------------------------------------------------------------

# A digest is plain data built here, never cyclic: the encoder need not look for cycles.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)
HELD = ("id_at", "verdict", "span")  # what the engine holds of a new digest as text


def compact_json(data: Any) -> str:
    """Plain data as compact JSON text, as a cache keeps a digest."""
    return _ENCODER.encode(data)


# Where the held part of a digest's JSON text begins: its one key "verdict" (a '"' inside a
# text is written '\\"', so that no text holds ',"verdict":').
VERDICT_AT = ',"verdict":'


def held_text(text: str, at: int, id_at: Any) -> str:
    """The held text (``HELD``) of a digest's JSON ``text`` whose verdict begins at ``at``."""
    return f'{{"id_at":{_ENCODER.encode(id_at)}{text[at:]}'


def digest_texts(digest: dict[str, Any]) -> tuple[str, str | None]:
    """A new digest's JSON text, and the text of what is held of it (``HELD``; None: nothing
    is, it did not load). The digest is written once: the verdict and span, its last fields
    and most of its text, are cut from the whole for the held text."""
    whole = _ENCODER.encode(digest)
    if list(digest)[-2:] != list(HELD[1:]):
        return whole, None
    return whole, held_text(whole, whole.rindex(VERDICT_AT), digest["id_at"])


# --- reading a digest ---------------------------------------------------------------------------


def facts_of(digest: Mapping[str, Any], shared: dict[Any, Any] | None = None) -> ClaimFacts:
    """The facts of a digest of a record that loaded, for the rules across claims. Values
    many claims share (a subject, a date, a figure) are taken from ``shared`` where it
    holds them already, and put there otherwise, so that each is held once."""
    from .rules.base import ClaimFacts

    held: dict[Any, Any] = shared if shared is not None else {}

    def one(value: Any) -> Any:
        return held.setdefault(value, value)

    facts = digest["facts"]
    as_of = facts["as_of"]
    places = facts["places"]
    interval = facts["interval"]
    return ClaimFacts(
        id=str(digest["id"]),
        path=str(digest["path"]),
        subject=one(facts["subject"]),
        measure=one(facts["measure"]),
        as_of=one(dt.date.fromisoformat(as_of)) if as_of is not None else None,
        cumulative=bool(facts["cumulative"]),
        part_of=facts["part_of"],
        quantity=one(facts["quantity"]),
        interval=one(decode_interval(interval)) if interval is not None else None,
        places=tuple(int(number) for name in FACT_FIELDS for number in places[name][:2]),
    )


_NUMBER = (int, float)


def facts_data(facts: ClaimFacts) -> dict[str, Any]:
    """A digest's ``facts`` again, from the facts made of it (``facts_of``)."""
    places = facts.places
    return {
        "subject": facts.subject,
        "measure": facts.measure,
        "as_of": facts.as_of.isoformat() if facts.as_of is not None else None,
        "cumulative": facts.cumulative,
        "part_of": facts.part_of,
        "quantity": facts.quantity,
        "interval": encode_interval(facts.interval),
        "places": {
            name: [places[2 * at], places[2 * at + 1]] for at, name in enumerate(FACT_FIELDS)
        },
    }


def _is_place(value: Any) -> bool:
    return type(value) is list and len(value) == 2 and type(value[0]) is type(value[1]) is int


def _is_end(value: Any) -> bool:
    if type(value) in _NUMBER:
        return math.isfinite(value)
    return value in ("inf", "-inf")


def _is_interval(value: Any) -> bool:
    return value is None or (
        type(value) is list
        and len(value) == 4
        and _is_end(value[0])
        and _is_end(value[1])
        and type(value[2]) is type(value[3]) is bool
    )


def _is_text(value: Any) -> bool:
    return value is None or type(value) is str


_HEAD_KEYS = {"format", "path", "id", "id_at", "document", "hits", "facts"}


def is_well_formed(digest: Any) -> bool:
    """Whether data read back (from a cache, another process) has a digest's shape: a
    digest of another shape is made again, never trusted. (Written as plain loops: a warm
    check asks it of every claim.)"""
    try:
        return _well_formed(digest)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return False


def is_well_formed_head(digest: Any) -> bool:
    """Whether data read back has the shape of a digest of a claim that loaded, its verdict
    and span left out (``is_well_formed`` is asked of them when they are decoded)."""
    try:
        return _well_formed(digest, head=True)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return False


def _well_formed(digest: Any, head: bool = False) -> bool:
    if type(digest) is not dict or digest.get("format") != DIGEST_FORMAT:
        return False
    if type(digest["path"]) is not str:
        return False
    if "problems" in digest:
        if head:
            return False  # no verdict to leave out
        for kind, message, path, line, column in digest["problems"]:
            if not (_is_text(kind) and type(message) is str and _is_text(path)):
                return False
            if not (line is None or type(line) is int) or not (
                column is None or type(column) is int
            ):
                return False
        return True
    for code, message, field_path, line, column, fix, action in digest["hits"]:
        if not (type(code) is type(message) is type(field_path) is str):
            return False
        if not (type(line) is type(column) is int and _is_text(fix) and _is_text(action)):
            return False
    facts = digest["facts"]
    for name in ("subject", "measure", "part_of", "quantity", "as_of"):
        if not _is_text(facts[name]):
            return False
    if facts["as_of"] is not None:
        dt.date.fromisoformat(facts["as_of"])  # ValueError if it is no date
    places = facts["places"]
    if not (type(facts["cumulative"]) is bool and _is_interval(facts["interval"])):
        return False
    if not all(_is_place(places[name]) for name in FACT_FIELDS):
        return False
    if head:
        return (
            type(digest["id"]) is str
            and _is_place(digest["id_at"])
            and _is_text(digest["document"])
            and digest.keys() == _HEAD_KEYS
        )
    verdict = digest["verdict"]
    for index, publisher, stance, counted, reason, interval, carried in verdict["sources"]:
        if not (type(index) is int and type(counted) is bool):
            return False
        if not (type(publisher) is type(stance) is type(reason) is str):
            return False
        if not (_is_interval(interval) and _is_interval(carried)):
            return False
    if not (type(verdict["word"]) is type(verdict["reason"]) is str):
        return False
    if not (type(verdict["supporting"]) is type(verdict["contradicting"]) is int):
        return False
    span = digest["span"]
    return (
        type(digest["id"]) is str
        and _is_place(digest["id_at"])
        and _is_text(digest["document"])
        and (span is None or _is_place(span))
    )
