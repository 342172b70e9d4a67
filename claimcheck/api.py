"""claimcheck as a library: open a registry, read its claims, check it, report on it, change it.

Everything here is also importable from ``claimcheck`` itself. Nothing here prints: bad input
raises a :class:`claimcheck.ClaimcheckError` (with ``path``, ``line`` and ``column`` where
known), as the command line's messages are made of the same errors.

>>> import claimcheck
>>> registry = claimcheck.open_registry()
>>> registry.check().verdicts["fuaa-kafraya-evacuated"].word.value
'supported'
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .changes import NewClaim, append_source, build_source, format_records, set_status
from .changes import add_claim as create_claim
from .digest import DigestStore
from .engine import check as run_check
from .errors import ClaimcheckError, InvalidRecordError
from .identity import current_user
from .model import Claim, Source
from .quantity import Quantity
from .report import Report, build_report
from .results import CheckResult
from .store import Store, find_root
from .vocab import Stance, Status

__all__ = ["Registry", "open_registry"]


def open_registry(path: str | os.PathLike[str] | None = None) -> Registry:
    """The registry at ``path``, or found as the command line finds it: $CLAIMCHECK_ROOT, else
    the nearest folder at or above the working directory holding claimcheck.yaml or claims/.

    >>> import claimcheck
    >>> registry = claimcheck.open_registry(".")
    >>> len(registry.claims)
    9
    >>> claimcheck.open_registry("no-such-folder")
    Traceback (most recent call last):
    ...
    claimcheck.errors.NotFoundError: registry root 'no-such-folder' is not a folder
    """
    return Registry(path)


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        known = ", ".join(status.value for status in Status)
        raise ClaimcheckError(f"status: {value!r} is not one of {known}") from None


class Registry:
    """A claimcheck registry on disk: a folder with claimcheck.yaml, claims/ and documents.

    >>> import claimcheck
    >>> registry = claimcheck.open_registry()
    >>> str(registry.claims["syria-war-deaths"].quantity)
    'more than 400,000 people'
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._root = find_root(path)
        self._claims: Mapping[str, Claim] | None = None

    @property
    def root(self) -> Path:
        """The registry's folder (absolute)."""
        return self._root

    @property
    def _store(self) -> Store:
        # A new store each time: it keeps the settings and sidecars it read, and the files may
        # have changed since (a notebook lives long).
        return Store(self._root)

    def __repr__(self) -> str:
        return f"Registry({str(self.root)!r})"

    # --- reading ------------------------------------------------------------------------------

    @property
    def claims(self) -> Mapping[str, Claim]:
        """Every claim that loaded, by id, read-only (files that did not load are findings of
        :meth:`check`). Read again after a change.

        >>> import claimcheck
        >>> claims = claimcheck.open_registry().claims
        >>> sorted(i for i, c in claims.items() if c.status.value == "refuted")
        ['aleppo-evacuated-total', 'evacuation-complete-by-wednesday']
        """
        if self._claims is None:
            loaded = self._store.load()
            self._claims = MappingProxyType(
                {claim_id: loaded.records[claim_id].claim for claim_id in sorted(loaded.records)}
            )
        return self._claims

    def check(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        paths: Sequence[str | os.PathLike[str]] | None = None,
        *,
        cache: bool = False,
    ) -> CheckResult:
        """Cross-check the registry as ``claimcheck check`` does: ``select`` and ``ignore`` take
        rule codes or prefixes, ``paths`` (record files, documents or folders, relative to the
        working directory) keep the findings about them. ``cache=True`` uses the registry's
        check cache as the command does (docs/cache.md): claims unchanged since a check are not
        worked out again. A cache that cannot be used is a ``UserWarning``, never an error.

        >>> import claimcheck
        >>> result = claimcheck.open_registry().check(select=["S"])
        >>> [(f.code, f.claim) for f in result.findings]
        [('S105', 'aleppo-evacuated-total'), ('S105', 'syria-war-deaths')]
        """
        with _check_cache(self._store, cache) as digests:
            return CheckResult(run_check(self._store, select, ignore, paths=paths, cache=digests))

    def report(self, *, cache: bool = False) -> Report:
        """The consistency report, the data ``claimcheck report`` renders: a row per claim
        (``claims``), the figures of each subject in time order (``comparisons``), the findings
        and the ``summary``. ``cache`` as for ``check``.

        >>> import claimcheck
        >>> report = claimcheck.open_registry().report()
        >>> report.summary["by_verdict"]
        {'refuted': 2, 'supported': 7}
        """
        with _check_cache(self._store, cache) as digests:
            return build_report(run_check(self._store, cache=digests))

    # --- changing -----------------------------------------------------------------------------

    def _by(self, by: str | None) -> str:
        return current_user(self.root, by)

    def add_claim(
        self,
        claim: str,
        *,
        document: str,
        quote: str,
        quantity: str | Quantity | None = None,
        subject: str | None = None,
        measure: str | None = None,
        cumulative: bool = False,
        as_of: dt.date | None = None,
        part_of: str | None = None,
        claimant: str | None = None,
        tags: Sequence[str] = (),
        status: Status | str = Status.UNVERIFIED,
        id: str | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> Claim:
        """Record a new claim, anchored by ``quote`` (the document's exact words, found once)
        in ``document`` (relative to the root); its id is made from its words unless given.

        >>> import claimcheck
        >>> registry = claimcheck.open_registry()
        >>> new = registry.add_claim(
        ...     "Russia, Iran and Turkey met in Moscow.",
        ...     document="seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt",
        ...     quote="met in Moscow",
        ...     by="A. Reporter",
        ... )
        >>> new.id, new.anchor.start
        ('russia-iran-and-turkey-met-in-moscow', 129)
        """
        new = NewClaim(
            claim=claim,
            document=document,
            quote=quote,
            quantity=str(quantity) if quantity is not None else None,
            subject=subject,
            measure=measure,
            cumulative=cumulative,
            as_of=as_of,
            part_of=part_of,
            claimant=claimant,
            tags=list(tags),
            status=_status(status),
            id=id,
            note=note,
        )
        return self._changed(create_claim(self._store, new, self._by(by)).claim)

    def add_source(
        self,
        claim_id: str,
        source: Source | None = None,
        *,
        publisher: str | None = None,
        via: str | None = None,
        title: str | None = None,
        url: str | None = None,
        archive_url: str | None = None,
        published: dt.date | None = None,
        retrieved: dt.date | None = None,
        as_of: dt.date | None = None,
        measure: str | None = None,
        quantity: str | Quantity | None = None,
        quote: str | None = None,
        language: str | None = None,
        stance: Stance | str | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> Claim:
        """Append a source to a claim: a :class:`claimcheck.Source`, or its fields as keywords
        (``publisher`` at least). Returns the claim as written.

        >>> import claimcheck, datetime
        >>> registry = claimcheck.open_registry()
        >>> claim = registry.add_source(
        ...     "syria-war-length",
        ...     publisher="Example Monitor",
        ...     quantity="nearly 6 years",
        ...     as_of=datetime.date(2016, 12, 21),
        ...     by="A. Reporter",
        ... )
        >>> claim.sources[-1].publisher
        'Example Monitor'
        """
        fields: dict[str, Any] = {
            "publisher": publisher,
            "via": via,
            "title": title,
            "url": url,
            "archive_url": archive_url,
            "published": published,
            "retrieved": retrieved,
            "as_of": as_of,
            "measure": measure,
            "quantity": str(quantity) if quantity is not None else None,
            "quote": quote,
            "language": language,
            "stance": stance,
        }
        if source is None:
            source = build_source(fields)
        elif any(value is not None for value in fields.values()):
            raise TypeError("add_source takes a Source or its fields, not both")
        record = append_source(self._store, claim_id, source, self._by(by), note)
        return self._changed(record.claim)

    def set_status(
        self, claim_id: str, status: Status | str, note: str, by: str | None = None
    ) -> Claim:
        """Set a claim's status, with ``note`` saying why (kept in its history).

        >>> import claimcheck
        >>> registry = claimcheck.open_registry()
        >>> claim = registry.set_status(
        ...     "syria-war-length", "disputed", "Checking the start date.", by="A. Reporter"
        ... )
        >>> claim.status.value, claim.history[-1].note
        ('disputed', 'Checking the start date.')
        """
        record = set_status(self._store, claim_id, _status(status), note, self._by(by))
        return self._changed(record.claim)

    def format(self, check: bool = False) -> list[str]:
        """Write every record in canonical form (with ``check``, write nothing); returns the
        files that changed or would change. Files that do not load are left as they are and
        raised together, after the others are done, as an :class:`InvalidRecordError`.

        >>> import claimcheck
        >>> claimcheck.open_registry().format(check=True)
        []
        """
        done = format_records(self._store, check)
        if not check:
            self._claims = None
        if done.problems:
            raise InvalidRecordError(done.problems)
        return done.changed

    def _changed(self, claim: Claim) -> Claim:
        self._claims = None  # read again when next asked for
        return claim


@contextmanager
def _check_cache(store: Store, enabled: bool) -> Iterator[DigestStore | None]:
    """The registry's check cache for one check (None: not asked for); why it could not be
    used, if it could not, as a warning."""
    if not enabled:
        yield None
        return
    from .cache import Cache  # sqlite3, imported only where a cache is asked for

    digests = Cache.for_registry(store.root)
    try:
        yield digests
    finally:
        digests.close()
        for note in digests.notes:
            warnings.warn(note, UserWarning, stacklevel=4)
