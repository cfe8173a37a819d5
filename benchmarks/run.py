"""Run laoshan's benchmark scenarios against their baselines and print a markdown report.

    python benchmarks/run.py [--quick] [--repeat K] [--only a,b,...] [--strict]

Every measurement is the wall time of a whole process, from spawn to exit,
taken with os.wait4, which also gives that one child's peak resident memory
(ru_maxrss). A scenario's commands run interleaved, in rounds (A B, B A, A B,
...: the order rotates each round), so drift on a shared, noisy machine hits
both sides alike; the report gives medians and the ratio of medians. Each
command runs once untimed first, to check its output and warm the page cache.

The data files are generated into benchmarks/out/ (kept until generate.py or
the sizes change) and validated once with `laoshan validate`. Children get
their own cache directory, benchmarks/out/cache (LAOSHAN_CACHE_DIR), so a
user's cache is never read or written. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import generate  # benchmarks/generate.py: this script's folder is first on sys.path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
CACHE_DIR = OUT / "cache"

SHIPPED_METRIC = "hightech_output_2015"
SHIPPED_VALUE = 37.914230019493175
GIB = 1024 * 1024 * 1024
# Peak RSS comes from GNU time's %M: it forks the command from its own tiny
# process. os.wait4's ru_maxrss of a direct child is only an upper bound on
# Linux: a child made by vfork or fork inherits this harness's high-water mark
# at exec.
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_SOURCE = "/usr/bin/time -f %M" if TIME else "os.wait4 ru_maxrss (upper bound: includes the harness's own peak)"
Verify = Callable[[int, bytes, bytes], str | None]  # (status, stdout, stderr) -> problem or None


# -- measuring ---------------------------------------------------------------------


@dataclass
class Measurement:
    wall: float  # seconds
    maxrss: int  # bytes
    status: int  # exit status; negative for a signal, None never
    timed_out: bool = False


@dataclass
class Command:
    """One command line, measured as a whole process."""

    key: str
    label: str  # shown in the report
    argv: list[str]
    verify: Verify | None = None
    timeout: float = 600.0
    status: int = 0  # the exit status of a run that counts (consistent exits 1 on a conflict)
    samples: list[Measurement] = field(default_factory=list)
    problem: str | None = None  # why its numbers cannot be trusted, if they cannot

    def walls(self) -> list[float]:
        return [m.wall for m in self.samples]

    def median(self) -> float | None:
        walls = self.walls()
        return statistics.median(walls) if walls else None

    def peak(self) -> int | None:
        return max((m.maxrss for m in self.samples), default=None)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("LAOSHAN_DATA", "LAOSHAN_TRACEBACK", "PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC"):
        env.pop(name, None)
    env["LAOSHAN_CACHE_DIR"] = str(CACHE_DIR)
    return env


ENV = child_env()


def run_once(
    argv: Sequence[str], timeout: float, *, capture: bool = False, cwd: Path | None = None
) -> tuple[Measurement, bytes, bytes]:
    """Run a command once: its wall time and peak RSS, and its output if captured.

    Output goes to /dev/null unless captured (then to temporary files, not
    pipes, so the child never waits on us). The command runs in a session of
    its own, so a timeout kills it and anything it started.
    """
    with (
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() if capture else open(os.devnull, "wb") as out,
        tempfile.NamedTemporaryFile(prefix="rss-") as rss,
    ):
        full = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else list(argv)
        start = time.perf_counter()
        proc = subprocess.Popen(
            full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=ENV, cwd=cwd, start_new_session=True
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the session we started for this command, by its id

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, wait_status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        status = os.waitstatus_to_exitcode(wait_status)
        proc.returncode = status  # reaped here; keep Popen from waiting again
        maxrss = usage.ru_maxrss * 1024
        if TIME:
            # GNU time writes "Command exited with non-zero status N" first, then the format.
            lines = rss.read().decode("ascii", "replace").split()
            maxrss = int(lines[-1]) * 1024 if lines and lines[-1].isdigit() else 0
        stdout = b""
        if capture:
            out.seek(0)
            stdout = out.read()
        err.seek(0)
        stderr = err.read()
    return Measurement(wall, maxrss, status, expired.is_set()), stdout, stderr


def describe_failure(command: Command, measurement: Measurement, stderr: bytes) -> str:
    if measurement.timed_out:
        return f"timed out after {command.timeout:.0f} s"
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return f"exit {measurement.status}: {tail[0][:200]}"


def warm_up(command: Command) -> bool:
    """One untimed run that checks the output; False (and a problem noted) if it is wrong."""
    measurement, stdout, stderr = run_once(command.argv, command.timeout, capture=True)
    if measurement.timed_out:
        command.problem = describe_failure(command, measurement, stderr)
        return False
    problem = command.verify(measurement.status, stdout, stderr) if command.verify else None
    if problem is None and command.verify is None and measurement.status != 0:
        problem = describe_failure(command, measurement, stderr)
    command.problem = problem
    return problem is None


def interleave(commands: Sequence[Command], repeat: int, log: Callable[[str], None]) -> None:
    """Warm each command up, then `repeat` rounds with the order rotating each round."""
    live = [c for c in commands if warm_up(c)]
    for c in commands:
        if c.problem:
            log(f"  ! {c.label}: {c.problem}")
    for round_ in range(repeat):
        shift = round_ % len(live) if live else 0
        for command in live[shift:] + live[:shift]:
            measurement, _, stderr = run_once(command.argv, command.timeout)
            if measurement.status != command.status or measurement.timed_out:
                command.problem = describe_failure(command, measurement, stderr)
                log(f"  ! {command.label}: {command.problem}; dropped from the remaining rounds")
                live.remove(command)
                continue
            command.samples.append(measurement)
        walls = "  ".join(f"{c.key}={c.samples[-1].wall:.3f}s" for c in live if c.samples)
        log(f"  round {round_ + 1}/{repeat}: {walls}")


# -- checks of output ----------------------------------------------------------------


def expect_ok(status: int, stdout: bytes, stderr: bytes) -> str | None:
    if status != 0:
        return f"exit {status}: {stderr.decode('utf-8', 'replace').strip()[:200]}"
    return None


def expect_float(value: float | None) -> Verify:
    def verify(status: int, stdout: bytes, stderr: bytes) -> str | None:
        if status != 0:
            return expect_ok(status, stdout, stderr)
        try:
            number = float(stdout.decode().strip())
        except ValueError:
            return f"expected a number, got {stdout[:80]!r}"
        if value is not None and not math.isclose(number, value, rel_tol=1e-12):
            return f"expected {value!r}, got {number!r}"
        return None

    return verify


def expect_text(text: str) -> Verify:
    def verify(status: int, stdout: bytes, stderr: bytes) -> str | None:
        problem = expect_ok(status, stdout, stderr)
        if problem is None and text.encode() not in stdout:
            return f"output lacks {text!r}"
        return problem

    return verify


def expect_metrics_json(count: int | None, last: str) -> Verify:
    def verify(status: int, stdout: bytes, stderr: bytes) -> str | None:
        problem = expect_ok(status, stdout, stderr)
        if problem:
            return problem
        try:
            items = json.loads(stdout)
        except ValueError as error:
            return f"output is not JSON: {error}"
        if not isinstance(items, list) or (count is not None and len(items) != count):
            return f"expected {count} metrics, got {len(items) if isinstance(items, list) else type(items).__name__}"
        if not any(isinstance(item, dict) and item.get("name") == last for item in items):
            return f"{last} is missing from the output"
        return None

    return verify


# -- the environment -------------------------------------------------------------------


@dataclass
class Tools:
    python: str
    laoshan: str
    qalc: str | None
    has_cache: bool

    def laoshan_argv(self, *args: str, data: Path | None = None, no_cache: bool = False) -> list[str]:
        argv = [self.laoshan]
        if data is not None:
            argv += ["--data", str(data)]
        if no_cache and self.has_cache:
            argv.append("--no-cache")
        return argv + list(args)


def find_tools(python: str | None) -> Tools:
    if python is None:
        venv = REPO / ".venv" / "bin" / "python"
        python = str(venv) if venv.exists() else sys.executable
    laoshan = str(Path(python).parent / "laoshan")
    if not os.access(laoshan, os.X_OK):
        raise SystemExit(f"run.py: no laoshan next to {python}; install it with pip install -e .")
    help_text = subprocess.run([laoshan, "--help"], capture_output=True, text=True, env=ENV, check=False).stdout
    return Tools(python, laoshan, shutil.which("qalc"), "--no-cache" in help_text)


def source_hash() -> str:
    """A hash of laoshan_cli's sources, to tell whether the code changed during a run."""
    sources = hashlib.sha256()
    for path in sorted((REPO / "laoshan_cli").rglob("*.py")):
        sources.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return sources.hexdigest()[:12]


def machine(tools: Tools) -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = (
        "import sys, importlib.metadata as m, yaml\n"
        "v = lambda d: m.version(d)\n"
        "print(sys.version.split()[0])\n"
        'print(f\'laoshan {v("laoshan")}, click {v("click")}, PyYAML {v("PyYAML")} '
        '(libyaml: {yaml.__with_libyaml__}), rich {v("rich")}\')\n'
    )
    lines = subprocess.run([tools.python, "-c", probe], capture_output=True, text=True, env=ENV, check=False)
    version, libraries = ([*lines.stdout.splitlines(), "?", "?"])[:2]
    info = {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)",
        "os": platform.platform(),
        "python": f"{version} ({tools.python})",
        "libraries": libraries,
        "load average at the start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if tools.qalc:
        qalc = subprocess.run([tools.qalc, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        info["qalc"] = qalc or "installed"
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "laoshan_cli"], capture_output=True)
    state = "with uncommitted changes to laoshan_cli" if dirty.stdout.strip() else "clean"
    info["code"] = f"git {git.stdout.strip() or '?'} ({state}; laoshan_cli sha256 {source_hash()})"
    info["cache"] = "yes (--no-cache used where noted)" if tools.has_cache else "no"
    info["peak RSS from"] = RSS_SOURCE
    return info


# -- data files ------------------------------------------------------------------------


def data_file(tools: Tools, name: str, figures: int, metrics: int, log: Callable[[str], None]) -> Path:
    """Generate (and validate once) a data file, reusing it while generate.py and the sizes are unchanged."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{figures}x{metrics}.yaml"
    stamp = path.with_suffix(".stamp")
    digest = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()
    if path.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return path
    log(f"generating {path.relative_to(REPO)} ({figures} figures, {metrics} metrics)")
    generate.generate(figures, metrics, str(path))
    log(f"  {path.stat().st_size / 1e6:.1f} MB; validating with laoshan validate")
    result, _, stderr = run_once(tools.laoshan_argv("validate", data=path, no_cache=True), 3600, capture=True)
    if result.status != 0:
        message = stderr.decode("utf-8", "replace").strip()
        raise SystemExit(f"run.py: generated {path} does not validate: {message}")
    log(f"  valid ({result.wall:.1f} s)")
    stamp.write_text(digest + "\n")
    return path


# -- scenarios ---------------------------------------------------------------------------


def report_shapes(tools: Tools) -> list[str]:
    """The report's tables as ROWSxCOLUMNS: figures, their sources, metrics and checks, from its JSON."""
    out = subprocess.run(tools.laoshan_argv("report", "--format", "json"), capture_output=True, env=ENV, check=False)
    report = json.loads(out.stdout)
    sources = {json.dumps(row["source"], sort_keys=True) for row in report["figures"] if row.get("source")}
    shapes = [f"{len(report['figures'])}x6", f"{len(sources)}x2", f"{len(report['metrics'])}x5"]
    return shapes + ([f"{len(report['checks'])}x5"] if report["checks"] else [])


@dataclass
class Row:
    scenario: str
    command: str
    median: str
    baseline: str
    baseline_median: str
    ratio: str
    target: str
    met: bool | None  # None: not measured
    note: str = ""


def not_measured(scenario: str, target: str, note: str, command: str = "") -> Row:
    return Row(scenario, command, "n/a", "", "", "", target, None, note)


def seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms"


def mib(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 2**20:.0f} MiB"


def compare(
    scenario: str, command: Command, baseline: Command, limit: float, target: str, *, strict_less: bool = False
) -> Row:
    a, b = command.median(), baseline.median()
    note = "; ".join(f"{c.label}: {c.problem}" for c in (command, baseline) if c.problem)
    if a is None or b is None:
        return Row(scenario, command.label, seconds(a), baseline.label, seconds(b), "n/a", target, None, note)
    ratio = a / b
    met = ratio < limit if strict_less else ratio <= limit
    return Row(scenario, command.label, seconds(a), baseline.label, seconds(b), f"{ratio:.2f}", target, met, note)


@dataclass
class Plan:
    quick: bool
    fast_repeat: int
    big_repeat: int
    bad_repeat: int
    big: tuple[int, int]
    small: tuple[int, int]
    only: set[str]
    timeout_big: float
    reference: str | None = None  # another install's laoshan, for scenario i


class Suite:
    def __init__(self, tools: Tools, plan: Plan, log: Callable[[str], None]) -> None:
        self.tools = tools
        self.plan = plan
        self.log = log
        self.rows: list[Row] = []
        self.commands: list[tuple[str, Command]] = []  # (scenario, command), for the details table
        self.memory: list[str] = []

    def wanted(self, scenario: str) -> bool:
        return not self.plan.only or scenario in self.plan.only

    def measure(self, scenario: str, commands: Sequence[Command], repeat: int) -> None:
        self.log(f"scenario {scenario}: {', '.join(c.label for c in commands)} x{repeat}")
        interleave(commands, repeat, self.log)
        self.commands.extend((scenario, c) for c in commands)

    def python_c(self, key: str, code: str) -> Command:
        return Command(key, f'python -c "{code}"', [self.tools.python, "-c", code], expect_ok)

    def startup(self) -> None:
        """a: one query on the shipped data, against importing click (and against qalc)."""
        tools = self.tools
        get = Command(
            "get",
            f"laoshan get {SHIPPED_METRIC} --format plain",
            tools.laoshan_argv("get", SHIPPED_METRIC, "--format", "plain"),
            expect_float(SHIPPED_VALUE),
        )
        click = self.python_c("click", "import click")
        commands = [get, click]
        cold = None
        if tools.has_cache:  # the first run on a file: no cache to answer from, so it parses and evaluates
            cold = Command(
                "cold",
                f"laoshan --no-cache get {SHIPPED_METRIC} --format plain",
                tools.laoshan_argv("get", SHIPPED_METRIC, "--format", "plain", no_cache=True),
                expect_float(SHIPPED_VALUE),
            )
            commands.append(cold)
        qalc = None
        if tools.qalc:
            qalc = Command("qalc", "qalc '38.9 / 1.026'", [tools.qalc, "38.9 / 1.026"], expect_text("37.914"))
            commands.append(qalc)
        self.measure("a", commands, self.plan.fast_repeat)
        self.rows.append(compare("a. get, shipped data", get, click, 1.2, "<= 1.2"))
        if qalc is not None:
            self.rows.append(compare("a. get vs qalc", get, qalc, 1.0, "< 1 (faster)", strict_less=True))
        else:
            self.rows.append(Row("a. get vs qalc", get.label, seconds(get.median()), "qalc", "n/a", "n/a", "< 1", None))
        if cold is not None:
            row = compare("a. same, cache off (for reference)", cold, click, math.inf, "none")
            self.rows.append(replace(row, met=None))

    def report(self) -> None:
        """b: the full report on the shipped data, against the floor its framework sets.

        The floor (floor_report.py) imports click and yaml and draws rich
        Tables of as many cells as the report draws, counted from the
        report's own JSON.
        """
        report = Command("report", "laoshan report > /dev/null", self.tools.laoshan_argv("report"), expect_ok)
        shapes = report_shapes(self.tools)
        floor = Command(
            "floor",
            f"python benchmarks/floor_report.py {' '.join(shapes)}",
            [self.tools.python, str(HERE / "floor_report.py"), *shapes],
            expect_ok,
        )
        imports = self.python_c("imports", "import click, yaml, rich.table")
        self.measure("b", [report, floor, imports], self.plan.fast_repeat)
        self.rows.append(compare("b. report, shipped data", report, floor, 1.2, "<= 1.2"))
        row = compare("b. same, against imports alone (for reference)", report, imports, math.inf, "none")
        self.rows.append(replace(row, met=None))

    def scripts(self) -> None:
        """i: get and metrics for scripts (plain, json) stay as fast as they were.

        Against `import click` always; with --reference, also against the same
        commands of another install (such as the main branch's), in the same rounds.
        """
        tools = self.tools

        def get(laoshan: str, key: str, note: str = "") -> Command:
            argv = [laoshan, "get", SHIPPED_METRIC, "--format", "plain"]
            return Command(key, f"{note}laoshan get {SHIPPED_METRIC} --format plain", argv, expect_float(SHIPPED_VALUE))

        def metrics(laoshan: str, key: str, note: str = "") -> Command:
            argv = [laoshan, "metrics", "--format", "json"]
            return Command(key, f"{note}laoshan metrics --format json", argv, expect_metrics_json(None, SHIPPED_METRIC))

        commands = [
            get(tools.laoshan, "get"),
            metrics(tools.laoshan, "metrics"),
            self.python_c("click", "import click"),
        ]
        reference = self.plan.reference
        if reference:
            commands += [get(reference, "ref-get", "reference "), metrics(reference, "ref-metrics", "reference ")]
        self.measure("i", commands, self.plan.fast_repeat)
        self.rows.append(compare("i. get for scripts", commands[0], commands[2], 1.2, "<= 1.2"))
        if reference:
            self.rows.append(compare("i. get, against the reference", commands[0], commands[3], 1.1, "<= 1.1"))
            self.rows.append(compare("i. metrics json, against the reference", commands[1], commands[4], 1.1, "<= 1.1"))
        row = compare(
            "i. metrics json, against import click (for reference)", commands[1], commands[2], math.inf, "none"
        )
        self.rows.append(replace(row, met=None))

    def big_files(self) -> tuple[Path, Path]:
        big = data_file(self.tools, "big", *self.plan.big, self.log)
        small = data_file(self.tools, "small", *self.plan.small, self.log)
        return big, small

    def throughput(self, big: Path, small: Path) -> None:
        """c, d, e: metrics as JSON on the big file, against a bare YAML load and against a file a tenth the size."""
        tools, plan = self.tools, self.plan
        cache_note = " --no-cache" if tools.has_cache else ""
        big_metrics = Command(
            "big",
            f"laoshan --data {big.name}{cache_note} metrics --format json",
            tools.laoshan_argv("metrics", "--format", "json", data=big, no_cache=True),
            expect_metrics_json(plan.big[1], generate.DEEP_CHAIN_LAST),
            plan.timeout_big,
        )
        code = f"import yaml; yaml.load(open({str(big)!r}), Loader=yaml.CSafeLoader)"
        naive = Command(
            "yaml",
            f"python -c \"import yaml; yaml.load(open('{big.name}'), Loader=yaml.CSafeLoader)\"",
            [tools.python, "-c", code],
            expect_ok,
            plan.timeout_big,
        )
        small_metrics = Command(
            "small",
            f"laoshan --data {small.name}{cache_note} metrics --format json",
            tools.laoshan_argv("metrics", "--format", "json", data=small, no_cache=True),
            expect_metrics_json(plan.small[1], generate.DEEP_CHAIN_LAST),
            plan.timeout_big,
        )
        self.measure("c/d/e", [big_metrics, naive, small_metrics], plan.big_repeat)
        self.rows.append(compare("c. metrics json, big file", big_metrics, naive, 0.5, "<= 0.5"))
        entries = f"{sum(plan.big)} vs {sum(plan.small)} entries"
        row = compare(f"d. growth, {entries}", big_metrics, small_metrics, 12, "<= 12")
        self.rows.append(row)
        peak = big_metrics.peak()
        met = None if peak is None else peak <= GIB
        note = f"the largest of the timed runs, {RSS_SOURCE}"
        self.rows.append(Row("e. peak memory of c", big_metrics.label, mib(peak), "", "", "", "<= 1024 MiB", met, note))

    def repeat_query(self, big: Path) -> None:
        """f: the same query again on the big file with a warm cache, against a query on the shipped file."""
        tools = self.tools
        target = "<= 2.0"
        label = f"laoshan --data {big.name} get {generate.DEEP_CHAIN_LAST} --format plain (warm cache)"
        if not tools.has_cache:
            self.rows.append(not_measured("f. repeat query, warm cache", target, "n/a: no cache yet", label))
            return
        warm = Command(
            "warm",
            label,
            tools.laoshan_argv("get", generate.DEEP_CHAIN_LAST, "--format", "plain", data=big),
            expect_float(None),
            self.plan.timeout_big,
        )
        shipped = Command(
            "shipped",
            f"laoshan get {SHIPPED_METRIC} --format plain",
            tools.laoshan_argv("get", SHIPPED_METRIC, "--format", "plain"),
            expect_float(SHIPPED_VALUE),
        )
        self.log("scenario f: warming the cache (two untimed runs)")
        for _ in range(2):
            result, _, stderr = run_once(warm.argv, warm.timeout)
            if result.status != 0:
                warm.problem = describe_failure(warm, result, stderr)
                break
        self.measure("f", [warm, shipped], self.plan.fast_repeat)
        self.rows.append(compare("f. repeat query, warm cache", warm, shipped, 2.0, target))

    def bad_inputs(self) -> None:
        """g: how long laoshan takes to reject each case of tests/bad_inputs/."""
        folder = REPO / "tests" / "bad_inputs"
        target = "each < 1 s"
        if not folder.is_dir():
            self.rows.append(not_measured("g. reject bad inputs", target, "n/a: no tests/bad_inputs/"))
            return
        cases = bad_cases(folder, self.tools)
        if not cases:
            self.rows.append(not_measured("g. reject bad inputs", target, "n/a: no cases found"))
            return
        total = len(cases)
        if self.plan.quick:
            cases = cases[::3]  # a smoke pass: every third case
        self.log(f"scenario g: {len(cases)} of {total} bad inputs x{self.plan.bad_repeat}")
        cwd = OUT / "bad_inputs_cwd"  # cases run here, as the tests run them in a scratch folder
        cwd.mkdir(parents=True, exist_ok=True)
        medians: list[tuple[float, str]] = []
        unexpected: list[str] = []
        peaks: list[int] = []
        for case in cases:
            walls = []
            for _ in range(self.plan.bad_repeat):
                result, _, _ = run_once(case.argv, 10.0, cwd=cwd)
                walls.append(result.wall)
                peaks.append(result.maxrss)
                if result.timed_out:
                    unexpected.append(f"{case.name} (timeout)")
                    break
                if result.status != case.expected:
                    unexpected.append(f"{case.name} (exit {result.status}, expected {case.expected})")
                    break
            medians.append((statistics.median(walls), case.name))
        medians.sort()
        worst = medians[-1][0]
        middle = statistics.median(w for w, _ in medians)
        slowest = ", ".join(f"{name} {seconds(wall)}" for wall, name in reversed(medians[-3:]))
        notes = [f"{len(cases)} of {total} cases; slowest: {slowest}; peak RSS {mib(max(peaks))}"]
        if unexpected:
            shown = ", ".join(unexpected[:5]) + (" ..." if len(unexpected) > 5 else "")
            notes.append(f"{len(unexpected)} ended otherwise than cases.json expects: {shown}")
        command = "laoshan ARGS of each case"
        self.rows.append(Row("g. reject bad inputs, median", command, seconds(middle), "", "", "", "< 1 s", middle < 1))
        self.rows.append(
            Row("g. reject bad inputs, max", command, seconds(worst), "", "", "", target, worst < 1, "; ".join(notes))
        )

    def worst_files(self) -> None:
        """h: every worst case of tightening that generate.py writes, at 64 KB, each within 2 s."""
        tools = self.tools
        OUT.mkdir(parents=True, exist_ok=True)
        size = 8 * 1024 if self.plan.quick else 64 * 1024
        commands = []
        for kind in generate.WORST_KINDS:
            path = OUT / f"worst-{kind}-{size}.yaml"
            text = generate.worst_case(kind, size)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            count = text.count("{formula: ")
            last = text.split("{formula: ")[-2].rsplit("\n", 1)[-1].split(":")[0].strip()
            commands.append(
                Command(
                    kind,
                    f"laoshan --data {path.name} --no-cache metrics --format json",
                    tools.laoshan_argv("metrics", "--format", "json", data=path, no_cache=True),
                    expect_metrics_json(count, last),
                    60.0,
                )
            )
        self.measure("h", commands, self.plan.big_repeat)
        timed = [(c.median(), c) for c in commands if c.median() is not None]
        target = "<= 2 s"
        name = f"h. worst {size // 1024} KB file"
        if not timed:
            self.rows.append(not_measured(name, target, "; ".join(f"{c.key}: {c.problem}" for c in commands)))
            return
        worst, slowest = max(timed, key=lambda pair: pair[0] or 0.0)
        assert worst is not None
        each = ", ".join(f"{c.key} {seconds(m)}" for m, c in sorted(timed, key=lambda pair: -(pair[0] or 0.0)))
        problems = "; ".join(f"{c.key}: {c.problem}" for c in commands if c.problem)
        note = f"max of the medians of {len(timed)} files: {each}" + (f"; {problems}" if problems else "")
        self.rows.append(Row(name, slowest.label, seconds(worst), "", "", "", target, worst <= 2.0, note))

    def consistency(self) -> None:
        """i: consistent on 50 figures, 50 metrics and 50 checks in one group, each way it can end, within 1 s."""
        tools = self.tools
        OUT.mkdir(parents=True, exist_ok=True)
        commands = []
        for key, conflict, status in (("consistent", False, 0), ("inconsistent", True, 1)):
            path = OUT / f"consistency-50-{key}.yaml"
            text = generate.consistency_case(10, conflict=conflict)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")

            def verify(code: int, stdout: bytes, stderr: bytes, status: int = status, key: str = key) -> str | None:
                ok = code == status and stdout.startswith(f"{key}:".encode())
                return None if ok else f"exit {code}: {stdout[:80]!r} {stderr[:200]!r}"

            argv = tools.laoshan_argv("consistent", data=path, no_cache=True)
            label = f"laoshan --data {path.name} --no-cache consistent"
            commands.append(Command(key, label, argv, verify, status=status))
        baseline = Command(
            "validate",
            "laoshan --data consistency-50-consistent.yaml --no-cache validate",
            tools.laoshan_argv("validate", data=OUT / "consistency-50-consistent.yaml", no_cache=True),
            expect_ok,
        )
        self.measure("j", [*commands, baseline], self.plan.fast_repeat)
        for command in commands:
            median = command.median()
            row = compare(f"j. consistent, 50+50+50, {command.key}", command, baseline, math.inf, "<= 1 s")
            self.rows.append(replace(row, met=None if median is None else median <= 1.0))

    def run(self) -> None:
        if self.wanted("a"):
            self.startup()
        if self.wanted("b"):
            self.report()
        if self.wanted("c") or self.wanted("d") or self.wanted("e") or self.wanted("f"):
            big, small = self.big_files()
            if self.wanted("c") or self.wanted("d") or self.wanted("e"):
                self.throughput(big, small)
            if self.wanted("f"):
                self.repeat_query(big)
        if self.wanted("g"):
            self.bad_inputs()
        if self.wanted("h"):
            self.worst_files()
        if self.wanted("i"):
            self.scripts()
        if self.wanted("j"):
            self.consistency()


@dataclass
class BadCase:
    name: str
    argv: list[str]
    expected: int  # exit status


def bad_cases(folder: Path, tools: Tools) -> list[BadCase]:
    """The corpus's cases, as tests/test_bad_inputs.py runs them.

    With a cases.json manifest: each case's args (default `validate {file}`),
    with generated files written by the corpus's generate.py into
    benchmarks/out/bad_inputs/. Without one: `validate FILE` for every YAML
    file, or else every file that is not documentation.
    """
    manifest = folder / "cases.json"
    if manifest.is_file():
        cases = json.loads(manifest.read_text(encoding="utf-8"))["cases"]
        generated = OUT / "bad_inputs"
        if any(case.get("generated") for case in cases):
            spec = importlib.util.spec_from_file_location("bad_inputs_generate", folder / "generate.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.write_all(generated)
        found = []
        for case in cases:
            path = (generated if case.get("generated") else folder) / case["file"] if "file" in case else None
            args: list[str] = case.get("args", ["validate", "{file}"])
            text = ""
            if path is not None and any("{text}" in a for a in args):
                text = path.read_text(encoding="utf-8").rstrip("\n")
            argv = [a.replace("{file}", str(path)).replace("{text}", text) for a in args]
            found.append(BadCase(case["id"], [tools.laoshan, *argv], int(case.get("exit", 2))))
        return found
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    chosen = [p for p in files if p.suffix in (".yaml", ".yml")]
    if not chosen:
        skip = {".md", ".txt", ".py", ".json", ".err", ".expected", ".out", ".toml", ".rst"}
        chosen = [p for p in files if p.suffix not in skip and not p.name.startswith(".")]
    return [
        BadCase(str(p.relative_to(folder)), tools.laoshan_argv("validate", data=p, no_cache=True), 2) for p in chosen
    ]


# -- the report ------------------------------------------------------------------------------


def markdown(suite: Suite, info: dict[str, str], plan: Plan, started: float) -> str:
    lines = ["# laoshan benchmarks", ""]
    mode = "quick (smoke)" if plan.quick else "full"
    lines.append(
        f"Mode: {mode}; {plan.fast_repeat} rounds for fast scenarios, {plan.big_repeat} for big files; "
        f"big file {plan.big[0]:,} figures + {plan.big[1]:,} metrics, small {plan.small[0]:,} + {plan.small[1]:,}. "
        f"Took {time.monotonic() - started:.0f} s."
    )
    end_hash = source_hash()
    if end_hash not in info["code"]:
        lines += ["", f"**Warning: laoshan_cli changed during the run** (sha256 {end_hash} at the end, see Machine):"]
        lines.append("the numbers mix versions of the code; run again on a quiet tree.")
    lines += ["", "| scenario | command | median | baseline | baseline median | ratio | target | met? |"]
    lines.append("|---|---|---|---|---|---|---|---|")
    notes = []
    for row in suite.rows:
        met = {True: "yes", False: "**no**", None: "n/a"}[row.met]
        cells = [row.scenario, f"`{row.command}`" if row.command else "", row.median]
        cells += [f"`{row.baseline}`" if row.baseline else "", row.baseline_median, row.ratio, row.target, met]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if row.note:
            notes.append(f"- {row.scenario}: {row.note}")
    if notes:
        lines += ["", "Notes:", "", *notes]
    lines += ["", "## Every command", ""]
    lines.append("| scenario | command | n | min | median | max | IQR | peak RSS (max) |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for scenario, command in suite.commands:
        walls = sorted(command.walls())
        if not walls:
            lines.append(f"| {scenario} | `{command.label}` | 0 | | | | | |")
            continue
        quartiles = statistics.quantiles(walls, n=4) if len(walls) >= 2 else [walls[0]] * 3
        cells = [
            scenario,
            f"`{command.label}`",
            str(len(walls)),
            seconds(walls[0]),
            seconds(statistics.median(walls)),
            seconds(walls[-1]),
            seconds(quartiles[2] - quartiles[0]),
            mib(command.peak()),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines.append(f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return "\n".join(lines) + "\n"


def results_json(suite: Suite, info: dict[str, str]) -> dict[str, object]:
    commands = []
    for scenario, command in suite.commands:
        commands.append(
            {
                "scenario": scenario,
                "command": command.label,
                "argv": [shlex.quote(a) for a in command.argv],
                "walls": command.walls(),
                "maxrss": [m.maxrss for m in command.samples],
                "problem": command.problem,
            }
        )
    rows = [row.__dict__ for row in suite.rows]
    return {"machine": info, "rows": rows, "commands": commands}


def precompile(tools: Tools) -> None:
    """Compile laoshan_cli to bytecode, as `pip install` does for a wheel.

    An editable install under PYTHONDONTWRITEBYTECODE=1 (set on these machines)
    would otherwise recompile every module from source on every run, while
    click, the baseline, loads the bytecode pip wrote when installing it.
    """
    subprocess.run([tools.python, "-m", "compileall", "-q", str(REPO / "laoshan_cli")], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run laoshan's benchmark scenarios against their baselines.")
    parser.add_argument("--quick", action="store_true", help="smoke pass: small files, 3 rounds (under a minute)")
    parser.add_argument("--repeat", type=int, metavar="K", help="rounds for every scenario (default 15 fast, 5 big)")
    parser.add_argument("--big-repeat", type=int, metavar="K", help="rounds for the big-file scenarios c/d/e only")
    parser.add_argument("--only", metavar="a,b,...", help="run only these scenarios (letters a-j)")
    parser.add_argument("--python", metavar="PATH", help="the Python of the venv laoshan is installed in")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--reference", metavar="LAOSHAN", help="another install's laoshan (such as main's), a baseline for scenario i"
    )
    args = parser.parse_args(argv)
    if any(k is not None and k < 1 for k in (args.repeat, args.big_repeat)):
        parser.error("--repeat and --big-repeat need a positive number")
    if args.quick:
        plan = Plan(True, 3, 3, 1, (1000, 1000), (100, 100), set(), 120.0)
    else:
        plan = Plan(False, 15, 5, 3, (50_000, 50_000), (5_000, 5_000), set(), 3600.0)
    plan.reference = args.reference
    if args.repeat is not None:
        plan.fast_repeat = plan.big_repeat = args.repeat
    if args.big_repeat is not None:
        plan.big_repeat = args.big_repeat
    if args.only:
        plan.only = {s.strip().lower() for s in args.only.split(",") if s.strip()}
        unknown = plan.only - set("abcdefghij")
        if unknown:
            parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.monotonic()
    tools = find_tools(args.python)
    precompile(tools)
    info = machine(tools)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    suite = Suite(tools, plan, log)
    suite.run()
    text = markdown(suite, info, plan, started)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(text)
    (OUT / "results.json").write_text(json.dumps(results_json(suite, info), indent=1) + "\n")
    print(text, end="")
    log(f"written: {(OUT / 'results.md').relative_to(REPO)}, {(OUT / 'results.json').relative_to(REPO)}")
    missed = any(row.met is False for row in suite.rows)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
