"""The unit algebra of laoshan_cli/units.py: parsing, formatting and errors."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.errors import Location, TextOrigin, UnitError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.units import DIMENSIONLESS, PERCENT, Unit, format_unit, parse_unit

ORIGIN = TextOrigin("figure 'x' unit")
LIMITS = Limits()


def unit(text: str | None, limits: Limits = LIMITS) -> Unit:
    return parse_unit(text, ORIGIN, limits)


def dims(**exponents: int) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(exponents.items()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, Unit(F(1), ())),
        ("", Unit(F(1), ())),
        ("   ", Unit(F(1), ())),
        ("1", Unit(F(1), ())),
        ("CNY", Unit(F(1), dims(CNY=1))),
        ("billion CNY", Unit(F(10**9), dims(CNY=1))),
        ("Billion CNY", Unit(F(10**9), dims(CNY=1))),
        ("hundred people", Unit(F(100), dims(person=1))),  # a dimension is named by its singular
        ("thousand tonnes", Unit(F(1000), dims(tonne=1))),
        ("million tonnes", Unit(F(10**6), dims(tonne=1))),
        ("trillion USD", Unit(F(10**12), dims(USD=1))),
        ("100 million CNY", Unit(F(10**8), dims(CNY=1))),
        ("percent", Unit(F(1, 100), ())),
        ("Percent", Unit(F(1, 100), ())),
        ("%", Unit(F(1, 100), ())),
        ("CNY/USD", Unit(F(1), dims(CNY=1, USD=-1))),
        ("CNY / USD", Unit(F(1), dims(CNY=1, USD=-1))),
        ("CNY per USD", Unit(F(1), dims(CNY=1, USD=-1))),
        ("CNY PER USD", Unit(F(1), dims(CNY=1, USD=-1))),
        ("patents per 10,000 residents", Unit(F(1, 10000), dims(patent=1, resident=-1))),
        ("patents per 10000 residents", Unit(F(1, 10000), dims(patent=1, resident=-1))),
        ("thousand tonnes per berths", Unit(F(1000), dims(tonne=1, berth=-1))),
        ("billion CNY/billion USD", Unit(F(1), dims(CNY=1, USD=-1))),
        ("CNY * USD", Unit(F(1), dims(CNY=1, USD=1))),
        ("USD USD", Unit(F(1), dims(USD=2))),
        ("CNY/CNY", Unit(F(1), ())),
        ("m^2", Unit(F(1), dims(m=2))),
        ("m^2 / s^2", Unit(F(1), dims(m=2, s=-2))),
        ("CNY^-1", Unit(F(1), dims(CNY=-1))),
        ("1/USD", Unit(F(1), dims(USD=-1))),
        ("10^3 CNY", Unit(F(1000), dims(CNY=1))),
        ("thousand^2", Unit(F(10**6), ())),
        ("0.5 CNY", Unit(F(1, 2), dims(CNY=1))),
        ("percent percent", Unit(F(1, 10000), ())),
        ("kg_CO2", Unit(F(1), dims(kg_CO2=1))),
        ("cny", Unit(F(1), dims(cny=1))),  # dimensions are case-sensitive words
    ],
)
def test_parse_unit(text: str | None, expected: Unit) -> None:
    assert unit(text) == expected


def test_dimensions_are_case_sensitive() -> None:
    assert unit("CNY").dims != unit("cny").dims


def test_percent_is_the_dimensionless_hundredth() -> None:
    assert unit("percent") == PERCENT
    assert PERCENT.is_percent and PERCENT.is_dimensionless
    assert not DIMENSIONLESS.is_percent and DIMENSIONLESS.is_dimensionless
    assert not unit("percent CNY").is_percent
    assert not unit("CNY").is_dimensionless


def test_unit_algebra_in_text() -> None:
    assert unit("billion CNY * million USD") == Unit(F(10**15), dims(CNY=1, USD=1))
    assert unit("billion CNY / million USD") == Unit(F(1000), dims(CNY=1, USD=-1))
    assert unit("billion CNY / billion CNY") == Unit(F(1), ())
    assert unit("million USD^2") == Unit(F(10**6), dims(USD=2))  # ^ binds to the factor before it
    assert unit("million^2 USD^2") == Unit(F(10**12), dims(USD=2))
    assert unit("million^-1 USD^-1") == Unit(F(1, 10**6), dims(USD=-1))
    assert unit("USD^2 / USD") == Unit(F(1), dims(USD=1))


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("CNY/USD/EUR", "divided only once", "a / b c"),
        ("CNY per USD per EUR", "divided only once", "a / b c"),
        ("/USD", "needs something before it", "1/USD"),
        ("per USD", "needs something before it", "1/USD"),
        ("CNY/", "nothing follows the division", "CNY/USD"),
        ("CNY per", "nothing follows the division", "CNY/USD"),
        ("0 CNY", "must be positive", None),
        ("0.0 CNY", "must be positive", None),
        ("10,00 CNY", "does not group digits by three", "for a decimal comma write 10.00"),
        ("10,0000 CNY", "does not group digits by three", "5,509"),
        ("010 CNY", "leading zero", None),
        (".5 CNY", "unexpected '.'", "0.5"),
        ("CNY^", "'^' needs a whole number", "CNY^2"),
        ("CNY^-", "'^' needs a whole number", "CNY^2"),
        ("CNY^x", "'^' needs a whole number", "CNY^2"),
        ("CNY^0", "exponent 0 is out of range", "max_power is 64"),
        ("CNY^65", "exponent 65 is out of range", "max_power is 64"),
        ("CNY^-65", "exponent -65 is out of range", "max_power is 64"),
        ("^2", "unexpected '^'", None),
        ("\u00a7", "unexpected '\u00a7'", None),
        ("CNY-USD", "unexpected '-'", None),
        ("(CNY)", "unexpected '('", None),
        ("CNY\u00b7USD", "unexpected", None),
        ("\uff23\uff2e\uff39", "U+FF23 FULLWIDTH LATIN CAPITAL LETTER C", "did you mean 'CNY'"),
    ],
)
def test_unit_errors_are_unit_errors_with_hints(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(UnitError) as caught:
        unit(text)
    assert message in caught.value.message
    assert caught.value.message.startswith("figure 'x' unit")
    if hint is not None:
        assert caught.value.hint is not None and hint in caught.value.hint
    if not text.isascii():
        # The odd character is named by its code point, in the message or the hint.
        code = f"U+{ord(next(c for c in text if not c.isascii())):04X}"
        assert code in caught.value.message + (caught.value.hint or "")


def test_largest_allowed_power() -> None:
    assert unit("CNY^64") == Unit(F(1), dims(CNY=64))
    assert unit("CNY^2", Limits(max_power=2)) == Unit(F(1), dims(CNY=2))
    with pytest.raises(UnitError, match="out of range"):
        unit("CNY^3", Limits(max_power=2))


def test_unit_length_limit() -> None:
    assert unit("a" * 4096) == Unit(F(1), ((("a" * 4096), 1),))
    with pytest.raises(UnitError) as caught:
        unit("a" * 4097)
    assert "4097 characters long" in caught.value.message
    assert caught.value.hint == "limit max_formula_length is 4,096; raise it with --limit max_formula_length=N"


def test_unit_with_an_exponent_number_is_not_a_new_dimension() -> None:
    # A number in a unit follows the number grammar, which has exponents (1.5e3).
    # Reading '1e3' as the number 1 times a dimension called 'e3' would be silent nonsense.
    try:
        parsed = unit("1e3 CNY")
    except UnitError:
        return
    assert parsed == Unit(F(1000), dims(CNY=1))


def test_huge_power_digits_with_a_raised_length_limit_is_a_unit_error() -> None:
    # --limit max_formula_length=N lets units be longer; an enormous exponent must still be a UnitError.
    limits = Limits(max_formula_length=100_000)
    with pytest.raises(UnitError, match="out of range"):
        unit("CNY^" + "1" * 5000, limits)


def test_error_columns_point_into_the_file() -> None:
    origin = TextOrigin("figure 'x' unit", Location("t.yaml", 4, 11), columns_match=True)
    with pytest.raises(UnitError) as caught:
        parse_unit("CNY/USD/EUR", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 4, 18)  # the second '/'
    with pytest.raises(UnitError) as caught:
        parse_unit("CNY per 10,00 x", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 4, 19)  # where the bad number starts
    with pytest.raises(UnitError) as caught:
        parse_unit("m^0", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 4, 13)  # the exponent


def test_error_column_in_the_message_without_a_file_position() -> None:
    with pytest.raises(UnitError) as caught:
        unit("CNY \u00a7")
    assert caught.value.message.startswith("figure 'x' unit, column 5: unexpected")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (PERCENT, "percent"),
        (DIMENSIONLESS, "1"),
        (Unit(F(1), dims(CNY=1)), "CNY"),
        (Unit(F(10**9), dims(CNY=1)), "billion CNY"),
        (Unit(F(10**8), dims(CNY=1)), "100 million CNY"),
        (Unit(F(10**6), dims(tonnes=1)), "million tonnes"),
        (Unit(F(10**12), dims(USD=1)), "trillion USD"),
        (Unit(F(1000), dims(tonnes=1)), "1,000 tonnes"),
        (Unit(F(1), dims(CNY=1, USD=-1)), "CNY/USD"),
        (Unit(F(1), dims(USD=-1)), "1/USD"),
        (Unit(F(1), dims(m=2)), "m^2"),
        (Unit(F(1), dims(CNY=1, USD=-2)), "CNY/USD^2"),
        (Unit(F(1, 10000), dims(patents=1, residents=-1)), "patents / 10,000 residents"),
        (Unit(F(10**4), ()), "10,000"),
        (Unit(F(1), dims(a=1, b=1, c=-1)), "a b / c"),
    ],
)
def test_format_unit(value: Unit, text: str) -> None:
    assert format_unit(value) == text


# -- properties ---------------------------------------------------------------------------------------------------

NAMES = ["CNY", "USD", "patent", "m", "s", "kg_CO2"]  # dimensions as the parser names them: singulars


@st.composite
def units(draw: st.DrawFn) -> Unit:
    exponents = draw(st.dictionaries(st.sampled_from(NAMES), st.integers(-3, 3).filter(bool), max_size=4))
    numerator = draw(st.sampled_from([1, 2, 3, 7, 10, 100, 1000, 10**4, 10**6, 10**8, 10**9, 10**12, 10**15]))
    denominator = draw(st.sampled_from([1, 3, 100, 1000, 10**4, 10**9]))
    return Unit(F(numerator, denominator), dims(**exponents))


@settings(max_examples=300, deadline=None)
@given(units())
def test_format_then_parse_is_the_same_unit(value: Unit) -> None:
    assert unit(format_unit(value)) == value


def combined(*parts: tuple[Unit, int]) -> Unit:
    """The product of units raised to +1 or -1, worked out here from scales and exponents."""
    scale, exponents = F(1), {}
    for part, sign in parts:
        scale *= part.scale**sign
        for name, exponent in part.dims:
            exponents[name] = exponents.get(name, 0) + sign * exponent
    return Unit(scale, dims(**{n: e for n, e in exponents.items() if e}))


@settings(max_examples=300, deadline=None)
@given(units(), units())
def test_division_in_text_is_unit_division(top: Unit, bottom: Unit) -> None:
    # A unit is divided at most once, so each side is written as a product: top numerator and dimensions
    # over bottom numerator, bottom dimensions and top denominator.
    top_text = " ".join([str(top.scale.numerator), *(f"{d}^{e}" for d, e in top.dims)])
    bottom_text = " ".join(
        [str(bottom.scale.numerator), *(f"{d}^{e}" for d, e in bottom.dims), str(top.scale.denominator)]
    )
    expected = combined(
        (Unit(F(top.scale.numerator), top.dims), 1),
        (Unit(F(bottom.scale.numerator), bottom.dims), -1),
        (Unit(F(top.scale.denominator), ()), -1),
    )
    assert unit(f"{top_text} / {bottom_text}") == expected
    assert unit(f"{top_text} per {bottom_text}") == expected
