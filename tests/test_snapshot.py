"""Snapshots and diffs: exact round trips, a CI job that catches a moved number, tolerances, bad files.

Expected values come from tests/exact.py (exact fractions and brute-force
corners), never from laoshan.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
from conftest import SHIPPED, Invoke
from exact import corner_range, is_largest_float_at_or_below, is_smallest_float_at_or_above

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.errors import DataError, UsageError
from laoshan_cli.core.results import Item
from laoshan_cli.core.units import DIMENSIONLESS
from laoshan_cli.output.snapshot import (
    Entry,
    diff,
    entry_of,
    moved_beyond,
    parse_tolerance,
    read_snapshot,
    snapshot,
    snapshot_bytes,
)

WriteData = Callable[..., Path]


COMPANY = """\
    figures:
      revenue:
        value: {revenue}
        unit: million EUR
      costs:
        value: 80.25
        unit: million EUR
      staff:
        value: 1,204
        unit: people
      growth:
        value: {growth}
        unit: percent
    metrics:
      profit:
        formula: revenue - costs
        unit: million EUR
      margin:
        formula: profit / revenue
        unit: percent
      revenue_per_head:
        formula: revenue / staff
        unit: thousand EUR per people
      revenue_last_year:
        formula: revenue / (1 + growth)
        unit: million EUR
      cost_per_head:
        formula: costs / staff
        unit: thousand EUR per people
    """

# The same figures as (value, low, high) in each one's own unit, and the
# metrics as functions of them; percent is 1/100.
HUNDREDTH = F(1, 100)


def company_box(revenue: str, growth: str) -> dict[str, tuple[F, F, F]]:
    from exact import exact, rounded

    return {
        "revenue": rounded(revenue),
        "costs": rounded("80.25"),
        "staff": exact(1204),
        "growth": rounded(growth),
    }


def metric_functions() -> dict[str, Callable[..., F]]:
    return {
        "profit": lambda revenue, costs: revenue - costs,
        "margin": lambda revenue, costs: (revenue - costs) / revenue * 100,  # in percent
        "revenue_per_head": lambda revenue, staff: revenue * 1000 / staff,  # million EUR -> thousand EUR
        "revenue_last_year": lambda revenue, growth: revenue / (1 + growth * HUNDREDTH),
        "cost_per_head": lambda costs, staff: costs * 1000 / staff,
    }


def expected_values(revenue: str, growth: str) -> dict[str, tuple[F, F, F]]:
    """Every figure and metric as (value, low, high), computed independently by corners."""
    box = company_box(revenue, growth)
    result = dict(box)
    for name, function in metric_functions().items():
        arguments = function.__code__.co_varnames[: function.__code__.co_argcount]
        result[name] = corner_range(function, {a: box[a] for a in arguments})
    return result


def moved_under(old: dict[str, tuple[F, F, F]], new: dict[str, tuple[F, F, F]], absolute: F, relative: F) -> set[str]:
    """The documented rule, written out: a number moved when beyond both tolerances."""
    return {
        name
        for name in new
        if any(
            abs(b - a) > absolute and abs(b - a) > relative * abs(a) for a, b in zip(old[name], new[name], strict=True)
        )
    }


def company(write_data: WriteData, revenue: str = "120.5", growth: str = "4.0") -> Path:
    return write_data(COMPANY.format(revenue=revenue, growth=growth), "company.yaml")


def take_snapshot(invoke: Invoke, data: Path, target: Path) -> None:
    result = invoke(["--data", str(data), "snapshot", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def diff_rows(invoke: Invoke, data: Path, snap: Path, *options: str) -> tuple[int, dict[str, dict[str, object]]]:
    result = invoke(["--data", str(data), "diff", str(snap), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, {row["name"]: row for row in json.loads(result.stdout)}


# -- the snapshot file ------------------------------------------------------------------


def test_snapshot_records_every_value_exactly(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    target = tmp_path / "snap.json"
    take_snapshot(invoke, data, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("laoshan-snapshot", 2)
    assert document["data"] == str(data) and document["overrides"] == []
    expected = expected_values("120.5", "4.0")
    assert [row["name"] for row in document["items"]] == list(expected)
    for row in document["items"]:
        value, low, high = expected[row["name"]]
        assert (F(row["exact"]["value"]), F(row["exact"]["low"]), F(row["exact"]["high"])) == (value, low, high)
        assert row["value"] == float(value)
        assert is_largest_float_at_or_below(row["low"], low)
        assert is_smallest_float_at_or_above(row["high"], high)
        assert ("formula" in row) == (row["kind"] == "metric")
    assert document["items"][4]["formula"] == "revenue - costs"
    assert document["items"][0]["exact"] == {"value": "241/2", "low": "2409/20", "high": "2411/20"}


def test_round_trip_keeps_every_entry(invoke: Invoke, tmp_path: Path) -> None:
    """The shipped data, with an unbounded figure and metric, reads back to the same exact entries."""
    target = tmp_path / "snap.json"
    assert invoke(["snapshot", "-o", str(target)]).exit_code == 0
    read = read_snapshot(target.read_bytes(), str(target))
    items = json.loads(invoke(["figures", "--format", "json"]).stdout)
    items += json.loads(invoke(["metrics", "--format", "json"]).stdout)
    assert [e.name for e in read.entries] == [i["name"] for i in items]
    granted = next(e for e in read.entries if e.name == "invention_patents_granted_2016")
    assert granted.bounds == Interval(F(1500), None)
    share = next(e for e in read.entries if e.name == "granted_share_of_valid_patents")
    assert share.bounds.hi is None and share.bounds.lo == F(1500, 5509) * 100
    assert share.formula == "invention_patents_granted_2016 / valid_invention_patents"
    growth = next(e for e in read.entries if e.name == "hightech_output_2015")
    assert growth.value == F("38.9") / (1 + F("2.6") / 100)
    assert all(c.status == "unchanged" and not c.moved for c in diff(read.entries, read.entries))


def test_round_trip_in_python_with_values_beyond_the_float_range() -> None:
    huge = F(10**400, 3)
    items = [
        Item("big", "metric", huge, Interval(-huge, None), DIMENSIONLESS, "", None, formula="x ** 4"),
        Item("tiny", "figure", F(-1, 10**30), Interval(None, F(0)), DIMENSIONLESS, "widgets", None),
    ]
    document = snapshot(items, data="x.yaml", overrides=[("x", "1e100")], version="9.9")
    assert document["items"][0]["value"] is None  # no float can hold it; the exact text does
    assert document["items"][0]["low"] is None or document["items"][0]["low"] < -1e308
    read = read_snapshot(snapshot_bytes(document), "x.json")
    assert read.laoshan == "9.9" and read.data == "x.yaml" and read.overrides == ("x=1e100",)
    assert read.entries == tuple(entry_of(item) for item in items)


def test_snapshot_is_deterministic_and_stdout_matches_the_file(invoke: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    take_snapshot(invoke, SHIPPED, first)
    take_snapshot(invoke, SHIPPED, second)
    assert first.read_bytes() == second.read_bytes()
    streamed = invoke(["--data", str(SHIPPED), "snapshot", "-o", "-"])
    assert streamed.exit_code == 0 and streamed.stdout.encode() == first.read_bytes()


def test_snapshot_prints_one_line_and_records_overrides(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    target = tmp_path / "snap.json"
    result = invoke(["--data", str(data), "--set", "growth=5.0", "snapshot", "--output", str(target)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {target}: 4 figures, 5 metrics\n"
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["overrides"] == ["growth=5.0"]
    growth = next(row for row in document["items"] if row["name"] == "growth")
    assert growth["exact"] == {"value": "5", "low": "99/20", "high": "101/20"}


def test_snapshot_needs_an_output(invoke: Invoke) -> None:
    result = invoke(["snapshot"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--output" in result.stderr


# -- atomic writes ------------------------------------------------------------------------


def test_snapshot_replaces_a_file_and_leaves_no_temporary(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "snap.json"
    target.write_text("old", encoding="utf-8")
    assert invoke(["snapshot", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "laoshan-snapshot"
    assert os.listdir(tmp_path) == ["snap.json"]


def test_a_failed_write_keeps_the_old_snapshot(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "snap.json"
    target.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = invoke(["snapshot", "-o", str(target)])
    assert result.exit_code == 74 and result.stdout == ""  # README: output could not be written
    assert result.stderr == f"error: {target}: cannot write the file: No space left on device\n"
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["snap.json"]


def test_a_missing_directory_is_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["snapshot", "-o", str(tmp_path / "no" / "snap.json")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert os.listdir(tmp_path) == []


# -- the CI scenario: one edited figure moves several metrics ---------------------------------


def test_editing_one_figure_moves_exactly_what_depends_on_it(
    invoke: Invoke, write_data: WriteData, tmp_path: Path
) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    assert invoke(["--data", str(data), "diff", str(snap)]).exit_code == 0

    company(write_data, revenue="121.5")  # the same file, one figure edited
    old, new = expected_values("120.5", "4.0"), expected_values("121.5", "4.0")
    code, rows = diff_rows(invoke, data, snap, "--all")
    assert code == 1
    moved = {name for name in new if new[name] != old[name]}
    assert moved == {"revenue", "profit", "margin", "revenue_per_head", "revenue_last_year"}
    assert {name for name, row in rows.items() if row["moved"]} == moved
    for name, row in rows.items():
        (old_value, old_low, old_high), (new_value, new_low, new_high) = old[name], new[name]
        if name not in moved:
            assert (row["status"], row["change"], row["changed"]) == ("unchanged", 0.0, [])
            continue
        assert row["status"] == "changed"
        assert row["changed"] == ["value", "low", "high"]
        assert row["old_value"] == float(old_value) and row["new_value"] == float(new_value)
        assert row["change"] == float(new_value - old_value)
        assert row["relative_change"] == float((new_value - old_value) / abs(old_value))
        assert is_largest_float_at_or_below(row["new_low"], new_low)  # type: ignore[arg-type]
        assert is_smallest_float_at_or_above(row["new_high"], new_high)  # type: ignore[arg-type]
        assert is_largest_float_at_or_below(row["old_low"], old_low)  # type: ignore[arg-type]
        assert is_smallest_float_at_or_above(row["old_high"], old_high)  # type: ignore[arg-type]

    # The new snapshot agrees exactly with the independent values.
    after = tmp_path / "after.json"
    take_snapshot(invoke, data, after)
    entries = read_snapshot(after.read_bytes(), str(after)).entries
    assert {e.name: (e.value, e.bounds.lo, e.bounds.hi) for e in entries} == new


def test_the_table_lists_only_changes_with_a_summary(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    company(write_data, revenue="121.5")
    result = invoke(["--data", str(data), "diff", str(snap)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Changes"
    names = [line.split()[0] for line in lines[3:-1] if line.startswith(" ") and not line.startswith("  ")]
    assert names == ["revenue", "profit", "margin", "revenue_per_head", "revenue_last_year"]
    assert " moved " in lines[3] and "+1 (+0.83%)" in lines[3]
    assert lines[-1] == (
        f"9 names compared with {snap}: 5 moved, 0 changed within tolerance, 0 appeared, 0 vanished, 4 unchanged"
    )


def test_no_change_is_one_summary_line(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    result = invoke(["--data", str(data), "diff", str(snap)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"9 names compared with {snap}: 0 moved, 0 changed within tolerance, 0 appeared, 0 vanished, 9 unchanged\n"
    )
    assert invoke(["--data", str(data), "diff", str(snap), "--format", "json"]).stdout == "[]\n"


def test_more_precision_moves_the_bounds_only(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data, growth="4.0")
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    company(write_data, growth="4.00")  # the same value, stated to one more digit
    old, new = expected_values("120.5", "4.0"), expected_values("120.5", "4.00")
    code, rows = diff_rows(invoke, data, snap)
    assert code == 1
    assert set(rows) == {"growth", "revenue_last_year"}
    for name, row in rows.items():
        assert row["status"] == "changed" and row["moved"] is True
        assert row["changed"] == ["low", "high"]
        assert row["change"] == 0.0 and row["relative_change"] == 0.0
        assert old[name][0] == new[name][0]
        assert is_largest_float_at_or_below(row["new_low"], new[name][1])  # type: ignore[arg-type]
    # growth's bounds moved by about 1.1% of themselves, revenue_last_year's by about 0.043%.
    assert moved_under(old, new, F(0), F(5, 10000)) == {"growth"}
    assert moved_under(old, new, F(0), F(12, 1000)) == set()
    code, rows = diff_rows(invoke, data, snap, "--rel-tolerance", "0.05%")
    assert code == 1 and {name for name, row in rows.items() if row["moved"]} == {"growth"}
    code, rows = diff_rows(invoke, data, snap, "--rel-tolerance", "1.2%")
    assert code == 0 and all(row["status"] == "changed" and not row["moved"] for row in rows.values())


# -- tolerances ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "absolute", "relative", "expected"),
    [
        ([], F(0), F(0), {"revenue", "profit", "margin", "revenue_per_head", "revenue_last_year"}),
        (["--rel-tolerance", "1%"], F(0), F(1, 100), {"profit", "margin"}),
        (["--rel-tolerance", "0.01"], F(0), F(1, 100), {"profit", "margin"}),
        (["--rel-tolerance", "3%"], F(0), F(3, 100), set()),
        (["--abs-tolerance", "0.9"], F(9, 10), F(0), {"revenue", "profit", "revenue_last_year"}),
        (["--abs-tolerance", "0.9", "--rel-tolerance", "1%"], F(9, 10), F(1, 100), {"profit"}),
        (["--abs-tolerance", "0.99"], F(99, 100), F(0), {"revenue", "profit"}),
        (["--abs-tolerance", "1"], F(1), F(0), set()),  # revenue and profit moved by exactly 1: within
    ],
)
def test_tolerance_semantics(
    invoke: Invoke,
    write_data: WriteData,
    tmp_path: Path,
    options: list[str],
    absolute: F,
    relative: F,
    expected: set[str],
) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    company(write_data, revenue="121.5")
    old, new = expected_values("120.5", "4.0"), expected_values("121.5", "4.0")
    assert moved_under(old, new, absolute, relative) == expected
    code, rows = diff_rows(invoke, data, snap, *options)
    assert {name for name, row in rows.items() if row["moved"]} == expected
    assert set(rows) == {"revenue", "profit", "margin", "revenue_per_head", "revenue_last_year"}
    assert code == (1 if expected else 0)


def test_moved_beyond_in_detail() -> None:
    zero = F(0)
    assert not moved_beyond(F(10), F(10), zero, zero)
    assert moved_beyond(F(10), F(10) + F(1, 10**30), zero, zero)
    assert not moved_beyond(F(10), F(11), F(1), zero)  # exactly the tolerance is within it
    assert moved_beyond(F(10), F(11), F(99, 100), zero)
    assert not moved_beyond(F(10), F(11), zero, F(1, 10))
    assert moved_beyond(F(-10), F(-11), zero, F(9, 100))  # relative to |old|
    assert moved_beyond(zero, F(1, 10**9), zero, F(10**9))  # from 0, every relative change is beyond
    assert not moved_beyond(zero, F(1, 10), F(1, 10), F(10**9))
    assert moved_beyond(None, F(5), F(10**9), F(10**9))  # an unbounded end became bounded
    assert moved_beyond(F(5), None, F(10**9), F(10**9))
    assert not moved_beyond(None, None, zero, zero)


def entry(name: str, value: int, lo: int | None, hi: int | None, unit: str = "t", formula: str | None = None) -> Entry:
    bounds = Interval(None if lo is None else F(lo), None if hi is None else F(hi))
    return Entry(name, "metric" if formula else "figure", F(value), bounds, unit, formula)


def test_diff_statuses_and_order() -> None:
    old = [entry("a", 1, 1, 1), entry("gone", 2, 2, 2), entry("same", 3, 2, 4), entry("zero", 0, 0, 0)]
    new = [entry("same", 3, 2, 4), entry("new", 5, 5, 5), entry("a", 2, 2, 2), entry("zero", 1, 1, 1)]
    changes = diff(old, new)
    assert [(c.name, c.status, c.moved) for c in changes] == [
        ("same", "unchanged", False),
        ("new", "appeared", True),
        ("a", "changed", True),
        ("zero", "changed", True),
        ("gone", "vanished", True),
    ]
    a = changes[2]
    assert (a.change, a.relative, a.aspects) == (F(1), F(1), ("value", "low", "high"))
    assert changes[3].relative is None and changes[3].change == 1  # from 0: no relative change
    [negative] = diff([entry("n", -10, -12, -8)], [entry("n", -11, -12, -8)])
    assert (negative.change, negative.relative) == (F(-1), F(-1, 10))  # relative to |old|: a fall is negative
    assert changes[1].old is None and changes[4].new is None
    # appeared and vanished always count, whatever the tolerance
    loose = diff(old, new, abs_tolerance=F(10**9), rel_tolerance=F(10**9))
    assert [c.name for c in loose if c.moved] == ["new", "gone"]


def test_a_unit_change_always_moves_and_a_formula_change_never_does() -> None:
    unit = diff([entry("x", 5, 5, 5, "t")], [entry("x", 5, 5, 5, "kt")], abs_tolerance=F(100))
    assert [(c.status, c.moved, c.aspects, c.change, c.relative) for c in unit] == [
        ("changed", True, ("unit",), None, None)
    ]
    formula = diff([entry("y", 5, 4, 6, formula="a + b")], [entry("y", 5, 4, 6, formula="b + a")])
    assert [(c.status, c.moved, c.aspects) for c in formula] == [("changed", False, ("formula",))]


def test_a_unit_change_through_the_cli(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    text = COMPANY.format(revenue="120.5", growth="4.0").replace(
        "formula: revenue - costs\n        unit: million EUR", "formula: revenue - costs\n        unit: thousand EUR"
    )
    write_data(text, "company.yaml")
    code, rows = diff_rows(invoke, data, snap, "--abs-tolerance", "1e9")
    assert code == 1 and set(rows) == {"profit"}
    profit = rows["profit"]
    assert (profit["moved"], profit["changed"], profit["change"]) == (True, ["unit", "value", "low", "high"], None)
    assert profit["new_value"] == float((F("120.5") - F("80.25")) * 1000)
    assert (profit["old_unit"], profit["new_unit"]) == ("million EUR", "thousand EUR")
    table = invoke(["--data", str(data), "diff", str(snap)], env={"COLUMNS": "200"}).stdout
    assert "million EUR → thousand EUR" in table


def test_the_table_names_a_bounds_only_change(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data, growth="4.0")
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    company(write_data, growth="4.00")
    rows = [line.split() for line in invoke(["--data", str(data), "diff", str(snap)]).stdout.splitlines()]
    growth = next(row for row in rows if row and row[0] == "growth")
    assert growth[1] == "moved" and growth[-2:] == ["bounds", "percent"]


def test_appeared_and_vanished_through_the_cli(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    text = COMPANY.format(revenue="120.5", growth="4.0").replace("cost_per_head:", "costs_per_head:")
    write_data(text, "company.yaml")
    result = invoke(["--data", str(data), "diff", str(snap), "--format", "plain", "--rel-tolerance", "1000%"])
    assert result.exit_code == 1
    assert result.stdout == "costs_per_head appeared\ncost_per_head vanished\n"
    _, rows = diff_rows(invoke, data, snap)
    assert (
        rows["costs_per_head"]["old_value"] is None and rows["costs_per_head"]["new_unit"] == "thousand EUR per people"
    )
    assert rows["cost_per_head"]["new_value"] is None
    assert rows["cost_per_head"]["old_value"] == float(F("80.25") * 1000 / 1204)


@pytest.mark.parametrize(
    ("option", "text", "message"),
    [
        ("--rel-tolerance", "-1%", "must not be negative"),
        ("--rel-tolerance", "abc", "--rel-tolerance"),
        ("--rel-tolerance", "nan", "--rel-tolerance"),
        ("--abs-tolerance", "5%", "not a percent"),
        ("--abs-tolerance", "1,000", "thousands separators"),
    ],
)
def test_bad_tolerances_are_exit_2(invoke: Invoke, tmp_path: Path, option: str, text: str, message: str) -> None:
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, SHIPPED, snap)
    result = invoke(["diff", str(snap), option, text])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_parse_tolerance() -> None:
    assert parse_tolerance("0.1%", "--rel-tolerance", percent=True) == F(1, 1000)
    assert parse_tolerance("1e-3", "--rel-tolerance", percent=True) == F(1, 1000)
    assert parse_tolerance(" 0.05 ", "--abs-tolerance", percent=False) == F(1, 20)
    with pytest.raises(UsageError):
        parse_tolerance("0.1%", "--abs-tolerance", percent=False)


# -- machine output -------------------------------------------------------------------------------

DIFF_FIELDS = [
    "name",
    "kind",
    "status",
    "moved",
    "changed",
    "old_value",
    "new_value",
    "change",
    "relative_change",
    "old_low",
    "old_high",
    "new_low",
    "new_high",
    "old_unit",
    "new_unit",
]


def test_json_csv_and_plain_contract(invoke: Invoke, write_data: WriteData, tmp_path: Path) -> None:
    data = company(write_data)
    snap = tmp_path / "snap.json"
    take_snapshot(invoke, data, snap)
    company(write_data, revenue="121.5")
    as_json = json.loads(invoke(["--data", str(data), "diff", str(snap), "--format", "json", "--all"]).stdout)
    assert all(list(row) == DIFF_FIELDS for row in as_json)
    assert len(as_json) == 9
    result = invoke(["--data", str(data), "diff", str(snap), "--format", "csv", "--all"])
    assert result.exit_code == 1
    as_csv = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(as_csv[0]) == DIFF_FIELDS
    assert [r["name"] for r in as_csv] == [r["name"] for r in as_json]
    profit = next(r for r in as_csv if r["name"] == "profit")
    assert (profit["status"], profit["moved"], profit["change"]) == ("changed", "true", "1.0")
    assert json.loads(profit["changed"]) == ["value", "low", "high"]
    staff = next(r for r in as_csv if r["name"] == "staff")
    assert (staff["status"], staff["relative_change"], staff["changed"]) == ("unchanged", "0.0", "[]")
    plain = invoke(["--data", str(data), "diff", str(snap), "--format", "plain"]).stdout
    assert plain.splitlines() == [
        "revenue moved",
        "profit moved",
        "margin moved",
        "revenue_per_head moved",
        "revenue_last_year moved",
    ]
    within = invoke(["--data", str(data), "diff", str(snap), "--format", "plain", "--rel-tolerance", "1%"]).stdout
    assert within.splitlines()[:3] == ["revenue changed", "profit moved", "margin moved"]


def test_csv_without_changes_is_a_header(invoke: Invoke, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    assert invoke(["snapshot", "-o", str(snap)]).exit_code == 0
    result = invoke(["diff", str(snap), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout == ",".join(DIFF_FIELDS) + "\n"


def test_snapshot_from_standard_input(invoke: Invoke, tmp_path: Path) -> None:
    streamed = invoke(["snapshot", "-o", "-"]).stdout
    result = invoke(["--set", "hightech_growth_2016=2.7", "diff", "-", "--format", "plain"], input=streamed)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "hightech_growth_2016 moved",
        "hightech_output_2015 moved",
        "hightech_output_increase_2016 moved",
    ]


# -- bad snapshot files ----------------------------------------------------------------------------


def good_snapshot(invoke: Invoke) -> dict[str, object]:
    document: dict[str, object] = json.loads(invoke(["snapshot", "-o", "-"]).stdout)
    return document


def edited(invoke: Invoke, change: Callable[[dict[str, object]], object]) -> bytes:
    document = good_snapshot(invoke)
    change(document)
    return json.dumps(document).encode()


def first_item(document: dict[str, object]) -> dict[str, object]:
    items = document["items"]
    assert isinstance(items, list)
    item: dict[str, object] = items[0]
    return item


BAD_SNAPSHOTS: dict[str, tuple[Callable[[Invoke], bytes], str]] = {
    "empty": (lambda invoke: b"", "the snapshot file is empty"),
    "truncated": (lambda invoke: invoke(["snapshot", "-o", "-"]).stdout.encode()[:500], "invalid JSON"),
    "binary": (lambda invoke: b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    "yaml": (lambda invoke: SHIPPED.read_bytes(), "invalid JSON"),
    "metrics json": (lambda invoke: invoke(["metrics", "--format", "json"]).stdout.encode(), "JSON array"),
    "other format": (lambda invoke: b'{"format": "something-else", "version": 1}', "not a laoshan snapshot"),
    "newer version": (lambda invoke: edited(invoke, lambda d: d.update(version=3)), "version 3 is newer"),
    "version as text": (lambda invoke: edited(invoke, lambda d: d.update(version="1")), "not a whole number"),
    "unknown field": (lambda invoke: edited(invoke, lambda d: d.update(extra=1)), "unknown field 'extra'"),
    "no items": (lambda invoke: edited(invoke, lambda d: d.pop("items")), 'has no "items"'),
    "float edited": (
        lambda invoke: edited(invoke, lambda d: first_item(d).update(value=99.0)),
        "does not match its exact value",
    ),
    "exact edited": (
        lambda invoke: edited(
            invoke, lambda d: first_item(d).update(exact={"value": "95", "low": "90", "high": "100"})
        ),
        "does not match its exact value 95",
    ),
    "exact decimal": (
        lambda invoke: edited(
            invoke, lambda d: first_item(d).update(exact={"value": "100.0", "low": "90", "high": "100"})
        ),
        "not an exact number",
    ),
    "not lowest terms": (
        lambda invoke: edited(
            invoke, lambda d: first_item(d).update(exact={"value": "200/2", "low": "90", "high": "100"})
        ),
        "not in lowest terms",
    ),
    "outside bounds": (
        lambda invoke: edited(
            invoke, lambda d: first_item(d).update(exact={"value": "100", "low": "90", "high": "99"})
        ),
        "outside its bounds",
    ),
    "huge digits": (
        lambda invoke: edited(
            invoke, lambda d: first_item(d).update(exact={"value": "1" * 100_000, "low": "90", "high": "100"})
        ),
        "digits",
    ),
    "bad name": (lambda invoke: edited(invoke, lambda d: first_item(d).update(name="a b")), "no valid name"),
    "bad kind": (lambda invoke: edited(invoke, lambda d: first_item(d).update(kind="check")), "kind must be"),
    "figure with formula": (
        lambda invoke: edited(invoke, lambda d: first_item(d).update(formula="1")),
        "unknown field 'formula'",
    ),
    "twice": (
        lambda invoke: edited(invoke, lambda d: d.update(items=[first_item(d), first_item(d)])),
        "'key_labs' twice",
    ),
    "duplicate key": (lambda invoke: b'{"format": "laoshan-snapshot", "format": "x"}', "duplicate key 'format'"),
    "nan": (
        lambda invoke: invoke(["snapshot", "-o", "-"]).stdout.replace('"value": 100.0', '"value": NaN', 1).encode(),
        "NaN is not a number",
    ),
    "deep nesting": (lambda invoke: b"[" * 100_000 + b"]" * 100_000, "not a laoshan snapshot"),
}


@pytest.mark.parametrize("case", sorted(BAD_SNAPSHOTS))
def test_bad_snapshot_files_are_one_line_and_exit_2(invoke: Invoke, tmp_path: Path, case: str) -> None:
    make, message = BAD_SNAPSHOTS[case]
    snap = tmp_path / "snap.json"
    snap.write_bytes(make(invoke))
    result = invoke(["diff", str(snap)])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {snap}") and result.stderr.count("\n") == 1
    assert message in result.stderr


def test_bad_snapshot_errors_are_data_or_usage_errors() -> None:
    with pytest.raises(DataError, match="invalid JSON"):
        read_snapshot(b'{"format": ', "s.json")
    with pytest.raises(UsageError, match="newer"):
        read_snapshot(b'{"format": "laoshan-snapshot", "version": 7}', "s.json")


@pytest.mark.parametrize("where", ["missing.json", "."])
def test_unreadable_snapshot_is_exit_2(invoke: Invoke, tmp_path: Path, where: str) -> None:
    result = invoke(["diff", str(tmp_path / where)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cannot read the snapshot" in result.stderr


# -- purity ---------------------------------------------------------------------------------------------


def test_snapshot_module_is_pure() -> None:
    import subprocess
    import sys

    from test_layers import PACKAGE, assert_never_prints_or_exits

    assert_never_prints_or_exits(PACKAGE / "output" / "snapshot.py")
    code = (
        "import sys\n"
        "from laoshan_cli.output.snapshot import read_snapshot, snapshot, snapshot_bytes\n"
        "from laoshan_cli.api import load\n"
        f"data = load({str(SHIPPED)!r})\n"
        "read_snapshot(snapshot_bytes(snapshot(data.evaluate(), data='x')), 'x.json')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
