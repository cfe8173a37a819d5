"""Agreement checks (`a ~= b`, `within T`) over the cases from real texts (tests/cases/): each side's
range is worked out here from the stated numbers with fractions, and the verdict from them alone.
The two sides of every check here rest on different figures, so the difference left - right runs
from low(left) - high(right) to high(left) - low(right), and the check is consistent exactly when
that range meets [-T, T]."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from conftest import Invoke
from exact import corner_range
from realtext import CASES, case, stated_rounding

Range = tuple[F, F]
PCT = F(1, 100)


def stated(text: str, *, count: bool = False) -> Range:
    _, low, high = stated_rounding(text, count=count)
    return low, high


def change(now: str, before: str) -> Range:
    box = {"now": stated_rounding(now, count=False), "before": stated_rounding(before, count=False)}
    _, low, high = corner_range(lambda now, before: (now / before - 1) * 100, box)
    return low, high


def ratio(top: str, bottom: str, times: F = F(1)) -> Range:
    box = {"top": stated_rounding(top, count=False), "bottom": stated_rounding(bottom, count=False)}
    _, low, high = corner_range(lambda top, bottom: top / bottom * times, box)
    return low, high


# (case, check, left, right, tolerance, the unit's size in base units), each side by hand
AGREEMENTS = [
    ("keller-h1-2020-results", "revenue's stated change agrees with its two levels",
     change("1039.1", "1091.7"), stated("-5"), 0, PCT),
    ("keller-h1-2020-results", "operating profit's stated change agrees with its two levels",
     change("47.9", "38.3"), stated("25"), 0, PCT),
    ("keller-h1-2020-results", "profit before tax's stated change agrees with its two levels",
     change("40.7", "27.5"), stated("48"), 0, PCT),
    ("keller-h1-2020-results", "earnings per share's stated change agrees with its two levels",
     change("39.5", "27.1"), stated("46"), 0, PCT),
    ("keller-h1-2020-results", "net debt's stated change agrees with its two levels",
     change("155.1", "333.5"), stated("-54"), 0, PCT),
    ("vesuvius-2015-results", "the stated 2014 revenue agrees with the one the decline implies",
     (F("1321.5") / F("0.9155"), F("1322.5") / F("0.9145")), stated("1444"), 0, F(10**6)),
    ("vesuvius-2015-results", "trading profit's stated decline agrees with its two levels",
     change("124.0", "142.8"), stated("-13.1"), 0, PCT),
    ("vesuvius-2015-results", "earnings per share's stated decline agrees with its two levels",
     change("28.1", "33.4"), stated("-16.0"), 0, PCT),
    ("vesuvius-2015-results", "the return on sales agrees with trading profit over revenue",
     ratio("124.0", "1322", F(100)), stated("9.4"), 0, PCT),
    ("vesuvius-2015-results", "the 2014 return on sales agrees with trading profit over revenue",
     ratio("142.8", "1444", F(100)), stated("9.9"), 0, PCT),
    ("vesuvius-2015-results", "the stated 50 basis points agree with the two rates",
     (F(-60), F(-40)), stated("-50"), 0, F(1, 10_000)),  # (9.35 - 9.95) .. (9.45 - 9.85) percent
    ("govcn-industrial-profits-2018-07-types", "the English total agrees with the Chinese",
     stated("390.83"), (F("3903.805"), F("3903.815")), 0, F(10**9)),  # 39038.1亿元 in billions
    ("govcn-industrial-profits-2018-07-types",
     "ten times the English total agrees with the Chinese within a billion yuan",
     (F("3908.25"), F("3908.35")), (F("3903.805"), F("3903.815")), 1, F(10**9)),
    ("govcn-industrial-profits-2018-07-types", "the English growth agrees with the Chinese",
     stated("17.1"), stated("17.1"), 0, PCT),
    ("govcn-industrial-profits-2018-07-types", "the English slowdown agrees with the Chinese",
     stated("-0.1"), stated("-0.1"), 0, PCT),
    ("nbs-industrial-profits-2018-07", "the stated margin agrees with profit over revenue",
     (F("39038.05") / F(605_500) * 100, F("39038.15") / F(604_500) * 100),  # 60.5万亿元: ± 500亿元
     stated("6.46"), 0, PCT),
    ("govcn-gdp-2017-q3", "the third quarter's growth agrees with the nine-quarter range",
     stated("6.8"), (F("6.7"), F("6.9")), 0, PCT),
    ("indiatvnews-pm-kisan-budget-2020", "the headline's 27.5% cut agrees with the two allocations",
     (100 - F("54370.155") / F("74999.5") * 100, 100 - F("54370.145") / F("75000.5") * 100),
     stated("27.5"), 0, PCT),
    ("chinadaily-provincial-gdp-2019", "Beijing's 2019 target range agrees with \"about 6.5 percent\"",
     (F(6), F("6.5")), (F("5.85"), F("7.15")), 0, PCT),
    ("chinadaily-provincial-gdp-2019", "the newcomers and the members are exactly the 17 cities",
     (F(17), F(17)), (F(17), F(17)), 0, F(1)),
    ("ons-employment-2020-10", "the three rates agree with the stated unemployment rate",
     ((100 - F("75.65") - F("20.85")) / (100 - F("20.85")) * 100,
      (100 - F("75.55") - F("20.75")) / (100 - F("20.75")) * 100),
     stated("4.5"), 0, PCT),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "name", "left", "right", "tolerance", "size"), AGREEMENTS)
def test_agreement_verdicts_and_differences(
    slug: str, name: str, left: Range, right: Range, tolerance: int, size: F
) -> None:
    [result] = [result for result in case(slug).check() if result.name == name]
    low, high = left[0] - right[1], left[1] - right[0]
    consistent = low <= tolerance and high >= -tolerance
    assert result.status == ("pass" if consistent else "fail")
    assert (result.difference.lo, result.difference.hi) == (low * size, high * size)


def test_the_verdicts_that_hang_on_the_edge_of_a_rounding() -> None:
    # Keller's net debt: -53.49% from the levels, stated -54%; they meet only from -53.515% to -53.5%
    low, high = change("155.1", "333.5")
    assert low < F("-53.5") < high < F("-53")
    # the English total, ten times over, is 3,908.3 against 3,903.81: 4.435 billion apart at least
    assert F("3908.25") - F("3903.815") == F("4.435")


def test_more_than_meets_any_level_above_it() -> None:
    # "more than nine trillion" is [9, unbounded): 9.2 ([9.15, 9.25]) is consistent with it
    name = 'Jiangsu\'s predicted 9.2 trillion agrees with "more than nine trillion"'
    [result] = [result for result in case("chinadaily-provincial-gdp-2019").check() if result.name == name]
    assert result.status == "pass"
    assert (result.difference.lo, result.difference.hi) == (None, (F("9.25") - 9) * 10**12)


def test_every_agreement_in_the_cases_is_worked_out_here() -> None:
    found = set()
    for path in CASES.glob("*.yaml"):
        found |= {(path.stem, r.name) for r in case(path.stem).check() if "~=" in r.assertion}
    worked = {(slug, name) for slug, name, *_ in AGREEMENTS}
    worked.add(
        ("chinadaily-provincial-gdp-2019", 'Jiangsu\'s predicted 9.2 trillion agrees with "more than nine trillion"')
    )
    # the sibling file of the bilingual text has its own test, in test_agreement.py
    worked |= {(slug, name) for slug, name in found if slug == "govcn-industrial-profits-2018-07-bilingual"}
    assert found == worked


def test_the_gap_messages_of_a_failing_translation(invoke: Invoke) -> None:
    # ten times 390.83 billion ([3908.25, 3908.35]) against 3903.81 billion ([3903.805, 3903.815])
    gap = F("3908.25") - F("3903.815")
    assert (gap, gap - 1) == (F("4.435"), F("3.435"))
    share = gap / F("3903.815") * 100  # of the right side at its highest: the smallest share
    assert F("0.113") <= share < F("0.114")
    result = invoke(["--data", str(CASES / "govcn-industrial-profits-2018-07-types.yaml"), "check"])
    assert result.exit_code == 1
    assert (
        "ten times the English total agrees with the Chinese within a billion yuan: left is higher by at least "
        "4.435 billion yuan (0.113% of the right side), 3.435 beyond the tolerance of 1 billion yuan"
    ) in " ".join(result.stdout.split())  # the note wraps at the table's width


def test_the_budget_of_an_agreement_on_the_edge() -> None:
    # Keller's net debt: the stated -54% is ± 0.5, a width of 1; each level varied alone moves the
    # implied change by (155.15 - 155.05) / 333.5 and 155.1 * (1/333.45 - 1/333.55), in percent
    explained = case("keller-h1-2020-results").explain_check("net debt's stated change agrees with its two levels")
    widths = {entry.name: entry.width for entry in explained.budget}
    assert widths == {
        "net_debt_change": 1,
        "net_debt": F("0.1") / F("333.5") * 100,
        "net_debt_2019": F("155.1") * (1 / F("333.45") - 1 / F("333.55")) * 100,
    }
