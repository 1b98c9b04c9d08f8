"""The Vaughn section's import and export, as an attorney meets them: what was
understood is said before anything is stored, a file imported before is
recognised, and our strategy leaves only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.store import CaseFile
from casefile.store.models import VaughnIndex
from tests.conftest import unavailable


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


try:
    from ui import vaughn_view
    from ui.main_window import SECTIONS, MainWindow
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

CORPUS = Path(__file__).resolve().parents[1] / "vaughn_corpus"


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_case()


def _settle(window, qtbot) -> None:
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)
    window.vaughn.model.wait()


def _indexes(path: Path) -> list[str]:
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return list(s.scalars(select(VaughnIndex.title).order_by(VaughnIndex.id)))


def test_the_import_says_what_it_understood_and_asks_before_storing_twice(
        window, demo_case, qtbot, monkeypatch, tmp_path):
    served = tmp_path / "ICE index.xlsx"
    served.write_bytes((CORPUS / "02_ice_merged_down.xlsx").read_bytes())
    asked: list[tuple[str, tuple | None]] = []
    answers = iter(["", None, "keep both"])

    def ask(parent, path, report):
        asked.append((report.layout(), report.earlier))
        return next(answers)

    monkeypatch.setattr(vaughn_view, "ask_import", ask)
    assert window.open_case(demo_case)
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index("vaughn"))
    before = len(_indexes(demo_case))

    window.vaughn.import_file(served)  # answered: import
    _settle(window, qtbot)
    assert asked[0][0].startswith("14 records over 29 rows; the record cells are merged down")
    assert asked[0][1] is None
    assert _indexes(demo_case)[before:] == ["ICE index"]
    assert window.vaughn.model.rowCount() == 14

    window.vaughn.import_file(served)  # the same file: recognised; answered: cancel
    _settle(window, qtbot)
    assert asked[1][1] is not None and asked[1][1][1] == "ICE index"
    assert len(_indexes(demo_case)) == before + 1

    window.vaughn.import_file(served)  # answered: keep both
    _settle(window, qtbot)
    assert _indexes(demo_case)[before:] == ["ICE index", "ICE index"]


def test_the_export_leaves_our_strategy_out_unless_the_box_is_ticked(
        window, demo_case, qtbot, monkeypatch, tmp_path):
    import csv

    from casefile.vaughn.export import WORK_PRODUCT

    assert window.open_case(demo_case)
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index("vaughn"))
    _settle(window, qtbot)
    plain, ours = tmp_path / "served.csv", tmp_path / "ours.csv"
    window.vaughn.export_to(plain)
    window.vaughn.export_to(ours, include_strategy=True)
    _settle(window, qtbot)
    plain_rows = list(csv.reader(plain.open(encoding="utf-8-sig")))
    our_rows = list(csv.reader(ours.open(encoding="utf-8-sig")))
    assert "Challenge" not in plain_rows[0] and WORK_PRODUCT not in plain_rows[0]
    assert our_rows[0] == [WORK_PRODUCT] and "Challenge" in our_rows[1]

    dialog = vaughn_view.ExportDialog()
    qtbot.addWidget(dialog)
    assert not dialog.strategy.isChecked()  # left out unless the user ticks it
