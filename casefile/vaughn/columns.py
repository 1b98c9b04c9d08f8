"""Matching the columns of an agency's Vaughn index to our fields.

Agencies head the same column many ways ("Doc. No.", "Bates Begin",
"Exemption(s) Asserted", "Basis for Withholding"). A header is matched by its
normalised words against known headers first, then by the words that give it
away ("bates" and "end"). What still does not match is kept in the entry's
description under its own header, and the user can map it; a mapping the user
corrects is saved for the agency and applied to its next index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.store.models import Agency, VaughnColumnMap

# Our fields, with the header each is exported under (import reads it back).
FIELDS: dict[str, str] = {
    "entry_no": "Entry",
    "bates": "Bates Range",
    "bates_begin": "Bates Begin",
    "bates_end": "Bates End",
    "doc_date": "Date",
    "doc_type": "Document Type",
    "author": "Author",
    "recipients": "Recipients",
    "pages": "Pages",
    "description": "Description",
    "disposition": "Disposition",
    "exemptions": "Exemptions",
    "statute": "Exemption 3 Statute",
    "justification": "Justification",
    "foreseeable_harm": "Foreseeable Harm",
    "segregability": "Segregability",
    "challenge_state": "Challenge",
    "challenge_argument": "Argument",
    "challenge_citations": "Authorities",
}
IGNORE = "ignore"

_KNOWN: dict[str, str] = {}
for _field, _headers in {
    "entry_no": ["entry", "entry no", "entry number", "no", "number", "doc no", "document no",
                 "document number", "doc number", "item", "item no", "index no", "vaughn no",
                 "record no", "doc id", "document id", "doc", "id", "ref", "ref no"],
    "bates": ["bates", "bates range", "bates no", "bates nos", "bates number", "bates numbers",
              "page range", "bates pages", "document bates", "bates number s"],
    "bates_begin": ["bates begin", "bates start", "beg bates", "begin bates", "bates beg",
                    "start bates", "begbates", "bates from", "first bates", "bates first"],
    "bates_end": ["bates end", "end bates", "bates stop", "endbates", "bates to", "last bates",
                  "bates last"],
    "doc_date": ["date", "doc date", "document date", "date of document", "date created"],
    "doc_type": ["type", "document type", "doc type", "record type", "type of document",
                 "document description type"],
    "author": ["author", "from", "sender", "originator", "author from", "author recipient",
               "author recipients", "from to"],
    "recipients": ["recipient", "recipients", "recipient s", "to", "addressee", "addressees",
                   "to cc", "recipient to"],
    "pages": ["pages", "no of pages", "number of pages", "page count", "pgs", "total pages",
              "pages withheld", "num pages", "pg count", "pg", "pgs count", "no of pgs",
              "page s", "number of pgs", "pp", "total pgs"],
    "description": ["description", "document description", "description of document",
                    "subject", "title", "document title", "description of record",
                    "description of withheld material", "description of information withheld"],
    "disposition": ["disposition", "release status", "status", "treatment", "action taken",
                    "released withheld", "rif wif", "rip wif", "withheld in full or part",
                    "wif rip", "rif rip wif", "withheld in full part", "withheld in part full",
                    "released in full part", "wif rif", "wif or rip", "rip or wif"],
    "exemptions": ["exemption", "exemptions", "exemption s", "exemptions asserted",
                   "exemption s asserted", "exemptions claimed", "exemption s claimed",
                   "foia exemption", "foia exemptions", "foia exemption s", "exemption applied",
                   "exemptions applied", "privilege asserted", "privilege", "exemption codes",
                   "ex", "exs", "ex s", "ex no", "exemption no", "ex claimed",
                   "exemptions cited", "exemption s cited", "foia ex"],
    "statute": ["statute", "b3 statute", "exemption 3 statute", "statute cited",
                "withholding statute"],
    "justification": ["justification", "basis for withholding", "justification for withholding",
                      "reason for withholding", "explanation", "basis for exemption",
                      "withholding justification", "rationale", "explanation of withholding",
                      "basis for exemption s", "basis for withholding and foreseeable harm",
                      "justification for exemption s"],
    "foreseeable_harm": ["foreseeable harm", "harm", "reasonably foreseeable harm",
                         "foreseeable harm analysis", "foreseeable harm statement"],
    "segregability": ["segregability", "segregation", "segregable", "reasonably segregable",
                      "segregability analysis", "segregability determination"],
    "challenge_state": ["challenge", "challenge state", "challenge status"],
    "challenge_argument": ["argument", "challenge argument"],
    "challenge_citations": ["authorities", "citations", "challenge authorities"],
}.items():
    for _header in _headers:
        _KNOWN[_header] = _field
for _field, _header in FIELDS.items():
    _KNOWN[" ".join(re.findall(r"[a-z0-9]+", _header.lower()))] = _field

# Words that give a header away when it is not one of the known ones, in order.
_CLUES: list[tuple[str, str]] = [
    (r"\bbates\b.*\b(beg|begin|beginning|start|first|from)\b|\b(beg|begin|start)\w*\s+bates",
     "bates_begin"),
    (r"\bbates\b.*\b(end|ending|last|stop|to)\b|\b(end|last)\w*\s+bates", "bates_end"),
    (r"\bbates\b", "bates"),
    (r"\bharm\b", "foreseeable_harm"),
    (r"\bsegregab", "segregability"),
    (r"\bstatute\b", "statute"),
    (r"\b(justif|basis|reason|rationale|explanation)", "justification"),
    (r"\bexempt|\bprivilege|^ex\b", "exemptions"),
    (r"\bdisposition|\breleas|\bwithheld\b|\bwif\b|\brip\b", "disposition"),
    (r"\bdate\b", "doc_date"),
    (r"\bpages?\b|\bpgs?\b", "pages"),
    (r"\bdescri|\bsubject\b|\btitle\b", "description"),
    (r"\brecipient|\baddressee", "recipients"),
    (r"\bauthor|\bfrom\b|\boriginator", "author"),
    (r"\btype\b", "doc_type"),
    (r"\b(no|number|entry|item|id)\b|#", "entry_no"),
]


def normalise(header: str) -> str:
    """'Exemption(s) Asserted:' → 'exemption s asserted'."""
    return " ".join(re.findall(r"[a-z0-9#]+", header.lower()))


def guess(header: str) -> str | None:
    key = normalise(header)
    if not key:
        return None
    if key in _KNOWN:
        return _KNOWN[key]
    for pattern, field in _CLUES:
        if re.search(pattern, key):
            return field
    return None


def match(headers: Sequence[str], saved: Mapping[str, str] = {}) -> list[str | None]:
    """The field of each column: saved mappings first, then guesses.

    A field goes to one column only: the first that claims it keeps it, so a
    second "Date" column is left for the user rather than silently merged.
    """
    fields: list[str | None] = []
    taken: set[str] = set()
    for header in headers:
        field = saved.get(normalise(header)) or guess(header)
        if field and field != IGNORE and field in taken:
            field = None
        if field and field != IGNORE:
            taken.add(field)
        fields.append(field)
    return fields


def score(fields: Sequence[str | None]) -> int:
    """How much a row of headers looks like a Vaughn index's: 0 when it does not.

    It must name the exemptions (or their justification) and something that
    identifies a document.
    """
    found = {f for f in fields if f and f != IGNORE}
    if not found & {"exemptions", "justification"}:
        return 0
    if not found & {"entry_no", "bates", "bates_begin", "description"}:
        return 0
    return len(found)


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """--map 'Basis=justification' options, as header → field."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        header, sep, field = pair.rpartition("=")
        field = field.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not header.strip():
            raise InputError(f"Write a column mapping as 'Header=field', not '{pair}'.")
        if field not in FIELDS and field != IGNORE:
            raise InputError(f"'{field}' is not a field of a Vaughn entry; use one of "
                             f"{', '.join(FIELDS)} or {IGNORE}.")
        overrides[normalise(header)] = field
    return overrides


def saved(session: Session, agency: Agency | None) -> dict[str, str]:
    if agency is None:
        return {}
    rows = session.execute(select(VaughnColumnMap.header, VaughnColumnMap.field)
                           .where(VaughnColumnMap.agency_id == agency.id))
    return {header: field for header, field in rows}


def save(session: Session, agency: Agency, overrides: Mapping[str, str]) -> None:
    """Remember the user's corrections for this agency's next index."""
    if not overrides:
        return
    session.execute(delete(VaughnColumnMap).where(VaughnColumnMap.agency_id == agency.id,
                                                  VaughnColumnMap.header.in_(overrides)))
    session.add_all(VaughnColumnMap(agency_id=agency.id, header=h, field=f)
                    for h, f in overrides.items())
    session.flush()
