"""The bounds policy: how a stated figure and its hedge become bounds.

This is the one place that turns stated digits, `precision`, `exact` and
qualifiers such as "nearly" into bounds; the README's "Bounds" section
repeats it. A qualifier's bounds replace the rounding interval of the stated
digits, and `low`/`high` in the file override either end.
"""

from __future__ import annotations

from fractions import Fraction

from .bounds import Interval

# The band a vague qualifier allows, as a share of the stated value.
NEARLY_WIDTH = Fraction(1, 10)  # "nearly 100" lies in [90, 100]
AROUND_WIDTH = Fraction(1, 10)  # "around 40" lies in [36, 44]

ABOVE = ("more than", "over", "at least")
BELOW = ("less than", "under", "at most", "up to")
NEARLY = ("nearly", "almost")
AROUND = ("around", "about", "approximately", "roughly")
QUALIFIERS = ABOVE + BELOW + NEARLY + AROUND


def normalize_qualifier(text: str) -> str | None:
    """The qualifier in canonical form ('More  than' -> 'more than'), or None if unknown."""
    canonical = " ".join(text.lower().split())
    return canonical if canonical in QUALIFIERS else None


def qualifier_bounds(qualifier: str, value: Fraction) -> Interval:
    """Bounds that a canonical qualifier puts around a stated value.

    - more than / over / at least N: [N, unbounded); the open end is closed,
      which is a sound over-approximation.
    - less than / under / at most / up to N: (unbounded, N].
    - nearly / almost N: up to N, and at most 10% of N short of it (toward zero).
    - around / about / approximately / roughly N: within 10% of N either side.
    """
    if qualifier in ABOVE:
        return Interval(value, None)
    if qualifier in BELOW:
        return Interval(None, value)
    if qualifier in NEARLY:
        short = value - value * NEARLY_WIDTH
        return Interval(min(short, value), max(short, value))
    if qualifier in AROUND:
        band = abs(value) * AROUND_WIDTH
        return Interval(value - band, value + band)
    raise ValueError(f"not a canonical qualifier: {qualifier!r}")


def figure_bounds(
    value: Fraction,
    rounding_half_width: Fraction,
    *,
    qualifier: str | None,
    precision: Fraction | None,
    exact: bool,
    low: Fraction | None,
    high: Fraction | None,
) -> Interval:
    """Bounds of a figure in its declared unit, by the rules in this module.

    In order: a qualifier's bounds; else `precision` as a half-width; else
    exact when `exact` is set; else half a unit in the last stated digit
    (zero for a plain integer). Then `low` and `high` replace either end.
    """
    if qualifier is not None:
        bounds = qualifier_bounds(qualifier, value)
    elif precision is not None:
        bounds = Interval(value - precision, value + precision)
    elif exact:
        bounds = Interval(value, value)
    else:
        bounds = Interval(value - rounding_half_width, value + rounding_half_width)
    return Interval(bounds.lo if low is None else low, bounds.hi if high is None else high)
