"""The rules that adding and changing a row share, whatever the row.

Each casefile ``update_*`` function takes the fields to change as keywords;
these check them the same way, so the CLI, the window and the tests get the
same sentence for the same mistake.
"""

from __future__ import annotations

import enum

from casefile.errors import InputError


def known(changes: dict, fields: set[str], what: str) -> None:
    """Refuse a field the row does not have ("A request has no field 'colour'.")."""
    unknown = set(changes) - fields
    if unknown:
        raise InputError(f"{what} has no field {sorted(unknown)[0]!r}.")


def text_or_none(value: str | None) -> str | None:
    """Text stripped; blank is None (an optional field cleared)."""
    return (value or "").strip() or None


def required(value: str | None, sentence: str) -> str:
    text = text_or_none(value)
    if text is None:
        raise InputError(sentence)
    return text


def member(enum_type: type[enum.Enum], value: object, what: str) -> enum.Enum:
    """An enum member, or its stored value ("granted" for Outcome.GRANTED)."""
    try:
        return enum_type(value)
    except ValueError:
        raise InputError(f"{value!r} is not a {what}.") from None


def count(value: object, what: str) -> int:
    """A number of pages or days: a whole number, none below zero; blank is 0."""
    if value is None or value == "":
        return 0
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InputError(f"The {what} must be a whole number, such as 12.") from None
    if n < 0:
        raise InputError(f"The {what} cannot be below zero.")
    return n


def bates_range_rises(begin: str | None, end: str | None) -> None:
    """A range's end may not come before its beginning under the same prefix
    ("ICE-000010" to "ICE-000001" is refused; a range across prefixes is the
    Vaughn review's to flag)."""
    if not begin or not end:
        return
    a, b = _bates_number(begin), _bates_number(end)
    if a and b and a[0] == b[0] and b[1] < a[1]:
        raise InputError(f"The Bates range cannot end ({end}) before it begins ({begin}).")


def _bates_number(bates: str) -> tuple[str, int] | None:
    prefix = bates.rstrip("0123456789")
    digits = bates[len(prefix):]
    return (prefix, int(digits)) if digits else None


def flush(session) -> None:
    """Save the changes made so far in this transaction, refusing a save over
    someone else's newer one with the sentence of who saved it and when
    (``casefile.versions``): every ``update_*`` function ends with this."""
    from casefile.versions import refused

    with refused(session):
        session.flush()


def opened(session, row, version: int | None, changes: dict | None = None) -> None:
    """Refuse to change ``row`` when it is no longer the version the user opened
    (a window that showed version 3 saving over version 4): call before ``update_*``."""
    from casefile.versions import expect

    expect(session, row, version, changes)


def version_of(session, table: str, row_id: int) -> int | None:
    """The version of a row as saved now (what a window notes when it shows the row);
    None when it is no longer in the case."""
    from casefile.versions import entity_mappers

    row = session.get(entity_mappers()[table], row_id)
    return None if row is None else row.row_version


def still_as_shown(session, table: str, row_id: int, version: int | None,
                   changes: dict | None = None) -> None:
    """``opened`` for a row a window names by its table and id: refuse the save when
    someone saved the row since the window showed ``version`` (a row gone meanwhile
    is left to the edit itself, which says it is no longer in the case)."""
    from casefile.versions import entity_mappers

    row = session.get(entity_mappers()[table], row_id)
    if row is not None:
        opened(session, row, version, changes)


def numbering(session, parent) -> None:
    """Hold ``parent`` (a Vaughn index, an exhibit set, a document) while this
    transaction gives the next number under it: one past the highest in use.

    Two users adding "the next" entry at once on a server would both read the
    same highest number and both take the one after it (or the second be refused
    as a duplicate it never chose). The row lock makes the second wait until the
    first commits, and then read the number it took. FOR NO KEY UPDATE: it does
    not stop rows that merely point at the parent from being written. SQLite has
    one writer at a time and no row locks; SQLAlchemy leaves the clause out there.
    """
    from sqlalchemy import select

    model = type(parent)
    if session.get_bind().dialect.name != "postgresql" or parent.id is None:
        return
    session.execute(select(model.id).where(model.id == parent.id)
                    .with_for_update(key_share=True))
