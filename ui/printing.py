"""Printing: a printout's tables, or a stored PDF's pages, on a QPrinter.

``casefile.printouts`` says what a printout holds (titled tables of text);
this module puts it on paper: every page has the case caption and the date
printed at its head and "Page X of Y" at its foot; a table's column headings
repeat at the top of each page it runs onto; a row is never split between
pages unless it is taller than a whole page (then it breaks between lines).
A stored PDF prints as page images rendered by QtPdf, each scaled to fit
under the same header.

``paint`` is the one path: the print dialog's printer, the preview's, and a
test's PDF file all go through it. It runs on the case worker (QPainter may
paint a QPrinter off the UI thread; Qt's documentation allows it for QImage,
QPrinter and QPicture), so printing a 20,000-entry index never stalls the
window; the preview paints on the UI thread, as QPrintPreviewDialog asks.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from casefile.dates import long_date
from casefile.errors import CasefileError, NotWritable
from casefile.printouts import Block, DocumentPages, Printout
from ui.none_guard import keep_none_alive

FAMILIES = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]  # the first one installed
MARGIN_IN = 0.6  # every edge: past the 3/8 in. printers clip, with room for the header
HEADER_PT = 9.0
PAD_PT = 2.5  # inside a table cell
WORD_FLOOR = 16  # a column is never narrower than its longest word, up to this many letters
DOCUMENT_DPI = 200  # a stored page's image: sharp on paper, a few MB a page at most

Progress = Callable[[int, int, str], None]


def font(size: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(FAMILIES)
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def new_printer(landscape: bool = False) -> QPrinter:
    """A printer on US Letter with our margins, in the orientation the printout wants."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                               else QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(*(MARGIN_IN * 72,) * 4), QPageLayout.Unit.Point)
    return printer


def pdf_printer(target: Path, landscape: bool = False) -> QPrinter:
    """A printer writing ``target`` as PDF: what a test or benchmark prints through."""
    printer = new_printer(landscape)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def paint(printer: QPrinter, content: Printout | DocumentPages, progress: Progress | None = None,
          cancelled: Callable[[], bool] = lambda: False, *, layout: Layout | None = None,
          limit: int | None = None) -> int:
    """Print ``content`` on ``printer`` (the pages its range asks for, at most ``limit``);
    return how many pages were printed. ``layout``: the printout already laid out for
    this printer (reused when the page is still the same). Raises CasefileError with a
    sentence when it cannot."""
    keep_none_alive()  # a long print makes a million void calls (ui/none_guard.py)
    if isinstance(content, DocumentPages):
        return _paint_document(printer, content, progress, cancelled, limit)
    if layout is None or layout.key != _page_key(printer):
        layout = Layout(content, printer, progress, cancelled)
    if cancelled():
        return 0
    return layout.paint(printer, progress, cancelled, limit)


def _page_key(printer: QPrinter) -> tuple:
    """What a layout depends on: the resolution and the size of the printable area."""
    dpi = printer.resolution()
    rect = printer.pageLayout().paintRectPixels(dpi)
    return dpi, rect.width(), rect.height()


def _range(printer: QPrinter, total: int) -> range:
    """The pages (0-based) the printer's range asks for, within 1..total."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first <= 0:
        return range(total)
    last = min(last if last > 0 else total, total)
    return range(max(first, 1) - 1, last)


def _begin(painter: QPainter, printer: QPrinter) -> None:
    if not painter.begin(printer):
        name = printer.outputFileName()
        if name:
            raise NotWritable(f"Could not write {Path(name).name or name}: check the folder "
                              "can be written to, and that a file name is given.")
        raise CasefileError("The printer could not be started; check it is connected and "
                            "try again.")


# --- laying a printout out -----------------------------------------------------------------


@dataclass
class _Piece:
    """Something placed on a page at ``y`` (device pixels below the body's top)."""

    kind: str  # "title", "heading", "text", "head" (a table's headings) or "row"
    block: int
    row: int  # the row, or the paragraph, in its block
    y: float
    height: float  # as placed on this page
    offset: float = 0.0  # of a row taller than a page: how much of it earlier pages hold


class Layout:
    """Where each part of a printout falls on which page, measured for one printer."""

    def __init__(self, printout: Printout, printer: QPrinter, progress: Progress | None = None,
                 cancelled: Callable[[], bool] = lambda: False) -> None:
        keep_none_alive()  # laying out and painting make a million void calls
        self.printout = printout
        self.key = _page_key(printer)
        dpi = printer.resolution()
        self.px = dpi / 72.0  # device pixels per point
        rect = printer.pageLayout().paintRectPixels(dpi)
        self.width, page_height = float(rect.width()), float(rect.height())
        self.fonts = {"body": font(printout.font_size), "bold": font(printout.font_size, True),
                      "header": font(HEADER_PT), "header_bold": font(HEADER_PT, True),
                      "title": font(14, True), "subtitle": font(11),
                      "heading": font(11.5, True), "text": font(10.5)}
        self.metrics = {k: QFontMetricsF(f, printer) for k, f in self.fonts.items()}
        self.device = printer
        self._rule = QPen(QColor("#8a9099"), 0.6 * self.px)
        self._split: set[tuple[int, int]] = set()  # (block, row) of rows broken across pages
        self.pad = PAD_PT * self.px
        header_lines = 2 if printout.marking else 1
        self.header_height = self.metrics["header"].lineSpacing() * (header_lines + 1) \
            + 6 * self.px
        self.footer_height = self.metrics["header"].lineSpacing() + 6 * self.px
        self.body_top = self.header_height
        self.body_height = page_height - self.header_height - self.footer_height
        self.page_height = page_height
        self.widths: dict[int, list[float]] = {}
        self.pages: list[list[_Piece]] = [[]]
        self._flow(progress, cancelled)

    # --- measuring ------------------------------------------------------------------------

    def _text_height(self, text: str, key: str, width: float) -> float:
        return _height(text, self.fonts[key], self.metrics[key], self.device, width)

    def _columns(self, block: Block) -> list[float]:
        """Column widths shared by weight, none narrower than its longest word (of the
        header or the first rows, up to WORD_FLOOR letters): a column its share leaves
        too narrow gets its floor, and the others share what is left."""
        body, bold = self.metrics["body"], self.metrics["bold"]
        floors = []
        for i, column in enumerate(block.columns):
            words = [(w, bold) for w in column.title.split()]
            if column.whole:  # a date is never broken: its widest line is the floor
                widest = max((body.horizontalAdvance(line) for row in block.rows[:300]
                              for line in row[i].split("\n")), default=0)
                words.append(("", body))
            else:
                words += [(w, body) for row in block.rows[:300] for w in row[i].split()]
                widest = 0
            widest = max([widest] + [m.horizontalAdvance(w[:WORD_FLOOR]) for w, m in words])
            floors.append(widest + 2 * self.pad + self.px)
        if sum(floors) >= self.width:
            return [self.width * f / sum(floors) for f in floors]
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(floors)) if i not in fixed]
            room = self.width - sum(fixed.values())
            weights = sum(block.columns[i].weight for i in free)
            share = {i: room * block.columns[i].weight / weights for i in free}
            short = {i: floors[i] for i in free if share[i] < floors[i]}
            if not short:
                return [fixed.get(i, share.get(i, 0.0)) for i in range(len(floors))]
            fixed.update(short)

    def _row_height(self, cells: tuple[str, ...], widths: list[float], key: str) -> float:
        inner = [w - 2 * self.pad for w in widths]
        return max(self._text_height(t, key, w) for t, w in zip(cells, inner, strict=True)) \
            + 2 * self.pad

    # --- flowing onto pages -------------------------------------------------------------

    def _flow(self, progress: Progress | None, cancelled: Callable[[], bool]) -> None:
        p = self.printout
        self.y = 0.0
        title = self.metrics["title"].lineSpacing() * 1.6
        if p.subtitle:
            title += self._text_height(p.subtitle, "subtitle", self.width)
        self._place("title", -1, 0, title + 8 * self.px)
        total, done = max(p.rows, 1), 0
        # Tables with the same columns (the agenda's groups) get the same widths, from
        # the rows of them all.
        shared: dict[tuple, list[float]] = {}
        for columns in {b.columns for b in p.blocks if b.columns}:
            rows = [r for b in p.blocks if b.columns == columns for r in b.rows[:300]]
            shared[columns] = self._columns(Block(columns=columns, rows=rows))
        for b, block in enumerate(p.blocks):
            widths = self.widths[b] = shared.get(block.columns, [])
            head = self._row_height(tuple(c.title for c in block.columns), widths, "bold") \
                if block.columns else 0.0
            first_row = self._row_height(block.rows[0], widths, "body") if block.rows else 0.0
            lead = []
            if block.heading:
                lead.append(("heading", 0, self._text_height(block.heading, "heading",
                                                             self.width) + 8 * self.px))
            for n, text in enumerate(block.paragraphs):
                lead.append(("text", n, self._text_height(text, "text", self.width)
                             + 5 * self.px))
            # A heading is kept with what follows it: its paragraphs, and the table's
            # headings and first row.
            keep = sum(h for *_, h in lead) + head + min(first_row, self.body_height / 3)
            if self.y and self.y + keep > self.body_height:
                self._new_page()
            for kind, n, height in lead:
                self._place(kind, b, n, height)
            if not block.columns or not block.rows:
                self.y += 6 * self.px
                continue
            self._place("head", b, 0, head)
            for r, row in enumerate(block.rows):
                if done % 500 == 0:
                    if cancelled():
                        return
                    if progress is not None:
                        progress(done, total, "Laying out the pages")
                done += 1
                height = first_row if r == 0 else self._row_height(row, widths, "body")
                self._place_row(b, r, height, head)
            self.y += 10 * self.px

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def _place(self, kind: str, block: int, row: int, height: float) -> None:
        if self.y and self.y + height > self.body_height:
            self._new_page()
        self.pages[-1].append(_Piece(kind, block, row, self.y, height))
        self.y += height

    def _place_row(self, block: int, row: int, height: float, head: float) -> None:
        fits_a_page = height <= self.body_height - head
        # A row moves to the next page whole; one taller than any page starts here if a
        # few of its lines fit, and breaks.
        room = self.body_height - self.y
        if self.y + height > self.body_height and (
                fits_a_page or room < 4 * self.metrics["body"].lineSpacing()):
            self._new_page()
            self._place("head", block, 0, head)  # the column headings, again
        if self.y + height <= self.body_height:
            self.pages[-1].append(_Piece("row", block, row, self.y, height))
            self.y += height
            return
        # Taller than a page: broken between two lines of text, page after page. Such
        # a row is laid out (and drawn) line by line, so that each page draws only
        # the lines it shows: clipped text would still be in the PDF, found twice by
        # a search or a copy.
        self._split.add((block, row))
        cells = self.printout.blocks[block].rows[row]
        widths = [w - 2 * self.pad for w in self.widths[block]]
        laid = [_laid_out(t, self.fonts["body"], self.device, w)
                for t, w in zip(cells, widths, strict=True)]
        height = max(h for _l, h in laid) + 2 * self.pad
        first = next((layout.lineAt(0) for layouts, _h in laid for layout in layouts
                      if layout.lineCount()), None)
        line = first.height() + self.metrics["body"].leading() if first is not None \
            else self.metrics["body"].lineSpacing()
        offset = 0.0
        while offset < height:
            room = self.body_height - self.y
            # Breaks fall at pad + n lines in the row's own terms, so that each
            # page after the first starts exactly on a line.
            lead = self.pad if offset == 0 else 0.0
            part = min(height - offset, lead + max(line, (room - lead) // line * line))
            self.pages[-1].append(_Piece("row", block, row, self.y, part, offset))
            offset += part
            self.y += part
            if offset < height:
                self._new_page()
                self._place("head", block, 0, head)

    # --- painting -----------------------------------------------------------------------

    def paint(self, printer: QPrinter, progress: Progress | None = None,
              cancelled: Callable[[], bool] = lambda: False, limit: int | None = None) -> int:
        wanted = _range(printer, len(self.pages))[:limit]
        painter = QPainter()
        _begin(painter, printer)
        printed = 0
        try:
            for n in wanted:
                if cancelled():
                    break
                if progress is not None and n % 10 == 0:
                    progress(printed, len(wanted), f"Printing page {n + 1:,} of "
                                                   f"{len(self.pages):,}")
                if printed and not printer.newPage():
                    raise CasefileError("The printer stopped taking pages; nothing more "
                                        "was printed.")
                self._paint_page(painter, n)
                printed += 1
        finally:
            painter.end()
        return printed

    def _paint_page(self, painter: QPainter, n: int) -> None:
        _header(painter, self.printout.caption, self.printout.printed_on, self.printout.title,
                self.printout.marking, self.width, self.px)
        _footer(painter, n + 1, len(self.pages), self.width, self.page_height, self.px)
        painter.save()
        painter.translate(0, self.body_top)
        for piece in self.pages[n]:
            getattr(self, f"_paint_{piece.kind}")(painter, piece)
        self._paint_rules(painter, self.pages[n])
        painter.restore()

    def _paint_rules(self, painter: QPainter, pieces: list[_Piece]) -> None:
        """The lines between columns, once for each run of a table's rows on the page
        (once per row, they were a tenth of the time a large index took to print)."""
        painter.setPen(self._rule)
        runs: list[list[_Piece]] = []
        for piece in pieces:
            if piece.kind not in ("head", "row"):
                continue
            if runs and runs[-1][-1].block == piece.block and \
                    abs(runs[-1][-1].y + runs[-1][-1].height - piece.y) < 0.5:
                runs[-1].append(piece)
            else:
                runs.append([piece])
        for run in runs:
            top, bottom = run[0].y, run[-1].y + run[-1].height
            x = 0.0
            for width in self.widths[run[0].block][:-1]:
                x += width
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))

    def _paint_title(self, painter: QPainter, piece: _Piece) -> None:
        p = self.printout
        painter.setPen(QColor("black"))
        painter.setFont(self.fonts["title"])
        line = self.metrics["title"].lineSpacing()
        painter.drawText(QRectF(0, piece.y, self.width, line * 1.6),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, p.title)
        if p.subtitle:
            _draw(painter, p.subtitle, self.fonts["subtitle"], self.metrics["subtitle"], QRectF(
                0, piece.y + line * 1.6, self.width, piece.height), Qt.AlignmentFlag.AlignHCenter)

    def _paint_heading(self, painter: QPainter, piece: _Piece) -> None:
        _draw(painter, self.printout.blocks[piece.block].heading, self.fonts["heading"],
              self.metrics["heading"],
              QRectF(0, piece.y + 4 * self.px, self.width, piece.height))

    def _paint_text(self, painter: QPainter, piece: _Piece) -> None:
        _draw(painter, self.printout.blocks[piece.block].paragraphs[piece.row],
              self.fonts["text"], self.metrics["text"],
              QRectF(0, piece.y, self.width, piece.height))

    def _paint_head(self, painter: QPainter, piece: _Piece) -> None:
        block = self.printout.blocks[piece.block]
        self._paint_cells(painter, piece, tuple(c.title for c in block.columns), "bold",
                          QColor("#e4e7ec"))

    def _paint_row(self, painter: QPainter, piece: _Piece) -> None:
        self._paint_cells(painter, piece, self.printout.blocks[piece.block].rows[piece.row],
                          "body", None)

    def _paint_lines(self, painter: QPainter, piece: _Piece, cells: tuple[str, ...],
                     key: str) -> None:
        """A row broken between pages: the lines of each cell this page shows."""
        top, bottom = piece.y, piece.y + piece.height
        painter.setFont(self.fonts[key])
        painter.setPen(_BLACK)
        x = 0.0
        for text, width in zip(cells, self.widths[piece.block], strict=True):
            origin = QPointF(x + self.pad, piece.y + self.pad - piece.offset)
            layouts, _height = _laid_out(text, self.fonts[key], self.device,
                                         width - 2 * self.pad)
            for layout in layouts:
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    y = origin.y() + line.y()
                    if y >= top - 0.5 and y + line.height() <= bottom + 0.5:
                        line.draw(painter, origin)
            x += width

    def _paint_cells(self, painter: QPainter, piece: _Piece, cells: tuple[str, ...], key: str,
                     shade: QColor | None) -> None:
        block = self.printout.blocks[piece.block]
        widths = self.widths[piece.block]
        top, height = piece.y, piece.height
        if shade is not None:
            painter.fillRect(QRectF(0, top, sum(widths), height), shade)
        if piece.kind == "row" and (piece.block, piece.row) in self._split:
            self._paint_lines(painter, piece, cells, key)
        else:
            x = 0.0
            for text, width, column in zip(cells, widths, block.columns, strict=True):
                rect = QRectF(x + self.pad, top + self.pad, width - 2 * self.pad, height)
                align = _RIGHT if column.numeric else _LEFT
                _draw(painter, text, self.fonts[key], self.metrics[key], rect, align)
                x += width
        painter.setPen(self._rule)
        painter.drawRect(QRectF(0, top, sum(widths), height))


def _laid_out(text: str, f: QFont, device, width: float) -> tuple[list[QTextLayout], float]:
    """The text wrapped at words (or anywhere, for a word wider than the column), one
    QTextLayout per line of the source, and the height they take."""
    text = _joined(text)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layouts, height = [], 0.0
    leading = QFontMetricsF(f, device).leading()
    for part in text.split("\n"):
        layout = QTextLayout(part, f, device)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, height))
            height += line.height() + leading
        layout.endLayout()
        layouts.append(layout)
    return layouts, height


# Qt's own word wrap, laid out in C++ in one call: ten times faster than a
# QTextLayout driven line by line from Python. It cannot break a word too wide
# for its column, so a cell holding one (a long URL, a run of digits) goes
# through QTextLayout, which can. Columns are as wide as their longest word up
# to WORD_FLOOR letters, so only a longer word can be too wide.
_WRAP = Qt.TextFlag.TextWordWrap
_LONG_WORD = re.compile(r"\S{" + str(WORD_FLOOR + 1) + ",}")
_BLACK = QColor("black")
_LEFT, _RIGHT, _CENTRE = (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight,
                          Qt.AlignmentFlag.AlignHCenter)
# Each alignment's flags for drawText, combined once (enum arithmetic is slow in Python).
_FLAGS = {a: a | Qt.AlignmentFlag.AlignTop | _WRAP for a in (_LEFT, _RIGHT, _CENTRE)}


def _joined(text: str) -> str:
    """Never a line break inside "(b)(7)(C)" or "§ 552(a)(6)(A)": a word joiner between
    ")(" (it draws nothing, and nothing of it reaches the PDF's text)."""
    return text.replace(")(", ")\u2060(")


def _too_wide(text: str) -> bool:
    return _LONG_WORD.search(text) is not None


def _height(text: str, f: QFont, metrics: QFontMetricsF, device, width: float) -> float:
    """The height ``text`` takes wrapped to ``width``, as ``_draw`` draws it."""
    text = _joined(text)
    if "\n" not in text and metrics.horizontalAdvance(text) <= width:
        return metrics.lineSpacing()  # most cells: one line, no layout needed
    if _too_wide(text):
        return _laid_out(text, f, device, width)[1]
    return metrics.boundingRect(QRectF(0, 0, width, 1e9), _WRAP, text).height()


def _draw(painter: QPainter, text: str, f: QFont, metrics: QFontMetricsF, rect: QRectF,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
    """Wrapped text in ``rect`` (its top-left and width; the height is not a limit)."""
    text = _joined(text)
    painter.setFont(f)
    painter.setPen(_BLACK)
    if not _too_wide(text):  # one line or many, Qt wraps it in one call
        painter.drawText(QRectF(rect.x(), rect.y(), rect.width(), 1e9), _FLAGS[align], text)
        return
    layouts, _height = _laid_out(text, f, painter.device(), rect.width())
    for layout in layouts:
        if align & Qt.AlignmentFlag.AlignHCenter or align & Qt.AlignmentFlag.AlignRight:
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                spare = rect.width() - line.naturalTextWidth()
                shift = spare / 2 if align & Qt.AlignmentFlag.AlignHCenter else spare
                line.setPosition(QPointF(shift, line.position().y()))
        layout.draw(painter, rect.topLeft())


def _header(painter: QPainter, caption: str, printed_on: date, title: str, marking: str,
            width: float, px: float) -> None:
    """The case caption and title at the left, the date printed at the right, a rule."""
    regular, bold = font(HEADER_PT), font(HEADER_PT, True)
    line = QFontMetricsF(regular, painter.device()).lineSpacing()
    painter.setPen(QColor("black"))
    painter.setFont(bold)
    when = f"Printed {long_date(printed_on)}"
    when_width = QFontMetricsF(regular, painter.device()).horizontalAdvance(when) + 12 * px
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    elide = QFontMetricsF(bold, painter.device()).elidedText
    painter.drawText(QRectF(0, 0, width - when_width, line), left,
                     elide(caption, Qt.TextElideMode.ElideRight, width - when_width))
    painter.setFont(regular)
    painter.drawText(QRectF(0, 0, width, line),
                     Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, when)
    painter.drawText(QRectF(0, line, width, line), left, QFontMetricsF(
        regular, painter.device()).elidedText(title, Qt.TextElideMode.ElideRight, width))
    rule = line * 2
    if marking:
        painter.setFont(bold)
        painter.setPen(QColor("#b00000"))
        painter.drawText(QRectF(0, rule, width, line), Qt.AlignmentFlag.AlignHCenter, marking)
        rule += line
    painter.setPen(QPen(QColor("black"), 0.7 * px))
    painter.drawLine(QPointF(0, rule + 2 * px), QPointF(width, rule + 2 * px))


def _footer(painter: QPainter, number: int, total: int, width: float, height: float,
            px: float) -> None:
    f = font(HEADER_PT)
    painter.setFont(f)
    painter.setPen(QColor("black"))
    line = QFontMetricsF(f, painter.device()).lineSpacing()
    painter.drawText(QRectF(0, height - line, width, line),
                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                     f"Page {number:,} of {total:,}")


# --- a stored PDF ----------------------------------------------------------------------------


def _paint_document(printer: QPrinter, doc: DocumentPages, progress: Progress | None,
                    cancelled: Callable[[], bool], limit: int | None = None) -> int:
    from PySide6.QtPdf import QPdfDocument

    pdf = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(doc.data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    pdf.load(buffer)
    if pdf.status() != QPdfDocument.Status.Ready or pdf.pageCount() == 0:
        raise CasefileError(f"{doc.name} could not be read as a PDF, so it was not printed.")
    total = pdf.pageCount()
    wanted = _range(printer, total)[:limit]
    dpi = printer.resolution()
    px = dpi / 72.0
    rect = printer.pageLayout().paintRectPixels(dpi)
    width, height = float(rect.width()), float(rect.height())
    line = QFontMetricsF(font(HEADER_PT), printer).lineSpacing()
    top = line * 3 + 6 * px
    room = QRectF(0, top, width, height - top - line - 6 * px)
    painter = QPainter()
    _begin(painter, printer)
    printed = 0
    try:
        for n in wanted:
            if cancelled():
                break
            if progress is not None:
                progress(printed, len(wanted), f"Printing page {n + 1:,} of {total:,}")
            if printed and not printer.newPage():
                raise CasefileError("The printer stopped taking pages; nothing more was "
                                    "printed.")
            _header(painter, doc.caption, doc.printed_on, doc.title or doc.name, "", width, px)
            _footer(painter, n + 1, total, width, height, px)
            points = pdf.pagePointSize(n)
            scale = min(room.width() / points.width(), room.height() / points.height())
            target = QRectF(0, 0, points.width() * scale, points.height() * scale)
            target.moveCenter(room.center())
            target.moveTop(room.top())
            pixels = QSize(round(points.width() / 72 * DOCUMENT_DPI),
                           round(points.height() / 72 * DOCUMENT_DPI))
            image = pdf.render(n, pixels)
            painter.drawImage(target, image)
            painter.setPen(QPen(QColor("#8a9099"), 0.5 * px))
            painter.drawRect(target)
            printed += 1
    finally:
        painter.end()
        pdf.close()
    return printed


# --- from the window -------------------------------------------------------------------------


@dataclass
class Printable:
    """What File > Print prints in a section: a name for the dialog and a builder run
    on the worker with the case open for reading."""

    what: str  # "the Vaughn index", for the dialog's title and the status line
    build: Callable  # (session, progress, cancelled) -> Printout | DocumentPages
    landscape: bool = False
    page_count: int | None = None  # a document's pages, for the dialog's range


def print_with_dialog(parent: QWidget, worker, case, printable: Printable,
                      on_status: Callable[[str], None], on_failed: Callable[[str], None],
                      printer: QPrinter | None = None) -> QPrinter | None:
    """Ask for a printer (unless ``printer`` is given), then build and print on the
    worker; the status line says how many pages went out. Returns the printer used."""
    from ui.worker import Job

    if printer is None:
        printer = new_printer(printable.landscape)
        name = printable.what.removeprefix("the ")
        printer.setDocName(name[0].upper() + name[1:])
        if not QPrinterInfo.availablePrinters():
            # No printer installed: the dialog offers a PDF file, named for what it holds,
            # beside the case (Qt's own default is the home folder itself, not a file).
            printer.setOutputFileName(str(case.folder / f"{printer.docName()}.pdf"))
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Print {printable.what}")
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, printable.page_count or 9999)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None

    def work(progress, cancel):
        def cancelled() -> bool:
            return cancel.cancelled

        progress(0, 1, f"Preparing {printable.what}")
        with case.reading() as s:
            content = printable.build(s, progress, cancelled)
        return paint(printer, content, progress, cancelled)

    def done(pages: int) -> None:
        _thaw()
        where = printer.outputFileName()
        on_status(f"Printed {printable.what}: {pages:,} page{'s' if pages != 1 else ''}"
                  + (f" to {Path(where).name}." if where else "."))

    def failed(message: str) -> None:
        _thaw()
        on_failed(message)

    _freeze()
    worker.submit(Job(f"Printing {printable.what}", work, on_done=done, on_failed=failed,
                      on_cancelled=_thaw))
    return printer


# The window collects reference cycles on the UI thread (ui/collector.py), and a
# full collection walks every object the window holds: measured at 296 ms while a
# 20,000-entry index printed, the one stall of the window then. While a print
# runs, what the window held before it is frozen out of the collector (gc.freeze),
# so each collection looks only at what is new; the print's end thaws it.
_frozen = 0


def _freeze() -> None:
    global _frozen
    if not _frozen:
        gc.freeze()
    _frozen += 1


def _thaw() -> None:
    global _frozen
    _frozen = max(_frozen - 1, 0)
    if not _frozen:
        gc.unfreeze()


PREVIEW_PAGES = 40  # the preview paints on the UI thread: this many pages at most


def show_preview(parent: QWidget, worker, case, printable: Printable,
                 on_failed: Callable[[str], None],
                 on_status: Callable[[str], None] | None = None) -> None:
    """Build and lay out on the worker, then show Qt's print preview. QPrintPreviewDialog
    paints on the UI thread, so it shows at most PREVIEW_PAGES pages (its title says
    so); its Print button prints every page, on the worker, as File > Print does."""
    from ui.worker import Job

    printer = new_printer(printable.landscape)

    def work(progress, cancel):
        def cancelled() -> bool:
            return cancel.cancelled

        with case.reading() as s:
            content = printable.build(s, progress, cancelled)
        if isinstance(content, DocumentPages):
            return content, None, content.page_count
        layout = Layout(content, printer, progress, cancelled)
        return content, layout, len(layout.pages)

    def done(result) -> None:
        content, layout, total = result
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.printer_kept = printer  # Qt holds only a pointer: Python must keep it alive
        title = f"Print preview: {printable.what}"
        if total > PREVIEW_PAGES:
            title += (f" (the first {PREVIEW_PAGES} of {total:,} pages; Print prints "
                      "them all)")
        dialog.setWindowTitle(title)
        dialog.resize(1100, 760)

        def draw(target: QPrinter) -> None:
            if _previewing(target):
                try:
                    paint(target, content, layout=layout, limit=PREVIEW_PAGES)
                except CasefileError as exc:
                    on_failed(exc.message)
                return

            # The preview's Print button: every page, on the worker (the closure keeps
            # the printer alive after the dialog is gone).
            def work_all(progress, cancel):
                return paint(target, content, progress, lambda: cancel.cancelled,
                             layout=layout)

            def printed(pages: int) -> None:
                if on_status is not None:
                    on_status(f"Printed {printable.what}: {pages:,} page"
                              f"{'s' if pages != 1 else ''}.")

            worker.submit(Job(f"Printing {printable.what}", work_all, on_done=printed,
                              on_failed=on_failed))

        dialog.paintRequested.connect(draw)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    worker.submit(Job(f"Preparing {printable.what} for the preview", work, on_done=done,
                      on_failed=on_failed))


def _previewing(printer: QPrinter) -> bool:
    """Whether Qt's preview is painting (its own engine records pictures), not printing."""
    from PySide6.QtGui import QPaintEngine

    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def section_printables(window) -> list[Printable]:
    """What the window's current section can print: its view's printouts, the chosen
    request's chronology, or the chosen document."""
    from ui.main_window import SECTIONS

    row = window.navigator.currentRow()
    key = SECTIONS[row][2] if 0 <= row < len(SECTIONS) and window.case is not None else ""
    if key in ("vaughn", "deadlines"):
        return getattr(window, key).printables()
    today = window.deadlines.today()
    if key == "requests":
        request_id = window.lists["requests"].current_id()
        chronology = [Printable("the exhaustion chronology of every request",
                                lambda s, _p, _c: _chronology(s, today, None))]
        if request_id is None:
            return chronology
        return [Printable("the exhaustion chronology of this request",
                          lambda s, _p, _c: _chronology(s, today, request_id)), *chronology]
    if key == "documents":
        document_id = window.lists["documents"].current_id()
        if document_id is None:
            return []
        with window.case.reading() as s:
            from casefile.printouts import document_heading

            found = document_heading(s, document_id)
        if found is None:
            return []
        name, pages = found
        return [Printable(name, lambda s, _p, _c: _document(s, document_id),
                          page_count=pages or None)]
    return []


def _chronology(session, today: date, request_id: int | None) -> Printout:
    from casefile.printouts import chronology_printout

    return chronology_printout(session, today, request_id)


def _document(session, document_id: int) -> DocumentPages:
    from casefile.printouts import stored_pdf

    return stored_pdf(session, document_id, date.today())


def print_section(window, *, preview: bool = False, choice: int | None = None,
                  printer: QPrinter | None = None) -> Printable | None:
    """File > Print (or Print Preview) for the section shown: asks what to print when
    there is more than one thing; returns what was chosen (None: nothing)."""
    from PySide6.QtWidgets import QInputDialog

    options = section_printables(window)
    if not options:
        window._say_briefly(
            "Nothing to print here: printing covers the deadlines, the chronology (from "
            "Deadlines or Requests), a Vaughn index and its review, and a PDF document.")
        return None
    if choice is None:
        choice = 0
        if len(options) > 1:
            names = [o.what[0].upper() + o.what[1:] for o in options]
            picked, ok = QInputDialog.getItem(window, "Print", "What to print:", names, 0,
                                              False)
            if not ok:
                return None
            choice = names.index(picked)
    chosen = options[choice]
    if preview:
        show_preview(window, window.worker, window.case, chosen, window._error,
                     window._say_briefly)
    else:
        print_with_dialog(window, window.worker, window.case, chosen,
                          window._say_briefly,
                          window._error, printer=printer)
    return chosen
