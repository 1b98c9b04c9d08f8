"""Productions: what an agency released, when, under which Bates range, and its pages.

The documents of a production are stored like any other (casefile.ingest);
a production lists which of them it delivered, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.dates import long_date
from casefile.edits import bates_range_rises, count, known, required, text_or_none
from casefile.errors import InputError, NotFound
from casefile.store.models import Document, FoiaRequest, Production, ProductionDocument

FIELDS = frozenset({"title", "produced_on", "request", "bates_prefix", "bates_begin",
                    "bates_end", "pages_released_full", "pages_released_part",
                    "pages_withheld_full"})
_PAGE_COUNTS = {"pages_released_full": "number of pages released in full",
                "pages_released_part": "number of pages released in part",
                "pages_withheld_full": "number of pages withheld in full"}


def add_production(session: Session, title: str, *, produced_on: date | None = None,
                   request: FoiaRequest | None = None, **fields) -> Production:
    """A production as the agency's cover letter describes it; its documents come after."""
    production = Production(title="", pages_released_full=0, pages_released_part=0,
                            pages_withheld_full=0)
    update_production(session, production, title=title, produced_on=produced_on,
                      request=request, **fields)
    session.add(production)
    session.flush()
    return production


def update_production(session: Session, production: Production, **changes) -> Production:
    """Change the given fields of a production (``None`` clears an optional field)."""
    known(changes, FIELDS, "A production")
    if "title" in changes:
        changes["title"] = required(changes["title"], "A production needs a title, such as "
                                    "\"First interim release\".")
    if changes.get("produced_on") is not None and changes["produced_on"] > date.today():
        raise InputError(f"{long_date(changes['produced_on'])} is after today: a production "
                         "cannot be received in the future.")
    for name in ("bates_prefix", "bates_begin", "bates_end"):
        if name in changes:
            changes[name] = text_or_none(changes[name])
    for name, what in _PAGE_COUNTS.items():
        if name in changes:
            changes[name] = count(changes[name], what)
    if "bates_begin" in changes or "bates_end" in changes:
        bates_range_rises(changes.get("bates_begin", production.bates_begin),
                     changes.get("bates_end", production.bates_end))
    for name, value in changes.items():
        setattr(production, name, value)
    edits.flush(session)
    return production


def add_documents(session: Session, production: Production,
                  documents: Iterable[Document]) -> int:
    """Add documents at the end of a production, each once; returns how many were new."""
    have = set(session.scalars(select(ProductionDocument.document_id).where(
        ProductionDocument.production_id == production.id)))
    position = session.scalar(select(func.coalesce(func.max(ProductionDocument.position), -1))
                              .where(ProductionDocument.production_id == production.id))
    added = 0
    for document in documents:
        if document.id in have:
            continue
        position += 1
        session.add(ProductionDocument(production_id=production.id, document_id=document.id,
                                       position=position))
        have.add(document.id)
        added += 1
    session.flush()
    return added


def file_under(session: Session, production_id: int, document_ids: Iterable[int]) -> int:
    """``add_documents`` by ids (what an import into a production reports); a document
    gone since is left out. Returns how many were new to the production."""
    production = session.get(Production, production_id)
    if production is None:
        raise NotFound("That production is no longer in the case.")
    documents = [d for d in (session.get(Document, i) for i in document_ids) if d is not None]
    return add_documents(session, production, documents)


def find_production(session: Session, key: str) -> Production:
    """The production a user names: its number, or its title."""
    from casefile.lookup import by_key

    return by_key(session, Production, key, Production.title, what="production")
