"""Limits exact at their edges: at the limit it works, one past it is refused by name, no RecursionError anywhere."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.core.errors import FormulaError, TextOrigin, UsageError
from laoshan_cli.core.formula import parse_formula
from laoshan_cli.core.limits import CEILING, CEILINGS, Limits

# Ways to nest a formula n levels deep around the name q, and the value each gives for q = 5 (by hand).
NESTINGS: dict[str, tuple[Callable[[int], str], Callable[[int], F]]] = {
    "parentheses": (lambda n: "(" * n + "q" + ")" * n, lambda n: F(5)),
    "abs": (lambda n: "abs(" * n + "q - 7" + ")" * n, lambda n: F(2)),
    "signs": (lambda n: "- " * n + "q", lambda n: F(5) * (-1) ** n),
    "sums": (lambda n: "(" * n + "q" + " + 1)" * n, lambda n: F(5 + n)),
}


def parse(text: str, depth: int) -> object:
    limits = Limits(max_formula_depth=depth, max_formula_length=10**5, max_formula_nodes=10**5)
    return parse_formula(text, TextOrigin("test"), limits)


@pytest.mark.parametrize("kind", NESTINGS)
@pytest.mark.parametrize("depth", [1, 64, CEILINGS["max_formula_depth"]])
def test_nesting_exactly_at_the_limit_parses_and_one_more_is_refused(kind: str, depth: int) -> None:
    build, _ = NESTINGS[kind]
    parse(build(depth), depth)
    with pytest.raises(FormulaError) as caught:
        parse(build(depth + 1), depth)
    assert caught.value.message.endswith(": formula is nested too deeply")
    assert caught.value.hint is not None and f"limit max_formula_depth is {depth}" in caught.value.hint
    if depth < CEILINGS["max_formula_depth"]:
        assert "--limit max_formula_depth=N" in caught.value.hint
    else:
        assert "as high as it goes" in caught.value.hint


def deep_stack(frames: int, then: Callable[[], object]) -> object:
    """Call `then` with `frames` more frames on the stack, as a host program might."""
    return then() if frames == 0 else deep_stack(frames - 1, then)


def test_the_ceiling_holds_even_when_the_caller_is_deep_in_its_stack() -> None:
    build, _ = NESTINGS["parentheses"]
    room = sys.getrecursionlimit() - 150
    deep_stack(room, lambda: parse(build(200), 200))
    assert sys.getrecursionlimit() == room + 150  # put back afterwards


@pytest.mark.parametrize("kind", NESTINGS)
def test_every_command_works_at_the_ceiling(kind: str, invoke: Invoke, tmp_path: Path) -> None:
    build, value = NESTINGS[kind]
    depth = CEILINGS["max_formula_depth"]
    formula = build(depth)
    data = tmp_path / "deep.yaml"
    chain = "\n".join(f"  m{i}: {{formula: '{formula.replace('q', f'm{i - 1}' if i else 'q')}'}}" for i in range(3))
    data.write_text(
        "figures:\n  q: {value: 5, exact: true}\nmetrics:\n" + chain + "\n"
        f"checks:\n  - {{name: deep, assert: '{formula} <= {formula} + 1'}}\n"
    )
    limit = ["--no-cache", "--limit", f"max_formula_depth={depth}", "--limit", "max_formula_length=100000"]
    limit += ["--limit", "max_formula_nodes=100000"]
    limit += ["--data", str(data)]
    result = invoke([*limit, "get", "m0", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert F(json.loads(result.stdout)[0]["value"]) == value(depth)
    for args in (["metrics"], ["check"], ["explain", "m2"], ["graph"], ["report"], ["calc", "--", formula]):
        result = invoke([*limit, *args])
        assert result.exit_code == 0, (args, result.stderr)
        assert "RecursionError" not in result.stderr and "nested" not in result.stderr
    one_more = invoke([*limit, "calc", "--", build(depth + 1)])
    assert one_more.exit_code == 2 and "limit max_formula_depth is 200" in one_more.stderr


def test_nesting_at_the_default_limit_works_from_the_command_line(invoke: Invoke) -> None:
    at = invoke(["calc", "(" * 64 + "hightech_growth_2016" + ")" * 64, "--format", "plain"])
    assert at.exit_code == 0 and float(at.stdout) == 2.6
    past = invoke(["calc", "(" * 65 + "hightech_growth_2016" + ")" * 65])
    assert past.exit_code == 2
    assert "limit max_formula_depth is 64; raise it with --limit max_formula_depth=N" in past.stderr


def ceiling(name: str) -> int:
    return CEILINGS.get(name, CEILING)


@pytest.mark.parametrize("name", Limits._fields)
def test_every_limit_can_be_raised_to_its_ceiling_and_no_further(name: str, invoke: Invoke) -> None:
    top = ceiling(name)
    at = invoke(["--no-cache", "--limit", f"{name}={top}", "check"])
    assert at.exit_code == 0, at.stderr
    past = invoke(["--no-cache", "--limit", f"{name}={top + 1}", "check"])
    assert past.exit_code == 2
    assert past.stderr.startswith(f"error: limit {name}={top + 1} is too large: it can be raised to {top:,} at most")
    huge = invoke(["--limit", f"{name}={'9' * 40}", "check"])
    assert huge.exit_code == 2 and "is too large" in huge.stderr and f"{top:,}" in huge.stderr


@pytest.mark.parametrize("text", ["0", "-3", "1.5", "ten", "", "١٢"])
def test_a_limit_that_is_not_a_positive_whole_number_says_so(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        Limits().with_overrides([("max_nodes", text)])
    assert "needs a positive whole number" in caught.value.message


def test_leading_zeros_are_not_too_large() -> None:
    assert Limits().with_overrides([("max_nodes", "0" * 30 + "7")]).max_nodes == 7


def test_yaml_nesting_at_its_ceiling(invoke: Invoke, tmp_path: Path) -> None:
    top = ceiling("max_depth")
    # figures: (1) -> a: (2) -> label holds the rest as flow lists; libyaml counts the same levels
    for depth, ok in ((top, True), (top + 1, False)):
        lists = depth - 3
        data = tmp_path / f"deep{depth}.yaml"
        data.write_text("figures:\n  a: {value: 1, label: " + "[" * lists + "]" * lists + "}\n")
        result = invoke(["--no-cache", "--limit", f"max_depth={top}", "--data", str(data), "validate"])
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        if ok:  # deep enough to pass the depth check; the label is then refused for not being text
            assert "nested" not in result.stderr, result.stderr
        else:
            assert "nested too deeply" in result.stderr or "maximum nesting depth" in result.stderr


@pytest.mark.parametrize("scale", ["1e100 1e100 1e100 1e100", "1e100 1e100 1e100 1e100 1e100"])
@pytest.mark.parametrize("form", ["json", "csv", "plain"])
def test_a_value_that_underflows_a_float_is_an_error_like_overflow(scale: str, form: str, invoke: Invoke) -> None:
    small = invoke(["get", "hightech_output_2016", "--unit", f"{scale} CNY", "--format", form])
    assert small.exit_code == 2 and small.stdout == ""
    assert small.stderr.startswith("error: a value is too small for a binary float")


def test_underflow_is_an_error_from_the_cache_too(invoke: Invoke, tmp_path: Path) -> None:
    data = tmp_path / "tiny.yaml"
    data.write_text("figures:\n  a: {value: 1e-100}\nmetrics:\n  m: {formula: a * a * a * a}\n")
    for _ in range(2):  # the second run is answered by the cache's plain fast path
        result = invoke(["--data", str(data), "get", "m", "--format", "plain"])
        assert result.exit_code == 2 and "too small for a binary float" in result.stderr


def test_the_table_shows_an_underflowing_value_in_decimal(invoke: Invoke) -> None:
    table = invoke(["get", "hightech_output_2016", "--unit", "1e100 1e100 1e100 1e100 CNY"])
    assert table.exit_code == 0 and "3.89e-390" in table.stdout
