"""Whole numbers are rounded unless they count, and validate warns about round counts (issue 10, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.api import load

ROUND_COUNTS = """\
figures:
  residents:
    value: 40,000
    unit: residents
  residents_hedged:
    value: 40,000
    unit: residents
    qualifier: about
  residents_exact:
    value: 40,000
    unit: residents
    exact: true
  residents_precise:
    value: 40,000
    unit: residents
    precision: 500
  odd:
    value: 40,001
    unit: residents
  money:
    value: 40,000
    unit: CNY
  hundreds:
    value: 4,500
    unit: residents
  zero:
    value: 0
    unit: residents
"""


def test_validate_warns_once_per_round_count_and_exits_0(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(ROUND_COUNTS)
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (8 figures, 0 metrics, 0 checks)\n"
    lines = result.stderr.splitlines()
    # Only `residents` is a plain count ending in three zeros with no hedge (line 2, column 3).
    assert len(lines) == 1
    assert lines[0].startswith(f"warning: {path}:2:3: figure 'residents': 40,000 residents is read as an exact count")
    assert "precision" in lines[0]


def test_validate_strict_exits_1_on_a_warning(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(ROUND_COUNTS)
    assert invoke(["validate", "--strict", str(path)]).exit_code == 1
    clean = write_data("figures:\n  a:\n    value: 40,001\n    unit: residents\n")
    result = invoke(["validate", "--strict", str(clean)])
    assert (result.exit_code, result.stderr) == (0, "")


def test_the_round_count_is_still_read_as_exact(write_data: Callable[[str], Path]) -> None:
    data = load(str(write_data(ROUND_COUNTS)))
    bounds = {name: (data.get(name).bounds.lo, data.get(name).bounds.hi) for name in ("residents", "money", "odd")}
    assert bounds["residents"] == (40000, 40000)
    assert bounds["odd"] == (40001, 40001)
    assert bounds["money"] == (Fraction(79999, 2), Fraction(80001, 2))


@pytest.mark.parametrize("name", ["invention_patents_per_10k_residents", "makerspace_internet_hightech_share"])
def test_shipped_figures_keep_their_bounds_without_precision(name: str) -> None:
    """The two `precision: 0.5` lines went; the whole-number rule gives the same ± 0.5."""
    item = load(None).get(name)
    assert (item.bounds.lo, item.bounds.hi) == (item.value - Fraction(1, 2), item.value + Fraction(1, 2))
    text = (Path(__file__).resolve().parent.parent / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert "precision:" not in text
