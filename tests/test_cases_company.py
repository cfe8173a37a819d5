"""Vesuvius plc's 2015 results (tests/cases/vesuvius-2015-results.yaml): £m, pence, percent and basis
points, declines, a ratio in times; every expected bound worked out here with fractions from the
stated numbers."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from exact import corner_range
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "vesuvius-2015-results"
DATA = case(SLUG)
PCT = F(1, 100)
BP = F(1, 10_000)


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_figure_is_read_by_the_rounding_policy() -> None:
    # Nothing here counts things: £m, pence, percent, basis points and a ratio are all rounded.
    figures = raw_figures(SLUG)
    assert len(figures) == 20
    for name, fields in figures.items():
        value, low, high = stated_rounding(fields["value"], count=False)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name


def test_whole_numbers_of_pounds_and_basis_points_are_rounded() -> None:
    assert bounds(DATA, "revenue") == (F("1321.5"), F("1322.5"))  # £1,322m
    assert bounds(DATA, "revenue_2014") == (F("1443.5"), F("1444.5"))
    assert bounds(DATA, "return_on_sales_change") == (F("-50.5"), F("-49.5"))  # declined by 50 basis points
    assert bounds(DATA, "trading_profit_change_underlying") == (F("-14.05"), F("-13.95"))  # "down 14.0%"
    assert bounds(DATA, "final_dividend") == (F("11.1245"), F("11.1255"))  # 11.125 pence


def test_the_2014_revenue_the_decline_implies() -> None:
    # revenue / (1 + change): rises with revenue, falls as the change rises.
    low = F("1321.5") / (1 + F("-8.45") * PCT)
    high = F("1322.5") / (1 + F("-8.55") * PCT)
    assert (low, high) == (F("1321.5") / F("0.9155"), F("1322.5") / F("0.9145"))
    assert bounds(DATA, "revenue_2014_implied") == (low, high)
    # The stated 2014 revenue, [1443.5, 1444.5], lies inside: the two agree.
    assert low < F("1443.5") < F("1444.5") < high


def test_changes_from_the_two_levels() -> None:
    box = {"now": stated_rounding("1322", count=False), "before": stated_rounding("1444", count=False)}
    _, low, high = corner_range(lambda now, before: (now / before - 1) / PCT, box)
    assert bounds(DATA, "revenue_change_implied") == (low, high)
    assert (low, high) == ((F("1321.5") / F("1444.5") - 1) * 100, (F("1322.5") / F("1443.5") - 1) * 100)
    # The stated -8.5% is [-8.55, -8.45]: it overlaps [-8.515, -8.382].
    assert low < F("-8.45") and high > F("-8.55")

    box = {"now": stated_rounding("124.0", count=False), "before": stated_rounding("142.8", count=False)}
    _, low, high = corner_range(lambda now, before: (now / before - 1) / PCT, box)
    assert bounds(DATA, "trading_profit_change_implied") == (low, high)
    assert low < F("-13.05") and high > F("-13.15")  # the stated -13.1% is within reach

    box = {"now": stated_rounding("28.1", count=False), "before": stated_rounding("33.4", count=False)}
    _, low, high = corner_range(lambda now, before: (now / before - 1) / PCT, box)
    assert bounds(DATA, "eps_change_implied") == (low, high)
    assert low < F("-15.95") and high > F("-16.05")  # "down 16.0%"


def test_return_on_sales_and_its_change_in_basis_points() -> None:
    assert bounds(DATA, "return_on_sales_implied") == (
        F("123.95") / F("1322.5") * 100,
        F("124.05") / F("1321.5") * 100,
    )
    assert bounds(DATA, "return_on_sales_2014_implied") == (
        F("142.75") / F("1444.5") * 100,
        F("142.85") / F("1443.5") * 100,
    )
    # 9.4% - 9.9% in basis points: [9.35 - 9.95, 9.45 - 9.85] percent is [-60, -40] bp.
    assert bounds(DATA, "return_on_sales_change_implied") == ((F("9.35") - F("9.95")) * PCT / BP, F(-40))
    assert DATA.get("return_on_sales_change_implied").value == F(-50)


def test_pence_dividends_and_the_ebitda_the_ratio_implies() -> None:
    assert bounds(DATA, "interim_dividend") == (F("16.2745") - F("11.1255"), F("16.2755") - F("11.1245"))
    assert DATA.get("interim_dividend").value == F("5.15")
    # pence are hundredths of a pound
    assert bounds(DATA, "dividend_gbp") == (F("16.2745") / 100, F("16.2755") / 100)
    # net debt 291.6 £m at 1.8x EBITDA
    assert bounds(DATA, "ebitda") == (F("291.55") / F("1.85"), F("291.65") / F("1.75"))
    assert DATA.get("ebitda").value == F(162)


def test_the_checks_verdicts() -> None:
    # |implied - stated| 2014 revenue over the box: 0 where they meet, at most
    # 1322.5/0.9145 - 1443.5 (the implied high against the stated low).
    widest = F("1322.5") / F("0.9145") - F("1443.5")
    assert 1 < widest < 3
    # |ROS implied - stated| at most 9.45 - 123.95/1322.5*100 (about 0.078).
    assert F("9.45") - F("123.95") / F("1322.5") * 100 < F("0.1")
    assert statuses(DATA) == {
        "the underlying decline in revenue is smaller than the reported one": "pass",  # -7.75 > -8.45
        "trading profit fell faster than revenue": "pass",  # -13.05 < -8.55
        "the stated 2014 revenue is within 3 £m of the one the decline implies": "pass",
        "the stated 2014 revenue is within 1 £m of the one the decline implies": "uncertain",
        "the return on sales is trading profit over revenue, to a tenth of a percent": "pass",
        "the return on sales fell by at least 40 basis points": "pass",  # at most -40 bp
        "the underlying fall in the return on sales is the larger": "pass",  # -69.5 < -50.5
        "the dividend grew while earnings fell": "pass",  # 16.2745 > 16.1255
        "EBITDA exceeds trading profit": "pass",  # 291.55/1.85 ≈ 157.6 > 124.05
    }
