import contextlib
import gc
import os
import weakref

import pytest

# Before any Qt import: no screen is needed to test the window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# Every CaseWorker a test makes, so its jobs can end before the test's case closes.
_workers: weakref.WeakSet = weakref.WeakSet()


def pytest_collection_finish(session):
    try:
        from ui.worker import CaseWorker
    except ImportError:  # no Qt here: the UI tests skip with their reason
        return
    made = CaseWorker.__init__

    def noted(self, *args, **kwargs):
        made(self, *args, **kwargs)
        _workers.add(self)

    CaseWorker.__init__ = noted


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """A view's jobs end before the fixtures close its case or drop its database.
    The window waits for them when it closes a case; a test's fixtures do not, and a
    job that failed on the closed case would open a message box (a modal wait, or an
    abort once pytest-qt has deleted the view) in the middle of the next teardown."""
    for worker in list(_workers):
        # A worker whose Qt side is gone already has no job that can run.
        with contextlib.suppress(RuntimeError):
            worker.wait(60_000)
    try:
        return (yield)
    finally:
        _workers.clear()  # the next test's workers are its own


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
