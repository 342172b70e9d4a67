"""The geometry of a forest plot: one comparison's figures on one shared scale, as SVG shapes.

Every figure of a subject and measure (the claims' and their sources') is a row, in the
report's time order; its interval is a bar on a horizontal scale shared by all rows. An open
end runs to the edge of the plot and ends in an arrowhead. Each claim's interval is also a
shaded band behind every row, so a source's bar that misses the band stands out at a glance.
A running total from another day is carried to the claim's date as a floor or a ceiling: a
dashed line from the bar's end to the edge it leaves open.

This module only computes coordinates and words; ``templates/forest.svg.j2`` draws them (and
escapes every word).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...names import short_origin
from ...quantity import Interval, format_number
from ...report import Comparison, FigureRow

WIDTH = 640
LABEL_LEFT = 6.0
PLOT_LEFT = 30.0  # room for half a tick label and an arrowhead on either side
PLOT_RIGHT = WIDTH - 30.0
TOP = 30.0  # room for the bands' labels
ROW_HEIGHT = 42.0
AXIS_HEIGHT = 34.0
BAR_HEIGHT = 8.0
CLAIM_BAR_HEIGHT = 14.0
MIN_BAR_WIDTH = 5.0  # an exact figure is a narrow interval: never thinner than this
MIN_CLAIM_WIDTH = 9.0  # the claim's bar and band stand out even for an exact figure
ARROW = 8.0  # length of an arrowhead
LABEL_CHARS = 84  # a label longer than this is cut (the whole text is in its <title>)
SHORT_CHARS = 50  # the same for the short label drawn large on a narrow screen


@dataclass(frozen=True)
class Bar:
    """An interval on the plot: from x1 to x2, with an arrowhead at each open end."""

    x1: float
    x2: float
    arrows: tuple[str, ...]  # SVG polygon points, one per open end


@dataclass(frozen=True)
class Carry:
    """A running total carried to the claim's date: a floor (to the right) or a ceiling."""

    kind: str  # "floor" or "ceiling"
    x1: float
    x2: float
    cap: float  # x of the bound itself
    arrow: str
    bound: str  # the bound in words: "37,400"


@dataclass(frozen=True)
class PlotRow:
    figure: FigureRow
    same_day: bool  # dated the day of the (single) claim: shaded, it reads as one group
    y: float  # baseline of the label; the bar sits below it
    bar_y: float
    bar_height: float
    label: str
    short: str
    title: str
    bar: Bar | None
    carry: Carry | None


@dataclass(frozen=True)
class Band:
    claim_id: str
    x1: float
    x2: float
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class ForestPlot:
    row_height: float
    width: int
    height: float
    label_left: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    rows: tuple[PlotRow, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    title: str
    desc: str


def scale_of(rows: tuple[FigureRow, ...]) -> tuple[float, float] | None:
    """The values the plot spans: every finite end of every figure (stated or carried), with
    a margin; None when no figure has a finite end."""
    ends = [
        end
        for row in rows
        for interval in (row.interval, row.carried)
        if interval is not None
        for end in (interval.low, interval.high)
        if math.isfinite(end)
    ]
    if not ends:
        return None
    low, high = min(ends), max(ends)
    if low == high:
        low, high = (low * 0.9, high * 1.1) if high else (-1.0, 1.0)
        low, high = min(low, high), max(low, high)
    pad = (high - low) * 0.06
    # a count never goes below zero: a scale starting at 0 reads as "how many"
    start = 0.0 if low >= 0 and low - pad < 0 else low - pad
    return start, high + pad


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) between low and high: about
    ``count`` of them, never fewer than three."""
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    steps = [m * power for m in (0.1, 0.2, 0.5, 1, 2, 5, 10)]
    index = next(i for i, step in enumerate(steps) if step >= raw)
    while True:
        step = steps[index]
        first = math.ceil(low / step) * step
        ticks = []
        value = first
        while value <= high + step * 1e-9:
            ticks.append(round(value, 10))
            value += step
        if len(ticks) >= 3 or index == 0:
            return ticks
        index -= 1


def _x(value: float, scale: tuple[float, float]) -> float:
    low, high = scale
    if value == -math.inf:
        return PLOT_LEFT
    if value == math.inf:
        return PLOT_RIGHT
    fraction = (value - low) / (high - low)
    return PLOT_LEFT + max(0.0, min(1.0, fraction)) * (PLOT_RIGHT - PLOT_LEFT)


def _arrowhead(x: float, y: float, pointing: int, half: float) -> str:
    """Points of a triangle whose tip is at (x, y), pointing left (-1) or right (1)."""
    base = x - pointing * ARROW
    return f"{x:.1f},{y:.1f} {base:.1f},{y - half:.1f} {base:.1f},{y + half:.1f}"


def _bar(
    interval: Interval, scale: tuple[float, float], y: float, height: float, least: float
) -> Bar:
    x1, x2 = _x(interval.low, scale), _x(interval.high, scale)
    if x2 - x1 < least:
        middle = (x1 + x2) / 2
        x1, x2 = middle - least / 2, middle + least / 2
    middle_y = y + height / 2
    arrows = []
    if interval.low == -math.inf:
        arrows.append(_arrowhead(PLOT_LEFT - 4, middle_y, -1, height / 2 + 3))
    if interval.high == math.inf:
        arrows.append(_arrowhead(PLOT_RIGHT + 4, middle_y, 1, height / 2 + 3))
    return Bar(x1, x2, tuple(arrows))


def _carry(row: FigureRow, scale: tuple[float, float], y: float) -> Carry | None:
    carried = row.carried
    # carried both ways to infinity, it says nothing of the claim's date: nothing to draw
    if carried is None or (math.isinf(carried.low) and math.isinf(carried.high)):
        return None
    if math.isinf(carried.high):  # a floor: at least this much by the claim's date
        cap = _x(carried.low, scale)
        arrow = _arrowhead(PLOT_RIGHT + 4, y, 1, 4)
        return Carry("floor", cap, PLOT_RIGHT, cap, arrow, format_number(carried.low))
    cap = _x(carried.high, scale)
    arrow = _arrowhead(PLOT_LEFT - 4, y, -1, 4)
    return Carry("ceiling", PLOT_LEFT, cap, cap, arrow, format_number(carried.high))


def who_of(row: FigureRow) -> str:
    """Who gives the figure, in the terminal report's words: 'dpa via ICRC'."""
    return row.who if row.via is None else f"{row.who} via {short_origin(row.via)}"


def row_label(row: FigureRow) -> str:
    date = row.date.isoformat() if row.date else "undated"
    if row.is_claim:
        return f"{date}  CLAIM  {who_of(row)}: {row.figure}"
    words = f"{date}  {who_of(row)}: {row.figure} ({row.relation})"
    carried = row.carried
    if carried is not None and math.isinf(carried.low) != math.isinf(carried.high):
        kind = "floor" if math.isinf(carried.high) else "ceiling"
        bound = carried.low if kind == "floor" else carried.high
        words += f", {kind} {format_number(bound)}"
    return words


def short_label(row: FigureRow) -> str:
    """The row in few words, for a narrow screen where the chart is drawn small: the day, the
    figure's origin (its relay left out), the figure and what it does to the claim."""
    date = row.date.strftime("%d %b") if row.date else "undated"
    origin = short_origin(row.via or row.who)
    if row.is_claim:
        return f"{date} CLAIM {origin}: {row.figure}"
    return f"{date} {origin}: {row.figure} ({row.relation})"


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def forest_plot(comparison: Comparison) -> ForestPlot | None:
    """The plot of one comparison, or None when no figure has a finite end to place."""
    scale = scale_of(comparison.rows)
    if scale is None:
        return None
    claim_days = {row.date for row in comparison.rows if row.is_claim}
    claim_day = claim_days.pop() if len(claim_days) == 1 else None
    rows = []
    for index, row in enumerate(comparison.rows):
        y = TOP + index * ROW_HEIGHT + 14
        height = CLAIM_BAR_HEIGHT if row.is_claim else BAR_HEIGHT
        bar_y = y + 6 + (CLAIM_BAR_HEIGHT - height) / 2
        label = row_label(row)
        least = MIN_CLAIM_WIDTH if row.is_claim else MIN_BAR_WIDTH
        rows.append(
            PlotRow(
                figure=row,
                same_day=row.date is not None and row.date == claim_day,
                y=y,
                bar_y=bar_y,
                bar_height=height,
                label=_cut(label),
                short=_cut(short_label(row), SHORT_CHARS),
                title=f"{label}. {row.reason}" if row.reason else label,
                bar=(
                    _bar(row.interval, scale, bar_y, height, least)
                    if row.interval is not None
                    else None
                ),
                carry=_carry(row, scale, bar_y + height / 2),
            )
        )
    plot_bottom = TOP + len(rows) * ROW_HEIGHT + 6
    bands = tuple(
        Band(
            claim_id=row.claim_id,
            x1=bar.x1,
            x2=bar.x2,
            label=f"claim: {row.figure}" if len(comparison.claims) == 1 else row.claim_id,
        )
        for row, bar in ((r.figure, r.bar) for r in rows)
        if row.is_claim and bar is not None
    )
    low, high = scale
    ticks = tuple(Tick(_x(value, scale), format_number(value)) for value in nice_ticks(low, high))
    title = f"{comparison.subject} / {comparison.measure}"
    if comparison.cumulative:
        title += " (running total)"
    desc = (
        f"{len(rows)} figures in time order, each interval a bar on one scale from "
        f"{format_number(round(low))} to {format_number(round(high))}. "
        + " ".join(comparison.reasons)
    )
    return ForestPlot(
        row_height=ROW_HEIGHT,
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        label_left=LABEL_LEFT,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        plot_top=TOP - 6,
        plot_bottom=plot_bottom,
        rows=tuple(rows),
        bands=bands,
        ticks=ticks,
        title=title,
        desc=desc,
    )
