"""Ctrl-C and SIGTERM while an output file is being written: exit 130 and 143, and nothing left behind.

Each test stops a real `laoshan` at a known point of the write, then sends
the signal: either inside the atomic writer, between writing the temporary
file and renaming it (os.fsync is wrapped to report and wait there), or
inside a write to a FIFO whose reader has taken only the first bytes.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from processes import LAOSHAN, TIMEOUT, big_data, environment, paused_in_fsync, wait_for

SIGNALS = [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
IDS = ["SIGINT", "SIGTERM"]


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".laoshan-"))


@pytest.mark.parametrize(("number", "status", "word"), SIGNALS, ids=IDS)
@pytest.mark.parametrize("command", [["snapshot", "-o", "out.file"], ["check", "--junit", "out.file"]])
def test_a_signal_between_write_and_rename_removes_the_temporary_file(
    tmp_path: Path, number: int, status: int, word: str, command: list[str]
) -> None:
    target = tmp_path / "out.file"
    target.write_bytes(b"old")
    process, ready = paused_in_fsync(["--no-cache", *command], tmp_path)
    try:
        assert wait_for(ready) == b"!", process.communicate(timeout=TIMEOUT)
        [temporary] = temporaries(tmp_path)  # mid-write: the new bytes are in a temporary file
        assert (tmp_path / temporary).stat().st_size > 100
        process.send_signal(number)
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        os.close(ready)
        if process.poll() is None:
            process.kill()
    assert process.returncode == status
    assert stderr.decode().strip() == f"error: {word}"
    assert stdout == b""
    assert temporaries(tmp_path) == []
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize(("number", "status", "word"), SIGNALS, ids=IDS)
def test_a_signal_while_a_fifo_is_half_written(tmp_path: Path, number: int, status: int, word: str) -> None:
    """The installed command, unmodified: the FIFO's reader takes 4 KiB of a 400 KB snapshot and waits."""
    big_data(tmp_path / "big.yaml")
    fifo = tmp_path / "snap.fifo"
    os.mkfifo(fifo)
    with subprocess.Popen(
        [LAOSHAN, "--data", "big.yaml", "snapshot", "-o", "snap.fifo"],
        cwd=tmp_path,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        reader = os.open(fifo, os.O_RDONLY)  # blocks until laoshan opens it for writing
        try:
            first = os.read(reader, 4096)
            assert first.startswith(b"{\n")  # laoshan is inside its write, and the pipe is full
            process.send_signal(number)
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        finally:
            os.close(reader)
    assert process.returncode == status
    assert stderr.decode().strip() == f"error: {word}"
    assert stdout == b""
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["big.yaml", "cache", "snap.fifo"]


def test_a_second_sigterm_does_not_cut_the_cleanup_short(tmp_path: Path) -> None:
    target = tmp_path / "out.file"
    process, ready = paused_in_fsync(["--no-cache", "snapshot", "-o", "out.file"], tmp_path)
    try:
        assert wait_for(ready) == b"!"
        process.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=TIMEOUT)
    finally:
        os.close(ready)
    assert process.returncode == 143
    assert temporaries(tmp_path) == [] and not target.exists()


def test_run_restores_the_sigterm_handler_it_replaced() -> None:
    """The in-process API (and the test runner) keep their own SIGTERM handling after a run."""
    from laoshan_cli.cli.app import run

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("not expected to be called")

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        assert run(["--version"]) == 0
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_an_ignored_sigterm_stays_ignored(tmp_path: Path) -> None:
    """Whoever started laoshan with SIGTERM ignored chose that; laoshan keeps it."""
    script = (
        "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        "from laoshan_cli.cli.app import _catch_sigterm; _catch_sigterm();"
        "print(signal.getsignal(signal.SIGTERM) == signal.SIG_IGN)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.stdout == b"True\n", result.stderr
