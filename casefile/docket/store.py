"""The docket in the case file: importing a report, the entries, their documents,
and the dates orders set, proposed and then accepted or rejected.

An import first stores the file as any import does (a document of the case,
its text indexed, read in the reader child), in its own transaction: whatever
the file turns out to be, nothing is lost. Then, if it is a district court's
docket report, its entries are written in a second transaction: a re-import
adds what is new and updates what changed (entries are keyed by their number;
an unnumbered minute entry by its date and text), never repeating one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from casefile import jobs
from casefile.dates import long_date
from casefile.display import shown
from casefile.docket.orders import proposals as read_proposals
from casefile.docket.parse import Docket, NotADocket, core_number, parse_html, parse_pages
from casefile.errors import InputError, NotFound
from casefile.store.case import CaseFile
from casefile.store.models import (
    DeadlineKind,
    DocketEntry,
    DocketEntryDocument,
    DocketProposal,
    Document,
    DocumentPage,
    Exhibit,
    ExhibitSet,
    Filing,
    Matter,
    ProposalState,
)

# A docket report of 10,000 entries is about 10 MB of HTML; anything far larger is
# not one, and is stored without being parsed.
MAX_REPORT_BYTES = 64 * 1024**2
# The file has already been read by the reader child (add_document). A report up to
# this size is parsed here: lxml's HTML parser fetches nothing, expands no entities,
# and on a few MB needs tens of MB; a second child would cost more than the whole
# import (0.5 to 3 s to start, measured in bench/bench_docket.py). A larger one is
# parsed in a child with the reading limits, where a bomb costs only the child.
IN_PROCESS_BYTES = 4 * 1024**2
_HTML = re.compile(rb"<\s*(html|table|body|!doctype)", re.IGNORECASE)


@dataclass
class DocketImport:
    """What one import did, said in lines for the CLI and the window."""

    name: str
    document_id: int | None = None
    refused: str = ""  # why it is not a docket report; the file is stored all the same
    case_no: str = ""
    court: str = ""
    matter_id: int | None = None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    proposed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def is_docket(self) -> bool:
        return not self.refused

    def lines(self) -> list[str]:
        if self.refused:
            return [f"{self.refused}; stored as an ordinary document"
                    f"{f' (document {self.document_id})' if self.document_id else ''}."]
        total = self.added + self.updated + self.unchanged
        out = [f"Docket of {shown(self.case_no)} ({shown(self.court)}): {total:,} entr"
               f"{'y' if total == 1 else 'ies'}, {self.added:,} new, {self.updated:,} "
               f"updated, {self.unchanged:,} unchanged."]
        if self.linked:
            out.append(f"{self.linked:,} entr{'y' if self.linked == 1 else 'ies'} linked to "
                       "documents already in the case.")
        if self.proposed:
            out.append(f"{self.proposed:,} date{'s' if self.proposed != 1 else ''} set by "
                       "the court proposed as deadlines: they count once accepted "
                       "('casefile docket proposals').")
        return out + self.notes


# --- importing ----------------------------------------------------------------------------


def import_docket(case: CaseFile, path: Path | str, *, reader=None) -> DocketImport:
    """Store ``path`` in the case and, if it is a PACER docket report, its entries."""
    from casefile.ingest import add_document, kinds

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; name the saved docket report.")
    if not path.is_file():
        raise InputError(f"{path} does not exist.")
    result = DocketImport(path.name)
    with path.open("rb") as f:
        head = f.read(4096)
    kind = kinds.detect(path, head)
    with case.transaction() as s:
        document, _ = add_document(s, path, reader=reader)
        result.document_id = document.id
        pages = [t or "" for t in s.scalars(
            select(DocumentPage.text).where(DocumentPage.document_id == document.id)
            .order_by(DocumentPage.page_no))]
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise NotADocket(f"{path.name} is not a PACER docket report (it is "
                             f"{path.stat().st_size / 1e6:,.0f} MB, far larger than one)")
        if kind != kinds.PDF and _HTML.search(head):
            data = path.read_bytes()
            docket = (parse_html(data, path.name) if len(data) <= IN_PROCESS_BYTES
                      else jobs.call_in_child(parse_html, data, path.name))
        else:
            docket = parse_pages(pages, path.name)
    except NotADocket as exc:
        result.refused = exc.message
        return result
    with case.transaction() as s:
        store_docket(s, docket, s.get(Document, result.document_id), result)
    return result


def _key(number: int | None, filed_on: date, text: str) -> str:
    if number is not None:
        return str(number)
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]
    return f"d{filed_on.isoformat()}:{digest}"


def _matter_for(session: Session, docket: Docket, result: DocketImport) -> Matter:
    """The lawsuit the docket is of: the one with its number, else the case's only
    lawsuit with no number yet, else a new one made from the report's header."""
    from casefile.matter import add_matter

    matters = list(session.scalars(select(Matter).order_by(Matter.id)))
    same = [m for m in matters if m.docket_no and core_number(m.docket_no) == docket.core_no]
    if same:
        matter = same[0]
    elif len(matters) == 1 and not matters[0].docket_no:
        matter = matters[0]
        matter.docket_no = docket.case_no
    elif matters:
        numbers = ", ".join(m.docket_no or m.short_title for m in matters)
        raise NotADocket(f"{result.name} is the docket of {docket.case_no}, and this case's "
                         f"lawsuit is {numbers}: it is not this case's docket")
    else:
        caption = docket.caption or docket.case_no
        short = caption if len(caption) <= 200 else caption[:199] + "…"
        matter = add_matter(session, caption, short, docket_no=docket.case_no)
        result.notes.append(f"The lawsuit {shown(short)} was made from the report's header.")
    # Fill what the user has not entered; never overwrite what they have.
    from casefile.deadlines.court import find_court

    known = find_court(docket.court)
    if not matter.court:
        matter.court = known.name if known else docket.court
    if not matter.judge and docket.judge:
        matter.judge = docket.judge
    if not matter.filed_on and docket.filed_on:
        matter.filed_on = docket.filed_on
    return matter


def _state_of(matter: Matter, docket: Docket | None = None) -> str | None:
    from casefile.deadlines.court import find_court

    court = find_court(docket.court if docket else None) or find_court(matter.court)
    return court.state if court else None


def store_docket(session: Session, docket: Docket, source: Document | None,
                 result: DocketImport) -> DocketImport:
    """Write ``docket``'s entries (inside the caller's transaction)."""
    result.case_no, result.court = docket.case_no, docket.court
    try:
        matter = _matter_for(session, docket, result)
    except NotADocket as exc:
        result.refused = exc.message
        return result
    result.matter_id = matter.id
    state = _state_of(matter, docket)
    existing = {e.key: e for e in session.scalars(
        select(DocketEntry).where(DocketEntry.matter_id == matter.id)
        .options(selectinload(DocketEntry.proposals)))}
    base = max((e.position for e in existing.values()), default=0)
    new_rows: list[dict] = []
    changed: list[DocketEntry] = []
    for position, parsed in enumerate(docket.entries, 1):
        key = _key(parsed.number, parsed.filed_on, parsed.text)
        entry = existing.get(key)
        if entry is None:
            if any(row["key"] == key for row in new_rows[-1:]):
                continue  # the same minute entry printed twice (a page break)
            new_rows.append(dict(matter_id=matter.id, key=key, number=parsed.number,
                                 filed_on=parsed.filed_on, text=parsed.text,
                                 position=base + position,
                                 source_document_id=source.id if source else None))
        elif entry.text != parsed.text or entry.filed_on != parsed.filed_on:
            entry.text, entry.filed_on = parsed.text, parsed.filed_on
            entry.source_document_id = source.id if source else entry.source_document_id
            changed.append(entry)
        else:
            result.unchanged += 1
    result.added, result.updated = len(new_rows), len(changed)
    # One executemany for a new docket's thousand entries: the ORM's unit of work
    # took most of the import's time adding them one object at a time.
    wanted: list[tuple[int, str, date, int | None, set]] = []
    if new_rows:
        ids = session.execute(insert(DocketEntry).returning(DocketEntry.id, DocketEntry.key),
                              new_rows).all()
        by_key = {row["key"]: row for row in new_rows}
        wanted += [(entry_id, by_key[key]["text"], by_key[key]["filed_on"],
                    by_key[key]["number"], set()) for entry_id, key in ids]
    wanted += [(e.id, e.text, e.filed_on, e.number, {(p.due_on, p.title) for p in e.proposals})
               for e in changed]
    proposal_rows = []
    for entry_id, text, filed_on, number, have in wanted:
        for p in read_proposals(text, filed_on, number, state):
            if (p.due, p.title) not in have:
                have.add((p.due, p.title))
                proposal_rows.append(dict(entry_id=entry_id, title=p.title, due_on=p.due,
                                          phrase=p.phrase, rule=p.rule,
                                          state=ProposalState.PROPOSED))
    if proposal_rows:
        session.execute(insert(DocketProposal), proposal_rows)
    result.proposed = len(proposal_rows)
    session.flush()
    result.linked = link_documents(session, matter, docket.pacer_case_id)
    if not docket.entries:
        result.notes.append("The report lists no entries (was it run for a date range "
                            "with none?): only the lawsuit's details were read.")
    return result


# --- linking the case's documents ---------------------------------------------------------

# The stamp CM/ECF prints atop every page of a filed document:
# "Case 1:25-cv-00031-ABJ Document 12-3 Filed 03/14/25 Page 1 of 5".
_STAMP = re.compile(r"Case\s+(\d{1,2}:\d{2}-[a-z]{2,4}-\d{1,6})(?:-[A-Za-z0-9]{1,6})*\s+"
                    r"Document\s+(\d{1,6})(?:-(\d{1,4}))?\s+Filed", re.IGNORECASE)
# RECAP's names ("gov.uscourts.dcd.276543.12.3.pdf") and PACER's download names
# ("dcd-1_25-cv-00031-12.pdf", "dcd-1_25-cv-00031-12-3.pdf").
_RECAP = re.compile(r"^gov\.uscourts\.([a-z]+)\.(\d+)\.(\d+)\.(\d+)", re.IGNORECASE)
_PACER_NAME = re.compile(r"(\d{1,2})_(\d{2})-([a-z]{2,4})-0*(\d{1,6})-(\d{1,6})(?:-(\d{1,4}))?"
                         r"\.pdf$", re.IGNORECASE)


def link_documents(session: Session, matter: Matter, pacer_case_id: str | None = None) -> int:
    """Link each numbered entry of ``matter`` to the case's documents that are it
    (or its attachments): by the CM/ECF stamp on their first page, by their
    PACER or RECAP file name, or as exhibits of a filing of ours entered with
    that docket entry. Returns how many entries have a link."""
    core = core_number(matter.docket_no)
    entries = {e.number: e for e in session.scalars(
        select(DocketEntry).where(DocketEntry.matter_id == matter.id,
                                  DocketEntry.number.is_not(None))
        .options(selectinload(DocketEntry.documents)))}
    if not entries:
        return 0
    found: dict[tuple[int, int], tuple[int | None, str]] = {}
    for document_id, name in session.execute(select(Document.id, Document.name)):
        m = _RECAP.match(name)
        if m and pacer_case_id and m[2] == pacer_case_id:
            attachment = int(m[4]) or None
            found[(int(m[3]), document_id)] = (attachment, "RECAP file name")
            continue
        m = _PACER_NAME.search(name)
        if m and f"{int(m[1])}:{m[2]}-{m[3].lower()}-{m[4]}" == core:
            attachment = int(m[6]) if m[6] else None
            found[(int(m[5]), document_id)] = (attachment, "PACER file name")
    first_pages = session.execute(select(DocumentPage.document_id, DocumentPage.text)
                                  .where(DocumentPage.page_no == 1))
    for document_id, text in first_pages:
        m = _STAMP.search((text or "")[:600])
        if m and core_number(m[1]) == core:
            found.setdefault((int(m[2]), document_id),
                             (int(m[3]) if m[3] else None, "CM/ECF file stamp"))
    # Our own filings, entered with their docket entry: their exhibits are its attachments.
    filed = session.execute(
        select(Filing.docket_entry, Exhibit.document_id, Exhibit.position)
        .join(ExhibitSet, ExhibitSet.filing_id == Filing.id)
        .join(Exhibit, Exhibit.set_id == ExhibitSet.id)
        .where(Filing.matter_id == matter.id))
    for docket_entry, document_id, _position in filed:
        if (docket_entry or "").strip().isdigit():
            found.setdefault((int(docket_entry), document_id),
                             (None, "exhibit of our filing"))
    for (number, document_id), (attachment, how) in found.items():
        entry = entries.get(number)
        if entry is None or any(d.document_id == document_id for d in entry.documents):
            continue
        entry.documents.append(DocketEntryDocument(document_id=document_id,
                                                   attachment=attachment, how=how))
    session.flush()
    return sum(1 for e in entries.values() if e.documents)


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryRow:
    """One docket entry as the lists, the window and the timeline show it."""

    id: int
    matter_id: int
    number: int | None
    filed_on: date
    text: str
    document_ids: tuple[int, ...]
    proposals: int  # dates it sets that still wait for the user


def docket_entries(session: Session, matter_id: int | None = None) -> list[EntryRow]:
    """Every docket entry of the case (or of one lawsuit), in docket order."""
    query = (select(DocketEntry).options(selectinload(DocketEntry.documents),
                                         selectinload(DocketEntry.proposals))
             .order_by(DocketEntry.matter_id, DocketEntry.filed_on, DocketEntry.position))
    if matter_id is not None:
        query = query.where(DocketEntry.matter_id == matter_id)
    return [EntryRow(e.id, e.matter_id, e.number, e.filed_on, e.text,
                     tuple(d.document_id for d in e.documents),
                     sum(p.state is ProposalState.PROPOSED for p in e.proposals))
            for e in session.scalars(query)]


@dataclass(frozen=True)
class ProposalRow:
    id: int
    entry_id: int
    entry_number: int | None
    entry_filed_on: date
    title: str
    due_on: date
    phrase: str
    rule: str
    state: str
    deadline_id: int | None


def _row(p: DocketProposal) -> ProposalRow:
    return ProposalRow(p.id, p.entry_id, p.entry.number, p.entry.filed_on, p.title, p.due_on,
                       p.phrase, p.rule or "", p.state.value, p.deadline_id)


def docket_proposals(session: Session, *, every: bool = False) -> list[ProposalRow]:
    """The dates read from the docket still waiting (``every``: accepted and rejected too)."""
    query = (select(DocketProposal).join(DocketProposal.entry)
             .options(selectinload(DocketProposal.entry))
             .order_by(DocketProposal.due_on, DocketEntry.position, DocketProposal.id))
    if not every:
        query = query.where(DocketProposal.state == ProposalState.PROPOSED)
    return [_row(p) for p in session.scalars(query)]


def waiting_note(session: Session) -> str | None:
    """One line for the deadlines list: how many dates read from the docket wait to be
    accepted (they are not in the list until they are)."""
    from sqlalchemy import func

    n = session.scalar(select(func.count()).select_from(DocketProposal)
                       .where(DocketProposal.state == ProposalState.PROPOSED)) or 0
    if not n:
        return None
    return (f"{n} date{'s' if n != 1 else ''} set by the court, read from the docket, "
            f"wait{'s' if n == 1 else ''} to be accepted and {'is' if n == 1 else 'are'} "
            "not counted here: 'casefile docket proposals'.")


def _proposal(session: Session, proposal_id: int) -> DocketProposal:
    proposal = session.get(DocketProposal, proposal_id)
    if proposal is None:
        raise NotFound(f"There is no proposed date {proposal_id}; 'casefile docket "
                       "proposals' lists them.")
    return proposal


def accept_proposal(session: Session, proposal_id: int, *, title: str | None = None,
                    due_on: date | None = None) -> ProposalRow:
    """Make the proposed date a court deadline of the case (``title``/``due_on`` as
    corrected by the user). Undone by ``reject_proposal`` or ``reopen_proposal``."""
    from casefile.deadlines import add_deadline

    proposal = _proposal(session, proposal_id)
    if proposal.state is ProposalState.ACCEPTED and proposal.deadline is not None:
        raise InputError(f"Proposed date {proposal_id} is already a deadline "
                         f"({long_date(proposal.due_on)}).")
    entry = proposal.entry
    where = f"ECF No. {entry.number}" if entry.number is not None else \
        f"minute entry of {long_date(entry.filed_on)}"
    deadline = add_deadline(session, title or proposal.title, due_on or proposal.due_on,
                            kind=DeadlineKind.COURT, matter=entry.matter,
                            rule=(proposal.rule or f"Set by the court ({where})").rstrip("."),
                            citation=where)
    proposal.state, proposal.deadline = ProposalState.ACCEPTED, deadline
    session.flush()
    return _row(proposal)


def reject_proposal(session: Session, proposal_id: int) -> ProposalRow:
    """Not a deadline: kept as rejected so a re-import does not propose it again. An
    accepted one loses its deadline (unless it was marked done: then say so)."""
    proposal = _proposal(session, proposal_id)
    deadline = proposal.deadline
    if deadline is not None:
        if deadline.done_on is not None:
            raise InputError(f"Deadline {deadline.id} made from this date is marked done; "
                             "remove it from the deadlines if it should not be there.")
        proposal.deadline = None
        session.delete(deadline)
    proposal.state = ProposalState.REJECTED
    session.flush()
    return _row(proposal)


def reopen_proposal(session: Session, proposal_id: int) -> ProposalRow:
    """Back to proposed (the undo of accept or reject)."""
    proposal = _proposal(session, proposal_id)
    if proposal.deadline is not None:
        reject_proposal(session, proposal_id)
    proposal.state = ProposalState.PROPOSED
    session.flush()
    return _row(proposal)
