"""The exhibits view and the bundle dialog on the demo case: labels shown, exhibits added,
retitled, reordered and removed in the case file and relabelled, each edit undone and
redone, bundles previewed, built and cancelled."""

from __future__ import annotations

import dataclasses
import subprocess
import threading
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import need_tool, unavailable

try:
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QLabel, QMessageBox

    from ui.bundle_dialog import BundleDialog, fitted
    from ui.exhibit_dialogs import AddExhibitDialog, Chosen
    from ui.exhibits_view import ExhibitsView
    from ui.worker import CaseWorker, Job
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"
SET = "Rivera Declaration exhibits"
ICE, DHS, ACK, RELEASE_LETTER, PAGES = (
    "FOIA request to ICE dated June 18, 2020",
    "FOIA request to DHS dated June 18, 2020",
    "ICE acknowledgment letter dated June 25, 2020",
    "ICE first interim release letter dated January 15, 2021",
    "Pages ICE-2020-000007 to ICE-2020-000010 of the first interim release",
)



@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both



@pytest.fixture
def case(demo_case):
    from casefile.store import CaseFile

    opened = CaseFile.open(demo_case)
    yield opened
    opened.close()


@pytest.fixture
def worker():
    w = CaseWorker()
    yield w
    w.cancel_all()
    w.wait(10_000)


@pytest.fixture
def undo(qapp):
    return QUndoStack()


@pytest.fixture
def view(qtbot, worker, case, undo, monkeypatch):
    # A warning no test expects fails it, rather than waiting for a click that never comes.
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(a[2]))
    v = ExhibitsView(worker, undo)
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.set_case(case)
    v.show()
    qtbot.waitExposed(v)
    return v


def in_case_file(case) -> list[tuple[int, str, str]]:
    """(position, label, title) as a fresh session reads them from the file."""
    from casefile.exhibits import find_set

    with case.reading() as s:
        return [(e.position, e.label, e.title) for e in find_set(s, SET).exhibits]


def shown(view) -> list[tuple[str, str]]:
    model = view.model
    return [(model.row(n).label, model.row(n).title) for n in range(model.rowCount())]


def test_the_demo_exhibits_show_with_labels_pages_and_paragraph(view, qtbot, qtmodeltester):
    qtmodeltester.check(view.model)
    assert view.sets.currentText() == SET
    assert shown(view) == [("Ex. 1", ICE), ("Ex. 2", DHS), ("Ex. 3", ACK),
                           ("Ex. 4", RELEASE_LETTER), ("Ex. 5", PAGES)]
    assert view.model.data(view.model.index(4, 3)) == "7-10 (4 of 12)"
    assert view.model.data(view.model.index(0, 3)) == "All (2)"
    assert view.paragraph.text() == ("Attached as Exhibit 1 is a true and correct copy of the "
                                     "FOIA request to ICE dated June 18, 2020.")
    view.table.selectRow(4)
    assert view.paragraph.text().startswith("Attached as Exhibit 5 is a true and correct copy "
                                            "of pages ICE-2020-000007")
    # A double-click opens the exhibit's document at its first selected page.
    rect = view.table.visualRect(view.model.index(4, 1))
    with qtbot.waitSignal(view.open_document) as opened:
        # QTest's double-click lacks the press before it that a real one has.
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [view.model.row(4).document_id, 7]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SCREENSHOTS / "exhibits.png"))


def test_a_drop_moves_the_exhibit_in_the_case_file_and_relabels(view, case, qtbot):
    model = view.model
    data = model.mimeData([model.index(0, 1)])
    with qtbot.waitSignal(view.changed):
        # What QTableView does on a drop between the third and fourth rows.
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert in_case_file(case) == [(1, "1", DHS), (2, "2", ACK), (3, "3", ICE),
                                  (4, "4", RELEASE_LETTER), (5, "5", PAGES)]
    assert shown(view)[:3] == [("Ex. 1", DHS), ("Ex. 2", ACK), ("Ex. 3", ICE)]
    assert view.table.currentIndex().row() == 2
    assert view.paragraph.text().startswith("Attached as Exhibit 3 is a true and correct copy "
                                            "of the FOIA request to ICE")
    # Dropped below the last row: it goes to the end.
    model.dropMimeData(model.mimeData([model.index(0, 0)]), Qt.DropAction.MoveAction, -1, -1,
                       QModelIndex())
    assert [title for _, _, title in in_case_file(case)] == [ACK, ICE, RELEASE_LETTER, PAGES,
                                                             DHS]


def test_ctrl_down_and_ctrl_up_move_the_selected_exhibit(view, case, qtbot):
    view.activateWindow()
    view.table.setFocus()
    view.table.selectRow(1)
    with qtbot.waitSignal(view.status) as said:
        qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [title for _, _, title in in_case_file(case)] == [ICE, ACK, DHS, RELEASE_LETTER,
                                                             PAGES]
    assert said.args == [f"“{DHS}” is now Ex. 3; the labels of the set follow its order."]
    assert view.table.currentIndex().row() == 2
    qtbot.keyClick(view.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert in_case_file(case)[0] == (1, "1", DHS)
    assert not view.up_action.isEnabled()  # already first


def test_delete_removes_the_exhibit_after_asking(view, case, qtbot, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: answers.pop(0))
    view.activateWindow()
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert len(in_case_file(case)) == 5
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert in_case_file(case) == [(1, "1", DHS), (2, "2", ACK), (3, "3", RELEASE_LETTER),
                                  (4, "4", PAGES)]
    assert shown(view)[0] == ("Ex. 1", DHS)


def test_a_read_only_case_shows_its_exhibits_but_does_not_edit_them(qtbot, worker,
                                                                   demo_case):
    from casefile.store import CaseFile

    with CaseFile.open(demo_case, read_only=True) as case:
        view = ExhibitsView(worker)
        qtbot.addWidget(view)
        view.set_case(case)
        model = view.model
        assert model.rowCount() == 5
        assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
        assert not model.dropMimeData(model.mimeData([model.index(0, 0)]),
                                      Qt.DropAction.MoveAction, 3, 0, QModelIndex())
        assert not (view.up_action.isEnabled() or view.down_action.isEnabled()
                    or view.remove_action.isEnabled() or view.add_action.isEnabled())
        assert view.open_add_dialog() is None
        assert view.title_edit.isReadOnly() and view.pages_edit.isReadOnly()
        view.title_edit.setText("Changed")
        view.title_edit.editingFinished.emit()
        assert shown(view)[0] == ("Ex. 1", ICE)
        assert view.bundle_action.isEnabled()  # building only reads the case
        view.set_case(None)


# --- adding, editing, undoing -------------------------------------------------------------


def _focus_table(view, row: int) -> None:
    view.activateWindow()
    view.table.setFocus()
    view.table.selectRow(row)


def test_add_exhibit_picks_a_document_checks_its_pages_and_selects_the_new_exhibit(
        view, case, undo, qtbot):
    _focus_table(view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = view.findChild(AddExhibitDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.documents.rowCount() == 5 and dialog.count.text() == "5 documents."
    qtbot.keyClicks(dialog.filter, "acknowledg")
    qtbot.waitUntil(lambda: dialog.documents.rowCount() == 1)  # after typing pauses
    cells = [dialog.documents.item(0, c).text() for c in range(4)]
    assert cells == ["2020-06-25 ICE acknowledgment.pdf", "1", "PDF document", "Ex. 3"]
    assert dialog.title.text() == "2020-06-25 ICE acknowledgment"  # the file's name
    dialog.title.setText("ICE acknowledgment letter, as received by fax")
    dialog.pages.setText("1-2")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    # Refused in the dialog, in the sentence the case file would give; nothing added.
    assert dialog.isVisible()
    assert dialog.error.text() == "Page 2 is past the end of the document (1 page)."
    assert len(in_case_file(case)) == 5 and undo.count() == 0
    dialog.pages.setText("1")
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    title = "ICE acknowledgment letter, as received by fax"
    assert in_case_file(case)[-1] == (6, "6", title)
    assert shown(view)[-1] == ("Ex. 6", title)
    assert view.table.currentIndex().row() == 5
    assert view.model.data(view.model.index(5, 3)) == "1 (1 of 1)"
    assert view.title_edit.text() == title
    assert undo.count() == 1


def test_the_document_list_shows_a_large_case_a_few_at_a_time(view, qtbot, monkeypatch):
    import ui.exhibit_dialogs

    monkeypatch.setattr(ui.exhibit_dialogs, "SHOWN", 2)
    dialog = view.open_add_dialog()
    assert dialog.documents.rowCount() == 2
    assert dialog.count.text() == ("The first 2 of 5 documents, by name; type to find the "
                                   "others.")
    dialog.filter.setText("no such document")
    dialog.refilter()
    assert dialog.documents.rowCount() == 0 and not dialog.add_button.isEnabled()
    assert dialog.count.text() == "No document matches."
    dialog.reject()


def test_undo_takes_an_added_exhibit_out_and_redo_puts_it_back_under_its_id(view, case,
                                                                           undo):
    from casefile.exhibits import find_set

    set_id = view.set_id()
    with case.reading() as s:
        release = find_set(s, SET).exhibits[4].document_id  # 12 pages
    assert view.add(set_id, Chosen(release, "Page 12 of the first interim release", "12"))
    added_id = view.model.row(5).id
    view.title_edit.setText("The last page of the first interim release")
    view.title_edit.editingFinished.emit()
    assert undo.count() == 2
    undo.undo()
    undo.undo()
    assert [label for label, _ in shown(view)] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4", "Ex. 5"]
    assert len(in_case_file(case)) == 5
    assert view.table.currentIndex().row() == 4  # the last one left
    undo.redo()
    undo.redo()  # the title change finds the exhibit made again: it has the same id
    assert view.model.row(5).id == added_id
    assert shown(view)[-1] == ("Ex. 6", "The last page of the first interim release")
    assert view.model.data(view.model.index(5, 3)) == "12 (1 of 12)"


def test_a_title_and_pages_typed_in_the_panel_are_saved_and_can_be_undone(view, case, undo,
                                                                         qtbot):
    view.table.selectRow(4)
    view.title_edit.setFocus()
    view.title_edit.setText("Pages 7 to 9 of the first interim release")
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.title_edit, Qt.Key.Key_Return)
    assert in_case_file(case)[4] == (5, "5", "Pages 7 to 9 of the first interim release")
    assert view.paragraph.text() == ("Attached as Exhibit 5 is a true and correct copy of "
                                     "pages 7 to 9 of the first interim release.")
    view.pages_edit.setFocus()
    view.pages_edit.setText(" 7 - 9 ")
    qtbot.keyClick(view.pages_edit, Qt.Key.Key_Return)
    assert view.model.data(view.model.index(4, 3)) == "7-9 (3 of 12)"
    assert view.pages_edit.text() == "7-9"  # as stored
    assert [undo.text(n) for n in range(undo.count())] == ["Change the title of Ex. 5",
                                                           "Change the pages of Ex. 5"]
    undo.undo()
    assert view.model.data(view.model.index(4, 3)) == "7-10 (4 of 12)"
    assert view.pages_edit.text() == "7-10"
    undo.undo()
    assert shown(view)[4] == ("Ex. 5", PAGES) and view.title_edit.text() == PAGES


def _saved_by_someone_else(case, position: int, **changes) -> None:
    """Another user's save of an exhibit, after the view listed it."""
    from casefile.exhibits import find_set, update_exhibit

    with case.transaction() as s:
        update_exhibit(s, find_set(s, SET).exhibits[position - 1], **changes)


def test_a_title_typed_over_someone_elses_save_offers_both_titles(view, case, undo, qtbot):
    """Issue 20: the panel's save checks the version the list showed. A title both
    changed is offered side by side and theirs is kept until the user picks their own;
    their pages, changed only by them, stay."""
    view.table.selectRow(4)
    _saved_by_someone_else(case, 5, title="Maria's title", page_selection="7-8")
    view.title_edit.setFocus()
    view.title_edit.setText("My title")
    qtbot.keyClick(view.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.conflict_dialog is not None, timeout=10_000)
    assert view.conflict_dialog.shown("title") == ("My title", "Maria's title")
    assert in_case_file(case)[4][2] == "Maria's title"  # nothing written yet
    view.conflict_dialog.choose_mine("title")
    with qtbot.waitSignal(view.changed):
        view.conflict_dialog.accept()
    assert in_case_file(case)[4][2] == "My title"
    assert view.model.data(view.model.index(4, 3)) == "7-8 (2 of 12)"  # their pages kept
    undo.undo()  # back to theirs
    assert in_case_file(case)[4][2] == "Maria's title"


def test_a_title_typed_after_someone_else_changed_only_the_pages_is_saved_beside_theirs(
        view, case, undo, qtbot):
    view.table.selectRow(4)
    _saved_by_someone_else(case, 5, page_selection="7-8")
    view.title_edit.setFocus()
    view.title_edit.setText("My title")
    qtbot.keyClick(view.title_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: in_case_file(case)[4][2] == "My title", timeout=10_000)
    assert view.conflict_dialog is None
    assert view.model.data(view.model.index(4, 3)) == "7-8 (2 of 12)"


def test_an_empty_title_or_impossible_pages_are_refused_with_their_sentence(
        view, case, undo, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    view.table.selectRow(4)
    view.title_edit.setFocus()
    view.title_edit.clear()
    qtbot.keyClick(view.title_edit, Qt.Key.Key_Return)
    view.pages_edit.setText("9-20")
    qtbot.keyClick(view.pages_edit, Qt.Key.Key_Return)
    assert warnings == ["An exhibit needs a title (\"Letter from ICE dated June 25, 2020\").",
                        "Page 20 is past the end of the document (12 pages)."]
    # The panel shows what the case holds again; nothing changed, nothing to undo.
    assert view.title_edit.text() == PAGES and view.pages_edit.text() == "7-10"
    assert in_case_file(case)[4] == (5, "5", PAGES)
    assert undo.count() == 0


def test_delete_in_the_title_box_deletes_a_letter_not_the_exhibit(view, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: pytest.fail("the exhibit's removal was asked for"))
    view.activateWindow()
    view.title_edit.setFocus()
    view.title_edit.setCursorPosition(0)
    qtbot.keyClick(view.title_edit, Qt.Key.Key_Delete)
    assert view.title_edit.text() == ICE[1:]


def test_undo_moves_an_exhibit_back_and_redo_moves_it_again(view, case, undo, qtbot):
    _focus_table(view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    model = view.model
    model.dropMimeData(model.mimeData([model.index(4, 0)]), Qt.DropAction.MoveAction, 0, 0,
                       QModelIndex())
    assert shown(view) == [("Ex. 1", PAGES), ("Ex. 2", DHS), ("Ex. 3", ICE), ("Ex. 4", ACK),
                           ("Ex. 5", RELEASE_LETTER)]
    assert undo.count() == 2
    undo.undo()  # the drop
    assert shown(view) == [("Ex. 1", DHS), ("Ex. 2", ICE), ("Ex. 3", ACK),
                           ("Ex. 4", RELEASE_LETTER), ("Ex. 5", PAGES)]
    assert view.table.currentIndex().row() == 4  # the exhibit moved back, selected
    undo.undo()  # Ctrl+Down
    assert [title for _, _, title in in_case_file(case)] == [ICE, DHS, ACK, RELEASE_LETTER,
                                                             PAGES]
    assert view.paragraph.text().startswith("Attached as Exhibit 1 is a true and correct copy "
                                            "of the FOIA request to ICE")
    undo.redo()
    assert in_case_file(case)[:2] == [(1, "1", DHS), (2, "2", ICE)]
    assert shown(view)[:2] == [("Ex. 1", DHS), ("Ex. 2", ICE)]


def test_undo_puts_a_removed_exhibit_back_at_its_place_with_its_title_and_pages(
        view, case, undo, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    def listed():  # the rows as shown, less their versions (a put-back row is saved anew)
        return [dataclasses.replace(view.model.row(n), row_version=0) for n in range(5)]

    before = listed()
    _focus_table(view, 4)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    _focus_table(view, 1)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert shown(view) == [("Ex. 1", ICE), ("Ex. 2", ACK), ("Ex. 3", RELEASE_LETTER)]
    assert view.table.currentIndex().row() == 1  # what took its place
    undo.undo()
    assert shown(view)[1] == ("Ex. 2", DHS) and view.table.currentIndex().row() == 1
    assert shown(view)[2] == ("Ex. 3", ACK)  # relabelled back
    undo.undo()
    assert listed() == before  # ids, titles, pages and all
    assert in_case_file(case)[4] == (5, "5", PAGES)
    undo.redo()
    assert shown(view)[-1] == ("Ex. 4", RELEASE_LETTER)


def _dialog(view, qtbot, out: Path):
    view.activateWindow()
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = view.findChild(BundleDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.folder.setText(str(out))
    return dialog


def _finish(dialog, qtbot) -> None:
    qtbot.waitUntil(lambda: dialog.job is None, timeout=15_000)


def test_a_bundle_previewed_and_built_from_the_view_passes_qpdf(view, qtbot, tmp_path):
    need_tool("qpdf")
    out = tmp_path / "out"
    dialog = _dialog(view, qtbot, out)
    dialog.resize(1200, 760)
    qtbot.waitExposed(dialog)
    dialog.bates_prefix.setText("PLTF-")
    dialog.slip_sheets.setChecked(False)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    _finish(dialog, qtbot)
    assert [label for _, label in dialog.preview_shown.pages] == ["i", "Ex. 1-1", "Ex. 1-2"]
    dialog.slip_sheets.setChecked(True)
    assert dialog.preview_shown is None and dialog.placeholder.isVisible()  # out of date
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    _finish(dialog, qtbot)
    preview = dialog.preview_shown
    assert [label for _, label in preview.pages] == ["i", "Ex. 1", "Ex. 1-1"]
    assert preview.total == 16 and not out.exists()  # the preview writes nothing there
    qtbot.waitUntil(lambda: len(dialog.findChildren(QLabel, "page")) == 3)  # old ones gone
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    _finish(dialog, qtbot)
    [output] = dialog.report.outputs
    pdf = out / f"{SET}.pdf"
    assert output.path == pdf
    done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    with pikepdf.open(pdf) as opened:
        assert len(opened.pages) == 1 + 5 + 10  # index, slip sheets, exhibit pages
    assert f"{SET}.pdf — 16 pages" in dialog.report_view.toPlainText()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "bundle-dialog.png"))
    opened_urls = []
    dialog.opener = opened_urls.append
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened_urls] == [str(out)]


def test_cancel_right_after_build_writes_nothing(view, worker, qtbot, tmp_path):
    out = tmp_path / "out"
    dialog = _dialog(view, qtbot, out)
    release = threading.Event()
    worker.submit(Job("Holding the worker", lambda _p, _c: release.wait(10)))
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    _finish(dialog, qtbot)
    assert dialog.note.text() == "Cancelled; no file was written."
    assert dialog.report is None and not out.exists()


def test_esc_during_a_build_hides_the_dialog_at_once_and_cancels(view, worker, qtbot,
                                                                 tmp_path):
    out = tmp_path / "out"
    dialog = _dialog(view, qtbot, out)
    release = threading.Event()
    worker.submit(Job("Holding the worker", lambda _p, _c: release.wait(10)))
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()  # not kept waiting behind the other job
    with qtbot.waitSignal(dialog.finished, timeout=15_000):
        release.set()
    assert not out.exists()


def test_a_cancel_during_a_build_leaves_no_part_of_a_bundle(view, worker, qtbot, tmp_path):
    """The build runs in a child process; Cancel at its first step either stops it
    with nothing written, or (a small set can finish first) comes too late and
    the report shows the whole files: never a part of one. Where in the build a
    cancel may land is pinned by tests/test_bundles.py, step by step."""
    out = tmp_path / "out"
    dialog = _dialog(view, qtbot, out)
    dialog.per_exhibit.setChecked(True)
    worker.progress.connect(lambda *_: dialog.job and dialog.job.cancel.cancel())
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    _finish(dialog, qtbot)
    written = sorted(out.iterdir()) if out.exists() else []
    if dialog.report is None:
        assert dialog.note.text() == "Cancelled; no file was written."
        assert written == []
    else:
        assert {o.path for o in dialog.report.outputs} <= set(written)
        assert not [p for p in written if p.name.startswith(".")]  # no hidden partial folder


def test_the_bundle_dialog_fits_a_1024_by_768_screen(view, qtbot, tmp_path):
    dialog = _dialog(view, qtbot, tmp_path / "out")
    # As large as the screen allows (the preview's pages must be readable), and on
    # a 1024x768 screen less its task bar, within 1000x700.
    area = dialog.screen().availableGeometry()
    assert (dialog.width(), dialog.height()) == fitted(area.width(), area.height())
    width, height = fitted(1024, 768 - 40)
    assert width <= 1000 and height <= 700
    dialog.report_box.show()  # as after a build: the options scroll before they overflow
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1000 and hint.height() <= 700
    dialog.resize(1000, 700)
    qtbot.waitUntil(lambda: dialog.options_scroll.viewport().width() > 0)
    # Every option whole in its column: none cut off at the right.
    assert (dialog.options_box.minimumSizeHint().width()
            <= dialog.options_scroll.viewport().width())
    assert dialog.rect().contains(dialog.build_button.geometry())


def test_an_unwritable_folder_is_one_sentence(view, qtbot, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    dialog = _dialog(view, qtbot, blocker / "bundle")
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    _finish(dialog, qtbot)
    [message] = warnings
    assert "bundle" in message and "Traceback" not in message and "\n" not in message
    assert dialog.report is None and dialog.build_button.isEnabled()
