"""A draft as a data file (YAML, with comments for review) or as JSON records, one per figure.

Every string from the text is written as a JSON string, which YAML reads as
a double-quoted scalar with the same escapes; unsafe characters (controls,
bidi, zero-width) stay escaped by the one sanitizer, so the draft is inert on
a terminal and `laoshan validate` reads back the very text.
"""

from __future__ import annotations

import json
from typing import Any

from laoshan_cli.core.numbers import decimal_text
from laoshan_cli.drafting import Draft, DraftedFigure

from .render import float_down, float_nearest, float_up, render_json
from .sanitize import json_text, visible
from .terminal import Output

REVIEW = "# Drafted by `laoshan draft`: review each figure before use. A comment marks every reading it was unsure of."


def quoted(text: str) -> str:
    return json_text(json.dumps(text, ensure_ascii=False))


def draft_yaml(draft: Draft, source: dict[str, str], source_note: str | None = None) -> str:
    """The data file of a draft: source, shared quotes, figures, then the drafted metrics and checks."""
    lines = [REVIEW]
    if source or source_note:
        lines.append("source:")
        lines += [f"  {key}: {quoted(value)}" for key, value in source.items()]
        if source_note:
            lines.append(f"  # {visible(source_note)}")
    shared = _shared_quotes(draft.figures)
    if shared:
        lines.append("quotes:")
        lines += [f"  {ref}: {quoted(quote)}" for quote, ref in shared.items()]
    lines.append("figures:")
    for figure in draft.figures:
        lines += _figure(figure, shared)
    if draft.metrics:
        lines.append("metrics:")
        lines.append("  # Drafted from the figures above, by the patterns of the text: review each.")
        for metric in draft.metrics:
            lines.append(f"  {metric.name}:")
            lines.append(f"    label: {quoted(metric.label)}")
            lines.append(f"    formula: {quoted(metric.formula)}")
            lines.append(f"    unit: {quoted(metric.unit)}")
    if draft.checks:
        lines.append("checks:")
        lines.append("  # Drafted: review each.")
        for check in draft.checks:
            lines.append(f"  - name: {quoted(check.name)}")
            lines.append(f"    assert: {quoted(check.assertion)}")
    return "\n".join(lines) + "\n"


def _shared_quotes(figures: list[DraftedFigure]) -> dict[str, str]:
    """Quotes that hold two figures or more, each written once under `quotes:` (quote -> id)."""
    counts: dict[str, int] = {}
    for figure in figures:
        counts[figure.quote] = counts.get(figure.quote, 0) + 1
    shared: dict[str, str] = {}
    for figure in figures:
        if counts[figure.quote] > 1 and figure.quote not in shared:
            shared[figure.quote] = f"q_{figure.name}"
    return shared


def _figure(figure: DraftedFigure, shared: dict[str, str]) -> list[str]:
    reading = figure.reading
    lines = [f"  # unsure: {visible(doubt)}" for doubt in reading.doubts]
    lines.append(f"  {figure.name}:")
    lines.append(f"    value: {quoted(figure.value_text)}")
    range_hedge = reading.token.is_range and reading.qualifier is not None
    if reading.qualifier is not None and not range_hedge:
        lines.append(f"    qualifier: {quoted(reading.qualifier)}")
    if figure.unit:
        lines.append(f"    unit: {quoted(figure.unit)}")
    elif reading.special is not None:
        lines.append(f"    # a multiple ({visible(reading.special)}): dimensionless")
    if range_hedge:
        lines.append(f"    # {visible(reading.qualifier or '')} beside a range: low and high are widened by it")
        if figure.low is not None:
            lines.append(f"    low: {decimal_text(figure.low)}")
        if figure.high is not None:
            lines.append(f"    high: {decimal_text(figure.high)}")
    if figure.period is not None:
        lines.append(f"    period: {quoted(figure.period)}")
    lines += [f"    # {visible(note)}" for note in figure.notes if "widened" not in note]
    if figure.quote in shared:
        lines.append(f"    quote_ref: {shared[figure.quote]}")
    else:
        lines.append(f"    quote: {quoted(figure.quote)}")
    return lines


def draft_records(draft: Draft) -> list[dict[str, Any]]:
    """One object per figure, the contract of `laoshan draft --format json` (README)."""
    return [
        {
            "name": figure.name,
            "stated": figure.stated,
            "value": float_nearest(figure.value),
            "unit": figure.unit,
            "qualifier": figure.reading.qualifier,
            "low": float_down(figure.low),
            "high": float_up(figure.high),
            "period": figure.period,
            "quote": figure.quote,
            "span": list(figure.span),
            "sure": figure.sure,
            "doubts": list(figure.reading.doubts),
            "scale": figure.reading.scale,
            "currency": figure.reading.currency,
            "percent": figure.reading.percent,
            "noun": figure.reading.noun,
            "multiple": figure.reading.special,
            "sign": figure.reading.sign,
        }
        for figure in draft.figures
    ]


def draft_json(draft: Draft, output: Output) -> str:
    return render_json(draft_records(draft), output)
