"""FOIA requests, their numbered items, and the correspondence about them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.dates import long_date
from casefile.edits import known, member, required, text_or_none
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceKind,
    Direction,
    Document,
    FeeCategory,
    FoiaRequest,
    Matter,
    Outcome,
    RequestItem,
    RequestStatus,
)


def add_request(
    session: Session,
    agency: Agency,
    requester: str,
    subject: str,
    *,
    items: Sequence[str] = (),
    date_sent: date | None = None,
    date_received: date | None = None,
    first_received: date | None = None,
    tracking_no: str | None = None,
    fee_waiver_requested: bool = False,
    expedited_requested: bool = False,
    status: RequestStatus | None = None,
    matter: Matter | None = None,
    expedite_basis: str | None = None,
    fee_waiver_basis: str | None = None,
    fee_category: FeeCategory | str | None = None,
    fee_category_basis: str | None = None,
) -> FoiaRequest:
    if not requester.strip() or not subject.strip():
        raise InputError("A request needs a requester and a subject.")
    _not_in_future(date_sent, "sent")
    _not_in_future(date_received, "received")
    tracking_no = _tracking_no(session, tracking_no)
    _not_before_sent(date_sent, date_received)
    request = FoiaRequest(
        agency=agency,
        requester=requester.strip(),
        subject=subject.strip(),
        date_sent=date_sent,
        date_received=date_received,
        first_received=first_received,
        tracking_no=tracking_no,
        fee_waiver_requested=fee_waiver_requested,
        fee_waiver_outcome=Outcome.PENDING if fee_waiver_requested else None,
        expedited_requested=expedited_requested,
        expedited_outcome=Outcome.PENDING if expedited_requested else None,
        status=status or (RequestStatus.SUBMITTED if date_sent else RequestStatus.DRAFT),
        matter=matter,
        expedite_basis=text_or_none(expedite_basis),
        fee_waiver_basis=text_or_none(fee_waiver_basis),
        fee_category=(member(FeeCategory, fee_category, "fee category")
                      if fee_category else None),
        fee_category_basis=text_or_none(fee_category_basis),
        items=[RequestItem(number=n, text=t.strip()) for n, t in enumerate(items, 1)],
    )
    session.add(request)
    session.flush()
    return request


REQUEST_FIELDS = frozenset({
    "agency", "requester", "subject", "date_sent", "date_received", "first_received",
    "tracking_no", "fee_waiver_requested", "fee_waiver_outcome", "expedited_requested",
    "expedited_outcome", "status", "expedite_basis", "fee_waiver_basis", "fee_category",
    "fee_category_basis", "expedited_decided_on"})


def update_request(session: Session, request: FoiaRequest, **changes) -> FoiaRequest:
    """Change the given fields of a request (``None`` clears an optional field).

    The deadlines need no update: the engine derives them from these dates on every read.
    """
    known(changes, REQUEST_FIELDS, "A request")
    for name in ("requester", "subject"):
        if name in changes:
            changes[name] = required(changes[name], f"A request needs a {name}.")
    if "agency" in changes and changes["agency"] is None:
        raise InputError("A request needs an agency.")
    if "status" in changes:
        if changes["status"] is None:
            raise InputError("A request needs a status.")
        changes["status"] = member(RequestStatus, changes["status"], "request status")
    for name in ("fee_waiver_outcome", "expedited_outcome"):
        if changes.get(name) is not None:
            changes[name] = member(Outcome, changes[name], "outcome")
    for name in ("fee_waiver_requested", "expedited_requested"):
        if name in changes:
            changes[name] = bool(changes[name])
    for name in ("expedite_basis", "fee_waiver_basis", "fee_category_basis"):
        if name in changes:
            changes[name] = text_or_none(changes[name])
    if changes.get("fee_category") is not None:
        changes["fee_category"] = member(FeeCategory, changes["fee_category"], "fee category")
    for name, verb in (("date_sent", "sent"), ("date_received", "received"),
                       ("first_received", "received"), ("expedited_decided_on", "decided")):
        if name in changes:
            _not_in_future(changes[name], verb)
    # Only a pair the edit touches is checked: dates already at odds in the case
    # (the deadline engine warns of them) must not block an edit of another field.
    for name in ("date_received", "first_received"):
        if name in changes or "date_sent" in changes:
            _not_before_sent(changes.get("date_sent", request.date_sent),
                             changes.get(name, getattr(request, name)))
    if changes.get("expedited_decided_on") is not None:
        sent = changes.get("date_sent", request.date_sent)
        if sent is not None and changes["expedited_decided_on"] < sent:
            raise InputError("Expedition cannot be decided before the request was sent.")
    if "tracking_no" in changes:
        changes["tracking_no"] = _tracking_no(session, changes["tracking_no"], request)
    for name, value in changes.items():
        setattr(request, name, value)
    edits.flush(session)
    return request


def find_request(session: Session, key: str) -> FoiaRequest:
    return by_key(session, FoiaRequest, key, FoiaRequest.tracking_no, what="request")


def add_correspondence(
    session: Session,
    direction: Direction,
    dated: date,
    kind: CorrespondenceKind | None,
    *,
    requests: Iterable[FoiaRequest] = (),
    sender: str | None = None,
    recipient: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    documents: Iterable[Document] = (),
) -> Correspondence:
    _letter_not_in_future(direction, dated)
    item = Correspondence(
        direction=direction,
        dated=dated,
        kind=kind or CorrespondenceKind.OTHER,
        sender=sender,
        recipient=recipient,
        subject=subject,
        body=body,
        requests=list(requests),
        attachments=[
            CorrespondenceDocument(document=d, position=i) for i, d in enumerate(documents)
        ],
    )
    from casefile import letters

    if kind is None:  # not given: the letter's words decide (casefile.letters)
        letters.apply(item)
    else:  # given: its words still state dates to compare with ours
        letters.read_stated(item)
    session.add(item)
    session.flush()
    return item


CORRESPONDENCE_FIELDS = frozenset({"direction", "dated", "kind", "sender", "recipient", "cc",
                                   "subject", "body", "outcome", "received_on", "reading"})


def update_correspondence(session: Session, item: Correspondence, **changes) -> Correspondence:
    """Change the given fields of a letter (``None`` clears an optional field)."""
    known(changes, CORRESPONDENCE_FIELDS, "A letter")
    if "dated" in changes and changes["dated"] is None:
        raise InputError("A letter needs a date.")
    for name, enum_type, what in (("direction", Direction, "direction"),
                                  ("kind", CorrespondenceKind, "kind of letter")):
        if name in changes:
            if changes[name] is None:
                raise InputError(f"A letter needs a {name}.")
            changes[name] = member(enum_type, changes[name], what)
    for name in ("sender", "recipient", "cc", "subject", "body"):
        if name in changes:
            changes[name] = text_or_none(changes[name])
    if "dated" in changes or "direction" in changes:
        _letter_not_in_future(changes.get("direction", item.direction),
                              changes.get("dated", item.dated))
    if changes.get("received_on") is not None and changes["received_on"] > date.today():
        # The other side's receipt ends a tolling pause: a day to come cannot have.
        raise InputError(f"{long_date(changes['received_on'])} is after today: a letter "
                         "cannot have been received in the future.")
    if changes.get("received_on") is not None and changes["received_on"] < changes.get(
            "dated", item.dated):
        raise InputError("A letter cannot be received before the date it bears.")
    from casefile import letters

    kind = changes.pop("kind", item.kind)
    outcome = changes.pop("outcome", item.outcome if kind is item.kind else None)
    reading = changes.pop("reading", None)
    if reading is not None:
        # Undo of a change of kind: the letter as it was read (letters.reading_of), not
        # the user's choice of that kind.
        letters.restore_reading(item, reading)
    elif kind is not item.kind or outcome != item.outcome:
        # The user's word on what the letter is: kept, never re-read.
        fine = item.letter_kind if item.letter_kind and \
            letters.KINDS[item.letter_kind][0] is kind else letters.fine_kind(kind)
        letters.set_kind(item, fine, outcome)
        item.kind = kind  # "email" stays an email
    for name, value in changes.items():
        setattr(item, name, value)
    edits.flush(session)
    return item


# --- the rules of a request's dates ----------------------------------------------


def _not_in_future(value: date | None, verb: str) -> None:
    if value is not None and value > date.today():
        raise InputError(f"{long_date(value)} is after today: a request cannot be {verb} in "
                         "the future.")


def _not_before_sent(sent: date | None, received: date | None) -> None:
    if sent and received and received < sent:
        raise InputError(f"The request cannot be received ({long_date(received)}) before it "
                         f"was sent ({long_date(sent)}).")


def _tracking_no(session: Session, value: str | None,
                 request: FoiaRequest | None = None) -> str | None:
    """The tracking number stripped, or None; refused when another request has it."""
    tracking_no = text_or_none(value)
    if tracking_no:
        others = select(FoiaRequest).where(FoiaRequest.tracking_no == tracking_no)
        if request is not None:
            others = others.where(FoiaRequest.id != request.id)
        clash = session.scalar(others)
        if clash is not None:
            raise InputError(f"Request {clash.id} already has tracking number {tracking_no}.")
    return tracking_no


def _letter_not_in_future(direction: Direction, dated: date) -> None:
    # A letter we send may be dated ahead (drafted for the day it goes out); one
    # received cannot be.
    if direction is Direction.INCOMING and dated > date.today():
        raise InputError(f"{long_date(dated)} is in the future: a letter received cannot be "
                         "dated then.")


def request_choices(session: Session) -> list[tuple[str, int]]:
    """Every request as a choice for a list: ("ICE 2020-ICFO-12345", id), or
    "request 3" for one the agency has not numbered yet; in the order added."""
    rows = session.execute(select(FoiaRequest.id, FoiaRequest.tracking_no, Agency.abbreviation)
                           .join(Agency, Agency.id == FoiaRequest.agency_id)
                           .order_by(FoiaRequest.id)).all()
    return [(f"{abbr} {tracking or f'request {rid}'}", rid) for rid, tracking, abbr in rows]
