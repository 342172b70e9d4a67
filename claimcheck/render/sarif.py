"""Findings as a SARIF 2.1.0 log, as GitHub code scanning reads it.

GitHub ignores ``uriBaseId``: an artifact's URI must be relative to the repository's root, so a
registry kept in a subfolder of a git repository names its files from that root. URIs are
percent-encoded from the file name's bytes (a name with a space, ``%``, ``#`` or bytes that are
not UTF-8 is still one valid URI). Each result carries a fingerprint made of what it is about
(rule, claim, field), not of where it stands, so that an alert stays the same alert when lines
move. Columns are counted in code points, and ``run.columnKind`` says so. A lone surrogate
(the byte of a file name that is not UTF-8) in a message is written as that byte's escape: a
JSON ``\\udcxx`` escape is legal but strict readers refuse it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..engine import Finding
from ..rules import ALL_RULES
from ..vocab import Severity
from .formatters import CheckedFindings
from .lines import FileLines
from .repository import repository_prefix, repository_root
from .safe import to_json, without_surrogates

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "claimcheck/v1"  # bump when what goes into the fingerprint changes


def artifact_uri(path: str, prefix: str = "") -> str:
    """A path relative to the repository as a URI reference: the file name's bytes (as they
    are on disk, UTF-8 or not) percent-encoded, '/' kept."""
    return quote(os.fsencode(prefix + path), safe="/")


def _fingerprint(finding: Finding, seen: dict[str, int]) -> str:
    about = (
        finding.code,
        finding.claim or "",
        finding.field,
        "" if finding.claim else finding.path,
    )
    key = "\0".join(about)
    seen[key] = seen.get(key, 0) + 1
    # the same rule can hit the same field twice: the second is another alert
    digest = hashlib.sha256(os.fsencode(key)).hexdigest()[:32]
    return f"{digest}:{seen[key]}"


def _region(finding: Finding, lines: FileLines) -> dict[str, int]:
    region = {"startLine": finding.line, "startColumn": finding.column}
    line = lines.line(finding.path, finding.line)
    if line is not None and finding.column <= len(line):
        # the offending field runs to the end of its line
        region |= {"endLine": finding.line, "endColumn": len(line) + 1}
    return region


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
            "properties": {"tags": [rule.name]},
        }
        for rule in ALL_RULES
    ]


def sarif_log(result: CheckedFindings, root: Path) -> str:
    """SARIF 2.1.0: one run, every rule described, each finding a result."""
    root = root.resolve()
    base = repository_root(root) or root
    prefix = repository_prefix(root)
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    lines = FileLines(root)
    seen: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for finding in result.findings:
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": without_surrogates(finding.message)},
            "partialFingerprints": {FINGERPRINT: _fingerprint(finding, seen)},
        }
        if finding.path:  # a finding about the registry as a whole has no file
            entry["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": artifact_uri(finding.path, prefix),
                            "uriBaseId": "ROOT",
                        },
                        "region": _region(finding, lines),
                    }
                }
            ]
        if finding.claim:
            entry["properties"] = {"claim": without_surrogates(finding.claim)}
        results.append(entry)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": _rules(),
                    }
                },
                "originalUriBaseIds": {"ROOT": {"uri": base.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return to_json(document)
