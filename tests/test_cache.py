"""The results cache: same answers, invalidated by any edit, harmless when damaged, and trusting nothing it reads.

Written as an attacker would try it: flipped bits, edited values, FIFOs,
links to devices, huge files, other people's files in the cache folder, and
folders that other users own or can write to.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Invoke

from laoshan_cli.cli import cache
from laoshan_cli.cli.cache import MARKER, CacheMiss, Entry
from laoshan_cli.cli.session import Session
from laoshan_cli.output.terminal import Output

DATA = """\
figures:
  a: {value: 38.9, unit: billion CNY}
  g: {value: 2.6, unit: percent}
metrics:
  b: {formula: a / (1 + g), unit: billion CNY}
checks:
  - {name: grew, assert: a > b}
"""
# b = 38.9 / (1 + 2.6%), as `--format plain` prints it.
B_PLAIN = repr(float(Fraction("38.9") / (1 + Fraction("2.6") / 100)))
B_SET = repr(float(Fraction("38.9") / (1 + Fraction("5.0") / 100)))  # under --set g=5.0


def root() -> Path:
    return Path(os.environ["LAOSHAN_CACHE_DIR"])


def folder() -> Path:
    return root() / "laoshan-results"


def entries() -> list[Path]:
    return sorted(folder().glob("*.entry"))


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


def get(invoke: Invoke, path: Path, *extra: str, fmt: str = "json") -> str:
    result = invoke(["--data", str(path), *extra, "get", "b", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def fresh(invoke: Invoke, path: Path, *extra: str, fmt: str = "json") -> str:
    return get(invoke, path, "--no-cache", *extra, fmt=fmt)


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to make any evaluation fail: what still answers, answers from the cache."""

    def forbid() -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("evaluated instead of reading the cache")

        monkeypatch.setattr("laoshan_cli.core.engine.Engine.__init__", refuse)

    return forbid


def laoshan(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The installed entry point in a child process, as a shell runs it (with the shortcut), under a timeout."""
    return subprocess.run(
        [sys.executable, "-m", "laoshan_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


# -- the basics ----------------------------------------------------------------------


def test_first_run_writes_one_entry_and_the_second_reads_it(
    invoke: Invoke, data_file: Path, no_engine: Callable[[], None]
) -> None:
    first = get(invoke, data_file)
    assert len(entries()) == 1
    no_engine()
    assert get(invoke, data_file) == first
    assert sorted(p.name for p in folder().iterdir()) == sorted(["CACHEDIR.TAG", entries()[0].name])


def test_the_folder_is_made_private_and_marked(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    assert stat.S_IMODE(folder().stat().st_mode) == 0o700
    assert (folder() / "CACHEDIR.TAG").read_bytes() == MARKER
    assert MARKER.startswith(b"Signature: 8a477f597d28d172789f06886806bc55")  # the cachedir.tag standard


def test_cached_answers_match_uncached(invoke: Invoke, data_file: Path) -> None:
    assert fresh(invoke, data_file) == get(invoke, data_file) == get(invoke, data_file)
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n"
    for command in (["report"], ["check", "--format", "json"], ["figures", "--format", "csv"], ["metrics"]):
        uncached = invoke(["--data", str(data_file), "--no-cache", *command]).stdout
        invoke(["--data", str(data_file), *command])
        assert invoke(["--data", str(data_file), *command]).stdout == uncached


def test_any_edit_gives_a_new_entry_and_a_new_answer(invoke: Invoke, data_file: Path) -> None:
    before = get(invoke, data_file)
    data_file.write_text(DATA.replace("2.6", "2.7"), encoding="utf-8")
    after = get(invoke, data_file)
    assert before != after == fresh(invoke, data_file)
    assert len(entries()) == 2
    # Even an edit that changes nothing a formula uses, such as a comment, is a new key.
    data_file.write_text(DATA.replace("2.6", "2.7") + "# note\n", encoding="utf-8")
    get(invoke, data_file)
    assert len(entries()) == 3


def test_no_cache_neither_reads_nor_writes(invoke: Invoke, data_file: Path) -> None:
    fresh(invoke, data_file)
    assert not folder().exists()


def test_set_is_part_of_the_key(invoke: Invoke, data_file: Path, no_engine: Callable[[], None]) -> None:
    plain = get(invoke, data_file, fmt="plain")
    changed = get(invoke, data_file, "--set", "g=5.0", fmt="plain")
    assert (plain, changed) == (B_PLAIN + "\n", B_SET + "\n")
    assert len(entries()) == 2
    assert get(invoke, data_file, "--set", "g=5.1", fmt="plain") != changed
    assert len(entries()) == 3
    no_engine()
    assert get(invoke, data_file, "--set", "g=5.0", fmt="plain") == changed
    assert get(invoke, data_file, fmt="plain") == plain


def test_check_files_are_cached_each_under_its_own_key(
    invoke: Invoke, data_file: Path, tmp_path: Path, no_engine: Callable[[], None]
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("a > b", "a < b"), encoding="utf-8")  # a check that fails
    args = ["check", str(data_file), str(other), "--format", "json"]
    uncached = invoke(["--no-cache", *args])
    first = invoke(args)
    assert (first.exit_code, first.stdout) == (uncached.exit_code, uncached.stdout) == (1, uncached.stdout)
    assert len(entries()) == 2
    no_engine()
    again = invoke(args)
    assert (again.exit_code, again.stdout) == (1, uncached.stdout)


def test_validate_never_trusts_the_cache(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    data_file.write_text(DATA.replace("a / (1 + g)", "a / (1 + q)"), encoding="utf-8")
    result = invoke(["validate", str(data_file)])
    assert result.exit_code == 2 and "unknown name 'q'" in result.stderr


def test_an_edit_to_laoshan_itself_gives_a_new_entry(
    invoke: Invoke, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    get(invoke, data_file)
    monkeypatch.setattr(cache, "code_stamp", lambda: "engine.py:1:2")
    get(invoke, data_file)
    assert len(entries()) == 2


def test_the_code_stamp_follows_the_modules() -> None:
    stamp = cache.code_stamp()
    names = {part.split(":")[0] for part in stamp.split(",")}
    package = Path(cache.__file__).resolve().parent.parent
    assert names == {str(path.relative_to(package)) for path in package.rglob("*.py")}
    assert stamp == cache.code_stamp()


def test_the_warm_plain_path_imports_no_evaluator(data_file: Path) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['laoshan', '--data', {str(data_file)!r}, 'get', 'b', '--format', 'plain']\n"
        "from laoshan_cli.cli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    heavy = ('click', 'yaml', 'json', 'fractions', 'laoshan_cli.core.engine', 'rich', 'sqlite3')\n"
        "    print(sorted(m for m in sys.modules if m in heavy), file=sys.stderr)\n"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "laoshan_cli.core.engine" in first.stderr  # a miss evaluates
    second = subprocess.run(run, capture_output=True, text=True, check=True)
    assert second.stderr.strip() == "[]", second.stderr
    assert second.stdout == first.stdout == B_PLAIN + "\n"


# -- damaged entries: always the right answer, and rebuilt --------------------------------


def damaged_then_rebuilt(invoke: Invoke, data_file: Path, damage: Callable[[Path], object]) -> None:
    """Damage the entry; every format still answers right, and a full read rebuilds the entry as it was."""
    from laoshan_cli.cli.entry import shortcut

    good_json, good_plain = fresh(invoke, data_file), fresh(invoke, data_file, fmt="plain")
    good_report = invoke(["--data", str(data_file), "--no-cache", "report"]).stdout
    get(invoke, data_file)
    [entry] = entries()
    good = entry.read_bytes()
    damage(entry)
    assert shortcut(["--data", str(data_file), "get", "b", "--format", "plain"]) in (None, good_plain)
    assert get(invoke, data_file, fmt="plain") == good_plain == B_PLAIN + "\n"
    damage(entry)
    assert get(invoke, data_file) == good_json
    damage(entry)
    assert invoke(["--data", str(data_file), "report"]).stdout == good_report
    assert entry.is_file() and not entry.is_symlink()
    assert entry.read_bytes() == good  # rebuilt by the run that met the damage


def flip(path: Path, at: int, bit: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 1 << bit
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not an entry at all"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(p.read_bytes()[:-1]),
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(b"\xff\xfe" * 100),
        lambda p: flip(p, p.read_bytes().index(B_PLAIN.encode())),  # the plain value
        lambda p: flip(p, p.read_bytes().index(b'"metric","') + 10),  # b's exact value
        lambda p: flip(p, 20),  # the key in the header
        lambda p: flip(p, len(p.read_bytes()) - 5),  # the last checksum
        lambda p: p.write_bytes(p.read_bytes().replace(b"\nc\t", b"\nx\t")),
        lambda p: p.write_bytes(b"".join(p.read_bytes().splitlines(keepends=True)[:-1])),  # a line gone
        lambda p: p.write_bytes(p.read_bytes() + p.read_bytes().splitlines(keepends=True)[-1]),  # one more
        lambda p: os.truncate(p, cache.MAX_ENTRY_BYTES + 1),  # huge (sparse: costs no disk)
    ],
    ids=[
        "garbage",
        "half",
        "no-last-newline",
        "empty",
        "not-utf8",
        "plain-bit",
        "exact-bit",
        "key-bit",
        "checksum-bit",
        "line-kind",
        "line-dropped",
        "line-repeated",
        "huge",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_rebuilt(invoke: Invoke, data_file: Path, damage) -> None:  # type: ignore[no-untyped-def]
    damaged_then_rebuilt(invoke, data_file, damage)


def test_an_edited_plain_value_is_never_served(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    [entry] = entries()
    entry.write_bytes(entry.read_bytes().replace(B_PLAIN.encode(), b"99.5"))
    from laoshan_cli.cli.entry import shortcut

    assert shortcut(["--data", str(data_file), "get", "b", "--format", "plain"]) is None
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n"
    entry.write_bytes(entry.read_bytes().replace(B_PLAIN.encode(), b"99.5"))
    assert '"value": 37.9142' in get(invoke, data_file)
    result = laoshan("--data", str(data_file), "get", "b", "--format", "plain")
    assert (result.returncode, result.stdout, result.stderr) == (0, B_PLAIN + "\n", "")


def test_one_flipped_bit_anywhere_is_a_miss_or_the_right_answer(invoke: Invoke, data_file: Path) -> None:
    """Every single-bit flip of a whole entry, read through every way the cache answers."""
    get(invoke, data_file)
    [entry] = entries()
    good = entry.read_bytes()
    key = good.split(b"\t")[1].decode()
    engine = Session(str(data_file), [], [], Output(), use_cache=False)
    names = ["a", "g", "b"]
    want_items = engine.items(names)
    want_plain = [repr(float(item.value)) for item in want_items]
    want_all = ([*engine.all_of_kind("figure"), *engine.all_of_kind("metric")], engine.checks())
    assert want_plain[2] == B_PLAIN
    intact = Entry.parse(key, good)
    assert intact is not None
    assert (intact.plain(names), intact.items(names), intact.everything()) == (want_plain, want_items, want_all)
    served = 0
    for bit in range(len(good) * 8):
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        parsed = Entry.parse(key, bytes(flipped))
        if parsed is None:
            continue
        reads: list[tuple[Callable[[Entry], object], list[object]]] = [
            (lambda entry: entry.plain(names), [want_plain, None]),  # None: a name not found, the full path runs
            (lambda entry: entry.items(names), [want_items]),
            (lambda entry: entry.everything(), [want_all]),
        ]
        for read, allowed in reads:
            try:
                got = read(parsed)
            except CacheMiss:
                continue
            assert got in allowed, f"bit {bit}"
            served += 1
    # A flip in the part a read skips (another line) still serves the untouched lines.
    assert served > 0


def test_another_files_entry_is_never_used(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("38.9", "40.0"), encoding="utf-8")
    answers = get(invoke, data_file, fmt="plain"), get(invoke, other, fmt="plain")
    assert answers[0] != answers[1]
    first, second = entries()
    first_bytes, second_bytes = first.read_bytes(), second.read_bytes()
    first.write_bytes(second_bytes)
    second.write_bytes(first_bytes)
    assert (get(invoke, data_file, fmt="plain"), get(invoke, other, fmt="plain")) == answers
    result = laoshan("--data", str(data_file), "get", "b", "--format", "plain")
    assert result.stdout == answers[0]


# -- entries that are not regular files -------------------------------------------------------


def warm_entry(invoke: Invoke, data_file: Path) -> tuple[Path, bytes]:
    get(invoke, data_file)
    [entry] = entries()
    return entry, entry.read_bytes()


def test_a_fifo_in_place_of_an_entry_never_hangs(invoke: Invoke, data_file: Path) -> None:
    entry, good = warm_entry(invoke, data_file)
    entry.unlink()
    os.mkfifo(entry)
    result = laoshan("--data", str(data_file), "get", "b", "--format", "plain", timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (0, B_PLAIN + "\n", "")
    assert stat.S_ISREG(entry.lstat().st_mode) and entry.read_bytes() == good


def test_a_link_to_dev_zero_in_place_of_an_entry_is_replaced_not_read(invoke: Invoke, data_file: Path) -> None:
    entry, good = warm_entry(invoke, data_file)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    result = laoshan("--data", str(data_file), "get", "b", "--format", "json", timeout=30)
    assert result.returncode == 0 and '"value": 37.9142' in result.stdout
    assert not entry.is_symlink() and entry.read_bytes() == good
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


def test_a_link_to_someone_elses_file_is_never_written_through(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    entry, good = warm_entry(invoke, data_file)
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"not laoshan's")
    entry.unlink()
    entry.symlink_to(precious)
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n"
    assert precious.read_bytes() == b"not laoshan's"
    assert not entry.is_symlink() and entry.read_bytes() == good


def test_a_folder_in_place_of_an_entry_is_left_alone(invoke: Invoke, data_file: Path) -> None:
    entry, _ = warm_entry(invoke, data_file)
    entry.unlink()
    entry.mkdir()
    (entry / "theirs").write_text("keep")
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n"
    assert get(invoke, data_file) == fresh(invoke, data_file)
    assert (entry / "theirs").read_text() == "keep"


def test_reads_stop_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_bytes(b"x" * 100)
    assert cache.read_regular(str(path), 100) == b"x" * 100
    assert cache.read_regular(str(path), 99) is None
    os.mkfifo(tmp_path / "fifo")
    assert cache.read_regular(str(tmp_path / "fifo"), 100) is None  # returns at once: O_NONBLOCK
    (tmp_path / "link").symlink_to(path)
    assert cache.read_regular(str(tmp_path / "link"), 100) is None
    assert cache.read_regular(str(tmp_path), 100) is None
    assert cache.read_regular("/dev/zero", 100) is None


# -- other people's files, and folders that are not safe -------------------------------------


def snapshot(top: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every path under `top`, as what it is: its bytes, its link target, or a folder; and its mtime."""
    found: dict[str, tuple[str, bytes | str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path), info.st_mtime_ns)
            elif path.is_dir():
                found[str(path)] = ("dir", "", info.st_mtime_ns)
            elif stat.S_ISFIFO(info.st_mode):
                found[str(path)] = ("fifo", "", info.st_mtime_ns)
            else:
                found[str(path)] = ("file", path.read_bytes(), info.st_mtime_ns)
    return found


def fill_with_foreign_files(top: Path, outside: Path) -> None:
    old = time.time() - 86400
    outside.mkdir()
    (outside / "target.txt").write_text("outside")
    files = {
        "notes.txt": b"mine",
        "results.sqlite": b"SQLite format 3\0",
        "results.plain": b"laoshan plain values 3 abc\nb\t1.0\n",
        "0123456789abcdef0123456789abcdef01234567.entry": b"laoshan cache 4\tlooks like one\n",
        "0123456789abcdef0123456789abcdef01234567.sqlite": b"an old laoshan's entry, or not",
        ".laoshan-abcdefgh.tmp": b"looks like a temporary file of ours",
        ".tmp-x.sqlite": b"old laoshan temporary",
        "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# another tool's\n",
        "sub/deeper/file.entry": b"nested",
        "sub/.laoshan-zzzzzzzz.tmp": b"nested temp",
        "laoshanX/0123456789abcdef0123456789abcdef01234567.entry": b"a folder with a similar name",
    }
    for name, content in files.items():
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        os.utime(path, (old, old))
    (top / "link-to-file").symlink_to(outside / "target.txt")
    (top / "link-to-dir").symlink_to(outside)
    (top / "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.entry").symlink_to(outside / "target.txt")
    os.mkfifo(top / "a-fifo")


def many_commands(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    others = []
    for number in range(4):
        other = tmp_path / f"other{number}.yaml"
        other.write_text(DATA.replace("38.9", f"3{number}.5"), encoding="utf-8")
        others.append(other)
    for path in [data_file, *others]:
        for args in (
            ["get", "b", "--format", "plain"],
            ["get", "b", "a", "--format", "plain"],
            ["--set", "g=1.5", "get", "b"],
            ["report"],
            ["figures", "--format", "csv"],
            ["metrics", "--format", "json"],
        ):
            assert invoke(["--data", str(path), *args]).exit_code == 0
    assert invoke(["check", *map(str, others)]).exit_code in (0, 1)
    assert laoshan("--data", str(data_file), "get", "b", "--format", "plain").stdout == B_PLAIN + "\n"


def test_it_never_touches_other_peoples_files(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    fill_with_foreign_files(shared, tmp_path / "outside")
    before = snapshot(shared), snapshot(tmp_path / "outside")
    monkeypatch.setenv("LAOSHAN_CACHE_DIR", str(shared))
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)  # prune often
    monkeypatch.setattr(cache, "STALE_SECONDS", 0)  # and count every temporary file as stale
    many_commands(invoke, data_file, tmp_path)
    after = snapshot(shared), snapshot(tmp_path / "outside")
    mine = str(shared / "laoshan-results")
    ours = {path for path in after[0] if path == mine or path.startswith(mine + os.sep)}
    assert {path: value for path, value in after[0].items() if path not in ours} == before[0]
    assert after[1] == before[1]
    # It did prune its own: 10 keys were stored, at most 2 kept (3 if the last, child run stored one).
    assert len(entries()) <= 3


@pytest.mark.parametrize("kind", ["folder", "link", "file", "foreign-marker"])
def test_a_laoshan_folder_it_did_not_make_is_refused_and_untouched(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    shared = tmp_path / "shared"
    fill_with_foreign_files(shared, tmp_path / "outside")
    theirs = shared / "laoshan-results"
    if kind == "link":
        theirs.symlink_to(tmp_path / "outside")
    elif kind == "file":
        theirs.write_text("a file")
    else:
        fill_with_foreign_files(theirs, tmp_path / "outside2")
        if kind == "foreign-marker":
            (theirs / "CACHEDIR.TAG").write_bytes(b"Signature: 8a477f597d28d172789f06886806bc55\n")
    outside = [tmp_path / "outside", tmp_path / "outside2"]
    before = [snapshot(shared), *map(snapshot, outside)]
    monkeypatch.setenv("LAOSHAN_CACHE_DIR", str(shared))
    result = invoke(["--data", str(data_file), "get", "b", "--format", "plain"])
    assert (result.exit_code, result.stdout) == (0, B_PLAIN + "\n")
    assert result.stderr.startswith("warning: not using the results cache: ") and result.stderr.count("\n") == 1
    assert repr(str(theirs)) in result.stderr
    many_commands(invoke, data_file, tmp_path)
    assert [snapshot(shared), *map(snapshot, outside)] == before


def refused(invoke: Invoke, data_file: Path, why: str) -> None:
    """The run answers right and exits 0 without a cache, saying why in one warning line; it writes nothing."""
    before = snapshot(root())
    for fmt, want in (("plain", B_PLAIN + "\n"), ("json", fresh(invoke, data_file))):
        result = invoke(["--data", str(data_file), "get", "b", "--format", fmt])
        assert (result.exit_code, result.stdout) == (0, want)
        assert result.stderr.startswith("warning: not using the results cache: ") and result.stderr.count("\n") == 1
        assert why in result.stderr
    child = laoshan("--data", str(data_file), "get", "b", "--format", "plain")
    assert (child.returncode, child.stdout, child.stderr.count("warning: ")) == (0, B_PLAIN + "\n", 1)
    assert snapshot(root()) == before


def test_a_folder_another_user_owns_is_refused(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    os.chown(folder(), 12345, -1)
    refused(invoke, data_file, "belongs to another user (uid 12345)")


def test_a_cache_dir_another_user_owns_is_refused(invoke: Invoke, data_file: Path) -> None:
    os.chown(root(), 12345, -1)
    refused(invoke, data_file, "belongs to another user (uid 12345)")


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o720])
def test_a_folder_others_can_write_is_refused(invoke: Invoke, data_file: Path, mode: int) -> None:
    get(invoke, data_file)
    folder().chmod(mode)
    refused(invoke, data_file, "group or others can write")


@pytest.mark.parametrize("mode, group", [(0o777, -1), (0o707, -1), (0o770, 12345), (0o775, 12345)])
def test_a_cache_dir_others_can_write_is_refused_unless_sticky(
    invoke: Invoke, data_file: Path, mode: int, group: int
) -> None:
    os.chown(root(), -1, group)
    root().chmod(mode)
    refused(invoke, data_file, "group or others can write")
    root().chmod(mode | stat.S_ISVTX)  # like /tmp: others cannot move our folder away
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n" and len(entries()) == 1


def test_a_cache_dir_only_the_users_own_group_can_write_is_accepted(invoke: Invoke, data_file: Path) -> None:
    """umask 002 with a group per user makes such folders; SSH would refuse them, laoshan's parent check does not."""
    os.chown(root(), -1, os.getegid())
    root().chmod(0o770)
    assert get(invoke, data_file, fmt="plain") == B_PLAIN + "\n" and len(entries()) == 1
    folder().chmod(0o770)  # its own folder, though, must be its alone
    refused(invoke, data_file, "group or others can write")


def test_a_cache_dir_that_is_a_link_is_followed(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("LAOSHAN_CACHE_DIR", str(tmp_path / "link"))
    get(invoke, data_file)
    assert len(list((real / "laoshan-results").glob("*.entry"))) == 1


@pytest.mark.parametrize("blocker", ["a-file-in-the-way", "a-full-disk"])
def test_a_cache_folder_that_cannot_be_made_only_costs_speed(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocker: str
) -> None:
    blocked = tmp_path / "blocked"
    if blocker == "a-file-in-the-way":
        blocked.write_text("a file where the folder should be")
    else:
        blocked.mkdir()

        def full(path: str, data: bytes) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("laoshan_cli.loading.files.atomic_write", full)
    args = ["--data", str(data_file), "get", "b", "--format", "plain"]
    result = invoke(args, env={"LAOSHAN_CACHE_DIR": str(blocked)})
    assert (result.exit_code, result.stdout, result.stderr) == (0, B_PLAIN + "\n", "")
    if blocker == "a-file-in-the-way":
        assert blocked.read_text() == "a file where the folder should be"
    else:
        assert list(blocked.iterdir()) == []  # its half-made folder is gone too


def test_the_warning_is_said_once_per_run(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    os.chown(root(), 12345, -1)
    other = tmp_path / "other.yaml"
    other.write_text(DATA, encoding="utf-8")
    result = invoke(["check", str(data_file), str(other)])
    assert result.exit_code == 0 and result.stderr.count("warning: ") == 1


def test_a_path_in_the_warning_cannot_steer_the_terminal(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = tmp_path / "x\x1b[2J\u202e"
    hostile.mkdir()
    hostile.chmod(0o777)
    monkeypatch.setenv("LAOSHAN_CACHE_DIR", str(hostile))
    result = invoke(["--data", str(data_file), "get", "b", "--format", "plain"])
    assert result.exit_code == 0 and "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b" in result.stderr


# -- pruning -----------------------------------------------------------------------------


def test_old_entries_are_pruned_to_the_newest(
    invoke: Invoke, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    names = []
    for number in range(5):
        path = tmp_path / f"d{number}.yaml"
        path.write_text(DATA.replace("38.9", f"4{number}.0"), encoding="utf-8")
        get(invoke, path)
        [newest] = [p for p in entries() if p.name not in names]
        names.append(newest.name)
        os.utime(newest, (1000 + number, 1000 + number))  # distinct ages, in the order written
    assert sorted(p.name for p in entries()) == sorted(names[-3:])


def test_temporary_files_of_killed_writers_are_removed_when_stale(
    invoke: Invoke, data_file: Path, tmp_path: Path
) -> None:
    get(invoke, data_file)
    # A writer killed mid-write, with files.atomic_write's own naming, in the cache's folder.
    code = (
        "import os, signal, sys\n"
        "from laoshan_cli.loading import files\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        "files.atomic_write(sys.argv[1], b'half an entry')\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(folder() / "x.entry")], check=False)
    assert killed.returncode == -signal.SIGKILL
    [left] = [p for p in folder().iterdir() if p.name not in ("CACHEDIR.TAG", entries()[0].name)]
    assert cache.is_temporary_name(left.name)  # the cache recognises atomic_write's naming
    fresh_temp = folder() / ".laoshan-fresh1234.tmp"
    fresh_temp.write_bytes(b"a writer still at work")
    not_a_file = folder() / ".laoshan-folder99.tmp"
    not_a_file.mkdir()
    old = time.time() - cache.STALE_SECONDS - 60
    os.utime(left, (old, old))
    os.utime(not_a_file, (old, old))
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("38.9", "40.0"), encoding="utf-8")
    get(invoke, other)  # a store prunes
    assert not left.exists()
    assert fresh_temp.exists() and not_a_file.is_dir()


def test_own_names_are_exact() -> None:
    assert cache.is_entry_name("0123456789abcdef0123456789abcdef01234567.entry")
    for name in (
        "0123456789abcdef0123456789abcdef0123456.entry",
        "0123456789ABCDEF0123456789abcdef01234567.entry",
        "0123456789abcdef0123456789abcdef01234567.entry~",
        "0123456789abcdef0123456789abcdef01234567.sqlite",
        "../123456789abcdef0123456789abcdef01234567.entry",
    ):
        assert not cache.is_entry_name(name), name
    assert cache.is_temporary_name(".laoshan-abc123.tmp")
    assert not cache.is_temporary_name(".laoshan-.tmp") and not cache.is_temporary_name("laoshan-abc.tmp")


@pytest.mark.parametrize(
    "forged",
    [
        lambda fields: re.sub(rb'^\["metric","[0-9]+/[0-9]+"', b'["metric","1/0"', fields),  # a zero denominator
        lambda fields: b"[" * 100_000 + b"]" * 100_000,  # nesting past Python's recursion limit
        lambda fields: fields.replace(b'"metric"', b'"unknown kind"'),
        lambda fields: fields.replace(b'"metric","', b'"metric","' + b"9" * 5000, 1),  # past int()'s digit limit
    ],
    ids=["zero-denominator", "deep-json", "bad-kind", "huge-digits"],
)
def test_a_re_signed_line_that_makes_no_sense_is_a_miss_not_a_crash(invoke: Invoke, data_file: Path, forged) -> None:  # type: ignore[no-untyped-def]
    """Even a line whose checksum holds (only someone who can write the 0700 folder can make one) cannot crash it."""
    get(invoke, data_file)
    [entry] = entries()
    lines = entry.read_bytes().splitlines(keepends=True)
    key = lines[0].split(b"\t")[1]
    [at] = [n for n, line in enumerate(lines) if line.startswith(b"i\tb\t")]
    body = lines[at].rstrip(b"\n").rpartition(b"\t")[0]
    head, _, fields = body.rpartition(b"\t")
    lines[at] = cache._line(key, head + b"\t" + forged(fields))
    entry.write_bytes(b"".join(lines))
    assert get(invoke, data_file) == fresh(invoke, data_file)
    entry.write_bytes(b"".join(lines))
    assert invoke(["--data", str(data_file), "metrics", "--format", "json"]).exit_code == 0


def test_an_old_versions_unmarked_folder_is_neither_used_nor_touched(invoke: Invoke, data_file: Path) -> None:
    """Versions before this one kept unmarked entries in `laoshan`; the cache's folder has another name."""
    old = root() / "laoshan"
    old.mkdir(parents=True)
    (old / "0123abcd.sqlite").write_bytes(b"old entry")
    (old / "0123abcd.plain").write_bytes(b"b\t1.0\n")
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in old.iterdir()}
    get(invoke, data_file)  # asserts an empty stderr: no warning about the old folder
    assert get(invoke, data_file) == fresh(invoke, data_file)
    assert len(entries()) == 1
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in old.iterdir()} == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: None,  # intact: answered from the mapping
        lambda p: flip(p, p.read_bytes().index(B_PLAIN.encode())),
        lambda p: p.write_bytes(p.read_bytes()[:-1]),
        lambda p: p.write_bytes(b"".join(p.read_bytes().splitlines(keepends=True)[:-1])),
    ],
    ids=["intact", "plain-bit", "no-last-newline", "line-dropped"],
)
def test_a_mapped_entry_is_read_and_checked_like_a_read_one(
    invoke: Invoke,
    data_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage,  # type: ignore[no-untyped-def]
) -> None:
    """Big entries are memory-mapped (MAP_FROM_BYTES); here every entry is, so the same checks run on mappings."""
    monkeypatch.setattr(cache, "MAP_FROM_BYTES", 1)
    expected_json, expected_plain = fresh(invoke, data_file), fresh(invoke, data_file, fmt="plain")
    get(invoke, data_file)
    [entry] = entries()
    assert not isinstance(cache.read_regular(str(entry), cache.MAX_ENTRY_BYTES, 1), bytes)  # a mapping
    damage(entry)
    assert get(invoke, data_file, fmt="plain") == expected_plain
    assert get(invoke, data_file) == expected_json
