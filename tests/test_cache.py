"""The results cache: same answers, invalidated by any edit, harmless when damaged."""

from __future__ import annotations

import os
import sqlite3
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Invoke

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


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.sqlite"))


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


def get(invoke: Invoke, path: Path, *extra: str) -> str:
    result = invoke(["--data", str(path), *extra, "get", "b", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_first_run_writes_one_entry_and_the_second_reads_it(invoke: Invoke, data_file: Path) -> None:
    first = get(invoke, data_file)
    assert len(cache_files()) == 1
    second = get(invoke, data_file)
    assert first == second == get(invoke, data_file, "--no-cache")
    assert not [p for p in Path(os.environ["LAOSHAN_CACHE_DIR"]).iterdir() if p.name.startswith(".tmp-")]


def test_any_edit_gives_a_new_entry_and_a_new_answer(invoke: Invoke, data_file: Path) -> None:
    before = get(invoke, data_file)
    data_file.write_text(DATA.replace("2.6", "2.7"), encoding="utf-8")
    after = get(invoke, data_file)
    assert before != after
    assert after == get(invoke, data_file, "--no-cache")
    assert len(cache_files()) == 2
    # Even an edit that changes nothing a formula uses, such as a comment, is a new key.
    data_file.write_text(DATA.replace("2.6", "2.7") + "# note\n", encoding="utf-8")
    get(invoke, data_file)
    assert len(cache_files()) == 3


def test_no_cache_neither_reads_nor_writes(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file, "--no-cache")
    assert cache_files() == []


def test_set_bypasses_the_cache(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    changed = get(invoke, data_file, "--set", "g=5.0")
    assert changed != get(invoke, data_file)
    assert len(cache_files()) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a database at all"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(invoke: Invoke, data_file: Path, damage) -> None:  # type: ignore[no-untyped-def]
    good = get(invoke, data_file)
    [entry] = cache_files()
    damage(entry)
    assert get(invoke, data_file) == good
    assert get(invoke, data_file) == good


def test_wrong_values_inside_an_entry_are_not_trusted_blindly(invoke: Invoke, data_file: Path) -> None:
    good = get(invoke, data_file)
    [entry] = cache_files()
    with sqlite3.connect(entry) as connection:
        connection.execute("UPDATE items SET value = 'not a number'")
    connection.close()
    assert get(invoke, data_file) == good


def test_an_edit_to_laoshan_itself_gives_a_new_entry(
    invoke: Invoke, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from laoshan_cli.cli import cache

    get(invoke, data_file)
    monkeypatch.setattr(cache, "code_stamp", lambda: "engine.py:1:2")
    get(invoke, data_file)
    assert len(cache_files()) == 2


def test_the_code_stamp_follows_the_modules() -> None:
    from laoshan_cli.cli import cache

    stamp = cache.code_stamp()
    names = {part.split(":")[0] for part in stamp.split(",")}
    package = Path(cache.__file__).resolve().parent.parent
    assert names == {str(path.relative_to(package)) for path in package.rglob("*.py")}
    assert stamp == cache.code_stamp()


def test_a_foreign_entry_is_never_used(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("38.9", "40.0"), encoding="utf-8")
    get(invoke, data_file)
    get(invoke, other)
    mine, theirs = cache_files()
    # Put the other file's entry under this file's name: the key stored inside no longer matches.
    answers = {get(invoke, data_file), get(invoke, other)}
    theirs_bytes = theirs.read_bytes()
    mine_bytes = mine.read_bytes()
    mine.write_bytes(theirs_bytes)
    theirs.write_bytes(mine_bytes)
    assert {get(invoke, data_file), get(invoke, other)} == answers
    assert get(invoke, data_file) == get(invoke, data_file, "--no-cache")


def test_an_unwritable_cache_directory_is_not_an_error(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be")
    result = invoke(
        ["--data", str(data_file), "get", "b", "--format", "plain"], env={"LAOSHAN_CACHE_DIR": str(blocked)}
    )
    assert result.exit_code == 0 and result.stderr == ""


def test_cached_report_and_checks_match_uncached(invoke: Invoke, data_file: Path) -> None:
    for command in (["report"], ["check", "--format", "json"], ["figures", "--format", "csv"], ["metrics"]):
        fresh = invoke(["--data", str(data_file), "--no-cache", *command]).stdout
        invoke(["--data", str(data_file), *command])
        assert invoke(["--data", str(data_file), *command]).stdout == fresh


def test_validate_never_trusts_the_cache(invoke: Invoke, data_file: Path) -> None:
    get(invoke, data_file)
    data_file.write_text(DATA.replace("a / (1 + g)", "a / (1 + q)"), encoding="utf-8")
    result = invoke(["validate", str(data_file)])
    assert result.exit_code == 2 and "unknown name 'q'" in result.stderr


def test_plain_values_from_the_cache_match_the_engine(invoke: Invoke, data_file: Path) -> None:
    args = ["--data", str(data_file), "get", "b", "a", "g", "--format", "plain"]
    fresh = invoke(["--data", str(data_file), "--no-cache", *args[2:]]).stdout
    invoke(args)  # fills the cache
    assert invoke(args).stdout == fresh
    assert fresh.splitlines()[1] == "38.9"


def test_the_warm_plain_path_imports_no_evaluator(data_file: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from laoshan_cli.cli.app import run\n"
        f"run(['--data', {str(data_file)!r}, 'get', 'b', '--format', 'plain'])\n"
        "heavy = ('yaml', 'fractions', 'laoshan_cli.core.engine', 'rich', 'sqlite3')\n"
        "heavy = sorted(m for m in sys.modules if m in heavy)\n"
        "print(heavy, file=sys.stderr)\n"
    )
    env = {**os.environ, "LAOSHAN_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "laoshan_cli.core.engine" in first.stderr  # a miss evaluates
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert second.stderr.strip() == "[]", second.stderr
    assert second.stdout == first.stdout == B_PLAIN + "\n"


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text("not the header\nb\t1.0\n"),
        lambda p: p.write_text(p.read_text().replace("\t", " ")),
        lambda p: p.write_bytes(b"\xff\xfe"),
        lambda p: p.unlink(),
        lambda p: p.write_text(p.read_text().replace(B_PLAIN, "not a number")),
        lambda p: p.write_text(p.read_text().replace(B_PLAIN + "\n", B_PLAIN)),
    ],
    ids=["header", "no-tab", "not-utf8", "missing", "not-a-number", "no-last-newline"],
)
def test_a_damaged_plain_sidecar_falls_back_to_the_entry(invoke: Invoke, data_file: Path, damage) -> None:  # type: ignore[no-untyped-def]
    args = ["--data", str(data_file), "get", "b", "--format", "plain"]
    good = invoke(args).stdout
    [sidecar] = Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain")
    damage(sidecar)
    assert invoke(args).stdout == good == B_PLAIN + "\n"


@pytest.mark.parametrize(
    "damage",
    [lambda p: p.unlink(), lambda p: p.write_text(p.read_text().replace(B_PLAIN, "XX"))],
    ids=["missing", "not-a-number"],
)
def test_a_damaged_plain_sidecar_is_rewritten_from_its_entry(invoke: Invoke, data_file: Path, damage) -> None:  # type: ignore[no-untyped-def]
    args = ["--data", str(data_file), "get", "b", "--format", "plain"]
    invoke(args)
    [sidecar] = Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain")
    good = sidecar.read_text()
    damage(sidecar)
    assert invoke(args).stdout == B_PLAIN + "\n"
    assert sidecar.read_text() == good


def test_a_sidecar_without_its_entry_is_pruned(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    invoke(["--data", str(data_file), "get", "b", "--format", "plain"])
    [entry] = cache_files()
    entry.unlink()
    [orphan] = Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain")
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("38.9", "40.0"), encoding="utf-8")
    invoke(["--data", str(other), "get", "b", "--format", "plain"])  # a store prunes
    assert not orphan.exists()
    assert len(cache_files()) == 1 and len(list(Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain"))) == 1


def test_a_name_that_cannot_be_encoded_is_a_miss_not_a_crash(invoke: Invoke, data_file: Path) -> None:
    from laoshan_cli.cli.cache import read_plain

    invoke(["--data", str(data_file), "get", "b", "--format", "plain"])
    [sidecar] = Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain")
    key = sidecar.read_text().splitlines()[0].split()[-1]
    assert read_plain(key, ["b"]) == [B_PLAIN]
    assert read_plain(key, ["b", "\udcff"]) is None
    assert read_plain(key, ["b\tb"]) is None


def test_the_plain_sidecar_of_another_file_is_never_used(invoke: Invoke, data_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(DATA.replace("38.9", "40.0"), encoding="utf-8")
    mine = invoke(["--data", str(data_file), "get", "b", "--format", "plain"]).stdout
    theirs = invoke(["--data", str(other), "get", "b", "--format", "plain"]).stdout
    first, second = sorted(Path(os.environ["LAOSHAN_CACHE_DIR"]).glob("*.plain"))
    first_text, second_text = first.read_text(), second.read_text()
    first.write_text(second_text)
    second.write_text(first_text)
    assert invoke(["--data", str(data_file), "get", "b", "--format", "plain"]).stdout == mine
    assert invoke(["--data", str(other), "get", "b", "--format", "plain"]).stdout == theirs
