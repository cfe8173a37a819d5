"""Session: which file, which options, and results from the cache or the engine (the same either way)."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import SHIPPED, Invoke

from laoshan_cli.cli.cache import CacheFolder
from laoshan_cli.cli.session import Session
from laoshan_cli.core.engine import Engine
from laoshan_cli.core.errors import LaoshanError
from laoshan_cli.core.limits import Limits
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
A = Fraction("38.9")
B = A / (1 + Fraction("2.6") / 100)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


def session(path: Path | None, *, overrides: list[tuple[str, str]] | None = None, use_cache: bool = True) -> Session:
    return Session(None if path is None else str(path), overrides or [], [], Output(), use_cache=use_cache)


def entries() -> list[Path]:
    return sorted((Path(os.environ["LAOSHAN_CACHE_DIR"]) / "laoshan-results").glob("*.entry"))


def forbid_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("evaluated")

    monkeypatch.setattr(Engine, "__init__", refuse)


def test_path_is_the_given_file_else_the_shipped_one(data_file: Path) -> None:
    assert session(data_file).path() == str(data_file)
    assert Path(session(None).path()).resolve() == SHIPPED.resolve()


def test_limits_apply_the_pairs() -> None:
    one = Session(None, [], [("max_depth", "20")], Output())
    assert one.limits() == Limits()._replace(max_depth=20)
    with pytest.raises(LaoshanError, match="unknown limit"):
        Session(None, [], [("nosuch", "1")], Output()).limits()


def test_engine_is_real_and_made_once(data_file: Path) -> None:
    one = session(data_file)
    engine = one.engine()
    assert isinstance(engine, Engine) and one.engine() is engine
    assert engine.items(["b"])[0].value == B


def test_results_are_exact_with_the_cache_on_or_off(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for use_cache in (False, True, True):  # off, then a miss that fills the cache, then a hit
        one = session(data_file, use_cache=use_cache)
        [a, b] = one.items(["a", "b"])
        assert (a.value, b.value) == (A, B)
        assert a.bounds.lo <= a.value <= a.bounds.hi and b.bounds.lo <= b.value <= b.bounds.hi
        assert [item.name for item in one.all_of_kind("figure")] == ["a", "g"]
        assert [item.name for item in one.all_of_kind("metric")] == ["b"]
        assert [(check.name, check.status) for check in one.checks()] == [("grew", "pass")]
    assert len(entries()) == 1
    forbid_evaluation(monkeypatch)
    hit = session(data_file)
    assert [item.value for item in hit.items(["b", "a"])] == [B, A]
    assert hit.checks()[0].status == "pass"


def test_the_key_covers_content_overrides_and_limits(data_file: Path, tmp_path: Path) -> None:
    base = session(data_file).key()
    assert len(base) == 64 and base == session(data_file).key()
    assert session(data_file, overrides=[("g", "5.0")]).key() != base
    assert session(data_file, overrides=[("g", "5.0")]).key() != session(data_file, overrides=[("g", "5.1")]).key()
    assert Session(str(data_file), [], [("max_depth", "20")], Output()).key() != base
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(data_file.read_bytes())
    assert session(copy).key() == base  # the key is the content, not the path
    copy.write_bytes(data_file.read_bytes() + b"\n")
    assert session(copy).key() != base


def test_overrides_are_cached_under_their_own_key(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g5 = A / (1 + Fraction("5.0") / 100)
    assert session(data_file, overrides=[("g", "5.0")]).items(["b"])[0].value == g5
    assert session(data_file).items(["b"])[0].value == B
    assert len(entries()) == 2
    forbid_evaluation(monkeypatch)
    assert session(data_file, overrides=[("g", "5.0")]).items(["b"])[0].value == g5


def test_for_file_keeps_the_options_and_the_folder(data_file: Path, tmp_path: Path) -> None:
    parent = Session(str(data_file), [("g", "1")], [("max_depth", "20")], Output(), use_cache=False)
    child = parent.for_file(str(tmp_path / "other.yaml"))
    assert (child.data, child.overrides, child.limit_pairs, child.use_cache) == (
        str(tmp_path / "other.yaml"),
        [("g", "1")],
        [("max_depth", "20")],
        False,
    )
    assert child.folder is parent.folder  # one check, and one warning, per run
    assert session(data_file).for_file(str(data_file)).use_cache


def test_plain_values_come_from_a_warm_cache_only(data_file: Path) -> None:
    assert session(data_file).plain_values(["b"]) is None  # cold: it never evaluates
    assert not (Path(os.environ["LAOSHAN_CACHE_DIR"]) / "laoshan-results").exists()  # and never writes
    session(data_file).checks()  # fills the cache
    assert session(data_file).plain_values(["b", "a"]) == [repr(float(B)), repr(float(A))]
    assert session(data_file).plain_values(["b", "nosuch"]) is None
    assert session(data_file, use_cache=False).plain_values(["b"]) is None


def test_a_damaged_entry_is_rebuilt_by_the_read_that_finds_it(data_file: Path) -> None:
    session(data_file).checks()
    [entry] = entries()
    good = entry.read_bytes()
    entry.write_bytes(good.replace(b"pass", b"fail"))
    one = session(data_file)
    assert one.checks()[0].status == "pass"
    assert entry.read_bytes() == good
    assert one.plain_values(["b"]) == [repr(float(B))]


def test_an_unusable_folder_means_no_cache_and_one_warning(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chmod(os.environ["LAOSHAN_CACHE_DIR"], 0o777)
    shared = CacheFolder()
    for _ in range(3):
        one = Session(str(data_file), [], [], Output(), folder=shared)
        assert one.items(["b"])[0].value == B
        assert one.plain_values(["b"]) is None
    assert capsys.readouterr().err.count("warning: not using the results cache: group or others can write") == 1
    assert CacheFolder(quiet=True).path(create=True) is None
    assert capsys.readouterr().err == ""
    assert entries() == []


def test_completion_never_warns(invoke: Invoke, data_file: Path) -> None:
    os.chmod(os.environ["LAOSHAN_CACHE_DIR"], 0o777)
    words = f"laoshan --data {data_file} get "
    result = invoke(
        [],
        env={"_LAOSHAN_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)},
    )
    assert result.exit_code == 0 and result.stderr == ""
    assert {line.split(",", 1)[1] for line in result.stdout.splitlines()} == {"a", "g", "b"}


def test_a_store_that_fails_is_not_an_error(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    assert CacheFolder().path(create=True) is not None
    monkeypatch.setattr("laoshan_cli.loading.files.atomic_write", broken)
    assert session(data_file).items(["b"])[0].value == B
    assert entries() == []
