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

from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Date, Integer, select
from sqlalchemy import Enum as SqlEnum
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from casefile import changing
from casefile.dates import long_date, parse_date
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import Agency, Correspondence, FoiaRequest, Party

# Fields the update functions take that no one types: a letter's "reading" is
# what an undo of its change of kind puts back (letters.reading_of).
_NOT_TYPED = frozenset({"reading"})

# The editors' kinds (casefile.changing) by the noun a user types: "request".
KINDS: dict[str, changing.Kind] = {k.noun: k for k in changing.KINDS.values()}


def _typed(kind: changing.Kind) -> frozenset[str]:
    """The fields a user may type for a kind of row."""
    return kind.fields - _NOT_TYPED


# A field that holds another row: the model it names and the columns that name it.
_ROWS: dict[str, tuple[type, tuple]] = {
    "agency": (Agency, (Agency.abbreviation, Agency.name)),
    "request": (FoiaRequest, (FoiaRequest.tracking_no,)),
    "party": (Party, (Party.short_name, Party.name)),
}
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


def find(session: Session, noun: str, key: str | None):
    """The row of kind ``noun`` that ``key`` names (its number or its name); no key
    names the one row of its kind (a case's one lawsuit)."""
    kind = KINDS[noun]
    model = kind.model
    if key is None:
        rows = session.scalars(select(model).limit(2)).all()
        if len(rows) == 1:
            return rows[0]
        raise InputError(f"Name the {noun}: its number, as 'casefile list' shows it.")
    return by_key(session, model, key, *kind.names, what=noun)


def name_of(noun: str, row) -> str:
    """What the row is called, beside its number (a request's tracking number)."""
    for column in KINDS[noun].names:
        value = getattr(row, column.key, None)
        if value:
            return shown("", value)
    return ""


def values(session: Session, noun: str, typed: dict[str, str]) -> dict[str, Any]:
    """Each field's value read from the words typed for it; blank clears it."""
    kind = KINDS[noun]
    model = kind.model
    out: dict[str, Any] = {}
    for name, text in typed.items():
        if name not in _typed(kind):
            who = "Counsel" if noun == "counsel" else \
                f"{'An' if noun[0] in 'aeiou' else 'A'} {noun}"
            raise InputError(f"{who} has no field {name!r}; its fields are "
                             f"{', '.join(sorted(_typed(kind)))}.")
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
        return _member(column_type.enum_class, text,
                       "kind of letter" if model is Correspondence and name == "kind"
                       else label)
    if isinstance(column_type, Date):
        return parse_date(text)
    if isinstance(column_type, Boolean):
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise InputError(f"The field {name} is yes or no, not {text!r}.")
    if isinstance(column_type, Integer):
        return text.replace(",", "")  # the update function counts it, in its own words
    if model is Correspondence and name == "outcome":
        return _words_to_value(text)  # "partial grant", as the outcome is stored
    return text


def _words_to_value(text: str) -> str:
    return text.lower().replace(" ", "_").replace("-", "_")


def _member(enum_class: type[Enum], text: str, label: str) -> Enum:
    """A stored vocabulary's member by its value, its words ("in litigation") or the
    words the window's editor shows for it ("all other", "received")."""
    wanted = _words_to_value(text)
    for m in enum_class:
        if wanted in (str(m.value).lower(), m.name.lower()):
            return m
    for shown_words, m in _EDITOR_WORDS:
        if isinstance(m, enum_class) and wanted in shown_words:
            return m
    words = ", ".join(str(m.value).replace("_", " ") for m in enum_class)
    hint = " (a finer kind, such as extension: casefile letter N --kind)" \
        if label == "kind of letter" else ""
    raise InputError(f"{text!r} is not a {label}; it is one of: {words}{hint}.")


def _editor_words() -> list[tuple[set[str], Enum]]:
    """Each choice of the editors' lists by its label's words: "Incoming (received)"
    is "incoming (received)", "incoming" and "received"."""
    out = []
    for choices in (changing.REQUEST_STATUSES, changing.OUTCOMES, changing.FEE_CATEGORIES,
                    changing.DIRECTIONS, changing.LETTER_KINDS, changing.PARTY_ROLES):
        for label, m in choices:
            if m is None:
                continue
            head, _, inner = label.partition(" (")
            out.append(({_words_to_value(w) for w in (label, head, inner.rstrip(")")) if w}, m))
    return out


_EDITOR_WORDS = _editor_words()


def change(session: Session, noun: str, row, typed: dict[str, str]
           ) -> list[tuple[str, str, str]]:
    """Change ``row``'s fields to the words typed; (field, before, after) in words for
    each that changed, in the order typed."""
    kind = KINDS[noun]
    new = values(session, noun, typed)
    every = [*new, *sorted(_typed(kind) - set(new))]
    before = {name: getattr(row, name) for name in every}
    kind.update(session, row, **new)
    session.flush()
    # Every field that changed, those typed first: a rule may change another with
    # them (a letter's new kind drops the outcome of its old one), and the user
    # must read that here, not find it in the history later. The values are
    # compared, not their shortened words: a change past a long text's 70th
    # character is a change.
    return [(name, shown(name, before[name]), shown(name, getattr(row, name)))
            for name in every if before[name] != getattr(row, name)]


def fields_of(noun: str, row) -> list[tuple[str, str]]:
    """(field, its value in words) of every field ``casefile set`` can change."""
    return [(name, shown(name, getattr(row, name))) for name in sorted(_typed(KINDS[noun]))]


def shown(name: str, value: Any) -> str:
    """A field's value as the command line prints it, on one line."""
    if value is None or value == "":
        return "—"
    if name == "outcome" and isinstance(value, str):
        return value.replace("_", " ")  # a letter's outcome is stored as its words
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
    text = "; ".join(line.strip() for line in str(value).splitlines() if line.strip())
    return text if len(text) <= 70 else text[:69] + "…"

