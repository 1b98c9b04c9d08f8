"""What a killed run left half-written is removed by the next run in that
place; the work of a process still running, or of another computer, is not.

A work file is named ``BASE.PID@HOST.partial`` (SQLite's -journal/-wal of one
belong to it). The leftovers here are made as a killed run leaves them: under
the pid of a process that has really ended.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest

from casefile.store import CaseFile

HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40]


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The pid of a process that ran and has ended (reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.fixture
def live_pid():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def _leave(folder: Path, base: str, pid: int, host: str = HOST, *, as_folder=False,
           extra: str = "") -> Path:
    path = folder / f"{base}.{pid}@{host}.partial{extra}"
    if as_folder:
        path.mkdir()
        (path / "Exhibit A.pdf").write_bytes(b"%PDF-1.7 half written")
    else:
        path.write_bytes(b"half written")
    return path


def _assert_swept(dead: list[Path], kept: list[Path]) -> None:
    assert [p.name for p in dead if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []


def test_a_killed_backup_is_cleared_by_the_next_backup_into_that_folder(
        new_case, tmp_path, dead_pid, live_pid):
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = [_leave(folder, ".case-1.casefile", dead_pid),
            _leave(folder, ".case-1.casefile", dead_pid, extra="-journal")]
    kept = [_leave(folder, ".case-2.casefile", live_pid),
            _leave(folder, ".case-3.casefile", dead_pid, host="paralegal-laptop"),
            folder / "notes.partial"]
    kept[-1].write_text("a user's own file that happens to end in .partial")
    with CaseFile.open(new_case, read_only=True) as case:
        written = case.backup(folder / "case-4.casefile")
    _assert_swept(dead, kept)
    assert written.exists()
    assert sorted(p.name for p in folder.iterdir() if p not in kept) == ["case-4.casefile"]


def test_a_killed_export_is_cleared_by_the_next_export_into_that_folder(
        tmp_path, dead_pid, live_pid):
    from casefile.outputs import write_atomically

    dead = [_leave(tmp_path, ".Vaughn index.docx", dead_pid)]
    kept = [_leave(tmp_path, ".Chronology.docx", live_pid)]
    write_atomically(tmp_path / "calendar.ics", lambda tmp: tmp.write_text("BEGIN:VCALENDAR\n"))
    _assert_swept(dead, kept)
    assert (tmp_path / "calendar.ics").read_text() == "BEGIN:VCALENDAR\n"


def test_a_killed_bundle_build_is_cleared_by_the_next_build_into_that_folder(
        tmp_path, dead_pid, live_pid):
    from casefile.bundles.build import BundleReport, _write_outputs

    dead = [_leave(tmp_path, ".Exhibits to the Declaration", dead_pid, as_folder=True)]
    kept = [_leave(tmp_path, ".Exhibits to the Reply", live_pid, as_folder=True)]
    report = BundleReport()
    # A real one-page PDF: every bundle a test writes is read back (tests/conftest.py).
    blank = pikepdf.new()
    blank.add_blank_page()
    pdf = io.BytesIO()
    blank.save(pdf)
    _write_outputs(tmp_path, "Exhibits", [("Exhibits.pdf", pdf.getvalue(), "All", 1)],
                   [], SimpleNamespace(zip=False), report, None, before_move=lambda _work: None)
    _assert_swept(dead, kept)
    assert sorted(p.name for p in tmp_path.iterdir() if p not in kept) == [
        "Exhibits - descriptions.txt", "Exhibits - manifest.sha256", "Exhibits.pdf"]


def test_a_killed_import_s_unpacked_archive_is_cleared_by_the_next_import(
        new_case, tmp_path, dead_pid, live_pid, monkeypatch):
    import zipfile

    from casefile.ingest import import_files

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    dead = [_leave(scratch, "casefile-import-x1y2z3", dead_pid, as_folder=True)]
    kept = [_leave(scratch, "casefile-import-a1b2c3", live_pid, as_folder=True)]
    archive = tmp_path / "production.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("letters/response.txt", "The agency's final response.\n")
    with CaseFile.open(new_case) as case:
        report = import_files(case, [archive], ocr=False)
    assert report.count("added") == 1, report.summary()
    _assert_swept(dead, kept)
    assert sorted(p.name for p in scratch.iterdir()) == [kept[0].name]  # its own is gone too


def test_a_killed_create_or_restore_is_cleared_by_the_next_one_in_that_folder(
        new_case, tmp_path, dead_pid, live_pid):
    from casefile.store.restore import restore

    dead = [_leave(tmp_path, ".other.casefile", dead_pid),
            _leave(tmp_path, ".other.casefile", dead_pid, extra="-wal")]
    kept = [_leave(tmp_path, ".third.casefile", live_pid)]
    CaseFile.create(tmp_path / "fourth.casefile").close()
    _assert_swept(dead, kept)

    with CaseFile.open(new_case, read_only=True) as case:
        backup = case.backup()
    dead = [_leave(tmp_path, ".case.casefile", dead_pid)]
    restore(backup, new_case)
    _assert_swept(dead, kept)


def test_what_killed_runs_left_beside_a_case_goes_when_it_is_next_opened_for_writing(
        new_case, dead_pid, live_pid):
    folder = new_case.parent
    dead = [_leave(folder, ".case.casefile", dead_pid),
            _leave(folder, ".index.docx", dead_pid)]
    kept = [_leave(folder, ".review.docx", live_pid),
            _leave(folder, ".other.casefile", dead_pid, host="another-laptop")]
    with CaseFile.open(new_case, read_only=True):
        _assert_swept([], dead + kept)  # a reader removes nothing
    with CaseFile.open(new_case):
        pass
    _assert_swept(dead, kept)
