"""`laoshan report` over real data files fits the width and never splits a word.

The files are the shipped one and every file under tests/cases/. Each line's
display width is measured here from unicodedata (CJK takes two cells, marks
none). A split name shows up as a token that the data never holds: every
token of the drawn report must be a word of the report's own JSON (names,
units, formulas, asserts, qualifiers, sources), a header, or a number.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED, Invoke

FILES = [SHIPPED, *sorted((ROOT / "tests" / "cases").glob("*.yaml"))]
WIDTHS = [80, 100, 120, 200]
NUMBER = re.compile(r"\(?[-+]?\d[\d,]*(\.\d+)?(e-?\d+)?%?\)?")
FIXED = "Figures Metrics Checks Name Value Bounds Qualifier Unit Source Formula Check Status Assert Left Right / "
FIXED += "… ≥ ≤ (≥ (≤ * exact unbounded pass FAIL uncertain checks: pass, fail, uncertain "
# the words of the gap note under an inconsistent ~= check (views.verdict_text)
FIXED += "left right is higher by at least of the side) side is 0, so no share it beyond tolerance "
# the (set) mark and its footnote, and the summary's --set (views.item_notes, check_summary)
FIXED += "(set) set on the command line; file states = (with "
# a note's separator and what a metric or check rests on (views.notes)
FIXED += "· rests on target forecast estimate preliminary and more"


def cells(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text
    )


def words(text: str | None) -> set[str]:
    return {w.rstrip(",:;") for w in (text or "").split()}


def vocabulary(report: dict[str, list[dict[str, object]]]) -> set[str]:
    from laoshan_cli.output.views import NOT_TIGHT_NOTE, UNDECIDED

    known = words(FIXED) | words(NOT_TIGHT_NOTE) | words(UNDECIDED)
    for row in report["figures"] + report["metrics"]:
        known |= {str(row["name"])} | words(str(row["unit"])) | words(row.get("qualifier"))  # type: ignore[arg-type]
        known |= words(row.get("formula"))  # type: ignore[arg-type]
        for key in ("period", "basis", "status"):  # a row's note: "2018-01/2018-07 · comparable · target"
            known |= words(row.get(key))  # type: ignore[arg-type]
        known |= {str(r["name"]) for r in row.get("rests_on") or []}  # type: ignore[union-attr]
        source = row.get("source") or {}
        for key in ("publisher", "title", "date", "url"):
            known |= words(source.get(key))  # type: ignore[union-attr]
    for row in report["checks"]:
        known |= words(str(row["name"])) | words(str(row["assert"])) | words(str(row["unit"]))
    return known


CASES = [(path, []) for path in FILES] + [(SHIPPED, ["--set", "hightech_growth_2016=2.7"])]  # (set) widens Value


@pytest.mark.parametrize(("path", "options"), CASES, ids=lambda p: p.name if isinstance(p, Path) else " ".join(p))
def test_the_report_fits_every_width_and_splits_no_word(path: Path, options: list[str], invoke: Invoke) -> None:
    result = invoke(["--data", str(path), *options, "report", "--format", "json"])
    report = json.loads(result.stdout)
    known = vocabulary(report) | set(options) | {f"{option})" for option in options}
    names = [row["name"] for row in report["figures"] + report["metrics"]]
    urls = {row["source"]["url"] for row in report["figures"] if (row.get("source") or {}).get("url")}
    for width in WIDTHS:
        text = invoke(["--data", str(path), *options, "report"], env={"COLUMNS": str(width)}).stdout
        lines = text.splitlines()
        too_wide = [line for line in lines if cells(line) > width]
        assert not too_wide, f"{path.name} at {width}: {too_wide}"
        tokens = [t.rstrip(",:;") for line in lines for t in line.split()]
        strange = [
            t
            for t in tokens
            if t not in known
            and not NUMBER.fullmatch(t)
            and not re.fullmatch(r"\[\d+\]", t)
            and set(t) != {"━"}
            and not any(t in url for url in urls)  # a url wider than the table is the one word folded
        ]
        assert not strange, f"{path.name} at {width}: split or unknown words {strange}"
        starts = {line.split()[0] for line in lines if line.startswith(" ") and not line.startswith("  ")}
        assert set(names) <= starts, f"{path.name} at {width}: a name is not whole at the start of its row"


def test_without_columns_a_pipe_gets_80(invoke: Invoke) -> None:
    text = invoke(["report"], env={"COLUMNS": None}).stdout
    assert max(cells(line) for line in text.splitlines()) == 80
