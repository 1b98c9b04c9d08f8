"""Per-term statistics of the page index on PostgreSQL: ``store.fts_stats``'s tables.

Ranking every match with ``ts_rank_cd`` reads the ``tsvector`` of every
matching page: 176 ms p95 at 20,000 pages, and seconds for a broad word at
500,000 (bench/RESULTS.md, issue 20). The SQLite side ranks from per-term
champion lists with bounds (``fts_stats``, ``ranked_pages``); the same two
tables are kept here, by the code that fills ``page_search``
(``pg_fts.index_pages``, ``forget_pages``, ``rebuild``), so a search on a
server ranks by the same BM25 over the same statistics (``pg_ranked``):

- ``page_term``: per term its page count, how many of its pages are listed,
  and the bound on the BM25 term weight of every page not listed
  (``rest_weight`` at ``rest_avgdl``); the empty term holds the totals.
- ``page_champion``: per term the pages of highest weight (all of them while
  a term is on at most ``2 * LIST`` pages; trimmed to ``LIST`` past that),
  with the term frequency (the document name counted half) and page length.

Terms are the index's own: ``pg_fts.words_of`` splits and lower-cases a
page before the server's ``simple`` configuration sees it, so a page's
lexemes are its ``words_of`` words. The page's length (tokens of name and
text) is kept in ``page_search.len`` too, for scoring pages on no list.
``term`` is compared in the C collation, so a prefix is a range of the index.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection

from casefile.store.fts_stats import K1, LIST, NAME_WEIGHT, B

DDL = [
    "CREATE TABLE page_term (term TEXT COLLATE \"C\" NOT NULL PRIMARY KEY, "
    "pages INTEGER NOT NULL, listed INTEGER NOT NULL, "
    "rest_weight DOUBLE PRECISION NOT NULL DEFAULT 0, rest_avgdl DOUBLE PRECISION)",
    "CREATE TABLE page_champion (term TEXT COLLATE \"C\" NOT NULL, page_id INTEGER NOT NULL, "
    "tf DOUBLE PRECISION NOT NULL, len INTEGER NOT NULL, PRIMARY KEY (term, page_id))",
]
TABLES = ("page_term", "page_champion")


def create(conn: Connection) -> None:
    for statement in DDL:
        conn.exec_driver_sql(statement)


def counts(name_words: str, text_words: str) -> tuple[dict[str, float], int]:
    """A page's term frequencies (its document's name counted half) and length in
    tokens, from its ``words_of`` name and text: the lexemes its tsvector holds."""
    text_terms, name_terms = text_words.split(), name_words.split()
    tf: dict[str, float] = Counter(text_terms)
    for term in name_terms:
        tf[term] = tf.get(term, 0) + NAME_WEIGHT
    return tf, len(text_terms) + len(name_terms)


def totals(conn: Connection) -> tuple[int, float]:
    """Pages indexed and their average length in tokens (the empty term's row)."""
    row = conn.exec_driver_sql("SELECT pages, listed FROM page_term WHERE term = ''").first()
    if row is None or not row[0]:
        return 0, 1.0
    return row[0], row[1] / row[0]


def index(conn: Connection, counted: dict[int, tuple[dict[str, float], int]]) -> None:
    """Add the statistics of pages just put in ``page_search`` ({page id: counts()})."""
    if not counted:
        return
    postings: dict[str, list[tuple[int, float, int]]] = {}
    for page_id, (tf, length) in counted.items():
        for term, count in tf.items():
            postings.setdefault(term, []).append((page_id, count, length))
    conn.exec_driver_sql(
        "INSERT INTO page_term (term, pages, listed) VALUES ('', %s, %s) ON CONFLICT (term) "
        "DO UPDATE SET pages = page_term.pages + excluded.pages, "
        "listed = page_term.listed + excluded.listed",
        (len(counted), sum(length for _, length in counted.values())))
    _, avgdl = totals(conn)
    terms = list(postings)
    known = {r[0]: r[1:] for r in conn.exec_driver_sql(
        "SELECT term, rest_weight, rest_avgdl FROM page_term WHERE term = ANY(%s)", (terms,))}
    champions, rows = [], []
    base = K1 * (1 - B)
    for term, pages in postings.items():
        # A page weighing no more than the term's rest_weight, both at rest_avgdl, is
        # covered by that bound at every average length to come (rest_bound): it need
        # not be listed. (Compared at today's average length against the bound carried
        # to it, a page could pass the bound once the average fell back.)
        rest, at = known.get(term, (0.0, None))
        if rest > 0 and at:
            per_token_then = K1 * B / at
            kept = [p for p in pages
                    if p[1] * (K1 + 1) > rest * (p[1] + base + per_token_then * p[2])]
        else:
            kept = pages
        champions += [(term, *p) for p in kept]
        rows.append((term, len(pages), len(kept)))
    # One statement over arrays each: a row per statement (executemany) was three
    # quarters of an import's indexing time.
    if champions:
        conn.exec_driver_sql(
            "INSERT INTO page_champion (term, page_id, tf, len) SELECT * FROM "
            "unnest(%s::text[], %s::int[], %s::float8[], %s::int[]) "
            "ON CONFLICT (term, page_id) DO UPDATE SET tf = excluded.tf, len = excluded.len",
            ([c[0] for c in champions], [c[1] for c in champions],
             [float(c[2]) for c in champions], [c[3] for c in champions]))
    conn.exec_driver_sql(
        "INSERT INTO page_term (term, pages, listed) SELECT * FROM "
        "unnest(%s::text[], %s::int[], %s::int[]) ON CONFLICT (term) "
        "DO UPDATE SET pages = page_term.pages + excluded.pages, "
        "listed = page_term.listed + excluded.listed",
        tuple(list(column) for column in zip(*rows, strict=True)))
    grown = [t for t, _, kept in rows if kept]
    long_lists = conn.exec_driver_sql("SELECT term FROM page_term WHERE listed > %s "
                                      "AND term = ANY(%s)", (2 * LIST, grown)).scalars().all()
    if long_lists:
        _trim(conn, long_lists, avgdl)


def forget(conn: Connection, counted: dict[int, tuple[dict[str, float], int]]) -> None:
    """Take out the statistics of pages leaving ``page_search`` ({page id: counts()} of
    their old text). A bound stays an upper bound: fewer pages only lower the maximum."""
    if not counted:
        return
    conn.exec_driver_sql("UPDATE page_term SET pages = pages - %s, listed = listed - %s "
                         "WHERE term = ''",
                         (len(counted), sum(length for _, length in counted.values())))
    pages_of: Counter = Counter()
    for tf, _length in counted.values():
        pages_of.update(tf.keys())
    listed_of: Counter = Counter(term for term, in conn.exec_driver_sql(
        "DELETE FROM page_champion c USING unnest(%s::text[], %s::int[]) AS g (term, page_id) "
        "WHERE c.term = g.term AND c.page_id = g.page_id RETURNING c.term",
        ([t for tf, _ in counted.values() for t in tf],
         [p for p, (tf, _) in counted.items() for _ in tf])))
    conn.exec_driver_sql("UPDATE page_term t SET pages = t.pages - g.pages, "
                         "listed = t.listed - g.listed FROM unnest(%s::text[], %s::int[], "
                         "%s::int[]) AS g (term, pages, listed) WHERE t.term = g.term",
                         (list(pages_of), list(pages_of.values()),
                          [listed_of[term] for term in pages_of]))
    conn.exec_driver_sql("DELETE FROM page_term WHERE pages <= 0 AND term != ''")


def _trim(conn: Connection, terms: list[str], avgdl: float) -> None:
    """Keep each term's LIST best pages; what is dropped raises the bound on the rest
    (``fts_stats._trim``, for every term at once: one term at a time was most of an
    import's statistics time)."""
    weighed = f"c.tf * {K1 + 1!r} / (c.tf + {K1 * (1 - B)!r} + %(per_token)s * c.len)"
    dropped = conn.exec_driver_sql(
        f"WITH w AS (SELECT c.term, c.page_id, {weighed} AS weight, row_number() OVER "
        f"(PARTITION BY c.term ORDER BY {weighed} DESC, c.page_id) AS n "
        f"FROM page_champion c WHERE c.term = ANY(%(terms)s)), "
        f"gone AS (DELETE FROM page_champion c USING w WHERE w.n > %(list)s "
        f"AND c.term = w.term AND c.page_id = w.page_id RETURNING w.term, w.weight) "
        f"SELECT term, count(*), max(weight) FROM gone GROUP BY term",
        {"per_token": K1 * B / avgdl, "terms": terms, "list": LIST}).all()
    if not dropped:
        return
    # The bound now: the old one carried to this average length (rest_bound), or the
    # best page dropped, whichever is higher.
    conn.exec_driver_sql(
        "UPDATE page_term t SET listed = t.listed - g.dropped, rest_avgdl = %s, "
        "rest_weight = greatest(g.best, CASE WHEN t.rest_avgdl IS NULL OR t.rest_weight <= 0 "
        "THEN 0 ELSE t.rest_weight * greatest(1, %s / t.rest_avgdl) END) "
        "FROM unnest(%s::text[], %s::int[], %s::float8[]) AS g (term, dropped, best) "
        "WHERE t.term = g.term",
        (avgdl, avgdl, [r[0] for r in dropped], [r[1] for r in dropped],
         [r[2] for r in dropped]))


class Builder:
    """The statistics of a whole index at once (``pg_fts.rebuild``): each term's best
    pages in a heap as pages stream past, written with COPY at the end.

    Weights are taken at the average length of the first pages added (``avgdl0``);
    a term's bound is the highest weight it dropped at that length, which
    ``rest_bound`` carries to the final average, as an import's trims do.
    """

    def __init__(self) -> None:
        self.pages = 0
        self.tokens = 0
        self.avgdl0: float | None = None
        self.count: Counter = Counter()
        self.heaps: dict[str, list[tuple[float, int, float, int]]] = {}
        self.rest: dict[str, float] = {}
        self._waiting: list[tuple[int, dict[str, float], int]] = []

    def add(self, page_id: int, tf: dict[str, float], length: int) -> None:
        self.pages += 1
        self.tokens += length
        if self.avgdl0 is None:
            # The first thousand pages set the length weights are taken at.
            self._waiting.append((page_id, tf, length))
            if len(self._waiting) >= 1000:
                self._start()
            return
        self._push(page_id, tf, length)

    def _start(self) -> None:
        waiting, self._waiting = self._waiting, []
        self.avgdl0 = max(1.0, sum(n for _, _, n in waiting) / max(1, len(waiting)))
        for page_id, tf, length in waiting:
            self._push(page_id, tf, length)

    def _push(self, page_id: int, tf: dict[str, float], length: int) -> None:
        base, per_token = K1 * (1 - B), K1 * B / self.avgdl0
        most = 2 * LIST
        heaps, count, rest = self.heaps, self.count, self.rest
        for term, f in tf.items():
            count[term] += 1
            w = f * (K1 + 1) / (f + base + per_token * length)
            heap = heaps.get(term)
            if heap is None:
                heaps[term] = [(w, page_id, f, length)]
            elif len(heap) < most:
                heapq.heappush(heap, (w, page_id, f, length))
            elif w > heap[0][0]:
                dropped = heapq.heapreplace(heap, (w, page_id, f, length))[0]
                if dropped > rest.get(term, 0.0):
                    rest[term] = dropped
            elif w > rest.get(term, 0.0):
                rest[term] = w

    def write(self, conn: Connection) -> None:
        if self.avgdl0 is None:
            self._start()
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:
            with cur.copy("COPY page_term (term, pages, listed, rest_weight, rest_avgdl) "
                          "FROM STDIN") as copy:
                copy.write_row(("", self.pages, self.tokens, 0.0, None))
                for term, heap in self.heaps.items():
                    if len(heap) > LIST and self.count[term] > 2 * LIST:
                        # Past 2 * LIST pages a list is cut to LIST, as a trim does.
                        heap.sort(reverse=True)
                        self.rest[term] = max(self.rest.get(term, 0.0), heap[LIST][0])
                        del heap[LIST:]
                    bound = self.rest.get(term, 0.0)
                    copy.write_row((term, self.count[term], len(heap), bound,
                                    self.avgdl0 if bound else None))
            with cur.copy("COPY page_champion (term, page_id, tf, len) FROM STDIN") as copy:
                for term, heap in self.heaps.items():
                    for _, page_id, f, length in heap:
                        copy.write_row((term, page_id, f, length))


def clear(conn: Connection) -> None:
    for table in TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")


def counted_rows(rows: Iterable[tuple[int, str, str]]) -> dict[int, tuple[dict[str, float], int]]:
    """{page id: counts()} of (page id, ``words_of`` name, ``words_of`` text) rows."""
    return {page_id: counts(name, text) for page_id, name, text in rows}

