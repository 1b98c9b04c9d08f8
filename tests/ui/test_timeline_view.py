"""The timeline in the window: marks drawn in their lanes and colours, a click on one
opening its item, close marks clustered and a click on the cluster zooming to them,
and the exports a real PNG and a real PDF that poppler reads."""

from __future__ import annotations

import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import need_tool, unavailable
from tests.test_timeline import TODAY, fill_case

try:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtWidgets import QToolTip

    from ui import theme
    from ui.main_window import SECTIONS, MainWindow
    from ui.timeline_view import Colors, TimelineView
    from ui.worker import CaseWorker
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"


@pytest.fixture
def case(fresh_case):
    """tests/test_timeline.py's case, in a case file and on a server (issue 20)."""
    return fresh_case, fill_case(fresh_case)


@pytest.fixture
def view(qtbot):
    worker = CaseWorker()
    v = TimelineView(worker)
    qtbot.addWidget(v)
    v.resize(1366, 720)
    v.show()
    yield v
    worker.wait()


def _load(qtbot, view, case) -> None:
    view.set_today(TODAY)
    view.set_case(case)
    qtbot.waitUntil(lambda: view.timeline is not None, timeout=10_000)
    view.canvas.repaint()  # paints now: the marks are what the last paint drew


def _mark_of(view, table: str, row_id: int):
    return next(m for m in view.canvas.marks
                if any((e.table, e.row_id) == (table, row_id) for e in m.events))


def test_every_event_is_drawn_in_its_lane_at_fit_all(qtbot, view, case):
    opened, ids = case
    _load(qtbot, view, opened)
    drawn = [e for m in view.canvas.marks for e in m.events]
    assert sorted(drawn, key=id) == sorted(view.timeline.events, key=id)
    # 2 request dates, 3 letters, 7 deadlines (5 counted, 2 entered), 1 production, the
    # filing and the service: 15.
    assert view.summary.text() == ("15 events, February 26, 2021 to February 1, 2022; "
                                   "3 deadlines missed; 1 undated, not drawn")
    # Lanes run top to bottom in the order of a case: the court's marks lowest.
    request = _mark_of(view, "foia_request", ids["request"])
    production = _mark_of(view, "production", ids["production"])
    assert request.y < production.y
    # Each mark in its own colour: the missed initial determination red, at its centre.
    initial = next(m for m in view.canvas.marks
                   if [e.kind for e in m.events] == ["initial"])
    image = view.canvas.grab().toImage()
    ratio = image.devicePixelRatio()
    pixel = image.pixelColor(int(initial.x * ratio), int(initial.y * ratio))
    assert pixel.name() == Colors.window().missed.name()


def test_clicking_a_mark_opens_its_item(qtbot, view, case):
    opened, ids = case
    _load(qtbot, view, opened)
    mark = _mark_of(view, "correspondence", ids["determination"])
    assert len(mark.events) == 1
    with qtbot.waitSignal(view.open_item, timeout=2_000) as opened_item:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton,
                         pos=QPoint(round(mark.x), round(mark.y)))
    assert opened_item.args == ["correspondence", ids["determination"]]


def test_hovering_a_mark_names_it(qtbot, view, case):
    opened, ids = case
    _load(qtbot, view, opened)
    mark = _mark_of(view, "production", ids["production"])
    # From elsewhere first: the last test may have left the pointer on this very spot,
    # and a move to where it is already is no move, and shows no tooltip.
    qtbot.mouseMove(view.canvas, QPoint(1, 1))
    qtbot.mouseMove(view.canvas, QPoint(round(mark.x), round(mark.y)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2_000)
    assert QToolTip.text().startswith("September 1, 2021: Production: First release")


def test_a_counted_date_shows_its_warning_on_hover(qtbot, view, case):
    from ui.timeline_view import tooltip

    opened, _ids = case
    _load(qtbot, view, opened)
    # June 1 lies beside June 2 (suit may be filed): one mark at fit-all, two when
    # zoomed in on them.
    [decision] = [e for e in view.timeline.events if e.kind == "appeal_decision"]
    view.canvas.show_days(decision.day.toordinal(), decision.day.toordinal() + 1)
    view.canvas.repaint()
    [mark] = [m for m in view.canvas.marks if decision in m.events]
    assert mark.events == [decision]
    assert tooltip(mark.events).splitlines() == [
        "June 1, 2021: Decision on the appeal due: missed, the agency's "
        "(ICE 2021-ICFO-00001)",
        "⚠ Enter the date the agency received the appeal to be sure.",
        "Click to open it."]


def test_close_marks_are_one_mark_and_clicking_it_zooms_until_they_part(qtbot, view, case):
    from casefile.requests import add_correspondence
    from casefile.store.models import CorrespondenceKind, Direction, FoiaRequest

    opened, ids = case
    with opened.transaction() as s:  # an email two days after the acknowledgment
        email = add_correspondence(s, Direction.INCOMING, date(2021, 3, 5),
                                   CorrespondenceKind.EMAIL,
                                   requests=[s.get(FoiaRequest, ids["request"])]).id
    _load(qtbot, view, opened)
    # At fit-all, 342 days on ~1,240 px: 2 days are ~7 px, closer than 11, so one mark.
    cluster = _mark_of(view, "correspondence", ids["ack"])
    assert [e.row_id for e in cluster.events] == [ids["ack"], email]
    before = view.canvas.ppd
    view.canvas.activate(cluster)
    view.canvas.repaint()
    assert view.canvas.ppd > before
    assert len(_mark_of(view, "correspondence", ids["ack"]).events) == 1
    # The Fit all button brings the whole case back.
    view.fit_action.trigger()
    view.canvas.repaint()
    assert {e.row_id for m in view.canvas.marks for e in m.events} >= set(
        ids[k] for k in ("ack", "determination", "appeal", "production"))


def test_the_wheel_zooms_about_the_day_under_the_pointer(qtbot, view, case):
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent

    opened, _ids = case
    _load(qtbot, view, opened)
    canvas = view.canvas
    x = 700.0
    day_under = canvas.start + (x - 118) / canvas.ppd
    before = canvas.ppd
    event = QWheelEvent(QPointF(x, 200), QPointF(canvas.mapToGlobal(P(700, 200))), P(0, 0),
                        P(0, 240), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    canvas.wheelEvent(event)
    assert canvas.ppd == pytest.approx(before * 1.25 ** 2)  # two notches, 1.25 each
    assert canvas.start + (x - 118) / canvas.ppd == pytest.approx(day_under)


def test_the_png_export_is_a_real_png_of_the_whole_case(qtbot, view, case, tmp_path):
    opened, _ids = case
    _load(qtbot, view, opened)
    target = tmp_path / "timeline.png"
    view.export_png(target)
    data = target.read_bytes()
    # Read by hand, not by Qt: the signature, then IHDR's width and height and its CRC.
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert chunk == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (2400, 30 + 30 + 6 * 80 + 26 + 6)
    assert struct.unpack(">I", data[29:33])[0] == zlib.crc32(data[12:29])
    assert data.endswith(b"IEND\xaeB`\x82")


def test_the_pdf_export_is_one_landscape_page_whose_text_poppler_reads(qtbot, view, case,
                                                                          tmp_path):
    need_tool("pdftotext")
    need_tool("pdfinfo")
    opened, _ids = case
    _load(qtbot, view, opened)
    target = tmp_path / "timeline.pdf"
    view.export_pdf(target)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           1" in info
    assert "792 x 612 pts (letter)" in info
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Timeline: Doe v. ICE, 1:21-cv-05000 (as of January 10, 2022)" in text
    for lane in ("Requests", "Letters", "Appeals", "Deadlines", "Productions", "Court"):
        assert lane in text
    assert "deadline missed" in text  # the legend


def test_an_export_to_a_folder_it_cannot_write_is_one_sentence(qtbot, view, case, tmp_path):
    from casefile.errors import CasefileError

    opened, _ids = case
    _load(qtbot, view, opened)
    (tmp_path / "taken").mkdir()
    with pytest.raises(CasefileError, match="is a folder, not a file"):
        view.export_pdf(tmp_path / "taken")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_timeline_section_of_the_window_opens_what_is_clicked(qtbot, tmp_path, case,
                                                                   dark):
    from PySide6.QtCore import QSettings

    opened, ids = case
    location = opened.location
    opened.close()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    theme._use(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    try:
        assert window.open_case(location)
        window.timeline.set_today(TODAY)
        window.navigator.setCurrentRow([k for *_, k in SECTIONS].index("timeline"))
        qtbot.waitUntil(lambda: window.timeline.timeline is not None, timeout=10_000)
        window.timeline.canvas.repaint()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SCREENSHOTS / f"timeline-{'dark' if dark else 'light'}.png"))
        window.timeline.open_item.emit("correspondence", ids["appeal"])
        assert SECTIONS[window.navigator.currentRow()][2] == "correspondence"
        assert window.lists["correspondence"].current_id() == ids["appeal"]
        window.timeline.open_item.emit("production", ids["production"])
        assert SECTIONS[window.navigator.currentRow()][2] == "productions"
        window.timeline.open_item.emit("deadline", ids["briefing"])
        assert SECTIONS[window.navigator.currentRow()][2] == "deadlines"
    finally:
        window.close_case()
        theme._use(Qt.ColorScheme.Light)
