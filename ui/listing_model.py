"""A read-only table model over one of casefile.listings' lists."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from casefile.listings import Listing

Index = QModelIndex | QPersistentModelIndex


class ListingModel(QAbstractTableModel):
    """Rows are plain tuples fetched once per refresh; no ORM object is kept."""

    def __init__(self, listing: Listing, parent=None) -> None:
        super().__init__(parent)
        self._listing = listing
        self._rows: list[tuple] = []

    def refresh(self, case) -> None:
        self.beginResetModel()
        if case is None:
            self._rows = []
        else:
            with case.reading() as s:
                self._rows = [tuple(row) for row in self._listing.rows(s)]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._listing.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._listing.columns[section].capitalize()
        return None
