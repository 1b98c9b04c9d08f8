"""Vaughn indexes as agencies serve them (Word, Excel, CSV, PDF), one row per
entry, for the benchmarks and the older import tests (the agency layouts whose
records span rows are in ``tests/vaughn_corpus``).

Rows are what an agency prints, all strings as written: exemptions in the
dozen ways agencies write them, the same boilerplate justification pasted
down the page, dates in several formats, cells of several paragraphs. The
Word file has what agency files have: a caption table before the index,
a repeating header row, the header pasted again as an ordinary row, section
headings spanning the table, vertically merged justification cells, and an
index split across several tables. Everything about "Operation Palladium"
past the press release is invented, and every file says SAMPLE in its title.
Same rows and options, same bytes (except an encrypted workbook, whose
encryption is salted).
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

TITLE = "SAMPLE \u2014 Defendant ICE's Vaughn Index"
REQUEST_NO = "2020-ICFO-12345"
_FOOTER = "SAMPLE - generated for the Casefile demo case; not a real document."
_ZIP_TIME = (2021, 3, 1, 0, 0, 0)  # the demo index's service date, for every zip member

HEADERS: list[str] = [
    "Doc. No.", "Bates Begin", "Bates End", "Date", "Document Type", "Author",
    "Recipient(s)", "No. of Pages", "Description", "Disposition", "Exemption(s) Asserted",
    "Basis for Withholding", "Segregability",
]


@dataclass
class AgencyRow:
    """One row as the agency printed it: all strings, as written."""

    doc_no: str
    bates_begin: str
    bates_end: str
    date: str
    doc_type: str
    author: str
    recipients: str
    pages: str
    description: str  # may hold "\n": several paragraphs in one cell
    disposition: str
    exemptions: str
    justification: str  # may hold "\n"
    segregability: str


assert len(HEADERS) == len(fields(AgencyRow))

# --- The content -----------------------------------------------------------

# Pasted verbatim down the page, as agencies do; ~60% of rows carry one of these.
_BOILERPLATE = {
    "privacy": (
        "Release of the names, telephone numbers, email addresses and other personally "
        "identifying information of ICE employees and third parties would constitute an "
        "unwarranted invasion of personal privacy. ICE balanced the privacy interests of these "
        "individuals against the public interest in disclosure and determined that the privacy "
        "interests outweigh any minimal public interest, because disclosure of this information "
        "would not shed light on the operations or activities of the agency. Law enforcement "
        "personnel in particular could become targets of harassment and unwanted attention if "
        "their identities were released."
    ),
    "techniques": (
        "ICE withheld information that would disclose techniques and procedures for law "
        "enforcement investigations or prosecutions, or guidelines for law enforcement "
        "investigations or prosecutions, the disclosure of which could reasonably be expected "
        "to risk circumvention of the law. The withheld information includes internal database "
        "codes, case-management system navigation paths and operational details that are not "
        "commonly known to the public. Disclosure would allow individuals to alter their "
        "behavior to avoid detection and would impede ICE's ability to carry out its law "
        "enforcement mission."
    ),
    "dpp": (
        "The withheld information is protected by the deliberative process privilege because "
        "it is both predecisional and deliberative. It reflects the opinions, recommendations "
        "and internal discussions of ICE staff made in the course of developing agency policy, "
        "before any final agency decision was reached. Disclosure of this information would "
        "discourage candid discussion within the agency and undermine ICE's ability to make "
        "sound decisions. ICE has reasonably foreseen that disclosure would harm an interest "
        "protected by Exemption 5."
    ),
}
# Near-duplicates: the same paragraph with a name or a date changed.
_NEAR = {
    "privacy": [
        ("of ICE employees and third parties", "of ERO New York officers and third parties"),
        ("ICE balanced", "The agency balanced"),
        ("of ICE employees and third parties", "of ICE and CBP employees and third parties"),
        ("Law enforcement personnel", "ERO deportation officers"),
    ],
    "techniques": [
        ("internal database codes", "EARM database codes"),
        ("ICE's ability", "ERO's ability"),
        ("operational details", "Operation Palladium operational details"),
    ],
    "dpp": [
        ("before any final agency decision was reached",
         "before the final agency decision of March 2, 2020 was reached"),
        ("of ICE staff", "of ERO Domestic Operations staff"),
        ("before any final agency decision was reached",
         "before the operations plan was approved on February 7, 2020"),
    ],
}

_FORMS = {
    "privacy": ["(b)(6), (b)(7)(C)", "Exemptions 6 and 7(C)", "b6/b7c", "(b)(6); (b)(7)(C)"],
    "techniques": ["(b)(7)(E)", "Ex. 7(E)", "b7E"],
    "dpp": ["b5 - DPP", "(b)(5)", "5 U.S.C. \u00a7 552(b)(5)", "(b)(5) - Deliberative Process"],
    "counsel": ["(b)(5) (deliberative process; attorney-client)",
                "(b)(5) - Attorney-Client Privilege", "(b)(5) (attorney work product)"],
    "statute": ["(b)(3) \u2013 8 U.S.C. \u00a7 1367", "(b)(3)"],
    "privacy+techniques": ["(b)(6), (b)(7)(C), (b)(7)(E)", "Exemptions 6, 7(C) and 7(E)"],
    "dpp+privacy": ["(b)(5), (b)(6), (b)(7)(C)", "b5 - DPP; b6/b7c"],
    "statute+privacy": ["(b)(3) \u2013 8 U.S.C. \u00a7 1367; (b)(6); (b)(7)(C)"],
}
# The forms every index of 40 rows or more holds at least once.
_REQUIRED_FORMS = [
    ("privacy", "(b)(6), (b)(7)(C)"), ("dpp", "b5 - DPP"), ("techniques", "Ex. 7(E)"),
    ("privacy", "Exemptions 6 and 7(C)"),
    ("counsel", "(b)(5) (deliberative process; attorney-client)"),
    ("statute", "(b)(3) \u2013 8 U.S.C. \u00a7 1367"), ("statute", "(b)(3)"),
    ("privacy", "b6/b7c"), ("techniques", "(b)(7)(E)"), ("dpp", "5 U.S.C. \u00a7 552(b)(5)"),
    ("privacy+techniques", "Exemptions 6, 7(C) and 7(E)"),
]
_UNPARSEABLE = ["(b)(7)(G)", "See Decl. \u00b6 12"]

_TOPICS = [
    "target selection criteria for at-large arrests",
    "staffing of the CBP BORTAC teams detailed to New York City",
    "collateral arrests during residential operations",
    "use-of-force reporting after the February 2020 shooting in the Bronx",
    "daily arrest goals for each participating field office",
    "press inquiries about the operation",
    "detainer requests declined by the New York City Department of Correction",
    "surveillance of target residences before arrest",
    "COVID-19 precautions for arrest teams",
    "the operation's arrest statistics, by city and by week",
]
_LEGAL_TOPICS = [
    "the execution of administrative warrants at residences",
    "entry into common areas of apartment buildings",
    "the use of ruses to locate targets",
    "ICE's authority to arrest persons encountered collaterally",
    "the sharing of arrest data with CBP",
]
_DECISIONS = [
    ("the Executive Associate Director approved the final Operation Palladium operations "
     "plan on February 7, 2020", date(2020, 2, 7)),
    ("the Acting Director approved the request for CBP BORTAC support on February 10, 2020",
     date(2020, 2, 10)),
    ("ERO extended the operation to Newark and Chicago on March 2, 2020", date(2020, 3, 2)),
    ("ICE issued its public statement on the Bronx shooting on February 14, 2020",
     date(2020, 2, 14)),
    ("ERO leadership narrowed at-large arrests during the COVID-19 pandemic on March 18, 2020",
     date(2020, 3, 18)),
    ("ICE issued its revised use-of-force reporting guidance on June 18, 2020",
     date(2020, 6, 18)),
]
_HARMS = [
    "Its release would chill frank discussion among ERO field office staff about the "
    "detention standards then under review.",
    "Disclosing it would reveal which recommendations leadership declined, and would "
    "discourage field supervisors from giving candid, unpolished assessments on future "
    "operations plans.",
    "Release would expose preliminary views that were never adopted and would mislead the "
    "public about the reasons for the decision ICE made.",
]
_CITIES = ["New York", "Newark", "Chicago", "Los Angeles", "New Orleans", "Atlanta"]
_OFFICES = ["ERO New York", "ERO Newark", "ERO Chicago", "ERO Domestic Operations",
            "ERO Los Angeles", "ICE Office of Public Affairs", "HSI New York"]
_PEOPLE = ["Kessler, Daniel", "Osei, Marian", "Whitcombe, Lloyd", "Brandt, Teresa",
           "Mercado, Luis", "Haldane, Priya", "Ferris, Jonah", "Albright, Celeste",
           "Novak, Irene", "Castellanos, Rafael"]
_ROLES = ["Deputy Field Office Director", "Field Office Director", "Deportation Officer",
          "Supervisory Detention and Deportation Officer", "Assistant Field Office Director"]
_GROUPS = ["Multiple ERO recipients", "ICE Leadership", "ERO New York Supervisors",
           "OPLA New York", "ERO Domestic Operations", "CBP BORTAC Liaison"]
_TYPES = [  # (type, weight, pages low, pages high)
    ("Email", 24, 1, 3), ("Email chain", 14, 2, 6), ("Memorandum", 10, 2, 6),
    ("Draft memorandum", 8, 2, 6), ("Slide deck", 8, 4, 8), ("Spreadsheet", 6, 1, 4),
    ("Talking points", 5, 1, 2), ("Daily operations report", 8, 1, 3),
    ("Form I-213", 7, 2, 4), ("Text messages", 4, 1, 2), ("Operations plan", 6, 3, 8),
]
_RECORD_TYPES = [t for t in _TYPES if t[0] not in ("Draft memorandum", "Talking points")]
_DELIBERATIVE_TYPES = ["Draft memorandum", "Email chain", "Slide deck", "Talking points",
                       "Memorandum", "Email"]
_ATTACHMENTS = ["Attachment: draft target list (withheld in full, see next entry).",
                "Attachment: spreadsheet of daily arrests, released in part.",
                "Attachment: map of staging locations (withheld in full).",
                "Attachment: CBP BORTAC support request form."]

_RIP = [("Released in Part", 50), ("RIP", 30), ("Released in part", 12), ("Partial Release", 8)]
_WIF = [("Withheld in Full", 55), ("WIF", 30), ("Withheld in full", 15)]
_SEG_RIP = [
    "All reasonably segregable, non-exempt information has been released.",
    "ICE conducted a line-by-line review and released all reasonably segregable "
    "non-exempt information.",
    "Segregable portions released.",
]
_SEG_WIF = [
    "ICE reviewed the document line by line and determined that no reasonably segregable, "
    "non-exempt information could be released; the non-exempt portions are inextricably "
    "intertwined with exempt material.",
    "No reasonably segregable, non-exempt portions.",
    "The factual material is so intertwined with the deliberative material that its "
    "release would reveal the deliberations themselves.",
]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _written(rng: random.Random, d: date | None, various: bool = False) -> str:
    """The date as the agency typed it this time."""
    if d is None:
        return "Undated"
    if various:
        return "Various"
    style = rng.choices(range(3), [55, 30, 15])[0]
    if style == 0:
        return d.strftime("%m/%d/%Y")
    if style == 1:
        return f"{d.strftime('%B')} {d.day}, {d.year}"
    return d.isoformat()


def _near_duplicate(rng: random.Random, kind: str) -> str:
    old, new = rng.choice(_NEAR[kind])
    return _BOILERPLATE[kind].replace(old, new, 1)


def _specific(rng: random.Random, kind: str, form: str, harm: bool, topic: str,
              decision: str | None, doc_type: str, when: date | None) -> str:
    """An entry-particular justification; with ``harm`` it names a foreseeable harm."""
    city = rng.choice(_CITIES)
    on = f" on {when.strftime('%B')} {when.day}, {when.year}" if when else ""
    if kind == "dpp":
        if not harm:
            return rng.choice([
                "The document is predecisional and deliberative. It was prepared to assist "
                "agency decision-makers in arriving at a decision.",
                "Predecisional draft; deliberative.",
                f"Withheld portions reflect internal discussions among ICE staff regarding "
                f"{topic}.",
            ])
        before = f"before {decision}" if decision else "before the agency reached a decision"
        return rng.choice([
            f"This {doc_type.lower()} was prepared by {rng.choice(_OFFICES)} staff {before}. "
            f"It sets out options on {topic}, some of which were later revised or rejected. ",
            f"The redacted paragraphs contain the recommendations of {rng.choice(_OFFICES)} on "
            f"{topic}, offered to the Executive Associate Director {before}. ",
            f"The tracked changes and margin comments in this draft, circulated for comment "
            f"{before}, record the reviewers' competing views on {topic}. ",
        ]) + rng.choice(_HARMS)
    if kind == "counsel":
        legal = rng.choice(_LEGAL_TOPICS)
        if not harm:
            return rng.choice(["Attorney-client privileged communication.",
                               "Protected by the attorney-client privilege and the attorney "
                               "work-product doctrine."])
        return rng.choice([
            f"Email from an OPLA {city} attorney to ERO supervisors giving legal advice on "
            f"{legal}, sent in confidence at their request. Release would reveal confidential "
            "attorney-client communications and would discourage ERO officers from seeking "
            "legal advice before they act.",
            f"Memorandum prepared by OPLA in anticipation of litigation over {legal}, setting "
            "out counsel's assessment of the agency's litigation risk. Release would hand "
            "opposing parties the agency's litigation strategy.",
        ])
    if kind == "statute":
        if form == "(b)(3)":
            return rng.choice(["Information exempt from disclosure by statute.",
                               "The withheld information is specifically exempted from "
                               "disclosure by statute."])
        return ("The withheld information relates to a noncitizen arrested in " + city + on
                + " who is the beneficiary of a pending application for U nonimmigrant status. "
                "8 U.S.C. \u00a7 1367(a)(2) prohibits disclosure of any information relating to "
                "such a person and leaves the agency no discretion.")
    if kind == "techniques":
        if not harm:
            return rng.choice(["Redacted information is law enforcement sensitive.",
                               "Information withheld would disclose law enforcement techniques "
                               "and procedures."])
        return rng.choice([
            "The redacted portions give the query parameters ERO used to build daily target "
            "packages from its case-management systems. Disclosure would let persons with "
            "final orders of removal predict which addresses ERO would visit, and evade arrest.",
            f"The redacted portions describe the staging locations, team composition and radio "
            f"procedures for early-morning arrests in {city}. Disclosure would let persons "
            f"subject to arrest anticipate and counter ERO's approach, endangering officers "
            f"and bystanders.",
            "Redacted: the thresholds ERO used to rank at-large targets. Knowing them, a "
            "person could arrange his affairs to fall just outside them.",
        ])
    if kind == "privacy":
        return rng.choice([
            f"Redacted: the name, date of birth and A-number of a noncitizen arrested in "
            f"{city}{on}. He has a strong privacy interest in not being associated with a law "
            f"enforcement action, and the public interest in the operation is served by the "
            f"released text without his identity.",
            f"Names and cell phone numbers of {rng.randint(2, 9)} ERO {city} deportation "
            f"officers. The identities of line officers reveal nothing about how ICE "
            f"conducted the operation.",
        ])
    first, second = kind.split("+")
    return "\n".join([_specific(rng, first, form, harm, topic, decision, doc_type, when),
                      _specific(rng, second, form, harm, topic, decision, doc_type, when)])


def _author(rng: random.Random, office: str) -> tuple[str, str]:
    """The author cell, and the person named in it (or "")."""
    roll = rng.random()
    if roll < 0.45:
        person = rng.choice(_PEOPLE)
        return f"{person} ({office})", person
    if roll < 0.8 and office.startswith("ERO"):
        return f"{rng.choice(_ROLES)}, {office}", ""
    return office, ""


def _recipients(rng: random.Random, author: str) -> str:
    roll = rng.random()
    people = [p for p in _PEOPLE if p != author]
    if roll < 0.35:
        return rng.choice(_GROUPS)
    if roll < 0.7:
        return "; ".join(rng.sample(people, rng.randint(1, 3)))
    if roll < 0.85:
        return f"{rng.choice(people)}; cc: {rng.choice(_GROUPS)}"
    return f"{rng.choice(_ROLES)}, {rng.choice(_OFFICES[:5])}"


def _description(rng: random.Random, doc_type: str, topic: str, office: str) -> str:
    text = {
        "Email": f"Email from {office} about {topic}.",
        "Email chain": f"Email chain ({rng.randint(2, 9)} messages) among {office} "
                       f"supervisors concerning {topic}.",
        "Memorandum": f"Memorandum from {office} to ERO leadership on {topic}.",
        "Draft memorandum": f"Draft memorandum, unsigned, proposing changes to {topic}. "
                            "Bears reviewer comments in the margin.",
        "Slide deck": f"Briefing slides prepared for ICE leadership on {topic}.",
        "Spreadsheet": f"Spreadsheet tracking {topic}.",
        "Talking points": f"Draft talking points for the ICE Office of Public Affairs on "
                          f"{topic}.",
        "Daily operations report": f"Daily operations report of {office} for Operation "
                                   "Palladium, listing arrests, collateral arrests and "
                                   "use-of-force incidents.",
        "Form I-213": "Record of Deportable/Inadmissible Alien (Form I-213) for a person "
                      f"arrested by {office} during the operation.",
        "Text messages": f"Text messages between two {office} supervisors about {topic}.",
        "Operations plan": f"Operation Palladium operations plan for {office}, covering "
                           f"{topic}.",
    }[doc_type]
    roll = rng.random()
    if doc_type in ("Email", "Email chain") and roll < 0.35:
        text += "\n" + rng.choice(_ATTACHMENTS)
    elif doc_type == "Slide deck" and roll < 0.5:
        text += ("\nSlides 1\u20133: arrest totals by city.\nSlides 4 and following: "
                 "proposed changes to " + topic + ".")
    elif roll < 0.1:
        text += "\nThe document is one of several versions; see also the entries that follow."
    return text


@dataclass
class _Plan:
    kind: str
    form: str
    cls: str  # "verbatim", "near", "specific"
    harm: bool = False


_SHARES = {"verbatim": 0.60, "near": 0.15, "specific": 0.25}


def _plan(rng: random.Random, turn: dict[str, int], tally: dict[str, int], size: int) -> _Plan:
    # Weighted by how far each kind of justification is behind its share, so
    # that even a short index comes near the shares.
    done = sum(tally.values()) + size
    cls = rng.choices(list(_SHARES), [max(0.02, share * done - tally.get(c, 0))
                                      for c, share in _SHARES.items()])[0]
    tally[cls] = tally.get(cls, 0) + size
    if cls == "specific":
        kind = _pick(rng, [("dpp", 25), ("counsel", 14), ("statute", 12), ("techniques", 15),
                           ("privacy", 8), ("privacy+techniques", 11), ("dpp+privacy", 10),
                           ("statute+privacy", 5)])
    else:
        kind = _pick(rng, [("privacy", 45), ("techniques", 30), ("dpp", 25)])
    forms = _FORMS[kind]
    # Taken in turn, from a random start, so that each form turns up.
    n = turn.setdefault(kind, rng.randrange(len(forms)))
    turn[kind] = n + 1
    return _Plan(kind, forms[n % len(forms)], cls, harm=rng.random() < 0.55)


def _justification(rng: random.Random, plan: _Plan, topic: str, decision: str | None,
                   doc_type: str, when: date | None) -> str:
    if plan.cls == "verbatim":
        return _BOILERPLATE[plan.kind]
    if plan.cls == "near":
        return _near_duplicate(rng, plan.kind)
    return _specific(rng, plan.kind, plan.form, plan.harm, topic, decision, doc_type, when)


def _disposition(rng: random.Random, plan: _Plan, doc_type: str) -> tuple[str, str]:
    """The disposition and segregability cells."""
    wif_odds = {"dpp": 0.5, "counsel": 0.8, "statute": 0.5, "dpp+privacy": 0.3}.get(
        plan.kind, 0.12)
    if doc_type == "Draft memorandum":
        wif_odds = max(wif_odds, 0.7)
    if rng.random() < wif_odds:
        seg = "" if rng.random() < 0.2 else rng.choice(_SEG_WIF)
        return _pick(rng, _WIF), seg
    return _pick(rng, _RIP), rng.choice(_SEG_RIP)


def _operation_date(rng: random.Random) -> date:
    if rng.random() < 0.1:  # planning, the autumn before
        return date(2019, 10, 1) + timedelta(days=rng.randrange(120))
    return date(2020, 1, 15) + timedelta(days=rng.randrange(230))


def _cluster(rng: random.Random, size: int, turn: dict[str, int],
             tally: dict[str, int]) -> list[dict]:
    """Documents that belong together (a thread, the drafts of one memo): one
    withholding claim, one topic, dates close together."""
    plan = _plan(rng, turn, tally, size)
    topic = rng.choice(_TOPICS)
    deliberative = "dpp" in plan.kind
    decision, decided = rng.choice(_DECISIONS) if deliberative else (None, None)
    names_decision = deliberative and rng.random() < 0.6
    start = (decided - timedelta(days=rng.randint(3, 40))) if decided else _operation_date(rng)
    out = []
    for k in range(size):
        if deliberative or plan.kind == "counsel":
            doc_type = rng.choice(_DELIBERATIVE_TYPES)
        else:  # drafts are withheld for what they deliberate, not for names
            doc_type = rng.choices([t[0] for t in _RECORD_TYPES],
                                   [t[1] for t in _RECORD_TYPES])[0]
        low, high = next((lo, hi) for t, _, lo, hi in _TYPES if t == doc_type)
        when: date | None = start + timedelta(days=k * rng.randint(0, 2))
        if deliberative and rng.random() < 0.25:
            when = None
        office = rng.choice(_OFFICES)
        author, person = _author(rng, office)
        recipients = _recipients(rng, person)
        if deliberative:  # drafts often carry neither author nor addressee
            author = "" if rng.random() < 0.3 else author
            recipients = "" if rng.random() < 0.35 else recipients
        if doc_type in ("Spreadsheet", "Daily operations report", "Form I-213"):
            recipients = rng.choice(["N/A", "", recipients])
        various = doc_type in ("Email chain", "Spreadsheet", "Text messages") and (
            rng.random() < 0.3)
        description = _description(rng, doc_type, topic, office)
        if names_decision and rng.random() < 0.5:
            description += f" Prepared before {decision}."
        disposition, seg = _disposition(rng, plan, doc_type)
        out.append(dict(
            _cls=plan.cls if "+" not in plan.kind else "combined",
            date=_written(rng, when, various), doc_type=doc_type, author=author,
            recipients=recipients, pages=rng.randint(low, high), description=description,
            disposition=disposition, exemptions=plan.form, segregability=seg,
            justification=_justification(rng, plan, topic,
                                         decision if names_decision else None, doc_type, when),
        ))
    return out


def _legacy(rng: random.Random) -> dict:
    """A document from before 2000, swept in as background: deliberative
    process claimed for a record more than 25 years old."""
    when = date(rng.randint(1994, 1999), rng.randint(1, 12), rng.randint(1, 28))
    subject = rng.choice(["detainer procedures for non-cooperating jurisdictions",
                          "at-large apprehension teams", "standards for residential entries"])
    return dict(
        date=_written(rng, when), doc_type="Memorandum",
        author="Legacy INS Office of Field Operations", recipients=rng.choice(
            ["INS District Directors", "INS Regional Directors", ""]), pages=rng.randint(2, 5),
        description=f"Legacy INS memorandum on {subject} ({when.year}), attached to a 2020 "
                    "email as background for the Operation Palladium operations plan.",
        disposition=_pick(rng, _WIF), exemptions=rng.choice(["b5 - DPP", "(b)(5)"]),
        justification=rng.choice([_BOILERPLATE["dpp"],
                                  "The memorandum is predecisional and deliberative."]),
        segregability=rng.choice(_SEG_WIF),
    )


def sample_rows(n: int, seed: int = 7) -> list[AgencyRow]:
    """``n`` rows of an invented ICE index for Operation Palladium, the same for
    the same ``n`` and ``seed``: Bates numbers contiguous from ICE-2020-000001."""
    rng = random.Random(seed)
    legacy = set(rng.sample(range(n), min(n, max(1, round(n * 0.02))))) if n >= 10 else set()
    turn: dict[str, int] = {}
    tally: dict[str, int] = {}
    raw: list[dict] = []
    while len(raw) < n:
        if len(raw) in legacy:
            raw.append(_legacy(rng))
            continue
        room = min([i for i in legacy if i > len(raw)] + [n]) - len(raw)
        size = min(room, rng.choices([1, 2, 3, 4, 5, 6], [30, 22, 18, 13, 10, 7])[0])
        raw += _cluster(rng, size, turn, tally)
    if n >= 40:
        _ensure_forms(rng, raw, legacy)
    rows: list[AgencyRow] = []
    page = 1
    for i, r in enumerate(raw, 1):
        r.pop("_cls", None)
        end = page + r.pop("pages") - 1
        rows.append(AgencyRow(doc_no=str(i), bates_begin=f"ICE-2020-{page:06d}",
                              bates_end=f"ICE-2020-{end:06d}", pages=str(end - page + 1), **r))
        page = end + 1
    return rows


def _ensure_forms(rng: random.Random, raw: list[dict], legacy: set[int]) -> None:
    """Every exemption form, and the odd unreadable one, in any index of 40 rows
    or more."""
    present = {r["exemptions"] for r in raw}
    wanted = [(k, f) for k, f in _REQUIRED_FORMS if f not in present]
    wanted += [("odd", f) for f in _UNPARSEABLE for _ in range(max(1, round(len(raw) / 150)))]
    # Rewrite single-claim specific entries first, boilerplate last, so that the
    # shares of justifications hold.
    rank = {"specific": 0, "near": 1, "verbatim": 2, "combined": 3}
    free = sorted((i for i in range(len(raw)) if i not in legacy),
                  key=lambda i: (rank[raw[i]["_cls"]], rng.random()))
    count = Counter(r["exemptions"] for r in raw)
    for kind, form in wanted:
        # Never the only entry with a form of its own.
        i = next((i for i in free if count[raw[i]["exemptions"]] > 1), None)
        if i is None:
            return
        free.remove(i)
        r = raw[i]
        count[r["exemptions"]] -= 1
        count[form] += 1
        if form == "(b)(7)(G)":  # a slip for 7(E)
            r["exemptions"], r["justification"] = form, _BOILERPLATE["techniques"]
        elif kind == "odd":
            r["exemptions"] = form
            r["justification"] = "See Declaration of the ICE FOIA Officer (SAMPLE) \u00b6 12."
        else:
            plan = _Plan(kind, form, "specific", harm=rng.random() < 0.5)
            r["exemptions"] = form
            r["justification"] = _justification(rng, plan, rng.choice(_TOPICS), None,
                                                r["doc_type"], None)
            r["disposition"], r["segregability"] = _disposition(rng, plan, r["doc_type"])


# --- Files -------------------------------------------------------------------


def _fixed_zip(data: bytes, fixes: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same package with every member dated alike (and ``fixes`` applied to
    the members they name), so that the same rows give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if fixes and info.filename in fixes:
                blob = fixes[info.filename](blob)
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), blob,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _stamp_core(xml: bytes) -> bytes:
    """openpyxl writes the time of saving into the core properties; the fixed one instead."""
    stamp = datetime(*_ZIP_TIME).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, xml)


# Word: widths in twentieths of a point, for 9-point Times: a Bates number, a
# date and "Memorandum" each fit on one line. Thirteen columns want the legal
# landscape page agencies use for them; 13 inches inside half-inch margins.
_TWIPS = [520, 1500, 1500, 1000, 1200, 1300, 1300, 600, 2900, 1020, 1200, 3400, 1280]
_TABLE_WIDTH = sum(_TWIPS)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
_HEADING_PREFIX = "Documents Responsive to Item"
_BASIS = HEADERS.index("Basis for Withholding")


def _w_paragraphs(text: str, style: str, bold: bool) -> str:
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for line in text.split("\n"):
        run = (f'<w:r>{run_props}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>'
               if line else "")
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>')
    return "".join(out)


def _w_cell(text: str, width: int, style: str, *, bold: bool = False, span: int = 1,
            merge: str | None = None, shade: str | None = None) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
        text = ""
    if shade:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_w_paragraphs(text, style, bold)}</w:tc>"


def _w_header_row(style: str, *, repeating: bool) -> str:
    props = "<w:cantSplit/><w:tblHeader/>" if repeating else "<w:cantSplit/>"
    cells = "".join(_w_cell(h, w, style, bold=True, shade="D9D9D9")
                    for h, w in zip(HEADERS, _TWIPS, strict=True))
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def _w_table(body_rows: list[str], style: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _TWIPS)
    return (
        f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr>'
        f'<w:tblW w:w="{_TABLE_WIDTH}" w:type="dxa"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="72" w:type="dxa"/>'
        '<w:right w:w="72" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body_rows)}</w:tbl>"
    )


def _sections(n: int) -> dict[int, str]:
    """Where a section heading goes before a row, and what it says."""
    rng = random.Random(n)
    out, i, k = {}, 0, 0
    while i < n:
        item, release = k % 6 + 1, k // 6 + 1
        text = f"{_HEADING_PREFIX} {item} of Request {REQUEST_NO}"
        out[i] = text if release == 1 else f"{text} (Interim Release {release})"
        i += rng.randint(12, 40) if n <= 200 else rng.randint(40, 160)
        k += 1
    return out


def _split(n: int, k: int) -> list[range]:
    k = max(1, min(k, n)) if n else 1
    bounds = [round(n * j / k) for j in range(k + 1)]
    return [range(bounds[j], bounds[j + 1]) for j in range(k)]


def write_agency_docx(path, rows: list[AgencyRow], *, title: str = TITLE, tables: int = 1,
                      merged: bool = True, repeated_header: bool = True) -> Path:
    """The index as a Word file, laid out as agencies serve it.

    Before the index: court, a two-column caption *table* (parties | case no.),
    the title and an introductory paragraph. The index's first row is the
    header, marked to repeat on each page. ``repeated_header`` pastes the
    header again as an ordinary row every ~40 rows; ``merged`` adds section
    headings spanning the table and writes runs of equal "Basis for
    Withholding" cells as one vertically merged cell; ``tables`` splits the
    rows over that many tables, each after the first opening with the header
    again, except the last, which has none.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.shared import Inches, Pt

    path = Path(path)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(14), Inches(8.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.5))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    cell_style = doc.styles.add_style("Vaughn Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.size = Pt(9)
    fmt = cell_style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(2), 1.0
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    style = cell_style.style_id

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "SAMPLE", "SAMPLE"
    props.created = props.modified = datetime(*_ZIP_TIME)
    props.revision = 1

    footer = section.footer.paragraphs[0]
    footer.text = _FOOTER + "   Page "
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(f'<w:fldSimple xmlns:w="{_W_NS}" w:instr="PAGE">'
                               "<w:r><w:t>1</w:t></w:r></w:fldSimple>"))

    for line in ("UNITED STATES DISTRICT COURT", "SOUTHERN DISTRICT OF NEW YORK"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(line).bold = True
        p.paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    caption = doc.add_table(rows=1, cols=2)
    parties, case_no = caption.rows[0].cells
    parties.text = ("IMMIGRANT DEFENSE PROJECT and CENTER FOR CONSTITUTIONAL RIGHTS,\n"
                    "Plaintiffs,\nv.\nU.S. DEPARTMENT OF HOMELAND SECURITY and "
                    "U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT,\nDefendants.")
    case_no.text = "Case No. 1:20-cv-08000 (SAMPLE)"
    parties._tc.get_or_add_tcPr().append(parse_xml(
        f'<w:tcBorders xmlns:w="{_W_NS}"><w:right w:val="single" w:sz="8" w:space="0" '
        'w:color="000000"/></w:tcBorders>'))
    for cell, width in ((parties, Inches(6.5)), (case_no, Inches(6.5))):
        cell.width = width
    doc.add_paragraph()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    doc.add_paragraph(
        "Defendant U.S. Immigration and Customs Enforcement (\"ICE\") submits this index of "
        f"the records it withheld in full or in part in response to FOIA Request {REQUEST_NO}. "
        "RIP: released in part. WIF: withheld in full. DPP: deliberative process privilege. "
        "(SAMPLE: every entry is invented for the Casefile demo case.)")

    body = doc.element.body
    sect_pr = body.sectPr
    headings = _sections(len(rows)) if merged else {}
    rng = random.Random(len(rows) + 1)
    chunks = _split(len(rows), tables)
    for t, chunk in enumerate(chunks):
        out: list[str] = []
        if t < len(chunks) - 1 or len(chunks) == 1:
            out.append(_w_header_row(style, repeating=True))
        until_header = rng.randint(36, 44)
        # Rows of the table: ("head", text) | ("header", None) | ("row", index)
        plan: list[tuple[str, object]] = []
        for i in chunk:
            if repeated_header and until_header <= 0:
                plan.append(("header", None))
                until_header = rng.randint(36, 44)
            if i in headings:
                plan.append(("head", headings[i]))
            plan.append(("row", i))
            until_header -= 1
        # Equal justifications in consecutive entries: one vertically merged cell.
        basis = [rows[v].justification if k == "row" and merged else "" for k, v in plan]
        basis.append("")
        for j, (kind, value) in enumerate(plan):
            if kind == "head":
                out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                           + _w_cell(str(value), _TABLE_WIDTH, style, bold=True,
                                     span=len(HEADERS), shade="F2F2F2") + "</w:tr>")
                continue
            if kind == "header":
                out.append(_w_header_row(style, repeating=False))
                continue
            merge = None
            if basis[j] and j and basis[j - 1] == basis[j]:
                merge = "continue"
            elif basis[j] and basis[j + 1] == basis[j]:
                merge = "restart"
            cells = [_w_cell(text, width, style, merge=merge if c == _BASIS else None)
                     for c, (text, width) in enumerate(zip(astuple(rows[value]), _TWIPS,
                                                           strict=True))]
            out.append("<w:tr>" + "".join(cells) + "</w:tr>")
        if t:
            sect_pr.addprevious(parse_xml(f'<w:p xmlns:w="{_W_NS}"/>'))
        sect_pr.addprevious(parse_xml(_w_table(out, style)))

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path


_XLSX_WIDTHS = [7, 17, 17, 13, 16, 24, 24, 8, 48, 16, 22, 60, 36]


def write_agency_xlsx(path, rows: list[AgencyRow], *, password: str | None = None) -> Path:
    """The index as an Excel workbook: the title in row 1, row 2 blank, the
    header in row 3, one row per entry from row 4. Doc. No. and No. of Pages
    are number cells and dates typed as MM/DD/YYYY are date cells, as in the
    workbooks agencies keep; everything else is text as written. With
    ``password``, the workbook is encrypted (Excel's "Encrypt with Password")."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    wb.properties.creator = wb.properties.lastModifiedBy = "SAMPLE"
    wb.properties.title = TITLE
    wb.properties.created = datetime(*_ZIP_TIME)
    ws = wb.active
    ws.title = "Vaughn Index"
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append([])
    ws.append(HEADERS)
    wrap = Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="D9D9D9")
    for cell in ws[3]:
        cell.font, cell.alignment, cell.fill = Font(bold=True), wrap, fill
    for row in rows:
        values: list[object] = list(astuple(row))
        for c in (0, 7):
            if values[c].isdigit():
                values[c] = int(values[c])
        with contextlib.suppress(ValueError):
            values[3] = datetime.strptime(row.date, "%m/%d/%Y")
        ws.append(values)
    for r in ws.iter_rows(min_row=4):
        for cell in r:
            cell.alignment = wrap
        if isinstance(r[3].value, datetime):
            r[3].number_format = "mm/dd/yyyy"
    for c, width in enumerate(_XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"

    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    data = _fixed_zip(data, {"docProps/core.xml": _stamp_core})
    if password is not None:
        from msoffcrypto.format.ooxml import OOXMLFile

        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(data)).encrypt(password, encrypted)
        data = encrypted.getvalue()
    path.write_bytes(data)
    return path


def write_agency_csv(path, rows: list[AgencyRow]) -> Path:
    """The index as CSV: UTF-8 with a byte-order mark (as Excel saves it), the
    header row first, then one row per entry; multi-paragraph cells quoted."""
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        writer.writerows(astuple(row) for row in rows)
    return path


# PDF column widths in points, for 7-point Helvetica: a Bates number, "Memorandum"
# and "06/18/2020" each fit on one line. 748 = landscape letter less 0.4-inch margins.
_PDF_WIDTHS = [26, 61, 61, 50, 52, 50, 50, 26, 84, 46, 54, 134, 54]


def write_agency_pdf(path, rows: list[AgencyRow]) -> Path:
    """The index as a PDF printed from a table: landscape letter, ruled cells
    (one row per entry, the header repeated atop each page), text that wraps
    inside its cell, a real text layer. Cells of several paragraphs keep them."""
    from reportlab.lib.colors import black, lightgrey
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    path = Path(path)
    size = landscape(LETTER)
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=7, leading=8.4)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    title = ParagraphStyle("title", fontName="Times-Bold", fontSize=13, leading=16,
                           alignment=TA_CENTER)
    sub = ParagraphStyle("sub", parent=title, fontName="Times-Roman", fontSize=10, leading=13)

    def paras(text: str, style: ParagraphStyle) -> list[Paragraph]:
        return [Paragraph(escape(line), style) for line in text.split("\n")]

    data = [[paras(h, head) for h in HEADERS]]
    data += [[paras(v, cell) for v in astuple(row)] for row in rows]
    table = LongTable(data, colWidths=_PDF_WIDTHS, repeatRows=1)
    table.setStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, black),
        ("BACKGROUND", (0, 0), (-1, 0), lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillGray(0.45)
        canvas.drawCentredString(size[0] / 2, 0.3 * inch,
                                 f"{_FOOTER}   Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=0.4 * inch,
                            rightMargin=0.4 * inch, topMargin=0.5 * inch,
                            bottomMargin=0.55 * inch, invariant=1, creator="Casefile",
                            author="SAMPLE", title=TITLE)
    story = [
        Paragraph("IDP v. DHS, No. 1:20-cv-08000 (S.D.N.Y.) (SAMPLE)", sub),
        Paragraph(escape(TITLE), title),
        Paragraph(f"FOIA Request {REQUEST_NO}", sub),
        Spacer(1, 8),
        table,
    ]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
