"""The process entry: shell loops' one query answered without click, else the full command line.

`laoshan [--data FILE] get NAME... --format plain` is what a shell loop runs
again and again, and importing click is most of its cost once the cache is
warm. So that exact shape, and nothing else, is answered here from the
verified cache entry (Session.plain_values, the one plain-value path). Any
other argument, any miss and any error returns None, and the full command
line runs and answers (or reports) as it always does. Only a regular data file is read here, since a pipe can be read
once. tests/test_entry.py checks that both give the same output.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from typing import NoReturn

from laoshan_cli.core.names import is_name

from .streams import ExitStatus, Outcome, fail, write


def main() -> NoReturn:
    """The console script and `python -m laoshan_cli`."""
    args = sys.argv[1:]
    try:
        text = shortcut(args)
    except KeyboardInterrupt:  # as the full path reports it
        sys.exit(fail("interrupted", ExitStatus.INTERRUPTED))
    if text is not None:
        sys.exit(write(Outcome(text)))
    from .app import main as full

    full(args)


def shortcut(args: Sequence[str]) -> str | None:
    """The plain output of a warm `get ... --format plain`, or None to take the full path."""
    request = _parse(args)
    if request is None:
        return None
    data, names = request
    try:
        from laoshan_cli.output.terminal import Output

        from .session import Session

        session = Session(data, [], [], Output())
        # Only a regular file: reading a pipe or /dev/stdin here would leave nothing for the full path.
        if not stat.S_ISREG(os.stat(session.path()).st_mode):
            return None
        values = session.plain_values(names)
    except Exception:  # noqa: BLE001 - the full path meets the same problem and reports it
        return None
    if values is None:
        return None
    return "".join(f"{value}\n" for value in values)


def _parse(args: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """(data file, names) when args are exactly `[--data FILE] get NAME... --format plain`."""
    if "_LAOSHAN_COMPLETE" in os.environ:  # a shell-completion request is click's to answer
        return None
    rest = list(args)
    data: str | None = None
    if rest and rest[0] == "--data" and len(rest) >= 2:
        data, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--data="):
        data, rest = rest[0].removeprefix("--data="), rest[1:]
    if data is not None and (not data or data.startswith("-")):
        return None
    if data is None:
        data = os.environ.get("LAOSHAN_DATA") or None
    if not rest or rest[0] != "get":
        return None
    rest = rest[1:]
    if "--format=plain" in rest:
        rest.remove("--format=plain")
    elif "--format" in rest:
        at = rest.index("--format")
        if rest[at + 1 : at + 2] != ["plain"]:
            return None
        del rest[at : at + 2]
    else:
        return None
    if not rest or not all(is_name(name) for name in rest):
        return None
    return data, rest
