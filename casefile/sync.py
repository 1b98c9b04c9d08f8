"""Two copies of one case brought together (issue 20, item 4): `casefile merge`
of two case files, `casefile sync` of a pulled copy with its server.

What each side did since the copies parted is read from the audit log: every
entry has a uuid, the log travels with the case (push, pull) and a merge copies
the entries it takes, so the entries of THEIRS that MINE lacks are their changes
and MINE's entries that THEIRS lacks are mine. Rows are matched by uuid.

- A field only they changed takes their value (as their row holds it now);
  a field both changed to different values is a conflict: MINE keeps its value
  and the conflict is listed, unless the user said ``keep``.
- A row they added (in THEIRS, not in MINE, and never named by MINE's log) is
  inserted with a new integer id, its links translated through uuids (blobs by
  SHA-256, the exemption catalog by code); rows that belong to it and have no
  uuid of their own (a request's items, a document's pages and bytes, an
  entry's withholdings) come with it, and its pages are indexed for search.
- A row they deleted (a tombstone in their log; or, for a delete in bulk such as
  a Vaughn index replaced by a re-import, a row there at parting and gone there
  now) is deleted unless I changed it, or anything its deletion would take with
  it by the foreign keys' cascade, or added a row under it (a conflict, the row
  kept); a row I deleted that they changed is a conflict too. A row they added
  under one I deleted is left out and listed.
- Their log entries are copied into MINE, except those of an open conflict:
  a second merge takes nothing and lists the open conflicts again.

Everything is written with Core statements on the transaction's connection,
which the audit hooks do not see: the copied entries are the record, and a
merge logs no changes of its own for the other side to take back.

Not merged: changes to rows without a uuid of rows both had (an item edited in
an existing request, a withholding), and UPDATEs in bulk of existing rows
(logged as a count, naming no rows; casefile makes none to entity rows today):
the summary says how many such entries were seen.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    ForeignKey,
    MetaData,
    Table,
    TypeDecorator,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from casefile.audit import _value, field_words
from casefile.errors import InputError
from casefile.store import fts
from casefile.store.audit_log import AuditEntry
from casefile.store.models import Base
from casefile.versions import entity_mappers, noun, when

KEEP = ("mine", "theirs")
# Tables a merge never copies as rows: the case's own settings, the log (copied
# by entry uuid), the exemption catalog (the same in every case, matched by code).
_NOT_ROWS = {"setting", "audit_log", "exemption"}


@dataclass
class Conflict:
    """One place where both sides changed the same thing."""

    table: str
    row_uuid: object
    name: str  # "Request 2020-ICFO-12345", as the lists name the row
    field: str | None  # None: the row itself (deleted on one side)
    mine: object = None
    theirs: object = None
    by: str | None = None  # who made their change, as their case knows them
    at: datetime | None = None
    # "me" or "them": the row was deleted on that side; "parent": they added it to a
    # row I deleted ("left out": to a row itself left out), so it was not added.
    deleted_by: str = ""
    number: int = 0  # as listed, from 1
    settled: str | None = None  # "mine" or "theirs"; None: left open

    def sentence(self) -> str:
        who = self.by or "the other editor"
        stamp = f" on {when(self.at)}" if self.at else ""
        if self.deleted_by == "them":
            kept = "It was deleted, as you asked." if self.settled == "theirs" else "It is kept."
            # ``mine``: what of mine hangs on it, when the change was not to the row itself.
            if self.mine:
                return (f"{self.name}: {who} deleted it{stamp}, but {self.mine}, which you "
                        f"changed or added, hangs on it. {kept}")
            return f"{self.name}: you changed it; {who} deleted it{stamp}. {kept}"
        if self.deleted_by == "parent":
            return (f"{self.name}: {who} added it to {self.theirs}{stamp}, which you "
                    "deleted; it was left out.")
        if self.deleted_by == "clash":
            return (f"{self.name}: {who} added it{stamp}, and you added one in its place; "
                    "theirs was left out.")
        if self.deleted_by == "left out":
            return (f"{self.name}: {who} added it to {self.theirs}{stamp}, which was left "
                    "out; so was it.")
        if self.deleted_by == "me":
            kept = "It is back, as you asked." if self.settled == "theirs" else \
                "It stays deleted."
            return (f"{self.name}: you deleted it; {who} changed its "
                    f"{field_words(self.field)}{stamp}. {kept}")
        return (f"{self.name}, {field_words(self.field)}: you wrote {self.mine}; "
                f"{who} wrote {self.theirs}{stamp}.")


@dataclass
class Merged:
    """What a merge took, and where both sides disagree."""

    updated: int = 0  # fields
    inserted: int = 0  # rows with a uuid (their children come along uncounted)
    deleted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    entries: int = 0  # log entries copied
    not_merged: int = 0  # bulk entries of theirs, not taken row by row
    pages: int = 0  # pages indexed for search
    kept: str | None = None

    @property
    def taken(self) -> int:
        return self.updated + self.inserted + self.deleted

    def summary(self, theirs: str) -> str:
        from casefile.display import plural

        head = f"Took {plural(self.taken, 'change')} from {theirs}"
        return head + conflicts_said(self.conflicts, "their way", "nothing of yours was "
                                     "overwritten") + self.bulk_said()

    def bulk_said(self) -> str:
        from casefile.display import plural

        if not self.not_merged:
            return ""
        return (f" {plural(self.not_merged, 'change')} they made in bulk to rows you both had "
                "could not be taken row by row.")


def conflicts_said(conflicts: list[Conflict], theirs_way: str, untouched: str) -> str:
    """The end of a summary: how many conflicts, and how they were settled."""
    from casefile.display import plural

    if not conflicts:
        return "; no conflicts."
    listed = f"; {plural(len(conflicts), 'conflict')}, listed above"
    ways = [c.settled for c in conflicts]
    if all(w == "theirs" for w in ways):
        return f"{listed}, settled {theirs_way} as you asked."
    if all(w == "mine" for w in ways):
        return f"{listed}, settled your way as you asked; {untouched}."
    if all(w is None for w in ways):
        return f"{listed}; {untouched}."
    parts = [f"{ways.count('theirs')} settled {theirs_way}" if "theirs" in ways else "",
             f"{ways.count('mine')} your way" if "mine" in ways else "",
             f"{ways.count(None)} left open" if None in ways else ""]
    return f"{listed}: {', '.join(p for p in parts if p)}; {untouched}."


# --- the tables ------------------------------------------------------------------------


@functools.cache
def _tables() -> list[Table]:
    """The case's tables with each TypeDecorator column as its stored type (page text
    is copied compressed, as stored), foreign keys kept (links are translated by
    them) and the integer key left to the database for new rows."""
    metadata = MetaData()
    tables = []
    for table in Base.metadata.sorted_tables:
        own_key = len(table.primary_key.columns) == 1 and "id" in table.c
        tables.append(Table(table.name, metadata, *[
            Column(c.name, c.type.impl_instance if isinstance(c.type, TypeDecorator) else c.type,
                   *[ForeignKey(fk.target_fullname) for fk in c.foreign_keys],
                   primary_key=c.primary_key, nullable=c.nullable,
                   autoincrement=own_key and c.name == "id")
            for c in table.columns]))
    # The catalog and the settings stay in the metadata, for the links to them.
    return [t for t in tables if t.name not in _NOT_ROWS]




def _columns_of(mapper) -> dict[str, str]:
    """Attribute name (as the log names fields) → column name."""
    return {a.key: a.columns[0].name for a in mapper.column_attrs}


# --- naming rows as the lists do --------------------------------------------------------


def _name(table: str, row, rows_by_id: dict[str, dict[int, dict]]) -> str:
    what = noun(table)
    what = what[:1].upper() + what[1:]
    get = row.get
    if table == "foia_request":
        if get("tracking_no"):
            return f"Request {get('tracking_no')}"
        return f"Request {_value(get('subject'))}"  # a draft not yet numbered
    if table == "agency":
        return f"Agency {get('abbreviation')}"
    if table == "record":
        return f"Vaughn entry {get('entry_no')}"
    if table == "correspondence" and get("date"):
        return f"Letter of {_value(str(get('date')))}" + (
            f" (“{get('subject')}”)" if get("subject") else "")
    for key in ("short_title", "title", "name", "declarant"):
        if get(key):
            return f"{what} “{get(key)}”"
    return f"{what} {get('id')}"


def _shown(value, column, rows_by_id) -> str:
    """A value as a conflict's sentence shows it; a link as the row it names."""
    if value is not None and column is not None and column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        row = rows_by_id.get(target, {}).get(value)
        if row is not None:
            return _name(target, row, rows_by_id)
    if hasattr(value, "value"):  # an enumeration: "in litigation"
        return f"“{str(value.value).replace('_', ' ')}”"
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str) and len(" ".join(value.split())) > 60:
        # Whole, not cut as the history cuts it: the user chooses between the two.
        return f"“{' '.join(value.split())}”"
    return _value(value)


# --- the merge --------------------------------------------------------------------------


@dataclass
class _Log:
    entries: list[dict]
    uuids: set


def _log(conn: Connection) -> _Log:
    rows = [dict(r) for r in conn.execute(
        select(AuditEntry.__table__).order_by(AuditEntry.id)).mappings()]
    return _Log(rows, {r["uuid"] for r in rows})


def merge_into(mine: Connection, theirs: Connection, keep: str | None = None,
               choices: dict[int, str] | None = None) -> Merged:
    """Apply THEIRS's changes since the copies parted to MINE, on two open
    connections (MINE's inside its transaction). ``keep`` settles every conflict
    one way; ``choices`` (conflict number, as listed, → "mine"/"theirs") settles
    the ones it names. Raises InputError, leaving the transaction to be rolled
    back, when their rows cannot be placed in MINE."""
    choices = dict(choices or {})
    if keep not in (None, *KEEP) or any(c not in KEEP for c in choices.values()):
        raise InputError("Keep takes mine or theirs.")
    result = Merged(kept=keep)

    def settle(conflict: Conflict, choosable: bool = True) -> str | None:
        # Numbered in the order listed: the same case gives the same order, so the
        # number a user read names the same conflict at the next run.
        result.conflicts.append(conflict)
        conflict.number = len(result.conflicts)
        conflict.settled = choices.get(conflict.number, keep) if choosable else None
        return conflict.settled

    my_log, their_log = _log(mine), _log(theirs)
    theirs_only = [e for e in their_log.entries if e["uuid"] not in my_log.uuids]
    mine_only = [e for e in my_log.entries if e["uuid"] not in their_log.uuids]
    if not theirs_only:
        if choices:
            raise InputError(f"There are no conflicts: {min(choices)} is not one of them; "
                             "nothing was changed.")
        return result
    named_by_me = {e["row_uuid"] for e in my_log.entries if e["row_uuid"] is not None}
    bulk = [(e, json.loads(e["new_value"] or "{}").get("did")) for e in theirs_only
            if e["action"] == "bulk"]
    # A bulk UPDATE names no rows: not taken (none of casefile's own changes entity
    # rows so; the count is said). A bulk DELETE (a Vaughn index replaced by a
    # re-import) is read from the rows themselves, below.
    result.not_merged = sum(1 for _, did in bulk if did == "update")
    their_bulk_deletes = {e["table_name"]: e for e, did in bulk if did == "delete"}
    my_bulk_inserts = {e["table_name"] for e in mine_only
                       if e["action"] == "bulk" and e["row_uuid"] is None
                       and json.loads(e["new_value"] or "{}").get("did") == "insert"}
    my_inserted = {e["row_uuid"] for e in mine_only if e["action"] == "insert"}

    # Their changes, mine, by row and field: the last entry of each says who and when.
    their_updates: dict[tuple, dict] = {}
    their_touched: dict = {}
    their_deletes: dict = {}
    inserted_by: dict = {}
    for e in theirs_only:
        if e["action"] == "update":
            their_updates[(e["row_uuid"], e["field"])] = e
            their_touched[e["row_uuid"]] = e
        elif e["action"] == "delete":
            their_deletes[e["row_uuid"]] = e
        elif e["action"] == "insert":
            inserted_by[e["row_uuid"]] = e
    my_updates = {(e["row_uuid"], e["field"]) for e in mine_only if e["action"] == "update"}
    my_touched = {e["row_uuid"] for e in mine_only if e["action"] == "update"}
    my_deletes = {e["row_uuid"] for e in mine_only if e["action"] == "delete"}
    # Entries not copied: those of a conflict left open.
    held_back: set = set()

    tables = _tables()
    mappers = entity_mappers()
    mine_rows: dict[str, dict] = {}  # table → uuid → row
    their_rows: dict[str, dict] = {}
    mine_by_id: dict[str, dict[int, dict]] = {}
    their_by_id: dict[str, dict[int, dict]] = {}
    for table in tables:
        if table.name not in mappers:
            continue
        mine_by_id[table.name] = {r["id"]: dict(r) for r in
                                  mine.execute(select(table)).mappings()}
        their_by_id[table.name] = {r["id"]: dict(r) for r in
                                   theirs.execute(select(table)).mappings()}
        mine_rows[table.name] = {r["uuid"]: r for r in mine_by_id[table.name].values()}
        their_rows[table.name] = {r["uuid"]: r for r in their_by_id[table.name].values()}

    # Their integer ids → mine, for every row both have (by uuid).
    ids: dict[str, dict[int, int]] = defaultdict(dict)
    for name, rows in their_rows.items():
        for u, row in rows.items():
            if u in mine_rows[name]:
                ids[name][row["id"]] = mine_rows[name][u]["id"]
    _match_catalog(mine, theirs, ids)

    # 1. Rows only they have: new, or deleted by me.
    new: dict[str, list[dict]] = defaultdict(list)
    for name, rows in their_rows.items():
        for u, row in rows.items():
            if u in mine_rows[name]:
                continue
            if u in my_deletes or u in named_by_me:
                if u in their_touched:
                    e = their_touched[u]
                    choice = settle(Conflict(
                        name, u, _name(name, row, their_by_id), e["field"],
                        by=e["changed_by"], at=e["changed_at"], deleted_by="me"))
                    if choice == "theirs":
                        new[name].append(row)
                    elif choice is None:
                        held_back |= {x["uuid"] for x in theirs_only if x["row_uuid"] == u}
                continue
            new[name].append(row)

    # 3. Rows they deleted: by a tombstone each, or in bulk (rows of the table that
    # were there when the copies parted and are gone there now).
    tombstones = [(e["table_name"], u, e) for u, e in their_deletes.items()]
    for name, e in their_bulk_deletes.items():
        if name not in mine_rows:
            continue
        if name in my_bulk_inserts:  # mine added in bulk too: which were there then is unknown
            result.not_merged += 1
            continue
        tombstones += [(name, u, e) for u in mine_rows[name]
                       if u not in their_rows[name] and u not in my_inserted
                       and u not in their_deletes]
    under = _Cascade(mine_by_id)
    doomed: dict[str, list[int]] = defaultdict(list)
    for name, u, e in tombstones:
        row = mine_rows.get(name, {}).get(u)
        if row is None or u in their_rows.get(name, {}):
            continue  # gone here too; or put back there since (an undo)
        # Deleting it deletes what hangs on it (by the foreign keys' cascade): my
        # change to any of that, or a row of mine added under it, is not lost silently.
        mine_below = under.first(name, row["id"], my_touched | my_inserted)
        if u in my_touched or mine_below is not None:
            choice = settle(Conflict(name, u, _name(name, row, mine_by_id), None,
                                     mine=_name(*mine_below, mine_by_id) if mine_below
                                     else None,
                                     by=e["changed_by"], at=e["changed_at"],
                                     deleted_by="them"))
            if choice == "theirs":
                doomed[name].append(row["id"])
            elif choice is None:
                held_back.add(e["uuid"])
            continue
        doomed[name].append(row["id"])

    by_name = tables_by_name(tables)
    try:
        left_out: list = []
        placed: set[str] = set()
        result.inserted, result.pages = _insert(mine, theirs, tables, new, ids, left_out,
                                                placed)
        _settings_of(mine, theirs, placed)
        for name, row, missing in left_out:
            target, their_id = missing or (name, None)
            parent = their_by_id.get(target, {}).get(their_id)
            e = inserted_by.get(row["uuid"], {})
            kind = "clash" if missing is None else "parent" if parent and \
                parent["uuid"] in named_by_me else "left out"
            settle(Conflict(
                name, row["uuid"], _name(name, row, their_by_id), None,
                theirs=_name(target, parent, their_by_id) if parent else noun(target),
                by=e.get("changed_by", row.get("updated_by")), at=e.get("changed_at"),
                deleted_by=kind), choosable=False)
            held_back |= {x["uuid"] for x in theirs_only if x["row_uuid"] == row["uuid"]}
        # 2. Fields they changed of rows both have.
        changes: dict[str, dict] = defaultdict(dict)  # table → my id → {column: value}
        for (u, attr), e in their_updates.items():
            name = e["table_name"]
            if name not in mappers or u not in mine_rows.get(name, {}) \
                    or u not in their_rows.get(name, {}):
                continue  # deleted on one side: below, or above
            column_name = _columns_of(mappers[name]).get(attr)
            if column_name is None:
                continue  # a column this version does not have
            column = by_name[name].c[column_name]
            theirs_value = their_rows[name][u][column_name]
            if column.foreign_keys and theirs_value is not None:
                target = next(iter(column.foreign_keys)).column.table.name
                theirs_value = ids[target].get(theirs_value, _MISSING)
                if theirs_value is _MISSING:
                    # A row MINE does not have (deleted here, or left out above): not
                    # taken, and kept for the next merge, as that row's conflict is.
                    held_back |= {x["uuid"] for x in theirs_only
                                  if x["row_uuid"] == u and x["field"] == attr}
                    continue
            mine_row = mine_rows[name][u]
            if mine_row[column_name] == theirs_value:
                continue
            if (u, attr) in my_updates:
                choice = settle(Conflict(
                    name, u, _name(name, mine_row, mine_by_id), attr,
                    mine=_shown(mine_row[column_name], column, mine_by_id),
                    theirs=_shown(theirs_value, column, mine_by_id),
                    by=e["changed_by"], at=e["changed_at"]))
                if choice != "theirs":
                    if choice is None:
                        held_back |= {x["uuid"] for x in theirs_only
                                      if x["row_uuid"] == u and x["field"] == attr}
                    continue
            changes[name].setdefault(mine_row["id"], {})[column_name] = theirs_value
            stamp = changes[name][mine_row["id"]]
            stamp["updated_by"] = their_rows[name][u]["updated_by"]
            stamp["updated_at"] = their_rows[name][u]["updated_at"]
            result.updated += 1

        for name, rows in changes.items():
            table = by_name[name]
            for my_id, values in rows.items():
                mine.execute(update(table).where(table.c.id == my_id).values(
                    **values, row_version=table.c.row_version + 1))
        result.deleted = _delete(mine, tables, doomed)
    except IntegrityError as exc:
        raise InputError("Their changes cannot be placed in this case as it stands "
                         f"({_constraint(exc)}); nothing was changed.") from None

    unknown = sorted(n for n in choices if not 1 <= n <= len(result.conflicts))
    if unknown:
        from casefile.display import plural

        raise InputError(f"There {'is' if len(result.conflicts) == 1 else 'are'} "
                         f"{plural(len(result.conflicts), 'conflict')}: {unknown[0]} is not "
                         "one of them; nothing was changed.")

    # 4. Their log, for the next merge to know it has these.
    copied = []
    for e in theirs_only:
        if e["uuid"] in held_back:
            continue
        entry = {k: v for k, v in e.items() if k != "id"}
        name, u = entry["table_name"], entry["row_uuid"]
        # The log numbers a row as the lists do: by MINE's id for it, where it has one.
        if u in mine_rows.get(name, {}):
            entry["row_id"] = mine_rows[name][u]["id"]
        elif u in their_rows.get(name, {}):
            entry["row_id"] = ids[name].get(their_rows[name][u]["id"], entry["row_id"])
        copied.append(entry)
    if copied:
        mine.execute(insert(AuditEntry.__table__), copied)
    result.entries = len(copied)
    return result


_MISSING = object()
# Rows read from outside (a docket report): one that both sides read under the same
# key is the same row, and theirs is mapped onto mine. Elsewhere a clash on a unique
# key (two redacted versions numbered 2 of one document) leaves theirs out, listed.
_SAME_THING = {"docket_entry", "docket_proposal"}


def _unique_keys(name: str) -> list[tuple[str, ...]]:
    from sqlalchemy import UniqueConstraint

    table = Base.metadata.tables[name]
    keys = [tuple(c.name for c in k.columns) for k in table.constraints
            if isinstance(k, UniqueConstraint)]
    keys += [(c.name,) for c in table.columns if c.unique]
    return [k for k in keys if k != ("uuid",)]


def _in_its_place(mine: Connection, table: Table, values: dict) -> int | None:
    """MINE's row that holds the unique key ``values`` would take, if any."""
    for key in _unique_keys(table.name):
        if any(values.get(c) is None for c in key):
            continue
        found = mine.execute(select(table.c.id).where(
            *[table.c[c] == values[c] for c in key])).scalar()
        if found is not None:
            return found
    return None


def _settings_of(mine: Connection, theirs: Connection, placed: set[str]) -> None:
    """Settings that belong to a row of theirs now placed in MINE: those whose key
    ends with its uuid (a Vaughn import's source, which a re-import looks up)."""
    from casefile.store.models import Setting

    table = Setting.__table__
    have = set(mine.execute(select(table.c.key)).scalars())
    rows = [{"key": k, "value": v} for k, v in theirs.execute(select(table.c.key, table.c.value))
            if k not in have and k[-32:] in placed]
    if rows:
        mine.execute(insert(table), rows)


class _Cascade:
    """What a row's deletion reaches in MINE: the entity rows whose foreign keys
    delete them with it (ON DELETE CASCADE), and theirs in turn, and those whose
    keys forbid it (RESTRICT, NO ACTION: the database would refuse the delete)."""

    def __init__(self, rows_by_id: dict[str, dict[int, dict]]):
        self.rows_by_id = rows_by_id
        self.children: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for table in Base.metadata.sorted_tables:
            if table.name not in rows_by_id:
                continue
            for column in table.columns:
                for fk in column.foreign_keys:
                    if (fk.ondelete or "RESTRICT").upper() in ("CASCADE", "RESTRICT",
                                                               "NO ACTION") and \
                            fk.column.table.name != table.name:
                        self.children[fk.column.table.name].append((table.name, column.name))
        self._by_link: dict[tuple[str, str], dict[int, list[dict]]] = {}

    def _rows_linked(self, table: str, column: str) -> dict[int, list[dict]]:
        if (table, column) not in self._by_link:
            linked: dict[int, list[dict]] = defaultdict(list)
            for row in self.rows_by_id[table].values():
                if row[column] is not None:
                    linked[row[column]].append(row)
            self._by_link[(table, column)] = linked
        return self._by_link[(table, column)]

    def first(self, table: str, row_id: int, uuids: set) -> tuple[str, dict] | None:
        """The first row under (table, row_id), itself excluded, whose uuid is in
        ``uuids``: (its table, the row)."""
        todo, seen = [(table, row_id)], set()
        while todo:
            parent, parent_id = todo.pop()
            for child, column in self.children.get(parent, ()):
                for row in self._rows_linked(child, column).get(parent_id, ()):
                    if (child, row["id"]) in seen:
                        continue
                    seen.add((child, row["id"]))
                    if row["uuid"] in uuids:
                        return child, row
                    todo.append((child, row["id"]))
        return None


def tables_by_name(tables: list[Table]) -> dict[str, Table]:
    return {t.name: t for t in tables}


def _constraint(exc: IntegrityError) -> str:
    text = str(exc.orig).splitlines()[0] if exc.orig else "a constraint"
    return text.strip()


def _match_catalog(mine: Connection, theirs: Connection, ids) -> None:
    """Rows without a uuid that other rows point at: exemptions by code, blobs by
    SHA-256."""
    from casefile.store.models import Blob, Exemption

    for model, key in ((Exemption, "code"), (Blob, "sha256")):
        table = model.__table__
        my_ids = dict(mine.execute(select(table.c[key], table.c.id)).all())
        for their_id, value in theirs.execute(select(table.c.id, table.c[key])):
            if value in my_ids:
                ids[table.name][their_id] = my_ids[value]


def _insert(mine: Connection, theirs: Connection, tables: list[Table], new, ids,
            left_out: list, placed: set) -> tuple[int, int]:
    """Their new rows into MINE with new ids, in the order foreign keys allow, and
    the rows without uuids that belong to them; returns (rows with uuids, pages).
    A new row that links to a row MINE lacks is added to ``left_out``."""
    mappers = entity_mappers()
    inserted, pages = 0, 0
    fresh: dict[str, set[int]] = defaultdict(set)  # their ids of rows new in MINE
    new_pages: list[int] = []
    pending_self: list[tuple[Table, int, str, int]] = []
    # Their new files' bytes first (by SHA-256: bytes MINE has are not copied), so that
    # what is keyed by a blob (a privacy check) sees it new whatever the table order.
    for name in ("document", "document_version"):
        for row in new.get(name, []):
            if row["blob_id"] not in ids["blob"]:
                _insert_blob(mine, theirs, row["blob_id"], ids, fresh)
    for table in tables:
        name = table.name
        if name in mappers:
            rows = new.get(name, [])
            for row in rows:
                if name == "document":
                    same = mine.execute(select(table.c.id).where(
                        table.c.blob_id == ids["blob"][row["blob_id"]])).scalar()
                    if same is not None:  # the same file, imported on both sides
                        ids[name][row["id"]] = same
                        continue
                if name == "agency":
                    same = mine.execute(select(table.c.id).where(
                        func.lower(table.c.abbreviation) == row["abbreviation"].lower())).scalar()
                    if same is not None:  # added on both sides: one agency, not two
                        ids[name][row["id"]] = same
                        continue
                values, later, missing = _translated(table, row, ids)
                if values is None:
                    # It names a row MINE does not have: left out (the caller lists it),
                    # not linked to nothing.
                    left_out.append((name, row, missing))
                    continue
                same = _in_its_place(mine, table, values)
                if same is not None:
                    if name in _SAME_THING:  # one docket entry read by both: one row
                        ids[name][row["id"]] = same
                    else:  # two different things where one may be: theirs left out
                        left_out.append((name, row, None))
                    continue
                new_id = mine.execute(insert(table).values(**values)
                                      .returning(table.c.id)).scalar_one()
                ids[name][row["id"]] = new_id
                fresh[name].add(row["id"])
                placed.add(row["uuid"].hex)
                pending_self += [(table, new_id, c, v) for c, v in later]
                inserted += 1
            continue
        if name in ("blob", "blob_chunk"):
            continue  # with their document, above
        # Rows without a uuid: those that belong to a row new in MINE.
        links = [(c, next(iter(c.foreign_keys)).column.table.name) for c in table.columns
                 if c.foreign_keys]
        if not links:
            continue
        query = select(table)
        owners = [(c, t) for c, t in links if fresh.get(t)]
        if not owners:
            continue
        query = query.where(or_(*[c.in_(sorted(fresh[t])) for c, t in owners]))
        for row in theirs.execute(query).mappings():
            values, _later, _missing = _translated(table, dict(row), ids)
            if values is None:
                continue  # a link between a new row and one gone from MINE
            key = [c for c in table.primary_key.columns]
            returning = len(key) == 1 and key[0].name == "id"
            statement = insert(table).values(**values)
            if returning:
                new_id = mine.execute(statement.returning(table.c.id)).scalar_one()
                ids[name][row["id"]] = new_id
                fresh[name].add(row["id"])
                if name == "document_page":
                    new_pages.append(new_id)
            else:
                mine.execute(statement)
    for table, row_id, column, their_value in pending_self:
        target = next(iter(table.c[column].foreign_keys)).column.table.name
        if their_value in ids[target]:
            mine.execute(update(table).where(table.c.id == row_id)
                         .values({column: ids[target][their_value]}))
    if new_pages:
        pages = _index(mine, new_pages)
    return inserted, pages


def _translated(table: Table, row: dict, ids) -> tuple[dict | None, list, tuple | None]:
    """Their row with MINE's ids in its links and no id of its own; links to rows of
    its own table not yet placed are returned to set afterwards. A link to a row
    MINE does not have (deleted here, or itself left out) returns no values and
    (its table, their id) as what is missing."""
    values, later = {}, []
    for c in table.columns:
        value = row[c.name]
        if c.name == "id" and len(table.primary_key.columns) == 1:
            continue
        if c.foreign_keys and value is not None:
            target = next(iter(c.foreign_keys)).column.table.name
            if value in ids[target]:
                value = ids[target][value]
            elif target == table.name:
                later.append((c.name, value))
                value = None
            else:
                return None, [], (target, value)
        values[c.name] = value
    return values, later, None


def _insert_blob(mine: Connection, theirs: Connection, their_id: int, ids, fresh) -> None:
    from casefile.store.models import Blob, BlobChunk

    blob, chunk = Blob.__table__, BlobChunk.__table__
    row = theirs.execute(select(blob).where(blob.c.id == their_id)).mappings().one()
    new_id = mine.execute(insert(blob).values(sha256=row["sha256"], size=row["size"])
                          .returning(blob.c.id)).scalar_one()
    ids["blob"][their_id] = new_id
    fresh["blob"].add(their_id)
    # A chunk is up to 1 MiB: a few at a time.
    result = theirs.execution_options(yield_per=8).execute(
        select(chunk.c.seq, chunk.c.data).where(chunk.c.blob_id == their_id))
    for part in result.partitions(8):
        mine.execute(insert(chunk), [{"blob_id": new_id, "seq": s, "data": d} for s, d in part])


def _index(conn: Connection, page_ids: list[int]) -> int:
    from casefile.store.models import Document, DocumentPage

    page, doc = DocumentPage.__table__, Document.__table__
    rows = conn.execute(select(page.c.id, doc.c.name, page.c.text).join(
        doc, doc.c.id == page.c.document_id).where(page.c.id.in_(page_ids),
                                                    page.c.text.is_not(None))).all()
    # Selected through the ORM's table, the text comes back as text already.
    fts.index_pages(conn, [(i, n, t) for i, n, t in rows])
    return len(rows)


def _delete(mine: Connection, tables: list[Table], doomed) -> int:
    from casefile.store.models import Document, DocumentPage

    count = 0
    for table in reversed(tables):
        row_ids = doomed.get(table.name)
        if not row_ids:
            continue
        if table.name == "document":
            # The page index holds no text of its own: it needs the old rows to drop them.
            page, doc = DocumentPage.__table__, Document.__table__
            fts.forget_pages(mine, [tuple(r) for r in mine.execute(
                select(page.c.id, doc.c.name, page.c.text).join(
                    doc, doc.c.id == page.c.document_id).where(
                    doc.c.id.in_(row_ids), page.c.text.is_not(None))).all()])
        count += mine.execute(delete(table).where(table.c.id.in_(row_ids))).rowcount
    return count


# --- two case files ----------------------------------------------------------------------


def merge(mine_path, theirs_path: Path | str, keep: str | None = None,
          choices: dict[int, str] | None = None) -> Merged:
    """THEIRS's changes since the two copies parted, brought into MINE in one
    transaction; THEIRS is only read. ``mine_path`` may be the case open already
    (the window's): it is used, not closed."""
    import contextlib

    from casefile.store import CaseFile

    mine_is = mine_path.location if isinstance(mine_path, CaseFile) else mine_path
    if _same_place(mine_is, theirs_path):
        raise InputError("That is this case itself: choose the other copy to bring into it.")
    opened = (contextlib.nullcontext(mine_path) if isinstance(mine_path, CaseFile)
              else CaseFile.open(mine_path))
    with CaseFile.open(theirs_path, read_only=True) as theirs, opened as mine:
        same_case(mine, theirs)
        with theirs.reading() as ts, mine.transaction() as ms:
            return merge_into(ms.connection(), ts.connection(), keep, choices)


def _same_place(one: Path | str, other: Path | str) -> bool:
    if "://" in str(one) or "://" in str(other):
        return str(one) == str(other)
    return Path(one).resolve() == Path(other).resolve()


def same_case(mine, theirs) -> None:
    if not mine.case_uuid or mine.case_uuid != theirs.case_uuid:
        raise InputError(f"{mine.path.name} and {theirs.path.name} are not copies of one "
                         "case: only copies of the same case can be merged.")


# --- a pulled copy and its server --------------------------------------------------------


@dataclass
class Synced:
    """What a sync took from the server and sent to it."""

    taken: Merged  # the server's changes, into the copy
    sent: Merged  # the copy's changes, onto the server
    pulled_at: str  # the new base: the server's clock when the sync ended

    def summary(self, server: str) -> str:
        from casefile.display import plural

        return (f"Took {plural(self.taken.taken, 'change')} from {server} and sent "
                f"{plural(self.sent.taken, 'change')} to it") + conflicts_said(
            self.taken.conflicts, "the server's way",
            "nothing was overwritten on either side") + self.taken.bulk_said()


def sync(path, location: str | None = None, keep: str | None = None,
         choices: dict[int, str] | None = None) -> Synced:
    """A pulled copy and its server brought together both ways: the server's changes
    into the copy, then the copy's onto the server, each in one transaction; then
    the copy's base (``pulled_at``) moved to now. ``location`` overrides the server
    the copy remembers (to give a password; the copy stores none, so without it
    the keyring's (`casefile login`) or libpq's own means apply: PGPASSWORD, ~/.pgpass).
    ``path`` may be the copy open already (the window's): it is used, not closed."""
    import contextlib

    from casefile.store import CaseFile
    from casefile.store.models import Setting
    from casefile.store.transfer import ORIGIN_URL, PULLED_AT, origin

    opened = contextlib.nullcontext(path) if isinstance(path, CaseFile) else CaseFile.open(path)
    with opened as copy:
        if copy.backend != "sqlite":
            raise InputError("Sync takes a case file pulled from a server: casefile sync "
                             "NAME.casefile")
        remembered = origin(copy).get(ORIGIN_URL)
        if not remembered and not location:
            raise InputError(f"{copy.path.name} was not pulled from a server: to bring two "
                             "case files together, use casefile merge MINE THEIRS.")
        with CaseFile.open(location or remembered) as server:
            same_case(copy, server)
            # One snapshot of the server to take from; then a write that a concurrent
            # save to the same rows makes fail (and roll back) rather than overwrite.
            snapshot = {"isolation_level": "REPEATABLE READ"}
            with server.reading() as ss, copy.transaction() as cs:
                taken = merge_into(cs.connection(), ss.connection(execution_options=snapshot),
                                   keep, choices)
            # A conflict settled above is none here: the side that lost it now holds
            # the winner's log entries, so only the winner's change is new. One left
            # open is found again from the server's side, and the server's value kept.
            with copy.reading() as cs, server.transaction() as ss:
                sent = merge_into(ss.connection(execution_options=snapshot), cs.connection())
                at = ss.connection().exec_driver_sql("SELECT now()").scalar()
            pulled_at = at.astimezone(UTC).isoformat()
            with copy.transaction() as cs:
                cs.execute(update(Setting).where(Setting.key == PULLED_AT)
                           .values(value=pulled_at))
    return Synced(taken, sent, pulled_at)


def pulled_from(case) -> str | None:
    """The server a pulled copy remembers, as lists show it (no password); None for
    a case never pulled, or one on a server."""
    from casefile.store import postgres
    from casefile.store.transfer import ORIGIN_URL, origin

    if case.backend != "sqlite":
        return None
    remembered = origin(case).get(ORIGIN_URL)
    return postgres.shown(remembered) if remembered else None
