"""What the output can show: formats, terminal facts and typographic symbols.

Kept apart from render.py so that the command line can learn these without
importing the number formatting it may not need.
"""

from __future__ import annotations

from typing import NamedTuple

FORMATS = ("table", "json", "csv", "plain")


class Symbols(NamedTuple):
    """Typographic symbols, with ASCII stand-ins for terminals that lack them."""

    to: str
    at_least: str
    at_most: str
    infinity: str
    plus_minus: str
    approx: str
    arrow: str
    dot: str  # between the notes of a row: period, basis, status


UNICODE = Symbols("…", "≥", "≤", "∞", "±", "≈", "→", " · ")
ASCII = Symbols("..", ">=", "<=", "inf", "+/-", "~", "->", ", ")


def symbols_for(encoding: str | None) -> Symbols:
    """Unicode symbols where the output encoding can carry them, else ASCII."""
    try:
        "".join(UNICODE).encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return ASCII
    return UNICODE


class Output(NamedTuple):
    """Where output goes and what it can show; the CLI fills it in, tests swap it."""

    is_terminal: bool = False
    color: bool = False
    width: int = 100
    symbols: Symbols = UNICODE
    unicode: bool = True


__all__ = ["ASCII", "FORMATS", "UNICODE", "Output", "Symbols", "symbols_for"]
