"""The strict number grammar of laoshan_cli/numbers.py, against exact references.

Expected values come from Python's own Fraction parser (which reads decimal
text exactly) or are written out as fractions here; the stated-digit half
width is half a unit in the last written place.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.errors import DataError, FormulaError, LaoshanError, Location, TextOrigin, UnitError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.numbers import parse_number

ORIGIN = TextOrigin("figure 'x' value")
LIMITS = Limits()


def parse(text: str, limits: Limits = LIMITS, **kwargs: object):  # type: ignore[no-untyped-def]
    return parse_number(text, ORIGIN, limits, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value", "last_digit", "half_width"),
    [
        ("0", F(0), None, F(1, 2)),
        ("7", F(7), None, F(1, 2)),
        ("+7", F(7), None, F(1, 2)),
        ("-0", F(0), None, F(1, 2)),
        ("5509", F(5509), None, F(1, 2)),
        ("5,509", F(5509), None, F(1, 2)),
        ("1,234,567", F(1234567), None, F(1, 2)),
        ("-12,000", F(-12000), None, F(1, 2)),
        ("38.9", F(389, 10), -1, F(1, 20)),
        ("1.10", F(11, 10), -2, F(1, 200)),
        ("1.1", F(11, 10), -1, F(1, 20)),
        ("-2.5", F(-5, 2), -1, F(1, 20)),
        ("0.000", F(0), -3, F(1, 2000)),
        ("0.05", F(1, 20), -2, F(1, 200)),
        ("1,000.25", F(4001, 4), -2, F(1, 200)),
        ("1.5e3", F(1500), 2, F(50)),
        ("1e3", F(1000), 3, F(500)),
        ("1E3", F(1000), 3, F(500)),
        ("1e+3", F(1000), 3, F(500)),
        ("2E-2", F(1, 50), -2, F(1, 200)),
        ("12.5e-1", F(5, 4), -2, F(1, 200)),
        ("1e0", F(1), 0, F(1, 2)),
        ("-3.25e2", F(-325), 0, F(1, 2)),
        ("1e100", F(10) ** 100, 100, F(10) ** 100 / 2),
        ("1e-100", F(1, 10**100), -100, F(1, 2 * 10**100)),
    ],
)
def test_valid_numbers_keep_their_value_and_stated_digits(
    text: str, value: F, last_digit: int | None, half_width: F
) -> None:
    stated = parse(text)
    assert stated.value == value
    assert type(stated.value) is F
    assert stated.last_digit == last_digit
    assert stated.rounding_half_width == half_width
    assert stated.text == text


def test_trailing_zero_narrows_the_rounding_interval() -> None:
    # 1.10 states hundredths, 1.1 tenths: the same value, different precision.
    assert parse("1.10").value == parse("1.1").value
    assert parse("1.10").rounding_half_width * 10 == parse("1.1").rounding_half_width


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("012345", "leading zero", "not octal"),
        ("00", "leading zero", "not octal"),
        ("-07", "leading zero", "not octal"),
        ("0,123", "leading zero", "not octal"),
        ("01.5", "leading zero", "not octal"),
        ("1_000", "unexpected '_'", "1,000 or 1000"),
        ("1,00", "does not group digits by three", "for a decimal comma write 1.00"),
        ("1,0000", "does not group digits by three", "5,509"),
        ("1,0000", "does not group digits by three", "5,509"),
        ("1000,000", "does not group digits by three", "5,509"),
        ("1,000,00", "does not group digits by three", "5,509"),
        ("1,,000", "does not group digits by three", "5,509"),
        (",100", "does not group digits by three", "5,509"),
        ("100,", "does not group digits by three", "5,509"),
        (".5", "unexpected '.'", "0.5"),
        ("5.", "decimal point needs digits", "5.0"),
        ("1e", "exponent needs digits", "1.5e3"),
        ("1e+", "exponent needs digits", "1.5e3"),
        ("1e101", "too large", "max_number_exponent is 100"),
        ("1e-101", "too large", "max_number_exponent is 100"),
        (".inf", "unexpected '.'", "finite"),
        ("-.inf", "unexpected '.'", "finite"),
        (".NaN", "unexpected '.'", "finite"),
        ("inf", "unexpected 'i'", "finite"),
        ("nan", "unexpected 'n'", "finite"),
        ("Infinity", "unexpected 'I'", "finite"),
        ("-inf", "unexpected 'i'", "finite"),
        ("5%", "unexpected '%'", "'percent' in the unit"),
        (" 5", "unexpected ' '", "remove the spaces"),
        ("5 ", "unexpected ' '", "remove the spaces"),
        ("", "found nothing", None),
        ("+", "ends too soon", None),
        ("-", "ends too soon", None),
        ("--5", "unexpected '-'", None),
        ("1.2.3", "unexpected '.'", None),
        ("0x10", "unexpected 'x'", None),
        ("1e5.5", "unexpected '.'", None),
        ("1 000", "unexpected ' '", None),
        ("\uff11\uff12", "unexpected", None),  # fullwidth digits
        ("\u0663", "unexpected", None),  # Arabic-Indic three
        ("\u22125", "unexpected", None),  # minus sign
        ("5e", "exponent needs digits", None),
        ("1/2", "unexpected '/'", None),
        ("true", "unexpected 't'", None),
    ],
)
def test_invalid_numbers_are_data_errors_with_hints(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(DataError) as caught:
        parse(text)
    error = caught.value
    assert message in error.message
    assert error.message.startswith("figure 'x' value")
    if hint is not None:
        assert error.hint is not None and hint in error.hint


def test_digit_limit_counts_integer_and_fraction_digits() -> None:
    limits = Limits(max_number_digits=5)
    assert parse("12345", limits).value == 12345
    assert parse("12,345", limits).value == 12345  # separators are not digits
    assert parse("123.45", limits).value == F(12345, 100)
    for text in ("123456", "123.456", "0.00001"):
        with pytest.raises(DataError) as caught:
            parse(text, limits)
        assert "6 digits" in caught.value.message
        assert caught.value.hint == "limit max_number_digits is 5; raise it with --limit max_number_digits=N"


def test_default_digit_limit_is_forty() -> None:
    assert parse("9" * 40).value == 10**40 - 1
    with pytest.raises(DataError, match="41 digits"):
        parse("9" * 41)


def test_exponent_limit_is_configurable() -> None:
    limits = Limits(max_number_exponent=5)
    assert parse("1e5", limits).value == 100000
    assert parse("1e-5", limits).value == F(1, 100000)
    with pytest.raises(DataError, match="exponent 6 is too large"):
        parse("1e6", limits)


def test_a_very_long_text_is_refused_before_it_is_read() -> None:
    with pytest.raises(DataError, match="too long"):
        parse("1" * 10_000)
    with pytest.raises(DataError):
        parse("1" + "0" * 10_000 + "e-10000")


def test_grouping_can_be_refused() -> None:
    assert parse("5509", allow_grouping=False).value == 5509
    with pytest.raises(DataError) as caught:
        parse("5,509", allow_grouping=False)
    assert "thousands separators are not allowed" in caught.value.message


@pytest.mark.parametrize("error", [UnitError, FormulaError, DataError])
def test_error_class_is_the_callers(error: type[LaoshanError]) -> None:
    with pytest.raises(error) as caught:
        parse("012", error=error)
    assert type(caught.value) is error


def test_error_column_points_into_the_file_when_columns_match() -> None:
    origin = TextOrigin("figure 'x' value", Location("t.yaml", 3, 12), columns_match=True)
    with pytest.raises(DataError) as caught:
        parse_number("5.", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 3, 14)  # the end of "5.", where digits are missing
    with pytest.raises(DataError) as caught:
        parse_number("-01", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 3, 13)  # the "0" after the sign
    assert str(caught.value).startswith("t.yaml:3:13: figure 'x' value: leading zero")


def test_error_column_is_in_the_message_when_columns_do_not_match() -> None:
    origin = TextOrigin("figure 'x' value", Location("t.yaml", 3, 12), columns_match=False)
    with pytest.raises(DataError) as caught:
        parse_number("12x", origin, LIMITS)
    assert caught.value.location == Location("t.yaml", 3, 12)
    assert "figure 'x' value, column 3: unexpected 'x'" in caught.value.message


# -- properties ---------------------------------------------------------------------------------------------------


@st.composite
def decimal_texts(draw: st.DrawFn) -> tuple[str, int]:
    """A number written by the grammar, and the power of ten of its last digit (0 for a plain integer)."""
    sign = draw(st.sampled_from(["", "-", "+"]))
    integer = draw(st.integers(min_value=0, max_value=10**12))
    grouped = draw(st.booleans())
    int_text = f"{integer:,}" if grouped else str(integer)
    decimals = draw(st.integers(min_value=0, max_value=8))
    frac_text = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=decimals, max_size=decimals)))
    text = sign + int_text + ("." + frac_text if decimals else "")
    last = -decimals
    if draw(st.booleans()):
        exponent = draw(st.integers(min_value=-20, max_value=20))
        text += draw(st.sampled_from(["e", "E"])) + (
            str(exponent) if exponent < 0 else draw(st.sampled_from(["", "+"])) + str(exponent)
        )
        last += exponent
    return text, last


@settings(max_examples=300, deadline=None)
@given(decimal_texts())
def test_any_grammatical_number_reads_exactly(case: tuple[str, int]) -> None:
    text, last = case
    stated = parse(text)
    # Python's Fraction reads decimal text exactly; it does not accept separators.
    assert stated.value == F(text.replace(",", ""))
    plain_integer = all(c in "+-0123456789," for c in text)
    if plain_integer:
        assert stated.last_digit is None and stated.rounding_half_width == F(1, 2)  # the units digit
    else:
        assert stated.last_digit == last
        assert stated.rounding_half_width == F(10) ** last / 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789,.eE+-_% x\u2212\uff10"), max_size=14))
def test_any_text_is_a_number_or_a_data_error(text: str) -> None:
    try:
        stated = parse(text)
    except DataError:
        return
    # Whatever is accepted has exactly the value Python reads from the same text without separators.
    assert stated.value == F(text.replace(",", ""))
    assert "_" not in text and "%" not in text
