"""Each page's exemption markings, read once at ingest.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

Pages stored before this revision keep NULL, and the Vaughn review reads
their markings from their text as it always did: an upgrade that read every
page of a 500,000-page case would keep the attorney waiting for minutes.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("document_page", sa.Column("markings", sa.String(length=64), nullable=True))
    # One index for Bates lookups that also covers (bates, markings).
    op.drop_index("ix_document_page_bates", table_name="document_page")
    op.create_index("ix_document_page_bates_markings", "document_page", ["bates", "markings"])


def downgrade() -> None:
    op.drop_index("ix_document_page_bates_markings", table_name="document_page")
    op.create_index("ix_document_page_bates", "document_page", ["bates"])
    # SQLite's own DROP COLUMN (3.35+): a batch rebuild would copy every page's text.
    op.execute("ALTER TABLE document_page DROP COLUMN markings")
