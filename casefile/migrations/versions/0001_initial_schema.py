"""The initial schema: every entity of DOMAIN.md.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27 20:37:39.855141
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("abbreviation", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("foia_office", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("rule_set", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["agency.id"],
            name=op.f("fk_agency_parent_id_agency"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("abbreviation", name=op.f("uq_agency_abbreviation")),
        sa.UniqueConstraint("uuid", name=op.f("uq_agency_uuid")),
    )
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "blob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blob")),
        sa.UniqueConstraint("sha256", name=op.f("uq_blob_sha256")),
    )
    op.create_table(
        "correspondence",
        sa.Column(
            "direction",
            sa.Enum(
                "incoming",
                "outgoing",
                name="direction",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "request",
                "acknowledgment",
                "tolling_letter",
                "fee_letter",
                "extension_notice",
                "determination",
                "appeal",
                "appeal_decision",
                "production_letter",
                "email",
                "other",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("sender", sa.String(length=300), nullable=True),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("cc", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("in_reply_to", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correspondence")),
        sa.UniqueConstraint("uuid", name=op.f("uq_correspondence_uuid")),
    )
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_correspondence_date"), ["date"], unique=False)

    op.create_table(
        "exemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("citation", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["exemption.id"], name=op.f("fk_exemption_parent_id_exemption")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exemption")),
        sa.UniqueConstraint("code", name=op.f("uq_exemption_code")),
    )
    with op.batch_alter_table("exemption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exemption_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "matter",
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("short_title", sa.String(length=200), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("docket_no", sa.String(length=64), nullable=True),
        sa.Column("judge", sa.String(length=200), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matter")),
        sa.UniqueConstraint("uuid", name=op.f("uq_matter_uuid")),
    )
    op.create_table(
        "note",
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_uuid", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
        sa.UniqueConstraint("uuid", name=op.f("uq_note_uuid")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_subject", ["subject_type", "subject_uuid"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "blob_chunk",
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blob_id"], ["blob.id"], name=op.f("fk_blob_chunk_blob_id_blob"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("blob_id", "seq", name=op.f("pk_blob_chunk")),
    )
    op.create_table(
        "declaration",
        sa.Column("matter_id", sa.Integer(), nullable=True),
        sa.Column("declarant", sa.String(length=200), nullable=False),
        sa.Column("declarant_title", sa.String(length=300), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("executed_on", sa.Date(), nullable=True),
        sa.Column("executed_at", sa.String(length=200), nullable=True),
        sa.Column("outside_us", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_declaration_matter_id_matter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration")),
        sa.UniqueConstraint("uuid", name=op.f("uq_declaration_uuid")),
    )
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaration_matter_id"), ["matter_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("privileged", sa.Boolean(), nullable=False),
        sa.Column("work_product", sa.Boolean(), nullable=False),
        sa.Column("encrypted", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blob_id"], ["blob.id"], name=op.f("fk_document_blob_id_blob"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("blob_id", name=op.f("uq_document_blob_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_document_uuid")),
    )
    op.create_table(
        "filing",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("docket_entry", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_filing_matter_id_matter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filing")),
        sa.UniqueConstraint("uuid", name=op.f("uq_filing_uuid")),
    )
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_filing_matter_id"), ["matter_id"], unique=False)

    op.create_table(
        "foia_request",
        sa.Column("matter_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("date_sent", sa.Date(), nullable=True),
        sa.Column("date_received", sa.Date(), nullable=True),
        sa.Column("tracking_no", sa.String(length=64), nullable=True),
        sa.Column("fee_waiver_requested", sa.Boolean(), nullable=False),
        sa.Column(
            "fee_waiver_outcome",
            sa.Enum(
                "pending",
                "granted",
                "denied",
                "no_response",
                name="fee_waiver_outcome",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("expedited_requested", sa.Boolean(), nullable=False),
        sa.Column(
            "expedited_outcome",
            sa.Enum(
                "pending",
                "granted",
                "denied",
                "no_response",
                name="expedited_outcome",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "acknowledged",
                "processing",
                "determined",
                "appealed",
                "appeal_decided",
                "in_litigation",
                "closed",
                name="request_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_foia_request_agency_id_agency"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_foia_request_matter_id_matter"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foia_request")),
        sa.UniqueConstraint("uuid", name=op.f("uq_foia_request_uuid")),
    )
    with op.batch_alter_table("foia_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_foia_request_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_foia_request_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_foia_request_tracking_no"), ["tracking_no"], unique=False
        )

    op.create_table(
        "party",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "plaintiff",
                "defendant",
                "intervenor",
                "amicus",
                "other",
                name="party_role",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_party_agency_id_agency"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["matter.id"], name=op.f("fk_party_matter_id_matter"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sa.UniqueConstraint("uuid", name=op.f("uq_party_uuid")),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_matter_id"), ["matter_id"], unique=False)

    op.create_table(
        "correspondence_document",
        sa.Column("correspondence_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["correspondence_id"],
            ["correspondence.id"],
            name=op.f("fk_correspondence_document_correspondence_id_correspondence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_correspondence_document_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "correspondence_id", "document_id", name=op.f("pk_correspondence_document")
        ),
    )
    with op.batch_alter_table("correspondence_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correspondence_document_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "correspondence_request",
        sa.Column("correspondence_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["correspondence_id"],
            ["correspondence.id"],
            name=op.f("fk_correspondence_request_correspondence_id_correspondence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["foia_request.id"],
            name=op.f("fk_correspondence_request_request_id_foia_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "correspondence_id", "request_id", name=op.f("pk_correspondence_request")
        ),
    )
    with op.batch_alter_table("correspondence_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correspondence_request_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "counsel",
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("firm", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("bar_no", sa.String(length=64), nullable=True),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_counsel_matter_id_matter"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_counsel_party_id_party"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counsel")),
        sa.UniqueConstraint("uuid", name=op.f("uq_counsel_uuid")),
    )
    with op.batch_alter_table("counsel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counsel_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_counsel_party_id"), ["party_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("matter_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "statutory",
                "court",
                "internal",
                name="deadline_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("citation", sa.String(length=200), nullable=True),
        sa.Column("remind_days_before", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["matter.id"],
            name=op.f("fk_deadline_matter_id_matter"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["foia_request.id"],
            name=op.f("fk_deadline_request_id_foia_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline")),
        sa.UniqueConstraint("uuid", name=op.f("uq_deadline_uuid")),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_request_id"), ["request_id"], unique=False)

    op.create_table(
        "declaration_paragraph",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declaration.id"],
            name=op.f("fk_declaration_paragraph_declaration_id_declaration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaration_paragraph")),
        sa.UniqueConstraint(
            "declaration_id", "number", name=op.f("uq_declaration_paragraph_declaration_id_number")
        ),
    )
    op.create_table(
        "document_page",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("has_text_layer", sa.Boolean(), nullable=True),
        sa.Column("ocr", sa.Boolean(), nullable=False),
        sa.Column("bates", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_page_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "page_no", name=op.f("pk_document_page")),
    )
    op.create_table(
        "exhibit_set",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("declaration_id", sa.Integer(), nullable=True),
        sa.Column("filing_id", sa.Integer(), nullable=True),
        sa.Column(
            "label_scheme",
            sa.Enum(
                "numbers",
                "letters",
                name="label_scheme",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("label_prefix", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "declaration_id IS NULL OR filing_id IS NULL", name=op.f("ck_exhibit_set_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declaration.id"],
            name=op.f("fk_exhibit_set_declaration_id_declaration"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["filing_id"],
            ["filing.id"],
            name=op.f("fk_exhibit_set_filing_id_filing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibit_set")),
        sa.UniqueConstraint("declaration_id", name=op.f("uq_exhibit_set_declaration_id")),
        sa.UniqueConstraint("filing_id", name=op.f("uq_exhibit_set_filing_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_exhibit_set_uuid")),
    )
    op.create_table(
        "production",
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("produced_on", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("bates_prefix", sa.String(length=64), nullable=True),
        sa.Column("bates_begin", sa.String(length=64), nullable=True),
        sa.Column("bates_end", sa.String(length=64), nullable=True),
        sa.Column("pages_released_full", sa.Integer(), nullable=False),
        sa.Column("pages_released_part", sa.Integer(), nullable=False),
        sa.Column("pages_withheld_full", sa.Integer(), nullable=False),
        sa.Column("cover_letter_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cover_letter_id"],
            ["correspondence.id"],
            name=op.f("fk_production_cover_letter_id_correspondence"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["foia_request.id"],
            name=op.f("fk_production_request_id_foia_request"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production")),
        sa.UniqueConstraint("uuid", name=op.f("uq_production_uuid")),
    )
    with op.batch_alter_table("production", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_production_cover_letter_id"), ["cover_letter_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_production_request_id"), ["request_id"], unique=False)

    op.create_table(
        "request_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["foia_request.id"],
            name=op.f("fk_request_item_request_id_foia_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_item")),
        sa.UniqueConstraint("request_id", "number", name=op.f("uq_request_item_request_id_number")),
    )
    op.create_table(
        "exhibit",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("page_selection", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_exhibit_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["exhibit_set.id"],
            name=op.f("fk_exhibit_set_id_exhibit_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibit")),
        sa.UniqueConstraint("uuid", name=op.f("uq_exhibit_uuid")),
    )
    with op.batch_alter_table("exhibit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibit_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibit_set_id"), ["set_id"], unique=False)

    op.create_table(
        "production_document",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_production_document_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["production.id"],
            name=op.f("fk_production_document_production_id_production"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "production_id", "document_id", name=op.f("pk_production_document")
        ),
    )
    with op.batch_alter_table("production_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_production_document_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "vaughn_index",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "author",
            sa.Enum(
                "agency",
                "ours",
                name="index_author",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("production_id", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["production.id"],
            name=op.f("fk_vaughn_index_production_id_production"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["foia_request.id"],
            name=op.f("fk_vaughn_index_request_id_foia_request"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaughn_index")),
        sa.UniqueConstraint("uuid", name=op.f("uq_vaughn_index_uuid")),
    )
    with op.batch_alter_table("vaughn_index", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vaughn_index_production_id"), ["production_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vaughn_index_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "record",
        sa.Column("index_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("entry_no", sa.String(length=32), nullable=False),
        sa.Column("bates_begin", sa.String(length=64), nullable=True),
        sa.Column("bates_end", sa.String(length=64), nullable=True),
        sa.Column("doc_date", sa.Date(), nullable=True),
        sa.Column("doc_date_text", sa.String(length=64), nullable=True),
        sa.Column("doc_type", sa.String(length=200), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "disposition",
            sa.Enum(
                "released_in_full",
                "released_in_part",
                "withheld_in_full",
                "referred",
                name="disposition",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("segregability", sa.Text(), nullable=True),
        sa.Column(
            "challenge_state",
            sa.Enum(
                "not_reviewed",
                "accepted",
                "challenged",
                "negotiating",
                "resolved",
                "conceded",
                name="challenge_state",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("challenge_argument", sa.Text(), nullable=True),
        sa.Column("source_ref", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["index_id"],
            ["vaughn_index.id"],
            name=op.f("fk_record_index_id_vaughn_index"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record")),
        sa.UniqueConstraint("uuid", name=op.f("uq_record_uuid")),
    )
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_bates_begin"), ["bates_begin"], unique=False)
        batch_op.create_index("ix_record_index_position", ["index_id", "position"], unique=False)

    op.create_table(
        "withholding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exemption_id", sa.Integer(), nullable=True),
        sa.Column("statute", sa.String(length=300), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("foreseeable_harm", sa.Text(), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exemption_id"],
            ["exemption.id"],
            name=op.f("fk_withholding_exemption_id_exemption"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
            name=op.f("fk_withholding_record_id_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withholding")),
    )
    with op.batch_alter_table("withholding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_withholding_exemption_id"), ["exemption_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_withholding_record_id"), ["record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("withholding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withholding_record_id"))
        batch_op.drop_index(batch_op.f("ix_withholding_exemption_id"))

    op.drop_table("withholding")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index("ix_record_index_position")
        batch_op.drop_index(batch_op.f("ix_record_bates_begin"))

    op.drop_table("record")
    with op.batch_alter_table("vaughn_index", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vaughn_index_request_id"))
        batch_op.drop_index(batch_op.f("ix_vaughn_index_production_id"))

    op.drop_table("vaughn_index")
    with op.batch_alter_table("production_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_production_document_document_id"))

    op.drop_table("production_document")
    with op.batch_alter_table("exhibit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibit_set_id"))
        batch_op.drop_index(batch_op.f("ix_exhibit_document_id"))

    op.drop_table("exhibit")
    op.drop_table("request_item")
    with op.batch_alter_table("production", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_production_request_id"))
        batch_op.drop_index(batch_op.f("ix_production_cover_letter_id"))

    op.drop_table("production")
    op.drop_table("exhibit_set")
    op.drop_table("document_page")
    op.drop_table("declaration_paragraph")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_request_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_matter_id"))
        batch_op.drop_index(batch_op.f("ix_deadline_due_on"))

    op.drop_table("deadline")
    with op.batch_alter_table("counsel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counsel_party_id"))
        batch_op.drop_index(batch_op.f("ix_counsel_matter_id"))

    op.drop_table("counsel")
    with op.batch_alter_table("correspondence_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correspondence_request_request_id"))

    op.drop_table("correspondence_request")
    with op.batch_alter_table("correspondence_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correspondence_document_document_id"))

    op.drop_table("correspondence_document")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_matter_id"))
        batch_op.drop_index(batch_op.f("ix_party_agency_id"))

    op.drop_table("party")
    with op.batch_alter_table("foia_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_foia_request_tracking_no"))
        batch_op.drop_index(batch_op.f("ix_foia_request_matter_id"))
        batch_op.drop_index(batch_op.f("ix_foia_request_agency_id"))

    op.drop_table("foia_request")
    with op.batch_alter_table("filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_filing_matter_id"))

    op.drop_table("filing")
    op.drop_table("document")
    with op.batch_alter_table("declaration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_matter_id"))

    op.drop_table("declaration")
    op.drop_table("blob_chunk")
    op.drop_table("setting")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_subject")

    op.drop_table("note")
    op.drop_table("matter")
    with op.batch_alter_table("exemption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exemption_parent_id"))

    op.drop_table("exemption")
    with op.batch_alter_table("correspondence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correspondence_date"))

    op.drop_table("correspondence")
    op.drop_table("blob")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_parent_id"))

    op.drop_table("agency")
