"""The docket figures (issue 18, item 3): import of a 1,000-entry docket report.

    python bench/bench_docket.py [--before DIR]

- The command itself, ``casefile docket import CASE report.html``, run as a
  user runs it (a new interpreter: its imports, the case opened, the reader
  child started, the report read, parsed and written), median of 3; with
  ``--before DIR`` (a checkout of older code, e.g. ``git archive REV | tar -x
  -C DIR``) the same command from that code, alternated with ours in the
  same run.

- Import of a 1,000-entry PACER docket report (HTML as CM/ECF saves it,
  written by tests/docket_corpus/generate.py, which shares no code with
  casefile.docket) into a new case: target under 2 s. Measured whole
  (``import_docket``: the file stored and its text read in the reader child,
  the HTML parsed, the entries, proposals and links written), once with a
  reader child started for it (the command line) and once with the reader
  already running (the window keeps one); beside it, the parts: starting the
  reader child, parsing alone, writing alone.
- Re-import of the same report into that case (nothing new): what a user
  pays to check for new entries.
- The same 1,000 entries as the PDF a browser prints.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def median_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_line(html: Path, folder: Path, code: Path | None = None) -> float:
    """Seconds of ``python -m casefile docket import`` into a new case, from ``code``
    (this checkout when None)."""
    import os
    import subprocess

    env = {**os.environ, "CASEFILE_DATA_DIR": str(folder / "data")}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    case = folder / f"cli-{time.perf_counter_ns()}"
    cwd = str(code or HERE.parent)
    subprocess.run([sys.executable, "-m", "casefile", "new", str(case)], check=True,
                   capture_output=True, env=env, cwd=cwd)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casefile", "docket", "import", f"{case}.casefile",
                    str(html)], check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a checkout of older code to compare")
    args = parser.parse_args()

    from casefile.docket import import_docket
    from casefile.docket.parse import parse_html
    from casefile.docket.store import DocketImport, store_docket
    from casefile.ingest.worker import Reader
    from casefile.store import CaseFile
    from casefile.store.models import Document
    from tests.docket_corpus import generate

    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp(prefix="bench-docket-"))
    report = generate.large(1000)
    html = folder / "docket-1000.html"
    html.write_text(generate.html_report(report), encoding="utf-8")
    pdf = folder / "docket-1000.pdf"
    generate.pdf_report(report, pdf)
    print(f"report: {len(report.rows):,} entries, HTML {html.stat().st_size / 1e6:.2f} MB, "
          f"printed PDF {pdf.stat().st_size / 1e6:.2f} MB")
    counter = iter(range(1000))

    def fresh_case() -> Path:
        path = folder / f"case-{next(counter)}.casefile"
        CaseFile.create(path).close()
        return path

    def cold(source: Path) -> None:
        with CaseFile.open(fresh_case()) as case:
            result = import_docket(case, source)
        assert result.added == 1000, result.lines()

    reader = Reader()
    warm_up = folder / "warm.txt"
    warm_up.write_text("warm", encoding="utf-8")
    reader.extract("text/plain", warm_up, lambda *page: None, ocr=False)

    def warm(source: Path) -> None:
        with CaseFile.open(fresh_case()) as case:
            result = import_docket(case, source, reader=reader)
        assert result.added == 1000, result.lines()

    ours, theirs = [], []
    for _ in range(3):
        ours.append(command_line(html, folder))
        if args.before:
            theirs.append(command_line(html, folder, args.before))
    print(f"`casefile docket import` from the command line (median of 3): "
          f"{statistics.median(ours):.2f} s (each {', '.join(f'{t:.2f}' for t in ours)}; "
          f"target < 2 s); load {os.getloadavg()[0]:.2f}")
    if theirs:
        print(f"  the same command from {args.before} (alternated with ours): "
              f"{statistics.median(theirs):.2f} s (each "
              f"{', '.join(f'{t:.2f}' for t in theirs)})")
    print(f"import, HTML, reader child started for it: {median_of(lambda: cold(html)):.2f} s "
          "(target < 2 s)")
    print(f"import, HTML, reader child already running: "
          f"{median_of(lambda: warm(html)):.2f} s")

    def spawn() -> None:
        with Reader() as r:
            r.extract("text/plain", warm_up, lambda *page: None, ocr=False)

    print(f"  part: starting a reader child and reading a 4-byte file: "
          f"{median_of(spawn):.2f} s")
    data = html.read_bytes()
    print(f"  part: parsing the HTML: {median_of(lambda: parse_html(data)):.3f} s")
    docket = parse_html(data)

    def write() -> None:
        with CaseFile.open(fresh_case()) as case, case.transaction() as s:
            document = s.get(Document, 1)
            result = store_docket(s, docket, document, DocketImport("x"))
            assert result.added == 1000

    print(f"  part: writing the entries, proposals and links: {median_of(write):.3f} s")

    target = fresh_case()
    with CaseFile.open(target) as case:
        import_docket(case, html, reader=reader)

    def again() -> None:
        with CaseFile.open(target) as case:
            result = import_docket(case, html, reader=reader)
        assert result.unchanged == 1000 and result.added == 0

    print(f"re-import of the same report (nothing new): {median_of(again):.2f} s")
    print(f"import, printed PDF ({pdf.stat().st_size / 1e3:.0f} kB), reader running: "
          f"{median_of(lambda: warm(pdf)):.2f} s")
    reader.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
