"""Interval: the set of values that would make a figure true, each end open or closed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .numbers import format_number


@dataclass(frozen=True)
class Interval:
    """A set of real numbers between two ends, each end open or closed.

    An infinite end is never included, so ``Interval(0, math.inf, True, True)`` is stored as
    ``[0, inf)``: that keeps equality meaningful.

    >>> from claimcheck import Interval
    >>> between = Interval(0, 10, True, False)
    >>> str(between), between.contains_value(10), between.overlaps(Interval(5, 20, True, True))
    ('[0, 10)', False, True)
    """

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    def __post_init__(self) -> None:
        low, high = float(self.low), float(self.high)
        if math.isnan(low) or math.isnan(high):
            raise ValueError("an interval cannot have a NaN end")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        # Infinity is a direction, not a value: it can never be reached.
        if math.isinf(low):
            object.__setattr__(self, "low_closed", False)
        if math.isinf(high):
            object.__setattr__(self, "high_closed", False)

    def is_empty(self) -> bool:
        """True when no value lies in the interval ([3, 2], [2, 2), (2, 2])."""
        if self.low > self.high:
            return True
        return self.low == self.high and not (self.low_closed and self.high_closed)

    def contains_value(self, x: float) -> bool:
        """True when x lies in the interval."""
        above = self.low < x or (self.low == x and self.low_closed)
        below = x < self.high or (x == self.high and self.high_closed)
        return above and below

    def intersection(self, other: Interval) -> Interval:
        """The values in both (possibly empty)."""
        if self.low != other.low:
            low, low_closed = max((self.low, self.low_closed), (other.low, other.low_closed))
        else:  # same end: included only if both include it
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high != other.high:
            high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        return Interval(low, high, low_closed, high_closed)

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both.

        [1, 2) and [2, 3] do not overlap (2 is not in the first); [1, 2] and [2, 3] do.
        """
        # intersection(other).is_empty() without making the intersection: every source of
        # every claim is weighed with it.
        if self.low != other.low:
            low, low_closed = max((self.low, self.low_closed), (other.low, other.low_closed))
        else:
            low, low_closed = self.low, self.low_closed and other.low_closed
        if self.high != other.high:
            high, high_closed = min((self.high, self.high_closed), (other.high, other.high_closed))
        else:
            high, high_closed = self.high, self.high_closed and other.high_closed
        if low < high:
            return True
        # an infinite end is never included, as the intersection would store it
        return low == high and low_closed and high_closed and not math.isinf(low)

    def contains(self, other: Interval) -> bool:
        """True when every value of other lies in self (the empty interval is in everything)."""
        if other.is_empty():
            return True
        low_ok = self.low < other.low or (
            self.low == other.low and (self.low_closed or not other.low_closed)
        )
        high_ok = other.high < self.high or (
            other.high == self.high and (self.high_closed or not other.high_closed)
        )
        return low_ok and high_ok

    def floor(self) -> Interval:
        """[low, inf): what a running total reported earlier says about a later date.

        A cumulative count can only grow, so an earlier report bounds later values from below.
        """
        return Interval(self.low, math.inf, self.low_closed, False)

    def ceiling(self) -> Interval:
        """(-inf, high]: what a running total reported later says about an earlier date."""
        return Interval(-math.inf, self.high, False, self.high_closed)

    def __str__(self) -> str:
        # Kept on the (immutable) instance: a figure's interval, shared by every record that
        # states the figure, is written into the reason of each source compared with it.
        text: str | None = self.__dict__.get("_text")
        if text is None:
            left = "[" if self.low_closed else "("
            right = "]" if self.high_closed else ")"
            text = f"{left}{format_number(self.low)}, {format_number(self.high)}{right}"
            object.__setattr__(self, "_text", text)
        return text
