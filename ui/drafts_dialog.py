"""Draft a Word document from a template, filled from the case: `casefile draft`
in a dialog.

The attorney picks a template (built-in, or one of their own from the
templates folder), where the draft goes, and generates it on the worker. What
the case could not fill is listed after drafting, as it appears in the draft
([DOCKET NO.]); a template that cannot be filled is named with its paragraph
and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.drafts import templates
from casefile.drafts.generate import Drafted, choices, default_target, document_title, draft_case
from casefile.store import CaseFile
from ui.worker import CaseWorker, Job

Opener = Callable[[Path], None]
PATH = Qt.ItemDataRole.UserRole


def open_with_system(path: Path) -> None:
    """Open a file or folder the way the desktop would (Word, Finder, Explorer)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DraftsDialog(QDialog):
    def __init__(self, case: CaseFile, worker: CaseWorker, parent: QWidget | None = None, *,
                 opener: Opener = open_with_system, today: date | None = None) -> None:
        super().__init__(parent)
        self._case, self._worker, self._opener = case, worker, opener
        self._today = today or date.today()
        self._drafted: Path | None = None
        self._listed: list[Path] = []
        self.setWindowTitle("Draft a document")
        self._build()
        self.reload_templates()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        heading = QLabel("Choose a &template:")
        self.templates = QTreeWidget()
        self.templates.setAccessibleName("Templates")
        self.templates.setAccessibleDescription("The built-in templates and your own, from "
                                                "your templates folder")
        self.templates.setHeaderLabels(["Template", "Kind", "What it drafts"])
        self.templates.setRootIsDecorated(False)
        self.templates.setUniformRowHeights(True)
        self.templates.setStyleSheet("QTreeWidget::item { padding: 3px 0; }")
        self.templates.currentItemChanged.connect(self._template_chosen)
        heading.setBuddy(self.templates)

        self.folder_button = QPushButton("Show templates &folder")
        self.folder_button.setAccessibleName("Show templates folder")
        self.folder_button.setToolTip(f"Open {templates.user_folder()}: a Word file you put "
                                      "there appears in this list")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.show_templates_folder)

        # What the draft draws on, where the case has more than one.
        self.sources: dict[str, QComboBox] = {}
        sources_row = QHBoxLayout()
        self.sources_label = QLabel("Draw on:")
        sources_row.addWidget(self.sources_label)
        for key, label, tip in (
                ("request_id", "Request", "The request a letter, appeal or complaint is about"),
                ("set_id", "Exhibits", "The exhibit set a declaration lists"),
                ("index_id", "Vaughn index", "The index a meet-and-confer letter reviews")):
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.sources[key] = combo
            sources_row.addWidget(combo)
        sources_row.addStretch()
        self._fill_sources()

        save_label = QLabel("&Save as:")
        self.target = QLineEdit()
        self.target.setAccessibleName("Save the draft as")
        self.target.setToolTip("The Word file to write; an existing file is replaced")
        save_label.setBuddy(self.target)
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.setAccessibleName("Choose where to save the draft")
        self.choose_button.setToolTip("Pick the folder and file name")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_target)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setFrameShape(QFrame.Shape.StyledPanel)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result.setMargin(8)
        self.result.hide()

        buttons = QDialogButtonBox()
        self.generate_button = buttons.addButton("&Generate",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.generate_button.setToolTip("Fill the template from the case and write the draft "
                                        "(Enter)")
        self.generate_button.setDefault(True)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip("Open the draft in Word")
        self.open_button.setEnabled(False)
        self.open_button.setAutoDefault(False)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close (Esc)")
        close.setAutoDefault(False)
        for button in (self.generate_button, self.open_button, close):
            button.setAccessibleName(button.text().replace("&", ""))
        # Generate must not close the dialog: the warnings and Open come after it.
        self.generate_button.clicked.connect(self.generate)
        self.open_button.clicked.connect(self.open_draft)
        buttons.rejected.connect(self.reject)

        target_row = QHBoxLayout()
        target_row.addWidget(save_label)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.choose_button)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_button)
        folder_row.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.templates, 1)
        layout.addLayout(folder_row)
        layout.addSpacing(8)
        layout.addLayout(sources_row)
        layout.addLayout(target_row)
        layout.addWidget(self.result)
        layout.addWidget(buttons)
        combos = list(self.sources.values())
        for first, second in ((self.templates, self.folder_button),
                              (self.folder_button, combos[0]), (combos[0], combos[1]),
                              (combos[1], combos[2]), (combos[2], self.target),
                              (self.target, self.choose_button),
                              (self.choose_button, self.generate_button),
                              (self.generate_button, self.open_button),
                              (self.open_button, close)):
            self.setTabOrder(first, second)
        self.resize(820, 520)

    def _fill_sources(self) -> None:
        from casefile.drafts.generate import sets_and_indexes
        from ui.editors import request_choices

        with self._case.reading() as s:
            listed = {"request_id": [c for c in request_choices(s) if c[1] is not None],
                      **sets_and_indexes(s)}
        for key, combo in self.sources.items():
            for shown, value in listed[key]:
                combo.addItem(shown, value)
            # One or none: nothing to choose, so nothing to show.
            combo.setVisible(combo.count() > 1)
        self.sources_label.setVisible(any(c.count() > 1 for c in self.sources.values()))

    def chosen_sources(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.sources.items()}

    def reload_templates(self) -> None:
        """List the templates, keeping the one chosen and the file name given."""
        found = choices()
        if [c.path for c in found] == self._listed:
            return
        self._listed = [c.path for c in found]
        chosen = self.template()
        self.templates.blockSignals(True)  # the same template stays: so does its file name
        self.templates.clear()
        for choice in found:
            kind, about = (("Yours", f"{choice.path.name}, in your templates folder")
                           if choice.mine else ("Built-in", choice.about))
            item = QTreeWidgetItem(self.templates, [document_title(choice.name), kind, about])
            item.setData(0, PATH, str(choice.path))
            item.setToolTip(0, str(choice.path))
            item.setToolTip(2, about)
            if choice.path == chosen:
                self.templates.setCurrentItem(item)
        self.templates.blockSignals(False)
        for column in (0, 1):
            self.templates.resizeColumnToContents(column)
            self.templates.setColumnWidth(column, self.templates.columnWidth(column) + 24)
        if self.templates.currentItem() is None and self.templates.topLevelItemCount():
            self.templates.setCurrentItem(self.templates.topLevelItem(0))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # Back from Word or the file manager: a template may have been added.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.reload_templates()
        super().changeEvent(event)

    # --- choosing -----------------------------------------------------------------------

    def template(self) -> Path | None:
        item = self.templates.currentItem()
        return Path(item.data(0, PATH)) if item is not None else None

    def _template_chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        self.generate_button.setDefault(True)
        current = self.target.text().strip()
        folder = Path(current).parent if current else self._case.folder
        self.target.setText(str(default_target(folder, Path(item.data(0, PATH)).stem,
                                               self._today)))

    def choose_target(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the draft as", self.target.text(),
                                                "Word documents (*.docx)")
        if chosen:
            self.target.setText(chosen)

    def show_templates_folder(self) -> None:
        folder = templates.user_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            QMessageBox.warning(self, "Casefile", f"Cannot create the templates folder "
                                f"{folder}: {exc.strerror or exc}.")
            return
        self._opener(folder)

    # --- drafting -----------------------------------------------------------------------

    def generate(self) -> None:
        template, text = self.template(), self.target.text().strip()
        if template is None or not self.generate_button.isEnabled():
            return
        if not text:
            QMessageBox.warning(self, "Casefile", "Give the file to write the draft to.")
            return
        target = Path(text).expanduser()
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
            self.target.setText(str(target))
        if not target.parent.exists() and not self._make_folder(target.parent):
            return
        case, today, sources = self._case, self._today, self.chosen_sources()

        def work(_progress, _cancel) -> Drafted:
            with case.reading() as s:
                return draft_case(s, template, target, today=today, **sources)

        self.generate_button.setEnabled(False)
        self._show(f"Drafting {escape(target.name)}…")
        self._worker.submit(Job(f"Drafting {target.name}", work, on_done=self._drafted_ok,
                                on_failed=self._failed))

    def _make_folder(self, folder: Path) -> bool:
        """A folder typed that is not there yet: made when the user says so."""
        answer = QMessageBox.question(
            self, "Casefile", f"The folder {folder} does not exist. Create it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            QMessageBox.warning(self, "Casefile", f"The folder {folder} could not be made: "
                                f"{exc.strerror or exc}.")
            return False
        return True

    def _drafted_ok(self, drafted: Drafted) -> None:
        self._drafted = drafted.path
        self.generate_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.open_button.setDefault(True)  # Enter, Enter: draft it, then open it
        where = (f"<p>Wrote <b>{escape(drafted.path.name)}</b> in "
                 f"{escape(str(drafted.path.parent))}.</p>")
        if drafted.warnings:
            rows = "".join(f"<li>{escape(w)}</li>" for w in drafted.warnings)
            self._show(f"{where}<p>Fill in before filing:</p><ul>{rows}</ul>")
        else:
            self._show(f"{where}<p>Every field was filled from the case.</p>")

    def _failed(self, message: str) -> None:
        self.generate_button.setEnabled(True)
        self.result.hide()
        QMessageBox.warning(self, "Casefile", message)

    def _show(self, html: str) -> None:
        self.result.setText(html)
        self.result.show()

    def drafted(self) -> Path | None:
        """The draft written last, if any."""
        return self._drafted

    def open_draft(self) -> None:
        if self._drafted is not None:
            self._opener(self._drafted)
