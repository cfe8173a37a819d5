"""The README's console examples: parse them, run them, and (with --update) rewrite them.

A console block looks like this, and may hold several commands:

    ```console
    $ laoshan get hightech_output_2015 --format plain
    37.914230019493175
    ```

Each command runs in the repository root through bash, with stdout and
stderr together, as a reader at a 120-column terminal without colour would
see them. `python tests/readme_examples.py --update` refreshes the outputs
after a deliberate change; tests/test_readme.py fails whenever they differ.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)


@dataclass(frozen=True)
class Example:
    command: str
    output: str


def examples(text: str) -> list[Example]:
    found = []
    for block in BLOCK.finditer(text):
        command = None
        lines: list[str] = []
        for line in block.group(1).splitlines(keepends=True):
            if line.startswith("$ "):
                if command is not None:
                    found.append(Example(command, "".join(lines)))
                command, lines = line[2:].rstrip("\n"), []
            else:
                lines.append(line)
        if command is not None:
            found.append(Example(command, "".join(lines)))
    return found


def run_example(command: str, cache_dir: str) -> str:
    env = dict(os.environ)
    for name in ("LAOSHAN_DATA", "LAOSHAN_TRACEBACK", "NO_COLOR"):
        env.pop(name, None)
    env.update(
        COLUMNS="120",
        LAOSHAN_CACHE_DIR=cache_dir,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONIOENCODING="utf-8",
    )
    completed = subprocess.run(
        ["bash", "-c", "{ " + command + "\n} 2>&1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return completed.stdout


def update() -> None:
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as cache_dir:

        def refresh(block: re.Match[str]) -> str:
            parts = []
            for example in examples(block.group(0)):
                parts.append(f"$ {example.command}\n{run_example(example.command, cache_dir)}")
            return "```console\n" + "".join(parts) + "```\n"

        README.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit("usage: python tests/readme_examples.py --update")
