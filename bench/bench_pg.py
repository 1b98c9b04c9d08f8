"""PostgreSQL beside SQLite (issue 20): opening the large case, and search p95.

    python bench/bench_pg.py --server 'postgresql://casefile@/{db}?host=/tmp/pg-h20'
    python bench/bench_pg.py --search-only --pages 500000 --reuse

The server is one of your own (initdb, a unix socket: see tests/backends.py);
``{db}`` is replaced by the bench's database names, which are dropped first.
Without ``--server`` the bench starts a cluster of its own in bench/data/pg
(made once; ``--keep`` leaves it running, ``--reuse`` measures the search
case already pushed into it, and the case file bench_search.py built).

1. The 20,000-entry case (bench/large_case.py, with 20 of its PDFs rather than
   500: opening does not read pages) is built as a case file, then copied
   table by table into a new case on the server (``push`` is not built yet).
   Each backend is then opened in a fresh process, with the first screen of
   the Vaughn index read (50 entries), median of 7; the same on SQLite.
2. The search bench's text-only case (bench_search.build_scale) at --pages
   pages (bench/data/scale.casefile at 500,000, as bench_search.py keeps it),
   pushed to the server by ``casefile push`` (store.transfer; timed); the
   query classes of bench_search.QUERIES, 5 rounds, p50 and p95 of
   ``casefile.search.search`` on each backend, interleaved query by query so
   the machine's load falls on both alike. On PostgreSQL twice: as it ranks
   (store.pg_ranked) and as it ranked before (``ts_rank_cd`` over every match).
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


PG_ROOT = HERE / "data" / "pg"


def _programs() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if not found:
        raise SystemExit("PostgreSQL's server programs are not installed (initdb, pg_ctl)")
    return found[0].parent


def _as_server_user() -> dict:
    import os
    import pwd

    if os.geteuid():
        return {}
    nobody = pwd.getpwnam("nobody")  # postgres refuses to run as root
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def start_cluster(root: Path = PG_ROOT) -> str:
    """A cluster of the bench's own in ``root`` (made once, kept: ``--reuse`` measures
    the databases already built in it), listening on a unix socket there only;
    returns the server URL with ``{db}``. As tests/backends.py: no fsync, as
    ``nobody`` under root."""
    import os

    programs, as_user = _programs(), _as_server_user()
    data = root / "data"

    def run(*args) -> subprocess.CompletedProcess:
        return subprocess.run([str(a) for a in args], capture_output=True, text=True,
                              cwd=root, **as_user)

    if not (data / "PG_VERSION").exists():
        root.mkdir(parents=True, exist_ok=True)
        if as_user:
            os.chown(root, as_user["user"], as_user["group"])
        done = run(programs / "initdb", "-D", data, "-U", "casefile", "--auth=trust", "-E",
                   "UTF8", "--no-sync", "--locale=C.UTF-8")
        if done.returncode:
            raise SystemExit(f"initdb failed: {done.stdout}{done.stderr}")
        (data / "pg_hba.conf").write_text("local all all trust\n")
    if run(programs / "pg_ctl", "-D", data, "status").returncode:
        options = (f"-k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c shared_buffers=512MB "
                   "-c maintenance_work_mem=512MB -c max_wal_size=4GB")
        done = run(programs / "pg_ctl", "-D", data, "-o", options, "-l", root / "log", "-w",
                   "start")
        if done.returncode:
            raise SystemExit(f"pg_ctl start failed: {done.stdout}{done.stderr}")
    return f"postgresql://casefile@/{{db}}?host={root}"


def stop_cluster(root: Path = PG_ROOT) -> None:
    subprocess.run([str(_programs() / "pg_ctl"), "-D", str(root / "data"), "-m", "fast",
                    "stop"], capture_output=True, cwd=root, **_as_server_user())


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


def _ts_rank_cd_pages(s, fts_query, tsq, want, request_id, date_from, date_to):
    """Pages as PostgreSQL ranked them before store.pg_ranked: ts_rank_cd over every match."""
    from sqlalchemy import text

    from casefile import search as base
    from casefile.store.pg_fts import CONFIG

    documents, params = base._document_filter(request_id, date_from, date_to)
    where = (f" AND ps.page_id IN (SELECT id FROM document_page WHERE document_id IN "
             f"({documents}))") if documents else ""
    rows = s.execute(text(
        f"SELECT ps.page_id, -ts_rank_cd(ps.tsv, to_tsquery('{CONFIG}', :q)) AS score "
        f"FROM page_search ps WHERE ps.tsv @@ to_tsquery('{CONFIG}', :q){where} "
        f"ORDER BY score, ps.page_id LIMIT :n"), {**params, "q": tsq, "n": want}).all()
    return base._page_hits(s, dict(rows))


def bench_search(locations: dict[str, str], repeats: int, queries: dict | None = None) -> dict:
    """{backend: {query class: (p50 ms, p95 ms, outcome)}}, every backend timed on
    each query in turn. ``postgresql, before`` is ts_rank_cd over every match."""
    from bench.bench_search import QUERIES, _p95
    from casefile.search import search

    QUERIES = queries or QUERIES  # noqa: N806
    from casefile.store import CaseFile, pg_ranked, pg_search

    ranked_now, every_now = pg_search._pages, pg_ranked._score_every_match
    every: list[str] = []

    def noting(s, tsq, *args):
        every.append(tsq)
        return every_now(s, tsq, *args)

    pg_ranked._score_every_match = noting
    cases = {name: CaseFile.open(loc, read_only=True) for name, loc in locations.items()}
    times: dict = {name: {kind: [] for kind in QUERIES} for name in cases}
    outcome: dict = {name: {kind: {} for kind in QUERIES} for name in cases}
    tops: dict = {name: {} for name in cases}
    try:
        for case in cases.values():
            search(case, "warm up the caches")
        for round_no in range(repeats):
            for kind, queries in QUERIES.items():
                for q in queries:
                    for name, case in cases.items():
                        if name.endswith("before") and round_no >= 2:
                            continue  # up to a second a search at 500,000 pages: two rounds
                        pg_search._pages = (_ts_rank_cd_pages if name.endswith("before")
                                            else ranked_now)
                        every.clear()
                        t = time.perf_counter()
                        results = search(case, q, kinds=("page",), limit=20)
                        times[name][kind].append(time.perf_counter() - t)
                        tops[name][q] = [h.id for h in results.hits]
                        outcome[name][kind][q] = (
                            "without hits" if not results.hits else
                            "scored over every match" if every else "ranked")
                    sys.stderr.write(".")
                    sys.stderr.flush()
    finally:
        pg_search._pages, pg_ranked._score_every_match = ranked_now, every_now
        for case in cases.values():
            case.close()
    sys.stderr.write("\n")
    out: dict = {}
    for name in cases:
        out[name] = {}
        for kind, samples in times[name].items():
            found = list(outcome[name][kind].values())
            said = ", ".join(f"{found.count(o)} {o}" for o in
                             ("ranked", "scored over every match", "without hits")
                             if o in found)
            out[name][kind] = (statistics.median(samples) * 1000, _p95(samples) * 1000,
                               f"{said}; {len(samples)} searches")
    # The same pages first on both backends (same BM25, same statistics)?
    if "sqlite" in tops and "postgresql" in tops:
        same = sum(1 for q in tops["sqlite"] if tops["sqlite"][q] == tops["postgresql"][q])
        out["same top 20 on both"] = f"{same} of {len(tops['sqlite'])} queries"
    return out


def index_cost(url_for, pages: int, runs: int = 2) -> dict[str, list[float]]:
    """Seconds ``fts.index_pages`` takes for ``pages`` pages in 1,000-page batches (as
    an import writes them) into a new case on the server, with the ranking's
    statistics (store.pg_stats) and without, alternating."""
    import random

    from sqlalchemy import insert

    from bench.bench_search import NAMES
    from bench.large_case import paragraph
    from casefile.store import CaseFile, fts, pg_stats
    from casefile.store.blobs import put_bytes
    from casefile.store.models import Document, DocumentPage

    real = pg_stats.index
    out: dict[str, list[float]] = {"with statistics": [], "without": []}
    try:
        for _ in range(runs):
            for mode in out:
                pg_stats.index = real if mode == "with statistics" else (lambda *a: None)
                drop(url_for, "bench_index_cost")
                rng, took = random.Random(7), 0.0
                with CaseFile.create(url_for("bench_index_cost")) as case:
                    for at in range(0, pages, 1000):
                        with case.transaction() as s:
                            blob, _ = put_bytes(s, f"placeholder {at}".encode())
                            document = Document(blob=blob, name=f"release-{at}.pdf",
                                                media_type="application/pdf", page_count=1000)
                            s.add(document)
                            s.flush()
                            rows = [{"document_id": document.id, "page_no": n + 1,
                                     "text": paragraph(rng, 8) + f" Witness {rng.choice(NAMES)}",
                                     "has_text_layer": True, "ocr": False} for n in range(1000)]
                            ids = s.scalars(insert(DocumentPage).returning(
                                DocumentPage.id, sort_by_parameter_order=True), rows).all()
                            t = time.perf_counter()
                            fts.index_pages(s.connection(), [
                                (i, document.name, r["text"])
                                for i, r in zip(ids, rows, strict=True)])
                            took += time.perf_counter() - t
                out[mode].append(took)
                print(f"  {mode}: {took:.1f} s", file=sys.stderr)
    finally:
        pg_stats.index = real
        drop(url_for, "bench_index_cost")
    return out


def scale_case(pages: int, reuse: bool) -> Path:
    """bench_search.py's text-only case of ``pages`` pages, built once in bench/data."""
    from bench.bench_search import SCALE, SCALE_PAGES, build_scale

    path = SCALE if pages == SCALE_PAGES else SCALE.with_name(f"scale-{pages}.casefile")
    if not (reuse and path.exists()):
        t = time.perf_counter()
        build_scale(path, pages=pages)
        print(f"built {pages:,} pages (SQLite) in {time.perf_counter() - t:.0f} s",
              file=sys.stderr)
    from casefile.store import CaseFile

    CaseFile.open(path, auto_backup=False).close()  # upgraded, if built by an older head
    return path


def pushed(path: Path, url_for, pages: int, reuse: bool) -> str:
    """The case file pushed to a database of its own (kept; pushed again unless reused)."""
    import psycopg
    from sqlalchemy import make_url

    from casefile.store import transfer

    name = f"bench_scale_{pages}"
    url = url_for(name)
    u = make_url(url)
    if reuse:
        try:
            with psycopg.connect(host=u.query["host"], user=u.username, dbname=name) as c:
                if c.execute("SELECT count(*) FROM page_search").fetchone()[0] == pages:
                    return url
        except psycopg.Error:
            pass
    drop(url_for, name)
    t = time.perf_counter()
    moved = transfer.push(path, url)
    took = time.perf_counter() - t
    with psycopg.connect(host=u.query["host"], user=u.username, dbname=name,
                         autocommit=True) as c:
        t = time.perf_counter()
        c.execute("VACUUM ANALYZE")
        vacuum = time.perf_counter() - t
    print(f"pushed {moved.pages:,} pages ({moved.rows:,} rows) with casefile push in "
          f"{took:.0f} s; VACUUM ANALYZE {vacuum:.0f} s", file=sys.stderr)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server",
                        help="postgresql://…/{db}?host=… with {db} for the database name "
                             "(default: a cluster of the bench's own in bench/data/pg)")
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--search-only", action="store_true",
                        help="the search figures only (not opening the large case)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the case file and database already built, if any")
    parser.add_argument("--keep", action="store_true",
                        help="leave the bench's own cluster running")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--index-cost", type=int, metavar="PAGES",
                        help="only time indexing PAGES pages with and without the statistics")
    parser.add_argument("--rebuild", action="store_true",
                        help="only time fts.rebuild on the --pages case pushed before")
    parser.add_argument("--hard", action="store_true",
                        help="also bench_search.HARD, one query at a time (3 runs each)")
    args = parser.parse_args()
    import os

    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    server = args.server or start_cluster()
    try:
        return _run(args, server)
    finally:
        if not (args.server or args.keep):
            stop_cluster()


def _run(args, server: str) -> int:
    import os

    def url_for(name: str) -> str:
        return server.replace("{db}", name)

    load = os.getloadavg()
    print(f"load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.index_cost:
        for mode, took in index_cost(url_for, args.index_cost).items():
            print(f"| fts.index_pages, {args.index_cost:,} pages in 1,000-page batches, "
                  f"{mode} | " + ", ".join(f"{t:.1f} s" for t in took) + " |")
        return 0
    if args.rebuild:
        # push = copying the rows + fts.rebuild: the second alone, rolled back after.
        from sqlalchemy import create_engine

        from casefile.store import fts

        engine = create_engine(url_for(f"bench_scale_{args.pages}").replace(
            "postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            t = time.perf_counter()
            pages = fts.rebuild(conn)
            print(f"| fts.rebuild on the server, {pages:,} pages (search index and "
                  f"statistics) | {time.perf_counter() - t:.0f} s |")
            conn.rollback()
        engine.dispose()
        return 0
    if args.search_only:
        scale = scale_case(args.pages, args.reuse)
        url = pushed(scale, url_for, args.pages, args.reuse)
        locations = {"sqlite": str(scale), "postgresql": url, "postgresql, before": url}
        _print_search(bench_search(locations, args.repeats), args.pages)
        if args.hard:
            from bench.bench_search import HARD

            _print_search(bench_search(locations, 3, {q: [q] for q in HARD}), args.pages)
        load = os.getloadavg()
        print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        return 0

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
            print(f"| {what}, {args.entries:,}-entry case, median of {RUNS} | "
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
        _print_search(bench_search({"sqlite": str(scale), "postgresql": url_for("bench_scale"),
                                    "postgresql, before": url_for("bench_scale")},
                                   args.repeats), args.pages)
    return 0


def _print_search(found: dict, pages: int) -> None:
    same = found.pop("same top 20 on both", None)
    print("| search | " + " | ".join(found) + " |")
    print("| --- |" + " --- |" * len(found))
    for kind in found["sqlite"]:
        cells = []
        for by_kind in found.values():
            p50, p95, said = by_kind[kind]
            cells.append(f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({said})")
        print(f"| {kind} ({pages:,} pages) | " + " | ".join(cells) + " |")
    if same:
        print(f"The same 20 pages first, in the same order, on SQLite and PostgreSQL: {same}.")


if __name__ == "__main__":
    raise SystemExit(main())
