"""A data file as a constraint problem: variables with domains, and relations that must hold.

Every figure is a variable whose domain is its bounds in base units; a figure
whose unit is a plain count (bounds_policy.is_plain_count) and a metric
declared `whole: true` take only whole values of their unit. Each metric is a
defined equality, formula - metric = 0, and each check a relation
left - right ∈ target. Members are what a conflicting set is made of: a
figure's bounds, a check, and a metric's wholeness.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import NamedTuple

from ..bounds import Interval
from ..bounds_policy import is_plain_count
from ..errors import UsageError
from ..formula import Call, Comparison, Expr, Neg, Num, Product, Ref, Sum, Term, difference, references
from ..model import Dataset
from ..names import suggest

ZERO = Fraction(0)
Linear = tuple[dict[str, Fraction], Fraction]  # coefficients of the figures, and a constant
Vector = tuple[tuple[str, Fraction], ...]  # coefficients of the figures, by name
EQUAL = Interval(ZERO, ZERO)
AT_MOST = Interval(None, ZERO)
AT_LEAST = Interval(ZERO, None)


class Relation(NamedTuple):
    """`expr ∈ target`, and `expr ≠ 0` as well when strict."""

    name: str  # the check's name, or the metric's for a definition
    expr: Expr
    target: Interval
    strict: bool
    names: tuple[str, ...]  # the variables it uses


class Member(NamedTuple):
    """One claim a conflicting set can hold: a figure's bounds, a check, or a metric's wholeness."""

    kind: str  # "figure", "check" or "whole"
    name: str


def relation_of(name: str, comparison: Comparison) -> Relation:
    """The relation a check asserts, over its comparison's operator.

    `a ~= b` means a and b can be equal, and
    `a ~= b within T` that they differ by at most T: |a - b| - T <= 0.
    """
    left, right, op = comparison.left, comparison.right, comparison.op
    tolerance = comparison.tolerance
    gap = difference(left, right)
    if op in ("<", "<="):
        expr, target = gap, AT_MOST
    elif op in (">", ">="):
        expr, target = gap, AT_LEAST
    elif op == "~=" and tolerance is None:
        expr, target = gap, EQUAL
    elif op == "~=" and tolerance is not None:
        expr, target = difference(Call("abs", (gap,), 0), tolerance), AT_MOST
    else:
        raise UsageError(f"check {name!r}: consistent cannot read the comparison {op!r}")
    names = tuple(dict.fromkeys(ref.name for ref in references(expr)))
    return Relation(name, expr, target, op in ("<", ">"), names)


class Problem(NamedTuple):
    figures: dict[str, Interval]  # bounds in base units
    steps: dict[str, Fraction]  # whole-valued variables: values are whole multiples of their unit's scale
    scales: dict[str, Fraction]  # each variable's unit scale, to choose points simple in its own unit
    definitions: dict[str, Relation]  # by metric, in dependency order
    formulas: dict[str, Expr]  # each metric's formula
    checks: dict[str, Relation]  # by check name, in file order
    wholes: tuple[str, ...]  # metrics declared whole
    linear: dict[str, tuple[Vector, Interval]]  # a check linear in the figures: sum(v * x) in an interval

    @classmethod
    def of(cls, dataset: Dataset, exclude: Iterable[str] = ()) -> Problem:
        excluded = set(exclude)
        names = {check.name for check in dataset.checks}
        for name in excluded - names:
            raise UsageError(f"no check named {name!r}", hint=suggest(name, sorted(names)))
        figures = {name: figure.base_bounds for name, figure in dataset.figures.items()}
        steps = {name: figure.unit.scale for name, figure in dataset.figures.items() if is_plain_count(figure.unit)}
        wholes = tuple(name for name, metric in dataset.metrics.items() if getattr(metric, "whole", False))
        steps.update((name, dataset.metrics[name].unit.scale) for name in wholes)
        scales = {name: dataset.unit_of(name).scale for name in dataset.names}
        definitions = {}
        formulas = {name: metric.expr for name, metric in dataset.metrics.items()}
        for name in dataset.order:
            expr = difference(dataset.metrics[name].expr, Ref(name, 0))
            definitions[name] = Relation(name, expr, EQUAL, False, (*dataset.metrics[name].refs, name))
        checks = {
            check.name: relation_of(check.name, check.comparison)
            for check in dataset.checks
            if check.name not in excluded
        }
        linear = {}
        for name, relation in checks.items():
            form = linear_form(relation.expr, formulas)
            if form is not None:
                linear[name] = normalized(form, relation.target)
        return cls(figures, steps, scales, definitions, formulas, checks, wholes, linear)

    @property
    def members(self) -> tuple[Member, ...]:
        return (
            *(Member("figure", name) for name in self.figures),
            *(Member("whole", name) for name in self.wholes),
            *(Member("check", name) for name in self.checks),
        )

    def components(self) -> list[tuple[Member, ...]]:
        """The members in groups that share no variable, through metrics: each group can be decided alone."""
        parent: dict[str, str] = {}

        def find(name: str) -> str:
            root = name
            while parent.setdefault(root, root) != root:
                root = parent[root]
            while parent[name] != root:
                parent[name], name = root, parent[name]
            return root

        for relation in (*self.definitions.values(), *self.checks.values()):
            first = find(relation.names[0]) if relation.names else None
            for name in relation.names[1:]:
                parent[find(name)] = first  # type: ignore[assignment]
        groups: dict[str, list[Member]] = {}
        for member in self.members:
            name = member.name if member.kind != "check" else self.checks[member.name].names[0]
            if member.kind == "check" and not self.checks[member.name].names:
                name = "\0" + member.name  # a check of constants alone
            groups.setdefault(find(name), []).append(member)
        return [tuple(group) for group in groups.values()]

    def metrics_of(self, members: Iterable[Member]) -> list[str]:
        """The metrics whose definitions a set of members depends on, in dependency order."""
        wanted: set[str] = set()
        stack = [m.name for m in members if m.kind == "whole"]
        stack += [name for m in members if m.kind == "check" for name in self.checks[m.name].names]
        while stack:
            name = stack.pop()
            if name in self.definitions and name not in wanted:
                wanted.add(name)
                stack.extend(self.definitions[name].names[:-1])
        return [name for name in self.definitions if name in wanted]


MAX_LINEAR_NODES = 2000  # nodes expanded in finding a linear form, past which there is none


def linear_form(expr: Expr, formulas: dict[str, Expr]) -> Linear | None:
    """`expr` with its metrics expanded, as a sum of figures times constants, when it is linear in them.

    a + b <= a + b - c through two metrics is c <= 0: each figure then occurs
    once, so propagation over it loses nothing to shared figures.
    """
    visited = [0]
    memo: dict[str, Linear | None] = {}

    def walk(node: Expr) -> Linear | None:
        visited[0] += 1
        if visited[0] > MAX_LINEAR_NODES:
            return None
        if isinstance(node, Num):
            return {}, node.value
        if isinstance(node, Ref):
            if node.name not in formulas:
                return {node.name: Fraction(1)}, Fraction(0)
            if node.name not in memo:
                memo[node.name] = walk(formulas[node.name])
            return memo[node.name]
        if isinstance(node, Neg):
            inner = walk(node.operand)
            return None if inner is None else scaled(inner, Fraction(-1))
        if isinstance(node, Sum):
            total: Linear = ({}, Fraction(0))
            for term in node.terms:
                part = walk(term.operand)
                if part is None:
                    return None
                total = added(total, part if term.op == "+" else scaled(part, Fraction(-1)))
            return total
        if isinstance(node, Product):
            product: Linear = ({}, Fraction(1))
            for term in node.terms:
                part = walk(term.operand)
                if part is None:
                    return None
                if term.op == "/":
                    if part[0] or part[1] == 0:
                        return None
                    product = scaled(product, 1 / part[1])
                elif not part[0]:
                    product = scaled(product, part[1])
                elif not product[0]:
                    product = scaled(part, product[1])
                else:
                    return None
            return product
        return None

    return walk(expr)


def normalized(form: Linear, target: Interval) -> tuple[Vector, Interval]:
    """sum(c * x) + k in target as sum(v * x) in an interval, v scaled so that its first coefficient is 1.

    Checks with the same v then share one interval, so that a - b >= 2 and
    a <= b, through any metrics, meet as a - b in [2, 0]: empty.
    """
    coefficients, constant = form
    vector = sorted((n, c) for n, c in coefficients.items() if c)
    lead = vector[0][1] if vector else Fraction(1)
    lo = None if target.lo is None else (target.lo - constant) / lead
    hi = None if target.hi is None else (target.hi - constant) / lead
    if lead < 0:
        lo, hi = hi, lo
    return tuple((n, c / lead) for n, c in vector), Interval(lo, hi)


def vector_expr(vector: Vector, total: str) -> Expr:
    """sum(v * x) - total, a relation that is 0 when `total` is the sum."""
    terms = [Term("+", Product((Term("*", Num(c, None, str(c), 0), 0), Term("*", Ref(n, 0), 0))), 0) for n, c in vector]
    return Sum((*terms, Term("-", Ref(total, 0), 0)))


def scaled(form: Linear, factor: Fraction) -> Linear:
    return {n: c * factor for n, c in form[0].items()}, form[1] * factor


def added(a: Linear, b: Linear) -> Linear:
    total = dict(a[0])
    for name, c in b[0].items():
        total[name] = total.get(name, Fraction(0)) + c
    return total, a[1] + b[1]
