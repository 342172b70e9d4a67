"""The cross-check engine: runs the rules over a registry and collects findings.

Each record is loaded, digested (``digest``: what every claim rule found, the facts the rules
across claims need, the verdict) and dropped, so a check holds a few KB per claim; the rules
across claims then run over the facts, and the findings are put together from the digests.
The engine, not the rules, applies configuration: which rules run (``select`` / ``ignore``,
by code or prefix, from claimcheck.yaml or the command line, and ``per-file-ignores``), at
what severity (``severity``) and with what tolerance. It also gives each finding its place:
the file, and the line and column of the field the rule pointed at. Through a cache, a check
of a registry nothing in has changed since the last one takes that check's findings
(``runmemo``), and reads a digest only when one is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import CONFIG_FILE, Config
from .digest import DigestStore
from .documents import SIDECAR_SUFFIX
from .errors import ClaimcheckError, NotFoundError
from .gcpause import gc_paused
from .rules import ALL_RULES
from .rules.base import RegistryFacts, Rule

if TYPE_CHECKING:
    from .digesting import DigestedRegistry
    from .digestkeys import Keys
    from .runmemo import KeptCheck
from .safefs import user_path
from .store import Store
from .vocab import Severity

__all__ = [
    "CheckResult",
    "Finding",
    "Selection",
    "any_errors",
    "check",
    "count_severities",
    "scope_of",
    "scope_paths",
    "select_rules",
]


@dataclass(frozen=True)
class Finding:
    """One problem the rules found, located in a file: ``code`` and ``name`` of the rule,
    ``severity``, the ``claim`` it is about (None for a file that did not load), ``path``,
    ``line``, ``column``, ``message`` and ``fix`` (what ``check --fix`` would do, if anything).

    >>> import claimcheck
    >>> finding = claimcheck.open_registry().check().findings[0]
    >>> finding.code, finding.severity.value, finding.path, finding.line
    ('S105', 'info', 'claims/aleppo-evacuated-total.yaml', 100)
    """

    code: str
    name: str
    severity: Severity
    claim: str | None
    path: str
    line: int
    column: int
    message: str
    fix: str | None = None  # what --fix would do, where a safe fix exists
    field: str = ""  # the field of the record it is about ('sources/0/quantity'), where known
    fix_action: str | None = None  # which fix applies it (``fixes.FIXES``), where one does

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "claim": self.claim,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "fix": self.fix,
        }


def count_severities(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings there are at each severity, every severity present (0 where none):
    the one place findings are counted, for the check's summary and the report's.

    >>> import claimcheck
    >>> from claimcheck.engine import count_severities
    >>> counts = count_severities(claimcheck.open_registry().check().findings)
    >>> {severity.value: number for severity, number in counts.items()}
    {'error': 0, 'warning': 0, 'info': 2}
    """
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def any_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is at error severity (``claimcheck check`` then exits 1)."""
    return any(finding.severity is Severity.ERROR for finding in findings)


@dataclass(frozen=True)
class Selection:
    """The rules that run, the severity each runs at, and the settings' per-file ignores
    (a glob with the codes or prefixes it drops)."""

    rules: tuple[Rule, ...]
    severity: dict[str, Severity]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.severity)

    def ignored_in_file(self, finding: Finding) -> bool:
        """Whether a per-file ignore drops the finding. As in ruff, a glob matches the path
        relative to the root or the file's name alone (so ``*.meta.yaml`` matches anywhere)."""
        if not finding.path:
            return False
        name = finding.path.rsplit("/", 1)[-1]
        return any(
            (fnmatchcase(finding.path, glob) or fnmatchcase(name, glob))
            and any(_matches(finding.code, code) for code in codes)
            for glob, codes in self.per_file_ignores
        )


def _matches(code: str, pattern: str) -> bool:
    return pattern.upper() == "ALL" or code.startswith(pattern.upper())


def _specificity(pattern: str) -> int:
    """How much of a code a pattern names: ALL names none of it, so any prefix beats it."""
    return 0 if pattern.upper() == "ALL" else len(pattern)


def _check_patterns(patterns: Iterable[str], where: str, path: str | None) -> None:
    codes = [rule.code for rule in ALL_RULES]
    for pattern in patterns:
        # An empty pattern would be a prefix of every code: 'ignore: [""]' would drop them all.
        if not pattern.strip() or not any(_matches(code, pattern) for code in codes):
            raise ClaimcheckError(
                f"{where}: {pattern!r} is neither a rule code nor a prefix of one; "
                "'claimcheck rules' lists them",
                path,
            )


def _resolve(select: Sequence[str], ignore: Sequence[str]) -> set[str]:
    """The codes one layer of settings turns on, as ruff decides: for each rule the most
    specific pattern that names it wins (``select: [A106]`` beats ``ignore: [A]``); between
    equally specific ones, the ignore."""
    chosen: set[str] = set()
    for rule in ALL_RULES:
        votes = [(_specificity(p), True, False) for p in ignore if _matches(rule.code, p)]
        votes += [(_specificity(p), False, True) for p in select if _matches(rule.code, p)]
        if votes and max(votes)[2]:
            chosen.add(rule.code)
    return chosen


def select_rules(
    config: Config,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> Selection:
    """Which rules run, as in ruff: a --select on the command line starts afresh, the settings'
    ``select`` and ``ignore`` giving way; otherwise the settings decide and --ignore drops more.
    Within each, the more specific pattern wins. Severity overrides match the longest code or
    prefix. A selection that leaves no rule to run is an error, not a silent pass."""
    config_select = config.select or []
    _check_patterns(config_select, "select", CONFIG_FILE)
    _check_patterns(config.ignore, "ignore", CONFIG_FILE)
    _check_patterns(config.severity, "severity", CONFIG_FILE)
    for glob, codes in config.per_file_ignores.items():
        _check_patterns(codes, f"per-file-ignores: {glob}", CONFIG_FILE)
    _check_patterns(select or [], "--select", None)
    _check_patterns(ignore or [], "--ignore", None)
    if select:
        chosen = _resolve(select, ignore or [])
        described = f"--select {','.join(select)}" + (
            f" --ignore {','.join(ignore)}" if ignore else ""
        )
    else:
        chosen = {
            code
            for code in _resolve(config_select or ["ALL"], config.ignore)
            if not any(_matches(code, p) for p in ignore or [])
        }
        described = (
            f"select: [{', '.join(config_select or ['ALL'])}], "
            f"ignore: [{', '.join(config.ignore)}] in {CONFIG_FILE}"
        )
        described += f"; --ignore {','.join(ignore)}" if ignore else ""
    rules = tuple(rule for rule in ALL_RULES if rule.code in chosen)
    if not rules:
        raise ClaimcheckError(
            f"no rule is left to run ({described}); 'claimcheck rules' lists them",
            None if select or ignore else CONFIG_FILE,
        )
    severity: dict[str, Severity] = {}
    for rule in rules:
        overrides = [p for p in config.severity if _matches(rule.code, p)]
        if overrides:
            severity[rule.code] = config.severity[max(overrides, key=_specificity)]
    per_file = tuple((glob, tuple(codes)) for glob, codes in config.per_file_ignores.items())
    return Selection(rules, severity, per_file)


@dataclass
class CheckResult:
    """What a check of the registry ``store`` found: the ``findings``, the digest of each claim
    that loaded (``digests``, by id in id order: its verdict, facts and where its quote stands),
    the files that did not load (``not_loaded``) and the paths the run was narrowed to
    (``scope``)."""

    store: Store
    findings: list[Finding]
    digests: Mapping[str, dict[str, Any]]
    documents: dict[str, str]  # record path -> the document it cites, where it cites one
    not_loaded: list[str]
    selection: Selection
    scope: frozenset[str] | None = None

    def count(self, severity: Severity) -> int:
        return count_severities(self.findings)[severity]

    @property
    def has_errors(self) -> bool:
        return any_errors(self.findings)

    def summary(self) -> dict[str, int]:
        counts = count_severities(self.findings)
        return {
            "claims": len(self.digests),
            "files_not_loaded": len(self.not_loaded),
            "findings": len(self.findings),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "fixable": sum(1 for finding in self.findings if finding.fix),
        }

    def for_claim(self, claim_id: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.claim == claim_id]

    def record_paths(self, only: Collection[str] | None = None) -> set[str]:
        """The files of the claims that loaded (within ``only``: their own paths, or their
        documents')."""
        paths = (digest["path"] for digest in self.digests.values())
        return {
            path
            for path in paths
            if only is None or path in only or self.documents.get(path) in only
        }


def scope_paths(store: Store, paths: Iterable[str | os.PathLike[str]]) -> set[str]:
    """Paths given on the command line (relative to the working directory) as paths relative
    to the registry root; a folder stands for every file in it, and a sidecar
    (``<document>.meta.yaml``) for its document too, so that the claims it dates are checked.

    The last part of a path is not followed: ``claims/x.yaml`` stays the record the store
    lists under that name, whatever link or odd file it is.
    """
    root = os.path.realpath(store.root)
    chosen: set[str] = set()
    for given in paths:
        path = user_path(given, "the path")
        if path.name in ("", ".", ".."):
            full = os.path.realpath(path)
        else:
            full = os.path.join(os.path.realpath(path.parent), path.name)
        relative = os.path.relpath(full, root)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise ClaimcheckError(f"{str(given)!r} is outside the registry ({root})")
        if os.path.isdir(full) and not os.path.islink(full):
            chosen.update(
                Path(os.path.relpath(os.path.join(folder, name), root)).as_posix()
                for folder, _, names in os.walk(full)
                for name in names
            )
        elif os.path.lexists(full):
            chosen.add(Path(relative).as_posix())
        else:
            raise NotFoundError(f"{str(given)!r}: no such file or folder")
    chosen.update(
        path.removesuffix(SIDECAR_SUFFIX) for path in list(chosen) if path.endswith(SIDECAR_SUFFIX)
    )
    return chosen


def scope_of(store: Store, paths: Iterable[str | os.PathLike[str]] | None) -> frozenset[str] | None:
    """What a run narrowed to ``paths`` reports on: the files of ``scope_paths``, or None
    (everything) where no path is given or the settings file is one of them, since every
    claim may then read differently."""
    if not paths:
        return None
    chosen = scope_paths(store, paths)
    return None if CONFIG_FILE in chosen else frozenset(chosen)


def _in_scope(finding: Finding, only: Collection[str] | None, documents: dict[str, str]) -> bool:
    """Whether a finding concerns one of the paths a run was narrowed to (a record file, or a
    document whose claims are wanted)."""
    if only is None:
        return True
    return finding.path in only or documents.get(finding.path, "") in only


def _load_findings(problems: list[ClaimcheckError], selection: Selection) -> Iterator[Finding]:
    by_kind = {
        kind: rule for rule in selection.rules if rule.scope == "load" for kind in rule.kinds
    }
    for problem in problems:
        if problem.kind is None:  # every load problem names its kind: a bug if not
            raise TypeError(f"a load problem without a kind: {problem}")
        load_rule = by_kind.get(problem.kind)
        if load_rule is None:
            continue
        for hit in load_rule.check(problem):
            yield Finding(
                load_rule.code,
                load_rule.name,
                selection.severity_of(load_rule),
                None,
                problem.path or "",
                problem.line or 1,
                problem.column or 1,
                hit.message,
            )


def _claim_findings(registry: DigestedRegistry, selection: Selection) -> Iterator[Finding]:
    """The claim rules' hits kept in each digest, for the rules selected (the digest keeps
    them in the rules' order, so the findings come in the order the rules ran)."""
    chosen = {rule.code: rule for rule in selection.rules if rule.scope == "claim"}
    for claim_id, hits in registry.hits.items():
        path = registry.facts.claims[claim_id].path
        for code, message, field_path, line, column, fix, action in hits:
            rule = chosen.get(code)
            if rule is None:
                continue
            yield Finding(
                code=code,
                name=rule.name,
                severity=selection.severity_of(rule),
                claim=claim_id,
                path=path,
                line=line,
                column=column,
                message=message,
                fix=fix,
                field=field_path,
                fix_action=action,
            )


def _registry_findings(facts: RegistryFacts, selection: Selection) -> Iterator[Finding]:
    for rule in (rule for rule in selection.rules if rule.scope == "registry"):
        for hit in rule.check(facts):
            about = facts.claim(hit.claim) if hit.claim else None
            line, column = about.locate(hit.field) if about is not None else (1, 1)
            yield Finding(
                code=rule.code,
                name=rule.name,
                severity=selection.severity_of(rule),
                claim=about.id if about is not None else hit.claim,
                path=about.path if about is not None else "",
                line=line,
                column=column,
                message=hit.message,
                fix=hit.fix.description if hit.fix else None,
                field="/".join(map(str, hit.field)),
            )


def check(
    store: Store,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    only: Collection[str] | None = None,
    *,
    paths: Iterable[str | os.PathLike[str]] | None = None,
    cache: DigestStore | None = None,
    workers: int | None = None,
) -> CheckResult:
    """Run the selected rules over the whole registry. ``paths`` (as given on the command
    line) or ``only`` (paths relative to the root: record files or documents) keep the
    findings about those; cross-claim rules always see every claim. With ``cache``, the
    digests of unchanged claims are taken from it and new ones put in it, and a check of a
    registry nothing in has changed is the check kept of it (``runmemo``). ``workers``: the
    processes that digest records (None: every core for a large registry, else one)."""
    from .digesting import digest_registry
    from .digestkeys import Keys
    from .runmemo import LazyDigests

    config = store.config
    selection = select_rules(config, select, ignore)
    scope = scope_of(store, paths) if paths is not None else None
    if only is not None:
        scope = frozenset(only)
    keys = Keys.of(store) if cache is not None else None  # one reading of the documents
    kept = _kept_check(store, cache, selection, keys) if cache is not None else None
    if kept is not None:
        every, documents, not_loaded = kept.findings, kept.documents, kept.not_loaded
        digests: Mapping[str, dict[str, Any]] = LazyDigests(
            kept.claims, lambda: digest_registry(store, cache, workers, keys).claims
        )
    else:
        registry = digest_registry(store, cache, workers, keys)
        every = _findings(registry, selection)
        digests, documents, not_loaded = registry.claims, registry.documents, registry.not_loaded
        if cache is not None:
            _keep_check(store, cache, selection, registry, every)
    findings = [f for f in every if _in_scope(f, scope, documents)]
    return CheckResult(store, findings, digests, documents, not_loaded, selection, scope)


def _findings(registry: DigestedRegistry, selection: Selection) -> list[Finding]:
    """Every finding of the rules selected, in order of place: a check narrowed to some
    paths drops the others after."""
    # Findings are many small objects beside the digests: see gcpause.
    with gc_paused():
        findings = [
            *_load_findings(registry.problems, selection),
            *_claim_findings(registry, selection),
            *_registry_findings(registry.facts, selection),
        ]
    return sorted(
        (f for f in findings if not selection.ignored_in_file(f)),
        key=lambda f: (f.path, f.line, f.column, f.code),
    )


def _kept_check(
    store: Store, cache: DigestStore, selection: Selection, keys: Keys | None
) -> KeptCheck | None:
    """The findings kept of the last check of this registry, with these rules, when the
    kept states of its files say it has not changed since (see runmemo)."""
    from .digestkeys import known_run_key
    from .runmemo import RunMemos, kept_check, memo_name

    if not isinstance(cache, RunMemos) or keys is None:
        return None
    run_key = known_run_key(store, cache, keys)
    if run_key is None:
        return None
    name = memo_name(store.files.real_root, selection)
    return kept_check(cache.get_runs([name]).get(name), run_key)


def _keep_check(
    store: Store,
    cache: DigestStore,
    selection: Selection,
    registry: DigestedRegistry,
    findings: list[Finding],
) -> None:
    """Keep the findings of a check of the whole registry, where it has a run key."""
    from .runmemo import RunMemos, memo_name, memo_text

    if isinstance(cache, RunMemos) and registry.run_key is not None:
        text = memo_text(
            registry.run_key,
            findings,
            len(registry.claims),
            registry.documents,
            registry.not_loaded,
        )
        cache.put_runs({memo_name(store.files.real_root, selection): text})
