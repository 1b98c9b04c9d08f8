"""The main window: a navigator of the case beside one page per section."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casefile import __version__
from casefile.errors import CasefileError, CaseLocked
from casefile.listings import LISTINGS
from casefile.overview import overview
from casefile.store import CaseFile
from ui.listing_model import ListingModel

SECTIONS = [
    ("Matter", None),
    ("Requests", "requests"),
    ("Correspondence", "correspondence"),
    ("Documents", "documents"),
    ("Vaughn index", "records"),
    ("Exhibits", "exhibits"),
    ("Declarations", "declarations"),
    ("Deadlines", "deadlines"),
    ("Agencies", "agencies"),
]


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.case: CaseFile | None = None
        self.settings = QSettings("Casefile", "Casefile")
        self.models: dict[str, ListingModel] = {}
        self._build()
        self._update_title()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.navigator = QListWidget()
        self.navigator.setAccessibleName("Case sections")
        self.navigator.addItems([title for title, _ in SECTIONS])
        self.navigator.setMinimumWidth(150)
        self.navigator.setStyleSheet("QListWidget { border: none; }"
                                     "QListWidget::item { padding: 6px 12px; }")
        self.pages = QStackedWidget()
        self.matter_page = QLabel()
        self.matter_page.setTextFormat(Qt.TextFormat.RichText)
        self.matter_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.matter_page.setWordWrap(True)
        self.matter_page.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matter_page.setContentsMargins(24, 18, 24, 18)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.matter_page)
        self.pages.addWidget(scroll)
        for title, key in SECTIONS[1:]:
            model = ListingModel(LISTINGS[key], self)
            view = QTableView()
            view.setAccessibleName(title)
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.setWordWrap(False)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.verticalHeader().hide()
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
            view.horizontalHeader().setStretchLastSection(True)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.models[key] = model
            self.pages.addWidget(view)
        self.navigator.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.welcome = QWidget()
        layout = QVBoxLayout(self.welcome)
        layout.addStretch()
        hello = QLabel("<h2>Casefile</h2><p>A FOIA case in one file.</p>")
        hello.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hello)
        for text, slot in (("Open the demo case", self.open_demo),
                           ("Open a case…", self.choose_and_open),
                           ("New case…", self.choose_and_create)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setMinimumWidth(260)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([190, 1010])
        self.body = QStackedWidget()
        self.body.addWidget(self.welcome)
        self.body.addWidget(self.splitter)
        self.setCentralWidget(self.body)
        self._menus()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&New Case…", QKeySequence.StandardKey.New, self.choose_and_create),
            ("&Open…", QKeySequence.StandardKey.Open, self.choose_and_open),
            ("Open the &Demo Case", None, self.open_demo),
            ("Save a &Copy…", QKeySequence.StandardKey.SaveAs, self.save_copy),
            ("&Close Case", QKeySequence.StandardKey.Close, self.close_case),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Casefile", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    # --- cases --------------------------------------------------------------------------

    def open_case(self, path: Path) -> bool:
        if self.case is not None and self.case.path.resolve() == Path(path).resolve():
            self.refresh()  # already open here: opening it again would lock us out
            return True
        try:
            case = CaseFile.open(path)
        except CaseLocked as exc:
            answer = QMessageBox.question(
                self, "Case in use", f"{exc.message}\n\nOpen it read-only?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Open:
                return False
            try:
                case = CaseFile.open(path, read_only=True)
            except CasefileError as again:
                self._error(again)
                return False
        except CasefileError as exc:
            self._error(exc)
            return False
        self.close_case()
        self.case = case
        self.refresh()
        self.body.setCurrentWidget(self.splitter)
        self.navigator.setCurrentRow(0)
        self._update_title()
        return True

    def refresh(self) -> None:
        if self.case is None:
            return
        self.matter_page.setText(_overview_html(overview(self.case)))
        for model in self.models.values():
            model.refresh(self.case)
        for index in range(1, self.pages.count()):
            _fit_columns(self.pages.widget(index))

    def close_case(self) -> None:
        if self.case is not None:
            self.case.close()
            self.case = None
        for model in self.models.values():
            model.refresh(None)
        self.body.setCurrentWidget(self.welcome)
        self._update_title()

    def open_demo(self) -> None:
        from casefile.demo import build_demo
        from casefile.paths import user_data_dir

        try:
            path = build_demo(user_data_dir() / "demo")
        except CasefileError as exc:
            self._error(exc)
            return
        self.open_case(path)

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a case", "",
                                              "Case files (*.casefile)")
        if path:
            self.open_case(Path(path))

    def choose_and_create(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New case", "", "Case files (*.casefile)")
        if not path:
            return
        try:
            CaseFile.create(Path(path)).close()
        except CasefileError as exc:
            self._error(exc)
            return
        self.open_case(Path(path).with_suffix(".casefile"))

    def save_copy(self) -> None:
        if self.case is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy", "", "Case files (*.casefile)")
        if path:
            try:
                self.case.backup(Path(path))
            except CasefileError as exc:
                self._error(exc)

    def about(self) -> None:
        from PySide6 import __version__ as pyside_version
        from sqlalchemy import __version__ as sqlalchemy_version

        QMessageBox.about(self, "About Casefile",
                          f"<h3>Casefile {__version__}</h3><p>A FOIA case in one file.</p>"
                          f"<p>PySide6 {pyside_version} · SQLAlchemy {sqlalchemy_version}</p>")

    # --- plumbing -------------------------------------------------------------------------

    def _update_title(self) -> None:
        if self.case is None:
            self.setWindowTitle("Casefile")
        else:
            suffix = " (read-only)" if self.case.read_only else ""
            self.setWindowTitle(f"{self.case.path.name}{suffix} — Casefile")

    def _error(self, exc: CasefileError) -> None:
        QMessageBox.warning(self, "Casefile", exc.message)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.close_case()
        super().closeEvent(event)


def _fit_columns(view: QTableView, sample: int = 50, widest: int = 420) -> None:
    """Size columns to their header and the first rows only.

    resizeColumnsToContents() would measure every row: fine for the demo,
    a stall on a 20,000-entry index.
    """
    model = view.model()
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = metrics.horizontalAdvance(title) + 28
        for row in range(min(sample, model.rowCount())):
            text = str(model.data(model.index(row, column)) or "")
            width = max(width, metrics.horizontalAdvance(text) + 16)
        header.resizeSection(column, min(width, widest))


def _overview_html(o) -> str:
    parts = []
    for caption, court, docket, judge in o.matters:
        parts.append(f"<h2 style='margin-bottom:4px'>{escape(caption)}</h2>")
        details = " · ".join(escape(x) for x in (court, docket and f"No. {docket}", judge) if x)
        parts.append(f"<p style='color:#555'>{details}</p>")
    rows = "".join(
        f"<tr><td style='padding:2px 18px 2px 0'>{escape(name.capitalize())}</td>"
        f"<td align='right'>{n:,}</td></tr>" for name, n in o.counts.items())
    parts.append(f"<table style='margin-top:12px'>{rows}</table>")
    parts.append(f"<p style='color:#777; margin-top:16px'>{escape(o.path)}</p>")
    return "".join(parts)
