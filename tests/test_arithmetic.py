"""The three evaluators of core/arithmetic.py: exact points, intervals, intervals with derivatives.

Formulas are generated here as small trees and written out as text; the
reference is this file's own evaluator over Fractions. Properties: the
three domains agree with it on points; an interval result contains the
result at every sampled point of its box; and each derivative enclosure
contains the slope between two points of the box that differ in that input
alone (the mean value theorem, which holds at the kinks of abs, min and max
too, since a secant's slope is an average of one-sided slopes).
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from laoshan_cli.core.arithmetic import DualDomain, Evaluator, IntervalDomain, PointDomain
from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.errors import EvaluationError, TextOrigin
from laoshan_cli.core.formula import parse_formula
from laoshan_cli.core.limits import Limits

LIMITS = Limits()
ORIGIN = TextOrigin("metric 'm' formula")
VARS = ("x0", "x1")
Tree = tuple[Any, ...]


def origins(owner: object) -> TextOrigin:
    return ORIGIN


# -- the reference -----------------------------------------------------------------------------------


def text_of(tree: Tree) -> str:
    kind = tree[0]
    if kind in ("var", "const"):
        return str(tree[1])
    if kind == "neg":
        return f"-({text_of(tree[1])})"
    if kind == "pow":
        return f"({text_of(tree[1])}) ** {tree[2]}"
    if kind in ("abs", "min", "max"):
        return f"{kind}({', '.join(text_of(child) for child in tree[1:])})"
    symbol = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[kind]
    return f"({text_of(tree[1])}) {symbol} ({text_of(tree[2])})"


def exact(tree: Tree, point: dict[str, F]) -> F:
    """The formula's value at a point; ZeroDivisionError where it has none."""
    kind = tree[0]
    if kind == "var":
        return point[tree[1]]
    if kind == "const":
        return F(tree[1])
    if kind == "neg":
        return -exact(tree[1], point)
    if kind == "pow":
        base = exact(tree[1], point)
        if base == 0 and tree[2] < 0:
            raise ZeroDivisionError
        return base ** tree[2]
    values = [exact(child, point) for child in tree[1:]]
    if kind == "abs":
        return abs(values[0])
    if kind == "min":
        return min(values)
    if kind == "max":
        return max(values)
    a, b = values
    if kind == "div":
        return a / b  # ZeroDivisionError for b == 0
    return {"add": a + b, "sub": a - b, "mul": a * b}[kind]


leaves = st.one_of(
    st.sampled_from(VARS).map(lambda name: ("var", name)),
    st.sampled_from(["1", "2", "3", "0.5", "10"]).map(lambda text: ("const", text)),
)


def extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul", "div", "min", "max"]), children, children),
        st.tuples(st.just("neg"), children),
        st.tuples(st.just("abs"), children),
        st.tuples(st.just("pow"), children, st.sampled_from([-1, 2, 3])),
    )


trees = st.recursive(leaves, extend, max_leaves=6)
ends = st.fractions(min_value=-4, max_value=4, max_denominator=6)


@st.composite
def boxes(draw: st.DrawFn) -> dict[str, tuple[F, F]]:
    box = {}
    for name in VARS:
        a, b = draw(ends), draw(ends)
        box[name] = (min(a, b), max(a, b))
    return box


def points_in(box: dict[str, tuple[F, F]], shares: list[F]) -> list[dict[str, F]]:
    """The corners, the centre and points at the given shares of each side."""
    out = []
    for share in [F(0), F(1), F(1, 2), *shares]:
        for other in [F(0), F(1), share]:
            lo0, hi0 = box["x0"]
            lo1, hi1 = box["x1"]
            out.append({"x0": lo0 + share * (hi0 - lo0), "x1": lo1 + other * (hi1 - lo1)})
    return out


shares = st.lists(st.fractions(min_value=0, max_value=1, max_denominator=9), max_size=3)


def evaluate(domain: Any, tree: Tree, leaves_: dict[str, Any]) -> Any:
    return Evaluator(domain, leaves_, origins).run(parse_formula(text_of(tree), ORIGIN, LIMITS), "m")


# -- properties --------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(trees, st.fractions(min_value=-4, max_value=4, max_denominator=6), ends)
def test_the_three_domains_agree_with_the_reference_on_points(tree: Tree, x0: F, x1: F) -> None:
    point = {"x0": x0, "x1": x1}
    bits = LIMITS.max_number_bits
    as_intervals = {name: Interval(v, v) for name, v in point.items()}
    duals = DualDomain(bits, 2)
    as_duals = {name: duals.variable(as_intervals[name], i) for i, name in enumerate(VARS)}
    try:
        expected = exact(tree, point)
    except ZeroDivisionError:
        for domain, given_leaves in (
            (PointDomain(bits), point),
            (IntervalDomain(bits), as_intervals),
            (duals, as_duals),
        ):
            with pytest.raises(EvaluationError, match="zero"):
                evaluate(domain, tree, given_leaves)
        return
    assert evaluate(PointDomain(bits), tree, point) == expected
    assert evaluate(IntervalDomain(bits), tree, as_intervals) == Interval(expected, expected)
    assert evaluate(duals, tree, as_duals).value == Interval(expected, expected)


@settings(max_examples=200, deadline=None)
@given(trees, boxes(), shares)
def test_an_interval_result_contains_every_sampled_point_result(
    tree: Tree, box: dict[str, tuple[F, F]], at: list[F]
) -> None:
    bits = LIMITS.max_number_bits
    try:
        result = evaluate(IntervalDomain(bits), tree, {n: Interval(lo, hi) for n, (lo, hi) in box.items()})
    except EvaluationError:
        return  # a divisor's interval holds zero: there is no bound to check
    assert result.lo is not None and result.hi is not None, "a bounded box gives bounded results"
    for point in points_in(box, at):
        value = exact(tree, point)  # no ZeroDivisionError: no divisor's interval holds zero
        assert result.lo <= value <= result.hi, (text_of(tree), point, value, result)


@settings(max_examples=200, deadline=None)
@given(trees, boxes(), shares, st.integers(0, 1))
def test_derivative_enclosures_contain_finite_difference_slopes(
    tree: Tree, box: dict[str, tuple[F, F]], at: list[F], index: int
) -> None:
    name = VARS[index]
    assume(box[name][0] < box[name][1])
    bits = LIMITS.max_number_bits
    duals = DualDomain(bits, 2)
    given_leaves = {n: duals.variable(Interval(lo, hi), i) for i, (n, (lo, hi)) in enumerate(box.items())}
    try:
        result = evaluate(duals, tree, given_leaves)
    except EvaluationError:
        return
    value_in_box = Interval(*box[name])
    plain = evaluate(IntervalDomain(bits), tree, {n: Interval(lo, hi) for n, (lo, hi) in box.items()})
    assert result.value == plain, "the derivative domain's values are the interval domain's"
    slope = result.grad[index]
    points = points_in(box, at)
    for p in points:
        for q in points:
            if p[name] < q[name] and all(p[o] == q[o] for o in VARS if o != name):
                assert value_in_box.contains(p[name]) and value_in_box.contains(q[name])
                secant = (exact(tree, q) - exact(tree, p)) / (q[name] - p[name])
                assert slope.contains(secant), (text_of(tree), name, p, q, secant, slope)


# -- fixed cases --------------------------------------------------------------------------------------


def test_a_metric_is_expanded_once_and_equals_its_text_in_place() -> None:
    bits = LIMITS.max_number_bits
    inner = parse_formula("x0 * x0 - 1", ORIGIN, LIMITS)
    outer = parse_formula("m + m / 2", ORIGIN, LIMITS)
    evaluator = Evaluator(PointDomain(bits), {"x0": F(3)}, origins, {"m": inner})
    assert evaluator.run(outer, "n") == F(8) + F(8, 2)
    assert evaluator.memo == {"m": F(8)}


def test_derivatives_of_known_functions() -> None:
    """x0 * x1 over [1, 2] x [3, 5]: d/dx0 = x1 in [3, 5], d/dx1 = x0 in [1, 2]; x0 ** 3: 3 x0^2 in [3, 12]."""
    duals = DualDomain(LIMITS.max_number_bits, 2)
    leaves_ = {"x0": duals.variable(Interval(F(1), F(2)), 0), "x1": duals.variable(Interval(F(3), F(5)), 1)}
    product = evaluate(duals, ("mul", ("var", "x0"), ("var", "x1")), leaves_)
    assert product.value == Interval(F(3), F(10))
    assert product.grad == (Interval(F(3), F(5)), Interval(F(1), F(2)))
    cube = evaluate(duals, ("pow", ("var", "x0"), 3), leaves_)
    assert cube.grad == (Interval(F(3), F(12)), Interval(F(0), F(0)))
    # abs across its kink: every one-sided slope, -1 to 1
    kink = {"x0": duals.variable(Interval(F(-1), F(2)), 0), "x1": leaves_["x1"]}
    assert evaluate(duals, ("abs", ("var", "x0")), kink).grad[0] == Interval(F(-1), F(1))
    # min where either input can be the smaller: each slope from 0 (the other is smaller) to 1
    overlap = {"x0": duals.variable(Interval(F(0), F(2)), 0), "x1": duals.variable(Interval(F(1), F(3)), 1)}
    smaller = evaluate(duals, ("min", ("var", "x0"), ("var", "x1")), overlap)
    assert smaller.value == Interval(F(0), F(2))
    assert smaller.grad == (Interval(F(0), F(1)), Interval(F(0), F(1)))


def test_too_large_numbers_are_refused_with_the_limit_named() -> None:
    small = PointDomain(64)
    with pytest.raises(EvaluationError, match="max_number_bits"):
        evaluate(small, ("pow", ("var", "x0"), 3), {"x0": F(2**30)})
    with pytest.raises(EvaluationError, match="max_number_bits"):
        evaluate(IntervalDomain(64), ("mul", ("var", "x0"), ("var", "x0")), {"x0": Interval(F(1), F(2**40))})
    assert evaluate(small, ("pow", ("var", "x0"), 2), {"x0": F(2**30)}) == F(2**60)


def test_division_by_an_interval_holding_zero_says_so() -> None:
    with pytest.raises(EvaluationError, match="division by an interval that contains zero"):
        evaluate(
            IntervalDomain(LIMITS.max_number_bits),
            ("div", ("const", "1"), ("var", "x0")),
            {"x0": Interval(F(-1), F(1))},
        )
    with pytest.raises(EvaluationError, match="division by zero"):
        evaluate(PointDomain(LIMITS.max_number_bits), ("div", ("const", "1"), ("var", "x0")), {"x0": F(0)})
