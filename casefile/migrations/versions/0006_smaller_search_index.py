"""Search indexes without prefix indexes, a third the size.

The 2- and 3-letter prefix indexes of 0004 made the page index about as big
as the text it indexes, pushing the case file past "the PDFs plus their
text"; prefix queries are fast enough without them (bench/RESULTS.md).
Both FTS5 tables are rebuilt from the case's own rows; triggers refer to
entry_fts by name and keep working.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""
import zlib

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TOKENIZER = "unicode61 remove_diacritics 2"
RECORD_TEXT = """
    coalesce(r.description, '') || ' ' || coalesce(r.author, '') || ' ' ||
    coalesce(r.recipients, '') || ' ' || coalesce(r.bates_begin, '') || ' ' ||
    coalesce(r.bates_end, '') || ' ' || coalesce(r.segregability, '') || ' ' ||
    coalesce(r.challenge_argument, '') || ' ' || coalesce((
        SELECT group_concat(coalesce(w.raw_text, '') || ' ' || coalesce(w.justification, '')
                            || ' ' || coalesce(w.foreseeable_harm, '') || ' '
                            || coalesce(w.statute, ''), ' ')
        FROM withholding w WHERE w.record_id = r.id), '')
"""


def _rebuild(prefix: str) -> None:
    op.execute("DROP TABLE page_fts")
    op.execute("DROP TABLE entry_fts")
    op.execute(f"CREATE VIRTUAL TABLE page_fts USING fts5(name, text, content=''{prefix}, "
               f"tokenize='{TOKENIZER}')")
    op.execute(f"CREATE VIRTUAL TABLE entry_fts USING fts5(kind UNINDEXED, title, text"
               f"{prefix}, tokenize='{TOKENIZER}')")
    conn = op.get_bind()
    conn.exec_driver_sql(
        "INSERT INTO entry_fts (rowid, kind, title, text) SELECT id * 4 + 1, 'correspondence', "
        "coalesce(subject, ''), coalesce(sender, '') || ' ' || coalesce(recipient, '') || ' ' "
        "|| coalesce(cc, '') || ' ' || coalesce(body, '') FROM correspondence")
    conn.exec_driver_sql(
        f"INSERT INTO entry_fts (rowid, kind, title, text) SELECT r.id * 4 + 2, 'record', "
        f"'Entry ' || r.entry_no || ' ' || coalesce(r.doc_type, ''), {RECORD_TEXT} FROM record r")
    conn.exec_driver_sql("INSERT INTO entry_fts (rowid, kind, title, text) "
                         "SELECT id * 4 + 3, 'note', '', text FROM note")
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE p.id > ? AND p.text IS NOT NULL "
            "ORDER BY p.id LIMIT 1000", (last,)).all()
        if not rows:
            break
        conn.exec_driver_sql("INSERT INTO page_fts (rowid, name, text) VALUES (?, ?, ?)",
                             [(i, n, zlib.decompress(t).decode("utf-8")) for i, n, t in rows])
        last = rows[-1][0]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        return  # its tsvector indexes never had prefix indexes (store/pg_fts.py)
    _rebuild("")


def downgrade() -> None:
    _rebuild(", prefix='2 3'")
