"""The loaded data: frozen records of figures, metrics and checks."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, NamedTuple

from .bounds import Interval, scale
from .bounds_policy import figure_bounds, is_plain_count
from .errors import Location, TextOrigin
from .formula import Comparison, Expr
from .limits import Limits
from .numbers import StatedNumber
from .periods import Period
from .results import DEFAULT_STATUS, Source
from .units import Unit


class Figure(NamedTuple):
    """A number quoted from a source, with the hedges that bound it."""

    name: str
    stated: StatedNumber
    unit: Unit
    unit_text: str
    label: str | None = None
    period: Period | None = None
    basis: str | None = None
    status: str = DEFAULT_STATUS
    quote: str | None = None
    source: Source | None = None
    qualifier: str | None = None
    precision: Fraction | None = None
    exact: bool = False
    low: Fraction | None = None
    high: Fraction | None = None
    location: Location | None = None
    file_stated: StatedNumber | None = None  # what the file states, when --set restated the figure
    bounds: Interval = Interval(None, None)  # set by Figure.make from the fields above

    @classmethod
    def make(cls, **fields: Any) -> Figure:
        """A figure with its bounds worked out from its value, unit and hedges (see bounds_policy.py)."""
        stated = fields["stated"]
        bounds = figure_bounds(
            stated.value,
            stated.rounding_half_width,
            whole=stated.last_digit is None,
            stated_range=stated.range,
            count=is_plain_count(fields["unit"]),
            qualifier=fields.get("qualifier"),
            precision=fields.get("precision"),
            exact=fields.get("exact", False),
            low=fields.get("low"),
            high=fields.get("high"),
        )
        return cls(**fields, bounds=bounds)

    @property
    def value(self) -> Fraction:
        """The stated value, in the declared unit."""
        return self.stated.value

    @property
    def base_value(self) -> Fraction:
        return self.stated.value * self.unit.scale

    @property
    def base_bounds(self) -> Interval:
        return scale(self.bounds, self.unit.scale)

    def restated(self, stated: StatedNumber) -> Figure:
        """The same figure with another stated value (--set); its hedges still apply, and it keeps the file's."""
        fields = self._asdict()
        del fields["bounds"]
        fields["stated"] = stated
        fields["file_stated"] = self.stated if self.file_stated is None else self.file_stated
        return Figure.make(**fields)


class Metric(NamedTuple):
    """A number derived by formula from figures and other metrics."""

    name: str
    formula: str
    expr: Expr
    unit: Unit
    unit_text: str
    refs: tuple[str, ...]  # distinct names the formula uses, in order
    label: str | None = None
    location: Location | None = None
    height: int = 1  # of the formula tree; see formula.height
    origin: TextOrigin = TextOrigin("formula")  # where formula errors point
    whole: bool = False  # a count: `consistent` gives it only whole values of its unit


class Check(NamedTuple):
    """A comparison that must hold for the data to make sense."""

    name: str
    assertion: str
    comparison: Comparison
    refs: tuple[str, ...]
    unit: Unit  # of the sides, for showing their values
    location: Location | None = None
    origin: TextOrigin = TextOrigin("assert")  # where assert errors point
    tolerance: Fraction | None = None  # of a ~= check, in base units (0 without `within`); None for the others
    unit_text: str = ""  # the unit as the file wrote it for an input of the check's unit; "" to format it


class Dataset(NamedTuple):
    """A whole data file: figures, metrics (and their dependency order), and checks."""

    path: str
    figures: dict[str, Figure]
    metrics: dict[str, Metric]  # in file order
    checks: tuple[Check, ...]
    order: tuple[str, ...]  # every metric after the metrics it uses
    source: Source | None = None
    limits: Limits = Limits()
    size: int = 0  # bytes of the data file; the work of tightening grows with it, see engine.py
    unit_words: Mapping[str, Unit] = MappingProxyType({})  # the file's own `units:`, by canonical word

    def unit_of(self, name: str) -> Unit:
        if name in self.figures:
            return self.figures[name].unit
        return self.metrics[name].unit

    @property
    def names(self) -> list[str]:
        return [*self.figures, *self.metrics]
