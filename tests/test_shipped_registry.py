"""The shipped registry: the article byte for byte, the claims it exists for, and the story
its sources tell, as the engine reads them."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from conftest import ARTICLE, REPO

from claimcheck.engine import CheckResult, check
from claimcheck.evidence import SourceAssessment
from claimcheck.rules.base import ClaimContext, Documents
from claimcheck.store import Store, record_text
from claimcheck.vocab import Stance, Verdict

# sha256 of the article as published in the seed set: the copy must be byte for byte.
ARTICLE_SHA256 = "741fe1e4bf70db407b695dfce2a1a5d4d177b8dbaefa879f43a9a169a5340cd1"


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check(Store(REPO))


@pytest.fixture(scope="module")
def contexts() -> dict[str, ClaimContext]:
    """Each claim as the rules see it, with its sources weighed as the check weighs them."""
    store = Store(REPO)
    documents = Documents(store)
    return {
        claim_id: ClaimContext(record, documents, store.config.tolerance)
        for claim_id, record in store.load().records.items()
    }


def _sources(contexts: dict[str, ClaimContext], claim_id: str) -> list[SourceAssessment]:
    return list(contexts[claim_id].evidence.sources)


def test_the_article_is_the_seed_byte_for_byte() -> None:
    assert hashlib.sha256((REPO / ARTICLE).read_bytes()).hexdigest() == ARTICLE_SHA256


def test_the_article_date_comes_from_the_settings() -> None:
    info = Store(REPO).document_info(ARTICLE)
    assert info is not None
    assert info.published == dt.date(2016, 12, 21)
    assert info.title == "Russia, Iran and Turkey Reach Key Agreement on Syria Conflict"


def test_every_record_loads_and_is_canonical() -> None:
    registry = Store(REPO).load()
    assert registry.problems == []
    assert len(registry.records) >= 7
    for record in registry.records.values():
        assert record_text(record.claim) == record.text, record.path


def test_the_registry_earns_a_clean_bill(result: CheckResult) -> None:
    serious = [f for f in result.findings if f.severity.value in ("error", "warning")]
    assert serious == [], [f"{f.path}:{f.line} {f.code} {f.message}" for f in serious]


def test_every_status_agrees_with_its_evidence_and_says_why(
    result: CheckResult, contexts: dict[str, ClaimContext]
) -> None:
    assert sorted(result.digests) == sorted(contexts)
    for claim_id, context in contexts.items():
        claim = context.claim
        assert claim.status.value == context.evidence.verdict.value, claim_id
        assert result.digests[claim_id]["verdict"]["word"] == claim.status.value, claim_id
        assert claim.history and claim.history[-1].status == claim.status
        assert len(claim.history[-1].note) > 40, claim_id  # a reason, not a word
        assert claim.sources, claim_id


def test_every_quote_stands_in_the_article_where_the_anchor_says() -> None:
    text = (REPO / ARTICLE).read_text(encoding="utf-8")
    for record in Store(REPO).load().records.values():
        anchor = record.claim.anchor
        assert anchor.document == ARTICLE
        assert anchor.start is not None and anchor.end is not None
        assert text[anchor.start : anchor.end] == anchor.exact


@pytest.mark.parametrize(
    ("claim_id", "quantity", "verdict"),
    [
        ("aleppo-evacuated-total", "37,500 people", Verdict.REFUTED),
        ("fuaa-kafraya-evacuated", "750 people", Verdict.SUPPORTED),
        ("syria-war-deaths", "more than 400,000 people", Verdict.SUPPORTED),
        ("moscow-trilateral-meeting", None, Verdict.SUPPORTED),
        ("joint-declaration", None, Verdict.SUPPORTED),
        ("evacuation-complete-by-wednesday", None, Verdict.REFUTED),
        ("syria-war-length", "nearly 6 years", Verdict.SUPPORTED),
    ],
)
def test_the_claims_the_registry_exists_for(
    result: CheckResult,
    contexts: dict[str, ClaimContext],
    claim_id: str,
    quantity: str | None,
    verdict: Verdict,
) -> None:
    context = contexts[claim_id]
    assert (str(context.claim.quantity) if context.claim.quantity else None) == quantity
    assert context.evidence.verdict is verdict
    assert result.digests[claim_id]["facts"]["quantity"] == quantity
    assert result.digests[claim_id]["verdict"]["word"] == verdict.value


def test_37500_cannot_stand_beside_what_the_icrc_counted(
    contexts: dict[str, ClaimContext],
) -> None:
    evidence = contexts["aleppo-evacuated-total"].evidence
    assert str(evidence.interval) == "[37,450, 37,550)"
    by_figure = {
        (a.source.publisher, str(a.source.quantity)): a
        for a in _sources(contexts, "aleppo-evacuated-total")
    }
    # the ICRC's same-day "a total of 25,000" (dpa) cannot be true with 37,500 ...
    assert by_figure[("dpa", "25,000 people")].stance is Stance.CONTRADICTS
    # ... its "at least 25,000" (AFP) is merely consistent: the hedge is taken at its word ...
    assert by_figure[("Arab News", "at least 25,000 people")].stance is Stance.CONTEXT
    # ... and its later "about 34,000" caps the total of the 20th at 37,400
    later = by_figure[("metro.pr", "about 34,000 people")]
    assert later.stance is Stance.CONTRADICTS
    assert "ceiling" in later.reason and "37,400" in later.reason
    # the final "about 35,000" (up to 38,500) does not contradict it
    assert by_figure[("British Red Cross", "about 35,000 people")].stance is Stance.CONTEXT
    # OCHA's and SOHR's same-day counts contradict it; the ICRC counts once
    assert set(evidence.contradicting) == {
        "OCHA",
        "International Committee of the Red Cross",
        "Syrian Observatory for Human Rights",
    }
    assert evidence.supporting == ()
    # Cavusoglu's own words, repeated by Anadolu, are not evidence for him
    anadolu = by_figure[("Anadolu Agency", "37,500 people")]
    assert not anadolu.counted and "own words" in anadolu.reason


def test_750_is_supported_by_ocha_not_by_the_icrc_repeating_itself(
    contexts: dict[str, ClaimContext],
) -> None:
    evidence = contexts["fuaa-kafraya-evacuated"].evidence
    assert evidence.supporting == ("OCHA",)
    icrc = [a for a in evidence.sources if "Red Cross" in a.origin]
    assert icrc and all(not a.counted for a in icrc)


def test_400000_agrees_with_the_estimates_not_the_documented_count(
    contexts: dict[str, ClaimContext],
) -> None:
    sources = _sources(contexts, "syria-war-deaths")
    documented = [a for a in sources if a.source.measure == "deaths-documented"]
    assert documented and all(a.stance is Stance.CONTEXT for a in documented)
    assert all("deaths-documented" in a.reason for a in documented)
    scpr = [a for a in sources if a.origin == "Syrian Centre for Policy Research"]
    assert scpr and all(a.stance is Stance.SUPPORTS for a in scpr)
    assert all("floor" in a.reason for a in scpr)  # February's estimate carried forward
    mistura = [a for a in sources if "de Mistura" in a.origin]
    assert mistura and all(a.stance is Stance.CONTEXT for a in mistura)


def test_the_meeting_was_on_the_tuesday_the_article_names(
    result: CheckResult, contexts: dict[str, ClaimContext]
) -> None:
    meeting = contexts["moscow-trilateral-meeting"].claim
    assert meeting.as_of == dt.date(2016, 12, 20)
    assert "Tuesday" in meeting.anchor.exact
    assert not [f for f in result.for_claim("moscow-trilateral-meeting") if f.code == "T102"]


def test_the_shipped_files_need_nothing_from_outside_the_project() -> None:
    for path in [*REPO.joinpath("claims").iterdir(), REPO / "claimcheck.yaml"]:
        assert "../shared" not in path.read_text(encoding="utf-8")
    assert Path(REPO / ARTICLE).is_file()
