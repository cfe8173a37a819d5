"""The package's layers, proven from its source: who may import whom, no cycles, and a pure engine.

    core     numbers, units, bounds, formulas, the bounds policy, model, engine (pure)
    loading  files, the shipped data, the YAML reader, the loader, the schema (pure)
    drafting figures read from an article's own text, for `laoshan draft` (pure)
    output   terminal facts, formatting, tables, JSON/CSV, JUnit, graph, snapshot
    cli      the process entry, options, session, cache, commands, streams
    api.py   the Python API over core and loading

Purity is a property of a package, not of a hand-kept list: every module
under core/ and loading/ is checked, including any added later.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "laoshan_cli"
PURE_LAYERS = ("core", "loading", "drafting")
# What each layer may import from laoshan_cli; a layer never reaches up.
ALLOWED = {
    "core": {"core"},
    "loading": {"core", "loading"},
    "drafting": {"core", "loading", "drafting"},
    "output": {"core", "loading", "drafting", "output"},
    "api": {"core", "loading", "api"},
    "cli": {"core", "loading", "drafting", "output", "cli"},
    "root": {"core", "loading", "drafting", "output", "api", "cli", "root"},
}
IMPURE_LIBRARIES = {"click", "rich", "sqlite3"}


def module_name(path: Path) -> str:
    parts = ["laoshan_cli", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return "root"
    return parts[1] if parts[1] in ALLOWED else "root"


def imports_of(module: str) -> list[tuple[int, str]]:
    """Every module that `module` imports (at any depth of its code), absolute, with its line."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from package import module` imports the module too.
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names if f"{target}.{a.name}" in MODULES]
    return found


def internal_edges(module: str) -> set[str]:
    return {target for _, target in imports_of(module) if target in MODULES and target != module}


def test_the_package_is_laid_out_in_layers() -> None:
    """Only the public API and entry points sit at the top; there are no re-export shims of old flat modules."""
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert top == ["__init__.py", "__main__.py", "api.py", "cli", "core", "drafting", "loading", "output", "py.typed"]
    for layer in ("core", "loading", "drafting", "output", "cli"):
        assert (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8").startswith('"""')


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    allowed = ALLOWED[layer_of(module)]
    for line, target in imports_of(module):
        if target.split(".")[0] == "laoshan_cli" and target != "laoshan_cli":
            assert layer_of(target) in allowed, f"{MODULES[module]}:{line} ({layer_of(module)}) imports {target}"
        assert target != "laoshan_cli" or layer_of(module) == "root", f"{MODULES[module]}:{line} imports the top"


def test_there_are_no_import_cycles() -> None:
    graph = {module: internal_edges(module) for module in MODULES}
    # A package's __init__ is imported before its modules; an edge to it is not a cycle of code.
    packages = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    graph = {m: {t for t in targets if t not in packages} for m, targets in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_layer_checks_can_fail() -> None:
    """The walker sees imports at any depth and resolves relative ones."""
    edges = internal_edges("laoshan_cli.cli.commands.query")
    assert "laoshan_cli.cli.session" in edges and "laoshan_cli.output.render" in edges  # the second is lazy
    assert layer_of("laoshan_cli.output.render") not in ALLOWED["core"]


PURE_MODULES = sorted(m for m in MODULES if layer_of(m) in PURE_LAYERS)


def assert_never_prints_or_exits(path: Path) -> None:
    """No print, exit or echo, and no import of click, rich or sqlite3, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            assert name not in {"print", "exit", "_exit", "echo", "abort"}, f"{path}:{node.lineno} calls {name}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            )
            assert not any(n.split(".")[0] in IMPURE_LIBRARIES for n in names), f"{path}:{node.lineno} imports {names}"


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_never_prints_exits_or_imports_the_edge(module: str) -> None:
    assert_never_prints_or_exits(MODULES[module])


def test_pure_layers_load_neither_click_rich_nor_sqlite3() -> None:
    code = (
        "import sys\n"
        f"for name in {PURE_MODULES!r}:\n"
        "    __import__(name)\n"
        "from laoshan_cli.core.engine import Engine\n"
        "from laoshan_cli.loading.loader import load\n"
        "from laoshan_cli.loading.shipped import shipped_data_path\n"
        "engine = Engine(load(shipped_data_path()))\n"
        "engine.items(engine.dataset.metrics); engine.checks(); engine.explain('hightech_output_increase_2016')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich', 'sqlite3', '_sqlite3'))\n"
        "bad += sorted(m for m in sys.modules if m.startswith(('laoshan_cli.output', 'laoshan_cli.cli')))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_no_eval_or_exec_anywhere() -> None:
    for path in MODULES.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile"}, f"{path}:{node.lineno}"


def test_engine_arithmetic_uses_no_floats() -> None:
    """No float literal or float() call in the engine (the schema's examples may be floats)."""
    for module in (m for m in PURE_MODULES if layer_of(m) == "core"):
        path = MODULES[module]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), f"{path}:{node.lineno}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "float", f"{path}:{node.lineno} calls float()"
