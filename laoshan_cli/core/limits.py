"""Limits that keep hostile or broken input from costing unbounded time or memory.

Each limit is checked before the work it guards. The README's "Limits and
errors" section lists them; `--limit NAME=VALUE` raises one from the command
line, and `Limits(NAME=VALUE)` from Python.
"""

from __future__ import annotations

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
            if not text.isascii() or not text.isdigit() or len(text) > 12:
                raise UsageError(f"limit {name} needs a positive whole number, not {text!r}")
            value = int(text)
            if value < 1:
                raise UsageError(f"limit {name} needs a positive whole number, not {text!r}")
            ceiling = CEILINGS.get(name)
            if ceiling is not None and value > ceiling:
                raise UsageError(f"limit {name} can be raised to {ceiling} at most", hint=CEILING_REASONS[name])
            changes[name] = value
        return self._replace(**changes)


def describe_limits() -> list[tuple[str, int, str]]:
    return [(name, default, LIMIT_DOCS[name]) for name, default in Limits._field_defaults.items()]


# Limits that cannot be raised past what the implementation can honour.
CEILINGS = {"max_formula_depth": 200}
CEILING_REASONS = {"max_formula_depth": "deeper formulas would exhaust Python's recursion stack"}

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
}
