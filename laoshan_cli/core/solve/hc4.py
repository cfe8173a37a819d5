"""HC4-revise: narrow a box of intervals so that one relation over a formula tree can still hold.

The forward pass evaluates every node of the tree over the box; the backward
pass gives each node the part of its interval that is compatible with its
parent's, down to the names, whose domains are then intersected with what
reaches them. Every step keeps every point of the box at which the relation
holds (sound); none ever adds one. Arithmetic is exact (fractions); where an
end's digits grow long it is rounded outward (rationals.outward).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction

from .. import bounds as iv
from ..arithmetic import Work
from ..bounds import Interval
from ..formula import Call, Expr, Fixed, Neg, Num, Pow, Product, Ref, Sum
from .rationals import outward

ENTIRE = Interval(None, None)
NONNEGATIVE = Interval(Fraction(0), None)
NOTHING = Interval(Fraction(1), Fraction(0))  # marks a domain found empty before the search starts
ROOT_BITS = 64  # bits below the point of a root worked out for a power's inverse


class Empty(Exception):
    """No point of the box satisfies the relation."""


def meet(a: Interval, b: Interval) -> Interval:
    """The intersection of two intervals; raises Empty when they do not overlap."""
    lo = b.lo if a.lo is None else a.lo if b.lo is None else max(a.lo, b.lo)
    hi = b.hi if a.hi is None else a.hi if b.hi is None else min(a.hi, b.hi)
    if lo is not None and hi is not None and lo > hi:
        raise Empty
    return Interval(lo, hi)


def combine(a: Interval, op: str, b: Interval) -> Interval:
    """a op b for op in + - * /; a divisor holding zero gives the whole line (sound), one that is zero, Empty."""
    if op == "+":
        return iv.add(a, b)
    if op == "-":
        return iv.sub(a, b)
    if op == "*":
        return iv.mul(a, b)
    if b.lo == 0 and b.hi == 0:
        raise Empty
    try:
        return iv.div(a, b)
    except ZeroDivisionError:
        return ENTIRE


class Box:
    """Domains of the variables, with the integer steps of those that count things."""

    __slots__ = ("domains", "steps")

    def __init__(self, domains: dict[str, Interval], steps: Mapping[str, Fraction]) -> None:
        self.domains = domains
        self.steps = steps  # a variable whose values are whole multiples of its step (its unit's scale)

    def copy(self) -> Box:
        return Box(dict(self.domains), self.steps)

    def narrow(self, name: str, target: Interval) -> bool:
        """Intersect a domain with `target`; whether it shrank enough to be worth revisiting its relations."""
        old = self.domains[name]
        new = meet(old, target)
        step = self.steps.get(name)
        if step is not None:
            new = whole_part(new, step)
        new = outward(new)
        if new == old:
            return False
        self.domains[name] = new = meet(old, new)  # rounding outward must not widen a domain
        return significant(old, new)


def whole_part(domain: Interval, step: Fraction) -> Interval:
    """The smallest interval holding every whole multiple of `step` in `domain`; raises Empty when there is none."""
    lo = None if domain.lo is None else math.ceil(domain.lo / step) * step
    hi = None if domain.hi is None else math.floor(domain.hi / step) * step
    if lo is not None and hi is not None and lo > hi:
        raise Empty
    return Interval(lo, hi)


def significant(old: Interval, new: Interval) -> bool:
    """A change that adds an end, makes a point, or cuts at least an eighth of the width."""
    if (old.lo is None) != (new.lo is None) or (old.hi is None) != (new.hi is None):
        return True
    if new.is_point:
        return not old.is_point
    old_width, new_width = old.width(), new.width()
    if old_width is None or new_width is None:
        return False
    return new_width * 8 < old_width * 7


class Reviser:
    """HC4-revise of `expr ∈ target` over a box, spending one unit of work per node visited."""

    def __init__(self, box: Box, work: Work, changed: Callable[[str], None]) -> None:
        self.box = box
        self.work = work
        self.changed = changed
        self.values: dict[int, Interval] = {}

    def revise(self, expr: Expr, target: Interval) -> Interval:
        """Narrow the box; returns the root's interval after narrowing (Empty raised when none is left)."""
        self.values = {}
        value = meet(self.forward(expr), target)
        self.backward(expr, value)
        return value

    def forward(self, node: Expr) -> Interval:
        self.work.spend(1)
        value = self._forward(node)
        self.values[id(node)] = value
        return value

    def _forward(self, node: Expr) -> Interval:
        if isinstance(node, Num):
            return Interval(node.value, node.value)
        if isinstance(node, Ref):
            return self.box.domains[node.name]
        if isinstance(node, Fixed):
            bounds: Interval = node.bounds
            return bounds
        if isinstance(node, Neg):
            return iv.neg(self.forward(node.operand))
        if isinstance(node, (Sum, Product)):
            total = self.forward(node.terms[0].operand)
            for term in node.terms[1:]:
                total = combine(total, term.op, self.forward(term.operand))
            return total
        if isinstance(node, Pow):
            base = self.forward(node.base)
            if node.exponent < 0 and base.lo == 0 and base.hi == 0:
                raise Empty
            try:
                return iv.power(base, node.exponent)
            except ZeroDivisionError:
                return ENTIRE
        args = [self.forward(arg) for arg in node.args]
        if node.function == "abs":
            return iv.absolute(args[0])
        total = args[0]
        for arg in args[1:]:
            total = iv.minimum(total, arg) if node.function == "min" else iv.maximum(total, arg)
        return total

    def backward(self, node: Expr, target: Interval) -> None:
        """Give `node` the part `target` of its interval (already intersected with its forward value)."""
        if isinstance(node, Num):
            return  # its value lies in target: the caller intersected the two
        if isinstance(node, Ref):
            if self.box.narrow(node.name, target):
                self.changed(node.name)
            return
        if isinstance(node, Neg):
            self.into(node.operand, iv.neg(target))
        elif isinstance(node, Sum):
            self.backward_sum(node, target)
        elif isinstance(node, Product):
            self.backward_product(node, target)
        elif isinstance(node, Pow):
            self.backward_power(node, target)
        elif isinstance(node, Call):
            self.backward_call(node, target)

    def into(self, node: Expr, target: Interval) -> None:
        """Intersect a child's interval with `target` and go on down."""
        self.work.spend(1)
        value = meet(self.values[id(node)], target)
        if not isinstance(node, (Num, Fixed)):
            self.backward(node, value)

    def backward_sum(self, node: Sum, target: Interval) -> None:
        terms = node.terms
        signed = [self.values[id(t.operand)] if t.op == "+" else iv.neg(self.values[id(t.operand)]) for t in terms]
        after = [Interval(Fraction(0), Fraction(0))] * (len(terms) + 1)
        for index in range(len(terms) - 1, -1, -1):
            after[index] = iv.add(signed[index], after[index + 1])
        before = Interval(Fraction(0), Fraction(0))
        for index, term in enumerate(terms):
            rest = iv.add(before, after[index + 1])
            share = iv.sub(target, rest)
            self.into(term.operand, share if term.op == "+" else iv.neg(share))
            before = iv.add(before, signed[index])

    def backward_product(self, node: Product, target: Interval) -> None:
        # The whole is rest * t for a "*" factor t and rest / t for a "/" one,
        # where rest is the product of every other factor with its own operator.
        terms = node.terms
        values = [self.values[id(t.operand)] for t in terms]
        one = Interval(Fraction(1), Fraction(1))
        after = [one] * (len(terms) + 1)
        for index in range(len(terms) - 1, -1, -1):
            self.work.spend(1)
            after[index] = combine(after[index + 1], terms[index].op, values[index])
        before = one
        for index, term in enumerate(terms):
            rest = combine(before, "*", after[index + 1])
            if term.op == "*":
                if not rest.contains_zero():
                    self.into(term.operand, combine(target, "/", rest))
            elif not target.contains_zero():
                self.into(term.operand, combine(rest, "/", target))
            before = combine(before, term.op, values[index])

    def backward_power(self, node: Pow, target: Interval) -> None:
        exponent = node.exponent
        if exponent == 0:
            return
        base = self.values[id(node.base)]
        if exponent < 0:
            if target.contains_zero():
                return
            target, exponent = iv.reciprocal(target), -exponent
        if exponent % 2:
            lo = None if target.lo is None else root(target.lo, exponent, up=False)
            hi = None if target.hi is None else root(target.hi, exponent, up=True)
            self.into(node.base, Interval(lo, hi))
            return
        magnitude = meet(target, NONNEGATIVE)
        low = None if magnitude.lo is None else root(magnitude.lo, exponent, up=False)
        high = None if magnitude.hi is None else root(magnitude.hi, exponent, up=True)
        self.into(node.base, either_sign(base, low, high))

    def backward_call(self, node: Call, target: Interval) -> None:
        if node.function == "abs":
            base = self.values[id(node.args[0])]
            magnitude = meet(target, NONNEGATIVE)
            self.into(node.args[0], either_sign(base, magnitude.lo, magnitude.hi))
            return
        # min: every argument is at least the lower end, and some one at most the upper; max the mirror.
        smallest = node.function == "min"
        values = [self.values[id(arg)] for arg in node.args]
        if smallest:
            reach = [v.lo is None or target.hi is None or v.lo <= target.hi for v in values]
            beyond = Interval(target.lo, None)
            within = target
        else:
            reach = [v.hi is None or target.lo is None or v.hi >= target.lo for v in values]
            beyond = Interval(None, target.hi)
            within = target
        if not any(reach):
            raise Empty
        only = reach.index(True) if reach.count(True) == 1 else -1
        for index, arg in enumerate(node.args):
            self.into(arg, within if index == only else beyond)


def either_sign(value: Interval, low: Fraction | None, high: Fraction | None) -> Interval:
    """The part of `value` whose magnitude lies in [low, high] (low None means 0), as one interval."""
    low = low or Fraction(0)
    positive = Interval(low, high)
    negative = Interval(None if high is None else -high, -low)
    parts = []
    for part in (positive, negative):
        try:
            parts.append(meet(value, part))
        except Empty:
            continue
    if not parts:
        raise Empty
    return parts[0] if len(parts) == 1 else iv.hull(parts[0], parts[1])


def root(value: Fraction, exponent: int, *, up: bool) -> Fraction:
    """A rational at or above (up) or at or below the real `exponent`-th root of `value`, to ROOT_BITS bits."""
    if value < 0:
        return -root(-value, exponent, up=not up)
    if value == 0:
        return Fraction(0)
    # root(n / d) = root(n * 2**(k*e) / d) / 2**k, in whole numbers.
    shift = ROOT_BITS + max(0, value.denominator.bit_length() - value.numerator.bit_length()) // exponent
    scaled = value.numerator * (1 << (shift * exponent))
    whole = whole_root(scaled // value.denominator, exponent)
    exact = whole**exponent * value.denominator == scaled
    return Fraction(whole + (1 if up and not exact else 0), 1 << shift)


def whole_root(value: int, exponent: int) -> int:
    """The largest whole r with r ** exponent <= value, by Newton's method in whole numbers."""
    if value < 2:
        return value
    guess = 1 << -(-value.bit_length() // exponent)  # at or above the root
    while True:
        better = ((exponent - 1) * guess + value // guess ** (exponent - 1)) // exponent
        if better >= guess:
            return guess
        guess = better
