"""The metrics a reader derives from figures stated together (issue 11, item 4).

- a level and its growth in one sentence ("38.9 billion yuan …, increasing
  2.6 percent"): the previous level, level / (1 + growth), and the increase;
- a part and its share of a whole ("accounting for 82.2 percent of"): the
  whole, part / share, the rest, and the check that the share is at most 100%;
- a rate per N and a count of the same noun ("128 patents per 10,000
  residents", "5,509 patents"): the base, count / rate, in the rate's base noun;
- one amount in two currencies ("38.9 billion yuan ($5.6 billion)"): the
  exchange rate;
- a count and, later in its sentence, two or more smaller counts of the same
  unit (七大类 … 六涨一降): the agreement check `6 + 1 ~= 7`, which fails
  when the parts cannot make up the total within their bounds.

Every one is a draft for a person to review; the YAML says so.
"""

from __future__ import annotations

import itertools
import re

from .context import Layout
from .draft import DraftedCheck, DraftedFigure, DraftedMetric, unit_words
from .naming import unique_name

_TO_LEVEL = re.compile(r"\s*(?:to|至|达到|達到|达|達)\s*", re.IGNORECASE)
_IN_BRACKETS = re.compile(r"\s*[(（]\s*")


def derive(
    text: str, layout: Layout, figures: list[DraftedFigure], taken: set[str]
) -> tuple[list[DraftedMetric], list[DraftedCheck]]:
    metrics: list[DraftedMetric] = []
    checks: list[DraftedCheck] = []
    for index, figure in enumerate(figures):
        reading = figure.reading
        if reading.percent != "percent" or reading.token.is_range:
            continue
        level = _level_for(text, layout, figures, index)
        if level is None:
            continue
        if reading.kind in ("growth", "decline"):
            previous = unique_name(f"{level.stem}_previous", _year(level), taken)
            increase = unique_name(f"{level.stem}_increase", _year(level), taken)
            metrics.append(
                DraftedMetric(previous, f"{level.name} / (1 + {figure.name})", level.unit, "Level before the growth")
            )
            metrics.append(DraftedMetric(increase, f"{level.name} - {previous}", level.unit, "Change over the period"))
        elif reading.kind == "share":
            whole = unique_name(f"{level.stem}_whole", _year(level), taken)
            rest = unique_name(f"{level.stem}_rest", _year(level), taken)
            metrics.append(DraftedMetric(whole, f"{level.name} / {figure.name}", level.unit, "The whole of the share"))
            metrics.append(DraftedMetric(rest, f"{whole} - {level.name}", level.unit, "The whole less the part"))
            checks.append(DraftedCheck(f"{figure.name} is at most 100 percent", f"{figure.name} <= 100%"))
    metrics += _rates(figures, taken)
    metrics += _exchange_rates(text, figures, taken)
    checks += _totals(layout, figures)
    return metrics, checks


def _is_count(figure: DraftedFigure) -> bool:
    reading = figure.reading
    return bool(figure.unit) and reading.noun is not None and reading.percent is None and reading.per is None


def _totals(layout: Layout, figures: list[DraftedFigure]) -> list[DraftedCheck]:
    checks = []
    used: set[int] = set()
    for index, total in enumerate(figures):
        if index in used or not _is_count(total) or total.reading.token.is_range:
            continue
        sentence = layout.sentence(total.reading.start, total.reading.end)
        parts = [
            f
            for f in figures[index + 1 :]
            if layout.sentence(f.reading.start, f.reading.end) == sentence
            and _is_count(f)
            and f.unit == total.unit
            and abs(f.value) < abs(total.value)
        ]
        if len(parts) < 2:
            continue
        used.update(figures.index(part) for part in parts)
        left = " + ".join(part.name for part in parts)
        checks.append(DraftedCheck(f"the parts of {total.name} add up to it", f"{left} ~= {total.name}"))
    return checks


def _year(figure: DraftedFigure) -> str | None:
    return figure.period[:4] if figure.period else None


def _is_level(figure: DraftedFigure) -> bool:
    reading = figure.reading
    return (
        not reading.token.is_range
        and reading.percent is None
        and reading.special is None
        and bool(figure.unit)
        and reading.per is None
    )


def _level_for(text: str, layout: Layout, figures: list[DraftedFigure], index: int) -> DraftedFigure | None:
    """The amount a growth or share belongs to: the one straight after it ("up 1.5% to £4,909m"), or the
    nearest amount before it in its sentence, in the first currency the sentence gives it."""
    figure = figures[index]
    sentence = layout.sentence(figure.reading.start, figure.reading.end)
    if index + 1 < len(figures):
        after = figures[index + 1]
        if _is_level(after) and _TO_LEVEL.fullmatch(text[figure.reading.end : after.reading.start]):
            return after
    for earlier in reversed(figures[:index]):
        if earlier.reading.start < sentence[0]:
            return None
        if _is_level(earlier):
            pair = _currency_pair_first(text, figures, earlier)
            return pair or earlier
        if earlier.reading.percent is None:
            return None
    return None


def _currency_pair_first(text: str, figures: list[DraftedFigure], figure: DraftedFigure) -> DraftedFigure | None:
    """For the second amount of "38.9 billion yuan ($5.6 billion)", the first."""
    position = figures.index(figure)
    if position == 0:
        return None
    first = figures[position - 1]
    if _IN_BRACKETS.fullmatch(text[first.reading.end : figure.reading.start]) and _is_level(first):
        return first
    return None


def _rates(figures: list[DraftedFigure], taken: set[str]) -> list[DraftedMetric]:
    out = []
    for rate in figures:
        per = rate.reading.per
        if per is None or rate.reading.noun is None:
            continue
        noun = rate.reading.noun.lower()
        counts = [
            f
            for f in figures
            if f is not rate
            and f.reading.per is None
            and f.reading.noun is not None
            and f.reading.noun.lower() == noun
            and f.reading.scale == rate.reading.scale
            and not f.reading.token.is_range
        ]
        if not counts:
            continue
        count = min(counts, key=lambda f: (f.reading.qualifier is not None, abs(f.reading.start - rate.reading.start)))
        base_words = unit_words(per.split(" ", 1)[1])
        if not base_words:
            continue
        name = unique_name(f"implied_{'_'.join(w.lower() for w in base_words)}", None, taken)
        out.append(DraftedMetric(name, f"{count.name} / {rate.name}", " ".join(base_words), "Base implied by the rate"))
    return out


def _exchange_rates(text: str, figures: list[DraftedFigure], taken: set[str]) -> list[DraftedMetric]:
    out = []
    for first, second in itertools.pairwise(figures):
        one, other = first.reading.currency, second.reading.currency
        if one is None or other is None or one == other or first.reading.pence or second.reading.pence:
            continue
        if not _IN_BRACKETS.fullmatch(text[first.reading.end : second.reading.start]):
            continue
        name = unique_name(f"implied_{one.lower()}_per_{other.lower()}", None, taken)
        label = "Exchange rate implied by the two currencies"
        out.append(DraftedMetric(name, f"{first.name} / {second.name}", f"{one}/{other}", label))
    return out
