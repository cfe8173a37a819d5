"""Shared fixtures: run the CLI in-process, and write small data files; the test profiles.

Two profiles, chosen by LAOSHAN_TEST_PROFILE: "quick" (the default, for work
in progress) caps every hypothesis test at QUICK_EXAMPLES examples and runs a
sample of the subprocess corpus in test_bad_inputs.py; "thorough" (what
.ci/run selects) runs each test's own max_examples and the whole corpus as
subprocesses. The assertions are the same in both.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import is_hypothesis_test, settings

from laoshan_cli.cli.app import run

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "indicators.yaml"

PROFILE = os.environ.get("LAOSHAN_TEST_PROFILE") or "quick"
THOROUGH = PROFILE == "thorough"
QUICK_EXAMPLES = 25
if PROFILE not in ("quick", "thorough"):
    raise pytest.UsageError(f"LAOSHAN_TEST_PROFILE={PROFILE!r}: use 'quick' (the default) or 'thorough'")
settings.register_profile("quick", max_examples=QUICK_EXAMPLES, deadline=None)
settings.register_profile("thorough", deadline=None)
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    counts = "each test's own max_examples" if THOROUGH else f"at most {QUICK_EXAMPLES} examples a test"
    return f"laoshan test profile: {PROFILE} ({counts}; LAOSHAN_TEST_PROFILE=thorough|quick)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """In the quick profile, cap the examples of tests that ask for more (their own count is the thorough one)."""
    if THOROUGH:
        return
    for item in items:
        test = getattr(item, "obj", None)
        if test is None or not is_hypothesis_test(test):
            continue
        # Where hypothesis keeps a test's @settings; it reads them when the test runs.
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if not isinstance(own, settings):
            raise pytest.UsageError(f"{item.nodeid}: cannot read its hypothesis settings to cap them")
        if own.max_examples > QUICK_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(own, max_examples=QUICK_EXAMPLES)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the user's data file, cache, colour settings or terminal width."""
    for name in ("LAOSHAN_DATA", "LAOSHAN_TRACEBACK", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LAOSHAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def invoke() -> Invoke:
    """Run `laoshan ARGS` in this process; returns exit code, stdout and stderr."""

    def call(args: list[str], env: Mapping[str, str | None] | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        with runner.isolation(input=input, env={"COLUMNS": "100", **(env or {})}) as streams:
            code = run(args)
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = streams[0].getvalue(), streams[1].getvalue()
        return Result(code, stdout.decode(), stderr.decode())

    return call


@pytest.fixture
def write_data(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Write a data file from (dedented) YAML text and return its path."""
    count = 0

    def write(text: str, name: str | None = None) -> Path:
        nonlocal count
        count += 1
        path = tmp_path / (name or f"data{count}.yaml")
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    yield write
