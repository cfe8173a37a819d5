"""Property tests of the engine: soundness and tightness of bounds, and errors on any input.

Formulas are generated here as small trees, written out as text, and run
through laoshan as a metric of a generated data file. The references are
this file's own exact evaluators over Fractions (a point evaluator and a
naive interval evaluator), brute-force corners, and mpmath.iv.
"""

from __future__ import annotations

import contextlib
import itertools
import textwrap
from collections.abc import Callable
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mpmath import iv, libmp

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.engine import Engine, Item
from laoshan_cli.core.errors import EvaluationError, LaoshanError, TextOrigin
from laoshan_cli.core.formula import parse_formula
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.numbers import parse_number
from laoshan_cli.core.units import parse_unit
from laoshan_cli.loading.loader import load_bytes

VARS = ("x0", "x1", "x2")
CONSTANTS = ("1", "2", "3", "0.5", "1.25", "10")
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A formula tree is a tuple: ("var", name), ("const", text), (op, *children), ("pow", child, exponent).
Tree = tuple[Any, ...]
Box = dict[str, tuple[F, F, F]]  # name -> (value, low, high)


# -- references, independent of laoshan -------------------------------------------------------------------------------


def text_of(tree: Tree) -> str:
    """Formula text, fully parenthesized so precedence cannot matter."""
    kind = tree[0]
    if kind == "var":
        return str(tree[1])
    if kind == "const":
        return str(tree[1])
    if kind == "neg":
        return f"-({text_of(tree[1])})"
    if kind == "pow":
        return f"({text_of(tree[1])}) ** {tree[2]}"
    if kind in ("abs", "min", "max"):
        return f"{kind}({', '.join(text_of(child) for child in tree[1:])})"
    symbol = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[kind]
    return f"({text_of(tree[1])}) {symbol} ({text_of(tree[2])})"


def point(tree: Tree, env: dict[str, F]) -> F:
    """Exact value; ZeroDivisionError where it has none."""
    kind = tree[0]
    if kind == "var":
        return env[tree[1]]
    if kind == "const":
        return F(tree[1])
    args = [point(child, env) for child in tree[1:] if isinstance(child, tuple)]
    if kind == "neg":
        return -args[0]
    if kind == "pow":
        return args[0] ** tree[2]
    if kind == "abs":
        return abs(args[0])
    if kind == "min":
        return min(args)
    if kind == "max":
        return max(args)
    a, b = args
    return {"add": a + b, "sub": a - b, "mul": a * b}[kind] if kind != "div" else a / b


def naive(tree: Tree, box: dict[str, tuple[F, F]]) -> tuple[F, F]:
    """Plain interval arithmetic, each operation exact; ZeroDivisionError for a divisor containing zero."""
    kind = tree[0]
    if kind == "var":
        return box[tree[1]]
    if kind == "const":
        return F(tree[1]), F(tree[1])
    args = [naive(child, box) for child in tree[1:] if isinstance(child, tuple)]
    if kind == "neg":
        return -args[0][1], -args[0][0]
    if kind in ("pow", "abs"):
        lo, hi = args[0]
        exponent = tree[2] if kind == "pow" else 1
        if exponent < 0 and lo <= 0 <= hi:
            raise ZeroDivisionError
        candidates = [lo, hi] + ([F(0)] if lo < 0 < hi else [])
        values = [c**exponent if kind == "pow" else abs(c) for c in candidates if c != 0 or exponent >= 0]
        return min(values), max(values)
    if kind in ("min", "max"):
        pick = min if kind == "min" else max
        return pick(a[0] for a in args), pick(a[1] for a in args)
    (alo, ahi), (blo, bhi) = args
    if kind == "div":
        if blo <= 0 <= bhi:
            raise ZeroDivisionError
        ends = [alo / blo, alo / bhi, ahi / blo, ahi / bhi]
    elif kind == "mul":
        ends = [alo * blo, alo * bhi, ahi * blo, ahi * bhi]
    elif kind == "add":
        ends = [alo + blo, ahi + bhi]
    else:
        ends = [alo - bhi, ahi - blo]
    return min(ends), max(ends)


def variables(tree: Tree) -> set[str]:
    if tree[0] == "var":
        return {tree[1]}
    found: set[str] = set()
    for child in tree[1:]:
        if isinstance(child, tuple):
            found |= variables(child)
    return found


def decimal(hundredths: int) -> str:
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{abs(hundredths) // 100}.{abs(hundredths) % 100:02d}"


def data_file(box: dict[str, tuple[int, int, int]], metrics: dict[str, str]) -> bytes:
    """A data file whose figures are the box (in hundredths: value, low, high) and the given metrics."""
    lines = ["figures:"]
    for name, (value, low, high) in box.items():
        lines += [
            f"  {name}:",
            f"    value: {decimal(value)}",
            f"    low: {decimal(low)}",
            f"    high: {decimal(high)}",
        ]
    lines.append("metrics:")
    for name, formula in metrics.items():
        lines += [f"  {name}:", f"    formula: '{formula}'"]
    return ("\n".join(lines) + "\n").encode()


def run_engine(box: dict[str, tuple[int, int, int]], metrics: dict[str, str], name: str = "m") -> Item:
    [item] = Engine(load_bytes(data_file(box, metrics), "t.yaml")).items([name])
    return item


def exact_box(box: dict[str, tuple[int, int, int]]) -> Box:
    return {n: (F(v, 100), F(lo, 100), F(hi, 100)) for n, (v, lo, hi) in box.items()}


def corners(box: Box) -> list[dict[str, F]]:
    names = list(box)
    return [
        dict(zip(names, corner, strict=True)) for corner in itertools.product(*[(box[n][1], box[n][2]) for n in names])
    ]


# -- strategies ---------------------------------------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn, depth: int = 3, functions: bool = True) -> Tree:
    if depth == 0 or draw(st.integers(0, 4)) == 0:
        if draw(st.integers(0, 3)) == 0:
            return ("const", draw(st.sampled_from(CONSTANTS)))
        return ("var", draw(st.sampled_from(VARS)))
    ops = ["add", "sub", "mul", "div", "add", "mul", "neg", "pow"] + (["abs", "min", "max"] if functions else [])
    kind = draw(st.sampled_from(ops))
    child = trees(depth - 1, functions)
    if kind in ("neg", "abs"):
        return (kind, draw(child))
    if kind == "pow":
        return ("pow", draw(child), draw(st.sampled_from([-2, -1, 0, 2, 3])))
    return (kind, draw(child), draw(child))


@st.composite
def boxes(draw: st.DrawFn, low: int = -300, high: int = 300) -> dict[str, tuple[int, int, int]]:
    """For each variable, (value, low, high) in hundredths; sometimes a single point."""
    box = {}
    for name in VARS:
        a, b, c = sorted(draw(st.integers(low, high)) for _ in range(3))
        if draw(st.integers(0, 5)) == 0:
            a = b = c
        box[name] = (b, a, c)
    return box


samples = st.lists(st.tuples(*(st.fractions(0, 1, max_denominator=97) for _ in VARS)), min_size=1, max_size=8)


def sample_points(box: Box, fractions: list[tuple[F, ...]]) -> list[dict[str, F]]:
    found = corners(box)
    for position in fractions:
        found.append({n: box[n][1] + (box[n][2] - box[n][1]) * t for n, t in zip(VARS, position, strict=True)})
    return found


def assert_sound(tree: Tree, box: Box, bounds: Interval, fractions: list[tuple[F, ...]]) -> None:
    for env in sample_points(box, fractions):
        value = point(tree, env)
        assert bounds.contains(value), (text_of(tree), env, value, bounds)


# -- 1. random formulas over random boxes ---------------------------------------------------------------------------


@PROPERTY
@given(trees(), boxes(), samples)
def test_bounds_are_sound_and_contain_the_value(
    tree: Tree, box: dict[str, tuple[int, int, int]], fractions: Any
) -> None:
    formula = text_of(tree)
    exact = exact_box(box)
    try:
        plain = naive(tree, {n: (lo, hi) for n, (_, lo, hi) in exact.items()})
    except ZeroDivisionError:
        # Some divisor can be zero within the bounds: laoshan must refuse, not guess.
        with pytest.raises(EvaluationError):
            run_engine(box, {"m": formula})
        return
    item = run_engine(box, {"m": formula})
    value = point(tree, {n: v for n, (v, _, _) in exact.items()})
    # (a) the value is exact and lies within the bounds
    assert item.value == value
    assert item.bounds.contains(value), (formula, value, item.bounds)
    # the bounds are finite here, and never wider than plain interval arithmetic
    assert item.bounds.lo is not None and item.bounds.hi is not None
    assert plain[0] <= item.bounds.lo <= item.bounds.hi <= plain[1]
    # (b) every sampled input within the bounds gives a value within the output's bounds
    assert_sound(tree, exact, item.bounds, fractions)


@PROPERTY
@given(trees(depth=2), boxes(), samples)
def test_bounds_through_intermediate_metrics_are_sound(
    tree: Tree, box: dict[str, tuple[int, int, int]], fractions: Any
) -> None:
    """The same formula split into metrics that share figures (the expansion path)."""
    inner = ("add", ("var", "x0"), ("mul", ("var", "x1"), ("var", "x0")))
    whole = ("sub", tree, ("div", inner, ("add", ("var", "x2"), ("const", "10"))))
    exact = exact_box(box)
    metrics = {"p": text_of(tree), "q": text_of(inner), "m": "p - q / (x2 + 10)"}
    try:
        naive(whole, {n: (lo, hi) for n, (_, lo, hi) in exact.items()})
    except ZeroDivisionError:
        with pytest.raises(EvaluationError):
            run_engine(box, metrics)
        return
    item = run_engine(box, metrics)
    assert item.value == point(whole, {n: v for n, (v, _, _) in exact.items()})
    assert item.bounds.contains(item.value)
    assert_sound(whole, exact, item.bounds, fractions)


INF = float("inf")
End = F | float  # a Fraction, or an infinite float for an unbounded end


def ext_mul(a: End, b: End) -> End:
    return F(0) if a == 0 or b == 0 else a * b  # 0 * unbounded is 0: ends are closures of finite values


def ext_power(a: End, exponent: int) -> End:
    if isinstance(a, float) and exponent <= 0:
        return F(1) if exponent == 0 else F(0)
    return a**exponent


def naive_ext(tree: Tree, box: dict[str, tuple[End, End]]) -> tuple[End, End]:
    """Plain interval arithmetic with unbounded ends as infinities; ZeroDivisionError as in `naive`."""
    kind = tree[0]
    if kind == "var":
        return box[tree[1]]
    if kind == "const":
        return F(tree[1]), F(tree[1])
    args = [naive_ext(child, box) for child in tree[1:] if isinstance(child, tuple)]
    if kind == "neg":
        return -args[0][1], -args[0][0]
    if kind in ("pow", "abs"):
        lo, hi = args[0]
        exponent = tree[2] if kind == "pow" else 1
        if exponent < 0 and lo <= 0 <= hi:
            raise ZeroDivisionError
        candidates = [lo, hi] + ([F(0)] if lo < 0 < hi else [])
        values = [ext_power(c, exponent) if kind == "pow" else abs(c) for c in candidates]
        return min(values), max(values)
    if kind in ("min", "max"):
        pick = min if kind == "min" else max
        return pick(a[0] for a in args), pick(a[1] for a in args)
    (alo, ahi), (blo, bhi) = args
    if kind == "div":
        if blo <= 0 <= bhi:
            raise ZeroDivisionError
        blo, bhi = (F(0) if isinstance(bhi, float) else 1 / bhi), (F(0) if isinstance(blo, float) else 1 / blo)
        kind = "mul"
    if kind == "mul":
        ends = [ext_mul(alo, blo), ext_mul(alo, bhi), ext_mul(ahi, blo), ext_mul(ahi, bhi)]
    elif kind == "add":
        ends = [alo + blo, ahi + bhi]
    else:
        ends = [alo - bhi, ahi - blo]
    return min(ends), max(ends)


@st.composite
def open_boxes(draw: st.DrawFn) -> dict[str, tuple[int, int, int, str]]:
    """Like `boxes`, but a variable may be unbounded above ("more than") or below ("less than")."""
    box = {}
    for name, (value, low, high) in draw(boxes()).items():
        box[name] = (value, low, high, draw(st.sampled_from(["closed", "closed", "above", "below"])))
    return box


def open_data_file(box: dict[str, tuple[int, int, int, str]], formula: str) -> bytes:
    lines = ["figures:"]
    for name, (value, low, high, kind) in box.items():
        lines += [f"  {name}:", f"    value: {decimal(value)}"]
        if kind == "above":
            lines += ["    qualifier: more than", f"    low: {decimal(low)}"]
        elif kind == "below":
            lines += ["    qualifier: less than", f"    high: {decimal(high)}"]
        else:
            lines += [f"    low: {decimal(low)}", f"    high: {decimal(high)}"]
    lines += ["metrics:", "  m:", f"    formula: '{formula}'"]
    return ("\n".join(lines) + "\n").encode()


@PROPERTY
@given(trees(), open_boxes(), samples)
def test_bounds_with_unbounded_inputs_are_sound(
    tree: Tree, box: dict[str, tuple[int, int, int, str]], fractions: Any
) -> None:
    ends: dict[str, tuple[End, End]] = {}
    for name, (_, low, high, kind) in box.items():
        ends[name] = (-INF if kind == "below" else F(low, 100), INF if kind == "above" else F(high, 100))
    data = open_data_file(box, text_of(tree))
    try:
        plain = naive_ext(tree, ends)
    except ZeroDivisionError:
        with pytest.raises(EvaluationError):
            Engine(load_bytes(data, "t.yaml")).items(["m"])
        return
    [item] = Engine(load_bytes(data, "t.yaml")).items(["m"])
    value = point(tree, {n: F(v, 100) for n, (v, _, _, _) in box.items()})
    assert item.value == value and item.bounds.contains(value)
    # Never wider than plain interval arithmetic, end by end; an end is unbounded only if it is there.
    lo, hi = item.bounds.lo, item.bounds.hi
    assert (lo is None and plain[0] == -INF) or (lo is not None and plain[0] <= lo), (text_of(tree), plain, lo)
    assert (hi is None and plain[1] == INF) or (hi is not None and hi <= plain[1]), (text_of(tree), plain, hi)
    # Sound for members far out along the open ends too.
    for position in fractions:
        for reach in (F(1), F(10**6)):
            env = {}
            for (name, (_, low, high, kind)), t in zip(box.items(), position, strict=True):
                if kind == "above":
                    env[name] = F(low, 100) + t * reach
                elif kind == "below":
                    env[name] = F(high, 100) - t * reach
                else:
                    env[name] = F(low, 100) + (F(high, 100) - F(low, 100)) * t
            assert item.bounds.contains(point(tree, env)), (text_of(tree), env, item.bounds)


COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


@PROPERTY
@given(trees(depth=2), trees(depth=2), st.sampled_from(sorted(COMPARE)), boxes(), samples)
def test_check_status_is_sound(
    left: Tree, right: Tree, op: str, box: dict[str, tuple[int, int, int]], fractions: Any
) -> None:
    """A check passes only if it holds everywhere in the box, and fails only if it holds nowhere."""
    exact = exact_box(box)
    plain = {n: (lo, hi) for n, (_, lo, hi) in exact.items()}
    assertion = f"{text_of(left)} {op} {text_of(right)}"
    data = data_file(box, {}).decode() + f"checks:\n  - name: c\n    assert: '{assertion}'\n"
    try:
        naive(left, plain)
        naive(right, plain)
    except ZeroDivisionError:
        with pytest.raises(EvaluationError):
            Engine(load_bytes(data.encode(), "t.yaml")).checks()
        return
    [result] = Engine(load_bytes(data.encode(), "t.yaml")).checks()
    holds = [COMPARE[op](point(left, env), point(right, env)) for env in sample_points(exact, fractions)]
    if result.status == "pass":
        assert all(holds), assertion
    elif result.status == "fail":
        assert not any(holds), assertion
    else:
        assert result.status == "uncertain"
    # If the comparison is decided at every sampled point alike, between constant sides it must be decided.
    if not variables(left) | variables(right):
        assert result.status == ("pass" if holds[0] else "fail")


@st.composite
def monotone(draw: st.DrawFn, up: tuple[str, ...], down: tuple[str, ...], depth: int = 3) -> Tree:
    """A positive formula, by construction nondecreasing in `up` and nonincreasing in `down` (all positive)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if not up or draw(st.integers(0, 4)) == 0:
            return ("const", draw(st.sampled_from(CONSTANTS)))
        return ("var", draw(st.sampled_from(up)))
    kind = draw(st.sampled_from(["add", "mul", "div", "pow", "min", "max"]))
    same = monotone(up, down, depth - 1)
    if kind == "div":
        return ("div", draw(same), draw(monotone(down, up, depth - 1)))
    if kind == "pow":
        return ("pow", draw(same), draw(st.sampled_from([2, 3])))
    return (kind, draw(same), draw(same))


@st.composite
def monotone_cases(draw: st.DrawFn) -> tuple[Tree, tuple[str, ...], tuple[str, ...]]:
    split = draw(st.integers(0, len(VARS)))
    order = draw(st.permutations(VARS))
    up, down = tuple(order[:split]), tuple(order[split:])
    increasing = draw(monotone(up, down))
    if draw(st.booleans()):
        # A difference of an increasing and a decreasing formula is still monotone, though not positive.
        return ("sub", increasing, draw(monotone(down, up))), up, down
    return increasing, up, down


@PROPERTY
@given(monotone_cases(), boxes(low=1, high=500))
def test_monotone_formulas_get_the_exact_range_over_the_corners(
    case: tuple[Tree, tuple[str, ...], tuple[str, ...]], box: dict[str, tuple[int, int, int]]
) -> None:
    tree, _, _ = case
    exact = exact_box(box)
    values = [point(tree, env) for env in corners(exact)]
    item = run_engine(box, {"m": text_of(tree)})
    assert item.value == point(tree, {n: v for n, (v, _, _) in exact.items()})
    assert item.bounds == Interval(min(values), max(values)), text_of(tree)


@PROPERTY
@given(monotone_cases(), boxes(low=1, high=500))
def test_monotone_formulas_through_metrics_get_the_exact_range(
    case: tuple[Tree, tuple[str, ...], tuple[str, ...]], box: dict[str, tuple[int, int, int]]
) -> None:
    """Tight through shared figures: each half is its own metric, and the halves share variables."""
    increasing, up, down = case
    # q rises with the first up variable and falls with the first down one, so p - 1 / q keeps p's polarities.
    q = ("add", ("var", up[0]), ("const", "1")) if up else ("const", "1")
    if down:
        q = ("div", q, ("var", down[0]))
    whole = ("sub", increasing, ("div", ("const", "1"), q))
    exact = exact_box(box)
    values = [point(whole, env) for env in corners(exact)]
    item = run_engine(box, {"p": text_of(increasing), "q": text_of(q), "m": "p - 1 / q"})
    assert item.value == point(whole, {n: v for n, (v, _, _) in exact.items()})
    assert item.bounds == Interval(min(values), max(values)), (text_of(increasing), text_of(q))


def test_the_readme_example_is_tight() -> None:
    # 38.9 - 38.9 / (1 + 2.6%) uses the 38.9 twice; plain interval arithmetic is wider than the true range.
    data = b"figures:\n  out: {value: 38.9}\n  growth: {value: 2.6, unit: percent}\n"
    data += b"metrics:\n  m: {formula: out - out / (1 + growth)}\n"
    [item] = Engine(load_bytes(data, "t.yaml")).items(["m"])
    outs, growths = (F("38.85"), F("38.95")), (F("0.0255"), F("0.0265"))
    values = [o - o / (1 + g) for o in outs for g in growths]
    assert item.bounds == Interval(min(values), max(values))
    assert item.value == F("38.9") - F("38.9") / F("1.026")


# -- 2. against mpmath.iv ---------------------------------------------------------------------------------------------

PREC = 200


def to_iv(lo: F, hi: F) -> Any:
    """An mpmath interval that encloses [lo, hi], rounded outward."""
    a = libmp.from_rational(lo.numerator, lo.denominator, PREC, libmp.round_floor)
    b = libmp.from_rational(hi.numerator, hi.denominator, PREC, libmp.round_ceiling)
    return iv.make_mpf((a, b))


def from_iv(value: Any) -> tuple[F | None, F | None]:
    ends: list[F | None] = []
    for end in value._mpi_:
        if end in (libmp.finf, libmp.fninf, libmp.fnan):
            ends.append(None)
        else:
            p, q = libmp.to_rational(end)
            ends.append(F(p, q))
    return ends[0], ends[1]


def mp_eval(tree: Tree, box: dict[str, Any]) -> Any:
    kind = tree[0]
    if kind == "var":
        return box[tree[1]]
    if kind == "const":
        c = F(tree[1])
        return to_iv(c, c)
    args = [mp_eval(child, box) for child in tree[1:] if isinstance(child, tuple)]
    if kind == "neg":
        return -args[0]
    if kind == "pow":
        return args[0] ** tree[2]
    if kind == "abs":
        return abs(args[0])
    operation: dict[str, Callable[[Any, Any], Any]] = {
        "add": lambda a, b: a + b,
        "sub": lambda a, b: a - b,
        "mul": lambda a, b: a * b,
        "div": lambda a, b: a / b,
    }
    return operation[kind](*args)


@PROPERTY
@given(trees(functions=False), boxes(), samples)
def test_bounds_are_no_wider_than_mpmath_interval_arithmetic(
    tree: Tree, box: dict[str, tuple[int, int, int]], fractions: Any
) -> None:
    exact = exact_box(box)
    try:
        naive(tree, {n: (lo, hi) for n, (_, lo, hi) in exact.items()})
    except ZeroDivisionError:
        with pytest.raises(EvaluationError):
            run_engine(box, {"m": text_of(tree)})
        return
    item = run_engine(box, {"m": text_of(tree)})
    old = iv.prec
    iv.prec = PREC
    try:
        reference = mp_eval(tree, {n: to_iv(lo, hi) for n, (_, lo, hi) in exact.items()})
    finally:
        iv.prec = old
    lo, hi = from_iv(reference)
    assert item.bounds.lo is not None and item.bounds.hi is not None
    assert lo is None or lo <= item.bounds.lo, (text_of(tree), lo, item.bounds)
    assert hi is None or item.bounds.hi <= hi, (text_of(tree), hi, item.bounds)
    # and sound: the true range, sampled, lies within
    assert_sound(tree, exact, item.bounds, fractions)
    # mpmath's result is itself sound for the sampled points: a check on this reference
    for env in sample_points(exact, fractions):
        value = point(tree, env)
        assert (lo is None or lo <= value) and (hi is None or value <= hi)


# -- 3. any text raises only laoshan errors -------------------------------------------------------------------------

ANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMULA_CHARS = "abcxyz_019., +-*/()%[]<>=!^'\"\\e\t\n\u2212\u00d7\uff48\u0430\u00a0"
formula_text = st.one_of(st.text(max_size=40), st.text(alphabet=FORMULA_CHARS, max_size=40))
YAML_CHARS = "abxyz019.,:-[]{}&*!|>#'\" \n\t%@`?<"
yaml_text = st.one_of(st.text(max_size=200), st.text(alphabet=YAML_CHARS, max_size=200))


def only_laoshan_errors(action: Callable[[], object]) -> None:
    with contextlib.suppress(LaoshanError):
        action()


def evaluate_everything(data: bytes) -> None:
    dataset = load_bytes(data, "t.yaml")
    engine = Engine(dataset)
    engine.items(dataset.names)
    engine.checks()
    for name in dataset.metrics:
        engine.explain(name)


@ANY
@given(st.binary(max_size=300))
def test_any_bytes_as_a_data_file(data: bytes) -> None:
    only_laoshan_errors(lambda: evaluate_everything(data))


@ANY
@given(yaml_text)
def test_any_text_as_a_data_file(text: str) -> None:
    only_laoshan_errors(lambda: evaluate_everything(text.encode("utf-8")))


def sometimes_valid(valid: list[str], alphabet: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), st.text(alphabet=alphabet, max_size=12))


number_text = sometimes_valid(["1", "38.9", "-2.5", "0", "1,500", "1e3", "0.001"], "0123456789.,e-+_ ")
unit_text = sometimes_valid(["percent", "CNY", "billion CNY", "CNY/USD", "1", ""], "0123456789., abCNYUSD/%^*per")
qualifier_text = sometimes_valid(["more than", "nearly", "around", "at most"], "abcdefghijklmnopqrstuvwxyz ")
metric_formula = st.one_of(st.sampled_from(["x", "x * 2", "share + x", "money / x", "1 / (x - x)"]), formula_text)
assert_text = st.one_of(
    formula_text,
    st.builds(
        lambda left, op, right: f"{left} {op} {right}",
        st.sampled_from(["share", "x", "m", "money", "-x", "2 * share"]),
        st.sampled_from(["<", "<=", ">", ">="]),
        st.sampled_from(["100", "--5", "-5", "5%", "0", "6 [CNY]", "x", "1e2", "+5", "(5)", "-(5)", "- -5"]),
    ),
)


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''").replace("\n", " ") + "'"


@ANY
@given(
    number_text,
    unit_text,
    st.one_of(st.none(), qualifier_text),
    st.one_of(st.none(), number_text),
    st.one_of(st.none(), metric_formula),
    assert_text,
)
def test_any_field_values_in_a_data_file(
    value: str, unit: str, qualifier: str | None, low: str | None, formula: str | None, assertion: str
) -> None:
    lines = [
        "figures:",
        "  share: {value: 82.2, unit: percent}",
        "  money: {value: 38.9, unit: billion CNY}",
        "  x:",
        f"    value: {value}",
        f"    unit: {quoted(unit)}",
    ]
    if qualifier is not None:
        lines.append(f"    qualifier: {quoted(qualifier)}")
    if low is not None:
        lines.append(f"    low: {low}")
    if formula is not None:
        lines += ["metrics:", "  m:", f"    formula: {quoted(formula)}", f"    unit: {quoted(unit)}"]
    lines += ["checks:", "  - name: c", f"    assert: {quoted(assertion)}"]
    only_laoshan_errors(lambda: evaluate_everything(("\n".join(lines) + "\n").encode("utf-8")))


FIXED = load_bytes(
    textwrap.dedent(
        """\
        figures:
          share: {value: 82.2, unit: percent}
          money: {value: 38.9, unit: billion CNY}
          count: {value: 1500, qualifier: more than, unit: patents}
          x: {value: 2.5, low: -1, high: 3}
          z: {value: 0}
        """
    ).encode(),
    "fixed.yaml",
)


@ANY
@given(formula_text)
def test_any_text_as_a_formula(text: str) -> None:
    only_laoshan_errors(lambda: parse_formula(text, TextOrigin("formula"), Limits()))
    only_laoshan_errors(lambda: Engine(FIXED).calc(text))


@ANY
@given(
    st.builds(
        lambda a, op, b: f"{a} {op} {b}",
        st.sampled_from(["x", "z", "share", "money", "count", "1", "0", "-x", "abs(x)"]),
        st.sampled_from(["+", "-", "*", "/", "**"]),
        st.sampled_from(["x", "z", "share", "money", "count", "2", "0", "-1", "-2", "64", "1e100", "(x - x)"]),
    )
)
def test_near_valid_formulas_on_a_fixed_file(text: str) -> None:
    only_laoshan_errors(lambda: Engine(FIXED).calc(text))


@ANY
@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789.,e-+ abcCNYUSD/%^*per", max_size=40)))
def test_any_text_as_a_unit(text: str) -> None:
    only_laoshan_errors(lambda: parse_unit(text, TextOrigin("unit"), Limits()))


@ANY
@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789.,eE-+_", max_size=40)))
def test_any_text_as_a_number(text: str) -> None:
    only_laoshan_errors(lambda: parse_number(text, TextOrigin("number"), Limits()))


# -- engine behaviours the properties rely on -------------------------------------------------------------------------


def test_division_by_an_interval_containing_zero_is_an_evaluation_error() -> None:
    box = {"x0": (100, -100, 200), "x1": (100, 100, 100), "x2": (0, 0, 0)}
    with pytest.raises(EvaluationError) as caught:
        run_engine(box, {"m": "x1 / x0"})
    assert "division by an interval that contains zero" in caught.value.message
    with pytest.raises(EvaluationError, match="division by zero"):
        run_engine(box, {"m": "x1 / x2"})
    with pytest.raises(EvaluationError):
        run_engine(box, {"m": "x0 ** -2"})


def test_unbounded_ends_propagate() -> None:
    data = textwrap.dedent(
        """\
        figures:
          calls: {value: 2400, qualifier: more than}
          berths: {value: 18, exact: true}
          cap: {value: 10, qualifier: at most}
        metrics:
          per: {formula: calls / berths}
          neg: {formula: -calls}
          both: {formula: calls + cap}
          zero: {formula: calls * 0}
          square: {formula: cap ** 2}
        """
    ).encode()
    items = {
        item.name: item for item in Engine(load_bytes(data, "t.yaml")).items(["per", "neg", "both", "zero", "square"])
    }
    assert items["per"].bounds == Interval(F(2400, 18), None)
    assert items["neg"].bounds == Interval(None, F(-2400))
    assert items["both"].bounds == Interval(None, None)
    assert items["zero"].bounds == Interval(F(0), F(0))
    assert items["square"].bounds == Interval(F(0), None)


def test_folding_keeps_metrics_that_do_not_vary_inside_calls() -> None:
    """Found by the fuzz smoke run: min(m3, m1) where only m3 varies with a shared figure."""
    from pathlib import Path

    from laoshan_cli.core.engine import Engine
    from laoshan_cli.loading.loader import load_bytes

    path = Path(__file__).parent.parent / "fuzz" / "seeds" / "loader" / "regression-keyerror-fold-mixed-call.yaml"
    engine = Engine(load_bytes(path.read_bytes(), str(path)))
    [m4] = engine.items(["m4"])
    assert m4.bounds.contains(m4.value)
    engine.explain("m4")
    assert [r.status for r in engine.checks()] in (["pass"], ["fail"], ["uncertain"])
