"""The claimcheck command line: a thin typer layer over the library.

Each command parses its options, calls the library and renders what comes back. This is the
only module that prints. It imports typer alone at start-up; everything else is imported by the
command that needs it, so ``claimcheck --version`` and ``--help`` stay quick.

Exit codes: 0 success; 1 the command did its job and found problems; 2 usage, input or I/O
errors, and a bug in claimcheck: an unexpected error is one line naming the place it happened
(the traceback only with --debug or CLAIMCHECK_DEBUG=1), never a traceback that CI would take
for findings.

No ``from __future__ import annotations`` here: typer would evaluate every string annotation
at start-up, which costs more than the rest of building the command tree.
"""

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from . import __version__
from .errors import ClaimcheckError
from .vocab import ExportFormat, ImportFormat, Stance, Status

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .store import Store

EXIT_PROBLEMS, EXIT_ERROR = 1, 2  # and 0: all is well
_debug_option = False  # --debug: set by the global options, once per run
DATE_FORMATS = ["%Y-%m-%d"]

app = typer.Typer(
    name="claimcheck",
    help=(
        "Keep track of factual claims: what was claimed, by whom, where, what the sources say, "
        "and whether it all still adds up."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
source_app = typer.Typer(
    help="Add sources to a claim.", no_args_is_help=True, rich_markup_mode="markdown"
)
app.add_typer(source_app, name="source")


class Format(str, Enum):
    table = "table"
    json = "json"


# --- output -----------------------------------------------------------------------------------


def _console(stderr: bool = False) -> "Console":
    from rich.console import Console

    # markup and emoji codes off: nothing from a file or a user is ever read as markup.
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def _print(renderable: "RenderableType", soft_wrap: bool = False) -> None:
    from .render.safe import Escaped

    _console().print(Escaped(renderable), soft_wrap=soft_wrap)


def _write(text: str) -> None:
    """Machine output: exactly the text, no wrapping, no colour."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _note(message: str) -> None:
    from rich.text import Text

    from .render.safe import inline

    # soft_wrap: a message is one line however narrow the terminal (no path cut in two).
    _console(stderr=True).print(Text(inline(message)), soft_wrap=True)


def _ask(label: str) -> str:
    """Ask for a value on the terminal. The question goes to stderr, so that stdout carries only
    the command's output (typer.prompt writes part of it to stdout)."""
    while True:
        sys.stderr.write(f"{label}: ")
        sys.stderr.flush()
        try:
            answer = input()
        except EOFError:
            # the input ended unanswered: a usage error (2), not "problems found" (1)
            sys.stderr.write("\n")
            raise ClaimcheckError(
                f"no {label.lower()} given (the input ended); give it as an option"
            ) from None
        if answer.strip():
            return answer


def _report(problem: ClaimcheckError, label: str = "error") -> None:
    from .render.terminal import error_line

    _console(stderr=True).print(error_line(problem, label), soft_wrap=True)


def _fail(err: ClaimcheckError) -> NoReturn:
    for problem in getattr(err, "problems", [err]):
        _report(problem)
    raise typer.Exit(EXIT_ERROR)


def _debugging() -> bool:
    if _debug_option:
        return True
    return os.environ.get("CLAIMCHECK_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _bug(err: BaseException) -> NoReturn:
    """An error claimcheck did not expect: one line saying so and where, exit code 2. The
    traceback only on request: CI logs get one line, and a person debugging gets it all."""
    import traceback

    from .render.safe import inline

    if _debugging():
        sys.stderr.write("".join(traceback.format_exception(type(err), err, err.__traceback__)))
    # the innermost place in claimcheck's own code, else the innermost place at all
    package = Path(__file__).resolve().parent
    frames = traceback.extract_tb(err.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).is_relative_to(package)]
    place = ""
    if frames:
        frame = (ours or frames)[-1]
        where = Path(frame.filename)
        if where.is_relative_to(package):
            where = Path("claimcheck") / where.relative_to(package)
        place = f" at {where.as_posix()}:{frame.lineno}"
    detail = inline(f"{type(err).__name__}: {err}" if str(err) else type(err).__name__)
    if len(detail) > 500:  # a message can quote a whole input
        detail = detail[:500] + "..."
    hint = "" if _debugging() else "; run again with --debug for the traceback"
    sys.stderr.write(
        f"error: this is a bug in claimcheck, please report it: {detail}{place}{hint}\n"
    )
    sys.stderr.flush()
    raise typer.Exit(EXIT_ERROR)


F = TypeVar("F", bound=Callable[..., Any])


def guarded(command: F) -> F:
    """Turn claimcheck's errors into one located line each and exit code 2, never a traceback;
    anything unexpected is a bug, reported as one line, also with exit code 2."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ClaimcheckError as err:
            _fail(err)
        except OSError as err:
            _fail(
                ClaimcheckError(
                    f"{err.strerror or err}" + (f": {err.filename}" if err.filename else "")
                )
            )
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own ways to end a command
        except Exception as err:
            _bug(err)

    return run  # type: ignore[return-value]


def _store(ctx: typer.Context) -> "Store":
    from .store import Store

    return Store.discover(ctx.obj)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


# --- the commands -----------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="The registry's folder (default: $CLAIMCHECK_ROOT, else the nearest folder at or "
            "above this one holding claimcheck.yaml or claims/).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an unexpected error (also: CLAIMCHECK_DEBUG=1).",
        ),
    ] = False,
) -> None:
    """Keep track of factual claims: what was claimed, by whom, where, what the sources say,
    and whether it all still adds up.

    Records live one per file in claims/; documents in seeds/; settings in claimcheck.yaml.
    """
    global _debug_option
    _debug_option = debug
    ctx.obj = root


@app.command()
@guarded
def init(
    directory: Annotated[Path, typer.Argument(help="Where to make the registry.")] = Path("."),
) -> None:
    """Make a new, empty registry: claims/, seeds/ and claimcheck.yaml.

    Example: claimcheck init my-registry
    """
    from .changes import init_registry

    created = init_registry(directory)
    _note(f"Made a claimcheck registry in {directory}: {', '.join(created)}")
    _note("Next: put a document in seeds/, then 'claimcheck add'.")


@app.command()
@guarded
def add(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Option("--claim", help="The claim in one sentence.")] = None,
    document: Annotated[
        str | None,
        typer.Option("--document", help="The document it comes from, relative to the root."),
    ] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The document's exact words for the claim.")
    ] = None,
    quantity: Annotated[
        str | None,
        typer.Option(
            "--quantity", help="The figure: '37,500 people', 'more than 400,000 people'..."
        ),
    ] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="What is counted.")] = None,
    measure: Annotated[str | None, typer.Option("--measure", help="How it is counted.")] = None,
    cumulative: Annotated[
        bool, typer.Option("--cumulative", help="The figure is a running total.")
    ] = False,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--as-of",
            formats=DATE_FORMATS,
            help="Date the figure refers to (default: the document's date).",
        ),
    ] = None,
    part_of: Annotated[
        str | None,
        typer.Option("--part-of", help="Id of the claim whose figure contains this one's."),
    ] = None,
    claimant: Annotated[str | None, typer.Option("--claimant", help="Who made the claim.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.")] = None,
    status: Annotated[Status, typer.Option("--status", help="Initial status.")] = Status.UNVERIFIED,
    claim_id: Annotated[
        str | None, typer.Option("--id", help="The id (default: made from the claim's words).")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Note for the first history entry.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who records it (default: git user.name, else the login name)."),
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
    from .changes import NewClaim, add_claim
    from .identity import current_user

    store = _store(ctx)
    new = NewClaim(
        claim=claim,
        document=document,
        quote=quote,
        quantity=quantity,
        subject=subject,
        measure=measure,
        cumulative=cumulative,
        as_of=_date(as_of),
        part_of=part_of,
        claimant=claimant,
        tags=list(tag or []),
        status=status,
        id=claim_id,
        note=note,
    )
    missing = new.missing()
    if missing and not no_input and sys.stdin.isatty():
        for name in missing:
            setattr(new, name, _ask(name.capitalize()))
        missing = new.missing()
    if missing:
        raise ClaimcheckError(
            "missing "
            + ", ".join(f"--{name}" for name in missing)
            + " (required; give them as options, or run on a terminal without --no-input "
            "to be asked)"
        )
    record = add_claim(store, new, current_user(store.root, by))
    _note(f"Added claim '{record.claim.id}' in {record.path}")
    from .render.safe import visible

    # the record as written, but with direction marks and the like shown, not obeyed
    _write(visible(record.text))


# --- from a new article: extract and match ----------------------------------------------------


def _extraction_context(ctx: typer.Context) -> tuple["Store", Any, Any]:
    from .extract.registry import Verdicts, build_index

    store = _store(ctx)
    return store, build_index(store), Verdicts(store)


def _ask_default(label: str, default: str) -> str:
    """Ask on the terminal, with a default taken on an empty answer (or the input's end)."""
    sys.stderr.write(f"{label} [{default}]: ")
    sys.stderr.flush()
    try:
        answer = input().strip()
    except EOFError:
        return default
    return answer or default


def _interactive(store: "Store", index: Any, document: str, candidates: list[Any], by: str) -> None:
    """Step through the candidates: accept (editing id, subject, measure), skip, mark as a
    source of an existing claim, or quit."""
    from .changes import add_claim, add_source, slugify
    from .extract.adding import already_anchored, new_claim
    from .render.safe import inline

    for number, candidate in enumerate(candidates, start=1):
        existing = already_anchored(index, document, candidate)
        if existing is not None:
            _note(f"[{number}/{len(candidates)}] skipped: already anchored by claim {existing!r}")
            continue
        _note(f"[{number}/{len(candidates)}] {inline(candidate.sentence.text)}")
        _note(f"    figure: {inline(candidate.fact.text)}; score {candidate.score:.2f}")
        choice = _ask_default("[a]ccept, [s]kip, s[o]urce of a claim, [q]uit", "s").lower()
        if choice.startswith("q"):
            break
        if choice.startswith("a"):
            new = new_claim(document, candidate)
            new.id = _ask_default("Id", slugify(candidate.sentence.text))
            new.subject = _ask_default("Subject", new.subject or "") or None
            new.measure = _ask_default("Measure", new.measure or "") or None
            record = add_claim(store, new, by)
            _note(f"Added claim '{record.claim.id}' in {record.path}")
        elif choice.startswith("o"):
            claim_id = _ask("Claim id")
            info = store.document_info(document)
            publisher = (info.publisher or info.title) if info is not None else None
            quantity = candidate.fact.quantity
            fields = {
                "publisher": publisher or _ask("Publisher"),
                "published": info.published if info is not None else None,
                "as_of": candidate.dating.as_of,
                "quantity": quantity.to_text() if quantity is not None else None,
                "quote": candidate.fact.text,
            }
            record = add_source(store, claim_id, fields, by)
            _note(f"Added a source to claim '{record.claim.id}'")


@app.command()
@guarded
def extract(
    ctx: typer.Context,
    document: Annotated[Path, typer.Argument(metavar="DOCUMENT", help="The article, a text file.")],
    output_format: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
    min_score: Annotated[
        float, typer.Option("--min-score", min=0, max=1, help="The least score --add records.")
    ] = 0.5,
    add_claims: Annotated[
        bool, typer.Option("--add", help="Record each candidate at --min-score or above.")
    ] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Step through the candidates on a terminal.")
    ] = False,
    date: Annotated[
        dt.datetime | None,
        typer.Option("--date", formats=DATE_FORMATS, help="The article's date (default: known)."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who records (for the history).")] = None,
) -> None:
    """The candidate claims of an article: figures and other checkable facts, with what they
    count, who says them, the day they refer to, how worth checking they are, and the claims of
    the registry they restate (a refuted one is flagged).

    ```
    claimcheck extract seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt
    ```
    """
    from .extract.pipeline import by_score
    from .extract.pipeline import extract as extract_candidates
    from .extract.reading import read_article
    from .identity import current_user
    from .render.extract import candidates_table, extract_json
    from .render.safe import to_json
    from .safefs import user_path

    store, index, verdicts = _extraction_context(ctx)
    article = read_article(store, user_path(document, "DOCUMENT"), _date(date))
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
            from .extract.adding import add_candidates

            added, skipped = add_candidates(store, index, article.document, chosen, user)
            for record in added:
                _note(f"Added claim '{record.claim.id}' in {record.path}")
            for skip in skipped:
                _note(f"Skipped {skip.candidate.fact.text!r}: {skip.reason}")
        return
    if output_format is Format.json:
        published = article.published.isoformat() if article.published else None
        _write(to_json(extract_json(article.name, published, candidates)))
        return
    _print(candidates_table(article.name, candidates))
    _note(f"{len(candidates)} candidate(s); date {article.published or '?'}: {article.date_reason}")


@app.command()
@guarded
def match(
    ctx: typer.Context,
    text_or_file: Annotated[
        str, typer.Argument(metavar="TEXT-OR-FILE", help="A sentence, or a text file.")
    ],
    output_format: Annotated[
        Format, typer.Option("--format", help="table or json.")
    ] = Format.table,
) -> None:
    """The claims of the registry that a sentence (or each sentence of a file) restates, with
    their status and verdict.

    ```
    claimcheck match "Turkey says about 37,000 people have been bussed out of Aleppo"
    ```
    """
    from .extract.matching_text import match_text
    from .extract.reading import read_article
    from .render.extract import match_json, matches_table
    from .render.safe import to_json
    from .safefs import user_path

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
        _write(to_json({"text": text_or_file, "matches": [match_json(m) for m in matches]}))
        return
    _print(matches_table(text_or_file, matches))
    _note(f"{len(matches)} claim(s) restated")


@source_app.command("add")
@guarded
def source_add(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    publisher: Annotated[str, typer.Option("--publisher", help="Who published the source.")],
    via: Annotated[
        str | None,
        typer.Option("--via", help="The original publisher, when this is a copy of its report."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="The source's address.")] = None,
    archive_url: Annotated[str | None, typer.Option("--archive-url", help="A stored copy.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The source's title.")] = None,
    published: Annotated[
        dt.datetime | None,
        typer.Option("--published", formats=DATE_FORMATS, help="Publication date."),
    ] = None,
    retrieved: Annotated[
        dt.datetime | None,
        typer.Option("--retrieved", formats=DATE_FORMATS, help="When it was read."),
    ] = None,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=DATE_FORMATS, help="Date its figure refers to."),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure", help="Only when it counts something other than the claim's measure."
        ),
    ] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help="Its figure, as worded.")
    ] = None,
    quote: Annotated[str | None, typer.Option("--quote", help="Its own words.")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Language code, e.g. en.")
    ] = None,
    stance: Annotated[
        Stance | None,
        typer.Option("--stance", help="Declared stance (derived from the figures when left out)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Note for the history entry.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who adds it.")] = None,
) -> None:
    """Append a source to a claim.

    Example:

      claimcheck source add fuaa-kafraya-evacuated --publisher "Arab News" --via AFP
      --quantity "750 people" --as-of 2016-12-20 --quote "750 people have been bussed out"
    """
    from .changes import add_source
    from .identity import current_user

    store = _store(ctx)
    fields = {
        "publisher": publisher,
        "via": via,
        "title": title,
        "url": url,
        "archive_url": archive_url,
        "published": _date(published),
        "retrieved": _date(retrieved),
        "as_of": _date(as_of),
        "measure": measure,
        "quantity": quantity,
        "quote": quote,
        "language": language,
        "stance": stance,
    }
    record = add_source(store, claim_id, fields, current_user(store.root, by), note)
    _note(f"Added a source from {publisher} to '{record.claim.id}' ({record.path})")


@app.command("status")
@guarded
def set_status(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    status: Annotated[Status, typer.Argument(metavar="STATUS", help="The new status.")],
    note: Annotated[str, typer.Option("--note", help="Why: kept in the claim's history.")],
    by: Annotated[str | None, typer.Option("--by", help="Who decides.")] = None,
) -> None:
    """Set a claim's status (unverified, supported, disputed, refuted, unproven) and record
    why in its history.

    Example: claimcheck status fuaa-kafraya-evacuated supported --note "ICRC and OCHA agree"
    """
    from .changes import set_status as change_status
    from .identity import current_user

    store = _store(ctx)
    record = change_status(store, claim_id, status, note, current_user(store.root, by))
    _note(f"'{record.claim.id}' is now {record.claim.status.value} ({record.path})")


@app.command("list")
@guarded
def list_claims(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option("--status", help="Only claims with it.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only claims with this tag.")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Only this subject.")] = None,
    claimant: Annotated[
        str | None,
        typer.Option("--claimant", help="Only claims whose claimant contains this (any case)."),
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """List the claims: id, claim, quantity, status, number of sources.

    Records that do not load are reported on stderr (exit code 1).

    Example: claimcheck list --status disputed --format json
    """
    from .views import record_json, select_records

    registry = _store(ctx).load()
    records = select_records(
        registry.records.values(), status=status, tag=tag, subject=subject, claimant=claimant
    )
    if output is Format.json:
        from .render.safe import to_json

        _write(to_json([record_json(record) for record in records]))
    else:
        from .render.terminal import claims_table

        if records:
            _print(claims_table(records))
        else:
            _note("no claims" + (" match" if registry.records else " yet"))
    for problem in registry.problems:
        _report(problem)
    if registry.problems:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@guarded
def show(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    output: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Show one claim: its quantity and interval, its quote in context, sources and history.

    Example: claimcheck show aleppo-evacuated-total
    """
    from .views import claim_view, view_json

    store = _store(ctx)
    view = claim_view(store, store.get(claim_id))
    if output is Format.json:
        from .render.safe import to_json

        _write(to_json(view_json(view)))
    else:
        from .render.terminal import claim_view as render_claim

        _print(render_claim(view))


@app.command("fmt")
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
    from .changes import format_records
    from .render.safe import inline

    result = format_records(_store(ctx), check=check)
    for path in result.changed:
        _write(f"would reformat {inline(path)}" if check else f"reformatted {inline(path)}")
    for problem in result.problems:
        _report(problem)
    if result.problems:
        raise typer.Exit(EXIT_ERROR)
    if check and result.changed:
        raise typer.Exit(EXIT_PROBLEMS)
    if not result.changed:
        _note("all records are in canonical form")


@app.command()
@guarded
def schema() -> None:
    """Print the JSON Schema of a claim record, for editors (e.g. the YAML language server).

    Example: claimcheck schema > claim.schema.json
    """
    from .render.safe import to_json
    from .schema import record_schema

    _write(to_json(record_schema()))


class CheckFormat(str, Enum):
    full = "full"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def _codes(values: list[str] | None) -> list[str] | None:
    """--select A,S101 --select T: every code or prefix, commas or repeats."""
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@app.command()
@guarded
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Only report on these record files, documents or folders (default: all).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        CheckFormat,
        typer.Option("--format", help="full, concise, json, github (annotations) or sarif."),
    ] = CheckFormat.full,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rule codes or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="Skip these rule codes or prefixes (comma-separated)."),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply safe fixes: re-anchoring, canonical format.")
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when errors are found.")
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="Who applies --fix (for the history).")
    ] = None,
) -> None:
    """Cross-check the registry like a linter: each claim against its document, its sources
    and the other claims.

    Exit codes: 0 no errors, 1 errors found, 2 usage, settings or I/O problems.

    ```
    claimcheck check
    claimcheck check claims/aleppo-evacuated-total.yaml --format concise
    claimcheck check --select A,X --ignore A106 --format sarif > claimcheck.sarif
    ```
    """
    from .engine import check as run_check
    from .render import findings as render

    store = _store(ctx)
    selected, ignored = _codes(select), _codes(ignore)
    result = run_check(store, selected, ignored, paths=paths)
    fixed = 0
    if fix:
        from .fixes import apply_fixes
        from .identity import current_user

        fixed, problems = apply_fixes(store, result, current_user(store.root, by))
        for problem in problems:
            _report(problem, "warning")
        result = run_check(store, selected, ignored, result.scope)
    if output is CheckFormat.full:
        # soft_wrap: never a line break inside a finding's line, whatever the width
        _print(render.full(result, store.root, fixed), soft_wrap=True)
    elif output is CheckFormat.concise:
        sys.stdout.write(render.concise(result))
        _note(render.summary_line(result, fixed))
    elif output is CheckFormat.json:
        _write(render.as_json(result, fixed))
    elif output is CheckFormat.github:
        sys.stdout.write(render.github(result, store.root))
    else:
        from .render.sarif import sarif_log

        _write(sarif_log(result, store.root))
    if result.has_errors and not exit_zero:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@guarded
def report(
    ctx: typer.Context,
    output: Annotated[
        ReportFormat, typer.Option("--format", help="table, json, markdown or html.")
    ] = ReportFormat.table,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead."),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every claim and comparison, also when the registry is large (more than 200 "
            "claims shown: the table is then a summary of what needs attention).",
        ),
    ] = False,
    subjects: Annotated[
        list[str] | None,
        typer.Option("--subject", help="Only the claims of this subject (may be repeated)."),
    ] = None,
    claim_ids: Annotated[
        list[str] | None,
        typer.Option("--claim", help="Only this claim and its comparison (may be repeated)."),
    ] = None,
) -> None:
    """The consistency report: claims by status and verdict, a row per claim, and for each
    subject and measure every figure side by side in time order.

    Above 200 claims the table shows what needs attention (claims whose status and verdict
    disagree, or with errors, and their comparisons), in plain fixed-width lines; `--all`
    shows everything. Exits 0 when the report was made, whatever it says; 2 on usage or I/O
    errors (an unknown `--subject` or `--claim` too).

    ```
    claimcheck report
    claimcheck report --all --output report.txt
    claimcheck report --subject east-aleppo-evacuation
    claimcheck report --format markdown --output report.md
    claimcheck report --format html --output report.html
    ```
    """
    from .engine import check as run_check
    from .report import SUMMARY_ABOVE, build_report, needing_attention, select

    store = _store(ctx)
    built = build_report(run_check(store))
    if subjects or claim_ids:
        built = select(built, subjects or [], claim_ids or [])
    chunks: Iterable[str | RenderableType]
    if output is ReportFormat.json:
        from .render.report_lines import json_chunks

        chunks = json_chunks(built)
    elif output is ReportFormat.markdown:
        from .render.report import markdown_lines

        chunks = markdown_lines(built)
    elif output is ReportFormat.html:
        from .render.html import report_html

        chunks = [report_html(built)]  # every claim: the page has its own filters
    elif len(built.claims) > SUMMARY_ABOVE:
        from .render.report_lines import report_lines

        summary = not everything
        width = 200 if output_file is not None else _console().width
        chunks = report_lines(
            needing_attention(built) if summary else built, width, summary=summary
        )
    else:
        from .render.report import report_renderable

        if output_file is None:
            _print(report_renderable(built, _console().width))
            return
        chunks = [_render_to_text(report_renderable(built, 200), 200)]
    if output_file is None:
        try:
            for chunk in chunks:
                if isinstance(chunk, str):
                    sys.stdout.write(chunk)
                else:
                    _print(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            # the reader has all it wanted (`claimcheck report | head`): stop, not an error;
            # stdout goes to devnull so that the interpreter's last flush does not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    _stream_output(output_file, chunks)
    _note(f"Wrote the report to {output_file}")


def _stream_output(output_file: Path, chunks: "Iterable[str | RenderableType]") -> None:
    """--output for a report made piece by piece: written as it comes, the file appearing
    whole at the end (see ``_write_output``)."""
    from .safefs import regular_output, user_path
    from .writes import atomic_writer

    target = regular_output(user_path(output_file, "the output path"))
    with atomic_writer(target, replace=True, shown=str(output_file)) as handle:
        for chunk in chunks:
            text = chunk if isinstance(chunk, str) else _render_to_text(chunk, 200)
            handle.write(text.encode("utf-8"))


def _write_output(output_file: Path, text: str) -> None:
    """--output: through a link to the regular file it names; a device, a FIFO or a folder is
    refused, never replaced."""
    from .safefs import regular_output, user_path
    from .writes import atomic_write

    target = regular_output(user_path(output_file, "the output path"))
    atomic_write(target, text, replace=True, shown=str(output_file))


def _render_to_text(renderable: "RenderableType", width: int) -> str:
    import io

    from rich.console import Console

    from .render.safe import Escaped

    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, markup=False, emoji=False).print(
        Escaped(renderable)
    )
    return buffer.getvalue()


@app.command("rules")
@guarded
def list_rules(
    output: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """List every rule: code, name, default severity and what it checks.

    ```
    claimcheck rules
    ```
    """
    from .rules import ALL_RULES

    if output is Format.json:
        from .render.safe import to_json

        _write(
            to_json(
                [
                    {
                        "code": rule.code,
                        "name": rule.name,
                        "severity": rule.severity.value,
                        "summary": rule.summary,
                    }
                    for rule in ALL_RULES
                ]
            )
        )
        return
    from .render.findings import rules_table

    _print(rules_table())


@app.command("rule")
@guarded
def explain_rule(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A rule code or name.")],
) -> None:
    """Print a rule's documentation, with a failing and a passing example.

    ```
    claimcheck rule A105
    ```
    """
    from .rules import find_rule

    found = find_rule(code)
    if found is None:
        raise ClaimcheckError(f"no rule {code!r}; 'claimcheck rules' lists them")
    _write(f"{found.code} {found.name} ({found.severity.value})\n\n{found.doc}\n")


# --- exchange with the fact-checking world ----------------------------------------------------


@app.command("export")
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
        str | None,
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
    from .exchange.export import export_text

    text, warnings = export_text(_store(ctx), output, base_url, sources)
    for warning in warnings:
        _note(f"warning: {warning}")
    if output_file is None:
        sys.stdout.write(text)
        return
    _write_output(output_file, text)
    _note(f"Wrote the {output.value} export to {output_file}")


@app.command("import")
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
    by: Annotated[str | None, typer.Option("--by", help="Who imports (for the history).")] = None,
) -> None:
    """Import fact-checkers' reviews (ClaimReview JSON-LD, Fact Check Tools API responses) or
    claimcheck CSV: each review becomes a source on the claim it is about.

    ```
    claimcheck import reviews.json --dry-run
    claimcheck import claims.csv
    ```
    """
    from .exchange.apply import import_file
    from .identity import current_user

    store = _store(ctx)
    plan = import_file(store, file, input_format, current_user(store.root, by), dry_run)
    for warning in plan.warnings:
        _note(f"warning: {warning}")
    for change in plan.changes:
        _write(visible_text(change.describe(dry_run)))
    done = "would change" if dry_run else "changed"
    _note(
        f"{file} ({plan.format}): {done} {len(plan.changes)} claim(s): {plan.created} new, "
        f"{plan.sources_added} source(s) added; {plan.unchanged} already there"
    )


def visible_text(text: str) -> str:
    from .render.safe import inline

    return inline(text)  # one change, one line, whatever the imported text holds


def _utf8_safe_streams() -> None:
    """Whatever the encoding of stdout and stderr, writing never fails and never emits bytes
    that are not valid in it: a character it cannot hold is written as a backslash escape (the
    renderers escape what they know of; this is the net under them)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main() -> None:
    """The console script."""
    from .gcpause import freeze_after_pauses

    _utf8_safe_streams()
    freeze_after_pauses()  # one command per process: what a load builds lives to the end
    try:
        app(prog_name="claimcheck")
    except Exception as err:  # raised outside a command (typer's parsing, a callback)
        try:
            _bug(err)
        except typer.Exit as done:
            sys.exit(done.exit_code)
