"""What a check gives a Python user: the findings, each claim's verdict with its reasons, and
the counts.

Built from the engine's result: its findings, and each claim's verdict as its digest keeps it
(``claimcheck.digest``). A verdict object is made when first asked for: a check of a large
registry weighs every source, and a script reads few verdicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .engine import Finding
from .notebook import html_table
from .vocab import Stance
from .vocab import Verdict as VerdictWord

if TYPE_CHECKING:
    from . import engine

__all__ = ["CheckResult", "SourceStance", "Verdict", "VerdictWord"]


@dataclass(frozen=True)
class SourceStance:
    """What one source of a claim does to it, and why.

    ``counted`` is False for a source that is not independent evidence (the claimant's own
    words, or the claim's own document); its stance then decides nothing.

    >>> import claimcheck
    >>> verdict = claimcheck.open_registry().check().verdicts["aleppo-evacuated-total"]
    >>> first = verdict.sources[0]
    >>> first.publisher, first.stance.value, first.counted
    ('Anadolu Agency', 'context', False)
    >>> first.reason.partition(":")[0]
    'not evidence'
    """

    index: int  # the source's place in the claim's list, from 0
    publisher: str
    stance: Stance
    counted: bool
    reason: str


class Verdict:
    """What a claim's sources say of it: ``word`` (supported, disputed, refuted or unproven),
    ``reason`` in words, and a :class:`SourceStance` per source in ``sources``.

    >>> import claimcheck
    >>> verdict = claimcheck.open_registry().check().verdicts["syria-war-deaths"]
    >>> verdict.word.value
    'supported'
    >>> verdict.word == "supported"
    True
    """

    def __init__(self, claim_id: str, verdict: Mapping[str, Any]) -> None:
        self.claim_id = claim_id
        self._verdict = verdict  # the digest's verdict (see claimcheck.digest)

    @property
    def word(self) -> VerdictWord:
        return VerdictWord(self._verdict["word"])

    @property
    def reason(self) -> str:
        return str(self._verdict["reason"])

    @property
    def supporting(self) -> int:
        """How many independent origins support the claim (each counted once)."""
        return int(self._verdict["supporting"])

    @property
    def contradicting(self) -> int:
        """How many independent origins contradict the claim (each counted once)."""
        return int(self._verdict["contradicting"])

    @cached_property
    def sources(self) -> tuple[SourceStance, ...]:
        return tuple(
            SourceStance(index, publisher, Stance(stance), counted, reason)
            for index, publisher, stance, counted, reason, *_ in self._verdict["sources"]
        )

    def __repr__(self) -> str:
        return f"Verdict({self.claim_id!r}, {self.word.value!r})"


class _Verdicts(Mapping[str, Verdict]):
    """Claim id -> Verdict, each made when first asked for."""

    def __init__(self, run: engine.CheckResult) -> None:
        self._digests = run.digests
        self._made: dict[str, Verdict] = {}

    def __getitem__(self, claim_id: str) -> Verdict:
        verdict = self._made.get(claim_id)
        if verdict is None:
            digest = self._digests[claim_id]
            verdict = self._made[claim_id] = Verdict(claim_id, digest["verdict"])
        return verdict

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._digests))

    def __len__(self) -> int:
        return len(self._digests)

    def __repr__(self) -> str:
        return f"<{len(self)} verdicts>"


class CheckResult:
    """The result of :meth:`claimcheck.Registry.check`: ``findings`` (each a
    :class:`claimcheck.Finding`), ``verdicts`` (claim id -> :class:`Verdict`) and
    ``summary()`` (the counts ``claimcheck check --format json`` ends with).

    >>> import claimcheck
    >>> result = claimcheck.open_registry().check()
    >>> result.summary()["claims"], result.has_errors
    (9, False)
    >>> [finding.code for finding in result.findings]
    ['S105', 'S105']
    >>> result.verdicts["aleppo-evacuated-total"].word.value
    'refuted'
    """

    def __init__(self, run: engine.CheckResult) -> None:
        self._run = run  # the engine's result
        self.findings: tuple[Finding, ...] = tuple(run.findings)
        self.verdicts: Mapping[str, Verdict] = _Verdicts(run)

    def summary(self) -> dict[str, int]:
        """The counts: claims, files not loaded, findings by severity, fixable findings."""
        return self._run.summary()

    @property
    def has_errors(self) -> bool:
        """Whether any finding is at error severity (``claimcheck check`` then exits 1)."""
        return self._run.has_errors

    def __repr__(self) -> str:
        counts = self.summary()
        return (
            f"<CheckResult: {counts['claims']} claims, {counts['findings']} findings "
            f"({counts['errors']} errors, {counts['warnings']} warnings, {counts['infos']} infos)>"
        )

    def _repr_html_(self) -> str:
        """A table of the findings, for a notebook (every text escaped)."""
        rows = [
            (f.severity.value, f.code, f.claim or "", f"{f.path}:{f.line}:{f.column}", f.message)
            for f in self.findings
        ]
        counts = self.summary()
        caption = (
            f"{counts['claims']} claims; {counts['errors']} errors, {counts['warnings']} "
            f"warnings, {counts['infos']} infos"
        )
        return html_table(caption, ("severity", "code", "claim", "where", "message"), rows)
