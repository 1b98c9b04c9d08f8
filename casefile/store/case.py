"""A case file on disk: create, open, one transaction per user action, close.

Everything above the storage layer goes through :class:`CaseFile`; nothing else
opens the SQLite file. The guarantees:

- a new file is built aside and appears whole, stamped at the newest schema;
- an old file is upgraded in one transaction after a verified backup, and a
  file newer than this app (or not a case at all) is refused byte for byte
  untouched: nothing that writes runs before the schema is known;
- one writer at a time (``store.lock``, on the file behind any symlink); others
  may open read-only, and a read-only open writes nothing;
- a case found damaged opens read-only until it is restored (``store.damage``);
- every ``transaction()`` commits whole or not at all;
- on close the WAL is folded in and removed, so a synced folder sees one file;
  a read-only open removes the sidecars it made, and on a full disk, where it
  could not make them, reads the file as it stands.

A case may also live in a PostgreSQL database, named by a URL where a path
goes (``store.postgres``): the same schema, transactions and refusals; no
file lock, WAL or file backups (the server has its own).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import shutil
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from casefile import __version__, changes, leftovers, versions
from casefile import audit as _audit  # noqa: F401  (its session hooks log every save)
from casefile.errors import (
    CaseClosed,
    CaseFileDamaged,
    CasefileError,
    InputError,
    NotACaseFile,
    ReadOnlyCase,
    SaveCollided,
    SchemaTooNew,
    from_os_error,
)
from casefile.paths import backups_dir, documents_dir
from casefile.store import backup as backups
from casefile.store import damage, members, postgres, schema
from casefile.store import sqlite as sq
from casefile.store.lock import CaseLock
from casefile.store.models import Setting

SUFFIX = ".casefile"
# An automatic backup is taken on close when the case changed and the newest
# automatic backup is older than this.
AUTO_BACKUP_INTERVAL_S = 3600
# CaseFile.write: how often a save the server gave up (a deadlock) is run again,
# and the first wait before it, doubled each time, jittered so two processes that
# collided do not collide again in step. Five tries wait 0.3 s at most in all.
WRITE_TRIES = 5
RETRY_WAIT_S = 0.01


@contextlib.contextmanager
def _user_errors(path: Path, doing: str) -> Iterator[None]:
    """Turn storage failures into the one sentence a user should see."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        translated = sq.translate(exc, path)
        if translated is exc:
            raise
        if isinstance(translated, CaseFileDamaged):
            # SQLite met a malformed page: from now on the case is read-only
            # (here and at every open) until a backup is restored.
            damage.record(path, "SQLite reports a malformed file")
        raise translated from None
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`): not the case file's fault
    except OSError as exc:
        # A file other than the case (one being imported, a template) is named as
        # itself: "CASE does not exist" would send the user looking for the wrong file.
        other = exc.filename and Path(exc.filename).name not in (
            path.name, *(p.name for p in sq.sidecars(path)))
        raise from_os_error(exc, exc.filename if other else path, doing) from None


@contextlib.contextmanager
def _server_errors(url, name: Path, doing: str) -> Iterator[None]:
    """A server's refusals as sentences (store.postgres), and, as on a case file, a
    file the work reads (one being imported, a template) that is missing or
    unreadable named as itself: the server case has no file of its own to blame."""
    try:
        with postgres.user_errors(url):
            yield
    except BrokenPipeError:
        raise  # the reader of our output went away (`| head`)
    except OSError as exc:
        raise from_os_error(exc, exc.filename or name, doing) from None


class CaseFile:
    """An open case. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        read_only: bool,
        lock: CaseLock | None,
        backup_dir: Path | None = None,
        url=None,
    ):
        # A case on a server: its sqlalchemy URL; ``path`` then holds the
        # database's name, so sentences name it as they name a file.
        self.url = url
        self.backend = "postgresql" if url is not None else "sqlite"
        self.path = path
        self.engine = engine
        self.read_only = read_only
        # Why, when it is not the user's choice (a server that lets them read
        # only): "alice may only read palladium on the server".
        self.read_only_reason: str | None = None
        # What was found wrong with the file, when it is open read-only for that.
        self.damaged: str | None = None
        self._lock = lock
        self._changed = False
        # Saves ``write`` ran again after the server gave them up (a deadlock).
        self.retries = 0
        self.auto_backup = True
        self._backup_root = backup_dir
        with self.reading() as s:
            self.case_uuid = s.scalar(select(Setting.value).where(Setting.key == "case_uuid"))

    @property
    def location(self) -> Path | str:
        """What opens this case again in another process (a bundle build, a scan):
        its file, or its server's URL, password included (it is passed in memory,
        never stored or shown; ``postgres.shown`` is what lists and messages use)."""
        if self.url is not None:
            return self.url.render_as_string(hide_password=False)
        return self.path

    @property
    def folder(self) -> Path:
        """Where the case's papers go unless the user says otherwise (drafts, bundles,
        a printout to PDF, the file dialogs' start): a case file's own folder. A case on
        a server has none (its ``path`` is the database's bare name, whose parent is the
        process's working folder: "/" for an app the desktop started), so the user's
        Documents folder."""
        return documents_dir() if self.url is not None else self.path.parent

    # --- making and opening -------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, backup_dir: Path | None = None,
               auto_backup: bool = True) -> CaseFile:
        """Create a new, empty case file at ``path`` and open it for writing."""
        if postgres.is_url(path):
            return cls._create_on_server(path)
        path = Path(path)
        if path.is_dir() or not path.name or path.name in (".", ".."):
            raise InputError(f"{path} is a folder: give the new case a file name.")
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        if path.exists():
            raise InputError(f"{path.name} already exists: open it, or choose another name.")
        if not path.parent.is_dir():
            raise InputError(f"The folder {path.parent} does not exist.")
        leftovers.sweep(path.parent)
        tmp = leftovers.partial_beside(path)
        with _user_errors(path, "creating"):
            try:
                build_new_file(tmp)
                place_new_file(tmp, path)
            finally:
                for leftover in [tmp, *sq.sidecars(tmp)]:
                    leftover.unlink(missing_ok=True)
        return cls.open(path, backup_dir=backup_dir, auto_backup=auto_backup)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        backup_dir: Path | None = None,
        auto_backup: bool = True,
        despite_damage: bool = False,
        keep_journal_mode: bool = False,
    ) -> CaseFile:
        """Open an existing case; upgrade it if it is from an older Casefile.

        ``auto_backup=False`` skips the backup on close (for throwaway cases
        such as the demo); the backup before an upgrade is always taken. A
        case found damaged opens read-only, its ``damaged`` saying why, unless
        ``despite_damage`` (``casefile check``, which looks again).
        ``keep_journal_mode`` leaves a rollback-journal file (a backup) in that
        mode, for work that writes nothing (``check``): entering WAL would
        rewrite its header, and a check must not change what it checks.
        """
        if postgres.is_url(path):
            return cls._open_on_server(path, read_only=read_only)
        path = resolve(path)
        sq.check_header(path)
        finding = None if despite_damage else damage.recorded(path)
        if finding is not None:
            read_only = True
        had_sidecars = any(p.exists() for p in sq.sidecars(path))
        lock = None
        engine = None
        try:
            if not read_only:
                lock = CaseLock(path)
                lock.acquire()
                # What killed runs left beside the case (an export, a restore's
                # copy): gone at the next start, never a live process's work.
                leftovers.sweep(path.parent)
            with _user_errors(path, "opening"):
                engine = _engine_for(path, read_only)
                try:
                    with engine.connect() as conn:
                        revision = schema.current_revision(conn)
                except DBAPIError as exc:
                    # A read-only open of a file at rest needs a -shm file; on a
                    # full disk it cannot have one. No -wal means no writer is
                    # mid-work, so the file as it stands is the whole case.
                    if not (read_only and _wal_is_empty(path)
                            and sq.no_room_for_sidecars(exc)):
                        raise
                    engine.dispose()
                    _drop_empty_sidecars(path)
                    engine = sq.make_engine(path, read_only=True, immutable=True)
                    with engine.connect() as conn:
                        revision = schema.current_revision(conn)
                if revision is None:
                    raise NotACaseFile(
                        f"{path.name} has no Casefile schema: it is not a case file."
                    )
                if revision != schema.HEAD:
                    if revision not in schema.known_revisions():
                        raise SchemaTooNew(
                            f"{path.name} was saved by a newer version of Casefile; "
                            f"update Casefile (this is {__version__}) to open it."
                        )
                    if read_only:
                        raise ReadOnlyCase(
                            f"{path.name} was saved by an older version of Casefile and must be "
                            "upgraded first: open it once without --read-only."
                        )
                    engine.dispose()
                    _upgrade(path, revision, backup_dir)
                    engine = _engine_for(path, read_only)
                if not read_only and not keep_journal_mode:
                    # Only now, the file known to be a case of this version:
                    # switching to WAL rewrites header bytes 18-19.
                    _enter_wal(engine, path)
                case = cls(path, engine, read_only, lock, backup_dir)
                case.auto_backup = auto_backup
                case.damaged = finding
                _open_cases.add(case)
                return case
        except BaseException:
            if engine is not None:
                engine.dispose()
            if lock is not None:
                lock.release()
            elif not had_sidecars:
                # A refused read-only open of a WAL file leaves nothing behind.
                _tidy_sidecars(path)
            raise

    @classmethod
    def _create_on_server(cls, location) -> CaseFile:
        url = postgres.as_url(location)
        postgres.ensure_database(url)
        engine = postgres.make_engine(url)
        try:
            postgres.build_new_case(engine, url)
        finally:
            engine.dispose()
        return cls._open_on_server(location)

    @classmethod
    def _open_on_server(cls, location, *, read_only: bool = False) -> CaseFile:
        url = postgres.as_url(location)
        engine = postgres.make_engine(url, read_only=read_only)
        try:
            with postgres.user_errors(url):
                with engine.connect() as conn:
                    rights = members.access(conn) if members.is_case(conn) else members.EDIT
                    if rights is None:
                        raise members.not_a_member(url)
                    revision = schema.current_revision(conn)
                    if revision is None:
                        raise postgres.not_a_case(conn, url)
                name = postgres.case_name(url)
                if rights == members.READ and not read_only:
                    # The server lets this user read only: the case opens as a
                    # read-only file does, so nothing offers an edit it would refuse.
                    read_only = True
                    engine = engine.execution_options(postgresql_readonly=True)
                if revision != schema.HEAD:
                    if revision not in schema.known_revisions():
                        raise SchemaTooNew(
                            f"The case {name} on the server was saved by a newer version of "
                            f"Casefile; update Casefile (this is {__version__}) to open it.")
                    # A case made on a server by an earlier build (at 0013, say,
                    # before the row versions of 0014) is upgraded here, in one
                    # transaction, as on SQLite; PostgreSQL's DDL rolls back whole.
                    if read_only:
                        raise ReadOnlyCase(
                            f"The case {name} was saved by an older version of Casefile and "
                            "must be upgraded first: open it once without --read-only.")
                    with engine.begin() as conn:
                        schema.upgrade(conn)
                        with Session(bind=conn) as session:
                            schema.sync_catalog(session)
                            session.flush()
                case = cls(Path(name), engine, read_only, None, url=url)
                if rights == members.READ:
                    case.read_only_reason = (
                        f"{url.username or 'This user'} may only read {name} on the server")
                case.auto_backup = False
                _open_cases.add(case)
                return case
        except BaseException:
            engine.dispose()
            raise

    def _errors(self, doing: str):
        if self.url is not None:
            return _server_errors(self.url, self.path, doing)
        return _user_errors(self.path, doing)

    # --- working with it ------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        engine = self._open_engine()
        if self.damaged is not None:
            raise CaseFileDamaged(damage.read_only_sentence(self.path, self.damaged))
        if self.read_only:
            raise ReadOnlyCase(f"{self.read_only_reason or self.path.name + ' is open read-only'}"
                               "; nothing was changed.")
        try:
            with self._errors("saving to"), Session(
                engine.execution_options(**{sq.WRITING: True}), expire_on_commit=False
            ) as session, versions.refused(session), session.begin():
                yield session
        except CaseFileDamaged:
            self._stop_writing()
            raise
        self._changed = True

    def write(self, work: Callable[..., object], *args, **kwargs):
        """``work(session, *args, **kwargs)`` in one transaction, committed; its result.

        On a server, a save given up so another could go on (a deadlock between
        two users' saves, a serialization failure) is rolled back and ``work`` run
        again from the start, a few times after a short jittered wait: it is no
        one's mistake, and the user never sees it. ``work`` must therefore read
        what it changes inside the session and keep nothing of a failed try.
        An EditConflict (someone saved the same row first) is not run again: it
        is the user's to decide. On SQLite, one writer at a time, a single try
        (its busy timeout already waits for the other writer).
        """
        for attempt in range(1, WRITE_TRIES + 1):
            try:
                with self.transaction() as session:
                    return work(session, *args, **kwargs)
            except SaveCollided:
                if attempt == WRITE_TRIES:
                    raise
                self.retries += 1
                time.sleep(random.uniform(0.5, 1.5) * RETRY_WAIT_S * 2 ** attempt)
        raise AssertionError("unreachable")  # the last try returns or raises

    def others_writing(self) -> bool:
        """On a server: whether another connection of ours holds a write transaction
        open (a job of the window's), so an edit made now could wait on it."""
        if self.url is None:
            raise ValueError("others_writing is asked of a case on a server")
        with self._errors("reading"):
            return postgres.others_writing(self.engine)

    def apply(self, work: Callable[..., object], *args, **kwargs) -> changes.Applied:
        """``write``, with what it changed: ``work``'s result and the tables of the rows
        it wrote (a window refreshes the views that show them)."""
        seen: dict[str, frozenset[str]] = {}

        def noting(session: Session, *a, **k):
            if self.backend == "postgresql":
                # A user's edit waits for another's row lock no longer than an edit
                # waits for a case file's write lock (SQLite's busy timeout), then
                # says the case is busy (the window's edit queue tries it again).
                session.connection().exec_driver_sql(
                    f"SET LOCAL lock_timeout = {sq.BUSY_TIMEOUT_MS}")
            result = work(session, *a, **k)
            session.flush()  # the hooks note what the commit would write
            seen["tables"] = changes.noted(session)
            return result

        result = self.write(noting, *args, **kwargs)
        return changes.Applied(result, seen.get("tables", frozenset()))

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (it is rolled back, never committed)."""
        engine = self._open_engine()
        try:
            with self._errors("reading"), Session(engine) as session:
                yield session
        except CaseFileDamaged:
            self._stop_writing()
            raise

    def _open_engine(self) -> Engine:
        """The engine, or the sentence for a case closed meanwhile (a job that ends
        after its window closed the case would otherwise meet SQLAlchemy's words)."""
        if self.engine is None:
            raise CaseClosed(f"The case {self.path.name} was closed: nothing was read "
                             "from or saved to it.")
        return self.engine

    def _stop_writing(self) -> None:
        """SQLite met a malformed page: nothing more is written here (the
        finding is kept for the next open by ``_user_errors``)."""
        self.damaged = self.damaged or "SQLite reports a malformed file"
        self.read_only = True

    # --- backups --------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        base = self._backup_root or backups_dir()
        return base / str(self.case_uuid or self.path.stem)

    def backup(self, target: Path | None = None, *, reason: str = "manual",
               replace: bool = False) -> Path:
        """Write a verified copy; by default into the case's backup folder.

        A ``target`` that exists (another case, perhaps open elsewhere) is
        refused unless ``replace``, and then replaced under its own lock.
        """
        if self.url is not None:
            raise InputError(f"The case {self.path.name} is kept on a database server: it is "
                             "backed up there (pg_dump), not by Casefile.")
        if target is None:
            target = self.backup_dir / backups.backup_name(self.path, reason)
        elif target.is_dir():
            target = target / backups.backup_name(self.path, reason)
        if target.resolve() == self.path.resolve() or _same_file(target, self.path):
            raise InputError("A backup cannot overwrite the case it copies.")
        path = backups.write_verified(self.engine, target, replace=replace)
        if reason == backups.AUTO_PREFIX:
            backups.rotate(path.parent, self.path.stem)
        return path

    def auto_backup_due(self) -> bool:
        newest = backups.newest_auto(self.backup_dir, self.path.stem)
        return newest is None or time.time() - newest.stat().st_mtime > AUTO_BACKUP_INTERVAL_S

    # --- closing ----------------------------------------------------------------

    def close(self) -> None:
        if self.engine is None:
            return
        try:
            if self.url is not None:
                return  # nothing to fold in or back up: the server keeps the case
            if not self.read_only:
                if self._changed and self.auto_backup and self.auto_backup_due():
                    with contextlib.suppress(CasefileError):
                        # A failed automatic backup must not stop the close;
                        # `casefile check` and the next close try again.
                        self.backup(reason=backups.AUTO_PREFIX)
                with contextlib.suppress(sqlite3.Error, DBAPIError):
                    sq.checkpoint(self.engine)
        finally:
            self.engine.dispose()
            self.engine = None
            if self._lock is not None:
                self._lock.release()
            else:
                _tidy_sidecars(self.path)

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- helpers ------------------------------------------------------------------

# Cases a program forgot to close (a script that died on an exception) are
# closed at exit, so their lock and WAL files do not outlive the process.
_open_cases: weakref.WeakSet[CaseFile] = weakref.WeakSet()


@atexit.register
def _close_forgotten_cases() -> None:
    for case in list(_open_cases):
        with contextlib.suppress(Exception):
            case.close()


def resolve(path: Path | str) -> Path:
    """The case file a user meant: 'palladium' finds 'palladium.casefile'.

    A symlink is followed to the case itself, so its lock, its WAL and a
    restore all land on the one file every name of it shares.
    """
    path = Path(path)
    if not path.exists() and path.suffix.lower() != SUFFIX:
        with_suffix = path.with_name(path.name + SUFFIX)
        if with_suffix.exists():
            path = with_suffix
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    return path



def _wal_is_empty(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True


def _drop_empty_sidecars(path: Path) -> None:
    """Remove the empty -wal and the -shm a failed read-only open made.

    Under the lock, so no writer is using them; with a WAL holding work they
    are left alone (that WAL is part of the case).
    """
    lock = CaseLock(path, links_ok=True)
    try:
        lock.acquire()
    except CasefileError:
        return
    try:
        if _wal_is_empty(path):
            for side in sq.sidecars(path)[:2]:
                with contextlib.suppress(OSError):
                    side.unlink()
    finally:
        lock.release()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _tidy_sidecars(path: Path) -> None:
    """Remove the WAL files a read-only open left, when no writer has the case.

    A read-only connection may create -wal and -shm but may not delete them;
    a brief writable connection, under the lock, folds and removes them.
    """
    if not any(p.exists() for p in sq.sidecars(path)):
        return
    lock = CaseLock(path, links_ok=True)
    try:
        lock.acquire()
    except CasefileError:
        return  # a writer has the case; it removes them when it closes
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    finally:
        lock.release()


def _engine_for(path: Path, read_only: bool) -> Engine:
    wal = path.with_name(path.name + "-wal")
    # A cleanly closed case in a folder we cannot write has no WAL and cannot
    # get one; SQLite then needs "immutable" to read it at all.
    immutable = read_only and not wal.exists() and not os.access(path.parent, os.W_OK)
    return sq.make_engine(path, read_only=read_only, immutable=immutable)


def _enter_wal(engine: Engine, path: Path) -> None:
    raw = engine.raw_connection()
    try:
        mode = raw.driver_connection.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        raw.close()
    if mode and mode[0].lower() != "wal":
        raise CaseFileDamaged(f"{path.name} could not be opened for writing.")


def build_new_file(tmp: Path, fill=None):
    """A new case file at ``tmp`` (its pragmas set), filled by ``fill(connection)``
    in one transaction (default: an empty new case) and checkpointed; returns
    what ``fill`` returns. A pull fills it with a server's rows."""
    conn = sqlite3.connect(tmp)
    try:
        sq.initialise_new_file(conn)
    finally:
        conn.close()
    engine = sq.make_engine(tmp)
    try:
        with engine.begin() as conn:
            filled = (fill or schema.build_new_case)(conn)
        sq.checkpoint(engine)
        return filled
    finally:
        engine.dispose()


def place_new_file(tmp: Path, path: Path) -> None:
    """A finished ``.partial`` file linked in as ``path``, never over a file that
    appeared there meanwhile."""
    try:
        os.link(tmp, path)  # fails if `path` appeared meanwhile: nothing is overwritten
    except FileExistsError:
        raise InputError(f"{path.name} already exists: open it, or choose another name.") from None
    except OSError:
        # Filesystems without hard links (FAT, some sync folders).
        if path.exists():
            raise InputError(
                f"{path.name} already exists: open it, or choose another name."
            ) from None
        shutil.copyfile(tmp, path)
    sq.fsync_dir(path.parent)


def _upgrade(path: Path, revision: str, backup_dir: Path | None) -> None:
    """Verified backup first, then every pending revision in one transaction."""
    engine = sq.make_engine(path)
    try:
        with engine.connect() as conn:
            case_uuid = conn.exec_driver_sql(
                "SELECT value FROM setting WHERE key = 'case_uuid'"
            ).scalar()
        folder = (backup_dir or backups_dir()) / str(case_uuid or path.stem)
        backups.write_verified(
            engine, folder / backups.backup_name(path, f"before-upgrade-from-{revision}")
        )
    finally:
        engine.dispose()
    engine = sq.make_migration_engine(path)
    try:
        with engine.begin() as conn:
            try:
                schema.upgrade(conn)
            except (DBAPIError, sqlite3.Error) as exc:
                if sq.translate(exc, path) is not exc:
                    raise  # a full disk or the like: _user_errors says it
                raise CasefileError(
                    f"Upgrading {path.name} failed ({exc}); the file was left as it was, "
                    f"and a backup taken before the attempt is in {folder}."
                ) from exc
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise CaseFileDamaged(
                    f"Upgrading {path.name} would leave {len(broken)} broken links; "
                    "the file was left as it was."
                )
            with Session(bind=conn) as session:
                schema.sync_catalog(session)
                session.flush()
        sq.checkpoint(engine)
    finally:
        engine.dispose()
