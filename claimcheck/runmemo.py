"""A check's findings, kept for a registry that has not changed since.

What a check of the whole registry finds depends on its record files' keys (each a hash of
the record, its path, its document, the document's sidecar and the settings: ``digest_key``),
in the order the files are listed, and on the rules chosen. The engine keeps, after a check,
its findings under the registry's real root and the rules chosen (one entry for each: a newer
check replaces it), with the hash of those keys (``DigestedRegistry.run_key``). When the kept
states of every record file give those keys without reading a record (``filestate``), a check
whose keys hash the same takes the findings kept, and reads no digest until one is asked for
(``LazyDigests``). Anything else, or anything kept that is not such an entry, and the check is
made from the digests as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from . import __version__
from .digest import compact_json
from .engine import Finding, Selection
from .vocab import Severity

__all__ = ["FORMAT", "KeptCheck", "LazyDigests", "RunMemos", "kept_check", "memo_name", "memo_text"]

FORMAT = 1  # bump when what is kept changes: older entries are then not used

_SEVERITIES = {severity.value: severity for severity in Severity}


@runtime_checkable
class RunMemos(Protocol):
    """A store that keeps checks beside digests (``cache.Cache``)."""

    def get_runs(self, names: Sequence[str]) -> dict[str, Any]: ...

    def put_runs(self, items: Mapping[str, str]) -> None: ...


def memo_name(real_root: str, selection: Selection) -> str:
    """What a check is kept under: the registry, and the rules chosen with their severities
    and per-file ignores."""
    chosen = (
        [[rule.code, selection.severity_of(rule).value] for rule in selection.rules],
        selection.per_file_ignores,
    )
    text = json.dumps([__version__, FORMAT, real_root, chosen], ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def memo_text(
    run_key: str,
    findings: Sequence[Finding],
    claims: int,
    documents: Mapping[str, str],
    not_loaded: Sequence[str],
) -> str:
    """What is kept of a check: its run key, its findings (every one, before a run narrowed
    to some paths drops some), how many claims it read, which document each record cites
    (grouped by document) and the files that did not load. Written a part at a time: the
    whole is never held twice over as Python objects (it is a megabyte at 10,000 claims)."""
    by_document: dict[str, list[str]] = {}
    for path, document in documents.items():
        by_document.setdefault(document, []).append(path)
    head = compact_json({"format": FORMAT, "run": run_key, "claims": claims})
    parts = [
        head[:-1],
        ',"findings":[',
        ",".join(compact_json(_finding_data(finding)) for finding in findings),
        '],"documents":{',
        ",".join(
            f"{compact_json(doc)}:{compact_json(paths)}" for doc, paths in by_document.items()
        ),
        '},"not_loaded":',
        compact_json(list(not_loaded)),
        "}",
    ]
    return "".join(parts)


def _finding_data(finding: Finding) -> list[Any]:
    return [
        finding.code,
        finding.name,
        finding.severity.value,
        finding.claim,
        finding.path,
        finding.line,
        finding.column,
        finding.message,
        finding.fix,
        finding.field,
        finding.fix_action,
    ]


class KeptCheck:
    """A check read back: its findings, claims counted, documents and files not loaded."""

    __slots__ = ("claims", "documents", "findings", "not_loaded")

    def __init__(
        self, findings: list[Finding], claims: int, documents: dict[str, str], not_loaded: list[str]
    ) -> None:
        self.findings = findings
        self.claims = claims
        self.documents = documents
        self.not_loaded = not_loaded


def kept_check(text: Any, run_key: str) -> KeptCheck | None:
    """The check kept in ``text`` when it is one of a registry whose keys hash to
    ``run_key``; None when it is not, or is not such an entry at all."""
    if not isinstance(text, str):
        return None
    try:
        kept = json.loads(text)
        if type(kept) is not dict or kept.get("format") != FORMAT or kept.get("run") != run_key:
            return None
        claims, not_loaded, grouped = kept["claims"], kept["not_loaded"], kept["documents"]
        findings = [_finding(data) for data in kept["findings"]]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if type(claims) is not int or type(not_loaded) is not list or type(grouped) is not dict:
        return None
    if not all(type(path) is str for path in not_loaded):
        return None
    documents: dict[str, str] = {}
    for document, paths in grouped.items():
        if type(paths) is not list or not all(type(path) is str for path in paths):
            return None
        documents.update(dict.fromkeys(paths, document))
    return KeptCheck(findings, claims, documents, not_loaded)


def _finding(data: Any) -> Finding:
    """A finding from its kept data; TypeError when the data is not a finding's."""
    code, name, severity, claim, path, line, column, message, fix, field, action = data
    texts = (code, name, path, message, field)
    if not all(type(value) is str for value in texts) or severity not in _SEVERITIES:
        raise TypeError("not a finding")
    if not (type(line) is type(column) is int):
        raise TypeError("not a finding")
    if not all(value is None or type(value) is str for value in (claim, fix, action)):
        raise TypeError("not a finding")
    return Finding(
        code, name, _SEVERITIES[severity], claim, path, line, column, message, fix, field, action
    )


class LazyDigests(Mapping[str, dict[str, Any]]):
    """The digests of a check taken from a kept one: counted, and read (``load``: the
    registry digested, from the cache) only when one is asked for."""

    def __init__(self, count: int, load: Callable[[], Mapping[str, dict[str, Any]]]) -> None:
        self._count = count
        self._load = load
        self._loaded: Mapping[str, dict[str, Any]] | None = None

    def _digests(self) -> Mapping[str, dict[str, Any]]:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def __getitem__(self, claim_id: str) -> dict[str, Any]:
        return self._digests()[claim_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._digests())

    def __len__(self) -> int:
        return self._count if self._loaded is None else len(self._loaded)

    def __repr__(self) -> str:
        return f"<{len(self)} digests>"
