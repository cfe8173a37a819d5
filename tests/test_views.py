"""output/views.py: what each command shows of a record, as a JSON/CSV row, a table and plain text.

The records are built here by hand (no engine), so every expected value
comes from the numbers written below: floats are checked against the exact
Fractions, shown decimals are read back into Fractions.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.errors import TextOrigin
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.results import CheckResult, Contribution, ExplainNode, Explanation, Item, Value
from laoshan_cli.core.units import Unit, parse_unit
from laoshan_cli.output.terminal import ASCII, Output
from laoshan_cli.output.views import (
    check_row,
    check_summary,
    check_view,
    explain_flat,
    explain_row,
    explain_text,
    item_row,
    item_view,
    source_text,
)


def unit(text: str | None) -> Unit:
    return parse_unit(text, TextOrigin("unit"), Limits())


FIGURE = Item(
    "output_2016",
    "figure",
    F(389, 10),
    Interval(F(3885, 100), F(3895, 100)),
    unit("billion CNY"),
    "billion CNY",
    "Output, 2016",
    quote="output reached 38.9 billion yuan [up]",
    qualifier="about",
    source={"title": "Yearbook", "publisher": "Bureau"},
    period="2016",
    stated="38.9",
)
THIRD = Item("third", "figure", F(1, 3), Interval(F(1, 3), F(1, 3)), unit(None), "", None, stated="1/3")
METRIC = Item(
    "per_head",
    "metric",
    F(2, 3),
    Interval(F(1, 2), None),
    unit("CNY"),
    "CNY",
    None,
    formula="output_2016 / people",
)


def is_float_below(value: float | None, exact: F) -> bool:
    """`value` is the largest float at or below `exact`."""
    return value is not None and F(value) <= exact < F(math.nextafter(value, math.inf))


def is_float_above(value: float | None, exact: F) -> bool:
    return value is not None and F(math.nextafter(value, -math.inf)) < exact <= F(value)


# -- rows --------------------------------------------------------------------------------------------


def test_a_figure_row_has_its_value_bounds_and_provenance() -> None:
    row = item_row(FIGURE)
    assert {k: row[k] for k in ("name", "kind", "label", "unit", "stated", "qualifier", "year", "quote")} == {
        "name": "output_2016",
        "kind": "figure",
        "label": "Output, 2016",
        "unit": "billion CNY",
        "stated": "38.9",
        "qualifier": "about",
        "year": 2016,
        "quote": "output reached 38.9 billion yuan [up]",
    }
    assert row["source"] == {"title": "Yearbook", "publisher": "Bureau"}
    assert row["value"] == 38.9
    assert is_float_below(row["low"], F(3885, 100)) and is_float_above(row["high"], F(3895, 100))
    assert "formula" not in row


def test_an_exact_third_gets_floats_on_each_side() -> None:
    row = item_row(THIRD)
    assert row["value"] == 1 / 3
    assert is_float_below(row["low"], F(1, 3)) and is_float_above(row["high"], F(1, 3))
    assert row["low"] < row["high"], "1/3 is no float, so the bounds are two floats apart"


def test_a_metric_row_has_its_formula_and_an_open_end() -> None:
    row = item_row(METRIC)
    assert row["formula"] == "output_2016 / people"
    assert row["high"] is None and row["low"] == 0.5
    assert row["value"] == 2 / 3
    for key in ("quote", "source", "stated", "qualifier", "year"):
        assert key not in row


def check(status: str, left: Value, right: Value, unit_text: str | None) -> CheckResult:
    return CheckResult("the check", "a > b", status, left, right, Interval(F(0), F(1)), unit(unit_text))  # type: ignore[arg-type]


def test_a_check_row_shows_both_sides_in_the_checks_unit() -> None:
    billion = 10**9
    left = Value(F(3 * billion), Interval(F(29, 10) * billion, F(31, 10) * billion))
    right = Value(F(1, 3) * billion, Interval(F(1, 3) * billion, F(1, 3) * billion))
    row = check_row(check("pass", left, right, "billion CNY"))
    assert row["name"] == "the check" and row["assert"] == "a > b" and row["status"] == "pass"
    assert row["unit"] == "billion CNY"
    assert row["left"] == 3.0
    assert is_float_below(row["left_low"], F(29, 10)) and is_float_above(row["left_high"], F(31, 10))
    assert row["right"] == 1 / 3
    assert is_float_below(row["right_low"], F(1, 3)) and is_float_above(row["right_high"], F(1, 3))


def test_a_dimensionless_check_has_no_unit_label() -> None:
    one = Value(F(1), Interval(F(1), F(1)))
    assert check_row(check("fail", one, one, None))["unit"] == ""


# -- tables ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("figure", ["Name", "Value", "Bounds", "Unit", "Qualifier"]),  # sources: a list under the table
        ("metric", ["Name", "Value", "Bounds", "Unit", "Formula"]),
        ("any", ["Name", "Value", "Bounds", "Unit"]),
    ],
)
def test_item_tables_have_the_columns_of_their_kind(kind: str, headers: list[str]) -> None:
    view = item_view(Output(), "Title", kind)
    assert view.title == "Title"
    assert [column.header for column in view.columns] == headers
    assert [column.justify for column in view.columns][:3] == ["left", "right", "right"]
    assert (view.reference is not None) == (kind == "figure")


def test_figure_cells_and_plain_value() -> None:
    view = item_view(Output(), None, "figure")
    assert [column.cell(FIGURE) for column in view.columns] == [
        "output_2016",
        "38.9",
        "38.85 … 38.95",
        "billion CNY",
        "about",
    ]
    assert view.reference is not None and view.reference(FIGURE) == "Bureau, Yearbook"
    assert view.plain(FIGURE) == "38.9"
    assert view.plain(THIRD) == repr(1 / 3)
    ascii_view = item_view(Output(symbols=ASCII, unicode=False), None, "metric")
    assert [column.cell(METRIC) for column in ascii_view.columns] == [
        "per_head",
        "0.666667",
        ">= 0.5",
        "CNY",
        "output_2016 / people",
    ]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ({"title": "T", "publisher": "P"}, "P, T"),
        ({"title": "T", "url": "u", "date": "2018-08-27", "text": "a.txt"}, "T, 2018-08-27, u"),
        ({"page": "3"}, "3"),
        ({}, None),
        (None, None),
    ],
)
def test_the_source_line_gives_publisher_title_date_and_url(source: dict[str, str] | None, shown: str | None) -> None:
    assert source_text(source) == shown


def test_check_cells_mark_a_failure_and_show_inexact_sides_with_bounds() -> None:
    left = Value(F(11, 10), Interval(F(1), F(12, 10)))
    right = Value(F(1), Interval(F(1), F(1)))
    view = check_view(Output())
    assert [c.header for c in view.columns] == ["Check", "Status", "Assert", "Left", "Right"]
    cells = {s: [c.cell(check(s, left, right, None)) for c in view.columns] for s in ("pass", "fail", "uncertain")}
    assert [row[1] for row in cells.values()] == ["pass", "FAIL", "uncertain"]
    assert cells["pass"][3:] == ["1.1 (1 … 1.2)", "1"]
    assert view.plain(check("uncertain", left, right, None)) == "uncertain"


def test_check_summary_counts_each_status() -> None:
    one = Value(F(1), Interval(F(1), F(1)))
    results = [check(s, one, one, None) for s in ("pass", "fail", "pass", "uncertain", "pass")]
    assert check_summary(results) == "5 checks: 3 pass, 1 fail, 1 uncertain"
    assert check_summary([]) == "0 checks: 0 pass, 0 fail, 0 uncertain"


# -- explain ----------------------------------------------------------------------------------------------


def explanation() -> Explanation:
    people = Item("people", "figure", F(5), Interval(F(45, 10), F(55, 10)), unit("people"), "people", None)
    root = ExplainNode(METRIC, [ExplainNode(FIGURE), ExplainNode(people)])
    again = ExplainNode(people, repeated=True)
    root.children.append(again)
    deep = ExplainNode(METRIC)
    deep.truncated = True
    root.children.append(deep)
    budget = [Contribution("output_2016", F(1, 10), F(1, 4)), Contribution("people", F(3, 10), F(3, 4))]
    return Explanation(root, budget)


def test_explain_row_nests_inputs_and_marks_repeats_and_cuts() -> None:
    row = explain_row(explanation())
    tree = row["tree"]
    assert tree["name"] == "per_head" and tree["formula"] == "output_2016 / people"
    assert [child["name"] for child in tree["inputs"]] == ["output_2016", "people", "people", "per_head"]
    assert tree["inputs"][2]["repeated"] is True and "inputs" not in tree["inputs"][2]
    assert tree["inputs"][3]["truncated"] is True and "inputs" not in tree["inputs"][3]
    assert "inputs" not in tree["inputs"][0], "a figure has no inputs"
    assert row["budget"] == [
        {"name": "output_2016", "width": 0.1, "share": 0.25, "unit": "CNY"},
        {"name": "people", "width": 0.3, "share": 0.75, "unit": "CNY"},
    ]


def test_explain_flat_is_depth_first_with_parents() -> None:
    rows = explain_flat(explanation())
    assert [(r["depth"], r["parent"], r["name"]) for r in rows] == [
        (0, None, "per_head"),
        (1, "per_head", "output_2016"),
        (1, "per_head", "people"),
        (1, "per_head", "people"),
        (1, "per_head", "per_head"),
    ]
    assert [r["truncated"] for r in rows] == [False, False, False, False, True]


def test_explain_text_shows_the_derivation_quotes_and_budget() -> None:
    text = explain_text(explanation(), Output(width=100))
    assert "per_head = 0.666667 CNY  [≥ 0.5]" in text
    assert "→ output_2016 / people" in text
    assert "stated: about 38.9 billion CNY; \u201coutput reached 38.9 billion yuan [up]\u201d" in text
    assert "people = 5 people  [4.5 … 5.5] (see above)" in text
    assert "(deeper inputs not shown: laoshan explain per_head)" in text
    assert "Uncertainty budget (each input varied alone)" in text
    budget = text[text.index("Uncertainty budget") :].splitlines()
    assert budget[1].split() == ["Input", "Width", "Share"]
    assert budget[3].split() == ["output_2016", "0.1", "25%"] and budget[4].split() == ["people", "0.3", "75%"]


def test_explain_text_in_ascii() -> None:
    text = explain_text(explanation(), Output(width=100, symbols=ASCII, unicode=False))
    assert text.isascii()
    assert "-> output_2016 / people" in text and "[>= 0.5]" in text
    assert 'stated: about 38.9 billion CNY; "output reached 38.9 billion yuan [up]"' in text
