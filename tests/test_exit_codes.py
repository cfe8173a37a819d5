"""Every ExitStatus, reached by running the real command line; and no status without a way to reach it."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke
from processes import FAILING, LAOSHAN, TIMEOUT, environment, laoshan, paused_in_fsync, wait_for

from laoshan_cli.cli.streams import ExitStatus


def ok(tmp: Path) -> tuple[int, bytes]:
    result = laoshan(["validate"], tmp)
    return result.returncode, result.stderr


def check_failed(tmp: Path) -> tuple[int, bytes]:
    (tmp / "fail.yaml").write_text(FAILING, encoding="utf-8")
    result = laoshan(["check", "fail.yaml"], tmp)
    return result.returncode, result.stderr


def bad_input(tmp: Path) -> tuple[int, bytes]:
    result = laoshan(["get", "no_such_name"], tmp)
    return result.returncode, result.stderr


UNDECIDABLE = """
figures:
  x: {value: 1.5}
  y: {value: 1.5}
checks:
  - {name: x below y, assert: x < y}
  - {name: y below x, assert: y < x}
"""


def undecided(tmp: Path) -> tuple[int, bytes]:
    """No values make x < y < x, which intervals cannot see: the search runs out of work."""
    (tmp / "loop.yaml").write_text(UNDECIDABLE, encoding="utf-8")
    result = laoshan(["--data", "loop.yaml", "--limit", "max_consistency_work=500", "consistent"], tmp)
    return result.returncode, result.stderr


def internal_error(tmp: Path) -> tuple[int, bytes]:
    """A bug, made on purpose: the engine's evaluation raises what no code expects."""
    script = (
        "import sys; from laoshan_cli.core import engine\n"
        "def broken(*args, **kwargs): raise RuntimeError('planted bug')\n"
        "engine.Engine.items = broken\n"
        "from laoshan_cli.cli.app import main; main(sys.argv[1:])\n"
    )
    result = subprocess.run(
        [os.path.join(os.path.dirname(LAOSHAN), "python"), "-c", script, "--no-cache", "metrics"],
        cwd=tmp,
        env=environment(tmp),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return result.returncode, result.stderr


def output_error(tmp: Path) -> tuple[int, bytes]:
    with open("/dev/full", "wb") as full:
        result = laoshan(["metrics"], tmp, stdout=full)
    return result.returncode, result.stderr


def signalled(number: int) -> Callable[[Path], tuple[int, bytes]]:
    def run(tmp: Path) -> tuple[int, bytes]:
        process, ready = paused_in_fsync(["--no-cache", "snapshot", "-o", "out.json"], tmp)
        try:
            assert wait_for(ready) == b"!"
            process.send_signal(number)
            _, stderr = process.communicate(timeout=TIMEOUT)
        finally:
            os.close(ready)
        return process.returncode, stderr

    return run


def broken_pipe(tmp: Path) -> tuple[int, bytes]:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = laoshan(["metrics"], tmp, stdout=write_end)
    finally:
        os.close(write_end)
    return result.returncode, result.stderr


WAYS: dict[ExitStatus, tuple[Callable[[Path], tuple[int, bytes]], str | None]] = {
    ExitStatus.OK: (ok, None),
    ExitStatus.CHECK_FAILED: (check_failed, None),
    ExitStatus.BAD_INPUT: (bad_input, "error: no figure or metric named 'no_such_name'"),
    ExitStatus.UNDECIDED: (undecided, None),
    ExitStatus.INTERNAL_ERROR: (internal_error, "error: internal error (RuntimeError: planted bug)"),
    ExitStatus.OUTPUT_ERROR: (output_error, "error: cannot write output"),
    ExitStatus.INTERRUPTED: (signalled(signal.SIGINT), "error: interrupted"),
    ExitStatus.BROKEN_PIPE: (broken_pipe, None),
    ExitStatus.TERMINATED: (signalled(signal.SIGTERM), "error: terminated"),
}


def test_every_status_has_a_way_to_reach_it() -> None:
    assert set(WAYS) == set(ExitStatus)
    assert sorted(int(s) for s in ExitStatus) == [0, 1, 2, 3, 70, 74, 130, 141, 143]


@pytest.mark.parametrize("status", list(ExitStatus), ids=[s.name for s in ExitStatus])
def test_the_real_command_line_exits_with(tmp_path: Path, status: ExitStatus) -> None:
    way, message = WAYS[status]
    code, stderr = way(tmp_path)
    assert code == int(status), stderr
    text = stderr.decode()
    assert "Traceback" not in text
    if message is None:
        assert text == ""
    else:
        assert text.strip().startswith(message) and text.strip().count("\n") == 0, text


def test_keyboard_interrupt_anywhere_in_a_command_is_130_and_end_of_input_is_2(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """click turns both into Abort; only Ctrl-C is an interruption."""
    from laoshan_cli.cli.session import Session

    for raised, status, line in ((KeyboardInterrupt, 130, "error: interrupted"), (EOFError, 2, "error: aborted")):

        def failing(self: Session, raised: type[BaseException] = raised) -> None:
            raise raised

        monkeypatch.setattr(Session, "checks", failing)
        result = invoke(["check"])
        assert (result.exit_code, result.stdout, result.stderr.strip()) == (status, "", line)
