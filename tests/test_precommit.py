"""The pre-commit hooks that other repositories use: .pre-commit-hooks.yaml at the root.

pre-commit runs a hook as its entry, then the hook's `args`, then the staged
files that match `files` and `types`, several at once (and in several
processes for many files). So each entry must name a laoshan command that
takes data files as arguments.
"""

from __future__ import annotations

import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Invoke

from laoshan_cli.cli.app import all_commands

ROOT = Path(__file__).resolve().parent.parent
HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BY_ID = {hook["id"]: hook for hook in HOOKS}
HARBOUR = str(ROOT / "tests" / "cases" / "harbour.yaml")
SHIPPED = str(ROOT / "data" / "indicators.yaml")

REQUIRED = {"id", "name", "entry", "language"}
# The keys pre-commit's manifest schema knows (pre_commit/clientlib.py); a typo would be ignored with a warning.
KNOWN = REQUIRED | {
    "alias",
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "additional_dependencies",
    "args",
    "always_run",
    "fail_fast",
    "pass_filenames",
    "description",
    "language_version",
    "log_file",
    "minimum_pre_commit_version",
    "require_serial",
    "stages",
    "verbose",
}


def test_the_two_hooks_are_there() -> None:
    assert [hook["id"] for hook in HOOKS] == ["laoshan-validate", "laoshan-check"]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_hook_has_the_required_keys_and_no_unknown_ones(hook: dict[str, Any]) -> None:
    assert set(hook) >= REQUIRED
    assert set(hook) <= KNOWN, set(hook) - KNOWN
    assert all(isinstance(hook[key], str) and hook[key] for key in REQUIRED)
    assert hook["language"] == "python"  # pre-commit pip-installs this repository, which provides `laoshan`
    assert hook["pass_filenames"] is True and hook["types"] == ["yaml"]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_entry_is_a_laoshan_command(hook: dict[str, Any]) -> None:
    program, command, *rest = shlex.split(hook["entry"])
    assert program == "laoshan"
    assert [ep.value for ep in entry_points(group="console_scripts", name="laoshan")] == ["laoshan_cli.cli.entry:main"]
    assert command in all_commands()
    assert hook["name"] == f"laoshan {command}" and rest == []


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("data/indicators.yaml", True),
        ("indicators.yml", True),
        ("reports/2016/harbour.laoshan.yaml", True),
        ("harbour.laoshan.yml", True),
        (".github/workflows/ci.yml", False),
        ("tests/cases/harbour.yaml", False),
        ("data/myindicators.yaml", False),
        ("data/indicators.yaml.bak", False),
        ("data/indicators.schema.json", False),
        (".laoshan.yaml", False),
    ],
)
@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
def test_files_pattern(hook: dict[str, Any], path: str, matches: bool) -> None:
    """pre-commit matches `files` with Python's re.search on the path from the repository root."""
    assert (re.search(hook["files"], path) is not None) == matches


def hook_command(hook_id: str, files: list[str], args: tuple[str, ...] = ()) -> list[str]:
    """The command line pre-commit builds: entry, then args, then the matching files."""
    program, *words = shlex.split(BY_ID[hook_id]["entry"])
    assert program == "laoshan"
    return [*words, *args, *files]


# -- as pre-commit runs them (needs `validate FILE...` and `check [FILE]...`) ---------------


def test_validate_hook_on_one_file(invoke: Invoke) -> None:
    result = invoke(hook_command("laoshan-validate", [SHIPPED]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{SHIPPED}: ok (15 figures, 14 metrics, 11 checks)\n"


def test_validate_hook_on_several_files(invoke: Invoke) -> None:
    result = invoke(hook_command("laoshan-validate", [SHIPPED, HARBOUR]))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{SHIPPED}: ok (15 figures, 14 metrics, 11 checks)",
        f"{HARBOUR}: ok (6 figures, 5 metrics, 3 checks)",
    ]


def test_validate_hook_fails_on_a_bad_file(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.laoshan.yaml"
    bad.write_text("figures:\n  a:\n    valu: 1\n", encoding="utf-8")
    result = invoke(hook_command("laoshan-validate", [SHIPPED, str(bad)]))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}:3:5: unknown field 'valu'")


def test_check_hook_on_one_passing_file(invoke: Invoke) -> None:
    result = invoke(hook_command("laoshan-check", [SHIPPED]))
    assert result.exit_code == 0, result.stderr
    assert "11 checks: 11 pass, 0 fail, 0 uncertain" in result.stdout


def test_check_hook_fails_when_one_file_has_a_failing_check(invoke: Invoke) -> None:
    result = invoke(hook_command("laoshan-check", [SHIPPED, HARBOUR]))
    assert result.exit_code == 1, result.stderr
    assert SHIPPED in result.stdout and HARBOUR in result.stdout
    assert "3 checks: 1 pass, 1 fail, 1 uncertain" in result.stdout


def test_check_hook_with_strict_args(invoke: Invoke, write_data) -> None:  # type: ignore[no-untyped-def]
    uncertain = write_data("figures:\n  a:\n    value: 1.5\nchecks:\n  - name: u\n    assert: a > 1.5\n")
    assert invoke(hook_command("laoshan-check", [str(uncertain)])).exit_code == 0
    assert invoke(hook_command("laoshan-check", [str(uncertain)], ("--strict",))).exit_code == 1
