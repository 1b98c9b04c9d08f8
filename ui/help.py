"""Help > Guide: the user guide in a window, offline.

The guide is Markdown with its screenshots, shipped in the package
(``resources/guide``, installed as ``casefile.resources``), so an installed
wheel or the frozen app shows it with no network. A QTextBrowser renders each
page; links between pages open in the same window, Back and Forward go
through them, and a link to the web opens in the browser.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QToolBar,
)

from ui import icons

# The pages, in reading order: file, title.
PAGES = (
    ("index.md", "Welcome"),
    ("setting-up.md", "Setting up a case"),
    ("importing.md", "Importing a production"),
    ("vaughn-review.md", "Reading the Vaughn review"),
    ("challenges.md", "Challenging entries"),
    ("bundles.md", "Building an exhibit bundle"),
    ("drafting.md", "Drafting"),
    ("deadlines.md", "Deadlines and the rules behind them"),
    ("docket.md", "The docket and court deadlines"),
    ("timeline.md", "The timeline"),
    ("printing.md", "Printing"),
    ("privacy.md", "Privacy and redaction"),
    ("backups.md", "Backups, check and restore"),
)

# The window's sections (ui.main_window.SECTIONS keys) → the page F1 opens there.
SECTION_PAGES = {
    "matter": "setting-up.md",
    "requests": "setting-up.md",
    "correspondence": "importing.md",
    "productions": "importing.md",
    "documents": "importing.md",
    "vaughn": "vaughn-review.md",
    "exhibits": "bundles.md",
    "declarations": "drafting.md",
    "deadlines": "deadlines.md",
    "docket": "docket.md",
    "search": "importing.md",
    "timeline": "timeline.md",
}


def guide_folder() -> Path:
    """Where the guide's pages are: inside the installed package (a real folder in
    a wheel's install, an editable install and the frozen app)."""
    return Path(str(resources.files("casefile.resources").joinpath("guide")))


def page_for(section: str | None) -> str:
    """The page F1 opens in a section (the first page where there is none)."""
    return SECTION_PAGES.get(section or "", PAGES[0][0])


class GuideWindow(QMainWindow):
    """The guide: a list of its pages beside the page shown."""

    def __init__(self, parent=None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder or guide_folder()
        self.setWindowTitle("Casefile Guide")
        self.setWindowIcon(icons.app_icon())

        self.pages = QListWidget()
        self.pages.setAccessibleName("Pages of the guide")
        for file, title in PAGES:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, file)
            self.pages.addItem(item)
        self.pages.setMaximumWidth(260)
        self.pages.setMinimumWidth(200)
        self.pages.currentItemChanged.connect(
            lambda item, _old: item is not None
            and self.show_page(item.data(Qt.ItemDataRole.UserRole)))

        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide page")
        self.browser.setOpenLinks(False)  # ours: pages here, the web in the browser
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.anchorClicked.connect(self._link)
        self.browser.sourceChanged.connect(self._follow_list)
        self.browser.document().setDocumentMargin(18)
        self.browser.viewport().installEventFilter(self)

        split = QSplitter()
        split.addWidget(self.pages)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        bar = QToolBar("Navigation")
        bar.setMovable(False)
        back = bar.addAction(icons.icon("prev"), "Back", self.browser.backward)
        back.setShortcut(QKeySequence.StandardKey.Back)
        forward = bar.addAction(icons.icon("next"), "Forward", self.browser.forward)
        forward.setShortcut(QKeySequence.StandardKey.Forward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        self.browser.forwardAvailable.connect(forward.setEnabled)
        back.setEnabled(False)
        forward.setEnabled(False)
        self.addToolBar(bar)
        self.resize(1100, 720)
        self.show_page(PAGES[0][0])

    def show_page(self, file: str) -> None:
        """Show one page of the guide by its file name ("deadlines.md")."""
        url = QUrl.fromLocalFile(str(self.folder / file))
        if self.browser.source() != url:
            self.browser.setSource(url, self.browser.document().ResourceType.MarkdownResource)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_images()
        return super().eventFilter(watched, event)

    def _fit_images(self) -> None:
        """Each screenshot as wide as the page allows, never wider than itself: at
        its own 1366 px it would push the text off the side."""
        document = self.browser.document()
        room = self.browser.viewport().width() - 2 * int(document.documentMargin()) - 24
        if room <= 0:
            return
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                form = fragment.charFormat()
                if form.isImageFormat():
                    image = form.toImageFormat()
                    natural = document.resource(QTextDocument.ResourceType.ImageResource,
                                                QUrl(image.name()))
                    if natural is not None and not natural.isNull():
                        width = min(natural.width(), room)
                        if abs(image.width() - width) > 0.5:
                            image.setWidth(width)
                            image.setHeight(natural.height() * width / natural.width())
                            cursor = QTextCursor(document)
                            cursor.setPosition(fragment.position())
                            cursor.setPosition(fragment.position() + fragment.length(),
                                               QTextCursor.MoveMode.KeepAnchor)
                            cursor.setCharFormat(image)
                it += 1
            block = block.next()

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = self.browser.source().resolved(url)
        if target.isLocalFile() and Path(target.toLocalFile()).suffix == ".md":
            self.browser.setSource(target, self.browser.document().ResourceType.MarkdownResource)
            if url.hasFragment():
                self.browser.scrollToAnchor(url.fragment())

    def _follow_list(self, url: QUrl) -> None:
        self._fit_images()
        name = Path(url.toLocalFile()).name
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(row)
                self.pages.blockSignals(False)
        title = dict(PAGES).get(name)
        self.setWindowTitle(f"{title} — Casefile Guide" if title else "Casefile Guide")


_open: GuideWindow | None = None


def show_guide(parent=None, section: str | None = None) -> GuideWindow:
    """Open the guide (one window, raised again when open) at the page for ``section``."""
    global _open
    if _open is None:
        _open = GuideWindow(parent)
        _open.destroyed.connect(_forget)
    _open.show_page(page_for(section))
    _open.show()
    _open.raise_()
    _open.activateWindow()
    return _open


def _forget(*_args) -> None:
    global _open
    _open = None
