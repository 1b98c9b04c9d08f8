"""Pages ranked on PostgreSQL as on SQLite: BM25 over per-term champion lists
(``store.pg_stats``, ``store.pg_ranked``), not ts_rank_cd over every match.

The case is built from seeded random pages over a small vocabulary, written
in batches as an import writes them, with the lists cut short (8 pages kept
per term, trimmed past 16) so the threshold has work to do. The same pages
go into a case file and into a case on the test run's own cluster; each
search must put the same pages first on both, and (for words, prefixes and
OR) the pages BM25 counted in Python from the texts puts first.
"""

from __future__ import annotations

import random
import re
import uuid

import pytest
from sqlalchemy import insert, text

from casefile.search import search
from casefile.store import CaseFile, fts, fts_stats, pg_ranked, pg_stats, transfer
from casefile.store.blobs import put_bytes
from casefile.store.models import Document, DocumentPage
from tests.conftest import run_cli

PAGES = 1200
FILLER = ["agent", "report", "border", "headquarters", "action", "release", "target",
          "package", "daily", "office"]
SEARCHED = ["detainer", "detainers", "detention", "surveillance", "review", "legal", "memo",
            "warrant", "custody"]
NAME = "production.pdf"
QUERIES = ["detainer", "surveillance", "agent", "deten*", "det*", "legal review",
           '"legal review"', "memo OR warrant", "custody NOT memo", "warrant custody",
           '"daily target" detainer']


def _texts(seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    vocabulary = FILLER + SEARCHED
    weights = [5.0] * len(FILLER) + [0.1 + 0.05 * n for n in range(len(SEARCHED))]
    pages = []
    for _ in range(PAGES):
        words = rng.choices(vocabulary, weights, k=rng.randint(20, 120))
        if rng.random() < 0.1:
            words[:2] = ["legal", "review"]
        pages.append(" ".join(words))
    return pages


def _fill(case: CaseFile, texts: list[str], batch: int = 200) -> None:
    with case.transaction() as s:
        blob, _ = put_bytes(s, b"placeholder")
        document = Document(blob=blob, name=NAME, media_type="application/pdf",
                            page_count=len(texts))
        s.add(document)
        s.flush()
        for at in range(0, len(texts), batch):
            rows = [{"document_id": document.id, "page_no": n + 1, "text": texts[n],
                     "has_text_layer": True, "ocr": False}
                    for n in range(at, min(at + batch, len(texts)))]
            ids = s.scalars(insert(DocumentPage).returning(
                DocumentPage.id, sort_by_parameter_order=True), rows).all()
            fts.index_pages(s.connection(), [(i, NAME, r["text"])
                                             for i, r in zip(ids, rows, strict=True)])


def _first_pages(case: CaseFile, query: str, limit: int = 10) -> list[int]:
    return [h.page_no for h in search(case, query, kinds=("page",), limit=limit).hits]


def _bm25_top(texts: list[str], terms: list[str], matches, limit: int = 10) -> list[int]:
    """BM25 of ``terms`` counted from the texts (the name counted half), over the pages
    ``matches`` accepts: page numbers best first, ties by page."""
    tokens = [t.split() for t in texts]
    lengths = [len(words) + 2 for words in tokens]  # + "production", "pdf"
    avgdl = sum(lengths) / len(texts)
    scores = []
    for n, words in enumerate(tokens):
        if not matches(words):
            continue
        score = 0.0
        for term in terms:
            tf = words.count(term)
            if tf:
                pages = sum(1 for w in tokens if term in w)
                score += fts_stats.idf(pages, len(texts)) * fts_stats.weight(
                    tf, lengths[n], avgdl)
        scores.append((-score, n + 1))
    return [page_no for _, page_no in sorted(scores)[:limit]]


@pytest.fixture
def both(pg_cluster, tmp_path, monkeypatch):
    """The same pages in a case file and in a case on the server, lists cut short."""
    monkeypatch.setattr(fts_stats, "LIST", 8)
    monkeypatch.setattr(pg_stats, "LIST", 8)
    texts = _texts()
    cases = {"sqlite": CaseFile.create(tmp_path / "ranked.casefile"),
             "postgresql": CaseFile.create(pg_cluster.url("ranked_both"))}
    try:
        for case in cases.values():
            _fill(case, texts)
        yield cases, texts
    finally:
        for case in cases.values():
            case.close()
        pg_cluster.drop("ranked_both")


def test_a_server_ranks_the_same_pages_first_as_a_case_file(both):
    cases, texts = both
    with cases["postgresql"].reading() as s:
        trimmed = s.execute(text("SELECT count(*) FROM page_term WHERE rest_weight > 0")
                            ).scalar()
    assert trimmed >= len(FILLER)  # the threshold, not a whole list, decides these
    for query in QUERIES:
        assert _first_pages(cases["postgresql"], query) == _first_pages(cases["sqlite"], query), \
            query


def test_every_page_left_off_a_list_weighs_no_more_than_its_bound(both):
    """What the threshold relies on, for each term trimmed while pages were imported
    (page lengths vary by batch, so the average length rises and falls): on both
    backends, as the same rule keeps pages off the lists."""
    cases, texts = both
    for backend, case in cases.items():
        with case.reading() as s:
            conn = s.connection()
            ids = dict(conn.execute(text("SELECT id, page_no FROM document_page")).all())
            terms = conn.execute(text("SELECT term, rest_weight, rest_avgdl, listed "
                                      "FROM page_term WHERE rest_weight > 0")).all()
            listed = {(t, ids[p]) for t, p in conn.execute(text(
                "SELECT term, page_id FROM page_champion")).all()}
            _, avgdl = (pg_stats if backend == "postgresql" else fts_stats).totals(conn)
        assert terms
        for term, rest_weight, rest_avgdl, count in terms:
            assert count <= 2 * pg_stats.LIST
            bound = fts_stats.rest_bound(rest_weight, rest_avgdl, avgdl)
            for n, page in enumerate(texts):
                words = page.split()
                if term in words and (term, n + 1) not in listed:
                    assert fts_stats.weight(words.count(term), len(words) + 2,
                                            avgdl) <= bound + 1e-9, (backend, term, n + 1)


def test_words_prefixes_and_or_are_ranked_by_bm25_on_a_server(both):
    cases, texts = both
    terms_of_det = sorted({w for t in texts for w in t.split() if w.startswith("det")})
    expected = {
        "detainer": _bm25_top(texts, ["detainer"], lambda w: "detainer" in w),
        "agent": _bm25_top(texts, ["agent"], lambda w: "agent" in w),
        "det*": _bm25_top(texts, terms_of_det, lambda w: any(t in w for t in terms_of_det)),
        "memo OR warrant": _bm25_top(texts, ["memo", "warrant"],
                                     lambda w: "memo" in w or "warrant" in w),
        "warrant custody": _bm25_top(texts, ["warrant", "custody"],
                                     lambda w: "warrant" in w and "custody" in w),
    }
    for query, pages in expected.items():
        assert _first_pages(cases["postgresql"], query) == pages, query


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_broad_word_is_ranked_without_scoring_every_match(fresh_case, monkeypatch):
    """The app's own lists (256 to 512 pages a term): twenty of 1,200 pages of a word
    on nearly all of them, from its list alone."""
    texts = _texts()
    _fill(fresh_case, texts)
    scored: list[int] = []
    real = pg_ranked._score

    def counting(s, tsq, ids, *args):
        scored.append(len(ids))
        return real(s, tsq, ids, *args)

    def every_match(*args):
        raise AssertionError("every match scored")

    monkeypatch.setattr(pg_ranked, "_score", counting)
    monkeypatch.setattr(pg_ranked, "_score_every_match", every_match)
    matches = sum(1 for t in texts if "agent" in t.split())
    assert matches > 1000
    assert _first_pages(fresh_case, "agent", limit=20) == _bm25_top(
        texts, ["agent"], lambda w: "agent" in w, limit=20)
    assert 0 < sum(scored) < matches / 10


@pytest.mark.parametrize("per_term", [pg_ranked._PER_TERM, 0])
def test_what_the_lists_cannot_vouch_for_is_scored_over_every_match(both, monkeypatch,
                                                                   per_term):
    """Twenty wanted from lists of 8 to 16 pages: the server scores every match, by a
    ts_rank_cd call per term or (past _PER_TERM terms) by unnesting each page."""
    cases, texts = both
    monkeypatch.setattr(pg_ranked, "_PER_TERM", per_term)
    every: list[str] = []
    real = pg_ranked._score_every_match

    def noting(s, tsq, *args):
        every.append(tsq)
        return real(s, tsq, *args)

    monkeypatch.setattr(pg_ranked, "_score_every_match", noting)
    for query, terms in (("detainer", ["detainer"]), ("memo OR warrant", ["memo", "warrant"])):
        expected = _bm25_top(texts, terms, lambda w, terms=terms: any(t in w for t in terms),
                             limit=20)
        assert _first_pages(cases["postgresql"], query, limit=20) == expected, query
        assert _first_pages(cases["sqlite"], query, limit=20) == expected, query
    assert len(every) == 2


@pytest.mark.parametrize("backend", ["postgresql"])
def test_statistics_follow_pages_taken_out_and_read_again(fresh_case):
    texts = _texts()[:300]
    _fill(fresh_case, texts, batch=100)
    changed = {n: f"warrant custody {texts[n]}" for n in range(0, 300, 7)}
    with fresh_case.transaction() as s:
        conn = s.connection()
        ids = dict(conn.exec_driver_sql("SELECT page_no, id FROM document_page").all())
        fts.forget_pages(conn, [(ids[n + 1], NAME, texts[n]) for n in changed])
        fts.index_pages(conn, [(ids[n + 1], NAME, t) for n, t in changed.items()])
    now = [changed.get(n, t) for n, t in enumerate(texts)]
    with fresh_case.reading() as s:
        counts = dict(s.execute(text("SELECT term, pages FROM page_term")).all())
        lengths = s.execute(text("SELECT listed FROM page_term WHERE term = ''")).scalar()
    words = {w for t in now for w in t.split()} | {"production", "pdf"}
    assert counts == {"": 300, **{w: sum(1 for t in now if w in t.split() or
                                         w in ("production", "pdf")) for w in words}}
    assert lengths == sum(len(t.split()) + 2 for t in now)
    assert _first_pages(fresh_case, "warrant custody", limit=5) == _bm25_top(
        now, ["warrant", "custody"], lambda w: "warrant" in w and "custody" in w, limit=5)


def test_a_pushed_case_ranks_as_its_case_file(pg_cluster, tmp_path):
    path = tmp_path / "pushed.casefile"
    texts = _texts(seed=4)[:600]
    with CaseFile.create(path) as case:
        _fill(case, texts)
    url = pg_cluster.url("ranked_pushed")
    try:
        transfer.push(path, url)
        with CaseFile.open(path, read_only=True) as mine, CaseFile.open(url) as server:
            for query in QUERIES:
                assert _first_pages(server, query) == _first_pages(mine, query), query
            with server.reading() as s:
                # Built whole by the rebuild: every page counted, lists cut past 2 * LIST.
                assert s.execute(text("SELECT pages FROM page_term WHERE term = ''")
                                 ).scalar() == 600
                assert s.execute(text("SELECT max(listed) FROM page_term WHERE term != ''")
                                 ).scalar() <= 2 * pg_stats.LIST
    finally:
        pg_cluster.drop("ranked_pushed")


def test_page_lengths_are_stored_beside_the_vector(pg_cluster, tmp_path):
    """``page_search.len`` is what BM25 divides by: the page's tokens, name and text."""
    url = pg_cluster.url("ranked_lengths")
    try:
        with CaseFile.create(url) as case:
            _fill(case, ["Witness Ka-Ro told agent MITA, about it.", "one"])
            with case.reading() as s:
                lengths = s.execute(text("SELECT len FROM page_search ORDER BY page_id")
                                    ).scalars().all()
        assert lengths == [len(re.findall(r"[^\W_]+", "Witness Ka-Ro told agent MITA, about it."))
                           + 2, 1 + 2]
    finally:
        pg_cluster.drop("ranked_lengths")



def test_an_editing_member_indexes_and_rebuilds_without_owning_the_tables(pg_cluster):
    """The statistics are written by whoever imports (a member who may edit, not the
    owner), and a rebuild by such a member keeps the GIN index it may not drop."""
    tag = uuid.uuid4().hex[:8]
    lead, editor, database = f"lead_{tag}", f"editor_{tag}", f"t_{tag}"
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE ROLE "{lead}" LOGIN CREATEDB CREATEROLE')
        conn.execute(f'CREATE ROLE "{editor}" LOGIN')
    try:
        CaseFile.create(pg_cluster.url(database, lead)).close()
        done = run_cli("members", "add", pg_cluster.url(database, lead), editor)
        assert done.returncode == 0, done.stderr
        texts = _texts()[:200]
        with CaseFile.open(pg_cluster.url(database, editor)) as case:
            _fill(case, texts, batch=100)
            before = _first_pages(case, "detainer")
            with case.transaction() as s:
                assert fts.rebuild(s.connection()) == 200
            assert _first_pages(case, "detainer") == before == _bm25_top(
                texts, ["detainer"], lambda w: "detainer" in w)
            with case.reading() as s:
                assert s.execute(text("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                      "'ix_page_search_tsv'")).scalar() == 1
    finally:
        pg_cluster.drop(database)
