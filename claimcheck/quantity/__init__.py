"""Quantities: the figures in claims and sources, as intervals of values that would make them true.

A figure in prose is never a single number. "37,500 people" is true of any count that a reporter
would round to 37,500; "more than 400,000" is true of every count above 400,000; "nearly 19,000"
is true of a count a little under 19,000. claimcheck therefore turns every figure into an
:class:`Interval` and compares intervals, never raw numbers (docs/intervals.md).

One job per module:

* ``numbers``: bounded Decimals, the rounding step a written figure implies, ``format_number``;
* ``interval``: :class:`Interval`;
* ``model``: :class:`Quantity` (what was said, kept exactly), its canonical YAML form and
  :func:`quantity_from_data`;
* ``hedges``: every hedge wording and the qualifier it becomes (how "about" is read);
* ``words``: numbers in words ('one hundred and six', 'half a million', 'two thirds');
* ``units``: scales ('1.2m', '3bn'), currencies, per cent, and what makes a number a time;
* ``numerals``: reading one number at a position, digits or words;
* ``unitwords``: the unit after a figure;
* ``grammar``: :func:`parse_quantity`, '[hedge] number [unit]', ranges, two-sided bounds;
* ``scan``: :func:`find_quantities`, every figure in a sentence of prose.

Standard library only: this package is imported by everything and must import fast.
"""

from __future__ import annotations

from .grammar import parse_quantity
from .interval import Interval
from .model import Qualifier, Quantity, QuantityError, quantity_from_data
from .numbers import format_number
from .scan import find_quantities

__all__ = [
    "Interval",
    "Qualifier",
    "Quantity",
    "QuantityError",
    "find_quantities",
    "format_number",
    "parse_quantity",
    "quantity_from_data",
]
