"""The welcome page's longest stall while the window builds its sections idle after
its first paint (issue 21: no UI stall over 100 ms).

A 5 ms timer on the UI thread records the gaps between its ticks for 4 s from the
window's show; the longest gap is the stall a click would meet. Each run is a
fresh process (the imports are what is measured). Run it on two trees to compare.

    QT_QPA_PLATFORM=offscreen python bench/bench_idle_stall.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

WATCH_MS = 4000
TICK_MS = 5


def one_run() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      tempfile.mkdtemp())
    app = QApplication([])
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(TICK_MS)
    QTimer.singleShot(WATCH_MS, app.quit)
    app.exec()
    print(f"{max(gaps) * 1000:.0f} {int(window._sections_built)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        one_run()
        return 0
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    longest = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--child"], capture_output=True,
                             text=True, env=env, check=True).stdout.split()
        gap, built = int(out[0]), out[1] == "1"
        if not built:
            print("the sections were not built within the watch: the figure is incomplete")
        longest.append(gap)
    load = os.getloadavg()[0]
    print(f"longest UI-thread gap in the {WATCH_MS / 1000:.0f} s after show, per run: "
          f"{', '.join(f'{g} ms' for g in longest)} (load {load:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
