"""A letter's kind changed in the window and then undone is the letter as it was read:
not "set by hand", with the phrase that decided it; redo makes it the user's choice again."""

from __future__ import annotations

from datetime import date

import pytest

from casefile.requests import add_correspondence
from casefile.store import CaseFile
from casefile.store.models import Correspondence, CorrespondenceKind, Direction
from tests.conftest import unavailable

try:
    from PySide6.QtGui import QUndoStack

    from ui.editors import EDITORS
    from ui.undo import ChangeFields, push
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

# An agency's partial grant, in its own words; read as a determination (partial grant).
LETTER = ("ICE located 40 pages of responsive records. 30 pages are released in full and "
          "10 pages are released in part; portions have been withheld pursuant to FOIA "
          "Exemptions (b)(6) and (b)(7)(C). You may appeal this determination within 90 days.")


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "doe.casefile"
    with CaseFile.create(path) as case, case.transaction() as s:
        letter_id = add_correspondence(s, Direction.INCOMING, date(2024, 2, 1), None,
                                       subject="Final response", body=LETTER).id
    with CaseFile.open(path) as case:
        yield case, letter_id


def _state(case, letter_id):
    with case.reading() as s:
        c = s.get(Correspondence, letter_id)
        return (c.kind, c.letter_kind, c.outcome, c.kind_by_user, c.kind_phrase)


def test_a_change_of_kind_undone_leaves_the_letter_as_read(qtbot, letter):
    case, letter_id = letter
    read = _state(case, letter_id)
    assert read[:4] == (CorrespondenceKind.DETERMINATION, "determination", "partial_grant",
                        False)
    assert read[4]  # the phrase that decided it
    editor_class, apply = EDITORS["correspondence"]
    editor = editor_class()
    qtbot.addWidget(editor)
    stack = QUndoStack()
    errors = []

    def edited(what, old, new):
        command = ChangeFields(case, letter_id, apply, old, new, f"Change the {what}",
                               after=lambda row_id: editor.show_row(case, row_id),
                               failed=errors.append)
        assert push(stack, command), errors

    editor.edited.connect(edited)
    editor.show_row(case, letter_id)
    combo = editor.inputs["kind"]
    combo.setCurrentIndex(combo.findText("Extension notice"))
    combo.activated.emit(combo.currentIndex())
    assert _state(case, letter_id)[:4] == (CorrespondenceKind.EXTENSION_NOTICE, "extension",
                                           None, True)
    stack.undo()
    assert _state(case, letter_id) == read
    assert "set by hand" not in editor.reading.text()
    stack.redo()
    assert _state(case, letter_id)[:4] == (CorrespondenceKind.EXTENSION_NOTICE, "extension",
                                           None, True)
    stack.undo()
    assert _state(case, letter_id) == read
    assert errors == []


def test_an_outcome_changed_and_undone_is_the_reading_again(qtbot, letter):
    case, letter_id = letter
    read = _state(case, letter_id)
    editor_class, apply = EDITORS["correspondence"]
    editor = editor_class()
    qtbot.addWidget(editor)
    stack = QUndoStack()
    editor.edited.connect(lambda what, old, new: push(stack, ChangeFields(
        case, letter_id, apply, old, new, what,
        after=lambda row_id: editor.show_row(case, row_id), failed=pytest.fail)))
    editor.show_row(case, letter_id)
    combo = editor.inputs["outcome"]
    combo.setCurrentIndex(combo.findText("Denial"))
    combo.activated.emit(combo.currentIndex())
    assert _state(case, letter_id)[2:4] == ("denial", True)
    stack.undo()
    assert _state(case, letter_id) == read


def test_choosing_the_kind_it_already_has_is_no_edit(qtbot, letter):
    case, letter_id = letter
    editor_class, _apply = EDITORS["correspondence"]
    editor = editor_class()
    qtbot.addWidget(editor)
    emitted = []
    editor.edited.connect(lambda *args: emitted.append(args))
    editor.show_row(case, letter_id)
    combo = editor.inputs["kind"]
    combo.activated.emit(combo.currentIndex())
    assert emitted == []
