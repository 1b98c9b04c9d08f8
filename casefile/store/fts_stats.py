"""Per-term statistics of the page index, kept at index time, for ranking.

FTS5's bm25() counts every page a phrase is on and scores every match, which
takes hundreds of milliseconds for a word on most of a 500,000-page case
(bench/RESULTS.md, issue 21). What ranks any query without touching every
match is kept here, written beside ``page_fts`` by ``fts.index_pages``:

- ``page_term``: per term, the pages it is on, and a bound on the BM25 term
  weight of every page that is *not* in its champion list (``rest_weight``,
  computed at ``rest_avgdl``; see ``rest_bound``).
- ``page_champion``: per term, the pages with the highest BM25 term weight
  (``tf·(k1+1)/(tf + k1·(1−b+b·len/avgdl))``), at most ``2 * LIST`` of them
  between trims, with the term frequency (name counted half, as search
  weighs it) and the page length (tokens) stored.

Terms and counts come from FTS5's own tokenizer (a scratch FTS5 table in the
temp schema and its ``fts5vocab`` instances), so they are the index's terms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlalchemy import Connection

K1, B = 1.2, 0.75
NAME_WEIGHT = 0.5  # search weighs a document's name half a page word: bm25(page_fts, 0.5, 1.0)
LIST = 256  # champion pages kept per term after a trim
TOKENIZER = "unicode61 remove_diacritics 2"

DDL = [
    "CREATE TABLE page_term (term TEXT NOT NULL PRIMARY KEY, pages INTEGER NOT NULL, "
    "listed INTEGER NOT NULL, rest_weight REAL NOT NULL DEFAULT 0, rest_avgdl REAL) "
    "WITHOUT ROWID",
    "CREATE TABLE page_champion (term TEXT NOT NULL, page_id INTEGER NOT NULL, "
    "tf REAL NOT NULL, len INTEGER NOT NULL, PRIMARY KEY (term, page_id)) WITHOUT ROWID",
]
TABLES = ("page_term", "page_champion")


def create(conn: Connection) -> None:
    for statement in DDL:
        conn.exec_driver_sql(statement)


def weight(tf: float, length: float, avgdl: float) -> float:
    """BM25's term weight of a page, as FTS5's bm25() computes it (without the IDF)."""
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))


def idf(pages: int, total: int) -> float:
    """FTS5's IDF: a word on more than half the pages still counts a little."""
    value = math.log((total - pages + 0.5) / (pages + 0.5))
    return value if value > 0 else 1e-6


def rest_bound(rest_weight: float, rest_avgdl: float | None, avgdl: float) -> float:
    """The highest weight a page missing from a term's list can have now.

    A weight computed at average length A0 is at most ``A/A0`` times higher at
    A > A0 (only the length part of the denominator moves, by A0/A), and no
    higher at A <= A0: so the bound stays true as pages are added.
    """
    if not rest_avgdl or rest_weight <= 0:
        return 0.0
    return rest_weight * max(1.0, avgdl / rest_avgdl)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's varint (as FTS5 writes its record of totals)."""
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")


def totals(conn: Connection) -> tuple[int, float]:
    """Pages in ``page_fts`` and their average length in tokens (both columns).

    Read from FTS5's own record of totals (row 1 of ``page_fts_data``: the
    page count, then the tokens of each column), the figures its bm25() uses.
    """
    row = conn.exec_driver_sql("SELECT block FROM page_fts_data WHERE id = 1").first()
    if row is None or not row[0]:
        return 0, 1.0
    data = bytes(row[0])
    pages, at = _varint(data, 0)
    tokens = 0
    while at < len(data):
        count, at = _varint(data, at)
        tokens += count
    return pages, (tokens / pages if pages else 1.0)


def _scratch(conn: Connection) -> None:
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stat_fts USING "
                         f"fts5(name, text, tokenize='{TOKENIZER}')")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stat_vocab USING "
                         "fts5vocab(temp, stat_fts, instance)")
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS temp.stat_new (term TEXT, page_id INTEGER, "
                         "tf REAL, len INTEGER)")


def index(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Add the statistics of (page id, document name, text) rows just put in page_fts."""
    if not rows:
        return
    _scratch(conn)
    conn.exec_driver_sql("DELETE FROM temp.stat_fts")
    conn.exec_driver_sql("DELETE FROM temp.stat_new")
    conn.exec_driver_sql("INSERT INTO temp.stat_fts (rowid, name, text) VALUES (?, ?, ?)",
                         list(rows))
    conn.exec_driver_sql(
        f"INSERT INTO temp.stat_new (term, page_id, tf, len) "
        f"SELECT v.term, v.doc, sum(CASE v.col WHEN 'name' THEN {NAME_WEIGHT} ELSE 1.0 END), "
        f"l.n FROM temp.stat_vocab v JOIN (SELECT doc, count(*) AS n FROM temp.stat_vocab "
        f"GROUP BY doc) l ON l.doc = v.doc GROUP BY v.term, v.doc")
    conn.exec_driver_sql("INSERT OR REPLACE INTO page_champion (term, page_id, tf, len) "
                         "SELECT term, page_id, tf, len FROM temp.stat_new")
    conn.exec_driver_sql(
        "INSERT INTO page_term (term, pages, listed) SELECT term, count(*), count(*) "
        "FROM temp.stat_new WHERE true GROUP BY term ON CONFLICT (term) DO UPDATE SET "
        "pages = pages + excluded.pages, listed = listed + excluded.listed")
    long_lists = conn.exec_driver_sql(
        "SELECT term, rest_weight, rest_avgdl FROM page_term WHERE listed > ? AND term IN "
        "(SELECT term FROM temp.stat_new)", (2 * LIST,)).all()
    if long_lists:
        _, avgdl = totals(conn)
        for term, rest_weight, rest_avgdl in long_lists:
            _trim(conn, term, rest_bound(rest_weight, rest_avgdl, avgdl), avgdl)


def _trim(conn: Connection, term: str, rest: float, avgdl: float) -> None:
    """Keep a term's LIST best pages; what is dropped raises the bound on the rest."""
    listed = conn.exec_driver_sql("SELECT page_id, tf, len FROM page_champion WHERE term = ?",
                                  (term,)).all()
    listed.sort(key=lambda r: weight(r[1], r[2], avgdl), reverse=True)
    dropped = listed[LIST:]
    rest = max([rest] + [weight(tf, n, avgdl) for _, tf, n in dropped])
    conn.exec_driver_sql("DELETE FROM page_champion WHERE term = ? AND page_id = ?",
                         [(term, page_id) for page_id, _, _ in dropped])
    conn.exec_driver_sql("UPDATE page_term SET listed = ?, rest_weight = ?, rest_avgdl = ? "
                         "WHERE term = ?", (len(listed) - len(dropped), rest, avgdl, term))


def clear(conn: Connection) -> None:
    for table in TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")
