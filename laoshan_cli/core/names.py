"""Names: the one grammar of figure, metric and check names (and of unit words), and the one "did you mean".

    name := [A-Za-z_] [A-Za-z0-9_]*

The loader checks names with it, the formula tokenizer reads them with it,
the unit parser reads its words with it, and every "no such name" error
suggests the nearest known one through `suggest`.
"""

from __future__ import annotations

from collections.abc import Iterable

NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
NAME_CHARS = NAME_START | frozenset("0123456789")
NAME_PATTERN = r"[A-Za-z_][A-Za-z0-9_]*"  # the same grammar, for regular expressions


def is_name(text: str) -> bool:
    """Whether `text` is a whole name by the grammar above."""
    return bool(text) and text[0] in NAME_START and all(char in NAME_CHARS for char in text)


def suggest(name: str, candidates: Iterable[str], strict: bool = False) -> str | None:
    """'did you mean ...?' with the closest candidate, or None when nothing is close.

    A name that differs only in case (GDP for gdp) is the closest of all.
    `strict` asks for a closer match (4/5 of the letters in common, not 3/5):
    for words where a loose guess would mislead ('patent' is not 'percent').
    """
    import difflib

    names = list(candidates)
    folded = name.casefold()
    same = [candidate for candidate in names if candidate.casefold() == folded]
    close = same or difflib.get_close_matches(name, names, n=1) or difflib.get_close_matches(folded, names, n=1)
    if close and strict and not same and not _share_four_fifths(folded, close[0].casefold()):
        return None
    return f"did you mean {close[0]!r}?" if close else None


def _share_four_fifths(left: str, right: str) -> bool:
    """difflib's ratio (2 * matches / total length) is at least 4/5, in whole numbers."""
    import difflib

    matches = sum(block.size for block in difflib.SequenceMatcher(None, left, right).get_matching_blocks())
    return 2 * matches * 5 >= 4 * (len(left) + len(right))
