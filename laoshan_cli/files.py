"""Writing files so that a crash can never leave one half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile

from .errors import Location, UsageError


def atomic_write(path: str, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same
    directory, fsynced, then moved over `path` with os.replace.

    Readers see the old file or the new one, never a mix. A failure is a
    UsageError that names the file, and leaves no temporary file behind.
    """
    directory = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".laoshan-", suffix=".tmp", dir=directory)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise UsageError(f"cannot write the file: {error.strerror or error}", Location(path)) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
