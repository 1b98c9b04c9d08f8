"""Finding an entity by what a user types: its number, a uuid prefix or a name."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from casefile.display import plural
from casefile.errors import InputError, NotFound

T = TypeVar("T")
HEX = set("0123456789abcdef")


def by_key(session: Session, model: type[T], key: str, *name_columns, what: str) -> T:
    """The one ``model`` row that ``key`` names, or an InputError saying why not.

    ``key`` may be the row's number, a uuid (or its first 8+ characters), or the
    exact value of one of ``name_columns`` (case-insensitive).
    """
    key = key.strip()
    if key.startswith("#") and key[1:].isdigit():
        key = key[1:]  # "#2", as the lists print numbers
    if not key:
        raise InputError(f"Name the {what}.")
    candidates: list[T] = []
    if key.isdigit():
        row = session.get(model, int(key))
        if row is not None:
            return row
    for column in name_columns:
        candidates = list(session.scalars(select(model).where(column.ilike(key))).all())
        if candidates:
            break
    hexkey = key.replace("-", "").lower()
    if not candidates and len(hexkey) >= 8 and all(c in HEX for c in hexkey):
        # SQLite keeps a Uuid as 32 hex digits; a prefix finds it.
        candidates = list(session.scalars(
            select(model).where(cast(model.uuid, String).like(f"{hexkey}%"))
        ).all())
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFound(f"There is no {what} '{key}' in this case.")
    many = plural(len(candidates), what, "counsel" if what == "counsel" else None)
    raise InputError(f"'{key}' names {many}; use its number instead.")
