"""An exhibit set in order: drag (or Ctrl+Up/Down) to reorder, labels follow at once.

Every move is one transaction through ``casefile.exhibits.move``, which closes
up the positions and relabels the set by its scheme; the list is then read
back from the case, so what the attorney sees is what the bundle will use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile import exhibits
from casefile.errors import CasefileError, NotFound
from casefile.exhibits import display_label
from casefile.store import CaseFile
from casefile.store.models import Exhibit, ExhibitSet
from ui.worker import CaseWorker

if TYPE_CHECKING:
    from ui.bundle_dialog import BundleDialog

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Label", "Title", "Document", "Pages")
LABEL, TITLE, DOCUMENT, PAGES = range(len(COLUMNS))
MIME = "application/x-casefile-exhibit-row"


@dataclass(frozen=True)
class ExhibitRow:
    """One exhibit as shown: plain values, no ORM object outlives its session."""

    id: int
    document_id: int
    label: str  # "Ex. 1", with the set's prefix
    title: str
    document: str
    pages: str  # "All (2)", "7-10 (4 of 12)"
    first_page: int  # where a preview of the exhibit opens
    paragraph: str  # the declaration's sentence for it


def read_rows(session: Session, set_id: int) -> list[ExhibitRow]:
    """The set's exhibits in order, as the view shows them."""
    exhibit_set = exhibits.find_set(session, str(set_id))
    found = session.scalars(
        select(Exhibit).where(Exhibit.set_id == exhibit_set.id).order_by(Exhibit.position)
        .options(selectinload(Exhibit.document)))
    rows = []
    for e in found:
        ranges = exhibits.parse_pages(e.page_selection) if e.page_selection else []
        count = e.document.page_count
        if not ranges:
            pages = f"All ({count})" if count else "All"
        else:
            chosen = sum(b - a + 1 for a, b in ranges)
            pages = f"{e.page_selection} ({chosen} of {count})" if count else e.page_selection
        rows.append(ExhibitRow(e.id, e.document_id, display_label(exhibit_set, e), e.title,
                               e.document.name, pages, ranges[0][0] if ranges else 1,
                               exhibits.paragraph(e)))
    return rows


def _read(case: CaseFile | None, set_id: int | None) -> list[ExhibitRow]:
    if case is None or set_id is None:
        return []
    with case.reading() as s:
        return read_rows(s, set_id)


class ExhibitModel(QAbstractTableModel):
    """The exhibits of one set; moving a row moves the exhibit in the case file."""

    failed = Signal(str)  # a move the case refused, as its one sentence
    moved = Signal(int, int)  # old row, new row: after the case file changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._case: CaseFile | None = None
        self._set_id: int | None = None
        self._rows: list[ExhibitRow] = []

    def load(self, case: CaseFile | None, set_id: int | None) -> None:
        rows = _read(case, set_id)  # first: a refused read leaves the model as it was
        self.beginResetModel()
        self._case, self._set_id, self._rows = case, set_id, rows
        self.endResetModel()

    @property
    def editable(self) -> bool:
        return self._case is not None and not self._case.read_only

    def row(self, row: int) -> ExhibitRow:
        return self._rows[row]

    def find(self, exhibit_id: int) -> int:
        """The row showing the exhibit, or -1."""
        return next((n for n, r in enumerate(self._rows) if r.id == exhibit_id), -1)

    # --- reading ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (r.label, r.title, r.document, r.pages)[index.column()]
        if role == Qt.ItemDataRole.FontRole and index.column() == LABEL:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    # --- moving: drag and drop, and the keyboard ----------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows (on the root), never onto an exhibit.
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsDragEnabled if self.editable else flags

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's name
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if indexes:
            data.setData(MIME, QByteArray(str(indexes[0].row()).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        return self.editable and data.hasFormat(MIME) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        """Move the dragged exhibit to where it was dropped.

        QTableView (unlike QListView) asks the model to insert the dropped row
        and then to remove the source; a move done here is the whole of it, and
        that later removal is a no-op because this model has no removeRows.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        source = int(bytes(data.data(MIME)).decode())
        if row < 0:  # dropped on an exhibit, or below the last one
            row = parent.row() if parent.isValid() else len(self._rows)
        return self.moveRows(QModelIndex(), source, 1, QModelIndex(), row)

    def moveRows(self, source_parent: Index, source_row: int, count: int,  # noqa: N802
                 destination_parent: Index, destination_child: int) -> bool:
        """Qt's move: ``destination_child`` is the row it goes before, counted before."""
        n = len(self._rows)
        if (not self.editable or source_parent.isValid() or destination_parent.isValid()
                or count != 1
                or not 0 <= source_row < n or not 0 <= destination_child <= n
                or destination_child in (source_row, source_row + 1)):
            return False
        new_row = destination_child if destination_child < source_row else destination_child - 1
        try:
            with self._case.transaction() as s:
                exhibit = s.get(Exhibit, self._rows[source_row].id)
                if exhibit is None:
                    raise NotFound("That exhibit is no longer in this set.")
                exhibits.move(s, exhibit, new_row + 1)
            rows = _read(self._case, self._set_id)
        except CasefileError as exc:
            self.failed.emit(exc.message)
            return False
        self.beginMoveRows(QModelIndex(), source_row, source_row, QModelIndex(),
                           destination_child)
        self._rows = rows
        self.endMoveRows()
        # Labels and paragraphs of every row in between changed with the move.
        self.dataChanged.emit(self.index(0, 0), self.index(n - 1, len(COLUMNS) - 1))
        self.moved.emit(source_row, new_row)
        return True


class ExhibitsView(QWidget):
    changed = Signal()
    status = Signal(str)
    open_document = Signal(int, int)  # document id, page

    def __init__(self, worker: CaseWorker, undo: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._undo = undo if undo is not None else QUndoStack(self)  # the window's, shared
        self._case: CaseFile | None = None
        self.model = ExhibitModel(self)
        self.model.failed.connect(self._move_refused)
        self.model.moved.connect(self._moved)
        self._build()
        self._update_actions()

    # --- the contract -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self._case = case
        self.refresh()

    def refresh(self) -> None:
        """Read the sets and the chosen set's exhibits again, keeping the selection."""
        chosen, current = self.set_id(), self._current_row()
        self.sets.blockSignals(True)
        self.sets.clear()
        if self._case is not None:
            try:
                with self._case.reading() as s:
                    for set_id, name in s.execute(
                            select(ExhibitSet.id, ExhibitSet.name).order_by(ExhibitSet.id)):
                        self.sets.addItem(name, set_id)
            except CasefileError as exc:
                self._warn(exc.message)
        if chosen is not None and (found := self.sets.findData(chosen)) >= 0:
            self.sets.setCurrentIndex(found)
        self.sets.blockSignals(False)
        self._load_set(keep=current.id if current else None)

    def set_id(self) -> int | None:
        return self.sets.currentData()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.sets = QComboBox()
        self.sets.setAccessibleName("Exhibit set")
        self.sets.setToolTip("The exhibits of which declaration or filing to show")
        self.sets.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sets.setMinimumContentsLength(24)
        self.sets.currentIndexChanged.connect(lambda _i: self._load_set())
        set_label = QLabel("&Exhibit set:")
        set_label.setBuddy(self.sets)

        self.up_action = self._action("Move up", "Ctrl+Up", "Move the exhibit one place up; "
                                      "the labels follow", lambda: self.move_selected(-1))
        self.down_action = self._action("Move down", "Ctrl+Down", "Move the exhibit one place "
                                        "down; the labels follow", lambda: self.move_selected(1))
        self.remove_action = self._action("Remove…", QKeySequence.StandardKey.Delete,
                                          "Take the exhibit out of this set (the document "
                                          "stays in the case)", self.remove_selected)
        self.open_action = self._action("Open document", None, "Show the exhibit's document "
                                        "at its first page (Enter or double-click)",
                                        self.open_selected)
        self.bundle_action = self._action("Build bundle…", "Ctrl+B", "Build this set into "
                                          "PDFs ready for CM/ECF", self.open_bundle_dialog)
        toolbar = QToolBar()
        toolbar.setAccessibleName("Exhibit actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.up_action, self.down_action, self.remove_action, None,
                       self.open_action, None, self.bundle_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 0, 0)
        top.addWidget(set_label)
        top.addWidget(self.sets)
        top.addSpacing(12)
        top.addWidget(toolbar, 1)

        self.table = QTableView()
        self.table.setAccessibleName("Exhibits")
        self.table.setAccessibleDescription("In filing order. Ctrl+Up and Ctrl+Down move the "
                                            "selected exhibit, Delete removes it, Enter opens "
                                            "its document.")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragDropOverwriteMode(False)  # drop between rows, not onto one
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDropIndicatorShown(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, mode in ((LABEL, QHeaderView.ResizeMode.ResizeToContents),
                             (TITLE, QHeaderView.ResizeMode.Stretch),
                             (DOCUMENT, QHeaderView.ResizeMode.Interactive),
                             (PAGES, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        self.model.dataChanged.connect(lambda *_: self._show_detail())

        hint = QLabel("Drag an exhibit to reorder the set, or press Ctrl+Up / Ctrl+Down; "
                      "the labels follow at once.")
        hint.setAccessibleName("How to reorder")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.paragraph = QLabel()
        self.paragraph.setAccessibleName("Declaration paragraph")
        self.paragraph.setWordWrap(True)
        self.paragraph.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.paragraph.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Preferred)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setAccessibleName("Copy the paragraph")
        self.copy_button.setToolTip("Copy the paragraph, to paste into the declaration")
        self.copy_button.clicked.connect(self._copy_paragraph)
        detail = QGroupBox("Paragraph for the declaration")
        detail.setAccessibleName("Paragraph for the declaration")
        detail_layout = QHBoxLayout(detail)
        detail_layout.addWidget(self.paragraph, 1)
        detail_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for widget in (hint, detail):
            row = QHBoxLayout()
            row.setContentsMargins(8, 0, 8, 0)
            row.addWidget(widget)
            layout.addLayout(row)
        self.setTabOrder(self.sets, self.table)
        self.setTabOrder(self.table, self.copy_button)

    def _action(self, text: str, shortcut, tip: str, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            tip += f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        # Only while the focus is in this view: another view may use the same keys.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- showing ------------------------------------------------------------------------

    def _load_set(self, keep: int | None = None) -> None:
        try:
            self.model.load(self._case, self.set_id())
        except CasefileError as exc:
            self.model.load(None, None)
            self._warn(exc.message)
        self.table.resizeColumnToContents(DOCUMENT)  # a set is tens of rows: measure them all
        self.table.setColumnWidth(DOCUMENT, min(self.table.columnWidth(DOCUMENT), 420))
        row = self.model.find(keep) if keep is not None else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))
        self._update_actions()

    def _current_row(self) -> ExhibitRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        current = self._current_row()
        if current is not None:
            self.paragraph.setText(current.paragraph)
        elif self._case is None:
            self.paragraph.setText("No case is open.")
        elif self.sets.count() == 0:
            self.paragraph.setText("This case has no exhibit sets yet.")
        else:
            self.paragraph.setText("Select an exhibit to see its paragraph.")
        self.copy_button.setEnabled(current is not None)
        self._update_actions()

    def _update_actions(self) -> None:
        index = self.table.currentIndex()
        row, count = (index.row() if index.isValid() else -1), self.model.rowCount()
        editable = self.model.editable and row >= 0
        self.up_action.setEnabled(editable and row > 0)
        self.down_action.setEnabled(editable and row < count - 1)
        self.remove_action.setEnabled(editable)
        self.open_action.setEnabled(row >= 0)
        self.bundle_action.setEnabled(count > 0)

    # --- actions ------------------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        """Up (-1) or down (+1) one place, as Ctrl+Up / Ctrl+Down do."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.editable:
            return
        row = index.row()
        # Qt counts the destination before the move: one place down is "before row + 2".
        self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), row + (2 if step > 0 else -1))

    def _moved(self, _old: int, new: int) -> None:
        self.table.selectRow(new)
        moved = self.model.row(new)
        self.status.emit(f"“{moved.title}” is now {moved.label}; the labels of the set "
                         "follow its order.")
        self.changed.emit()

    def remove_selected(self) -> None:
        current = self._current_row()
        if current is None or not self.model.editable:
            return
        answer = QMessageBox.question(
            self, "Remove exhibit",
            f"Remove {current.label}, “{current.title}”, from this set?\n\nThe document stays "
            "in the case; the exhibits after it are relabelled.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self._case.transaction() as s:
                exhibit = s.get(Exhibit, current.id)
                if exhibit is not None:
                    exhibits.remove(s, exhibit)
        except CasefileError as exc:
            self._warn(exc.message)
            return
        row = self.table.currentIndex().row()
        self._load_set()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.status.emit(f"Removed {current.label}, “{current.title}”, from the set.")
        self.changed.emit()

    def open_selected(self) -> None:
        current = self._current_row()
        if current is not None:
            self.open_document.emit(current.document_id, current.first_page)

    def open_bundle_dialog(self) -> BundleDialog | None:
        """Open the bundle dialog for the chosen set, modal to the window; return it."""
        # Imported here: the bundle work (pikepdf, ReportLab) is a tenth of the
        # window's start-up, and most sessions never build a bundle.
        from ui.bundle_dialog import BundleDialog

        if self._case is None or self.set_id() is None:
            return None
        try:
            dialog = BundleDialog(self._worker, self._case, self.set_id(), self)
        except CasefileError as exc:
            self._warn(exc.message)
            return None
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _copy_paragraph(self) -> None:
        current = self._current_row()
        if current is not None:
            QGuiApplication.clipboard().setText(current.paragraph)
            self.status.emit(f"Copied the paragraph for {current.label}.")

    def _move_refused(self, message: str) -> None:
        self._warn(message)
        self.refresh()  # the set may have changed under the list

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "Casefile", message)
