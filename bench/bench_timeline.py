"""The timeline's figures (issue 18): a 2,000-letter case paints in under 0.5 s,
and the window never stalls over 100 ms while it does.

    QT_QPA_PLATFORM=offscreen python bench/bench_timeline.py

Builds bench/data/timeline.casefile (5 requests, 2,000 letters, 40 productions,
a lawsuit and entered deadlines) with bench/large_case.py's generator, then:

- reading the events (casefile.timeline.timeline), on its own;
- in the window: from choosing the Timeline section to the first paint of the
  marks, with the reading on the case-file worker, and the UI thread's longest
  stall meanwhile (a 1 ms timer records every turn of the event loop; the
  longest gap between two turns is the longest the window could not answer);
- one paint of the canvas at fit-all (every mark, clustered) and at the closest
  zoom, 1366x768, median of 20;
- the PNG and PDF exports.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
CASE = HERE / "data" / "timeline.casefile"


def build_case(path: Path) -> Path:
    from bench.large_case import build
    from casefile.deadlines import add_deadline
    from casefile.productions import add_production
    from casefile.store import CaseFile
    from casefile.store import models as m

    path.parent.mkdir(parents=True, exist_ok=True)
    build(path, [], requests=5, correspondence=2_000, entries=1)
    with CaseFile.open(path) as case, case.transaction() as s:
        matter = s.get(m.Matter, 1)
        matter.filed_on, matter.served_on = date(2020, 9, 30), date(2020, 10, 2)
        requests = list(s.query(m.FoiaRequest))
        for n in range(40):
            add_production(s, f"Release {n + 1}", produced_on=date(2021, 1, 15)
                           + timedelta(days=30 * n), request=requests[n % len(requests)],
                           pages_released_full=100, pages_released_part=40,
                           pages_withheld_full=5)
        for n in range(20):
            add_deadline(s, f"Joint status report {n + 1}", date(2021, 1, 4)
                         + timedelta(days=45 * n), kind=m.DeadlineKind.COURT, matter=matter)
    return path


def main() -> int:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from casefile.store import CaseFile
    from casefile.timeline import timeline
    from ui.main_window import SECTIONS, MainWindow
    from ui.timeline_view import Colors

    if not CASE.exists():
        t = time.perf_counter()
        build_case(CASE)
        print(f"built {CASE.name} in {time.perf_counter() - t:.1f} s")
    today = date(2022, 6, 1)
    with CaseFile.open(CASE, read_only=True) as case, case.reading() as s:
        reads = []
        for _ in range(5):
            t = time.perf_counter()
            events = timeline(s, today).events
            reads.append(time.perf_counter() - t)
    print(f"read {len(events):,} events: median {statistics.median(reads) * 1000:.0f} ms")

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    window.open_case(CASE)
    window.timeline._today = today
    app.processEvents()
    stalls, clock = [], QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(1)
    canvas = window.timeline.canvas
    t = time.perf_counter()
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index("timeline"))
    while window.timeline.timeline is None or not canvas.marks:
        app.processEvents()
    shown = time.perf_counter() - t
    for _ in range(50):  # a few more turns, so a stall after the paint is counted too
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    print(f"Timeline section chosen to marks painted: {shown * 1000:.0f} ms "
          f"({len(window.timeline.timeline.events):,} events, {len(canvas.marks)} marks "
          f"drawn); longest UI stall {max(stalls)} ms")

    image = QImage(1366, 768, QImage.Format.Format_RGB32)
    for label, setup in (("fit-all", canvas.fit_all),
                         ("closest zoom", lambda: canvas.zoom(1e6))):
        setup()
        times = []
        for _ in range(20):
            p = QPainter(image)
            t = time.perf_counter()
            marks = canvas.painter.paint(p, 1366, 768, canvas.start, canvas.ppd,
                                         Colors.window())
            times.append(time.perf_counter() - t)
            p.end()
        print(f"one paint at {label}: median {statistics.median(times) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.1f} ms ({len(marks)} marks)")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    for kind in ("png", "pdf"):
        t = time.perf_counter()
        getattr(window.timeline, f"export_{kind}")(out / f"timeline.{kind}")
        print(f"export {kind}: {(time.perf_counter() - t) * 1000:.0f} ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    window.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12 aborts in teardown after a script spun processEvents() (see
    # bench/bench_window.py): the figures are out, leave without it.
    os._exit(code)
