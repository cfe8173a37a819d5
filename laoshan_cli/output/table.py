"""Tables drawn with rich's Table, at widths laoshan picks so that no name is split.

rich would shrink every wrappable column alike and fold a word that no
longer fits, which cuts identifiers in two (`makerspace_internet_h` /
`ightech_share`). So the widths are chosen here, from each cell's display
width (rich.cells.cell_len: CJK takes two cells), and given to rich as fixed
widths, which also spares rich measuring every cell:

- a column that does not wrap (names, values, statuses) keeps the width of
  its longest cell;
- a column that wraps (units, formulas, asserts) wraps between words, never
  narrower than its longest word, so a name inside a formula stays whole.

Where room is short the bounds are narrowed last, and columns marked
`under` (a formula, an assert, a qualifier, a unit) move under another
column's cells. Only when even that cannot fit (a name longer than the
terminal) are long words folded, as the last resort. rich is imported by the caller of
`draw`, on the table path alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

GAP = 2  # cells between two columns
EDGE = 1  # a space before the first column (and one after the last, stripped from each line)
PREFERRED = 12  # a wrapped column is not made narrower than this while others can give


class Spec(NamedTuple):
    """One column as the table draws it: already sanitized text."""

    header: str
    cells: list[str]
    justify: str = "left"
    wrap: bool = False
    style: str | None = None  # a rich style name, used only with colour
    glue: str | None = None  # a word kept on the line of the word before it, such as the … of bounds
    under: str | None = None  # where there is no room, this column's cells go under those of the column of this key
    key: str | None = None  # what `under` calls this column: its first header (default), kept when a host grows
    whole_first: bool = False  # a host that did not wrap, now holding more lines: its first (a name) is never cut


def _longest_word(text: str, glue: str | None, cell_len: Any) -> int:
    if glue:
        text = text.replace(f" {glue}", f"\0{glue}")
    return max((cell_len(word) + word.count("\0") for word in text.split()), default=0)


def _least(spec: Spec, cell_len: Any) -> int:
    """The narrowest a wrapped column can be without cutting a word."""
    words = [_longest_word(cell, spec.glue, cell_len) for cell in spec.cells]
    return max([_longest_word(spec.header, None, cell_len), *words])


def key(spec: Spec) -> str:
    return spec.key or spec.header


def merge(columns: Sequence[Spec], index: int) -> list[Spec]:
    """The columns with column `index`'s cells moved below those of its host (`under`), as extra lines."""
    spec = columns[index]
    host_index = next(i for i, c in enumerate(columns) if key(c) == spec.under)
    host = columns[host_index]
    merged = list(columns)
    merged[host_index] = host._replace(
        header=f"{host.header} / {spec.header}",
        cells=[f"{a}\n{b}" if b else a for a, b in zip(host.cells, spec.cells, strict=True)],
        wrap=True,
        whole_first=host.whole_first or not host.wrap,
        key=key(host),
    )
    del merged[index]
    return merged


def fit(columns: Sequence[Spec], width: int) -> tuple[list[Spec], list[int], bool]:
    """The columns to draw at `width` cells, their widths, and whether long words must fold.

    Tried in turn: every column at its natural width, or with wrapped
    columns narrowed to PREFERRED, the bounds last, else to their longest
    word; then the same after moving each `under` column under its host,
    the rightmost first, until the bounds keep their width; last, folding.
    """
    best = list(columns)
    widths, level = _fit(best, width)
    current = best
    for moving in [key(c) for c in reversed(columns) if c.under is not None]:
        if level == 0:
            break
        keys = [key(c) for c in current]
        if columns[[key(c) for c in columns].index(moving)].under not in keys:
            continue
        current = merge(current, keys.index(moving))
        current_widths, current_level = _fit(current, width)
        if current_level <= level:  # moved columns are the better layout when they fit as well
            best, widths, level = current, current_widths, current_level
    return best, widths, level == FOLD


FOLD = 3  # the level of a layout that folds words


def _fit(columns: Sequence[Spec], width: int) -> tuple[list[int], int]:
    """Widths, and how hard they were to find.

    0: the bounds at their natural width, wrapped columns at PREFERRED or
    wider; 1: the bounds narrowed too; 2: wrapped columns at their longest
    word; FOLD: words folded.
    """
    from rich.cells import cell_len

    natural = [max(cell_len(line) for text in [c.header, *c.cells] for line in text.split("\n")) for c in columns]
    least = [max(_least(c, cell_len), 1) if c.wrap else n for c, n in zip(columns, natural, strict=True)]
    for index, spec in enumerate(columns):
        if spec.whole_first:
            least[index] = max([least[index], *(cell_len(cell.split("\n")[0]) for cell in spec.cells)])
    room = width - GAP * (len(columns) - 1) - 2 * EDGE
    preferred = [max(low, min(n, PREFERRED)) for low, n in zip(least, natural, strict=True)]
    widths = list(natural)
    # Columns with glue (bounds) are narrowed only when the others cannot give: a wrapped range reads worst.
    spared = [n if spec.glue else floor for spec, n, floor in zip(columns, natural, preferred, strict=True)]
    for level, floors in enumerate((spared, preferred, least)):
        if _shrink(widths, floors, room):
            return widths, level
    # Last resort: even the names do not fit; every column may fold, down to 4 cells.
    _shrink(widths, [min(w, 4) for w in widths], room)
    return widths, FOLD


def _shrink(widths: list[int], floors: list[int], room: int) -> bool:
    """Narrow the widest column above its floor, one cell at a time, until the sum fits `room`."""
    excess = sum(widths) - room
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            return False
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return True


CYAN = "cyan"

# A header rule and nothing else, as box.SIMPLE_HEAVY draws it, in ASCII.
_ASCII_RULE = "    \n    \n -- \n    \n    \n -- \n    \n    \n"


NOTE_INDENT = 3  # a row's note starts this far in, under the row, across the table's width


def draw(
    columns: Sequence[Spec],
    width: int,
    *,
    unicode: bool,
    color: bool,
    header: bool = True,
    notes: Sequence[str] = (),
) -> list[Any]:
    """rich renderables of the columns fitted to `width` cells, after an EDGE of space.

    A row's note (sanitized, if any) goes on lines of its own under the row,
    across the whole width: the rows are then drawn in runs, one rich Table
    a run, all at the same fixed widths, so their columns line up. rich's
    own pad_edge with collapse_padding loses a cell of the first column, so
    the edge is a Padding around each table instead.
    """
    from rich.padding import Padding
    from rich.text import Text

    columns, widths, fold = fit(columns, width)
    rows = list(zip(*(spec.cells for spec in columns), strict=True))
    parts: list[Any] = []
    start = 0
    for end in [i + 1 for i, note in enumerate(notes) if note] + [len(rows)]:
        if end > start or not parts:
            table = _table(columns, widths, fold, rows[start:end], unicode=unicode, color=color, header=header)
            parts.append(Padding(table, (0, 0, 0, EDGE), expand=False))
            header = False
        if start < end <= len(notes) and notes[end - 1]:
            style = "dim" if color else ""
            parts.append(Padding(Text(notes[end - 1], style=style), (0, 0, 0, NOTE_INDENT), expand=False))
        start = end
    return parts


def _table(
    columns: Sequence[Spec],
    widths: Sequence[int],
    fold: bool,
    rows: Sequence[Sequence[str]],
    *,
    unicode: bool,
    color: bool,
    header: bool,
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        header_style="bold" if color else "",
        box=box.SIMPLE_HEAVY if unicode else box.Box(_ASCII_RULE, ascii=True),
        show_header=header,
        show_edge=False,
        pad_edge=True,
        padding=(0, 1, 0, 0),  # with the divider, GAP cells between columns
    )
    for spec, size in zip(columns, widths, strict=True):
        table.add_column(
            Text(spec.header),
            justify=spec.justify,  # type: ignore[arg-type]
            width=size,
            no_wrap=not (spec.wrap or fold),
            overflow="fold",
            style=spec.style if color else None,
        )
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


__all__ = ["CYAN", "GAP", "NOTE_INDENT", "Spec", "draw", "fit", "key", "merge"]
