"""Every search ranked exactly, on a case of 3,000 pages whose per-term lists
are cut short (8 pages kept per term, trimmed past 16), so most of each word's
pages are missing from its list and the threshold has work to do.

The case is built here from seeded random pages over a small vocabulary
(every word on hundreds of pages, lengths 20 to 120 words), written in
batches of 250 pages as an import writes them, so lists are trimmed while the
average page length still moves. Expected results are computed two ways that
do not use the ranking code: FTS5's own bm25(page_fts, 0.5, 1.0) over every
match (for words, where the ranking claims to equal it), and BM25 counted in
Python from the texts (for phrases and prefixes, scored by their terms).
"""

from __future__ import annotations

import math
import random

import pytest
from sqlalchemy import insert

from casefile import ranked_pages
from casefile.search import search, to_fts
from casefile.store import CaseFile, fts, fts_stats
from casefile.store.blobs import put_bytes
from casefile.store.models import Document, DocumentPage

PAGES = 3000
# Filler on most pages, then the searched words, each on 10-45% of pages, so
# their IDFs differ (a word on over half the pages gets FTS5's floor, 1e-6).
FILLER = ["agent", "report", "border", "headquarters", "action", "release", "target",
          "package", "daily", "office"]
SEARCHED = ["detainer", "detainers", "detention", "surveillance", "review", "legal", "memo",
            "warrant", "custody"]
VOCABULARY = FILLER + SEARCHED
NAME = "production.pdf"  # two name tokens on every page: "production" and "pdf"


def _texts(seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    weights = [5.0] * len(FILLER) + [0.1 + 0.05 * n for n in range(len(SEARCHED))]
    pages = []
    for _ in range(PAGES):
        length = rng.randint(20, 120)
        words = rng.choices(VOCABULARY, weights, k=length)
        if rng.random() < 0.1:
            words[:2] = ["legal", "review"]
        pages.append(" ".join(words))
    return pages


@pytest.fixture(scope="module")
def short_lists(tmp_path_factory):
    path = tmp_path_factory.mktemp("ranking") / "ranking.casefile"
    texts = _texts()
    patch = pytest.MonkeyPatch()
    patch.setattr(fts_stats, "LIST", 8)
    try:
        CaseFile.create(path).close()
        with CaseFile.open(path) as case, case.transaction() as s:
            blob, _ = put_bytes(s, b"placeholder")
            document = Document(blob=blob, name=NAME, media_type="application/pdf",
                                page_count=PAGES)
            s.add(document)
            s.flush()
            for at in range(0, PAGES, 250):
                rows = [{"document_id": document.id, "page_no": n + 1, "text": texts[n],
                         "has_text_layer": True, "ocr": False}
                        for n in range(at, min(at + 250, PAGES))]
                ids = s.scalars(insert(DocumentPage).returning(
                    DocumentPage.id, sort_by_parameter_order=True), rows).all()
                fts.index_pages(s.connection(), [(i, NAME, r["text"])
                                                 for i, r in zip(ids, rows, strict=True)])
    finally:
        patch.undo()
    with CaseFile.open(path, read_only=True) as case:
        with case.reading() as s:
            page_ids = s.connection().exec_driver_sql(
                "SELECT id FROM document_page ORDER BY page_no").scalars().all()
        yield case, dict(zip(page_ids, texts, strict=True))


def _fts_bm25(case, query: str, n: int) -> list[tuple[int, float]]:
    with case.reading() as s:
        return [tuple(r) for r in s.connection().exec_driver_sql(
            "SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts "
            "WHERE page_fts MATCH ? ORDER BY score, rowid LIMIT ?", (to_fts(query), n))]


def _python_bm25(texts: dict[int, str], terms: list[str], matches) -> list[tuple[int, float]]:
    """BM25 summed over ``terms``, counted from the texts, over pages ``matches`` accepts."""
    name = NAME.replace(".", " ").split()
    tokens = {i: t.split() for i, t in texts.items()}
    avgdl = sum(len(t) + len(name) for t in tokens.values()) / len(tokens)
    scores = []
    for i, words in tokens.items():
        if not matches(texts[i]):
            continue
        score = 0.0
        for term in terms:
            tf = words.count(term) + 0.5 * name.count(term)
            if tf:
                pages = sum(term in w for w in tokens.values())
                idf = max(math.log((len(tokens) - pages + 0.5) / (pages + 0.5)), 1e-6)
                score -= idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * (len(words) + 2) / avgdl))
        scores.append((i, score))
    return sorted(scores, key=lambda r: (r[1], r[0]))


def _spy(monkeypatch) -> list[int]:
    """The sizes of the page sets scored: more than the lists hold means every match was read."""
    sizes: list[int] = []
    real = ranked_pages._score

    def score(conn, q, ids, idf, avgdl, known=None):
        sizes.append(len(ids))
        return real(conn, q, ids, idf, avgdl, known)

    monkeypatch.setattr(ranked_pages, "_score", score)
    return sizes


def _same(got, expected):
    assert [round(s, 9) for _, s in got] == [round(s, 9) for _, s in expected]
    # Pages of equal score may come in either order; any other page must be the same.
    assert {i for i, _ in got} == {i for i, _ in expected} or all(
        g[0] == e[0] or round(g[1], 9) == round(e[1], 9)
        for g, e in zip(got, expected, strict=True))


def test_the_lists_are_short(short_lists):
    case, _ = short_lists
    with case.reading() as s:
        conn = s.connection()
        longest = conn.exec_driver_sql(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM page_champion GROUP BY term)").scalar()
        pages = conn.exec_driver_sql("SELECT pages FROM page_term WHERE term = 'detainer'").scalar()
        matched = conn.exec_driver_sql(
            "SELECT count(*) FROM page_fts WHERE page_fts MATCH 'detainer'").scalar()
    assert longest <= 16
    assert pages == matched > 200


@pytest.mark.parametrize("query", ["detainer", "surveillance", "legal review",
                                   "detainer OR warrant", "custody NOT memo"])
def test_words_rank_as_fts5_bm25_over_every_match(short_lists, query, monkeypatch):
    case, _ = short_lists
    for limit in (2, 20):
        got = search(case, query, kinds=("page",), limit=limit)
        expected = _fts_bm25(case, query, limit)
        _same([(h.id, h.score) for h in got.hits], expected)
        assert all(h.snippet for h in got.hits)


def test_a_short_top_is_answered_from_the_lists_and_a_long_one_reads_further(short_lists,
                                                                                monkeypatch):
    case, _ = short_lists
    with case.reading() as s:
        listed = s.connection().exec_driver_sql(
            "SELECT count(*) FROM page_champion WHERE term = 'detainer'").scalar()
    assert 8 <= listed <= 16
    sizes = _spy(monkeypatch)
    top = search(case, "detainer", kinds=("page",), limit=1)
    assert sizes == [listed]  # the listed pages vouched for the best 2 (1 shown, 1 for "more")
    _same([(h.id, h.score) for h in top.hits], _fts_bm25(case, "detainer", 1))
    sizes.clear()
    search(case, "detainer", kinds=("page",), limit=20)
    assert sum(sizes[1:]) > 200  # 21 wanted, 8 listed: every match read


def test_a_phrase_is_ranked_by_its_words_over_the_pages_holding_it(short_lists):
    case, texts = short_lists
    got = search(case, '"legal review"', kinds=("page",), limit=20)
    expected = _python_bm25(texts, ["legal", "review"], lambda t: "legal review" in t)[:20]
    _same([(h.id, h.score) for h in got.hits], expected)
    assert "[[legal]] [[review]]" in got.hits[0].snippet  # words marked one by one


def test_a_prefix_is_ranked_by_the_terms_it_stands_for(short_lists):
    case, texts = short_lists
    got = search(case, "detain*", kinds=("page",), limit=20)
    terms = [w for w in VOCABULARY if w.startswith("detain")]
    assert len(terms) == 2
    expected = _python_bm25(texts, terms, lambda t: any(w in t.split() for w in terms))[:20]
    _same([(h.id, h.score) for h in got.hits], expected)



@pytest.mark.parametrize(("query", "terms"), [
    ("detainer", ["detainer"]), ("legal review", ["legal", "review"]),
    ("detainer OR warrant", ["detainer", "warrant"]), ("detain*", ["detainer", "detainers"])])
def test_lists_read_a_little_at_a_time_give_the_same_top(short_lists, query, terms,
                                                         monkeypatch):
    case, _ = short_lists
    with case.reading() as s:
        listed = s.connection().exec_driver_sql(
            f"SELECT count(DISTINCT page_id) FROM page_champion WHERE term IN "
            f"({','.join('?' * len(terms))})", tuple(terms)).scalar()
    whole = search(case, query, kinds=("page",), limit=1)
    sizes = _spy(monkeypatch)
    monkeypatch.setattr(ranked_pages, "FIRST_DEPTH", 1)  # 2 wanted: 4 a list, then 16, 64
    stepped = search(case, query, kinds=("page",), limit=1)
    assert sizes[0] < listed  # the first step read part of the lists
    assert [(h.id, h.score) for h in stepped.hits] == [(h.id, h.score) for h in whole.hits]
    _same([(h.id, h.score) for h in stepped.hits][:1],
          _fts_bm25(case, query, 1) if "*" not in query else [(whole.hits[0].id,
                                                                whole.hits[0].score)])
