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
from casefile.store import CaseFile

case_path, work, run = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
rng = random.Random(run)
with CaseFile.open(case_path) as case:
    print("ready", flush=True)
    for n in range(10_000):
        data = f"%PDF-1.4\n% run {run} file {n}\n".encode() + rng.randbytes(
            rng.choice([3_000, 40_000, 1_500_000, 3_500_000]))
        path = work / f"run{run}-file{n}.pdf"
        path.write_bytes(data)
        report = import_files(case, [path])
        assert report.results[0].status == "added", report.results[0].line()
        print("committed", hashlib.sha256(data).hexdigest(), flush=True)
        path.unlink()
