"""The whole case on one time axis: a lane per kind of event, zoomable, each mark an item.

The events come from ``casefile.timeline``, read on the case-file worker; the
canvas paints from that list in memory, only what is in view, so a 2,000-letter
case paints in a few milliseconds. Marks closer than a few pixels in a lane are
drawn as one, with their count: clicking it zooms to them, or, when they fall
on one day, offers them in a menu. Hovering names what a mark stands for;
clicking a single mark opens its item where the window keeps it.

The same painting writes the PNG and the PDF for a brief's appendix, on white,
with a title, the lanes and a legend, whatever the window's theme.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QScrollBar,
    QSizePolicy,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from casefile.dates import long_date
from casefile.errors import CasefileError, from_os_error
from casefile.store import CaseFile
from casefile.timeline import LANES, MET, MISSED, PENDING, Event, Timeline, timeline
from ui import icons, theme
from ui.worker import CaseWorker, Job

LANE_TITLE_W = 118  # the lane names' column
AXIS_H = 30  # the date axis along the top
LEGEND_H = 26  # the key along the bottom
MIN_LANE_H, MAX_LANE_H = 44, 96
CLUSTER_PX = 11  # marks nearer than this in one lane are drawn as one
MARK_R = 5.5
MAX_PPD = 160.0  # pixels per day at the closest zoom
ZOOM_STEP = 1.25
TOOLTIP_LINES = 12

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Colors:
    """What one painting uses: the window's palette, or paper for an export."""

    background: QColor
    band: QColor  # every other lane
    text: QColor
    quiet: QColor  # axis ticks, lane rules, cluster counts' rings
    fact: dict[str, QColor]  # a lane's colour for an event that is not a deadline
    met: QColor
    missed: QColor
    pending: QColor
    today: QColor

    @classmethod
    def window(cls) -> Colors:
        palette = QGuiApplication.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        link = palette.color(QPalette.ColorRole.Link)
        flag = theme.status_color(theme.FLAG)
        return cls(
            background=palette.color(QPalette.ColorRole.Base),
            band=palette.color(QPalette.ColorRole.AlternateBase),
            text=text, quiet=palette.color(QPalette.ColorRole.PlaceholderText),
            fact={"request": link, "letter": text, "appeal": flag, "production": link,
                  "court": flag, "deadline": text},
            met=theme.status_color(theme.OK), missed=theme.status_color(theme.OVERDUE),
            pending=theme.status_color(theme.DUE_SOON), today=link,
        )

    @classmethod
    def paper(cls) -> Colors:
        # Printed in a brief: dark enough to survive a greyscale copier.
        text, link, flag = QColor("#1d2127"), QColor("#1f57a3"), QColor("#6b3fc4")
        return cls(
            background=QColor("#ffffff"), band=QColor("#f2f4f7"), text=text,
            quiet=QColor("#6b7280"),
            fact={"request": link, "letter": text, "appeal": flag, "production": link,
                  "court": flag, "deadline": text},
            met=QColor("#146b45"), missed=QColor("#b42318"), pending=QColor("#8f5400"),
            today=link,
        )


@dataclass
class Mark:
    """One drawn mark: where it is, and the events it stands for."""

    x: float
    y: float
    r: float
    events: list[Event]

    def holds(self, point: QPointF) -> bool:
        return math.hypot(point.x() - self.x, point.y() - self.y) <= self.r + 3


def _status_rank(event: Event) -> int:
    return {MISSED: 3, PENDING: 2, MET: 1}.get(event.status, 0)


class Painter:
    """Paints a timeline into any rectangle: the canvas, an image, a PDF page."""

    def __init__(self, events: list[Event], today: date | None) -> None:
        self.events = events
        self.today = today
        self.lanes: dict[str, list[Event]] = {key: [] for key, _ in LANES}
        for event in events:
            self.lanes[event.lane].append(event)
        self.days = {key: [e.day.toordinal() for e in lane] for key, lane in self.lanes.items()}
    def paint(self, p: QPainter, width: float, height: float, start: float, ppd: float,
              colors: Colors, *, title: str | None = None) -> list[Mark]:
        """Draw the days from ``start`` (an ordinal, fractional) at ``ppd`` pixels a day."""
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(QRectF(0, 0, width, height), colors.background)
        font = QFont(p.font())
        font.setPixelSize(12)
        p.setFont(font)
        top = 0.0
        if title:
            bold = QFont(font)
            bold.setPixelSize(15)
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(colors.text)
            p.drawText(QRectF(10, 4, width - 20, 24), Qt.AlignmentFlag.AlignVCenter, title)
            p.setFont(font)
            top = 30.0
        plot_left, plot_right = LANE_TITLE_W, width - 8
        lane_h = max(MIN_LANE_H, min(MAX_LANE_H, (height - top - AXIS_H - LEGEND_H)
                                     / len(LANES)))
        lanes_top = top + AXIS_H
        # Lane bands and their names.
        for n, (_key, name) in enumerate(LANES):
            y = lanes_top + n * lane_h
            if n % 2:
                p.fillRect(QRectF(0, y, width, lane_h), colors.band)
            p.setPen(colors.text)
            p.drawText(QRectF(10, y, LANE_TITLE_W - 16, lane_h),
                       Qt.AlignmentFlag.AlignVCenter, name)
        lanes_bottom = lanes_top + len(LANES) * lane_h
        p.setClipRect(QRectF(plot_left, top, plot_right - plot_left, lanes_bottom - top))
        self._axis(p, top, lanes_bottom, plot_left, plot_right, start, ppd, colors)
        if self.today is not None:
            x = plot_left + (self.today.toordinal() - start) * ppd
            pen = QPen(colors.today, 1.5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, top + AXIS_H), QPointF(x, lanes_bottom))
            near_end = x > plot_right - 50
            # Just under the axis, where no tick's date is written.
            p.drawText(QRectF(x - 48 if near_end else x + 4, top + AXIS_H + 1, 44, 14),
                       Qt.AlignmentFlag.AlignRight if near_end else Qt.AlignmentFlag.AlignLeft,
                       "Today")
        marks: list[Mark] = []
        metrics = QFontMetrics(font)
        for n, (key, _name) in enumerate(LANES):
            y = lanes_top + n * lane_h + lane_h / 2
            marks += self._lane(p, key, y, lane_h, plot_left, plot_right, start, ppd, colors,
                                metrics)
        p.setClipping(False)
        self._legend(p, lanes_bottom, width, colors)
        p.restore()
        return marks

    # --- parts ---------------------------------------------------------------------------

    def _axis(self, p: QPainter, top: float, bottom: float, left: float, right: float,
              start: float, ppd: float, colors: Colors) -> None:
        first = date.fromordinal(max(1, int(start)))
        last = date.fromordinal(max(1, int(start + (right - left) / ppd) + 1))
        p.setPen(QPen(colors.quiet, 1))
        p.drawLine(QPointF(left, top + AXIS_H - 1), QPointF(right, top + AXIS_H - 1))
        for day, text in _ticks(first, last, ppd):
            x = left + (day.toordinal() - start) * ppd
            if x < left:
                continue  # its label would be cut by the lane names
            p.setPen(QPen(colors.quiet, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, top + AXIS_H - 4), QPointF(x, bottom))
            p.setPen(colors.text)
            p.drawText(QRectF(x + 3, top + 2, 120, AXIS_H - 6),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _lane(self, p: QPainter, key: str, y: float, lane_h: float, left: float, right: float,
              start: float, ppd: float, colors: Colors, metrics: QFontMetrics) -> list[Mark]:
        events, days = self.lanes[key], self.days[key]
        margin = CLUSTER_PX / ppd + 1
        lo = bisect.bisect_left(days, start - margin)
        hi = bisect.bisect_right(days, start + (right - left) / ppd + margin)
        groups: list[list[Event]] = []
        xs: list[float] = []
        for i in range(lo, hi):
            x = left + (days[i] - start) * ppd
            if groups and x - xs[-1] < CLUSTER_PX:
                groups[-1].append(events[i])
            else:
                groups.append([events[i]])
                xs.append(x)
        # A group's circle grows with its count; groups whose circles would touch are
        # one group, so no count is drawn over another.
        placed: list[tuple[float, float, list[Event]]] = []  # x, r, events
        for n, group in enumerate(groups):
            x, r = self._place(group, xs[n], left, start, ppd, lane_h)
            while placed and x - placed[-1][0] < placed[-1][1] + r + 2:
                merged = placed.pop()[2] + group
                first_x = left + (merged[0].day.toordinal() - start) * ppd
                x, r = self._place(merged, first_x, left, start, ppd, lane_h)
                group = merged
            placed.append((x, r, group))
        marks = []
        for n, (x, r, group) in enumerate(placed):
            worst = max(group, key=_status_rank)
            self._mark(p, x, y, r, worst, colors, len(group))
            marks.append(Mark(x, y, r, group))
            # A single mark's label, where it fits before the next mark.
            room = (placed[n + 1][0] - placed[n + 1][1] if n + 1 < len(placed)
                    else right) - x - r - 10
            if len(group) == 1 and room > 48:
                text = metrics.elidedText(group[0].label, Qt.TextElideMode.ElideRight,
                                          int(min(room, 420)))
                p.setPen(colors.text)
                p.drawText(QRectF(x + r + 4, y - 9, room, 18),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        return marks

    @staticmethod
    def _place(group: list[Event], first_x: float, left: float, start: float, ppd: float,
               lane_h: float) -> tuple[float, float]:
        """Where a group's circle goes (between its first and last day) and its radius."""
        last_x = left + (group[-1].day.toordinal() - start) * ppd
        if len(group) == 1:
            return first_x, MARK_R
        return (first_x + last_x) / 2, min(MARK_R + 3 + math.log2(len(group)), lane_h / 2 - 4)

    def _mark(self, p: QPainter, x: float, y: float, r: float, event: Event, colors: Colors,
              count: int) -> None:
        status = event.status
        colour = {MET: colors.met, MISSED: colors.missed, PENDING: colors.pending}.get(
            status, colors.fact[event.lane])
        p.setPen(QPen(colour, 2))
        if status == MISSED:  # a diamond: red is not the only sign of a missed date
            path = QPainterPath()
            path.moveTo(x, y - r - 1)
            path.lineTo(x + r + 1, y)
            path.lineTo(x, y + r + 1)
            path.lineTo(x - r - 1, y)
            path.closeSubpath()
            p.fillPath(path, colour)
        elif status == PENDING:  # open: a ring
            p.setBrush(colors.background)
            p.drawEllipse(QPointF(x, y), r, r)
        else:
            p.setBrush(colour)
            p.drawEllipse(QPointF(x, y), r, r)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if count > 1:
            small = QFont(p.font())
            small.setPixelSize(10)
            small.setBold(True)
            p.save()
            p.setFont(small)
            p.setPen(colors.background if status != PENDING else colour)
            p.drawText(QRectF(x - r, y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                       f"{count}" if count < 1000 else "1k+")
            p.restore()

    def _legend(self, p: QPainter, top: float, width: float, colors: Colors) -> None:
        x, y = 10.0, top + LEGEND_H / 2
        fact = Event(date.min, "letter", "", "", "", None)
        for status, words in ((None, "event"), (MET, "deadline met"),
                              (MISSED, "deadline missed"), (PENDING, "deadline open")):
            self._mark(p, x + 6, y, 5, Event(date.min, "letter", "", "", "", None, status)
                       if status else fact, colors, 1)
            p.setPen(colors.text)
            p.drawText(QRectF(x + 16, y - 9, 140, 18), Qt.AlignmentFlag.AlignVCenter, words)
            x += 26 + QFontMetrics(p.font()).horizontalAdvance(words)
        p.setPen(colors.quiet)
        p.drawText(QRectF(x + 10, y - 9, max(0.0, width - x - 20), 18),
                   Qt.AlignmentFlag.AlignVCenter,
                   "A numbered mark stands for that many items close together.")


def _ticks(first: date, last: date, ppd: float) -> list[tuple[date, str]]:
    """Dates to mark on the axis, spaced at least ~80 px apart."""
    wanted = 80 / ppd  # days between ticks
    if wanted <= 1:
        step, unit = 1, "day"
    elif wanted <= 7:
        step, unit = 7, "day"
    elif wanted <= 31:
        step, unit = 1, "month"
    elif wanted <= 92:
        step, unit = 3, "month"
    elif wanted <= 366:
        step, unit = 12, "month"
    else:
        step, unit = 12 * math.ceil(wanted / 365), "month"
    out = []
    if unit == "day":
        day = first - timedelta(days=first.weekday() if step == 7 else 0)
        while day <= last:
            out.append((day, f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
                        if day.day <= step or day == first else
                        f"{_MONTHS[day.month - 1]} {day.day}"))
            day += timedelta(days=step)
        return out
    month = (first.year * 12 + first.month - 1) // step * step
    while True:
        day = date(month // 12, month % 12 + 1, 1)
        if day > last:
            return out
        out.append((day, str(day.year) if step >= 12 else f"{_MONTHS[day.month - 1]} "
                    f"{day.year}"))
        month += step


class TimelineCanvas(QWidget):
    """The painted axis; zoom with the wheel (or Ctrl+wheel), pan by dragging."""

    open_event = Signal(object)  # the Event of a mark clicked
    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(len(LANES) * MIN_LANE_H + AXIS_H + LEGEND_H)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline of the case")
        self.painter = Painter([], None)
        self.marks: list[Mark] = []
        self.start, self.ppd = float(date.today().toordinal() - 30), 10.0
        self._press: QPointF | None = None
        self._dragged = False

    # --- data and view -------------------------------------------------------------------

    def set_events(self, events: list[Event], today: date | None, *, fit: bool) -> None:
        self.painter = Painter(events, today)
        if fit:
            self.fit_all()
        else:
            self.update()

    def span(self) -> tuple[float, float]:
        """The days drawn, first and last, with a margin either side."""
        events = self.painter.events
        # Today only where nothing is dated: a case that ended years ago is not to be
        # squeezed into a corner of the axis by it (its line shows when in view).
        days = [e.day.toordinal() for e in (events[0], events[-1])] if events else []
        if not days:
            today = (self.painter.today or date.today()).toordinal()
            return today - 30.0, today + 30.0
        first, last = min(days), max(days)
        pad = max(3.0, (last - first) * 0.03)
        return first - pad, last + pad

    def plot_width(self) -> float:
        return max(50.0, self.width() - LANE_TITLE_W - 8)

    def fit_all(self) -> None:
        first, last = self.span()
        self.ppd = min(MAX_PPD, self.plot_width() / (last - first))
        self.start = first
        self._changed()

    def min_ppd(self) -> float:
        first, last = self.span()
        return min(MAX_PPD, self.plot_width() / (last - first)) / 2

    def zoom(self, factor: float, at_x: float | None = None) -> None:
        """Zoom by ``factor`` keeping the day under ``at_x`` (default: the middle) still."""
        at_x = LANE_TITLE_W + self.plot_width() / 2 if at_x is None else at_x
        day = self.start + (at_x - LANE_TITLE_W) / self.ppd
        self.ppd = max(self.min_ppd(), min(MAX_PPD, self.ppd * factor))
        self.start = day - (at_x - LANE_TITLE_W) / self.ppd
        self._changed()

    def show_days(self, first: float, last: float) -> None:
        pad = max(1.0, (last - first) * 0.1)
        self.ppd = max(self.min_ppd(), min(MAX_PPD, self.plot_width() / (last - first + 2 * pad)))
        self.start = (first + last) / 2 - self.plot_width() / 2 / self.ppd
        self._changed()

    def pan(self, pixels: float) -> None:
        self.start += pixels / self.ppd
        self._changed()

    def _changed(self) -> None:
        self.update()
        self.view_changed.emit()

    # --- painting and the mouse ----------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        self.marks = self.painter.paint(p, self.width(), self.height(), self.start, self.ppd,
                                        Colors.window())
        p.end()

    def mark_at(self, point: QPointF) -> Mark | None:
        hits = [m for m in self.marks if m.holds(point)]
        return min(hits, key=lambda m: abs(m.x - point.x())) if hits else None
    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        delta = event.angleDelta()
        if delta.x() and not delta.y() or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan(-(delta.x() or delta.y()) / 2)
        elif delta.y():
            self.zoom(ZOOM_STEP ** (delta.y() / 120), event.position().x())
        event.accept()
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragged = event.position(), False
    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = pos.x() - self._press.x()
            if self._dragged or abs(dx) > 4:
                self._dragged = True
                self.pan(-dx)
                self._press = pos
            return
        mark = self.mark_at(pos)
        if mark is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(event.globalPosition().toPoint(), tooltip(mark.events), self)
    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        self._press = None
        if self._dragged:
            return
        mark = self.mark_at(event.position())
        if mark is not None:
            self.activate(mark, event.globalPosition().toPoint())

    def activate(self, mark: Mark, where: QPoint | None = None) -> None:
        """A single mark opens its item; a group zooms to its days, or (one day) offers
        its items in a menu."""
        if len(mark.events) == 1:
            self.open_event.emit(mark.events[0])
            return
        first, last = mark.events[0].day.toordinal(), mark.events[-1].day.toordinal()
        if last > first and self.ppd < MAX_PPD:
            self.show_days(first, last)
            return
        menu = QMenu(self)
        for event in mark.events[:40]:
            action = menu.addAction(f"{long_date(event.day)}: {event.label[:100]}")
            action.triggered.connect(lambda _c=False, e=event: self.open_event.emit(e))
        if len(mark.events) > 40:
            menu.addAction(f"… and {len(mark.events) - 40} more: zoom in").setEnabled(False)
        menu.popup(where or self.mapToGlobal(QPoint(int(mark.x), int(mark.y))))
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.pan((-1 if key == Qt.Key.Key_Left else 1) * self.plot_width() / 5)
        else:
            super().keyPressEvent(event)


def tooltip(events: list[Event]) -> str:
    lines = [f"{long_date(e.day)}: {e.label}" for e in events[:TOOLTIP_LINES]]
    if len(events) > TOOLTIP_LINES:
        lines.append(f"… and {len(events) - TOOLTIP_LINES:,} more: click to zoom in")
    elif len(events) == 1:
        # A counted date's warnings (the letter states another day to appeal…).
        lines += [f"⚠ {note}" for note in events[0].notes]
        lines.append("Click to open it.")
    return "\n".join(lines)


class TimelineView(QWidget):
    status = Signal(str)
    open_item = Signal(str, object)  # table, row id (None: the matter's own page)

    def __init__(self, worker: CaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._case: CaseFile | None = None
        self._today: date | None = None
        self._generation = 0
        self.timeline: Timeline | None = None
        self._build()

    # --- the contract -------------------------------------------------------------------

    def set_case(self, case: CaseFile | None) -> None:
        self._case = case
        self.timeline = None
        self.canvas.set_events([], None, fit=True)
        self.refresh(fit=True)

    def set_today(self, day: date | None) -> None:
        """Draw as if today were ``day`` (None: the real today)."""
        self._today = day
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()
    def refresh(self, *, fit: bool = False) -> None:
        """Read the events again on the worker; the canvas keeps its zoom unless ``fit``."""
        self._generation += 1
        for action in (self.png_action, self.pdf_action):
            action.setEnabled(False)
        if self._case is None:
            self.summary.setText("No case is open.")
            return
        generation, case, today = self._generation, self._case, self.today()
        fit = fit or self.timeline is None

        def work(_progress, _cancel) -> Timeline:
            with case.reading() as s:
                return timeline(s, today)
        def done(result: Timeline) -> None:
            if generation != self._generation:
                return  # the case changed while it was read
            self.timeline = result
            self.canvas.set_events(result.events, result.today, fit=fit)
            for action in (self.png_action, self.pdf_action):
                action.setEnabled(bool(result.events))
            self._summarize()

        self._worker.submit(Job("Drawing the timeline", work, on_done=done,
                                on_failed=self.status.emit))

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        toolbar = QToolBar()
        toolbar.setAccessibleName("Timeline actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.zoom_in_action = self._action(toolbar, "Zoom in", "zoom-in",
                                           QKeySequence.StandardKey.ZoomIn,
                                           "Show fewer days, wider (or Ctrl+wheel)",
                                           lambda: self.canvas.zoom(ZOOM_STEP ** 2))
        self.zoom_out_action = self._action(toolbar, "Zoom out", "zoom-out",
                                            QKeySequence.StandardKey.ZoomOut,
                                            "Show more days (or Ctrl+wheel)",
                                            lambda: self.canvas.zoom(ZOOM_STEP ** -2))
        self.fit_action = self._action(toolbar, "Fit all", "fit-width", "Ctrl+0",
                                       "Show the whole case, first event to last",
                                       lambda: self.canvas.fit_all())
        toolbar.addSeparator()
        self.png_action = self._action(toolbar, "Export PNG…", "export", None,
                                       "Save the whole timeline as an image",
                                       lambda: self._choose_and_export("png"))
        self.pdf_action = self._action(toolbar, "Export PDF…", "export", None,
                                       "Save the whole timeline as a landscape PDF page for "
                                       "a brief's appendix", lambda: self._choose_and_export(
                                           "pdf"))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.summary = QLabel()
        self.summary.setContentsMargins(0, 0, 8, 0)
        toolbar.addWidget(self.summary)

        self.canvas = TimelineCanvas()
        self.canvas.open_event.connect(self._open)
        self.canvas.view_changed.connect(self._sync_scrollbar)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal)
        self.scrollbar.valueChanged.connect(self._scrolled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.scrollbar)

    def _action(self, toolbar: QToolBar, text: str, icon: str, shortcut, tip: str,
                slot) -> QAction:
        action = QAction(icons.icon(icon), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip += f" ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        toolbar.addAction(action)
        self.addAction(action)
        return action
    def _summarize(self) -> None:
        t = self.timeline
        if t is None or not t.events:
            self.summary.setText("Nothing dated in the case yet.")
            return
        missed = sum(e.status == MISSED for e in t.events)
        text = (f"{len(t.events):,} events, {long_date(t.first)} to {long_date(t.last)}"
                + (f"; {missed} deadline{'s' if missed != 1 else ''} missed" if missed else ""))
        if t.undated:
            text += f"; {len(t.undated)} undated, not drawn"
            self.summary.setToolTip("\n".join(t.undated))
        self.summary.setText(text)
    def _sync_scrollbar(self) -> None:
        first, last = self.canvas.span()
        ppd = self.canvas.ppd
        page = int(self.canvas.plot_width())
        total = int((last - first) * ppd)
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, max(0, total - page))
        self.scrollbar.setPageStep(page)
        self.scrollbar.setSingleStep(max(1, page // 10))
        self.scrollbar.setValue(int((self.canvas.start - first) * ppd))
        self.scrollbar.blockSignals(False)
    def _scrolled(self, value: int) -> None:
        first, _last = self.canvas.span()
        self.canvas.start = first + value / self.canvas.ppd
        self.canvas.update()

    def _open(self, event: Event) -> None:
        self.open_item.emit(event.table, event.row_id)

    # --- export -------------------------------------------------------------------------

    def _title(self) -> str:
        # The lawsuit's name where the case has one, else the file's.
        name = (self.timeline.title if self.timeline is not None and self.timeline.title
                else self._case.path.stem if self._case is not None else "Case")
        return f"Timeline: {name} (as of {long_date(self.today())})"

    def _choose_and_export(self, kind: str) -> None:
        if self._case is None:
            return
        suggested = str(self._case.path.with_name(f"{self._case.path.stem} timeline.{kind}"))
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the timeline", suggested,
            "PNG image (*.png)" if kind == "png" else "PDF (*.pdf)")
        if not path:
            return
        try:
            (self.export_png if kind == "png" else self.export_pdf)(Path(path))
        except CasefileError as exc:
            self.status.emit(exc.message)
            return
        self.status.emit(f"Timeline saved as {Path(path).name}.")

    def _whole(self, width: float) -> tuple[float, float]:
        """(start, ppd) that fit every event into ``width`` pixels of page."""
        first, last = self.canvas.span()
        return first, (width - LANE_TITLE_W - 8) / (last - first)
    def export_png(self, path: Path, width: int = 2400, height: int | None = None) -> None:
        """The whole timeline, first event to last, as a PNG on white."""
        # Tall enough for every lane at a comfortable height, and no taller.
        height = height or int(30 + AXIS_H + len(LANES) * 80 + LEGEND_H + 6)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(5906)  # 150 dpi, so a word processor sizes it sensibly
        image.setDotsPerMeterY(5906)
        p = QPainter(image)
        start, ppd = self._whole(width)
        self.canvas.painter.paint(p, width, height, start, ppd, Colors.paper(),
                                  title=self._title())
        p.end()
        if not image.save(str(path), "PNG"):
            raise from_os_error(OSError(f"could not write {path}"), path, "writing")
    def export_pdf(self, path: Path) -> None:
        """The whole timeline on one landscape Letter page, text as text."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "ab"):
                pass  # fail here with a sentence, not inside Qt with none
        except OSError as exc:
            raise from_os_error(exc, path, "writing") from None
        writer = QPdfWriter(str(path))
        writer.setTitle(self._title())
        writer.setCreator("Casefile")
        writer.setResolution(300)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                         QPageLayout.Orientation.Landscape,
                                         QMarginsF(36, 36, 36, 36)))
        p = QPainter(writer)
        # Painted at a screen-like size, then scaled to the page: the same proportions
        # as on screen and in the PNG.
        # 960 wide: the lanes fill the page and the 12 px text prints at about 9 pt.
        logical = QSizeF(960, 960 * writer.height() / writer.width())
        p.scale(writer.width() / logical.width(), writer.height() / logical.height())
        start, ppd = self._whole(logical.width())
        self.canvas.painter.paint(p, logical.width(), logical.height(), start, ppd,
                                  Colors.paper(), title=self._title())
        p.end()


def open_in_window(window, table: str, row_id: int | None) -> None:
    """Open a timeline mark's item where the window keeps it (the search view's way)."""
    from ui.main_window import _section

    if table == "correspondence":
        window._open_entry("correspondence", row_id)
        return
    key = {"foia_request": "requests", "production": "productions", "matter": "matter",
           "deadline": "deadlines", "docket_entry": "docket"}.get(table)
    if key is None:  # a source the window cannot show yet
        window._say_briefly("This item cannot be opened from the timeline yet.")
        return
    window.navigator.setCurrentRow(_section(key))
    if row_id is not None and key in window.lists:
        window.lists[key].select_id(row_id)
