"""The exhibit bundle figures (issue 6), beside qpdf in one run.

    python bench/bench_bundle.py             # 200 exhibits, 5,000 pages; then 20,000 pages

- 200 exhibits of 25 pages (5,000 pages) with slip sheets, stamps, footers,
  Bates numbers, index and bookmarks, against `qpdf --empty --pages … --
  out.pdf` merging the same files with none of that: target within 1.5x.
  Medians of 3, ours and qpdf's alternating; "build" is the build itself
  (read from the case file to files written and preflighted), "process" adds
  Python's start and imports.
- 20,000 pages (200 exhibits of 100): peak memory (ru_maxrss of a child
  process doing only the build) under 1 GB; output within 10% of the merged
  sources' size.

The exhibits are text PDFs from ReportLab with the agency's Bates number on
each page, cached in bench/data/bundle.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
DATA = HERE / "data" / "bundle"
REPEATS = 3


def make_sources(exhibits: int, pages: int) -> list[Path]:
    import random

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    from bench.large_case import paragraph

    folder = DATA / f"{exhibits}x{pages}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"exhibit-{n:03d}.pdf" for n in range(exhibits)]
    if all(p.exists() for p in paths):
        return paths
    rng = random.Random(5)
    for n, path in enumerate(paths):
        buffer = io.BytesIO()
        c = Canvas(buffer, pagesize=letter, invariant=1, pageCompression=1)
        for p in range(pages):
            text = c.beginText(72, 720)
            text.setFont("Times-Roman", 11)
            for _line in range(40):
                text.textLine(paragraph(rng, 1)[:95])
            c.drawText(text)
            c.setFont("Helvetica-Bold", 9)
            c.drawRightString(540, 40, f"ICE-2020-{n * pages + p + 1:06d}")
            c.showPage()
        c.save()
        path.write_bytes(buffer.getvalue())
    return paths


def build_case(case_path: Path, sources: list[Path]) -> None:
    from casefile.exhibits import add_exhibit, add_set
    from casefile.ingest.batch import add_document
    from casefile.store import CaseFile

    for stale in case_path.parent.glob(case_path.name + "*"):
        stale.unlink()
    with CaseFile.create(case_path) as case, case.transaction() as s:
        exhibit_set = add_set(s, "Bench exhibits")
        for n, source in enumerate(sources, 1):
            document, _ = add_document(s, source)
            add_exhibit(s, exhibit_set, document, f"Production excerpt {n}")


def run_build(case_path: Path, out: Path) -> None:
    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build
    from casefile.exhibits import find_set
    from casefile.store import CaseFile

    big = profiles.Profile("bench", "bench", size_limit_mb=10_000)
    start = time.perf_counter()
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        build(s, find_set(s, "Bench exhibits"), out, BundleOptions(big, bates_prefix="PLTF-"))
    (out / "build-seconds").write_text(f"{time.perf_counter() - start:.3f}")


def timed_child(*args: str) -> tuple[float, int]:
    """Run this script as a child doing one job; its wall time and peak RSS (bytes)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, __file__, *args], check=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return elapsed, peak


def figures(exhibits: int, pages: int, tmp: Path) -> list[str]:
    sources = make_sources(exhibits, pages)
    case_path = tmp / f"bench{exhibits}x{pages}.casefile"
    build_case(case_path, sources)
    out = tmp / f"out{pages}"
    qpdf_out = tmp / "qpdf.pdf"
    builds, processes, refs = [], [], []
    for _ in range(REPEATS):  # alternating, so that the machine's moods fall on both
        shutil.rmtree(out, ignore_errors=True)
        process, peak = timed_child("--child-build", str(case_path), str(out))
        processes.append(process)
        builds.append(float((out / "build-seconds").read_text()))
        start = time.perf_counter()
        subprocess.run(["qpdf", "--empty", "--pages", *map(str, sources), "--",
                        str(qpdf_out)], check=True)
        refs.append(time.perf_counter() - start)
    ours, process, ref = (statistics.median(x) for x in (builds, processes, refs))
    [pdf] = [p for p in out.iterdir() if p.suffix == ".pdf"]
    total = exhibits * pages
    merged = qpdf_out.stat().st_size
    size = pdf.stat().st_size
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True)
    rows = [f"| {exhibits} exhibits, {total:,} pages: slip sheets, stamps, footers, Bates, "
            f"index, bookmarks | {ours:.1f} s (the whole process: {process:.1f} s) | qpdf "
            f"merging the same files: {ref:.1f} s (ratio {ours / ref:.2f}x; process "
            f"{process / ref:.2f}x) | within 1.5x |",
            f"| — its peak memory | {peak / 1e6:.0f} MB | | under 1 GB |",
            f"| — its size | {size / 1e6:.1f} MB | qpdf's merge: {merged / 1e6:.1f} MB "
            f"(ratio {size / merged:.3f}) | within 10% |",
            f"| — qpdf --check | {'clean' if check.returncode == 0 else 'ERRORS'} | | |"]
    shutil.rmtree(out, ignore_errors=True)
    return rows


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        run_build(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    print("| figure | measured | beside it | target |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for exhibits, pages in ((200, 25), (200, 100)):
            for row in figures(exhibits, pages, tmp):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CASEFILE_DATA_DIR", tempfile.mkdtemp())
    sys.exit(main())
