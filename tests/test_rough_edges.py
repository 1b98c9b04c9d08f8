"""Issue 22's rough edges, outside the window: sizes in English, plain names for
file kinds, marks where printers do not clip them, and unlocking an encrypted PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import landscape, legal, letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from casefile import tables
from casefile.bundles import profiles
from casefile.bundles.build import BundleOptions, build
from casefile.display import human_size
from casefile.errors import InputError
from casefile.exhibits import add_exhibit, add_set
from casefile.file_kinds import kind_name
from casefile.ingest import import_files
from casefile.ingest.batch import add_document
from casefile.ingest.unlock import WRONG_PASSWORD, unlock
from casefile.search import search
from casefile.store import CaseFile
from casefile.store.models import Blob, Document, DocumentPage

PASSWORD = "Palladium-2021"


def locked_pdf(path: Path, text: str = "BORTAC target package for Operation Palladium") -> Path:
    """A two-page PDF encrypted by ReportLab (RC4 128, user password PASSWORD): a
    library of its own, not Casefile's code. Expected: imported, it is stored
    flagged encrypted with no page read; unlocked, both pages' text is read."""
    c = Canvas(str(path), encrypt=StandardEncryption(PASSWORD, "owner-secret", strength=128))
    for n in (1, 2):
        c.drawString(72, 700, f"{text}, page {n}")
        c.showPage()
    c.save()
    return path


# --- sizes and kinds ----------------------------------------------------------------------


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 bytes"), (1, "1 byte"), (900, "900 bytes"), (1024, "1 KB"), (12_300, "12 KB"),
    (1_048_575, "1.0 MB"), (1_000_000, "977 KB"), (1_048_576, "1.0 MB"), (1_468_006, "1.4 MB"),
    (10 * 1024 ** 3, "10.0 GB"),
])
def test_sizes_read_as_english_and_never_as_zero_megabytes(size, shown):
    assert human_size(size) == shown


@pytest.mark.parametrize(("media_type", "name"), [
    ("application/pdf", "PDF document"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "Word document"),
    ("application/msword", "Word document"),
    ("message/rfc822", "Email"), ("application/vnd.ms-outlook", "Email"),
    ("application/octet-stream", "Unknown file"), (None, "Unknown file"),
    ("application/x-made-up", "Unknown file"), ("image/png", "Image (PNG)"),
    ("image/webp", "Image"), ("application/pdf; charset=binary", "PDF document"),
])
def test_a_file_kind_has_a_plain_name(media_type, name):
    assert kind_name(media_type) == name


def test_the_documents_list_names_kinds_and_sizes_plainly(new_case, tmp_path):
    # Expected: a 3-byte file of no known kind would be refused at import, so it is
    # stored as the store allows (a document of type octet-stream) to see its name.
    note = tmp_path / "letter.pdf"
    c = Canvas(str(note))
    c.drawString(72, 700, "A letter")
    c.save()
    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            document, _ = add_document(s, note)
            odd, _ = add_document(s, note)  # the same bytes: one document
            assert odd.id == document.id
            blob = Blob(sha256="0" * 64, size=3)
            s.add(blob)
            s.flush()
            s.add(Document(blob_id=blob.id, name="mystery.bin",
                           media_type="application/octet-stream"))
        with case.reading() as s:
            ids = tables.ids(s, tables.DOCUMENTS)
            rows = tables.rows(s, tables.DOCUMENTS, ids).values()
    types = {row[0]: row[2] for row in rows}
    sizes = {row[0]: row[4] for row in rows}
    assert types == {"letter.pdf": "PDF document", "mystery.bin": "Unknown file"}
    assert sizes["mystery.bin"] == "3 bytes"
    assert sizes["letter.pdf"].endswith(" KB") and not sizes["letter.pdf"].startswith("0")


def test_a_file_of_no_known_kind_is_refused_in_plain_words(new_case, tmp_path):
    blob = tmp_path / "blob.xyz"
    blob.write_bytes(bytes(range(256)) * 4)  # no magic, not text: octet-stream
    with CaseFile.open(new_case) as case:
        result = import_files(case, [blob]).results[0]
    assert result.status == "failed"
    assert "octet-stream" not in result.reason
    assert result.reason == ("Casefile does not read this kind of file: it reads PDF and "
                             "Word documents, emails, images and text")


# --- marks clear of the printer's edge -------------------------------------------------------


def _mark_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, float, float]]:
    """(page, left, bottom, right, top, page width, page height) of every character
    on every page, from pdfium's character boxes in the page as displayed."""
    boxes = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            rotation = page.get_rotation()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                if text.get_text_range(i, 1).strip():
                    left, bottom, right, top = text.get_charbox(i)
                    boxes.append((index, left, bottom, right, top, width, height, rotation))
            text.close()
            page.close()
    finally:
        document.close()
    return boxes


def _exhibit_source(tmp_path: Path) -> Path:
    """Pages of every shape, with no text of their own (so every character read
    back is one of our marks): letter, legal, landscape, and a letter page turned
    by /Rotate 90."""
    from pypdf import PdfWriter

    buffer = io.BytesIO()
    c = Canvas(buffer, invariant=1)
    for size in (letter, legal, landscape(letter), letter):
        c.setPageSize(size)
        c.rect(100, 100, 50, 50)
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.pages[3].rotate(90)
    out = tmp_path / "shapes.pdf"
    writer.write(out)
    return out


@pytest.mark.parametrize("margin", [None, 54.0])
def test_stamps_and_bates_numbers_sit_at_least_three_eighths_inch_inside_every_edge(
        new_case, tmp_path, margin):
    profile = profiles.get(None)
    if margin is not None:  # a court that asks for 3/4 in.
        import dataclasses

        profile = dataclasses.replace(profile, margin_pt=margin)
    least = margin or 27.0
    with CaseFile.open(new_case) as case, case.transaction() as s:
        document, _ = add_document(s, _exhibit_source(tmp_path))
        exhibit_set = add_set(s, "Shapes")
        add_exhibit(s, exhibit_set, document, "Pages of every shape")
        report = build(s, exhibit_set, tmp_path / "out",
                       BundleOptions(profile, index=False, slip_sheets=True,
                                     bates_prefix="PLTF-"))
    boxes = _mark_boxes(report.outputs[0].path)
    assert len({b[0] for b in boxes}) == 5  # the slip sheet and four pages carry marks
    for page, left, bottom, right, top, width, height, rotation in boxes:
        if rotation in (90, 270):
            width, height = height, width
        # pdfium's boxes are in the page's own space; on the turned page they are
        # measured in it too, and every edge must be as far off either way.
        edges = min(left, bottom, (width if rotation in (0, 180) else height) - right,
                    (height if rotation in (0, 180) else width) - top)
        assert edges >= least - 0.01, (page, left, bottom, right, top)


def test_a_court_profile_may_not_ask_for_marks_nearer_the_edge(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("CASEFILE_DATA_DIR", str(tmp_path))
    (tmp_path / "court_profiles.json").write_text(json.dumps({"profiles": [
        {"key": "tight", "name": "Tight", "size_limit_mb": 10, "margin_pt": 9}]}))
    with pytest.raises(InputError) as refused:
        profiles.all_profiles()
    assert "margin_pt" in refused.value.message and "27" in refused.value.message


# --- unlocking an encrypted PDF ---------------------------------------------------------------


def test_an_encrypted_pdf_is_imported_locked_and_told_how_to_unlock(new_case, tmp_path):
    with CaseFile.open(new_case) as case:
        result = import_files(case, [locked_pdf(tmp_path / "release.pdf")]).results[0]
    assert result.status == "added" and result.pages == 0
    assert "open its page and choose Unlock" in result.notes[0]


def test_unlock_reads_the_pages_keeps_the_decrypted_file_and_forgets_the_password(
        new_case, tmp_path):
    with CaseFile.open(new_case) as case:
        document_id = import_files(case, [locked_pdf(tmp_path / "release.pdf")]
                                   ).results[0].document_id
        with case.reading() as s:
            old_blob = s.get(Document, document_id).blob_id
        with pytest.raises(InputError) as wrong:
            unlock(case, document_id, "not-it")
        assert wrong.value.message == WRONG_PASSWORD
        with case.reading() as s:  # nothing changed
            document = s.get(Document, document_id)
            assert document.encrypted and document.blob_id == old_blob
        done = unlock(case, document_id, PASSWORD)
        assert done.pages == 2
        with case.reading() as s:
            document = s.get(Document, document_id)
            assert not document.encrypted and document.page_count == 2
            assert s.get(Blob, old_blob) is None  # the locked bytes are gone
            data = b"".join(c for c in _chunks(s, document.blob_id))
            texts = s.scalars(select(DocumentPage.text)
                              .where(DocumentPage.document_id == document_id)
                              .order_by(DocumentPage.page_no)).all()
        assert texts[1].startswith("BORTAC target package for Operation Palladium, page 2")
        assert b"/Encrypt" not in data
        # A real reader opens it with no password.
        assert len(pdfium.PdfDocument(data)) == 2
        assert len(search(case, "BORTAC").hits) == 2
        with pytest.raises(InputError):
            unlock(case, document_id, PASSWORD)  # nothing left to unlock
    # Kept nowhere: not in the case file, nor beside it.
    for path in new_case.parent.iterdir():
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path.name


def _chunks(s, blob_id):
    from casefile.store import blobs

    yield from blobs.iter_chunks(s, blob_id)


def test_a_pdf_locked_only_against_changes_is_unlocked_without_a_password_and_indexed_once(
        new_case, tmp_path):
    # Expected: ReportLab's owner password alone (no password to open) lets the
    # import read the pages but leaves the file encrypted; unlocking with an empty
    # password replaces the pages, and the search index holds each page once.
    path = tmp_path / "owner-only.pdf"
    c = Canvas(str(path), encrypt=StandardEncryption("", "owner-secret", strength=128))
    c.drawString(72, 700, "Palladium surveillance memorandum")
    c.showPage()
    c.save()
    with CaseFile.open(new_case) as case:
        result = import_files(case, [path]).results[0]
        assert result.pages == 1
        with case.reading() as s:
            assert s.get(Document, result.document_id).encrypted
        assert len(search(case, "surveillance").hits) == 1
        assert unlock(case, result.document_id, "").pages == 1
        with case.reading() as s:
            assert not s.get(Document, result.document_id).encrypted
        hits = search(case, "surveillance").hits
        assert len(hits) == 1
        from casefile.store.check import problems

        assert problems(case) == []
