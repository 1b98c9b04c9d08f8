"""Who may open a case on a server, and who may only read it: the server's own
roles and grants, so that a read-only member is refused by PostgreSQL itself,
whatever program they connect with (psql included), not only by the window.

Each case database gets two group roles of its own (NOLOGIN):

- ``cf_<database>_edit``: reads and writes every table of the case;
- ``cf_<database>_read``: reads every table, writes none.

A member is a login role of the server made a member of one of the two.
``CONNECT`` on the database is taken from ``PUBLIC`` and given to the two
groups, so a user of the same server who is not a member cannot open the case
at all. Default privileges carry the grants over to tables that a later
revision of Casefile adds, and every change of members grants again on what
exists (idempotent), so nothing is left out after an upgrade.

The case's owner (the role that made the database, or any role with the
needed rights) runs these; the sentences below say what is missing when the
server refuses. The owner itself needs no membership: it owns the tables.

On open, ``access`` asks the server what the connected user may do with the
case's tables, and ``CaseFile`` opens a read-only member's case read-only
(the window then offers no edits); a write attempted anyway is refused by the
server (SQLSTATE 42501) and reaches the user as one sentence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from casefile.errors import AccessDenied, CasefileError, InputError
from casefile.store import postgres

# PostgreSQL cuts identifiers at 63 bytes; the groups' names must stay whole.
_MAX_NAME = 63
READ, EDIT = "read", "edit"
# A table every case has, to ask the server about the user's rights.
_PROBE_TABLE = "setting"


@dataclass(frozen=True)
class Member:
    name: str
    access: str  # READ or EDIT, or "owner"


def group_role(database: str, kind: str) -> str:
    """``cf_palladium_read``; a long database name is shortened with a hash of
    it, so two long names never share a group."""
    name = f"cf_{database}_{kind}"
    if len(name.encode()) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:10]
    head = database.encode()[:_MAX_NAME - len(f"cf___{kind}") - len(digest)]
    return f"cf_{head.decode(errors='ignore')}_{digest}_{kind}"


def _q(identifier: str) -> str:
    """An identifier quoted for SQL (role and database names come from users)."""
    if "\x00" in identifier:
        raise InputError(f"{identifier!r} cannot be a name on the server.")
    return '"' + identifier.replace('"', '""') + '"'


def access(conn) -> str | None:
    """What the connected user may do with the case: EDIT, READ or None."""
    can_read, can_write = conn.exec_driver_sql(
        f"SELECT has_table_privilege('{_PROBE_TABLE}', 'SELECT'), "
        f"has_table_privilege('{_PROBE_TABLE}', 'UPDATE')").one()
    if can_write:
        return EDIT
    return READ if can_read else None


def is_case(conn) -> bool:
    """Whether the database has the case's tables (else the revision check says
    what it is instead)."""
    return bool(conn.exec_driver_sql(f"SELECT to_regclass('{_PROBE_TABLE}') IS NOT NULL").scalar())


def not_a_member(url: URL) -> AccessDenied:
    return AccessDenied(
        f"{url.username or 'This user'} is not a member of the case {postgres.case_name(url)} "
        f"on the server at {postgres.server_name(url)}: the case's owner can add them with "
        f"'casefile members add'.")


def _grant_sql(database: str, owner: str) -> list[str]:
    """Every grant the two groups need, made again on each change (idempotent)."""
    db = _q(database)
    read, edit = _q(group_role(database, READ)), _q(group_role(database, EDIT))
    owner = _q(owner)
    return [
        f"REVOKE CONNECT ON DATABASE {db} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {db} TO {read}, {edit}",
        f"GRANT USAGE ON SCHEMA public TO {read}, {edit}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {read}, {edit}",
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {edit}",
        # Only an upgrade, made by the owner, moves the schema's revision.
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {edit}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {edit}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT ON TABLES TO {read}, {edit}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT INSERT, UPDATE, DELETE ON TABLES TO {edit}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {edit}",
    ]


def _refused(exc: DBAPIError, url: URL, doing: str) -> Exception:
    """A refusal of the owner's own command, as a sentence naming what is missing."""
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    message = str(exc.orig)
    who = url.username or "This user"
    if sqlstate == "42501" and "create role" in message.lower():
        return AccessDenied(f"{who} may not create roles on the server at "
                            f"{postgres.server_name(url)}, which {doing} needs: ask its "
                            "administrator to grant CREATEROLE, or to run this command.")
    if sqlstate == "42501" or "must be owner" in message or "must have admin option" in message:
        return AccessDenied(f"{who} may not change who can open {postgres.case_name(url)} "
                            f"on the server at {postgres.server_name(url)}: only the case's owner "
                            "(or the server's administrator) can.")
    translated = postgres.translate(exc, url)
    if translated is exc:
        # Never the statement itself: it may hold a new member's password verifier.
        first = message.strip().splitlines()[0] if message.strip() else type(exc.orig).__name__
        return CasefileError(f"The server at {postgres.server_name(url)} refused "
                             f"{doing}: {first}")
    return translated


def _owner(conn, database: str) -> str:
    return conn.exec_driver_sql(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
        (database,)).scalar_one()


def _role_exists(conn, name: str) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                (name,)).first() is not None


def set_member(url: URL, user: str, *, read_only: bool,
               password: str | None = None) -> Member:
    """Make ``user`` a member of the case, reading only or reading and writing
    (moving them from the other group if they were in it), in one transaction.

    ``password`` creates ``user`` as a new login role of the server with it;
    without it the role must exist.
    """
    database = postgres.case_name(url)
    kind = READ if read_only else EDIT
    other = EDIT if read_only else READ
    engine = postgres.make_engine(url)
    try:
        with engine.begin() as conn:
            if password is not None:
                if _role_exists(conn, user):
                    raise InputError(f"The server already has a user {user}: add them "
                                     "without a new password.")
                # CREATE ROLE takes no parameters, so the password would be written into
                # the statement, and with it into the server's log: it goes as the SCRAM
                # verifier the client computes, never as the password itself.
                pgconn = conn.connection.driver_connection.pgconn
                verifier = pgconn.encrypt_password(password.encode(), user.encode(),
                                                   b"scram-sha-256").decode()
                literal = conn.exec_driver_sql("SELECT quote_literal(%s)", (verifier,)).scalar()
                conn.exec_driver_sql(f"CREATE ROLE {_q(user)} LOGIN PASSWORD {literal}")
            elif not _role_exists(conn, user):
                raise InputError(
                    f"The server at {postgres.server_name(url)} has no user {user}: give them a "
                    "password with --new to create one, or ask its administrator.")
            owner = _owner(conn, database)
            if user == owner:
                raise InputError(f"{user} owns {database}: the owner reads and writes it "
                                 "and cannot be made a member.")
            for group in (READ, EDIT):
                name = group_role(database, group)
                if not _role_exists(conn, name):
                    conn.exec_driver_sql(f"CREATE ROLE {_q(name)} NOLOGIN")
            for statement in _grant_sql(database, owner):
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(f"REVOKE {_q(group_role(database, other))} FROM {_q(user)}")
            conn.exec_driver_sql(f"GRANT {_q(group_role(database, kind))} TO {_q(user)}")
    except DBAPIError as exc:
        raise _refused(exc, url, "adding a member") from None
    finally:
        engine.dispose()
    return Member(user, kind)


def remove_member(url: URL, user: str) -> bool:
    """Take ``user`` out of both groups; whether they were a member. Their login
    role stays (it may belong to other cases on the server)."""
    database = postgres.case_name(url)
    was = False
    engine = postgres.make_engine(url)
    try:
        with engine.begin() as conn:
            for member in list_members(conn, database):
                if member.name == user and member.access != "owner":
                    conn.exec_driver_sql(
                        f"REVOKE {_q(group_role(database, member.access))} FROM {_q(user)}")
                    was = True
    except DBAPIError as exc:
        raise _refused(exc, url, "removing a member") from None
    finally:
        engine.dispose()
    return was


def list_members(conn, database: str) -> list[Member]:
    """The owner, then every member by name."""
    rows = conn.exec_driver_sql(
        "SELECT m.rolname, g.rolname FROM pg_auth_members a "
        "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
        "WHERE g.rolname IN (%s, %s) ORDER BY m.rolname",
        (group_role(database, READ), group_role(database, EDIT))).all()
    kinds = {group_role(database, READ): READ, group_role(database, EDIT): EDIT}
    members = [Member(_owner(conn, database), "owner")]
    members += [Member(name, kinds[group]) for name, group in rows]
    return members
