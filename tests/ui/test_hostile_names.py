"""The window shows names from outside escaped: a failed file's name in the
import's warning cannot add a line to it, nor carry an escape or a
right-to-left override (issue 15)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.test_window import _settle


def test_a_hostile_name_in_the_import_warning_is_one_escaped_line(window, demo_case,
                                                                   qtbot, tmp_path,
                                                                   monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    assert window.open_case(demo_case)
    # Expected: refused (it holds text, not a PDF), named on one line, escaped.
    forged = tmp_path / "x\nadded FAKE-SEALED-ORDER.pdf (99 pages)\x1b[31m\u202e.pdf"
    forged.write_text("Not a PDF at all.")
    window.import_files([forged])
    _settle(window, qtbot)
    assert len(said) == 1
    assert said[0].count("\n") == 0, said[0]
    assert said[0].startswith("x\\nadded FAKE-SEALED-ORDER.pdf (99 pages)\\x1b[31m\\u202e.pdf: ")
    assert "\x1b" not in said[0] and "\u202e" not in said[0]
