"""Lookup indexes for email threading and Bates citations.

Ingest threads replies by Message-ID and resolves "ICE-2020-000345" to a page;
both need an index to stay instant on a production of 500,000 pages.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("correspondence") as batch_op:
        batch_op.create_index("ix_correspondence_message_id", ["message_id"], unique=False)
    with op.batch_alter_table("document_page") as batch_op:
        batch_op.create_index("ix_document_page_bates", ["bates"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_page") as batch_op:
        batch_op.drop_index("ix_document_page_bates")
    with op.batch_alter_table("correspondence") as batch_op:
        batch_op.drop_index("ix_correspondence_message_id")
