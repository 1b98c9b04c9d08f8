"""Row versions: who is saving, and a save over someone else's newer one refused.

Every entity row carries ``row_version`` (``store.models.Entity``); SQLAlchemy
names the version it read in each UPDATE and DELETE and raises StaleDataError
when no row matches, i.e. when someone saved (or deleted) the row since it
was read. This module turns that into :class:`casefile.errors.EditConflict`,
one sentence naming who saved last and when, with both sides' values on the
exception for a window to offer.

Two ways a save is found stale:

- the row read in this transaction moved on before the UPDATE ran (another
  session on the server, committed meanwhile): the ORM's own check, turned
  into a sentence by :func:`refused` (``edits.flush`` and ``CaseFile.transaction``
  use it);
- the row was read earlier, in another transaction (a window shows a row,
  the user edits it minutes later): the caller passes the version it showed
  to :func:`expect` before changing the row.

Who: on PostgreSQL the server's ``session_user`` (the name the server knows);
on SQLite the operating system's user name.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE, Session
from sqlalchemy.orm.exc import StaleDataError

from casefile.dates import long_date
from casefile.errors import EditConflict

# What a table's row is called in sentences.
NOUNS = {
    "matter": "lawsuit", "agency": "agency", "party": "party", "counsel": "counsel",
    "foia_request": "request", "correspondence": "letter", "document": "document",
    "production": "production", "vaughn_index": "Vaughn index", "record": "Vaughn entry",
    "filing": "filing", "declaration": "declaration", "exhibit_set": "exhibit set",
    "exhibit": "exhibit", "deadline": "deadline", "note": "note",
    "docket_entry": "docket entry", "docket_proposal": "proposed date",
    "document_version": "redacted version",
}
# Columns every entity has that say nothing of what it holds.
BOOKKEEPING = frozenset({"id", "uuid", "created_at", "updated_at", "row_version", "updated_by"})
# session.info key: the versioned rows a flush is about to update or delete.
PENDING = "casefile_versioned"

_users: dict[str, str | None] = {}


@functools.cache
def entity_mappers() -> dict[str, object]:
    """Every versioned table's mapper, by table name (fixed once the models load)."""
    from casefile.store.models import Base, Entity

    return {m.local_table.name: m for m in Base.registry.mappers if issubclass(m.class_, Entity)}


def noun(table: str) -> str:
    return NOUNS.get(table, table.replace("_", " "))


def current_user(session: Session) -> str | None:
    """Who is saving: the server's session user, or the operating system's user.

    Asked once per case location and process (the answer cannot change while
    the same URL is used).
    """
    bind = session.get_bind()
    key = str(bind.url)
    if key not in _users:
        if bind.dialect.name == "postgresql":
            who = session.connection().exec_driver_sql("SELECT session_user").scalar()
        else:
            who = os_user()
        # The column holds 100 characters: a longer login name is cut, not refused.
        _users[key] = who[:100] if who else None
    return _users[key]


def os_user() -> str | None:
    try:
        return getpass.getuser() or None
    except Exception:  # no USER variable and no password entry (a container): unknown
        return None


def when(at: datetime | None) -> str:
    """A stored UTC time as this computer's local time: "March 3, 2027 at 14:05"."""
    if at is None:
        return ""
    local = at.replace(tzinfo=UTC).astimezone()
    return f"{long_date(local.date())} at {local:%H:%M}"


def fields_of(row) -> dict:
    """A row's own fields (by attribute name), without the bookkeeping."""
    mapper = inspect(type(row))
    return {a.key: getattr(row, a.key) for a in mapper.column_attrs if a.key not in BOOKKEEPING}


# --- the sentence --------------------------------------------------------------------------


def sentence(what: str, by: str | None, at: datetime | None, *, deleted: bool = False,
             me: str | None = None) -> str:
    stamp = when(at)
    if deleted:
        head = f"Someone else deleted this {what} since you opened it"
        if by or stamp:
            head += ": " + " on ".join(p for p in (by, stamp) if p)
        return head + ". Your change was not saved."
    if by and by == me:
        return (f"This {what} was saved again since you opened it, by you ({by}) on {stamp}, "
                "perhaps in another window. Your change was not saved; reload to see that "
                "version.")
    if by:
        head = f"Someone else saved this {what} since you opened it: {by}" + (
            f" on {stamp}" if stamp else "")
    else:
        head = f"Someone else saved this {what} since you opened it" + (
            f", on {stamp}" if stamp else "")
    return head + ". Your change was not saved; reload to see theirs."


def _conflict(table: str, row_uuid, theirs: dict | None, mine: dict, me: str | None,
              deleted_by: tuple[str | None, datetime | None] = (None, None)) -> EditConflict:
    if theirs is None:
        by, at = deleted_by
        return EditConflict(sentence(noun(table), by, at, deleted=True), table=table,
                            row_uuid=row_uuid, by=by, at=at, mine=mine, deleted=True)
    by, at = theirs.get("updated_by"), theirs.get("updated_at")
    own = {k: v for k, v in theirs.items() if k not in BOOKKEEPING}
    return EditConflict(sentence(noun(table), by, at, me=me), table=table, row_uuid=row_uuid,
                        by=by, at=at, theirs=own, mine=mine, version=theirs.get("row_version"))


# --- a row read earlier --------------------------------------------------------------------


def expect(session: Session, row, opened_version: int | None, mine: dict | None = None) -> None:
    """Refuse to change ``row`` when it is no longer the version the user opened.

    ``row`` is read in this transaction, so it holds what was saved last; the
    ORM's check then covers the moments between this read and the save.
    ``opened_version`` None (a row shown before revision 0014, or a caller
    that does not know) checks nothing.
    """
    if opened_version is None or row.row_version == opened_version:
        return
    theirs = fields_of(row) | {"updated_by": row.updated_by, "updated_at": row.updated_at,
                               "row_version": row.row_version}
    raise _conflict(type(row).__table__.name, row.uuid, theirs, dict(mine or {}),
                    current_user(session))


# --- a row that moved on during the transaction ------------------------------------------


def remember(session: Session, rows: list) -> None:
    """Note, before a flush, the versioned rows it will update or delete, with the
    version each was read at and the changes made to it: after a refused flush
    the session's objects can no longer be read."""
    pending = []
    for row in rows:
        state = inspect(row)
        if state.key is None:
            continue  # not yet in the database
        mine = {}
        for attr in state.mapper.column_attrs:
            if attr.key in BOOKKEEPING:
                continue
            history = state.attrs[attr.key].history
            if history.added:
                mine[attr.key] = history.added[0]
        for rel in state.mapper.relationships:
            if rel.direction is not MANYTOONE:
                continue
            history = state.attrs[rel.key].history
            if history.added or history.deleted:
                target = history.added[0] if history.added else None
                mine[rel.key] = inspect(target).identity[0] if target is not None and \
                    inspect(target).identity else None
        version = state.committed_state.get("row_version", state.dict.get("row_version"))
        pending.append((state.mapper, state.identity[0], state.dict.get("uuid"), version,
                        mine, row in session.deleted))
    session.info[PENDING] = pending


def conflict_after_refusal(session: Session) -> EditConflict:
    """The EditConflict for a flush SQLAlchemy refused as stale: which of the rows
    it was writing moved on, who saved it and when, read afresh."""
    from casefile.store.sqlite import WRITING

    me = _users.get(str(session.get_bind().url))
    pending = session.info.get(PENDING, [])
    # A connection of its own: the refused flush rolled the session's back. Not a
    # writing one (SQLite's BEGIN IMMEDIATE): this only reads.
    engine = session.get_bind().execution_options(**{WRITING: False})
    first_table = None
    with engine.connect() as conn:
        for mapper, row_id, row_uuid, version, mine, _deleting in pending:
            table = mapper.local_table
            first_table = first_table or table.name
            found = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
            if found is None:
                return _conflict(table.name, row_uuid, None, mine, me,
                                 deleted_by=_who_deleted(conn, row_uuid))
            if found["row_version"] != version:
                theirs = {mapper.get_property_by_column(c).key: found[c.name]
                          for c in table.columns}
                return _conflict(table.name, row_uuid, theirs, mine, me)
    # Every row stands as read: the one refused was saved and then put back at its
    # old version (an undo elsewhere); say so without naming a person.
    what = noun(first_table) if first_table else "row"
    return EditConflict(f"Someone else changed this {what} since you opened it. Your change "
                        "was not saved; reload to see theirs.", table=first_table or "")


def _who_deleted(conn, row_uuid) -> tuple[str | None, datetime | None]:
    from casefile.store.audit_log import AuditEntry

    if row_uuid is None:
        return None, None
    found = conn.execute(select(AuditEntry.changed_by, AuditEntry.changed_at).where(
        AuditEntry.row_uuid == row_uuid, AuditEntry.action == "delete")
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (found[0], found[1]) if found else (None, None)


@contextlib.contextmanager
def refused(session: Session) -> Iterator[None]:
    """Turn SQLAlchemy's StaleDataError, raised by a flush inside, into an EditConflict."""
    try:
        yield
    except StaleDataError:
        raise conflict_after_refusal(session) from None
