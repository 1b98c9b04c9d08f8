"""The exhaustion chronology: what was sent and received, and what the agency
failed to do by when, in the sentences a complaint or declaration uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.deadlines.engine import derive, load_rules
from casefile.store.models import CorrespondenceKind, Direction, FoiaRequest

_KIND_WORDS = {
    CorrespondenceKind.ACKNOWLEDGMENT: "acknowledged the request",
    CorrespondenceKind.TOLLING_LETTER: "asked for further information",
    CorrespondenceKind.FEE_LETTER: "wrote about fees",
    CorrespondenceKind.EXTENSION_NOTICE: "gave notice of unusual circumstances, extending its "
                                         "time to respond",
    CorrespondenceKind.DETERMINATION: "issued a determination on the request",
    CorrespondenceKind.APPEAL_DECISION: "decided the administrative appeal",
    CorrespondenceKind.PRODUCTION_LETTER: "released records",
}
# What a letter read by casefile.letters did, finer than its coarse kind.
_LETTER_WORDS = {
    ("tracking_number", None): "assigned the request a tracking number",
    ("appeal_acknowledgment", None): "acknowledged the administrative appeal",
    ("litigation", None): "wrote to counsel about the litigation",
    ("interim_determination", None): "made an interim release of records",
    ("determination", "grant"): "granted the request in full",
    ("determination", "partial_grant"): "issued a determination releasing records in part "
                                        "and withholding the rest",
    ("determination", "denial"): "denied the request in full",
    ("determination", "no_records"): "stated that it had located no responsive records",
    ("determination", "glomar"): "refused to confirm or deny the existence of responsive "
                                 "records",
    ("appeal_decision", "affirmed"): "affirmed its determination on appeal",
    ("appeal_decision", "remanded"): "remanded the request on appeal for further processing",
    ("appeal_decision", "reversed"): "reversed its determination on appeal",
}
_NUMBERS = {10: "ten", 20: "twenty", 30: "thirty"}


@dataclass
class Event:
    day: date
    sentence: str
    request_id: int


def chronology(session: Session, request: FoiaRequest, today: date, *, who: str | None = None,
               plural: bool = True, exhaustion: bool = True) -> list[Event]:
    """The events of ``request`` in sentences whose subject is ``who`` (by default
    "Plaintiffs" in a lawsuit, else the requester); ``exhaustion`` False leaves out
    the sentence a complaint needs and an appeal must not say."""
    from casefile.drafts.words import the

    agency = request.agency
    who = who or ("Plaintiffs" if request.matter_id else request.requester)
    name = f"{the(agency.name)} ({agency.abbreviation})"
    short = agency.abbreviation
    events: list[Event] = []

    def add(day: date, sentence: str) -> None:
        events.append(Event(day, sentence, request.id))

    if request.date_sent:
        asks = [a for a, on in (("expedited processing", request.expedited_requested),
                                ("a fee waiver", request.fee_waiver_requested)) if on]
        extra = f", and requested {' and '.join(asks)}" if asks else ""
        number = f" It was assigned tracking number {request.tracking_no}." \
            if request.tracking_no else ""
        subject = re.sub(r"^(records|documents)\s+(concerning|about|regarding|on)\s+", "",
                         request.subject.strip().rstrip("."), flags=re.IGNORECASE)
        add(request.date_sent, f"On {long_date(request.date_sent)}, {who} submitted a FOIA "
                               f"request to {name} for records concerning "
                               f"{subject}{extra}.{number}")
    if request.date_received and request.date_received != request.date_sent:
        add(request.date_received, f"{short} received the request on "
                                   f"{long_date(request.date_received)}.")
    for letter in sorted(request.correspondence, key=lambda c: (c.dated, c.id)):
        if letter.kind is CorrespondenceKind.REQUEST:
            continue
        when = f"On {long_date(letter.dated)}"
        if letter.direction is Direction.INCOMING:
            what = (_LETTER_WORDS.get((letter.letter_kind, letter.outcome))
                    or _LETTER_WORDS.get((letter.letter_kind, None))
                    or _KIND_WORDS.get(letter.kind, f"wrote to {who}"))
            add(letter.dated, f"{when}, {short} {what}.")
        elif letter.kind is CorrespondenceKind.APPEAL:
            add(letter.dated, f"{when}, {who} filed an administrative appeal with {short}.")
        else:
            add(letter.dated, f"{when}, {who} wrote to {short} about the request.")
    if request.expedited_decided_on and request.expedited_outcome is not None:
        verb = {"granted": "granted", "denied": "denied"}.get(request.expedited_outcome.value,
                                                             "decided")
        add(request.expedited_decided_on, f"On {long_date(request.expedited_decided_on)}, "
                                          f"{short} {verb} the request for expedited "
                                          "processing.")
    derived = derive(session, request, today, load_rules())
    for item in derived.dates:
        if item.met is False and item.key == "initial":
            if "extended" in item.rule:
                allowed = "thirty working days allowed by 5 U.S.C. § 552(a)(6)(A)(i) and (B)(i)"
            else:
                allowed = f"{_NUMBERS[20]} working days required by 5 U.S.C. § 552(a)(6)(A)(i)"
            if "tolled" in item.rule:
                allowed += ", as tolled under § 552(a)(6)(A)(ii)"
            add(item.due, f"{short} did not make a determination on the request within the "
                          f"{allowed}, which ended on {long_date(item.due)}.")
        elif item.met is False and item.key == "expedited":
            add(item.due, f"{short} did not decide the request for expedited processing within "
                          f"the {_NUMBERS[10]} days required by 5 U.S.C. § 552(a)(6)(E)(ii)(I).")
        elif item.met is False and item.key == "appeal_decision":
            add(item.due, f"{short} did not decide the appeal within the {_NUMBERS[20]} working "
                          "days required by 5 U.S.C. § 552(a)(6)(A)(ii).")
        elif item.key == "exhaustion" and item.due <= today and exhaustion:
            have, their = ("have", "their") if plural else ("has", "its")
            filed = request.matter.filed_on if request.matter is not None else None
            if filed is not None and filed >= item.due:
                # Exhaustion is judged as of the filing (Oglesby, 920 F.2d at 63-64): a
                # response after that needs no appeal.
                add(filed, f"{who} {have} therefore constructively exhausted {their} "
                           f"administrative remedies as to this request as of the filing of "
                           f"this action on {long_date(filed)}. 5 U.S.C. § 552(a)(6)(C)(i).")
            else:
                add(item.due, f"{who} {have} therefore exhausted {their} administrative "
                              "remedies as to this request. 5 U.S.C. § 552(a)(6)(C)(i).")
    return sorted(events, key=lambda e: e.day)
