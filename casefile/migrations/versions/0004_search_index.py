"""Full-text search: page ids, document origins, the FTS5 indexes.

document_page gets a real INTEGER PRIMARY KEY (the page index's rowid must
survive VACUUM), documents remember where they came from (paths inside an
archive), and the two FTS5 indexes of casefile/store/fts.py are created and
filled from what the file already holds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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


def reindex_record(record_id: str) -> str:
    return f"""
        DELETE FROM entry_fts WHERE rowid = {record_id} * 4 + 2;
        INSERT INTO entry_fts (rowid, kind, title, text)
            SELECT r.id * 4 + 2, 'record',
                   'Entry ' || r.entry_no || ' ' || coalesce(r.doc_type, ''), {RECORD_TEXT}
            FROM record r WHERE r.id = {record_id};
    """


CORRESPONDENCE_ROW = """(new.id * 4 + 1, 'correspondence', coalesce(new.subject, ''),
    coalesce(new.sender, '') || ' ' || coalesce(new.recipient, '') || ' ' ||
    coalesce(new.cc, '') || ' ' || coalesce(new.body, ''))"""

DDL = [
    f"CREATE VIRTUAL TABLE page_fts USING fts5(name, text, content='', prefix='2 3', "
    f"tokenize='{TOKENIZER}')",
    f"CREATE VIRTUAL TABLE entry_fts USING fts5(kind UNINDEXED, title, text, prefix='2 3', "
    f"tokenize='{TOKENIZER}')",
    f"""CREATE TRIGGER correspondence_fts_insert AFTER INSERT ON correspondence BEGIN
        INSERT INTO entry_fts (rowid, kind, title, text) VALUES {CORRESPONDENCE_ROW};
    END""",
    f"""CREATE TRIGGER correspondence_fts_update AFTER UPDATE ON correspondence BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 1;
        INSERT INTO entry_fts (rowid, kind, title, text) VALUES {CORRESPONDENCE_ROW};
    END""",
    """CREATE TRIGGER correspondence_fts_delete AFTER DELETE ON correspondence BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 1;
    END""",
    f"CREATE TRIGGER record_fts_insert AFTER INSERT ON record BEGIN "
    f"{reindex_record('new.id')} END",
    f"CREATE TRIGGER record_fts_update AFTER UPDATE ON record BEGIN "
    f"{reindex_record('new.id')} END",
    """CREATE TRIGGER record_fts_delete AFTER DELETE ON record BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 2;
    END""",
    f"CREATE TRIGGER withholding_fts_insert AFTER INSERT ON withholding BEGIN "
    f"{reindex_record('new.record_id')} END",
    f"CREATE TRIGGER withholding_fts_update AFTER UPDATE ON withholding BEGIN "
    f"{reindex_record('new.record_id')} END",
    f"CREATE TRIGGER withholding_fts_delete AFTER DELETE ON withholding BEGIN "
    f"{reindex_record('old.record_id')} END",
    """CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
        INSERT INTO entry_fts (rowid, kind, title, text)
            VALUES (new.id * 4 + 3, 'note', '', new.text);
    END""",
    """CREATE TRIGGER note_fts_update AFTER UPDATE ON note BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 3;
        INSERT INTO entry_fts (rowid, kind, title, text)
            VALUES (new.id * 4 + 3, 'note', '', new.text);
    END""",
    """CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 3;
    END""",
]


def _upgrade_postgresql() -> None:
    """The same change on PostgreSQL: the page id added in place (ALTER TABLE
    keeps the rows, and a serial column numbers them), and tsvector indexes
    with triggers where SQLite has FTS5 (casefile/store/pg_fts.py)."""
    from casefile.store import pg_fts

    op.execute("ALTER TABLE document_page DROP CONSTRAINT pk_document_page")
    op.execute("ALTER TABLE document_page ADD COLUMN id SERIAL")
    op.create_primary_key("pk_document_page", "document_page", ["id"])
    op.create_unique_constraint("uq_document_page_document_id_page_no", "document_page",
                                ["document_id", "page_no"])
    op.add_column("document", sa.Column("origin", sa.Text(), nullable=True))
    conn = op.get_bind()
    pg_fts.create(conn)
    pg_fts.rebuild(conn)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
        return
    op.create_table(
        "document_page_new",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=True),
        sa.Column("has_text_layer", sa.Boolean(), nullable=True),
        sa.Column("ocr", sa.Boolean(), nullable=False),
        sa.Column("bates", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name="fk_document_page_document_id_document",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_document_page"),
        sa.UniqueConstraint("document_id", "page_no",
                            name="uq_document_page_document_id_page_no"),
    )
    op.execute("INSERT INTO document_page_new (document_id, page_no, text, has_text_layer, ocr, "
               "bates) SELECT document_id, page_no, text, has_text_layer, ocr, bates "
               "FROM document_page ORDER BY document_id, page_no")
    op.drop_table("document_page")
    op.rename_table("document_page_new", "document_page")
    op.create_index("ix_document_page_bates", "document_page", ["bates"], unique=False)
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("origin", sa.Text(), nullable=True))

    for statement in DDL:
        op.execute(statement)
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
    while True:  # pages in batches: their text is compressed, so Python feeds the index
        rows = conn.exec_driver_sql(
            "SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE p.id > ? AND p.text IS NOT NULL "
            "ORDER BY p.id LIMIT 1000", (last,)).all()
        if not rows:
            break
        conn.exec_driver_sql("INSERT INTO page_fts (rowid, name, text) VALUES (?, ?, ?)",
                             [(i, n, zlib.decompress(t).decode("utf-8")) for i, n, t in rows])
        last = rows[-1][0]


def downgrade() -> None:
    for trigger in ("correspondence", "record", "withholding", "note"):
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}_fts_{event}")
    op.execute("DROP TABLE entry_fts")
    op.execute("DROP TABLE page_fts")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("origin")
    op.create_table(
        "document_page_old",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=True),
        sa.Column("has_text_layer", sa.Boolean(), nullable=True),
        sa.Column("ocr", sa.Boolean(), nullable=False),
        sa.Column("bates", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name="fk_document_page_document_id_document",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "page_no", name="pk_document_page"),
    )
    op.execute("INSERT INTO document_page_old SELECT document_id, page_no, text, "
               "has_text_layer, ocr, bates FROM document_page")
    op.drop_table("document_page")
    op.rename_table("document_page_old", "document_page")
    op.create_index("ix_document_page_bates", "document_page", ["bates"], unique=False)
