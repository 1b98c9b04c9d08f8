"""Printing the 20,000-entry Vaughn index to PDF through the window's print path
(issue 22): target under 30 s, and no stall of the window over 100 ms.

    QT_QPA_PLATFORM=offscreen python bench/bench_print.py

The case is bench/data/large.casefile when it has been built (python
bench/large_case.py); otherwise a case with the same 20,000 entries and no
exhibit PDFs is built once in bench/data/print.casefile (the PDFs play no part
in printing an index). File > Print is driven as a user drives it, with the
dialog's printer replaced by a QPrinter writing PDF; a 1 ms timer records the
longest gap between two turns of the event loop meanwhile (bench_window.Gaps).
Then the three steps are timed alone, on this thread: reading the entries
into rows, laying them out, painting the pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
_APP = None


def _case() -> Path:
    large = HERE / "data" / "large.casefile"
    if large.exists():
        return large
    target = HERE / "data" / "print.casefile"
    if not target.exists():
        from bench.large_case import build

        target.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        build(target, [])
        print(f"(built {target.name} in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
    return target


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[1]) for line in out.splitlines()
                 if line.startswith("Pages:")), 0)


def _gaps():
    """bench_window's Gaps, noting also when the longest gap ended."""
    from bench.bench_window import Gaps

    class Timed(Gaps):
        def _tick(self) -> None:
            now = time.perf_counter()
            if now - self.last > self.longest:
                self.when = now
            super()._tick()

    return Timed()


class _Pauses:
    """The cycle collections the UI thread runs (ui/collector.py), and the longest."""

    def __init__(self) -> None:
        self.longest, self.count, self._start, self.generation = 0.0, 0, 0.0, None

    def note(self, phase: str, info: dict) -> None:
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.count += 1
            took = time.perf_counter() - self._start
            if took > self.longest:
                self.longest, self.generation = took, info.get("generation")


def _gc_pauses() -> _Pauses:
    import gc

    pauses = _Pauses()
    gc.callbacks.append(pauses.note)
    return pauses


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    from PySide6.QtWidgets import QApplication

    from bench.bench_window import _spin
    from ui import printing, theme
    from ui.main_window import SECTIONS, MainWindow

    global _APP
    case_path = _case()
    app = _APP = QApplication.instance() or QApplication([])
    app.setOrganizationName("Casefile")
    app.setApplicationName("Casefile")
    theme.apply(app)
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    window.open_case(case_path)
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index("vaughn"))
    while window.worker.busy:
        _spin(app, 0.01)
    entries = window.vaughn.model.rowCount()
    load = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        target = Path(tmp_name) / "index.pdf"
        pauses = _gc_pauses()
        start, cpu = time.perf_counter(), time.process_time()
        with _gaps() as gaps:
            window.print_section(choice=0, printer=printing.pdf_printer(target, True))
            while window.worker.busy:
                _spin(app, 0.01)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        pages = _pages(target)
        size = target.stat().st_size / 1e6 if target.exists() else 0
        rows.append(f"| Printing the {entries:,}-entry Vaughn index to PDF by File > Print "
                    f"(worker) | {took:.1f} s, {pages:,} pages, {size:.0f} MB | {cpu:.1f} s of CPU "
                    "(both threads) | under 30 s |")
        import gc

        gc.callbacks.remove(pauses.note)
        rows.append(f"| — the window's longest stall meanwhile | {gaps.longest * 1000:.0f} ms "
                    f"| longest cycle collection on the UI thread: {pauses.longest * 1000:.0f} "
                    f"ms (generation {pauses.generation}; {pauses.count} run); the longest "
                    f"stall ended {gaps.when - start:.1f} s into the {took:.1f} s | under 100 ms |")

        # The steps alone, on this thread.
        from casefile.printouts import vaughn_printout
        from casefile.store import CaseFile

        t = time.perf_counter()
        with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
            printout = vaughn_printout(s, window.vaughn.index_id())
        built = time.perf_counter() - t
        printer = printing.pdf_printer(Path(tmp_name) / "again.pdf", True)
        t = time.perf_counter()
        layout = printing.Layout(printout, printer)
        laid = time.perf_counter() - t
        t = time.perf_counter()
        layout.paint(printer)
        painted = time.perf_counter() - t
        rows.append(f"| — reading the entries into rows / laying out / painting | "
                    f"{built:.1f} s / {laid:.1f} s / {painted:.1f} s | {len(layout.pages):,} "
                    "pages | |")
    window.close_case()
    print(f"Load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"(2 cores, shared)")
    print("| figure | measured | beside it | target |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as bench_window.py: PySide6's teardown aborts after a spun loop
