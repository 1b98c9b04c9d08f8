"""Search the whole case: every page, letter, Vaughn entry and note.

Queries are what attorneys type: words (all must match), "quoted phrases",
prefixes (``detain*``), ``AND`` / ``OR`` / ``NOT`` in capitals, parentheses,
and Bates numbers (``ICE-2020-000345`` finds its page first). Results are
ranked (BM25) with the matching words marked ``[[`` … ``]]`` in a snippet, and
can be narrowed by kind, request and date.

The SQL is FTS5 (``store.fts`` explains the two indexes); this module turns a
user's query into FTS5's syntax and results into :class:`Hit` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.ingest import bates
from casefile.store.case import CaseFile
from casefile.store.fts import KIND_CORRESPONDENCE, KIND_NOTE, KIND_RECORD
from casefile.store.models import CompressedText

KINDS = ("page", "correspondence", "record", "note")
_ENTRY_KIND = {"correspondence": KIND_CORRESPONDENCE, "record": KIND_RECORD, "note": KIND_NOTE}
# A citation such as (b)(7)(E) or 552(b) is words in parentheses, not a group.
_CITATION = re.compile(r"(?<![\w)])(\d*(?:\([0-9a-zA-Z]{1,4}\))+)(?![\w(])")
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_BAREWORD = re.compile(r"^[^\W_]\w*\*?$")
_OPERATORS = {"AND", "OR", "NOT"}
MARK_OPEN, MARK_CLOSE = "[[", "]]"
SNIPPET_CHARS = 180
# BM25 first counts, for each word or phrase, every page it is on (to weigh
# rare words above common ones): for a phrase on most of a 500,000-page
# production that alone takes longer than a search may. Past RANK_LIMIT
# matching pages, pages come in case order instead, and the results say so:
# a search that broad needs more words, not a ranking.
RANK_LIMIT = 20_000


@dataclass
class Hit:
    kind: str  # one of KINDS
    id: int  # the page's, letter's, entry's or note's id
    title: str
    snippet: str
    score: float
    document_id: int | None = None
    page_no: int | None = None
    bates: str | None = None
    dated: date | None = None
    exact: bool = False  # an exact Bates match, ranked first


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # there are hits past this page of results
    # More than RANK_LIMIT pages matched: pages are in case order, not ranked.
    capped: bool = False


def to_fts(query: str) -> str:
    """A user's query in FTS5 syntax (hyphenated words become phrases, etc.)."""
    parts = []
    query = _CITATION.sub(lambda m: '"' + " ".join(re.findall(r"\w+", m.group(1))) + '"', query)
    for token in _TOKEN.findall(query):
        if token in ("(", ")") or token in _OPERATORS:
            parts.append(token)
        elif token.startswith('"'):
            inner = token.strip('"').replace('"', "")
            if inner.strip():
                parts.append(f'"{inner}"')
        elif _BAREWORD.match(token):
            parts.append(token)
        else:
            star = "*" if token.endswith("*") else ""
            words = re.findall(r"[^\W_]+", token.rstrip("*"))
            if words:
                parts.append('"' + " ".join(words) + '"' + star)
    # Operators with nothing to join, or an open parenthesis, are typing slips.
    while parts and parts[-1] in _OPERATORS | {"("}:
        parts.pop()
    while parts and parts[0] in {"AND", "OR"}:
        parts.pop(0)
    depth = 0
    for p in parts:
        depth += (p == "(") - (p == ")")
    if depth > 0:
        parts += [")"] * depth
    return " ".join(parts)


def terms(query: str) -> list[tuple[str, bool]]:
    """The words to mark in snippets: (word, is_prefix)."""
    out = []
    for token in _TOKEN.findall(query):
        if token in _OPERATORS or token in ("(", ")"):
            continue
        prefix = token.endswith("*")
        for word in re.findall(r"[^\W_]+", token):
            out.append((word.lower(), prefix))
    return out


def make_snippet(body: str, words: list[tuple[str, bool]], width: int = SNIPPET_CHARS) -> str:
    """The stretch of ``body`` around the first match, matches marked."""
    if not words:
        return body[:width]
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(w) + (r"\w*" if p else r"(?!\w)") for w, p in words)
        + ")", re.IGNORECASE)
    flat = re.sub(r"\s+", " ", body).strip()
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = flat[start:start + width]
    marked = pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", window)
    return ("…" if start else "") + marked + ("…" if start + width < len(flat) else "")


def search(
    case: CaseFile,
    query: str,
    *,
    kinds: tuple[str, ...] = KINDS,
    request_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Ranked hits for ``query``: exact Bates matches first, then by relevance."""
    fts_query = to_fts(query)
    if not fts_query:
        raise InputError("Type something to search for: words, \"a phrase\", a prefix* or a "
                         "Bates number.")
    if fts_query.startswith("NOT "):
        raise InputError("NOT needs something before it, as in: Palladium NOT BORTAC.")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise InputError(f"Search kinds are {', '.join(KINDS)}; not {', '.join(unknown)}.")
    want = offset + limit + 1
    results = Results(query=query)
    with case.reading() as s:
        try:
            hits: list[Hit] = []
            if "page" in kinds:
                hits += _exact_bates(s, query, request_id, date_from, date_to)
                page_hits, results.capped = _pages(s, fts_query, want, request_id, date_from,
                                                   date_to)
                hits += page_hits
            entry_kinds = [k for k in kinds if k != "page"]
            if entry_kinds:
                hits += _entries(s, fts_query, entry_kinds, want, request_id, date_from, date_to)
        except OperationalError as exc:
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                shown = query if len(query) <= 60 else query[:57] + "…"
                raise InputError(
                    f"Casefile cannot read the search '{shown}': put phrases in double quotes, "
                    "and write AND, OR, NOT in capitals between words."
                ) from None
            raise
        seen: set[tuple[str, int]] = set()
        ranked = []
        for hit in sorted(hits, key=lambda h: (not h.exact, h.score)):
            if (hit.kind, hit.id) not in seen:
                seen.add((hit.kind, hit.id))
                ranked.append(hit)
        results.more = len(ranked) > offset + limit
        results.hits = ranked[offset:offset + limit]
        _fill_page_snippets(s, results.hits, terms(query))
        for hit in results.hits:
            hit.snippet = re.sub(r"\s+", " ", hit.snippet).strip()
            if hit.exact:  # mark the number itself, not each of its parts
                hit.snippet = ""
                _fill_page_snippets(s, [hit], [(query.strip().lower(), False)])
    return results


# --- pages -------------------------------------------------------------------------------------

_PAGE_ROWS = """
    SELECT p.id, p.document_id, p.page_no, p.bates, coalesce(d.origin, d.name)
    FROM document_page p JOIN document d ON d.id = p.document_id
    WHERE p.id IN ({ids})
"""


_LETTER_OF_REQUEST = ("c.id IN (SELECT correspondence_id FROM correspondence_request "
                      "WHERE request_id = :request_id)")


def _conditions(params: dict, request_id, date_from, date_to, *, request_sql: str,
                date_column: str) -> str:
    """WHERE conditions for the filters; binds their values into ``params``."""
    conditions = ["1 = 1"]
    if request_id is not None:
        params["request_id"] = request_id
        conditions.append(request_sql)
    if date_from is not None:
        params["date_from"] = date_from.isoformat()
        conditions.append(f"{date_column} >= :date_from")
    if date_to is not None:
        params["date_to"] = date_to.isoformat()
        conditions.append(f"{date_column} <= :date_to")
    return " AND ".join(conditions)


def _document_filter(request_id: int | None, date_from: date | None,
                     date_to: date | None) -> tuple[str, dict]:
    """SQL for the ids of documents that came with letters or productions in range."""
    if request_id is None and date_from is None and date_to is None:
        return "", {}
    params: dict = {}
    letter_conditions = _conditions(params, request_id, date_from, date_to,
                                    request_sql=_LETTER_OF_REQUEST, date_column="c.date")
    production_conditions = _conditions(params, request_id, date_from, date_to,
                                        request_sql="pr.request_id = :request_id",
                                        date_column="pr.produced_on")
    sql = (
        "SELECT cd.document_id FROM correspondence_document cd JOIN correspondence c "
        f"ON c.id = cd.correspondence_id WHERE {letter_conditions} "
        "UNION SELECT pd.document_id FROM production_document pd JOIN production pr "
        f"ON pr.id = pd.production_id WHERE {production_conditions}"
    )
    return sql, params


def _pages(s: Session, fts_query: str, want: int, request_id, date_from,
           date_to) -> tuple[list[Hit], bool]:
    """The best ``want`` pages, and whether ranking was capped at RANK_LIMIT matches."""
    documents, params = _document_filter(request_id, date_from, date_to)
    where = ""
    if documents:
        where = (f" AND page_fts.rowid IN (SELECT id FROM document_page "
                 f"WHERE document_id IN ({documents}))")
    params |= {"q": fts_query, "n": want, "over": RANK_LIMIT + 1}
    # Counting matches up to the limit is cheap (no scores); it decides
    # whether ranking them is affordable.
    matches = s.execute(text(
        f"SELECT count(*) FROM (SELECT rowid FROM page_fts WHERE page_fts MATCH :q{where} "
        f"LIMIT :over)"), params).scalar()
    if matches > RANK_LIMIT:
        rows = s.execute(text(
            f"SELECT rowid, 0.0 FROM page_fts WHERE page_fts MATCH :q{where} LIMIT :n"),
            params).all()
        return _page_hits(s, dict(rows)), True
    rows = s.execute(text(
        f"SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts "
        f"WHERE page_fts MATCH :q{where} ORDER BY score LIMIT :n"), params).all()
    return _page_hits(s, dict(rows)), False


def _exact_bates(s: Session, query: str, request_id, date_from, date_to) -> list[Hit]:
    if len(query.split()) > 4 or not re.search(r"\d{4,}", query):
        return []
    # As stored: upper case, parts joined by '-' ("ice 2020 000345" too).
    number = bates.normalise(query.strip('" '))
    documents, params = _document_filter(request_id, date_from, date_to)
    extra = f" AND document_id IN ({documents})" if documents else ""
    ids = s.scalars(text(f"SELECT id FROM document_page WHERE bates = :b{extra}"),
                    {"b": number, **params}).all()
    hits = _page_hits(s, {i: float("-inf") for i in ids})
    for hit in hits:
        hit.exact = True
    return hits


def _page_hits(s: Session, scores: dict[int, float]) -> list[Hit]:
    if not scores:
        return []
    ids = ",".join(str(int(i)) for i in scores)
    hits = []
    for page_id, document_id, page_no, page_bates, name in s.execute(
            text(_PAGE_ROWS.format(ids=ids))):
        title = f"{name}, page {page_no}" + (f" ({page_bates})" if page_bates else "")
        hits.append(Hit("page", page_id, title, "", scores[page_id], document_id=document_id,
                        page_no=page_no, bates=page_bates))
    return hits


def _fill_page_snippets(s: Session, hits: list[Hit], words) -> None:
    """Cut snippets for the pages shown only: their text is stored compressed."""
    pages = [h for h in hits if h.kind == "page"]
    if not pages:
        return
    ids = ",".join(str(h.id) for h in pages)
    decode = CompressedText().process_result_value
    texts = {pid: decode(blob, None) or "" for pid, blob in s.execute(
        text(f"SELECT id, text FROM document_page WHERE id IN ({ids})"))}
    for hit in pages:
        hit.snippet = make_snippet(texts.get(hit.id, ""), words)


# --- letters, entries, notes ------------------------------------------------------------------


def _entries(s: Session, fts_query: str, kinds: list[str], want: int, request_id, date_from,
             date_to) -> list[Hit]:
    codes = ",".join(str(_ENTRY_KIND[k]) for k in kinds)
    conditions = [f"(entry_fts.rowid % 4) IN ({codes})"]
    params: dict = {"q": fts_query, "n": want}
    if request_id is not None or date_from is not None or date_to is not None:
        # Letters filter by their requests and dates; Vaughn entries by their
        # index's request and the withheld record's date; notes have neither.
        letter = _conditions(params, request_id, date_from, date_to,
                             request_sql=_LETTER_OF_REQUEST, date_column="c.date")
        entry = _conditions(params, request_id, date_from, date_to,
                            request_sql="r.index_id IN (SELECT id FROM vaughn_index "
                                        "WHERE request_id = :request_id)",
                            date_column="r.doc_date")
        conditions.append(f"entry_fts.rowid IN (SELECT c.id * 4 + 1 FROM correspondence c "
                          f"WHERE {letter} UNION SELECT r.id * 4 + 2 FROM record r "
                          f"WHERE {entry})")
    rows = s.execute(text(
        f"SELECT rowid, kind, title, snippet(entry_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', '…', "
        f"24) AS snip, bm25(entry_fts, 0, 2.0, 1.0) AS score FROM entry_fts "
        f"WHERE entry_fts MATCH :q AND {' AND '.join(conditions)} ORDER BY score LIMIT :n"),
        params).all()
    hits = []
    dates = _letter_dates(s, [r[0] // 4 for r in rows if r[1] == "correspondence"])
    for rowid, kind, title, snip, score in rows:
        entity_id = rowid // 4
        label = {"correspondence": "Letter", "record": "Vaughn", "note": "Note"}[kind]
        hits.append(Hit(kind, entity_id, f"{label}: {title}".rstrip(": "), snip, score,
                        dated=dates.get(entity_id)))
    return hits


def _letter_dates(s: Session, ids: list[int]) -> dict[int, date]:
    if not ids:
        return {}
    rows = s.execute(text(f"SELECT id, date FROM correspondence WHERE id IN "
                          f"({','.join(str(int(i)) for i in ids)})")).all()
    return {i: date.fromisoformat(str(d)) for i, d in rows}
