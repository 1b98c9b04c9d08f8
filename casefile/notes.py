"""Notes on anything in the case, addressed by the entity's table and uuid."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import Note


def add_note(session: Session, subject, text: str) -> Note:
    """Attach ``text`` to ``subject`` (any entity with a uuid)."""
    if not text.strip():
        raise InputError("A note needs some text.")
    note = Note(subject_type=subject.__tablename__, subject_uuid=subject.uuid, text=text.strip())
    session.add(note)
    session.flush()
    return note


def notes_on(session: Session, subject) -> list[Note]:
    return list(session.scalars(
        select(Note).where(Note.subject_type == subject.__tablename__,
                           Note.subject_uuid == subject.uuid).order_by(Note.created_at)
    ))
