"""A news article in lakh and crore (tests/cases/indiatvnews-pm-kisan-budget-2020.yaml): India TV
News on the PM-Kisan allocation in the Union Budget 2020. Every expected bound is worked out here
with fractions from the stated numbers."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from exact import corner_range
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "indiatvnews-pm-kisan-budget-2020"
DATA = case(SLUG)
CRORE = 10**7
LAKH = 10**5


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    # "three equal instalments" is stated as `value: 3`: the quote check reads the number word
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_rounding_policy_on_the_articles_figures() -> None:
    figures = raw_figures(SLUG)
    counts = {"instalments"}  # "three equal instalments": a count of things, exact
    qualified = {"disbursed", "farmers_paid"}  # "over", "more than"
    assert set(figures) >= counts | qualified
    for name, fields in figures.items():
        if name in qualified:
            continue
        value, low, high = stated_rounding(fields["value"], count=name in counts)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name
    # whole crores and whole rupees are rounded; "14 crore" farmers is not a count (it has a scale)
    assert bounds(DATA, "budget_estimate") == (F("74999.5"), F("75000.5"))
    assert bounds(DATA, "grant") == (F("5999.5"), F("6000.5"))
    assert bounds(DATA, "beneficiaries") == (F("13.5"), F("14.5"))
    assert bounds(DATA, "instalments") == (3, 3)


def test_more_than_and_over_have_no_upper_end() -> None:
    assert bounds(DATA, "disbursed") == (43_000, None)
    assert bounds(DATA, "farmers_paid") == (8, None)
    # over 43,000 crore to more than 8 crore farmers: any amount a farmer from nothing up
    assert bounds(DATA, "disbursed_per_farmer") == (0, None)
    assert DATA.get("disbursed_per_farmer").value == F(43_000 * CRORE, 8 * CRORE)


def test_crore_and_lakh_crore() -> None:
    # a crore is 10^7, a billion 10^9: 54,370.15 crore INR is 543.7015 billion INR
    item = DATA.get("revised_estimate_bn")
    assert item.value == F("54370.15") * CRORE / 10**9
    assert (item.bounds.lo, item.bounds.hi) == (F("54370.145") / 100, F("54370.155") / 100)
    # 75,000 crore of 1.60 lakh crore (10^12): 75,000 / 160,000 crore
    item = DATA.get("pm_kisan_share_of_agriculture")
    assert item.value == F(75_000 * CRORE, F("1.60") * LAKH * CRORE) * 100 == F("46.875")
    assert (item.bounds.lo, item.bounds.hi) == (
        F("74999.5") / (F("1.605") * LAKH) * 100,
        F("75000.5") / (F("1.595") * LAKH) * 100,
    )


def test_the_cut_and_its_share() -> None:
    revised, budget = stated_rounding("54370.15", count=False), stated_rounding("75000", count=False)
    box = {"revised": revised, "budget": budget}
    value, low, high = corner_range(lambda revised, budget: budget - revised, box)
    assert (low, high) == (F("74999.5") - F("54370.155"), F("75000.5") - F("54370.145"))
    assert DATA.get("cut").value == value == F("20629.85")
    assert bounds(DATA, "cut") == (low, high)
    value, low, high = corner_range(lambda revised, budget: (1 - revised / budget) * 100, box)
    assert DATA.get("cut_share").value == value
    assert bounds(DATA, "cut_share") == (low, high)
    # the headline's 27.5 pc ([27.45, 27.55]) is within a tenth of a percent of every such share
    assert F("27.55") - low <= F("0.1") and high - F("27.45") <= F("0.1")


def test_payments_and_the_lowered_projection() -> None:
    assert bounds(DATA, "per_instalment") == (F("5999.5") / 3, F("6000.5") / 3)
    # 14 crore farmers at Rs 6,000 a year: crore farmer × INR per farmer is crore INR
    assert bounds(DATA, "full_cost") == (F("13.5") * F("5999.5"), F("14.5") * F("6000.5"))
    assert DATA.get("full_cost").value == 84_000
    # "lowered to 14 crore from 14.5 crore": a whole 14 crore may be up to 14.5, so the change
    # runs from 13.5/14.55 - 1 to 14.5/14.45 - 1, above zero at the top
    low, high = (F("13.5") / F("14.55") - 1) * 100, (F("14.5") / F("14.45") - 1) * 100
    assert bounds(DATA, "beneficiaries_change") == (low, high)
    assert high > 0


def test_the_checks_verdicts() -> None:
    assert statuses(DATA) == {
        "the headline's 27.5% cut is the text's two allocations to a tenth of a percent": "pass",
        # 13.5 × 5999.5 = 80,993.25 > 75,000.5
        "paying every projected beneficiary in full would cost more than the budget": "pass",
        # 54,370.155 against [43,000, unbounded)
        "the revised estimate exceeds what was disbursed so far": "uncertain",
        # 74,999.5 - 54,370.155 = 20,629.345 > 20,000
        "the allocation was cut by more than 20,000 crore": "pass",
        # at most 75,000.5 / 159,500 = 47.02%
        "PM-Kisan is less than half of the allocation for agriculture": "pass",
    }


def test_the_files_own_word_for_the_rupee_and_the_plural_of_farmer() -> None:
    # `units: {Rs: INR}`: a crore Rs is 10^7 INR
    item = DATA.convert(DATA.get("revised_estimate"), "INR")
    assert item.value == F("54370.15") * CRORE
    # crore farmers × Rs per farmer is crore Rs: "farmers" and "farmer" are one dimension
    item = DATA.convert(DATA.get("full_cost"), "billion INR")
    assert (item.bounds.lo, item.bounds.hi) == (
        F("13.5") * CRORE * F("5999.5") / 10**9,
        F("14.5") * CRORE * F("6000.5") / 10**9,
    )
