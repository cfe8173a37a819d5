"""The README is true: its examples are real output, and its Quick start is what CI runs."""

from __future__ import annotations

import re

import pytest
from readme_examples import README, examples, run_example

from laoshan_cli.cli.app import all_commands

TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.command for e in EXAMPLES])
def test_example_output_is_real(example, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run_example(example.command, str(tmp_path)) == example.output


def quick_start() -> list[str]:
    section = re.search(r"^## Quick start\n(.*?)^## ", TEXT, re.M | re.S)
    assert section, "README has no Quick start section"
    block = re.search(r"```(?:sh|bash|shell)?\n(.*?)```", section.group(1), re.S)
    assert block, "Quick start has no code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start()
    assert len(commands) == 2
    assert "laoshan report" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "Quick start" in ci, ".ci/run should take its test command from the README"


COMMANDS = all_commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    assert re.search(rf"^### `laoshan {name}", TEXT, re.M), f"README has no section for laoshan {name}"


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_every_command_has_help_with_an_example(command) -> None:  # type: ignore[no-untyped-def]
    assert command.help, f"{command.name} has no help"
    assert "Example:" in command.help and "laoshan" in command.help.split("Example:")[1]


def test_limits_table_matches_the_code() -> None:
    from laoshan_cli.core.limits import describe_limits

    for name, default, meaning in describe_limits():
        assert f"| `{name}` | {default:,} | {meaning} |" in TEXT, f"README's limits table is wrong about {name}"


def test_every_exit_status_is_documented() -> None:
    """The "Exit codes" table lists exactly the ExitStatus members, in order."""
    from laoshan_cli.cli.streams import ExitStatus

    section = re.search(r"^## Exit codes\n(.*?)^## ", TEXT, re.M | re.S)
    assert section, "README has no Exit codes section"
    table = re.search(r"^\| Code \| Meaning \|\n\|---\|---\|\n((?:\|.*\n)+)", section.group(1), re.M)
    assert table, "Exit codes has no table"
    codes = [int(row.split("|")[1]) for row in table.group(1).splitlines()]
    assert codes == [int(status) for status in ExitStatus]


def python_examples() -> list[str]:
    section = re.search(r"^## Python API\n(.*?)^## ", TEXT, re.M | re.S)
    assert section, "README has no Python API section"
    return re.findall(r"```python\n(.*?)```", section.group(1), re.S)


def test_python_api_example_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    [example] = python_examples()
    result = subprocess.run(
        [sys.executable, "-c", example], cwd=README.parent, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("hightech_output_2015 37.914230019493")
    assert lines[1] == "473.24 100 million CNY"
    assert lines[2] == "hightech_growth_2016"
    assert lines[3] == "hightech_output_2016"  # the left side of hightech_output_2016 > hightech_output_2015
    assert lines[4] == "CNY/USD"
    assert "no figure or metric named 'no_such_metric'" in lines[5]


def test_readme_mermaid_graph_is_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    block = re.search(r"^```mermaid\n(.*?)^```\n", TEXT, re.M | re.S)
    assert block, "README has no Mermaid graph"
    assert run_example("laoshan graph", str(tmp_path)) == block.group(1)
