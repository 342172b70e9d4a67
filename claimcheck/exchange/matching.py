"""Which claim of the registry an imported review is about.

Two claims are the same when their words are the same once normalised (case, accents, quotes,
dashes, punctuation, spacing, and thousands separators in numbers: "37,500" is "37500") and,
where both record a figure, the figures are the same. A claimcheck id carried by the input
settles it when that claim has the same words. Everything is behind ``ClaimIndex.find``, so a
better matcher (``claimcheck match``) can replace it in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..documents import unaccented_casefold
from ..errors import ClaimcheckError
from ..model import Claim
from ..quantity import Quantity

_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_NOT_WORD = re.compile(r"[^\w]+")


class AmbiguousMatch(ClaimcheckError):
    """An imported claim whose words match several claims of the registry."""


def normal_text(text: str) -> str:
    """A claim's words in comparable form."""
    folded = unaccented_casefold(text)
    folded = _THOUSANDS.sub("", folded)
    folded = _DECIMAL.sub("\x00", folded)  # keep a decimal point between digits
    words = _NOT_WORD.sub(" ", folded).replace("_", " ")
    return " ".join(words.split()).replace("\x00", ".")


def _same_figure(a: Quantity | None, b: Quantity | None) -> bool:
    return a is None or b is None or a.to_data() == b.to_data()


class ClaimIndex:
    """The registry's claims by their normalised words; grows as an import plans new claims."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self.claims: dict[str, Claim] = {}
        self._by_text: dict[str, list[str]] = {}
        for claim in claims:
            self.add(claim)

    def add(self, claim: Claim) -> None:
        self.claims[claim.id] = claim
        self._by_text.setdefault(normal_text(claim.claim), []).append(claim.id)

    def replace(self, claim: Claim) -> None:
        """A claim changed (a source added): same id, same words."""
        self.claims[claim.id] = claim

    def find(self, text: str, quantity: Quantity | None, claim_id: str | None) -> str | None:
        """The id of the claim these words (and figure) stand for, None when there is none;
        AmbiguousMatch when several claims of the registry fit and no id settles it."""
        key = normal_text(text)
        if claim_id is not None:
            known = self.claims.get(claim_id)
            if known is not None and normal_text(known.claim) == key:
                return claim_id
        found = [
            other
            for other in self._by_text.get(key, [])
            if _same_figure(self.claims[other].quantity, quantity)
        ]
        if len(found) > 1:
            raise AmbiguousMatch(
                f"the claim {text!r} matches {len(found)} claims ({', '.join(sorted(found))}); "
                "not imported: make their words differ, or import it by hand"
            )
        return found[0] if found else None
