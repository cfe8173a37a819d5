"""A seeded corpus of small consistency problems, each with an answer worked out without laoshan.

Nothing here imports laoshan. Each problem is a data file's text and the
reference answer: can every figure lie within its bounds and every check
hold at once? Four families, each decided exactly by its own means:

- counts: figures that count items over small ranges, with sums, products,
  min, max, abs and whole metrics; brute force over every whole combination.
- linear: figures with rounded decimals, linear metrics and checks;
  Fourier-Motzkin elimination in fractions, which also decides strictness.
- ratio: positive figures x, y, z and x / y = z (or within a tolerance T,
  as abs(x / y - z) <= 0 or x / y ~= z within T), the form of an exchange
  rate; the range of x / y over a positive box is [x_lo / y_hi, x_hi / y_lo].
- grim: a share of a whole total that must itself be whole; each whole
  total is tried.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction as F

SEED = 20261201
OPS: dict[str, Callable[[F, F], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass
class Case:
    family: str
    text: str
    consistent: bool
    figures: dict[str, tuple[F, F]]  # bounds of each figure, for checking witnesses
    checks: dict[str, Callable[[dict[str, F]], bool]]  # each check as a function of the figures
    whole: dict[str, Callable[[dict[str, F]], F]] = field(default_factory=dict)  # metrics that must be whole
    counts: tuple[str, ...] = ()  # figures that take whole values
    linear: list[tuple[dict[str, F], str, F, str | None]] = field(default_factory=list)  # for minimality

    def holds(self, values: dict[str, F]) -> bool:
        """Whether values of the figures satisfy every claim: bounds, counts, wholeness and checks."""
        for name, (lo, hi) in self.figures.items():
            if not lo <= values[name] <= hi:
                return False
        if any(values[name].denominator != 1 for name in self.counts):
            return False
        try:
            if any(metric(values).denominator != 1 for metric in self.whole.values()):
                return False
            return all(check(values) for check in self.checks.values())
        except ZeroDivisionError:
            return False


# -- counts: brute force ---------------------------------------------------------------

COUNT_METRICS: list[tuple[str, str, Callable[[F, F], F]]] = [
    ("a + b", "items", lambda a, b: a + b),
    ("a - b", "items", lambda a, b: a - b),
    ("2 * a - b", "items", lambda a, b: 2 * a - b),
    ("a * b", "items^2", lambda a, b: a * b),
    ("abs(a - b)", "items", lambda a, b: abs(a - b)),
    ("min(a, b)", "items", lambda a, b: min(a, b)),
    ("max(a, b) - 1 [items]", "items", lambda a, b: max(a, b) - 1),
]


def count_case(rng: random.Random, index: int) -> Case:
    ranges = {}
    for name in ("a", "b"):
        lo = rng.randint(0, 6)
        ranges[name] = (F(lo), F(lo + rng.randint(1, 4)))
    formula, unit, function = rng.choice(COUNT_METRICS)
    lines = ["figures:"]
    for name, (lo, hi) in ranges.items():
        lines.append(f"  {name}: {{value: {lo} to {hi}, unit: items}}")
    lines += ["metrics:", f"  m: {{formula: '{formula}', unit: {unit}}}"]
    whole: dict[str, Callable[[dict[str, F]], F]] = {}
    if rng.random() < 0.4:
        divisor = rng.choice((2, 3))
        lines.append(f"  h: {{formula: (a + b) / {divisor}, unit: items, whole: true}}")
        whole["h"] = lambda v, d=divisor: (v["a"] + v["b"]) / d
    corners = [function(a, b) for a in ranges["a"] for b in ranges["b"]]
    low, high = min(corners) - 2, max(corners) + 2
    lines.append("checks:")
    checks: dict[str, Callable[[dict[str, F]], bool]] = {}
    for number in range(rng.randint(1, 3)):
        op = rng.choice(list(OPS))
        if number == 2:
            checks["c2"] = lambda v, op=op: OPS[op](v["a"], v["b"])
            lines.append(f'  - {{name: c2, assert: "a {op} b"}}')
            continue
        k = F(rng.randint(int(low), int(high)))
        shown = f"{k} [{unit}]" if unit else f"{k}"
        checks[f"c{number}"] = lambda v, op=op, k=k: OPS[op](function(v["a"], v["b"]), k)
        lines.append(f'  - {{name: c{number}, assert: "m {op} {shown}"}}')
    case = Case("counts", "\n".join(lines) + "\n", False, ranges, checks, whole, ("a", "b"))
    grid = itertools.product(*[range(int(lo), int(hi) + 1) for lo, hi in ranges.values()])
    case.consistent = any(case.holds({"a": F(a), "b": F(b)}) for a, b in grid)
    return case


# -- linear: Fourier-Motzkin -----------------------------------------------------------

Row = tuple[dict[str, F], bool, F]  # sum(c * x) <= rhs, or < rhs when strict


def fourier_motzkin(rows: list[Row], names: list[str]) -> bool:
    """Whether the linear rows have a common rational solution, by eliminating each variable."""
    for name in names:
        upper = [r for r in rows if r[0].get(name, 0) > 0]
        lower = [r for r in rows if r[0].get(name, 0) < 0]
        rest = [r for r in rows if r[0].get(name, 0) == 0]
        for (cu, su, ru), (cl, sl, rl) in itertools.product(upper, lower):
            a, b = cu[name], -cl[name]
            coeffs = {n: cu.get(n, 0) / a + cl.get(n, 0) / b for n in set(cu) | set(cl) if n != name}
            rest.append(({n: c for n, c in coeffs.items() if c != 0}, su or sl, ru / a + rl / b))
        rows = rest
    return all(rhs > 0 if strict else rhs >= 0 for _, strict, rhs in rows)


LINEAR_METRICS = [
    ("a + b", {"a": F(1), "b": F(1)}),
    ("a - b", {"a": F(1), "b": F(-1)}),
    ("2 * a - b", {"a": F(2), "b": F(-1)}),
    ("(a + b) / 2", {"a": F(1, 2), "b": F(1, 2)}),
    ("a + b - c", {"a": F(1), "b": F(1), "c": F(-1)}),
    ("3 * c - a", {"a": F(-1), "c": F(3)}),
]


def linear_case(rng: random.Random, index: int) -> Case:
    figures: dict[str, tuple[F, F]] = {}
    lines = ["figures:"]
    for name in ("a", "b", "c"):
        if rng.random() < 0.5:
            value = F(rng.randint(10, 40), 10)
            figures[name] = (value - F(1, 20), value + F(1, 20))
            lines.append(f"  {name}: {{value: {float(value):.1f}}}")
        else:
            lo = F(rng.randint(10, 40), 10)
            hi = lo + F(rng.randint(1, 10), 10)
            figures[name] = (lo, hi)
            lines.append(f"  {name}: {{value: {float(lo):.1f} to {float(hi):.1f}}}")
    metrics = rng.sample(LINEAR_METRICS, 2)
    lines.append("metrics:")
    for number, (formula, _) in enumerate(metrics):
        lines.append(f"  m{number}: {{formula: {formula}}}")
    lines.append("checks:")
    checks: dict[str, Callable[[dict[str, F]], bool]] = {}
    linear: list[tuple[dict[str, F], str, F, str | None]] = []
    for number in range(rng.randint(2, 3)):
        op = rng.choice(list(OPS))
        name = f"c{number}"
        if number == 2:
            coeffs = {k: metrics[0][1].get(k, F(0)) - metrics[1][1].get(k, F(0)) for k in "abc"}
            lines.append(f'  - {{name: {name}, assert: "m0 {op} m1"}}')
            k = F(0)
        else:
            coeffs = metrics[number][1]
            low = sum((c * (figures[n][0] if c > 0 else figures[n][1]) for n, c in coeffs.items()), F(0))
            high = sum((c * (figures[n][1] if c > 0 else figures[n][0]) for n, c in coeffs.items()), F(0))
            k = F(round(float(low + (high - low) * F(rng.randint(-20, 120), 100)), 2)).limit_denominator(100)
            lines.append(f'  - {{name: {name}, assert: "m{number} {op} {float(k)}"}}')
        checks[name] = lambda v, c=dict(coeffs), op=op, k=k: OPS[op](sum((x * v[n] for n, x in c.items()), F(0)), k)
        linear.append((dict(coeffs), op, k, name))
    for name, (lo, hi) in figures.items():
        linear.append(({name: F(1)}, ">=", lo, name))
        linear.append(({name: F(1)}, "<=", hi, name))
    case = Case("linear", "\n".join(lines) + "\n", False, figures, checks, linear=linear)
    case.consistent = linear_feasible(linear)
    return case


def linear_feasible(claims: list[tuple[dict[str, F], str, F, str | None]]) -> bool:
    rows: list[Row] = []
    for coeffs, op, k, _ in claims:
        if op in ("<", "<="):
            rows.append((dict(coeffs), op == "<", k))
        else:
            rows.append(({n: -c for n, c in coeffs.items()}, op == ">", -k))
    return fourier_motzkin(rows, ["a", "b", "c"])


# -- ratio: a = b / c over a positive box ----------------------------------------------


def ratio_case(rng: random.Random, index: int) -> Case:
    x = F(rng.randint(300, 400), 10)
    y = F(rng.randint(40, 70), 10)
    rate = x / y + F(rng.randint(-150, 150), 1000)
    places = rng.choice((2, 3, 4))
    rate = F(round(rate, places)).limit_denominator(10**places)
    half = F(1, 2 * 10**places)
    figures = {"x": (x - F(1, 20), x + F(1, 20)), "y": (y - F(1, 20), y + F(1, 20)), "z": (rate - half, rate + half)}
    form = rng.choice(("abs", "agree", "within"))
    tolerance = F(rng.choice((1, 5, 20)), 1000) if form == "within" else F(0)
    check = {
        "abs": "'abs(r - z) <= 0 [CNY/USD]'",
        "agree": "r ~= z",
        "within": f"'r ~= z within {float(tolerance)} [CNY/USD]'",
    }[form]
    text = (
        "figures:\n"
        f"  x: {{value: {float(x):.1f}, unit: billion CNY}}\n"
        f"  y: {{value: {float(y):.1f}, unit: billion USD}}\n"
        f"  z: {{value: {float(rate):.{places}f}, unit: CNY/USD}}\n"
        "metrics:\n  r: {formula: x / y, unit: CNY/USD}\n"
        f"checks:\n  - {{name: agree, assert: {check}}}\n"
    )
    (xlo, xhi), (ylo, yhi), (zlo, zhi) = figures["x"], figures["y"], figures["z"]
    consistent = xlo / yhi - tolerance <= zhi and zlo <= xhi / ylo + tolerance
    billion = F(10**9)
    base = {"x": (xlo * billion, xhi * billion), "y": (ylo * billion, yhi * billion), "z": (zlo, zhi)}
    checks: dict[str, Callable[[dict[str, F]], bool]] = {"agree": lambda v: abs(v["x"] / v["y"] - v["z"]) <= tolerance}
    return Case("ratio", text, consistent, base, checks)


# -- grim: whole shares of whole totals -------------------------------------------------


def grim_case(rng: random.Random, index: int) -> Case:
    lo = rng.randint(10, 120)
    hi = lo + rng.choice((0, 0, 0, 1, 2, 5))
    percent = rng.randint(5, 95)
    places = rng.choice((0, 0, 1))
    share = F(percent) + (F(rng.randint(0, 9), 10) if places else 0)
    half = F(1, 2 * 10**places)
    value = f"{lo}" if lo == hi else f"{lo} to {hi}"
    text = (
        "figures:\n"
        f"  total: {{value: {value}, unit: projects}}\n"
        f"  share: {{value: {float(share):.{places}f}, unit: percent}}\n"
        "metrics:\n  part: {formula: total * share, unit: projects, whole: true}\n"
    )
    slo, shi = (share - half) / 100, (share + half) / 100
    consistent = any(math.ceil(n * slo) <= math.floor(n * shi) for n in range(lo, hi + 1))
    figures = {"total": (F(lo), F(hi)), "share": (slo, shi)}
    whole: dict[str, Callable[[dict[str, F]], F]] = {"part": lambda v: v["total"] * v["share"]}
    return Case("grim", text, consistent, figures, {}, whole, ("total",))


FAMILIES: list[tuple[Callable[[random.Random, int], Case], int]] = [
    (count_case, 200),
    (linear_case, 200),
    (ratio_case, 100),
    (grim_case, 100),
]


def corpus(seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    return [make(rng, index) for make, count in FAMILIES for index in range(count)]
