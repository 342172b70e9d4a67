"""What a YAML scalar means: the YAML 1.2 core schema, plus dates, read strictly.

A plain (unquoted) scalar is resolved by the YAML 1.2 core schema and nothing else, so a
file means the same to claimcheck as to any YAML 1.2 reader:

- null: empty, ``~``, ``null``, ``Null``, ``NULL``;
- booleans: ``true``/``True``/``TRUE`` and ``false``/``False``/``FALSE`` (``yes``, ``no``,
  ``on``, ``off`` are text);
- integers: decimal, ``0o`` octal, ``0x`` hexadecimal (``1_000``, ``0b101``, ``1:30`` are text);
- floats: ``1.5``, ``1e3``, ``.5``, ``.inf``, ``.nan``;
- claimcheck's one addition: an ISO date (``2016-12-20``) and an RFC 3339 date-time with an
  offset (``2026-11-26T14:00:00Z``) are dates; any other date-like text stays text.

Some plain scalars are refused rather than read, because readers disagree on them or a number
would not be the number written: a decimal integer with a leading zero (``0777``: 777 in YAML
1.2, 511 in YAML 1.1), a number longer than MAX_NUMBER_LENGTH characters, a float that overflows
to infinity or underflows to zero, an impossible date. ``ScalarError`` carries the reason; the
reader adds the place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .errors import ProblemKind

CORE = "tag:yaml.org,2002:"
STR, NULL, BOOL = CORE + "str", CORE + "null", CORE + "bool"
INT, FLOAT, MAP, SEQ = CORE + "int", CORE + "float", CORE + "map", CORE + "seq"

# Generous: no count of anything needs a thousand digits, and Python refuses to read an int
# of more than 4,300 decimal digits (a crash, not a message) unless it is bounded first.
MAX_NUMBER_LENGTH = 1000

# The forms the record model and its JSON Schema accept, so that the loader, pydantic and the
# schema agree: a date-time with its fields in range (no leap second, which Python cannot hold)
# and an offset; which days a month has is left to the schema's "format".
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME_PATTERN = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")

# A plain scalar whose first character is none of these is text: no pattern above can match.
MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")

# The plain scalars that start with a letter and are not text: the null and boolean words.
_WORDS: dict[str, Any] = {**dict.fromkeys(_NULLS - {"", "~"}), **_BOOLS}
_WORD_STARTS = frozenset("nNtTfF")  # (those of MAYBE_NOT_TEXT that are letters)
# Anything the patterns of _number match (a number, or text refused as one); one test first,
# so that text such as '37,500 people' or a date is not tried against each of them.
_NUMBER_LIKE = re.compile(
    "|".join(p.pattern for p in (_FLOAT, _OCTAL, _HEX, _INFINITY, _NAN))  # _DECIMAL is in _FLOAT
)

_CACHE: dict[str, Any] = {}  # short plain scalars (keys, statuses, dates) and what they mean
_CACHE_LIMIT = 1 << 16


class ScalarError(ValueError):
    """A scalar claimcheck refuses to read; the message says why and what to write instead.

    ``kind`` is the load problem's kind: SCHEMA for an impossible date, UNSAFE for a value
    readers would disagree on.
    """

    def __init__(self, message: str, kind: ProblemKind = ProblemKind.UNSAFE) -> None:
        super().__init__(message)
        self.kind = kind


def resolve_plain(text: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema (dates added)."""
    first = text[:1]
    if first not in MAYBE_NOT_TEXT:
        return text if first else None
    if first in _WORD_STARTS:  # no number or date starts with a letter: a word, or text
        return _WORDS.get(text, text)
    value = _CACHE.get(text, _CACHE)
    if value is _CACHE:
        value = _resolve(text)
        if len(text) <= 64 and len(_CACHE) < _CACHE_LIMIT:
            _CACHE[text] = value
    return value


def _resolve(text: str) -> Any:
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    number = _number(text)
    if number is not None:
        return number
    if len(text) >= 10 and text[4:5] == "-":
        if _DATE.fullmatch(text):
            return parse_date(text)
        moment = _DATETIME.fullmatch(text)
        if moment is not None:
            return _datetime_of(moment, text)
    return text


def _number(text: str) -> int | float | None:
    """The number a plain scalar is, or None when it is not one."""
    if _DECIMAL.fullmatch(text):
        _check_length(text)
        if _LEADING_ZERO.fullmatch(text):
            raise ScalarError(
                f"{text!r} is ambiguous: a number with a leading zero is "
                f"{int(text)} in YAML 1.2 but octal in YAML 1.1; write it without the "
                "leading zero, or quote it if it is text"
            )
        return int(text)
    if _NUMBER_LIKE.fullmatch(text) is None:
        return None
    if _OCTAL.fullmatch(text):
        _check_length(text)
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        _check_length(text)
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        _check_length(text)
        return _finite_float(text)
    if _INFINITY.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return None


def _check_length(text: str) -> None:
    if len(text) > MAX_NUMBER_LENGTH:
        raise ScalarError(
            f"a number of {len(text):,} characters is longer than claimcheck reads "
            f"(at most {MAX_NUMBER_LENGTH:,}); quote it if it is text"
        )


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ScalarError(f"{_short(text)} is too large for a number (it would be infinity)")
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    if value == 0 and any(digit in mantissa for digit in "123456789"):
        raise ScalarError(f"{_short(text)} is too small for a number (it would be 0)")
    return value


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def construct_tagged(tag: str, text: str) -> Any:
    """The value of a scalar with an explicit core tag (``!!str 12``, ``!!int "12"``)."""
    if tag == STR:
        return text
    if tag == NULL:
        if text in _NULLS:
            return None
    elif tag == BOOL:
        if text in _BOOLS:
            return _BOOLS[text]
    elif tag in (INT, FLOAT):
        number = _number(text)
        if tag == INT and isinstance(number, int):
            return number
        if tag == FLOAT and number is not None:
            return float(number)
    name = "!!" + tag[len(CORE) :]
    raise ScalarError(f"{_short(text)} is not a valid {name}; remove the tag or fix the value")


def parse_date(text: str) -> dt.date:
    """An ISO calendar date (YYYY-MM-DD) that exists; ScalarError otherwise."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ScalarError(
            f"{_short(text)} is not a date: write it as YYYY-MM-DD", ProblemKind.SCHEMA
        )
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as err:
        raise ScalarError(f"{text!r} is not a valid date: {err}", ProblemKind.SCHEMA) from None


def parse_datetime(text: str) -> dt.datetime:
    """An RFC 3339 date-time with an offset (Z or +hh:mm), keeping its offset."""
    match = _DATETIME.fullmatch(text)
    if match is None:
        raise ScalarError(
            f"{_short(text)} is not a date and time: write it as RFC 3339 with an offset, "
            "e.g. 2026-11-26T14:00:00Z or 2026-11-26T16:00:00+02:00",
            ProblemKind.SCHEMA,
        )
    return _datetime_of(match, text)


def _datetime_of(match: re.Match[str], text: str) -> dt.datetime:
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    fraction = (fraction or "").rstrip("0")
    if len(fraction) > 6:
        raise ScalarError(
            f"{text!r} has more than 6 digits after the second; shorten it", ProblemKind.SCHEMA
        )
    try:
        zone = dt.timezone.utc  # (what dt.timezone(dt.timedelta(0)) gives)
        if not zulu:
            if int(off_h) > 23 or int(off_m) > 59:
                raise ValueError(f"offset {sign}{off_h}:{off_m} is out of range")
            offset = dt.timedelta(hours=int(off_h), minutes=int(off_m))
            zone = dt.timezone(-offset if sign == "-" else offset)
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=zone,
        )
    except ValueError as err:
        raise ScalarError(
            f"{text!r} is not a valid date and time: {err}", ProblemKind.SCHEMA
        ) from None
