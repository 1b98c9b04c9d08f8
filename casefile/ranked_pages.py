"""The best pages for a query, by BM25, without scoring every match.

``store.fts_stats`` keeps, per term, its page count and a champion list (the
pages with the highest BM25 term weight) with a bound on the weight of every
page left out. A query:

1. turns its words and prefixes into the index's terms (FTS5's tokenizer
   folds them; a prefix is every term it begins);
2. takes the union of those terms' lists as candidates (the document filter
   applied);
3. checks the candidates against the whole query (phrases, OR, NOT) and
   counts their words with FTS5 itself, on a scratch FTS5 table in the temp
   schema holding only the candidates' text, and scores them;
4. reads the lists best first, to a depth that grows fourfold (Fagin's
   threshold algorithm): a page not yet read scores at most the sum, over
   terms, of the weight where each list stopped (or, at a list's end, the
   bound on the pages left out of it). When the ``want``-th page read scores
   at least as much, the pages read hold the true top; when every list is
   read and still cannot vouch for it, every match is read and scored the
   same way, slower but exact.

The score is BM25 as FTS5's ``bm25(page_fts, 0.5, 1.0)`` computes it
(``k1`` 1.2, ``b`` 0.75, a document's name counted half, the page's length
in tokens of both columns, FTS5's IDF), summed over the query's *terms*: for
words and AND/OR/NOT of words it is bm25() exactly. A phrase is scored by its
words (bm25() would count the phrase's own pages, which takes a pass over
every page with its first word), and a prefix by each term it expands to that
the page holds.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from casefile.store import fts_stats
from casefile.store.models import CompressedText

_OPERAND = re.compile(r'"([^"]*)"(\*?)|([^\s()"]+)')
_OPERATORS = {"AND", "OR", "NOT"}
FIRST_DEPTH = 32  # pages read from each list at first
CHUNK = 2000  # pages put in the scratch table at once when every match is read
_TOP_CHAR = "\U0010ffff"


def _scratch(conn) -> None:
    # Contentless: emptied in one step ('delete-all'), where a table keeping its
    # text would tokenize every row again to delete it.
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_fts USING "
                         f"fts5(name, text, content='', tokenize='{fts_stats.TOKENIZER}')")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_vocab USING "
                         "fts5vocab(temp, rank_fts, instance)")
    conn.exec_driver_sql("INSERT INTO temp.rank_fts (rank_fts) VALUES ('delete-all')")


def _operands(fts_query: str) -> list[tuple[list[str], bool]]:
    """Each operand's words as typed, and whether its last word is a prefix."""
    out = []
    for m in _OPERAND.finditer(fts_query):
        if m[1] is not None:
            out.append((m[1].split(), bool(m[2])))
        elif m[3] not in _OPERATORS:
            word = m[3]
            out.append(([word.rstrip("*")], word.endswith("*")))
    return [(words, prefix) for words, prefix in out if words]


def _fold(conn, operands) -> list[tuple[list[str], bool]]:
    """The operands' words as the index holds them (FTS5's own folding).

    ASCII is folded here as unicode61 does it (runs of letters and digits, lower
    case), sparing a scratch table on the common path.
    """
    if all(w.isascii() for words, _ in operands for w in words):
        return [([t for w in words for t in fts_stats._ASCII_WORDS.findall(w.lower())], prefix)
                for words, prefix in operands]
    _scratch(conn)
    conn.exec_driver_sql("INSERT INTO temp.rank_fts (rowid, name, text) VALUES (?, '', ?)",
                         [(n + 1, " ".join(words)) for n, (words, _) in enumerate(operands)])
    folded: dict[int, list[str]] = {}
    for doc, term in conn.exec_driver_sql(
            "SELECT doc, term FROM temp.rank_vocab ORDER BY doc, offset"):
        folded.setdefault(doc, []).append(term)
    conn.exec_driver_sql("INSERT INTO temp.rank_fts (rank_fts) VALUES ('delete-all')")
    return [(folded.get(n + 1, []), prefix) for n, (_, prefix) in enumerate(operands)]


def top(s: Session, fts_query: str, want: int, documents: str = "",
        params: dict | None = None) -> list[tuple[int, float]]:
    """(page id, score) of the ``want`` best pages, best first; scores negative as bm25()'s."""
    conn = s.connection()
    params = params or {}
    operands = _fold(conn, _operands(fts_query))
    # term -> (pages, rest_weight, rest_avgdl); and per operand, the terms it stands for
    stats: dict[str, tuple] = {}
    groups: list[list[str]] = []
    for words, prefix in operands:
        for n, word in enumerate(words):
            if prefix and n == len(words) - 1:
                rows = conn.exec_driver_sql(
                    "SELECT term, pages, rest_weight, rest_avgdl FROM page_term "
                    "WHERE term >= ? AND term < ?", (word, word + _TOP_CHAR)).all()
            else:
                rows = conn.exec_driver_sql(
                    "SELECT term, pages, rest_weight, rest_avgdl FROM page_term WHERE term = ?",
                    (word,)).all()
            groups.append([r[0] for r in rows])
            stats.update({r[0]: r[1:] for r in rows})
    if not stats:
        return []  # no word of the query is on any page
    total, avgdl = fts_stats.totals(conn)
    idf = {t: fts_stats.idf(pages, total) for t, (pages, _, _) in stats.items()}
    rest = {t: idf[t] * fts_stats.rest_bound(w, a, avgdl) for t, (_, w, a) in stats.items()}
    # Each term's list, best first, with the weighted score each page gets from it.
    restrict = (f" AND page_id IN (SELECT id FROM document_page WHERE document_id IN "
                f"({documents}))") if documents else ""
    lists: dict[str, list[tuple[float, int]]] = {}
    known = _Known()
    for term in stats:
        rows = s.execute(_text(f"SELECT page_id, tf, len FROM page_champion WHERE term = ?"
                               f"{restrict}", [term]), params).all()
        lists[term] = sorted(((idf[term] * fts_stats.weight(tf, n, avgdl), page_id)
                              for page_id, tf, n in rows), reverse=True)
        for page_id, tf, n in rows:
            known.tf[term, page_id] = tf
            known.length[page_id] = n
    # One bare word: every page of its list matches, and its count is stored.
    known.single = len(operands) == 1 and len(operands[0][0]) == 1 and not operands[0][1]
    # In a query of words and phrases joined by AND only, every operand must
    # match: once one operand's lists are read to their end and hold every page
    # its terms are on, every match is among the candidates.
    conjunctive = not re.search(r"\b(OR|NOT)\b", fts_query)
    scored: dict[int, float] = {}
    depth = max(2 * want, FIRST_DEPTH)
    while True:
        # Fagin's threshold algorithm: read each list to ``depth``; a page not
        # read scores at most the sum of the weights where each list stopped.
        fresh = {p for entries in lists.values() for _, p in entries[:depth]} - scored.keys()
        scored.update(_score(conn, fts_query, sorted(fresh), idf, avgdl, known))
        done = {t: depth >= len(entries) for t, entries in lists.items()}
        # (The bound on a term's unlisted pages can pass its listed weights: it
        # only grows as pages are added.)
        bound = sum(rest[t] if done[t] else max(rest[t], lists[t][depth][0]) for t in lists)
        if conjunctive and any(group and all(done[t] and not rest[t] for t in group)
                               for group in groups):
            bound = 0.0
        best = sorted(scored.items(), key=lambda r: (r[1], r[0]))
        if len(best) >= want and best[want - 1][1] <= -bound or bound == 0:
            return best[:want]
        if all(done.values()):
            break
        depth *= 4
    # The lists cannot vouch for the top: read every match (slow on a broad
    # query, but exact; bench/RESULTS.md says how often).
    where = (f" AND rowid IN (SELECT id FROM document_page WHERE document_id IN "
             f"({documents}))") if documents else ""
    every = [r[0] for r in s.execute(_text(
        f"SELECT rowid FROM page_fts WHERE page_fts MATCH :q{where}", []),
        {**params, "q": fts_query})]
    found: list[tuple[int, float]] = []
    for at in range(0, len(every), CHUNK):
        found += _score(conn, fts_query, every[at:at + CHUNK], idf, avgdl)
    found.sort(key=lambda r: (r[1], r[0]))
    return found[:want]


def _text(sql: str, terms: list[str]):
    """``sql`` with its ``?`` marks bound to ``terms`` as named parameters."""
    from sqlalchemy import bindparam, text

    names = [f"t{n}" for n in range(len(terms))]
    for name in names:
        sql = sql.replace("?", f":{name}", 1)
    return text(sql).bindparams(*[bindparam(n, value=v) for n, v in zip(names, terms,
                                                                           strict=True)])


class _Known:
    """Term counts and page lengths read from the lists, so pages need not be re-read."""

    def __init__(self) -> None:
        self.tf: dict[tuple[str, int], float] = {}
        self.length: dict[int, int] = {}
        self.single = False


def _score(conn, fts_query: str, page_ids: list[int], idf: dict[str, float],
           avgdl: float, known: _Known | None = None) -> list[tuple[int, float]]:
    """The pages of ``page_ids`` that match, scored; best first (ties by page id)."""
    if not page_ids:
        return []
    known = known or _Known()
    if known.single and all(known.length.get(p) for p in page_ids):
        scores = {p: -sum(idf[t] * fts_stats.weight(known.tf[t, p], known.length[p], avgdl)
                          for t in idf if (t, p) in known.tf) for p in page_ids}
        return sorted(scores.items(), key=lambda r: (r[1], r[0]))
    ids = ",".join(str(int(i)) for i in page_ids)
    if "*" in fts_query:
        rows = _texts(conn, ids)
        # FTS5 expands a prefix again for each page of a rowid constraint (seconds
        # on a large case): the pages are checked in a scratch index of their own.
        _scratch(conn)
        conn.exec_driver_sql("INSERT INTO temp.rank_fts (rowid, name, text) VALUES (?, ?, ?)",
                             rows)
        matched = {r[0] for r in conn.exec_driver_sql(
            "SELECT rowid FROM temp.rank_fts WHERE rank_fts MATCH ?", (fts_query,))}
    else:  # words and phrases: checked in the index itself, a few ms for hundreds
        matched = {r[0] for r in conn.exec_driver_sql(
            f"SELECT rowid FROM page_fts WHERE page_fts MATCH ? AND rowid IN ({ids})",
            (fts_query,))}
        rows = _texts(conn, ",".join(str(i) for i in matched)) if matched else []
    if not matched:
        return []
    scores = {}
    unknown = []
    for page_id, name, text in rows:
        if page_id not in matched:
            continue
        length = known.length.get(page_id)
        if length is None or not (name.isascii() and text.isascii()):
            unknown.append((page_id, name, text))
            continue
        score = 0.0
        lowered = None
        for term in idf:
            tf = known.tf.get((term, page_id))
            if tf is None:  # not in the term's list: count it (the text is ASCII)
                if lowered is None:
                    lowered = (text.translate(fts_stats._FOLD), name.translate(fts_stats._FOLD))
                tf = (_count(lowered[0], term)
                      + fts_stats.NAME_WEIGHT * _count(lowered[1], term))
            if tf:
                score -= idf[term] * fts_stats.weight(tf, length, avgdl)
        scores[page_id] = score
    # Pages never listed, or not ASCII: counted as the statistics were (FTS5's terms).
    for page_id, (tf, length) in fts_stats._counts(conn, unknown).items():
        scores[page_id] = -sum(idf[t] * fts_stats.weight(tf[t], length, avgdl)
                               for t in idf if t in tf)
    return sorted(scores.items(), key=lambda r: (r[1], r[0]))


def _texts(conn, ids: str) -> list[tuple[int, str, str]]:
    decode = CompressedText().process_result_value
    return [(i, n, decode(t, None) or "") for i, n, t in conn.exec_driver_sql(
        f"SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
        f"ON d.id = p.document_id WHERE p.id IN ({ids}) AND p.text IS NOT NULL")]


def _count(lowered: str, term: str) -> int:
    """Occurrences of ``term`` as a whole token (a run of ASCII letters and digits)."""
    return len(re.findall(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", lowered))
