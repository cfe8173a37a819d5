"""The engine is pure: no click, no rich, no printing, no exiting."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "laoshan_cli"
ENGINE_MODULES = [
    "arithmetic",
    "bounds",
    "dimensions",
    "engine",
    "errors",
    "formula",
    "graph",
    "limits",
    "loader",
    "model",
    "numbers",
    "policy",
    "shipped",
    "snapshot",
    "units",
    "yamltree",
]


def test_engine_imports_neither_click_nor_rich() -> None:
    code = (
        "import sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    __import__('laoshan_cli.' + name)\n"
        "from laoshan_cli.engine import Engine\n"
        "from laoshan_cli.loader import load\n"
        "from laoshan_cli.shipped import shipped_data_path\n"
        "engine = Engine(load(shipped_data_path()))\n"
        "engine.items(engine.dataset.metrics); engine.checks(); engine.explain('hightech_output_increase_2016')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_module_never_prints_or_exits(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            assert name not in {"print", "exit", "_exit", "echo"}, f"{module}.py:{node.lineno} calls {name}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            )
            assert not any(n.split(".")[0] in {"click", "rich"} for n in names), f"{module}.py imports {names}"


def test_no_eval_or_exec_anywhere() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile"}, f"{path.name}:{node.lineno}"


def test_engine_arithmetic_uses_no_floats() -> None:
    """Float literals or float() calls have no place in the engine's arithmetic."""
    for module in ENGINE_MODULES:
        tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), f"{module}.py:{node.lineno}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "float", f"{module}.py:{node.lineno} calls float()"
