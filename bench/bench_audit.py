"""What the audit log's hooks cost a save (issue 20, item 2).

    python bench/bench_audit.py [--rows N] [--runs R] [--server URL-with-{db}]

On a new case file (and, with --server, a new database on a server of your
own, as bench_pg.py takes it): N requests added in one transaction, the
subject of each changed in another, and 200 one-field saves each in its own
transaction (a user's edits), with casefile.audit's session hooks on, then
removed (the row version counter stays: it is the mapper's). Median of R
runs each; the load average is printed, as the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _hooks(on: bool) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from casefile import audit

    for name, fn in (("before_flush", audit._before_flush), ("after_flush", audit._after_flush),
                     ("do_orm_execute", audit._bulk_statement)):
        if on and not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
        elif not on and event.contains(Session, name, fn):
            event.remove(Session, name, fn)


def one_run(location, rows: int) -> tuple[float, float, float]:
    from casefile.matter import add_agency
    from casefile.requests import add_request, update_request
    from casefile.store import CaseFile
    from casefile.store.models import FoiaRequest

    case = CaseFile.create(location)
    case.auto_backup = False
    with case:
        t0 = time.perf_counter()
        with case.transaction() as s:
            agency = add_agency(s, "Immigration and Customs Enforcement", "ICE")
            ids = [add_request(s, agency, "IDP", f"Subject {n}").id for n in range(rows)]
        t1 = time.perf_counter()
        with case.transaction() as s:
            for request_id in ids:
                update_request(s, s.get(FoiaRequest, request_id), subject="Changed")
        t2 = time.perf_counter()
        for n in range(200):
            with case.transaction() as s:
                update_request(s, s.get(FoiaRequest, ids[n % len(ids)]), subject=f"Edit {n}")
        t3 = time.perf_counter()
    return t1 - t0, t2 - t1, (t3 - t2) / 200


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--server", help="postgresql://…/{db}?host=…: also on a server")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    backends = ["sqlite"] + (["postgresql"] if args.server else [])
    for backend in backends:
        for on in (True, False):
            _hooks(on)
            results = []
            for _ in range(args.runs):
                if backend == "sqlite":
                    with tempfile.TemporaryDirectory() as folder:
                        results.append(one_run(Path(folder) / "b.casefile", args.rows))
                else:
                    db = f"bench_audit_{uuid.uuid4().hex[:8]}"
                    results.append(one_run(args.server.replace("{db}", db), args.rows))
            add, change, single = (statistics.median(r[i] for r in results) for i in range(3))
            print(f"| {backend} | hooks {'on' if on else 'off'} | add {args.rows}: {add:.2f} s "
                  f"| change {args.rows}: {change:.2f} s | one save: {single * 1000:.1f} ms |")
    _hooks(True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
