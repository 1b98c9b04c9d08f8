"""Pictures of the counts ``casefile vaughn stats`` prints, drawn with QPainter.

The numbers are never counted here: ``casefile.vaughn.stats`` counts them
(and notes which entries each bar counts), the charts only draw them. Each
bar of a ``BarChart`` can be clicked (or chosen with the arrow keys and
Enter) to list the entries it counts. ``PagesBar`` is one production's pages:
released in full, released in part (redacted), withheld in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.none_guard import keep_none_alive

BAR_GAP = 4  # pixels between two bars
VALUE_ROOM = "000,000"  # the widest count a bar's label must leave room for


@dataclass(frozen=True)
class Bar:
    label: str  # "(b)(6)", "Withheld in full"
    value: int  # the length drawn
    tip: str = ""  # the whole count, in words
    entry_ids: frozenset[int] = field(default_factory=frozenset)  # what a click lists


class BarChart(QWidget):
    """Horizontal bars, one per label, longest value the full width."""

    chosen = Signal(object)  # the Bar clicked (or Enter on the focused bar)

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_none_alive()  # painting bars makes void calls on every repaint (ui/none_guard.py)
        self.title, self.unit = title, unit  # "Withholdings by exemption", "withholdings"
        self.bars: list[Bar] = []
        self._hover = -1
        self._focus = 0
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = list(bars)
        self._hover, self._focus = -1, 0
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.value:,}" for b in bars))
        self.updateGeometry()
        self.update()

    # --- geometry ---------------------------------------------------------------------

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(len(self.bars), 1)
        return QSize(320, round(self._line() * 1.6 + rows * (self._line() + 4 + BAR_GAP) + 4))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, self.sizeHint().height())

    def bar_rects(self) -> list[QRectF]:
        """Each bar's clickable band (its label, bar and count), in widget pixels."""
        top, height = self._line() * 1.6, self._line() + 4
        return [QRectF(0, top + n * (height + BAR_GAP), self.width(), height)
                for n in range(len(self.bars))]

    def _bar_area(self) -> tuple[float, float]:
        """(x where bars start, the longest bar's length)."""
        metrics = QFontMetricsF(self.font())
        labels = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0)
        start = min(labels + 10, self.width() * 0.45)
        value_room = metrics.horizontalAdvance(VALUE_ROOM) + 10
        return start, max(self.width() - start - value_room, 10)

    def bar_at(self, point: QPointF) -> int:
        for n, rect in enumerate(self.bar_rects()):
            if rect.contains(point):
                return n
        return -1

    # --- drawing ----------------------------------------------------------------------

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetricsF(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, self.width(), self._line() * 1.4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(0, self._line() * 1.6, self.width(), self._line()),
                             Qt.AlignmentFlag.AlignLeft, "Nothing to count yet.")
            return
        start, length = self._bar_area()
        longest = max(max(b.value for b in self.bars), 1)
        fill = palette.color(QPalette.ColorRole.Highlight)
        hover = fill.lighter(135) if theme.is_dark() else fill.lighter(150)
        for n, (bar, rect) in enumerate(zip(self.bars, self.bar_rects(), strict=True)):
            painter.setPen(text)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, start - 8)
            painter.drawText(QRectF(0, rect.top(), start - 8, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            width = max(length * bar.value / longest, 2.0 if bar.value else 0.0)
            shape = QRectF(start, rect.top() + 1, width, rect.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hover if n == self._hover else fill)
            painter.drawRoundedRect(shape, 2, 2)
            painter.setPen(text)
            painter.drawText(QRectF(start + width + 6, rect.top(), 200, rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{bar.value:,}")
            if self.hasFocus() and n == self._focus:
                painter.setPen(palette.color(QPalette.ColorRole.Highlight))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    # --- choosing a bar ---------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        at = self.bar_at(event.position())
        if at != self._hover:
            self._hover = at
            self.setCursor(Qt.CursorShape.PointingHandCursor if at >= 0
                           else Qt.CursorShape.ArrowCursor)
            self.update()
        if at >= 0:
            QToolTip.showText(event.globalPosition().toPoint(), self._tip(self.bars[at]), self)
        else:
            QToolTip.hideText()

    def leaveEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        self._hover = -1
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        at = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and at >= 0:
            self._focus = at
            self.chosen.emit(self.bars[at])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self.bars:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            self._focus = (self._focus + step) % len(self.bars)
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.chosen.emit(self.bars[self._focus])
        else:
            super().keyPressEvent(event)

    def _tip(self, bar: Bar) -> str:
        return (bar.tip or f"{bar.label}: {bar.value:,} {self.unit}") + \
            "\nClick to list the entries it counts."


class VaughnCharts(QWidget):
    """The two charts of an index side by side, and a line saying what the list is
    limited to after a click, with a button to show every entry again."""

    chosen = Signal(str, object)  # what the list now shows ("withheld under (b)(6)"), ids
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exemptions = BarChart("Withholdings by exemption", "withholdings")
        self.dispositions = BarChart("Pages by disposition", "pages")
        self.exemptions.chosen.connect(
            lambda bar: self.chosen.emit(f"withheld under {bar.label}", bar.entry_ids))
        self.dispositions.chosen.connect(
            lambda bar: self.chosen.emit(bar.label.lower(), bar.entry_ids))
        self.limited = QLabel()
        self.limited.setAccessibleName("What the list shows")
        self.show_all = QPushButton("Show all entries")
        self.show_all.setAutoDefault(False)
        self.show_all.clicked.connect(self.clear_limit)
        limit_row = QHBoxLayout()
        limit_row.setContentsMargins(0, 0, 0, 0)
        limit_row.addWidget(self.limited, 1)
        limit_row.addWidget(self.show_all)
        charts = QHBoxLayout()
        charts.setContentsMargins(0, 0, 0, 0)
        charts.setSpacing(24)
        charts.addWidget(self.exemptions, 3, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(self.dispositions, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(charts)
        layout.addLayout(limit_row)
        self.show_limit(None)

    def set_stats(self, stats) -> None:
        """Draw a ``casefile.vaughn.stats.Stats``; None clears the charts."""
        if stats is None:
            self.exemptions.set_bars([])
            self.dispositions.set_bars([])
            return
        ids = stats.entry_ids
        self.exemptions.set_bars([
            Bar(label, w, f"{label}: {w:,} withholdings in {e:,} entries, {p:,} pages",
                frozenset(ids.get(("exemption", label), ())))
            for label, (w, e, p) in stats.by_exemption.items()])
        self.dispositions.set_bars([
            Bar(name, p, f"{name}: {p:,} pages in {e:,} entries",
                frozenset(ids.get(("disposition", name), ())))
            for name, (e, p) in stats.by_disposition.items()])

    def show_limit(self, what: str | None, count: int = 0) -> None:
        self.limited.setText(f"Listing the {count:,} entr{'y' if count == 1 else 'ies'} "
                             f"{what}." if what else "")
        self.limited.setVisible(bool(what))
        self.show_all.setVisible(bool(what))

    def clear_limit(self) -> None:
        self.show_limit(None)
        self.cleared.emit()


class PagesBar(QWidget):
    """One production's pages as one bar in three parts, with their counts beneath."""

    PARTS = (("Released in full", theme.OK), ("Released in part (redacted)", theme.DUE_SOON),
             ("Withheld in full", theme.OVERDUE))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: tuple[int, int, int] = (0, 0, 0)
        self.setAccessibleName("Pages released, redacted and withheld")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_pages(self, released_full: int, released_part: int, withheld_full: int) -> None:
        self.values = (released_full or 0, released_part or 0, withheld_full or 0)
        self.setAccessibleDescription(", ".join(
            f"{name}: {v:,} pages" for (name, _c), v in zip(self.PARTS, self.values,
                                                             strict=True)))
        self.setToolTip(self.accessibleDescription())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        line = QFontMetricsF(self.font()).height()
        return QSize(260, round(line * 1.2 + 6 + line * len(self.PARTS) + 6))

    def segments(self, width: float | None = None) -> list[QRectF]:
        """The three parts of the bar, in widget pixels (empty ones zero wide)."""
        width = self.width() if width is None else width
        total = sum(self.values)
        height = QFontMetricsF(self.font()).height() * 1.2
        x, out = 0.0, []
        for v in self.values:
            w = width * v / total if total else 0.0
            out.append(QRectF(x, 0, w, height))
            x += w
        return out

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetricsF(self.font())
        total = sum(self.values)
        segments = self.segments()
        if not total:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(0, 0, self.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft,
                             "No page counts yet: enter them from the cover letter.")
            return
        for rect, (_name, colour) in zip(segments, self.PARTS, strict=True):
            painter.fillRect(rect, theme.status_color(colour))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(QRectF(0, 0, self.width() - 1, segments[0].height()))
        y = segments[0].height() + 6
        swatch = metrics.height() * 0.7
        for (name, colour), v in zip(self.PARTS, self.values, strict=True):
            painter.fillRect(QRectF(0, y + (metrics.height() - swatch) / 2, swatch, swatch),
                             theme.status_color(colour))
            painter.setPen(text)
            share = f" ({v * 100 / total:.0f}%)" if total else ""
            painter.drawText(QRectF(swatch + 6, y, self.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{name}: {v:,} page{'s' if v != 1 else ''}{share}")
            y += metrics.height()
