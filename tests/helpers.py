"""Shared helpers for the tests: quotes that stand once in the article, hand-written records,
reading records back, and running the real command in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import Result

from claimcheck.yamlio import parse_yaml

ARTICLE = "seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt"
ARTICLE_DATE = dt.date(2016, 12, 21)

# Quotes that stand exactly once in the article.
Q_37500 = "brought out 37,500 people"
Q_750 = "750 people had also been evacuated from Fuaa and Kafraya"
Q_400K = "killed more than 400,000 people"
Q_LAVROV = "Lavrov welcomed Turkish Foreign Minister Mevlut Cavusoglu"
Q_DAYS = "a question of one or a maximum of two days"

# The classic alias bomb: nine levels of nine references, a billion strings if expanded.
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

GOOD_RECORD = """\
id: {id}
claim: {claim}
anchor:
  document: seeds/2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt
  exact: brought out 37,500 people
status: unverified
"""


def good_record(claim_id: str, claim: str = "A claim that loads.") -> str:
    """The text of a small valid record (hand-written, so not in canonical form)."""
    return GOOD_RECORD.format(id=claim_id, claim=claim)


def messy_record(claim_id: str) -> str:
    """A valid record that fmt rewrites: fields out of order, quoted, a flow mapping."""
    return (
        "status: unverified\n"
        "claim: 'A claim that loads.'\n"
        f"id: {claim_id}\n"
        f"anchor: {{document: {ARTICLE}, exact: '{Q_37500}'}}\n"
    )


def write(root: Path, relpath: str, content: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def record_file(root: Path, claim_id: str) -> Path:
    return root / "claims" / f"{claim_id}.yaml"


def record_data(root: Path, claim_id: str) -> dict[str, Any]:
    """A record's file read back as plain data (dates as date/datetime objects)."""
    data = parse_yaml(record_file(root, claim_id).read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return data


def json_data(value: Any) -> Any:
    """YAML data as JSON data: dates and times as ISO text."""
    if isinstance(value, dict):
        return {str(key): json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_data(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def add_args(
    claim: str, quote: str, *extra: str, document: str = ARTICLE, by: str = "tester"
) -> list[str]:
    return [
        "add",
        "--claim",
        claim,
        "--document",
        document,
        "--quote",
        quote,
        "--by",
        by,
        "--no-input",
        *extra,
    ]


def new_id(result: Result) -> str:
    """The id of the claim that 'add' printed."""
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("id: "), result.stdout
    return first.removeprefix("id: ")


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def cli(
    root: Path | None,
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """The real command in a new process: ``python -m claimcheck [--root ROOT] ARGS``."""
    argv = [sys.executable, "-m", "claimcheck"]
    if root is not None:
        argv += ["--root", str(root)]
    return subprocess.run(
        [*argv, *args],
        cwd=cwd,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CLAIMCHECK_ROOT", "FORCE_COLOR")
    }
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"})
    env.update(extra or {})
    return env


def nonsense_words(count: int, seed: int = 0) -> str:
    """Words of no language (no vowels), none of them in the article."""
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(3, 8)))
        for _ in range(count)
    )
