"""How claimcheck's results show in a notebook: small HTML tables, every text escaped.

Jupyter calls an object's ``_repr_html_``; the claims, the check result and the report build
theirs here. Text from records (a claim, a message) is escaped with ``html.escape``, so a
record holding ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["html_table"]

MAX_ROWS = 50  # a notebook cell is no place for 10,000 rows: the rest are counted


def html_table(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table with a caption, every cell escaped.

    >>> html_table("1 row", ("text",), [("<b>",)])
    '<table><caption>1 row</caption><tr><th>text</th></tr><tr><td>&lt;b&gt;</td></tr></table>'
    """
    parts = [f"<table><caption>{html.escape(caption)}</caption><tr>"]
    parts += [f"<th>{html.escape(name)}</th>" for name in header]
    parts.append("</tr>")
    left = 0
    for number, row in enumerate(rows):
        if number >= MAX_ROWS:
            left += 1
            continue
        cells = "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row)
        parts.append(f"<tr>{cells}</tr>")
    if left:
        parts.append(f'<tr><td colspan="{len(header)}">… and {left} more</td></tr>')
    parts.append("</table>")
    return "".join(parts)
