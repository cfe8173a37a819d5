"""Static unit checking (core/dimensions.py): which formulas are refused, and why.

Each refused formula names the operator that mixes units (its column,
found here with str.index), what cannot be done, and a hint. The accepted
ones give the unit written out by hand here.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from laoshan_cli.core.dimensions import check_result_unit, infer, infer_comparison
from laoshan_cli.core.errors import Location, TextOrigin, UnitError
from laoshan_cli.core.formula import parse_assertion, parse_formula
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.units import Unit, format_unit, parse_unit

LIMITS = Limits()
ORIGIN = TextOrigin("metric 'm' formula")
UNITS = {
    "cny": "CNY",
    "big": "billion CNY",
    "usd": "USD",
    "patents": "patents",
    "share": "percent",
    "ratio": None,
}


def unit_of(name: str) -> Unit:
    return parse_unit(UNITS[name], ORIGIN, LIMITS)


def infer_text(text: str, origin: TextOrigin = ORIGIN, limits: Limits = LIMITS) -> Unit:
    return infer(parse_formula(text, origin, limits), unit_of, origin, limits).unit


def refusal(text: str, at: str, message: str, hint: str, *, comparison: bool = False) -> None:
    """`text` is refused at the first `at` with `message` and `hint`."""
    column = text.index(at) + 1
    with pytest.raises(UnitError) as refused:
        if comparison:
            infer_comparison(parse_assertion(text, ORIGIN, LIMITS), unit_of, ORIGIN, LIMITS)
        else:
            infer_text(text)
    assert str(refused.value) == f"metric 'm' formula, column {column}: {message} ({hint})"


@pytest.mark.parametrize(
    ("text", "at", "message", "hint"),
    [
        ("cny + patents", "+", "cannot add CNY and patent", "their dimensions differ"),
        ("cny - usd", "-", "cannot subtract CNY and USD", "their dimensions differ"),
        ("min(cny, usd)", "min", "cannot take min of CNY and USD", "their dimensions differ"),
        ("max(patents, cny, cny)", "max", "cannot take max of patent and CNY", "their dimensions differ"),
        ("cny / usd + cny", "+", "cannot add CNY/USD and CNY", "their dimensions differ"),
        ("cny ** 2 - cny", "-", "cannot subtract CNY^2 and CNY", "their dimensions differ"),
        ("cny - 5", "-", "cannot subtract a bare number and a value in CNY", "did you mean `5 [CNY]`?"),
        ("-cny + 3", "+", "cannot add a bare number and a value in CNY", "did you mean `3 [CNY]`?"),
        ("ratio * cny + 1", "+", "cannot add a bare number and a value in CNY", "did you mean `1 [CNY]`?"),
        ("max(cny, 2)", "max", "cannot take max of a bare number and a value in CNY", "did you mean `2 [CNY]`?"),
        ("abs(usd) + 7", "+", "cannot add a bare number and a value in USD", "did you mean `7 [USD]`?"),
    ],
)
def test_mixing_units_is_refused_at_the_operator(text: str, at: str, message: str, hint: str) -> None:
    refusal(text, at, message, hint)


@pytest.mark.parametrize(("literal", "shown"), [("100", "10000"), ("0.5", "50.0"), ("7", "700"), ("12.25", "1225.00")])
def test_a_percent_compared_with_a_bare_number_suggests_percent(literal: str, shown: str) -> None:
    assert Fraction(shown) == Fraction(literal) * 100  # the hint's arithmetic, checked here
    refusal(
        f"share > {literal}",
        ">",
        f"comparing a percent value with the bare number {literal}",
        f"did you mean `{literal}%`? A bare {literal} means {shown} percent.",
        comparison=True,
    )


def test_comparisons_of_different_dimensions_are_refused() -> None:
    refusal("cny < usd", "<", "cannot compare CNY and USD", "their dimensions differ", comparison=True)
    refusal(
        "patents >= 3",
        ">=",
        "cannot compare a bare number and a value in patent",
        "did you mean `3 [patent]`?",
        comparison=True,
    )


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("cny + big", "CNY"),  # same dimension, another scale: fine, in the first operand's unit
        ("cny + 0", "CNY"),  # a bare 0 goes with any unit
        ("0 - cny", "CNY"),
        ("cny * 2 + cny", "CNY"),  # a bare factor keeps the unit
        ("cny / usd", "CNY/USD"),
        ("(cny / usd) ** 2", "CNY^2/USD^2"),
        ("cny / cny + 1", "1"),  # dimensionless, so a bare number may be added
        ("ratio + 1", "1"),
        ("share + 1", "1"),  # a percent is dimensionless
        ("share + 50%", "percent"),
        ("abs(cny) - big", "CNY"),
        ("min(cny, big, 3 [CNY])", "CNY"),
    ],
)
def test_formulas_whose_units_agree_are_accepted(text: str, unit: str) -> None:
    assert format_unit(infer_text(text)) == unit


@pytest.mark.parametrize("text", ["share > 0", "share > 5%", "cny < big", "ratio > 1", "cny / usd > 0"])
def test_comparisons_that_make_sense_are_accepted(text: str) -> None:
    infer_comparison(parse_assertion(text, ORIGIN, LIMITS), unit_of, ORIGIN, LIMITS)


@pytest.mark.parametrize(
    ("text", "declared", "want"),
    [
        ("cny / usd", "CNY", "'CNY'"),
        ("cny * cny", "CNY", "'CNY'"),
        ("cny / cny", "CNY", "'CNY'"),
        ("cny", "", "dimensionless (no unit)"),
    ],
)
def test_a_metric_must_give_its_declared_dimensions(text: str, declared: str, want: str) -> None:
    got = infer(parse_formula(text, ORIGIN, LIMITS), unit_of, ORIGIN, LIMITS)
    with pytest.raises(UnitError) as refused:
        check_result_unit(got, parse_unit(declared or None, ORIGIN, LIMITS), declared, ORIGIN)
    shown = format_unit(got.unit)
    assert str(refused.value) == (
        f"metric 'm' formula, column 1: gives {shown}, but the unit is {want} "
        f"(set 'unit: {shown}' or a unit of the same dimensions)"
    )


@pytest.mark.parametrize(("text", "declared"), [("cny", "billion CNY"), ("cny / usd", "CNY/USD"), ("share", "")])
def test_a_metric_in_a_unit_of_its_dimensions_is_accepted(text: str, declared: str) -> None:
    got = infer(parse_formula(text, ORIGIN, LIMITS), unit_of, ORIGIN, LIMITS)
    check_result_unit(got, parse_unit(declared or None, ORIGIN, LIMITS), declared, ORIGIN)


def test_the_refusal_points_into_the_file() -> None:
    """With a location whose columns match, the error names FILE:LINE:COLUMN of the operator."""
    origin = TextOrigin("metric 'm' formula", Location("t.yaml", 7, 14), columns_match=True)
    text = "cny + patents"
    with pytest.raises(UnitError) as refused:
        infer(parse_formula(text, origin, LIMITS), unit_of, origin, LIMITS)
    assert str(refused.value).startswith(f"t.yaml:7:{14 + text.index('+')}: metric 'm' formula: cannot add")


def test_a_unit_scale_too_large_is_refused_with_the_limit() -> None:
    """Multiplying scales is checked against max_number_bits before the number is built."""
    small = Limits(max_number_bits=64)
    with pytest.raises(UnitError, match="max_number_bits"):
        infer_text("big * big * big * big", limits=small)
    assert format_unit(infer_text("big * big", limits=small)) == f"{10**18:,} CNY^2"
