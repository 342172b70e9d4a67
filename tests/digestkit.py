"""A generated registry with every kind of problem planted, for tests that compare whole outputs.

``benchmarks/generate.py`` makes a registry whose only findings are its planted conflicts;
``make_registry`` then edits it, the same way every time, so that a check meets broken files,
duplicate ids, missing documents, moved quotes, unknown wholes, a broken sidecar and claims
without a document or a date. The outputs of ``check --format json`` and ``report --format
json`` on it were saved (``tests/data/``) by the engine that loaded every record at once, before
the engine worked claim by claim: a test comparing against them holds the rewrite to the same
answers.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GENERATED_CLAIMS = 300
SEED = 0


def generate(root: Path, claims: int = GENERATED_CLAIMS, seed: int = SEED) -> Path:
    """Write a registry of ``claims`` generated claims at ``root``."""
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            str(root),
            "--claims",
            str(claims),
            "--seed",
            str(seed),
            "--jobs",
            "1",
        ],
        check=True,
        capture_output=True,
    )
    return root


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise AssertionError(f"{path.name}: {pattern!r} not found")
    path.write_text(changed, encoding="utf-8")


def plant_problems(root: Path, seed: int = SEED) -> None:
    """Edit a generated registry so that every family of rules has something to find."""
    rng = random.Random(seed)
    files = sorted((root / "claims").glob("*.yaml"))
    picked = rng.sample(files, 19)
    broken_syntax, unknown_field, bad_status, duplicate, misnamed = picked[:5]
    no_document, moved_quote, stale, unknown_whole, undated = picked[5:10]
    no_anchor, wrong_quote, hedged, schema = picked[10:14]
    future, restated, bad_url, unnamed, _ = picked[14:19]
    part = next(path for path in files if "\npart_of: " in path.read_text(encoding="utf-8"))

    broken_syntax.write_text(broken_syntax.read_text(encoding="utf-8") + "claim: [\n")
    _edit(unknown_field, r"^status:", "staus: supported\nstatus:")
    _edit(bad_status, r"^status: .*$", "status: mostly-true")
    duplicate.with_suffix(".yml").write_bytes(duplicate.read_bytes())
    misnamed.rename(misnamed.with_name("renamed-" + misnamed.name))
    _edit(no_document, r"^  document: .*$", "  document: seeds/no-such-article.txt")
    _edit(moved_quote, r"^  start: (\d+)$", "  start: 3")
    _edit(stale, r"^  prefix: .*$", "  prefix: 'not the words before it '")
    _edit(unknown_whole, r"^cumulative:", "part_of: no-such-claim\ncumulative:")
    _edit(undated, r"^as_of: .*\n", "")
    text = no_anchor.read_text(encoding="utf-8")
    no_anchor.write_text(re.sub(r"^anchor:\n(  .*\n)+", "", text, flags=re.MULTILINE))
    _edit(wrong_quote, r"^  exact: (.*)$", "  exact: words that were never in the article")
    _edit(hedged, r"^quantity: (.*)$", "quantity: more than 1 people")
    _edit(schema, r"^quantity: (.*)$", "quantity: lots of people")
    _edit(future, r"^as_of: .*$", "as_of: 2030-01-01")
    _edit(restated, r"^status: .*$", "status: refuted")
    _edit(bad_url, r"^    url: .*$", "    url: htp:/not a web address")
    _edit(unnamed, r"^claimant: .*$", "claimant: Nobody Atall")
    _edit(part, r"^quantity: [^0-9]*[0-9][0-9,.]*", "quantity: more than 999,999,999")

    # One document loses its entry in claimcheck.yaml and gets a sidecar with a misspelt key.
    settings = root / "claimcheck.yaml"
    text = settings.read_text(encoding="utf-8")
    entry = re.search(r"^  (seeds/[^:]+):\n((    .*\n)+)", text, flags=re.MULTILINE)
    assert entry is not None
    text = text.replace(entry.group(0), "")
    # the last entry gone, the mapping is written empty, not left as null
    settings.write_text(re.sub(r"^documents:\n(?! )", "documents: {}\n", text, flags=re.M))
    (root / (entry.group(1) + ".meta.yaml")).write_text(
        entry.group(2).replace("    ", "").replace("published:", "publshed:"), encoding="utf-8"
    )
    (root / "claimcheck.yaml").write_text(
        settings.read_text(encoding="utf-8") + "severity: {S105: warning}\n", encoding="utf-8"
    )


def make_registry(root: Path) -> Path:
    """The generated registry with its problems planted."""
    generate(root)
    plant_problems(root)
    return root
