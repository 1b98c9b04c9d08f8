"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12 drops a reference to ``None`` on nearly every call of a Qt method
that returns nothing (``QPainter.setBrush``, ``drawEllipse``, ``save``,
``processEvents``…: measured, one or two a call). On Python 3.11 ``None`` is
not immortal and starts near 5,000 references, so a few thousand such calls
(one paint of a large chart or timeline) abort the process with
"none_dealloc", whichever view made them. Python 3.12 made ``None`` immortal,
and there this module does nothing.

Two guards, one rule (give back what was taken):
- ``install()``, once at start-up (the app and the window's tests): a large
  reserve of references, and a timer that tops it up four times a second, so
  no view of the window can run ``None`` down between two ticks;
- ``keeps_none``, on a paint or mouse handler that makes thousands of calls:
  gives back what that one call took at once, so an export or a long paint
  outside the event loop is covered too.
"""

from __future__ import annotations

import ctypes
import functools
import sys

_MORTAL = sys.version_info < (3, 12)
# A paint storm between two ticks would have to lose this many to matter.
_RESERVE = 1_000_000
_TICK_MS = 250

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

_floor: int | None = None
_timer = None


def give_back(count: int) -> None:
    """Put back ``count`` references to None that PySide6 took."""
    if _MORTAL and count > 0:
        # ob_refcnt is the first field of every object on CPython 3.11: one
        # addition, where count calls of Py_IncRef would take a while.
        ctypes.c_ssize_t.from_address(id(None)).value += count


def top_up() -> None:
    """Raise None's count back to the floor ``install`` set."""
    if _floor is not None:
        give_back(_floor - sys.getrefcount(None))


def install(app) -> None:
    """Reserve references and top them up on a timer of ``app``'s thread."""
    global _floor, _timer
    if not _MORTAL or _timer is not None:
        return
    from PySide6.QtCore import QTimer

    give_back(_RESERVE)
    _floor = sys.getrefcount(None)
    _timer = QTimer(app)
    _timer.setInterval(_TICK_MS)
    _timer.timeout.connect(top_up)
    _timer.start()


def keeps_none(method):
    """Run ``method``, then give None back the references PySide6 took during it."""

    @functools.wraps(method)
    def run(*args, **kwargs):
        before = sys.getrefcount(None)
        try:
            return method(*args, **kwargs)
        finally:
            give_back(before - sys.getrefcount(None))

    return run
