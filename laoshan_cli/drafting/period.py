"""The period a text gives a figure, as the data file's `period:` (ISO 8601, core/periods.py).

The sentence is read for the most specific period it states: a day ("31
December 2016", 2016年12月31日, 7月末), a span of months ("January-July
2018", 2018年1-7月), the first N months or quarters, a quarter ("Q3 2017",
2017年第三季度), a half ("H1 2020", 上半年), a month, then a bare year;
"last year", 去年 and 今年 count once `--date` gives the year. A period
written after a comparative ("than 2015", 比上年) is the base of a
comparison, not the figure's. NBS paragraphs open with the months alone
("1-7月份,…", "前三季度,…"): the year is then the first one the text states.
Every period drafted is checked by the loader's own grammar.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from laoshan_cli.core.errors import LaoshanError, TextOrigin
from laoshan_cli.core.periods import month_length, parse_period

from .context import Layout, paragraph_start
from .exclude import MONTHS

MONTH_NUMBER = {name: index % 12 + 1 for index, name in enumerate(MONTHS[:12])}
MONTH_NUMBER |= {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
MONTH_NUMBER |= {"oct": 10, "nov": 11, "dec": 12}
COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
COUNT |= {"ten": 10, "eleven": 11, "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
COUNT |= {"3rd": 3, "4th": 4, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6}
COUNT |= {"七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "上": 1, "下": 2}

_Y = r"(?<!\d)((?:19|20)\d\d)(?!\d)"
_M = r"(" + "|".join(MONTHS) + r")\.?"
_N = r"(\d{1,2}|" + "|".join(sorted(COUNT, key=len, reverse=True)) + r")"
_TO = r"\s*(?:-|–|—|~|至|to|through|and)\s*"
# (pattern, how its groups make a period); in order of specificity: an earlier match covers a later one
_EN = [
    (rf"\b(\d{{1,2}})\s+{_M},?\s+(?:of\s+)?{_Y}", "day dmy"),
    (rf"\b{_M}\s+(\d{{1,2}}),?\s+{_Y}", "day mdy"),
    (rf"\b{_M}{_TO}{_M},?\s+(?:of\s+)?{_Y}", "months"),
    (rf"\bfirst\s+{_N}\s+months\s+of\s+(?:the\s+year\s+)?{_Y}", "first months"),
    (rf"\bfirst\s+{_N}\s+quarters\s+of\s+(?:the\s+year\s+)?{_Y}", "first quarters"),
    (rf"\b{_N}\s+quarter\s+(?:of\s+)?{_Y}", "quarter"),
    (rf"\bQ([1-4])\s*{_Y}", "quarter"),
    (rf"{_Y}\s*Q([1-4])\b", "quarter yq"),
    (rf"\b{_N}\s+half\s+(?:of\s+)?{_Y}", "half"),
    (rf"\bH([12])\s*{_Y}", "half"),
    (rf"{_Y}\s*H([12])\b", "half yh"),
    (rf"\b{_M},?\s+{_Y}", "month"),
]
_ZH = [
    (rf"{_Y}年(\d{{1,2}})月(\d{{1,2}})日", "ymd"),
    (rf"{_Y}年(\d{{1,2}})月(?:末|底)", "month end"),
    (rf"{_Y}年(\d{{1,2}}){_TO}(\d{{1,2}})月", "ymm"),
    (rf"{_Y}年前{_N}(?:个|個)?月", "y first months"),
    (rf"{_Y}年前{_N}(?:个|個)?季度", "y first quarters"),
    (rf"{_Y}年(?:第)?{_N}季度", "y quarter"),
    (rf"{_Y}年([上下])半年", "y half"),
    (rf"{_Y}年(\d{{1,2}})月", "ym"),
]
_BARE = [  # a paragraph that opens with the months alone; the year comes from the text's head
    (rf"(\d{{1,2}}){_TO}(\d{{1,2}})月份?", "mm"),
    (r"前([二三两兩])(?:个|個)?季度", "y first quarters"),
    (r"(?:第)?([一二三四])季度", "y quarter"),
    (r"([上下])半年", "y half"),
    (r"(\d{1,2})月份", "m"),
]


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Compiled on first use: most texts draft few periods, and start-up counts (benchmarks/draft.py)."""
    return [(re.compile(p, re.IGNORECASE), how) for p, how in _EN + _ZH]


@cache
def _bare_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r"\s*(?:在|于)?" + p), how) for p, how in _BARE]


_YEAR_WORD = re.compile(_Y + r"(?:年|\b)")
_ANY_YEAR = re.compile(_Y)
_COMPARATIVE = re.compile(
    r"(?:\bthan|\bover|\bvs\.?|\bagainst|\bcompared\s+(?:with|to)|比|较|較|同比)\s*(?:the\s+)?$", re.I
)
_FROM = re.compile(r"(?:\bfrom|\bsince)\s*$", re.I)
_RELATIVE = {"last year": -1, "a year earlier": -1, "this year": 0, "今年": 0, "去年": -1, "上年": -1}
_PRIOR = re.compile(r"\(\s*" + _Y + r"\s*:")
_ORIGIN = TextOrigin("drafted period")


def period_of(text: str, layout: Layout, start: int, end: int, dated: date | None) -> tuple[str | None, str | None]:
    """The period the sentence gives the figure at [start, end), as ISO 8601 text, and a note when one is
    stated but cannot be resolved (a relative year without --date)."""
    low, high = layout.sentence(start, end)
    prior = _PRIOR.search(text[max(low, start - 12) : start])
    if prior is not None:
        return prior.group(1), None  # "(2015: £4,837m)": the comparative year of a results statement
    key = (low, high)
    if key not in layout.periods:
        layout.periods[key] = _sentence_periods(text[low:high], dated)
    candidates, note = layout.periods[key]
    offset = start - low
    usable = [(where, period) for where, stop, period in candidates if not where <= offset < stop]
    if usable:
        before = [c for c in usable if c[0] < offset]
        return (max(before) if before else min(usable))[1], None
    head = _YEAR_WORD.search(text[:400])
    if head is not None:
        opening = text[paragraph_start(text, low) : start]
        for pattern, how in _bare_patterns():
            bare = pattern.match(opening)
            if bare is not None:
                period = _valid(_compose(how, (head.group(1), *bare.groups())))
                if period is not None:
                    return period, None
    return None, note


def _sentence_periods(sentence: str, dated: date | None) -> tuple[list[tuple[int, int, str]], str | None]:
    """Every period a sentence states, with where it is written, and a note for a relative one left open."""
    candidates: list[tuple[int, int, str]] = []
    covered: list[tuple[int, int]] = []
    for pattern, how in _patterns() if _ANY_YEAR.search(sentence) else ():  # every pattern names a year
        for match in pattern.finditer(sentence):
            if any(a < match.end() and match.start() < b for a, b in covered):
                continue
            covered.append(match.span())
            if _compared(sentence, match.start()):
                continue
            period = _valid(_compose(how, match.groups()))
            if period is not None:
                candidates.append((match.start(), match.end(), period))
    for match in _YEAR_WORD.finditer(sentence):
        if any(a <= match.start() < b for a, b in covered):
            continue
        before = sentence[max(0, match.start() - 16) : match.start()]
        if not (_compared(sentence, match.start()) or _FROM.search(before)):
            candidates.append((match.start(), match.end(), match.group(1)))
    note = None
    lowered = sentence.lower()
    for phrase, shift in _RELATIVE.items():
        where = lowered.find(phrase)
        if where < 0 or _compared(sentence, where):
            continue
        if dated is not None:
            candidates.append((where, where + len(phrase), f"{dated.year + shift:04d}"))
        else:
            note = f"'{phrase}': give --date to resolve the year"
    return candidates, note


def _compared(sentence: str, where: int) -> bool:
    return _COMPARATIVE.search(sentence[max(0, where - 16) : where]) is not None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else COUNT.get(word.lower(), 0)


def _compose(how: str, groups: tuple[str, ...]) -> str:
    """ISO 8601 text from the groups of one pattern (checked afterwards by _valid)."""
    g = [part or "" for part in groups]
    if how == "day dmy":
        return f"{g[2]}-{MONTH_NUMBER[g[1].lower()]:02d}-{int(g[0]):02d}"
    if how == "day mdy":
        return f"{g[2]}-{MONTH_NUMBER[g[0].lower()]:02d}-{int(g[1]):02d}"
    if how == "months":
        return f"{g[2]}-{MONTH_NUMBER[g[0].lower()]:02d}/{g[2]}-{MONTH_NUMBER[g[1].lower()]:02d}"
    if how == "month":
        return f"{g[1]}-{MONTH_NUMBER[g[0].lower()]:02d}"
    if how in ("first months", "first quarters", "quarter", "half"):
        count, year = _number(g[0]), g[1]
    elif how in ("quarter yq", "half yh"):
        year, count = g[0], _number(g[1])
    else:  # the Chinese forms: the year first
        year = g[0]
        rest = g[1:]
        if how == "ymd":
            return f"{year}-{int(rest[0]):02d}-{int(rest[1]):02d}"
        if how == "month end":
            month = int(rest[0])
            return f"{year}-{month:02d}-{month_length(int(year), month):02d}" if 1 <= month <= 12 else ""
        if how in ("ymm", "mm"):
            return f"{year}-{int(rest[0]):02d}/{year}-{int(rest[1]):02d}"
        if how in ("ym", "m"):
            return f"{year}-{int(rest[0]):02d}"
        count = _number(rest[0])
        how = how.removeprefix("y ")
    if how == "first months":
        return f"{year}-01/{year}-{count:02d}" if count > 1 else f"{year}-01"
    if how == "first quarters":
        return f"{year}-Q1/{year}-Q{count}" if count > 1 else f"{year}-Q1"
    if how.startswith("quarter"):
        return f"{year}-Q{count}"
    return f"{year}-H{count}"


def _valid(period: str) -> str | None:
    """The period, if the loader's grammar accepts it (a 31 June or a fifth quarter is not drafted)."""
    try:
        parse_period(period, _ORIGIN)
    except LaoshanError:
        return None
    return period
