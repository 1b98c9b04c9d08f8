"""The Vaughn work: challenge citations, and column mappings saved per agency.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch rebuild of "record" would drop the triggers
    # that keep its full-text index current.
    op.add_column("record", sa.Column("challenge_citations", sa.Text(), nullable=True))
    op.create_table(
        "vaughn_column_map",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("header", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], ondelete="CASCADE",
                                name=op.f("fk_vaughn_column_map_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaughn_column_map")),
        sa.UniqueConstraint("agency_id", "header",
                            name=op.f("uq_vaughn_column_map_agency_id_header")),
    )


def downgrade() -> None:
    op.drop_table("vaughn_column_map")
    # SQLite's own DROP COLUMN (3.35+), for the same reason as above.
    op.execute("ALTER TABLE record DROP COLUMN challenge_citations")
