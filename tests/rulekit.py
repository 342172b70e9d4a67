"""Writing records into a registry and reading back what one rule finds of them.

Each rule's tests read like its docstring: write a record (from plain data, in canonical form,
or as raw YAML text for the rules about files that do not load), run the engine, and look at
the findings of one code::

    kit = Kit(empty)
    kit.add(record("a", status="refuted"))
    finding = kit.one("R010")
    assert kit.at(finding).startswith("status: refuted")

``record()`` gives a clean record: its quote stands once in the article, it is anchored the
way ``claimcheck add`` anchors, and its history ends in its status, so that every rule keeps
quiet about it until a test changes one field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from claimcheck.documents import context_of, find_quote
from claimcheck.engine import CheckResult, Finding, check
from claimcheck.model import Claim
from claimcheck.store import Store, record_text

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"
ARTICLE_DATE = dt.date(2016, 12, 21)
ARTICLE_TITLE = "Russia, Iran and Turkey Reach Key Agreement on Syria Conflict"
ARTICLE_TEXT = (REPO / ARTICLE).read_text(encoding="utf-8")

# Quotes that stand exactly once in the article.
Q_37500 = "brought out 37,500 people"
Q_750 = "750 people had also been evacuated from Fuaa and Kafraya"
Q_400K = "killed more than 400,000 people"
Q_DAYS = "a question of one or a maximum of two days"
Q_SUMMIT = "a tripartite summit Tuesday in Moscow"
Q_SEDKY = "Red Cross spokeswoman Ingy Sedky"

DAY = dt.date(2016, 12, 20)
RECORDED = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.timezone.utc)


def anchored(exact: str, document: str = ARTICLE) -> dict[str, Any]:
    """An anchor as ``claimcheck add`` writes it: offsets and context of the one place the
    quote stands in the article."""
    spans = find_quote(ARTICLE_TEXT, exact)
    assert len(spans) == 1, f"{exact!r} stands {len(spans)} times in the article"
    prefix, suffix = context_of(ARTICLE_TEXT, spans[0])
    return {
        "document": document,
        "exact": exact,
        "prefix": prefix,
        "suffix": suffix,
        "start": spans[0].start,
        "end": spans[0].end,
    }


def history(*statuses: str) -> list[dict[str, Any]]:
    """History entries, one a minute, ending in the last status given."""
    return [
        {
            "at": RECORDED + dt.timedelta(minutes=n),
            "status": status,
            "by": "tester",
            "note": f"Set to {status}.",
        }
        for n, status in enumerate(statuses)
    ]


def record(claim_id: str = "claim", **fields: Any) -> dict[str, Any]:
    """A clean record's data; ``fields`` replace or add fields (``anchor`` may be a quote)."""
    data: dict[str, Any] = {
        "id": claim_id,
        "claim": "The evacuation of east Aleppo has brought out 37,500 people.",
        "anchor": anchored(Q_37500),
        "status": "unverified",
    }
    data.update(fields)
    if isinstance(data["anchor"], str):
        data["anchor"] = anchored(data["anchor"])
    if "history" not in fields:
        data["history"] = history(*dict.fromkeys(["unverified", data["status"]]))
    return data


def source(publisher: str = "OCHA", **fields: Any) -> dict[str, Any]:
    """A source's data, dated the day the figure refers to unless told otherwise."""
    data: dict[str, Any] = {"publisher": publisher, "published": DAY, "as_of": DAY}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def unshared(data: Any) -> Any:
    """The data with every date and time as ISO text, which validation reads back as new
    objects: the YAML writer would write one date object used twice as an anchor and an alias
    (``&id001``), which the reader refuses."""
    if isinstance(data, dict):
        return {key: unshared(value) for key, value in data.items()}
    if isinstance(data, list):
        return [unshared(item) for item in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


class Kit:
    """A registry folder to write records into and check."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def add(self, data: dict[str, Any]) -> str:
        """Write a record in canonical form as claims/<id>.yaml; its path, relative."""
        claim = Claim.model_validate(unshared(data))
        relpath = f"claims/{claim.id}.yaml"
        self.raw(relpath, record_text(claim))
        return relpath

    def raw(self, relpath: str, content: str | bytes) -> str:
        """Write a file as given (for records that must not load)."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return relpath

    def settings(self, extra: str) -> None:
        """Add top-level keys to claimcheck.yaml."""
        path = self.root / "claimcheck.yaml"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")

    def check(
        self,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        only: set[str] | None = None,
    ) -> CheckResult:
        return check(Store(self.root), select=select, ignore=ignore, only=only)

    def findings(self, code: str) -> list[Finding]:
        """The findings of one rule, run alone."""
        found = self.check(select=[code]).findings
        assert all(f.code == code for f in found), [f.code for f in found]
        return found

    def one(self, code: str) -> Finding:
        found = self.findings(code)
        assert len(found) == 1, [f"{f.path}:{f.line}:{f.column}: {f.message}" for f in found]
        return found[0]

    def none(self, code: str) -> None:
        found = self.findings(code)
        assert found == [], [f"{f.path}:{f.line}:{f.column}: {f.message}" for f in found]

    def text(self, relpath: str) -> str:
        return (self.root / relpath).read_text(encoding="utf-8", errors="replace")

    def at(self, finding: Finding) -> str:
        """The file's text from where the finding points to the end of that line."""
        lines = self.text(finding.path).splitlines()
        assert 1 <= finding.line <= len(lines), (finding.line, len(lines))
        line = lines[finding.line - 1]
        assert 1 <= finding.column <= len(line), (finding.column, line)
        return line[finding.column - 1 :]

    def line_of(self, relpath: str, starting: str, nth: int = 0) -> int:
        """The number of the ``nth`` line whose text (indentation and '- ' aside) starts with
        ``starting``."""
        hits = [
            number
            for number, line in enumerate(self.text(relpath).splitlines(), 1)
            if line.strip().removeprefix("- ").startswith(starting)
        ]
        return hits[nth]
