"""The NBS industrial-profits release of January to July 2018 with its English machine translation
(tests/cases/govcn-industrial-profits-2018-07-types.yaml): the translation against the Chinese
original, in 亿元 and billion yuan. Expected values are worked out here with fractions."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import Invoke
from realtext import CASES, bounds, case, raw_figures, stated_rounding, statuses

SLUG = "govcn-industrial-profits-2018-07-types"
DATA = case(SLUG)
YI = 10**8  # 亿
BN = 10**9


def test_it_validates_against_its_own_text(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(CASES / f"{SLUG}.yaml")])
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_figure_is_read_by_the_rounding_policy() -> None:
    figures = raw_figures(SLUG)
    assert len(figures) == 14
    for name, fields in figures.items():
        value, low, high = stated_rounding(fields["value"], count=False)
        item = DATA.get(name)
        assert (item.value, item.bounds.lo, item.bounds.hi) == (value, low, high), name
    assert bounds(DATA, "shareholding_profit") == (F("27800.5"), F("27801.5"))  # 27801亿元, whole
    # 放缓0.1个百分点 and "slowed by 0.1 percentage points", both written as declines
    assert bounds(DATA, "slowdown_zh") == bounds(DATA, "slowdown_en") == (F("-0.15"), F("-0.05"))


def test_the_translation_against_the_original() -> None:
    # 39038.1亿元 is 3,903.81 billion yuan, not the translation's 390.83
    item = DATA.get("profit_zh_bn")
    assert item.value == F("39038.1") * YI / BN == F("3903.81")
    assert (item.bounds.lo, item.bounds.hi) == (F("3903.805"), F("3903.815"))
    # the ratio is not ten either: the translation lost a digit, not only a scale
    ratio_low = F("39038.05") * YI / (F("390.835") * BN)
    ratio_high = F("39038.15") * YI / (F("390.825") * BN)
    assert bounds(DATA, "translation_ratio") == (ratio_low, ratio_high)
    assert 10 - ratio_high > F("0.001")


def test_sums_of_ownership_types_and_a_share_of_the_total() -> None:
    low = F("125.15") + F("27800.5") + F("9422.35")
    high = F("125.25") + F("27801.5") + F("9422.45")
    assert bounds(DATA, "non_state_types") == (low, high)
    assert high < F("39038.05")  # below the total, by at least 1,688.85亿元
    assert bounds(DATA, "all_types") == (low + F("11913.15"), high + F("11913.25"))
    assert bounds(DATA, "shareholding_share") == (
        F("27800.5") / F("39038.15") * 100,
        F("27801.5") / F("39038.05") * 100,
    )
    assert bounds(DATA, "profit_a_year_before") == (F("39038.05") / F("1.1715"), F("39038.15") / F("1.1705"))
    assert bounds(DATA, "state_profit_a_year_before") == (F("11913.15") / F("1.3055"), F("11913.25") / F("1.3045"))


def test_the_checks_verdicts_and_the_difference_of_the_failing_one() -> None:
    results = {result.name: result for result in DATA.check()}
    # |39038.1亿元 - 390.83 billion yuan| - 1 billion yuan, in yuan
    gap = results["the English total is the Chinese one to a billion yuan"].difference
    assert (gap.lo, gap.hi) == (
        (F("39038.05") - F("3908.35")) * YI - BN,
        (F("39038.15") - F("3908.25")) * YI - BN,
    )
    assert statuses(DATA) == {
        "the English total is the Chinese one to a billion yuan": "fail",
        "the English total is off by a factor of ten only": "fail",  # 10 - 9.98866 > 0.001
        "the English growth is the Chinese one to a tenth of a percent": "pass",  # |diff| at most 0.1
        "the English slowdown is the Chinese one": "pass",
        "collective, shareholding and foreign-invested profit is part of the total": "pass",
        "the four ownership types overlap, so their sum exceeds the total": "pass",
        "state-controlled profit grew faster than the total": "pass",  # 30.45 > 17.15
    }
