"""The Search section: what it says before a search, how hits read (selected too, in
both palettes), and what opening one shows beside the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.store import CaseFile
from tests.conftest import unavailable


@pytest.fixture
def demo_case(demo_on_both):
    """Every demo-case test here runs on a case file and on a server (issue 20)."""
    return demo_on_both


try:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPalette
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.search_view import SearchView, _highlight
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"


@pytest.fixture
def case(demo_case):
    with CaseFile.open(demo_case, read_only=True) as c:
        yield c


@pytest.fixture
def view(qtbot, case):
    v = SearchView()
    qtbot.addWidget(v)
    v.resize(420, 720)
    v.show()
    qtbot.waitExposed(v)
    v.set_case(case)
    return v


def _hit(view, row: int):
    return view.hits.item(row).data(Qt.ItemDataRole.UserRole)


def test_before_a_search_the_page_says_what_can_be_searched(view, qtbot):
    assert view.showing_help() and view.help.isVisible() and not view.hits.isVisible()
    text = view.help.text()
    for example in ("Ctrl+K", "deploy*", "NOT", "ICE-2020-000008", "(b)(7)(C)"):
        assert example in text, example
    view.run("BORTAC")
    assert not view.showing_help() and view.hits.isVisible() and view.hits.count() > 0
    view.run("xyzzy")  # nothing matches: the examples again, under the reason
    assert view.showing_help() and "Nothing matches xyzzy" in view.help.text()
    view.run("BORTAC")
    view.set_case(None)  # another case, or none: a fresh start
    assert view.showing_help() and view.hits.count() == 0


def test_an_example_in_the_help_runs_when_clicked(view):
    view.help.linkActivated.emit('"target package"')
    assert view.box.text() == '"target package"'
    assert view.hits.count() > 0 and not view.showing_help()


def test_a_typing_slip_is_one_sentence_above_the_help(view):
    view.run("b(5)")  # as attorneys write it: a search, not an error
    assert view.hits.count() > 0 and view.summary.text().endswith("results.")
    view.run("**")
    assert view.summary.text().startswith("There are no words to search for in '**'")
    assert view.showing_help()


def _bands(image: QImage, left: int, top: int, right: int, bottom: int):
    """The lines of text in a rectangle: (the background, the colours drawn on it) for
    each run of pixel rows that has anything but the background on it."""
    rows = [[image.pixelColor(x, y).rgb() for x in range(left, right)]
            for y in range(top, bottom)]
    counts: dict[int, int] = {}
    for row in rows:
        for rgb in row:
            counts[rgb] = counts.get(rgb, 0) + 1
    background = max(counts, key=counts.get)
    bands, current = [], set()
    for row in rows:
        ink = {rgb for rgb in row if rgb != background}
        if ink:
            current |= ink
        elif current:
            bands.append(current)
            current = set()
    if current:
        bands.append(current)
    return QColor(background), [[QColor(rgb) for rgb in band] for band in bands]


def _contrast(a: QColor, b: QColor) -> float:
    from tests.ui.test_look import contrast

    return contrast(a, b)


def _drawn_in(colour: QColor, ink: QColor, background: QColor, slack: int = 10) -> bool:
    """Whether ``colour`` is ``ink`` blended into ``background``, as antialiased text is."""
    p = (colour.red(), colour.green(), colour.blue())
    b = (background.red(), background.green(), background.blue())
    f = (ink.red(), ink.green(), ink.blue())
    d = [fi - bi for fi, bi in zip(f, b, strict=True)]
    t = sum((pi - bi) * di for pi, bi, di in zip(p, b, d, strict=True)) / sum(x * x for x in d)
    t = min(max(t, 0.0), 1.0)
    return all(abs(pi - (bi + t * di)) <= slack for pi, bi, di in zip(p, b, d, strict=True))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_line_of_a_hit_reads_selected_or_not(qtbot, case, dark):
    app = QApplication.instance()
    style, palette = app.style().name(), app.palette()
    app.setStyle("Fusion")
    app.setPalette(theme._palette(dark))
    try:
        view = SearchView()
        qtbot.addWidget(view)
        view.resize(420, 720)
        view.show()
        qtbot.waitExposed(view)
        view.set_case(case)
        view.run("BORTAC")
        view.hits.setCurrentRow(1)
        qtbot.wait(20)
        image = view.hits.viewport().grab().toImage()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(SCREENSHOTS / f"search-list-{'dark' if dark else 'light'}.png"))
        colours = app.palette()
        for row, selected in ((1, True), (2, False)):
            rect = view.hits.visualItemRect(view.hits.item(row))
            # Inside the row's padding: its focus frame and rule are not text.
            background, bands = _bands(image, rect.left() + 6, rect.top() + 5,
                                       rect.right() - 6, rect.bottom() - 4)
            assert len(bands) >= 3, (row, len(bands))  # heading, page and Bates, snippet
            for band in bands:
                best = max(_contrast(c, background) for c in band)
                assert best >= 4.5, (row, selected, best, background.name())
            if selected:
                # Every line, the grey one too, in the selection's own text colour.
                assert background == colours.color(QPalette.ColorRole.Highlight)
                ink = colours.color(QPalette.ColorRole.HighlightedText)
                stray = {c.name() for band in bands for c in band
                         if not _drawn_in(c, ink, background)}
                assert not stray, stray
    finally:
        app.setStyle(style)
        app.setPalette(palette)


def test_choosing_a_page_hit_previews_it_and_an_entry_waits_for_enter(view, qtbot):
    view.run("Palladium")
    kinds = [_hit(view, r).kind for r in range(view.hits.count())]
    page_row, entry_row = kinds.index("page"), kinds.index("record")
    entries = []
    view.open_entry.connect(lambda kind, entry_id: entries.append((kind, entry_id)))
    with qtbot.waitSignal(view.open_page) as opened:
        view.hits.setCurrentRow(page_row)
    hit = _hit(view, page_row)
    assert opened.args == [hit.document_id, hit.page_no, "palladium"]
    view.hits.setCurrentRow(entry_row)
    qtbot.wait(300)
    assert entries == []  # going to the Vaughn index is for Enter or a double-click
    view.hits.itemActivated.emit(view.hits.item(entry_row))
    assert entries == [("record", _hit(view, entry_row).id)]


def test_a_double_click_opens_a_hit_once(view, qtbot):
    from PySide6.QtTest import QTest

    view.run("Palladium")
    row = [_hit(view, r).kind for r in range(view.hits.count())].index("record")
    opened = []
    view.open_entry.connect(lambda kind, entry_id: opened.append(entry_id))
    centre = view.hits.visualItemRect(view.hits.item(row)).center()
    QTest.mousePress(view.hits.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseRelease(view.hits.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseDClick(view.hits.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [_hit(view, row).id]


def test_what_the_preview_marks():
    assert _highlight("b7c") == "(b)(7)(C)"  # as pages print it
    assert _highlight("b(5) Palladium") == "palladium"
    assert _highlight('"target package"') == "target package"


def test_a_bates_hit_opens_its_own_page_in_the_window(qtbot, tmp_path, demo_case):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        assert window.open_case(demo_case)
        window.focus_search()
        assert window.search.showing_help()
        preview = window.search_preview
        window.search.run("ICE-2020-000008")
        hit = _hit(window.search, 0)
        assert hit.exact and hit.page_no == 8
        window.search.hits.itemActivated.emit(window.search.hits.item(0))
        qtbot.waitUntil(lambda: preview.match_count() == 1, timeout=5000)
        assert preview.current_page() == 8
        assert preview.bates_box.text() == "ICE-2020-000008"
        # The stamp is marked whole, and page 8 fills the view from its top.
        assert preview.pdf_view.searchModel().searchString() == "ICE-2020-000008"
        bar = preview.pdf_view.verticalScrollBar()
        shown = bar.value()
        preview.go_to_page(8)
        assert bar.value() == shown
        qtbot.wait(300)  # QtPdf renders pages on its own thread; the picture is for a person
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SCREENSHOTS / "search-bates-hit.png"))
    finally:
        window.close_case()
