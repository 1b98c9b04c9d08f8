"""Child process for tests/test_crash.py: does one kind of work until it is killed.

``crash_child.py MODE CASE WORK RUN`` prints "ready" when the clock may start,
then "committed X" after each piece of work that is finished:

- import: files imported one by one (X: the file's SHA-256). Each file is
  unique and sized from a few kB to a few MiB, so a kill lands as often inside
  a multi-chunk transaction as between two.
- vaughn: an agency's Vaughn index imported whole, again and again (X: its title).
- backup: verified backups of the case into WORK/backups (X: the backup's path).
- bundle: the demo's exhibit set built into WORK/out (X: the manifest's path).
"""

import hashlib
import random
import sys
from pathlib import Path

from casefile.store import CaseFile

SET = "Rivera Declaration exhibits"


def imports(case_path: Path, work: Path, run: int) -> None:
    from casefile.ingest import import_files
    from casefile.ingest.worker import Reader
    from casefile.sample_pdfs import text_pdf

    rng = random.Random(run)
    with CaseFile.open(case_path) as case, Reader() as reader:
        warm = work / f"warm-{run}.pdf"  # start the reader process before the clock starts
        warm.write_bytes(text_pdf("Warm", [["up"]]))
        reader.extract("application/pdf", warm, lambda *page: None)
        print("ready", flush=True)
        for n in range(10_000):
            # A real PDF (pages of text to read and index) padded after %%EOF with
            # random bytes, so some files span many 1 MiB chunks.
            pages = [[f"run {run} file {n} page {p}"] for p in range(rng.choice([1, 5, 40]))]
            data = text_pdf(f"Run {run}", pages) + b"\n%" + rng.randbytes(
                rng.choice([3_000, 40_000, 1_500_000, 3_500_000]))
            path = work / f"run{run}-file{n}.pdf"
            path.write_bytes(data)
            report = import_files(case, [path], reader=reader)
            assert report.results[0].status == "added", report.results[0].line()
            print("committed", hashlib.sha256(data).hexdigest(), flush=True)
            path.unlink()


def vaughn(case_path: Path, work: Path, run: int) -> None:
    from casefile.vaughn.importer import import_index

    source = work / "ICE Vaughn index.csv"  # written by the test
    with CaseFile.open(case_path) as case:
        print("ready", flush=True)
        for n in range(10_000):
            title = f"run {run} index {n}"
            with case.transaction() as s:
                import_index(s, source, title=title)
            print("committed", title, flush=True)


def backups(case_path: Path, work: Path, run: int) -> None:
    with CaseFile.open(case_path, read_only=True) as case:
        print("ready", flush=True)
        for n in range(10_000):
            path = case.backup(work / "backups" / f"run{run}-{n}.casefile")
            print("committed", path, flush=True)


def bundles(case_path: Path, work: Path, run: int) -> None:
    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build
    from casefile.exhibits import find_set

    options = BundleOptions(profiles.get(None), ocr=False)
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        exhibit_set = find_set(s, SET)
        print("ready", flush=True)
        for _ in range(10_000):
            report = build(s, exhibit_set, work / "out", options)
            print("committed", report.manifest, flush=True)


MODES = {"import": imports, "vaughn": vaughn, "backup": backups, "bundle": bundles}

# The reader process is started with "spawn", which imports this file again:
# only the original process may run the work loop.
if __name__ == "__main__":
    MODES[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
