"""The command that writes a fact-check memo: Markdown for a newsroom, with a picture per check."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from laoshan_cli.cli.options import Outcome, pass_session
from laoshan_cli.cli.session import Session

if TYPE_CHECKING:
    from laoshan_cli.core.results import ExplainNode


@click.command()
@click.option("-o", "--output", "out", metavar="FILE", help="Write the memo to FILE (and pictures beside it).")
@click.option("--no-pictures", is_flag=True, help="Leave out the SVG picture of each check.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "claimreview"]),
    default="markdown",
    show_default=True,
    help="markdown for people; claimreview for schema.org ClaimReview JSON-LD, one per check.",
)
@click.option("--reviewer", metavar="NAME", default="laoshan", show_default=True, help="The author of the reviews.")
@click.option("--date", metavar="YYYY-MM-DD", help="datePublished of the reviews (default: today, UTC).")
@pass_session
def memo(session: Session, out: str | None, no_pictures: bool, fmt: str, reviewer: str, date: str | None) -> Outcome:
    """Write a fact-check memo in Markdown; exit 0 once it is written, whatever the verdicts.

    For each check: the quotes it rests on, its verdict, the numbers with
    their bounds and their derivation; then whether all the claims can hold
    at once (as `consistent` decides), and the sources. With -o FILE, each
    check's picture (its two sides' bounds) is written beside FILE as
    FILE-STEM-N.svg and linked; on standard output there are no pictures.
    --format claimreview writes schema.org ClaimReview JSON-LD instead: one
    review per check, with the quotes as claimReviewed and the verdict as
    reviewRating's alternateName.

    \b
    Example:
      laoshan memo -o memo.md
    """
    from laoshan_cli.core.solve import consistency
    from laoshan_cli.loading.files import names_standard_output, require_name, write_output
    from laoshan_cli.output.memo import memo as make_memo

    to_file = out is not None and not names_standard_output(out)
    if out is not None:
        require_name(out, "memo file", "give a file name, or - for standard output")
    engine = session.engine()
    dataset = engine.dataset
    results = engine.checks()
    refs = {check.name: check.refs for check in dataset.checks}

    def trees(name: str) -> list[ExplainNode]:
        return [engine.explain(ref).tree for ref in refs[name]]

    if fmt == "claimreview":
        from laoshan_cli.output.claimreview import claim_reviews

        text = claim_reviews(dataset, results, trees, reviewer, review_date(date), session.output)
        if not to_file:
            return Outcome(text)
        assert out is not None
        write_output(out, text.encode("utf-8"))
        return Outcome("")
    stem = None
    if to_file and not no_pictures:
        assert out is not None
        stem = os.path.splitext(os.path.basename(out))[0]
    text, pictures = make_memo(dataset, results, trees, consistency(dataset), session.output, stem)
    if not to_file:
        return Outcome(text)
    assert out is not None
    folder = os.path.dirname(out)
    for picture in pictures:
        write_output(os.path.join(folder, picture.name), picture.svg.encode("utf-8"))
    write_output(out, text.encode("utf-8"))
    return Outcome("")


def review_date(text: str | None) -> str:
    """A date as YYYY-MM-DD: the one given, checked, or today's in UTC."""
    import datetime

    from laoshan_cli.core.errors import UsageError

    if text is None:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date", hint="write it as YYYY-MM-DD, such as 2017-02-08") from None
