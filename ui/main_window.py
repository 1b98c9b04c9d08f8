"""The main window: a navigator of the case beside one view per section.

Views are layout and signals; what they do is casefile's functions, called
directly for quick reads and through the one case-file worker for long work.
Edits go on one undo stack (Edit > Undo / Redo), each one transaction.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

# Only what the window's first paint needs is imported here: SQLAlchemy, the models
# and the sections' views are imported by _build_sections, after that paint (a case
# opened, or the window idle; ui/sections_later.py) -- issue 21.
from casefile.display import shown
from casefile.errors import CasefileError, CaseLocked
from ui import icons
from ui.help import show_guide
from ui.sections_later import SECTION_PARTS, WarmUp
from ui.welcome import FirstRun
from ui.worker import CaseWorker, Job

if TYPE_CHECKING:
    from casefile.store import CaseFile
    from ui.add_dialog import AddDialog
    from ui.document_view import DocumentView
    from ui.editors import RowEditor
    from ui.table_view import TableView

# (title, icon, key): the navigator's sections, in the order of a FOIA case.
SECTIONS = [
    ("Matter", "matter", "matter"),
    ("Requests", "request", "requests"),
    ("Correspondence", "correspondence", "correspondence"),
    ("Productions", "production", "productions"),
    ("Documents", "document", "documents"),
    ("Vaughn index", "vaughn", "vaughn"),
    ("Exhibits", "exhibit", "exhibits"),
    ("Declarations", "declaration", "declarations"),
    ("Deadlines", "deadline", "deadlines"),
    ("Docket", "deadline", "docket"),
    ("Search", "search", "search"),
    ("Timeline", "timeline", "timeline"),
]
RECENT = 8  # cases listed under File > Open Recent

# The tables each section shows (what others change on a server refreshes the
# sections showing it: ui/remote_changes.py). A table in none of these, or a
# section not here (the timeline, the lawsuit's page with its counts), is
# refreshed at any change.
SECTION_TABLES = {
    "requests": {"foia_request", "request_item", "agency", "correspondence",
                 "correspondence_request"},
    "correspondence": {"correspondence", "correspondence_document", "correspondence_request",
                       "foia_request", "agency"},
    "productions": {"production", "production_document", "document", "foia_request"},
    "documents": {"document", "document_page", "document_version", "production_document",
                  "production", "privacy_check", "privacy_finding", "redaction", "blob"},
    "declarations": {"declaration", "declaration_paragraph", "exhibit_set", "filing"},
    "vaughn": {"vaughn_index", "vaughn_column_map", "record", "withholding", "exemption",
               "document", "document_page", "production", "foia_request", "agency",
               "matter", "setting"},
    "exhibits": {"exhibit_set", "exhibit", "declaration", "document", "filing"},
    "deadlines": {"deadline", "foia_request", "correspondence", "matter", "agency", "filing",
                  "docket_entry", "setting"},
    "docket": {"docket_entry", "docket_proposal", "docket_entry_document", "deadline",
               "document", "document_page", "filing", "exhibit", "exhibit_set", "matter"},
    "agencies": {"agency"},
    "parties": {"party", "matter"},
    "counsel": {"counsel", "party", "matter"},
    "produced": {"production_document", "document", "production"},
}


def _deleters() -> dict:
    """list key → (noun, delete(session, row_id) → what puts it back): the undo of
    each kind's add (casefile.adding). A function, not a table made at import: the
    first paint does without the models it brings."""
    from casefile import adding

    return {key: (adding.KINDS[key].noun, adding.KINDS[key].remove)
            for key in ("requests", "correspondence", "productions", "declarations",
                        "agencies", "parties", "counsel")}


# What Windows calls files that exist only inside the program they are dragged from.
_VIRTUAL_FILES = 'application/x-qt-windows-mime;value="FileGroupDescriptorW"'


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.case: CaseFile | None = None
        self.settings = QSettings("Casefile", "Casefile")
        self.worker = CaseWorker(self)
        self.undo = QUndoStack(self)
        # The choice offered when a save met someone else's newer one (for tests to drive).
        self.conflict_dialog = None
        # A pulled copy's server, as lists show it (File > Sync with the Server).
        self._pulled_from: str | None = None
        self.sync_dialog = None  # the conflicts a sync left open (for tests to drive)
        self._unread: set[str] = set()  # sections not yet read from the open case
        self._step_answered = False  # an undo step's tables were just read again
        self._sections_built = False
        self._building = None  # the pieces' generator, while an idle build is under way
        self._build_running = False
        self._warm_up = WarmUp(self, self._build_step)
        self._remote = None  # on a server: the listener for others' changes
        self._remote_gathered = None
        self._build()
        self._menus()
        self._status_bar()
        self.setAcceptDrops(True)
        self._update_title()
        self._fill_welcome()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.setWindowIcon(icons.app_icon())

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.navigator = QListWidget()
        self.navigator.setAccessibleName("Case sections")
        self.navigator.setMinimumWidth(170)
        for n, (title, icon, _key) in enumerate(SECTIONS):
            item = QListWidgetItem(icons.icon(icon), title)
            keys = _section_keys(n)
            item.setToolTip(f"{title} ({keys})" if keys else title)
            self.navigator.addItem(item)
        self.navigator.setStyleSheet("QListWidget { border: none; }"
                                     "QListWidget::item { padding: 7px 10px; }")
        self.pages = QStackedWidget()
        # Until the sections are built: what a case given at start shows beside the
        # navigator for the moment it takes (see opening()).
        self.opening_page = QLabel()
        self.opening_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_page.setStyleSheet("color: gray;")
        self.pages.addWidget(self.opening_page)
        self.navigator.currentRowChanged.connect(self._show_section)

        self.welcome = self._welcome()
        self.splitter = QSplitter()
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([190, 1090])
        self.body = QStackedWidget()
        self.body.addWidget(self.welcome)
        self.body.addWidget(self.splitter)
        self.setCentralWidget(self.body)
        state = self.settings.value("splitters/main-splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def _build_sections(self) -> None:
        """Every section's page, once: when a case opens, or when a part of a section is
        first asked for (__getattr__); what the idle build began is finished."""
        while self._build_step():
            pass

    def _build_step(self) -> bool:
        """One piece of the sections' building (the window idle after its first paint
        takes one per turn of the event loop: built whole, the twelve sections held the
        welcome page still for 0.1-0.6 s); True while pieces remain."""
        if self._sections_built or self._build_running:
            return False
        if self._building is None:
            self._warm_up.settle()  # its thread's imports, if under way, finished first
            self._building = self._build_pieces()
        self._build_running = True  # a part asked for while building is not rebuilt
        try:
            next(self._building)
        except StopIteration:
            self._building = None
            self._sections_built = True
        finally:
            self._build_running = False
        return not self._sections_built

    def _build_pieces(self):
        """The sections' building, in pieces: each ``yield`` gives the event loop a turn."""
        from casefile import tables
        from ui import printing  # noqa: F401 - loaded now: a first Ctrl+P must not stall
        from ui.add_dialog import ADDERS
        from ui.deadlines_view import DeadlinesView
        from ui.docket_view import DocketView
        from ui.document_view import DocumentView
        from ui.editors import EDITORS
        from ui.exhibits_view import ExhibitsView
        from ui.findings_panel import FindingsPanel, ProductionFindings
        from ui.search_view import SearchView
        from ui.table_view import TableView
        from ui.timeline_view import TimelineView, open_in_window
        from ui.unlock import Unlocker
        from ui.vaughn_view import VaughnView

        self.lists: dict[str, TableView] = {}
        self.deleters = _deleters()
        self.matter_page = QLabel()
        self.matter_page.setTextFormat(Qt.TextFormat.RichText)
        self.matter_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.matter_page.setWordWrap(True)
        self.matter_page.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        # Each count is a link to its section.
        self.matter_page.linkActivated.connect(
            lambda key: self.navigator.setCurrentRow(_section(key)))
        self.matter_page.setContentsMargins(24, 18, 24, 18)
        matter_class, self._apply_matter = EDITORS["matter"]
        self.matter_editor = matter_class()
        self.matter_editor.setMaximumWidth(640)
        self.matter_editor.edited.connect(self._edit_matter)
        # A new case has no lawsuit yet: its editor waits behind this button.
        self.setup_matter = QPushButton(icons.icon("add"), "Set up the lawsuit…")
        self.setup_matter.setToolTip("Name the lawsuit: caption, court, docket number")
        self.setup_matter.clicked.connect(lambda: self.add_row("matter"))
        self.agencies = TableView(tables.AGENCIES, "Agencies")
        self.agencies.failed.connect(self._error)
        self.agencies.setMinimumHeight(180)
        self.agencies.setMaximumWidth(640)
        # The people of the case, each list with its editor beside it.
        self.parties = TableView(tables.PARTIES, "Parties")
        self.counsel = TableView(tables.COUNSEL, "Counsel")
        self.matter_lists = {"agencies": self.agencies, "parties": self.parties,
                             "counsel": self.counsel}
        people: dict[str, QSplitter] = {}
        for key in ("parties", "counsel"):
            listing = self.matter_lists[key]
            listing.failed.connect(self._error)
            editor_class, _apply = EDITORS[key]
            people[key] = self._side_by_side(key, listing, self._scrolled(editor_class()))
            people[key].setMinimumHeight(300 if key == "counsel" else 240)
        matter = QWidget()
        matter_layout = QVBoxLayout(matter)
        # First on a new case's page: where its work starts.
        matter_layout.addWidget(self.setup_matter, alignment=Qt.AlignmentFlag.AlignLeft)
        matter_layout.addWidget(self.matter_page)
        matter_layout.addWidget(self.matter_editor)
        agencies_title = QLabel("Agencies")
        agencies_title.setStyleSheet("font-weight: 600; font-size: 13pt; margin-top: 12px;")
        matter_layout.addWidget(agencies_title)
        matter_layout.addWidget(self.agencies)
        for key, title in (("parties", "Parties"), ("counsel", "Counsel")):
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: 600; font-size: 13pt; margin-top: 12px;")
            matter_layout.addWidget(heading)
            matter_layout.addWidget(people[key])
        matter_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(matter)
        yield

        self.document_view = DocumentView()
        # The document's privacy findings beside its pages; a production's below its list.
        self.findings = FindingsPanel(self.document_view, self.worker, self.undo)
        self.findings.status.connect(self._say_briefly)
        self.findings.failed.connect(self._error)
        self.findings.reshow.connect(lambda d, page, go: self.show_document(d, page, go=go))
        self.production_findings = ProductionFindings(self.worker)
        self.production_findings.open_page.connect(
            lambda d, page: self.show_document(d, page) and self.findings.choose_page(page))
        self.unlocker = Unlocker(self)  # Unlock… on the page of a password-locked PDF
        yield
        self.vaughn = VaughnView(self.worker, self.undo)
        yield
        self.exhibits = ExhibitsView(self.worker, self.undo)
        yield
        self.deadlines = DeadlinesView(self.worker, self.undo)
        yield
        self.docket = DocketView(self.worker, self.undo)
        yield
        self.search = SearchView()
        self.timeline = TimelineView(self.worker)
        self.timeline.open_item.connect(lambda table, row: open_in_window(self, table, row))
        self.timeline.status.connect(self._say_briefly)
        yield
        self.search_preview = DocumentView()
        for key, title in (("requests", "Requests"), ("correspondence", "Correspondence"),
                           ("productions", "Productions"), ("documents", "Documents"),
                           ("declarations", "Declarations")):
            self.lists[key] = TableView(tables.TABLES[key], title)
            self.lists[key].failed.connect(self._error)
        self.lists["documents"].current_changed.connect(self._preview_document)
        yield
        self.lists["correspondence"].activated.connect(self.open_letter)
        # A production's own documents, below the list of productions.
        self.produced = TableView(tables.DOCUMENTS, "Documents produced")
        self.produced.failed.connect(self._error)
        self.lists["productions"].current_changed.connect(self._show_produced)
        self.lists["productions"].current_changed.connect(
            lambda p: self.production_findings.show_production(self.case, p))
        self.produced.activated.connect(self.show_document)
        self.import_produced = QAction(icons.icon("import"), "Import into this production…",
                                       self)
        self.import_produced.setToolTip("Import the release's files (PDFs, a ZIP, a folder) "
                                        "and list them under the chosen production")
        self.import_produced.triggered.connect(self.choose_and_import_produced)
        self.produced.add_button(self.import_produced)

        # "Add request…" and the like, beside each list's filter box; Ctrl+Shift+N adds to
        # the list shown (a hidden page's shortcuts are asleep).
        self.add_actions: dict[str, QAction] = {}
        for key, adder in ADDERS.items():
            if key not in self.lists and key not in self.matter_lists:
                continue  # the lawsuit has its button; sets and indexes, their views'
            action = QAction(icons.icon("add"), f"Add {adder.noun}…", self)
            action.setShortcut("Ctrl+Shift+N")
            action.setToolTip(f"Add a {adder.noun} to the case (Ctrl+Shift+N)")
            action.triggered.connect(lambda _c=False, key=key: self.add_row(key))
            self._listing(key).add_button(action)
            if key in self.matter_lists:
                # Three lists on one page: each adds to itself while it has the focus.
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self._listing(key).addAction(action)
            self.add_actions[key] = action
        # Delete beside Add; the Delete key only while the list has the focus (the
        # filter box and the editors keep it for their text).
        self.delete_actions: dict[str, QAction] = {}
        for key, (noun, _remove) in self.deleters.items():
            action = QAction(icons.icon("cancel"), "Delete", self)
            action.setShortcut(QKeySequence.StandardKey.Delete)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(f"Delete the chosen {noun} (Edit > Undo puts it back)")
            action.triggered.connect(lambda _c=False, key=key: self.delete_row(key))
            listing = self._listing(key)
            listing.view.addAction(action)
            listing.add_button(action)
            self.delete_actions[key] = action

        self.editors: dict[str, RowEditor] = {}
        for key, (editor_class, apply) in EDITORS.items():
            if key in self.matter_lists:  # made above, beside their lists on the Matter page
                editor = people[key].widget(1).widget()
            elif key not in self.lists:
                continue  # the matter's editor sits under its overview, not beside a list
            else:
                editor = editor_class()
            self.editors[key] = editor
            self._listing(key).current_changed.connect(
                lambda row_id, editor=editor: editor.show_row(self.case, row_id))
            editor.edited.connect(
                lambda what, old, new, key=key, apply=apply: self._edit(key, apply, what, old,
                                                                        new))

        yield
        pages = {
            **{key: self._side_by_side(key, self.lists[key], self._scrolled(editor))
               for key, editor in self.editors.items()
               if key in self.lists and key not in ("documents", "productions")},
            "matter": scroll,
            # A document's few fields above its pages; a production's documents below it.
            "documents": self._side_by_side(
                "documents", self.lists["documents"],
                self._stacked("document-detail", self._scrolled(self.editors["documents"]),
                              self._side_by_side("findings", self.document_view,
                                                 self.findings), stretch=(0, 1))),
            "productions": self._side_by_side(
                # Each splitter's own name: its saved state (orientation too) is
                # restored by name.
                "productions", self._stacked("produced", self.lists["productions"],
                                             self._stacked("production-findings",
                                                           self.produced,
                                                           self.production_findings)),
                self._scrolled(self.editors["productions"])),
            "vaughn": self.vaughn,
            "exhibits": self.exhibits,
            "deadlines": self.deadlines,
            "docket": self.docket,
            "search": self._side_by_side("search", self.search, self.search_preview),
            "timeline": self.timeline,
        }
        # The page and its privacy check take what the window can spare: the redaction
        # areas are drawn on the page. The list's names are cut, and whole on hover.
        self.findings.parentWidget().setStretchFactor(1, 0)
        self.pages.removeWidget(self.opening_page)
        self.opening_page.deleteLater()
        for _title, _icon, key in SECTIONS:
            self.pages.addWidget(pages.get(key) or self.lists[key])
        self.pages.setCurrentIndex(max(self.navigator.currentRow(), 0))

        for view in (self.vaughn, self.exhibits, self.deadlines, self.docket):
            view.status.connect(self._say_briefly)
            view.changed.connect(self._case_changed)
        self.exhibits.open_document.connect(self.show_document)
        self.docket.open_document.connect(self.show_document)
        self.search.open_page.connect(self._open_hit)
        self.search.open_entry.connect(self._open_entry)
        self.search.status.connect(self._say_briefly)
        for splitter in self.pages.findChildren(QSplitter):
            state = self.settings.value(f"splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        self._enable_case_actions()

    def __getattr__(self, name: str):
        # Called only for a name the window does not have yet: a section's part asked
        # for before the sections were built (by a test, a dialog) builds them.
        if name in SECTION_PARTS and not self.__dict__.get("_sections_built", True) \
                and not self.__dict__.get("_build_running", True):
            self._build_sections()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _side_by_side(self, name: str, left: QWidget, right: QWidget) -> QSplitter:
        splitter = QSplitter()
        splitter.setObjectName(f"{name}-splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        return splitter

    def _stacked(self, name: str, top: QWidget, bottom: QWidget,
                 stretch: tuple[int, int] = (1, 1)) -> QSplitter:
        splitter = self._side_by_side(name, top, bottom)
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.setStretchFactor(0, stretch[0])
        splitter.setStretchFactor(1, stretch[1])
        return splitter

    def _listing(self, key: str) -> TableView:
        """The list of ``key``: a section's, or one of the Matter page's."""
        return self.lists.get(key) or self.matter_lists[key]

    def _show_produced(self, production_id: int | None) -> None:
        self.produced.set_case(self.case if production_id is not None else None,
                               production_id)

    @staticmethod
    def _scrolled(widget: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(widget)
        scroll.setMinimumWidth(360)
        return scroll

    def _welcome(self) -> QWidget:
        welcome = QWidget()
        layout = QVBoxLayout(welcome)
        layout.addStretch()
        hello = QLabel("<h2>Casefile</h2><p>A FOIA case in one file.</p>")
        hello.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hello)
        # Before any case was opened here: what to try first (ui/welcome.py).
        self.first_run = FirstRun(self.open_demo, self.open_guide)
        layout.addWidget(self.first_run, alignment=Qt.AlignmentFlag.AlignHCenter)
        for text, icon, slot in (("Open the demo case", "matter", self.open_demo),
                                 ("Open a case…", "open-case", self.choose_and_open),
                                 ("New case…", "new-case", self.choose_and_create),
                                 ("Read the guide", "about", self.open_guide)):
            button = QPushButton(icons.icon(icon), text)
            button.clicked.connect(slot)
            button.setMinimumWidth(260)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.recent_label = QLabel("Recent cases")
        self.recent_label.setStyleSheet("font-weight: 600; margin-top: 18px;")
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent cases")
        self.recent_list.setFixedWidth(460)
        self.recent_list.itemActivated.connect(
            lambda item: self.open_case(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent_label, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.recent_list, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        return welcome

    def _recent(self) -> list[str]:
        """The cases opened last, newest first, those still on disk."""
        from casefile.locations import is_url  # light: this runs before the first paint

        return [p for p in self.settings.value("recent", [], list)
                if is_url(p) or Path(p).exists()]

    def _fill_welcome(self) -> None:
        self.recent_list.clear()
        for p in self._recent():
            name, where = _recent_label(p)
            item = QListWidgetItem(icons.icon("matter"), f"{name}   —   {where}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent_list.addItem(item)
        shown = self.recent_list.count() > 0
        self.recent_label.setVisible(shown)
        self.recent_list.setVisible(shown)
        self.first_run.setVisible(not shown)
        if shown:
            rows = min(self.recent_list.count(), RECENT)
            self.recent_list.setFixedHeight(self.recent_list.sizeHintForRow(0) * rows + 6)

    def _menus(self) -> None:
        def act(menu, text, slot, shortcut=None, icon=None, tip=None) -> QAction:
            action = QAction(text, self)
            if icon:
                action.setIcon(icons.icon(icon))
            if shortcut is not None:
                action.setShortcut(shortcut)
            if tip:
                action.setStatusTip(tip)
            action.triggered.connect(slot)
            menu.addAction(action)
            return action

        file_menu = self.menuBar().addMenu("&File")
        act(file_menu, "&New Case…", self.choose_and_create, QKeySequence.StandardKey.New,
            "new-case")
        act(file_menu, "&Open…", self.choose_and_open, QKeySequence.StandardKey.Open,
            "open-case")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        act(file_menu, "Open the &Demo Case", self.open_demo)
        file_menu.addSeparator()
        self.case_actions = [
            act(file_menu, "&Import Files…", self.choose_and_import, "Ctrl+I", "import",
                "Import PDFs, Word files, emails, archives or folders into the case"),
            act(file_menu, "&Draft a Document…", self.open_drafts, "Ctrl+D", "draft",
                "Draft a letter or filing from the case"),
            act(file_menu, "Save a &Copy…", self.save_copy, QKeySequence.StandardKey.SaveAs,
                "save-copy"),
            act(file_menu, "S&ync with the Server", lambda: self.sync_with_server(),
                tip="A copy pulled from the team's server: send your changes, take theirs"),
            act(file_menu, "&Merge Another Copy…", lambda: self.merge_copy(),
                tip="A copy of this case someone else worked on (co-counsel's file): take "
                    "their changes into yours, field by field"),
            act(file_menu, "&Print…", lambda: self.print_section(), QKeySequence.StandardKey.Print,
                tip="Print the section shown: deadlines, chronology, Vaughn index, document"),
            act(file_menu, "Print Pre&view…", lambda: self.print_section(preview=True)),
            act(file_menu, "&Close Case", self.close_case, QKeySequence.StandardKey.Close,
                "close"),
        ]
        self.sync_action, self.merge_action = self.case_actions[3], self.case_actions[4]
        file_menu.addSeparator()
        act(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icons.icon("undo"))
        redo = self.undo.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setIcon(icons.icon("redo"))
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        find = act(edit_menu, "&Search the Case…", self.focus_search, None, "search")
        find.setShortcuts([QKeySequence.StandardKey.Find, QKeySequence("Ctrl+K")])
        self.case_actions.append(find)

        view_menu = self.menuBar().addMenu("&View")
        for n, (title, icon, _key) in enumerate(SECTIONS):
            action = act(view_menu, title, lambda _c=False, n=n: self.navigator.setCurrentRow(n),
                         f"Ctrl+{n + 1}" if n < 9 else None, icon)
            self.case_actions.append(action)

        help_menu = self.menuBar().addMenu("&Help")
        # F1: the guide's page for the section shown (ui/help.py).
        act(help_menu, "&Guide", self.open_guide, QKeySequence.StandardKey.HelpContents, "about")
        act(help_menu, "&About Casefile", self.about, None, "about")
        self._enable_case_actions()

    def _status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of the running job")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.job_label = QLabel()
        self.cancel_button = QPushButton(icons.icon("cancel"), "Cancel")
        self.cancel_button.setAccessibleName("Cancel the running job")
        self.cancel_button.setToolTip("Stop the running job; what it had not finished is "
                                      "not kept")
        self.cancel_button.clicked.connect(self.worker.cancel_all)
        bar = self.statusBar()
        for widget in (self.job_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()
        self.worker.started.connect(self._job_started)
        self.worker.progress.connect(self._job_progress)
        self.worker.idle.connect(self._job_idle)

    # --- cases --------------------------------------------------------------------------

    def open_case(self, path: Path) -> bool:
        path = Path(path)
        if self.case is not None and self.case.path.resolve() == path.resolve():
            self.refresh()  # already open here: opening it again would lock us out
            return True
        self._warm_up.settle()
        from casefile.store import CaseFile, postgres

        def opened(read_only: bool = False) -> CaseFile | None:
            if not postgres.is_url(path):
                return CaseFile.open(path, read_only=read_only)
            # The network is waited on off the UI thread, the window painting (and
            # Cancel offered) meanwhile: a server out of reach used to freeze it.
            from casefile.locations import label
            from ui.connecting import open_off_the_ui_thread

            return open_off_the_ui_thread(
                self, lambda: CaseFile.open(path, read_only=read_only), " ".join(label(str(path))))

        try:
            case = opened()
        except CaseLocked as exc:
            answer = QMessageBox.question(
                self, "Case in use", f"{exc.message}\n\nOpen it read-only?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Open:
                return False
            try:
                case = opened(read_only=True)
            except CasefileError as again:
                self._error(again.message)
                return False
        except CasefileError as exc:
            self._error(exc.message)
            return False
        if case is None:
            return False  # cancelled while the server was reached
        self.close_case()
        self._build_sections()  # at once if the window has not had an idle moment yet
        self.case = case
        # A case on a server is remembered by its address, never with a password.
        self._remember_recent(postgres.shown(case.url) if case.url is not None else case.path)
        # Each section reads the case when first shown: the window is up at once,
        # even for a case of 20,000 entries and 500 exhibits.
        self._unread = set(self._section_views())
        for listing in self.matter_lists.values():
            listing.set_case(case)  # a few rows each, on the first page shown
        self._refresh_matter()
        self.body.setCurrentWidget(self.splitter)
        self.navigator.setCurrentRow(0)
        from casefile.sync import pulled_from
        from ui import undo

        self._pulled_from = pulled_from(case)
        undo.on_changes(self._changed_here)
        self._update_title()
        self._enable_case_actions()
        if case.read_only_reason:
            # Kept in the status bar: why no edit is offered is not a passing event.
            self.statusBar().showMessage(case.read_only_reason + ".")
        self._listen_to(case)
        return True

    def _listen_to(self, case: CaseFile) -> None:
        """On a server, others' saves are refreshed here too (a file has one writer)."""
        if case.backend != "postgresql":
            return
        from ui.remote_changes import Gathered, RemoteChanges

        if self._remote_gathered is None:
            self._remote_gathered = Gathered(self.pages, self.refresh_tables, self)
        remote = RemoteChanges(case, self)
        remote.changed.connect(lambda tables: remote is self._remote
                               and self._remote_gathered.add(tables))
        remote.status.connect(lambda sentence: remote is self._remote
                              and self._say_briefly(sentence))
        self._remote = remote
        remote.start()

    def _stop_listening(self) -> None:
        if self._remote is not None:
            remote, self._remote = self._remote, None
            remote.stop()
            remote.deleteLater()
        if self._remote_gathered is not None:
            self._remote_gathered.clear()

    def opening(self, path: Path) -> None:
        """A case given at start, before it is read: its frame (the navigator, its name
        in the title) is what the first paint shows, not the welcome page."""
        if self._sections_built or self.case is not None:
            return
        self.opening_page.setText(f"Opening {shown(Path(path).name)}…")
        self.body.setCurrentWidget(self.splitter)
        self.navigator.setCurrentRow(0)
        self.setWindowTitle(f"{Path(path).name} — Casefile")

    def after_first_paint(self, work) -> None:
        """``work`` once the window has painted: a case given at start is read after
        its frame is on the screen (ui/sections_later.py)."""
        self._warm_up.then(work)

    def _section_views(self) -> dict[str, QWidget]:
        return {**self.lists, "vaughn": self.vaughn, "exhibits": self.exhibits,
                "deadlines": self.deadlines, "docket": self.docket, "search": self.search,
                "timeline": self.timeline}

    def _show_section(self, row: int) -> None:
        self.statusBar().clearMessage()  # the last section's news is not this one's
        self.pages.setCurrentIndex(row)
        if 0 <= row < len(SECTIONS):
            self._read_section(SECTIONS[row][2])

    def _read_section(self, key: str) -> None:
        if key in self._unread and self.case is not None:
            self._unread.discard(key)
            self._section_views()[key].set_case(self.case)

    def refresh(self) -> None:
        """After a change: the sections read so far read again; the others will
        read the case when shown."""
        from ui.table_view import TableView

        if self.case is None:
            return
        self._refresh_matter()
        for listing in self.matter_lists.values():
            listing.reload()
        for key, view in self._section_views().items():
            if key in self._unread:
                continue
            if isinstance(view, TableView):
                view.reload()
            elif key != "search":
                view.refresh()

    def _changed_here(self, tables: frozenset[str], made_here: bool) -> None:
        """After a step of ours (an edit, an undo, a redo; ui.undo): the sections read
        so far that show what it wrote read the case again (a request's date moves
        its deadlines). An edit just made on the page shown refreshed that page
        itself; an undo or redo may have come from another page, so it is read too."""
        self.refresh_tables(set(tables), skip=self.pages.currentWidget() if made_here else None)
        # The view's own "changed" comes next, in this same turn of the event loop.
        self._step_answered = True
        QTimer.singleShot(0, lambda: setattr(self, "_step_answered", False))

    def refresh_tables(self, tables: set[str], skip: QWidget | None = None) -> None:
        """After ``tables`` changed (others' saves on a server, or a step of ours): the
        sections read so far that show them read again, and the lawsuit's page with
        its counts; not ``skip``, the page that refreshed itself."""
        from ui.table_view import TableView

        if self.case is None or not tables:
            return

        def skipped(view) -> bool:
            return skip is not None and (view is skip or skip.isAncestorOf(view))

        known = set().union(*SECTION_TABLES.values())
        if not tables <= known:
            self.refresh()  # a table no section is known to show: all of them
            return
        self._refresh_matter()
        for key, listing in self.matter_lists.items():
            if tables & SECTION_TABLES[key]:
                listing.reload()
        if tables & SECTION_TABLES["produced"]:
            self.produced.reload()
        for key, view in self._section_views().items():
            if key in self._unread or key == "search" or skipped(view):
                continue
            if key in SECTION_TABLES and not tables & SECTION_TABLES[key]:
                continue
            if isinstance(view, TableView):
                view.reload()
            else:
                view.refresh()

    def close_case(self) -> None:
        self._stop_listening()
        undo = sys.modules.get("ui.undo")  # imported with the first case, not before
        if undo is not None and undo._changed == self._changed_here:
            undo.on_changes(None)  # no edits of a closed case to hear
        if self.worker.busy:
            self.worker.cancel_all()
            self.worker.wait()
        self.undo.clear()  # its edits belong to the case being closed
        if self.case is not None:
            self.case.close()
            self.case = None
        if self._sections_built:  # else nothing in them to empty
            for key, view in self._section_views().items():
                if key not in self._unread:
                    view.set_case(None)
            self._unread = set()
            self.document_view.clear()
            self.findings.show_document(None, None)
            self.production_findings.show_production(None, None)
            self.search_preview.clear()
            self.matter_editor.show_row(None, None)
            self.produced.set_case(None)
            for key, listing in self.matter_lists.items():
                listing.set_case(None)
                if key in self.editors:
                    self.editors[key].show_row(None, None)
        self._fill_welcome()
        self.body.setCurrentWidget(self.welcome)
        self._update_title()
        self._enable_case_actions()

    def open_demo(self) -> None:
        from casefile.demo import build_demo
        from casefile.paths import user_data_dir

        demo = user_data_dir() / "demo"
        existing = sorted(demo.glob("*.casefile")) if demo.exists() else []
        if existing:  # built on an earlier start: open it at once
            self.open_case(existing[0])
            return
        try:
            path = build_demo(demo)
        except CasefileError as exc:
            self._error(exc.message)
            return
        self.open_case(path)

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a case", self._folder(),
                                              "Case files (*.casefile)")
        if path:
            self.open_case(Path(path))

    def choose_and_create(self) -> None:
        from casefile.store import CaseFile

        path, _ = QFileDialog.getSaveFileName(self, "New case", self._folder(),
                                              "Case files (*.casefile)")
        if not path:
            return
        target = Path(path).with_suffix(".casefile")
        try:
            CaseFile.create(target).close()
        except CasefileError as exc:
            self._error(exc.message)
            return
        self.open_case(target)

    def save_copy(self) -> None:
        if self.case is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy", self._folder(),
                                              "Case files (*.casefile)")
        if not path:
            return
        case, target = self.case, Path(path).with_suffix(".casefile")
        # The dialog asked before replacing the file it named (not one the suffix
        # names); the copy still takes that case's lock first.
        confirmed = target == Path(path)
        self.worker.submit(Job(f"Saving a copy to {target.name}",
                               lambda progress, cancel: case.backup(target, replace=confirmed),
                               on_done=lambda _p: self._say_briefly(f"Saved a copy: {target}"),
                               on_failed=self._error))

    # --- edits --------------------------------------------------------------------------

    _NOUNS = {"requests": "request", "correspondence": "letter", "declarations": "declaration",
              "productions": "production", "documents": "document", "parties": "party",
              "counsel": "counsel"}

    def _edit(self, key: str, apply, what: str, old: dict, new: dict) -> None:
        editor, listing = self.editors[key], self._listing(key)
        row_id = editor.row_id
        if self.case is None or row_id is None:
            return

        def after(changed_id: int) -> None:
            listing.reload()
            listing.select_id(changed_id)
            editor.show_row(self.case, changed_id)
            self._refresh_matter()

        self._save_checked(editor, key, self._NOUNS[key], apply, what, old, new, after)

    def _save_checked(self, editor, key: str, noun: str, apply, what: str, old: dict,
                      new: dict, after) -> None:
        """An editor's save, checked against the version it shows (ui.checked_save)."""
        from casefile import changing
        from ui.checked_save import Editing, save

        row_id = editor.row_id
        editing = Editing(
            self, self.case, self.undo, changing.table(key), row_id, apply, noun,
            after=after, failed=self._error, say=self._say_briefly,
            reshow=lambda: editor.show_row(self.case, row_id),
            # With the choices the editor's combos hold now (an agency by its name, not
            # its id): a field's own list is empty where the case fills it.
            fields=lambda names: [editor.form.with_choices(f) for f in editor.FIELDS
                                  if f.name in names],
            hold=lambda dialog: setattr(self, "conflict_dialog", dialog))
        article = "the" if noun == "lawsuit" else "a"
        if not save(editing, old, new, getattr(editor, "row_version", None),
                    f"Change the {what} of {article} {noun}") \
                and self.conflict_dialog is None:
            editor.show_row(self.case, row_id)  # put back what the case holds

    def add_row(self, key: str) -> AddDialog | None:
        """Ask for a new row's fields and add it as one step to undo; None when no case
        can take one. The dialog is returned shown (modal), for tests to drive."""
        from ui.add_dialog import ADDERS, add_with_dialog

        if self.case is None or self.case.read_only:
            return None
        listing = self.lists.get(key) or self.matter_lists.get(key)

        def after(row_id: int | None) -> None:
            self.refresh()  # a new request has deadlines; a letter may move them
            if listing is not None:
                listing.reload(select=row_id)

        return add_with_dialog(self, self.case, self.undo, ADDERS[key], after, self._error)

    def delete_row(self, key: str) -> bool:
        """Delete the list's chosen row, as one step Undo takes back whole."""
        from ui.undo import RemoveRow, push

        listing = self._listing(key)
        row_id = listing.current_id()
        if self.case is None or self.case.read_only or row_id is None:
            return False
        noun, remove = self.deleters[key]
        neighbour = listing.neighbour_id()

        def after(restored: int | None) -> None:
            self.refresh()
            listing.reload(select=restored if restored is not None else neighbour)

        if not push(self.undo, RemoveRow(self.case, row_id, remove, f"Delete a {noun}",
                                         after=after, failed=self._error)):
            return False
        self._say_briefly(f"Deleted the {noun}. Edit > Undo puts it back.")
        return True

    def _edit_matter(self, what: str, old: dict, new: dict) -> None:
        editor = self.matter_editor
        if self.case is None or editor.row_id is None:
            return

        def after(matter_id: int) -> None:
            editor.show_row(self.case, matter_id)
            self._refresh_matter()
            if "deadlines" not in self._unread:
                self.deadlines.refresh()  # the answer is due from the filing and service

        self._save_checked(editor, editor.KEY, "lawsuit", self._apply_matter, what, old, new,
                           after)

    # --- documents, imports and search --------------------------------------------------

    def show_document(self, document_id: int, page: int = 1, highlight: str | None = None,
                      view: DocumentView | None = None, *, go: bool = True) -> bool:
        """Preview a stored document at a page; PDFs only (others say so). ``go``: in
        the Documents section, going there (an exhibit or a letter opened); a
        selection in the documents list previews where it is."""
        from casefile.documents import preview

        view = view or self.document_view
        if self.case is None:
            return False
        try:
            with self.case.reading() as s:
                shown_now = preview(s, document_id)
        except CasefileError as exc:
            self._error(exc.message)
            return False
        if shown_now is None:
            return False
        name, media_type, data, bates = (shown_now.name, shown_now.media_type, shown_now.data,
                                         shown_now.bates)
        if media_type != "application/pdf":
            view.show_message(f"{name} is not a PDF; open it from its folder to read it.")
            shown_pdf = False
        else:
            if view is self.document_view and go:
                self.navigator.setCurrentRow(_section("documents"))
                self.lists["documents"].select_id(document_id)
            shown_pdf = view.show_pdf(data, name=name, page=page, highlight=highlight,
                                      bates=bates)
        self.unlocker.offer(view, document_id, shown_pdf)
        if view is self.document_view:  # after the pages: it draws on them
            self.findings.show_document(self.case, document_id)
        return shown_pdf

    def open_letter(self, letter_id: int) -> bool:
        """A letter's first attachment in the Documents preview (Enter or double-click);
        a letter with none says so."""
        from casefile.documents import first_attachment

        if self.case is None:
            return False
        with self.case.reading() as s:
            document_id = first_attachment(s, letter_id)
        if document_id is None:
            self._say_briefly("This letter has no attached document; its text is in the "
                              "editor beside the list.")
            return False
        return self.show_document(document_id)

    def _preview_document(self, document_id: int | None) -> None:
        if document_id is not None:
            # Not a jump: a reload after an edit elsewhere selects a row here too.
            self.show_document(document_id, view=self.document_view, go=False)

    def _open_hit(self, document_id: int, page: int, words: str) -> None:
        self.show_document(document_id, page, words or None, view=self.search_preview)

    def _open_entry(self, kind: str, entry_id: int) -> None:
        if kind == "record":
            self.navigator.setCurrentRow(_section("vaughn"))
            self.vaughn.show_entry(entry_id)
        elif kind == "correspondence":
            self.navigator.setCurrentRow(_section("correspondence"))
            self.lists["correspondence"].select_id(entry_id)

    def focus_search(self) -> None:
        if self.case is None:
            return
        self.navigator.setCurrentRow(_section("search"))
        self.search.focus_box()

    def choose_and_import(self) -> None:
        if self.case is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Import files into the case",
                                                self._folder())
        if paths:
            self.import_files([Path(p) for p in paths])

    def choose_and_import_produced(self) -> None:
        production_id = self.lists["productions"].current_id()
        if self.case is None or production_id is None:
            self._say_briefly("Choose the production the files belong to first.")
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Import a production's files",
                                                self._folder())
        if paths:
            self.import_files([Path(p) for p in paths], production_id=production_id)

    def import_files(self, paths: list[Path], *, production_id: int | None = None
                     ) -> Job | None:
        """Import on the worker; each file is its own transaction, so a cancel
        keeps the files finished before it and nothing of the one under way.
        With a production, the files imported (or found already in the case) are
        listed under it, those of a cancelled import too."""
        from ui.unlock import locked_files

        if self.case is None or not paths:
            return None
        case = self.case

        def work(progress, cancel):
            from casefile.ingest import import_files

            return import_files(case, paths, progress=progress, cancel=cancel,
                                production_id=production_id)

        def done(report) -> None:
            self._imported()
            failed = [r for r in report.results if r.status == "failed"]
            if failed:
                QMessageBox.warning(self, "Casefile", "\n".join(
                    f"{shown(r.name)}: {shown(r.reason)}" for r in failed[:12])
                    + (f"\n…and {len(failed) - 12} more." if len(failed) > 12 else ""))
            duplicates = [r for r in report.results if r.status == "duplicate"]
            if len(report.results) == 1 and duplicates:
                # One file, already here: say which document it is, and show that one.
                self._say_briefly(f"{shown(duplicates[0].name)} is "
                                  f"{shown(duplicates[0].reason)}.")
                if "documents" not in self._unread:
                    self.lists["documents"].reload(select=duplicates[0].document_id)
            else:
                self._say_briefly(f"{report.summary()}.{locked_files(report)} An import "
                                  "cannot be undone: the undo history before it is cleared.")

        title = f"Importing {shown(paths[0].name)}" if len(paths) == 1 else \
            f"Importing {len(paths)} files"
        return self.worker.submit(Job(title, work, on_done=done, on_failed=self._error,
                                      on_cancelled=lambda: (
                                          self._imported(),
                                          self._say_briefly("Import cancelled; the files "
                                                            "finished before it are kept."))))

    def sync_with_server(self, choices: dict[int, str] | None = None) -> Job | None:
        """Bring this pulled copy and its server together on the worker: the server's
        changes in, the copy's out; conflicts overwrite nothing and are offered to
        settle (SyncConflictsDialog), and settling runs the sync again with them."""
        if self.case is None or self._pulled_from is None:
            return None
        case, server = self.case, self._pulled_from

        def work(progress, cancel):
            from casefile.sync import sync

            progress(0, 1, f"Syncing with {server}")
            return sync(case, choices=choices)

        def done(synced) -> None:
            self._imported()  # the server's changes are in: refresh, and no undo across
            self._offer_conflicts(synced.summary("the server"), synced.taken.conflicts,
                                  synced.taken.taken, synced.sent.taken, "the server",
                                  self.sync_with_server)

        job = Job(f"Syncing with {server}", work, on_done=done, on_failed=self._error)
        self.worker.submit(job)
        return job

    def merge_copy(self, theirs: Path | None = None,
                   choices: dict[int, str] | None = None) -> Job | None:
        """Bring another copy of this case (co-counsel's file) into it on the worker,
        field by field as ``casefile merge`` does: their changes in, conflicts
        overwriting nothing and offered to settle; the other copy is only read."""
        if self.case is None or self.case.read_only:
            return None
        if theirs is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Merge another copy of this case", self._folder(),
                "Case files (*.casefile)")
            if not chosen:
                return None
            theirs = Path(chosen)
        case, name = self.case, theirs.name

        def work(progress, cancel):
            from casefile.sync import merge

            progress(0, 1, f"Merging {name}")
            return merge(case, theirs, choices=choices)

        def done(merged) -> None:
            self._imported()  # their changes are in: refresh, and no undo across
            self._offer_conflicts(merged.summary(name), merged.conflicts, merged.taken, None,
                                  name, lambda chosen: self.merge_copy(theirs, chosen))

        job = Job(f"Merging {name}", work, on_done=done, on_failed=self._error)
        self.worker.submit(job)
        return job

    def _offer_conflicts(self, summary: str, conflicts: list, taken: int, sent: int | None,
                         other: str, again) -> None:
        """A sync's or merge's outcome: said in the status bar when nothing is left
        open, else the conflicts offered to settle; settling runs ``again(choices)``."""
        from ui.sync_dialog import SyncConflictsDialog

        if not any(c.settled is None for c in conflicts):
            self._say_briefly(summary)
            return
        dialog = SyncConflictsDialog(conflicts, taken, sent, self, other=other)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def decided(chosen: dict[int, str]) -> None:
            # Given the choices, not the dialog: no closure keeps a deleted dialog's
            # Python side alive.
            self.sync_dialog = None
            if chosen:
                again(chosen)

        dialog.decided.connect(decided)
        dialog.finished.connect(dialog.deleteLater)
        self.sync_dialog = dialog
        dialog.open()

    def _imported(self) -> None:
        # An import cannot be undone. Undo and redo before it are dropped: a row
        # added again by Redo would take another id than the one the edits after
        # it name, and that id may now be one the import added.
        self.undo.clear()
        self._case_changed()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        data = event.mimeData()
        if self.case is not None and not self.case.read_only and (
                data.hasUrls() or _VIRTUAL_FILES in data.formats()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        data = event.mimeData()
        paths = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)
        elif _VIRTUAL_FILES in data.formats():
            # Outlook hands over a message as an OLE storage that Qt cannot read
            # (its FileContents arrives empty); say what works instead of nothing.
            event.acceptProposedAction()
            self._error("Outlook hands its messages over in a form Casefile cannot read "
                        "directly: drag the message to a folder (or save it as a .msg file) "
                        "and drop that file here.")

    def print_section(self, *, preview: bool = False, choice: int | None = None,
                      printer=None):
        from ui import printing

        return printing.print_section(self, preview=preview, choice=choice, printer=printer)

    def open_drafts(self) -> None:
        if self.case is None:
            return
        from ui.drafts_dialog import DraftsDialog

        DraftsDialog(self.case, self.worker, self).exec()

    def open_guide(self) -> None:
        """The guide, at the page for the section shown (the first page before a case)."""
        section = SECTIONS[self.pages.currentIndex()][2] \
            if self.case is not None and 0 <= self.pages.currentIndex() < len(SECTIONS) else None
        show_guide(self, section)

    def about(self) -> None:
        from ui.about import show_about

        show_about(self)

    # --- plumbing -------------------------------------------------------------------------

    def _case_changed(self) -> None:
        """A section's view changed the case. After a step of the undo stack the
        sections its tables name were read again already (``_changed_here``): the
        rest need not be. After anything else (an import, a docket read) all are."""
        if self._step_answered:
            self._step_answered = False
            return
        self.refresh()

    def _refresh_matter(self) -> None:
        from casefile.matter import the_matter
        from casefile.overview import overview

        if self.case is None:
            self.matter_editor.show_row(None, None)
            self.setup_matter.hide()
            return
        self.matter_page.setText(_overview_html(overview(self.case)))
        with self.case.reading() as s:
            matter = the_matter(s)
            matter_id = matter.id if matter is not None else None
        if self.matter_editor.row_id != matter_id or matter_id is None:
            self.matter_editor.show_row(self.case if matter_id else None, matter_id)
        self.matter_editor.setVisible(matter_id is not None)
        self.setup_matter.setVisible(matter_id is None and not self.case.read_only)

    def _job_started(self, title: str) -> None:
        self.job_label.setText(title)
        self.progress.setRange(0, 0)  # busy until the job says how far it is
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.show()

    def _job_progress(self, done: int, total: int, note: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if note:
            self.progress.setToolTip(note)

    def _job_idle(self) -> None:
        for widget in (self.job_label, self.progress, self.cancel_button):
            widget.hide()

    def _enable_case_actions(self) -> None:
        for action in self.case_actions:
            action.setEnabled(self.case is not None)
        self.sync_action.setEnabled(self.case is not None and not self.case.read_only
                                    and self._pulled_from is not None)
        writable = self.case is not None and not self.case.read_only
        self.merge_action.setEnabled(writable)
        if not self._sections_built:
            return  # their actions come with them
        for action in (*self.add_actions.values(), *self.delete_actions.values(),
                       self.import_produced):
            action.setEnabled(writable)

    def _remember_recent(self, path: Path | str) -> None:
        recent = [p for p in self.settings.value("recent", [], list) if p != str(path)]
        self.settings.setValue("recent", [str(path), *recent][:RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for p in recent:
            action = self.recent_menu.addAction(_recent_label(p)[0])
            action.setToolTip(p)
            action.triggered.connect(lambda _c=False, p=p: self.open_case(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent cases").setEnabled(False)

    def _folder(self) -> str:
        return str(self.case.folder) if self.case is not None else ""

    def _update_title(self) -> None:
        if self.case is None:
            self.setWindowTitle("Casefile")
        else:
            suffix = " (read-only)" if self.case.read_only else ""
            self.setWindowTitle(f"{self.case.path.name}{suffix} — Casefile")

    def _say_briefly(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "Casefile", message)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.settings.setValue("window/geometry", self.saveGeometry())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.settings.setValue(f"splitters/{splitter.objectName()}",
                                       splitter.saveState())
        self.close_case()
        super().closeEvent(event)


def _section_keys(n: int) -> str:
    """The keys that reach section ``n``: Ctrl+1 to Ctrl+9, Search's own, then the
    View menu."""
    if SECTIONS[n][2] == "search":
        return "Ctrl+F"
    return f"Ctrl+{n + 1}" if n < 9 else "View menu"


def _section(key: str) -> int:
    return [k for _t, _i, k in SECTIONS].index(key)


# What the overview counts → the section that lists it.
_COUNTED_IN = {"requests": "requests", "correspondence": "correspondence",
               "documents": "documents", "productions": "productions",
               "Vaughn indexes": "vaughn", "Vaughn entries": "vaughn", "exhibits": "exhibits",
               "declarations": "declarations", "deadlines": "deadlines"}


def _counted(name: str) -> str:
    """A count's name, as a link to its section where it has one."""
    shown = escape(name[0].upper() + name[1:])
    key = _COUNTED_IN.get(name)
    return f"<a href='{key}'>{shown}</a>" if key else shown


def _overview_html(o) -> str:
    parts = []
    for caption, court, docket, judge in o.matters:
        parts.append(f"<h2 style='margin-bottom:4px'>{escape(caption)}</h2>")
        details = " · ".join(escape(x) for x in (court, docket and f"No. {docket}", judge) if x)
        parts.append(f"<p style='color:gray'>{details}</p>")
    rows = "".join(
        f"<tr><td style='padding:2px 18px 2px 0'>{_counted(name)}</td>"
        f"<td align='right'>{n:,}</td>"
        + (f"<td style='padding-left:12px; color:gray'>{escape(o.deadlines_by_standing)}</td>"
           if name == "deadlines" and o.deadlines_by_standing else "")
        + "</tr>" for name, n in o.counts.items())
    parts.append(f"<table style='margin-top:12px'>{rows}</table>")
    parts.append(f"<p style='color:gray; margin-top:16px'>{escape(o.path)}</p>")
    return "".join(parts)


def _recent_label(location: str) -> tuple[str, str]:
    """A recent case as lists name it: its file's name and folder, or its
    database's name and server."""
    from casefile.locations import label

    return label(location)
