"""Vaughn indexes as agencies write them (tests/vaughn_corpus): records over several rows.

Each file was written by ``tests/vaughn_corpus/make_corpus.py``, which shares
no code with Casefile, and states beside it (``NAME.expected.json``) its
records, withholdings by exemption, records withheld in full and pages. The
import must find all four; bad input must be in the report with its row.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from casefile.store import CaseFile
from casefile.store.models import Disposition
from casefile.vaughn import data
from casefile.vaughn.importer import import_index

CORPUS = Path(__file__).parent / "vaughn_corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".xlsx", ".csv", ".pdf"))


def test_the_corpus_holds_ten_agency_layouts_each_with_its_expected_result():
    layouts = [p for p in FILES if "bad_input" not in p.name]
    assert len(layouts) >= 10
    assert {p.suffix for p in layouts} == {".docx", ".xlsx", ".csv", ".pdf"}
    assert all((CORPUS / f"{p.name}.expected.json").is_file() for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_an_agency_index_is_read_as_its_records(new_case, path):
    expected = json.loads((CORPUS / f"{path.name}.expected.json").read_text(encoding="utf-8"))
    with CaseFile.open(new_case) as case, case.transaction() as s:
        report = import_index(s, path)
        entries = data.entries(s, report.index_id)
    held = Counter(h.code or f"unmatched {h.label}" for e in entries for h in e.held)
    found = {
        "records": len(entries),
        "withholdings": dict(sorted(held.items())),
        "withheld_in_full": sum(e.disposition is Disposition.WITHHELD_IN_FULL for e in entries),
        "pages": sum(e.pages or 0 for e in entries),
    }
    assert found == {k: expected[k] for k in found}, "\n".join(report.lines())
    text = "\n".join(report.lines())
    for line in expected.get("report", []):
        assert line in text


def test_a_record_merged_down_over_its_exemption_rows_keeps_each_rows_justification(new_case):
    path = CORPUS / "01_dhs_merged_down.docx"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        report = import_index(s, path)
        first = data.entries(s, report.index_id)[0]
    assert first.entry_no == "1" and first.bates_begin == "DHS-000001"
    assert [h.code for h in first.held] == ["b6", "b7C", "b7E"]
    justifications = [h.justification for h in first.held]
    assert len(set(justifications)) == 3 and "employees to harassment" in justifications[0]
    assert first.source_ref.endswith("table 1, rows 2–4")
    # Searchable by the justification of its last row, as every entry is.
    from casefile.search import search

    with CaseFile.open(new_case, read_only=True) as case:
        hits = search(case, "databases", kinds=("record",)).hits
    assert first.id in {h.id for h in hits}


def test_the_dry_run_says_how_the_records_are_laid_out(new_case):
    path = CORPUS / "02_ice_merged_down.xlsx"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        report = import_index(s, path, dry_run=True)
        s.rollback()
    layout = report.layout()
    assert layout.startswith("14 records over 29 rows; the record cells are merged down; "
                             "columns: No. = Entry, Bates Begin = Bates Begin")
    assert "No. of Pages = Pages" in layout and "Ex. = Exemptions" in layout


def test_records_running_over_a_pdf_page_break_are_counted(new_case):
    path = CORPUS / "09_doj_page_breaks.pdf"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        report = import_index(s, path)
    assert report.continued["page"] >= 1
    assert "continue a record across a page" in report.layout()


def test_pages_missing_from_the_index_are_counted_from_the_bates_range(new_case):
    path = CORPUS / "08_nara_bates_only.csv"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        report = import_index(s, path)
        entries = data.entries(s, report.index_id)
    assert "The index has no page column: the pages of 10 records are counted from their " \
           "Bates ranges." in report.notes
    assert all(e.pages == int(e.bates_end[-6:]) - int(e.bates_begin[-6:]) + 1 for e in entries)


def test_each_sidecar_is_what_the_generator_states_for_its_file(tmp_path):
    """The corpus files are committed; their sidecars must still be the
    generator's word (edit make_corpus.py, then run it, never one alone)."""
    from tests.vaughn_corpus.make_corpus import FILES as WRITERS

    assert sorted(WRITERS) == [p.name for p in FILES]
    for name, write in WRITERS.items():
        stated = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
        assert write(tmp_path / name) == stated, name
