"""Dates as attorneys type them: the forms read, and the sentences for the rest."""

from datetime import date

import pytest

from casefile.dates import long_date, parse_date
from casefile.errors import InputError

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("typed", [
    "2020-06-18", "06/18/2020", "6/18/2020", "6/18/20", "6-18-2020", "6.18.20",
    "2020/6/18", "June 18, 2020", "June 18 2020", "Jun. 18, 2020", "jun 18, 2020",
    "JUNE 18, 2020", "18 June 2020", "18 Jun. 2020", "  June 18,2020 ",
])
def test_the_usual_ways_of_writing_a_date_are_read(typed):
    assert parse_date(typed, today=TODAY) == date(2020, 6, 18)


def test_sept_is_september():
    assert parse_date("Sept. 3, 2020") == date(2020, 9, 3)


@pytest.mark.parametrize(("typed", "year"), [("1/2/36", 2036), ("1/2/37", 1937),
                                             ("1/2/98", 1998), ("1/2/00", 2000)])
def test_a_two_digit_year_is_this_century_unless_that_is_over_ten_years_ahead(typed, year):
    assert parse_date(typed, today=TODAY).year == year


@pytest.mark.parametrize(("typed", "why"), [
    ("2/30/2020", "February 2020 has 29 days."), ("6/31/2020", "June 2020 has 30 days."),
    ("Feb. 29, 2021", "February 2021 has 28 days."), ("13/45/2020", "there is no month 13."),
])
def test_a_day_not_on_the_calendar_is_named_so_with_why(typed, why):
    with pytest.raises(InputError) as refused:
        parse_date(typed)
    assert refused.value.message == f"'{typed}' is not a day of the calendar: {why}"


@pytest.mark.parametrize("typed", ["yesterday", "18/2020", "Juno 18, 2020", "6/18", ""])
def test_what_is_not_a_date_gets_the_forms_that_are(typed):
    with pytest.raises(InputError, match="is not a date; write it as 06/18/2020"):
        parse_date(typed)


def test_long_date_is_court_style():
    assert long_date(date(2020, 6, 8)) == "June 8, 2020"
