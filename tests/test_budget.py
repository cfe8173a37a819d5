"""The budget of work for tightening: bounds stay sound when it runs out, say so, and cost stays bounded.

Oracles are independent of laoshan: each formula is also written as a Python
function of exact Fractions and evaluated over a fine grid of its box, which
contains every point where these formulas reach their extremes; a grid range
is then the true range.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.core import arithmetic
from laoshan_cli.core.engine import Engine
from laoshan_cli.core.limits import Limits
from laoshan_cli.loading.loader import load, load_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate

# name -> (low, high); the grid is every quarter between them
BOX = {"a": (1, 3), "b": (0, 2), "c": (-1, 1)}
CASES: list[tuple[str, Callable[..., F]]] = [
    ("a / (a + b)", lambda a, b, c: a / (a + b)),
    ("a - a / (1 + b)", lambda a, b, c: a - a / (1 + b)),
    ("abs(a - b) + a", lambda a, b, c: abs(a - b) + a),
    ("min(a, b) * a - b", lambda a, b, c: min(a, b) * a - b),
    ("(a - b) ** 2 + c", lambda a, b, c: (a - b) ** 2 + c),
    ("a * (4 - a) + b", lambda a, b, c: a * (4 - a) + b),
    ("abs(c) * a - abs(c) * b", lambda a, b, c: abs(c) * a - abs(c) * b),
    ("max(a - b, c) - c * b", lambda a, b, c: max(a - b, c) - c * b),
]


def grid_range(function: Callable[..., F]) -> tuple[F, F]:
    axes = [[F(lo) + F(k, 4) for k in range(4 * (hi - lo) + 1)] for lo, hi in BOX.values()]
    values = [function(*point) for point in itertools.product(*axes)]
    return min(values), max(values)


def small_file(formulas: list[str]) -> str:
    lines = ["figures:"]
    for name, (lo, hi) in BOX.items():
        lines.append(f"  {name}: {{value: {F(lo + hi, 2)}, low: {lo}, high: {hi}}}")
    lines.append("metrics:")
    lines += [f"  m{i}: {{formula: '{formula}'}}" for i, formula in enumerate(formulas)]
    return "\n".join(lines) + "\n"


def evaluate(text: str, limits: Limits) -> Engine:
    dataset = load_bytes(text.encode(), "test.yaml", limits=limits)
    engine = Engine(dataset)
    engine.require(dataset.metrics)
    return engine


def test_tight_bounds_are_the_true_range() -> None:
    engine = evaluate(small_file([formula for formula, _ in CASES]), Limits())
    for index, (formula, function) in enumerate(CASES):
        value = engine.values[f"m{index}"]
        low, high = grid_range(function)
        assert value.bounds.lo is not None and value.bounds.hi is not None
        assert value.bounds.lo <= low and high <= value.bounds.hi, formula  # sound
        if value.tight:
            assert (value.bounds.lo, value.bounds.hi) == (low, high), formula


def test_monotone_formulas_are_proven_tight_at_the_default_budget() -> None:
    engine = evaluate(small_file([formula for formula, _ in CASES[1:6]]), Limits())
    assert all(engine.values[f"m{i}"].tight for i in range(5))


def test_a_share_that_interval_slopes_cannot_settle_is_not_claimed_tight() -> None:
    # a / (a + b) rises in a, but its interval slope over this wide box spans zero
    engine = evaluate(small_file(["a / (a + b)"]), Limits(max_tightening_work=10**6))
    value = engine.values["m0"]
    assert not value.tight and value.bounds.lo is not None and value.bounds.lo <= F(1, 3)


def test_bounds_stay_sound_and_say_so_when_the_budget_runs_out() -> None:
    engine = evaluate(small_file([formula for formula, _ in CASES]), Limits(max_tightening_work=1))
    for index, (formula, function) in enumerate(CASES):
        value = engine.values[f"m{index}"]
        low, high = grid_range(function)
        assert value.bounds.lo is not None and value.bounds.hi is not None
        assert value.bounds.lo <= low and high <= value.bounds.hi, formula
        if (value.bounds.lo, value.bounds.hi) != (low, high):
            assert not value.tight, formula
    # a / (a + b) over a in [1, 3], b in [0, 2]: plain intervals give [1/5, 3], not [1/3, 1]
    share = engine.values["m0"]
    assert not share.tight and (share.bounds.lo, share.bounds.hi) == (F(1, 5), F(3))


def test_a_repeated_name_over_independent_figures_needs_no_work() -> None:
    engine = evaluate(small_file(["a + b * c", "abs(a - b)"]), Limits(max_tightening_work=1))
    assert engine.values["m0"].tight and engine.values["m1"].tight
    assert (engine.values["m1"].bounds.lo, engine.values["m1"].bounds.hi) == (F(0), F(3))


def chain_box(text: str) -> dict[str, tuple[F, F]]:
    dataset = load_bytes(text.encode(), "chain.yaml")
    return {name: (figure.bounds.lo, figure.bounds.hi) for name, figure in dataset.figures.items()}  # type: ignore[misc]


@pytest.mark.parametrize("kind", ["chain", "minmax", "power", "shared"])
def test_worst_cases_stay_sound(kind: str) -> None:
    text = generate.worst_case(kind, 3000)
    dataset = load_bytes(text.encode(), "worst.yaml")
    engine = Engine(dataset)
    engine.require(dataset.metrics)
    box = chain_box(text)
    names = list(box)
    rng_points = [{n: box[n][(i >> k) % 2] for k, n in enumerate(names)} for i in range(64)]  # corners
    rng_points += [{n: (box[n][0] * (i % 5) + box[n][1] * (4 - i % 5)) / 4 for n in names} for i in range(5)]
    functions = {"abs": abs, "min": min, "max": max}
    for point in rng_points:
        values: dict[str, F] = dict(point)
        for name, metric in dataset.metrics.items():  # the worst cases use only what Python reads alike
            values[name] = eval(metric.formula, {"__builtins__": {}}, {**functions, **values})
            bounds = engine.values[name].bounds
            assert bounds.contains(values[name]), (kind, name, values[name], bounds)


def test_the_chain_of_the_issue_says_it_is_not_proven_tight(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(generate.worst_case("chain", 5 * 1024))
    result = invoke(["--no-cache", "--data", str(path), "metrics", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["tight"] for row in rows} == {True, False}
    assert rows[0]["tight"] is True  # f - g over two figures is plain interval arithmetic, exact
    table = invoke(["--no-cache", "--data", str(path), "metrics"])
    loose = [line for line in table.stdout.splitlines() if line.rstrip().endswith(("*", ")")) and " * " in line]
    assert loose, table.stdout
    assert "* bounds not proven tight" in table.stdout
    raised = invoke(
        [
            "--no-cache",
            "--limit",
            "max_tightening_work=1000000",
            "--data",
            str(path),
            "get",
            "c0_40",
            "--format",
            "json",
        ]
    )
    by_name = {row["name"]: row for row in rows}
    raised_row = json.loads(raised.stdout)[0]
    # more work can only narrow the bounds, and they stay sound
    assert raised_row["low"] >= by_name["c0_40"]["low"] and raised_row["high"] <= by_name["c0_40"]["high"]


def test_bounds_do_not_depend_on_which_command_asked(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(generate.worst_case("chain", 5 * 1024))
    every = json.loads(invoke(["--no-cache", "--data", str(path), "metrics", "--format", "json"]).stdout)
    for row in every[30:34]:
        one = invoke(["--no-cache", "--data", str(path), "get", row["name"], "--format", "json"])
        assert json.loads(one.stdout)[0] == row


def test_the_cache_keeps_the_tight_flag(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    path.write_text(generate.worst_case("chain", 5 * 1024))
    fresh = invoke(["--data", str(path), "metrics", "--format", "json"]).stdout
    cached = invoke(["--data", str(path), "metrics", "--format", "json"]).stdout
    assert fresh == cached and '"tight": false' in cached


def test_checks_on_loose_bounds_say_so(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "checks.yaml"
    path.write_text(generate.worst_case("checks", 6 * 1024))
    result = invoke(["--no-cache", "--data", str(path), "check", "--format", "json"])
    rows = json.loads(result.stdout)
    assert any(row["tight"] is False for row in rows)
    # each status is sound: recompute the difference at the stated values, which lie within the bounds
    for row in rows:
        if row["status"] == "pass":
            assert row["left"] <= row["right"] + 1e-9
        if row["status"] == "fail":
            assert row["left"] > row["right"] - 1e-9


def test_the_work_done_is_bounded_by_the_file_size(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every budget is spent from Work; the sum of what was spent stays within limit x bytes."""
    made: list[tuple[arithmetic.Work, int]] = []
    original = arithmetic.Work.__init__

    def record(self: arithmetic.Work, budget: int) -> None:
        original(self, budget)
        made.append((self, budget))

    monkeypatch.setattr(arithmetic.Work, "__init__", record)
    path = tmp_path / "worst.yaml"
    text = generate.worst_case("shared", 16 * 1024)
    path.write_text(text)
    dataset = load(path)
    engine = Engine(dataset)
    engine.require(dataset.metrics)
    engine.checks()
    spent = sum(budget - work.left for work, budget in made)
    overshoot = sum(max(0, -work.left) for work, _ in made)  # each may end one operation past its share
    assert max(-work.left for work, _ in made) < 4096
    assert spent <= Limits().max_tightening_work * len(text.encode()) + overshoot
    assert any(work.left < 0 for work, _ in made)  # the budget did run out somewhere
