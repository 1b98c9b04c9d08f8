"""The window's lists sort and filter in SQL and read only the rows shown."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casefile import tables
from casefile.store import CaseFile
from casefile.store.models import Record
from casefile.vaughn import find_index


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both



def _records(case_path, **criteria):
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        index = find_index(s, None)
        ids = tables.ids(s, tables.RECORDS, scope=index.id, **criteria)
        return ids, tables.rows(s, tables.RECORDS, ids)


def test_entries_come_in_index_order_and_sort_by_any_column(demo_case):
    ids, rows = _records(demo_case)
    assert [rows[i][0] for i in ids] == ["1", "2", "3", "4", "5"]
    number = tables.RECORDS.titles.index("Pages")
    ids, rows = _records(demo_case, sort=number, descending=True)
    pages = [int(rows[i][number]) for i in ids if rows[i][number]]
    assert pages == sorted(pages, reverse=True)


def test_the_filter_finds_every_word_in_any_column_and_reads_b5_as_the_exemption(demo_case):
    exemptions = tables.RECORDS.titles.index("Exemptions")
    ids, rows = _records(demo_case, text="b5")
    assert ids and all("(b)(5)" in rows[i][exemptions] for i in ids)
    ids_all, _ = _records(demo_case)
    assert len(ids) < len(ids_all)
    ids, rows = _records(demo_case, text="b5 nonexistentword")
    assert ids == []
    # LIKE's wildcards in what the user types are plain characters.
    ids, _ = _records(demo_case, text="%")
    assert ids == []
    # Any case, on both backends (PostgreSQL's LIKE minds case), and a number column
    # is searched as its text (PostgreSQL refuses LIKE on an integer).
    types = tables.RECORDS.titles.index("Type")
    ids, rows = _records(demo_case, text="EMAIL")
    assert ids and all("email" in rows[i][types].lower() for i in ids)
    assert _records(demo_case, text="email")[0] == ids
    _, all_rows = _records(demo_case)
    pages = tables.RECORDS.titles.index("Pages")
    some = next(r[pages] for r in all_rows.values() if r[pages])
    assert _records(demo_case, text=some)[0]


def test_rows_are_read_only_for_the_ids_asked(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        first = s.scalars(select(Record.id).order_by(Record.position)).first()
        got = tables.rows(s, tables.RECORDS, [first])
    assert list(got) == [first]
    assert got[first][1].startswith("ICE-2020-")  # the Bates range, as shown


def test_every_table_reads(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        for table in tables.TABLES.values():
            ids = tables.ids(s, table)
            rows = tables.rows(s, table, ids)
            assert set(rows) == set(ids)
            assert all(len(r) == len(table.columns) for r in rows.values())
