"""Adding a row of each kind a user adds by hand, as operations of the case (no Qt).

Each kind is a :class:`Kind`: ``add(session, values)`` makes the row from a form's
fields (names as the editors and the update functions name them) and returns
its id; ``remove(session, id)`` takes it back keeping what puts it back (the
undo of an add, through ``casefile.removal``); ``choices`` and ``defaults`` are
what a form offers and starts with, read from the case. The window's add
dialogs call these (``ui/add_dialog.py`` keeps only the fields' labels and the
dialog), so the window never queries the case itself; ``casefile add`` calls
the same ones for the kinds both offer (request, agency, party, counsel,
declaration), so a new row is linked to the lawsuit by one rule
(:func:`lawsuit_for`). The command line may name the lawsuit (``matter``: its
short title or docket number), where a case has several; the window adds only
to a case of one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import removal
from casefile.declarations import add_declaration
from casefile.edits import required
from casefile.errors import InputError
from casefile.exhibits import add_set
from casefile.matter import add_agency, add_matter, agency_choices, lawsuit_for, the_matter
from casefile.parties import add_counsel, add_party, delete_counsel, delete_party, party_choices
from casefile.productions import add_production
from casefile.removal import Removed
from casefile.requests import add_correspondence, add_request, request_choices
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceKind,
    Counsel,
    Declaration,
    Direction,
    ExhibitSet,
    FoiaRequest,
    IndexAuthor,
    LabelScheme,
    Matter,
    Party,
    PartyRole,
    Production,
    VaughnIndex,
)
from casefile.vaughn.entries import add_index

Choices = dict[str, list[tuple[str, Any]]]


@dataclass(frozen=True)
class Kind:
    noun: str  # "request": a dialog's title and an undo step's words
    add: Callable[[Session, dict[str, Any]], int]  # the new row's id
    remove: Callable[[Session, int], Removed]  # what Undo does (Redo puts it back)
    choices: Callable[[Session], Choices] = lambda _s: {}
    defaults: Callable[[Session], dict[str, Any]] = lambda _s: {}


def _get(session: Session, model: type, row_id: int | None):
    return session.get(model, row_id) if row_id else None


def _last_request(session: Session) -> FoiaRequest | None:
    return session.scalar(select(FoiaRequest).order_by(FoiaRequest.id.desc()).limit(1))


def _blank_first(choices: list[tuple[str, Any]], blank: str = "—") -> list[tuple[str, Any]]:
    return [(blank, None), *choices]


# --- a request ------------------------------------------------------------------------------


def _request_defaults(session: Session) -> dict[str, Any]:
    last = _last_request(session)  # a second request usually comes from the same requester
    if last is not None:
        return {"agency_id": last.agency_id, "requester": last.requester}
    first = session.scalar(select(Agency.id).order_by(Agency.abbreviation).limit(1))
    return {"agency_id": first}


def _add_request(session: Session, values: dict[str, Any]) -> int:
    agency = _get(session, Agency, values.pop("agency_id", None))
    if agency is None:
        raise InputError("A request needs an agency: add it first (Matter, Agencies, "
                         "Add agency…).")
    items = values.pop("items", None) or ""
    if isinstance(items, str):  # the dialog's box: items apart by a blank line
        items = items.split("\n\n")
    items = [t.strip() for t in items if t.strip()]
    return add_request(session, agency, values.pop("requester", None) or "",
                       values.pop("subject", None) or "", items=items,
                       matter=lawsuit_for(session, values.pop("matter", None)), **values).id


REQUEST = Kind("request", _add_request,
               lambda s, i: removal.delete_request(s, s.get(FoiaRequest, i)),
               choices=lambda s: {"agency_id": agency_choices(s)}, defaults=_request_defaults)


# --- a letter -------------------------------------------------------------------------------


def _add_letter(session: Session, values: dict[str, Any]) -> int:
    request = _get(session, FoiaRequest, values.pop("request_id", None))
    if values.get("dated") is None:
        raise InputError("A letter needs a date.")
    return add_correspondence(session, values.pop("direction"), values.pop("dated"),
                              values.pop("kind"), requests=[request] if request else [],
                              **values).id


def _letter_defaults(session: Session) -> dict[str, Any]:
    last = _last_request(session)
    return {"dated": date.today(), "direction": Direction.INCOMING,
            "kind": CorrespondenceKind.EMAIL, "request_id": last.id if last else None}


LETTER = Kind("letter", _add_letter,
              lambda s, i: removal.delete_letter(s, s.get(Correspondence, i)),
              choices=lambda s: {"request_id": _blank_first(request_choices(s))},
              defaults=_letter_defaults)


# --- a production ---------------------------------------------------------------------------


def _add_production(session: Session, values: dict[str, Any]) -> int:
    request = _get(session, FoiaRequest, values.pop("request_id", None))
    return add_production(session, values.pop("title", None) or "", request=request,
                          **values).id


PRODUCTION = Kind("production", _add_production,
                  lambda s, i: removal.delete_production(s, s.get(Production, i)),
                  choices=lambda s: {"request_id": _blank_first(request_choices(s))},
                  defaults=lambda s: {"request_id": (r.id if (r := _last_request(s))
                                                     else None)})


# --- a declaration --------------------------------------------------------------------------


def _add_declaration(session: Session, values: dict[str, Any]) -> int:
    return add_declaration(session, values.pop("declarant", None) or "",
                           values.pop("title", None) or "",
                           matter=lawsuit_for(session, values.pop("matter", None)), **values).id


DECLARATION = Kind("declaration", _add_declaration,
                   lambda s, i: removal.delete_declaration(s, s.get(Declaration, i)))


# --- the lawsuit, an agency, a party, counsel ----------------------------------------------


def _add_matter(session: Session, values: dict[str, Any]) -> int:
    if the_matter(session) is not None:
        raise InputError("The case already has its lawsuit: change it on the Matter page.")
    return add_matter(session, values.pop("caption", None) or "",
                      values.pop("short_title", None) or "", **values).id


MATTER = Kind("lawsuit", _add_matter,
              lambda s, i: removal.delete_matter(s, s.get(Matter, i)))


def _add_agency(session: Session, values: dict[str, Any]) -> int:
    parent = _get(session, Agency, values.pop("parent_id", None))
    return add_agency(session, values.pop("name", None) or "",
                      values.pop("abbreviation", None) or "", parent=parent, **values).id


AGENCY = Kind("agency", _add_agency, lambda s, i: removal.delete_agency(s, s.get(Agency, i)),
              choices=lambda s: {"parent_id": _blank_first(agency_choices(s))})


def _add_party(session: Session, values: dict[str, Any]) -> int:
    agency = _get(session, Agency, values.pop("agency_id", None))
    return add_party(session, lawsuit_for(session, values.pop("matter", None)),
                     values.pop("name", None) or "",
                     values.pop("role", None) or PartyRole.PLAINTIFF, agency, **values).id


PARTY = Kind("party", _add_party, lambda s, i: delete_party(s, s.get(Party, i)),
             choices=lambda s: {"agency_id": _blank_first(agency_choices(s))},
             defaults=lambda s: {"role": PartyRole.PLAINTIFF})


def _add_counsel(session: Session, values: dict[str, Any]) -> int:
    party = _get(session, Party, values.pop("party_id", None))
    return add_counsel(session, lawsuit_for(session, values.pop("matter", None)),
                       values.pop("name", None) or "", party=party, **values).id


COUNSEL = Kind("counsel", _add_counsel, lambda s, i: delete_counsel(s, s.get(Counsel, i)),
               choices=lambda s: {"party_id": _blank_first(party_choices(s),
                                                           "The plaintiffs (all of them)")})


# --- an exhibit set, a Vaughn index of our own ---------------------------------------------

SCHEMES = [("1, 2, 3…", LabelScheme.NUMBERS), ("A, B, C…", LabelScheme.LETTERS)]


def _declarations_without_a_set(session: Session) -> list[tuple[str, Any]]:
    return _blank_first([(f"Declaration of {d.declarant}", d.id) for d in
                         session.scalars(select(Declaration).order_by(Declaration.id))
                         if d.exhibit_set is None])


def _add_set(session: Session, values: dict[str, Any]) -> int:
    declaration = _get(session, Declaration, values.pop("declaration_id", None))
    return add_set(session, required(values.pop("name", None), "An exhibit set needs a name."),
                   declaration=declaration,
                   scheme=values.pop("scheme", None) or LabelScheme.NUMBERS,
                   prefix=values.pop("prefix", None) or "").id


EXHIBIT_SET = Kind("exhibit set", _add_set,
                   lambda s, i: removal.delete_set(s, s.get(ExhibitSet, i)),
                   choices=lambda s: {"declaration_id": _declarations_without_a_set(s),
                                      "scheme": SCHEMES},
                   defaults=lambda s: {"scheme": LabelScheme.NUMBERS, "prefix": "Ex."})


def _add_index(session: Session, values: dict[str, Any]) -> int:
    request = _get(session, FoiaRequest, values.pop("request_id", None))
    return add_index(session, required(values.pop("title", None),
                                       "A Vaughn index needs a title."),
                     IndexAuthor.OURS, request=request).id


VAUGHN_INDEX = Kind("Vaughn index", _add_index,
                    lambda s, i: removal.delete_index(s, s.get(VaughnIndex, i)),
                    choices=lambda s: {"request_id": _blank_first(request_choices(s))})

# By the window's section names.
KINDS = {"requests": REQUEST, "correspondence": LETTER, "productions": PRODUCTION,
         "declarations": DECLARATION, "matter": MATTER, "agencies": AGENCY,
         "parties": PARTY, "counsel": COUNSEL,
         "exhibit_sets": EXHIBIT_SET, "vaughn_indexes": VAUGHN_INDEX}
