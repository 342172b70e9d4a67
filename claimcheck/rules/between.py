"""Between claims: claims about the same thing can all be true at once.

Claims are grouped by key (subject and measure, and date where it matters), so the cost grows
with the number of claims, not its square.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..quantity import Interval
from ..vocab import Severity
from .base import ClaimFacts, Hit, RegistryFacts, rule


def _lower_key(interval: Interval) -> tuple[float, bool]:
    # a higher low, and at equal lows an open one, lies further up
    return (interval.low, not interval.low_closed)


def _upper_key(interval: Interval) -> tuple[float, bool]:
    return (interval.high, interval.high_closed)


@rule("X101", "conflicting-figures", Severity.ERROR, scope="registry")
def conflicting_figures(registry: RegistryFacts) -> Iterator[Hit]:
    """Two claims with the same subject, measure and date give figures that cannot both be
    true (their intervals do not overlap).

    Fails:

        # claims/a.yaml                      # claims/b.yaml
        subject: east-aleppo-evacuation      subject: east-aleppo-evacuation
        measure: people-evacuated            measure: people-evacuated
        as_of: 2016-12-20                    as_of: 2016-12-20
        quantity: 37,500 people              quantity: about 25,000 people

    Passes: the same with ``quantity: more than 25,000 people`` in b.
    """
    groups: dict[tuple[str, str, dt.date], list[tuple[ClaimFacts, Interval]]] = defaultdict(list)
    for claim in registry.claims.values():
        interval = claim.interval
        if interval is None or not (claim.subject and claim.measure and claim.as_of):
            continue
        groups[(claim.subject, claim.measure, claim.as_of)].append((claim, interval))
    for (subject, measure, when), members in groups.items():
        if len(members) < 2:
            continue
        highest = max(members, key=lambda member: _lower_key(member[1]))
        lowest = min(members, key=lambda member: _upper_key(member[1]))
        for claim, interval in members:
            for other, other_interval in (highest, lowest):
                if other is claim or interval.overlaps(other_interval):
                    continue
                yield Hit(
                    f"{claim.quantity} {interval} cannot be true together with "
                    f"'{other.id}' ({other.quantity} {other_interval}): same "
                    f"subject {subject!r}, measure {measure!r} and date {when}",
                    ("quantity",),
                    claim=claim.id,
                )
                break


@rule("X102", "falling-total", Severity.ERROR, scope="registry")
def falling_total(registry: RegistryFacts) -> Iterator[Hit]:
    """A running total (``cumulative: true``) falls over time: a later claim's figure lies
    wholly below an earlier claim's for the same subject and measure.

    Fails:

        # claims/a.yaml: as_of: 2016-12-20, quantity: 37,500 people, cumulative: true
        # claims/b.yaml: as_of: 2016-12-22, quantity: about 30,000 people, cumulative: true

    Passes: b with ``quantity: about 35,000 people`` (up to 38,500, so it may have grown).
    """
    series: dict[tuple[str, str], list[tuple[dt.date, ClaimFacts, Interval]]] = defaultdict(list)
    for claim in registry.claims.values():
        interval = claim.interval
        if interval is None or not claim.cumulative:
            continue
        if not (claim.subject and claim.measure and claim.as_of):
            continue
        series[(claim.subject, claim.measure)].append((claim.as_of, claim, interval))
    for members in series.values():
        members.sort(key=lambda member: member[0])
        best: tuple[dt.date, ClaimFacts, Interval] | None = None  # the highest earlier floor
        position = 0
        while position < len(members):
            day = members[position][0]
            end = position + 1
            while end < len(members) and members[end][0] == day:  # sorted: one day is a run
                end += 1
            same_day = members[position:end]
            for _, claim, interval in same_day:
                if best is not None and not interval.overlaps(best[2].floor()):
                    earlier_day, earlier, earlier_interval = best
                    yield Hit(
                        f"a running total falls: {claim.quantity} {interval} on {day} "
                        f"is below '{earlier.id}' ({earlier.quantity} "
                        f"{earlier_interval}) on {earlier_day}",
                        ("quantity",),
                        claim=claim.id,
                    )
            for member in same_day:
                if best is None or _lower_key(member[2]) > _lower_key(best[2]):
                    best = member
            position += len(same_day)


@rule("X103", "part-exceeds-whole", Severity.ERROR, scope="registry")
def part_exceeds_whole(registry: RegistryFacts) -> Iterator[Hit]:
    """A part (``part_of``) is larger than its whole: its figure lies wholly above the
    figure of the claim it is part of.

    Fails:

        # claims/fighters.yaml: part_of: evacuated-total, quantity: over 40,000 people
        # claims/evacuated-total.yaml: quantity: about 34,000 people

    Passes: ``quantity: over 4,000 people`` for the fighters.
    """
    for claim in registry.claims.values():
        whole_id = claim.part_of
        if whole_id is None:
            continue
        whole = registry.claim(whole_id)
        part_interval = claim.interval
        whole_interval = whole.interval if whole is not None else None
        if whole is None or part_interval is None or whole_interval is None:
            continue
        if not part_interval.overlaps(whole_interval.ceiling()):
            yield Hit(
                f"the part {claim.quantity} {part_interval} is larger than its whole "
                f"'{whole_id}' ({whole.quantity} {whole_interval})",
                ("quantity",),
                claim=claim.id,
            )


@rule("X104", "unknown-whole", Severity.ERROR, scope="registry")
def unknown_whole(registry: RegistryFacts) -> Iterator[Hit]:
    """``part_of`` names a claim that is not in the registry (or does not load).

    Fails: ``part_of: no-such-claim``.

    Passes: ``part_of: aleppo-evacuated-total`` where claims/aleppo-evacuated-total.yaml loads.
    """
    for claim in registry.claims.values():
        whole_id = claim.part_of
        if whole_id is not None and registry.claim(whole_id) is None:
            yield Hit(
                f"part_of names {whole_id!r}, which is not a claim that loads",
                ("part_of",),
                claim=claim.id,
            )


RULES = (conflicting_figures, falling_total, part_exceeds_whole, unknown_whole)
