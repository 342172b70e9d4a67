"""``claimcheck match``, and the index behind it: restatements found without comparing with
every claim."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from conftest import ARTICLE, Run

from claimcheck.extract.matching import SHORTLIST, ClaimIndex, Entry, comparable
from claimcheck.quantity import Qualifier, Quantity, parse_quantity


def _matches(run: Run, root: Path, text: str) -> list[dict[str, object]]:
    result = run(root, "match", text, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["matches"]  # type: ignore[no-any-return]


def test_a_paraphrase_finds_the_refuted_total(run: Run, shipped: Path) -> None:
    found = _matches(run, shipped, "Turkey says about 37,000 people have been bussed out of Aleppo")
    assert [m["id"] for m in found] == ["aleppo-evacuated-total"]
    assert found[0]["status"] == "refuted" and found[0]["verdict"] == "refuted"
    assert found[0]["refuted"] is True
    table = run(shipped, "match", "Turkey says about 37,000 people have been bussed out of Aleppo")
    assert "already refuted!" in table.stdout


def test_a_figure_far_from_the_claims_does_not_match(run: Run, shipped: Path) -> None:
    assert _matches(run, shipped, "Turkey says about 3,000 people have left Aleppo") == []
    assert _matches(run, shipped, "The weather in Lisbon was mild.") == []


def test_the_article_gives_back_every_shipped_claim(run: Run, shipped: Path) -> None:
    found = _matches(run, shipped, str(shipped / ARTICLE))
    assert {m["id"] for m in found} == {p.stem for p in (shipped / "claims").glob("*.yaml")}
    assert all(m["similarity"] == 1.0 for m in found)


def test_the_words_alone_find_a_claim_without_a_figure(run: Run, shipped: Path) -> None:
    found = _matches(
        run, shipped, "The goal is to complete the evacuation process by Wednesday, he said."
    )
    assert "evacuation-complete-by-wednesday" in [m["id"] for m in found]


def _index(n: int) -> ClaimIndex:
    """n claims, each about its own town and a figure of its own, all counting people."""
    entries = []
    for i in range(n):
        town = "".join(chr(ord("a") + int(d)) for d in f"{i:06d}")
        text = comparable(f"Officials in {town}ville say {1000 + i} people were evacuated")
        quantity = Quantity(Qualifier.EXACT, Decimal(1000 + i), unit="people")
        entries.append(
            Entry(f"c{i}", f"claims/c{i}.yaml", text, "", None, None, None, None, None, quantity)
        )
    return ClaimIndex(entries, 0.1)


def test_the_shortlist_does_not_grow_with_the_registry() -> None:
    sentence = "Officials in aaabbbville say about 1,100 people were evacuated"
    quantity = parse_quantity("about 1,100 people")
    small, large = _index(1_000), _index(4_000)
    shortlist_small = small.shortlist(sentence, quantity)[0]
    shortlist_large = large.shortlist(sentence, quantity)[0]
    # words common to every claim shortlist nothing; the figure alone shortlists nothing
    assert len(shortlist_small) == len(shortlist_large) == 1 <= SHORTLIST
    found = large.find(sentence, quantity)
    assert [hit.id for hit in found][:1] == ["c111"]
