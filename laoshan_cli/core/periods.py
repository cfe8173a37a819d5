"""Periods: the one grammar of the time a figure is about, a subset of ISO 8601.

    period   := point | point "/" point        (an interval: start, then end)
    point    := year | year "-" month | year "-" month "-" day | year "-Q" quarter | year "-H" half
    year     := four digits, 0001 to 9999
    month    := two digits, 01 to 12
    day      := two digits, 01 to the month's length (29 February only in leap years)
    quarter  := 1 to 4;  half := 1 or 2

Read character by character, never by datetime or a YAML date: `2018-07-31`
is text here as it is in the file. An interval's start must not begin after
its end begins, nor end after it ends (`2018-07/2018-07` is allowed and means
July). The calendar is the proleptic Gregorian one, as in ISO 8601.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from .errors import DataError, TextOrigin

Day = tuple[int, int, int]  # (year, month, day)
Kind = Literal["year", "half", "quarter", "month", "day"]

FORMS = "a year 2018, a month 2018-07, a day 2018-07-31, a quarter 2018-Q2, a half 2018-H1, or two joined by /"
HINT = f"write {FORMS}, such as 2018-01/2018-07"


class Point(NamedTuple):
    """One calendar span: a year, half, quarter, month or day."""

    kind: Kind
    first: Day
    last: Day
    text: str


class Period(NamedTuple):
    """A point, or an interval from the first day of `start` to the last day of `end`."""

    start: Point
    end: Point | None = None

    @property
    def text(self) -> str:
        return self.start.text if self.end is None else f"{self.start.text}/{self.end.text}"

    @property
    def first(self) -> Day:
        return self.start.first

    @property
    def last(self) -> Day:
        return (self.end or self.start).last

    @property
    def year(self) -> int | None:
        """The year, when the period is exactly one calendar year written as such (`2018`)."""
        return self.start.first[0] if self.end is None and self.start.kind == "year" else None


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def year_period(year: int) -> Period:
    """The period of `year: N`, the shorthand for a whole year."""
    return Period(Point("year", (year, 1, 1), (year, 12, 31), f"{year:04d}"))


def parse_period(text: str, origin: TextOrigin) -> Period:
    """A period from its text; errors name the column in `text` and show the accepted forms."""
    if text != text.strip() or not text:
        raise origin.error(DataError, 0, f"period {text!r} has spaces around it or is empty", HINT)
    if text.count("/") > 1:
        raise origin.error(DataError, text.index("/", text.index("/") + 1), "a period has at most one /", HINT)
    if "/" not in text:
        return Period(_point(text, 0, origin))
    slash = text.index("/")
    start = _point(text[:slash], 0, origin)
    end = _point(text[slash + 1 :], slash + 1, origin)
    if start.first > end.first or start.last > end.last:
        raise origin.error(
            DataError,
            0,
            f"period {text!r} starts after it ends",
            f"write the earlier one first, such as {end.text}/{start.text}"
            if end.last < start.first
            else "an interval's start may not reach past its end; write the start, a /, then the end",
        )
    return Period(start, end)


def _digits(text: str, offset: int, count: int, what: str, origin: TextOrigin) -> int:
    piece = text[:count]
    if len(piece) < count or not all("0" <= char <= "9" for char in piece):
        where = next((i for i, char in enumerate(piece) if not "0" <= char <= "9"), len(piece))
        raise origin.error(DataError, offset + where, f"{what} has {count} digit{'s' * (count > 1)}", HINT)
    return int(piece)


def _point(text: str, offset: int, origin: TextOrigin) -> Point:
    if not text:
        raise origin.error(DataError, offset, "a period is missing on one side of /", HINT)
    year = _digits(text, offset, 4, "a year", origin)
    if len(text) > 4 and "0" <= text[4] <= "9":
        raise origin.error(DataError, offset + 4, "a year has 4 digits", HINT)
    if year == 0:
        raise origin.error(DataError, offset, "year 0000 is not allowed", "years run from 0001 to 9999")
    if len(text) == 4:
        return Point("year", (year, 1, 1), (year, 12, 31), text)
    if text[4] != "-":
        raise origin.error(DataError, offset + 4, f"unexpected {text[4]!r} after the year", HINT)
    rest, at = text[5:], offset + 5
    if rest[:1] in ("Q", "H", "q", "h"):
        return _part(year, rest, at, origin)
    month = _digits(rest, at, 2, "a month", origin)
    if not 1 <= month <= 12:
        raise origin.error(DataError, at, f"month {rest[:2]} is not a month", "months run from 01 to 12")
    if len(rest) == 2:
        return Point("month", (year, month, 1), (year, month, month_length(year, month)), text)
    if rest[2] != "-":
        raise origin.error(DataError, at + 2, f"unexpected {rest[2]!r} after the month", HINT)
    day = _digits(rest[3:], at + 3, 2, "a day", origin)
    if len(rest) > 5:
        raise origin.error(DataError, at + 5, f"unexpected {rest[5]!r} after the day", HINT)
    length = month_length(year, month)
    if not 1 <= day <= length:
        leap = " (not a leap year)" if month == 2 and day == 29 else ""
        raise origin.error(
            DataError, at + 3, f"{text} is not a day: {year:04d}-{month:02d} has {length} days{leap}", HINT
        )
    return Point("day", (year, month, day), (year, month, day), text)


def _part(year: int, rest: str, at: int, origin: TextOrigin) -> Point:
    """A quarter (Q1-Q4) or a half (H1-H2) of `year`."""
    letter = rest[0]
    if letter.islower():
        raise origin.error(DataError, at, f"write {letter.upper()} in capitals", HINT)
    count = 4 if letter == "Q" else 2
    what = "quarter" if letter == "Q" else "half"
    if len(rest) != 2 or not "1" <= rest[1] <= str(count):
        raise origin.error(DataError, at + 1, f"a {what} is {letter}1 to {letter}{count}", HINT)
    index = int(rest[1])
    months = 12 // count
    first, last = (index - 1) * months + 1, index * months
    kind: Kind = "quarter" if letter == "Q" else "half"
    return Point(kind, (year, first, 1), (year, last, month_length(year, last)), f"{year:04d}-{rest}")


__all__ = ["FORMS", "Period", "Point", "is_leap", "month_length", "parse_period", "year_period"]
