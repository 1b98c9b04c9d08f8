"""Benchmarks for ingest (issue 3), each beside its reference, in one run.

    python bench/large_case.py --pdfs-only   # once: the 500 exhibit PDFs
    python bench/bench_ingest.py [--runs N] [--no-memory]   # Markdown rows

1. Import the 500 PDFs (10,000 pages: store, read, index) against poppler's
   `pdftotext` alone on the same files, as a ratio; beside it, in the same
   runs, the import with one file sent ahead per child (as before 2026-12-08),
   with one reader child (as before issue 21 item 4) and with the reader's
   read-ahead turned off (each file read, then stored, one after the other:
   the import as it was before issue 21).
2. Flat in the size of the case: the last 125 PDFs into a case that already
   holds the other 375 (about 7,500 pages) against the same 125 into an
   empty case.
3. Shares: the reader's work alone, in this process (pdfium's text and the
   privacy check made on the same pages), and the same with the privacy
   check replaced by one that does nothing; and a reader child's start.
4. Peak memory of `casefile import` (the app and its reader process) on the
   500 PDFs plus one 150 MB scanned-style PDF.

The load average is printed at the start and end of every run: on a shared
laptop the ratios move with it, the absolute times much more.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PDFS = HERE / "data" / "pdfs"
BIG = HERE / "data" / "big-scan.pdf"
RUNS = 3


def pdftotext_all(pdfs: list[Path]) -> float:
    t = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True)
    return time.perf_counter() - t


def _reader(ahead: bool, children: int | None = None):
    from casefile.ingest.worker import Reader

    class NoReadAhead(Reader):
        def read_ahead(self, *args, **kwargs) -> bool:
            return False  # each file read in its own turn, as before the read-ahead

    return Reader(children=children) if ahead else NoReadAhead(children=1)


def import_all(pdfs: list[Path], *, ahead: bool = True, first: list[Path] = (),
               children: int | None = None, per_child: int | None = None) -> float:
    """Seconds to import ``pdfs`` (the reader's start included), into a case that
    already holds ``first`` (imported before the clock starts); ``per_child``: the
    files sent ahead to each reader child at most, if not the app's own number."""
    from casefile.ingest import import_files, worker
    from casefile.store import CaseFile

    if per_child is not None:
        own = worker.AHEAD_PER_CHILD
        worker.AHEAD_PER_CHILD = per_child
        try:
            return import_all(pdfs, ahead=ahead, first=first, children=children)
        finally:
            worker.AHEAD_PER_CHILD = own

    with tempfile.TemporaryDirectory() as tmp:
        with CaseFile.create(Path(tmp) / "bench", auto_backup=False) as case:
            if first:
                with _reader(True) as reader:
                    import_files(case, first, reader=reader)
            t = time.perf_counter()
            with _reader(ahead, children) as reader:
                report = import_files(case, pdfs, reader=reader)
            elapsed = time.perf_counter() - t
        assert report.count("added") == len(pdfs), report.summary()
    return elapsed


def read_all(pdfs: list[Path], *, privacy: bool = True) -> float:
    """The reader's own work on ``pdfs``, in this process: text and, unless
    ``privacy`` is off, the privacy check on the same loaded pages."""
    from casefile.ingest import extract
    from casefile.privacy import import_check as stored

    real = stored.PageCheck

    class NoCheck:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def page(self, *args, **kwargs) -> None:
            pass

        def finish(self, *args, **kwargs):
            return None

    stored.PageCheck = real if privacy else NoCheck
    try:
        t = time.perf_counter()
        for pdf in pdfs:
            extract.extract("application/pdf", pdf, lambda *page: None, ocr=False)
        return time.perf_counter() - t
    finally:
        stored.PageCheck = real


def reader_start() -> float:
    from casefile.ingest.worker import Reader

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "four.txt"
        small.write_text("four", encoding="utf-8")
        t = time.perf_counter()
        with Reader() as reader:
            reader.extract("text/plain", small, lambda *page: None, ocr=False)
        return time.perf_counter() - t


def big_scan() -> Path:
    """A 150 MB PDF of page-size noise images: what a scanned production weighs."""
    if BIG.exists():
        return BIG
    from PIL import Image
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(BIG), pagesize=LETTER, invariant=1)
    for n in range(60):
        noise = Image.frombytes("RGB", (1275, 1650), os.urandom(1275 * 1650 * 3))
        buffer = io.BytesIO()
        noise.save(buffer, "JPEG", quality=95)
        buffer.seek(0)
        canvas.drawImage(ImageReader(buffer), 0, 0, *LETTER)
        canvas.drawString(72, 72, f"Scanned page {n + 1}")
        canvas.showPage()
    canvas.save()
    return BIG


MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t)
"""


def peak_memory(pdfs: list[Path]) -> tuple[float, float]:
    """(peak RSS in MB of `casefile import` and its reader, seconds taken).

    Measured from a fresh process whose only child is the import, since
    ru_maxrss of children is a running maximum over every child waited for.
    """
    big = big_scan()
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "mem"
        env = {**os.environ, "CASEFILE_DATA_DIR": str(Path(tmp) / "data")}
        subprocess.run([sys.executable, "-m", "casefile", "new", str(case)], check=True,
                       capture_output=True, env=env, cwd=REPO)
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, sys.executable, "-m", "casefile", "import",
             f"{case}.casefile", "--no-ocr", str(big), *map(str, pdfs)],
            check=True, capture_output=True, text=True, env=env, cwd=REPO).stdout.split()
    # ru_maxrss (kB on Linux) is the largest of the app and its reader process.
    return int(out[0]) / 1024, float(out[1])


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    sys.path.insert(0, str(REPO))
    pdfs = sorted(PDFS.glob("*.pdf"))
    if len(pdfs) != 500:
        print("Make the 500 PDFs first: python bench/large_case.py --pdfs-only",
              file=sys.stderr)
        return 1
    runs = args.runs
    from casefile.ingest.worker import Reader

    readers = Reader().children
    reference, ours, before, ratios, before_ratios = [], [], [], [], []
    single, single_ratios, shallow, shallow_ratios = [], [], [], []
    for n in range(runs):
        print(f"run {n + 1}: load {_load()}", file=sys.stderr, flush=True)
        ref = pdftotext_all(pdfs)
        imp = import_all(pdfs)
        depth1 = import_all(pdfs, per_child=1)
        one = import_all(pdfs, children=1)
        old = import_all(pdfs, ahead=False)
        reference.append(ref)
        ours.append(imp)
        single.append(one)
        shallow.append(depth1)
        shallow_ratios.append(depth1 / ref)
        before.append(old)
        ratios.append(imp / ref)
        single_ratios.append(one / ref)
        before_ratios.append(old / ref)
        print(f"  pdftotext {ref:.1f} s, import {imp:.1f} s ({imp / ref:.2f}x, {readers} "
              f"readers), one file ahead per child {depth1:.1f} s ({depth1 / ref:.2f}x), "
              f"one reader {one:.1f} s ({one / ref:.2f}x), without read-ahead "
              f"{old:.1f} s ({old / ref:.2f}x); load {_load()}", file=sys.stderr, flush=True)
    ref, imp, one, old = (statistics.median(x) for x in (reference, ours, single, before))
    print(f"| Import 500 PDFs, 10,000 pages: store, read, index ({readers} reader children; "
          f"median of {runs}) | "
          f"{imp:.1f} s | pdftotext alone on the same files: {ref:.1f} s "
          f"(ratio {statistics.median(ratios):.2f}x; each run "
          f"{', '.join(f'{r:.2f}' for r in ratios)}) | within 1.5x |")
    print(f"| The same with one file sent ahead per child (before 2026-12-08), same runs | "
          f"{statistics.median(shallow):.1f} s | "
          f"ratio {statistics.median(shallow_ratios):.2f}x (each run "
          f"{', '.join(f'{r:.2f}' for r in shallow_ratios)}) | |")
    print(f"| The same with one reader child, same runs | {one:.1f} s | "
          f"ratio {statistics.median(single_ratios):.2f}x (each run "
          f"{', '.join(f'{r:.2f}' for r in single_ratios)}) | |")
    print(f"| The same, without the read-ahead (one reader, each file in its turn), same runs "
          f"| {old:.1f} s | "
          f"ratio {statistics.median(before_ratios):.2f}x (each run "
          f"{', '.join(f'{r:.2f}' for r in before_ratios)}) | |")
    last, first = pdfs[375:], pdfs[:375]
    empty, full = [], []
    for _ in range(runs):
        empty.append(import_all(last))
        full.append(import_all(last, first=first))
    e, f = statistics.median(empty), statistics.median(full)
    print(f"| The last 125 PDFs into a case holding the other 375 (about 7,500 pages), "
          f"median of {runs} | {f:.1f} s | the same 125 into an empty case: {e:.1f} s "
          f"(ratio {f / e:.2f}x) | flat (1.0x) |")
    with_check = statistics.median(read_all(pdfs) for _ in range(runs))
    without = statistics.median(read_all(pdfs, privacy=False) for _ in range(runs))
    print(f"| Reading alone, in process: pdfium's text and the privacy check | "
          f"{with_check:.1f} s | without the privacy check: {without:.1f} s (its share "
          f"{(with_check - without) / with_check:.0%}) | |")
    start = statistics.median(reader_start() for _ in range(5))
    print(f"| A reader child's start and a 4-byte file read (median of 5) | {start:.2f} s | "
          f"| |")
    print(f"load average at the end: {_load()}")
    if args.no_memory:
        return 0
    peak, seconds = peak_memory(pdfs)
    print(f"| Peak memory of `casefile import`: the 500 PDFs and a "
          f"{BIG.stat().st_size / 1e6:.0f} MB scanned PDF | {peak:.0f} MB | took "
          f"{seconds:.1f} s | < 500 MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
