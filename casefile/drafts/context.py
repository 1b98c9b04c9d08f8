"""What a draft knows: the case file as a template's fields.

Every value a template can use is built here, from the case file, as plain
strings, lists and dicts (Jinja in Word sees nothing else). A value the case
does not have yet (no docket number) is a visible placeholder such as
``[DOCKET NO.]`` and a warning, never the word "None".
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.drafts import words
from casefile.parties import side
from casefile.store.models import (
    Agency,
    CorrespondenceKind,
    Counsel,
    Deadline,
    Declaration,
    Direction,
    ExhibitSet,
    FeeCategory,
    FoiaRequest,
    Matter,
    Outcome,
    Party,
    PartyRole,
    Production,
    RequestStatus,
    VaughnIndex,
)


@dataclass
class Context:
    values: dict
    warnings: list[str] = field(default_factory=list)


class _Missing:
    """Collects the placeholders used, for the warnings."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def __call__(self, value, placeholder: str, what: str):
        if value is None or value == "" or value == []:
            if what not in self.used:
                self.used.append(what)
            return placeholder
        return value


def build(session: Session, *, today: date | None = None, author: str | None = None,
          exhibit_set: ExhibitSet | None = None, index: VaughnIndex | None = None,
          request: FoiaRequest | None = None, needs: set[str] | None = None,
          template_name: str = "") -> Context:
    """The fields; with ``needs`` (a template's top-level names), only the parts it
    uses (the Vaughn review reads every entry; the chronology derives deadlines)."""
    today = today or date.today()
    missing = _Missing()

    def wanted(*names: str) -> bool:
        return needs is None or any(n in needs for n in names)

    matter = session.scalar(select(Matter).limit(1))
    values: dict = {"today": long_date(today), "author": author or "", "sample": False}
    values["matter"] = _matter(matter, missing, today)
    parties = list(matter.parties) if matter else []
    plaintiffs = [p for p in parties if p.role is PartyRole.PLAINTIFF]
    defendants = [p for p in parties if p.role is PartyRole.DEFENDANT]
    values["plaintiffs"] = [p.name for p in plaintiffs] or [
        missing(None, "[PLAINTIFF]", "plaintiffs")]
    values["defendants"] = [p.name for p in defendants] or [
        missing(None, "[DEFENDANT]", "defendants")]
    values["plaintiffs_text"] = words.join(values["plaintiffs"])
    values["plaintiffs_caption"] = words.join([n.upper() for n in values["plaintiffs"]])
    values["defendants_caption"] = words.join([n.upper() for n in values["defendants"]] or
                                              values["defendants"])
    values["defendants_text"] = words.join(values["defendants"])
    values["defendants_the_text"] = words.join([words.the(p.name) for p in defendants]) or \
        values["defendants_text"]
    values["respond_by"] = long_date(today + timedelta(days=14))
    values["words"] = {**words.side_words("plaintiff", len(plaintiffs) or 2),
                       **words.side_words("defendant", len(defendants) or 2)}
    if wanted("plaintiff_parties", "defendant_parties", "parties"):
        described = wanted("plaintiff_parties")
        values["plaintiff_parties"] = [_party(p, missing, described) for p in plaintiffs] or [
            _party(None, missing, described)]
        values["defendant_parties"] = [_party(p, missing, False) for p in defendants]
        values["parties"] = values["plaintiff_parties"] + values["defendant_parties"]
    counsel = list(session.scalars(select(Counsel).order_by(Counsel.is_lead.desc(),
                                                            Counsel.of_counsel, Counsel.id)))
    ours = [c for c in counsel if side(c) is not PartyRole.DEFENDANT]
    theirs = [c for c in counsel if side(c) is PartyRole.DEFENDANT]
    w = values["words"]
    values["counsel"] = [_counsel(c, missing, w, signs=(c is (ours or [None])[0]))
                         for c in counsel]
    values["plaintiffs_counsel"] = [_counsel(c, missing, w, signs=n == 0)
                                    for n, c in enumerate(ours)] or [
        _counsel(None, missing, w, signs=True)]
    values["lead_counsel"] = values["plaintiffs_counsel"][0]
    if wanted("defendants_counsel", "defense_counsel"):
        values["defendants_counsel"] = [_counsel(c, missing, w, signs=n == 0)
                                        for n, c in enumerate(theirs)] or [
            _counsel(None, missing, w, signs=True, defense=True)]
        values["defense_counsel"] = values["defendants_counsel"][0]
    if wanted("venue_basis"):
        values["venue_basis"] = _venue(matter, plaintiffs, missing)

    if wanted("requests", "request", "chronology", "counts", "prayer", "productions_by_request",
              "schedule"):
        requests = list(session.scalars(select(FoiaRequest).order_by(FoiaRequest.date_sent,
                                                                     FoiaRequest.id)))
        as_of = min(matter.filed_on, today) if matter and matter.filed_on else today
        values["requests"] = [_request(session, r, n, today, as_of, missing, w)
                              for n, r in enumerate(requests, 1)]
        chosen = request or (requests[0] if requests else None)
        values["request"] = next((r for r in values["requests"]
                                  if chosen and r["id"] == chosen.id),
                                 None) or _request(session, None, 1, today, as_of, missing, w)
        values["chronology"] = [s for r in values["requests"] for s in r["chronology"]]
        values["counts"] = [c for r in values["requests"] for c in r["counts"]]
        for n, count in enumerate(values["counts"], 1):
            count["numeral"] = words.roman(n)
        *values["prayer"], values["prayer_last"] = _prayer(values["counts"], w)
    if wanted("service"):
        values["service"] = _service(matter, defendants, missing)
    if wanted("deadlines"):
        values["deadlines"] = [{"title": d.title, "due": long_date(d.due_on),
                                "rule": d.rule or "", "citation": d.citation or ""}
                               for d in session.scalars(select(Deadline)
                                                        .order_by(Deadline.due_on))]
    if wanted("productions", "production_months", "productions_by_request", "schedule"):
        values["productions"], values["production_months"] = _productions(session)
        values["productions_by_request"] = _by_request(session)
        values["schedule"] = _schedule(values["production_months"], today)
    if wanted("exhibits", "exhibit_set", "declaration"):
        exhibit_set = exhibit_set or session.scalar(select(ExhibitSet).order_by(ExhibitSet.id))
        values["exhibits"] = _exhibits(exhibit_set)
        values["exhibit_set"] = exhibit_set.name if exhibit_set else ""
        declaration = exhibit_set.declaration if exhibit_set else None
        declaration = declaration or session.scalar(select(Declaration).order_by(Declaration.id))
        values["declaration"] = _declaration(declaration, missing)
        # The exhibit paragraphs come from the exhibits: the declaration's own
        # copies of them (as the demo has) would print twice.
        values["declaration"]["paragraphs"] = [
            p for p in values["declaration"]["paragraphs"]
            if not p.startswith("Attached as ") or not values["exhibits"]]
    if wanted("vaughn"):
        index = index or session.scalar(select(VaughnIndex).order_by(VaughnIndex.id))
        values["vaughn"] = _vaughn(session, index, today, missing,
                                   words.circuit(matter.court if matter else ""))
    warnings = [f"The case has no {what} yet: the draft shows a placeholder in brackets."
                for what in missing.used]
    if "appeal" in template_name.lower() and "requests" in values:
        warnings += _appeal_in_litigation(session, request or (requests[0] if requests else None),
                                          matter)
    return Context(_tied(values), warnings)


def _appeal_in_litigation(session: Session, r: FoiaRequest | None,
                          matter: Matter | None) -> list[str]:
    """An appeal drafted for a request already in suit: the appeal would argue the
    agency's silence to an authority the court has taken the request from."""
    if r is None or r.status is not RequestStatus.IN_LITIGATION:
        return []
    filed = f" (suit filed {long_date(matter.filed_on)})" if matter and matter.filed_on else ""
    # DHS, for one, "ordinarily" will not decide an appeal of a request in
    # litigation, 6 C.F.R. § 5.8(b); other agencies' rules say the same.
    return [f"Request {r.tracking_no or r.id} is in litigation{filed}: agencies ordinarily "
            "do not decide an appeal of a request in suit (DHS: 6 C.F.R. § 5.8(b)), and the "
            "suit needs none; confirm the appeal is wanted before sending it."]


def _tied(value):
    """Every string with its citations tied (non-breaking spaces), lists and dicts
    walked; what a template prints never breaks "§ 552" across a line."""
    if isinstance(value, str):
        return words.tie(value)
    if isinstance(value, list):
        return [_tied(v) for v in value]
    if isinstance(value, dict):
        return {k: _tied(v) for k, v in value.items()}
    return value


def _matter(matter: Matter | None, missing: _Missing, today: date) -> dict:
    m = matter
    court = m.court if m and m.court else None
    return {
        "caption": missing(m.caption if m else None, "[CAPTION]", "caption"),
        "short_title": missing(m.short_title if m else None, "[SHORT TITLE]", "short title"),
        "court": missing(court, "[COURT]", "court"),
        "court_upper": (court.upper() if court else "[COURT]"),
        "court_lines": words.court_lines(court) if court else ["[COURT]"],
        "docket_no": missing(m.docket_no if m else None, "[DOCKET NO.]", "docket number"),
        # Only the proposed order names the judge (assigned after the complaint):
        # a blank the written draft's check lists, not a warning for every paper.
        "judge": (m.judge if m and m.judge else "[JUDGE]"),
        "filed_on": long_date(m.filed_on) if m and m.filed_on else "[DATE FILED]",
        "served_on": long_date(m.served_on) if m and m.served_on else "[DATE SERVED]",
        "summary": (m.summary if m and m.summary else ""),
        "circuit": words.circuit(court or ""),
    }


def _party(p: Party | None, missing: _Missing, described: bool) -> dict:
    if p is None:
        return {"name": "[PLAINTIFF]", "the_name": "[PLAINTIFF]", "short": "[PLAINTIFF]",
                "has_short": False,
                "description": "[DESCRIPTION OF PLAINTIFF]", "address_lines": [],
                "role": "plaintiff", "agency": ""}
    short = p.short_name or (p.agency.abbreviation if p.agency else "") or p.name
    description = p.description or ""
    if described and not description:
        description = missing(None, f"[DESCRIPTION OF {p.name.upper()}]",
                              f"description of {p.name} (what it is, does, and where)")
    return {"name": p.name, "the_name": words.the(p.name), "short": short,
            "has_short": bool(p.short_name and p.short_name != p.name),
            "description": description,
            "address_lines": _lines(p.address), "role": p.role.value,
            "agency": p.agency.abbreviation if p.agency else ""}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _counsel(c: Counsel | None, missing: _Missing, w: dict, *, signs: bool,
             defense: bool = False) -> dict:
    """An attorney's signature block, line by line: name, bar number or admission,
    firm, address, telephone, email."""
    for_line = f"Counsel for {w['defendants'] if defense else w['plaintiffs']}"
    if c is None:
        what = "defendants’ counsel" if defense else "counsel"
        name = missing(None, "[DEFENDANTS’ COUNSEL]" if defense else "[COUNSEL]", what)
        lines = [name, "[BAR NO.]"]
        return {"name": name, "firm": "", "address_lines": [], "phone": "", "email": "",
                "bar_no": "[BAR NO.]", "admission": "", "party": "", "lines": lines,
                "signs": signs, "for_line": for_line, "role": ""}
    if c.party is not None and c.party.role is PartyRole.DEFENDANT:
        for_line = f"Counsel for {w['defendants']}"
    pro_hac = "pro hac vice" in (c.admission or "").lower()
    bar = c.bar_no or ("" if pro_hac else missing(None, "[BAR NO.]",
                                                  f"bar number for {c.name}"))
    lines = [c.name + (f" ({c.admission})" if c.admission else "")]
    if bar:
        lines.append(f"Bar No. {bar}")
    lines += [x for x in [c.firm or ""] + _lines(c.address) if x]
    lines += [x for x in (f"Tel. {c.phone}" if c.phone else "", c.email or "") if x]
    return {"name": c.name, "firm": c.firm or "", "address_lines": _lines(c.address),
            "phone": c.phone or "", "email": c.email or "", "bar_no": bar,
            "admission": c.admission or "",
            "party": c.party.name if c.party else w["plaintiffs"], "lines": lines,
            "signs": signs, "for_line": for_line,
            "role": "Lead counsel" if c.is_lead else "Of counsel" if c.of_counsel else ""}


def _venue(matter: Matter | None, plaintiffs: list[Party], missing: _Missing) -> str:
    """Why the court may hear the case, 5 U.S.C. § 552(a)(4)(B): the District of
    Columbia always; elsewhere where a plaintiff resides or has its principal place
    of business (read from the parties' addresses, at the level of the state)."""
    court = matter.court if matter and matter.court else ""
    state = words.court_state(court)
    if state == "Columbia" or "District of Columbia" in court:
        return "an action under FOIA may be brought in the District of Columbia"
    if state:
        local = [p for p in plaintiffs if words.in_state(f"{p.address or ''} "
                                                         f"{p.description or ''}", state)]
        if local:
            names = words.join([words.the(p.name) for p in local])
            one = len(local) == 1
            return (f"{names} {'has its' if one else 'have their'} principal place"
                    f"{'' if one else 's'} of business in this district")
    return missing(None, "[BASIS FOR VENUE: WHERE A PLAINTIFF RESIDES OR HAS ITS PRINCIPAL "
                         "PLACE OF BUSINESS, OR WHERE THE RECORDS ARE]", "basis for venue")


def _request(session: Session, r: FoiaRequest | None, number: int, today: date, as_of: date,
             missing: _Missing, w: dict) -> dict:
    from casefile.deadlines.chronology import chronology
    from casefile.deadlines.engine import derive, load_rules

    if r is None:
        return {"id": None, "number": number, "tracking_no": missing(None, "[TRACKING NO.]",
                                                                     "request"),
                "agency": "[AGENCY]", "agency_abbr": "[AGENCY]", "agency_the": "[AGENCY]",
                "agency_The": "[AGENCY]", "agency_address_lines": [],
                "foia_office": "", "requester": "[REQUESTER]", "requester_the": "[REQUESTER]",
                "requester_The": "[REQUESTER]", "requesters": "[REQUESTER]",
                "requesters_label": "Requesters", "requesters_have": "have",
                "requesters_are": "are", "requester_s": "", "subject": "[SUBJECT]",
                "subject_phrase": "[SUBJECT]", "date_sent": "[DATE]", "items_requested": [],
                "fee_waiver": False, "expedited": False, "chronology": [],
                "appeal_chronology": [], "counts": [], "expedite_basis": "",
                "fee_waiver_basis": "", "fee_category": None, "appeal": _appeal(None, None, [])}
    agency = r.agency
    plural = words.is_plural_requester(r.requester)
    derived = derive(session, r, as_of, load_rules()).dates
    events = chronology(session, r, as_of, who=w["plaintiffs"],
                        plural=w["plaintiffs_have"] == "have")
    letters = sorted(r.correspondence, key=lambda c: (c.dated, c.id))
    facts = _request_facts(r)
    return {
        "id": r.id, "number": number,
        "tracking_no": r.tracking_no or "[TRACKING NO.]",
        "agency": agency.name, "agency_abbr": agency.abbreviation,
        "agency_the": words.the(agency.name), "agency_The": words.capital(words.the(agency.name)),
        "foia_office": agency.foia_office or f"{agency.abbreviation} FOIA Office",
        "agency_address_lines": _lines(agency.address),
        "requester": r.requester, "requester_the": words.the_each(r.requester),
        "requester_The": words.capital(words.the_each(r.requester)),
        "requesters": "the Requesters" if plural else "the Requester",
        "requesters_label": "Requesters" if plural else "Requester",
        "requesters_have": "have" if plural else "has",
        "requesters_are": "are" if plural else "is",
        "requester_s": "" if plural else "s",
        "subject": r.subject,
        # "records concerning X" → "X", to follow "records concerning" in a sentence.
        "subject_phrase": re.sub(r"^(records|documents)\s+(concerning|about|regarding|on)\s+",
                                 "", r.subject.strip().rstrip("."), flags=re.IGNORECASE),
        "date_sent": long_date(r.date_sent) if r.date_sent else "[DATE SENT]",
        "items_requested": [{"number": i.number, "text": i.text} for i in r.items],
        "fee_waiver": r.fee_waiver_requested, "expedited": r.expedited_requested,
        # Facts up to the filing: a release after the complaint is not in it.
        "chronology": [e.sentence for e in events if e.day <= as_of],
        "appeal_chronology": [e.sentence for e in chronology(
            session, r, today, who="the Requesters" if plural else "the Requester",
            plural=plural, exhaustion=False)],
        "counts": _counts(r, derived, w),
        "appeal": _appeal(r, letters, derive(session, r, today, load_rules()).dates),
        **facts,
    }


_FEE_CATEGORIES = {
    FeeCategory.NEWS_MEDIA: ("representatives of the news media", "a representative of the "
                             "news media", "5 U.S.C. § 552(a)(4)(A)(ii)(II)"),
    FeeCategory.EDUCATIONAL: ("educational or noncommercial scientific institutions",
                              "an educational or noncommercial scientific institution",
                              "5 U.S.C. § 552(a)(4)(A)(ii)(II)"),
    FeeCategory.COMMERCIAL: ("commercial-use requesters", "a commercial-use requester",
                             "5 U.S.C. § 552(a)(4)(A)(ii)(I)"),
    FeeCategory.OTHER: ("requesters in the category of all other requesters",
                        "a requester in the category of all other requesters",
                        "5 U.S.C. § 552(a)(4)(A)(ii)(III)"),
}


def _request_facts(r: FoiaRequest) -> dict:
    """What the request letter states for expedition, a fee waiver and its fee
    category; a blank for each asked for and not yet entered."""
    plural = words.is_plural_requester(r.requester)
    out = {"expedite_basis": "", "fee_waiver_basis": "", "fee_category": None}
    # Plain blanks, not warnings: only the request letter prints them, and the
    # blanks a written draft shows are listed from the draft itself.
    if r.expedited_requested:
        out["expedite_basis"] = r.expedite_basis or "[FACTS SHOWING A COMPELLING NEED]"
    if r.fee_waiver_requested:
        out["fee_waiver_basis"] = (r.fee_waiver_basis
                                   or "[FACTS SHOWING THE PUBLIC INTEREST IN DISCLOSURE]")
    if r.fee_category is not None:
        many, one, cite = _FEE_CATEGORIES[r.fee_category]
        out["fee_category"] = {"phrase": f"{'are' if plural else 'is'} "
                                         f"{many if plural else one}",
                               "citation": cite, "basis": r.fee_category_basis or ""}
    return out


def _counts(r: FoiaRequest, derived: list, w: dict) -> list[dict]:
    """A count for each claim the record supports, as of the filing."""
    by_key = {d.key: d for d in derived}
    short, track = r.agency.abbreviation, r.tracking_no or f"request {r.id}"
    pl, have, s = w["plaintiffs"], w["plaintiffs_have"], w["plaintiffs_s"]
    repeat = f"{pl} repeat{s} and incorporate{s} by reference each of the foregoing paragraphs."
    counts = []
    initial = by_key.get("initial")
    if initial is not None and initial.met is False:
        counts.append({"title": f"Failure to Make a Timely Determination on Request {track}",
                       "against": short, "paragraphs": [
            repeat,
            f"{short} was required to determine whether to comply with request {track} "
            f"within the time 5 U.S.C. § 552(a)(6)(A)(i) allows, which ended on "
            f"{long_date(initial.due)}. It did not.",
            f"{pl} {have} therefore exhausted {w['plaintiffs_their']} administrative remedies "
            "as to this request. 5 U.S.C. § 552(a)(6)(C)(i).",
            f"{short}’s failure to make a timely determination violates 5 U.S.C. "
            "§ 552(a)(6)(A)(i)."]})
    counts.append({"title": f"Unlawful Withholding of Agency Records Responsive to Request "
                            f"{track}", "against": short, "paragraphs": [
        repeat,
        f"{pl} {have} a statutory right to the records responsive to request {track}, and "
        f"{short} has no lawful basis for withholding them. 5 U.S.C. § 552(a)(3)(A).",
        f"{short} has failed to promptly make the responsive records available to "
        f"{pl}, in violation of 5 U.S.C. § 552(a)(3)(A) and (a)(6)(A).",
        f"{pl} {w['plaintiffs_are']} entitled to an order compelling {short} to search for and "
        "produce all non-exempt records responsive to the request. 5 U.S.C. § 552(a)(4)(B)."]})
    expedited = by_key.get("expedited")
    if r.expedited_requested and (r.expedited_outcome is Outcome.DENIED or (
            expedited is not None and expedited.met is False)):
        what = ("denied the request for expedited processing"
                if r.expedited_outcome is Outcome.DENIED else
                "did not decide the request for expedited processing within ten days, as "
                "5 U.S.C. § 552(a)(6)(E)(ii)(I) requires")
        counts.append({"title": f"Failure to Grant Expedited Processing of Request {track}",
                       "against": short, "paragraphs": [
            repeat,
            f"{pl} asked {short} to process request {track} expeditiously, certifying the "
            "compelling need for it. 5 U.S.C. § 552(a)(6)(E)(i), (v), (vi).",
            f"{short} {what}.",
            f"{short}’s denial of expedited processing, or its failure to respond to the "
            "request for it in time, is subject to judicial review. 5 U.S.C. "
            "§ 552(a)(6)(E)(iii).",
            f"{pl} {w['plaintiffs_are']} entitled to expedited processing because there is an "
            "urgency to inform the public about actual or alleged federal government activity, "
            f"and {pl} {w['plaintiffs_are']} primarily engaged in disseminating information. "
            "5 U.S.C. § 552(a)(6)(E)(v)(II).",
            *([f"The request stated the facts that show the compelling need: "
               f"{r.expedite_basis}"] if r.expedite_basis else [])]})
    if r.fee_waiver_requested and r.fee_waiver_outcome is Outcome.DENIED:
        counts.append({"title": f"Unlawful Denial of a Fee Waiver for Request {track}",
                       "against": short, "paragraphs": [
            repeat,
            f"{pl} asked {short} to waive all fees for request {track} because disclosure is "
            "in the public interest. 5 U.S.C. § 552(a)(4)(A)(iii).",
            f"{short} denied the fee waiver.",
            "Disclosure of the requested records is likely to contribute significantly to "
            "public understanding of the operations or activities of the government and is not "
            f"primarily in {pl}’ commercial interest. 5 U.S.C. § 552(a)(4)(A)(iii).".replace(
                "Plaintiff’ ", "Plaintiff’s "),
            *([f"The request stated the facts that show the public interest: "
               f"{r.fee_waiver_basis}"] if r.fee_waiver_basis else []),
            f"The Court reviews the denial de novo, on the record before {short}. 5 U.S.C. "
            "§ 552(a)(4)(A)(vii)."]})
    return counts


def _prayer(counts: list[dict], w: dict) -> list[str]:
    df, dfp = w["defendants"], w["defendants_possessive"]
    titles = " ".join(c["title"] for c in counts)
    items = [f"Declare that {dfp} failure to make timely determinations on, and to produce "
             f"records responsive to, {w['plaintiffs_possessive']} requests violates FOIA;"
             if "Timely" in titles else
             f"Declare that {dfp} withholding of the records responsive to "
             f"{w['plaintiffs_possessive']} requests violates FOIA;"]
    if "Expedited" in titles:
        items.append(f"Order {df} to process the requests expeditiously, under 5 U.S.C. "
                     "§ 552(a)(6)(E);")
    items.append(f"Order {df} to conduct a search reasonably calculated to uncover all "
                 f"responsive records and to produce all non-exempt responsive records "
                 "promptly, by a date the Court sets;")
    if "Fee Waiver" in titles:
        items.append(f"Order {df} to waive all fees for processing the requests, under 5 "
                     "U.S.C. § 552(a)(4)(A)(iii);")
    items += [f"Order {df} to produce a Vaughn index of any records or portions of records "
              f"{w['defendants_they']} withhold{w['defendants_s']};",
              f"Award {w['plaintiffs']} {w['plaintiffs_their']} costs and reasonable attorney "
              "fees under 5 U.S.C. § 552(a)(4)(E); and",
              "Grant such other relief as the Court deems just and proper."]
    return [f"{chr(ord('A') + n)}.\t{text}" for n, text in enumerate(items)]


def _authorities() -> dict:
    text = resources.files("casefile.resources").joinpath("data/appeal_authorities.json")
    return json.loads(text.read_text(encoding="utf-8"))


def _authority_for(agency: Agency) -> dict | None:
    table = _authorities()
    if agency.abbreviation in table:
        return table[agency.abbreviation]
    parent = agency.parent
    while parent is not None:
        entry = table.get(parent.abbreviation)
        if entry and entry.get("components"):
            return entry
        parent = parent.parent
    return None


_ADVERSE = (CorrespondenceKind.DETERMINATION, CorrespondenceKind.FEE_LETTER)
_NO_RECORDS = re.compile(r"no (?:responsive )?records|unable to locate|did not locate|"
                         r"could not locate", re.I)
_WITHHELD = re.compile(r"withh[eo]ld|exempt|redact|\(b\)\(\d\)|denied|deny", re.I)


def _appeal(r: FoiaRequest | None, letters: list | None, derived: list) -> dict:
    """Whom the appeal goes to, and what it appeals: a determination (with its
    grounds, read from the letter and the request's outcomes) or the silence."""
    if r is None:
        return {"kind": "constructive", "authority_lines": ["[APPEAL AUTHORITY]"],
                "regulation": "", "grounds": [], "determination_date": "", "window": "",
                "outcome": "", "outcome_sentence": ""}
    agency = r.agency
    entry = _authority_for(agency)
    if entry is not None:
        lines = [entry["authority"], entry["department"]] + _lines(entry.get("address"))
        if not entry.get("address"):
            lines += _lines(agency.address)
        regulation = entry["regulation"]
    else:  # not in the data file: the FOIA office, as the appeal-rights paragraph usually says
        lines = ["FOIA Appeals", agency.foia_office or f"{agency.abbreviation} FOIA Office",
                 agency.name] + _lines(agency.address)
        regulation = ""
    determination = next((c for c in reversed(letters or [])
                          if c.direction is Direction.INCOMING and c.kind in _ADVERSE), None)
    grounds, outcome = [], None
    if determination is not None:
        text = f"{determination.subject or ''} {determination.body or ''}"
        outcome = _outcome(determination, text)
        if outcome is not None:
            grounds += _GROUNDS[outcome]
        else:  # no outcome recorded or read: the old hints in its words
            if _NO_RECORDS.search(text):
                grounds.append("search")
            if _WITHHELD.search(text) or not grounds:
                grounds.append("withholding")
            if "search" not in grounds:
                grounds.append("search")
    if r.fee_waiver_outcome is Outcome.DENIED:
        grounds.append("fee_waiver")
    if r.expedited_outcome is Outcome.DENIED:
        grounds.append("expedited")
    window = next((d for d in derived if d.key == "appeal_window"), None)
    return {
        "kind": "determination" if determination is not None or grounds else "constructive",
        "authority_lines": lines, "regulation": regulation, "grounds": grounds,
        "determination_date": long_date(determination.dated) if determination else "",
        "window": _window_sentence(window),
        "outcome": outcome or "", "outcome_sentence": _OUTCOME_SENTENCES.get(outcome, ""),
    }


# What each outcome of a determination gives an appeal to argue (issue 18): what was
# withheld and how the search was made; for "no records", the search alone; for a
# Glomar response, the refusal to confirm or deny itself; for a full grant, nothing.
_GROUNDS = {"partial_grant": ["withholding", "search"], "denial": ["withholding", "search"],
            "no_records": ["search"], "glomar": ["glomar"], "grant": []}
_OUTCOME_SENTENCES = {
    "partial_grant": "The determination released records only in part, withholding the rest "
                     "under FOIA’s exemptions.",
    "denial": "The determination withheld the records requested in full.",
    "no_records": "The determination stated that no responsive records were found.",
    "glomar": "The determination refused to confirm or deny whether responsive records exist.",
    "grant": "[THE DETERMINATION GRANTED THE REQUEST IN FULL: STATE WHAT THIS APPEAL "
             "CHALLENGES, OR DO NOT SEND IT]",
}


def _outcome(letter, text: str) -> str | None:
    """The determination's outcome: as recorded (read on import or set by the user), or
    read now from its words when it was entered with its kind and no outcome."""
    from casefile.letters import OUTCOMES, classify

    if letter.outcome in OUTCOMES["determination"]:
        return letter.outcome
    if letter.kind is not CorrespondenceKind.DETERMINATION or letter.kind_by_user:
        return None  # a fee letter's words name no outcome; the user's choice stands
    read = classify(text).outcome
    return read if read in OUTCOMES["determination"] else None


def _window_sentence(window) -> str:
    """The appeal's timeliness, from the deadline engine's appeal window: a sentence
    while it is open, a blank to resolve once it has closed, nothing once appealed."""
    if window is None or window.met is True:
        return ""
    ends = long_date(window.headline)
    if window.met is False:
        return (f"[THE TIME TO APPEAL ENDED {ends.upper()} - CONFIRM THE APPEAL IS TIMELY "
                "OR STRIKE THIS LINE]")
    return (f"This appeal is timely: it is sent within the time to appeal, which ends on "
            f"{ends}. {window.citation}.")


def _service(matter: Matter | None, defendants: list[Party],
             missing: _Missing) -> list[dict]:
    """Rule 4(i): the summons and complaint to the United States Attorney's
    civil-process clerk, the Attorney General, and each defendant agency."""
    data = json.loads(resources.files("casefile.resources").joinpath(
        "data/service_addresses.json").read_text(encoding="utf-8"))
    court = matter.court if matter and matter.court else ""
    district = re.search(r"((?:Northern|Southern|Eastern|Western|Middle|Central)?\s*District "
                         r"of [A-Z][A-Za-z ]+?)(?:\s*\(|$|,)", court)
    district_name = district[1].strip() if district else ""
    usao = data["us_attorneys"].get(district_name)
    usao_lines = ([f"United States Attorney for the {district_name}"] + usao["lines"]
                  if usao else [missing(None, "[UNITED STATES ATTORNEY’S CIVIL-PROCESS CLERK "
                                              "AND ADDRESS]",
                                        "address of the United States Attorney for the "
                                        "district")])
    out = [{"to": usao_lines, "how": usao["how"] if usao else
            "By certified mail, return receipt requested, addressed to the civil-process clerk",
            "rule": "Fed. R. Civ. P. 4(i)(1)(A)(ii)", "role": "the United States Attorney for "
            f"the {district_name or 'district'}"},
           {"to": data["attorney_general"]["lines"],
            "how": "By certified mail, return receipt requested",
            "rule": "Fed. R. Civ. P. 4(i)(1)(B)", "role": "the Attorney General of the "
            "United States"}]
    for p in defendants:
        lines = [p.name] + (_lines(p.address) or (
            _lines(p.agency.address) if p.agency else []))
        if len(lines) == 1:
            lines.append(missing(None, f"[ADDRESS OF {p.name.upper()}]",
                                 f"address of {p.name}"))
        out.append({"to": lines, "how": "By certified mail, return receipt requested",
                    "rule": "Fed. R. Civ. P. 4(i)(2)", "role": words.the(p.name)})
    return out


def _productions(session: Session) -> tuple[list[dict], list[dict]]:
    rows, months = [], defaultdict(lambda: [0, 0, 0, 0])
    for p in session.scalars(select(Production).order_by(Production.produced_on,
                                                         Production.id)):
        processed = p.pages_released_full + p.pages_released_part + p.pages_withheld_full
        rows.append({"title": p.title,
                     "produced_on": long_date(p.produced_on) if p.produced_on else "[DATE]",
                     "bates": f"{p.bates_begin} – {p.bates_end}" if p.bates_begin else "",
                     "processed": processed, "released_full": p.pages_released_full,
                     "released_part": p.pages_released_part,
                     "withheld_full": p.pages_withheld_full})
        if p.produced_on:
            m = months[(p.produced_on.year, p.produced_on.month)]
            m[0] += processed
            m[1] += p.pages_released_full
            m[2] += p.pages_released_part
            m[3] += p.pages_withheld_full
    month_rows = [{"month": date(y, mo, 1).strftime("%B %Y"), "processed": v[0],
                   "released_full": v[1], "released_part": v[2], "withheld_full": v[3]}
                  for (y, mo), v in sorted(months.items())]
    return rows, month_rows


def _by_request(session: Session) -> list[dict]:
    """The productions to date, request by request: pages processed, released in
    full, in part, withheld in full, and the Bates ranges."""
    out = []
    for r in session.scalars(select(FoiaRequest).order_by(FoiaRequest.date_sent,
                                                          FoiaRequest.id)):
        made = list(session.scalars(select(Production).where(Production.request_id == r.id)
                                    .order_by(Production.produced_on, Production.id)))
        full = sum(p.pages_released_full for p in made)
        part = sum(p.pages_released_part for p in made)
        withheld = sum(p.pages_withheld_full for p in made)
        ranges = [f"{p.bates_begin} – {p.bates_end}" if p.bates_end else p.bates_begin
                  for p in made if p.bates_begin]
        out.append({"agency_abbr": r.agency.abbreviation,
                    "agency_the": words.the(r.agency.name),
                    "tracking_no": r.tracking_no or f"request {r.id}",
                    "releases": len(made), "processed": full + part + withheld,
                    "released_full": full, "released_part": part, "withheld_full": withheld,
                    "bates": "; ".join(ranges),
                    "last": long_date(made[-1].produced_on) if made and made[-1].produced_on
                    else ""})
    return out


def _schedule(months: list[dict], today: date) -> dict:
    """A schedule to propose: the monthly rate processed so far (at least 500
    pages, the rate courts commonly order), a release on the last working day of
    each month, and the next joint report in 60 days (moved off a weekend)."""
    average = (sum(m["processed"] for m in months) // len(months)) if months else 0
    rate = max(500, average)
    report = today + timedelta(days=60)
    while report.weekday() >= 5:
        report += timedelta(days=1)
    return {"rate": f"{rate:,}", "average": f"{average:,}", "next_report": long_date(report)}


def _exhibits(exhibit_set: ExhibitSet | None) -> list[dict]:
    from casefile.exhibits import display_label, paragraph, slip_label

    if exhibit_set is None:
        return []
    return [{"label": e.label, "display": display_label(exhibit_set, e),
             "name": slip_label(exhibit_set, e), "title": e.title,
             "paragraph": paragraph(e)}
            for e in sorted(exhibit_set.exhibits, key=lambda e: e.position)]


def _declaration(d: Declaration | None, missing: _Missing) -> dict:
    from casefile.declarations import jurat

    if d is None:
        return {"declarant": missing(None, "[DECLARANT]", "declaration"),
                "declarant_title": "", "title": "[TITLE]", "paragraphs": [],
                "jurat": "", "executed_on": "[DATE]", "executed_at": "[PLACE]"}
    return {"declarant": d.declarant, "declarant_title": d.declarant_title or "",
            "title": d.title, "paragraphs": [p.text for p in d.paragraphs],
            "jurat": jurat(d),
            "executed_on": long_date(d.executed_on) if d.executed_on else "[DATE]",
            "executed_at": d.executed_at or "[PLACE]"}


def _named(e) -> str:
    """"Entry 5 (ICE-2020-000005 – ICE-2020-000006): email of March 3, 2020 …"."""
    bates = e.bates_begin or ""
    if e.bates_end and e.bates_end != e.bates_begin:
        bates += f" – {e.bates_end}"
    described = " ".join((e.description or e.doc_type or "").split())
    if len(described) > 90:
        described = described[:87].rsplit(" ", 1)[0] + "…"
    head = f"Entry {e.entry_no}" + (f" ({bates})" if bates else "")
    return head + (f": {described}" if described else "")


_EXAMPLES = 5  # entries named in full under each deficiency; the rest by number


def _vaughn(session: Session, index: VaughnIndex | None, today: date,
            missing: _Missing, circuit: str = "D.C. Cir.") -> dict:
    from casefile.vaughn import challenges
    from casefile.vaughn.report import entry_list
    from casefile.vaughn.review import CHECKS, review

    if index is None:
        return {"title": missing(None, "[VAUGHN INDEX]", "Vaughn index"),
                "served_on": "[DATE SERVED]", "entries": 0, "withholdings": 0, "flagged": 0,
                "challenged": [], "challenged_count": 0, "challenge_sentences": [],
                "flags": [], "circuit": circuit, "boilerplate_authority": "",
                "boilerplate": []}
    from casefile.vaughn import data

    entries = data.entries(session, index.id)  # read once for the review and the challenges
    result = review(session, index, today=today, entries=entries)
    by_check: dict[str, list[str]] = defaultdict(list)
    for f in result.flags:
        if f.check != "boilerplate" and f.entry_no:
            by_check[f.check].append(f.entry_no)
    by_no = {e.entry_no: e for e in entries}
    flags = [{"title": CHECKS[c][0], "authority": result.authority(c),
              "count": len(dict.fromkeys(nos)), "entries": entry_list(list(dict.fromkeys(nos))),
              "named": [_named(by_no[n]) for n in list(dict.fromkeys(nos))[:_EXAMPLES]
                        if n in by_no],
              "more": max(0, len(dict.fromkeys(nos)) - _EXAMPLES)}
             for c, nos in by_check.items()]
    challenged = [{"entry_no": e.entry_no, "bates": e.bates_begin or "", "named": _named(e),
                   "argument": e.challenge_argument or "",
                   "exemptions": ", ".join(h.label for h in e.held)}
                  for e in entries if e.challenge_state in challenges.PRESSED]
    return {
        "title": index.title,
        "served_on": long_date(index.served_on) if index.served_on else "[DATE SERVED]",
        "entries": result.entries, "withholdings": result.withholdings,
        "flagged": result.flagged_entries(),
        "challenged": challenged[:500], "challenged_count": len(challenged),
        "challenge_sentences": challenges.summary_sentences(session, index, entries),
        "flags": flags,
        "circuit": circuit,
        "boilerplate_authority": result.authority("boilerplate"),
        "boilerplate": [{"text": g.text, "withholdings": g.withholdings, "count": g.entries,
                         "entries": entry_list(g.entry_nos)} for g in result.groups[:10]],
    }
