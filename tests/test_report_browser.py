"""The HTML report in a real browser: headless Chromium (Debian's ``chromium``), driven by
Playwright for Python against the shipped registry's page.

One browser for the module. The tests skip, saying why, only where no Chromium or no
Playwright can be had; ``.ci/run`` installs both. The accessibility check runs axe-core from
the npm registry: ``CLAIMCHECK_AXE`` names its ``axe.min.js``, else it is installed with npm
into a cache directory (``.ci/run`` does this first). A screenshot of the page is written to
``CLAIMCHECK_SCREENSHOTS`` (a directory) when set, else to pytest's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck.engine import check
from claimcheck.report import Report, build_report
from claimcheck.store import Store

REPO = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "claimcheck-axe"
AXE = ["axe-core@4"]
HTML = ["report", "--format", "html", "--output"]
ALEPPO = "aleppo-evacuated-total"
ICRC = "International Committee of the Red Cross"
ALEPPO_CHART = (
    'article.chart[data-subject="east-aleppo-evacuation"][data-measure="people-evacuated"]'
)


def _chromium() -> str | None:
    named = os.environ.get("CLAIMCHECK_CHROMIUM")
    if named:
        return named
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _chromium()
if CHROMIUM is None:
    pytest.skip(
        "no Chromium to test the HTML report in: install Debian's chromium "
        "(apt-get install chromium) or set CLAIMCHECK_CHROMIUM to a Chromium binary",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    pytest.skip(
        "Playwright for Python is not installed: pip install -e '.[dev]'",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(check(Store.discover(REPO)))


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shipped registry's page, written by the real command."""
    target = tmp_path_factory.mktemp("html") / "report.html"
    made = subprocess.run(
        [sys.executable, "-m", "claimcheck", "--root", str(REPO), *HTML, str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return target.as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Console:
    """What the page logged at error level, and the errors it threw."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def _open(browser: Browser, url: str, **context: Any) -> tuple[Page, Console]:
    page = browser.new_context(**context).new_page()
    console = Console(page)
    page.goto(url)
    return page, console


@pytest.fixture
def page(browser: Browser, page_url: str) -> Iterator[Page]:
    opened, console = _open(browser, page_url, viewport={"width": 1280, "height": 900})
    yield opened
    assert console.errors == []  # every test that uses the page also holds this
    opened.context.close()


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_every_anchored_claim_is_highlighted(page: Page, report: Report) -> None:
    for claim in report.claims:
        assert claim.anchor is not None and claim.anchor.start is not None
        mark = page.locator(f'mark.hl[data-claim="{claim.id}"]')
        assert mark.count() >= 1, claim.id
        assert mark.first.is_visible()
        background = mark.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), claim.id
        text = "".join(mark.all_inner_texts())
        assert " ".join(text.split()) == " ".join(claim.anchor.exact.split())
        label = page.locator(f'a.mark-link[data-claim="{claim.id}"]')
        assert claim.verdict.value in label.inner_text()


def test_selecting_a_highlight_opens_its_claim_with_its_sources(page: Page, report: Report) -> None:
    claim = next(c for c in report.claims if c.id == ALEPPO)
    panel = page.locator(f"#claim-{ALEPPO}")
    sources = panel.locator("li.source")
    assert panel.get_attribute("open") is None  # folded by the script
    assert not sources.first.is_visible()
    link = page.locator(f'a.mark-link[data-claim="{ALEPPO}"]')
    assert link.get_attribute("aria-expanded") == "false"
    link.click()
    assert panel.get_attribute("open") is not None
    assert link.get_attribute("aria-expanded") == "true"
    assert sources.count() == len(claim.sources)
    assert sources.first.is_visible()
    assert "ICRC" in panel.inner_text() and "contradicts" in panel.inner_text().lower()
    # clicking the highlighted words themselves opens their claim, and closes the other
    page.locator('mark.hl[data-claim="fuaa-kafraya-evacuated"]').click()
    assert page.locator("#claim-fuaa-kafraya-evacuated").get_attribute("open") is not None
    assert panel.get_attribute("open") is None


def test_the_keyboard_opens_a_claim(page: Page) -> None:
    link = page.locator('a.mark-link[data-claim="syria-war-deaths"]')
    link.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#claim-syria-war-deaths")
    assert panel.get_attribute("open") is not None
    # focus moves to the claim's summary: the reader is where the claim is
    assert page.evaluate("document.activeElement.parentElement.id") == "claim-syria-war-deaths"


def test_tab_reaches_every_claim(page: Page, report: Report) -> None:
    reached: set[str] = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e && e.matches('a.mark-link') ? e.dataset.claim : null; })()"
        )
        if found:
            reached.add(found)
    assert reached == {c.id for c in report.claims}


def test_the_chart_places_the_refuted_figure_above_the_icrc_same_day_counts(page: Page) -> None:
    chart = page.locator(ALEPPO_CHART)
    claim = chart.locator(f'g.row[data-is-claim="true"][data-claim="{ALEPPO}"] rect.bar')
    claim_box = claim.bounding_box()
    assert claim_box is not None
    icrc = chart.locator(f'g.row[data-via="{ICRC}"][data-date="2016-12-20"] rect.bar')
    assert icrc.count() >= 3
    for index in range(icrc.count()):
        box = icrc.nth(index).bounding_box()
        assert box is not None
        assert box["x"] < claim_box["x"]  # every ICRC figure of that day starts below it
    counted = chart.locator(
        f'g.row[data-via="{ICRC}"][data-date="2016-12-20"][data-relation="contradicts"] rect.bar'
    )
    (box,) = [counted.nth(i).bounding_box() for i in range(counted.count())]
    assert box is not None
    assert box["x"] + box["width"] < claim_box["x"]  # 25,000: all of it far below 37,500
    band = chart.locator("g.band rect").bounding_box()
    assert band is not None
    assert band["x"] <= claim_box["x"] + 1 and band["height"] > 10 * claim_box["height"]


def test_filters_narrow_the_claims_and_the_marks(page: Page) -> None:
    form = page.locator("#filters")
    assert form.is_visible()
    page.select_option("#f-verdict", "refuted")
    shown = page.locator("li.claim-item:visible")
    assert shown.count() == 2
    assert "Showing 2 of 9 claims" in page.locator("#filter-status").inner_text()
    assert "dim" in (
        page.locator('mark.hl[data-claim="syria-war-deaths"]').get_attribute("class") or ""
    )
    assert page.locator('article.chart[data-measure="deaths-estimated"]').is_hidden()
    page.click("#filters button[type=reset]")
    page.fill("#f-search", "Kafraya")
    assert page.locator("li.claim-item:visible").count() == 1
    page.fill("#f-search", "")
    page.select_option("#f-claimant", "Sergei Lavrov")
    assert page.locator("li.claim-item:visible").count() == 1
    page.select_option("#f-claimant", "")
    page.select_option("#f-tag", "aleppo")
    assert 1 <= page.locator("li.claim-item:visible").count() < 9


def test_without_scripts_everything_is_expanded(browser: Browser, page_url: str) -> None:
    page, console = _open(browser, page_url, java_script_enabled=False)
    try:
        assert page.locator("details.claim:not([open])").count() == 0
        assert page.locator(f"#claim-{ALEPPO} li.source").first.is_visible()
        assert page.locator("#filters").is_hidden()  # filters need the script: not offered
        assert console.errors == []
    finally:
        page.context.close()


def _axe_script() -> Path:
    named = os.environ.get("CLAIMCHECK_AXE")
    if named:
        return Path(named)
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core is not installed and there is no npm to install it with")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--silent",
                "--prefix",
                str(AXE_CACHE),
                *AXE,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if installed.returncode != 0 or not script.exists():
            pytest.skip(f"could not install axe-core with npm: {installed.stderr.strip()}")
    return script


def _violations(page: Page) -> list[str]:
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert isinstance(found, list)
    return [str(item) for item in found]


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violations(browser: Browser, page_url: str, width: int) -> None:
    axe = _axe_script()
    # the page's policy allows only its own script: the checker is let in for the test only
    page, console = _open(
        browser, page_url, bypass_csp=True, viewport={"width": width, "height": 900}
    )
    try:
        page.add_script_tag(path=str(axe))
        assert _violations(page) == []
        # and with every claim and table open, as a reader may leave them
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert _violations(page) == []
        assert console.errors == []
    finally:
        page.context.close()


def test_the_page_fits_375_pixels(browser: Browser, page_url: str) -> None:
    page, console = _open(browser, page_url, viewport={"width": 375, "height": 800})
    try:
        page.locator(f'a.mark-link[data-claim="{ALEPPO}"]').click()
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[2] and widths[1] <= widths[2], widths
        svg = _box(page, f"{ALEPPO_CHART} svg")
        assert svg["x"] >= 0 and svg["x"] + svg["width"] <= 375
        # the chart is drawn small: it shows its short labels, in larger type
        assert page.locator(f"{ALEPPO_CHART} text.label-narrow").first.is_visible()
        assert page.locator(f"{ALEPPO_CHART} text.label-wide").first.is_hidden()
        assert console.errors == []
    finally:
        page.context.close()


def test_a_screenshot_is_written(page: Page, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = Path(os.environ.get("CLAIMCHECK_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(f'a.mark-link[data-claim="{ALEPPO}"]').click()
    target = folder / "report.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000
