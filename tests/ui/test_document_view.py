"""The document preview: pages, thumbnails, Bates numbers, a highlighted term, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    from PySide6.QtCore import Qt
    from PySide6.QtPdf import QPdfDocument

    from ui.document_view import PASSWORD_MESSAGE, UNREADABLE_MESSAGE, DocumentView
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"

# Pages 3, 6, 9 and 12 of pdf_with() mention the term; page 9 twice.
TERM_PAGES = [3, 6, 9, 9, 12]


def pdf_with(pages: int, *, term_every: int = 3) -> bytes:
    """A letter-size PDF; every ``term_every``-th page mentions detention (page 9: twice)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(72, 700, f"Page {n}")
        canvas.setFont("Helvetica", 11)
        if n % term_every == 0:
            canvas.drawString(72, 660, "The detention standards apply to every facility.")
        if n == 9:
            canvas.drawString(72, 200, "Detention logs are kept for six years.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def twelve_pages() -> bytes:
    return pdf_with(12)


@pytest.fixture(scope="module")
def production(demo_master) -> tuple[str, bytes, dict[int, str]]:
    """The demo case's production, as a caller gets it: name, bytes, Bates numbers."""
    from sqlalchemy import select

    from casefile.store import CaseFile, blobs
    from casefile.store.models import Document, DocumentPage

    with CaseFile.open(demo_master, read_only=True) as case, case.reading() as s:
        document = s.scalar(select(Document).where(Document.name.like("ICE-2020-%")))
        data = blobs.read_bytes(s, document.blob_id)
        bates = dict(s.execute(select(DocumentPage.page_no, DocumentPage.bates)
                               .where(DocumentPage.document_id == document.id)).all())
    return document.name, data, bates


@pytest.fixture
def view(qtbot):
    v = DocumentView()
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def bates_for(pages: int) -> dict[int, str]:
    return {n: f"ICE-2020-{n:06d}" for n in range(1, pages + 1)}


def test_a_pdf_opens_at_the_page_asked_for(view, twelve_pages):
    assert view.show_pdf(twelve_pages, name="memo.pdf", page=4)
    assert view.page_count() == 12
    assert view.current_page() == 4
    assert view.page_box.text() == "4"
    assert view.thumbnails.currentIndex().row() == 3
    assert view.message() == ""
    assert not view.match_label.isVisible()


def test_go_to_page_and_the_page_box_jump(view, qtbot, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf")
    assert view.go_to_page(7)
    assert view.current_page() == 7
    assert view.thumbnails.currentIndex().row() == 6
    assert not view.go_to_page(13)
    assert view.current_page() == 7

    view.activateWindow()
    qtbot.waitActive(view)
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert view.page_box.hasFocus()
    qtbot.keyClicks(view.page_box, "11")
    qtbot.keyClick(view.page_box, Qt.Key.Key_Return)
    assert view.current_page() == 11
    assert view.page_box.text() == "11"

    view.page_box.selectAll()
    qtbot.keyClicks(view.page_box, "40")
    qtbot.keyClick(view.page_box, Qt.Key.Key_Return)
    assert view.current_page() == 11
    assert view.status_label.text() == "There is no page 40: this document has 12 pages."


def test_the_same_page_again_goes_back_to_its_top(view, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", page=5)
    bar = view.pdf_view.verticalScrollBar()
    top = bar.value()
    bar.setValue(top + 200)
    assert view.current_page() == 5
    assert view.go_to_page(5)
    assert bar.value() == top


def test_scrolling_moves_the_current_thumbnail_and_clicking_one_goes_there(
        view, qtbot, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf")
    bar = view.pdf_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert view.current_page() == 12
    assert view.thumbnails.currentIndex().row() == 11
    assert view.page_box.text() == "12"

    ten = view.thumbnails.model().index(9)
    qtbot.mouseClick(view.thumbnails.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.thumbnails.visualRect(ten).center())
    assert view.current_page() == 10
    assert view.thumbnails.currentIndex().row() == 9


def test_zooming_and_resizing_keep_the_page(view, qtbot, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", page=8)
    view.zoom_out()
    view.zoom_out()
    assert view.pdf_view.zoomFactor() < 1
    assert view.current_page() == 8
    view.zoom_in()
    view.fit_width()
    assert view.current_page() == 8
    view.resize(600, 500)
    qtbot.waitUntil(lambda: view.pdf_view.viewport().width() < 500)
    assert view.current_page() == 8


def test_a_pdf_opened_before_the_view_is_shown_opens_at_its_page(qtbot, twelve_pages):
    hidden = DocumentView()
    qtbot.addWidget(hidden)
    hidden.show_pdf(twelve_pages, name="memo.pdf", page=10)
    hidden.resize(1000, 700)
    hidden.show()
    qtbot.waitExposed(hidden)
    assert hidden.current_page() == 10


def test_the_keyboard_scrolls_and_zooms(view, qtbot, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", page=2)
    view.activateWindow()
    qtbot.waitActive(view)
    view.thumbnails.setFocus()
    bar = view.pdf_view.verticalScrollBar()
    top = bar.value()
    qtbot.keyClick(view.thumbnails, Qt.Key.Key_PageDown)
    assert bar.value() == top + bar.pageStep()
    qtbot.keyClick(view.thumbnails, Qt.Key.Key_PageUp)
    assert bar.value() == top
    qtbot.keyClick(view.thumbnails, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.pdf_view.zoomMode() == view.pdf_view.ZoomMode.Custom
    zoomed = view.pdf_view.zoomFactor()
    qtbot.keyClick(view.thumbnails, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.pdf_view.zoomFactor() < zoomed
    assert view.current_page() == 2


def test_every_control_has_an_accessible_name(view, twelve_pages):
    from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QToolButton

    view.show_pdf(twelve_pages, name="memo.pdf", highlight="detention", bates=bates_for(12))
    controls = [w for kind in (QLineEdit, QToolButton, QAbstractScrollArea)
                for w in view.findChildren(kind) if w.isVisible()]
    assert len(controls) >= 9
    assert all(w.accessibleName() for w in controls), [w for w in controls
                                                        if not w.accessibleName()]
    assert view.pdf_view.accessibleName() == "Pages of memo.pdf"


def test_go_to_bates_in_the_demo_production(view, production):
    name, data, bates = production
    assert view.show_pdf(data, name=name, bates=bates)
    assert view.page_count() == 12
    assert view.bates_box.text() == "ICE-2020-000001"
    assert view.go_to_bates(" ice-2020-000009 ")
    assert view.current_page() == 9
    assert view.bates_box.text() == "ICE-2020-000009"
    assert view.thumbnails.currentIndex().row() == 8

    assert not view.go_to_bates("ICE-2020-000099")
    assert view.current_page() == 9
    assert view.status_label.text() == f"No page of {name} has Bates number ICE-2020-000099."


def test_the_bates_box_jumps(view, qtbot, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", bates=bates_for(12))
    view.bates_box.setFocus()
    view.bates_box.selectAll()
    qtbot.keyClicks(view.bates_box, "ice-2020-000006")
    qtbot.keyClick(view.bates_box, Qt.Key.Key_Return)
    assert view.current_page() == 6
    assert view.bates_box.text() == "ICE-2020-000006"


def test_without_bates_numbers_there_is_no_bates_box(view, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", bates=dict.fromkeys(range(1, 13)))
    assert not view.bates_box.isVisible()
    assert not view.go_to_bates("ICE-2020-000001")


def test_a_highlight_finds_its_matches_and_steps_through_them(view, qtbot, twelve_pages):
    with qtbot.waitSignal(view.search_finished) as finished:
        assert view.show_pdf(twelve_pages, name="memo.pdf", page=5, highlight="detention")
    assert finished.args == [len(TERM_PAGES)]
    assert view.match_count() == len(TERM_PAGES)
    # The first match on or after page 5 is the second one, on page 6.
    assert view.pdf_view.currentSearchResultIndex() == 1
    assert view.current_page() == 6
    assert view.match_label.text() == "2 of 5 matches"

    view.next_match()
    assert view.match_label.text() == "3 of 5 matches"
    assert view.current_page() == 9
    top_of_9 = view.pdf_view.verticalScrollBar().value()
    view.next_match()  # lower down on the same page: scrolled to it
    assert view.match_label.text() == "4 of 5 matches"
    assert view.current_page() == 9
    assert view.pdf_view.verticalScrollBar().value() > top_of_9
    view.previous_match()
    view.previous_match()
    view.previous_match()
    assert view.match_label.text() == "1 of 5 matches"
    assert view.current_page() == 3
    view.previous_match()  # round to the last one
    assert view.match_label.text() == "5 of 5 matches"
    assert view.current_page() == 12


def test_a_term_not_in_the_pdf(view, qtbot, twelve_pages):
    with qtbot.waitSignal(view.search_finished):
        view.show_pdf(twelve_pages, name="memo.pdf", highlight="Palladium")
    assert view.match_count() == 0
    assert view.match_label.text() == "No matches"
    assert not view.next_match_button.isEnabled()


@pytest.mark.parametrize("data, message", [
    (b"not a pdf", UNREADABLE_MESSAGE),
    (b"", UNREADABLE_MESSAGE),
    ("truncated", UNREADABLE_MESSAGE),
    ("encrypted", PASSWORD_MESSAGE),
])
def test_a_file_that_cannot_be_read_gets_one_sentence(view, twelve_pages, data, message):
    if data == "truncated":
        data = twelve_pages[: len(twelve_pages) // 2]
    elif data == "encrypted":
        import pikepdf

        out = io.BytesIO()
        with pikepdf.open(io.BytesIO(twelve_pages)) as pdf:
            pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret"))
        data = out.getvalue()
    view.show_pdf(twelve_pages, name="memo.pdf", highlight="detention")
    assert not view.show_pdf(data, name="broken.pdf")
    assert view.message() == message
    assert message.count(".") == 1 and message.endswith(".")
    assert view.message_label.isVisible()
    assert view.page_count() == 0
    assert view.current_page() == 0
    assert view.thumbnails.model().rowCount() == 0
    assert view.show_pdf(twelve_pages, name="memo.pdf")  # and the next file opens
    assert view.message() == ""


def test_clear_lets_go_of_the_document(view, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf")
    view.clear()
    assert view.page_count() == 0
    assert view.message() == ""
    assert view.thumbnails.model().rowCount() == 0


def test_a_long_pdf_renders_only_the_thumbnails_in_sight(view, qtbot, monkeypatch):
    from ui import document_view

    data = pdf_with(300, term_every=50)
    rendered: list[int] = []
    render = QPdfDocument.render

    def counting(document, page, *args, **kwargs):
        rendered.append(page)
        return render(document, page, *args, **kwargs)

    monkeypatch.setattr(QPdfDocument, "render", counting)
    monkeypatch.setattr(document_view, "SEARCH_SLICE_SECONDS", 0)  # a page at a time
    assert view.show_pdf(data, name="production.pdf", page=150, highlight="detention")
    assert view.match_label.text() == "Searching…"  # the other pages wait their turn
    assert view.match_count() == 0
    with qtbot.waitSignal(view.search_finished):
        pass
    qtbot.wait(50)  # the strip paints
    assert view.page_count() == 300
    assert view.current_page() == 150
    assert view.match_count() == 7  # page 9, and pages 50, 100, … 300
    assert view.match_label.text() == "4 of 7 matches"  # 9, 50, 100, then 150
    assert 0 < len(rendered) <= 12, rendered
    assert set(rendered) <= set(range(140, 160))
    assert len(set(rendered)) == len(rendered)  # each rendered once, then cached


def test_screenshot_of_a_highlighted_hit(view, qtbot, production):
    name, data, bates = production
    view.resize(1100, 760)
    with qtbot.waitSignal(view.search_finished):
        view.show_pdf(data, name=name, page=3, highlight="BORTAC", bates=bates)
    assert view.match_count() > 0
    assert view.current_page() == 3
    qtbot.wait(300)  # QPdfView renders pages on a thread
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SCREENSHOTS / "document-view.png"))


def _top_of(view, page: int) -> int:
    """Where the view's scroll bar stands with ``page`` shown from its top."""
    bar = view.pdf_view.verticalScrollBar()
    here = bar.value()
    view.go_to_page(page)
    top = bar.value()
    bar.setValue(here)
    return top


def test_a_bates_stamp_at_the_foot_of_a_page_opens_that_page_from_its_top(qtbot, production):
    # As in the Search section's preview: the whole stamped page is in sight, so
    # scrolling the stamp up a third of the view would show mostly the next page.
    name, data, bates = production
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 760)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.search_finished):
        view.show_pdf(data, name=name, page=8, highlight="ICE-2020-000008", bates=bates)
    assert view.match_label.text() == "1 of 1 match"
    assert view.current_page() == 8
    assert view.page_box.text() == "8" and view.bates_box.text() == "ICE-2020-000008"
    assert view.pdf_view.verticalScrollBar().value() == _top_of(view, 8)


def test_a_hit_opened_before_the_view_is_shown_stays_on_its_page(qtbot, production):
    # The Search section's preview gets its first document while it is still laid
    # out for no document at all.
    name, data, bates = production
    view = DocumentView()
    qtbot.addWidget(view)
    view.show_pdf(data, name=name, page=8, highlight="ICE-2020-000008", bates=bates)
    view.resize(600, 760)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.match_count() == 1)
    assert view.current_page() == 8
    assert view.bates_box.text() == "ICE-2020-000008"
    assert view.pdf_view.verticalScrollBar().value() == _top_of(view, 8)


def test_a_stamp_out_of_sight_is_scrolled_to_without_showing_the_next_page(qtbot, production):
    name, data, bates = production
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(600, 420)  # the page's foot is below the view from the page's top
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.search_finished):
        view.show_pdf(data, name=name, page=8, highlight="ICE-2020-000008", bates=bates)
    value = view.pdf_view.verticalScrollBar().value()
    assert view.current_page() == 8
    assert value > _top_of(view, 8)  # scrolled down to the stamp…
    # …but no further than the page's foot: page 9 starts below the view.
    assert _top_of(view, 9) >= value + view.pdf_view.viewport().height()


def test_the_page_it_was_sent_to_is_kept_until_the_reader_scrolls(view, twelve_pages):
    view.show_pdf(twelve_pages, name="memo.pdf", page=8)
    top = view.pdf_view.verticalScrollBar().value()
    view.resize(700, 500)  # taller pages, and a shorter view: laid out again
    assert view.current_page() == 8
    assert view.pdf_view.verticalScrollBar().value() == _top_of(view, 8) != top
    bar = view.pdf_view.verticalScrollBar()
    bar.setValue(bar.value() + 150)  # the reader scrolls: their place is kept, not the page
    view.resize(720, 500)
    assert view.pdf_view.verticalScrollBar().value() != _top_of(view, 8)
    assert view.current_page() == 8


def test_nothing_open_says_where_pages_will_show(view, twelve_pages):
    from ui.document_view import EMPTY_MESSAGE

    assert view.empty_label.isVisible() and view.empty_label.text() == EMPTY_MESSAGE
    assert view.message() == ""  # not a problem to report
    view.show_pdf(twelve_pages, name="memo.pdf")
    assert not view.empty_label.isVisible()
    view.clear()
    assert view.empty_label.isVisible()
