"""Anchors: the claim stands, in the recorded words, in the document it came from."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ..documents import MAX_PLACES, closest_passage, context_of, unaccented_casefold
from ..names import parties, surname
from ..offsets import line_of, lines_of
from ..quantity import Quantity
from ..quantity.scan import iter_quantities
from ..vocab import Severity
from .base import ClaimContext, Fix, Hit, rule


@rule("A101", "document-missing", Severity.ERROR)
def document_missing(context: ClaimContext) -> Iterator[Hit]:
    """The claim's document cannot be read: it is not there, not UTF-8, or not inside the
    registry.

    Fails:

        anchor: {document: seeds/no-such-article.txt, exact: 37,500 people}

    Passes: an ``anchor.document`` path, relative to the registry root, that exists.
    """
    error, anchor = context.document_error, context.claim.anchor
    if error is not None and anchor is not None:
        yield Hit(f"{anchor.document}: {error.message}", ("anchor", "document"))


@rule("A102", "quote-not-found", Severity.ERROR)
def quote_not_found(context: ClaimContext) -> Iterator[Hit]:
    """The quoted words are not in the document, even forgiving curly quotes, dashes, case and
    spacing. The closest passage is offered.

    Fails (the article says "37,500"):

        anchor: {document: seeds/article.txt, exact: brought out 35,700 people}

    Passes:

        anchor: {document: seeds/article.txt, exact: brought out 37,500 people}
    """
    anchor = context.claim.anchor
    if context.anchor is None or context.anchor.state != "missing" or context.document is None:
        return
    assert anchor is not None  # a match implies an anchor
    text = context.document.text
    message = f"the quote is not in {anchor.document}"
    near = closest_passage(text, anchor.exact)
    if near is not None:
        message += (
            f"; the closest passage (line {line_of(text, near.start)}) is "
            f"{text[near.start : near.end]!r}"
        )
    yield Hit(message, ("anchor", "exact"))


@rule("A103", "quote-ambiguous", Severity.WARNING)
def quote_ambiguous(context: ClaimContext) -> Iterator[Hit]:
    """The quote stands more than once in the document and its prefix and suffix do not say
    which: the anchor may point at the wrong place. Quote more words.

    Fails: ``exact: Tuesday`` in an article that says "Tuesday" twice.

    Passes: ``exact: a tripartite summit Tuesday in Moscow``.
    """
    match = context.anchor
    if match is None or match.state != "ambiguous" or context.document is None:
        return
    lines = lines_of(context.document.text, (span.start for span in match.candidates))
    times = f"more than {MAX_PLACES:,}" if match.more else str(len(match.candidates))
    yield Hit(
        f"the quote stands {times} times in the document (lines {lines}) and "
        "its context does not settle which; quote more words",
        ("anchor", "exact"),
    )


@rule("A104", "stale-anchor", Severity.WARNING)
def stale_anchor(context: ClaimContext) -> Iterator[Hit]:
    """The anchor's offsets or context no longer match the document (it was edited, or the
    record was written by hand). The quote is still found, so the fix is safe: re-anchor.

    Fails (the quote now starts at 2190):

        anchor: {document: seeds/article.txt, exact: brought out 37,500 people, start: 2174,
                 end: 2199}

    Passes: offsets and context as ``claimcheck add`` or ``check --fix`` wrote them.
    """
    match = context.anchor
    if match is None or match.span is None or context.document is None:
        return
    anchor = context.claim.anchor
    assert anchor is not None  # a match implies an anchor
    fix = Fix("re-anchor to where the quote stands now", "reanchor")
    if match.state == "moved" or anchor.start is None or anchor.end is None:
        line = line_of(context.document.text, match.span.start)
        yield Hit(
            f"the anchor's offsets are stale: the quote now stands at line {line} "
            f"(offsets {match.span.start}-{match.span.end})",
            ("anchor", "start"),
            fix=fix,
        )
        return
    prefix, suffix = context_of(context.document.text, match.span)
    if anchor.prefix != prefix or anchor.suffix != suffix:
        yield Hit(
            "the anchor's prefix or suffix no longer matches the words around the quote",
            ("anchor", "prefix" if anchor.prefix != prefix else "suffix"),
            fix=fix,
        )


def _same_figure(found: Quantity, recorded: Quantity) -> bool:
    return (found.qualifier, found.value, found.lower, found.upper) == (
        recorded.qualifier,
        recorded.value,
        recorded.lower,
        recorded.upper,
    )


@rule("A105", "quote-quantity-mismatch", Severity.ERROR)
def quote_quantity_mismatch(context: ClaimContext) -> Iterator[Hit]:
    """The numbers or hedge words in the quote disagree with the recorded quantity.

    "More than 400,000" is not 400,000: the hedge is part of the figure, and it decides
    which sources can contradict it.

    Fails:

        quantity: 400,000 people
        anchor: {exact: killed more than 400,000 people}

    Passes:

        quantity: more than 400,000 people
        anchor: {exact: killed more than 400,000 people}
    """
    recorded, anchor = context.claim.quantity, context.claim.anchor
    if recorded is None or anchor is None:
        return
    found = []
    for _, _, quantity in iter_quantities(anchor.exact):
        if _same_figure(quantity, recorded):
            return  # the rest of the quote need not be read
        found.append(quantity)
    if not found:
        return
    same_number = [q for q in found if q.value is not None and q.value == recorded.value]
    said = same_number[0] if same_number else found[0]
    yield Hit(
        f"the quote says {str(said)!r} but the quantity is recorded as {str(recorded)!r}",
        ("quantity",),
    )


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def stands_in(text: str, words: str) -> bool:
    """Whether ``words`` stand in ``text`` as whole words."""
    if not words:
        return False
    start = text.find(words)
    while start != -1:
        end = start + len(words)
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            return True
        start = text.find(words, start + 1)
    return False


@rule("A106", "claimant-not-named", Severity.WARNING)
def claimant_not_named(context: ClaimContext) -> Iterator[Hit]:
    """The document never names the claimant: neither the person's surname nor the body they
    speak for appears in it. Claims are attributed to who made them in the document.

    Fails: ``claimant: Sergei Shoigu`` for a claim from an article that never mentions him.

    Passes: ``claimant: Ingy Sedky (International Committee of the Red Cross)`` where the
    article quotes "Red Cross spokeswoman Ingy Sedky".
    """
    claimant = context.claim.claimant
    if not claimant or context.document is None:
        return
    if not names(context.document.unaccented_casefold, claimant):
        yield Hit(f"the document never names the claimant {claimant!r}", ("claimant",))


@lru_cache(maxsize=16384)
def names(unaccented_text: str, claimant: str) -> bool:
    """Whether a text (as unaccented_casefold gives it) names the claimant: a person by
    surname, a body by its full name. Cached: one claimant is usually looked for in one
    document many times."""
    for party in parties(claimant) or (claimant,):
        name = surname(party) if len(party.split()) <= 3 else party
        for candidate in {party, name or party}:
            if stands_in(unaccented_text, unaccented_casefold(candidate)):
                return True
    return False


@rule("A107", "no-document", Severity.INFO)
def no_document(context: ClaimContext) -> Iterator[Hit]:
    """The claim has no document: it was imported, so the anchor checks cannot run.

    ``claimcheck import`` makes such claims from reviews and spreadsheets. Add the document to
    the registry and anchor the claim in it when you have it.

    Fails: a record without ``anchor``.

    Passes:

        anchor: {document: seeds/article.txt, exact: brought out 37,500 people}
    """
    if context.claim.anchor is None:
        yield Hit("the claim has no document (it was imported); the anchor checks do not run")


RULES = (
    document_missing,
    quote_not_found,
    quote_ambiguous,
    stale_anchor,
    quote_quantity_mismatch,
    claimant_not_named,
    no_document,
)
