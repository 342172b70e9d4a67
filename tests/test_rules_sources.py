"""S rules: each source is what it says it is, and says what its figure says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rulekit import DAY, Kit, record, source

from claimcheck.vocab import Severity


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


def counted_claim(*sources: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A claim of 37,500 people on 2016-12-20 with the given sources."""
    data = {"quantity": "37,500 people", "as_of": DAY, "sources": list(sources)}
    data.update(fields)
    return record("a", **data)


# --- S101 stance-contradicts-figures ----------------------------------------------------------


def test_s101_reports_a_declared_stance_the_figures_contradict(kit: Kit) -> None:
    path = kit.add(
        counted_claim(
            source("OCHA", quantity="37,500 people"),
            source("dpa", quantity="16,200 people", stance="supports"),
        )
    )
    finding = kit.one("S101")
    assert (finding.code, finding.severity, finding.claim, finding.path) == (
        "S101",
        Severity.WARNING,
        "a",
        path,
    )
    assert kit.at(finding) == "stance: supports"
    assert finding.line == kit.line_of(path, "stance:")
    assert finding.line > kit.line_of(path, "publisher: dpa")
    assert "source 2 (dpa) is declared 'supports'" in finding.message
    assert "16,200 people [16,150, 16,250)" in finding.message


@pytest.mark.parametrize("stance", ["contradicts", None])
def test_s101_quiet_on_the_stance_the_figures_give(kit: Kit, stance: str | None) -> None:
    kit.add(
        counted_claim(
            source("OCHA", quantity="37,500 people"),
            source("dpa", quantity="16,200 people", stance=stance),
        )
    )
    kit.none("S101")


def test_s101_reports_the_claimants_words_declared_as_support(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source(
                "Anadolu Agency",
                via="Mevlut Cavusoglu",
                quantity="37,500 people",
                stance="supports",
            ),
            claimant="Mevlut Cavusoglu",
        )
    )
    finding = kit.one("S101")
    assert kit.at(finding) == "stance: supports"
    assert "is the claimant's own words" in finding.message


def test_s101_quiet_on_the_claimants_words_declared_as_context(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source(
                "Anadolu Agency", via="Mevlut Cavusoglu", quantity="37,500 people", stance="context"
            ),
            claimant="Mevlut Cavusoglu",
        )
    )
    kit.none("S101")


def test_s101_quiet_on_a_declared_stance_without_figures(kit: Kit) -> None:
    kit.add(counted_claim(source("OCHA", stance="contradicts")))
    kit.none("S101")


def test_s101_reports_support_declared_for_another_measure(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("SOHR", measure="people-counted", quantity="37,500 people", stance="supports"),
            measure="people-evacuated",
        )
    )
    finding = kit.one("S101")
    assert "counts people-counted, not people-evacuated" in finding.message


# --- S102 quote-lacks-figure ------------------------------------------------------------------


def test_s102_reports_a_quote_without_the_recorded_figure(kit: Kit) -> None:
    path = kit.add(
        counted_claim(
            source("OCHA", quantity="37,500 people"),
            source(
                "Xinhua",
                quantity="nearly 19,000 people",
                quote="nearly 91,000 people had been evacuated",
            ),
        )
    )
    finding = kit.one("S102")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "quote: nearly 91,000 people had been evacuated"
    assert "source 2 (Xinhua)" in finding.message and "'nearly 19,000 people'" in finding.message


def test_s102_quiet_on_a_quote_with_the_figure(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("OCHA", quantity="37,500 people"),
            source(
                "Xinhua",
                quantity="nearly 19,000 people",
                quote="nearly 19,000 people had been evacuated",
            ),
        )
    )
    kit.none("S102")


@pytest.mark.parametrize(
    ("quantity", "quote"),
    [
        ("more than 36,086 people", "more than 36 086 people"),  # a space groups digits
        ("between 1,200 and 1,312 people", "some 1,312 people in all"),  # either bound
        ("at least 25,000 people", "the total should be 25,000"),
    ],
)
def test_s102_finds_the_figure_however_it_is_written(kit: Kit, quantity: str, quote: str) -> None:
    kit.add(counted_claim(source("OCHA", quantity=quantity, quote=quote)))
    kit.none("S102")


def test_s102_quiet_on_a_quote_in_another_language(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("metro.pr", quantity="about 34,000 people", quote="unas 43.000", language="es")
        )
    )
    kit.none("S102")
    kit.add(
        counted_claim(
            source("metro.pr", quantity="about 34,000 people", quote="unas 43.000", language="en")
        )
    )
    assert len(kit.findings("S102")) == 1


# --- S103 malformed-url -----------------------------------------------------------------------


def test_s103_reports_an_address_without_a_scheme(kit: Kit) -> None:
    url = "reliefweb.int/report/syria-aleppo-situation-report-no-10"
    path = kit.add(counted_claim(source("OCHA"), source("OCHA", url=url)))
    finding = kit.one("S103")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == f"url: {url}"
    assert "url of source 2 (OCHA) does not start with http:// or https://" in finding.message


def test_s103_quiet_on_a_web_address(kit: Kit) -> None:
    url = "https://reliefweb.int/report/syria-aleppo-situation-report-no-10"
    kit.add(counted_claim(source("OCHA"), source("OCHA", url=url)))
    kit.none("S103")


def test_s103_reports_an_archive_url_at_archive_url(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("OCHA", url="https://reliefweb.int/a", archive_url="ftp://archive.org/a")
        )
    )
    finding = kit.one("S103")
    assert kit.at(finding) == "archive_url: ftp://archive.org/a"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://intranet/report", "has no host name"),
        ("https:///report", "has no host name"),
        ("https://example.org/a report", "contains spaces"),
        ("mailto:press@example.org", "does not start with http"),
    ],
)
def test_s103_says_what_is_wrong(kit: Kit, url: str, problem: str) -> None:
    kit.add(counted_claim(source("OCHA", url=url)))
    assert problem in kit.one("S103").message


@pytest.mark.parametrize("url", ["http://localhost/report", "HTTPS://Example.ORG", "http://a.b"])
def test_s103_quiet_on_unusual_but_valid_addresses(kit: Kit, url: str) -> None:
    kit.add(counted_claim(source("OCHA", url=url)))
    kit.none("S103")


# --- S104 source-dates-out-of-order -----------------------------------------------------------


def test_s104_reports_publication_before_the_figures_date(kit: Kit) -> None:
    path = kit.add(
        counted_claim(source("OCHA", published=dt.date(2016, 12, 20), as_of=dt.date(2016, 12, 23)))
    )
    finding = kit.one("S104")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "as_of: 2016-12-23"
    assert "published on 2016-12-20, before the date its figure refers to" in finding.message


def test_s104_reports_retrieval_before_publication(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("OCHA", published=dt.date(2016, 12, 23), retrieved=dt.date(2016, 12, 22))
        )
    )
    finding = kit.one("S104")
    assert kit.at(finding) == "retrieved: 2016-12-22"
    assert "retrieved on 2016-12-22, before it was published (2016-12-23)" in finding.message


def test_s104_quiet_on_dates_in_order(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source(
                "OCHA",
                published=dt.date(2016, 12, 23),
                as_of=dt.date(2016, 12, 23),
                retrieved=dt.date(2026, 11, 26),
            )
        )
    )
    kit.none("S104")


def test_s104_reports_both_problems_of_one_source(kit: Kit) -> None:
    path = kit.add(
        counted_claim(
            source(
                "OCHA",
                published=dt.date(2016, 12, 20),
                as_of=dt.date(2016, 12, 23),
                retrieved=dt.date(2016, 12, 1),
            )
        )
    )
    found = kit.findings("S104")
    assert sorted(kit.at(f) for f in found) == ["as_of: 2016-12-23", "retrieved: 2016-12-01"]
    assert all(f.path == path for f in found)


# --- S105 shared-origin -----------------------------------------------------------------------


def test_s105_reports_decisive_copies_of_one_origin(kit: Kit) -> None:
    path = kit.add(
        counted_claim(
            source("Xinhua", via="OCHA", quantity="37,500 people"),
            source("Arab News", via="International Committee of the Red Cross", quantity="37,500"),
            source("dpa", via="ICRC", quantity="37,500 people"),
        )
    )
    finding = kit.one("S105")
    assert (finding.severity, finding.claim, finding.path) == (Severity.INFO, "a", path)
    # It points at the first copy after the first: the one that does not count.
    assert kit.at(finding) == "publisher: dpa"
    assert "sources 2, 3 share one origin (International Committee of the Red Cross)" in (
        finding.message
    )


def test_s105_quiet_on_decisive_sources_of_different_origins(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("Xinhua", via="OCHA", quantity="37,500 people"),
            source("Arab News", via="International Committee of the Red Cross", quantity="37,500"),
            source("dpa", via="Syrian Observatory for Human Rights", quantity="37,500 people"),
        )
    )
    kit.none("S105")


def test_s105_quiet_on_copies_that_decide_nothing(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("Arab News", via="ICRC", quantity="at least 25,000 people"),
            source("The New Arab", via="ICRC", quantity="at least 25,000 people"),
        )
    )
    kit.none("S105")


def test_s105_reports_each_shared_origin_once(kit: Kit) -> None:
    kit.add(
        counted_claim(
            source("Arab News", via="ICRC", quantity="37,500 people"),
            source("Xinhua", via="OCHA", quantity="16,200 people"),
            source("dpa", via="ICRC", quantity="37,500 people"),
            source("Reuters", via="OCHA", quantity="16,200 people"),
            source("AFP", via="ICRC", quantity="37,500 people"),
        )
    )
    found = kit.findings("S105")
    assert sorted(f.message for f in found) == [
        "sources 1, 3, 5 share one origin (ICRC) and count once",
        "sources 2, 4 share one origin (OCHA) and count once",
    ]
    assert sorted(kit.at(f) for f in found) == ["publisher: Reuters", "publisher: dpa"]


@pytest.mark.parametrize(
    ("quote", "number", "found"),
    [
        ("nearly 19,000 people", "19000", True),
        ("19000 had left", "19000", True),
        ("about 19,000.", "19000", True),
        ("119,000 people", "19000", False),
        ("19,000.5 people", "19000", False),
        ("2,19,000", "19000", False),
        ("1.5 million", "1.5", True),
        ("1.55 million", "1.5", False),
    ],
)
def test_a_figure_written_in_digits_is_found_whole(quote: str, number: str, found: bool) -> None:
    from decimal import Decimal

    from claimcheck.rules.sources import _written_in

    assert _written_in(quote, Decimal(number)) is found


# Addresses that urllib cannot take apart, or that no reader could follow.
HOSTILE_URLS = [
    ("http://[::1", "cannot be read as an address (Invalid IPv6 URL)"),
    ("https://[::1/report", "cannot be read as an address (Invalid IPv6 URL)"),
    ("http://example.org:99999/report", "has a port that is not a number from 0 to 65535"),
    ("http://example.org:8o/report", "has a port that is not a number from 0 to 65535"),
    ("http://a:99999", "has a port that is not a number from 0 to 65535"),
    ("http://[zz::1]/report", "cannot be read as an address"),
    ("https://example.org/\x00report", "contains control or invisible characters"),
    ("https://example.org/\x1breport", "contains control or invisible characters"),
    ("https://exa\u200bmple.org/report", "contains control or invisible characters"),
    ("https://example.org/a\treport", "contains spaces"),
    ("https://exa<mple.org/report", "has a host name 'exa<mple.org' with characters a host"),
]


@pytest.mark.parametrize("key", ["url", "archive_url"])
@pytest.mark.parametrize(("url", "problem"), HOSTILE_URLS)
def test_s103_reports_an_address_urllib_cannot_read(
    kit: Kit, key: str, url: str, problem: str
) -> None:
    kit.add(counted_claim(source("OCHA", **{key: url})))
    finding = kit.one("S103")
    assert f"the {key} of source 1 (OCHA) {problem}" in finding.message
    assert repr(url) in finding.message  # control characters shown escaped, never raw
    # The report reads the same records: it must not stop at the address either.
    assert kit.check().findings


@pytest.mark.parametrize("url", ["http://[::1]/report", "https://example.org:65535/x"])
def test_s103_quiet_on_a_bracketed_host_and_the_highest_port(kit: Kit, url: str) -> None:
    kit.add(counted_claim(source("OCHA", url=url)))
    kit.none("S103")
