"""period, basis and status (issue 10, item 3): read strictly, shown in every output when not the default,
and carried to the metrics and checks that rest on a figure that is not `actual`."""

from __future__ import annotations

import csv
import io
import json
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.core.engine import Engine
from laoshan_cli.core.errors import DataError
from laoshan_cli.core.model import Dataset, Figure
from laoshan_cli.core.results import STATUSES
from laoshan_cli.loading.loader import load_bytes
from laoshan_cli.loading.schema import STATUS_WORDS
from laoshan_cli.output.terminal import ASCII
from laoshan_cli.output.views import notes

WriteData = Callable[[str], Path]

DATA = """\
figures:
  profit:
    value: 39,038.1
    unit: 亿元
    period: 2018-01/2018-07
    basis: comparable
  growth_target:
    value: 6.5
    unit: percent
    period: 2018
    status: target
  growth_forecast:
    value: 6.6
    unit: percent
    year: 2018
    status: forecast
  growth_actual:
    value: 6.7
    unit: percent
  prices:
    value: 2
    unit: percent
    status: estimate
metrics:
  gap:
    formula: growth_forecast - growth_target
    unit: percentage points
  gap_again:
    formula: gap * 2
    unit: percentage points
  plain:
    formula: growth_actual * 2
    unit: percent
checks:
  - name: forecast meets target
    assert: growth_forecast >= growth_target
  - name: actual is positive
    assert: growth_actual > 0%
  - name: doubled gap is small
    assert: gap_again < 1 [percentage points]
"""


def load(text: str) -> Dataset:
    return load_bytes(text.encode(), "t.yaml")


def figure(body: str) -> Figure:
    return load("figures:\n  x:\n" + textwrap.indent(textwrap.dedent(body), "    ")).figures["x"]


def error(body: str) -> DataError:
    with pytest.raises(DataError) as caught:
        figure(body)
    return caught.value


# -- reading -------------------------------------------------------------------------


def test_period_is_read_from_the_text_even_where_yaml_sees_a_date() -> None:
    period = figure("value: 1\nperiod: 2016-02-29\n").period
    assert period is not None and period.text == "2016-02-29" and period.first == (2016, 2, 29)
    assert figure("value: 1\nperiod: '2018-Q2'\n").period == figure('value: 1\nperiod: "2018-Q2"\n').period


def test_year_is_shorthand_for_a_whole_year_and_not_allowed_beside_period() -> None:
    assert figure("value: 1\nyear: 2016\n").period == figure("value: 1\nperiod: 2016\n").period
    found = error("value: 1\nyear: 2016\nperiod: 2016\n")
    assert "both year and period" in found.message and found.hint and "keep period" in found.hint
    assert found.location is not None and found.location.line == 4  # the year line


def test_a_bad_period_names_its_line_and_column() -> None:
    found = error("value: 1\nperiod: 2018-02-29\n")
    assert found.location is not None and (found.location.line, found.location.column) == (4, 21)
    assert "not a leap year" in found.message and found.hint and "2018-Q2" in found.hint


@pytest.mark.parametrize("status", ["actual", "preliminary", "estimate", "target", "forecast"])
def test_each_status_is_read(status: str) -> None:
    assert figure(f"value: 1\nstatus: {status}\n").status == status


def test_the_status_list_is_one_list() -> None:
    assert STATUSES == STATUS_WORDS == ("actual", "preliminary", "estimate", "target", "forecast")


def test_status_defaults_to_actual_and_null_is_actual() -> None:
    assert figure("value: 1\n").status == "actual"
    assert figure("value: 1\nstatus: ~\n").status == "actual"


@pytest.mark.parametrize(
    ("written", "hint"),
    [("forcast", "did you mean 'forecast'?"), ("Target", "did you mean 'target'?"), ("planned", "one of: actual")],
)
def test_an_unknown_status_is_an_error_with_a_suggestion(written: str, hint: str) -> None:
    found = error(f"value: 1\nstatus: {written}\n")
    assert "is not a status" in found.message and found.hint and hint in found.hint
    assert found.location is not None and (found.location.line, found.location.column) == (4, 13)


def test_basis_is_one_line_of_text_with_its_spaces_squeezed() -> None:
    assert figure("value: 1\nbasis: constant   prices\n").basis == "constant prices"
    assert figure("value: 1\nbasis: ~\n").basis is None
    assert "one line" in error('value: 1\nbasis: "constant\\nprices"\n').message
    assert "one line" in error("value: 1\nbasis: |\n  constant\n  prices\n").message


# -- what rests on what ----------------------------------------------------------------


def test_metrics_and_checks_rest_on_the_figures_of_their_cone_that_are_not_actual() -> None:
    engine = Engine(load(DATA))
    assert engine.item("gap").rests_on == (("growth_target", "target"), ("growth_forecast", "forecast"))
    assert engine.item("gap_again").rests_on == engine.item("gap").rests_on  # through another metric
    assert engine.item("plain").rests_on == ()
    assert engine.item("prices").rests_on == ()  # a figure's own status is its status, not a cone
    checks = {result.name: result.rests_on for result in engine.checks()}
    assert checks == {
        "forecast meets target": (("growth_target", "target"), ("growth_forecast", "forecast")),
        "actual is positive": (),
        "doubled gap is small": (("growth_target", "target"), ("growth_forecast", "forecast")),
    }
    assert engine.calc("prices + growth_actual").rests_on == (("prices", "estimate"),)


# -- every output --------------------------------------------------------------------------


def test_json_gives_period_basis_status_and_rests_on(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    rows = {row["name"]: row for row in json.loads(invoke(["--data", path, "figures", "--format", "json"]).stdout)}
    assert {k: rows["profit"][k] for k in ("period", "basis", "status", "year")} == {
        "period": "2018-01/2018-07",
        "basis": "comparable",
        "status": "actual",
        "year": None,
    }
    assert {k: rows["growth_forecast"][k] for k in ("period", "basis", "status", "year")} == {
        "period": "2018",
        "basis": None,
        "status": "forecast",
        "year": 2018,
    }
    metrics = {r["name"]: r for r in json.loads(invoke(["--data", path, "metrics", "--format", "json"]).stdout)}
    assert metrics["gap"]["rests_on"] == [
        {"name": "growth_target", "status": "target"},
        {"name": "growth_forecast", "status": "forecast"},
    ]
    assert metrics["plain"]["rests_on"] == [] and "period" not in metrics["plain"]
    checks = json.loads(invoke(["--data", path, "check", "--format", "json"]).stdout)
    assert [c["rests_on"] for c in checks][1] == []
    assert checks[0]["rests_on"] == metrics["gap"]["rests_on"]


def test_csv_has_the_columns(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    rows = list(csv.DictReader(io.StringIO(invoke(["--data", path, "figures", "--format", "csv"]).stdout)))
    cells = rows[0]
    assert (cells["period"], cells["basis"], cells["status"], cells["year"]) == (
        "2018-01/2018-07",
        "comparable",
        "actual",
        "",
    )


def test_a_table_shows_a_note_under_each_row_that_has_one(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    lines = invoke(["--data", path, "figures"]).stdout.splitlines()
    notes = {lines[i - 1].split()[0]: line.strip() for i, line in enumerate(lines) if line.startswith("   ")}
    assert notes == {
        "profit": "2018-01/2018-07 · comparable",
        "growth_target": "2018 · target",
        "growth_forecast": "2018 · forecast",
        "prices": "estimate",
    }
    checks = invoke(["--data", path, "check"]).stdout
    assert "   rests on target: growth_target; forecast: growth_forecast" in checks
    assert checks.count("rests on") == 2  # not the check that rests on actual figures only


def test_notes_are_one_reading_in_unicode_and_ascii() -> None:
    engine = Engine(load(DATA))
    profit, prices, growth = engine.item("profit"), engine.item("prices"), engine.item("growth_actual")
    assert notes(profit) == "2018-01/2018-07 · comparable" and notes(profit, ASCII) == "2018-01/2018-07, comparable"
    assert notes(prices) == "estimate" and notes(growth) is None
    assert notes(engine.item("plain")) is None


def test_a_long_note_lists_three_names_and_counts_the_rest(invoke: Invoke, write_data: WriteData) -> None:
    figures = "".join(f"  f{i}: {{value: 1, status: forecast}}\n" for i in range(5))
    path = str(write_data(f"figures:\n{figures}checks:\n  - name: sum\n    assert: f0 + f1 + f2 + f3 + f4 > 0\n"))
    assert "rests on forecast: f0, f1, f2 and 2 more" in invoke(["--data", path, "check"]).stdout
    rows = json.loads(invoke(["--data", path, "check", "--format", "json"]).stdout)
    assert [r["name"] for r in rows[0]["rests_on"]] == ["f0", "f1", "f2", "f3", "f4"]


def test_explain_shows_the_notes_of_each_step(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    text = invoke(["--data", path, "explain", "gap"]).stdout
    lines = [line.strip("│├└─ ") for line in text.splitlines()]
    assert lines[2] == "rests on target: growth_target; forecast: growth_forecast"
    assert "2018 · forecast" in lines and "2018 · target" in lines


def test_explain_of_a_check_says_what_it_rests_on(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    rests = "rests on target: growth_target; forecast: growth_forecast"
    lines = invoke(["--data", path, "explain", "forecast meets target"]).stdout.splitlines()
    assert lines[3] == rests and "2018 · forecast" in [line.strip("│├└─ ") for line in lines]
    plain = invoke(["--data", path, "explain", "actual is positive"]).stdout
    assert "rests on" not in plain
    doubled = json.loads(invoke(["--data", path, "explain", "doubled gap is small", "--format", "json"]).stdout)
    assert [r["name"] for r in doubled["check"]["rests_on"]] == ["growth_target", "growth_forecast"]
    assert [r["name"] for r in doubled["left"]["rests_on"]] == ["growth_target", "growth_forecast"]


def test_a_side_written_as_a_formula_rests_on_what_its_inputs_rest_on(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA + "  - name: sum\n    assert: growth_forecast + prices > 0%\n"))
    lines = invoke(["--data", path, "explain", "sum"]).stdout.splitlines()
    side = lines.index("Left side")
    assert lines[side + 3] == "rests on forecast: growth_forecast; estimate: prices"


def test_junit_says_what_a_check_rests_on_passed_or_not(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    result = invoke(["--data", path, "check", "--junit", "-"])
    cases = {case.get("name"): case for case in ET.fromstring(result.stdout).iter("testcase")}
    passed = cases["forecast meets target"]
    assert passed.find("failure") is None
    system_out = passed.find("system-out")
    assert system_out is not None and system_out.text == "rests on target: growth_target; forecast: growth_forecast\n"
    assert cases["actual is positive"].find("system-out") is None


def test_a_failed_check_message_names_what_it_rests_on(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA.replace("gap_again < 1", "gap_again > 1")))
    result = invoke(["--data", path, "check", "--junit", "-"])
    case = next(c for c in ET.fromstring(result.stdout).iter("testcase") if c.get("name") == "doubled gap is small")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message", "").endswith("; rests on target: growth_target; forecast: growth_forecast")
    assert "notes:  rests on target" in (failure.text or "")
    children = [child.tag for child in case]
    assert children == ["failure", "system-out"]  # the order JUnit's schema asks for


def test_graph_labels_carry_a_figures_notes(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    text = invoke(["--data", path, "graph", "--format", "mermaid"]).stdout
    assert 'f_profit(["profit<br/>2018-01/2018-07 · comparable"])' in text
    assert 'f_growth_actual(["growth_actual"])' in text
    rests = "rests on target: growth_target; forecast: growth_forecast"
    assert f'm_gap_again["gap_again<br/>{rests}"]' in text and f'c_1{{{{"forecast meets target<br/>{rests}"}}}}' in text
    assert 'm_plain["plain"]' in text and 'c_2{{"actual is positive"}}' in text


def test_the_cache_keeps_the_notes(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    first = [invoke(["--data", path, command, "--format", "json"]).stdout for command in ("report", "check")]
    again = [invoke(["--data", path, command, "--format", "json"]).stdout for command in ("report", "check")]
    assert first == again and "growth_forecast" in first[1]


# -- snapshots ------------------------------------------------------------------------------


def test_a_snapshot_records_the_facts_that_are_not_the_default(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    rows = {row["name"]: row for row in json.loads(invoke(["--data", path, "snapshot", "-o", "-"]).stdout)["items"]}
    assert (rows["profit"]["period"], rows["profit"]["basis"], "status" in rows["profit"]) == (
        "2018-01/2018-07",
        "comparable",
        False,
    )
    assert rows["prices"]["status"] == "estimate" and "period" not in rows["prices"]
    assert not {"period", "basis", "status"} & set(rows["growth_actual"]) and "status" not in rows["gap"]


def test_diff_lists_a_changed_status_as_changed_not_moved(invoke: Invoke, write_data: WriteData) -> None:
    before = write_data(DATA)
    snapshot = invoke(["--data", str(before), "snapshot", "-o", "-"]).stdout
    after = write_data(DATA.replace("status: forecast", "status: actual").replace("basis: comparable", ""))
    result = invoke(["--data", str(after), "diff", "-", "--format", "json"], input=snapshot)
    assert result.exit_code == 0, result.stderr
    changed = {row["name"]: (row["changed"], row["moved"]) for row in json.loads(result.stdout)}
    assert changed == {"growth_forecast": (["status"], False), "profit": (["basis"], False)}


def test_a_version_1_snapshot_is_not_compared_on_the_facts(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data(DATA))
    document = json.loads(invoke(["--data", path, "snapshot", "-o", "-"]).stdout)
    document["version"] = 1
    for row in document["items"]:
        for key in ("period", "basis", "status"):
            row.pop(key, None)
    result = invoke(["--data", path, "diff", "-", "--format", "json"], input=json.dumps(document))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
    document["items"][0]["status"] = "target"  # not a field of version 1
    refused = invoke(["--data", path, "diff", "-"], input=json.dumps(document))
    assert refused.exit_code == 2 and "unknown field 'status'" in refused.stderr


def test_the_cache_entry_gives_back_every_field() -> None:
    from laoshan_cli.cli.cache import Entry, encode

    engine = Engine(load(DATA))
    items = engine.items(["profit", "growth_forecast", "prices", "gap", "gap_again", "plain"])
    checks = engine.checks()
    assert checks[0].rests_on and items[3].rests_on and items[0].period  # something to lose
    data = encode("k" * 64, items, checks)
    assert data is not None
    entry = Entry.parse("k" * 64, data)
    assert entry is not None and entry.everything() == (items, checks)


def test_a_basis_reaches_the_terminal_inert(invoke: Invoke, write_data: WriteData) -> None:
    path = str(write_data('figures:\n  x:\n    value: 1\n    basis: "real\\e[8m \\u202e"\n'))
    table = invoke(["--data", path, "figures"]).stdout
    explain = invoke(["--data", path, "explain", "x"]).stdout
    graph = invoke(["--data", path, "graph"]).stdout
    for text in (table, explain, graph):
        assert "\x1b" not in text and "\u202e" not in text
        assert "real\\x1b[8m \\u202e" in text
    row = json.loads(invoke(["--data", path, "get", "x", "--format", "json"]).stdout)[0]
    assert row["basis"] == "real\x1b[8m \u202e"  # JSON keeps it exact, in its own escapes
