"""Data files encoded from real texts (tests/cases/, each with its text beside it), against bounds
worked out by hand with fractions."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import yaml
from conftest import Invoke

from laoshan_cli.api import load

CASES = Path(__file__).resolve().parent / "cases"
NBS = CASES / "nbs-industrial-profits-2018-07.yaml"


def bounds(name: str) -> tuple[F | None, F | None]:
    item = load(str(NBS)).get(name)
    return item.bounds.lo, item.bounds.hi


def test_the_nbs_release_validates_against_its_own_text(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(NBS)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_chinese_units_and_rounded_whole_numbers() -> None:
    assert bounds("profit") == (F("39038.05"), F("39038.15"))  # 亿元, one decimal stated
    assert bounds("shareholding_profit") == (F("27800.5"), F("27801.5"))  # a whole number of 亿元 is rounded
    assert bounds("slowdown") == (F("-0.15"), F("-0.05"))  # 个百分点
    assert bounds("nonferrous_growth") == (F("-9.85"), F("-9.75"))  # 下降9.8%, pasted with U+2212


def test_the_level_a_year_before_and_the_implied_margin() -> None:
    # profit in [39038.05, 39038.15] 亿元, growth in [17.05, 17.15] percent.
    assert bounds("profit_a_year_before") == (F("39038.05") / F("1.1715"), F("39038.15") / F("1.1705"))
    # revenue 60.5万亿元 is [60.45, 60.55] × 10^4 亿元; the margin in percent.
    low = F("39038.05") / (F("60.55") * 10**4) * 100
    high = F("39038.15") / (F("60.45") * 10**4) * 100
    assert bounds("margin_implied") == (low, high)
    assert low < F("6.465") and high > F("6.455")  # the stated 6.46% lies within reach


def test_every_case_with_a_text_validates_strictly_and_every_text_has_its_case(invoke: Invoke) -> None:
    named = set()
    for path in sorted(CASES.glob("*.yaml")):
        tree = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        if "text" not in tree.get("source", {}):
            continue
        named.add(tree["source"]["text"])
        result = invoke(["validate", "--strict", str(path)])
        assert (path.name, result.exit_code, result.stderr) == (path.name, 0, "")
    assert named == {path.name for path in CASES.glob("*.txt")}
    assert len(named) >= 6
