"""Benchmarks for the case file itself (issue 2), each beside its reference.

    python bench/large_case.py     # once: builds bench/data/large.casefile
    python bench/bench_store.py    # prints a Markdown table for RESULTS.md

1. Open the 20,000-entry case and run its first query (the first screen of
   the Vaughn index), in a fresh process each time, against raw sqlite3
   opening the same file and running the same SQL.
2. Create the demo case: in-process, and as the whole `casefile demo` command.
3. Case file size against the PDFs' total size plus their text.

The machine is shared and noisy: every figure is the median of several runs,
and each comparison is made in the same run, as a ratio.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LARGE = HERE / "data" / "large.casefile"
PDFS = HERE / "data" / "pdfs"
RUNS = 7

FIRST_SCREEN_SQL = (
    "SELECT record.id, record.entry_no, record.bates_begin, record.bates_end, "
    "record.disposition, record.challenge_state FROM record "
    "WHERE record.index_id = ? ORDER BY record.position LIMIT 50"
)

CHILD = """
import json, sqlite3, sys, time
path, sql = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
from sqlalchemy import select
from casefile.store import CaseFile
from casefile.store.models import Record, VaughnIndex
t1 = time.perf_counter()
with CaseFile.open(path) as case:
    with case.reading() as s:
        index_id = s.scalar(select(VaughnIndex.id).order_by(VaughnIndex.id).limit(1))
        rows = s.execute(select(Record.id, Record.entry_no, Record.bates_begin, Record.bates_end,
                                Record.disposition, Record.challenge_state)
                         .where(Record.index_id == index_id)
                         .order_by(Record.position).limit(50)).all()
    t2 = time.perf_counter()
assert len(rows) == 50
t3 = time.perf_counter()
raw = sqlite3.connect(path)
index_id = raw.execute("SELECT id FROM vaughn_index ORDER BY id LIMIT 1").fetchone()[0]
raw_rows = raw.execute(sql, (index_id,)).fetchall()
t4 = time.perf_counter()
raw.close()
assert len(raw_rows) == 50
print(json.dumps({"imports": t1 - t0, "casefile": t2 - t1, "sqlite3": t4 - t3}))
"""


def bench_open() -> dict:
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", CHILD, str(LARGE), FIRST_SCREEN_SQL],
                             capture_output=True, text=True, check=True, cwd=REPO).stdout
        samples.append(json.loads(out))
    med = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    med["ratio"] = med["casefile"] / med["sqlite3"]
    return med


def bench_demo() -> dict:
    from casefile.demo import build_demo

    in_process, whole = [], []
    with tempfile.TemporaryDirectory() as tmp:
        build_demo(Path(tmp) / "warm")  # imports and first-use costs, not measured
        for n in range(RUNS):
            t = time.perf_counter()
            build_demo(Path(tmp) / f"d{n}")
            in_process.append(time.perf_counter() - t)
        for n in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "casefile", "demo", "--no-gui", "--out",
                            str(Path(tmp) / f"c{n}")], check=True, capture_output=True,
                           cwd=REPO)
            whole.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = time.perf_counter() - t
    return {"in_process": statistics.median(in_process), "command": statistics.median(whole),
            "python_startup": bare}


def bench_size() -> dict:
    """A case holding only the 500 PDFs, imported as a user would: bytes, each
    page's text (compressed) and the search index.

    The reference is the PDFs' size plus their text as poppler's pdftotext
    reads it. (The large case also holds 20,000 Vaughn entries and 2,000
    letters, which are not part of that figure.)
    """
    from casefile.ingest import import_files
    from casefile.store import CaseFile

    pdfs = sorted(PDFS.glob("*.pdf"))
    pdf_bytes = sum(p.stat().st_size for p in pdfs)
    text_bytes = sum(len(subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), "-"],
                                        capture_output=True, check=True).stdout)
                     for p in pdfs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pdfs-only.casefile"
        t = time.perf_counter()
        with CaseFile.create(path, auto_backup=False) as case:
            import_files(case, pdfs)
        import_seconds = time.perf_counter() - t
        case_bytes = path.stat().st_size
    return {"case_file": case_bytes, "pdfs": pdf_bytes, "pdf_count": len(pdfs),
            "text": text_bytes, "import_seconds": import_seconds,
            "large_case": LARGE.stat().st_size}


def main() -> int:
    # Backups the benchmarks cause stay in bench/out, not the user's own folder.
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    if not LARGE.exists():
        print("Build the large case first: python bench/large_case.py", file=sys.stderr)
        return 1
    sys.path.insert(0, str(REPO))
    o = bench_open()
    d = bench_demo()
    z = bench_size()
    print(f"| Open the 20,000-entry case + first query (median of {RUNS} fresh processes) | "
          f"{o['casefile'] * 1000:.0f} ms | raw sqlite3, same file and SQL: "
          f"{o['sqlite3'] * 1000:.1f} ms (ratio {o['ratio']:.0f}x); imports before it: "
          f"{o['imports'] * 1000:.0f} ms | < 300 ms |")
    print(f"| Create the demo case | {d['in_process'] * 1000:.0f} ms in process; "
          f"{d['command'] * 1000:.0f} ms as `casefile demo --no-gui` | python startup "
          f"{d['python_startup'] * 1000:.0f} ms | < 2 s |")
    text = z["text"]
    print(f"| Case file with {z['pdf_count']} exhibit PDFs imported (bytes, page text, "
          f"search index) | {z['case_file'] / 1e6:.1f} MB | PDFs {z['pdfs'] / 1e6:.1f} MB + "
          f"text {text / 1e6:.1f} MB = {(z['pdfs'] + text) / 1e6:.1f} MB: ratio "
          f"{z['case_file'] / (z['pdfs'] + text):.3f} | within 5% |")
    print(f"| (for scale) that import | {z['import_seconds']:.1f} s | whole large case file: "
          f"{z['large_case'] / 1e6:.1f} MB | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
