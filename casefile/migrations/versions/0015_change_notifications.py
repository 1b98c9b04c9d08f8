"""Others' changes notified: a trigger per table sends NOTIFY on a server.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08

On PostgreSQL every table of the case gets a statement-level trigger that
tells listeners (``store.pg_notify``) which table a committed transaction
changed, so each window open on the case shows others' saves. On SQLite
there is no one to tell: nothing is done.
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The tables as of this revision (pg_notify.tables() may grow; this may not).
TABLES = (
    "agency", "blob", "correspondence", "correspondence_document", "correspondence_request",
    "counsel", "deadline", "declaration", "declaration_paragraph", "docket_entry",
    "docket_entry_document", "docket_proposal", "document", "document_page",
    "document_version", "exemption", "exhibit", "exhibit_set", "filing", "foia_request",
    "matter", "note", "party", "privacy_check", "privacy_finding", "production",
    "production_document", "record", "redaction", "request_item", "setting",
    "vaughn_column_map", "vaughn_index", "withholding",
)


def upgrade() -> None:
    from casefile.store import pg_notify

    pg_notify.install(op.get_bind(), TABLES)


def downgrade() -> None:
    from casefile.store import pg_notify

    pg_notify.uninstall(op.get_bind(), TABLES)
