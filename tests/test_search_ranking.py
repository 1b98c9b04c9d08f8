"""Ranking pinned on a case built with known term frequencies.

Every page has the same length (40 words) and the same filler words; only the
number of times "detainer" appears differs, so BM25 must put the page with it
three times first and the page with it twice second, whatever their place in
the case. Those two pages are stored last: an order by case position would put
them at the end, so a search that did not rank would fail here.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from casefile.search import search
from casefile.store import CaseFile, fts
from casefile.store.blobs import put_bytes
from casefile.store.models import Document, DocumentPage

LENGTH = 40
# Distinct filler words, the same on every page: only "detainer" tells pages apart.
FILLER = [f"record{n}" for n in range(LENGTH)]
ONCE = 25  # pages with "detainer" once
# Expected: page "hot" (3 times) first, "warm" (2 times) second, then the rest.


def _page(times: int) -> str:
    words = ["detainer"] * times + FILLER[: LENGTH - times]
    assert len(words) == LENGTH
    return " ".join(words)


@pytest.fixture
def known(new_case):
    texts = [("once", _page(1))] * ONCE + [("warm", _page(2)), ("hot", _page(3))]
    with CaseFile.open(new_case) as case, case.transaction() as s:
        blob, _ = put_bytes(s, b"placeholder")
        document = Document(blob=blob, name="release.pdf", media_type="application/pdf",
                            page_count=len(texts))
        s.add(document)
        s.flush()
        rows = [{"document_id": document.id, "page_no": n + 1, "text": text,
                 "has_text_layer": True, "ocr": False} for n, (_, text) in enumerate(texts)]
        ids = s.scalars(insert(DocumentPage).returning(DocumentPage.id,
                                                       sort_by_parameter_order=True), rows).all()
        fts.index_pages(s.connection(), [(i, document.name, r["text"])
                                         for i, r in zip(ids, rows, strict=True)])
    with CaseFile.open(new_case, read_only=True) as case:
        yield case, {label: n + 1 for n, (label, _) in enumerate(texts)}


def test_the_page_with_the_word_most_often_comes_first(known):
    case, page_of = known
    results = search(case, "detainer", kinds=("page",), limit=5)
    assert [h.page_no for h in results.hits[:2]] == [page_of["hot"], page_of["warm"]]
    assert "[[detainer]] [[detainer]] [[detainer]]" in results.hits[0].snippet


def test_a_broad_query_is_ranked_too(known, monkeypatch):
    # The same 27 matches, with the per-term lists cut to 4 pages after they were
    # written: the two best pages must come from the lists, whatever their length.
    case, page_of = known
    with case.reading() as s:
        listed = s.connection().exec_driver_sql(
            "SELECT count(*) FROM page_champion WHERE term = 'detainer'").scalar()
    assert listed == 27  # under the trim threshold: every page listed
    results = search(case, "detainer", kinds=("page",), limit=5)
    assert [h.page_no for h in results.hits[:2]] == [page_of["hot"], page_of["warm"]]
