"""Python's cycle collector, run on the UI thread only.

The collector runs in whichever thread happens to allocate when its threshold
is crossed. A closed dialog held in a reference cycle (a slot that names its
own dialog) is then destroyed on the worker's thread, and Qt crashes deleting
a widget off the UI thread. So automatic collection is off while the window
runs, and a timer on the UI thread collects instead, as often as the
thresholds would have. (PyQt and PySide applications that use threads do the
same; pyqtgraph ships the pattern.)

What the window builds at start and keeps until it closes (the modules, the
widgets' wrappers, SQLAlchemy's mappers) is frozen out of the collector once
it is built: a full collection then walks only what came after, and stays
short on the UI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

_INTERVAL_MS = 500
_FREEZE_AFTER_MS = 3000  # the window built and shown: what exists now lives as long
_installed: QObject | None = None


class _Collector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(_INTERVAL_MS)
        QTimer.singleShot(_FREEZE_AFTER_MS, self, self.freeze)

    def freeze(self) -> None:
        # Collected first, so no garbage is frozen with the living (it would never go).
        gc.collect()
        gc.freeze()

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):  # the oldest due first: it takes the younger too
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


def collect_on_ui_thread() -> None:
    """Turn automatic collection off and collect from the UI thread (once per app)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None or _installed is not None:
        return
    _installed = _Collector(app)
    _installed.destroyed.connect(_forget)
    gc.disable()


def _forget() -> None:
    global _installed
    _installed = None
    gc.unfreeze()
    gc.enable()
