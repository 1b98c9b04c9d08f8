"""A writer killed at random moments never leaves a damaged or partial case."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from casefile.store import CaseFile
from casefile.store.check import problems
from casefile.store.models import Blob, Document

CHILD = Path(__file__).with_name("crash_child.py")
RUNS = 30


@pytest.mark.slow
def test_killing_an_import_at_random_moments_loses_nothing_committed(new_case, tmp_path):
    rng = random.Random(20200618)
    committed: set[str] = set()
    work = tmp_path / "incoming"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for run in range(RUNS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(new_case), str(work),
                                  str(run)], stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.05, 1.2)
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([child.stdout], [], [], left)
            if ready:
                line = child.stdout.readline()
                if line.startswith("committed "):
                    committed.add(line.split()[1])
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        for line in child.stdout:  # what it printed before it died
            if line.startswith("committed "):
                committed.add(line.split()[1])
        child.stdout.close()

        with CaseFile.open(new_case) as case:
            assert problems(case) == [], f"after kill {run + 1}"
            with case.reading() as s:
                stored = set(s.scalars(sql_select(Blob.sha256)))
                documents = s.scalar(sql_select(func.count()).select_from(Document))
            # Every committed file is there, whole (problems() rehashes every blob)...
            assert committed <= stored, f"after kill {run + 1}"
            # ...and nothing partial: no bytes without their document.
            assert documents == len(stored), f"after kill {run + 1}"
    assert len(committed) >= RUNS // 2  # the kills really landed during imports
