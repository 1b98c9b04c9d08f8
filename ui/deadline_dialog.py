"""Add or edit a deadline the user enters: a court's order, a briefing date.

The dialog reads what was typed; the rules (a title, a reminder of at least
zero days) are casefile's. The view hands the dialog a ``submit`` that makes
the edit and answers the sentence the case refused it with, or None: a refused
edit keeps the dialog open with the sentence under the fields, so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casefile.dates import parse_date
from casefile.deadlines.entered import DEFAULT_KIND, KIND_WORDS
from casefile.errors import InputError
from ui import theme

# values → None when done, or the sentence the case refused the edit with
Submit = Callable[[dict[str, Any]], str | None]
NO_REMINDER = -1  # the spin box's lowest value, shown as "No reminder"


class DeadlineDialog(QDialog):
    def __init__(self, requests: list[tuple[int, str]], submit: Submit, *,
                 values: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._editing = values is not None
        self.setWindowTitle("Edit deadline" if self._editing else "Add deadline")
        self._build(requests)
        if values:
            self.set_values(values)

    def _build(self, requests: list[tuple[int, str]]) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Opposition to summary judgment due")
        self.due_edit = QLineEdit()
        self.due_edit.setPlaceholderText("MM/DD/YYYY")
        self.due_edit.setAccessibleDescription("A date, as MM/DD/YYYY")
        self.due_edit.setToolTip("Also 2021-06-14 or June 14, 2021")
        self.due_edit.setMaxLength(40)
        self.kind = QComboBox()
        for kind, shown in KIND_WORDS.items():
            self.kind.addItem(shown, kind)
        self.request = QComboBox()
        self.request.addItem("None: the lawsuit", None)
        for request_id, label in requests:
            self.request.addItem(label, request_id)
        self.request.setToolTip("The FOIA request the deadline belongs to, if any")
        self.rule_edit = QLineEdit()
        self.rule_edit.setPlaceholderText("Scheduling order, ECF No. 12 (optional)")
        self.citation_edit = QLineEdit()
        self.citation_edit.setPlaceholderText("Fed. R. Civ. P. 56(b) (optional)")
        self.remind = QSpinBox()
        self.remind.setRange(NO_REMINDER, 365)
        self.remind.setSpecialValueText("No reminder")
        self.remind.setSuffix(" days before")
        self.remind.setValue(NO_REMINDER)
        self.remind.setToolTip("The exported calendar reminds you this many days before")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, widget in (("&Title:", self.title_edit), ("&Due on:", self.due_edit),
                              ("&Kind:", self.kind), ("&Request:", self.request),
                              ("R&ule:", self.rule_edit), ("&Citation:", self.citation_edit),
                              ("Re&minder:", self.remind)):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Save" if self._editing else "Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    # --- values -------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any]) -> None:
        self.title_edit.setText(values.get("title") or "")
        due = values.get("due_on")
        self.due_edit.setText(f"{due:%m/%d/%Y}" if isinstance(due, date) else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(values.get("kind")
                                                            or DEFAULT_KIND)))
        self.request.setCurrentIndex(max(0, self.request.findData(values.get("request_id"))))
        self.rule_edit.setText(values.get("rule") or "")
        self.citation_edit.setText(values.get("citation") or "")
        remind = values.get("remind_days_before")
        self.remind.setValue(NO_REMINDER if remind is None else remind)

    def values(self) -> dict[str, Any]:
        """What was typed; InputError when the date cannot be read."""
        due_text = self.due_edit.text().strip()
        if not due_text:
            raise InputError("A deadline needs a due date, as MM/DD/YYYY.")
        remind = self.remind.value()
        return {
            "title": self.title_edit.text().strip(),
            "due_on": parse_date(due_text),
            "kind": self.kind.currentData(),
            "request_id": self.request.currentData(),
            "rule": self.rule_edit.text().strip() or None,
            "citation": self.citation_edit.text().strip() or None,
            "remind_days_before": None if remind == NO_REMINDER else remind,
        }

    # --- answering ----------------------------------------------------------------------

    def accept(self) -> None:
        try:
            refused = self._submit(self.values())
        except InputError as exc:
            refused = exc.message
        if refused:
            self.show_error(refused)
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        # Red text that follows light and dark palettes, as the deadline view's overdue rows.
        self.error.setStyleSheet(f"color: {theme.status_color(theme.OVERDUE).name()};")
        self.error.show()
