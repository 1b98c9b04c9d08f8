"""Search the whole case: pages, letters, Vaughn entries and notes, ranked, with
snippets; choosing a page hit previews the page with the words highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from casefile import search as case_search
from casefile.errors import CasefileError
from casefile.store import CaseFile

_PAGE = 50  # hits listed per search; "more" says when there are others
_PREVIEW_DELAY_MS = 150  # arrowing down the list previews where the reader stops, not each row
_PADDING = 8  # pixels around a hit's text, inside its row

# What the empty page says, under a first line that changes (see _show_help). Each
# example is a link that runs it.
EXAMPLES = (
    ("BORTAC detainers", "pages with both words"),
    ('"target package"', "the words together"),
    ("deploy*", "deploy, deployed, deployment…"),
    ("Palladium NOT BORTAC", "AND, OR, NOT in capitals"),
    ("ICE-2020-000008", "a Bates number: its page first"),
    ("(b)(7)(C)", "an exemption, also found as b7C"),
)
HELP = (
    "<p>Every page of every document, letter, Vaughn entry and note is searched.</p>"
    + "".join(f"<p style='margin:0'><a href='{escape(q, quote=True)}'>{escape(q)}</a>"
              f" &nbsp;— {escape(what)}</p>" for q, what in EXAMPLES)
    + "<p>Choose a result to see its page with the words marked; press Enter or "
    "double-click a Vaughn entry or a letter to open it. <b>Ctrl+K</b> comes back here "
    "from anywhere.</p>"
)
WELCOME = "Search the whole case"


class SearchView(QWidget):
    open_page = Signal(int, int, str)  # document id, page number, the words to highlight
    open_entry = Signal(str, int)  # kind ("record", "correspondence", "note"), its id
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: CaseFile | None = None
        self.box = QLineEdit()
        self.box.setProperty("casefile_kept_on_refresh", True)  # ui/remote_changes.py
        self.box.setAccessibleName("Search the case")
        # Short enough to show whole in a narrow pane; the help below has the rest.
        self.box.setPlaceholderText("Search the whole case…")
        self.box.setToolTip('Words, "a phrase", prefix*, a Bates number, (b)(5); AND, OR, '
                            "NOT in capitals")
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.run)
        self.summary = QLabel()
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)
        self.hits = QListWidget()
        self.hits.setAccessibleName("Search results")
        self.hits.setItemDelegate(HitDelegate(self.hits))
        # Rows are as tall as their wrapped text, and are laid out again when the width
        # changes only while word wrap is on (QListView::resizeEvent).
        self.hits.setWordWrap(True)
        self.hits.setResizeMode(QListView.ResizeMode.Adjust)
        self.hits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hits.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        # Hits are parted by a rule, not by alternate shading: the grey of where a hit
        # is (its page, its Bates number) stays readable only on the plain base colour.
        # A double-click activates too: opening on both would open everything twice.
        self.hits.itemActivated.connect(self._open)
        self.hits.currentItemChanged.connect(self._preview_soon)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(_PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview)

        # Before a search (and when nothing matches), what can be searched and how.
        self.help = QLabel()
        self.help.setAccessibleName("How to search")
        self.help.setTextFormat(Qt.TextFormat.RichText)
        self.help.setWordWrap(True)
        self.help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.help.setContentsMargins(16, 12, 16, 12)
        self.help.setBackgroundRole(QPalette.ColorRole.Base)
        self.help.setAutoFillBackground(True)
        # The list's width, not the help's longest line, sets how wide this side is.
        self.help.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.help.linkActivated.connect(self.run)
        self._body = QStackedWidget()
        self._body.addWidget(self.hits)
        self._body.addWidget(self.help)

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self._body, 1)
        self._query = ""
        self._show_help(WELCOME)

    def set_case(self, case: CaseFile | None) -> None:
        self.case = case
        self._preview_timer.stop()
        self.hits.clear()
        self.summary.clear()
        self._query = ""
        self._show_help(WELCOME)

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def showing_help(self) -> bool:
        """Whether the page shows how to search, in place of a list of results."""
        return self._body.currentWidget() is self.help

    def run(self, query: str | None = None) -> None:
        if query is not None:
            self.box.setText(query)
        text = self.box.text().strip()
        if self.case is None or not text:
            return
        self._preview_timer.stop()
        try:
            results = case_search.search(self.case, text, limit=_PAGE)
        except CasefileError as exc:
            self.summary.setText(exc.message)
            self.hits.clear()
            self._show_help("Try the search another way")
            return
        self._query = text
        self.hits.clear()
        for hit in results.hits:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _hit_text(hit))
            item.setToolTip(hit.title)
            self.hits.addItem(item)
        shown = len(results.hits)
        more = " (the most relevant; narrow the search for the rest)" if results.more else ""
        self.summary.setText(f"{shown} result{'s' if shown != 1 else ''}{more}."
                             if shown else "Nothing in the case matches.")
        if shown:
            self._body.setCurrentWidget(self.hits)
            self.hits.setCurrentRow(0)
        else:
            shown_text = text if len(text) <= 60 else text[:57] + "…"
            self._show_help(f"Nothing matches {escape(shown_text)}")

    def _show_help(self, heading: str) -> None:
        self.help.setText(f"<p style='font-size:large'><b>{heading}</b></p>{HELP}")
        self._body.setCurrentWidget(self.help)

    def _preview_soon(self, item: QListWidgetItem | None, _previous=None) -> None:
        """A page hit chosen is previewed beside the list; other hits open on Enter."""
        self._preview_timer.stop()
        if item is not None and item.data(Qt.ItemDataRole.UserRole).kind == "page":
            self._preview_timer.start()

    def _preview(self) -> None:
        item = self.hits.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole).kind == "page":
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        self._preview_timer.stop()
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit.kind == "page" and hit.document_id is not None:
            # A Bates number is marked whole, as it is printed on the page.
            words = hit.bates if hit.exact and hit.bates else _highlight(self._query)
            self.open_page.emit(hit.document_id, hit.page_no or 1, words)
        else:
            self.open_entry.emit(hit.kind, hit.id)


def _highlight(query: str) -> str:
    """What the page view marks: a quoted phrase whole, else the longest word
    (the viewer finds one string, and "Palladium BORTAC" is rarely on a page as such).
    An exemption is one "word", as pages print it: "(b)(7)(C)"."""
    words = [w for w, _prefix in case_search.terms(query)]
    if not words:
        return ""
    if query.strip().startswith('"'):
        return " ".join(words)
    return max(words, key=len)


def _heading(hit: case_search.Hit) -> str:
    return hit.document if hit.kind == "page" and hit.document else hit.title


def _place(hit: case_search.Hit) -> str:
    """Where the hit is: "Page 8 · ICE-2020-000008", or a letter's date."""
    page = f"Page {hit.page_no}" if hit.kind == "page" and hit.page_no else ""
    dated = f"{hit.dated:%b %d, %Y}" if hit.dated else ""
    return " · ".join(x for x in (page, hit.bates or "", dated) if x)


def _hit_text(hit: case_search.Hit) -> str:
    """The hit as plain text, for screen readers."""
    snippet = hit.snippet.replace(case_search.MARK_OPEN, "").replace(case_search.MARK_CLOSE, "")
    return ". ".join(x for x in (_heading(hit), _place(hit), snippet) if x)


def _hit_html(hit: case_search.Hit, text: str, muted: str) -> str:
    """The hit in three parts, in the colours given (a row's, selected or not)."""
    # A word joiner keeps "(b)(7)(E)" on one line: Qt would break it after "(b)".
    snippet = escape(hit.snippet.replace(")(", ")\u2060(")) \
        .replace(escape(case_search.MARK_OPEN), "<b>") \
        .replace(escape(case_search.MARK_CLOSE), "</b>")
    place = _place(hit)
    return (f"<div style='color:{text}'><b>{escape(_heading(hit))}</b>"
            + (f"<br><span style='color:{muted}'>{escape(place)}</span>" if place else "")
            + (f"<br>{snippet}" if snippet else "") + "</div>")


class HitDelegate(QStyledItemDelegate):
    """A hit as a heading, where it is, and its snippet with the words in bold.

    Drawn here rather than by a label set on each row: a label keeps its own
    colours, dark text that cannot be read on the selection's blue. The text
    takes the palette's HighlightedText on a selected row, light or dark.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:  # the row's background: alternate, hover, selection
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                              option.widget)
        document = self._document(option, index, option.rect.width())
        painter.save()
        if not option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
            painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.translate(option.rect.left() + _PADDING, option.rect.top() + _PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        view = option.widget
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        document = self._document(option, index, width)
        return QSize(width, round(document.size().height()) + 2 * _PADDING)

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex,
                  width: int) -> QTextDocument:
        hit = index.data(Qt.ItemDataRole.UserRole)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Active if option.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        if selected:
            text = muted = palette.color(group, QPalette.ColorRole.HighlightedText)
        else:
            text = palette.color(group, QPalette.ColorRole.Text)
            muted = palette.color(group, QPalette.ColorRole.PlaceholderText)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(_hit_html(hit, text.name(), muted.name()) if hit else "")
        document.setTextWidth(max(width - 2 * _PADDING, 40))
        return document
