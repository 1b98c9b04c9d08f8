"""A step taken in one section shows in the others already read: each edit, undo
and redo reports the tables it wrote (CaseFile.apply), and the window refreshes the
sections that show them (issue 20: "refreshes the views that the changes name")."""

from __future__ import annotations

from sqlalchemy import select

from casefile.store.models import FoiaRequest
from tests.ui.test_window import _settle, _show

ICE = "ICE 2020-ICFO-12345"


def _determination_due(window) -> str:
    tree = window.deadlines.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for n in range(group.childCount()):
            row = group.child(n)
            if row.text(2) == "Initial determination due" and row.text(3) == ICE:
                return row.text(0)
    raise AssertionError("no initial determination for the ICE request")


def test_a_requests_new_date_moves_its_deadlines_in_the_deadlines_view(window, demo_case,
                                                                      qtbot):
    assert window.open_case(demo_case)
    _show(window, "deadlines")
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: window.deadlines.tree.topLevelItemCount() > 0, timeout=10_000)
    before = _determination_due(window)
    assert before == "July 17, 2020"

    _show(window, "requests")
    _settle(window, qtbot)
    with window.case.reading() as s:
        row_id = s.scalar(select(FoiaRequest.id).where(
            FoiaRequest.tracking_no == "2020-ICFO-12345"))
    editor = window.editors["requests"]
    window.lists["requests"].select_id(row_id)
    qtbot.waitUntil(lambda: editor.row_id == row_id, timeout=10_000)
    received = editor.inputs["date_received"]
    received.setText("08/03/2020")
    received.editingFinished.emit()
    _settle(window, qtbot)
    # The deadlines view, read before and not shown now, follows without a visit.
    qtbot.waitUntil(lambda: _determination_due(window) != before, timeout=10_000)
    moved = _determination_due(window)
    assert moved.startswith("August") or moved.startswith("September"), moved

    # Undo from the Deadlines page, where the step was not made: that page, shown
    # now, reads the case again too.
    _show(window, "deadlines")
    _settle(window, qtbot)
    window.undo.undo()
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: _determination_due(window) == before, timeout=10_000)


def test_an_entry_edit_reads_the_vaughn_grid_once_and_leaves_unrelated_lists_alone(
        window, demo_case, qtbot, monkeypatch):
    """A Vaughn entry's edit reloads its own grid once (the view does, after the save),
    not again for the window's "the case changed", and a section that shows nothing
    the edit wrote (the requests list, read before) is not read again: on a 20,000-entry
    index each reload is a query of the whole grid."""
    from casefile.store.models import Record
    from tests.ui.test_edit_conflict import _open_first_entry
    from ui.table_model import SqlTableModel

    assert window.open_case(demo_case)
    _show(window, "requests")
    _settle(window, qtbot)
    first, editor = _open_first_entry(window, demo_case, qtbot)
    reloaded: list[object] = []
    real = SqlTableModel.reload
    monkeypatch.setattr(SqlTableModel, "reload",
                        lambda model, **kw: (reloaded.append(model), real(model, **kw))[1])
    editor.inputs["doc_type"].setText("Memorandum (edited)")
    editor.inputs["doc_type"].editingFinished.emit()
    _settle(window, qtbot)
    with window.case.reading() as s:
        assert s.get(Record, first).doc_type == "Memorandum (edited)"
    assert reloaded.count(window.vaughn.model) == 1, reloaded
    assert window.lists["requests"].model not in reloaded
