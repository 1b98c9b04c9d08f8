"""Putting a backup back in place of a case, keeping the replaced file aside."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from casefile import leftovers
from casefile.errors import InputError, from_os_error
from casefile.store import damage
from casefile.store import sqlite as sq
from casefile.store.backup import check_restorable
from casefile.store.case import resolve
from casefile.store.lock import CaseLock


def restore(backup: Path, case_path: Path, *, other_case: bool = False) -> Path | None:
    """Replace ``case_path`` with ``backup``; returns where the old file was kept.

    The backup is verified first and must be of the same case (unless
    ``other_case``); the case must not be open anywhere; the old file (with
    any journal beside it) is renamed, never deleted. A symlink is followed:
    the case it names is replaced, and the link keeps pointing at it.
    """
    backup, case_path = Path(backup), resolve(case_path)
    if os.path.islink(case_path):  # dangling: restore creates the file it names
        case_path = Path(os.path.realpath(case_path))
    check_restorable(backup)
    if case_path.exists() and case_path.resolve() == backup.resolve():
        raise InputError(f"{backup.name} is the case itself, not a backup of it.")
    if not case_path.parent.is_dir():
        raise from_os_error(FileNotFoundError(2, "missing"), case_path.parent, "restoring")
    lock = CaseLock(case_path, links_ok=True)
    lock.acquire()
    kept = None
    leftovers.sweep(case_path.parent)
    tmp = leftovers.partial_beside(case_path)
    try:
        if case_path.exists():
            # Under the lock, so nobody writes meanwhile and no WAL is left.
            _fold_wal(case_path)
            mine, theirs = _case_id(case_path), _case_id(backup)
            if mine and theirs and mine != theirs and not other_case:
                raise InputError(
                    f"{backup.name} is a backup of another case ({_title(backup)}), not of "
                    f"{case_path.name}; add --other-case to replace {case_path.name} with it "
                    "anyway."
                )
        try:
            shutil.copyfile(backup, tmp)
            if case_path.exists():
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                kept = case_path.with_name(f"{case_path.stem}.replaced-{stamp}{case_path.suffix}")
                os.replace(case_path, kept)
                for side in sq.sidecars(case_path):
                    if side.exists():
                        suffix = side.name[len(case_path.name):]
                        os.replace(side, kept.with_name(kept.name + suffix))
            os.replace(tmp, case_path)
            sq.fsync_dir(case_path.parent)
            damage.clear(case_path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise from_os_error(exc, case_path, "restoring") from None
    finally:
        lock.release()
    return kept


def _case_id(path: Path) -> str | None:
    try:
        # Read-write on purpose: we hold the lock, and a read-only connection
        # to a WAL file would leave -wal and -shm files behind.
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = 'case_uuid'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # a damaged current file is exactly what one restores over
    return row[0] if row else None


def _title(path: Path) -> str:
    """The first matter's short title of a backup (a rollback-journal file)."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT short_title FROM matter ORDER BY id LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    return row[0] if row else "untitled"


def _fold_wal(path: Path) -> None:
    """Let SQLite fold a left-over WAL into the file it belongs to, if it can.

    A WAL must never meet a different main file; if the old file is too
    damaged to checkpoint, its WAL is moved aside with it instead.
    """
    if not path.with_name(path.name + "-wal").exists():
        return
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass
