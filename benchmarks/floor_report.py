"""The floor that `laoshan report`'s framework sets: import click and yaml, draw rich Tables of as many cells.

    python benchmarks/floor_report.py ROWSxCOLUMNS...

Each ROWSxCOLUMNS is one table (run.py passes the shape of the report's
tables: figures, sources, metrics, checks). Cells hold text of the lengths
a report holds (names, numbers, units, formulas); rich measures and wraps
them at its defaults, at COLUMNS (else 80) columns, into standard output.
"""

from __future__ import annotations

import os
import sys

import click  # noqa: F401 - imported for its cost, as laoshan imports it
import yaml  # noqa: F401
from rich.console import Console
from rich.table import Table

WORDS = ["hightech_output_2016", "38.85 … 38.95", "billion CNY", "hightech_output_2016 / (1 + hightech_growth_2016)"]


def main(shapes: list[str]) -> None:
    console = Console(width=int(os.environ.get("COLUMNS", "80")), highlight=False, emoji=False)
    for index, shape in enumerate(shapes):
        rows, columns = (int(n) for n in shape.split("x"))
        table = Table(title=f"Table {index}")
        for column in range(columns):
            table.add_column(f"Column {column}")
        for row in range(rows):
            table.add_row(*(f"{WORDS[(row + column) % len(WORDS)]}" for column in range(columns)))
        console.print(table)


if __name__ == "__main__":
    main(sys.argv[1:])
