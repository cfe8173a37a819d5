"""`laoshan calc` shows a result in its inputs' unit, or with the scale folded into the number (issue 10, item 6).

Expected values are worked out here with fractions from the stated numbers
and their rounding, not read from laoshan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.output.render import float_down, float_up

DATA = """\
figures:
  gdp: {value: 827.12, unit: 亿元}
  gdp_usd: {value: 120.24, unit: billion USD}
  revenue: {value: 3.5, unit: thousand CNY}
  costs: {value: 40.25, unit: CNY}
  wages: {value: 1.5, unit: thousand yuan}
  road: {value: 12.5, unit: km}
  growth: {value: 2.6, unit: percent}
  share: {value: 82.2, unit: percent}
"""


def half(text: str) -> F:
    """Half a unit of the last stated digit."""
    decimals = len(text.partition(".")[2])
    return F(1, 2 * 10**decimals)


def box(text: str, scale: F = F(1)) -> tuple[F, F, F]:
    value = F(text)
    return value * scale, (value - half(text)) * scale, (value + half(text)) * scale


def quotient(a: tuple[F, F, F], b: tuple[F, F, F]) -> tuple[F, F, F]:
    """value and bounds of a / b for positive a and b: the bounds are at the corners."""
    return a[0] / b[0], a[1] / b[2], a[2] / b[1]


@pytest.fixture
def calc(invoke: Invoke, write_data: Callable[[str], Path]) -> Callable[..., dict[str, object]]:
    path = str(write_data(DATA))

    def run(expression: str, *options: str) -> dict[str, object]:
        result = invoke(["--data", path, "calc", expression, "--format", "json", *options])
        assert result.exit_code == 0, result.stderr
        [row] = json.loads(result.stdout)
        assert isinstance(row, dict)
        return row

    return run


def assert_row(row: dict[str, object], expected: tuple[F, F, F], unit: str) -> None:
    value, low, high = expected
    assert row["unit"] == unit
    assert row["value"] == float(value)
    assert (row["low"], row["high"]) == (float_down(low), float_up(high))


def test_a_ratio_of_two_currencies_is_in_their_words_with_the_scales_folded_in(calc: Callable[..., dict]) -> None:
    # 亿元 is 10^8 CNY and billion USD 10^9 USD: the ratio's unit would be 0.1 CNY/USD.
    expected = quotient(box("827.12", F(10**8)), box("120.24", F(10**9)))
    assert_row(calc("gdp / gdp_usd"), expected, "CNY/USD")
    assert 0.6 < float(expected[0]) < 0.7  # 0.687879 CNY/USD, not 6.87879 (0.1 CNY/USD)


def test_a_ratio_of_like_values_is_a_plain_number(calc: Callable[..., dict]) -> None:
    # thousand CNY / CNY: no unit left, and the factor of 1,000 is in the number, not a unit '1,000'.
    expected = quotient(box("3.5", F(1000)), box("40.25"))
    assert_row(calc("revenue / costs"), expected, "")
    # thousand yuan / thousand CNY: yuan is CNY, so the ratio of these two is a plain number too.
    assert_row(calc("wages / revenue"), quotient(box("1.5"), box("3.5")), "")


def test_a_result_in_one_of_its_inputs_units_stays_in_that_unit_as_the_input_writes_it(
    calc: Callable[..., dict],
) -> None:
    value, low, high = box("3.5")
    assert_row(calc("revenue * 2"), (2 * value, 2 * low, 2 * high), "thousand CNY")
    # A sum takes the unit of its first term; the second's scale is folded into the number.
    v1, l1, h1 = box("3.5", F(1000))
    v2, l2, h2 = box("40.25")
    assert_row(calc("costs + revenue"), (v1 + v2, l1 + l2, h1 + h2), "CNY")
    assert_row(calc("revenue + costs"), ((v1 + v2) / 1000, (l1 + l2) / 1000, (h1 + h2) / 1000), "thousand CNY")
    g = box("2.6")
    assert_row(calc("growth * 2"), (2 * g[0], 2 * g[1], 2 * g[2]), "percent")


def test_a_percent_over_a_percent_is_a_plain_number(calc: Callable[..., dict]) -> None:
    assert_row(calc("growth / share"), quotient(box("2.6"), box("82.2")), "")


def test_a_new_unit_is_in_base_words(calc: Callable[..., dict]) -> None:
    expected = quotient(box("3.5", F(1000)), box("12.5"))
    assert_row(calc("revenue / road"), expected, "CNY/km")
    a, b = box("3.5", F(1000)), box("40.25")
    assert_row(calc("revenue * costs"), (a[0] * b[0], a[1] * b[1], a[2] * b[2]), "CNY^2")


def test_unit_says_otherwise(calc: Callable[..., dict]) -> None:
    value, low, high = quotient(box("827.12", F(10**8)), box("120.24", F(10**9)))
    assert_row(
        calc("gdp / gdp_usd", "--unit", "CNY per 100 USD"), (value * 100, low * 100, high * 100), "CNY per 100 USD"
    )
    ratio = quotient(box("3.5", F(1000)), box("40.25"))
    assert_row(calc("revenue / costs", "--unit", "percent"), tuple(x * 100 for x in ratio), "percent")  # type: ignore[arg-type]


def test_the_table_shows_the_folded_number_and_no_scale_as_a_unit(
    invoke: Invoke, write_data: Callable[[str], Path]
) -> None:
    path = str(write_data(DATA))
    table = invoke(["--data", path, "calc", "revenue / costs"]).stdout
    assert "86.9565" in table  # 3,500 / 40.25 to six digits, worked out by hand
    assert "1,000" not in table and "1/10" not in table


def test_a_checks_sides_are_shown_as_calc_shows_them(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(DATA + "checks:\n  - {name: rate, assert: 'gdp / gdp_usd > 0.5 [CNY/USD]'}\n")
    [row] = json.loads(invoke(["--data", str(path), "check", "--format", "json"]).stdout)
    value, low, high = quotient(box("827.12", F(10**8)), box("120.24", F(10**9)))
    assert row["unit"] == "CNY/USD"  # not "CNY / 10 USD", with both sides ten times as large
    assert (row["left"], row["left_low"], row["left_high"]) == (float(value), float_down(low), float_up(high))
    assert row["right"] == 0.5
