"""Which format a file to import is in, told from its content, and reading it in that format.

CSV is known by claimcheck's header line; JSON is a Fact Check Tools response (an object with
``claims``, or a list of them) or else ClaimReview JSON-LD. A format given with ``--format`` is
read as that format, and a file that is not in it gets an error saying so.
"""

from __future__ import annotations

from pathlib import Path

from ..vocab import ImportFormat
from .claimreview import read_claimreview
from .csvio import looks_like_csv, read_csv
from .factcheck_api import is_factcheck_api, read_factcheck_api
from .incoming import ReadResult
from .ratings import RatingsSettings
from .readfile import InputError, parse_json, read_import_file


def detect_format(text: str, name: str) -> ImportFormat:
    if looks_like_csv(text):
        return ImportFormat.CSV
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        raise InputError(
            "cannot tell the format: not JSON, and not CSV with claimcheck's header "
            "(id,claim,... or claim_id,claim,...); give --format",
            name,
            1,
            1,
        )
    data = parse_json(text, name)
    return ImportFormat.FACTCHECK_API if is_factcheck_api(data) else ImportFormat.CLAIMREVIEW


def read_input(path: Path, given: ImportFormat | None, settings: RatingsSettings) -> ReadResult:
    """Every item of the file, checked; one located error for anything wrong in it."""
    name = str(path)
    text = read_import_file(path)
    chosen = given or detect_format(text, name)
    if chosen is ImportFormat.CSV:
        if not looks_like_csv(text):
            raise InputError(
                "not claimcheck CSV: the first line must be the header claimcheck export "
                "writes (id,claim,... or claim_id,claim,...)",
                name,
                1,
            )
        return read_csv(text, name)
    data = parse_json(text, name)
    try:
        return _read_json(data, chosen, name, settings)
    except RecursionError:  # JSON nested almost as deep as the parser allows
        raise InputError("nested too deeply to read", name) from None


def _read_json(
    data: object, chosen: ImportFormat, name: str, settings: RatingsSettings
) -> ReadResult:
    if chosen is ImportFormat.FACTCHECK_API:
        if not is_factcheck_api(data):
            raise InputError(
                'at $: not a Fact Check Tools response (expected {"claims": [...]} or a list '
                "of them)",
                name,
            )
        return read_factcheck_api(data, name, settings)
    return read_claimreview(data, name, settings)
