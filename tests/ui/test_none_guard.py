"""ui/none_guard.py: shiboken6 6.12 on Python 3.11 takes a reference from None on
most Qt calls that return nothing; the guard leaves None references enough."""

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


def test_qt_calls_still_take_references_from_none():
    """The bug the guard answers: if this starts failing, shiboken is fixed and the
    guard can go."""
    before = sys.getrefcount(None)
    _paint(1_000)
    assert sys.getrefcount(None) < before - 500


def test_none_keeps_references_enough_for_many_times_its_own_count():
    none_guard.keep_none_alive()
    _paint(50_000)  # ten times None's count in a bare interpreter
    assert sys.getrefcount(None) > none_guard._SPARE // 2
    none_guard.keep_none_alive()  # a second call tops up only when below the spare
    assert sys.getrefcount(None) < 3 * none_guard._SPARE


def test_true_and_false_are_kept_alive_too(qtbot, tmp_path, demo_case):
    """True loses about 25 references per case opened and closed in the window;
    after the guard, both booleans hold far more than a session could lose."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    none_guard.keep_none_alive()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    for _ in range(3):
        assert window.open_case(demo_case)
        window.close_case()
    assert sys.getrefcount(True) > none_guard._SPARE // 2
    assert sys.getrefcount(False) > none_guard._SPARE // 2
