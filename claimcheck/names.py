"""Telling whether two names stand for the same party.

Sources name their publishers and origins freely: "International Committee of the Red Cross",
"ICRC", "Ingy Sedky (International Committee of the Red Cross)". Two names are the same party
when, ignoring case and punctuation, they are equal, or one is the other's acronym. A name
written as "Person (Organisation)" or "Person, Organisation" speaks for both: a claimant so
written, and a source's origin so written.

Grouping many names (the origins of a claim's sources) goes through a ``PartyIndex``: each name
is filed under the forms that ``same_party`` compares, so finding the names that speak for one
costs a few dictionary look-ups, not a comparison with every name filed.

``short_origin`` gives the short form of a long name that tables and charts show ("ICRC").
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
# Words an acronym skips: "Office for the Coordination of Humanitarian Affairs" -> OCHA.
_SKIPPED = frozenset({"of", "the", "for", "and", "on", "in", "de", "la", "du", "des", "al"})
_WORD_BREAKS = re.compile(r"[\s\-]+")  # between the words of an acronym
_PARTY_BREAKS = re.compile(r"[(),;]")  # between the parties of a name


@lru_cache(maxsize=4096)
def normal(name: str) -> str:
    """Lower-case words joined by single spaces: the name's comparable form."""
    return " ".join(word.casefold().replace("\u2019", "'") for word in _WORD.findall(name))


@lru_cache(maxsize=4096)
def acronym(name: str) -> str | None:
    """The initials of a name of several words ("ICRC"), or None for a one-word name."""
    words = [word for word in _WORD_BREAKS.split(name) if word]
    initials = [
        word[0].upper() for word in words if word.casefold() not in _SKIPPED and word[0].isalpha()
    ]
    return "".join(initials) if len(initials) >= 2 else None


def short_origin(name: str) -> str:
    """A long origin shortened for a table: 'International Committee of the Red Cross' ->
    'ICRC', 'Staffan de Mistura (UN special envoy)' -> 'Staffan de Mistura'."""
    person, bracket, _ = name.partition("(")
    if bracket and person.strip():
        return person.strip()
    short = acronym(name)
    return short if short and len(name) > 24 else name


def _initials(name: str) -> str | None:
    """The letters of a name written as an acronym ("ICRC", "U.N."), else None."""
    letters = name.replace(".", "").strip()
    return letters if len(letters) >= 2 and letters.isupper() and letters.isalpha() else None


@lru_cache(maxsize=1 << 16)
def same_party(a: str, b: str) -> bool:
    """Whether two names stand for the same person or body."""
    normal_a, normal_b = normal(a), normal(b)
    if not normal_a or not normal_b:  # a name with no words ("-", "?") names no one
        return False
    if normal_a == normal_b:
        return True
    initials_a, initials_b = _initials(a), _initials(b)
    if initials_a is not None and initials_a == initials_b:  # "U.N." and "UN"
        return True
    # one is the other's acronym ("ICRC" and its full name)
    return (initials_a is not None and acronym(b) == initials_a) or (
        initials_b is not None and acronym(a) == initials_b
    )


@lru_cache(maxsize=4096)
def parties(name: str) -> tuple[str, ...]:
    """The parties a name speaks for: "Ingy Sedky (ICRC)" -> ("Ingy Sedky", "ICRC")."""
    parts = [part.strip() for part in _PARTY_BREAKS.split(name)]
    return tuple(part for part in parts if part)


@lru_cache(maxsize=1 << 16)
def speaks_for(name: str, party: str) -> bool:
    """Whether ``name`` and ``party`` speak for one party: "Ingy Sedky (ICRC)" speaks for
    "ICRC" and for "Ingy Sedky (International Committee of the Red Cross)"; "ICRC" for
    "Ingy Sedky (ICRC)"; "Staffan de Mistura" for "Staffan de Mistura (UN special envoy)"."""
    if same_party(name, party):
        return True
    ours, theirs = parties(name) or (name,), parties(party) or (party,)
    return any(same_party(mine, other) for mine in ours for other in theirs)


# A form of a name that same_party compares: (level, kind, text). The level keeps a whole
# name's forms apart from those of its parties, as speaks_for compares whole with whole and
# party with party.
Mark = tuple[str, str, str]


def _forms(name: str, level: str, found: set[Mark]) -> None:
    """Add to ``found`` the forms of a name at a level."""
    words = normal(name)
    if not words:  # a name with no words names no one
        return
    found.add((level, "normal", words))
    letters = _initials(name)
    if letters is not None:
        found.add((level, "initials", letters))
    long = acronym(name)
    if long is not None:
        found.add((level, "acronym", long))


def _marks(name: str) -> frozenset[Mark]:
    found: set[Mark] = set()
    _forms(name, "whole", found)
    for party in parties(name) or (name,):
        _forms(party, "part", found)
    return frozenset(found)


@lru_cache(maxsize=4096)
def marks(name: str) -> frozenset[Mark]:
    """The forms a name is filed under: two names speak for one party exactly when a mark of
    one meets a counterpart (``counterparts``) among the marks of the other."""
    return _marks(name)


def counterparts(mark: Mark) -> tuple[Mark, ...]:
    """The marks that meet ``mark``: equal normal forms, equal initials ("U.N." and "UN"),
    and initials against the acronym of a longer name ("ICRC" and its full name)."""
    level, kind, text = mark
    if kind == "normal":
        return (mark,)
    if kind == "initials":
        return ((level, "initials", text), (level, "acronym", text))
    return ((level, "initials", text),)


def _meeting(found: frozenset[Mark]) -> frozenset[Mark]:
    return frozenset(other for mark in found for other in counterparts(mark))


@lru_cache(maxsize=4096)
def meeting(name: str) -> frozenset[Mark]:
    """Every mark that meets a mark of ``name``: another name speaks for one party with it
    exactly when its ``marks`` are not disjoint from these. Worked out once per name, where
    ``speaks_for`` is worked out once per pair of names."""
    return _meeting(marks(name))


# A check's claimants are a third as many as its claims, its origins a few dozen: a claimant's
# meeting marks are kept apart, for the claimants of about a thousand claims (a claimant's
# claims need not come together), and its marks are not kept in the caches of the origins.
@lru_cache(maxsize=1024)
def claimant_meeting(name: str) -> frozenset[Mark]:
    """``meeting`` for a claimant, kept apart from the origins' marks."""
    return _meeting(_marks(name))


class PartyIndex:
    """Names filed by position, found by the party they speak for (see ``speaks_for``).

    A few names are compared one by one, each name's marks against the marks that meet the
    name asked about (most claims group two or three origins, and a dictionary of every mark
    costs more than that); from ``indexed_from`` names on, they are filed under their marks,
    so that many names cost their number, not its square. Both ways give the same answers.
    """

    def __init__(self, indexed_from: int = 8) -> None:
        self._indexed_from = indexed_from
        self._few: list[tuple[int, frozenset[Mark]]] | None = []  # (position, marks still filed)
        self._filed: dict[Mark, list[int]] = {}

    def add(self, name: str, position: int) -> None:
        """File a name; positions must be added in increasing order."""
        few = self._few
        if few is None:
            for mark in marks(name):
                self._filed.setdefault(mark, []).append(position)
            return
        few.append((position, marks(name)))
        if len(few) >= self._indexed_from:  # too many to compare one by one: file them all
            for filed_at, still in few:
                for mark in still:
                    self._filed.setdefault(mark, []).append(filed_at)
            self._few = None

    def first(self, name: str) -> int | None:
        """The lowest position filed whose name speaks for ``name``."""
        meets = meeting(name)
        few = self._few
        if few is not None:
            return next((at for at, still in few if not meets.isdisjoint(still)), None)
        filed = self._filed
        found = [positions[0] for other in meets if (positions := filed.get(other))]
        return min(found) if found else None

    def take(self, name: str) -> set[int]:
        """Every position filed whose name speaks for ``name``, unfiling the marks that met:
        for callers that settle all those positions at once and never ask about them again."""
        meets = meeting(name)
        taken: set[int] = set()
        few = self._few
        if few is not None:
            for number, (at, still) in enumerate(few):
                if not meets.isdisjoint(still):
                    taken.add(at)
                    few[number] = (at, still - meets)
            return taken
        for other in meets:
            taken.update(self._filed.pop(other, ()))
        return taken


def surname(person: str) -> str | None:
    """The last word of a person's name, for finding them in a text."""
    words = _WORD.findall(parties(person)[0]) if parties(person) else []
    return words[-1] if words else None
