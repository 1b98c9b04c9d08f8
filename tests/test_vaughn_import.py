"""Importing an agency's Vaughn index: the exemption cell, the columns, every format, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench import sample_vaughn as sv
from casefile.errors import InputError
from casefile.store import CaseFile
from casefile.store.models import Record, VaughnColumnMap, VaughnIndex, Withholding
from casefile.vaughn import claims, columns, data, export
from casefile.vaughn.importer import FLAGGED, KEEP_BOTH, REFUSED, SKIPPED, import_index

# --- the exemption cell ------------------------------------------------------------


@pytest.mark.parametrize("written, codes", [
    ("(b)(6), (b)(7)(C)", ["b6", "b7C"]),
    ("b5 - DPP", ["b5-dp"]),
    ("Ex. 7(E)", ["b7E"]),
    ("Exemptions 6 and 7(C)", ["b6", "b7C"]),
    ("Exemptions 6, 7(C) and 7(E)", ["b6", "b7C", "b7E"]),
    ("(b)(5) (deliberative process; attorney-client)", ["b5-dp", "b5-ac"]),
    ("b6/b7c", ["b6", "b7C"]),
    ("B6, B7C, B7E", ["b6", "b7C", "b7E"]),
    ("5 U.S.C. § 552(b)(5)", ["b5"]),
    ("(b)(7)(C), (E)", ["b7C", "b7E"]),
    ("(b)(7)(A)-(C)", ["b7A", "b7B", "b7C"]),
    ("Exemption 5 (attorney work product)", ["b5-wp"]),
    ("(b)(5)-AC", ["b5-ac"]),
    ("(b)(6); (b)(6)", ["b6"]),
])
def test_exemptions_written_the_usual_ways_are_read_into_catalog_claims(written, codes):
    assert [c.code for c in claims.parse(written)] == codes


def test_a_statute_goes_with_exemption_3_and_a_named_statute_alone_claims_it():
    [b3] = claims.parse("(b)(3) – 8 U.S.C. § 1367")
    assert (b3.code, b3.statute) == ("b3", "8 U.S.C. § 1367")
    [alone] = claims.parse("50 U.S.C. § 3024(i)(1)")
    assert (alone.code, alone.statute) == ("b3", "50 U.S.C. § 3024(i)(1)")
    [bare] = claims.parse("(b)(3)")
    assert bare.statute is None


@pytest.mark.parametrize("written, kept", [
    ("(b)(7)(G)", ["(b)(7)(G)"]),
    ("See Decl. ¶ 12", ["See Decl. ¶ 12"]),
    ("N/A", ["N/A"]),
    ("(b)(6) and per agreement", ["per agreement"]),
])
def test_what_cannot_be_read_is_kept_verbatim_never_dropped(written, kept):
    parsed = claims.parse(written)
    assert [c.raw for c in parsed if c.code is None] == kept


# --- the columns ----------------------------------------------------------------------


def test_the_agency_headers_are_matched_to_our_fields():
    assert columns.match(sv.HEADERS) == [
        "entry_no", "bates_begin", "bates_end", "doc_date", "doc_type", "author",
        "recipients", "pages", "description", "disposition", "exemptions", "justification",
        "segregability"]
    assert columns.match(["Bates Range", "FOIA Exemption(s)", "Reason for Withholding",
                          "Foreseeable Harm Analysis", "Beg. Bates"]) == [
        "bates", "exemptions", "justification", "foreseeable_harm", "bates_begin"]


def test_a_column_mapping_must_name_a_field():
    with pytest.raises(InputError, match="not a field"):
        columns.parse_overrides(["Basis=reasons"])
    with pytest.raises(InputError, match="Header=field"):
        columns.parse_overrides(["justification"])
    assert columns.parse_overrides(["Basis for the Claim=justification"]) == {
        "basis for the claim": "justification"}


# --- every format -----------------------------------------------------------------------


ROWS = sv.sample_rows(60)


@pytest.fixture
def case(new_case):
    with CaseFile.open(new_case) as opened:
        yield opened


def _cells(s, index_id: int, normalise_space: bool = False) -> list[list[str]]:
    out = []
    for e in data.entries(s, index_id):
        row = [export.cell(e, f) for f in export.ALL_FIELDS]
        out.append([" ".join(c.split()) for c in row] if normalise_space else row)
    return out


def test_a_word_index_with_merged_cells_repeated_headers_and_headings_is_read_whole(
        case, tmp_path):
    path = sv.write_agency_docx(tmp_path / "ice.docx", ROWS)
    with case.transaction() as s:
        report = import_index(s, path, title="ICE index")
        entries = data.entries(s, report.index_id)
    assert report.imported == 60 and report.count(REFUSED) == 0
    assert [e.entry_no for e in entries] == [r.doc_no for r in ROWS]
    skipped = [r.reasons[0] for r in report.rows if r.status == SKIPPED]
    assert any("heading" in reason for reason in skipped)
    assert any("header row repeated" in reason for reason in skipped)
    for row, entry in zip(ROWS, entries, strict=True):
        # A vertically merged justification belongs to every row it spans.
        assert {h.justification for h in entry.held} == {row.justification}
        assert entry.description == row.description  # paragraphs kept as lines
        assert entry.bates_begin == row.bates_begin and entry.bates_end == row.bates_end
        assert entry.source_ref.startswith("ice.docx, table 2, row ")


def test_an_index_split_over_several_tables_and_a_headerless_one_is_one_index(case, tmp_path):
    one = sv.write_agency_docx(tmp_path / "one.docx", ROWS)
    split = sv.write_agency_docx(tmp_path / "split.docx", ROWS, tables=3)
    with case.transaction() as s:
        a = import_index(s, one)
        b = import_index(s, split)
        assert b.imported == 60
        assert any("no header row" in n for n in b.notes)
        assert _cells(s, a.index_id) == _cells(s, b.index_id)


@pytest.mark.parametrize("writer", ["xlsx", "csv", "pdf"])
def test_excel_csv_and_pdf_give_the_same_entries_as_word(case, tmp_path, writer):
    word = sv.write_agency_docx(tmp_path / "ice.docx", ROWS)
    other = getattr(sv, f"write_agency_{writer}")(tmp_path / f"ice.{writer}", ROWS)
    with case.transaction() as s:
        a = import_index(s, word)
        b = import_index(s, other)
        assert b.imported == 60
        # A PDF cell's lines are where the page wrapped them, not paragraphs.
        pdf = writer == "pdf"
        assert _cells(s, a.index_id, pdf) == _cells(s, b.index_id, pdf)


def test_claims_not_in_the_catalog_are_kept_as_written_and_flagged(case, tmp_path):
    path = sv.write_agency_csv(tmp_path / "ice.csv", ROWS)
    with case.transaction() as s:
        report = import_index(s, path)
        raw = s.scalars(select(Withholding.raw_text).where(Withholding.exemption_id.is_(None)))
        assert set(raw) == {"(b)(7)(G)", "See Decl. ¶ 12"}
    flagged = [r for r in report.rows if r.status == FLAGGED]
    assert {r.entry_no for r in flagged} == {r.doc_no for r in ROWS
                                             if "(b)(7)(G)" in r.exemptions
                                             or "See Decl" in r.exemptions}
    assert all("kept as written" in "; ".join(r.reasons) for r in flagged)


def test_an_encrypted_spreadsheet_needs_its_password(case, tmp_path):
    path = sv.write_agency_xlsx(tmp_path / "locked.xlsx", ROWS[:5], password="palladium")
    with case.transaction() as s:
        with pytest.raises(InputError, match="encrypted; give its password"):
            import_index(s, path)
        with pytest.raises(InputError, match="password given does not open"):
            import_index(s, path, password="wrong")
        assert import_index(s, path, password="palladium").imported == 5


def test_a_mapping_the_user_corrects_is_saved_for_the_agency(case, tmp_path):
    from casefile.matter import add_agency

    path = tmp_path / "odd.csv"
    path.write_text("Item,Withholding Rationale,Claimed\n1,Names of agents would invade "
                    "their privacy and expose them to harassment.,(b)(6)\n", encoding="utf-8")
    with case.transaction() as s:
        ice = add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE")
        first = import_index(s, path, agency=ice, overrides=columns.parse_overrides(
            ["Withholding Rationale=justification", "Claimed=exemptions"]))
        assert s.scalar(select(func.count()).select_from(VaughnColumnMap)) == 2
        # no --map: the saved one applies (the same file again, kept as a second index)
        second = import_index(s, path, agency=ice, again=KEEP_BOTH)
        [entry] = data.entries(s, second.index_id)
    assert first.imported == second.imported == 1
    assert entry.held[0].code == "b6" and "harassment" in entry.held[0].justification


# --- bad input ---------------------------------------------------------------------------


def _nothing_stored(path: Path) -> bool:
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return s.scalar(select(func.count()).select_from(VaughnIndex)) == 0 and \
            s.scalar(select(func.count()).select_from(Record)) == 0


def test_a_word_file_without_a_table_is_refused_whole(new_case, tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Defendant's Vaughn index will be served separately.")
    path = tmp_path / "letter.docx"
    doc.save(path)
    with CaseFile.open(new_case) as case, pytest.raises(InputError, match="has no table"), \
            case.transaction() as s:
        import_index(s, path)
    assert _nothing_stored(new_case)


def test_a_header_that_cannot_be_matched_names_the_headers_found(new_case, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Col A,Col B,Col C\n1,2,3\n", encoding="utf-8")
    with CaseFile.open(new_case) as case, pytest.raises(InputError) as caught, \
            case.transaction() as s:
        import_index(s, path)
    assert "Col A, Col B, Col C" in caught.value.message and "--map" in caught.value.message
    assert _nothing_stored(new_case)


def test_rows_with_missing_or_extra_cells_are_kept_with_their_text_and_flagged(case, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "Doc. No.,Bates Begin,Exemption(s) Asserted,Basis for Withholding\n"
        "1,ICE-2020-000001,(b)(6),Names of agents; disclosure would expose them to harm.\n"
        "2,ICE-2020-000002\n"
        "3,ICE-2020-000003,(b)(5),Draft memo.,Reviewer: J. Doe\n"
        ",,,\n"
        ",,,Text with nothing to hang it on\n", encoding="utf-8")
    with case.transaction() as s:
        report = import_index(s, path)
        entries = {e.entry_no: e for e in data.entries(s, report.index_id)}
    statuses = {r.where: (r.status, "; ".join(r.reasons)) for r in report.rows}
    assert statuses["row 3"][0] == FLAGGED and "2 cells where the header has 4" in \
        statuses["row 3"][1]
    # A row with only a justification continues the record above: joined to its
    # claim, and said so with its row.
    status, reasons = statuses["rows 4–6"]
    assert status == FLAGGED and "beyond the header" in reasons
    assert "row 6: a justification with no exemption; added to the (b)(5) claim above" \
        in reasons
    assert "Reviewer: J. Doe" in entries["3"].description
    assert entries["3"].held[0].justification == "Draft memo.\nText with nothing to hang it on"
    assert set(entries) == {"1", "2", "3"}


def test_a_scanned_pdf_has_no_text_layer_to_read(new_case, tmp_path):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.rect(72, 72, 400, 600)  # lines only, as a scan's image has no text
    c.showPage()
    c.save()
    with CaseFile.open(new_case) as case, pytest.raises(InputError, match="no text layer"), \
            case.transaction() as s:
        import_index(s, path)
    assert _nothing_stored(new_case)


@pytest.mark.parametrize("name, data, words", [
    ("index.docx", b"PK\x03\x04 not really a zip", "damaged"),
    ("index.xlsx", io.BytesIO(b"not a workbook").getvalue(), "damaged"),
    ("index.pdf", b"%PDF-1.4\n%%EOF garbage", "damaged"),
    ("index.odt", b"whatever", "Word (.docx)"),
])
def test_a_broken_or_unknown_file_gets_a_sentence(new_case, tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with CaseFile.open(new_case) as case, pytest.raises(InputError) as caught, \
            case.transaction() as s:
        import_index(s, path)
    assert words in caught.value.message
    assert _nothing_stored(new_case)


def test_a_stated_page_count_that_disagrees_with_the_bates_range_is_flagged(case, tmp_path):
    path = tmp_path / "pages.csv"
    path.write_text(
        "Doc. No.,Bates No(s).,Pg. Count,Ex.,Basis for Withholding\n"
        "1,DOJ-000001 - DOJ-000004,4,(b)(6),Names of the agents; they would be harassed.\n"
        "2,DOJ-000005 - DOJ-000009,3,(b)(6),Names of the agents; they would be harassed.\n"
        "3,DOJ-000010 - DOJ-000011,,(b)(6),Names of the agents; they would be harassed.\n",
        encoding="utf-8")
    with case.transaction() as s:
        report = import_index(s, path)
        pages = {e.entry_no: e.pages for e in data.entries(s, report.index_id)}
    assert pages == {"1": 4, "2": 3, "3": 2}  # as stated; the third from its range
    reasons = {r.entry_no: "; ".join(r.reasons) for r in report.rows}
    assert reasons["1"] == "" and reasons["3"] == ""
    assert reasons["2"] == "states 3 pages; its Bates range (DOJ-000005 – DOJ-000009) covers 5"
    assert "1 record gives no page count: its pages are counted from its Bates range." \
        in report.notes


def test_a_claim_row_without_number_continues_the_record_and_its_description_is_kept(
        case, tmp_path):
    path = tmp_path / "portions.csv"
    path.write_text(
        "Doc. No.,Bates No(s).,Description,Ex.,Basis for Withholding\n"
        "7,DOJ-000001 - DOJ-000003,Email chain.,(b)(6),Names of agents; they would be "
        "harassed by the targets' associates.\n"
        ",,Portion: the attached draft.,(b)(5),The draft recommends whether to close the "
        "Newark office before the decision of May 2020.\n", encoding="utf-8")
    unnumbered = tmp_path / "unnumbered.csv"
    unnumbered.write_text(
        "Description,Ex.,Basis for Withholding\n"
        "Email chain.,(b)(6),Names of agents; they would be harassed.\n"
        "Draft memo.,(b)(5),The draft recommends closing the Newark office.\n",
        encoding="utf-8")
    with case.transaction() as s:
        [entry] = data.entries(s, import_index(s, path).index_id)
        report = import_index(s, unnumbered)
        both = data.entries(s, report.index_id)
    assert [h.code for h in entry.held] == ["b6", "b5"]
    assert entry.description == "Email chain.\nPortion: the attached draft."
    assert len(both) == 2  # an index that numbers nothing: each row is a record
