"""Option definitions more than one command shares, defined once (as sqlite-utils'
``output_options``): the ``--format table|json`` choice, dates, who records a change and the
note kept in the history. Each command still says in its help what the option means to it.

Typer reads these through ``Annotated[...]``: ``Annotated[Day, day_option("--as-of", "...")]``.
"""

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from ..store import Store

DATE_FORMATS = ["%Y-%m-%d"]
NO_CACHE = "claimcheck.no_cache"  # set in the context's meta by the global --no-cache

Day = dt.datetime | None  # typer reads dates as datetimes; as_date() keeps the day
Text = str | None


class Format(str, Enum):
    table = "table"
    json = "json"


TableOrJson = Annotated[Format, typer.Option("--format", help="table or json.")]


def choices(name: str, values: Iterable[str]) -> type[Enum]:
    """An Enum of the values, named as they are: typer offers an option's choices from the
    Enum in its annotation, and this one is made from a registry (of formats, say)."""
    # the functional API: typeshed types the call as making a member, not a class
    return cast("type[Enum]", Enum(name, [(value, value) for value in values], type=str))


def day_option(flag: str, help: str) -> Any:
    """An optional date given as YYYY-MM-DD."""
    return typer.Option(flag, formats=DATE_FORMATS, help=help)


def by_option(help: str) -> Any:
    """Who makes a change, for the claim's history (default: git user.name, else the login)."""
    return typer.Option("--by", help=help)


def note_option(help: str) -> Any:
    """The note kept with a change in the claim's history."""
    return typer.Option("--note", help=help)


def quantity_option(help: str) -> Any:
    """A figure as worded ('37,500 people'), read by the quantity grammar."""
    return typer.Option("--quantity", help=help)


def quote_option(help: str) -> Any:
    """Exact words, of the claim's document or of a source."""
    return typer.Option("--quote", help=help)


def measure_option(help: str) -> Any:
    """How a figure is counted ('people-evacuated')."""
    return typer.Option("--measure", help=help)


def as_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def open_store(ctx: typer.Context) -> "Store":
    """The registry the global options (--root) point at. Start-up ends here: the command
    has imported what it needs to read the registry (see ``claimcheck.entry``)."""
    from ..entry import start_up_done
    from ..store import Store

    store = Store.discover(ctx.obj)
    start_up_done()
    return store
