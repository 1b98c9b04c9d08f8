"""Everything SQLite-specific about a case file, kept in one place.

Pragmas, the file header check, the backup API and the integrity check live
here so that a second backend (PostgreSQL for a shared team case) arrives as a
sibling of this module, not as a rewrite of every capability.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from casefile.errors import CaseFileDamaged, NotACaseFile, from_db_error

# PRAGMA application_id stamped into every case file ("Case" in ASCII), so a
# case file is recognised from its first 100 bytes, before SQL runs.
APPLICATION_ID = 0x43617365
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# SQLite's result codes that mean the file itself is damaged.
DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def sidecars(path: Path) -> list[Path]:
    """The journal and WAL files SQLite may keep beside ``path``."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def check_header(path: Path) -> None:
    """Refuse, with a sentence, anything that is not a whole case file.

    Cheap (reads 100 bytes) so it runs on every open; the full integrity check
    is ``casefile check``.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        raise NotACaseFile(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise NotACaseFile(f"{path} is a folder, not a case file.") from None
    except PermissionError:
        raise NotACaseFile(f"{path.name} cannot be read: permission denied.") from None
    if size == 0:
        raise NotACaseFile(f"{path.name} is empty: it is not a Casefile case file.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotACaseFile(f"{path.name} is not a Casefile case file.")
    if len(header) < 100:
        raise CaseFileDamaged(f"{path.name} is truncated: restore it from a backup.")
    (app_id,) = struct.unpack(">I", header[68:72])
    if app_id != APPLICATION_ID:
        raise NotACaseFile(
            f"{path.name} is a SQLite database, but not a Casefile case file."
        )
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The in-header page count is trustworthy only when it was written by the
    # same change as the counter; with a live WAL the file may legitimately lag.
    wal = path.with_name(path.name + "-wal")
    if change_counter == valid_for and not wal.exists() and size < pages * page_size:
        raise CaseFileDamaged(
            f"{path.name} is truncated ({size:,} of {pages * page_size:,} bytes): "
            "restore it from a backup with 'casefile restore'."
        )


def _on_connect(read_only: bool):
    def connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so DDL (migrations)
        # is transactional too; pysqlite's own handling skips it before DDL.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    return connect


WRITING = "casefile_writing"  # an execution option: this transaction will write


def _on_begin(conn) -> None:
    # A write takes the write lock as it begins, waiting busy_timeout for it. A plain
    # BEGIN would read first and then, if the worker wrote meanwhile, fail at once
    # with SQLITE_BUSY (its snapshot is stale), however long the timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITING)
                         else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine on ``path`` with the case file's pragmas on every connection."""
    params = []
    if read_only:
        params.append("mode=ro")
    if immutable:
        params.append("immutable=1")
    query = "&".join(params + ["uri=true"])
    uri = f"file:{_uri_path(path)}?{query}"
    engine = create_engine(
        f"sqlite:///{uri}",
        # One user action at a time touches the file; a small pool per thread
        # is what SQLAlchemy's SQLite dialect gives file databases by default.
        pool_pre_ping=False,
    )
    event.listen(engine, "connect", _on_connect(read_only))
    event.listen(engine, "begin", _on_begin)
    return engine


def make_migration_engine(path: Path) -> Engine:
    """An engine for schema upgrades: one connection, foreign keys off.

    Alembic's batch mode rebuilds tables (copy, drop, rename); with foreign
    keys on, dropping a referenced table would cascade. The upgrade checks
    ``PRAGMA foreign_key_check`` itself before it commits.
    """
    engine = create_engine(f"sqlite:///file:{_uri_path(path)}?uri=true", poolclass=NullPool)

    def connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        dbapi_connection.execute("PRAGMA synchronous = FULL")

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _uri_path(path: Path) -> str:
    # SQLite URIs need '?', '#' and '%' escaped in the path part.
    text = path.resolve().as_posix()
    return text.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def initialise_new_file(dbapi_connection: sqlite3.Connection) -> None:
    """Pragmas a new case file is born with (they persist in the file)."""
    dbapi_connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    # WAL: readers (the window) never wait for the writer (a long import), and
    # the main file only changes at checkpoints. The WAL is checkpointed and
    # removed when the case closes, so a synced folder sees one file.
    dbapi_connection.execute("PRAGMA journal_mode = WAL")


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file and truncate it to zero bytes."""
    conn = engine.raw_connection()
    try:
        conn.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def trailing_bytes(path: Path) -> int | None:
    """Bytes after the database's last page, or None when that cannot be told.

    The header's page count is authoritative only when it was written with
    the change counter, and only with no WAL frames waiting (checkpoint
    first): SQLite itself ignores what lies past that count, so appended
    garbage passes its integrity check.
    """
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    with path.open("rb") as f:
        header = f.read(100)
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if change_counter != valid_for or pages == 0:
        return None
    return max(path.stat().st_size - pages * page_size, 0)


def backup_to(engine: Engine, target: Path) -> None:
    """Copy the live database to ``target`` with SQLite's online backup API.

    The copy is consistent even while the case is in use, and is written as a
    rollback-journal file (no WAL sidecars) so it is a single file at rest.
    """
    src = engine.raw_connection()
    try:
        dst = sqlite3.connect(target)
        try:
            src.driver_connection.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def integrity_problems(engine: Engine) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check``, as sentences."""
    problems: list[str] = []
    conn = engine.raw_connection()
    try:
        rows = conn.driver_connection.execute("PRAGMA integrity_check").fetchall()
        problems += [f"SQLite integrity: {r[0]}" for r in rows if r[0] != "ok"]
        for table, rowid, parent, _fk in conn.driver_connection.execute(
            "PRAGMA foreign_key_check"
        ):
            problems.append(f"{table} row {rowid} points to a missing {parent} row")
    except sqlite3.DatabaseError as exc:
        # So damaged the check itself cannot run ("database disk image is
        # malformed"): that is the finding, not a crash.
        if not getattr(exc, "sqlite_errorname", "").startswith(DAMAGE_CODES):
            raise
        problems.append(f"SQLite integrity: {exc}")
    finally:
        conn.close()
    return problems


def no_room_for_sidecars(exc: BaseException) -> bool:
    """Whether SQLite failed to make the -wal/-shm a reader needs (a full disk)."""
    code = getattr(getattr(exc, "orig", exc), "sqlite_errorname", "") or ""
    return code.startswith(("SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN"))


def translate(exc: BaseException, path: Path) -> BaseException:
    """The user-facing error for a SQLite failure, or ``exc`` itself."""
    return from_db_error(exc, path) or exc


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (no-op where directories can't be synced)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
