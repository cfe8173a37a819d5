"""Running the installed `laoshan` as a real process, for the tests of output files, signals and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

LAOSHAN = str(Path(sys.executable).parent / "laoshan")
TIMEOUT = 30  # seconds: a hang guard, not a timing assertion


def environment(tmp: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without laoshan's settings, and a private cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAOSHAN_") and k not in ("NO_COLOR", "COLUMNS")}
    env["LAOSHAN_CACHE_DIR"] = str(tmp / "cache")
    env.update(extra)
    return env


def laoshan(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    """`laoshan ARGS` in `cwd`, output captured unless `options` say where it goes."""
    settings: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    settings.update(options)
    return subprocess.run(
        [LAOSHAN, *args], cwd=cwd, env=env or environment(cwd), timeout=TIMEOUT, check=False, **settings
    )


def big_data(path: Path, figures: int = 1500) -> Path:
    """A valid data file whose snapshot is far bigger than a pipe's buffer (64 KiB on Linux)."""
    lines = ["figures:"]
    for number in range(figures):
        lines += [f"  figure_{number}:", f"    value: {number}.5", "    unit: CNY"]
    lines += ["metrics:", "  total:", "    formula: figure_0 + figure_1", "    unit: CNY"]
    lines += ["checks:", "  - name: total is positive", "    assert: total > 0 [CNY]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FAILING = """\
figures:
  a:
    value: 2
    unit: CNY
metrics:
  twice:
    formula: a * 2
    unit: CNY
checks:
  - name: twice is small
    assert: twice < 1 [CNY]
  - name: twice is positive
    assert: twice > 0 [CNY]
"""

# A `laoshan` process that stops inside the atomic writer, with its temporary
# file written and not yet renamed: os.fsync is wrapped to report the moment
# on fd READY and then to wait for the signal that the test sends.
PAUSED_IN_FSYNC = """\
import os, sys, time
ready = int(os.environ.pop("TEST_READY_FD"))
real_fsync = os.fsync
def paused(fd):
    real_fsync(fd)
    os.write(ready, b"!")
    os.close(ready)
    time.sleep(60)
os.fsync = paused
sys.argv = ["laoshan", *sys.argv[1:]]
from laoshan_cli.cli.entry import main
main()
"""


def paused_in_fsync(args: list[str], cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start `laoshan ARGS` paused as PAUSED_IN_FSYNC says; returns it and the fd to wait on."""
    read_end, write_end = os.pipe()
    env = environment(cwd, TEST_READY_FD=str(write_end))
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_IN_FSYNC, *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    return process, read_end


def wait_for(fd: int) -> bytes:
    """One byte from `fd`, or b"" if its writer went away first; a hang guard keeps it bounded."""
    import select

    ready, _, _ = select.select([fd], [], [], TIMEOUT)
    assert ready, f"no sign within {TIMEOUT} s"
    return os.read(fd, 1)
