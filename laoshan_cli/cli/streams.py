"""The edge of the process: exit statuses, and writing to stdout and stderr.

Nothing here imports click, so the shell-loop shortcut (entry.py) and the full
command line (app.py) end a run the same way.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import IntEnum
from typing import NamedTuple


class ExitStatus(IntEnum):
    """Every exit status laoshan uses; the README lists them."""

    OK = 0
    CHECK_FAILED = 1  # a check failed (or was uncertain under --strict)
    BAD_INPUT = 2  # bad usage or bad data: unknown name, invalid file, formula error
    UNDECIDED = 3  # consistent ran out of its work budget before deciding
    INTERNAL_ERROR = 70  # a bug in laoshan
    OUTPUT_ERROR = 74  # stdout or an output file could not be written: disk full, closed
    INTERRUPTED = 130  # Ctrl-C (SIGINT), as a shell reports 128 + 2
    BROKEN_PIPE = 141  # the reader went away (| head); quiet, like a shell's SIGPIPE
    TERMINATED = 143  # SIGTERM, as a shell reports 128 + 15


class Outcome(NamedTuple):
    """What a command prints and how it exits."""

    text: str
    status: ExitStatus = ExitStatus.OK
    warnings: tuple[str, ...] = ()  # one line each on stderr, before the text


def write(outcome: Outcome) -> int:
    """Write a command's warnings to stderr and its output to stdout, turning stream failures into exit statuses."""
    for message in outcome.warnings:
        warn(message)
    stream = sys.stdout
    if stream is None:
        return fail("cannot write output: standard output is closed", ExitStatus.OUTPUT_ERROR)
    try:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        data = outcome.text.encode(encoding, errors="replace")
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode(encoding))
            stream.flush()
        else:
            stream.flush()
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        return quiet_broken_pipe()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        silence_stdout()
        return fail(f"cannot write output: {reason}", ExitStatus.OUTPUT_ERROR)
    return int(outcome.status)


def quiet_broken_pipe() -> int:
    silence_stdout()
    return ExitStatus.BROKEN_PIPE


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def one_line(message: str, limit: int = 400) -> str:
    """Whatever a message holds (a library's, or echoed input), it prints as one short, inert line.

    Messages echo names, paths and file content, so they pass through the
    one sanitizer: newlines and tabs become spaces, and every other control,
    bidi or zero-width character an escape such as \\x1b. Backslashes stay:
    messages quote names with repr, which has escaped them already.
    """
    from laoshan_cli.output.sanitize import visible  # here: the shell-loop shortcut never needs it

    text = " ".join(visible(message, keep="\t\n", backslashes=False).split())
    if len(text) > limit:
        text = text[: limit - 60] + " ... " + text[-50:]
    return text


def _stderr_line(prefix: str, message: str) -> None:
    """`prefix: message` as one inert line on stderr, in characters its encoding can show."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stream = sys.stderr
        if stream is not None:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            stream.write(f"{prefix}: {one_line(message)}\n".encode(encoding, errors="replace").decode(encoding))
            stream.flush()


def warn(message: str) -> None:
    """One line on stderr that does not change the exit status."""
    _stderr_line("warning", message)


def fail(message: str, status: ExitStatus) -> int:
    """One line on stderr."""
    _stderr_line("error", message)
    return int(status)
