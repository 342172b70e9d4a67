"""What a rule is, and what it is given to look at.

A rule is a function with a stable code, a readable name and a default severity; its docstring
is its documentation (shown by ``claimcheck rule CODE``), with a failing and a passing example.
Rules report ``Hit``s (a message and the field it is about); the engine, not the rule, turns
them into findings with the configured severity, the file, line and column.

Three scopes:

- ``load`` rules turn the store's load problems of their kinds into findings;
- ``claim`` rules look at one claim at a time (``ClaimContext``);
- ``registry`` rules look across claims (``RegistryFacts``: a few facts of each claim, not
  its record), grouped by key so their cost grows with the number of claims, not its square.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from ..documents import AnchorMatch, Document, canonical_document_path, resolve_anchor
from ..errors import ClaimcheckError, ProblemKind
from ..evidence import Evidence, assess, claim_date
from ..model import Claim, DocumentInfo
from ..quantity import Interval
from ..store import LoadedRecord, Store
from ..vocab import Severity
from ..yamlio import PathKey

Scope = Literal["load", "claim", "registry"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Fix:
    """A safe, automatic repair: ``claimcheck check --fix`` applies it."""

    description: str
    action: Literal["reanchor"]


@dataclass(frozen=True)
class Hit:
    """What a rule found: a message about a field of a claim's record."""

    message: str
    field: PathKey = ()
    claim: str | None = None  # registry rules name the claim; claim rules need not
    fix: Fix | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: Scope
    check: Callable[..., Iterable[Hit]]
    kinds: frozenset[ProblemKind] = frozenset()  # load rules: the problem kinds they report

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line (it may wrap in the source)."""
        return " ".join(self.doc.split("\n\n", 1)[0].split())


def rule(
    code: str,
    name: str,
    severity: Severity,
    scope: Scope = "claim",
    kinds: Iterable[ProblemKind] = (),
) -> Callable[[Callable[..., Iterable[Hit]]], Rule]:
    """Declare a rule: ``@rule("A101", "document-missing", Severity.ERROR)``."""

    def declare(check: Callable[..., Iterable[Hit]]) -> Rule:
        return Rule(code, name, severity, scope, check, frozenset(kinds))

    return declare


@dataclass
class Documents:
    """Each document read once per run, with what is known of it."""

    store: Store
    texts: dict[str, Document | ClaimcheckError] = field(default_factory=dict)
    infos: dict[str, DocumentInfo | None] = field(default_factory=dict)

    def get(self, path: str) -> Document | ClaimcheckError:
        path = canonical_document_path(path)  # './seeds//a.txt' is 'seeds/a.txt'
        found = self.texts.get(path)
        if found is None:
            try:
                found = self.store.document(path)
            except ClaimcheckError as err:
                found = err
            self.texts[path] = found
        return found

    def info(self, path: str) -> DocumentInfo | None:
        path = canonical_document_path(path)  # as claimcheck.yaml and sidecars name it
        if path not in self.infos:
            try:
                self.infos[path] = self.store.document_info(path)
            except ClaimcheckError:
                self.infos[path] = None  # a broken sidecar is reported by the settings check
        return self.infos[path]


class ClaimFacts:
    """What the rules across claims need of one claim, and no more: a registry's worth of
    these is held at once, where records and their source maps are dropped claim by claim.

    ``as_of`` is the claim's date resolved (its own, else its document's), ``quantity`` the
    figure's text and ``interval`` what it stands for at the settings' tolerance; ``places``
    the line and column of each field the rules point at, one after the other, in the order
    of ``PLACED``.
    """

    PLACED = ("quantity", "part_of")

    __slots__ = (
        "as_of",
        "cumulative",
        "id",
        "interval",
        "measure",
        "part_of",
        "path",
        "places",
        "quantity",
        "subject",
    )

    def __init__(
        self,
        id: str,
        path: str,
        subject: str | None,
        measure: str | None,
        as_of: dt.date | None,
        cumulative: bool,
        part_of: str | None,
        quantity: str | None,
        interval: Interval | None,
        places: tuple[int, ...],
    ) -> None:
        self.id = id
        self.path = path
        self.subject = subject
        self.measure = measure
        self.as_of = as_of
        self.cumulative = cumulative
        self.part_of = part_of
        self.quantity = quantity
        self.interval = interval
        self.places = places

    def locate(self, field_path: PathKey) -> tuple[int, int]:
        """Line and column of a field the rules across claims point at (else the record's
        start)."""
        name = "/".join(map(str, field_path))
        if name not in self.PLACED:
            return (1, 1)
        at = 2 * self.PLACED.index(name)
        return self.places[at], self.places[at + 1]


@dataclass
class RegistryFacts:
    """Every claim that loaded, by id in id order, for rules that look across claims."""

    claims: dict[str, ClaimFacts] = field(default_factory=dict)

    def claim(self, claim_id: str) -> ClaimFacts | None:
        return self.claims.get(claim_id)


class kept(Generic[_T]):
    """``functools.cached_property`` without its lock: Python 3.11's takes one on every first
    read, and a check makes a context for every claim and reads most of these once. A
    context is never shared between threads."""

    def __init__(self, work: Callable[[Any], _T]) -> None:
        self.work = work
        self.name = work.__name__
        self.__doc__ = work.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> kept[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type | None = None) -> kept[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.work(instance)  # read from there next
        return value


class ClaimContext:
    """One claim and what rules ask of it, each worked out once, when first asked."""

    def __init__(self, record: LoadedRecord, documents: Documents, tolerance: float) -> None:
        self.record = record
        self.claim: Claim = record.claim
        self.documents = documents
        self.tolerance = tolerance

    @kept
    def document(self) -> Document | None:
        if self.claim.anchor is None:  # an imported claim without a document
            return None
        found = self.documents.get(self.claim.anchor.document)
        return found if isinstance(found, Document) else None

    @kept
    def document_error(self) -> ClaimcheckError | None:
        if self.claim.anchor is None:
            return None
        found = self.documents.get(self.claim.anchor.document)
        return found if isinstance(found, ClaimcheckError) else None

    @kept
    def document_info(self) -> DocumentInfo | None:
        if self.claim.anchor is None:
            return None
        return self.documents.info(self.claim.anchor.document)

    @kept
    def document_date(self) -> dt.date | None:
        info = self.document_info
        return info.published if info is not None else None

    @kept
    def as_of(self) -> dt.date | None:
        """The date the claim's figure refers to: its as_of, else its document's date."""
        return claim_date(self.claim, self.document_info)

    @kept
    def anchor(self) -> AnchorMatch | None:
        if self.document is None or self.claim.anchor is None:
            return None
        return resolve_anchor(self.document.text, self.claim.anchor)

    @kept
    def evidence(self) -> Evidence:
        return assess(self.claim, self.tolerance, self.document_info)
