"""The commands that check data files: check (the checks' verdicts, JUnit for CI) and validate.

Like every command, they parse options, ask the session and hand the records
to the renderer; none computes a number itself.
"""

from __future__ import annotations

from typing import Any

import click
from click.core import ParameterSource

from laoshan_cli.cli.options import ExitStatus, Outcome, format_option, pass_session
from laoshan_cli.cli.session import Session
from laoshan_cli.core.errors import UsageError

NO_FILE_HINT = "give a data file, or no FILE for --data or the shipped data"


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--strict", is_flag=True, help="Treat an uncertain check as failed.")
@click.option(
    "--junit",
    "junit_path",
    metavar="FILE",
    help="Also write the results to FILE as JUnit XML, for CI; with -, the XML replaces the table on stdout.",
)
@format_option
@pass_session
def check(session: Session, files: tuple[str, ...], strict: bool, junit_path: str | None, fmt: str) -> Outcome:
    """Run the data file's checks; exit 1 if one fails.

    A check passes when it holds for every value within the bounds, fails
    when it holds for none, and is uncertain otherwise. An agreement, a ~= b,
    passes (consistent) when the sides can be equal for some values within
    the bounds and fails (inconsistent) when they cannot. FILE arguments (as
    pre-commit passes them) replace --data; each file's checks are then
    shown under its path, and JSON and CSV rows get a "file" field. With
    --junit - (or /dev/stdout) the JUnit XML is all that stdout gets.

    \b
    Example:
      laoshan check --strict --junit checks.xml
    """
    from laoshan_cli.loading.files import names_standard_output, require_name, write_output
    from laoshan_cli.output.render import View, render, render_tables
    from laoshan_cli.output.views import check_summary, check_view

    for file in files:
        require_name(file, "data file", NO_FILE_HINT)
    junit_to_stdout = junit_path is not None and names_standard_output(junit_path)
    if junit_to_stdout and click.get_current_context().get_parameter_source("fmt") != ParameterSource.DEFAULT:
        raise UsageError(
            f"--junit {junit_path} and --format {fmt} would both write to standard output",
            hint="write the JUnit XML to a file, or leave out --format",
        )
    if junit_path is not None:
        require_name(junit_path, "JUnit file", "give a file name, or --junit - for standard output")
    groups = [(one.path(), one.checks()) for one in ([session.for_file(f) for f in files] or [session])]
    results = [result for _, found in groups for result in found]
    bad = {"fail", "uncertain"} if strict else {"fail"}
    status = ExitStatus.CHECK_FAILED if any(r.status in bad for r in results) else ExitStatus.OK
    if junit_path is not None:
        from laoshan_cli.output.junit import junit_report

        report = junit_report(groups, strict=strict)
        if junit_to_stdout:
            return Outcome(report.decode("utf-8"), status)
        write_output(junit_path, report)
    view = check_view(session.output)
    if not files:
        if fmt == "table":
            return Outcome(
                render_tables([(view, results)], session.output, footer=check_summary(results, session.overrides)),
                status,
            )
        return Outcome(render(results, fmt, session.output, view), status)
    if fmt == "table":
        titled = [(View(path, view.columns, view.row, view.plain, view.note), found) for path, found in groups]
        text = "".join(
            render_tables([table], session.output, check_summary(table[1], session.overrides)) for table in titled
        )
        return Outcome(text, status)
    pairs = [(path, result) for path, found in groups for result in found]
    with_file: View[tuple[str, Any]] = View(
        None, [], lambda pair: {"file": pair[0], **view.row(pair[1])}, lambda pair: view.plain(pair[1])
    )
    return Outcome(render(pairs, fmt, session.output, with_file), status)


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE]...")
@click.option("--strict", is_flag=True, help="Exit 1 when there is a warning.")
@pass_session
def validate(session: Session, files: tuple[str, ...], strict: bool) -> Outcome:
    """Load and check data files without printing their values.

    Checks the YAML, the fields, numbers, units and formulas, and evaluates
    every metric and check so that arithmetic errors show up too. Without
    FILE, the file of --data (or the shipped one). The first bad file stops
    the run with its error. Where a source names its text (text: FILE),
    every quote must occur in it. A warning (one line on stderr each) flags
    what loads but may be wrong: a plain count of 40,000 read as exact, or a
    stated number its quote does not show; under --strict a warning exits 1.

    \b
    Example:
      laoshan validate data/indicators.yaml
    """
    from laoshan_cli.core.bounds_policy import looks_rounded_count
    from laoshan_cli.core.errors import DataError
    from laoshan_cli.loading.files import require_name
    from laoshan_cli.loading.quotes import check_quotes
    from laoshan_cli.output.render import counted
    from laoshan_cli.output.sanitize import visible

    for file in files:
        require_name(file, "data file", NO_FILE_HINT)
    lines = []
    warnings = []
    for one in [session.for_file(f) for f in files] or [session]:
        engine = one.engine()
        dataset = engine.dataset
        warnings += check_quotes(dataset, dataset.limits)
        for figure in dataset.figures.values():
            stated, unit, exact = figure.stated.text, figure.unit, figure.exact
            if looks_rounded_count(stated, unit, exact=exact, qualifier=figure.qualifier, precision=figure.precision):
                message = f"figure {figure.name!r}: {figure.stated.text} {figure.unit_text} is read as an exact count"
                hint = "if the text rounded it, give precision (500 for the nearest thousand) or exact: true"
                warnings.append(str(DataError(message, figure.location, hint)))
        engine.items(dataset.metrics)
        engine.checks()
        counts = ", ".join(
            counted(len(group), noun)
            for group, noun in ((dataset.figures, "figure"), (dataset.metrics, "metric"), (dataset.checks, "check"))
        )
        lines.append(f"{visible(dataset.path)}: ok ({counts})\n")
    failed = strict and bool(warnings)
    return Outcome("".join(lines), ExitStatus.CHECK_FAILED if failed else ExitStatus.OK, tuple(warnings))
