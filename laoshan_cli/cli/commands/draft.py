"""`laoshan draft TEXT`: a data file drafted from an article's own text (the work is in drafting/)."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

import click

from laoshan_cli.cli.options import Outcome, pass_session
from laoshan_cli.cli.session import Session

if TYPE_CHECKING:
    from laoshan_cli.core.limits import Limits

STDIN = "-"


@click.command()
@click.argument("text_file", metavar="TEXT")
@click.option("--title", metavar="TEXT", help="The source's title.")
@click.option("--publisher", metavar="TEXT", help="The source's publisher.")
@click.option("--url", metavar="URL", help="The source's address.")
@click.option("--date", "dated", metavar="YYYY-MM-DD", help="The text's date: resolves 'last year', 今年.")
@click.option(
    "-o", "--output", "target", metavar="FILE", help="Write the data file to FILE instead of standard output."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: a data file for review; json: one object per figure, for scripts.",
)
@pass_session
def draft(
    session: Session,
    text_file: str,
    title: str | None,
    publisher: str | None,
    url: str | None,
    dated: str | None,
    target: str | None,
    fmt: str,
) -> Outcome:
    """Draft a data file from the figures a text states, in English or Chinese.

    TEXT is a UTF-8 file, an HTML file (reduced to its text), or - for
    standard input. The data file names TEXT in source.text, relative to
    where the data file is written, so that `laoshan validate` checks every
    quote; a comment marks each reading the grammar was unsure of.

    \b
    Example:
      laoshan draft article.txt --date 2017-02-08 -o article.yaml
    """
    from laoshan_cli.drafting import draft_text
    from laoshan_cli.drafting.html import html_text, looks_like_html
    from laoshan_cli.loading.files import names_standard_output, require_name, write_output
    from laoshan_cli.output.draft import draft_json, draft_yaml
    from laoshan_cli.output.render import counted
    from laoshan_cli.output.sanitize import visible

    require_name(text_file, "text file", "give the article's file, or - for standard input")
    limits = session.limits()
    name, text = _read_text(text_file, limits)
    html = looks_like_html(text_file, text)
    if html:
        text = html_text(text)
    day = _date(dated)
    result = draft_text(text, dated=day, limits=limits)
    if fmt == "json":
        output = draft_json(result, session.output)
        if target is None or names_standard_output(require_name(target, "output file", "give a file name")):
            return Outcome(output)
        write_output(target, output.encode("utf-8"))
        return Outcome(f"wrote {visible(target)}: {counted(len(result.figures), 'figure')}\n")
    if not result.figures:
        from laoshan_cli.core.errors import DataError, Location

        raise DataError("no figures found in the text", Location(name), "a data file needs at least one figure")
    to_stdout = target is None or names_standard_output(require_name(target, "output file", "give a file name"))
    folder = os.getcwd() if to_stdout else os.path.dirname(os.path.abspath(target or "."))
    source = {key: value for key, value in (("title", title), ("publisher", publisher), ("url", url)) if value}
    if dated:
        source["date"] = dated
    note: str | None = None
    warnings: tuple[str, ...] = ()
    if html and not to_stdout:
        assert target is not None
        reduced = os.path.splitext(target)[0] + ".txt"
        write_output(reduced, text.encode("utf-8"))
        source["text"] = os.path.basename(reduced)
    else:
        relative = None if text_file == STDIN or html else _inside(text_file, folder)
        if relative is not None:
            source["text"] = relative
        else:
            why = "standard input" if text_file == STDIN else "HTML" if html else "a file outside this file's folder"
            note = f"no text: the text is {why}; save it beside this file and add text: NAME to check the quotes"
            warnings = (f"{visible(name)}: quotes will not be checked: {note.split(': ', 1)[1]}",)
    document = draft_yaml(result, source, note)
    if to_stdout:
        return Outcome(document, warnings=warnings)
    assert target is not None
    write_output(target, document.encode("utf-8"))
    return Outcome(f"wrote {visible(target)}: {counted(len(result.figures), 'figure')}\n", warnings=warnings)


def _read_text(path: str, limits: Limits) -> tuple[str, str]:
    import sys

    from laoshan_cli.core.errors import DataError, Location
    from laoshan_cli.loading.files import read_at_most, read_file

    if path == STDIN:
        data = read_at_most(sys.stdin.buffer, limits.max_file_bytes + 1)
        name = "<stdin>"
        if len(data) > limits.max_file_bytes:
            from laoshan_cli.core.errors import LimitError
            from laoshan_cli.core.limits import limit_hint

            raise LimitError("standard input is too long", Location(name), limit_hint("max_file_bytes", limits))
    else:
        if not os.path.lexists(path):  # read_file's message speaks of data files
            raise DataError("no such text file", Location(path), "give the article's file, or - for standard input")
        data, name = read_file(path, limits), path
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(f"the text is not UTF-8 (byte {error.start})", Location(name), "save it as UTF-8") from None


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    from laoshan_cli.core.errors import UsageError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r} is not a date", hint="write it as YYYY-MM-DD, such as 2017-02-08") from None


def _inside(path: str, folder: str) -> str | None:
    """`path` relative to `folder`, if it lies inside it (links resolved, as `validate` resolves them)."""
    real_folder = os.path.realpath(folder)
    real = os.path.realpath(path)
    if os.path.commonpath([real_folder, real]) != real_folder:
        return None
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    if relative.startswith(os.pardir) or os.path.isabs(relative):
        relative = os.path.relpath(real, real_folder)
    return relative.replace(os.sep, "/")
