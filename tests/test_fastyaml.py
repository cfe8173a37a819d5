"""The YAML fast path (laoshan_cli/fastyaml.py) against the event parser (yamltree.py).

`parse_simple` must give exactly the tree `yamltree.parse` gives (every
attribute of every node, in order), or None; and None whenever `parse`
raises. The checks: every YAML file in the repository, generated data files
of several sizes and seeds, snippets at the edges of the subset, and
hypothesis, with documents drawn from a grammar of the subset and with
random mutations of them and of the shipped files.

FASTYAML_EXAMPLES=5000 pytest tests/test_fastyaml.py  runs hypothesis longer.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoshan_cli import fastyaml
from laoshan_cli.errors import LaoshanError
from laoshan_cli.fastyaml import parse_simple
from laoshan_cli.limits import Limits
from laoshan_cli.yamltree import Mapping, Node, Scalar, Sequence, decode, parse

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits()
EXAMPLES = int(os.environ.get("FASTYAML_EXAMPLES", "200"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# -- the oracle ---------------------------------------------------------------------------------------------------


def children(node: Node) -> list[Node]:
    """A collection's nodes in order; for a mapping, each key and then its value."""
    if isinstance(node, Mapping):
        return [part for key, value in node.items for part in (key, value)]
    if isinstance(node, Sequence):
        return list(node.items)
    return []


def differences(ours: Node, theirs: Node, where: str = "root") -> str | None:
    """The first difference between two trees, comparing every slot of every node; None when equal."""
    if type(ours) is not type(theirs):
        return f"{where}: {type(ours).__name__} != {type(theirs).__name__}"
    for slot in type(ours).__slots__:
        if slot != "items" and getattr(ours, slot) != getattr(theirs, slot):
            return f"{where}.{slot}: {getattr(ours, slot)!r} != {getattr(theirs, slot)!r}"
    mine, others = children(ours), children(theirs)
    if len(mine) != len(others):
        return f"{where}: {len(mine)} nodes below != {len(others)}"
    for index, (a, b) in enumerate(zip(mine, others, strict=True)):
        found = differences(a, b, f"{where}/{index}")
        if found:
            return found
    return None


def check(text: str, limits: Limits = LIMITS) -> Mapping | None:
    """Run both parsers; the fast path must agree or say None. Returns the fast path's answer."""
    try:
        expected: Mapping | None = parse(text, "t.yaml", limits)
    except (LaoshanError, UnicodeEncodeError, ValueError):  # see below
        expected = None
    got = parse_simple(text, "t.yaml", limits)
    if expected is None:
        assert got is None, f"the fast path gives a tree for text the event parser refuses: {text!r}"
    elif got is not None:
        found = differences(got, expected)
        assert found is None, f"{found}\nin {text!r}"
    return got


def test_the_oracle_compares_every_slot() -> None:
    """If a node class gains a slot, `differences` compares it too; this pins what it compares today."""
    assert set(Scalar.__slots__) == {"value", "plain", "columns_match", "line", "column"}
    assert set(Mapping.__slots__) == {"items", "line", "column"}
    assert set(Sequence.__slots__) == {"items", "line", "column"}
    a = parse("a: 1\n", "t", LIMITS)
    b = parse("a: 1 \n", "t", LIMITS)
    c = parse("a: '1'\n", "t", LIMITS)
    assert differences(a, b) is None
    assert differences(a, c) is not None


# -- the files in the repository ----------------------------------------------------------------------------------


def yaml_files() -> list[Path]:
    """Every YAML file in the checkout, and the loader's fuzz seeds; not the virtual environment or generated output."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in SKIPPED]
        for name in files:
            path = Path(folder) / name
            if path.suffix in (".yaml", ".yml") or path.parent == ROOT / "fuzz" / "seeds" / "loader":
                found.append(path)
    return sorted(found)


SKIPPED = {"out", "corpus-formula", "corpus-loader", "corpus-fastyaml", "__pycache__", "build", "dist"}
YAML_FILES = yaml_files()
MUST_BE_FAST = {"data/indicators.yaml", "tests/cases/harbour.yaml"}


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_repository_file(path: Path) -> None:
    try:
        text = decode(path.read_bytes(), str(path), LIMITS)
    except LaoshanError:
        return
    got = check(text)
    if str(path.relative_to(ROOT)) in MUST_BE_FAST:
        assert got is not None
    # Every file again as Windows would save it, and with tight limits.
    check(text.replace("\n", "\r\n"))
    check(text, Limits(max_depth=2, max_nodes=40, max_string_length=30))


def test_the_shipped_files_take_the_fast_path() -> None:
    for name in MUST_BE_FAST:
        assert parse_simple((ROOT / name).read_text(encoding="utf-8"), name, LIMITS) is not None


def load_generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    if not path.exists():
        pytest.skip("benchmarks/generate.py is not in this checkout")
    spec = importlib.util.spec_from_file_location("laoshan_benchmarks_generate", path)
    assert spec and spec.loader
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("figures", "metrics", "seed"), [(30, 2, 1), (200, 150, 2), (1000, 1000, 3), (2500, 2000, 4)])
def test_generated_file(tmp_path: Path, figures: int, metrics: int, seed: int) -> None:
    generator = load_generator()
    out = tmp_path / "big.yaml"
    generator.generate(figures, metrics, str(out), seed=seed)
    text = decode(out.read_bytes(), str(out), LIMITS)
    assert check(text) is not None
    assert check(text.replace("\n", "\r\n")) is not None
    # Limits just at and just under what the file needs.
    tree = parse(text, "t", LIMITS)
    longest = max(len(node.value) for node in scalars(tree))
    assert check(text, Limits(max_string_length=longest)) is not None
    check(text, Limits(max_string_length=longest - 1))
    check(text, Limits(max_depth=3))
    assert check(text, Limits(max_depth=4)) is not None
    nodes = count(tree)
    check(text, Limits(max_nodes=nodes))
    check(text, Limits(max_nodes=nodes - 1))


def scalars(node: Node) -> list[Scalar]:
    if isinstance(node, Scalar):
        return [node]
    return [scalar for child in children(node) for scalar in scalars(child)]


def count(node: Node) -> int:
    return 1 + sum(count(child) for child in children(node))


# -- snippets at the edges -----------------------------------------------------------------------------------------

# Text the fast path must take (and get right).
FAST = [
    "a: 1\n",
    "a: 1",
    "a: 1\nb:\n",
    "a:\nb: 2\n",
    "a:   # comment\n\n  # more\nb: 2\n",
    "a:\n  b: 1\n  c:\n    d: x\ne: y\n",
    "  a: 1\n  b: 2\n",
    "a:\n - x\n -   y\n",
    "a:\n- x\n- y\nb: 1\n",
    "a:\n  - k: 1\n    l: 2\n  -   m: 3\n      n:\n  - z\n",
    "a:\n- b:\n  - c\n- d\n",
    "a:\n- b:\n  c: 1\n",
    "a: {}\nb: { }\nc: {x: 1, 'y': \"2\" ,}\nd: {x: a b  c}\n",
    "a:\n  - {x: 1}\n  - 'q'\n  - \"d\"\n",
    "a: b c   # comment\n",
    "a: x#y\nb: x:y\nc: http://x/y\nd: a :b\n",
    "a: -1\nb: -x\nc: ~\nd: null\ne: true\nf: 1e3\n",
    'a: it\'s\nb: say "hi"\nc: a, b [c] {d}\nd: a&b*c!d|e>f%g@h`i\n',
    "a:  two spaces\nb:    4\n",
    "'a': 1\n\"b c\": 2\n'it''s': 3\n",
    "a: 'it''s'\nb: ''\nc: \"\"\nd: ' x '\ne: \"a#b: c\"\n",
    'a: "\\" \\\\ \\/ \\n \\t \\0 \\a \\b \\v \\f \\r \\e \\  \\N \\_ \\L \\P"\n',
    'a: "\\x41\\u00e9\\U0001F600\\u0000"\n',
    "é: ü\n中文: 文字 x\n😀: 😀 a\n",
    'a: x 😀\nb: "😀"\nc: {😀: 😀}\n',
    "---\na: 1\n",
    "# c\n\n--- # doc\na: 1\n",
    "a: 1\r\nb:\r\n  c: 2\r\n",
    "a: " + "x" * 999 + "\n",
    "a: " + "x" * 1001 + "\n",
    "k" * 999 + ": v\n",
    "k" * 1000 + ": v\n",
    "a: b\n" + "#" * 3000 + "\nc: d\n",
    "a:\n  b:\n  - c\n  d:\n    - e: 1\n      f:\n      - g\n    - h\ni: j\n",
]

# Text the fast path may refuse; the event parser decides.
EDGE = [
    "",
    "\n\n",
    "# only a comment\n",
    "- a\n",
    "a",
    "a: 1\na: 2\n",
    "a: 1\n'a': 2\n",
    "a: {x: 1, x: 2}\n",
    "<<: {a: 1}\n",
    "'<<': 1\n",
    "a: &x 1\n",
    "a: *x\n",
    "a: !t 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "---\na: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: 1\n---\n",
    "--- a: 1\n",
    "---a: 1\n",
    "...: 1\n",
    ".a: 1\n",
    "a: |\n  x\n",
    "a: >\n  x\n",
    "a: b\n  c\n",
    "a: b\n\n  c\n",
    "a: 'b\n  c'\n",
    'a: "b\n  c"\n',
    'a: "b\\\n  c"\n',
    "a: [1, 2]\n",
    "a: []\n",
    "a: {b: [1]}\n",
    "a: {b: {c: 1}}\n",
    "a: {b: c\n  }\n",
    "a: {b}\n",
    "a: {b: }\n",
    "a: {b:c}\n",
    "a: {b: c} x\n",
    "a: {b: c} # x}\n",
    "? a\n: b\n",
    "a:\tb\n",
    "a: b\t\n",
    "\ta: b\n",
    "a:\n\t- b\n",
    "a: b\rc: d\n",
    "a: b\x85c: d\n",
    "a: b\u2028c: d\n",
    "a: b\ufeff\n",
    "\ufeffa: b\n",
    "a: b\x01\n",
    "a: \x7f\n",
    "a: '\x9f'\n",
    'a: "\\q"\n',
    'a: "\\\'"\n',
    'a: "\\ud800"\n',
    'a: "\\U00110000"\n',
    'a: "\\x4"\n',
    "a:b\n",
    "a:#b\n",
    "a: b: c\n",
    "a: b:\n",
    "a: b #c: d\n",
    "a: 'b' c\n",
    'a: "b"c\n',
    'a: "b"#c\n',
    "a :b\n",
    "a : b\n",
    "- a: 1\nb: 2\n",
    "a:\n  - b\n  c: 1\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  - b\n    - c\n",
    "a: 1\n  b: 2\n",
    "a:\n  b: 1\n    c: 2\n",
    "a: - b\n",
    "a: -\n",
    "a:\n  -\n",
    "a:\n  - \n",
    "a:\n  - # c\n",
    "a:\n  - - b\n",
    "a:\n  -b\n",
    "a: @b\n",
    "a: `b\n",
    "a: %b\n",
    "a: ,b\n",
    "a: ?b\n",
    "a: :b\n",
    "a: ]\n",
    "-a: 1\n",
    "a: " + "x" * 100_001 + "\n",
    "k" * 1021 + ": v\n",
    "k" * 1025 + ": v\n",
    "'" + "k" * 1023 + "': v\n",
    "a: \ud800\n",
]


@pytest.mark.parametrize("text", FAST)
def test_fast(text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize("text", EDGE)
def test_edge(text: str) -> None:
    check(text)


@pytest.mark.parametrize(
    "limits",
    [
        Limits(max_depth=1),
        Limits(max_depth=2),
        Limits(max_depth=3),
        Limits(max_nodes=1),
        Limits(max_nodes=9),
        Limits(max_nodes=10),
        Limits(max_string_length=1),
        Limits(max_string_length=4),
        Limits(max_string_length=5),
        Limits(max_string_length=999_999_999_999, max_nodes=999_999_999_999, max_depth=999_999_999_999),
    ],
    ids=repr,
)
def test_limits(limits: Limits) -> None:
    text = "a:\n  b: {x: 12345, 'y': \"1234\"}\n  c:\n  - d: 'e'\n  - ff\ng: '12345'\n"
    check(text, limits)


def test_node_limit() -> None:
    text = "a: 1\nb: 2\n"  # 5 nodes
    check(text, Limits(max_nodes=5))
    assert check(text, Limits(max_nodes=4)) is None
    assert check("".join(f"k{n}: v\n" for n in range(100)), Limits(max_nodes=10_000)) is not None


def test_without_libyaml_the_fast_path_stands_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "_libyaml", [False])
    assert parse_simple("a: 1\n", "t", LIMITS) is None


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    parse_simple("a: 1\n", "t", LIMITS)
    parse_simple("a: *x\n", "t", LIMITS)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_simple("a: 1\n", "t", LIMITS)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_marks_of_empty_values_and_blocks() -> None:
    tree = check("a:\nb:  # c\nc:\n  - x: 1\n    y:\nd:\n- z\n")
    assert tree is not None
    a, b, c, d = (value for _key, value in tree.items)
    assert (a.line, a.column, b.line, b.column) == (1, 3, 2, 3)  # just after the ':'
    assert (c.line, c.column) == (4, 3)  # a sequence starts at its first '-'
    item = children(c)[0]
    assert (item.line, item.column) == (4, 5)  # a mapping at its first key
    assert (d.line, d.column) == (7, 1)


def test_columns_count_characters() -> None:
    tree = check("😀a: \"😀\\n\" # x\nb: {c: 'd''e'}\n")
    assert tree is not None
    key, value, _b, flow = children(tree)
    assert isinstance(value, Scalar)
    assert (key.column, value.column, value.value, value.columns_match) == (1, 5, "😀\n", False)
    inner = children(flow)[1]
    assert isinstance(inner, Scalar)
    assert (flow.column, inner.value, inner.column) == (4, "d'e", 8)


# -- hypothesis: a grammar of the subset, and mutations -----------------------------------------------------------

KEYS = ["a", "b", "c", "value", "unit", "label", "k_2", "a b", "x.y", "k-1", "a#b", "é", "名字", "😀", "~", "1"]
QUOTED_KEYS = ["'q'", '"dq"', "'s p'", '"e\\u00e9"', "'it''s'"]
PLAIN = [
    "1",
    "-3.2",
    "1,500",
    "38.9",
    "billion CNY",
    "a  b",
    "x#y",
    "it's",
    'say "hi"',
    "a:b",
    "http://x.y/z",
    "~",
    "null",
    "true",
    "-x",
    "é😀",
    "(a + b) / c",
    "a, b [c] {d}",
    "a - b",
    "x?",
    "-1e-3",
]
QUOTED = [
    '""',
    "''",
    '"a b"',
    "'a b'",
    "'it''s'",
    '"say \\"hi\\""',
    '"a\\\\b"',
    '"tab\\tnew\\nline"',
    '"\\u00e9\\x41\\U0001F600"',
    '"a#b: c"',
    "'a#b: c'",
    "' x '",
    '"{a}, [b]"',
    '"\\/\\ \\_\\N\\L\\P\\e\\0"',
]
COMMENTS = ["", "", "", " # c", "  #c", " #: x"]
GAPS = ["", "", "", "", "#", "# comment", "   # indented", "  "]
FLOW_ENTRIES = ["a: 1", "b: x y", "'c': 'd'", '"e": "f, g"', "h: -1", "i: 'j''k'", "l:  m"]

# Characters that change YAML's meaning, for mutations.
SPECIAL = "#:'\"{}[],-&*!|>%@`?~.<\\ \t\n\r é😀\x00\x85\u2028\ufeff"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A document of the subset: valid YAML, in the fast path's reach."""
    lines: list[str] = [draw(st.sampled_from(GAPS)) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 4)) == 0:
        lines.append(draw(st.sampled_from(["---", "---  ", "--- # doc"])))
    mapping(draw, lines, draw(st.sampled_from([0, 0, 0, 1, 2])), 0, None)
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n# end\n", "\n  \n"]))
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


def mapping(draw: st.DrawFn, lines: list[str], indent: int, depth: int, first: str | None) -> None:
    """A block mapping at `indent`; `first` replaces the indentation of its first line (for '- key: ...')."""
    keys = draw(st.lists(st.sampled_from(KEYS + QUOTED_KEYS), min_size=1, max_size=4, unique=True))
    for index, key in enumerate(keys):
        prefix = first if index == 0 and first is not None else " " * indent
        kinds = ["scalar", "scalar", "quoted", "flow", "empty", "map", "seq"] if depth < 4 else ["scalar", "empty"]
        kind = draw(st.sampled_from(kinds))
        comment = draw(st.sampled_from(COMMENTS))
        space = draw(st.sampled_from([" ", " ", " ", "  "]))
        if kind == "scalar":
            lines.append(f"{prefix}{key}:{space}{draw(st.sampled_from(PLAIN))}{comment}")
        elif kind == "quoted":
            lines.append(f"{prefix}{key}:{space}{draw(st.sampled_from(QUOTED))}{comment}")
        elif kind == "flow":
            entries = draw(st.lists(st.sampled_from(FLOW_ENTRIES), max_size=3, unique=True))
            inner = draw(st.sampled_from([", ", ",", " , "])).join(entries)
            pad = draw(st.sampled_from(["", " "]))
            trail = draw(st.sampled_from(["", ",", " ,"])) if entries else ""
            lines.append(f"{prefix}{key}:{space}{{{pad}{inner}{trail}{pad}}}{comment}")
        elif kind == "empty":
            lines.append(f"{prefix}{key}:{comment or draw(st.sampled_from(['', '  ']))}")
        else:
            lines.append(f"{prefix}{key}:{comment}")
            lines.extend(draw(st.sampled_from(GAPS)) for _ in range(draw(st.integers(0, 1))))
            step = draw(st.sampled_from([1, 2, 2, 2, 4]))
            if kind == "map":
                mapping(draw, lines, indent + step, depth + 1, None)
            else:
                sequence(draw, lines, indent + draw(st.sampled_from([0, step])), depth + 1)
        lines.extend(draw(st.sampled_from(GAPS)) for _ in range(draw(st.integers(0, 1))))


def sequence(draw: st.DrawFn, lines: list[str], indent: int, depth: int) -> None:
    for _ in range(draw(st.integers(1, 3))):
        spaces = draw(st.sampled_from([" ", " ", "   "]))
        dash = " " * indent + "-" + spaces
        kind = draw(st.sampled_from(["scalar", "quoted", "flow", "map", "map"]))
        if kind == "scalar":
            lines.append(dash + draw(st.sampled_from(PLAIN)) + draw(st.sampled_from(COMMENTS)))
        elif kind == "quoted":
            lines.append(dash + draw(st.sampled_from(QUOTED)))
        elif kind == "flow":
            lines.append(
                dash + "{" + ", ".join(draw(st.lists(st.sampled_from(FLOW_ENTRIES), max_size=2, unique=True))) + "}"
            )
        else:
            mapping(draw, lines, len(dash), depth + 1, dash)


def mutate(draw: Callable[[st.SearchStrategy[Any]], Any], text: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "insert", "delete", "replace", "duplicate"]))
        char = draw(st.sampled_from(SPECIAL))
        if action == "insert":
            text = text[:position] + char + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + 1 :]
        elif action == "replace":
            text = text[:position] + char + text[position + 1 :]
        else:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    return text


small_limits = st.builds(
    Limits,
    max_depth=st.integers(1, 6),
    max_nodes=st.integers(1, 60),
    max_string_length=st.integers(1, 12),
)


@PROPERTY
@given(documents())
def test_documents_of_the_subset_take_the_fast_path(text: str) -> None:
    assert check(text) is not None, text


@PROPERTY
@given(st.data())
def test_mutated_documents(data: st.DataObject) -> None:
    check(mutate(data.draw, data.draw(documents())))


SEEDS = [
    (ROOT / name).read_text(encoding="utf-8")
    for name in ("data/indicators.yaml", "tests/cases/harbour.yaml")
    if (ROOT / name).exists()
]


@PROPERTY
@given(st.data())
def test_mutated_shipped_files(data: st.DataObject) -> None:
    check(mutate(data.draw, data.draw(st.sampled_from(SEEDS))))


@PROPERTY
@given(documents(), small_limits)
def test_documents_under_small_limits(text: str, limits: Limits) -> None:
    check(text, limits)


@PROPERTY
@given(
    st.lists(
        st.sampled_from(["a", "b", " ", ":", "-", "#", "'", '"', "{", "}", ",", "\n", "\\", "x", "é"]), max_size=40
    )
)
def test_soup(chars: list[str]) -> None:
    check("".join(chars))
