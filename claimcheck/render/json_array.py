"""A JSON array written an item at a time, as ``to_json`` would write it whole.

For lists as long as the registry (``list --format json``): the text of each item is made,
written and dropped, so the output is never held whole, and the bytes are those of
``to_json(list(items)) + "\\n"`` (``to_json`` escapes character by character, and the array's
own brackets, commas and indentation are plain ASCII).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .safe import to_json


def json_array_chunks(items: Iterable[object]) -> Iterator[str]:
    """``to_json(list(items)) + "\\n"`` (indented by two spaces a level), piece by piece."""
    first = True
    for item in items:
        yield ("[\n  " if first else ",\n  ") + to_json(item).replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"
