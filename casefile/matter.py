"""The lawsuit and who is in it: matter, parties, counsel, agencies."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.dates import long_date
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.parties import add_counsel, add_party  # noqa: F401  (their home is parties)
from casefile.store.models import Agency, Matter


def add_matter(
    session: Session,
    caption: str,
    short_title: str,
    *,
    court: str | None = None,
    docket_no: str | None = None,
    judge: str | None = None,
    filed_on: date | None = None,
    served_on: date | None = None,
    summary: str | None = None,
) -> Matter:
    if not caption.strip() or not short_title.strip():
        raise InputError("A matter needs a caption and a short title.")
    matter = Matter(
        caption=caption.strip(), short_title=short_title.strip(), court=court,
        docket_no=docket_no, judge=judge, filed_on=filed_on, served_on=served_on,
        summary=summary,
    )
    session.add(matter)
    session.flush()
    return matter


FIELDS = frozenset({"caption", "short_title", "court", "docket_no", "judge", "filed_on",
                    "served_on", "summary"})


def update_matter(session: Session, matter: Matter, **changes) -> Matter:
    """Change the given fields of the lawsuit (``None`` clears an optional field).

    The answer deadline needs no update: the engine derives it from ``served_on``
    on every read (the filing date does not move it).
    """
    unknown = set(changes) - FIELDS
    if unknown:
        raise InputError(f"A lawsuit has no field {sorted(unknown)[0]!r}.")
    for name, what in (("caption", "caption"), ("short_title", "short title")):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
            if not changes[name]:
                raise InputError(f"A lawsuit needs a {what}.")
    for name in ("court", "docket_no", "judge", "summary"):
        if name in changes:
            changes[name] = (changes[name] or "").strip() or None
    for name, sentence in (("filed_on", "a complaint cannot be filed in the future."),
                           ("served_on", "the United States cannot be served in the future.")):
        value = changes.get(name)
        if value is not None and value > date.today():
            raise InputError(f"{long_date(value)} is after today: {sentence}")
    # Only when the edit touches the pair: dates already at odds must not block another edit.
    if "filed_on" in changes or "served_on" in changes:
        filed = changes.get("filed_on", matter.filed_on)
        served = changes.get("served_on", matter.served_on)
        if filed and served and served < filed:
            raise InputError(f"The United States cannot be served ({long_date(served)}) before "
                             f"the complaint was filed ({long_date(filed)}).")
    for name, value in changes.items():
        setattr(matter, name, value)
    edits.flush(session)
    return matter


def the_matter(session: Session) -> Matter | None:
    """The case's matter when there is exactly one (the usual case file)."""
    matters = session.scalars(select(Matter).order_by(Matter.id).limit(2)).all()
    return matters[0] if len(matters) == 1 else None


def lawsuit_for(session: Session, key: str | None = None, *, request=None) -> Matter | None:
    """The lawsuit a new request, letter, declaration or deadline belongs to: the
    one named, else the lawsuit of the request it is about, else the case's only
    one, else none (a case before suit); a case of several lawsuits must be told
    which. The window and the command line both ask here."""
    if key:
        return find_matter(session, key)
    if request is not None and request.matter is not None:
        return request.matter
    matters = session.scalars(select(Matter).order_by(Matter.id).limit(2)).all()
    if len(matters) > 1:
        raise InputError("This case has several matters: name the one it belongs to with "
                         "--matter (the window adds only to a case of one lawsuit).")
    return matters[0] if matters else None


def find_matter(session: Session, key: str | None) -> Matter:
    if key:
        return by_key(session, Matter, key, Matter.short_title, Matter.docket_no, what="matter")
    matter = the_matter(session)
    if matter is None:
        raise InputError("This case has no matter, or several: name one with --matter.")
    return matter


def add_agency(
    session: Session,
    name: str,
    abbreviation: str,
    *,
    parent: Agency | None = None,
    foia_office: str | None = None,
    address: str | None = None,
    email: str | None = None,
    rule_set: str | None = None,
) -> Agency:
    abbreviation = abbreviation.strip()
    if not name.strip() or not abbreviation:
        raise InputError("An agency needs a name and an abbreviation (such as ICE).")
    clash = session.scalar(select(Agency).where(func.lower(Agency.abbreviation)
                                                == abbreviation.lower()))
    if clash is not None:
        raise InputError(f"The case already has an agency {clash.abbreviation} ({clash.name}).")
    agency = Agency(name=name.strip(), abbreviation=abbreviation, parent=parent,
                    foia_office=foia_office, address=address, email=email,
                    rule_set=rule_set or (parent.rule_set if parent else None))
    session.add(agency)
    session.flush()
    return agency


def agency_choices(session: Session) -> list[tuple[str, int]]:
    """Every agency as a choice for a list: ("ICE — U.S. Immigration and …", id),
    by abbreviation."""
    return [(f"{a.abbreviation} — {a.name}", a.id)
            for a in session.scalars(select(Agency).order_by(Agency.abbreviation))]


def find_agency(session: Session, key: str) -> Agency:
    return by_key(session, Agency, key, Agency.abbreviation, Agency.name, what="agency")
