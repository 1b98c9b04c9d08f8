"""FOIA requests, their numbered items, and the correspondence about them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.errors import InputError
from casefile.lookup import by_key
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceKind,
    Direction,
    Document,
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
) -> FoiaRequest:
    if not requester.strip() or not subject.strip():
        raise InputError("A request needs a requester and a subject.")
    today = date.today()
    for label, value in (("sent", date_sent), ("received", date_received)):
        if value and value > today:
            raise InputError(f"{long_date(value)} is in the future: a request cannot have been "
                             f"{label} then.")
    tracking_no = (tracking_no or "").strip() or None
    if tracking_no:
        clash = session.scalar(select(FoiaRequest).where(FoiaRequest.tracking_no == tracking_no))
        if clash is not None:
            raise InputError(f"Request {clash.id} already has tracking number {tracking_no}.")
    if date_sent and date_received and date_received < date_sent:
        raise InputError(
            f"The request cannot be received ({long_date(date_received)}) before it was "
            f"sent ({long_date(date_sent)})."
        )
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
        items=[RequestItem(number=n, text=t.strip()) for n, t in enumerate(items, 1)],
    )
    session.add(request)
    session.flush()
    return request


def find_request(session: Session, key: str) -> FoiaRequest:
    return by_key(session, FoiaRequest, key, FoiaRequest.tracking_no, what="request")


def add_correspondence(
    session: Session,
    direction: Direction,
    dated: date,
    kind: CorrespondenceKind,
    *,
    requests: Iterable[FoiaRequest] = (),
    sender: str | None = None,
    recipient: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    documents: Iterable[Document] = (),
) -> Correspondence:
    if direction is Direction.INCOMING and dated > date.today():
        raise InputError(f"{long_date(dated)} is in the future: a letter received cannot be "
                         "dated then.")
    item = Correspondence(
        direction=direction,
        dated=dated,
        kind=kind,
        sender=sender,
        recipient=recipient,
        subject=subject,
        body=body,
        requests=list(requests),
        attachments=[
            CorrespondenceDocument(document=d, position=i) for i, d in enumerate(documents)
        ],
    )
    session.add(item)
    session.flush()
    return item
