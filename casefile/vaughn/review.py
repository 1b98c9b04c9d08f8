"""Reviewing a Vaughn index for what courts reject.

Each check reads the entries (``data``) once and says, entry by entry, what
falls short and on what authority (``../shared/DOMAIN.md``, "The Vaughn
index"). The checks are tests a careful associate applies by eye; they flag
for a lawyer's judgment and decide nothing.

Boilerplate is found without comparing every pair of justifications: texts
are normalised and grouped exactly, then near-identical variants (a name or a
date changed) are joined to a group through a few of their smallest shingle
hashes, a MinHash-style sketch, and confirmed by their word-trigram overlap.
20,000 entries take about a second.
"""

from __future__ import annotations

import bisect
import functools
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from casefile import markings
from casefile.store.models import (
    Disposition,
    DocumentPage,
    FoiaRequest,
    Matter,
    Production,
    VaughnIndex,
)
from casefile.vaughn import data

VAUGHN = "Vaughn v. Rosen, 484 F.2d 820 (D.C. Cir. 1973)"
KING = "King v. U.S. Dep't of Justice, 830 F.2d 210 (D.C. Cir. 1987)"
RCFP = "Reporters Comm. for Freedom of the Press v. FBI, 3 F.4th 350 (D.C. Cir. 2021)"
MEAD = "Mead Data Cent., Inc. v. U.S. Dep't of the Air Force, 566 F.2d 242 (D.C. Cir. 1977)"
JW_FDA = "Judicial Watch, Inc. v. FDA, 449 F.3d 141 (D.C. Cir. 2006)"
COASTAL = "Coastal States Gas Corp. v. Dep't of Energy, 617 F.2d 854 (D.C. Cir. 1980)"
SENATE_PR = "Senate of P.R. v. U.S. Dep't of Justice, 823 F.2d 574 (D.C. Cir. 1987)"
SIMS = "CIA v. Sims, 471 U.S. 159 (1985)"
HARM_STATUTE = "5 U.S.C. § 552(a)(8)(A)(i)"
# The circuits with their own authorities (each citation checked by hand).
HALPERN = "Halpern v. FBI, 181 F.3d 279 (2d Cir. 1999)"
SEIFE = "Seife v. U.S. Food & Drug Admin., 43 F.4th 231 (2d Cir. 2022)"
GRAND_CENTRAL = "Grand Cent. P'ship, Inc. v. Cuomo, 166 F.3d 473 (2d Cir. 1999)"
WIENER = "Wiener v. FBI, 943 F.2d 972 (9th Cir. 1991)"
PACIFIC_FISHERIES = "Pac. Fisheries, Inc. v. United States, 539 F.3d 1143 (9th Cir. 2008)"
ASSEMBLY = "Assembly of Cal. v. U.S. Dep't of Commerce, 968 F.2d 916 (9th Cir. 1992)"

# code → (what the flag says, in a heading; the authority)
CHECKS: dict[str, tuple[str, str]] = {
    "boilerplate": ("Boilerplate justification repeated across entries", f"{KING}; {RCFP}"),
    "conclusory": ("Justification missing or conclusory", f"{JW_FDA}; {KING}"),
    "restates_statute": ("Justification only restates the exemption's words",
                         f"{KING}; {JW_FDA}"),
    "no_harm": ("No specific, reasonably foreseeable harm stated", f"{HARM_STATUTE}; {RCFP}"),
    "generic_harm": ("Harm stated only in general terms, not for this record",
                     f"{HARM_STATUTE}; {RCFP}"),
    "segregability": ("Withheld in full with no segregability statement",
                      f"5 U.S.C. § 552(b) (reasonably segregable portion); {MEAD}"),
    "dpp_details": ("Deliberative process claimed without the facts that support it",
                    f"{COASTAL}; {SENATE_PR}"),
    "dpp_age": ("Deliberative process claimed on a record 25 or more years old",
                "5 U.S.C. § 552(b)(5) (as amended 2016)"),
    "b3_statute": ("Exemption 3 claimed with no statute named", f"5 U.S.C. § 552(b)(3); {SIMS}"),
    "not_in_catalog": ("Exemption not in § 552(b) as written", f"5 U.S.C. § 552(b); {JW_FDA}"),
    "no_exemption": ("No exemption stated", VAUGHN),
    "no_description": ("Document not described", f"{VAUGHN}; {JW_FDA}"),
    "bates_gap": ("Pages withheld or redacted that no entry accounts for", VAUGHN),
    "overlap": ("Entries whose Bates ranges overlap", VAUGHN),
    "page_count": ("Page counts that do not add up", VAUGHN),
    "marking": ("Exemption marked on a produced page differs from the index",
                "5 U.S.C. § 552(b) (exemption indicated at the place of each deletion)"),
}

# Where the case is: a circuit with its own authority for a check cites it
# first (the D.C. Circuit's stay as persuasive where the circuit has none).
CIRCUIT_AUTHORITIES: dict[str, dict[str, str]] = {
    "2d": {
        "boilerplate": f"{HALPERN}; {KING}",
        "conclusory": f"{HALPERN}; {JW_FDA}",
        "restates_statute": f"{HALPERN}; {KING}",
        "no_harm": f"{HARM_STATUTE}; {SEIFE}",
        "generic_harm": f"{HARM_STATUTE}; {SEIFE}; {RCFP}",
        "dpp_details": f"{GRAND_CENTRAL}; {COASTAL}",
    },
    "9th": {
        "boilerplate": f"{WIENER}; {KING}",
        "conclusory": f"{WIENER}; {JW_FDA}",
        "restates_statute": f"{WIENER}; {KING}",
        "segregability": f"5 U.S.C. § 552(b) (reasonably segregable portion); "
                         f"{PACIFIC_FISHERIES}",
        "dpp_details": f"{ASSEMBLY}; {COASTAL}",
        "no_description": f"{WIENER}; {VAUGHN}",
    },
}

BOILERPLATE_MIN = 2  # entries sharing one text before it counts as boilerplate
NEAR = 0.75  # word-trigram Jaccard at which two texts are "nearly identical"
_SKETCH = 4  # smallest shingle hashes kept per text
_PER_BUCKET = 6  # leaders compared per sketch hash
_SHORT = 12  # words: a justification this short is conclusory

# Words that state a harm. Plain substrings of the lower-cased text, word
# starts marked by a space: a regex alternation of 30 words costs five times
# as much over 20,000 justifications.
_HARM_WORDS = (
    " harm", "chill", "foreseeab", "could reasonably be expected", " risk", "jeopardi",
    "endanger", "circumvent", "retaliat", "harass", "stigma", "embarrass", "inhibit",
    "discourag", " impair", "undermin", "compromis", "interfer", "would reveal",
    "would expose", "would allow", "would enable", "would permit", "would alert",
    "would identify", "tip off", " damage", " threat", " safety", " danger", "invasion",
    "invade", " identif", " evade", " evasion", "avoid detection", "arrange his affairs",
    "arrange her affairs", "arrange their affairs",
)
_SEGREGABILITY = re.compile(r"segregab|no (?:reasonably )?segregable|line[- ]by[- ]line", re.I)
_DECISION = re.compile(
    r"\bdecision|\bpolicy|\bdetermination|\bfinal (?:rule|action|agency|version|guidance)|"
    r"\bpreceded\b|\bprior to (?:the|a|any) (?:final|adoption|issuance|approval)|"
    r"\bbefore (?:the|a) (?:final|decision|adoption)", re.I)
_DELIBERATIVE = re.compile(r"deliberativ|predecisional|pre-decisional", re.I)
_STATUTE = re.compile(r"\d+\s*U\.?\s*S\.?\s*C|§|Pub\.?\s*L|\bStat\.|Fed\.?\s*R\.?\s*Crim", re.I)
_UNDATED = {"", "undated", "n/a", "unknown", "not dated", "no date"}

# The words of 5 U.S.C. § 552(b), exemption by exemption (and the elements of
# the (b)(5) privileges), with the words any justification uses. A
# justification with fewer than _OWN_WORDS words outside them restates the
# statute: it says nothing about this record.
_STATUTE_TEXT = {
    "b1": "specifically authorized under criteria established by an executive order to be kept "
          "secret in the interest of national defense or foreign policy and are in fact "
          "properly classified pursuant to such executive order classified information",
    "b2": "related solely to the internal personnel rules and practices of an agency",
    "b3": "specifically exempted from disclosure by statute other than section 552b of this "
          "title if that statute requires that the matters be withheld from the public in such "
          "a manner as to leave no discretion on the issue or establishes particular criteria "
          "for withholding or refers to particular types of matters to be withheld",
    "b4": "trade secrets and commercial or financial information obtained from a person and "
          "privileged or confidential",
    "b5": "inter agency or intra agency memorandums or letters that would not be available by "
          "law to a party other than an agency in litigation with the agency",
    "b5-dp": "deliberative process privilege predecisional pre decisional deliberative",
    "b5-ac": "attorney client privilege confidential communications legal advice lawyer",
    "b5-wp": "attorney work product prepared in anticipation of litigation",
    "b6": "personnel and medical files and similar files the disclosure of which would "
          "constitute a clearly unwarranted invasion of personal privacy",
    "b7": "records or information compiled for law enforcement purposes but only to the extent "
          "that the production of such law enforcement records or information",
    "b7A": "could reasonably be expected to interfere with enforcement proceedings",
    "b7B": "would deprive a person of a right to a fair trial or an impartial adjudication",
    "b7C": "could reasonably be expected to constitute an unwarranted invasion of personal "
           "privacy",
    "b7D": "could reasonably be expected to disclose the identity of a confidential source "
           "including a state local or foreign agency or authority or any private institution "
           "which furnished information on a confidential basis and in the case of a record or "
           "information compiled by criminal law enforcement authority in the course of a "
           "criminal investigation or by an agency conducting a lawful national security "
           "intelligence investigation information furnished by a confidential source",
    "b7E": "would disclose techniques and procedures for law enforcement investigations or "
           "prosecutions or would disclose guidelines for law enforcement investigations or "
           "prosecutions if such disclosure could reasonably be expected to risk circumvention "
           "of the law",
    "b7F": "could reasonably be expected to endanger the life or physical safety of any "
           "individual",
    "b8": "contained in or related to examination operating or condition reports prepared by "
          "on behalf of or for the use of an agency responsible for the regulation or "
          "supervision of financial institutions",
    "b9": "geological and geophysical information and data including maps concerning wells",
}
_ANY_JUSTIFICATION = (
    "a an the of to in on for by with from as at is are be been being was were would could "
    "will may might this that these those it its which who whom such any all each both or and "
    "nor not no but if so than then there their they them he she his her we our us because "
    "since therefore thus also further furthermore moreover accordingly hereby herein "
    "information material materials record records document documents portion portions page "
    "pages withheld withhold withholding redacted redaction redactions released release "
    "releasing disclosure disclose disclosed disclosing exemption exemptions exempt foia "
    "pursuant under u s c usc section subsection b agency agencies protected protect protects "
    "contains contain contained responsive withheld applies applied apply invoked asserted "
    "claimed category categories type types nature likewise similarly entire entirety full "
    "part partial # has have had do does did should must shall can reasonably expected "
    "within among about into between through over during after before upon against without "
    "whether what when where how why make made makes making ability able carry out "
    "foresee foresees foreseen foreseeing determined determines"
)
_OWN_WORDS = 3
# A harm stated in these words and no others is a harm to every record of its
# kind (the chill on candour), not one this record's release would cause.
_GENERIC_HARM_WORDS = (
    "chill chilling chilled frank frankly candid candor candour open honest internal "
    "discussion discussions deliberation deliberations deliberative process decision decisions "
    "decisionmaking decision-making making policy policies quality staff employee employees "
    "personnel officials official government governmental agency agencies free freely flow "
    "exchange exchanges ideas views opinions opinion recommendations advice opinions harm "
    "harmed harms harming foreseeable foreseeably reasonably interest interests protected "
    "exemption inhibit inhibited discourage discouraged reluctant hesitant unwilling future "
    "public confusion confuse confused mislead misleading premature prematurely disclosure "
    "release releasing integrity undermine undermined impair impaired ability effectively "
    "effective function functions functioning process processes "
    "candidly express expressing themselves willing willingness sound better good"
)
_GENERIC_HARM = set(_GENERIC_HARM_WORDS.split()) | set(_ANY_JUSTIFICATION.split())
_HARM_SENTENCE_WORDS = ("harm", "chill", "inhibit", "discourag", "reluctan", "confus", "undermin",
                        "impair", "foreseeab")


@dataclass
class Flag:
    check: str
    reason: str
    entry_id: int | None = None
    entry_no: str | None = None  # None: the index as a whole
    bates: str = ""
    circuit: str = ""  # the case's circuit, when it has authorities of its own

    @property
    def title(self) -> str:
        return CHECKS[self.check][0]

    @property
    def authority(self) -> str:
        return authority(self.check, self.circuit)


def authority(check: str, circuit: str = "") -> str:
    """The authority for a check in the case's circuit."""
    return CIRCUIT_AUTHORITIES.get(circuit, {}).get(check, CHECKS[check][1])


# The court's name → its circuit, for the circuits with authorities here.
_CIRCUITS = [
    (re.compile(r"district of columbia|d\.\s*c\.\s*cir|\bd\.\s*d\.\s*c\b", re.I), "D.C."),
    (re.compile(r"second circuit|\b2d cir|new york|\bs\.d\.n\.y|\be\.d\.n\.y|"
                r"\bn\.d\.n\.y|\bw\.d\.n\.y|connecticut|vermont", re.I), "2d"),
    (re.compile(r"ninth circuit|\b9th cir|california|washington|oregon|arizona|nevada|"
                r"idaho|montana|alaska|hawai|guam|northern mariana", re.I), "9th"),
]


def circuit_of(court: str | None) -> str:
    """"U.S. District Court for the Southern District of New York" → "2d"; "" if unknown."""
    for pattern, circuit in _CIRCUITS:
        if court and pattern.search(court):
            return circuit
    return ""


@dataclass
class Group:
    """One justification (or harm statement) and every withholding that uses it."""

    field: str  # "justification" or "foreseeable_harm"
    text: str  # the most common wording
    withholdings: int
    entry_nos: list[str]
    variants: int  # distinct wordings joined as nearly identical

    @property
    def entries(self) -> int:
        return len(self.entry_nos)


@dataclass
class Review:
    index_title: str
    entries: int
    withholdings: int
    flags: list[Flag] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    circuit: str = ""

    def authority(self, check: str) -> str:
        return authority(check, self.circuit)

    def counts(self) -> Counter[str]:
        return Counter(f.check for f in self.flags)

    def flagged_entries(self) -> int:
        return len({f.entry_id for f in self.flags if f.entry_id is not None})

    def by_entry(self) -> dict[int, list[Flag]]:
        out: dict[int, list[Flag]] = defaultdict(list)
        for f in self.flags:
            if f.entry_id is not None:
                out[f.entry_id].append(f)
        return out


def review(session: Session, index: VaughnIndex, *, today: date | None = None,
           entries: list[data.Entry] | None = None) -> Review:
    """``entries``: the index's entries when the caller has read them already."""
    entries = entries if entries is not None else data.entries(session, index.id)
    result = Review(index.title, len(entries), sum(len(e.held) for e in entries))
    requested = _requested_on(session, index)
    since = "the request"
    if requested is None:  # no request linked: count from the date given, or today
        requested = today or date.today()
        since = "this date" if today else "today"
    flags = result.flags
    for e in entries:
        _entry_checks(e, requested, flags, since)
    result.groups = _boilerplate(entries, flags)
    _production_checks(session, index, entries, flags)
    order = {code: i for i, code in enumerate(CHECKS)}
    position = {e.id: e.position for e in entries}
    flags.sort(key=lambda f: (position.get(f.entry_id, 0), order[f.check]))
    result.circuit = circuit_of(session.scalar(select(Matter.court).limit(1)))
    for f in flags:
        f.circuit = result.circuit
    return result


def _requested_on(session: Session, index: VaughnIndex) -> date | None:
    if index.request_id is None:
        return None
    request = session.get(FoiaRequest, index.request_id)
    return request.date_received or request.date_sent if request else None


def _bates_of(e: data.Entry) -> str:
    if e.bates_begin and e.bates_end and e.bates_end != e.bates_begin:
        return f"{e.bates_begin} – {e.bates_end}"
    return e.bates_begin or ""


def _flag(flags: list[Flag], e: data.Entry, check: str, reason: str) -> None:
    flags.append(Flag(check, reason, e.id, e.entry_no, _bates_of(e)))


# --- entry by entry ---------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _says(pattern: re.Pattern, text: str) -> bool:
    """Whether ``text`` matches; boilerplate repeats, so each text is searched once."""
    return pattern.search(text) is not None


@functools.lru_cache(maxsize=65536)
def _states_harm(text: str) -> bool:
    t = " " + " ".join(text.lower().split())
    return any(word in t for word in _HARM_WORDS)


@functools.lru_cache(maxsize=65536)
def _restates(code: str, text: str) -> bool:
    """Whether ``text`` says nothing but the words of the exemption it claims."""
    statute = _statute_words(code)
    if not statute:
        return False
    own = {w for w in _words(text) if w not in statute}
    return len(own) < _OWN_WORDS


def _words(text: str) -> list[str]:
    """The words of ``text`` in lower case, less the agency's own acronym (ICE,
    FBI: every record of its index names it)."""
    return [w.lower() for w in re.findall(r"[A-Za-z]+", text)
            if not (w.isupper() and 2 <= len(w) <= 5)]


@functools.lru_cache(maxsize=64)
def _statute_words(code: str) -> frozenset[str]:
    parts = [code]
    if code.startswith("b5-"):
        parts.append("b5")
    elif code.startswith("b7") and len(code) == 3:
        parts.append("b7")
    text = " ".join(_STATUTE_TEXT.get(p, "") for p in parts)
    if not text.strip():
        return frozenset()
    return frozenset(text.split()) | frozenset(_ANY_JUSTIFICATION.split())


@functools.lru_cache(maxsize=65536)
def _generic_harm(text: str) -> bool:
    """Whether every sentence of ``text`` that states a harm states it in words
    that fit any record of its kind ("would chill frank internal discussion")."""
    sentences = [t for t in re.split(r"(?<=[.;!?])\s+", text) if t.strip()]
    stated = [t for t in sentences if any(w in t.lower() for w in _HARM_SENTENCE_WORDS)]
    if not stated:
        return False
    for sentence in stated:
        own = {w for w in _words(sentence) if w not in _GENERIC_HARM}
        if len(own) >= 2:
            return False
    return True


@functools.lru_cache(maxsize=65536)
def _facts(justification: str | None, harm: str | None) -> tuple[str, int, bool]:
    """A claim's text, its length in words, whether it states a harm: once per
    distinct text (boilerplate repeats thousands of times)."""
    text = " ".join(t for t in (justification, harm) if t)
    return text, len(text.split()), _states_harm(text) if text else False


def _entry_checks(e: data.Entry, requested: date, flags: list[Flag], since: str) -> None:
    if not e.held or all(h.code is None and not (h.raw or "").strip() for h in e.held):
        _flag(flags, e, "no_exemption", "No exemption is claimed for this entry.")
    if not (e.description or "").strip() and not (e.doc_type or "").strip():
        _flag(flags, e, "no_description", "The entry neither describes the document nor "
                                          "gives its type.")
    deliberative = False
    for h in e.held:
        label = h.label or "(unstated)"
        text, words, harm = _facts(h.justification, h.foreseeable_harm)
        if h.code is None and (h.raw or "").strip():
            _flag(flags, e, "not_in_catalog", f"“{h.raw}” is not an exemption of § 552(b).")
        if words < _SHORT:
            _flag(flags, e, "conclusory",
                  f"{label}: no justification is given." if not words else
                  f"{label}: the whole justification is “{text.strip()}”")
        restated = bool(h.code) and words >= _SHORT and _restates(h.code, text)
        if restated:
            # The statute's words name a harm; the record's do not: one flag, not three.
            _flag(flags, e, "restates_statute",
                  f"{label}: the justification only restates the exemption's words; it says "
                  "nothing about this record.")
        family = (h.code or "")[:2]
        # Foreseeable harm: every exemption but (b)(3), § 552(a)(8)(B).
        if restated:
            pass
        elif h.code and family != "b3" and words and not harm:
            _flag(flags, e, "no_harm", f"{label}: the justification names no harm that "
                                       "disclosure would cause.")
        elif h.code and family != "b3" and words >= _SHORT and \
                _generic_harm(h.foreseeable_harm or h.justification or ""):
            _flag(flags, e, "generic_harm",
                  f"{label}: the harm is stated in terms that fit any record of its kind, "
                  "not a harm this record's release would cause.")
        if h.code == "b3" and not h.statute and not _says(_STATUTE, h.justification or ""):
            _flag(flags, e, "b3_statute", "(b)(3) is claimed but no statute is named.")
        if h.code == "b5-dp" or (h.code == "b5" and _says(_DELIBERATIVE, text)):
            deliberative = True
    if e.disposition is Disposition.WITHHELD_IN_FULL and not any(
            _says(_SEGREGABILITY, t or "") for t in
            [e.segregability, e.description] + [h.justification for h in e.held]):
        _flag(flags, e, "segregability", "Withheld in full, and the entry does not say that "
                                         "no reasonably segregable portion could be released.")
    if deliberative:
        _deliberative(e, requested, flags, since)


def _deliberative(e: data.Entry, requested: date, flags: list[Flag], since: str) -> None:
    missing = []
    if e.doc_date is None:
        missing.append("the date")
    if not (e.author or "").strip():
        missing.append("the author")
    if not (e.recipients or "").strip():
        missing.append("the recipients")
    texts = [e.description] + [h.justification for h in e.held] + \
        [h.foreseeable_harm for h in e.held]
    if not any(_says(_DECISION, t or "") for t in texts):
        missing.append("the decision it preceded")
    if missing:
        _flag(flags, e, "dpp_details", "Deliberative process claimed without "
              + _join(missing) + ".")
    if e.doc_date is not None:
        try:
            cutoff = requested.replace(year=requested.year - 25)
        except ValueError:  # 29 February
            cutoff = requested.replace(year=requested.year - 25, day=28)
        if e.doc_date <= cutoff:
            _flag(flags, e, "dpp_age", f"Dated {e.doc_date:%m/%d/%Y}, 25 years or more before "
                                       f"{since} ({requested:%m/%d/%Y}).")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# --- boilerplate ------------------------------------------------------------------------


# Lower-cased ASCII bytes → letters kept, digits as "#", everything else a space.
_NORMAL = bytes(c if 97 <= c <= 122 else 35 if 48 <= c <= 57 else 32 for c in range(256))
_DIGIT_RUN = re.compile(r"##+")


def _normalise(text: str) -> str:
    """The words of ``text`` for comparison: lower case, letters only, each run of
    digits one "#". A byte table over the ASCII text (non-ASCII letters become
    breaks): a third of the cost of the regular expressions it replaced."""
    t = text.lower().encode("ascii", "replace").translate(_NORMAL).decode("ascii")
    if "##" in t:
        t = _DIGIT_RUN.sub("#", t)
    return " ".join(t.split())


class _WordCodes(dict):
    """Each word's CRC-32, computed the first time the word is met."""

    def __missing__(self, word: str) -> int:
        code = self[word] = zlib.crc32(word.encode())
        return code


_WORD_CODES = _WordCodes()


def _shingles(words: list[str]) -> set[int]:
    """Word trigrams as integers: the hash of each trigram's three word codes.
    The hash of a tuple of integers is the same in every run (a string's is
    not), and it mixes all three words, so the smallest values of a text (its
    sketch) are a fair sample of its trigrams rather than those of one word."""
    codes = [_WORD_CODES[w] for w in words]
    return {hash(t) for t in zip(codes, codes[1:], codes[2:], strict=False)}


def _boilerplate(entries: list[data.Entry], flags: list[Flag]) -> list[Group]:
    groups: list[Group] = []
    for fld in ("justification", "foreseeable_harm"):
        uses: dict[str, list[tuple[data.Entry, data.Held]]] = defaultdict(list)
        first_wording: dict[str, str] = {}
        keys: dict[str, str] = {}  # boilerplate: each wording normalised once
        for e in entries:
            for h in e.held:
                text = getattr(h, fld)
                if text and text.strip():
                    key = keys.get(text)
                    if key is None:
                        key = keys[text] = _normalise(text)
                    uses[key].append((e, h))
                    first_wording.setdefault(key, text.strip())
        sentences = {key: _sentences(first_wording[key]) for key in uses}
        clusters = _cluster(sorted(uses, key=lambda k: (-len(uses[k]), k)), sentences)
        for leader, members in clusters.items():
            used = sorted((u for key in members for u in uses[key]),
                          key=lambda u: u[0].position)
            entry_nos = list(dict.fromkeys(e.entry_no for e, _ in used))
            # One entry giving one text for its several exemptions is not boilerplate.
            if len(entry_nos) < BOILERPLATE_MIN:
                continue
            group = Group(fld, first_wording[leader], len(used), entry_nos, len(members))
            groups.append(group)
            number = len(groups)
            what = "justification" if fld == "justification" else "harm statement"
            seen: set[int] = set()
            for e, h in used:
                if e.id in seen:
                    continue
                seen.add(e.id)
                _flag(flags, e, "boilerplate",
                      f"{h.label or 'The'} {what} is text {number}, which "
                      f"{'justifies' if fld == 'justification' else 'is given for'} "
                      f"{group.withholdings} withholdings in {group.entries} entries"
                      + (" (nearly identical wordings)" if len(members) > 1 else "") + ".")
    groups.sort(key=lambda g: -g.withholdings)
    return groups


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_SENTENCES_KEPT = 12  # a text of more sentences is not matched by its sentences


def _sentences(text: str) -> tuple[str, ...]:
    """The text's sentences, each normalised: "Segregability: …" added to a
    boilerplate text is one more sentence."""
    return tuple(n for n in (_normalise(t) for t in _SENTENCE_END.split(text)) if n)


def _cluster(keys: list[str], sentences: dict[str, tuple[str, ...]] | None = None
             ) -> dict[str, list[str]]:
    """Join nearly identical texts; ``keys`` come most used first, so leads a group.

    A text that is a leader's with one sentence added or taken away joins it
    (the shared sentences must hold 8 words): the leader's sentences are filed
    whole and with each one left out, so a text finds its leader in as many
    look-ups as it has sentences.

    Each text's sketch is its few smallest shingle hashes; a text is compared
    only with the first leaders filed under its sketch's hashes. Leaders came
    most used first, so a near copy meets its own among them. A bucket keeps
    no more leaders than it is ever asked for: common phrases fill buckets
    fast. (Exact prefix filtering was tried: on prose of few words it compared
    ten times as many pairs.)"""
    clusters: dict[str, list[str]] = {}
    buckets: dict[int, list[tuple[str, set[int], int]]] = {}
    whole: dict[tuple[str, ...], str] = {}  # a leader's sentences → the leader
    less_one: dict[tuple[str, ...], str] = {}  # a leader's sentences but one → the leader
    sentences = sentences or {}
    for key in keys:
        mine_s = sentences.get(key, ())
        leader = _by_sentences(mine_s, whole, less_one)
        if leader is not None:
            clusters[leader].append(key)
            _file_sentences(mine_s, leader, whole, less_one)  # its own copies find it too
            continue
        words = key.split()
        if len(words) < 8:  # too short to be "nearly" anything: exact matches only
            clusters[key] = [key]
            continue
        mine = _shingles(words)
        sketch = sorted(mine)[:_SKETCH]
        size = len(mine)
        low, high = NEAR * size, size / NEAR  # Jaccard is at most small/large
        joined = None
        tried: set[str] = set()
        for h in sketch:
            for leader, theirs, n in buckets.get(h, ()):
                if low <= n <= high and leader not in tried:
                    tried.add(leader)
                    common = len(mine & theirs)
                    if common >= NEAR * (size + n - common):
                        joined = leader
                        break
            if joined:
                break
        if joined:
            clusters[joined].append(key)
            _file_sentences(mine_s, joined, whole, less_one)
            continue
        clusters[key] = [key]
        _file_sentences(mine_s, key, whole, less_one)
        filed = (key, mine, size)
        for h in sketch:
            bucket = buckets.setdefault(h, [])
            if len(bucket) < _PER_BUCKET:
                bucket.append(filed)
    return clusters


# --- the index against the production ---------------------------------------------------


def _file_sentences(mine: tuple[str, ...], leader: str, whole: dict[tuple[str, ...], str],
                    less_one: dict[tuple[str, ...], str]) -> None:
    if not 1 <= len(mine) <= _SENTENCES_KEPT:
        return
    whole.setdefault(mine, leader)
    if len(mine) > 1:
        for i in range(len(mine)):
            less_one.setdefault(mine[:i] + mine[i + 1:], leader)


def _by_sentences(mine: tuple[str, ...], whole: dict[tuple[str, ...], str],
                  less_one: dict[tuple[str, ...], str]) -> str | None:
    """The leader whose text is this one with a sentence added or taken away."""
    if not mine or len(mine) > _SENTENCES_KEPT + 1:
        return None
    leader = less_one.get(mine)  # the leader has one sentence more
    if leader is not None and sum(len(t.split()) for t in mine) >= 8:
        return leader
    if len(mine) > 1:
        for i in range(len(mine)):
            rest = mine[:i] + mine[i + 1:]
            leader = whole.get(rest)  # this text has one sentence more
            if leader is not None and sum(len(t.split()) for t in rest) >= 8:
                return leader
    return None


def _split(bates: str | None) -> tuple[str, int, int] | None:
    """"ICE-000123" → ("ICE-", 123, 6): the prefix, the number, its width."""
    prefix = (bates or "").rstrip("0123456789")  # a fifth of a regex's cost, 50,000 times
    digits = bates[len(prefix):] if bates else ""
    return (prefix, int(digits), len(digits)) if digits else None


def _production_checks(session: Session, index: VaughnIndex, entries: list[data.Entry],
                       flags: list[Flag]) -> None:
    ranges: list[tuple[str, int, int, data.Entry]] = []
    for e in entries:
        a, b = _split(e.bates_begin), _split(e.bates_end or e.bates_begin)
        if not a or not b:
            continue
        if a[0] != b[0]:
            _flag(flags, e, "page_count", f"Begins {e.bates_begin} and ends {e.bates_end}: "
                                          "two different Bates prefixes.")
            continue
        if b[1] < a[1]:
            _flag(flags, e, "page_count", f"The Bates range runs backwards ({e.bates_begin} to "
                                          f"{e.bates_end}).")
            continue
        span = b[1] - a[1] + 1
        if e.pages is not None and e.pages != span:
            _flag(flags, e, "page_count", f"States {e.pages} pages; its Bates range covers "
                                          f"{span}.")
        ranges.append((a[0], a[1], b[1], e))
    _overlaps(ranges, flags)
    production = session.get(Production, index.production_id) if index.production_id else None
    if production is not None and production.pages_withheld_full:
        withheld = sum((e.pages if e.pages is not None else 0) for e in entries
                       if e.disposition is Disposition.WITHHELD_IN_FULL)
        if withheld != production.pages_withheld_full:
            flags.append(Flag("page_count", f"Entries withheld in full add up to {withheld} "
                              f"pages; the production letter counts "
                              f"{production.pages_withheld_full} pages withheld in full."))
    _against_pages(session, ranges, flags)


def _overlaps(ranges: list[tuple[str, int, int, data.Entry]], flags: list[Flag]) -> None:
    by_prefix: dict[str, list[tuple[int, int, data.Entry]]] = defaultdict(list)
    for prefix, a, b, e in ranges:
        by_prefix[prefix].append((a, b, e))
    for items in by_prefix.values():
        items.sort(key=lambda r: (r[0], r[1]))
        reach, holder = -1, None
        for a, b, e in items:
            if holder is not None and a <= reach:
                _flag(flags, e, "overlap", f"Its pages overlap entry {holder.entry_no} "
                                           f"({_bates_of(holder)}).")
            if b > reach:
                reach, holder = b, e


def _against_pages(session: Session, ranges: list[tuple[str, int, int, data.Entry]],
                   flags: list[Flag]) -> None:
    """Produced pages: marked pages no entry covers, markings that differ, numbers missing."""
    prefixes = {r[0] for r in ranges}
    if not prefixes:
        return
    pages: dict[str, dict[int, tuple[str, Set[str]]]] = defaultdict(dict)
    # A range per prefix, not LIKE: SQLite's LIKE ignores case and so cannot
    # use the index on (bates, markings).
    in_prefixes = or_(*(and_(DocumentPage.bates >= p, DocumentPage.bates < p + "\U0010ffff")
                 for p in prefixes))
    # Core rows on the session's connection, not ORM objects (ten thousand pages'
    # identity bookkeeping cost 0.4 s). The markings the ingest stored; a page
    # stored before it did (revision 0008) is read from its text.
    connection = session.connection()
    rows = [(bates, markings.loaded(marks)) for bates, marks in connection.execute(
        select(DocumentPage.bates, DocumentPage.markings)
        .where(in_prefixes, DocumentPage.markings.is_not(None)))]
    rows += [(bates, markings.read(text or "")) for bates, text in connection.execute(
        select(DocumentPage.bates, DocumentPage.text)
        .where(in_prefixes, DocumentPage.markings.is_(None)))]
    for bates, marks in rows:
        split = _split(bates)
        if split and split[0] in prefixes:
            pages[split[0]][split[1]] = (bates, marks)
    if not pages:
        return
    cover: dict[str, list[tuple[int, int, data.Entry]]] = defaultdict(list)
    for prefix, a, b, e in ranges:
        cover[prefix].append((a, b, e))
    for prefix, produced in pages.items():
        spans = sorted(cover.get(prefix, []), key=lambda r: r[0])
        owner = _owners(spans)
        marked_entries: dict[int, set[str]] = defaultdict(set)
        uncovered: list[tuple[int, str]] = []
        for number, (bates, marks) in sorted(produced.items()):
            e = owner(number)
            if e is None:
                if marks:
                    uncovered.append((number, bates))
                continue
            if marks:
                marked_entries[e.id] |= marks
                claimed = {_family(c) for c in e.codes}
                extra = [m for m in sorted(marks) if not _covered(m, claimed)]
                if extra:
                    _flag(flags, e, "marking",
                          f"Page {bates} is marked {', '.join(_label(m) for m in extra)}, "
                          "which this entry does not claim.")
        for _number, bates in uncovered:
            flags.append(Flag("bates_gap", f"Page {bates} carries exemption markings but no "
                              "entry covers it.", bates=bates))
        _missing_numbers(prefix, produced, spans, flags)
        by_id = {e.id: e for _, _, e in spans}
        for entry_id, marks in marked_entries.items():
            e = by_id[entry_id]
            if e.disposition is Disposition.WITHHELD_IN_FULL:
                continue
            unmarked = [c for c in dict.fromkeys(_family(c) for c in e.codes)
                        if not any(_covered(m, {c}) for m in marks)]
            if unmarked:
                _flag(flags, e, "marking", f"Claims {', '.join(_label(c) for c in unmarked)}, "
                                           "but no produced page of the entry is marked so.")


def _owners(spans: list[tuple[int, int, data.Entry]]):
    """Page number → the entry whose range holds it (``spans`` sorted by start)."""
    starts = [a for a, _, _ in spans]

    def owner(number: int) -> data.Entry | None:
        i = bisect.bisect_right(starts, number) - 1
        for j in range(i, max(i - 4, -1), -1):  # a few back: ranges may overlap
            a, b, e = spans[j]
            if a <= number <= b:
                return e
        return None

    return owner


def _missing_numbers(prefix: str, produced: dict[int, tuple[str, Set[str]]],
                     spans: list[tuple[int, int, data.Entry]], flags: list[Flag]) -> None:
    """Bates numbers inside the production that no page bears and no entry covers."""
    numbers = sorted(produced)
    low, high = numbers[0], numbers[-1]
    width = len(produced[low][0]) - len(prefix)
    covered = bytearray(high - low + 1)
    for n in numbers:
        covered[n - low] = 1
    for a, b, _ in spans:
        for n in range(max(a, low), min(b, high) + 1):
            covered[n - low] = 1
    start = None
    for i, flag in enumerate(list(covered) + [1]):
        if not flag and start is None:
            start = i
        elif flag and start is not None:
            first, last = low + start, low + i - 1
            rng = f"{prefix}{first:0{width}d}" + (f" – {prefix}{last:0{width}d}"
                                                   if last > first else "")
            count = last - first + 1
            flags.append(Flag("bates_gap", f"{rng}: {count} page{'s' if count > 1 else ''} "
                              "missing from the production, and no entry accounts for "
                              f"{'them' if count > 1 else 'it'}.", bates=rng))
            start = None


def _family(code: str) -> str:
    return "b5" if code.startswith("b5") else code


def _covered(mark: str, claimed: set[str]) -> bool:
    """A page's "(b)(7)" is covered by a (b)(7)(C) claim, and "(b)(7)(C)" by "(b)(7)"."""
    if mark in claimed:
        return True
    return (mark == "b7" and any(c.startswith("b7") for c in claimed)) or \
        (mark.startswith("b7") and "b7" in claimed)


def _label(code: str) -> str:
    if len(code) == 3 and code.startswith("b7"):
        return f"(b)(7)({code[2]})"
    return f"({code[0]})({code[1:]})"
