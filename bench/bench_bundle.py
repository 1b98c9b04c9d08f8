"""The exhibit bundle figures (issue 6), beside qpdf in one run.

    python bench/bench_bundle.py             # 200 exhibits, 5,000 pages; then 20,000 pages
    python bench/bench_bundle.py --small --before /tmp/old   # 5,000 only, an old checkout beside

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
REPEATS = int(os.environ.get("BUNDLE_BENCH_REPEATS", "3"))


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


def timed(command: list[str], env: dict | None = None, quiet: bool = False
          ) -> tuple[float, int, float]:
    """Wall time, peak RSS (bytes) and CPU seconds of one child: its own, from
    wait4 (the children's ru_maxrss is the largest of all children so far);
    its CPU includes the children it waited for (the build's qpdf --check),
    and moves less with the machine's load than the wall time does."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env,
                               stdout=subprocess.DEVNULL if quiet else None)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{command[:3]} failed (exit {process.returncode})")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def timed_child(*args: str, code: Path = HERE.parent) -> tuple[float, int, float]:
    """Run this script (of the checkout ``code``) as a child doing one job."""
    return timed([sys.executable, str(code / "bench" / "bench_bundle.py"), *args],
                 env={**os.environ, "PYTHONPATH": str(code)})


def case_for(exhibits: int, pages: int, sources: list[Path], tmp: Path) -> Path:
    """The bench's case file, kept beside its sources (the import of 20,000 pages
    takes minutes on a loaded machine); BUNDLE_BENCH_FRESH=1 imports again.
    The build reads a copy in ``tmp``, opened once to bring it to today's
    schema: the cached one may be older (the build opens it read-only, which
    refuses an old schema), and it is left as it is."""
    case_path = DATA / f"case-{exhibits}x{pages}.casefile"
    if os.environ.get("BUNDLE_BENCH_FRESH") or not case_path.exists():
        build_case(case_path, sources)
    from casefile.store import CaseFile

    copy = tmp / case_path.name
    shutil.copyfile(case_path, copy)
    with CaseFile.open(copy):
        pass
    return copy


def figures(exhibits: int, pages: int, tmp: Path, before: Path | None = None) -> list[str]:
    sources = make_sources(exhibits, pages)
    case_path = case_for(exhibits, pages, sources, tmp)
    out = tmp / f"out{pages}"
    qpdf_out = tmp / "qpdf.pdf"
    runs: dict[str, list[tuple[float, float, int, float]]] = {"ours": [], "before": []}
    refs, ref_peaks, ref_cpus, loads = [], [], [], []
    for _ in range(REPEATS):  # alternating, so that the machine's moods fall on all
        loads.append(os.getloadavg()[0])
        for which, code in (("ours", HERE.parent), ("before", before)):
            if code is None:
                continue
            shutil.rmtree(out, ignore_errors=True)
            process, peak, cpu = timed_child("--child-build", str(case_path), str(out),
                                             code=code)
            runs[which].append((float((out / "build-seconds").read_text()), process, peak,
                                cpu))
        elapsed, peak, cpu = timed(["qpdf", "--empty", "--pages", *map(str, sources), "--",
                                    str(qpdf_out)])
        refs.append(elapsed)
        ref_peaks.append(peak)
        ref_cpus.append(cpu)
    ref, ref_peak = statistics.median(refs), statistics.median(ref_peaks)
    ref_cpu = statistics.median(ref_cpus)
    total = exhibits * pages
    load = f"load {min(loads):.1f}–{max(loads):.1f}"
    rows = []
    for which in ("before", "ours"):
        if not runs[which]:
            continue
        ours = statistics.median(r[0] for r in runs[which])
        process = statistics.median(r[1] for r in runs[which])
        peak = statistics.median(r[2] for r in runs[which])
        cpu = statistics.median(r[3] for r in runs[which])
        what = "the build" if which == "ours" else "the build before this change"
        rows.append(f"| {exhibits} exhibits, {total:,} pages: {what} (slip sheets, stamps, "
                    f"footers, Bates, index, bookmarks, checks) | {ours:.2f} s (process "
                    f"{process:.2f} s) | qpdf's merge {ref:.2f} s: **{ours / ref:.2f}x** "
                    f"(process {process / ref:.2f}x); {load} | ≤ {1.0 if pages < 50 else 1.2}x |")
        rows.append(f"| — its CPU (process, with its qpdf --check) | {cpu:.2f} s | qpdf's "
                    f"{ref_cpu:.2f} s: **{cpu / ref_cpu:.2f}x** | |")
        rows.append(f"| — its peak memory | {peak / 2**20:.0f} MiB | qpdf's {ref_peak / 2**20:.0f}"
                    f" MiB: **{peak / ref_peak:.2f}x** | ≤ 1.1x |")
    [pdf] = [p for p in out.iterdir() if p.suffix == ".pdf"]
    merged = qpdf_out.stat().st_size
    size = pdf.stat().st_size
    # The read-back the build waits for, alone: what no build that checks its
    # output after writing it can go below. (timed raises if qpdf finds a fault.)
    checks = [timed(["qpdf", "--check", str(pdf)], quiet=True) for _ in range(REPEATS)]
    check_wall = statistics.median(c[0] for c in checks)
    check_cpu = statistics.median(c[2] for c in checks)
    rows += [f"| — its size | {size / 1e6:.1f} MB | qpdf's merge: {merged / 1e6:.1f} MB "
             f"(ratio {size / merged:.3f}) | within 10% |",
             f"| — `qpdf --check` of it alone (clean) | {check_wall:.2f} s, CPU "
             f"{check_cpu:.2f} s | qpdf's merge: {check_wall / ref:.2f}x, CPU "
             f"{check_cpu / ref_cpu:.2f}x | |"]
    shutil.rmtree(out, ignore_errors=True)
    return rows


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        run_build(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    # --before DIR: a checkout of the code before a change (git archive), run beside.
    before = Path(sys.argv[sys.argv.index("--before") + 1]) if "--before" in sys.argv else None
    sizes = [(200, 25), (200, 100)]
    if "--small" in sys.argv:
        sizes = sizes[:1]
    print("| figure | measured | beside it | target |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for exhibits, pages in sizes:
            for row in figures(exhibits, pages, tmp, before):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CASEFILE_DATA_DIR", tempfile.mkdtemp())
    sys.exit(main())
