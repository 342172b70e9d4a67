"""What a claim's sources say of it: a stance for each source and a verdict for the claim.

See docs/intervals.md and docs/evidence.md: a source contradicts when the intervals cannot
overlap, supports only when its interval (carried to the claim's date) lies inside the claim's,
and is context otherwise; running totals carry forward as floors and back as ceilings; the
claimant's own words and the claim's own document are never evidence; one origin counts once.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rulekit import ARTICLE

from claimcheck.evidence import assess, claim_date, is_own_document, origin_of, source_date
from claimcheck.model import Claim, DocumentInfo, Source
from claimcheck.names import same_party, speaks_for
from claimcheck.quantity import Interval, format_number, parse_quantity
from claimcheck.rules.sources import shared_origin
from claimcheck.vocab import Stance, Verdict

DEC19, DEC20, DEC21, DEC22 = (dt.date(2016, 12, day) for day in (19, 20, 21, 22))
TOLERANCE = 0.1
INFO = DocumentInfo(
    title="Russia, Iran and Turkey Reach Key Agreement on Syria Conflict",
    published=DEC21,
    url="https://example.org/news/key-agreement",
)

SUPPORTS, CONTRADICTS, CONTEXT = Stance.SUPPORTS, Stance.CONTRADICTS, Stance.CONTEXT


def make_claim(
    quantity: str | None = "37,500 people",
    *sources: dict[str, Any],
    as_of: dt.date | None = DEC20,
    **fields: Any,
) -> Claim:
    data: dict[str, Any] = {
        "id": "c",
        "claim": "A claim.",
        "anchor": {"document": ARTICLE, "exact": "brought out 37,500 people"},
        "quantity": quantity,
        "as_of": as_of,
        "sources": list(sources),
        **fields,
    }
    return Claim.model_validate({key: value for key, value in data.items() if value is not None})


def src(quantity: str | None = None, publisher: str = "OCHA", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"publisher": publisher, "quantity": quantity, "as_of": DEC20, **fields}
    return {key: value for key, value in data.items() if value is not None}


def one(claim: Claim, info: DocumentInfo | None = INFO) -> Any:
    """The assessment of the claim's only source."""
    evidence = assess(claim, TOLERANCE, info)
    assert len(evidence.sources) == 1
    return evidence.sources[0]


def interval(text: str) -> Interval:
    return parse_quantity(text).interval(TOLERANCE)


# --- comparing intervals on one date ----------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "reported", "stance"),
    [
        ("37,500 people", "37,500 people", SUPPORTS),
        ("37,500 people", "37,450 people", CONTEXT),  # overlaps, allows values outside
        ("37,500 people", "16,200 people", CONTRADICTS),
        ("37,500 people", "more than 400,000 people", CONTRADICTS),
        ("about 34,000 people", "34,000 people", SUPPORTS),
        ("34,000 people", "about 34,000 people", CONTEXT),
        ("nearly 19,000 people", "19,200 people", CONTRADICTS),
        ("nearly 19,000 people", "18,500 people", SUPPORTS),
        ("fewer than 2 days", "between 2 and 3 days", CONTRADICTS),  # [1, 2) and [2, 3]
        ("up to 2 days", "between 2 and 3 days", CONTEXT),  # they share 2
        ("up to 2 days", "1 day", SUPPORTS),
        ("between 1,200 and 1,312 people", "1,250 people", SUPPORTS),
        ("between 1,200 and 1,312 people", "1,312 people", CONTEXT),  # [1,311.5, 1,312.5)
        ("more than 400,000 people", "470,000 ± 23,500 people", SUPPORTS),
        ("more than 400,000 people", "400,000 people", CONTEXT),
        ("at least 400,000 people", "more than 400,000 people", SUPPORTS),
        ("more than 400,000 people", "at least 400,000 people", CONTEXT),  # 400,000 itself
    ],
)
def test_stance_on_the_same_date(claimed: str, reported: str, stance: Stance) -> None:
    assessment = one(make_claim(claimed, src(reported)))
    assert assessment.stance is stance
    assert assessment.counted is True
    assert assessment.interval == interval(reported)
    assert assessment.compared == interval(reported)  # nothing to carry
    assert f"{parse_quantity(reported)} {interval(reported)}" in assessment.reason
    assert f"the claim's {interval(claimed)}" in assessment.reason


# --- running totals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "when", "reported", "reported_when", "stance", "compared"),
    [
        # SCPR's 470,000 ± 23,500 in February: at least 446,500 by December.
        (
            "more than 400,000 people",
            DEC21,
            "470,000 ± 23,500 people",
            dt.date(2016, 2, 11),
            SUPPORTS,
            "[446,500, inf)",
        ),
        # de Mistura's 400,000 in April: at least 350,000 by December, which is consistent.
        (
            "more than 400,000 people",
            DEC21,
            "400,000 people",
            dt.date(2016, 4, 22),
            CONTEXT,
            "[350,000, inf)",
        ),
        # A later "about 34,000" is at most 37,400 on the claim's date.
        ("37,500 people", DEC20, "about 34,000 people", DEC22, CONTRADICTS, "(-inf, 37,400]"),
        # A later "about 35,000" is at most 38,500: consistent.
        ("37,500 people", DEC20, "about 35,000 people", DEC22, CONTEXT, "(-inf, 38,500]"),
        # A later lower bound gives no ceiling.
        ("37,500 people", DEC20, "more than 25,000 people", DEC22, CONTEXT, "(-inf, inf)"),
        # An earlier total above the claim: the total cannot have fallen since.
        ("37,500 people", DEC20, "40,500 people", DEC19, CONTRADICTS, "[40,450, inf)"),
        ("37,500 people", DEC20, "nearly 19,000 people", DEC19, CONTEXT, "[17,100, inf)"),
        # An earlier upper bound gives no floor.
        ("37,500 people", DEC20, "fewer than 500 people", DEC19, CONTEXT, "(-inf, inf)"),
        # Carried bounds can support claims that are bounds themselves.
        ("up to 40,000 people", DEC20, "up to 37,500 people", DEC22, SUPPORTS, "(-inf, 37,500]"),
        ("at least 30,000 people", DEC20, "37,500 people", DEC19, SUPPORTS, "[37,450, inf)"),
    ],
)
def test_running_totals_carry_forward_as_floors_and_back_as_ceilings(
    claimed: str,
    when: dt.date,
    reported: str,
    reported_when: dt.date,
    stance: Stance,
    compared: str,
) -> None:
    assessment = one(
        make_claim(claimed, src(reported, as_of=reported_when), as_of=when, cumulative=True)
    )
    assert (assessment.stance, str(assessment.compared)) == (stance, compared)
    assert assessment.interval == interval(reported)
    assert str(reported_when) in assessment.reason
    if reported_when < when:
        assert "earlier running total" in assessment.reason
    else:
        assert "later running total" in assessment.reason


def test_an_earlier_total_without_a_floor_says_so() -> None:
    claim = make_claim("37,500 people", src("fewer than 500 people", as_of=DEC19), cumulative=True)
    assert "with no lower bound says nothing of the claim's date" in one(claim).reason
    assert "at least -inf" not in one(claim).reason


def test_a_figure_for_another_day_is_context_unless_it_is_a_running_total() -> None:
    claim = make_claim("37,500 people", src("16,200 people", as_of=DEC19))
    assessment = one(claim)
    assert (assessment.stance, assessment.compared) == (CONTEXT, None)
    assert "its figure is for 2016-12-19, the claim's for 2016-12-20" in assessment.reason
    assert "16,200 people [16,150, 16,250)" in assessment.reason


def test_a_sources_date_is_its_as_of_else_its_publication() -> None:
    published_only = Source.model_validate({"publisher": "OCHA", "published": DEC22})
    both = Source.model_validate({"publisher": "OCHA", "published": DEC22, "as_of": DEC19})
    neither = Source.model_validate({"publisher": "OCHA"})
    assert [source_date(s) for s in (published_only, both, neither)] == [DEC22, DEC19, None]
    claim = make_claim(
        "37,500 people",
        {"publisher": "OCHA", "published": DEC22, "quantity": "about 34,000 people"},
        cumulative=True,
    )
    assert one(claim).stance is CONTRADICTS  # carried back from the 22nd


def test_an_undated_source_is_compared_as_it_stands() -> None:
    claim = make_claim("37,500 people", {"publisher": "OCHA", "quantity": "16,200 people"})
    assert one(claim).stance is CONTRADICTS


def test_an_undated_claim_takes_its_documents_date() -> None:
    # The document's date is the default as_of: an earlier total is a floor, not a rival count.
    claim = make_claim(
        "37,500 people", src("16,200 people", as_of=DEC19), as_of=None, cumulative=True
    )
    assert claim_date(claim, INFO) == DEC21
    assert one(claim).stance is CONTEXT
    assert str(one(claim).compared) == "[16,150, inf)"
    # Without a document date there is nothing to carry to: compared as it stands.
    assert claim_date(claim, None) is None
    assert one(claim, info=None).stance is CONTRADICTS
    dated = make_claim("37,500 people", as_of=DEC20)
    assert claim_date(dated, INFO) == DEC20


# --- what is not evidence ---------------------------------------------------------------------


def test_another_measure_is_context() -> None:
    claim = make_claim(
        "more than 400,000 people",
        src("269,617 people", measure="deaths-documented"),
        measure="deaths-estimated",
    )
    assessment = one(claim)
    assert (assessment.stance, assessment.counted, assessment.decisive) == (CONTEXT, True, False)
    assert "counts deaths-documented, not deaths-estimated" in assessment.reason
    assert "269,617 people" in assessment.reason


@pytest.mark.parametrize(
    ("claimant", "measure"), [("deaths-estimated", "deaths-estimated"), (None, "deaths-documented")]
)
def test_a_measure_compares_when_it_agrees_or_the_claim_has_none(
    claimant: str | None, measure: str
) -> None:
    claim = make_claim("37,500 people", src("16,200 people", measure=measure), measure=claimant)
    assert one(claim).stance is CONTRADICTS


@pytest.mark.parametrize(
    ("claimant", "source_fields"),
    [
        ("Mevlut Cavusoglu", {"publisher": "Anadolu Agency", "via": "Mevlut Cavusoglu"}),
        ("Mevlut Cavusoglu", {"publisher": "mevlut cavusoglu"}),  # no via: the publisher
        ("Mevlut Cavusoglu, Turkish Foreign Minister", {"via": "Mevlut Cavusoglu"}),
        # the body a "Person (Body)" claimant speaks for, by name or acronym
        ("Ingy Sedky (International Committee of the Red Cross)", {"via": "ICRC"}),
        ("Ingy Sedky (ICRC)", {"via": "International Committee of the Red Cross"}),
        # an origin written as "Person (Body)" is that person and that body
        ("Staffan de Mistura", {"via": "Staffan de Mistura (UN special envoy)"}),
        ("International Committee of the Red Cross", {"via": "Ingy Sedky (ICRC)"}),
        ("Ingy Sedky (ICRC)", {"via": "Ingy Sedky (International Committee of the Red Cross)"}),
    ],
)
def test_the_claimants_own_words_are_never_evidence(
    claimant: str, source_fields: dict[str, Any]
) -> None:
    fields = {"publisher": "Arab News", **source_fields}
    claim = make_claim("37,500 people", src("37,500 people", **fields), claimant=claimant)
    evidence = assess(claim, TOLERANCE, INFO)
    assessment = evidence.sources[0]
    assert (assessment.stance, assessment.counted, assessment.decisive) == (CONTEXT, False, False)
    assert assessment.reason.startswith("not evidence: the claimant's own words")
    assert "37,500 people [37,450, 37,550)" in assessment.reason
    assert evidence.verdict is Verdict.UNPROVEN


@pytest.mark.parametrize(
    ("claimant", "via"),
    [
        ("Mevlut Cavusoglu", "Sergei Lavrov"),
        ("Ingy Sedky (ICRC)", "OCHA"),
        ("Ingy Sedky (ICRC)", "Jens Laerke (OCHA)"),
        ("Staffan de Mistura (UN special envoy)", "Syrian Centre for Policy Research"),
        (None, "Mevlut Cavusoglu"),
    ],
)
def test_others_words_are_evidence(claimant: str | None, via: str) -> None:
    claim = make_claim("37,500 people", src("37,500 people", via=via), claimant=claimant)
    assessment = one(claim)
    assert (assessment.stance, assessment.counted, assessment.origin) == (SUPPORTS, True, via)


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.org/news/key-agreement"},
        {"url": "http://www.Example.org/news/key-agreement/#comments"},
        {"url": "https://elsewhere.org/x", "archive_url": "https://example.org/news/key-agreement"},
        {"title": "  russia, iran and turkey reach key agreement on syria conflict "},
    ],
)
def test_the_claims_own_document_is_never_evidence(fields: dict[str, Any]) -> None:
    claim = make_claim("37,500 people", src("37,500 people", publisher="Anadolu", **fields))
    assessment = one(claim)
    assert (assessment.stance, assessment.counted) == (CONTEXT, False)
    assert assessment.reason.startswith("not evidence: it is the claim's own document")
    assert "37,500 people" in assessment.reason
    assert is_own_document(Source.model_validate(src(**fields)), INFO)
    assert one(claim, info=None).stance is SUPPORTS  # a document nothing is known of


def test_a_title_folded_over_lines_is_still_the_documents() -> None:
    folded = DocumentInfo(
        title="Russia, Iran and Turkey Reach Key\nAgreement on Syria Conflict\n", published=DEC21
    )
    own = Source.model_validate(src(title=INFO.title))
    assert is_own_document(own, folded)
    assert not is_own_document(own, DocumentInfo(title="Another title"))
    assert not is_own_document(Source.model_validate(src()), folded)  # a source without a title


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.org/news/key-agreement-2"},
        {"url": "https://example.org/news"},
        {"title": "Russia, Iran and Turkey Reach Key Agreement"},
    ],
)
def test_other_documents_are_evidence(fields: dict[str, Any]) -> None:
    claim = make_claim("37,500 people", src("37,500 people", publisher="Anadolu", **fields))
    assert (one(claim).stance, one(claim).counted) == (SUPPORTS, True)


# --- one origin counts once, and the verdict --------------------------------------------------


def test_one_origin_counts_once() -> None:
    claim = make_claim(
        "37,500 people",
        src("37,500 people", publisher="Arab News", via="International Committee of the Red Cross"),
        src("37,500 people", publisher="dpa", via="ICRC"),
        src(
            "37,500 people",
            publisher="The New Arab",
            via="international committee of the red cross",
        ),
    )
    evidence = assess(claim, TOLERANCE, INFO)
    assert [a.stance for a in evidence.sources] == [SUPPORTS] * 3
    assert evidence.supporting == ("International Committee of the Red Cross",)
    assert evidence.verdict is Verdict.SUPPORTED
    assert evidence.reason == (
        "supported: 1 independent origin (International Committee of the Red Cross: "
        "37,500 people) supports it; none contradicts it"
    )


def test_the_origin_is_the_via_else_the_publisher() -> None:
    assert origin_of(Source.model_validate({"publisher": "dpa", "via": "ICRC"})) == "ICRC"
    assert origin_of(Source.model_validate({"publisher": "dpa"})) == "dpa"


def test_independent_origins_are_each_counted() -> None:
    claim = make_claim(
        "37,500 people",
        src("37,500 people", publisher="Xinhua", via="OCHA"),
        src("about 37,500 people", publisher="dpa", via="ICRC"),
    )
    evidence = assess(claim, TOLERANCE, INFO)
    assert evidence.supporting == ("OCHA",)  # about 37,500 is wider than the claim: context
    claim = make_claim(
        "about 37,500 people",
        src("37,500 people", publisher="Xinhua", via="OCHA"),
        src("37,000 people", publisher="dpa", via="ICRC"),
        src("37,500 people", publisher="AFP", via="ICRC"),
    )
    evidence = assess(claim, TOLERANCE, INFO)
    assert evidence.supporting == ("OCHA", "ICRC")
    assert evidence.reason == (
        "supported: 2 independent origins (OCHA: 37,500 people; ICRC: 37,000 people, "
        "37,500 people) support it; none contradicts it"
    )


S = src("37,500 people", publisher="A")
C = src("16,200 people", publisher="B")
X = src("at least 25,000 people", publisher="D")
OWN = src("37,500 people", publisher="Anadolu", via="Mevlut Cavusoglu")


@pytest.mark.parametrize(
    ("sources", "verdict", "supporting", "contradicting"),
    [
        ([], Verdict.UNPROVEN, (), ()),
        ([X], Verdict.UNPROVEN, (), ()),
        ([S], Verdict.SUPPORTED, ("A",), ()),
        ([S, X], Verdict.SUPPORTED, ("A",), ()),
        ([C], Verdict.REFUTED, (), ("B",)),
        ([C, X], Verdict.REFUTED, (), ("B",)),
        ([S, C], Verdict.DISPUTED, ("A",), ("B",)),
        ([OWN], Verdict.UNPROVEN, (), ()),
        ([OWN, C], Verdict.REFUTED, (), ("B",)),
    ],
)
def test_verdicts(
    sources: list[dict[str, Any]],
    verdict: Verdict,
    supporting: tuple[str, ...],
    contradicting: tuple[str, ...],
) -> None:
    claim = make_claim("37,500 people", *sources, claimant="Mevlut Cavusoglu")
    evidence = assess(claim, TOLERANCE, INFO)
    assert (evidence.verdict, evidence.supporting, evidence.contradicting) == (
        verdict,
        supporting,
        contradicting,
    )
    assert evidence.reason.startswith(f"{verdict.value}: ")
    assert evidence.interval == interval("37,500 people")


def test_verdict_reasons_name_the_origins_and_their_figures() -> None:
    disputed = assess(make_claim("37,500 people", S, C), TOLERANCE, INFO)
    assert disputed.reason == (
        "disputed: 1 independent origin (A: 37,500 people) supports it and "
        "1 independent origin (B: 16,200 people) contradicts it"
    )
    refuted = assess(make_claim("37,500 people", C), TOLERANCE, INFO)
    assert refuted.reason == (
        "refuted: 1 independent origin (B: 16,200 people) contradicts it; none supports it"
    )
    unproven = assess(make_claim("37,500 people", X), TOLERANCE, INFO)
    assert unproven.reason == (
        "unproven: no independent source supports or contradicts 37,500 people [37,450, 37,550)"
    )
    bare = assess(make_claim(None), TOLERANCE, INFO)
    assert bare.reason == "unproven: no independent source supports or contradicts it"


# --- claims without a quantity ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "stance"), [("supports", SUPPORTS), ("contradicts", CONTRADICTS), (None, CONTEXT)]
)
def test_without_figures_the_declared_stance_counts(declared: str | None, stance: Stance) -> None:
    assessment = one(make_claim(None, src(stance=declared)))
    assert (assessment.stance, assessment.counted, assessment.interval) == (stance, True, None)
    assert assessment.reason == f"no figure to compare; stance as declared ({stance.value})"


def test_a_source_figure_against_a_claim_without_one_keeps_the_declared_stance() -> None:
    assessment = one(make_claim(None, src("750 people", stance="supports")))
    assert assessment.stance is SUPPORTS
    assert assessment.reason == (
        "the claim has no figure to compare with 750 people [745, 755); "
        "stance as declared (supports)"
    )


def test_a_source_without_a_figure_against_a_claim_with_one() -> None:
    assessment = one(make_claim("up to 2 days", src(stance="supports")))
    assert assessment.stance is SUPPORTS
    assert assessment.reason == (
        "no figure to compare with the claim's (-inf, 2]; stance as declared (supports)"
    )


def test_declared_stances_decide_the_verdict() -> None:
    claim = make_claim(
        None,
        src(publisher="TRT World", stance="supports"),
        src(publisher="Hurriyet Daily News", stance="supports"),
        src(publisher="Reuters", stance="context"),
    )
    evidence = assess(claim, TOLERANCE, INFO)
    assert evidence.verdict is Verdict.SUPPORTED
    assert evidence.reason == (
        "supported: 2 independent origins (TRT World, Hurriyet Daily News) support it; "
        "none contradicts it"
    )


def test_a_declared_stance_gives_way_to_the_figures() -> None:
    assessment = one(make_claim("37,500 people", src("16,200 people", stance="supports")))
    assert assessment.stance is CONTRADICTS


def test_tolerance_widens_about() -> None:
    claim = make_claim("about 34,000 people", src("40,500 people"))
    assert assess(claim, 0.1, INFO).sources[0].stance is CONTRADICTS
    assert assess(claim, 0.2, INFO).sources[0].stance is SUPPORTS
    assert str(assess(claim, 0.2, INFO).interval) == "[27,200, 40,800]"


# --- properties -------------------------------------------------------------------------------

values = st.integers(min_value=1, max_value=10**7).map(format_number)


@st.composite
def quantities(draw: st.DrawFn) -> str:
    """Shorthand for a figure in any of the wordings of docs/intervals.md."""
    value = draw(values)
    kind = draw(st.sampled_from(["exact", "hedge", "between", "plus-minus"]))
    if kind == "hedge":
        hedge = draw(
            st.sampled_from(
                ["about", "more than", "at least", "nearly", "fewer than", "up to", "some"]
            )
        )
        return f"{hedge} {value} people"
    if kind == "between":
        other = draw(values)
        low, high = sorted([value, other], key=lambda v: int(v.replace(",", "")))
        return f"between {low} and {high} people"
    if kind == "plus-minus":
        return f"{value} ± {draw(st.integers(min_value=0, max_value=10**6))} people"
    return f"{value} people"


def _valid(text: str) -> bool:
    try:
        parse_quantity(text)
    except ValueError:
        return False
    return True


figures = quantities().filter(_valid)
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(figure=figures, cumulative=st.booleans())
def test_the_very_same_figure_and_date_always_supports(figure: str, cumulative: bool) -> None:
    claim = make_claim(figure, src(figure), cumulative=cumulative)
    assessment = one(claim)
    assert assessment.stance is SUPPORTS, assessment.reason
    assert assess(claim, TOLERANCE, INFO).verdict is Verdict.SUPPORTED


@PROPERTY
@given(claimed=figures, reported=figures, cumulative=st.booleans())
def test_intervals_that_do_not_overlap_always_contradict(
    claimed: str, reported: str, cumulative: bool
) -> None:
    assessment = one(make_claim(claimed, src(reported), cumulative=cumulative))
    overlap = interval(claimed).overlaps(interval(reported))
    assert (assessment.stance is CONTRADICTS) == (not overlap), assessment.reason
    if assessment.stance is SUPPORTS:
        assert interval(claimed).contains(interval(reported))


@PROPERTY
@given(claimed=figures, reported=figures, later=st.booleans())
def test_a_carried_total_only_bounds_one_side(claimed: str, reported: str, later: bool) -> None:
    when = DEC22 if later else DEC19
    assessment = one(make_claim(claimed, src(reported, as_of=when), cumulative=True))
    c, s = interval(claimed), interval(reported)
    if assessment.stance is CONTRADICTS:
        # An earlier total can only show the claim too low, a later one only too high.
        if later:
            assert s.high <= c.low
        else:
            assert s.low >= c.high
    assert assessment.compared == (s.ceiling() if later else s.floor())


@PROPERTY
@given(claimed=figures, reported=figures, day=st.sampled_from([DEC19, DEC20, DEC22, None]))
def test_every_reason_names_the_figures(claimed: str, reported: str, day: dt.date | None) -> None:
    claim = make_claim(claimed, src(reported, as_of=day), cumulative=True)
    evidence = assess(claim, TOLERANCE, INFO)
    reason = evidence.sources[0].reason
    assert str(parse_quantity(reported)) in reason
    assert str(interval(reported)) in reason
    if evidence.sources[0].compared is not None:
        assert f"the claim's {interval(claimed)}" in reason
    assert evidence.reason.startswith(f"{evidence.verdict.value}: ")
    if evidence.verdict is Verdict.UNPROVEN:
        assert str(interval(claimed)) in evidence.reason
    else:
        assert str(parse_quantity(reported)) in evidence.reason


ORIGINS = ["OCHA", "ICRC", "International Committee of the Red Cross", "SOHR", "Mevlut Cavusoglu"]
POOL = st.builds(
    lambda origin, figure, day: src(figure, publisher="Some Paper", via=origin, as_of=day),
    st.sampled_from(ORIGINS),
    st.sampled_from(
        ["37,500 people", "16,200 people", "about 34,000 people", "at least 25,000 people", None]
    ),
    st.sampled_from([DEC19, DEC20, DEC22]),
)


def _same_parties(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return len(a) == len(b) and all(any(same_party(x, y) for y in b) for x in a)


@PROPERTY
@given(sources=st.lists(POOL, max_size=6), cumulative=st.booleans(), data=st.data())
def test_the_verdict_never_depends_on_source_order(
    sources: list[dict[str, Any]], cumulative: bool, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(sources))
    first = assess(
        make_claim("37,500 people", *sources, cumulative=cumulative, claimant="Mevlut Cavusoglu"),
        TOLERANCE,
        INFO,
    )
    second = assess(
        make_claim("37,500 people", *shuffled, cumulative=cumulative, claimant="Mevlut Cavusoglu"),
        TOLERANCE,
        INFO,
    )
    assert first.verdict is second.verdict
    assert _same_parties(first.supporting, second.supporting)
    assert _same_parties(first.contradicting, second.contradicting)
    assert sorted(a.stance.value for a in first.sources) == sorted(
        a.stance.value for a in second.sources
    )
    assert "Mevlut Cavusoglu" not in first.supporting + first.contradicting


# --- grouping origins: the index gives what comparing every pair gave -------------------------

origin_names = st.lists(
    st.sampled_from(
        ["International", "Committee", "of", "the", "Red", "Cross", "ICRC", "RC", "U.N.",
         "UN", "U. N.", "United", "Nations", "Ingy", "Sedky", "(", ")", ",", "-", "AFP"]
    ),
    min_size=1,
    max_size=6,
).map(" ".join)  # fmt: skip


def pairwise_groups(origins: list[str]) -> tuple[str, ...]:
    """One origin per party, as the verdict named them before the index: each origin joins
    the first kept one that speaks for it."""
    kept: dict[str, list[str]] = {}
    for origin in origins:
        key = next((other for other in kept if speaks_for(origin, other)), origin)
        kept.setdefault(key, []).append(origin)
    return tuple(kept)


def pairwise_shared(origins: list[str]) -> list[tuple[list[int], int]]:
    """S105's groups found by comparing each source with every later one."""
    reported: set[int] = set()
    groups: list[tuple[list[int], int]] = []
    for position, first in enumerate(origins):
        if position in reported:
            continue
        group = [position] + [
            later
            for later in range(position + 1, len(origins))
            if later not in reported and speaks_for(first, origins[later])
        ]
        if len(group) > 1:
            reported.update(group)
            groups.append(([number + 1 for number in group], group[1]))
    return groups


@settings(max_examples=200, deadline=None)
@given(origins=st.lists(origin_names, min_size=1, max_size=12))
def test_origins_are_grouped_as_comparing_every_pair_groups_them(origins: list[str]) -> None:
    claim = make_claim("750", *(src("750", via=origin) for origin in origins))
    evidence = assess(claim, TOLERANCE, None)
    assert evidence.verdict is Verdict.SUPPORTED
    assert evidence.supporting == pairwise_groups(origins)
    hits = list(shared_origin.check(SimpleNamespace(evidence=evidence)))
    found = [
        ([int(n) for n in hit.message.removeprefix("sources ").split(" share ")[0].split(", ")],
         hit.field[1])
        for hit in hits
    ]  # fmt: skip
    assert found == pairwise_shared(origins)
