"""The best pages for a query on PostgreSQL, by BM25, without scoring every match.

``casefile.ranked_pages`` for a case on a server, over ``store.pg_stats``'s
tables (the same per-term champion lists and bounds as ``fts_stats``):

1. the query's words and prefixes become the index's terms (a prefix: every
   term it begins, a range of ``page_term``);
2. the terms' lists are read whole (the document filter applied); their
   pages are the candidates. In a query of AND only, a word whose lists are
   complete narrows the candidates to its pages (every match holds it);
3. each candidate's score is bounded from the lists: its listed weights,
   plus the bound of each term whose list does not hold it;
4. candidates are checked (``tsv @@ query`` on their rows: GIN is not
   needed for a few hundred primary keys) and scored from their own
   ``tsvector`` (each term's positions, the name's weighed half) and stored
   length, best bound first, in batches that double (Fagin's threshold
   algorithm). When the ``want``-th score is at least the next bound and the
   bound of a page on no list, the top is known; when it cannot be, every
   match is scored on the server (slow on a broad query, but exact).

The score is the one SQLite's ``ranked_pages`` computes: FTS5's
``bm25(page_fts, 0.5, 1.0)`` (k1 1.2, b 0.75, the name counted half, FTS5's
IDF) summed over the query's terms; a phrase is scored by its words, a
prefix by the terms it expands to that the page holds. So a case ranks the
same pages first on either backend (``tests/test_search_pg_ranking.py``),
where ``ts_rank_cd`` over every match ranked them otherwise, and slowly.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from casefile.store import fts_stats
from casefile.store.pg_fts import CONFIG

FIRST_DEPTH = 16
_OPERAND = re.compile(r'"([^"]*)"(\*?)|([^\s()"]+)')
_OPERATORS = {"AND", "OR", "NOT"}
_LEXEME = re.compile(r"[^\W_]+")  # as pg_search folds a query, and pg_fts.words_of a page
_TOP_CHAR = "\U0010ffff"
_PER_TERM = 64  # terms scored by a ts_rank_cd call each over every match, at most


def _operands(fts_query: str) -> list[tuple[list[str], bool]]:
    """Each operand's terms (folded as the index holds them), and whether the last is
    a prefix."""
    out = []
    for m in _OPERAND.finditer(fts_query):
        if m[1] is not None:
            words, prefix = m[1], bool(m[2])
        elif m[3] not in _OPERATORS:
            words, prefix = m[3].rstrip("*"), m[3].endswith("*")
        else:
            continue
        terms = _LEXEME.findall(words.lower())
        if terms:
            out.append((terms, prefix))
    return out


def top(s: Session, fts_query: str, tsq: str, want: int, documents: str = "",
        params: dict | None = None) -> list[tuple[int, float]]:
    """(page id, score) of the ``want`` best pages matching ``tsq`` (the tsquery of
    ``fts_query``), best first; scores negative, as bm25()'s."""
    params = dict(params or {})
    operands = _operands(fts_query)
    # Every word's and prefix's terms, and the totals (the empty term): one round trip.
    exact = [w for words, prefix in operands for w in (words[:-1] if prefix else words)]
    prefixes = [words[-1] for words, prefix in operands if prefix]
    ranges = "".join(f" OR (term >= :lo{n} AND term < :hi{n})" for n in range(len(prefixes)))
    bound: dict = {"exact": exact}
    for n, word in enumerate(prefixes):
        bound[f"lo{n}"], bound[f"hi{n}"] = word, word + _TOP_CHAR
    found = {r[0]: tuple(r[1:]) for r in s.execute(text(
        f"SELECT term, pages, rest_weight, rest_avgdl, listed FROM page_term "
        f"WHERE term = '' OR term = ANY(:exact){ranges}"), bound)}
    totals = found.pop("", None)
    stats: dict[str, tuple] = {}
    groups: list[list[str]] = []
    for words, prefix in operands:
        for n, word in enumerate(words):
            if prefix and n == len(words) - 1:
                group = [t for t in found if t.startswith(word)]
            else:
                group = [word] if word in found else []
            groups.append(group)
            stats.update({t: found[t][:3] for t in group})
    if not stats:
        return []
    conjunctive = not re.search(r"\b(OR|NOT)\b", fts_query)
    if conjunctive and not all(groups):
        return []  # a word on no page: nothing matches
    total, avgdl = (totals[0], totals[3] / totals[0]) if totals and totals[0] else (0, 1.0)
    idf = {t: fts_stats.idf(pages, total) for t, (pages, _, _) in stats.items()}
    rest = {t: idf[t] * fts_stats.rest_bound(w, a, avgdl) for t, (_, w, a) in stats.items()}
    complete = {t for t in stats if not rest[t]}
    opened = [t for t in stats if t not in complete]

    restrict = (f" AND c.page_id IN (SELECT id FROM document_page WHERE document_id IN "
                f"({documents}))") if documents else ""
    base, per_token, most = (fts_stats.K1 * (1 - fts_stats.B),
                             fts_stats.K1 * fts_stats.B / avgdl, fts_stats.K1 + 1)
    listed: dict[str, set[int]] = {t: set() for t in stats}
    known_tf: dict[tuple[str, int], float] = {}  # exact where a tsvector caps positions
    sums: dict[int, float] = {}
    open_rest: dict[int, float] = {}  # per page, the bounds of open lists that hold it
    for term, page_id, tf, length in s.execute(text(
            f"SELECT c.term, c.page_id, c.tf, c.len FROM page_champion c "
            f"WHERE c.term = ANY(:terms){restrict}"), {**params, "terms": list(stats)}):
        listed[term].add(page_id)
        known_tf[term, page_id] = tf
        sums[page_id] = sums.get(page_id, 0.0) + idf[term] * most * tf / (
            tf + base + per_token * length)
        if term not in complete:
            open_rest[page_id] = open_rest.get(page_id, 0.0) + rest[term]
    required = [g for g in groups if all(t in complete for t in g)] if conjunctive else []
    candidates: set[int] | None = None
    for group in required:
        holding = set().union(*(listed[t] for t in group))
        candidates = holding if candidates is None else candidates & holding
    if candidates is None:
        candidates = set(sums)
    all_open = sum(rest[t] for t in opened)
    bound_of = {p: sums[p] + all_open - open_rest.get(p, 0.0) for p in candidates}
    # A page on no list scores at most every open list's bound; none can match when
    # a required word's lists are complete.
    unseen = 0.0 if required else all_open
    order = sorted(bound_of, key=lambda p: (-bound_of[p], p))
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
            # The want-th score cannot pass what the best scored pages and the next
            # candidates can reach: below a page on no list, the lists cannot vouch.
            reach = sorted([-score for _, score in best[:want]]
                           + [bound_of[p] for p in order[at:at + want]], reverse=True)
            if len(reach) < want or reach[want - 1] < unseen:
                break
        end = min(at + step, len(order))
        if len(best) >= want and not unseen > -best[want - 1][1]:
            passing = at
            while passing < end and bound_of[order[passing]] > -best[want - 1][1]:
                passing += 1
            end = max(passing, at + 1)
        batch = order[at:end]
        at, step = end, step * 2
        scored.update(_score(s, tsq, batch, idf, avgdl, known_tf))
    # The lists cannot vouch for the top: every match scored on the server.
    return _score_every_match(s, tsq, want, idf, avgdl, documents, params)


def _score_every_match(s: Session, tsq: str, want: int, idf: dict[str, float], avgdl: float,
                       documents: str, params: dict) -> list[tuple[int, float]]:
    """The same score over every match, on the server (it reads every matching
    page's tsvector, as ts_rank_cd did: slow on a broad query, but exact).

    A term's frequency is ``ts_rank_cd`` of the term alone with weights
    {D 0, C 0.5, B 0, A 1}: for one word each occurrence is a cover of its own,
    worth its weight, so that is the name's occurrences counted half plus the
    text's, computed in C (unnesting every matching tsvector took 25-40 s for
    ``re*`` at 500,000 pages, this 2.5 s). Past ``_PER_TERM`` terms (a short
    prefix) one unnest per page costs less than a call per term.
    """
    base, per_token, most = (fts_stats.K1 * (1 - fts_stats.B),
                             fts_stats.K1 * fts_stats.B / avgdl, fts_stats.K1 + 1)
    where = (f" AND ps.page_id IN (SELECT id FROM document_page WHERE document_id IN "
             f"({documents}))") if documents else ""
    bound = {**params, "q": tsq, "want": want, "most": most, "base": base,
             "per_token": per_token}
    if len(idf) <= _PER_TERM:
        # idf·f/(f + c) written as idf·(1 − c/(f + c)), so each count appears once in
        # the expression and the workers of a parallel scan compute it (a LATERAL of
        # the counts ran them twice, or after the Gather: 5.0 s for re*, this 2.5 s).
        length = "(:base + :per_token * ps.len)"
        parts = []
        for n, (term, term_idf) in enumerate(idf.items()):
            bound[f"t{n}"], bound[f"i{n}"] = f"'{term}'", term_idf
            parts.append(f"CAST(:i{n} AS float8) * (1 - {length} / (ts_rank_cd("
                         f"'{{0, {fts_stats.NAME_WEIGHT}, 0, 1}}', ps.tsv, CAST(:t{n} AS tsquery), "
                         f"0) + {length}))")
        return [tuple(r) for r in s.execute(text(
            f"SELECT ps.page_id, -:most * ({' + '.join(parts)}) AS score FROM page_search ps "
            f"WHERE ps.tsv @@ to_tsquery('{CONFIG}', :q){where} "
            f"ORDER BY score, ps.page_id LIMIT :want"), bound)]
    return [tuple(r) for r in s.execute(text(
        f"SELECT ps.page_id, -sum(i.idf * :most * t.tf / (t.tf + :base + :per_token * ps.len)) "
        f"AS score FROM page_search ps CROSS JOIN LATERAL ("
        f"  SELECT l.lexeme, (SELECT sum(CASE w WHEN 'C' THEN {fts_stats.NAME_WEIGHT} ELSE 1 END)"
        f"                    FROM unnest(l.weights) w) AS tf"
        f"  FROM unnest(ps.tsv) l WHERE l.lexeme = ANY(:terms)) t "
        f"JOIN unnest(CAST(:terms AS text[]), CAST(:idfs AS float8[])) i (term, idf) "
        f"ON i.term = t.lexeme "
        f"WHERE ps.tsv @@ to_tsquery('{CONFIG}', :q){where} "
        f"GROUP BY ps.page_id ORDER BY score, ps.page_id LIMIT :want"),
        {**bound, "terms": list(idf), "idfs": list(idf.values())})]


def _score(s: Session, tsq: str, ids: list[int], idf: dict[str, float], avgdl: float,
           known_tf: dict[tuple[str, int], float]) -> dict[int, float]:
    """Which of the pages ``ids`` match ``tsq``, and their scores: a term's frequency
    from its list where the page is listed, else from the page's own tsvector (the
    term's positions, the name's weighed half; a tsvector keeps 256 at most)."""
    rows = s.execute(text(
        f"SELECT ps.page_id, ps.len, t.lexeme, t.weights FROM page_search ps "
        f"LEFT JOIN LATERAL (SELECT l.lexeme, l.weights FROM unnest(ps.tsv) l "
        f"                   WHERE l.lexeme = ANY(:terms)) t ON true "
        f"WHERE ps.page_id = ANY(:ids) AND ps.tsv @@ to_tsquery('{CONFIG}', :q)"),
        {"ids": list(ids), "terms": list(idf), "q": tsq}).all()
    scores: dict[int, float] = {}
    for page_id, length, lexeme, weights in rows:
        score = scores.get(page_id, 0.0)
        if lexeme is not None:
            tf = known_tf.get((lexeme, page_id))
            if tf is None:
                tf = sum(fts_stats.NAME_WEIGHT if w == "C" else 1.0 for w in weights)
            score -= idf[lexeme] * fts_stats.weight(tf, length, avgdl)
        scores[page_id] = score
    return scores
