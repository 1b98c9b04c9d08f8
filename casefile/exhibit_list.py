"""The exhibits of a set as the window lists them, and the exhibit edits it makes
by id (no Qt): what ``ui/exhibits_view.py`` reads and writes through, so that it
holds no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile import exhibits, removal
from casefile.errors import NotFound
from casefile.exhibits import display_label
from casefile.removal import Removed
from casefile.store.models import Document, Exhibit, ExhibitSet


@dataclass(frozen=True)
class ExhibitRow:
    """One exhibit as shown: plain values, no ORM object outlives its session."""

    id: int
    document_id: int
    label: str  # "Ex. 1", with the set's prefix
    title: str
    document: str
    pages: str  # "All (2)", "7-10 (4 of 12)"
    first_page: int  # where a preview of the exhibit opens
    paragraph: str  # the declaration's sentence for it
    set_id: int
    page_selection: str | None  # as stored ("7-10"); None for the whole document
    page_count: int | None  # the document's
    row_version: int  # as listed: an edit made from this row checks it


def read_rows(session: Session, set_id: int) -> list[ExhibitRow]:
    """The set's exhibits in order, as the view shows them."""
    exhibit_set = exhibits.find_set(session, str(set_id))
    found = session.scalars(
        select(Exhibit).where(Exhibit.set_id == exhibit_set.id).order_by(Exhibit.position)
        .options(selectinload(Exhibit.document)))
    rows = []
    for e in found:
        ranges = exhibits.parse_pages(e.page_selection) if e.page_selection else []
        count = e.document.page_count
        if not ranges:
            pages = f"All ({count})" if count else "All"
        else:
            chosen = sum(b - a + 1 for a, b in ranges)
            pages = f"{e.page_selection} ({chosen} of {count})" if count else e.page_selection
        rows.append(ExhibitRow(e.id, e.document_id, display_label(exhibit_set, e), e.title,
                               e.document.name, pages, ranges[0][0] if ranges else 1,
                               exhibits.paragraph(e), exhibit_set.id, e.page_selection, count,
                               e.row_version))
    return rows


def set_choices(session: Session) -> list[tuple[int, str]]:
    """Every exhibit set, (id, name), in the order made."""
    return [tuple(r) for r in session.execute(
        select(ExhibitSet.id, ExhibitSet.name).order_by(ExhibitSet.id))]


def exhibit_by_id(session: Session, exhibit_id: int) -> Exhibit:
    exhibit = session.get(Exhibit, exhibit_id)
    if exhibit is None:
        raise NotFound("That exhibit is no longer in the case.")
    return exhibit


def change_fields(session: Session, exhibit_id: int, values: dict[str, Any]) -> None:
    exhibits.update_exhibit(session, exhibit_by_id(session, exhibit_id), **values)


def move_to(session: Session, exhibit_id: int, values: dict[str, Any]) -> None:
    exhibits.move(session, exhibit_by_id(session, exhibit_id), values["position"])


def add_by_id(session: Session, set_id: int, document_id: int, title: str, pages: str | None, *,
         position: int | None = None, exhibit_id: int | None = None) -> int:
    exhibit_set = session.get(ExhibitSet, set_id)
    if exhibit_set is None:
        raise NotFound("That exhibit set is no longer in the case.")
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound("That document is no longer in the case.")
    return exhibits.add_exhibit(session, exhibit_set, document, title, page_selection=pages,
                                position=position, exhibit_id=exhibit_id).id


@dataclass(frozen=True)
class Kept:
    """A removed exhibit, as much as undo needs to put it back where it was."""

    set_id: int
    document_id: int
    title: str
    page_selection: str | None
    position: int




def remove_last(session: Session, exhibit_id: int) -> Removed:
    """Undo of an add: the exhibit is last in its set whenever Undo reaches it (what
    came after is undone first), so deleting it moves no other label, and Redo puts
    it back as it was."""
    return removal.delete(session, exhibit_by_id(session, exhibit_id))


def take_out(session: Session, exhibit_id: int) -> Kept:
    """Remove an exhibit from its set (the document stays in the case); what puts
    it back where it was."""
    e = exhibit_by_id(session, exhibit_id)
    kept = Kept(e.set_id, e.document_id, e.title, e.page_selection, e.position)
    exhibits.remove(session, e)
    return kept


def put_back(session: Session, kept: Kept, exhibit_id: int) -> int:
    """An exhibit taken out, at its place with its title, pages and id."""
    return add_by_id(session, kept.set_id, kept.document_id, kept.title, kept.page_selection,
                     position=kept.position, exhibit_id=exhibit_id)
