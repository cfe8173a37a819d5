"""Agreement checks, `a ~= b (within T)`: verdicts, the range of left - right, gap messages, explain.

Every expected range is worked out here without laoshan: by brute force over
the corners of the figures' box (exact.corner_range) where the difference is
monotone in each figure, and over a fine grid of exact fractions where it is
not. A figure stated as 38.9 covers [38.85, 38.95]; a whole number with a
scale or a currency in its unit covers ± 0.5.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke
from exact import Box, corner_range, is_largest_float_at_or_below, is_smallest_float_at_or_above, rounded
from hypothesis import given
from hypothesis import strategies as st
from test_properties import (
    PROPERTY,
    Tree,
    boxes,
    corners,
    data_file,
    exact_box,
    monotone,
    monotone_cases,
    point,
    text_of,
)

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.engine import Engine, agreement_of
from laoshan_cli.core.errors import LaoshanError
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.results import CheckResult
from laoshan_cli.loading.loader import load_bytes
from laoshan_cli.output.junit import junit_xml
from laoshan_cli.output.views import verdict_text

BILLION = F(10**9)
YI = F(10**8)  # 亿
WAN_YI = F(10**12)  # 万亿

DATA = """\
figures:
  a: {value: 100.0, unit: billion CNY}
  b: {value: 1.0, unit: billion CNY}
  c: {value: 1.2, unit: billion CNY}
  x: {value: 2.0, unit: billion CNY}
  y: {value: 2.3, unit: billion CNY}
  d: {value: 2.0}
  e: {value: 2.5}
  gdp_zh: {value: 39038.1, unit: 亿元}
  gdp_en: {value: 3.90381, unit: 万亿元}
  gdp_zh_whole: {value: 39038, unit: 亿元}
  gdp_en_rounded: {value: 3.91, unit: 万亿元}
  patents: {value: 1500, qualifier: more than, unit: patents}
metrics:
  a_over_e: {formula: a / e, unit: billion CNY}
checks:
  - name: x agrees with y
    assert: x ~= y
  - name: x agrees with y within 0.2
    assert: x ~= y within 0.2 [billion CNY]
  - name: x agrees with y within 0.19
    assert: x ~= y within 0.19 [billion CNY]
  - name: the shared figure cancels
    assert: a - b ~= a - c
  - name: the same figure on both sides
    assert: x ~= x * 1.0
  - name: a over d against a metric of a
    assert: a / d ~= a_over_e
  - name: the translation agrees
    assert: gdp_zh ~= gdp_en
  - name: a rounded translation disagrees
    assert: gdp_zh_whole ~= gdp_en_rounded
  - name: x is not zero
    assert: x ~= 0 [billion CNY]
  - name: more than 1500 can be 1500
    assert: patents ~= 1500 [patents]
  - name: more than 1500 is unbounded above
    assert: patents > 1000 [patents]
"""

BOX: Box = {
    "a": rounded("100.0"),
    "b": rounded("1.0"),
    "c": rounded("1.2"),
    "x": rounded("2.0"),
    "y": rounded("2.3"),
    "d": rounded("2.0"),
    "e": rounded("2.5"),
}


def results(text: str = DATA, limits: Limits | None = None) -> dict[str, CheckResult]:
    dataset = load_bytes(text.encode(), "agree.yaml", limits=limits)
    return {result.name: result for result in Engine(dataset).checks()}


@pytest.fixture(scope="module")
def checks() -> dict[str, CheckResult]:
    return results()


def box_of(*names: str) -> Box:
    return {name: BOX[name] for name in names}


def difference_in(result: CheckResult, scale: F) -> tuple[F | None, F | None]:
    lo, hi = result.difference.lo, result.difference.hi
    return (None if lo is None else lo / scale), (None if hi is None else hi / scale)


# -- verdicts and the range of left - right --------------------------------------


def test_disjoint_sides_are_inconsistent(checks: dict[str, CheckResult]) -> None:
    _, lo, hi = corner_range(lambda x, y: x - y, box_of("x", "y"))
    assert (lo, hi) == (F(-4, 10), F(-2, 10))  # by hand: 1.95 - 2.35 and 2.05 - 2.25
    result = checks["x agrees with y"]
    assert (result.status, result.tight) == ("fail", True)
    assert difference_in(result, BILLION) == (lo, hi)


def test_within_allows_a_difference_up_to_the_tolerance_closed(checks: dict[str, CheckResult]) -> None:
    # The closest the sides come is 0.2 apart: a tolerance of 0.2 reaches it (the ends are closed), 0.19 does not.
    assert checks["x agrees with y within 0.2"].status == "pass"
    assert checks["x agrees with y within 0.2"].tolerance == F(2, 10) * BILLION
    assert checks["x agrees with y within 0.19"].status == "fail"


def test_a_figure_on_both_sides_takes_one_value(checks: dict[str, CheckResult]) -> None:
    # (a - b) - (a - c) = c - b whatever a is: [0.1, 0.3], although a - b and a - c overlap as intervals.
    _, lo, hi = corner_range(lambda a, b, c: (a - b) - (a - c), box_of("a", "b", "c"))
    assert (lo, hi) == (F(1, 10), F(3, 10))
    result = checks["the shared figure cancels"]
    # As intervals the sides touch: a - b is [98.9, 99.1] and a - c is [98.7, 98.9].
    assert result.left.bounds.lo == result.right.bounds.hi == F(989, 10) * BILLION
    assert (result.status, result.tight) == ("fail", True)
    assert difference_in(result, BILLION) == (lo, hi)


def test_the_same_figure_on_both_sides_is_consistent_exactly(checks: dict[str, CheckResult]) -> None:
    result = checks["the same figure on both sides"]
    assert (result.status, result.tight) == ("pass", True)
    assert difference_in(result, BILLION) == (F(0), F(0))


def test_a_figure_inside_a_metric_on_the_other_side(checks: dict[str, CheckResult]) -> None:
    # a / d - a / e with a, d, e rounded: monotone in each (1/d - 1/e > 0 over the box), so corners hold the range.
    _, lo, hi = corner_range(lambda a, d, e: a / d - a / e, box_of("a", "d", "e"))
    result = checks["a over d against a metric of a"]
    assert difference_in(result, BILLION) == (lo, hi)
    assert lo > 0
    assert (result.status, result.tight) == ("fail", True)


def test_the_english_and_chinese_figures_agree(checks: dict[str, CheckResult]) -> None:
    # 39038.1 亿元 is [39038.05, 39038.15] 亿; 3.90381 万亿元 is [3.903805, 3.903815] 万亿, the same span.
    zh, en = rounded("39038.1"), rounded("3.90381")
    _, lo, hi = corner_range(lambda z, e: z * YI - e * WAN_YI, {"z": zh, "e": en})
    result = checks["the translation agrees"]
    assert (result.status, result.tight) == ("pass", True)
    assert result.unit.scale == YI
    assert difference_in(result, YI) == (lo / YI, hi / YI) == (F(-1, 10), F(1, 10))


def test_a_rounded_translation_that_cannot_agree(checks: dict[str, CheckResult]) -> None:
    # 39038 亿元 is a whole number in a scaled currency, so ± 0.5: [39037.5, 39038.5]; 3.91 万亿 is [39050, 39150] 亿.
    _, lo, hi = corner_range(
        lambda z, e: z - e * 10**4, {"z": (F(39038), F(78075, 2), F(78077, 2)), "e": rounded("3.91")}
    )
    assert (lo, hi) == (F(-225, 2), F(-23, 2))
    result = checks["a rounded translation disagrees"]
    assert result.status == "fail"
    assert difference_in(result, YI) == (lo, hi)


def test_an_open_end_is_closed(checks: dict[str, CheckResult]) -> None:
    # "more than 1500" is [1500, unbounded): equal to 1500 at its closed end, so consistent.
    result = checks["more than 1500 can be 1500"]
    assert result.status == "pass"
    assert (result.difference.lo, result.difference.hi) == (F(0), None)


def grid_range(formula: Callable[[F], F], low: F, high: F, steps: int = 400) -> tuple[F, F]:
    values = [formula(low + (high - low) * F(i, steps)) for i in range(steps + 1)]
    return min(values), max(values)


SQUARE = """\
figures:
  x: {value: 0, low: -1, high: 1}
metrics:
  sq: {formula: x * x}
checks:
  - name: the square meets minus a half
    assert: x * x ~= -0.5
  - name: the square meets zero
    assert: x * x ~= 0
  - name: the square meets a quarter
    assert: x * x ~= 0.25
  - name: loosely, the square meets minus a half
    assert: sq - x * x + x * x ~= -0.5
  - name: loosely, the square meets zero
    assert: sq - x * x + x * x ~= 0
  - name: loosely, the square meets a quarter
    assert: sq - x * x + x * x ~= 0.25
"""


def test_loose_bounds_leave_an_agreement_uncertain_and_tight_ones_decide() -> None:
    # x*x and x*x - x*x + x*x over [-1, 1] both range over [0, 1] (a grid of exact fractions holds both ends).
    assert grid_range(lambda x: x * x, F(-1), F(1)) == (F(0), F(1))
    low, high = grid_range(lambda x: x * x - x * x + x * x, F(-1), F(1))
    assert (low, high) == (F(0), F(1))
    found = list(results(SQUARE).values())
    tight, loose = found[:3], found[3:]
    assert [(r.status, r.tight) for r in tight] == [("fail", True), ("pass", True), ("pass", True)]
    assert difference_in(tight[0], F(1)) == (low + F(1, 2), high + F(1, 2))
    # Interval derivatives cannot show the three-term form monotone, so its bounds stay loose:
    # they reach below zero, so -0.5 is neither ruled out nor proven.
    first, zero, quarter = loose
    assert (first.status, first.tight) == ("uncertain", False)
    lo, hi = difference_in(first, F(1))
    assert lo is not None and hi is not None and lo < low + F(1, 2) and hi >= high + F(1, 2)
    message = verdict_text(first)
    assert message is not None and "not proven tight" in message and "max_tightening_work" in message
    # At the stated value x = 0 the square is 0: a witness, so "meets zero" passes however loose the bounds.
    assert (zero.status, zero.tight) == ("pass", False)
    assert (quarter.status, quarter.tight) == ("uncertain", False)
    assert verdict_text(zero) is None


@pytest.mark.parametrize(
    ("lo", "hi", "tolerance", "tight", "witness", "status"),
    [
        (F(1), F(2), F(0), True, F(1), "fail"),
        (F(1), F(2), F(1), True, F(1), "pass"),
        (F(-2), F(-1), F(1, 2), True, F(-1), "fail"),
        (None, F(-1), F(1), False, F(-1), "pass"),  # the witness is inside the tolerance
        (None, F(1), F(0), False, F(-3), "uncertain"),
        (None, None, F(0), True, F(5), "pass"),
        (F(0), F(0), F(0), False, F(0), "pass"),
    ],
)
def test_agreement_of(lo: F | None, hi: F | None, tolerance: F, tight: bool, witness: F, status: str) -> None:
    assert agreement_of(Interval(lo, hi), tolerance, tight, witness) == status


# -- the tolerance ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assertion", "column", "message", "hint"),
    [
        ("x ~= y within y", 15, "a tolerance is a constant, but 'y' is a name", "within 0.5 [billion CNY]"),
        ("x ~= y within -0.1 [billion CNY]", 15, "the tolerance is negative", "without a minus sign"),
        ("x ~= y within 0.1", 15, "the tolerance is the bare number 0.1", "`within 0.1 [billion CNY]`"),
        (
            "x ~= y within 1%",
            15,
            "the tolerance is a percent, but the sides are in billion CNY",
            "a / b ~= 1 within 1%",
        ),
        ("x ~= y within 1 [patents]", 15, "the tolerance is in patent, but the sides are in billion CNY", None),
        ("s ~= 50% within 1", 17, "the tolerance is the bare number 1", "did you mean `within 1%`?"),
        ("x < y within 1 [billion CNY]", 7, "'within' goes with ~=, not <", "a ~= b within T"),
        ("x ~= y within", 8, "'within' needs a tolerance", "within 0.5 [billion CNY]"),
        ("x ~= y within 1 [billion CNY] x", 31, "unexpected 'x'", None),
    ],
)
def test_tolerance_errors_point_at_the_assert(assertion: str, column: int, message: str, hint: str | None) -> None:
    text = TOLERANCE_DATA + f"    assert: {assertion}\n"
    with pytest.raises(LaoshanError) as caught:
        load_bytes(text.encode(), "t.yaml")
    error = caught.value
    assert error.location is not None and (error.location.line, error.location.column) == (8, 12 + column)
    assert message in error.message
    if hint is not None:
        assert error.hint is not None and hint in error.hint


@pytest.mark.parametrize(
    ("assertion", "status"),
    [
        # s is 50 percent, a whole number: [49.5, 50.5]; against 51.2%, left - right is [-1.7, -0.7] percent.
        ("s ~= 51.2%", "fail"),
        ("s ~= 51.2% within 0.7%", "pass"),
        ("s ~= 51.2% within 0.6 [percentage points]", "fail"),
        # r is 0.3: [0.25, 0.35]; against 0.5, left - right is [-0.25, -0.15].
        ("r ~= 0.5 within 0.15", "pass"),
        ("r ~= 0.5 within 0.1", "fail"),
        ("r ~= 0.5 within 15%", "pass"),
        ("r ~= 0.5 within 0.3 / 2", "pass"),  # a constant formula is a tolerance too
        # x - y is [-0.4, -0.2] billion CNY.
        ("x ~= y within 0 [billion CNY]", "fail"),
        ("x ~= y within 0", "fail"),  # zero goes with any unit
        ("x ~= y within 200 [million CNY]", "pass"),
    ],
)
def test_tolerances_in_the_sides_unit(assertion: str, status: str) -> None:
    text = TOLERANCE_DATA + f"    assert: {assertion}\n"
    [result] = results(text).values()
    assert result.status == status


TOLERANCE_DATA = """\
figures:
  x: {value: 2.0, unit: billion CNY}
  y: {value: 2.3, unit: billion CNY}
  s: {value: 50, unit: percent}
  r: {value: 0.3}
checks:
  - name: c
"""


# -- messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        # left - right is [-0.4, -0.2]: right is higher by 0.2 at the least, and 0.2 / 2.3 is 8.695...%.
        ("x agrees with y", "right is higher by at least 0.2 billion CNY (8.69% of the right side)"),
        (
            "x agrees with y within 0.19",
            "right is higher by at least 0.2 billion CNY (8.69% of the right side), "
            "0.01 beyond the tolerance of 0.19 billion CNY",
        ),
        # c - b is [0.1, 0.3]; the right side's value is 100.0 - 1.2 = 98.8, and 0.1 / 98.8 is 0.1012...%.
        ("the shared figure cancels", "left is higher by at least 0.1 billion CNY (0.101% of the right side)"),
        ("x is not zero", "left is higher by at least 1.95 billion CNY (the right side is 0, so no share of it)"),
        # [39037.5, 39038.5] against [39050, 39150]: 11.5 at the least, and 11.5 / 39100 is 0.02941...%.
        (
            "a rounded translation disagrees",
            "right is higher by at least 11.5 亿元 (0.0294% of the right",
        ),  # in the file's own words
        ("x agrees with y within 0.2", None),
        ("the translation agrees", None),
        ("more than 1500 is unbounded above", None),  # not an agreement check
    ],
)
def test_gap_messages(checks: dict[str, CheckResult], name: str, message: str | None) -> None:
    text = verdict_text(checks[name])
    if message is None:
        assert text is None
    else:
        assert text is not None and text.startswith(message)


def test_a_gap_is_rounded_down_so_at_least_stays_true() -> None:
    # 1/3 apart: shown as 0.333333, never 0.333334, and 1/3 of 1 as 33.3%.
    text = "figures:\n  p: {value: 1, exact: true}\nchecks:\n  - name: c\n    assert: p ~= p * 2 / 3\n"
    [result] = results(text).values()
    assert verdict_text(result) == "left is higher by at least 0.333333 (50% of the right side)"
    text = "figures:\n  p: {value: 2, exact: true}\nchecks:\n  - name: c\n    assert: p * 2 / 3 ~= p\n"
    [result] = results(text).values()
    assert verdict_text(result) == "right is higher by at least 0.666666 (33.3% of the right side)"


def test_the_table_and_junit_say_how_far_apart(invoke: Invoke, tmp_path: Path, checks: dict[str, CheckResult]) -> None:
    path = tmp_path / "agree.yaml"
    path.write_text(DATA, encoding="utf-8")
    result = invoke(["--data", str(path), "check"])
    assert result.exit_code == 1
    assert "x agrees with y: right is higher by at least 0.2 billion CNY (8.69% of the right side)\n" in result.stdout
    assert "the translation agrees:" not in result.stdout
    root = ET.fromstring(junit_xml(list(checks.values()), suite="agree.yaml", strict=False))
    cases = {case.get("name"): case for case in root.iter("testcase")}
    failure = cases["x agrees with y"].find("failure")
    assert failure is not None
    assert "inconsistent: the sides cannot be equal" in (failure.get("message") or "")
    assert "right is higher by at least 0.2 billion CNY" in (failure.get("message") or "")
    assert "gap:    right is higher by at least 0.2 billion CNY (8.69% of the right side)" in (failure.text or "")
    assert cases["the translation agrees"].find("failure") is None


# -- machine output -------------------------------------------------------------------


def test_json_and_csv_give_the_range_of_left_minus_right(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "agree.yaml"
    path.write_text(DATA, encoding="utf-8")
    rows = {row["name"]: row for row in json.loads(invoke(["--data", str(path), "check", "--format", "json"]).stdout)}
    table = invoke(["--data", str(path), "check", "--format", "csv"]).stdout
    reader = list(csv.reader(io.StringIO(table)))
    header = reader[0]
    old = ["name", "assert", "status", "tight", "unit", "left", "left_low", "left_high", "right", "right_low"]
    assert header == [*old, "right_high", "difference_low", "difference_high", "rests_on"]
    cells = {line[0]: dict(zip(header, line, strict=True)) for line in reader[1:]}
    # x - y is [-0.4, -0.2] billion CNY, rounded outward to floats.
    row = rows["x agrees with y"]
    assert is_largest_float_at_or_below(row["difference_low"], F(-4, 10))
    assert is_smallest_float_at_or_above(row["difference_high"], F(-2, 10))
    assert float(cells["x agrees with y"]["difference_low"]) == row["difference_low"]
    # patents - 1000 for "more than 1500" patents is [500, unbounded): null in JSON, an empty cell in CSV.
    row = rows["more than 1500 is unbounded above"]
    assert (row["difference_low"], row["difference_high"]) == (500.0, None)
    assert (cells["more than 1500 is unbounded above"]["difference_high"]) == ""
    # In the check's unit: 亿 (the left side's scale), -0.1 … 0.1.
    row = rows["the translation agrees"]
    assert is_largest_float_at_or_below(row["difference_low"], F(-1, 10))
    assert is_smallest_float_at_or_above(row["difference_high"], F(1, 10))


def test_the_cache_keeps_the_operator_and_tolerance(checks: dict[str, CheckResult]) -> None:
    from laoshan_cli.cli.cache import Entry, encode

    found = list(checks.values())
    data = encode("k" * 64, [], found)
    assert data is not None
    entry = Entry.parse("k" * 64, data)
    assert entry is not None
    again = entry.checks()
    assert again == found
    assert [r.op for r in again].count("~=") == 10
    assert [verdict_text(r) for r in again] == [verdict_text(r) for r in found]


# -- explain ---------------------------------------------------------------------------


def test_explain_a_check_shows_both_sides_and_the_budget_of_their_difference(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "agree.yaml"
    path.write_text(DATA, encoding="utf-8")
    result = invoke(["--data", str(path), "explain", "the shared figure cancels", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")
    explained = json.loads(result.stdout)
    assert explained["check"]["status"] == "fail"
    assert explained["check"]["message"].startswith("left is higher by at least 0.1 billion CNY")
    left, right = explained["left"], explained["right"]
    assert (left["name"], left["formula"], [i["name"] for i in left["inputs"]]) == ("left", "a - b", ["a", "b"])
    assert (right["name"], right["formula"], [i["name"] for i in right["inputs"]]) == ("right", "a - c", ["a", "c"])
    assert left["value"] == float(F(100) - F(1))
    # (a - b) - (a - c) = c - b: a alone moves nothing; b and c alone each span 0.1.
    budget = {row["name"]: (row["width"], row["unit"]) for row in explained["budget"]}
    tenth = float(F(1, 10))  # the nearest float, as JSON gives every width
    assert budget == {"a": (0.0, "billion CNY"), "b": (tenth, "billion CNY"), "c": (tenth, "billion CNY")}
    shares = {row["name"]: row["share"] for row in explained["budget"]}
    assert shares == {"a": 0.0, "b": 0.5, "c": 0.5}

    text = invoke(["--data", str(path), "explain", "the shared figure cancels"]).stdout
    lines = text.splitlines()
    assert lines[:4] == [
        "check: the shared figure cancels",
        "assert: a - b ~= a - c",
        "status: FAIL",
        "left is higher by at least 0.1 billion CNY (0.101% of the right side)",
    ]
    assert "left - right: [0.1 … 0.3] billion CNY" in lines
    assert lines.index("Left side") < lines.index("Right side")
    assert "left = 99 billion CNY  [98.9 … 99.1]" in lines
    assert "right = 98.8 billion CNY  [98.7 … 98.9]" in lines
    assert "Uncertainty budget of left - right (each input varied alone)" in lines

    rows = list(
        csv.DictReader(
            io.StringIO(invoke(["--data", str(path), "explain", "x agrees with y", "--format", "csv"]).stdout)
        )
    )
    assert [(row["side"], row["depth"], row["name"]) for row in rows] == [("left", "0", "x"), ("right", "0", "y")]
    plain = invoke(["--data", str(path), "explain", "x agrees with y", "--format", "plain"]).stdout
    assert plain == "fail\n"


def test_explain_a_metric_side_shows_its_derivation(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "agree.yaml"
    path.write_text(DATA, encoding="utf-8")
    explained = json.loads(
        invoke(["--data", str(path), "explain", "a over d against a metric of a", "--format", "json"]).stdout
    )
    right = explained["right"]
    assert (right["name"], right["kind"], right["formula"]) == ("a_over_e", "metric", "a / e")
    assert [i["name"] for i in right["inputs"]] == ["a", "e"]
    assert {row["name"] for row in explained["budget"]} == {"a", "d", "e"}


CLASH = """\
figures:
  m: {value: 2.0}
checks:
  - name: m
    assert: m ~= 2
  - name: m is small
    assert: m < 3
"""


def test_a_name_that_is_a_figure_and_a_check(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "clash.yaml"
    path.write_text(CLASH, encoding="utf-8")
    figure = invoke(["--data", str(path), "explain", "m", "--format", "json"])
    assert figure.exit_code == 0
    assert json.loads(figure.stdout)["tree"]["name"] == "m"
    assert "'m' is also a check's name" in figure.stderr and "--check" in figure.stderr
    check = invoke(["--data", str(path), "explain", "--check", "m", "--format", "json"])
    assert (check.exit_code, check.stderr) == (0, "")
    assert json.loads(check.stdout)["check"]["assert"] == "m ~= 2"
    missing = invoke(["--data", str(path), "explain", "--check", "m is smal"])
    assert missing.exit_code != 0 and "no check named 'm is smal'" in missing.stderr
    assert "did you mean 'm is small'?" in missing.stderr
    unknown = invoke(["--data", str(path), "explain", "m is smal"])
    assert "no figure, metric or check named" in unknown.stderr and "'m is small'" in unknown.stderr


def test_the_cartesian_product_of_tolerance_and_sides_matches_brute_force() -> None:
    """Verdicts over a small family, each against its own brute force over the corners (differences are monotone)."""
    lefts = ["2.0", "2.3", "3.0"]
    rights = ["2.1", "2.5"]
    tolerances = ["0", "0.05", "0.15", "0.4"]
    for left, right, tolerance in itertools.product(lefts, rights, tolerances):
        text = (
            f"figures:\n  p: {{value: {left}, unit: CNY}}\n  q: {{value: {right}, unit: CNY}}\n"
            f"checks:\n  - name: c\n    assert: p ~= q within {tolerance} [CNY]\n"
        )
        [result] = results(text).values()
        _, lo, hi = corner_range(lambda p, q: p - q, {"p": rounded(left), "q": rounded(right)})
        t = F(tolerance)
        expected = "fail" if lo > t or hi < -t else "pass"
        assert (result.status, difference_in(result, F(1))) == (expected, (lo, hi)), (left, right, tolerance)


BILINGUAL = Path(__file__).resolve().parent / "cases" / "govcn-industrial-profits-2018-07-bilingual.yaml"


def test_a_real_mistranslation_is_inconsistent(invoke: Invoke) -> None:
    """The reprint's English line says 390.83 billion yuan for 39038.1亿元 (3,903.81 billion)."""
    assert invoke(["validate", "--strict", str(BILINGUAL)]).exit_code == 0
    rows = json.loads(invoke(["--data", str(BILINGUAL), "check", "--format", "json"]).stdout)
    assert [row["status"] for row in rows] == ["fail", "pass", "pass"]
    # In billion CNY: [390.825, 390.835] against [3903.805, 3903.815].
    _, lo, hi = corner_range(lambda en, zh: en - zh * YI / BILLION, {"en": rounded("390.83"), "zh": rounded("39038.1")})
    assert (lo, hi) == (F("-3512.99"), F("-3512.97"))
    assert is_largest_float_at_or_below(rows[0]["difference_low"], lo)
    assert is_smallest_float_at_or_above(rows[0]["difference_high"], hi)
    # 3512.97 / 3903.81 is 0.89988...: 89.9%, rounded down.
    assert F("89.9") <= F("3512.97") / F("3903.81") * 100 < F("90")
    table = invoke(["--data", str(BILINGUAL), "check"])
    assert table.exit_code == 1
    assert (
        "the English total agrees with the Chinese: right is higher by at least 3,512.97 billion yuan "
        "(89.9% of the right side)" in " ".join(table.stdout.split())  # notes wrap at the width, between words
    )


# -- a property: shared figures, monotone sides, against the corners ------------------------------------------


@PROPERTY
@given(monotone_cases(), st.data(), boxes(low=1, high=500), st.sampled_from(["0", "0.5", "3", "40"]))
def test_agreement_of_monotone_sides_matches_the_corners(
    case: tuple[Tree, tuple[str, ...], tuple[str, ...]],
    data: st.DataObject,
    box: dict[str, tuple[int, int, int]],
    tolerance: str,
) -> None:
    """left rises in `up` and falls in `down`, right the other way, over the same figures: so left - right is
    monotone in each figure and its range is the min and max over the box's corners."""
    left, up, down = case
    right = data.draw(monotone(down, up))
    exact = exact_box(box)
    differences = [point(left, env) - point(right, env) for env in corners(exact)]
    lo, hi = min(differences), max(differences)
    t = F(tolerance)
    expected = "fail" if lo > t or hi < -t else "pass"
    assertion = f"{text_of(left)} ~= {text_of(right)} within {tolerance}"
    text = data_file(box, {}).decode() + f"checks:\n  - name: c\n    assert: '{assertion}'\n"
    [result] = Engine(load_bytes(text.encode(), "t.yaml")).checks()
    assert result.difference.contains(lo) and result.difference.contains(hi), assertion
    if result.tight:
        assert (result.status, result.difference) == (expected, Interval(lo, hi)), assertion
    else:
        assert result.status in (expected, "uncertain"), assertion


def test_a_check_name_in_a_note_is_shown_inert(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "weird.yaml"
    path.write_text(
        'figures:\n  p: {value: 1, exact: true}\nchecks:\n  - name: "red\\e[31m \\u202e"\n    assert: p ~= 2\n',
        encoding="utf-8",
    )
    for args in (["check"], ["explain", "red\x1b[31m \u202e"]):
        result = invoke(["--data", str(path), *args])
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "red\\x1b[31m \\u202e" in result.stdout, args
    [note] = [line for line in invoke(["--data", str(path), "check"]).stdout.splitlines() if "higher" in line]
    assert note == "red\\x1b[31m \\u202e: right is higher by at least 1 (50% of the right side)"


def test_explain_depth_counts_below_each_side(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(
        "figures:\n  a: {value: 1.0}\n  b: {value: 2.0}\nmetrics:\n  m: {formula: a + b}\n  n: {formula: m * 2}\n"
        "checks:\n  - name: deep\n    assert: n + a ~= m\n",
        encoding="utf-8",
    )
    result = invoke(["--data", str(path), "explain", "deep", "--depth", "1", "--format", "json"])
    explained = json.loads(result.stdout)
    # n + a - m = 2(a + b) + a - (a + b) = 2a + b: [1.9 + 1.95, 2.1 + 2.05].
    assert is_largest_float_at_or_below(explained["check"]["difference_low"], F("3.85"))
    assert is_smallest_float_at_or_above(explained["check"]["difference_high"], F("4.15"))
    [n, a] = explained["left"]["inputs"]
    assert (n["name"], n.get("truncated"), a["name"]) == ("n", True, "a")
    assert [i["name"] for i in explained["right"]["inputs"]] == ["a", "b"]
    text = invoke(["--data", str(path), "explain", "deep", "--depth", "1"]).stdout
    assert "(deeper inputs not shown: laoshan explain n)" in text
