"""Exchange with the fact-checking world: export the registry (ClaimReview JSON-LD, CSV, JSON)
and import reviews as sources."""

from pathlib import Path
from typing import Annotated

import typer

from ..vocab import ExportFormat, ImportFormat
from .guard import guarded
from .options import Text, by_option, open_store
from .output import note, write, write_file, write_raw


@guarded
def export_registry(
    ctx: typer.Context,
    output: Annotated[
        ExportFormat,
        typer.Option("--format", help="claimreview (JSON-LD), csv or json (the full records)."),
    ],
    output_file: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
    base_url: Annotated[
        Text,
        typer.Option("--base-url", help="ClaimReview: the address reviews are published under."),
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="CSV: one row per source instead of per claim.")
    ] = False,
) -> None:
    """Export the registry: ClaimReview JSON-LD for every reviewed claim, CSV for
    spreadsheets, or JSON.

    ```
    claimcheck export --format claimreview --base-url https://example.org/checks/
    claimcheck export --format csv --sources --output sources.csv
    ```
    """
    from ..exchange.export import export_text

    text, warnings = export_text(open_store(ctx), output, base_url, sources)
    for warning in warnings:
        note(f"warning: {warning}")
    if output_file is None:
        write_raw(text)
        return
    write_file(output_file, text)
    note(f"Wrote the {output.value} export to {output_file}")


@guarded
def import_reviews(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to import.")],
    input_format: Annotated[
        ImportFormat | None,
        typer.Option("--format", help="claimreview, factcheck-api or csv (default: detected)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    by: Annotated[Text, by_option("Who imports (for the history).")] = None,
) -> None:
    """Import fact-checkers' reviews (ClaimReview JSON-LD, Fact Check Tools API responses) or
    claimcheck CSV: each review becomes a source on the claim it is about.

    ```
    claimcheck import reviews.json --dry-run
    claimcheck import claims.csv
    ```
    """
    from ..exchange.apply import import_file
    from ..identity import current_user
    from ..render.safe import inline

    store = open_store(ctx)
    plan = import_file(store, file, input_format, current_user(store.root, by), dry_run)
    for warning in plan.warnings:
        note(f"warning: {warning}")
    for change in plan.changes:
        write(inline(change.describe(dry_run)))  # one change, one line, whatever the text holds
    done = "would change" if dry_run else "changed"
    note(
        f"{file} ({plan.format}): {done} {len(plan.changes)} claim(s): {plan.created} new, "
        f"{plan.sources_added} source(s) added; {plan.unchanged} already there"
    )
