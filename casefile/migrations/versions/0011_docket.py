"""The court's docket: its entries, the case's documents each entry is, and the
dates its orders set, proposed as deadlines until the user accepts them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

New tables only: nothing an older file holds changes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "docket_entry",
        *_entity_columns(),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["matter_id"], ["matter.id"], ondelete="CASCADE",
                                name="fk_docket_entry_matter_id_matter"),
        sa.ForeignKeyConstraint(["source_document_id"], ["document.id"], ondelete="SET NULL",
                                name="fk_docket_entry_source_document_id_document"),
        sa.PrimaryKeyConstraint("id", name="pk_docket_entry"),
        sa.UniqueConstraint("uuid", name="uq_docket_entry_uuid"),
        sa.UniqueConstraint("matter_id", "key", name="uq_docket_entry_matter_id_key"),
    )
    op.create_index("ix_docket_entry_filed_on", "docket_entry", ["filed_on"])
    op.create_index("ix_docket_entry_source_document_id", "docket_entry",
                    ["source_document_id"])
    op.create_index("ix_docket_entry_matter_position", "docket_entry",
                    ["matter_id", "position"])
    op.create_table(
        "docket_entry_document",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("attachment", sa.Integer(), nullable=True),
        sa.Column("how", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["docket_entry.id"], ondelete="CASCADE",
                                name="fk_docket_entry_document_entry_id_docket_entry"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE",
                                name="fk_docket_entry_document_document_id_document"),
        sa.PrimaryKeyConstraint("entry_id", "document_id", name="pk_docket_entry_document"),
    )
    op.create_index("ix_docket_entry_document_document_id", "docket_entry_document",
                    ["document_id"])
    op.create_table(
        "docket_proposal",
        *_entity_columns(),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("phrase", sa.Text(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("state", sa.Enum("proposed", "accepted", "rejected", name="proposal_state",
                                   native_enum=False, create_constraint=True, length=24),
                  nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["docket_entry.id"], ondelete="CASCADE",
                                name="fk_docket_proposal_entry_id_docket_entry"),
        sa.ForeignKeyConstraint(["deadline_id"], ["deadline.id"], ondelete="SET NULL",
                                name="fk_docket_proposal_deadline_id_deadline"),
        sa.PrimaryKeyConstraint("id", name="pk_docket_proposal"),
        sa.UniqueConstraint("uuid", name="uq_docket_proposal_uuid"),
        sa.UniqueConstraint("entry_id", "due_on", "title",
                            name="uq_docket_proposal_entry_id_due_on_title"),
    )
    op.create_index("ix_docket_proposal_entry_id", "docket_proposal", ["entry_id"])
    op.create_index("ix_docket_proposal_deadline_id", "docket_proposal", ["deadline_id"])


def downgrade() -> None:
    op.drop_table("docket_proposal")
    op.drop_table("docket_entry_document")
    op.drop_table("docket_entry")
