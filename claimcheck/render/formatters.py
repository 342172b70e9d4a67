"""One class per output format, registered by name (as flake8's formatters and
check-jsonschema's ``REPORTER_BY_NAME``): ``CHECK_FORMATTERS`` for ``claimcheck check``,
``REPORT_FORMATTERS`` for ``claimcheck report``.

A formatter yields its output in chunks: a ``str`` is written exactly as it is (machine output:
never wrapped, never coloured), anything else is a Rich renderable, which the CLI prints through
the escaping net. The CLI looks the class up by the ``--format`` name and writes what it yields
through its one output channel; the ``--format`` choices and their help are made from these
registries. Adding a format is adding a class with ``@check_format`` or ``@report_format``.

A check formatter reads only what a check result shows anyone (``findings``, ``summary()``,
``has_errors``: the engine's result and the library's ``claimcheck.CheckResult`` both do), and
is given the registry's root for the places it names. This module imports no renderer until a
format is used: the CLI builds its ``--format`` choices from it at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..engine import Finding
    from ..report import Report

    Chunks: TypeAlias = Iterable[str | RenderableType]


class CheckedFindings(Protocol):
    """What a check formatter may read of a check's result."""

    @property
    def findings(self) -> Sequence[Finding]: ...

    @property
    def has_errors(self) -> bool: ...

    def summary(self) -> dict[str, int]: ...


class CheckFormatter:
    """A format of ``claimcheck check``: ``chunks`` go to stdout, ``notes`` to stderr."""

    name: ClassVar[str]
    description: ClassVar[str]  # one line, for the --format help
    soft_wrap: ClassVar[bool] = False  # True: a renderable's lines are never broken

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        raise NotImplementedError

    def notes(self, result: CheckedFindings, fixed: int = 0) -> Iterable[str]:
        """Lines for stderr (a summary beside machine-readable lines), none by default."""
        return ()


class ReportFormatter:
    """A format of ``claimcheck report``; ``width`` is the terminal's, or the file's."""

    name: ClassVar[str]
    description: ClassVar[str]  # one line, for the --format help

    def chunks(self, report: Report, width: int, everything: bool = False) -> Chunks:
        raise NotImplementedError

    def summarises(self, claims: int, everything: bool = False) -> bool:
        """Whether, for a registry of this many claims, the format shows only what needs
        attention (``report.needing_attention``): the report is then made that way."""
        return False


CHECK_FORMATTERS: dict[str, type[CheckFormatter]] = {}
REPORT_FORMATTERS: dict[str, type[ReportFormatter]] = {}

C = TypeVar("C", bound=type[CheckFormatter])
R = TypeVar("R", bound=type[ReportFormatter])


def check_format(cls: C) -> C:
    """Register a check formatter under its name (the order of registration is the help's)."""
    CHECK_FORMATTERS[cls.name] = cls
    return cls


def report_format(cls: R) -> R:
    """Register a report formatter under its name."""
    REPORT_FORMATTERS[cls.name] = cls
    return cls


def format_help(formatters: Mapping[str, type[CheckFormatter] | type[ReportFormatter]]) -> str:
    """The --format help: each name with its one-line description."""
    return "; ".join(f"{name}: {cls.description}" for name, cls in formatters.items()) + "."


def _line(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


# --- check ------------------------------------------------------------------------------------


@check_format
class FullFormat(CheckFormatter):
    name = "full"
    description = "each finding with its line and a caret under the column, then a summary"
    soft_wrap = True  # never a line break inside a finding's line, whatever the width

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        from .findings import full

        return [full(result, root, fixed)]


@check_format
class ConciseFormat(CheckFormatter):
    name = "concise"
    description = "one line per finding (path:line:col: CODE message), the summary on stderr"

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        from .findings import concise

        return [concise(result)]

    def notes(self, result: CheckedFindings, fixed: int = 0) -> Iterable[str]:
        from .findings import summary_line

        return [summary_line(result, fixed)]


@check_format
class JsonFormat(CheckFormatter):
    name = "json"
    description = "the findings and the counts as JSON"

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        from .findings import as_json

        return [_line(as_json(result, fixed))]


@check_format
class GithubFormat(CheckFormatter):
    name = "github"
    description = "GitHub Actions workflow commands (annotations on a pull request)"

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        from .findings import github

        return [github(result, root)]


@check_format
class SarifFormat(CheckFormatter):
    name = "sarif"
    description = "a SARIF 2.1.0 log, for code scanning"

    def chunks(self, result: CheckedFindings, root: Path, fixed: int = 0) -> Chunks:
        from .sarif import sarif_log

        return [_line(sarif_log(result, root))]


# --- report -----------------------------------------------------------------------------------


@report_format
class TableReport(ReportFormatter):
    name = "table"
    description = (
        "tables for a terminal (above 200 claims, what needs attention, in plain lines; "
        "--all for everything)"
    )

    def summarises(self, claims: int, everything: bool = False) -> bool:
        from ..report import SUMMARY_ABOVE

        return claims > SUMMARY_ABOVE and not everything

    def chunks(self, report: Report, width: int, everything: bool = False) -> Chunks:
        from ..report import SUMMARY_ABOVE, needing_attention

        if "shown" in report.summary or len(report.claims) > SUMMARY_ABOVE:
            from .report_lines import report_lines

            summary = not everything
            shown = needing_attention(report) if summary else report
            return report_lines(shown, width, summary=summary)
        from .report import report_renderable

        return [report_renderable(report, width)]


@report_format
class JsonReport(ReportFormatter):
    name = "json"
    description = "every claim, comparison and finding as JSON"

    def chunks(self, report: Report, width: int, everything: bool = False) -> Chunks:
        from .report_lines import json_chunks

        return json_chunks(report)


@report_format
class MarkdownReport(ReportFormatter):
    name = "markdown"
    description = "Markdown tables"

    def chunks(self, report: Report, width: int, everything: bool = False) -> Chunks:
        from .report import markdown_lines

        return markdown_lines(report)


@report_format
class HtmlReport(ReportFormatter):
    name = "html"
    description = "one self-contained page with charts and filters"

    def chunks(self, report: Report, width: int, everything: bool = False) -> Chunks:
        from .html import report_html

        return [report_html(report)]  # every claim: the page has its own filters


__all__ = [
    "CHECK_FORMATTERS",
    "REPORT_FORMATTERS",
    "CheckFormatter",
    "CheckedFindings",
    "ReportFormatter",
    "check_format",
    "format_help",
    "report_format",
]
