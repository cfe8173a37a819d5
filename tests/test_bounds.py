"""Exact interval operations of laoshan_cli/bounds.py, with unbounded ends (None).

References: for bounded operands the exact range of each operation is found
here from its candidate points (ends, and zero where a function turns), and
soundness for unbounded operands is checked by sampling members.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from laoshan_cli.core import bounds as iv
from laoshan_cli.core.bounds import Interval

N = None  # an unbounded end


def I(lo: int | F | None, hi: int | F | None) -> Interval:  # noqa: E743
    return Interval(None if lo is None else F(lo), None if hi is None else F(hi))


# -- the Interval type ------------------------------------------------------------------------------------------------


def test_interval_basics() -> None:
    a = I(1, 3)
    assert a == Interval(F(1), F(3)) and a != I(1, 4) and a != (1, 3)
    assert hash(a) == hash(I(1, 3))
    assert Interval.point(F(2)) == I(2, 2) and I(2, 2).is_point and not a.is_point
    assert not I(N, N).is_point
    assert a.bounded and not I(1, N).bounded and not I(N, 1).bounded
    assert a.width() == 2 and I(1, N).width() is None and I(N, 1).width() is None
    assert a.contains(F(1)) and a.contains(F(3)) and a.contains(F(2)) and not a.contains(F(4))
    assert I(N, N).contains(F(-(10**30))) and I(1, N).contains(F(10**30)) and not I(1, N).contains(F(0))
    assert I(-1, 1).contains_zero() and I(0, 0).contains_zero() and not I(1, 2).contains_zero()
    assert I(N, 0).contains_zero() and not I(N, -1).contains_zero()
    assert "1" in repr(a) and "3" in repr(a)


def test_encloses() -> None:
    assert I(0, 10).encloses(I(1, 2))
    assert I(0, 10).encloses(I(0, 10))
    assert not I(0, 10).encloses(I(-1, 2))
    assert not I(0, 10).encloses(I(1, N))
    assert I(0, N).encloses(I(1, N))
    assert I(N, N).encloses(I(N, N))
    assert not I(0, N).encloses(I(N, 5))
    assert I(N, 5).encloses(I(N, 5))


def test_hull_and_intersect() -> None:
    assert iv.hull(I(1, 2), I(5, 7)) == I(1, 7)
    assert iv.hull(I(1, N), I(-3, 0)) == I(-3, N)
    assert iv.hull(I(N, 1), I(0, 3)) == I(N, 3)
    assert iv.intersect(I(1, 5), I(3, 7)) == I(3, 5)
    assert iv.intersect(I(N, 5), I(3, N)) == I(3, 5)
    assert iv.intersect(I(N, N), I(3, 4)) == I(3, 4)
    assert iv.intersect(I(1, N), I(N, N)) == I(1, N)


# -- examples with exact answers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (I(1, 2), I(10, 20), I(11, 22)),
        (I(1, N), I(10, 20), I(11, N)),
        (I(N, 2), I(10, N), I(N, N)),
        (I(N, 2), I(10, 20), I(N, 22)),
    ],
)
def test_add(a: Interval, b: Interval, expected: Interval) -> None:
    assert iv.add(a, b) == expected
    assert iv.add(b, a) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (I(1, 2), I(10, 20), I(-19, -8)),
        (I(1, N), I(10, 20), I(-19, N)),
        (I(1, 2), I(10, N), I(N, -8)),
        (I(N, 2), I(N, 20), I(N, N)),
    ],
)
def test_sub(a: Interval, b: Interval, expected: Interval) -> None:
    assert iv.sub(a, b) == expected


def test_neg() -> None:
    assert iv.neg(I(1, 2)) == I(-2, -1)
    assert iv.neg(I(1, N)) == I(N, -1)
    assert iv.neg(I(N, N)) == I(N, N)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (I(2, 3), I(5, 7), I(10, 21)),
        (I(-2, 3), I(5, 7), I(-14, 21)),
        (I(-2, 3), I(-5, 7), I(-15, 21)),
        (I(-3, -2), I(-7, -5), I(10, 21)),
        (I(0, 0), I(5, 7), I(0, 0)),
        # 0 * unbounded is 0: the ends are closures of finite values.
        (I(0, 0), I(1, N), I(0, 0)),
        (I(0, 0), I(N, N), I(0, 0)),
        (I(0, 2), I(1, N), I(0, N)),
        (I(-1, 0), I(1, N), I(N, 0)),
        (I(-1, 2), I(3, N), I(N, N)),
        (I(2, 3), I(1, N), I(2, N)),
        (I(2, 3), I(N, -1), I(N, -2)),
        (I(-3, -2), I(1, N), I(N, -2)),
        (I(-3, -2), I(N, -1), I(2, N)),
        (I(1, N), I(1, N), I(1, N)),
        (I(N, -1), I(1, N), I(N, -1)),
        (I(N, N), I(2, 2), I(N, N)),
        (I(0, N), I(N, 0), I(N, 0)),
    ],
)
def test_mul(a: Interval, b: Interval, expected: Interval) -> None:
    assert iv.mul(a, b) == expected
    assert iv.mul(b, a) == expected


def test_scale() -> None:
    assert iv.scale(I(1, 2), F(3)) == I(3, 6)
    assert iv.scale(I(1, 2), F(-3)) == I(-6, -3)
    assert iv.scale(I(1, N), F(-3)) == I(N, -3)
    assert iv.scale(I(N, 2), F(1, 2)) == I(N, 1)


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        (I(2, 4), I(F(1, 4), F(1, 2))),
        (I(-4, -2), I(F(-1, 2), F(-1, 4))),
        (I(2, N), I(0, F(1, 2))),
        (I(N, -2), I(F(-1, 2), 0)),
        (I(5, 5), I(F(1, 5), F(1, 5))),
    ],
)
def test_reciprocal(a: Interval, expected: Interval) -> None:
    assert iv.reciprocal(a) == expected


@pytest.mark.parametrize("a", [I(0, 1), I(-1, 0), I(-1, 1), I(0, 0), I(N, N), I(N, 0), I(0, N), I(N, 5), I(-5, N)])
def test_reciprocal_of_an_interval_containing_zero_raises(a: Interval) -> None:
    with pytest.raises(ZeroDivisionError):
        iv.reciprocal(a)
    with pytest.raises(ZeroDivisionError):
        iv.div(I(1, 2), a)
    with pytest.raises(ZeroDivisionError):
        iv.div(I(0, 0), a)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (I(1, 2), I(4, 8), I(F(1, 8), F(1, 2))),
        (I(-1, 2), I(4, 8), I(F(-1, 4), F(1, 2))),
        (I(1, 2), I(-8, -4), I(F(-1, 2), F(-1, 8))),
        (I(0, 0), I(4, 8), I(0, 0)),
        (I(1, 2), I(4, N), I(0, F(1, 2))),
        (I(1, N), I(4, 8), I(F(1, 8), N)),
        (I(-1, 2), I(4, N), I(F(-1, 4), F(1, 2))),
        (I(N, N), I(4, 8), I(N, N)),
    ],
)
def test_div(a: Interval, b: Interval, expected: Interval) -> None:
    assert iv.div(a, b) == expected


@pytest.mark.parametrize(
    ("a", "exponent", "expected"),
    [
        (I(2, 3), 2, I(4, 9)),
        (I(-3, -2), 2, I(4, 9)),
        (I(-3, 2), 2, I(0, 9)),
        (I(-2, 3), 2, I(0, 9)),
        (I(-3, 2), 3, I(-27, 8)),
        (I(-3, -2), 3, I(-27, -8)),
        (I(-2, 2), 4, I(0, 16)),
        (I(N, 2), 2, I(0, N)),
        (I(N, -2), 2, I(4, N)),
        (I(2, N), 2, I(4, N)),
        (I(-1, N), 2, I(0, N)),
        (I(N, N), 2, I(0, N)),
        (I(N, 2), 3, I(N, 8)),
        (I(-2, N), 3, I(-8, N)),
        (I(-1, 1), 0, I(1, 1)),
        (I(N, N), 0, I(1, 1)),
        (I(5, 7), 1, I(5, 7)),
        (I(2, 4), -1, I(F(1, 4), F(1, 2))),
        (I(-4, -2), -1, I(F(-1, 2), F(-1, 4))),
        (I(-4, -2), -2, I(F(1, 16), F(1, 4))),
        (I(2, 4), -3, I(F(1, 64), F(1, 8))),
        (I(2, N), -1, I(0, F(1, 2))),
        (I(2, N), -2, I(0, F(1, 4))),
        (I(N, -2), -2, I(0, F(1, 4))),
        (I(N, -2), -3, I(F(-1, 8), 0)),
    ],
)
def test_power(a: Interval, exponent: int, expected: Interval) -> None:
    assert iv.power(a, exponent) == expected


@pytest.mark.parametrize(("a", "exponent"), [(I(-1, 1), -1), (I(-1, 1), -2), (I(0, 1), -1), (I(N, 0), -2)])
def test_negative_power_of_an_interval_containing_zero_raises(a: Interval, exponent: int) -> None:
    with pytest.raises(ZeroDivisionError):
        iv.power(a, exponent)


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        (I(2, 3), I(2, 3)),
        (I(-3, -2), I(2, 3)),
        (I(-3, 2), I(0, 3)),
        (I(-2, 3), I(0, 3)),
        (I(N, -2), I(2, N)),
        (I(N, 5), I(0, N)),
        (I(-5, N), I(0, N)),
        (I(0, N), I(0, N)),
    ],
)
def test_absolute(a: Interval, expected: Interval) -> None:
    assert iv.absolute(a) == expected


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (I(1, 5), I(2, 3), I(1, 3), I(2, 5)),
        (I(1, N), I(2, 3), I(1, 3), I(2, N)),
        (I(N, 5), I(2, 3), I(N, 3), I(2, 5)),
        (I(N, N), I(2, 3), I(N, 3), I(2, N)),
        (I(N, 1), I(2, N), I(N, 1), I(2, N)),
    ],
)
def test_minimum_and_maximum(a: Interval, b: Interval, low: Interval, high: Interval) -> None:
    assert iv.minimum(a, b) == low and iv.minimum(b, a) == low
    assert iv.maximum(a, b) == high and iv.maximum(b, a) == high


# -- properties -------------------------------------------------------------------------------------------------------

small = st.fractions(min_value=-20, max_value=20, max_denominator=12)


@st.composite
def bounded(draw: st.DrawFn) -> Interval:
    a, b = draw(small), draw(small)
    return Interval(min(a, b), max(a, b))


@st.composite
def maybe_unbounded(draw: st.DrawFn) -> Interval:
    a = draw(bounded())
    return Interval(None if draw(st.booleans()) else a.lo, None if draw(st.booleans()) else a.hi)


def members(a: Interval, offsets: list[F]) -> list[F]:
    """Members of `a`: its finite ends, and points inside, reaching far out along unbounded ends."""
    found: list[F] = []
    for end in (a.lo, a.hi):
        if end is not None:
            found.append(end)
    for t in offsets:
        if a.lo is not None and a.hi is not None:
            found.append(a.lo + (a.hi - a.lo) * (t % 1))
        elif a.lo is not None:
            found.append(a.lo + abs(t) * 1000)
        elif a.hi is not None:
            found.append(a.hi - abs(t) * 1000)
        else:
            found.append(t * 1000)
    return found


def exact_range(function: Callable[..., F], candidates: list[list[F]]) -> Interval:
    values = [function(*point) for point in itertools.product(*candidates)]
    return Interval(min(values), max(values))


offsets = st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=50), min_size=1, max_size=6)

BINARY = {
    "add": (iv.add, lambda x, y: x + y),
    "sub": (iv.sub, lambda x, y: x - y),
    "mul": (iv.mul, lambda x, y: x * y),
    "min": (iv.minimum, min),
    "max": (iv.maximum, max),
}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(BINARY)), bounded(), bounded())
def test_binary_operations_are_exact_ranges_on_bounded_intervals(op: str, a: Interval, b: Interval) -> None:
    interval_op, point_op = BINARY[op]
    # Each of these is monotone in each argument or bilinear, so the ends are the candidates.
    assert interval_op(a, b) == exact_range(point_op, [[a.lo, a.hi], [b.lo, b.hi]])


@settings(max_examples=200, deadline=None)
@given(bounded(), bounded())
def test_division_is_the_exact_range_or_raises(a: Interval, b: Interval) -> None:
    assert b.lo is not None and b.hi is not None
    if b.lo <= 0 <= b.hi:
        with pytest.raises(ZeroDivisionError):
            iv.div(a, b)
        return
    assert iv.div(a, b) == exact_range(lambda x, y: x / y, [[a.lo, a.hi], [b.lo, b.hi]])
    assert iv.reciprocal(b) == exact_range(lambda y: 1 / y, [[b.lo, b.hi]])


@settings(max_examples=300, deadline=None)
@given(bounded(), st.integers(-4, 5))
def test_power_is_the_exact_range_or_raises(a: Interval, exponent: int) -> None:
    assert a.lo is not None and a.hi is not None
    if exponent < 0 and a.lo <= 0 <= a.hi:
        with pytest.raises(ZeroDivisionError):
            iv.power(a, exponent)
        return
    candidates = [a.lo, a.hi] + ([F(0)] if a.lo < 0 < a.hi else [])
    assert iv.power(a, exponent) == exact_range(lambda x: x**exponent, [candidates])


@settings(max_examples=200, deadline=None)
@given(bounded())
def test_absolute_is_the_exact_range(a: Interval) -> None:
    assert a.lo is not None and a.hi is not None
    candidates = [a.lo, a.hi] + ([F(0)] if a.lo < 0 < a.hi else [])
    assert iv.absolute(a) == exact_range(abs, [candidates])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([*sorted(BINARY), "div"]), maybe_unbounded(), maybe_unbounded(), offsets, offsets)
def test_binary_operations_are_sound_with_unbounded_ends(
    op: str, a: Interval, b: Interval, xs: list[F], ys: list[F]
) -> None:
    if op == "div":
        assume(not b.contains_zero())
        interval_op, point_op = iv.div, (lambda x, y: x / y)
    else:
        interval_op, point_op = BINARY[op]
    result = interval_op(a, b)
    for x in members(a, xs):
        for y in members(b, ys):
            assert result.contains(point_op(x, y)), (a, b, x, y, result)


@settings(max_examples=300, deadline=None)
@given(maybe_unbounded(), st.integers(-3, 4), offsets)
def test_unary_operations_are_sound_with_unbounded_ends(a: Interval, exponent: int, xs: list[F]) -> None:
    for x in members(a, xs):
        assert iv.neg(a).contains(-x)
        assert iv.absolute(a).contains(abs(x))
        if exponent >= 0 or not a.contains_zero():
            assert iv.power(a, exponent).contains(x**exponent)
    if exponent < 0 and a.contains_zero():
        with pytest.raises(ZeroDivisionError):
            iv.power(a, exponent)


@settings(max_examples=200, deadline=None)
@given(maybe_unbounded(), maybe_unbounded())
def test_unbounded_results_only_where_an_input_is_unbounded(a: Interval, b: Interval) -> None:
    # A finite end of a sum needs finite ends on the same side of both inputs, and vice versa.
    total = iv.add(a, b)
    assert (total.lo is None) == (a.lo is None or b.lo is None)
    assert (total.hi is None) == (a.hi is None or b.hi is None)
    if a.bounded and b.bounded:
        assert iv.mul(a, b).bounded
    # The product is unbounded above exactly when some pair of members has arbitrarily large products.
    product = iv.mul(a, b)
    far = F(10) ** 9
    ends_a = [far if a.hi is None else a.hi, -far if a.lo is None else a.lo]
    ends_b = [far if b.hi is None else b.hi, -far if b.lo is None else b.lo]
    largest = max(x * y for x in ends_a for y in ends_b)
    smallest = min(x * y for x in ends_a for y in ends_b)
    assert (product.hi is None) == (largest >= far * F(1, 30))
    assert (product.lo is None) == (smallest <= -far * F(1, 30))


@settings(max_examples=200, deadline=None)
@given(maybe_unbounded(), maybe_unbounded(), offsets)
def test_hull_encloses_both_and_intersect_is_enclosed_by_both(a: Interval, b: Interval, xs: list[F]) -> None:
    both = iv.hull(a, b)
    assert both.encloses(a) and both.encloses(b)
    for x in members(a, xs) + members(b, xs):
        assert both.contains(x)
    common = iv.intersect(a, b)
    for x in members(a, xs):
        assert common.contains(x) == (a.contains(x) and b.contains(x))
