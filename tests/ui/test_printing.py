"""Printing, as File > Print does it, to a PDF file read back by poppler; and the
Vaughn charts, drawn from the stats and clicked.

The case here is built by hand from the casefile functions a user's typing
calls (not by the printing code), and what each printout must show is stated
beside it. The printouts go through ``ui.printing.paint``, the function the
print dialog's printer and the preview's go through too.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from casefile.dates import long_date
from casefile.store import CaseFile
from tests.conftest import need_tool, unavailable

try:
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
    from PySide6.QtWidgets import QApplication

    from ui import printing, theme
    from ui.main_window import SECTIONS
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"
TODAY = date(2024, 6, 3)  # the day the agenda and chronology are counted as of

# The case, and what its printouts must say.
CAPTION = "Doe Press v. DHS, No. 1:24-cv-00417 (D.D.C.)"
ENTERED = "Plaintiffs' opposition to summary judgment due"  # on the agenda, June 14, 2024
ENTRIES = 60  # 1–20 (b)(6); 21–40 (b)(6) and (b)(7)(C); 41–60 (b)(5)
# Withholdings by exemption, as `casefile vaughn stats` counts them: (withholdings, pages).
EXPECTED_EXEMPTIONS = {"(b)(5)": 20, "(b)(6)": 40, "(b)(7)(C)": 20}
# Entries 1–30 released in part (2 pages each), 31–60 withheld in full (3 pages each).
EXPECTED_PAGES = {"Released in part": 60, "Withheld in full": 90}
PRODUCTION_PAGES = (120, 45, 12)  # released in full, in part, withheld in full
LONG = ("Disclosure of the names of the line officers who planned the operation would "
        "expose them to harassment; their privacy interest outweighs the public interest, "
        "which the release of the operational records themselves serves. ")


def _description(n: int) -> str:
    return f"Email {n} about the Harbor staffing plan, with its attachment {n}A"


def _build(path: Path, pdf: Path) -> Path:
    from casefile import matter
    from casefile.deadlines.entered import add_deadline
    from casefile.ingest import import_files
    from casefile.productions import add_production
    from casefile.requests import add_request
    from casefile.store.models import Disposition, IndexAuthor
    from casefile.vaughn.entries import Claim, add_index, add_record

    with CaseFile.create(path) as case:
        with case.transaction() as s:
            mt = matter.add_matter(s, "Doe Press Foundation v. U.S. Department of Homeland "
                                   "Security", "Doe Press v. DHS", court="D.D.C.",
                                   docket_no="1:24-cv-00417", filed_on=date(2024, 3, 1))
            dhs = matter.add_agency(s, "U.S. Department of Homeland Security", "DHS",
                                    rule_set="DHS")
            ice = matter.add_agency(s, "U.S. Immigration and Customs Enforcement", "ICE",
                                    parent=dhs)
            request = add_request(s, ice, "Doe Press Foundation",
                                  "Records concerning Operation Harbor",
                                  date_sent=date(2024, 1, 2), date_received=date(2024, 1, 3),
                                  tracking_no="2024-ICFO-00071", matter=mt)
            add_deadline(s, ENTERED, date(2024, 6, 14), matter=mt)
            index = add_index(s, "ICE Vaughn index", IndexAuthor.AGENCY, request=request)
            for n in range(1, ENTRIES + 1):
                claims = ([Claim("b6", LONG * 3)] if n <= 20 else
                          [Claim("b6", LONG), Claim("b7C", LONG)] if n <= 40 else
                          [Claim("b5", "Deliberative: a draft plan, before the decision.")])
                released = n <= 30
                add_record(s, index, str(n), claims=claims,
                           bates_begin=f"ICE-2024-{n * 10:06d}",
                           bates_end=f"ICE-2024-{n * 10 + (1 if released else 2):06d}",
                           doc_date=date(2023, 5, n % 28 + 1), doc_type="Email",
                           author="Field Office Director", pages=2 if released else 3,
                           description=_description(n),
                           disposition=Disposition.RELEASED_IN_PART if released
                           else Disposition.WITHHELD_IN_FULL)
            add_production(s, "First interim release", produced_on=date(2024, 4, 1),
                           request=request, pages_released_full=PRODUCTION_PAGES[0],
                           pages_released_part=PRODUCTION_PAGES[1],
                           pages_withheld_full=PRODUCTION_PAGES[2])
        import_files(case, [pdf], ocr=False)
    return path


def _five_pages(target: Path) -> Path:
    """A 5-page PDF whose pages say "Exhibit page 1" … "Exhibit page 5" (reportlab)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(target), pagesize=letter)
    for n in range(1, 6):
        c.setFont("Helvetica", 24)
        c.drawString(72, 600, f"Exhibit page {n}")
        c.showPage()
    c.save()
    return target


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("printing")
    return _build(folder / "print.casefile", _five_pages(folder / "five.pdf"))


@pytest.fixture
def case_path(master, tmp_path) -> Path:
    target = tmp_path / master.name
    target.write_bytes(master.read_bytes())
    return target


def _pdftotext(pdf: Path, page: int | None = None) -> str:
    need_tool("pdftotext")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    # A wrapped cell reads as one line; Qt breaks a line after a hyphen
    # ("2024-ICFO-" / "00071"), adding none.
    return " ".join(out.replace("-\n", "-").split())


def _pages(pdf: Path) -> int:
    need_tool("pdfinfo")
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])


def _print(case_path: Path, build, target: Path, landscape: bool = False) -> int:
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        content = build(s)
    return printing.paint(printing.pdf_printer(target, landscape), content)


# --- printouts ---------------------------------------------------------------------------


def test_the_agenda_prints_with_the_caption_the_date_printed_and_every_deadline(
        qapp, case_path, tmp_path):
    from casefile.deadlines.agenda import agenda
    from casefile.printouts import agenda_printout

    target = tmp_path / "agenda.pdf"
    pages = _print(case_path, lambda s: agenda_printout(s, TODAY), target, landscape=True)
    text = _pdftotext(target)
    assert pages == _pages(target) >= 1
    assert CAPTION in text
    assert f"Printed {long_date(date.today())}" in text
    assert f"Page 1 of {pages}" in text
    assert "June 14, 2024" in text and ENTERED in text
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        items = agenda(s, TODAY).items
    assert len(items) >= 3  # the entered date and the counted ones (determination, appeal…)
    for item in items:
        assert " ".join(item.title.split()) in text, item.title


def test_the_chronology_prints_every_sentence_numbered(qapp, case_path, tmp_path):
    from casefile.deadlines.chronology import chronology
    from casefile.printouts import chronology_printout
    from casefile.store.models import FoiaRequest

    target = tmp_path / "chronology.pdf"
    _print(case_path, lambda s: chronology_printout(s, TODAY), target)
    text = _pdftotext(target)
    assert CAPTION in text and "Exhaustion chronology" in text
    # The request's first sentence, as a complaint would put it.
    assert "On January 2, 2024, Plaintiffs submitted a FOIA request to" in text
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        events = chronology(s, s.get(FoiaRequest, 1), TODAY)
    assert len(events) >= 3
    for event in events:
        assert " ".join(event.sentence.split()) in text


def test_the_vaughn_index_prints_every_entry_whole_on_one_page(qapp, case_path, tmp_path):
    from casefile.printouts import vaughn_printout

    target = tmp_path / "vaughn.pdf"
    pages = _print(case_path, lambda s: vaughn_printout(s, 1), target, landscape=True)
    assert pages == _pages(target) > 1  # 60 entries with long justifications
    per_page = [_pdftotext(target, n) for n in range(1, pages + 1)]
    for n, text in enumerate(per_page, 1):
        assert CAPTION in text and f"Printed {long_date(date.today())}" in text
        assert f"Page {n} of {pages}" in text
        # The column headings on every page the table runs onto.
        assert all(h in text for h in ("Entry", "Bates Range", "Description", "Exemptions"))
    for n in range(1, ENTRIES + 1):
        # A row is not broken between pages: its description and its Bates range
        # are on one page together.
        holding = [t for t in per_page if _description(n) in t]
        assert len(holding) == 1, (n, len(holding))
        assert f"ICE-2024-{n * 10:06d}" in holding[0]


def test_our_challenges_print_only_when_asked_and_then_marked_on_every_page(
        qapp, case_path, tmp_path):
    from casefile.printouts import vaughn_printout
    from casefile.store.models import ChallengeState, Record

    argument = "The agency names no foreseeable harm from releasing the staffing plan."
    with CaseFile.open(case_path) as case, case.transaction() as s:
        record = s.query(Record).filter(Record.entry_no == "41").one()
        record.challenge_state = ChallengeState.CHALLENGED
        record.challenge_argument = argument
    court, ours = tmp_path / "court.pdf", tmp_path / "ours.pdf"
    _print(case_path, lambda s: vaughn_printout(s, 1), court, landscape=True)
    pages = _print(case_path, lambda s: vaughn_printout(s, 1, include_strategy=True), ours,
                   landscape=True)
    assert argument not in _pdftotext(court)
    assert "Work Product" not in _pdftotext(court)
    assert argument in _pdftotext(ours)
    for n in range(1, pages + 1):
        assert "Privileged & Confidential — Attorney Work Product" in _pdftotext(ours, n)


def test_the_review_prints_its_shortcomings(qapp, case_path, tmp_path):
    from casefile.printouts import review_printout
    from casefile.store.models import VaughnIndex
    from casefile.vaughn.review import review

    target = tmp_path / "review.pdf"
    _print(case_path, lambda s: review_printout(s, 1, today=TODAY), target, landscape=True)
    text = _pdftotext(target)
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        result = review(s, s.get(VaughnIndex, 1), today=TODAY)
    assert CAPTION in text and "Review of ICE Vaughn index" in text
    assert f"The index has {ENTRIES} entries claiming 80 withholdings." in text
    # Two boilerplate groups, as the Word report puts them: the (b)(6) text of entries
    # 1–40 and the (b)(5) text of 41–60; every other flag is listed with its reason.
    assert [(g.withholdings, g.entries) for g in result.groups] == [(60, 40), (20, 20)]
    assert "60 withholdings in 40 entries" in text and "20 withholdings in 20 entries" in text
    listed = [f for f in result.flags if f.check != "boilerplate"]
    assert listed
    for flag in listed:
        assert " ".join(flag.reason.split()) in text


def test_a_document_page_range_prints_those_pages_only(qapp, case_path, tmp_path):
    from casefile.store.models import Document

    target = tmp_path / "pages.pdf"
    printer = printing.pdf_printer(target)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 4)
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        document_id = s.query(Document.id).scalar()
        content = printing._document(s, document_id)
    assert printing.paint(printer, content) == 3
    assert _pages(target) == 3
    text = _pdftotext(target)
    assert CAPTION in text
    assert "Page 2 of 5" in text and "Page 4 of 5" in text and "Page 5 of 5" not in text


def test_a_printer_that_cannot_write_says_so_in_a_sentence(qapp, case_path, tmp_path):
    from casefile.errors import CasefileError
    from casefile.printouts import agenda_printout

    target = tmp_path / "no such folder" / "agenda.pdf"
    with pytest.raises(CasefileError, match="Could not write agenda.pdf"):
        _print(case_path, lambda s: agenda_printout(s, TODAY), target)


# --- from the window ---------------------------------------------------------------------


WINDOW_SIZE = (1366, 768)  # a 1366x768 laptop's screen


def _show(window, key: str) -> None:
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))


def _settle(window, qtbot) -> None:
    window.worker.wait()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)
    window.vaughn.model.wait()


def test_file_print_on_the_vaughn_page_prints_the_chosen_index(window, qtbot, case_path,
                                                              tmp_path):
    assert window.open_case(case_path)
    _show(window, "vaughn")
    _settle(window, qtbot)
    target = tmp_path / "from-window.pdf"
    chosen = window.print_section(choice=0, printer=printing.pdf_printer(target, True))
    assert chosen.what == "the Vaughn index"
    _settle(window, qtbot)
    text = _pdftotext(target)
    assert CAPTION in text and _description(ENTRIES) in text
    assert "Printed the Vaughn index" in window.statusBar().currentMessage()


def test_print_preview_shows_the_agenda_pages(window, qtbot, case_path):
    assert window.open_case(case_path)
    _show(window, "deadlines")
    _settle(window, qtbot)
    window.deadlines.set_today(TODAY)
    _settle(window, qtbot)
    assert window.print_section(preview=True, choice=0).what == "the deadlines"
    _settle(window, qtbot)
    dialogs = window.findChildren(QPrintPreviewDialog)
    assert len(dialogs) == 1
    preview = dialogs[0].findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() >= 1, timeout=10_000)
    assert "first" not in dialogs[0].windowTitle()  # one page: all of it shown
    dialogs[0].close()


def test_a_long_preview_shows_its_first_pages_and_its_print_button_prints_all(
        window, qtbot, case_path, tmp_path, monkeypatch):
    monkeypatch.setattr(printing, "PREVIEW_PAGES", 3)
    assert window.open_case(case_path)
    _show(window, "vaughn")
    _settle(window, qtbot)
    window.print_section(preview=True, choice=0)
    _settle(window, qtbot)
    dialog = window.findChild(QPrintPreviewDialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 3, timeout=10_000)
    total = int(re.search(r"the first 3 of (\d+) pages", dialog.windowTitle())[1])
    assert total > 3
    # Its Print button, with the printer writing a PDF (no printer here): every page.
    target = tmp_path / "from-preview.pdf"
    dialog.printer_kept.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer_kept.setOutputFileName(str(target))
    preview.print()
    _settle(window, qtbot)
    assert _pages(target) == total
    assert "Printed the Vaughn index" in window.statusBar().currentMessage()
    dialog.close()


def test_file_print_on_the_documents_page_prints_the_chosen_pages(window, qtbot, case_path,
                                                                  tmp_path):
    assert window.open_case(case_path)
    _show(window, "documents")
    _settle(window, qtbot)
    window.lists["documents"].model.wait()
    assert window.lists["documents"].current_id() is not None  # the five-page PDF
    target = tmp_path / "two-pages.pdf"
    printer = printing.pdf_printer(target)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(4, 5)
    assert window.print_section(printer=printer).page_count == 5
    _settle(window, qtbot)
    assert _pages(target) == 2
    text = _pdftotext(target)
    assert "Page 4 of 5" in text and "Page 5 of 5" in text and CAPTION in text


def test_a_section_with_nothing_to_print_says_what_can_be(window, qtbot, case_path):
    assert window.open_case(case_path)
    _show(window, "exhibits")
    assert window.print_section() is None
    assert "Nothing to print here" in window.statusBar().currentMessage()


# --- charts ------------------------------------------------------------------------------


def test_the_charts_draw_the_stats_and_a_bar_lists_its_entries(window, qtbot, case_path):
    from casefile.store.models import VaughnIndex
    from casefile.vaughn.stats import stats

    assert window.open_case(case_path)
    _show(window, "vaughn")
    _settle(window, qtbot)
    view = window.vaughn
    bars = {b.label: b.value for b in view.charts.exemptions.bars}
    assert bars == EXPECTED_EXEMPTIONS
    assert {b.label: b.value for b in view.charts.dispositions.bars} == EXPECTED_PAGES
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        counted = stats(s, s.get(VaughnIndex, 1))
    assert bars == {k: w for k, (w, _e, _p) in counted.by_exemption.items()}

    chart = view.charts.exemptions
    at = [b.label for b in chart.bars].index("(b)(7)(C)")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart.bar_rects()[at].center().toPoint())
    view.model.wait()
    shown = {view.model.data(view.model.index(r, 0)) for r in range(view.model.rowCount())}
    assert shown == {str(n) for n in range(21, 41)}  # the entries claiming (b)(7)(C)
    assert "Listing the 20 entries withheld under (b)(7)(C)" in view.charts.limited.text()

    chart = view.charts.dispositions
    at = [b.label for b in chart.bars].index("Withheld in full")
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton,
                     pos=chart.bar_rects()[at].center().toPoint())
    view.model.wait()
    assert view.model.rowCount() == 30

    qtbot.mouseClick(view.charts.show_all, Qt.MouseButton.LeftButton)
    view.model.wait()
    assert view.model.rowCount() == ENTRIES
    assert not view.charts.show_all.isVisible()


def test_a_production_shows_its_pages_as_one_bar(window, qtbot, case_path):
    assert window.open_case(case_path)
    _show(window, "productions")
    _settle(window, qtbot)
    window.lists["productions"].model.wait()
    window.lists["productions"].select_id(1)
    bar = window.editors["productions"].pages_bar
    assert bar.values == PRODUCTION_PAGES
    widths = [r.width() for r in bar.segments(177.0)]
    assert [round(w) for w in widths] == [120, 45, 12]  # one pixel a page at 177 wide


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_vaughn_page_with_its_charts_at_1366x768(window, qtbot, case_path, dark):
    app = QApplication.instance()
    palette = app.palette()
    QApplication.setPalette(theme._palette(dark))
    try:
        assert window.open_case(case_path)
        _show(window, "vaughn")
        _settle(window, qtbot)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        qtbot.wait(50)  # the charts' new height laid out, as the next frame would
        shot = window.grab()
        assert shot.width() == 1366
        name = "dark" if dark else "light"
        assert shot.save(str(SCREENSHOTS / f"vaughn-charts-{name}.png"))
        _show(window, "productions")
        _settle(window, qtbot)
        window.lists["productions"].select_id(1)
        qtbot.wait(50)
        assert window.grab().save(str(SCREENSHOTS / f"production-pages-{name}.png"))
        # Every bar is tall enough to click and inside the chart.
        chart = window.vaughn.charts.exemptions
        for rect in chart.bar_rects():
            assert rect.height() >= 14 and rect.bottom() <= chart.height()
    finally:
        QApplication.setPalette(palette)


def test_a_row_taller_than_a_page_breaks_between_lines_and_loses_none(qapp, tmp_path):
    from casefile.printouts import Block, Column, Printout

    # One cell of 150 numbered lines: more than two portrait pages at 10.5 pt.
    lines = [f"Line {n:03d} of the long justification." for n in range(1, 151)]
    printout = Printout("One long entry", "Doe Press v. DHS", date(2024, 6, 3), [Block(
        columns=(Column("No.", 1), Column("Justification", 10)),
        rows=[("1", "\n".join(lines)), ("2", "The next entry.")])])
    target = tmp_path / "long.pdf"
    pages = printing.paint(printing.pdf_printer(target), printout)
    assert pages == _pages(target) >= 3
    texts = [_pdftotext(target, n) for n in range(1, pages + 1)]
    assert all("No. Justification" in t for t in texts)  # the headings on every page
    found = [n for n in range(1, 151) for t in texts if f"Line {n:03d} of" in t]
    assert found == list(range(1, 151))  # each line once, in order: none cut in two
    assert "The next entry." in texts[-1]


def test_a_document_that_is_not_a_pdf_gets_one_sentence(qapp, case_path, tmp_path):
    from casefile.errors import InputError
    from casefile.ingest import import_files
    from casefile.store.models import Document

    note = tmp_path / "call notes.txt"
    note.write_text("Called the FOIA officer about the second release.\n")
    with CaseFile.open(case_path) as case:
        import_files(case, [note], ocr=False)
        with case.reading() as s:
            document_id = s.query(Document.id).filter(Document.media_type == "text/plain") \
                .scalar()
            with pytest.raises(InputError, match=r"^call notes.txt is not a PDF, so it cannot "
                                                 r"be printed from here"):
                printing._document(s, document_id)


def test_the_charts_count_again_after_the_index_changes(window, qtbot, case_path):
    from casefile.store.models import Disposition, Record

    assert window.open_case(case_path)
    _show(window, "vaughn")
    _settle(window, qtbot)
    with window.case.transaction() as s:  # entries 1–10 now withheld in full (3 pages)
        for record in s.query(Record).filter(Record.position <= 10):
            record.disposition = Disposition.WITHHELD_IN_FULL
    window.vaughn.refresh()
    _settle(window, qtbot)
    # Released in part: entries 11–30 at 2 pages; withheld in full: 1–10 at 2, 31–60 at 3.
    assert {b.label: b.value for b in window.vaughn.charts.dispositions.bars} == {
        "Released in part": 40, "Withheld in full": 110}


def test_file_menu_offers_print_with_ctrl_p_once_a_case_is_open(window, case_path):
    from PySide6.QtGui import QKeySequence

    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    printer, preview = actions["&Print…"], actions["Print Pre&view…"]
    assert printer.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert printer.shortcut().toString() == "Ctrl+P"
    assert not printer.isEnabled() and not preview.isEnabled()  # no case yet
    assert window.open_case(case_path)
    assert printer.isEnabled() and preview.isEnabled()


def test_the_print_dialog_accepted_prints_to_the_file_it_offers(window, qtbot, case_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo

    if QPrinterInfo.availablePrinters():
        pytest.skip("a printer is installed here: the dialog would offer it, not a file")
    assert window.open_case(case_path)
    _show(window, "deadlines")
    window.deadlines.set_today(TODAY)
    _settle(window, qtbot)
    seen = []

    def accept() -> None:  # the user presses Print in Qt's own dialog
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        assert isinstance(dialog, QPrintDialog)
        dialog.accept()

    QTimer.singleShot(300, accept)
    window.print_section(choice=0)
    _settle(window, qtbot)
    assert seen == ["Print the deadlines"]
    target = case_path.parent / "Deadlines.pdf"  # beside the case, named for what it holds
    text = _pdftotext(target)
    assert CAPTION in text and ENTERED in text


def test_file_print_on_the_requests_page_prints_the_chosen_requests_chronology(
        window, qtbot, case_path, tmp_path):
    from casefile.printouts import chronology_printout

    assert window.open_case(case_path)
    _show(window, "requests")
    _settle(window, qtbot)
    window.lists["requests"].model.wait()
    assert window.lists["requests"].current_id() == 1
    options = printing.section_printables(window)
    assert [o.what for o in options] == ["the exhaustion chronology of this request",
                                         "the exhaustion chronology of every request"]
    target = tmp_path / "chronology.pdf"
    window.print_section(choice=0, printer=printing.pdf_printer(target))
    _settle(window, qtbot)
    text = _pdftotext(target)
    today = window.deadlines.today()
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        rows = chronology_printout(s, today, 1).blocks[0].rows
    assert "ICE 2024-ICFO-00071: Records concerning Operation Harbor" in text
    for _no, _day, sentence in rows:
        assert " ".join(sentence.split()) in text
