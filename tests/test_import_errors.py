"""claimcheck import refuses bad input with one located error (file, and line and column or
the JSON path) and exit code 2, before anything in the registry is touched."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, snapshot
from exchangekit import CLAIMS_SEARCH, GRAPH, write_json
from helpers import error_lines

BAD_JSON: dict[str, tuple[str | bytes, str]] = {
    "not-json": ("claims: nope\n", r":1:1: error: cannot tell the format"),
    "broken-json": ('{"claims": [\n  {"text": "x",,}]}', r":2:16: error: not valid JSON"),
    "wrong-shape": ('{"claims": {"text": "x"}}', r": error: at \$\.claims: expected a list"),
    "missing-text": ('{"claims": [{"claimant": "x"}]}',
                     r": error: at \$\.claims\[0\]\.text: 'text' is missing"),
    "text-not-text": ('{"claims": [{"text": 5}]}', r"at \$\.claims\[0\]\.text: expected text"),
    "missing-claim-reviewed": ('{"@type": "ClaimReview", "reviewRating": {"alternateName": "F"}}',
                               r"at \$\.claimReviewed: 'claimReviewed' is missing"),
    "missing-rating": ('[{"@type": "ClaimReview", "claimReviewed": "x", "url": "https://a.b"}]',
                       r"at \$\[0\]\.reviewRating: 'reviewRating' is missing"),
    "no-claimreview": ('{"@context": "https://schema.org", "@type": "WebPage"}',
                       r"at \$: no ClaimReview in the file"),
    "bad-date": ('{"claims": [{"text": "x", "claimDate": "yesterday"}]}',
                 r"at \$\.claims\[0\]\.claimDate: 'yesterday' is not a date"),
    "escape-code": ('{"claims": [{"text": "red \\u001b[31m text"}]}',
                    r"at \$\.claims\[0\]\.text: the text holds the control character U\+001B"),
    "direction-mark": ('{"claims": [{"text": "abc \\u202e cba"}]}', r"U\+202E"),
    "html-markup": ('{"claims": [{"text": "<script>alert(1)</script> 37,500"}]}',
                    r"holds HTML markup"),
    "duplicate-key": ('{"claims": [], "claims": []}', r"the key 'claims' is given twice"),
    "nan": ('{"claims": [{"text": "x", "claimReview": [{"publisher": {"name": "P"}, '
            '"x": NaN}]}]}', r"NaN is not a number JSON allows"),
    "invalid-utf8": (b'{"claims": [\n{"text": "caf\xe9"}]}', r":2:14: error: invalid UTF-8"),
    "utf16": ('{"claims": []}'.encode("utf-16"), r"invalid UTF-8"),
    "empty": ("", r"cannot tell the format"),
    "nested-too-deeply": ("[" * 100_000 + "]" * 100_000, r"nested too deeply"),
    "csv-unknown-column": ("id,claim,status,colour\r\nx,y,refuted,red\r\n",
                           r":1: error: unknown or repeated columns \['colour'\]"),
    "csv-bad-date": ("id,claim,status,as_of\r\nx,A claim.,refuted,2016-13-45\r\n",
                     r":2: error: as_of: '2016-13-45' is not a date"),
    "csv-bad-status": ("id,claim,status\r\nx,A claim.,refuted\r\ny,B.,maybe\r\n",
                       r":3: error: status: 'maybe' is not one of"),
    "csv-bad-quantity": ("claim_id,claim,publisher,quantity\r\nx,A.,P,lots\r\n",
                         r":2: error: quantity: 'lots' is not a quantity"),
    "csv-short-row": ("id,claim,status\r\nx,A claim.\r\n", r":2: error: the row has 2 cells"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_bad_input_is_one_located_error_and_changes_nothing(
    run: Run, shipped: Path, tmp_path: Path, case: str
) -> None:
    content, pattern = BAD_JSON[case]
    path = tmp_path / "bad-input"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "import", str(path))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(str(path)), line
    assert re.search(pattern, line), line
    assert "Traceback" not in result.output
    assert snapshot(shipped) == before


def test_a_50_mb_file_is_refused_while_reading(run: Run, shipped: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"claims": [')
        handle.truncate(50 * 1024 * 1024)  # sparse: quick to make
    before = snapshot(shipped)
    result = run(shipped, "import", str(path))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "import is limited to 32 MiB" in line and line.startswith(str(path))
    assert snapshot(shipped) == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing"])
def test_only_regular_files_are_read(run: Run, shipped: Path, tmp_path: Path, kind: str) -> None:

    path = tmp_path / "input"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(path)
    result = run(shipped, "import", str(path))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(str(path))


def test_a_bad_item_late_in_the_file_changes_nothing(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    pages = json.loads(json.dumps(CLAIMS_SEARCH))
    pages[1]["claims"][0]["claimReview"][1]["reviewDate"] = "not a date"
    before = snapshot(shipped)
    result = run(shipped, "import", str(write_json(tmp_path / "s.json", pages)))
    assert result.exit_code == 2
    assert "$[1].claims[0].claimReview[1].reviewDate" in result.stderr
    assert snapshot(shipped) == before


def test_a_record_with_a_comment_stops_the_import_before_any_write(
    run: Run, shipped: Path, tmp_path: Path
) -> None:
    path = shipped / "claims" / "syria-war-deaths.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "import", str(write_json(tmp_path / "s.json", CLAIMS_SEARCH)))
    assert result.exit_code == 2 and "YAML comment" in result.stderr
    assert snapshot(shipped) == before


@pytest.mark.parametrize(
    ("data", "given", "words"),
    [
        (GRAPH, "factcheck-api", "not a Fact Check Tools response"),
        (GRAPH, "csv", "not claimcheck CSV"),
        (CLAIMS_SEARCH, "claimreview", "no ClaimReview in the file"),
    ],
)
def test_a_format_given_is_the_format_read(
    run: Run, shipped: Path, tmp_path: Path, data: Any, given: str, words: str
) -> None:
    before = snapshot(shipped)
    result = run(shipped, "import", str(write_json(tmp_path / "x.json", data)), "--format", given)
    assert result.exit_code == 2 and words in result.stderr
    assert snapshot(shipped) == before
