"""Per-term statistics of the page index, kept at index time, for ranking.

FTS5's bm25() counts every page a phrase is on and scores every match, which
takes hundreds of milliseconds for a word on most of a 500,000-page case
(bench/RESULTS.md, issue 21). What ranks any query without touching every
match is kept here, written beside ``page_fts`` by ``fts.index_pages``:

- ``page_term``: per term, the pages it is on (the empty term: all pages, and
  in ``listed`` their tokens), and a bound on the BM25 term
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
import re
from collections import Counter
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


def totals(conn: Connection) -> tuple[int, float]:
    """Pages indexed and their average length in tokens (name and text), as bm25() counts.

    Kept in ``page_term``'s row for the empty term (never a word): FTS5's own
    record of totals is written only when its pending data is flushed, so an
    import cannot read it back in its own transaction.
    """
    row = conn.exec_driver_sql("SELECT pages, listed FROM page_term WHERE term = ''").first()
    if row is None or not row[0]:
        return 0, 1.0
    return row[0], row[1] / row[0]


_ASCII_WORDS = re.compile(r"[a-z0-9]+")
# ASCII as unicode61 folds it: letters lower-cased, digits kept, every other
# character a separator (a space, for str.split). str.translate takes a fast
# path for an ASCII-to-ASCII table: this and split() are about twice as fast as
# the regular expression on a page (measured in bench/RESULTS.md, storecpu).
_ASCII_FOLD = str.maketrans({
    chr(c): chr(c).lower() if chr(c).isalnum() else " " for c in range(128)})


def _counts(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> dict[int, tuple]:
    """Per page: (term frequencies, the name counted half; length in tokens).

    On ASCII text FTS5's unicode61 tokenizer takes runs of letters and digits,
    lower-cased, which str.translate and split() do as exactly and far faster than
    reading FTS5's instances back; any other page goes through FTS5 itself (a
    scratch table in the temp schema and its fts5vocab instances).
    """
    out: dict[int, tuple] = {}
    other = []
    named_as: dict[str, list[str] | None] = {}  # a batch's pages mostly share one name
    for page_id, name, text in rows:
        named = named_as.get(name, False)
        if named is False:
            named = named_as[name] = (name.translate(_ASCII_FOLD).split()
                                      if name.isascii() else None)
        if named is not None and text.isascii():
            words = text.translate(_ASCII_FOLD).split()
            tf: dict[str, float] = Counter(words)
            for word in named:
                tf[word] = tf.get(word, 0) + NAME_WEIGHT
            out[page_id] = (tf, len(words) + len(named))
        else:
            other.append((page_id, name, text))
    if other:
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stat_fts USING "
                             f"fts5(name, text, tokenize='{TOKENIZER}')")
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stat_vocab USING "
                             "fts5vocab(temp, stat_fts, instance)")
        conn.exec_driver_sql("DELETE FROM temp.stat_fts")
        conn.exec_driver_sql("INSERT INTO temp.stat_fts (rowid, name, text) VALUES (?, ?, ?)",
                             other)
        for page_id, *_ in other:
            out[page_id] = (Counter(), 0)
        for term, doc, col in conn.exec_driver_sql(
                "SELECT term, doc, col FROM temp.stat_vocab"):
            tf, length = out[doc]
            tf[term] += NAME_WEIGHT if col == "name" else 1.0
            out[doc] = (tf, length + 1)
        conn.exec_driver_sql("DELETE FROM temp.stat_fts")
    return out


def index(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Add the statistics of (page id, document name, text) rows just put in page_fts."""
    if not rows:
        return
    counted = _counts(conn, rows)
    pages_of: Counter = Counter()  # per term, the batch's pages it is on
    for tf, _length in counted.values():
        pages_of.update(tf.keys())  # an iterable, not a mapping: counted in C
    conn.exec_driver_sql(
        "INSERT INTO page_term (term, pages, listed) VALUES ('', ?, ?) ON CONFLICT (term) "
        "DO UPDATE SET pages = pages + excluded.pages, listed = listed + excluded.listed",
        (len(counted), sum(length for _, length in counted.values())))
    _, avgdl = totals(conn)
    # A page weighing no more than the term's rest_weight, both at rest_avgdl, is
    # covered by that bound at every average length to come (rest_bound): it need
    # not be listed. (Compared at today's average length against the bound carried
    # to it, a page could pass the bound once the average fell back.)
    bounded: dict[str, tuple[float, float]] = {}  # term: (rest_weight, K1·B/rest_avgdl)
    terms = list(pages_of)
    for at in range(0, len(terms), 5000):
        chunk = terms[at:at + 5000]
        bounded.update((term, (rest, K1 * B / rest_at)) for term, rest, rest_at in
                       conn.exec_driver_sql(
            f"SELECT term, rest_weight, rest_avgdl FROM page_term WHERE rest_weight > 0 "
            f"AND rest_avgdl AND term IN ({','.join('?' * len(chunk))})", tuple(chunk)))
    # Page by page rather than term by term: no list of every (term, page) pair
    # is built, only of the pairs kept (weight(tf, len) > rest, without a call).
    champions: list[tuple[str, int, float, int]] = []
    keep = champions.append
    base, k1_1 = K1 * (1 - B), K1 + 1
    for page_id, (tf, length) in counted.items():
        for term, count in tf.items():
            bound = bounded.get(term)
            if bound is None or count * k1_1 > bound[0] * (count + base + bound[1] * length):
                keep((term, page_id, count, length))
    if champions:
        conn.exec_driver_sql("INSERT INTO page_champion (term, page_id, tf, len) "
                             "VALUES (?, ?, ?, ?)", champions)
    listed_of = Counter(champion[0] for champion in champions)
    conn.exec_driver_sql(
        "INSERT INTO page_term (term, pages, listed) VALUES (?, ?, ?) ON CONFLICT (term) "
        "DO UPDATE SET pages = pages + excluded.pages, listed = listed + excluded.listed",
        [(term, pages, listed_of.get(term, 0)) for term, pages in pages_of.items()])
    long_lists = list(listed_of)
    for at in range(0, len(long_lists), 5000):
        chunk = long_lists[at:at + 5000]
        for term, rest_weight, rest_avgdl in conn.exec_driver_sql(
                f"SELECT term, rest_weight, rest_avgdl FROM page_term WHERE listed > "
                f"{2 * LIST} AND term IN ({','.join('?' * len(chunk))})", tuple(chunk)).all():
            _trim(conn, term, rest_bound(rest_weight, rest_avgdl, avgdl), avgdl)


def forget(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Take out the statistics of (page id, document name, old text) rows being
    removed from page_fts (a PDF read again once unlocked). A term's bound on its
    unlisted pages stays an upper bound: fewer pages only lower the true maximum."""
    if not rows:
        return
    counted = _counts(conn, rows)
    conn.exec_driver_sql("UPDATE page_term SET pages = pages - ?, listed = listed - ? "
                         "WHERE term = ''",
                         (len(counted), sum(length for _, length in counted.values())))
    pages_of: Counter = Counter()
    for tf, _length in counted.values():
        pages_of.update(tf.keys())
    listed_of: Counter = Counter()
    for page_id, (tf, _length) in counted.items():
        for term in tf:
            if conn.exec_driver_sql("DELETE FROM page_champion WHERE term = ? AND page_id = ?",
                                    (term, page_id)).rowcount:
                listed_of[term] += 1
    conn.exec_driver_sql("UPDATE page_term SET pages = pages - ?, listed = listed - ? "
                         "WHERE term = ?",
                         [(n, listed_of[term], term) for term, n in pages_of.items()])
    conn.exec_driver_sql("DELETE FROM page_term WHERE pages <= 0 AND term != ''")


def _trim(conn: Connection, term: str, rest: float, avgdl: float) -> None:
    """Keep a term's LIST best pages; what is dropped raises the bound on the rest."""
    listed = conn.exec_driver_sql("SELECT page_id, tf, len FROM page_champion WHERE term = ?",
                                  (term,)).all()
    base, per_token = K1 * (1 - B), K1 * B / avgdl  # weight(), without a call per page
    listed.sort(key=lambda r: r[1] * (K1 + 1) / (r[1] + base + per_token * r[2]), reverse=True)
    dropped = listed[LIST:]
    rest = max([rest] + [weight(tf, n, avgdl) for _, tf, n in dropped[:1]])
    conn.exec_driver_sql("DELETE FROM page_champion WHERE term = ? AND page_id = ?",
                         [(term, page_id) for page_id, _, _ in dropped])
    conn.exec_driver_sql("UPDATE page_term SET listed = ?, rest_weight = ?, rest_avgdl = ? "
                         "WHERE term = ?", (len(listed) - len(dropped), rest, avgdl, term))


def clear(conn: Connection) -> None:
    for table in TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")
