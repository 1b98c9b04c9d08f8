"""The deadlines view: the demo case's dates in their groups, ours red when overdue, the
agency's missed ones apart; the deadlines a user enters added, edited, marked done and
deleted through the undo stack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import reopen_court_dates, unavailable


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


try:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette, QUndoStack
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from ui import theme
    from ui.deadlines_view import DeadlinesView
    from ui.worker import CaseWorker
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"
TODAY = date(2021, 5, 10)  # a Monday of the demo case: every group has something


@pytest.fixture
def case(demo_case):
    from casefile.store import CaseFile

    # As of May 10, 2021, with the court dates open: the groups need one of ours overdue.
    with CaseFile.open(reopen_court_dates(demo_case)) as opened:
        yield opened


@pytest.fixture
def undo():
    return QUndoStack()


@pytest.fixture
def view(qtbot, undo):
    worker = CaseWorker()
    v = DeadlinesView(worker, undo)
    qtbot.addWidget(v)
    v.resize(1200, 760)
    v.show()
    yield v
    worker.wait()


def _load(qtbot, view, case, today=TODAY) -> None:
    view.set_today(today)
    view.set_case(case)
    qtbot.waitUntil(lambda: view.tree.isVisible(), timeout=10_000)


def _groups(view) -> dict[str, list]:
    """Each group's heading → its rows."""
    tree = view.tree
    out = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        out[group.text(0).rsplit(" (", 1)[0]] = [group.child(n)
                                                 for n in range(group.childCount())]
    return out


def test_the_demo_deadlines_fall_in_their_groups(qtbot, view, case):
    _load(qtbot, view, case)
    groups = _groups(view)
    assert list(groups) == ["Overdue", "Due this week", "Later", "Missed by the agency",
                            "Done or passed"]
    [overdue] = [(r.text(0), r.text(2), r.text(3), r.text(4), r.text(5))
                 for r in groups["Overdue"]]
    assert overdue == ("February 15, 2021", "Joint status report on production due (SAMPLE)",
                       "ICE 2020-ICFO-12345", "Us", "84 days overdue")
    missed = [(r.text(0), r.text(2), r.text(3), r.text(4), r.text(5))
              for r in groups["Missed by the agency"]]
    assert missed[0] == ("June 28, 2020", "Decision on expedited processing due",
                         "ICE 2020-ICFO-12345", "Agency", "missed 316 days ago")
    assert ("July 17, 2020", "Initial determination due", "ICE 2020-ICFO-12345", "Agency",
            "missed 297 days ago") in missed
    [(week)] = groups["Due this week"]
    assert (week.text(0), week.text(1), week.text(4), week.text(5)) == \
        ("May 14, 2021", "Fri", "Agency", "in 4 days")
    assert "summary judgment" in week.text(2)
    assert [r.text(0) for r in groups["Later"]] == ["June 14, 2021"]
    done = groups["Done or passed"]
    assert {r.text(2) for r in done} == {"Suit may be filed (constructive exhaustion)"}
    assert {r.text(4) for r in done} == {""}  # a milestone: nobody's duty
    assert not view.tree.topLevelItem(4).isExpanded()  # done: out of the way
    assert view.today_label.text() == "Today is Monday, May 10, 2021"


def test_our_overdue_rows_are_red_the_agencys_missed_ones_are_not(qtbot, view, case):
    _load(qtbot, view, case)
    groups = _groups(view)
    red = theme.status_color(theme.OVERDUE)
    assert all(r.foreground(c).color() == red for r in groups["Overdue"] for c in range(6))
    missed = groups["Missed by the agency"]
    assert all(r.foreground(c).color() != red for r in missed for c in range(6))
    assert all(r.text(5).startswith("missed ") and "overdue" not in r.text(5) for r in missed)
    assert "The agency's duty, not ours." in missed[0].toolTip(0)
    later = groups["Later"][0]
    assert later.foreground(0).color() != red
    dim = view.palette().color(QPalette.ColorRole.PlaceholderText)
    assert all(r.foreground(0).color() == dim for r in groups["Done or passed"])


def test_the_tooltip_gives_the_rule_its_citation_and_warnings(qtbot, view, case):
    _load(qtbot, view, case)
    rows = {(r.text(2), r.text(3)): r for r in _groups(view)["Missed by the agency"]}
    initial = rows["Initial determination due", "ICE 2020-ICFO-12345"]
    tip = initial.toolTip(0)
    assert "20 working days from receipt on June 18, 2020 — 5 U.S.C. § 552(a)(6)(A)(i)" in tip
    assert "open the request" in tip
    answer = rows["Defendants' answer to the complaint due (SAMPLE)", "IDP v. DHS"]
    assert "state where the court sits" in answer.toolTip(3)  # the engine's warning
    assert not answer.icon(2).isNull()
    assert initial.icon(2).isNull()


def test_the_answer_entered_and_counted_shows_once(qtbot, view, case):
    _load(qtbot, view, case)
    answers = [r for rows in _groups(view).values() for r in rows if "answer" in r.text(2)]
    [answer] = answers
    assert answer.text(2) == "Defendants' answer to the complaint due (SAMPLE)"  # the entered
    tip = answer.toolTip(0)
    assert "Casefile counts the same date: 30 days after service on the United States" in tip
    view.tree.setCurrentItem(answer)
    assert view.done_action.isEnabled()  # the entered one can be marked done


def test_enter_on_a_requests_deadline_opens_the_request(qtbot, view, case):
    _load(qtbot, view, case)
    row = next(r for r in _groups(view)["Missed by the agency"]
               if r.text(2) == "Initial determination due" and r.text(3).startswith("ICE"))
    view.tree.setCurrentItem(row)
    view.tree.setFocus()
    with qtbot.waitSignal(view.open_request) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    with case.reading() as s:
        from casefile.store.models import FoiaRequest

        assert s.get(FoiaRequest, opened.args[0]).tracking_no == "2020-ICFO-12345"
    matter_row = next(r for r in _groups(view)["Later"])  # the lawsuit's, not a request's
    with qtbot.waitSignal(view.status) as said:
        view.tree.itemActivated.emit(matter_row, 0)
    assert "lawsuit" in said.args[0]


def test_a_deadline_marked_done_moves_to_done(qtbot, view, case):
    from sqlalchemy import select

    from casefile.store.models import Deadline

    with case.transaction() as s:
        s.scalar(select(Deadline).where(Deadline.title.like("Joint status%"))).done_on = \
            date(2021, 2, 12)
    _load(qtbot, view, case)
    done = {r.text(2): r.text(5) for r in _groups(view)["Done or passed"]}
    assert done["Joint status report on production due (SAMPLE)"] == "done February 12, 2021"


def test_the_calendar_export_writes_an_ics_file(qtbot, view, case, tmp_path, monkeypatch):
    _load(qtbot, view, case)
    target = tmp_path / "IDP deadlines"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.status, timeout=10_000) as said:
        view.export_action.trigger()
    written = tmp_path / "IDP deadlines.ics"
    assert said.args[0] == f"Wrote 10 dates to {written}."  # the answer once
    text = written.read_text()
    assert "BEGIN:VCALENDAR" in text and "Initial determination due" in text


def test_a_failed_export_is_one_sentence(qtbot, view, case, tmp_path, monkeypatch):
    _load(qtbot, view, case)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    missing = tmp_path / "no-such-folder" / "x.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    view.export_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [f"The folder {missing.parent} does not exist."]


def test_no_case_and_an_empty_case(qtbot, view, new_case):
    from casefile.store import CaseFile

    assert view.empty.text() == "No case is open."
    assert not view.export_action.isEnabled()
    with CaseFile.open(new_case) as empty:
        view.set_case(empty)
        qtbot.waitUntil(lambda: view.empty.text() == "No deadlines in this case yet.",
                        timeout=10_000)
        view.set_case(None)
    assert view.empty.text() == "No case is open." and view.tree.isHidden()


# --- editing the deadlines a user enters ----------------------------------------------


def _rows(view) -> dict[str, tuple[str, object]]:
    """Each row's title → (its group, the row)."""
    return {row.text(2): (group, row) for group, rows in _groups(view).items() for row in rows}


def _select(view, title: str):
    _group, row = _rows(view)[title]
    view.tree.setCurrentItem(row)
    return row


def _stored(case, title_like: str):
    from sqlalchemy import select

    from casefile.store.models import Deadline

    with case.reading() as s:
        return s.scalar(select(Deadline).where(Deadline.title.like(title_like)))


JOINT = "Joint status report on production due (SAMPLE)"
CROSS = "Plaintiffs' cross-motion and opposition due (SAMPLE)"


def test_add_a_deadline_through_the_dialog(qtbot, view, case, undo):
    _load(qtbot, view, case)
    assert view.add_action.isEnabled()
    assert view.add_action.shortcut().toString() == "Ctrl+Shift+N"
    dialog = view.add_deadline()
    assert dialog.isVisible() and dialog.windowTitle() == "Add deadline"
    dialog.title_edit.setText("Reply in support of cross-motion due")
    dialog.due_edit.setText("07/12/2021")
    dialog.request.setCurrentIndex(dialog.request.findText("ICE 2020-ICFO-12345"))
    dialog.rule_edit.setText("Scheduling order, ECF No. 14")
    dialog.remind.setValue(3)
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "Reply in support of cross-motion due" in _rows(view))
    group, row = _rows(view)["Reply in support of cross-motion due"]
    assert (group, row.text(0), row.text(3), row.text(4)) == \
        ("Later", "July 12, 2021", "ICE 2020-ICFO-12345", "Us")
    assert view.tree.currentItem() is row  # the new deadline is selected
    stored = _stored(case, "Reply in support%")
    assert (stored.rule, stored.remind_days_before, stored.matter_id is not None) == \
        ("Scheduling order, ECF No. 14", 3, True)
    assert undo.count() == 1 and undo.undoText() == \
        "Add the deadline “Reply in support of cross-motion due”"
    undo.undo()
    qtbot.waitUntil(lambda: "Reply in support of cross-motion due" not in _rows(view))
    assert _stored(case, "Reply in support%") is None
    undo.redo()
    qtbot.waitUntil(lambda: "Reply in support of cross-motion due" in _rows(view))
    assert _stored(case, "Reply in support%").id == stored.id  # the same row, back


def test_a_refused_add_keeps_the_dialog_open_with_its_sentence(qtbot, view, case, undo):
    _load(qtbot, view, case)
    dialog = view.add_deadline()
    dialog.due_edit.setText("07/12/2021")
    dialog.accept()  # no title
    assert dialog.isVisible() and not dialog.error.isHidden()
    assert dialog.error.text() == "A deadline needs a title (\"Opposition to summary " \
        "judgment due\")."
    dialog.title_edit.setText("Reply due")
    dialog.due_edit.setText("13/45/2021")
    dialog.accept()
    assert dialog.isVisible() and "'13/45/2021'" in dialog.error.text()
    dialog.due_edit.setText("")
    dialog.accept()
    assert dialog.error.text() == "A deadline needs a due date, as MM/DD/YYYY."
    assert undo.count() == 0
    dialog.reject()
    assert _stored(case, "Reply due") is None


def test_mark_done_then_undo_and_redo(qtbot, view, case, undo):
    _load(qtbot, view, case)
    _select(view, JOINT)
    assert view.done_action.isEnabled() and view.done_action.text() == "Mark done"
    with qtbot.waitSignal(view.changed):
        view.done_action.trigger()
    qtbot.waitUntil(lambda: _rows(view)[JOINT][0] == "Done or passed")
    assert _rows(view)[JOINT][1].text(5) == "done May 10, 2021"  # the view's today
    assert _stored(case, "Joint status%").done_on == date(2021, 5, 10)
    assert view.tree.currentItem() is _rows(view)[JOINT][1]  # still selected, in its group
    assert view.done_action.text() == "Mark not done"
    assert undo.undoText() == f"Mark “{JOINT}” done"
    undo.undo()
    qtbot.waitUntil(lambda: _rows(view)[JOINT][0] == "Overdue")
    assert _stored(case, "Joint status%").done_on is None
    undo.redo()
    qtbot.waitUntil(lambda: _rows(view)[JOINT][0] == "Done or passed")
    view.done_action.trigger()  # "Mark not done"
    qtbot.waitUntil(lambda: _rows(view)[JOINT][0] == "Overdue")
    assert undo.count() == 2


def test_edit_an_entered_deadline(qtbot, view, case, undo):
    _load(qtbot, view, case)
    _select(view, CROSS)
    dialog = view.edit_selected()
    assert dialog.windowTitle() == "Edit deadline"
    assert (dialog.title_edit.text(), dialog.due_edit.text(), dialog.remind.value()) == \
        (CROSS, "06/14/2021", 7)
    dialog.due_edit.setText("June 21, 2021")
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: _rows(view)[CROSS][1].text(0) == "June 21, 2021")
    assert undo.undoText() == f"Edit the deadline “{CROSS}”"
    undo.undo()
    qtbot.waitUntil(lambda: _rows(view)[CROSS][1].text(0) == "June 14, 2021")
    # An edit the case refuses leaves the dialog open and nothing more to undo.
    _select(view, CROSS)
    dialog = view.edit_selected()
    dialog.title_edit.setText("  ")
    dialog.accept()
    assert dialog.isVisible() and "needs a title" in dialog.error.text()
    assert undo.count() == 1 and undo.index() == 0
    dialog.reject()
    # Unchanged, Save does nothing at all.
    _select(view, CROSS)
    view.edit_selected().accept()
    assert undo.count() == 1


def _saved_by_someone_else(case, title_like: str, **changes) -> None:
    """Another user's save of the deadline, after the view listed it."""
    from sqlalchemy import select

    from casefile.deadlines.entered import update_deadline
    from casefile.store.models import Deadline

    with case.transaction() as s:
        update_deadline(s, s.scalar(select(Deadline).where(Deadline.title.like(title_like))),
                        **changes)


def test_an_edit_over_someone_elses_save_offers_both_values(qtbot, view, case, undo):
    """Issue 20: the dialog's save checks the version it showed. A field both changed
    is offered side by side (theirs chosen until the user picks their own), a field
    only they changed keeps their value, and the dialog itself closes."""
    _load(qtbot, view, case)
    _select(view, CROSS)
    dialog = view.edit_selected()
    _saved_by_someone_else(case, "Plaintiffs' cross-motion%", due_on=date(2021, 6, 28),
                           rule="Maria's order")
    dialog.due_edit.setText("June 21, 2021")
    dialog.accept()
    assert not dialog.isVisible()  # the conflict is settled apart from it
    qtbot.waitUntil(lambda: view.conflict_dialog is not None, timeout=10_000)
    conflict = view.conflict_dialog
    assert conflict.shown("due_on") == ("June 21, 2021", "June 28, 2021")
    assert conflict.kept_mine() == []
    assert _stored(case, "Plaintiffs' cross-motion%").due_on == date(2021, 6, 28)  # nothing yet
    conflict.choose_mine("due_on")
    conflict.accept()
    qtbot.waitUntil(lambda: _rows(view)[CROSS][1].text(0) == "June 21, 2021")
    stored = _stored(case, "Plaintiffs' cross-motion%")
    assert (stored.due_on, stored.rule) == (date(2021, 6, 21), "Maria's order")
    assert view.conflict_dialog is None
    undo.undo()  # back to theirs, the value it replaced
    qtbot.waitUntil(lambda: _rows(view)[CROSS][1].text(0) == "June 28, 2021")


def test_marking_done_what_someone_else_marked_done_meanwhile_asks(qtbot, view, case, undo):
    """The list showed the deadline open; another user marked it done since. Marking it
    done here is not silently written over theirs: their date is offered beside ours,
    and Cancel keeps theirs."""
    _load(qtbot, view, case)
    _select(view, JOINT)
    _saved_by_someone_else(case, "Joint status%", done_on=date(2021, 5, 7))
    view.done_action.trigger()
    qtbot.waitUntil(lambda: view.conflict_dialog is not None, timeout=10_000)
    assert view.conflict_dialog.shown("done_on") == ("May 10, 2021", "May 7, 2021")
    view.conflict_dialog.reject()
    qtbot.waitUntil(lambda: view.conflict_dialog is None, timeout=10_000)
    assert _stored(case, "Joint status%").done_on == date(2021, 5, 7)
    assert not undo.canUndo()


def test_an_edit_of_a_deadline_someone_else_deleted_is_one_sentence(qtbot, view, case, undo):
    from casefile.removal import delete_deadline

    _load(qtbot, view, case)
    _select(view, CROSS)
    dialog = view.edit_selected()
    with case.transaction() as s:
        delete_deadline(s, _stored_in(s, "Plaintiffs' cross-motion%"))
    dialog.due_edit.setText("June 21, 2021")
    dialog.accept()
    assert dialog.isVisible() and "no longer in the case" in dialog.error.text()
    assert not undo.canUndo()


def _stored_in(session, title_like: str):
    from sqlalchemy import select

    from casefile.store.models import Deadline

    return session.scalar(select(Deadline).where(Deadline.title.like(title_like)))


def test_delete_then_undo_puts_it_back(qtbot, view, case, undo):
    _load(qtbot, view, case)
    before = _stored(case, "Plaintiffs' cross-motion%")
    _select(view, CROSS)
    with qtbot.waitSignal(view.status) as said:
        view.delete_action.trigger()
    assert "Edit > Undo puts it back" in said.args[0]
    qtbot.waitUntil(lambda: CROSS not in _rows(view))
    assert _stored(case, "Plaintiffs' cross-motion%") is None
    assert undo.undoText() == f"Delete the deadline “{CROSS}”"
    undo.undo()
    qtbot.waitUntil(lambda: CROSS in _rows(view))
    after = _stored(case, "Plaintiffs' cross-motion%")
    assert (after.id, after.uuid, after.due_on, after.remind_days_before) == \
        (before.id, before.uuid, before.due_on, before.remind_days_before)
    undo.redo()
    qtbot.waitUntil(lambda: CROSS not in _rows(view))


def test_counted_dates_cannot_be_edited_or_deleted(qtbot, view, case, undo):
    _load(qtbot, view, case)
    row = next(r for r in _groups(view)["Missed by the agency"]
               if r.text(2) == "Initial determination due")
    view.tree.setCurrentItem(row)
    for action in (view.edit_action, view.done_action, view.delete_action):
        assert not action.isEnabled()
        assert action.toolTip() == ("Counted by Casefile from the request's dates and letters, "
                                    "so it follows them: it cannot be edited, marked done or "
                                    "deleted here.")
    assert view.edit_selected() is None
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)
    view.toggle_done()
    assert undo.count() == 0
    view.tree.setCurrentItem(view.tree.topLevelItem(0))  # a group's heading
    assert not view.edit_action.isEnabled()
    assert view.edit_action.toolTip() == "Select a deadline you entered."
    _select(view, CROSS)
    assert view.edit_action.isEnabled() and view.delete_action.isEnabled()


def test_a_read_only_case_offers_no_edits(qtbot, view, demo_case, undo):
    from casefile.store import CaseFile

    with CaseFile.open(demo_case, read_only=True) as read_only:
        _load(qtbot, view, read_only)
        _select(view, CROSS)
        for action in (view.add_action, view.edit_action, view.done_action,
                       view.delete_action):
            assert not action.isEnabled()
            assert "open read-only" in action.toolTip()
        assert view.add_deadline() is None
        view.toggle_done()
        view.delete_selected()
        assert undo.count() == 0
        view.set_case(None)
    assert not view.add_action.isEnabled()


def test_screenshot(qtbot, view, case):
    _load(qtbot, view, case)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SCREENSHOTS / "deadlines.png"))
