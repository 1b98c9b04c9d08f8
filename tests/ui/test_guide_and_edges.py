"""Issue 22 in the window: Help > Guide and F1, the first-run welcome, columns that
fit with cut cells whole on hover, Unlock on a locked PDF's page, and a bundle
preview large enough to read at 1366x768."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.test_rough_edges import PASSWORD, locked_pdf

try:
    from PySide6.QtCore import QSettings, Qt, QUrl
    from PySide6.QtGui import QHelpEvent, QTextDocument
    from PySide6.QtWidgets import QLabel, QMessageBox, QStyleOptionViewItem, QToolTip

    from ui import help as guide
    from ui.bundle_dialog import READABLE_PAGE_WIDTH, BundleDialog, fitted
    from ui.document_view import PASSWORD_MESSAGE
    from ui.main_window import SECTIONS, MainWindow
    from ui.table_view import ElidedTips, text_is_cut
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")


@pytest.fixture
def window(qtbot, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    w.close_case()
    if guide._open is not None:
        guide._open.close()
        guide._open.deleteLater()
        guide._forget()


def _show(window, key: str) -> None:
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))


def _settle(window, qtbot) -> None:
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)


# --- the guide -------------------------------------------------------------------------------


def test_every_page_of_the_guide_is_in_the_package_with_its_pictures(qtbot):
    folder = guide.guide_folder()
    viewer = guide.GuideWindow()
    qtbot.addWidget(viewer)
    for file, title in guide.PAGES:
        text = (folder / file).read_text(encoding="utf-8")
        assert text.startswith(f"# {title}"), file
        viewer.show_page(file)
        assert viewer.current_page() == file
        assert len(viewer.browser.toPlainText()) > 400, file  # the page, rendered
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert (folder / picture).is_file(), f"{file}: {picture}"
            image = viewer.browser.document().resource(
                QTextDocument.ResourceType.ImageResource,
                viewer.browser.source().resolved(QUrl(picture)))
            assert image is not None and not image.isNull(), f"{file}: {picture}"
        for link in re.findall(r"\]\(([a-z-]+\.md)(?:#[^)]*)?\)", text):
            assert (folder / link).is_file(), f"{file} links to a missing {link}"



def test_every_page_is_listed_linked_from_the_first_and_its_pictures_are_in_the_folder():
    folder = guide.guide_folder()
    listed = [file for file, _title in guide.PAGES]
    # No page left out of the list (the window would never show it), none listed twice.
    assert sorted(listed) == sorted(p.name for p in folder.glob("*.md"))
    assert len(set(listed)) == len(listed)
    index = (folder / "index.md").read_text(encoding="utf-8")
    for file in listed[1:]:
        assert f"]({file})" in index, f"index.md does not link to {file}"
    # Issue 22's new pages, each with the law it must state.
    for file, words in (("docket.md", ("Rule 6(a)", "6(a)(6)", "Emancipation Day")),
                        ("timeline.md", ("Export PDF", "Fit all")),
                        ("printing.md", ("Print Preview", "Vaughn index", "chronology")),
                        ("privacy.md", ("5.2(a)", "--allow-personal-data", "redaction log")),
                        ("deadlines.md", ("920 F.2d 57", "552(a)(6)(E)(iii)",
                                          "as of the filing")),
                        ("drafting.md", ("Glomar", "no records")),
                        ("importing.md", ("privacy check", "casefile letter"))):
        text = (folder / file).read_text(encoding="utf-8")
        for word in words:
            assert word in text, f"{file} does not say {word!r}"

def test_a_link_between_pages_opens_the_page_and_back_returns(qtbot):
    viewer = guide.GuideWindow()
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.current_page() == "index.md"
    viewer.browser.anchorClicked.emit(QUrl("deadlines.md"))
    assert viewer.current_page() == "deadlines.md"
    assert viewer.pages.currentItem().text() == "Deadlines and the rules behind them"
    assert "Oglesby" in viewer.browser.toPlainText()
    viewer.browser.backward()
    assert viewer.current_page() == "index.md"
    viewer.pages.setCurrentRow(5)  # the list opens its page
    assert viewer.current_page() == guide.PAGES[5][0]


def test_help_guide_and_f1_open_the_page_of_the_section_shown(window, demo_case, qtbot):
    [action] = [a for a in window.menuBar().actions() if a.text() == "&Help"]
    [guide_action] = [a for a in action.menu().actions() if a.text() == "&Guide"]
    assert guide_action.shortcut().toString() == "F1"
    guide_action.trigger()
    assert guide._open.current_page() == "index.md"  # no case yet: the first page
    assert window.open_case(demo_case)
    for _title, _icon, key in SECTIONS:
        _show(window, key)
        window.activateWindow()
        qtbot.keyClick(window.navigator, Qt.Key.Key_F1)
        assert guide._open.isVisible()
        assert guide._open.current_page() == guide.SECTION_PAGES[key], key
    assert guide.SECTION_PAGES["docket"] == "docket.md"
    assert guide.SECTION_PAGES["timeline"] == "timeline.md"


def test_every_section_of_the_window_has_a_page_of_its_own_for_f1():
    pages = {file for file, _title in guide.PAGES}
    for _title, _icon, key in SECTIONS:
        assert key in guide.SECTION_PAGES, f"F1 in {key} has no page"
        assert guide.SECTION_PAGES[key] in pages, key
        assert guide.page_for(key) != "index.md", key
    assert set(guide.SECTION_PAGES) == {key for *_, key in SECTIONS}  # none stale


def test_the_first_run_welcome_offers_the_demo_and_the_guide(window, demo_case, qtbot,
                                                              monkeypatch):
    assert window.first_run.isVisible()  # no case was ever opened here
    assert "demo case" in window.first_run.text() and "guide" in window.first_run.text()
    window.first_run.linkActivated.emit("guide")
    assert guide._open is not None and guide._open.isVisible()
    opened = []
    monkeypatch.setattr(window, "open_demo", lambda: opened.append(True))
    window.first_run._actions["demo"] = window.open_demo
    window.first_run.linkActivated.emit("demo")
    assert opened == [True]
    assert window.open_case(demo_case)
    window.close_case()
    assert not window.first_run.isVisible()  # a recent case is listed instead


# --- columns ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["requests", "documents", "correspondence"])
def test_columns_fit_the_list_and_a_cut_cell_shows_its_whole_text_on_hover(
        window, demo_case, qtbot, key, monkeypatch):
    assert window.open_case(demo_case)
    _show(window, key)
    listing = window.lists[key]
    listing.model.wait()
    qtbot.wait(50)
    view, header = listing.view, listing.view.horizontalHeader()
    shown = [n for n in range(header.count()) if not header.isSectionHidden(n)]
    # No column pushed out of sight: they fit the list's width (a pixel or two for the
    # stretched last one's rounding).
    assert sum(header.sectionSize(n) for n in shown) <= view.viewport().width() + 2
    assert header.sectionViewportPosition(shown[-1]) < view.viewport().width() - 20
    delegate = view.itemDelegate()
    assert isinstance(delegate, ElidedTips)
    cut = fitting = None
    for row in range(listing.model.rowCount()):
        for n in shown:
            index = listing.model.index(row, n)
            if not index.data():
                continue
            if text_is_cut(view, index):
                cut = cut or index
            else:
                fitting = fitting or index
    assert cut is not None and fitting is not None
    told = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_a: told.append(text))
    monkeypatch.setattr(QToolTip, "hideText", lambda: told.append(None))
    for index in (cut, fitting):
        rect = view.visualRect(index)
        event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(),
                           view.viewport().mapToGlobal(rect.center()))
        assert delegate.helpEvent(event, view, QStyleOptionViewItem(), index)
    whole = cut.data(Qt.ItemDataRole.ToolTipRole)
    assert told == [whole, None]  # the cut cell whole; nothing over one that fits
    assert whole.replace("\n", " ") == cut.data()


def test_a_column_sized_by_hand_keeps_its_width(window, demo_case, qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    assert window.open_case(demo_case)
    _show(window, "requests")
    listing = window.lists["requests"]
    header = listing.view.horizontalHeader()
    monkeypatch.setattr(QGuiApplication, "mouseButtons",
                        staticmethod(lambda: Qt.MouseButton.LeftButton))
    header.resizeSection(5, 900)  # a drag on the Subject's handle
    monkeypatch.undo()
    window.resize(1000, 700)
    qtbot.wait(50)
    assert header.sectionSize(5) == 900 and listing.user_sized


def test_a_header_saved_under_an_older_layout_is_not_restored_over_a_new_one(
        window, demo_case, qtbot, monkeypatch):
    """The Documents list once lost its room to a header saved before the privacy
    panel moved: widths saved under one layout of a list's columns are restored
    only while that layout stands."""
    import dataclasses

    from PySide6.QtGui import QGuiApplication

    from casefile import tables
    from ui.main_window import MainWindow

    assert window.open_case(demo_case)
    _show(window, "requests")
    header = window.lists["requests"].view.horizontalHeader()
    monkeypatch.setattr(QGuiApplication, "mouseButtons",
                        staticmethod(lambda: Qt.MouseButton.LeftButton))
    header.resizeSection(5, 900)  # a drag on the Subject's handle, saved at once
    monkeypatch.undo()

    def reopened() -> bool:
        again = MainWindow()
        qtbot.addWidget(again)
        try:
            assert again.open_case(demo_case)
            _show(again, "requests")
            return again.lists["requests"].restored
        finally:
            again.close_case()

    window.close_case()
    assert reopened()  # the same layout: the user's widths come back
    old = tables.TABLES["requests"]
    wider = dataclasses.replace(old.columns[5], width=old.columns[5].width + 10)
    monkeypatch.setitem(tables.TABLES, "requests", dataclasses.replace(
        old, columns=(*old.columns[:5], wider, *old.columns[6:])))
    assert not reopened()  # a release that changed the layout starts from its own


# --- unlocking ------------------------------------------------------------------------------------


def test_a_locked_pdf_is_unlocked_from_its_page_with_the_password_asked_once(
        window, demo_case, qtbot, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: errors.append(a[2]))
    assert window.open_case(demo_case)
    job = window.import_files([locked_pdf(tmp_path / "locked release.pdf")])
    assert job is not None
    _settle(window, qtbot)
    assert "open its page and choose Unlock" in window.statusBar().currentMessage()
    from casefile.store.models import Document

    with window.case.reading() as s:
        from sqlalchemy import select

        document_id = s.scalar(select(Document.id).where(Document.name == "locked release.pdf"))
    assert not window.show_document(document_id)
    view = window.document_view
    assert view.message() == PASSWORD_MESSAGE and view.unlock_button.isVisible()

    asked = []
    window.unlocker.start(lambda parent, name: asked.append(name) or "wrong")
    _settle(window, qtbot)
    assert errors == ["That password does not open this PDF; nothing was changed. Try again."]
    assert view.unlock_button.isVisible()  # still locked: try again

    window.unlocker.start(lambda parent, name: asked.append(name) or PASSWORD)
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: view.page_count() == 2, timeout=10_000)
    assert asked == ["locked release.pdf", "locked release.pdf"]  # once per try
    assert not view.unlock_button.isVisible() and view.message() == ""
    assert "Unlocked document" in window.statusBar().currentMessage()
    # The password is kept nowhere: not in the window's settings, not in the case.
    settings = QSettings("Casefile", "Casefile")
    assert all(PASSWORD not in str(settings.value(k)) for k in settings.allKeys())
    window.close_case()
    for path in Path(demo_case).parent.iterdir():
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path.name


def test_a_document_that_opens_offers_no_unlock(window, demo_case):
    assert window.open_case(demo_case)
    _show(window, "documents")
    first = window.lists["documents"].model.id_at(0)
    assert window.show_document(first)
    assert not window.document_view.unlock_button.isVisible()


# --- the bundle preview ------------------------------------------------------------------------


def test_the_bundle_preview_is_large_enough_to_read_at_1366x768(window, demo_case, qtbot):
    assert window.open_case(demo_case)
    _show(window, "exhibits")
    with window.case.reading() as s:
        from casefile.exhibits import find_set

        set_id = find_set(s, "Rivera Declaration exhibits").id
    dialog = BundleDialog(window.worker, window.case, set_id, window)
    qtbot.addWidget(dialog)
    width, height = fitted(1366, 768 - 40)  # a laptop's screen less its task bar
    assert width <= 1366 - 24 and height <= 768 - 40 - 48
    dialog.resize(width, height)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    pages = dialog.findChildren(QLabel, "page")
    assert len(pages) == 3
    viewport = dialog.strip.viewport().width()
    for page in pages:
        shown = page.pixmap().deviceIndependentSize()
        # A letter page at least 72 px to the inch (its 9 pt marks 9 px high), and
        # no wider than the preview: read by scrolling down, never sideways.
        assert shown.width() >= READABLE_PAGE_WIDTH
        assert shown.width() <= viewport
    dialog.reject()
