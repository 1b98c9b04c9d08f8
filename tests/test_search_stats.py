"""The per-term statistics the ranking relies on (store/fts_stats.py) are the
same however they were written: by an import, by ``casefile reindex``
(``fts.rebuild``), or by revision 0013 upgrading a case made before them; an
import that fails writes none; and pages that are not ASCII are counted by
FTS5's own tokenizer, so their scores equal FTS5's bm25().
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import insert, select

from casefile.search import search
from casefile.store import CaseFile, fts, fts_stats
from casefile.store.blobs import put_bytes
from casefile.store.models import Document, DocumentPage

# Hand-written pages; expected figures are stated beside the tests.
TEXTS = [
    "The detainer was lodged with ICE; the detainer was later lifted.",
    "Résumé of the agent: détainer requests, surveillance, (b)(7)(E).",
    "DETAINER detainer Detainer: three times, in three cases.",
    "Nothing about it here, only surveillance logs.",
    "Naïve café notes; the RÉSUMÉ is attached.",
]


def _add(case, texts, name="release.pdf"):
    with case.transaction() as s:
        blob, _ = put_bytes(s, name.encode())
        document = Document(blob=blob, name=name, media_type="application/pdf",
                            page_count=len(texts))
        s.add(document)
        s.flush()
        rows = [{"document_id": document.id, "page_no": n + 1, "text": t,
                 "has_text_layer": True, "ocr": False} for n, t in enumerate(texts)]
        ids = s.scalars(insert(DocumentPage).returning(DocumentPage.id,
                                                       sort_by_parameter_order=True), rows).all()
        fts.index_pages(s.connection(), [(i, name, r["text"])
                                         for i, r in zip(ids, rows, strict=True)])


def _stats(path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT * FROM page_term ORDER BY term").fetchall(),
                conn.execute("SELECT * FROM page_champion ORDER BY term, page_id").fetchall())
    finally:
        conn.close()


@pytest.fixture
def filled(new_case):
    with CaseFile.open(new_case) as case:
        _add(case, TEXTS)
        _add(case, TEXTS[:2], name="second.pdf")
    return new_case


def test_an_import_writes_each_term_with_its_pages(filled):
    terms, champions = _stats(filled)
    counts = {t: n for t, n, *_ in terms}
    # 7 pages; "detainer" on pages 1, 2 ("détainer" folds to it) and 3 of the
    # first document and on both pages of the second.
    assert counts[""] == 7
    assert counts["detainer"] == 5
    assert counts["resume"] == 3  # Résumé (twice) and RÉSUMÉ
    third = [c for c in champions if c[0] == "detainer" and c[2] == 3.0]
    assert len(third) == 1  # the page with it three times


def test_reindex_and_the_upgrade_write_the_same_statistics(filled):
    expected = _stats(filled)
    with CaseFile.open(filled) as case, case.transaction() as s:
        fts.rebuild(s.connection())
    assert _stats(filled) == expected
    # The case as it was before revision 0013 (no statistics, at 0012), by the
    # revisions' own downgrades: later ones (0014's columns) go too.
    from alembic import command

    from casefile.store import sqlite as sq
    from casefile.store.schema import alembic_config

    engine = sq.make_engine(filled)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0012")
            assert not conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'page_term'").first()
    finally:
        engine.dispose()
    CaseFile.open(filled).close()  # upgrades
    assert _stats(filled) == expected


def test_a_failed_import_leaves_no_statistics(filled):
    before = _stats(filled)
    with CaseFile.open(filled) as case, pytest.raises(RuntimeError), case.transaction() as s:
        fts.index_pages(s.connection(), [(999, "x.pdf", "detainer surveillance")])
        raise RuntimeError("the import fails after indexing")
    assert _stats(filled) == before


@pytest.mark.parametrize("query", ["detainer", "resume", "résumé", "surveillance detainer"])
def test_scores_equal_fts5_bm25_on_accented_pages(filled, query):
    with CaseFile.open(filled, read_only=True) as case:
        got = search(case, query, kinds=("page",), limit=10)
        with case.reading() as s:
            expected = s.connection().exec_driver_sql(
                "SELECT rowid, bm25(page_fts, 0.5, 1.0) AS score FROM page_fts "
                "WHERE page_fts MATCH ? ORDER BY score, rowid", (query,)).all()
    assert got.hits
    assert [(h.id, round(h.score, 9)) for h in got.hits] == [
        (i, round(score, 9)) for i, score in expected]


def test_pages_taken_out_of_the_index_leave_the_statistics_as_if_never_added(new_case):
    # What an unlock does: the pages read without the password are forgotten and
    # read again. The statistics must be those of the remaining pages alone.
    with CaseFile.open(new_case) as case:
        _add(case, TEXTS)
    expected = _stats(new_case)
    with CaseFile.open(new_case) as case:
        _add(case, TEXTS[:2] + ["Only the locked copy says Palladium."], name="locked.pdf")
        with case.transaction() as s:
            rows = s.execute(select(DocumentPage.id, Document.name, DocumentPage.text)
                             .join(Document).where(Document.name == "locked.pdf")).all()
            fts.forget_pages(s.connection(), [tuple(r) for r in rows])
    terms, champions = _stats(new_case)
    assert champions == expected[1]
    assert [t for t in terms if t[0] != "palladium"] == expected[0]
    assert "palladium" not in [t[0] for t in terms]  # a term on no page any more is gone


# ASCII is counted in Python (fts_stats._counts), everything else by FTS5 itself:
# the Python counts must be FTS5's to the token, on the text that trips tokenizers.
TRICKY = [
    "".join(map(chr, range(1, 128))),  # every ASCII character but NUL, in one run
    "ICE-2020-000123 ICE_2020_000124 (b)(7)(E) b7C b6/b7C 5U.S.C.552(b)(3)",
    "don't O'Neill's rock'n'roll 'quoted' \"double\" `tick` 12'6\"",
    "x86_64 3rd 2nd-floor A1B2C3 0x1F 1,234.56 $9.99 -7 +3 1e-5 v2.0.1",
    "Tabs\tand\nnewlines\r\nand\x0bvertical\x0cfeeds\x1fand\x1cseparators",
    "MiXeD CaSe mixed case MIXED CASE",
    "", "   ", "...---...", "a", "A",
]
OTHER = [
    "Résumé naïve café Ærøskøbing straße ﬁnancial ﬂow Œuvre",  # accents, ligatures
    "Москва 東京都 مرحبا עברית ΑΘΗΝΑ ελληνικά",  # other scripts
    "ICE‐2020‐000125 — “curly” ‘quotes’ don’t",  # Unicode hyphen, dashes, quotes
]


def _fts5_counts(conn, rows):
    """Term frequencies and lengths as FTS5 itself counts them (its fts5vocab)."""
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE temp.check_fts USING fts5(name, text, "
                         f"tokenize='{fts.TOKENIZER}')")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE temp.check_vocab USING "
                         "fts5vocab(temp, check_fts, instance)")
    conn.exec_driver_sql("INSERT INTO temp.check_fts (rowid, name, text) VALUES (?, ?, ?)",
                         rows)
    out = {page_id: ({}, 0) for page_id, *_ in rows}
    for term, doc, col in conn.exec_driver_sql("SELECT term, doc, col FROM temp.check_vocab"):
        tf, length = out[doc]
        tf[term] = tf.get(term, 0) + (0.5 if col == "name" else 1.0)
        out[doc] = (tf, length + 1)
    return out


def test_pythons_counts_of_ascii_pages_are_fts5s_own(new_case):
    rows = [(n + 1, name, text) for n, (name, text) in enumerate(
        [("release.pdf", t) for t in TRICKY + OTHER]
        + [("ICE-2020 Release_v2 (b)(6).pdf", TRICKY[1]), ("Résumé.pdf", TRICKY[2]),
           (TRICKY[0], TRICKY[0])])]
    with CaseFile.open(new_case) as case, case.transaction() as s:
        conn = s.connection()
        got = fts_stats._counts(conn, rows)
        expected = _fts5_counts(conn, rows)
    assert {p: (dict(tf), n) for p, (tf, n) in got.items()} == expected
    # A-Z folded to a-z, and a-z itself; the digits a run of their own; the name half.
    assert expected[1] == ({"0123456789": 1.0, "abcdefghijklmnopqrstuvwxyz": 2.0,
                            "release": 0.5, "pdf": 0.5}, 5)
    assert expected[2][0]["2020"] == 2.0 and expected[2][0]["000123"] == 1.0  # Bates split
