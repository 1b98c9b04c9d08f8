"""Declarations under 28 U.S.C. § 1746: declarant, numbered paragraphs, jurat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from casefile import edits
from casefile.dates import long_date
from casefile.errors import InputError
from casefile.store.models import Declaration, DeclarationParagraph, Matter


def add_declaration(session: Session, declarant: str, title: str, *,
                    paragraphs: Sequence[str] = (), matter: Matter | None = None,
                    declarant_title: str | None = None, executed_on: date | None = None,
                    executed_at: str | None = None, outside_us: bool = False) -> Declaration:
    if not declarant.strip():
        raise InputError("A declaration needs a declarant.")
    declaration = Declaration(
        declarant=declarant.strip(), title=title.strip() or f"Declaration of {declarant}",
        matter=matter, declarant_title=declarant_title, executed_on=executed_on,
        executed_at=executed_at, outside_us=outside_us,
        paragraphs=[DeclarationParagraph(number=n, text=t) for n, t in enumerate(paragraphs, 1)],
    )
    session.add(declaration)
    session.flush()
    return declaration


FIELDS = frozenset({"declarant", "declarant_title", "title", "executed_on", "executed_at",
                    "outside_us"})


def update_declaration(session: Session, declaration: Declaration, **changes) -> Declaration:
    """Change the given fields of a declaration (``None`` clears an optional field).

    An execution date may lie ahead: a declaration is often drafted for the day
    it will be signed.
    """
    unknown = set(changes) - FIELDS
    if unknown:
        raise InputError(f"A declaration has no field {sorted(unknown)[0]!r}.")
    for name in ("declarant", "title"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
            if not changes[name]:
                raise InputError(f"A declaration needs a {name}.")
    for name in ("declarant_title", "executed_at"):
        if name in changes:
            changes[name] = (changes[name] or "").strip() or None
    if "outside_us" in changes:
        changes["outside_us"] = bool(changes["outside_us"])
    for name, value in changes.items():
        setattr(declaration, name, value)
    edits.flush(session)
    return declaration


def jurat(declaration: Declaration) -> str:
    """The § 1746 closing sentence, with § 1746(1)'s words when signed abroad."""
    where = " under the laws of the United States of America" if declaration.outside_us else ""
    executed = long_date(declaration.executed_on) if declaration.executed_on else "__________"
    place = f" at {declaration.executed_at}" if declaration.executed_at else ""
    return (f"I declare under penalty of perjury{where} that the foregoing is true and correct. "
            f"Executed on {executed}{place}.")
