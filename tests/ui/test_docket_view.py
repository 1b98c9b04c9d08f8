"""The docket view: the entries of an imported report, and the dates its orders set
accepted or set aside through the undo stack (the view calls casefile.docket only)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtGui import QUndoStack

    from ui.docket_view import DocketView
    from ui.worker import CaseWorker
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

CORPUS = Path(__file__).resolve().parents[1] / "docket_corpus"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"


@pytest.fixture
def case(fresh_case):
    """A case file and a case on a server (issue 20), each holding dcd.html's report."""
    from casefile.docket import import_docket

    import_docket(fresh_case, CORPUS / "dcd.html")
    return fresh_case


@pytest.fixture
def view(qtbot):
    worker = CaseWorker()
    undo = QUndoStack()
    v = DocketView(worker, undo)
    v.undo_stack = undo
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    yield v
    worker.wait()


def _deadlines(case):
    from casefile.deadlines.agenda import agenda

    with case.reading() as s:
        return [(i.due.isoformat(), i.title) for i in agenda(s, __import__("datetime").date(
            2025, 3, 1)).items]


def test_the_view_lists_the_entries_and_the_dates_waiting(qtbot, view, case):
    view.set_case(case)
    qtbot.waitUntil(lambda: view.entries.topLevelItemCount() == 10, timeout=15_000)
    assert view.proposals.topLevelItemCount() == 5
    assert view.entries.topLevelItem(4).text(0) == ""  # the minute order has no number
    assert view.entries.topLevelItem(5).text(0) == "5"
    assert "(5)" in view.proposals_title.text()
    assert not view.accept_action.isEnabled()  # nothing chosen yet
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SCREENSHOTS / "docket-view.png"))


def test_accepting_a_date_makes_a_deadline_and_undo_takes_it_back(qtbot, view, case):
    view.set_case(case)
    qtbot.waitUntil(lambda: view.proposals.topLevelItemCount() == 5, timeout=15_000)
    row = next(i for i in range(5) if "interim production" in
               view.proposals.topLevelItem(i).text(1))
    view.proposals.setCurrentItem(view.proposals.topLevelItem(row))
    assert view.accept_action.isEnabled()
    with qtbot.waitSignal(view.changed, timeout=15_000):
        view.accept_action.trigger()
    qtbot.waitUntil(lambda: view.proposals.topLevelItemCount() == 4, timeout=15_000)
    assert _deadlines(case) == [("2025-04-17",
                                 "Defendants shall make their first interim production")]
    view.undo_stack.undo()
    qtbot.waitUntil(lambda: view.proposals.topLevelItemCount() == 5, timeout=15_000)
    assert _deadlines(case) == []
    view.undo_stack.redo()
    qtbot.waitUntil(lambda: view.proposals.topLevelItemCount() == 4, timeout=15_000)
    assert len(_deadlines(case)) == 1


def test_an_import_from_the_view_says_what_a_file_is_not(qtbot, view, case, tmp_path):
    view.set_case(case)
    qtbot.waitUntil(lambda: view.entries.topLevelItemCount() == 10, timeout=15_000)
    said = []
    view.status.connect(said.append)
    page = tmp_path / "page.html"
    shutil.copyfile(CORPUS / "not-a-docket.html", page)
    with qtbot.waitSignal(view.changed, timeout=30_000):
        view.import_file(page)
    assert said and "is not a federal district court's PACER docket report" in said[-1]
    assert "stored as an ordinary document" in said[-1]
    assert view.entries.topLevelItemCount() == 10


def test_double_clicking_an_entry_with_its_document_asks_to_open_it(qtbot, view, tmp_path,
                                                                     fresh_case):
    from reportlab.pdfgen import canvas

    from casefile.docket import import_docket
    from casefile.ingest import import_files

    order = tmp_path / "order.pdf"
    c = canvas.Canvas(str(order))
    c.drawString(72, 770, "Case 1:25-cv-00031-ABJ Document 6 Filed 03/17/25 Page 1 of 1")
    c.save()
    import_files(fresh_case, [order], ocr=False)
    import_docket(fresh_case, CORPUS / "dcd.html")
    with fresh_case as case:
        view.set_case(case)
        qtbot.waitUntil(lambda: view.entries.topLevelItemCount() == 10, timeout=15_000)
        row = view.entries.topLevelItem(6)
        assert row.text(0) == "6" and row.text(3) == "1"
        with qtbot.waitSignal(view.open_document, timeout=5_000) as opened:
            view.entries.itemActivated.emit(row, 0)
        assert opened.args == [1, 1]
