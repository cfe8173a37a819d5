"""Choosing simple exact points inside intervals, and rounding ends outward.

A witness reads best with short numbers: 38.9 rather than 3889/100.0001, so a
point is the decimal with the fewest places in the middle half of an
interval, and otherwise the fraction with the smallest denominator in it
(found by continued fractions, the Stern-Brocot way): 881/128, not 6.88281249.
"""

from __future__ import annotations

import math
from fractions import Fraction

from ..bounds import Bound, Interval

MAX_PLACES = 12  # decimal places tried before the smallest-denominator fraction
ROUND_BITS = 64  # bits an end keeps when it is rounded outward
ROUND_ABOVE = 128  # bits of numerator or denominator past which ends are rounded


def simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The fraction with the smallest denominator in [lo, hi] (then the smallest numerator in size)."""
    if lo > hi:
        raise ValueError("empty interval")
    if lo <= 0 <= hi:
        return Fraction(0)
    if hi < 0:
        return -simplest_between(-hi, -lo)
    # Continued fractions, iteratively: x = whole + 1 / (next x), within the interval.
    wholes: list[int] = []
    while True:
        whole = math.floor(lo)
        if whole == lo or whole + 1 <= hi:
            result = Fraction(whole if whole == lo else whole + 1)
            break
        wholes.append(whole)
        lo, hi = 1 / (hi - whole), 1 / (lo - whole)
    for whole in reversed(wholes):
        result = whole + 1 / result
    return result


def fewest_places(lo: Fraction, hi: Fraction, middle: Fraction) -> Fraction | None:
    """The number with the fewest decimal places (integers: the most trailing zeros) in [lo, hi], nearest `middle`."""
    top = max(abs(lo), abs(hi))
    digits = len(str(math.floor(top))) if top >= 1 else 0
    for places in range(-digits, MAX_PLACES + 1):
        step = Fraction(10) ** -places
        first = math.ceil(lo / step)
        last = math.floor(hi / step)
        if first <= last:
            nearest = min(max(round(middle / step), first), last)
            return nearest * step
    return None


def pick(domain: Interval, step: Fraction | None = None) -> Fraction:
    """A simple point of `domain`, away from its ends where it can be; a multiple of `step` when given.

    The caller makes sure a multiple of `step` lies in the domain (integer domains are rounded inward).
    """
    lo, hi = domain.lo, domain.hi
    if lo is None and hi is None:
        return Fraction(1)  # not 0, which a figure freed from its bounds would divide by
    if lo is None:
        assert hi is not None
        lo = hi - 2 * max(abs(hi), Fraction(1))
    elif hi is None:
        hi = lo + 2 * max(abs(lo), Fraction(1))
    if step is not None:
        units = pick(Interval(Fraction(math.ceil(lo / step)), Fraction(math.floor(hi / step))))
        return units * step
    if lo == hi:
        return lo
    quarter = (hi - lo) / 4
    middle = (lo + hi) / 2
    found = fewest_places(lo + quarter, hi - quarter, middle)
    if found is not None:
        return found
    return simplest_between(lo + quarter, hi - quarter)


def _rounded(value: Fraction, up: bool) -> Fraction:
    exponent = value.numerator.bit_length() - value.denominator.bit_length()
    shift = ROUND_BITS - exponent
    scaled = value * Fraction(2) ** shift
    whole = math.ceil(scaled) if up else math.floor(scaled)
    return Fraction(whole) * Fraction(2) ** -shift


def _big(value: Bound) -> bool:
    return value is not None and max(value.numerator.bit_length(), value.denominator.bit_length()) > ROUND_ABOVE


def outward(domain: Interval) -> Interval:
    """`domain`, or a slightly wider interval with shorter ends when its ends have grown long."""
    lo, hi = domain.lo, domain.hi
    if _big(lo):
        assert lo is not None
        lo = _rounded(lo, up=False)
    if _big(hi):
        assert hi is not None
        hi = _rounded(hi, up=True)
    return domain if lo is domain.lo and hi is domain.hi else Interval(lo, hi)
