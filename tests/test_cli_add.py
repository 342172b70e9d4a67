"""claimcheck add."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run, snapshot
from helpers import (
    ARTICLE,
    Q_400K,
    Q_750,
    Q_37500,
    Q_LAVROV,
    add_args,
    child_env,
    error_lines,
    new_id,
    record_data,
    record_file,
    write,
)

from claimcheck.store import Store


def test_add_with_every_option(run: Run, empty: Path) -> None:
    whole = new_id(run(empty, *add_args("About 37,500 people left Aleppo.", Q_37500,
                                        "--id", "aleppo-total")))  # fmt: skip
    result = run(
        empty,
        *add_args("750 people were evacuated from Fuaa and Kafraya.", Q_750, by="Reviewer One"),
        "--quantity", "750 people",
        "--subject", "fuaa-kafraya-evacuation",
        "--measure", "people-evacuated",
        "--cumulative",
        "--as-of", "2016-12-20",
        "--part-of", whole,
        "--claimant", "Ingy Sedky",
        "--tag", "evacuation",
        "--tag", "red-cross",
        "--status", "supported",
        "--id", "fuaa-kafraya-evacuated",
        "--note", "From the Red Cross spokeswoman.",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = record_data(empty, "fuaa-kafraya-evacuated")
    history = data.pop("history")
    anchor = data.pop("anchor")
    assert data == {
        "id": "fuaa-kafraya-evacuated",
        "claim": "750 people were evacuated from Fuaa and Kafraya.",
        "claimant": "Ingy Sedky",
        "subject": "fuaa-kafraya-evacuation",
        "measure": "people-evacuated",
        "quantity": "750 people",
        "cumulative": True,
        "as_of": dt.date(2016, 12, 20),
        "part_of": "aleppo-total",
        "status": "supported",
        "tags": ["evacuation", "red-cross"],
    }
    text = (empty / ARTICLE).read_text(encoding="utf-8")
    assert anchor["document"] == ARTICLE and anchor["exact"] == Q_750
    assert text[anchor["start"] : anchor["end"]] == Q_750
    assert text[: anchor["start"]].endswith(anchor["prefix"]) and anchor["prefix"]
    assert text[anchor["end"] :].startswith(anchor["suffix"]) and anchor["suffix"]
    [entry] = history
    assert (entry["status"], entry["by"], entry["note"]) == (
        "supported",
        "Reviewer One",
        "From the Red Cross spokeswoman.",
    )


def test_add_prints_the_new_file(run: Run, empty: Path) -> None:
    result = run(empty, *add_args("37,500 people were evacuated.", Q_37500))
    assert result.exit_code == 0
    path = record_file(empty, "37500-people-were-evacuated")
    assert result.stdout == path.read_text(encoding="utf-8")
    assert (
        "Added claim '37500-people-were-evacuated' in claims/37500-people-were-evacuated.yaml"
        in (result.stderr)
    )


def test_minimal_add_defaults(run: Run, empty: Path) -> None:
    claim_id = new_id(run(empty, *add_args("Lavrov welcomed the ministers.", Q_LAVROV)))
    data = record_data(empty, claim_id)
    assert claim_id == "lavrov-welcomed-the-ministers"
    assert data["status"] == "unverified"
    assert str(data["as_of"]) == "2016-12-21"  # the document's date from claimcheck.yaml
    assert [h["status"] for h in data["history"]] == ["unverified"]
    assert data["history"][0]["note"] == f"Recorded from {ARTICLE}."
    assert set(data) == {"id", "claim", "as_of", "anchor", "status", "history"}


def test_as_of_from_a_sidecar(run: Run, empty: Path) -> None:
    write(empty, "seeds/other.txt", "Officials said 1,200 people left the town on Monday.\n")
    write(empty, "seeds/other.txt.meta.yaml", "title: Other\npublished: 2017-01-05\n")
    claim_id = new_id(
        run(empty, *add_args("1,200 people left.", "1,200 people left", document="seeds/other.txt"))
    )
    assert str(record_data(empty, claim_id)["as_of"]) == "2017-01-05"


def test_a_document_path_spelt_another_way_is_recorded_canonically(run: Run, empty: Path) -> None:
    claim_id = new_id(run(empty, *add_args("x", Q_LAVROV, document="./" + ARTICLE)))
    data = record_data(empty, claim_id)
    assert data["anchor"]["document"] == ARTICLE
    assert str(data["as_of"]) == "2016-12-21"


def test_derived_ids_get_a_number_instead_of_overwriting(run: Run, empty: Path) -> None:
    first = run(empty, *add_args("37,500 people were evacuated.", Q_37500))
    before = record_file(empty, new_id(first)).read_bytes()
    second = run(empty, *add_args("37,500 people were evacuated.", Q_37500, "--note", "again"))
    third = run(empty, *add_args("37,500 people were evacuated.", Q_37500))
    assert [new_id(r) for r in (first, second, third)] == [
        "37500-people-were-evacuated",
        "37500-people-were-evacuated-2",
        "37500-people-were-evacuated-3",
    ]
    assert record_file(empty, "37500-people-were-evacuated").read_bytes() == before


def test_derived_id_taken_by_a_yml_file_is_not_reused(run: Run, empty: Path) -> None:
    write(empty, "claims/lavrov.yml", "id: lavrov\n")
    assert new_id(run(empty, *add_args("Lavrov", Q_LAVROV))) == "lavrov-2"


def test_an_explicit_id_that_exists_fails_and_keeps_the_file(run: Run, empty: Path) -> None:
    run(empty, *add_args("37,500 people were evacuated.", Q_37500, "--id", "taken"))
    before = snapshot(empty)
    result = run(empty, *add_args("Something else.", Q_LAVROV, "--id", "taken"))
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = error_lines(result)
    assert "claim 'taken' already exists (claims/taken.yaml); choose another --id" in line
    assert snapshot(empty) == before


@pytest.mark.parametrize("no_input", [True, False])
def test_missing_required_fields_fail_with_one_message(
    run: Run, empty: Path, no_input: bool
) -> None:
    # Not a terminal here (the test runner's stdin), so nothing is prompted for either way.
    args = ["add", "--quantity", "750 people"] + (["--no-input"] if no_input else [])
    result = run(empty, *args)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("error: missing --claim, --document, --quote (required;")
    assert list((empty / "claims").iterdir()) == []


def test_only_the_missing_fields_are_listed(run: Run, empty: Path) -> None:
    result = run(empty, "add", "--claim", "x", "--quote", "  ", "--no-input")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("error: missing --document, --quote (required;")


def _on_a_terminal(root: Path, args: list[str], typed: bytes) -> subprocess.CompletedProcess[str]:
    """Run the command with a pseudo-terminal as its stdin, typing ``typed`` into it."""
    master, slave = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "--root", str(root), *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        os.close(slave)
        slave = -1
        os.write(master, typed)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_on_a_terminal_missing_fields_are_asked_for(empty: Path) -> None:
    done = _on_a_terminal(
        empty,
        ["add", "--document", ARTICLE, "--by", "tester", "--id", "asked"],
        b"\n  \nLavrov met the ministers.\n" + Q_LAVROV.encode() + b"\n",  # blanks: asked again
    )
    assert done.returncode == 0, done.stderr
    data = record_data(empty, "asked")
    assert data["claim"] == "Lavrov met the ministers."
    assert data["anchor"]["exact"] == Q_LAVROV
    assert done.stderr.count("Claim:") == 3 and done.stderr.count("Quote:") == 1
    # the prompts do not get mixed into the record printed on stdout
    assert done.stdout == record_file(empty, "asked").read_text(encoding="utf-8")


def test_no_input_on_a_terminal_does_not_ask(empty: Path) -> None:
    done = _on_a_terminal(empty, ["add", "--claim", "x", "--no-input"], b"typed\n")
    assert done.returncode == 2
    assert "Claim:" not in done.stdout + done.stderr
    assert "error: missing --document, --quote" in done.stderr
    assert list((empty / "claims").iterdir()) == []


def test_a_quote_not_in_the_document_offers_the_closest_passage(run: Run, empty: Path) -> None:
    before = snapshot(empty)
    result = run(empty, *add_args("x", "brought out 37,000 people"))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert f"the quote 'brought out 37,000 people' is not in {ARTICLE}" in line
    assert "the closest passage (line 39) is 'brought out 37,500 people'" in line
    assert snapshot(empty) == before


def test_a_quote_found_twice_asks_for_more_words(run: Run, empty: Path) -> None:
    before = snapshot(empty)
    result = run(empty, *add_args("x", "Lavrov said"))
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "stands 2 times" in line and "(lines 21, 25)" in line
    assert "quote more words so that it is found once" in line
    assert snapshot(empty) == before


def test_a_quote_with_other_quotes_and_spacing_is_found(run: Run, empty: Path) -> None:
    claim_id = new_id(run(empty, *add_args("x", "killed   MORE than 400,000 people")))
    assert record_data(empty, claim_id)["anchor"]["exact"] == Q_400K


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--part-of", "nothing"], "--part-of: no claim 'nothing'; add the whole first"),
        (["--part-of", "../escape"], "'../escape' is not a valid id"),
        (["--id", "../escape"], "id: '../escape' is not a valid id"),
        (["--id", "Bad Id"], "is not a valid id"),
        (["--quantity", "lots and lots"], "--quantity: 'lots and lots' is not a quantity"),
        (["--document", "seeds/missing.txt"], "seeds/missing.txt: error: no such document"),
        (["--document", "../outside.txt"], "must be relative to the registry root"),
        (["--document", "/etc/hostname"], "must be relative to the registry root"),
    ],
)  # fmt: skip
def test_add_refusals(run: Run, empty: Path, extra: list[str], words: str) -> None:
    args = add_args("37,500 people were evacuated.", Q_37500)
    if "--document" in extra:
        position = args.index("--document")
        del args[position : position + 2]
    before = snapshot(empty)
    result = run(empty, *args, *extra)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert words in line
    assert "Traceback" not in result.stderr
    assert snapshot(empty) == before
    assert not (empty.parent / "escape.yaml").exists()


@pytest.mark.parametrize(
    "extra", [["--status", "maybe"], ["--as-of", "21/12/2016"], ["--colour", "red"]]
)
def test_add_usage_errors(run: Run, empty: Path, extra: list[str]) -> None:
    result = run(empty, *add_args("x", Q_37500), *extra)
    assert result.exit_code == 2
    assert extra[0] in result.stderr or extra[1] in result.stderr
    assert list((empty / "claims").iterdir()) == []


def test_part_of_an_existing_claim(run: Run, empty: Path) -> None:
    run(empty, *add_args("Total.", Q_37500, "--id", "whole"))
    part = new_id(run(empty, *add_args("Part.", Q_750, "--part-of", "whole")))
    assert record_data(empty, part)["part_of"] == "whole"


def test_the_added_record_loads(run: Run, empty: Path) -> None:
    claim_id = new_id(run(empty, *add_args("37,500 people.", Q_37500, "--quantity",
                                           "more than 37,000 people")))  # fmt: skip
    registry = Store(empty).load()
    assert registry.problems == []
    assert str(registry.records[claim_id].claim.quantity) == "more than 37,000 people"


def test_messages_stay_one_line_on_a_narrow_terminal(
    run: Run, empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    added = run(empty, *add_args("37,500 people were evacuated.", Q_37500))
    assert added.exit_code == 0
    assert error_lines(added) == [
        "Added claim '37500-people-were-evacuated' in claims/37500-people-were-evacuated.yaml"
    ]
    failed = run(empty, *add_args("x", "brought out 37,000 people"))
    assert failed.exit_code == 2
    [line] = error_lines(failed)
    assert line.startswith("error: the quote") and line.endswith("the document's exact words")
