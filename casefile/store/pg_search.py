"""Search on PostgreSQL: the query language of ``casefile.search``, in tsquery.

``search.to_fts`` turns what an attorney types into FTS5 syntax: bare words,
``prefix*``, ``"phrases"`` (``"a phrase"*`` too), ``AND``/``OR``/``NOT`` and
parentheses, always well formed. Here that string is translated term by term
into ``to_tsquery`` syntax: ``'word'``, ``'pre':*``, ``'a' <-> 'phrase'``,
``&``, ``|``, ``& !``. FTS5 binds NOT tighter than AND and AND tighter than
OR, as tsquery binds ``!``, ``&`` and ``|``, so no regrouping is needed.
Pages are ranked by BM25 over per-term statistics, as on SQLite
(``store.pg_ranked``); entries by ``ts_rank_cd`` (cover density), their
snippets by ``ts_headline``;
page snippets, the Bates lookup and the filters are the SQLite side's own.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.pg_fts import CONFIG

_FTS_TOKEN = re.compile(r'(?P<phrase>"[^"]*"\*?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+)')
_LEXEME = re.compile(r"[^\W_]+")


def _lexemes(words: str, prefix: bool) -> str | None:
    found = [w.lower() for w in _LEXEME.findall(words)]
    if not found:
        return None
    quoted = [f"'{w}'" for w in found]
    if prefix:
        quoted[-1] += ":*"
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def to_tsquery(fts_query: str) -> str:
    """An FTS5 query made by ``search.to_fts``, as ``to_tsquery`` syntax."""
    out: list[str] = []
    for m in _FTS_TOKEN.finditer(fts_query):
        kind, typed = m.lastgroup, m[m.lastgroup]
        last = out[-1] if out else None
        joinable = last is not None and last not in ("&", "|", "!", "(")
        if kind == "word" and typed in ("AND", "OR", "NOT"):
            if typed == "NOT":
                out += (["&"] if joinable else []) + ["!"]
            else:
                out.append("&" if typed == "AND" else "|")
            continue
        if kind == "close":
            out.append(")")
            continue
        if kind == "open":
            term = "("
        elif kind == "phrase":
            term = _lexemes(typed.rstrip("*").strip('"'), typed.endswith("*"))
        else:
            term = _lexemes(typed.rstrip("*"), typed.endswith("*"))
        if term is None:
            continue
        if joinable:  # FTS5's implicit AND between neighbours
            out.append("&")
        out.append(term)
    return " ".join(out)


def search(case, query: str, *, kinds, request_id, date_from: date | None,
           date_to: date | None, limit: int, offset: int):
    """``casefile.search.search`` on a case kept on PostgreSQL (same arguments, same Results)."""
    from casefile import search as base

    fts_query = base.to_fts(query)
    if not fts_query:
        if not query.strip():
            raise InputError("Type something to search for: words, \"a phrase\", a prefix* or "
                             "a Bates number.")
        raise InputError(f"There are no words to search for in {base._shown(query)}: type "
                         "words, \"a phrase\", a prefix* or a Bates number.")
    if re.search(r"(?:^|\( )NOT ", fts_query):
        raise InputError("NOT needs something before it, as in: Palladium NOT BORTAC.")
    unknown = set(kinds) - set(base.KINDS)
    if unknown:
        raise InputError(f"Search kinds are {', '.join(base.KINDS)}; not {', '.join(unknown)}.")
    tsq = to_tsquery(fts_query)
    want = offset + limit + 1
    results = base.Results(query=query)
    with case.reading() as s:
        try:
            hits = []
            if "page" in kinds:
                hits += base._exact_bates(s, query, request_id, date_from, date_to)
                hits += _pages(s, fts_query, tsq, want, request_id, date_from, date_to)
            entry_kinds = [k for k in kinds if k != "page"]
            if entry_kinds:
                hits += _entries(s, tsq, entry_kinds, want, request_id, date_from, date_to)
        except DBAPIError as exc:
            if "tsquery" in str(exc).lower():
                # to_tsquery should leave nothing the server cannot read; the last net.
                raise InputError(
                    f"Casefile cannot read the search {base._shown(query)}: put phrases in "
                    "double quotes, and write AND, OR, NOT in capitals between words."
                ) from None
            raise
        seen: set[tuple[str, int]] = set()
        ranked = []
        # Ties by id, pages first, as SQLite returns them (the page rows come unordered).
        for hit in sorted(hits, key=lambda h: (not h.exact, h.score, h.kind != "page", h.id)):
            if (hit.kind, hit.id) not in seen:
                seen.add((hit.kind, hit.id))
                ranked.append(hit)
        results.more = len(ranked) > offset + limit
        results.hits = ranked[offset:offset + limit]
        words = base.terms(query)
        base._fill_page_snippets(s, results.hits, words)
        for hit in results.hits:
            hit.snippet = re.sub(r"\s+", " ", hit.snippet).strip()
            if hit.kind != "page":
                hit.snippet = base._remark(hit.snippet, words)
            if hit.exact:
                hit.snippet = ""
                base._fill_page_snippets(s, [hit], [((hit.bates or query.strip()).lower(),
                                                     False)])
    return results


def _pages(s: Session, fts_query: str, tsq: str, want: int, request_id, date_from, date_to):
    """The best ``want`` pages by BM25 over the per-term statistics (store.pg_ranked),
    however many match: ranking every match by ts_rank_cd read every matching
    page's tsvector (seconds for a broad word at 500,000 pages)."""
    from casefile import search as base
    from casefile.store import pg_ranked

    documents, params = base._document_filter(request_id, date_from, date_to)
    return base._page_hits(s, dict(pg_ranked.top(s, fts_query, tsq, want, documents, params)))


def _entries(s: Session, tsq: str, kinds: list[str], want: int, request_id, date_from,
             date_to):
    from casefile import search as base

    codes = ",".join(str(base._ENTRY_KIND[k]) for k in kinds)
    conditions = [f"(e.rowid % 4) IN ({codes})"]
    params: dict = {"q": tsq, "n": want}
    if request_id is not None or date_from is not None or date_to is not None:
        letter = base._conditions(params, request_id, date_from, date_to,
                                  request_sql=base._LETTER_OF_REQUEST, date_column="c.date")
        entry = base._conditions(params, request_id, date_from, date_to,
                                 request_sql="r.index_id IN (SELECT id FROM vaughn_index "
                                             "WHERE request_id = :request_id)",
                                 date_column="r.doc_date")
        conditions.append(f"e.rowid IN (SELECT c.id::bigint * 4 + 1 FROM correspondence c "
                          f"WHERE {letter} UNION SELECT r.id::bigint * 4 + 2 FROM record r "
                          f"WHERE {entry})")
    options = (f"StartSel={base.MARK_OPEN}, StopSel={base.MARK_CLOSE}, MaxWords=24, "
               "MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=…")
    rows = s.execute(text(
        f"SELECT e.rowid, e.kind, e.title, "
        f"ts_headline('{CONFIG}', e.body, to_tsquery('{CONFIG}', :q), '{options}') AS snip, "
        f"-ts_rank_cd(e.tsv, to_tsquery('{CONFIG}', :q)) AS score FROM entry_search e "
        f"WHERE e.tsv @@ to_tsquery('{CONFIG}', :q) AND {' AND '.join(conditions)} "
        f"ORDER BY score, e.rowid LIMIT :n"), params).all()
    hits = []
    dates = base._letter_dates(s, [r[0] // 4 for r in rows if r[1] == "correspondence"])
    for rowid, kind, title, snip, score in rows:
        entity_id = rowid // 4
        label = {"correspondence": "Letter", "record": "Vaughn", "note": "Note"}[kind]
        hits.append(base.Hit(kind, entity_id, f"{label}: {title}".rstrip(": "), snip, score,
                             dated=dates.get(entity_id)))
    return hits
