"""Static unit checking of formulas, done once when a file loads.

Adding CNY to patents, comparing a share with a bare 100, or declaring a
metric in CNY whose formula gives CNY/USD are all caught here, before any
number is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .errors import TextOrigin, UnitError
from .formula import Call, Comparison, Expr, Neg, Num, Pow, Product, Ref, Sum
from .limits import Limits
from .units import DIMENSIONLESS, ScaleTooLarge, Unit, format_unit, mismatch_hint, scale_error


class Static(NamedTuple):
    """What is known about an expression before it is evaluated."""

    unit: Unit
    bare: bool = False  # a number written without a unit
    zero: bool = False  # the literal 0, which goes with any unit
    literal: str | None = None  # the text of a bare literal, for hints


UnitOf = Callable[[str], Unit]


def display_unit(inferred: Unit, inputs: Sequence[Unit]) -> Unit:
    """The unit to show a computed value in (calc, and the sides of a check); README "laoshan calc".

    The inferred unit when it is one of the inputs' own (a sum of figures in
    billion CNY stays in billion CNY). Otherwise its scale is folded into the
    number: a dimensionless value is a plain number, and one with dimensions
    is in their words with no scale (CNY/USD, never 1/10 CNY/USD).
    """
    if inferred in inputs:
        return inferred
    return Unit(Fraction(1), inferred.dims)


def infer(node: Expr, unit_of: UnitOf, origin: TextOrigin, limits: Limits) -> Static:
    """The unit of an expression, or a UnitError at the operator that mixes units."""
    if isinstance(node, Num):
        if node.unit is None:
            return Static(DIMENSIONLESS, bare=True, zero=node.value == 0, literal=node.text)
        return Static(node.unit, zero=node.value == 0)
    if isinstance(node, Ref):
        return Static(unit_of(node.name))
    if isinstance(node, Neg):
        inner = infer(node.operand, unit_of, origin, limits)
        literal = None
        if inner.literal is not None:
            literal = inner.literal[1:] if inner.literal.startswith("-") else "-" + inner.literal
        return Static(inner.unit, inner.bare, inner.zero, literal)
    if isinstance(node, Sum):
        result = infer(node.terms[0].operand, unit_of, origin, limits)
        for term in node.terms[1:]:
            verb = "add" if term.op == "+" else "subtract"
            result = _same_kind(result, infer(term.operand, unit_of, origin, limits), verb, term.offset, origin)
        return result
    if isinstance(node, Product):
        result = infer(node.terms[0].operand, unit_of, origin, limits)
        for term in node.terms[1:]:
            factor = infer(term.operand, unit_of, origin, limits)
            try:
                if term.op == "*":
                    unit = result.unit.times(factor.unit, limits.max_number_bits)
                else:
                    unit = result.unit.per(factor.unit, limits.max_number_bits)
            except ScaleTooLarge:
                raise scale_error(origin, term.offset, limits) from None
            result = Static(unit, bare=result.bare and factor.bare)
        return result
    if isinstance(node, Pow):
        base = infer(node.base, unit_of, origin, limits)
        try:
            return Static(base.unit.power(node.exponent, limits.max_number_bits), bare=base.bare)
        except ScaleTooLarge:
            raise scale_error(origin, node.offset, limits) from None
    if isinstance(node, Call):
        args = [infer(arg, unit_of, origin, limits) for arg in node.args]
        if node.function == "abs":
            return Static(args[0].unit, args[0].bare)
        result = args[0]
        for arg in args[1:]:
            result = _same_kind(result, arg, f"take {node.function} of", node.offset, origin)
        return result
    raise TypeError(f"not a formula node: {node!r}")


def infer_comparison(node: Comparison, unit_of: UnitOf, origin: TextOrigin, limits: Limits) -> Static:
    """Check that both sides of a comparison can be compared; return the left side's kind."""
    left = infer(node.left, unit_of, origin, limits)
    right = infer(node.right, unit_of, origin, limits)
    for value, other in ((left, right), (right, left)):
        if value.unit.is_percent and other.bare and not other.zero:
            number = other.literal or "N"
            as_percent = "" if other.literal is None else f" A bare {number} means {_times_hundred(number)} percent."
            raise origin.error(
                UnitError,
                node.offset,
                f"comparing a percent value with the bare number {number}",
                f"did you mean `{number}%`?{as_percent}",
            )
    return _same_kind(left, right, "compare", node.offset, origin)


def check_tolerance(node: Comparison, sides: Static, unit_of: UnitOf, origin: TextOrigin, limits: Limits) -> None:
    """The tolerance of `a ~= b within T` is in the sides' dimensions; a bare T only for dimensionless sides."""
    if node.tolerance is None:
        return
    tolerance = infer(node.tolerance, unit_of, origin, limits)
    offset = node.tolerance.offset
    if tolerance.zero and tolerance.bare:
        return
    number = tolerance.literal or "T"
    if sides.unit.is_percent and tolerance.bare:
        raise origin.error(
            UnitError,
            offset,
            f"the sides are percent values, but the tolerance is the bare number {number}",
            f"did you mean `within {number}%`? A bare {number} means {_times_hundred(number)} percent.",
        )
    if sides.unit.is_dimensionless and (tolerance.bare or tolerance.unit.is_dimensionless):
        return
    sides_are = f"in {format_unit(sides.unit)}" if sides.unit.dims else "dimensionless"
    if tolerance.bare:
        raise origin.error(
            UnitError,
            offset,
            f"the tolerance is the bare number {number}, but the sides are {sides_are}",
            f"write it in the sides' unit: `within {number} [{format_unit(sides.unit)}]`",
        )
    if tolerance.unit.dims != sides.unit.dims:
        if tolerance.unit.dims:
            tolerance_is = f"in {format_unit(tolerance.unit)}"
        else:
            tolerance_is = "a percent" if tolerance.unit.is_percent else "dimensionless"
        hint = mismatch_hint(tolerance.unit, sides.unit) or "write it in the sides' unit"
        if sides.unit.dims and not tolerance.unit.dims:
            hint += f", such as within 0.5 [{format_unit(sides.unit)}]"
            hint += "; for a relative tolerance, compare a / b ~= 1 within 1%"
        raise origin.error(UnitError, offset, f"the tolerance is {tolerance_is}, but the sides are {sides_are}", hint)


def _times_hundred(literal: str) -> str:
    from decimal import InvalidOperation

    try:
        return format(Decimal(literal) * 100, "f")
    except InvalidOperation:
        return f"{literal} x 100"


def _same_kind(left: Static, right: Static, verb: str, offset: int, origin: TextOrigin) -> Static:
    """The result of adding, comparing, min or max: units must agree."""
    if left.zero and left.bare:
        return right
    if right.zero and right.bare:
        return left
    if left.bare and right.bare:
        return Static(DIMENSIONLESS, bare=True)
    if left.bare or right.bare:
        bare, other = (left, right) if left.bare else (right, left)
        if other.unit.is_dimensionless:
            return Static(DIMENSIONLESS)
        unit = format_unit(other.unit)
        number = bare.literal or "N"
        raise origin.error(
            UnitError,
            offset,
            f"cannot {verb} a bare number and a value in {unit}",
            f"did you mean `{number} [{unit}]`?",
        )
    if left.unit.dims != right.unit.dims:
        raise origin.error(
            UnitError,
            offset,
            f"cannot {verb} {format_unit(left.unit)} and {format_unit(right.unit)}",
            mismatch_hint(left.unit, right.unit) or "their dimensions differ",
        )
    return Static(left.unit)


def check_result_unit(result: Static, declared: Unit, declared_text: str, origin: TextOrigin) -> None:
    """A metric's formula must give the dimensions of its declared unit."""
    if result.unit.dims == declared.dims:
        return
    got = format_unit(result.unit)
    want = repr(declared_text) if declared_text else "dimensionless (no unit)"
    raise origin.error(
        UnitError,
        0,
        f"gives {got}, but the unit is {want}",
        mismatch_hint(declared, result.unit) or f"set 'unit: {got}' or a unit of the same dimensions",
    )
