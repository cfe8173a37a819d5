"""The command that asks whether every claim of a data file can hold at once."""

from __future__ import annotations

import click

from laoshan_cli.cli.options import ExitStatus, Outcome, pass_session
from laoshan_cli.cli.session import Session

STATUSES = {"consistent": ExitStatus.OK, "inconsistent": ExitStatus.CHECK_FAILED, "undecided": ExitStatus.UNDECIDED}


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plain", "json"]),
    default="plain",
    show_default=True,
    help="plain for people; json for scripts.",
)
@click.option("--exclude", "exclude", metavar="CHECK", multiple=True, help="Leave this check out. Repeatable.")
@click.option(
    "--engine",
    type=click.Choice(["pure", "z3"]),
    default="pure",
    show_default=True,
    help='pure: laoshan\'s own; z3: the Z3 solver, from pip install "laoshan[solver]".',
)
@pass_session
def consistent(session: Session, fmt: str, exclude: tuple[str, ...], engine: str) -> Outcome:
    """Can every figure, metric and check hold at once? Exit 0 yes, 1 no, 3 undecided.

    Consistent: prints a witness, an exact value of every figure within its
    bounds at which every check holds (counts whole). Inconsistent: prints a
    minimal set of figures and checks that cannot all hold: without any one
    of them, the rest can. Undecided: the work budget (--limit
    max_consistency_work=N) ran out, and it names what it could not decide.

    \b
    Example:
      laoshan consistent --exclude "high-tech output grew from 2015"
    """
    from laoshan_cli.core.solve import consistency
    from laoshan_cli.output.consistency import verdict_json, verdict_text

    dataset = session.engine().dataset
    verdict = consistency(dataset, exclude, engine=engine)
    show = verdict_json if fmt == "json" else verdict_text
    return Outcome(show(verdict, dataset, session.output), STATUSES[verdict.status])
