"""Reading data files, and writing files so that a crash can never leave one half-written."""

from __future__ import annotations

import contextlib
import os
from typing import BinaryIO

from laoshan_cli.core.errors import DataError, LimitError, Location, UsageError
from laoshan_cli.core.limits import Limits


def read_file(path: str, limits: Limits) -> bytes:
    """The bytes of a data file, or a DataError a person can act on."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_file_bytes:
            raise LimitError(
                f"file is {size} bytes",
                Location(path),
                f"limit max_file_bytes is {limits.max_file_bytes}; raise it with --limit max_file_bytes=N",
            )
        with open(path, "rb") as handle:
            return read_at_most(handle, limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise DataError("no such data file", Location(path), "give one with --data FILE or LAOSHAN_DATA") from None
    except IsADirectoryError:
        raise DataError("is a directory, not a data file", Location(path)) from None
    except OSError as error:
        raise DataError(f"cannot read the file: {error.strerror or error}", Location(path)) from None


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, read in chunks: read(limit) would set aside `limit` bytes first."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def atomic_write(path: str, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same
    directory, fsynced, then moved over `path` with os.replace.

    Readers see the old file or the new one, never a mix. A failure is a
    UsageError that names the file, and leaves no temporary file behind.
    """
    import tempfile

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
