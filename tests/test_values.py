"""Derived values and their JSON bounds, against exact references computed here.

For each metric the reference is an exact formula over the figures' stated
values and bounds (tests/exact.py), independent of laoshan's engine. JSON
bounds must be sound (enclose the true range) and tight (the nearest floats
outward of it).
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import SHIPPED, Invoke
from exact import (
    corner_range,
    exact,
    is_largest_float_at_or_below,
    is_smallest_float_at_or_above,
    rounded,
)

HARBOUR = Path(__file__).parent / "cases" / "harbour.yaml"
PERCENT = F(1, 100)

# Figures of the article, in their declared units, as (value, low, high).
LAOSHAN = {
    "out": rounded("38.9"),  # billion CNY
    "usd": rounded("5.6"),  # billion USD
    "growth": tuple(x * PERCENT for x in rounded("2.6")),
    "share": tuple(x * PERCENT for x in rounded("82.2")),
    "valid": exact(5509),
    "per10k": (F(128), F(255, 2), F(257, 2)),  # precision 0.5
}

SHIPPED_CASES = {
    # name: (formula over the figures, the figures it uses, factor to the declared unit)
    "hightech_output_2015": (lambda out, growth: out / (1 + growth), ("out", "growth"), 1),
    "hightech_output_increase_2016": (lambda out, growth: out - out / (1 + growth), ("out", "growth"), 1),
    "total_industrial_output_2016": (lambda out, share: out / share, ("out", "share"), 1),
    "non_hightech_output_2016": (lambda out, share: out / share - out, ("out", "share"), 1),
    "implied_population": (lambda valid, per10k: valid / (per10k / 10000), ("valid", "per10k"), 1),
    # billion CNY / billion USD = CNY/USD
    "implied_cny_per_usd": (lambda out, usd: out / usd, ("out", "usd"), 1),
}


def assert_sound_and_tight(row: dict[str, object], point: F, low: F, high: F) -> None:
    assert row["value"] == float(point)
    assert isinstance(row["low"], float) and isinstance(row["high"], float)
    assert is_largest_float_at_or_below(row["low"], low), (row["low"], float(low))
    assert is_smallest_float_at_or_above(row["high"], high), (row["high"], float(high))


@pytest.mark.parametrize("name", list(SHIPPED_CASES))
def test_shipped_metric_bounds_are_sound_and_tight(invoke: Invoke, name: str) -> None:
    formula, uses, factor = SHIPPED_CASES[name]
    point, low, high = corner_range(formula, {u: LAOSHAN[u] for u in uses})
    result = invoke(["get", name, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert_sound_and_tight(row, point * factor, low * factor, high * factor)


def test_the_2015_output_is_38_9_over_1_026(invoke: Invoke) -> None:
    result = invoke(["get", "hightech_output_2015", "--format", "plain"])
    assert result.stdout == repr(float(F("38.9") / F("1.026"))) + "\n"
    assert result.stdout.startswith("37.914230019493")


def test_increase_is_tighter_than_naive_interval_arithmetic(invoke: Invoke) -> None:
    # Naive: [38.85, 38.95] - [38.85/1.0265, 38.95/1.0255] = [0.868..., 1.103...]
    naive_low = F("38.85") - F("38.95") / F("1.0255")
    naive_high = F("38.95") - F("38.85") / F("1.0265")
    [row] = json.loads(invoke(["get", "hightech_output_increase_2016", "--format", "json"]).stdout)
    assert float(naive_low) < 0.87 and row["low"] > 0.966 > float(naive_low)
    assert float(naive_high) > 1.10 and row["high"] < 1.006 < float(naive_high)


HARBOUR_FIGURES = {
    "cargo": rounded("12.5"),  # million tonnes
    "growth": tuple(x * PERCENT for x in rounded("-3.2")),
    "eur": (F(410), F(405), F(415)),  # precision 5
    "usd": (F(452), F(452) - F("45.2"), F(452) + F("45.2")),  # about: ±10%
    "berths": exact(18),
}

HARBOUR_CASES = {
    "cargo_2019": (lambda cargo, growth: cargo / (1 + growth), ("cargo", "growth"), 1),
    # million tonnes -> thousand tonnes
    "cargo_change": (lambda cargo, growth: cargo - cargo / (1 + growth), ("cargo", "growth"), 1000),
    "usd_per_eur": (lambda usd, eur: usd / eur, ("usd", "eur"), 1),
    "cargo_per_berth": (lambda cargo, berths: cargo / berths, ("cargo", "berths"), 1000),
}


@pytest.mark.parametrize("name", list(HARBOUR_CASES))
def test_other_data_file_bounds_are_sound_and_tight(invoke: Invoke, name: str) -> None:
    formula, uses, factor = HARBOUR_CASES[name]
    point, low, high = corner_range(formula, {u: HARBOUR_FIGURES[u] for u in uses})
    result = invoke(["--data", str(HARBOUR), "get", name, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert_sound_and_tight(row, point * factor, low * factor, high * factor)


def test_unbounded_side_is_null_and_propagates(invoke: Invoke) -> None:
    rows = json.loads(
        invoke(["--data", str(HARBOUR), "get", "ship_calls", "calls_per_berth", "--format", "json"]).stdout
    )
    assert [r["high"] for r in rows] == [None, None]
    assert rows[0]["low"] == 2400.0
    assert is_largest_float_at_or_below(rows[1]["low"], F(2400, 18))


def test_what_if_follows_downstream(invoke: Invoke) -> None:
    result = invoke(["--set", "hightech_growth_2016=3.0", "get", "hightech_output_2015", "--format", "json"])
    [row] = json.loads(result.stdout)
    # 3.0 is stated to one decimal, so it keeps its rounding interval [2.95, 3.05] percent.
    point, low, high = corner_range(
        lambda out, growth: out / (1 + growth),
        {"out": LAOSHAN["out"], "growth": tuple(x * PERCENT for x in rounded("3.0"))},
    )
    assert_sound_and_tight(row, point, low, high)


def test_what_if_keeps_the_qualifier(invoke: Invoke) -> None:
    [row] = json.loads(invoke(["--set", "key_labs=80", "get", "key_labs", "--format", "json"]).stdout)
    assert (row["value"], row["low"], row["high"], row["qualifier"]) == (80.0, 72.0, 80.0, "nearly")


def test_shipped_figures_quote_the_article_verbatim() -> None:
    import yaml

    # The copy of the China Daily article that the shipped data's source names (text: article.txt).
    article = SHIPPED.parent / "article.txt"
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert data["source"]["text"] == "article.txt"
    text = " ".join(article.read_text(encoding="utf-8").split())
    for name, figure in data["figures"].items():
        quote = figure.get("quote") or data["quotes"].get(figure.get("quote_ref"))
        assert quote, f"{name} has no quote"
        assert quote in text, f"{name}: quote is not verbatim"
