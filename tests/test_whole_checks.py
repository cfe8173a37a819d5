"""`check` over whole values: a check that rests on a `whole: true` metric is decided as counts allow.

70 percent (69.5 to 70.5) of N projects, N whole in [low, high], is a whole
number k of projects. The statuses are worked out here by brute force over
every whole N and k.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.core.engine import Engine
from laoshan_cli.loading.loader import load_bytes

SHARE = (F(695, 1000), F(705, 1000))
TEXT = """
figures:
  projects: {{value: {value}, unit: projects}}
  share: {{value: 70, unit: percent}}
metrics:
  part: {{formula: projects * share, unit: projects, whole: true}}
checks:
  - {{name: at least, assert: "part >= {c} [projects]"}}
  - {{name: below, assert: "part < {c} [projects]"}}
  - {{name: agrees, assert: "part ~= {c} [projects]"}}
"""


def possible(low: int, high: int) -> set[int]:
    """Every whole k that is 69.5 % to 70.5 % of some whole N in [low, high]."""
    return {k for n in range(low, high + 1) for k in range(math.ceil(n * SHARE[0]), math.floor(n * SHARE[1]) + 1)}


def expected(values: set[int], holds: list[bool]) -> str:
    if not values or not any(holds):
        return "fail"
    return "pass" if all(holds) else "uncertain"


@pytest.mark.parametrize(("low", "high"), [(95, 95), (94, 94), (90, 100), (92, 96), (95, 96)])
@pytest.mark.parametrize("c", [62, 63, 65, 66, 67, 70, 71])
def test_statuses_follow_the_whole_values(low: int, high: int, c: int) -> None:
    value = f"{low}" if low == high else f"{low} to {high}"
    results = {r.name: r.status for r in Engine(load_bytes(TEXT.format(value=value, c=c).encode(), "t.yaml")).checks()}
    values = sorted(possible(low, high))
    assert results["at least"] == expected(set(values), [k >= c for k in values])
    assert results["below"] == expected(set(values), [k < c for k in values])
    assert results["agrees"] == ("pass" if c in values else "fail")


def test_95_projects_fail_every_check_of_their_share() -> None:
    assert possible(95, 95) == set()  # 66.025 to 66.975: no whole number
    engine = Engine(load_bytes(TEXT.format(value=95, c=60).encode(), "t.yaml"))
    assert [r.status for r in engine.checks()] == ["fail", "fail", "fail"]


def test_without_whole_the_bounds_alone_decide() -> None:
    text = TEXT.format(value=95, c=60).replace(", whole: true", "")
    assert [r.status for r in Engine(load_bytes(text.encode(), "t.yaml")).checks()] == ["pass", "fail", "fail"]


def test_the_table_says_when_whole_values_decided(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(TEXT.format(value="90 to 100", c=63))
    result = invoke(["--data", str(path), "check"])
    assert result.exit_code == 1, result.stderr  # "below 63" fails: 63 is the least whole count
    assert "at least: pass over whole values (it rests on a whole: true metric)" in result.stdout
    assert "below: fail over whole values" in result.stdout
    assert min(possible(90, 100)) == 63 and 62 not in possible(90, 100)
