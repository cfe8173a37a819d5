"""What every command shares: its common options, the session, and (from streams) exit statuses and outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from laoshan_cli.output.terminal import FORMATS

from .session import Session
from .streams import ExitStatus, Outcome

if TYPE_CHECKING:
    from laoshan_cli.core.results import Item

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["ExitStatus", "Outcome", "convert_all", "format_option", "pass_session", "unit_option"]


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


pass_session = click.make_pass_decorator(Session)


def convert_all(items: list[Item], unit: str | None, session: Session) -> list[Item]:
    """Items shown in `unit` (from --unit), or as they are."""
    if unit is None:
        return items
    from laoshan_cli.core.results import convert

    words = session.unit_words()
    return [convert(item, unit, session.limits(), words) for item in items]


def complete_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of the figures and metrics in the active data file.

    The data file is the one `--data` (or LAOSHAN_DATA) names on the command
    line being completed. A file that cannot be read completes nothing: a
    completion must never print an error into someone's shell.
    """
    from click.shell_completion import CompletionItem

    root = ctx.find_root()
    data = root.params.get("data") or None
    try:
        from laoshan_cli.output.terminal import Output

        from .cache import CacheFolder

        session = Session(data, [], [], Output(), folder=CacheFolder(quiet=True))
        items = [item for kind in ("figure", "metric") for item in session.all_of_kind(kind)]
    except Exception:  # noqa: BLE001 - see the docstring
        return []
    return [CompletionItem(item.name, help=item.kind) for item in items if item.name.startswith(incomplete)]
