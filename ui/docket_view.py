"""The court's docket: its entries, and the dates its orders set, to accept.

Above, the docket as PACER lists it (number, date filed, text, the case's
documents that are the entry); below, the dates read from orders, each
waiting for the user: Accept makes it a court deadline (it then shows under
Deadlines), Set aside keeps it from being proposed again. Both go on the
undo stack. Importing a saved docket report runs on the case worker. Every
read and write is a ``casefile.docket`` function.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.dates import long_date
from casefile.docket import (
    DocketImport,
    ProposalRow,
    accept_proposal,
    docket_entries,
    docket_proposals,
    import_docket,
    reject_proposal,
    reopen_proposal,
)
from casefile.store import CaseFile
from ui.undo import _InCase, push
from ui.worker import CaseWorker, Job

ENTRY_COLUMNS = ("#", "Date filed", "Docket text", "Documents")
PROPOSAL_COLUMNS = ("Due", "What is due", "From", "How it was read")
PROPOSAL_ID = Qt.ItemDataRole.UserRole
DOCUMENT_ID = Qt.ItemDataRole.UserRole + 1  # on an entry: its first linked document's id


class _Decide(_InCase):
    """Accept or set aside a proposed date; undo puts it back to proposed."""

    def __init__(self, case: CaseFile, proposal_id: int, accept: bool, text: str, *,
                 after, failed) -> None:
        super().__init__(case, text, failed)
        self.proposal_id, self.accept, self.after = proposal_id, accept, after

    def change(self, session, forward: bool) -> None:
        if not forward:
            reopen_proposal(session, self.proposal_id)
        elif self.accept:
            accept_proposal(session, self.proposal_id)
        else:
            reject_proposal(session, self.proposal_id)

    def done(self, forward: bool) -> None:
        self.after()


class DocketView(QWidget):
    changed = Signal()  # a date accepted or set aside (the deadlines list changes)
    status = Signal(str)
    open_document = Signal(int, int)  # document id, page: an entry's document, double-clicked

    def __init__(self, worker: CaseWorker, undo: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker, self._undo = worker, undo
        self._case: CaseFile | None = None
        self._generation = 0  # a read answered after the case changed is dropped
        self._build()

    # --- the contract -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self._case = case
        self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        self.import_action.setEnabled(self._case is not None)
        if self._case is None:
            self._fill([], [])
            return
        generation, case = self._generation, self._case

        def work(_progress, _cancel):
            with case.reading() as s:
                return docket_entries(s), docket_proposals(s)

        def done(result) -> None:
            if generation == self._generation:
                self._fill(*result)

        self._worker.submit(Job("Reading the docket", work, on_done=done,
                                on_failed=self.status.emit))

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        bar = QToolBar()
        self.import_action = QAction("Import docket report…", self)
        self.import_action.setToolTip("Read a docket report saved from CM/ECF (HTML, or the "
                                      "PDF a browser prints) into the case")
        self.import_action.triggered.connect(self.choose_and_import)
        self.accept_action = QAction("Accept date", self)
        self.accept_action.setToolTip("Make the chosen date a court deadline of the case")
        self.accept_action.triggered.connect(lambda: self.decide(True))
        self.reject_action = QAction("Set aside", self)
        self.reject_action.setToolTip("Not a deadline: it will not be proposed again")
        self.reject_action.triggered.connect(lambda: self.decide(False))
        for action in (self.import_action, self.accept_action, self.reject_action):
            bar.addAction(action)

        self.entries = QTreeWidget()
        self.entries.setRootIsDecorated(False)
        self.entries.setAlternatingRowColors(True)
        self.entries.setHeaderLabels(ENTRY_COLUMNS)
        self.entries.setWordWrap(True)
        self.entries.itemActivated.connect(self._open_entry)
        self.proposals = QTreeWidget()
        self.proposals.setRootIsDecorated(False)
        self.proposals.setHeaderLabels(PROPOSAL_COLUMNS)
        self.proposals.itemSelectionChanged.connect(self._update_actions)
        for tree in (self.entries, self.proposals):
            header = tree.header()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(False)
        # The texts take what is left; the phrase, long, never pushes "From" out of view.
        self.entries.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.proposals.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.proposals.header().resizeSection(1, 360)
        self.proposals.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.proposals_title = QLabel()
        self.proposals_title.setStyleSheet("font-weight: 600; margin-top: 6px;")
        self.empty = QLabel("No docket yet: import the docket report saved from CM/ECF.")
        self.empty.setStyleSheet("color: palette(mid); padding: 8px;")

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.proposals_title)
        lower_layout.addWidget(self.proposals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("docket-splitter")
        split.addWidget(self.entries)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self._update_actions()

    def _fill(self, entries, proposals: list[ProposalRow]) -> None:
        self.entries.clear()
        self.proposals.clear()
        self.empty.setVisible(self._case is not None and not entries)
        rows = []
        for e in entries:
            docs = ", ".join(str(d) for d in e.document_ids)
            item = QTreeWidgetItem(["" if e.number is None else str(e.number),
                                    e.filed_on.strftime("%m/%d/%Y"), e.text, docs])
            item.setData(0, DOCUMENT_ID, e.document_ids[0] if e.document_ids else None)
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            item.setToolTip(2, e.text)
            if docs:
                item.setToolTip(3, "Documents of the case that are this entry (double-click "
                                   "to open the first)")
            rows.append(item)
        self.entries.addTopLevelItems(rows)
        for p in proposals:
            where = f"ECF {p.entry_number}" if p.entry_number is not None else "minute entry"
            item = QTreeWidgetItem([long_date(p.due_on), p.title,
                                    f"{where}, {p.entry_filed_on:%m/%d/%Y}", p.phrase])
            item.setData(0, PROPOSAL_ID, p.id)
            item.setToolTip(1, p.rule or p.phrase)
            item.setToolTip(3, p.rule or p.phrase)
            self.proposals.addTopLevelItem(item)
        waiting = len(proposals)
        self.proposals_title.setText(
            f"Dates set by the court, waiting to be accepted ({waiting})" if waiting else
            "No dates waiting: those accepted are under Deadlines")
        self._update_actions()

    def _open_entry(self, item: QTreeWidgetItem, _column: int) -> None:
        document_id = item.data(0, DOCUMENT_ID)
        if document_id is not None:
            self.open_document.emit(document_id, 1)

    def _update_actions(self) -> None:
        chosen = bool(self.proposals.selectedItems()) and self._case is not None
        self.accept_action.setEnabled(chosen)
        self.reject_action.setEnabled(chosen)

    # --- actions --------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a docket report", "",
                                              "Docket reports (*.html *.htm *.pdf);;"
                                              "All files (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> Job | None:
        if self._case is None:
            return None
        case = self._case

        def work(_progress, _cancel) -> DocketImport:
            return import_docket(case, path)

        def done(result: DocketImport) -> None:
            self.status.emit(" ".join(result.lines()))
            self.refresh()
            self.changed.emit()  # the report is a document of the case now, either way

        return self._worker.submit(Job(f"Importing the docket report {path.name}", work,
                                       on_done=done, on_failed=self.status.emit))

    def decide(self, accept: bool) -> None:
        items = self.proposals.selectedItems()
        if not items or self._case is None:
            return
        proposal_id = items[0].data(0, PROPOSAL_ID)
        title = items[0].text(1)
        text = f"{'Accept' if accept else 'Set aside'} {title[:40]}"

        def after() -> None:
            self.refresh()
            self.changed.emit()

        if push(self._undo, _Decide(self._case, proposal_id, accept, text, after=after,
                                    failed=self.status.emit)):
            self.status.emit(("Accepted: " if accept else "Set aside: ") + title)
