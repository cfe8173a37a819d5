"""Tables flattened to text, cells split by "|": the unit a column heading gives once applies to its cells.

    | Half year to 30 June 2013 £m | Half year to 30 June 2012 £m |      a heading row: £m for both columns
    | 316.5 | 301.3 |                                                 cells without a unit of their own

Two layouts are read. Rows, one a line ("587.8 | | Revenue | 2 | 316.5 |"):
a cell's column is its place in its row, and the last heading row above it
names the column's unit ("Pence | | Pence" takes over for the rows below).
Or one cell a line, as pages copied from HTML often are: the headings come
first ("本月 | 增长% | 累计 |"), then each row's label and its numbers; a
number's column is its place after its row's label. A heading unit is a
guess about what the table means, so every reading that takes one is unsure.
A column headed "Note" holds note numbers, not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_CELL = re.compile(r"\s*[(（]?[-+\u2212\u2013]?[0-9][0-9,.]*[)）]?\s*(?:%|p)?\s*")
_EMPTY_CELL = re.compile(r"\s*[-\u2013\u2014]*\s*")
_MONEY = re.compile(r"(£|\$|US\$|€|¥)\s?(m|mn|bn|million|billion|'000|000)(?![A-Za-z])", re.IGNORECASE)
_ZH_MONEY = re.compile(r"(亿|億|万|萬|千)?元")
_PENCE = re.compile(r"^\s*(?:pence|p)\s*$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(?:notes?|附注|附註)\s*$", re.IGNORECASE)
CURRENCIES = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "CNY"}
SCALES = {"m": "million", "mn": "million", "million": "million", "bn": "billion", "billion": "billion"}
SCALES |= {"'000": "thousand", "000": "thousand", "亿": "亿", "億": "亿", "万": "万", "萬": "万", "千": "千"}


@dataclass(frozen=True)
class Heading:
    """What a column heading says of its cells' unit; `note` for a column of note numbers."""

    text: str
    scale: str | None = None
    currency: str | None = None
    percent: str | None = None
    pence: bool = False
    note: bool = False

    @property
    def has_unit(self) -> bool:
        return self.note or self.pence or any(part is not None for part in (self.scale, self.currency, self.percent))


@dataclass(frozen=True)
class Cell:
    start: int  # the cell's text, less its padding
    end: int
    heading: Heading
    money: bool  # the column holds amounts of money (accounts write a minus in brackets there)


def heading_of(cell: str) -> Heading:
    """The unit a heading cell gives its column, if any."""
    text = " ".join(cell.split())
    if _NOTE.match(text):
        return Heading(text, note=True)
    if _PENCE.match(text):
        return Heading(text, currency="GBP", pence=True)
    money = _MONEY.search(text)
    if money is not None:
        return Heading(text, SCALES[money.group(2).lower()], CURRENCIES[money.group(1).lower()])
    zh = _ZH_MONEY.search(text)
    if zh is not None and not re.search(r"\d", text):
        return Heading(text, SCALES[zh.group(1)] if zh.group(1) else None, "CNY")
    if "%" in text or "％" in text:
        return Heading(text, percent="percent")
    return Heading(text)


def table_cells(text: str) -> list[Cell]:
    """Every number cell of every table in `text` that a heading gives a unit (or marks as notes)."""
    cells: list[Cell] = []
    for low, high in _blocks(text):
        rows = _rows(text, low, high)
        if not rows:
            continue
        if sum(len(row) == 1 for row in rows) * 2 > len(rows):
            cells += _stream(text, [cell for row in rows for cell in row if cell[1] > cell[0]])
        else:
            cells += _by_rows(text, rows)
    return cells


def _blocks(text: str) -> list[tuple[int, int]]:
    """Runs of three lines or more that hold a "|"."""
    blocks: list[tuple[int, int]] = []
    start, count, offset = -1, 0, 0
    for line in text.splitlines(keepends=True):
        if "|" in line:
            if start < 0:
                start, count = offset, 0
            count += 1
        elif start >= 0:
            if count >= 3:
                blocks.append((start, offset))
            start = -1
        offset += len(line)
    if start >= 0 and count >= 3:
        blocks.append((start, offset))
    return blocks


def _rows(text: str, low: int, high: int) -> list[list[tuple[int, int]]]:
    """The block's cells as (start, end) offsets, in rows: a cell that begins on a new line begins a row."""
    rows: list[list[tuple[int, int]]] = []
    begin = low
    for index in [*(m.start() for m in re.finditer(r"\|", text[low:high])), high - low]:
        end = low + index
        raw = text[begin:end]
        new_row = not rows or "\n" in raw[: len(raw) - len(raw.lstrip())]
        stripped = raw.strip()
        a = begin + (len(raw) - len(raw.lstrip()))
        cell = (a, a + len(stripped))
        if new_row:
            rows.append([cell])
        else:
            rows[-1].append(cell)
        begin = end + 1
    return rows


def _is_number(text: str, cell: tuple[int, int]) -> bool:
    return _NUMBER_CELL.fullmatch(text[cell[0] : cell[1]]) is not None


def _by_rows(text: str, rows: list[list[tuple[int, int]]]) -> list[Cell]:
    found: list[Cell] = []
    columns: dict[int, Heading] = {}
    for row in rows:
        values = [text[a:b] for a, b in row]
        if not any(_is_number(text, cell) for cell in row):
            headings = [heading_of(value) for value in values]
            if any(h.has_unit for h in headings):
                columns |= {index: h for index, h in enumerate(headings) if h.has_unit}
            continue
        for index, cell in enumerate(row):
            heading = columns.get(index)
            if heading is not None and _is_number(text, cell):
                found.append(Cell(*cell, heading, heading.currency is not None and not heading.pence))
    return found


def _stream(text: str, cells: list[tuple[int, int]]) -> list[Cell]:
    """One cell a line: headings, then label, numbers, label, numbers …; k numbers under the k headings
    that stand before the first row's label."""
    first = next((i for i, cell in enumerate(cells) if _is_number(text, cell)), None)
    if first is None or first < 2:
        return []
    width = 0
    while first + width < len(cells) and _is_number(text, cells[first + width]):
        width += 1
    heads = cells[first - 1 - width : first - 1]
    if len(heads) != width:
        return []
    headings = [heading_of(text[a:b]) for a, b in heads]
    found: list[Cell] = []
    place = 0
    for cell in cells[first:]:
        if not _is_number(text, cell):
            place = 0
            continue
        if place < width and headings[place].has_unit:
            heading = headings[place]
            found.append(Cell(*cell, heading, heading.currency is not None and not heading.pence))
        place += 1
    return found
