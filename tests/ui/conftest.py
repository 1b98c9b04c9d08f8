import gc
import os

import pytest

# Before any Qt import: no screen is needed to test the window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _none_kept_alive():
    """What the app does at start (ui/none_guard.py): without it a long run of tests
    that paint would run PySide6 6.12 out of references to None."""
    from ui.none_guard import keep_none_alive

    keep_none_alive()


@pytest.fixture(autouse=True)
def _collect_on_this_thread():
    """A test's dialogs and windows, in reference cycles, are collected here, on the UI
    thread, before the next test's worker thread runs (ui/collector.py: the window
    collects on a timer, which a test may not give the time to fire)."""
    yield
    gc.collect()


@pytest.fixture
def window(qtbot, tmp_path, request):
    """The main window, its settings in the test's own folder, at 1280x800 or the
    test module's ``WINDOW_SIZE`` (the printing tests take a 1366x768 laptop's)."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(*getattr(request.module, "WINDOW_SIZE", (1280, 800)))
    w.show()
    yield w
    w.close_case()
