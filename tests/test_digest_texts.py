"""A new digest's JSON texts, written once: the whole and the held part cut from it.

``digest_texts`` writes a digest once and cuts the text the engine holds of it (``HELD``) from
that whole; these tests hold both to what writing each on its own gives, byte for byte, also
where a text inside the digest spells the key the cut looks for.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.digest import HELD, compact_json, digest_texts
from claimcheck.quantity import Qualifier, Quantity


def written(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


TEXTS = st.one_of(
    st.text(max_size=20),
    st.sampled_from([',"verdict":', '"verdict":{"word"', ',"span":null}', "\\", '"']),
)


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS, st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=2))
def test_the_held_text_is_cut_from_the_whole_as_written_alone(
    publisher: str, reason: str, span: list[int]
) -> None:
    digest = {
        "format": 1,
        "path": f"claims/{publisher}.yaml",
        "id": reason,
        "id_at": [1, 1],
        "document": None,
        "hits": [["A105", reason, "quantity", 7, 3, None, None]],
        "facts": {"subject": reason, "interval": [1.5, "inf", False, False]},
        "verdict": {"word": "refuted", "reason": reason, "sources": [[0, publisher, reason]]},
        "span": span,
    }
    whole, held = digest_texts(digest)
    assert whole == written(digest) == compact_json(digest)
    assert held == written({name: digest[name] for name in HELD})


def test_a_digest_that_did_not_load_has_no_held_text() -> None:
    digest = {"format": 1, "path": "claims/a.yaml", "problems": [["syntax", "x", None, 1, 1]]}
    assert digest_texts(digest) == (written(digest), None)


def test_a_figure_knows_its_text_once_it_has_written_it() -> None:
    figure = Quantity(Qualifier.ABOUT, Decimal(1500), unit="People")  # a new one
    assert figure.known_text() is None
    assert str(figure) == "about 1,500 people"
    assert figure.known_text() == "about 1,500 people"
