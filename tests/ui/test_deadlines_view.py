"""The deadlines view: the demo case's dates in their groups, red when overdue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette
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

    with CaseFile.open(demo_case) as opened:
        yield opened


@pytest.fixture
def view(qtbot):
    worker = CaseWorker()
    v = DeadlinesView(worker)
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
    assert list(groups) == ["Overdue", "Due this week", "Later", "Done or passed"]
    overdue = [(r.text(0), r.text(2), r.text(3), r.text(4)) for r in groups["Overdue"]]
    assert overdue[0] == ("June 28, 2020", "Decision on expedited processing due",
                          "ICE 2020-ICFO-12345", "316 days overdue")
    assert ("July 17, 2020", "Initial determination due", "ICE 2020-ICFO-12345",
            "297 days overdue") in overdue
    [(week)] = groups["Due this week"]
    assert (week.text(0), week.text(1), week.text(4)) == ("May 14, 2021", "Fri", "in 4 days")
    assert "summary judgment" in week.text(2)
    assert [r.text(0) for r in groups["Later"]] == ["June 14, 2021"]
    done = groups["Done or passed"]
    assert {r.text(2) for r in done} == {"Suit may be filed (constructive exhaustion)"}
    assert not view.tree.topLevelItem(3).isExpanded()  # done: out of the way
    assert view.today_label.text() == "Today is Monday, May 10, 2021"


def test_overdue_rows_are_red_and_done_ones_dimmed(qtbot, view, case):
    _load(qtbot, view, case)
    groups = _groups(view)
    red = theme.status_color(theme.OVERDUE)
    assert all(r.foreground(c).color() == red for r in groups["Overdue"] for c in range(5))
    later = groups["Later"][0]
    assert later.foreground(0).color() != red
    dim = view.palette().color(QPalette.ColorRole.PlaceholderText)
    assert all(r.foreground(0).color() == dim for r in groups["Done or passed"])


def test_the_tooltip_gives_the_rule_its_citation_and_warnings(qtbot, view, case):
    _load(qtbot, view, case)
    rows = {(r.text(2), r.text(3)): r for r in _groups(view)["Overdue"]}
    initial = rows["Initial determination due", "ICE 2020-ICFO-12345"]
    tip = initial.toolTip(0)
    assert "20 working days from receipt on June 18, 2020 — 5 U.S.C. § 552(a)(6)(A)(i)" in tip
    assert "open the request" in tip
    answer = rows["Government's answer to the complaint due", "IDP v. DHS"]
    assert "state where the court sits" in answer.toolTip(3)  # the engine's warning
    assert not answer.icon(2).isNull()
    assert initial.icon(2).isNull()


def test_enter_on_a_requests_deadline_opens_the_request(qtbot, view, case):
    _load(qtbot, view, case)
    row = next(r for r in _groups(view)["Overdue"] if r.text(2) == "Initial determination due"
               and r.text(3).startswith("ICE"))
    view.tree.setCurrentItem(row)
    view.tree.setFocus()
    with qtbot.waitSignal(view.open_request) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    with case.reading() as s:
        from casefile.store.models import FoiaRequest

        assert s.get(FoiaRequest, opened.args[0]).tracking_no == "2020-ICFO-12345"
    matter_row = next(r for r in _groups(view)["Later"])
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
    done = {r.text(2): r.text(4) for r in _groups(view)["Done or passed"]}
    assert done["Joint status report on production due (SAMPLE)"] == "done February 12, 2021"


def test_the_calendar_export_writes_an_ics_file(qtbot, view, case, tmp_path, monkeypatch):
    _load(qtbot, view, case)
    target = tmp_path / "IDP deadlines"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.status, timeout=10_000) as said:
        view.export_action.trigger()
    written = tmp_path / "IDP deadlines.ics"
    assert said.args[0] == f"Wrote 11 dates to {written}."
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


def test_screenshot(qtbot, view, case):
    _load(qtbot, view, case)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SCREENSHOTS / "deadlines.png"))
