"""Others' saves heard and shown (issue 20, item 2): LISTEN/NOTIFY latency and cost.

    python bench/bench_notify.py --server 'postgresql://casefile@/{db}?host=/tmp/pg-h20'

The server is one of your own (initdb, a unix socket: see tests/backends.py);
``{db}`` is replaced by the bench's database name, which is dropped first.

1. Commit → listener: one session saves a deadline (its own transaction), the
   other session's ChangeListener (store/pg_notify.py) hears it; 100 saves 50 ms
   apart, p50/p95/max of the time from the commit's return to the callback.
2. Commit → window: the main window (offscreen) open on the case at its
   deadlines; another session renames a deadline; the time until the view shows
   the new title (the gathering pause, the agenda counted again, the tree
   filled). 15 rounds, p50/p95/max.
3. What the triggers cost a writer: 2,000 one-row UPDATE statements in one
   transaction (the worst case: a statement-level trigger fires per statement),
   with the triggers and with them dropped, median of 5.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _pcts(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (f"p50 {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {values[-1] * 1000:.1f} ms (n={len(values)})")


def _fresh(url: str) -> None:
    from sqlalchemy import create_engine, make_url

    from casefile.store import CaseFile, postgres

    u = postgres.as_url(url)
    admin = create_engine(make_url(str(u.set(database="postgres"))), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)')
    admin.dispose()
    CaseFile.create(url).close()


def listener_latency(url: str, rounds: int = 100) -> list[float]:
    from casefile.deadlines.entered import add_deadline
    from casefile.store import CaseFile, pg_notify

    heard: queue.Queue = queue.Queue()
    with CaseFile.open(url) as mine, CaseFile.open(url) as theirs:
        own = pg_notify.OwnBackends(mine.engine)
        listener = pg_notify.ChangeListener(
            pg_notify.connector(mine.engine), own=own,
            on_changes=lambda t: heard.put(time.perf_counter()))
        thread = threading.Thread(target=listener.run, daemon=True)
        thread.start()
        listener.listening.wait(5)
        out = []
        for n in range(rounds):
            with theirs.transaction() as s:
                add_deadline(s, f"D{n}", date(2030, 1, 1))
            committed = time.perf_counter()
            out.append(heard.get(timeout=5) - committed)
            time.sleep(0.05)
        listener.stop()
        thread.join(2)
    return out


def window_latency(url: str, rounds: int = 15) -> list[float]:
    from PySide6.QtWidgets import QApplication, QTreeWidgetItemIterator

    from casefile.deadlines.entered import add_deadline, update_deadline
    from casefile.store import CaseFile
    from casefile.store.models import Deadline
    from ui.main_window import MainWindow, _section

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.show()
    with CaseFile.open(url) as theirs:
        with theirs.transaction() as s:
            deadline_id = add_deadline(s, "Answer due", date(2030, 3, 1)).id
        window.open_case(Path(url))
        window.navigator.setCurrentRow(_section("deadlines"))

        def titles() -> set[str]:
            out, it = set(), QTreeWidgetItemIterator(window.deadlines.tree)
            while it.value():
                out.add(it.value().text(2))
                it += 1
            return out

        def wait_for(title: str, limit: float = 5.0) -> float:
            start = time.perf_counter()
            while title not in titles():
                app.processEvents()
                time.sleep(0.002)
                if time.perf_counter() - start > limit:
                    raise RuntimeError(f"{title!r} not shown in {limit} s")
            return time.perf_counter()

        wait_for("Answer due")
        while not window._remote.listener.listening.is_set():
            app.processEvents()
        out = []
        for n in range(rounds):
            with theirs.transaction() as s:
                update_deadline(s, s.get(Deadline, deadline_id), title=f"Answer due {n}")
            committed = time.perf_counter()
            out.append(wait_for(f"Answer due {n}") - committed)
            end = time.perf_counter() + 0.2
            while time.perf_counter() < end:
                app.processEvents()
                time.sleep(0.005)
    window.close_case()
    window.close()
    return out


def trigger_cost(url: str, statements: int = 2000, runs: int = 5) -> tuple[float, float]:
    from casefile.deadlines.entered import add_deadline
    from casefile.store import CaseFile, pg_notify

    with CaseFile.open(url) as case:
        with case.transaction() as s:
            ids = [add_deadline(s, f"C{n}", date(2030, 1, 1)).id for n in range(statements)]

        def one_run() -> float:
            with case.engine.begin() as conn:
                start = time.perf_counter()
                for i in ids:
                    conn.exec_driver_sql("UPDATE deadline SET title = title || '' WHERE id = %s",
                                         (i,))
                return time.perf_counter() - start

        with_triggers = statistics.median(one_run() for _ in range(runs))
        with case.engine.begin() as conn:
            pg_notify.uninstall(conn, pg_notify.tables())
        without = statistics.median(one_run() for _ in range(runs))
        with case.engine.begin() as conn:
            pg_notify.install(conn)
    return with_triggers, without


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="a URL with {db} for the database")
    args = parser.parse_args()
    url = args.server.replace("{db}", "bench_notify")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    _fresh(url)
    print("commit → listener:", _pcts(listener_latency(url)))
    print("commit → window shows it:", _pcts(window_latency(url)))
    with_t, without = trigger_cost(url)
    print(f"2,000 one-row UPDATEs in one transaction: {with_t * 1000:.0f} ms with the "
          f"triggers, {without * 1000:.0f} ms without ({(with_t / without - 1) * 100:+.0f}%)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
