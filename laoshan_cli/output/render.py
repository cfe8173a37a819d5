"""One renderer for every command: rows to table, JSON, CSV or plain text.

Numbers stay exact up to here. JSON and plain output use binary floats; a
bound is rounded outward to the next float so it stays sound, and a table
rounds bounds outward at the digits it shows. rich is imported only when a
table is drawn, because it costs more start-up time than the rest together.

Text from the data is untrusted: tables and plain lines show it through
sanitize.visible, JSON keeps it exact through JSON's own escapes, and CSV
guards cells a spreadsheet would run as formulas (README "Machine output").
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Any, Generic, TypeVar

from laoshan_cli.core.bounds import Interval

from .sanitize import csv_cell, json_text, visible
from .terminal import ASCII, FORMATS, UNICODE, Output, Symbols, symbols_for

Row = dict[str, Any]
T = TypeVar("T")


class Column(Generic[T]):
    """A table column: its header, how to show a record, and how to lay it out."""

    __slots__ = ("cell", "header", "justify", "style", "wrap")

    def __init__(
        self, header: str, cell: Callable[[T], str], justify: str = "left", wrap: bool = False, style: str | None = None
    ) -> None:
        self.header = header
        self.cell = cell
        self.justify = justify
        self.wrap = wrap
        self.style = style  # an ANSI SGR code from table.py, used only with colour


class View(Generic[T]):
    """How one kind of record is shown: as a table, as a row for JSON and CSV, and plain."""

    __slots__ = ("columns", "note", "notes", "plain", "row", "title")

    def __init__(
        self,
        title: str | None,
        columns: Sequence[Column[T]],
        row: Callable[[T], Row],
        plain: Callable[[T], str],
        note: Callable[[Sequence[T]], list[str]] | None = None,  # the footnotes to the table
        notes: Callable[[T], str | None] | None = None,  # a short note under a row's first cell, if any
    ) -> None:
        self.title = title
        self.columns = columns
        self.row = row
        self.plain = plain
        self.note = note
        self.notes = notes


# -- numbers ---------------------------------------------------------------


def format_number(value: Fraction, digits: int = 6, rounding: str = ROUND_HALF_EVEN) -> str:
    """A person-sized decimal: `digits` significant digits, grouped by thousands."""
    if value == 0:
        return "0"
    with localcontext() as context:
        context.prec = digits
        context.rounding = rounding
        decimal = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
    exponent = decimal.adjusted()
    if exponent >= 15 or exponent < -6:
        mantissa = format(decimal.scaleb(-exponent), "f").rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    return format(decimal, ",f")


def format_bounds(bounds: Interval, symbols: Symbols, digits: int = 6) -> str:
    """Bounds rounded outward at the digits shown, so the shown range stays sound."""
    lo = None if bounds.lo is None else format_number(bounds.lo, digits, ROUND_FLOOR)
    hi = None if bounds.hi is None else format_number(bounds.hi, digits, ROUND_CEILING)
    if lo is None and hi is None:
        return "unbounded"
    if lo is None:
        return f"{symbols.at_most} {hi}"
    if hi is None:
        return f"{symbols.at_least} {lo}"
    if lo == hi:
        return "exact" if bounds.is_point else f"{lo} {symbols.to} {hi}"
    return f"{lo} {symbols.to} {hi}"


def float_nearest(value: Fraction) -> float:
    """The nearest float; a value beyond the float range is an error, never a silent inf."""
    from laoshan_cli.core.errors import UsageError

    try:
        result = float(value)
    except OverflowError:
        raise UsageError(
            "a value is too large for a binary float (about 1.8e308)",
            hint="--format table shows it in decimal",
        ) from None
    if value and abs(result) < sys.float_info.min:  # underflow: 0.0 or a subnormal that lost its digits
        raise UsageError(
            "a value is too small for a binary float (about 2.2e-308)",
            hint="--format table shows it in decimal",
        )
    return result


def float_down(value: Fraction | None) -> float | None:
    """The largest float at or below `value`; None stays unbounded."""
    if value is None:
        return None
    try:
        result = float(value)
    except OverflowError:
        return None if value < 0 else sys_float_max()
    if Fraction(result) > value:
        result = math.nextafter(result, -math.inf)
    return None if math.isinf(result) else result


def float_up(value: Fraction | None) -> float | None:
    """The smallest float at or above `value`; None stays unbounded."""
    if value is None:
        return None
    result = float_down(-value)
    return None if result is None else 0.0 - result  # 0.0 - x, so that zero is 0.0, not -0.0


def sys_float_max() -> float:
    import sys

    return sys.float_info.max


# -- output formats -----------------------------------------------------------


def render(records: Sequence[T], fmt: str, output: Output, view: View[T]) -> str:
    """Records in the chosen format, as text ending with a newline."""
    if fmt == "json":
        return render_json([view.row(record) for record in records], output)
    if fmt == "csv":
        return render_csv([view.row(record) for record in records])
    if fmt == "plain":
        return "".join(f"{visible(view.plain(record))}\n" for record in records)
    return render_tables([(view, records)], output)


def plain_value(value: Any) -> str:
    """A value as text for CSV and plain output: JSON's spelling for null and booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_json(data: Any, output: Output) -> str:
    import json

    return json_text(json.dumps(data, indent=2, ensure_ascii=not output.unicode, allow_nan=False)) + "\n"


def render_csv(rows: Sequence[Row]) -> str:
    """CSV with a header row; text cells guarded against formulas (sanitize.csv_cell)."""
    import json

    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row))
    lines = [csv_line(headers)]
    for row in rows:
        cells = []
        for key in headers:
            value = row.get(key)
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            cells.append(csv_cell(value) if isinstance(value, str) else plain_value(value))
        lines.append(csv_line(cells))
    return "".join(lines)


def csv_line(cells: Iterable[str]) -> str:
    """One CSV record ending with a newline, quoted as RFC 4180 says.

    Not the csv module: with "\\n" line ends it leaves a lone "\\r" unquoted,
    which ends the record early in most readers (and makes Python's refuse it).
    """
    return ",".join(_csv_field(cell) for cell in cells) + "\n"


def _csv_field(cell: str) -> str:
    if any(char in cell for char in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def console(output: Output) -> Any:
    """A rich Console that renders into a string for `output` (for the explain tree)."""
    import io

    from rich.console import Console

    class Buffer(io.StringIO):
        # rich picks ASCII guide lines when the file's encoding cannot carry box drawing.
        @property
        def encoding(self) -> str:  # type: ignore[override]
            return "utf-8" if output.unicode else "ascii"

    return Console(
        file=Buffer(),
        force_terminal=output.is_terminal,
        color_system="auto" if output.color else None,
        no_color=not output.color,
        width=output.width,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def render_tables(tables: Sequence[tuple[View[Any], Sequence[Any]]], output: Output, footer: str | None = None) -> str:
    """Several titled tables, one after another, each followed by a blank line."""
    from .table import layout

    parts = []
    notes: dict[str, None] = {}
    for view, records in tables:
        notes.update(dict.fromkeys(view.note(records) if view.note else []))
        columns = view.columns
        rows = [[visible(column.cell(record)) for column in columns] for record in records]
        styles = [column.style for column in columns]
        row_notes = None
        if view.notes:
            found = [view.notes(record) for record in records]
            row_notes = [visible(note) if note else "" for note in found] if any(found) else None
        parts.append(
            layout(
                [visible(column.header) for column in columns],
                rows,
                width=output.width,
                wrap_columns=[column.wrap for column in columns],
                right_columns=[column.justify == "right" for column in columns],
                title=None if view.title is None else visible(view.title),
                rule="━" if output.unicode else "-",
                color=output.color,
                styles=styles,
                notes=row_notes,
            )
        )
    text = "\n".join(parts)
    for note in notes:
        text += "\n" + visible(note) + "\n"  # a note may name figures and values from the file
    if footer:
        text += "\n" + visible(footer) + "\n"
    return text


# Output, symbols and formats live in terminal.py; they are re-exported here for the views.
__all__ = [
    "ASCII",
    "FORMATS",
    "UNICODE",
    "Column",
    "Output",
    "Row",
    "Symbols",
    "View",
    "float_down",
    "float_nearest",
    "float_up",
    "format_bounds",
    "format_number",
    "render",
    "render_csv",
    "render_json",
    "render_tables",
    "symbols_for",
]
