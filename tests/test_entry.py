"""The entry's shortcut for `get ... --format plain`: used when the cache is warm, identical to the full path."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoshan_cli.cli.entry import shortcut

DATA = """\
figures:
  a: {value: 38.9, unit: billion CNY}
  g: {value: 2.6, unit: percent}
metrics:
  b: {formula: a / (1 + g), unit: billion CNY}
  huge: {formula: 10 ** 60 * 10 ** 60 * 10 ** 60 * 10 ** 60 * 10 ** 60 * 10 ** 60 * a, unit: billion CNY}
"""
# As `--format plain` prints them: the float nearest each exact value.
PLAIN = {
    "a": repr(float(Fraction("38.9"))),
    "g": repr(float(Fraction("2.6"))),
    "b": repr(float(Fraction("38.9") / (1 + Fraction("2.6") / 100))),
}


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture
def warm(invoke: Invoke, data_file: Path) -> Path:
    assert invoke(["--data", str(data_file), "get", "a", "--format", "plain"]).exit_code == 0
    return data_file


def test_a_cold_cache_is_left_to_the_full_path(data_file: Path) -> None:
    assert shortcut(["--data", str(data_file), "get", "b", "--format", "plain"]) is None
    assert not list(Path(os.environ["LAOSHAN_CACHE_DIR"]).iterdir())  # it evaluated nothing


def test_a_bad_file_is_read_once_and_reported_by_the_full_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("figures:\n  a: {value: 38.9.1, unit: CNY}\n", encoding="utf-8")
    code = (
        "import sys\n"
        f"sys.argv = ['laoshan', '--data', {str(bad)!r}, 'get', 'a', '--format', 'plain']\n"
        "import laoshan_cli.loading.loader as loader\n"
        "calls = []\n"
        "original = loader.load_bytes\n"
        "loader.load_bytes = lambda *a, **k: calls.append(1) or original(*a, **k)\n"
        "from laoshan_cli.cli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    print(exit.code, len(calls), file=sys.stderr)\n"
    )
    result = subprocess_run(code, tmp_path)
    message, status = result.stderr.splitlines()
    assert message.startswith(f"error: {bad}:2:") and status == "2 1"


@pytest.mark.parametrize(
    "shape",
    [
        ["--data", "{f}", "get", "b", "--format", "plain"],
        ["--data={f}", "get", "b", "a", "g", "--format=plain"],
        ["--data", "{f}", "get", "--format", "plain", "b", "b"],
        ["--data", "{f}", "get", "a", "--format", "plain", "g"],
    ],
)
def test_the_shapes_it_answers_match_the_full_path(invoke: Invoke, warm: Path, shape: list[str]) -> None:
    args = [part.format(f=warm) for part in shape]
    names = [part for part in args[args.index("get") + 1 :] if part.isidentifier() and part != "plain"]
    expected = "".join(PLAIN[name] + "\n" for name in names)
    assert shortcut(args) == expected
    full = invoke(args)
    assert (full.exit_code, full.stdout) == (0, expected)


def test_laoshan_data_from_the_environment(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAOSHAN_DATA", str(warm))
    assert shortcut(["get", "b", "--format", "plain"]) == PLAIN["b"] + "\n"


@pytest.mark.parametrize(
    "shape",
    [
        ["--data", "{f}", "--no-cache", "get", "b", "--format", "plain"],
        ["--data", "{f}", "--set", "a=40", "get", "b", "--format", "plain"],
        ["--data", "{f}", "get", "b", "--format", "plain", "--unit", "million CNY"],
        ["--data", "{f}", "get", "b", "--format", "json"],
        ["--data", "{f}", "get", "b"],
        ["--data", "{f}", "get", "--format", "plain"],
        ["--data", "{f}", "get", "b", "--format", "plain", "--format", "json"],
        ["--data", "{f}", "get", "nosuch", "--format", "plain"],
        ["--data", "{f}", "get", "huge", "--format", "plain"],  # past the float range: an error
        ["--data", "{f}", "get", "b", "--", "--format", "plain"],
        ["--data", "{f}", "get", "b", "--format", "plain", "--help"],
        ["--data", "", "get", "b", "--format", "plain"],
        ["--data", "{f}.missing", "get", "b", "--format", "plain"],
        ["--data", "{f}", "metrics", "--format", "plain"],
        ["--traceback", "--data", "{f}", "get", "b", "--format", "plain"],
    ],
)
def test_anything_else_is_left_to_the_full_path(warm: Path, shape: list[str]) -> None:
    assert shortcut([part.format(f=warm) for part in shape]) is None


WORDS = ["get", "a", "b", "g", "huge", "nosuch", "plain", "json"]
TOKENS = st.sampled_from([*WORDS, "--format", "--format=plain", "--data", "--no-cache", "--"])


def test_a_completion_request_is_left_to_click(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LAOSHAN_COMPLETE", "bash_complete")
    assert shortcut(["--data", str(warm), "get", "b", "--format", "plain"]) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(TOKENS, max_size=7))
def test_whatever_it_answers_the_full_path_answers_too(invoke: Invoke, warm: Path, tokens: list[str]) -> None:
    args = ["--data", str(warm), *tokens]
    quick = shortcut(args)
    if quick is not None:
        full = invoke(args)
        assert (full.exit_code, full.stdout, full.stderr) == (0, quick, "")


def subprocess_run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAOSHAN_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)


def test_the_entry_answers_without_click_once_warm(data_file: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['laoshan', '--data', {str(data_file)!r}, 'get', 'b', '--format', 'plain']\n"
        "from laoshan_cli.cli.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    print(exit.code, 'click' in sys.modules, file=sys.stderr)\n"
    )
    cold = subprocess_run(code, tmp_path)
    assert (cold.stdout, cold.stderr) == (PLAIN["b"] + "\n", "0 True\n")
    warm = subprocess_run(code, tmp_path)
    assert (warm.stdout, warm.stderr) == (PLAIN["b"] + "\n", "0 False\n")


def test_errors_still_come_from_the_full_path(warm: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "laoshan_cli", "--data", str(warm), "get", "nosuch", "--format", "plain"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "nosuch" in result.stderr and result.stderr.count("\n") == 1


def test_a_gone_reader_is_exit_141_on_the_shortcut_too(warm: Path) -> None:
    args = [sys.executable, "-m", "laoshan_cli", "--data", str(warm), "get", "b", "--format", "plain"]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(args, stdout=write_end, stderr=subprocess.PIPE, check=False)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, b"")


def test_a_closed_stdout_is_exit_74_on_the_shortcut_too(warm: Path) -> None:
    command = f'exec "{sys.executable}" -m laoshan_cli --data "{warm}" get b --format plain >&-'
    result = subprocess.run(["sh", "-c", command], stderr=subprocess.PIPE, text=True, check=False)
    assert result.returncode == 74
    assert result.stderr.startswith("error: cannot write output") and result.stderr.count("\n") == 1


def test_a_piped_data_file_is_left_to_the_full_path(data_file: Path, tmp_path: Path) -> None:
    """A pipe can be read once: the shortcut must not drain it before the full path reads it."""
    args = [sys.executable, "-m", "laoshan_cli", "--data", "/dev/stdin", "get", "b", "--format", "plain"]
    env = {**os.environ, "LAOSHAN_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # a cold cache, then a warm one
        result = subprocess.run(args, input=DATA, capture_output=True, text=True, env=env, check=False)
        assert (result.returncode, result.stdout, result.stderr) == (0, PLAIN["b"] + "\n", "")


def test_an_interrupt_in_the_shortcut_is_reported_as_the_full_path_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from laoshan_cli.cli import entry

    def interrupted(args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(entry, "shortcut", interrupted)
    monkeypatch.setattr(sys, "argv", ["laoshan", "get", "b", "--format", "plain"])
    with pytest.raises(SystemExit) as exiting:
        entry.main()
    assert exiting.value.code == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_an_unsafe_cache_folder_is_left_to_the_full_path_which_warns_once(
    warm: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_dir = Path(os.environ["LAOSHAN_CACHE_DIR"])
    cache_dir.chmod(0o777)
    args = ["--data", str(warm), "get", "b", "--format", "plain"]
    assert shortcut(args) is None
    assert capsys.readouterr().err == ""  # the shortcut says nothing: the full path that follows does
    result = subprocess.run(
        [sys.executable, "-m", "laoshan_cli", *args], capture_output=True, text=True, check=False, env=dict(os.environ)
    )
    assert (result.returncode, result.stdout) == (0, PLAIN["b"] + "\n")
    assert result.stderr.startswith("warning: not using the results cache: ") and result.stderr.count("\n") == 1


def test_the_shortcut_answers_only_from_a_verified_entry(warm: Path) -> None:
    [entry] = (Path(os.environ["LAOSHAN_CACHE_DIR"]) / "laoshan-results").glob("*.entry")
    args = ["--data", str(warm), "get", "b", "--format", "plain"]
    assert shortcut(args) == PLAIN["b"] + "\n"
    entry.write_bytes(entry.read_bytes().replace(PLAIN["b"].encode(), b"1.5"))
    assert shortcut(args) is None
