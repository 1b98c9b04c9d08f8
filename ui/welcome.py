"""The first-run welcome: before any case was opened here, what to try first.

Shown above the welcome page's buttons while the list of recent cases is empty;
its two links open the demo case and the guide.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

TEXT = (
    "<p style='line-height: 140%'><b>New to Casefile?</b> "
    "<a href='demo'>Open the demo case</a>: a FOIA lawsuit against DHS and ICE with "
    "its requests, the agencies' letters, a production, a Vaughn index and a "
    "declaration's exhibits, all marked SAMPLE. Try anything on it: it is no "
    "real case. <a href='guide'>The guide</a> (F1 in any section) "
    "explains each step.</p>")


class FirstRun(QLabel):
    def __init__(self, open_demo: Callable[[], object], open_guide: Callable[[], object],
                 parent=None) -> None:
        super().__init__(TEXT, parent)
        self.setAccessibleName("First steps")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setFixedWidth(520)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.setStyleSheet("QLabel { border: 1px solid palette(mid); border-radius: 6px; "
                           "padding: 10px 14px; margin-bottom: 12px; }")
        # A wrapped label in a centred layout gets one line's height unless told its own.
        text = QTextDocument()
        text.setDefaultFont(self.font())
        text.setDocumentMargin(0)
        text.setHtml(TEXT)
        text.setTextWidth(520 - 2 * 14 - 2)  # less the padding and the border
        self.setFixedHeight(int(text.size().height()) + 2 * 10 + 12 + 2)
        self._actions = {"demo": open_demo, "guide": open_guide}
        self.linkActivated.connect(lambda link: self._actions[link]())
