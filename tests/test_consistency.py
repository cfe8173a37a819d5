"""The decision procedure of `laoshan consistent`, against answers worked out here with fractions.

The shipped article with a reference rate (tests/consistency/indicators-rate.yaml):
its yuan and dollar figures imply a rate between 38.85/5.65 and 38.95/5.55, which
misses 6.6423 ± 0.00005 and meets 6.88 ± 0.005. And the GRIM test: 70 percent
(69.5 to 70.5) of a whole number N of projects is whole for 10 of the 11 totals
from 90 to 100, but not for 95.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from laoshan_cli.core.solve import Member, Problem, Verdict, consistency, decide
from laoshan_cli.loading.loader import load, load_bytes

ROOT = Path(__file__).resolve().parent.parent
RATE_FILE = ROOT / "tests" / "consistency" / "indicators-rate.yaml"
AGREEMENT = "implied exchange rate agrees with the reference rate"
BILLION = F(10**9)


def verdict_of(text: str, exclude: tuple[str, ...] = ()) -> Verdict:
    return consistency(load_bytes(text.encode(), "test.yaml"), exclude)


# -- an evaluator of the test's own, for checking witnesses ------------------------------


def python_formula(formula: str) -> str:
    """A formula of the data file as Python over Fractions; numbers with a unit in brackets here have scale 1."""
    formula = re.sub(r"\[[^\]]*\]", "", formula)
    formula = re.sub(r"(\d[\d.]*)\s*%", r"(F('\1') / 100)", formula)
    return re.sub(r"(?<![\w'.])(\d[\d.]*)(?![\w'])", r"F('\1')", formula)


def evaluate(formula: str, values: dict[str, F]) -> F:
    return eval(python_formula(formula), {"F": F, "abs": abs, "min": min, "max": max}, dict(values))


def holds(assertion: str, values: dict[str, F]) -> bool:
    if "~=" in assertion:  # a ~= b [within T]: |a - b| <= T, with T = 0 when not given
        left, right = assertion.split("~=")
        right, _, tolerance = right.partition(" within ")
        limit = evaluate(tolerance, values) if tolerance else F(0)
        return abs(evaluate(left, values) - evaluate(right, values)) <= limit
    for op in ("<=", ">=", "<", ">"):
        if op in assertion:
            left, right = assertion.split(op)
            a, b = evaluate(left, values), evaluate(right, values)
            return {"<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b}[op]
    raise AssertionError(assertion)


def assert_witness(
    path: Path, verdict: Verdict, overrides: list[tuple[str, str]], exclude: tuple[str, ...] = ()
) -> None:
    """Every figure within its bounds, counts whole, every metric as its formula gives, every check holding."""
    dataset = load(path, overrides=overrides)
    assert verdict.status == "consistent"
    values = {name: verdict.witness[name] for name in dataset.figures}
    for name, figure in dataset.figures.items():
        assert figure.base_bounds.contains(values[name]), name
    for name in dataset.order:
        values[name] = evaluate(dataset.metrics[name].formula, values)
        assert verdict.witness[name] == values[name], name
    for check in dataset.checks:
        if check.name not in exclude:
            assert holds(check.assertion, values), check.name


# -- the shipped article with a reference rate ----------------------------------------------


def test_the_2016_average_rate_conflicts_with_the_two_output_figures() -> None:
    low, high = F("38.85") / F("5.65"), F("38.95") / F("5.55")  # the implied rate's range
    assert not (low <= F("6.64235") and F("6.64225") <= high)  # so the conflict below is real
    verdict = consistency(load(RATE_FILE))
    assert verdict.status == "inconsistent"
    assert set(verdict.conflict) == {
        Member("figure", "reference_cny_per_usd"),
        Member("figure", "hightech_output_2016"),
        Member("figure", "hightech_output_2016_usd"),
        Member("check", AGREEMENT),
    }
    assert verdict.path == ("implied_cny_per_usd",)
    assert verdict.minimal


def test_the_early_2017_spot_rate_has_an_exact_witness() -> None:
    overrides = [("reference_cny_per_usd", "6.88")]
    verdict = consistency(load(RATE_FILE, overrides=overrides))
    assert_witness(RATE_FILE, verdict, overrides)
    cny, usd, rate = (
        verdict.witness[n] for n in ("hightech_output_2016", "hightech_output_2016_usd", "reference_cny_per_usd")
    )
    assert F("38.85") * BILLION <= cny <= F("38.95") * BILLION
    assert F("5.55") * BILLION <= usd <= F("5.65") * BILLION
    assert F("6.875") <= rate <= F("6.885")
    assert cny / usd == rate


def test_each_member_of_the_conflict_is_needed() -> None:
    """Freeing any one figure or dropping the check leaves a problem with a witness, checked here."""
    dataset = load(RATE_FILE)
    problem = Problem.of(dataset)
    conflict = consistency(dataset).conflict
    for member in conflict:
        rest = tuple(m for m in conflict if m != member)
        decision = decide(problem, rest)
        assert decision.status == "consistent", member
        assert decision.witness is not None
        witness = decision.witness
        cny, usd = witness["hightech_output_2016"], witness["hightech_output_2016_usd"]
        rate = witness["reference_cny_per_usd"]
        if member.kind == "check":
            continue  # nothing relates the rates any more
        assert cny / usd == rate
        for name, (lo, hi) in {
            "hightech_output_2016": (F("38.85") * BILLION, F("38.95") * BILLION),
            "hightech_output_2016_usd": (F("5.55") * BILLION, F("5.65") * BILLION),
            "reference_cny_per_usd": (F("6.64225"), F("6.64235")),
        }.items():
            if name != member.name:
                assert lo <= witness[name] <= hi, name


def test_the_shipped_data_is_consistent_with_a_witness() -> None:
    path = ROOT / "data" / "indicators.yaml"
    assert_witness(path, consistency(load(path)), [])


def test_an_excluded_check_is_left_out() -> None:
    verdict = consistency(load(RATE_FILE), exclude=(AGREEMENT,))
    assert_witness(RATE_FILE, verdict, [], exclude=(AGREEMENT,))


def test_excluding_an_unknown_check_is_an_error() -> None:
    from laoshan_cli.core.errors import UsageError

    with pytest.raises(UsageError, match="no check named"):
        consistency(load(RATE_FILE), exclude=("implied exchange rate agrees",))


# -- whole numbers: the GRIM test -----------------------------------------------------


def grim_possible(total: int) -> bool:
    """Whether some whole number of projects is 69.5 % to 70.5 % of `total` (brute force)."""
    return any(F(695, 1000) * total <= k <= F(705, 1000) * total for k in range(total + 1))


GRIM = """
figures:
  projects: {{value: {total}, unit: projects{hedge}}}
  share: {{value: 70, unit: percent}}
metrics:
  share_projects: {{formula: projects * share, unit: projects, whole: true}}
"""


@pytest.mark.parametrize("total", range(90, 101))
def test_grim_seventy_percent_of_each_total(total: int) -> None:
    verdict = verdict_of(GRIM.format(total=total, hedge=""))
    assert verdict.status == ("consistent" if grim_possible(total) else "inconsistent")
    if verdict.status == "consistent":
        assert verdict.witness["projects"] == total
        assert F(695, 1000) <= verdict.witness["share"] <= F(705, 1000)
        assert (total * verdict.witness["share"]).denominator == 1
    else:
        assert set(verdict.conflict) == {
            Member("figure", "projects"),
            Member("figure", "share"),
            Member("whole", "share_projects"),
        }


def test_grim_ten_of_eleven_totals_are_possible_and_95_is_not() -> None:
    possible = [n for n in range(90, 101) if grim_possible(n)]
    assert len(possible) == 10 and 95 not in possible
    found = [n for n in range(90, 101) if verdict_of(GRIM.format(total=n, hedge="")).status == "consistent"]
    assert found == possible


def test_nearly_100_projects_can_be_70_percent_whole() -> None:
    verdict = verdict_of(GRIM.format(total=100, hedge=", qualifier: nearly"))
    assert verdict.status == "consistent"
    total = verdict.witness["projects"]
    assert total.denominator == 1 and 90 <= total <= 100 and grim_possible(int(total))
    assert (total * verdict.witness["share"]).denominator == 1


def test_without_whole_the_share_of_95_is_fine() -> None:
    assert verdict_of(GRIM.format(total=95, hedge="").replace(", whole: true", "")).status == "consistent"


def test_a_plain_count_figure_takes_whole_values() -> None:
    """3 to 4 companies (a range, so not exact) with 7/2 companies excluded by a check: 3 or 4 remain."""
    text = """
figures:
  companies: {value: 3 to 4, unit: companies}
checks:
  - {name: more than three, assert: "companies > 3 [companies]"}
"""
    verdict = verdict_of(text)
    assert verdict.status == "consistent" and verdict.witness["companies"] == 4
    strict = text.replace("companies > 3", "companies > 3.5").replace("more than three", "more")
    assert verdict_of(strict).witness["companies"] == 4
    none = text.replace("companies > 3 [companies]", "companies < 3 [companies]")
    verdict = verdict_of(none)
    assert verdict.status == "inconsistent"
    assert set(verdict.conflict) == {Member("figure", "companies"), Member("check", "more than three")}


def test_strict_comparisons_at_a_point() -> None:
    text = "figures:\n  a: {value: 2, exact: true}\nchecks:\n  - {name: below, assert: a < 2}\n"
    assert verdict_of(text).status == "inconsistent"
    assert verdict_of(text.replace("a < 2", "a <= 2")).status == "consistent"


def test_a_chain_of_sums_and_products() -> None:
    """x + y = s and x * y = p over rounded figures; a witness must satisfy both exactly."""
    text = """
figures:
  x: {value: 1.5}
  y: {value: 2.5}
  s: {value: 4.0}
  p: {value: 3.8}
metrics:
  sum_gap: {formula: x + y - s}
  product_gap: {formula: x * y - p}
checks:
  - {name: sum holds low, assert: sum_gap >= 0}
  - {name: sum holds high, assert: sum_gap <= 0}
  - {name: product holds low, assert: product_gap >= 0}
  - {name: product holds high, assert: product_gap <= 0}
"""
    verdict = verdict_of(text)
    assert verdict.status == "consistent"
    w = verdict.witness
    assert w["x"] + w["y"] == w["s"] and w["x"] * w["y"] == w["p"]
    for name, (lo, hi) in {"x": ("1.45", "1.55"), "y": ("2.45", "2.55"), "s": ("3.95", "4.05")}.items():
        assert F(lo) <= w[name] <= F(hi)
    # The product is at most 1.55 * 2.55 = 3.9525: 4.1 (4.05 at least) misses it.
    assert F("1.55") * F("2.55") < F("4.05")
    assert verdict_of(text.replace("3.8", "4.1")).status == "inconsistent"


def test_the_witness_prefers_short_numbers() -> None:
    verdict = verdict_of("figures:\n  a: {value: 38.9, unit: billion CNY}\n")
    assert verdict.witness["a"] == F("38.9") * BILLION
    assert math.isclose(float(verdict.witness["a"]), 38.9e9)


def test_roots_bracket_the_real_root() -> None:
    from laoshan_cli.core.solve.hc4 import root

    for exponent in (2, 3, 5):
        for value in (F(2), F(1, 3), F(10**12 + 1, 7), F(81), F(1, 10**20)):
            low, high = root(value, exponent, up=False), root(value, exponent, up=True)
            assert low**exponent <= value <= high**exponent
            assert high - low <= F(1, 2**60) * max(high, F(1))
    assert root(F(81, 16), 4, up=False) == root(F(81, 16), 4, up=True) == F(3, 2)


def test_a_count_whose_bounds_hold_no_whole_number_is_inconsistent() -> None:
    """40.2 to 40.8 items (a range, so not exact) holds no whole number of items."""
    verdict = verdict_of("figures:\n  a: {value: 40.2 to 40.8, unit: items}\n")
    assert verdict.status == "inconsistent" and verdict.conflict == (Member("figure", "a"),)
    verdict = verdict_of(
        "figures:\n  a: {value: 39.5 to 42.5, unit: items}\nchecks:\n  - {name: odd, assert: 'a >= 40 [items]'}\n"
    )
    assert verdict.status == "consistent" and verdict.witness["a"] in (40, 41, 42)


def test_a_formula_nested_to_the_deepest_limit_is_decided() -> None:
    from laoshan_cli.core.limits import Limits

    depth = 200
    formula = "(" * depth + "a" + " + 1)" * depth
    limits = Limits(max_formula_depth=depth)
    lines = ["figures:", "  a: {value: 1.5}", "metrics:", f'  m: {{formula: "{formula}"}}', "checks:"]
    text = "\n".join([*lines, "  - {name: c, assert: m > 200}", ""])
    verdict = consistency(load_bytes(text.encode(), "deep.yaml", limits=limits))
    assert verdict.status == "consistent" and verdict.witness["m"] == verdict.witness["a"] + depth
    beyond = text.replace("m > 200", "m > 202")  # m is at most 1.55 + 200
    assert consistency(load_bytes(beyond.encode(), "deep.yaml", limits=limits)).status == "inconsistent"
