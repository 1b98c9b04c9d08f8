"""Search the whole case: every page, letter, Vaughn entry and note.

Queries are what attorneys type: words (all must match), "quoted phrases",
prefixes (``detain*``), ``AND`` / ``OR`` / ``NOT`` in capitals, parentheses,
Bates numbers (``ICE-2020-000345`` finds its page first) and exemptions however
they are cited (``b5``, ``b(5)``, ``(b)(7)(C)``). Anything else typed is taken
as words, never as an error. Results are
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
# Word processors' curly quotes, pasted from a brief, are quotes all the same.
_QUOTE_MARKS = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'))
# An exemption as attorneys write it: b5, b(5), (b)(5), b7c, (b)(7)(C). Pages say
# "(b)(5)" (words b and 5 to the index) and Vaughn entries often "b5" or "b7C" (one
# word), so a citation searches both forms. Only exemption 7 has lettered parts.
_EXEMPTION = r"(?:\(b\)|b)(?:\(([1-9])\)|([1-9]))(?:\(([a-f])\)|([a-f]))?"
_TOKEN = re.compile(
    r'(?P<phrase>"[^"]*"?(?:(?<=")\*)?)'
    # stands alone: after a space or a bracket, before one or a comma
    rf"|(?<![^\s(])(?P<exemption>{_EXEMPTION})(?=[\s),;.]|$)"
    # Any other citation, such as 552(b) or (d)(1), is words in parentheses, not a group.
    r"|(?<![\w)])(?P<citation>\d*(?:\([0-9a-z]{1,4}\))+)(?![\w(])"
    r"|(?P<open>\()|(?P<close>\))"
    r'|(?P<word>[^\s()"]+)',
    re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")
_BAREWORD = re.compile(r"^[^\W_]\w*\*?$")
_OPERATORS = {"AND", "OR", "NOT"}
# FTS5 takes these as syntax unless quoted ("NEAR(a b)"); a user typing them means the word.
_RESERVED = {"NEAR"}
# FTS5's parser overflows its stack on deeper groups; nobody means that many.
MAX_NESTING = 10
MARK_OPEN, MARK_CLOSE = "[[", "]]"
SNIPPET_CHARS = 180


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
    document: str | None = None  # a page's document, as the title names it


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # there are hits past this page of results


def _tokens(query: str) -> list[tuple[str, str]]:
    """The query as (kind, typed) pairs; kind is a group name of ``_TOKEN``."""
    query = query.translate(_QUOTE_MARKS)
    out = []
    for m in _TOKEN.finditer(query):
        kind, typed = m.lastgroup, m[m.lastgroup]
        if kind == "exemption":
            cited = re.sub(r"[()bB]", "", typed)  # "5", "7c"
            number, letter = cited[0], cited[1:]
            if letter and number != "7":  # (b)(3)(A) is not an exemption: words as written
                kind = "citation"
            else:
                typed = number + letter.upper()
        elif kind == "word" and typed in _OPERATORS:
            kind = "operator"
        out.append((kind, typed))
    return out


def _exemption_fts(cited: str) -> str:
    """Both forms of exemption ``cited`` ("5", "7C"): "b 5" as on pages, b5 as in entries."""
    number, letter = cited[0], cited[1:]
    spaced = " ".join(["b", number, *([letter] if letter else [])])
    # (b)(7) covers its parts, written b7C as one word in an entry.
    joined = f"b{cited}" + ("*" if cited == "7" else "")
    return f'( "{spaced}" OR {joined} )'


def _operand(kind: str, typed: str) -> str | None:
    """A word, phrase or citation in FTS5 syntax; None when it holds no words."""
    if kind == "exemption":
        return _exemption_fts(typed)
    if kind == "phrase":
        # "agent vel"* is a phrase whose last word is a prefix, as FTS5 reads it.
        star = "*" if typed.endswith('"*') else ""
        words = _WORDS.findall(typed)
        return '"' + " ".join(words) + '"' + star if words else None
    if kind == "word" and _BAREWORD.match(typed) and typed.rstrip("*") not in (
            _OPERATORS | _RESERVED):  # AND* is the word "and", not an operator
        return typed
    star = "*" if kind == "word" and typed.endswith("*") else ""
    words = _WORDS.findall(typed.rstrip("*"))
    return '"' + " ".join(words) + '"' + star if words else None


def to_fts(query: str) -> str:
    """A user's query in FTS5 syntax (hyphenated words become phrases, etc.).

    Whatever is typed comes out as valid FTS5, or as "" when it holds no words:
    operators with nothing to join, stray or empty parentheses and open quotes
    are typing slips, dropped or closed. A NOT with nothing before it is kept
    (``search`` explains it), as dropping it would search for the opposite.
    """
    out: list[str] = []
    depth = 0
    skipped = []  # for each open parenthesis: True when too deep to keep
    for kind, typed in _tokens(query):
        last = out[-1] if out else None
        if kind == "operator":
            if last is None or last == "(":
                if typed == "NOT":
                    out.append(typed)
            elif last in _OPERATORS:
                if typed == "NOT":  # "a AND NOT b" is "a NOT b"
                    out[-1] = typed
            else:
                out.append(typed)
        elif kind == "close":
            if not skipped or skipped.pop():
                continue  # a parenthesis never opened, or one too deep
            while out[-1] in _OPERATORS:
                out.pop()
            depth -= 1
            if out[-1] == "(":
                out.pop()  # an empty group
            else:
                out.append(")")
        else:
            if kind == "open":
                skipped.append(depth >= MAX_NESTING)
                if skipped[-1]:
                    continue
            term = "(" if kind == "open" else _operand(kind, typed)
            if term is None:
                continue
            # FTS5 joins two words with an implicit AND, but not a group and a word.
            if last is not None and last not in _OPERATORS | {"("} and (
                    term.startswith("(") or last.endswith(")")):
                out.append("AND")
            out.append(term)
            depth += term == "("
    # Operators with nothing after them, or an open parenthesis, are typing slips.
    while out and out[-1] in _OPERATORS | {"("}:
        depth -= out.pop() == "("
    return " ".join(out + [")"] * depth)


def terms(query: str) -> list[tuple[str, bool]]:
    """The words to mark in snippets: (word, is_prefix). An exemption comes whole,
    as "(b)(5)" or "(b)(7)(C)"; ``make_snippet`` marks it however it is written."""
    out = []
    for kind, typed in _tokens(query):
        if kind in ("operator", "open", "close"):
            continue
        if kind == "exemption":
            out.append((_exemption_label(typed), typed == "7"))
            continue
        if kind == "citation":  # marked as written: 552(b), not each 5 and b on the page
            out.append((typed.lower(), False))
            continue
        prefix = kind == "word" and typed.endswith("*")
        for word in _WORDS.findall(typed):
            out.append((word.lower(), prefix))
    return out


def _exemption_label(cited: str) -> str:
    """"5" as "(b)(5)", "7C" as "(b)(7)(C)": how the Vaughn table writes them."""
    return "(b)" + "".join(f"({c})" for c in cited)


_LABEL = re.compile(r"\(b\)\((\d)\)(?:\(([A-F])\))?")


def _term_pattern(word: str, prefix: bool) -> str:
    label = _LABEL.fullmatch(word)
    if label is None:
        return r"(?<!\w)" + re.escape(word) + (r"\w*" if prefix else r"(?!\w)")
    # (b)(5), b5 and b(5) alike, and the (b)(5) in 552(b)(5); with b7, its parts too.
    number, letter = label.groups()
    pattern = rf"(?:\(b\)|(?<![\w(])b)(?:\({number}\)|{number})"
    if letter:
        pattern += rf"(?:\({letter}\)|{letter})"
    elif prefix:
        pattern += r"(?:\([a-f]\)|[a-f])?"
    return pattern + r"(?!\w)"


def make_snippet(body: str, words: list[tuple[str, bool]], width: int = SNIPPET_CHARS) -> str:
    """The stretch of ``body`` around the first match, matches marked."""
    if not words:
        return body[:width]
    pattern = _marker(words)
    flat = _flat_head(body, pattern, width)
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    window = flat[start:start + width]
    marked = pattern.sub(_mark, window)
    return ("…" if start else "") + marked + ("…" if start + width < len(flat) else "")


def _flat_head(body: str, pattern: re.Pattern, width: int) -> str:
    """``body`` with its runs of white space made one space and stripped, as far as
    a snippet of ``width`` around the first match needs it, and one character
    past that when there is more; or the whole of it.

    A page is a few kilobytes and a search shows twenty: flattening only the head
    saves most of the snippets' time. Matches are the same in the raw text (the
    patterns hold no white space and look only for word characters and
    parentheses around them).
    """
    first = pattern.search(body)
    cut = (first.end() if first else 0) + 2 * width
    if cut >= len(body) or body[cut:].isspace():
        return re.sub(r"\s+", " ", body).strip()
    head = re.sub(r"\s+", " ", body[:cut]).lstrip()
    # The head must reach past the window (which starts at most width // 3 + 20
    # before the match's end), or the whole text is flattened after all.
    at = pattern.search(head)
    if at is None or len(head) <= at.start() + width + 20:
        return re.sub(r"\s+", " ", body).strip()
    return head


def _marker(words: list[tuple[str, bool]]) -> re.Pattern:
    return re.compile("|".join(_term_pattern(w, p) for w, p in words), re.IGNORECASE)


def _mark(match: re.Match) -> str:
    return f"{MARK_OPEN}{match.group(0)}{MARK_CLOSE}"


def _remark(snippet: str, words: list[tuple[str, bool]]) -> str:
    """An FTS5 snippet marked as page snippets are.

    FTS5 marks the words of a match one by one, so "(b)(7)(E)" comes back as
    "([[b)(7)(E]])". Its own marks stay when ours find nothing (FTS5 also
    matches "résumé" for "resume").
    """
    if not words:
        return snippet
    plain = snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    marked = _marker(words).sub(_mark, plain)
    return marked if marked != plain else snippet


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
    if case.backend == "postgresql":  # tsvector, not FTS5: store.pg_search
        from casefile.store import pg_search

        return pg_search.search(case, query, kinds=kinds, request_id=request_id,
                                date_from=date_from, date_to=date_to, limit=limit, offset=offset)
    fts_query = to_fts(query)
    if not fts_query:
        if not query.strip():
            raise InputError("Type something to search for: words, \"a phrase\", a prefix* or "
                             "a Bates number.")
        raise InputError(f"There are no words to search for in {_shown(query)}: type words, "
                         "\"a phrase\", a prefix* or a Bates number.")
    if re.search(r"(?:^|\( )NOT ", fts_query):
        raise InputError("NOT needs something before it, as in: Palladium NOT BORTAC.")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise InputError(f"Search kinds are {', '.join(KINDS)}; not {', '.join(unknown)}.")
    want = offset + limit + 1
    results = Results(query=query)
    with case.reading() as s:
        try:
            hits: list[Hit] = []
            texts: dict[int, str] = {}  # pages' texts the ranking read, for snippets
            if "page" in kinds:
                hits += _exact_bates(s, query, request_id, date_from, date_to)
                hits += _pages(s, fts_query, want, request_id, date_from, date_to, texts)
            entry_kinds = [k for k in kinds if k != "page"]
            if entry_kinds:
                hits += _entries(s, fts_query, entry_kinds, want, request_id, date_from, date_to)
        except OperationalError as exc:
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                # to_fts should leave nothing FTS5 cannot read; this is the last net.
                raise InputError(
                    f"Casefile cannot read the search {_shown(query)}: put phrases in double "
                    "quotes, and write AND, OR, NOT in capitals between words."
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
        words = terms(query)
        _fill_page_snippets(s, results.hits, words, texts)
        for hit in results.hits:
            hit.snippet = re.sub(r"\s+", " ", hit.snippet).strip()
            if hit.kind != "page":
                hit.snippet = _remark(hit.snippet, words)
            if hit.exact:  # mark the number itself (as stamped), not each of its parts
                hit.snippet = ""
                _fill_page_snippets(s, [hit], [((hit.bates or query.strip()).lower(), False)])
    return results


def _shown(query: str) -> str:
    """The query as a message quotes it: one line, and not too long."""
    query = " ".join(query.split())
    return "'" + (query if len(query) <= 60 else query[:57] + "…") + "'"


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
           date_to, texts: dict[int, str] | None = None) -> list[Hit]:
    """The best ``want`` pages by BM25, however many match (``ranked_pages`` explains how);
    ``texts`` gets the texts of the pages the ranking read."""
    from casefile import ranked_pages

    documents, params = _document_filter(request_id, date_from, date_to)
    return _page_hits(s, dict(ranked_pages.top(s, fts_query, want, documents, params, texts)))


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
                        page_no=page_no, bates=page_bates, document=name))
    return hits


def _fill_page_snippets(s: Session, hits: list[Hit], words,
                        read: dict[int, str] | None = None) -> None:
    """Cut snippets for the pages shown only: their text is stored compressed (``read``:
    texts already read)."""
    pages = [h for h in hits if h.kind == "page"]
    if not pages:
        return
    texts = {h.id: read[h.id] for h in pages if read and h.id in read}
    ids = ",".join(str(h.id) for h in pages if h.id not in texts)
    decode = CompressedText().process_result_value
    if ids:
        texts.update((pid, decode(blob, None) or "") for pid, blob in s.execute(
            text(f"SELECT id, text FROM document_page WHERE id IN ({ids})")))
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
