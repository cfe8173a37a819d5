"""A cache of evaluated results, so repeat queries on big files are instant.

One SQLite file per (content of the data file, laoshan version and code,
limits), in the user's cache directory, and beside it a text sidecar of the
values as `--format plain` prints them, for shell loops. Properties:

- Keyed on a BLAKE2b hash of the file's bytes, the version, a stamp of
  laoshan's modules (code_stamp) and the limits; the key is also stored
  inside both files and checked on every read, so a result can never be
  stale (any edit changes the key) or foreign (another file's results).
- Written atomically: built in a temporary file in the same directory,
  fsynced, then moved into place with os.replace.
- Read with SQLite's immutable mode; a file that is corrupt, truncated or
  unreadable is treated as a miss, and the next write replaces it. A sidecar
  that misses while its entry answers is rewritten from the entry.
- Only whole, successful evaluations are stored, never with --set overrides.
- Old entries are pruned to the MAX_ENTRIES newest, with their sidecars.

Values are stored exactly (as "numerator/denominator" text), so a cached
result is the same result.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: a warm `get --format plain` needs none of them
    from fractions import Fraction

    from laoshan_cli.core.results import CheckResult, Item
    from laoshan_cli.core.units import Unit

SCHEMA = 4  # 3: entries have a plain-text sidecar; the key covers the code; 4: tight flags
MAX_ENTRIES = 64


def cache_directory() -> str:
    """LAOSHAN_CACHE_DIR, else $XDG_CACHE_HOME/laoshan, else ~/.cache/laoshan."""
    explicit = os.environ.get("LAOSHAN_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "laoshan")


def code_stamp() -> str:
    """Name, size and mtime of each of laoshan's modules.

    The version alone would let an edited checkout (an editable install)
    answer from entries its old code wrote; a stat of each module is cheap.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stats: list[str] = []
    try:
        for folder in ("", "core", "loading", "output", "cli", os.path.join("cli", "commands")):
            with os.scandir(os.path.join(package, folder)) as entries:
                stats.extend(
                    f"{os.path.join(folder, entry.name)}:{stat.st_size}:{stat.st_mtime_ns}"
                    for entry in entries
                    if entry.name.endswith(".py") and (stat := entry.stat())
                )
    except OSError:
        return "unknown"
    return ",".join(sorted(stats))


def cache_key(data: bytes, version: str, limits: Sequence[object]) -> str:
    """A BLAKE2b digest of the content, the version, the code and the limits."""
    try:  # the builtin module: hashlib would first load OpenSSL, 4 ms of start-up
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    digest = blake2b(digest_size=32)
    digest.update(f"laoshan cache {SCHEMA}\0{version}\0{code_stamp()}\0{tuple(limits)!r}\0".encode())
    digest.update(data)
    return digest.hexdigest()


def _path(key: str) -> str:
    return os.path.join(cache_directory(), f"{key[:40]}.sqlite")


def _plain_path(key: str) -> str:
    return os.path.join(cache_directory(), f"{key[:40]}.plain")


PLAIN_HEADER = f"laoshan plain values {SCHEMA}"


def read_plain(key: str, names: Sequence[str]) -> list[str] | None:
    """The plain-output text of `names` from the entry's text sidecar, or None.

    The sidecar holds one `name<TAB>value` line per item after a header with
    the key, so a warm `get --format plain` needs not even SQLite. One search
    of the bytes finds a name faster than decoding and looping over lines.
    Anything unexpected in it is a miss.
    """
    try:
        with open(_plain_path(key), "rb") as handle:
            text = handle.read()
    except OSError:
        return None
    header = f"{PLAIN_HEADER} {key}\n".encode()
    if not text.startswith(header) or not text.endswith(b"\n"):
        return None
    found = []
    try:  # every failure below is a ValueError: a name that cannot be encoded, a value that is not a float
        for name in names:
            line = f"\n{name}\t".encode()
            start = text.find(line, len(header) - 1)
            if start < 0:
                return None
            start += len(line)
            value = text[start : text.index(b"\n", start)]
            float(value)  # what plain output prints is a float's repr, nothing else
            found.append(value.decode("ascii"))
    except ValueError:
        return None
    return found


# -- exact values as text ---------------------------------------------------------


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _parse(text: str | None) -> Fraction | None:
    from fractions import Fraction

    if text is None:
        return None
    numerator, _, denominator = text.partition("/")
    return Fraction(int(numerator), int(denominator))


def _exact(text: str) -> Fraction:
    value = _parse(text)
    if value is None:
        raise ValueError("missing value")
    return value


def _dims(unit: Unit) -> str:
    return " ".join(f"{dim}:{exponent}" for dim, exponent in unit.dims)


def _unit_from(scale: str, dims: str) -> Unit:
    from laoshan_cli.core.units import Unit

    pairs = (pair.rpartition(":") for pair in dims.split())
    return Unit(_exact(scale), tuple((dim, int(exponent)) for dim, _, exponent in pairs))


ITEM_COLUMNS = (
    "name, kind, value, low, high, unit_scale, unit_dims, unit_text, label, formula, quote, qualifier, source, "
    "year, stated, plain, tight"
)
CHECK_COLUMNS = (
    "name, assertion, status, left, left_low, left_high, right, right_low, right_high, low, high, unit_scale, "
    "unit_dims, tight, left_tight, right_tight"
)


def item_row(item: Item) -> tuple[Any, ...]:
    import json

    return (
        item.name,
        item.kind,
        _fraction(item.value),
        _fraction(item.bounds.lo),
        _fraction(item.bounds.hi),
        _fraction(item.unit.scale),
        _dims(item.unit),
        item.unit_text,
        item.label,
        item.formula,
        item.quote,
        item.qualifier,
        None if item.source is None else json.dumps(item.source, ensure_ascii=False),
        item.year,
        item.stated,
        _plain(item.value),
        int(item.tight),
    )


def _plain(value: Fraction) -> str | None:
    """The value as `--format plain` prints it; None past the float range, where that is an error."""
    try:
        result = float(value)
    except OverflowError:
        return None
    return None if value and abs(result) < sys.float_info.min else repr(result)  # underflow is an error too


def item_from(row: Sequence[Any]) -> Item:
    from laoshan_cli.core.bounds import Interval
    from laoshan_cli.core.results import Item

    (
        name,
        kind,
        value,
        lo,
        hi,
        scale,
        dims,
        unit_text,
        label,
        formula,
        quote,
        qualifier,
        source,
        year,
        stated,
        _,
        tight,
    ) = row
    if kind not in ("figure", "metric"):
        raise ValueError("bad kind")
    if source is not None:  # only figures have one; json is imported only then
        import json

        source = json.loads(source)
        if not isinstance(source, dict):
            raise ValueError("bad source")
    return Item(
        name,
        kind,
        _exact(value),
        Interval(_parse(lo), _parse(hi)),
        _unit_from(scale, dims),
        unit_text,
        label,
        formula,
        quote,
        qualifier,
        source,
        year,
        stated,
        bool(tight),
    )


def check_row(result: CheckResult) -> tuple[Any, ...]:
    left, right, difference = result.left, result.right, result.difference
    return (
        result.name,
        result.assertion,
        result.status,
        _fraction(left.point),
        _fraction(left.bounds.lo),
        _fraction(left.bounds.hi),
        _fraction(right.point),
        _fraction(right.bounds.lo),
        _fraction(right.bounds.hi),
        _fraction(difference.lo),
        _fraction(difference.hi),
        _fraction(result.unit.scale),
        _dims(result.unit),
        int(result.tight),
        int(left.tight),
        int(right.tight),
    )


def check_from(row: Sequence[Any]) -> CheckResult:
    from laoshan_cli.core.bounds import Interval
    from laoshan_cli.core.results import CheckResult, Value

    name, assertion, status, left, left_lo, left_hi, right, right_lo, right_hi, lo, hi, scale, dims, *tight = row
    if status not in ("pass", "fail", "uncertain"):
        raise ValueError("bad status")
    return CheckResult(
        name,
        assertion,
        status,
        Value(_exact(left), Interval(_parse(left_lo), _parse(left_hi)), bool(tight[1])),
        Value(_exact(right), Interval(_parse(right_lo), _parse(right_hi)), bool(tight[2])),
        Interval(_parse(lo), _parse(hi)),
        _unit_from(scale, dims),
        bool(tight[0]),
    )


# -- reading and writing ---------------------------------------------------------------


class CacheMiss(Exception):
    """The entry turned out to be unreadable; the caller evaluates instead."""


def _guarded(method: Any) -> Any:
    """Turn any failure to read an entry into CacheMiss: a cache is never worth an error."""

    def guarded(self: Cached, *args: Any) -> Any:
        import sqlite3

        try:
            return method(self, *args)
        except (sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            raise CacheMiss(str(error)) from None

    return guarded


class Cached:
    """An open, verified cache entry. Every read raises CacheMiss if the entry is damaged."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @_guarded
    def items(self, names: Iterable[str]) -> list[Item] | None:
        """The items by name, or None if any is missing (an unknown name: let the engine explain)."""
        found = []
        for name in names:
            row = self.connection.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            found.append(item_from(row))
        return found

    @_guarded
    def plain(self, names: Iterable[str]) -> list[str] | None:
        """The plain-output text of each name, or None if any is missing."""
        found = []
        for name in names:
            row = self.connection.execute("SELECT plain FROM items WHERE name = ?", (name,)).fetchone()
            if row is None or not isinstance(row[0], str):
                return None
            found.append(row[0])
        return found

    @_guarded
    def plain_pairs(self) -> list[tuple[str, str]]:
        """(name, plain text) of every item that has one, in file order: what the sidecar holds."""
        rows = self.connection.execute("SELECT name, plain FROM items WHERE plain IS NOT NULL ORDER BY position")
        pairs = [(row[0], row[1]) for row in rows]
        if not all(isinstance(name, str) and isinstance(plain, str) for name, plain in pairs):
            raise ValueError("bad plain value")
        return pairs

    @_guarded
    def items_of_kind(self, kind: str) -> list[Item]:
        rows = self.connection.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE kind = ? ORDER BY position", (kind,))
        return [item_from(row) for row in rows]

    @_guarded
    def checks(self) -> list[CheckResult]:
        rows = self.connection.execute(f"SELECT {CHECK_COLUMNS} FROM checks ORDER BY position")
        return [check_from(row) for row in rows]

    def close(self) -> None:
        self.connection.close()


def open_cached(key: str) -> Cached | None:
    """The cache entry for `key`, or None when missing, corrupt or someone else's."""
    import sqlite3

    path = _path(key)
    if not os.path.isfile(path):
        return None
    try:
        uri = "file:" + _uri_path(path) + "?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True)
        try:
            row = connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        except sqlite3.Error:
            connection.close()
            return None
        if row is None or row[0] != key:
            connection.close()
            return None
        return Cached(connection)
    except (sqlite3.Error, OSError, ValueError):
        return None


def _uri_path(path: str) -> str:
    """A path quoted for an SQLite URI ('%', '?' and '#' are special there)."""
    return os.path.abspath(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def store(key: str, items: Sequence[Item], checks: Sequence[CheckResult]) -> None:
    """Write an entry atomically; failures to write are not errors (the cache is optional)."""
    import sqlite3
    import tempfile

    directory = cache_directory()
    try:
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".sqlite", dir=directory)
        os.close(handle)
    except OSError:
        return
    try:
        connection = sqlite3.connect(temporary)
        with connection:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            connection.execute(f"CREATE TABLE items (position INTEGER PRIMARY KEY, {ITEM_COLUMNS})")
            connection.execute("CREATE UNIQUE INDEX items_by_name ON items (name)")
            connection.execute(f"CREATE TABLE checks (position INTEGER PRIMARY KEY, {CHECK_COLUMNS})")
            connection.executemany(
                f"INSERT INTO items (position, {ITEM_COLUMNS}) VALUES ({', '.join('?' * 18)})",
                ((i, *item_row(item)) for i, item in enumerate(items)),
            )
            connection.executemany(
                f"INSERT INTO checks (position, {CHECK_COLUMNS}) VALUES ({', '.join('?' * 17)})",
                ((i, *check_row(check)) for i, check in enumerate(checks)),
            )
            # The key goes in last: a file without it is never read as an entry.
            connection.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
        connection.close()
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, _path(key))
        _store_plain(key, items)
        _prune(directory)
    except (sqlite3.Error, OSError):
        pass
    finally:
        if os.path.exists(temporary):
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _store_plain(key: str, items: Sequence[Item]) -> None:
    write_plain(key, ((item.name, plain) for item in items if (plain := _plain(item.value)) is not None))


def write_plain(key: str, pairs: Iterable[tuple[str, str]]) -> None:
    """The text sidecar of an entry (see read_plain), written atomically; a failure only costs speed."""
    from laoshan_cli.core.errors import LaoshanError
    from laoshan_cli.loading.files import atomic_write

    lines = [f"{PLAIN_HEADER} {key}\n", *(f"{name}\t{plain}\n" for name, plain in pairs)]
    with contextlib.suppress(LaoshanError):
        atomic_write(_plain_path(key), "".join(lines).encode("utf-8"))


def _prune(directory: str) -> None:
    entries = []
    for name in os.listdir(directory):
        if name.endswith(".sqlite") and not name.startswith(".tmp-"):
            path = os.path.join(directory, name)
            try:
                entries.append((os.stat(path).st_mtime, path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        for stale in (path, path.removesuffix(".sqlite") + ".plain"):
            with contextlib.suppress(OSError):
                os.unlink(stale)
    # A sidecar whose entry is gone (deleted by hand, or pruned by an older laoshan) goes too.
    for name in os.listdir(directory):
        if name.endswith(".plain") and not os.path.exists(os.path.join(directory, name[: -len(".plain")] + ".sqlite")):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, name))
