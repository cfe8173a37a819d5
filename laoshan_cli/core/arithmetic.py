"""Three ways to evaluate the same formula tree: exact points, intervals, and
intervals with derivatives.

The derivative domain carries, with each interval, an interval enclosure of
the partial derivative for every input variable (forward mode). Where such an
enclosure does not contain zero in its interior, the formula is monotone in
that input over the whole box, which is what lets the engine evaluate at the
corners and get tight bounds. For abs, min and max the enclosure covers every
one-sided slope, so the test stays sound at their kinks.

Every number is exact. Sizes are checked as results are formed, so repeated
growth stops at the documented limit instead of eating memory, and a power
is refused before it is computed if its result would be too large.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from . import bounds as iv
from .bounds import Interval
from .errors import EvaluationError, TextOrigin
from .formula import Call, Expr, Fixed, Neg, Num, Pow, Product, Ref, Sum

V = TypeVar("V")


class TooLarge(OverflowError):
    """An exact number would exceed max_number_bits."""


class OutOfWork(Exception):
    """The budget of work for tightening one formula's bounds ran out."""


class Work:
    """What is left of a budget of work, in units of about half a microsecond.

    An interval operation costs a base of WORK_PER_OPERATION and one unit per
    16 bits of the numerators and denominators of its result, so a budget
    bounds time on big numbers as well as small ones, yet stays deterministic.
    """

    __slots__ = ("left",)

    def __init__(self, budget: int) -> None:
        self.left = budget

    def spend(self, cost: int) -> None:
        self.left -= cost
        if self.left < 0:
            raise OutOfWork


class Domain(Protocol[V]):
    def const(self, value: Fraction) -> V: ...
    def add(self, a: V, b: V) -> V: ...
    def sub(self, a: V, b: V) -> V: ...
    def mul(self, a: V, b: V) -> V: ...
    def div(self, a: V, b: V) -> V: ...
    def neg(self, a: V) -> V: ...
    def power(self, a: V, exponent: int) -> V: ...
    def absolute(self, a: V) -> V: ...
    def minimum(self, a: V, b: V) -> V: ...
    def maximum(self, a: V, b: V) -> V: ...
    def bits(self, a: V) -> int: ...
    def fixed(self, bounds: Interval) -> V: ...


def fraction_bits(value: Fraction) -> int:
    return max(value.numerator.bit_length(), value.denominator.bit_length())


class PointDomain:
    """Exact rational arithmetic."""

    def __init__(self, max_bits: int) -> None:
        self.max_bits = max_bits

    def checked(self, value: Fraction) -> Fraction:
        if value.numerator.bit_length() > self.max_bits or value.denominator.bit_length() > self.max_bits:
            raise TooLarge
        return value

    def const(self, value: Fraction) -> Fraction:
        return value

    def add(self, a: Fraction, b: Fraction) -> Fraction:
        return self.checked(a + b)

    def sub(self, a: Fraction, b: Fraction) -> Fraction:
        return self.checked(a - b)

    def mul(self, a: Fraction, b: Fraction) -> Fraction:
        return self.checked(a * b)

    def div(self, a: Fraction, b: Fraction) -> Fraction:
        if b == 0:
            raise ZeroDivisionError("division by zero")
        return self.checked(a / b)

    def neg(self, a: Fraction) -> Fraction:
        return -a

    def power(self, a: Fraction, exponent: int) -> Fraction:
        if fraction_bits(a) * abs(exponent) > self.max_bits:
            raise TooLarge
        if exponent < 0 and a == 0:
            raise ZeroDivisionError("zero to a negative power")
        return a**exponent

    def absolute(self, a: Fraction) -> Fraction:
        return abs(a)

    def minimum(self, a: Fraction, b: Fraction) -> Fraction:
        return min(a, b)

    def maximum(self, a: Fraction, b: Fraction) -> Fraction:
        return max(a, b)

    def bits(self, a: Fraction) -> int:
        return fraction_bits(a)

    def fixed(self, bounds: Interval) -> Fraction:
        raise TypeError("points are never folded")


class IntervalDomain:
    """Exact interval arithmetic; see bounds.py."""

    def __init__(self, max_bits: int) -> None:
        self.max_bits = max_bits

    def checked(self, value: Interval) -> Interval:
        limit = self.max_bits
        for end in (value.lo, value.hi):
            if end is not None and (end.numerator.bit_length() > limit or end.denominator.bit_length() > limit):
                raise TooLarge
        return value

    def const(self, value: Fraction) -> Interval:
        return Interval(value, value)

    def add(self, a: Interval, b: Interval) -> Interval:
        return self.checked(iv.add(a, b))

    def sub(self, a: Interval, b: Interval) -> Interval:
        return self.checked(iv.sub(a, b))

    def mul(self, a: Interval, b: Interval) -> Interval:
        return self.checked(iv.mul(a, b))

    def div(self, a: Interval, b: Interval) -> Interval:
        return self.checked(iv.div(a, b))

    def neg(self, a: Interval) -> Interval:
        return iv.neg(a)

    def power(self, a: Interval, exponent: int) -> Interval:
        if self.bits(a) * abs(exponent) > self.max_bits:
            raise TooLarge
        return iv.power(a, exponent)

    def absolute(self, a: Interval) -> Interval:
        return iv.absolute(a)

    def minimum(self, a: Interval, b: Interval) -> Interval:
        return iv.minimum(a, b)

    def maximum(self, a: Interval, b: Interval) -> Interval:
        return iv.maximum(a, b)

    def bits(self, a: Interval) -> int:
        return max((fraction_bits(end) for end in (a.lo, a.hi) if end is not None), default=0)

    def fixed(self, bounds: Interval) -> Interval:
        return bounds


WORK_PER_OPERATION = 8


class BudgetedIntervalDomain(IntervalDomain):
    """Interval arithmetic that spends from a Work budget; raises OutOfWork when it runs out."""

    def __init__(self, max_bits: int, work: Work) -> None:
        super().__init__(max_bits)
        self.work = work

    def checked(self, value: Interval) -> Interval:
        limit = self.max_bits
        cost = WORK_PER_OPERATION
        for end in (value.lo, value.hi):
            if end is not None:
                top, bottom = end.numerator.bit_length(), end.denominator.bit_length()
                if top > limit or bottom > limit:
                    raise TooLarge
                cost += (top + bottom) >> 4
        self.work.spend(cost)
        return value

    def neg(self, a: Interval) -> Interval:
        self.work.spend(WORK_PER_OPERATION)
        return iv.neg(a)

    def power(self, a: Interval, exponent: int) -> Interval:
        return self.checked(super().power(a, exponent))

    def absolute(self, a: Interval) -> Interval:
        self.work.spend(WORK_PER_OPERATION)
        return iv.absolute(a)

    def minimum(self, a: Interval, b: Interval) -> Interval:
        self.work.spend(WORK_PER_OPERATION)
        return iv.minimum(a, b)

    def maximum(self, a: Interval, b: Interval) -> Interval:
        self.work.spend(WORK_PER_OPERATION)
        return iv.maximum(a, b)


class Dual(NamedTuple):
    """An interval and interval enclosures of its partial derivatives."""

    value: Interval
    grad: tuple[Interval, ...]


ZERO_INTERVAL = Interval(Fraction(0), Fraction(0))
ONE_INTERVAL = Interval(Fraction(1), Fraction(1))
SLOPE_EITHER = Interval(Fraction(-1), Fraction(1))


class DualDomain:
    """Interval arithmetic with forward-mode derivative enclosures."""

    def __init__(self, max_bits: int, size: int, work: Work | None = None) -> None:
        self.values = IntervalDomain(max_bits) if work is None else BudgetedIntervalDomain(max_bits, work)
        self.work = work
        self.size = size
        self.zeros = (ZERO_INTERVAL,) * size

    def variable(self, value: Interval, index: int) -> Dual:
        grad = list(self.zeros)
        grad[index] = ONE_INTERVAL
        return Dual(value, tuple(grad))

    def const(self, value: Fraction) -> Dual:
        return Dual(Interval(value, value), self.zeros)

    def constant_interval(self, value: Interval) -> Dual:
        return Dual(value, self.zeros)

    def _combine(
        self, a: tuple[Interval, ...], b: tuple[Interval, ...], op: Callable[[Interval, Interval], Interval]
    ) -> tuple[Interval, ...]:
        return tuple(op(x, y) for x, y in zip(a, b, strict=True))

    def add(self, a: Dual, b: Dual) -> Dual:
        return Dual(self.values.add(a.value, b.value), self._combine(a.grad, b.grad, self.values.add))

    def sub(self, a: Dual, b: Dual) -> Dual:
        return Dual(self.values.sub(a.value, b.value), self._combine(a.grad, b.grad, self.values.sub))

    def scale_grad(self, grad: tuple[Interval, ...], factor: Interval) -> tuple[Interval, ...]:
        return tuple(self.values.mul(g, factor) for g in grad)

    def mul(self, a: Dual, b: Dual) -> Dual:
        value = self.values.mul(a.value, b.value)
        left = self.scale_grad(a.grad, b.value)
        right = self.scale_grad(b.grad, a.value)
        return Dual(value, self._combine(left, right, self.values.add))

    def div(self, a: Dual, b: Dual) -> Dual:
        quotient = self.values.div(a.value, b.value)
        # d(a/b) = (da - (a/b) db) / b
        numerator = self._combine(a.grad, self.scale_grad(b.grad, quotient), self.values.sub)
        return Dual(quotient, tuple(self.values.div(g, b.value) for g in numerator))

    def neg(self, a: Dual) -> Dual:
        if self.work is not None:
            self.work.spend(WORK_PER_OPERATION * (1 + self.size))
        return Dual(iv.neg(a.value), tuple(iv.neg(g) for g in a.grad))

    def power(self, a: Dual, exponent: int) -> Dual:
        value = self.values.power(a.value, exponent)
        if exponent == 0:
            return Dual(value, self.zeros)
        slope = self.values.mul(self.values.const(Fraction(exponent)), self.values.power(a.value, exponent - 1))
        return Dual(value, self.scale_grad(a.grad, slope))

    def absolute(self, a: Dual) -> Dual:
        lo, hi = a.value.lo, a.value.hi
        if lo is not None and lo >= 0:
            return a
        if hi is not None and hi <= 0:
            return self.neg(a)
        return Dual(iv.absolute(a.value), self.scale_grad(a.grad, SLOPE_EITHER))

    def minimum(self, a: Dual, b: Dual) -> Dual:
        if a.value.hi is not None and b.value.lo is not None and a.value.hi <= b.value.lo:
            return a
        if b.value.hi is not None and a.value.lo is not None and b.value.hi <= a.value.lo:
            return b
        if self.work is not None:
            self.work.spend(WORK_PER_OPERATION * (1 + self.size))
        return Dual(iv.minimum(a.value, b.value), self._combine(a.grad, b.grad, iv.hull))

    def maximum(self, a: Dual, b: Dual) -> Dual:
        return self.neg(self.minimum(self.neg(a), self.neg(b)))

    def bits(self, a: Dual) -> int:
        return self.values.bits(a.value)

    def fixed(self, bounds: Interval) -> Dual:
        return Dual(bounds, self.zeros)


class Evaluator(Generic[V]):
    """Walks a formula tree in one domain.

    `leaves` gives the value of each name the walk stops at. A name not in
    `leaves` must be a metric in `expand`, whose own formula is then walked in
    its place (once, by memo), which is how shared inputs are seen as shared.
    """

    def __init__(
        self,
        domain: Domain[V],
        leaves: Mapping[str, V],
        origins: Callable[[Any], TextOrigin],
        expand: Mapping[str, Expr] | None = None,
    ) -> None:
        self.domain = domain
        self.leaves = leaves
        self.origins = origins
        self.expand = expand or {}
        self.memo: dict[str, V] = {}

    def run(self, node: Expr, owner: Any) -> V:
        """Evaluate `node`; `owner` (a metric name or a TextOrigin) says where errors point."""
        try:
            return self.walk(node, owner)
        except RecursionError:
            raise self.origins(owner).error(EvaluationError, 0, "formula is nested too deeply to evaluate") from None

    def walk(self, node: Expr, owner: Any) -> V:
        domain = self.domain
        if isinstance(node, Num):
            return domain.const(node.value)
        if isinstance(node, Fixed):
            return domain.fixed(node.bounds)
        if isinstance(node, Ref):
            name = node.name
            found = self.leaves.get(name)
            if found is not None:
                return found
            if name in self.memo:
                return self.memo[name]
            value = self.walk(self.expand[name], name)
            self.memo[name] = value
            return value
        offset = node.offset
        try:
            if isinstance(node, Sum):
                total = self.walk(node.terms[0].operand, owner)
                for term in node.terms[1:]:
                    offset = term.offset
                    operand = self.walk(term.operand, owner)
                    total = domain.add(total, operand) if term.op == "+" else domain.sub(total, operand)
                return total
            if isinstance(node, Product):
                total = self.walk(node.terms[0].operand, owner)
                for term in node.terms[1:]:
                    offset = term.offset
                    operand = self.walk(term.operand, owner)
                    total = domain.mul(total, operand) if term.op == "*" else domain.div(total, operand)
                return total
            if isinstance(node, Neg):
                return domain.neg(self.walk(node.operand, owner))
            if isinstance(node, Pow):
                return domain.power(self.walk(node.base, owner), node.exponent)
            if isinstance(node, Call):
                args = [self.walk(arg, owner) for arg in node.args]
                if node.function == "abs":
                    return domain.absolute(args[0])
                result = args[0]
                pick = domain.minimum if node.function == "min" else domain.maximum
                for arg in args[1:]:
                    result = pick(result, arg)
                return result
        except ZeroDivisionError:
            what = "zero to a negative power" if isinstance(node, Pow) else "division by zero"
            if not isinstance(domain, PointDomain):
                what = "division by an interval that contains zero"
            raise self.origins(owner).error(
                EvaluationError,
                offset,
                what,
                "the divisor can be zero within its bounds; narrow its bounds or change the formula"
                if not isinstance(domain, PointDomain)
                else None,
            ) from None
        except TooLarge:
            raise self.origins(owner).error(
                EvaluationError,
                offset,
                "exact arithmetic here would make a number too large",
                "limit max_number_bits; raise it with --limit max_number_bits=N",
            ) from None
        raise TypeError(f"not a formula node: {node!r}")
