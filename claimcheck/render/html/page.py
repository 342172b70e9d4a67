"""The report as one self-contained HTML page: documents with their claims marked, each claim's
sources, findings and history, a forest plot per subject and measure, and filters.

Everything comes from the shared report model (``claimcheck.report``), so the page never says
something the terminal or JSON report does not. The page is drawn by Jinja2 templates with
autoescaping on; every string also passes through ``render.safe.visible`` first (the
environment's ``finalize``), so control characters and direction overrides show as escapes,
in text and in attributes alike. CSS and JavaScript are inline: the page loads nothing.
"""

from __future__ import annotations

import base64
import bisect
import functools
import hashlib
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ... import __version__
from ...report import ClaimRow, DocumentRow, FigureRow, Report
from ..safe import visible
from .forest import forest_plot, who_of

VERDICT_MARKS = {  # a sign beside each verdict's word: never colour alone
    "supported": "✓",
    "refuted": "✗",
    "disputed": "⇄",
    "unproven": "?",
    "unverified": "…",
}


@dataclass(frozen=True)
class Piece:
    """A stretch of a document's text and the claims whose words cover it (outermost first);
    ``ends`` are the claims whose words end with this stretch."""

    text: str
    claims: tuple[str, ...]
    ends: tuple[str, ...]


def pieces_of(text: str, spans: dict[str, tuple[int, int]]) -> list[Piece]:
    """The text cut at every claim's start and end, so overlapping claims nest per piece.

    One sweep from start to end, keeping the claims open at each cut: a document with many
    claims is cut in time proportional to its pieces and the claims open over each."""

    def order(claim: str) -> tuple[int, int, str]:  # outermost first: earliest, then longest
        return (spans[claim][0], -spans[claim][1], claim)

    cuts = sorted({0, len(text), *(end for span in spans.values() for end in span)})
    starting: dict[int, list[str]] = defaultdict(list)
    for claim, (start, _) in spans.items():
        starting[start].append(claim)
    open_claims: list[str] = []
    pieces = []
    for start, end in itertools.pairwise(cuts):
        open_claims = [c for c in open_claims if spans[c][1] > start]
        for claim in starting.get(start, ()):
            bisect.insort(open_claims, claim, key=order)
        covering = tuple(open_claims)
        ends = tuple(c for c in covering if spans[c][1] == end)
        pieces.append(Piece(text[start:end], covering, ends))
    return pieces


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Runs of blank lines outside claims shown as one, and none at the start or end: the
    claims' words are never touched."""
    tidied = [
        piece if piece.claims else Piece(_BLANK_LINES.sub("\n\n", piece.text), (), ())
        for piece in pieces
    ]
    if tidied and not tidied[0].claims:
        tidied[0] = Piece(tidied[0].text.lstrip(), (), ())
    if tidied and not tidied[-1].claims:
        tidied[-1] = Piece(tidied[-1].text.rstrip(), (), ())
    return [piece for piece in tidied if piece.text]


def safe_url(url: str | None) -> str | None:
    """The address, where it is one a link may follow (http or https); None otherwise, so a
    ``javascript:`` address in a record never becomes a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


_WEIGHT = {"contradicts": 0, "supports": 1, "context": 2, "not evidence": 3}


def by_weight(sources: tuple[FigureRow, ...]) -> list[FigureRow]:
    """A claim's sources with what decides its verdict first: contradicting, supporting,
    then context and what is not evidence (the record's order within each)."""
    return sorted(sources, key=lambda source: _WEIGHT.get(source.relation, 2))


def _finalize(value: Any) -> Any:
    # Markup is already built from escaped parts; every other string is untrusted text.
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return visible(value)
    return "" if value is None else value


def _attr_json(value: Any) -> str:
    """Data for a data-* attribute, read by the page's script with JSON.parse (the template
    escapes it as any other attribute value)."""
    return json.dumps(value, ensure_ascii=True)


@functools.cache
def environment() -> Environment:
    """The templates' environment, made once: compiling the templates is most of the cost of
    a page."""
    env = Environment(
        loader=PackageLoader("claimcheck.render.html", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["attr_json"] = _attr_json
    env.filters["who"] = who_of
    env.filters["by_weight"] = by_weight
    env.globals["verdict_marks"] = VERDICT_MARKS
    return env


@dataclass(frozen=True)
class DocumentView:
    row: DocumentRow
    pieces: tuple[Piece, ...]
    claims: tuple[ClaimRow, ...]  # anchored here, in the order they appear
    unplaced: tuple[ClaimRow, ...]  # anchored here, but their words are not found


def _document_views(report: Report) -> list[DocumentView]:
    views = []
    for document in report.documents:
        mine = [c for c in report.claims if c.anchor and c.anchor.document == document.path]
        placed = {
            c.id: (c.anchor.start, c.anchor.end)
            for c in mine
            if c.anchor and c.anchor.start is not None and c.anchor.end is not None
        }
        text = document.text if document.text is not None else ""
        # offsets outside the text would cut nothing sensible: such a claim is listed apart
        placed = {k: v for k, v in placed.items() if 0 <= v[0] < v[1] <= len(text)}
        in_order = sorted((c for c in mine if c.id in placed), key=lambda c: placed[c.id])
        views.append(
            DocumentView(
                row=document,
                pieces=tuple(tidy(pieces_of(text, placed))),
                claims=tuple(in_order),
                unplaced=tuple(c for c in mine if c.id not in placed),
            )
        )
    return views


def _options(report: Report) -> dict[str, list[str]]:
    return {
        "status": sorted({c.status.value for c in report.claims}),
        "verdict": sorted({c.verdict.value for c in report.claims}),
        "tag": sorted({tag for c in report.claims for tag in c.tags}),
        "claimant": sorted({c.claimant for c in report.claims if c.claimant}),
    }


def _asset(env: Environment, name: str) -> str:
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def report_html(report: Report) -> str:
    """The whole page."""
    env = environment()
    script = _asset(env, "report.js")
    # The page allows only its own script (by hash) and loads nothing: even text that escaped
    # escaping could not run, and opening the file never touches the network.
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    script_hash = "sha256-" + base64.b64encode(digest).decode("ascii")
    charts = [(c, forest_plot(c)) for c in report.comparisons]
    documents = _document_views(report)
    homeless = [c for c in report.claims if c.anchor is None]
    template = env.get_template("report.html.j2")
    return template.render(
        report=report,
        summary=report.summary,
        documents=documents,
        homeless=homeless,
        charts=charts,
        options=_options(report),
        claims_by_id={c.id: c for c in report.claims},
        script=Markup(script),
        style=Markup(_asset(env, "report.css")),
        script_hash=script_hash,
        version=__version__,
    )
