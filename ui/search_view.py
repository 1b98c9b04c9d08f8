"""Search the whole case: pages, letters, Vaughn entries and notes, ranked, with
snippets; opening a page hit shows the page with the words highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile import search as case_search
from casefile.errors import CasefileError
from casefile.store import CaseFile

_PAGE = 50  # hits listed per search; "more" says when there are others


class SearchView(QWidget):
    open_page = Signal(int, int, str)  # document id, page number, the words to highlight
    open_entry = Signal(str, int)  # kind ("record", "correspondence", "note"), its id
    status = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: CaseFile | None = None
        self.box = QLineEdit()
        self.box.setAccessibleName("Search the case")
        self.box.setPlaceholderText('Search the case: words, "a phrase", prefix*, a Bates '
                                    'number, (b)(5)…')
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.run)
        self.summary = QLabel()
        self.summary.setAccessibleName("Search summary")
        self.hits = QListWidget()
        self.hits.setAccessibleName("Search results")
        self.hits.setWordWrap(True)
        self.hits.setAlternatingRowColors(True)
        self.hits.setSpacing(2)
        self.hits.itemActivated.connect(self._open)
        self.hits.itemDoubleClicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.hits, 1)
        self._query = ""

    def set_case(self, case: CaseFile | None) -> None:
        self.case = case
        self.hits.clear()
        self.summary.clear()

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def run(self, query: str | None = None) -> None:
        if query is not None:
            self.box.setText(query)
        text = self.box.text().strip()
        if self.case is None or not text:
            return
        try:
            results = case_search.search(self.case, text, limit=_PAGE)
        except CasefileError as exc:
            self.summary.setText(exc.message)
            self.hits.clear()
            return
        self._query = text
        self.hits.clear()
        for hit in results.hits:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, hit)
            label = QLabel(_hit_html(hit))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            item.setSizeHint(label.sizeHint())
            item.setToolTip(hit.title)
            self.hits.addItem(item)
            self.hits.setItemWidget(item, label)
        shown = len(results.hits)
        more = " (the most relevant; narrow the search for the rest)" if results.more else ""
        capped = " More than 20,000 pages matched: listed in case order." \
            if results.capped else ""
        self.summary.setText(f"{shown} result{'s' if shown != 1 else ''}{more}.{capped}"
                             if shown else "Nothing in the case matches.")
        if shown:
            self.hits.setCurrentRow(0)

    def _open(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit.kind == "page" and hit.document_id is not None:
            self.open_page.emit(hit.document_id, hit.page_no or 1, _highlight(self._query))
        else:
            self.open_entry.emit(hit.kind, hit.id)


def _highlight(query: str) -> str:
    """What the page view marks: a quoted phrase whole, else the longest word
    (the viewer finds one string, and "Palladium BORTAC" is rarely on a page as such)."""
    words = [w for w, _prefix in case_search.terms(query)]
    if not words:
        return ""
    if query.strip().startswith('"'):
        return " ".join(words)
    return max(words, key=len)


def _hit_html(hit: case_search.Hit) -> str:
    snippet = escape(hit.snippet).replace(escape(case_search.MARK_OPEN), "<b>") \
        .replace(escape(case_search.MARK_CLOSE), "</b>")
    where = " · ".join(x for x in (hit.bates, f"{hit.dated:%b %d, %Y}" if hit.dated else "")
                       if x)
    place = f" &nbsp; <span style='color:gray'>{escape(where)}</span>" if where else ""
    return (f"<div><span style='font-weight:600'>{escape(hit.title)}</span>{place}"
            f"<br><span>{snippet}</span></div>")
