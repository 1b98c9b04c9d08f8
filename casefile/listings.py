"""The case's lists, as rows of plain values: what `casefile list` prints and
the window's simple tables show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from casefile.display import human_size
from casefile.file_kinds import kind_name
from casefile.store.models import (
    Agency,
    Blob,
    Correspondence,
    Counsel,
    Deadline,
    Declaration,
    Document,
    Exhibit,
    ExhibitSet,
    FoiaRequest,
    Matter,
    Note,
    Party,
    Production,
    Record,
    VaughnIndex,
    Withholding,
)


@dataclass(frozen=True)
class Listing:
    columns: tuple[str, ...]
    rows: Callable[[Session], Iterator[tuple]]


def _requests(s: Session):
    for r in s.scalars(select(FoiaRequest).order_by(FoiaRequest.id)):
        sent = r.date_sent.isoformat() if r.date_sent else "not sent"
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
        yield (d.id, d.origin or d.name, kind_name(d.media_type),
               d.page_count if d.page_count is not None else "?",
               human_size(size), flags)


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


def _parties(s: Session):
    for p in s.scalars(select(Party).order_by(Party.matter_id, Party.position, Party.id)):
        yield (p.id, p.role.value, p.name, p.short_name or "",
               p.agency.abbreviation if p.agency else "", p.description or "")


def _counsel(s: Session):
    for c in s.scalars(select(Counsel).order_by(Counsel.matter_id, Counsel.is_lead.desc(),
                                                Counsel.id)):
        role = "lead" if c.is_lead else "of counsel" if c.of_counsel else ""
        appears = c.party.name if c.party else "plaintiffs"
        yield (c.id, c.name, appears, role, c.firm or "", c.bar_no or "-", c.admission or "")


def _deadlines(s: Session):
    for d in s.scalars(select(Deadline).order_by(Deadline.due_on)):
        yield (d.id, d.due_on.isoformat(), d.kind.value, d.title, d.citation or "")


def _matters(s: Session):
    for m in s.scalars(select(Matter).order_by(Matter.id)):
        yield (m.id, m.short_title, m.court or "", m.docket_no or "",
               m.filed_on.isoformat() if m.filed_on else "")


def _indexes(s: Session):
    counts = dict(s.execute(select(Record.index_id, func.count()).group_by(Record.index_id))
                  .all())
    for v in s.scalars(select(VaughnIndex).order_by(VaughnIndex.id)):
        yield (v.id, v.title, v.author.value, v.served_on.isoformat() if v.served_on else "",
               counts.get(v.id, 0))


def _productions(s: Session):
    from casefile.privacy.stored import production_summary

    for p in s.scalars(select(Production).order_by(Production.produced_on, Production.id)):
        bates = "–".join(b for b in (p.bates_begin, p.bates_end) if b)
        yield (p.id, p.produced_on.isoformat() if p.produced_on else "", p.title, bates,
               p.pages_released_full, p.pages_released_part, p.pages_withheld_full,
               production_summary(s, p.id).brief())


def _notes(s: Session):
    for n in s.scalars(select(Note).order_by(Note.created_at, Note.id)):
        yield (n.id, n.subject_type.replace("_", " "), n.created_at.date().isoformat(), n.text)


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
    "parties": Listing(("#", "role", "name", "short name", "agency", "description"),
                       _parties),
    "counsel": Listing(("#", "name", "for", "role", "firm", "bar no.", "admission"), _counsel),
    "agencies": Listing(("#", "abbreviation", "name", "part of"), _agencies),
    "deadlines": Listing(("#", "due", "kind", "title", "citation"), _deadlines),
    "declarations": Listing(("#", "declarant", "title", "paragraphs"), _declarations),
    "matters": Listing(("#", "short title", "court", "docket no.", "filed"), _matters),
    "indexes": Listing(("#", "title", "by", "served", "entries"), _indexes),
    "productions": Listing(("#", "produced", "title", "Bates", "in full", "in part",
                            "withheld", "privacy check"), _productions),
    "notes": Listing(("#", "on", "written", "text"), _notes),
}
