"""The Vaughn index: the entries grid, the review's flags beside them, and one
entry's editor with its challenge.

The grid is the lazy SQL table (20,000 entries scroll as 20); the review runs
on the worker and its flags come back as a column and a list in the editor.
Every edit is one transaction and goes on the window's undo stack.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from casefile import exemptions, tables
from casefile.display import shown
from casefile.errors import InputError
from casefile.store import CaseFile
from casefile.vaughn import by_id
from ui import icons
from ui.add_dialog import VAUGHN_INDEX, AddDialog, add_with_dialog
from ui.charts import VaughnCharts
from ui.claims_dialog import ClaimsDialog, claims_of
from ui.table_model import SqlTableModel
from ui.table_view import TableView
from ui.undo import AddRow, RemoveRow, push
from ui.worker import CaseWorker, Job

_EXEMPTIONS = [c.title for c in tables.RECORDS.columns].index("Exemptions")

# The entry's fields in the editor: (field, label). Dates and pages are parsed.
_FIELDS = (("entry_no", "Entry no."), ("bates_begin", "Bates from"), ("bates_end", "Bates to"),
           ("doc_date", "Date"), ("doc_type", "Type"), ("author", "Author"),
           ("recipients", "Recipients"), ("pages", "Pages"))
_LONG_FIELDS = (("description", "Description"), ("segregability", "Segregability"))


def _entry_fields(names: list[str]) -> list:
    """The entry's fields named, as the conflict dialog shows them (ui.checked_save)."""
    from ui.editors import Field

    every = [Field(name, label) for name, label in (*_FIELDS, *_LONG_FIELDS)]
    every += [Field("disposition", "Disposition", "choice", choices=tuple(by_id.DISPOSITIONS)),
              Field("challenge_state", "Challenge", "choice",
                    choices=tuple(by_id.CHALLENGE_STATES)),
              Field("challenge_argument", "Argument")]
    return [field for field in every if field.name in names]


class VaughnModel(SqlTableModel):
    """The entries, with the review's verdict as a last column."""

    def __init__(self, parent=None) -> None:
        super().__init__(tables.RECORDS, parent)
        self.review_flags: dict[int, list] = {}  # entry id → the review's flags
        self.reviewed = False  # whether the review has run on what is shown
        self.only: set[int] | None = None  # a chart's bar clicked: the entries it counts

    def _replace(self, ids: list[int]) -> None:
        super()._replace(ids if self.only is None else [i for i in ids if i in self.only])

    def set_flags(self, flags: dict[int, list], *, reviewed: bool = False) -> None:
        self.review_flags, self.reviewed = flags, reviewed
        last = len(self.table.columns)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, last), self.index(self.rowCount() - 1, last))

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.table.columns) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (section == len(self.table.columns) and orientation == Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole):
            return "Review"
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == len(self.table.columns):
            row_id = self.id_at(index.row())
            flags = self.review_flags.get(row_id, [])
            if role == Qt.ItemDataRole.DisplayRole:
                return (f"{len(flags)} flag{'s' if len(flags) != 1 else ''}" if flags else "")
            if role == Qt.ItemDataRole.ToolTipRole and flags:
                return "\n".join(f"• {f.reason}" for f in flags)
            if role == Qt.ItemDataRole.ForegroundRole and flags:
                return QColor("#b3261e")
            return None
        return super().data(index, role)


class ChipDelegate(QStyledItemDelegate):
    """Exemptions as small rounded chips: "(b)(5)" "(b)(6)" read at a glance."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        text = index.data() or ""
        if not text:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        option.widget.style().drawControl(option.widget.style().ControlElement.CE_ItemViewItem,
                                          option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        fill = QColor("#2d3a52") if dark else QColor("#e6ecf5")
        ink = QColor("#dce6f5") if dark else QColor("#1f3a63")
        x = option.rect.x() + 4
        height = metrics.height() + 2
        y = option.rect.y() + (option.rect.height() - height) // 2
        for label in (t.strip() for t in text.split(";")):
            width = metrics.horizontalAdvance(label) + 12
            if x + width > option.rect.right():
                painter.setPen(option.palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRect(x, y, 20, height), Qt.AlignmentFlag.AlignVCenter, "…")
                break
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRect(x, y, width, height), height / 2, height / 2)
            painter.setPen(ink)
            painter.drawText(QRect(x, y, width, height), Qt.AlignmentFlag.AlignCenter, label)
            x += width + 4
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, size.height())


class EntryEditor(QWidget):
    """One entry: its fields, its claims, the review's flags, its challenge."""

    edited = Signal(str, dict, dict)  # description of the edit, old values, new values
    edit_claims = Signal()  # the user asks to change the claims (the view has the case)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.record_id: int | None = None
        self.row_version: int | None = None
        self._values: dict[str, object] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        for name, label in _FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            edit.editingFinished.connect(lambda name=name: self._commit(name))
            if name == "doc_date":
                edit.setPlaceholderText("MM/DD/YYYY")
            self.inputs[name] = edit
            form.addRow(label, edit)
        disposition = QComboBox()
        disposition.setAccessibleName("Disposition")
        disposition.addItem("—", None)
        for words, d in by_id.DISPOSITIONS:
            disposition.addItem(words, d)
        disposition.activated.connect(lambda _i: self._commit("disposition"))
        self.inputs["disposition"] = disposition
        form.addRow("Disposition", disposition)
        for name, label in _LONG_FIELDS:
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().height() * 4 + 12)
            self.inputs[name] = edit
            form.addRow(label, edit)
        self.claims = QLabel()
        self.claims.setWordWrap(True)
        self.claims.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claims_button = QPushButton("Edit claims…")
        self.claims_button.setToolTip("Change the exemptions claimed and their justifications "
                                      "(Ctrl+E)")
        self.claims_button.setShortcut("Ctrl+E")
        self.claims_button.setAutoDefault(False)
        self.claims_button.clicked.connect(self.edit_claims)
        claims = QVBoxLayout()
        claims.setContentsMargins(0, 0, 0, 0)
        claims.addWidget(self.claims)
        claims.addWidget(self.claims_button, alignment=Qt.AlignmentFlag.AlignLeft)
        form.addRow("Claims", claims)

        self.flag_list = QListWidget()
        self.flag_list.setAccessibleName("Review flags for this entry")
        self.flag_list.setWordWrap(True)
        self.flag_list.setMaximumHeight(120)

        self.challenge = QComboBox()
        self.challenge.setAccessibleName("Challenge state")
        for words, state in by_id.CHALLENGE_STATES:
            self.challenge.addItem(words, state)
        self.challenge.activated.connect(lambda _i: self._commit("challenge_state"))
        self.argument = QPlainTextEdit()
        self.argument.setAccessibleName("Argument against this withholding")
        self.argument.setPlaceholderText("Why this withholding fails: the argument for the "
                                         "meet-and-confer letter and the brief…")
        self.argument.setTabChangesFocus(True)
        save = QPushButton("Save text")
        save.setToolTip("Save the description, segregability and argument (Ctrl+S)")
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.clicked.connect(self._commit_texts)

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600; font-size: 13pt;")
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(QLabel("Review flags"))
        layout.addWidget(self.flag_list)
        challenge_row = QHBoxLayout()
        challenge_row.addWidget(QLabel("Challenge"))
        challenge_row.addWidget(self.challenge, 1)
        layout.addLayout(challenge_row)
        layout.addWidget(self.argument, 1)
        layout.addWidget(save, alignment=Qt.AlignmentFlag.AlignRight)
        self.setEnabled(False)

    def show_record(self, record: Any, flags: list, reviewed: bool = False) -> None:
        """``record``: an entry as ``casefile.vaughn.by_id.entry`` reads it, or None."""
        self.record_id = record.id if record else None
        # The version shown: a save over someone else's newer one is refused, not
        # written over it (ui.checked_save).
        self.row_version = record.row_version if record else None
        self.setEnabled(record is not None)
        if record is None:
            self.heading.setText("No entry selected")
            return
        self.heading.setText(f"Entry {record.entry_no}")
        self._values = {
            "entry_no": record.entry_no, "bates_begin": record.bates_begin,
            "bates_end": record.bates_end, "doc_date": record.doc_date,
            "doc_type": record.doc_type, "author": record.author,
            "recipients": record.recipients, "pages": record.pages,
            "disposition": record.disposition, "description": record.description,
            "segregability": record.segregability, "challenge_state": record.challenge_state,
            "challenge_argument": record.challenge_argument,
        }
        for name, _label in _FIELDS:
            value = self._values[name]
            if name == "doc_date":
                text = f"{value:%m/%d/%Y}" if value else (record.doc_date_text or "")
            else:
                text = "" if value is None else str(value)
            self.inputs[name].setText(text)
        combo = self.inputs["disposition"]
        combo.setCurrentIndex(max(0, combo.findData(record.disposition)))
        for name, _label in _LONG_FIELDS:
            self.inputs[name].setPlainText(self._values[name] or "")
        self.claims.setText("<br>".join(
            f"<b>{w.exemption.label if w.exemption else (w.raw_text or '?')}</b>"
            + (f" — {w.justification}" if w.justification else "")
            for w in record.withholdings) or "No exemption claimed.")
        self.flag_list.clear()
        for f in flags:
            item = QListWidgetItem(f.reason)
            item.setToolTip(f.reason)
            self.flag_list.addItem(item)
        if not flags:
            self.flag_list.addItem("No flags." if reviewed else
                                   "No flags yet: Review (Ctrl+R) checks every entry.")
        self.challenge.setCurrentIndex(max(0, self.challenge.findData(record.challenge_state)))
        self.argument.setPlainText(record.challenge_argument or "")

    # --- edits ------------------------------------------------------------------------

    def _read(self, name: str):
        widget = self.inputs.get(name)
        if name == "challenge_state":
            return self.challenge.currentData()
        if name == "challenge_argument":
            return self.argument.toPlainText().strip() or None
        if isinstance(widget, QComboBox):
            return widget.currentData()
        text = (widget.toPlainText() if isinstance(widget, QPlainTextEdit)
                else widget.text()).strip()
        if name == "pages":
            if not text:
                return None
            if not text.isdigit():
                raise InputError("Pages must be a whole number.")
            return int(text)
        if name == "doc_date":
            return _parse_date(text) if text else None
        return text or None

    def _commit(self, *names: str) -> None:
        """Emit one edit of the named fields that changed. Every value is read
        before any is applied: applying reloads the editor."""
        if self.record_id is None:
            return
        old, new = {}, {}
        for name in names:
            try:
                value = self._read(name)
            except InputError as exc:
                self._put_back(name)  # before the dialog: losing focus re-sends the edit
                QMessageBox.warning(self, "Casefile", exc.message)
                return
            if value != self._values.get(name):
                old[name], new[name] = self._values.get(name), value
        if not new:
            return
        self._values.update(new)
        what = _label(next(iter(new))) if len(new) == 1 else "text"
        self.edited.emit(what, old, new)

    def _put_back(self, name: str) -> None:
        widget, value = self.inputs.get(name), self._values.get(name)
        if isinstance(widget, QLineEdit):
            widget.setText(f"{value:%m/%d/%Y}" if isinstance(value, date)
                           else "" if value is None else str(value))

    def _commit_texts(self) -> None:
        self._commit("description", "segregability", "challenge_argument")


# How Edit > Undo names a change: "Undo Change the last Bates number of an entry".
_UNDO_NAMES = {"entry_no": "number", "bates_begin": "first Bates number",
               "bates_end": "last Bates number", "doc_date": "date", "doc_type": "type",
               "challenge_state": "challenge", "challenge_argument": "argument"}


def _label(name: str) -> str:
    return _UNDO_NAMES.get(name) or name.replace("_", " ")


def _parse_date(text: str) -> date:
    from casefile.dates import parse_date

    return parse_date(text)


class VaughnView(QWidget):
    changed = Signal()
    status = Signal(str)

    def __init__(self, worker: CaseWorker, undo: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.worker, self.undo = worker, undo
        self.case: CaseFile | None = None
        # A save's fields both sides changed, offered side by side (ui.checked_save).
        self.conflict_dialog: QDialog | None = None
        self.index_choice = QComboBox()
        self.index_choice.setAccessibleName("Vaughn index")
        self.index_choice.setMinimumWidth(280)
        self.index_choice.currentIndexChanged.connect(self._index_chosen)

        toolbar = QToolBar()
        toolbar.addWidget(QLabel("Index "))
        toolbar.addWidget(self.index_choice)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_index_action = toolbar.addAction("New…", self.new_index)
        self.new_index_action.setToolTip("Start an index of our own: the entries we challenge, "
                                         "or one drafted from the production")
        toolbar.addSeparator()
        self.import_action = toolbar.addAction(icons.icon("import"), "Import…",
                                               self.choose_import)
        self.import_action.setToolTip("Import the agency's Vaughn index (Word, Excel, CSV, PDF)")
        self.add_action = toolbar.addAction(icons.icon("add"), "Add entry", self.add_entry)
        self.add_action.setShortcut("Ctrl+Shift+N")
        self.add_action.setToolTip("Add an entry at the end of the index (Ctrl+Shift+N)")
        self.delete_action = toolbar.addAction(icons.icon("cancel"), "Delete", self.delete_entry)
        self.delete_action.setToolTip("Delete the chosen entry (Edit > Undo puts it back)")
        self.review_action = toolbar.addAction(icons.icon("review"), "Review", self.run_review)
        self.review_action.setShortcut("Ctrl+R")
        self.review_action.setToolTip("Check every entry for what courts reject (Ctrl+R)")
        self.export_action = toolbar.addAction(icons.icon("export"), "Export…",
                                               self.choose_export)
        self.export_action.setToolTip("Export the index to Word, Excel or CSV")

        self.model = VaughnModel(self)
        self.table = TableView(tables.RECORDS, "Entries", model=self.model)
        self.table.view.setItemDelegateForColumn(_EXEMPTIONS, ChipDelegate(self.table.view))
        if not self.table.restored:  # the review's verdict first, beside the entry number
            header = self.table.view.horizontalHeader()
            review = len(tables.RECORDS.columns)
            header.moveSection(header.visualIndex(review), 1)
            header.resizeSection(review, header.fontMetrics().averageCharWidth() * 9 + 12)
        # The Delete key deletes an entry only while the grid has the focus: the
        # editor's boxes keep it for their text.
        delete_key = QAction(self)
        delete_key.setShortcut(QKeySequence.StandardKey.Delete)
        delete_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.triggered.connect(self.delete_entry)
        self.table.view.addAction(delete_key)
        self.table.current_changed.connect(self._show_entry)
        self.table.failed.connect(self._error)
        self.editor = EntryEditor()
        self.editor.edited.connect(self._edit)
        self.editor.edit_claims.connect(self.edit_claims)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setMinimumWidth(300)

        self.splitter = QSplitter()
        self.splitter.setObjectName("vaughn-splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([820, 330])  # the grid's main columns and the review in view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        # The counts of `casefile vaughn stats` as bars; a bar clicked lists its entries.
        self.charts = VaughnCharts()
        self.charts.chosen.connect(self._limit)
        self.charts.cleared.connect(lambda: self._limit(None, None))
        self.charts_action = toolbar.addAction("Charts", self.charts.setVisible)
        self.charts_action.setCheckable(True)
        self.charts_action.setChecked(True)
        self.charts_action.setToolTip("Show or hide the charts of withholdings and pages")
        layout.addWidget(self.charts)
        layout.addWidget(self.splitter, 1)

    # --- the case ---------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self.case = case
        self.model.set_flags({})
        self.index_choice.blockSignals(True)
        self.index_choice.clear()
        if case is not None:
            with case.reading() as s:
                for index_id, title in by_id.index_choices(s):
                    self.index_choice.addItem(title, index_id)
        self.index_choice.blockSignals(False)
        self._index_chosen()
        writable = case is not None and not case.read_only
        self.import_action.setEnabled(writable)
        self.new_index_action.setEnabled(writable)
        self.add_action.setEnabled(writable and self.index_id() is not None)
        self.delete_action.setEnabled(writable and self.index_id() is not None)

    def refresh(self) -> None:
        self.table.reload()
        self._show_entry(self.table.current_id())
        self._count()

    def _count(self) -> None:
        """The charts' numbers, counted on the worker by ``vaughn.stats``."""
        case, index_id = self.case, self.index_id()
        if case is None or index_id is None:
            self.charts.set_stats(None)
            return

        def work(progress, cancel):
            from casefile.vaughn.stats import stats

            with case.reading() as s:
                index = by_id.index_by_id(s, index_id)
                return stats(s, index) if index is not None else None

        def done(result) -> None:
            if self.case is case and self.index_id() == index_id:
                self.charts.set_stats(result)

        self.worker.submit(Job("Counting the index", work, on_done=done, on_failed=self._error))

    def _limit(self, what: str | None, ids) -> None:
        """List only ``ids`` (a bar's entries), or every entry again (None)."""
        self.model.only = set(ids) if what is not None else None
        self.charts.show_limit(what, len(self.model.only or ()))
        self.table.reload()

    def printables(self) -> list:
        """What File > Print offers here: the index as the court sees it, and its review."""
        from casefile.printouts import review_printout, vaughn_printout
        from ui.printing import Printable

        index_id = self.index_id()
        if self.case is None or index_id is None:
            return []
        return [Printable("the Vaughn index", lambda s, progress, cancelled: vaughn_printout(
                    s, index_id, progress=progress, cancelled=cancelled), landscape=True),
                Printable("the review of the Vaughn index",
                          lambda s, _p, _c: review_printout(s, index_id), landscape=True),
                Printable("the Vaughn index with our challenges (work product)",
                          lambda s, progress, cancelled: vaughn_printout(
                              s, index_id, include_strategy=True, progress=progress,
                              cancelled=cancelled), landscape=True)]

    def new_index(self) -> AddDialog | None:
        """Ask for a new index's title; it is chosen once added (one step to undo)."""
        case = self.case
        if case is None or case.read_only:
            return None

        def after(index_id: int | None) -> None:
            self.set_case(case)
            if index_id is not None and (found := self.index_choice.findData(index_id)) >= 0:
                self.index_choice.setCurrentIndex(found)
            self.changed.emit()

        return add_with_dialog(self, case, self.undo, VAUGHN_INDEX, after, self._error)

    def index_id(self) -> int | None:
        return self.index_choice.currentData()

    def show_entry(self, record_id: int) -> None:
        """Select an entry, in whichever index holds it (a search hit, a link)."""
        if self.case is None:
            return
        with self.case.reading() as s:
            index_id = by_id.index_of_entry(s, record_id)
        at = self.index_choice.findData(index_id)
        if at >= 0 and at != self.index_choice.currentIndex():
            self.index_choice.setCurrentIndex(at)
        if self.table.select_id(record_id):
            self.table.view.setFocus()

    def _index_chosen(self, *_args) -> None:
        self.model.set_flags({})
        self.model.only = None  # a bar of the last index's charts counts none of these
        self.charts.show_limit(None)
        self._count()
        self.editor.show_record(None, [])  # until the grid selects its first entry
        self.table.set_case(self.case if self.index_id() is not None else None, self.index_id())

    def _show_entry(self, record_id: int | None) -> None:
        if self.case is None or record_id is None:
            self.editor.show_record(None, [])
            return
        with self.case.reading() as s:
            record = by_id.entry(s, record_id)  # its claims loaded
            self.editor.show_record(record, self.model.review_flags.get(record_id, []),
                                    reviewed=self.model.reviewed)

    # --- edits ------------------------------------------------------------------------

    def add_entry(self) -> None:
        """A new entry at the end, numbered after the last; its editor takes the focus."""
        case, index_id = self.case, self.index_id()
        if case is None or index_id is None:
            return

        def after(record_id: int | None) -> None:
            self.table.reload(select=record_id)
            self.changed.emit()

        push(self.undo, AddRow(case, lambda s: by_id.add_next_entry(s, index_id),
                               by_id.remove_entry, "Add a Vaughn entry", after=after,
                               failed=self._error))

    def edit_claims(self) -> ClaimsDialog | None:
        """The entry's claims in a dialog; saved as one step to undo. The dialog is
        returned open (modal), for tests to drive."""
        record_id = self.editor.record_id
        if self.case is None or record_id is None or self.case.read_only:
            return None
        with self.case.reading() as s:
            record = by_id.entry(s, record_id)
            if record is None:
                return None
            before, entry_no = claims_of(record), record.entry_no
            catalog = [(e.code, e.label) for e in exemptions.catalog(s)]
        dialog = ClaimsDialog(catalog, before, entry_no, self)

        def save() -> None:
            after = dialog.claims()
            if after != before:
                self._edit("claims", {"claims": before}, {"claims": after})

        dialog.accepted.connect(save)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def delete_entry(self) -> bool:
        """Delete the chosen entry with its claims, as one step Undo takes back whole."""
        case, record_id = self.case, self.table.current_id()
        if case is None or case.read_only or record_id is None:
            return False

        neighbour = self.table.neighbour_id()

        def after(restored: int | None) -> None:
            self.table.reload(select=restored if restored is not None else neighbour)
            self.changed.emit()

        return push(self.undo, RemoveRow(
            case, record_id, by_id.remove_entry,
            "Delete a Vaughn entry", after=after, failed=self._error))

    def _edit(self, what: str, old: dict, new: dict) -> None:
        from ui.checked_save import Editing, save

        record_id = self.editor.record_id
        if self.case is None or record_id is None:
            return
        editing = Editing(self, self.case, self.undo, "record", record_id, by_id.change_entry,
                          "Vaughn entry", after=self._applied, failed=self._error,
                          say=self.status.emit, reshow=lambda: self._show_entry(record_id),
                          fields=_entry_fields,
                          hold=lambda dialog: setattr(self, "conflict_dialog", dialog))
        if not save(editing, old, new, self.editor.row_version, f"Change the {what} of an entry") \
                and self.conflict_dialog is None:
            self._show_entry(record_id)  # put back what the case holds

    def _applied(self, record_id: int) -> None:
        self.table.reload()
        if self.table.current_id() == record_id:
            self._show_entry(record_id)
        else:
            self.table.select_id(record_id)
        self.changed.emit()

    # --- long work --------------------------------------------------------------------

    def run_review(self) -> None:
        case, index_id = self.case, self.index_id()
        if case is None or index_id is None:
            return

        def work(progress, cancel):
            from casefile.vaughn.review import review

            progress(0, 1, "Reviewing the index")
            with case.reading() as s:
                result = review(s, by_id.index_by_id(s, index_id))
            return result

        def done(result) -> None:
            self.model.set_flags(result.by_entry(), reviewed=True)
            self._show_entry(self.table.current_id())
            self.status.emit(f"Review: {result.flagged_entries()} of {result.entries:,} "
                             f"entries flagged ({len(result.flags):,} flags).")

        self.worker.submit(Job("Reviewing the Vaughn index", work, on_done=done,
                               on_failed=self._error))

    def _folder(self) -> str:
        """The case's folder: where its papers usually are, as the other dialogs start."""
        return str(self.case.folder) if self.case is not None else ""

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a Vaughn index", self._folder(),
            "Vaughn indexes (*.docx *.xlsx *.xlsm *.csv *.pdf);;All files (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read the file first and say what was understood (and whether it was
        imported before); store it only when the user agrees."""
        case = self.case
        if case is None:
            return

        def read(progress, cancel):
            from casefile.vaughn.importer import import_index

            progress(0, 1, path.name)
            with case.transaction() as s:
                report = import_index(s, path, dry_run=True)
                s.rollback()
            return report

        def answer(report) -> None:
            again = ask_import(self, path, report)
            if again is not None:
                self._store_import(case, path, again or None)

        self.worker.submit(Job(f"Reading {path.name}", read, on_done=answer,
                               on_failed=self._error))

    def _store_import(self, case: CaseFile, path: Path, again: str | None) -> None:
        def work(progress, cancel):
            from casefile.vaughn.importer import import_index

            progress(0, 1, path.name)
            with case.transaction() as s:
                return import_index(s, path, again=again)

        def done(report) -> None:
            # An import cannot be undone: edits before it must not be replayed over
            # the rows it added (a re-added row would take another id).
            self.undo.clear()
            self.set_case(case)
            at = self.index_choice.findData(report.index_id)
            if at >= 0:
                self.index_choice.setCurrentIndex(at)
            self.status.emit(report.summary())
            self.changed.emit()

        self.worker.submit(Job(f"Importing {shown(path.name)}", work, on_done=done,
                               on_failed=self._error))

    def choose_export(self) -> None:
        if self.case is None or self.index_id() is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the Vaughn index",
            str(Path(self._folder()) / f"{self.index_choice.currentText()}.docx"),
            "Word (*.docx);;Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        include = ask_strategy(self)
        if include is not None:
            self.export_to(Path(path), include_strategy=include)

    def export_to(self, target: Path, include_strategy: bool = False) -> None:
        case, index_id = self.case, self.index_id()

        def work(progress, cancel):
            from casefile.vaughn import export

            progress(0, 1, target.name)
            with case.reading() as s:
                index = by_id.index_by_id(s, index_id)
                if target.suffix.lower() in (".xlsx", ".csv"):
                    writer = export.to_xlsx if target.suffix.lower() == ".xlsx" \
                        else export.to_csv
                    return writer(s, index, target, include_strategy=include_strategy)
                return export.to_docx(s, index, target,
                                      export.WordOptions(include_strategy=include_strategy))

        self.worker.submit(Job(f"Exporting to {target.name}", work,
                               on_done=lambda written: self.status.emit(f"Wrote {written}"),
                               on_failed=self._error))

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "Casefile", message)



def ask_import(parent: QWidget, path: Path, report) -> str | None:
    """What was understood of the file, before it is stored: None to cancel,
    "" to import, or the importer's REPLACE / KEEP_BOTH for a file imported before."""
    from casefile.vaughn.importer import KEEP_BOTH, REPLACE

    box = QMessageBox(parent)
    box.setWindowTitle(f"Import {path.name}")
    box.setIcon(QMessageBox.Icon.Question)
    text = report.layout()
    if report.earlier:
        text += (f"\n\nThis file was imported before, as “{report.earlier[1]}”. Replace that "
                 "import (its entries, and your work on them, are deleted), or keep both?")
    box.setText(text)
    details = list(report.notes) + [
        f"{r.where}: {r.status} — {'; '.join(r.reasons)}" for r in report.rows
        if r.status != "kept"]
    if details:
        box.setDetailedText("\n".join(details))
    choices = {}
    if report.earlier:
        choices[box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)] = REPLACE
        choices[box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)] = KEEP_BOTH
    else:
        choices[box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)] = ""
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return choices.get(box.clickedButton())


class ExportDialog(QDialog):
    """Whether an export carries our strategy (it is then marked work product)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export the Vaughn index")
        self.strategy = QCheckBox("Include our strategy: the Challenge, Argument and "
                                  "Authorities columns")
        note = QLabel("Left out, the export is the index as the court and the agency may "
                      "see it. Included, the file is marked “Privileged & Confidential — "
                      "Attorney Work Product”.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.strategy)
        layout.addWidget(note)
        layout.addWidget(buttons)


def ask_strategy(parent: QWidget) -> bool | None:
    """None: cancelled; else whether to include the strategy columns."""
    dialog = ExportDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.strategy.isChecked()
