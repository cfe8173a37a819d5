"""Malformed and hostile input: laoshan must exit 2 with one short line on stderr.

The corpus lives in tests/bad_inputs/: one file per case, described in
cases.json, plus generate.py for the cases too big or too binary to commit.
Every case must end with the expected exit status, a message that says what
is wrong (and where, as FILE:LINE:COL), exactly one line on stderr, no
traceback and nothing on stdout. Every case runs in this process through the
console script's own entry (`entry.main`), and again as a real subprocess of
the installed `laoshan`, the way a user or a CI job meets it: all of them in
the thorough profile (LAOSHAN_TEST_PROFILE=thorough, as .ci/run runs), a
fixed sample of them in the quick default, since starting an interpreter is
most of a case's cost. The timeouts only guard against hangs; nothing here
measures time.

The stream tests at the end check the edges of output: a reader that goes
away, a full disk, a closed stdout, an encoding without the typographic
symbols, and colour only where it belongs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import select
import signal
import subprocess
import sys
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner
from conftest import THOROUGH

from laoshan_cli.cli import entry

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = CORPUS / "cases.json"
TOOLS = {"cases.json", "generate.py"}
LAOSHAN = str(Path(sys.executable).parent / "laoshan")
TIMEOUT = 10  # seconds: a hang guard, not a timing assertion
MAX_LINE = 500  # "one short line": no message should need more
MIN_CASES = 90

CASES: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))["cases"]
# The quick profile's subprocess sample: a fixed share of the cases, chosen by a hash of the id
# (so that adding a case leaves the others' choice alone), and every generated case, the big and
# binary ones where a real process's memory, stack and byte-level argv matter most.
SAMPLE_SHARE = 8
PROCESS_CASES = [c for c in CASES if THOROUGH or c.get("generated") or zlib.crc32(c["id"].encode()) % SAMPLE_SHARE == 0]


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bad_inputs_generate", CORPUS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory holding the generated cases, written once per test run."""
    directory = tmp_path_factory.mktemp("bad_inputs")
    load_generator().write_all(directory)
    return directory


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without laoshan's settings, and a private cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAOSHAN_") and k not in ("NO_COLOR", "COLUMNS")}
    env["LAOSHAN_CACHE_DIR"] = str(tmp / "cache")
    env.update(extra)
    return env


def run(args: list[str], tmp: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [LAOSHAN, *args],
            cwd=tmp,
            env=environment(tmp, **env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: no exit within {TIMEOUT} s: {shown(args)}")


def shown(args: list[str]) -> str:
    """The command line for a failure message, with long arguments cut short."""
    parts = [a if len(a) <= 80 else f"{a[:40]}...<{len(a)} characters>" for a in args]
    return "laoshan " + " ".join(repr(p) if not p.isprintable() or " " in p or not p else p for p in parts)


def case_path(case: dict[str, Any], generated: Path) -> Path | None:
    if "file" not in case:
        return None
    return (generated if case.get("generated") else CORPUS) / case["file"]


def command(case: dict[str, Any], path: Path | None) -> list[str]:
    args: list[str] = case.get("args", ["validate", "{file}"])
    text = ""
    if path is not None and any("{text}" in a for a in args):
        text = path.read_text(encoding="utf-8").rstrip("\n")
    return [a.replace("{file}", str(path)).replace("{text}", text) for a in args]


class Outcome(NamedTuple):
    """How one case ended; `status` is None when it did not end within TIMEOUT."""

    args: list[str]
    path: Path | None
    cwd: Path
    status: int | None
    stdout: str
    stderr: str


def execute(case: dict[str, Any], generated: Path, cwd: Path) -> Outcome:
    path = case_path(case, generated)
    args = command(case, path)
    try:
        result = subprocess.run(
            [LAOSHAN, *args],
            cwd=cwd,
            env=environment(cwd),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        partial = (expired.stdout or b"", expired.stderr or b"")
        return Outcome(args, path, cwd, None, *(part.decode("utf-8", "replace") for part in partial))
    return Outcome(
        args,
        path,
        cwd,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


class Hang(BaseException):
    """Raised by the in-process hang guard; a BaseException, so that no handler in laoshan catches it."""


@contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def execute_in_process(case: dict[str, Any], generated: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """As `execute`, but through the console script's entry in this process: the same code, no start-up."""
    path = case_path(case, generated)
    args = command(case, path)
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "argv", ["laoshan", *args])
    status: int | None = None
    with CliRunner().isolation(env={"LAOSHAN_CACHE_DIR": str(cwd / "cache")}) as streams:
        try:
            with hang_guard(TIMEOUT):
                entry.main()
        except SystemExit as exiting:
            status = exiting.code if isinstance(exiting.code, int) else 1
        except Hang:
            status = None
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = (stream.getvalue().decode("utf-8", "replace") for stream in streams[:2])
    return Outcome(args, path, cwd, status, stdout, stderr)


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, generated: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    """Run every selected case as a subprocess at once: most of the time is interpreter start-up."""
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_bad_input_as_a_process" and hasattr(item, "callspec")
    ]
    workers = max(4, 2 * (os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            case["id"]: pool.submit(execute, case, generated, tmp_path_factory.mktemp(case["id"])) for case in selected
        }
        return {name: future.result() for name, future in futures.items()}


def problems_with(case: dict[str, Any], outcome: Outcome) -> list[str]:
    """Everything wrong with how a case ended, so that one run shows it all."""
    stdout, stderr, expected = outcome.stdout, outcome.stderr, case["exit"]
    problems = []
    if outcome.status is None:
        return [f"hang: no exit within {TIMEOUT} s"]
    if outcome.status != expected:
        problems.append(f"exit status {outcome.status}, expected {expected}")
    if "Traceback" in stdout + stderr:
        problems.append("a traceback was printed")
    if (outcome.cwd / "laoshan-pwned").exists():
        problems.append("the input ran a command")
    if expected == 0:
        if stderr:
            problems.append("stderr is not empty")
        if case.get("stdout", "") not in stdout:
            problems.append(f"stdout lacks {case['stdout']!r}")
        return problems
    if stdout:
        problems.append("stdout is not empty")
    if stderr.count("\n") != 1 or not stderr.endswith("\n"):
        problems.append(f"stderr has {stderr.count(chr(10))} line breaks, expected one line")
    if len(stderr) > MAX_LINE:
        problems.append(f"the message is {len(stderr)} characters long, over {MAX_LINE}")
    if not stderr.startswith("error: "):
        problems.append("the message does not start with 'error: '")
    # The file's own name must not be what matches the fragment.
    message = stderr.replace(str(outcome.path), "FILE") if outcome.path else stderr
    if case.get("stderr", "") not in message:
        problems.append(f"the message lacks {case['stderr']!r}")
    for text in case.get("excludes", []):
        if text in message:
            problems.append(f"the message contains {text!r}")
    if "at" in case:
        # "3:12" pins line and column; "1:" only the line; "" the file name alone.
        place = f"{outcome.path}:{case['at']}" if case["at"] else str(outcome.path)
        prefix = f"error: {place}" if place.endswith(":") else f"error: {place}: "
        if not stderr.startswith(prefix):
            problems.append(f"the message does not start with {prefix!r}")
    return problems


def report(case: dict[str, Any], outcome: Outcome) -> None:
    problems = problems_with(case, outcome)
    if problems:
        pytest.fail(
            f"{case['id']} ({case['why']}): " + "; ".join(problems) + f"\n  command: {shown(outcome.args)}"
            f"\n  exit: {outcome.status}\n  stderr: {outcome.stderr[:2000]!r}\n  stdout: {outcome.stdout[:500]!r}",
            pytrace=False,
        )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case: dict[str, Any], generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report(case, execute_in_process(case, generated, tmp_path, monkeypatch))


@pytest.mark.parametrize("case", PROCESS_CASES, ids=[c["id"] for c in PROCESS_CASES])
def test_bad_input_as_a_process(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    report(case, outcomes[case["id"]])


# -- the corpus itself ---------------------------------------------------------------


def test_the_corpus_has_enough_cases() -> None:
    assert len(CASES) >= MIN_CASES
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert isinstance(case["exit"], int) and case["why"], case["id"]
        assert case["exit"] == 0 or "stderr" in case, case["id"]


def test_every_file_in_the_folder_is_a_case() -> None:
    committed = {p.name for p in CORPUS.iterdir() if p.is_file()} - TOOLS
    used = {c["file"] for c in CASES if "file" in c and not c.get("generated")}
    assert committed == used, f"unused files: {sorted(committed - used)}; missing files: {sorted(used - committed)}"
    generated = {c["file"] for c in CASES if c.get("generated")}
    assert generated == load_generator().names()
    assert not generated & committed


def test_committed_cases_are_small() -> None:
    for path in CORPUS.iterdir():
        if path.is_file() and path.name not in TOOLS:
            assert path.stat().st_size < 100_000, path.name


# -- streams ---------------------------------------------------------------------------


def test_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    """`laoshan metrics | head -1`: no message, no traceback."""
    with subprocess.Popen(
        [LAOSHAN, "metrics"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(tmp_path)
    ) as laoshan:
        assert laoshan.stdout is not None and laoshan.stderr is not None
        head = subprocess.run(["head", "-1"], stdin=laoshan.stdout, capture_output=True, timeout=TIMEOUT, check=False)
        laoshan.stdout.close()
        stderr = laoshan.stderr.read()
        status = laoshan.wait(timeout=TIMEOUT)
    assert head.stdout.count(b"\n") == 1
    assert stderr == b""
    assert status in (0, 141)


def test_a_reader_that_is_gone_gives_exit_141_and_no_message(tmp_path: Path) -> None:
    """The pipe is closed before laoshan writes a byte: the README's exit 141, quietly."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [LAOSHAN, "metrics"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=environment(tmp_path),
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == b""
    assert result.returncode == 141


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_gives_one_line_and_exit_74(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [LAOSHAN, "metrics"],
            stdout=full,
            stderr=subprocess.PIPE,
            env=environment(tmp_path),
            timeout=TIMEOUT,
            check=False,
        )
    stderr = result.stderr.decode()
    assert result.returncode == 74
    assert stderr.startswith("error: cannot write output") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr


def test_a_closed_stdout_gives_one_line_and_exit_74(tmp_path: Path) -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" metrics >&-', LAOSHAN],
        stderr=subprocess.PIPE,
        env=environment(tmp_path),
        timeout=TIMEOUT,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 74
    assert stderr.startswith("error: cannot write output") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr


def latin1_explain(tmp_path: Path) -> tuple[int, str, str]:
    result = run(
        ["explain", "hightech_output_increase_2016"], tmp_path, LANG="C", LC_ALL="C", PYTHONIOENCODING="latin-1"
    )
    return result.returncode, result.stdout.decode("latin-1"), result.stderr.decode("latin-1")


def test_an_encoding_without_the_symbols_gets_ascii_fallbacks(tmp_path: Path) -> None:
    status, stdout, stderr = latin1_explain(tmp_path)
    assert status == 0, stderr
    assert stderr == ""
    assert "hightech_output_increase_2016" in stdout
    for symbol in "±≈→…":
        assert symbol not in stdout
    assert ".." in stdout and "->" in stdout


def test_an_encoding_without_the_symbols_draws_the_tree_in_ascii(tmp_path: Path) -> None:
    """The tree's branches must fall back to ASCII too, not come out as '???'."""
    status, stdout, _ = latin1_explain(tmp_path)
    assert status == 0
    drawn = [line for line in stdout.splitlines() if re.match(r"[ ?]*\?", line)]
    assert not drawn, "\n".join(drawn)


def test_a_pipe_gets_no_colour(tmp_path: Path) -> None:
    for env in ({}, {"NO_COLOR": "1"}):
        result = run(["report"], tmp_path, **env)
        assert result.returncode == 0
        assert b"\x1b" not in result.stdout + result.stderr


def read_terminal(args: list[str], tmp: Path, **env: str) -> tuple[int, bytes]:
    """Run laoshan with stdout on a pseudo-terminal; return its status and output."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    output = b""
    try:
        with subprocess.Popen(
            [LAOSHAN, *args], stdout=secondary, stderr=subprocess.PIPE, env=environment(tmp, **env)
        ) as process:
            os.close(secondary)
            secondary = -1
            while True:
                ready, _, _ = select.select([primary], [], [], TIMEOUT)
                if not ready:
                    process.kill()
                    pytest.fail(f"hang: no output within {TIMEOUT} s: {shown(args)}")
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # EIO: the terminal's other end is closed
                    break
                if not chunk:
                    break
                output += chunk
            status = process.wait(timeout=TIMEOUT)
    finally:
        os.close(primary)
        if secondary >= 0:
            os.close(secondary)
    return status, output


def test_no_color_turns_colour_off_on_a_terminal(tmp_path: Path) -> None:
    status, output = read_terminal(["figures"], tmp_path, TERM="xterm-256color")
    assert status == 0
    assert b"\x1b[" in output, "control: a terminal gets colour, so the pseudo-terminal works"
    status, output = read_terminal(["figures"], tmp_path, NO_COLOR="1", TERM="xterm-256color")
    assert status == 0
    assert b"key_labs" in output
    assert b"\x1b" not in output
