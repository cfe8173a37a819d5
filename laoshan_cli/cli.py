"""The command line: parse options, ask the engine, hand records to the renderer.

Nothing here computes a number. `run` is the one place that maps outcomes to
exit statuses and writes to stdout and stderr.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, NamedTuple, NoReturn, TypeVar

import click

from . import __version__
from .errors import LaoshanError, UsageError, shown
from .render import FORMATS, Output, render, render_json, render_tables, symbols_for
from .session import Session

F = TypeVar("F", bound=Callable[..., Any])


class ExitStatus(IntEnum):
    """Every exit status laoshan uses; the README lists them."""

    OK = 0
    CHECK_FAILED = 1  # a check failed (or was uncertain under --strict)
    BAD_INPUT = 2  # bad usage or bad data: unknown name, invalid file, formula error
    INTERNAL_ERROR = 70  # a bug in laoshan
    OUTPUT_ERROR = 74  # stdout could not be written: disk full, closed
    BROKEN_PIPE = 141  # the reader went away (| head); quiet, like a shell's SIGPIPE


class Outcome(NamedTuple):
    """What a command prints and how it exits."""

    text: str
    status: ExitStatus = ExitStatus.OK


class ProgressBar:
    """A rich progress bar on stderr for work that takes over a second; never in a pipe or in CI."""

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        stream = sys.stderr
        self.enabled = bool(stream is not None and stream.isatty() and not os.environ.get("CI"))
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if self.clock() - self.started < self.DELAY:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def detect_output() -> Output:
    """What stdout can show: colour only on a terminal and without NO_COLOR."""
    stream = sys.stdout
    terminal = bool(stream is not None and stream.isatty())
    encoding = getattr(stream, "encoding", None)
    symbols = symbols_for(encoding)
    color = terminal and not os.environ.get("NO_COLOR")
    width = 100
    if terminal:
        width = os.get_terminal_size(stream.fileno()).columns if stream is not None else 100
    else:
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and 20 <= int(columns) <= 1000:
            width = int(columns)
    return Output(terminal, color, width, symbols, unicode=symbols.to != "..")


def pairs(values: Sequence[str], option: str) -> list[tuple[str, str]]:
    result = []
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            example = "hightech_growth_2016=3.0" if option == "--set" else "max_depth=32"
            raise UsageError(f"{option} needs NAME=VALUE, not {shown(value)}", hint=f"for example {option} {example}")
        result.append((name.strip(), text))
    return result


def format_option(command: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; json, csv or plain (one value per line) for scripts.",
    )(command)


def unit_option(command: F) -> F:
    return click.option("--unit", "unit", metavar="UNIT", help='Show values in this unit, such as "100 million CNY".')(
        command
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data",
    metavar="FILE",
    envvar="LAOSHAN_DATA",
    help="Data file to read (also LAOSHAN_DATA). Default: the shipped data/indicators.yaml.",
)
@click.option(
    "--set",
    "overrides",
    metavar="NAME=VALUE",
    multiple=True,
    help="What-if: restate a figure, in its own unit. Repeatable.",
)
@click.option(
    "--limit",
    "limit_pairs",
    metavar="NAME=VALUE",
    multiple=True,
    help="Raise a safety limit, such as max_depth=32. Repeatable.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option("--traceback", is_flag=True, help="Show a Python traceback on errors, for debugging.")
@click.version_option(__version__, "--version", prog_name="laoshan", message="%(prog)s %(version)s")
@click.pass_context
def cli(
    ctx: click.Context,
    data: str | None,
    overrides: tuple[str, ...],
    limit_pairs: tuple[str, ...],
    no_cache: bool,
    traceback: bool,
) -> None:
    """Derive metrics from quoted figures, with exact arithmetic and honest bounds.

    \b
    Example:
      laoshan report
      laoshan --set hightech_growth_2016=3.0 get hightech_output_2015
    """
    progress = ProgressBar()
    ctx.call_on_close(progress.close)
    ctx.obj = Session(
        data,
        pairs(overrides, "--set"),
        pairs(limit_pairs, "--limit"),
        detect_output(),
        use_cache=not no_cache,
        progress=progress,
    )


pass_session = click.make_pass_decorator(Session)


@cli.command()
@pass_session
def report(session: Session) -> Outcome:
    """Show figures, derived metrics and checks as tables.

    \b
    Example:
      laoshan report
    """
    from .views import check_summary, check_view, item_view

    figures = session.all_of_kind("figure")
    metrics = session.all_of_kind("metric")
    results = session.checks()
    output = session.output
    tables: list[tuple[Any, Sequence[Any]]] = [
        (item_view(output, "Figures", "figure"), figures),
        (item_view(output, "Metrics", "metric"), metrics),
    ]
    if results:
        tables.append((check_view(output), results))
    text = render_tables(tables, output, footer=check_summary(results) if results else None)
    failed = any(r.status == "fail" for r in results)
    return Outcome(text, ExitStatus.CHECK_FAILED if failed else ExitStatus.OK)


@cli.command()
@format_option
@pass_session
def figures(session: Session, fmt: str) -> Outcome:
    """List the source figures with their bounds, qualifiers and sources.

    \b
    Example:
      laoshan figures --format csv
    """
    from .views import item_view

    items = session.all_of_kind("figure")
    return Outcome(render(items, fmt, session.output, item_view(session.output, "Figures", "figure")))


@cli.command()
@format_option
@unit_option
@pass_session
def metrics(session: Session, fmt: str, unit: str | None) -> Outcome:
    """List the derived metrics with their values, bounds and formulas.

    \b
    Example:
      laoshan metrics --format json
    """
    from .views import item_view

    items = convert_all(session.all_of_kind("metric"), unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, "Metrics", "metric")))


@cli.command()
@click.argument("names", nargs=-1, required=True)
@format_option
@unit_option
@pass_session
def get(session: Session, names: tuple[str, ...], fmt: str, unit: str | None) -> Outcome:
    """Print the values of figures or metrics, for scripts.

    \b
    Example:
      laoshan get hightech_output_2015 --format plain
    """
    from .views import item_view

    items = convert_all(session.items(names), unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, None, "any")))


def convert_all(items: list[Any], unit: str | None, session: Session) -> list[Any]:
    if unit is None:
        return items
    from .results import convert

    return [convert(item, unit, session.limits()) for item in items]


@cli.command()
@click.argument("name")
@format_option
@pass_session
def explain(session: Session, name: str, fmt: str) -> Outcome:
    """Show how a value is derived, down to the quotes, and what drives its bounds.

    \b
    Example:
      laoshan explain hightech_output_increase_2016
    """
    from .views import explain_flat, explain_row, explain_text, plain_number

    explanation = session.engine().explain(name)
    output = session.output
    if fmt == "json":
        return Outcome(render_json(explain_row(explanation), output))
    if fmt == "csv":
        from .render import render_csv

        return Outcome(render_csv(explain_flat(explanation)))
    if fmt == "plain":
        return Outcome(plain_number(explanation.tree.item.value) + "\n")
    return Outcome(explain_text(explanation, output))


@cli.command()
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
    from .views import item_view

    item = session.engine().calc(expression)
    items = convert_all([item], unit, session)
    return Outcome(render(items, fmt, session.output, item_view(session.output, None, "metric")))


@cli.command()
@click.option("--strict", is_flag=True, help="Treat an uncertain check as failed.")
@format_option
@pass_session
def check(session: Session, strict: bool, fmt: str) -> Outcome:
    """Run the data file's checks; exit 1 if one fails.

    A check passes when it holds for every value within the bounds, fails
    when it holds for none, and is uncertain otherwise.

    \b
    Example:
      laoshan check --strict
    """
    from .views import check_summary, check_view

    results = session.checks()
    bad = {"fail", "uncertain"} if strict else {"fail"}
    status = ExitStatus.CHECK_FAILED if any(r.status in bad for r in results) else ExitStatus.OK
    view = check_view(session.output)
    if fmt == "table":
        text = render_tables([(view, results)], session.output, footer=check_summary(results))
    else:
        text = render(results, fmt, session.output, view)
    return Outcome(text, status)


@cli.command()
@click.argument("file", required=False, metavar="[FILE]")
@pass_session
def validate(session: Session, file: str | None) -> Outcome:
    """Load and check a data file without printing its values.

    Checks the YAML, the fields, numbers, units and formulas, and evaluates
    every metric and check so that arithmetic errors show up too.

    \b
    Example:
      laoshan validate data/indicators.yaml
    """
    if file is not None:
        session = session.for_file(file)
    engine = session.engine()
    dataset = engine.dataset
    engine.items(dataset.metrics)
    engine.checks()
    counts = f"{len(dataset.figures)} figures, {len(dataset.metrics)} metrics, {len(dataset.checks)} checks"
    return Outcome(f"{dataset.path}: ok ({counts})\n")


# -- the edge: exit statuses and streams -------------------------------------------


def main(argv: Sequence[str] | None = None) -> NoReturn:
    sys.exit(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status; never raises."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Loading builds millions of small objects and no reference cycles worth
    # collecting; the cyclic collector would only rescan them, which tripled
    # the time of big files. A command runs once and exits.
    gc.disable()
    show_traceback = "--traceback" in args or bool(os.environ.get("LAOSHAN_TRACEBACK"))
    try:
        result = cli.main(args=args, prog_name="laoshan", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        return write(Outcome(error.format_message() + "\n", ExitStatus.BAD_INPUT))
    except click.ClickException as error:
        return fail(f"{error.format_message()} (see 'laoshan --help')", ExitStatus.BAD_INPUT)
    except click.Abort:
        return fail("aborted", ExitStatus.BAD_INPUT)
    except LaoshanError as error:
        if show_traceback:
            import traceback

            traceback.print_exc()
        return fail(str(error), ExitStatus.BAD_INPUT)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return quiet_broken_pipe()
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if show_traceback:
            import traceback

            traceback.print_exc()
            return ExitStatus.INTERNAL_ERROR
        return fail(
            f"internal error ({type(error).__name__}: {error}); this is a bug in laoshan. "
            "Run again with --traceback and report what it shows",
            ExitStatus.INTERNAL_ERROR,
        )
    if isinstance(result, Outcome):
        return write(result)
    return int(result or 0)


def write(outcome: Outcome) -> int:
    """Write a command's output to stdout, turning stream failures into exit statuses."""
    stream = sys.stdout
    if stream is None:
        return fail("cannot write output: standard output is closed", ExitStatus.OUTPUT_ERROR)
    try:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        data = outcome.text.encode(encoding, errors="replace")
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode(encoding))
            stream.flush()
        else:
            stream.flush()
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        return quiet_broken_pipe()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        silence_stdout()
        return fail(f"cannot write output: {reason}", ExitStatus.OUTPUT_ERROR)
    return int(outcome.status)


def quiet_broken_pipe() -> int:
    silence_stdout()
    return ExitStatus.BROKEN_PIPE


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def one_line(message: str, limit: int = 400) -> str:
    """Whatever a message holds (a library's, or echoed input), it prints as one short line."""
    text = " ".join(message.split())
    if len(text) > limit:
        text = text[: limit - 60] + " ... " + text[-50:]
    return text


def fail(message: str, status: ExitStatus) -> int:
    """One line on stderr."""
    try:
        stream = sys.stderr
        if stream is not None:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            line = f"error: {one_line(message)}\n".encode(encoding, errors="replace").decode(encoding)
            stream.write(line)
            stream.flush()
    except (OSError, ValueError):
        pass
    return int(status)
