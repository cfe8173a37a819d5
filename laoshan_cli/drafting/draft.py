"""A text to a draft: every figure it states, with unit, hedge, sign, range, period, quote and name."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from laoshan_cli.core.bounds import Interval
from laoshan_cli.core.bounds_policy import figure_bounds, is_plain_count, qualifier_bounds
from laoshan_cli.core.errors import LaoshanError, TextOrigin
from laoshan_cli.core.limits import Limits
from laoshan_cli.core.names import NAME_PATTERN
from laoshan_cli.core.numbers import parse_value
from laoshan_cli.core.units import AMBIGUOUS, CURRENCY_WORDS, PENCE_WORDS, SCALE_WORDS, Unit, parse_unit

from .context import Layout
from .exclude import date_spans, is_figure
from .naming import base_name, unique_name
from .period import period_of
from .reading import BRACKETS, NO_UNIT, POINTS, Reading, read
from .scan import join_ranges, scan

_UNITS: dict[str, Unit] = {}  # a text repeats a few units many times
_LIST_GAP = re.compile(r"\s*(?:、|,|，|和|及|与|與|以及|and|or|, and|,\s*and)\s*", re.IGNORECASE)
NOT_NOUN_WORDS = frozenset({"per", "p", *SCALE_WORDS, *POINTS, *CURRENCY_WORDS, *PENCE_WORDS, *AMBIGUOUS})


@dataclass
class DraftedFigure:
    """One figure as drafted: what the data file and the JSON say of it."""

    name: str
    reading: Reading
    value_text: str  # in the loader's grammar, signed: "-9.8", "1,500", "6 to 6.5"
    value: Fraction  # signed; a range's midpoint
    unit: str
    low: Fraction | None
    high: Fraction | None
    period: str | None
    quote: str
    notes: list[str] = field(default_factory=list)
    stem: str = ""  # the name before its year and count, for the names of what follows from it

    @property
    def stated(self) -> str:
        return self.reading.token.stated

    @property
    def span(self) -> tuple[int, int]:
        return self.reading.token.start, self.reading.token.end

    @property
    def sure(self) -> bool:
        return self.reading.sure

    @property
    def year(self) -> int | None:
        return int(self.period) if self.period is not None and re.fullmatch(r"\d{4}", self.period) else None


@dataclass
class DraftedMetric:
    name: str
    formula: str
    unit: str
    label: str


@dataclass
class DraftedCheck:
    name: str
    assertion: str


@dataclass
class Draft:
    figures: list[DraftedFigure]
    metrics: list[DraftedMetric]
    checks: list[DraftedCheck]


def draft_figures(text: str, *, dated: date | None, limits: Limits) -> tuple[Layout, list[DraftedFigure], set[str]]:
    """Every figure `text` states, with the layout of the text and the names taken."""
    layout = Layout(text)
    dates = date_spans(text)
    tokens = [token for token in join_ranges(text, scan(text)) if is_figure(text, token, dates)]
    readings = [read(text, token, layout.clause(token.start, token.end)) for token in tokens]
    if "|" in text:
        readings = _table_units(text, readings)
    _share_lists(text, readings)
    _carry(text, layout, readings)
    taken: set[str] = set()
    spans = [(reading.token.start, reading.token.end) for reading in readings]
    figures: list[DraftedFigure] = []
    level: tuple[str, int] | None = None  # the stem of the last amount, and where its sentence starts
    for reading in readings:
        sentence = layout.sentence(reading.start, reading.end)[0]
        stem = None if level is None or level[1] != sentence else level[0]
        previous = figures[-1] if figures else None
        if previous is not None and _second_currency(text, previous.reading, reading):
            stem = f"{level[0] if level else 'amount'}_{(reading.currency or '').lower()}"  # the stem of the amount
            reading.kind = "translation"
        figure = _figure(text, layout, reading, dated, limits, taken, stem, spans)
        if figure is None:
            continue
        figures.append(figure)
        if reading.percent is None and reading.currency is not None and reading.kind != "translation":
            level = (figure.stem, sentence)
    return layout, figures, taken


def _table_units(text: str, readings: list[Reading]) -> list[Reading]:
    """Cells of a table take the unit their column heading gives once; a column of notes is left out."""
    from .table import table_cells

    cells = {(cell.start, cell.end): cell for cell in table_cells(text)}
    kept: list[Reading] = []
    for reading in readings:
        cell = next((c for (a, b), c in cells.items() if a <= reading.token.start and reading.token.end <= b), None)
        if cell is None:
            kept.append(reading)
            continue
        heading = cell.heading
        if heading.note:
            continue  # "Note | 2": a note number
        if not reading.has_unit:
            reading.scale, reading.currency, reading.percent = heading.scale, heading.currency, heading.percent
            reading.pence = heading.pence
            _unit_given(reading, f"the unit is read from the table heading {heading.text!r}")
        if cell.money and BRACKETS in reading.doubts and text[cell.start] in "(（":
            reading.sign = -1
            reading.doubts = [
                d if d != BRACKETS else "brackets read as a minus, as accounts write it" for d in reading.doubts
            ]
        kept.append(reading)
    return kept


def _second_currency(text: str, first: Reading, second: Reading) -> bool:
    """The same amount in another currency, in brackets: "38.9 billion yuan ($5.6 billion)"."""
    if first.currency is None or second.currency is None or first.currency == second.currency:
        return False
    return re.fullmatch(r"\s*[(（]\s*", text[first.end : second.start]) is not None


def _share_lists(text: str, readings: list[Reading]) -> None:
    """Numbers listed together share a unit ("4.6和3.1个百分点") and a decline ("分别下降4.3%和2.0%")."""
    for first, second in itertools.pairwise(readings):
        if not _LIST_GAP.fullmatch(text[first.end : second.start]):
            continue
        if first.sign == -1 and first.kind == "decline" and second.kind is None and not second.token.negative:
            second.sign, second.kind = -1, "decline"
            second.doubts.append("the decline is read from a word before the number listed first")
    for first, second in reversed(list(itertools.pairwise(readings))):
        if _LIST_GAP.fullmatch(text[first.end : second.start]) and not first.has_unit and second.has_unit:
            _copy_unit(second, first)
    for first, second in itertools.pairwise(readings):
        if _LIST_GAP.fullmatch(text[first.end : second.start]) and first.has_unit and not second.has_unit:
            _copy_unit(first, second)


def _carry(text: str, layout: Layout, readings: list[Reading]) -> None:
    """What a sentence leaves unsaid the second time: "by Rs 100 crore to 1,500 crore" (the currency),
    "24.550 million men and women, of whom 17.134 million" (the noun), "fell in eight Member States,
    increased in eighteen", 七大类…六涨一降 (the counted noun)."""
    sentences = [layout.sentence(r.start, r.end) for r in readings]  # once each: texts hold hundreds
    for index, second in enumerate(readings):
        sentence = sentences[index]
        earlier = [r for r, where in zip(readings[:index], sentences[:index], strict=True) if where == sentence]
        if not earlier:
            continue
        first = earlier[-1]
        same_scale = next((r for r in reversed(earlier) if r.scale and r.scale == second.scale), None)
        if _same_money(text, first, second):
            second.currency = first.currency
            _unit_given(second, "the currency is carried from the amount before it")
            continue
        if same_scale is not None and same_scale.noun and not _other_unit(second):
            source: Reading | None = same_scale
        elif not second.has_unit and _plain_count(first) and first.token.kind == second.token.kind:
            source = first
        else:
            source = None
        if source is not None:
            second.noun = source.noun
            _unit_given(second, "the counted noun is carried from the number before it")


def _other_unit(reading: Reading) -> bool:
    return any(part is not None for part in (reading.currency, reading.noun, reading.percent, reading.special))


def _plain_count(reading: Reading) -> bool:
    return reading.noun is not None and reading.scale is None and reading.currency is None and reading.per is None


def _same_money(text: str, first: Reading, second: Reading) -> bool:
    """An amount in the same scale, close after one with a currency, written without it."""
    if not second.scale or _other_unit(second) or first.currency is None or first.scale != second.scale:
        return False
    gap = text[first.end : second.start]
    return len(gap) <= 12 and "\n" not in gap


def _copy_unit(source: Reading, target: Reading) -> None:
    target.scale, target.currency, target.percent = source.scale, source.currency, source.percent
    target.special, target.pence, target.noun, target.per = source.special, source.pence, source.noun, source.per
    _unit_given(target, "the unit is shared with a number listed beside it")


def _unit_given(reading: Reading, doubt: str) -> None:
    """A unit carried from another number: that is the doubt now, not its absence."""
    reading.doubts = [d for d in reading.doubts if d != NO_UNIT] + [doubt]


def unit_text(reading: Reading) -> str:
    """The unit in the unit grammar's words: "billion CNY", "亿 CNY", "percent", "patents per 10,000 residents"."""
    if reading.percent is not None:
        return reading.percent
    if reading.special in ("per mille", "per-mille points"):
        return "permille"
    if reading.special is not None:
        return ""  # a multiple (倍, times) is dimensionless
    if reading.pence:
        return "pence"
    parts = [reading.scale] if reading.scale else []
    if reading.currency is not None:
        parts.append(reading.currency)
    elif reading.noun is not None:
        parts += unit_words(reading.noun)
    if reading.per is not None and len(parts) > (1 if reading.scale else 0):
        number, noun = reading.per.split(" ", 1)
        words = unit_words(noun)
        if words:
            parts += ["per", number, *words]
    return " ".join(parts)


def unit_words(noun: str) -> list[str]:
    """The words of a noun that the unit grammar reads as a dimension of their own."""
    words = re.findall(NAME_PATTERN + r"|[\u4e00-\u9fff\u3400-\u4dbf]+", noun)
    return [w for w in words if w.lower() not in NOT_NOUN_WORDS and not (w[0] in "万亿萬億千" and len(w) == 1)]


def _figure(
    text: str,
    layout: Layout,
    reading: Reading,
    dated: date | None,
    limits: Limits,
    taken: set[str],
    level: str | None,
    spans: list[tuple[int, int]],
) -> DraftedFigure | None:
    token = reading.token
    notes: list[str] = []
    if token.is_range and reading.sign == -1:
        assert token.low is not None and token.high is not None
        value_text = f"-{_plain(token.high)} to -{_plain(token.low)}"
    else:
        value_text = ("-" if reading.sign == -1 else "") + token.plain
    unit = unit_text(reading)
    origin = TextOrigin("drafted figure")
    try:
        stated = parse_value(value_text, origin, limits)
        parsed_unit = _UNITS.get(unit) or _UNITS.setdefault(unit, parse_unit(unit, origin, limits))
    except LaoshanError:
        return None  # a number too long for the limits, or a noun the unit grammar refuses: not drafted
    bounds = figure_bounds(
        stated.value,
        stated.rounding_half_width,
        whole=stated.last_digit is None,
        count=is_plain_count(parsed_unit),
        stated_range=stated.range,
        qualifier=None if stated.range else reading.qualifier,
        precision=None,
        exact=False,
        low=None,
        high=None,
    )
    if stated.range and reading.qualifier is not None:
        bounds = _widened(bounds, reading.qualifier)
        notes.append(f"{reading.qualifier} beside a range: low and high widened by it")
    clause_low, _ = layout.clause(reading.start, reading.end)
    period, period_note = period_of(text, layout, token.start, token.end, dated)
    if period_note:
        notes.append(period_note)
    stem = (
        level
        if reading.kind == "translation" and level
        else base_name(text[clause_low : reading.start], reading, level)
    )
    name = unique_name(stem, period[:4] if period else None, taken)
    quote = layout.quote(reading.start, reading.end, spans)
    return DraftedFigure(
        name, reading, value_text, stated.value, unit, bounds.lo, bounds.hi, period, quote, notes, stem
    )


def _widened(bounds: Interval, qualifier: str) -> Interval:
    assert bounds.lo is not None and bounds.hi is not None
    return Interval(qualifier_bounds(qualifier, bounds.lo).lo, qualifier_bounds(qualifier, bounds.hi).hi)


def _plain(value: Fraction) -> str:
    from laoshan_cli.core.numbers import decimal_text

    return decimal_text(value)
