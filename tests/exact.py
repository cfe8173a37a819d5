"""Independent reference values: exact fractions and brute-force corners.

Nothing here imports laoshan. A figure is given as (value, low, high); a
formula as a Python function of exact Fractions. For a formula that is
monotone in each input over the box, the corners hold its extremes, so the
true range is the min and max over all 2**n corners.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction as F

Box = dict[str, tuple[F, F, F]]  # name -> (value, low, high)


def rounded(text: str) -> tuple[F, F, F]:
    """A decimal stated to its last digit: 38.9 -> (38.9, 38.85, 38.95)."""
    value = F(text)
    decimals = len(text.split(".")[1]) if "." in text else 0
    half = F(1, 10**decimals) / 2 if decimals else F(0)
    return value, value - half, value + half


def exact(value: int | str) -> tuple[F, F, F]:
    v = F(value)
    return v, v, v


def corner_range(formula: Callable[..., F], box: Box) -> tuple[F, F, F]:
    """(value at the stated values, min over corners, max over corners)."""
    names = list(box)
    point = formula(**{n: box[n][0] for n in names})
    values = [
        formula(**dict(zip(names, corner, strict=True)))
        for corner in itertools.product(*[(box[n][1], box[n][2]) for n in names])
    ]
    return point, min(values), max(values)


def is_largest_float_at_or_below(result: float, exact_value: F) -> bool:
    return F(result) <= exact_value < F(math.nextafter(result, math.inf))


def is_smallest_float_at_or_above(result: float, exact_value: F) -> bool:
    return F(math.nextafter(result, -math.inf)) < exact_value <= F(result)
