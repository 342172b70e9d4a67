"""Extraction quality on the labelled texts (tests/extract/), and its parts one by one."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from conftest import REPO

from claimcheck.extract.candidates import FactKind, facts_of
from claimcheck.extract.claimants import Claimants
from claimcheck.extract.dating import Dater
from claimcheck.extract.pipeline import extract
from claimcheck.extract.sentences import Sentence, split_sentences
from claimcheck.extract.worthiness import score_sentence

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_extract


@pytest.fixture(scope="module")
def quality() -> bench_extract.Quality:
    return bench_extract.figure_quality()


def test_there_are_eight_labelled_texts_or_more() -> None:
    assert len(list((REPO / "tests" / "extract" / "texts").glob("*.txt"))) >= 8


def test_figure_precision_and_recall_meet_the_targets(quality: bench_extract.Quality) -> None:
    assert quality.gold >= 50
    assert quality.recall >= 0.95, quality.misses
    assert quality.precision >= 0.9, quality.misses


def test_claimant_accuracy_meets_the_target(quality: bench_extract.Quality) -> None:
    assert quality.claimant_accuracy >= 0.85, quality.misses


def test_as_of_accuracy_meets_the_target(quality: bench_extract.Quality) -> None:
    assert quality.as_of_accuracy >= 0.9, quality.misses


def test_worthiness_ranks_far_better_than_asking_for_a_digit() -> None:
    auc, baseline, count = bench_extract.worthiness_auc()
    assert count >= 150
    assert auc >= baseline + 0.15, (auc, baseline)


def test_roc_auc_is_the_share_of_pairs_ranked_right() -> None:
    assert bench_extract.roc_auc([0.9, 0.8, 0.1], [True, False, False]) == 1.0
    assert bench_extract.roc_auc([0.1, 0.9], [True, False]) == 0.0
    assert bench_extract.roc_auc([0.5, 0.5], [True, False]) == 0.5


def test_sentences_keep_their_offsets() -> None:
    text = 'Mr. Smith said 5 people died. "It is sad," he said.\n\nU.S. officials agreed? Yes.'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith said 5 people died.",
        '"It is sad," he said.',
        "U.S. officials agreed?",
        "Yes.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]


def _one(text: str) -> Sentence:
    return Sentence(0, len(text), text, 0)


@pytest.mark.parametrize(
    "text",
    [
        "It happened on 15 December 2016.",
        "Published 21/12/2016.",
        "The polls close at 10.30pm.",
        "United won 61-39.",
        "In 2015, nothing changed.",
        "One of them left.",
    ],
)
def test_numbers_that_are_not_amounts_are_not_figures(text: str) -> None:
    assert [f for f in facts_of(text, _one(text)) if f.kind is FactKind.FIGURE] == []


def test_a_sentence_without_a_figure_can_hold_a_comparison_a_trend_or_a_day() -> None:
    for text, kind in (
        ("Violent crime is at its highest level ever recorded.", FactKind.COMPARISON),
        ("Unemployment doubled.", FactKind.TREND),
        ("The goal is to finish by Wednesday.", FactKind.DAY),
    ):
        assert [f.kind for f in facts_of(text, _one(text))] == [kind]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Thousands were bused out, according to Red Cross spokeswoman Ingy Sedky.",
         "Ingy Sedky (Red Cross)"),
        ("Jane Doe, spokeswoman for the World Food Programme, said 40 trucks arrived.",
         "Jane Doe (World Food Programme)"),
        ("Police told AFP that 12 people were arrested.", "Police"),
        ("The ministry put the toll at 45.", "ministry"),
        ('"We counted 300 bodies," said Dr Ahmed Khalil.', "Ahmed Khalil"),
        ("Russian Foreign Minister Sergei Lavrov said 2 days remain.", "Sergei Lavrov"),
        ("The river rose by 4 metres.", None),
    ],
)  # fmt: skip
def test_claimants(text: str, claimant: str | None) -> None:
    digit = next((i for i, c in enumerate(text) if c.isdigit()), 0)
    found = Claimants(text, split_sentences(text)).of(0, digit)
    assert (found.claimant if found is not None else None) == claimant


def test_a_surname_is_written_in_full_and_he_is_the_person_named_last() -> None:
    text = (
        "Turkish Foreign Minister Mevlut Cavusoglu met Ingy Sedky.\n"
        "The total is 37,500, Cavusoglu said.\n"
        "He said that 750 people had left.\n"
    )
    sentences = split_sentences(text)
    claimants = Claimants(text, sentences)
    assert claimants.of(1, 10).claimant == "Mevlut Cavusoglu"  # type: ignore[union-attr]
    assert claimants.of(2, 14).claimant == "Mevlut Cavusoglu"  # type: ignore[union-attr]


def test_a_quotation_takes_the_speaker_of_its_paragraph() -> None:
    text = '"Right now it is wrapping up," Lavrov said. "It is one or two days."\n'
    sentences = split_sentences(text)
    found = Claimants(text, sentences).of(1, 10)
    assert found is not None and found.claimant == "Lavrov"


@pytest.mark.parametrize(
    ("words", "as_of"),
    [
        ("on Monday", dt.date(2016, 12, 19)),
        ("yesterday", dt.date(2016, 12, 20)),
        ("so far", dt.date(2016, 12, 21)),
        ("since 15 December", dt.date(2016, 12, 21)),
        ("on 18 December", dt.date(2016, 12, 18)),
        ("last year", dt.date(2015, 12, 31)),
        ("in 2014", dt.date(2014, 12, 31)),
        ("in March", dt.date(2016, 3, 31)),
        ("in the city, up from 400 on Friday", dt.date(2016, 12, 16)),
    ],
)
def test_as_of_from_the_words_near_the_figure(words: str, as_of: dt.date) -> None:
    text = f"The agency counted 500 people {words}."
    sentence = _one(text)
    dating = Dater(dt.date(2016, 12, 21), [sentence]).date(sentence, 19, spoken=False)
    assert dating.as_of == as_of
    assert dating.reason


def test_a_deadline_does_not_date_a_figure() -> None:
    text = "The goal is to move 500 people by Wednesday."
    sentence = _one(text)
    dating = Dater(dt.date(2016, 12, 21), [sentence]).date(sentence, 20, spoken=False)
    assert dating.as_of == dt.date(2016, 12, 21) and dating.reason == "the document's date"


def test_without_a_date_the_reason_says_what_to_give() -> None:
    (candidate,) = extract("The agency counted 500 people.", None)
    assert candidate.dating.as_of is None and "--date" in candidate.dating.reason


def test_worthiness_reasons_are_named() -> None:
    text = "Unemployment doubled to 10 percent, the highest ever."
    high = score_sentence(text, facts_of(text, _one(text)))
    low = score_sentence("Will the minister resign?")
    assert high.score > 0.8 > 0.2 > low.score
    assert {"trend", "comparison"} <= {r.name for r in high.reasons}
    assert "question" in {r.name for r in low.reasons}
