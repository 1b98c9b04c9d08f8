"""About Casefile: its version, what it runs on and where it keeps the user's files.

The versions are what a support email needs, so Copy puts them on the clipboard as text.
"""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

import PySide6
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import casefile
from casefile.paths import user_data_dir
from ui.icons import app_icon

# Distributions whose version matters when a PDF, a Word file or a case misbehaves.
_LIBRARIES = ("SQLAlchemy", "pypdf", "pikepdf", "python-docx", "docxtpl")


def versions() -> list[tuple[str, str]]:
    """(label, value) rows: Python, Qt, the libraries, the OS, the data folder."""
    rows = [
        ("Python", platform.python_version()),
        ("PySide6", PySide6.__version__),
        ("Qt", qVersion()),
        ("SQLite", sqlite3.sqlite_version),
    ]
    rows += [(name, _installed(name)) for name in _LIBRARIES]
    rows += [("Operating system", platform.platform()), ("Data folder", str(user_data_dir()))]
    return rows


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


class AboutDialog(QDialog):
    """The logo, the version, the versions underneath it, Copy and Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Casefile")
        self.rows = versions()

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        title = QLabel(f"Casefile {casefile.__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        heading = QVBoxLayout()
        heading.addStretch()
        heading.addWidget(title)
        heading.addWidget(QLabel("A FOIA case in one file."))
        heading.addStretch()
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addSpacing(12)
        header.addLayout(heading, 1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for label, value in self.rows:
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", field)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(QLabel("Casefile makes no network connections."))
        layout.addWidget(buttons)

    def text(self) -> str:
        lines = [f"{label}: {value}" for label, value in self.rows]
        return "\n".join([f"Casefile {casefile.__version__}", *lines])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText("Copied")


def show_about(parent: QWidget | None) -> None:
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
