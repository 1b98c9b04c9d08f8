"""The case's deadlines, grouped the way an attorney works them.

Our own overdue duties first (in red), then what is due this week, later, what
the agency has missed (its own group, in plain words: that is leverage, not
our emergency), and, dimmed in a collapsed group at the bottom, what is done or
has passed. Each row says whose duty the date is; its tooltip gives the rule,
its citation and how the engine counted the date; a date the engine is unsure
of carries a warning icon. The rows come from ``casefile.deadlines.agenda``.

The deadlines the user entered (court orders, briefing) can be added, edited,
marked done and deleted here, each through the window's undo stack; the dates
the engine counts follow from the requests and the lawsuit, so they cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
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
from casefile.deadlines.agenda import (
    Agenda,
    Item,
    Owner,
    Standing,
    agenda,
    export_calendar,
    request_choices,
)
from casefile.deadlines.entered import (
    KIND_WORDS,
    add_from_form,
    change_from_form,
    form_values,
    mark_done_by_id,
    remove_by_id,
)
from casefile.errors import CasefileError
from casefile.store import CaseFile
from ui import theme
from ui.checked_save import Editing, save
from ui.deadline_dialog import DeadlineDialog
from ui.editors import Field
from ui.undo import AddRow, RemoveRow, push
from ui.worker import CaseWorker, Job

COLUMNS = ("Date", "Day", "What is due", "Request / matter", "Owed by", "When")
DATE, DAY, WHAT, BELONGS, OWNER, WHEN = range(len(COLUMNS))
UNCOUNTED = "Cannot be counted yet"
COLUMN_GAP = 16  # pixels between columns sized to their contents (the padding adds 8)
REQUEST_ID = Qt.ItemDataRole.UserRole  # on a row: its request's id, or None
GROUP = Qt.ItemDataRole.UserRole + 1  # on a group's heading: its title, to keep it open
ITEM = Qt.ItemDataRole.UserRole + 2  # on a row: its agenda Item
WHY_COUNTED = ("Counted by Casefile from {source}, so it follows them: it cannot be edited, "
               "marked done or deleted here.")


def _fields(names: list[str], requests: list[tuple[int, str]]) -> list[Field]:
    """A deadline's fields named, as the conflict dialog shows them."""
    every = (Field("title", "Title"), Field("due_on", "Due on"),
             Field("kind", "Kind", "choice",
                   choices=tuple((shown, kind) for kind, shown in KIND_WORDS.items())),
             Field("request_id", "Request", "choice",
                   choices=(("None: the lawsuit", None), *((label, request_id)
                                                           for request_id, label in requests))),
             Field("rule", "Rule"), Field("citation", "Citation"),
             Field("remind_days_before", "Reminder (days before)"),
             Field("done_on", "Done on"))
    return [field for field in every if field.name in names]


class DeadlinesView(QWidget):
    changed = Signal()  # after an edit of the case's deadlines (and its undo or redo)
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
        self._select: tuple | None = None  # the row to select once the tree is filled again
        self._refusals: list[str] | None = None  # while a dialog shows the refusal itself
        self._settling = False  # a save refused over someone else's is being settled
        # A save's fields both sides changed, offered side by side (ui.checked_save).
        self.conflict_dialog: QDialog | None = None
        self._build()
        self.refresh()

    # --- the contract -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self._case = case
        self._agenda = None
        self._select = None
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
        self._update_actions()
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

    def printables(self) -> list:
        """What File > Print offers here: the agenda as shown, and the exhaustion
        chronology of every request, both counted as of the view's today."""
        from casefile.printouts import agenda_printout, chronology_printout
        from ui.printing import Printable

        if self._case is None:
            return []
        today = self.today()
        return [Printable("the deadlines", lambda s, _p, _c: agenda_printout(s, today),
                          landscape=True),
                Printable("the exhaustion chronology",
                          lambda s, _p, _c: chronology_printout(s, today))]

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.add_action = self._action("Add deadline…", "Ctrl+Shift+N",
                                       "Enter a deadline: a court's order, a briefing date",
                                       self.add_deadline)
        self.edit_action = self._action("Edit…", "F2", "Change the deadline you entered",
                                        self.edit_selected)
        self.done_action = self._action("Mark done", "Ctrl+Shift+D", "Mark the deadline done today",
                                        self.toggle_done)
        self.delete_action = self._action("Delete", QKeySequence.StandardKey.Delete,
                                          "Delete the deadline you entered (Edit > Undo puts "
                                          "it back)", self.delete_selected)
        self.export_action = self._action("Export calendar (.ics)…", "Ctrl+Shift+E",
                                          "Write the open deadlines as an iCalendar file for "
                                          "Outlook or Google Calendar", self.export_calendar)
        refresh = self._action("Refresh", QKeySequence.StandardKey.Refresh,
                               "Count the deadlines again", self.refresh)
        self._tips = {a: a.toolTip() for a in (self.add_action, self.edit_action,
                                               self.done_action, self.delete_action)}

        toolbar = QToolBar()
        toolbar.setAccessibleName("Deadline actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.done_action,
                       self.delete_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
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
        self.tree.setAccessibleDescription("Grouped as overdue, due this week, later, missed "
                                           "by the agency, and done. Press Enter on a "
                                           "request's deadline to open the request.")
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
        self.tree.currentItemChanged.connect(lambda *_: self._update_actions())
        # Right-click offers the same edits as the toolbar.
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.addActions([self.edit_action, self.done_action, self.delete_action,
                              self.add_action])

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)

    def _action(self, text: str, shortcut, tip: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # keep the "…" on the button
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({keys(action)})")
        # Only while the focus is in this view: another view may use the same keys.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _update_actions(self) -> None:
        """Enable what the selected row allows, and say why not where it does not."""
        item = self.current_item()
        case = self._case
        self.done_action.setText("Mark not done" if item is not None and item.done_on
                                 else "Mark done")
        self.done_action.setIconText(self.done_action.text())
        if case is None:
            why = "No case is open."
        elif case.read_only:
            why = f"{case.path.name} is open read-only; nothing can be changed."
        else:
            why = None
        self.add_action.setEnabled(why is None)
        self.add_action.setToolTip(why or self._tips[self.add_action])
        if why is None:
            if item is None:
                why = "Select a deadline you entered."
            elif not item.entered:
                source = ("the lawsuit's filing and service dates" if item.request_id is None
                          else "the request's dates and letters")
                why = WHY_COUNTED.format(source=source)
        for action in (self.edit_action, self.done_action, self.delete_action):
            action.setEnabled(why is None)
            tip = self._tips[action]
            if action is self.done_action and item is not None and item.done_on:
                tip = f"Open the deadline again: it is not done ({keys(action)})"
            action.setToolTip(tip if why is None else why)

    # --- filling the tree ---------------------------------------------------------------

    def current_item(self) -> Item | None:
        """The agenda item of the selected row, if a row (not a heading) is selected."""
        row = self.tree.currentItem()
        return row.data(0, ITEM) if row is not None else None

    def _fill(self) -> None:
        today = self.today()
        self.today_label.setText(f"Today is {today:%A}, {long_date(today)}")
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        expanded = {g.data(0, GROUP): g.isExpanded() for g in groups}
        current = self.current_item()
        select = self._select or (_key(current) if current is not None else None)
        self._select = None
        self.tree.clear()
        found = self._agenda
        if found is None or not (found.items or found.uncounted):
            self.empty.setText("No case is open." if self._case is None else
                               "Counting the deadlines…" if found is None else
                               "No deadlines in this case yet.")
            self.tree.hide()
            self.empty.show()
            self._update_actions()
            return
        self.empty.hide()
        self.tree.show()
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        chosen = None
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
                                              item.belongs_to, item.owner or "",
                                              item.when(today)])
                row.setData(0, REQUEST_ID, item.request_id)
                row.setData(0, ITEM, item)
                tip = _tooltip(item)
                for column in range(len(COLUMNS)):
                    row.setToolTip(column, tip)
                    if color is not None:
                        row.setForeground(column, color)
                if item.warnings:
                    row.setIcon(WHAT, warning)
                row.setTextAlignment(WHEN, Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter)
                if select is not None and _key(item) == select:
                    chosen = row
        if found.uncounted:
            group = self._group(UNCOUNTED, len(found.uncounted), None,
                                expanded.get(UNCOUNTED, True))
            for request in found.uncounted:
                row = QTreeWidgetItem(group, ["—", "", "No deadline can be counted",
                                              request.label, "", ""])
                row.setData(0, REQUEST_ID, request.request_id)
                row.setIcon(WHAT, warning)
                tip = "<qt>" + "".join(f"<p>{escape(w)}</p>" for w in request.warnings)
                for column in range(len(COLUMNS)):
                    row.setToolTip(column, tip)
        for column in (DAY, BELONGS, OWNER, WHEN):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, self.tree.columnWidth(column) + COLUMN_GAP)
        self._fit_dates()
        if chosen is not None:
            chosen.parent().setExpanded(True)
            self.tree.setCurrentItem(chosen)
            self.tree.scrollToItem(chosen)
        self._update_actions()

    def _fit_dates(self) -> None:
        # Fitted to the dates alone: the group headings span the row, and fitting
        # "Missed by the agency (5)" too would take the width the titles need.
        metrics = self.tree.fontMetrics()
        widest = max((metrics.horizontalAdvance(group.child(n).text(DATE))
                      for group in map(self.tree.topLevelItem,
                                       range(self.tree.topLevelItemCount()))
                      for n in range(group.childCount())), default=0)
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        # A row sits one level in, under a decorated root: two indentations from the edge.
        self.tree.setColumnWidth(DATE, 2 * self.tree.indentation() + widest + margin + 8
                                 + COLUMN_GAP)

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

    # --- navigating ---------------------------------------------------------------------

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        if row.parent() is None:
            return  # a group's heading: Enter expands it, as usual
        request_id = row.data(0, REQUEST_ID)
        if request_id is None:
            self.status.emit("This deadline belongs to the lawsuit, not to a request.")
        else:
            self.open_request.emit(request_id)

    # --- edits (each one transaction, each through the undo stack) -----------------------

    def _editable(self) -> bool:
        return self._case is not None and not self._case.read_only

    def _selected_entered(self) -> Item | None:
        item = self.current_item()
        return item if item is not None and item.entered and self._editable() else None

    def add_deadline(self) -> DeadlineDialog | None:
        """Open the dialog for a new deadline (window-modal); return it."""
        if not self._editable():
            return None
        dialog = DeadlineDialog(self._requests(), self._add, parent=self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit_selected(self) -> DeadlineDialog | None:
        """Open the dialog on the selected entered deadline; return it."""
        item = self._selected_entered()
        if item is None:
            return None
        try:
            with self._case.reading() as s:
                old, version = form_values(s, item.deadline_id)
        except CasefileError as exc:
            self._warn(exc.message)
            return None
        deadline_id, requests = item.deadline_id, self._requests()
        dialog = DeadlineDialog(requests,
                                lambda new: self._edit(deadline_id, old, new, version, requests),
                                values=old, parent=self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def toggle_done(self) -> None:
        """Mark the selected entered deadline done today, or open again if it was done."""
        item = self._selected_entered()
        if item is None:
            return
        done_on = None if item.done_on else self.today()
        text = (f"Mark “{item.title}” done" if done_on else f"Mark “{item.title}” not done")
        save(self._editing(item.deadline_id, mark_done_by_id, []), {"done_on": item.done_on},
             {"done_on": done_on}, item.row_version, text)

    def delete_selected(self) -> None:
        """Delete the selected entered deadline; Edit > Undo puts it back."""
        item = self._selected_entered()
        if item is None:
            return
        command = RemoveRow(self._case, item.deadline_id,
                            remove_by_id,
                            f"Delete the deadline “{item.title}”", after=self._edited,
                            failed=self._refused)
        if push(self._undo, command):
            self.status.emit(f"Deleted “{item.title}”. Edit > Undo puts it back.")

    def _add(self, values: dict[str, Any]) -> str | None:
        """The dialog's submit: add the deadline; the sentence if the case refused it."""
        values = dict(values)

        command = AddRow(self._case, lambda s: add_from_form(s, values), remove_by_id,
                         f"Add the deadline “{values['title']}”", after=self._edited,
                         failed=self._refused)
        return self._through_dialog(lambda: push(self._undo, command))

    def _edit(self, deadline_id: int, old: dict[str, Any], new: dict[str, Any],
              version: int | None, requests: list[tuple[int, str]]) -> str | None:
        changed = {name: value for name, value in new.items() if value != old.get(name)}
        if not changed:
            return None  # nothing to change: nothing to undo
        editing = self._editing(deadline_id, change_from_form, requests)
        return self._through_dialog(lambda: save(
            editing, {name: old.get(name) for name in changed}, changed, version,
            f"Edit the deadline “{new.get('title') or old.get('title')}”"))

    def _editing(self, deadline_id: int, apply, requests: list[tuple[int, str]]) -> Editing:
        """A save of the deadline checked against the version shown (ui.checked_save)."""

        def settling() -> None:
            self._settling = True

        return Editing(self, self._case, self._undo, "deadline", deadline_id, apply, "deadline",
                       after=self._edited, failed=self._refused, say=self.status.emit,
                       reshow=self.refresh, fields=lambda names: _fields(names, requests),
                       hold=lambda dialog: setattr(self, "conflict_dialog", dialog),
                       settling=settling)

    def _through_dialog(self, edit: Callable[[], bool]) -> str | None:
        """Make the edit with its refusal collected for the dialog, not a message box."""
        self._refusals, self._settling = [], False
        try:
            applied = edit()
            refusals = self._refusals
        finally:
            self._refusals = None
        if refusals:
            return refusals[0]
        # Saved, or refused over someone else's save and settled apart from this dialog
        # (merged, or both values offered): either way this dialog has done its part.
        return None if applied or self._settling else "The deadline was not saved."

    def _edited(self, deadline_id: int | None) -> None:
        """After an edit, its undo or its redo: count again, and keep the row selected."""
        if deadline_id is not None:
            self._select = ("entered", deadline_id)
        self.refresh()
        self.changed.emit()

    def _refused(self, message: str) -> None:
        if self._refusals is not None:
            self._refusals.append(message)
        else:
            self._warn(message)
            self.refresh()  # the case may have changed under the list

    def _requests(self) -> list[tuple[int, str]]:
        try:
            with self._case.reading() as s:
                return request_choices(s)
        except CasefileError as exc:
            self._warn(exc.message)
            return []

    # --- the calendar -------------------------------------------------------------------

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


def keys(action: QAction) -> str:
    """The action's shortcut as the platform writes it, for its tooltip."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def _key(item: Item) -> tuple:
    """What names a row across a refresh: an entered deadline's id, or a counted date."""
    if item.entered:
        return ("entered", item.deadline_id)
    return ("counted", item.belongs_to, item.title)


def _tooltip(item: Item) -> str:
    rule = escape(item.rule) + (f" — {escape(item.citation)}" if item.citation else "")
    parts = [f"<p><b>{escape(item.title)}</b><br>{rule}</p>"]
    if item.counted_rule:
        counted = escape(item.counted_rule) + (f" — {escape(item.counted_citation)}"
                                               if item.counted_citation else "")
        parts.append(f"<p>Casefile counts the same date: {counted}</p>")
    if item.counts:
        parts.append(f"<p>{escape(item.counts)}</p>")
    parts += [f"<p>⚠ {escape(w)}</p>" for w in item.warnings]
    if item.owner is Owner.AGENCY:
        owed = "The agency's duty, not ours."
        if item.standing is Standing.MISSED and item.entered:
            owed += " Not marked done: if the agency met it, mark it done."
        elif item.standing is Standing.MISSED:
            owed += " Its time ran out without it acting in time."
        parts.append(f"<p>{owed}</p>")
    elif item.owner is Owner.US and item.standing is Standing.OVERDUE and item.entered:
        parts.append("<p>Our duty, not marked done. Once it is done, mark it done.</p>")
    if item.request_id is not None:
        parts.append("<p><i>Double-click or press Enter to open the request.</i></p>")
    return "<qt>" + "".join(parts)
