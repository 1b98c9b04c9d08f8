"""Dates the court sets, read from docket entries, to propose as deadlines.

Two kinds of words set a date. The clerk's annotations, on any entry:
"Joint Status Report due by 5/2/2025", "Answer due for ALL FEDERAL
DEFENDANTS by 2/12/2025", "Status Conference set for 3/1/2025 10:00 AM".
And an order's own words, only in an order (a motion's "by 4/30/2025" asks
for a date; it sets none): "Defendants shall file a status report by
3/14/2025", "on or before April 1, 2025", "no later than June 6, 2025", and
"within 30 days of this order", counted from the day the order was filed
under Rule 6(a) with the legal holidays of the court's state.

Nothing here is a deadline yet: each is a proposal the user accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from casefile.dates import long_date
from casefile.deadlines.court import CourtCalendar, days_after

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|"
           "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = (rf"(?P<date>\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})")
# Each pattern finds the words that set the date; what is due is the clause before
# them, back to the last stop (found by ``_what``: a regex that searched for it
# backwards from every position was quadratic on a long docket).
# The clerk's annotation: "<what> due [for <whom>] by <date>", "<what> set for <date>".
_ANNOTATION = re.compile(
    rf"\s(?P<verb>(?:is\s+)?due(?:\s+for\s+[^.;:()]{{1,80}}?)?\s+by|(?:re)?set\s+for)\s+{_DATE}",
    re.IGNORECASE)
# An order's words: "<what> by / on or before / no later than <date>", and "<what> is
# due <date>" (a scheduling order's list).
_ORDERED = re.compile(
    rf",?\s+(?:by|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|is\s+due(?:\s+on)?"
    rf"|are\s+due(?:\s+on)?|(?:is|are)\s+(?:hereby\s+)?extended\s+(?:up\s+)?(?:to|until|through)"
    rf"(?:\s+and\s+including)?|to\s+and\s+including)\s+{_DATE}", re.IGNORECASE)
_WORDS = {"seven": 7, "ten": 10, "fourteen": 14, "twenty-one": 21, "twenty one": 21,
          "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90, "twenty-eight": 28,
          "twenty": 20, "five": 5, "three": 3, "fifteen": 15}
_WITHIN = re.compile(
    r"\s+within\s+(?:(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")\s+)?(?:\(?(?P<days>\d{1,3})\)?\s+)?(?:calendar\s+)?days\s+(?:of|after|from)\s+"
      r"(?:the\s+(?:date|entry)\s+of\s+|entry\s+of\s+|the\s+)?this\s+(?:order|minute\s+order)",
    re.IGNORECASE)
_STOPS = re.compile(r"[.;:()]")


def _what(text: str, start: int) -> str:
    """The clause before ``start``, back to the last stop (at most 200 characters)."""
    before = text[max(0, start - 200):start]
    stops = list(_STOPS.finditer(before))
    return before[stops[-1].end():].strip() if stops else before.strip()


# An entry is an order when it says so: "ORDER", "MINUTE ORDER", "SCHEDULING ORDER",
# "ORDERED that", "SO ORDERED" (in capitals, as the clerk and chambers write it).
_IS_ORDER = re.compile(r"\bORDER(?:ED)?\b|^\s*(?:minute\s+)?order\b|\bso\s+ordered\b")
_LEAD_IN = re.compile(
    r"^(?:.*?\b(?:hereby\s+)?ORDERED\s+that\s+|(?:MINUTE\s+|SCHEDULING\s+)?ORDER\s*[:.-]?\s*"
    r"|(?:It\s+is\s+)?further\s+|and\s+|SO\s+ORDERED\.?\s*)", re.IGNORECASE)
_NOT_A_DUTY = re.compile(r"\b(signed|entered|dated|filed|served|issued|executed|received)\s*$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Proposed:
    title: str
    due: date
    phrase: str  # the words that set it
    rule: str  # how the date was reached


def _read_date(text: str) -> date | None:
    from casefile.dates import parse_date
    from casefile.errors import InputError

    try:
        return parse_date(text.replace(",", " ").replace(".", " ").strip()
                          if not text[0].isdigit() else text.strip())
    except InputError:
        return None


def _title(what: str, tail: str = "") -> str:
    what = " ".join(what.split())
    what = re.sub(r"^.*\b(?:hereby\s+)?ORDERED\s+that\s+", "", what, flags=re.IGNORECASE)
    previous = None
    while previous != what:
        previous, what = what, _LEAD_IN.sub("", what, count=1).strip(" ,")
    what = what[:1].upper() + what[1:]
    if len(what) > 140:
        what = what[:140].rsplit(" ", 1)[0] + "…"
    return (what + tail).strip()


def proposals(text: str, filed_on: date, number: int | None,
              state: str | None) -> list[Proposed]:
    """The dates entry ``text`` sets, each once (the first words that set it win)."""
    found: dict[date, Proposed] = {}
    where = f"ECF No. {number}" if number is not None else "minute entry"
    source = f"the docket entry of {long_date(filed_on)} ({where})"

    def add(title: str, due: date | None, phrase: str, rule: str) -> None:
        if due is None or due in found or not title:
            return
        found[due] = Proposed(title[:300], due, " ".join(phrase.split()), rule)

    low = text.lower()
    # Most entries set nothing; these words are in every one that does.
    if not any(w in low for w in (" due", " by ", "before", "later than", "within",
                                  "set for")):
        return []
    if _IS_ORDER.search(text):
        for m in _ORDERED.finditer(text):
            what = _what(text, m.start())
            if len(what) < 3 or _NOT_A_DUTY.search(what) or (
                    re.search(r"\bsigned\b", what, re.I)
                    and not re.search(r"\b(shall|must|file|due)\b", what, re.I)):
                continue
            add(_title(what), _read_date(m["date"]), f"{what}{m.group(0)}",
                f"Set by {source}")
        for m in _WITHIN.finditer(text):
            days = int(m["days"]) if m["days"] else _WORDS.get((m["word"] or "").lower())
            what = _what(text, m.start())
            if not days or len(what) < 3:
                continue
            counted = days_after(filed_on, days, CourtCalendar(state))
            add(_title(what), counted.due, f"{what}{m.group(0)}",
                f"Within {days} days of the order, {source}: {counted.explanation}")
    for m in (_ANNOTATION.finditer(text) if " due" in low or "set for" in low else ()):
        what = _what(text, m.start())
        if not what or not what[0].isalpha():
            continue
        verb = " ".join(m["verb"].split())
        # "Answer due for ALL FEDERAL DEFENDANTS by …" → "Answer due for ALL FEDERAL
        # DEFENDANTS"; "Status Conference set for …" → "Status Conference".
        tail = "" if verb.lower().endswith("set for") else " " + verb.rsplit(" ", 1)[0]
        add(_title(what, tail), _read_date(m["date"]), f"{what} {m.group(0).strip()}",
            f"The clerk's note on {source}")
    return sorted(found.values(), key=lambda p: p.due)
