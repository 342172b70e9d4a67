"""Splitting a text into sentences, with code-point offsets into the original.

News text is split at a full stop, question or exclamation mark followed by space and a
capital, a digit or an opening quote, and always at a blank line (a paragraph) or a line of its
own (a headline, a dateline). Abbreviations ("Mr.", "U.S.", "Jan.") and initials do not end a
sentence; a closing quote after the mark stays with its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words after which a full stop is not the end of a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rev",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "est",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    """A sentence: its offsets in the document and its text (``text[start:end]``)."""

    start: int
    end: int
    text: str
    paragraph: int  # the number of its paragraph (a line of text), from 0


def _is_abbreviation(text: str, dot: int) -> bool:
    found = _WORD_BEFORE.search(text, 0, dot)
    if found is None:
        return False
    word = found.group(1).lower().rstrip(".")
    # a single capital letter is an initial ("George W. Bush")
    return word in _ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Sentence(start, end, text[start:end], paragraph)


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a text, in order, each within one line of it."""
    sentences: list[Sentence] = []
    paragraph = -1
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        paragraph += 1
        start = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            if text[end.start()] == "." and _is_abbreviation(text, end.start()):
                continue
            sentence = _trimmed(text, start, end.end(), paragraph)
            if sentence is not None:
                sentences.append(sentence)
            start = end.end()
        sentence = _trimmed(text, start, line.end(), paragraph)
        if sentence is not None:
            sentences.append(sentence)
    return sentences
