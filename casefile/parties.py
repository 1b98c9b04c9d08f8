"""The people of the case: the parties to the lawsuit and their counsel.

A party is a plaintiff, a defendant (an agency: it names the agency it is, so
a draft can address it) or an intervenor, with what the complaint says of it.
A counsel is an attorney of record with what a signature block needs, and the
party they appear for: the party's side (plaintiffs or defendants) decides
whose signature block they sign. The CLI and the window add, change and
delete both through these functions; a delete goes through
``casefile.removal`` so that Undo puts the very row back.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits, removal
from casefile.edits import known, member, required, text_or_none
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import Agency, Counsel, Matter, Party, PartyRole

# The sides of the caption; an intervenor, amicus or other party signs for itself.
SIDES = {PartyRole.PLAINTIFF: "Plaintiff", PartyRole.DEFENDANT: "Defendant"}


def add_party(session: Session, matter: Matter, name: str, role: PartyRole | str,
              agency: Agency | None = None, *, short_name: str | None = None,
              description: str | None = None, address: str | None = None) -> Party:
    """A party to ``matter``, listed after the others of the case."""
    if matter is None:
        raise InputError("Set up the lawsuit first: a party is a party to it.")
    name = required(name, "A party needs its full name.")
    role = member(PartyRole, role, "party role (plaintiff, defendant, intervenor)")
    _one_name(session, matter, name, None)
    position = session.scalar(
        select(func.count()).select_from(Party).where(Party.matter_id == matter.id)) or 0
    party = Party(matter=matter, name=name, role=role, agency=agency, position=position,
                  short_name=text_or_none(short_name), description=text_or_none(description),
                  address=text_or_none(address))
    session.add(party)
    session.flush()
    return party


PARTY_FIELDS = frozenset({"name", "role", "agency", "short_name", "description", "address"})


def update_party(session: Session, party: Party, **changes) -> Party:
    """Change the given fields of a party (``None`` clears an optional field)."""
    known(changes, PARTY_FIELDS, "A party")
    if "name" in changes:
        changes["name"] = required(changes["name"], "A party needs its full name.")
        _one_name(session, party.matter, changes["name"], party)
    if "role" in changes:
        if changes["role"] is None:
            raise InputError("A party needs a role: plaintiff, defendant, intervenor, amicus "
                             "or other.")
        changes["role"] = member(PartyRole, changes["role"], "party role")
    for name in ("short_name", "description", "address"):
        if name in changes:
            changes[name] = text_or_none(changes[name])
    for name, value in changes.items():
        setattr(party, name, value)
    edits.flush(session)
    return party


def _one_name(session: Session, matter: Matter, name: str, party: Party | None) -> None:
    clash = session.scalar(select(Party).where(Party.matter_id == matter.id,
                                               func.lower(Party.name) == name.lower()))
    if clash is not None and clash is not party:
        raise InputError(f"{clash.name} is already a {clash.role.value} in the case.")


def add_counsel(session: Session, matter: Matter, name: str, *, party: Party | None = None,
                firm: str | None = None, address: str | None = None, phone: str | None = None,
                email: str | None = None, bar_no: str | None = None,
                admission: str | None = None, is_lead: bool = False,
                of_counsel: bool = False) -> Counsel:
    """An attorney of record in ``matter``, appearing for ``party`` (None: for the
    plaintiffs as a whole, the usual case of the requester's own lawyers)."""
    if matter is None:
        raise InputError("Set up the lawsuit first: counsel appear in it.")
    name = required(name, "Counsel need a name.")
    _party_of(matter, party)
    if is_lead and of_counsel:
        raise InputError("Lead counsel are not of counsel: choose one.")
    counsel = Counsel(matter=matter, party=party, name=name, firm=text_or_none(firm),
                      address=text_or_none(address), phone=text_or_none(phone),
                      email=text_or_none(email), bar_no=text_or_none(bar_no),
                      admission=text_or_none(admission), is_lead=bool(is_lead),
                      of_counsel=bool(of_counsel))
    session.add(counsel)
    session.flush()
    return counsel


COUNSEL_FIELDS = frozenset({"name", "party", "firm", "address", "phone", "email", "bar_no",
                            "admission", "is_lead", "of_counsel"})


def update_counsel(session: Session, counsel: Counsel, **changes) -> Counsel:
    """Change the given fields of a counsel (``None`` clears an optional field)."""
    known(changes, COUNSEL_FIELDS, "Counsel")
    if "name" in changes:
        changes["name"] = required(changes["name"], "Counsel need a name.")
    if "party" in changes:
        _party_of(counsel.matter, changes["party"])
    for name in ("firm", "address", "phone", "email", "bar_no", "admission"):
        if name in changes:
            changes[name] = text_or_none(changes[name])
    for name in ("is_lead", "of_counsel"):
        if name in changes:
            changes[name] = bool(changes[name])
    if changes.get("is_lead", counsel.is_lead) and changes.get("of_counsel",
                                                               counsel.of_counsel):
        raise InputError("Lead counsel are not of counsel: choose one.")
    for name, value in changes.items():
        setattr(counsel, name, value)
    edits.flush(session)
    return counsel


def _party_of(matter: Matter, party: Party | None) -> None:
    if party is not None and party.matter_id != matter.id:
        raise InputError(f"{party.name} is not a party to {matter.short_title}.")


def party_choices(session: Session) -> list[tuple[str, int]]:
    """Every party as a choice for a list: ("Immigrant Defense Project (plaintiff)", id)."""
    return [(f"{p.name} ({p.role.value})", p.id)
            for p in session.scalars(select(Party).order_by(Party.position, Party.id))]


def find_party(session: Session, key: str) -> Party:
    return by_key(session, Party, key, Party.short_name, Party.name, what="party")


def find_counsel(session: Session, key: str) -> Counsel:
    return by_key(session, Counsel, key, Counsel.name, Counsel.email, what="counsel")


def side(counsel: Counsel) -> PartyRole:
    """Whose papers ``counsel`` sign: their party's side; no party is the plaintiffs'."""
    return PartyRole.PLAINTIFF if counsel.party is None else counsel.party.role


def delete_party(session: Session, party: Party) -> removal.Removed:
    """Delete a party no counsel appears for (putting it back could not re-point them)."""
    if party is None:
        return removal.delete(session, None)
    named = session.scalar(select(Counsel.name).where(Counsel.party_id == party.id).limit(1))
    if named is not None:
        raise InputError(f"{named} appears for {party.name}; it stays in the case.")
    return removal.delete(session, party)


def delete_counsel(session: Session, counsel: Counsel) -> removal.Removed:
    return removal.delete(session, counsel)
