"""What-if: a figure restated by --set is marked as such in every output (issue 10, item 6).

The quote of a restated figure backs the value its file states, not the one
given on the command line, so no output shows the quote next to the new value
as if it supported it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.core.engine import Engine
from laoshan_cli.loading.loader import load

DATA = """\
source: {title: Harbour Review, publisher: Example Gazette}
figures:
  cargo: {value: 38.9, unit: million tonnes, quote: "cargo reached 38.9 million tonnes"}
  growth: {value: 2.6, unit: percent, qualifier: about, quote: "up about 2.6 percent"}
metrics:
  last_year: {formula: cargo / (1 + growth), unit: million tonnes}
"""
SET = ["--set", "growth=5.25"]


@pytest.fixture
def data(write_data: Callable[[str], Path]) -> str:
    return str(write_data(DATA))


def ok(invoke: Invoke, *args: str) -> str:
    result = invoke(list(args))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def row_of(table: str, name: str) -> str:
    [line] = [line for line in table.splitlines() if line.lstrip().startswith(name + " ")]
    return line


def test_the_table_marks_the_value_and_says_what_the_file_states(invoke: Invoke, data: str) -> None:
    table = ok(invoke, "--data", data, *SET, "figures")
    assert "5.25 (set)" in row_of(table, "growth")
    assert "(set)" not in row_of(table, "cargo")
    assert "(set) set on the command line; the file states growth = 2.6" in table.splitlines()
    plain_run = ok(invoke, "--data", data, "figures")
    assert "(set)" not in plain_run and "command line" not in plain_run


def test_the_report_marks_it_too_and_only_the_figure(invoke: Invoke, data: str) -> None:
    report = ok(invoke, "--data", data, *SET, "report")
    assert "5.25 (set)" in row_of(report, "growth")
    assert "(set)" not in row_of(report, "last_year")
    assert report.count("(set) set on the command line") == 1


@pytest.mark.parametrize("command", [["figures"], ["get", "growth", "cargo"]])
def test_json_gives_the_files_stated_value_under_set(invoke: Invoke, data: str, command: list[str]) -> None:
    rows = {r["name"]: r for r in json.loads(ok(invoke, "--data", data, *SET, *command, "--format", "json"))}
    assert rows["growth"]["set"] == {"stated": "2.6"}
    assert rows["growth"]["stated"] == "5.25" and rows["growth"]["value"] == 5.25
    assert rows["cargo"]["set"] is None
    unset = json.loads(ok(invoke, "--data", data, *command, "--format", "json"))
    assert all(row["set"] is None for row in unset)


def test_csv_has_the_matching_column(invoke: Invoke, data: str) -> None:
    rows = {
        r["name"]: r
        for r in csv.DictReader(io.StringIO(ok(invoke, "--data", data, *SET, "figures", "--format", "csv")))
    }
    assert json.loads(rows["growth"]["set"]) == {"stated": "2.6"}
    assert rows["cargo"]["set"] == ""


def test_explain_shows_the_quote_as_the_files_not_as_the_new_values(invoke: Invoke, data: str) -> None:
    tree = ok(invoke, "--data", data, *SET, "explain", "last_year")
    assert "set on the command line; the file states about 2.6 percent: \u201cup about 2.6 percent\u201d" in tree
    assert "stated: about 5.25" not in tree
    assert "stated: 38.9 million tonnes; \u201ccargo reached 38.9 million tonnes\u201d" in tree  # not set: as before
    explained = json.loads(ok(invoke, "--data", data, *SET, "explain", "last_year", "--format", "json"))
    growth = next(node for node in explained["tree"]["inputs"] if node["name"] == "growth")
    assert growth["set"] == {"stated": "2.6"}
    flat = list(
        csv.DictReader(io.StringIO(ok(invoke, "--data", data, *SET, "explain", "last_year", "--format", "csv")))
    )
    assert [json.loads(r["set"]) if r["set"] else None for r in flat] == [None, None, {"stated": "2.6"}]


def test_the_graph_marks_it(invoke: Invoke, data: str) -> None:
    graph = ok(invoke, "--data", data, *SET, "graph", "--values")
    assert "5.25 percent (set)" in graph
    assert "(set)" not in ok(invoke, "--data", data, "graph", "--values")


def test_a_set_figure_in_an_ascii_table_keeps_its_marker(data: str) -> None:
    from laoshan_cli.loading.loader import apply_overrides
    from laoshan_cli.output.render import ASCII, Output, render_tables
    from laoshan_cli.output.views import item_view

    engine = Engine(apply_overrides(load(data), [("growth", "5.25")]))
    output = Output(symbols=ASCII, unicode=False)
    table = render_tables([(item_view(output, "Figures", "figure"), engine.items(["cargo", "growth"]))], output)
    assert table.isascii()
    assert "5.25 (set)" in row_of(table, "growth")


def test_the_cache_never_serves_a_set_run_for_a_file_run_or_back(invoke: Invoke, data: str) -> None:
    def growth(*extra: str) -> dict[str, object]:
        rows = json.loads(ok(invoke, "--data", data, *extra, "get", "growth", "--format", "json"))
        return dict(rows[0])

    for _ in range(2):  # the second round answers from the cache entries the first wrote
        assert (growth()["value"], growth()["set"]) == (2.6, None)
        assert (growth(*SET)["value"], growth(*SET)["set"]) == (5.25, {"stated": "2.6"})
        assert growth("--set", "growth=7")["set"] == {"stated": "2.6"}


def test_validate_checks_the_quote_against_the_files_value(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("Growth was up about 2.6 percent.\n", encoding="utf-8")
    path = tmp_path / "data.yaml"
    path.write_text(
        "source: {title: T, text: article.txt}\n"
        'figures:\n  growth: {value: 2.6, unit: percent, qualifier: about, quote: "up about 2.6 percent"}\n',
        encoding="utf-8",
    )
    result = invoke(["--data", str(path), "--set", "growth=9", "validate"])
    assert result.exit_code == 0 and result.stderr == ""


def test_a_restated_figure_keeps_the_files_stated_number() -> None:
    dataset = load(Path(__file__).parent / "cases" / "harbour.yaml")
    name = next(iter(dataset.figures))
    file_text = dataset.figures[name].stated.text
    from laoshan_cli.loading.loader import apply_overrides

    restated = apply_overrides(dataset, [(name, "123")]).figures[name]
    assert restated.stated.text == "123"
    assert restated.file_stated is not None and restated.file_stated.text == file_text
    assert Engine(dataset).item(name).file_stated is None


def test_diff_says_when_the_snapshot_and_the_run_differ_in_set(invoke: Invoke, data: str, tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.json"
    ok(invoke, "--data", data, "snapshot", "-o", str(snapshot))
    moved = invoke(["--data", data, *SET, "diff", str(snapshot)])
    assert "(the snapshot was made without --set, this run with --set growth=5.25)" in moved.stdout
    same = invoke(["--data", data, "diff", str(snapshot)])
    assert "--set" not in same.stdout
    ok(invoke, "--data", data, *SET, "snapshot", "-o", str(snapshot))
    back = invoke(["--data", data, "diff", str(snapshot)])
    assert "(the snapshot was made with --set growth=5.25, this run without --set)" in back.stdout


def test_the_python_api_gives_the_files_value_of_a_restated_figure(data: str) -> None:
    from laoshan_cli import load as api_load

    restated = api_load(data, overrides=[("growth", "5.25")])
    assert (restated.get("growth").file_stated, restated.get("cargo").file_stated) == ("2.6", None)
    assert api_load(data).get("growth").file_stated is None


def test_the_check_summary_says_the_verdicts_rest_on_set(invoke: Invoke, write_data: Callable[[str], Path]) -> None:
    path = str(write_data(DATA + "checks:\n  - {name: grew, assert: growth > 0%}\n"))
    assert invoke(["--data", path, *SET, "check"]).stdout.endswith(
        "1 check: 1 pass, 0 fail, 0 uncertain (with --set growth=5.25)\n"
    )
    assert invoke(["--data", path, *SET, "report"]).stdout.endswith("(with --set growth=5.25)\n")
    assert invoke(["--data", path, "check"]).stdout.endswith("1 check: 1 pass, 0 fail, 0 uncertain\n")
