"""Every deadline of a case as one list to work from, and its calendar file.

The statutory dates come from the engine with their rule, citation and
warnings; the dates a user entered (court orders, briefing) from the case.
Each says whose duty it is: ours (an appeal, our briefs), or the agency's (its
determination, its decision on the appeal, the government's answer). Each is
placed where an attorney looks for it: our own overdue duties first, what is
due this week, later, what the agency has missed (the missed determination is
what lets the requester sue), and done (met, marked done, or a milestone that
has passed). An entered deadline that repeats a counted one (the answer,
entered from the scheduling order) is listed once, as the entered one, which
can be marked done. The window's deadline view shows this list;
``export_calendar`` writes the same dates as an iCalendar file.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.deadlines.engine import Derived, RequestDates, derive_all
from casefile.outputs import write_atomically
from casefile.store.models import Deadline, FoiaRequest

WEEK = 7  # "due this week": today and the seven days after, as `casefile deadlines` lists


class Standing(enum.StrEnum):
    OVERDUE = "Overdue"  # ours, and not done: the red group
    THIS_WEEK = "Due this week"
    LATER = "Later"
    MISSED = "Missed by the agency"  # its time ran out: leverage, not our emergency
    DONE = "Done or passed"


class Owner(enum.StrEnum):
    """Whose duty a date is."""

    US = "Us"
    AGENCY = "Agency"  # the agency, or in the lawsuit the government defending it


# An entered deadline is ours unless its title names the other side first
# ("Defendants' answer…", "Government's reply…"); the case file stores no owner.
_THEIRS = re.compile(r"^\s*(the\s+)?(defendant|government|agency|agencies|respondent)",
                     re.IGNORECASE)

# What an entered title says when it means the same as the engine's date.
_MEANS = {
    "initial": lambda t: "determination" in t and "appeal" not in t,
    "expedited": lambda t: "expedit" in t,
    "appeal_window": lambda t: "appeal" in t and "decision" not in t,
    "appeal_decision": lambda t: "appeal" in t and "decision" in t,
    "answer": lambda t: "answer" in t,
}


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
    owner: Owner | None = Owner.US  # None: a milestone, nobody's duty (suit may be filed)
    deadline_id: int | None = None  # an entered deadline's id; None for a counted date
    row_version: int | None = None  # an entered deadline's version as listed (a save checks it)
    counted_rule: str = ""  # an entered deadline the engine also counts: its rule…
    counted_citation: str = ""  # …and citation
    source: str = ""  # where a counted rule comes from: statute, regulation, agency practice

    @property
    def entered(self) -> bool:
        """Entered by the user, so it can be edited, marked done or removed."""
        return self.deadline_id is not None

    def when(self, today: date) -> str:
        """'in 3 days', '2 days overdue', 'missed 5 days ago', 'met'…: how it stands today."""
        if self.state in ("met", "passed"):
            return self.state
        if self.state == "done":
            return f"done {long_date(self.done_on)}"  # an entered date, marked done that day
        days = (self.due - today).days
        if days < 0 and self.owner is Owner.AGENCY:
            return "missed yesterday" if days == -1 else f"missed {-days:,} days ago"
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
    entered = list(session.scalars(select(Deadline).order_by(Deadline.due_on, Deadline.id)))
    twins = {d.id: twin for d in entered if (twin := counted_twin(d, groups)) is not None}
    repeated = {id(derived) for _, derived in twins.values()}
    items = [_derived(group, d, today) for group in groups for d in group.dates
             if id(d) not in repeated]
    labels = {g.request_id: g.label for g in groups if g.request_id is not None}
    items += [_entered(d, labels, today, twins.get(d.id)) for d in entered]
    items.sort(key=lambda i: (i.due, i.belongs_to, i.title))
    uncounted = [Uncounted(g.label, g.request_id, tuple(g.warnings))
                 for g in groups if not g.dates and g.warnings]
    return Agenda(items, uncounted)


def counted_twin(deadline: Deadline,
                 groups: Iterable[RequestDates]) -> tuple[RequestDates, Derived] | None:
    """The engine's date an entered deadline repeats, if any.

    The same date (by either count), for the same request (or both for the
    lawsuit), and a title that means the same: "Defendants' answer to the
    complaint due" repeats the engine's answer.
    """
    title = deadline.title.lower()
    for group in groups:
        if group.request_id != deadline.request_id:
            continue
        for d in group.dates:
            means = _MEANS.get(d.key)
            if means is not None and means(title) and \
                    deadline.due_on in (d.due, d.agency_due, d.headline):
                return group, d
    return None


def request_choices(session: Session) -> list[tuple[int, str]]:
    """(id, label) of each request, named as the agenda names it."""
    requests = session.scalars(select(FoiaRequest).order_by(FoiaRequest.id))
    return [(r.id, f"{r.agency.abbreviation} {r.tracking_no or f'request {r.id}'}")
            for r in requests]


def export_calendar(session: Session, today: date, case_uuid: str | None, target: Path) -> int:
    """Write the open deadlines as an iCalendar file; return how many dates it holds.

    A counted date an entered deadline repeats is left out, as the agenda lists
    it once: the entered one, which is left out too once it is marked done.
    """
    from casefile.deadlines.ics import calendar_bytes

    groups = derive_all(session, today)
    entered = list(session.scalars(select(Deadline).order_by(Deadline.due_on, Deadline.id)))
    repeated = {id(twin[1]) for d in entered if (twin := counted_twin(d, groups)) is not None}
    groups = [RequestDates(g.request_id, g.label, [d for d in g.dates if id(d) not in repeated],
                           g.warnings) for g in groups]
    entered = [d for d in entered if d.done_on is None or d.done_on > today]
    data = calendar_bytes(groups, entered, case_uuid or "case")
    write_atomically(target, lambda tmp: tmp.write_bytes(data))
    return sum(len(g.dates) for g in groups) + len(entered)


def _standing(due: date, today: date, owner: Owner | None) -> Standing:
    if due < today:
        return Standing.MISSED if owner is Owner.AGENCY else Standing.OVERDUE
    if due <= today + timedelta(days=WEEK):
        return Standing.THIS_WEEK
    return Standing.LATER


def _owner(d: Derived) -> Owner | None:
    if d.key == "exhaustion":
        return None  # the day suit may be filed: nobody's duty
    return Owner.US if d.ours else Owner.AGENCY


def _counts(d: Derived) -> str:
    if d.agency_due is None:
        return ""
    shown = ("the earlier, to be safe" if d.ours
             else "the later, the day the agency is surely late")
    return (f"The statute's count ends {long_date(d.due)}; the agency's, with its "
            f"closures, {long_date(d.agency_due)}. The date shown is {shown}.")


def _derived(group: RequestDates, d: Derived, today: date) -> Item:
    if d.key == "exhaustion":
        state = "passed"  # not a deadline but the day the courthouse opened
    else:
        state = {True: "met", False: "missed", None: "open"}[d.met]
    owner = _owner(d)
    if state in ("met", "passed"):
        standing = Standing.DONE
    elif state == "missed":
        standing = Standing.MISSED if owner is Owner.AGENCY else Standing.OVERDUE
    else:
        standing = _standing(d.headline, today, owner)
    return Item(
        due=d.headline, title=d.title, belongs_to=group.label, request_id=group.request_id,
        rule=d.rule, citation=d.citation, standing=standing, state=state, counts=_counts(d),
        warnings=tuple(group.warnings + d.warnings), owner=owner, source=d.source,
    )


def _entered(d: Deadline, labels: dict[int, str], today: date,
             twin: tuple[RequestDates, Derived] | None) -> Item:
    if d.request_id is not None:
        belongs_to = labels.get(d.request_id, "")
    else:
        belongs_to = d.matter.short_title if d.matter else ""
    if twin is not None:
        group, counted = twin
        owner = _owner(counted)
        counts, warnings = _counts(counted), tuple(group.warnings + counted.warnings)
        counted_rule, counted_citation = counted.rule, counted.citation
    else:
        owner = Owner.AGENCY if _THEIRS.match(d.title) else Owner.US
        counts, warnings, counted_rule, counted_citation = "", (), "", ""
    # Done as of ``today``: counted "as if today were" a day before it was done
    # (the demo's story, a past date), it is still open then.
    done = d.done_on is not None and d.done_on <= today
    return Item(
        due=d.due_on, title=d.title, belongs_to=belongs_to, request_id=d.request_id,
        rule=d.rule or f"Entered in the case ({d.kind.value} deadline)",
        citation=d.citation or "",
        standing=Standing.DONE if done else _standing(d.due_on, today, owner),
        state="done" if done else "open", counts=counts, warnings=warnings,
        done_on=d.done_on if done else None,
        owner=owner, deadline_id=d.id, row_version=d.row_version, counted_rule=counted_rule,
        counted_citation=counted_citation,
    )
