"""The lawsuit, request, letter, production, document and declaration editors on the demo
case, wired to an undo stack as the window wires them: an edit reaches the case file and
undoes, a refusal is one sentence with nothing to undo, and every input is named and reached
top to bottom."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.dates import long_date
from casefile.errors import InputError
from casefile.store import CaseFile
from casefile.store.models import (
    Correspondence,
    CorrespondenceKind,
    Counsel,
    Declaration,
    Document,
    FoiaRequest,
    Matter,
    Party,
    Production,
    RequestStatus,
)
from tests.conftest import unavailable

try:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit

    from ui import theme
    from ui.editors import EDITORS
    from ui.undo import ChangeFields, push
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"

# list key → (the row the demo case has, and the screenshot's name)
ROWS = {
    "matter": (select(Matter.id), "editor-matter"),
    "requests": (select(FoiaRequest.id).where(FoiaRequest.tracking_no == "2020-ICFO-12345"),
                 "editor-request"),
    "correspondence": (select(Correspondence.id).where(
        Correspondence.kind == CorrespondenceKind.ACKNOWLEDGMENT), "editor-correspondence"),
    "declarations": (select(Declaration.id), "editor-declaration"),
    "productions": (select(Production.id), "editor-production"),
    "documents": (select(Document.id).where(Document.name.like("%request to ICE%")),
                  "editor-document"),
    "parties": (select(Party.id).where(Party.short_name == "IDP"), "editor-party"),
    "counsel": (select(Counsel.id).where(Counsel.name.like("Jordan Lee%")), "editor-counsel"),
}
TOMORROW = date.today() + timedelta(days=1)
MODELS = {"matter": Matter, "requests": FoiaRequest, "correspondence": Correspondence,
          "declarations": Declaration, "productions": Production, "documents": Document,
          "parties": Party, "counsel": Counsel}


@pytest.fixture
def case(demo_case):
    opened = CaseFile.open(demo_case)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def warnings(monkeypatch) -> list[str]:
    """What the editors would have said in a message box (which would wait for a click)."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a, **k: said.append(text))
    return said


class Wired:
    """An editor on one row, its edits pushed on an undo stack as the window pushes them."""

    def __init__(self, qtbot, case: CaseFile, key: str) -> None:
        editor_type, self.apply = EDITORS[key]
        self.case, self.key = case, key
        self.editor = editor_type()
        qtbot.addWidget(self.editor)
        self.stack = QUndoStack()
        with case.reading() as s:
            self.row_id = s.scalar(ROWS[key][0])
        self.editor.edited.connect(self._edit)
        self.editor.show_row(case, self.row_id)

    def _edit(self, what: str, old: dict, new: dict) -> None:
        command = ChangeFields(self.case, self.editor.row_id, self.apply, old, new,
                               f"Change the {what}",
                               after=lambda row_id: self.editor.show_row(self.case, row_id),
                               failed=lambda m: QMessageBox.warning(self.editor, "Casefile", m))
        if not push(self.stack, command):
            self.editor.show_row(self.case, self.row_id)

    def stored(self, name: str):
        with self.case.reading() as s:
            return getattr(s.get(MODELS[self.key], self.row_id), name)

    def type_into(self, qtbot, name: str, text: str) -> None:
        """Type as a user does: a line ends with Return, a text box with "Save text"."""
        widget = self.editor.inputs[name]
        widget.setFocus()
        if isinstance(widget, QPlainTextEdit):
            widget.selectAll()
            widget.insertPlainText(text)  # as typed: QTest cannot type a line break
            qtbot.mouseClick(self.editor.save, Qt.MouseButton.LeftButton)
        else:
            widget.selectAll()
            qtbot.keyClick(widget, Qt.Key.Key_Backspace)
            qtbot.keyClicks(widget, text)
            qtbot.keyClick(widget, Qt.Key.Key_Return)


@pytest.mark.parametrize(("key", "name", "typed", "value"), [
    ("matter", "docket_no", " 1:20-cv-08000 ", "1:20-cv-08000"),
    ("matter", "filed_on", "09/30/2020", date(2020, 9, 30)),
    ("requests", "date_received", "06/22/2020", date(2020, 6, 22)),
    ("requests", "subject", "Operation  Palladium\nrecords", "Operation Palladium records"),
    ("correspondence", "dated", "2020-06-26", date(2020, 6, 26)),
    ("correspondence", "body", "Line one.\n\nLine two.", "Line one.\n\nLine two."),
    ("declarations", "executed_at", "Brooklyn, New York", "Brooklyn, New York"),
    ("productions", "pages_withheld_full", "3", 3),
    ("productions", "bates_end", "ICE-2020-000013", "ICE-2020-000013"),
    ("documents", "title", "FOIA request to ICE", "FOIA request to ICE"),
    ("requests", "fee_category_basis", "A weekly newsletter to 5,000 readers.",
     "A weekly newsletter to 5,000 readers."),
    ("parties", "short_name", " IDP-NY ", "IDP-NY"),
    ("counsel", "bar_no", "JL9999", "JL9999"),
])
def test_an_edit_reaches_the_case_file_and_undoes(qtbot, case, key, name, typed, value):
    wired = Wired(qtbot, case, key)
    before = wired.stored(name)
    wired.type_into(qtbot, name, typed)
    assert wired.stored(name) == value
    assert wired.stack.canUndo()
    wired.stack.undo()
    assert wired.stored(name) == before
    wired.stack.redo()
    assert wired.stored(name) == value


def test_save_text_saves_every_box_as_one_step_to_undo(qtbot, case):
    wired = Wired(qtbot, case, "correspondence")
    editor = wired.editor
    with qtbot.waitActive(editor):  # Ctrl+S reaches a shortcut only in the active window
        editor.show()
    assert not editor.save.isEnabled()
    editor.inputs["subject"].setFocus()
    qtbot.keyClicks(editor.inputs["subject"], "Re: ")
    editor.inputs["body"].insertPlainText("Thank you.")
    assert editor.save.isEnabled()
    with qtbot.waitSignal(editor.edited) as edit:
        qtbot.keyClick(editor.inputs["body"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert edit.args[0] == "text"
    assert wired.stored("subject").startswith("Re: Acknowledgment")
    assert wired.stored("body") == "Thank you."
    assert not editor.save.isEnabled()
    wired.stack.undo()
    assert wired.stored("subject").startswith("Acknowledgment")
    assert wired.stored("body") is None
    assert not wired.stack.canUndo()


def test_a_choice_is_saved_as_its_member_and_undoes(qtbot, case, warnings):
    wired = Wired(qtbot, case, "requests")
    combo: QComboBox = wired.editor.inputs["status"]
    combo.setCurrentIndex(combo.findText("Closed"))
    combo.activated.emit(combo.currentIndex())
    assert warnings == []
    assert wired.stored("status") is RequestStatus.CLOSED
    wired.stack.undo()
    assert wired.stored("status") is RequestStatus.IN_LITIGATION
    assert combo.currentText() == "In litigation"


def test_a_document_marked_privileged_is_refused_by_a_bundle_and_the_mark_undoes(
        qtbot, case, tmp_path):
    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build
    from casefile.errors import CasefileError
    from casefile.store.models import ExhibitSet

    wired = Wired(qtbot, case, "documents")
    qtbot.keyClick(wired.editor.inputs["privileged"], Qt.Key.Key_Space)
    assert wired.stored("privileged") is True
    with pytest.raises(CasefileError, match="privileged"), case.reading() as s:
        build(s, s.scalar(select(ExhibitSet)), tmp_path, BundleOptions(profiles.get(None)))
    wired.stack.undo()
    assert wired.stored("privileged") is False
    assert not wired.editor.inputs["privileged"].isChecked()


def test_a_production_shows_its_documents_and_cover_letter(qtbot, case):
    editor = Wired(qtbot, case, "productions").editor
    assert editor.documents.text() == "1, 12 pages"
    assert "(January 15, 2021)" in editor.cover_letter.text()
    assert editor.inputs["request_id"].currentText() == "ICE 2020-ICFO-12345"


def test_the_jurat_follows_the_signed_abroad_box(qtbot, case):
    wired = Wired(qtbot, case, "declarations")
    box: QCheckBox = wired.editor.inputs["outside_us"]
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert wired.stored("outside_us") is True
    assert "under the laws of the United States of America" in wired.editor.jurat.text()
    wired.stack.undo()
    assert not box.isChecked()
    assert "United States of America" not in wired.editor.jurat.text()


@pytest.mark.parametrize(("key", "name", "typed", "sentence"), [
    ("requests", "requester", "", "A request needs a requester."),
    ("requests", "date_received", "06/01/2020",
     "The request cannot be received (June 1, 2020) before it was sent (June 18, 2020)."),
    ("correspondence", "dated", "", "A letter needs a date."),
    ("declarations", "declarant", "  ", "A declaration needs a declarant."),
    ("parties", "name", "Center for Constitutional Rights",
     "Center for Constitutional Rights is already a plaintiff in the case."),
    ("counsel", "name", " ", "Counsel need a name."),
    ("matter", "filed_on", TOMORROW.strftime("%m/%d/%Y"),
     f"{long_date(TOMORROW)} is after today: a complaint cannot be filed in the future."),
    ("productions", "pages_released_full", "-2",
     "The number of pages released in full cannot be below zero."),
    ("productions", "bates_end", "ICE-2020-000000",
     "The Bates range cannot end (ICE-2020-000000) before it begins (ICE-2020-000001)."),
])
def test_a_refused_edit_says_why_and_leaves_nothing_to_undo(qtbot, case, warnings, key, name,
                                                            typed, sentence):
    wired = Wired(qtbot, case, key)
    before = wired.stored(name)
    shown = wired.editor.inputs[name].text()
    wired.type_into(qtbot, name, typed)
    assert warnings == [sentence]
    assert not wired.stack.canUndo()
    assert wired.stored(name) == before
    assert wired.editor.inputs[name].text() == shown  # what the case holds, shown again


def test_a_date_that_cannot_be_read_is_put_back_and_nothing_is_edited(qtbot, case, warnings):
    wired = Wired(qtbot, case, "requests")
    with qtbot.assertNotEmitted(wired.editor.edited):
        wired.type_into(qtbot, "date_sent", "the 18th")
    assert warnings == ["'the 18th' is not a date; write it as 06/18/2020, June 18, 2020 or "
                        "2020-06-18."]
    assert wired.editor.inputs["date_sent"].text() == "06/18/2020"
    assert not wired.stack.canUndo()


def test_the_same_value_again_is_no_edit(qtbot, case):
    wired = Wired(qtbot, case, "requests")
    with qtbot.assertNotEmitted(wired.editor.edited):
        wired.type_into(qtbot, "date_sent", "June 18, 2020")
        wired.type_into(qtbot, "tracking_no", " 2020-ICFO-12345 ")


@pytest.mark.parametrize("key", list(EDITORS))
def test_an_editor_with_no_row_is_empty_and_disabled(qtbot, case, key):
    wired = Wired(qtbot, case, key)
    wired.editor.show_row(case, None)
    assert not wired.editor.isEnabled()
    assert wired.editor.heading.text().startswith("No ")
    assert all(w.text() == "" for w in wired.editor.inputs.values() if isinstance(w, QLineEdit))


@pytest.mark.parametrize("key", list(EDITORS))
def test_a_row_gone_from_the_case_is_refused_in_one_sentence(case, key):
    _editor, apply = EDITORS[key]
    noun = {"matter": "lawsuit", "requests": "request", "correspondence": "letter",
            "declarations": "declaration", "productions": "production",
            "documents": "document", "parties": "party", "counsel": "counsel"}[key]
    with pytest.raises(InputError, match=f"^That {noun} is no longer in the case.$"), \
            case.transaction() as s:
        apply(s, 10_000, {})


@pytest.mark.parametrize("key", list(EDITORS))
def test_every_input_is_named_and_tab_goes_top_to_bottom(qtbot, case, key):
    wired = Wired(qtbot, case, key)
    editor = wired.editor
    editor.resize(420, 700)
    editor.show()
    inputs = list(editor.inputs.values())
    assert all(w.accessibleName() for w in inputs)
    chain, widget = [], editor.nextInFocusChain()
    while widget is not editor:
        if widget in inputs:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == inputs
    tops = [w.mapTo(editor, w.rect().topLeft()).y() for w in chain]
    assert tops == sorted(tops)


@pytest.fixture
def look(qapp):
    """The app's own style and palette for the screenshots; the test's put back after."""
    style, palette = qapp.style().name(), qapp.palette()
    theme.apply(qapp)
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.mark.parametrize("key", list(EDITORS))
def test_screenshot(qtbot, case, look, key):
    wired = Wired(qtbot, case, key)
    wired.editor.resize(420, 500 if key == "matter" else 700)
    with qtbot.waitExposed(wired.editor):
        wired.editor.show()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert wired.editor.grab().save(str(SCREENSHOTS / f"{ROWS[key][1]}.png"))
