"""Dependency graphs: every edge, cones, hostile names, and output that Graphviz and Mermaid accept.

Expected edges are computed here from the YAML text (PyYAML and a regular
expression over the formulas), not from laoshan's loader. Graphviz itself
checks the DOT output; the Mermaid output is checked against the subset of
Mermaid's flowchart grammar that laoshan writes.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import SHIPPED, Invoke

from laoshan_cli.loading.loader import load
from laoshan_cli.output.graph import graph, structure
from laoshan_cli.output.sanitize import visible

WriteData = Callable[..., Path]


SMALL = """\
    figures:
      a: {value: 2.5, unit: t}
      b: {value: 4, unit: t}
      c: {value: 10, unit: percent}
      unused: {value: 1}
    metrics:
      total:
        formula: a + b
        unit: t
      scaled:
        formula: total * (1 + c) + a
        unit: t
      ratio:
        formula: scaled / b
    checks:
      - name: ratio is positive
        assert: ratio > 0
      - name: a is below b
        assert: a < b
      - name: c is small
        assert: c < 50%
    """

HOSTILE_NAMES = [
    'a "quoted" name',
    "[brackets] and {braces} and (parens)",
    "<b>markup</b> & &amp; entities #35; #quot;",
    "`backticks` | pipes ; semicolons --> arrows --- end",
    "back\\slash \\n \\l \\N at the end\\",
    "tab\tnew\nline\rcarriage",
    "bidi \u202e override \u2066 isolate",
    "中文 and emoji 😀 and ﬂ ligature",
    "end",
    "subgraph",
]


def hostile_file(write_data: WriteData) -> Path:
    checks = "".join(f"  - name: {yaml_quote(name)}\n    assert: x > 0\n" for name in HOSTILE_NAMES)
    return write_data(
        "figures:\n  end: {value: 1}\n  graph: {value: 2}\nmetrics:\n  x:\n    formula: end + graph\n"
        f"checks:\n{checks}",
        "hostile.yaml",
    )


def yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar for any text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    escaped = escaped.replace("\r", "\\r").replace("\u202e", "\\u202E").replace("\u2066", "\\u2066")
    return f'"{escaped}"'


# -- what the graph should hold, from the YAML alone ----------------------------------------


def expected_graph(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(edges as (input name, user name), node names) straight from the file text.

    A check is named by its name. Names in a formula are the identifiers that
    are figures or metrics (unit words in brackets are not names).
    """
    data = yaml.safe_load(textwrap.dedent(text))
    figures, metrics = list(data["figures"]), list(data.get("metrics") or {})
    known = set(figures) | set(metrics)
    edges = []

    def refs(formula: str) -> list[str]:
        formula = re.sub(r"\[[^\]]*\]", "", formula)
        return list(dict.fromkeys(w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula) if w in known))

    for name, metric in (data.get("metrics") or {}).items():
        edges += [(ref, name) for ref in refs(metric["formula"])]
    checks = data.get("checks") or []
    for check in checks:
        edges += [(ref, check["name"]) for ref in refs(check["assert"])]
    return edges, [*figures, *metrics, *(c["name"] for c in checks)]


def upstream(edges: list[tuple[str, str]], start: str) -> set[str]:
    found, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        for source, target in edges:
            if target == node and source not in found:
                found.add(source)
                frontier.append(source)
    return found


def downstream(edges: list[tuple[str, str]], start: str) -> set[str]:
    return upstream([(t, s) for s, t in edges], start)


# -- reading the output back --------------------------------------------------------------------

MERMAID_NODE = re.compile(r'^  ([fmc]_\w+)(\(\["|\["|\{\{")([^"]*)("\]\)|"\]|"\}\}):::(figure|metric|check)$')
MERMAID_EDGE = re.compile(r"^  ([fmc]_\w+) --> ([fmc]_\w+)$")
MERMAID_CLASS = re.compile(
    r"^  classDef (figure|metric|check) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{3}$"
)
MERMAID_STYLE = re.compile(r"^  style ([fmc]_\w+) stroke-width:3px$")
SHAPES = {"figure": ('(["', '"])'), "metric": ('["', '"]'), "check": ('{{"', '"}}')}
RESERVED = {"end", "graph", "subgraph", "flowchart", "style", "class", "classDef", "click", "linkStyle", "direction"}


def parse_mermaid(text: str) -> tuple[dict[str, tuple[str, list[str]]], list[tuple[str, str]], set[str]]:
    """The flowchart subset laoshan writes, checked line by line: nodes (kind, label lines), edges, focus.

    Fails on anything Mermaid could misread: an ID that is a keyword, a raw
    quote, < > & or backtick in a label, a # that does not start an entity, a
    control character, an edge to an undefined node, a shape that does not
    match its class.
    """
    lines = text.split("\n")
    assert lines[0] == "flowchart LR" and lines[-1] == ""
    nodes: dict[str, tuple[str, list[str]]] = {}
    edges, focus, classes = [], set(), set()
    for line in lines[1:-1]:
        if node := MERMAID_NODE.match(line):
            node_id, opening, label, closing, kind = node.groups()
            assert (opening, closing) == SHAPES[kind], line
            assert node_id not in nodes and node_id not in RESERVED
            nodes[node_id] = (kind, [decode_mermaid(part) for part in label.split("<br/>")])
        elif edge := MERMAID_EDGE.match(line):
            assert edge[1] in nodes and edge[2] in nodes, line
            edges.append((edge[1], edge[2]))
        elif style := MERMAID_CLASS.match(line):
            classes.add(style[1])
        elif focused := MERMAID_STYLE.match(line):
            assert focused[1] in nodes
            focus.add(focused[1])
        else:
            raise AssertionError(f"not a line laoshan writes: {line!r}")
    assert classes == {"figure", "metric", "check"}
    return nodes, edges, focus


def decode_mermaid(label: str) -> str:
    assert not set(label) & set('"<>&`\n\r\t'), label
    assert all(ord(ch) >= 32 and ch not in "\u202e\u2066" for ch in label), label
    assert re.fullmatch(r"([^#]|#\w+;)*", label), f"a # that is not an entity in {label!r}"
    return re.sub(r"#(\w+);", lambda m: chr(int(m[1])) if m[1].isdigit() else html.unescape(f"&{m[1]};"), label)


def dot_svg(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Run Graphviz on DOT text; its SVG's nodes (title -> text lines) and edges."""
    assert shutil.which("dot"), "Graphviz is needed for these tests: apt-get install graphviz"
    completed = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, check=False)
    assert completed.returncode == 0 and completed.stderr == b"", completed.stderr.decode()
    root = ET.fromstring(completed.stdout)
    svg = "{http://www.w3.org/2000/svg}"
    nodes: dict[str, list[str]] = {}
    edges: list[tuple[str, str]] = []
    for group in root.iter(f"{svg}g"):
        title = group.findtext(f"{svg}title") or ""
        if group.get("class") == "node":
            nodes[title] = [(t.text or "").replace("\xa0", " ") for t in group.findall(f"{svg}text")]
        elif group.get("class") == "edge":
            source, _, target = title.partition("->")
            edges.append((source, target))
    return nodes, edges


# -- structure -------------------------------------------------------------------------------------


def test_every_edge_of_a_small_file(write_data: WriteData) -> None:
    path = write_data(SMALL)
    expected_edges, expected_nodes = expected_graph(SMALL)
    drawn = structure(load(str(path)))
    label = {node.id: node.name for node in drawn.nodes}
    assert [node.name for node in drawn.nodes] == expected_nodes
    assert sorted((label[s], label[t]) for s, t in drawn.edges) == sorted(expected_edges)
    assert len(expected_edges) == 11  # total 2, scaled 3, ratio 2, checks 1 + 2 + 1

    nodes, edges, focus = parse_mermaid(graph(load(str(path)), None, "mermaid"))
    assert [lines[0] for _, lines in nodes.values()] == expected_nodes
    assert sorted((nodes[s][1][0], nodes[t][1][0]) for s, t in edges) == sorted(expected_edges)
    assert [kind for kind, _ in nodes.values()] == ["figure"] * 4 + ["metric"] * 3 + ["check"] * 3
    assert focus == set()

    svg_nodes, svg_edges = dot_svg(graph(load(str(path)), None, "dot"))
    assert sorted(svg_nodes[n][0] for n in svg_nodes) == sorted(expected_nodes)
    assert sorted((svg_nodes[s][0], svg_nodes[t][0]) for s, t in svg_edges) == sorted(expected_edges)


@pytest.mark.parametrize("name", ["ratio", "total", "a", "ratio is positive", "a is below b", "unused"])
def test_cone_of_a_name_is_everything_it_depends_on(write_data: WriteData, name: str) -> None:
    path = write_data(SMALL)
    expected_edges, _ = expected_graph(SMALL)
    cone = upstream(expected_edges, name)
    nodes, edges, focus = parse_mermaid(graph(load(str(path)), name, "mermaid"))
    assert {lines[0] for _, lines in nodes.values()} == cone
    inside = sorted((s, t) for s, t in expected_edges if s in cone and t in cone)
    assert sorted((nodes[s][1][0], nodes[t][1][0]) for s, t in edges) == inside
    assert [nodes[f][1][0] for f in focus] == [name]


@pytest.mark.parametrize("name", ["a", "total", "c"])
def test_dependents_add_what_an_edit_would_move(write_data: WriteData, name: str) -> None:
    path = write_data(SMALL)
    expected_edges, _ = expected_graph(SMALL)
    wanted = upstream(expected_edges, name) | downstream(expected_edges, name)
    nodes, edges, _ = parse_mermaid(graph(load(str(path)), name, "mermaid", dependents=True))
    assert {lines[0] for _, lines in nodes.values()} == wanted
    assert sorted((nodes[s][1][0], nodes[t][1][0]) for s, t in edges) == sorted(
        (s, t) for s, t in expected_edges if s in wanted and t in wanted
    )
    if name == "a":
        assert wanted == {"a", "total", "scaled", "ratio", "ratio is positive", "a is below b"}


def test_values_show_value_and_unit(write_data: WriteData, invoke: Invoke) -> None:
    path = write_data(SMALL)
    result = invoke(["--data", str(path), "graph", "total", "--values"])
    assert result.exit_code == 0
    nodes, _, _ = parse_mermaid(result.stdout)
    assert sorted(lines for _, lines in nodes.values()) == [["a", "2.5 t"], ["b", "4 t"], ["total", "6.5 t"]]
    result = invoke(["--data", str(path), "graph", "ratio is positive", "--values", "--format", "dot"])
    svg_nodes, _ = dot_svg(result.stdout)
    assert sorted(svg_nodes.values()) == sorted(
        [
            ["a", "2.5 t"],
            ["b", "4 t"],
            ["c", "10 percent"],
            ["total", "6.5 t"],
            ["scaled", "9.65 t"],
            ["ratio", "2.4125"],
            ["ratio is positive"],
        ]
    )


# -- hostile names --------------------------------------------------------------------------------


def test_hostile_check_names_are_escaped_for_mermaid(write_data: WriteData) -> None:
    dataset = load(str(hostile_file(write_data)))
    assert [check.name for check in dataset.checks] == HOSTILE_NAMES
    nodes, edges, _ = parse_mermaid(graph(dataset, None, "mermaid"))
    labels = [lines for kind, lines in nodes.values() if kind == "check"]
    assert labels == [[visible(name)] for name in HOSTILE_NAMES]
    assert len(edges) == 2 + len(HOSTILE_NAMES)
    # what is shown is the name, with only unprintable and reordering characters replaced
    assert visible("tab\tnew\nline\rcarriage") == "tab\\tnew\\nline\\rcarriage"
    assert visible("bidi \u202e override") == "bidi \\u202e override"
    assert visible('a "quoted" name') == 'a "quoted" name'


def test_hostile_check_names_survive_graphviz(write_data: WriteData) -> None:
    dataset = load(str(hostile_file(write_data)))
    svg_nodes, svg_edges = dot_svg(graph(dataset, None, "dot"))
    checks = [svg_nodes[f"c_{i}"] for i in range(1, len(HOSTILE_NAMES) + 1)]
    assert checks == [[visible(name)] for name in HOSTILE_NAMES]
    assert svg_nodes["f_end"] == ["end"] and svg_nodes["f_graph"] == ["graph"]
    assert len(svg_edges) == 2 + len(HOSTILE_NAMES)


def test_one_hostile_check_as_the_cone(write_data: WriteData, invoke: Invoke) -> None:
    path = hostile_file(write_data)
    result = invoke(["--data", str(path), "graph", HOSTILE_NAMES[0], "--format", "dot"])
    assert result.exit_code == 0
    svg_nodes, svg_edges = dot_svg(result.stdout)
    assert sorted(svg_nodes) == ["c_1", "f_end", "f_graph", "m_x"]
    assert sorted(svg_edges) == [("f_end", "m_x"), ("f_graph", "m_x"), ("m_x", "c_1")]


# -- the shipped data and the command line ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_shipped_data_graph(invoke: Invoke, fmt: str) -> None:
    result = invoke(["graph", "--format", fmt])
    assert result.exit_code == 0 and result.stderr == ""
    expected_edges, expected_nodes = expected_graph(SHIPPED.read_text(encoding="utf-8"))
    if fmt == "mermaid":
        nodes, edges, _ = parse_mermaid(result.stdout)
        names = {node_id: lines[0] for node_id, (_, lines) in nodes.items()}
    else:
        svg_nodes, edges = dot_svg(result.stdout)
        names = {node_id: lines[0] for node_id, lines in svg_nodes.items()}
    assert sorted(names.values()) == sorted(expected_nodes)
    assert len(expected_nodes) == 15 + 14 + 11
    assert sorted((names[s], names[t]) for s, t in edges) == sorted(expected_edges)


def test_unknown_name_is_exit_2_with_a_suggestion(invoke: Invoke) -> None:
    result = invoke(["graph", "hightech_output_2105"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "error: no figure, metric or check named 'hightech_output_2105' (did you mean 'hightech_output_2015'?)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graph", "--dependents"], "--dependents needs a NAME"),
        (["graph", "--format", "svg"], "'svg' is not one of 'mermaid', 'dot'"),
    ],
)
def test_bad_usage_is_exit_2(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_graph_module_is_pure() -> None:
    import sys

    from test_layers import PACKAGE, assert_never_prints_or_exits

    assert_never_prints_or_exits(PACKAGE / "output" / "graph.py")
    code = (
        "import sys\n"
        "from laoshan_cli.output.graph import graph\n"
        "from laoshan_cli.api import load\n"
        f"data = load({str(SHIPPED)!r})\n"
        "graph(data.dataset, None, 'mermaid', values={i.name: i for i in data.evaluate()}); "
        "graph(data.dataset, 'hightech_output_2016', 'dot', dependents=True)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
