"""What each command shows: the JSON/CSV row of a record, its table columns, its plain value.

The JSON rows here are the machine-output contract documented in the README.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_FLOOR
from fractions import Fraction
from typing import Any

from laoshan_cli.core import bounds as iv
from laoshan_cli.core.results import (
    DEFAULT_STATUS,
    CheckExplanation,
    CheckResult,
    Contribution,
    ExplainNode,
    Explanation,
    Item,
    RestsOn,
    Value,
    status_of,
)

from .render import (
    UNICODE,
    Column,
    Output,
    Row,
    Symbols,
    View,
    counted,
    float_down,
    float_nearest,
    float_up,
    format_bounds,
    format_number,
    format_value,
)
from .sanitize import visible
from .table import CYAN

STATED_DECIMALS = re.compile(r"[+-]?[0-9,]*\.([0-9]+)")  # a plain decimal, not a range or an exponent


def item_row(item: Item) -> Row:
    """The JSON contract for a figure or metric."""
    row: Row = {
        "name": item.name,
        "kind": item.kind,
        "label": item.label,
        "value": float_nearest(item.value),
        "low": float_down(item.bounds.lo),
        "high": float_up(item.bounds.hi),
        "unit": item.unit_text,
        "tight": item.tight,
    }
    if item.kind == "figure":
        row.update(
            stated=item.stated,
            set=None if item.file_stated is None else {"stated": item.file_stated},
            qualifier=item.qualifier,
            year=period_year(item.period),
            period=item.period,
            basis=item.basis,
            status=item.status,
            quote=item.quote,
            source=item.source,
        )
    else:
        row.update(formula=item.formula, rests_on=rests_on_rows(item.rests_on))
    return row


def period_year(period: str | None) -> int | None:
    """JSON's `year`, kept from before `period`: the year when the period is one whole year (`2016`)."""
    return int(period) if period is not None and period.isdigit() else None


def rests_on_rows(rests_on: RestsOn) -> list[Row]:
    return [{"name": name, "status": status} for name, status in rests_on]


# -- notes: what is not the default about a record, read the same way by every output ---------------

NOTE_NAMES = 3  # names a note lists before "and N more"; JSON and CSV list them all


def fact_note(period: str | None, basis: str | None, status: str, symbols: Symbols = UNICODE) -> str | None:
    """A figure's period, basis and status, those that are not the default, in that order."""
    shown = [period, basis, None if status == DEFAULT_STATUS else status]
    return symbols.dot.join(text for text in shown if text) or None


def notes(record: Item | CheckResult, symbols: Symbols = UNICODE) -> str | None:
    """The one reading of a record's notes, or None when all is default.

    A figure: its period, basis and status when not `actual` ("2018-01/2018-07 · comparable · target").
    A metric or a check: the figures not `actual` that it rests on ("rests on target: a; forecast: b, c").
    """
    if isinstance(record, Item) and record.kind == "figure":
        return fact_note(record.period, record.basis, record.status, symbols)
    return rests_on_note(record.rests_on)


def rests_on_note(rests_on: RestsOn) -> str | None:
    """ "rests on target: a; forecast: b, c", with at most NOTE_NAMES names of each status."""
    if not rests_on:
        return None
    by_status: dict[str, list[str]] = {}
    for name, status in rests_on:
        by_status.setdefault(status, []).append(name)
    parts = []
    for status, names in by_status.items():
        more = f" and {len(names) - NOTE_NAMES:,} more" if len(names) > NOTE_NAMES else ""
        parts.append(f"{status}: {', '.join(names[:NOTE_NAMES])}{more}")
    return "rests on " + "; ".join(parts)


NOT_TIGHT_MARK = " *"
NOT_TIGHT_NOTE = "* bounds not proven tight: sound, but maybe wider than the true range (limit max_tightening_work)"
SET_MARK = " (set)"  # words, not a symbol: it reads the same in ASCII and needs no key


def not_tight_note(records: Sequence[Item | CheckResult]) -> list[str]:
    def loose(r: Item | CheckResult) -> bool:
        return not r.tight or (isinstance(r, CheckResult) and not (r.left.tight and r.right.tight))

    return [NOT_TIGHT_NOTE] if any(loose(r) for r in records) else []


def item_notes(records: Sequence[Item]) -> list[str]:
    """The footnotes of a table of items: what (set) marks, with the values the file states, and loose bounds."""
    restated = [f"{item.name} = {item.file_stated}" for item in records if item.file_stated is not None]
    notes = [f"(set) set on the command line; the file states {', '.join(restated)}"] if restated else []
    return notes + not_tight_note(records)


def bounds_cell(item: Item, symbols: Symbols) -> str:
    return format_bounds(item.bounds, symbols) + ("" if item.tight else NOT_TIGHT_MARK)


def plain_number(value: Fraction) -> str:
    return repr(float_nearest(value))


def value_cell(item: Item) -> str:
    return format_value(item.value, item.bounds, stated_places(item)) + ("" if item.file_stated is None else SET_MARK)


def stated_places(item: Item) -> int:
    """The decimals of a figure's stated number ("124.0" has 1), so that a table does not drop its zeros."""
    text = unicodedata.normalize("NFKC", item.stated or "").strip().replace("\u2212", "-")
    match = STATED_DECIMALS.fullmatch(text)
    if match is None or Fraction(text.replace(",", "")) != item.value:  # shown in another unit (--unit)
        return 0
    return len(match.group(1))


def item_view(output: Output, title: str | None, kind: str) -> View[Item]:
    """Columns for figures, metrics, or both (kind 'any')."""
    columns: list[Column[Item]] = [
        Column("Name", lambda i: i.name, style=CYAN),
        Column("Value", value_cell, justify="right"),
        Column("Bounds", lambda i: bounds_cell(i, output.symbols), justify="right", wrap=True, glue=output.symbols.to),
        Column("Unit", lambda i: i.unit_text, wrap=True, under="Name" if kind == "figure" else None),
    ]
    reference = None
    if kind == "figure":
        columns.append(Column("Qualifier", lambda i: i.qualifier or "", wrap=True, under="Bounds"))
        reference = source_of
    elif kind == "metric":
        columns.append(Column("Formula", lambda i: i.formula or "", wrap=True, under="Name"))
    return View(
        title,
        columns,
        item_row,
        lambda i: plain_number(i.value),
        item_notes,
        lambda i: notes(i, output.symbols),
        reference=reference,
    )


SOURCE_FIELDS = ("publisher", "title", "date", "url")


def source_of(item: Item) -> str | None:
    return source_text(item.source)


def source_text(source: dict[str, str] | None) -> str | None:
    """A source as one line of the list under a table: publisher, title, date, url; JSON has every field."""
    if not source:
        return None
    parts = [source[key] for key in SOURCE_FIELDS if source.get(key)]
    return ", ".join(parts) or next(iter(source.values()), None)


def check_row(result: CheckResult) -> Row:
    """The JSON contract for a check: name, assert and status, and both sides in `unit`."""
    scale = result.unit.scale

    def side(prefix: str, value: Any) -> Row:
        return {
            prefix: float_nearest(value.point / scale),
            f"{prefix}_low": float_down(None if value.bounds.lo is None else value.bounds.lo / scale),
            f"{prefix}_high": float_up(None if value.bounds.hi is None else value.bounds.hi / scale),
        }

    difference = result.difference
    return {
        "name": result.name,
        "assert": result.assertion,
        "status": result.status,
        "tight": result.tight,
        "unit": unit_label(result),
        **side("left", result.left),
        **side("right", result.right),
        "difference_low": float_down(None if difference.lo is None else difference.lo / scale),
        "difference_high": float_up(None if difference.hi is None else difference.hi / scale),
        "rests_on": rests_on_rows(result.rests_on),
    }


def unit_label(result: CheckResult) -> str:
    from laoshan_cli.core.units import shown_unit

    return result.unit_text or shown_unit(result.unit)


def side_text(value: Value, result: CheckResult, symbols: Symbols) -> str:
    """One side of a check in the check's unit, as people read it: 1.10244 (0.98024 … 1.22766)."""
    scale = result.unit.scale
    scaled = iv.scale(value.bounds, 1 / scale)
    bounds = format_bounds(scaled, symbols)
    number = format_value(value.point / scale, scaled)
    mark = "" if value.tight else NOT_TIGHT_MARK
    return number if bounds == "exact" else f"{number} ({bounds}){mark}"


UNDECIDED = (
    "cannot decide: the bounds of left - right are not proven tight; a larger --limit max_tightening_work may settle it"
)


WHOLE_FAIL = "the sides can meet only at values that are not whole (it rests on a whole: true metric)"
WHOLE_DECIDED = "{status} over whole values (it rests on a whole: true metric); the bounds shown are of intervals"


def verdict_text(result: CheckResult) -> str | None:
    """What a check adds to its status: by how much an inconsistent ~= one misses, why one is undecided, or
    that whole values decided it (a check that rests on a whole: true metric).

    The gap is rounded down at the digits shown, so "at least" stays true.
    """
    if result.op != "~=":
        if result.op and result.status != status_of(result.op, result.difference):
            return WHOLE_DECIDED.format(status=result.status)
        return None
    gap = result.gap
    if gap is not None:
        scale = result.unit.scale
        unit = unit_label(result)
        amount = format_number(gap.amount / scale, rounding=ROUND_FLOOR) + (f" {unit}" if unit else "")
        if gap.share is None:
            share = "the right side is 0, so no share of it"
        else:
            share = f"{format_number(gap.share * 100, 3, ROUND_FLOOR)}% of the right side"
        text = f"{gap.higher} is higher by at least {amount} ({share})"
        if result.tolerance:
            tolerance = format_number(result.tolerance / scale) + (f" {unit}" if unit else "")
            text += f", {format_number(gap.beyond / scale, rounding=ROUND_FLOOR)} beyond the tolerance of {tolerance}"
        return text
    if result.status == "fail":
        return WHOLE_FAIL
    if result.status == "uncertain":
        return UNDECIDED
    return None


def verdict_note(results: Sequence[CheckResult]) -> list[str]:
    """The table's footnotes: the loose-bounds mark, then one for each failed or undecided ~= check."""
    return not_tight_note(results) + [f"{result.name}: {text}" for result in results if (text := verdict_text(result))]


STATUS_MARKS = {"pass": "pass", "fail": "FAIL", "uncertain": "uncertain"}


def check_status(result: CheckResult) -> str:
    """The status as a table shows it; an uncertain verdict that loose bounds may explain gets the mark."""
    return STATUS_MARKS[result.status] + (NOT_TIGHT_MARK if result.status == "uncertain" and not result.tight else "")


def check_view(output: Output) -> View[CheckResult]:

    def side(result: CheckResult, left: bool) -> str:
        return side_text(result.left if left else result.right, result, output.symbols)

    columns: list[Column[CheckResult]] = [
        Column("Check", lambda r: r.name, wrap=True, style=CYAN),
        Column("Status", check_status),
        Column("Assert", lambda r: r.assertion, wrap=True, under="Check"),
        Column("Left", lambda r: side(r, True), justify="right", wrap=True, glue=output.symbols.to),
        Column("Right", lambda r: side(r, False), justify="right", wrap=True, glue=output.symbols.to),
    ]
    return View("Checks", columns, check_row, lambda r: r.status, verdict_note, lambda r: notes(r, output.symbols))


def report_text(
    figures: Sequence[Item],
    metrics: Sequence[Item],
    results: Sequence[CheckResult],
    fmt: str,
    output: Output,
    overrides: Sequence[tuple[str, str]] = (),
) -> str:
    """The report in any format: three tables, or the rows of figures, metrics and check."""
    from .render import render_csv, render_json, render_tables

    figure_view = item_view(output, "Figures", "figure")
    metric_view = item_view(output, "Metrics", "metric")
    checks = check_view(output)
    if fmt == "json":
        rows = {"figures": [item_row(i) for i in figures], "metrics": [item_row(i) for i in metrics]}
        return render_json({**rows, "checks": [check_row(r) for r in results]}, output)
    if fmt == "csv":
        items = [item_row(i) for i in [*figures, *metrics]]
        return render_csv(items + [{"kind": "check", **check_row(r)} for r in results])
    if fmt == "plain":
        lines = [figure_view.plain(i) for i in figures] + [metric_view.plain(i) for i in metrics]
        return "".join(f"{line}\n" for line in lines + [checks.plain(r) for r in results])
    tables: list[tuple[View[Any], Sequence[Any]]] = [(figure_view, figures), (metric_view, metrics)]
    if results:
        tables.append((checks, results))
    return render_tables(tables, output, footer=check_summary(list(results), overrides) if results else None)


def check_summary(results: list[CheckResult], overrides: Sequence[tuple[str, str]] = ()) -> str:
    """The count of each status; under --set, with the options, since the verdicts are not the file's."""
    counts = {status: sum(1 for r in results if r.status == status) for status in ("pass", "fail", "uncertain")}
    text = counted(len(results), "check")
    text += f": {counts['pass']} pass, {counts['fail']} fail, {counts['uncertain']} uncertain"
    if overrides:
        text += " (with " + " ".join(f"--set {name}={value}" for name, value in overrides) + ")"
    return text


# -- explain -------------------------------------------------------------------


def node_row(node: ExplainNode) -> Row:
    """A step of a derivation as JSON: its item, and its inputs unless shown elsewhere."""
    row = item_row(node.item)
    if node.repeated:
        row["repeated"] = True
    elif node.truncated:
        row["truncated"] = True
    elif node.item.kind == "metric":
        row["inputs"] = [node_row(child) for child in node.children]
    return row


def explain_row(explanation: Explanation) -> Row:
    """The JSON form of an explanation: the tree of inputs, then the uncertainty budget."""
    return {
        "tree": node_row(explanation.tree),
        "budget": [budget_row(c, explanation.tree.item.unit_text) for c in explanation.budget],
    }


def check_explain_row(explanation: CheckExplanation) -> Row:
    """The JSON form of a check explained: its check row and message, each side's tree, the budget of left - right."""
    result = explanation.result
    return {
        "check": {**check_row(result), "message": verdict_text(result)},
        "left": node_row(explanation.left),
        "right": node_row(explanation.right),
        "budget": [budget_row(c, unit_label(result)) for c in explanation.budget],
    }


def budget_row(contribution: Contribution, unit: str) -> Row:
    return {
        "name": contribution.name,
        "width": None if contribution.width is None else float_nearest(contribution.width),
        "share": None if contribution.share is None else float_nearest(contribution.share),
        "unit": unit,
    }


def explain_flat(explanation: Explanation | CheckExplanation) -> list[Row]:
    """The tree as rows, depth first, each with its depth and parent (for CSV); a check's two trees
    follow each other, each row with its `side`."""
    rows: list[Row] = []

    def visit(node: ExplainNode, depth: int, parent: str | None, side: Row) -> None:
        row = {**side, "depth": depth, "parent": parent, **item_row(node.item), "truncated": node.truncated}
        rows.append(row)
        if not node.repeated:
            for child in node.children:
                visit(child, depth + 1, node.item.name, side)

    if isinstance(explanation, Explanation):
        visit(explanation.tree, 0, None, {})
    else:
        visit(explanation.left, 0, None, {"side": "left"})
        visit(explanation.right, 0, None, {"side": "right"})
    return rows


def quoted(text: str, output: Output) -> str:
    return f"\u201c{text}\u201d" if output.unicode else f'"{text}"'


def explain_text(explanation: Explanation | CheckExplanation, output: Output) -> str:
    """The derivation as a rich tree down to the quotes, then the budget table; for a check,
    its verdict, each side's tree, and the budget of left - right.

    Each label is a rich Text of sanitized lines, never markup, so a name such
    as '[bold]' or one holding escape sequences shows as it is written.
    """
    if isinstance(explanation, CheckExplanation):
        result = explanation.result
        lines = [f"check: {result.name}", f"assert: {result.assertion}", f"status: {check_status(result)}"]
        extra = verdict_text(result)
        if extra:
            lines.append(extra)
        note = notes(result, output.symbols)
        if note:
            lines.append(note)
        difference = format_bounds(iv.scale(result.difference, 1 / result.unit.scale), output.symbols)
        unit = unit_label(result)
        lines.append(
            f"left - right: [{difference}]{NOT_TIGHT_MARK if not result.tight else ''}{' ' + unit if unit else ''}"
        )
        text = "".join(visible(line) + "\n" for line in lines)
        text += "Left side\n" + tree_text(explanation.left, output)
        text += "Right side\n" + tree_text(explanation.right, output)
        title = "Uncertainty budget of left - right (each input varied alone)"
        return text + budget_text(explanation.budget, unit, title, output)
    text = tree_text(explanation.tree, output)
    title = "Uncertainty budget (each input varied alone)"
    return text + budget_text(explanation.budget, explanation.tree.item.unit_text, title, output)


def tree_text(root: ExplainNode, output: Output) -> str:
    """One derivation as a rich tree, each line stripped of trailing blanks."""
    from rich.text import Text
    from rich.tree import Tree

    from .render import console

    symbols = output.symbols

    def label(node: ExplainNode) -> Text:
        item = node.item
        unit = f" {item.unit_text}" if item.unit_text else ""
        lines = [f"{item.name} = {format_value(item.value, item.bounds)}{unit}  [{bounds_cell(item, symbols)}]"]
        if node.repeated:
            lines[0] += " (see above)"
        elif item.kind == "metric":
            lines.append(f"{symbols.arrow} {item.formula}")
            if node.truncated:
                lines.append(f"(deeper inputs not shown: laoshan explain {item.name})")
        elif item.file_stated is not None:
            # The quote supports the file's value, not the one given with --set: it is shown as the file's.
            hedge = f"{item.qualifier} " if item.qualifier else ""
            lines.append(f"set on the command line; the file states {hedge}{item.file_stated}{unit}")
            if item.quote:
                lines[-1] += f": {quoted(item.quote, output)}"
        elif item.quote:
            hedge = f"{item.qualifier} " if item.qualifier else ""
            lines.append(f"stated: {hedge}{item.stated}{unit}; {quoted(item.quote, output)}")
        note = None if node.repeated else notes(item, symbols)
        if note:
            lines.append(note)
        return Text("\n".join(visible(line) for line in lines))

    def grow(branch: Tree, node: ExplainNode) -> None:
        for child in node.children:
            grow(branch.add(label(child)), child)

    tree = Tree(label(root), guide_style="dim" if output.color else "")
    grow(tree, root)
    screen = console(output)
    screen.print(tree)
    text: str = screen.file.getvalue()
    return "\n".join(line.rstrip() for line in text.split("\n"))


def budget_text(budget: list[Contribution], unit: str, title: str, output: Output) -> str:
    """The uncertainty budget as a table, or nothing when no input varies."""
    from .render import render_tables

    def width_cell(c: Contribution) -> str:
        return "unbounded" if c.width is None else format_number(c.width)

    budget_view: View[Contribution] = View(
        title,
        [
            Column("Input", lambda c: c.name),
            Column("Width", width_cell, justify="right"),
            Column(
                "Share", lambda c: "" if c.share is None else f"{format_number(c.share * 100, 3)}%", justify="right"
            ),
        ],
        lambda c: budget_row(c, unit),
        width_cell,
    )
    return render_tables([(budget_view, budget)], output) if budget else ""
