"""Phrases and prefixes ranked as FTS5's own bm25() ranks their terms, on a
case whose per-term lists are cut short (8 pages kept per term, trimmed past
16), so the threshold and the page-by-page bounds of ``ranked_pages`` have
work to do.

The search's score for a query is BM25 summed over the query's terms (a
phrase by its words, a prefix by every term it begins), over the pages the
query matches. FTS5 computes that itself: ``bm25(page_fts, 0.5, 1.0)`` of the
query's terms joined by OR, over the pages ``page_fts MATCH <query>`` returns.
That is the expected result here, with the terms of a prefix read from FTS5's
own vocabulary (``fts5vocab``), not from the ranking's statistics.

The case is built here from seeded random pages (2,000 pages in batches of
250, as an import writes them): filler words on every page; words that are
common (each on roughly half the pages) but whose phrase is rare ("package
border", on a few dozen pages); a common phrase ("legal review", put on one
page in six); rare names after a common word ("agent <name>"); a prefix
that begins 30 terms, from common to rare ("vel*"); and pages whose
punctuation, digits, accents and document name test how a phrase is found in
a page's text (FTS5 decides which of them match).
"""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlalchemy import insert

from casefile import ranked_pages
from casefile.search import search, to_fts
from casefile.store import CaseFile, fts, fts_stats
from casefile.store.blobs import put_bytes
from casefile.store.models import Document, DocumentPage

PAGES = 2000
FILLER = ["agent", "report", "office", "action", "release", "the", "of", "and"]
COMMON = ["package", "border", "legal", "review", "detainer", "custody", "daily", "target"]
FAMILY = [f"vel{a}{b}" for a in "aeiou" for b in "kmnrst"]  # 30 terms a prefix begins
NAMES = ["Anfitane", "Gopajuve", "Sugopaka", "Ulrizaro", "Nerihane"]
NAME = "production.pdf"
# Pages of their own (document "tricky.pdf") whose text makes a phrase check
# tell tokens apart as FTS5's unicode61 tokenizer does; "zulu" and "yankee" are
# on no other page but those of "zulu-yankee.pdf", whose name holds the phrase.
# Expected: whether '"zulu yankee"' matches the page.
TRICKY = [
    ("zulu-yankee of the file", True),
    ("ZULU\nYANKEE; Zulu_Yankee", True),  # capitals, a line break, an underscore
    ("xzulu yankee and zulu yankees", False),  # other words: xzulu, yankees
    ("zulu yankee2 and zulu9 yankee", False),  # other words: yankee2, zulu9
    ("zúlu yánkee, accents folded", True),  # not ASCII: FTS5 checks it
    ("zulu, (yankee) and more", True),  # punctuation between the words
    ("yankee zulu", False),  # the other order
    ("zulu of yankee", False),  # a word between
    ("zulu—yankee, a dash", True),  # not ASCII
]
NAMED = ["nothing of note here", "other words again"]  # in zulu-yankee.pdf: both match


def _texts(seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    vocabulary = FILLER + COMMON + FAMILY + [n.lower() for n in NAMES]
    # Filler most often; the common words so each is on about half the pages; the
    # family from common (velak) to rare (velut); names rare.
    weights = ([4.0] * len(FILLER) + [0.15] * len(COMMON)
               + [0.4 / (1 + n) for n in range(len(FAMILY))] + [0.004] * len(NAMES))
    pages = []
    for _ in range(PAGES):
        words = rng.choices(vocabulary, weights, k=rng.randint(20, 120))
        for chance, inserted in ((1 / 6, ["legal", "review"]),
                                 (0.01, ["package", "border"] * rng.randint(1, 2)),
                                 (0.02, ["agent", rng.choice(NAMES).lower()]),
                                 (0.03, ["daily", "target", "package"])):
            if rng.random() < chance:
                at = rng.randint(0, len(words))
                words[at:at] = inserted
        pages.append(" ".join(words))
    return pages


def _build(path, kept: int) -> None:
    """The case, its lists cut to ``kept`` pages a term (trimmed past twice that)."""
    texts = _texts()
    patch = pytest.MonkeyPatch()
    patch.setattr(fts_stats, "LIST", kept)
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
            for name, texts_of in (("tricky.pdf", [t for t, _ in TRICKY]),
                                   ("zulu-yankee.pdf", NAMED)):
                blob, _ = put_bytes(s, name.encode())
                extra = Document(blob=blob, name=name, media_type="application/pdf",
                                 page_count=len(texts_of))
                s.add(extra)
                s.flush()
                ids = s.scalars(insert(DocumentPage).returning(
                    DocumentPage.id, sort_by_parameter_order=True),
                    [{"document_id": extra.id, "page_no": n + 1, "text": t,
                      "has_text_layer": True, "ocr": False}
                     for n, t in enumerate(texts_of)]).all()
                fts.index_pages(s.connection(), [(i, name, t)
                                                 for i, t in zip(ids, texts_of, strict=True)])
    finally:
        patch.undo()


def _opened(path):
    reference = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    reference.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, page_fts, row)")
    with CaseFile.open(path, read_only=True) as case:
        yield case, reference
    reference.close()


@pytest.fixture(scope="module", params=[8, 64], ids=["8 kept", "64 kept"])
def cut_lists(request, tmp_path_factory):
    """The case with lists of 8 pages a term (most searches read every match in
    the end) and of 64 (most are answered from the lists): (case, a read-only
    sqlite3 connection for FTS5's own answers, pages kept a term)."""
    path = tmp_path_factory.mktemp("ranking_fts5") / "ranking.casefile"
    _build(path, request.param)
    for case, reference in _opened(path):
        yield case, reference, request.param


def _terms(reference, words: list[str]) -> list[str]:
    """The index's terms for the query's words; a word ending in * is every term it
    begins, read from FTS5's vocabulary."""
    out: list[str] = []
    for word in words:
        if word.endswith("*"):
            stem = word[:-1]
            out += [t for (t,) in reference.execute(
                "SELECT term FROM temp.vocab WHERE term >= ? AND term < ? ORDER BY term",
                (stem, stem + "\U0010ffff"))]
        else:
            out.append(word)
    return list(dict.fromkeys(out))


def _fts5(reference, query: str, words: list[str], n: int) -> list[tuple[int, float]]:
    """FTS5's bm25() of the query's terms joined by OR, over the pages the query matches."""
    terms = " OR ".join(f'"{t}"' for t in _terms(reference, words))
    return [tuple(r) for r in reference.execute(
        "SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts WHERE page_fts MATCH ? "
        "AND +rowid IN (SELECT rowid FROM page_fts WHERE page_fts MATCH ?) "
        "ORDER BY score, rowid LIMIT ?", (terms, to_fts(query), n))]


def _matches(reference, query: str) -> int:
    return reference.execute("SELECT count(*) FROM page_fts WHERE page_fts MATCH ?",
                             (to_fts(query),)).fetchone()[0]


def _same(got: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert len(got) == len(expected)
    assert [round(s, 9) for _, s in got] == [round(s, 9) for _, s in expected]
    # Pages of equal score may come in either order; any other page must be the same.
    for (g, gs), (e, _) in zip(got, expected, strict=True):
        assert g == e or any(i == g and round(s, 9) == round(gs, 9) for i, s in expected)


def _spy(monkeypatch) -> list[int]:
    sizes: list[int] = []
    real = ranked_pages._score

    def score(conn, q, ids, idf, avgdl, known=None):
        sizes.append(len(ids))
        return real(conn, q, ids, idf, avgdl, known)

    monkeypatch.setattr(ranked_pages, "_score", score)
    return sizes


def test_the_case_is_what_the_tests_need(cut_lists):
    case, reference, kept = cut_lists
    pages = {t: n for t, n in reference.execute("SELECT term, doc FROM temp.vocab")}
    # common words, each on roughly half the pages, their phrase on few
    assert pages["package"] > 400 and pages["border"] > 400
    assert 15 <= _matches(reference, '"package border"') <= 60
    assert _matches(reference, '"daily target package"') > 40
    assert _matches(reference, '"legal review"') > 300
    assert len(_terms(reference, ["vel*"])) == 30
    assert pages[FAMILY[0]] > 10 * pages[FAMILY[-1]] > 0
    with case.reading() as s:
        longest = s.connection().exec_driver_sql(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM page_champion GROUP BY term)").scalar()
    assert longest <= 2 * kept  # the lists are cut: most pages of a common word are not listed


@pytest.mark.parametrize(("query", "words"), [
    ('"package border"', ["package", "border"]),  # common words, a rare phrase
    ('"legal review"', ["legal", "review"]),  # a common phrase (and in a document's name)
    ('"daily target package"', ["daily", "target", "package"]),
    ('"agent Anfitane"', ["agent", "anfitane"]),  # a rare name after a common word
    ('"legal review" custody', ["legal", "review", "custody"]),
    ('"package border" OR "legal review"', ["package", "border", "legal", "review"]),
    ('"legal review" NOT detainer', ["legal", "review", "detainer"]),
    ("legal-review", ["legal", "review"]),  # a hyphenated word is a phrase
])
def test_phrases_rank_as_fts5_bm25_of_their_words(cut_lists, query, words):
    case, reference, kept = cut_lists
    for limit in (2, 20, 400):
        got = search(case, query, kinds=("page",), limit=limit)
        expected = _fts5(reference, query, words, limit + 1)[:limit]
        _same([(h.id, h.score) for h in got.hits], expected)
        assert got.more == (_matches(reference, query) > limit)
        assert all(h.snippet for h in got.hits)


@pytest.mark.parametrize(("query", "words"), [
    ("vel*", ["vel*"]),  # 30 terms, from a common one to rare ones
    ("velu*", ["velu*"]),  # the rare end of the family
    ("v*", ["v*"]),  # every term beginning with v: the family again, one letter typed
    ("vel* detainer", ["vel*", "detainer"]),
    ("vel* OR detainer", ["vel*", "detainer"]),
    ("custody NOT vel*", ["custody", "vel*"]),
    ("agent-vel*", ["agent", "vel*"]),  # a phrase ending in a prefix: "agent vel"*
    ('"legal review" vela*', ["legal", "review", "vela*"]),
])
def test_prefixes_rank_as_fts5_bm25_of_every_term_they_begin(cut_lists, query, words):
    case, reference, kept = cut_lists
    for limit in (2, 20, 400):
        got = search(case, query, kinds=("page",), limit=limit)
        expected = _fts5(reference, query, words, limit + 1)[:limit]
        _same([(h.id, h.score) for h in got.hits], expected)
        assert got.more == (_matches(reference, query) > limit)


def test_a_phrase_is_found_in_a_page_as_fts5_finds_it(cut_lists, monkeypatch):
    case, reference, kept = cut_lists
    with case.reading() as s:
        page_of = {(d, n): i for i, d, n in s.connection().exec_driver_sql(
            "SELECT p.id, d.name, p.page_no FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE d.name != ?", (NAME,))}
    expected = ({page_of["tricky.pdf", n + 1] for n, (_, hit) in enumerate(TRICKY) if hit}
                | {page_of["zulu-yankee.pdf", n + 1] for n in range(len(NAMED))})
    assert expected == {r[0] for r in reference.execute(
        "SELECT rowid FROM page_fts WHERE page_fts MATCH '\"zulu yankee\"'")}
    # zulu's list holds every page it is on: FTS5 finds the matches among them,
    # and only those are scored.
    sizes = _spy(monkeypatch)
    got = search(case, '"zulu yankee"', kinds=("page",), limit=50)
    assert {h.id for h in got.hits} == expected
    assert sum(sizes) == len(expected)
    _same([(h.id, h.score) for h in got.hits],
          _fts5(reference, '"zulu yankee"', ["zulu", "yankee"], 50))
    got = search(case, '"zulu yankee" the', kinds=("page",), limit=50)
    _same([(h.id, h.score) for h in got.hits],
          _fts5(reference, '"zulu yankee" the', ["zulu", "yankee", "the"], 50))


# Expected: whether '"zulu yank"*' matches each page of TRICKY (a phrase whose
# last word is a prefix): yankees and yankee2 begin with yank.
PREFIXED = [True, True, True, True, True, True, False, False, True]


def test_the_text_check_of_a_phrase_agrees_with_fts5(cut_lists):
    # Where the lists cannot name the matches, a page's text is checked here
    # (ASCII pages; FTS5 checks the rest): on each tricky page, the check must
    # say what FTS5 says, and what is stated beside TRICKY and PREFIXED.
    case, reference, kept = cut_lists
    with case.reading() as s:
        pages = s.connection().exec_driver_sql(
            "SELECT p.id, p.page_no FROM document_page p JOIN document d "
            "ON d.id = p.document_id WHERE d.name = 'tricky.pdf' ORDER BY p.page_no").all()
    for query, words, prefix, stated in (('"zulu yankee"', ["zulu", "yankee"], False,
                                          [hit for _, hit in TRICKY]),
                                         ('"zulu yank"*', ["zulu", "yank"], True, PREFIXED)):
        by_fts5 = {r[0] for r in reference.execute(
            "SELECT rowid FROM page_fts WHERE page_fts MATCH ?", (query,))}
        pattern = ranked_pages._pattern(words, prefix)
        for (page_id, page_no), (text, _), hit in zip(pages, TRICKY, stated, strict=True):
            assert (page_id in by_fts5) == hit, (query, page_no)
            if text.isascii():
                assert ranked_pages._found(pattern, text.lower()) == hit, (query, text)
    assert ranked_pages._count(ranked_pages._pattern(["zulu"], False),
                               "zulu xzulu zulu9 zulu-zulu, zulus") == 3


def test_a_common_phrase_is_answered_without_reading_every_match(cut_lists, monkeypatch):
    # With 64 pages a term listed, the best 5 of a phrase on 305 pages are known
    # after checking a few dozen; with 8, the bounds on the pages left out are too
    # high and every match is read (so the comparison above tests both ways).
    case, reference, kept = cut_lists
    sizes = _spy(monkeypatch)
    got = search(case, '"legal review"', kinds=("page",), limit=5)
    _same([(h.id, h.score) for h in got.hits],
          _fts5(reference, '"legal review"', ["legal", "review"], 5))
    matches = _matches(reference, '"legal review"')
    assert matches > 300
    if kept == 64:
        assert sum(sizes) < matches / 3
    else:
        assert sum(sizes) > matches


def test_a_prefix_of_rare_terms_is_scored_from_the_lists_alone(cut_lists, monkeypatch):
    # zulu and yankee are on fewer pages than a list holds before it is trimmed:
    # every page of theirs is listed with its count, so no page's text is read.
    case, reference, kept = cut_lists
    with case.reading() as s:
        trimmed = s.connection().exec_driver_sql(
            "SELECT count(*) FROM page_term WHERE term IN ('zulu', 'yankee') "
            "AND rest_weight > 0").scalar()
    assert trimmed == 0
    read: list[str] = []
    real = ranked_pages._texts
    monkeypatch.setattr(ranked_pages, "_texts",
                        lambda conn, ids: read.append(ids) or real(conn, ids))
    for query, words in (("zul*", ["zul*"]), ("zulu OR yank*", ["zulu", "yank*"]),
                         ("zulu yankee", ["zulu", "yankee"])):
        got = search(case, query, kinds=("page",), limit=5)
        _same([(h.id, h.score) for h in got.hits], _fts5(reference, query, words, 5))
    assert read == []


@pytest.mark.parametrize(("query", "words"), [
    ("vel*", ["vel*"]), ("vel* OR detainer", ["vel*", "detainer"]),
    ("vel* detainer", ["vel*", "detainer"]), ('"legal review"', ["legal", "review"]),
    ('"legal review" NOT detainer', ["legal", "review", "detainer"]),
    ("custody NOT velut", ["custody", "velut"]), ("agent-vel*", ["agent", "vel*"])])
def test_many_matches_are_ranked_by_fts5_itself_the_same(cut_lists, query, words,
                                                         monkeypatch):
    # Past CHUNK matches, a search the lists cannot answer is ranked by FTS5's
    # bm25() of its terms (at 500,000 pages, reading every match here would take
    # seconds); CHUNK is lowered so that these queries take that way.
    case, reference, kept = cut_lists
    monkeypatch.setattr(ranked_pages, "CHUNK", 50)
    assert _matches(reference, query) > 50
    sizes = _spy(monkeypatch)
    by_fts5: list[str] = []
    real = ranked_pages._bm25_of_terms
    monkeypatch.setattr(ranked_pages, "_bm25_of_terms",
                        lambda s, q, *a, **k: by_fts5.append(q) or real(s, q, *a, **k))
    for limit in (2, 20):
        sizes.clear()
        by_fts5.clear()
        got = search(case, query, kinds=("page",), limit=limit)
        _same([(h.id, h.score) for h in got.hits],
              _fts5(reference, query, words, limit + 1)[:limit])
        # ranked by FTS5, or answered from the lists: never every match read here
        assert by_fts5 or sum(sizes) < _matches(reference, query)
        assert _matches(reference, query) not in sizes
    if kept == 8:  # the lists are too short to answer these: FTS5 ranked them
        assert by_fts5


@pytest.mark.parametrize("chunk", [50, 2000])
def test_a_document_filter_applies_to_every_way(cut_lists, chunk, monkeypatch):
    case, reference, kept = cut_lists
    monkeypatch.setattr(ranked_pages, "CHUNK", chunk)
    only = "SELECT id FROM document WHERE name = :name"
    for query, words, name in (('"legal review"', ["legal", "review"], NAME),
                               ("vel*", ["vel*"], NAME),
                               ('"zulu yankee"', ["zulu", "yankee"], "zulu-yankee.pdf"),
                               ('"zulu yankee"', ["zulu", "yankee"], NAME)):
        with case.reading() as s:
            got = ranked_pages.top(s, to_fts(query), 21, only, {"name": name})
        terms = " OR ".join(f'"{t}"' for t in _terms(reference, words))
        expected = [tuple(r) for r in reference.execute(
            "SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts "
            "WHERE page_fts MATCH ? AND +rowid IN (SELECT rowid FROM page_fts "
            "WHERE page_fts MATCH ?) AND +rowid IN (SELECT p.id FROM document_page p "
            "JOIN document d ON d.id = p.document_id WHERE d.name = ?) "
            "ORDER BY score, rowid LIMIT 21", (terms, to_fts(query), name))]
        _same(got, expected)
        assert (len(got) == 2) if name == "zulu-yankee.pdf" else len(got) in (0, 21)
