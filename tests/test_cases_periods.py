"""Periods, bases and statuses of the figures in the cases from real texts (tests/cases/), and what
the checks that rest on estimates, forecasts and targets say. What each text says is written out
here by hand: the text's own words are in the comments."""

from __future__ import annotations

import json

from conftest import Invoke
from realtext import CASES, case


def item_notes(slug: str, name: str) -> tuple[str | None, str | None, str]:
    item = case(slug).get(name)
    return item.period, item.basis, item.status


def rests_on(slug: str) -> dict[str, tuple[tuple[str, str], ...]]:
    return {result.name: result.rests_on for result in case(slug).check()}


def test_periods_of_months_quarters_halves_and_fiscal_years() -> None:
    # "1-7月份" ... "同比增长17.1%(按可比口径计算...)"
    assert item_notes("nbs-industrial-profits-2018-07", "profit_growth") == ("2018-01/2018-07", "comparable", "actual")
    # "in the first three quarters ... 6.9 percent"; "In the third quarter ... 6.8 percent"
    assert item_notes("govcn-gdp-2017-q3", "gdp_growth") == ("2017-01/2017-09", "real", "actual")
    assert item_notes("govcn-gdp-2017-q3", "growth_q3") == ("2017-Q3", "real", "actual")
    assert item_notes("govcn-gdp-2017-q3", "growth_target") == ("2017", "real", "target")
    # "H1 2020 £m"; net debt at the end of the half
    assert item_notes("keller-h1-2020-results", "revenue") == ("2020-H1", None, "actual")
    assert item_notes("keller-h1-2020-results", "net_debt")[0] == "2020-06-30"
    assert item_notes("keller-h1-2020-results", "revenue_change_cc") == (None, "constant currency", "actual")
    # "this fiscal" is April 2019 to March 2020; the revised estimate is an estimate
    assert item_notes("indiatvnews-pm-kisan-budget-2020", "revised_estimate") == ("2019-04/2020-03", None, "estimate")
    # "year: 2015" is the shorthand of "period: 2015"
    assert item_notes("vesuvius-2015-results", "revenue") == ("2015", None, "actual")
    assert item_notes("vesuvius-2015-results", "revenue_change_underlying")[1] == "underlying, constant currency"
    # Beijing "set the GDP growth target at 6-6.5 percent in 2019"
    assert item_notes("chinadaily-provincial-gdp-2019", "beijing_target") == ("2019", "real", "target")


def test_checks_say_which_estimates_forecasts_and_targets_they_rest_on() -> None:
    gdp = rests_on("govcn-gdp-2017-q3")
    assert gdp["growth is above the government's target"] == (("growth_target", "target"),)
    assert gdp["the service sector outpaced secondary industry"] == ()
    kisan = rests_on("indiatvnews-pm-kisan-budget-2020")
    # full_cost = beneficiaries * grant, against the budget estimate for 2020-21
    assert set(kisan["paying every projected beneficiary in full would cost more than the budget"]) == {
        ("budget_estimate_next", "forecast"),
        ("beneficiaries", "forecast"),
    }
    # cut = budget_estimate - revised_estimate
    assert set(kisan["the allocation was cut by more than 20,000 crore"]) == {
        ("budget_estimate", "forecast"),
        ("revised_estimate", "estimate"),
    }
    provinces = rests_on("chinadaily-provincial-gdp-2019")
    assert set(provinces["Beijing lowered its growth target"]) == {
        ("beijing_target", "target"),
        ("beijing_target_2018", "target"),
    }
    # Guangdong's 2017 GDP is actual; Jiangsu's implied 2017 rests on two predictions
    assert set(provinces["Guangdong ranked first in 2017, ahead of Jiangsu's implied 2017 GDP"]) == {
        ("jiangsu_gdp", "estimate"),
        ("jiangsu_growth", "estimate"),
    }
    assert rests_on("vesuvius-2015-results")["EBITDA exceeds trading profit"] == ()


def test_the_check_table_says_it_rests_on_a_target(invoke: Invoke) -> None:
    # one check is uncertain, none fails: exit 0 without --strict
    result = invoke(["--data", str(CASES / "govcn-gdp-2017-q3.yaml"), "check"])
    assert result.exit_code == 0
    [row] = [line for line in result.stdout.splitlines() if "rests on" in line]
    assert "target: growth_target" in row


def test_an_agreement_resting_on_two_targets_says_so_in_json(invoke: Invoke) -> None:
    # "set the GDP growth target at 6-6.5 percent in 2019, compared with last year's target of about 6.5 percent"
    result = invoke(["--data", str(CASES / "chinadaily-provincial-gdp-2019.yaml"), "check", "--format", "json"])
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    row = rows['Beijing\'s 2019 target range agrees with "about 6.5 percent"']
    assert (row["status"], row["rests_on"]) == (
        "pass",
        [{"name": "beijing_target", "status": "target"}, {"name": "beijing_target_2018", "status": "target"}],
    )
    assert rows["the newcomers and the members are exactly the 17 cities"]["rests_on"] == []
    # the bilingual text's growth is on a comparable basis in both languages, over January to July
    types = case("govcn-industrial-profits-2018-07-types")
    assert {types.get(n).basis for n in ("growth_zh", "growth_en")} == {"comparable"}
    assert {types.get(n).period for n in ("profit_zh", "profit_en")} == {"2018-01/2018-07"}
