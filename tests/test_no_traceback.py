"""No command ends in a traceback, whatever it is given: every command is driven with hostile
records, settings, sidecars and options, and must exit 0, 1 or 2 with no traceback. An error
claimcheck did not expect is a bug: one line saying so and where, exit code 2 (never 1, which
means findings), and the traceback only with --debug or CLAIMCHECK_DEBUG=1."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE, Run
from helpers import Q_37500, add_args, child_env, good_record, write
from typer.testing import Result

GOOD = good_record("bad")
HUGE = "9" * 5000  # past Python's limit for turning digits into an int
SOURCE = "sources:\n  - publisher: P\n"

# Records that are each wrong in their own way (more of them in test_bad_input.py).
RECORDS: dict[str, str | bytes] = {
    "huge-integer": GOOD + f"quantity: {{value: {HUGE}}}\n",
    "huge-integer-in-a-source": GOOD + SOURCE + f"    quantity: {HUGE}\n",
    "huge-integer-as-a-claim": GOOD.replace("A claim that loads.", HUGE),
    "datetime-past-the-end": GOOD.replace("status: unverified\n", "")
    + "status: unverified\nhistory:\n  - at: 9999-12-31T23:59:59-12:00\n"
    "    status: unverified\n    by: x\n",
    "datetime-before-the-start": GOOD.replace("status: unverified\n", "")
    + "status: unverified\nhistory:\n  - at: 0001-01-01T00:00:00+14:00\n"
    "    status: unverified\n    by: x\n",
    "date-of-year-one": GOOD + "as_of: 0001-01-01\n",
    "date-of-year-9999": GOOD + "as_of: 9999-12-31\n",
    "nul-in-the-document": GOOD.replace(f"document: {ARTICLE}", 'document: "seeds/a\\0b.txt"'),
    "document-outside": GOOD.replace(f"document: {ARTICLE}", "document: ../../../etc/passwd"),
    "document-absolute": GOOD.replace(f"document: {ARTICLE}", "document: /etc/passwd"),
    "document-a-folder": GOOD.replace(f"document: {ARTICLE}", "document: seeds"),
    "document-home": GOOD.replace(f"document: {ARTICLE}", "document: ~nosuchuser/x.txt"),
    "bad-url": GOOD + SOURCE + "    url: 'http://[::1'\n",
    "bad-url-port": GOOD + SOURCE + "    url: 'http://x:99999999/'\n",
    "deep-nesting": GOOD + "tags: " + "[" * 3000 + "]" * 3000 + "\n",
    "binary": bytes(range(256)) * 4,
    "byte-order-mark": "\ufeff" + GOOD,
    "huge-line": GOOD.replace("A claim that loads.", "x" * 100_000),
    "sources-a-number": GOOD + "sources: 5\n",
    "history-of-numbers": GOOD + "history: [1, 2]\n",
    "quantity-a-list": GOOD + "quantity: [1, 2]\n",
    "quantity-odd-text": GOOD + "quantity: 'between 5 and'\n",
    "quantity-huge-exponent": GOOD + "quantity: '1e999999 people'\n",
    "part-of-itself": GOOD + "part_of: bad\n",
    "offsets-wrong": GOOD.replace("status:", f"  start: {HUGE}\n  end: -1\nstatus:"),
    "key-with-escapes": GOOD + '"\\e[31m\\n::error::x\\u202e": 1\n',
    "integer-key": GOOD + "1: a\ntrue: b\n",
}

SETTINGS: dict[str, str | bytes] = {
    "huge-tolerance": f"tolerance: {HUGE}\n",
    "tolerance-text": "tolerance: lots\n",
    "tolerance-nan": "tolerance: .nan\n",
    "select-typo": "select: [Q]\n",
    "select-a-number": "select: 5\n",
    "severity-unknown": "severity: {A101: loud}\n",
    "per-file-ignores-a-list": "per-file-ignores: [a]\n",
    "per-file-ignores-bad-code": "per-file-ignores: {'*': [Z]}\n",
    "nothing-selected": "ignore: [ALL]\n",
    "documents-a-list": "documents: [1]\n",
    "document-of-year-one": f"documents: {{{ARTICLE}: {{published: 0001-01-01}}}}\n",
    "document-huge-integer": f"documents: {{{ARTICLE}: {{published: {HUGE}}}}}\n",
    "a-list": "- 1\n",
    "binary": b"\xff\xfe\x00\x01",
    "unknown-key": "colour: red\n",
}

SIDECARS: dict[str, str | bytes] = {
    "misspelt": "publshed: 2016-12-21\n",
    "year-one": "published: 0001-01-01\n",
    "huge-integer": f"published: {HUGE}\n",
    "binary": b"\xff\xfe",
    "a-list": "- 1\n",
}

# What every command is run as against each hostile registry.
COMMANDS: list[tuple[str, ...]] = [
    ("list",),
    ("show", "bad"),
    ("check", "--format", "json"),
    ("check", "--fix"),
    ("report",),
    ("fmt", "--check"),
    ("status", "bad", "supported", "--note", "n"),
    ("source", "add", "bad", "--publisher", "P", "--quantity", "5"),
    ("export", "--format", "claimreview", "--base-url", "https://example.org/"),
    ("export", "--format", "csv", "--sources"),
]


def assert_ended_cleanly(result: Result, what: object) -> None:
    assert result.exit_code in (0, 1, 2), (what, result.exit_code, result.output)
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, (what, stream)
    if result.exit_code == 2:
        assert result.output.strip(), what  # a reason (or the help), always


def drive(run: Run, root: Path, name: str) -> None:
    for command in COMMANDS:
        assert_ended_cleanly(run(root, *command), (name, command))


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_hostile_record(run: Run, empty: Path, name: str) -> None:
    write(empty, "claims/bad.yaml", RECORDS[name])
    drive(run, empty, name)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_hostile_settings(run: Run, empty: Path, name: str) -> None:
    write(empty, "claims/bad.yaml", GOOD)
    write(empty, "claimcheck.yaml", SETTINGS[name])
    drive(run, empty, name)


@pytest.mark.parametrize("name", sorted(SIDECARS))
def test_a_hostile_sidecar(run: Run, empty: Path, name: str) -> None:
    write(empty, "claims/bad.yaml", GOOD)
    write(empty, "claimcheck.yaml", "")
    write(empty, f"{ARTICLE}.meta.yaml", SIDECARS[name])
    drive(run, empty, name)


def test_every_output_mode_of_a_hostile_registry(run: Run, empty: Path) -> None:
    for name, content in RECORDS.items():
        write(empty, f"claims/{name}.yaml", content)
    for output in ("full", "concise", "json", "github", "sarif"):
        assert_ended_cleanly(run(empty, "check", "--format", output), output)
    for output in ("table", "json", "markdown"):
        assert_ended_cleanly(run(empty, "report", "--format", output), output)
    for output in ("table", "json"):
        assert_ended_cleanly(run(empty, "list", "--format", output), output)
    for output in ("claimreview", "csv", "json"):
        assert_ended_cleanly(run(empty, "export", "--format", output), output)


def odd_options(root: Path, tmp: Path) -> list[tuple[str, ...]]:
    (tmp / "a-file").write_text("x", encoding="utf-8")
    imports = {
        "binary.json": bytes(range(256)),
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "huge.json": b'{"claimReviewed": "x", "reviewRating": {"ratingValue": '
        + b"9" * 5000
        + b"}}",
        "empty.csv": b"",
        "formula.csv": b'id,claim\n=cmd|"/c calc"!A1,x\n',
        "escapes.json": '{"claimReviewed": "\u001b[31m\u2028::error::x"}'.encode(),
        "not-utf8.csv": b"id,claim\ncaf\xe9,x\n",
    }
    for name, content in imports.items():
        (tmp / name).write_bytes(content)
    (tmp / "latin1").mkdir()
    (tmp / "latin1" / ".gitignore").write_bytes(b"caf\xe9\n")
    claim = "aleppo-evacuated-total"
    return [
        ("--root", str(tmp / "no" / "such"), "list"),
        ("--root", "~nosuchuser", "list"),
        ("--root", "~nosuchuser/x", "check"),
        ("--root", str(tmp / "a-file"), "check"),
        ("--root", str(root), "check", "--format", "bogus"),
        ("--root", str(root), "check", "--select", ""),
        ("--root", str(root), "check", "--select", ",,,"),
        ("--root", str(root), "check", "--select", "A106", "--ignore", "A106"),
        ("--root", str(root), "check", "--ignore", "ALL"),
        ("--root", str(root), "check", "--select", "\x1b[31m"),
        ("--root", str(root), "check", "/etc/passwd"),
        ("--root", str(root), "check", "~nosuchuser/x.yaml"),
        ("--root", str(root), "check", str(root / "no-such.yaml")),
        ("--root", str(root), "check", str(root / "seeds")),
        ("--root", str(root), "report", "--output", str(tmp)),
        ("--root", str(root), "report", "--output", str(tmp / "no" / "such" / "x.md")),
        ("--root", str(root), "report", "--format", "pdf"),
        ("--root", str(root), "show", "nope"),
        ("--root", str(root), "show", ""),
        ("--root", str(root), "show", "../../etc/passwd"),
        ("--root", str(root), "status", claim, "bogus", "--note", "n"),
        ("--root", str(root), "status", claim, "supported", "--note", ""),
        ("--root", str(root), "status", claim, "supported"),
        ("--root", str(root), "add", "--no-input"),
        ("--root", str(root), *add_args("c", "x", document="/etc/passwd")),
        ("--root", str(root), *add_args("c", "x", document="seeds")),
        ("--root", str(root), *add_args("c", "", document=ARTICLE)),
        ("--root", str(root), *add_args("c", Q_37500), "--as-of", "0001-01-01"),
        ("--root", str(root), *add_args("c", Q_37500), "--as-of", "9999-99-99"),
        ("--root", str(root), *add_args("c", Q_37500), "--id", "../x"),
        ("--root", str(root), *add_args("c", Q_37500), "--id", "\x1b[31m"),
        ("--root", str(root), *add_args("c", Q_37500), "--quantity", HUGE),
        ("--root", str(root), *add_args("c", Q_37500), "--quantity", "1e999999999"),
        ("--root", str(root), "source", "add", claim, "--publisher", "P", "--url", "http://[::1"),
        ("--root", str(root), "source", "add", claim, "--publisher", "P", "--quantity", HUGE),
        ("--root", str(root), "source", "add", "nope", "--publisher", "P"),
        ("--root", str(root), "source", "add", claim, "--publisher", ""),
        ("--root", str(root), "rule", ""),
        ("--root", str(root), "rule", "\x1b[31m"),
        ("--root", str(root), "rules", "--format", "xml"),
        ("--root", str(root), "list", "--format", "xml"),
        ("--root", str(root), "list", "--status", "bogus"),
        ("--root", str(root), "no-such-command"),
        *(("--root", str(root), "import", str(tmp / name), "--dry-run") for name in imports),
        ("--root", str(root), "import", str(tmp / "deep.json"), "--format", "csv"),
        ("--root", str(root), "import", str(tmp / "no-such.json")),
        ("--root", str(root), "import", str(tmp)),
        ("--root", str(root), "export", "--format", "json", "--output", str(tmp)),
        ("--root", str(root), "export", "--format", "claimreview", "--base-url", "http://[::1"),
        ("--root", str(root), "export", "--format", "csv", "--output", str(tmp / "no" / "x")),
        ("--root", str(root), "--debug", "list", "--claimant", "\x00"),
        ("init", str(tmp / "a-file")),
        ("init", str(tmp / "latin1")),
        ("init", "~nosuchuser/registry"),
        ("--version",),
        ("--help",),
        (),
    ]


def test_odd_options(
    run: Run, shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a relative path makes, it makes in there
    for argv in odd_options(shipped, tmp_path):
        assert_ended_cleanly(run(None, *argv), argv)


def test_odd_places_in_the_environment(
    run: Run, shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for value in ("~nosuchuser", "~nosuchuser/x", "", "/no/such/folder", "\x1b[31m"):
        monkeypatch.setenv("CLAIMCHECK_ROOT", value)
        for command in (("list",), ("check",), ("report",)):
            assert_ended_cleanly(run(None, *command), (value, command))


# --- an error claimcheck did not expect -------------------------------------------------------

BUG_LINE = re.compile(
    r"error: this is a bug in claimcheck, please report it: TypeError: .*"
    r" at claimcheck/engine\.py:(\d+)(; run again with --debug for the traceback)?"
)


@pytest.fixture
def broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault inside claimcheck's own code: the engine's rule list is not a list."""
    import claimcheck.engine

    monkeypatch.setattr(claimcheck.engine, "ALL_RULES", None)
    monkeypatch.delenv("CLAIMCHECK_DEBUG", raising=False)


def _bug_line(result: Result) -> re.Match[str]:
    found = BUG_LINE.fullmatch(result.stderr.splitlines()[-1])
    assert found is not None, result.stderr
    source = (Path(__file__).parent.parent / "claimcheck" / "engine.py").read_text("utf-8")
    assert "ALL_RULES" in source.splitlines()[int(found.group(1)) - 1]  # the very line
    return found


@pytest.mark.usefixtures("broken_engine")
def test_an_internal_error_is_one_line_and_exit_two(run: Run, shipped: Path) -> None:
    for command in (("check",), ("report",), ("check", "--format", "json")):
        result = run(shipped, *command)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr
        assert _bug_line(result).group(2)  # says how to see more


@pytest.mark.usefixtures("broken_engine")
def test_debug_shows_the_traceback(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(shipped, "--debug", "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert _bug_line(result).group(2) is None
    monkeypatch.setenv("CLAIMCHECK_DEBUG", "1")
    result = run(shipped, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("Traceback (most recent call last):")
    monkeypatch.setenv("CLAIMCHECK_DEBUG", "0")
    assert "Traceback" not in run(shipped, "check").stderr


def test_a_multi_line_message_of_a_bug_stays_one_line(
    run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck.engine

    def fail(*args: object, **kwargs: object) -> None:
        raise ValueError("first\n::error::forged\x1b[31m")

    monkeypatch.setattr(claimcheck.engine, "check", fail)
    result = run(shipped, "check")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: this is a bug in claimcheck, please report it: ValueError: ")
    assert "first\\x0a::error::forged\\x1b[31m at claimcheck/cli/checking.py:" in line


def test_the_bug_line_stays_short(run: Run, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.engine

    def fail(*args: object, **kwargs: object) -> None:
        raise ValueError("x" * 100_000)

    monkeypatch.setattr(claimcheck.engine, "check", fail)
    result = run(shipped, "check")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert len(line) < 1000 and "xxx... at claimcheck/cli/checking.py:" in line


def test_the_console_script_turns_any_error_into_exit_two(tmp_path: Path) -> None:
    """Through main(), as installed: also an error raised outside every command."""
    code = (
        "import sys, claimcheck.cli as cli\n"
        "def broken(**kwargs): raise KeyError('outside')\n"
        "cli.app = broken\n"
        "sys.argv = ['claimcheck', 'list']\n"
        "cli.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        r"error: this is a bug in claimcheck, please report it: KeyError: 'outside' at "
        r"\S+:\d+; run again with --debug for the traceback\n",
        result.stderr,
    )


def test_the_console_script_ends_cleanly_on_hostile_input(empty: Path) -> None:
    write(empty, "claims/bad.yaml", RECORDS["huge-integer"])
    write(empty, "claims/worse.yaml", RECORDS["datetime-past-the-end"])
    for command in (("check",), ("list",), ("report", "--format", "json")):
        result = subprocess.run(
            [sys.executable, "-m", "claimcheck", "--root", str(empty), *command],
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_input_that_ends_at_a_question_is_exit_two(empty: Path) -> None:
    import os
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "--root", str(empty), "add", "--claim", "c"],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
        )
        os.write(controller, b"\x04")  # end of input, as Ctrl-D at the question
        stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    assert process.returncode == 2, stderr
    assert b"Traceback" not in stderr
    assert stderr.decode().splitlines()[-1].startswith("error: no document given")
    assert stdout == b""
