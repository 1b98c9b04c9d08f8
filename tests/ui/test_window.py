"""The window, driven as an attorney drives it: open the demo case, edit an
entry and undo it, drop a file, search and open the hit, cancel a long job;
and refuse bad files kindly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from casefile.store import CaseFile
from casefile.store.models import Document, Record
from tests.conftest import unavailable


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


@pytest.fixture
def demo_file(demo_master, tmp_path) -> Path:
    """The demo as a case file only, for what only a file has (a lock another
    program takes, a file opened from the Finder)."""
    import shutil

    target = tmp_path / demo_master.name
    shutil.copyfile(demo_master, target)
    return target


try:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QDialog, QMessageBox

    from ui.main_window import SECTIONS
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"


def _show(window, key: str) -> None:
    """Go to a section, as a click in the navigator does (it reads the case then)."""
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))


def _settle(window, qtbot) -> None:
    """Let the worker finish and its queued results reach the UI thread."""
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)
    for view in window.lists.values():
        view.model.wait()
    window.vaughn.model.wait()


def test_every_table_model_passes_qt_model_tester(window, demo_case, qtmodeltester):
    assert window.open_case(demo_case)
    for key in (*window.lists, "vaughn"):
        _show(window, key)
    for view in [*window.lists.values(), window.vaughn.table]:
        qtmodeltester.check(view.model)


def test_the_demo_case_opens_with_every_section_and_each_is_captured(window, demo_case,
                                                                     qtbot):
    assert window.open_case(demo_case)
    # A file by its name; a case on a server by its database's.
    name = "IDP-v-DHS.casefile" if isinstance(demo_case, Path) else \
        make_url(demo_case).database
    assert window.windowTitle() == f"{name} — Casefile"
    assert "IMMIGRANT DEFENSE PROJECT" in window.matter_page.text()
    assert window.lists["requests"].model.rowCount() == 0  # read when first shown
    _show(window, "requests")
    assert window.lists["requests"].model.rowCount() == 2
    _show(window, "vaughn")
    assert window.vaughn.model.rowCount() == 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for row, (title, _icon, _key) in enumerate(SECTIONS):
        window.navigator.setCurrentRow(row)
        assert window.pages.currentIndex() == row
        qtbot.wait(30)
        window.grab().save(str(SCREENSHOTS / f"{row:02d}-{title.lower().replace(' ', '-')}.png"))


def test_the_matter_counts_lead_to_their_sections(window, demo_case):
    assert window.open_case(demo_case)
    assert "<a href='vaughn'>Vaughn entries</a>" in window.matter_page.text()
    window.matter_page.linkActivated.emit("vaughn")
    assert SECTIONS[window.navigator.currentRow()][2] == "vaughn"
    assert window.vaughn.model.rowCount() == 5  # read as it is shown


def test_the_welcome_screen_lists_the_cases_opened_before(window, demo_case, new_case):
    assert window.open_case(new_case)
    assert window.open_case(demo_case)
    window.close_case()
    assert window.body.currentWidget() is window.welcome
    listed = [window.recent_list.item(n).data(Qt.ItemDataRole.UserRole)
              for n in range(window.recent_list.count())]
    assert listed == [str(demo_case), str(new_case)]  # the newest first
    window.recent_list.itemActivated.emit(window.recent_list.item(1))
    assert window.case is not None and window.case.path == new_case


def test_no_two_live_shortcuts_share_a_key_in_any_section(window, demo_case, qtbot):
    """Qt runs neither of two shortcuts that match the same keys: each section's own
    keys must differ from the menus' and from each other. A shortcut that works only
    while the focus is in its widget (the Delete key of a list, Ctrl+S of an editor)
    competes only with those whose widgets overlap its own, and with window-wide keys."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QShortcut
    from PySide6.QtWidgets import QAbstractButton, QMenu, QToolButton

    scoped = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def overlap(a, b) -> bool:
        if a is None or b is None:  # window-wide: competes with everything shown
            return True
        return any(x is y or x.isAncestorOf(y) or y.isAncestorOf(x) for x in a for y in b)

    assert window.open_case(demo_case)
    qtbot.waitExposed(window)
    for row, (title, _icon, _key) in enumerate(SECTIONS):
        window.navigator.setCurrentRow(row)
        keys: dict[str, list[tuple[str, list | None]]] = {}

        def live(where: str, sequences, scope=None, keys=keys) -> None:
            for sequence in sequences:
                if not sequence.isEmpty():
                    keys.setdefault(sequence.toString(), []).append((where, scope))

        for action in window.findChildren(QAction):
            owners = action.associatedObjects()
            # Enabled or not: a disabled action is enabled when a row is chosen.
            if any(
                    isinstance(o, QMenu) or (hasattr(o, "isVisible") and o.isVisible())
                    for o in owners):
                widgets = [o for o in owners if not isinstance(o, QMenu | QAction)]
                in_menu = any(isinstance(o, QMenu) for o in owners)
                scope = widgets if action.shortcutContext() in scoped and not in_menu \
                    else None
                live(action.text(), action.shortcuts(), scope)
        for button in window.findChildren(QAbstractButton):
            by_action = isinstance(button, QToolButton) and button.defaultAction() is not None
            if button.isVisible() and not by_action:
                live(button.text(), [button.shortcut()])
        for shortcut in window.findChildren(QShortcut):
            if shortcut.parent().isVisible():
                scope = [shortcut.parent()] if shortcut.context() in scoped else None
                live(f"shortcut of {type(shortcut.parent()).__name__}", [shortcut.key()],
                     scope)
        clashes = {k: [w for w, _ in v] for k, v in keys.items()
                   if any(overlap(a[1], b[1]) for i, a in enumerate(v) for b in v[i + 1:])}
        assert not clashes, f"{title}: {clashes}"


def test_every_splitter_has_its_own_name_for_its_saved_state(window):
    from PySide6.QtWidgets import QSplitter

    names = [sp.objectName() for sp in window.findChildren(QSplitter)]
    assert all(names) and len(names) == len(set(names)), names


def test_a_letter_opens_its_attachment_in_the_documents_preview(window, demo_case):
    assert window.open_case(demo_case)
    _show(window, "correspondence")
    letters = window.lists["correspondence"]
    letters.activated.emit(letters.current_id())  # Enter or a double-click
    assert SECTIONS[window.navigator.currentRow()][2] == "documents"
    assert window.editors["documents"].heading.text() == "2020-06-18 FOIA request to ICE.pdf"


def test_a_letter_deleted_from_its_list_comes_back_with_undo(window, demo_case, qtbot):
    from casefile.store.models import Correspondence

    assert window.open_case(demo_case)
    _show(window, "correspondence")
    letters = window.lists["correspondence"]
    letters.select_id(letters.model.id_at(2))  # the acknowledgment
    letter_id = letters.current_id()

    def stored() -> bool:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return s.get(Correspondence, letter_id) is not None

    letters.view.setFocus()
    qtbot.keyClick(letters.view, Qt.Key.Key_Delete)
    assert not stored()
    letters.model.wait()
    assert letters.model.rowCount() == 4
    assert window.undo.undoText() == "Delete a letter"
    window.undo.undo()
    assert stored()
    letters.model.wait()
    assert letters.current_id() == letter_id
    # In the filter box, Delete deletes a character, not the letter.
    letters.filter.setText("ack")
    letters.filter.setFocus()
    letters.filter.setCursorPosition(0)
    qtbot.keyClick(letters.filter, Qt.Key.Key_Delete)
    assert letters.filter.text() == "ck" and stored()


def test_a_refused_undo_clears_the_history_instead_of_lying_about_the_case(
        window, demo_file, qtbot, monkeypatch):
    import sqlite3

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_file)
    _show(window, "correspondence")
    letters = window.lists["correspondence"]
    letter_id = letters.current_id()
    assert window.delete_row("correspondence")
    # Something outside the history takes the letter's place.
    raw = sqlite3.connect(demo_file)
    raw.execute("INSERT INTO correspondence (id, uuid, created_at, updated_at, direction, "
                "date, kind) SELECT ?, lower(hex(randomblob(16))), created_at, updated_at, "
                "direction, date, kind "
                "FROM correspondence LIMIT 1", (letter_id,))
    raw.commit()
    raw.close()
    window.undo.undo()
    assert shown == ["That cannot be put back: the case has changed in its place since. The "
                     "undo history is cleared: the case is as you see it now."]
    qtbot.waitUntil(lambda: window.undo.count() == 0)
    assert not window.undo.canRedo()


def test_deleting_keeps_the_section_and_moves_to_the_next_row(window, demo_case):
    assert window.open_case(demo_case)
    _show(window, "documents")  # read, so that a refresh reselects a document there
    _show(window, "requests")
    requests = window.lists["requests"]
    dialog = window.add_row("requests")
    dialog.form.inputs["subject"].setPlainText("Body-worn camera footage")
    dialog.accept()
    requests.model.wait()
    assert window.delete_row("requests")
    requests.model.wait()
    assert SECTIONS[window.navigator.currentRow()][2] == "requests"
    assert window.statusBar().currentMessage() == ("Deleted the request. Edit > Undo puts it "
                                                   "back.")
    assert requests.current_id() is not None  # a neighbour, not nothing


def test_the_last_row_deleted_leaves_its_editor_empty(window, demo_case):
    assert window.open_case(demo_case)
    _show(window, "declarations")
    from casefile.store.models import ExhibitSet

    with window.case.transaction() as s:
        s.scalar(select(ExhibitSet)).declaration = None  # so that it may be deleted
    window.lists["declarations"].reload()
    window.lists["declarations"].model.wait()
    assert window.delete_row("declarations")
    window.lists["declarations"].model.wait()
    editor = window.editors["declarations"]
    assert editor.row_id is None and not editor.isEnabled()


def test_a_vaughn_entry_is_deleted_and_put_back_with_its_claims(window, demo_case):
    from casefile.store.models import Withholding

    assert window.open_case(demo_case)
    _show(window, "vaughn")
    first = window.vaughn.table.current_id()

    def claims() -> int:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return s.scalar(select(func.count()).where(Withholding.record_id == first))

    assert claims() == 2
    assert window.vaughn.delete_entry()
    window.vaughn.model.wait()
    assert window.vaughn.model.rowCount() == 4 and claims() == 0
    window.undo.undo()
    window.vaughn.model.wait()
    assert window.vaughn.model.rowCount() == 5 and claims() == 2


def test_a_case_opened_in_the_finder_while_the_app_runs_is_opened(window, demo_file, qapp):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from ui.app import OpenFromFinder

    finder = OpenFromFinder(window, qapp)
    qapp.installEventFilter(finder)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(str(demo_file)))
    finally:
        qapp.removeEventFilter(finder)
    assert window.case is not None and window.case.path == demo_file


def test_a_production_lists_the_documents_it_delivered(window, demo_case):
    assert window.open_case(demo_case)
    _show(window, "productions")
    assert window.lists["productions"].model.rowCount() == 1
    produced = window.produced.model
    assert produced.rowCount() == 1
    assert produced.data(produced.index(0, 0)).startswith("ICE-2020-000001-000012")


def test_an_entry_is_edited_then_undone_and_redone(window, demo_case, qtbot):
    assert window.open_case(demo_case)
    _show(window, "vaughn")
    table = window.vaughn.table
    first = table.model.id_at(0)
    assert table.select_id(first)
    editor = window.vaughn.editor
    assert editor.record_id == first
    editor.inputs["doc_type"].setText("Memorandum to file")
    editor.inputs["doc_type"].editingFinished.emit()

    def doc_type() -> str | None:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return s.get(Record, first).doc_type

    assert doc_type() == "Memorandum to file"
    window.undo.undo()
    assert doc_type() != "Memorandum to file"
    window.undo.redo()
    assert doc_type() == "Memorandum to file"
    assert editor.inputs["doc_type"].text() == "Memorandum to file"


def test_an_entry_is_added_numbered_after_the_last_and_undone(window, demo_case, qtbot):
    assert window.open_case(demo_case)
    _show(window, "vaughn")

    def entries() -> list[str]:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return list(s.scalars(select(Record.entry_no).order_by(Record.position)))

    window.vaughn.add_action.trigger()
    window.vaughn.model.wait()
    assert entries() == ["1", "2", "3", "4", "5", "6"]
    assert window.vaughn.editor.heading.text() == "Entry 6"  # selected, ready to fill in
    window.undo.undo()
    window.vaughn.model.wait()
    assert entries() == ["1", "2", "3", "4", "5"]
    assert window.vaughn.model.rowCount() == 5
    window.undo.redo()
    assert entries()[-1] == "6"


def test_the_entrys_texts_are_saved_together_as_one_undo_step(window, demo_case):
    """Saving reloads the editor, so every box is read before anything is applied."""
    assert window.open_case(demo_case)
    _show(window, "vaughn")
    editor = window.vaughn.editor
    first = editor.record_id
    editor.inputs["description"].setPlainText("Email transmitting the target package.")
    editor.argument.setPlainText("The harm named is generic.")
    editor._commit_texts()

    def stored() -> tuple:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            record = s.get(Record, first)
            return record.description, record.challenge_argument

    assert stored() == ("Email transmitting the target package.",
                        "The harm named is generic.")
    window.undo.undo()
    assert stored()[1] is None and stored()[0] != "Email transmitting the target package."


def test_an_entrys_claims_are_changed_in_their_dialog_and_undone(window, demo_case,
                                                                   monkeypatch):
    from casefile.store.models import Withholding

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    _show(window, "vaughn")
    table = window.vaughn.table
    first = table.model.id_at(0)
    table.select_id(first)

    def claims() -> list[tuple]:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return [(w.exemption.label if w.exemption else None, w.justification, w.raw_text)
                    for w in s.scalars(select(Withholding).where(Withholding.record_id == first)
                                       .order_by(Withholding.position))]

    before = claims()
    dialog = window.vaughn.edit_claims()
    assert dialog.claims() == tuple(dialog.claims())  # read back as shown
    dialog.add_claim(None)
    row = dialog.table.rowCount() - 1
    combo = dialog.combo(row)
    combo.setCurrentIndex(combo.findText("(b)(6)"))  # claimed already
    dialog.accept()
    assert shown == ["(b)(6) is claimed twice: put its justifications in one row."]
    assert dialog.isVisible() and not window.undo.canUndo()
    combo.setCurrentIndex(combo.findText("(b)(5) DPP"))
    dialog.table.item(row, 1).setText("A draft of the operation's press guidance.")
    dialog.accept()
    after = claims()
    assert after[:-1] == before  # the agency's claims, its words kept
    assert after[-1] == ("(b)(5) DPP", "A draft of the operation's press guidance.", "b5-dp")
    assert "(b)(5) DPP</b> — A draft" in window.vaughn.editor.claims.text()
    assert window.undo.undoText() == "Change the claims of an entry"
    window.undo.undo()
    assert claims() == before
    window.undo.redo()
    assert claims() == after


def test_a_request_is_edited_beside_its_list_and_undone(window, demo_case):
    from casefile.store.models import FoiaRequest

    assert window.open_case(demo_case)
    _show(window, "requests")
    editor = window.editors["requests"]
    request_id = editor.row_id
    assert request_id == window.lists["requests"].current_id()
    editor.inputs["tracking_no"].setText("2020-ICFO-99999")
    editor.inputs["tracking_no"].editingFinished.emit()

    def tracking() -> str:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return s.get(FoiaRequest, request_id).tracking_no

    assert tracking() == "2020-ICFO-99999"
    assert window.undo.undoText() == "Change the tracking number of a request"
    window.undo.undo()
    assert tracking() != "2020-ICFO-99999"


def test_a_refused_edit_says_why_and_leaves_nothing_to_undo(window, demo_case, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    _show(window, "vaughn")
    table = window.vaughn.table
    table.select_id(table.model.id_at(0))
    window.vaughn.editor.inputs["entry_no"].setText("2")  # entry 2 exists
    window.vaughn.editor.inputs["entry_no"].editingFinished.emit()
    assert shown and "already has an entry 2" in shown[0]
    assert not window.undo.canUndo()


def test_ctrl_shift_n_adds_a_request_to_the_list_shown_and_undo_takes_it_back(
        window, demo_case, qtbot):
    from casefile.store.models import FoiaRequest

    assert window.open_case(demo_case)
    _show(window, "requests")
    window.activateWindow()
    window.lists["requests"].view.setFocus()
    with qtbot.waitSignal(window.add_actions["requests"].triggered):
        qtbot.keyClick(window.lists["requests"].view, Qt.Key.Key_N,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.findChild(QDialog)
    assert dialog is not None and dialog.windowTitle() == "Add a request"
    form = dialog.form
    assert form.inputs["requester"].text()  # the last request's requester, to start from
    form.inputs["subject"].setPlainText("Records of Operation Palladium's end")
    form.inputs["items"].setPlainText("All after-action reports.\n\nAll press guidance.")
    form.inputs["date_sent"].setText("Aug. 3, 2020")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted

    def subjects() -> list[str]:
        with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
            return [(r.subject, [i.text for i in r.items], r.date_sent)
                    for r in s.scalars(select(FoiaRequest).order_by(FoiaRequest.id))]

    added = ("Records of Operation Palladium's end",
             ["All after-action reports.", "All press guidance."], date(2020, 8, 3))
    assert subjects()[-1] == added
    window.lists["requests"].model.wait()
    qtbot.waitUntil(lambda: window.editors["requests"].heading.text().endswith("request 3"))
    assert window.undo.undoText() == "Add a request"
    window.undo.undo()
    assert len(subjects()) == 2
    window.undo.redo()
    assert subjects()[-1] == added


def test_a_new_case_is_set_up_from_the_window_alone(window, new_case, qtbot):
    """The lawsuit, an agency, a request, an exhibit set and an index of our own, each
    from its own place, with nothing typed on a command line."""
    from casefile.store.models import ExhibitSet, FoiaRequest, Matter, VaughnIndex

    assert window.open_case(new_case)
    assert window.setup_matter.isVisible() and not window.matter_editor.isVisible()
    dialog = window.add_row("matter")
    dialog.form.inputs["short_title"].setText("Doe v. ICE")
    dialog.form.inputs["caption"].setPlainText("JANE DOE, Plaintiff, v. U.S. IMMIGRATION AND "
                                               "CUSTOMS ENFORCEMENT, Defendant.")
    dialog.accept()
    assert not window.setup_matter.isVisible() and window.matter_editor.isVisible()
    assert window.matter_editor.heading.text() == "Doe v. ICE"

    dialog = window.add_row("agencies")
    dialog.form.inputs["name"].setText("U.S. Immigration and Customs Enforcement")
    dialog.form.inputs["abbreviation"].setText("ICE")
    dialog.accept()
    window.agencies.model.wait()
    assert window.agencies.model.rowCount() == 1

    _show(window, "requests")
    dialog = window.add_row("requests")
    assert dialog.form.inputs["agency_id"].currentText().startswith("ICE")
    dialog.form.inputs["requester"].setText("Jane Doe")
    dialog.form.inputs["subject"].setPlainText("Her A-file")
    dialog.accept()

    _show(window, "exhibits")
    dialog = window.exhibits.new_set()
    dialog.form.inputs["name"].setText("Doe Declaration exhibits")
    dialog.accept()
    assert window.exhibits.sets.currentText() == "Doe Declaration exhibits"
    assert window.exhibits.add_action.isEnabled()

    _show(window, "vaughn")
    dialog = window.vaughn.new_index()
    dialog.form.inputs["title"].setText("Plaintiff's challenged entries")
    dialog.accept()
    assert window.vaughn.index_choice.currentText() == "Plaintiff's challenged entries"
    assert window.vaughn.add_action.isEnabled()

    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Matter.short_title)) == "Doe v. ICE"
        request = s.scalar(select(FoiaRequest))
        assert (request.agency.abbreviation, request.matter.short_title) == ("ICE", "Doe v. ICE")
        assert s.scalar(select(ExhibitSet.label_prefix)) == "Ex."
        assert s.scalar(select(VaughnIndex.author)) == "ours"
    for _ in range(5):
        window.undo.undo()
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Matter)) == 0
    assert not window.setup_matter.isHidden()  # on the Matter page, shown again


def test_redo_puts_an_added_row_back_under_its_id_so_later_edits_redo_too(window, demo_case):
    from casefile.store.models import FoiaRequest

    assert window.open_case(demo_case)
    _show(window, "requests")
    dialog = window.add_row("requests")
    dialog.form.inputs["subject"].setPlainText("Detention standards")
    dialog.accept()
    window.lists["requests"].model.wait()
    editor = window.editors["requests"]
    request_id = editor.row_id
    editor.inputs["tracking_no"].setText("2020-ICFO-77777")
    editor.inputs["tracking_no"].editingFinished.emit()
    for _ in range(2):
        window.undo.undo()
    for _ in range(2):
        window.undo.redo()
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        request = s.get(FoiaRequest, request_id)
        assert (request.subject, request.tracking_no) == ("Detention standards",
                                                          "2020-ICFO-77777")


def test_an_agency_shows_its_department_and_is_deleted_only_while_unused(
        window, new_case, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(new_case)
    for name, abbreviation, part_of in (("Department of Homeland Security", "DHS", None),
                                        ("Immigration and Customs Enforcement", "ICE", "DHS")):
        dialog = window.add_row("agencies")
        dialog.form.inputs["name"].setText(name)
        dialog.form.inputs["abbreviation"].setText(abbreviation)
        if part_of:
            combo = dialog.form.inputs["parent_id"]
            combo.setCurrentIndex(combo.findText(f"{part_of} — Department of Homeland Security"))
        dialog.accept()
    agencies = window.agencies
    agencies.model.wait()
    column = [c.title for c in agencies.model.table.columns].index("Part of")
    rows = {agencies.model.data(agencies.model.index(r, 0)):
            agencies.model.data(agencies.model.index(r, column)) for r in range(2)}
    assert rows == {"DHS": "", "ICE": "DHS"}
    agencies.select_id(agencies.model.id_at(0))  # DHS, which has ICE as a component
    assert not window.delete_row("agencies")
    assert shown == ["Requests or components name DHS; it stays in the case."]
    agencies.select_id(agencies.model.id_at(1))
    assert window.delete_row("agencies")
    agencies.model.wait()
    assert agencies.model.rowCount() == 1
    window.undo.undo()
    agencies.model.wait()
    assert agencies.model.rowCount() == 2


def test_a_refused_new_row_keeps_the_dialog_open_with_what_was_typed(window, demo_case,
                                                                      monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    _show(window, "productions")
    dialog = window.add_row("productions")
    dialog.form.inputs["title"].setPlainText("Second interim release")
    dialog.form.inputs["bates_begin"].setText("ICE-2020-000200")
    dialog.form.inputs["bates_end"].setText("ICE-2020-000100")
    dialog.accept()
    assert shown == ["The Bates range cannot end (ICE-2020-000100) before it begins "
                     "(ICE-2020-000200)."]
    assert dialog.isVisible() and dialog.form.inputs["bates_end"].text() == "ICE-2020-000100"
    assert not window.undo.canUndo()
    dialog.reject()


def test_a_new_production_takes_its_files_from_an_import(window, demo_case, qtbot, tmp_path):
    assert window.open_case(demo_case)
    _show(window, "productions")
    dialog = window.add_row("productions")
    dialog.form.inputs["title"].setPlainText("Second interim release")
    dialog.accept()
    window.lists["productions"].model.wait()
    qtbot.waitUntil(lambda: window.editors["productions"].heading.text()
                    == "Second interim release")
    assert window.produced.model.rowCount() == 0
    release = [_pdf(tmp_path / f"release-{n}.pdf", 2, f"Release page {n}") for n in (1, 2)]
    window.import_files(release, production_id=window.lists["productions"].current_id())
    _settle(window, qtbot)
    window.produced.model.wait()
    assert window.produced.model.rowCount() == 2
    assert window.editors["productions"].documents.text() == "2, 4 pages"


def _pdf(path: Path, pages: int, words: str) -> Path:
    from casefile.sample_pdfs import text_pdf

    path.write_bytes(text_pdf(path.stem, [[f"{words}, page {n}."] for n in range(1, pages + 1)]))
    return path


def test_a_file_dropped_on_the_window_is_imported(window, demo_case, qtbot, tmp_path):
    assert window.open_case(demo_case)
    _show(window, "documents")
    dropped = _pdf(tmp_path / "dropped-letter.pdf", 1, "A letter about Palladium")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    _settle(window, qtbot)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        names = list(s.scalars(select(Document.name)))
    assert "dropped-letter.pdf" in names
    assert any("dropped-letter.pdf" in str(window.lists["documents"].model.data(
        window.lists["documents"].model.index(r, 0)))
        for r in range(window.lists["documents"].model.rowCount()))


def test_an_import_drops_the_undo_history_so_no_edit_replays_over_its_rows(
        window, demo_case, qtbot, tmp_path):
    assert window.open_case(demo_case)
    _show(window, "correspondence")
    dialog = window.add_row("correspondence")
    dialog.form.inputs["subject"].setPlainText("Status of the search")
    dialog.accept()
    window.undo.undo()  # the letter is gone; Redo would add it again
    assert window.undo.canRedo()
    window.import_files([_pdf(tmp_path / "release.pdf", 1, "Released page")])
    _settle(window, qtbot)
    assert not window.undo.canUndo() and not window.undo.canRedo()


def test_a_file_already_in_the_case_is_named_and_shown(window, demo_case, qtbot, tmp_path):
    assert window.open_case(demo_case)
    _show(window, "documents")
    first = _pdf(tmp_path / "letter.pdf", 1, "A letter about Palladium")
    again = tmp_path / "letter-copy.pdf"
    again.write_bytes(first.read_bytes())
    window.import_files([first])
    _settle(window, qtbot)
    window.lists["documents"].select_id(window.lists["documents"].model.id_at(0))
    window.import_files([again])
    _settle(window, qtbot)
    assert window.statusBar().currentMessage() == ("letter-copy.pdf is already in the case "
                                                   "as letter.pdf.")
    qtbot.waitUntil(lambda: window.editors["documents"].heading.text() == "letter.pdf")


def test_a_message_dragged_from_outlook_gets_a_way_that_works(window, demo_case,
                                                              monkeypatch):
    """Outlook's drag carries the message as an OLE storage Qt reads as empty."""
    from ui.main_window import _VIRTUAL_FILES

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    data = QMimeData()
    data.setData(_VIRTUAL_FILES, b"\x01\x00\x00\x00")
    window.dropEvent(QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert len(shown) == 1 and "save it as a .msg file" in shown[0]
    assert not window.worker.busy  # nothing was started on an empty file


def test_a_search_hit_opens_its_page_with_the_words_marked(window, demo_case, qtbot):
    assert window.open_case(demo_case)
    window.focus_search()
    assert window.pages.currentIndex() == [k for *_, k in SECTIONS].index("search")
    window.search.run("Palladium")
    assert window.search.hits.count() > 0
    page_row = next(r for r in range(window.search.hits.count())
                    if window.search.hits.item(r).data(Qt.ItemDataRole.UserRole).kind == "page")
    hit = window.search.hits.item(page_row).data(Qt.ItemDataRole.UserRole)
    window.search.hits.itemActivated.emit(window.search.hits.item(page_row))
    preview = window.search_preview
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=5000)
    assert preview.current_page() == hit.page_no
    assert preview.match_count() > 0
    qtbot.wait(400)  # QtPdf renders pages on its own thread; the picture is for a person
    window.grab().save(str(SCREENSHOTS / "search-hit.png"))


def test_cancelling_an_import_midway_keeps_whole_files_only(window, demo_case, qtbot,
                                                            tmp_path):
    assert window.open_case(demo_case)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        before = s.scalar(select(func.count()).select_from(Document))
    files = [_pdf(tmp_path / f"letter-{n:02d}.pdf", 29, f"Letter {n}") for n in range(12)]
    seen = []
    job = window.import_files(files)
    window.worker.progress.connect(lambda done, total, note: seen.append(done))
    qtbot.waitUntil(lambda: max(seen, default=0) >= 2, timeout=60_000)  # two files in
    job.cancel.cancel()
    _settle(window, qtbot)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        added = s.scalar(select(func.count()).select_from(Document)) - before
        pages = dict(s.execute(select(Document.name, Document.page_count)
                               .where(Document.name.like("letter-%"))).all())
    assert 0 < added < len(files)  # stopped midway…
    assert all(count == 29 for count in pages.values())  # …and no file is half-stored


def test_a_file_that_is_not_a_case_gets_a_dialog_not_a_crash(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    bad = tmp_path / "notes.casefile"
    bad.write_text("meeting notes")
    assert not window.open_case(bad)
    assert shown == ["notes.casefile is not a Casefile case file."]
    assert bad.read_text() == "meeting notes"
    assert window.case is None


def test_a_file_from_a_newer_casefile_gets_a_dialog_and_stays_untouched(window, new_case,
                                                                       monkeypatch):
    import sqlite3

    from tests.conftest import sha256

    with sqlite3.connect(new_case) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = sha256(new_case)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert not window.open_case(new_case)
    assert len(shown) == 1 and "newer version of Casefile" in shown[0]
    assert sha256(new_case) == before and window.case is None


def test_a_broken_pdf_dropped_in_is_named_and_the_rest_imported(window, demo_case, qtbot,
                                                                tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    broken = tmp_path / "torn.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")  # cut off mid-object
    good = _pdf(tmp_path / "whole.pdf", 2, "A whole letter")
    window.import_files([broken, good])
    _settle(window, qtbot)
    assert len(shown) == 1 and shown[0].startswith("torn.pdf: ")
    assert "Traceback" not in shown[0]
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        names = set(s.scalars(select(Document.name)))
    assert "whole.pdf" in names and "torn.pdf" not in names


def test_a_case_open_elsewhere_can_be_opened_read_only(window, new_case, monkeypatch):
    from tests.test_store import _hold_open

    child = _hold_open(new_case)
    try:
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a: QMessageBox.StandardButton.Open)
        assert window.open_case(new_case)
        assert window.case.read_only
        assert window.windowTitle().endswith("(read-only) — Casefile")
    finally:
        window.close_case()
        child.communicate("\n", timeout=30)


def test_a_worker_makes_the_ui_thread_the_only_one_that_collects(qapp):
    import gc

    from ui.worker import CaseWorker

    worker = CaseWorker()
    assert not gc.isenabled()  # the collector timer on the UI thread does it instead
    worker.deleteLater()
