"""Changing a row the window's editors show, by its list's key and its id (no Qt).

The editors beside each list (``ui/editors.py``) read a row and save its
fields through these: ``row`` finds it, ``APPLY[key](session, id, values)``
turns the id fields a form shows as choices (``agency_id``) into their rows and
calls the casefile update function that holds the rules, and the choices a
form offers for a stored vocabulary (a request's status, a letter's kind) are
words and values from here, so the window names no model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import declarations, documents, matter, parties, productions, requests
from casefile.errors import InputError
from casefile.exhibits import display_label
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceKind,
    Counsel,
    Declaration,
    Direction,
    Document,
    DocumentPage,
    Exhibit,
    FeeCategory,
    FoiaRequest,
    Matter,
    Outcome,
    Party,
    PartyRole,
    Production,
    ProductionDocument,
    RequestStatus,
)

Choices = tuple[tuple[str, Any], ...]

@dataclass(frozen=True)
class Kind:
    """A kind of row the window's editors and ``casefile set`` change."""

    key: str  # the editor's list, as the window names it ("requests")
    noun: str  # one of them in a sentence ("request")
    model: type
    update: Callable[..., Any]  # update(session, row, **changes): holds the rules
    fields: frozenset[str]  # the changes ``update`` accepts
    names: tuple = ()  # the columns a row may be named by besides its number
    # A form's id field (agency_id) and what ``update`` takes for it: the row's
    # field (agency) and the model the id is of.
    refs: tuple[tuple[str, str, type], ...] = ()


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("matter", "lawsuit", Matter, matter.update_matter, matter.FIELDS,
         (Matter.short_title, Matter.docket_no)),
    Kind("requests", "request", FoiaRequest, requests.update_request, requests.REQUEST_FIELDS,
         (FoiaRequest.tracking_no,), (("agency_id", "agency", Agency),)),
    Kind("correspondence", "letter", Correspondence, requests.update_correspondence,
         requests.CORRESPONDENCE_FIELDS),
    Kind("declarations", "declaration", Declaration, declarations.update_declaration,
         declarations.FIELDS, (Declaration.title,)),
    Kind("productions", "production", Production, productions.update_production,
         productions.FIELDS, (Production.title,), (("request_id", "request", FoiaRequest),)),
    Kind("documents", "document", Document, documents.update_document, documents.FIELDS,
         (Document.name, Document.title)),
    Kind("parties", "party", Party, parties.update_party, parties.PARTY_FIELDS,
         (Party.short_name, Party.name), (("agency_id", "agency", Agency),)),
    Kind("counsel", "counsel", Counsel, parties.update_counsel, parties.COUNSEL_FIELDS,
         (Counsel.name,), (("party_id", "party", Party),)),
)}

# The editors' lists, by the window's keys.
MODELS: dict[str, type] = {key: kind.model for key, kind in KINDS.items()}


def table(key: str) -> str:
    """The table of an editor's rows, as a version check names it."""
    return MODELS[key].__tablename__


def row(session: Session, key: str, row_id: int):
    """The row an editor shows, or None when it is no longer in the case."""
    return session.get(MODELS[key], row_id)


def _applier(kind: Kind) -> Callable[[Session, int, dict[str, Any]], None]:
    def apply(session: Session, row_id: int, values: dict[str, Any]) -> None:
        found = session.get(kind.model, row_id)
        if found is None:
            raise InputError(f"That {kind.noun} is no longer in the case.")
        changes = dict(values)
        for field, attribute, target in kind.refs:
            if field in changes:
                ref_id = changes.pop(field)
                changes[attribute] = session.get(target, ref_id) if ref_id is not None else None
        kind.update(session, found, **changes)

    return apply


# apply(session, row_id, values) for each editor: what a save and its undo run.
APPLY: dict[str, Callable[[Session, int, dict[str, Any]], None]] = {
    key: _applier(kind) for key, kind in KINDS.items()}


# --- the words of a stored vocabulary, as a form offers them -------------------------------


def _words(kind: type[Enum], *, blank: bool = False) -> Choices:
    shown = tuple((m.value.replace("_", " ").capitalize(), m) for m in kind)
    return ((("—", None),) if blank else ()) + shown


REQUEST_STATUSES = _words(RequestStatus)
OUTCOMES = _words(Outcome, blank=True)
FEE_CATEGORIES: Choices = (("—", None), ("News media", FeeCategory.NEWS_MEDIA),
                           ("Educational or scientific", FeeCategory.EDUCATIONAL),
                           ("All other", FeeCategory.OTHER),
                           ("Commercial", FeeCategory.COMMERCIAL))
DIRECTIONS: Choices = (("Incoming (received)", Direction.INCOMING),
                       ("Outgoing (sent)", Direction.OUTGOING))
LETTER_KINDS = _words(CorrespondenceKind)
PARTY_ROLES: Choices = (("Plaintiff", PartyRole.PLAINTIFF), ("Defendant", PartyRole.DEFENDANT),
                        ("Intervenor", PartyRole.INTERVENOR), ("Amicus", PartyRole.AMICUS),
                        ("Other", PartyRole.OTHER))


# --- what the document editor says of a document -----------------------------------------


@dataclass(frozen=True)
class DocumentFacts:
    bates: str  # "ICE-000001 – ICE-000004", or that none was found
    productions: list[str]  # the titles of the productions it came in
    exhibits: list[str]  # "Ex. 3 to Rivera Declaration exhibits"


def document_facts(session: Session, document_id: int) -> DocumentFacts:
    first, last = session.execute(
        select(func.min(DocumentPage.bates), func.max(DocumentPage.bates))
        .where(DocumentPage.document_id == document_id)).one()
    bates = ("None found on its pages" if first is None
             else first if first == last else f"{first} – {last}")
    produced = session.scalars(
        select(Production.title).join(ProductionDocument)
        .where(ProductionDocument.document_id == document_id)).all()
    exhibits = session.scalars(select(Exhibit).where(Exhibit.document_id == document_id)).all()
    return DocumentFacts(bates, list(produced),
                         [f"{display_label(e.exhibit_set, e)} to {e.exhibit_set.name}"
                          for e in exhibits])
