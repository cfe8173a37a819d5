"""Where a figure stands: its clause and sentence (the quote; the period is read in period.py).

A clause ends at a sentence end, a semicolon, a comma that is not inside a
number, a colon, or a line break; delimiters inside brackets do not count,
so "38.9 billion yuan ($5.6 billion) last year" is one clause. The quote is
the shortest clause that holds the figure's whole extent (hedge to unit),
verbatim, with runs of whitespace as one space: `validate` compares after
the same normalisation (loading/quotes.py).
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset({"rs", "no", "u.s", "mr", "mrs", "dr", "st", "vs", "fig", "inc", "ltd", "co", "etc"})
_SENTENCE_CHARS = "。！？!?；;\n"
_CLAUSE_CHARS = ",，:：、"


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


def paragraph_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1
