"""PostgreSQL beside SQLite (issue 20): opening the large case, and search p95.

    python bench/bench_pg.py --server 'postgresql://casefile@/{db}?host=/tmp/pg-h20'

The server is one of your own (initdb, a unix socket: see tests/backends.py);
``{db}`` is replaced by the bench's database names, which are dropped first.

1. The 20,000-entry case (bench/large_case.py, with 20 of its PDFs rather than
   500: opening does not read pages) is built as a case file, then copied
   table by table into a new case on the server (``push`` is not built yet).
   Each backend is then opened in a fresh process, with the first screen of
   the Vaughn index read (50 entries), median of 7; the same on SQLite.
2. The search bench's text-only case (bench_search.build_scale) at --pages
   pages, copied the same way; the query classes of bench_search.QUERIES,
   5 rounds, p50 and p95 of ``casefile.search.search`` on each backend.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
RUNS = 7

CHILD = """
import json, sys, time
location = sys.argv[1]
from sqlalchemy import select
from casefile.store import CaseFile
from casefile.store.models import Record, VaughnIndex


def first_screen():
    with CaseFile.open(location) as case:
        with case.reading() as s:
            index_id = s.scalar(select(VaughnIndex.id).order_by(VaughnIndex.id).limit(1))
            rows = s.execute(select(Record.id, Record.entry_no, Record.bates_begin,
                                    Record.bates_end, Record.disposition,
                                    Record.challenge_state)
                             .where(Record.index_id == index_id)
                             .order_by(Record.position).limit(50)).all()
        assert len(rows) == 50
        return time.perf_counter()


t0 = time.perf_counter()
if location.startswith("postgresql"):  # the driver and dialect, loaded by the first open
    import psycopg, sqlalchemy.dialects.postgresql.psycopg  # noqa: E401
t1 = time.perf_counter()
t2 = first_screen()
t3 = time.perf_counter()
t4 = first_screen()
print(json.dumps({"driver": t1 - t0, "open": t2 - t1, "again": t4 - t3}))
"""


def copy_to_server(path: Path, url: str) -> float:
    """A new case at ``url`` holding exactly the rows of the case file ``path``."""
    from sqlalchemy import insert, select

    from casefile.store import CaseFile, pg_fts
    from casefile.store.models import Base

    t = time.perf_counter()
    CaseFile.create(url).close()
    source, target = CaseFile.open(path, read_only=True), CaseFile.open(url)
    try:
        with source.reading() as src, target.transaction() as dst:
            conn = dst.connection()
            # Foreign keys and the search triggers off while rows arrive in
            # table order; the indexes are rebuilt once at the end.
            conn.exec_driver_sql("SET session_replication_role = replica")
            tables = Base.metadata.sorted_tables
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables)
                                 + " CASCADE")
            for table in tables:
                batch = []
                for row in src.execute(select(table)).mappings():
                    batch.append(dict(row))
                    if len(batch) == 5000:
                        conn.execute(insert(table), batch)
                        batch = []
                if batch:
                    conn.execute(insert(table), batch)
                if "id" in table.c and table.c.id.autoincrement:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce(max(id), 0) + 1, false) FROM \"{table.name}\"")
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
            pg_fts.rebuild(conn)
    finally:
        source.close()
        target.close()
    import psycopg
    from sqlalchemy import make_url

    u = make_url(url)
    with psycopg.connect(host=u.query["host"], user=u.username, dbname=u.database,
                         autocommit=True) as c:
        c.execute("VACUUM ANALYZE")
    return time.perf_counter() - t


def drop(url_for, name: str) -> None:
    import psycopg
    from sqlalchemy import make_url

    u = make_url(url_for("postgres"))
    with psycopg.connect(host=u.query["host"], user=u.username, dbname="postgres",
                         autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_open(location: str) -> dict[str, float]:
    """Medians: loading the driver, the first open + first screen in a fresh
    process (after that), and a second open + first screen in the same process."""
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", CHILD, location], capture_output=True,
                             text=True, check=True, cwd=REPO).stdout
        samples.append(json.loads(out))
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def bench_search(location) -> dict[str, tuple[float, float, str]]:
    from bench.bench_search import QUERIES, REPEATS, _p95
    from casefile.search import search
    from casefile.store import CaseFile

    out = {}
    with CaseFile.open(location, read_only=True) as case:
        search(case, "warm up the caches")
        for kind, queries in QUERIES.items():
            times, hits = [], []
            for _ in range(REPEATS):
                for q in queries:
                    t = time.perf_counter()
                    results = search(case, q, kinds=("page",), limit=20)
                    times.append(time.perf_counter() - t)
                    hits.append(len(results.hits))
            out[kind] = (statistics.median(times) * 1000, _p95(times) * 1000,
                         f"{sum(1 for h in hits if h)}/{len(hits)} with hits")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True,
                        help="postgresql://…/{db}?host=… with {db} for the database name")
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()

    def url_for(name: str) -> str:
        return args.server.replace("{db}", name)

    from bench.bench_search import build_scale
    from bench.large_case import build, make_pdfs

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pdfs = make_pdfs(count=20, total_pages=200, folder=tmp / "pdfs")
        t = time.perf_counter()
        large = build(tmp / "large.casefile", pdfs, entries=args.entries)
        print(f"built the {args.entries:,}-entry case file in {time.perf_counter() - t:.0f} s",
              file=sys.stderr)
        drop(url_for, "bench_large")
        print(f"copied to the server in {copy_to_server(large, url_for('bench_large')):.0f} s",
              file=sys.stderr)
        opened = {"sqlite": bench_open(str(large)), "postgresql": bench_open(
            url_for("bench_large"))}
        for what, key in (("driver import (psycopg, the dialect)", "driver"),
                          ("open + first screen, first in a fresh process", "open"),
                          ("open + first screen, again in that process", "again")):
            print(f"| {what}, 20,000-entry case, median of {RUNS} | "
                  + " | ".join(f"{k}: {v[key] * 1000:.0f} ms" for k, v in opened.items())
                  + " |")
        sys.stdout.flush()

        t = time.perf_counter()
        scale = tmp / "scale.casefile"
        build_scale(scale, pages=args.pages)
        print(f"built {args.pages:,} pages in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        drop(url_for, "bench_scale")
        print(f"copied to the server in {copy_to_server(scale, url_for('bench_scale')):.0f} s",
              file=sys.stderr)
        found = {"sqlite": bench_search(scale), "postgresql": bench_search(url_for("bench_scale"))}
        for kind in found["sqlite"]:
            cells = []
            for backend, by_kind in found.items():
                p50, p95, hits = by_kind[kind]
                cells.append(f"{backend}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({hits})")
            print(f"| search {kind}, {args.pages:,} pages | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
