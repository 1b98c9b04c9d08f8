"""One PDF from the case, previewed: page thumbnails down the left, the pages
themselves, and a toolbar to go to a page or a Bates number, zoom, and step
through the matches of a search term.

The widget takes bytes; it never opens the case file. A caller holding a
``casefile.store.models.Document`` passes ``blobs.read_bytes(session,
document.blob_id)`` and the ``{page_no: bates}`` of the document's
``DocumentPage`` rows.

Four things here work around how QtPdf behaves (PySide6 6.12):

* ``QPdfSearchModel`` searches one page per 100 ms on its own, so a
  500-page production would take most of a minute to count its matches. The
  view searches the pages itself instead, in order and in slices of a few
  milliseconds between events, so the count is soon right and the window
  never freezes. The model also leaves a 100 ms timer running each time its
  document or search string changes (measured: 37 timers after ten
  documents), so each highlight gets a model of its own, deleted with its
  timers when the document goes.
* ``QPdfView`` scrolls only when its navigator's current page changes, and
  then to the page's top; and it keeps its scroll position in pixels when the
  zoom or the width changes. This widget announces the page again to go back
  to its top, scrolls on to a match lower down the page, and keeps its place
  in the document across zooms and resizes. A page it was sent to (a hit, a
  Bates number) is laid out again, not kept as a fraction of the document's
  height, until the reader scrolls: a view first shown, or shown at a new
  size, after the page was chosen would otherwise land off it.
* ``QPdfView`` calls the page whose area crosses 40% down the view the
  current one. A match near a page's foot (a Bates stamp), scrolled up to a
  third of the view, would fill the rest with the next page and make it
  current; so a match in sight from the page's top is not scrolled to, and
  none is scrolled to past the page's foot.
* Thumbnails are rendered when the strip paints them and kept in a small
  cache, so opening a long document renders only the handful on screen.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QPalette, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfLink, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractSlider,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import icons

Index = QModelIndex | QPersistentModelIndex

PASSWORD_MESSAGE = "This PDF is protected by a password, so it cannot be shown here."
UNREADABLE_MESSAGE = "This file could not be read as a PDF."
# In place of pages before anything is opened: a blank half of the window looks broken.
EMPTY_MESSAGE = "Choose a document or a search result to see its pages here."

# Custom zoom factors the zoom buttons step through (1.0: a point is a pixel at 72 dpi).
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
THUMBNAIL = QSize(96, 124)  # the box a page's thumbnail fits in, in logical pixels
THUMBNAILS_KEPT = 200  # 10 MB of pixmaps on a standard screen; older ones render again
SEARCH_SLICE_SECONDS = 0.012  # pages are searched for this long (and one at least) at a time
_MATCH_AIR = 24  # pixels kept below a match shown without scrolling, so it is not at the edge
_PASSWORD_ERRORS = (QPdfDocument.Error.IncorrectPassword,
                    QPdfDocument.Error.UnsupportedSecurityScheme)


class PageThumbnails(QAbstractListModel):
    """One row per page: its number, and its picture rendered when first asked for."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._document: QPdfDocument | None = None
        self._bates: dict[int, str] = {}
        self._cell = QSize()
        self._pixel_ratio = 1.0
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()

    def set_document(self, document: QPdfDocument | None, bates: dict[int, str],
                     cell: QSize, pixel_ratio: float) -> None:
        self.beginResetModel()
        self._document = document
        self._bates = bates
        self._cell = cell
        self._pixel_ratio = pixel_ratio
        self._pixmaps.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._document is None:
            return 0
        return self._document.pageCount()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        page = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(page + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(page)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            bates = self._bates.get(page + 1)
            return f"Page {page + 1}, {bates}" if bates else f"Page {page + 1}"
        if role == Qt.ItemDataRole.SizeHintRole:
            # Given here so that laying out the strip never renders a page.
            return self._cell
        return None

    def _thumbnail(self, page: int) -> QPixmap:
        pixmap = self._pixmaps.get(page)
        if pixmap is None:
            pixmap = self._pixmaps[page] = self._render(page)
            if len(self._pixmaps) > THUMBNAILS_KEPT:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(page)
        return pixmap

    def _render(self, page: int) -> QPixmap:
        """The page, white and framed, centred in a box of THUMBNAIL's size."""
        ratio = self._pixel_ratio
        shown = self._document.pagePointSize(page).scaled(
            QSizeF(THUMBNAIL), Qt.AspectRatioMode.KeepAspectRatio).toSize()
        image = self._document.render(page, shown * ratio, fillColor=Qt.GlobalColor.white)
        pixmap = QPixmap(THUMBNAIL * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        target = QRect((THUMBNAIL.width() - shown.width()) // 2,
                       (THUMBNAIL.height() - shown.height()) // 2, shown.width(), shown.height())
        painter = QPainter(pixmap)
        painter.drawImage(target, image)
        painter.setPen(Qt.GlobalColor.gray)
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        painter.end()
        return pixmap


class DocumentView(QWidget):
    """Previews one PDF. ``show_pdf`` loads it; ``clear`` empties the view."""

    # All matches of the highlighted term are known: their count.
    search_finished = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._name = ""
        self._bates: dict[int, str] = {}
        self._pages_by_bates: dict[str, int] = {}
        self._matches: list[QPdfLink] = []
        self._current_match = -1
        self._pages_searched = 0
        self._first_match_page = 0
        self._position = 0.0  # the top of the view, as a fraction of the document's height
        # Where the view was sent, until the reader scrolls: (0-based page, and the
        # top and bottom, in points, of what must be in sight on it).
        self._anchor: tuple[int, float, float] | None = None
        self._placing = False  # the view is being scrolled here, not by the reader
        self._following = False  # the thumbnail strip is being moved to the current page
        self._layout_key: tuple | None = None  # what page_rect's cached layout was made for
        self._layout: list[tuple[int, int, int, int]] = []  # left, top, width, height
        self._point_sizes: list[tuple[float, float]] = []  # each page's, read once

        # QPdfDocument reads the buffer while the document is open.
        self._buffer = QBuffer(self)
        self._document = QPdfDocument(self)
        self._search: QPdfSearchModel | None = None  # while a term is highlighted
        self._search_timer = QTimer(self)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._search_some_pages)
        self._thumbnail_model = PageThumbnails(self)

        self._build()
        self._add_shortcuts()
        self.clear()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.pdf_view = QPdfView()
        self.pdf_view.setAccessibleName("Document pages")
        self.pdf_view.setDocument(self._document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        bar = self.pdf_view.verticalScrollBar()
        bar.valueChanged.connect(self._remember_position)
        bar.rangeChanged.connect(self._restore_position)

        self.thumbnails = self._build_thumbnails()
        pages = _row(self.thumbnails, self.pdf_view)
        pages.layout().setSpacing(0)

        document_page = QWidget()
        column = QVBoxLayout(document_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_toolbar())
        column.addWidget(pages, 1)

        self.message_label = QLabel()
        self.message_label.setAccessibleName("Document message")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setContentsMargins(24, 24, 24, 24)

        self.empty_label = QLabel(EMPTY_MESSAGE)
        self.empty_label.setAccessibleName("No document")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setContentsMargins(24, 24, 24, 24)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # Below the message of a PDF locked by a password: Unlock (ui/unlock.py).
        self.unlock_button = QPushButton("Unlock…")
        self.unlock_button.setToolTip("Type the PDF's password once: Casefile decrypts the "
                                      "file, reads its pages and keeps the unlocked copy")
        self.unlock_button.hide()
        self._unlock: Callable[[], object] | None = None
        self.unlock_button.clicked.connect(lambda: self._unlock and self._unlock())
        self.message_page = QWidget()
        message_column = QVBoxLayout(self.message_page)
        message_column.addStretch()
        message_column.addWidget(self.message_label)
        message_column.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_column.addStretch()

        self._stack = QStackedWidget()
        self._stack.addWidget(document_page)
        self._stack.addWidget(self.message_page)
        self._stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        QWidget.setTabOrder(self.page_box, self.bates_box)
        QWidget.setTabOrder(self.bates_box, self.previous_match_button)
        QWidget.setTabOrder(self.previous_match_button, self.next_match_button)
        QWidget.setTabOrder(self.next_match_button, self.zoom_out_button)
        QWidget.setTabOrder(self.zoom_out_button, self.zoom_in_button)
        QWidget.setTabOrder(self.zoom_in_button, self.fit_width_button)
        QWidget.setTabOrder(self.fit_width_button, self.thumbnails)
        QWidget.setTabOrder(self.thumbnails, self.pdf_view)

    def _build_thumbnails(self) -> QListView:
        strip = QListView()
        strip.setAccessibleName("Page thumbnails")
        strip.setModel(self._thumbnail_model)
        strip.setViewMode(QListView.ViewMode.IconMode)
        strip.setFlow(QListView.Flow.TopToBottom)
        strip.setWrapping(False)
        strip.setMovement(QListView.Movement.Static)
        strip.setResizeMode(QListView.ResizeMode.Adjust)
        strip.setUniformItemSizes(True)
        strip.setIconSize(THUMBNAIL)
        strip.setSpacing(4)
        strip.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        strip.setFixedWidth(self._thumbnail_cell().width() + 2 * strip.spacing()
                            + strip.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
                            + 2 * strip.frameWidth())
        strip.selectionModel().currentChanged.connect(self._on_thumbnail_current)
        # Clicking the current page's thumbnail again goes back to the page's top.
        strip.clicked.connect(self._on_thumbnail_current)
        return strip

    def _build_toolbar(self) -> QWidget:
        self.page_box = QLineEdit()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setToolTip("Type a page number and press Enter (Ctrl+G)")
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 16)
        self.page_box.returnPressed.connect(self._on_page_entered)
        self.page_box.editingFinished.connect(self._revert_boxes_when_left)
        self._page_total = QLabel()
        self._page_total.setAccessibleName("Page count")

        self.bates_box = QLineEdit()
        self.bates_box.setAccessibleName("Bates number")
        self.bates_box.setToolTip("Type a Bates number and press Enter to go to its page")
        self.bates_box.setPlaceholderText("Bates number")
        self.bates_box.setFixedWidth(self.fontMetrics().horizontalAdvance("ICE-2020-000000") + 24)
        self.bates_box.returnPressed.connect(self._on_bates_entered)
        self.bates_box.editingFinished.connect(self._revert_boxes_when_left)
        self._bates_label = QLabel("Bates")

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")

        self.previous_match_button = _tool_button(
            "Previous match", "Previous match (Shift+F3)", "prev", self.previous_match)
        self.next_match_button = _tool_button(
            "Next match", "Next match (F3)", "next", self.next_match)
        self.match_label = QLabel()
        self.match_label.setAccessibleName("Matches")
        self._match_bar = _row(self.previous_match_button, self.next_match_button,
                               self.match_label)

        self.zoom_out_button = _tool_button("Zoom out", "Zoom out (Ctrl+-)", "zoom-out",
                                            self.zoom_out)
        self.zoom_in_button = _tool_button("Zoom in", "Zoom in (Ctrl+=)", "zoom-in", self.zoom_in)
        self.fit_width_button = _tool_button(
            "Fit width", "Fit the pages to the width of the view (Ctrl+0)", "fit-width",
            self.fit_width)

        page_label = QLabel("Page")
        page_label.setBuddy(self.page_box)
        self._bates_label.setBuddy(self.bates_box)
        toolbar = _row(page_label, self.page_box, self._page_total, _gap(),
                       self._bates_label, self.bates_box, _gap(), self.status_label)
        toolbar.layout().addStretch(1)
        for widget in (self._match_bar, _gap(), self.zoom_out_button, self.zoom_in_button,
                       self.fit_width_button):
            toolbar.layout().addWidget(widget)
        toolbar.layout().setContentsMargins(8, 4, 8, 4)
        return toolbar

    def _thumbnail_cell(self) -> QSize:
        """An item of the strip: the thumbnail over its page number, with some air."""
        return QSize(THUMBNAIL.width() + 16, THUMBNAIL.height() + self.fontMetrics().height() + 12)

    def _add_shortcuts(self) -> None:
        bar = self.pdf_view.verticalScrollBar()
        for keys, slot in [
            ("Ctrl+G", self._focus_page_box),
            ("PgDown", lambda: bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)),
            ("PgUp", lambda: bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)),
            ("Ctrl+=", self.zoom_in),
            ("Ctrl++", self.zoom_in),
            ("Ctrl+-", self.zoom_out),
            ("Ctrl+0", self.fit_width),
            ("F3", self.next_match),
            ("Shift+F3", self.previous_match),
        ]:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- loading ------------------------------------------------------------------------

    def show_pdf(self, data: bytes, *, name: str, page: int = 1, highlight: str | None = None,
                 bates: dict[int, str] | None = None) -> bool:
        """Show the PDF ``data`` at ``page`` (1-based), ``highlight``'s matches marked.

        ``bates`` maps 1-based page numbers to the pages' Bates numbers. False,
        and a one-sentence message in place of the pages, when ``data`` is not a
        PDF that can be read without a password. With a highlight, the search
        runs on after this returns; ``search_finished`` tells when it is done.
        """
        self.clear()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)
        problem = self._load_problem()
        if problem is not None:
            self.clear()
            self._show_message(problem)
            return False

        self._name = name
        # Pages without a Bates number may come as None, straight from DocumentPage.
        self._bates = {n: b for n, b in (bates or {}).items() if b}
        self._pages_by_bates = {b.strip().casefold(): n for n, b in self._bates.items()}
        self.pdf_view.setAccessibleName(f"Pages of {name}")
        self._thumbnail_model.set_document(self._document, self._bates, self._thumbnail_cell(),
                                           self.devicePixelRatioF())
        self._page_total.setText(f"of {self.page_count()}")
        self._bates_label.setVisible(bool(self._bates))
        self.bates_box.setVisible(bool(self._bates))
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._stack.setCurrentIndex(0)
        start = min(max(page, 1), self.page_count()) - 1
        self._scroll_to(start)
        self._start_search(highlight or "", start)
        return True

    def clear(self) -> None:
        """Show nothing, and let go of the last document's bytes."""
        self._stop_search()
        # The strip lets go of the document before it closes and has no pages.
        self._thumbnail_model.set_document(None, {}, QSize(), 1.0)
        self._document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())
        self._name = ""
        self._bates = {}
        self._pages_by_bates = {}
        self._anchor = None
        self._layout_key = None
        self._point_sizes = []
        self.status_label.clear()
        self.message_label.clear()
        self.offer_unlock(None)
        self._stack.setCurrentWidget(self.empty_label)

    def show_message(self, text: str) -> None:
        """Nothing to preview, and why (a Word file, a missing document)."""
        self.clear()
        self._show_message(text)

    def _load_problem(self) -> str | None:
        if self._document.error() in _PASSWORD_ERRORS:
            return PASSWORD_MESSAGE
        if self._document.status() != QPdfDocument.Status.Ready or not self._document.pageCount():
            return UNREADABLE_MESSAGE
        return None

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self._stack.setCurrentWidget(self.message_page)

    def offer_unlock(self, unlock: Callable[[], object] | None) -> None:
        """Show Unlock under the message (``unlock`` runs when pressed), or hide it."""
        self._unlock = unlock
        self.unlock_button.setVisible(unlock is not None)

    # --- for callers and tests ----------------------------------------------------------

    def message(self) -> str:
        """The sentence shown instead of the pages, or "" while pages (or nothing) are shown."""
        return self.message_label.text() if self._stack.currentIndex() == 1 else ""

    def page_count(self) -> int:
        return self._document.pageCount()

    def current_page(self) -> int:
        """The page at the upper middle of the view, 1-based; 0 with no document."""
        return self.pdf_view.pageNavigator().currentPage() + 1 if self.page_count() else 0

    def page_rect(self, page: int) -> QRectF:
        """Where 1-based ``page`` is drawn now, in the viewport's pixels (empty when
        there is no such page). QPdfView keeps its layout to itself, so this redoes
        its arithmetic (Qt 6's qpdfview.cpp): pages one below another, each centred,
        ``documentMargins`` around them and ``pageSpacing`` between."""
        if not 1 <= page <= self.page_count():
            return QRectF()
        view = self.pdf_view
        key = (view.zoomMode(), view.zoomFactor(), view.viewport().width(), self.page_count())
        if self._layout_key != key:
            if not self._point_sizes:
                sizes = (self._document.pagePointSize(n) for n in range(self.page_count()))
                self._point_sizes = [(size.width(), size.height()) for size in sizes]
            self._layout_key, self._layout = key, _page_layout(view, self._point_sizes)
        left, top, width, height = self._layout[page - 1]
        return QRectF(left - view.horizontalScrollBar().value(),
                      top - view.verticalScrollBar().value(), width, height)

    def show_area(self, page: int, top: float, bottom: float) -> bool:
        """Show 1-based ``page``, scrolled so that ``top`` to ``bottom`` (points below
        the page's top edge) are in sight: a finding's box, say."""
        if not 1 <= page <= self.page_count():
            return False
        self._scroll_to(page - 1, top, bottom)
        return True

    def match_count(self) -> int:
        """The matches of the highlight found so far: all, once search_finished is sent."""
        return len(self._matches)

    # --- going to a page ----------------------------------------------------------------

    def go_to_page(self, page: int) -> bool:
        """Show ``page`` (1-based) from its top; False when there is no such page."""
        if not 1 <= page <= self.page_count():
            return False
        self._scroll_to(page - 1)
        return True

    def go_to_bates(self, text: str) -> bool:
        """Show the page that carries Bates number ``text``, whatever its case."""
        page = self._pages_by_bates.get(text.strip().casefold())
        if page is None:
            self.status_label.setText(f"No page of {self._name} has Bates number {text.strip()}.")
            return False
        return self.go_to_page(page)

    def _scroll_to(self, page: int, top: float = 0.0, bottom: float = 0.0) -> None:
        """Show 0-based ``page`` from its top, scrolled on only as far as it takes
        to bring ``top`` to ``bottom`` points below the page's top into sight."""
        self._anchor = (page, top, max(top, bottom))
        self._place()

    def _place(self) -> None:
        """Scroll to the anchor, in the view's present layout."""
        page, top, bottom = self._anchor
        navigator = self.pdf_view.pageNavigator()
        bar = self.pdf_view.verticalScrollBar()
        self._placing = True
        try:
            if navigator.currentPage() == page:
                # The view scrolls to a page only when the navigator says that the
                # current page changed, so say it again.
                navigator.currentPageChanged.emit(page)
            else:
                navigator.jump(page, QPointF(0, top))
            scale = self._pixels_per_point(page)
            view = self.pdf_view.viewport().height()
            if bottom * scale + _MATCH_AIR > view:
                # Out of sight from the page's top: bring it to a third of the way
                # down, but keep the page's foot at the view's foot or lower.
                below = min(top * scale - view / 3,
                            self._document.pagePointSize(page).height() * scale - view)
                if below > 0:
                    bar.setValue(bar.value() + round(below))
        finally:
            self._placing = False

    def _on_page_changed(self, page: int) -> None:
        self.status_label.clear()
        self._show_position()
        index = self._thumbnail_model.index(page)
        self._following = True
        self.thumbnails.setCurrentIndex(index)
        self._following = False
        self.thumbnails.scrollTo(index, QListView.ScrollHint.PositionAtCenter)

    def _show_position(self) -> None:
        """The current page's number and Bates number, unless the user is typing one."""
        page = self.current_page()
        if not self.page_box.isModified():
            self.page_box.setText(str(page) if page else "")
        if not self.bates_box.isModified():
            self.bates_box.setText(self._bates.get(page, ""))

    def _on_thumbnail_current(self, index: QModelIndex) -> None:
        if not self._following and index.isValid():
            self._scroll_to(index.row())

    def _focus_page_box(self) -> None:
        self.page_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page_box.selectAll()

    def _on_page_entered(self) -> None:
        text = self.page_box.text().strip()
        if not (text.isdigit() and self.go_to_page(int(text))):
            count = self.page_count()
            self.status_label.setText(f"There is no page {text}: this document has "
                                      f"{count} page{'' if count == 1 else 's'}.")
            self.page_box.selectAll()
            return
        self.page_box.setModified(False)
        self._show_position()

    def _on_bates_entered(self) -> None:
        if not self.go_to_bates(self.bates_box.text()):
            self.bates_box.selectAll()
            return
        self.bates_box.setModified(False)
        self._show_position()

    def _revert_boxes_when_left(self) -> None:
        """Leaving a box without pressing Enter puts the current position back in it."""
        if not (self.page_box.hasFocus() or self.bates_box.hasFocus()):
            self.page_box.setModified(False)
            self.bates_box.setModified(False)
            self._show_position()

    # --- zoom ---------------------------------------------------------------------------

    def zoom_in(self) -> None:
        zoom = self._zoom()
        self._set_zoom(next((z for z in ZOOM_STEPS if z > zoom * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        zoom = self._zoom()
        self._set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < zoom / 1.01), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _set_zoom(self, factor: float) -> None:
        # The factor first: while the view fits the width it ignores the factor,
        # so the pages are laid out once, not twice.
        self.pdf_view.setZoomFactor(factor)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)

    def _zoom(self) -> float:
        """The zoom factor in effect, also while the view fits the width."""
        if not self.page_count():
            return 1.0
        page = max(self.current_page() - 1, 0)
        return self._pixels_per_point(page) / _screen_pixels_per_point()

    def _pixels_per_point(self, page: int) -> float:
        """How large 0-based ``page`` is drawn (QPdfView's own arithmetic)."""
        if self.pdf_view.zoomMode() != QPdfView.ZoomMode.FitToWidth:
            return _screen_pixels_per_point() * self.pdf_view.zoomFactor()
        margins = self.pdf_view.documentMargins()
        width = self.pdf_view.viewport().width() - margins.left() - margins.right()
        return width / max(self._document.pagePointSize(page).width(), 1.0)

    # The scroll bar's range is the document's height less the viewport's (and
    # its page step, the viewport's height, is set only after the range).

    def _remember_position(self, value: int) -> None:
        height = self.pdf_view.verticalScrollBar().maximum() + self.pdf_view.viewport().height()
        self._position = value / max(height, 1)
        if not self._placing:
            self._anchor = None  # the reader scrolled: their place is theirs

    def _restore_position(self, _minimum: int, maximum: int) -> None:
        """The document got taller or shorter (zoom, width, first shown): keep the
        page it was sent to, or else the same place in it, at the top of the view."""
        if self._anchor is not None:
            self._place()
            return
        height = maximum + self.pdf_view.viewport().height()
        self.pdf_view.verticalScrollBar().setValue(round(self._position * height))

    # --- the highlighted term -----------------------------------------------------------

    def next_match(self) -> None:
        if self._matches:
            self._show_match((self._current_match + 1) % len(self._matches))

    def previous_match(self) -> None:
        if self._matches:
            self._show_match((max(self._current_match, 0) - 1) % len(self._matches))

    def _start_search(self, text: str, page: int) -> None:
        """Find ``text``; the first match on or after 0-based ``page`` becomes current."""
        self._first_match_page = page
        self._match_bar.setVisible(bool(text))
        if not text:
            return
        self._search = QPdfSearchModel(self)
        self._search.setDocument(self._document)
        self._search.setSearchString(text)
        self.pdf_view.setSearchModel(self._search)
        self._search_some_pages()
        if self._searching():
            self._search_timer.start()

    def _stop_search(self) -> None:
        self._search_timer.stop()
        if self._search is not None:
            self.pdf_view.setSearchModel(None)
            self._search.deleteLater()
            self._search = None
        self._match_bar.setVisible(False)
        self._matches = []
        self._current_match = -1
        self._pages_searched = 0

    def _searching(self) -> bool:
        return self._search is not None and self._pages_searched < self.page_count()

    def _search_some_pages(self) -> None:
        """Search the next pages, in order, for a few milliseconds.

        In order, so that the n-th match found is row n of the search model,
        which is how QPdfView names the match to frame.
        """
        deadline = time.monotonic() + SEARCH_SLICE_SECONDS
        while self._searching():
            self._matches += self._search.resultsOnPage(self._pages_searched)
            self._pages_searched += 1
            if time.monotonic() >= deadline:
                break
        if self._current_match < 0:
            self._show_first_match()
        if not self._searching():
            self._search_timer.stop()
            self.search_finished.emit(len(self._matches))
        self._update_match_label()

    def _show_first_match(self) -> None:
        """Frame the first match on or after the page opened, once it is found.

        It is scrolled to only while the reader is still on that page: a long
        search must not pull away a reader who has moved on.
        """
        first = next((i for i, match in enumerate(self._matches)
                      if match.page() >= self._first_match_page), None)
        if first is not None:
            still_there = self.current_page() - 1 == self._first_match_page
            self._show_match(first, scroll=still_there)

    def _show_match(self, index: int, *, scroll: bool = True) -> None:
        self._current_match = index
        self.pdf_view.setCurrentSearchResultIndex(index)
        if scroll:
            match = self._matches[index]
            rectangles = match.rectangles()
            top = min((r.top() for r in rectangles), default=match.location().y())
            bottom = max((r.bottom() for r in rectangles), default=top)
            self._scroll_to(match.page(), top, bottom)
        self._update_match_label()

    def _update_match_label(self) -> None:
        count = len(self._matches)
        if self._searching():
            text = "Searching…"
        elif not count:
            text = "No matches"
        elif self._current_match < 0:
            text = f"{count} match{'' if count == 1 else 'es'}"
        else:
            text = f"{self._current_match + 1} of {count} match{'' if count == 1 else 'es'}"
        self.match_label.setText(text)
        self.previous_match_button.setEnabled(count > 0)
        self.next_match_button.setEnabled(count > 0)


def _tool_button(name: str, tip: str, icon: str, slot) -> QToolButton:
    button = QToolButton()
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.setText(name)
    button.setIcon(icons.icon(icon))
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(slot)
    return button


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    return row


def _gap() -> QWidget:
    gap = QWidget()
    gap.setFixedWidth(12)
    return gap


def _page_layout(view: QPdfView, sizes: list[tuple[float, float]]
                 ) -> list[tuple[int, int, int, int]]:
    """Each page's left, top, width and height in the document's pixels, as QPdfView
    lays them out (its QSize arithmetic, rounding included), in plain numbers: Qt
    objects made page by page cost a quarter of a second for 5,000 pages."""
    margins, resolution = view.documentMargins(), _screen_pixels_per_point()
    viewport = view.viewport().width()
    custom = view.zoomMode() == QPdfView.ZoomMode.Custom  # else FitToWidth, as used here
    zoom, room = view.zoomFactor(), viewport - margins.left() - margins.right()
    pixels = []
    for width, height in sizes:
        if custom:
            pixels.append((_qround(width * resolution * zoom), _qround(height * resolution * zoom)))
        else:
            w, h = _qround(width * resolution), _qround(height * resolution)
            factor = room / max(w, 1)
            pixels.append((_qround(w * factor), _qround(h * factor)))
    total = max(max((w for w, _h in pixels), default=0) + margins.left() + margins.right(),
                viewport)
    layout, y, spacing = [], margins.top(), view.pageSpacing()
    for w, h in pixels:
        layout.append(((total - w) // 2, y, w, h))
        y += h + spacing
    return layout


def _qround(value: float) -> int:
    """Qt's qRound, which QSizeF.toSize and QSize * factor use (halves away from zero)."""
    return int(value + 0.5) if value >= 0 else int(value - 0.5)


def _screen_pixels_per_point() -> float:
    """QPdfView draws a point as this many pixels at zoom 1: the primary screen's DPI / 72."""
    return QGuiApplication.primaryScreen().logicalDotsPerInch() / 72
