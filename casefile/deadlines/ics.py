"""Deadlines as an iCalendar file, for Outlook and Google Calendar."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from icalendar import Alarm, Calendar, Event

from casefile import __version__
from casefile.deadlines.engine import RequestDates
from casefile.store.models import Deadline


def calendar_bytes(groups: list[RequestDates], entered: list[Deadline], case_uuid: str) -> bytes:
    """All-day events, one per date, each naming its request and rule."""
    cal = Calendar()
    cal.add("prodid", f"-//Casefile {__version__}//FOIA deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "FOIA deadlines")
    for group in groups:
        for item in group.dates:
            due = item.headline
            description = f"{item.rule}. {item.citation}."
            if item.agency_due:
                description += (f" The statute's count ends {item.due.isoformat()}; the "
                                f"agency's, with its closures, {item.agency_due.isoformat()}.")
            if item.warnings:
                description += " Uncertain: " + " ".join(item.warnings)
            cal.add_component(_event(f"{group.label}: {item.title}", due, description,
                                     f"{case_uuid}-{group.request_id}-{item.key}", None))
    for deadline in entered:
        description = " ".join(x for x in (deadline.rule, deadline.citation) if x)
        cal.add_component(_event(deadline.title, deadline.due_on, description,
                                 f"{case_uuid}-deadline-{deadline.uuid}",
                                 deadline.remind_days_before))
    return cal.to_ical()


def _event(summary: str, day: date, description: str, uid: str, remind: int | None) -> Event:
    event = Event()
    event.add("uid", f"{uid}@casefile")
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", _stamp(day))
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if remind:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(days=-remind))
        event.add_component(alarm)
    return event


def _stamp(day: date):
    # A fixed stamp keeps the same case exporting the same file.
    from datetime import datetime

    return datetime(day.year, day.month, day.day, tzinfo=UTC)
