"""The deadline engine: every statutory date of a request, with its rule.

From a request's dates and the letters about it, it derives the initial
determination due date (20 working days, tolled and extended as the letters
show), the expedited-processing decision, the appeal window and the appeal
decision, and the first day suit may be filed (constructive exhaustion); from
the matter's service date, the government's answer. Each date carries the rule
in words and its citation, both counts where the agency's closures make them
differ, and warnings wherever the case file's dates leave it uncertain: a date
shown without a warning is one an attorney can rely on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.deadlines.calendar import WorkCalendar
from casefile.paths import user_data_dir
from casefile.store.models import (
    Correspondence,
    CorrespondenceKind,
    Direction,
    FoiaRequest,
    Matter,
    Outcome,
)

INITIAL_DAYS, REFERRAL_DAYS, EXTENSION_DAYS = 20, 10, 10
EXPEDITED_DAYS, APPEAL_DECISION_DAYS, ANSWER_DAYS = 10, 20, 30


@dataclass
class Derived:
    key: str  # initial, expedited, appeal_window, appeal_decision, exhaustion, answer
    title: str
    due: date  # by the statute's count
    rule: str
    citation: str
    agency_due: date | None = None  # the agency's count, where its closures move it
    met: bool | None = None  # True done in time, False missed, None still open
    warnings: list[str] = field(default_factory=list)
    ours: bool = False  # the requester's own deadline (an appeal), not the agency's
    # Where the rule comes from: "statute", "regulation" or "agency practice".
    source: str = "statute"

    @property
    def headline(self) -> date:
        """The date to act on: for our own deadlines the earlier count (safe),
        for the agency's the later one (the day it is surely late)."""
        if self.agency_due is None:
            return self.due
        return min(self.due, self.agency_due) if self.ours else max(self.due, self.agency_due)


@dataclass
class RequestDates:
    request_id: int | None
    label: str  # "ICE 2020-ICFO-12345"
    dates: list[Derived] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_rules() -> dict:
    """Built-in agency rules, overlaid with the user's own file."""
    text = resources.files("casefile.resources").joinpath("data/deadline_rules.json")
    rules = json.loads(text.read_text(encoding="utf-8"))
    try:
        own = json.loads((user_data_dir() / "deadline_rules.json").read_text(encoding="utf-8"))
        rules.update({k: v for k, v in own.items() if isinstance(v, dict)})
    except (OSError, ValueError):
        pass
    return rules


def _rule_set(request: FoiaRequest, rules: dict) -> tuple[dict, str | None]:
    agency = request.agency
    name = agency.rule_set or (agency.parent.rule_set if agency.parent else None)
    if name is None:
        return rules["statute"], None
    name = next((k for k in rules if k.lower() == name.lower()), name)
    if name not in rules:
        return rules["statute"], (f"No deadline rules are known for '{name}' "
                                  f"({agency.abbreviation}); the statute's are used.")
    return {**rules["statute"], **rules[name]}, None


def derive(session: Session, request: FoiaRequest, today: date,
           rules: dict | None = None) -> RequestDates:
    rules = rules or load_rules()
    statute, agency_cal = WorkCalendar(), WorkCalendar(agency=True)
    label = f"{request.agency.abbreviation} {request.tracking_no or f'request {request.id}'}"
    out = RequestDates(request.id, label)
    rule_set, problem = _rule_set(request, rules)
    if problem:
        out.warnings.append(problem)

    received = request.date_received
    receipt_note = ""
    stated = next((c for c in sorted(request.correspondence, key=lambda c: (c.dated, c.id))
                   if c.letter_kind in ("acknowledgment", "tracking_number")
                   and c.stated_received is not None), None)
    if stated is not None and received is None:
        received = stated.stated_received  # read from the agency's own letter
        receipt_note = f" (as the agency's acknowledgment of {long_date(stated.dated)} states)"
    elif stated is not None and stated.stated_received != received:
        out.warnings.append(f"The agency's acknowledgment of {long_date(stated.dated)} says the "
                            f"request was received on {long_date(stated.stated_received)}; the "
                            f"case says {long_date(received)}. Check which is right.")
    if received is None and request.date_sent is not None:
        received = request.date_sent
        out.warnings.append(f"No receipt date: counting from the day it was sent "
                            f"({long_date(received)}); enter the date the agency received it "
                            "to be sure.")
    if received is None:
        out.warnings.append("No date sent or received: no deadline can be counted.")
        return out
    if request.date_sent and request.date_received and request.date_received < request.date_sent:
        out.warnings.append("The request is recorded as received before it was sent; "
                            "check both dates.")

    letters = sorted(request.correspondence, key=lambda c: (c.dated, c.id))
    for c in letters:
        if c.direction is Direction.INCOMING and c.dated < received:
            out.warnings.append(f"A letter from the agency is dated {long_date(c.dated)}, before "
                                "the request was received; check its date.")

    def first(kind: CorrespondenceKind, after: date | None = None) -> Correspondence | None:
        return next((c for c in letters if c.kind is kind
                     and (after is None or c.dated >= after)), None)

    # An interim release is not the determination (CREW v. FEC, 711 F.3d 180 (D.C.
    # Cir. 2013)): the first letter read or entered as final is.
    determination = next((c for c in letters if c.kind is CorrespondenceKind.DETERMINATION
                          and c.letter_kind != "interim_determination"), None)
    filed_on = request.matter.filed_on if request.matter is not None else None

    # The 20 days start at receipt by the proper component, and at the latest 10
    # working days after any component first had it.
    start = received
    start_note = f"receipt on {long_date(received)}{receipt_note}"
    if request.first_received and request.first_received < received:
        latest = statute.add_working_days(request.first_received, REFERRAL_DAYS)
        if latest < received:
            start, start_note = latest, (f"10 working days after the agency first received it "
                                         f"on {long_date(request.first_received)} (the statute "
                                         "says ten days; agencies' regulations make them "
                                         "working days)")

    def count(calendar: WorkCalendar) -> tuple[date, list[str], bool]:
        """Initial due date on ``calendar``: notes, and whether tolling is still open.

        § 552(a)(6)(A)(ii): the agency may toll the 20 days once to ask for
        information, and for fee clarification, but only during the 20 days;
        each pause ends when the requester answers. Pauses that overlap count
        once.
        """
        notes, open_toll, pauses = [], False, []
        plain_due = calendar.add_working_days(start, INITIAL_DAYS)
        info_used = False
        for letter in letters:
            if letter.direction is not Direction.INCOMING or letter.kind not in (
                    CorrespondenceKind.TOLLING_LETTER, CorrespondenceKind.FEE_LETTER):
                continue
            what = ("request for information" if letter.kind is CorrespondenceKind.TOLLING_LETTER
                    else "fee clarification")
            if determination and letter.dated > determination.dated:
                continue
            if letter.dated > plain_due:
                notes.append(f"the {what} of {long_date(letter.dated)} came after the 20 days "
                             "ran out and does not toll them")
                continue
            if letter.kind is CorrespondenceKind.TOLLING_LETTER:
                if info_used:
                    notes.append(f"a second request for information ({long_date(letter.dated)})"
                                 " does not toll again")
                    continue
                info_used = True
            answer = next((c for c in letters if c.direction is Direction.OUTGOING
                           and c.dated >= letter.dated), None)
            if answer is None:
                open_toll = True  # still waiting on the requester: paused up to today
                pauses.append((letter.dated, max(today, letter.dated)))
                notes.append(f"tolled since {long_date(letter.dated)} ({what}), awaiting the "
                             "requester's answer")
            else:
                # The pause ends when the agency receives the answer, (A)(ii)(I)-(II).
                ends = answer.received_on or answer.dated
                if answer.received_on is None:
                    unreceived.append(answer.dated)
                pauses.append((letter.dated, ends))
                notes.append(f"tolled for the {what} from {long_date(letter.dated)} until the "
                             f"agency received the answer on {long_date(ends)}"
                             if answer.received_on else
                             f"tolled for the {what} from {long_date(letter.dated)} to the "
                             f"answer sent {long_date(ends)}")
        extra = _paused_working_days(calendar, pauses)
        if extra:
            notes.append(f"{extra} working days tolled in all")
        extension = first(CorrespondenceKind.EXTENSION_NOTICE)
        appeal_sent = first(CorrespondenceKind.APPEAL)
        if extension is not None and (determination is None
                                      or extension.dated <= determination.dated) and (
                appeal_sent is None or extension.dated < appeal_sent.dated):
            if extension.dated > calendar.add_working_days(start, INITIAL_DAYS + extra):
                notes.append(f"the notice of unusual circumstances of "
                             f"{long_date(extension.dated)} came after the time had run out")
            else:
                extra += EXTENSION_DAYS
                notes.append(f"extended 10 working days for unusual circumstances "
                             f"(notice of {long_date(extension.dated)})")
        return calendar.add_working_days(start, INITIAL_DAYS + extra), notes, open_toll

    unreceived: list[date] = []
    due, notes, open_toll = count(statute)
    agency_due, _, _ = count(agency_cal)
    initial = Derived(
        "initial", "Initial determination due", due,
        f"20 working days from {start_note}" + (f"; {'; '.join(notes)}" if notes else ""),
        "5 U.S.C. § 552(a)(6)(A)(i)" + (", (B)(i)" if any("extended" in n for n in notes)
                                         else "") +
        (", (A)(ii)" if any("tolled" in n for n in notes) else ""),
        agency_due=agency_due if agency_due != due else None,
        source="statute; the referral's working days, agencies' regulations"
        if "first received" in start_note else "statute",
    )
    for sent in sorted(set(unreceived)):
        initial.warnings.append(f"Tolling ends when the agency receives the answer; the date "
                                f"received is not entered, so the answer's send date "
                                f"({long_date(sent)}) is used. Enter it with `casefile letter "
                                "… --received`.")
    if open_toll:
        initial.warnings.append("The clock is stopped until the requester answers the "
                                "agency's letter; the date shown assumes an answer today.")
    if determination is not None:
        initial.met = determination.dated <= (initial.agency_due or initial.due)
    elif today > initial.due:
        initial.met = False
    out.dates.append(initial)

    if request.expedited_requested:
        out.dates.append(_expedited(request, received, today))

    appeal = None
    after_suit = determination is not None and filed_on is not None \
        and determination.dated > filed_on
    if after_suit:
        out.warnings.append(
            f"The determination of {long_date(determination.dated)} came after suit was filed "
            f"on {long_date(filed_on)}: no administrative appeal is needed, and no appeal "
            "deadline is listed (Oglesby v. Dep't of the Army, 920 F.2d 57, 61, 63-64 (D.C. "
            "Cir. 1990)).")
    elif determination is not None and determination.outcome == "grant":
        out.warnings.append(f"The determination of {long_date(determination.dated)} granted "
                            "the request in full: nothing to appeal, no appeal deadline.")
    elif determination is not None:
        window = rule_set["appeal_window"]
        if window["unit"] == "working":
            end = statute.add_working_days(determination.dated, window["days"])
            agency_end = agency_cal.add_working_days(determination.dated, window["days"])
        else:
            end = determination.dated + timedelta(days=window["days"])
            agency_end = end
        appeal = first(CorrespondenceKind.APPEAL, after=determination.dated)
        safe_end = min(end, agency_end)
        adverse = determination.outcome.replace("_", " ") if determination.outcome \
            else None
        window_item = Derived(
            "appeal_window", "Last day to appeal the determination", end,
            f"{window['rule']} (determination of {long_date(determination.dated)}"
            + (f", {adverse})" if adverse else "); confirm the determination was adverse"),
            window["citation"],
            agency_due=agency_end if agency_end != end else None, ours=True,
            met=True if appeal and appeal.dated <= safe_end else
            (False if today > safe_end else None),
            source=(f"regulation ({window['citation']})" if "C.F.R." in window["citation"]
                    else "statute"),
        )
        stated = determination.stated_appeal_due
        if stated is not None and stated != safe_end:
            window_item.warnings.append(
                f"The letter says appeal by {long_date(stated)}; our count ends "
                f"{long_date(safe_end)}. File by the earlier, {long_date(min(stated, safe_end))}.")
        out.dates.append(window_item)
    if appeal is not None:
        days, extended = APPEAL_DECISION_DAYS, ""
        appeal_extension = first(CorrespondenceKind.EXTENSION_NOTICE, after=appeal.dated)
        if appeal_extension is not None and appeal_extension.dated <= statute.add_working_days(
                appeal.dated, APPEAL_DECISION_DAYS):
            days += EXTENSION_DAYS  # (B)(i) reaches the appeal's clause (A)(ii) too
            extended = (f"; extended 10 working days for unusual circumstances (notice of "
                        f"{long_date(appeal_extension.dated)})")
        # The statute counts from receipt of the appeal: the agency's acknowledgment
        # states it, or our appeal's recorded receipt; else the send date, warned.
        acknowledged = next((c for c in letters if c.letter_kind == "appeal_acknowledgment"
                             and c.dated >= appeal.dated and c.stated_received), None)
        appeal_received = appeal.received_on or (acknowledged.stated_received
                                                 if acknowledged else None)
        counted_from = appeal_received or appeal.dated
        decision_due = statute.add_working_days(counted_from, days)
        agency_decision = agency_cal.add_working_days(counted_from, days)
        decision = first(CorrespondenceKind.APPEAL_DECISION, after=appeal.dated)
        if appeal_received is not None:
            how = ("as the agency's acknowledgment states" if not appeal.received_on
                   else "as recorded")
            basis = (f"20 working days from the agency's receipt of the appeal on "
                     f"{long_date(appeal_received)} ({how})")
        else:
            basis = (f"20 working days from the appeal of {long_date(appeal.dated)} (counted "
                     "from the day it was sent; the statute counts from receipt)")
        item = Derived(
            "appeal_decision", "Decision on the appeal due", decision_due,
            basis + extended,
            "5 U.S.C. § 552(a)(6)(A)(ii)" + (", (B)(i)" if extended else ""),
            agency_due=agency_decision if agency_decision != decision_due else None,
            met=(decision.dated <= max(decision_due, agency_decision)) if decision else
            (False if today > max(decision_due, agency_decision) else None),
        )
        if appeal_received is None:
            item.warnings.append("Enter the date the agency received the appeal to be sure.")
        out.dates.append(item)
        if decision is None and today > max(decision_due, agency_decision):
            out.dates.append(_exhaustion(max(decision_due, agency_decision),
                                         "the appeal was not decided in time", filed_on))
    elif (determination is None or after_suit) and not open_toll and \
            today > max(due, agency_due):
        why = "no determination came in time"
        if after_suit:
            why = (f"no determination came in time (the determination of "
                   f"{long_date(determination.dated)} came after suit was filed)")
        out.dates.append(_exhaustion(max(due, agency_due), why, filed_on))
    if filed_on is not None and not any(d.key == "exhaustion" for d in out.dates) and (
            determination is None or after_suit):
        last = max(due, agency_due)
        if filed_on <= last:
            out.warnings.append(f"Suit was filed on {long_date(filed_on)}, before the agency's "
                                f"time ran out on {long_date(last)}: the complaint cannot plead "
                                "constructive exhaustion for this request.")
    return out


def _expedited(request: FoiaRequest, received: date, today: date) -> Derived:
    """The expedition decision, judged by its own date against the 10 days."""
    due = received + timedelta(days=EXPEDITED_DAYS)
    outcome = request.expedited_outcome
    decided_on = request.expedited_decided_on
    decided = outcome in (Outcome.GRANTED, Outcome.DENIED) or decided_on is not None
    item = Derived(
        "expedited", "Decision on expedited processing due", due,
        f"10 days after receipt on {long_date(received)} (calendar days: the statute says "
        "days, and agencies' regulations count them so); a denial, or no decision in time, "
        "may be reviewed by the court at once, 5 U.S.C. § 552(a)(6)(E)(iii)",
        "5 U.S.C. § 552(a)(6)(E)(ii)(I), (E)(iii)",
        source="statute; calendar days, agencies' regulations",
    )
    if decided_on is not None:
        item.met = decided_on <= due
        what = outcome.value if outcome in (Outcome.GRANTED, Outcome.DENIED) else "decided"
        item.rule += f"; {what} on {long_date(decided_on)}"
        if outcome is Outcome.DENIED:
            item.warnings.append(f"Expedition was denied on {long_date(decided_on)}: that "
                                 "denial is subject to judicial review, § 552(a)(6)(E)(iii).")
    elif decided:
        item.warnings.append(f"Expedition was {outcome.value}, but the date of the decision is "
                             "not entered: whether it came within the 10 days is unknown.")
    else:
        item.met = False if today > due else None
    return item


def _paused_working_days(calendar: WorkCalendar, pauses: list[tuple[date, date]]) -> int:
    """Working days inside the union of the (start, end] pauses."""
    days: set[date] = set()
    for begin, end in pauses:
        day = begin
        while day < end:
            day += timedelta(days=1)
            if calendar.is_working_day(day):
                days.add(day)
    return len(days)


def _exhaustion(last_day: date, why: str, filed_on: date | None = None) -> Derived:
    rule = f"the day after the agency's time ran out: {why}"
    if filed_on is not None and filed_on > last_day:
        rule += f"; exhausted as of the filing of suit on {long_date(filed_on)}"
    return Derived(
        "exhaustion", "Suit may be filed (constructive exhaustion)", last_day + timedelta(days=1),
        rule, "5 U.S.C. § 552(a)(6)(C)(i)", met=True,
    )


def answer_due(matter: Matter) -> Derived | None:
    """The government's answer: 30 days after service, to the next court day."""
    if matter.served_on is None:
        return None
    # Rule 6(a)(6) counts as legal holidays the federal ones and any day the
    # President declares (the executive-order closures), and state holidays
    # where the court sits, which the case file does not know yet.
    court = WorkCalendar(agency=True)
    day = matter.served_on + timedelta(days=ANSWER_DAYS)
    answer = Derived(
        "answer", "Government's answer to the complaint due", court.next_working_day(day),
        f"30 days after service on the United States on {long_date(matter.served_on)} "
        "(Fed. R. Civ. P. 4(i)), to the next day the court is open (Fed. R. Civ. P. "
        "6(a)(1)(C), (a)(6))", "5 U.S.C. § 552(a)(4)(C)",
        source="statute and the Federal Rules of Civil Procedure",
    )
    answer.warnings.append("If that day is a legal holiday of the state where the court sits, "
                           "the answer is due the next day (Fed. R. Civ. P. 6(a)(6)(C)).")
    return answer


def derive_all(session: Session, today: date) -> list[RequestDates]:
    rules = load_rules()
    groups = [derive(session, r, today, rules)
              for r in session.scalars(select(FoiaRequest).order_by(FoiaRequest.id))]
    for matter in session.scalars(select(Matter).order_by(Matter.id)):
        answer = answer_due(matter)
        if answer is not None:
            groups.append(RequestDates(None, matter.short_title, [answer]))
    return groups
