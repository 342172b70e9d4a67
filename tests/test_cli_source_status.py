"""claimcheck source add and claimcheck status: each change appends a history entry saying what
changed, by whom and when (UTC)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers import Q_37500, add_args, error_lines, record_data, write

from claimcheck import identity


@pytest.fixture
def claim(run: Run, empty: Path) -> str:
    result = run(empty, *add_args("37,500 people were evacuated.", Q_37500, "--id", "aleppo"))
    assert result.exit_code == 0, result.stderr
    return "aleppo"


def test_source_add_with_every_option(run: Run, empty: Path, claim: str) -> None:
    result = run(
        empty, "source", "add", claim,
        "--publisher", "Arab News",
        "--via", "AFP",
        "--url", "https://www.arabnews.com/node/1028316",
        "--archive-url", "https://web.archive.org/web/2016/https://www.arabnews.com/node/1028316",
        "--title", "Aleppo evacuation nears end",
        "--published", "2016-12-21",
        "--retrieved", "2024-05-01",
        "--as-of", "2016-12-20",
        "--measure", "people-bused-out",
        "--quantity", "about 37,000 people",
        "--quote", "some 37,000 people have been bused out",
        "--language", "en",
        "--stance", "supports",
        "--by", "Source Adder",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Added a source from Arab News to 'aleppo' (claims/aleppo.yaml)" in result.stderr
    data = record_data(empty, claim)
    assert data["sources"] == [
        {
            "publisher": "Arab News",
            "via": "AFP",
            "title": "Aleppo evacuation nears end",
            "url": "https://www.arabnews.com/node/1028316",
            "archive_url": "https://web.archive.org/web/2016/https://www.arabnews.com/node/1028316",
            "published": dt.date(2016, 12, 21),
            "retrieved": dt.date(2024, 5, 1),
            "as_of": dt.date(2016, 12, 20),
            "measure": "people-bused-out",
            "quantity": "about 37,000 people",
            "quote": "some 37,000 people have been bused out",
            "language": "en",
            "stance": "supports",
        }
    ]
    assert len(data["history"]) == 2
    last = data["history"][-1]
    assert (last["status"], last["by"]) == ("unverified", "Source Adder")
    assert last["note"] == "Added source: Arab News (about 37,000 people)."


def test_source_add_appends(run: Run, empty: Path, claim: str) -> None:
    for publisher in ("ICRC", "OCHA"):
        assert run(empty, "source", "add", claim, "--publisher", publisher).exit_code == 0
    data = record_data(empty, claim)
    assert [s["publisher"] for s in data["sources"]] == ["ICRC", "OCHA"]
    assert [h["note"] for h in data["history"][1:]] == [
        "Added source: ICRC.",
        "Added source: OCHA.",
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing-claim", "--publisher", "AFP"], "no claim 'missing-claim'"),
        (["../aleppo", "--publisher", "AFP"], "'../aleppo' is not a valid id"),
        (["aleppo", "--publisher", "AFP", "--quantity", "heaps"], "--quantity: 'heaps'"),
        (["aleppo", "--publisher", ""], "missing required field 'publisher'"),
    ],
)
def test_source_add_refusals(
    run: Run, empty: Path, claim: str, args: list[str], words: str
) -> None:
    before = snapshot(empty)
    result = run(empty, "source", "add", *args)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert words in line
    assert snapshot(empty) == before


def test_source_add_usage_errors(run: Run, empty: Path, claim: str) -> None:
    before = snapshot(empty)
    no_publisher = run(empty, "source", "add", claim)
    assert no_publisher.exit_code == 2 and "--publisher" in no_publisher.stderr
    bad_stance = run(empty, "source", "add", claim, "--publisher", "X", "--stance", "agrees")
    assert bad_stance.exit_code == 2 and "agrees" in bad_stance.stderr
    assert snapshot(empty) == before


def test_status_sets_the_status_and_appends_history(run: Run, empty: Path, claim: str) -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result = run(
        empty, "status", claim, "supported", "--note", "ICRC and OCHA agree", "--by", "Rev"
    )
    after = dt.datetime.now(dt.timezone.utc)
    assert result.exit_code == 0, result.stderr
    assert "'aleppo' is now supported (claims/aleppo.yaml)" in result.stderr
    data = record_data(empty, claim)
    assert data["status"] == "supported"
    first, last = data["history"]
    assert first["status"] == "unverified"
    assert (last["status"], last["by"], last["note"]) == ("supported", "Rev", "ICRC and OCHA agree")
    assert last["at"].utcoffset() == dt.timedelta(0)
    assert before <= last["at"] <= after
    assert "Z\n" in (empty / "claims" / "aleppo.yaml").read_text(encoding="utf-8")


def test_every_status_change_is_kept(run: Run, empty: Path, claim: str) -> None:
    for status in ("disputed", "refuted", "unproven", "supported"):
        assert run(empty, "status", claim, status, "--note", f"now {status}").exit_code == 0
    history = record_data(empty, claim)["history"]
    assert [h["status"] for h in history] == [
        "unverified",
        "disputed",
        "refuted",
        "unproven",
        "supported",
    ]


def test_who_defaults_to_git_user_name(
    run: Run, empty: Path, claim: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Grace Hopper\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert run(empty, "status", claim, "disputed", "--note", "n").exit_code == 0
    assert run(empty, "source", "add", claim, "--publisher", "AFP").exit_code == 0
    assert [h["by"] for h in record_data(empty, claim)["history"][1:]] == ["Grace Hopper"] * 2


def test_who_falls_back_to_the_login_name(
    run: Run, empty: Path, claim: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identity, "git_user_name", lambda cwd: None)
    monkeypatch.setattr(identity.getpass, "getuser", lambda: "loginname")
    assert run(empty, "status", claim, "refuted", "--note", "n").exit_code == 0
    assert record_data(empty, claim)["history"][-1]["by"] == "loginname"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing-claim", "supported", "--note", "n"], "no claim 'missing-claim'"),
        (["../aleppo", "supported", "--note", "n"], "'../aleppo' is not a valid id"),
        (["../../etc/passwd", "supported", "--note", "n"], "is not a valid id"),
        (["aleppo", "supported", "--note", "  "], "--note must say why the status changes"),
        (["aleppo", "supported", "--note", "n", "--by", "a\udce9"], "by: Input should be"),
        (["aleppo", "supported", "--note", "bad \udce9"], "note: Input should be"),
    ],
)
def test_status_refusals(run: Run, empty: Path, claim: str, args: list[str], words: str) -> None:
    before = snapshot(empty)
    result = run(empty, "status", *args)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert words in line
    assert "Traceback" not in result.stderr
    assert snapshot(empty) == before


@pytest.mark.parametrize(
    "args", [["aleppo", "maybe", "--note", "n"], ["aleppo", "supported"], ["aleppo"]]
)
def test_status_usage_errors(run: Run, empty: Path, claim: str, args: list[str]) -> None:
    before = snapshot(empty)
    result = run(empty, "status", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    if "maybe" in args:
        assert "'maybe' is not one of" in result.stderr and "'supported'" in result.stderr
    assert snapshot(empty) == before


def test_status_refuses_a_record_with_comments(run: Run, empty: Path, claim: str) -> None:
    path = empty / "claims" / "aleppo.yaml"
    text = path.read_text(encoding="utf-8")
    write(empty, "claims/aleppo.yaml", "# checked against the ICRC figures\n" + text)
    before = snapshot(empty)
    for args in (["status", claim, "supported", "--note", "n"],
                 ["source", "add", claim, "--publisher", "AFP"]):  # fmt: skip
        result = run(empty, *args)
        assert result.exit_code == 2
        [line] = error_lines(result)
        assert line.startswith("claims/aleppo.yaml:1: error: has a YAML comment")
    assert snapshot(empty) == before


def test_a_hash_inside_a_value_is_not_a_comment(run: Run, empty: Path, claim: str) -> None:
    result = run(empty, "status", claim, "supported", "--note", "see issue #12")
    assert result.exit_code == 0
    assert run(empty, "status", claim, "disputed", "--note", "again").exit_code == 0
    assert record_data(empty, claim)["history"][1]["note"] == "see issue #12"
