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


# --- the window's operations: by id, with the request by id ---------------------------------

# The fields the deadline dialog edits, as update_deadline takes them (request by id).
FORM_FIELDS = ("title", "due_on", "kind", "request_id", "rule", "citation",
               "remind_days_before")


def deadline_by_id(session: Session, deadline_id: int) -> Deadline:
    from casefile.errors import NotFound

    deadline = session.get(Deadline, deadline_id)
    if deadline is None:
        raise NotFound("That deadline is no longer in the case.")
    return deadline


def _request_by_id(session: Session, request_id: int | None) -> FoiaRequest | None:
    from casefile.errors import NotFound

    if request_id is None:
        return None
    request = session.get(FoiaRequest, request_id)
    if request is None:
        raise NotFound("That request is no longer in the case.")
    return request


def form_values(session: Session, deadline_id: int) -> tuple[dict[str, Any], int]:
    """An entered deadline's fields as the dialog shows them, and the version they are
    of (the dialog's save checks it)."""
    deadline = deadline_by_id(session, deadline_id)
    return {name: getattr(deadline, name) for name in FORM_FIELDS}, deadline.row_version


def add_from_form(session: Session, values: dict[str, Any]) -> int:
    """A deadline from the dialog's fields, in the lawsuit its request belongs to
    (``matter.lawsuit_for``, the command line's rule too); the new id."""
    from casefile.matter import lawsuit_for

    values = dict(values)
    request = _request_by_id(session, values.pop("request_id", None))
    return add_deadline(session, values.pop("title"), values.pop("due_on"),
                        matter=lawsuit_for(session, request=request), request=request,
                        **values).id


def change_from_form(session: Session, deadline_id: int, values: dict[str, Any]) -> None:
    values = dict(values)
    if "request_id" in values:
        values["request"] = _request_by_id(session, values.pop("request_id"))
    update_deadline(session, deadline_by_id(session, deadline_id), **values)


def mark_done_by_id(session: Session, deadline_id: int, values: dict[str, Any]) -> None:
    mark_done(session, deadline_by_id(session, deadline_id), values["done_on"])


def remove_by_id(session: Session, deadline_id: int):
    """Delete it, keeping what puts it back (the undo of a delete or an add)."""
    from casefile.removal import delete_deadline

    return delete_deadline(session, deadline_by_id(session, deadline_id))
