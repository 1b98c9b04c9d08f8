"""The whole case on one time axis: what happened and what was due, each with its item.

An event is a day, the lane it is drawn in, a label, a status where it is a
deadline (met, missed, pending) and a reference to the row it stands for
(``table`` and ``row_id``) so a window can open it. Events come from source
functions, each ``source(session, today) -> Iterable[Event]``; ``SOURCES``
lists them in order, and a new source (the court's docket) joins with one
call, ``add_source(docket_events)``. Nothing here imports Qt: the window, the
tests and the bench call ``timeline`` alike.

The deadlines are the agenda's (``casefile.deadlines.agenda``), so the
timeline never disagrees with the Deadlines list about what was met or missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from casefile.deadlines.agenda import Owner, agenda
from casefile.store.models import (
    Agency,
    Correspondence,
    CorrespondenceKind,
    Direction,
    FoiaRequest,
    Matter,
    Production,
    correspondence_request,
)

# Lanes, top to bottom, as a FOIA case runs: (key, title).
LANES: tuple[tuple[str, str], ...] = (
    ("request", "Requests"),
    ("letter", "Letters"),
    ("appeal", "Appeals"),
    ("deadline", "Deadlines"),
    ("production", "Productions"),
    ("court", "Court"),
)
LANE_KEYS = tuple(key for key, _ in LANES)
MET, MISSED, PENDING = "met", "missed", "pending"


@dataclass(frozen=True)
class Event:
    day: date
    lane: str  # a key of LANES
    kind: str  # finer: "submitted", "determination", "appeal_window", "filed"…
    label: str  # one line, as a tooltip or the margin of an exhibit shows it
    table: str  # the row it stands for: "foia_request", "correspondence", "production",
    row_id: int | None  # "matter", "deadline" (an entered one), "docket_entry" later
    status: str | None = None  # MET, MISSED or PENDING for a deadline; None for a fact
    request_id: int | None = None  # the request it belongs to, where it has one
    notes: tuple[str, ...] = ()  # why a counted date may not be the one to rely on


@dataclass
class Timeline:
    events: list[Event]  # by day, then lane
    undated: list[str] = field(default_factory=list)  # items with no date: not drawn, named
    today: date | None = None
    title: str = ""  # the lawsuit, as an exhibit's heading names it: "Doe v. ICE, 1:21-cv-5"

    @property
    def first(self) -> date | None:
        return self.events[0].day if self.events else None

    @property
    def last(self) -> date | None:
        return self.events[-1].day if self.events else None


Source = Callable[[Session, date], Iterable[Event]]


def _request_label(request: FoiaRequest) -> str:
    return f"{request.agency.abbreviation} {request.tracking_no or f'request {request.id}'}"


def request_events(session: Session, today: date) -> Iterable[Event]:
    """Each request sent, and received by the agency."""
    requests = session.scalars(select(FoiaRequest).options(selectinload(FoiaRequest.agency))
                               .order_by(FoiaRequest.id))
    for r in requests:
        name = _request_label(r)
        if r.date_sent is None and r.date_received is None:
            yield _undated(f"Request {name}: no date sent or received")
        if r.date_sent is not None:
            yield Event(r.date_sent, "request", "submitted", f"Request {name} sent",
                        "foia_request", r.id, request_id=r.id)
        if r.date_received is not None:
            yield Event(r.date_received, "request", "received",
                        f"Request {name} received by the agency", "foia_request", r.id,
                        request_id=r.id)


_APPEAL_KINDS = {"appeal", "appeal_acknowledgment", "appeal_decision"}


def letter_events(session: Session, today: date) -> Iterable[Event]:
    """Every letter and email, in or out, named by its kind (and outcome)."""
    from casefile.letters import KINDS

    # Columns, not rows: a letter's body can be pages long, and none is drawn.
    names = _request_labels(session)
    about: dict[int, list[int]] = {}
    for letter_id, request_id in session.execute(
            select(correspondence_request.c.correspondence_id,
                   correspondence_request.c.request_id)
            .order_by(correspondence_request.c.request_id)):
        about.setdefault(letter_id, []).append(request_id)
    C = Correspondence
    rows = session.execute(select(C.id, C.dated, C.direction, C.kind, C.letter_kind, C.outcome,
                                  C.subject).order_by(C.dated, C.id))
    for letter_id, dated, direction, kind, letter_kind, outcome, subject in rows:
        fine = letter_kind if letter_kind in KINDS else None
        if fine is None or fine == "other":
            kind_words = kind.value.replace("_", " ")
            fine = kind.value
        else:
            kind_words = KINDS[fine][1]
        if outcome:
            kind_words += f" ({outcome.replace('_', ' ')})"
        appeal = fine in _APPEAL_KINDS or kind in (CorrespondenceKind.APPEAL,
                                                    CorrespondenceKind.APPEAL_DECISION)
        who = "from the agency" if direction is Direction.INCOMING else "sent"
        requests = about.get(letter_id, [])
        label = f"{kind_words[:1].upper()}{kind_words[1:]} {who}"
        if requests:
            label += f" ({', '.join(names.get(r, f'request {r}') for r in requests)})"
        if subject:
            label += f": {subject}"
        yield Event(dated, "appeal" if appeal else "letter", fine, label, "correspondence",
                    letter_id, request_id=requests[0] if requests else None)


def _request_labels(session: Session) -> dict[int, str]:
    """Each request's name as the agenda gives it: "ICE 2020-ICFO-12345"."""
    rows = session.execute(select(FoiaRequest.id, FoiaRequest.tracking_no, Agency.abbreviation)
                           .join(Agency, FoiaRequest.agency_id == Agency.id))
    return {rid: f"{abbreviation} {tracking or f'request {rid}'}"
            for rid, tracking, abbreviation in rows}


def deadline_events(session: Session, today: date) -> Iterable[Event]:
    """The statutory dates the engine counts and the deadlines entered, met or missed."""
    # The engine reads each request's letters through the relationship, one lazy
    # load (bodies and all) per request; loaded here at once, without the bodies,
    # they take a tenth of the time. Held in ``loaded`` while the agenda runs:
    # the session keeps its rows only while someone does.
    loaded = session.scalars(select(FoiaRequest).options(
        selectinload(FoiaRequest.agency),
        selectinload(FoiaRequest.matter),
        selectinload(FoiaRequest.correspondence).defer(Correspondence.body))).all()
    items = agenda(session, today).items
    del loaded
    for item in items:
        if item.state in ("met", "done"):
            status = MET
        elif item.state == "passed":
            status = None  # a milestone (suit may be filed), nobody's duty
        elif item.state == "missed" or item.due < today:
            status = MISSED
        else:
            status = PENDING
        if item.deadline_id is not None:
            table, row_id = "deadline", item.deadline_id
        elif item.request_id is not None:
            table, row_id = "foia_request", item.request_id
        else:
            table, row_id = "matter", None
        whose = {Owner.US: "ours", Owner.AGENCY: "the agency's"}.get(item.owner)
        words = {MET: "met", MISSED: "missed", PENDING: "open", None: "passed"}[status]
        label = f"{item.title}: {words}" + (f", {whose}" if whose else "")
        if item.belongs_to:
            label += f" ({item.belongs_to})"
        yield Event(item.due, "deadline", _deadline_kind(item.title), label, table, row_id,
                    status, request_id=item.request_id, notes=item.warnings)


def _deadline_kind(title: str) -> str:
    t = title.lower()
    for word, kind in (("appeal", "appeal_window"), ("suit may", "exhaustion"),
                       ("expedit", "expedited"), ("answer", "answer"),
                       ("determination", "initial")):
        if word in t:
            return "appeal_decision" if kind == "appeal_window" and "decision" in t else kind
    return "entered"


def production_events(session: Session, today: date) -> Iterable[Event]:
    """Each release by the agency, with its pages."""
    for p in session.scalars(select(Production).order_by(Production.id)):
        if p.produced_on is None:
            yield _undated(f"Production “{p.title}”: no date produced")
            continue
        pages = p.pages_released_full + p.pages_released_part + p.pages_withheld_full
        label = f"Production: {p.title}"
        if p.bates_begin or p.bates_end:
            label += f", {p.bates_begin or '?'}–{p.bates_end or '?'}"
        if pages:
            label += (f" ({pages:,} pages: {p.pages_released_full:,} in full, "
                      f"{p.pages_released_part:,} in part, {p.pages_withheld_full:,} withheld)")
        yield Event(p.produced_on, "production", "production", label, "production", p.id,
                    request_id=p.request_id)


def court_events(session: Session, today: date) -> Iterable[Event]:
    """The lawsuit: the day suit was filed and the day the United States was served."""
    for m in session.scalars(select(Matter).order_by(Matter.id)):
        if m.filed_on is not None:
            docket = f", {m.docket_no}" if m.docket_no else ""
            yield Event(m.filed_on, "court", "filed", f"Complaint filed: {m.short_title}{docket}",
                        "matter", m.id)
        if m.served_on is not None:
            yield Event(m.served_on, "court", "served",
                        f"United States served: {m.short_title}", "matter", m.id)


def docket_events(session: Session, today: date) -> Iterable[Event]:
    """The court's docket (``casefile docket import``): each entry on its filing day."""
    from casefile.docket.store import docket_entries

    for entry in docket_entries(session):
        number = f"ECF No. {entry.number}" if entry.number is not None else "Minute entry"
        text = " ".join(entry.text.split())
        text = text if len(text) <= 110 else text[:109].rstrip() + "…"
        yield Event(entry.filed_on, "court", "docket", f"{number}: {text}", "docket_entry",
                    entry.id)


SOURCES: list[Source] = [request_events, letter_events, deadline_events, production_events,
                         court_events, docket_events]


def add_source(source: Source) -> Source:
    """Another source of events (the docket): called with the others from then on.
    Returns it, so it can decorate its function."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def _undated(what: str) -> Event:
    # Sentinel events carry what could not be placed; timeline() lists them apart.
    return Event(date.min, "", "undated", what, "", None)


def timeline(session: Session, today: date,
             sources: Iterable[Source] | None = None) -> Timeline:
    """The case's events from every source, by day (then lane, as drawn)."""
    events, undated = [], []
    for source in (SOURCES if sources is None else sources):
        for event in source(session, today):
            if event.kind == "undated" and event.day == date.min:
                undated.append(event.label)
            elif event.lane in LANE_KEYS:
                events.append(event)
            else:
                raise ValueError(f"{source.__name__} gave an event in no lane: {event.lane!r}")
    order = {key: n for n, key in enumerate(LANE_KEYS)}
    events.sort(key=lambda e: (e.day, order[e.lane], e.label))
    matter = session.execute(select(Matter.short_title, Matter.docket_no)
                             .order_by(Matter.id).limit(1)).first()
    title = ", ".join(x for x in matter if x) if matter is not None else ""
    return Timeline(events, undated, today, title)
