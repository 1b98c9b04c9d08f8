"""A writer killed at random moments never leaves a damaged or partial case,
and what it left half-written is gone after the next run in that place."""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from casefile.store import CaseFile
from casefile.store.backup import verify
from casefile.store.check import problems
from casefile.store.models import Blob, Document, Record, VaughnIndex

CHILD = Path(__file__).with_name("crash_child.py")
RUNS = 30
# Fewer kills of the other kinds of work: each run starts a process and its
# imports, and these kinds have fewer moments that differ.
SHORT_RUNS = 4


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".partial" in p.name) \
        if folder.exists() else []


def _kill_repeatedly(mode: str, case: Path, work: Path, runs: int, rng: random.Random,
                     after_kill: Callable[[int, set[str], int], None],
                     window: tuple[float, float] = (0.05, 1.2)) -> set[str]:
    """Run the child ``runs`` times, killing it at a random moment each time."""
    committed: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "TMPDIR": str(work / "tmp")}
    (work / "tmp").mkdir(exist_ok=True)
    for run in range(runs):
        child = subprocess.Popen([sys.executable, str(CHILD), mode, str(case), str(work),
                                  str(run)], stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(*window)
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([child.stdout], [], [], left)
            if ready:
                line = child.stdout.readline()
                if line.startswith("committed "):
                    committed.add(line.split(" ", 1)[1].strip())
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        for line in child.stdout:  # what it printed before it died
            if line.startswith("committed "):
                committed.add(line.split(" ", 1)[1].strip())
        child.stdout.close()
        after_kill(run, committed, child.pid)
    return committed


@pytest.mark.slow
def test_killing_an_import_at_random_moments_loses_nothing_committed(new_case, tmp_path,
                                                                    monkeypatch):
    work = tmp_path / "incoming"
    work.mkdir()

    left_behind: list[bool] = []  # after each kill: did the killed import leave its folder?

    def after_kill(run: int, committed: set[str], _pid: int) -> None:
        left_behind.append(any((work / "tmp").iterdir()))
        with CaseFile.open(new_case) as case:
            assert problems(case) == [], f"after kill {run + 1}"
            with case.reading() as s:
                stored = set(s.scalars(sql_select(Blob.sha256)))
                documents = s.scalar(sql_select(func.count()).select_from(Document))
            # Every committed file is there, whole (problems() rehashes every blob)...
            assert committed <= stored, f"after kill {run + 1}"
            # ...and nothing partial: no bytes without their document.
            assert documents == len(stored), f"after kill {run + 1}"

    committed = _kill_repeatedly("import", new_case, work, RUNS, random.Random(20200618),
                                 after_kill)
    assert len(committed) >= RUNS // 2  # the kills really landed during imports
    # The next import removes what killed ones unpacked; its own goes when it ends.
    import tempfile

    from casefile.ingest import import_files

    (work / "last.txt").write_text("The last letter.\n")
    # Killed inside import_files, children left their scratch folders behind (each
    # next child removed the one before; the last kill may have landed elsewhere)...
    assert any(left_behind)
    monkeypatch.setattr(tempfile, "tempdir", str(work / "tmp"))  # where the children worked
    with CaseFile.open(new_case) as case:
        import_files(case, [work / "last.txt"], ocr=False)
    # ...and the next import removed them all (and its own).
    assert list((work / "tmp").iterdir()) == []


@pytest.mark.slow
def test_killing_a_vaughn_import_at_random_moments_loses_nothing_committed(new_case,
                                                                           tmp_path):
    from bench.sample_vaughn import sample_rows, write_agency_csv

    work = tmp_path / "work"
    work.mkdir()
    rows = 300  # expected: every committed index holds all 300 entries
    write_agency_csv(work / "ICE Vaughn index.csv", sample_rows(rows))

    left_behind: list[bool] = []  # after each kill: did the killed import leave its folder?

    def after_kill(run: int, committed: set[str], _pid: int) -> None:
        left_behind.append(any((work / "tmp").iterdir()))
        with CaseFile.open(new_case) as case:
            assert problems(case) == [], f"after kill {run + 1}"
            with case.reading() as s:
                counts = dict(s.execute(
                    sql_select(VaughnIndex.title, func.count(Record.id))
                    .outerjoin(Record, Record.index_id == VaughnIndex.id)
                    .group_by(VaughnIndex.id)).all())
        assert committed <= set(counts), f"after kill {run + 1}"
        # Whole indexes only: never one cut short by the kill.
        assert set(counts.values()) <= {rows}, f"after kill {run + 1}"

    committed = _kill_repeatedly("vaughn", new_case, work, SHORT_RUNS, random.Random(484),
                                 after_kill, window=(0.3, 2.5))
    assert committed  # the kills landed among imports, not before the first


@pytest.mark.slow
def test_killing_a_backup_at_random_moments_leaves_only_good_backups(demo_case, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    before = hashlib.sha256(demo_case.read_bytes()).hexdigest()

    def after_kill(run: int, committed: set[str], pid: int) -> None:
        for path in committed:
            verify(Path(path))  # every backup it called good is good
        for path in (work / "backups").glob("*.casefile"):
            verify(path)  # and no half backup sits under a backup's name
        # Each child's first backup swept what the one before it left: only
        # the child just killed can have a work file there now.
        assert all(f".{pid}@" in name for name in _partials(work / "backups")), run

    committed = _kill_repeatedly("backup", demo_case, work, SHORT_RUNS, random.Random(820),
                                 after_kill)
    assert committed
    # The case itself was only read.
    assert hashlib.sha256(demo_case.read_bytes()).hexdigest() == before
    with CaseFile.open(demo_case) as case:
        assert problems(case) == []
        case.backup(work / "backups" / "after.casefile")  # the next start in that place
    assert _partials(work / "backups") == []


@pytest.mark.slow
def test_killing_a_bundle_build_at_random_moments_leaves_no_partial_folder(demo_case,
                                                                           tmp_path):
    from casefile.bundles import profiles
    from casefile.bundles.build import BundleOptions, build
    from casefile.exhibits import find_set

    work = tmp_path / "work"
    work.mkdir()

    def after_kill(run: int, committed: set[str], _pid: int) -> None:
        # Whatever a finished build wrote is whole: its manifest's hashes hold.
        for manifest in committed:
            for line in Path(manifest).read_text().splitlines()[1:]:
                digest, name = line.split("  ", 1)
                if not name.startswith("source: "):
                    target = Path(manifest).parent / name
                    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest, name

    committed = _kill_repeatedly("bundle", demo_case, work, SHORT_RUNS, random.Random(1746),
                                 after_kill, window=(0.2, 3.0))
    with CaseFile.open(demo_case) as case:
        assert problems(case) == []
        with case.reading() as s:  # the next build into that folder
            build(s, find_set(s, "Rivera Declaration exhibits"), work / "out",
                  BundleOptions(profiles.get(None), ocr=False))
    assert _partials(work / "out") == []
    assert committed or _partials(work) == []
