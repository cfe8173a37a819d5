"""The command line: parse options, ask the engine, hand records to the renderer.

Nothing here computes a number. `run` is the one place that maps outcomes and
errors to exit statuses; streams.py writes to stdout and stderr. The process
starts in entry.py, which answers one shape of `get` before click is imported.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from laoshan_cli.core.errors import LaoshanError, OutputError, UsageError, shown
from laoshan_cli.core.version import __version__
from laoshan_cli.output.terminal import Output, symbols_for

from .options import ExitStatus, Outcome
from .session import Session
from .streams import fail, quiet_broken_pipe, write

F = TypeVar("F", bound=Callable[..., Any])


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
    width = 80  # not a terminal and no COLUMNS: the width a pipe's reader most likely has
    if terminal:
        width = os.get_terminal_size(stream.fileno()).columns if stream is not None else width
    else:
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and 20 <= int(columns) <= 1000:
            width = int(columns)
    return Output(terminal, color, width, symbols, unicode=symbols.to != "..")


def pairs(values: Sequence[str], option: str) -> list[tuple[str, str]]:
    """NAME=VALUE options as pairs; a NAME given twice is refused, since keeping either would be a guess."""
    result: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        name = name.strip()
        if not sep or not name:
            example = "hightech_growth_2016=3.0" if option == "--set" else "max_depth=32"
            raise UsageError(f"{option} needs NAME=VALUE, not {shown(value)}", hint=f"for example {option} {example}")
        if name in result:
            raise UsageError(
                f"{option} {name} is given twice ({shown(result[name])} and {shown(text)})",
                hint=f"give each {'figure' if option == '--set' else 'limit'} once",
            )
        result[name] = text
    return list(result.items())


# The group's own options (below), as its usage writes them.
GLOBAL_OPTIONS = {"--data": "--data FILE", "--set": "--set NAME=VALUE", "--limit": "--limit NAME=VALUE"}
GLOBAL_OPTIONS |= {"--no-cache": "--no-cache", "--traceback": "--traceback"}


def moved_before_command(args: Sequence[str], option: str, command: str) -> str:
    """The command line with `option` (and its value) moved before the command, as a shell would take it."""
    import shlex

    usage = f"laoshan {GLOBAL_OPTIONS[option]} {command} ..."
    at = 0  # the command is the first word that is neither a global option nor one's value
    while at < len(args):
        name, equals, _ = args[at].partition("=")
        if name not in GLOBAL_OPTIONS:
            break
        at += 2 if not equals and " " in GLOBAL_OPTIONS[name] else 1
    if at >= len(args) or args[at] != command:
        return usage
    rest = list(args[at + 1 :])
    takes_value = " " in GLOBAL_OPTIONS[option]
    for index, arg in enumerate(rest):
        if arg == option or (takes_value and arg.startswith(option + "=")):
            end = index + 2 if arg == option and takes_value else index + 1
            if end > len(rest):  # `check --data` with no value after it
                return usage
            moved = rest[index:end]
            line = [*args[:at], *moved, command, *rest[:index], *rest[end:]]
            text = " ".join(["laoshan", *(shlex.quote(part) for part in line)])
            return text if len(text) <= 160 else usage
    return usage


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs.

    `laoshan get` then never pays for importing the other commands.
    """

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy  # command name -> "module:function"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            import importlib

            module_name, attribute = self.lazy[cmd_name].split(":")
            module = importlib.import_module(f"laoshan_cli.cli.commands.{module_name}")
            command: click.Command = getattr(module, attribute)
            return command
        return super().get_command(ctx, cmd_name)


COMMANDS = {
    **{name: f"query:{name}" for name in ("report", "figures", "metrics", "get", "explain", "calc")},
    "check": "check:check",
    "consistent": "consistent:consistent",
    "memo": "memo:memo",
    "validate": "check:validate",
    "completion": "completion:completion",
    "snapshot": "snapshot:snapshot",
    "diff": "snapshot:diff",
    "graph": "graph:graph",
    "schema": "schema:schema",
    "draft": "draft:draft",
}


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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
    if data == "":  # an unset variable in `--data "$FILE"`; LAOSHAN_DATA="" counts as unset
        raise UsageError("--data is empty", hint="give a data file, or leave out --data for the shipped data")
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


def all_commands() -> dict[str, click.Command]:
    """Every command by name, importing them all (for help tests and completion)."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


# -- the edge: exit statuses and streams -------------------------------------------


class Terminated(BaseException):
    """SIGTERM, raised where the process is so that `finally` blocks (temporary files) run."""


def _terminate(signum: int, frame: object) -> NoReturn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the cleanup short
    raise Terminated


def main(argv: Sequence[str] | None = None) -> NoReturn:
    sys.exit(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status; never raises."""
    # Loading builds millions of small objects and no reference cycles worth
    # collecting; the cyclic collector would only rescan them, which tripled
    # the time of big files. It is restored for callers that go on running.
    collecting = gc.isenabled()
    gc.disable()
    previous = _catch_sigterm()
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return fail("interrupted", ExitStatus.INTERRUPTED)
    except Terminated:
        return fail("terminated", ExitStatus.TERMINATED)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if collecting:
            gc.enable()


def _catch_sigterm() -> Any:
    """Turn SIGTERM into Terminated; the handler it replaces, or None where none can be set (not the main thread)."""
    try:
        previous = signal.getsignal(signal.SIGTERM)
        if previous == signal.SIG_IGN:  # whoever started us chose to ignore it
            return None
        signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        return None
    return previous


def _run(args: list[str]) -> int:
    show_traceback = "--traceback" in args or bool(os.environ.get("LAOSHAN_TRACEBACK"))
    try:
        result = cli.main(args=args, prog_name="laoshan", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        return write(Outcome(error.format_message() + "\n", ExitStatus.BAD_INPUT))
    except click.NoSuchOption as error:
        if error.option_name in GLOBAL_OPTIONS and error.ctx is not None and error.ctx.parent is not None:
            fixed = moved_before_command(args, error.option_name, error.ctx.info_name or "")
            return fail(
                f"{error.option_name} is an option of laoshan itself, so it goes before the command: `{fixed}`",
                ExitStatus.BAD_INPUT,
            )
        return fail(f"{error.format_message()} (see 'laoshan --help')", ExitStatus.BAD_INPUT)
    except click.ClickException as error:
        return fail(f"{error.format_message()} (see 'laoshan --help')", ExitStatus.BAD_INPUT)
    except click.Abort as error:  # click's name for Ctrl-C (and for end of input at a prompt, which we never show)
        if isinstance(error.__context__, KeyboardInterrupt):
            return fail("interrupted", ExitStatus.INTERRUPTED)
        return fail("aborted", ExitStatus.BAD_INPUT)
    except LaoshanError as error:
        if show_traceback:
            import traceback

            traceback.print_exc()
        status = ExitStatus.OUTPUT_ERROR if isinstance(error, OutputError) else ExitStatus.BAD_INPUT
        return fail(str(error), status)
    except SystemExit as exiting:  # click's shell completion answers and exits
        return exiting.code if isinstance(exiting.code, int) else 0
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
