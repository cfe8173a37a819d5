"""A cache of evaluated results that trusts nothing it reads.

One file per (content of the data file, --set overrides, laoshan version and
code, limits), in a folder the cache made and marked as its own. Properties:

- The folder is `laoshan-results` inside LAOSHAN_CACHE_DIR (else $XDG_CACHE_HOME,
  else ~/.cache). laoshan creates it with mode 0700 and a CACHEDIR.TAG of
  fixed content, and uses it only while it is a real folder (not a link),
  owned by this user, not writable by group or others, with that marker, in
  a parent that neither others nor another group can write to (unless
  sticky, like /tmp), so no one else can swap it out. Otherwise
  the run goes on without a cache and says why once on stderr; a folder that
  cannot be made (a read-only or full disk) only costs speed, silently.
- It writes, lists and deletes only files of its own naming in that folder:
  entries `<40 hex>.entry`, and files.atomic_write's temporary files.
- Keyed on a BLAKE2b hash of the file's bytes, the overrides, the version, a
  stamp of laoshan's modules (code_stamp) and the limits, so a result is
  never stale (any edit changes the key).
- Every line of an entry (a header, one line per item, one per check)
  carries a BLAKE2b checksum keyed with the full key, verified on every
  read: a flipped bit, another file's entry or an edited value is a miss,
  and the run that meets it on the full path rebuilds the entry. Entries are opened with
  O_NOFOLLOW|O_NONBLOCK, and only a regular file of at most MAX_ENTRY_BYTES
  is read, so a FIFO, a link or a huge file can neither hang nor flood.
- Pruned to the MAX_ENTRIES newest; temporary files of killed writers are
  removed once they are STALE_SECONDS old.

Values are stored exactly (as "numerator/denominator" text), so a cached
result is the same result. Each item line also holds its value as
`--format plain` prints it, and it is laid out so that a warm
`get --format plain` (entry.py) finds it with one search of the bytes,
importing neither json, fractions nor the engine.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: a warm `get --format plain` needs none of them
    import mmap
    from fractions import Fraction

    from laoshan_cli.core.results import CheckResult, Item, RestsOn
    from laoshan_cli.core.units import Unit

    Buffer = bytes | mmap.mmap  # an entry's bytes, read or mapped

# 4: one checksummed text file per entry, in a marked folder of its own; 5: tight flags; 6: --set marks;
# 7: a check's op and tolerance; 8: period, basis, status and rests_on; 9: a file's own unit words
SCHEMA = 9
MAX_ENTRIES = 64
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # about 8 times what a data file at max_file_bytes needs
STALE_SECONDS = 600  # a temporary file this old belongs to a writer that was killed
FOLDER_NAME = "laoshan-results"  # not "laoshan": versions before 0.2 kept unmarked entries there
MARKER_NAME = "CACHEDIR.TAG"  # https://bford.info/cachedir/: backup tools skip the folder too
MARKER = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This folder is laoshan's results cache; laoshan made it and deletes only its own files in it.\n"
)
HEADER = f"laoshan cache {SCHEMA}".encode()
ENTRY_SUFFIX = ".entry"
# files.atomic_write's temporary files: tempfile.mkstemp(prefix=".laoshan-", suffix=".tmp").
# tests/test_cache.py kills a writer to prove the names still agree.
TEMP_PREFIX, TEMP_SUFFIX = ".laoshan-", ".tmp"


# -- the folder ---------------------------------------------------------------------


def cache_root() -> str:
    """LAOSHAN_CACHE_DIR, else $XDG_CACHE_HOME, else ~/.cache: where the cache's own folder goes."""
    explicit = os.environ.get("LAOSHAN_CACHE_DIR")
    if explicit:
        return explicit
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")


def cache_directory() -> str:
    """The cache's own folder."""
    return os.path.join(cache_root(), FOLDER_NAME)


class CacheFolder:
    """The cache's own folder, checked once per run; the reason it is refused is said once."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet  # shell completion must never print into someone's shell
        self.checked = False
        self.folder: str | None = None
        self.reason: str | None = None

    def path(self, create: bool) -> str | None:
        """The folder when it is safe to use (made if missing when `create`), else None."""
        if not self.checked or (create and self.folder is None and self.reason is None):
            self.folder, self.reason = check_folder(create)
            self.checked = True
            if create and self.reason is not None and not self.quiet:
                from .streams import warn

                warn(f"not using the results cache: {self.reason}")
        return self.folder


def _shown(path: str) -> str:
    return repr(path)  # repr escapes control and bidi characters, so a path cannot steer the terminal


def check_folder(create: bool) -> tuple[str | None, str | None]:
    """(the folder, None) when usable; (None, why not) when unsafe; (None, None) when absent or unmakeable.

    A folder that cannot be made (a read-only or full disk) only costs speed,
    as before, and is not worth a line on every run; an unsafe one is.
    """
    root = cache_root()
    folder = os.path.join(root, FOLDER_NAME)
    info: os.stat_result | None
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return None, None
        info = None
    except OSError:
        return None, None
    if info is None:
        try:
            os.makedirs(root, mode=0o700, exist_ok=True)
        except OSError:
            return None, None
    reason = _unsafe_root(root)  # before making anything in it
    if reason is not None:
        return None, reason
    if info is None:
        _make_folder(root)
        try:
            info = os.lstat(folder)
        except OSError:
            return None, None
    reason = _unsafe_folder(folder, info)
    return (None, reason) if reason else (folder, None)


def _unsafe_root(root: str) -> str | None:
    """Why the folder holding ours is unsafe: someone else could swap our folder out of it."""
    try:
        info = os.stat(root)  # a link here is the user's choice of place, and followed
    except OSError as error:
        return f"cannot open {_shown(root)}: {error.strerror or error}"  # it existed a moment ago
    if info.st_uid not in (_euid(info.st_uid), 0):
        return f"{_shown(root)} belongs to another user (uid {info.st_uid})"
    if info.st_mode & stat.S_ISVTX:  # like /tmp: only the owner of our folder can move it
        return None
    # A folder that only its owner's own group can write is common under umask 002 (a group per user).
    group_can = info.st_mode & 0o020 and info.st_gid != getattr(os, "getegid", lambda: info.st_gid)()
    if info.st_mode & 0o002 or group_can:
        return f"group or others can write to {_shown(root)} (chmod go-w, or set LAOSHAN_CACHE_DIR)"
    return None


def _euid(owner: int) -> int:
    """This process's user; where there is no such notion (Windows), whoever owns the file."""
    geteuid = getattr(os, "geteuid", None)
    return owner if geteuid is None else int(geteuid())


def _unsafe_folder(folder: str, info: os.stat_result) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return f"{_shown(folder)} is a symbolic link, not the folder laoshan made"
    if not stat.S_ISDIR(info.st_mode):
        return f"{_shown(folder)} is not a folder"
    if info.st_uid != _euid(info.st_uid):
        return f"{_shown(folder)} belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"group or others can write to {_shown(folder)} (chmod 700 it)"
    if read_regular(os.path.join(folder, MARKER_NAME), len(MARKER)) != MARKER:
        return (
            f"{_shown(folder)} was not made by laoshan (no {MARKER_NAME} of its own); "
            "remove it if an older laoshan made it, or set LAOSHAN_CACHE_DIR"
        )
    return None


def _make_folder(root: str) -> None:
    """Make the folder, marker first: built under a temporary name, then renamed into place.

    A failure is found by the check that follows.
    """
    import tempfile

    from laoshan_cli.core.errors import LaoshanError
    from laoshan_cli.loading.files import atomic_write

    try:
        building = tempfile.mkdtemp(prefix=".laoshan-folder-", dir=root)  # mode 0700
    except OSError:
        return
    try:
        atomic_write(os.path.join(building, MARKER_NAME), MARKER)
        os.rename(building, os.path.join(root, FOLDER_NAME))  # fails if another run made it first: theirs is used
    except (OSError, LaoshanError):
        pass
    finally:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(building, MARKER_NAME))
        with contextlib.suppress(OSError):
            os.rmdir(building)


MAP_FROM_BYTES = 1 << 20  # a bigger entry is mapped, not copied: a warm query reads one line of it


def read_regular(path: str, limit: int, map_from: int | None = None) -> Buffer | None:
    """The bytes of a regular file of at most `limit` bytes, else None; never follows a link, never blocks.

    With `map_from`, a file of that many bytes or more comes back memory-mapped, read only (entries):
    copying a 30 MB entry cost 25 ms of a 90 ms warm query. The cache's
    writers replace entries by rename and never truncate one in place, so
    a mapping stays whole.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if map_from is not None and info.st_size >= max(map_from, 1):
            import mmap

            return mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
        chunks = []
        left = limit + 1  # one byte more than allowed shows a file that grew past the limit
        while left > 0:
            chunk = os.read(descriptor, min(left, max(info.st_size + 1, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return None if len(data) > limit else data
    except (OSError, ValueError):  # ValueError: mmap of a file that shrank to nothing meanwhile
        return None
    finally:
        os.close(descriptor)


# -- the key and the checksums ------------------------------------------------------------


def _blake2b() -> Any:
    try:  # the builtin module: hashlib would first load OpenSSL, 4 ms of start-up
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b


def code_stamp() -> str:
    """Name, size and mtime of each of laoshan's modules.

    The version alone would let an edited checkout (an editable install)
    answer from entries its old code wrote; a stat of each module is cheap.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stats: list[str] = []
    try:
        for folder in (
            "",
            "core",
            os.path.join("core", "solve"),
            "loading",
            "drafting",
            "output",
            "cli",
            os.path.join("cli", "commands"),
        ):
            with os.scandir(os.path.join(package, folder)) as entries:
                stats.extend(
                    f"{os.path.join(folder, entry.name)}:{info.st_size}:{info.st_mtime_ns}"
                    for entry in entries
                    if entry.name.endswith(".py") and (info := entry.stat())
                )
    except OSError:
        return "unknown"
    return ",".join(sorted(stats))


def cache_key(data: bytes, version: str, limits: Sequence[object], overrides: Sequence[tuple[str, str]] = ()) -> str:
    """A BLAKE2b digest (64 hex digits) of the content, the overrides, the version, the code and the limits."""
    digest = _blake2b()(digest_size=32)
    prefix = f"laoshan cache {SCHEMA}\0{version}\0{code_stamp()}\0{tuple(limits)!r}\0{tuple(overrides)!r}\0"
    digest.update(prefix.encode("utf-8", "surrogateescape"))
    digest.update(data)
    return str(digest.hexdigest())


def entry_path(folder: str, key: str) -> str:
    return os.path.join(folder, key[:40] + ENTRY_SUFFIX)


def _checksum(key: bytes, body: bytes) -> bytes:
    """A BLAKE2b checksum of one line, keyed with the entry's full key (64 bytes, BLAKE2b's most)."""
    return str(_blake2b()(body, digest_size=16, key=key).hexdigest()).encode()


def _line(key: bytes, body: bytes) -> bytes:
    return body + b"\t" + _checksum(key, body) + b"\n"


# -- exact values as text ---------------------------------------------------------


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _parse(text: object) -> Fraction | None:
    from fractions import Fraction

    if text is None:
        return None
    if not isinstance(text, str):
        raise ValueError("not a fraction")
    numerator, _, denominator = text.partition("/")
    return Fraction(int(numerator), int(denominator))


def _exact(text: object) -> Fraction:
    value = _parse(text)
    if value is None:
        raise ValueError("missing value")
    return value


def _dims(unit: Unit) -> str:
    return " ".join(f"{dim}:{exponent}" for dim, exponent in unit.dims)


def _unit_from(scale: object, dims: object) -> Unit:
    from laoshan_cli.core.units import Unit

    if not isinstance(dims, str):
        raise ValueError("bad unit")
    pairs = (pair.rpartition(":") for pair in dims.split())
    return Unit(_exact(scale), tuple((dim, int(exponent)) for dim, _, exponent in pairs))


def _plain(value: Fraction) -> str:
    """The value as `--format plain` prints it; empty past the float range, where that is an error."""
    from laoshan_cli.core.errors import LaoshanError
    from laoshan_cli.output.views import plain_number

    try:
        return plain_number(value)
    except LaoshanError:
        return ""


def _item_fields(item: Item) -> list[Any]:
    return [
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
        item.source,
        item.period,
        item.basis,
        item.status,
        item.stated,
        item.tight,
        item.file_stated,
        [list(pair) for pair in item.rests_on],
    ]


def _item_from(name: str, fields: object) -> Item:
    from laoshan_cli.core.bounds import Interval
    from laoshan_cli.core.results import Item

    if not isinstance(fields, list) or len(fields) != 19:
        raise ValueError("bad item")
    kind, value, lo, hi, scale, dims, unit_text, label, formula, quote, qualifier, source = fields[:12]
    period, basis, status, stated, tight, file_stated, rests_on = fields[12:]
    if not isinstance(tight, bool) or not isinstance(status, str):
        raise ValueError("bad tight")
    if file_stated is not None and not isinstance(file_stated, str):
        raise ValueError("bad file_stated")
    if kind not in ("figure", "metric"):
        raise ValueError("bad kind")
    if source is not None and not isinstance(source, dict):
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
        period,
        basis,
        status,
        stated,
        tight,
        file_stated,
        _rests_on(rests_on),
    )


def _rests_on(fields: object) -> RestsOn:
    if not isinstance(fields, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(text, str) for text in pair) for pair in fields
    ):
        raise ValueError("bad rests_on")
    return tuple((name, status) for name, status in fields)


def _check_fields(result: CheckResult) -> list[Any]:
    left, right, difference = result.left, result.right, result.difference
    return [
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
        [result.tight, left.tight, right.tight],
        result.op,
        _fraction(result.tolerance),
        [list(pair) for pair in result.rests_on],
        result.unit_text,
    ]


def _check_from(fields: object) -> CheckResult:
    from laoshan_cli.core.bounds import Interval
    from laoshan_cli.core.results import CheckResult, Value

    if not isinstance(fields, list) or len(fields) != 18:
        raise ValueError("bad check")
    name, assertion, status, left, left_lo, left_hi, right, right_lo, right_hi, lo, hi, scale, dims, tight = fields[:14]
    op, tolerance, rests_on, text = fields[14:]
    if op not in ("<", "<=", ">", ">=", "~=") or (tolerance is None) != (op != "~="):
        raise ValueError("bad op")
    if not isinstance(text, str):
        raise ValueError("bad unit text")
    if not (isinstance(tight, list) and len(tight) == 3 and all(isinstance(flag, bool) for flag in tight)):
        raise ValueError("bad tight")
    if status not in ("pass", "fail", "uncertain"):
        raise ValueError("bad status")
    return CheckResult(
        name,
        assertion,
        status,
        Value(_exact(left), Interval(_parse(left_lo), _parse(left_hi)), tight[1]),
        Value(_exact(right), Interval(_parse(right_lo), _parse(right_hi)), tight[2]),
        Interval(_parse(lo), _parse(hi)),
        _unit_from(scale, dims),
        tight[0],
        op,
        _parse(tolerance),
        _rests_on(rests_on),
        text,
    )


# -- the entry format -------------------------------------------------------------
#
#   laoshan cache N <TAB> key <TAB> items <TAB> checks <TAB> unit words (json) <TAB> checksum
#   i <TAB> name <TAB> plain <TAB> position <TAB> json <TAB> checksum     (one per item, in file order)
#   c <TAB> position <TAB> json <TAB> checksum                           (one per check)
#
# JSON is written with ensure_ascii, so no tab or newline occurs inside a field.


def encode(
    key: str, items: Sequence[Item], checks: Sequence[CheckResult], words: Mapping[str, Unit] | None = None
) -> bytes | None:
    """An entry's bytes; None when a name could not be found again in them (never from the loader).

    `words` are the file's own unit words, which `--unit` reads without loading the file.
    """
    import json

    secret = key.encode()
    own = json.dumps(
        [[word, _fraction(unit.scale), _dims(unit)] for word, unit in (words or {}).items()],
        ensure_ascii=True,
        separators=(",", ":"),
    ).encode()
    lines = [_line(secret, b"\t".join([HEADER, secret, b"%d" % len(items), b"%d" % len(checks), own]))]
    for position, item in enumerate(items):
        if not item.name.isascii() or not item.name.isprintable() or "\t" in item.name:
            return None
        fields = json.dumps(_item_fields(item), ensure_ascii=True, separators=(",", ":"))
        body = f"i\t{item.name}\t{_plain(item.value)}\t{position}\t{fields}"
        lines.append(_line(secret, body.encode()))
    for position, check in enumerate(checks):
        fields = json.dumps(_check_fields(check), ensure_ascii=True, separators=(",", ":"))
        lines.append(_line(secret, f"c\t{position}\t{fields}".encode()))
    return b"".join(lines)


class CacheMiss(Exception):
    """The entry turned out to be damaged; the caller evaluates instead, and rebuilds it."""


# What decoding a line can raise, even one whose checksum holds (a same-user forgery): a miss, never a crash.
DECODING_ERRORS = (ValueError, TypeError, ArithmeticError, RecursionError, UnicodeDecodeError)


class Entry:
    """A cache entry whose header is verified; every line read from it is verified too."""

    def __init__(self, key: str, data: Buffer, item_count: int, check_count: int, body: int, words: bytes) -> None:
        self.secret = key.encode()
        self.own_words = words  # JSON, read only by --unit
        self.data = data
        self.item_count = item_count
        self.check_count = check_count
        self.body = body  # offset of the first line after the header
        self._all: tuple[list[Item], list[CheckResult]] | None = None

    @classmethod
    def parse(cls, key: str, data: Buffer) -> Entry | None:
        """The entry in `data` when its header is intact and carries `key`; None otherwise."""
        secret = key.encode()
        end = data.find(b"\n")
        if end < 0 or data[-1:] != b"\n":
            return None
        fields = _verified(secret, data[:end])
        if fields is None or len(fields) != 5 or fields[0] != HEADER or fields[1] != secret:
            return None
        items, checks = fields[2], fields[3]
        if not (items.isdigit() and checks.isdigit()):
            return None
        return cls(key, data, int(items), int(checks), end + 1, bytes(fields[4]))

    def words(self) -> dict[str, Unit]:
        """The file's own unit words, by canonical form."""
        import json

        try:
            rows = json.loads(self.own_words)
            if not isinstance(rows, list):
                raise ValueError("bad words")
            found = {}
            for row in rows:
                if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)):
                    raise ValueError("bad word")
                found[row[0]] = _unit_from(row[1], row[2])
            return found
        except DECODING_ERRORS as error:
            raise CacheMiss(str(error)) from None

    def _find(self, name: str) -> list[bytes] | None:
        """The verified fields of the item line of `name`, or None when there is none."""
        try:
            needle = b"\ni\t" + name.encode("ascii") + b"\t"
        except UnicodeEncodeError:
            return None
        start = self.data.find(needle, self.body - 1)
        if start < 0:
            return None
        start += 1
        fields = _verified(self.secret, self.data[start : self.data.find(b"\n", start)])
        if fields is None or len(fields) != 5:
            raise CacheMiss("a damaged line")
        return fields

    def plain(self, names: Sequence[str]) -> list[str] | None:
        """The plain-output text of each name, or None if any is missing or past the float range."""
        found = []
        for name in names:
            fields = self._find(name)
            if fields is None or not fields[2]:
                return None
            found.append(fields[2].decode("ascii", "replace"))
        return found

    def items(self, names: Sequence[str]) -> list[Item] | None:
        """The items by name, or None if any is not in the file (then the engine explains)."""
        import json

        found = []
        for name in names:
            fields = self._find(name)
            if fields is None:
                self.everything()  # a name that is truly unknown, or a damaged entry (CacheMiss)?
                return None
            try:
                found.append(_item_from(name, json.loads(fields[4])))
            except DECODING_ERRORS as error:
                raise CacheMiss(str(error)) from None
        return found

    def items_of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.everything()[0] if item.kind == kind]

    def checks(self) -> list[CheckResult]:
        return self.everything()[1]

    def everything(self) -> tuple[list[Item], list[CheckResult]]:
        """All items and checks, every line verified, in order and complete; CacheMiss otherwise."""
        if self._all is None:
            try:
                self._all = self._read_all()
            except DECODING_ERRORS as error:
                raise CacheMiss(str(error)) from None
        return self._all

    def _read_all(self) -> tuple[list[Item], list[CheckResult]]:
        import json

        lines = self.data[self.body :].split(b"\n")
        if lines.pop() != b"" or len(lines) != self.item_count + self.check_count:
            raise ValueError("missing or extra lines")
        items, checks = [], []
        for number, line in enumerate(lines):
            fields = _verified(self.secret, line)
            if fields is None:
                raise ValueError("a damaged line")
            if number < self.item_count:
                if len(fields) != 5 or fields[0] != b"i" or fields[3] != b"%d" % number:
                    raise ValueError("an item out of place")
                items.append(_item_from(fields[1].decode("ascii"), json.loads(fields[4])))
            else:
                if len(fields) != 3 or fields[0] != b"c" or fields[1] != b"%d" % (number - self.item_count):
                    raise ValueError("a check out of place")
                checks.append(_check_from(json.loads(fields[2])))
        return items, checks


def _verified(secret: bytes, line: bytes) -> list[bytes] | None:
    """The fields of one line when its checksum holds; None otherwise."""
    body, _, checksum = line.rpartition(b"\t")
    if not body or checksum != _checksum(secret, body):
        return None
    return body.split(b"\t")


# -- reading, writing and pruning --------------------------------------------------------


def read_entry(folder: str, key: str) -> Entry | None:
    """The entry for `key`, or None when missing, not a regular file, too big, damaged or another's."""
    data = read_regular(entry_path(folder, key), MAX_ENTRY_BYTES, MAP_FROM_BYTES)
    return None if data is None else Entry.parse(key, data)


def store(
    folder: str, key: str, items: Sequence[Item], checks: Sequence[CheckResult], words: Mapping[str, Unit] | None = None
) -> None:
    """Write (or overwrite) an entry, then prune; a failure only costs speed, never an error."""
    from laoshan_cli.core.errors import LaoshanError
    from laoshan_cli.loading.files import atomic_write

    data = encode(key, items, checks, words)
    path = entry_path(folder, key)
    if data is None or len(data) > MAX_ENTRY_BYTES or not _clear(path):
        return
    with contextlib.suppress(LaoshanError, OSError):
        atomic_write(path, data)
    prune(folder)


def _clear(path: str) -> bool:
    """Whether `path` (of our naming, in our folder) can take a new entry.

    A link, FIFO or device node there is removed (only the name: unlink never
    follows a link), so writing the entry can never write through it. A
    folder there is left alone, and the entry is not stored.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if stat.S_ISREG(info.st_mode):
        return True
    if stat.S_ISDIR(info.st_mode):
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def is_entry_name(name: str) -> bool:
    stem = name.removesuffix(ENTRY_SUFFIX)
    return name.endswith(ENTRY_SUFFIX) and len(stem) == 40 and all(c in "0123456789abcdef" for c in stem)


def is_temporary_name(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and len(name) > len(TEMP_PREFIX + TEMP_SUFFIX)


def prune(folder: str) -> None:
    """Keep the MAX_ENTRIES newest entries and remove stale temporary files: regular files of our naming only."""
    import time

    try:
        names = os.listdir(folder)
    except OSError:
        return
    entries: list[tuple[float, str]] = []
    stale = time.time() - STALE_SECONDS
    for name in names:
        entry, temporary = is_entry_name(name), is_temporary_name(name)
        if not (entry or temporary):
            continue
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if entry:
            entries.append((info.st_mtime, path))
        elif info.st_mtime < stale:
            with contextlib.suppress(OSError):
                os.unlink(path)
    for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
