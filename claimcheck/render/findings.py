"""Findings in the formats ``claimcheck check`` writes.

``full`` is for people (Rich text: each finding with the offending line of the file);
``concise`` is one line each (``path:line:col: CODE message``); ``json``, ``github`` (workflow
commands) and ``sarif`` (2.1.0, as GitHub code scanning reads it) are for machines and are
plain text: never wrapped, never coloured.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from .. import __version__
from ..engine import CheckResult, Finding
from ..rules import ALL_RULES
from ..vocab import Severity
from .safe import to_json, visible

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def summary_line(result: CheckResult, fixed: int = 0) -> str:
    summary = result.summary()
    if not result.findings:
        text = f"All checks passed ({summary['claims']} claims)."
    else:
        parts = [
            f"{summary[key]} {label}{'s' if summary[key] != 1 else ''}"
            for key, label in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
            if summary[key]
        ]
        text = f"Found {', '.join(parts)} in {summary['claims']} claims."
        if summary["fixable"]:
            text += f" {summary['fixable']} fixable with --fix."
    if fixed:
        text = f"Fixed {fixed} finding{'s' if fixed != 1 else ''}. " + text
    return text


def _source_line(root: Path, finding: Finding, cache: dict[str, list[str]]) -> str | None:
    if finding.path not in cache:
        try:
            cache[finding.path] = (root / finding.path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[finding.path] = []
    lines = cache[finding.path]
    return lines[finding.line - 1] if 0 < finding.line <= len(lines) else None


def full(result: CheckResult, root: Path, fixed: int = 0) -> RenderableType:
    """Each finding with its place, code, message, the file's line and a caret under the
    column; then a summary."""
    parts: list[RenderableType] = []
    cache: dict[str, list[str]] = {}
    for finding in result.findings:
        head = Text()
        head.append(visible(f"{finding.path}:{finding.line}:{finding.column}"), style="bold")
        head.append(": ")
        head.append(finding.code, style=SEVERITY_STYLES[finding.severity])
        head.append(f" [{finding.severity.value}] ", style=SEVERITY_STYLES[finding.severity])
        head.append(visible(finding.message))
        parts.append(head)
        line = _source_line(root, finding, cache)
        if line is not None and len(line) <= 300:
            number = f"{finding.line:>4} | "
            parts.append(Text(number, style="dim") + Text(visible(line)))
            caret = " " * (len(number) + max(0, finding.column - 1)) + "^"
            parts.append(Text(caret, style=SEVERITY_STYLES[finding.severity]))
        if finding.fix:
            parts.append(Text(f"     fix: {finding.fix} (--fix)", style="green"))
        parts.append(Text(""))
    parts.append(Text(summary_line(result, fixed), style="bold"))
    return Group(*parts)


def concise(result: CheckResult) -> str:
    return "".join(
        f"{visible(f.path)}:{f.line}:{f.column}: {f.code} {visible(f.message)}\n"
        for f in result.findings
    )


def as_json(result: CheckResult, fixed: int = 0) -> str:
    summary = {**result.summary(), "fixed": fixed}
    return to_json({"findings": [f.to_json() for f in result.findings], "summary": summary})


def _github_escape(text: str, property_value: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return visible(text)


def github(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        properties = ",".join(
            [
                f"file={_github_escape(f.path, True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_github_escape(f'{f.code} {f.name}', True)}",
            ]
        )
        lines.append(f"::{GITHUB_COMMANDS[f.severity]} {properties}::{_github_escape(f.message)}\n")
    return "".join(lines)


def sarif(result: CheckResult, root: Path) -> str:
    """SARIF 2.1.0: one run, every rule described, each finding a result."""
    rules = list(ALL_RULES)
    index = {rule.code: position for position, rule in enumerate(rules)}
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
            "properties": {"tags": [rule.name]},
        }
        for rule in rules
    ]
    results: list[dict[str, Any]] = []
    for f in result.findings:
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "ROOT"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.claim:
            entry["properties"] = {"claim": f.claim}
        results.append(entry)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "claimcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"ROOT": {"uri": root.resolve().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return to_json(document)


def rules_table(select: Sequence[str] | None = None) -> RenderableType:
    """Every rule: code, name, default severity, what it checks."""
    from rich import box
    from rich.table import Table

    from ..rules import FAMILIES

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("code", no_wrap=True, style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("checks", ratio=1)
    family = ""
    for rule in ALL_RULES:
        if select and not any(rule.code.startswith(p.upper()) for p in select):
            continue
        if rule.code[0] != family:
            family = rule.code[0]
            table.add_row(Text(family, style="dim"), Text(FAMILIES[family], style="dim"), "", "")
        table.add_row(
            rule.code,
            rule.name,
            Text(rule.severity.value, style=SEVERITY_STYLES[rule.severity]),
            rule.summary.replace("``", ""),  # the docstring's literals, as plain text
        )
    return table
