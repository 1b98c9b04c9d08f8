"""The audit log: who changed what in the case, and when, kept in the case itself.

Session hooks, registered on every SQLAlchemy Session when this module is
imported (``store.case`` imports it), so no way of saving passes them by:

- ``before_flush`` stamps ``updated_by`` on every entity row being inserted
  or changed (``versions.current_user``) and notes, for ``versions``, the
  versioned rows the flush will update or delete;
- ``after_flush`` writes one ``audit_log`` entry per inserted row (its
  fields), per changed field (old and new value) and per deleted row (its
  fields as they were);
- ``do_orm_execute`` sees the bulk statements run through ``session.execute``
  (imports' executemany, undo putting rows back): a few rows that name their
  uuids (undo) get an entry each; more, or an UPDATE/DELETE by a condition,
  one ``bulk`` entry with the count. An import that writes through the
  session's connection itself (the Vaughn import) calls :func:`record_bulk`.

Values are JSON text. An inserted row's long texts are cut at
``INSERT_TEXT_LIMIT`` characters (the row itself holds them); a changed
field's and a deleted row's values are kept whole, as the log is then the
only record of what was there. Rows that are not entities (a production's
list of documents, a Vaughn entry's withholdings, pages) are not logged.
"""

from __future__ import annotations

import enum
import json
import uuid as uuid_module
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from casefile import versions
from casefile.dates import long_date
from casefile.display import plural
from casefile.store.audit_log import AuditEntry
from casefile.store.models import Entity, utcnow

INSERT_TEXT_LIMIT = 1000
# Up to this many rows put in by one statement, each naming its uuid, are logged one
# by one (an undo putting back a request and its items); more is an import: one entry.
PER_ROW_LIMIT = 100
_NEW_AT = "casefile_audit_at"  # session.info: this flush's time and who
_DELETING = "casefile_audit_deleting"


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid_module.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value):,} bytes>"
    return str(value)


def to_json(value) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False)


def _cut(value):
    if isinstance(value, str) and len(value) > INSERT_TEXT_LIMIT:
        return value[:INSERT_TEXT_LIMIT] + f"… ({len(value):,} characters in all)"
    return value


# Asked at every INSERT/UPDATE/DELETE run through a session: cached, the mappers are fixed.
_entity_tables = versions.entity_mappers


# --- the hooks ----------------------------------------------------------------------------


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    new = [o for o in session.new if isinstance(o, Entity)]
    changed = [o for o in session.dirty if isinstance(o, Entity)
               and session.is_modified(o, include_collections=False)]
    deleted = [o for o in session.deleted if isinstance(o, Entity)]
    if not (new or changed or deleted):
        session.info.pop(versions.PENDING, None)
        return
    who = versions.current_user(session)
    session.info[_NEW_AT] = (utcnow(), who)
    for row in new:
        if row.updated_by is None:  # one given (a copy's row arriving whole) is kept
            row.updated_by = who
    for row in changed:
        row.updated_by = who
    versions.remember(session, changed + deleted)
    # A deleted row's fields, read while it still exists.
    session.info[_DELETING] = {id(o): versions.fields_of(o) for o in deleted}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    at, who = session.info.get(_NEW_AT) or (utcnow(), None)
    deleting = session.info.pop(_DELETING, {})
    entries = []

    def entry(action, row, **values):
        state = inspect(row)
        # Every entry names every column: one executemany needs the same keys in each.
        entries.append(dict(uuid=uuid_module.uuid4(), changed_at=at, changed_by=who,
                            action=action, table_name=state.mapper.local_table.name,
                            row_id=state.dict.get("id"), row_uuid=state.dict.get("uuid"),
                            field=None, old_value=None, new_value=None, note=None) | values)

    for row in session.new:
        if isinstance(row, Entity):
            state = inspect(row)
            fields = {a.key: _cut(state.dict[a.key]) for a in state.mapper.column_attrs
                      if a.key not in versions.BOOKKEEPING and a.key in state.dict}
            entry("insert", row, new_value=to_json(fields))
    for row in session.dirty:
        if not isinstance(row, Entity):
            continue
        state = inspect(row)
        for attr in state.mapper.column_attrs:
            if attr.key in versions.BOOKKEEPING:
                continue
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            entry("update", row, field=attr.key, old_value=to_json(old),
                  new_value=to_json(new))
    for row in session.deleted:
        if isinstance(row, Entity):
            fields = deleting.get(id(row))
            if fields is None:  # an orphan the flush found: what the session holds
                state = inspect(row)
                fields = {a.key: state.dict[a.key] for a in state.mapper.column_attrs
                          if a.key not in versions.BOOKKEEPING and a.key in state.dict}
            entry("delete", row, old_value=to_json(fields))
    if entries:
        session.connection().execute(insert(AuditEntry.__table__), entries)


@event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    mapper = _entity_tables().get(getattr(table, "name", None))
    if mapper is None:
        return None
    session = state.session
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    if state.is_insert:
        if rows and len(rows) <= PER_ROW_LIMIT and all("uuid" in r for r in rows):
            _log_rows_put_in(session, mapper, rows)
        else:
            # No parameter list (INSERT … VALUES or … SELECT): how many is not known here.
            record_bulk(session, mapper.class_, len(rows) or None, did="insert")
        return None  # SQLAlchemy runs the statement as it would have
    result = state.invoke_statement()
    count = None if result.returns_rows else result.rowcount
    record_bulk(session, mapper.class_, count, did="update" if state.is_update else "delete")
    return result


def _log_rows_put_in(session: Session, mapper, rows: list[dict]) -> None:
    at, who = utcnow(), versions.current_user(session)
    table = mapper.local_table
    entries = []
    for row in rows:
        fields = {}
        for name, value in row.items():
            column = table.c.get(name)
            key = mapper.get_property_by_column(column).key if column is not None else name
            if key not in versions.BOOKKEEPING:
                fields[key] = _cut(value)
        entries.append(dict(uuid=uuid_module.uuid4(), changed_at=at, changed_by=who,
                            action="insert", table_name=table.name, row_id=row.get("id"),
                            row_uuid=row["uuid"], field=None, old_value=None,
                            new_value=to_json(fields), note=None))
    session.connection().execute(insert(AuditEntry.__table__), entries)


def record_bulk(session: Session, model: type, rows: int | None, *, did: str = "insert",
                note: str | None = None) -> None:
    """One entry for many rows of ``model`` written at once (an import): how many,
    what was done, and a note of where they came from."""
    session.connection().execute(insert(AuditEntry.__table__), [dict(
        uuid=uuid_module.uuid4(), changed_at=utcnow(), changed_by=versions.current_user(session),
        action="bulk", table_name=model.__table__.name,
        new_value=to_json({"rows": rows, "did": did}), note=note)])


# --- reading it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One entry of the log as the CLI and a window show it."""

    at: datetime  # UTC
    by: str | None
    action: str
    table: str
    row_id: int | None
    row_uuid: uuid_module.UUID | None
    field: str | None
    old: object
    new: object
    note: str | None
    entry_uuid: uuid_module.UUID

    def sentence(self) -> str:
        return describe(self)


def history(session: Session, limit: int | None = 50, *, row_uuid=None) -> list[Change]:
    """The newest ``limit`` entries (all when None), newest first; of one row when
    ``row_uuid`` is given. Newest by when the change was made, not by the entry's
    id: entries a merge copied in from another copy are older than their ids."""
    query = select(AuditEntry).order_by(AuditEntry.changed_at.desc(), AuditEntry.id.desc())
    if row_uuid is not None:
        query = query.where(AuditEntry.row_uuid == row_uuid)
    if limit is not None:
        query = query.limit(limit)
    return [Change(e.changed_at, e.changed_by, e.action, e.table_name, e.row_id, e.row_uuid,
                   e.field, _load(e.old_value), _load(e.new_value), e.note, e.uuid)
            for e in session.scalars(query)]


def _load(text: str | None):
    return None if text is None else json.loads(text)


def _value(value) -> str:
    if value is None or value == "":
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if isinstance(value, str):
        try:
            text = long_date(date.fromisoformat(value))
        except ValueError:
            text = " ".join(value.split())
            if len(text) > 60:
                text = text[:59] + "…"
            text = f"“{text}”"
    return text


# Fields whose column names read badly in a sentence.
FIELD_WORDS = {"expedited_decided_on": "date expedition was decided", "doc_date": "date",
               "bates_no": "Bates number", "bar_no": "bar number", "tracking_no": "tracking number",
               "entry_no": "entry number", "is_lead": "lead counsel mark"}


def field_words(field: str | None) -> str:
    """"done_on" as "date done", "date_sent" as "date sent"."""
    if not field:
        return "row"
    if field in FIELD_WORDS:
        return FIELD_WORDS[field]
    if field.endswith("_on"):
        return "date " + field.removesuffix("_on").replace("_", " ")
    if field.endswith("_id"):  # a link to another row: "agency", its values numbered
        return field.removesuffix("_id").replace("_", " ")
    return field.replace("_", " ")


def describe(change: Change) -> str:
    """One entry in plain words: "maria changed the subject of request 3 from “a” to “b”."."""
    who = change.by or "Someone"
    what = versions.noun(change.table)
    row = f"{what} {change.row_id}" if change.row_id is not None else f"a {what}"
    if change.action == "update":
        field = field_words(change.field)
        old, new = _value(change.old), _value(change.new)
        if (change.field or "").endswith("_id"):  # "from agency 1 to agency 2"
            old, new = (f"{field} {v}" if v != "nothing" else v for v in (old, new))
        return f"{who} changed the {field} of {row} from {old} to {new}."
    if change.action == "insert":
        return f"{who} added {row}."
    if change.action == "delete":
        return f"{who} deleted {row}."
    counts = change.new if isinstance(change.new, dict) else {}
    n, did = counts.get("rows"), counts.get("did", "insert")
    verb = {"insert": "added", "update": "changed", "delete": "deleted"}.get(did, did)
    many = plural(n, what) if isinstance(n, int) else f"{what} rows"
    return f"{who} {verb} {many} at once" + (f" ({change.note})" if change.note else "") + "."
