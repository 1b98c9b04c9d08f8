"""The privacy findings in the window: listed beside the preview with their boxes
drawn on the pages, redacted in one click or by a box drawn on the page, the
redaction undone from Edit > Undo; and a production's count of pages with
text under redaction boxes, each finding opening its document at its page.

The PDF is made here (tests/privacy_corpus.py's reportlab builders), never by
Casefile; what each page holds, and so what the check must find, is written
beside it.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from casefile.store import CaseFile
from tests.conftest import need_tool, unavailable
from tests.privacy_corpus import _canvas, _done, _text_then_box

try:
    from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
    from PySide6.QtGui import QColor

    from ui import theme
    from ui.findings_panel import AREA_COLOUR, FINDING_COLOUR
    from ui.main_window import SECTIONS, MainWindow
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"

SSN = "123-45-6789"  # page 1: a Social Security number, FRCP 5.2(a)(1): allowed XXX-XX-6789
SECRET = "Maria Gonzalez"  # page 2: under a black box drawn after it (a failed redaction)
# page 2's black box, as _text_then_box draws it: x 217, y 695, 14 characters of
# Helvetica 12 wide (+6), 16 high
SECRET_BOX = (217.0, 695.0, 307.0, 711.0)


def letter_pdf() -> bytes:
    """Two pages. Page 1: "Claimant's Social Security number: 123-45-6789" (one
    finding: FRCP 5.2(a)(1), allowed XXX-XX-6789). Page 2: "Maria Gonzalez"
    under a black box (one finding: text under a redaction, recovered text
    "Maria Gonzalez")."""
    out, c = _canvas()
    c.drawString(72, 700, f"Claimant's Social Security number: {SSN}")
    c.drawString(72, 680, "The claim was received in March.")
    first = _done(out, c)
    pdf = pikepdf.open(io.BytesIO(first))
    with pikepdf.open(io.BytesIO(_text_then_box(SECRET, (0, 0, 0)))) as second:
        pdf.pages.extend(second.pages)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def case_path(fresh_case, tmp_path) -> Path | str:
    """A case holding letter.pdf (document 1), listed in a production (1), its pages
    stamped ICE-000001 and ICE-000002, and an agency's Vaughn entry 7 claiming
    (b)(6) for ICE-000002, the page with the text under the box: closed, a case file's
    path or a server's URL (every test here runs on both, issue 20)."""
    from datetime import date

    from sqlalchemy import update

    from casefile.ingest import import_files
    from casefile.productions import add_documents
    from casefile.store.models import Document, DocumentPage, IndexAuthor, Production
    from casefile.vaughn.entries import Claim, add_index, add_record

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(letter_pdf())
    with fresh_case as case:
        report = import_files(case, [pdf], ocr=False)
        assert [r.status for r in report.results] == ["added"]
        with case.transaction() as s:
            production = Production(title="First interim release",
                                    produced_on=date(2026, 11, 2), pages_released_part=2)
            s.add(production)
            s.flush()
            add_documents(s, production, [s.get(Document, report.results[0].document_id)])
            for page in (1, 2):
                s.execute(update(DocumentPage).where(DocumentPage.page_no == page)
                          .values(bates=f"ICE-{page:06d}"))
            index = add_index(s, "ICE's Vaughn index", IndexAuthor.AGENCY)
            add_record(s, index, "6", bates_begin="ICE-000001", claims=[Claim("b5")])
            add_record(s, index, "7", bates_begin="ICE-000002", claims=[Claim("b6")])
        return case.location


@pytest.fixture
def window(qtbot, tmp_path):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_case()


def _section(window, key: str) -> None:
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))


def _checked(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.findings.checked, timeout=60_000)
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=60_000)


def _open_letter(window, qtbot, case_path) -> None:
    assert window.open_case(case_path)
    assert window.show_document(1)
    _checked(window, qtbot)


def _pixel(window, point: QPointF) -> QColor:
    image = window.document_view.pdf_view.viewport().grab().toImage()
    return image.pixelColor(round(point.x()), round(point.y()))


def _close(colour: QColor, other: QColor, within: int = 40) -> bool:
    return max(abs(colour.red() - other.red()), abs(colour.green() - other.green()),
               abs(colour.blue() - other.blue())) <= within


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    need_tool("pdftotext")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_list_shows_the_ssn_and_the_text_under_the_black_box(window, qtbot, case_path):
    _open_letter(window, qtbot, case_path)
    panel = window.findings
    rows = panel.rows()
    assert [(r.page, r.text) for r in rows] == [(1, SSN), (2, SECRET)]
    ssn, hidden = rows
    assert (ssn.rule, ssn.allowed) == ("FRCP 5.2(a)(1)", "XXX-XX-6789")
    assert hidden.failed_redaction and not ssn.failed_redaction
    item = panel.list.topLevelItem(1)
    assert (item.text(0), item.text(2)) == ("2", SECRET)
    assert (item.text(1), panel.list.topLevelItem(0).text(1)) == ("Under a box", "5.2(a)(1)")
    assert panel.summary.text().startswith(
        "1 page with text under redaction boxes; 1 piece of personal data")
    # Placed where the page has it: the SSN's box holds the SSN's characters.
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(letter_pdf())[0]
    assert page.get_textpage().get_text_bounded(*ssn.box).strip() == SSN


def test_choosing_a_finding_shows_its_page_with_its_box_drawn_over_it(window, qtbot,
                                                                       case_path):
    _open_letter(window, qtbot, case_path)
    panel, view = window.findings, window.document_view
    panel.select_row(1)  # the text under the black box, on page 2
    qtbot.waitUntil(lambda: view.current_page() == 2)
    assert panel.detail.text() == ("Page 2: text under a redaction (a dark box drawn over the "
                                   "text); copying the region gives back “Maria Gonzalez”.")
    assert [(m.page, m.box) for m in panel.overlay.marked] == [(2, panel.rows()[1].box)]
    rect = panel.overlay.to_view(2, panel.rows()[1].box)
    assert view.pdf_view.viewport().rect().contains(rect.toRect())
    # The outline is drawn just outside the box, and inside it is the page's own
    # black box (seen through the light tint): the drawing lands on the page's box.
    assert _close(_pixel(window, QPointF(rect.left() - 3, rect.center().y())), FINDING_COLOUR)
    # QPdfView renders pages on a thread of its own: wait for the page's pixels.
    qtbot.waitUntil(lambda: _pixel(window, rect.center()).red() < 90, timeout=10_000)
    assert _pixel(window, rect.center()).green() < 60
    # Beside the box, the page is white: the box was not drawn too large.
    beside = _pixel(window, QPointF(rect.right() + 40, rect.center().y()))
    assert beside.lightness() > 230, beside.name()

    # Zoomed in (the view's own zoom, not fit-to-width), the box still lands on it.
    view.zoom_in()
    view.zoom_in()
    panel.select_row(0)
    panel.select_row(1)
    rect = panel.overlay.to_view(2, panel.rows()[1].box)
    assert view.pdf_view.viewport().rect().contains(rect.toRect())
    qtbot.waitUntil(lambda: _pixel(window, rect.center()).red() < 90, timeout=10_000)
    assert _close(_pixel(window, QPointF(rect.left() - 3, rect.center().y())), FINDING_COLOUR)
    assert _pixel(window, QPointF(rect.right() + 40, rect.center().y())).lightness() > 230

    panel.select_row(0)  # back to the SSN on page 1
    qtbot.waitUntil(lambda: view.current_page() == 1)
    assert [m.page for m in panel.overlay.marked] == [1]


def turned_pdf() -> bytes:
    """Two pages, each "Maria Gonzalez" under a black box (two findings, one a page):
    page 1 turned a quarter clockwise (/Rotate 90), page 2 cropped to start at 50, 100
    (/CropBox [50 100 562 742]). Boxes stay in the page's own, unturned space."""
    pdf = pikepdf.new()
    for _ in range(2):
        with pikepdf.open(io.BytesIO(_text_then_box(SECRET, (0, 0, 0)))) as one:
            pdf.pages.extend(one.pages)
    pdf.pages[0].obj.Rotate = 90
    pdf.pages[1].obj.CropBox = pikepdf.Array([50, 100, 562, 742])
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_boxes_land_on_turned_and_cropped_pages(window, qtbot, tmp_path, fresh_case):
    from casefile.ingest import import_files

    path = tmp_path / "turned.pdf"
    path.write_bytes(turned_pdf())
    with fresh_case as case:
        [result] = import_files(case, [path], ocr=False).results
    assert window.open_case(case.location)
    assert window.show_document(result.document_id)
    _checked(window, qtbot)
    panel, view = window.findings, window.document_view
    assert [(r.page, r.text) for r in panel.rows()] == [(1, SECRET), (2, SECRET)]
    assert panel.overlay.frames == {1: ((0.0, 0.0, 612.0, 792.0), 90),
                                    2: ((50.0, 100.0, 562.0, 742.0), 0)}
    for n, row in enumerate(panel.rows()):
        panel.select_row(n)
        qtbot.waitUntil(lambda row=row: view.current_page() == row.page)
        rect = panel.overlay.to_view(row.page, row.box)
        if row.page == 1:
            assert rect.height() > rect.width()  # the turned page shows the box upright
        qtbot.waitUntil(lambda rect=rect: _pixel(window, rect.center()).red() < 90,
                        timeout=10_000)
        assert _close(_pixel(window, QPointF(rect.left() - 3, rect.center().y())),
                      FINDING_COLOUR)
        # Back from the screen to the page's space: the same box, within a pixel.
        back = panel.overlay.to_page(row.page, rect)
        scale = rect.width() / (row.box[3] - row.box[1] if row.page == 1
                                else row.box[2] - row.box[0])
        assert all(abs(a - b) <= 1 / scale + 0.1 for a, b in zip(back, row.box, strict=True))

    # A box dragged over the name on the turned page takes the name out of that page.
    panel.select_row(0)
    qtbot.waitUntil(lambda: view.current_page() == 1)
    rect = panel.overlay.to_view(1, panel.rows()[0].box).adjusted(-2, -2, 2, 2)
    panel.draw_button.click()
    qtbot.mousePress(panel.overlay, Qt.MouseButton.LeftButton, pos=rect.topLeft().toPoint())
    qtbot.mouseRelease(panel.overlay, Qt.MouseButton.LeftButton,
                       pos=rect.bottomRight().toPoint())
    assert len(panel.overlay.areas) == 1
    panel.redact_button.click()
    _settle(window, qtbot)
    from casefile.privacy.versions import versions
    from casefile.store import blobs

    with CaseFile.open(case.location, read_only=True) as case, case.reading() as s:
        [version] = versions(s, result.document_id)
        data = blobs.read_bytes(s, version.blob_id)
        # What was under the box, in the page's own space, is the name, and no more.
        assert [(r.page, r.removed) for r in version.redactions] == [(1, SECRET)]
    pages = _pdftotext(data, tmp_path).split("\f")
    assert SECRET not in pages[0] and SECRET in pages[1]


def test_a_box_dragged_on_the_page_becomes_an_area_in_points(window, qtbot, case_path):
    _open_letter(window, qtbot, case_path)
    panel, view = window.findings, window.document_view
    view.go_to_page(2)
    qtbot.waitUntil(lambda: view.current_page() == 2)
    panel.draw_button.click()
    assert panel.overlay.drawing
    target = panel.overlay.to_view(2, SECRET_BOX)
    start, end = target.topLeft().toPoint(), target.bottomRight().toPoint()
    qtbot.mousePress(panel.overlay, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(panel.overlay, pos=QPoint((start.x() + end.x()) // 2, end.y()))
    qtbot.mouseRelease(panel.overlay, Qt.MouseButton.LeftButton, pos=end)
    [area] = panel.overlay.areas
    assert area.page == 2
    # Within two pixels' worth of points of the box it was drawn over.
    scale = view.page_rect(2).width() / 612
    assert all(abs(a - b) <= 2 / scale + 0.2 for a, b in zip(area.box, SECRET_BOX,
                                                              strict=True)), area.box
    assert panel.redact_button.text() == "Redact 1 area"
    edge = _pixel(window, QPointF(target.center().x(), target.top()))
    assert _close(edge, AREA_COLOUR, 60), edge.name()
    # A click (no drag) draws nothing; leaving the mode gives the mouse back to the pages.
    qtbot.mouseClick(panel.overlay, Qt.MouseButton.LeftButton, pos=start)
    assert len(panel.overlay.areas) == 1
    view.pdf_view.setFocus()
    qtbot.keyClick(view.pdf_view, Qt.Key.Key_Escape)
    assert not panel.overlay.drawing and not panel.draw_button.isChecked()
    panel.clear_button.click()
    assert panel.overlay.areas == [] and not panel.clear_button.isEnabled()


def _versions(case_path: Path | str) -> list[tuple[bytes, list[tuple[int, str, str]]]]:
    """Document 1's redacted versions: their bytes and their logs (page, why, removed)."""
    from casefile.privacy.versions import versions
    from casefile.store import blobs

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return [(blobs.read_bytes(s, v.blob_id), [(r.page, r.why, r.removed)
                                                  for r in v.redactions])
                for v in versions(s, 1)]


def _imported(case_path: Path | str) -> bytes:
    from casefile.store import blobs
    from casefile.store.models import Document

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return blobs.read_bytes(s, s.get(Document, 1).blob_id)


def _qdf(data: bytes, tmp_path: Path) -> bytes:
    """Every object of the file, streams decompressed (qpdf --qdf)."""
    need_tool("qpdf")
    source, flat = tmp_path / "in.pdf", tmp_path / "flat.pdf"
    source.write_bytes(data)
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source), str(flat)],
                   check=True)
    return flat.read_bytes()


def _preview_text(window, page: int) -> str:
    return window.document_view.pdf_view.document().getAllText(page - 1).text()


def _settle(window, qtbot) -> None:
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=60_000)


def test_one_click_redaction_makes_a_version_without_the_text_and_undo_restores(
        window, qtbot, case_path, tmp_path):
    _open_letter(window, qtbot, case_path)
    panel = window.findings
    original = _imported(case_path)
    assert SECRET in _preview_text(window, 2)
    panel.select_row(1)  # the text under the black box
    assert panel.redact_button.isEnabled() and panel.redact_button.text() == "Redact"
    panel.redact_button.click()
    _settle(window, qtbot)
    [(data, log)] = _versions(case_path)
    assert [(page, removed) for page, _why, removed in log] == [(2, SECRET)]
    assert "text under a redaction" in log[0][1]
    # Read by real readers: the text is gone from the page and from every object.
    assert SECRET not in _pdftotext(data, tmp_path)
    assert b"Gonzalez" not in _qdf(data, tmp_path)
    assert SSN in _pdftotext(data, tmp_path)  # page 1 was not touched
    assert _imported(case_path) == original  # the import stays as it was
    assert window.undo.count() == 1 and window.undo.canUndo()
    # The preview shows the redacted version, and its check finds only the SSN.
    assert SECRET not in _preview_text(window, 2)
    _checked(window, qtbot)
    assert [(r.page, r.text) for r in panel.rows()] == [(1, SSN)]

    _section(window, "productions")  # undone from elsewhere: the window goes to it
    window.undo.undo()
    assert _versions(case_path) == []
    assert window.pages.currentIndex() == [k for *_, k in SECTIONS].index("documents")
    assert window.lists["documents"].current_id() == 1
    assert SECRET in _preview_text(window, 2)
    _checked(window, qtbot)
    assert [(r.page, r.text) for r in panel.rows()] == [(1, SSN), (2, SECRET)]

    window.undo.redo()  # the same redacted bytes again, not a second rendering
    [(again, log_again)] = _versions(case_path)
    assert again == data and log_again == log
    assert SECRET not in _preview_text(window, 2)


def test_an_area_drawn_with_a_reason_is_redacted_and_logged_with_it(window, qtbot, case_path,
                                                                    tmp_path):
    _open_letter(window, qtbot, case_path)
    panel = window.findings
    ssn_box = panel.rows()[0].box
    panel.add_area(1, ssn_box)  # as drawn over the SSN
    panel.reason.setCurrentText("(b)(6)")
    assert panel.redact_button.text() == "Redact 1 area"
    panel.redact_button.click()
    _settle(window, qtbot)
    [(data, log)] = _versions(case_path)
    assert log == [(1, "(b)(6)", SSN)]
    text = _pdftotext(data, tmp_path)
    assert SSN not in text and "6789" not in text
    assert panel.overlay.areas == []  # the areas are spent
    window.undo.undo()
    assert _versions(case_path) == []


# A case file's lock, held by another, makes the window open it read-only; a server
# lets many write (a member who may only read: tests/ui/test_read_only_member.py).
@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_read_only_case_lists_findings_but_offers_no_redaction(window, qtbot, case_path,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Open)
    with CaseFile.open(case_path):  # another holds the case: the window opens it read-only
        assert window.open_case(case_path)
        assert window.case.read_only
        assert window.show_document(1)
        _checked(window, qtbot)
        panel = window.findings
        assert len(panel.rows()) == 2
        panel.select_row(1)
        assert not panel.redact_button.isEnabled() and not panel.draw_button.isEnabled()
        window.close_case()


def test_the_production_page_counts_pages_with_hidden_text_and_opens_each_at_its_page(
        window, qtbot, case_path):
    assert window.open_case(case_path)
    _section(window, "productions")
    window.lists["productions"].model.wait()
    window.lists["productions"].select_id(1)
    findings = window.production_findings
    qtbot.waitUntil(lambda: findings.list.topLevelItemCount() == 2, timeout=60_000)
    assert findings.summary.text() == ("1 page with text under redaction boxes; 1 piece of "
                                       "personal data (FRCP 5.2(a)).")
    item = findings.list.topLevelItem(1)
    # The recovered text beside the Vaughn entry that claims the page.
    assert [item.text(c) for c in range(5)] == ["letter.pdf", "2 (ICE-000002)",
                                                "Text under a redaction", SECRET,
                                                "Entry 7: (b)(6)"]
    assert findings.list.topLevelItem(0).text(4) == ""  # personal data: no claim to answer
    findings.list.itemActivated.emit(item, 0)
    assert window.pages.currentIndex() == [k for *_, k in SECTIONS].index("documents")
    qtbot.waitUntil(lambda: window.document_view.current_page() == 2)
    _checked(window, qtbot)
    assert [r.text for r in window.findings.selected_rows()] == [SECRET]


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def dark(request, qapp):
    """The theme's light or dark palette, set before the window is made."""
    palette = qapp.palette()
    qapp.setPalette(theme._palette(request.param))
    yield request.param
    qapp.setPalette(palette)


# Pictures for the guide: what they show is asserted on both backends above.
@pytest.mark.parametrize("backend", ["sqlite"])
def test_screenshots(dark, window, qtbot, case_path):
    """bench/out/screens/findings-*.png: the panel, a box drawn, an area marked, at 1366x768."""
    _open_letter(window, qtbot, case_path)
    window.findings.select_row(1)
    qtbot.waitUntil(lambda: window.document_view.current_page() == 2)
    window.findings.add_area(2, (72.0, 640.0, 260.0, 662.0))
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scheme = "dark" if dark else "light"
    assert window.grab().save(str(SCREENSHOTS / f"findings-{scheme}.png"))
    _section(window, "productions")
    window.lists["productions"].model.wait()
    window.lists["productions"].select_id(1)
    qtbot.waitUntil(lambda: window.production_findings.list.topLevelItemCount() == 2,
                    timeout=60_000)
    assert window.grab().save(str(SCREENSHOTS / f"production-findings-{scheme}.png"))
