"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

shiboken6 6.12 takes a reference from ``None`` on nearly every call of a Qt
method that returns nothing (``QPainter.setPen``, ``drawEllipse``,
``QTextLine.setPosition``, ``processEvents``…: measured, 100 calls of
``painter.setPen`` leave ``sys.getrefcount(None)`` 100 lower) and never gives
it back. On Python 3.11 ``None`` is not immortal: a window starts with a few
tens of thousands of references, so one paint of a large timeline or chart, or
a print of a large index (a million such calls), frees ``None`` and the
interpreter aborts ("none_dealloc"). Python 3.12 made ``None`` immortal
(PEP 683); on 3.11, ``keep_none_alive()`` gives it references enough for any
session: the app calls it at start, the window's tests through
``tests/ui/conftest.py``, and the views that paint most (printing, charts)
once more before they start, for a script that builds them without the app.

``True`` and ``False`` lose references the same way, more slowly (measured:
about 25 from ``True`` per case opened and closed in the window; two test
files of the window run together ended in "bool_dealloc" at exit), so they
are topped up with ``None``.
"""

from __future__ import annotations

import sys

_SPARE = 1 << 40  # a million lost a second would take twelve days to spend them


def keep_none_alive() -> None:
    """Top up the reference counts of None, True and False, as Python 3.12's immortal
    singletons no longer need."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: the first field
        if count.value < _SPARE:
            count.value += _SPARE
