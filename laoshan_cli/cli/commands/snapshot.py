"""The snapshot and diff commands: record every derived value, and fail CI when one moves.

The snapshot format, reading it back and the comparison live in the pure
module snapshot.py; this module reads and writes the files and shows the
changes through the shared renderer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import click

from laoshan_cli.cli.options import ExitStatus, Outcome, format_option, pass_session
from laoshan_cli.cli.session import Session
from laoshan_cli.core.errors import Location, UsageError
from laoshan_cli.output.render import (
    Column,
    Output,
    Row,
    View,
    counted,
    float_down,
    float_nearest,
    float_up,
    format_bounds,
    format_number,
)
from laoshan_cli.output.sanitize import visible
from laoshan_cli.output.table import CYAN

if TYPE_CHECKING:
    from laoshan_cli.output.snapshot import Change, Entry

STDIO = "-"


@click.command()
@click.option(
    "-o",
    "--output",
    "target",
    metavar="FILE",
    required=True,
    help="Write the snapshot to FILE (a regular file atomically), or to standard output with -.",
)
@pass_session
def snapshot(session: Session, target: str) -> Outcome:
    """Record every figure's and metric's exact value and bounds in a JSON file, for diff.

    The file has no timestamp: the same data always gives the same bytes, so
    a snapshot kept in git changes only when a number does.

    \b
    Example:
      laoshan snapshot -o snapshot.json
    """
    from laoshan_cli.loading.files import names_standard_output, require_name, write_output
    from laoshan_cli.output.snapshot import snapshot as make_snapshot
    from laoshan_cli.output.snapshot import snapshot_bytes

    require_name(target, "output file", "give a file name, or -o - for standard output")
    figures = session.all_of_kind("figure")
    metrics = session.all_of_kind("metric")
    document = make_snapshot([*figures, *metrics], data=data_label(session), overrides=session.overrides)
    data = snapshot_bytes(document)
    if names_standard_output(target):  # -, /dev/stdout: the snapshot is the output, with no note after it
        return Outcome(data.decode("ascii"))
    write_output(target, data)
    return Outcome(f"wrote {visible(target)}: {counted(len(figures), 'figure')}, {counted(len(metrics), 'metric')}\n")


def data_label(session: Session) -> str:
    """The data file as the snapshot names it: as given, or relative to here when it lies below."""
    path = session.path()
    if session.data is None and os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative
    return path


@click.command()
@click.argument("snapshot_file", metavar="SNAPSHOT")
@click.option(
    "--abs-tolerance",
    metavar="X",
    default="0",
    show_default=True,
    help="A change of at most X, in each value's own unit, is within tolerance.",
)
@click.option(
    "--rel-tolerance",
    metavar="X",
    default="0",
    show_default=True,
    help="A change of at most X times the old number (0.001, or 0.1%) is within tolerance.",
)
@click.option("--all", "show_all", is_flag=True, help="List the names that did not change, too.")
@format_option
@pass_session
def diff(
    session: Session, snapshot_file: str, abs_tolerance: str, rel_tolerance: str, show_all: bool, fmt: str
) -> Outcome:
    """Compare the values now with a snapshot; exit 1 if any moved beyond the tolerance.

    A value or bound moved when it changed by more than --abs-tolerance AND
    by more than --rel-tolerance of the old number: within either tolerance
    is within tolerance. A name that appeared or vanished, or whose unit
    changed, always counts. SNAPSHOT may be - for standard input.

    \b
    Example:
      laoshan --set hightech_growth_2016=2.7 diff snapshot.json --rel-tolerance 0.1%
    """
    from laoshan_cli.loading.files import require_name
    from laoshan_cli.output.snapshot import diff as compare
    from laoshan_cli.output.snapshot import entry_of, failed, parse_tolerance, read_snapshot

    require_name(
        snapshot_file, "snapshot file", "give the file that laoshan snapshot -o wrote, or - for standard input"
    )
    absolute = parse_tolerance(abs_tolerance, "--abs-tolerance", percent=False)
    relative = parse_tolerance(rel_tolerance, "--rel-tolerance", percent=True)
    name = "<stdin>" if snapshot_file == STDIO else snapshot_file
    limits = session.limits()
    old = read_snapshot(read_bytes(snapshot_file, limits.max_file_bytes), name, limits)
    items = [*session.all_of_kind("figure"), *session.all_of_kind("metric")]
    changes = compare(old.entries, [entry_of(item) for item in items], abs_tolerance=absolute, rel_tolerance=relative)
    status = ExitStatus.CHECK_FAILED if failed(changes) else ExitStatus.OK
    shown = changes if show_all else [change for change in changes if change.status != "unchanged"]
    output = session.output
    if fmt == "table":
        text = ""
        if shown:
            from laoshan_cli.output.render import render_tables

            text = render_tables([(diff_view(output), shown)], output)
        overrides = [f"{key}={value}" for key, value in session.overrides]
        sets = set_difference(old.overrides, overrides)
        return Outcome(text + diff_summary(changes, name, absolute, relative, sets) + "\n", status)
    if fmt == "csv" and not shown:
        return Outcome(",".join(DIFF_FIELDS) + "\n", status)
    from laoshan_cli.output.render import render

    return Outcome(render(shown, fmt, output, diff_view(output)), status)


def read_bytes(path: str, limit: int) -> bytes:
    """A snapshot's bytes, from a file or standard input (-); one byte past `limit` is enough to refuse it."""
    from laoshan_cli.loading.files import read_at_most

    try:
        if path == STDIO:
            import sys

            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is None:
                raise UsageError("cannot read the snapshot: standard input is closed", Location(path))
            return read_at_most(stdin, limit + 1)
        with open(path, "rb") as stream:
            return read_at_most(stream, limit + 1)
    except OSError as error:
        raise UsageError(
            f"cannot read the snapshot: {error.strerror or error}",
            Location(path),
            "make one with: laoshan snapshot -o FILE",
        ) from None


# -- showing changes ------------------------------------------------------------------

DIFF_FIELDS = (
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
)


def verdict(change: Change) -> str:
    """The status as the table and plain output show it: a change beyond the tolerance is 'moved'."""
    if change.status == "changed":
        return "moved" if change.moved else "changed"
    return change.status


def diff_row(change: Change) -> Row:
    """The JSON contract for one change; numbers in the item's unit, bounds rounded outward."""
    old, new = change.old, change.new

    def number(value: Fraction | None) -> float | None:
        return None if value is None else float_nearest(value)

    return {
        "name": change.name,
        "kind": change.kind,
        "status": change.status,
        "moved": change.moved,
        "changed": list(change.aspects),
        "old_value": None if old is None else float_nearest(old.value),
        "new_value": None if new is None else float_nearest(new.value),
        "change": number(change.change),
        "relative_change": number(change.relative),
        "old_low": None if old is None else float_down(old.bounds.lo),
        "old_high": None if old is None else float_up(old.bounds.hi),
        "new_low": None if new is None else float_down(new.bounds.lo),
        "new_high": None if new is None else float_up(new.bounds.hi),
        "old_unit": None if old is None else old.unit,
        "new_unit": None if new is None else new.unit,
    }


def signed(value: Fraction, digits: int = 6) -> str:
    text = format_number(value, digits)
    return text if text.startswith("-") or text == "0" else "+" + text


def diff_view(output: Output) -> View[Change]:
    symbols = output.symbols

    def side(entry: Entry | None) -> str:
        if entry is None:
            return ""
        bounds = format_bounds(entry.bounds, symbols)
        value = format_number(entry.value)
        return value if bounds == "exact" else f"{value} ({bounds})"

    def unit(change: Change) -> str:
        old, new = change.old, change.new
        if old is not None and new is not None and old.unit != new.unit:
            return f"{old.unit} {symbols.arrow} {new.unit}"
        entry = new or old
        return entry.unit if entry is not None else ""

    def amount(change: Change) -> str:
        """The change of the value; or, when the value stayed, what else changed (JSON lists it all)."""
        if change.change:
            if change.relative is None:
                return signed(change.change)
            return f"{signed(change.change)} ({signed(change.relative * 100, 3)}%)"
        aspects = ["bounds" if a in ("low", "high") else a for a in change.aspects if a != "unit"]
        return ", ".join(dict.fromkeys(aspects))

    columns: list[Column[Change]] = [
        Column("Name", lambda c: c.name, style=CYAN),
        Column("Status", verdict),
        Column("Old", lambda c: side(c.old), justify="right", wrap=True, glue=symbols.to),
        Column("New", lambda c: side(c.new), justify="right", wrap=True, glue=symbols.to),
        Column("Change", amount, justify="right"),
        Column("Unit", unit, wrap=True),
    ]
    return View("Changes", columns, diff_row, lambda c: f"{c.name} {verdict(c)}")


def set_difference(old: Sequence[str], new: Sequence[str]) -> str | None:
    """How the snapshot's --set options differ from this run's, or None: a set run is not the file's."""
    if sorted(old) == sorted(new):
        return None

    def written(sets: Sequence[str]) -> str:
        return "with " + " ".join(f"--set {item}" for item in sets) if sets else "without --set"

    return f"the snapshot was made {written(old)}, this run {written(new)}"


def diff_summary(
    changes: list[Change], name: str, absolute: Fraction, relative: Fraction, sets: str | None = None
) -> str:
    counts = {word: 0 for word in ("moved", "changed", "appeared", "vanished", "unchanged")}
    for change in changes:
        counts[verdict(change)] += 1
    notes = []
    if absolute or relative:
        parts = [f"abs {format_number(absolute)}"] if absolute else []
        parts += [f"rel {format_number(relative * 100)}%"] if relative else []
        notes.append(f"tolerance {', '.join(parts)}")
    if sets:
        notes.append(visible(sets))
    tolerance = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"{len(changes)} names compared with {visible(name)}{tolerance}: {counts['moved']} moved, "
        f"{counts['changed']} changed within tolerance, {counts['appeared']} appeared, "
        f"{counts['vanished']} vanished, {counts['unchanged']} unchanged"
    )
