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
from casefile.ingest.worker import AHEAD_PER_CHILD, Reader
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
    """A real Reader that notes which files the import sent ahead, and to which
    child."""

    def __init__(self, children=2):
        super().__init__(children=children)
        self.sent_ahead = []
        self.pids = []
        self.most_ahead = 0  # files read ahead at once

    def read_ahead(self, kind, path, **kwargs):
        sent = super().read_ahead(kind, path, **kwargs)
        if sent:
            self.sent_ahead.append(path.name)
            self.pids.append(self._process.pid)
            self.most_ahead = max(self.most_ahead, len(self._ahead))
        return sent


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
        # Both children were reading ahead (Doc1 and Doc2) when the cancel came.
        assert spy.sent_ahead == ["Doc1.pdf", "Doc2.pdf"]
        assert len(set(spy.pids)) == 2
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


# --- two readers (issue 21 item 4) ---------------------------------------------------


def test_one_reader_per_core_and_never_more_than_two():
    from casefile.ingest.worker import readers_for

    assert [readers_for(n) for n in (None, 1, 2, 4, 64)] == [1, 1, 2, 2, 2]


def _encrypted(folder, name):
    import pikepdf

    plain = _pdf(folder, f"{name}-plain", 2)
    path = folder / f"{name}.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    plain.unlink()
    return path


def _everything(case):
    """Every document's name, pages and privacy findings as stored, in order."""
    from casefile.store.models import PrivacyCheck, PrivacyFinding

    with case.reading() as s:
        pages = s.execute(select(Document.name, DocumentPage.page_no, DocumentPage.text,
                                 DocumentPage.bates).join(DocumentPage)
                          .order_by(Document.id, DocumentPage.page_no)).all()
        findings = s.execute(select(Document.name, PrivacyFinding.kind, PrivacyFinding.page,
                                    PrivacyFinding.rule, PrivacyFinding.text)
                             .join(PrivacyCheck, PrivacyCheck.blob_id == Document.blob_id)
                             .join(PrivacyFinding)
                             .order_by(Document.id, PrivacyFinding.id)).all()
        documents = s.execute(select(Document.id, Document.name, Document.page_count,
                                     Document.encrypted).order_by(Document.id)).all()
    return [tuple(r) for r in documents], [tuple(r) for r in pages], \
        [tuple(r) for r in findings]


def test_two_readers_give_the_same_import_as_one_in_the_same_order(new_case, tmp_path):
    # Files of different lengths, so the two children finish out of turn; a broken
    # one and a password-protected one among them, each with its own sentence.
    files = [_pdf(tmp_path, "Alpha", 12), _pdf(tmp_path, "Bravo", 1),
             _pdf(tmp_path, "Charlie", 7)]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nThis is not really a PDF at all.\n")
    files += [broken, _encrypted(tmp_path, "Locked"), _pdf(tmp_path, "Delta", 3),
              _pdf(tmp_path, "Echo", 25), _pdf(tmp_path, "Foxtrot", 2)]
    outcomes = {}
    for children in (1, 2):
        path = tmp_path / f"with-{children}"
        CaseFile.create(path, auto_backup=False).close()
        spy = SpyReader(children=children)
        try:
            with CaseFile.open(path.with_suffix(".casefile")) as case:
                report = import_files(case, files, reader=spy)
                outcomes[children] = [r.line() for r in report.results], _everything(case)
        finally:
            spy.close()
        # Each child was given AHEAD_PER_CHILD files ahead at once.
        assert spy.most_ahead == children * AHEAD_PER_CHILD
        assert len(set(spy.pids)) == children
    assert outcomes[2] == outcomes[1]
    lines = outcomes[2][0]
    assert [line.split()[:2] for line in lines] == [
        ["added", "Alpha.pdf"], ["added", "Bravo.pdf"], ["added", "Charlie.pdf"],
        ["failed", "broken.pdf:"], ["added", "Locked.pdf:"], ["added", "Delta.pdf"],
        ["added", "Echo.pdf"], ["added", "Foxtrot.pdf"]]
    assert "encrypted: cannot be filed until unlocked" in lines[4]
    _documents, pages, _findings = outcomes[2][1]
    for name, page_no, text, _bates in pages:
        assert f"{name[:-4]} page {page_no}." in text, (name, page_no, text)
    assert len(pages) == 12 + 1 + 7 + 3 + 25 + 2


def test_a_child_killed_costs_its_own_file_not_the_one_the_other_reads(tmp_path):
    one, two = _pdf(tmp_path, "One", 5), _pdf(tmp_path, "Two", 6)
    with Reader(children=2) as reader:
        reader.read_ahead("application/pdf", one)
        first = reader._process
        reader.read_ahead("application/pdf", two)
        second = reader._process
        assert first.pid != second.pid
        os.kill(first.pid, signal.SIGKILL)
        with pytest.raises(Unreadable, match="crashed"):
            _read(reader, one)
        pages = _read(reader, two)
        assert [(n, f"Two page {n}." in text) for n, text in pages] == \
            [(n, True) for n in range(1, 7)]
        assert second.is_alive()  # it was not restarted: its file was kept
        assert [p for p, _ in _read(reader, one)] == [1, 2, 3, 4, 5]


def test_a_file_asked_for_out_of_turn_drops_only_those_sent_before_it(tmp_path):
    skipped, wanted = _pdf(tmp_path, "Skipped", 4), _pdf(tmp_path, "Wanted", 3)
    with Reader(children=2) as reader:
        reader.read_ahead("application/pdf", skipped)
        dropped = reader._process
        reader.read_ahead("application/pdf", wanted)
        kept = reader._process
        pages = _read(reader, wanted)
        assert [(n, f"Wanted page {n}." in text) for n, text in pages] == \
            [(1, True), (2, True), (3, True)]
        assert kept.is_alive() and not dropped.is_alive()
        assert not reader.reading_ahead


def test_a_file_behind_an_unwanted_one_in_its_childs_queue_is_read_again(tmp_path):
    """One child, two files sent ahead to it: asking for the second first kills
    the child (it would read the first, which no one takes) and reads the second
    afresh, with its own pages."""
    skipped, wanted = _pdf(tmp_path, "Skipped", 4), _pdf(tmp_path, "Wanted", 3)
    with Reader(children=1) as reader:
        assert reader.read_ahead("application/pdf", skipped)
        first = reader._process
        assert reader.read_ahead("application/pdf", wanted)
        assert reader._process is first  # both in the one child's queue
        pages = _read(reader, wanted)
        assert [(n, f"Wanted page {n}." in text) for n, text in pages] == \
            [(1, True), (2, True), (3, True)]
        assert not first.is_alive() and reader._process is not first
        assert not reader.reading_ahead


def test_two_files_ahead_in_each_child_are_taken_in_the_order_sent(tmp_path):
    files = [_pdf(tmp_path, f"File{n}", n + 1) for n in range(4)]
    with Reader(children=2) as reader:
        for path in files:
            assert reader.read_ahead("application/pdf", path)
        assert not reader.can_read_ahead  # two children, two files each
        pids = {reader._ahead[n][1].process.pid for n in range(4)}
        assert len(pids) == 2
        for n, path in enumerate(files):
            pages = _read(reader, path)
            assert [(p, f"File{n} page {p}." in text) for p, text in pages] == \
                [(p, True) for p in range(1, n + 2)]
        assert {c.process.pid for c in reader._children} == pids  # none restarted


def test_a_child_reads_ahead_past_what_the_pipe_holds_and_no_further_than_its_bound():
    import multiprocessing
    import threading

    from casefile.ingest.worker import _Outbox

    parent, child = multiprocessing.Pipe()
    outbox = _Outbox(child, 1_000_000)
    page = "x" * 50_000
    started = time.monotonic()
    for n in range(15):  # 750 KB: a pipe alone takes about 64 KB before a send waits
        outbox.put("page", n, page, True, False)
    assert time.monotonic() - started < 5
    late = threading.Thread(target=outbox.put, args=("page", 99, page * 10, True, False),
                            daemon=True)
    late.start()
    late.join(0.5)
    assert late.is_alive()  # past the bound it waits for the app to take pages
    got = [parent.recv()[1] for _ in range(16)]
    late.join(5)
    assert not late.is_alive()
    assert got == [*range(15), 99]
