"""Start-up: --version and importing the command line stay light, and the module runs."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import child_env, cli

from claimcheck import __version__

HEAVY = ("pydantic", "rich", "yaml")


def _python(script: str) -> subprocess.CompletedProcess[str]:
    """Run a script in a fresh interpreter, as a user's would start."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
        check=False,
    )


def test_importing_the_cli_and_parsing_version_imports_nothing_heavy() -> None:
    script = textwrap.dedent(
        """
        import json, sys
        import claimcheck.cli
        after_import = sorted(sys.modules)
        try:
            claimcheck.cli.app(["--version"], prog_name="claimcheck")
        except SystemExit as exit:
            code = exit.code
        print(json.dumps({"code": code, "after_import": after_import,
                          "after_version": sorted(sys.modules)}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    *printed, report_line = done.stdout.splitlines()
    report = json.loads(report_line)
    assert printed == [f"claimcheck {__version__}"]
    assert report["code"] in (0, None)
    for stage in ("after_import", "after_version"):
        loaded = {name.split(".")[0] for name in report[stage]}
        assert loaded.isdisjoint(HEAVY), (stage, sorted(loaded & set(HEAVY)))
    assert "claimcheck.cli" in report["after_version"]  # the check can see modules at all


def test_python_m_claimcheck_version() -> None:
    done = cli(None, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"claimcheck {__version__}\n"
    assert done.stderr == ""


def test_python_m_claimcheck_runs_a_command() -> None:
    done = cli(None, "schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["type"] == "object"


def test_no_traceback_for_an_unknown_command() -> None:
    done = cli(None, "frobnicate")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "frobnicate" in done.stderr


def test_importing_the_library_imports_nothing_heavy() -> None:
    """``import claimcheck`` loads its API on first use (PEP 562): a script that only imports
    it, or asks for its version, pays for none of the dependencies."""
    script = textwrap.dedent(
        """
        import json, sys
        import claimcheck
        names = dir(claimcheck)
        before = sorted(sys.modules)
        claimcheck.open_registry  # the first use of a name loads what it needs
        print(json.dumps({"before": before, "after": sorted(sys.modules), "names": names}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    loaded = {name.split(".")[0] for name in report["before"]}
    assert loaded.isdisjoint((*HEAVY, "typer")), sorted(loaded & {*HEAVY, "typer"})
    assert "claimcheck" in loaded  # the check can see modules at all
    assert "pydantic" in {name.split(".")[0] for name in report["after"]}
    assert {"open_registry", "Registry", "CheckResult", "__version__"} <= set(report["names"])


def _modules_after(root: Path, *args: str) -> tuple[int, set[str]]:
    """Run one command of the command line in a fresh interpreter; its exit code and every
    module imported by the end."""
    script = textwrap.dedent(
        f"""
        import json, sys
        import claimcheck.cli
        try:
            claimcheck.cli.app({["--root", str(root), *args]!r}, prog_name="claimcheck")
        except SystemExit as exit:
            code = exit.code
        print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    return report["code"] or 0, set(report["modules"])


# What a single-claim command must not import: Rich where nothing is drawn, rapidfuzz unless a
# quote is lost.
NOT_FOR_JSON = ("rich", "rapidfuzz")


def test_show_as_json_imports_no_rich(shipped: Path) -> None:
    code, modules = _modules_after(shipped, "show", "aleppo-evacuated-total", "--format", "json")
    assert code == 0
    assert "claimcheck.views" in modules and "pydantic" in modules  # it validated the record
    assert "rich.table" not in modules
    heavy = {name for name in modules if name.split(".")[0] in NOT_FOR_JSON}
    assert not heavy, sorted(heavy)


def test_show_as_a_table_imports_no_rapidfuzz(shipped: Path) -> None:
    code, modules = _modules_after(shipped, "show", "aleppo-evacuated-total")
    assert code == 0
    assert "rich.table" in modules
    assert "rapidfuzz" not in modules


def test_status_imports_no_rich(shipped: Path) -> None:
    code, modules = _modules_after(
        shipped, "status", "aleppo-evacuated-total", "disputed", "--note", "why", "--by", "me"
    )
    assert code == 0
    assert "claimcheck.changes" in modules  # it changed the record
    assert not {name for name in modules if name.split(".")[0] in ("rich", "rapidfuzz")}


@pytest.mark.parametrize("output", ["json", "concise", "github", "sarif"])
def test_check_for_machines_imports_no_rich(shipped: Path, output: str) -> None:
    code, modules = _modules_after(shipped, "--no-cache", "check", "--format", output)
    assert code == 0
    assert "claimcheck.engine" in modules  # it checked the registry
    assert not {name for name in modules if name.split(".")[0] == "rich"}


def test_check_for_people_draws_with_rich(shipped: Path) -> None:
    code, modules = _modules_after(shipped, "--no-cache", "check")
    assert code == 0 and "rich.console" in modules


def test_loading_a_record_builds_the_claim_validator_alone() -> None:
    """A record is validated as a Claim, whose validator holds its parts' own: the parts'
    separate validators are built when first used alone, not at import."""
    shipped = Path(__file__).resolve().parent.parent
    script = textwrap.dedent(
        f"""
        import json
        from claimcheck import model
        from claimcheck.store import Store
        Store.discover({str(shipped)!r}).get("aleppo-evacuated-total")
        parts = (model.Anchor, model.Source, model.HistoryEntry)
        built = {{cls.__name__: cls.__pydantic_complete__ for cls in (model.Claim, *parts)}}
        model.Source(publisher="OCHA", quantity="nearly 19,000 people")
        print(json.dumps({{"built": built, "later": model.Source.__pydantic_complete__}}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["built"] == {
        "Claim": True,
        "Anchor": False,
        "Source": False,
        "HistoryEntry": False,
    }
    assert report["later"] is True  # used alone, a part validates as before


def test_running_a_command_builds_and_imports_that_command_alone(shipped: Path) -> None:
    """typer turns a command into click's form (reading its signature) when the group asks
    for it: `show` converts `show` alone, and imports no other command's module."""
    script = textwrap.dedent(
        f"""
        import json, sys
        import typer.main
        converted = []
        convert = typer.main.get_command_from_info
        def counting(command_info, **settings):
            converted.append(command_info.name)
            return convert(command_info, **settings)
        typer.main.get_command_from_info = counting
        import claimcheck.cli
        try:
            claimcheck.cli.app(
                ["--root", {str(shipped)!r}, "show", "aleppo-evacuated-total", "--format", "json"],
                prog_name="claimcheck",
            )
        except SystemExit as exit:
            code = exit.code
        commands = sorted(name for name in sys.modules if name.startswith("claimcheck.cli."))
        print(json.dumps({{"code": code, "converted": converted, "commands": commands}}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] in (0, None)
    assert report["converted"] == ["show"]
    assert "claimcheck.cli.claims" in report["commands"]  # show's own module
    others = ("checking", "extraction", "exchange", "setup")
    assert not {f"claimcheck.cli.{name}" for name in others} & set(report["commands"])


def _collector_during(root: Path, *args: str) -> dict[str, object]:
    """Run the console script's main() on a command; what the cyclic collector did before
    start-up was done, its state when the command ended, and after main()."""
    script = textwrap.dedent(
        f"""
        import gc, json, sys
        collections = []
        gc.callbacks.append(
            lambda phase, info: phase == "stop" and collections.append(info["generation"])
        )
        import claimcheck.entry as entry
        at_done = {{}}
        done = entry.start_up_done
        def recording():
            at_done.setdefault("collections", len(collections))
            at_done.setdefault("enabled", gc.isenabled())
            done()
        entry.start_up_done = recording
        import claimcheck.cli as cli
        command_line = cli.main
        at_end = {{}}
        def ending():
            try:
                command_line()
            finally:
                at_end.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count(),
                              collections=len(collections))
        cli.main = ending
        sys.argv = ["claimcheck", "--root", {str(root)!r}, *{list(args)!r}]
        collections.clear()  # what this script's own imports set off
        try:
            entry.main()
        except SystemExit:
            pass
        print(json.dumps({{"at_done": at_done, **at_end, "after": gc.isenabled()}}))
        """
    )
    done = _python(script)
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


def test_the_collector_waits_for_start_up_to_be_done(shipped: Path) -> None:
    """Start-up (typer, the command, pydantic, the models' validators) runs with the cyclic
    collector paused; once the registry is open, what it built is frozen and collection
    resumes for the command's own work."""
    report = _collector_during(shipped, "show", "aleppo-evacuated-total", "--format", "json")
    assert report["at_done"] == {"collections": 0, "enabled": False}
    assert report["enabled"] is True
    assert isinstance(report["frozen"], int) and report["frozen"] > 10_000


def test_a_command_without_a_registry_runs_paused_to_its_end(shipped: Path) -> None:
    report = _collector_during(shipped, "--version")
    assert report["at_done"] == {}  # it never opened a registry
    assert report["collections"] == 0 and report["enabled"] is False
    assert report["after"] is True  # main() leaves the collector as it found it


def test_start_up_done_changes_nothing_where_main_did_not_pause() -> None:
    import gc

    from claimcheck.entry import start_up_done

    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    start_up_done()
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)
