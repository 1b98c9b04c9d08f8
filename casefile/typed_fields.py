"""Changing a row's fields as a user types them on the command line (``casefile set``).

The window's editors save through ``casefile.changing.APPLY`` with values their
widgets already hold (a date, a member of a vocabulary, a row chosen in a list).
The command line has only words: "date_sent=June 18, 2020", "status=in litigation",
"agency=ICE". Each word is read here by what its field is in the model (a date, a
yes or no, a whole number, a stored vocabulary, a row named by its number or its
short name), then the same update function the window calls holds the rules, so a
field the window refuses is refused here in the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, Integer
from sqlalchemy import Enum as SqlEnum
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from casefile.changing import MODELS
from casefile.dates import long_date, parse_date
from casefile.declarations import _FIELDS as _DECLARATION_FIELDS
from casefile.declarations import update_declaration
from casefile.documents import _FIELDS as _DOCUMENT_FIELDS
from casefile.documents import update_document
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.matter import _MATTER_FIELDS, update_matter
from casefile.parties import _COUNSEL_FIELDS, _PARTY_FIELDS, update_counsel, update_party
from casefile.productions import _FIELDS as _PRODUCTION_FIELDS
from casefile.productions import update_production
from casefile.requests import (
    _CORRESPONDENCE_FIELDS,
    _REQUEST_FIELDS,
    update_correspondence,
    update_request,
)
from casefile.store.models import (
    Agency,
    Counsel,
    Declaration,
    Document,
    FoiaRequest,
    Matter,
    Party,
    Production,
)


@dataclass(frozen=True)
class Kind:
    """A kind of row the command line changes."""

    key: str  # its list, as casefile.changing names it
    noun: str  # "request"
    fields: frozenset[str]  # what its update function accepts
    update: Any  # update(session, row, **changes)
    names: tuple = ()  # the columns a row may be named by besides its number


KINDS: dict[str, Kind] = {k.noun: k for k in (
    Kind("matter", "lawsuit", frozenset(_MATTER_FIELDS), update_matter,
         (Matter.short_title, Matter.docket_no)),
    Kind("requests", "request", frozenset(_REQUEST_FIELDS), update_request,
         (FoiaRequest.tracking_no,)),
    Kind("correspondence", "letter", frozenset(_CORRESPONDENCE_FIELDS - {"reading"}),
         update_correspondence),
    Kind("declarations", "declaration", frozenset(_DECLARATION_FIELDS), update_declaration,
         (Declaration.title,)),
    Kind("productions", "production", frozenset(_PRODUCTION_FIELDS), update_production,
         (Production.title,)),
    Kind("documents", "document", frozenset(_DOCUMENT_FIELDS), update_document,
         (Document.name,)),
    Kind("parties", "party", frozenset(_PARTY_FIELDS), update_party,
         (Party.short_name, Party.name)),
    Kind("counsel", "counsel", frozenset(_COUNSEL_FIELDS), update_counsel, (Counsel.name,)),
)}

# A field that holds another row: the model it names and the columns that name it.
_ROWS: dict[str, tuple[type, tuple]] = {
    "agency": (Agency, (Agency.abbreviation, Agency.name)),
    "request": (FoiaRequest, (FoiaRequest.tracking_no,)),
    "party": (Party, (Party.short_name, Party.name)),
}
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


def find(session: Session, noun: str, key: str):
    """The row of kind ``noun`` that ``key`` names (its number or its name)."""
    kind = KINDS[noun]
    return by_key(session, MODELS[kind.key], key, *kind.names, what=noun)


def values(session: Session, noun: str, typed: dict[str, str]) -> dict[str, Any]:
    """Each field's value read from the words typed for it; blank clears it."""
    kind = KINDS[noun]
    model = MODELS[kind.key]
    out: dict[str, Any] = {}
    for name, text in typed.items():
        if name not in kind.fields:
            article = "" if noun == "counsel" else ("An " if noun[0] in "aeiou" else "A ")
            raise InputError(f"{article}{noun} has no field {name!r}; its fields are "
                             f"{', '.join(sorted(kind.fields))}.")
        out[name] = _value(session, model, name, text.strip())
    return out


def _value(session: Session, model: type, name: str, text: str) -> Any:
    if text == "":
        return None
    if name in _ROWS:
        target, names = _ROWS[name]
        return by_key(session, target, text, *names, what=name)
    column = sa_inspect(model).columns.get(name)  # by attribute: a letter's "dated"
    column_type = column.type if column is not None else None
    label = name.replace("_", " ")
    if isinstance(column_type, SqlEnum) and column_type.enum_class is not None:
        return _member(column_type.enum_class, text, label)
    if isinstance(column_type, Date):
        return parse_date(text)
    if isinstance(column_type, Boolean):
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise InputError(f"{name} is yes or no, not {text!r}.")
    if isinstance(column_type, Integer):
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise InputError(f"{name} is a whole number, such as 12, not {text!r}.") from None
    return text


def _member(enum_class: type[Enum], text: str, label: str) -> Enum:
    """A stored vocabulary's member by its value or its words ("in litigation")."""
    wanted = text.lower().replace(" ", "_").replace("-", "_")
    for m in enum_class:
        if wanted in (str(m.value).lower(), m.name.lower()):
            return m
    words = ", ".join(str(m.value).replace("_", " ") for m in enum_class)
    raise InputError(f"{text!r} is not a {label}; it is one of: {words}.")


def change(session: Session, noun: str, row, typed: dict[str, str]
           ) -> list[tuple[str, str, str]]:
    """Change ``row``'s fields to the words typed; (field, before, after) in words for
    each that changed, in the order typed."""
    kind = KINDS[noun]
    new = values(session, noun, typed)
    before = {name: getattr(row, name) for name in new}
    kind.update(session, row, **new)
    session.flush()
    return [(name, shown(before[name]), shown(getattr(row, name)))
            for name in new if before[name] != getattr(row, name)]


def fields_of(noun: str, row) -> list[tuple[str, str]]:
    """(field, its value in words) of every field ``casefile set`` can change."""
    return [(name, shown(getattr(row, name))) for name in sorted(KINDS[noun].fields)]


def shown(value: Any) -> str:
    """A field's value as the command line prints it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, Agency):
        return value.abbreviation or value.name
    if isinstance(value, Party):
        return value.short_name or value.name
    if isinstance(value, FoiaRequest):
        return value.tracking_no or f"request {value.id}"
    text = str(value)
    return text if len(text) <= 70 else text[:69] + "…"

