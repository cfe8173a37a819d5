"""Snapshots of every figure and metric, and diffs between two of them.

A snapshot is a JSON file that records each figure's and metric's value,
bounds and unit, exactly (as "numerator/denominator" text) and as floats for
people. `laoshan snapshot` writes one; `laoshan diff` compares the data as it
is now with one, so that CI can fail when a derived number moves.

The file holds no timestamp, so the same data always gives the same bytes
and a snapshot committed to git changes only when a number does.

Pure: no click, no rich, no printing, no exiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal, NamedTuple

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.errors import DataError, Location, TextOrigin, UsageError, shown
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.results import DEFAULT_STATUS, STATUSES, Item, Kind

FORMAT = "laoshan-snapshot"
VERSION = 2  # 2: figures record period, basis and status when not the default
READABLE = (1, 2)  # a version 1 snapshot did not record them, so a diff does not compare them

Status = Literal["changed", "unchanged", "appeared", "vanished"]
Aspect = Literal["kind", "unit", "value", "low", "high", "formula", "period", "basis", "status"]
Rounding = Literal["nearest", "down", "up"]

TOP_FIELDS = ("format", "version", "laoshan", "data", "overrides", "items")
ITEM_FIELDS = ("name", "kind", "value", "low", "high", "unit", "formula", "exact")
FACT_FIELDS = ("period", "basis", "status")  # figures, each only when not the default
EXACT_FIELDS = ("value", "low", "high")
KINDS: tuple[Kind, ...] = ("figure", "metric")
MAKE_ONE = "make one with: laoshan snapshot -o FILE"


class Entry(NamedTuple):
    """One figure or metric as a snapshot records it: exact value and bounds, in its declared unit."""

    name: str
    kind: Kind
    value: Fraction
    bounds: Interval
    unit: str
    formula: str | None = None  # metrics only
    period: str | None = None  # figures only, as the other two
    basis: str | None = None
    status: str | None = DEFAULT_STATUS  # None: not recorded (a version 1 snapshot)


class Snapshot(NamedTuple):
    """A snapshot file as read back."""

    laoshan: str  # the version of laoshan that wrote it
    data: str  # the data file it was made from
    overrides: tuple[str, ...]  # the --set NAME=VALUE options it was made with
    entries: tuple[Entry, ...]


class Change(NamedTuple):
    """How one name differs between an old snapshot and the new values.

    `change` is new - old and `relative` is change / |old|, both exact, of the
    value; each is None where it has no meaning: when the name appeared or
    vanished, when the unit changed, and (`relative`) when the old value is 0.
    `aspects` lists what differs. `moved` is true when the change goes beyond
    the tolerance (see `moved_beyond`), and always for a name that appeared or
    vanished, or whose unit changed: there is nothing to measure those against.
    """

    name: str
    kind: Kind
    status: Status
    old: Entry | None
    new: Entry | None
    change: Fraction | None
    relative: Fraction | None
    aspects: tuple[Aspect, ...]
    moved: bool


# -- writing ----------------------------------------------------------------------


def entry_of(item: Item) -> Entry:
    return Entry(
        item.name,
        item.kind,
        item.value,
        item.bounds,
        item.unit_text,
        item.formula,
        item.period,
        item.basis,
        item.status,
    )


def exact_text(value: Fraction) -> str:
    """An exact number as text: '389/10', or '5509' for a whole number."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def human_float(value: Fraction | None, rounding: Rounding) -> float | None:
    """The float a person reads next to the exact text; None when unbounded or beyond the float range.

    Bounds round outward (down for low, up for high) as everywhere in laoshan's output.
    """
    from .render import float_down, float_nearest, float_up

    if value is None:
        return None
    if rounding == "down":
        return float_down(value)
    if rounding == "up":
        return float_up(value)
    try:
        return float_nearest(value)
    except UsageError:  # beyond the float range: the exact text alone holds it
        return None


def snapshot(
    items: Iterable[Item],
    *,
    data: str,
    overrides: Sequence[tuple[str, str]] = (),
    version: str | None = None,
) -> dict[str, Any]:
    """The snapshot of `items` (figures and metrics) as a JSON-ready object.

    `data` names the data file and `overrides` the --set options the values
    were computed with; `version` is the laoshan version (this one by default).
    """
    if version is None:
        from laoshan_cli.core.version import __version__

        version = __version__
    rows = []
    for item in items:
        lo, hi = item.bounds.lo, item.bounds.hi
        row: dict[str, Any] = {
            "name": item.name,
            "kind": item.kind,
            "value": human_float(item.value, "nearest"),
            "low": human_float(lo, "down"),
            "high": human_float(hi, "up"),
            "unit": item.unit_text,
        }
        if item.kind == "metric":
            row["formula"] = item.formula
        else:
            facts = {"period": item.period, "basis": item.basis}
            facts["status"] = None if item.status == DEFAULT_STATUS else item.status
            row.update((key, text) for key, text in facts.items() if text is not None)
        row["exact"] = {
            "value": exact_text(item.value),
            "low": None if lo is None else exact_text(lo),
            "high": None if hi is None else exact_text(hi),
        }
        rows.append(row)
    return {
        "format": FORMAT,
        "version": VERSION,
        "laoshan": version,
        "data": data,
        "overrides": [f"{name}={value}" for name, value in overrides],
        "items": rows,
    }


def snapshot_bytes(document: dict[str, Any]) -> bytes:
    """The file's bytes: JSON in ASCII (so that no terminal encoding can garble it), two-space indents, a newline."""
    import json

    from .sanitize import json_text

    # json_text escapes what ASCII JSON leaves raw (DEL), so the file is inert on a terminal too.
    return (json_text(json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False)) + "\n").encode("ascii")


# -- reading ----------------------------------------------------------------------


def read_snapshot(data: bytes, path: str, limits: Limits | None = None) -> Snapshot:
    """Read and validate a snapshot file strictly.

    Anything that is not a snapshot this laoshan wrote, whole and unedited in
    its numbers, is a `DataError` (a `UsageError` for a version this laoshan
    cannot read) with a one-line message that names the file.
    """
    import json

    limits = limits or Limits()
    where = Location(path)
    if len(data) > limits.max_file_bytes:
        raise DataError(
            f"the snapshot is {len(data):,} bytes, over the limit of {limits.max_file_bytes:,}",
            where,
            "raise it with --limit max_file_bytes=N",
        )
    if not data.strip():
        raise DataError("the snapshot file is empty", where, MAKE_ONE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(
            f"not a laoshan snapshot: byte {error.start} is not UTF-8", where, "is it a binary file?"
        ) from None

    def pairs(found: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in found:
            if key in result:
                raise DataError(f"duplicate key {shown(key)} in the snapshot", where, "was the file edited by hand?")
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise DataError(f"{name} is not a number a snapshot can hold", where, "was the file edited by hand?")

    try:
        document = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise DataError(
            f"not a laoshan snapshot: invalid JSON ({error.msg})",
            Location(path, error.lineno, error.colno),
            "is the file truncated?" if error.pos >= len(text.rstrip()) else None,
        ) from None
    except (ValueError, RecursionError) as error:  # int digits over Python's limit, nesting too deep
        raise DataError(f"not a laoshan snapshot: {type(error).__name__}: {error}", where) from None
    return _document(document, path, limits)


def _document(document: Any, path: str, limits: Limits) -> Snapshot:
    where = Location(path)
    if not isinstance(document, dict):
        raise DataError(
            f"not a laoshan snapshot: the file holds a JSON {_json_type(document)}, not an object",
            where,
            "is it the output of --format json? " + MAKE_ONE,
        )
    if document.get("format") != FORMAT:
        raise DataError(f'not a laoshan snapshot: it has no "format": "{FORMAT}"', where, MAKE_ONE)
    version = document.get("version")
    if type(version) is not int:
        raise DataError("the snapshot's version is missing or not a whole number", where)
    if version not in READABLE:
        newer = version > VERSION
        raise UsageError(
            f"snapshot format version {version} is {'newer than' if newer else 'not one'} this laoshan "
            f"reads (version {VERSION})",
            where,
            "upgrade laoshan, or make the snapshot again" if newer else "make the snapshot again",
        )
    _fields(document, TOP_FIELDS, TOP_FIELDS, "the snapshot", where)
    laoshan, data, overrides, rows = (document[key] for key in ("laoshan", "data", "overrides", "items"))
    if not isinstance(laoshan, str) or not isinstance(data, str):
        raise DataError('the snapshot\'s "laoshan" and "data" must be text', where)
    if not isinstance(overrides, list) or not all(isinstance(o, str) for o in overrides):
        raise DataError('the snapshot\'s "overrides" must be a list of NAME=VALUE texts', where)
    if not isinstance(rows, list):
        raise DataError('the snapshot\'s "items" must be a list', where)
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, 1):
        entry = _entry(row, index, where, limits, version)
        if entry.name in seen:
            raise DataError(f"the snapshot has {entry.name!r} twice", where, "was the file edited by hand?")
        seen.add(entry.name)
        entries.append(entry)
    return Snapshot(laoshan, data, tuple(overrides), tuple(entries))


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


def _fields(row: dict[str, Any], allowed: Sequence[str], required: Sequence[str], what: str, where: Location) -> None:
    for key in row:
        if key not in allowed:
            raise DataError(f"unknown field {shown(key)} in {what}", where, "was the file edited by hand?")
    for key in required:
        if key not in row:
            raise DataError(f'{what} has no "{key}"', where, "is the file truncated or edited?")


def _entry(row: Any, index: int, where: Location, limits: Limits, version: int = VERSION) -> Entry:
    what = f"snapshot item {index}"
    if not isinstance(row, dict):
        raise DataError(f"{what} is a JSON {_json_type(row)}, not an object", where)
    name = row.get("name")
    if not isinstance(name, str) or not _is_name(name):
        raise DataError(f"{what} has no valid name", where, "names are like hightech_output_2016")
    what = f"snapshot item {name!r}"
    kind = row.get("kind")
    if kind not in KINDS:
        raise DataError(f"{what} kind must be 'figure' or 'metric'", where)
    required = [f for f in ITEM_FIELDS if f != "formula" or kind == "metric"]
    optional = FACT_FIELDS if kind == "figure" and version >= 2 else ()
    _fields(row, [*required, *optional], required, what, where)
    facts = {key: row.get(key) for key in optional}
    if not all(text is None or (isinstance(text, str) and text) for text in facts.values()):
        raise DataError(f"{what} period, basis and status must be text", where, "was the file edited by hand?")
    if facts.get("status") is not None and facts["status"] not in STATUSES:
        raise DataError(
            f"{what} status {shown(str(facts['status']))} is not a status", where, "was the file edited by hand?"
        )
    unit, formula, exact = row["unit"], row.get("formula"), row["exact"]
    if not isinstance(unit, str):
        raise DataError(f"{what} unit must be text", where)
    if kind == "metric" and not isinstance(formula, str):
        raise DataError(f"{what} formula must be text", where)
    if not isinstance(exact, dict):
        raise DataError(f'{what} "exact" must be an object', where)
    _fields(exact, EXACT_FIELDS, EXACT_FIELDS, f'{what} "exact"', where)
    value = _exact_number(exact["value"], f"{what} exact value", where, limits, nullable=False)
    lo = _exact_number(exact["low"], f"{what} exact low", where, limits, nullable=True)
    hi = _exact_number(exact["high"], f"{what} exact high", where, limits, nullable=True)
    assert value is not None
    bounds = Interval(lo, hi)
    if not bounds.contains(value):
        raise DataError(f"{what} value {exact_text(value)} lies outside its bounds", where, "was it edited by hand?")
    checks: list[tuple[str, Fraction | None, Rounding]] = [
        ("value", value, "nearest"),
        ("low", lo, "down"),
        ("high", hi, "up"),
    ]
    for key, number, rounding in checks:
        shown_float = row[key]
        expected = human_float(number, rounding)
        if shown_float is not None and (isinstance(shown_float, bool) or not isinstance(shown_float, (int, float))):
            raise DataError(f"{what} {key} must be a number or null", where)
        if shown_float != expected or (shown_float is None) != (expected is None):
            raise DataError(
                f"{what} {key} {shown_float!r} does not match its exact {key} "
                f"{'null' if number is None else exact_text(number)}",
                where,
                "the exact numbers are the record: was the file edited by hand?",
            )
    status = None if version < 2 else facts.get("status") or DEFAULT_STATUS
    return Entry(
        name,
        kind,
        value,
        bounds,
        unit,
        formula if kind == "metric" else None,
        facts.get("period"),
        facts.get("basis"),
        status,
    )


def _is_name(text: str) -> bool:
    return bool(text) and text.isascii() and (text[0].isalpha() or text[0] == "_") and text.replace("_", "a").isalnum()


def _exact_number(text: Any, what: str, where: Location, limits: Limits, *, nullable: bool) -> Fraction | None:
    """Exact text as the snapshot writes it: '-389/10' or '5509', in lowest terms."""
    if text is None and nullable:
        return None
    if not isinstance(text, str):
        raise DataError(f"{what} must be text such as '389/10'", where)
    # Digits allowed on either side: what max_number_bits allows, and a little more.
    max_digits = limits.max_number_bits * 30103 // 100000 + 2
    numerator_text, slash, denominator_text = text.partition("/")
    sign = numerator_text.startswith("-")
    digits = numerator_text[1:] if sign else numerator_text
    parts = [digits, denominator_text] if slash else [digits]
    if not all(part.isascii() and part.isdigit() and part == part.strip() for part in parts):
        raise DataError(f"{what} {shown(text)} is not an exact number such as '389/10'", where)
    if any(len(part) > max_digits for part in parts):
        raise DataError(
            f"{what} has over {max_digits:,} digits",
            where,
            f"limit max_number_bits is {limits.max_number_bits}",
        )
    if any(len(part) > 1 and part[0] == "0" for part in parts):
        raise DataError(f"{what} {shown(text)} has a leading zero", where)
    numerator = int(numerator_text)
    denominator = int(denominator_text) if slash else 1
    if slash and denominator < 2:
        raise DataError(f"{what} {shown(text)} has a denominator below 2", where)
    if sign and numerator == 0:
        raise DataError(f"{what} {shown(text)} is a negative zero", where)
    value = Fraction(numerator, denominator)
    if value.denominator != denominator:
        raise DataError(f"{what} {shown(text)} is not in lowest terms", where, "was it edited by hand?")
    return value


# -- tolerances -------------------------------------------------------------------


def parse_tolerance(text: str, option: str, *, percent: bool) -> Fraction:
    """A tolerance from the command line: a non-negative decimal, with a % sign where `percent` allows."""
    from laoshan_cli.core.numbers import parse_number

    stripped = text.strip()
    scale = Fraction(1)
    if percent and stripped.endswith("%"):
        stripped, scale = stripped[:-1].rstrip(), Fraction(1, 100)
    elif stripped.endswith("%"):
        raise UsageError(
            f"{option} takes a number in each value's own unit, not a percent",
            hint="use --rel-tolerance for a relative tolerance such as 0.1%",
        )
    value = parse_number(stripped, TextOrigin(option), Limits(), allow_grouping=False, error=UsageError).value
    if value < 0:
        raise UsageError(f"{option} must not be negative, not {shown(text)}")
    return value * scale


def moved_beyond(old: Fraction | None, new: Fraction | None, abs_tolerance: Fraction, rel_tolerance: Fraction) -> bool:
    """Whether one number (a value or a bound; None is unbounded) moved beyond the tolerance.

    It moved when it differs by more than `abs_tolerance` AND by more than
    `rel_tolerance` times |old|: a change within either tolerance is within
    tolerance, as with Python's math.isclose. With both at 0, any change
    moves. A change from 0, or between a bound and no bound, is beyond every
    relative tolerance.
    """
    if old == new:
        return False
    if old is None or new is None:
        return True
    change = abs(new - old)
    return change > abs_tolerance and change > rel_tolerance * abs(old)


# -- diffs ---------------------------------------------------------------------------


def diff(
    old: Sequence[Entry],
    new: Sequence[Entry],
    *,
    abs_tolerance: Fraction = Fraction(0),
    rel_tolerance: Fraction = Fraction(0),
) -> list[Change]:
    """What changed from `old` to `new`: one Change per name, in the order of `new`, then vanished names.

    A name is `unchanged` when its kind, unit, value, bounds and formula are
    all exactly equal, else `changed`. Whether a change matters is `moved`:
    the value or either bound moved beyond the tolerance (see
    `moved_beyond`), or the unit changed. A formula rewritten to give the same
    numbers is changed but has not moved.
    """
    if abs_tolerance < 0 or rel_tolerance < 0:
        raise ValueError("tolerances must not be negative")
    before = {entry.name: entry for entry in old}
    now = {entry.name for entry in new}
    changes = []
    for entry in new:
        previous = before.get(entry.name)
        if previous is None:
            changes.append(Change(entry.name, entry.kind, "appeared", None, entry, None, None, (), True))
        else:
            changes.append(_compare(previous, entry, abs_tolerance, rel_tolerance))
    for entry in old:
        if entry.name not in now:
            changes.append(Change(entry.name, entry.kind, "vanished", entry, None, None, None, (), True))
    return changes


def _compare(old: Entry, new: Entry, abs_tolerance: Fraction, rel_tolerance: Fraction) -> Change:
    aspects: list[Aspect] = []
    if old.kind != new.kind:
        aspects.append("kind")
    if old.unit != new.unit:
        aspects.append("unit")
    pairs: list[tuple[Aspect, Fraction | None, Fraction | None]] = [
        ("value", old.value, new.value),
        ("low", old.bounds.lo, new.bounds.lo),
        ("high", old.bounds.hi, new.bounds.hi),
    ]
    aspects += [aspect for aspect, a, b in pairs if a != b]
    if old.formula != new.formula:
        aspects.append("formula")
    if old.status is not None and new.status is not None:  # both recorded them
        facts: list[tuple[Aspect, str | None, str | None]] = [
            ("period", old.period, new.period),
            ("basis", old.basis, new.basis),
            ("status", old.status, new.status),
        ]
        aspects += [aspect for aspect, a, b in facts if a != b]
    if "unit" in aspects:  # the numbers are in different units: nothing to subtract
        return Change(new.name, new.kind, "changed", old, new, None, None, tuple(aspects), True)
    change = new.value - old.value
    relative = None if old.value == 0 else change / abs(old.value)
    moved = any(moved_beyond(a, b, abs_tolerance, rel_tolerance) for _, a, b in pairs)
    status: Status = "changed" if aspects else "unchanged"
    return Change(new.name, new.kind, status, old, new, change, relative, tuple(aspects), moved)


def failed(changes: Iterable[Change]) -> bool:
    """Whether a diff should fail a CI job: anything moved, appeared or vanished."""
    return any(change.moved for change in changes)
