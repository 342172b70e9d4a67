"""Untrusted text on the terminal: Rich markup prints as the very characters, and control
characters and ANSI escape codes never reach stdout or stderr raw (they are shown visibly);
JSON output escapes them too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run
from helpers import add_args, good_record, write
from typer.testing import Result

CSI_RED = "\x1b[31m"  # colour
OSC_TITLE = "\x1b]0;title\x07"  # set the window title
C1_CSI = "\x9b2J"  # the one-byte CSI: clear the screen
MARKUP = "[bold red]x[/bold red]"
LINK = "[link=http://evil]click[/link]"

DOCUMENT = (
    "A first paragraph.\n\n"
    f"The {MARKUP} and {LINK} words {CSI_RED}red and {OSC_TITLE} end here.\n\n"
    "A last paragraph.\n"
)
QUOTE = f"{MARKUP} and {LINK} words {CSI_RED}red"
CLAIM = f"{MARKUP} {LINK} {CSI_RED}red{OSC_TITLE} {C1_CSI}"

# Every piece of untrusted text given to the commands, by option.
HOSTILE = {
    "claimant": f"[italic]Claimant{CSI_RED}",
    "subject": f"[underline]subject{OSC_TITLE}",
    "measure": f"[strike]measure{C1_CSI}",
    "tag": f"[blink]tag{CSI_RED}",
    "note": f"[red]first note{CSI_RED}",
    "by": f"[b]Recorder{CSI_RED}",
    "publisher": f"[bold]Publisher{CSI_RED}",
    "via": f"[i]Agency{OSC_TITLE}",
    "source-measure": f"[dim]counted{CSI_RED}",
    "url": f"https://example.org/[x]{OSC_TITLE}",
    "source-note": f"[green]source note{CSI_RED}",
    "status-note": f"{LINK} status note{OSC_TITLE}",
    "status-by": f"[b]Reviewer{C1_CSI}",
    "title": f"[bold]Title{CSI_RED}",
}


@pytest.fixture
def hostile(run: Run, empty: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    write(empty, "seeds/hostile.txt", DOCUMENT)
    write(
        empty,
        "seeds/hostile.txt.meta.yaml",
        f"title: {json.dumps(HOSTILE['title'])}\npublished: 2020-02-02\n",
    )
    added = run(
        empty,
        *add_args(CLAIM, QUOTE, document="seeds/hostile.txt", by=HOSTILE["by"]),
        "--id", "hostile",
        "--claimant", HOSTILE["claimant"],
        "--subject", HOSTILE["subject"],
        "--measure", HOSTILE["measure"],
        "--tag", HOSTILE["tag"],
        "--note", HOSTILE["note"],
        "--quantity", "about 750 people",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert_no_escape(added)
    source = run(
        empty, "source", "add", "hostile",
        "--publisher", HOSTILE["publisher"],
        "--via", HOSTILE["via"],
        "--measure", HOSTILE["source-measure"],
        "--url", HOSTILE["url"],
        "--note", HOSTILE["source-note"],
        "--quantity", "800 people",
        "--by", HOSTILE["by"],
    )  # fmt: skip
    assert source.exit_code == 0, source.stderr
    assert_no_escape(source)
    assert "Publisher\\x1b[31m" in source.stderr
    status = run(
        empty, "status", "hostile", "disputed",
        "--note", HOSTILE["status-note"],
        "--by", HOSTILE["status-by"],
    )  # fmt: skip
    assert status.exit_code == 0, status.stderr
    assert_no_escape(status)
    return empty


def assert_no_escape(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream
        assert "\x9b" not in stream
        assert "\x07" not in stream


def flat(text: str) -> str:
    """The text without box drawing and with white space collapsed, so that a string a table
    wrapped at a space reads whole again."""
    return " ".join(
        text.translate({ord(c): " " for c in "\u2502\u2500\u256d\u256e\u2570\u256f"}).split()
    )


def visibly(text: str) -> str:
    return text.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\x9b", "\\x9b")


def test_the_records_keep_the_text_exactly(hostile: Path) -> None:
    from claimcheck.store import Store

    claim = Store(hostile).get("hostile").claim
    assert claim.claim == CLAIM
    assert claim.anchor.exact == QUOTE
    assert claim.sources[0].publisher == HOSTILE["publisher"]
    assert claim.history[-1].note == HOSTILE["status-note"]
    raw = (hostile / "claims" / "hostile.yaml").read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw  # YAML escapes them in the file too


def test_list_table(run: Run, hostile: Path) -> None:
    result = run(hostile, "list")
    assert result.exit_code == 0
    assert_no_escape(result)
    out = flat(result.stdout)
    assert MARKUP in out
    assert LINK in out
    assert visibly(f"{CSI_RED}red{OSC_TITLE}") in out


def test_list_json(run: Run, hostile: Path) -> None:
    result = run(hostile, "list", "--format", "json")
    assert result.exit_code == 0
    assert_no_escape(result)
    assert "\\u001b[31m" in result.stdout and "\\u009b" in result.stdout
    [item] = json.loads(result.stdout)
    assert item["claim"] == CLAIM  # escaped in the text, exact once decoded
    assert item["sources"][0]["publisher"] == HOSTILE["publisher"]
    assert item["history"][-1]["note"] == HOSTILE["status-note"]


def test_show_table_every_panel_and_table(
    run: Run, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # wide enough that no cell is folded inside a word
    result = run(hostile, "show", "hostile")
    assert result.exit_code == 0
    assert_no_escape(result)
    out = flat(result.stdout)
    # the claim panel
    assert MARKUP in out and LINK in out
    for key in ("claimant", "subject", "measure", "tag", "title"):
        assert visibly(HOSTILE[key]) in out, key
    # the quote panel
    assert visibly(QUOTE) in out
    assert visibly(f"{CSI_RED}red and {OSC_TITLE} end here.") in out
    # the sources table
    for key in ("publisher", "via", "source-measure", "url"):
        assert visibly(HOSTILE[key]) in out, key
    # the history table
    for key in ("note", "by", "source-note", "status-note", "status-by"):
        assert visibly(HOSTILE[key]) in out, key


def test_show_json(run: Run, hostile: Path) -> None:
    result = run(hostile, "show", "hostile", "--format", "json")
    assert result.exit_code == 0
    assert_no_escape(result)
    data = json.loads(result.stdout)
    assert data["claim"] == CLAIM
    assert data["context"]["quote"] == QUOTE
    assert OSC_TITLE in data["context"]["after"]
    assert [h["by"] for h in data["history"]] == [
        HOSTILE["by"],
        HOSTILE["by"],
        HOSTILE["status-by"],
    ]


def test_add_output_escapes_control_characters(run: Run, hostile: Path) -> None:
    result = run(hostile, *add_args(f"Again {CSI_RED}{OSC_TITLE}", QUOTE,
                                    document="seeds/hostile.txt"))  # fmt: skip
    assert result.exit_code == 0
    assert_no_escape(result)
    assert 'claim: "Again \\e[31m\\e]0;title\\a"' in result.stdout


def test_errors_show_hostile_text_visibly(run: Run, hostile: Path) -> None:
    not_found = run(hostile, *add_args("x", f"{CSI_RED}not there", document="seeds/hostile.txt"))
    assert not_found.exit_code == 2
    assert_no_escape(not_found)
    assert "\\x1b[31mnot there" in not_found.stderr
    write(hostile, "claims/odd.yaml", good_record("odd") + '"[bold]\\e[31mfield": 1\n')
    write(hostile, f"claims/{CSI_RED}name.yaml", good_record("name"))
    listed = run(hostile, "list")
    assert listed.exit_code == 1
    assert_no_escape(listed)
    lines = listed.stderr.splitlines()
    assert any(line.startswith("claims/\\x1b[31mname.yaml:1:1: error: id 'name'") for line in lines)
    assert any("unknown field '[bold]\\x1b[31mfield'" in line for line in lines)


def test_a_status_of_escape_codes_is_refused_visibly(run: Run, hostile: Path) -> None:
    result = run(hostile, "status", "hostile", f"{CSI_RED}x", "--note", "n")
    assert result.exit_code == 2
    assert_no_escape(result)
