"""Personal data in page text: what FRCP 5.2(a) forbids in a public filing, and
what immigration and FOIA cases add (alien registration and passport numbers).

The recognisers are regular expressions with the context that makes a number
what it is (no language model, nothing downloaded). Each ``Finding`` says the
page, the text, the rule, and the form the rule allows. A number that looks
like a Social Security number but cannot be one (area 000, 666 or 900–999
outside the ITIN ranges, group 00, serial 0000) is still noted (``blocking``
is False): a placeholder such as 000-00-0000 must not stop a filing, but the
user sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

R1 = "FRCP 5.2(a)(1)"  # Social Security and taxpayer-identification numbers
R2 = "FRCP 5.2(a)(2)"  # birth dates
R3 = "FRCP 5.2(a)(3)"  # names of minors
R4 = "FRCP 5.2(a)(4)"  # financial-account numbers
A_NUMBER = "alien registration number (immigration records; not public)"
PASSPORT = "passport number (identity document; not public)"


@dataclass(frozen=True)
class Finding:
    page: int | None  # 1-based
    kind: str  # "Social Security number", "birth date", …
    text: str  # what the page says
    rule: str
    allowed: str  # the form the rule allows, filled in: "XXX-XX-6789"
    blocking: bool = True  # False: noted, but not what the rule forbids
    start: int = 0  # offset in the page's text

    def describe(self) -> str:
        noted = "" if self.blocking else " (noted only)"
        return f"{self.kind} '{self.text}'{noted} ({self.rule}; allowed: {self.allowed})"

    def line(self) -> str:
        return (f"page {self.page}: " if self.page else "") + self.describe()


_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH_NO = {m[:3]: n for n, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# A full date (day, month and year): what 5.2(a)(2) forbids for a birth date.
_DATE = re.compile(
    rf"\b(?:(?P<m1>\d{{1,2}})[/.-](?P<d1>\d{{1,2}})[/.-](?P<y1>\d{{4}}|\d{{2}})"
    rf"|(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})"
    rf"|(?P<mn3>{_MONTHS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    rf"|(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn4>{_MONTHS})\.?,?\s+(?P<y4>\d{{4}})"
    rf")\b", re.IGNORECASE)

_SSN = re.compile(r"(?<![\w-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w-])")
_SSN_CONTEXT = re.compile(r"\b(?:ssn|ss#|s\.s\.n\.?|social\s+security(?:\s+(?:no\.?|number|#))?"
                          r"|soc\.?\s*sec\.?|itin|tin|taxpayer)\b", re.IGNORECASE)
_EIN = re.compile(r"(?<![\w-])(\d{2})-(\d{7})(?![\w-])")
_EIN_CONTEXT = re.compile(r"\b(?:ein|fein|tin|tax\s*id|taxpayer|employer\s+identification)\b",
                          re.IGNORECASE)
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")
_ACCOUNT = re.compile(r"\b(?:account|acct|a/c|routing|iban)\b(?:\s*(?:no\.?|number|#|:))*"
                      r"\s*(?P<n>[A-Z]{0,4}\d[\d -]{4,30}\d)", re.IGNORECASE)
_A_NUMBER = re.compile(r"(?<![\w-])(?:A|A#|A-#)[- ]?(?:(\d{3})[- ](\d{3})[- ](\d{3})|(\d{8,9}))"
                       r"(?![\w-])")
_A_CONTEXT = re.compile(r"\b(?:a-?number|a#|alien\s+(?:registration\s+)?(?:no\.?|number|#))"
                        r"\s*(?:no\.?|number|#|:)*\s*(?P<n>\d{3}[- ]?\d{3}[- ]?\d{3}|\d{8,9})\b",
                        re.IGNORECASE)
_PASSPORT = re.compile(r"\bpassport(?:\s+(?:no\.?|number|#))?\s*[:#]?\s*"
                       r"(?P<n>(?=[A-Z0-9]*\d)[A-Z0-9]{6,9})\b", re.IGNORECASE)
_BIRTH_CONTEXT = re.compile(r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday|"
                            r"born(?:\s+on)?|fecha\s+de\s+nacimiento|f\.?d\.?n\.?)\b",
                            re.IGNORECASE)
_MINOR = re.compile(r"\b(?:a|the)\s+minor\b|\bminor\s+(?:child|children|daughter|son)\b|"
                    r"\(\s*a\s+minor\s*\)", re.IGNORECASE)
# An age, three ways, each run only where a case-sensitive gate on the
# lowered page finds its form: "age" and "y" are in nearly every page
# ("page", "you"), so a gate on the word alone ran every pattern on every
# page; a gate that starts with a literal ("age", "year") is a fast scan.
_AGES = ((re.compile(r"age[ds]?\s*:?\s*\d"),
          re.compile(r"\bage[ds]?\s*:?\s*(?P<a>\d{1,2})\b", re.IGNORECASE)),
         (re.compile(r"years?[- ]old"),
          re.compile(r"\b(?P<a>\d{1,2})[- ]years?[- ]old\b", re.IGNORECASE)),
         (re.compile(r"y/?o\b"),
          re.compile(r"\b(?P<a>\d{1,2})\s*(?:yo|y/o)\b", re.IGNORECASE)))
_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+)\b")
_NOT_NAMES = {"The", "A", "An", "Minor", "Plaintiff", "Defendant", "Petitioner", "Respondent",
              "Child", "Her", "His", "Their", "Mr", "Ms", "Mrs", "Dr", "On", "In", "And"}
_A_HINT = re.compile(r"A[-# ]{0,2}\d")
_DIGITS = re.compile(r"\d[\d -]{7,}\d")
_BIRTH_WORD = re.compile(r"birth|born|d\.?\s?o\.?\s?b|nacimiento|f\.?d\.?n", re.IGNORECASE)
# Column headings of a table: "Name   DOB   Date of Entry"; the birth one is
# found among the headings that hold dates.
_HEADING = re.compile(r"date\s+of\s+birth|birth\s*date|birthdate|d\.?o\.?b\.?|born|"
                      r"date(?:\s+of\s+[a-z]+)?|dated|issued|expir\w*|entered", re.IGNORECASE)


def _full_date(m: re.Match) -> date | None:
    g = m.groupdict()
    try:
        if g["y1"]:
            year = int(g["y1"])
            year += (1900 if year > 30 else 2000) if year < 100 else 0
            return date(year, int(g["m1"]), int(g["d1"]))
        if g["y2"]:
            return date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
        if g["y3"]:
            return date(int(g["y3"]), _MONTH_NO[g["mn3"][:3].lower()], int(g["d3"]))
        if g["y4"]:
            return date(int(g["y4"]), _MONTH_NO[g["mn4"][:3].lower()], int(g["d4"]))
    except ValueError:
        return None
    return None


def _has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


def ssn_problem(area: str, group: str, serial: str) -> str | None:
    """Why a nine-digit number cannot be a Social Security number (the SSA's
    rules), or None when it can."""
    if area == "000":
        return "area 000"
    if area == "666":
        return "area 666"
    if area[0] == "9":
        return "area 9xx"
    if group == "00":
        return "group 00"
    if serial == "0000":
        return "serial 0000"
    return None


def _is_itin(area: str, group: str) -> bool:
    """ITINs: area 9xx, group 50–65, 70–88, 90–92 or 94–99 (IRS)."""
    g = int(group)
    return area[0] == "9" and (50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99)


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card_issuer(digits: str) -> bool:
    """A payment card's issuer prefix and length (Visa, Mastercard, Amex,
    Discover, Diners, JCB, UnionPay): Luhn alone passes one number in ten."""
    n = len(digits)
    two, four = int(digits[:2]), int(digits[:4])
    return ((digits[0] == "4" and n in (13, 16, 19)) or (51 <= two <= 55 and n == 16)
            or (2221 <= four <= 2720 and n == 16) or (two in (34, 37) and n == 15)
            or ((digits[:4] == "6011" or two == 65 or 644 <= int(digits[:3]) <= 649)
                and 16 <= n <= 19)
            or (two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and 14 <= n <= 19
            or (3528 <= four <= 3589 and 16 <= n <= 19) or (two == 62 and 16 <= n <= 19))


def _last4(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return f"last four digits only: …{digits[-4:]}"


def initials(name: str) -> str:
    return "".join(part[0] + "." for part in re.split(r"[\s-]+", name) if part[:1].isalpha())


def scan_text(text: str, page: int | None = None, *, filed: date | None = None
              ) -> list[Finding]:
    """Every piece of personal data in one page's text, in reading order.
    ``filed``: the filing date that says who is a minor (default today)."""
    filed = filed or date.today()
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []  # spans already reported: one finding per number

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, kind: str, rule: str, allowed: str, blocking: bool = True,
            shown: str | None = None) -> None:
        taken.append((a, b))
        found.append(Finding(page, kind, shown or text[a:b], rule, allowed, blocking, a))

    def near(pattern: re.Pattern, a: int, before: int = 40) -> bool:
        return bool(pattern.search(text[max(0, a - before):a]))

    lower = text.lower()
    # Alien registration numbers first: "A-123-456-789" is also nine digits.
    # Words looked for as plain strings before a pattern is run: most pages of a
    # production have none of them, and a case-blind pattern tries every position.
    for m in (_A_CONTEXT.finditer(text) if _has(lower, "alien", "a-n", "a#", "anumber",
                                                  "a number") else ()):
        a, b = m.span("n")
        if free(a, b):
            add(a, b, "alien registration number", A_NUMBER, _last4(m["n"]))
    for m in (_A_NUMBER.finditer(text) if _A_HINT.search(text) else ()):
        if free(*m.span()):
            add(*m.span(), "alien registration number", A_NUMBER, _last4(m.group()))
    for m in (_PASSPORT.finditer(text) if "passport" in lower else ()):
        a, b = m.span("n")
        if free(a, b):
            add(a, b, "passport number", PASSPORT, _last4(m["n"]))
    # Nine digits or more, with separators, somewhere on the page: else no SSN,
    # card or account number can be (a pattern starting with a digit is fast).
    # Each cluster of nine digits or more (spaces and hyphens between them):
    # the number patterns run inside these only (a Bates number on every page
    # made a gate on the whole page always open).
    clusters = [(m.start(), m.end()) for m in _DIGITS.finditer(text)
                if sum(c.isdigit() for c in m.group()) >= 9]

    def in_clusters(pattern: re.Pattern):
        # endpos one past the cluster: the pattern's look-ahead sees the next
        # character; its look-behind sees the text before ``pos``.
        for a, b in clusters:
            yield from pattern.finditer(text, a, min(len(text), b + 1))

    for m in in_clusters(_SSN):
        a, b = m.span()
        if not free(a, b):
            continue
        bare = not m[2]  # nine digits in a row: a number of any kind without context
        if bare and not near(_SSN_CONTEXT, a):
            continue
        area, group, serial = m[1], m[3], m[4]
        masked = f"XXX-XX-{serial}"
        if _is_itin(area, group):
            add(a, b, "taxpayer number (ITIN)", R1, masked)
            continue
        problem = ssn_problem(area, group, serial)
        if problem:
            add(a, b, f"number in Social Security form, not a valid one ({problem})", R1,
                masked, blocking=False)
        else:
            add(a, b, "Social Security number", R1, masked)
    for m in (_EIN.finditer(text) if _has(lower, "ein", "tin", "tax", "employer") else ()):
        if free(*m.span()) and near(_EIN_CONTEXT, m.start()):
            add(*m.span(), "taxpayer number (EIN)", R1, f"XX-XXX{m[2][-4:]}")
    for m in (_ACCOUNT.finditer(text) if _has(lower, "account", "acct", "a/c", "routing",
                                               "iban") else ()):
        a, b = m.span("n")
        digits = re.sub(r"\D", "", m["n"])
        if free(a, b) and len(digits) >= 6:
            add(a, b, "financial account number", R4, _last4(digits))
    for m in in_clusters(_CARD):
        digits = re.sub(r"\D", "", m.group())
        if free(*m.span()) and 13 <= len(digits) <= 19 and luhn(digits) and \
                _card_issuer(digits):
            add(*m.span(), "card number", R4, _last4(digits))
    _birth_dates(text, page, filed, found, taken, free, add)
    _minors(text, found, free, add)
    found.sort(key=lambda f: f.start)
    return found


def _birth_dates(text, page, filed, found, taken, free, add) -> None:
    def birth(a: int, b: int, when: date) -> None:
        add(a, b, "birth date", R2, f"the year only: {when.year}")
        age = filed.year - when.year - ((filed.month, filed.day) < (when.month, when.day))
        if 0 <= age < 18:
            add(a, a, "birth date of a minor", R3,
                f"initials for the minor's name (born {when.year}; {age} at filing)",
                shown=text[a:b])

    # Cheap tests first: most pages of a production say nothing of a birth.
    if not _has(text.lower(), "birth", "born", "dob", "d.o.b", "d. o. b", "nacimiento", "fdn",
                "f.d.n"):
        return
    for m in _DATE.finditer(text):
        when = _full_date(m)
        if when is None or not free(*m.span()):
            continue
        # "DOB: 3/4/1990", "born on March 4, 1990": the context just before it.
        window = text[max(0, m.start() - 30):m.start()]
        said = list(_BIRTH_CONTEXT.finditer(window))
        # The context on the date's own line: a "DOB" heading a column is the
        # table's (below), not the next line's date.
        if said and "\n" not in window[said[-1].end():]:
            birth(*m.span(), when)
    # A table whose column is headed birth: the n-th date of each row under it.
    lines = text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    i = 0
    while i < len(lines):
        if not _BIRTH_WORD.search(lines[i]):
            i += 1
            continue
        headings = [h.group() for h in _HEADING.finditer(lines[i])]
        column = next((k for k, h in enumerate(headings)
                       if re.search(r"birth|d\.?o\.?b|born", h, re.IGNORECASE)), None)
        if column is None or _DATE.search(lines[i]):
            i += 1
            continue
        j = i + 1
        # The table ends at a blank line or a line with no date (the next heading:
        # pdfium's text has no blank line between two tables).
        while j < len(lines) and lines[j].strip():
            dates = list(_DATE.finditer(lines[j]))
            if not dates:
                break
            if len(dates) > column:
                d = dates[column]
                when = _full_date(d)
                a, b = offsets[j] + d.start(), offsets[j] + d.end()
                if when is not None and free(a, b):
                    birth(a, b, when)
            j += 1
        i = j


def _opens(gate: re.Pattern, lower: str) -> bool:
    """Whether ``gate`` matches at the start of a word: "page 2" holds "age 2"
    (a pattern with a \\b or a look-behind first is not scanned for its
    literal, so the word's start is tested here)."""
    return any(m.start() == 0 or not lower[m.start() - 1].isalpha()
               for m in gate.finditer(lower))


def _minors(text, found, free, add) -> None:
    lower = text.lower()
    for m in (_MINOR.finditer(text) if "minor" in lower else ()):
        # The name beside "a minor": "J. Doe, a minor", "Jane Doe (a minor)",
        # "the minor child Jane Doe".
        before = text[max(0, m.start() - 60):m.start()]
        after = text[m.end():m.end() + 60]
        names = [n for n in _NAME.findall(before) if n.split()[0] not in _NOT_NAMES]
        name = names[-1] if names else None
        if name is None:
            later = [n for n in _NAME.findall(after.split(".")[0])
                     if n.split()[0] not in _NOT_NAMES]
            name = later[0] if later else None
        shown = f"{name} ({m.group().strip()})" if name else m.group()
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "name of a minor", R3,
                f"initials: {initials(name)}" if name else "initials only", shown=shown)
    ages = sorted((m for gate, pattern in _AGES if _opens(gate, lower)
                   for m in pattern.finditer(text)), key=lambda m: m.start())
    for m in ages:
        age = int(m["a"])
        # "Jane Doe, a minor, age 15" is one minor, already found.
        said = any(f.rule == R3 and 0 <= m.start() - f.start <= 80 for f in found)
        if age < 18 and not said and free(*m.span()):
            before = text[max(0, m.start() - 60):m.start()]
            names = [n for n in _NAME.findall(before) if n.split()[0] not in _NOT_NAMES]
            name = names[-1] if names else None
            add(*m.span(), "name of a minor (by age)", R3,
                f"initials: {initials(name)}" if name else "initials only",
                shown=f"{name}, {m.group()}" if name else m.group())
