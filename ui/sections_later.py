"""The window's sections, built after its first paint (issue 21: first paint under 1 s).

Importing SQLAlchemy, the models and every section's view costs a second or more on
a busy laptop, and the window with no case shows only its welcome page. So
``MainWindow`` paints its shell first (navigator, welcome page, menus) and builds the
sections later: at once when a case opens, else while the window sits idle after
that paint. Idle, the Qt-free part (SQLAlchemy, the models, casefile's modules: two
thirds of the time) is imported on a thread of its own, so the welcome page answers
a click meanwhile; then the views, one module per turn of the event loop.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# What MainWindow._build_sections makes: asking the window for one of these before
# that builds the sections (tests/ui/test_first_paint.py checks the list is whole).
SECTION_PARTS = frozenset({
    "_apply_matter", "add_actions", "agencies", "counsel", "deadlines", "delete_actions",
    "deleters", "docket", "document_view", "editors", "exhibits", "findings",
    "import_produced", "lists", "matter_editor", "matter_lists", "matter_page", "parties",
    "produced", "production_findings", "search", "search_preview", "setup_matter",
    "timeline", "unlocker", "vaughn",
})

# What the sections import that holds no Qt (casefile/ imports none: lint-imports
# checks it), imported on the warm-up's thread; costliest first.
QT_FREE_MODULES = (
    "casefile.removal",  # with it the models and SQLAlchemy, the costliest
    "casefile.adding",
    "casefile.changing",
    "casefile.exhibit_list",
    "casefile.vaughn.by_id",
    "casefile.deadlines.entered",
    "casefile.tables",
    "casefile.overview",
    "casefile.deadlines.agenda",
    "casefile.declarations",
    "casefile.documents",
    "casefile.letters",
    "casefile.matter",
    "casefile.parties",
    "casefile.productions",
    "casefile.requests",
    "casefile.vaughn.stats",
    "casefile.findings_view",
    "casefile.privacy.personal",
    "casefile.search",
    "casefile.timeline",
    "casefile.docket",
    "casefile.exhibits",
    "casefile.printouts",
    "casefile.edits",
)
# Every module the sections import; those after the Qt-free ones are imported on the
# UI thread, one a turn of the event loop.
SECTION_MODULES = (
    *QT_FREE_MODULES,
    "ui.table_model",
    "ui.table_view",
    "ui.editors",
    "ui.add_dialog",
    "ui.undo",
    "ui.document_view",
    "ui.findings_panel",
    "ui.unlock",
    "ui.vaughn_view",
    "ui.exhibits_view",
    "ui.deadlines_view",
    "ui.docket_view",
    "ui.search_view",
    "ui.timeline_view",
    "ui.printing",
)

# After the first paint, how long the window is left alone before the work put off
# starts: time for the platform to show the frame and answer the user's first move.
PAUSE_MS = 60
# A window shown but never painted (started minimized, say) does that work this long
# after it was shown: a case given at start is not left unopened.
UNPAINTED_MS = 2000


class WarmUp(QObject):
    """Waits for ``window``'s first paint, then runs what was put off until then
    (``then``: a case given at start), imports SECTION_MODULES one per turn of the
    event loop and calls ``build`` once a turn until it returns False: it builds one
    piece of the sections a call, and returns False at once if a case opened meanwhile
    and built them all."""

    def __init__(self, window: QWidget, build: Callable[[], None]) -> None:
        super().__init__(window)
        self._build = build
        self._after_paint: list[Callable[[], None]] = []
        self._todo = [m for m in SECTION_MODULES if m not in QT_FREE_MODULES]
        self._thread: threading.Thread | None = None
        self.painted = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        window.installEventFilter(self)

    def then(self, work: Callable[[], None]) -> None:
        """``work`` once the window has painted (on the next turn if it has)."""
        self._after_paint.append(work)
        if self.painted and not self._timer.isActive():
            self._timer.start(0)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and not self._timer.isActive():
            self._timer.start(UNPAINTED_MS)
        elif event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self.painted = True
            self._timer.start(PAUSE_MS)
        return False

    def settle(self) -> None:
        """Wait for the thread's imports, if under way: the UI thread then imports what
        it needs without meeting them half done."""
        if self._thread is not None:
            self._thread.join()

    def _step(self) -> None:
        self.painted = True  # or given up waiting for it
        if self._after_paint:
            self._after_paint.pop(0)()
        elif self._thread is None:
            self._thread = threading.Thread(target=_import_qt_free, name="sections-later",
                                            daemon=True)
            self._thread.start()
        elif self._thread.is_alive():
            self._timer.start(20)  # the welcome page answers meanwhile
            return
        elif self._todo:
            importlib.import_module(self._todo.pop(0))
        elif not self._build():
            return  # built (or a case opened meanwhile and built the rest)
        self._timer.start(0)  # the next piece on the next turn of the event loop


def _import_qt_free() -> None:
    for name in QT_FREE_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - imported again on the UI thread, which says it
            continue
