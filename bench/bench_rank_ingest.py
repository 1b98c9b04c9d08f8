"""What the ranking's per-term statistics (issue 21 item 1) add to an import.

    python bench/large_case.py            # once: the exhibit PDFs in bench/data/pdfs
    python bench/bench_rank_ingest.py     # --files 100 by default

Imports the same PDFs into a new case with the statistics written (as
shipped) and without (``fts_stats.index`` replaced by nothing), alternating,
``--runs`` times each; prints medians and the ratio, with the load average.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PDFS = HERE / "data" / "pdfs"


def import_once(pdfs: list[Path]) -> tuple[float, int]:
    from casefile.ingest import import_files
    from casefile.store import CaseFile

    with tempfile.TemporaryDirectory() as tmp:
        with CaseFile.create(Path(tmp) / "bench", auto_backup=False) as case:
            t = time.perf_counter()
            report = import_files(case, pdfs)
            elapsed = time.perf_counter() - t
            with case.reading() as s:
                pages = s.connection().exec_driver_sql(
                    "SELECT count(*) FROM document_page").scalar()
        assert report.count("added") == len(pdfs), report.summary()
    return elapsed, pages


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("CASEFILE_DATA_DIR", str(HERE / "out" / "userdata"))
    sys.path.insert(0, str(REPO))
    from casefile.store import fts_stats

    pdfs = sorted(PDFS.glob("*.pdf"))[:args.files]
    if not pdfs:
        print("Make the PDFs first: python bench/large_case.py", file=sys.stderr)
        return 1
    real = fts_stats.index
    load = os.getloadavg()
    with_stats, without = [], []
    pages = 0
    for _ in range(args.runs):
        fts_stats.index = real
        elapsed, pages = import_once(pdfs)
        with_stats.append(elapsed)
        fts_stats.index = lambda conn, rows: None
        without.append(import_once(pdfs)[0])
    fts_stats.index = real
    after = os.getloadavg()
    a, b = statistics.median(with_stats), statistics.median(without)
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} -> "
          f"{after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
    print(f"| Import, {len(pdfs)} PDFs ({pages:,} pages), median of {args.runs} | with the "
          f"statistics {a:.2f} s | without {b:.2f} s | {a / b:.3f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
