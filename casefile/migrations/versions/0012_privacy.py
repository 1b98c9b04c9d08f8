"""Privacy: redacted versions of documents with their redaction log, and the
findings of the check each imported file gets once.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07

New tables only: a case from before has no versions, and its documents read
as "not checked at import" (a bundle then checks them as it always did).
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_version",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["blob_id"], ["blob.id"],
                                name="fk_document_version_blob_id_blob", ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name="fk_document_version_document_id_document",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_document_version"),
        sa.UniqueConstraint("document_id", "number", name="uq_document_version_document_id_number"),
        sa.UniqueConstraint("uuid", name="uq_document_version_uuid"),
    )
    op.create_index("ix_document_version_blob_id", "document_version", ["blob_id"])
    op.create_table(
        "redaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("x0", sa.Float(), nullable=False),
        sa.Column("y0", sa.Float(), nullable=False),
        sa.Column("x1", sa.Float(), nullable=False),
        sa.Column("y1", sa.Float(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("removed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["document_version.id"],
                                name="fk_redaction_version_id_document_version",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_redaction"),
    )
    op.create_index("ix_redaction_version_id", "redaction", ["version_id"])
    op.create_table(
        "privacy_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blob_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=16), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["blob_id"], ["blob.id"],
                                name="fk_privacy_check_blob_id_blob", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_privacy_check"),
        sa.UniqueConstraint("blob_id", name="uq_privacy_check_blob_id"),
    )
    op.create_table(
        "privacy_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("x0", sa.Float(), nullable=True),
        sa.Column("y0", sa.Float(), nullable=True),
        sa.Column("x1", sa.Float(), nullable=True),
        sa.Column("y1", sa.Float(), nullable=True),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("allowed", sa.Text(), nullable=False),
        sa.Column("where", sa.String(length=32), nullable=False),
        sa.CheckConstraint("kind IN ('personal', 'noted', 'hidden', 'not_checked')",
                           name="ck_privacy_finding_kind"),
        sa.ForeignKeyConstraint(["check_id"], ["privacy_check.id"],
                                name="fk_privacy_finding_check_id_privacy_check",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_privacy_finding"),
    )
    op.create_index("ix_privacy_finding_check_id", "privacy_finding", ["check_id"])


def downgrade() -> None:
    op.drop_index("ix_privacy_finding_check_id", table_name="privacy_finding")
    op.drop_table("privacy_finding")
    op.drop_table("privacy_check")
    op.drop_index("ix_redaction_version_id", table_name="redaction")
    op.drop_table("redaction")
    op.drop_index("ix_document_version_blob_id", table_name="document_version")
    op.drop_table("document_version")
