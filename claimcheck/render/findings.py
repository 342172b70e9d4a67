"""Findings in the formats ``claimcheck check`` writes (SARIF is in ``sarif.py``).

``full`` is for people (Rich text: each finding with the offending line of the file);
``concise`` is one line each (``path:line:col: CODE message``); ``json`` and ``github``
(workflow commands) are for machines and are plain text: never wrapped, never coloured. In
every format a finding's head is exactly one line, whatever its path and message hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..rules import ALL_RULES
from ..vocab import Severity
from .formatters import CheckedFindings
from .lines import FileLines
from .repository import repository_prefix
from .safe import inline, to_json

if TYPE_CHECKING:  # Rich is imported by the formats for people only: json needs none of it
    from rich.console import RenderableType

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def summary_line(result: CheckedFindings, fixed: int = 0) -> str:
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


def full(result: CheckedFindings, root: Path, fixed: int = 0) -> RenderableType:
    """Each finding with its place, code, message, the file's line and a caret under the
    column; then a summary."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    lines = FileLines(root)
    for finding in result.findings:
        head = Text()
        head.append(inline(f"{finding.path}:{finding.line}:{finding.column}"), style="bold")
        head.append(": ")
        head.append(finding.code, style=SEVERITY_STYLES[finding.severity])
        head.append(f" [{finding.severity.value}] ", style=SEVERITY_STYLES[finding.severity])
        head.append(inline(finding.message))
        parts.append(head)
        line = lines.line(finding.path, finding.line)
        if line is not None and len(line) <= 300:
            number = f"{finding.line:>4} | "
            parts.append(Text(number, style="dim") + Text(inline(line)))
            caret = " " * (len(number) + max(0, finding.column - 1)) + "^"
            parts.append(Text(caret, style=SEVERITY_STYLES[finding.severity]))
        if finding.fix:
            parts.append(Text(f"     fix: {inline(finding.fix)} (--fix)", style="green"))
        parts.append(Text(""))
    parts.append(Text(summary_line(result, fixed), style="bold"))
    return Group(*parts)


def concise(result: CheckedFindings) -> str:
    return "".join(
        f"{inline(f.path)}:{f.line}:{f.column}: {f.code} {inline(f.message)}\n"
        for f in result.findings
    )


def as_json(result: CheckedFindings, fixed: int = 0) -> str:
    summary = {**result.summary(), "fixed": fixed}
    return to_json({"findings": [f.to_json() for f in result.findings], "summary": summary})


def _github_escape(text: str, property_value: bool = False) -> str:
    # GitHub's workflow-command escaping: data escapes % CR LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return inline(text)


def github(result: CheckedFindings, root: Path) -> str:
    """Workflow commands, one line each; files named from the repository's root, as the
    annotations of a pull request need."""
    prefix = repository_prefix(root)
    lines = []
    for f in result.findings:
        properties = ",".join(
            [
                f"file={_github_escape(prefix + f.path, True)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={_github_escape(f'{f.code} {f.name}', True)}",
            ]
        )
        lines.append(f"::{GITHUB_COMMANDS[f.severity]} {properties}::{_github_escape(f.message)}\n")
    return "".join(lines)


def rules_table(select: Sequence[str] | None = None) -> RenderableType:
    """Every rule: code, name, default severity, what it checks."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

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
