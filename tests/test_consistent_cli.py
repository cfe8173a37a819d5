"""`laoshan consistent` on the command line: exit codes, JSON a script can check, and inert text."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import ROOT, Invoke

RATE = str(ROOT / "tests" / "consistency" / "indicators-rate.yaml")
AGREEMENT = "implied exchange rate agrees with the reference rate"


def test_the_2016_average_rate_exits_1_with_the_conflicting_set(invoke: Invoke) -> None:
    result = invoke(["--data", RATE, "consistent", "--format", "json"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "inconsistent" and data["minimal"] is True
    members = {(m["kind"], m["name"]) for m in data["conflict"]}
    assert members == {
        ("figure", "hightech_output_2016"),
        ("figure", "hightech_output_2016_usd"),
        ("figure", "reference_cny_per_usd"),
        ("check", AGREEMENT),
    }
    rate = next(m for m in data["conflict"] if m["name"] == "reference_cny_per_usd")
    assert (F(rate["low"]), F(rate["high"])) == (F("6.64225"), F("6.64235"))
    assert [p["name"] for p in data["path"]] == ["implied_cny_per_usd"]


def test_the_spot_rate_exits_0_with_a_witness_in_each_figures_unit(invoke: Invoke) -> None:
    result = invoke(["--data", RATE, "--set", "reference_cny_per_usd=6.88", "consistent", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "consistent"
    figures = {row["name"]: row for row in data["witness"]["figures"]}
    assert len(figures) == 16
    cny = F(figures["hightech_output_2016"]["value"])  # "p/q" and decimal strings both read as Fractions
    usd = F(figures["hightech_output_2016_usd"]["value"])
    rate = F(figures["reference_cny_per_usd"]["value"])
    assert figures["hightech_output_2016"]["unit"] == "billion CNY"
    assert F("38.85") <= cny <= F("38.95") and F("5.55") <= usd <= F("5.65") and F("6.875") <= rate <= F("6.885")
    assert cny / usd == rate  # billions on both sides
    metrics = {row["name"]: F(row["value"]) for row in data["witness"]["metrics"]}
    assert metrics["implied_cny_per_usd"] == rate


def test_exclude_leaves_the_agreement_out(invoke: Invoke) -> None:
    result = invoke(["--data", RATE, "consistent", "--exclude", AGREEMENT])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("consistent: ")


def test_exclude_of_an_unknown_check_is_exit_2_with_a_hint(invoke: Invoke) -> None:
    result = invoke(["--data", RATE, "consistent", "--exclude", "implied exchange rate agrees with the reference"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no check named") and "did you mean" in result.stderr


def test_undecided_names_what_it_could_not_decide_and_exits_3(
    invoke: Invoke, write_data: Callable[[str], Path]
) -> None:
    path = write_data(
        """
        figures:
          x: {value: 1.5}
          y: {value: 1.5}
          z: {value: 7, unit: cases}
        checks:
          - {name: x below y, assert: x < y}
          - {name: y below x, assert: y < x}
        """
    )
    result = invoke(["--data", str(path), "--limit", "max_consistency_work=300", "consistent", "--format", "json"])
    assert result.exit_code == 3, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "undecided" and data["max_consistency_work"] == 300
    assert {m["name"] for m in data["undecided"]} == {"x", "y", "x below y", "y below x"}  # z was decided


def test_a_check_name_from_the_file_is_inert(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = write_data(
        """
        figures:
          a: {value: 2, exact: true}
        checks:
          - {name: "\\e[31mred\\u202e", assert: a > 3}
        """
    )
    result = invoke(["--data", str(path), "consistent"])
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "check \\x1b[31mred" in result.stdout


def test_the_z3_engine_finds_the_same_conflicting_set(invoke: Invoke) -> None:
    pure = json.loads(invoke(["--data", RATE, "consistent", "--format", "json"]).stdout)
    result = invoke(["--data", RATE, "consistent", "--format", "json", "--engine", "z3"])
    assert result.exit_code == 1, result.stderr
    other = json.loads(result.stdout)
    assert {(m["kind"], m["name"]) for m in other["conflict"]} == {(m["kind"], m["name"]) for m in pure["conflict"]}
    assert other["minimal"] is True


def test_the_z3_engine_gives_a_witness_the_exact_check_accepts(invoke: Invoke) -> None:
    result = invoke(["--data", RATE, "--set", "reference_cny_per_usd=6.88", "consistent", "--format", "json"])
    z3 = invoke(
        ["--data", RATE, "--set", "reference_cny_per_usd=6.88", "consistent", "--format", "json", "--engine", "z3"]
    )
    assert result.exit_code == z3.exit_code == 0, z3.stderr
    figures = {row["name"]: F(row["value"]) for row in json.loads(z3.stdout)["witness"]["figures"]}
    cny, usd, rate = (
        figures["hightech_output_2016"],
        figures["hightech_output_2016_usd"],
        figures["reference_cny_per_usd"],
    )
    assert F("38.85") <= cny <= F("38.95") and F("5.55") <= usd <= F("5.65") and F("6.875") <= rate <= F("6.885")
    assert cny / usd == rate


def test_without_z3_the_engine_option_says_how_to_install_it(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "z3", None)  # import z3 then raises ImportError
    result = invoke(["--data", RATE, "consistent", "--engine", "z3"])
    assert result.exit_code == 2
    assert result.stderr == 'error: --engine z3 needs the Z3 solver (install it with pip install "laoshan[solver]")\n'


def test_numbers_too_long_to_check_exactly_are_undecided_not_inconsistent(
    invoke: Invoke, write_data: Callable[[str], Path]
) -> None:
    """(3/7) ** 4096 has 11,500 bits and more: past max_number_bits no witness can be checked, so no verdict."""
    path = write_data(
        """
        figures:
          a: {value: 3, exact: true}
          b: {value: 7, exact: true}
        metrics:
          m1: {formula: (a / b) ** 64}
          m2: {formula: m1 ** 64}
        checks:
          - {name: c, assert: m2 >= 0}
        """
    )
    assert (F(3, 7) ** 4096).denominator.bit_length() > 8192
    result = invoke(["--data", str(path), "consistent"])
    assert result.exit_code == 3, result.stdout
    assert result.stdout.startswith("undecided: the work budget (max_consistency_work, 20,000) or the exact digits")
