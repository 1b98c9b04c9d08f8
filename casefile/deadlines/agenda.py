"""Every deadline of a case as one list to work from, and its calendar file.

The statutory dates come from the engine with their rule, citation and
warnings; the dates a user entered (court orders, briefing) from the case.
Each is placed where an attorney looks for it: overdue, due this week, later,
or done (met, marked done, or a milestone that has passed). The window's
deadline view shows this list; ``export_calendar`` writes what
``casefile calendar`` writes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.deadlines.engine import Derived, RequestDates, derive_all
from casefile.outputs import write_atomically
from casefile.store.models import Deadline

WEEK = 7  # "due this week": today and the seven days after, as `casefile deadlines` lists


class Standing(enum.StrEnum):
    OVERDUE = "Overdue"
    THIS_WEEK = "Due this week"
    LATER = "Later"
    DONE = "Done or passed"


@dataclass(frozen=True)
class Item:
    due: date  # the date to act on (the engine's headline)
    title: str
    belongs_to: str  # "ICE 2020-ICFO-12345", or the matter's short title
    request_id: int | None
    rule: str
    citation: str
    standing: Standing
    state: str  # "open", "missed", "met", "done" or "passed"
    counts: str = ""  # both counts, where the agency's closures make them differ
    warnings: tuple[str, ...] = ()  # why the date may not be the one to rely on
    done_on: date | None = None

    def when(self, today: date) -> str:
        """'in 3 days', '2 days overdue', 'met'…: how the date stands today."""
        if self.state in ("met", "passed"):
            return self.state
        if self.state == "done":
            return f"done {long_date(self.done_on)}"  # an entered date, marked done that day
        days = (self.due - today).days
        if self.state == "missed" and days >= 0:
            return "missed"  # the statute's count ran out; the agency's has not yet
        if days == 0:
            return "due today"
        if days == 1:
            return "tomorrow"
        if days > 0:
            return f"in {days:,} days"
        return f"{-days:,} day{'s' if days < -1 else ''} overdue"


@dataclass(frozen=True)
class Uncounted:
    """A request with no countable date, and why."""

    label: str
    request_id: int | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Agenda:
    items: list[Item]  # by date
    uncounted: list[Uncounted]


def agenda(session: Session, today: date) -> Agenda:
    groups = derive_all(session, today)
    items = [_derived(group, d, today) for group in groups for d in group.dates]
    labels = {g.request_id: g.label for g in groups if g.request_id is not None}
    for d in session.scalars(select(Deadline).order_by(Deadline.due_on, Deadline.id)):
        items.append(_entered(d, labels, today))
    items.sort(key=lambda i: (i.due, i.belongs_to, i.title))
    uncounted = [Uncounted(g.label, g.request_id, tuple(g.warnings))
                 for g in groups if not g.dates and g.warnings]
    return Agenda(items, uncounted)


def export_calendar(session: Session, today: date, case_uuid: str | None, target: Path) -> int:
    """Write the open deadlines as an iCalendar file; return how many dates it holds."""
    from casefile.deadlines.ics import calendar_bytes

    groups = derive_all(session, today)
    entered = list(session.scalars(select(Deadline).where(Deadline.done_on.is_(None))
                                   .order_by(Deadline.due_on)))
    data = calendar_bytes(groups, entered, case_uuid or "case")
    write_atomically(target, lambda tmp: tmp.write_bytes(data))
    return sum(len(g.dates) for g in groups) + len(entered)


def _standing(due: date, today: date) -> Standing:
    if due < today:
        return Standing.OVERDUE
    if due <= today + timedelta(days=WEEK):
        return Standing.THIS_WEEK
    return Standing.LATER


def _derived(group: RequestDates, d: Derived, today: date) -> Item:
    if d.key == "exhaustion":
        state = "passed"  # not a deadline but the day the courthouse opened
    else:
        state = {True: "met", False: "missed", None: "open"}[d.met]
    counts = ""
    if d.agency_due is not None:
        shown = ("the earlier, to be safe" if d.ours
                 else "the later, the day the agency is surely late")
        counts = (f"The statute's count ends {long_date(d.due)}; the agency's, with its "
                  f"closures, {long_date(d.agency_due)}. The date shown is {shown}.")
    return Item(
        due=d.headline, title=d.title, belongs_to=group.label, request_id=group.request_id,
        rule=d.rule, citation=d.citation,
        standing=(Standing.DONE if state in ("met", "passed") else
                  Standing.OVERDUE if state == "missed" else _standing(d.headline, today)),
        state=state, counts=counts, warnings=tuple(group.warnings + d.warnings),
    )


def _entered(d: Deadline, labels: dict[int, str], today: date) -> Item:
    if d.request_id is not None:
        belongs_to = labels.get(d.request_id, "")
    else:
        belongs_to = d.matter.short_title if d.matter else ""
    done = d.done_on is not None
    return Item(
        due=d.due_on, title=d.title, belongs_to=belongs_to, request_id=d.request_id,
        rule=d.rule or f"Entered in the case ({d.kind.value} deadline)",
        citation=d.citation or "", standing=Standing.DONE if done else _standing(d.due_on, today),
        state="done" if done else "open", done_on=d.done_on,
    )
