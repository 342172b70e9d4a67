"""The explicit registry of rules, one module per family.

====  ===========================================================================
R     records: the file is one valid record, with its own id and a true history
A     anchors: the claim stands, in the recorded words, in its document
S     sources: each source is what it says, and says what its figure says
V     status: the status a person set agrees with the evidence
X     between claims: claims about the same thing can all be true at once
T     time: the claim's date agrees with its document and its words
====  ===========================================================================
"""

from __future__ import annotations

from . import anchors, between, records, sources, status, timing
from .base import Rule

FAMILIES: dict[str, str] = {
    "R": "records",
    "A": "anchors",
    "S": "sources",
    "V": "status",
    "X": "between claims",
    "T": "time",
}

ALL_RULES: tuple[Rule, ...] = (
    *records.RULES,
    *anchors.RULES,
    *sources.RULES,
    *status.RULES,
    *between.RULES,
    *timing.RULES,
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}


def find_rule(code_or_name: str) -> Rule | None:
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
