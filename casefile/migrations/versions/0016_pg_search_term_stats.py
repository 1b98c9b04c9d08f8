"""Per-term statistics of the page index on PostgreSQL, so a server ranks as SQLite does.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

``page_search`` gains ``len`` (a page's tokens, for BM25), and the two tables
of ``casefile/store/pg_stats.py`` are made and filled by rebuilding the
index from the pages' text the case already holds. SQLite has had its
statistics since 0013: nothing to do there.
"""
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The DDL as of this revision (pg_stats.DDL may move on; this file may not). IF NOT
# EXISTS: revision 0004 makes the search index with pg_fts.create as it is now,
# which has these already when a case is upgraded from before 0004.
DDL = [
    "ALTER TABLE page_search ADD COLUMN IF NOT EXISTS len INTEGER NOT NULL DEFAULT 0",
    "CREATE TABLE IF NOT EXISTS page_term (term TEXT COLLATE \"C\" NOT NULL PRIMARY KEY, "
    "pages INTEGER NOT NULL, listed INTEGER NOT NULL, "
    "rest_weight DOUBLE PRECISION NOT NULL DEFAULT 0, rest_avgdl DOUBLE PRECISION)",
    "CREATE TABLE IF NOT EXISTS page_champion (term TEXT COLLATE \"C\" NOT NULL, "
    "page_id INTEGER NOT NULL, tf DOUBLE PRECISION NOT NULL, len INTEGER NOT NULL, "
    "PRIMARY KEY (term, page_id))",
]


def upgrade() -> None:
    # Filling is the index code's own job (its counts must be the ones an import writes).
    from casefile.store import pg_fts

    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for statement in DDL:
        op.execute(statement)
    pg_fts.rebuild(conn)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE page_champion")
    op.execute("DROP TABLE page_term")
    op.execute("ALTER TABLE page_search DROP COLUMN len")
