"""What must not reach the court, shown where it is: a document's privacy
findings beside its preview, each one's box drawn on its page; boxes the
user draws; a true redaction of either, undone from Edit > Undo; and a
production's count of pages with text under redaction boxes.

What the panels list are the findings stored when each file was checked (at
import, or when a redaction made its version), read from the case on the
case-file worker and shown at once (``casefile.findings_view``). Reading a
file that came from outside (checking a document never checked under these
rules, placing personal data's boxes on the pages, redacting) runs inside a
child process with the building limits (``jobs.in_child``): the window
neither stalls nor shares a crash. What a redaction writes comes from
``casefile.privacy.versions`` (a new version of the document with its
redaction log; the imported bytes stay).

The boxes are painted by a transparent widget laid over the QPdfView's
viewport, placed with ``DocumentView.page_rect``; QPdfView draws its pages
itself and offers no hook for drawing on them.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPen, QShortcut, QUndoStack
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import limits
from casefile.display import shown
from casefile.errors import CasefileError
from casefile.findings_view import (
    FindingRow,
    Findings,
    check_unchecked,
    place,
    production_documents,
    stored_findings,
    with_placement,
)
from casefile.jobs import in_child
from casefile.privacy import personal
from casefile.privacy.redactions import Box
from casefile.store import CaseFile
from ui.document_view import DocumentView
from ui.undo import AppliedOnce
from ui.worker import CaseWorker, Job

# The reasons offered for a redaction; any other may be typed.
REASONS = ("", personal.R1, personal.R2, personal.R3, personal.R4, "(b)(6)", "(b)(7)(C)",
           "(b)(5)", "(b)(3)")
CHECK_DELAY_MS = 250  # a document is checked once the selection has rested this long
# Drawn on a white page whatever the theme: a finding's box, and an area to redact.
FINDING_COLOUR = QColor("#e8590c")
AREA_COLOUR = QColor("#c92a2a")
MIN_AREA_POINTS = 3.0  # a drag smaller than this (a click) draws no area

COL_PAGE, COL_FINDING, COL_TEXT, COL_ALLOWED = range(4)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@dataclass(frozen=True)
class PageBox:
    page: int  # 1-based
    box: Box  # PDF points: left, bottom, right, top


class BoxOverlay(QWidget):
    """Painted over the pages of a DocumentView: the chosen findings' boxes,
    the areas drawn to redact, and (in drawing mode) the box being dragged."""

    area_drawn = Signal(int, tuple)  # page, box in points

    def __init__(self, view: DocumentView) -> None:
        viewport = view.pdf_view.viewport()
        super().__init__(viewport)
        self.view = view
        self.marked: list[PageBox] = []
        self.areas: list[PageBox] = []
        # page → (crop box, turn) where the crop box does not start at 0, 0 or the
        # page is turned (/Rotate): boxes are in the page's own space, unturned.
        self.frames: dict[int, tuple[Box, int]] = {}
        self._drag: tuple[int, QPointF, QPointF] | None = None
        self.set_drawing(False)
        self.setGeometry(viewport.rect())
        viewport.installEventFilter(self)
        for bar in (view.pdf_view.verticalScrollBar(), view.pdf_view.horizontalScrollBar()):
            bar.valueChanged.connect(self.update)
            bar.rangeChanged.connect(self.update)
        # Another document (or none) in the view: its boxes are not this one's.
        view.pdf_view.document().statusChanged.connect(self._document_status)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(watched.rect())
        return False

    def _document_status(self, status) -> None:
        if status != QPdfDocument.Status.Ready:
            self.marked, self.areas, self._drag, self.frames = [], [], None, {}
            self.update()

    @property
    def drawing(self) -> bool:
        return not self.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_drawing(self, on: bool) -> None:
        """In drawing mode a drag on a page draws an area; else the pages take the mouse."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not on)
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self._drag = None
        self.update()

    def mark(self, boxes: list[PageBox]) -> None:
        self.marked = list(boxes)
        self.update()

    def set_areas(self, areas: list[PageBox]) -> None:
        self.areas = list(areas)
        self.update()

    # --- points and pixels ----------------------------------------------------------

    def _frame(self, page: int) -> tuple[Box, int]:
        """The page's crop box (points, the page's own space) and its turn clockwise."""
        if page in self.frames:
            return self.frames[page]
        size = self.view.pdf_view.document().pagePointSize(page - 1)
        return (0.0, 0.0, size.width(), size.height()), 0

    def _on_screen(self, page: int, x: float, y: float) -> tuple[float, float]:
        """A point of the page's space → points from the top left of the page as shown."""
        (left, bottom, right, top), turn = self._frame(page)
        u, v = x - left, top - y  # as if not turned
        width, height = right - left, top - bottom
        return {0: (u, v), 90: (height - v, u), 180: (width - u, height - v),
                270: (v, width - u)}[turn]

    def _in_page(self, page: int, u: float, v: float) -> tuple[float, float]:
        """The inverse of ``_on_screen``."""
        (left, bottom, right, top), turn = self._frame(page)
        width, height = right - left, top - bottom
        u, v = {0: (u, v), 90: (v, height - u), 180: (width - u, height - v),
                270: (width - v, u)}[turn]
        return left + u, top - v

    def _shown_size(self, page: int) -> tuple[float, float]:
        (left, bottom, right, top), turn = self._frame(page)
        width, height = right - left, top - bottom
        return (height, width) if turn in (90, 270) else (width, height)

    def to_view(self, page: int, box: Box) -> QRectF:
        """The box (points on ``page``) in the viewport's pixels."""
        rect = self.view.page_rect(page)
        width, height = self._shown_size(page)
        if rect.isEmpty() or width <= 0 or height <= 0:
            return QRectF()
        sx, sy = rect.width() / width, rect.height() / height
        x0, y0, x1, y1 = box
        corners = [self._on_screen(page, x, y) for x, y in ((x0, y0), (x1, y1))]
        return QRectF(*(QPointF(rect.left() + u * sx, rect.top() + v * sy)
                        for u, v in corners)).normalized()

    def to_page(self, page: int, rect: QRectF) -> Box:
        """Pixels of the viewport back to points on ``page``, kept inside the page."""
        area = self.view.page_rect(page)
        width, height = self._shown_size(page)
        rect = rect.normalized().intersected(area)
        if area.isEmpty() or rect.isEmpty():
            return (0.0, 0.0, 0.0, 0.0)
        sx, sy = width / area.width(), height / area.height()
        corners = [self._in_page(page, (p.x() - area.left()) * sx, (p.y() - area.top()) * sy)
                   for p in (rect.topLeft(), rect.bottomRight())]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))

    def page_at(self, point: QPointF) -> int:
        """The 1-based page under ``point`` (viewport pixels); 0 between pages."""
        first = max(self.view.current_page() - 2, 1)
        for page in range(first, min(first + 6, self.view.page_count() + 1)):
            if self.view.page_rect(page).contains(point):
                return page
        return 0

    # --- drawing ----------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        page = self.page_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and page:
            self._drag = (page, event.position(), event.position())
            self.update()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._drag is not None:
            page, start, _ = self._drag
            self._drag = (page, start, event.position())
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._drag is None:
            return
        page, start, _ = self._drag
        self._drag = None
        box = self.to_page(page, QRectF(start, event.position()))
        self.update()
        if box[2] - box[0] >= MIN_AREA_POINTS and box[3] - box[1] >= MIN_AREA_POINTS:
            self.area_drawn.emit(page, box)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for marked in self.marked:
            rect = self.to_view(marked.page, marked.box).adjusted(-3, -3, 3, 3)
            if rect.isEmpty():
                continue
            fill = QColor(FINDING_COLOUR)
            fill.setAlpha(50)
            painter.setBrush(QBrush(fill))
            painter.setPen(QPen(FINDING_COLOUR, 2.5))
            painter.drawRect(rect)
        for area in self.areas:
            self._paint_area(painter, self.to_view(area.page, area.box))
        if self._drag is not None:
            page, start, now = self._drag
            area = self.view.page_rect(page)
            self._paint_area(painter, QRectF(start, now).normalized().intersected(area))
        painter.end()

    def _paint_area(self, painter: QPainter, rect: QRectF) -> None:
        if rect.isEmpty():
            return
        painter.setBrush(QBrush(QColor(0, 0, 0, 150)))
        pen = QPen(AREA_COLOUR, 2)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect)


class Redaction(AppliedOnce):
    """A redaction made on the worker, for Edit > Undo: undo deletes the version
    it made (``undo_redaction``); redo stores the very same redacted bytes again."""

    def __init__(self, case: CaseFile, document_id: int, areas, reason: str, by: str,
                 done, page: int, *, after, failed) -> None:
        super().__init__(f"Redact {len(areas)} area{'' if len(areas) == 1 else 's'}")
        self.case, self.document_id, self.areas = case, document_id, areas
        self.reason, self.by, self.done, self.page = reason, by, done, page
        self.after, self.failed = after, failed

    def apply(self, forward: bool) -> bool:
        from casefile.privacy.versions import redact_document, undo_redaction

        def change(s) -> None:
            if forward:
                # The very bytes and log of the first time, not a new rendering.
                redact_document(s, self.document_id, self.areas, reason=self.reason,
                                by=self.by, run=lambda *_args: self.done)
            else:
                undo_redaction(s, self.document_id)

        try:
            # Run again by the case if a server gives the save up in a deadlock.
            self.case.write(change)
        except CasefileError as exc:
            self.failed(exc.message + " The undo history is cleared: the case is as you "
                                      "see it now.")
            return False
        self.after(self.document_id, self.page, forward)
        return True


class FindingsPanel(QWidget):
    """One document's privacy findings, beside its preview (``DocumentView``)."""

    status = Signal(str)  # a passing message for the status bar
    failed = Signal(str)  # a refusal, one sentence
    # The document's bytes changed: preview it again at the page; True: go to it
    # (an Edit > Undo from another section), False: only if it is the one shown.
    reshow = Signal(int, int, bool)

    def __init__(self, view: DocumentView, worker: CaseWorker, undo: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.worker, self.undo = view, worker, undo
        self.case: CaseFile | None = None
        self.document_id: int | None = None
        self.findings = Findings()
        self.checked = False  # the findings shown are this document's, placed on its pages
        self.listed = False  # its stored findings are listed (their boxes may follow)
        self._wanted_page = 0  # a page it was opened at: its first finding is chosen
        self._check: Job | None = None
        self._redacting = False
        self.overlay = BoxOverlay(view)
        self.overlay.area_drawn.connect(self._area_drawn)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._start_check)
        self._build()
        # Esc leaves the drawing mode, wherever in the pages or the panel the focus is.
        for widget in (self, view):
            shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._stop_drawing)
        self._update_actions()

    def _build(self) -> None:
        title = QLabel("Privacy check")
        title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        self.summary = QLabel()
        self.summary.setAccessibleName("Privacy summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.list = QTreeWidget()
        self.list.setAccessibleName("Privacy findings")
        self.list.setHeaderLabels(["Page", "Rule", "Text found", "Allowed"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in (COL_PAGE, COL_FINDING, COL_ALLOWED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        # The chosen finding in full: the list's columns are narrow beside the pages.
        self.detail = QLabel()
        self.detail.setAccessibleName("Chosen finding")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.draw_button = QToolButton()
        self.draw_button.setText("Redact area")
        self.draw_button.setAccessibleName("Redact area")
        self.draw_button.setToolTip("Drag a box on a page to mark an area to redact "
                                    "(Esc or this button again to stop)")
        self.draw_button.setCheckable(True)
        self.draw_button.toggled.connect(self._drawing_toggled)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear areas")
        self.clear_button.setAccessibleName("Clear areas")
        self.clear_button.setToolTip("Forget the areas drawn, redacting nothing")
        self.clear_button.clicked.connect(self.clear_areas)

        self.reason = QComboBox()
        self.reason.setAccessibleName("Reason for the redaction")
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.lineEdit().setPlaceholderText("the finding's rule")
        self.reason.setToolTip("The exemption or rule the redaction is logged (and labelled) "
                               "with; empty: each finding's own rule")
        self.reason.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        reason_label = QLabel("Reason")
        reason_label.setBuddy(self.reason)
        self.label_box = QCheckBox("Print the reason on the box")
        self.label_box.setAccessibleName("Print the reason on the box")
        self.label_box.setToolTip("The reason in small white type on each black box, where it "
                                  "fits (a box too small for it stays plain black)")

        self.redact_button = QPushButton("Redact")
        self.redact_button.setAccessibleName("Redact")
        self.redact_button.setDefault(True)
        self.redact_button.clicked.connect(self.redact)

        drawing = QHBoxLayout()
        drawing.addWidget(self.draw_button)
        drawing.addWidget(self.clear_button)
        drawing.addStretch(1)
        redacting = QHBoxLayout()
        redacting.addWidget(reason_label)
        redacting.addWidget(self.reason, 1)
        redacting.addWidget(self.redact_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addLayout(drawing)
        layout.addLayout(redacting)
        layout.addWidget(self.label_box)
        self.setMinimumWidth(340)

    # --- which document -------------------------------------------------------------

    def show_document(self, case: CaseFile | None, document_id: int | None) -> None:
        """The findings of ``document_id`` (None: nothing), checked once the choice rests."""
        same = case is self.case and document_id == self.document_id
        self.case, self._wanted_page = case, 0
        if same and self.checked:
            self._mark_selection()  # the pages were loaded again: mark the boxes again
            return
        self.document_id = document_id
        self.findings, self.checked, self.listed = Findings(), False, False
        self.overlay.mark([])
        self.clear_areas()
        self._fill()
        self._timer.stop()
        self._cancel_check()
        if case is not None and document_id is not None:
            self.summary.setText("Reading the privacy findings…")
            self._timer.start()
        else:
            self.summary.setText("Choose a document to check it.")
        self._update_actions()

    def choose_page(self, page: int) -> None:
        """Choose the first finding on ``page``: now, or when the findings come."""
        self._wanted_page = page
        if self.checked or self.listed:
            self._choose_on_page(page)
        else:
            self._wanted_page = page

    def recheck(self) -> None:
        """Check the shown document again (its bytes changed)."""
        if self.case is not None and self.document_id is not None:
            self.checked = self.listed = False
            self._timer.start()

    def _cancel_check(self) -> None:
        if self._check is not None:
            self._check.cancel.cancel()
            self._check = None

    def _start_check(self) -> None:
        case, document_id = self.case, self.document_id
        if case is None or document_id is None:
            return
        self._cancel_check()

        def current() -> bool:
            return (case, document_id) == (self.case, self.document_id)

        def read(progress, cancel):
            # The stored findings: one query, no file read.
            from casefile.privacy import stored

            with case.reading() as s:
                return stored_findings(s, [document_id]), stored.unchecked(s, [document_id])

        def listed(result) -> None:
            if not current():
                return
            found, need = result
            self.findings = found
            self.overlay.frames = {}
            self.listed = not need
            self._fill()
            if need:
                self.summary.setText("Checking for personal data and text under "
                                     "redactions…")
            else:
                self.summary.setText(self._summary())
                self._choose_on_page(self._wanted_page)
            self._check = self.worker.submit(Job("Placing the findings on the pages",
                                                 lambda p, c: placed_work(need, p, c),
                                                 on_done=placed, on_failed=failed))

        def placed_work(need, progress, cancel):
            found = self.findings
            if need:
                # Never checked under these rules (or a redacted version not yet
                # checked): read in a child with the limits, stored when writable.
                found = check_unchecked(case, [document_id], need, run=self._in_child,
                                        progress=progress, cancel=cancel)
            # Where personal data sits on its page, and how each page is cropped
            # and turned: read from the file, in a child; nothing is checked.
            return with_placement(found, document_id, in_child(
                place, case.location, document_id, found.rows, progress=progress, cancel=cancel,
                limits=limits.BUILDING))

        def placed(found: Findings) -> None:
            if not current():
                return
            self._check = None
            chosen = [(r.page, r.text) for r in self.selected_rows()]
            self.findings, self.checked, self.listed = found, True, True
            self.overlay.frames = found.frames.get(document_id, {})
            self._fill()
            self._choose_again(chosen)

        def failed(message: str) -> None:
            if current():
                self._check = None
                self.summary.setText(f"Not checked: {message}")
                self._update_actions()

        self._check = self.worker.submit(Job("Reading the document's privacy findings", read,
                                             on_done=listed, on_failed=failed))

    @staticmethod
    def _in_child(function, *args, progress=None, cancel=None):
        return in_child(function, *args, progress=progress, cancel=cancel,
                        limits=limits.BUILDING)

    def _choose_again(self, chosen: list[tuple]) -> None:
        """After the boxes are placed: the rows chosen before, else the page's first."""
        if chosen:
            for n, row in enumerate(self.rows()):
                if (row.page, row.text) in chosen:
                    self.list.topLevelItem(n).setSelected(True)
                    if self.list.currentItem() is None or \
                            self.list.currentItem().data(COL_PAGE,
                                                         Qt.ItemDataRole.UserRole) is None:
                        self.list.setCurrentItem(self.list.topLevelItem(n))
            self._selection_changed()
        else:
            self._choose_on_page(self._wanted_page)

    # --- the list -------------------------------------------------------------------

    def _fill(self) -> None:
        self.list.clear()
        found = self.findings
        for row in found.rows:
            item = QTreeWidgetItem([
                str(row.page) if row.page else "",
                "Under a box" if row.failed_redaction else row.rule.removeprefix("FRCP "),
                shown(row.text),
                row.allowed or ("—" if row.failed_redaction else ""),
            ])
            item.setData(COL_PAGE, Qt.ItemDataRole.UserRole, row)
            for column in range(4):
                item.setToolTip(column, _describe(row))
            if not row.blocking:
                for column in range(4):
                    item.setForeground(column, self.palette().placeholderText())
            self.list.addTopLevelItem(item)
        if self.checked or self.listed:
            self.summary.setText(self._summary())
        self._update_actions()

    def _summary(self) -> str:
        found = self.findings
        text = found.summary()
        if found.not_checked:
            text += " " + " ".join(found.not_checked[:3])
        return text

    def rows(self) -> list[FindingRow]:
        return [self.list.topLevelItem(i).data(COL_PAGE, Qt.ItemDataRole.UserRole)
                for i in range(self.list.topLevelItemCount())]

    def selected_rows(self) -> list[FindingRow]:
        return [item.data(COL_PAGE, Qt.ItemDataRole.UserRole)
                for item in self.list.selectedItems()]

    def select_row(self, index: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(index))

    def _choose_on_page(self, page: int) -> bool:
        """Choose the first finding on ``page``; False when it has none."""
        for n, row in enumerate(self.rows()):
            if page and row.page == page:
                self.select_row(n)
                return True
        return False

    def _mark_selection(self) -> FindingRow | None:
        """Draw the chosen findings' boxes; the current one, described."""
        rows = self.selected_rows()
        self.overlay.mark([PageBox(r.page, r.box) for r in rows if r.page and r.box])
        current = self.list.currentItem()
        row = current.data(COL_PAGE, Qt.ItemDataRole.UserRole) if current and rows else None
        self.detail.setText(_describe(row) if row is not None else "")
        return row

    def _selection_changed(self) -> None:
        row = self._mark_selection()
        if row is not None and row.page:
            if row.box is not None:
                height = self.view.pdf_view.document().pagePointSize(row.page - 1).height()
                self.view.show_area(row.page, height - row.box[3], height - row.box[1])
            else:
                self.view.go_to_page(row.page)
        self._update_actions()

    # --- areas drawn ----------------------------------------------------------------

    def _drawing_toggled(self, on: bool) -> None:
        self.overlay.set_drawing(on)
        if on:
            self.status.emit("Drag a box over what to redact; press Redact when the areas "
                             "are marked.")

    def _stop_drawing(self) -> None:
        self.draw_button.setChecked(False)

    def _area_drawn(self, page: int, box: tuple) -> None:
        self.overlay.set_areas([*self.overlay.areas, PageBox(page, box)])
        self._update_actions()

    def add_area(self, page: int, box: Box) -> None:
        """An area to redact, as if drawn: for tests and for a typed box."""
        self._area_drawn(page, tuple(box))

    def clear_areas(self) -> None:
        self.overlay.set_areas([])
        self._update_actions()

    def _update_actions(self) -> None:
        areas = len(self.overlay.areas)
        chosen = [r for r in self.selected_rows() if r.page and r.box]
        writable = self.case is not None and not self.case.read_only
        self.redact_button.setEnabled(writable and not self._redacting
                                      and bool(areas or chosen))
        if areas:
            self.redact_button.setText(f"Redact {areas} area{'' if areas == 1 else 's'}")
            self.redact_button.setToolTip("Remove what is under the areas drawn, for good, "
                                          "in a new version of the document "
                                          "(Edit > Undo takes it back)")
        else:
            count = len(chosen)
            self.redact_button.setText("Redact" if count <= 1 else f"Redact {count}")
            self.redact_button.setToolTip("Remove what is under the chosen finding's box, for "
                                          "good, in a new version of the document "
                                          "(Edit > Undo takes it back)")
        self.clear_button.setEnabled(bool(areas))
        # Boxes are drawn once the check has said how the pages are turned and cropped.
        self.draw_button.setEnabled(writable and self.document_id is not None
                                    and self._check is None and not self._timer.isActive())
        if not self.draw_button.isEnabled() and self.draw_button.isChecked():
            self.draw_button.setChecked(False)

    # --- redacting ------------------------------------------------------------------

    def redact(self) -> Job | None:
        """Redact the areas drawn, or else the chosen findings' boxes, on the worker."""
        from casefile.jobs import call_in_child
        from casefile.privacy.redact import Area

        case, document_id = self.case, self.document_id
        if case is None or document_id is None or self._redacting:
            return None
        reason = " ".join(self.reason.currentText().split())
        label = reason if self.label_box.isChecked() else ""
        if self.label_box.isChecked() and not reason:
            self.status.emit("Type or choose the reason to print on the boxes, or untick "
                             "“Print the reason on the box”.")
            return None
        if self.overlay.areas:
            areas = [Area(a.page, a.box, "") for a in self.overlay.areas]
        else:
            rows = [r for r in self.selected_rows() if r.page and r.box]
            areas = [Area(r.page, r.box, "" if reason else r.reason()) for r in rows]
        if not areas:
            self.status.emit("Choose a finding, or draw an area, to redact.")
            return None
        by, page = _user(), areas[0].page
        kept: dict = {}

        def run(function, *args):
            # The bytes came from outside: rasterised in a child with the limits.
            kept["done"] = call_in_child(function, *args, limits=limits.BUILDING)
            return kept["done"]

        def work(progress, cancel):
            from casefile.privacy.versions import redact_document

            with case.transaction() as s:
                return redact_document(s, document_id, areas, reason=reason, by=by, run=run,
                                       label=label)

        def done(result) -> None:
            self._redacting = False
            command = Redaction(case, document_id, areas, reason, by, kept["done"], page,
                                after=self._redaction_changed, failed=self.failed.emit)
            command.stack = self.undo
            self.undo.push(command)  # applied already, on the worker: push skips it
            self.draw_button.setChecked(False)
            self.clear_areas()
            still = f" Check: {'; '.join(result.still_present)}" if result.still_present \
                else ""
            self.status.emit(f"Redacted {len(areas)} area{'' if len(areas) == 1 else 's'} "
                             f"as version {result.version} of the document; the imported "
                             f"file is kept. Edit > Undo takes it back.{still}")
            if (case, document_id) == (self.case, self.document_id):
                # The new version was checked as it was made (its findings stored).
                self.checked = self.listed = False
                self.reshow.emit(document_id, page, False)

        def failed(message: str) -> None:
            self._redacting = False
            self._update_actions()
            self.failed.emit(message)

        self._redacting = True
        self._update_actions()
        return self.worker.submit(Job("Redacting", work, on_done=done, on_failed=failed))

    def _redaction_changed(self, document_id: int, page: int, forward: bool) -> None:
        self.status.emit("The redaction is back." if forward else
                         "The redaction is undone: the document is as it was before it.")
        if document_id == self.document_id:
            self.checked = self.listed = False  # its bytes changed: read its findings again
        self.reshow.emit(document_id, page, True)


def _describe(row: FindingRow) -> str:
    """The finding in a sentence: what, where, under which rule, and what is allowed."""
    where = f"Page {row.page}: " if row.page else ""
    if row.failed_redaction:
        return (f"{where}text under a redaction ({row.rule}); copying the region gives "
                f"back “{shown(row.text)}”.")
    allowed = f"; the rule allows {row.allowed}" if row.allowed else ""
    noted = "" if row.blocking else " Noted only: not what the rule forbids."
    placed = "" if row.box else " Not placed on the page (its text was read by OCR): " \
                                "draw a box over it to redact it."
    return (f"{where}{row.kind} “{shown(row.text)}” ({row.rule}){allowed}.{noted}{placed}")


class ProductionFindings(QWidget):
    """A production's failed redactions and personal data: the summary line, and
    each finding, which opens its document at its page."""

    open_page = Signal(int, int)  # document id, page

    def __init__(self, worker: CaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.case: CaseFile | None = None
        self.production_id: int | None = None
        self.findings = Findings()
        self._check: Job | None = None
        self.summary = QLabel()
        self.summary.setAccessibleName("Production privacy summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.list = QTreeWidget()
        self.list.setAccessibleName("Production privacy findings")
        self.list.setHeaderLabels(["Document", "Page", "Finding", "Text found",
                                   "Claimed by"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.setStatusTip("Enter or double-click a finding to open its document at "
                               "its page")
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.show_production(None, None)

    def show_production(self, case: CaseFile | None, production_id: int | None) -> None:
        if (case, production_id) == (self.case, self.production_id) and self._check:
            return
        self.case, self.production_id = case, production_id
        self.findings = Findings()
        self.list.clear()
        if self._check is not None:
            self._check.cancel.cancel()
            self._check = None
        if case is None or production_id is None:
            self.summary.setText("Choose a production to see what its pages hide.")
            return
        self.summary.setText("Reading the production's privacy findings…")

        def current() -> bool:
            return (case, production_id) == (self.case, self.production_id)

        def read(progress, cancel):
            # The findings stored at import: one query, no file read.
            from casefile.privacy import stored

            with case.reading() as s:
                ids = production_documents(s, production_id)
                return ids, stored_findings(s, ids), stored.unchecked(s, ids)

        def listed(result) -> None:
            if not current():
                return
            ids, found, need = result
            self._check = None
            self._fill(found)
            if need:
                self.summary.setText(found.summary() + f" Checking {len(need)} document"
                                     f"{'' if len(need) == 1 else 's'} never checked…")

                def work(progress, cancel):
                    # Never checked under these rules: read in a child with the limits.
                    return check_unchecked(case, ids, need, run=FindingsPanel._in_child,
                                           progress=progress, cancel=cancel)

                self._check = self.worker.submit(Job("Checking the production", work,
                                                     on_done=done, on_failed=failed))

        def done(found: Findings) -> None:
            if current():
                self._check = None
                self._fill(found)

        def failed(message: str) -> None:
            if current():
                self._check = None
                self.summary.setText(f"Not checked: {message}")

        self._check = self.worker.submit(Job("Reading the production's findings", read,
                                             on_done=listed, on_failed=failed))

    def _fill(self, found: Findings) -> None:
        self.findings = found
        self.summary.setText(found.summary())
        self.list.clear()
        for row in found.rows:
            if not row.blocking:
                continue
            page = str(row.page or "") + (f" ({row.bates})" if row.bates else "")
            item = QTreeWidgetItem([
                shown(row.document.split(": ", 1)[-1]), page,
                "Text under a redaction" if row.failed_redaction else row.kind,
                shown(row.text), row.vaughn])
            item.setData(0, Qt.ItemDataRole.UserRole, row)
            for column in range(5):
                item.setToolTip(column, _describe(row) + (f" {row.vaughn} claims the page."
                                                          if row.vaughn else ""))
            self.list.addTopLevelItem(item)

    def _activated(self, item: QTreeWidgetItem) -> None:
        row = item.data(0, Qt.ItemDataRole.UserRole)
        if row is not None:
            self.open_page.emit(row.document_id, row.page or 1)
