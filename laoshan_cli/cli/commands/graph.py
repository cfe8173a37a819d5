"""The graph command: which figures feed which metrics and checks, as Mermaid or Graphviz."""

from __future__ import annotations

import click

from laoshan_cli.cli.options import Outcome, complete_names, pass_session
from laoshan_cli.cli.session import Session


@click.command()
@click.argument("name", required=False, shell_complete=complete_names)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("mermaid", "dot")),
    default="mermaid",
    show_default=True,
    help="mermaid (renders in GitHub Markdown) or dot (Graphviz: dot -Tsvg).",
)
@click.option("--values", is_flag=True, help="Show each figure's and metric's value and unit.")
@click.option(
    "--dependents",
    is_flag=True,
    help="With NAME: also draw everything that depends on it (what an edit of it would move).",
)
@pass_session
def graph(session: Session, name: str | None, fmt: str, values: bool, dependents: bool) -> Outcome:
    """Draw the dependency graph, figures -> metrics -> checks, or the cone of NAME.

    NAME is a figure, metric or check; its cone is NAME and everything it
    depends on, down to the figures.

    \b
    Example:
      laoshan graph hightech_output_increase_2016 --format dot | dot -Tsvg > graph.svg
    """
    from laoshan_cli.core.errors import UsageError
    from laoshan_cli.output.graph import graph as draw
    from laoshan_cli.output.graph import structure

    if dependents and name is None:
        raise UsageError(
            "--dependents needs a NAME", hint="for example laoshan graph hightech_output_2016 --dependents"
        )
    dataset = session.engine().dataset
    items = None
    if values:
        drawn = structure(dataset, name, dependents=dependents)
        names = [node.name for node in drawn.nodes if node.kind != "check"]
        items = {item.name: item for item in session.items(names)}
    text = draw(dataset, name, "dot" if fmt == "dot" else "mermaid", dependents=dependents, values=items)
    return Outcome(text)
