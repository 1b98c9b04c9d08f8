"""Moving a case between a case file and a PostgreSQL server (issue 20, item 3).

``push(path, url)`` puts a ``.casefile`` onto the server, into a database
that holds nothing yet. ``pull(url, path)`` makes a ``.casefile`` of a case
on the server that remembers where it came from and the server's clock at
that moment (the ``origin_*`` and ``pulled_at`` settings): the base a later
``casefile sync`` starts from.

Every row travels as stored: the same ids and uuids (the uuid is what a sync
matches rows by), page text still compressed, blob chunks as they are. The
search indexes are not copied, since FTS5 and tsvector index differently;
they are rebuilt from the rows on arrival, as ``casefile reindex`` would.

A move is whole or nothing. On the server it is one transaction (PostgreSQL's
DDL is transactional, so a failure leaves the database empty); a file is built
under a ``.partial`` name and linked into place only when complete. The source
is read in one snapshot (SQLite's read transaction, PostgreSQL's REPEATABLE
READ), so an edit saved meanwhile is wholly in the copy or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, Connection, Integer, MetaData, Table, TypeDecorator, insert, select

from casefile import leftovers
from casefile.errors import InputError
from casefile.store import fts, postgres, schema
from casefile.store import sqlite as sq
from casefile.store.case import SUFFIX, CaseFile, build_new_file, place_new_file
from casefile.store.models import Base, Document, Setting

# What a pulled copy remembers (settings of the copy; a push writes none).
ORIGIN_URL = "origin_url"  # the server and database, without a password
ORIGIN_CASE = "origin_case_uuid"  # the server's case, which the copy shares
PULLED_AT = "pulled_at"  # the server's clock when the snapshot was taken (ISO 8601)

# Rows per INSERT: a blob chunk is up to 1 MiB, so its batches are small.
_BATCH, _CHUNK_BATCH = 1000, 8


@dataclass
class Moved:
    """What a push or a pull carried."""

    rows: int
    documents: int
    pages: int  # indexed for search on arrival
    pulled_at: str = ""
    path: Path | None = None  # the copy a pull made


def push(path: Path | str, location: str) -> Moved:
    """The case file at ``path`` copied onto the server at ``location``, whose
    database must be new or empty; the file itself is left as it was."""
    url = postgres.as_url(location)
    path = Path(path)
    with CaseFile.open(path, read_only=True) as source, source.reading() as s:
        if source.backend != "sqlite":
            raise InputError("Push takes a case file and a server: casefile push "
                             "NAME.casefile postgresql://…")
        reading = s.connection()
        _at_head(reading, path.name)
        postgres.ensure_database(url)
        engine = postgres.make_engine(url)
        try:
            with postgres.user_errors(url), engine.begin() as target:
                if postgres.user_tables(target):
                    raise InputError(
                        f"The database {postgres.case_name(url)} already holds tables: push "
                        "into a new database (a name the server does not have yet).")
                schema.create_empty(target)
                rows = _copy(reading, target)
                _advance_sequences(target)
                pages = fts.rebuild(target)
                documents = _documents(target)
        finally:
            engine.dispose()
    return Moved(rows, documents, pages)


def pull(location: str, path: Path | str) -> Moved:
    """A new case file at ``path`` holding the server's case as it is now, and
    remembering where it came from and when."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    if path.exists():
        raise InputError(f"{path.name} already exists: pull into a new file name.")
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist.")
    url = postgres.as_url(location)
    with CaseFile.open(location, read_only=True) as source, source.reading() as s:
        if source.backend != "postgresql":
            raise InputError("Pull takes a server and a new case file: casefile pull "
                             "postgresql://… NAME.casefile")
        reading = s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        _at_head(reading, postgres.case_name(url))
        pulled_at = reading.exec_driver_sql("SELECT now()").scalar().astimezone(UTC)
        leftovers.sweep(path.parent)
        tmp = leftovers.partial_beside(path)
        try:
            def fill(target: Connection) -> tuple[int, int, int]:
                schema.create_empty(target)
                copied = _copy(reading, target)
                indexed = fts.rebuild(target)
                target.execute(insert(Setting), [
                    {"key": ORIGIN_URL, "value": postgres.shown(url)},  # no password
                    {"key": ORIGIN_CASE, "value": source.case_uuid or ""},
                    {"key": PULLED_AT, "value": pulled_at.isoformat()},
                ])
                return copied, _documents(target), indexed

            rows, documents, pages = build_new_file(tmp, fill)
            place_new_file(tmp, path)
        finally:
            for leftover in [tmp, *sq.sidecars(tmp)]:
                leftover.unlink(missing_ok=True)
    return Moved(rows, documents, pages, pulled_at.isoformat(), path)


def origin(case: CaseFile) -> dict[str, str]:
    """Where a pulled copy came from: its ``origin_*`` and ``pulled_at`` settings
    (empty for a case that was never pulled)."""
    with case.reading() as s:
        return dict(s.execute(select(Setting.key, Setting.value).where(
            Setting.key.in_((ORIGIN_URL, ORIGIN_CASE, PULLED_AT)))).all())


def _at_head(conn: Connection, name: str) -> None:
    """A case of an older revision is upgraded where it lives (opening it for
    writing does that) before it moves: the two sides must have one schema."""
    revision = schema.current_revision(conn)
    if revision != schema.HEAD:
        raise InputError(f"{name} is at an older revision of the case format ({revision}): "
                         "open it once for writing with this Casefile to upgrade it, then "
                         "move it.")


def _raw_tables() -> list[Table]:
    """Every table of the case, in the order their foreign keys allow, with each
    TypeDecorator column as its stored type: compressed page text is copied as
    bytes, not decompressed and compressed again."""
    metadata = MetaData()
    return [Table(table.name, metadata, *[
        Column(c.name, c.type.impl_instance if isinstance(c.type, TypeDecorator) else c.type,
               primary_key=c.primary_key, autoincrement=False)
        for c in table.columns]) for table in Base.metadata.sorted_tables]


def _copy(source: Connection, target: Connection) -> int:
    copied = 0
    for table in _raw_tables():
        size = _CHUNK_BATCH if table.name == "blob_chunk" else _BATCH
        # yield_per streams the rows (a server-side cursor on PostgreSQL): a case's
        # bytes never sit in memory whole.
        result = source.execution_options(yield_per=size).execute(select(table))
        for part in result.partitions(size):
            target.execute(insert(table), [row._asdict() for row in part])
            copied += len(part)
    return copied


def _advance_sequences(conn: Connection) -> None:
    """Rows came with their ids; each table's id sequence must start after them, or
    the next row added on the server collides with a copied one."""
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        name, key = table.name, keys[0].name
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{key}'), "
            f"coalesce(max(\"{key}\"), 0) + 1, false) FROM \"{name}\"")


def _documents(conn: Connection) -> int:
    from sqlalchemy import func

    return conn.scalar(select(func.count()).select_from(Document)) or 0


def when_pulled(value: str) -> str:
    """'2027-03-03T14:05:00+00:00' as the local time a user reads."""
    try:
        moment = datetime.fromisoformat(value).astimezone()
    except ValueError:
        return value
    from casefile.dates import long_date

    return f"{long_date(moment.date())} at {moment:%H:%M}"
