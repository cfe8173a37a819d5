"""Shell completion, through click's protocol and once in a real bash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke

HARBOUR = str(Path(__file__).parent / "cases" / "harbour.yaml")


def complete(invoke: Invoke, words: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash completion would offer for the last word of `words`."""
    parts = words.split(" ")
    result = invoke(
        [],
        env={
            "_LAOSHAN_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_completes_commands(invoke: Invoke) -> None:
    assert complete(invoke, "laoshan me") == ["memo", "metrics"]
    assert {"calc", "check", "completion", "consistent"} <= set(complete(invoke, "laoshan c"))


def test_completes_options(invoke: Invoke) -> None:
    assert "--format" in complete(invoke, "laoshan get hightech_output_2015 --f")
    assert "--no-cache" in complete(invoke, "laoshan --no")


def test_completes_names_of_the_shipped_data(invoke: Invoke) -> None:
    assert complete(invoke, "laoshan get hightech_output_201") == [
        "hightech_output_2016",
        "hightech_output_2016_usd",
        "hightech_output_2015",
    ]


def test_completes_names_of_the_file_given_with_data(invoke: Invoke) -> None:
    assert complete(invoke, f"laoshan --data {HARBOUR} explain cargo_") == [
        "cargo_2020",
        "cargo_growth_2020",
        "cargo_2019",
        "cargo_change",
        "cargo_per_berth",
    ]


def test_completes_names_of_the_file_in_the_environment(invoke: Invoke) -> None:
    assert complete(invoke, "laoshan get ber", env={"LAOSHAN_DATA": HARBOUR}) == ["berths"]


def test_a_broken_data_file_completes_nothing_and_prints_no_error(invoke: Invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("figures: [\n")
    result = invoke(
        [],
        env={"_LAOSHAN_COMPLETE": "bash_complete", "COMP_WORDS": f"laoshan --data {broken} get a", "COMP_CWORD": "4"},
    )
    assert result.exit_code == 0 and result.stdout.strip() == "" and result.stderr == ""


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_command_prints_the_script(invoke: Invoke, shell: str) -> None:
    result = invoke(["completion", shell])
    assert result.exit_code == 0
    assert "_LAOSHAN_COMPLETE" in result.stdout
    assert f"{shell}_complete" in result.stdout


def test_completion_in_a_real_bash(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    assert bash, "bash is needed for this test"
    bin_dir = Path(sys.executable).parent
    script = f"""
        export PATH="{bin_dir}:$PATH" LAOSHAN_CACHE_DIR="{tmp_path}"
        eval "$(laoshan completion bash)"
        COMP_WORDS=(laoshan --data {HARBOUR} get cargo_20)
        COMP_CWORD=4
        _laoshan_completion laoshan  # as bash calls it: the command's name is $1
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run([bash, "--norc", "--noprofile", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cargo_2020", "cargo_2019"]
