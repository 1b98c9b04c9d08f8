"""The Vaughn view's reads and edits, by index and entry id (no Qt): what
``ui/vaughn_view.py`` goes through, so that it builds no query of its own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile.errors import NotFound
from casefile.removal import Removed, delete_record
from casefile.store.models import ChallengeState, Disposition, Record, VaughnIndex, Withholding
from casefile.vaughn import challenges
from casefile.vaughn.entries import add_record, next_entry_no, set_claims, update_record

# How the entry editor's combos name each stored value.
DISPOSITIONS = [(d.value.replace("_", " ").capitalize(), d) for d in Disposition]
CHALLENGE_STATES = [(c.value.replace("_", " ").capitalize(), c) for c in ChallengeState]


def index_choices(session: Session) -> list[tuple[int, str]]:
    """Every Vaughn index, (id, title), in the order made."""
    return [(i.id, i.title) for i in session.scalars(select(VaughnIndex).order_by(VaughnIndex.id))]


def index_by_id(session: Session, index_id: int) -> VaughnIndex | None:
    return session.get(VaughnIndex, index_id)


def entry(session: Session, record_id: int) -> Record | None:
    """An entry with its claims loaded, for an editor to show after the session
    closes; None when it is no longer in the case."""
    return session.scalars(
        select(Record).where(Record.id == record_id)
        .options(selectinload(Record.withholdings).selectinload(Withholding.exemption))
    ).first()


def index_of_entry(session: Session, record_id: int) -> int | None:
    return session.scalar(select(Record.index_id).where(Record.id == record_id))


def _record(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise NotFound("That entry is no longer in the case.")
    return record


def change_entry(session: Session, record_id: int, values: dict[str, Any]) -> None:
    """An entry's fields, claims or challenge, as the editor and its undo give them."""
    record = _record(session, record_id)
    values = dict(values)
    if "claims" in values:
        set_claims(session, record, list(values.pop("claims")))
    challenge = {k: v for k, v in values.items() if k.startswith("challenge_")}
    fields = {k: v for k, v in values.items() if not k.startswith("challenge_")}
    if fields:
        update_record(session, record, **fields)
    if challenge:
        challenges.set_challenge(record, challenge.get("challenge_state"),
                                 argument=(challenge.get("challenge_argument") or "")
                                 if "challenge_argument" in challenge else None)


def add_next_entry(session: Session, index_id: int) -> int:
    """A new entry at the end of the index, numbered after the last; its id."""
    index = session.get(VaughnIndex, index_id)
    if index is None:
        raise NotFound("That Vaughn index is no longer in the case.")
    return add_record(session, index, next_entry_no(session, index)).id


def remove_entry(session: Session, record_id: int) -> Removed:
    """Delete an entry with its claims, keeping what puts it back."""
    return delete_record(session, _record(session, record_id))

