"""Where a figure stands: its clause and sentence (the quote), and the period the text gives it.

A clause ends at a sentence end, a semicolon, a comma that is not inside a
number, a colon, or a line break; delimiters inside brackets do not count,
so "38.9 billion yuan ($5.6 billion) last year" is one clause. The quote is
the shortest clause that holds the figure's whole extent (hedge to unit),
verbatim, with runs of whitespace as one space: `validate` compares after
the same normalisation (loading/quotes.py).
"""

from __future__ import annotations

import re
from datetime import date

from .exclude import MONTHS

ABBREVIATIONS = frozenset({"rs", "no", "u.s", "mr", "mrs", "dr", "st", "vs", "fig", "inc", "ltd", "co", "etc"})
_SENTENCE_CHARS = "。！？!?；;\n"
_CLAUSE_CHARS = ",，:：、"
MONTH_NUMBER = {name: index % 12 + 1 for index, name in enumerate(MONTHS[:12])}
MONTH_NUMBER |= {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
MONTH_NUMBER |= {"oct": 10, "nov": 11, "dec": 12}


class Layout:
    """The clause and sentence boundaries of one text, found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_ends = _boundaries(text, clause=False)
        self.clause_ends = _boundaries(text, clause=True)
        self.periods: dict[tuple[int, int], tuple[list[tuple[int, int, str]], str | None]] = {}

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from after the last boundary before it to the first one after it."""
        return _around(self.clause_ends, start, end, len(self.text))

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return _around(self.sentence_ends, start, end, len(self.text))

    def quote(self, start: int, end: int, figures: list[tuple[int, int]]) -> str:
        """The clause around [start, end), less a bracketed aside before or after the figure that holds no
        other figure ("同比增长17.1%(按可比口径计算,…)"); `figures` are the spans of all figures."""
        low, high = self.clause(start, end)
        for match in _BRACKETED.finditer(self.text, low, high):
            a, b = match.span()
            if any(a <= s < b for s, _ in figures):
                continue
            if a >= end:
                high = min(high, a)
            elif b <= start:
                low = max(low, b)
        return " ".join(self.text[low:high].split()).rstrip(".")


def _boundaries(text: str, *, clause: bool) -> list[int]:
    """Offsets of the delimiter characters, outside brackets."""
    found = []
    depth = 0
    for match in _DELIMITERS.finditer(text):
        char, index = match.group(), match.start()
        if char in "(（[":
            depth += 1
            continue
        if char in ")）]":
            depth = max(0, depth - 1)
            continue
        if char == "\n":
            depth = 0
        elif depth:
            continue
        clause_end = clause and char in _CLAUSE_CHARS and not _inside_number(text, index)
        if char in _SENTENCE_CHARS or clause_end or (char == "." and _sentence_end(text, index)):
            found.append(index)
    return found


_BRACKETED = re.compile(r"[(（][^()（）\n]*[)）]")
_DELIMITERS = re.compile(r"[()（）\[\]。！？!?；;\n,，:：、.]")


def _inside_number(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


def _sentence_end(text: str, index: int) -> bool:
    if index + 1 < len(text) and not text[index + 1].isspace():
        return False
    word = re.search(r"[A-Za-z.]+$", text[max(0, index - 6) : index])
    return word is None or word.group().lower() not in ABBREVIATIONS


def _around(ends: list[int], start: int, end: int, size: int) -> tuple[int, int]:
    import bisect

    left = bisect.bisect_left(ends, start)
    low = ends[left - 1] + 1 if left else 0
    right = bisect.bisect_left(ends, end)
    high = ends[right] if right < len(ends) else size
    return low, high


_YEAR = r"(?<!\d)((?:19|20)\d\d)(?!\d)"
_COMPARATIVE = re.compile(r"(?:\bfrom|\bsince|\bthan|\bover|\bvs\.?|\bagainst|\bcompared\s+with|比|较|較)\s*$", re.I)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+" + _YEAR, re.IGNORECASE)
_ZH_MONTHS = re.compile(_YEAR + r"年(?:(\d{1,2})\s*[-—–至~]\s*)?(\d{1,2})月")
_ZH_BARE_MONTHS = re.compile(r"(?<![\d年])(\d{1,2})\s*[-—–至~]\s*(\d{1,2})月份?|(?<![\d年])(\d{1,2})月份")
_YEAR_WORD = re.compile(_YEAR + r"(?:年|\b)")
_RELATIVE = {"last year": -1, "a year earlier": -1, "this year": 0, "今年": 0, "去年": -1, "上年": -1}
_PRIOR = re.compile(r"\(\s*" + _YEAR + r"\s*:")


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
    bare = _ZH_BARE_MONTHS.search(text[_paragraph_start(text, low) : start])
    if bare is not None:
        year = _YEAR_WORD.search(text[:400])
        if year is not None:
            if bare.group(3):
                return f"{year.group(1)}-{int(bare.group(3)):02d}", None
            return f"{year.group(1)}-{int(bare.group(1)):02d}/{year.group(1)}-{int(bare.group(2)):02d}", None
    return None, note


def _sentence_periods(sentence: str, dated: date | None) -> tuple[list[tuple[int, int, str]], str | None]:
    """Every period a sentence states, with where it is written, and a note for a relative one left open."""
    candidates: list[tuple[int, int, str]] = []
    for match in _ZH_MONTHS.finditer(sentence):
        year, first, last = match.group(1), match.group(2), match.group(3)
        period = f"{year}-{int(first):02d}/{year}-{int(last):02d}" if first else f"{year}-{int(last):02d}"
        candidates.append((match.start(), match.end(), period))
    for match in _MONTH_YEAR.finditer(sentence):
        month = MONTH_NUMBER[match.group(1).lower()[:3]]
        candidates.append((match.start(), match.end(), f"{match.group(2)}-{month:02d}"))
    covered = [(s, e) for s, e, _ in candidates]
    for match in _YEAR_WORD.finditer(sentence):
        if any(a <= match.start() < b for a, b in covered) or _COMPARATIVE.search(
            sentence[max(0, match.start() - 16) : match.start()]
        ):
            continue
        candidates.append((match.start(), match.end(), match.group(1)))
    note = None
    lowered = sentence.lower()
    for phrase, shift in _RELATIVE.items():
        where = lowered.find(phrase)
        if where >= 0:
            if dated is not None:
                candidates.append((where, where + len(phrase), str(dated.year + shift)))
            else:
                note = f"'{phrase}': give --date to resolve the year"
    return candidates, note


def _paragraph_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1
