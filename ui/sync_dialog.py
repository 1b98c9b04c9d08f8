"""The conflicts a sync with the server, or a merge of another copy, left open, each
to settle: keep mine, take theirs, or leave it open for later.

A sync (``casefile.sync.sync``) or a merge (``casefile.sync.merge``) overwrites
nothing where both sides changed the same thing: it lists the conflict in plain
words. This dialog shows that list, as the command line prints it, with a
choice beside each; "Settle" runs the sync or merge again with the choices (the
numbers are stable from one run to the next). A conflict left open stays listed
until it is settled.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.display import plural
from casefile.sync import Conflict


class SyncConflictsDialog(QDialog):
    """``other``: where theirs came from ("the server", a copy's file name);
    ``sent``: the changes sent to it (None for a merge, which sends nothing)."""

    # On closing: {number: "mine" or "theirs"} chosen, empty when closed unsettled.
    decided = Signal(object)

    def __init__(self, conflicts: list[Conflict], taken: int, sent: int | None, parent=None,
                 *, other: str = "the server") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Conflicts with {other}")
        open_ones = [c for c in conflicts if c.settled is None]
        theirs = "Take the server's" if other == "the server" else "Take theirs"
        choices = (("Leave open", None), ("Keep mine", "mine"), (theirs, "theirs"))
        exchanged = f"Took {plural(taken, 'change')} from {other}" + (
            f" and sent {plural(sent, 'change')} to it" if sent is not None else "")
        heading = QLabel(
            f"{exchanged}. {plural(len(open_ones), 'conflict').capitalize()} below: both sides "
            f"changed the same {'thing' if len(open_ones) == 1 else 'things'}, and nothing "
            "was overwritten. Choose for each, or leave it open for later.")
        heading.setWordWrap(True)
        grid = QGridLayout()
        self._choices: dict[int, QComboBox] = {}
        for row, conflict in enumerate(open_ones):
            said = QLabel(f"{conflict.number}. {conflict.sentence()}")
            said.setWordWrap(True)
            choice = QComboBox()
            for words, value in choices:
                choice.addItem(words, value)
            choice.setAccessibleName(f"Conflict {conflict.number}")
            grid.addWidget(said, row, 0)
            grid.addWidget(choice, row, 1)
            self._choices[conflict.number] = choice
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(open_ones), 1)  # the list from the top, not centred
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Close)
        self.settle_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.settle_button.setText("Settle")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.finished.connect(lambda result: self.decided.emit(self.chosen() if result else {}))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(720, min(560, 200 + 60 * len(open_ones)))
        self.setAccessibleName(f"{plural(len(open_ones), 'conflict')} with {other}")

    def choose(self, number: int, value: str | None) -> None:
        box = self._choices[number]
        box.setCurrentIndex(box.findData(value))

    def chosen(self) -> dict[int, str]:
        """{number: "mine" or "theirs"} for the conflicts settled here."""
        return {n: box.currentData() for n, box in self._choices.items()
                if box.currentData() is not None}
