"""Where a code-point offset in a text stands: its line, or its line and column (1-based).

The one home of this arithmetic, for the places a document's quote and a YAML file's problem
are reported at. A line ends at ``\\n`` only: the other characters some readers take for line
breaks are refused before any offset is reported (``yamllayout.check_line_breaks``).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["line_and_column", "line_of", "lines_of"]


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset.

    >>> line_of("one\\ntwo\\nthree", 4)
    2
    """
    return text.count("\n", 0, offset) + 1


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset (columns count code points, as editors do).

    >>> line_and_column("one\\ntwo\\nthree", 9)
    (3, 2)
    """
    line_start = text.rfind("\n", 0, offset) + 1
    return line_of(text, offset), offset - line_start + 1


def lines_of(text: str, offsets: Iterable[int], most: int = 10) -> str:
    """The lines of the offsets, as "3, 17" (at most ``most`` of them, then "..."), counted in
    one pass over the text when the offsets come in order, as quotes are found.

    >>> lines_of("a\\nb\\nc\\nd", [0, 2, 6], most=2)
    '1, 2, ...'
    """
    lines: list[str] = []
    line, counted, total = 1, 0, 0
    for offset in offsets:
        total += 1
        if total > most:
            continue
        if offset < counted:
            line, counted = 1, 0
        line += text.count("\n", counted, offset)
        counted = offset
        lines.append(str(line))
    return ", ".join(lines) + (", ..." if total > most else "")
