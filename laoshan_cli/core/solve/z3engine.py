"""A second engine for `consistent --engine z3`: the same problem handed to the Z3 solver.

Only with the optional extra (`pip install "laoshan[solver]"`); the pure
engine (search.py) is the default and needs nothing. The problem is the
same: figures as real variables within their bounds (whole multiples of
their unit for counts and `whole: true` metrics), metrics as equalities,
checks as constraints, every divisor nonzero. Each member is tracked, so
that an unsat core names members; a sat model is accepted only when its
values are rational and the pure engine's exact check (search.verify)
accepts them. Z3's work is bounded by its deterministic resource limit.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..arithmetic import OutOfWork
from ..errors import UsageError
from ..formula import Call, Expr, Fixed, Neg, Num, Pow, Product, Ref, Sum
from .problem import Member, Problem, Relation
from .search import Decision, group_of, verify

RLIMIT_PER_WORK = 50  # Z3 resource units per unit of max_consistency_work


def load_z3() -> Any:
    try:
        import z3  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            "--engine z3 needs the Z3 solver", hint='install it with pip install "laoshan[solver]"'
        ) from None
    return z3


class Translation:
    def __init__(self, z3: Any, problem: Problem) -> None:
        self.z3 = z3
        self.problem = problem
        self.variables: dict[str, Any] = {}
        self.nonzero: list[Any] = []  # divisors, which must not be zero for a formula to have a value

    def var(self, name: str) -> Any:
        if name not in self.variables:
            self.variables[name] = self.z3.Real(name)
        return self.variables[name]

    def const(self, value: Fraction) -> Any:
        return self.z3.Q(value.numerator, value.denominator)

    def expr(self, node: Expr) -> Any:
        z3 = self.z3
        if isinstance(node, Num):
            return self.const(node.value)
        if isinstance(node, Ref):
            return self.var(node.name)
        if isinstance(node, Neg):
            return -self.expr(node.operand)
        if isinstance(node, Sum):
            total = self.expr(node.terms[0].operand)
            for term in node.terms[1:]:
                operand = self.expr(term.operand)
                total = total + operand if term.op == "+" else total - operand
            return total
        if isinstance(node, Product):
            total = self.expr(node.terms[0].operand)
            for term in node.terms[1:]:
                operand = self.expr(term.operand)
                if term.op == "/":
                    self.nonzero.append(operand != 0)
                    total = total / operand
                else:
                    total = total * operand
            return total
        if isinstance(node, Pow):
            base = self.expr(node.base)
            result = self.const(Fraction(1))
            for _ in range(abs(node.exponent)):
                result = result * base
            if node.exponent < 0:
                self.nonzero.append(base != 0)
                return 1 / result
            return result
        if isinstance(node, Call):
            args = [self.expr(arg) for arg in node.args]
            if node.function == "abs":
                return z3.If(args[0] >= 0, args[0], -args[0])
            total = args[0]
            for arg in args[1:]:
                total = z3.If(arg < total, arg, total) if node.function == "min" else z3.If(arg > total, arg, total)
            return total
        assert not isinstance(node, Fixed)
        raise TypeError(node)

    def relation(self, relation: Relation) -> Any:
        value = self.expr(relation.expr)
        parts = []
        if relation.target.lo is not None:
            parts.append(value >= self.const(relation.target.lo))
        if relation.target.hi is not None:
            parts.append(value <= self.const(relation.target.hi))
        if relation.strict:
            parts.append(value != 0)
        return self.z3.And(*parts) if parts else self.z3.BoolVal(True)

    def whole(self, name: str, step: Fraction) -> Any:
        count = self.z3.Int(f"{name}#count")
        return self.var(name) == self.z3.ToReal(count) * self.const(step)


def decide_z3(problem: Problem, members: tuple[Member, ...], budget: int) -> tuple[Decision, tuple[Member, ...]]:
    """The decision on `members`, and an unsat core of them (not minimised) when they cannot all hold."""
    z3 = load_z3()
    group = group_of(problem, members)
    solver = z3.Solver()
    solver.set("rlimit", budget * RLIMIT_PER_WORK)
    solver.set("random_seed", 0)
    t = Translation(z3, problem)
    for relation in group.relations[: group.definitions]:
        solver.add(t.relation(relation))
    tracked: dict[str, Member] = {}

    def track(member: Member, claim: Any) -> None:
        label = z3.Bool(f"{member.kind}:{member.name}")
        tracked[str(label)] = member
        solver.add(z3.Implies(label, claim))

    for member in members:
        if member.kind == "figure":
            bounds = problem.figures[member.name]
            parts = []
            if bounds.lo is not None:
                parts.append(t.var(member.name) >= t.const(bounds.lo))
            if bounds.hi is not None:
                parts.append(t.var(member.name) <= t.const(bounds.hi))
            if member.name in problem.steps:
                parts.append(t.whole(member.name, problem.steps[member.name]))
            track(member, z3.And(*parts) if parts else z3.BoolVal(True))
        elif member.kind == "whole":
            track(member, t.whole(member.name, problem.steps[member.name]))
        else:
            track(member, t.relation(problem.checks[member.name]))
    for name in group.domains:
        if name in problem.figures:
            t.var(name)  # every figure of the group gets a value in the model
    solver.add(*t.nonzero)
    labels = [z3.Bool(label) for label in tracked]
    answer = solver.check(*labels)
    if answer == z3.unsat:
        core = {str(label) for label in solver.unsat_core()}
        return Decision("inconsistent", None), tuple(m for label, m in tracked.items() if label in core)
    if answer != z3.sat:
        return Decision("undecided", None), ()
    model = solver.model()
    values: dict[str, Fraction] = {}
    for name in group.figures:
        value = model.eval(t.var(name), model_completion=True)
        if not z3.is_rational_value(value):
            return Decision("undecided", None), ()  # an algebraic number: no exact rational to show
        values[name] = Fraction(value.numerator_as_long(), value.denominator_as_long())
    try:
        witness = verify(problem, group, values)
    except OutOfWork:
        witness = None
    if witness is None:
        return Decision("undecided", None), ()
    return Decision("consistent", witness), ()
