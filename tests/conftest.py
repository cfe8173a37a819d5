"""Shared fixtures: run the CLI in-process, and write small data files."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoshan_cli.cli.app import run

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "indicators.yaml"


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
