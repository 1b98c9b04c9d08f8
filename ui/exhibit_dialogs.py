"""Add an exhibit: a document already in the case, its title and the pages to use.

The dialog only chooses and checks; the view adds the exhibit through the undo
stack. The list asks SQL for the documents that match what is typed and shows
the first few hundred, so a case of 50,000 documents opens as fast as a small
one. The title and pages are checked by the casefile functions that store
them, and a refusal is shown in the dialog as their sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import tables
from casefile.errors import CasefileError, InputError
from casefile.exhibits import (
    Source,
    clean_pages,
    clean_title,
    display_label,
    exhibit_source,
    find_set,
)
from casefile.store import CaseFile
from ui import theme

SHOWN = 300  # documents listed at most; typing narrows a large case to them
FILTER_DELAY_MS = 150  # typing pauses this long before the list is asked for again
_NAME, _PAGES, _KIND, _IN_SET = range(4)


@dataclass(frozen=True)
class Chosen:
    """What the attorney chose: the view adds it as one edit."""

    document_id: int
    title: str
    pages: str | None  # as stored ("1-3, 7"); None for the whole document


def _read_document(case: CaseFile, document_id: int) -> Source | None:
    with case.reading() as s:
        return exhibit_source(s, document_id)


class AddExhibitDialog(QDialog):
    def __init__(self, case: CaseFile, set_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case = case
        with case.reading() as s:
            exhibit_set = find_set(s, str(set_id))
            set_name = exhibit_set.name
            # Which documents the set has already: the same letter twice is a slip.
            self._in_set: dict[int, list[str]] = {}
            for e in exhibit_set.exhibits:
                self._in_set.setdefault(e.document_id, []).append(display_label(exhibit_set, e))
        self._document: Source | None = None
        self.choice: Chosen | None = None  # set when the dialog is accepted
        self._title_typed = False  # once typed, choosing another document keeps the title
        self.setWindowTitle(f"Add exhibit — {set_name}")
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.refilter)
        self.filter.textChanged.connect(lambda _text: self._timer.start())
        self.refilter()
        self.resize(720, 560)

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Find a document")
        self.filter.setPlaceholderText("Type part of a name or title")
        self.filter.setClearButtonEnabled(True)
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.filter)
        find = QHBoxLayout()
        find.addWidget(find_label)
        find.addWidget(self.filter, 1)

        self.documents = QTableWidget(0, 4)
        self.documents.setAccessibleName("Documents in the case")
        self.documents.setHorizontalHeaderLabels(["Document", "Pages", "Type", "In this set"])
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setShowGrid(False)
        self.documents.setAlternatingRowColors(True)
        self.documents.setWordWrap(False)
        self.documents.verticalHeader().hide()
        self.documents.verticalHeader().setDefaultSectionSize(
            self.documents.fontMetrics().height() + 10)
        header = self.documents.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (_PAGES, _KIND, _IN_SET):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.documents.itemSelectionChanged.connect(self._document_chosen)
        # Enter reaches the default button (Add exhibit) from the list and the boxes alike.
        self.documents.doubleClicked.connect(lambda _index: self.accept())
        self.count = QLabel()
        self.count.setAccessibleName("Documents found")
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.title = QLineEdit()
        self.title.setAccessibleName("Exhibit title")
        self.title.setToolTip("How the declaration and the index of exhibits name it: "
                              "“Letter from ICE dated June 25, 2020”")
        self.title.textEdited.connect(self._title_edited)
        self.pages = QLineEdit()
        self.pages.setAccessibleName("Pages")
        self.pages.setPlaceholderText("All pages")
        self.pages.setToolTip("Only some pages of the document, as 1-3, 7; empty for all")
        self.pages.setMaximumWidth(16 * self.fontMetrics().averageCharWidth() + 16)
        self.pages_hint = QLabel()
        self.pages_hint.setAccessibleName("Pages of the document")
        self.pages_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        pages = QHBoxLayout()
        pages.addWidget(self.pages)
        pages.addWidget(self.pages_hint, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title:", self.title)
        pages_label = QLabel("&Pages:")
        pages_label.setBuddy(self.pages)
        form.addRow(pages_label, pages)

        self.error = QLabel()
        self.error.setAccessibleName("Why the exhibit cannot be added")
        self.error.setWordWrap(True)
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("&Add exhibit")
        self.add_button.setAccessibleName("Add exhibit")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(find)
        layout.addWidget(self.documents, 1)
        layout.addWidget(self.count)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.filter.setFocus()  # type at once to narrow the list
        self.setTabOrder(self.filter, self.documents)
        self.setTabOrder(self.documents, self.title)
        self.setTabOrder(self.title, self.pages)

    # --- the list -----------------------------------------------------------------------

    def refilter(self) -> None:
        """List the documents whose name or title holds every word typed, by name."""
        self._timer.stop()
        keep = self._document.id if self._document else None
        text = self.filter.text()
        try:
            with self._case.reading() as s:
                found = tables.ids(s, tables.DOCUMENTS, sort=0, text=text)
                shown = found[:SHOWN]
                cells = tables.rows(s, tables.DOCUMENTS, shown)
        except CasefileError as exc:
            self._say(exc.message)
            return
        titles = tables.DOCUMENTS.titles
        name, pages, kind = (titles.index(t) for t in ("Name", "Pages", "Type"))
        self.documents.blockSignals(True)
        self.documents.setRowCount(len(shown))
        for row, document_id in enumerate(shown):
            values = cells[document_id]
            labels = ", ".join(self._in_set.get(document_id, []))
            for column, text_ in ((_NAME, values[name]), (_PAGES, values[pages]),
                                  (_KIND, values[kind]), (_IN_SET, labels)):
                item = QTableWidgetItem(text_)
                item.setData(Qt.ItemDataRole.UserRole, document_id)
                item.setToolTip(text_)
                if column == _PAGES:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.documents.setItem(row, column, item)
        self.documents.blockSignals(False)
        self.count.setText(self._count_text(len(shown), len(found), bool(text.strip())))
        ids = list(shown)
        self.documents.selectRow(ids.index(keep) if keep in ids else 0)
        self._document_chosen()

    @staticmethod
    def _count_text(shown: int, found: int, filtered: bool) -> str:
        if found == 0:
            return "No document matches." if filtered else "This case has no documents yet."
        noun = f"{found:,} document{'s' if found != 1 else ''}"
        if shown < found:
            return f"The first {shown:,} of {noun}, by name; type to find the others."
        return f"{noun}{' match' if filtered and found == 1 else ' found' if filtered else ''}."

    def _document_chosen(self) -> None:
        rows = self.documents.selectionModel().selectedRows()
        item = self.documents.item(rows[0].row(), _NAME) if rows else None
        document_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if self._document is not None and self._document.id == document_id:
            return
        self._document = (_read_document(self._case, document_id)
                          if document_id is not None else None)
        doc = self._document
        if doc is not None and not self._title_typed:
            self.title.setText(doc.default_title)
            self.title.setCursorPosition(0)
        count = doc.page_count if doc is not None else None
        self.pages_hint.setText(f"of {count} page{'s' if count != 1 else ''}; for example 1-3, 7"
                                if count else "for example 1-3, 7")
        self.add_button.setEnabled(doc is not None)
        self.error.hide()

    def _title_edited(self, text: str) -> None:
        # Emptied: the next document chosen may fill it in again.
        self._title_typed = bool(text.strip())

    # --- the choice ---------------------------------------------------------------------

    def chosen(self) -> Chosen | None:
        """The document, title and pages, checked; None (and the reason shown) if refused."""
        doc = self._document
        if doc is None:
            self._say("Choose the document to add as an exhibit.")
            return None
        try:
            title = clean_title(self.title.text())
        except InputError as exc:
            self._say(exc.message, self.title)
            return None
        try:
            pages = clean_pages(self.pages.text(), doc.page_count)
        except InputError as exc:
            self._say(exc.message, self.pages)
            return None
        return Chosen(doc.id, title, pages)

    def accept(self) -> None:
        self.choice = self.chosen()
        if self.choice is not None:
            super().accept()

    def _say(self, message: str, field: QLineEdit | None = None) -> None:
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.status_color(theme.OVERDUE))
        self.error.setPalette(palette)
        self.error.setText(message)
        self.error.show()
        if field is not None:
            field.setFocus()
            field.selectAll()
