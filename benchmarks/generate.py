"""Generate a realistic synthetic claimcheck registry, for benchmarks and cross-check tests.

    python benchmarks/generate.py DIR --claims N [--seed S] [--jobs J] [--verify]

writes ``DIR/claimcheck.yaml`` (with ``documents:`` metadata), ``DIR/seeds/*.txt`` (synthetic
articles of about 100 claims each) and ``DIR/claims/<id>.yaml``: one record per claim, built as a
``claimcheck.model.Claim`` and written with ``claimcheck.store.record_text``, so every file is in
canonical form and validates. Every anchor's ``exact`` stands in its document (the document is
built from the sentences, then anchored with ``claimcheck.documents.make_anchor``).

What the cross-checks will meet, in roughly these proportions:

- claims come in groups sharing (subject, measure), 1 to 10 claims each;
- about half the groups are cumulative series (running totals over successive dates); about 5%
  of those fall at some point (a later figure below an earlier one);
- about 10% of claims are ``part_of`` another claim of the same subject (their whole); about 5%
  of those parts are larger than their whole;
- about 10% of groups hold two claims of the same date whose intervals do not overlap;
- a few percent of claims carry a source whose figure contradicts them.

Every planted conflict, and the absence of accidental ones, is checked with the library's own
intervals (``Quantity.interval`` at the default tolerance). The planted ids are listed in
``DIR/generator.json`` so a cross-check test can compare what it finds with what was planted.
Reviewed statuses and declared stances are what ``claimcheck.evidence.assess`` makes of the
sources, so ``claimcheck check`` finds the planted conflicts and nothing else but notes.

The output is a function of (N, seed) alone (for a given claimcheck). Writing the YAML dominates
(``record_text`` uses PyYAML's pure-Python emitter: 3 to 4 ms a record), so ``--jobs`` spreads
it over processes; that changes no byte of the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from claimcheck.changes import slugify
from claimcheck.documents import Document, Span, make_anchor
from claimcheck.evidence import Evidence, assess
from claimcheck.gcpause import gc_paused
from claimcheck.model import Claim, DocumentInfo
from claimcheck.names import speaks_for
from claimcheck.quantity import Interval, Quantity, format_number, parse_quantity
from claimcheck.store import record_text
from claimcheck.yamlio import dump_yaml

# Bump when the output for a given (N, seed) changes, so cached registries are regenerated.
GENERATOR_VERSION = 3
TOLERANCE = 0.1  # the default in claimcheck.yaml; the planted conflicts are checked at it
MANIFEST = "generator.json"
RENDER_BATCH = 250  # records per task for the worker processes
T = TypeVar("T")

BASE_DATE = dt.date(2014, 1, 1)
# Series start within a span that grows with the registry (an article then covers about ten
# days whatever the size), up to three years.
MIN_SPAN_DAYS, MAX_SPAN_DAYS = 90, 3 * 365

# Shares of the things the cross-checks look for (see the module docstring).
CUMULATIVE_SHARE = 0.5
FALL_SHARE = 0.05  # of cumulative groups
PART_SHARE = 0.10  # of claims
PART_LARGER_SHARE = 0.05  # of parts
SAME_DATE_CONFLICT_SHARE = 0.10  # of groups
SAME_DATE_AGREEING_SHARE = 0.20  # of non-cumulative groups of two or more
CONTRADICTING_SOURCE_SHARE = 0.03  # of claims
UNREVIEWED_SHARE = 0.35  # claims still 'unverified'; the others carry the evidence's verdict
GROUP_SIZES = range(1, 11)
GROUP_SIZE_WEIGHTS = (20, 16, 13, 11, 9, 8, 7, 6, 5, 5)  # most series are short
CLAIMS_PER_DOCUMENT = (80, 120)


# --- vocabulary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """How something is counted, and how prose says it."""

    slug: str
    family: str  # the event the subject is about: its slug ends with this
    unit: str
    cumulative: bool
    verb: str  # after the figure: '37,500 people' + ' had been evacuated from {place}'
    participle: str  # for parts: '1,200 people' + ' evacuated from {place}' + ' were wounded'
    parts: tuple[tuple[str, str], ...]  # (measure suffix, ' were wounded')
    low: int
    high: int


MEASURES: tuple[Measure, ...] = (
    Measure(
        "people-evacuated", "evacuation", "people", True,
        "had been evacuated from {place}", "evacuated from {place}",
        (("wounded", "were wounded"), ("children", "were children"), ("women", "were women")),
        100, 60_000,
    ),
    Measure(
        "deaths", "conflict", "people", True,
        "had been killed in {place}", "killed in {place}",
        (("civilians", "were civilians"), ("children", "were children"),
         ("fighters", "were fighters")),
        10, 400_000,
    ),
    Measure(
        "homes-destroyed", "conflict", "homes", True,
        "had been destroyed in {place}", "destroyed in {place}",
        (("old-city", "were in the old city"), ("by-shelling", "were hit by shelling")),
        20, 50_000,
    ),
    Measure(
        "cholera-cases", "outbreak", "cases", True,
        "of cholera had been recorded in {place}", "of cholera recorded in {place}",
        (("children", "were in children"), ("severe", "were severe"),
         ("fatal", "ended in death")),
        50, 200_000,
    ),
    Measure(
        "aid-trucks", "aid", "trucks", True,
        "had entered {place} with aid", "that entered {place}",
        (("medicine", "carried medicine"), ("food", "carried food")),
        5, 3_000,
    ),
    Measure(
        "food-delivered", "aid", "tonnes", True,
        "of food had been delivered to {place}", "of food delivered to {place}",
        (("flour", "were flour"), ("by-air", "came by air")),
        10, 80_000,
    ),
    Measure(
        "people-displaced", "displacement", "people", False,
        "were displaced in {place}", "displaced in {place}",
        (("children", "were children"), ("in-camps", "lived in camps")),
        1_000, 2_000_000,
    ),
    Measure(
        "people-in-shelters", "displacement", "people", False,
        "were sleeping in shelters in {place}", "sleeping in shelters in {place}",
        (("children", "were children"), ("in-schools", "were in schools")),
        100, 150_000,
    ),
    Measure(
        "people-besieged", "conflict", "people", False,
        "were trapped in {place}", "trapped in {place}",
        (("children", "were children"), ("wounded", "were wounded")),
        1_000, 500_000,
    ),
    Measure(
        "people-in-need", "aid", "people", False,
        "needed food aid in {place}", "who needed food aid in {place}",
        (("children", "were children"), ("in-hard-to-reach-areas", "were in hard-to-reach areas")),
        1_000, 3_000_000,
    ),
)  # fmt: skip
CUMULATIVE_MEASURES = tuple(m for m in MEASURES if m.cumulative)
STOCK_MEASURES = tuple(m for m in MEASURES if not m.cumulative)

# Canonical shorthand hedges, their weights, and how prose says them.
HEDGES = ("exact", "about", "more_than", "at_least", "nearly", "between")
HEDGE_WEIGHTS = (35, 25, 15, 8, 10, 7)
HEDGE_TEXT = {"exact": "", "about": "about ", "more_than": "more than ", "at_least": "at least "}
HEDGE_TEXT["nearly"] = "nearly "
PROSE_HEDGES: dict[str, tuple[str, ...]] = {
    "exact": ("",),
    "about": ("about ", "around ", "some ", "roughly ", "an estimated "),
    "more_than": ("more than ", "more than ", "over "),
    "at_least": ("at least ",),
    "nearly": ("nearly ", "almost "),
}
BOUNDED_ABOVE = ("exact", "about", "nearly", "between")  # can be contradicted from above
CONTAINS_VALUE = ("exact", "about", "at_least", "between")  # intervals holding the figure itself

SYLLABLES = (
    "ka", "fra", "ya", "ha", "dar", "mu", "sal", "ri", "qa", "tar", "zi", "lo",
    "ben", "nu", "ra", "sho", "el", "ma", "di", "na", "bu", "ja", "ter", "ram",
    "hi", "sa", "kel", "fa", "ru", "an", "ta", "wi", "dey", "lat", "zu", "om",
)  # fmt: skip
PLACE_PREFIXES = ("", "", "", "", "Tal ", "Deir ", "Ain ", "Bab ", "Khan ", "Ras ", "Beit ", "Umm ")
REGIONS = ("north", "south", "east", "west", "coast", "highlands", "valley", "delta")
ORGANISATIONS = (
    ("Red Cross", "spokesperson"),
    ("UN OCHA", "spokesperson"),
    ("the health ministry", "spokesperson"),
    ("the Syrian Observatory for Human Rights", "director"),
    ("UNHCR", "spokesperson"),
    ("the World Health Organization", "official"),
    ("the World Food Programme", "country director"),
    ("the governor's office", "spokesperson"),
    ("the Civil Defence", "head"),
    ("Médecins Sans Frontières", "coordinator"),
    ("the interior ministry", "spokesperson"),
    ("the local council", "head"),
)
FIRST_NAMES = (
    "Ingy", "Omar", "Lina", "Karim", "Sara", "Yusuf", "Maya", "Hassan", "Nadia", "Rami",
    "Leila", "Samir", "Hana", "Tariq", "Rana", "Fadi", "Dina", "Walid", "Amal", "Ziad",
    "Mona", "Khaled", "Rima", "Bassam",
)  # fmt: skip
LAST_NAMES = (
    "Sedky", "Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Aziz", "Darwish", "Hamdan",
    "Qasim", "Rahal", "Sabbagh", "Touma", "Yassin", "Zaidan", "Barakat", "Farah", "Ghanem",
    "Jaber", "Kassab",
)  # fmt: skip
# (publisher, domain, language, is a wire agency)
PUBLISHERS = (
    ("Reuters", "www.reuters.com", "en", True),
    ("Agence France-Presse", "www.afp.com", "en", True),
    ("Associated Press", "apnews.com", "en", True),
    ("BBC News", "www.bbc.co.uk", "en", False),
    ("Al Jazeera", "www.aljazeera.com", "en", False),
    ("The Guardian", "www.theguardian.com", "en", False),
    ("Arab News", "www.arabnews.com", "en", False),
    ("Le Monde", "www.lemonde.fr", "fr", False),
    ("El País", "elpais.com", "es", False),
    ("Deutsche Welle", "www.dw.com", "de", False),
    ("The New York Times", "www.nytimes.com", "en", False),
    ("Anadolu Agency", "www.aa.com.tr", "en", True),
    ("UN OCHA", "www.unocha.org", "en", False),
    ("ReliefWeb", "reliefweb.int", "en", False),
    ("ICRC", "www.icrc.org", "en", False),
    ("Middle East Eye", "www.middleeasteye.net", "en", False),
    ("France 24", "www.france24.com", "fr", False),
    ("Asharq Al-Awsat", "aawsat.com", "ar", False),
    ("Euronews", "www.euronews.com", "en", False),
    ("Xinhua", "english.news.cn", "en", True),
)
WIRES = ("AFP", "Reuters", "AP", "dpa", "ANSA")
REVIEWERS = ("mk", "j.doe", "factdesk", "lina.k", "editor-on-duty")
EXTRA_TAGS = ("official-figure", "needs-review", "wire-copy", "estimate", "front-page")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
FILLERS = (
    "Talks in {place} were expected to resume on {weekday}.",
    "{org_cap} called for unhindered access to {place}.",
    "The road to {place} remained closed for a {nth} day.",
    "Residents of {place} described long queues for bread and fuel.",
    "Negotiators met again on {weekday} without announcing an agreement.",
    "A convoy was turned back at a checkpoint outside {place}, witnesses said.",
    "Power and water supplies to {place} were cut overnight.",
    "{org_cap} said it could not independently verify the figures.",
    "The figures could not be confirmed by other sources.",
    "Fighting eased around {place} late on {weekday}, according to residents.",
    "Aid workers warned that winter would make conditions in {place} worse.",
    "Officials in {place} declined to comment.",
)
HEADLINES = (
    "{place}: evacuations continue as talks stall",
    "Crisis deepens around {place}",
    "{place} latest: figures from the ground",
    "Aid agencies warn of worsening conditions in {place}",
    "What we know about the situation in {place}",
    "{place}: a day of reports from the region",
)
SOURCE_TITLES = (
    "{place}: new figures released",
    "Officials say {figure} {verb}",
    "{figure} {verb}, agency says",
    "Update on {place}",
)


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure as a claim or source states it, with its canonical shorthand and interval."""

    hedge: str
    value: int  # for 'between', the figure the range is around
    unit: str
    lower: int = 0
    upper: int = 0

    def number(self) -> str:
        if self.hedge == "between":
            return f"between {format_number(self.lower)} and {format_number(self.upper)}"
        return HEDGE_TEXT[self.hedge] + format_number(self.value)

    @cached_property
    def _shorthand(self) -> str:
        return f"{self.number()} {self.unit}"

    def shorthand(self) -> str:
        return self._shorthand

    def prose(self, rng: random.Random) -> str:
        """How an article words it: 'over 400,000 people' for 'more than 400,000 people'."""
        if self.hedge == "between":
            return self.shorthand()
        return f"{rng.choice(PROSE_HEDGES[self.hedge])}{format_number(self.value)} {self.unit}"

    def quantity(self) -> Quantity:
        return _quantity(self.shorthand())

    def interval(self) -> Interval:
        return _interval(self.shorthand())


_QUANTITIES: dict[str, Quantity] = {}
_INTERVALS: dict[str, Interval] = {}


def _quantity(text: str) -> Quantity:
    found = _QUANTITIES.get(text)
    if found is None:
        found = _QUANTITIES[text] = parse_quantity(text)
    return found


def _interval(text: str) -> Interval:
    found = _INTERVALS.get(text)
    if found is None:
        found = _INTERVALS[text] = _quantity(text).interval(TOLERANCE)
    return found


def _round_significant(value: float, digits: int) -> int:
    if value < 1:
        return 1
    scale = int(10 ** max(0, math.floor(math.log10(value)) + 1 - digits))
    return max(1, round(value / scale) * scale)


def _nice(rng: random.Random, value: float) -> int:
    """A figure as reporters give it: the exact count, or rounded to 1 to 3 significant digits."""
    digits = rng.choices((0, 3, 2, 1), weights=(3, 3, 3, 1))[0]
    if digits == 0 or value < 20:
        return max(1, round(value))
    return _round_significant(value, digits)


def _figure(rng: random.Random, value: float, unit: str, hedges: Sequence[str] = HEDGES) -> Figure:
    weights = [HEDGE_WEIGHTS[HEDGES.index(hedge)] for hedge in hedges]
    hedge = rng.choices(list(hedges), weights=weights)[0]
    nice = _nice(rng, value)
    if hedge == "between":
        digits = rng.choice((2, 3))
        lower = _round_significant(nice * rng.uniform(0.8, 0.95), digits)
        upper = _round_significant(nice * rng.uniform(1.05, 1.2), digits)
        if lower < upper:
            return Figure("between", nice, unit, lower, upper)
        hedge = "about"
    return Figure(hedge, nice, unit)


def _rises_after(later: Interval, earlier: Interval) -> bool:
    """A running total reported later can still be at or above the earlier report."""
    return later.overlaps(earlier.floor()) and earlier.overlaps(later.ceiling())


def _fits_in(part: Interval, whole: Interval) -> bool:
    """The part's figure can still be no larger than the whole's."""
    return part.overlaps(whole.ceiling())


# --- planning -----------------------------------------------------------------------------------


@dataclass
class Plan:
    """One claim before it becomes a record."""

    index: int
    measure: Measure
    subject: str
    place: str
    region: str
    as_of: dt.date
    figure: Figure
    cumulative: bool
    claimant: tuple[str, str, str]  # (record's claimant, phrase in prose, organisation)
    part: tuple[Plan, str, str] | None = None  # (whole, measure suffix, ' were wounded')
    id: str = ""
    contradicted: bool = False
    document: str = ""
    span: Span | None = None

    @property
    def measure_slug(self) -> str:
        return self.measure.slug if self.part is None else f"{self.measure.slug}-{self.part[1]}"

    def verb(self) -> str:
        if self.part is None:
            return self.measure.verb.format(place=self.place)
        return f"{self.measure.participle.format(place=self.place)} {self.part[2]}"


@dataclass
class Planted:
    """What the cross-checks should find: every conflict the generator put in on purpose."""

    falls: list[list[str]] = field(default_factory=list)  # [earlier id, later id that fell]
    same_date_conflicts: list[list[str]] = field(default_factory=list)
    parts_larger_than_whole: list[list[str]] = field(default_factory=list)  # [part, whole]
    contradicting_sources: list[list[Any]] = field(default_factory=list)  # [id, source index]


class Planner:
    """Draws every claim's content from one seeded random generator, in a fixed order."""

    def __init__(self, seed: int, n: int) -> None:
        self.rng = random.Random(seed)
        self.span_days = min(MAX_SPAN_DAYS, max(MIN_SPAN_DAYS, n // 10))
        self.plans: list[Plan] = []
        self.ids: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()  # (subject, measure) in use
        self.places: list[tuple[str, str]] = []  # (name, region)
        self.place_names: set[str] = set()
        self.subjects_by_family: dict[str, list[tuple[str, str, str]]] = {}
        self.planted = Planted()
        self.groups = 0
        self.cumulative_groups = 0

    # names

    def new_place(self) -> tuple[str, str]:
        rng = self.rng
        for _ in range(1000):
            core = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            name = rng.choice(PLACE_PREFIXES) + core.capitalize()
            if name not in self.place_names:
                break
        else:  # the syllables ran out: number the name rather than loop for ever
            name = f"{name} {len(self.place_names)}"
        self.place_names.add(name)
        place = (name, rng.choice(REGIONS))
        self.places.append(place)
        return place

    def claimant(self) -> tuple[str, str, str]:
        rng = self.rng
        org, role = rng.choice(ORGANISATIONS)
        if rng.random() < 0.5:
            return org.removeprefix("the "), org, org
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        bare = org.removeprefix("the ")
        return f"{name} ({bare})", f"{bare} {role} {name}", org

    def subject_for(self, measure: Measure) -> tuple[str, str, str]:
        """(subject, place, region): often one already counted another way, else a new place."""
        known = self.subjects_by_family.setdefault(measure.family, [])
        if known and self.rng.random() < 0.4:
            subject = self.rng.choice(known)
            if (subject[0], measure.slug) not in self.pairs:
                return subject
        name, region = self.new_place()
        subject = (f"{slugify(name, 6)}-{measure.family}", name, region)
        known.append(subject)
        return subject

    def assign_id(self, plan: Plan, text: str) -> None:
        base = slugify(text, max_words=10)
        candidate, number = base, 1
        while candidate in self.ids:
            number += 1
            candidate = f"{base}-{number}"
        self.ids.add(candidate)
        plan.id = candidate

    def add(self, plan: Plan) -> Plan:
        self.assign_id(plan, claim_sentence(plan))
        self.plans.append(plan)
        return plan

    # groups

    def group(self, size: int) -> None:
        rng = self.rng
        cumulative = rng.random() < CUMULATIVE_SHARE
        measure = rng.choice(CUMULATIVE_MEASURES if cumulative else STOCK_MEASURES)
        subject, place, region = self.subject_for(measure)
        self.pairs.add((subject, measure.slug))
        self.groups += 1
        start = math.exp(rng.uniform(math.log(measure.low), math.log(measure.high)))
        first_date = BASE_DATE + dt.timedelta(days=rng.randrange(self.span_days))
        new = _GroupContext(self, measure, subject, place, region, start, first_date)
        if cumulative:
            self.cumulative_groups += 1
            # Only a series of two or more can fall; scale up so ~5% of all series do.
            fall = size >= 2 and rng.random() < FALL_SHARE / (1 - _share_of_size_one())
            new.series(size, fall)
        else:
            conflict = size >= 2 and rng.random() < (
                SAME_DATE_CONFLICT_SHARE / (1 - CUMULATIVE_SHARE) / (1 - _share_of_size_one())
            )
            new.stock(size, conflict)

    def parts(self, count: int) -> None:
        """Claims that are part of another claim of the same subject (e.g. the wounded among
        the evacuated); a few are planted larger than their whole."""
        rng = self.rng
        wholes = list(self.plans)
        made = attempts = 0
        larger = rng.random() < PART_LARGER_SHARE
        while made < count and attempts < count * 50:
            attempts += 1
            whole = rng.choice(wholes)
            suffix, wording = rng.choice(whole.measure.parts)
            pair = (whole.subject, f"{whole.measure.slug}-{suffix}")
            if pair in self.pairs:
                continue
            whole_interval = whole.figure.interval()
            if larger and math.isinf(whole_interval.high):
                continue  # 'more than N' has no ceiling: nothing can be larger than it
            for _ in range(20):
                share = rng.uniform(1.6, 2.5) if larger else rng.uniform(0.05, 0.6)
                figure = _figure(rng, whole.figure.value * share, whole.figure.unit)
                if _fits_in(figure.interval(), whole_interval) != larger:
                    break
            else:
                continue
            self.pairs.add(pair)
            plan = self.add(
                Plan(
                    len(self.plans), whole.measure, whole.subject, whole.place, whole.region,
                    whole.as_of, figure, whole.cumulative, self.claimant(),
                    part=(whole, suffix, wording),
                )
            )  # fmt: skip
            if larger:
                self.planted.parts_larger_than_whole.append([plan.id, whole.id])
            made += 1
            larger = rng.random() < PART_LARGER_SHARE


def _share_of_size_one() -> float:
    return GROUP_SIZE_WEIGHTS[0] / sum(GROUP_SIZE_WEIGHTS)


@dataclass
class _GroupContext:
    planner: Planner
    measure: Measure
    subject: str
    place: str
    region: str
    start: float
    first_date: dt.date

    def plan(self, as_of: dt.date, figure: Figure, claimant: tuple[str, str, str]) -> Plan:
        planner = self.planner
        return planner.add(
            Plan(
                len(planner.plans), self.measure, self.subject, self.place, self.region,
                as_of, figure, self.measure.cumulative, claimant,
            )
        )  # fmt: skip

    def series(self, size: int, fall: bool) -> None:
        """A running total over successive dates, rising; with ``fall``, one report drops."""
        rng = self.planner.rng
        unit = self.measure.unit
        fall_at = rng.randrange(1, size) if fall else -1
        date, peak = self.first_date, self.start
        kept: list[Plan] = []  # the reports that rise
        for index in range(size):
            if index:
                date += dt.timedelta(days=rng.randint(1, 10))
            if index == fall_at:
                before = kept[-1]
                fallen = _below(rng, before.figure, before.figure.interval().floor(), unit)
                if fallen is not None:
                    plan = self.plan(date, fallen, self.planner.claimant())
                    self.planner.planted.falls.append([before.id, plan.id])
                    continue
                # Nothing lies below that floor (a report of '1'): this one rises instead.
            value = peak if index == 0 else peak * rng.uniform(1.05, 1.6)
            for _ in range(50):
                figure = _figure(rng, value, unit)
                if all(_rises_after(figure.interval(), p.figure.interval()) for p in kept):
                    break
                value *= 1.1
            else:  # pragma: no cover
                raise AssertionError("could not make a rising figure")
            peak = max(peak, float(figure.value))
            kept.append(self.plan(date, figure, self.planner.claimant()))

    def stock(self, size: int, conflict: bool) -> None:
        """A level reported on different dates; some dates reported twice, agreeing, and with
        ``conflict`` one date reported twice with figures that cannot both be true."""
        rng = self.planner.rng
        unit = self.measure.unit
        days = sorted(rng.sample(range(0, 20 * size), size))
        dates = [self.first_date + dt.timedelta(days=day) for day in days]
        value = self.start
        plans: list[Plan] = []
        conflict_at = rng.randrange(1, size) if conflict else -1
        agree = (
            not conflict and size >= 2 and rng.random() < SAME_DATE_AGREEING_SHARE
        )  # a second report of the same date and figure
        agree_at = rng.randrange(1, size) if agree else -1
        for index in range(size):
            value *= rng.uniform(0.8, 1.25)
            claimant = self.planner.claimant()
            if index == conflict_at:
                other = plans[-1]
                share = rng.uniform(1.7, 2.5)
                figure = _figure(rng, other.figure.value * share, unit)
                while figure.interval().overlaps(other.figure.interval()):
                    share *= 1.2  # the other report has a ceiling: far enough above clears it
                    figure = _figure(rng, other.figure.value * share, unit)
                plan = self.plan(other.as_of, figure, _other_claimant(self.planner, other))
                self.planner.planted.same_date_conflicts.append([other.id, plan.id])
            elif index == agree_at:
                other = plans[-1]
                for _ in range(50):
                    figure = _figure(rng, other.figure.value, unit, CONTAINS_VALUE)
                    figure = Figure(figure.hedge, other.figure.value, unit, figure.lower,
                                    figure.upper)  # fmt: skip
                    if figure.hedge == "between" and not figure.lower < figure.value < figure.upper:
                        continue
                    if figure.interval().overlaps(other.figure.interval()):
                        break
                else:
                    figure = other.figure
                plan = self.plan(other.as_of, figure, _other_claimant(self.planner, other))
            else:
                # The first of a planted conflicting pair needs a ceiling to be exceeded.
                hedges = BOUNDED_ABOVE if index == conflict_at - 1 else HEDGES
                plan = self.plan(dates[index], _figure(rng, value, unit, hedges), claimant)
            plans.append(plan)


def _other_claimant(planner: Planner, other: Plan) -> tuple[str, str, str]:
    for _ in range(20):
        claimant = planner.claimant()
        if claimant[0] != other.claimant[0]:
            return claimant
    return claimant


# --- wording ------------------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def claim_sentence(plan: Plan) -> str:
    """The record's one-sentence claim."""
    return _capital(f"{plan.figure.shorthand()} {plan.verb()} by {long_date(plan.as_of)}.")


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(number, f"{number}th")


def _filler(rng: random.Random, places: Sequence[str]) -> str:
    org = rng.choice(ORGANISATIONS)[0]
    return rng.choice(FILLERS).format(
        place=rng.choice(places),
        weekday=rng.choice(WEEKDAYS),
        org_cap=_capital(org),
        nth=_ordinal(rng.randint(2, 9)),
    )


def _claim_in_prose(rng: random.Random, plan: Plan, published: dt.date) -> tuple[str, str, str]:
    """(before, exact, after): a sentence of the article holding the claim's exact words."""
    exact = f"{plan.figure.prose(rng)} {plan.verb()}"
    who = plan.claimant[1]
    # News style: a bare weekday is the most recent one on or before publication, so a weekday
    # names the figure's date only within the week before the article.
    weekday = WEEKDAYS[plan.as_of.weekday()] if (published - plan.as_of).days < 7 else None
    form = rng.randrange(4)
    if form == 0 and weekday is not None:
        return f"{_capital(who)} said on {weekday} that ", exact, " since the start of the month."
    if form == 1:
        when = weekday or long_date(plan.as_of)
        return "", _capital(exact), f" by {when}, according to {who}."
    if form in (0, 2):
        return f"According to {who}, ", exact, f" as of {long_date(plan.as_of)}."
    return f"{_capital(who)} said ", exact, ", a figure that could not be independently verified."


@dataclass
class DocumentPlan:
    path: str
    title: str
    published: dt.date
    text: str


def write_documents(rng: random.Random, plans: list[Plan]) -> list[DocumentPlan]:
    """Lay the claims out in articles of about 100 claims, in date order, and anchor each."""
    ordered = sorted(plans, key=lambda p: (p.as_of, p.subject, p.index))
    documents: list[DocumentPlan] = []
    used_paths: set[str] = set()
    position = 0
    while position < len(ordered):
        chunk = ordered[position : position + rng.randint(*CLAIMS_PER_DOCUMENT)]
        position += len(chunk)
        published = max(p.as_of for p in chunk) + dt.timedelta(days=rng.randint(0, 2))
        lead = rng.choice(chunk)
        title = rng.choice(HEADLINES).format(place=lead.place)
        stem = f"seeds/{published.isoformat()}-{slugify(title, 8)}"
        path, number = f"{stem}.txt", 1
        while path in used_paths:
            number += 1
            path = f"{stem}-{number}.txt"
        used_paths.add(path)
        text = _article(rng, title, published, chunk, path)
        documents.append(DocumentPlan(path, title, published, text))
    return documents


def _article(
    rng: random.Random, title: str, published: dt.date, chunk: list[Plan], path: str
) -> str:
    places = sorted({p.place for p in chunk})
    parts: list[str] = [f"**{title}**\n\n{published.strftime('%d/%m/%Y')}\n\n"]
    offset = len(parts[0])
    sentences: dict[int, Span] = {}  # plan index -> the whole sentence, to widen an anchor
    index = 0
    while index < len(chunk):
        paragraph = chunk[index : index + rng.randint(1, 3)]
        index += len(paragraph)
        pieces: list[Plan | str] = [*paragraph]
        pieces += [_filler(rng, places) for _ in range(rng.randint(0, 2))]
        rng.shuffle(pieces)
        for number, piece in enumerate(pieces):
            if number:
                parts.append(" ")
                offset += 1
            if isinstance(piece, str):
                parts.append(piece)
                offset += len(piece)
                continue
            before, exact, after = _claim_in_prose(rng, piece, published)
            start = offset + len(before)
            piece.document = path
            piece.span = Span(start, start + len(exact))
            sentence = before + exact + after
            sentences[piece.index] = Span(offset, offset + len(sentence) - 1)  # without the "."
            parts.append(sentence)
            offset += len(sentence)
        parts.append("\n\n")
        offset += 2
    text = "".join(parts).rstrip("\n") + "\n"
    # A quote must stand once in its document; where two claims share their words (the same
    # figure reported twice), the anchor takes the whole sentence, which names the claimant.
    for plan in chunk:
        assert plan.span is not None
        exact = text[plan.span.start : plan.span.end]
        if text.find(exact) != plan.span.start or text.find(exact, plan.span.start + 1) != -1:
            plan.span = sentences[plan.index]
    return text


# --- records ------------------------------------------------------------------------------------


def _day(day: dt.date) -> dt.date:
    """A copy of a date: PyYAML writes one object met twice as an alias (&id001 ... *id001),
    which the loader rightly refuses, so no two fields may share a date object."""
    return dt.date.fromordinal(day.toordinal())


def _source_quote(rng: random.Random, figure: Figure, plan: Plan) -> str:
    said = rng.choice(("officials said", "the agency said", "a spokesperson said", "it said"))
    return _capital(f"{figure.prose(rng)} {plan.verb()}, {said}")


def _url(domain: str, published: dt.date, title: str, serial: int) -> str:
    return (
        f"https://{domain}/{published.year}/{published.month:02d}/{published.day:02d}/"
        f"{slugify(title, 8)}-{serial}"
    )


def _sources(
    rng: random.Random, plan: Plan, planted: Planted, serial: int
) -> list[tuple[dict[str, Any], Figure | None]]:
    """2 to 8 sources: most agree, some give no figure, and a contradicted claim gets one that
    does not; each comes with its figure, for the history notes."""
    claim_interval = plan.figure.interval()
    count = rng.randint(2, 8)
    # The claimant's own words repeated are never evidence: keep its party out of the sources.
    others = [p for p in PUBLISHERS if not speaks_for(plan.claimant[0], p[0])]
    publishers = rng.sample(others, count)
    contradict_at = rng.randrange(count) if plan.contradicted else -1
    sources: list[tuple[dict[str, Any], Figure | None]] = []
    for number, (publisher, domain, language, wire) in enumerate(publishers):
        published = plan.as_of + dt.timedelta(days=rng.randint(0, 3))
        source: dict[str, Any] = {"publisher": publisher}
        if not wire and rng.random() < 0.25:
            source["via"] = rng.choice(WIRES)
        figure: Figure | None = None
        if number == contradict_at:
            figure = _contradicting(rng, plan.figure, claim_interval)
            if figure is None:
                contradict_at = -1
        if number != contradict_at and rng.random() < 0.85:
            figure = _supporting(rng, plan.figure, claim_interval)
        shown = figure if figure is not None else plan.figure
        title = rng.choice(SOURCE_TITLES).format(
            place=plan.place, figure=shown.prose(rng), verb=plan.verb()
        )
        source["title"] = _capital(title)
        source["url"] = _url(domain, published, title, serial * 10 + number)
        if rng.random() < 0.1:
            stamp = published.strftime("%Y%m%d")
            source["archive_url"] = f"https://web.archive.org/web/{stamp}000000/{source['url']}"
        source["published"] = _day(published)
        if rng.random() < 0.3:
            source["retrieved"] = published + dt.timedelta(days=rng.randint(0, 400))
        if rng.random() < 0.8:
            source["as_of"] = _day(plan.as_of)
        if figure is not None:
            source["quantity"] = figure.quantity()
            if language == "en" and rng.random() < 0.8:
                source["quote"] = _source_quote(rng, figure, plan)
        source["language"] = language
        if number == contradict_at:
            planted.contradicting_sources.append([plan.id, number])
        sources.append((source, figure))
    return sources


def _supporting(rng: random.Random, claimed: Figure, claimed_interval: Interval) -> Figure:
    """The claim's own figure, its 'about', or (for an exact count) a rounder one that holds it."""
    choice = rng.random()
    if choice < 0.5:
        return claimed
    if choice < 0.8 or claimed.hedge != "exact":
        figure = Figure("about", claimed.value, claimed.unit)
    else:
        figure = Figure("exact", _round_significant(claimed.value, 2), claimed.unit)
    return figure if figure.interval().overlaps(claimed_interval) else claimed


def _below(rng: random.Random, figure: Figure, interval: Interval, unit: str) -> Figure | None:
    """A figure whose interval lies wholly below ``interval``, or None when none can (every
    figure is at least 1). Roundly written figures have wide intervals ('1,000' is 500 to
    1,500), so the share shrinks until one clears it."""
    share = rng.uniform(0.4, 0.6)
    for _ in range(40):
        below = _figure(rng, figure.value * share, unit, BOUNDED_ABOVE)
        if not below.interval().overlaps(interval):
            return below
        share *= 0.8
    return None


def _contradicting(
    rng: random.Random, claimed: Figure, claimed_interval: Interval
) -> Figure | None:
    """A figure no reading of the claim allows: well below it, or above when it has a ceiling;
    None when neither can be (a claim of 'more than 1')."""
    bounded = not math.isinf(claimed_interval.high)
    if not (bounded and rng.random() < 0.4):
        below = _below(rng, claimed, claimed_interval, claimed.unit)
        if below is not None or not bounded:
            return below
    share = rng.uniform(1.8, 3.0)
    hedges = ("exact", "about", "more_than", "at_least")
    above = _figure(rng, claimed.value * share, claimed.unit, hedges)
    while above.interval().overlaps(claimed_interval):
        share *= 1.2
        above = _figure(rng, claimed.value * share, claimed.unit, hedges)
    return above


def _history(
    rng: random.Random,
    plan: Plan,
    published: dt.date,
    sources: list[tuple[dict[str, Any], Figure | None]],
    status: str,
    evidence: Evidence,
) -> list[dict[str, Any]]:
    """1 to 4 entries: recorded, sources added, and the review that set the current status."""
    count = rng.randint(1, 4)
    at = dt.datetime.combine(published, dt.time(rng.randint(7, 20), rng.randrange(60)))
    at = at.replace(tzinfo=dt.timezone.utc)
    supporting = " and ".join(evidence.supporting[:2])
    contradicting = " and ".join(evidence.contradicting[:2])
    entries: list[dict[str, Any]] = []
    for number in range(count):
        last = number == count - 1
        if number == 0:
            note = f"Recorded from {plan.document}."
        elif last and status != "unverified":
            note = {
                "supported": f"{supporting} agree with the figure.",
                "disputed": f"{supporting} agree but {contradicting} report another figure.",
                "refuted": f"{contradicting} report another figure; nobody confirms this one.",
                "unproven": "No independent source pins the figure down.",
            }[status]
        else:
            source, figure = sources[min(number, len(sources) - 1)]
            note = f"Added source: {source['publisher']}" + (
                f" ({figure.shorthand()})." if figure is not None else "."
            )
        entries.append(
            {
                "at": at,
                "status": status if last else "unverified",
                "by": rng.choice(REVIEWERS),
                "note": note,
            }
        )
        at += dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 20))
    return entries


def build_claims(
    rng: random.Random, plans: list[Plan], documents: list[DocumentPlan], planted: Planted
) -> Iterator[Claim]:
    """The records. The status a reviewer set and the stances they declared agree with what
    claimcheck's evidence rules make of the sources (or the claim is still unverified), so the
    only conflicts in the registry are the planted ones."""
    by_path = {document.path: document for document in documents}
    infos = {
        d.path: DocumentInfo(title=d.title, published=d.published, language="en") for d in documents
    }
    for serial, plan in enumerate(plans):
        document = by_path[plan.document]
        assert plan.span is not None
        anchor = make_anchor(Document(document.path, document.text), plan.span)
        sources = _sources(rng, plan, planted, serial)
        tags = [plan.measure.family, plan.region]
        if rng.random() < 0.3:
            tags.append(rng.choice(EXTRA_TAGS))
        data: dict[str, Any] = {
            "id": plan.id,
            "claim": claim_sentence(plan),
            "claimant": plan.claimant[0],
            "subject": plan.subject,
            "measure": plan.measure_slug,
            "quantity": plan.figure.quantity(),
            "cumulative": plan.cumulative,
            "as_of": _day(plan.as_of),
            "part_of": plan.part[0].id if plan.part is not None else None,
            "anchor": anchor,
            "sources": [source for source, _ in sources],
            "tags": tags[: rng.randint(1, 3)],
        }
        evidence = assess(Claim.model_validate(data), TOLERANCE, infos[document.path])
        for (source, figure), weighed in zip(sources, evidence.sources, strict=True):
            # Some reviewers write down the stance; when they do, it is the one the figures give.
            if figure is not None and rng.random() < 0.15:
                source["stance"] = weighed.stance.value
        status = "unverified" if rng.random() < UNREVIEWED_SHARE else evidence.verdict.value
        data["status"] = status
        data["history"] = _history(rng, plan, document.published, sources, status, evidence)
        yield Claim.model_validate(data)


def _render(batch: list[tuple[str, Claim]]) -> None:
    """Write a batch of records (run in worker processes: the YAML emitter is the slow part)."""
    for path, claim in batch:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(record_text(claim))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _config_text(documents: list[DocumentPlan]) -> str:
    data = {
        "tolerance": TOLERANCE,
        "documents": {
            d.path: {"title": d.title, "published": d.published, "language": "en"}
            for d in documents
        },
    }
    return "# A synthetic registry written by benchmarks/generate.py.\n\n" + dump_yaml(data)


def generate(root: Path, n: int, seed: int = 0, jobs: int = 1) -> None:
    """Write a registry of ``n`` claims into ``root`` (which must not hold claims already)."""
    # Everything built here lives until the end and holds no cycles; collections triggered by
    # the allocations alone would walk the growing heap again and again (a quarter of the time
    # at 30,000 claims). Whatever is garbage afterwards is freed by reference counting.
    with gc_paused():
        _generate(root, n, seed, jobs)


def _generate(root: Path, n: int, seed: int, jobs: int) -> None:
    if n < 0:
        raise ValueError("the number of claims must not be negative")
    claims_dir = root / "claims"
    if claims_dir.is_dir() and any(claims_dir.iterdir()):
        raise FileExistsError(f"{claims_dir} already holds records; generate into a new folder")
    planner = Planner(seed, n)
    part_count = round(n * PART_SHARE) if n >= 10 else 0
    main_count = n - part_count
    while len(planner.plans) < main_count:
        size = planner.rng.choices(GROUP_SIZES, weights=GROUP_SIZE_WEIGHTS)[0]
        planner.group(min(size, main_count - len(planner.plans)))
    planner.parts(part_count)
    while len(planner.plans) < n:  # parts ran out of room: top up with single claims
        planner.group(1)
    plans = planner.plans
    rng = planner.rng
    for plan in plans:
        plan.contradicted = rng.random() < CONTRADICTING_SOURCE_SHARE
    documents = write_documents(rng, plans)

    (root / "seeds").mkdir(parents=True, exist_ok=True)
    claims_dir.mkdir(exist_ok=True)
    for document in documents:
        (root / document.path).write_text(document.text, encoding="utf-8", newline="\n")
    (root / "claimcheck.yaml").write_text(_config_text(documents), encoding="utf-8", newline="\n")
    claims = build_claims(rng, plans, documents, planner.planted)
    records = ((str(claims_dir / f"{claim.id}.yaml"), claim) for claim in claims)
    if jobs > 1 and n > RENDER_BATCH:
        # Batches go to the workers as they are built, so building overlaps writing.
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = [pool.submit(_render, batch) for batch in _batches(records, RENDER_BATCH)]
            for future in done:
                future.result()
    else:
        _render(list(records))
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "claims": len(plans),
        "documents": len(documents),
        "groups": planner.groups,
        "cumulative_groups": planner.cumulative_groups,
        "parts": sum(1 for p in plans if p.part is not None),
        "planted": {
            "falls": planner.planted.falls,
            "same_date_conflicts": planner.planted.same_date_conflicts,
            "parts_larger_than_whole": planner.planted.parts_larger_than_whole,
            "contradicting_sources": planner.planted.contradicting_sources,
        },
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def census(claims: Sequence[Claim], tolerance: float) -> dict[str, set[tuple[Any, ...]]]:
    """Every conflict in a set of claims, found the plain way (all pairs within a group), for
    checking the generator against what it meant to plant."""
    groups: dict[tuple[str, str], list[tuple[Claim, Interval]]] = {}
    intervals: dict[str, Interval] = {}
    for claim in claims:
        if claim.quantity is not None:
            intervals[claim.id] = claim.quantity.interval(tolerance)
            if claim.subject and claim.measure and claim.as_of:
                key = (claim.subject, claim.measure)
                groups.setdefault(key, []).append((claim, intervals[claim.id]))
    found: dict[str, set[tuple[Any, ...]]] = {
        "falls": set(),
        "same_date_conflicts": set(),
        "parts_larger_than_whole": set(),
        "contradicting_sources": set(),
    }
    for members in groups.values():
        for a, a_interval in members:
            for b, b_interval in members:
                assert a.as_of is not None and b.as_of is not None
                if a.as_of == b.as_of and a.id < b.id and not a_interval.overlaps(b_interval):
                    found["same_date_conflicts"].add((a.id, b.id))
                if (
                    a.cumulative
                    and a.as_of < b.as_of
                    and not b_interval.overlaps(a_interval.floor())
                ):
                    found["falls"].add((b.id,))
    for claim in claims:
        own = intervals.get(claim.id)
        if own is None:
            continue
        whole = intervals.get(claim.part_of or "")
        if whole is not None and not own.overlaps(whole.ceiling()):
            found["parts_larger_than_whole"].add((claim.id, claim.part_of))
        for index, source in enumerate(claim.sources):
            if source.quantity is not None and not source.quantity.interval(tolerance).overlaps(
                own
            ):
                found["contradicting_sources"].add((claim.id, index))
    return found


def _planted_keys(kind: str, entries: list[list[Any]]) -> set[tuple[Any, ...]]:
    if kind == "falls":
        return {(later,) for _, later in entries}
    if kind == "same_date_conflicts":
        return {tuple(sorted(pair)) for pair in entries}
    return {tuple(entry) for entry in entries}


def _verify(root: Path) -> int:
    """Load the registry with claimcheck, re-anchor every quote, and compare the conflicts that
    are there with the ones the generator planted."""
    from claimcheck.documents import resolve_anchor
    from claimcheck.store import Store

    store = Store(root)
    registry = store.load()
    texts: dict[str, str] = {}
    unanchored = 0
    for record in registry.records.values():
        anchor = record.claim.anchor
        if anchor.document not in texts:
            texts[anchor.document] = store.document(anchor.document).text
        if resolve_anchor(texts[anchor.document], anchor).state != "ok":
            unanchored += 1
    for problem in registry.problems[:10]:
        print(f"problem: {problem}", file=sys.stderr)
    print(
        f"verified: {len(registry.records)} records loaded, {len(registry.problems)} problems, "
        f"{unanchored} anchors not ok, {len(store.config.documents)} documents in the settings"
    )
    planted = json.loads((root / MANIFEST).read_text(encoding="utf-8"))["planted"]
    claims = [record.claim for record in registry.records.values()]
    mismatches = 0
    for kind, present in census(claims, store.config.tolerance).items():
        meant = _planted_keys(kind, planted[kind])
        extra, missed = len(present - meant), len(meant - present)
        mismatches += extra + missed
        print(f"  {kind}: {len(present)} present, {extra} not planted, {missed} planted but absent")
    return 1 if registry.problems or unanchored or mismatches else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="where to write the registry")
    parser.add_argument("--claims", type=int, required=True, help="how many claims")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes writing records (default: the number of CPUs; output is the same)",
    )
    parser.add_argument("--verify", action="store_true", help="load the result and check it")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        generate(args.directory, args.claims, args.seed, jobs=args.jobs)
    except (FileExistsError, ValueError) as err:
        print(f"generate.py: {err}", file=sys.stderr)
        return 2
    manifest = json.loads((args.directory / MANIFEST).read_text(encoding="utf-8"))
    planted = manifest["planted"]
    print(
        f"wrote {manifest['claims']} claims in {manifest['documents']} documents "
        f"({manifest['groups']} groups, {manifest['cumulative_groups']} cumulative, "
        f"{manifest['parts']} parts) to {args.directory} in "
        f"{time.perf_counter() - started:.1f} s; planted: {len(planted['falls'])} falls, "
        f"{len(planted['same_date_conflicts'])} same-date conflicts, "
        f"{len(planted['parts_larger_than_whole'])} parts larger than the whole, "
        f"{len(planted['contradicting_sources'])} contradicting sources"
    )
    return _verify(args.directory) if args.verify else 0


if __name__ == "__main__":
    sys.exit(main())
