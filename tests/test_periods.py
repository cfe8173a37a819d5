"""The period grammar (core/periods.py), checked against Python's calendar as an independent oracle.

datetime.date stands in for the Gregorian calendar: a day is valid exactly when
it can be built, and a month's last day is the one before the next month's first.
"""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoshan_cli.core.errors import DataError, Location, TextOrigin
from laoshan_cli.core.periods import Period, is_leap, parse_period, year_period
from laoshan_cli.loading.schema import PERIOD_TEXT

ORIGIN = TextOrigin("figure 'x' period", Location("t.yaml", 3, 13), True)
YEARS = [1, 4, 100, 400, 1900, 1996, 2000, 2016, 2018, 2019, 2020, 2100, 2400, 9999]


def parse(text: str) -> Period:
    return parse_period(text, ORIGIN)


def refused(text: str) -> DataError:
    with pytest.raises(DataError) as caught:
        parse(text)
    return caught.value


def valid_day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def last_day(year: int, month: int) -> tuple[int, int, int]:
    if (year, month) == (9999, 12):
        return (9999, 12, 31)  # datetime has no year 10000 to count back from
    following = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    day = following - datetime.timedelta(days=1)
    return (day.year, day.month, day.day)


@pytest.mark.parametrize("year", YEARS)
def test_every_day_of_the_calendar_is_read_exactly_when_it_exists(year: int) -> None:
    for month in range(0, 14):
        for day in range(0, 33):
            text = f"{year:04d}-{month:02d}-{day:02d}"
            ok = 1 <= month <= 12 and valid_day(year, month, day)
            if ok:
                period = parse(text)
                assert period.first == period.last == (year, month, day)
                assert period.text == text and period.end is None
            else:
                refused(text)
            assert bool(re.match(PERIOD_TEXT, text)) == ok, text  # the schema's pattern agrees


@pytest.mark.parametrize("year", YEARS)
def test_leap_years_follow_the_gregorian_rule(year: int) -> None:
    assert is_leap(year) == valid_day(year, 2, 29)


@pytest.mark.parametrize("year", YEARS)
def test_months_quarters_halves_and_years_span_their_days(year: int) -> None:
    for month in range(1, 13):
        period = parse(f"{year:04d}-{month:02d}")
        assert period.first == (year, month, 1) and period.last == last_day(year, month)
    for quarter, (start, end) in enumerate([(1, 3), (4, 6), (7, 9), (10, 12)], 1):
        period = parse(f"{year:04d}-Q{quarter}")
        assert period.first == (year, start, 1) and period.last == last_day(year, end)
    for half, (start, end) in enumerate([(1, 6), (7, 12)], 1):
        period = parse(f"{year:04d}-H{half}")
        assert period.first == (year, start, 1) and period.last == last_day(year, end)
    whole = parse(f"{year:04d}")
    assert whole.first == (year, 1, 1) and whole.last == (year, 12, 31) and whole.year == year
    assert year_period(year) == whole


def test_an_interval_runs_from_the_first_day_of_its_start_to_the_last_day_of_its_end() -> None:
    period = parse("2018-01/2018-07")
    assert period.first == (2018, 1, 1) and period.last == (2018, 7, 31)
    assert period.text == "2018-01/2018-07" and period.year is None
    assert parse("2018-Q2/2019-H1").last == (2019, 6, 30)
    assert parse("2016-02-29/2016-03").first == (2016, 2, 29)
    assert parse("2018-07/2018-07").last == (2018, 7, 31)  # the same month at both ends is July


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-07/2018-01", "starts after it ends"),
        ("2019/2018", "starts after it ends"),
        ("2018/2018-06", "starts after it ends"),  # the year reaches past June
        ("2018-Q3/2018-08", "starts after it ends"),
        ("2018-13", "not a month"),
        ("2018-00", "not a month"),
        ("2018-7", "a month has 2 digits"),
        ("2018-07-1", "a day has 2 digits"),
        ("2018-02-29", "2018-02 has 28 days (not a leap year)"),
        ("1900-02-29", "not a leap year"),
        ("2018-04-31", "2018-04 has 30 days"),
        ("2018-Q5", "a quarter is Q1 to Q4"),
        ("2018-Q0", "a quarter is Q1 to Q4"),
        ("2018-H3", "a half is H1 to H2"),
        ("2018-q2", "write Q in capitals"),
        ("2018-W05", "a month has 2 digits"),
        ("18", "a year has 4 digits"),
        ("20180", "a year has 4 digits"),
        ("+2018", "a year has 4 digits"),
        ("0000", "year 0000"),
        ("2018.0", "unexpected '.'"),
        ("2018-07-31T00", "unexpected 'T'"),
        ("2018/", "missing on one side"),
        ("/2018", "missing on one side"),
        ("2018/2019/2020", "at most one /"),
        (" 2018", "spaces"),
        ("", "empty"),
        ("2018 / 2019", "unexpected ' '"),
        ("July 2018", "a year has 4 digits"),
    ],
)
def test_a_bad_period_is_refused_with_the_accepted_forms(text: str, message: str) -> None:
    error = refused(text)
    assert message in error.message, error.message
    assert error.hint
    if "starts after" not in message:
        assert "2018-Q2" in error.hint or "01" in error.hint or "capitals" in message
    assert not re.match(PERIOD_TEXT, text) or "starts after" in message  # the schema cannot see order


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("2018-13", 13 + 5),
        ("2018-02-30", 13 + 8),
        ("2018-01/2018-Q5", 13 + 14),
        ("2018-07/201", 13 + 11),
    ],  # where the missing digit goes
)
def test_an_error_points_at_the_column_of_the_bad_part(text: str, column: int) -> None:
    error = refused(text)
    assert error.location == Location("t.yaml", 3, column)


def accepted(text: str) -> bool:
    try:
        parse(text)
    except DataError as error:
        assert error.hint, text
        return False
    return True


PIECES = ["2018", "2016", "1900", "2000", "0001", "9999", "0000", "-", "/", "Q", "H", "q", "W", "T", " ", "."]
PIECES += ["01", "02", "07", "12", "13", "00", "28", "29", "30", "31", "32", "1", "2", "4", "5", "9"]


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=9).map("".join), st.from_regex(PERIOD_TEXT)))
def test_the_schema_pattern_agrees_with_the_parser(text: str) -> None:
    """Equal but for order: the pattern cannot see that an interval runs backwards."""
    ordered = "/" not in text or accepted(text) or "starts after" not in str(refused(text))
    if ordered:
        assert accepted(text) == bool(re.fullmatch(PERIOD_TEXT, text)), text
    else:
        assert re.fullmatch(PERIOD_TEXT, text), text
