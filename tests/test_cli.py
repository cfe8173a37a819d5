"""Every command, on the shipped data and on a data file about another place."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.cli.app import ExitStatus, all_commands

HARBOUR = str(Path(__file__).parent / "cases" / "harbour.yaml")


def test_report_shows_three_tables(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "report"])
    assert result.exit_code == 1  # the harbour file has a failing check
    for title in ("Figures", "Metrics", "Checks"):
        assert title in result.stdout
    assert "3 checks: 1 pass, 1 fail, 1 uncertain" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour in a pipe


def test_report_on_shipped_data_passes(invoke: Invoke) -> None:
    result = invoke(["report"])
    assert result.exit_code == 0
    assert "hightech_output_increase_2016" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["figures", "metrics"])
def test_json_lists_every_item_with_the_contract_fields(invoke: Invoke, command: str) -> None:
    rows = json.loads(invoke(["--data", HARBOUR, command, "--format", "json"]).stdout)
    kind = command[:-1]
    assert rows and all(row["kind"] == kind for row in rows)
    for row in rows:
        assert {"name", "kind", "label", "value", "low", "high", "unit"} <= row.keys()
        if kind == "figure":
            assert {"quote", "qualifier", "source"} <= row.keys()
        else:
            assert "formula" in row


def test_figure_source_defaults_to_the_file_source(invoke: Invoke) -> None:
    rows = {r["name"]: r for r in json.loads(invoke(["--data", HARBOUR, "figures", "--format", "json"]).stdout)}
    assert rows["cargo_2020"]["source"] == {"title": "Harbour Annual Review", "publisher": "Example Gazette"}
    assert rows["revenue_eur"]["source"] == {"title": "Port Authority Accounts", "publisher": "Port Authority"}
    assert rows["berths"]["quote"] is None and rows["ship_calls"]["qualifier"] == "more than"


def test_csv_has_header_and_same_fields_as_json(invoke: Invoke) -> None:
    as_json = json.loads(invoke(["--data", HARBOUR, "figures", "--format", "json"]).stdout)
    as_csv = list(csv.DictReader(io.StringIO(invoke(["--data", HARBOUR, "figures", "--format", "csv"]).stdout)))
    assert [r["name"] for r in as_csv] == [r["name"] for r in as_json]
    assert list(as_csv[0]) == list(as_json[0])
    ships = next(r for r in as_csv if r["name"] == "ship_calls")
    assert ships["high"] == "" and ships["low"] == "2400.0"
    assert json.loads(as_csv[0]["source"]) == as_json[0]["source"]


def test_plain_prints_values_one_per_line(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "get", "cargo_2019", "berths", "--format", "plain"])
    assert result.stdout.splitlines() == [repr(float(F("12.5") / F("0.968"))), "18.0"]


def test_get_unknown_name_is_exit_2_with_suggestion(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "get", "cargo_2109"])
    assert result.exit_code == ExitStatus.BAD_INPUT
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no figure or metric named 'cargo_2109'" in result.stderr and "did you mean" in result.stderr


def test_unit_conversion_on_output(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "get", "cargo_2020", "--unit", "tonnes", "--format", "json"])
    [row] = json.loads(result.stdout)
    assert (row["value"], row["low"], row["high"], row["unit"]) == (12.5e6, 12.45e6, 12.55e6, "tonnes")


def test_unit_conversion_to_incompatible_unit_is_an_error(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "get", "cargo_2020", "--unit", "USD"])
    assert result.exit_code == 2 and "cannot show cargo_2020" in result.stderr


def test_explain_goes_down_to_the_quotes_with_a_budget(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "explain", "cargo_change"])
    assert result.exit_code == 0
    assert "The port handled 12.5 million tonnes of cargo" in result.stdout
    assert "Uncertainty budget" in result.stdout
    data = json.loads(invoke(["--data", HARBOUR, "explain", "cargo_change", "--format", "json"]).stdout)
    assert data["tree"]["name"] == "cargo_change"
    assert [i["name"] for i in data["tree"]["inputs"]] == ["cargo_2020", "cargo_2019"]
    assert {b["name"] for b in data["budget"]} == {"cargo_2020", "cargo_growth_2020"}
    assert sum(F(b["share"]) for b in data["budget"]) == pytest.approx(1)


def test_explain_budget_widths_are_one_at_a_time_ranges(invoke: Invoke) -> None:
    # cargo_change = c - c/(1+g) in thousand tonnes; vary c alone, then g alone.
    data = json.loads(invoke(["--data", HARBOUR, "explain", "cargo_change", "--format", "json"]).stdout)
    widths = {b["name"]: F(b["width"]) for b in data["budget"]}
    g = F("-0.032")
    c = F("12.5")
    width_c = abs((F("12.55") - F("12.45")) * (1 - 1 / (1 + g))) * 1000
    width_g = abs(c / (1 + F("-0.0315")) - c / (1 + F("-0.0325"))) * 1000
    assert float(widths["cargo_2020"]) == pytest.approx(float(width_c), rel=1e-12)
    assert float(widths["cargo_growth_2020"]) == pytest.approx(float(width_g), rel=1e-12)


def test_calc_infers_unit_and_bounds(invoke: Invoke) -> None:
    [row] = json.loads(invoke(["--data", HARBOUR, "calc", "revenue_eur * 2", "--format", "json"]).stdout)
    assert (row["value"], row["low"], row["high"], row["unit"]) == (820.0, 810.0, 830.0, "million EUR")


def test_calc_bare_number_added_to_money_suggests_brackets(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "calc", "revenue_eur + 6"])
    assert result.exit_code == 2
    assert "did you mean `6 [million EUR]`?" in result.stderr


def test_check_statuses_and_exit_codes(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "check", "--format", "json"])
    assert result.exit_code == ExitStatus.CHECK_FAILED
    statuses = {r["name"]: r["status"] for r in json.loads(result.stdout)}
    # cargo fell: always. EUR/USD: [406.8/415, 497.2/405] straddles 1. Berths: 18 > 20 never.
    assert statuses == {
        "cargo fell": "pass",
        "a euro buys more than a dollar": "uncertain",
        "the port has more than 20 berths": "fail",
    }


def test_uncertain_passes_unless_strict(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    path = write_data(
        """
        figures:
          a: {value: 10, qualifier: around}
        checks:
          - {name: maybe, assert: a > 10}
        """
    )
    assert invoke(["--data", str(path), "check"]).exit_code == 0
    assert invoke(["--data", str(path), "check", "--strict"]).exit_code == 1
    assert invoke(["--data", str(path), "check", "--format", "plain"]).stdout == "uncertain\n"


def test_validate_prints_no_values(invoke: Invoke) -> None:
    result = invoke(["validate", HARBOUR])
    assert result.exit_code == 0
    assert result.stdout == f"{HARBOUR}: ok (6 figures, 5 metrics, 3 checks)\n"


def test_validate_finds_evaluation_errors(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    path = write_data(
        """
        figures:
          g: {value: -99, unit: percent, precision: 1}
          x: {value: 5}
        metrics:
          y: {formula: x / (1 + g)}
        """
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    assert "division by an interval that contains zero" in result.stderr
    # The error points at the division on line 6.
    line = path.read_text().splitlines()[5]
    assert f"{path}:6:{line.index('/') + 1}: metric 'y' formula" in result.stderr


def test_data_from_environment_variable(invoke: Invoke) -> None:
    result = invoke(["get", "berths", "--format", "plain"], env={"LAOSHAN_DATA": HARBOUR})
    assert result.stdout == "18.0\n"


def test_set_on_metric_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke(["--data", HARBOUR, "--set", "cargo_2019=3", "get", "cargo_2019"])
    assert result.exit_code == 2 and "is a metric" in result.stderr


def test_set_needs_name_equals_value(invoke: Invoke) -> None:
    result = invoke(["--set", "oops", "report"])
    assert result.exit_code == 2 and "NAME=VALUE" in result.stderr


def test_unknown_option_is_one_line_exit_2(invoke: Invoke) -> None:
    result = invoke(["metrics", "--colour"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "No such option" in result.stderr


def test_missing_data_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["--data", str(tmp_path / "nope.yaml"), "report"])
    assert result.exit_code == 2 and "no such data file" in result.stderr


def test_data_error_names_file_line_and_column(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    path = write_data(
        """
        figures:
          a: {value: 1.5, unit: CNY}
          b: {value: 2, unit: patents}
        metrics:
          c: {formula: a + b, unit: CNY}
        """
    )
    result = invoke(["--data", str(path), "metrics"])
    assert result.exit_code == 2
    column = path.read_text().splitlines()[5].index("+") + 1
    assert result.stderr.startswith(f"error: {path}:6:{column}: metric 'c' formula: cannot add CNY and patent")


def test_version(invoke: Invoke) -> None:
    from laoshan_cli import __version__

    result = invoke(["--version"])
    assert result.exit_code == 0 and result.stdout == f"laoshan {__version__}\n"


def test_internal_error_is_exit_70_with_a_bug_message(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from laoshan_cli.core import engine

    def broken(self: object, names: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(engine.Engine, "require", broken)
    result = invoke(["get", "hightech_output_2015"])
    assert result.exit_code == ExitStatus.INTERNAL_ERROR
    assert "this is a bug" in result.stderr and "--traceback" in result.stderr
    assert "Traceback" not in result.stderr
    shown = invoke(["--traceback", "get", "hightech_output_2015"])
    assert shown.exit_code == ExitStatus.INTERNAL_ERROR and "Traceback" in shown.stderr


def test_traceback_flag_shows_one_for_data_errors(invoke: Invoke) -> None:
    result = invoke(["--traceback", "get", "nope"])
    assert result.exit_code == 2 and "Traceback" in result.stderr


def test_ascii_fallbacks_for_a_latin1_terminal(invoke: Invoke) -> None:
    from laoshan_cli.output.render import ASCII, symbols_for

    assert symbols_for("latin-1") == ASCII
    assert symbols_for("utf-8") != ASCII


def test_every_command_is_a_click_command() -> None:
    assert set(all_commands()) >= {"report", "figures", "metrics", "get", "explain", "calc", "check", "validate"}


# -- regressions found by fuzzing (fuzz/findings) ---------------------------------------


def test_a_value_beyond_the_float_range_is_an_error_in_json_not_a_crash(invoke: Invoke) -> None:
    result = invoke(["calc", "1e100*1e100*1e100*1e100", "--format", "json"])
    assert result.exit_code == 2 and "too large for a binary float" in result.stderr
    table = invoke(["calc", "1e100*1e100*1e100*1e100"])
    assert table.exit_code == 0 and "1e400" in table.stdout


def test_explain_of_a_long_chain_stops_at_the_depth(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    lines = ["figures:", "  a: {value: 1.5}", "metrics:", "  m0: {formula: a}"]
    lines += [f"  m{i}: {{formula: m{i - 1}}}" for i in range(1, 600)]
    path = write_data("\n".join(lines) + "\n")
    result = invoke(["--data", str(path), "explain", "m599", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    node = json.loads(result.stdout)["tree"]
    levels = 0
    while "inputs" in node:
        [node] = node["inputs"]
        levels += 1
    assert levels == 25 and node["truncated"] is True and node["name"] == "m574"
    # The cone is past the expansion caps, so the budget is over the formula's own input.
    assert json.loads(result.stdout)["budget"] == [{"name": "m598", "width": 0.1, "share": 1.0, "unit": ""}]


def test_tightening_that_meets_a_zero_divisor_falls_back_to_sound_bounds(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    # m1 = a*a - a + 1 is at least 3/4, but its plain interval over a in [0.5, 1.5] contains 0.
    path = write_data(
        """
        figures:
          a: {value: 1, precision: 0.5}
          b: {value: 2}
        metrics:
          m1: {formula: a*a - a + 1}
          m2: {formula: a / m1}
          m3: {formula: b / m1}
        """
    )
    for name in ("m2", "m3"):
        result = invoke(["--data", str(path), "get", name, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        [row] = json.loads(result.stdout)
        # Sampled values of the true function lie within the bounds.
        for k in range(0, 101):
            a = F(1, 2) + F(k, 100)
            m1 = a * a - a + 1
            value = a / m1 if name == "m2" else 2 / m1
            assert row["low"] <= value <= row["high"]
    assert invoke(["--data", str(path), "explain", "m3"]).exit_code == 0


def test_a_long_non_ascii_cell_is_drawn_whole() -> None:
    from laoshan_cli.output.render import Column, Output, View, render_tables

    text = "é" * 20_000
    view: View[str] = View(None, [Column("Text", lambda t: t, wrap=True)], lambda t: {}, lambda t: t)
    drawn = render_tables([(view, [text, "ab " * 4_000])], Output(width=80))
    lines = drawn.splitlines()[2:]
    assert all(len(line) <= 80 for line in lines)
    assert "".join(line.strip() for line in lines).count("é") == 20_000
    assert " ".join(lines).split().count("ab") == 4_000


def test_the_shipped_data_is_found_from_any_directory(tmp_path: Path) -> None:
    import subprocess
    import sys

    laoshan = str(Path(sys.executable).parent / "laoshan")
    env = {"PATH": "/usr/bin:/bin", "LAOSHAN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [laoshan, "get", "hightech_output_2015", "--format", "plain"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == repr(float(F("38.9") / F("1.026"))) + "\n"


@pytest.mark.parametrize(
    ("option", "usage"),
    [
        ("--data", "--data FILE"),
        ("--set", "--set NAME=VALUE"),
        ("--limit", "--limit NAME=VALUE"),
        ("--no-cache", "--no-cache"),
    ],
)
def test_a_global_option_after_the_command_says_where_it_goes(invoke: Invoke, option: str, usage: str) -> None:
    takes_value = "=" in usage or "FILE" in usage
    result = invoke(["check", "--strict", option, "x", "--format", "json"] if takes_value else ["check", option])
    assert result.exit_code == 2
    fixed = f"laoshan {option} x check --strict --format json" if takes_value else f"laoshan {option} check"
    assert (
        result.stderr == f"error: {option} is an option of laoshan itself, so it goes before the command: `{fixed}`\n"
    )
    if takes_value:  # its value written with =, and a value that needs quoting in a shell
        said = f"error: {option} is an option of laoshan itself, so it goes before the command: "
        assert invoke(["check", f"{option}=a b"]).stderr == said + f"`laoshan '{option}=a b' check`\n"
        assert invoke(["check", option]).stderr == said + f"`laoshan {usage} check ...`\n"  # no value to move


@pytest.mark.parametrize(
    ("asked", "meant"), [("HIGHTECH_OUTPUT_2016", "hightech_output_2016"), ("Key_Labs", "key_labs")]
)
def test_a_name_that_differs_only_in_case_gets_did_you_mean(invoke: Invoke, asked: str, meant: str) -> None:
    result = invoke(["get", asked])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"(did you mean {meant!r}?)\n")
