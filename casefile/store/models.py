"""The case file's schema: typed SQLAlchemy 2.0 models.

Conventions that every table follows, because case files will one day be
merged and may one day live on PostgreSQL:

- every entity has an integer key for joins and a stable ``uuid`` for merging;
- nothing here is SQLite-specific (pragmas, FTS, locking live in ``store.sqlite``);
- enumerations are stored as their string values with a CHECK constraint, so the
  file stays readable by any SQLite tool;
- constraints are named by the convention on ``metadata`` so that Alembic's
  batch migrations can find them again.

A schema change here needs a migration in ``casefile/migrations/versions``;
``tests/test_store.py`` fails when models and migrations disagree.
"""

from __future__ import annotations

import enum
import uuid as uuid_module
import zlib
from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    # Stored naive, always UTC: SQLite has no time zones and PostgreSQL's
    # "timestamp without time zone" reads the same value back.
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Entity:
    """Columns every entity carries.

    ``row_version`` counts the row's saves: the ORM names the version it read in
    every UPDATE and DELETE (``version_id_col``), so a save over someone else's
    newer one matches no row and is refused (``casefile.versions`` says who and
    when). Core bulk inserts (imports) get 1 from the server default. Who saved
    last is ``updated_by``, set by ``casefile.audit``'s flush hook; None for rows
    saved before revision 0014 or inserted in bulk (the audit log names those).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid_module.UUID] = mapped_column(
        Uuid, unique=True, default=uuid_module.uuid4, nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    updated_by: Mapped[str | None] = mapped_column(String(100))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.row_version}


# --- enumerations -----------------------------------------------------------


class PartyRole(enum.StrEnum):
    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    INTERVENOR = "intervenor"
    AMICUS = "amicus"
    OTHER = "other"


class FeeCategory(enum.StrEnum):
    """The requester's fee category, 5 U.S.C. § 552(a)(4)(A)(ii)."""

    COMMERCIAL = "commercial"
    EDUCATIONAL = "educational"  # or a noncommercial scientific institution
    NEWS_MEDIA = "news_media"
    OTHER = "other"


class RequestStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    PROCESSING = "processing"
    DETERMINED = "determined"
    APPEALED = "appealed"
    APPEAL_DECIDED = "appeal_decided"
    IN_LITIGATION = "in_litigation"
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    """Outcome of a fee-waiver or expedited-processing request."""

    PENDING = "pending"
    GRANTED = "granted"
    DENIED = "denied"
    NO_RESPONSE = "no_response"


class Direction(enum.StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class CorrespondenceKind(enum.StrEnum):
    REQUEST = "request"
    ACKNOWLEDGMENT = "acknowledgment"
    TOLLING_LETTER = "tolling_letter"
    FEE_LETTER = "fee_letter"
    EXTENSION_NOTICE = "extension_notice"
    DETERMINATION = "determination"
    APPEAL = "appeal"
    APPEAL_DECISION = "appeal_decision"
    PRODUCTION_LETTER = "production_letter"
    EMAIL = "email"
    OTHER = "other"


class Disposition(enum.StrEnum):
    RELEASED_IN_FULL = "released_in_full"
    RELEASED_IN_PART = "released_in_part"
    WITHHELD_IN_FULL = "withheld_in_full"
    REFERRED = "referred"


class ChallengeState(enum.StrEnum):
    NOT_REVIEWED = "not_reviewed"
    ACCEPTED = "accepted"
    CHALLENGED = "challenged"
    NEGOTIATING = "negotiating"
    RESOLVED = "resolved"
    CONCEDED = "conceded"


class IndexAuthor(enum.StrEnum):
    AGENCY = "agency"
    OURS = "ours"


class LabelScheme(enum.StrEnum):
    NUMBERS = "numbers"
    LETTERS = "letters"


class DeadlineKind(enum.StrEnum):
    STATUTORY = "statutory"
    COURT = "court"
    INTERNAL = "internal"


class ProposalState(enum.StrEnum):
    """A date read from the docket: proposed until the user accepts or rejects it."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# --- the case itself ----------------------------------------------------------


class Setting(Base):
    """Key/value facts about the case file itself (its id, the app that made it)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Matter(Entity, Base):
    """The lawsuit: caption, court, docket number, judge."""

    __tablename__ = "matter"
    caption: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(String(200))
    court: Mapped[str | None] = mapped_column(String(200))
    docket_no: Mapped[str | None] = mapped_column(String(64))
    judge: Mapped[str | None] = mapped_column(String(200))
    filed_on: Mapped[date | None] = mapped_column(Date)
    # When the United States was served (Fed. R. Civ. P. 4(i)): starts the
    # government's 30 days to answer, 5 U.S.C. § 552(a)(4)(C).
    served_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(Text)

    parties: Mapped[list[Party]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", order_by="Party.position"
    )
    counsel: Mapped[list[Counsel]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", order_by="Counsel.id"
    )
    requests: Mapped[list[FoiaRequest]] = relationship(back_populates="matter")


class Agency(Entity, Base):
    """An agency or one of its components (a component has a parent)."""

    __tablename__ = "agency"
    name: Mapped[str] = mapped_column(String(200))
    abbreviation: Mapped[str] = mapped_column(String(32), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="RESTRICT"), index=True
    )
    foia_office: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    # Which deadline rules apply (a key into resources/data rules), e.g. "DHS".
    rule_set: Mapped[str | None] = mapped_column(String(32))

    parent: Mapped[Agency | None] = relationship(
        remote_side="Agency.id", back_populates="components"
    )
    components: Mapped[list[Agency]] = relationship(back_populates="parent")


class Party(Entity, Base):
    __tablename__ = "party"
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[PartyRole] = mapped_column(_enum(PartyRole, "party_role"))
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # How the papers name it for short ("IDP"), what it is and does, where it is
    # based (the complaint's parties paragraph), and its mailing address.
    short_name: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)

    matter: Mapped[Matter] = relationship(back_populates="parties")
    agency: Mapped[Agency | None] = relationship()


class Counsel(Entity, Base):
    """An attorney of record, with what a signature block needs."""

    __tablename__ = "counsel"
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    firm: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    bar_no: Mapped[str | None] = mapped_column(String(64))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    of_counsel: Mapped[bool] = mapped_column(Boolean, default=False)
    # The court admission a signature block states when it is not the bar of the
    # court: "admitted pro hac vice", "pro hac vice application pending".
    admission: Mapped[str | None] = mapped_column(String(200))

    matter: Mapped[Matter] = relationship(back_populates="counsel")
    party: Mapped[Party | None] = relationship()


# --- requests and correspondence ----------------------------------------------

correspondence_request = Table(
    "correspondence_request",
    Base.metadata,
    Column("correspondence_id", ForeignKey("correspondence.id", ondelete="CASCADE"),
           primary_key=True),
    Column("request_id", ForeignKey("foia_request.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class FoiaRequest(Entity, Base):
    __tablename__ = "foia_request"
    matter_id: Mapped[int | None] = mapped_column(
        ForeignKey("matter.id", ondelete="SET NULL"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"), index=True)
    requester: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text)
    date_sent: Mapped[date | None] = mapped_column(Date)
    date_received: Mapped[date | None] = mapped_column(Date)  # by the proper component
    # When any component of the agency first had it, if a misdirected request
    # was routed: the 20 days run at most 10 working days past this.
    first_received: Mapped[date | None] = mapped_column(Date)
    tracking_no: Mapped[str | None] = mapped_column(String(64), index=True)
    fee_waiver_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    fee_waiver_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "fee_waiver_outcome"))
    expedited_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    expedited_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome, "expedited_outcome"))
    # The day the agency decided expedition: judged against the 10 days of
    # § 552(a)(6)(E)(ii)(I).
    expedited_decided_on: Mapped[date | None] = mapped_column(Date)
    # The facts the request letter states for expedition, (a)(6)(E)(v), and for a
    # fee waiver, (a)(4)(A)(iii); the fee category claimed, (a)(4)(A)(ii), and why.
    expedite_basis: Mapped[str | None] = mapped_column(Text)
    fee_waiver_basis: Mapped[str | None] = mapped_column(Text)
    fee_category: Mapped[FeeCategory | None] = mapped_column(_enum(FeeCategory, "fee_category"))
    fee_category_basis: Mapped[str | None] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(
        _enum(RequestStatus, "request_status"), default=RequestStatus.DRAFT
    )

    matter: Mapped[Matter | None] = relationship(back_populates="requests")
    agency: Mapped[Agency] = relationship()
    items: Mapped[list[RequestItem]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestItem.number"
    )
    correspondence: Mapped[list[Correspondence]] = relationship(
        secondary=correspondence_request, back_populates="requests"
    )


class RequestItem(Base):
    """One numbered item of a request ("1. All policy guidance concerning …")."""

    __tablename__ = "request_item"
    __table_args__ = (UniqueConstraint("request_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("foia_request.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    request: Mapped[FoiaRequest] = relationship(back_populates="items")


class CorrespondenceDocument(Base):
    """A file that came with (or went out with) a letter, in order."""

    __tablename__ = "correspondence_document"
    correspondence_id: Mapped[int] = mapped_column(
        ForeignKey("correspondence.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[Document] = relationship()


class Correspondence(Entity, Base):
    """A letter, email or portal message, in or out."""

    __tablename__ = "correspondence"
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    # The letter's own date (for an email, the day it was sent).
    dated: Mapped[date] = mapped_column("date", Date, index=True)
    kind: Mapped[CorrespondenceKind] = mapped_column(_enum(CorrespondenceKind, "kind"))
    sender: Mapped[str | None] = mapped_column(String(300))
    recipient: Mapped[str | None] = mapped_column(Text)
    cc: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    # Email threading (RFC 5322 Message-ID / In-Reply-To).
    message_id: Mapped[str | None] = mapped_column(String(300), index=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(300))
    # What the letter is, finer than ``kind`` (casefile.letters.KINDS: "tracking_number",
    # "appeal_acknowledgment", "litigation" …), with the outcome it announces
    # ("partial_grant", "glomar", "affirmed" …), the phrase that decided it, how
    # sure the rules were (0–1), and whether the user set it (then no re-reading
    # changes it). Plain strings, no CHECK: the list grows without a table rebuild.
    letter_kind: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(24))
    kind_phrase: Mapped[str | None] = mapped_column(Text)
    kind_confidence: Mapped[float | None] = mapped_column(Float)
    kind_by_user: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The day the other side received it (for our answer to a tolling letter, the
    # agency's receipt ends the pause), and the appeal deadline the letter states.
    received_on: Mapped[date | None] = mapped_column(Date)
    stated_appeal_due: Mapped[date | None] = mapped_column(Date)
    # The day an acknowledgment says the agency received the request (or appeal).
    stated_received: Mapped[date | None] = mapped_column(Date)
    # An email's Date header as written when it could not be read.
    date_raw: Mapped[str | None] = mapped_column(String(300))

    requests: Mapped[list[FoiaRequest]] = relationship(
        secondary=correspondence_request, back_populates="correspondence"
    )
    attachments: Mapped[list[CorrespondenceDocument]] = relationship(
        cascade="all, delete-orphan", order_by="CorrespondenceDocument.position"
    )


# --- documents and their bytes ------------------------------------------------


class Blob(Base):
    """A file's bytes, stored once per SHA-256, in chunks.

    Chunks keep memory flat (a 300 MB production streams in and out 1 MiB at
    a time) and map one-to-one onto PostgreSQL ``bytea`` rows later.
    """

    __tablename__ = "blob"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)


class BlobChunk(Base):
    __tablename__ = "blob_chunk"
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="CASCADE"),
                                         primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Entity, Base):
    """A file in the case: its name, kind, pages and flags; bytes in ``blob``."""

    __tablename__ = "document"
    blob_id: Mapped[int] = mapped_column(
        ForeignKey("blob.id", ondelete="RESTRICT"), unique=True
    )
    name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    page_count: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    privileged: Mapped[bool] = mapped_column(Boolean, default=False)
    work_product: Mapped[bool] = mapped_column(Boolean, default=False)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where it came from, paths inside archives kept: "release-1.zip/Emails/a.pdf".
    origin: Mapped[str | None] = mapped_column(Text)

    blob: Mapped[Blob] = relationship()
    pages: Mapped[list[DocumentPage]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentPage.page_no"
    )


class CompressedText(TypeDecorator):
    """Text stored zlib-compressed; Python sees ``str``.

    A production's page text is the bulk of a case after its PDFs: about 2 kB a
    page, which SQLite packs one row to a 4 kB page. Compressed it is a third
    the size and rows pack densely (measured in bench/bench_store.py).
    """

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> bytes | None:
        return None if value is None else zlib.compress(value.encode("utf-8"), 6)

    def process_result_value(self, value: bytes | None, dialect) -> str | None:
        return None if value is None else zlib.decompress(value).decode("utf-8")


class DocumentPage(Base):
    """One page's text and Bates number (filled by the ingest work).

    ``id`` is the page's row in the full-text index (``page_fts``), so it is a
    real INTEGER PRIMARY KEY: SQLite may renumber implicit rowids on VACUUM.
    """

    __tablename__ = "document_page"
    __table_args__ = (
        UniqueConstraint("document_id", "page_no"),
        # Finds pages by Bates number, and covers the Vaughn review's read of
        # a production's markings without touching the pages' text.
        Index("ix_document_page_bates_markings", "bates", "markings"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    page_no: Mapped[int] = mapped_column(Integer)  # 1-based
    text: Mapped[str | None] = mapped_column(CompressedText)
    has_text_layer: Mapped[bool | None] = mapped_column(Boolean)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    bates: Mapped[str | None] = mapped_column(String(64))
    # The exemption markings printed on the page ("b6 b7C"; "" for none), read
    # by the ingest with the text (casefile.markings). NULL: stored before
    # revision 0008, so not yet read.
    markings: Mapped[str | None] = mapped_column(String(64))

    document: Mapped[Document] = relationship(back_populates="pages")


# --- productions and the Vaughn index -----------------------------------------


class ProductionDocument(Base):
    __tablename__ = "production_document"
    production_id: Mapped[int] = mapped_column(
        ForeignKey("production.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[Document] = relationship()


class Production(Entity, Base):
    """A release by the agency, with its Bates range and page counts."""

    __tablename__ = "production"
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("foia_request.id", ondelete="SET NULL"), index=True
    )
    produced_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    bates_prefix: Mapped[str | None] = mapped_column(String(64))
    bates_begin: Mapped[str | None] = mapped_column(String(64))
    bates_end: Mapped[str | None] = mapped_column(String(64))
    pages_released_full: Mapped[int] = mapped_column(Integer, default=0)
    pages_released_part: Mapped[int] = mapped_column(Integer, default=0)
    pages_withheld_full: Mapped[int] = mapped_column(Integer, default=0)
    cover_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("correspondence.id", ondelete="SET NULL"), index=True
    )

    request: Mapped[FoiaRequest | None] = relationship()
    cover_letter: Mapped[Correspondence | None] = relationship()
    documents: Mapped[list[ProductionDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ProductionDocument.position"
    )


class Exemption(Base):
    """The § 552(b) catalog: exemptions and their sub-parts and privileges.

    Seeded from ``resources/data/exemptions.json``; a sub-entry such as
    (b)(7)(C) or the deliberative process privilege has its exemption as parent.
    """

    __tablename__ = "exemption"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    label: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    citation: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("exemption.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)

    parent: Mapped[Exemption | None] = relationship(remote_side="Exemption.id")


class VaughnIndex(Entity, Base):
    """An index of withholdings: the agency's as served, or our own draft."""

    __tablename__ = "vaughn_index"
    title: Mapped[str] = mapped_column(String(300))
    author: Mapped[IndexAuthor] = mapped_column(_enum(IndexAuthor, "index_author"))
    served_on: Mapped[date | None] = mapped_column(Date)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("foia_request.id", ondelete="SET NULL"), index=True
    )
    production_id: Mapped[int | None] = mapped_column(
        ForeignKey("production.id", ondelete="SET NULL"), index=True
    )
    source_name: Mapped[str | None] = mapped_column(String(500))

    records: Mapped[list[Record]] = relationship(
        back_populates="index", cascade="all, delete-orphan", order_by="Record.position"
    )


class VaughnColumnMap(Base):
    """How one agency heads the columns of its Vaughn indexes, as the user corrected it.

    ``header`` is the column header normalised (lower case, single spaces);
    ``field`` one of ``casefile.vaughn.columns.FIELDS`` or ``ignore``.
    """

    __tablename__ = "vaughn_column_map"
    __table_args__ = (UniqueConstraint("agency_id", "header"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    header: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(32))


class Record(Entity, Base):
    """One Vaughn entry: a withheld or redacted document or portion."""

    __tablename__ = "record"
    __table_args__ = (Index("ix_record_index_position", "index_id", "position"),)
    index_id: Mapped[int] = mapped_column(ForeignKey("vaughn_index.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    entry_no: Mapped[str] = mapped_column(String(32))
    bates_begin: Mapped[str | None] = mapped_column(String(64), index=True)
    bates_end: Mapped[str | None] = mapped_column(String(64))
    doc_date: Mapped[date | None] = mapped_column(Date)
    # What the index says when it is not a date ("Undated", "Various").
    doc_date_text: Mapped[str | None] = mapped_column(String(64))
    doc_type: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    disposition: Mapped[Disposition | None] = mapped_column(_enum(Disposition, "disposition"))
    segregability: Mapped[str | None] = mapped_column(Text)
    challenge_state: Mapped[ChallengeState] = mapped_column(
        _enum(ChallengeState, "challenge_state"), default=ChallengeState.NOT_REVIEWED
    )
    challenge_argument: Mapped[str | None] = mapped_column(Text)
    # The authorities for the challenge, one per line, as they go in the brief.
    challenge_citations: Mapped[str | None] = mapped_column(Text)
    # Where an imported row came from: "file.docx, table 2, row 14".
    source_ref: Mapped[str | None] = mapped_column(String(500))

    index: Mapped[VaughnIndex] = relationship(back_populates="records")
    withholdings: Mapped[list[Withholding]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Withholding.position"
    )


class Withholding(Base):
    """One exemption claimed for a record, with its justification.

    ``exemption`` is the most specific catalog entry (``b7C``, ``b5-dp``);
    ``raw_text`` keeps what the agency wrote, and is all there is when the
    claim could not be matched to the catalog.
    """

    __tablename__ = "withholding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("record.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    exemption_id: Mapped[int | None] = mapped_column(
        ForeignKey("exemption.id", ondelete="RESTRICT"), index=True
    )
    statute: Mapped[str | None] = mapped_column(String(300))  # for (b)(3)
    justification: Mapped[str | None] = mapped_column(Text)
    foreseeable_harm: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str | None] = mapped_column(Text)

    record: Mapped[Record] = relationship(back_populates="withholdings")
    exemption: Mapped[Exemption | None] = relationship()


# --- filings, declarations, exhibits -------------------------------------------


class Filing(Entity, Base):
    """A brief or motion, which may carry its own exhibit set."""

    __tablename__ = "filing"
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    filed_on: Mapped[date | None] = mapped_column(Date)
    docket_entry: Mapped[str | None] = mapped_column(String(32))

    matter: Mapped[Matter] = relationship()


class Declaration(Entity, Base):
    """A sworn statement under 28 U.S.C. § 1746."""

    __tablename__ = "declaration"
    matter_id: Mapped[int | None] = mapped_column(
        ForeignKey("matter.id", ondelete="CASCADE"), index=True
    )
    declarant: Mapped[str] = mapped_column(String(200))
    declarant_title: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    executed_on: Mapped[date | None] = mapped_column(Date)
    executed_at: Mapped[str | None] = mapped_column(String(200))
    # § 1746(1): signed outside the United States.
    outside_us: Mapped[bool] = mapped_column(Boolean, default=False)

    matter: Mapped[Matter | None] = relationship()
    paragraphs: Mapped[list[DeclarationParagraph]] = relationship(
        back_populates="declaration", cascade="all, delete-orphan",
        order_by="DeclarationParagraph.number",
    )
    exhibit_set: Mapped[ExhibitSet | None] = relationship(back_populates="declaration")


class DeclarationParagraph(Base):
    __tablename__ = "declaration_paragraph"
    __table_args__ = (UniqueConstraint("declaration_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("declaration.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    declaration: Mapped[Declaration] = relationship(back_populates="paragraphs")


class ExhibitSet(Entity, Base):
    """The ordered exhibits of one declaration or one filing."""

    __tablename__ = "exhibit_set"
    __table_args__ = (
        CheckConstraint(
            "declaration_id IS NULL OR filing_id IS NULL", name="one_owner"
        ),
    )
    name: Mapped[str] = mapped_column(String(300))
    declaration_id: Mapped[int | None] = mapped_column(
        ForeignKey("declaration.id", ondelete="CASCADE"), unique=True
    )
    filing_id: Mapped[int | None] = mapped_column(
        ForeignKey("filing.id", ondelete="CASCADE"), unique=True
    )
    label_scheme: Mapped[LabelScheme] = mapped_column(
        _enum(LabelScheme, "label_scheme"), default=LabelScheme.NUMBERS
    )
    label_prefix: Mapped[str] = mapped_column(String(32), default="Ex.")

    declaration: Mapped[Declaration | None] = relationship(back_populates="exhibit_set")
    filing: Mapped[Filing | None] = relationship()
    exhibits: Mapped[list[Exhibit]] = relationship(
        back_populates="exhibit_set", cascade="all, delete-orphan", order_by="Exhibit.position"
    )


class Exhibit(Entity, Base):
    """A document (or a page selection of one) as an exhibit in one set."""

    __tablename__ = "exhibit"
    set_id: Mapped[int] = mapped_column(ForeignKey("exhibit_set.id", ondelete="CASCADE"),
                                        index=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    # Pages of the document to use, as the user wrote them ("3-7, 9"); empty: all.
    page_selection: Mapped[str | None] = mapped_column(String(200))

    exhibit_set: Mapped[ExhibitSet] = relationship(back_populates="exhibits")
    document: Mapped[Document] = relationship()


# --- time and notes ------------------------------------------------------------


class Deadline(Entity, Base):
    """A date that matters: entered by the user, or derived with its rule."""

    __tablename__ = "deadline"
    matter_id: Mapped[int | None] = mapped_column(
        ForeignKey("matter.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("foia_request.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[DeadlineKind] = mapped_column(_enum(DeadlineKind, "deadline_kind"))
    rule: Mapped[str | None] = mapped_column(Text)
    citation: Mapped[str | None] = mapped_column(String(200))
    remind_days_before: Mapped[int | None] = mapped_column(Integer)
    done_on: Mapped[date | None] = mapped_column(Date)

    matter: Mapped[Matter | None] = relationship()
    request: Mapped[FoiaRequest | None] = relationship()


class Note(Entity, Base):
    """A note on anything, addressed by the entity's table and uuid."""

    __tablename__ = "note"
    __table_args__ = (Index("ix_note_subject", "subject_type", "subject_uuid"),)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_uuid: Mapped[uuid_module.UUID] = mapped_column(Uuid)
    text: Mapped[str] = mapped_column(Text)


# --- the court's docket ----------------------------------------------------------


class DocketEntry(Entity, Base):
    """One entry of the court's docket, as a PACER docket report lists it.

    ``key`` makes a re-import update rather than repeat: "12" for a numbered
    entry, "d2025-03-14:<hash of its text>" for an unnumbered one (a minute
    order has no number, so a minute entry the clerk later rewords comes in
    again as a new entry beside the old one).
    """

    __tablename__ = "docket_entry"
    __table_args__ = (UniqueConstraint("matter_id", "key"),
                      Index("ix_docket_entry_matter_position", "matter_id", "position"))
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    number: Mapped[int | None] = mapped_column(Integer)
    filed_on: Mapped[date] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    # Order on the report (PACER lists by number; unnumbered entries sit between).
    position: Mapped[int] = mapped_column(Integer)
    # The docket report it was last read from (kept as a document of the case).
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True
    )

    matter: Mapped[Matter] = relationship()
    documents: Mapped[list[DocketEntryDocument]] = relationship(
        cascade="all, delete-orphan", order_by="DocketEntryDocument.document_id"
    )
    proposals: Mapped[list[DocketProposal]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="DocketProposal.id"
    )


class DocketEntryDocument(Base):
    """A document of the case that is (an attachment of) a docket entry, and how
    that was seen: the CM/ECF file stamp on its page, or its PACER/RECAP name."""

    __tablename__ = "docket_entry_document"
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("docket_entry.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    attachment: Mapped[int | None] = mapped_column(Integer)  # "Document 12-3": 3
    how: Mapped[str] = mapped_column(String(32))

    document: Mapped[Document] = relationship()


class DocketProposal(Entity, Base):
    """A date an order on the docket sets, proposed as a deadline.

    It counts nowhere until the user accepts it; accepting makes a ``Deadline``
    (``deadline_id``); a rejected one is kept so a re-import does not propose it
    again.
    """

    __tablename__ = "docket_proposal"
    __table_args__ = (UniqueConstraint("entry_id", "due_on", "title"),)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("docket_entry.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    # The words of the entry that set it ("by 3/14/2025", "within 30 days").
    phrase: Mapped[str] = mapped_column(Text)
    # How the date was reached (a period counted under Rule 6(a) says so).
    rule: Mapped[str | None] = mapped_column(Text)
    state: Mapped[ProposalState] = mapped_column(
        _enum(ProposalState, "proposal_state"), default=ProposalState.PROPOSED
    )
    deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("deadline.id", ondelete="SET NULL"), index=True
    )

    entry: Mapped[DocketEntry] = relationship(back_populates="proposals")
    deadline: Mapped[Deadline | None] = relationship()
# --- privacy: redacted versions and stored findings (casefile.privacy) --------


class DocumentVersion(Entity, Base):
    """A later copy of a document's bytes, such as a redacted one.

    The document's own ``blob`` is what was imported and never changes; the
    version with the highest ``number`` is what the document is now (a
    bundle files it). Undo deletes the newest version.
    """

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 2, 3…: the import is version 1
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="RESTRICT"), index=True)
    page_count: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))  # "redacted"
    made_by: Mapped[str] = mapped_column(String(200), default="")

    document: Mapped[Document] = relationship()
    blob: Mapped[Blob] = relationship()
    redactions: Mapped[list[Redaction]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Redaction.id"
    )


class Redaction(Base):
    """One line of a version's redaction log: what was removed, where, why.
    By whom and when are the version's."""

    __tablename__ = "redaction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_version.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int] = mapped_column(Integer)  # 1-based
    x0: Mapped[float] = mapped_column(Float)
    y0: Mapped[float] = mapped_column(Float)
    x1: Mapped[float] = mapped_column(Float)
    y1: Mapped[float] = mapped_column(Float)
    why: Mapped[str] = mapped_column(Text)
    removed: Mapped[str] = mapped_column(Text, default="")  # the text under the box

    version: Mapped[DocumentVersion] = relationship(back_populates="redactions")


class PrivacyCheck(Base):
    """That a file's bytes were checked for personal data and failed
    redactions (once, at import), by which rules: a bundle reuses the findings
    of an exhibit whose bytes (same SHA-256) were checked by the same rules."""

    __tablename__ = "privacy_check"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="CASCADE"),
                                         unique=True)
    rules: Mapped[str] = mapped_column(String(16))  # casefile.privacy.stored.RULES
    pages: Mapped[int] = mapped_column(Integer)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    findings: Mapped[list[PrivacyFinding]] = relationship(
        back_populates="check", cascade="all, delete-orphan", order_by="PrivacyFinding.id"
    )


class PrivacyFinding(Base):
    """What a check found: personal data, text under a redaction, or a page
    (or the whole file, page NULL) not checked and why."""

    __tablename__ = "privacy_finding"
    __table_args__ = (
        CheckConstraint("kind IN ('personal', 'noted', 'hidden', 'not_checked')", name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[int] = mapped_column(
        ForeignKey("privacy_check.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100), default="")  # "Social Security number"…
    page: Mapped[int | None] = mapped_column(Integer)
    x0: Mapped[float | None] = mapped_column(Float)
    y0: Mapped[float | None] = mapped_column(Float)
    x1: Mapped[float | None] = mapped_column(Float)
    y1: Mapped[float | None] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(Text)  # the rule, or how it was hidden, or why not checked
    text: Mapped[str] = mapped_column(Text, default="")
    allowed: Mapped[str] = mapped_column(Text, default="")  # the form the rule allows
    where: Mapped[str] = mapped_column(String(32), default="")  # "page", "bookmark", "metadata"…

    check: Mapped[PrivacyCheck] = relationship(back_populates="findings")


# The audit log's table is part of the schema (create_all, the migration test):
# registered on Base.metadata whenever the models are.
from casefile.store import audit_log as _audit_log  # noqa: E402,F401
