"""claimcheck reads and writes only regular files inside the registry, and never hangs.

The sweep at the top puts every kind of odd file (a link out, a link loop, a dangling link, a
FIFO, a folder, a link to a FIFO standing in for a device, a file over its size limit, bytes
that are not UTF-8) in every place claimcheck reads or writes (a record, a document, a
sidecar, the settings, the lock, the output of report and export) and runs every command
over it. Each run must end in time, without a traceback, with a located error or finding
where the command reads the place, and without reading or writing anything outside the
registry. The tests after it hold the reproductions of issue 6 one by one.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import json
import os
import signal
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Run
from helpers import ARTICLE, error_lines

from claimcheck import safefs
from claimcheck.config import MAX_SETTINGS_BYTES
from claimcheck.documents import MAX_DOCUMENT_BYTES, MAX_SIDECAR_BYTES
from claimcheck.errors import ClaimcheckError
from claimcheck.store import LOCK_FILE, MAX_RECORD_BYTES, Store
from claimcheck.writes import file_lock

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or sys.platform == "win32", reason="needs FIFOs and symlinks"
)

MARKER = "SECRET-MARKER-6d1f"
QUOTE = "brought out 37,500 people"
RECORD = f"""\
id: good
claim: The evacuation brought out 37,500 people.
anchor:
  document: seeds/article.txt
  exact: {QUOTE}
  prefix: 'The operation to evacuate has '
  suffix: ' since late last week and the'
  start: 2174
  end: 2199
status: unverified
"""
PLACES = {
    "record": "claims/good.yaml",
    "document": "seeds/article.txt",
    "sidecar": "seeds/article.txt.meta.yaml",
    "settings": "claimcheck.yaml",
    "lock": LOCK_FILE,
    "output": "report.out",
}
LIMITS = {
    "record": MAX_RECORD_BYTES,
    "document": MAX_DOCUMENT_BYTES,
    "sidecar": MAX_SIDECAR_BYTES,
    "settings": MAX_SETTINGS_BYTES,
    "lock": MAX_SETTINGS_BYTES,
    "output": MAX_SETTINGS_BYTES,
}
COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--format", "concise"],
    "check --fix": ["check", "--fix", "--by", "t"],
    "list": ["list"],
    "show": ["show", "good"],
    "report": ["report", "--format", "json"],
    "add": [
        *["add", "--claim", "Another.", "--document", "seeds/article.txt"],
        *["--quote", "killed more than 400,000 people", "--no-input", "--by", "t"],
    ],
    "source add": ["source", "add", "good", "--publisher", "P", "--by", "t"],
    "status": ["status", "good", "supported", "--note", "n", "--by", "t"],
    "fmt": ["fmt"],
    "export": ["export", "--format", "json"],
}
# Which commands read (or write) each place: there, an odd file must be reported, by path.
READERS = {
    "record": {"check", "check --fix", "list", "show", "report", "source add", "status", "fmt"},
    "document": {"check", "check --fix", "report", "add"},
    "sidecar": {"check", "check --fix", "report", "add"},
    "settings": {"check", "check --fix", "list", "show", "report", "add"},
    "lock": {"add", "source add", "status"},
    "output": {"report", "export"},
}
KINDS = [
    "link-out",
    "link-loop",
    "dangling-link",
    "fifo",
    "folder",
    "link-to-fifo",
    "oversize",
    "not-utf-8",
]


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail, rather than hang the suite, when a command blocks (a FIFO read waits forever)."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_registry(base: Path) -> tuple[Path, Path]:
    """A registry with one claim, its document and the document's sidecar; and beside it, a
    folder of outside files that a link might lead to."""
    root, outside = base / "reg", base / "outside"
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    article = (REPO / ARTICLE).read_text(encoding="utf-8")
    (root / "seeds" / "article.txt").write_text(article, encoding="utf-8")
    (root / "seeds" / "article.txt.meta.yaml").write_text(
        "title: Article\npublished: 2016-12-21\n", encoding="utf-8"
    )
    (root / "claimcheck.yaml").write_text("tolerance: 0.1\n", encoding="utf-8")
    (root / "claims" / "good.yaml").write_text(RECORD, encoding="utf-8")
    outside.mkdir()
    (outside / "secret.yaml").write_text(RECORD.replace("37,500 people.", MARKER), "utf-8")
    (outside / "secret.txt").write_text(f"{article}\n{MARKER}\n", encoding="utf-8")
    os.mkfifo(outside / "pipe")
    return root, outside


def make_odd(root: Path, place: str, kind: str, outside: Path) -> Path:
    path = root / PLACES[place]
    if path.exists():
        path.unlink()
    if kind == "link-out":
        target = {"document": "secret.txt", "lock": "made-by-lock", "output": "secret.txt"}
        path.symlink_to(outside / target.get(place, "secret.yaml"))
    elif kind == "link-loop":
        path.symlink_to(path.name)
    elif kind == "dangling-link":
        path.symlink_to("no-such-" + path.name)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-fifo":  # a device stands where a file should: a FIFO plays it
        os.mkfifo(root / ".pipe")
        path.symlink_to(root / ".pipe")
    elif kind == "oversize":
        with path.open("wb") as handle:
            handle.truncate(LIMITS[place] + 1)
    else:
        path.write_bytes(b"title: caf\xe9\n")
    return path


def state(path: Path) -> tuple[object, ...]:
    """What a path is, without following it: kind, link target, bytes of a regular file."""
    if not os.path.lexists(path):
        return ("absent",)
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(mode):
        return ("file", path.read_bytes())
    return ("other", stat.S_IFMT(mode))


def tree(folder: Path) -> dict[str, tuple[object, ...]]:
    return {p.name: state(p) for p in sorted(folder.iterdir())}


def record_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file opened from now on, by the path it really has (Linux's /proc tells)."""
    opened: list[str] = []
    real_os_open, real_io_open = os.open, io.open

    def note(fd: int) -> None:
        with contextlib.suppress(OSError):  # no /proc: nothing recorded
            opened.append(os.readlink(f"/proc/self/fd/{fd}"))

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        fd = real_os_open(path, flags, mode, dir_fd=dir_fd)
        note(fd)
        return fd

    def io_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_io_open(file, *args, **kwargs)
        if hasattr(handle, "fileno"):
            note(handle.fileno())
        return handle

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(builtins, "open", io_open)
    return opened


def run_in(root: Path, run: Run, command: str) -> tuple[int, str]:
    args = COMMANDS[command]
    writes_output = command in READERS["output"]
    if writes_output:
        args = [*args, "--output", str(root / PLACES["output"])]
    with time_limit(10):
        result = run(root, *args)  # catch_exceptions=False: a traceback fails the test
    output = result.stdout + result.stderr
    written = root / PLACES["output"]
    if writes_output and state(written)[0] == "file":
        output += written.read_text(encoding="utf-8")
    return result.exit_code, output


EXPECT_FINE = {("lock", "oversize"), ("lock", "not-utf-8")}  # a lock's content is never read
WRITES_THROUGH = {"link-out", "oversize", "not-utf-8"}  # --output may replace a regular file


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", list(PLACES))
def test_every_odd_file_in_every_place_is_refused_in_time_and_in_place(
    tmp_path: Path, run: Run, place: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    relpath = PLACES[place]
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not what is tested here
    opened = record_opens(monkeypatch)
    for command in COMMANDS:
        if place == "output" and command not in READERS["output"]:
            continue
        base = tmp_path / command.replace(" ", "-")
        root, outside = make_registry(base)
        odd = make_odd(root, place, kind, outside)
        before_odd, before_outside = state(odd), tree(outside)
        opened.clear()
        code, output = run_in(root, run, command)
        opened_outside = [p for p in opened if p.startswith(f"{outside.resolve()}{os.sep}")]
        where = f"{place} {kind}: claimcheck {command}"
        assert code in (0, 1, 2), where
        assert "Traceback" not in output, where
        assert MARKER not in output, f"{where} printed an outside file"
        for line in output.splitlines():  # every error line names its file
            if ": error: " in line:
                assert not line.startswith(": error:"), f"{where}: {line}"
        if place == "output" and kind in WRITES_THROUGH:
            assert code == 0, f"{where}: {output}"
            written = outside / "secret.txt" if kind == "link-out" else odd
            data = json.loads(written.read_text(encoding="utf-8"))  # whole, valid JSON
            if command == "report":
                assert data["summary"]["claims"] == 1, where
            assert state(odd)[0] == ("link" if kind == "link-out" else "file"), where
            continue
        assert opened_outside == [], f"{where} opened a file outside the registry"
        assert tree(outside) == before_outside, f"{where} wrote outside the registry"
        assert state(odd) == before_odd, f"{where} changed the odd file itself"
        if command in READERS[place] and (place, kind) not in EXPECT_FINE:
            assert code != 0 or relpath in output, f"{where} said nothing: {output}"
            assert relpath in output or str(odd) in output, f"{where} is not located: {output}"


# --- links ------------------------------------------------------------------------------------


def test_add_never_copies_lines_of_a_document_linked_outside(tmp_path: Path, run: Run) -> None:
    root, outside = make_registry(tmp_path)
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (root / "seeds" / "p.txt").symlink_to(outside / "passwd")
    result = run(root, "add", "--claim", "c", "--document", "seeds/p.txt", "--quote", "root:x")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("seeds/p.txt: error: is a symbolic link")
    assert "outside the registry" in line and "root:x:0" not in result.output
    assert sorted(p.name for p in (root / "claims").iterdir()) == ["good.yaml"]


def test_a_record_linked_outside_is_never_shown(tmp_path: Path, run: Run) -> None:
    root, outside = make_registry(tmp_path)
    (root / "claims" / "a.yaml").symlink_to(outside / "secret.yaml")
    for args in (["check", "--format", "github"], ["show", "a"], ["list"], ["report"]):
        result = run(root, *args)
        assert MARKER not in result.output, args
        assert "claims/a.yaml" in result.output, args


def test_a_folder_linked_outside_is_outside(tmp_path: Path, run: Run) -> None:
    """A link anywhere on the way counts, not only the file's own name."""
    root, outside = make_registry(tmp_path)
    (outside / "docs").mkdir()
    (outside / "docs" / "article.txt").write_text(f"{QUOTE} {MARKER}", encoding="utf-8")
    (root / "outdocs").symlink_to(outside / "docs")
    text = RECORD.replace("id: good", "id: other").replace("seeds/", "outdocs/")
    (root / "claims" / "other.yaml").write_text(text, encoding="utf-8")
    result = run(root, "check", "--format", "concise")
    assert "claims/other.yaml:4:3: A101 outdocs/article.txt: is a symbolic link" in result.stdout
    assert MARKER not in result.output


def test_links_that_stay_inside_the_registry_are_followed(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    (root / "library").mkdir()
    (root / "seeds" / "article.txt").rename(root / "library" / "article.txt")
    (root / "seeds" / "article.txt").symlink_to(Path("..") / "library" / "article.txt")
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_a_lock_file_link_creates_nothing_elsewhere(tmp_path: Path) -> None:
    root, outside = make_registry(tmp_path)
    (root / LOCK_FILE).symlink_to(outside / "anywhere")
    with pytest.raises(ClaimcheckError) as err, Store(root).lock():
        pass  # pragma: no cover
    assert (err.value.path, err.value.message) == (
        LOCK_FILE,
        "the lock file is a symbolic link; claimcheck makes this file itself: delete the link",
    )
    assert not os.path.lexists(outside / "anywhere")


def test_the_lock_file_must_be_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / LOCK_FILE)
    with (
        time_limit(5),
        pytest.raises(ClaimcheckError, match="not a regular file"),
        file_lock(tmp_path / LOCK_FILE, timeout=1),
    ):
        pass  # pragma: no cover


# --- only regular files, read within their limit ----------------------------------------------


def test_the_size_limit_holds_while_reading_whatever_the_recorded_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.yaml").write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        found = list(real_fstat(fd))
        found[stat.ST_SIZE] = 10  # as a file that grows, or one in /proc, would say
        return os.stat_result(found)

    monkeypatch.setattr(safefs.os, "fstat", lying_fstat)
    files = safefs.RegistryFiles(tmp_path)
    with pytest.raises(ClaimcheckError) as err:
        files.read_bytes("big.yaml", 4096, "a claim record")
    assert (err.value.path, err.value.kind) == ("big.yaml", "too-large")
    assert files.read_bytes("big.yaml", 5000, "a claim record") == b"x" * 5000


@pytest.mark.parametrize("kind", ["link-loop", "dangling-link", "folder", "fifo", "link-to-fifo"])
def test_files_in_claims_that_cannot_be_read_are_each_r004(
    tmp_path: Path, run: Run, kind: str
) -> None:
    root, outside = make_registry(tmp_path)
    (root / "claims" / "x.yaml").write_text("", encoding="utf-8")
    make_odd(root, "record", kind, outside)  # claims/good.yaml
    (root / "claims" / "x.yaml").unlink()
    with time_limit(10):
        result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == ("R004", "claims/good.yaml", 1)


# --- report --output --------------------------------------------------------------------------


def test_report_output_writes_through_a_link_to_the_regular_file(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    (tmp_path / "real.md").write_text("old", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    result = run(root, "report", "--format", "markdown", "--output", str(tmp_path / "link.md"))
    assert result.exit_code == 0, result.output
    assert os.readlink(tmp_path / "link.md") == str(tmp_path / "real.md")  # still a link
    assert (tmp_path / "real.md").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("kind", ["fifo", "link-to-fifo", "folder", "link-loop"])
def test_report_output_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, run: Run, kind: str
) -> None:
    root, outside = make_registry(tmp_path)
    odd = make_odd(root, "output", kind, outside)
    before = state(odd)
    with time_limit(10):
        result = run(root, "report", "--output", str(odd))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith(f"{odd}: error: ")
    assert state(odd) == before
    assert not [p for p in odd.parent.iterdir() if p.name.endswith(".tmp")]


def test_report_output_to_a_folder_is_an_error(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = make_registry(tmp_path)
    monkeypatch.chdir(tmp_path)
    for given in (".", str(tmp_path) + "/"):
        result = run(root, "report", "--output", given)
        assert result.exit_code == 2
        assert error_lines(result) == [
            f"{given.rstrip('/')}: error: is a folder; give the path of a file to write"
        ]
    # '/' is only looked at, never written: the check comes before any write
    with pytest.raises(ClaimcheckError, match="is a folder"):
        safefs.regular_output(Path("/"))


# --- odd paths --------------------------------------------------------------------------------


def test_a_home_folder_of_no_user_is_taken_as_written(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = make_registry(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(None, "--root", "~nosuchuser-6d1f", "list")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: registry root '~nosuchuser-6d1f' is not a folder",
    ]
    monkeypatch.setenv("CLAIMCHECK_ROOT", "~nosuchuser-6d1f")
    from typer.testing import CliRunner

    from claimcheck.cli import app

    via_env = CliRunner().invoke(app, ["list"], catch_exceptions=False)
    assert via_env.exit_code == 2 and "'~nosuchuser-6d1f' is not a folder" in via_env.stderr
    monkeypatch.delenv("CLAIMCHECK_ROOT")
    monkeypatch.chdir(root)
    checked = run(root, "check", "~nosuchuser-6d1f/claims/good.yaml")
    assert checked.exit_code == 2
    assert "'~nosuchuser-6d1f/claims/good.yaml': no such file or folder" in checked.stderr
    # a folder literally named so is used as it is, as a shell would
    monkeypatch.chdir(tmp_path)
    made = run(None, "init", "~nosuchuser-6d1f")
    assert made.exit_code == 0 and (tmp_path / "~nosuchuser-6d1f" / "claims").is_dir()


def test_a_home_folder_is_expanded(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = make_registry(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run(None, "--root", "~/reg", "list").exit_code == 0
    assert run(root, "check", "~/reg/claims/good.yaml").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--root", "reg\0x", "list"],
        ["check", "claims/good\0.yaml"],
        ["report", "--output", "out\0.md"],
        ["init", "new\0reg"],
    ],
)
def test_a_nul_byte_in_a_path_argument_is_an_error(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    root, _ = make_registry(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(None if args[0] in ("--root", "init") else root, *args)
    assert result.exit_code == 2
    # the command line refuses it, or claimcheck does
    assert "null byte" in result.stderr or "holds a NUL byte" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "reg"]


def test_a_nul_byte_in_the_document_path_is_a_located_finding(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    (root / "claims" / "good.yaml").write_text(
        RECORD.replace("document: seeds/article.txt", 'document: "seeds/arti\\0cle.txt"'),
        encoding="utf-8",
    )
    checked = run(root, "check", "--format", "json")
    assert checked.exit_code == 1
    [finding] = json.loads(checked.stdout)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == ("A101", "claims/good.yaml", 4)
    assert "NUL byte" in finding["message"]
    shown = run(root, "show", "good")
    assert shown.exit_code == 0 and "NUL byte" in shown.stdout
    reported = run(root, "report", "--format", "json")
    assert reported.exit_code == 0 and "NUL byte" in reported.stdout


# --- sidecars ---------------------------------------------------------------------------------


def test_a_misspelt_sidecar_key_is_a_located_finding(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    (root / "seeds" / "article.txt.meta.yaml").write_text(
        "title: Article\npublshed: 2016-12-21\n", encoding="utf-8"
    )
    result = run(root, "check", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "seeds/article.txt.meta.yaml:2:1: R006 unknown field 'publshed'"
    )


def test_a_sidecar_with_a_bad_value_is_a_located_finding(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    (root / "seeds" / "article.txt.meta.yaml").write_text(
        "title: Article\npublished: someday\n", encoding="utf-8"
    )
    result = run(root, "check", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [
        (
            "R005",
            "seeds/article.txt.meta.yaml",
            2,
        )
    ]


def test_checking_a_sidecar_reports_what_it_causes_in_the_claims_citing_it(
    tmp_path: Path, run: Run
) -> None:
    root, _ = make_registry(tmp_path)
    (root / "claims" / "good.yaml").write_text(
        RECORD + "as_of: 2016-12-25\n", encoding="utf-8"
    )  # after the document's date: T101
    (root / "claims" / "other.yaml").write_text(
        RECORD.replace("id: good", "id: other").replace("seeds/article.txt", ARTICLE),
        encoding="utf-8",
    )
    (root / "seeds" / "2016-12-21-russia-iran-turkey-key-agreement-on-syria.txt").write_bytes(
        (REPO / ARTICLE).read_bytes()
    )
    (root / "claims" / "broken.yaml").write_text("id: [", encoding="utf-8")
    sidecar = str(root / "seeds" / "article.txt.meta.yaml")
    result = run(root, "check", sidecar, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert {(f["code"], f["path"]) for f in findings} == {("T101", "claims/good.yaml")}
    (root / "seeds" / "article.txt.meta.yaml").write_text("publshed: 2016-12-21\n", "utf-8")
    result = run(root, "check", sidecar, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert {(f["code"], f["path"]) for f in findings} == {("R006", "seeds/article.txt.meta.yaml")}


def test_show_still_works_with_a_broken_sidecar(tmp_path: Path, run: Run) -> None:
    root, _ = make_registry(tmp_path)
    os.mkfifo(root / "seeds" / "other.txt.meta.yaml")
    with time_limit(10):
        assert run(root, "show", "good").exit_code == 0


@pytest.mark.parametrize(
    "relpath",
    ["claims/a.yaml", "a", "claims//a.yaml", "claims/./a.yaml", "./claims/a.yaml", "claims/",
     "/claims/a.yaml", "claims/../a.yaml", "..", "claims\\a.yaml", "seeds/x/y/z.txt", "", "."],
)  # fmt: skip
def test_the_names_of_a_path_are_those_a_full_parse_gives(tmp_path: Path, relpath: str) -> None:
    """A plain path is split without building paths; every other is parsed as before."""
    from pathlib import PurePosixPath

    from claimcheck.safefs import RegistryFiles

    files = RegistryFiles(tmp_path)
    parsed = PurePosixPath(relpath.replace("\\", "/")).parts
    if not parsed or relpath.startswith("/") or ".." in parsed:
        with pytest.raises(ClaimcheckError, match="must be relative to the registry root"):
            files._parts(relpath)
    else:
        assert files._parts(relpath) == parsed
