"""Web addresses: one judgement (claimcheck.urls) for S103 and for ``source add``, which never
raises, whatever the text."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import Run
from helpers import Q_37500, add_args, error_lines
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.urls import url_problem


@given(st.text())
def test_url_problem_never_raises(text: str) -> None:
    assert url_problem(text) is None or isinstance(url_problem(text), str)


@given(
    st.sampled_from(["http://", "https://", "HTTP://", "http://[", "https://a.b:"]),
    st.text(),
)
def test_an_address_url_problem_accepts_can_be_taken_apart(prefix: str, rest: str) -> None:
    url = prefix + rest
    if url_problem(url) is None:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https")
        assert parts.hostname
        assert parts.port is None or 0 <= parts.port <= 65535
        assert not any(char.isspace() or not char.isprintable() for char in url)


@pytest.mark.parametrize(
    "url",
    [
        "https://reliefweb.int/report/syria",
        "http://localhost:8080/x",
        "http://[::1]/x",
        "https://www.example.org:443/a?b=c#d",
        "https://bücher.example/seite",
    ],
)
def test_url_problem_accepts_web_addresses(url: str) -> None:
    assert url_problem(url) is None


@pytest.fixture
def claim(run: Run, empty: Path) -> str:
    result = run(empty, *add_args("37,500 people were evacuated.", Q_37500, "--id", "aleppo"))
    assert result.exit_code == 0, result.stderr
    return "aleppo"


@pytest.mark.parametrize("option", ["--url", "--archive-url"])
@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1", "cannot be read as an address (Invalid IPv6 URL)"),
        ("http://a.org:99999", "has a port that is not a number from 0 to 65535"),
        ("https://a.org/x y", "contains spaces"),
        ("https://a.org/\x07", "contains control or invisible characters"),
        ("reliefweb.int/report", "does not start with http:// or https://"),
    ],
)
def test_source_add_refuses_an_address_s103_would_report(
    run: Run, empty: Path, claim: str, option: str, url: str, problem: str
) -> None:
    before = (empty / "claims" / f"{claim}.yaml").read_bytes()
    result = run(empty, "source", "add", claim, "--publisher", "OCHA", option, url)
    assert result.exit_code == 2
    advice = "give a web address such as https://example.org/report"
    assert error_lines(result) == [f"error: {option}: {url!r} {problem}; {advice}"]
    assert (empty / "claims" / f"{claim}.yaml").read_bytes() == before
    checked = run(empty, "check", "--format", "json")
    assert checked.exit_code == 0, checked.stderr
