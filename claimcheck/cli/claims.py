"""The commands that write and read claim records: add, source add, status, list, show, fmt
and schema."""

import sys
from typing import Annotated

import typer

from ..errors import ClaimcheckError
from ..vocab import Stance, Status
from .guard import guarded
from .options import (
    Day,
    Format,
    TableOrJson,
    Text,
    as_date,
    by_option,
    day_option,
    measure_option,
    note_option,
    open_store,
    quantity_option,
    quote_option,
)
from .output import EXIT_ERROR, EXIT_PROBLEMS, ask, note, report_problem, show, stream, write


@guarded
def add(
    ctx: typer.Context,
    claim: Annotated[Text, typer.Option("--claim", help="The claim in one sentence.")] = None,
    document: Annotated[
        Text,
        typer.Option("--document", help="The document it comes from, relative to the root."),
    ] = None,
    quote: Annotated[Text, quote_option("The document's exact words for the claim.")] = None,
    quantity: Annotated[
        Text, quantity_option("The figure: '37,500 people', 'more than 400,000 people'...")
    ] = None,
    subject: Annotated[Text, typer.Option("--subject", help="What is counted.")] = None,
    measure: Annotated[Text, measure_option("How it is counted.")] = None,
    cumulative: Annotated[
        bool, typer.Option("--cumulative", help="The figure is a running total.")
    ] = False,
    as_of: Annotated[
        Day, day_option("--as-of", "Date the figure refers to (default: the document's date).")
    ] = None,
    part_of: Annotated[
        Text,
        typer.Option("--part-of", help="Id of the claim whose figure contains this one's."),
    ] = None,
    claimant: Annotated[Text, typer.Option("--claimant", help="Who made the claim.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.")] = None,
    status: Annotated[Status, typer.Option("--status", help="Initial status.")] = Status.UNVERIFIED,
    claim_id: Annotated[
        Text, typer.Option("--id", help="The id (default: made from the claim's words).")
    ] = None,
    history_note: Annotated[Text, note_option("Note for the first history entry.")] = None,
    by: Annotated[
        Text, by_option("Who records it (default: git user.name, else the login name).")
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt; fail if something required is missing."),
    ] = False,
) -> None:
    """Add a claim, anchored to the exact words of its document.

    Required: --claim, --document and --quote (prompted for on a terminal). The quote must
    stand in the document; the tool records where.

    Example:

    ```
    claimcheck add --claim "750 people were evacuated from Fuaa and Kafraya." \\
        --document seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt \\
        --quote "750 people had also been evacuated from Fuaa and Kafraya" \\
        --quantity "750 people" --subject fuaa-kafraya-evacuation \\
        --measure people-evacuated --cumulative --as-of 2016-12-20
    ```
    """
    from ..changes import NewClaim, add_claim
    from ..identity import current_user
    from ..render.safe import visible

    store = open_store(ctx)
    new = NewClaim(
        claim=claim,
        document=document,
        quote=quote,
        quantity=quantity,
        subject=subject,
        measure=measure,
        cumulative=cumulative,
        as_of=as_date(as_of),
        part_of=part_of,
        claimant=claimant,
        tags=list(tag or []),
        status=status,
        id=claim_id,
        note=history_note,
    )
    missing = new.missing()
    if missing and not no_input and sys.stdin.isatty():
        for name in missing:
            setattr(new, name, ask(name.capitalize()))
        missing = new.missing()
    if missing:
        raise ClaimcheckError(
            "missing "
            + ", ".join(f"--{name}" for name in missing)
            + " (required; give them as options, or run on a terminal without --no-input "
            "to be asked)"
        )
    record = add_claim(store, new, current_user(store.root, by))
    note(f"Added claim '{record.claim.id}' in {record.path}")
    # the record as written, but with direction marks and the like shown, not obeyed
    write(visible(record.text))


@guarded
def source_add(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    publisher: Annotated[str, typer.Option("--publisher", help="Who published the source.")],
    via: Annotated[
        Text,
        typer.Option("--via", help="The original publisher, when this is a copy of its report."),
    ] = None,
    url: Annotated[Text, typer.Option("--url", help="The source's address.")] = None,
    archive_url: Annotated[Text, typer.Option("--archive-url", help="A stored copy.")] = None,
    title: Annotated[Text, typer.Option("--title", help="The source's title.")] = None,
    published: Annotated[Day, day_option("--published", "Publication date.")] = None,
    retrieved: Annotated[Day, day_option("--retrieved", "When it was read.")] = None,
    as_of: Annotated[Day, day_option("--as-of", "Date its figure refers to.")] = None,
    measure: Annotated[
        Text, measure_option("Only when it counts something other than the claim's measure.")
    ] = None,
    quantity: Annotated[Text, quantity_option("Its figure, as worded.")] = None,
    quote: Annotated[Text, quote_option("Its own words.")] = None,
    language: Annotated[Text, typer.Option("--language", help="Language code, e.g. en.")] = None,
    stance: Annotated[
        Stance | None,
        typer.Option("--stance", help="Declared stance (derived from the figures when left out)."),
    ] = None,
    history_note: Annotated[Text, note_option("Note for the history entry.")] = None,
    by: Annotated[Text, by_option("Who adds it.")] = None,
) -> None:
    """Append a source to a claim.

    Example:

      claimcheck source add fuaa-kafraya-evacuated --publisher "Arab News" --via AFP
      --quantity "750 people" --as-of 2016-12-20 --quote "750 people have been bussed out"
    """
    from ..changes import add_source
    from ..identity import current_user

    store = open_store(ctx)
    fields = {
        "publisher": publisher,
        "via": via,
        "title": title,
        "url": url,
        "archive_url": archive_url,
        "published": as_date(published),
        "retrieved": as_date(retrieved),
        "as_of": as_date(as_of),
        "measure": measure,
        "quantity": quantity,
        "quote": quote,
        "language": language,
        "stance": stance,
    }
    record = add_source(store, claim_id, fields, current_user(store.root, by), history_note)
    note(f"Added a source from {publisher} to '{record.claim.id}' ({record.path})")


@guarded
def set_status(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    status: Annotated[Status, typer.Argument(metavar="STATUS", help="The new status.")],
    why: Annotated[str, note_option("Why: kept in the claim's history.")],
    by: Annotated[Text, by_option("Who decides.")] = None,
) -> None:
    """Set a claim's status (unverified, supported, disputed, refuted, unproven) and record
    why in its history.

    Example: claimcheck status fuaa-kafraya-evacuated supported --note "ICRC and OCHA agree"
    """
    from ..changes import set_status as change_status
    from ..identity import current_user

    store = open_store(ctx)
    record = change_status(store, claim_id, status, why, current_user(store.root, by))
    note(f"'{record.claim.id}' is now {record.claim.status.value} ({record.path})")


@guarded
def list_claims(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option("--status", help="Only claims with it.")] = None,
    tag: Annotated[Text, typer.Option("--tag", help="Only claims with this tag.")] = None,
    subject: Annotated[Text, typer.Option("--subject", help="Only this subject.")] = None,
    claimant: Annotated[
        Text,
        typer.Option("--claimant", help="Only claims whose claimant contains this (any case)."),
    ] = None,
    output: TableOrJson = Format.table,
) -> None:
    """List the claims: id, claim, quantity, status, number of sources.

    Records that do not load are reported on stderr (exit code 1).

    Example: claimcheck list --status disputed --format json
    """
    from ..views import ListedRecords, RecordFilter, record_json

    # one record at a time: the JSON is written as each comes, the table keeps only its rows
    listed = ListedRecords(open_store(ctx), RecordFilter(status, tag, subject, claimant))
    if output is Format.json:
        from ..render.json_array import json_array_chunks

        stream(json_array_chunks(record_json(record) for record in listed))
    else:
        from ..render.terminal import claims_table

        table = claims_table(listed)
        if table.row_count:
            show(table)
        else:
            note("no claims" + (" match" if listed.loaded else " yet"))
    for problem in listed.problems:
        report_problem(problem)
    if listed.problems:
        raise typer.Exit(EXIT_PROBLEMS)


@guarded
def show_claim(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    output: TableOrJson = Format.table,
) -> None:
    """Show one claim: its quantity and interval, its quote in context, sources and history.

    Example: claimcheck show aleppo-evacuated-total
    """
    from ..views import claim_view, view_json

    store = open_store(ctx)
    view = claim_view(store, store.get(claim_id))
    if output is Format.json:
        from ..render.safe import to_json

        write(to_json(view_json(view)))
    else:
        from ..render.terminal import claim_view as render_claim

        show(render_claim(view))


@guarded
def fmt(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; list the files that would change (exit 1)."),
    ] = False,
) -> None:
    """Write every record in canonical form.

    Examples: claimcheck fmt; claimcheck fmt --check
    """
    from ..changes import format_records
    from ..render.safe import inline

    result = format_records(open_store(ctx), check=check)
    for path in result.changed:
        write(f"would reformat {inline(path)}" if check else f"reformatted {inline(path)}")
    for problem in result.problems:
        report_problem(problem)
    if result.problems:
        raise typer.Exit(EXIT_ERROR)
    if check and result.changed:
        raise typer.Exit(EXIT_PROBLEMS)
    if not result.changed:
        note("all records are in canonical form")


@guarded
def schema() -> None:
    """Print the JSON Schema of a claim record, for editors (e.g. the YAML language server).

    Example: claimcheck schema > claim.schema.json
    """
    from ..render.safe import to_json
    from ..schema import record_schema

    write(to_json(record_schema()))


# `claimcheck source add`: a group of its own, for the commands about a claim's sources
source_app = typer.Typer(
    help="Add sources to a claim.", no_args_is_help=True, rich_markup_mode="markdown"
)
source_app.command("add")(source_add)
