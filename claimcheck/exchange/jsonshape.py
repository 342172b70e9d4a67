"""Reading values out of parsed JSON with a located error for every wrong shape.

A value's place is given as a JSON path (``$.claims[3].claimReview[0].textualRating``), the
only location JSON data keeps once parsed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .incoming import parse_date
from .readfile import InputError, clean_text


def at(path: str, key: str | int) -> str:
    """The JSON path of a member or an item."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if key.replace("_", "a").isalnum() else f"{path}[{key!r}]"


class Shape:
    """Reads one file's JSON values, naming the file in every error."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, path: str, message: str) -> InputError:
        return InputError(f"at {path}: {message}", self.name)

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected an object, found {kind(value)}")
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(path, f"expected a list, found {kind(value)}")
        return value

    def text(self, node: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = node.get(key)
        where = at(path, key)
        if value is None or value == "":
            if required:
                raise self.error(where, f"'{key}' is missing; it is required")
            return None
        if not isinstance(value, str):
            raise self.error(where, f"expected text, found {kind(value)}")
        cleaned = clean_text(value, self.name, f"at {where}: the text")
        if required and not cleaned:
            raise self.error(where, f"'{key}' is empty; it is required")
        return cleaned or None

    def number(self, node: dict[str, Any], key: str, path: str) -> float | None:
        value = node.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.error(at(path, key), f"expected a number, found {kind(value)}")
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise self.error(at(path, key), f"{value!r} is not a number") from None
        else:
            raise self.error(at(path, key), f"expected a number, found {kind(value)}")
        if not math.isfinite(number):
            raise self.error(at(path, key), f"{value!r} is not a finite number")
        return number

    def date(self, node: dict[str, Any], key: str, path: str) -> dt.date | None:
        value = self.text(node, key, path)
        if value is None:
            return None
        found = parse_date(value)
        if found is None:
            raise self.error(at(path, key), f"{value!r} is not a date (YYYY-MM-DD, ISO 8601)")
        return found


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
