"""The Vaughn index: indexes, their entries (records) and withholdings.

This module holds the entries themselves; import, review and export of whole
indexes build on these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits, exemptions
from casefile.edits import bates_range_rises
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import (
    ChallengeState,
    Disposition,
    DocumentPage,
    Exemption,
    FoiaRequest,
    IndexAuthor,
    Production,
    Record,
    VaughnIndex,
    Withholding,
)


@dataclass
class Claim:
    """An exemption claimed for an entry.

    Typed by a user, ``exemption`` must name a catalog exemption ("b6",
    "(b)(7)(C)"). Read from an agency's index, ``raw`` is what the agency wrote
    and ``exemption`` the catalog code parsed from it, or None when nothing
    matched: the claim is then kept with its raw text, and flagged.
    """

    exemption: str | None
    justification: str | None = None
    foreseeable_harm: str | None = None
    statute: str | None = None
    raw: str | None = None


def add_index(session: Session, title: str, author: IndexAuthor, *,
              served_on: date | None = None, request: FoiaRequest | None = None,
              production: Production | None = None,
              source_name: str | None = None) -> VaughnIndex:
    index = VaughnIndex(title=title, author=author, served_on=served_on,
                        request_id=request.id if request else None,
                        production_id=production.id if production else None,
                        source_name=source_name)
    session.add(index)
    session.flush()
    return index


def find_index(session: Session, key: str | None) -> VaughnIndex:
    if key:
        return by_key(session, VaughnIndex, key, VaughnIndex.title, what="Vaughn index")
    indexes = session.scalars(select(VaughnIndex).order_by(VaughnIndex.id)).all()
    if not indexes:
        raise InputError("The case has no Vaughn index yet (casefile vaughn import, or "
                         "casefile add index).")
    if len(indexes) > 1:
        names = "; ".join(f"{i.id} {i.title}" for i in indexes[:8])
        raise InputError(f"Name the Vaughn index with --index (its number or title): {names}.")
    return indexes[0]


def add_record(
    session: Session,
    index: VaughnIndex,
    entry_no: str,
    *,
    claims: Sequence[Claim] = (),
    bates_begin: str | None = None,
    bates_end: str | None = None,
    doc_date: date | None = None,
    doc_type: str | None = None,
    author: str | None = None,
    recipients: str | None = None,
    pages: int | None = None,
    description: str | None = None,
    disposition: Disposition | None = None,
    segregability: str | None = None,
    challenge_state: ChallengeState = ChallengeState.NOT_REVIEWED,
    challenge_argument: str | None = None,
) -> Record:
    if not entry_no.strip():
        raise InputError("A Vaughn entry needs an entry number.")
    if pages is not None and pages < 1:
        raise InputError("A Vaughn entry covers at least one page; leave Pages empty if "
                         "the index does not say.")
    bates_range_rises(bates_begin, bates_end)
    entry_no = entry_no.strip()
    edits.numbering(session, index)
    clash = session.scalar(select(Record.id).where(Record.index_id == index.id,
                                                   Record.entry_no == entry_no))
    if clash is not None:
        raise InputError(f"{index.title} already has an entry {entry_no}.")
    position = session.scalar(
        select(func.coalesce(func.max(Record.position), 0)).where(Record.index_id == index.id)
    ) + 1
    withholdings = make_withholdings(Catalog(session), claims)
    record = Record(
        index=index, position=position, entry_no=entry_no, bates_begin=bates_begin,
        bates_end=bates_end or bates_begin, doc_date=doc_date, doc_type=doc_type,
        author=author, recipients=recipients, pages=pages, description=description,
        disposition=disposition, segregability=segregability,
        challenge_state=challenge_state, challenge_argument=challenge_argument,
        withholdings=withholdings,
    )
    session.add(record)
    session.flush()
    return record


class Catalog:
    """The exemption catalog by code, loaded once for a batch of entries."""

    def __init__(self, session: Session):
        self.session = session
        self.by_code = {e.code: e for e in exemptions.catalog(session)}

    def resolve(self, claim: Claim) -> Exemption | None:
        if claim.raw is None:  # typed by the user: it must be in the catalog
            return exemptions.find(self.session, claim.exemption or "")
        code = exemptions.normalise(claim.exemption) if claim.exemption else None
        return self.by_code.get(code) if code else None


def next_entry_no(session: Session, index: VaughnIndex) -> str:
    """The number a new entry takes: one past the highest whole number in use
    (the index held until the transaction ends, so no one else takes it meanwhile)."""
    edits.numbering(session, index)
    numbers = [int(n) for n in session.scalars(select(Record.entry_no).where(
        Record.index_id == index.id)) if n.isdigit()]
    return str(max(numbers, default=0) + 1)


def withholding_rows(catalog: Catalog, claims: Sequence[Claim]) -> list[dict]:
    """One withholding per exemption: "b7C" and "(b)(7)(C)" are the same claim."""
    rows: list[dict] = []
    seen: set[int] = set()
    for claim in claims:
        exemption = catalog.resolve(claim)
        if exemption is not None:
            if exemption.id in seen:
                continue
            seen.add(exemption.id)
        rows.append({
            "position": len(rows), "exemption_id": exemption.id if exemption else None,
            "justification": claim.justification, "foreseeable_harm": claim.foreseeable_harm,
            "statute": claim.statute,
            "raw_text": claim.raw if claim.raw is not None else claim.exemption,
        })
    return rows


def make_withholdings(catalog: Catalog, claims: Sequence[Claim]) -> list[Withholding]:
    return [Withholding(**row) for row in withholding_rows(catalog, claims)]


_EDITABLE = {"entry_no", "bates_begin", "bates_end", "doc_date", "doc_date_text", "doc_type",
             "author", "recipients", "pages", "description", "disposition", "segregability"}


def update_record(session: Session, record: Record, **changes) -> Record:
    """Change the given fields of an entry (``None`` clears a field)."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InputError(f"A Vaughn entry has no field {sorted(unknown)[0]!r}.")
    if "entry_no" in changes:
        entry_no = (changes["entry_no"] or "").strip()
        if not entry_no:
            raise InputError("A Vaughn entry needs an entry number.")
        clash = session.scalar(select(Record.id).where(
            Record.index_id == record.index_id, Record.entry_no == entry_no,
            Record.id != record.id))
        if clash is not None:
            raise InputError(f"{record.index.title} already has an entry {entry_no}.")
        changes["entry_no"] = entry_no
    if changes.get("pages") is not None and changes["pages"] < 1:
        raise InputError("A Vaughn entry covers at least one page; leave Pages empty if "
                         "the index does not say.")
    if "bates_begin" in changes or "bates_end" in changes:
        bates_range_rises(changes.get("bates_begin", record.bates_begin),
                          changes.get("bates_end", record.bates_end))
    if "doc_date" in changes and changes["doc_date"] is not None:
        changes.setdefault("doc_date_text", None)
    for name, value in changes.items():
        setattr(record, name, value)
    if "bates_begin" in changes and "bates_end" not in changes and record.bates_end is None:
        record.bates_end = record.bates_begin
    edits.flush(session)
    return record


def set_claims(session: Session, record: Record, claims: Sequence[Claim]) -> Record:
    """Replace the entry's exemptions and their justifications."""
    record.withholdings = make_withholdings(Catalog(session), claims)
    session.flush()
    return record


def pages_of(session: Session, record: Record) -> list[DocumentPage]:
    """The produced pages an entry covers, found by their Bates numbers."""
    if not record.bates_begin:
        return []
    end = record.bates_end or record.bates_begin
    # Zero-padded numbers with one prefix compare as strings in Bates order.
    if len(end) != len(record.bates_begin):
        return list(session.scalars(select(DocumentPage).where(
            DocumentPage.bates.in_([record.bates_begin, end]))))
    return list(session.scalars(
        select(DocumentPage).where(DocumentPage.bates >= record.bates_begin,
                                   DocumentPage.bates <= end)
        .order_by(DocumentPage.bates)))
