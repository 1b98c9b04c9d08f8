"""Dates as attorneys write them, and as users type them."""

from __future__ import annotations

import calendar
import re
from datetime import date

from casefile.errors import InputError

# 06/18/2020, 6-18-20, 6.18.2020: month first, as American papers write it.
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_SLASHED_ISO = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
# "Jun. 18, 2020", "Sept. 3 2020", "18 June 2020": dots and commas are read as spaces.
_MONTH_FIRST = re.compile(r"^([a-z]+) (\d{1,2}) (\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2}) ([a-z]+) (\d{4})$")
_MONTHS = {name: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), 1) for name in names}
# A two-digit year is this century's unless that puts it more than ten years ahead:
# FOIA papers date what happened, and '98 is 1998.
_AHEAD = 10


def long_date(d: date) -> str:
    """Court style: 'June 18, 2020' (no zero padding, on every platform)."""
    return f"{d:%B} {d.day}, {d.year}"


def parse_date(text: str, *, today: date | None = None) -> date:
    """Read a date as attorneys type it: 2020-06-18, 06/18/2020, 6/18/20, 6-18-2020,
    June 18, 2020, Jun. 18, 2020, Sept. 3 2020 or 18 June 2020."""
    t = text.strip()
    try:
        return date.fromisoformat(t)
    except ValueError:
        pass
    parts = _parts(t, today or date.today())
    if parts is not None:
        year, month, day = parts
        try:
            return date(year, month, day)
        except ValueError:
            raise InputError(_impossible(text, year, month)) from None
    raise InputError(
        f"'{text}' is not a date; write it as 06/18/2020, June 18, 2020 or 2020-06-18."
    )


def _parts(t: str, today: date) -> tuple[int, int, int] | None:
    """(year, month, day) as written, not yet checked against the calendar."""
    if m := _NUMERIC.match(t):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000 if 2000 + year <= today.year + _AHEAD else 1900
        return year, int(m[1]), int(m[2])
    if m := _SLASHED_ISO.match(t):
        return int(m[1]), int(m[2]), int(m[3])
    words = " ".join(t.lower().replace(".", " ").replace(",", " ").split())
    if (m := _MONTH_FIRST.match(words)) and m[1] in _MONTHS:
        return int(m[3]), _MONTHS[m[1]], int(m[2])
    if (m := _DAY_FIRST.match(words)) and m[2] in _MONTHS:
        return int(m[3]), _MONTHS[m[2]], int(m[1])
    return None


def _impossible(text: str, year: int, month: int) -> str:
    """Why a date written as a date is not one: '6/31/2020' → June has 30 days."""
    if not 1 <= month <= 12:
        return f"'{text}' is not a day of the calendar: there is no month {month}."
    days = calendar.monthrange(year, month)[1]
    return (f"'{text}' is not a day of the calendar: {calendar.month_name[month]} "
            f"{year} has {days} days.")
