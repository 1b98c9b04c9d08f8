"""The people of the case in the window: the Matter page adds, edits and deletes
parties and counsel, each one step Edit > Undo takes back."""

from __future__ import annotations

from sqlalchemy import func, select

from casefile.store import CaseFile
from casefile.store.models import Counsel, Party, PartyRole
from tests.conftest import unavailable

try:
    import ui.main_window  # noqa: F401 - Qt's libraries must load for these tests
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")


def _counsel(case_path):
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return [(c.name, c.bar_no, c.party.name if c.party else None)
                for c in s.scalars(select(Counsel).order_by(Counsel.id))]


def test_parties_and_counsel_are_added_edited_and_deleted_on_the_matter_page(window,
                                                                            new_case):
    assert window.open_case(new_case)
    dialog = window.add_row("matter")
    dialog.form.inputs["short_title"].setText("Doe v. FBI")
    dialog.form.inputs["caption"].setPlainText("JANE DOE v. FBI")
    dialog.accept()

    dialog = window.add_row("parties")
    dialog.form.inputs["name"].setText("Jane Doe")
    dialog.form.inputs["description"].setPlainText("a journalist in Washington, D.C.")
    dialog.accept()
    dialog = window.add_row("parties")
    dialog.form.inputs["name"].setText("Federal Bureau of Investigation")
    dialog.form.inputs["role"].setCurrentIndex(1)  # Defendant
    dialog.accept()
    window.parties.model.wait()
    assert window.parties.model.rowCount() == 2

    dialog = window.add_row("counsel")
    dialog.form.inputs["name"].setText("Ann AUSA")
    dialog.form.inputs["party_id"].setCurrentIndex(2)  # the FBI, after "the plaintiffs"
    dialog.accept()
    window.counsel.model.wait()
    assert _counsel(new_case) == [("Ann AUSA", None, "Federal Bureau of Investigation")]

    editor = window.editors["counsel"]
    assert editor.row_id is not None and editor.heading.text() == "Ann AUSA"
    editor.inputs["bar_no"].setText("654321")
    editor.inputs["bar_no"].editingFinished.emit()
    assert _counsel(new_case) == [("Ann AUSA", "654321", "Federal Bureau of Investigation")]

    # The party a counsel appears for stays: one sentence, nothing changed.
    window.parties.select_id(window.parties.model.id_at(1))
    shown = []
    window._error = shown.append  # noqa: SLF001  (the sentence, not a modal box)
    assert not window.delete_row("parties")
    assert shown == ["Ann AUSA appears for Federal Bureau of Investigation; it stays in the "
                     "case."]

    window.counsel.select_id(editor.row_id)
    assert window.delete_row("counsel")
    assert _counsel(new_case) == []
    window.undo.undo()  # the delete
    assert _counsel(new_case) == [("Ann AUSA", "654321", "Federal Bureau of Investigation")]
    window.undo.undo()  # the bar number
    assert _counsel(new_case) == [("Ann AUSA", None, "Federal Bureau of Investigation")]
    for _ in range(3):  # the counsel, then both parties
        window.undo.undo()
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 0
    window.undo.redo()
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Party.role)) is PartyRole.PLAINTIFF
