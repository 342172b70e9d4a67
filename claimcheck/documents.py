"""Documents, and anchoring a quote in one.

An anchor follows the W3C Web Annotation selectors: the exact words with a little context on
each side (TextQuoteSelector) and code-point offsets (TextPositionSelector). Re-finding a quote
goes the way Hypothesis re-anchors: the offsets first, checked against the words; then an exact
search settled by the context; then a search that forgives curly quotes, dashes and spacing.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal

from .errors import ClaimcheckError, InvalidRecordError, NotFoundError
from .model import Anchor, DocumentInfo
from .safefs import RegistryFiles, refuse_nul
from .validation import validate_located
from .yamlio import parse_yaml

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
CONTEXT_CHARS = 32
# A quote that stands more often than this is ambiguous however its context reads; the places
# past it are not kept (a one-letter quote would stand millions of times in a large document).
MAX_PLACES = 10_000
SIDECAR_SUFFIX = ".meta.yaml"
# Past this length a document is too long to search for the closest passage well within a
# second (rapidfuzz reads about 80 million characters a second, three times per quote).
CLOSEST_PASSAGE_MAX_CHARS = 8_000_000


@dataclass(frozen=True, slots=True)  # a quote may stand many times in a document
class Span:
    start: int
    end: int


def unaccented_casefold(text: str) -> str:
    """Text without accents, case-folded: for finding names however they are written
    ("Çavuşoğlu" is found as "cavusoglu")."""
    if text.isascii():  # decomposing changes nothing, and there are no accents to drop
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # The marks to drop are looked up once per distinct character, and dropped by a character
    # class: no list of every character of a large document, and a quarter of the time
    # str.translate takes (it looks each character up in a dict).
    marks = [re.escape(char) for char in set(decomposed) if unicodedata.combining(char)]
    if marks:
        decomposed = re.sub(f"[{''.join(marks)}]", "", decomposed)
    return decomposed.casefold()


@dataclass(frozen=True)
class Document:
    path: str
    text: str

    @cached_property
    def unaccented_casefold(self) -> str:
        """The text as ``unaccented_casefold`` gives it, worked out once per document."""
        return unaccented_casefold(self.text)


def document_path(root: Path, relpath: str) -> Path:
    """The file of a document path as records hold it; refuse paths that leave the registry."""
    refuse_nul(relpath, "the document path")
    pure = PurePosixPath(relpath.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ClaimcheckError(
            f"document path {relpath!r} must be relative to the registry root and stay inside it "
            "(e.g. seeds/article.txt)"
        )
    return root.joinpath(*pure.parts)


@lru_cache(maxsize=4096)
def canonical_document_path(relpath: str) -> str:
    return PurePosixPath(relpath.replace("\\", "/")).as_posix()


def read_document(root: Path, relpath: str) -> Document:
    """A document's text: a regular UTF-8 file inside the registry, or a located refusal."""
    document_path(root, relpath)  # refuses paths that leave the registry, with their reason
    # The canonical spelling ('./seeds//a.txt' is 'seeds/a.txt'), so that anchors agree and
    # the document's entry in claimcheck.yaml or its sidecar is found.
    path = canonical_document_path(relpath)
    try:
        text = RegistryFiles(root).read_text(path, MAX_DOCUMENT_BYTES, "a document")
    except NotFoundError as err:
        err.message = "no such document; paths are relative to the registry root"
        err.path = relpath
        raise
    return Document(path, text)


def sidecar_path(relpath: str) -> str:
    """The sidecar of a document: ``<document>.meta.yaml`` beside it."""
    return canonical_document_path(relpath) + SIDECAR_SUFFIX


def sidecar_info(root: Path, relpath: str) -> DocumentInfo | None:
    """Metadata from ``<document>.meta.yaml`` beside the document, if there is one.

    A sidecar that is there but cannot be read, or says what a sidecar cannot (a misspelt
    ``publshed:``, a date that is not one), raises with its place: it is never skipped.
    """
    document_path(root, relpath)
    sidecar = sidecar_path(relpath)
    try:
        text = RegistryFiles(root).read_text(sidecar, MAX_SIDECAR_BYTES, "a sidecar")
    except NotFoundError:
        return None
    try:
        parsed = parse_yaml(text)
    except ClaimcheckError as err:
        err.path = sidecar
        raise InvalidRecordError([err]) from None
    return validate_located(DocumentInfo, parsed, sidecar)


# --- finding quotes ---------------------------------------------------------------------------

_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u0130": "i",  # the one character whose lower case is two: mapped before lower()
    }
)  # fmt: skip


# Where the search form changes the text's length: a run of white space (or one that is not a
# plain space), and white space at the start.
_RESHAPED_SPACE = re.compile(r"^\s+|\s{2,}|[^\S ]")


@dataclass(frozen=True)
class SearchForm:
    """A text in the form quotes are searched in, and the way back to offsets in the original.

    It straightens quotes and dashes and lower-cases one character for one character; only
    collapsing white space moves the characters after it. So instead of an offset for
    every character, it keeps one pair of numbers per collapsed run: from search-form offset
    ``moved_at[k]`` on, a character stands ``moved_by[k]`` further on in the original.
    """

    text: str
    moved_at: array[int]
    moved_by: array[int]

    def origin(self, index: int) -> int:
        """The offset in the original text of the search form's character at ``index``."""
        run = bisect.bisect_right(self.moved_at, index) - 1
        return index + (self.moved_by[run] if run >= 0 else 0)


@lru_cache(maxsize=4)  # a document's claims are anchored one after another
def _search_form(text: str) -> SearchForm:
    """Text with quotes and dashes straightened and white space collapsed, lower-cased."""
    straight = text.translate(_STRAIGHTEN).lower()  # the same length: U+0130 is mapped to 'i'
    pieces: list[str] = []
    moved_at, moved_by = array("q"), array("q")
    kept = removed = 0
    for run in _RESHAPED_SPACE.finditer(straight):
        start, end = run.span()
        pieces.append(straight[kept:start])
        if start > 0:  # white space at the start goes; any other run becomes one space
            pieces.append(" ")
        kept = end
        now_removed = removed + (end - start) - (1 if start > 0 else 0)
        if now_removed != removed:
            removed = now_removed
            moved_at.append(end - removed)
            moved_by.append(removed)
    pieces.append(straight[kept:])
    return SearchForm("".join(pieces), moved_at, moved_by)


def _occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    found: list[int] = []
    start = text.find(needle)
    while start != -1 and (limit is None or len(found) < limit):
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def find_quote(text: str, quote: str, limit: int | None = None) -> list[Span]:
    """Every place the quote stands in the text (the first ``limit``): exact matches, or, when
    there are none, matches that forgive curly quotes, dashes, case and spacing (mapped back
    to the original text)."""
    if not quote:
        return []
    exact = _occurrences(text, quote, limit)
    if exact:
        return [Span(start, start + len(quote)) for start in exact]
    quote_form = _search_form(quote).text.strip()
    if not quote_form:
        return []
    text_form = _search_form(text)
    return [
        Span(text_form.origin(start), text_form.origin(start + len(quote_form) - 1) + 1)
        for start in _occurrences(text_form.text, quote_form, limit)
    ]


def context_of(text: str, span: Span, size: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The prefix and suffix kept beside a quote: up to ``size`` characters each side, within
    the quote's paragraph, trimmed to whole words."""
    before = text[max(0, span.start - size) : span.start]
    if "\n" in before:
        before = before[before.rfind("\n") + 1 :]
    elif span.start - size > 0 and not text[span.start - size - 1].isspace():
        cut = before.find(" ")
        before = before[cut:] if cut != -1 else ""
    after = text[span.end : span.end + size]
    if "\n" in after:
        after = after[: after.find("\n")]
    elif span.end + size < len(text) and not text[span.end + size].isspace():
        cut = after.rfind(" ")
        after = after[:cut] if cut != -1 else ""
    return before, after


def make_anchor(document: Document, span: Span) -> Anchor:
    prefix, suffix = context_of(document.text, span)
    return Anchor(
        document=document.path,
        exact=document.text[span.start : span.end],
        prefix=prefix,
        suffix=suffix,
        start=span.start,
        end=span.end,
    )


AnchorState = Literal["ok", "moved", "ambiguous", "missing"]


@dataclass(frozen=True)
class AnchorMatch:
    """Where an anchor's quote stands now.

    ok: the offsets still hold the exact words; moved: found elsewhere, once or settled by the
    context; ambiguous: found more than once and the context does not settle it; missing: not
    found at all.
    """

    state: AnchorState
    span: Span | None
    candidates: tuple[Span, ...] = ()
    more: bool = False  # the quote stands more than MAX_PLACES times: candidates are the first


def _context_score(text: str, span: Span, anchor: Anchor) -> int:
    prefix, suffix = context_of(text, span, max(len(anchor.prefix), len(anchor.suffix), 1))
    score = 0
    if anchor.prefix and prefix.endswith(anchor.prefix):
        score += 1
    if anchor.suffix and suffix.startswith(anchor.suffix):
        score += 1
    return score


def resolve_anchor(text: str, anchor: Anchor) -> AnchorMatch:
    start, end = anchor.start, anchor.end
    if start is not None and end is not None and text[start:end] == anchor.exact:
        return AnchorMatch("ok", Span(start, end))
    candidates = find_quote(text, anchor.exact, MAX_PLACES + 1)
    if not candidates:
        return AnchorMatch("missing", None)
    if len(candidates) > MAX_PLACES:  # no context settles so many: "Tuesday", "the", "e"
        return AnchorMatch("ambiguous", None, tuple(candidates[:MAX_PLACES]), more=True)
    if len(candidates) == 1:
        return AnchorMatch("moved", candidates[0], tuple(candidates))
    scores = [_context_score(text, span, anchor) for span in candidates]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return AnchorMatch("moved", candidates[scores.index(best)], tuple(candidates))
    return AnchorMatch("ambiguous", None, tuple(candidates))


_WORD = re.compile(r"\S+")
# rapidfuzz compares a needle of up to 64 characters a machine word at a time, in one pass
# over the text: the quote is looked for in pieces of that length.
_PIECE = 64


def _lowered(text: str) -> str:
    """The text lower-cased, each character still at its offset: U+0130 (capital I with dot)
    is the one character whose lower case is two."""
    return text.replace("\u0130", "i").lower()


def _pieces(quote: str) -> list[tuple[int, str]]:
    """The quote's start, middle and end, at most ``_PIECE`` characters each, with their
    offsets: a quote mistyped at one end is still found by the others."""
    if len(quote) <= _PIECE:
        return [(0, quote)]
    middle = (len(quote) - _PIECE) // 2
    ends = [0, middle, len(quote) - _PIECE]
    return [(offset, quote[offset : offset + _PIECE]) for offset in ends]


def _runs_near(text: str, start: int, wanted: int) -> Iterator[Span]:
    """Runs of ``wanted`` words (one fewer, one more) that start within ``_PIECE`` characters
    of ``start``: the few places a passage aligned there can begin."""
    low = max(0, start - _PIECE)
    # back to the start of the word ``low`` falls in (a word longer than that is cut)
    while low > 0 and start - low < 4 * _PIECE and not text[low - 1].isspace():
        low -= 1
    words: list[tuple[int, int]] = []
    firsts = 0  # the words that start close enough to begin a passage
    for match in _WORD.finditer(text, low):
        if match.start() <= start + _PIECE:
            firsts += 1
        elif len(words) > firsts + wanted:
            break
        words.append(match.span())
    for size in sorted({max(1, wanted - 1), wanted, wanted + 1}):
        for first in range(max(1, firsts)):
            last = min(first + size, len(words)) - 1
            if last >= first:
                yield Span(words[first][0], words[last][1])


def closest_passage(text: str, quote: str) -> Span | None:
    """The run of words in the text most like the quote, for suggesting where a quote went.

    rapidfuzz's ``partial_ratio_alignment`` finds where the quote's start, middle and end
    stand best in the text (one pass each); the runs of about as many words as the quote
    around those places are scored against the whole quote (Indel similarity, as difflib's
    ratio), and the best is offered if it is at least half alike. The cost grows with the
    text's length, not with its length times the quote's.
    """
    wanted = len(quote.split())
    if not wanted or not text or len(text) > CLOSEST_PASSAGE_MAX_CHARS:
        return None
    # imported here: only a lost quote needs it, and it is a tenth of `show`'s own start-up
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Indel

    target = quote.lower()
    lowered = _lowered(text)
    starts: set[int] = set()
    for offset, piece in _pieces(target):
        found = fuzz.partial_ratio_alignment(piece, lowered)
        if found is not None:
            starts.add(max(0, found.dest_start - offset))
    best: tuple[float, Span] | None = None
    for start in sorted(starts):
        for span in _runs_near(text, start, wanted):
            score = Indel.normalized_similarity(lowered[span.start : span.end], target)
            if best is None or score > best[0]:
                best = (score, span)
    if best is None or best[0] < 0.5:
        return None
    return best[1]


def paragraph_around(text: str, span: Span, limit: int = 400) -> Span:
    """The paragraph (or at most ``limit`` characters each side) holding a span, for display."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    end = len(text) if end == -1 else end
    return Span(max(start, span.start - limit), min(end, span.end + limit))
