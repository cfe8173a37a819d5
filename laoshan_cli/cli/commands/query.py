"""The commands that show numbers: report, figures, metrics, get, explain, calc.

Each parses its options, asks the session (cache or engine) and hands the
records to the renderer; none computes a number itself.
"""

from __future__ import annotations

import click

from laoshan_cli.cli.options import (
    ExitStatus,
    Outcome,
    complete_names,
    convert_all,
    format_option,
    pass_session,
    unit_option,
)
from laoshan_cli.cli.session import Session


@click.command()
@format_option
@pass_session
def report(session: Session, fmt: str) -> Outcome:
    """Show figures, derived metrics and checks as tables; exit 1 if a check fails.

    With --format json: {"figures": [...], "metrics": [...], "checks": [...]},
    each list as `figures`, `metrics` and `check` give it; csv: one row per
    record, with "kind" figure, metric or check; plain: the values of the
    figures and metrics, then the checks' statuses, one per line.

    \b
    Example:
      laoshan report --format json
    """
    from laoshan_cli.output.views import report_text

    results = session.checks()
    figures, metrics = session.all_of_kind("figure"), session.all_of_kind("metric")
    text = report_text(figures, metrics, results, fmt, session.output, session.overrides)
    failed = any(r.status == "fail" for r in results)
    return Outcome(text, ExitStatus.CHECK_FAILED if failed else ExitStatus.OK)


@click.command()
@format_option
@pass_session
def figures(session: Session, fmt: str) -> Outcome:
    """List the source figures with their bounds, qualifiers and sources.

    \b
    Example:
      laoshan figures --format csv
    """
    from laoshan_cli.output.render import render
    from laoshan_cli.output.views import item_view

    items = session.all_of_kind("figure")
    return Outcome(render(items, fmt, session.output, item_view(session.output, "Figures", "figure")))


@click.command()
@format_option
@unit_option
@pass_session
def metrics(session: Session, fmt: str, unit: str | None) -> Outcome:
    """List the derived metrics with their values, bounds and formulas.

    \b
    Example:
      laoshan metrics --format json
    """
    from laoshan_cli.output.render import render
    from laoshan_cli.output.views import item_view

    items = convert_all(session.all_of_kind("metric"), unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, "Metrics", "metric")))


@click.command()
@click.argument("names", nargs=-1, required=True, shell_complete=complete_names)
@format_option
@unit_option
@pass_session
def get(session: Session, names: tuple[str, ...], fmt: str, unit: str | None) -> Outcome:
    """Print the values of figures or metrics, for scripts.

    \b
    Example:
      laoshan get hightech_output_2015 --format plain
    """
    from laoshan_cli.output.render import render
    from laoshan_cli.output.views import item_view

    items = convert_all(session.items(names), unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, None, "any")))


@click.command()
@click.argument("name", shell_complete=complete_names)
@click.option(
    "--depth",
    type=click.IntRange(1, 200),
    default=25,
    show_default=True,
    help="Levels of the derivation to show; deeper inputs are marked as not shown.",
)
@click.option("--check", "as_check", is_flag=True, help="NAME is a check's, even where a figure or metric has it.")
@format_option
@pass_session
def explain(session: Session, name: str, depth: int, as_check: bool, fmt: str) -> Outcome:
    """Show how a value is derived, down to the quotes, and what drives its bounds.

    NAME is a figure, a metric or a check (quote a check's name if it has
    spaces). A check shows its verdict, both sides' derivations, and the
    uncertainty budget of left - right. A name that is a figure or metric
    and also a check's is the figure or metric; --check takes the check.

    \b
    Example:
      laoshan explain hightech_output_increase_2016
      laoshan explain "high-tech output grew from 2015"
    """
    from laoshan_cli.core.errors import UsageError
    from laoshan_cli.core.names import suggest
    from laoshan_cli.core.results import CheckExplanation, Explanation
    from laoshan_cli.output.render import render_json
    from laoshan_cli.output.views import check_explain_row, explain_flat, explain_row, explain_text, plain_number

    engine = session.engine()
    dataset = engine.dataset
    checks = [check.name for check in dataset.checks]
    is_item = name in dataset.figures or name in dataset.metrics
    warnings: tuple[str, ...] = ()
    if as_check or (not is_item and name in checks):
        explained_check = engine.explain_check(engine.find_check(name), depth)
        explained: Explanation | CheckExplanation = explained_check
        row, plain = check_explain_row(explained_check), str(explained_check.result.status)
    elif is_item:
        if name in checks:
            warnings = (f"{name!r} is also a check's name; laoshan explain --check {name!r} explains the check",)
        explained_item = engine.explain(name, depth)
        explained = explained_item
        row, plain = explain_row(explained_item), plain_number(explained_item.tree.item.value)
    else:
        raise UsageError(f"no figure, metric or check named {name!r}", hint=suggest(name, [*dataset.names, *checks]))
    output = session.output
    if fmt == "json":
        return Outcome(render_json(row, output), warnings=warnings)
    if fmt == "csv":
        from laoshan_cli.output.render import render_csv

        return Outcome(render_csv(explain_flat(explained)), warnings=warnings)
    if fmt == "plain":
        return Outcome(plain + "\n", warnings=warnings)
    return Outcome(explain_text(explained, output), warnings=warnings)


@click.command()
@click.argument("expression")
@format_option
@unit_option
@pass_session
def calc(session: Session, expression: str, fmt: str, unit: str | None) -> Outcome:
    """Evaluate a formula over the figures and metrics, with its unit and bounds.

    \b
    Example:
      laoshan calc "hightech_output_2016 / hightech_output_2016_usd"
    """
    from laoshan_cli.output.render import render
    from laoshan_cli.output.views import item_view

    item = session.engine().calc(expression)
    items = convert_all([item], unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, None, "metric")))
