"""Reading data files, and writing files: atomically where a crash could leave one half-written,
directly where the target is a device or a FIFO that must not be replaced."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from typing import BinaryIO

from laoshan_cli.core.errors import DataError, LaoshanError, LimitError, Location, OutputError, UsageError
from laoshan_cli.core.limits import Limits, limit_hint


def require_name(path: str, what: str, hint: str) -> str:
    """`path`, unless it is empty: an unset variable in `laoshan check "$FILE"` must not mean a default."""
    if not path:
        raise UsageError(f"the {what} name is empty", hint=hint)
    return path


def read_file(path: str, limits: Limits) -> bytes:
    """The bytes of a data file, or a DataError a person can act on."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_file_bytes:
            raise LimitError(
                f"file is {size} bytes",
                Location(path),
                limit_hint("max_file_bytes", limits),
            )
        with open(path, "rb") as handle:
            return read_at_most(handle, limits.max_file_bytes + 1, expected=size)
    except FileNotFoundError:
        raise DataError("no such data file", Location(path), "give one with --data FILE or LAOSHAN_DATA") from None
    except IsADirectoryError:
        raise DataError("is a directory, not a data file", Location(path)) from None
    except OSError as error:
        raise DataError(f"cannot read the file: {error.strerror or error}", Location(path)) from None


def read_at_most(stream: BinaryIO, limit: int, expected: int = 0) -> bytes:
    """Up to `limit` bytes: first the `expected` size (plus one byte, to see a file that grew) in one read,
    then in chunks, since read(limit) would set aside `limit` bytes first."""
    first = stream.read(min(limit, expected + 1))
    if len(first) <= expected or len(first) >= limit:
        return first  # the whole file (or all that may be read) in one read and no copy
    chunks: list[bytes] = [first]
    left = limit - len(first)
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

    Readers see the old file or the new one, never a mix. The new file keeps
    the mode of the one it replaces, or gets the umask's default. A symlink at
    `path` is itself replaced (write_output follows it first). Any failure,
    KeyboardInterrupt and other BaseExceptions included, leaves no temporary
    file behind; an OSError becomes an error that names the file.
    """
    directory = os.path.dirname(os.path.abspath(path))
    temporary = None
    try:
        while temporary is None:
            # The name is held before the file can exist, so that a signal at
            # any moment after os.open still finds it to remove (mkstemp has a gap).
            temporary = os.path.join(directory, f".laoshan-{os.urandom(8).hex()}.tmp")
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            except OSError as error:  # not created: the name is someone else's, or nobody's
                temporary = None
                if not isinstance(error, FileExistsError):
                    raise
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), _mode_for(path))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise _write_error(error, path) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _mode_for(path: str) -> int:
    """The permissions of the file at `path`, or what open() would give a new one (0o666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


STANDARD_OUTPUT = "-"


def names_standard_output(path: str) -> bool:
    """Whether `path` is this process's standard output: `-`, /dev/stdout, or the file stdout goes to.

    The caller writes such output through its own stdout stream, so that a
    closed reader or a full disk end the run as any other output does.
    """
    if path == STANDARD_OUTPUT:
        return True
    try:
        target, stdout = os.stat(path), os.fstat(1)
    except (OSError, ValueError):
        return False
    return (target.st_dev, target.st_ino) == (stdout.st_dev, stdout.st_ino)


def write_output(path: str, data: bytes) -> None:
    """Write a file the user asked for, without ever replacing what is not a regular file.

    A regular file, or a path where nothing is yet, is written atomically. A
    symlink is followed: the file it points to is replaced and the link
    stays. A device or a FIFO is opened and written directly, as a shell's
    `>` would. Standard output is the caller's (see names_standard_output).
    """
    require_name(path, "output file", "give a file name, or - for standard output")
    if path.endswith(os.sep):
        raise UsageError("names a folder, not a file to write", Location(path), "give a file name inside it")
    if path == STANDARD_OUTPUT:
        raise ValueError("standard output is written by the caller")
    real = os.path.realpath(path)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _write_error(error, path) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError("is a directory, not a file to write", Location(path), "give a file name inside it")
    if mode is None or stat.S_ISREG(mode):
        try:
            atomic_write(real, data)
        except (UsageError, OutputError) as error:  # name the file as the user gave it
            raise type(error)(error.message, Location(path), error.hint) from None
        return
    _write_directly(path, data)


def _write_directly(path: str, data: bytes) -> None:
    """Write into a device or FIFO that exists, without creating, truncating or renaming anything."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as error:
        raise _write_error(error, path) from None


# A path that cannot name a file to write is the user's to fix (exit 2);
# anything else is the system refusing the write (exit 74): full, read-only, denied.
_BAD_PATH = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP}


def _write_error(error: OSError, path: str) -> LaoshanError:
    reason = error.strerror or str(error)
    if error.errno in _BAD_PATH:
        hint = "check that its folder exists" if error.errno == errno.ENOENT else None
        return UsageError(f"cannot write the file: {reason}", Location(path), hint)
    return OutputError(f"cannot write the file: {reason}", Location(path))
