"""Court days: periods counted under Fed. R. Civ. P. 6(a), and the local rules'
usual response periods.

Rule 6(a)(1), for a period stated in days: exclude the day of the event that
triggers it, count every day (weekends and holidays too), include the last
day, and if the last day is a Saturday, Sunday or legal holiday run on to the
next day that is none of these. The legal holidays (6(a)(6)) are the federal
days of 5 U.S.C. § 6103 (counted by ``calendar.WorkCalendar``), any day the
President declares a holiday (the executive-order closures ``calendar`` knows),
and the legal holidays of the state where the district court sits, from
``resources/data/court_holidays.json``. A period counted backward (6(a)(5):
"14 days before the hearing") runs on backward.

The courts, their states and their local rules' response periods are in
``resources/data/court_rules.json``.
"""

from __future__ import annotations

import calendar as month_calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources

from casefile.dates import long_date
from casefile.deadlines.calendar import WorkCalendar, _government
from casefile.display import plural

RULE_6A = "Fed. R. Civ. P. 6(a)(1)"


@cache
def holiday_data() -> dict:
    text = resources.files("casefile.resources").joinpath(
        "data/court_holidays.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def court_data() -> list[dict]:
    text = resources.files("casefile.resources").joinpath(
        "data/court_rules.json").read_text(encoding="utf-8")
    return json.loads(text)["courts"]


def _rule_day(rule: dict, year: int) -> date | None:
    if year < rule.get("from", 0) or year > rule.get("until", 9999):
        return None
    every = rule.get("every_years")
    if every and year % every[0] != every[1]:
        return None
    month = rule["month"]
    if rule["rule"] == "fixed":
        day = date(year, month, rule["day"])
    elif rule["rule"] == "nth_weekday":
        weeks = [d for d in month_calendar.Calendar().itermonthdates(year, month)
                 if d.month == month and d.weekday() == rule["weekday"]]
        day = weeks[rule["n"] - 1] if rule["n"] > 0 else weeks[rule["n"]]
    else:
        raise ValueError(f"unknown holiday rule {rule['rule']!r}")
    return day + timedelta(days=rule.get("offset_days", 0))


def section_holidays(section: dict, year: int) -> dict[date, str]:
    """The days one section of court_holidays.json makes holidays in ``year`` (a
    day kept on a Friday or Monday included, named "… (observed)")."""
    out: dict[date, str] = {}
    # A day of next January observed on this year's December 31 belongs here too.
    for rule_year in (year, year + 1):
        for rule in section["holidays"]:
            day = _rule_day(rule, rule_year)
            if day is None:
                continue
            if day.year == year:
                out.setdefault(day, rule["name"])
            observed = rule.get("observed", "none")
            moved = None
            if day.weekday() == 6 and observed in ("sun_mon", "sat_fri_sun_mon"):
                moved = day + timedelta(days=1)
            elif day.weekday() == 5 and observed == "sat_fri_sun_mon":
                moved = day - timedelta(days=1)
            if moved is not None and moved.year == year:
                out.setdefault(moved, f"{rule['name']} (observed)")
    return out


@lru_cache(maxsize=256)
def state_holidays(state: str, year: int) -> dict[date, str]:
    section = holiday_data()["states"].get(state)
    return section_holidays(section, year) if section else {}


@dataclass(frozen=True)
class Court:
    key: str  # "dcd"
    name: str
    short: str  # "D.D.C."
    state: str  # "DC": whose legal holidays count, Rule 6(a)(6)(C)
    periods: tuple[dict, ...]

    def period(self, key: str) -> dict:
        for p in self.periods:
            if p["key"] == key:
                return p
        raise KeyError(key)


def courts() -> list[Court]:
    return [Court(c["key"], c["name"], c["short"], c["state"], tuple(c["periods"]))
            for c in court_data()]


def find_court(text: str | None) -> Court | None:
    """The court a docket header or a matter's court field names, if Casefile knows it."""
    low = " ".join((text or "").lower().split())
    if not low:
        return None
    for c in court_data():
        if c["key"] == low or c["short"].lower() == low or any(n in low for n in c["names"]):
            return Court(c["key"], c["name"], c["short"], c["state"], tuple(c["periods"]))
    return None


class CourtCalendar(WorkCalendar):
    """The days a court period rolls over: weekends, the federal legal holidays,
    days the President declares, and the holidays of ``state``."""

    def __init__(self, state: str | None = None) -> None:
        super().__init__(agency=False)
        self.state = state

    def closed(self, day: date) -> str | None:
        why = super().closed(day)
        if why:
            return why
        declared = _government(day.year).get(day)
        if declared:
            return f"{declared} (declared by the President, Rule 6(a)(6)(B))"
        if self.state:
            name = state_holidays(self.state, day.year).get(day)
            if name:
                state_name = holiday_data()["states"][self.state]["name"]
                return f"{name} ({state_name} legal holiday, Rule 6(a)(6)(C))"
        return None


@dataclass(frozen=True)
class Counted:
    due: date
    explanation: str  # how it was counted, for the user to check


def days_after(trigger: date, days: int, cal: CourtCalendar) -> Counted:
    """The last day of a period of ``days`` days after ``trigger``, Rule 6(a)(1)."""
    if days < 0:
        raise ValueError("count a period after an event with a positive number of days")
    return _count(trigger, days, cal, forward=True)


def days_before(event: date, days: int, cal: CourtCalendar) -> Counted:
    """A period counted back from ``event`` (6(a)(5): the "next day" is earlier)."""
    return _count(event, days, cal, forward=False)


def _count(start: date, days: int, cal: CourtCalendar, *, forward: bool) -> Counted:
    step = timedelta(days=1 if forward else -1)
    last = start + step * days
    due, skipped = last, []
    while (why := cal.closed(due)) is not None:
        skipped.append(f"{long_date(due)} is {_article(why)}")
        due += step
    word = "after" if forward else "before"
    text = f"{plural(days, 'day')} {word} {long_date(start)} ends {long_date(last)}"
    if skipped:
        text += "; " + "; ".join(skipped) + f"; so {long_date(due)}"
    return Counted(due, f"{text} ({RULE_6A}).")


def _article(why: str) -> str:
    if why in ("Saturday", "Sunday"):
        return f"a {why}"
    return f"a legal holiday: {why}"


def response_due(court: Court, key: str, trigger: date) -> Counted:
    """When the local rule's period ``key`` ("opposition", "reply") ends, counted
    from ``trigger`` (the event its ``after`` names)."""
    period = court.period(key)
    counted = days_after(trigger, period["days"], CourtCalendar(court.state))
    return Counted(counted.due, f"{period['title']}: {period['days']} days after "
                                f"{period['after']} ({period['citation']}). "
                                f"{counted.explanation}")
