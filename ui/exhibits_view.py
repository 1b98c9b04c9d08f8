"""An exhibit set in order: add, retitle, choose pages, reorder and remove; labels follow.

Every edit goes on the window's undo stack and is one transaction through a
casefile function (``add_exhibit``, ``update_exhibit``, ``move``, ``remove``),
which checks it, closes up the positions and relabels the set by its scheme;
the list is then read back from the case, so what the attorney sees is what
the bundle will use. A refused edit shows its one sentence and leaves nothing
to undo.
"""

from __future__ import annotations

from collections.abc import Callable
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
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casefile import exhibit_list, exhibits
from casefile.errors import CasefileError
from casefile.exhibit_list import ExhibitRow, Kept
from casefile.store import CaseFile
from ui.add_dialog import EXHIBIT_SET, AddDialog, add_with_dialog
from ui.checked_save import Editing, save
from ui.editors import Field
from ui.exhibit_dialogs import AddExhibitDialog, Chosen
from ui.undo import AddRow, AppliedOnce, ChangeFields, push
from ui.worker import CaseWorker

if TYPE_CHECKING:
    from ui.bundle_dialog import BundleDialog

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Label", "Title", "Document", "Pages")
LABEL, TITLE, DOCUMENT, PAGES = range(len(COLUMNS))
MIME = "application/x-casefile-exhibit-row"


def _read(case: CaseFile | None, set_id: int | None) -> list[ExhibitRow]:
    if case is None or set_id is None:
        return []
    with case.reading() as s:
        return exhibit_list.read_rows(s, set_id)


class ExhibitModel(QAbstractTableModel):
    """The exhibits of one set; moving a row moves the exhibit in the case file."""

    def __init__(self, parent=None, *, mover: Callable[[int, int], bool] | None = None) -> None:
        super().__init__(parent)
        self._case: CaseFile | None = None
        self._set_id: int | None = None
        self._rows: list[ExhibitRow] = []
        # mover(exhibit id, new position from 1): moves it in the case file and has the
        # model read again; True when done. The view's, so that a drop can be undone.
        self._mover = mover

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
        # The mover reads the set again (a reset): the labels of every row in between
        # changed with the move, and an undo later moves it back the same way.
        return self._mover is not None and self._mover(self._rows[source_row].id, new_row + 1)


# --- edits: each one transaction, undone and redone through the same casefile functions


class RemoveExhibit(AppliedOnce):
    """An exhibit out of its set; undo puts it back at its place with its title, pages
    and id (edits further down the stack name it by its id), and the set is relabelled.

    Applied once before it is pushed, as ui.undo's commands are: a refused removal
    shows its sentence and leaves nothing to undo.
    """

    def __init__(self, case: CaseFile, exhibit_id: int, text: str, *,
                 after: Callable[[Kept, int | None], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self.case, self.exhibit_id = case, exhibit_id
        self.after, self.failed = after, failed
        self.kept: Kept | None = None  # read from the case as it is removed

    def apply(self, removing: bool) -> bool:
        def change(s) -> None:
            if removing:
                self.kept = exhibit_list.take_out(s, self.exhibit_id)
            else:
                self.exhibit_id = exhibit_list.put_back(s, self.kept, self.exhibit_id)

        try:
            # Run again by the case if a server gives the save up in a deadlock.
            self.case.write(change)
        except CasefileError as exc:
            self.failed(exc.message)
            return False
        self.after(self.kept, None if removing else self.exhibit_id)
        return True


def _same_pages(text: str | None, stored: str | None, page_count: int | None) -> bool:
    """'7 - 10' is the '7-10' stored: no edit to make (or to undo)."""
    try:
        return exhibits.clean_pages(text, page_count) == stored
    except CasefileError:
        return False


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
        self._shown: ExhibitRow | None = None  # the exhibit in the panel below the list
        # A save's fields both sides changed, offered side by side (ui.checked_save).
        self.conflict_dialog: QDialog | None = None
        self.model = ExhibitModel(self, mover=self._move)
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
                    for set_id, name in exhibit_list.set_choices(s):
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

        self.add_action = self._action("Add exhibit…", "Ctrl+Shift+N", "Add a document of "
                                       "the case to this set, as its last exhibit",
                                       self.open_add_dialog)
        self.up_action = self._action("Move up", "Ctrl+Up", "Move the exhibit one place up; "
                                      "the labels follow", lambda: self.move_selected(-1))
        self.down_action = self._action("Move down", "Ctrl+Down", "Move the exhibit one place "
                                        "down; the labels follow", lambda: self.move_selected(1))
        self.remove_action = self._action("Remove…", QKeySequence.StandardKey.Delete,
                                          "Take the exhibit out of this set (the document "
                                          "stays in the case)", self.remove_selected)
        # "Open", not "Open document": at 1024 px the toolbar must hold Build bundle too.
        self.open_action = self._action("Open", None, "Show the exhibit's document at its "
                                        "first page (Enter or double-click)",
                                        self.open_selected)
        self.bundle_action = self._action("Build bundle…", "Ctrl+B", "Build this set into "
                                          "PDFs ready for CM/ECF", self.open_bundle_dialog)
        toolbar = QToolBar()
        toolbar.setAccessibleName("Exhibit actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, None, self.up_action, self.down_action,
                       self.remove_action, None, self.open_action, None, self.bundle_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.new_set_action = QAction("New set…", self)
        self.new_set_action.setToolTip("Start an exhibit set for a declaration or a filing")
        self.new_set_action.triggered.connect(self.new_set)
        new_set = QToolButton()
        new_set.setDefaultAction(self.new_set_action)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 0, 0)
        top.addWidget(set_label)
        top.addWidget(self.sets)
        top.addWidget(new_set)
        top.addSpacing(12)
        top.addWidget(toolbar, 1)

        self.table = QTableView()
        self.table.setAccessibleName("Exhibits")
        self.table.setAccessibleDescription("In filing order. Ctrl+Up and Ctrl+Down move the "
                                            "selected exhibit, Delete removes it, Enter opens "
                                            "its document, Ctrl+Shift+N adds one.")
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

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        for widget in (hint, self._build_detail()):
            row = QHBoxLayout()
            row.setContentsMargins(8, 0, 8, 0)
            row.addWidget(widget)
            layout.addLayout(row)
        self.setTabOrder(self.sets, self.table)
        self.setTabOrder(self.table, self.title_edit)
        self.setTabOrder(self.title_edit, self.pages_edit)
        self.setTabOrder(self.pages_edit, self.copy_button)

    def _build_detail(self) -> QGroupBox:
        """The selected exhibit: its title and pages to edit, and its paragraph to copy."""
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Exhibit title")
        self.title_edit.setToolTip("How the declaration and the index of exhibits name it; "
                                   "saved when you press Enter or leave the box")
        self.title_edit.editingFinished.connect(self._commit_title)
        self.pages_edit = QLineEdit()
        self.pages_edit.setAccessibleName("Pages")
        self.pages_edit.setPlaceholderText("All pages")
        self.pages_edit.setToolTip("Only some pages of the document, as 1-3, 7; empty for "
                                   "all. Saved when you press Enter or leave the box")
        self.pages_edit.setMaximumWidth(18 * self.fontMetrics().averageCharWidth() + 16)
        self.pages_edit.editingFinished.connect(self._commit_pages)
        self.pages_hint = QLabel()
        self.pages_hint.setAccessibleName("Pages of the document")
        self.pages_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        pages = QHBoxLayout()
        pages.addWidget(self.pages_edit, 1)
        pages.addWidget(self.pages_hint, 1)

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
        paragraph = QHBoxLayout()
        paragraph.addWidget(self.paragraph, 1)
        paragraph.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

        self.detail = QGroupBox("Exhibit")
        self.detail.setAccessibleName("The selected exhibit")
        form = QFormLayout(self.detail)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A row whose field is a layout gets no buddy from addRow: give it one.
        for text, field, buddy in (("&Title:", self.title_edit, self.title_edit),
                                   ("&Pages:", pages, self.pages_edit),
                                   ("Paragraph:", paragraph, None)):
            label = QLabel(text)
            if buddy is not None:
                label.setBuddy(buddy)
            form.addRow(label, field)
        return self.detail

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

    def _load_set(self, keep: int | None = None, row: int = 0) -> None:
        """Read the chosen set; select exhibit ``keep``, or else ``row`` (from the end
        when negative), or the nearest there is."""
        try:
            self.model.load(self._case, self.set_id())
        except CasefileError as exc:
            self.model.load(None, None)
            self._warn(exc.message)
        self.table.resizeColumnToContents(DOCUMENT)  # a set is tens of rows: measure them all
        self.table.setColumnWidth(DOCUMENT, min(self.table.columnWidth(DOCUMENT), 420))
        count = self.model.rowCount()
        found = self.model.find(keep) if keep is not None else -1
        if count:
            if found < 0:
                found = max(0, min(row + count if row < 0 else row, count - 1))
            self.table.selectRow(found)
            self.table.scrollTo(self.model.index(found, 0))
        self._update_actions()

    def _show_in_set(self, set_id: int, *, exhibit_id: int | None = None, row: int = 0) -> None:
        """Show the set an edit changed (an undo may come while another set is chosen),
        with the exhibit selected, or else the row."""
        found = self.sets.findData(set_id)
        if found >= 0 and found != self.sets.currentIndex():
            self.sets.blockSignals(True)
            self.sets.setCurrentIndex(found)
            self.sets.blockSignals(False)
        self._load_set(keep=exhibit_id, row=row)

    def _current_row(self) -> ExhibitRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        current = self._shown = self._current_row()
        editable = current is not None and self.model.editable
        for box in (self.title_edit, self.pages_edit):
            box.setEnabled(current is not None)
            box.setReadOnly(not editable)
        if current is not None:
            self.detail.setTitle(f"{current.label} · {current.document}")
            self.title_edit.setText(current.title)
            self.title_edit.setCursorPosition(0)  # a long title shows its start
            self.pages_edit.setText(current.page_selection or "")
            count = current.page_count
            self.pages_hint.setText(f"of {count} page{'s' if count != 1 else ''}; empty for all"
                                    if count else "empty for all")
            self.paragraph.setText(current.paragraph)
        else:
            self.detail.setTitle("Exhibit")
            for widget in (self.title_edit, self.pages_edit, self.pages_hint):
                widget.clear()
            if self._case is None:
                self.paragraph.setText("No case is open.")
            elif self.sets.count() == 0:
                self.paragraph.setText("This case has no exhibit sets yet.")
            elif self.model.rowCount() == 0:
                self.paragraph.setText("This set has no exhibits yet: add one with "
                                       "Add exhibit (Ctrl+Shift+N).")
            else:
                self.paragraph.setText("Select an exhibit to see its paragraph.")
        self.copy_button.setEnabled(current is not None)
        self._update_actions()

    def _update_actions(self) -> None:
        index = self.table.currentIndex()
        row, count = (index.row() if index.isValid() else -1), self.model.rowCount()
        editable = self.model.editable and row >= 0
        self.add_action.setEnabled(self.model.editable and self.set_id() is not None)
        self.new_set_action.setEnabled(self._case is not None and not self._case.read_only)
        self.up_action.setEnabled(editable and row > 0)
        self.down_action.setEnabled(editable and row < count - 1)
        self.remove_action.setEnabled(editable)
        self.open_action.setEnabled(row >= 0)
        self.bundle_action.setEnabled(count > 0)

    # --- adding -------------------------------------------------------------------------

    def new_set(self) -> AddDialog | None:
        """Ask for a new set's name and declaration; it is chosen once added (one step
        to undo). The dialog is returned open, for tests to drive."""
        if self._case is None or self._case.read_only:
            return None

        def after(set_id: int | None) -> None:
            self.refresh()
            if set_id is not None and (found := self.sets.findData(set_id)) >= 0:
                self.sets.setCurrentIndex(found)
            self.changed.emit()

        return add_with_dialog(self, self._case, self._undo, EXHIBIT_SET, after, self._warn)

    def open_add_dialog(self) -> AddExhibitDialog | None:
        """Open the dialog that picks a document to add, modal to the window; return it.
        The exhibit is added (one step to undo) when the dialog is accepted."""
        set_id = self.set_id()
        if self._case is None or set_id is None or not self.model.editable:
            return None
        try:
            dialog = AddExhibitDialog(self._case, set_id, self)
        except CasefileError as exc:
            self._warn(exc.message)
            return None

        def accepted() -> None:
            if dialog.choice is not None:  # checked by the dialog as it closed
                self.add(set_id, dialog.choice)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def add(self, set_id: int, chosen: Chosen) -> bool:
        """Add the chosen document as the set's last exhibit and select it; False when
        the case refused (its sentence shown)."""
        case = self._case
        if case is None:
            return False

        def add(s) -> int:
            return exhibit_list.add_by_id(s, set_id, chosen.document_id, chosen.title,
                                          chosen.pages)

        def after(exhibit_id: int | None) -> None:
            self._show_in_set(set_id, exhibit_id=exhibit_id, row=-1)
            added = self._current_row() if exhibit_id is not None else None
            self.status.emit(f"Added {added.label}, “{added.title}”, to the set." if added
                             else f"“{chosen.title}” is out of the set again.")
            self.changed.emit()

        return push(self._undo, AddRow(case, add, exhibit_list.remove_last,
                                       f"Add exhibit “{chosen.title}”",
                                       after=after, failed=self._refused))

    # --- editing ------------------------------------------------------------------------

    def _commit_title(self) -> None:
        self._commit("title", self.title_edit.text().strip(), "title")

    def _commit_pages(self) -> None:
        self._commit("page_selection", self.pages_edit.text().strip() or None, "pages")

    def _commit(self, field: str, value: str | None, what: str) -> None:
        """Save a change typed in the panel, as one step to undo. The case checks it:
        a refusal shows its sentence and the panel shows what the case holds."""
        shown = self._shown
        if shown is None or self._case is None or not self.model.editable:
            return
        old = shown.title if field == "title" else shown.page_selection
        if value == old:
            return
        if field == "page_selection" and _same_pages(value, old, shown.page_count):
            self._show_detail()  # written the stored way again; nothing to undo
            return
        set_id = shown.set_id

        def after(exhibit_id: int) -> None:
            self._show_in_set(set_id, exhibit_id=exhibit_id)
            edited = self._current_row()
            if edited is not None:
                self.status.emit(f"Saved the {what} of {edited.label}.")
            self.changed.emit()

        editing = Editing(
            self, self._case, self._undo, "exhibit", shown.id, exhibit_list.change_fields,
            "exhibit", after=after, failed=self._refused, say=self.status.emit,
            reshow=lambda: self._show_in_set(set_id, exhibit_id=shown.id),
            fields=lambda names: [f for f in (Field("title", "Title"),
                                              Field("page_selection", "Pages"))
                                  if f.name in names],
            hold=lambda dialog: setattr(self, "conflict_dialog", dialog))
        save(editing, {field: old}, {field: value}, shown.row_version,
             f"Change the {what} of {shown.label}")

    # --- moving and removing ------------------------------------------------------------

    def move_selected(self, step: int) -> None:
        """Up (-1) or down (+1) one place, as Ctrl+Up / Ctrl+Down do."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.editable:
            return
        row = index.row()
        # Qt counts the destination before the move: one place down is "before row + 2".
        self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), row + (2 if step > 0 else -1))

    def _move(self, exhibit_id: int, position: int) -> bool:
        """The model's mover: a drop or a key moves the exhibit, as one step to undo."""
        row = self.model.find(exhibit_id)
        if self._case is None or row < 0:
            return False
        moving = self.model.row(row)

        def after(moved_id: int) -> None:
            self._show_in_set(moving.set_id, exhibit_id=moved_id)
            moved = self._current_row()
            if moved is not None:
                self.status.emit(f"“{moved.title}” is now {moved.label}; the labels of the "
                                 "set follow its order.")
            self.changed.emit()

        # The rows are in order of position, closed up from 1: row n is position n + 1.
        return push(self._undo, ChangeFields(self._case, exhibit_id, exhibit_list.move_to,
                                             {"position": row + 1}, {"position": position},
                                             f"Move {moving.label}", after=after,
                                             failed=self._refused))

    def remove_selected(self) -> None:
        current = self._current_row()
        if current is None or self._case is None or not self.model.editable:
            return
        answer = QMessageBox.question(
            self, "Remove exhibit",
            f"Remove {current.label}, “{current.title}”, from this set?\n\nThe document stays "
            "in the case; the exhibits after it are relabelled. Edit > Undo puts it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        push(self._undo, RemoveExhibit(self._case, current.id, f"Remove {current.label}",
                                       after=self._removed, failed=self._refused))

    def _removed(self, kept: Kept, put_back: int | None) -> None:
        """After a removal (put_back None: select what took its place) or its undo."""
        self._show_in_set(kept.set_id, exhibit_id=put_back, row=kept.position - 1)
        back = self._current_row() if put_back is not None else None
        self.status.emit(f"“{kept.title}” is back as {back.label}." if back
                         else f"Removed “{kept.title}” from the set; the exhibits after it "
                         "are relabelled.")
        self.changed.emit()

    # --- other actions ------------------------------------------------------------------

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

    def _refused(self, message: str) -> None:
        # Read the case again first: the set may have changed under the list, and the
        # panel must hold the stored values before the warning takes the focus (a box
        # losing it would otherwise save the refused text again).
        self.refresh()
        self._warn(message)

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "Casefile", message)
