"""Everything PostgreSQL-specific about a case, the sibling of ``store.sqlite``.

A case on a server is named by a URL (``postgresql://user@host/dbname``, or
``postgresql://user@/dbname?host=/run/postgresql`` over a local socket); the
database holds one case. What SQLite needs and PostgreSQL does not (the file
lock, WAL and its sidecars, the header check, file backups) stays in the
SQLite modules; what PostgreSQL needs instead is here: the engine, making a
case inside an empty database, and the sentences for a server's refusals.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError

from casefile.errors import (
    AccessDenied,
    CasefileError,
    CaseLocked,
    DiskFull,
    InputError,
    NotACaseFile,
    SaveCollided,
    ServerNotTrusted,
    ServerUnavailable,
)
from casefile.locations import SERVER_URL, is_url  # noqa: F401  (is_url: postgres.is_url)

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_URL = SERVER_URL
CONNECT_TIMEOUT_S = 5
# The server rolled the transaction back so another could go on: a deadlock
# (40P01), or a serialization failure (40001) under a stricter isolation level a
# server may be set to. Nothing was written; the same work run again succeeds.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def as_url(location: object) -> URL:
    """The SQLAlchemy URL, with psycopg 3 as the driver, of what the user typed."""
    text = _URL.sub(lambda m: m[1].lower() + "://", str(location), count=1)
    try:
        url = make_url(text)
    except ArgumentError:
        raise InputError(f"{shown(location)} is not a database address: write it as "
                         "postgresql://user@host/database.") from None
    if not url.database:
        raise InputError(f"{shown(location)} names no database: write it as "
                         "postgresql://user@host/database.")
    return url.set(drivername="postgresql+psycopg")


def shown(location: object) -> str:
    """A URL as messages, settings and lists show it: never with its password (not
    even as ***), so that what is shown can be copied into a command as it is."""
    text = _URL.sub(lambda m: m[1].lower() + "://", str(location), count=1)
    try:
        url = make_url(text)
    except ArgumentError:
        return text
    if url.drivername == "postgresql+psycopg":
        url = url.set(drivername="postgresql")
    text = without_password(url).render_as_string(hide_password=False)
    # SQLAlchemy escapes every / of ?host=/run/postgresql or sslrootcert=/path;
    # a URL's query may hold / and : as they are (RFC 3986), and reads better so.
    head, mark, query = text.partition("?")
    return head + mark + query.replace("%2F", "/").replace("%3A", ":")


def without_password(url: URL) -> URL:
    """``url`` with no password, neither its own nor a ``?password=`` option.
    (``URL.set(password=None)`` leaves the password as it was: set ignores None.)"""
    return url._replace(password=None).difference_update_query(["password"])


def case_name(url: URL) -> str:
    """What stands for the case's file name in sentences: the database's name."""
    return url.database or "the database"


def password_from_keyring(engine: Engine, url: URL) -> None:
    """When the server asks ``engine`` for a password that nothing gave (the URL,
    PGPASSWORD, PGPASSFILE or ~/.pgpass: libpq's own means go first), connect
    again with the one the keyring keeps for ``url`` (store/credentials.py).
    The keyring is asked only then, and once per engine: its first use costs a
    few hundred milliseconds (finding the platform's backend), which a server
    that trusts its users, or a password file, should not pay. None kept, or no
    keyring, leaves the server's "wants a password" sentence."""
    if url.password is not None or "password" in url.query:
        return
    found: list[str] = []

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):
        if found:
            cparams["password"] = found[0]
            return None  # SQLAlchemy connects, with the password
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if "no password supplied" not in str(exc):
                raise
            from casefile.store import credentials

            password = credentials.lookup(url)
            if password is None:
                raise
            found.append(password)
            cparams["password"] = password
            return dialect.connect(*cargs, **cparams)


def server_name(url: URL) -> str:
    """The server as sentences name it: its host, or the local one over a socket."""
    return url.host or (url.query.get("host") and "the local server") or "localhost"


def the_server(url: URL) -> str:
    """How a sentence opens on the server: "The database server at db.firm.example",
    or "The local database server" over a socket."""
    where = server_name(url)
    return "The local database server" if where == "the local server" \
        else f"The database server at {where}"


def make_engine(url: URL, *, read_only: bool = False) -> Engine:
    engine = create_engine(
        url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "Casefile"},
        pool_size=2,
        max_overflow=4,
    )
    password_from_keyring(engine, url)
    event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
    if read_only:
        engine = engine.execution_options(postgresql_readonly=True)
    return engine


def _without_nul(_conn, _cursor, statement, parameters, _context, _executemany):
    """PostgreSQL refuses a NUL character in text, where SQLite keeps it. A broken or
    hostile file can carry one (an email's body, a spreadsheet's cell): it is no
    text a reader sees, so it is dropped on the way to the server rather than
    failing the save (or a whole import) on the server only."""
    return statement, _clean(parameters)


def _clean(parameters):
    if isinstance(parameters, dict):
        if any(type(v) is str and "\x00" in v for v in parameters.values()):
            return {k: v.replace("\x00", "") if type(v) is str else v
                    for k, v in parameters.items()}
        return parameters
    if isinstance(parameters, tuple):
        if any(type(v) is str and "\x00" in v for v in parameters):
            return tuple(v.replace("\x00", "") if type(v) is str else v for v in parameters)
        return parameters
    if isinstance(parameters, list):  # executemany: one set per row
        return [_clean(p) for p in parameters]
    return parameters


def translate(exc: BaseException, url: URL) -> BaseException:
    """A server's refusal as the one sentence a user should see; others unchanged."""
    orig = getattr(exc, "orig", exc)
    message = str(orig)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    where = server_name(url)
    name = case_name(url)
    tls = _tls_refusal(message, url, where)
    if tls is not None:
        return tls
    if sqlstate == "28P01" or "password authentication failed" in message:
        return AccessDenied(f"The server at {where} refused the password for {url.username}; "
                            "check the user name, and keep the right password with "
                            f"'casefile login {shown(url)}'.")
    if "no password supplied" in message:
        return AccessDenied(f"The server at {where} wants a password for {url.username}: "
                            f"keep it in this computer's keyring with "
                            f"'casefile login {shown(url)}'.")
    if sqlstate == "28000" or "no pg_hba.conf entry" in message or (
            "role" in message and "does not exist" in message):
        return AccessDenied(f"The server at {where} does not let {url.username} in.")
    if sqlstate == "3D000" or ("database" in message and "does not exist" in message):
        return NotACaseFile(f"There is no database {name} on the server at {where}.")
    if "permission denied for database" in message:  # at connect: no sqlstate yet
        from casefile.store import members

        return members.not_a_member(url)
    if sqlstate == "42501":
        return AccessDenied(f"{url.username} may not change {name} on the server at {where}.")
    if sqlstate in RETRYABLE_SQLSTATES:
        # Rolled back whole by the server so another save could go on: one sentence,
        # never a traceback, where the caller could not run the work again
        # (``CaseFile.write`` does).
        return SaveCollided(f"Another save to {name} on the server collided with this one, "
                            "and the server undid this one: nothing was saved. Try again.")
    if sqlstate == "55P03":  # lock_timeout: another user's save holds the rows
        return CaseLocked(f"{name} is busy with other work (another user's save or "
                          "import of the same rows); try again in a moment.")
    if sqlstate == "53100":
        return DiskFull(f"The server's disk is full: nothing was saved to {name}.")
    # 08: the connection failed; 57P: the server shut down or restarted under it
    # (an administrator, a crash, a failover): to the user, the server went away.
    if sqlstate.startswith(("08", "57P")) or any(s in message for s in (
            "Connection refused", "No such file or directory", "could not translate host",
            "timeout expired", "server closed the connection", "connection failed",
            "the connection is closed", "consuming input failed",
            "terminating connection due to")):
        return ServerUnavailable(f"{the_server(url)} cannot be reached: "
                                 f"nothing was read from or saved to {name}.")
    return exc


_CERTIFICATE_FOR = re.compile(r'server certificate for "([^"]*)"')
_ROOT_FILE = re.compile(r'root certificate file "([^"]*)" does not exist')


def _tls_refusal(message: str, url: URL, where: str) -> CasefileError | None:
    """The sentence for a TLS connection the client refused (sslmode=verify-ca or
    verify-full): the server could not show it is the one the URL names. libpq
    says these only in English text, with no SQLSTATE of their own."""
    nothing = "nothing was read or saved."
    if "certificate verify failed" in message:
        authority = url.query.get("sslrootcert")
        if authority == "system":
            signed = "by an authority this computer trusts"
        elif authority:
            signed = f"by the authority in {os.path.basename(str(authority))}"
        else:
            signed = "by the authority in ~/.postgresql/root.crt"
        return ServerNotTrusted(f"The server at {where} did not prove it is {where}: its "
                                f"certificate is not signed {signed}, or is out of date; "
                                f"{nothing}")
    mismatch = _CERTIFICATE_FOR.search(message)
    if mismatch and "does not match host name" in message:
        return ServerNotTrusted(f"The server at {where} did not prove it is {where}: its "
                                f"certificate is for {mismatch[1]} (use that name in the "
                                f"address); {nothing}")
    if "server does not support SSL" in message:
        mode = url.query.get("sslmode", "require")
        return ServerNotTrusted(f"The server at {where} does not offer an encrypted (TLS) "
                                f"connection, which sslmode={mode} asks for; {nothing}")
    missing = _ROOT_FILE.search(message)
    if missing:
        return InputError(f"The certificate authority file {missing[1]} does not exist: name "
                          f"the right one with sslrootcert= in the address; {nothing}")
    return None


@contextlib.contextmanager
def user_errors(url: URL) -> Iterator[None]:
    """Turn a server's refusals into sentences (the counterpart of case._user_errors)."""
    try:
        yield
    except DBAPIError as exc:
        translated = translate(exc, url)
        if translated is exc:
            raise
        raise translated from None


def _server_url(url: URL) -> URL:
    """The same server's maintenance database, to create the case's own in."""
    return url.set(database="postgres")


def ensure_database(url: URL) -> None:
    """Create the case's database unless it exists; one that exists must be empty."""
    with user_errors(url):
        engine = create_engine(_server_url(url), isolation_level="AUTOCOMMIT",
                               connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        password_from_keyring(engine, url)  # the case's password, kept for its database
        try:
            with engine.connect() as conn:
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).first()
                if not exists:
                    conn.exec_driver_sql(f'CREATE DATABASE "{_ident(url.database)}" '
                                         "ENCODING 'UTF8' TEMPLATE template0")
        finally:
            engine.dispose()


def _ident(name: str) -> str:
    if '"' in name or "\x00" in name:
        raise InputError(f"{name} cannot be a database name: it holds a double quote.")
    return name


def user_tables(conn) -> int:
    return conn.exec_driver_sql(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").scalar()


def build_new_case(engine: Engine, url: URL) -> None:
    """The whole schema at head, the catalog and the case's settings: one transaction."""
    from casefile.store import schema

    with user_errors(url), engine.begin() as conn:
        # Refused before anything is written: a database of someone else's.
        if user_tables(conn):
            raise InputError(f"The database {case_name(url)} already holds tables: give a "
                             "new case an empty database, or a name the server does not have.")
        schema.build_new_case(conn)


def not_a_case(conn, url: URL) -> CasefileError:
    """Why a database without Casefile's revision is refused."""
    if user_tables(conn):
        return NotACaseFile(f"The database {case_name(url)} belongs to another application: "
                            "it holds tables but no Casefile case.")
    return NotACaseFile(f"The database {case_name(url)} is empty: make a case in it with "
                        "'casefile new'.")



def others_writing(engine: Engine) -> bool:
    """Whether another connection of this user to the case has a write transaction
    open (a job of the window storing an import): an edit made now could wait on
    its row locks. Another user's sessions are not visible here, only ours."""
    with engine.connect() as conn:
        return bool(conn.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            " AND usename = current_user)").scalar())
