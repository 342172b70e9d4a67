"""A rules: the claim stands, in the recorded words, in the document it came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from rulekit import ARTICLE, ARTICLE_TEXT, Q_400K, Q_37500, Kit, anchored, record

from claimcheck.documents import MAX_PLACES
from claimcheck.vocab import Severity


@pytest.fixture
def kit(empty: Path) -> Kit:
    return Kit(empty)


# --- A101 document-missing --------------------------------------------------------------------


def test_a101_reports_a_document_that_is_not_there(kit: Kit) -> None:
    path = kit.add(record("a", anchor={"document": "seeds/no-such-article.txt", "exact": Q_37500}))
    finding = kit.one("A101")
    assert (finding.code, finding.severity, finding.claim, finding.path) == (
        "A101",
        Severity.ERROR,
        "a",
        path,
    )
    assert kit.at(finding) == "document: seeds/no-such-article.txt"
    assert "seeds/no-such-article.txt" in finding.message and "no such document" in finding.message


def test_a101_quiet_on_a_document_that_is_there(kit: Kit) -> None:
    kit.add(record("a", anchor={"document": ARTICLE, "exact": Q_37500}))
    kit.none("A101")


def test_a101_reports_a_path_outside_the_registry(kit: Kit) -> None:
    (kit.root.parent / "outside.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    kit.add(record("a", anchor={"document": "../outside.txt", "exact": Q_37500}))
    finding = kit.one("A101")
    assert kit.at(finding) == "document: ../outside.txt"
    assert "stay inside" in finding.message


def test_a101_reports_a_document_that_is_not_utf_8(kit: Kit) -> None:
    kit.raw("seeds/latin.txt", "Caf\xe9 brought out 37,500 people".encode("latin-1"))
    kit.add(record("a", anchor={"document": "seeds/latin.txt", "exact": Q_37500}))
    finding = kit.one("A101")
    assert kit.at(finding) == "document: seeds/latin.txt"
    assert "UTF-8" in finding.message
    kit.raw("seeds/latin.txt", "Caf\xe9 brought out 37,500 people".encode())
    kit.none("A101")


def test_no_other_anchor_rule_speaks_when_the_document_is_missing(kit: Kit) -> None:
    kit.add(
        record(
            "a",
            anchor={"document": "seeds/none.txt", "exact": "Tuesday"},
            claimant="Sergei Shoigu",
            as_of="2016-12-21",
        )
    )
    assert [f.code for f in kit.check().findings] == ["A101"]


# --- A102 quote-not-found ---------------------------------------------------------------------


def test_a102_reports_a_mistyped_quote_and_offers_the_closest_passage(kit: Kit) -> None:
    path = kit.add(record("a", anchor={"document": ARTICLE, "exact": "brought out 35,700 people"}))
    finding = kit.one("A102")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "a", path)
    assert kit.at(finding) == "exact: brought out 35,700 people"
    assert "the closest passage (line 39) is 'brought out 37,500 people'" in finding.message


def test_a102_quiet_on_the_right_quote(kit: Kit) -> None:
    kit.add(record("a", anchor={"document": ARTICLE, "exact": "brought out 37,500 people"}))
    kit.none("A102")


def test_a102_forgives_curly_quotes_case_and_spacing(kit: Kit) -> None:
    quote = "\u201cRIGHT now the   evacuation is wrapping up,\u201d Lavrov said"
    kit.add(record("a", anchor={"document": ARTICLE, "exact": quote}))
    kit.none("A102")
    kit.none("A103")


# --- A103 quote-ambiguous ---------------------------------------------------------------------


def test_a103_reports_a_quote_that_stands_twice(kit: Kit) -> None:
    path = kit.add(record("a", anchor={"document": ARTICLE, "exact": "Tuesday"}))
    finding = kit.one("A103")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "exact: Tuesday"
    assert "2 times" in finding.message and "lines 13, 37" in finding.message


def test_a103_names_a_few_lines_of_a_quote_that_stands_thousands_of_times(kit: Kit) -> None:
    kit.raw("seeds/many.txt", "the talks\n" * 5000)
    kit.add(record("a", anchor={"document": "seeds/many.txt", "exact": "talks"}))
    finding = kit.one("A103")
    assert "stands 5000 times in the document (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...) " in (
        finding.message
    )


def test_a103_keeps_no_more_than_its_limit_of_places(kit: Kit) -> None:
    kit.raw("seeds/many.txt", "a" * (MAX_PLACES + 5))
    kit.add(record("a", anchor={"document": "seeds/many.txt", "exact": "a"}))
    finding = kit.one("A103")
    assert f"stands more than {MAX_PLACES:,} times in the document (lines 1, 1, " in (
        finding.message
    )


def test_a103_quiet_when_the_context_settles_which(kit: Kit) -> None:
    anchor = {"document": ARTICLE, "exact": "Tuesday", "prefix": "a tripartite summit "}
    kit.add(record("a", anchor=anchor))
    kit.none("A103")
    kit.none("A102")


def test_a103_quiet_on_more_words(kit: Kit) -> None:
    kit.add(record("a", anchor="a tripartite summit Tuesday in Moscow"))
    kit.none("A103")


# --- A104 stale-anchor ------------------------------------------------------------------------


def test_a104_reports_stale_offsets_at_start(kit: Kit) -> None:
    anchor = anchored(Q_37500)
    anchor["start"] += 3
    anchor["end"] += 3
    path = kit.add(record("a", anchor=anchor))
    finding = kit.one("A104")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == f"start: {anchor['start']}"
    assert "line 39" in finding.message and "offsets 2174-2199" in finding.message
    assert finding.fix == "re-anchor to where the quote stands now"


def test_a104_quiet_on_an_anchor_as_add_writes_it(kit: Kit) -> None:
    kit.add(record("a", anchor=anchored(Q_37500)))
    kit.none("A104")


def test_a104_reports_missing_offsets_at_the_anchor(kit: Kit) -> None:
    kit.add(record("a", anchor={"document": ARTICLE, "exact": Q_37500}))
    finding = kit.one("A104")
    assert kit.at(finding) == "anchor:"
    assert finding.fix is not None


def test_a104_reports_a_stale_prefix_at_prefix(kit: Kit) -> None:
    anchor = anchored(Q_37500)
    anchor["prefix"] = "The operation to evacuate had "
    kit.add(record("a", anchor=anchor))
    finding = kit.one("A104")
    assert kit.at(finding) == "prefix: 'The operation to evacuate had '"
    assert "prefix or suffix" in finding.message


def test_a104_reports_a_stale_suffix_at_suffix(kit: Kit) -> None:
    anchor = anchored(Q_37500)
    anchor["suffix"] = " since early last week and the"
    kit.add(record("a", anchor=anchor))
    assert kit.at(kit.one("A104")) == "suffix: ' since early last week and the'"


def test_a104_quiet_when_the_quote_is_not_found(kit: Kit) -> None:
    anchor = anchored(Q_37500)
    anchor["exact"] = "brought out 35,700 people"
    kit.add(record("a", anchor=anchor))
    kit.none("A104")
    assert len(kit.findings("A102")) == 1


# --- A105 quote-quantity-mismatch -------------------------------------------------------------


def test_a105_reports_a_quantity_that_drops_the_hedge(kit: Kit) -> None:
    path = kit.add(record("a", anchor=Q_400K, quantity="400,000 people"))
    finding = kit.one("A105")
    assert (finding.severity, finding.claim, finding.path) == (Severity.ERROR, "a", path)
    assert kit.at(finding) == "quantity: 400,000 people"
    assert "'more than 400,000 people'" in finding.message


def test_a105_quiet_on_the_quantity_the_quote_says(kit: Kit) -> None:
    kit.add(record("a", anchor=Q_400K, quantity="more than 400,000 people"))
    kit.none("A105")


def test_a105_reports_another_number(kit: Kit) -> None:
    kit.add(record("a", anchor=Q_37500, quantity="37,000 people"))
    finding = kit.one("A105")
    assert "the quote says '37,500 people'" in finding.message


def test_a105_quiet_on_a_quote_without_a_figure(kit: Kit) -> None:
    kit.add(record("a", anchor="Lavrov welcomed Turkish Foreign Minister", quantity="3 people"))
    kit.none("A105")


def test_a105_quiet_on_a_claim_without_a_quantity(kit: Kit) -> None:
    kit.add(record("a", anchor=Q_400K))
    kit.none("A105")


# --- A106 claimant-not-named ------------------------------------------------------------------


def test_a106_reports_a_claimant_the_document_never_names(kit: Kit) -> None:
    path = kit.add(record("a", claimant="Sergei Shoigu"))
    finding = kit.one("A106")
    assert (finding.severity, finding.claim, finding.path) == (Severity.WARNING, "a", path)
    assert kit.at(finding) == "claimant: Sergei Shoigu"
    assert "'Sergei Shoigu'" in finding.message


def test_a106_quiet_on_a_claimant_named_by_surname(kit: Kit) -> None:
    kit.add(record("a", claimant="Sergei Lavrov"))
    kit.none("A106")


def test_a106_quiet_on_a_person_speaking_for_a_body(kit: Kit) -> None:
    kit.add(record("a", claimant="Ingy Sedky (International Committee of the Red Cross)"))
    kit.none("A106")


def test_a106_ignores_accents(kit: Kit) -> None:
    kit.add(record("a", claimant="Mevl\u00fct \u00c7avu\u015fo\u011flu"))
    kit.none("A106")


def test_a106_reports_a_body_the_document_never_names(kit: Kit) -> None:
    kit.add(record("a", claimant="World Health Organization"))
    assert kit.at(kit.one("A106")) == "claimant: World Health Organization"


def test_a106_quiet_without_a_claimant(kit: Kit) -> None:
    kit.add(record("a"))
    kit.none("A106")


def _a105_messages(quote: str, recorded: str) -> list[str]:
    from types import SimpleNamespace

    from claimcheck.quantity import parse_quantity
    from claimcheck.rules.anchors import quote_quantity_mismatch

    claim = SimpleNamespace(quantity=parse_quantity(recorded), anchor=SimpleNamespace(exact=quote))
    return [hit.message for hit in quote_quantity_mismatch.check(SimpleNamespace(claim=claim))]


def test_a105_reads_every_figure_of_a_quote_until_one_is_the_quantity() -> None:
    quote = "5 trucks reached the town and 12 people left it"
    assert _a105_messages(quote, "5 trucks") == []  # the first figure
    assert _a105_messages(quote, "12 people") == []  # the last one
    # none is: the one of the same number is named, else the first
    assert _a105_messages(quote, "about 12 people") == [
        "the quote says '12 people' but the quantity is recorded as 'about 12 people'"
    ]
    assert _a105_messages(quote, "7 trucks") == [
        "the quote says '5 trucks' but the quantity is recorded as '7 trucks'"
    ]
