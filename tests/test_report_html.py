"""`claimcheck report --format html`: the page's structure, its escaping of untrusted text (in
text, attributes and SVG), and the forest plot's geometry. The page in a real browser is
tested in test_report_browser.py."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ARTICLE, Run, edit_record
from helpers import add_args, write
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.engine import check
from claimcheck.quantity import Interval
from claimcheck.render.html.forest import forest_plot, nice_ticks, scale_of
from claimcheck.render.html.page import Piece, pieces_of, safe_url, tidy
from claimcheck.report import Comparison, FigureRow, Report, build_report
from claimcheck.store import Store

ALEPPO = ("east-aleppo-evacuation", "people-evacuated")
ICRC = "International Committee of the Red Cross"


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: tuple[Element, ...] = field(repr=False)
    text: list[str] = field(default_factory=list)

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(e.tag for e in self.ancestors)

    def within(self, other: Element) -> bool:
        return any(e is other for e in self.ancestors)


class Page(HTMLParser):
    """The page as a flat list of elements, each with its attributes, its ancestors' tags and
    the text directly inside it (entities decoded, as a browser reads them)."""

    VOID = frozenset({"meta", "input", "br", "img", "hr", "link", "col", "area", "source", "wbr"})
    # SVG shapes written self-closing ("<rect/>")
    SELF_CLOSING = frozenset({"rect", "line", "polygon", "path", "circle"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(self.stack))
        self.elements.append(element)
        if tag not in self.VOID and tag not in self.SELF_CLOSING:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def text_of(self, element: Element) -> str:
        return "".join(element.text)


def _html(run: Run, root: Path) -> str:
    result = run(root, "report", "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _report(root: Path) -> Report:
    return build_report(check(Store.discover(root)))


# --- the shipped registry's page ------------------------------------------------------------


def test_writes_one_page_to_the_output_file(shipped: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = run(shipped, "report", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert text.rstrip().endswith("</html>")
    assert "report.html" in result.stderr


def test_every_anchored_claim_is_marked_with_its_verdict_in_words(shipped: Path, run: Run) -> None:
    page = Page(_html(run, shipped))
    report = _report(shipped)
    for claim in report.claims:
        assert claim.anchor is not None and claim.anchor.start is not None
        marks = page.find("mark", data_claim=claim.id)
        assert marks, claim.id
        assert "".join(page.text_of(m) for m in marks) == claim.anchor.exact
        assert f"v-{claim.verdict.value}" in marks[0].attrs["class"]
        (link,) = [
            a for a in page.find("a", data_claim=claim.id) if "mark-link" in a.attrs["class"]
        ]
        assert link.attrs["href"] == f"#claim-{claim.id}"
        assert claim.verdict.value in page.text_of(link)  # the word, not only a colour
        assert link.attrs["aria-controls"] == f"claim-{claim.id}"
        (panel,) = page.find("details", id=f"claim-{claim.id}")
        assert "open" in panel.attrs  # without the script, every claim reads expanded


def test_the_three_design_card_claims_read_with_their_verdicts(shipped: Path, run: Run) -> None:
    page = Page(_html(run, shipped))
    verdicts = {
        "aleppo-evacuated-total": ("37,500 people", "refuted"),
        "fuaa-kafraya-evacuated": ("750 people", "supported"),
        "syria-war-deaths": ("more than 400,000 people", "supported"),
    }
    for claim_id, (figure, verdict) in verdicts.items():
        (panel,) = page.find("details", id=f"claim-{claim_id}")
        assert panel.attrs["data-verdict"] == verdict
        text = " ".join(page.text_of(panel).split())
        assert figure in text and verdict in text
        charts = [
            e
            for e in page.find("article")
            if claim_id in json.loads(e.attrs.get("data-claims", "[]"))
        ]
        assert len(charts) == 1


def test_a_claims_panel_holds_its_sources_findings_and_history(shipped: Path, run: Run) -> None:
    page = Page(_html(run, shipped))
    report = _report(shipped)
    claim = next(c for c in report.claims if c.id == "aleppo-evacuated-total")
    (panel,) = page.find("details", id="claim-aleppo-evacuated-total")
    text = " ".join(page.text_of(panel).split())
    cards = [
        e
        for e in page.find("li")
        if "source" in e.attrs.get("class", "").split() and e.within(panel)
    ]
    assert len(cards) == len(claim.sources) == 18
    relations = [c.attrs["class"].split()[1] for c in cards]
    assert sorted(relations) == sorted("rel-" + s.relation.replace(" ", "-") for s in claim.sources)
    # what decides the verdict comes first
    assert relations[:3] == ["rel-contradicts"] * 3 and relations[-1] == "rel-not-evidence"
    for source in claim.sources:
        assert " ".join(source.reason.split()) in text
    assert f"Sources ({len(claim.sources)})" in text
    assert f"Findings ({len(claim.findings)})" in text
    for entry in claim.history:
        assert entry.at.strftime("%Y-%m-%d %H:%M") in text


def test_the_summary_says_what_the_terminal_report_says(shipped: Path, run: Run) -> None:
    page = Page(_html(run, shipped))
    data = json.loads(run(shipped, "report", "--format", "json").stdout)["summary"]
    (summary,) = page.find("section", id="summary")
    text = " ".join(page.text_of(summary).split())
    for verdict, count in data["by_verdict"].items():
        assert f"{verdict} {count}" in text
    for status, count in data["by_status"].items():
        assert f"{status} {count}" in text
    assert f"infos {data['findings']['info']}" in text
    assert "Agree for every reviewed claim" in text


def test_a_status_that_disagrees_with_the_verdict_is_named(shipped: Path, run: Run) -> None:
    edit_record(shipped, "claims/syria-war-deaths.yaml", status="refuted")
    page = Page(_html(run, shipped))
    (summary,) = page.find("section", id="summary")
    assert "Disagree for syria-war-deaths" in " ".join(page.text_of(summary).split())


def test_one_chart_per_subject_and_measure_with_its_table(shipped: Path, run: Run) -> None:
    page = Page(_html(run, shipped))
    report = _report(shipped)
    charts = [e for e in page.find("article") if "chart" in e.attrs.get("class", "").split()]
    assert len(charts) == len(report.comparisons)
    svgs = page.find("svg")
    assert len(svgs) == len(report.comparisons)
    for svg in svgs:
        chart = svg.attrs["data-chart"]
        title, desc = page.find("title", id=f"{chart}-title"), page.find("desc", id=f"{chart}-desc")
        assert title and desc and svg.attrs["role"] == "img"
        assert svg.attrs["aria-labelledby"] == f"{chart}-title {chart}-desc"
    rows = [e for e in page.find("tr") if "table" in e.parents and "thead" not in e.parents]
    assert len(rows) == sum(len(c.rows) for c in report.comparisons)


def test_the_page_loads_nothing_and_runs_only_its_own_script(shipped: Path, run: Run) -> None:
    text = _html(run, shipped)
    page = Page(text)
    assert not page.find("link") and not page.find("img") and not page.find("iframe")
    assert not [e for e in page.elements if "src" in e.attrs]
    assert "url(" not in text and "@import" not in text
    (script,) = page.find("script")
    body = page.text_of(script)
    (csp,) = page.find("meta", http_equiv="Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in csp.attrs["content"]
    assert "default-src 'none'" in csp.attrs["content"]


# --- untrusted text --------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
CONTROL = "\x1b[31m"
BIDI = "\u202e"
INVISIBLE = "\u200b"  # a zero-width space
HOSTILE_URL = 'https://example.org/?q="><script>alert(5)</script>'
HOSTILE_DOCUMENT = (
    "A first paragraph with <script>alert(3)</script> in it.\n\n"
    f"The quoted words {IMG} run here and 750 people left.\n\n"
    "The end.\n"
)
HOSTILE_QUOTE = f"words {IMG} run here and 750 people"
CLAIM = f"{SCRIPT} {IMG} {CONTROL}red{BIDI}{INVISIBLE}"


@pytest.fixture
def hostile(run: Run, empty: Path) -> Path:
    write(empty, "seeds/hostile.txt", HOSTILE_DOCUMENT)
    write(
        empty,
        "seeds/hostile.txt.meta.yaml",
        f"title: {json.dumps('</title>' + SCRIPT)}\npublished: 2020-02-02\n",
    )
    added = run(
        empty,
        *add_args(CLAIM, HOSTILE_QUOTE, document="seeds/hostile.txt"),
        "--id", "hostile",
        "--claimant", f"Someone{IMG}",
        "--subject", f"subject{SCRIPT}",
        "--measure", f"measure{IMG}{CONTROL}",
        "--tag", f"tag{IMG}",
        "--note", f"<b>note</b>{CONTROL}",
        "--quantity", "about 750 people",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    source = run(
        empty, "source", "add", "hostile",
        "--publisher", f"</text></svg>{SCRIPT}{CONTROL}",
        "--via", '" onmouseover="alert(4)',
        "--url", HOSTILE_URL,
        "--quantity", "800 people",
        "--by", "tester",
    )  # fmt: skip
    assert source.exit_code == 0, source.stderr
    return empty


def test_hostile_text_never_becomes_markup(hostile: Path, run: Run) -> None:
    text = _html(run, hostile)
    page = Page(text)
    assert len(page.find("script")) == 1  # the page's own, at the end
    assert page.find("script")[0].parents == ("html", "body")
    assert not page.find("img") and not page.find("b")
    assert not [e for e in page.elements for name in e.attrs if name.startswith("on")]
    assert not [e for e in page.elements if e.attrs.get("href", "").startswith("javascript")]
    # what the record says is there, as text a reader sees
    (panel,) = page.find("details", id="claim-hostile")
    panel_text = page.text_of(panel)
    assert f"{SCRIPT} {IMG} \\x1b[31mred\\u202e\\u200b" in panel_text
    assert "<b>note</b>\\x1b[31m" in panel_text
    (mark,) = page.find("mark", data_claim="hostile")
    assert page.text_of(mark) == HOSTILE_QUOTE  # the document's words, as words
    assert page.text_of(page.find("title")[0]) == "claimcheck report: 1 claims"
    (heading,) = [h for h in page.find("h3") if "</title>" in page.text_of(h)]
    assert page.text_of(heading) == "</title>" + SCRIPT


def test_controls_and_direction_marks_never_reach_the_page_raw(hostile: Path, run: Run) -> None:
    text = _html(run, hostile)
    assert "\x1b" not in text and BIDI not in text and INVISIBLE not in text
    assert "\\x1b[31m" in text and "\\u202e" in text and "\\u200b" in text


def test_hostile_text_is_escaped_in_attributes(hostile: Path, run: Run) -> None:
    page = Page(_html(run, hostile))
    (item,) = page.find("li", data_claim="hostile")
    assert item.attrs["data-claimant"] == f"Someone{IMG}"  # one attribute, read back whole
    assert json.loads(item.attrs["data-tags"]) == [f"tag{IMG}"]
    (option,) = [o for o in page.find("option") if o.attrs.get("value") == f"Someone{IMG}"]
    assert page.text_of(option) == f"Someone{IMG}"


def test_hostile_text_is_escaped_inside_the_svg(hostile: Path, run: Run) -> None:
    page = Page(_html(run, hostile))
    (svg,) = page.find("svg")
    chart = svg.attrs["data-chart"]
    (title,) = page.find("title", id=f"{chart}-title")
    assert page.text_of(title) == f"subject{SCRIPT} / measure{IMG}\\x1b[31m"
    rows = [e for e in page.find("g") if e.attrs.get("data-is-claim") == "false"]
    assert [r.attrs["data-who"] for r in rows] == [f"</text></svg>{SCRIPT}\\x1b[31m"]
    assert rows[0].attrs["data-via"] == '" onmouseover="alert(4)'
    # the wide label names the publisher and its origin, the narrow one the origin alone
    for kind, words in (
        ("label-wide", f"</text></svg>{SCRIPT}"),
        ("label-narrow", '" onmouseover="alert'),
    ):
        labels = [e for e in page.find("text") if kind in e.attrs.get("class", "").split()]
        assert any(words in page.text_of(label) for label in labels), kind
    assert all(e.parents[: len(("html", "body"))] == ("html", "body") for e in page.find("svg"))


def test_a_source_address_stays_one_attribute(hostile: Path, run: Run) -> None:
    page = Page(_html(run, hostile))
    hrefs = [e.attrs["href"] for e in page.find("a")]
    assert HOSTILE_URL in hrefs  # read back whole: its quote did not end the attribute
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("//example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_web_addresses_become_links(url: str | None, link: bool) -> None:
    assert (safe_url(url) is not None) is link


# --- cutting a document at its claims --------------------------------------------------------


def test_pieces_keep_the_text_and_nest_overlapping_claims() -> None:
    text = "abcdefghij"
    pieces = pieces_of(text, {"outer": (1, 8), "inner": (3, 5), "tail": (6, 10)})
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.claims, p.ends) for p in pieces] == [
        ("a", (), ()),
        ("bc", ("outer",), ()),
        ("de", ("outer", "inner"), ("inner",)),
        ("f", ("outer",), ()),
        ("gh", ("outer", "tail"), ("outer",)),
        ("ij", ("tail",), ("tail",)),
    ]


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40)), max_size=6),
)
def test_every_claims_pieces_make_its_words(text: str, ends: list[tuple[int, int]]) -> None:
    spans = {
        f"c{index}": (min(a, b), max(a, b))
        for index, (a, b) in enumerate(ends)
        if min(a, b) < max(a, b) <= len(text)
    }
    pieces = pieces_of(text, spans)
    assert "".join(p.text for p in pieces) == text
    for claim, (start, end) in spans.items():
        assert "".join(p.text for p in pieces if claim in p.claims) == text[start:end]
        assert sum(claim in p.ends for p in pieces) == 1
    for piece in pieces:  # outer claims before the claims they hold
        starts = [spans[c][0] for c in piece.claims]
        assert starts == sorted(starts)


def test_tidy_folds_blank_lines_outside_claims_only() -> None:
    pieces = [
        Piece("\n\nA\n\n\n\nB ", (), ()),
        Piece("x\n\n\n\ny", ("c",), ("c",)),
        Piece("\n", (), ()),
    ]
    assert [p.text for p in tidy(pieces)] == ["A\n\nB ", "x\n\n\n\ny"]


# --- the forest plot -------------------------------------------------------------------------


def _aleppo(report: Report) -> Comparison:
    return next(c for c in report.comparisons if (c.subject, c.measure) == ALEPPO)


def test_the_refuted_figure_stands_right_of_the_icrc_same_day_counts(shipped: Path) -> None:
    comparison = _aleppo(_report(shipped))
    plot = forest_plot(comparison)
    assert plot is not None
    (claim,) = [r for r in plot.rows if r.figure.is_claim]
    same_day = [
        r
        for r in plot.rows
        if not r.figure.is_claim
        and r.figure.date == claim.figure.date
        and r.figure.relation == "contradicts"
    ]
    assert {r.figure.via for r in same_day} == {ICRC, "OCHA", "Syrian Observatory for Human Rights"}
    assert claim.bar is not None
    for row in same_day:
        assert row.bar is not None and row.bar.x2 < claim.bar.x1, row.label
        assert row.same_day
    assert all(r.same_day is (r.figure.date == claim.figure.date) for r in plot.rows)
    (band,) = plot.bands
    assert (band.x1, band.x2) == (claim.bar.x1, claim.bar.x2)


def test_open_ends_are_arrows_and_running_totals_carry_as_floor_or_ceiling(
    shipped: Path,
) -> None:
    plot = forest_plot(_aleppo(_report(shipped)))
    assert plot is not None
    at_least = next(r for r in plot.rows if r.figure.figure == "at least 25,000 people")
    assert at_least.bar is not None and len(at_least.bar.arrows) == 1
    assert at_least.bar.x2 == plot.plot_right
    about = next(r for r in plot.rows if r.figure.figure == "about 34,000 people")
    assert about.carry is not None and about.carry.kind == "ceiling"
    assert about.carry.x1 == plot.plot_left and about.carry.bound == "37,400"
    assert about.bar is not None and about.carry.cap == about.bar.x2
    assert "ceiling 37,400" in about.label
    exact = next(r for r in plot.rows if r.figure.figure == "25,000 people")
    assert exact.bar is not None and exact.bar.arrows == () and exact.carry is None
    # carried both ways to infinity says nothing: nothing drawn
    more = next(r for r in plot.rows if r.figure.figure == "more than 36,086 people")
    assert more.figure.carried is not None and more.carry is None


def test_an_earlier_running_total_carries_forward_as_a_floor() -> None:
    day = dt.date(2020, 1, 2)

    def row(figure: str, interval: Interval, **more: object) -> FigureRow:
        values: dict[str, object] = {
            "date": day, "who": "W", "via": None, "figure": figure, "interval": interval,
            "claim_id": "c", "is_claim": False, "relation": "supports", "reason": "",
        }  # fmt: skip
        values.update(more)
        return FigureRow(**values)  # type: ignore[arg-type]

    claim = row("100", Interval(95, 105, True, False), is_claim=True, relation="the claim")
    earlier = row(
        "60",
        Interval(55, 65, True, False),
        date=dt.date(2020, 1, 1),
        carried=Interval(55, math.inf, True, False),
    )
    plot = forest_plot(Comparison("s", "m", True, ("c",), (earlier, claim), ()))
    assert plot is not None
    carry = plot.rows[0].carry
    assert carry is not None and carry.kind == "floor"
    assert carry.x2 == plot.plot_right and carry.cap == plot.rows[0].bar.x1  # type: ignore[union-attr]
    assert "floor 55" in plot.rows[0].label
    assert plot.rows[1].bar is not None and plot.rows[0].bar is not None
    assert plot.rows[0].bar.x2 < plot.rows[1].bar.x1


def test_the_scale_is_shared_and_every_bar_lies_on_the_plot(shipped: Path) -> None:
    for comparison in _report(shipped).comparisons:
        plot = forest_plot(comparison)
        assert plot is not None
        for row in plot.rows:
            if row.bar is not None:
                assert plot.plot_left <= row.bar.x1 <= row.bar.x2 <= plot.plot_right
        ticks = [t.x for t in plot.ticks]
        assert ticks == sorted(ticks) and len(ticks) >= 3
        assert all(len(r.short) <= 50 and len(r.label) <= 84 for r in plot.rows)
        ys = [r.y for r in plot.rows]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)  # one row per figure, in order


def test_no_finite_end_means_no_plot() -> None:
    anything = Interval(-math.inf, math.inf, False, False)
    only_open = FigureRow(None, "W", None, "x", anything, "c", True, "the claim", "")
    assert scale_of((only_open,)) is None
    assert forest_plot(Comparison("s", "m", False, ("c",), (only_open,), ())) is None


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (9880, 40120, [10000, 20000, 30000, 40000]),
        (3.2, 7.9, [4, 5, 6, 7]),
    ],
)
def test_ticks_are_round_numbers(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


def test_a_claim_whose_words_are_not_found_is_listed_apart(shipped: Path, run: Run) -> None:
    edit_record(
        shipped,
        "claims/fuaa-kafraya-evacuated.yaml",
        anchor={"document": ARTICLE, "exact": "words this article never says"},
    )
    page = Page(_html(run, shipped))
    assert not page.find("mark", data_claim="fuaa-kafraya-evacuated")
    (panel,) = page.find("details", id="claim-fuaa-kafraya-evacuated")
    assert "“words this article never says”, are not found" in page.text_of(panel)
    headings = [h for h in page.find("h4") if page.text_of(h) == "Not found in the text"]
    assert len(headings) == 1
    assert len(page.find("mark")) == 8  # the other claims are still marked


def test_a_claim_without_a_document_has_its_own_list(shipped: Path, run: Run) -> None:
    write(
        shipped,
        "claims/imported-claim.yaml",
        "id: imported-claim\nclaim: An imported claim with no document.\nstatus: unverified\n",
    )
    page = Page(_html(run, shipped))
    (panel,) = page.find("details", id="claim-imported-claim")
    (section,) = [a for a in page.find("article") if panel.within(a)]
    assert "Claims without a document" in page.text_of(section)
    assert not page.find("mark", data_claim="imported-claim")


def test_a_selection_shows_its_claims_in_their_document(shipped: Path, run: Run) -> None:
    result = run(shipped, "report", "--format", "html", "--subject", "east-aleppo-evacuation")
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    wanted = {c.id for c in _report(shipped).claims if c.subject == "east-aleppo-evacuation"}
    assert len(wanted) >= 2
    assert {m.attrs["data-claim"] for m in page.find("mark")} == wanted
    assert {d.attrs["id"] for d in page.find("details") if "claim" in d.attrs["class"]} == {
        f"claim-{claim_id}" for claim_id in wanted
    }


def test_a_report_without_claims_is_still_a_page(empty: Path, run: Run) -> None:
    page = Page(_html(run, empty))
    assert page.find("section", id="summary")
    assert not page.find("svg") and not page.find("details", data_collapse="")
    assert re.search(r"<title>claimcheck report: 0 claims</title>", _html(run, empty))
