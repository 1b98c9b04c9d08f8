"""The window opens a case, shows every section, and refuses bad files kindly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import SECTIONS, MainWindow
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    yield w
    w.close_case()


def test_every_listing_model_passes_qt_model_tester(window, demo_case, qtmodeltester):
    assert window.open_case(demo_case)
    for model in window.models.values():
        qtmodeltester.check(model)


def test_the_demo_case_opens_with_its_sections(window, demo_case):
    assert window.open_case(demo_case)
    assert window.windowTitle() == "IDP-v-DHS.casefile — Casefile"
    assert "IMMIGRANT DEFENSE PROJECT" in window.matter_page.text()
    assert window.models["requests"].rowCount() == 2
    assert window.models["records"].rowCount() == 5
    assert window.models["exhibits"].rowCount() == 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for row, (title, _) in enumerate(SECTIONS):
        window.navigator.setCurrentRow(row)
        assert window.pages.currentIndex() == row
        window.grab().save(str(SCREENSHOTS / f"{row:02d}-{title.lower().replace(' ', '-')}.png"))


def test_a_file_that_is_not_a_case_gets_a_dialog_not_a_crash(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    bad = tmp_path / "notes.casefile"
    bad.write_text("meeting notes")
    assert not window.open_case(bad)
    assert shown == ["notes.casefile is not a Casefile case file."]
    assert bad.read_text() == "meeting notes"
    assert window.case is None


def test_a_case_open_elsewhere_can_be_opened_read_only(window, new_case, monkeypatch):
    from tests.test_store import _hold_open

    child = _hold_open(new_case)
    try:
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a: QMessageBox.StandardButton.Open)
        assert window.open_case(new_case)
        assert window.case.read_only
        assert window.windowTitle().endswith("(read-only) — Casefile")
    finally:
        window.close_case()
        child.communicate("\n", timeout=30)
