"""Errors a user can cause, each carrying one plain sentence for that user.

Everything the CLI and the window show for a user's mistake is the ``message``
of a :class:`CasefileError`; anything else is a bug and may show a traceback.
Storage-level failures (full disk, read-only folder, damaged file) are turned
into these errors at the storage boundary by :func:`from_os_error` and
:func:`from_db_error`, so capability code never parses SQLite's wording.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path


class CasefileError(Exception):
    """A failure the user can understand and act on; ``str()`` is the sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotACaseFile(CasefileError):
    """The path is missing, or is not a Casefile case file."""


class CaseFileDamaged(CasefileError):
    """The file is a case file but SQLite reports it damaged or truncated."""


class SchemaTooNew(CasefileError):
    """The file was written by a newer Casefile than this one."""


class CaseLocked(CasefileError):
    """Another process holds the case open for writing."""

    def __init__(self, message: str, holder: dict | None = None) -> None:
        super().__init__(message)
        self.holder = holder or {}


class ReadOnlyCase(CasefileError):
    """A write was asked of a case opened read-only."""


class CaseClosed(CasefileError):
    """The case was closed while something still meant to read or save it (a job
    that finished after its window closed the case)."""


class DiskFull(CasefileError):
    """The disk (or a size limit) ran out while writing."""


class NotWritable(CasefileError):
    """The folder or file cannot be written (permissions, read-only medium)."""


class InputError(CasefileError):
    """A value the user typed or a file the user named is not usable."""


class NotFound(InputError):
    """The user named an entity the case does not have."""


def from_os_error(exc: OSError, path: Path | str, doing: str) -> CasefileError:
    """Turn an OSError met while ``doing`` something to ``path`` into a sentence."""
    name = Path(path).name or str(path)
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return DiskFull(f"The disk is full while {doing} {name}: nothing was changed. "
                        "Free some space and try again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return NotWritable(f"Cannot {doing.removesuffix('ing')} {name}: permission denied "
                           "(the folder or the file is read-only).")
    if exc.errno == errno.ENOENT:
        return NotACaseFile(f"{path} does not exist.")
    if exc.errno == errno.EISDIR:
        return InputError(f"{path} is a folder, not a file.")
    return CasefileError(f"Could not finish {doing} {name}: {exc.strerror or exc}.")


def disk_filled(saved: int, total: int, not_reached: int) -> DiskFull:
    """A batch that commits file by file, stopped by a full disk: what was kept.

    ``from_db_error``'s "nothing was saved" is true of the one transaction
    that failed, not of the files committed before it.
    """
    files = "file was" if not_reached == 1 else "files were"
    return DiskFull(f"{saved} of {total} files were saved before the disk filled; the last "
                    f"{not_reached} {files} not imported. Free some space and import "
                    f"{'it' if not_reached == 1 else 'those'} again.")


def server_lost(the_server: str, saved: int, total: int, not_reached: int) -> ServerUnavailable:
    """A batch that commits file by file, stopped by a server gone away: what was kept
    (the failed transaction's "nothing was saved" is true of that file only)."""
    files = "file was" if not_reached == 1 else "files were"
    return ServerUnavailable(
        f"{the_server} could no longer be reached: {saved} of {total} "
        f"files were saved before; the last {not_reached} {files} not imported. Import "
        f"{'it' if not_reached == 1 else 'those'} again when the server is back (what is "
        "saved already is recognised and skipped).")


def from_db_error(exc: BaseException, path: Path | str) -> CasefileError | None:
    """Translate a SQLite error (raw or wrapped by SQLAlchemy) into a sentence.

    Returns None when the error is not one a user can cause (a bug), so the
    caller re-raises it unchanged.
    """
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorname", "") or ""
    name = Path(path).name
    if code.startswith("SQLITE_FULL"):
        return DiskFull(f"The disk is full: nothing was saved to {name}. "
                        "Free some space and try again.")
    if code.startswith("SQLITE_READONLY"):
        return NotWritable(f"Cannot write to {name}: the file or its folder is read-only.")
    if code.startswith("SQLITE_NOTADB"):
        return NotACaseFile(f"{name} is not a Casefile case file.")
    if code.startswith("SQLITE_CORRUPT"):
        return CaseFileDamaged(f"{name} is damaged (SQLite reports a malformed file). "
                               "Restore it from a backup with 'casefile restore'.")
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return CaseLocked(f"{name} is busy with other work (a job of this window, or "
                          "another program); try again in a moment.")
    if code.startswith("SQLITE_CANTOPEN"):
        return NotWritable(f"Cannot open {name}: the folder may be read-only or missing.")
    if code.startswith("SQLITE_IOERR") and _no_space_left(Path(path)):
        # SQLite says "disk I/O error" when it cannot extend its -shm on a full disk.
        return DiskFull(f"The disk is full: nothing was saved to {name}. "
                        "Free some space and try again.")
    if code.startswith("SQLITE_IOERR"):
        return CasefileError(f"The disk reported an error while writing {name}; "
                             "nothing was saved. Check the disk and try again.")
    return None


def _no_space_left(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def read_user_file(path: Path, what: str = "file") -> bytes:
    """The bytes of a file the user named, or one sentence saying why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the {what} itself.") from None
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read: {exc.strerror}.") from None


class ServerUnavailable(CasefileError):
    """A case's database server cannot be reached (down, wrong address, no network)."""


class AccessDenied(CasefileError):
    """The database server refused the user (wrong password, no such user or database)."""


class ServerNotTrusted(CasefileError):
    """The server did not prove it is the one the URL names (sslmode=verify-full or
    verify-ca): not a server that is down, so trying again does not help."""


class EditConflict(CasefileError):
    """A save over someone else's newer change of the same row, refused.

    ``by`` and ``at`` (UTC) say who saved the row last and when (either may be
    None when the case does not know); ``theirs`` holds the row's fields as
    saved now (empty when it was deleted), ``mine`` the changes refused, so a
    window can show both to choose from. ``table`` and ``row_uuid`` name the row;
    ``version`` is its version now: the user who keeps their own values saves
    again as having opened that one (``edits.opened``).
    """

    def __init__(self, message: str, *, table: str, row_uuid=None, by: str | None = None,
                 at=None, theirs: dict | None = None, mine: dict | None = None,
                 deleted: bool = False, version: int | None = None) -> None:
        super().__init__(message)
        self.table, self.row_uuid, self.by, self.at = table, row_uuid, by, at
        self.theirs, self.mine = theirs or {}, mine or {}
        self.deleted, self.version = deleted, version


class SaveCollided(CasefileError):
    """The database server gave up this save so another could go on (a deadlock, a
    serialization failure): nothing was saved, and running it again succeeds.
    ``CaseFile.write`` runs it again itself; only a save still refused after its
    tries reaches the user."""
