"""Two people changed the same field: both values side by side, one chosen per field.

Shown when a save is refused because someone else saved the row since the
editor showed it (``casefile.errors.EditConflict``) and both changed the same
fields. Fields only they changed keep their value and fields only the user
changed are saved without asking (``main_window._settle_conflict``); this
dialog asks about the rest. Theirs is chosen until the user picks their own:
nothing another person saved is written over without a choice.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casefile.dates import long_date
from casefile.errors import EditConflict
from casefile.versions import when
from ui.editors import Field

# Longer values are cut in the dialog; the whole text is in the choice's tooltip.
_SHOWN_CHARS = 400


def shown_value(field: Field, value: Any) -> str:
    """A field's value as the editor would show it, in words."""
    if value is None or value == "":
        return "(blank)"
    for words, choice in field.choices:
        if choice == value:
            return words
    if field.kind == "check" or isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return long_date(value.date())
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ").capitalize()
    return str(value)


class ConflictDialog(QDialog):
    """For each field both changed: the user's value and theirs, theirs chosen first."""

    # On closing: the fields whose value the user keeps as their own (a list), or
    # None when cancelled (nothing of theirs to save).
    chosen = Signal(object)

    def __init__(self, conflict: EditConflict, fields: list[Field], mine: dict[str, Any],
                 noun: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Someone else changed this {noun}")
        self.fields = fields
        self._mine_buttons: dict[str, QRadioButton] = {}
        self._shown: dict[str, tuple[str, str]] = {}
        who = conflict.by or "Someone else"
        stamp = when(conflict.at)
        heading = QLabel(
            f"{who} saved this {noun}{' on ' + stamp if stamp else ''}, after you opened it, "
            f"and changed {'this field' if len(fields) == 1 else 'these fields'} too. "
            "Choose whose value to keep for each; nothing is saved until you do.")
        heading.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(_bold("Field"), 0, 0)
        grid.addWidget(_bold("Yours"), 0, 1)
        grid.addWidget(_bold(f"{who}'s"), 0, 2)
        for row, field in enumerate(fields, start=1):
            label = QLabel(field.label)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            yours = _Choice(shown_value(field, mine.get(field.name)), f"Yours: {field.label}")
            theirs = _Choice(shown_value(field, conflict.theirs.get(field.name)),
                             f"{who}'s: {field.label}")
            theirs.button.setChecked(True)
            for column, choice in ((1, yours), (2, theirs)):
                group.addButton(choice.button)
                grid.addWidget(choice, row, column, Qt.AlignmentFlag.AlignTop)
            self._mine_buttons[field.name] = yours.button
            self._shown[field.name] = (yours.label.text(), theirs.label.text())
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Values wrap to the dialog's width; only a long list of fields scrolls.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Keep the chosen values")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Save nothing of yours; the case keeps what they saved")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.accepted.connect(lambda: self.chosen.emit(self.kept_mine()))
        self.rejected.connect(lambda: self.chosen.emit(None))

        column = QVBoxLayout(self)
        column.addWidget(heading)
        column.addWidget(scroll, 1)
        column.addWidget(buttons)
        self.resize(640, min(520, 160 + 70 * len(fields)))

    def choose_mine(self, name: str) -> None:
        self._mine_buttons[name].setChecked(True)

    def shown(self, name: str) -> tuple[str, str]:
        """The two values as the dialog shows them: yours, theirs."""
        return self._shown[name]

    def kept_mine(self) -> list[str]:
        """The fields whose value the user keeps as their own."""
        return [name for name, button in self._mine_buttons.items() if button.isChecked()]


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600;")
    return label


class _Choice(QWidget):
    """A radio button beside its value, which wraps (QRadioButton's own text does
    not) and chooses it when clicked."""

    def __init__(self, text: str, accessible: str) -> None:
        super().__init__()
        cut = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS].rstrip() + "…"
        self.button = QRadioButton()
        self.button.setAccessibleName(accessible)
        self.label = QLabel(cut)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if cut != text:
            self.label.setToolTip(text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.button.setChecked(True)
        super().mousePressEvent(event)
