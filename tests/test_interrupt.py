"""Ctrl-C: a real process interrupted mid-command exits 130 with one line on stderr, no
traceback, and leaves nothing half-written (no temporary file, the target absent or whole)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import child_env
from test_report_scale import _generator
from test_startup import _python as run_python

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGSTOP"), reason="stopping a process mid-write needs POSIX signals"
)

OLD_REPORT = "the report of an earlier run\n"


def _temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def _interrupt_mid_write(root: Path, target: Path) -> subprocess.Popen[str] | None:
    """Start `report --all --output TARGET`, wait until its temporary file exists, then freeze
    the process (SIGSTOP), so that SIGINT lands while the file is being written. None if the
    command finished before it could be caught mid-write."""
    command = ["report", "--all", "--output", str(target)]
    process = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "--root", str(root), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if _temporaries(target.parent):
            process.send_signal(signal.SIGSTOP)
            if _temporaries(target.parent):  # still writing: caught in the middle
                process.send_signal(signal.SIGINT)
                process.send_signal(signal.SIGCONT)
                return process
            process.send_signal(signal.SIGCONT)
            break
        time.sleep(0.002)
    process.communicate(timeout=120)
    return None


def test_ctrl_c_during_report_output_exits_130_and_leaves_the_old_file(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    _generator().generate(root, 600, 0)
    written = tmp_path / "out"
    written.mkdir()
    target = written / "report.txt"
    target.write_text(OLD_REPORT, encoding="utf-8")
    for _attempt in range(5):
        process = _interrupt_mid_write(root, target)
        if process is not None:
            break
        target.write_text(OLD_REPORT, encoding="utf-8")
    else:
        pytest.fail("the report was never caught while its file was being written")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr == "interrupted\n"
    assert "Traceback" not in stdout
    assert _temporaries(written) == []
    assert target.read_text(encoding="utf-8") == OLD_REPORT  # the old file, whole


def test_ctrl_c_during_start_up_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """The interrupt lands while the command line is being imported (typer, the commands)."""
    script = textwrap.dedent(
        """
        import os, signal, sys

        class InterruptOnTyper:
            def find_spec(self, name, path=None, target=None):
                if name == "typer":
                    os.kill(os.getpid(), signal.SIGINT)
                return None

        sys.meta_path.insert(0, InterruptOnTyper())
        sys.argv = ["claimcheck", "--version"]
        from claimcheck.entry import main
        main()
        """
    )
    done = run_python(script)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "interrupted\n"
    assert done.stdout == ""  # --version never ran


def test_the_console_script_is_the_one_that_handles_ctrl_c() -> None:
    from conftest import REPO

    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^claimcheck = "claimcheck\.entry:main"$', project, re.MULTILINE)


def test_a_second_ctrl_c_is_ignored_and_a_third_ends_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second cannot cut the clean-up short; the third is for a clean-up that hangs."""
    from claimcheck import entry

    class Ended(Exception):
        pass

    def exit_now(code: int) -> None:
        raise Ended(code)

    monkeypatch.setattr(entry, "_interrupts", 0)
    monkeypatch.setattr(entry.os, "_exit", exit_now)
    monkeypatch.setattr(entry.os, "write", lambda fd, data: len(data))
    with pytest.raises(KeyboardInterrupt):
        entry._on_interrupt(signal.SIGINT, None)
    assert entry._on_interrupt(signal.SIGINT, None) is None  # ignored: no exception
    with pytest.raises(Ended) as ended:
        entry._on_interrupt(signal.SIGINT, None)
    assert ended.value.args == (130,)


def test_an_interrupt_raised_in_a_command_is_reported_as_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A KeyboardInterrupt that did not come through the handler (raised by code, or with
    SIGINT handled elsewhere) still ends with 130 and the line, never as a success."""
    import claimcheck.cli
    import claimcheck.entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(claimcheck.cli, "main", interrupted)
    monkeypatch.setattr(claimcheck.entry, "_interrupts", 0)
    monkeypatch.setattr(claimcheck.entry.signal, "signal", lambda *args: None)  # leave pytest's
    with pytest.raises(SystemExit) as ended:
        claimcheck.entry.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err.strip() == "interrupted"


def test_main_leaves_the_collector_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a process that goes on after main() (a test, an embedding program), the start-up
    pause ends with the command, however it ends."""
    import gc

    import claimcheck.cli
    import claimcheck.entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(claimcheck.cli, "main", interrupted)
    monkeypatch.setattr(claimcheck.entry, "_interrupts", 0)
    monkeypatch.setattr(claimcheck.entry.signal, "signal", lambda *args: None)
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        claimcheck.entry.main()
    assert gc.isenabled()
