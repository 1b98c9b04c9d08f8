"""Deadlines: the dates a user enters (court orders, briefing) and their state.

The statutory dates derived from a request's events come with the deadline
engine; they are stored the same way, with their rule and citation.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import Deadline, DeadlineKind, FoiaRequest, Matter


def add_deadline(session: Session, title: str, due_on: date, *,
                 kind: DeadlineKind = DeadlineKind.COURT, matter: Matter | None = None,
                 request: FoiaRequest | None = None, rule: str | None = None,
                 citation: str | None = None, remind_days_before: int | None = None) -> Deadline:
    if not title.strip():
        raise InputError("A deadline needs a title (\"Opposition to summary judgment due\").")
    if remind_days_before is not None and remind_days_before < 0:
        raise InputError("A reminder comes before the deadline: give a number of days ≥ 0.")
    deadline = Deadline(title=title.strip(), due_on=due_on, kind=kind, matter=matter,
                        request=request, rule=rule, citation=citation,
                        remind_days_before=remind_days_before)
    session.add(deadline)
    session.flush()
    return deadline

