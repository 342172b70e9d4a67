"""The report as a self-contained HTML page (``claimcheck report --format html``).

``page`` builds the page from the shared report model; ``forest`` computes each chart's
geometry; ``templates/`` holds the Jinja2 templates, the stylesheet and the script, all inlined
into the one file.
"""

from __future__ import annotations

from .page import report_html

__all__ = ["report_html"]
