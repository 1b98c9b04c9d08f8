"""Search: ranked hits with snippets over pages, letters, Vaughn entries and notes."""

from __future__ import annotations

from datetime import date

import pytest

from casefile.errors import InputError
from casefile.search import make_snippet, search, terms, to_fts
from casefile.store import CaseFile
from tests.conftest import run_cli


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both



@pytest.fixture
def demo(demo_case):
    with CaseFile.open(demo_case) as case:
        yield case


def titles(results):
    return [h.title for h in results.hits]


@pytest.mark.parametrize("typed, fts", [
    ("BORTAC", "BORTAC"),
    ('"target package"', '"target package"'),
    ("deploy*", "deploy*"),
    ("ICE-2020-000345", '"ICE 2020 000345"'),
    ("Palladium NOT BORTAC", "Palladium NOT BORTAC"),
    ("(b7E OR b6) AND harm", '( ( "b 7 E" OR b7E ) OR ( "b 6" OR b6 ) ) AND harm'),
    ('"unclosed phrase', '"unclosed phrase"'),
    ("BORTAC AND", "BORTAC"),
    ("(open", "( open )"),
    ("U.S.C.", '"U S C"'),
    ("(b)(7)(E)", '( "b 7 E" OR b7E )'),
    ("552(b) withheld", '"552 b" withheld'),
    # An exemption, however written, searches both the pages' "(b)(5)" and the
    # entries' "b5"; (b)(7) takes in its lettered parts.
    ("b(5)", '( "b 5" OR b5 )'),
    ("B5", '( "b 5" OR b5 )'),
    ("b7c", '( "b 7 C" OR b7C )'),
    ("(b)(7)(c)", '( "b 7 C" OR b7C )'),
    ("(b)(7)", '( "b 7" OR b7* )'),
    ("(b)(3)(A)", '"b 3 A"'),  # only exemption 7 has lettered parts
    ("b5-dp", '"b5 dp"'),  # as the entries write it
    # A group next to a word needs FTS5's AND said out loud.
    ("Palladium (b5 OR b6)", 'Palladium AND ( ( "b 5" OR b5 ) OR ( "b 6" OR b6 ) )'),
    ("(target OR package) (BORTAC)", "( target OR package ) AND ( BORTAC )"),
    ("\u201ctarget package\u201d", '"target package"'),  # curly quotes from a word processor
    ("a AND NOT b", "a NOT b"),
    ("a () b", "a AND b"),
    ("a) b", "a b"),
    ("NEAR", '"NEAR"'),
    ("(NOT a)", "( NOT a )"),  # kept, for search() to explain
    # A star after a phrase makes its last word a prefix, as FTS5 reads it.
    ('"agent vel"*', '"agent vel"*'),
    ('a "target pack"* b', 'a "target pack"* b'),
])
def test_what_users_type_becomes_fts5_syntax(typed, fts):
    assert to_fts(typed) == fts


def test_a_word_finds_the_page_and_marks_it(demo):
    results = search(demo, "BORTAC")
    page_hits = [h for h in results.hits if h.kind == "page"]
    assert page_hits, titles(results)
    assert "[[BORTAC]]" in page_hits[0].snippet
    assert page_hits[0].bates and page_hits[0].bates.startswith("ICE-2020-")


def test_a_phrase_matches_only_the_words_together(demo):
    together = search(demo, '"daily target package"')
    apart = search(demo, '"package target daily"')
    assert together.hits and not apart.hits


def test_a_phrase_ending_in_a_star_takes_its_last_word_as_a_prefix(demo):
    """The demo's production holds "daily target package" (its own text)."""
    assert not search(demo, '"daily target pack"').hits
    prefixed = {(h.kind, h.id) for h in search(demo, '"daily target pack"*', limit=100).hits}
    whole = {(h.kind, h.id) for h in search(demo, '"daily target package"', limit=100).hits}
    assert prefixed and prefixed >= whole


def test_prefixes_and_boolean_operators(demo):
    assert search(demo, "deplo*").hits
    both = {(h.kind, h.id) for h in search(demo, "Palladium AND BORTAC", limit=100).hits}
    palladium = {(h.kind, h.id) for h in search(demo, "Palladium", limit=100).hits}
    without = {(h.kind, h.id) for h in search(demo, "Palladium NOT BORTAC", limit=100).hits}
    assert both and without and both.isdisjoint(without)
    assert both | without == palladium
    either = {(h.kind, h.id) for h in search(demo, "BORTAC OR harassment", limit=100).hits}
    assert either >= both


def test_a_bates_number_finds_its_page_first(demo):
    results = search(demo, "ICE-2020-000008")
    first = results.hits[0]
    assert first.exact and first.kind == "page" and first.bates == "ICE-2020-000008"
    assert "[[ICE-2020-000008]]" in first.snippet
    typed_loosely = search(demo, "ice 2020 000008").hits[0]
    assert typed_loosely.bates == "ICE-2020-000008"
    assert "[[ICE-2020-000008]]" in typed_loosely.snippet  # marked as stamped


def test_vaughn_entries_are_found_by_their_justifications(demo):
    results = search(demo, "harassment", kinds=("record",))
    assert results.hits and all(h.kind == "record" for h in results.hits)
    assert "[[harassment]]" in results.hits[0].snippet


def test_entries_are_reindexed_when_edited(demo):
    from sqlalchemy import select

    from casefile.store.models import Record

    assert not search(demo, "zzyzx", kinds=("record",)).hits
    with demo.transaction() as s:
        record = s.scalars(select(Record).order_by(Record.id)).first()
        record.challenge_argument = "The zzyzx harm is boilerplate."
    hits = search(demo, "zzyzx", kinds=("record",)).hits
    assert [h.id for h in hits] == [record.id]


def test_filters_by_kind_request_and_date(demo):
    from sqlalchemy import select

    from casefile.store.models import FoiaRequest

    with demo.reading() as s:
        ice, dhs = s.scalars(select(FoiaRequest.id).order_by(FoiaRequest.id)).all()
    letters = search(demo, "expedited", kinds=("correspondence",), limit=50)
    assert letters.hits and all(h.kind == "correspondence" for h in letters.hits)
    # The production (and its pages) answer the ICE request, not the DHS one.
    for_ice = search(demo, "BORTAC", kinds=("page",), request_id=ice, limit=50).hits
    for_dhs = search(demo, "BORTAC", kinds=("page",), request_id=dhs, limit=50).hits
    assert any(h.bates for h in for_ice)  # the release's stamped pages
    assert for_dhs and not any(h.bates for h in for_dhs)  # only DHS's own request letter
    assert [h.title for h in for_dhs] == ["2020-06-18 FOIA request to DHS.pdf, page 1"]
    # The release came on January 15, 2021; the requests went out in June 2020.
    since = search(demo, "BORTAC", kinds=("page",), date_from=date(2021, 1, 1), limit=50).hits
    before = search(demo, "BORTAC", kinds=("page",), date_to=date(2020, 12, 31), limit=50).hits
    assert since and all(h.bates for h in since)
    assert before and not any(h.bates for h in before)


def test_results_come_in_pages(demo):
    first = search(demo, "SAMPLE", limit=3)
    second = search(demo, "SAMPLE", limit=3, offset=3)
    assert first.more and len(first.hits) == 3
    assert {(h.kind, h.id) for h in first.hits}.isdisjoint({(h.kind, h.id) for h in second.hits})


def test_an_empty_or_impossible_query_is_a_sentence(demo):
    with pytest.raises(InputError, match="Type something"):
        search(demo, "  ")
    with pytest.raises(InputError, match="Search kinds"):
        search(demo, "x", kinds=("faxes",))


def test_snippets_mark_words_and_prefixes():
    text = "Teams will deploy early. Deployment of BORTAC followed the deployment order."
    snippet = make_snippet(text, terms("deploy* BORTAC"))
    assert "[[deploy]]" in snippet and "[[Deployment]]" in snippet and "[[BORTAC]]" in snippet


def test_search_from_the_command_line(demo_case):
    result = run_cli("search", demo_case, "BORTAC", "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("  1. [page] ")
    assert "*BORTAC*" in result.stdout  # marked, plainly, when not on a terminal
    assert "More results: add --page 2." in result.stdout
    nothing = run_cli("search", demo_case, "xyzzy")
    assert nothing.returncode == 0 and nothing.stdout.startswith("Nothing in")
    filtered = run_cli("search", demo_case, "expedited", "--kind", "correspondence",
                       "--request", "2020-ICFO-12345", "--from", "2020-06-01")
    assert filtered.returncode == 0 and "[correspondence]" in filtered.stdout


def test_the_index_can_be_rebuilt_from_the_case(demo_case):
    before = run_cli("search", demo_case, "BORTAC").stdout
    result = run_cli("reindex", demo_case)
    assert result.returncode == 0, result.stderr
    assert "Rebuilt the search index" in result.stdout
    assert run_cli("search", demo_case, "BORTAC").stdout == before
    assert run_cli("check", demo_case).returncode == 0


def test_exemption_citations_need_no_quotes_and_a_lone_not_is_explained(demo):
    assert search(demo, "(b)(7)(E)", kinds=("record",)).hits
    with pytest.raises(InputError, match="NOT needs something before it"):
        search(demo, "NOT BORTAC")


def test_vaughn_entries_follow_the_request_filter(demo):
    from sqlalchemy import select

    from casefile.store.models import FoiaRequest

    with demo.reading() as s:
        ice, dhs = s.scalars(select(FoiaRequest.id).order_by(FoiaRequest.id)).all()
    assert search(demo, "Palladium", kinds=("record",), request_id=ice).hits
    assert not search(demo, "Palladium", kinds=("record",), request_id=dhs).hits


def test_the_command_line_says_when_a_page_is_past_the_end(demo_case):
    past = run_cli("search", demo_case, "Palladium", "--page", "9")
    assert past.stdout.startswith("No more results: page 9 is past the last of them.")
    lower = run_cli("search", demo_case, "xyzzy", "or", "plugh")
    assert "write AND, OR, NOT in capitals" in lower.stdout
    zero = run_cli("search", demo_case, "Palladium", "--page", "0")
    assert zero.returncode == 2 and "whole number" in zero.stderr


# What people type into a search box, slips and all.
AWKWARD = [
    "b(5)", "(b)(6)", "b7c", "(b)(7)(C)", "552(b)(5)", "(b)(3)(A)", "b(7)(G)", '"open quote',
    'two "open "quotes', '"', '""', "AND", "OR", "NOT", "NEAR", "NEAR(a b)", "a NEAR b",
    "AND OR NOT", "NOT NOT", "a NOT", "a NOT NOT b", "a OR NOT b", "*", "**", "a*b*", "*a",
    "-", "-a", "a -b", ":", "a:b", "name:BORTAC", "^a", "+", "a + b", "'", "\\", "()", "( )",
    ")", "((", "(((a", "a))", ")(", "(AND)", "(NOT a)", "a AND (OR b)", "a (", "x OR (",
    "(" * 300 + "a", "a " * 500, "é", "日本語の文書", "naïve café", "ＢＯＲＴＡＣ", "💼", "\u200b",
    "\x00", "\x1a", "a\tb\nc", "“target package”", "„quoted“", "'single quotes'", "%", "_",
    "a_b", "ICE-2020-000008", "ice 2020 000008", '"ICE-2020-000008"', "ICE-2020-", "1234",
    "§ 552", "5 U.S.C. § 552(b)(5)", "b(5) OR b(6)", "(b5 OR b6", "b5, b6", "{a}", "[a]", "a;b",
]


@pytest.mark.parametrize("typed", AWKWARD)
def test_anything_typed_searches_or_says_one_plain_sentence(demo, typed):
    try:
        search(demo, typed)
    except InputError as exc:
        # A sentence about the search, not SQLite's words, nor the catch-all for
        # a query that to_fts let through unreadable.
        assert "cannot read the search" not in exc.message
        assert not any(w in exc.message.lower() for w in ("fts5", "sqlite", "syntax"))
        assert exc.message.count("\n") == 0 and exc.message.endswith(".")


def test_to_fts_always_writes_fts5_that_sqlite_reads():
    import random
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(name, text, tokenize='unicode61')")
    pieces = ['"', "(", ")", "*", "-", ":", "^", "+", " ", " ", "AND", "OR", "NOT", "NEAR",
              "b", "5", "(b)", "(5)", "(C)", "7", "a", "é", "日本", "_", ".", ",", "“", "'"]
    rng = random.Random(552)
    for _ in range(3000):
        typed = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        fts = to_fts(typed)
        if fts and not fts.startswith("NOT ") and "( NOT " not in fts:
            db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (fts,))  # raises if unreadable


def test_a_query_of_no_words_is_explained(demo):
    with pytest.raises(InputError, match=r"^There are no words to search for in '\*\*': "):
        search(demo, "**")
    with pytest.raises(InputError, match="NOT needs something before it"):
        search(demo, "BORTAC (NOT Palladium)")


def test_an_exemption_finds_the_pages_and_the_entries_that_cite_it(demo):
    def found(typed, kinds=("page", "record")):
        return {(h.kind, h.id) for h in search(demo, typed, kinds=kinds, limit=100).hits}

    # Pages print "(b)(5)"; the demo's Vaughn entries say "b5-dp", "b6", "b7C".
    five = found("b(5)")
    assert {kind for kind, _ in five} == {"page", "record"}
    assert found("(b)(5)") == found("b5") == found("B(5)") == five
    six = found("(b)(6)")
    assert {kind for kind, _ in six} == {"page", "record"} and six == found("b6")
    seven_c = found("b7c")
    assert {kind for kind, _ in seven_c} == {"page", "record"}
    assert found("(b)(7)(C)") == seven_c
    assert found("b7") >= seven_c | found("b7E")  # (b)(7) takes in its parts
    assert not seven_c & found("b7E", kinds=("record",))  # and its parts stay apart


def test_an_exemption_is_marked_whole_however_it_is_written(demo):
    pages = search(demo, "b7c", kinds=("page",)).hits
    assert pages and all("[[(b)(7)(C)]]" in h.snippet for h in pages), [h.snippet for h in pages]
    entries = search(demo, "(b)(7)(C)", kinds=("record",)).hits
    assert entries and all("[[b7C]]" in h.snippet for h in entries), [h.snippet for h in entries]
    # FTS5 marked the words of "(b)(7)(E)" one by one: "([[b)(7)(E]])".
    entry = search(demo, "b7e", kinds=("record",)).hits
    assert any("[[(b)(7)(E)]]" in h.snippet for h in entry), [h.snippet for h in entry]
    assert make_snippet("under 5 U.S.C. § 552(b)(5) and b5", terms("(b)(5)")) == \
        "under 5 U.S.C. § 552[[(b)(5)]] and [[b5]]"
    assert terms("b7c memo") == [("(b)(7)(C)", False), ("memo", False)]


def _snippet_of_the_whole_text(body, words, width=180):
    """The snippet as cut from the whole text flattened (make_snippet flattens only
    the head it needs): the same rules, written out here."""
    import re

    from casefile.search import _mark, _marker

    pattern = _marker(words)
    flat = re.sub(r"\s+", " ", body).strip()
    first = pattern.search(flat)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    marked = pattern.sub(_mark, flat[start:start + width])
    return ("…" if start else "") + marked + ("…" if start + width < len(flat) else "")


def test_a_snippet_is_cut_as_from_the_whole_text_flattened():
    import random

    rng = random.Random(3)
    spaces = [" ", "  ", "\n", "\n\n\t ", " " * 300]  # the last: a run longer than a snippet
    vocabulary = ["agent", "detainer", "detainers", "(b)(5)", "b5", "report", "x", "552(b)(5)"]
    queries = ["detainer", "detain*", "(b)(5)", "agent report", "nothing"]
    for _ in range(400):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 400))]
        body = rng.choice(["", " ", "\n"]) + "".join(
            w + rng.choice(spaces) for w in words) + rng.choice(["", " \n "])
        query = rng.choice(queries)
        assert make_snippet(body, terms(query)) == _snippet_of_the_whole_text(
            body, terms(query)), (query, body[:80])
