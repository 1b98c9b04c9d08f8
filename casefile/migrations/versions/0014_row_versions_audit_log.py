"""Row versions and the audit log: many people may edit one case at once.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

Every entity table gains ``row_version`` (the ORM's version counter: a save
over a newer one is refused) and ``updated_by`` (who saved it last). Rows
already in the case start at version 1 with no known author. ``audit_log``
is new. Plain ADD COLUMN on both dialects (a constant default needs no table
rebuild on SQLite), so the upgrade of a large case is quick.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The entity tables as of this revision (the models' list may grow; this may not).
ENTITY_TABLES = (
    "matter", "agency", "party", "counsel", "foia_request", "correspondence", "document",
    "production", "vaughn_index", "record", "filing", "declaration", "exhibit_set",
    "exhibit", "deadline", "note", "docket_entry", "docket_proposal", "document_version",
)


def upgrade() -> None:
    for table in ENTITY_TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer(), nullable=False,
                                       server_default=sa.text("1")))
        op.add_column(table, sa.Column("updated_by", sa.String(length=100), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("row_uuid", sa.Uuid(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete', 'bulk')",
                           name="ck_audit_log_action"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.UniqueConstraint("uuid", name="uq_audit_log_uuid"),
    )
    op.create_index("ix_audit_log_row_uuid", "audit_log", ["row_uuid"])
    op.create_index("ix_audit_log_changed_at", "audit_log", ["changed_at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_changed_at", "audit_log")
    op.drop_index("ix_audit_log_row_uuid", "audit_log")
    op.drop_table("audit_log")
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would trip the search
    # index's triggers, which name these tables.
    for table in reversed(ENTITY_TABLES):
        op.execute(f"ALTER TABLE {table} DROP COLUMN updated_by")
        op.execute(f"ALTER TABLE {table} DROP COLUMN row_version")
