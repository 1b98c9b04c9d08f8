"""Backups a user can trust: written with SQLite's backup API, verified by
opening them and rehashing every document, rotated, and restorable over a
damaged case."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile import leftovers
from casefile.errors import CaseFileDamaged, CasefileError, InputError, from_os_error
from casefile.store import blobs
from casefile.store import sqlite as sq
from casefile.store.lock import CaseLock
from casefile.store.schema import known_revisions

AUTO_KEEP = 5
AUTO_PREFIX = "auto"


def backup_name(case_path: Path, reason: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return f"{case_path.stem}-{stamp}-{reason}.casefile"


def write_verified(engine: Engine, target: Path, *, replace: bool = False) -> Path:
    """Copy the live case to ``target`` (atomically), then prove the copy whole.

    An existing ``target`` is refused unless ``replace``; even then it is a
    case someone may have open, so its writer's lock is taken first and held
    until the copy is in place (its stale WAL, if any, is removed with it).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, target.parent, "creating") from None
    leftovers.sweep(target.parent)
    lock = None
    if os.path.lexists(target):
        if not replace:
            raise InputError(f"{target.name} already exists; choose another name, or add "
                             "--force to replace it.")
        target = Path(os.path.realpath(target))  # a symlink: replace the file it names
        lock = CaseLock(target)
        lock.acquire()
    tmp = leftovers.partial_beside(target)
    try:
        sq.backup_to(engine, tmp)
        verify(tmp, name=target.name)
        if lock is not None:
            for side in sq.sidecars(target):
                side.unlink(missing_ok=True)  # a WAL must never meet another file
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
    finally:
        if lock is not None:
            lock.release()
    return target


def verify(path: Path, *, name: str | None = None) -> None:
    """Check a backup through; raise if it is not whole.

    SQLite's own check sees the pages, not what they hold: one flipped byte
    inside a document passes it. So every document is read back, its chunks
    joined, and its SHA-256 compared with the one it was stored under.
    """
    sq.check_header(path)
    name = name or path.name
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise CaseFileDamaged(f"The backup {name} failed its check: {result[0][0]}.")
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CaseFileDamaged(f"The backup {name} cannot be read: {exc}.") from None
    if not rev or rev[0] not in known_revisions():
        raise CaseFileDamaged(f"The backup {name} has no schema version this app knows.")
    engine = sq.make_engine(path, read_only=True, immutable=True)
    try:
        with Session(engine) as session:
            found = blobs.verify_all(session)
    except sqlite3.Error as exc:
        raise CaseFileDamaged(f"The backup {name} cannot be read: {exc}.") from None
    except DBAPIError as exc:  # SQLAlchemy's wrapping of what SQLite raised
        raise CaseFileDamaged(f"The backup {name} cannot be read: {exc.orig}.") from None
    finally:
        engine.dispose()
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise CaseFileDamaged(f"The backup {name} is damaged: {found[0]}{more}.")


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
