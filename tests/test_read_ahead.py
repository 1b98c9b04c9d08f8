"""The reader reads the next file while the app stores the last (Reader.read_ahead,
used by import_files). What must hold: every file gets its own pages, whatever
was sent ahead; a file sent ahead and then not wanted, or one that kills the
child, costs a restart and nothing else; a copy in the same batch is not read
at all; a cancel does not wait for a file read ahead.

Fixtures: PDFs of reportlab text (casefile.sample_pdfs.text_pdf), each page
with its file's name and page number in words, so every page read can be
matched to the file and page it came from.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from sqlalchemy import select

from casefile.ingest import CancelToken, import_files
from casefile.ingest.extract import Unreadable
from casefile.ingest.worker import Reader
from casefile.sample_pdfs import text_pdf
from casefile.store import CaseFile
from casefile.store.models import Document, DocumentPage


def _pdf(folder, name, pages):
    path = folder / f"{name}.pdf"
    path.write_bytes(text_pdf(name, [[f"{name} page {p + 1}."] for p in range(pages)]))
    return path


def _read(reader, path):
    pages = []
    reader.extract("application/pdf", path, lambda *page: pages.append(page[:2]))
    return pages


class SpyReader(Reader):
    """A real Reader that notes which files the import sent ahead."""

    def __init__(self):
        super().__init__()
        self.sent_ahead = []

    def read_ahead(self, kind, path, **kwargs):
        self.sent_ahead.append(path.name)
        super().read_ahead(kind, path, **kwargs)


@pytest.fixture
def case(new_case):
    with CaseFile.open(new_case) as opened:
        yield opened


def test_a_file_read_ahead_is_taken_with_its_own_pages(tmp_path):
    one, two = _pdf(tmp_path, "One", 3), _pdf(tmp_path, "Two", 4)
    with Reader() as reader:
        assert [p for p, _ in _read(reader, one)] == [1, 2, 3]
        reader.read_ahead("application/pdf", two)
        assert reader.reading_ahead
        time.sleep(0.5)  # the child reads it meanwhile; its pages wait in the pipe
        pages = _read(reader, two)
        assert not reader.reading_ahead
        assert [p for p, _ in pages] == [1, 2, 3, 4]
        assert all(f"Two page {n}." in text for n, text in pages)


def test_a_file_read_ahead_and_not_wanted_costs_a_restart(tmp_path):
    sent, wanted = _pdf(tmp_path, "Sent", 5), _pdf(tmp_path, "Wanted", 2)
    with Reader() as reader:
        reader.read_ahead("application/pdf", sent)
        first = reader._process.pid
        pages = _read(reader, wanted)
        assert [(n, f"Wanted page {n}." in text) for n, text in pages] == [(1, True), (2, True)]
        assert reader._process.pid != first  # the child reading "Sent" was replaced


def test_a_child_killed_while_reading_ahead_costs_that_file(tmp_path):
    big, after = _pdf(tmp_path, "Big", 30), _pdf(tmp_path, "After", 1)
    with Reader() as reader:
        _read(reader, after)  # the child is up
        reader.read_ahead("application/pdf", big)
        os.kill(reader._process.pid, signal.SIGKILL)
        with pytest.raises(Unreadable, match="crashed"):
            _read(reader, big)
        assert not reader.reading_ahead
        assert [p for p, _ in _read(reader, big)] == list(range(1, 31))


def test_an_import_reads_each_next_file_ahead_and_skips_copies(case, tmp_path):
    a, b, c = (_pdf(tmp_path, n, 3) for n in ("Alpha", "Bravo", "Charlie"))
    copy = tmp_path / "Bravo copy.pdf"
    copy.write_bytes(b.read_bytes())
    note = tmp_path / "note.txt"
    note.write_text("A plain note.", encoding="utf-8")
    spy = SpyReader()
    try:
        report = import_files(case, [a, b, copy, c, note], reader=spy)
    finally:
        spy.close()
    assert [(r.name, r.status) for r in report.results] == [
        ("Alpha.pdf", "added"), ("Bravo.pdf", "added"), ("Bravo copy.pdf", "duplicate"),
        ("Charlie.pdf", "added"), ("note.txt", "added")]
    # Alpha is read in its turn and sends Bravo ahead; the copy of Bravo is
    # known to Bravo's transaction, so it is not sent; the copy reads nothing,
    # so Charlie is read in its own turn and sends the note ahead.
    assert spy.sent_ahead == ["Bravo.pdf", "note.txt"]
    with case.reading() as s:
        rows = s.execute(select(Document.name, DocumentPage.page_no, DocumentPage.text)
                         .join(DocumentPage).order_by(Document.id, DocumentPage.page_no)).all()
    for name, page_no, text in rows:
        if name.endswith(".pdf"):
            assert f"{name[:-4]} page {page_no}." in text, (name, page_no, text)
    assert [r for r in rows if r.name == "note.txt"][0].text == "A plain note."
    assert len(rows) == 10


def test_a_cancel_does_not_wait_for_the_file_read_ahead(case, tmp_path):
    files = [_pdf(tmp_path, f"Doc{n}", 40) for n in range(3)]
    token = CancelToken()

    def progress(done, total, note):
        if done == 1:
            token.cancel()

    spy = SpyReader()
    try:
        start = time.monotonic()
        report = import_files(case, files, progress=progress, cancel=token, reader=spy)
        assert report.cancelled
        assert spy.sent_ahead == ["Doc1.pdf"]
        # The caller's reader is left free: the file sent ahead is dropped.
        assert not spy.reading_ahead
        assert [p for p, _ in _read(spy, files[2])][-1] == 40
        assert time.monotonic() - start < 60
    finally:
        spy.close()
    assert [r.status for r in report.results] == ["added"]


def test_closing_a_reader_with_a_file_read_ahead_kills_it(tmp_path):
    # A child still sending pages no one takes cannot hear a polite end.
    big = _pdf(tmp_path, "Long", 200)
    reader = Reader()
    reader.read_ahead("application/pdf", big)
    child = reader._process
    reader.close()
    assert child.exitcode == -signal.SIGKILL
