"""Who else changed the case: PostgreSQL's LISTEN/NOTIFY, for a case on a server.

Several people may have one case on a server open at once; each window must
show what the others save, soon. The server tells it:

- Every table of the case has a statement-level trigger (made with the case,
  or by revision 0015 for a case made before) that sends
  ``pg_notify('casefile_changes', '{"table": ..., "user": ...}')``. A trigger,
  not a hook in this app: no way of saving passes it by (an import's bulk
  statements, ``casefile`` on another laptop at another version, psql).
  NOTIFY is transactional, so a write rolled back sends nothing, and the
  server folds identical notifications of one transaction into one: an import
  of 1,000 rows tells each listener once per table it wrote.
- :class:`ChangeListener` holds a connection of its own (autocommit) that
  ``LISTEN``\\ s, and calls back with the set of tables changed, leaving out
  those changed by the listener's own case (:class:`OwnBackends`: the
  window refreshed after its own saves already). A lost connection is taken
  up again with a growing pause, said in one quiet sentence; when it is back,
  every table is reported changed, as what was sent meanwhile is lost.

Nothing here imports Qt: the window runs a listener on a thread of its own.
On SQLite there is nothing to listen to (one writer at a time, on one laptop).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable, Collection, Iterable

from sqlalchemy import Connection, Engine, event

CHANNEL = "casefile_changes"
FUNCTION = "casefile_notify_change"
# Not notified: the audit log is written only beside the rows it logs (whose own
# tables are notified), and a blob's chunks only with their blob.
UNNOTIFIED = frozenset({"audit_log", "blob_chunk"})

LOST = ("Lost touch with the database server; others' changes will show here once "
        "it is back.")
BACK = "Back in touch with the database server."

log = logging.getLogger(__name__)


def tables() -> tuple[str, ...]:
    """The case's tables whose changes are notified, as the models have them now."""
    from casefile.store.models import Base

    return tuple(sorted(t.name for t in Base.metadata.sorted_tables
                        if t.name not in UNNOTIFIED))


def trigger_name(table: str) -> str:
    return f"{table}_notify"


# session_user: who saved, for a sentence such as "Deadlines changed by ana" one day.
FUNCTION_DDL = f"""CREATE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}',
                      json_build_object('table', TG_TABLE_NAME, 'user', session_user)::text);
    RETURN NULL;
END $$ LANGUAGE plpgsql"""


def trigger_ddl(table: str) -> str:
    # FOR EACH STATEMENT: once per statement however many rows it touched (a
    # row-level trigger would cost an import one call per row).
    return (f"CREATE TRIGGER {trigger_name(table)} AFTER INSERT OR UPDATE OR DELETE OR "
            f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")


def install(conn: Connection, names: Iterable[str] | None = None) -> None:
    """The notifying function and a trigger on each table (default: every table the
    models have now); nothing on SQLite."""
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(FUNCTION_DDL)
    for table in names if names is not None else tables():
        conn.exec_driver_sql(trigger_ddl(table))


def uninstall(conn: Connection, names: Iterable[str]) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in names:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}")
    conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class OwnBackends:
    """The server's process ids of an engine's connections, kept up to date by pool
    events: a notification from one of them is the case's own save.

    Every connection is checked out before it writes, so one made before this
    was attached is known by the time its save is notified.
    """

    _KEY = "casefile_backend_pid"

    def __init__(self, engine: Engine) -> None:
        self._pids: set[int] = set()
        self._lock = threading.Lock()
        self._pool = engine.pool
        event.listen(self._pool, "checkout", self._checkout)
        event.listen(self._pool, "close", self._gone)
        event.listen(self._pool, "invalidate", self._gone)
        event.listen(self._pool, "detach", self._gone)  # the listener's own, say

    def _checkout(self, dbapi_conn, record, _proxy) -> None:
        if self._KEY not in record.info:
            pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
            if pid:
                record.info[self._KEY] = pid
                with self._lock:
                    self._pids.add(pid)

    def _gone(self, _dbapi_conn, record, *_rest) -> None:
        pid = record.info.pop(self._KEY, None)
        if pid is not None:
            with self._lock:
                self._pids.discard(pid)

    def __contains__(self, pid: object) -> bool:
        with self._lock:
            return pid in self._pids

    def pids(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._pids)

    def detach(self) -> None:
        for name, fn in (("checkout", self._checkout), ("close", self._gone),
                         ("invalidate", self._gone), ("detach", self._gone)):
            if event.contains(self._pool, name, fn):
                event.remove(self._pool, name, fn)


def changed_table(payload: str) -> str | None:
    """The table a notification names (None for a payload not of this app's making)."""
    try:
        table = json.loads(payload).get("table")
    except (ValueError, AttributeError):
        return None
    return table if isinstance(table, str) else None


class ChangeListener:
    """Listens for others' changes to a case on a server until :meth:`stop`.

    ``connect()`` returns a new psycopg connection to the case's database (the
    case engine's own way of connecting: :func:`connector`). :meth:`run` blocks
    (run it on a thread); ``on_changes(tables)`` and ``on_status(sentence)`` are
    called on that thread. ``own`` holds the process ids whose notifications
    are left out (an :class:`OwnBackends`).
    """

    POLL_S = 0.25  # how soon stop() is noticed
    GATHER_S = 0.02  # after one notification, those sent with it are gathered too
    PING_S = 15.0  # a silent connection is asked whether it is still there
    BACKOFF_S = (0.5, 1, 2, 4, 8, 15, 30)

    def __init__(self, connect: Callable[[], object], *,
                 on_changes: Callable[[set[str]], None],
                 on_status: Callable[[str], None] | None = None,
                 own: Collection[int] = frozenset()) -> None:
        self._connect = connect
        self._on_changes = on_changes
        self._on_status = on_status or (lambda _sentence: None)
        self._own = own
        self._stop = threading.Event()
        self.listening = threading.Event()  # set while LISTEN is in force (tests wait on it)

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        failures, lost = 0, False
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception as exc:  # noqa: BLE001 - any failure to connect is "not now"
                log.info("listening for changes: no connection (%s)", exc)
                if not lost:
                    lost = True
                    self._on_status(LOST)
                self._stop.wait(self.BACKOFF_S[min(failures, len(self.BACKOFF_S) - 1)])
                failures += 1
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                if lost:
                    lost = False
                    self._on_status(BACK)
                    self._on_changes(set(tables()))  # what was sent meanwhile is lost
                failures = 0
                self._listen(conn)
            except Exception as exc:  # noqa: BLE001 - a lost connection, however it shows
                if self._stop.is_set():
                    break
                log.info("listening for changes: connection lost (%s)", exc)
                self.listening.clear()
                if not lost:
                    lost = True
                    self._on_status(LOST)
                self._stop.wait(self.BACKOFF_S[min(failures, len(self.BACKOFF_S) - 1)])
                failures += 1
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):  # closing what may be gone already
                    conn.close()

    def _listen(self, conn) -> None:
        silent = 0.0
        while not self._stop.is_set():
            changed: set[str] = set()
            got = False
            for note in conn.notifies(timeout=self.POLL_S, stop_after=1):
                got = True
                self._take(note, changed)
            if got:
                silent = 0.0
                for note in conn.notifies(timeout=self.GATHER_S):
                    self._take(note, changed)
                if changed and not self._stop.is_set():
                    self._on_changes(changed)
                continue
            silent += self.POLL_S
            if silent >= self.PING_S:
                silent = 0.0
                conn.execute("SELECT 1")  # raises when the server has gone

    def _take(self, note, changed: set[str]) -> None:
        if note.channel != CHANNEL or note.pid in self._own:
            return
        table = changed_table(note.payload)
        if table is not None:
            changed.add(table)


def connector(engine: Engine) -> Callable[[], object]:
    """New psycopg connections made as the case's engine makes them (its URL, its
    connect arguments and hooks), in autocommit, each taken out of the pool for good."""

    def connect():
        proxied = engine.raw_connection()
        try:
            conn = proxied.dbapi_connection
            proxied.detach()  # ours alone; the pool makes another in its place
            conn.rollback()
            conn.autocommit = True
            return conn
        except BaseException:
            proxied.invalidate()
            raise

    return connect
