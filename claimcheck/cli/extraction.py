"""The commands for a new article: extract its candidate claims (and record them, at once or
one by one on a terminal) and match sentences against the registry."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ClaimcheckError
from .guard import guarded
from .options import Day, Format, TableOrJson, Text, as_date, by_option, day_option, open_store
from .output import ask, ask_default, note, show, write

if TYPE_CHECKING:
    from ..store import Store


def _extraction_context(ctx: typer.Context) -> tuple["Store", Any, Any]:
    from ..extract.registry import Verdicts, build_index

    store = open_store(ctx)
    return store, build_index(store), Verdicts(store)


def _interactive(store: "Store", index: Any, document: str, candidates: list[Any], by: str) -> None:
    """Step through the candidates: accept (editing id, subject, measure), skip, mark as a
    source of an existing claim, or quit."""
    from ..changes import add_claim, add_source, slugify
    from ..extract.adding import already_anchored, new_claim
    from ..render.safe import inline

    for number, candidate in enumerate(candidates, start=1):
        existing = already_anchored(index, document, candidate)
        if existing is not None:
            note(f"[{number}/{len(candidates)}] skipped: already anchored by claim {existing!r}")
            continue
        note(f"[{number}/{len(candidates)}] {inline(candidate.sentence.text)}")
        note(f"    figure: {inline(candidate.fact.text)}; score {candidate.score:.2f}")
        choice = ask_default("[a]ccept, [s]kip, s[o]urce of a claim, [q]uit", "s").lower()
        if choice.startswith("q"):
            break
        if choice.startswith("a"):
            new = new_claim(document, candidate)
            new.id = ask_default("Id", slugify(candidate.sentence.text))
            new.subject = ask_default("Subject", new.subject or "") or None
            new.measure = ask_default("Measure", new.measure or "") or None
            record = add_claim(store, new, by)
            note(f"Added claim '{record.claim.id}' in {record.path}")
        elif choice.startswith("o"):
            claim_id = ask("Claim id")
            info = store.document_info(document)
            publisher = (info.publisher or info.title) if info is not None else None
            quantity = candidate.fact.quantity
            fields = {
                "publisher": publisher or ask("Publisher"),
                "published": info.published if info is not None else None,
                "as_of": candidate.dating.as_of,
                "quantity": quantity.to_text() if quantity is not None else None,
                "quote": candidate.fact.text,
            }
            record = add_source(store, claim_id, fields, by)
            note(f"Added a source to claim '{record.claim.id}'")


@guarded
def extract(
    ctx: typer.Context,
    document: Annotated[Path, typer.Argument(metavar="DOCUMENT", help="The article, a text file.")],
    output_format: TableOrJson = Format.table,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=1, help="The least score --add records.")
    ] = 0.5,
    add_claims: Annotated[
        bool, typer.Option("--add", help="Record each candidate at --min-score or above.")
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Step through the candidates on a terminal.")
    ] = False,
    date: Annotated[Day, day_option("--date", "The article's date (default: known).")] = None,
    by: Annotated[Text, by_option("Who records (for the history).")] = None,
) -> None:
    """The candidate claims of an article: figures and other checkable facts, with what they
    count, who says them, the day they refer to, how worth checking they are, and the claims of
    the registry they restate (a refuted one is flagged).

    ```
    claimcheck extract seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt
    ```
    """
    from ..extract.pipeline import by_score
    from ..extract.pipeline import extract as extract_candidates
    from ..extract.reading import read_article
    from ..identity import current_user
    from ..render.extract import candidates_table, extract_json
    from ..render.safe import to_json
    from ..safefs import user_path

    store, index, verdicts = _extraction_context(ctx)
    article = read_article(store, user_path(document, "DOCUMENT"), as_date(date))
    candidates = by_score(
        extract_candidates(
            article.text,
            article.published,
            index=index,
            verdicts=verdicts,
            document=article.document,
            tolerance=store.config.tolerance,
        )
    )
    if add_claims or interactive:
        if article.document is None:
            raise ClaimcheckError(
                f"{document} is outside the registry: copy it into seeds/ to record its claims"
            )
        user = current_user(store.root, by)
        chosen = [c for c in candidates if c.score >= min_score]
        if interactive:
            _interactive(store, index, article.document, chosen, user)
        else:
            from ..extract.adding import add_candidates

            added, skipped = add_candidates(store, index, article.document, chosen, user)
            for record in added:
                note(f"Added claim '{record.claim.id}' in {record.path}")
            for skip in skipped:
                note(f"Skipped {skip.candidate.fact.text!r}: {skip.reason}")
        return
    if output_format is Format.json:
        published = article.published.isoformat() if article.published else None
        write(to_json(extract_json(article.name, published, candidates)))
        return
    show(candidates_table(article.name, candidates))
    note(f"{len(candidates)} candidate(s); date {article.published or '?'}: {article.date_reason}")


@guarded
def match(
    ctx: typer.Context,
    text_or_file: Annotated[
        str, typer.Argument(metavar="TEXT-OR-FILE", help="A sentence, or a text file.")
    ],
    output_format: TableOrJson = Format.table,
) -> None:
    """The claims of the registry that a sentence (or each sentence of a file) restates, with
    their status and verdict.

    ```
    claimcheck match "Turkey says about 37,000 people have been bussed out of Aleppo"
    ```
    """
    from ..extract.matching_text import match_text
    from ..extract.reading import read_article
    from ..render.extract import match_json, matches_table
    from ..render.safe import to_json
    from ..safefs import user_path

    store, index, verdicts = _extraction_context(ctx)
    document = None
    text = text_or_file
    # a file's name, or else a sentence (which may hold what no file name holds)
    plain_line = "\n" not in text_or_file and "\0" not in text_or_file
    if plain_line and len(text_or_file) < 4096 and (path := user_path(text, "FILE")).exists():
        article = read_article(store, path, None)
        text, document = article.text, article.document
    matches = match_text(text, index, verdicts, document)
    if output_format is Format.json:
        write(to_json({"text": text_or_file, "matches": [match_json(m) for m in matches]}))
        return
    show(matches_table(text_or_file, matches))
    note(f"{len(matches)} claim(s) restated")
