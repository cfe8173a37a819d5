"""Exact closed intervals over the rationals, with unbounded ends.

An end of None is unbounded: `lo is None` means the interval reaches down
without limit, `hi is None` up. Every operation returns an interval that
contains every result of the operation on members of its operands (sound),
and for a single operation it is the exact range (tight).

The one operation that has no honest interval answer, dividing by an interval
that contains zero, raises `ZeroDivisionError`; the evaluator turns that into
an error that names the formula and the column.
"""

from __future__ import annotations

from fractions import Fraction

Bound = Fraction | None

# An extended real for the few places that need infinities: (flag, value),
# flag -1 for -inf, 0 for a finite value, +1 for +inf. Tuples order correctly.
Ext = tuple[int, Fraction]
ZERO = Fraction(0)
ONE = Fraction(1)


class Interval:
    """A closed interval [lo, hi]; None at either end means unbounded."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: Bound, hi: Bound) -> None:
        self.lo = lo
        self.hi = hi

    @classmethod
    def point(cls, value: Fraction) -> Interval:
        return cls(value, value)

    def __repr__(self) -> str:
        return f"Interval({self.lo!s}, {self.hi!s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and self.lo == other.lo and self.hi == other.hi

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi

    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    def width(self) -> Fraction | None:
        """hi - lo, or None when unbounded."""
        if self.lo is None or self.hi is None:
            return None
        return self.hi - self.lo

    def contains(self, value: Fraction) -> bool:
        return (self.lo is None or self.lo <= value) and (self.hi is None or value <= self.hi)

    def contains_zero(self) -> bool:
        return self.contains(ZERO)

    def encloses(self, other: Interval) -> bool:
        """True when every member of `other` is a member of this interval."""
        lo_ok = self.lo is None or (other.lo is not None and self.lo <= other.lo)
        hi_ok = self.hi is None or (other.hi is not None and other.hi <= self.hi)
        return lo_ok and hi_ok


def hull(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.lo is None else min(a.lo, b.lo)
    hi = None if a.hi is None or b.hi is None else max(a.hi, b.hi)
    return Interval(lo, hi)


def _greater_lower(x: Bound, y: Bound) -> Bound:
    """The larger of two lower ends, where None is unbounded below."""
    if x is None:
        return y
    return x if y is None else max(x, y)


def _smaller_upper(x: Bound, y: Bound) -> Bound:
    """The smaller of two upper ends, where None is unbounded above."""
    if x is None:
        return y
    return x if y is None else min(x, y)


def intersect(a: Interval, b: Interval) -> Interval:
    """The common part of two intervals known to overlap (both enclose one range)."""
    return Interval(_greater_lower(a.lo, b.lo), _smaller_upper(a.hi, b.hi))


def add(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.lo is None else a.lo + b.lo
    hi = None if a.hi is None or b.hi is None else a.hi + b.hi
    return Interval(lo, hi)


def neg(a: Interval) -> Interval:
    return Interval(None if a.hi is None else -a.hi, None if a.lo is None else -a.lo)


def sub(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.hi is None else a.lo - b.hi
    hi = None if a.hi is None or b.lo is None else a.hi - b.lo
    return Interval(lo, hi)


def mul(a: Interval, b: Interval) -> Interval:
    alo, ahi, blo, bhi = a.lo, a.hi, b.lo, b.hi
    if alo is not None and ahi is not None and blo is not None and bhi is not None:
        if alo >= 0 and blo >= 0:
            return Interval(alo * blo, ahi * bhi)
        products = (alo * blo, alo * bhi, ahi * blo, ahi * bhi)
        return Interval(min(products), max(products))
    ends = [_ext_mul(x, y) for x in (_low(alo), _high(ahi)) for y in (_low(blo), _high(bhi))]
    low, high = min(ends), max(ends)
    return Interval(None if low[0] else low[1], None if high[0] else high[1])


def scale(a: Interval, factor: Fraction) -> Interval:
    """Multiply by an exact constant."""
    if factor == 0:
        return Interval(factor, factor)
    if factor > 0:
        return Interval(None if a.lo is None else a.lo * factor, None if a.hi is None else a.hi * factor)
    return Interval(None if a.hi is None else a.hi * factor, None if a.lo is None else a.lo * factor)


def reciprocal(a: Interval) -> Interval:
    """1/a; raises ZeroDivisionError when a contains zero."""
    if a.lo is not None and a.lo > 0:
        return Interval(ZERO if a.hi is None else 1 / a.hi, 1 / a.lo)
    if a.hi is not None and a.hi < 0:
        return Interval(1 / a.hi, ZERO if a.lo is None else 1 / a.lo)
    raise ZeroDivisionError("interval contains zero")


def div(a: Interval, b: Interval) -> Interval:
    blo, bhi = b.lo, b.hi
    if a.lo is not None and a.hi is not None and a.lo >= 0 and blo is not None and bhi is not None and blo > 0:
        return Interval(a.lo / bhi, a.hi / blo)
    return mul(a, reciprocal(b))


def power(a: Interval, exponent: int) -> Interval:
    """a**exponent for a whole exponent; the even case folds around zero."""
    if exponent == 0:
        return Interval(ONE, ONE)
    if exponent < 0:
        return reciprocal(power(a, -exponent))
    lo = None if a.lo is None else a.lo**exponent
    hi = None if a.hi is None else a.hi**exponent
    if exponent % 2 == 1:
        return Interval(lo, hi)
    if a.lo is not None and a.lo >= 0:
        return Interval(lo, hi)
    if a.hi is not None and a.hi <= 0:
        return Interval(hi, lo)
    top = None if lo is None or hi is None else max(lo, hi)
    return Interval(ZERO, top)


def absolute(a: Interval) -> Interval:
    if a.lo is not None and a.lo >= 0:
        return a
    if a.hi is not None and a.hi <= 0:
        return neg(a)
    top = None if a.lo is None or a.hi is None else max(-a.lo, a.hi)
    return Interval(ZERO, top)


def minimum(a: Interval, b: Interval) -> Interval:
    lo = None if a.lo is None or b.lo is None else min(a.lo, b.lo)
    return Interval(lo, _smaller_upper(a.hi, b.hi))


def maximum(a: Interval, b: Interval) -> Interval:
    return neg(minimum(neg(a), neg(b)))


def _low(value: Bound) -> Ext:
    return (-1, ZERO) if value is None else (0, value)


def _high(value: Bound) -> Ext:
    return (1, ZERO) if value is None else (0, value)


def _sign(value: Ext) -> int:
    if value[0]:
        return value[0]
    return (value[1] > 0) - (value[1] < 0)


def _ext_mul(x: Ext, y: Ext) -> Ext:
    """Product of extended reals, with 0 * inf = 0 (the ends are closures of finite values)."""
    if not x[0] and not y[0]:
        return (0, x[1] * y[1])
    sign = _sign(x) * _sign(y)
    return (sign, ZERO)
