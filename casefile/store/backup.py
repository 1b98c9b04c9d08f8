"""Backups a user can trust: written with SQLite's backup API, verified by
opening them, rotated, and restorable over a damaged case."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from casefile.errors import CaseFileDamaged, CasefileError, InputError, from_os_error
from casefile.store import sqlite as sq
from casefile.store.schema import known_revisions

AUTO_KEEP = 5
AUTO_PREFIX = "auto"


def backup_name(case_path: Path, reason: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return f"{case_path.stem}-{stamp}-{reason}.casefile"


def write_verified(engine: Engine, target: Path) -> Path:
    """Copy the live case to ``target`` (atomically), then prove the copy opens."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        sq.backup_to(engine, tmp)
        verify(tmp)
        os.replace(tmp, target)
        sq.fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise from_os_error(exc, target, "writing the backup") from None
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise sq.translate(exc, target) from None
    except CasefileError:
        tmp.unlink(missing_ok=True)
        raise
    return target


def verify(path: Path) -> None:
    """Open a backup read-only and check it through; raise if it is not whole."""
    sq.check_header(path)
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise CaseFileDamaged(f"The backup {path.name} failed its check: {result[0][0]}.")
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CaseFileDamaged(f"The backup {path.name} cannot be read: {exc}.") from None
    if not rev or rev[0] not in known_revisions():
        raise CaseFileDamaged(f"The backup {path.name} has no schema version this app knows.")


def rotate(folder: Path, stem: str, keep: int = AUTO_KEEP) -> None:
    """Keep the newest ``keep`` automatic backups of one case."""
    autos = sorted(folder.glob(f"{stem}-*-{AUTO_PREFIX}.casefile"))
    for old in autos[:-keep] if keep else autos:
        old.unlink(missing_ok=True)


def newest_auto(folder: Path, stem: str) -> Path | None:
    autos = sorted(folder.glob(f"{stem}-*-{AUTO_PREFIX}.casefile"))
    return autos[-1] if autos else None


def list_backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.casefile")) if folder.is_dir() else []


def check_restorable(backup: Path) -> None:
    if not backup.is_file():
        raise InputError(f"{backup} does not exist.")
    verify(backup)
