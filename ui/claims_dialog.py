"""The exemptions an entry claims, each with its justification, foreseeable harm and,
for Exemption 3, its statute: edited as a small table and saved as one step to undo.

The exemption is chosen from the catalog, so a claim typed here always names one;
a claim read from an agency's index that named none is kept as the agency wrote
it until the user picks the exemption it meant.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.vaughn.entries import Claim

COLUMNS = ("Exemption", "Justification", "Foreseeable harm", "Statute (Exemption 3)")
_AS_WRITTEN = "as written"  # the combo's entry for an agency's claim that named no exemption


def claims_of(record) -> tuple[Claim, ...]:
    """An entry's claims as ``set_claims`` takes them back unchanged."""
    return tuple(Claim(w.exemption.code if w.exemption else None, w.justification,
                       w.foreseeable_harm, w.statute, w.raw_text)
                 for w in record.withholdings)


class ClaimsDialog(QDialog):
    def __init__(self, exemptions: list[tuple[str, str]], claims: tuple[Claim, ...],
                 entry_no: str, parent=None) -> None:
        """``exemptions``: (code, label) of the catalog, in its order."""
        super().__init__(parent)
        self.setWindowTitle(f"Claims of entry {entry_no}")
        self._exemptions = exemptions
        self._before: dict[int, Claim] = {}  # a row's combo → the claim it showed first
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Exemptions claimed")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 170)
        for claim in claims:
            self.add_claim(claim)

        add = QPushButton("Add exemption")
        add.setToolTip("Claim one more exemption for this entry")
        add.clicked.connect(lambda: self.add_claim(None))
        remove = QPushButton("Remove")
        remove.setToolTip("Take the selected claim off this entry")
        remove.clicked.connect(self.remove_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(buttons)
        hint = QLabel("One row a claim: a court reads each exemption against its own "
                      "justification, and every exemption but (b)(3) against a harm to the "
                      "interest it protects that is reasonably foreseeable (5 U.S.C. "
                      "§ 552(a)(8)(A)(i)), stated for this record, not in general terms.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(row)
        self.resize(860, 360)

    def add_claim(self, claim: Claim | None) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        combo = QComboBox()
        combo.setAccessibleName("Exemption")
        for code, label in self._exemptions:
            combo.addItem(label, code)
        if claim is not None:
            self._before[id(combo)] = claim
            if claim.exemption is None:
                combo.insertItem(0, f"{claim.raw or '?'} ({_AS_WRITTEN})", None)
        found = combo.findData(claim.exemption) if claim is not None else -1
        combo.setCurrentIndex(max(found, 0))
        # At the top of its cell: a long justification makes the row tall, and a combo
        # stretched to the row's height looks like a text box.
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(2, 2, 2, 2)
        column.addWidget(combo)
        column.addStretch(1)
        self.table.setCellWidget(n, 0, cell)
        for column, text in ((1, claim.justification if claim else None),
                             (2, claim.foreseeable_harm if claim else None),
                             (3, claim.statute if claim else None)):
            self.table.setItem(n, column, QTableWidgetItem(text or ""))
        self.table.resizeRowToContents(n)
        if claim is None:
            self.table.setCurrentCell(n, 0)
            combo.setFocus()

    def combo(self, row: int) -> QComboBox:
        """The exemption chosen on a row."""
        return self.table.cellWidget(row, 0).findChild(QComboBox)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def claims(self) -> tuple[Claim, ...]:
        out = []
        for n in range(self.table.rowCount()):
            combo = self.combo(n)
            texts = [(self.table.item(n, c).text().strip() or None)
                     if self.table.item(n, c) else None for c in (1, 2, 3)]
            code = combo.currentData()
            before = self._before.get(id(combo))
            # The agency's words stay with the claim they were read as; a claim changed
            # here is the user's own.
            raw = before.raw if before is not None and before.exemption == code else None
            out.append(Claim(code, *texts, raw))
        return tuple(out)

    def accept(self) -> None:
        # The case keeps one claim an exemption: a second row would be dropped with
        # its justification, so it is refused here, where the text can still be moved.
        codes = [c.exemption for c in self.claims() if c.exemption is not None]
        twice = next((code for code in codes if codes.count(code) > 1), None)
        if twice is not None:
            label = dict(self._exemptions).get(twice, twice)
            QMessageBox.warning(self, "Casefile", f"{label} is claimed twice: put its "
                                "justifications in one row.")
            return
        super().accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Return in a cell ends the edit, not the dialog: justifications are typed here.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.table.state() == QAbstractItemView.State.EditingState:
            return
        super().keyPressEvent(event)
