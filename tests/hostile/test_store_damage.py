"""A damaged case is found, said in one sentence, and not written to again
until it is restored; a backup is good only if every document in it is."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from casefile.errors import CaseFileDamaged
from casefile.store import CaseFile
from casefile.store.backup import verify
from tests.conftest import assert_one_clear_line, run_cli
from tests.hostile.store_attacks import (
    case_with_documents,
    sha256_of,
    snapshot,
    stored_hashes,
    text_files,
)


def _flip_a_byte_inside(database: Path, document: Path) -> None:
    """Flip one byte in the middle of ``document``'s bytes as stored in ``database``.

    A short run from the document's middle is found in the file (a 3 kB text
    lies whole on one page), so the flip lands inside the document, not in
    SQLite's own structures: SQLite's checks cannot see it.
    """
    data = bytearray(database.read_bytes())
    content = document.read_bytes()
    middle = len(content) // 2
    at = data.find(content[middle:middle + 40])
    assert at > 0 and data.find(content[middle:middle + 40], at + 1) == -1
    data[at + 20] ^= 0x01
    database.write_bytes(bytes(data))


@pytest.fixture
def case_and_files(tmp_path):
    files = text_files(tmp_path / "incoming", 3)
    return case_with_documents(tmp_path / "case.casefile", files), files


# --- backups ---------------------------------------------------------------------------------


def test_a_backup_with_one_flipped_byte_in_a_document_fails_and_is_not_restored(
        case_and_files, tmp_path):
    case, files = case_and_files
    backup = tmp_path / "kept" / "backup.casefile"
    result = run_cli("backup", case, "--to", backup)
    assert result.returncode == 0, result.stderr
    verify(backup)  # whole, as written
    _flip_a_byte_inside(backup, files[1])

    with pytest.raises(CaseFileDamaged, match="no longer match their SHA-256"):
        verify(backup)
    before = snapshot(case.parent)
    result = run_cli("restore", case, backup)
    assert_one_clear_line(result, "backup.casefile", "damaged")
    assert snapshot(case.parent) == before
    checked = run_cli("check", backup)
    assert checked.returncode == 3
    assert "no longer match their SHA-256" in checked.stdout


def test_a_damaged_case_cannot_be_backed_up_as_good(case_and_files, tmp_path):
    case, files = case_and_files
    _flip_a_byte_inside(case, files[0])
    target = tmp_path / "kept"
    target.mkdir()
    result = run_cli("backup", case, "--to", target / "copy.casefile")
    assert_one_clear_line(result, "copy.casefile", "no longer match")
    assert list(target.iterdir()) == []  # no copy, no work file


# --- check ------------------------------------------------------------------------------------


def test_check_reports_a_malformed_file_in_one_sentence_not_a_traceback(case_and_files):
    case, _ = case_and_files
    data = bytearray(case.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):  # every page but the header's
        data[page * page_size: page * page_size + 8] = b"\xee" * 8
    case.write_bytes(bytes(data))
    result = run_cli("check", case)
    assert_one_clear_line(result, "case.casefile is damaged", "malformed", "casefile restore")


def test_check_reports_a_malformed_table_as_a_problem_not_a_traceback(new_case):
    """The tables' list is sound but one table's page is garbage: the case opens,
    and check finds it (SQLite's integrity check, in its own words)."""
    import sqlite3

    conn = sqlite3.connect(new_case)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'exemption'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(new_case.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\x0d\xee" * (page_size // 2)
    new_case.write_bytes(bytes(data))
    result = run_cli("check", new_case)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith("SQLite integrity:")
    assert result.stdout.splitlines()[-1].startswith("case.casefile: ")
    assert_one_clear_line(run_cli("add", "agency", new_case, "--name", "ICE",
                                  "--abbreviation", "ICE"), "damaged", "restore")


def test_garbage_appended_after_the_last_page_fails_check(case_and_files):
    case, _ = case_and_files
    assert run_cli("check", case).returncode == 0
    with case.open("ab") as f:
        f.write(b"MZ\x90\x00" + bytes(range(256)) * 20)  # 5,124 bytes of someone else's
    result = run_cli("check", case)
    assert result.returncode == 3
    assert "5,124 bytes after the database's last page" in result.stdout


def test_a_damaged_case_opens_read_only_until_it_is_restored(case_and_files, tmp_path):
    case, files = case_and_files
    good = tmp_path / "good-backup.casefile"
    assert run_cli("backup", case, "--to", good).returncode == 0
    _flip_a_byte_inside(case, files[2])
    assert "no longer match" in run_cli("check", case).stdout

    # Writing is refused in one sentence that says what to do; the file is untouched.
    more = text_files(tmp_path / "more", 2, tag="supplemental")
    before = snapshot(case.parent)
    result = run_cli("import", case, *more, "--no-ocr")
    assert_one_clear_line(result, "damaged", "casefile restore")
    assert "0 added" in result.stdout
    assert_one_clear_line(run_cli("add", "agency", case, "--name", "ICE",
                                  "--abbreviation", "ICE"), "damaged", "restore")
    assert snapshot(case.parent) == before
    with CaseFile.open(case) as opened:
        assert opened.read_only and opened.damaged
    # Reading still works: the attorney can see what is there.
    assert run_cli("info", case).returncode == 0

    assert run_cli("restore", case, good).returncode == 0
    assert run_cli("import", case, *more, "--no-ocr").returncode == 0
    expected = {hashlib.sha256(f.read_bytes()).hexdigest() for f in files + more}
    assert stored_hashes(case) == expected


def test_a_clean_check_lifts_a_finding_that_no_longer_holds(case_and_files, tmp_path):
    case, files = case_and_files
    pristine = case.read_bytes()
    _flip_a_byte_inside(case, files[0])
    assert run_cli("check", case).returncode == 3
    case.write_bytes(pristine)  # put right in place (same file, same inode)
    assert sha256_of(case) == hashlib.sha256(pristine).hexdigest()
    assert run_cli("check", case).returncode == 0
    with CaseFile.open(case) as opened:
        assert not opened.read_only


def test_a_malformed_page_met_mid_work_stops_every_later_write(new_case):
    """The agency table's page is garbage; the rest of the file is sound."""
    import sqlite3
    import uuid

    from casefile.store.models import Agency, Note

    conn = sqlite3.connect(new_case)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'agency'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(new_case.read_bytes())
    data[(root - 1) * page_size:root * page_size] = b"\x0d\xee" * (page_size // 2)
    new_case.write_bytes(bytes(data))

    with CaseFile.open(new_case) as case:
        assert not case.read_only  # nothing cheap shows the damage yet
        with pytest.raises(CaseFileDamaged, match="malformed"), case.transaction() as s:
            s.add(Agency(name="Immigration and Customs Enforcement", abbreviation="ICE"))
        # From here on, nothing is written to it: not even to a sound table.
        with pytest.raises(CaseFileDamaged, match="casefile restore"), case.transaction() as s:
            s.add(Note(subject_type="matter", subject_uuid=uuid.uuid4(), text="Call the AUSA."))
    with CaseFile.open(new_case) as again:
        assert again.read_only and again.damaged


def test_check_leaves_a_backup_byte_for_byte_as_it_was(case_and_files, tmp_path):
    # A backup is written in rollback-journal mode (one file at rest); checking
    # it must not switch it to WAL (header bytes 18-19) or touch its counter.
    case, _files = case_and_files
    backup = tmp_path / "kept" / "backup.casefile"
    assert run_cli("backup", case, "--to", backup).returncode == 0
    assert backup.read_bytes()[18:20] == b"\x01\x01"
    before = snapshot(backup.parent)

    result = run_cli("check", backup)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout
    assert snapshot(backup.parent) == before
