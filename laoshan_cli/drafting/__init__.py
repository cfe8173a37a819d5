"""Drafting: the figures an article states, read from its own text, for `laoshan draft`.

Pure, like core and loading (which are all it imports): no click, rich or
sqlite3, no printing, no exiting. `scan` finds the numbers, `exclude` drops
dates, ordinals and names, `reading` gives each its unit, hedge, sign and
range, `table` the unit a table's column heading gives, `context` its clause
and quote, `period` its period, `naming` its name, `draft` puts a figure
together and `metrics` derives what follows from several.
"""

from __future__ import annotations

from datetime import date

from laoshan_cli.core.limits import Limits

from .draft import Draft, DraftedCheck, DraftedFigure, DraftedMetric, draft_figures
from .metrics import derive

__all__ = ["Draft", "DraftedCheck", "DraftedFigure", "DraftedMetric", "draft_text"]


def draft_text(text: str, *, dated: date | None = None, limits: Limits | None = None) -> Draft:
    """Every figure `text` states, and the metrics and checks that follow from them."""
    layout, figures, taken = draft_figures(text, dated=dated, limits=limits or Limits())
    metrics, checks = derive(text, layout, figures, taken)
    return Draft(figures, metrics, checks)
