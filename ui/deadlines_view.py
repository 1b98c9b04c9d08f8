"""The case's deadlines, grouped the way an attorney works them.

Overdue first (in red), then what is due this week, then later; what is done
or has passed sits dimmed in a collapsed group at the bottom. Each row's
tooltip gives the rule, its citation and how the engine counted the date;
a date the engine is unsure of carries a warning icon. The rows come from
``casefile.deadlines.agenda`` (the same engine `casefile deadlines` prints).
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.dates import long_date
from casefile.deadlines.agenda import Agenda, Item, Standing, agenda, export_calendar
from casefile.store import CaseFile
from ui import theme
from ui.worker import CaseWorker, Job

COLUMNS = ("Date", "Day", "What is due", "Request / matter", "When")
DATE, DAY, WHAT, BELONGS, WHEN = range(len(COLUMNS))
UNCOUNTED = "Cannot be counted yet"
COLUMN_GAP = 24  # pixels between columns sized to their contents
REQUEST_ID = Qt.ItemDataRole.UserRole  # on a row: its request's id, or None
GROUP = Qt.ItemDataRole.UserRole + 1  # on a group's heading: its title, to keep it open


class DeadlinesView(QWidget):
    changed = Signal()  # part of every view's contract; this one only reads the case
    status = Signal(str)
    open_request = Signal(int)

    def __init__(self, worker: CaseWorker, undo: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._undo = undo if undo is not None else QUndoStack(self)  # the window's, shared
        self._case: CaseFile | None = None
        self._today: date | None = None
        self._agenda: Agenda | None = None
        self._generation = 0  # a load answered after the case changed is dropped
        self._build()
        self.refresh()

    # --- the contract -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self._case = case
        self._agenda = None
        self._fill()
        self.refresh()

    def set_today(self, day: date | None) -> None:
        """Count as if today were ``day`` (None: the real today)."""
        self._today = day
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()

    def refresh(self) -> None:
        self._generation += 1
        self.export_action.setEnabled(self._case is not None)
        if self._case is None:
            self._fill()
            return
        generation, case, today = self._generation, self._case, self.today()

        def work(_progress, _cancel) -> Agenda:
            with case.reading() as s:
                return agenda(s, today)

        def done(result: Agenda) -> None:
            if generation == self._generation:
                self._agenda = result
                self._fill()

        self._worker.submit(Job("Counting the deadlines", work, on_done=done,
                                on_failed=self._warn))

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.export_action = QAction("Export calendar (.ics)…", self)
        self.export_action.setIconText(self.export_action.text())  # keep the "…" on the button
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setToolTip("Write the open deadlines as an iCalendar file for "
                                      "Outlook or Google Calendar")
        self.export_action.triggered.connect(self.export_calendar)
        refresh = QAction("Refresh", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.setToolTip("Count the deadlines again")
        refresh.triggered.connect(self.refresh)
        for action in (self.export_action, refresh):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.toolTip()} ({keys})")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)  # the shortcut works wherever the focus is in the view

        toolbar = QToolBar()
        toolbar.setAccessibleName("Deadline actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.export_action)
        toolbar.addAction(refresh)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.today_label = QLabel()
        self.today_label.setContentsMargins(0, 0, 8, 0)
        toolbar.addWidget(self.today_label)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Deadlines")
        self.tree.setAccessibleDescription("Grouped as overdue, due this week, later, and "
                                           "done. Press Enter on a request's deadline to open "
                                           "the request.")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 8px 3px 0; }")
        self.tree.headerItem().setTextAlignment(WHEN, Qt.AlignmentFlag.AlignRight
                                                | Qt.AlignmentFlag.AlignVCenter)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)

    # --- filling the tree ---------------------------------------------------------------

    def _fill(self) -> None:
        today = self.today()
        self.today_label.setText(f"Today is {today:%A}, {long_date(today)}")
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        expanded = {g.data(0, GROUP): g.isExpanded() for g in groups}
        self.tree.clear()
        found = self._agenda
        if found is None or not (found.items or found.uncounted):
            self.empty.setText("No case is open." if self._case is None else
                               "Counting the deadlines…" if found is None else
                               "No deadlines in this case yet.")
            self.tree.hide()
            self.empty.show()
            return
        self.empty.hide()
        self.tree.show()
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for standing in Standing:
            items = [i for i in found.items if i.standing is standing]
            if not items:
                continue
            color = {Standing.OVERDUE: theme.status_color(theme.OVERDUE),
                     Standing.DONE: dim}.get(standing)
            group = self._group(standing.value, len(items), color,
                                expanded.get(standing.value, standing is not Standing.DONE))
            for item in items:
                row = QTreeWidgetItem(group, [long_date(item.due), f"{item.due:%a}", item.title,
                                              item.belongs_to, item.when(today)])
                row.setData(0, REQUEST_ID, item.request_id)
                tip = _tooltip(item)
                for column in range(len(COLUMNS)):
                    row.setToolTip(column, tip)
                    if color is not None:
                        row.setForeground(column, color)
                if item.warnings:
                    row.setIcon(WHAT, warning)
                row.setTextAlignment(WHEN, Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter)
        if found.uncounted:
            group = self._group(UNCOUNTED, len(found.uncounted), None,
                                expanded.get(UNCOUNTED, True))
            for request in found.uncounted:
                row = QTreeWidgetItem(group, ["—", "", "No deadline can be counted",
                                              request.label, ""])
                row.setData(0, REQUEST_ID, request.request_id)
                row.setIcon(WHAT, warning)
                tip = "<qt>" + "".join(f"<p>{escape(w)}</p>" for w in request.warnings)
                for column in range(len(COLUMNS)):
                    row.setToolTip(column, tip)
        for column in (DATE, DAY, BELONGS, WHEN):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, self.tree.columnWidth(column) + COLUMN_GAP)

    def _group(self, title: str, count: int, color: QColor | None,
               expanded: bool) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [f"{title} ({count})"])
        group.setData(0, GROUP, title)
        group.setFirstColumnSpanned(True)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        group.setFont(0, font)
        if color is not None:
            group.setForeground(0, color)
        group.setExpanded(expanded)
        return group

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:
            self._fill()  # light ↔ dark: the red and the dimmed grey follow
        super().changeEvent(event)

    # --- actions ------------------------------------------------------------------------

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        if row.parent() is None:
            return  # a group's heading: Enter expands it, as usual
        request_id = row.data(0, REQUEST_ID)
        if request_id is None:
            self.status.emit("This deadline belongs to the lawsuit, not to a request.")
        else:
            self.open_request.emit(request_id)

    def export_calendar(self) -> None:
        case = self._case
        if case is None:
            return
        suggested = case.path.with_name(f"{case.path.stem} deadlines.ics")
        chosen, _ = QFileDialog.getSaveFileName(self, "Export calendar", str(suggested),
                                                "iCalendar files (*.ics)")
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".ics":
            target = target.with_name(target.name + ".ics")
        today = self.today()

        def work(_progress, _cancel) -> int:
            with case.reading() as s:
                return export_calendar(s, today, case.case_uuid, target)

        self._worker.submit(Job(
            f"Exporting the calendar to {target.name}", work,
            on_done=lambda count: self.status.emit(f"Wrote {count} dates to {target}."),
            on_failed=self._warn))

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "Casefile", message)


def _tooltip(item: Item) -> str:
    rule = escape(item.rule) + (f" — {escape(item.citation)}" if item.citation else "")
    parts = [f"<p><b>{escape(item.title)}</b><br>{rule}</p>"]
    if item.counts:
        parts.append(f"<p>{escape(item.counts)}</p>")
    parts += [f"<p>⚠ {escape(w)}</p>" for w in item.warnings]
    if item.request_id is not None:
        parts.append("<p><i>Double-click or press Enter to open the request.</i></p>")
    return "<qt>" + "".join(parts)
