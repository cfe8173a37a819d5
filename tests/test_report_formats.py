"""`laoshan report --format json|csv|plain`: the records of figures, metrics and check, in one output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import ROOT, Invoke

HARBOUR = str(ROOT / "tests" / "cases" / "harbour.yaml")  # one of its checks fails


def run(invoke: Invoke, *args: str) -> tuple[int, str]:
    result = invoke(["--data", HARBOUR, *args])
    return result.exit_code, result.stdout


def test_json_holds_what_figures_metrics_and_check_give(invoke: Invoke) -> None:
    code, text = run(invoke, "report", "--format", "json")
    assert code == 1, "a failed check exits 1 in every format"
    report = json.loads(text)
    assert list(report) == ["figures", "metrics", "checks"]
    assert report["figures"] == json.loads(run(invoke, "figures", "--format", "json")[1])
    assert report["metrics"] == json.loads(run(invoke, "metrics", "--format", "json")[1])
    assert report["checks"] == json.loads(run(invoke, "check", "--format", "json")[1])


def test_csv_has_one_row_a_record_with_its_kind(invoke: Invoke) -> None:
    code, text = run(invoke, "report", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    figures = list(csv.DictReader(io.StringIO(run(invoke, "figures", "--format", "csv")[1])))
    checks = list(csv.DictReader(io.StringIO(run(invoke, "check", "--format", "csv")[1])))
    assert [r["kind"] for r in rows] == ["figure"] * len(figures) + ["metric"] * 5 + ["check"] * len(checks)
    assert [(r["name"], r["value"]) for r in rows[: len(figures)]] == [(r["name"], r["value"]) for r in figures]
    assert [(r["name"], r["status"], r["left_low"]) for r in rows[-len(checks) :]] == [
        (r["name"], r["status"], r["left_low"]) for r in checks
    ]


def test_plain_gives_values_then_statuses(invoke: Invoke) -> None:
    code, text = run(invoke, "report", "--format", "plain")
    assert code == 1
    expected = "".join(run(invoke, command, "--format", "plain")[1] for command in ("figures", "metrics", "check"))
    assert text == expected
    assert text.splitlines()[-3:] == ["pass", "uncertain", "fail"]


@pytest.mark.parametrize("fmt", ["json", "csv", "plain"])
def test_machine_formats_do_not_import_rich(fmt: str, tmp_path: object) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from laoshan_cli.cli.app import run\n"
        f"run(['--data', {HARBOUR!r}, '--no-cache', 'report', '--format', {fmt!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr
