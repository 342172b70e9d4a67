"""The errors claimcheck raises for bad input, each with the place it points at.

Every error a user can cause carries a message a person can act on and, where there is one, the
file (relative to the registry root), line and column. The CLI prints them as
``path:line:column: message`` and exits 2; nothing below the CLI prints.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "ClaimcheckError",
    "ExistsError",
    "InvalidRecordError",
    "LockTimeoutError",
    "NotFoundError",
    "ProblemKind",
    "RecordError",
    "YamlError",
    "format_place",
]


class ProblemKind(str, Enum):
    """What sort of problem stops a file from loading; the records checks (R001-R009) give
    each kind its rule code, so every load problem names one (there is no default)."""

    SYNTAX = "syntax"
    UNSAFE = "unsafe"
    DUPLICATE_KEY = "duplicate-key"
    ENCODING = "encoding"
    TOO_LARGE = "too-large"
    IO = "io"
    SCHEMA = "schema"
    UNKNOWN_FIELD = "unknown-field"
    STATUS_VOCABULARY = "status-vocabulary"
    DUPLICATE_ID = "duplicate-id"
    ID_MISMATCH = "id-mismatch"


def format_place(path: str | None, line: int | None = None, column: int | None = None) -> str:
    """``path:line:column`` with the parts that are known, or '' when none is."""
    if path is None:
        return ""
    place = path
    if line is not None:
        place += f":{line}"
        if column is not None:
            place += f":{column}"
    return place


class ClaimcheckError(Exception):
    """Bad input, a missing file, a refused write: anything the user can fix. Every error
    claimcheck raises for bad input is one, with ``path``, ``line`` and ``column`` where known.

    >>> import claimcheck
    >>> try:
    ...     claimcheck.open_registry().set_status("no-such-claim", "refuted", "Why.", by="Me")
    ... except claimcheck.ClaimcheckError as err:
    ...     print(type(err).__name__, err.path)
    NotFoundError None
    """

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        kind: ProblemKind | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.kind = kind  # set on every problem that stops a file from loading

    def __str__(self) -> str:
        place = format_place(self.path, self.line, self.column)
        return f"{place}: {self.message}" if place else self.message


class YamlError(ClaimcheckError):
    """A file that is not the YAML claimcheck accepts (syntax, hostile content, bad bytes).

    >>> import claimcheck
    >>> issubclass(claimcheck.YamlError, claimcheck.ClaimcheckError)
    True
    """


class RecordError(ClaimcheckError):
    """YAML that parsed but is not a valid record (schema, types, unknown fields, ids).

    >>> import claimcheck
    >>> issubclass(claimcheck.RecordError, claimcheck.ClaimcheckError)
    True
    """


class NotFoundError(ClaimcheckError):
    """A claim id, document or registry that does not exist.

    >>> import claimcheck
    >>> claimcheck.open_registry().add_source("no-such-claim", publisher="OCHA", by="Me")
    Traceback (most recent call last):
    ...
    claimcheck.errors.NotFoundError: no claim 'no-such-claim' (looked for ...); ...
    """


class ExistsError(ClaimcheckError):
    """A claim that would be created exists already (records are never overwritten).

    >>> import claimcheck
    >>> claimcheck.open_registry().add_claim(
    ...     "Again.",
    ...     id="syria-war-deaths",
    ...     document="seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt",
    ...     quote="met in Moscow",
    ...     by="Me",
    ... )
    Traceback (most recent call last):
    ...
    claimcheck.errors.ExistsError: ...
    """


class LockTimeoutError(ClaimcheckError):
    """Another writer held the registry lock for too long.

    >>> import claimcheck
    >>> issubclass(claimcheck.LockTimeoutError, claimcheck.ClaimcheckError)
    True
    """


class InvalidRecordError(ClaimcheckError):
    """A record or settings file with one or more located problems, in ``problems``.

    >>> import claimcheck
    >>> from pathlib import Path
    >>> _ = Path("claims/broken.yaml").write_text("id: broken\\nclaim: [\\n", encoding="utf-8")
    >>> try:
    ...     claimcheck.open_registry().format()
    ... except claimcheck.InvalidRecordError as err:
    ...     print(err.problems[0].path, err.problems[0].line is not None)
    claims/broken.yaml True
    """

    def __init__(self, problems: list[ClaimcheckError]) -> None:
        first = problems[0]
        super().__init__(first.message, first.path, first.line, first.column, kind=first.kind)
        self.problems = problems
