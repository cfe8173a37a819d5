"""Limits that keep hostile or broken input from costing unbounded time or memory.

Each limit is checked before the work it guards. The README's "Limits and
errors" section lists them; `--limit NAME=VALUE` raises one from the command
line, and `Limits(NAME=VALUE)` from Python.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from .errors import UsageError


class Limits(NamedTuple):
    """The documented limits and their defaults; LIMIT_DOCS says what each bounds."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_depth: int = 16
    max_nodes: int = 5_000_000
    max_string_length: int = 100_000
    max_number_digits: int = 40
    max_number_exponent: int = 100
    max_formula_length: int = 4096
    max_formula_depth: int = 64
    max_formula_nodes: int = 1000
    max_power: int = 64
    max_number_bits: int = 8192
    max_tightening_work: int = 4
    max_consistency_work: int = 20_000

    def with_overrides(self, pairs: list[tuple[str, str]]) -> Limits:
        """Return a copy with NAME=VALUE pairs applied, as given on the command line."""
        known = set(self._fields)
        changes: dict[str, int] = {}
        for name, text in pairs:
            if name not in known:
                raise UsageError(
                    f"unknown limit {name!r}",
                    hint="known limits: " + ", ".join(sorted(known)),
                )
            text = text.strip()
            if not text.isascii() or not text.isdigit():
                raise UsageError(f"limit {name} needs a positive whole number, not {text[:40]!r}")
            ceiling = CEILINGS.get(name, CEILING)
            if len(text.lstrip("0")) > len(str(ceiling)) or int(text) > ceiling:
                raise UsageError(
                    f"limit {name}={text[:40]} is too large: it can be raised to {ceiling:,} at most",
                    hint=CEILING_REASONS.get(name),
                )
            value = int(text)
            if value < 1:
                raise UsageError(f"limit {name} needs a positive whole number, not {text!r}")
            changes[name] = value
        return self._replace(**changes)


def describe_limits() -> list[tuple[str, int, str]]:
    return [(name, default, LIMIT_DOCS[name]) for name, default in Limits._field_defaults.items()]


def limit_hint(name: str, limits: Limits) -> str:
    """The hint of an error at a limit: which one, its value, and how to raise it."""
    value = getattr(limits, name)
    if value >= CEILINGS.get(name, CEILING):
        return f"limit {name} is {value:,}, as high as it goes"
    return f"limit {name} is {value:,}; raise it with --limit {name}=N"


@contextmanager
def stack_room(frames: int) -> Iterator[None]:
    """Python's recursion limit raised, for the duration, to leave `frames` more frames free.

    The recursive parts (the parser, the evaluator) are bounded by
    max_formula_depth; this makes the bound, not Python's default of 1000,
    the one that holds, up to the ceiling of 200 levels.
    """
    old = sys.getrecursionlimit()
    needed = len_of_stack() + frames + 100
    if needed > old:
        sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        if needed > old:
            sys.setrecursionlimit(old)


def len_of_stack() -> int:
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


# Limits that cannot be raised past what the implementation can honour; the
# others stop at CEILING, far beyond what a machine could spend.
CEILING = 10**12
CEILINGS = {"max_formula_depth": 200, "max_depth": 1000}
CEILING_REASONS = {
    "max_formula_depth": "deeper formulas would need more than Python's stack can hold",
    "max_depth": "libyaml refuses deeper nesting",
}

LIMIT_DOCS = {
    "max_file_bytes": "size of a data file, in bytes",
    "max_depth": "nesting of YAML mappings and lists",
    "max_nodes": "YAML scalars, mappings and lists in one file",
    "max_string_length": "characters in one YAML scalar",
    "max_number_digits": "digits in one stated number",
    "max_number_exponent": "size of the exponent in a number such as 1.5e3",
    "max_formula_length": "characters in one formula or unit",
    "max_formula_depth": "nesting of parentheses, signs and powers in a formula",
    "max_formula_nodes": "numbers, names and operators in one formula",
    "max_power": "size of an integer exponent after **",
    "max_number_bits": "bits in any exact intermediate numerator or denominator",
    "max_tightening_work": "work spent making bounds tight, per byte of the data file",
    "max_consistency_work": "formula nodes that consistent visits deciding one group of claims",
}
