"""The table layout (output/table.py): widths chosen so names stay whole, drawn by rich.

Widths are measured here with unicodedata alone: two cells for East Asian
wide and full-width characters, none for combining marks, one otherwise.
Each column draws its cells from an alphabet of its own, so that a
column's text can be picked out of the drawn lines character by character
and compared with what went in: nothing lost, nothing reordered.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.output.render import Column, View, render_tables
from laoshan_cli.output.terminal import Output

CJK = "山海风云中文字"
LATIN = "abcxyz_"
DIGITS = "0123456789,."
SGR = re.compile(r"\x1b\[[0-9;]*m")


def cells(text: str) -> int:
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def words(alphabet: str, max_words: int, max_size: int = 14) -> st.SearchStrategy[str]:
    return st.lists(st.text(alphabet, min_size=1, max_size=max_size), min_size=1, max_size=max_words).map(" ".join)


def draw(
    rows: list[tuple[str, ...]], columns: list[Column[tuple[str, ...]]], width: int, **output: object
) -> list[str]:
    view: View[tuple[str, ...]] = View("Title", columns, lambda r: {}, lambda r: "")
    text = render_tables([(view, rows)], Output(width=width, **output))  # type: ignore[arg-type]
    lines = SGR.sub("", text).split("\n")[:-1]
    too_wide = [line for line in lines if cells(line) > width]
    assert not too_wide, f"wider than {width}: {too_wide}"
    assert lines[0] == "Title"
    return lines


def column(index: int, **options: object) -> Column[tuple[str, ...]]:
    return Column(f"C{index}", lambda r: r[index], **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [40, 80, 120])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_names_stay_whole_and_wrapped_text_breaks_between_words(width: int, data: st.DataObject) -> None:
    """A name column (no wrap) keeps every name on one line; a text column loses no word."""
    rows = data.draw(
        st.lists(
            st.tuples(
                st.text(LATIN, min_size=1, max_size=20), words(CJK, 8, 6), st.text(DIGITS, min_size=1, max_size=6)
            ),
            min_size=1,
            max_size=6,
        )
    )
    lines = draw(rows, [column(0), column(1, wrap=True), column(2, justify="right")], width)
    body = lines[3:]
    assert "".join(ch for line in body for ch in line if ch in LATIN) == "".join(row[0] for row in rows)
    least = [max(cells(w) for row in rows for w in row[k].split()) for k in range(3)]
    least[0] = max(least[0], 2)
    least[2] = max(least[2], 2)
    if sum(least) + 2 * 2 + 2 > width:
        return  # even the longest words do not fit: folding is the last resort (tested below)
    names = [line.split()[0] for line in body if line[1:2] in LATIN and line[1:2]]
    assert names == [row[0] for row in rows], "each name whole, at the start of its row"
    text_words = [w for line in body for w in line.split() if set(w) <= set(CJK)]
    assert text_words == [w for row in rows for w in row[1].split()], "words wrapped, never cut"
    assert "".join(ch for line in body for ch in line if ch in DIGITS) == "".join(row[2] for row in rows)


def test_a_column_under_its_host_where_room_is_short() -> None:
    name = "n" * 30
    formula = " + ".join(["term_" + str(k) * 20 for k in range(4)])
    rows = [(name, formula, "1,234,567.891")]
    columns = [column(0), column(1, wrap=True, under="C0"), column(2, justify="right")]
    wide = draw(rows, columns, 200)
    assert wide[1].split() == ["C0", "C1", "C2"]
    narrow = draw(rows, columns, 70)
    assert narrow[1].split() == ["C0", "/", "C1", "C2"]
    body = " ".join(narrow[3:]).split()
    assert (
        body[0] == name
        and body[1] == "1,234,567.891"
        and [w for w in body if w.startswith("term_")] == [w for w in formula.split() if w.startswith("term_")]
    )


def test_the_glue_keeps_the_ellipsis_after_the_low_bound() -> None:
    rows = [("x" * 50, "12,345.67 … 12,345.89")]
    lines = draw(rows, [column(0), column(1, wrap=True, justify="right", glue="…")], 70)
    assert [line.split()[-1] for line in lines[3:]] == ["…", "12,345.89"]
    assert lines[3].split()[-2:] == ["12,345.67", "…"]


def test_names_longer_than_the_terminal_fold_as_the_last_resort() -> None:
    name = "山" * 60  # 120 cells at 80 columns
    lines = draw([(name,)], [column(0)], 80)
    assert "".join(line.strip() for line in lines[3:]) == name


def test_colour_adds_no_width() -> None:
    rows = [("山海_风云", "12")]
    columns = [column(0, style="cyan"), column(1, justify="right")]
    view: View[tuple[str, ...]] = View("T", columns, lambda r: {}, lambda r: "")
    painted = render_tables([(view, rows)], Output(width=40, color=True, is_terminal=True))
    plain = render_tables([(view, rows)], Output(width=40))
    assert "\x1b[" in painted
    assert [line.rstrip() for line in SGR.sub("", painted).split("\n")] == plain.split("\n")


def test_ascii_output_draws_the_rule_in_ascii() -> None:
    lines = draw([("a", "1")], [column(0), column(1)], 40, unicode=False)
    assert set(lines[2].strip()) == {"-"}


def test_a_row_note_goes_under_its_row_and_the_columns_stay_aligned() -> None:
    rows = [("gdp_growth_first_half_comparable", "1.5"), ("x", "2"), ("y", "30")]
    note = {"gdp_growth_first_half_comparable": "2018-01/2018-07 · comparable · target", "y": "estimate"}
    view: View[tuple[str, ...]] = View(
        "T", [column(0), column(1, justify="right")], lambda r: {}, lambda r: "", notes=lambda r: note.get(r[0])
    )
    for width in (40, 80):
        lines = render_tables([(view, rows)], Output(width=width)).splitlines()
        assert all(cells(line) <= width for line in lines)
        assert lines[1].split() == ["C0", "C1"] and set(lines[2].strip()) == {"━"}
        assert lines[3].split() == ["gdp_growth_first_half_comparable", "1.5"]
        assert lines[4] == "   2018-01/2018-07 · comparable · target"
        assert lines[5].split() == ["x", "2"] and lines[6].split() == ["y", "30"]
        assert lines[7] == "   estimate" and len(lines) == 8
        assert len({len(line) for line in (lines[3], lines[5], lines[6])}) == 1, "one set of widths for every run"


@pytest.mark.parametrize(
    ("stated", "before", "after", "shown"),
    [
        ("124.0", [], [], "124.0"),  # the stated zero stays: it says the number has one decimal
        ("1.60", [], [], "1.60"),
        ("1.6", [], [], "1.6"),
        ("1,322", [], [], "1,322"),
        ("1.60", [], ["--unit", "million GBP"], "1,600"),  # in another unit the stated decimals do not apply
        ("1.60", ["--set", "x=2.50"], [], "2.50 (set)"),
    ],
)
def test_a_figure_keeps_its_stated_decimals_in_a_table(
    invoke: Invoke, tmp_path: Path, stated: str, before: list[str], after: list[str], shown: str
) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(f'figures:\n  x: {{value: "{stated}", unit: billion GBP}}\n', encoding="utf-8")
    result = invoke(["--data", str(path), *before, "get", "x", *after])
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.split()[:1] == ["x"])
    assert row.split()[1 : 1 + len(shown.split())] == shown.split()
