"""Working days, two ways: the statute's and the agency's.

The statute counts days "excepting Saturdays, Sundays, and legal public
holidays" (5 U.S.C. § 552(a)(6)(A)); the legal public holidays are those of
5 U.S.C. § 6103(a), Juneteenth from 2021, a Saturday holiday observed on the
Friday before and a Sunday one on the Monday after. Agencies also close on
days given by executive order (Christmas Eve in several years, national days
of mourning): not legal public holidays, so the agency's count can run a day
later than the statute's, and an attorney needs to see both.

Both come from the `holidays` library (its US "public" and "government"
categories; tests check its years against the statute); closures it lacks can
be added in the user's ``closures.json``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache

import holidays

from casefile.paths import user_data_dir


def user_closures() -> dict[date, str]:
    """Closures the user added: ``{"2026-12-24": "Executive order …"}``."""
    path = user_data_dir() / "closures.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for day, name in (raw.items() if isinstance(raw, dict) else []):
        try:
            out[date.fromisoformat(day)] = str(name)
        except ValueError:
            continue
    return out


@lru_cache(maxsize=64)
def _public(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("US", years=year, observed=True))


@lru_cache(maxsize=64)
def _government(year: int) -> dict[date, str]:
    days = holidays.country_holidays("US", years=year, observed=True,
                                     categories=("government",))
    # A half-day closing leaves the agency open that morning: still a working day.
    return {d: n for d, n in days.items() if "half-day" not in n.lower()}


class WorkCalendar:
    """Which days count. ``agency=True`` adds executive-order and user closures."""

    def __init__(self, agency: bool = False) -> None:
        self.agency = agency
        self._extra = user_closures() if agency else {}

    def closed(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or None if it is one."""
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        name = _public(day.year).get(day)
        if name:
            return name
        if self.agency:
            return _government(day.year).get(day) or self._extra.get(day)
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed(day) is None

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("count forward only")
        day = start
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the next one (a period's last day
        falling on a weekend or holiday runs to the next working day)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count
