"""What both harnesses share: the contract every input must meet, and the output paths they exercise.

The contract: an input ends in a result or a `LaoshanError`. Any other
exception is a finding. By default a finding is raised, so atheris writes a
crash-* file and stops (that is what the smoke run wants). With
LAOSHAN_FUZZ_KEEP_GOING=DIR a finding is instead recorded in DIR, one file per
distinct signature (exception type and the innermost laoshan_cli frame),
keeping the smallest input seen, and fuzzing goes on; that is what a long
campaign wants. Inputs slower than LAOSHAN_FUZZ_SLOW seconds (default 1) are
recorded under DIR/slow as well. Timeouts and memory blow-ups are caught by
libFuzzer itself (-timeout, -rss_limit_mb), which writes timeout-* and oom-*
files.

With LAOSHAN_FUZZ_PER_BYTE=FACTOR (say 50), the cost of work is watched
instead of its wall time: each input's CPU time per byte is compared with the
running median over the inputs so far, and an input more than FACTOR times
the median (and over LAOSHAN_FUZZ_PER_BYTE_FLOOR seconds, default 0.05, so
that timer noise on tiny inputs is not reported) is recorded under
LAOSHAN_FUZZ_SLOW_DIR (default fuzz/findings/slow), with its ratio. This is
how inputs that are cheap to write but expensive to evaluate are found.

Beyond exceptions, a few invariants of honest bounds are checked, since they
are cheap: a point value lies within its bounds, and low <= high. A violation
raises `InvariantError`, which is a finding like any crash.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from laoshan_cli.core.errors import LaoshanError

T = TypeVar("T")

KEEP_GOING = os.environ.get("LAOSHAN_FUZZ_KEEP_GOING")
SLOW_SECONDS = float(os.environ.get("LAOSHAN_FUZZ_SLOW", "1"))
MAX_SLOW_FILES = 50
RENDER = os.environ.get("LAOSHAN_FUZZ_RENDER", "1") != "0"

PER_BYTE = float(os.environ.get("LAOSHAN_FUZZ_PER_BYTE", "0"))
PER_BYTE_FLOOR = float(os.environ.get("LAOSHAN_FUZZ_PER_BYTE_FLOOR", "0.05"))
SLOW_DIR = os.environ.get("LAOSHAN_FUZZ_SLOW_DIR", str(Path(__file__).resolve().parent / "findings" / "slow"))
WARM_UP = 200  # inputs seen before any is compared with the median
MAX_SAMPLES = 20_000  # then every other sample is dropped, which keeps the median's place

_smallest: dict[str, int] = {}
_slow_files = 0
_per_byte: list[float] = []  # sorted CPU seconds per byte of the inputs so far
_costly_files = 0


def watch_cost(data: bytes, cpu: float) -> None:
    """Record `data` when its CPU time per byte is far above the running median."""
    global _costly_files, _per_byte
    rate = cpu / max(len(data), 1)
    bisect.insort(_per_byte, rate)
    if len(_per_byte) > MAX_SAMPLES:
        _per_byte = _per_byte[::2]
    if len(_per_byte) < WARM_UP or cpu < PER_BYTE_FLOOR or _costly_files >= MAX_SLOW_FILES:
        return
    median = _per_byte[len(_per_byte) // 2]
    if median <= 0 or rate < PER_BYTE * median:
        return
    _costly_files += 1
    path = Path(SLOW_DIR) / f"costly-{hashlib.sha1(data).hexdigest()[:16]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    ratio = rate / median
    note = f"{cpu:.3f} s CPU for {len(data)} bytes: {ratio:.0f}x the median per byte ({median * 1e6:.2f} us/byte)\n"
    path.with_name(path.name + ".txt").write_text(note + f"input: {data!r}\n", encoding="utf-8")
    print(f"\n== costly input: {ratio:.0f}x the median CPU per byte, {len(data)} bytes -> {path}", file=sys.stderr)


class InvariantError(AssertionError):
    """A result that cannot be right, such as a value outside its own bounds."""


def attempt(step: Callable[[], T]) -> T | None:
    """Run one step; a LaoshanError is a fine outcome (None), anything else escapes."""
    try:
        return step()
    except LaoshanError:
        return None


def signature(error: BaseException) -> str:
    """Exception type, innermost laoshan_cli frame and innermost frame: one root cause, one name."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "laoshan_cli" in frame.filename]
    parts = [type(error).__name__]
    if ours:
        frame = ours[-1]
        parts.append(f"{Path(frame.filename).stem}.{frame.name}.{frame.lineno}")
    if frames and (not ours or frames[-1] is not ours[-1]):
        parts.append(f"{Path(frames[-1].filename).stem}.{frames[-1].name}")
    if isinstance(error, InvariantError):  # one harness line checks many things: tell them apart by message
        parts.append(re.sub(r"\d+", "N", re.sub(r"'[^']*'|\S*/\S*", "X", str(error)))[:100])
    return "-".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)[:120]


def record(folder: str, data: bytes, error: BaseException) -> None:
    """Keep the smallest input per signature, with its traceback beside it."""
    name = signature(error)
    if name in _smallest and _smallest[name] <= len(data):
        return
    first = name not in _smallest
    _smallest[name] = len(data)
    path = Path(folder) / f"crash-{_slug(name)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    path.with_name(path.name + ".txt").write_text(f"input: {data!r}\n\n{trace}", encoding="utf-8")
    if first:
        print(f"\n== new finding {name} ({len(data)} bytes) -> {path}", file=sys.stderr, flush=True)


def record_slow(folder: str, data: bytes, seconds: float) -> None:
    global _slow_files
    if _slow_files >= MAX_SLOW_FILES:
        return
    _slow_files += 1
    path = Path(folder) / "slow" / f"slow-{hashlib.sha1(data).hexdigest()[:16]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.with_name(path.name + ".txt").write_text(f"{seconds:.3f} s\ninput: {data!r}\n", encoding="utf-8")


def guarded(body: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """The atheris entry point around `body`: raise findings, or record them in keep-going mode."""

    def test_one_input(data: bytes) -> None:
        start = time.monotonic()
        cpu = time.process_time()
        try:
            body(data)
        except Exception as error:
            if not KEEP_GOING:
                raise
            record(KEEP_GOING, data, error)
        if PER_BYTE:
            watch_cost(data, time.process_time() - cpu)
        if KEEP_GOING:
            seconds = time.monotonic() - start
            if seconds > SLOW_SECONDS:
                record_slow(KEEP_GOING, data, seconds)

    return test_one_input


# -- exercising a loaded dataset, as the CLI would ------------------------------


def check_bounds(what: str, point: Any, bounds: Any) -> None:
    """The honest-bounds promise: lo <= value <= hi."""
    if bounds.lo is not None and bounds.hi is not None and bounds.lo > bounds.hi:
        raise InvariantError(f"{what}: low {bounds.lo} is above high {bounds.hi}")
    if not bounds.contains(point):
        raise InvariantError(f"{what}: value {point} lies outside its bounds {bounds!r}")


def check_item(item: Any) -> None:
    check_bounds(item.name, item.value, item.bounds)


def check_result(result: Any) -> None:
    check_bounds(f"check {result.name!r} left", result.left.point, result.left.bounds)
    check_bounds(f"check {result.name!r} right", result.right.point, result.right.bounds)
    check_bounds(f"check {result.name!r} difference", result.left.point - result.right.point, result.difference)


def evaluate(engine: Any, dataset: Any, explain: int = 3) -> tuple[list[Any], list[Any], list[Any]]:
    """Items, check results and a few explanations, each step allowed to end in a LaoshanError."""
    items = attempt(lambda: engine.items(dataset.names))
    if items is None:  # evaluate one by one, so one bad metric does not hide the rest
        items = [item for name in dataset.names for item in attempt(lambda n=name: engine.items([n])) or ()]
    for item in items:
        check_item(item)
    results = attempt(engine.checks)
    if results is None:
        results = [r for check in dataset.checks if (r := attempt(lambda c=check: engine.check(c))) is not None]
    for result in results:
        check_result(result)
    metrics = list(dataset.metrics)
    names = [*list(dataset.figures)[:1], *metrics[:1], *metrics[-(explain - 1) :]] if explain > 1 else metrics[:1]
    explanations = [e for name in dict.fromkeys(names) if (e := attempt(lambda n=name: engine.explain(n))) is not None]
    return items, results, explanations


def render_all(items: Iterable[Any], results: Iterable[Any], explanations: Iterable[Any]) -> None:
    """Every output format of the CLI, over what was evaluated."""
    if not RENDER:
        return
    from laoshan_cli.output.render import Output, render, render_csv, render_json
    from laoshan_cli.output.views import check_view, explain_flat, explain_row, explain_text, item_view, plain_number

    items, results = list(items), list(results)
    for output in (Output(), Output(is_terminal=True, color=True, width=40, unicode=False)):
        for fmt in ("json", "csv", "plain", "table"):
            if items:
                attempt(lambda f=fmt, o=output: render(items, f, o, item_view(o, "Items", "any")))
            if results:
                attempt(lambda f=fmt, o=output: render(results, f, o, check_view(o)))
    output = Output()
    for explanation in explanations:
        attempt(lambda e=explanation: render_json(explain_row(e), output))
        attempt(lambda e=explanation: render_csv(explain_flat(e)))
        attempt(lambda e=explanation: plain_number(e.tree.item.value))
        attempt(lambda e=explanation: explain_text(e, output))
