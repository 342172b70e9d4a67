"""CSV for spreadsheets: one row per claim (or per source), written and read back.

Written with the csv module (RFC 4180 quoting, CRLF rows, UTF-8). A spreadsheet runs a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so such a
cell is written with a leading apostrophe, which spreadsheets show as text and which reading
takes off again. A plain number ("-10", "+5", "1,200.5") cannot be a formula and is written as
it is. A cell that really starts with apostrophes before one of those characters gets one more,
so reading always gives back exactly what was written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from ..errors import ClaimcheckError
from ..model import Claim, check_slug
from ..quantity import Quantity, QuantityError, quantity_from_data
from ..vocab import Stance, Status
from .claimreview import status_date
from .incoming import Incoming, ReadResult, parse_date
from .readfile import InputError, clean_text

CLAIM_COLUMNS = (
    "id", "claim", "claimant", "subject", "measure", "quantity", "cumulative", "as_of",
    "part_of", "status", "status_date", "document", "quote", "tags", "sources",
)  # fmt: skip
SOURCE_COLUMNS = (
    "claim_id", "claim", "publisher", "via", "title", "url", "archive_url", "published",
    "retrieved", "as_of", "measure", "quantity", "quote", "language", "stance",
)  # fmt: skip
TAG_SEPARATOR = "; "

_RISKY = re.compile(r"^'*[=+\-@\t\r]")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def guard_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    if _PLAIN_NUMBER.match(value) or not _RISKY.match(value):
        return value
    return "'" + value


def unguard_cell(value: str) -> str:
    """The value ``guard_cell`` was given."""
    return value[1:] if _GUARDED.match(value) else value


def _cell(value: Any) -> str:
    if value is None or value is False:
        return "" if value is None else "false"
    if value is True:
        return "true"
    if isinstance(value, Quantity):
        data: object = value.to_data()
        return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    if isinstance(value, (Status, Stance)):
        return str(value.value)
    return guard_cell(str(value))


def _csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # the excel dialect: quotes where needed, CRLF rows
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def claims_csv(claims: Iterable[Claim]) -> str:
    def row(claim: Claim) -> list[Any]:
        anchor = claim.anchor
        return [
            claim.id, claim.claim, claim.claimant, claim.subject, claim.measure, claim.quantity,
            claim.cumulative, claim.as_of, claim.part_of, claim.status, status_date(claim),
            anchor.document if anchor else None, anchor.exact if anchor else None,
            TAG_SEPARATOR.join(claim.tags) or None, len(claim.sources),
        ]  # fmt: skip

    return _csv_text(CLAIM_COLUMNS, (row(claim) for claim in claims))


def sources_csv(claims: Iterable[Claim]) -> str:
    rows = (
        [claim.id, claim.claim, *(getattr(source, name) for name in SOURCE_COLUMNS[2:])]
        for claim in claims
        for source in claim.sources
    )
    return _csv_text(SOURCE_COLUMNS, rows)


# --- reading ----------------------------------------------------------------------------------


def looks_like_csv(text: str) -> bool:
    """Whether the first line is the header of one of claimcheck's CSV files."""
    first = text.split("\n", 1)[0].strip().lstrip("\ufeff")
    return first.startswith(("id,claim,", "claim_id,claim,"))


class _Row:
    def __init__(self, name: str, line: int, values: dict[str, str]) -> None:
        self.name, self.line, self.values = name, line, values

    def error(self, message: str) -> InputError:
        return InputError(message, self.name, self.line)

    def text(self, column: str) -> str | None:
        raw = unguard_cell(self.values.get(column, ""))
        cleaned = clean_text(raw, self.name, f"the column {column!r}", self.line)
        return cleaned or None

    def required(self, column: str) -> str:
        found = self.text(column)
        if found is None:
            raise self.error(f"the column {column!r} is empty; it is required")
        return found

    def date(self, column: str) -> Any:
        value = self.text(column)
        if value is None:
            return None
        found = parse_date(value)
        if found is None or len(value) != 10:
            raise self.error(f"{column}: {value!r} is not a date (YYYY-MM-DD)")
        return found

    def quantity(self, column: str = "quantity") -> Quantity | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return quantity_from_data(json.loads(value) if value.startswith("{") else value)
        except (QuantityError, ValueError) as err:
            raise self.error(f"{column}: {err}") from None

    def choice(self, column: str, allowed: type[Status] | type[Stance]) -> Any:
        value = self.text(column)
        if value is None:
            return None
        try:
            return allowed(value)
        except ValueError:
            names = ", ".join(member.value for member in allowed)
            raise self.error(f"{column}: {value!r} is not one of {names}") from None

    def slug(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            return check_slug(value)
        except ValueError as err:
            raise self.error(f"{column}: {err}") from None


def _rows(text: str, name: str, columns: tuple[str, ...]) -> Iterable[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("the file is empty", name, 1)
        unknown = [column for column in header if column not in columns]
        if unknown or len(set(header)) != len(header):
            raise InputError(
                f"unknown or repeated columns {unknown or header}; the columns are "
                f"{', '.join(columns)}",
                name,
                1,
            )
        start = reader.line_num + 1
        for values in reader:
            if values:  # a blank line is no row
                if len(values) != len(header):
                    raise InputError(
                        f"the row has {len(values)} cells, the header {len(header)}", name, start
                    )
                yield _Row(name, start, dict(zip(header, values, strict=True)))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"not valid CSV: {err}", name, reader.line_num) from None


def read_csv(text: str, name: str) -> ReadResult:
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    if first.startswith("claim_id,"):
        return _read_sources(text, name)
    result = ReadResult("csv")
    for row in _rows(text, name, CLAIM_COLUMNS):
        tags = row.text("tags")
        cumulative = row.text("cumulative")
        if cumulative not in (None, "true", "false"):
            raise row.error(f"cumulative: {cumulative!r} is neither true nor false")
        result.items.append(
            Incoming(
                where=f"line {row.line}",
                claim=row.required("claim"),
                claimant=row.text("claimant"),
                claim_id=row.slug("id"),
                quantity=row.quantity(),
                fields={
                    "subject": row.text("subject"),
                    "measure": row.text("measure"),
                    "cumulative": cumulative == "true",
                    "as_of": row.date("as_of"),
                    "part_of": row.slug("part_of"),
                    "tags": [tag.strip() for tag in (tags or "").split(";") if tag.strip()],
                },
                document=row.text("document"),
                quote=row.text("quote"),
                status=row.choice("status", Status) or Status.UNVERIFIED,
            )
        )
    return result


def _read_sources(text: str, name: str) -> ReadResult:
    from ..model import Source
    from ..validation import build

    result = ReadResult("csv")
    for row in _rows(text, name, SOURCE_COLUMNS):
        fields: dict[str, Any] = {
            "publisher": row.required("publisher"),
            **{key: row.text(key) for key in ("via", "title", "url", "archive_url", "measure")},
            **{key: row.date(key) for key in ("published", "retrieved", "as_of")},
            "quantity": row.quantity(),
            "quote": row.text("quote"),
            "language": row.text("language"),
            "stance": row.choice("stance", Stance),
        }
        try:
            source = build(Source, {k: v for k, v in fields.items() if v is not None})
        except ClaimcheckError as err:
            raise row.error(err.message) from None
        result.items.append(
            Incoming(
                where=f"line {row.line}",
                claim=row.required("claim"),
                claim_id=row.slug("claim_id"),
                source=source,
            )
        )
    return result
