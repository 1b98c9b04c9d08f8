"""Full-text indexes (SQLite FTS5): SQLite-only, so kept in the storage layer.

Two indexes, for two shapes of text:

- ``page_fts`` indexes every page of every document. It is *contentless*: the
  page text is already in ``document_page`` (compressed), and storing it a
  second time would double the case file. Snippets are cut in Python from the
  stored text for the handful of hits shown. Its rowid is ``document_page.id``.
- ``entry_fts`` indexes correspondence, Vaughn entries (with their
  withholdings' justifications) and notes. These are small and edited, so it
  keeps its own copy of the text, and triggers keep it in step with every
  write, through the ORM or not. Its rowid is ``id * 4 + kind``.

The DDL here is what new files get; migration 0004 carries its own copy.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection

from casefile.store import fts_stats

TOKENIZER = "unicode61 remove_diacritics 2"
KIND_CORRESPONDENCE, KIND_RECORD, KIND_NOTE = 1, 2, 3
KIND_NAMES = {KIND_CORRESPONDENCE: "correspondence", KIND_RECORD: "record", KIND_NOTE: "note"}
TABLES = ("page_fts", "entry_fts")

_RECORD_TEXT = """
    coalesce(r.description, '') || ' ' || coalesce(r.author, '') || ' ' ||
    coalesce(r.recipients, '') || ' ' || coalesce(r.bates_begin, '') || ' ' ||
    coalesce(r.bates_end, '') || ' ' || coalesce(r.segregability, '') || ' ' ||
    coalesce(r.challenge_argument, '') || ' ' || coalesce((
        SELECT group_concat(coalesce(w.raw_text, '') || ' ' || coalesce(w.justification, '')
                            || ' ' || coalesce(w.foreseeable_harm, '') || ' '
                            || coalesce(w.statute, ''), ' ')
        FROM withholding w WHERE w.record_id = r.id), '')
"""


def _reindex_record(record_id: str) -> str:
    return f"""
        DELETE FROM entry_fts WHERE rowid = {record_id} * 4 + 2;
        INSERT INTO entry_fts (rowid, kind, title, text)
            SELECT r.id * 4 + 2, 'record',
                   'Entry ' || r.entry_no || ' ' || coalesce(r.doc_type, ''), {_RECORD_TEXT}
            FROM record r WHERE r.id = {record_id};
    """


# No prefix indexes: they tripled the page index (measured: 14.5 MB against
# 5.5 MB for the 10,000-page bench case) and prefix queries stay fast without.
PAGE_FTS = (f"CREATE VIRTUAL TABLE page_fts USING fts5(name, text, content='', "
            f"tokenize='{TOKENIZER}')")
ENTRY_FTS = (f"CREATE VIRTUAL TABLE entry_fts USING fts5(kind UNINDEXED, title, text, "
             f"tokenize='{TOKENIZER}')")

DDL = [
    PAGE_FTS,
    ENTRY_FTS,
    # correspondence
    """CREATE TRIGGER correspondence_fts_insert AFTER INSERT ON correspondence BEGIN
        INSERT INTO entry_fts (rowid, kind, title, text) VALUES (new.id * 4 + 1,
            'correspondence', coalesce(new.subject, ''), coalesce(new.sender, '') || ' ' ||
            coalesce(new.recipient, '') || ' ' || coalesce(new.cc, '') || ' ' ||
            coalesce(new.body, ''));
    END""",
    """CREATE TRIGGER correspondence_fts_update AFTER UPDATE ON correspondence BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 1;
        INSERT INTO entry_fts (rowid, kind, title, text) VALUES (new.id * 4 + 1,
            'correspondence', coalesce(new.subject, ''), coalesce(new.sender, '') || ' ' ||
            coalesce(new.recipient, '') || ' ' || coalesce(new.cc, '') || ' ' ||
            coalesce(new.body, ''));
    END""",
    """CREATE TRIGGER correspondence_fts_delete AFTER DELETE ON correspondence BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 1;
    END""",
    # Vaughn entries, with their withholdings' text
    f"CREATE TRIGGER record_fts_insert AFTER INSERT ON record BEGIN "
    f"{_reindex_record('new.id')} END",
    f"CREATE TRIGGER record_fts_update AFTER UPDATE ON record BEGIN "
    f"{_reindex_record('new.id')} END",
    """CREATE TRIGGER record_fts_delete AFTER DELETE ON record BEGIN
        DELETE FROM entry_fts WHERE rowid = old.id * 4 + 2;
    END""",
    f"CREATE TRIGGER withholding_fts_insert AFTER INSERT ON withholding BEGIN "
    f"{_reindex_record('new.record_id')} END",
    f"CREATE TRIGGER withholding_fts_update AFTER UPDATE ON withholding BEGIN "
    f"{_reindex_record('new.record_id')} END",
    f"CREATE TRIGGER withholding_fts_delete AFTER DELETE ON withholding BEGIN "
    f"{_reindex_record('old.record_id')} END",
    # notes
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


def create(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        from casefile.store import pg_fts

        return pg_fts.create(conn)
    for statement in DDL:
        conn.exec_driver_sql(statement)
    fts_stats.create(conn)


def is_fts_name(name: str | None) -> bool:
    """FTS tables and their shadow tables (page_fts_data, …), for schema diffs."""
    return bool(name) and name.startswith(TABLES + fts_stats.TABLES)


def integrity_problems(conn: Connection) -> list[str]:
    """FTS5's own consistency check of both indexes, as sentences."""
    problems = []
    for table in TABLES:
        try:
            conn.exec_driver_sql(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        except Exception as exc:  # FTS5 reports damage as SQLITE_CORRUPT
            problems.append(f"the search index {table} is damaged ({exc.__class__.__name__}); "
                            "rebuild it with 'casefile reindex'")
    return problems


_FILL_ENTRIES = [
    "INSERT INTO entry_fts (rowid, kind, title, text) SELECT id * 4 + 1, 'correspondence', "
    "coalesce(subject, ''), coalesce(sender, '') || ' ' || coalesce(recipient, '') || ' ' "
    "|| coalesce(cc, '') || ' ' || coalesce(body, '') FROM correspondence",
    f"INSERT INTO entry_fts (rowid, kind, title, text) SELECT r.id * 4 + 2, 'record', "
    f"'Entry ' || r.entry_no || ' ' || coalesce(r.doc_type, ''), {_RECORD_TEXT} FROM record r",
    "INSERT INTO entry_fts (rowid, kind, title, text) SELECT id * 4 + 3, 'note', '', text "
    "FROM note",
]


def rebuild(conn: Connection, batch: int = 1000) -> int:
    """Rebuild both indexes from the case's own rows; returns the pages indexed."""
    import zlib

    if conn.dialect.name == "postgresql":
        from casefile.store import pg_fts

        return pg_fts.rebuild(conn, batch)
    conn.exec_driver_sql("INSERT INTO page_fts (page_fts) VALUES ('delete-all')")
    conn.exec_driver_sql("DELETE FROM entry_fts")
    fts_stats.clear(conn)
    for statement in _FILL_ENTRIES:
        conn.exec_driver_sql(statement)
    last, pages = 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE p.id > ? AND p.text IS NOT NULL "
            "ORDER BY p.id LIMIT ?", (last, batch)).all()
        if not rows:
            return pages
        index_pages(conn, [(i, n, zlib.decompress(t).decode("utf-8")) for i, n, t in rows])
        last, pages = rows[-1][0], pages + len(rows)


def forget_pages(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Take (page id, document name, old text) rows out of the page index, which is
    contentless and needs each row's old values to drop it, and out of the ranking's
    statistics."""
    if conn.dialect.name == "postgresql":  # a case on a server (store.pg_fts)
        from casefile.store import pg_fts

        return pg_fts.forget_pages(conn, rows)
    rows = list(rows)
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO page_fts (page_fts, rowid, name, text) VALUES ('delete', ?, ?, ?)",
            rows)
        fts_stats.forget(conn, rows)


def index_pages(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Add (page id, document name, page text) rows to the page index."""
    if conn.dialect.name == "postgresql":  # a case on a server (store.pg_fts)
        from casefile.store import pg_fts

        return pg_fts.index_pages(conn, rows)
    rows = list(rows)
    if rows:
        conn.exec_driver_sql("INSERT INTO page_fts (rowid, name, text) VALUES (?, ?, ?)", rows)
        # The ranking's per-term statistics (store.fts_stats), in the same transaction.
        fts_stats.index(conn, rows)
