"""One list of the case: a filter box, a count, and a lazily filled table.

Column choice, order and widths are remembered per list (QSettings), and the
selection is kept across re-sorts and reloads by row id, not by row number.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from casefile import tables
from casefile.store import CaseFile
from ui.table_model import SqlTableModel

_FILTER_PAUSE_MS = 200  # typing pauses this long before the filter query runs


_CELL_PADDING = 12  # what the style draws around a cell's text, both sides together
_SAMPLED_ROWS = 50  # rows measured to fit a short column to its text
_LONG_COLUMN = 26  # a column hinted this many characters wide holds prose; it gives way


def text_is_cut(view, index) -> bool:
    """Whether a cell's text is wider than its column, so it shows elided ("…")."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if not text:
        return False
    width = view.columnWidth(index.column())
    return view.fontMetrics().horizontalAdvance(str(text)) + _CELL_PADDING > width


def _shared(wanted: dict[int, int], least: dict[int, int], available: int) -> dict[int, int]:
    """Widths that take ``wanted`` down toward ``least``, each column in proportion
    to what it can give, until they fit ``available`` (or reach ``least``)."""
    excess = sum(wanted.values()) - available
    give = sum(wanted[n] - least[n] for n in wanted)
    if excess <= 0 or give <= 0:
        return dict(wanted)
    share = min(1.0, excess / give)
    return {n: int(wanted[n] - (wanted[n] - least[n]) * share) for n in wanted}


class ElidedTips(QStyledItemDelegate):
    """A cell cut short by its column shows its whole text on hover; one that
    fits shows no tooltip (it would only repeat what is on screen)."""

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt's name
        if event is None or view is None or event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        if isinstance(view, QTableView) and text_is_cut(view, index):
            full = index.data(Qt.ItemDataRole.ToolTipRole) or index.data()
            QToolTip.showText(event.globalPos(), str(full), view)
        else:
            QToolTip.hideText()
            event.ignore()
        return True


class TableView(QWidget):
    activated = Signal(int)  # a row's id: double-click or Enter
    current_changed = Signal(object)  # the current row's id, or None
    failed = Signal(str)

    def __init__(self, table: tables.Table, title: str, parent: QWidget | None = None,
                 model: SqlTableModel | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.model = model or SqlTableModel(table, self)
        self._keep: int | None = None  # the id to select again after a reload
        self._want: int | None = None  # the id asked for by reload(select=…)

        self.filter = QLineEdit()
        self.filter.setProperty("casefile_kept_on_refresh", True)  # ui/remote_changes.py
        self.filter.setPlaceholderText(f"Filter {title.lower()}…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {title.lower()}")
        self.count = QLabel()
        self.count.setAccessibleName(f"Number of {title.lower()} shown")
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(_FILTER_PAUSE_MS)
        self._pause.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._typed)
        self.filter.returnPressed.connect(self._apply_filter)

        self.view = QTableView()
        self.view.setAccessibleName(title)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the list's own order
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setItemDelegate(ElidedTips(self.view))
        # Columns fit the list's width (each cut text elided, whole on hover) until the
        # user sizes one; then the user's widths stand, and scroll if they must.
        self._fitting = False
        self.user_sized = False
        self.view.viewport().installEventFilter(self)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().hide()
        # Fixed row heights: Qt then never measures rows it does not show.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionResized.connect(self._user_resized)
        header.sectionMoved.connect(self._save_header)
        self.view.doubleClicked.connect(self._activate)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self.failed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(
                self.model.id_at(current.row()) if current.isValid() else None))

        self._top = top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._restore_header()

    def add_button(self, action: QAction) -> QToolButton:
        """A button for the action beside the filter box ("Add request…"). Its shortcut
        works while the list is shown, as the buttons of a toolbar do."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._top.addWidget(button)
        return button

    # --- the case ---------------------------------------------------------------------

    def set_case(self, case: CaseFile | None, scope: int | None = None) -> None:
        self.model.set_case(case, scope, wait=True)
        self._loaded()

    def reload(self, select: int | None = None) -> None:
        """Read the rows again; then select ``select`` (a row just added), or keep
        the current one."""
        if select is not None:  # a plain reload meanwhile must not forget it
            self._want = select
        self.model.reload()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def neighbour_id(self) -> int | None:
        """The row below the current one, or above it at the end: where the selection
        goes once the current row is deleted."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        row = index.row()
        below = self.model.id_at(row + 1) if row + 1 < self.model.rowCount() else None
        return below if below is not None else (self.model.id_at(row - 1) if row else None)

    def select_id(self, row_id: int) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    # --- plumbing ---------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_id():
            self.activated.emit(self.current_id())
            return
        super().keyPressEvent(event)

    def _typed(self, _text: str) -> None:
        self._pause.start()

    def _apply_filter(self) -> None:
        self._pause.stop()
        self.model.set_filter(self.filter.text())

    def _activate(self, index) -> None:
        row_id = self.model.id_at(index.row())
        if row_id is not None:
            self.activated.emit(row_id)

    def _remember_selection(self) -> None:
        self._keep = self._want if self._want is not None else self.current_id()
        self._want = None

    def _loaded(self) -> None:
        self.fit_columns()
        shown = self.model.rowCount()
        self.count.setText(f"{shown:,} {'row' if shown == 1 else 'rows'}")
        if self._keep is not None and self.select_id(self._keep):
            self._keep = None
        elif shown and not self.view.currentIndex().isValid():
            self.select_id(self.model.id_at(0))  # a detail pane is never empty for no reason
        elif not shown:
            self.current_changed.emit(None)  # the last row gone: its editor shows none
        self._keep = None

    def _layout(self) -> str:
        """The list's own layout (its columns, which start shown, their widths), in
        the settings' keys: when a release changes it, a header saved under the old
        one (narrow columns beside a panel since moved, say) is not restored over it."""
        import zlib

        columns = "|".join(f"{c.title}:{int(c.shown)}:{c.width}"
                           for c in self.model.table.columns)
        return f"{zlib.crc32(columns.encode()):08x}"

    def _settings_key(self) -> str:
        return f"tables/{self.model.table.key}/{self._layout()}/header"

    def _by_hand_key(self) -> str:
        return f"tables/{self.model.table.key}/{self._layout()}/widths_by_hand"

    def _restore_header(self) -> None:
        header = self.view.horizontalHeader()
        state = QSettings("Casefile", "Casefile").value(self._settings_key())
        self._fitting = True  # these widths are ours, not the user's
        try:
            self.restored = state is not None and header.restoreState(state)
            # Widths a user set by hand stand; the rest are fitted to the list's width.
            self.user_sized = self.restored and bool(
                QSettings("Casefile", "Casefile").value(self._by_hand_key(), False, bool))
            if self.restored:  # the user's own choice of columns and their order
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
                return
            for n, column in enumerate(self.model.table.columns):
                header.setSectionHidden(n, not column.shown)
                # A width from the column's own hint: measuring rows
                # (resizeColumnsToContents) would read all 20,000 of them.
                header.resizeSection(n, self._hint_width(n))
        finally:
            self._fitting = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _user_resized(self, *_args) -> None:
        # The user's hand is on the header (a drag, or a double-click on a handle);
        # the last column also resizes when it stretches with the list, which is not.
        if self._fitting or not QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            return
        self.user_sized = True
        QSettings("Casefile", "Casefile").setValue(self._by_hand_key(), True)
        self._save_header()

    def _hint_width(self, n: int) -> int:
        metrics = self.view.fontMetrics()
        column = self.model.table.columns[n]
        return max(metrics.horizontalAdvance(column.title) + 30,
                   metrics.averageCharWidth() * column.width + 12)

    def fit_columns(self) -> None:
        """Fit the shown columns into the list's width. Short columns (codes, dates,
        numbers, names) get the width of their text in the first rows, up to twice
        their hint; long ones (a subject, a description) the rest, shared in
        proportion to their hints, down to a dozen characters, their text elided
        and whole on hover. Only when even that does not fit does the list scroll
        sideways. Widths the user set by hand are left alone."""
        if self.user_sized:
            return
        header = self.view.horizontalHeader()
        columns = self.model.table.columns
        shown = [n for n in range(len(columns)) if not header.isSectionHidden(n)]
        if not shown:
            return
        metrics = self.view.fontMetrics()
        rows = min(self.model.rowCount(), _SAMPLED_ROWS)

        def content(n: int) -> int:
            texts = (self.model.data(self.model.index(r, n)) for r in range(rows))
            return max((metrics.horizontalAdvance(t) for t in texts if t), default=0) \
                + _CELL_PADDING + 6

        title = {n: metrics.horizontalAdvance(columns[n].title) + 30 for n in shown}
        long = {n for n in shown if columns[n].width >= _LONG_COLUMN}
        measured = {n: content(n) for n in shown if n not in long and rows}
        # A column a view adds of its own (the Vaughn review's flags) keeps its width.
        available = self.view.viewport().width() - sum(
            header.sectionSize(n) for n in range(len(columns), header.count())
            if not header.isSectionHidden(n))
        # A short column's text whole, up to twice its hint while the prose columns
        # keep 60% of theirs; else up to its hint, so the prose keeps its room.
        for stretch in (2, 1):
            wanted = {n: max(title[n], min(stretch * self._hint_width(n), measured[n]))
                      if n in measured else self._hint_width(n) for n in shown}
            if sum(int(0.6 * wanted[n]) if n in long else wanted[n]
                   for n in shown) <= available:
                break
        least = {n: max(title[n], metrics.averageCharWidth() * 12) if n in long else wanted[n]
                 for n in shown}
        widths = _shared(wanted, least, available)
        if sum(widths.values()) > available:
            # A narrow list: the other text columns give way too, to their title's
            # width (their text elided and whole on hover); numbers never do.
            tight = {n: widths[n] if columns[n].numeric else
                     min(widths[n], max(title[n] - 14, metrics.averageCharWidth() * 6))
                     for n in shown}
            widths = _shared(widths, tight, available)
        self._fitting = True
        try:
            for n in shown:
                header.resizeSection(n, widths[n])
        finally:
            self._fitting = False

    def _save_header(self, *_args) -> None:
        QSettings("Casefile", "Casefile").setValue(self._settings_key(),
                                                   self.view.horizontalHeader().saveState())

    def _column_menu(self, position) -> None:
        header = self.view.horizontalHeader()
        menu = QMenu(self)
        for n, column in enumerate(self.model.table.columns):
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(n))
            action.toggled.connect(lambda on, n=n: (header.setSectionHidden(n, not on),
                                                    self.fit_columns(), self._save_header()))
            menu.addAction(action)
        menu.exec(header.mapToGlobal(position))
