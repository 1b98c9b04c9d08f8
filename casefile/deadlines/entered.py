"""Deadlines: the dates a user enters (court orders, briefing) and their state.

The statutory dates derived from a request's events come with the deadline
engine, counted afresh on every read; only the dates a user entered are
stored, and only they can be changed, marked done or removed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from casefile import edits
from casefile.edits import known
from casefile.errors import InputError
from casefile.store.models import Deadline, DeadlineKind, FoiaRequest, Matter

_FIELDS = {"title", "due_on", "kind", "matter", "request", "rule", "citation",
           "remind_days_before", "done_on"}

# How the deadline dialog names each kind, in the order it offers them.
KIND_WORDS = {DeadlineKind.COURT: "Court (an order, a rule, briefing)",
              DeadlineKind.STATUTORY: "Statutory (counted by hand)",
              DeadlineKind.INTERNAL: "Internal (our own target)"}
DEFAULT_KIND = DeadlineKind.COURT


def add_deadline(session: Session, title: str, due_on: date, *,
                 kind: DeadlineKind = DeadlineKind.COURT, matter: Matter | None = None,
                 request: FoiaRequest | None = None, rule: str | None = None,
                 citation: str | None = None, remind_days_before: int | None = None) -> Deadline:
    deadline = Deadline(title=_title(title), due_on=_due(due_on), kind=_kind(kind),
                        matter=matter, request=request, rule=_optional(rule),
                        citation=_optional(citation),
                        remind_days_before=_reminder(remind_days_before))
    session.add(deadline)
    session.flush()
    return deadline


def update_deadline(session: Session, deadline: Deadline, **changes: Any) -> Deadline:
    """Change the given fields of an entered deadline (``None`` clears an optional one)."""
    known(changes, _FIELDS, "A deadline")
    checks = {"title": _title, "due_on": _due, "kind": _kind, "rule": _optional,
              "citation": _optional, "remind_days_before": _reminder}
    for name, check in checks.items():
        if name in changes:
            changes[name] = check(changes[name])
    for name, value in changes.items():
        setattr(deadline, name, value)
    edits.flush(session)
    return deadline


def mark_done(session: Session, deadline: Deadline, day: date | None) -> Deadline:
    """Done on ``day``; ``None`` makes it open again."""
    if day is not None and not isinstance(day, date):
        raise InputError(f"'{day}' is not a date.")
    return update_deadline(session, deadline, done_on=day)


def _title(title: str | None) -> str:
    if not (title or "").strip():
        raise InputError("A deadline needs a title (\"Opposition to summary judgment due\").")
    return title.strip()


def _due(day: date | None) -> date:
    if day is None:
        raise InputError("A deadline needs a due date.")
    if not isinstance(day, date):
        raise InputError(f"'{day}' is not a date; write it as 06/18/2020.")
    return day


def _kind(kind: DeadlineKind | str | None) -> DeadlineKind:
    try:
        return DeadlineKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in DeadlineKind)
        raise InputError(f"'{kind}' is not a kind of deadline; choose {choices}.") from None


def _optional(text: str | None) -> str | None:
    return (text or "").strip() or None


def _reminder(days: int | None) -> int | None:
    if days is not None and days < 0:
        raise InputError("A reminder comes before the deadline: give a number of days ≥ 0.")
    return days
