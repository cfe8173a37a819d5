"""The loaded data: frozen records of figures, metrics and checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from .bounds import Interval, scale
from .errors import Location, TextOrigin
from .formula import Comparison, Expr
from .limits import Limits
from .numbers import StatedNumber
from .policy import figure_bounds
from .units import Unit

Source = dict[str, str]


@dataclass(frozen=True)
class Figure:
    """A number quoted from a source, with the hedges that bound it."""

    name: str
    stated: StatedNumber
    unit: Unit
    unit_text: str
    label: str | None = None
    year: int | None = None
    quote: str | None = None
    source: Source | None = None
    qualifier: str | None = None
    precision: Fraction | None = None
    exact: bool = False
    low: Fraction | None = None
    high: Fraction | None = None
    location: Location | None = None
    bounds: Interval = field(init=False, compare=False)

    def __post_init__(self) -> None:
        bounds = figure_bounds(
            self.stated.value,
            self.stated.rounding_half_width,
            qualifier=self.qualifier,
            precision=self.precision,
            exact=self.exact,
            low=self.low,
            high=self.high,
        )
        object.__setattr__(self, "bounds", bounds)

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
        """The same figure with another stated value; its hedges still apply."""
        return replace(self, stated=stated)


@dataclass(frozen=True)
class Metric:
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
    origin: TextOrigin = field(default_factory=lambda: TextOrigin("formula"))  # where formula errors point


@dataclass(frozen=True)
class Check:
    """A comparison that must hold for the data to make sense."""

    name: str
    assertion: str
    comparison: Comparison
    refs: tuple[str, ...]
    unit: Unit  # of the sides, for showing their values
    location: Location | None = None
    origin: TextOrigin = field(default_factory=lambda: TextOrigin("assert"))  # where assert errors point


@dataclass(frozen=True)
class Dataset:
    """A whole data file: figures, metrics in dependency order, and checks."""

    path: str
    figures: dict[str, Figure]
    metrics: dict[str, Metric]  # in file order
    checks: tuple[Check, ...]
    order: tuple[str, ...]  # every metric after the metrics it uses
    source: Source | None = None
    limits: Limits = field(default_factory=Limits)

    def unit_of(self, name: str) -> Unit:
        if name in self.figures:
            return self.figures[name].unit
        return self.metrics[name].unit

    def unit_text_of(self, name: str) -> str:
        if name in self.figures:
            return self.figures[name].unit_text
        return self.metrics[name].unit_text

    @property
    def names(self) -> list[str]:
        return [*self.figures, *self.metrics]
