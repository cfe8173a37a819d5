"""A China Daily article on provincial GDP (tests/cases/chinadaily-provincial-gdp-2019.yaml):
"more than", "over" and "about", a range of the form 6-6.5, counts of provinces and cities that
are exact, whole percents that are rounded. Expected values are worked out here with fractions."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "chinadaily-provincial-gdp-2019"
DATA = case(SLUG)
PCT = F(1, 100)


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    # "more than nine trillion", "exceed four trillion", "three newcomers": the quote check reads number words
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_rounding_policy_counts_exact_and_the_rest_rounded() -> None:
    figures = raw_figures(SLUG)
    counts = {"provinces_reporting", "trillion_cities", "trillion_newcomers", "trillion_members"}
    other = {"jiangsu_floor", "guangdong_floor", "sichuan_floor", "beijing_target", "beijing_target_2018"}
    other |= {"guangdong_years_first"}  # years are a measure, so `exact: true` says the text counted them
    for name, fields in figures.items():
        if name in other:
            continue
        value, low, high = stated_rounding(fields["value"], count=name in counts)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name
    assert bounds(DATA, "provinces_reporting") == (10, 10)
    assert bounds(DATA, "sichuan_growth") == (F("7.5"), F("8.5"))  # "8 percent"
    assert bounds(DATA, "guangdong_years_first") == (29, 29)


def test_qualifiers_and_the_range() -> None:
    assert bounds(DATA, "jiangsu_floor") == (9, None)  # more than
    assert bounds(DATA, "guangdong_floor") == (9, None)  # over
    assert bounds(DATA, "sichuan_floor") == (4, None)
    # "about 6.5 percent": 6.5 ± 10% of 6.5
    assert bounds(DATA, "beijing_target_2018") == (F("6.5") - F("0.65"), F("6.5") + F("0.65"))
    # "6-6.5 percent": the stated ends, the midpoint
    item = DATA.get("beijing_target")
    assert (item.value, item.bounds.lo, item.bounds.hi) == (F("6.25"), 6, F("6.5"))


def test_derived_levels_and_the_change_of_target() -> None:
    assert bounds(DATA, "jiangsu_2017_at_2018_prices") == (F("9.15") / F("1.0675"), F("9.25") / F("1.0665"))
    # more than 4 trillion at 8 percent ([7.5, 8.5]): at least 4 / 1.085, no upper end
    assert bounds(DATA, "sichuan_2017_at_2018_prices") == (4 / F("1.085"), None)
    assert bounds(DATA, "beijing_target_change") == (6 - F("7.15"), F("6.5") - F("5.85"))
    assert bounds(DATA, "jiangsu_gdp_bn") == (F("9150"), F("9250"))
    assert bounds(DATA, "cities_counted") == (17, 17)


def test_the_checks_verdicts() -> None:
    assert F("8.995") > F("9.25") / F("1.0665")  # Guangdong's low against Jiangsu's implied high
    assert statuses(DATA) == {
        "Jiangsu's predicted GDP is more than nine trillion yuan": "pass",  # 9.15 > 9
        "Guangdong's 2017 GDP was still below nine trillion yuan": "pass",  # 8.995 < 9
        "Guangdong ranked first in 2017, ahead of Jiangsu's implied 2017 GDP": "pass",
        # counts are exact, so 3 + 14 = 17 is decided both ways
        "the newcomers and the members are the 17 cities": "pass",
        "and no more than the 17 cities": "pass",
        # [6, 6.5] against [5.85, 7.15]
        "Beijing lowered its growth target": "uncertain",
    }
