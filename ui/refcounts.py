"""A guard against a reference-count bug of shiboken6 6.12.0 on Python 3.11.

Every call of a Qt method that returns void (QPainter.setPen, QTextLine.setPosition,
QCoreApplication.processEvents…) takes one reference from None and gives none
back: measured, 100 calls of ``painter.setPen`` leave ``sys.getrefcount(None)``
100 lower. A window starts with about 44,000 references to None, so a few
tens of thousands of such calls (printing a large index makes a million; a
delegate paints with several per cell) free None and the interpreter aborts
("none_dealloc: deallocating None"). Python 3.12 made None immortal (PEP 683);
on 3.11 this gives it references enough for any session.
"""

from __future__ import annotations

import sys

_SPARE = 1 << 40  # a million calls a second would take 12 days to spend them


def keep_none_alive() -> None:
    """Top up None's reference count, as Python 3.12's immortal None needs no longer."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt: a PyObject's first field
    if count.value < _SPARE:
        count.value += _SPARE
