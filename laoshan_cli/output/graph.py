"""Dependency graphs: figures -> metrics -> checks, as Mermaid or Graphviz DOT text.

An edge A -> B means B's formula (or a check's assert) uses A. The whole
file, or the cone of one name: the name and everything it depends on, down
to the figures (for a check, its inputs and theirs). With `dependents`, the
graph also holds everything that depends on the name, which is what an edit
of a figure would move; those nodes' other inputs are left out.

Node IDs are made by laoshan (f_NAME, m_NAME, c_N), never from free text, and
every label is escaped for its format, so any check name is safe: quotes,
brackets, markup and entities, and control, bidirectional and zero-width
characters, which sanitize.visible writes as escapes such as \\u202e.

Pure: no click, no rich, no printing, no exiting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from laoshan_cli.core.errors import UsageError
from laoshan_cli.core.model import Dataset
from laoshan_cli.core.names import suggest
from laoshan_cli.core.resting import Resting
from laoshan_cli.core.results import Item

from .sanitize import visible
from .views import fact_note, rests_on_note

GraphFormat = Literal["mermaid", "dot"]
NodeKind = Literal["figure", "metric", "check"]


class Node(NamedTuple):
    id: str
    kind: NodeKind
    name: str  # a figure or metric name, or a check's name (free text)


class Graph(NamedTuple):
    nodes: list[Node]  # figures, then metrics, then checks, each in file order
    edges: list[tuple[str, str]]  # (from id, to id): the input, then what uses it


def structure(dataset: Dataset, name: str | None = None, *, dependents: bool = False) -> Graph:
    """The nodes and edges to draw: the whole file, or the cone of `name`.

    `name` is a figure, a metric or a check name; an unknown one is a
    UsageError with a suggestion.
    """
    nodes = [Node(f"f_{n}", "figure", n) for n in dataset.figures]
    nodes += [Node(f"m_{n}", "metric", n) for n in dataset.metrics]
    nodes += [Node(f"c_{i}", "check", check.name) for i, check in enumerate(dataset.checks, 1)]
    by_name = {node.name: node.id for node in nodes if node.kind != "check"}
    inputs: dict[str, list[str]] = {node.id: [] for node in nodes}
    for metric in dataset.metrics.values():
        inputs[by_name[metric.name]] = [by_name[ref] for ref in metric.refs]
    for index, check in enumerate(dataset.checks, 1):
        inputs[f"c_{index}"] = [by_name[ref] for ref in check.refs]
    if name is not None:
        chosen = [node.id for node in nodes if node.name == name]
        if not chosen:
            raise UsageError(
                f"no figure, metric or check named {name!r}", hint=suggest(name, [node.name for node in nodes])
            )
        keep = _reach(chosen, inputs)
        if dependents:
            users: dict[str, list[str]] = {node.id: [] for node in nodes}
            for target, sources in inputs.items():
                for source in sources:
                    users[source].append(target)
            keep |= _reach(chosen, users)
        nodes = [node for node in nodes if node.id in keep]
    kept = {node.id for node in nodes}
    edges = [(source, node.id) for node in nodes for source in inputs[node.id] if source in kept]
    return Graph(nodes, edges)


def _reach(start: list[str], neighbours: Mapping[str, list[str]]) -> set[str]:
    """Every node reachable from `start` along `neighbours`, `start` included; no recursion."""
    seen = set(start)
    stack = list(start)
    while stack:
        for other in neighbours[stack.pop()]:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def graph(
    dataset: Dataset,
    name: str | None,
    fmt: GraphFormat,
    *,
    dependents: bool = False,
    values: Mapping[str, Item] | None = None,
) -> str:
    """The dependency graph as Mermaid flowchart or Graphviz DOT text, ending with a newline.

    With `values` (items by name), figures and metrics show their value and unit too.
    """
    drawn = structure(dataset, name, dependents=dependents)
    focus = {node.id for node in drawn.nodes if node.name == name}
    lines: list[list[str]] = [[node.name] for node in drawn.nodes]
    resting = Resting(dataset)
    check_refs = {f"c_{index}": check.refs for index, check in enumerate(dataset.checks, 1)}
    for node, label in zip(drawn.nodes, lines, strict=True):
        item = values.get(node.name) if values is not None and node.kind != "check" else None
        if item is not None:
            label.append(_value_text(item))
        if node.kind == "figure":
            figure = dataset.figures[node.name]
            period = None if figure.period is None else figure.period.text
            note = fact_note(period, figure.basis, figure.status)
        else:
            refs = check_refs[node.id] if node.kind == "check" else dataset.metrics[node.name].refs
            note = rests_on_note(resting.of(refs))
        if note:
            label.append(note)
    if fmt == "mermaid":
        return _mermaid(drawn, lines, focus)
    if fmt == "dot":
        return _dot(drawn, lines, focus)
    raise ValueError(f"unknown graph format {fmt!r}")


def _value_text(item: Item) -> str:
    from .render import format_number
    from .views import SET_MARK

    mark = "" if item.file_stated is None else SET_MARK
    return f"{format_number(item.value)} {item.unit_text}".rstrip() + mark


# -- Mermaid -------------------------------------------------------------------------

# Mermaid reads #name; and #123; as entities in labels, so these are written as
# entities too: quotes end a label, < > & would be HTML, # starts an entity, a
# backtick starts a Markdown string, and U+FB02 is Mermaid's internal entity marker.
MERMAID_ESCAPES = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "\ufb02": "#64258;",
}
MERMAID_SHAPES = {"figure": ('(["', '"])'), "metric": ('["', '"]'), "check": ('{{"', '"}}')}
MERMAID_STYLES = {
    "figure": "fill:#e3eefb,stroke:#3a6ea5,color:#111",
    "metric": "fill:#fdf0da,stroke:#b7791f,color:#111",
    "check": "fill:#e6f4e7,stroke:#2f7d32,color:#111",
}


def mermaid_text(text: str) -> str:
    """A label escaped for a double-quoted Mermaid label."""
    return "".join(MERMAID_ESCAPES.get(char, char) for char in visible(text))


def _mermaid(drawn: Graph, lines: list[list[str]], focus: set[str]) -> str:
    out = ["flowchart LR"]
    for node, label in zip(drawn.nodes, lines, strict=True):
        opening, closing = MERMAID_SHAPES[node.kind]
        text = "<br/>".join(mermaid_text(line) for line in label)
        out.append(f"  {node.id}{opening}{text}{closing}:::{node.kind}")
    out += [f"  {source} --> {target}" for source, target in drawn.edges]
    out += [f"  classDef {kind} {style}" for kind, style in MERMAID_STYLES.items()]
    out += [f"  style {node_id} stroke-width:3px" for node_id in sorted(focus)]
    return "\n".join(out) + "\n"


# -- Graphviz DOT ------------------------------------------------------------------------

DOT_SHAPES = {
    "figure": 'shape=ellipse, fillcolor="#e3eefb", color="#3a6ea5"',
    "metric": 'shape=box, fillcolor="#fdf0da", color="#b7791f"',
    "check": 'shape=hexagon, fillcolor="#e6f4e7", color="#2f7d32"',
}


def dot_text(text: str) -> str:
    """A label escaped for a double-quoted DOT string: backslash and quote escaped, and & as an
    entity, because Graphviz reads &name; in labels."""
    escaped = visible(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return escaped


def _dot(drawn: Graph, lines: list[list[str]], focus: set[str]) -> str:
    out = [
        "digraph laoshan {",
        "  rankdir=LR;",
        '  node [style=filled, fontname="Helvetica", fontsize=11];',
    ]
    for node, label in zip(drawn.nodes, lines, strict=True):
        text = "\\n".join(dot_text(line) for line in label)
        extra = ", penwidth=3" if node.id in focus else ""
        out.append(f'  "{node.id}" [label="{text}", {DOT_SHAPES[node.kind]}{extra}];')
    out += [f'  "{source}" -> "{target}";' for source, target in drawn.edges]
    out.append("}")
    return "\n".join(out) + "\n"
