"""Store each page's text zlib-compressed.

Page text is most of a case file after its PDFs (about 2 kB a page, stored
one row to a 4 kB SQLite page); compressed, the 500-exhibit benchmark case
shrinks from 1.27x to well under 1.05x of "PDFs plus text".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    # Compress first, a batch at a time so memory stays flat on a large
    # production: SQLite lets a TEXT column hold the BLOBs, and the type
    # change after it copies them as they are (a CAST of a BLOB to BLOB).
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _upgrade_postgresql(conn)
        return
    while True:
        rows = conn.execute(sa.text(
            "SELECT rowid, text FROM document_page WHERE typeof(text) = 'text' LIMIT :n"
        ), {"n": BATCH}).all()
        if not rows:
            break
        conn.execute(sa.text("UPDATE document_page SET text = :z WHERE rowid = :r"),
                     [{"z": zlib.compress(t.encode("utf-8"), 6), "r": r} for r, t in rows])
    with op.batch_alter_table("document_page") as batch_op:
        batch_op.alter_column("text", type_=sa.LargeBinary(), existing_type=sa.Text())


def _upgrade_postgresql(conn) -> None:
    # A column has one type there: the text becomes its UTF-8 bytes, then
    # each page's bytes are compressed in place, a batch at a time.
    op.execute("ALTER TABLE document_page ALTER COLUMN text TYPE BYTEA "
               "USING convert_to(text, 'UTF8')")
    last = (0, 0)
    while True:
        rows = conn.execute(sa.text(
            "SELECT document_id, page_no, text FROM document_page WHERE text IS NOT NULL "
            "AND (document_id, page_no) > (:d, :p) ORDER BY document_id, page_no LIMIT :n"),
            {"d": last[0], "p": last[1], "n": BATCH}).all()
        if not rows:
            break
        conn.execute(sa.text("UPDATE document_page SET text = :z "
                             "WHERE document_id = :d AND page_no = :p"),
                     [{"z": zlib.compress(bytes(t), 6), "d": d, "p": p} for d, p, t in rows])
        last = (rows[-1][0], rows[-1][1])


def downgrade() -> None:
    conn = op.get_bind()
    while True:
        rows = conn.execute(sa.text(
            "SELECT rowid, text FROM document_page WHERE typeof(text) = 'blob' LIMIT :n"
        ), {"n": BATCH}).all()
        if not rows:
            break
        conn.execute(sa.text("UPDATE document_page SET text = :t WHERE rowid = :r"),
                     [{"t": zlib.decompress(z).decode("utf-8"), "r": r} for r, z in rows])
    with op.batch_alter_table("document_page") as batch_op:
        batch_op.alter_column("text", type_=sa.Text(), existing_type=sa.LargeBinary())
