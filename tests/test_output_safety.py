"""Untrusted text on the terminal: Rich markup prints as the very characters, and control
characters and ANSI escape codes never reach stdout or stderr raw (they are shown visibly);
JSON output escapes them too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import Run
from helpers import add_args, child_env, good_record, write
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
        "--note", HOSTILE["source-note"],
        "--quantity", "800 people",
        "--by", HOSTILE["by"],
    )  # fmt: skip
    assert source.exit_code == 0, source.stderr
    assert_no_escape(source)
    assert "Publisher\\x1b[31m" in source.stderr
    # source add refuses an address with control characters (and says so, escaped) ...
    refused = run(empty, "source", "add", "hostile", "--publisher", "P", "--url", HOSTILE["url"])
    assert refused.exit_code == 2
    assert_no_escape(refused)
    # ... but a record written by hand may hold one: it must be kept and shown safely too.
    from claimcheck.store import Store

    Store(empty).update(
        "hostile",
        lambda claim: claim.model_copy(
            update={"sources": [claim.sources[0].model_copy(update={"url": HOSTILE["url"]})]}
        ),
    )
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


# --- one finding, one line; nothing invisible; every output mode ------------------------------

# Invisible or line-breaking characters a terminal would obey or hide.
INVISIBLE = "\u200e\u200f\u061c\u200b\ufeff\u2028\u2029\u00ad"
# A file name and a key that would print a second, forged finding line, a GitHub Actions
# workflow command, a colour and invisible characters if shown raw.
FORGED_NAME = f"x\nforged.yaml:1:1: R001 forged\n::error file=a::pwned{CSI_RED}{INVISIBLE}.yaml"
FORGED_KEY = "k\\n::warning::forged\\u2028next\\e[31m\\u200b"
FORGED_CLAIMANT = "Some\\u200bbody\\u202e\\e[31m\\r\\n::error::x\\u00ad"
FINDING_HEAD = re.compile(r"^claims/\S.*?:\d+:\d+: [A-Z]\d{3} ")


def assert_safe(text: str) -> None:
    """No control character but the newline, no format character (bidi, invisible), no line
    or paragraph separator and no lone surrogate: decided here from the Unicode database, not
    from the code under test."""
    for char in text:
        category = unicodedata.category(char)
        unsafe = (category == "Cc" and char != "\n") or category in ("Cf", "Zl", "Zp", "Cs")
        assert not unsafe, f"U+{ord(char):04X} ({category}) in {text[:2000]!r}"


def assert_no_forged_line(text: str) -> None:
    for line in text.splitlines():
        assert not line.startswith("::"), line
        assert not line.startswith("forged.yaml"), line


@pytest.fixture
def forged(empty: Path) -> Path:
    write(empty, f"claims/{FORGED_NAME}", good_record("other"))  # R009: id and name differ
    write(empty, "claims/key.yaml", good_record("key") + f'"{FORGED_KEY}": 1\n')  # R006
    write(empty, "claims/who.yaml", good_record("who") + f'claimant: "{FORGED_CLAIMANT}"\n')
    return empty


def _findings(run: Run, root: Path) -> list[dict[str, object]]:
    result = run(root, "check", "--format", "json")
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def test_json_findings_keep_the_exact_names(run: Run, forged: Path) -> None:
    result = run(forged, "check", "--format", "json")
    assert_safe(result.stdout)
    found = json.loads(result.stdout)["findings"]
    assert f"claims/{FORGED_NAME}" in {f["path"] for f in found}
    assert any("k\n::warning::forged\u2028next\x1b[31m\u200b" in f["message"] for f in found)
    assert {f["code"] for f in found} >= {"R006", "R009", "A106"}


@pytest.mark.parametrize("output", ["full", "concise"])
def test_a_finding_is_one_line_for_people(run: Run, forged: Path, output: str) -> None:
    count = len(_findings(run, forged))
    result = run(forged, "check", "--format", output)
    assert result.exit_code == 1
    for stream in (result.stdout, result.stderr):
        assert_safe(stream)
        assert_no_forged_line(stream)
    heads = [line for line in result.stdout.splitlines() if FINDING_HEAD.match(line)]
    assert len(heads) == count
    if output == "concise":
        assert result.stdout.splitlines() == heads
    assert any(
        line.startswith("claims/x\\x0aforged.yaml:1:1: R001 forged\\x0a::") for line in heads
    )
    assert visibly(CSI_RED) in result.stdout
    assert "\\u200e\\u200f\\u061c\\u200b\\ufeff\\u2028\\u2029\\xad" in result.stdout


def test_a_finding_is_one_workflow_command_in_github(run: Run, forged: Path) -> None:
    count = len(_findings(run, forged))
    result = run(forged, "check", "--format", "github")
    assert_safe(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == count
    assert all(
        re.match(r"::(error|warning|notice) file=claims/[^:,]*,line=", line) for line in lines
    )


def test_sarif_is_safe_and_exact(run: Run, forged: Path) -> None:
    result = run(forged, "check", "--format", "sarif")
    assert_safe(result.stdout)
    (sarif_run,) = json.loads(result.stdout)["runs"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif_run["results"]
    }
    assert quote(f"claims/{FORGED_NAME}") in uris
    messages = " ".join(r["message"]["text"] for r in sarif_run["results"])
    assert "forged\u2028next\x1b[31m\u200b" in messages  # escaped in the text, exact decoded


def test_error_lines_on_stderr_are_one_line_each(run: Run, forged: Path) -> None:
    result = run(forged, "list")
    assert result.exit_code == 1
    assert_safe(result.stderr)
    assert_no_forged_line(result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 2  # the record named wrongly and the record with an unknown key
    assert all(re.match(r"claims/\S.*?:\d+:\d+: error: ", line) for line in lines)


@pytest.mark.parametrize("output", ["table", "json", "markdown"])
def test_report_escapes_file_names_and_invisible_characters(
    run: Run, forged: Path, output: str
) -> None:
    result = run(forged, "report", "--format", output)
    assert result.exit_code == 0
    for stream in (result.stdout, result.stderr):
        assert_safe(stream)
        assert_no_forged_line(stream)
    if output == "json":
        data = json.loads(result.stdout)
        assert data["summary"]["files_not_loaded"] == sorted(
            [f"claims/{FORGED_NAME}", "claims/key.yaml"]
        )
    elif output == "markdown":  # a newline is a space in a table cell
        assert "| claims/x forged.yaml:1:1: R001 forged ::error file=a::pwned" in result.stdout
    else:
        assert "x\\x0aforged.yaml:1:1: R001 forged\\x0a::error" in result.stdout
        assert visibly(CSI_RED) in result.stdout


def test_the_report_table_shows_each_finding_on_one_line(
    run: Run, forged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # so that the panel wraps nothing
    count = len(_findings(run, forged))
    text = run(forged, "report").stdout
    heads = [line for line in text.splitlines() if re.search(r"│ claims/\S.*?:\d+:\d+: ", line)]
    assert len(heads) == count


def test_markdown_report_has_one_row_per_finding(run: Run, forged: Path) -> None:
    count = len(_findings(run, forged))
    text = run(forged, "report", "--format", "markdown").stdout
    rows = text[text.index("## Findings") :].splitlines()[4:]
    assert len([row for row in rows if row.startswith("| claims/")]) == count == len(rows)


def test_the_hostile_record_in_every_mode(run: Run, hostile: Path) -> None:
    """The record full of markup and escapes, through every output mode of check and report."""
    edit = hostile / "claims" / "hostile.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("status: disputed", "status: x"))
    modes = [("check", o) for o in ("full", "concise", "json", "github", "sarif")]
    modes += [("report", o) for o in ("table", "json", "markdown")]
    for command, output in modes:
        result = run(hostile, command, "--format", output)
        assert result.exit_code in (0, 1), (command, output, result.output)
        for stream in (result.stdout, result.stderr):
            assert_safe(stream)
            if output != "github":  # whose lines are workflow commands, one per finding
                assert_no_forged_line(stream)
        assert "hostile" in result.stdout, (command, output)


# --- invisible characters, one by one ---------------------------------------------------------


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_each_invisible_character_is_escaped(char: str) -> None:
    from claimcheck.render.safe import inline, to_json, visible

    for shown in (visible(f"a{char}b"), inline(f"a{char}b")):
        assert shown != f"a{char}b" and shown.startswith("a\\") and shown.endswith("b")
    assert json.loads(to_json(f"a{char}b")) == f"a{char}b"
    assert to_json(f"a{char}b").isascii()


def test_whole_categories_are_escaped_not_a_list() -> None:
    from claimcheck.render.safe import inline, visible

    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            assert inline(char) != char, f"U+{code:04X}"
            assert visible(char) != char or char in "\n\t", f"U+{code:04X}"
        elif category in ("Ll", "Lo", "Nd", "Zs", "So"):
            assert inline(char) == char, f"U+{code:04X}"


def test_inline_keeps_newlines_out_and_visible_keeps_them() -> None:
    from claimcheck.render.safe import inline, visible

    assert inline("a\nb\r\tc\x85d") == "a\\x0ab\\x0d\\x09c\\x85d"
    assert visible("a\nb\tc\rd") == "a\nb\tc\\x0dd"
    # a byte that was not UTF-8 (surrogateescape) shows as the byte, never as a raw surrogate
    assert inline(b"caf\xe9".decode("utf-8", "surrogateescape")) == "caf\\xe9"


# --- output stays valid UTF-8 when a file name is not -----------------------------------------

NOT_UTF8 = b"claims/caf\xe9.yaml"


def _run_bytes(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", "--root", str(root), *args],
        env=child_env(env),
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def not_utf8(shipped: Path) -> Path:
    try:
        (shipped / os.fsdecode(NOT_UTF8)).write_text(good_record("cafe"), encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return shipped


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("check", "--format", "json"), {"PYTHONIOENCODING": "utf-8"}),
        (("check", "--format", "sarif"), {"PYTHONIOENCODING": "utf-8"}),
        (("check", "--format", "concise"), {"PYTHONIOENCODING": "utf-8"}),
        (("check", "--format", "full"), {"PYTHONIOENCODING": "utf-8"}),
        (("check", "--format", "json"), {"LC_ALL": "C", "PYTHONIOENCODING": ""}),
        (("report", "--format", "json"), {"PYTHONIOENCODING": "utf-8"}),
        (("report", "--format", "table"), {"PYTHONIOENCODING": "utf-8"}),
        (("list",), {"PYTHONIOENCODING": "utf-8"}),
    ],
)
def test_output_is_valid_utf8_when_a_file_name_is_not(
    not_utf8: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    result = _run_bytes(not_utf8, *args, env=env)
    assert result.returncode in (0, 1), result.stderr
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # strict
    assert "Traceback" not in stderr
    assert "caf\\xe9" in stdout + stderr or "caf%E9" in stdout or "caf\\udce9" in stdout
    if args[-1] == "json" and args[0] == "check":
        paths = {f["path"] for f in json.loads(stdout)["findings"]}
        assert os.fsdecode(NOT_UTF8) in paths  # the exact name, for whoever reads the JSON


def test_streams_never_fail_on_what_they_cannot_encode() -> None:
    code = (
        "from claimcheck.cli import _utf8_safe_streams; _utf8_safe_streams(); "
        "print('caf\\udce9 \\u00e9'); import sys; print('x\\udc80', file=sys.stderr)"
    )
    for encoding in ("utf-8", "ascii"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=child_env({"PYTHONIOENCODING": encoding}),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode(encoding).startswith("caf\\udce9 ")
        assert result.stderr.decode(encoding) == "x\\udc80\n"


def test_the_net_under_the_renderers_escapes_what_they_left_raw() -> None:
    """What the CLI prints goes through Escaped: a renderer that forgot to escape a value still
    prints it escaped, and Rich's own colours still reach the terminal."""
    import io

    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from claimcheck.render.safe import Escaped

    table = Table()
    table.add_column(f"head{CSI_RED}")
    table.add_row(f"cell{OSC_TITLE}\u200b")
    raw = Group(Text(f"a{CSI_RED}b{INVISIBLE}", style="red"), table)
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="standard", width=80).print(Escaped(raw))
    shown = buffer.getvalue()
    assert "a\\x1b[31mb\\u200e" in shown and "cell\\x1b]0;title\\u200b" in shown  # Rich drops BEL
    assert "head\\x1b[31m" in shown
    assert "\x1b[31m" in shown  # the style, from Rich
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert_safe(without_styles)


def test_the_cli_prints_through_the_net(
    run: Run, forged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo the report's own escaping of the findings panel: the place still prints escaped."""
    import claimcheck.render.report

    monkeypatch.setattr(claimcheck.render.report, "inline", lambda text: text)
    result = run(forged, "report")
    assert result.exit_code == 0
    assert_safe(result.stdout)
    assert visibly(CSI_RED) in result.stdout


def test_an_import_shows_each_change_on_one_line(run: Run, shipped: Path, tmp_path: Path) -> None:
    from exchangekit import CLAIMS_SEARCH

    search = json.loads(json.dumps(CLAIMS_SEARCH))
    search[1]["claims"][0]["text"] = f"Forged\n::error::x\nwould create claims/z.yaml{INVISIBLE}"
    path = tmp_path / "search.json"
    path.write_text(json.dumps(search), encoding="utf-8")
    result = run(shipped, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert_safe(result.stdout)
    assert_no_forged_line(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and sum(line.startswith("would create claims/") for line in lines) == 1
    assert "Forged\\x0a::error::x\\x0awould create claims/z.yaml\\u200e" in result.stdout
