"""What a user may say of a stored document: its title, and whether it is privileged.

A document's bytes, name and pages are what was imported (casefile.ingest);
they are not edited here. Privilege and work product keep a document out of
what is shared (the exhibits check them before a bundle is built).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from casefile.edits import known, text_or_none
from casefile.store.models import Document

_FIELDS = {"title", "privileged", "work_product"}


def update_document(session: Session, document: Document, **changes) -> Document:
    """Change the given fields of a document (``None`` clears the title)."""
    known(changes, _FIELDS, "A document")
    if "title" in changes:
        changes["title"] = text_or_none(changes["title"])
    for name in ("privileged", "work_product"):
        if name in changes:
            changes[name] = bool(changes[name])
    for name, value in changes.items():
        setattr(document, name, value)
    session.flush()
    return document
