"""Full-text indexes on PostgreSQL: the counterpart of ``store.fts`` (FTS5).

Same two shapes as on SQLite:

- ``page_search`` holds a ``tsvector`` per page (document name weighted below
  the text), GIN-indexed. Page text stays compressed in ``document_page``
  only, as on SQLite; snippets are cut in Python from the pages shown. Its
  rows go with their page (ON DELETE CASCADE), where FTS5 needs a delete.
- ``entry_search`` keeps letters, Vaughn entries (with their withholdings)
  and notes, kept in step by triggers; ``rowid`` is ``id * 4 + kind`` as in
  ``entry_fts``, so the search code shares its arithmetic. It keeps its text,
  for ``ts_headline``.

The ``simple`` configuration: words are lower-cased, never stemmed and no
stop words dropped, as FTS5's unicode61 does (it also folds diacritics,
which needs the ``unaccent`` extension here: not done).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection

CONFIG = "simple"
# FTS5's unicode61 splits words at everything but letters and digits. The
# server's parser keeps "ICE-2020-000345" or an e-mail address whole besides
# its parts, and under the C locale takes every non-ASCII character (curly
# quotes too) for a letter: page text is split and lower-cased here instead,
# so a page is indexed alike on every server and as on SQLite.
_SEPARATORS = re.compile(r"[\W_]+")


def words_of(text: str) -> str:
    return _SEPARATORS.sub(" ", text).lower()

_RECORD_TEXT = """
    coalesce(r.description, '') || ' ' || coalesce(r.author, '') || ' ' ||
    coalesce(r.recipients, '') || ' ' || coalesce(r.bates_begin, '') || ' ' ||
    coalesce(r.bates_end, '') || ' ' || coalesce(r.segregability, '') || ' ' ||
    coalesce(r.challenge_argument, '') || ' ' || coalesce((
        SELECT string_agg(coalesce(w.raw_text, '') || ' ' || coalesce(w.justification, '')
                          || ' ' || coalesce(w.foreseeable_harm, '') || ' '
                          || coalesce(w.statute, ''), ' ')
        FROM withholding w WHERE w.record_id = r.id), '')
"""
_CORRESPONDENCE_TEXT = ("coalesce(c.sender, '') || ' ' || coalesce(c.recipient, '') || ' ' || "
                        "coalesce(c.cc, '') || ' ' || coalesce(c.body, '')")

# (table, the entry it feeds, the column naming that entry's id)
_TRIGGERED = [("correspondence", "correspondence", "id"), ("record", "record", "id"),
              ("withholding", "record", "record_id"), ("note", "note", "id")]

DDL = [
    # len: the page's tokens (name and text), for BM25 (store.pg_stats).
    "CREATE TABLE page_search (page_id INTEGER PRIMARY KEY REFERENCES document_page (id) "
    "ON DELETE CASCADE, tsv TSVECTOR NOT NULL, len INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX ix_page_search_tsv ON page_search USING GIN (tsv)",
    f"""CREATE TABLE entry_search (
        rowid BIGINT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
        tsv TSVECTOR GENERATED ALWAYS AS (
            setweight(to_tsvector('{CONFIG}', title), 'A') ||
            setweight(to_tsvector('{CONFIG}', body), 'B')) STORED)""",
    "CREATE INDEX ix_entry_search_tsv ON entry_search USING GIN (tsv)",
    # One function per table; each re-derives the row's entry from the tables,
    # so an update, an insert and a delete are the same three statements.
    f"""CREATE FUNCTION casefile_index_correspondence(cid INTEGER) RETURNS void AS $$
        DELETE FROM entry_search WHERE rowid = cid::bigint * 4 + 1;
        INSERT INTO entry_search (rowid, kind, title, body)
            SELECT c.id::bigint * 4 + 1, 'correspondence', coalesce(c.subject, ''),
                   {_CORRESPONDENCE_TEXT}
            FROM correspondence c WHERE c.id = cid;
    $$ LANGUAGE sql""",
    f"""CREATE FUNCTION casefile_index_record(rid INTEGER) RETURNS void AS $$
        DELETE FROM entry_search WHERE rowid = rid::bigint * 4 + 2;
        INSERT INTO entry_search (rowid, kind, title, body)
            SELECT r.id::bigint * 4 + 2, 'record',
                   'Entry ' || r.entry_no || ' ' || coalesce(r.doc_type, ''), {_RECORD_TEXT}
            FROM record r WHERE r.id = rid;
    $$ LANGUAGE sql""",
    """CREATE FUNCTION casefile_index_note(nid INTEGER) RETURNS void AS $$
        DELETE FROM entry_search WHERE rowid = nid::bigint * 4 + 3;
        INSERT INTO entry_search (rowid, kind, title, body)
            SELECT n.id::bigint * 4 + 3, 'note', '', coalesce(n.text, '') FROM note n
            WHERE n.id = nid;
    $$ LANGUAGE sql""",
    # PL/pgSQL resolves a row's fields when a statement is planned, so each
    # table has its own trigger function, and OLD and NEW their own branches.
    *[f"""CREATE FUNCTION casefile_search_{table}() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM casefile_index_{entry}(OLD.{key});
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM casefile_index_{entry}(NEW.{key});
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""" for table, entry, key in _TRIGGERED],
    *[f"CREATE TRIGGER {table}_search AFTER INSERT OR UPDATE OR DELETE ON {table} "
      f"FOR EACH ROW EXECUTE FUNCTION casefile_search_{table}()"
      for table, _, _ in _TRIGGERED],
]


def create(conn: Connection) -> None:
    from casefile.store import pg_stats

    for statement in DDL:
        conn.exec_driver_sql(statement)
    pg_stats.create(conn)


def page_vector_sql(name: str, text: str) -> str:
    """SQL of a page's tsvector from two bound parameters (its document's name, its text)."""
    return (f"setweight(to_tsvector('{CONFIG}', {name}), 'C') || "
            f"setweight(to_tsvector('{CONFIG}', {text}), 'A')")


def index_pages(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Add (page id, document name, page text) rows to the page index, and their
    terms to the ranking's statistics (store.pg_stats), in the caller's transaction."""
    from casefile.store import pg_stats

    rows = [(page_id, words_of(name or ""), words_of(text or "")) for page_id, name, text in rows]
    if rows:
        counted = pg_stats.counted_rows(rows)
        conn.exec_driver_sql(
            f"INSERT INTO page_search (page_id, tsv, len) VALUES "
            f"(%s, {page_vector_sql('%s', '%s')}, %s) ON CONFLICT (page_id) DO UPDATE "
            f"SET tsv = excluded.tsv, len = excluded.len",
            [(page_id, name, text, counted[page_id][1]) for page_id, name, text in rows])
        pg_stats.index(conn, counted)


def forget_pages(conn: Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Take (page id, name, old text) rows out of the page index and its statistics."""
    from casefile.store import pg_stats

    rows = [(page_id, words_of(name or ""), words_of(text or "")) for page_id, name, text in rows]
    if rows:
        conn.exec_driver_sql("DELETE FROM page_search WHERE page_id = %s",
                             [(page_id,) for page_id, _, _ in rows])
        pg_stats.forget(conn, pg_stats.counted_rows(rows))


def rebuild(conn: Connection, batch: int = 2000) -> int:
    """Rebuild both indexes and the statistics from the case's own rows; returns the
    pages indexed.

    Pages go in by COPY to a scratch table and one INSERT … SELECT, with the GIN
    index built once after them rather than row by row (by the owner: see below);
    the statistics are built whole (``pg_stats.Builder``).
    """
    import zlib

    from casefile.store import pg_stats

    # Only the table's owner may drop its index or truncate it; a member who may edit
    # (store.members) rebuilds with the index in place, slower.
    owner = conn.exec_driver_sql("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class "
                                 "WHERE oid = 'page_search'::regclass").scalar()
    if owner:  # no row-by-row delete of every page and its index entries
        conn.exec_driver_sql("TRUNCATE page_search, page_term, page_champion")
    else:
        conn.exec_driver_sql("DELETE FROM page_search")
        pg_stats.clear(conn)
    conn.exec_driver_sql("DELETE FROM entry_search")
    for table, fn in (("correspondence", "correspondence"), ("record", "record"),
                      ("note", "note")):
        conn.exec_driver_sql(f"SELECT casefile_index_{fn}(id) FROM {table}")
    if owner:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_page_search_tsv")
    conn.exec_driver_sql("CREATE TEMPORARY TABLE page_load (page_id INTEGER, name TEXT, "
                         "text TEXT, len INTEGER) ON COMMIT DROP")
    raw = conn.connection.driver_connection
    built = pg_stats.Builder()
    last, pages = 0, 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE p.id > %s AND p.text IS NOT NULL "
            "ORDER BY p.id LIMIT %s", (last, batch)).all()
        if not rows:
            break
        with raw.cursor() as cur, cur.copy(
                "COPY page_load (page_id, name, text, len) FROM STDIN") as copy:
            for page_id, name, text in rows:
                name, text = words_of(name or ""), words_of(zlib.decompress(text).decode("utf-8"))
                tf, length = pg_stats.counts(name, text)
                built.add(page_id, tf, length)
                copy.write_row((page_id, name, text, length))
        last, pages = rows[-1][0], pages + len(rows)
    conn.exec_driver_sql(f"INSERT INTO page_search (page_id, tsv, len) SELECT page_id, "
                         f"{page_vector_sql('name', 'text')}, len FROM page_load")
    conn.exec_driver_sql("DROP TABLE page_load")
    if owner:
        conn.exec_driver_sql("CREATE INDEX ix_page_search_tsv ON page_search USING GIN (tsv)")
    built.write(conn)
    return pages
