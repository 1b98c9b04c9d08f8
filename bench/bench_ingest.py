"""Benchmarks for ingest (issue 3), each beside its reference, in one run.

    python bench/large_case.py       # once: the 500 exhibit PDFs
    python bench/bench_ingest.py     # prints Markdown rows for RESULTS.md

1. Import the 500 PDFs (10,000 pages: store, read, index) against poppler's
   `pdftotext` alone on the same files, as a ratio.
2. Peak memory of `casefile import` (the app and its reader process) on the
   500 PDFs plus one 150 MB scanned-style PDF.
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


def import_all(pdfs: list[Path]) -> float:
    from casefile.ingest import import_files
    from casefile.store import CaseFile

    with tempfile.TemporaryDirectory() as tmp:
        with CaseFile.create(Path(tmp) / "bench", auto_backup=False) as case:
            t = time.perf_counter()
            report = import_files(case, pdfs)
            elapsed = time.perf_counter() - t
        assert report.count("added") == len(pdfs), report.summary()
    return elapsed


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


def main() -> int:
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    sys.path.insert(0, str(REPO))
    pdfs = sorted(PDFS.glob("*.pdf"))
    if len(pdfs) != 500:
        print("Make the 500 PDFs first: python bench/large_case.py --pdfs-only",
              file=sys.stderr)
        return 1
    reference, ours = [], []
    for _ in range(RUNS):
        reference.append(pdftotext_all(pdfs))
        ours.append(import_all(pdfs))
    ref, imp = statistics.median(reference), statistics.median(ours)
    print(f"| Import 500 PDFs, 10,000 pages: store, read, index (median of {RUNS}) | "
          f"{imp:.1f} s | pdftotext alone on the same files: {ref:.1f} s "
          f"(ratio {imp / ref:.2f}x) | within 3x |")
    peak, seconds = peak_memory(pdfs)
    print(f"| Peak memory of `casefile import`: the 500 PDFs and a "
          f"{BIG.stat().st_size / 1e6:.0f} MB scanned PDF | {peak:.0f} MB | took "
          f"{seconds:.1f} s | < 500 MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
