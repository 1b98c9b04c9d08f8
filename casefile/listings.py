"""The case's lists, as rows of plain values: what `casefile list` prints and
the window's simple tables show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile.dates import long_date
from casefile.store.models import (
    Agency,
    Blob,
    Correspondence,
    Deadline,
    Declaration,
    Document,
    Exhibit,
    ExhibitSet,
    FoiaRequest,
    Record,
    Withholding,
)


@dataclass(frozen=True)
class Listing:
    columns: tuple[str, ...]
    rows: Callable[[Session], Iterator[tuple]]


def _requests(s: Session):
    for r in s.scalars(select(FoiaRequest).order_by(FoiaRequest.id)):
        sent = long_date(r.date_sent) if r.date_sent else "not sent"
        yield (r.id, r.agency.abbreviation, r.tracking_no or "-", sent,
               r.status.value.replace("_", " "), r.subject)


def _correspondence(s: Session):
    for c in s.scalars(select(Correspondence).order_by(Correspondence.dated, Correspondence.id)):
        yield (c.id, c.dated.isoformat(), c.direction.value, c.kind.value.replace("_", " "),
               c.subject or c.sender or "")


def _documents(s: Session):
    for d, size in s.execute(select(Document, Blob.size).join(Blob).order_by(Document.id)):
        flags = ", ".join(f for f, on in (("privileged", d.privileged),
                                          ("work product", d.work_product),
                                          ("encrypted", d.encrypted)) if on)
        yield (d.id, d.name, d.media_type, d.page_count if d.page_count is not None else "?",
               f"{size / 1e3:,.0f} kB", flags)


def _records(s: Session):
    rows = s.scalars(select(Record).order_by(Record.index_id, Record.position)
                     .options(selectinload(Record.withholdings)
                              .selectinload(Withholding.exemption)))
    for r in rows:
        claims = ", ".join(w.exemption.label if w.exemption else (w.raw_text or "?")
                           for w in r.withholdings)
        bates = r.bates_begin or ""
        if r.bates_end and r.bates_end != r.bates_begin:
            bates += f"–{r.bates_end}"
        yield (r.id, r.entry_no, bates,
               r.disposition.value.replace("_", " ") if r.disposition else "-", claims,
               r.challenge_state.value.replace("_", " "))


def _exhibits(s: Session):
    for e in s.scalars(select(Exhibit).join(ExhibitSet)
                       .order_by(ExhibitSet.id, Exhibit.position)):
        yield (e.id, e.exhibit_set.name, f"{e.exhibit_set.label_prefix} {e.label}", e.title,
               e.page_selection or "all")


def _agencies(s: Session):
    for a in s.scalars(select(Agency).order_by(Agency.id)):
        yield (a.id, a.abbreviation, a.name, a.parent.abbreviation if a.parent else "")


def _deadlines(s: Session):
    for d in s.scalars(select(Deadline).order_by(Deadline.due_on)):
        yield (d.id, d.due_on.isoformat(), d.kind.value, d.title, d.citation or "")


def _declarations(s: Session):
    for d in s.scalars(select(Declaration).order_by(Declaration.id)):
        yield (d.id, d.declarant, d.title, len(d.paragraphs))


LISTINGS: dict[str, Listing] = {
    "requests": Listing(("#", "agency", "tracking no.", "sent", "status", "subject"), _requests),
    "correspondence": Listing(("#", "date", "direction", "kind", "subject"), _correspondence),
    "documents": Listing(("#", "name", "type", "pages", "size", "flags"), _documents),
    "records": Listing(("#", "entry", "Bates", "disposition", "exemptions", "challenge"),
                       _records),
    "exhibits": Listing(("#", "set", "label", "title", "pages"), _exhibits),
    "agencies": Listing(("#", "abbreviation", "name", "part of"), _agencies),
    "deadlines": Listing(("#", "due", "kind", "title", "citation"), _deadlines),
    "declarations": Listing(("#", "declarant", "title", "paragraphs"), _declarations),
}
