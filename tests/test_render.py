"""output/render.py: outward rounding of bounds to floats and to shown digits, and the CSV and JSON shapes.

Soundness is checked with Fractions: a float is exactly a Fraction, so
float_down(x) <= x <= float_up(x) can be checked without rounding, and
tightness by the next float over (math.nextafter). Shown decimals are read
back into Fractions the same way.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.errors import LaoshanError
from laoshan_cli.output.render import (
    float_down,
    float_nearest,
    float_up,
    format_bounds,
    format_number,
    render_csv,
    render_json,
)
from laoshan_cli.output.terminal import ASCII, UNICODE, Output

MAX = F(sys.float_info.max)


@st.composite
def fractions_of_any_size(draw: st.DrawFn) -> F:
    """Fractions from the subnormals to beyond the float range, and the awkward ones near 0.1."""
    base = draw(st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6))
    shift = draw(st.integers(-1100, 1100))
    return base * F(2) ** shift


# -- floats ---------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size())
def test_float_down_is_the_largest_float_at_or_below(value: F) -> None:
    down = float_down(value)
    if down is None:
        assert value < -MAX, "only a value below the most negative float is unbounded below"
        return
    assert not math.isinf(down) and not math.isnan(down)
    assert F(down) <= value
    above = math.nextafter(down, math.inf)
    assert math.isinf(above) or F(above) > value, "no float between it and the value"


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size())
def test_float_up_is_the_smallest_float_at_or_above(value: F) -> None:
    up = float_up(value)
    if up is None:
        assert value > MAX, "only a value above the largest float is unbounded above"
        return
    assert F(up) >= value
    below = math.nextafter(up, -math.inf)
    assert math.isinf(below) or F(below) < value, "no float between it and the value"


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size())
def test_float_nearest_is_nearest_or_refused(value: F) -> None:
    try:
        nearest = float_nearest(value)
    except LaoshanError as error:
        if abs(value) > MAX:
            assert "too large for a binary float" in str(error)
        else:  # underflow is refused like overflow: a value that would print as 0.0 or a subnormal
            assert value != 0 and abs(value) < F(sys.float_info.min) * 2
            assert "too small for a binary float" in str(error)
        return
    assert value == 0 or abs(nearest) >= sys.float_info.min
    for neighbour in (math.nextafter(nearest, math.inf), math.nextafter(nearest, -math.inf)):
        if not math.isinf(neighbour):
            assert abs(F(nearest) - value) <= abs(F(neighbour) - value)


def test_unbounded_ends_and_zero() -> None:
    assert float_down(None) is None and float_up(None) is None
    assert math.copysign(1.0, float_up(F(0)) or 0.0) == 1.0, "zero is 0.0, never -0.0"
    assert F(0.1) > F(1, 10) and float_down(F(1, 10)) == math.nextafter(0.1, 0)  # the float 0.1 is above 1/10
    assert F(float_down(F(1, 10)) or 0) < F(1, 10) < F(float_up(F(1, 10)) or 0)
    assert float_up(F(1, 10)) == 0.1
    assert float_down(MAX * 2) == sys.float_info.max and float_up(MAX * 2) is None
    assert float_up(-MAX * 2) == -sys.float_info.max and float_down(-MAX * 2) is None


# -- decimals as shown ------------------------------------------------------------------------------


def read_back(text: str) -> F:
    """A shown number, such as '1,234.5' or '1.5e-7', as an exact Fraction."""
    mantissa, _, exponent = text.replace(",", "").partition("e")
    return F(mantissa) * F(10) ** int(exponent or 0)


def significant(text: str) -> int:
    digits = text.replace(",", "").partition("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." not in text.partition("e")[0] else len(digits)


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size(), st.integers(1, 8))
def test_format_number_is_within_half_a_unit_of_its_last_digit(value: F, digits: int) -> None:
    shown = format_number(value, digits)
    if value == 0:
        assert shown == "0"
        return
    back = read_back(shown)
    # the first significant digit's place, from the Fraction alone
    place = len(str(abs(value.numerator))) - len(str(value.denominator))
    if F(10) ** place > abs(value):
        place -= 1
    assert F(10) ** place <= abs(value) < F(10) ** (place + 1)
    unit = F(10) ** (place - digits + 1)
    assert abs(back - value) <= unit / 2 or abs(back) == F(10) ** (place + 1), (value, digits, shown)
    assert significant(shown) <= digits, shown


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size(), fractions_of_any_size(), st.integers(1, 8))
def test_shown_bounds_are_rounded_outward(a: F, b: F, digits: int) -> None:
    lo, hi = min(a, b), max(a, b)
    shown = format_bounds(Interval(lo, hi), UNICODE, digits)
    if shown == "exact":
        assert lo == hi, "only a point is exact"
        return
    low_text, separator, high_text = shown.partition(" … ")
    assert separator, shown
    assert read_back(low_text) <= lo and read_back(high_text) >= hi


@pytest.mark.parametrize(
    ("bounds", "table", "ascii"),
    [
        (Interval(None, None), "unbounded", "unbounded"),
        (Interval(F(5), None), "≥ 5", ">= 5"),
        (Interval(None, F(-5, 2)), "≤ -2.5", "<= -2.5"),
        (Interval(F(1), F(1)), "exact", "exact"),
        (Interval(F(1), F(2)), "1 … 2", "1 .. 2"),
        # short decimals are shown exactly, however close
        (Interval(F(1), F(1) + F(1, 10**9)), "1 … 1.000000001", "1 .. 1.000000001"),
        (Interval(F("39038.05"), F("39038.15")), "39,038.05 … 39,038.15", "39,038.05 .. 39,038.15"),
        # long fractions a millionth apart: rounded outward at a digit finer than their gap
        (Interval(F(1, 3), F(1, 3) + F(1, 10**6)), "0.3333333 … 0.3333344", "0.3333333 .. 0.3333344"),
        (Interval(F(1, 3), F(2, 3)), "0.333333 … 0.666667", "0.333333 .. 0.666667"),
    ],
)
def test_bounds_as_shown(bounds: Interval, table: str, ascii: str) -> None:
    assert format_bounds(bounds, UNICODE) == table
    assert format_bounds(bounds, ASCII) == ascii


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (F(1234567), "1,234,570"),
        (F(25, 10), "2.5"),
        (F(-1, 3), "-0.333333"),
        (F(10) ** 15, "1e15"),
        (F(1, 10**7), "1e-7"),
        (F(3, 2 * 10**7), "1.5e-7"),
        (F(5, 10**7), "5e-7"),
    ],
)
def test_numbers_as_shown(value: F, shown: str) -> None:
    assert format_number(value) == shown


# -- JSON and CSV -----------------------------------------------------------------------------------------

ROWS = [
    {"name": "a", "value": 1.5, "low": None, "flag": True, "source": {"publisher": "P", "url": "u"}},
    {"name": "b", "value": 0.1, "high": 2.0, "flag": False, "tags": ["x", "y, z"], "note": 'say "hi"\nthere'},
]


def test_csv_has_every_key_as_a_column_in_first_seen_order() -> None:
    table = list(csv.reader(io.StringIO(render_csv(ROWS))))
    assert table[0] == ["name", "value", "low", "flag", "source", "high", "tags", "note"]
    assert table[1] == ["a", "1.5", "", "true", json.dumps({"publisher": "P", "url": "u"}), "", "", ""]
    assert table[2] == ["b", "0.1", "", "false", "", "2.0", json.dumps(["x", "y, z"]), 'say "hi"\nthere']
    assert len(table) == 3


def test_csv_floats_read_back_exactly() -> None:
    values = [0.1, 1 / 3, 1e-300, 2.5e300, -0.0]
    table = list(csv.reader(io.StringIO(render_csv([{"v": v} for v in values]))))
    assert [float(cell) for (cell,) in table[1:]] == values


def test_csv_of_no_rows_is_an_empty_header() -> None:
    assert render_csv([]) == "\n"


def test_json_is_the_data_and_refuses_nan() -> None:
    text = render_json(ROWS, Output())
    assert text.endswith("\n") and json.loads(text) == ROWS
    assert text.startswith('[\n  {\n    "name": "a"'), "indented by two"
    with pytest.raises(ValueError):
        render_json([{"v": math.nan}], Output())


def test_json_escapes_non_ascii_only_for_an_ascii_output() -> None:
    data = [{"name": "中文 ±"}]
    assert "中文 ±" in render_json(data, Output(unicode=True))
    ascii_text = render_json(data, Output(unicode=False))
    assert ascii_text.isascii() and json.loads(ascii_text) == data


@settings(max_examples=300, deadline=None)
@given(fractions_of_any_size(), fractions_of_any_size())
def test_shown_bounds_err_by_less_than_a_tenth_of_their_gap(a: F, b: F) -> None:
    """So close bounds are not drawn as one number: each shown end is within (hi - lo) / 10 of the true one."""
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return
    shown = format_bounds(Interval(lo, hi), UNICODE)
    low_text, _, high_text = shown.partition(" … ")
    gap = hi - lo
    big = max(abs(lo), abs(hi))
    if big / gap >= F(10) ** 13:  # beyond the 15 digits a table shows at most
        return
    assert lo - gap / 10 < read_back(low_text) <= lo
    assert hi <= read_back(high_text) < hi + gap / 10


@pytest.mark.parametrize(("count", "expected"), [(0, "0 checks"), (1, "1 check"), (2, "2 checks"), (11, "11 checks")])
def test_a_summary_counts_in_the_singular_only_for_one(count: int, expected: str) -> None:
    from laoshan_cli.output.render import counted

    assert counted(count, "check") == expected
