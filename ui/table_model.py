"""A table over one of casefile.tables: row ids in order, rows fetched as shown.

The model holds the ids of the rows (20,000 ints for a large Vaughn index) and
reads the text of a row only when the view asks for it, a hundred rows per
query. Sorting and filtering are one SQL query each (``tables.ids``), run on a
reader thread so that a slow one never stalls the window: the new order
replaces the old when it arrives (with the text of its first screen), and a
newer request supersedes an older.

Rows scrolled to are read on a reader thread too: the cell is blank for the
moment it takes, then filled. On a loaded machine (two busy processes beside
the window) a read on the UI thread cost up to 280 ms of frozen window, as the
thread queued for a CPU and for the GIL behind it.
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
    ready = Signal(int, object)  # generation, (ids, first rows) (or a CasefileError)
    rows = Signal(int, object)  # generation, (ids asked, {id: row} or a CasefileError)


class _Query(QRunnable):
    def __init__(self, case: CaseFile, table: tables.Table, generation: int, answer: _Answer,
                 **criteria) -> None:
        super().__init__()
        self.case, self.table, self.generation, self.answer = case, table, generation, answer
        self.criteria = criteria

    def run(self) -> None:
        try:
            with self.case.reading() as s:
                ids = tables.ids(s, self.table, **self.criteria)
                # The first screen's text comes with the order: the view paints it
                # at once, with no read of its own on the UI thread.
                found: object = (ids, tables.rows(s, self.table, ids[:tables.ROWS_PER_FETCH]))
        except CasefileError as exc:
            found = exc
        self.answer.ready.emit(self.generation, found)


class _Rows(QRunnable):
    def __init__(self, case: CaseFile, table: tables.Table, generation: int, answer: _Answer,
                 wanted: list[int]) -> None:
        super().__init__()
        self.case, self.table, self.generation, self.answer = case, table, generation, answer
        self.wanted = wanted

    def run(self) -> None:
        try:
            with self.case.reading() as s:
                found: object = tables.rows(s, self.table, self.wanted)
        except CasefileError as exc:
            found = exc
        self.answer.rows.emit(self.generation, (self.wanted, found))


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
        self._row_pool = QThreadPool(self)  # apart: a slow sort must not hold up a screenful
        self._row_pool.setMaxThreadCount(1)
        self._asked: set[int] = set()  # ids being read now
        self._first: dict[int, tuple[str, ...]] = {}  # the first screen, with new ids
        self._answer = _Answer(self)
        self._answer.ready.connect(self._arrived)
        self._answer.rows.connect(self._rows_arrived)

    # --- what to show -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None, scope: int | None = None, *,
                 wait: bool = False) -> None:
        self.case, self.scope = case, scope
        self.reload(wait=wait)

    def reload(self, *, wait: bool = False) -> None:
        """Re-read ids and rows: after an edit, or when the case changed elsewhere.
        The rows shown stay until the new ones arrive, with the new order."""
        self._generation += 1
        self._asked.clear()  # rows read before now may be stale: not wanted any more
        if self.case is None:
            self._replace([])
            return
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
        self._row_pool.waitForDone()
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
        ids, self._first = found
        self._replace(ids)
        self.loaded.emit()

    def _replace(self, ids: list[int]) -> None:
        # (A subclass may narrow ``ids``; the first screen's text is kept by id.)
        self.beginResetModel()
        self._ids = ids
        self._rows.clear()
        self._rows.update(self._first)
        self._first = {}
        self.endResetModel()

    def _rows_arrived(self, generation: int, found: object) -> None:
        if generation != self._generation:
            return  # read before an edit or a reload: may be stale
        wanted, found = found
        self._asked.difference_update(wanted)  # a row gone meanwhile is asked again, once
        if isinstance(found, CasefileError):
            self.failed.emit(found.message)
            return
        self._rows.update(found)
        while len(self._rows) > _CACHED_ROWS:
            self._rows.popitem(last=False)
        if self._ids:
            # The whole range: a view repaints what it shows, once.
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(self.table.columns) - 1),
                                  [Qt.ItemDataRole.DisplayRole])

    def _row(self, row: int) -> tuple[str, ...] | None:
        row_id = self._ids[row]
        cached = self._rows.get(row_id)
        if cached is not None:
            self._rows.move_to_end(row_id)
            return cached
        if self.case is None:
            return None
        if row_id in self._asked:
            return None  # on its way
        # Read the rows around this one: scrolling asks for its neighbours next.
        start = max(0, row - tables.ROWS_PER_FETCH // 4)
        wanted = [i for i in self._ids[start:start + tables.ROWS_PER_FETCH]
                  if i not in self._rows and i not in self._asked]
        self._asked.update(wanted)
        self._row_pool.start(_Rows(self.case, self.table, self._generation, self._answer,
                                   wanted))
        return None

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
