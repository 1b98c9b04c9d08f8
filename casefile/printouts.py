"""What the window prints: the agenda, the chronology, a Vaughn index and its
review, as titled tables of plain text, with no Qt in them.

Each printout is built from the functions the CLI and the Word exports use
(``deadlines.agenda``, ``deadlines.chronology``, ``vaughn.export.cell``,
``vaughn.review``), so a printed page says what ``casefile deadlines`` or an
exported index says. ``ui/printing.py`` lays the tables out on the printer's
pages (header, footer, repeated column headings); the tests read the same
rows from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.errors import InputError, NotFound
from casefile.store.models import Document, Exemption, FoiaRequest, Matter, VaughnIndex

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Column:
    title: str
    weight: int  # share of the width left once every column fits its longest word
    numeric: bool = False  # right-aligned
    whole: bool = False  # each line never wrapped: a date, "in 3 days", a Bates number


@dataclass
class Block:
    """One part of a printout: a heading, paragraphs, then a table (any may be empty)."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    columns: tuple[Column, ...] = ()
    rows: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class Printout:
    title: str  # "Vaughn index: ICE Vaughn index"
    caption: str  # every page's header: the case, its number, its court
    printed_on: date
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""  # under the title on the first page ("As of June 1, 2021")
    landscape: bool = False
    marking: str = ""  # on every page: "Privileged & Confidential — Attorney Work Product"
    font_size: float = 10.5  # of the tables' text, in points

    @property
    def rows(self) -> int:
        return sum(len(b.rows) for b in self.blocks)

    def text(self) -> str:
        """The printout as plain text (what pdftotext should find, in order)."""
        out = [self.caption, self.title, self.subtitle]
        for b in self.blocks:
            out += [b.heading, *b.paragraphs, "\t".join(c.title for c in b.columns)]
            out += ["\t".join(r) for r in b.rows]
        return "\n".join(x for x in out if x)


def case_caption(session: Session) -> str:
    """"IDP v. DHS, No. 1:20-cv-08000 (S.D.N.Y.)": the case as a page header names it."""
    matters = session.scalars(select(Matter).order_by(Matter.id).limit(2)).all()
    if len(matters) != 1:
        return "Casefile"  # no lawsuit yet (or several): the file's own name is in the title
    m = matters[0]
    name = m.short_title or (m.caption or "").splitlines()[0]
    number = f", No. {m.docket_no}" if m.docket_no else ""
    court = f" ({m.court})" if m.court else ""
    return f"{name}{number}{court}"


# --- the deadline agenda -------------------------------------------------------------------

AGENDA_COLUMNS = (Column("Date", 1, whole=True), Column("What is due", 10),
                  Column("Request / matter", 6), Column("Owed by", 2),
                  Column("When", 1, whole=True), Column("Rule and citation", 14))


def agenda_printout(session: Session, today: date, printed_on: date | None = None
                    ) -> Printout:
    """The agenda in the window's groups and order, each date with its rule, citation
    and warnings, as ``casefile deadlines`` prints them."""
    from casefile.deadlines.agenda import Standing, agenda

    listed = agenda(session, today)
    out = Printout("Deadlines", case_caption(session), printed_on or date.today(),
                   subtitle=f"As of {long_date(today)}", landscape=True, font_size=10)
    if listed.uncounted:
        out.blocks.append(Block("Cannot be counted yet", [
            f"{u.label}: " + " ".join(u.warnings) for u in listed.uncounted]))
    for standing in Standing:
        chosen = [i for i in listed.items if i.standing is standing]
        if not chosen:
            continue
        rows = []
        for item in chosen:
            cited = ". ".join(x for x in (item.counted_rule or item.rule,
                                          item.counted_citation or item.citation) if x)
            notes = [cited + "." if cited else ""]
            if item.source:
                notes.append(f"Source: {item.source}.")
            if item.counts:
                notes.append(item.counts)
            notes += [f"Warning: {w}" for w in item.warnings]
            owner = item.owner.value if item.owner is not None else "—"
            rows.append((long_date(item.due), item.title, item.belongs_to, owner,
                         item.when(today), "\n".join(n for n in notes if n)))
        out.blocks.append(Block(f"{standing.value} ({len(chosen):,})", columns=AGENDA_COLUMNS,
                                rows=rows))
    if not out.blocks:
        out.blocks.append(Block(paragraphs=["No deadlines in this case."]))
    return out


# --- the exhaustion chronology -------------------------------------------------------------

CHRONOLOGY_COLUMNS = (Column("No.", 1, numeric=True), Column("Date", 1, whole=True),
                      Column("Event", 20))


def chronology_printout(session: Session, today: date, request_id: int | None = None,
                        printed_on: date | None = None) -> Printout:
    """Each request's events in the sentences a complaint uses (``casefile chronology``),
    numbered as the CLI numbers them; one request, or all of them."""
    from casefile.deadlines.chronology import chronology

    if request_id is not None:
        request = session.get(FoiaRequest, request_id)
        if request is None:
            raise NotFound("That request is no longer in the case.")
        requests = [request]
    else:
        requests = list(session.scalars(select(FoiaRequest).order_by(FoiaRequest.id)))
    out = Printout("Exhaustion chronology", case_caption(session), printed_on or date.today(),
                   subtitle=f"As of {long_date(today)}")
    for request in requests:
        label = f"{request.agency.abbreviation} {request.tracking_no or ''}".rstrip()
        events = chronology(session, request, today)
        rows = [(f"{n}.", long_date(e.day), e.sentence) for n, e in enumerate(events, 1)]
        out.blocks.append(Block(f"{label}: {request.subject}", columns=CHRONOLOGY_COLUMNS,
                                rows=rows) if rows else
                          Block(f"{label}: {request.subject}", ["No events recorded yet."]))
    if not out.blocks:
        out.blocks.append(Block(paragraphs=["No requests in this case."]))
    return out


# --- a Vaughn index and its review ---------------------------------------------------------


def vaughn_printout(session: Session, index_id: int, *, include_strategy: bool = False,
                    printed_on: date | None = None, progress: Progress | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> Printout:
    """The index as the Word export writes it for the court: the columns some entry
    fills, each cell as ``export.cell`` writes it; with the strategy columns only
    when asked, and then marked as work product on every page."""
    from casefile.vaughn import data, export
    from casefile.vaughn.columns import FIELDS

    index = session.get(VaughnIndex, index_id)
    if index is None:
        raise NotFound("That Vaughn index is no longer in the case.")
    entries = data.entries(session, index.id)
    fields = export.choose_fields(None, include_strategy)
    fields = [f for f in fields if f == "entry_no" or any(export.cell(e, f) for e in entries)]
    rows = []
    for n, e in enumerate(entries):
        if n % 1000 == 0:
            if cancelled():
                break
            if progress is not None:
                progress(n, len(entries), "Reading the entries")
        row = [export.cell(e, f) for f in fields]
        if "bates" in fields:  # a range on two lines, broken after its dash, as in Word
            i = fields.index("bates")
            row[i] = row[i].replace(" – ", " –\n")
        rows.append(tuple(row))
    columns = tuple(Column(FIELDS[f], _VAUGHN_WEIGHT.get(f, 6), numeric=f == "pages",
                           whole=f in ("doc_date", "bates")) for f in fields)
    facts = export._facts(session, index)
    used = {h.code for e in entries for h in e.held if h.code}
    legend = []
    if used:
        catalog = session.scalars(select(Exemption).order_by(Exemption.position)).all()
        legend.append("Exemptions cited (5 U.S.C. § 552(b)): " + "; ".join(
            f"{e.label} — {e.name}" for e in catalog if e.code in used) + ".")
    out = Printout(f"Vaughn index: {index.title}", case_caption(session),
                   printed_on or date.today(), subtitle="; ".join(facts), landscape=True,
                   marking=export.WORK_PRODUCT if include_strategy else "", font_size=8.5)
    out.blocks.append(Block(paragraphs=legend, columns=columns, rows=rows) if rows else
                      Block(paragraphs=legend + ["This index has no entries."]))
    return out


# The export's weights, for a page: justification and description get the room.
_VAUGHN_WEIGHT = {"entry_no": 1, "bates": 2, "doc_date": 2, "doc_type": 3, "author": 5,
                  "recipients": 5, "pages": 1, "description": 14, "disposition": 3,
                  "exemptions": 3, "statute": 5, "justification": 24, "foreseeable_harm": 14,
                  "segregability": 8, "challenge_state": 3, "challenge_argument": 14,
                  "challenge_citations": 10}

REVIEW_SUMMARY = (Column("Shortcoming", 10), Column("Flags", 2, numeric=True),
                  Column("Authority", 12))
BOILERPLATE = (Column("Text", 1, numeric=True), Column("Justification as written", 16),
               Column("Used for", 5), Column("Entries", 9))
FLAGS = (Column("Entry", 2), Column("Bates", 1, whole=True), Column("Reason", 18))


def review_printout(session: Session, index_id: int, *, today: date | None = None,
                    printed_on: date | None = None) -> Printout:
    """The review of an index as ``vaughn.report.to_docx`` writes it: the shortcomings
    counted, the boilerplate texts, then each flag with its reason and authority."""
    from casefile.vaughn.report import _short, entry_list
    from casefile.vaughn.review import CHECKS, review

    index = session.get(VaughnIndex, index_id)
    if index is None:
        raise NotFound("That Vaughn index is no longer in the case.")
    result = review(session, index, today=today)
    counts = result.counts()
    out = Printout(f"Review of {result.index_title}", case_caption(session),
                   printed_on or date.today(), landscape=True, font_size=9.5)
    out.blocks.append(Block(paragraphs=[
        f"The index has {result.entries:,} entries claiming {result.withholdings:,} "
        f"withholdings. {result.flagged_entries():,} entries fall short in one or more of "
        "the ways below; each is listed with its reason and the authority for the "
        "requirement."],
        columns=REVIEW_SUMMARY,
        rows=[(CHECKS[c][0], f"{counts[c]:,}", result.authority(c)) for c in CHECKS
              if counts[c]]))
    if result.groups:
        out.blocks.append(Block("Boilerplate justifications", columns=BOILERPLATE, rows=[
            (f"{n}", _short(g.text),
             f"{g.withholdings:,} withholdings in {g.entries:,} entries"
             + (f"; {g.variants} near-identical wordings" if g.variants > 1 else ""),
             entry_list(g.entry_nos)) for n, g in enumerate(result.groups, 1)]))
    for check, (title, _default) in CHECKS.items():
        flags = [f for f in result.flags if f.check == check and check != "boilerplate"]
        if flags:
            out.blocks.append(Block(title, [result.authority(check)], FLAGS,
                                    [(f.entry_no or "—", f.bates, f.reason) for f in flags]))
    return out



# --- a stored PDF --------------------------------------------------------------------------

@dataclass
class DocumentPages:
    """A stored PDF to print: its bytes, its name for the header, its page count."""

    name: str
    data: bytes
    caption: str
    printed_on: date
    page_count: int
    title: str = ""


def document_heading(session: Session, document_id: int) -> tuple[str, int | None] | None:
    """A document's name as the print dialog offers it and its page count (None: gone)."""
    document = session.get(Document, document_id)
    if document is None:
        return None
    return document.origin or document.name, document.page_count


def stored_pdf(session: Session, document_id: int, printed_on: date) -> DocumentPages:
    """A stored document's bytes for printing; only a PDF can be printed from the window."""
    from casefile.store import blobs

    document = session.get(Document, document_id)
    if document is None:
        raise NotFound("That document is no longer in the case.")
    name = document.origin or document.name
    if document.media_type != "application/pdf":
        raise InputError(f"{name} is not a PDF, so it cannot be printed from here; open it "
                         "from its folder to print it.")
    return DocumentPages(name, blobs.read_bytes(session, document.blob_id),
                         case_caption(session), printed_on, document.page_count or 0,
                         title=document.title or name)
