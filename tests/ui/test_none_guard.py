"""ui/none_guard.py: PySide6 6.12 on Python 3.11 drops a reference to None on
most Qt calls that return nothing; the guard gives them back before None runs out."""

import sys

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from ui import none_guard

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None is immortal from Python 3.12 on")


def _paint(calls: int) -> None:
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    for _ in range(calls):
        painter.setBrush(QColor(1, 2, 3))
    painter.end()


def test_the_timer_tops_none_up_after_calls_that_lose_references(qtbot, qapp):
    none_guard.install(qapp)
    floor = none_guard._floor
    _paint(20_000)  # four times None's own count at start, without the reserve
    qtbot.wait(none_guard._TICK_MS * 3)
    assert sys.getrefcount(None) >= floor - 100


def test_keeps_none_gives_back_what_one_call_took():
    painted = none_guard.keeps_none(_paint)
    before = sys.getrefcount(None)
    painted(5_000)
    assert sys.getrefcount(None) >= before - 50
