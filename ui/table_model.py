"""A table over one of casefile.tables: row ids in order, rows fetched as shown.

The model holds the ids of the rows (20,000 ints for a large Vaughn index) and
reads the text of a row only when the view asks for it, a few hundred rows per
query. Sorting and filtering are one SQL query each (``tables.ids``), run on a
reader thread so that a slow one never stalls the window: the new order
replaces the old when it arrives, and a newer request supersedes an older.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)

from casefile import tables
from casefile.errors import CasefileError
from casefile.store import CaseFile

Index = QModelIndex | QPersistentModelIndex

_CACHED_ROWS = 5000  # rows' text kept (a few MB at most); the rest re-read on demand


class _Answer(QObject):
    ready = Signal(int, object)  # generation, list of ids (or a CasefileError)


class _Query(QRunnable):
    def __init__(self, case: CaseFile, table: tables.Table, generation: int, answer: _Answer,
                 **criteria) -> None:
        super().__init__()
        self.case, self.table, self.generation, self.answer = case, table, generation, answer
        self.criteria = criteria

    def run(self) -> None:
        try:
            with self.case.reading() as s:
                found: object = tables.ids(s, self.table, **self.criteria)
        except CasefileError as exc:
            found = exc
        self.answer.ready.emit(self.generation, found)


class SqlTableModel(QAbstractTableModel):
    """Passes Qt's model tester; sorts and filters in SQL, never in Qt."""

    loaded = Signal()  # new ids are in (after open, sort, filter or refresh)
    failed = Signal(str)

    def __init__(self, table: tables.Table, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.case: CaseFile | None = None
        self.scope: int | None = None
        self._ids: list[int] = []
        self._rows: OrderedDict[int, tuple[str, ...]] = OrderedDict()
        self._sort: int | None = None
        self._descending = False
        self._text = ""
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._answer = _Answer(self)
        self._answer.ready.connect(self._arrived)

    # --- what to show -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None, scope: int | None = None, *,
                 wait: bool = False) -> None:
        self.case, self.scope = case, scope
        self.reload(wait=wait)

    def reload(self, *, wait: bool = False) -> None:
        """Re-read ids and rows: after an edit, or when the case changed elsewhere."""
        self._rows.clear()
        if self.case is None:
            self._replace([])
            return
        self._generation += 1
        query = _Query(self.case, self.table, self._generation, self._answer, sort=self._sort,
                       descending=self._descending, text=self._text, scope=self.scope)
        if wait:  # opening a case: the first screen is worth the few milliseconds
            query.run()
        else:
            self._pool.start(query)

    def set_filter(self, text: str) -> None:
        if text.strip() != self._text:
            self._text = text.strip()
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = column if 0 <= column < len(self.table.columns) else None
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def wait(self) -> None:
        """Until the last query is answered and applied (tests, benchmarks)."""
        self._pool.waitForDone()
        QCoreApplication.sendPostedEvents()  # the answer is a queued call to this model

    # --- rows -------------------------------------------------------------------------

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: int) -> int | None:
        try:
            return self._ids.index(row_id)
        except ValueError:
            return None

    def ids(self) -> list[int]:
        return list(self._ids)

    def _arrived(self, generation: int, found: object) -> None:
        if generation != self._generation:
            return  # a newer sort or filter was asked for meanwhile
        if isinstance(found, CasefileError):
            self.failed.emit(found.message)
            return
        self._replace(found)
        self.loaded.emit()

    def _replace(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self.endResetModel()

    def _row(self, row: int) -> tuple[str, ...] | None:
        row_id = self._ids[row]
        cached = self._rows.get(row_id)
        if cached is not None:
            self._rows.move_to_end(row_id)
            return cached
        if self.case is None:
            return None
        # Read the rows around this one: scrolling asks for its neighbours next.
        start = max(0, row - tables.ROWS_PER_FETCH // 4)
        wanted = [i for i in self._ids[start:start + tables.ROWS_PER_FETCH]
                  if i not in self._rows]
        try:
            with self.case.reading() as s:
                fetched = tables.rows(s, self.table, wanted)
        except CasefileError as exc:
            self.failed.emit(exc.message)
            return None
        self._rows.update(fetched)
        while len(self._rows) > _CACHED_ROWS:
            self._rows.popitem(last=False)
        return self._rows.get(row_id)

    # --- Qt's model interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = self.table.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = self._row(index.row())
            if values is None:
                return None
            text = values[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                # The whole text; the view shows it only where the column cuts it.
                return text or None
            return text.replace("\n", " ")
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.table.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.table.columns[section].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
