"""Times of day are not figures: 'at five in the morning' is no count of five.

The scanner (and so `claimcheck extract`) finds no figure in a time of day, however the hour
is written; the parser refuses one. Near misses, where the number is a count next to words of
time, must still be read.
"""

from __future__ import annotations

import pytest

from claimcheck.extract.candidates import FactKind, facts_of
from claimcheck.extract.sentences import Sentence
from claimcheck.quantity import QuantityError, find_quantities, parse_quantity

NO_FIGURE = [
    "The convoy left at five in the morning.",
    "The convoy left at 5 in the morning.",
    "Shelling resumed at seven in the evening.",
    "The buses stopped at ten at night.",
    "They met at seven o'clock.",
    "They met at 7 o'clock.",
    "They met at 5 pm.",
    "They met at 5 p.m. on Tuesday.",
    "The talks began at 10:30.",
    "The ceasefire took hold at 2300 GMT.",
    "The ceasefire took hold at 23.00 GMT.",
    "The ceasefire took hold at 11 local time.",
    "The first bus left at half past five.",
    "The first bus left at a quarter to five.",
    "The first bus left at quarter past 5.",
    "The first bus left at twenty minutes past two.",
    "The first bus left at ten minutes to one.",
    "The last bus left at 5 the next morning.",
    "The last bus left at five this morning.",
    "The last bus left by six on Tuesday morning.",
    "From five in the morning until ten at night the crossing stayed shut.",
    "The first bus left at about five in the morning.",
]

# (sentence, the span of each figure that must be found)
NEAR_MISSES = [
    ("Five people were hurt in the morning.", ["Five people"]),
    ("5 million people fled.", ["5 million people"]),
    ("Gunmen killed five this morning.", ["five"]),  # no 'at': a count, not an hour
    ("The bus left at five in the morning with 40 people aboard.", ["40 people"]),
    ("The talks began at 10:30 and 300 people waited.", ["300 people"]),
    ("It took 5 minutes to load the trucks.", ["5 minutes"]),
    ("In the past 5 years the town shrank.", ["5 years"]),
    ("The toll rose from 5 to 10 people.", ["from 5 to 10 people"]),
    ("Half of the 20 people were children.", ["20 people"]),
    ("Seven people died in the evening attack.", ["Seven people"]),
    ("The toll stood at five.", ["five"]),
]


@pytest.mark.parametrize("sentence", NO_FIGURE)
def test_a_time_of_day_gives_no_figure(sentence: str) -> None:
    found = [sentence[start:end] for start, end, _ in find_quantities(sentence)]
    assert found == []


@pytest.mark.parametrize(("sentence", "spans"), NEAR_MISSES)
def test_a_count_beside_words_of_time_is_still_read(sentence: str, spans: list[str]) -> None:
    found = [sentence[start:end] for start, end, _ in find_quantities(sentence)]
    assert found == spans


@pytest.mark.parametrize(
    "phrase",
    ["five in the morning", "5 in the morning", "seven o'clock", "2300 GMT", "11 local time"],
)
def test_the_parser_refuses_a_time_of_day(phrase: str) -> None:
    with pytest.raises(QuantityError, match="time of day"):
        parse_quantity(phrase)


def test_extract_takes_no_time_of_day_for_a_figure() -> None:
    text = "The first convoy left at five in the morning, and 1,200 people were aboard."
    facts = facts_of(text, Sentence(0, len(text), text, 0))
    figures = [text[f.start : f.end] for f in facts if f.kind is FactKind.FIGURE]
    assert figures == ["1,200 people"]
