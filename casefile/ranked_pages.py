"""The best pages for a query, by BM25, without scoring every match.

``store.fts_stats`` keeps, per term, its page count and a champion list (the
pages with the highest BM25 term weight) with a bound on the weight of every
page left out. A query:

1. turns its words and prefixes into the index's terms (FTS5's tokenizer
   folds them; a prefix is every term it begins);
2. reads those terms' lists whole (the document filter applied): the union
   of their pages are the candidates; in a query of AND only, a word whose
   terms' lists are complete (never trimmed: they hold every page the term is
   on) narrows the candidates to its pages, as every match holds it;
3. bounds each candidate's score from the lists alone: the weights of the
   terms that list it, plus, for each term that does not, the bound on that
   term's unlisted pages (nothing for a complete list);
4. checks and scores the candidates in the order of those bounds, in
   batches that double (Fagin's threshold algorithm with each page's own
   bound): a candidate's match and score come from the lists when they can
   (a word or prefix, or words joined by AND or by OR, whose lists give every
   term's count for the page), else from its text (phrases of a query of AND
   only are found in an ASCII page's text as FTS5's tokenizer would: runs of
   letters and digits), else from FTS5 itself. When the ``want``-th page
   scored scores at least the next candidate's bound and the bound on a page
   on no list, the top is known; when every candidate is scored and a page on
   no list still could score more, every match is read and scored the same
   way, slower but exact.

The score is BM25 as FTS5's ``bm25(page_fts, 0.5, 1.0)`` computes it
(``k1`` 1.2, ``b`` 0.75, a document's name counted half, the page's length
in tokens of both columns, FTS5's IDF), summed over the query's *terms*: for
words and AND/OR/NOT of words it is bm25() exactly. A phrase is scored by its
words, and a prefix by each term it expands to that the page holds: that is
bm25() of the query's terms joined by OR, over the pages the query matches
(``tests/test_search_ranking_fts5.py`` compares the two). bm25() of the query
as typed would count a phrase's own pages, a pass over every page with its
first word, and a prefix's as one.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from casefile.store import fts_stats
from casefile.store.models import CompressedText

_OPERAND = re.compile(r'"([^"]*)"(\*?)|([^\s()"]+)')
_OPERATORS = {"AND", "OR", "NOT"}
FIRST_DEPTH = 16  # candidates checked at first, if fewer pages are wanted
CHUNK = 2000  # matches read and scored here at most; more are scored by FTS5
_TOP_CHAR = "\U0010ffff"
# Words or prefixes joined by OR alone: a page matches when it holds any of them.
_DISJUNCTION = re.compile(r"[^\s()\"]+(?: OR [^\s()\"]+)*")


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
        params: dict | None = None, texts: dict[int, str] | None = None
        ) -> list[tuple[int, float]]:
    """(page id, score) of the ``want`` best pages, best first; scores negative as bm25()'s.

    ``texts``, when given, gets the text of each page read here (a search cuts its
    snippets from them rather than reading those pages again)."""
    conn = s.connection()
    params = params or {}
    operands = _fold(conn, _operands(fts_query))
    # term -> (pages, rest_weight, rest_avgdl); and per word of the query, the terms
    # it stands for (one, or every term a prefix begins)
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
    # In a query of words and phrases joined by AND only, every word is on every match.
    conjunctive = not re.search(r"\b(OR|NOT)\b", fts_query)
    if conjunctive and not all(groups):
        return []  # a word on no page: nothing matches
    total, avgdl = fts_stats.totals(conn)
    idf = {t: fts_stats.idf(pages, total) for t, (pages, _, _) in stats.items()}
    rest = {t: idf[t] * fts_stats.rest_bound(w, a, avgdl) for t, (_, w, a) in stats.items()}
    known = _Known()
    known.texts = texts if texts is not None else {}
    # A list never trimmed (no bound on pages left out) holds every page of its term.
    known.complete = {t for t in stats if not rest[t]}
    known.open = [t for t in stats if t not in known.complete]
    known.groups = groups
    if conjunctive:
        known.operands = operands
        if all(len(words) == 1 for words, _ in operands):
            known.simple = "and"
    elif _DISJUNCTION.fullmatch(fts_query):
        known.simple = "or"
    listed = _read_lists(conn, list(stats), idf, avgdl, documents, params, known, rest)
    # Every match holds a term of each word of a query of AND only: when that
    # word's lists are complete, every match is on them.
    required = [g for g in groups if all(t in known.complete for t in g)] if conjunctive else []
    candidates: set[int] | None = None
    for group in required:
        holding = set().union(*(listed[t] for t in group))
        candidates = holding if candidates is None else candidates & holding
    if candidates is None:
        candidates = set(known.sums)
    elif known.simple is None:
        # A phrase with a word on few pages (its list complete): FTS5 finds every
        # match from that word's pages in about a millisecond at 500,000 pages,
        # where checking the candidates page by page costs tens of microseconds each.
        known.matched = {r[0] for r in conn.exec_driver_sql(
            "SELECT rowid FROM page_fts WHERE page_fts MATCH ?", (fts_query,))} & candidates
        candidates = known.matched
    # The most a candidate can score: its listed weights, and the bounds of the
    # other terms whose lists are not complete.
    open_rest = sum(rest[t] for t in known.open)
    sums, open_count, listed_rest, n_open = (known.sums, known.open_count, known.open_rest,
                                             len(known.open))
    bound_of = {p: sums[p] + (open_rest - listed_rest.get(p, 0.0)
                              if open_count.get(p, 0) < n_open else 0.0) for p in candidates}
    # A page on no list scores at most the sum of the bounds; none can match when a
    # required word's lists are complete, or when every list is.
    unseen = 0.0 if required else open_rest
    order = sorted(bound_of, key=lambda p: (-bound_of[p], p))
    spread = min(total, sum(pages for pages, _, _ in stats.values()))  # pages of the terms
    scored: dict[int, float] = {}
    at, step = 0, max(want, FIRST_DEPTH)
    while True:
        best = sorted(scored.items(), key=lambda r: (r[1], r[0]))
        bound = max(bound_of[order[at]] if at < len(order) else 0.0, unseen)
        if len(best) >= want and -best[want - 1][1] >= bound:
            return best[:want]
        if at >= len(order):
            if not unseen:  # every match was a candidate, and every candidate is scored
                return best[:want]
            break
        if unseen and at:
            # The ``want``-th score cannot pass what the best scored pages and the
            # candidates not yet scored can reach: below a page on no list, the
            # lists will not vouch for the top.
            reach = sorted([-score for _, score in best[:want]]
                           + [bound_of[p] for p in order[at:at + want]], reverse=True)
            if len(reach) < want or reach[want - 1] < unseen:
                break
            # Checking a candidate costs about ten times what FTS5's bm25() spends
            # on a page of the terms' (below): past that many, read every match.
            if at * 10 > spread:
                break
        # The candidates that could score most are checked and scored first; once
        # ``want`` are scored, only those whose bound passes the ``want``-th score.
        end = min(at + step, len(order))
        if len(best) >= want and not unseen > -best[want - 1][1]:
            passing = at
            while passing < end and bound_of[order[passing]] > -best[want - 1][1]:
                passing += 1
            end = max(passing, at + 1)
        batch = order[at:end]
        at = end
        step *= 2
        scored.update(_score(conn, fts_query, sorted(batch), idf, avgdl, known))
    # The lists cannot vouch for the top: read every match (slow on a broad
    # query, but exact; bench/RESULTS.md says how often).
    where = (f" AND rowid IN (SELECT id FROM document_page WHERE document_id IN "
             f"({documents}))") if documents else ""
    every = [r[0] for r in s.execute(_text(
        f"SELECT rowid FROM page_fts WHERE page_fts MATCH :q{where}", []),
        {**params, "q": fts_query})]
    if len(every) > CHUNK:
        return _bm25_of_terms(s, fts_query, list(stats), want, where, params,
                              direct=known.simple == "or" or (known.simple == "and"
                                                              and len(groups) == 1))
    found = _score(conn, fts_query, every, idf, avgdl, known)
    return found[:want]


def _bm25_of_terms(s: Session, fts_query: str, terms: list[str], want: int, where: str,
                   params: dict, direct: bool) -> list[tuple[int, float]]:
    """The best of many matches, by FTS5's bm25() of the query's terms joined by OR
    over the pages the query matches: the score defined above, computed in FTS5 at
    2-3 µs a match, where checking and counting a page here costs ten times that.
    ``direct``: the terms joined by OR match what the query matches (words and
    prefixes joined by OR, or one word or prefix alone)."""
    either = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    matched = "" if direct else (" AND +rowid IN (SELECT rowid FROM page_fts "
                                 "WHERE page_fts MATCH :q)")
    # (+rowid: as a rowid constraint FTS5 would run the query again for each page)
    where = where.replace(" AND rowid IN", " AND +rowid IN")
    return [tuple(r) for r in s.execute(_text(
        f"SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts WHERE page_fts "
        f"MATCH :terms{matched}{where} ORDER BY score, rowid LIMIT :want", []),
        {**params, "q": fts_query, "terms": either, "want": want})]


def _read_lists(conn, terms: list[str], idf: dict[str, float], avgdl: float, documents: str,
                params: dict, known: _Known, rest: dict[str, float]) -> dict[str, list[int]]:
    """Each term's listed pages; what the rows say is kept in ``known``."""
    restrict = (f" AND page_id IN (SELECT id FROM document_page WHERE document_id IN "
                f"({documents}))") if documents else ""
    base = fts_stats.K1 * (1 - fts_stats.B)
    per_token, most = fts_stats.K1 * fts_stats.B / avgdl, fts_stats.K1 + 1
    listed: dict[str, list[int]] = {t: [] for t in terms}
    tf_of, length_of = known.tf, known.length
    sums, open_count, open_rest = known.sums, known.open_count, known.open_rest
    sums_get = sums.get
    opened = set(known.open)
    # The driver's own cursor: thousands of rows, where SQLAlchemy's costs a call each;
    # SQLite works out each row's weight (fts_stats.weight(), times the IDF).
    raw = conn.connection.driver_connection
    for at in range(0, len(terms), 400):
        chunk = terms[at:at + 400]
        values = ",".join(f"(:t{n}, :s{n})" for n in range(len(chunk)))
        bound = {**params, "base": base, "per_token": per_token}
        for n, term in enumerate(chunk):
            bound[f"t{n}"], bound[f"s{n}"] = term, idf[term] * most
        for term, page_id, tf, length, weighed in raw.execute(
                f"WITH q (term, scale) AS (VALUES {values}) SELECT c.term, c.page_id, c.tf, "
                f"c.len, q.scale * c.tf / (c.tf + :base + :per_token * c.len) FROM q "
                f"JOIN page_champion c ON c.term = q.term{restrict}", bound):
            listed[term].append(page_id)
            tf_of[term, page_id] = tf
            length_of[page_id] = length
            sums[page_id] = sums_get(page_id, 0.0) + weighed
    for term in opened:
        bound_of_term = rest[term]
        for page_id in listed[term]:
            open_count[page_id] = open_count.get(page_id, 0) + 1
            open_rest[page_id] = open_rest.get(page_id, 0.0) + bound_of_term
    return listed


def _text(sql: str, terms: list[str]):
    """``sql`` with its ``?`` marks bound to ``terms`` as named parameters."""
    from sqlalchemy import bindparam, text

    names = [f"t{n}" for n in range(len(terms))]
    for name in names:
        sql = sql.replace("?", f":{name}", 1)
    return text(sql).bindparams(*[bindparam(n, value=v) for n, v in zip(names, terms,
                                                                           strict=True)])


class _Known:
    """What the lists say about pages, so that pages need not be read.

    ``tf``: a listed (term, page)'s count; ``length``: a listed page's length;
    ``sums``: a listed page's weighted scores added up; ``open_count``,
    ``open_rest``: how many of the terms whose lists are not complete
    (``open``) list the page, and their bounds added up; ``complete``: the
    terms whose list holds every page they are on (a page missing from one does
    not hold the term); ``groups``: per word of the query, the terms it stands
    for; ``operands``: a query of AND only, its words and phrases (each must be
    on a matching page); ``simple``: "and" when a page matches if it holds a
    term of every group (words and prefixes joined by AND), "or" when it holds
    a term of any (joined by OR), None when it must be checked against the
    query (phrases, NOT, parentheses); ``matched``: every page that matches,
    when FTS5 was asked for them all; ``texts``: the pages' texts read.
    """

    def __init__(self) -> None:
        self.tf: dict[tuple[str, int], float] = {}
        self.length: dict[int, int] = {}
        self.sums: dict[int, float] = {}
        self.open_count: dict[int, int] = {}
        self.open_rest: dict[int, float] = {}
        self.complete: set[str] = set()
        self.open: list[str] = []
        self.groups: list[list[str]] = []
        self.operands: list[tuple[list[str], bool]] | None = None
        self.simple: str | None = None
        self.matched: set[int] | None = None
        self.texts: dict[int, str] = {}

    def score(self, page_id: int) -> float | None:
        """The page's score from the lists alone: 0.0 when it does not match, None
        when the lists cannot tell."""
        if page_id not in self.sums:
            return None
        if self.matched is not None:
            if page_id not in self.matched:
                return 0.0
            return (-self.sums[page_id] if self.open_count.get(page_id, 0) == len(self.open)
                    else None)
        if self.simple is None:
            return None
        holds = []
        for group in self.groups:
            present: bool | None = False
            for term in group:
                if (term, page_id) in self.tf:
                    present = True
                    break
                if term not in self.complete:
                    present = None
            holds.append(present)
        if self.simple == "and":
            matches = False if False in holds else None if None in holds else True
        else:
            matches = True if True in holds else None if None in holds else False
        if matches is False:
            return 0.0
        if matches is None or self.open_count.get(page_id, 0) < len(self.open):
            return None  # a term whose list does not say how often the page holds it
        return -self.sums[page_id]


def _score(conn, fts_query: str, page_ids: list[int], idf: dict[str, float],
           avgdl: float, known: _Known | None = None) -> list[tuple[int, float]]:
    """The pages of ``page_ids`` that match, scored; best first (ties by page id)."""
    if not page_ids:
        return []
    known = known or _Known()
    scores: dict[int, float] = {}
    unsure = []
    for page_id in page_ids:
        score = known.score(page_id)
        if score is None:
            unsure.append(page_id)
        elif score:
            scores[page_id] = score
    if unsure:
        scores.update(_check_and_count(conn, fts_query, unsure, idf, avgdl, known))
    return sorted(scores.items(), key=lambda r: (r[1], r[0]))


def _check_and_count(conn, fts_query: str, page_ids: list[int], idf: dict[str, float],
                     avgdl: float, known: _Known) -> dict[int, float]:
    """The pages of ``page_ids`` that match, scored from their text where the lists
    do not give a term's count."""
    rows = _texts(conn, ",".join(str(int(i)) for i in page_ids))
    known.texts.update((page_id, text) for page_id, _, text in rows)
    lowered: dict[int, tuple[str, str]] = {}
    if known.matched is not None:  # FTS5 found every match already
        matched = {i for i, _, _ in rows if i in known.matched}
    elif known.operands is not None:
        # A query of AND only: each word and phrase is looked for in an ASCII
        # page's text as FTS5's tokenizer reads it (runs of letters and digits,
        # folded to lower case), which is far cheaper than FTS5's phrase check
        # page by page; any other page is asked of FTS5.
        patterns = [_pattern(words, prefix) for words, prefix in known.operands]
        ask = []
        for page_id, name, text in rows:
            if name.isascii() and text.isascii():
                body, title = text.lower(), name.lower()  # on ASCII, unicode61's folding
                if all(_found(p, body) or _found(p, title) for p in patterns):
                    lowered[page_id] = (body, title)
            else:
                ask.append((page_id, name, text))
        matched = set(lowered) | (_fts_matches(conn, fts_query, ask) if ask else set())
    else:
        matched = _fts_matches(conn, fts_query, rows)
    scores = {}
    unknown = []
    counting: dict[str, re.Pattern] = {}
    for page_id, name, text in rows:
        if page_id not in matched:
            continue
        length = known.length.get(page_id)
        if length is None or not (name.isascii() and text.isascii()):
            unknown.append((page_id, name, text))
            continue
        score = 0.0
        for term in idf:
            tf = known.tf.get((term, page_id))
            if tf is None:
                if term in known.complete:
                    continue  # its list would hold the page
                if page_id not in lowered:  # not in the term's list: count it (ASCII text)
                    lowered[page_id] = (text.lower(), name.lower())
                body, title = lowered[page_id]
                if term not in counting:
                    counting[term] = _pattern([term], False)
                tf = (_count(counting[term], body)
                      + fts_stats.NAME_WEIGHT * _count(counting[term], title))
            if tf:
                score -= idf[term] * fts_stats.weight(tf, length, avgdl)
        scores[page_id] = score
    # Pages never listed, or not ASCII: counted as the statistics were (FTS5's terms).
    for page_id, (tf, length) in fts_stats._counts(conn, unknown).items():
        scores[page_id] = -sum(idf[t] * fts_stats.weight(tf[t], length, avgdl)
                               for t in idf if t in tf)
    return scores


def _fts_matches(conn, fts_query: str, rows: list[tuple[int, str, str]]) -> set[int]:
    """Which of the (page id, name, text) rows FTS5 finds ``fts_query`` on."""
    if "*" in fts_query:
        # FTS5 expands a prefix again for each page of a rowid constraint (seconds
        # on a large case): the pages are checked in a scratch index of their own.
        _scratch(conn)
        conn.exec_driver_sql("INSERT INTO temp.rank_fts (rowid, name, text) VALUES (?, ?, ?)",
                             rows)
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT rowid FROM temp.rank_fts WHERE rank_fts MATCH ?", (fts_query,))}
    ids = ",".join(str(int(r[0])) for r in rows)
    return {r[0] for r in conn.exec_driver_sql(
        f"SELECT rowid FROM page_fts WHERE page_fts MATCH ? AND rowid IN ({ids})",
        (fts_query,))}


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _pattern(words: list[str], prefix: bool) -> re.Pattern:
    """A word or phrase (folded words) in folded ASCII text: the words in a row,
    with anything but letters and digits between them, the last one whole unless
    a prefix. It starts with its first word as written, which ``re`` finds by a
    plain string search: whether a letter or digit comes before it is checked by
    ``_found`` and ``_count``, where a look-behind would be tried at every
    character."""
    body = "[^a-z0-9]+".join(re.escape(w) for w in words)
    return re.compile(body + ("" if prefix else "(?![a-z0-9])"))


def _found(pattern: re.Pattern, lowered: str) -> bool:
    """Whether ``pattern`` (of ``_pattern``) is in ``lowered`` at the start of a word."""
    at = 0
    while (m := pattern.search(lowered, at)) is not None:
        start = m.start()
        if not start or lowered[start - 1] not in _ALNUM:
            return True
        at = start + 1
    return False


def _count(pattern: re.Pattern, lowered: str) -> int:
    """Occurrences of a word (a ``_pattern``) as a whole token in ``lowered``.

    Matches do not overlap; one preceded by a letter or digit is not a token, and
    no whole token can start inside it (a term is letters and digits only)."""
    return sum(1 for m in pattern.finditer(lowered)
               if not m.start() or lowered[m.start() - 1] not in _ALNUM)


def _texts(conn, ids: str) -> list[tuple[int, str, str]]:
    decode = CompressedText().process_result_value
    return [(i, n, decode(t, None) or "") for i, n, t in conn.exec_driver_sql(
        f"SELECT p.id, d.name, p.text FROM document_page p JOIN document d "
        f"ON d.id = p.document_id WHERE p.id IN ({ids}) AND p.text IS NOT NULL")]
