"""A fact-check memo in Markdown, for a newsroom to read and publish, and its pictures in SVG.

For each check: the claim in the text's own words (the quotes of the figures
it rests on), a verdict, the numbers with their bounds, and the derivation
down to the quotes; then whether all the claims can hold at once (the
verdict of `consistent`), and the sources. Text from the data file is made
inert (the sanitizer) and then escaped for Markdown and HTML, so a quote
cannot add a link, an image or markup to a published page.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from decimal import ROUND_FLOOR
from fractions import Fraction
from typing import NamedTuple

from laoshan_cli.core import bounds as iv
from laoshan_cli.core.model import Dataset
from laoshan_cli.core.results import CheckResult, ExplainNode, Item, Source, Value
from laoshan_cli.core.solve import Verdict
from laoshan_cli.output.consistency import member_text
from laoshan_cli.output.render import counted, format_bounds, format_number
from laoshan_cli.output.sanitize import visible
from laoshan_cli.output.terminal import UNICODE as SYMBOLS  # a memo is a UTF-8 file, whatever the terminal
from laoshan_cli.output.terminal import Output
from laoshan_cli.output.views import unit_label, verdict_text

MARKDOWN_SPECIAL = "\\`*_{}[]()#+!|<>~$"  # $ too: GitHub reads $...$ as mathematics
VERDICTS = {"pass": "consistent", "fail": "inconsistent", "uncertain": "uncertain"}


class Picture(NamedTuple):
    name: str  # file name, beside the memo
    svg: str


def md(text: str) -> str:
    """Data-file text as inert Markdown: escapes shown, HTML escaped, Markdown's punctuation backslashed."""
    shown = html.escape(visible(text), quote=False)
    out = []
    for char in shown:
        out.append("\\" + char if char in MARKDOWN_SPECIAL else char)
    return "".join(out)


def sources_of(dataset: Dataset) -> list[Source]:
    found: list[Source] = []
    for source in [dataset.source, *(f.source for f in dataset.figures.values())]:
        if source and source not in found:
            found.append(source)
    return found


def source_line(source: Source) -> str:
    parts = [md(source[key]) for key in ("title", "publisher", "date") if source.get(key)]
    url = source.get("url")
    if url:
        parts.append(f"<{html.escape(visible(url))}>" if url.startswith(("https://", "http://")) else md(url))
    return "; ".join(parts)


def gap_text(result: CheckResult) -> str:
    """How far an inconsistent check misses: the smallest gap over the bounds (rounded down), and its share
    of the right side. A ~= check says it as `check` does (views.verdict_text)."""
    if result.op == "~=":
        text = verdict_text(result)
        return f": {md(text)}" if text is not None and result.status == "fail" else ""
    diff = result.difference
    amount = diff.lo if result.op in ("<", "<=") else None if diff.hi is None else -diff.hi
    if amount is None or amount < 0 or (amount == 0 and result.op in ("<=", ">=")):
        return ", over whole values: it rests on a metric that counts things (whole: true)"
    unit = unit_label(result)
    text = f", by at least {format_number(amount / result.unit.scale, rounding=ROUND_FLOOR)}"
    text += f" {md(unit)}" if unit else ""
    if result.right.point:
        text += f" ({format_number(abs(amount / result.right.point) * 100, 3, ROUND_FLOOR)}% of the right side)"
    return text


def side_cell(value: Value, result: CheckResult) -> tuple[str, str]:
    scale = result.unit.scale
    return format_number(value.point / scale), format_bounds(iv.scale(value.bounds, 1 / scale), SYMBOLS)


def derivation(node: ExplainNode, depth: int = 0) -> list[str]:
    item = node.item
    lines = [f"{'  ' * depth}- {item_line(item)}" + (" (see above)" if node.repeated else "")]
    if node.repeated:
        return lines
    for child in node.children:
        lines += derivation(child, depth + 1)
    return lines


def item_line(item: Item) -> str:
    unit = f" {md(item.unit_text)}" if item.unit_text else ""
    line = f"`{visible(item.name)}` = {format_number(item.value)}{unit} [{format_bounds(item.bounds, SYMBOLS)}]"
    if item.formula:
        return line + f" = {md(item.formula)}"
    if item.quote:
        return line + f", stated {md(item.stated or '')}: “{md(item.quote)}”"
    return line + (f", stated {md(item.stated)}" if item.stated else "")


def quotes_of(node: ExplainNode, found: list[str]) -> list[str]:
    quote = node.item.quote
    if node.item.kind == "figure" and quote and quote not in found:
        found.append(quote)
    for child in node.children:
        quotes_of(child, found)
    return found


def memo(
    dataset: Dataset,
    results: list[CheckResult],
    trees: Callable[[str], list[ExplainNode]],  # the derivations of a check's names
    verdict: Verdict,
    output: Output,
    picture_stem: str | None,  # file names of pictures start with this; None: no pictures
) -> tuple[str, list[Picture]]:
    source = dataset.source or {}
    title = source.get("title") or dataset.path
    lines = [f"# Fact-check memo: {md(title)}", ""]
    if source.get("publisher"):
        lines += [
            f"Published by {md(source['publisher'])}. "
            f"Checked by laoshan from `{visible(os.path.basename(dataset.path))}`.",
            "",
        ]
    counts = {status: sum(r.status == status for r in results) for status in VERDICTS}
    lines += [
        f"{counted(len(results), 'check')}: {counts['pass']} consistent, {counts['fail']} inconsistent, "
        f"{counts['uncertain']} uncertain. All claims at once: **{verdict.status}**.",
        "",
        "## The checks",
        "",
    ]
    pictures: list[Picture] = []
    for number, result in enumerate(results, 1):
        verdict_word = VERDICTS[result.status]
        if result.status == "fail":
            verdict_word += gap_text(result)
        nodes = trees(result.name)
        lines += [f"### {number}. {md(result.name)}", "", f"**Verdict: {verdict_word}.**", ""]
        quotes = [q for node in nodes for q in quotes_of(node, [])]
        if quotes:
            lines += ["In the text's words:", ""]
            lines += [f"> {md(q)}" for q in dict.fromkeys(quotes)]
            lines.append("")
        unit = unit_label(result)
        lines += [
            f"The claim: `{visible(result.assertion)}`" + (f", in {md(unit)}" if unit else "") + ".",
            "",
            "| Side | Value | Bounds |",
            "|---|---|---|",
        ]
        for side, value in (("left", result.left), ("right", result.right)):
            point, bounds = side_cell(value, result)
            lines.append(f"| {side} | {point} | {bounds} |")
        lines += ["", "How the numbers are derived:", ""]
        for node in nodes:
            lines += derivation(node)
        lines.append("")
        if picture_stem is not None:
            name = f"{picture_stem}-{number}.svg"
            pictures.append(Picture(name, intervals_svg(result)))
            lines += [f"![The two sides' bounds of check {number}]({name})", ""]
    lines += ["## Can all the claims hold at once?", ""]
    lines += consistency_lines(dataset, verdict, output)
    lines += ["", "## Sources", ""]
    lines += [f"- {source_line(s)}" for s in sources_of(dataset)] or ["- none named in the data file"]
    return "\n".join(lines) + "\n", pictures


def consistency_lines(dataset: Dataset, verdict: Verdict, output: Output) -> list[str]:
    from laoshan_cli.output.consistency import exact_text, own_unit, unit_text

    if verdict.status == "consistent":
        lines = [
            "**Consistent.** Every figure can lie within its bounds and every check hold at once, "
            "for example at these exact values:",
            "",
            "| Figure | Value | Unit |",
            "|---|---|---|",
        ]
        for name in dataset.figures:
            value = exact_text(own_unit(dataset, name, verdict.witness[name]))
            lines.append(f"| `{visible(name)}` | {value} | {md(unit_text(dataset, name))} |")
        return lines
    if verdict.status == "inconsistent":
        lines = ["**Inconsistent.** These cannot all be true:", ""]
        lines += [f"- {md(member_text(dataset, m, output))}" for m in verdict.conflict]
        lines += [f"- through `{visible(n)}` = {md(dataset.metrics[n].formula)}" for n in verdict.path]
        if verdict.minimal:
            lines += ["", "Without any one of them, the rest can all be true."]
        return lines
    return ["**Undecided**: the work budget ran out before these could be decided:", ""] + [
        f"- {md(member_text(dataset, m, output))}" for m in verdict.undecided
    ]


# -- pictures --------------------------------------------------------------------------

WIDTH, HEIGHT, MARGIN = 480, 110, 20


def intervals_svg(result: CheckResult) -> str:
    """The two sides' intervals on one axis, as a small SVG; unbounded ends run to the edge."""
    scale = result.unit.scale
    sides = [(label, value) for label, value in (("left", result.left), ("right", result.right))]
    ends = [
        end / scale for _, value in sides for end in (value.bounds.lo, value.bounds.hi, value.point) if end is not None
    ]
    low, high = min(ends), max(ends)
    pad = (high - low) / 10 or abs(high) / 10 or Fraction(1)
    low, high = low - pad, high + pad

    def x(value: Fraction | None, default: int) -> float:
        if value is None:
            return float(default)
        return float(MARGIN + (value / scale - low) / (high - low) * (WIDTH - 2 * MARGIN))

    colour = {"pass": "#2e7d32", "fail": "#c62828", "uncertain": "#ef6c00"}[result.status]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{html.escape(visible(result.name))}: {VERDICTS[result.status]}</title>",
    ]
    for row, (label, value) in enumerate(sides):
        y = 25 + row * 35
        left, right = x(value.bounds.lo, 0), x(value.bounds.hi, WIDTH)
        shown = format_bounds(iv.scale(value.bounds, 1 / scale), SYMBOLS)
        text = f"{label}: {format_number(value.point / scale)} ({shown})"
        mark = x(value.point, 0)
        parts += [
            f'<rect x="{left:.1f}" y="{y}" width="{max(right - left, 2):.1f}" height="12" fill="{colour}" '
            'fill-opacity="0.35" stroke="' + colour + '"/>',
            f'<line x1="{mark:.1f}" y1="{y - 3}" x2="{mark:.1f}" y2="{y + 15}" stroke="black"/>',
            f'<text x="{MARGIN}" y="{y - 5}">{html.escape(text)}</text>',
        ]
    unit = unit_label(result)
    caption = f"{VERDICTS[result.status]}" + (f"; in {unit}" if unit else "")
    parts += [f'<text x="{MARGIN}" y="{HEIGHT - 10}">{html.escape(visible(caption))}</text>', "</svg>"]
    return "\n".join(parts) + "\n"
