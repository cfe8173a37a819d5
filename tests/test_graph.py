"""Dependency graphs: every edge, cones, hostile names, and output that Graphviz and Mermaid accept.

Expected edges are computed here from the YAML text (PyYAML and a regular
expression over the formulas), not from laoshan's loader, and the expected
labels by this file's own `shown`. The DOT output is read back with pydot (a
pure-Python DOT parser, from the test extras) and its labels decoded as
Graphviz reads them; where Graphviz is installed (.ci/run installs it),
`dot -Tsvg` must draw the same nodes, labels and edges. That is this suite's
one skip elsewhere. The Mermaid output is checked against the subset of
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

import pydot
import pytest
import yaml
from conftest import SHIPPED, Invoke

from laoshan_cli.loading.loader import load
from laoshan_cli.output.graph import graph, structure
from laoshan_cli.output.sanitize import visible

WriteData = Callable[..., Path]
# pydot's parser calls pyparsing's old names, which warn on pyparsing 3.3.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pydot.dot_parser")


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


def shown(name: str) -> str:
    """A hostile name as a label must show it: a backslash doubled; tab, newline, CR and bidi controls as escapes."""
    spelled = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\u202e": "\\u202e", "\u2066": "\\u2066"}
    return "".join(spelled.get(char, char) for char in name)


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


def parse_dot(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str]], set[str]]:
    """DOT text read by pydot: nodes (id -> label lines as Graphviz shows them), edges, focus.

    Fails on one graph that is not a digraph, a node ID laoshan does not
    make, a node without a label, an edge to an undefined node.
    """
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None and len(graphs) == 1, text
    (parsed,) = graphs
    assert parsed.get_type() == "digraph"
    nodes: dict[str, list[str]] = {}
    focus: set[str] = set()
    for node in parsed.get_nodes():
        if node.get_name() in ("node", "edge", "graph"):  # default attributes, not nodes
            continue
        node_id = unquote_dot_id(node.get_name())
        assert node_id not in nodes
        label = node.get("label")
        assert isinstance(label, str), node_id
        nodes[node_id] = decode_dot_label(label)
        if node.get("penwidth") == "3":
            focus.add(node_id)
    edges = [(unquote_dot_id(e.get_source()), unquote_dot_id(e.get_destination())) for e in parsed.get_edges()]
    assert all(s in nodes and t in nodes for s, t in edges), edges
    return nodes, edges, focus


def unquote_dot_id(quoted: str) -> str:
    assert re.fullmatch(r'"[fmc]_\w+"', quoted), f"not an ID laoshan makes: {quoted!r}"
    return quoted[1:-1]


def decode_dot_label(quoted: str) -> list[str]:
    r"""A double-quoted DOT label as Graphviz shows it, one string a line.

    Only the escapes laoshan means are allowed: \\ (a backslash), \" (a
    quote) and \n (a line break); any other backslash would be one of
    Graphviz's own escapes (\N, \G, \l ...). Every & must be &amp;, since
    Graphviz reads &name; as an entity; no control or bidi character may
    remain.
    """
    assert len(quoted) >= 2 and quoted[0] == quoted[-1] == '"', quoted
    lines, line, chars = [], "", iter(quoted[1:-1])
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            assert following in ("\\", '"', "n"), f"a Graphviz escape \\{following} in {quoted!r}"
            if following == "n":
                lines.append(line)
                line = ""
            else:
                line += following
        else:
            assert char != '"', f"an unescaped quote in {quoted!r}"
            line += char
    lines.append(line)
    decoded = []
    for text in lines:
        assert re.fullmatch(r"([^&]|&amp;)*", text), f"an & that is not &amp; in {quoted!r}"
        text = text.replace("&amp;", "&")
        assert not [ch for ch in text if ord(ch) < 32 or 127 <= ord(ch) < 160 or ch in BIDI], text
        decoded.append(text)
    return decoded


BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def dot_svg(text: str) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Run Graphviz on DOT text; its SVG's nodes (title -> text lines) and edges."""
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

    dot_nodes, dot_edges, dot_focus = parse_dot(graph(load(str(path)), None, "dot"))
    assert [lines for lines in dot_nodes.values()] == [[name] for name in expected_nodes]
    assert sorted((dot_nodes[s][0], dot_nodes[t][0]) for s, t in dot_edges) == sorted(expected_edges)
    assert dot_focus == set()


@pytest.mark.parametrize("name", ["ratio", "a is below b"])
def test_the_dot_cone_is_the_mermaid_cone(write_data: WriteData, name: str) -> None:
    path = write_data(SMALL)
    expected_edges, _ = expected_graph(SMALL)
    cone = upstream(expected_edges, name)
    nodes, edges, focus = parse_dot(graph(load(str(path)), name, "dot"))
    assert {lines[0] for lines in nodes.values()} == cone
    inside = sorted((s, t) for s, t in expected_edges if s in cone and t in cone)
    assert sorted((nodes[s][0], nodes[t][0]) for s, t in edges) == inside
    assert [nodes[f][0] for f in focus] == [name]


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
    assert result.exit_code == 0
    dot_nodes, _, _ = parse_dot(result.stdout)
    assert sorted(dot_nodes.values()) == sorted(
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
    assert labels == [[shown(name)] for name in HOSTILE_NAMES]
    assert len(edges) == 2 + len(HOSTILE_NAMES)
    # what is shown is the name, with only unprintable and reordering characters replaced
    assert visible("tab\tnew\nline\rcarriage") == "tab\\tnew\\nline\\rcarriage"
    assert visible("bidi \u202e override") == "bidi \\u202e override"
    assert visible('a "quoted" name') == 'a "quoted" name'


def test_hostile_check_names_survive_dot_parsing(write_data: WriteData) -> None:
    dataset = load(str(hostile_file(write_data)))
    dot_nodes, dot_edges, _ = parse_dot(graph(dataset, None, "dot"))
    checks = [dot_nodes[f"c_{i}"] for i in range(1, len(HOSTILE_NAMES) + 1)]
    assert checks == [[shown(name)] for name in HOSTILE_NAMES]
    assert dot_nodes["f_end"] == ["end"] and dot_nodes["f_graph"] == ["graph"] and dot_nodes["m_x"] == ["x"]
    assert sorted(dot_edges) == sorted(
        [("f_end", "m_x"), ("f_graph", "m_x"), *(("m_x", f"c_{i}") for i in range(1, len(HOSTILE_NAMES) + 1))]
    )


def test_the_dot_reader_refuses_what_graphviz_would_misread() -> None:
    """The control: decode_dot_label fails on each way a label could be misread."""
    assert decode_dot_label('"a\\\\b\\"c\\nd &amp; e"') == ['a\\b"c', "d & e"]
    for bad in ['"\\N"', '"\\l"', '"&lt;"', '"a &b"', '"\x1b[31m"', '"\u202e"']:
        with pytest.raises(AssertionError):
            decode_dot_label(bad)


def test_one_hostile_check_as_the_cone(write_data: WriteData, invoke: Invoke) -> None:
    path = hostile_file(write_data)
    result = invoke(["--data", str(path), "graph", HOSTILE_NAMES[0], "--format", "dot"])
    assert result.exit_code == 0
    dot_nodes, dot_edges, focus = parse_dot(result.stdout)
    assert sorted(dot_nodes) == ["c_1", "f_end", "f_graph", "m_x"]
    assert dot_nodes["c_1"] == [shown(HOSTILE_NAMES[0])] == ['a "quoted" name']
    assert sorted(dot_edges) == [("f_end", "m_x"), ("f_graph", "m_x"), ("m_x", "c_1")]
    assert focus == {"c_1"}


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
        dot_nodes, edges, _ = parse_dot(result.stdout)
        names = {node_id: lines[0] for node_id, lines in dot_nodes.items()}
    assert sorted(names.values()) == sorted(expected_nodes)
    assert len(expected_nodes) == 15 + 14 + 11
    assert sorted((names[s], names[t]) for s, t in edges) == sorted(expected_edges)


# -- Graphviz itself ----------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed; .ci/run installs it")
@pytest.mark.parametrize(
    "args",
    [
        ["graph", "--format", "dot"],
        ["graph", "--format", "dot", "--values"],
        ["graph", "hightech_output_2016", "--format", "dot", "--dependents"],
        ["hostile", "graph", "--format", "dot"],
        ["hostile", "graph", HOSTILE_NAMES[0], "--format", "dot", "--values"],
        ["small", "graph", "ratio is positive", "--format", "dot", "--values"],
    ],
)
def test_graphviz_draws_what_pydot_reads(write_data: WriteData, invoke: Invoke, args: list[str]) -> None:
    """`dot -Tsvg` accepts the DOT, quietly, and draws the nodes, label lines and edges that pydot read."""
    if args[0] in ("hostile", "small"):
        path = hostile_file(write_data) if args[0] == "hostile" else write_data(SMALL)
        args = ["--data", str(path), *args[1:]]
    result = invoke(args)
    assert result.exit_code == 0 and result.stderr == ""
    dot_nodes, dot_edges, _ = parse_dot(result.stdout)
    svg_nodes, svg_edges = dot_svg(result.stdout)
    assert svg_nodes == dot_nodes
    assert sorted(svg_edges) == sorted(dot_edges)


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
