"""Sync of 1,000 offline edits with 20 conflicts (issue 20's figure: under 5 s).

    python bench/bench_sync.py [--server 'postgresql://casefile@/{db}?host=/tmp/pg-sync']

The demo case gets 1,000 deadlines (one transaction, logged row by row as the
window's adds are), then parts in two: a copy (MINE) and THEIRS. MINE changes
the title of every deadline, one save each (1,000 edits, 1,000 log entries);
THEIRS, as "maria", changes the rule of 980 of them and the title of the last
20 (the 20 conflicts). Timed: `merge` of THEIRS into MINE, in-process (opening
both included). With --server, the same on a server: the demo pushed, pulled,
MINE's edits made in the pulled copy and THEIRS's on the server, then `sync`
(both legs) timed; ``{db}`` is replaced by a database name, dropped first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

DEADLINES, CONFLICTS = 1000, 20


def _add_deadlines(location) -> None:
    from datetime import date

    from casefile.store import CaseFile
    from casefile.store.models import Deadline, DeadlineKind

    with CaseFile.open(location) as case, case.transaction() as s:
        for n in range(DEADLINES):
            s.add(Deadline(title=f"Bench deadline {n}", due_on=date(2027, 1, 1 + n % 28),
                           kind=DeadlineKind.INTERNAL))


def _edit(location, field: str, which: slice, value: str, who: str | None) -> None:
    from sqlalchemy import select

    from casefile import versions
    from casefile.store import CaseFile
    from casefile.store.models import Deadline

    saved = versions.current_user
    if who:
        versions._users.clear()
        versions.current_user = lambda session: who
    try:
        with CaseFile.open(location) as case:
            with case.reading() as s:
                ids = s.scalars(select(Deadline.id).where(Deadline.title.like("Bench %"))
                                .order_by(Deadline.id)).all()[which]
            for i in ids:  # one save each, as a user makes them
                with case.transaction() as s:
                    setattr(s.get(Deadline, i), field, f"{value} {i}")
    finally:
        versions.current_user = saved
        versions._users.clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    os.environ.setdefault("CASEFILE_DATA_DIR", str(folder / "data"))
    from casefile.demo import build_demo
    from casefile.sync import merge, sync

    demo = build_demo(folder)
    _add_deadlines(demo)
    mine, theirs = folder / "mine.casefile", folder / "theirs.casefile"
    shutil.copyfile(demo, mine)
    shutil.copyfile(demo, theirs)
    t = time.perf_counter()
    _edit(mine, "title", slice(None), "Mine", None)
    edits = time.perf_counter() - t
    _edit(theirs, "rule", slice(0, DEADLINES - CONFLICTS), "Hers", "maria")
    _edit(theirs, "title", slice(DEADLINES - CONFLICTS, None), "Hers", "maria")
    t = time.perf_counter()
    merged = merge(mine, theirs)
    took = time.perf_counter() - t
    print(f"1,000 edits saved one by one in MINE: {edits:.1f} s")
    print(f"merge: {took:.2f} s; took {merged.taken}, {len(merged.conflicts)} conflicts, "
          f"{merged.entries} log entries copied")

    if args.server:
        import psycopg
        from sqlalchemy import make_url

        from casefile.store.transfer import pull, push

        url = args.server.replace("{db}", "bench_sync")
        plain = make_url(url)
        with psycopg.connect(host=plain.query.get("host"), user=plain.username,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bench_sync" WITH (FORCE)')
        push(demo, url)
        copy = folder / "offline.casefile"
        pull(url, copy)
        _edit(copy, "title", slice(None), "Mine", None)
        _edit(url, "rule", slice(0, DEADLINES - CONFLICTS), "Hers", "maria")
        _edit(url, "title", slice(DEADLINES - CONFLICTS, None), "Hers", "maria")
        t = time.perf_counter()
        synced = sync(copy)
        took = time.perf_counter() - t
        print(f"sync: {took:.2f} s; took {synced.taken.taken}, sent {synced.sent.taken}, "
              f"{len(synced.taken.conflicts)} conflicts")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
