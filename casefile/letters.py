"""What a letter is: rules on its text decide its kind and the outcome it announces.

Agencies write FOIA letters from templates, so a handful of phrases and
citations tell them apart: "acknowledges receipt of your FOIA request", "unusual
circumstances", "neither confirm nor deny", the appeal-rights paragraph ("you
may appeal … within 90 working days"). Each rule is tried in an order that
settles the overlaps (an appeal decision also speaks of appeals and
withholdings; a determination letter often encloses records), and the first
that matches decides, with the phrase it matched and a confidence: 0.9 for a
phrase only that kind of letter uses, 0.6 for a hint. A letter that matches
nothing is "other" with confidence 0, and the user decides.

The fine kind (``KINDS``) maps onto the coarse ``CorrespondenceKind`` the
deadline engine reads; the user's choice (``kind_by_user``) is never overwritten.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta

from casefile.dates import parse_date
from casefile.errors import InputError
from casefile.store.models import Correspondence, CorrespondenceKind, Direction

K = CorrespondenceKind
# fine kind → (coarse kind, words for a person)
KINDS: dict[str, tuple[CorrespondenceKind, str]] = {
    "acknowledgment": (K.ACKNOWLEDGMENT, "acknowledgment"),
    "tracking_number": (K.ACKNOWLEDGMENT, "tracking number assigned"),
    "clarification": (K.TOLLING_LETTER, "request for clarification (tolls the time)"),
    "fee_letter": (K.FEE_LETTER, "fee estimate or fee letter"),
    "extension": (K.EXTENSION_NOTICE, "unusual-circumstances extension"),
    "determination": (K.DETERMINATION, "final determination"),
    "interim_determination": (K.DETERMINATION, "interim determination"),
    "appeal_acknowledgment": (K.OTHER, "appeal acknowledgment"),
    "appeal_decision": (K.APPEAL_DECISION, "appeal decision"),
    "production": (K.PRODUCTION_LETTER, "production cover letter"),
    "litigation": (K.OTHER, "litigation correspondence"),
    "request": (K.REQUEST, "request"),
    "appeal": (K.APPEAL, "administrative appeal"),
    "other": (K.OTHER, "other"),
}
OUTCOMES = {
    "determination": ("grant", "partial_grant", "denial", "no_records", "glomar"),
    "appeal_decision": ("affirmed", "remanded", "reversed"),
}
ADVERSE = {"partial_grant", "denial", "no_records", "glomar", "affirmed"}
STRONG, HINT = 0.9, 0.6

_I = re.I | re.S


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_APPEAL_RIGHTS = _r(r"(?:you (?:may|can|have the right to)|if you (?:are not satisfied|wish to"
                    r"|would like to|disagree)|right to)\W+(?:\w+\W+){0,25}?appeal")
_APPEAL_DECISION = [
    _r(r"(?:we|I) (?:am|are|have)\s+(?:hereby\s+)?(?:affirm|remand|revers)\w*"),
    _r(r"(?:affirming|remanding|reversing)\b[^.]{0,120}(?:action|decision|determination"
       r"|response|request)"),
    _r(r"(?:your|this) (?:administrative )?appeal (?:is|has been) (?:hereby )?(?:denied|granted"
       r"|remanded|closed|sustained)"),
    _r(r"(?:decision|determination|action) (?:is|was|has been) (?:hereby )?(?:affirmed|upheld"
       r"|reversed|remanded)"),
    _r(r"after (?:carefully )?(?:reviewing|considering|review of) your (?:administrative )?"
       r"appeal"),
]
_APPEAL_OUTCOMES = [
    ("remanded", _r(r"remand")),
    ("reversed", _r(r"revers(?:e|ed|ing)\b|appeal (?:is|has been) (?:hereby )?granted")),
    ("affirmed", _r(r"affirm|upheld|uphold|appeal (?:is|has been) (?:hereby )?denied")),
]
_APPEAL_ACK = [
    _r(r"(?:acknowledges?|confirm(?:s|ing)?) (?:the )?receipt of your (?:administrative )?"
       r"(?:FOIA )?appeal"),
    _r(r"(?:received|receipt of) your (?:administrative )?(?:FOIA )?appeal"),
    _r(r"your (?:administrative )?appeal (?:was|has been) (?:received|assigned|logged"
       r"|docketed)"),
]
_LITIGATION = _r(r"civil action no\.|case no\.\s*\d+:\d+-cv|\d+-cv-\d+|assistant united states "
                 r"attorney|meet and confer|joint status report|above-captioned (?:case|action"
                 r"|litigation|matter)|counsel for (?:the )?defendants?")
_PRODUCTION = [
    _r(r"(?:first|second|third|fourth|fifth|sixth|\w+th|\d+(?:st|nd|rd|th)|monthly|rolling"
       r"|interim|next) (?:interim )?(?:release|production)\b"),
    _r(r"(?:enclosed|attached) (?:please find|are|is)\b[^.]{0,120}(?:pages|records|documents"
       r"|production|release)"),
    _r(r"bates[- ](?:numbered|stamped|range|numbers?)"),
]
_OUTCOMES = [
    ("glomar", _r(r"neither confirm nor deny|cannot confirm or deny|can neither confirm")),
    ("no_records", _r(r"(?:did not|were unable to|was unable to|could not|unable to) (?:locate"
                      r"|find|identify) any (?:\w+ ){0,3}records|no (?:responsive )?records "
                      r"(?:responsive|were (?:located|found)|could be located)|no records "
                      r"(?:subject to|that are responsive)")),
    ("partial_grant", _r(r"(?:released?|releasing|disclosed?) in part|(?:withheld|withholding)"
                         r" in part|partial(?:ly)? (?:grant|release|denial)|granted in part"
                         r"|with (?:certain |some )?(?:information|portions|redactions)"
                         r" (?:withheld|redacted|applied)|portions? (?:of \w+ )?(?:have been|"
                         r"were|are|is) (?:withheld|redacted)|(?:redacted|redactions) "
                         r"(?:pursuant to|under) (?:FOIA )?exemptions?")),
    ("denial", _r(r"(?:withh[eo]ld\w*|exempt from disclosure|denied) (?:\w+ ){0,4}in (?:full"
                  r"|(?:its|their) entirety)|(?:your|the) (?:FOIA )?request is (?:hereby )?"
                  r"denied|denying your request")),
    ("grant", _r(r"released? (?:\w+ ){0,3}in (?:full|(?:its|their) entirety)|granted in full"
                 r"|releasing (?:\w+ ){0,6}in (?:full|(?:its|their) entirety)|full grant")),
]
_FEE = [
    _r(r"fee estimate|estimated (?:fees?|costs?|charges?)|advance payment|(?:fees?|charges?|"
       r"costs?) (?:will|would|are expected to) exceed"),
    _r(r"fee waiver (?:request )?(?:is|has been|was) (?:hereby )?(?:denied|granted)"),
    _r(r"(?:placed|placing) (?:your request )?in (?:the|a) fee category|fee category"
       r" (?:of|as)\b"),
]
_EXTENSION = [
    _r(r"unusual circumstances"),
    _r(r"(?:invoke|invoking|taking|take) (?:a|an) (?:additional )?(?:10|ten)[- ](?:\(10\) )?"
       r"(?:working[- ]|business[- ])?day extension"),
    _r(r"552\s*\(a\)\s*\(6\)\s*\(B\)"),
]
_CLARIFICATION = [
    _r(r"(?:does|did) not (?:reasonably )?describe|not reasonably described"),
    _r(r"(?:clarify|clarification|narrow|more specific|additional information|further "
       r"information)\b[^.]{0,160}(?:request|scope)"),
    _r(r"(?:proof|verification|certification) of identity|third[- ]party (?:consent|"
       r"authorization)|privacy waiver|form DOJ-361"),
    _r(r"(?:if we do not|if you do not|unless we) (?:hear|receive|respond)[^.]{0,160}"
       r"(?:close|closed|closing)"),
]
_ACK = [
    _r(r"(?:acknowledges?|acknowledging|confirm(?:s|ing)?) (?:the )?receipt of your"),
    _r(r"(?:we|this office) (?:have |has )?received your (?:Freedom of Information|FOIA|"
       r"request)"),
    _r(r"your (?:FOIA |Freedom of Information Act )?request (?:was|has been) received"),
]
_TRACKING = [
    _r(r"(?:assigned|given) (?:the )?(?:following )?(?:FOIA |FOIPA |case |control |tracking |"
       r"reference |request )+(?:number|no\.|#)"),
    _r(r"(?:tracking|reference|control|request) (?:number|no\.) (?:is|for your request)"),
]
_DETERMINATION = [
    _r(r"(?:final|interim) (?:response|determination)"),
    _r(r"(?:completed|concluded) (?:its |our |the )?(?:search|processing|review)"),
    _r(r"(?:located|identified|reviewed|processed) (?:a total of )?[\d,]+ (?:pages|records"
       r"|documents)"),
]
_INTERIM = _r(r"\binterim\b|(?:first|second|third|\w+th|\d+(?:st|nd|rd|th)) (?:release"
              r"|production)|additional (?:releases|productions) will")

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november"
           "|december")
_DATE = (rf"((?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}})")
_STATED_BY = _r(rf"appeal[^.]{{0,200}}?(?:by|no later than|on or before|before)\s+{_DATE}")
_WITHIN = _r(r"appeal[^.]{0,200}?within\s+(?:\w+\s+)?\(?(\d{1,3})\)?\s*(working|business"
             r"|calendar)?\s*days")
_RECEIVED_ON = _r(rf"received (?:(?:in|by) (?:this|our|the) (?:office|agency|\w+)\s+)?"
                  rf"on\s+{_DATE}")
_WORD_NUMBERS = {"thirty": 30, "sixty": 60, "ninety": 90, "forty-five": 45}
_WITHIN_WORDS = _r(r"appeal[^.]{0,200}?within\s+(thirty|sixty|ninety|forty-five)\s*(working"
                   r"|business|calendar)?\s*days")


@dataclass
class Reading:
    kind: str  # a key of KINDS
    confidence: float
    phrase: str  # the words that decided it, as the letter writes them
    outcome: str | None = None
    appeal_days: int | None = None  # "within 90 working days"
    appeal_unit: str | None = None  # "working" or "calendar"
    appeal_by: date | None = None  # "postmarked … by March 3, 2021"
    received: date | None = None  # an acknowledgment's "received … on June 18, 2020"

    @property
    def coarse(self) -> CorrespondenceKind:
        return KINDS[self.kind][0]

    @property
    def adverse(self) -> bool:
        return self.outcome in ADVERSE


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _words(match.group(0))
    return None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def classify(text: str) -> Reading:
    """The kind of the letter whose subject and body are ``text``."""
    # A PDF's lines break phrases anywhere: the rules read the words, not the layout.
    text = re.sub(r"\s+", " ", text or "")
    rights = _APPEAL_RIGHTS.search(text)
    outcome_phrase = next(((name, m) for name, p in _OUTCOMES if (m := p.search(text))), None)
    litigation = _LITIGATION.search(text)
    production = _first(_PRODUCTION, text)

    def done(kind: str, confidence: float, phrase: str, outcome: str | None = None) -> Reading:
        reading = Reading(kind, confidence, phrase, outcome)
        _stated_appeal(text, reading)
        return reading

    if phrase := _first(_APPEAL_DECISION, text):
        outcome = next((name for name, p in _APPEAL_OUTCOMES if p.search(phrase)), None)
        if outcome is None:
            outcome = next((name for name, p in _APPEAL_OUTCOMES if p.search(text)), None)
        return done("appeal_decision", STRONG, phrase, outcome)
    if phrase := _first(_APPEAL_ACK, text):
        return done("appeal_acknowledgment", STRONG, phrase)
    if litigation and not rights:
        if production:
            return done("production", STRONG, production)
        return done("litigation", STRONG, _words(litigation.group(0)))
    if outcome_phrase and (rights or not (_first(_FEE, text) or _first(_CLARIFICATION, text))):
        name, match = outcome_phrase
        kind = "interim_determination" if _INTERIM.search(text) else "determination"
        return done(kind, 0.95 if rights else STRONG, _words(match.group(0)), name)
    for kind, patterns in (("fee_letter", _FEE), ("extension", _EXTENSION),
                           ("clarification", _CLARIFICATION)):
        if phrase := _first(patterns, text):
            return done(kind, STRONG, phrase)
    if production:
        return done("production", STRONG, production)
    if phrase := _first(_ACK, text):
        return done("acknowledgment", STRONG, phrase)
    if phrase := _first(_TRACKING, text):
        return done("tracking_number", STRONG, phrase)
    if phrase := _first(_DETERMINATION, text):
        kind = "interim_determination" if _INTERIM.search(text) else "determination"
        return done(kind, HINT, phrase)
    if rights:
        return done("determination", HINT, _words(rights.group(0)))
    return Reading("other", 0.0, "")


def _stated_appeal(text: str, reading: Reading) -> None:
    if reading.kind in ("acknowledgment", "tracking_number", "appeal_acknowledgment"):
        if match := _RECEIVED_ON.search(text):
            with suppress(InputError):
                reading.received = parse_date(match.group(1).replace(".", ""))
        return
    if reading.kind not in ("determination", "interim_determination", "fee_letter"):
        return
    if match := _STATED_BY.search(text):
        with suppress(InputError):  # "by February 30": no date stated after all
            reading.appeal_by = parse_date(match.group(1))
    if match := _WITHIN.search(text):
        reading.appeal_days, reading.appeal_unit = int(match.group(1)), _unit(match.group(2))
    elif match := _WITHIN_WORDS.search(text):
        reading.appeal_days = _WORD_NUMBERS[match.group(1).lower()]
        reading.appeal_unit = _unit(match.group(2))


def _unit(word: str | None) -> str:
    # "within 90 days" with no unit is read as calendar days: the earlier end,
    # so the letter's own deadline is never later than what it says.
    return "working" if (word or "").lower() in ("working", "business") else "calendar"


def stated_appeal_due(reading: Reading, dated: date) -> date | None:
    """The last day to appeal by the letter's own words, counted from its date."""
    if reading.appeal_by is not None:
        return reading.appeal_by
    if reading.appeal_days is None:
        return None
    if reading.appeal_unit == "calendar":
        return dated + timedelta(days=reading.appeal_days)
    from casefile.deadlines.calendar import WorkCalendar

    return WorkCalendar().add_working_days(dated, reading.appeal_days)


def apply(letter: Correspondence, text: str | None = None) -> Reading | None:
    """Classify ``letter`` from its text and record the reading, unless the user
    chose its kind. An outgoing letter keeps the kind it was given (we know what
    we sent). Returns the reading applied, or None."""
    if letter.kind_by_user or letter.direction is Direction.OUTGOING:
        return None
    reading = classify(text if text is not None else f"{letter.subject or ''}\n"
                                                      f"{letter.body or ''}")
    if reading.kind == "other":
        return None  # nothing read: the kind entered (or "email") stands
    letter.letter_kind = reading.kind
    letter.kind = reading.coarse
    letter.outcome = reading.outcome
    letter.kind_phrase = reading.phrase or None
    letter.kind_confidence = reading.confidence
    letter.stated_appeal_due = stated_appeal_due(reading, letter.dated)
    letter.stated_received = reading.received
    return reading


def fine_kind(kind: CorrespondenceKind) -> str:
    """The fine kind a coarse one stands for when the user picks it."""
    if kind is K.EMAIL:
        return "other"
    return next(name for name, (coarse, _) in KINDS.items() if coarse is kind)


def set_kind(letter: Correspondence, kind: str, outcome: str | None = None) -> None:
    """The user's choice of kind (and outcome), which no re-reading overrides."""
    kind = kind.strip().lower().replace("-", "_").replace(" ", "_")
    if kind not in KINDS:
        raise InputError(f"'{kind}' is not a kind of letter; the kinds are "
                         f"{', '.join(KINDS)}.")
    allowed = OUTCOMES.get("determination" if kind == "interim_determination" else kind, ())
    if outcome is not None:
        outcome = outcome.strip().lower().replace("-", "_").replace(" ", "_")
        if outcome not in allowed:
            raise InputError(f"'{outcome}' is not an outcome of this kind of letter "
                             f"({KINDS[kind][1]})"
                             + (f"; the outcomes are {', '.join(allowed)}." if allowed
                                else "."))
    letter.letter_kind = kind
    letter.kind = KINDS[kind][0]
    letter.outcome = outcome
    letter.kind_by_user = True
    letter.kind_phrase = None
    letter.kind_confidence = None
    read_stated(letter)


def read_stated(letter: Correspondence) -> None:
    """The dates a letter of a known kind states in its own words (the last day to
    appeal, the day the request was received), when none was read yet: a letter
    entered with its kind, or one the user named, is compared with our count too."""
    if letter.dated is None:
        return
    kind = letter.letter_kind or fine_kind(letter.kind)
    found = Reading(kind, 0.0, "")
    _stated_appeal(re.sub(r"\s+", " ", f"{letter.subject or ''} {letter.body or ''}"), found)
    if letter.stated_appeal_due is None:
        letter.stated_appeal_due = stated_appeal_due(found, letter.dated)
    if letter.stated_received is None and letter.letter_kind is not None:
        letter.stated_received = found.received  # only an acknowledgment named as one


# What a reading (or the user's choice) sets on a letter; kept whole so an undone
# choice puts back the reading, not a choice of the same kind (issue 18).
_READING = ("letter_kind", "kind", "outcome", "kind_phrase", "kind_confidence", "kind_by_user")


def reading_of(letter: Correspondence) -> dict:
    """The letter's kind as it stands: read from its words, or chosen by the user."""
    return {name: getattr(letter, name) for name in _READING}


def restore_reading(letter: Correspondence, reading: dict) -> None:
    """Put back what ``reading_of`` took, as it was (Undo of a change of kind)."""
    unknown = set(reading) - set(_READING)
    if unknown:
        raise InputError(f"A letter's reading has no field {sorted(unknown)[0]!r}.")
    for name, value in reading.items():
        setattr(letter, name, CorrespondenceKind(value) if name == "kind" else value)


def describe(letter: Correspondence) -> str:
    """"final determination (partial grant), 'released in part', 90% sure"."""
    kind = KINDS.get(letter.letter_kind or "", (None, letter.kind.value.replace("_", " ")))[1]
    out = kind + (f" ({letter.outcome.replace('_', ' ')})" if letter.outcome else "")
    if letter.kind_by_user:
        return out + ", set by hand"
    if letter.kind_phrase:
        sure = round((letter.kind_confidence or 0) * 100)
        out += f", from “{letter.kind_phrase[:80]}”, {sure}% sure"
    return out
