"""What a unit of work changed, by table: an operation's answer to "which views
must read the case again".

Session hooks note the table of every row a flush writes (ORM objects) and of
every bulk statement run through the session; ``CaseFile.apply`` hands the set
back with the operation's result. The window refreshes the sections that show
those tables (``ui/main_window.SECTION_TABLES``), as it does for others' saves
heard on a server; the command line has no views and ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

CHANGED = "casefile_changed_tables"


@dataclass(frozen=True)
class Applied:
    result: object
    tables: frozenset[str]


def noted(session: Session) -> frozenset[str]:
    return frozenset(session.info.get(CHANGED, ()))


@event.listens_for(Session, "after_flush")
def _rows_written(session: Session, _context) -> None:
    tables = session.info.setdefault(CHANGED, set())
    dirty = [row for row in session.dirty if session.is_modified(row)]
    for row in (*session.new, *dirty, *session.deleted):
        table = getattr(type(row), "__table__", None)
        if table is not None:
            tables.add(table.name)


# First among the do_orm_execute hooks (insert=True): the audit log's runs a bulk
# statement itself and returns its result, after which SQLAlchemy calls no other.
@event.listens_for(Session, "do_orm_execute", insert=True)
def _statement_run(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None):
            state.session.info.setdefault(CHANGED, set()).add(table.name)
