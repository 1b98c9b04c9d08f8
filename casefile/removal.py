"""Deleting a row so that it can be put back: what Undo needs of a delete.

A row is deleted with the rows that exist only for it (a Vaughn entry's
withholdings, a letter's attachments and its links to requests), after its
table rows are read as they are stored. Putting it back inserts those rows
again, ids and uuids included, so every other record that names the row (an
edit waiting on the undo stack, a note) finds it again. The full-text index
follows through its triggers.

What may be deleted at all is each kind's own rule (``delete_letter`` and the
like): a row that others point at (a letter a production names as its cover
letter) is refused, since putting it back could not restore their pointers.
Undo of an Add deletes through the same functions, so Redo puts the very row
back, under the id the edits after it on the undo stack name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import (
    Agency,
    Correspondence,
    Deadline,
    Declaration,
    DocketEntry,
    ExhibitSet,
    FoiaRequest,
    Matter,
    Production,
    Record,
    VaughnIndex,
)


@dataclass(frozen=True)
class Removed:
    rows: tuple[tuple[Table, tuple[dict, ...]], ...]  # in the order to insert back


def _pointing_at(child: Table, parent: Table):
    """The column of ``child`` holding a ``parent`` row's id."""
    return next(c for c in child.c
                if any(fk.column.table is parent for fk in c.foreign_keys))


def delete(session: Session, row, owned: tuple[str, ...] = ()) -> Removed:
    """Delete ``row`` and its ``owned`` relationships' rows; return what puts them back."""
    if row is None:  # gone since it was chosen (another step of the undo history)
        raise InputError("That is no longer in the case.")
    mapper = inspect(type(row))
    table = mapper.local_table
    taken: list[tuple[Table, tuple[dict, ...]]] = [
        (table, (dict(session.execute(select(table).where(table.c.id == row.id))
                      .mappings().one()),))]
    for name in owned:
        prop = mapper.relationships[name]
        child = prop.secondary if prop.secondary is not None else prop.mapper.local_table
        column = _pointing_at(child, table)
        taken.append((child, tuple(dict(r) for r in session.execute(
            select(child).where(column == row.id)).mappings())))
    session.delete(row)
    session.flush()
    return Removed(tuple(taken))


def put_back(session: Session, removed: Removed) -> None:
    try:
        for table, rows in removed.rows:
            if rows:
                session.execute(insert(table), list(rows))
        session.flush()
    except IntegrityError:
        # Only a change made outside the undo stack can have taken the row's place.
        raise InputError("That cannot be put back: the case has changed in its place "
                         "since.") from None
    session.expire_all()  # objects read before see the rows again


# --- what each kind allows -----------------------------------------------------------------


def delete_record(session: Session, record: Record) -> Removed:
    return delete(session, record, ("withholdings",))


def delete_letter(session: Session, letter: Correspondence) -> Removed:
    if letter is None:
        return delete(session, None)
    cover = session.scalar(select(Production.title).where(Production.cover_letter_id
                                                          == letter.id).limit(1))
    if cover is not None:
        raise InputError(f"The production \u201c{cover}\u201d names this letter as its cover "
                         "letter; it stays in the case.")
    return delete(session, letter, ("attachments", "requests"))


def delete_production(session: Session, production: Production) -> Removed:
    if production is None:
        return delete(session, None)
    index = session.scalar(select(VaughnIndex.title).where(VaughnIndex.production_id
                                                           == production.id).limit(1))
    if index is not None:
        raise InputError(f"The Vaughn index \u201c{index}\u201d is of this production; it "
                         "stays in the case.")
    return delete(session, production, ("documents",))


def delete_declaration(session: Session, declaration: Declaration) -> Removed:
    if declaration is None:
        return delete(session, None)
    if declaration.exhibit_set is not None:
        raise InputError(f"The declaration has the exhibit set \u201c"
                         f"{declaration.exhibit_set.name}\u201d; it stays in the case.")
    return delete(session, declaration, ("paragraphs",))


def delete_request(session: Session, request: FoiaRequest) -> Removed:
    if request is None:
        return delete(session, None)
    named = [_counted(count, what) for what, count in (
        ("letter", len(request.correspondence)),
        ("production", session.scalar(select(func.count()).where(
            Production.request_id == request.id))),
        ("deadline", session.scalar(select(func.count()).where(
            Deadline.request_id == request.id))),
        ("Vaughn index", session.scalar(select(func.count()).where(
            VaughnIndex.request_id == request.id)))) if count]
    if named:
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        raise InputError(f"The request has {listed} filed under it: delete or move those "
                         "first. It stays in the case.")
    return delete(session, request, ("items",))


def _counted(n: int, noun: str) -> str:
    plural = noun[:-1] + "ices" if noun.endswith("ex") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def delete_matter(session: Session, matter: Matter) -> Removed:
    if matter is None:
        return delete(session, None)
    if matter.requests:
        raise InputError("The lawsuit has requests filed under it; it stays in the case.")
    # The docket would go with it (the database's cascade), and undo could not bring it back.
    if session.scalar(select(DocketEntry.id).where(DocketEntry.matter_id == matter.id).limit(1)):
        raise InputError("The lawsuit has its court docket imported; it stays in the case.")
    return delete(session, matter, ("parties", "counsel"))


def delete_agency(session: Session, agency: Agency) -> Removed:
    if agency is None:
        return delete(session, None)
    if agency.components or session.scalar(
            select(FoiaRequest.id).where(FoiaRequest.agency_id == agency.id).limit(1)):
        raise InputError(f"Requests or components name {agency.abbreviation}; it stays in "
                         "the case.")
    return delete(session, agency)


def delete_set(session: Session, exhibit_set: ExhibitSet) -> Removed:
    if exhibit_set is None:
        return delete(session, None)
    if exhibit_set.exhibits:
        raise InputError(f"{exhibit_set.name} has exhibits; it stays in the case.")
    return delete(session, exhibit_set)


def delete_index(session: Session, index: VaughnIndex) -> Removed:
    if index is None:
        return delete(session, None)
    if index.records:
        raise InputError(f"{index.title} has entries; it stays in the case.")
    return delete(session, index)


def delete_deadline(session: Session, deadline: Deadline) -> Removed:
    return delete(session, deadline)
