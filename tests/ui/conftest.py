import gc
import os

import pytest

# Before any Qt import: no screen is needed to test the window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _collect_on_this_thread():
    """A test's dialogs and windows, in reference cycles, are collected here, on the UI
    thread, before the next test's worker thread runs (ui/collector.py: the window
    collects on a timer, which a test may not give the time to fire)."""
    yield
    gc.collect()
