"""Files laoshan writes are written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from laoshan_cli.core.errors import UsageError
from laoshan_cli.loading.files import atomic_write


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    atomic_write(str(target), b"first")
    atomic_write(str(target), b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["out.xml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(UsageError, match="No space left on device"):
        atomic_write(str(target), b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["out.xml"]


def test_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        atomic_write(str(tmp_path / "no" / "such" / "dir.xml"), b"x")
    assert "dir.xml" in str(caught.value)
