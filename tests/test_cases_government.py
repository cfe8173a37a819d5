"""China's GDP in the first three quarters of 2017 as english.gov.cn reported it
(tests/cases/govcn-gdp-2017-q3.yaml): trillion yuan and trillion $, percent and percentage points,
a range, whole-number percents; every expected bound worked out here with fractions."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from exact import corner_range
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "govcn-gdp-2017-q3"
DATA = case(SLUG)
PCT = F(1, 100)


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_figure_but_the_range_is_read_by_the_rounding_policy() -> None:
    figures = raw_figures(SLUG)
    ranged = {"streak_range"}
    assert len(figures) == 20
    for name, fields in figures.items():
        if name in ranged:
            continue
        value, low, high = stated_rounding(fields["value"], count=False)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name


def test_whole_percents_and_the_range() -> None:
    assert bounds(DATA, "industry_growth_2016") == (F("5.5"), F("6.5"))  # "the 6-percent increase"
    assert bounds(DATA, "private_investment_growth") == (F("5.5"), F("6.5"))  # "up 6 percent"
    # "growth of 6.7 percent to 6.9 percent": the ends as stated, the midpoint as the value
    item = DATA.get("streak_range")
    assert (item.value, item.bounds.lo, item.bounds.hi) == (F("6.8"), F("6.7"), F("6.9"))


def test_the_level_a_year_before_and_the_exchange_rate() -> None:
    gdp = stated_rounding("59.3288", count=False)
    growth = stated_rounding("6.9", count=False)
    box = {"gdp": gdp, "growth": growth}
    value, low, high = corner_range(lambda gdp, growth: gdp / (1 + growth * PCT), box)
    assert (low, high) == (F("59.32875") / F("1.0695"), F("59.32885") / F("1.0685"))
    item = DATA.get("gdp_a_year_before_at_2017_prices")
    assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high)
    # yuan per dollar: both in trillions, so the scales cancel
    item = DATA.get("exchange_rate")
    assert item.value == F("59.3288") / F("8.9614")
    assert (item.bounds.lo, item.bounds.hi) == (F("59.32875") / F("8.96145"), F("59.32885") / F("8.96135"))


def test_percentage_points_with_percent() -> None:
    # 64.5% less 2.8 percentage points is 61.7%, from [64.45 - 2.85, 64.55 - 2.75]
    item = DATA.get("consumption_contribution_2016")
    assert (item.value, item.bounds.lo, item.bounds.hi) == (F("61.7"), F("61.6"), F("61.8"))
    # growth rates subtract into percentage points; pp is the same unit
    assert bounds(DATA, "investment_slowdown") == (F("7.45") - F("7.85"), F("7.55") - F("7.75"))
    assert bounds(DATA, "industry_speedup") == (F("6.65") - F("6.5"), F("6.75") - F("5.5"))
    assert bounds(DATA, "private_investment_growth_gap") == (F("5.5") - F("7.55"), F("6.5") - F("7.45"))


def test_the_checks_verdicts() -> None:
    rate_low, rate_high = F("59.32875") / F("8.96145"), F("59.32885") / F("8.96135")
    assert F("6.5") <= rate_low <= rate_high <= F("6.7")
    assert statuses(DATA) == {
        "growth is above the government's target": "pass",  # 6.85 > 6.55
        "the first three quarters grew at least as fast as the third": "pass",  # 6.85 >= 6.85
        "the service sector outpaced secondary industry": "pass",  # 7.75 > 6.35
        "the third quarter grew no faster than the second": "pass",  # 6.85 <= 6.85
        "the third quarter grew more slowly than the second": "uncertain",  # both may be 6.85
        "the yuan traded between 6.5 and 6.7 to the dollar": "pass",
        "private investment grew more slowly than the total": "pass",  # 6.5 < 7.45
    }


# The ONS labour market bulletin of October 2020 (tests/cases/ons-employment-2020-10.yaml):
# rates in percent, changes in percentage points, hours in millions.
ONS = "ons-employment-2020-10"
ONS_DATA = case(ONS)


def test_the_ons_bulletin_validates_and_reads_by_the_rounding_policy(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(CASES / f"{ONS}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")
    for name, fields in raw_figures(ONS).items():
        value, low, high = stated_rounding(fields["value"], count=False)
        item = ONS_DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name
    assert bounds(ONS_DATA, "weekly_hours") == (F("890.95"), F("891.05"))  # "891.0 million": the zero counts


def test_levels_before_from_percentage_points() -> None:
    # 75.6%, "0.3 percentage points lower than a year earlier": [75.55 + 0.25, 75.65 + 0.35]
    assert bounds(ONS_DATA, "employment_rate_a_year_before") == (F("75.8"), F("76.0"))
    assert bounds(ONS_DATA, "unemployment_rate_a_year_before") == (F("4.45") - F("0.65"), F("4.55") - F("0.55"))
    assert bounds(ONS_DATA, "unemployment_rate_previous_quarter") == (F("4.0"), F("4.2"))
    # 891.0 million hours, down 158.2 million: 1,049.2 million hours is 1.0492 billion
    item = ONS_DATA.get("weekly_hours_previous_quarter")
    assert item.value == F("1.0492")
    assert (item.bounds.lo, item.bounds.hi) == ((F("890.95") + F("158.15")) / 1000, (F("891.05") + F("158.25")) / 1000)
    # fall / (hours + fall) rises with the fall and falls with the hours
    box = {"hours": stated_rounding("891.0", count=False), "fall": stated_rounding("158.2", count=False)}
    value, low, high = corner_range(lambda hours, fall: fall / (hours + fall) * 100, box)
    item = ONS_DATA.get("weekly_hours_fall")
    assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high)


def test_a_rate_that_uses_a_figure_twice_gets_its_true_range() -> None:
    # u = 100 - e - i, and u / (e + u) = (100 - e - i) / (100 - i): it falls as e rises and as i
    # rises (its derivative in i is -e / (100 - i)^2), so its range is at the corners (e, i) high
    # and low. Interval arithmetic on the formula as written would count e twice.
    low = (100 - F("75.65") - F("20.85")) / (100 - F("20.85")) * 100
    high = (100 - F("75.55") - F("20.75")) / (100 - F("20.75")) * 100
    assert bounds(ONS_DATA, "unemployment_rate_16_to_64") == (low, high)
    assert bounds(ONS_DATA, "unemployed_share_16_to_64") == (F("3.5"), F("3.7"))
    # within a point of the stated 4.5% ([4.45, 4.55]) however the figures were rounded
    assert max(high - F("4.45"), F("4.55") - low) <= 1


def test_the_ons_checks_verdicts() -> None:
    assert statuses(ONS_DATA) == {
        "the employment rate was higher a year before": "pass",  # 75.8 > 75.65
        "the unemployment rate rose over the quarter": "pass",  # 4.2 < 4.45
        "weekly hours fell by more than a tenth on the quarter": "pass",  # 158.15 / 1049.3 > 15%
        "the three rates leave the unemployed within a point of the stated rate": "pass",
    }
