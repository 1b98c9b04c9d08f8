"""The window's first paint does without SQLAlchemy, the models and the sections'
views (issue 21: first paint under 1 s); they come after it, and every section
still works.

The first two tests start `python -m ui`'s own main() in a fresh interpreter (as the
bench does), since this test process has long imported every module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import SECTIONS, MainWindow
    from ui.sections_later import SECTION_MODULES, SECTION_PARTS
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

ROOT = Path(__file__).resolve().parents[2]

# Runs the app's main(); an application-wide event filter notes, at the first paint
# of the main window, what is imported and what the window shows; a timer then waits
# for the sections (and the case, if one was given) and goes through every section.
_CHILD = r"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
want_case = len(sys.argv) > 1
seen = {}

def state(window):
    return {
        "modules": sorted({m for m in ("sqlalchemy", "casefile.store.models",
                                       *json.loads(os.environ["SECTION_MODULES"]))
                           if m in sys.modules}),
        "built": window.__dict__.get("_sections_built"),
        "title": window.windowTitle(),
        "welcome": window.body.currentWidget() is window.welcome,
        "shown_text": getattr(window.pages.currentWidget(), "text", lambda: "")(),
        "case": window.case is not None,
    }

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and type(obj).__name__ == "MainWindow" \
                and "paint" not in seen:
            seen["paint"] = state(obj)
        return False

spy = FirstPaint()
app.installEventFilter(spy)

def poll():
    window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"),
                  None)
    if window is None or "paint" not in seen or not window.__dict__.get("_sections_built"):
        return
    if want_case and window.case is None:
        return
    seen["later"] = state(window)
    pages = []
    for row in range(window.navigator.count()):
        window.navigator.setCurrentRow(row)
        page = window.pages.currentWidget()
        pages.append([window.pages.currentIndex(), type(page).__name__,
                      page is not None and page.isVisible()])
    seen["pages"] = pages
    seen["page_count"] = window.pages.count()
    seen["read"] = sorted(k for k in window._section_views() if k not in window._unread)
    print("SEEN " + json.dumps(seen), flush=True)
    os._exit(0)

timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
QTimer.singleShot(90_000, lambda: (print("SEEN " + json.dumps(seen), flush=True),
                                   os._exit(1)))
from ui.app import main
main(sys.argv[1:])
"""


def _run_app(tmp_path: Path, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "SECTION_MODULES": json.dumps(SECTION_MODULES)}
    out = subprocess.run([sys.executable, "-c", _CHILD, *args], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=120)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("SEEN ")]
    assert out.returncode == 0 and lines, out.stdout[-2000:] + out.stderr[-2000:]
    return json.loads(lines[-1][5:])


def test_with_no_case_the_first_paint_imports_no_section_and_the_idle_window_builds_them(
        tmp_path):
    seen = _run_app(tmp_path)
    first = seen["paint"]
    assert first["modules"] == []  # not SQLAlchemy, not the models, no section's view
    assert first["built"] is False
    assert first["welcome"] and first["title"] == "Casefile"
    # Then, with no case and nothing clicked, the window builds them while idle, so
    # opening a case later does not pay for them.
    later = seen["later"]
    assert later["built"] is True and later["welcome"] and not later["case"]
    assert later["modules"] == sorted({"sqlalchemy", "casefile.store.models",
                                       *SECTION_MODULES})
    assert seen["page_count"] == len(SECTIONS)


def test_a_case_given_at_start_paints_its_frame_first_then_opens_with_every_section(
        tmp_path, demo_case):
    seen = _run_app(tmp_path, str(demo_case))
    first = seen["paint"]
    assert first["modules"] == [] and first["built"] is False and not first["case"]
    # Its frame, not the welcome page: the navigator, its name in the title.
    assert not first["welcome"]
    assert first["title"] == f"{demo_case.name} — Casefile"
    assert first["shown_text"] == f"Opening {demo_case.name}…"
    later = seen["later"]
    assert later["case"] and later["built"] and not later["welcome"]
    assert later["title"] == f"{demo_case.name} — Casefile"
    # Every section has its own page, shown when chosen, and read the case then.
    assert seen["page_count"] == len(SECTIONS)
    assert [p[0] for p in seen["pages"]] == list(range(len(SECTIONS)))
    assert all(visible for _i, _type, visible in seen["pages"])
    assert "QLabel" not in [t for _i, t, _v in seen["pages"][1:]]  # no placeholder left
    assert {"requests", "vaughn", "exhibits", "deadlines", "docket", "timeline"} <= \
        set(seen["read"])


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    w.close_case()


def test_section_parts_names_every_part_the_sections_build(window):
    before = set(window.__dict__)
    assert not window._sections_built
    window._build_sections()
    assert set(window.__dict__) - before == SECTION_PARTS


def test_asking_for_a_section_builds_them_and_an_unknown_name_still_fails(window):
    with pytest.raises(AttributeError):
        window.no_such_part  # noqa: B018
    assert not window._sections_built
    assert window.vaughn is not None  # built on the spot
    assert window._sections_built and window.pages.count() == len(SECTIONS)
    assert set(window.lists) == {"requests", "correspondence", "productions", "documents",
                                 "declarations"}


def test_the_idle_build_goes_in_pieces_and_a_part_asked_midway_finishes_it(window):
    """Idle after its first paint, the window builds one piece of its sections a turn
    of the event loop (built whole, they held the welcome page still 0.1-0.6 s)."""
    for _ in range(4):  # the first pieces, as the idle window's timer takes them
        assert window._build_step()  # pieces remain
    assert not window._sections_built and window.pages.count() == 1  # the opening page
    assert "requests" not in window.__dict__.get("editors", {})  # not built yet
    assert window.editors["requests"] is not None  # asked for: the rest is built at once
    assert window._sections_built and window.pages.count() == len(SECTIONS)
    assert not window._build_step()  # nothing left


def test_opening_a_case_builds_the_sections_and_each_reads_it(window, demo_case):
    window.resize(1280, 800)
    window.show()
    assert not window._sections_built  # not painted yet: nothing built
    assert window.open_case(demo_case)
    assert window._sections_built and window.pages.count() == len(SECTIONS)
    assert window.pages.currentIndex() == 0  # the Matter page, its counts filled
    assert "Requests" in window.matter_page.text()
    for row, (_title, _icon, key) in enumerate(SECTIONS):
        window.navigator.setCurrentRow(row)
        assert window.pages.currentIndex() == row
        assert key == "matter" or key not in window._unread
    window.lists["requests"].model.wait()
    assert window.lists["requests"].model.rowCount() > 0  # the demo case has requests
    # Closed, the welcome page; opened again, the same sections, not a second set.
    vaughn = window.vaughn
    window.close_case()
    assert window.body.currentWidget() is window.welcome
    assert window.open_case(demo_case) and window.vaughn is vaughn


def test_a_case_given_at_start_that_cannot_open_goes_back_to_the_welcome_page(
        window, tmp_path, monkeypatch):
    from ui.app import _open_after_paint

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    not_a_case = tmp_path / "notes.casefile"
    not_a_case.write_text("not a case file")  # expected: refused in one sentence
    window.opening(not_a_case)
    assert window.body.currentWidget() is window.splitter
    assert window.windowTitle() == "notes.casefile — Casefile"
    _open_after_paint(window, not_a_case)
    assert len(said) == 1 and "\n" not in said[0]
    assert window.case is None and window.body.currentWidget() is window.welcome
    assert window.windowTitle() == "Casefile"
