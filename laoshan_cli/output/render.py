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
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Any, Generic, TypeVar

from laoshan_cli.core.bounds import Interval

from .sanitize import csv_cell, json_text, visible
from .terminal import ASCII, FORMATS, UNICODE, Output, Symbols, symbols_for

Row = dict[str, Any]
T = TypeVar("T")


class Column(Generic[T]):
    """A table column: its header, how to show a record, and how to lay it out."""

    __slots__ = ("cell", "glue", "header", "justify", "style", "under", "wrap")

    def __init__(
        self,
        header: str,
        cell: Callable[[T], str],
        justify: str = "left",
        wrap: bool = False,
        style: str | None = None,
        glue: str | None = None,
        under: str | None = None,
    ) -> None:
        self.header = header
        self.cell = cell
        self.justify = justify
        self.wrap = wrap  # wraps between words (never inside one); else each cell keeps one line
        self.style = style  # a rich style name (table.py), used only with colour
        self.glue = glue  # a word kept on the line before it when wrapping, such as the … of bounds
        self.under = under  # the header of the column whose cells this one's go under, where room is short


class View(Generic[T]):
    """How one kind of record is shown: as a table, as a row for JSON and CSV, and plain."""

    __slots__ = ("columns", "note", "notes", "plain", "reference", "row", "title")

    def __init__(
        self,
        title: str | None,
        columns: Sequence[Column[T]],
        row: Callable[[T], Row],
        plain: Callable[[T], str],
        note: Callable[[Sequence[T]], list[str]] | None = None,  # the footnotes to the table
        notes: Callable[[T], str | None] | None = None,  # a short note under a row's first cell, if any
        reference: Callable[[T], str | None] | None = None,  # a record's source, listed under the table
    ) -> None:
        self.title = title
        self.columns = columns
        self.row = row
        self.plain = plain
        self.note = note
        self.reference = reference
        self.notes = notes


# -- numbers ---------------------------------------------------------------


EXACT_DIGITS = 15  # a decimal of at most this many significant digits is shown as it is
MIN_DIGITS = 6  # a long fraction gets at least this many significant digits


def counted(count: int, noun: str) -> str:
    """'1 figure', '3 figures': the summary lines' nouns all take a plain -s."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_number(value: Fraction, digits: int = MIN_DIGITS, rounding: str = ROUND_HALF_EVEN) -> str:
    """A person-sized decimal: `digits` significant digits, grouped by thousands."""
    if value == 0:
        return "0"
    with localcontext() as context:
        context.prec = digits
        context.rounding = rounding
        decimal = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
    return _decimal_text(decimal)


def _decimal_text(decimal: Decimal) -> str:
    exponent = decimal.adjusted()
    if exponent >= 15 or exponent < -6:
        mantissa = format(decimal.scaleb(-exponent), "f").rstrip("0").rstrip(".")
        return f"{mantissa}e{exponent}"
    return format(decimal, ",f")


def exact_decimal(value: Fraction) -> str | None:
    """`value` written exactly, if it is a decimal of at most EXACT_DIGITS significant digits."""
    if value == 0:
        return "0"
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        context.traps[Inexact] = True
        try:
            decimal = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
        except Inexact:
            return None
    return _decimal_text(decimal)


def _place(value: Fraction) -> int:
    """The power of ten of the first significant digit of a nonzero `value`, exactly."""
    value = abs(value)
    place = len(str(value.numerator)) - len(str(value.denominator))
    return place - 1 if Fraction(10) ** place > value else place


def shown_digits(bounds: Interval, least: int = MIN_DIGITS) -> int:
    """Significant digits that show the bounds' own width to two digits: at least `least`.

    So 39,038.05 … 39,038.15 is not drawn as 39,038 … 39,038.2: a bound that
    is not a short decimal is rounded outward at a digit finer than the gap
    between the bounds.
    """
    lo, hi = bounds.lo, bounds.hi
    if lo is None or hi is None or lo == hi:
        return least
    largest = max(abs(lo), abs(hi))
    return max(least, min(_place(largest) - _place(hi - lo) + 2, EXACT_DIGITS))


def format_shown(value: Fraction, digits: int, rounding: str = ROUND_HALF_EVEN) -> str:
    """Exactly where `value` is a short decimal, else at `digits` significant digits."""
    return exact_decimal(value) or format_number(value, digits, rounding)


def format_bounds(bounds: Interval, symbols: Symbols, digits: int = MIN_DIGITS) -> str:
    """Bounds exact where they are short decimals, else rounded outward, so the shown range stays sound.

    A rounded bound gets `digits` significant digits, or more where the
    bounds are close together (shown_digits).
    """
    digits = shown_digits(bounds, digits)
    lo = None if bounds.lo is None else format_shown(bounds.lo, digits, ROUND_FLOOR)
    hi = None if bounds.hi is None else format_shown(bounds.hi, digits, ROUND_CEILING)
    if lo is None and hi is None:
        return "unbounded"
    if lo is None:
        return f"{symbols.at_most} {hi}"
    if hi is None:
        return f"{symbols.at_least} {lo}"
    if lo == hi:
        return "exact" if bounds.is_point else f"{lo} {symbols.to} {hi}"
    return f"{lo} {symbols.to} {hi}"


def format_value(value: Fraction, bounds: Interval, places: int = 0) -> str:
    """A value beside its bounds: exact where short, else as many digits as its bounds show.

    `places` keeps the decimals a figure was stated with: 124.0 stays 124.0, not 124.
    """
    exact = exact_decimal(value)
    if exact is None:
        return format_number(value, shown_digits(bounds))
    whole, _, decimals = exact.partition(".")
    if len(decimals) >= places:
        return exact
    return f"{whole}.{decimals.ljust(places, '0')}"


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
    """Several titled tables, one after another, each followed by a blank line.

    A view with `reference` gets a Source column of markers ([1], [2], ...)
    and, under its table, the numbered list of what they refer to; a view
    with `notes` gets each row's note under the row.
    """
    from rich.text import Text

    from .table import Spec, draw

    screen = console(output)

    def show(specs: list[Spec], title: str | None, header: bool = True, notes: Sequence[str] = ()) -> None:
        if title is not None:  # not rich's title, which it would wrap to the table's width
            screen.print(Text(title, style="bold" if output.color else ""))
        for part in draw(specs, output.width, unicode=output.unicode, color=output.color, header=header, notes=notes):
            screen.print(part)

    notes: dict[str, None] = {}
    for index, (view, records) in enumerate(tables):
        if index:
            screen.print()
        notes.update(dict.fromkeys(view.note(records) if view.note else []))
        specs = [
            Spec(
                visible(c.header),
                [visible(c.cell(r)) for r in records],
                c.justify,
                c.wrap,
                c.style,
                c.glue,
                None if c.under is None else visible(c.under),
            )
            for c in view.columns
        ]
        found = [view.notes(r) for r in records] if view.notes is not None else []
        row_notes = [visible(note) if note else "" for note in found] if any(found) else []
        numbers: dict[str, int] = {}
        if view.reference is not None:
            marks = []
            for record in records:
                source = view.reference(record)
                marks.append(f"[{numbers.setdefault(visible(source), len(numbers) + 1)}]" if source else "")
            specs.append(Spec("Source", marks))
        show(specs, None if view.title is None else visible(view.title), notes=row_notes)
        if numbers:
            screen.print()
            show([Spec("", [f"[{n}]" for n in numbers.values()]), Spec("", list(numbers), wrap=True)], None, False)
    # Notes and the footer wrap at the width too; a note may name figures and values from the file.
    for line in [*notes, *([footer] if footer else [])]:
        screen.print()
        screen.print(Text(visible(line)))
    text: str = screen.file.getvalue()
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


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
    "format_shown",
    "format_value",
    "render",
    "render_csv",
    "render_json",
    "render_tables",
    "shown_digits",
    "symbols_for",
]
