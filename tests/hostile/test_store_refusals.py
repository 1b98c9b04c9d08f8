"""Every refusal leaves the file byte for byte as it was, and nothing beside it.

Each attack is built here with plain sqlite3 and file writes; the folder's
names and bytes (lock files and SQLite's -wal/-shm/-journal included) are
compared before and after every way of opening it: for writing and for
reading, through the API and the command line.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile.errors import CaseFileDamaged, CaseLocked, NotACaseFile, SchemaTooNew
from casefile.store import CaseFile
from tests.conftest import assert_one_clear_line, run_cli
from tests.hostile.store_attacks import hold_open, let_go, snapshot


def _newer_schema(case: Path, journal_mode: str) -> None:
    conn = sqlite3.connect(case, isolation_level=None)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()


def newer_schema_in_rollback_mode(case: Path) -> None:
    """Expected: refused as newer, header bytes 18-19 stay 1, 1 (not WAL's 2, 2)."""
    _newer_schema(case, "DELETE")
    assert case.read_bytes()[18:20] == b"\x01\x01"


def newer_schema_in_wal_mode(case: Path) -> None:
    """Expected: refused as newer; a read-only refusal leaves no -wal/-shm."""
    _newer_schema(case, "WAL")
    assert case.read_bytes()[18:20] == b"\x02\x02"


def not_a_case_file(case: Path) -> None:
    """Expected: refused as not a case file (a letter saved with the wrong name)."""
    case.write_bytes(b"Dear FOIA Officer,\nplease send the records.\n" * 100)


def plain_sqlite_database(case: Path) -> None:
    """Expected: refused as not a case file (SQLite, but not ours)."""
    case.unlink()
    conn = sqlite3.connect(case)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


def truncated(case: Path) -> None:
    """Expected: refused as damaged (half the pages are gone)."""
    data = case.read_bytes()
    case.write_bytes(data[: len(data) // 2])


def malformed_schema(case: Path) -> None:
    """Expected: refused as damaged (the page listing the tables is garbage)."""
    data = bytearray(case.read_bytes())
    data[100:112] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    case.write_bytes(bytes(data))


REFUSED_FILES: list[tuple[Callable[[Path], None], type, str]] = [
    (newer_schema_in_rollback_mode, SchemaTooNew, "newer version"),
    (newer_schema_in_wal_mode, SchemaTooNew, "newer version"),
    (not_a_case_file, NotACaseFile, "not a Casefile case file"),
    (plain_sqlite_database, NotACaseFile, "not a Casefile case file"),
    (truncated, CaseFileDamaged, "truncated"),
    (malformed_schema, CaseFileDamaged, "damaged"),
]


@pytest.mark.parametrize("attack, error, words", REFUSED_FILES,
                         ids=[a.__name__ for a, *_ in REFUSED_FILES])
def test_a_refused_file_is_left_byte_for_byte_with_nothing_beside_it(new_case, attack, error,
                                                                    words):
    attack(new_case)
    folder = new_case.parent
    before = snapshot(folder)
    for read_only in (False, True):
        with pytest.raises(error, match=words):
            CaseFile.open(new_case, read_only=read_only)
        assert snapshot(folder) == before, f"read_only={read_only}"
    for command in (["info", new_case],
                    ["add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE"]):
        result = run_cli(*command)
        assert_one_clear_line(result, words)
        assert snapshot(folder) == before, command


def test_a_case_open_elsewhere_is_refused_for_writing_untouched(new_case, tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "letter.txt").write_text("Dear FOIA Officer,\n")
    holder = hold_open(new_case)
    try:
        before = snapshot(new_case.parent)
        with pytest.raises(CaseLocked, match=f"pid {holder.pid}"):
            CaseFile.open(new_case)
        for command in (["add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE"],
                        ["import", new_case, incoming / "letter.txt"]):
            assert_one_clear_line(run_cli(*command), "is open in another")
        assert snapshot(new_case.parent) == before
    finally:
        let_go(holder)


def test_a_hard_linked_case_is_refused_untouched(new_case, tmp_path):
    os.link(new_case, tmp_path / "second.casefile")
    before = snapshot(tmp_path)
    for name in (new_case, tmp_path / "second.casefile"):
        with pytest.raises(CaseLocked, match="hard link"):
            CaseFile.open(name)
        assert_one_clear_line(run_cli("add", "agency", name, "--name", "ICE",
                                      "--abbreviation", "ICE"), "hard link")
        # Reading it is allowed, and leaves nothing beside either name.
        assert run_cli("info", name).returncode == 0
    assert snapshot(tmp_path) == before


def test_reading_a_closed_case_leaves_nothing_beside_it(new_case):
    before = snapshot(new_case.parent)
    for command in (["info", new_case], ["list", "documents", new_case],
                    ["search", new_case, "records"]):
        result = run_cli(*command)
        assert result.returncode == 0, result.stderr
        assert snapshot(new_case.parent) == before, command
