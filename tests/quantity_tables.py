"""The quantity tables of tests/quantity_table/: reading them, and judging a reading against them.

phrases.txt says what parse_quantity must make of a figure on its own; scan.txt says which
figures find_quantities must pick out of a sentence. Their headers document the format. This
module reads both (a malformed row is a TableError naming the file and line), and compares what
claimcheck.quantity returns with what a row expects: intervals exactly, open and closed ends,
units. Used by tests/test_quantity_table.py and benchmarks/quantity_accuracy.py; it imports
only the public names of claimcheck.quantity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

from claimcheck.quantity import Interval, Quantity, QuantityError, parse_quantity

TABLE_DIR = Path(__file__).resolve().parent / "quantity_table"
PHRASES = TABLE_DIR / "phrases.txt"
SCANS = TABLE_DIR / "scan.txt"

# Every interval in the tables is written for the default tolerance.
TOLERANCE = 0.1

End = Fraction | float  # a float only for -inf and inf


class TableError(ValueError):
    """A row of a table that does not follow the format in the table's header."""


@dataclass(frozen=True)
class Reading:
    """An interval and a unit: what a row expects, or what claimcheck read."""

    low: End
    high: End
    low_closed: bool
    high_closed: bool
    unit: str | None

    def __str__(self) -> str:
        left, right = "[" if self.low_closed else "(", "]" if self.high_closed else ")"
        text = f"{left}{_show(self.low)}, {_show(self.high)}{right}"
        return text if self.unit is None else f"{text} {self.unit}"


# An outcome: a reading, or the word that stands for "nothing read" (REFUSE or SKIP).
Outcome = Reading | Literal["REFUSE", "SKIP"]


@dataclass(frozen=True)
class PhraseRow:
    """One row of phrases.txt."""

    line: int
    section: str
    phrase: str
    outcomes: tuple[Outcome, ...]

    @property
    def test_id(self) -> str:
        return f"L{self.line}: {self.phrase}"

    @property
    def may_refuse(self) -> bool:
        return "REFUSE" in self.outcomes

    @property
    def readings(self) -> tuple[Reading, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, Reading))


@dataclass(frozen=True)
class Figure:
    """One expected figure of a scan.txt sentence: its span and its outcomes."""

    line: int
    start: int
    end: int
    outcomes: tuple[Outcome, ...]

    @property
    def may_skip(self) -> bool:
        return "SKIP" in self.outcomes

    @property
    def readings(self) -> tuple[Reading, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, Reading))


@dataclass(frozen=True)
class ScanRow:
    """One sentence of scan.txt and the figures it holds."""

    line: int
    sentence: str
    figures: tuple[Figure, ...]

    @property
    def test_id(self) -> str:
        return f"L{self.line}: {self.sentence}"


# ---------------------------------------------------------------------------------------------
# Reading the tables
# ---------------------------------------------------------------------------------------------

_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ARROW = " => "
_NUMBER_RE = re.compile(r"-?(?:[0-9]+(?:_[0-9]{3})*(?:\.[0-9]+)?|[0-9]+/[0-9]+)")
_INTERVAL_RE = re.compile(r"([\[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])])(?:\s+(.*))?")


def unescape(text: str) -> str:
    """`\\u00a0` and the like as the characters they stand for."""
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _fail(path: Path, line: int, problem: str) -> TableError:
    return TableError(f"{path.name}:{line}: {problem}")


def _end(text: str) -> End:
    if text == "inf":
        return math.inf
    if text == "-inf":
        return -math.inf
    if not _NUMBER_RE.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a number: write digits with optional '_' groups and decimals "
            "('37_450', '2.745'), a fraction ('5/6'), 'inf' or '-inf'"
        )
    return Fraction(text.replace("_", ""))


def parse_outcome(text: str, *, nothing: Literal["REFUSE", "SKIP"]) -> Outcome:
    """One outcome: the word `nothing` or '[low, high) unit'. ValueError says what is wrong."""
    text = text.strip()
    if text == nothing:
        return nothing
    m = _INTERVAL_RE.fullmatch(text)
    if m is None:
        raise ValueError(
            f"outcome {text!r} is neither {nothing} nor an interval with a unit, "
            "e.g. '[37450, 37550) people' or '(400_000, inf)'"
        )
    left, low, high, right, unit = m.groups()
    low_end, high_end = _end(low), _end(high)
    if low_end == math.inf or high_end == -math.inf or low_end > high_end:
        raise ValueError(f"outcome {text!r} runs backwards: put the lower end first")
    if (low_end == -math.inf and left == "[") or (high_end == math.inf and right == "]"):
        raise ValueError(f"outcome {text!r} closes an infinite end: write '(-inf' and 'inf)'")
    return Reading(low_end, high_end, left == "[", right == "]", unit.strip() if unit else None)


def _outcomes(
    text: str, path: Path, line: int, nothing: Literal["REFUSE", "SKIP"]
) -> tuple[Outcome, ...]:
    try:
        outcomes = tuple(parse_outcome(part, nothing=nothing) for part in text.split("|"))
    except ValueError as err:
        raise _fail(path, line, str(err)) from None
    if len(set(outcomes)) != len(outcomes):
        raise _fail(path, line, "the same outcome is written twice")
    return outcomes


def _content_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are not blank and not comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, text.rstrip())
        for number, text in enumerate(lines, start=1)
        if text.strip() and not text.lstrip().startswith("# ") and text.strip() != "#"
    ]


def read_phrase_table(path: Path = PHRASES) -> list[PhraseRow]:
    """The rows of a phrase table; TableError (file:line: what is wrong) when malformed."""
    rows: list[PhraseRow] = []
    seen: dict[str, int] = {}
    section = ""
    for number, text in _content_lines(path):
        if text.startswith("## "):
            section = text[3:].strip()
            continue
        if text.count(_ARROW) != 1:
            raise _fail(
                path, number, f"expected 'phrase => outcome', with one ' => ', got {text!r}"
            )
        if not section:
            raise _fail(path, number, "a row before the first '## section' line")
        raw_phrase, raw_outcomes = text.split(_ARROW)
        phrase = unescape(raw_phrase.strip())
        if not phrase:
            raise _fail(path, number, "the phrase is empty")
        if phrase in seen:
            raise _fail(path, number, f"{phrase!r} is already on line {seen[phrase]}")
        seen[phrase] = number
        outcomes = _outcomes(raw_outcomes, path, number, "REFUSE")
        rows.append(PhraseRow(number, section, phrase, outcomes))
    return rows


def read_scan_table(path: Path = SCANS) -> list[ScanRow]:
    """The sentences of a scan table; TableError (file:line: what is wrong) when malformed."""
    rows: list[ScanRow] = []
    current: tuple[int, str] | None = None
    figures: list[Figure] = []
    none_said = False

    def close() -> None:
        if current is None:
            return
        if not figures and not none_said:
            raise _fail(
                path, current[0], "a sentence without figure lines: write '(none)' if it has none"
            )
        rows.append(ScanRow(current[0], current[1], tuple(figures)))

    for number, text in _content_lines(path):
        if text.startswith("> "):
            close()
            current, figures, none_said = (number, unescape(text[2:].strip())), [], False
            continue
        if current is None or not text[:1].isspace():
            raise _fail(path, number, f"expected '> sentence' or an indented figure, got {text!r}")
        body = text.strip()
        if body == "(none)":
            if figures or none_said:
                raise _fail(path, number, "'(none)' must be the only line of its sentence")
            none_said = True
            continue
        if none_said:
            raise _fail(path, number, "a figure after '(none)'")
        if body.count(_ARROW) != 1:
            raise _fail(path, number, f"expected 'span => outcome', got {body!r}")
        raw_span, raw_outcomes = body.split(_ARROW)
        span = unescape(raw_span.strip())
        after = figures[-1].end if figures else 0
        start = current[1].find(span, after) if span else -1
        if start < 0:
            raise _fail(
                path,
                number,
                f"{span!r} does not occur in the sentence after the previous figure's span",
            )
        outcomes = _outcomes(raw_outcomes, path, number, "SKIP")
        if outcomes == ("SKIP",):
            raise _fail(path, number, "SKIP alone says nothing: give the reading it may have")
        figures.append(Figure(number, start, start + len(span), outcomes))
    close()
    return rows


# ---------------------------------------------------------------------------------------------
# Judging what claimcheck.quantity returns
# ---------------------------------------------------------------------------------------------


def _show(x: object) -> str:
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return f"{x.numerator:_}" if abs(x.numerator) >= 1000 else str(x.numerator)
        decimal = Decimal(x.numerator) / Decimal(x.denominator)
        return str(x) if Fraction(decimal) != x else format(decimal, "f")
    if isinstance(x, float) and math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x) if isinstance(x, float) else str(x)


def same_end(actual: object, expected: End) -> bool:
    """True when an interval end is exactly the expected number.

    A float end (claimcheck's Interval holds floats) must be the float nearest to the exact
    value; a Decimal, Fraction or int end must equal it exactly.
    """
    if isinstance(expected, float):  # an infinity
        return isinstance(actual, (float, Decimal)) and actual == expected
    if isinstance(actual, float):
        return not math.isinf(actual) and actual == float(expected)
    if isinstance(actual, (Decimal, Fraction, int)) and not isinstance(actual, bool):
        if isinstance(actual, Decimal) and not actual.is_finite():
            return False
        return Fraction(actual) == expected
    return False


def reading_of(quantity: Quantity) -> Reading:
    """What claimcheck read: the quantity's interval at the tables' tolerance, and its unit."""
    interval: Interval = quantity.interval(TOLERANCE)
    return Reading(
        interval.low,
        interval.high,
        interval.low_closed,
        interval.high_closed,
        quantity.unit,
    )


def matches(actual: Reading, expected: Reading) -> bool:
    """True when claimcheck's reading is exactly the expected one."""
    return (
        same_end(actual.low, expected.low)
        and same_end(actual.high, expected.high)
        and actual.low_closed == expected.low_closed
        and actual.high_closed == expected.high_closed
        and actual.unit == expected.unit
    )


def expected_text(outcomes: Sequence[Outcome]) -> str:
    return " | ".join(str(o) for o in outcomes)


Verdict = Literal["right", "refused", "wrong", "crash"]


@dataclass(frozen=True)
class PhraseResult:
    """How parse_quantity did on one row."""

    verdict: Verdict  # refused: a reading was expected; wrong: another reading, or no refusal
    detail: str  # what claimcheck did, for a person


def judge_phrase(row: PhraseRow) -> PhraseResult:
    """Run parse_quantity on the row's phrase and compare with the row. Never raises."""
    try:
        quantity = parse_quantity(row.phrase)
    except QuantityError as err:
        message = str(err).strip()
        if not message:
            return PhraseResult("wrong", "refused with an empty message")
        return PhraseResult("right" if row.may_refuse else "refused", f"refused: {message}")
    except Exception as err:  # a crash is a finding here, not an error of the table
        return PhraseResult("crash", f"raised {type(err).__name__}: {err}")
    try:
        got = reading_of(quantity)
    except Exception as err:
        return PhraseResult("crash", f"interval() raised {type(err).__name__}: {err}")
    if any(matches(got, want) for want in row.readings):
        return PhraseResult("right", f"read as {got}")
    return PhraseResult("wrong", f"read as {got}")


def scan_problems(row: ScanRow, found: Sequence[tuple[int, int, Quantity]]) -> list[str]:
    """What find_quantities got wrong in the row's sentence (empty when all is right)."""
    text = row.sentence
    problems: list[str] = []
    index = 0
    for figure in row.figures:
        want = text[figure.start : figure.end]
        # Figures reported before this one's span are figures the table does not hold.
        while index < len(found) and found[index][1] <= figure.start:
            start, end, _ = found[index]
            problems.append(f"found {text[start:end]!r}, which is not a figure here")
            index += 1
        if index < len(found) and found[index][0] < figure.end:
            start, end, quantity = found[index]
            index += 1
            if (start, end) != (figure.start, figure.end):
                problems.append(f"found {text[start:end]!r} where the figure is {want!r}")
                continue
            got = reading_of(quantity)
            if not any(matches(got, reading) for reading in figure.readings):
                problems.append(
                    f"read {want!r} as {got}; expected {expected_text(figure.outcomes)}"
                )
        elif not figure.may_skip:
            problems.append(f"missed {want!r} ({expected_text(figure.outcomes)})")
    for start, end, _ in found[index:]:
        problems.append(f"found {text[start:end]!r}, which is not a figure here")
    return problems
