"""The case's lists as tables that sort and filter in SQL, a page at a time.

A Vaughn index may hold 20,000 entries. The window keeps only their ids in
order and asks for the few rows on screen (as Anki's card browser does);
sorting and filtering are one query each, where the data is. Sorting 50,000
rows through Qt's proxy model took 11 s; the same ORDER BY takes a fraction
of a second. These functions know nothing of Qt: the tests and any other
front end call them as the window does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from casefile.display import human_size
from casefile.file_kinds import kind_name
from casefile.store.models import (
    Agency,
    Blob,
    Correspondence,
    Counsel,
    Declaration,
    DeclarationParagraph,
    Direction,
    Document,
    Exemption,
    FoiaRequest,
    Party,
    Production,
    ProductionDocument,
    Record,
    Withholding,
)

ROWS_PER_FETCH = 100  # rows read per query while scrolling: a screenful or three


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:  # most cells: no further test (this runs per cell shown)
        return value
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, date):
        return f"{value:%b} {value.day}, {value.year}"
    return str(value)


def _date_or_text(value: Any) -> str:
    """A date as the agency wrote it ("Spring 2019"), or a stored date in court style."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _text(date.fromisoformat(value))
    return _text(value)


@dataclass(frozen=True)
class Column:
    title: str
    value: ColumnElement  # what is read for the cell
    order: ColumnElement | None = None  # what it sorts by, when not the value itself
    show: Callable[[Any], str] = _text
    numeric: bool = False  # right-aligned
    shown: bool = True  # shown until the user chooses otherwise
    searched: bool = True  # the filter box looks in it
    width: int = 16  # characters a column starts with, before the user resizes it
    # A condition for "this cell contains the LIKE pattern", where testing the
    # value itself is slow (a correlated subquery per row).
    contains: Callable[[str], ColumnElement] | None = None

    @property
    def sort_key(self) -> ColumnElement:
        return self.order if self.order is not None else self.value


@dataclass(frozen=True)
class Table:
    key: str
    id: ColumnElement
    columns: tuple[Column, ...]
    # A condition limiting the rows to one parent (the entries of one index).
    scope: Callable[[int], ColumnElement] | None = None
    joins: Callable[[Any], Any] = field(default=lambda query: query)
    default_order: tuple[ColumnElement, ...] = ()

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


def ids(session: Session, table: Table, *, sort: int | None = None, descending: bool = False,
        text: str = "", scope: int | None = None) -> list[int]:
    """The ids of the rows to show, in order: sorted by column ``sort``, filtered
    to rows where any searched column contains ``text`` (any case)."""
    query = table.joins(select(table.id))
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL's LIKE minds case and refuses a number: ILIKE on the text.
        def contains(value, pattern):
            return cast(value, String).ilike(pattern, escape="\\")
    else:
        def contains(value, pattern):
            return type_coerce(value, String).like(pattern, escape="\\")
    conditions = []
    if scope is not None and table.scope is not None:
        conditions.append(table.scope(scope))
    words = [_as_label(w) for w in text.split()]
    if words:
        # Every word somewhere in the row: "b5 draft" finds draft memos withheld
        # under (b)(5). SQLite's LIKE ignores ASCII case already; ilike's lower()
        # on every cell doubled the time.
        searched = [c for c in table.columns if c.searched]
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") \
                + "%"
            conditions.append(or_(*(
                c.contains(pattern) if c.contains is not None
                else contains(c.value, pattern)
                for c in searched)))
    if conditions:
        query = query.where(and_(*conditions))
    order: list = []
    if sort is not None:
        key = table.columns[sort].sort_key
        # Empty cells last either way: an attorney sorting by date wants the dated first.
        order += [key.is_(None), key.desc() if descending else key.asc()]
    order += [*table.default_order, table.id]
    return list(session.scalars(query.order_by(*order)))


_SHORT_EXEMPTION = re.compile(r"\(?b\)?\(?([1-9])\)?(?:\(?([a-f])\)?)?", re.I)


def _as_label(word: str) -> str:
    """"b5" or "b7c", as attorneys type them, in the index's form: "(b)(5)", "(b)(7)(C)"."""
    m = _SHORT_EXEMPTION.fullmatch(word)
    if not m or (m[2] and m[1] != "7"):
        return word
    return f"(b)({m[1]})" + (f"({m[2].upper()})" if m[2] else "")


def rows(session: Session, table: Table, wanted: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The shown text of each wanted row's cells, by id."""
    if not wanted:
        return {}
    query = table.joins(select(table.id, *(c.value for c in table.columns)))
    out = {}
    for row in session.execute(query.where(table.id.in_(list(wanted)))):
        out[row[0]] = tuple(c.show(v) for c, v in zip(table.columns, row[1:], strict=True))
    return out


# --- the tables ---------------------------------------------------------------------------

# Media types as an attorney names them.

_exemptions = (
    # group_concat on SQLite, string_agg on PostgreSQL.
    select(func.aggregate_strings(func.coalesce(Exemption.label, Withholding.raw_text), "; "))
    .select_from(Withholding)
    .outerjoin(Exemption, Exemption.id == Withholding.exemption_id)
    .where(Withholding.record_id == Record.id)
    .correlate(Record)
    .scalar_subquery()
)

def _bates_range(begin: ColumnElement, end: ColumnElement) -> ColumnElement:
    """"ICE-000007 – ICE-000010", or the one number when the range is one page."""
    return case((and_(end.is_not(None), end != begin), begin + " – " + end), else_=begin)


RECORDS = Table(
    "records", Record.id,
    (
        Column("No.", Record.entry_no, order=Record.position, width=6),
        Column("Bates", _bates_range(Record.bates_begin, Record.bates_end),
               order=Record.bates_begin, width=22),
        Column("Date", func.coalesce(Record.doc_date_text, cast(Record.doc_date, String)),
               order=Record.doc_date, show=_date_or_text, width=14),
        Column("Type", Record.doc_type, width=12),
        Column("Author", Record.author, shown=False),
        Column("Recipients", Record.recipients, shown=False),
        Column("Pages", Record.pages, numeric=True, width=6, shown=False),
        Column("Description", Record.description, width=26),
        Column("Exemptions", _exemptions, width=22, contains=lambda pattern: Record.id.in_(
            select(Withholding.record_id)
            .outerjoin(Exemption, Exemption.id == Withholding.exemption_id)
            .where(or_(Exemption.label.like(pattern, escape="\\"),
                       Withholding.raw_text.like(pattern, escape="\\"))))),
        Column("Disposition", Record.disposition, shown=False),
        Column("Challenge", Record.challenge_state, width=13),
    ),
    scope=lambda index_id: Record.index_id == index_id,
    default_order=(Record.position,),
)

REQUESTS = Table(
    "requests", FoiaRequest.id,
    (
        Column("Agency", Agency.abbreviation),
        Column("Tracking no.", FoiaRequest.tracking_no, width=20),
        Column("Sent", FoiaRequest.date_sent),
        Column("Received", FoiaRequest.date_received, shown=False),
        Column("Status", FoiaRequest.status),
        Column("Subject", FoiaRequest.subject, width=50),
        Column("Requester", FoiaRequest.requester, shown=False),
    ),
    joins=lambda q: q.join(Agency, Agency.id == FoiaRequest.agency_id),
    default_order=(FoiaRequest.date_sent,),
)

CORRESPONDENCE = Table(
    "correspondence", Correspondence.id,
    (
        Column("Date", Correspondence.dated, width=12),
        Column("Kind", Correspondence.kind, show=lambda v: _text(v).capitalize(), width=19),
        # The other side of the letter, whichever way it went: two requests sent the same
        # day to two agencies differ here, not in "From".
        Column("With", case((Correspondence.direction == Direction.OUTGOING,
                             Correspondence.recipient), else_=Correspondence.sender), width=22),
        Column("In/out", Correspondence.direction, width=6, searched=False,
               show=lambda v: "Out" if v == Direction.OUTGOING else "In" if v else ""),
        Column("From", Correspondence.sender, shown=False),
        Column("To", Correspondence.recipient, shown=False),
        Column("Subject", Correspondence.subject, width=50),
    ),
    default_order=(Correspondence.dated,),
)

DOCUMENTS = Table(
    "documents", Document.id,
    (
        Column("Name", func.coalesce(Document.origin, Document.name), width=36),
        Column("Title", Document.title, shown=False),
        # Hidden in the window at first: the name's extension mostly says it, and the
        # name needs the room beside the page and the privacy check.
        Column("Type", Document.media_type, show=kind_name, width=15, shown=False),
        Column("Pages", Document.page_count, numeric=True, width=7),
        Column("Size", Blob.size, show=lambda v: human_size(v) if v is not None else "",
               numeric=True, searched=False),
        # Hidden at first too: the document's own page has the box; the column is a
        # right-click away on the header.
        Column("Privileged", Document.privileged, show=lambda v: "privileged" if v else "",
               searched=False, shown=False),
    ),
    joins=lambda q: q.join(Blob, Blob.id == Document.blob_id),
    # Scoped to a production: the documents it delivered.
    scope=lambda production_id: Document.id.in_(
        select(ProductionDocument.document_id)
        .where(ProductionDocument.production_id == production_id)),
)

PRODUCTIONS = Table(
    "productions", Production.id,
    (
        Column("Produced", Production.produced_on, width=14),
        Column("Title", Production.title, width=40),
        Column("Bates", _bates_range(Production.bates_begin, Production.bates_end),
               order=Production.bates_begin, width=36),
        Column("Released in full", Production.pages_released_full, numeric=True, width=8,
               searched=False),
        Column("In part", Production.pages_released_part, numeric=True, width=8,
               searched=False),
        Column("Withheld", Production.pages_withheld_full, numeric=True, width=8,
               searched=False),
    ),
    default_order=(Production.produced_on,),
)

_paragraph_count = (select(func.count()).where(DeclarationParagraph.declaration_id
                                              == Declaration.id)
                    .correlate(Declaration).scalar_subquery())

DECLARATIONS = Table(
    "declarations", Declaration.id,
    (
        Column("Declarant", Declaration.declarant),
        Column("Title", Declaration.title, width=40),
        Column("Executed", Declaration.executed_on),
        Column("Paragraphs", _paragraph_count, numeric=True, searched=False),
    ),
)

_parent = aliased(Agency)

AGENCIES = Table(
    "agencies", Agency.id,
    (
        Column("Abbreviation", Agency.abbreviation),
        Column("Name", Agency.name, width=40),
        # The department a component belongs to: its deadline rules are the department's.
        Column("Part of", select(_parent.abbreviation).where(_parent.id == Agency.parent_id)
               .correlate(Agency).scalar_subquery(), width=10),
        Column("FOIA office", Agency.foia_office),
        Column("Email", Agency.email, shown=False),
    ),
)

PARTIES = Table(
    "parties", Party.id,
    (
        Column("Role", Party.role, width=10),
        Column("Name", Party.name, width=36),
        Column("Short name", Party.short_name, width=10),
        Column("Description", Party.description, shown=False, width=40),
    ),
    default_order=(Party.position, Party.id),
)

_appears_for = aliased(Party)

COUNSEL = Table(
    "counsel", Counsel.id,
    (
        Column("Name", Counsel.name, width=24),
        # No party is the plaintiffs as a whole: the usual case of our own lawyers.
        Column("For", func.coalesce(select(_appears_for.name).where(
            _appears_for.id == Counsel.party_id).correlate(Counsel).scalar_subquery(),
            "Plaintiffs"), width=20),
        Column("Bar no.", Counsel.bar_no, width=12),
        Column("Firm", Counsel.firm, width=24),
        Column("Email", Counsel.email, shown=False),
    ),
    default_order=(Counsel.is_lead.desc(), Counsel.id),
)

TABLES: dict[str, Table] = {t.key: t for t in (RECORDS, REQUESTS, CORRESPONDENCE, DOCUMENTS,
                                                PRODUCTIONS, DECLARATIONS, AGENCIES, PARTIES,
                                                COUNSEL)}
