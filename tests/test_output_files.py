"""`snapshot -o` and `check --junit` against targets an attacker or a careless CI script would give.

Every case runs the installed `laoshan` as a real process. A device is a
private node made with mknod where we may (so a wrong rename could only
harm that copy); /dev/null and /dev/full themselves are only ever opened
for writing, and their node is checked to be the same afterwards.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import FAILING, LAOSHAN, TIMEOUT, big_data, environment, laoshan

SNAPSHOT = ["snapshot", "-o"]
JUNIT = ["--data", "fail.yaml", "check", "--junit"]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "fail.yaml").write_text(FAILING, encoding="utf-8")
    return tmp_path


SNAPSHOTS: dict[str | None, bytes] = {}


def expected_snapshot(cwd: Path, data: str | None = None) -> bytes:
    """The snapshot as `-o -` prints it, to compare other targets with; the same from any folder."""
    if data not in SNAPSHOTS:
        result = laoshan([*(["--data", data] if data else []), "snapshot", "-o", "-"], cwd)
        assert result.returncode == 0 and result.stderr == b"", result.stderr
        assert result.stdout.startswith(b"{\n")
        SNAPSHOTS[data] = result.stdout
    return SNAPSHOTS[data]


def identity(path: str | Path) -> tuple[int, int, int, int, int]:
    found = os.lstat(path)
    return (found.st_dev, found.st_ino, stat.S_IFMT(found.st_mode), found.st_rdev, stat.S_IMODE(found.st_mode))


def leftovers(*folders: Path) -> list[str]:
    return sorted(
        name for folder in folders for name in os.listdir(folder) if "laoshan" in name or name.endswith(".tmp")
    )


def one_error_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert text.startswith("error: ") and text.count("\n") == 1 and "Traceback" not in text, text
    return text


@pytest.fixture
def devices(work: Path) -> Iterator[dict[str, Path]]:
    """Private /dev/null and /dev/full nodes, or the real ones where mknod is not allowed."""
    try:
        os.mknod(work / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.mknod(work / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))
        yield {"null": work / "null", "full": work / "full"}
    except PermissionError:
        yield {"null": Path("/dev/null"), "full": Path("/dev/full")}


# -- devices -------------------------------------------------------------------------


def test_a_device_node_is_written_directly_and_survives(work: Path, devices: dict[str, Path]) -> None:
    before = identity(devices["null"])
    result = laoshan([*SNAPSHOT, str(devices["null"])], work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {devices['null']}: ".encode())
    assert identity(devices["null"]) == before
    assert leftovers(work, devices["null"].parent) == []


def test_the_real_dev_null_is_opened_for_writing_and_never_replaced(work: Path) -> None:
    from laoshan_cli.loading.files import names_standard_output

    assert not names_standard_output("/dev/null")  # our stdout is pytest's, not /dev/null
    before = identity("/dev/null")
    for args in ([*SNAPSHOT, "/dev/null"], [*JUNIT, "/dev/null"]):
        result = laoshan(args, work)
        assert result.returncode in (0, 1), result.stderr
        assert identity("/dev/null") == before
    assert not [name for name in os.listdir("/dev") if name.startswith(".laoshan-")]


@pytest.mark.parametrize("full", ["private", "/dev/full"])
def test_a_full_disk_exits_74_with_one_line_naming_the_file(work: Path, devices: dict[str, Path], full: str) -> None:
    target = devices["full"] if full == "private" else Path(full)
    before = identity(target)
    for args in ([*SNAPSHOT, str(target)], [*JUNIT, str(target)]):
        result = laoshan(args, work)
        assert result.returncode == 74, result.stderr
        assert one_error_line(result.stderr) == f"error: {target}: cannot write the file: No space left on device\n"
        assert result.stdout == b""
        assert identity(target) == before


def test_a_file_over_the_size_limit_exits_74_and_keeps_the_old_file(work: Path) -> None:
    """A real failing write without root or a full disk: RLIMIT_FSIZE makes write() fail with EFBIG."""
    target = work / "snap.json"
    target.write_bytes(b"old")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    result = subprocess.run(
        [LAOSHAN, "--no-cache", *SNAPSHOT, "snap.json"],
        cwd=work,
        env=environment(work),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=small_files,
    )
    assert result.returncode == 74
    assert one_error_line(result.stderr) == "error: snap.json: cannot write the file: File too large\n"
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(work)) == ["fail.yaml", "snap.json"]


def test_a_folder_it_may_not_write_exits_74(work: Path) -> None:
    """EACCES. Root writes anywhere, so as root the command runs without the capability that allows it."""
    import shutil

    (work / "locked").mkdir()
    (work / "locked" / "snap.json").write_bytes(b"old")
    (work / "locked").chmod(0o555)
    command = [LAOSHAN, "--no-cache", *SNAPSHOT, "locked/snap.json"]
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        setpriv = shutil.which("setpriv")
        assert setpriv is not None, "as root this test needs util-linux's setpriv"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *command]
    try:
        result = subprocess.run(
            command, cwd=work, env=environment(work), capture_output=True, timeout=TIMEOUT, check=False
        )
    finally:
        (work / "locked").chmod(0o755)
    assert result.returncode == 74, result.stderr
    assert one_error_line(result.stderr) == "error: locked/snap.json: cannot write the file: Permission denied\n"
    assert os.listdir(work / "locked") == ["snap.json"]
    assert (work / "locked" / "snap.json").read_bytes() == b"old"


# -- FIFOs -----------------------------------------------------------------------------


def read_in_thread(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, received


def test_a_fifo_gets_the_whole_snapshot_and_stays_a_fifo(work: Path) -> None:
    big_data(work / "big.yaml")
    expected = expected_snapshot(work, "big.yaml")
    assert len(expected) > 200_000  # several pipe buffers: the reader must really take it as it comes
    fifo = work / "snap.fifo"
    os.mkfifo(fifo)
    before = identity(fifo)
    thread, received = read_in_thread(fifo)
    result = laoshan(["--data", "big.yaml", *SNAPSHOT, str(fifo)], work)
    thread.join(TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert received == [expected]
    assert identity(fifo) == before
    assert leftovers(work) == []


def test_a_fifo_gets_the_junit_report(work: Path) -> None:
    fifo = work / "junit.fifo"
    os.mkfifo(fifo)
    thread, received = read_in_thread(fifo)
    result = laoshan([*JUNIT, str(fifo)], work)
    thread.join(TIMEOUT)
    assert result.returncode == 1  # the check's verdict, not the writing's
    suite = ET.fromstring(received[0])
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- symlinks --------------------------------------------------------------------------


def test_a_symlink_stays_and_the_file_it_points_to_is_replaced(work: Path) -> None:
    (work / "kept").mkdir()
    real = work / "kept" / "snap.json"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = work / "snap.json"
    link.symlink_to("kept/snap.json")
    result = laoshan([*SNAPSHOT, "snap.json"], work)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "kept/snap.json"
    assert real.read_bytes() == expected_snapshot(work)
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(work, work / "kept") == []


def test_a_symlink_to_a_device_writes_the_device(work: Path, devices: dict[str, Path]) -> None:
    before = identity(devices["null"])
    (work / "out.json").symlink_to(devices["null"])
    result = laoshan([*SNAPSHOT, "out.json"], work)
    assert result.returncode == 0, result.stderr
    assert identity(devices["null"]) == before and (work / "out.json").is_symlink()


def test_a_symlink_to_a_folder_is_a_usage_error(work: Path) -> None:
    (work / "folder").mkdir()
    (work / "out.json").symlink_to("folder")
    result = laoshan([*SNAPSHOT, "out.json"], work)
    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        "error: out.json: is a directory, not a file to write (give a file name inside it)\n"
    )
    assert os.listdir(work / "folder") == [] and (work / "out.json").is_symlink()


# -- standard output -----------------------------------------------------------------


@pytest.mark.parametrize("target", ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_standard_output_by_any_name_gets_the_snapshot_alone(work: Path, target: str) -> None:
    result = laoshan([*SNAPSHOT, target], work)
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout == expected_snapshot(work)


def test_dev_stdout_redirected_to_a_file_gives_the_snapshot_in_that_file(work: Path) -> None:
    with open(work / "redirected.json", "wb") as stdout:
        result = laoshan([*SNAPSHOT, "/dev/stdout"], work, stdout=stdout)
    assert result.returncode == 0 and result.stderr == b""
    assert (work / "redirected.json").read_bytes() == expected_snapshot(work)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_junit_to_standard_output_replaces_the_table(work: Path, target: str) -> None:
    result = laoshan([*JUNIT, target], work)
    assert result.returncode == 1 and result.stderr == b""
    suite = ET.fromstring(result.stdout)  # the whole of stdout is one XML document
    cases = {case.get("name"): case.find("failure") is not None for case in suite.iter("testcase")}
    assert cases == {"twice is small": True, "twice is positive": False}


def test_junit_to_standard_output_with_a_format_is_refused(work: Path) -> None:
    for fmt in ("json", "table"):
        result = laoshan([*JUNIT, "-", "--format", fmt], work)
        assert result.returncode == 2 and result.stdout == b""
        assert "both write to standard output" in one_error_line(result.stderr)


def test_a_snapshot_written_to_stdout_that_is_full_exits_74(work: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = laoshan([*SNAPSHOT, "-"], work, stdout=full)
    assert result.returncode == 74
    assert one_error_line(result.stderr).startswith("error: cannot write output")


# -- empty means empty -----------------------------------------------------------------

EMPTY = [
    (["--data", "", "check"], "--data is empty"),
    (["--data=", "metrics"], "--data is empty"),
    (["check", ""], "the data file name is empty"),
    (["check", "fail.yaml", ""], "the data file name is empty"),
    (["validate", ""], "the data file name is empty"),
    (["diff", ""], "the snapshot file name is empty"),
    (["snapshot", "-o", ""], "the output file name is empty"),
    (["snapshot", "--output="], "the output file name is empty"),
    (["check", "--junit", ""], "the JUnit file name is empty"),
]


@pytest.mark.parametrize(("args", "message"), EMPTY, ids=[" ".join(map(repr, a)) for a, _ in EMPTY])
def test_an_empty_path_is_a_usage_error_not_the_shipped_data(work: Path, args: list[str], message: str) -> None:
    result = laoshan(args, work)
    assert result.returncode == 2 and result.stdout == b""
    assert one_error_line(result.stderr).startswith(f"error: {message} (")
    assert sorted(os.listdir(work)) == ["fail.yaml"]


def test_a_ci_line_with_its_variable_unset_fails(work: Path) -> None:
    """`laoshan check "$FILE"` with FILE unset must not check the shipped file and pass."""
    env = environment(work)
    env.pop("FILE", None)
    for line in ('"$0" check "$FILE"', '"$0" --data "$FILE" check', '"$0" check --junit "$FILE"'):
        result = subprocess.run(
            ["sh", "-c", line, LAOSHAN], cwd=work, env=env, capture_output=True, timeout=TIMEOUT, check=False
        )
        assert result.returncode == 2, (line, result.stderr)


def test_the_shortcut_does_not_answer_an_empty_data_from_the_shipped_data(work: Path) -> None:
    """`laoshan get NAME --format plain` is answered before click from a warm cache; --data '' must not be."""
    warm = laoshan(["get", "key_labs", "--format", "plain"], work)
    assert warm.returncode == 0 and warm.stdout.strip()
    again = laoshan(["get", "key_labs", "--format", "plain"], work)
    assert again.stdout == warm.stdout
    for args in (
        ["--data", "", "get", "key_labs", "--format", "plain"],
        ["--data=", "get", "key_labs", "--format=plain"],
    ):
        result = laoshan(args, work)
        assert result.returncode == 2 and result.stdout == b""
        assert one_error_line(result.stderr).startswith("error: --data is empty")


def test_an_empty_laoshan_data_counts_as_unset(work: Path) -> None:
    unset = laoshan(["get", "key_labs", "--format", "plain"], work)
    for command in (["get", "key_labs", "--format", "plain"], ["get", "key_labs", "--format", "json"]):
        empty = laoshan(command, work, env=environment(work, LAOSHAN_DATA=""))
        plain = laoshan(command, work)
        assert empty.returncode == 0 and empty.stderr == b""
        assert empty.stdout == plain.stdout
    assert unset.returncode == 0 and unset.stdout.strip()


# -- a figure restated twice ----------------------------------------------------------


def test_a_repeated_set_of_one_figure_is_refused_naming_it(work: Path) -> None:
    result = laoshan(["--data", "fail.yaml", "--set", "a=1", "--set", " a=3", "get", "twice"], work)
    assert result.returncode == 2 and result.stdout == b""
    assert one_error_line(result.stderr) == "error: --set a is given twice ('1' and '3') (give each figure once)\n"
    once = laoshan(["--data", "fail.yaml", "--set", "a=3", "get", "twice", "--format", "json"], work)
    assert once.returncode == 0 and json.loads(once.stdout)[0]["value"] == 6  # twice = a * 2 with a = 3


def test_a_repeated_limit_is_refused_too(work: Path) -> None:
    result = laoshan(["--limit", "max_depth=20", "--limit", "max_depth=30", "validate"], work)
    assert result.returncode == 2
    assert one_error_line(result.stderr).startswith("error: --limit max_depth is given twice")
