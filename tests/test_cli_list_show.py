"""claimcheck list and show, finding the registry, and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Run, snapshot
from helpers import (
    ARTICLE,
    Q_400K,
    Q_750,
    Q_37500,
    Q_LAVROV,
    add_args,
    error_lines,
    good_record,
    write,
)

from claimcheck.cli.output import render_to_text
from claimcheck.errors import ClaimcheckError, ProblemKind
from claimcheck.render.safe import to_json
from claimcheck.render.terminal import claims_table
from claimcheck.store import Store
from claimcheck.views import ListedRecords, RecordFilter, record_json, select_records
from claimcheck.vocab import Status


@pytest.fixture
def registry(run: Run, empty: Path) -> Path:
    """Three claims with different statuses, tags, subjects and claimants, one with a source."""
    for args in (
        add_args("37,500 people were evacuated from Aleppo.", Q_37500,
                 "--id", "aleppo-total", "--quantity", "37,500 people", "--tag", "evacuation",
                 "--subject", "aleppo-evacuation", "--claimant", "Mevlut Cavusoglu",
                 "--status", "supported"),
        add_args("750 people left Fuaa and Kafraya.", Q_750,
                 "--id", "fuaa-kafraya", "--quantity", "750 people", "--tag", "evacuation",
                 "--tag", "red-cross", "--claimant", "Ingy Sedky", "--part-of", "aleppo-total"),
        add_args("The war has killed more than 400,000 people.", Q_400K,
                 "--id", "war-deaths", "--quantity", "more than 400,000 people",
                 "--status", "disputed"),
    ):  # fmt: skip
        assert run(empty, *args).exit_code == 0
    source = ["source", "add", "aleppo-total", "--publisher", "ICRC", "--quantity",
              "about 37,000 people", "--as-of", "2016-12-20", "--url", "https://icrc.org/a",
              "--stance", "supports", "--by", "Source Person"]  # fmt: skip
    assert run(empty, *source).exit_code == 0
    return empty


def listed_ids(run: Run, root: Path, *filters: str) -> list[str]:
    result = run(root, "list", "--format", "json", *filters)
    assert result.exit_code == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)]


# --- list --------------------------------------------------------------------------------------


def test_list_table(run: Run, registry: Path) -> None:
    result = run(registry, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "id" in line.split())
    assert header.split() == ["id", "claim", "quantity", "status", "sources"]
    rows = {line.split()[0]: line for line in lines if line.strip()[:1].isalpha()}
    assert "37,500 people" in rows["aleppo-total"] and "supported" in rows["aleppo-total"]
    assert rows["aleppo-total"].rstrip().endswith("1")
    assert rows["fuaa-kafraya"].rstrip().endswith("0") and "unverified" in rows["fuaa-kafraya"]
    assert "more than 400,000" in rows["war-deaths"] and "disputed" in rows["war-deaths"]
    assert "The war has killed more than 400,000 people." in result.stdout
    assert result.stderr == ""


def test_list_json(run: Run, registry: Path) -> None:
    result = run(registry, "list", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == ["aleppo-total", "fuaa-kafraya", "war-deaths"]
    first = items[0]
    assert first["claim"] == "37,500 people were evacuated from Aleppo."
    assert first["status"] == "supported"
    assert first["quantity"] == "37,500 people"
    assert first["path"] == "claims/aleppo-total.yaml"
    assert [s["publisher"] for s in first["sources"]] == ["ICRC"]
    assert first["sources"][0]["quantity"] == "about 37,000 people"
    assert items[1]["sources"] == [] and items[1]["part_of"] == "aleppo-total"
    assert items[2]["quantity"] == "more than 400,000 people"


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (["--status", "supported"], ["aleppo-total"]),
        (["--status", "unverified"], ["fuaa-kafraya"]),
        (["--status", "refuted"], []),
        (["--tag", "evacuation"], ["aleppo-total", "fuaa-kafraya"]),
        (["--tag", "red-cross"], ["fuaa-kafraya"]),
        (["--tag", "red"], []),
        (["--subject", "aleppo-evacuation"], ["aleppo-total"]),
        (["--claimant", "sedky"], ["fuaa-kafraya"]),
        (["--claimant", "MEVLUT"], ["aleppo-total"]),
        (["--tag", "evacuation", "--status", "unverified"], ["fuaa-kafraya"]),
    ],
)
def test_list_filters(run: Run, registry: Path, filters: list[str], ids: list[str]) -> None:
    assert listed_ids(run, registry, *filters) == ids


def test_list_with_no_match(run: Run, registry: Path) -> None:
    result = run(registry, "list", "--status", "refuted")
    assert result.exit_code == 0
    assert "no claims match" in result.stderr


def test_list_reports_records_that_do_not_load_and_exits_1(run: Run, registry: Path) -> None:
    write(registry, "claims/broken.yaml", good_record("broken") + "statuss: supported\n")
    write(registry, "claims/bad-yaml.yaml", "id: bad-yaml\nclaim: [unclosed\n")
    before = snapshot(registry)
    for output in ("table", "json"):
        result = run(registry, "list", "--format", output)
        assert result.exit_code == 1
        assert "aleppo-total" in result.stdout and "war-deaths" in result.stdout
        assert error_lines(result) == [
            "claims/bad-yaml.yaml:3:1: error: invalid YAML: while parsing a flow sequence; "
            "did not find expected ',' or ']'",
            "claims/broken.yaml:7:1: error: unknown field 'statuss' (did you mean 'status'?)",
        ]
    assert len(json.loads(run(registry, "list", "--format", "json").stdout)) == 3
    assert snapshot(registry) == before


def test_list_usage_errors(run: Run, registry: Path) -> None:
    assert run(registry, "list", "--format", "yaml").exit_code == 2
    assert run(registry, "list", "--status", "maybe").exit_code == 2


# --- show --------------------------------------------------------------------------------------


def test_show_table(run: Run, registry: Path) -> None:
    result = run(registry, "show", "aleppo-total")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "37,500 people were evacuated from Aleppo." in out
    assert "37,500 people   interval [37,450, 37,550)" in out
    assert "supported" in out and "Mevlut Cavusoglu" in out
    # the document with its title and date, however the panel wraps it
    flat = " ".join(out.replace("\u2502", " ").split())
    assert (
        f"{ARTICLE} (Russia, Iran and Turkey Reach Key Agreement on Syria Conflict, 2016-12-21)"
        in flat
    )
    assert "claims/aleppo-total.yaml" in out
    # the quote in context: its line and the paragraph around it
    assert "quote, line 39" in out
    assert "The operation to evacuate has brought out 37,500 people since late last week" in out
    # the sources table
    assert "sources" in out and "ICRC" in out and "about 37,000 people" in out
    assert "[33,300, 40,700]" in out and "supports" in out and "https://icrc.org/a" in out
    # the history
    assert "history" in out and "Source Person" in out and "Added source: ICRC" in out
    assert "Recorded from" in out


def test_show_without_sources(run: Run, registry: Path) -> None:
    result = run(registry, "show", "fuaa-kafraya")
    assert result.exit_code == 0
    assert "no sources yet" in result.stdout
    assert "aleppo-total" in result.stdout  # part of


def test_show_json(run: Run, registry: Path) -> None:
    result = run(registry, "show", "aleppo-total", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "aleppo-total"
    assert data["quantity"] == "37,500 people"
    assert data["interval"] == "[37,450, 37,550)"
    assert data["context"] == {
        "document": ARTICLE,
        "line": 39,
        "before": "The operation to evacuate has ",
        "quote": Q_37500,
        "after": " since late last week and the goal is to complete the process by Wednesday, "
        "Cavusoglu said.",
        "problem": None,
    }
    [source] = data["sources"]
    assert source["interval"] == "[33,300, 40,700]" and source["as_of"] == "2016-12-20"
    assert [h["by"] for h in data["history"]] == ["tester", "Source Person"]
    assert all(h["at"].endswith("Z") for h in data["history"])


def test_show_when_the_quote_is_no_longer_in_the_document(run: Run, registry: Path) -> None:
    document = registry / ARTICLE
    document.write_text(
        document.read_text(encoding="utf-8").replace(Q_37500, "brought out many people"),
        encoding="utf-8",
    )
    result = run(registry, "show", "aleppo-total", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["context"]["problem"] == (
        "the quote is no longer in the document"
    )
    table = run(registry, "show", "aleppo-total")
    assert "the quote is no longer in the document" in table.stdout


def test_show_when_the_quote_has_moved(run: Run, registry: Path) -> None:
    document = registry / ARTICLE
    document.write_text("A new first line.\n" + document.read_text(encoding="utf-8"))
    data = json.loads(run(registry, "show", "aleppo-total", "--format", "json").stdout)
    assert data["context"]["line"] == 40 and data["context"]["quote"] == Q_37500
    assert "moved" in data["context"]["problem"]


@pytest.mark.parametrize(
    ("claim_id", "words"),
    [
        ("no-such-claim", "error: no claim 'no-such-claim' (looked for claims/no-such-claim.yaml)"),
        ("../claimcheck", "error: '../claimcheck' is not a valid id"),
        ("../../etc/passwd", "error: '../../etc/passwd' is not a valid id"),
    ],
)
def test_show_refusals(run: Run, registry: Path, claim_id: str, words: str) -> None:
    result = run(registry, "show", claim_id)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = error_lines(result)
    assert line.startswith(words)


# --- finding the registry ----------------------------------------------------------------------


def test_the_registry_is_found_from_a_folder_inside_it(
    run: Run, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(registry / "seeds")
    assert listed_ids(run, None) == ["aleppo-total", "fuaa-kafraya", "war-deaths"]


def test_a_claims_folder_alone_marks_a_registry(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "claims/only.yaml", good_record("only"))
    (tmp_path / "deeper" / "still").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deeper" / "still")
    assert listed_ids(run, None) == ["only"]


def test_root_option_and_environment(
    run: Run, registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    write(other, "claims/elsewhere.yaml", good_record("elsewhere"))
    monkeypatch.chdir(registry)
    monkeypatch.setenv("CLAIMCHECK_ROOT", str(other))
    assert listed_ids(run, None) == ["elsewhere"]  # the environment over the working directory
    assert listed_ids(run, registry) == ["aleppo-total", "fuaa-kafraya", "war-deaths"]


def test_no_registry_is_a_clear_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["list"], ["show", "x"], ["status", "x", "supported", "--note", "n"]):
        result = run(None, *args)
        assert result.exit_code == 2
        [line] = error_lines(result)
        assert line.startswith("error: no claimcheck registry in")
        assert "claimcheck init" in line and "--root" in line


@pytest.mark.parametrize("where", ["missing", "plain"])
def test_a_root_that_is_not_a_registry(run: Run, tmp_path: Path, where: str) -> None:
    (tmp_path / "plain").mkdir()
    result = run(tmp_path / where, "list")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert ("is not a folder" if where == "missing" else "is not a claimcheck registry") in line


def test_a_broken_settings_file_is_a_located_error(run: Run, registry: Path) -> None:
    write(registry, "claimcheck.yaml", "tolerance: 0.1\ntolerance: 0.2\n")
    result = run(registry, "list")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("claimcheck.yaml:2:1: error: duplicate key 'tolerance'")


def test_the_help_lists_the_commands(run: Run) -> None:
    result = run(None, "--help")
    assert result.exit_code == 0
    for command in ("init", "add", "source", "status", "list", "show", "fmt", "schema"):
        assert command in result.stdout


def test_the_quotes_used_stand_once_in_the_article() -> None:
    text = (Path(__file__).resolve().parent.parent / ARTICLE).read_text(encoding="utf-8")
    for quote in (Q_37500, Q_750, Q_400K, Q_LAVROV):
        assert text.count(quote) == 1


def test_list_table_stays_readable_on_an_80_column_terminal(
    run: Run, registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_id = "a-very-long-identifier-for-a-claim-about-the-evacuation-of-aleppo"
    run(registry, *add_args("Thousands more were still waiting.", Q_LAVROV, "--id", long_id))
    monkeypatch.setenv("COLUMNS", "80")
    result = run(registry, "list")
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    words = result.stdout.split()
    # the claims' words are not cut into pieces of a few letters
    for word in ("Thousands", "evacuated", "Aleppo.", "killed", "400,000"):
        assert word in words


# --- list, one record at a time ----------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """generated(n): a registry of n claims from benchmarks/generate.py, made once per module
    (its own command line, as a user runs it); do not edit it."""
    made: dict[int, Path] = {}

    def make(n: int) -> Path:
        if n not in made:
            made[n] = tmp_path_factory.mktemp(f"generated-{n}")
            script = REPO / "benchmarks" / "generate.py"
            done = subprocess.run(
                [sys.executable, str(script), str(made[n]), "--claims", str(n), "--seed", "0"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            assert done.returncode == 0, done.stderr
        return made[n]

    return make


def _with_every_problem(root: Path) -> Path:
    """The shipped registry with what a listing must handle as a full load does: two files
    for one id (both loading, or one broken), ids that are the start of others (``joint`` and
    ``joint-declaration``: ``joint-declaration.yaml`` sorts first by file name, ``joint``
    first by id), a misnamed record, broken YAML, a folder, and a sidecar that is wrong."""
    claims = root / "claims"
    deaths = (claims / "syria-war-deaths.yaml").read_text(encoding="utf-8")
    write(root, "claims/syria-war.yml", deaths.replace("id: syria-war-deaths", "id: syria-war"))
    write(root, "claims/syria-war-length.yml", (claims / "syria-war-length.yaml").read_bytes())
    declaration = (claims / "joint-declaration.yaml").read_text(encoding="utf-8")
    write(root, "claims/joint.yaml", declaration.replace("id: joint-declaration", "id: joint"))
    write(root, "claims/joint.yml", "id: joint\nclaim: [broken\n")
    write(root, "claims/misnamed.yaml", good_record("another-name"))
    write(root, "claims/a-b.yaml", "id: [")
    (claims / "folder.yaml").mkdir()
    write(root, "seeds/other.txt", "Some 12 people.\n")
    write(root, "seeds/other.txt.meta.yaml", "title: T\npublshed: 2016-12-21\n")
    write(root, "claims/zz-other.yaml", good_record("zz-other").replace(ARTICLE, "seeds/other.txt"))
    return root


def _problems(problems: list[ClaimcheckError]) -> list[tuple[object, ...]]:
    return [(p.path, p.line, p.column, p.message, p.kind) for p in problems]


@pytest.mark.parametrize("which", ["shipped", "every problem", "generated"])
def test_list_gives_what_a_full_load_gives(
    run: Run,
    shipped: Path,
    generated: Callable[[int], Path],
    which: str,
) -> None:
    root = {"shipped": shipped, "every problem": _with_every_problem(shipped)}.get(which)
    root = root or generated(300)
    registry = Store(root).load()
    listed = ListedRecords(Store(root))
    assert [record.path for record in listed] == [r.path for r in registry.records.values()]
    assert _problems(listed.problems) == _problems(registry.problems)
    assert listed.loaded == len(registry.records)
    assert len(list(listed)) == listed.loaded == len(registry.records)  # read again, afresh
    assert _problems(listed.problems) == _problems(registry.problems)
    if which == "every problem":
        assert {p.kind for p in registry.problems} >= {ProblemKind.DUPLICATE_ID}
        ids = list(registry.records)
        assert ids.index("joint") < ids.index("joint-declaration")
    # the command's output, byte for byte, against the whole list made at once
    result = run(root, "list", "--format", "json")
    whole = [record_json(record) for record in registry.records.values()]
    assert result.stdout == to_json(whole) + "\n"
    assert result.exit_code == (1 if registry.problems else 0)
    assert len(error_lines(result)) == len(registry.problems)
    # and the table, drawn from rows made as the records came, as from all of them at once
    table = run(root, "list")
    assert table.stdout == render_to_text(claims_table(list(registry.records.values())), 120)
    disputed = ListedRecords(Store(root), RecordFilter(status=Status.DISPUTED))
    chosen = select_records(registry.records.values(), status=Status.DISPUTED)
    assert [record.path for record in disputed] == [record.path for record in chosen]


def test_an_empty_list_is_an_empty_json_array(run: Run, empty: Path) -> None:
    result = run(empty, "list", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "no claims yet" in run(empty, "list").stderr


_PEAK_LISTING = """
import sys, tracemalloc
from pathlib import Path
from claimcheck.gcpause import freeze_after_pauses
from claimcheck.render.json_array import json_array_chunks
from claimcheck.store import Store
from claimcheck.views import ListedRecords, record_json

def peak(root):
    written = 0
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    for chunk in json_array_chunks(record_json(r) for r in ListedRecords(Store(root))):
        written += len(chunk)
    result = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    assert written > 250 * 1000  # it did write the records
    return result

freeze_after_pauses()  # as the command line runs
big, small = Path(sys.argv[1]), Path(sys.argv[2])
peak(big)  # fill the caches (bounded) that both then use
print(peak(big) / peak(small))
"""


def _listing_peak_ratio(big: Path, small: Path) -> float:
    """Peak traced memory of `list --format json`'s work (reading, selecting, writing) on the
    big registry over the small one's, in a fresh interpreter as the command runs: in this one,
    the objects earlier tests left put off the collector's full passes, so that the cycles a
    streamed record leaves would pile up here as they never do in a command."""
    child = subprocess.run(
        [sys.executable, "-c", _PEAK_LISTING, str(big), str(small)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    return float(child.stdout)


def test_list_memory_does_not_grow_with_the_registry(generated: Callable[[int], Path]) -> None:
    small, big = generated(250), generated(1000)
    ratio = _listing_peak_ratio(big, small)
    assert ratio < 1.6, ratio  # the records held whole would grow about 4 times


def test_list_stops_quietly_when_its_reader_has_left(generated: Callable[[int], Path]) -> None:
    """`claimcheck list --format json | head -1`: the list, written as it is made, stops when
    the pipe closes, without an error."""
    child = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "--root", str(generated(300)), "list", "--format",
         "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline() == b"[\n"
    child.stdout.close()  # far more than a pipe's buffer is still to come
    errors = child.stderr.read().decode()
    assert child.wait(timeout=120) == 0, errors
    assert errors == ""
