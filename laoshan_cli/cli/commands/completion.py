"""`laoshan completion SHELL`: the shell's completion script, from click's own mechanism."""

from __future__ import annotations

import click

from laoshan_cli.cli.options import Outcome

SHELLS = ("bash", "zsh", "fish")


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> Outcome:
    """Print the completion script for bash, zsh or fish.

    It completes commands, options, and the names of the figures and metrics
    in the data file given with --data (or LAOSHAN_DATA, or the shipped one).

    \b
    Example:
      eval "$(laoshan completion bash)"
    """
    from click.shell_completion import get_completion_class

    from laoshan_cli.cli.app import cli

    completer = get_completion_class(shell)
    assert completer is not None
    script: str = completer(cli, {}, "laoshan", "_LAOSHAN_COMPLETE").source()
    return Outcome(script if script.endswith("\n") else script + "\n")
