"""Per-term statistics of the page index, so that every search is ranked.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Two new tables (``casefile/store/fts_stats.py`` explains them), filled from
the pages' text the case already holds, so a case opened after upgrading
ranks its broad searches too. ``page_fts`` itself is unchanged.
"""
import zlib

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The DDL as of this revision (fts_stats.DDL may move on; this file may not).
DDL = [
    "CREATE TABLE page_term (term TEXT NOT NULL PRIMARY KEY, pages INTEGER NOT NULL, "
    "listed INTEGER NOT NULL, rest_weight REAL NOT NULL DEFAULT 0, rest_avgdl REAL) "
    "WITHOUT ROWID",
    "CREATE TABLE page_champion (term TEXT NOT NULL, page_id INTEGER NOT NULL, "
    "tf REAL NOT NULL, len INTEGER NOT NULL, PRIMARY KEY (term, page_id)) WITHOUT ROWID",
]


def upgrade() -> None:
    # Filling the tables is the statistics code's own job (its term counts must be
    # the ones an import writes); the tables' shape is fixed above.
    from casefile.store import fts_stats

    if op.get_bind().dialect.name == "postgresql":
        return  # a server ranks with ts_rank_cd over its tsvector index: no statistics
    for statement in DDL:
        op.execute(statement)
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE p.id > ? AND p.text IS NOT NULL "
            "ORDER BY p.id LIMIT 2000", (last,)).all()
        if not rows:
            break
        fts_stats.index(conn, [(i, n, zlib.decompress(t).decode("utf-8")) for i, n, t in rows])
        last = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return
    op.execute("DROP TABLE page_champion")
    op.execute("DROP TABLE page_term")
