"""Child process for tests/test_crash.py: imports files until it is killed.

Each file is unique (its bytes start with the run and file number) and sized
from a few kB to a few MiB, so a kill lands as often inside a multi-chunk
transaction as between two. After each commit it prints "committed SHA".
"""

import hashlib
import random
import sys
from pathlib import Path

from casefile.ingest import import_files
from casefile.ingest.worker import Reader
from casefile.sample_pdfs import text_pdf
from casefile.store import CaseFile


def main() -> None:
    case_path, work, run = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
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


# The reader process is started with "spawn", which imports this file again:
# only the original process may run the import loop.
if __name__ == "__main__":
    main()
