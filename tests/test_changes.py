"""Changes to a registry through the library: new registries, claims, sources, statuses, fmt,
and who and when each history entry records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import (
    ARTICLE,
    ARTICLE_DATE,
    Q_750,
    Q_37500,
    Q_LAVROV,
    good_record,
    messy_record,
    write,
)

from claimcheck import identity
from claimcheck.cache import CACHE_FOLDER
from claimcheck.changes import (
    NewClaim,
    add_claim,
    add_source,
    format_records,
    init_registry,
    set_status,
    slugify,
)
from claimcheck.config import CONFIG_FILE
from claimcheck.errors import ClaimcheckError, ExistsError, NotFoundError
from claimcheck.quantity import Qualifier, Quantity
from claimcheck.store import LOCK_FILE, Store
from claimcheck.vocab import Stance, Status

NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


def new(**fields: object) -> NewClaim:
    base: dict[str, object] = {"claim": "37,500 people were evacuated.", "document": ARTICLE,
                               "quote": Q_37500}  # fmt: skip
    base.update(fields)
    return NewClaim(**base)  # type: ignore[arg-type]


# --- init ------------------------------------------------------------------------------------


def test_init_registry_makes_an_empty_registry(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "registry"
    created = init_registry(folder)
    assert created == ["claims/", "seeds/", CONFIG_FILE, ".gitignore"]
    assert (folder / "claims").is_dir() and (folder / "seeds").is_dir()
    assert (folder / ".gitignore").read_text(encoding="utf-8") == f"{LOCK_FILE}\n{CACHE_FOLDER}/\n"
    store = Store(folder)
    assert store.config.documents == {} and store.config.tolerance == 0.1
    assert store.load().records == {}


def test_init_registry_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n.venv/\n", encoding="utf-8")
    init_registry(tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        f"*.pyc\n.venv/\n{LOCK_FILE}\n{CACHE_FOLDER}/\n"
    )


def test_init_registry_refuses_an_existing_registry(empty: Path) -> None:
    before = (empty / CONFIG_FILE).read_bytes()
    with pytest.raises(ClaimcheckError, match="registry already"):
        init_registry(empty)
    assert (empty / CONFIG_FILE).read_bytes() == before
    assert not (empty / ".gitignore").exists()


# --- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("37,500 people were evacuated from Aleppo.", "37500-people-were-evacuated-from-aleppo"),
        ("Ça coûte: 5 € — très cher!", "ca-coute-5-tres-cher"),
        ("one two three four five six seven eight nine ten",
         "one-two-three-four-five-six-seven-eight"),
        ("!!!", "claim"),
        ("\u4e2d\u6587", "claim"),
    ],
)  # fmt: skip
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_leaves_room_for_a_suffix() -> None:
    assert len(slugify("a" * 200)) <= 76
    assert len(slugify(" ".join(["abcdefghij"] * 8))) <= 76


# --- add -------------------------------------------------------------------------------------


def test_add_claim_fills_in_anchor_date_status_and_history(empty: Path) -> None:
    store = Store(empty)
    record = add_claim(
        store,
        new(quantity="37,500 people", subject="aleppo", measure="people-evacuated",
            cumulative=True, claimant="Mevlut Cavusoglu", tags=["evacuation", " "]),
        "tester",
        NOW,
    )  # fmt: skip
    claim = record.claim
    assert claim.id == "37500-people-were-evacuated"
    assert claim.as_of == ARTICLE_DATE
    assert claim.status is Status.UNVERIFIED
    assert claim.quantity == Quantity(Qualifier.EXACT, 37500, unit="people")
    assert claim.cumulative is True
    assert claim.tags == ["evacuation"]
    text = (empty / ARTICLE).read_text(encoding="utf-8")
    assert claim.anchor.start is not None and claim.anchor.end is not None
    assert text[claim.anchor.start : claim.anchor.end] == Q_37500
    assert claim.anchor.prefix and claim.anchor.suffix
    assert [(h.at, h.status, h.by) for h in claim.history] == [(NOW, Status.UNVERIFIED, "tester")]
    assert claim.history[0].note == f"Recorded from {ARTICLE}."
    assert store.get(claim.id).claim == claim


def test_as_of_defaults_to_the_sidecar_date(empty: Path) -> None:
    write(empty, "seeds/other.txt", "Officials said 1,200 people left the town on Monday.")
    write(empty, "seeds/other.txt.meta.yaml", "published: 2017-01-05\n")
    record = add_claim(
        Store(empty),
        NewClaim(claim="1,200 people left.", document="seeds/other.txt", quote="1,200 people"),
        "tester",
    )
    assert record.claim.as_of == dt.date(2017, 1, 5)


def test_as_of_without_a_known_date_is_left_out(empty: Path) -> None:
    write(empty, "seeds/other.txt", "Officials said 1,200 people left.")
    record = add_claim(
        Store(empty),
        NewClaim(claim="1,200 people left.", document="seeds/other.txt", quote="1,200 people"),
        "tester",
    )
    assert record.claim.as_of is None
    assert "as_of" not in record.text


def test_a_given_as_of_wins(empty: Path) -> None:
    record = add_claim(Store(empty), new(as_of=dt.date(2016, 12, 20)), "tester")
    assert record.claim.as_of == dt.date(2016, 12, 20)


def test_document_path_is_recorded_in_canonical_form(empty: Path) -> None:
    record = add_claim(Store(empty), new(document="./" + ARTICLE), "tester")
    assert record.claim.anchor.document == ARTICLE
    assert record.claim.as_of == ARTICLE_DATE  # found in claimcheck.yaml under its real name


def test_derived_ids_are_never_reused(empty: Path) -> None:
    store = Store(empty)
    ids = [add_claim(store, new(), "tester").claim.id for _ in range(3)]
    assert ids == [
        "37500-people-were-evacuated",
        "37500-people-were-evacuated-2",
        "37500-people-were-evacuated-3",
    ]


def test_derived_id_taken_by_a_racing_writer_moves_on(
    empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(empty)
    real_create = Store.create

    def create_after_a_rival(self: Store, claim: object) -> object:
        if not (empty / "claims" / "37500-people-were-evacuated.yaml").exists():
            write(empty, "claims/37500-people-were-evacuated.yaml", "rival\n")
        return real_create(self, claim)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "create", create_after_a_rival)
    record = add_claim(store, new(), "tester")
    assert record.claim.id == "37500-people-were-evacuated-2"
    assert (empty / "claims" / "37500-people-were-evacuated.yaml").read_text() == "rival\n"


def test_an_explicit_id_that_exists_is_refused(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="taken"), "tester")
    before = (empty / "claims" / "taken.yaml").read_bytes()
    with pytest.raises(ExistsError, match="already exists"):
        add_claim(store, new(id="taken", claim="Something else."), "tester")
    assert (empty / "claims" / "taken.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"quote": "brought out 37,000 people"},
         "the closest passage (line 39) is 'brought out 37,500 people'"),
        ({"quote": "Lavrov said"}, "stands 2 times"),
        ({"quote": "Lavrov said"}, "quote more words"),
        ({"part_of": "no-such-claim"}, "--part-of: no claim 'no-such-claim'"),
        ({"part_of": "../x"}, "is not a valid id"),
        ({"quantity": "lots"}, "--quantity"),
        ({"document": "seeds/missing.txt"}, "no such document"),
        ({"document": "../outside.txt"}, "must be relative to the registry root"),
        ({"id": "../evil"}, "is not a valid id"),
        ({"claim": " ", "quote": ""}, "missing --claim, --quote"),
    ],
)  # fmt: skip
def test_add_claim_refusals_write_nothing(
    empty: Path, fields: dict[str, object], words: str
) -> None:
    with pytest.raises(ClaimcheckError) as err:
        add_claim(Store(empty), new(**fields), "tester")
    assert words in str(err.value)
    assert list((empty / "claims").iterdir()) == []
    assert not (empty.parent / "evil.yaml").exists()


def test_part_of_an_existing_claim(empty: Path) -> None:
    store = Store(empty)
    whole = add_claim(store, new(id="whole"), "tester")
    part = add_claim(store, new(claim="750 left Fuaa.", quote=Q_750, part_of="whole"), "tester")
    assert part.claim.part_of == whole.claim.id


# --- sources and statuses --------------------------------------------------------------------


def test_add_source_appends_a_source_and_a_history_entry(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="c", status=Status.SUPPORTED), "first", NOW)
    later = NOW + dt.timedelta(hours=1)
    fields = {"publisher": "Arab News", "via": "AFP", "url": "https://example.org/a",
              "quantity": "about 37,000 people", "as_of": dt.date(2016, 12, 20),
              "stance": Stance.SUPPORTS, "title": None, "quote": ""}  # fmt: skip
    record = add_source(store, "c", fields, "second", None, later)
    claim = store.get("c").claim
    assert claim == record.claim
    [source] = claim.sources
    assert (source.publisher, source.via, source.url) == ("Arab News", "AFP", fields["url"])
    assert source.quantity == Quantity(Qualifier.ABOUT, 37000, unit="people")
    assert source.title is None and source.quote is None  # empty options are left out
    assert claim.status is Status.SUPPORTED  # unchanged
    assert [(h.by, h.at, h.status) for h in claim.history] == [
        ("first", NOW, Status.SUPPORTED),
        ("second", later, Status.SUPPORTED),
    ]
    assert claim.history[1].note == "Added source: Arab News (about 37,000 people)."
    add_source(store, "c", {"publisher": "AFP"}, "third", "Read the wire.", later)
    claim = store.get("c").claim
    assert [s.publisher for s in claim.sources] == ["Arab News", "AFP"]
    assert claim.history[-1].note == "Read the wire."


def test_add_source_refusals(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="c"), "tester")
    add_source(store, "c", {"publisher": "AFP", "url": "https://a.org"}, "tester")
    before = (empty / "claims" / "c.yaml").read_bytes()
    with pytest.raises(ClaimcheckError, match=r"already has this source \(number 1, from 'AFP'\)"):
        add_source(store, "c", {"publisher": "AFP", "url": "https://a.org"}, "tester")
    with pytest.raises(ClaimcheckError, match="--quantity"):
        add_source(store, "c", {"publisher": "AFP", "quantity": "many"}, "tester")
    with pytest.raises(ClaimcheckError, match="publisher"):
        add_source(store, "c", {"publisher": ""}, "tester")
    with pytest.raises(NotFoundError):
        add_source(store, "missing", {"publisher": "AFP"}, "tester")
    assert (empty / "claims" / "c.yaml").read_bytes() == before


def test_one_page_may_give_several_figures(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="c"), "tester")
    page = {"publisher": "dpa", "url": "https://selliyal.com/archives/151628"}
    add_source(store, "c", {**page, "quantity": "25,000 people"}, "tester")
    add_source(store, "c", {**page, "quantity": "16,200 people", "via": "SOHR"}, "tester")
    figures = [str(source.quantity) for source in store.get("c").claim.sources]
    assert figures == ["25,000 people", "16,200 people"]


def test_set_status_records_why_who_and_when(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="c"), "tester", NOW)
    later = NOW + dt.timedelta(days=1)
    record = set_status(store, "c", Status.DISPUTED, "  OCHA says fewer.  ", "reviewer", later)
    assert record.claim.status is Status.DISPUTED
    last = store.get("c").claim.history[-1]
    assert (last.at, last.status, last.by, last.note) == (
        later,
        Status.DISPUTED,
        "reviewer",
        "OCHA says fewer.",
    )
    assert len(store.get("c").claim.history) == 2


@pytest.mark.parametrize(
    ("note", "by", "words"),
    [(" ", "reviewer", "--note must say why"), ("ok", "bad\udce9name", "by: Input should be")],
)
def test_set_status_refusals_change_nothing(empty: Path, note: str, by: str, words: str) -> None:
    store = Store(empty)
    add_claim(store, new(id="c"), "tester", NOW)
    before = (empty / "claims" / "c.yaml").read_bytes()
    with pytest.raises(ClaimcheckError, match=words):
        set_status(store, "c", Status.SUPPORTED, note, by)
    assert (empty / "claims" / "c.yaml").read_bytes() == before


def test_history_time_is_now_in_utc(empty: Path) -> None:
    store = Store(empty)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    add_claim(store, new(id="c"), "tester")
    set_status(store, "c", Status.SUPPORTED, "checked", "tester")
    after = dt.datetime.now(dt.timezone.utc)
    for entry in store.get("c").claim.history:
        assert entry.at.utcoffset() == dt.timedelta(0)
        assert before <= entry.at <= after
    assert "Z\n" in (empty / "claims" / "c.yaml").read_text(encoding="utf-8")


# --- who -------------------------------------------------------------------------------------


def test_current_user_prefers_by_then_git_then_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identity, "git_user_name", lambda cwd: "Git Name")
    monkeypatch.setattr(identity.getpass, "getuser", lambda: "login")
    assert identity.current_user(tmp_path, "  Given  ") == "Given"
    assert identity.current_user(tmp_path, "  ") == "Git Name"
    assert identity.current_user(tmp_path) == "Git Name"
    monkeypatch.setattr(identity, "git_user_name", lambda cwd: None)
    assert identity.current_user(tmp_path) == "login"

    def no_login() -> str:
        raise KeyError("uid")

    monkeypatch.setattr(identity.getpass, "getuser", no_login)
    assert identity.current_user(tmp_path) == "unknown"


def test_git_user_name_reads_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ada Lovelace\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert identity.git_user_name(tmp_path) == "Ada Lovelace"
    config.write_text("", encoding="utf-8")
    assert identity.git_user_name(tmp_path) is None


# --- fmt -------------------------------------------------------------------------------------


def test_format_records(empty: Path) -> None:
    store = Store(empty)
    add_claim(store, new(id="canonical", claim="Lavrov met them.", quote=Q_LAVROV), "tester")
    write(empty, "claims/messy.yaml", messy_record("messy"))
    write(empty, "claims/broken.yaml", "id: [broken\n")
    canonical = (empty / "claims" / "canonical.yaml").read_bytes()
    messy = (empty / "claims" / "messy.yaml").read_bytes()

    checked = format_records(store, check=True)
    assert checked.changed == ["claims/messy.yaml"]
    assert [p.path for p in checked.problems] == ["claims/broken.yaml"]
    assert (empty / "claims" / "messy.yaml").read_bytes() == messy

    meaning = store.get("messy").claim  # read from the hand-written file, before fmt
    done = format_records(store, check=False)
    assert done.changed == ["claims/messy.yaml"]
    assert (empty / "claims" / "canonical.yaml").read_bytes() == canonical
    assert (empty / "claims" / "broken.yaml").read_bytes() == b"id: [broken\n"
    assert (empty / "claims" / "messy.yaml").read_bytes() != messy
    assert Store(empty).get("messy").claim == meaning
    assert format_records(store, check=True).changed == []


def test_format_records_does_not_report_a_refused_rewrite_as_done(empty: Path) -> None:
    path = write(empty, "claims/noted.yaml", good_record("noted") + "# a comment\n")
    before = path.read_bytes()
    result = format_records(Store(empty), check=False)
    assert result.changed == []
    assert [(p.path, p.line) for p in result.problems] == [("claims/noted.yaml", 7)]
    assert path.read_bytes() == before
