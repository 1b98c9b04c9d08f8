"""What a draft knows: the case file as a template's fields.

Every value a template can use is built here, from the case file, as plain
strings, lists and dicts (Jinja in Word sees nothing else). A value the case
does not have yet (no docket number) is a visible placeholder such as
``[DOCKET NO.]`` and a warning, never the word "None".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.dates import long_date
from casefile.store.models import (
    Counsel,
    Deadline,
    Declaration,
    ExhibitSet,
    FoiaRequest,
    Matter,
    PartyRole,
    Production,
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


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def build(session: Session, *, today: date | None = None, author: str | None = None,
          exhibit_set: ExhibitSet | None = None, index: VaughnIndex | None = None,
          request: FoiaRequest | None = None, needs: set[str] | None = None) -> Context:
    """The fields; with ``needs`` (a template's top-level names), only the parts it
    uses (the Vaughn review reads every entry; the chronology derives deadlines)."""
    today = today or date.today()
    missing = _Missing()
    matter = session.scalar(select(Matter).limit(1))
    values: dict = {"today": long_date(today), "author": author or "", "sample": False}
    values["matter"] = _matter(matter, missing)
    plaintiffs = [p.name for p in (matter.parties if matter else [])
                  if p.role is PartyRole.PLAINTIFF]
    defendants = [p.name for p in (matter.parties if matter else [])
                  if p.role is PartyRole.DEFENDANT]
    values["plaintiffs"] = plaintiffs or [missing(None, "[PLAINTIFF]", "plaintiffs")]
    values["defendants"] = defendants or [missing(None, "[DEFENDANT]", "defendants")]
    values["plaintiffs_text"] = _join(values["plaintiffs"])
    values["defendants_text"] = _join(values["defendants"])
    values["counsel"] = [_counsel(c, missing) for c in session.scalars(
        select(Counsel).order_by(Counsel.is_lead.desc(), Counsel.id))]
    values["lead_counsel"] = values["counsel"][0] if values["counsel"] else _counsel(
        None, missing)
    def wanted(*names: str) -> bool:
        return needs is None or any(n in needs for n in names)

    if wanted("requests", "request", "chronology"):  # the chronology derives deadlines
        requests = list(session.scalars(select(FoiaRequest).order_by(FoiaRequest.date_sent,
                                                                     FoiaRequest.id)))
        values["requests"] = [_request(session, r, n, today, missing)
                              for n, r in enumerate(requests, 1)]
        chosen = request or (requests[0] if requests else None)
        values["request"] = next((r for r in values["requests"]
                                  if chosen and r["id"] == chosen.id),
                                 None) or _request(session, None, 1, today, missing)
        values["chronology"] = [s for r in values["requests"] for s in r["chronology"]]
    if wanted("deadlines"):
        values["deadlines"] = [{"title": d.title, "due": long_date(d.due_on),
                                "rule": d.rule or "", "citation": d.citation or ""}
                               for d in session.scalars(select(Deadline)
                                                        .order_by(Deadline.due_on))]
    if wanted("productions", "production_months"):
        values["productions"], values["production_months"] = _productions(session)
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
        values["vaughn"] = _vaughn(session, index, today, missing)
    warnings = [f"The case has no {what} yet: the draft shows a placeholder in brackets."
                for what in missing.used]
    return Context(values, warnings)


def _matter(matter: Matter | None, missing: _Missing) -> dict:
    m = matter
    return {
        "caption": missing(m.caption if m else None, "[CAPTION]", "caption"),
        "short_title": missing(m.short_title if m else None, "[SHORT TITLE]", "short title"),
        "court": missing(m.court if m else None, "[COURT]", "court"),
        "court_upper": (m.court.upper() if m and m.court else "[COURT]"),
        "docket_no": missing(m.docket_no if m else None, "[DOCKET NO.]", "docket number"),
        "judge": missing(m.judge if m else None, "[JUDGE]", "judge"),
        "filed_on": long_date(m.filed_on) if m and m.filed_on else "[DATE FILED]",
        "summary": (m.summary if m and m.summary else ""),
    }


def _counsel(c: Counsel | None, missing: _Missing) -> dict:
    if c is None:
        return {"name": missing(None, "[COUNSEL]", "counsel"), "firm": "", "address_lines": [],
                "phone": "", "email": "", "bar_no": "", "party": ""}
    return {"name": c.name, "firm": c.firm or "",
            "address_lines": [line.strip() for line in (c.address or "").splitlines()
                              if line.strip()],
            "phone": c.phone or "", "email": c.email or "", "bar_no": c.bar_no or "",
            "party": c.party.name if c.party else "Plaintiffs"}


def _request(session: Session, r: FoiaRequest | None, number: int, today: date,
             missing: _Missing) -> dict:
    from casefile.deadlines.chronology import chronology

    if r is None:
        return {"id": None, "number": number, "tracking_no": missing(None, "[TRACKING NO.]",
                                                                     "request"),
                "agency": "[AGENCY]", "agency_abbr": "[AGENCY]", "agency_address_lines": [],
                "foia_office": "", "requester": "[REQUESTER]", "subject": "[SUBJECT]",
                "subject_phrase": "[SUBJECT]",
                "date_sent": "[DATE]", "items_requested": [], "fee_waiver": False,
                "expedited": False, "chronology": []}
    agency = r.agency
    return {
        "id": r.id, "number": number,
        "tracking_no": r.tracking_no or "[TRACKING NO.]",
        "agency": agency.name, "agency_abbr": agency.abbreviation,
        "foia_office": agency.foia_office or f"{agency.abbreviation} FOIA Office",
        "agency_address_lines": [line.strip() for line in (agency.address or "").splitlines()
                                 if line.strip()],
        "requester": r.requester, "subject": r.subject,
        # "records concerning X" → "X", to follow "records concerning" in a sentence.
        "subject_phrase": re.sub(r"^(records|documents)\s+(concerning|about|regarding|on)\s+",
                                 "", r.subject.strip().rstrip("."), flags=re.IGNORECASE),
        "date_sent": long_date(r.date_sent) if r.date_sent else "[DATE SENT]",
        "items_requested": [{"number": i.number, "text": i.text} for i in r.items],
        "fee_waiver": r.fee_waiver_requested, "expedited": r.expedited_requested,
        "chronology": [e.sentence for e in chronology(session, r, today)],
    }


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


def _vaughn(session: Session, index: VaughnIndex | None, today: date,
            missing: _Missing) -> dict:
    from casefile.vaughn import challenges
    from casefile.vaughn.report import entry_list
    from casefile.vaughn.review import CHECKS, review

    if index is None:
        return {"title": missing(None, "[VAUGHN INDEX]", "Vaughn index"), "served_on": "",
                "entries": 0, "challenged": [], "challenge_sentences": [], "flags": [],
                "boilerplate": []}
    from casefile.vaughn import data

    entries = data.entries(session, index.id)  # read once for the review and the challenges
    result = review(session, index, today=today, entries=entries)
    by_check: dict[str, list[str]] = defaultdict(list)
    for f in result.flags:
        if f.check != "boilerplate" and f.entry_no:
            by_check[f.check].append(f.entry_no)
    flags = [{"title": CHECKS[c][0], "authority": CHECKS[c][1],
              "count": len(dict.fromkeys(nos)), "entries": entry_list(list(dict.fromkeys(nos)))}
             for c, nos in by_check.items()]
    challenged = [{"entry_no": e.entry_no, "bates": e.bates_begin or "",
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
        "boilerplate": [{"text": g.text, "withholdings": g.withholdings, "count": g.entries,
                         "entries": entry_list(g.entry_nos)} for g in result.groups[:10]],
    }
