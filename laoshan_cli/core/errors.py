"""The one error type the engine raises, with where the problem is.

Every engine failure is a `LaoshanError`. The CLI turns it into one line on
stderr and exit status 2 (74 for an OutputError); library users catch it
like any exception.
"""

from __future__ import annotations

from typing import NamedTuple


class Location(NamedTuple):
    """A place in a data file; line and column count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def shown(text: str, limit: int = 40) -> str:
    """User text for a message: quoted, and cut short so a message stays one short line."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[: limit - 10]) + f"... ({len(text)} characters)"


def describe_char(char: str) -> str:
    """A character a person can identify: 'о' (U+043E CYRILLIC SMALL LETTER O)."""
    import unicodedata

    name = unicodedata.name(char, "")
    return f"{char!r} (U+{ord(char):04X}{' ' + name if name else ''})"


class LaoshanError(Exception):
    """A problem with the data, a formula, a unit or a request.

    `message` says what is wrong, `location` where, and `hint` what to do.
    """

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.location is not None:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class DataError(LaoshanError):
    """The data file is not valid YAML or not in the expected shape."""


class LimitError(DataError):
    """An input is over one of the documented limits."""


class UnitError(LaoshanError):
    """A unit cannot be parsed, or dimensions do not match."""


class FormulaError(LaoshanError):
    """A formula cannot be parsed, or refers to something wrong."""


class EvaluationError(LaoshanError):
    """Arithmetic that cannot be done honestly, such as division by zero."""


class UsageError(LaoshanError):
    """A request that does not fit the data, such as an unknown name."""


class OutputError(LaoshanError):
    """An output file the user named could not be written: disk full, read-only, permission denied."""


class TextOrigin(NamedTuple):
    """Where a piece of text (a number, unit or formula) came from.

    `subject` names what the text belongs to, such as "metric 'x' formula".
    When `columns_match` is true, offsets in the text map one to one onto
    columns of the file (a plain or simply quoted scalar on one line).
    `base` is where this text starts inside a larger one, such as a number
    or unit inside a formula.
    """

    subject: str
    location: Location | None = None
    columns_match: bool = False
    base: int = 0

    def shifted(self, offset: int) -> TextOrigin:
        """The origin of a piece that starts `offset` characters into this text."""
        return TextOrigin(self.subject, self.location, self.columns_match, self.base + offset)

    def error(
        self,
        cls: type[LaoshanError],
        offset: int,
        message: str,
        hint: str | None = None,
    ) -> LaoshanError:
        """Build an error about the text at a 0-based character offset."""
        offset += self.base
        where = self.location
        text = f"{self.subject}: {message}"
        if where is not None and self.columns_match and where.column is not None:
            where = Location(where.path, where.line, where.column + offset)
        else:
            text = f"{self.subject}, column {offset + 1}: {message}"
        return cls(text, where, hint)
