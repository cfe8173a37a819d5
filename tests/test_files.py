"""The one writer of output files: atomic for regular files, direct for devices and FIFOs, links followed.

These run the pure layer in this process; tests/test_output_files.py runs
the same cases through the installed command.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laoshan_cli.core.errors import OutputError, UsageError
from laoshan_cli.loading.files import atomic_write, names_standard_output, require_name, write_output

NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)  # Linux's /dev/null and /dev/full


def temporaries(*folders: Path) -> list[str]:
    return [name for folder in folders for name in os.listdir(folder) if name.endswith(".tmp")]


def device(tmp_path: Path, name: str, number: int) -> Path:
    """A private character device node, so that a wrong rename can only harm this copy."""
    path = tmp_path / name
    os.mknod(path, stat.S_IFCHR | 0o666, number)
    return path


def identity(path: Path) -> tuple[int, int, int, int]:
    found = os.lstat(path)
    return (found.st_ino, stat.S_IFMT(found.st_mode), found.st_rdev, found.st_nlink)


@pytest.fixture
def private_devices(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:  # without CAP_MKNOD the real nodes stand in; the writer must leave them alone too
        yield Path("/dev")
        return
    device(tmp_path, "null", NULL)
    device(tmp_path, "full", FULL)
    yield tmp_path


# -- regular files: a temporary file, fsynced and renamed ------------------------------------


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    atomic_write(str(target), b"first")
    atomic_write(str(target), b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["out.xml"]


def test_the_rename_is_from_a_temporary_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, destination: str) -> None:
        renames.append((source, destination))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    write_output(str(tmp_path / "out.json"), b"data")
    [(source, destination)] = renames
    assert os.path.dirname(source) == str(tmp_path) and destination == str(tmp_path / "out.json")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EFBIG, errno.EIO])
def test_the_system_refusing_the_write_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    def refused(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", refused)
    with pytest.raises(OutputError) as caught:
        write_output(str(target), b"new")
    assert str(caught.value) == f"{target}: cannot write the file: {os.strerror(code)}"
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.xml"]


def test_a_missing_folder_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.xml"
    with pytest.raises(UsageError) as caught:
        write_output(str(target), b"x")
    assert not isinstance(caught.value, OutputError)
    assert str(caught.value).startswith(f"{target}: cannot write the file: ")
    assert "folder exists" in str(caught.value)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_an_interruption_mid_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    """What SIGINT (KeyboardInterrupt) or the CLI's SIGTERM exception does between write and rename."""
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    seen: list[list[str]] = []

    def interrupted(fd: int) -> None:
        seen.append(temporaries(tmp_path))
        raise interruption

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(interruption):
        write_output(str(target), b"new")
    assert len(seen) == 1 and len(seen[0]) == 1  # there was a temporary file at that moment
    assert os.listdir(tmp_path) == ["out.json"]
    assert target.read_bytes() == b"old"


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_output(str(target), b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_default_as_open_would(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_output(str(tmp_path / "new.json"), b"new")
        with open(tmp_path / "by_open.json", "wb"):
            pass
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "by_open.json").stat().st_mode) == 0o640


# -- what must not be replaced --------------------------------------------------------------


def test_a_device_is_written_directly_and_stays_the_same_node(private_devices: Path) -> None:
    null = private_devices / "null"
    before = identity(null)
    write_output(str(null), b"x" * 100_000)
    assert identity(null) == before
    assert temporaries(private_devices) == []


def test_a_full_device_is_an_output_error_and_stays_the_same_node(private_devices: Path) -> None:
    full = private_devices / "full"
    before = identity(full)
    with pytest.raises(OutputError) as caught:
        write_output(str(full), b"snapshot")
    assert str(caught.value) == f"{full}: cannot write the file: {os.strerror(errno.ENOSPC)}"
    assert identity(full) == before


def test_a_fifo_is_written_directly_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = identity(fifo)
    data = bytes(range(256)) * 1000  # more than a pipe's buffer: the reader must take it while it comes
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    write_output(str(fifo), data)
    thread.join(timeout=10)
    assert received == [data]
    assert identity(fifo) == before
    assert os.listdir(tmp_path) == ["pipe"]


def test_a_socket_is_refused_and_stays(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        before = identity(path)
        with pytest.raises(OutputError):
            write_output(str(path), b"x")
        assert identity(path) == before


# -- links ----------------------------------------------------------------------------------


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.json"
    target.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(os.path.join("elsewhere", "real.json"))  # relative, as people make them
    renames: list[str] = []
    real_replace = os.replace

    def spy(source: str, destination: str) -> None:
        renames.append(os.path.dirname(source))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", spy)
    write_output(str(link), b"new")
    assert link.is_symlink() and os.readlink(link) == os.path.join("elsewhere", "real.json")
    assert target.read_bytes() == b"new"
    assert renames == [str(elsewhere)]  # the temporary file lived beside the target
    assert sorted(os.listdir(tmp_path)) == ["elsewhere", "link.json"]
    assert os.listdir(elsewhere) == ["real.json"]


def test_a_chain_of_links_reaches_the_file(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"old")
    (tmp_path / "one").symlink_to("real.json")
    (tmp_path / "two").symlink_to("one")
    write_output(str(tmp_path / "two"), b"new")
    assert target.read_bytes() == b"new"
    assert (tmp_path / "one").is_symlink() and (tmp_path / "two").is_symlink()


def test_a_dangling_link_creates_its_target_and_stays(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("later.json")
    write_output(str(link), b"new")
    assert link.is_symlink() and (tmp_path / "later.json").read_bytes() == b"new"


def test_a_link_to_a_device_writes_the_device(private_devices: Path, tmp_path: Path) -> None:
    null = private_devices / "null"
    before = identity(null)
    link = tmp_path / "to-null"
    link.symlink_to(null)
    write_output(str(link), b"x")
    assert identity(null) == before and link.is_symlink()


def test_a_link_loop_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(UsageError, match="cannot write the file"):
        write_output(str(tmp_path / "a"), b"x")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_atomic_write_itself_replaces_a_link_and_never_its_target(tmp_path: Path) -> None:
    """The cache's writer: a link planted in its folder must not send a write elsewhere."""
    outside = tmp_path / "outside"
    outside.write_bytes(b"precious")
    link = tmp_path / "entry"
    link.symlink_to(outside)
    atomic_write(str(link), b"entry")
    assert outside.read_bytes() == b"precious"
    assert not link.is_symlink() and link.read_bytes() == b"entry"


# -- paths that cannot name an output file ---------------------------------------------------


@pytest.mark.parametrize("name", ["", "folder", "folder/", "missing/"])
def test_a_folder_or_an_empty_name_is_a_usage_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    path = f"{tmp_path}{os.sep}{name}" if name else ""
    with pytest.raises(UsageError) as caught:
        write_output(path, b"x")
    assert not isinstance(caught.value, OutputError)
    assert sorted(os.listdir(tmp_path)) == ["folder"] and os.listdir(tmp_path / "folder") == []


def test_require_name_refuses_only_the_empty_string() -> None:
    assert require_name(" ", "data file", "hint") == " "
    with pytest.raises(UsageError, match=r"^the data file name is empty \(hint\)$"):
        require_name("", "data file", "hint")


def test_standard_output_is_dash_or_the_file_behind_fd_1(tmp_path: Path) -> None:
    assert names_standard_output("-")
    assert not names_standard_output("")
    assert not names_standard_output(str(tmp_path / "missing"))
    other = tmp_path / "other"
    other.write_bytes(b"")
    assert not names_standard_output(str(other))
    stdout = os.fstat(1)
    for alias in ("/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"):
        found = os.stat(alias)
        assert (found.st_dev, found.st_ino) == (stdout.st_dev, stdout.st_ino)
        assert names_standard_output(alias)
    with pytest.raises(ValueError):
        write_output("-", b"x")


def test_a_temporary_name_that_is_taken_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer's file of the same name is neither overwritten nor removed; another name is drawn."""
    draws = iter([b"\x00" * 8, b"\x00" * 8, b"\x01" * 8])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    theirs = tmp_path / f".laoshan-{'00' * 8}.tmp"
    theirs.write_bytes(b"theirs")
    write_output(str(tmp_path / "out.json"), b"ours")
    assert theirs.read_bytes() == b"theirs"
    assert (tmp_path / "out.json").read_bytes() == b"ours"
    assert sorted(os.listdir(tmp_path)) == sorted([theirs.name, "out.json"])


@given(st.binary(max_size=3000), st.integers(0, 4000), st.integers(1, 5000))
def test_read_at_most_reads_the_first_limit_bytes_whatever_size_was_expected(
    data: bytes, expected: int, limit: int
) -> None:
    import io

    from laoshan_cli.loading.files import read_at_most

    assert read_at_most(io.BytesIO(data), limit, expected) == data[:limit]
