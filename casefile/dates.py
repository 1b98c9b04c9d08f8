"""Dates as attorneys write them, and as users type them."""

from __future__ import annotations

import re
from datetime import date, datetime

from casefile.errors import InputError

_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def long_date(d: date) -> str:
    """Court style: 'June 18, 2020' (no zero padding, on every platform)."""
    return f"{d:%B} {d.day}, {d.year}"


def parse_date(text: str) -> date:
    """Read '2020-06-18', '06/18/2020' or 'June 18, 2020'."""
    t = text.strip()
    try:
        return date.fromisoformat(t)
    except ValueError:
        pass
    m = _US.match(t)
    if m:
        try:
            return date(int(m[3]), int(m[1]), int(m[2]))
        except ValueError:
            pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y"):
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise InputError(
        f"'{text}' is not a date; write it as 2020-06-18, 06/18/2020 or June 18, 2020."
    )
