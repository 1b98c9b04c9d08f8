"""Reading a PACER docket report: the HTML CM/ECF shows (saved from the browser)
and the PDF a browser prints of it.

A district court's report opens with "U.S. District Court", the district
("District of Columbia (Washington, DC)"), and "CIVIL DOCKET FOR CASE #:
1:20-cv-03100-ABJ"; then the caption, "Assigned to: Judge …" and "Date Filed:
…"; the parties; and a table headed "Date Filed | # | Docket Text", one row an
entry (an unnumbered row is a minute entry). Courts differ in the small
things (an extra icon column, the court line's wording), so the table is
found by its headings, not by its position.

Anything else is refused with what it is not: a bankruptcy court's or a court
of appeals' docket, a state court's, a page that is no docket at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from casefile.errors import InputError

# "CIVIL DOCKET FOR CASE #: 1:20-cv-03100-ABJ" (judge's initials optional, several allowed)
_CASE_LINE = re.compile(
    r"(CIVIL|CRIMINAL)\s+DOCKET\s+FOR\s+CASE\s*#\s*:\s*"
    r"(?P<no>\d{1,2}:\d{2}-[a-z]{2,4}-\d{1,6}(?:-[A-Za-z0-9]{1,6})*)", re.IGNORECASE)
_DISTRICT = re.compile(r"\b(U\.\s?S\.|United\s+States)\s+District\s+Court\b", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")
_FILED = re.compile(r"Date\s+Filed\s*:\s*(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_JUDGE = re.compile(r"Assigned\s+to\s*:\s*(.+)", re.IGNORECASE)
# PACER's document links: onclick="goDLS('/doc1/04517981238','221563','2',…)", and the
# report's own address (DktRpt.pl?221563): the PACER case id RECAP names files by.
_PACER_ID = re.compile(r"goDLS\('[^']*','(\d+)'|DktRpt\.pl\?(\d+)")

# What other courts' dockets say of themselves, to say what a file is not.
_OTHER_COURTS = (
    (re.compile(r"Bankruptcy\s+Court|Bankruptcy\s+Petition\s*#", re.IGNORECASE),
     "a bankruptcy court's docket"),
    (re.compile(r"Court\s+of\s+Appeals|General\s+Docket", re.IGNORECASE),
     "a court of appeals' docket"),
    (re.compile(r"Supreme\s+Court\s+of\s+the\s+State|Superior\s+Court|NYSCEF|"
                r"Register\s+of\s+Actions|County\s+Court|Circuit\s+Court\s+of\s+"
                r"|Court\s+of\s+Common\s+Pleas|State\s+of\s+[A-Z][a-z]+\s+.*Court",
                re.IGNORECASE), "a state court's docket"),
)


class NotADocket(InputError):
    """The file is not a federal district court's PACER docket report."""


@dataclass
class Entry:
    number: int | None
    filed_on: date
    text: str


@dataclass
class Docket:
    court: str  # "District of Columbia (Washington, DC)"
    case_no: str  # "1:20-cv-03100-ABJ", as the report writes it
    caption: str | None = None
    judge: str | None = None
    filed_on: date | None = None
    pacer_case_id: str | None = None
    entries: list[Entry] = field(default_factory=list)

    @property
    def core_no(self) -> str:
        return core_number(self.case_no)


def core_number(case_no: str | None) -> str:
    """"1:20-cv-03100-ABJ-GMH" → "1:20-cv-3100": the office, year, type and number,
    which the judge's initials and zero padding do not change."""
    # Searched, not matched: a matter's field may read "No. 1:25-cv-31 (ABJ)".
    m = re.search(r"(\d{1,2}):(\d{2})-([a-z]{2,4})-0*(\d+)", case_no or "", re.IGNORECASE)
    if not m:
        return " ".join((case_no or "").split()).lower()
    return f"{int(m[1])}:{m[2]}-{m[3].lower()}-{m[4]}"


def _date(text: str) -> date | None:
    m = _DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError:
        return None


def _squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _what_it_is(text: str) -> str:
    for pattern, what in _OTHER_COURTS:
        if pattern.search(text):
            return what
    if re.search(r"\bdocket\b", text, re.IGNORECASE):
        return "a docket in no shape Casefile knows"
    return "no docket at all"


def _refuse(name: str, text: str) -> NotADocket:
    return NotADocket(f"{name} is not a federal district court's PACER docket report "
                      f"(it reads as {_what_it_is(text[:20000])})")


def _header(lines: list[str], name: str, whole: str) -> Docket:
    """Court, case number, caption, judge and filing date from the report's top."""
    case_at = next((i for i, line in enumerate(lines) if _CASE_LINE.search(line)), None)
    district_at = next((i for i, line in enumerate(lines[: (case_at or 0) + 1])
                        if _DISTRICT.search(line)), None)
    if case_at is None or district_at is None:
        raise _refuse(name, whole)
    court = next((lines[i] for i in range(district_at + 1, case_at)
                  if lines[i] and not _DISTRICT.fullmatch(lines[i])), "")
    if not court:  # "U.S. District Court for the District of Columbia" on one line
        court = _DISTRICT.sub("", lines[district_at]).strip(" ,-")
    docket = Docket(court=court, case_no=_CASE_LINE.search(lines[case_at])["no"])
    window = lines[case_at + 1: case_at + 40]
    judge_at = next((i for i, line in enumerate(window) if _JUDGE.match(line)), None)
    if judge_at is not None:
        docket.judge = _JUDGE.match(window[judge_at])[1].strip()
        # The caption runs from its "v." line (or the line above "Assigned to:") down
        # to "Assigned to:": a printed page wraps a long one.
        start = next((i for i in range(judge_at) if re.search(
            r"\sv\.?\s|^in re\b", window[i], re.IGNORECASE)), judge_at - 1)
        if start >= 0:
            docket.caption = " ".join(window[start:judge_at])
    for line in window:
        if (m := _FILED.search(line)) and not docket.filed_on:
            docket.filed_on = _date(m[1])
    return docket


# --- HTML ---------------------------------------------------------------------------------


def parse_html(data: bytes, name: str = "The file") -> Docket:
    """The docket a saved CM/ECF docket report holds; NotADocket if it is none."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        raise NotADocket(f"{name} is not a PACER docket report: it holds no readable "
                         "HTML.") from None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    # The header is laid out with <br>: each one a line break in the text.
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    table = _entries_table(root)
    head_text = _header_text(root, table)
    lines = [_squash(line) for line in head_text.splitlines()]
    lines = [line for line in lines if line]
    whole = _squash(root.text_content())
    docket = _header(lines, name, whole)
    pacer = _PACER_ID.search(data.decode("latin-1"))
    if pacer:
        docket.pacer_case_id = pacer[1] or pacer[2]
    if table is not None:
        docket.entries = _rows(*table)
    return docket


def _cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _entries_table(root):
    """(rows after the heading, date column, number column, text column), or None."""
    for row in root.iter("tr"):
        heads = [_squash(c.text_content()).lower() for c in _cells(row)]
        if not any(h == "docket text" for h in heads):
            continue
        date_col = next((i for i, h in enumerate(heads) if h in ("date filed", "filed",
                                                                  "filing date")), None)
        number_col = next((i for i, h in enumerate(heads) if h in ("#", "no.", "doc. no.")),
                          None)
        text_col = heads.index("docket text")
        if date_col is None or number_col is None:
            continue
        following = []
        sibling = row.getnext()
        while sibling is not None:
            if sibling.tag == "tr":
                following.append(sibling)
            sibling = sibling.getnext()
        if row.getparent() is not None and row.getparent().tag == "thead":
            body = row.getparent().getnext()
            if body is not None:
                following += [r for r in body if r.tag == "tr"]
        return row, following, date_col, number_col, text_col
    return None


def _header_text(root, table) -> str:
    """The text before the entries table (the whole page when it has none)."""
    if table is None:
        return root.text_content()
    stop = table[0]
    parts = []
    for element in root.iter():
        if element is stop:
            break
        if element.text and isinstance(element.tag, str) and element.tag not in ("script",
                                                                                  "style"):
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
        if element.tag in ("tr", "p", "div", "center", "table", "h1", "h2", "h3", "td"):
            parts.append("\n")
    return "".join(parts)


def _rows(_heading, rows, date_col: int, number_col: int, text_col: int) -> list[Entry]:
    entries = []
    need = max(date_col, number_col, text_col)
    for row in rows:
        cells = _cells(row)
        if len(cells) <= need:
            continue
        filed = _date(_squash(cells[date_col].text_content()))
        if filed is None:
            continue
        # Some courts print the page count under the number: "12 (5 pgs; 2 docs)".
        number_match = re.match(r"(\d{1,6})\b", _squash(cells[number_col].text_content()))
        number = int(number_match[1]) if number_match else None
        text = _squash(cells[text_col].text_content())
        entries.append(Entry(number, filed, text))
    return entries


# --- the PDF a browser prints -------------------------------------------------------------

# What a browser prints around each page: the date and time and the page's title,
# the address, "1/12" or "Page 1 of 12".
_PRINT_FURNITURE = re.compile(
    r"^(\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(\s*[AP]M)?\b.*"
    r"|https?://\S+(\s+\d+/\d+)?"
    r"|\d+\s*/\s*\d+|(Page\s+)?\d+\s+of\s+\d+"
    r"|CM/ECF\b.{0,80})$", re.IGNORECASE)
_HEADING = re.compile(r"^Date\s+Filed\s+#\s+Docket\s+Text$", re.IGNORECASE)
# The date column is always MM/DD/YYYY, zero-padded, then a space or the line's end;
# a date wrapped to the start of a line of text is mostly neither ("5/2/2025.",
# "01/06/2025)").
_ENTRY_START = re.compile(r"^(\d{2}/\d{2}/\d{4})(?:\s+(\d{1,6})(?=\s|$))?(?:\s+(.*)|$)")


def parse_pages(pages: list[str], name: str = "The file") -> Docket:
    """The docket in the text of a printed report, page by page."""
    repeated = _repeated_lines(pages)
    lines: list[str] = []
    for page in pages:
        for raw in page.splitlines():
            line = _squash(raw)
            if line and not _PRINT_FURNITURE.match(line) and line not in repeated:
                lines.append(line)
    # A table heading a browser repeats atop each page is no entry's text.
    first = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if first is not None:
        lines = lines[:first + 1] + [x for x in lines[first + 1:] if not _HEADING.match(x)]
    whole = " ".join(lines)
    heading_at = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if heading_at is None:
        # The heading cells may come out one to a line.
        for i in range(len(lines) - 2):
            if [x.lower() for x in lines[i:i + 3]] == ["date filed", "#", "docket text"]:
                heading_at = i + 2
                break
    docket = _header(lines[: heading_at if heading_at is not None else len(lines)], name,
                     whole)
    if heading_at is not None:
        docket.entries = _text_entries(lines[heading_at + 1:])
    return docket


def _repeated_lines(pages: list[str]) -> set[str]:
    """Lines a browser prints at the top or foot of every page (the page's title)."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for page in pages:
        lines = [_squash(x) for x in page.splitlines() if x.strip()]
        for line in set(lines[:2] + lines[-2:]):
            seen[line] = seen.get(line, 0) + 1
    # On every page (one may miss it, of three or more): the furniture, not an entry.
    need = len(pages) - 1 if len(pages) >= 3 else len(pages)
    return {line for line, n in seen.items() if n >= need and not _date(line)}


def _text_entries(lines: list[str]) -> list[Entry]:
    entries: list[Entry] = []
    pending_date: date | None = None
    for line in lines:
        m = _ENTRY_START.match(line)
        filed = _date(line) if m else None
        last = entries[-1] if entries else None
        # A wrapped line of text may begin with a date; a new entry's date is never
        # earlier than the one before, and its number (if any) is higher.
        if filed is not None and (last is None or filed >= last.filed_on) and (
                not m[2] or last is None or last.number is None or int(m[2]) > last.number):
            number = int(m[2]) if m[2] else None
            rest = m[3] or ""
            if number is None and rest.isdigit():
                number, rest = int(rest), ""
            entries.append(Entry(number, filed, rest))
            pending_date = filed
            continue
        if last is None or pending_date is None:
            continue
        if last.number is None and not last.text and line.isdigit():
            last.number = int(line)  # the number cell printed on a line of its own
            continue
        last.text = f"{last.text} {line}".strip()
    return entries
