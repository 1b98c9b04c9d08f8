"""Putting a backup back in place of a case, keeping the replaced file aside."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from casefile.errors import from_os_error
from casefile.store import sqlite as sq
from casefile.store.backup import check_restorable
from casefile.store.lock import CaseLock


def restore(backup: Path, case_path: Path) -> Path | None:
    """Replace ``case_path`` with ``backup``; returns where the old file was kept.

    The backup is verified first; the case must not be open anywhere; the old
    file (with any journal beside it) is renamed, never deleted.
    """
    backup, case_path = Path(backup), Path(case_path)
    check_restorable(backup)
    if not case_path.parent.is_dir():
        raise from_os_error(FileNotFoundError(2, "missing"), case_path.parent, "restoring")
    lock = CaseLock(case_path)
    lock.acquire()
    kept = None
    tmp = case_path.with_name(f".{case_path.name}.restoring")
    try:
        try:
            shutil.copyfile(backup, tmp)
            if case_path.exists():
                _fold_wal(case_path)
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                kept = case_path.with_name(f"{case_path.stem}.replaced-{stamp}{case_path.suffix}")
                os.replace(case_path, kept)
                for side in sq.sidecars(case_path):
                    if side.exists():
                        suffix = side.name[len(case_path.name):]
                        os.replace(side, kept.with_name(kept.name + suffix))
            os.replace(tmp, case_path)
            sq.fsync_dir(case_path.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise from_os_error(exc, case_path, "restoring") from None
    finally:
        lock.release()
    return kept


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
