"""What evaluation produces: values, items as users see them, check results, explanations.

Kept apart from the engine so that output (and the cache) can use these
records without importing the evaluator.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, NamedTuple

from . import bounds as iv
from .bounds import Interval
from .errors import TextOrigin, UnitError
from .limits import Limits
from .units import Unit, Words, format_unit, mismatch_hint, parse_unit

Source = dict[str, str]  # a source's fields (publisher, title, url, date), as the file gives them

# What a figure is, besides its number (README "The data file"): `actual` unless the file says otherwise.
STATUSES = ("actual", "preliminary", "estimate", "target", "forecast")
DEFAULT_STATUS = "actual"

Kind = Literal["figure", "metric"]
RestsOn = tuple[tuple[str, str], ...]  # (figure name, status) of figures not `actual`, in file order
Status = Literal["pass", "fail", "uncertain"]


class Value(NamedTuple):
    """A point value and its bounds, in base units.

    `tight` says the bounds are proven to be the true range; when False they
    are sound but may be wider (see the README's "Soundness and tightness").
    """

    point: Fraction
    bounds: Interval
    tight: bool = True


class Item(NamedTuple):
    """A figure or metric as users see it: value and bounds in its declared unit."""

    name: str
    kind: Kind
    value: Fraction
    bounds: Interval
    unit: Unit
    unit_text: str
    label: str | None
    formula: str | None = None
    quote: str | None = None
    qualifier: str | None = None
    source: Source | None = None
    period: str | None = None  # figures: ISO 8601 text (core/periods.py)
    basis: str | None = None
    status: str = DEFAULT_STATUS  # figures: one of STATUSES
    stated: str | None = None
    tight: bool = True  # the bounds are proven to be the true range; see Value
    file_stated: str | None = None  # a figure restated by --set: the value its file states
    rests_on: RestsOn = ()  # metrics: the figures of its cone whose status is not actual

    def converted(self, unit: Unit, unit_text: str) -> Item:
        """The same item in another unit of the same dimensions."""
        if unit.dims != self.unit.dims:
            raise UnitError(
                f"cannot show {self.name} ({self.unit_text or 'dimensionless'}) in {unit_text!r}",
                hint=mismatch_hint(unit, self.unit) or f"use a unit of the same dimensions as {format_unit(self.unit)}",
            )
        factor = self.unit.scale / unit.scale
        return self._replace(
            value=self.value * factor, bounds=iv.scale(self.bounds, factor), unit=unit, unit_text=unit_text
        )


def status_of(op: str, difference: Interval) -> Status:
    """Whether left OP right holds for all, none or some values within the bounds (for <, <=, > and >=)."""
    lo, hi = difference.lo, difference.hi
    if op == "<":
        holds_all = hi is not None and hi < 0
        holds_none = lo is not None and lo >= 0
    elif op == "<=":
        holds_all = hi is not None and hi <= 0
        holds_none = lo is not None and lo > 0
    elif op == ">":
        holds_all = lo is not None and lo > 0
        holds_none = hi is not None and hi <= 0
    else:
        holds_all = lo is not None and lo >= 0
        holds_none = hi is not None and hi < 0
    if holds_all:
        return "pass"
    if holds_none:
        return "fail"
    return "uncertain"


class CheckResult(NamedTuple):
    name: str
    assertion: str
    status: Status
    left: Value
    right: Value
    difference: Interval  # left - right, in base units
    unit: Unit
    tight: bool = True  # the bounds of the difference are proven tight; the status is sound either way
    op: str = ""  # the comparison: <, <=, >, >= or ~=
    tolerance: Fraction | None = None  # of a ~= check, in base units (0 without `within`)
    rests_on: RestsOn = ()  # the figures of its cone whose status is not actual
    unit_text: str = ""  # the unit in the file's words (residents, not resident); "" to format `unit`

    @property
    def gap(self) -> Gap | None:
        """How far apart the sides of a failed ~= check stay, at the least; None for any other."""
        if self.op != "~=" or self.status != "fail":
            return None
        lo, hi = self.difference.lo, self.difference.hi
        higher: Literal["left", "right"] = "left" if lo is not None and lo > 0 else "right"
        amount = lo if higher == "left" else (None if hi is None else -hi)
        if amount is None or amount <= 0:
            return None  # failed over whole values (solve/wholes.py), with no gap in the bounds
        right = abs(self.right.point)
        share = amount / right if right else None
        return Gap(higher, amount, amount - (self.tolerance or 0), share)


class Gap(NamedTuple):
    """The smallest distance between the sides of an inconsistent ~= check, in base units.

    Every value of left - right within the bounds is at least `amount` from
    zero, on the side of `higher`; `beyond` is how much of that exceeds the
    tolerance. `share` is `amount` over the absolute value of the right side
    (its value from the stated figures), None when that value is zero.
    """

    higher: Literal["left", "right"]
    amount: Fraction
    beyond: Fraction
    share: Fraction | None


class Contribution(NamedTuple):
    """How much of an item's width one figure accounts for, alone."""

    name: str
    width: Fraction | None  # None when the figure is unbounded
    share: Fraction | None  # of the sum of all widths; None when any is unbounded


class ExplainNode:
    """A step of a derivation: an item and the inputs of its formula."""

    __slots__ = ("children", "item", "repeated", "truncated")

    def __init__(self, item: Item, children: list[ExplainNode] | None = None, repeated: bool = False) -> None:
        self.item = item
        self.children = children or []
        self.repeated = repeated  # already explained above; children omitted
        self.truncated = False  # deeper than the depth asked for; children omitted


class Explanation(NamedTuple):
    tree: ExplainNode
    budget: list[Contribution]


class CheckExplanation(NamedTuple):
    """A check explained: its result, each side's derivation, and the budget of left - right in its unit."""

    result: CheckResult
    left: ExplainNode
    right: ExplainNode
    budget: list[Contribution]


def convert(item: Item, unit_text: str, limits: Limits, words: Words | None = None) -> Item:
    """An item shown in another unit, such as '100 million CNY'; `words` are the data file's own."""
    unit = parse_unit(unit_text, TextOrigin("--unit"), limits, words)
    return item.converted(unit, " ".join(unit_text.split()))
