"""The writer's lock belongs to the file, whatever name reaches it, and no
command writes over another case without being told to and taking its lock."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from casefile.errors import CaseLocked
from casefile.store import CaseFile
from casefile.store.models import Agency
from casefile.store.restore import restore
from tests.conftest import assert_one_clear_line, run_cli
from tests.hostile.store_attacks import (
    case_uuid,
    hold_open,
    let_go,
    sha256_of,
    snapshot,
)


def _agencies(path) -> list[str]:
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return sorted(s.scalars(select(Agency.abbreviation)))


def _add_agency(path, abbreviation: str) -> None:
    with CaseFile.open(path) as case, case.transaction() as s:
        s.add(Agency(name=f"Agency {abbreviation}", abbreviation=abbreviation))


# --- symlinks ------------------------------------------------------------------------------


def test_a_second_writer_through_a_symlink_is_refused_as_the_lock_holder(new_case, tmp_path):
    elsewhere = tmp_path / "shortcuts"
    elsewhere.mkdir()
    link = elsewhere / "other-name.casefile"
    link.symlink_to(new_case)
    holder = hold_open(new_case)
    try:
        with pytest.raises(CaseLocked, match=f"pid {holder.pid}"):
            CaseFile.open(link)
    finally:
        let_go(holder)
    # And the other way round: the holder came through the link.
    holder = hold_open(link)
    try:
        with pytest.raises(CaseLocked, match=f"pid {holder.pid}"):
            CaseFile.open(new_case)
        result = run_cli("add", "agency", new_case, "--name", "ICE", "--abbreviation", "ICE")
        assert_one_clear_line(result, f"pid {holder.pid}")
    finally:
        let_go(holder)
    # Through the link, work lands in the case itself, and no sidecar stays by the link.
    _add_agency(link, "ICE")
    assert _agencies(new_case) == ["ICE"]
    assert link.is_symlink()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["other-name.casefile"]


# --- hard links ----------------------------------------------------------------------------


def test_a_hard_linked_case_is_refused_for_writing_with_one_sentence(new_case, tmp_path):
    second = tmp_path / "second-name.casefile"
    os.link(new_case, second)
    before = snapshot(tmp_path)
    for name in (new_case, second):
        with pytest.raises(CaseLocked, match="hard link"):
            CaseFile.open(name)
        result = run_cli("add", "agency", name, "--name", "ICE", "--abbreviation", "ICE")
        assert_one_clear_line(result, "hard link", "copy it")
    assert snapshot(tmp_path) == before
    # Reading is harmless, and a copy of its own can be written.
    assert _agencies(second) == []
    second.unlink()
    _add_agency(new_case, "ICE")
    assert _agencies(new_case) == ["ICE"]


# --- backup --to -----------------------------------------------------------------------------


@pytest.fixture
def two_cases(tmp_path):
    """A (with CBP) and B (with ICE): two different cases."""
    a = CaseFile.create(tmp_path / "a.casefile")
    a.close()
    b = CaseFile.create(tmp_path / "b.casefile")
    b.close()
    _add_agency(a.path, "CBP")
    _add_agency(b.path, "ICE")
    return a.path, b.path


def test_backup_to_an_existing_case_is_refused_without_force(two_cases):
    a, b = two_cases
    before = sha256_of(b)
    result = run_cli("backup", a, "--to", b)
    assert_one_clear_line(result, "b.casefile already exists", "--force")
    assert sha256_of(b) == before
    assert _agencies(b) == ["ICE"]


def test_backup_with_force_is_refused_while_the_target_is_open_elsewhere(two_cases):
    a, b = two_cases
    holder = hold_open(b)
    try:
        before = snapshot(b.parent)
        result = run_cli("backup", a, "--to", b, "--force")
        assert_one_clear_line(result, "b.casefile is open", f"pid {holder.pid}")
        assert snapshot(b.parent) == before
    finally:
        let_go(holder)
    assert _agencies(b) == ["ICE"]


def test_backup_with_force_replaces_a_case_no_one_has_open(two_cases):
    a, b = two_cases
    result = run_cli("backup", a, "--to", b, "--force")
    assert result.returncode == 0, result.stderr
    assert case_uuid(b) == case_uuid(a)
    assert _agencies(b) == ["CBP"]
    assert sorted(p.name for p in b.parent.iterdir()) == ["a.casefile", "b.casefile"]


def test_backup_through_a_symlink_with_force_replaces_the_file_it_names(two_cases, tmp_path):
    a, b = two_cases
    link = tmp_path / "link-to-b.casefile"
    link.symlink_to(b)
    assert run_cli("backup", a, "--to", link).returncode == 1
    result = run_cli("backup", a, "--to", link, "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == b
    assert _agencies(b) == ["CBP"]


# --- restore -----------------------------------------------------------------------------------


def test_restoring_through_a_symlink_replaces_the_case_not_the_link(new_case, tmp_path):
    _add_agency(new_case, "ICE")
    with CaseFile.open(new_case, read_only=True) as case:
        backup = case.backup(tmp_path / "saved.casefile")
    _add_agency(new_case, "CBP")
    shortcuts = tmp_path / "shortcuts"
    shortcuts.mkdir()
    link = shortcuts / "case.casefile"
    link.symlink_to(new_case)

    kept = restore(backup, link)

    assert link.is_symlink() and link.resolve() == new_case
    assert _agencies(new_case) == ["ICE"]
    assert kept is not None and kept.parent == new_case.parent
    assert _agencies(kept) == ["CBP", "ICE"]
    assert sorted(p.name for p in shortcuts.iterdir()) == ["case.casefile"]


def test_unlock_through_a_symlink_releases_the_case_s_own_lock(new_case, tmp_path):
    """A lock written by another computer sits beside the case, not the link."""
    link = tmp_path / "link.casefile"
    link.symlink_to(new_case)
    (new_case.parent / f".{new_case.name}.lock").write_text(
        '{"host": "paralegal-laptop", "pid": 4242, "since": "2026-11-20T09:15:00+00:00"}')
    assert_one_clear_line(run_cli("add", "agency", link, "--name", "ICE",
                                  "--abbreviation", "ICE"), "paralegal-laptop")
    result = run_cli("unlock", link)
    assert result.returncode == 0 and "paralegal-laptop, pid 4242" in result.stdout
    _add_agency(link, "ICE")
    assert _agencies(new_case) == ["ICE"]
