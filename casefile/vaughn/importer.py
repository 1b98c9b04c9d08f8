"""Importing an agency's Vaughn index: its tables into entries, row by row, with a report.

The reader (``tables``) gives rows of text; ``columns`` says which column is
which; this module turns each row into an entry and says what it did with it:

- kept: read in full;
- flagged: kept, with something the user should look at (an exemption not in
  the catalog kept as written, a date that is not a date, a missing cell);
- refused: not an entry (no entry number, Bates number or exemption), with
  its text in the report;
- skipped: a repeated header or a section heading ("Documents responsive to
  Item 1"), listed so nothing disappears unseen.

Everything happens in the caller's transaction: an import that fails for the
file as a whole writes nothing.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from casefile.errors import InputError
from casefile.ingest import bates as bates_numbers
from casefile.store.models import (
    Agency,
    ChallengeState,
    Disposition,
    FoiaRequest,
    IndexAuthor,
    Production,
    Record,
    VaughnIndex,
    Withholding,
    utcnow,
)
from casefile.vaughn import claims as claim_parser
from casefile.vaughn import columns, tables
from casefile.vaughn.entries import Catalog, Claim, add_index, withholding_rows

KEPT, FLAGGED, REFUSED, SKIPPED = "kept", "flagged", "refused", "skipped"
_HEADER_SEARCH_ROWS = 12  # a title and blank rows may sit above the header


@dataclass
class RowOutcome:
    where: str
    status: str
    entry_no: str | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    index_id: int | None = None
    index_title: str = ""
    mapping: list[tuple[str, str | None]] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def imported(self) -> int:
        return self.count(KEPT) + self.count(FLAGGED)

    def summary(self) -> str:
        return (f"{self.source}: {self.imported} entries imported into "
                f"'{self.index_title}' ({self.count(FLAGGED)} flagged), "
                f"{self.count(REFUSED)} rows refused, {self.count(SKIPPED)} skipped.")

    def lines(self, everything: bool = False) -> list[str]:
        """The report as text: the mapping, the notes, and each row not simply kept."""
        out = [self.summary(), "", "Columns:"]
        width = max((len(h) for h, _ in self.mapping), default=0)
        for header, fld in self.mapping:
            out.append(f"  {header.ljust(width)}  → {fld or 'not matched (kept in description)'}")
        if self.notes:
            out += ["", "Notes:"] + [f"  {n}" for n in self.notes]
        shown = [r for r in self.rows if everything or r.status != KEPT]
        if shown:
            out += ["", "Rows:"]
            for r in shown:
                label = f"entry {r.entry_no}" if r.entry_no else ""
                reasons = "; ".join(r.reasons)
                out.append(f"  {r.where}: {r.status}{' ' + label if label else ''}"
                           f"{' — ' + reasons if reasons else ''}")
        return out

    def write_csv(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["Where", "Status", "Entry", "Reasons"])
            for r in self.rows:
                w.writerow([r.where, r.status, r.entry_no or "", "; ".join(r.reasons)])


@dataclass
class _Layout:
    headers: list[str]
    fields: list[str | None]
    header_key: list[str]


def import_index(
    session: Session,
    path: Path,
    *,
    title: str | None = None,
    index: VaughnIndex | None = None,
    agency: Agency | None = None,
    request: FoiaRequest | None = None,
    production: Production | None = None,
    served_on: date | None = None,
    overrides: dict[str, str] | None = None,
    password: str | None = None,
) -> ImportReport:
    """Read ``path`` into a new index (or ``index``), in the caller's transaction.

    ``overrides`` (normalised header → field) correct the column matching; with
    an ``agency`` they are saved for its next index, and its saved mappings apply.
    """
    overrides = overrides or {}
    if agency is None and request is not None:
        agency = request.agency
    # The agency's file is read in a child process with the reading limits
    # (casefile.limits): Word, Excel and PDF parsers meet whatever it holds.
    from casefile import limits
    from casefile.jobs import call_in_child

    source_tables = call_in_child(tables.read, path, password, limits=limits.TABLES)
    mapping = {**columns.saved(session, agency), **overrides}
    report = ImportReport(source=path.name)
    rows = _rows(source_tables, mapping, report, path.name)
    if index is None:
        # The file's own name, as the agency gave it, makes a better title than
        # a generic one with an extension (it reaches exports and briefs).
        default = " ".join(path.stem.replace("_", " ").split()) or "Vaughn index"
        index = add_index(session, title or default, IndexAuthor.AGENCY,
                          served_on=served_on, request=request, production=production,
                          source_name=path.name)
    report.index_id, report.index_title = index.id, index.title
    _store(session, index, rows, report, path.name)
    if agency is not None:
        columns.save(session, agency, overrides)
    return report


# --- from tables to rows of fields -------------------------------------------------


@dataclass
class _Row:
    where: str
    values: dict[str, str]
    unmatched: list[tuple[str, str]]  # (header, text) of columns not mapped
    reasons: list[str]


def _rows(source_tables: list[tables.SourceTable], mapping: dict[str, str],
          report: ImportReport, name: str) -> list[_Row]:
    layout: _Layout | None = None
    rows: list[_Row] = []
    unmatched_seen: Counter[str] = Counter()
    for table in source_tables:
        start, found = _find_header(table, mapping)
        if found is not None:
            if layout is not None and found.fields != layout.fields:
                report.notes.append(f"{table.where} has other columns than the table before; "
                                    "its own header is used.")
            layout = found
            if not report.mapping:
                report.mapping = list(zip(found.headers, found.fields, strict=True))
        elif layout is not None and _widest(table) == len(layout.headers):
            start = 0  # a table continued without its header
            if not table.continues:
                report.notes.append(f"{table.where} has no header row; read with the columns "
                                    "of the table before it.")
        else:
            if table.rows and any(any(c for c in r.cells) for r in table.rows):
                report.notes.append(f"{table.where} ({_widest(table)} columns) is not a Vaughn "
                                    "index table: skipped.")
            continue
        continuing = table.continues
        for source_row in table.rows[start:]:
            cells = source_row.cells
            if not any(c.strip() for c in cells):
                continue
            if source_row.repeat_header or _is_header(cells, layout):
                report.rows.append(RowOutcome(source_row.where, SKIPPED,
                                              reasons=["the header row repeated"]))
                continue
            if source_row.spanning or _single_cell(cells, layout):
                if continuing and rows and _continues(cells, layout):
                    _join(rows[-1], cells, layout)
                    continuing = False
                    continue
                text = " ".join(c for c in cells if c).strip()
                report.rows.append(RowOutcome(source_row.where, SKIPPED,
                                              reasons=[f"a heading, not an entry: “{text}”"]))
                continue
            if continuing and rows and _continues(cells, layout):
                _join(rows[-1], cells, layout)
                continuing = False
                continue
            continuing = False
            rows.append(_read_row(source_row, layout, unmatched_seen))
    if layout is None:
        raise InputError(_no_table_message(name, source_tables))
    for header, n in unmatched_seen.items():
        report.notes.append(f"Column '{header}' matches no field: its text ({n} rows) is kept "
                            f"in each entry's description; map it with --map '{header}=FIELD'.")
    return rows


def _find_header(table: tables.SourceTable, mapping: dict[str, str]
                 ) -> tuple[int, _Layout | None]:
    best, best_score = None, 0
    for i, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        cells = list(row.cells)
        while cells and not cells[-1].strip():
            cells.pop()
        fields = columns.match(cells, mapping)
        s = columns.score(fields)
        if s > best_score:
            best_score = s
            best = (i, _Layout(cells, fields, [columns.normalise(c) for c in cells]))
    if best is None:
        return 0, None
    return best[0] + 1, best[1]


def _widest(table: tables.SourceTable) -> int:
    return max((len(r.cells) for r in table.rows), default=0)


def _is_header(cells: list[str], layout: _Layout) -> bool:
    # The first filled header cells decide most rows without normalising them all.
    firsts = [i for i, k in enumerate(layout.header_key) if k][:2]
    if any(i >= len(cells) or columns.normalise(cells[i]) != layout.header_key[i]
           for i in firsts):
        return False
    keys = [columns.normalise(c) for c in cells]
    same = sum(1 for a, b in zip(keys, layout.header_key, strict=False) if a and a == b)
    return same >= max(2, len([k for k in layout.header_key if k]) - 1)


def _single_cell(cells: list[str], layout: _Layout) -> bool:
    filled = [i for i, c in enumerate(cells) if c.strip()]
    return len(filled) == 1 and len(layout.headers) >= 4 and \
        (filled[0] >= len(layout.fields) or layout.fields[filled[0]] not in
         ("exemptions", "justification"))


def _continues(cells: list[str], layout: _Layout) -> bool:
    """A row with no number, Bates number or exemption of its own continues the one above."""
    for i, text in enumerate(cells):
        fld = layout.fields[i] if i < len(layout.fields) else None
        if text.strip() and fld in ("entry_no", "bates", "bates_begin", "exemptions"):
            return False
    return True


def _join(row: _Row, cells: list[str], layout: _Layout) -> None:
    for i, text in enumerate(cells):
        fld = layout.fields[i] if i < len(layout.fields) else None
        if not text.strip() or not fld or fld == columns.IGNORE:
            continue
        row.values[fld] = f"{row.values.get(fld, '')} {text}".strip()


def _read_row(source_row: tables.SourceRow, layout: _Layout,
              unmatched_seen: Counter[str]) -> _Row:
    cells = source_row.cells
    reasons = []
    width = len(layout.headers)
    extra = [c for c in cells[width:] if c.strip()]
    if len(cells) < width and sum(1 for c in cells if c.strip()) < width:
        reasons.append(f"{len(cells)} cells where the header has {width}; the missing ones "
                       "are left empty")
    values: dict[str, str] = {}
    unmatched: list[tuple[str, str]] = []
    for i, header in enumerate(layout.headers):
        text = cells[i].strip() if i < len(cells) else ""
        fld = layout.fields[i]
        if not text or fld == columns.IGNORE:
            continue
        if fld is None:
            unmatched.append((header or f"column {i + 1}", text))
            unmatched_seen[header or f"column {i + 1}"] += 1
        else:
            values[fld] = text
    if extra:
        reasons.append(f"{len(extra)} cells beyond the header's {width}; their text is kept in "
                       "the description")
        unmatched += [("extra cell", t) for t in extra]
    return _Row(source_row.where, values, unmatched, reasons)


def _no_table_message(name: str, source_tables: list[tables.SourceTable]) -> str:
    seen = []
    for t in source_tables:
        for row in t.rows[:1]:
            headers = [c for c in row.cells if c.strip()]
            if headers:
                seen.append(f"{t.where}: " + ", ".join(headers[:8]))
    found = ("; headers found — " + " | ".join(seen[:3])) if seen else ""
    return (f"{name} has no table whose columns Casefile can match (it needs an exemption "
            f"column and an entry number, Bates or description column){found}. Name the "
            "columns with --map 'Header=field'.")


# --- from rows to entries ---------------------------------------------------------------


def _store(session: Session, index: VaughnIndex, rows: list[_Row], report: ImportReport,
           name: str) -> None:
    """Insert the entries in two statements: ORM objects for 5,000 rows cost seconds."""
    catalog = Catalog(session)
    taken = set(session.scalars(select(Record.entry_no).where(Record.index_id == index.id)))
    position = session.scalar(select(func.coalesce(func.max(Record.position), 0))
                              .where(Record.index_id == index.id))
    records: list[dict] = []
    held: list[list[dict]] = []
    for row in rows:
        outcome = RowOutcome(row.where, KEPT, reasons=list(row.reasons))
        read = _record(row, catalog, outcome)
        if read is None:
            outcome.status = REFUSED
            report.rows.append(outcome)
            continue
        record, withholdings = read
        entry_no = record["entry_no"]
        if entry_no in taken:
            n = 2
            while f"{entry_no} ({n})" in taken:
                n += 1
            outcome.reasons.append(f"entry number {entry_no} appears more than once; "
                                   f"this one is numbered {entry_no} ({n})")
            record["entry_no"] = entry_no = f"{entry_no} ({n})"
        taken.add(entry_no)
        position += 1
        now = utcnow()
        record.update(position=position, index_id=index.id, uuid=uuid.uuid4(),
                      created_at=now, updated_at=now,
                      source_ref=f"{name}, {row.where}"[:500])
        outcome.entry_no = entry_no
        if outcome.reasons:
            outcome.status = FLAGGED
        records.append(record)
        held.append(withholdings)
        report.rows.append(outcome)
    if not records:
        return
    first = records[0]["position"]
    # Core, not the ORM's bulk insert: one executemany instead of thousands.
    session.connection().execute(insert(Record.__table__), records)
    # The new rows' ids by position: one SELECT (RETURNING in parameter order
    # costs SQLAlchemy quadratic bookkeeping at this size).
    ids = dict(session.execute(select(Record.position, Record.id).where(
        Record.index_id == index.id, Record.position >= first)).all())
    rows_out = [dict(w, record_id=ids[r["position"]]) for r, ws in zip(records, held, strict=True)
                for w in ws]
    if rows_out:
        session.connection().execute(insert(Withholding.__table__), rows_out)


def _record(row: _Row, catalog: Catalog, outcome: RowOutcome
            ) -> tuple[dict, list[dict]] | None:
    v = row.values
    reasons = outcome.reasons
    begin, end = _bates(v.get("bates"), v.get("bates_begin"), v.get("bates_end"))
    parsed = claim_parser.parse(v.get("exemptions"))
    entry_no = v.get("entry_no", "").strip()
    if not entry_no and not begin and not parsed:
        text = " | ".join(t for t in v.values())[:200]
        reasons.append("no entry number, Bates number or exemption"
                       + (f": “{text}”" if text else ""))
        return None
    if not entry_no:
        entry_no = begin or row.where
        reasons.append(f"no entry number; numbered {entry_no}")
    if len(entry_no) > 32:
        reasons.append(f"entry number “{entry_no}” is too long; cut to 32 characters")
        entry_no = entry_no[:32]
    doc_date, doc_date_text = _date(v.get("doc_date"), reasons)
    description = v.get("description")
    disposition = _disposition(v.get("disposition"), reasons)
    if disposition is None and v.get("disposition"):
        row.unmatched.append(("Disposition", v["disposition"]))
    if row.unmatched:
        extra = "\n".join(f"[{h}] {t}" for h, t in row.unmatched)
        description = f"{description}\n{extra}" if description else extra
    record = dict(
        entry_no=entry_no, bates_begin=begin, bates_end=end, doc_date=doc_date,
        doc_date_text=doc_date_text, doc_type=_cut(v.get("doc_type"), 200),
        author=v.get("author"), recipients=v.get("recipients"),
        pages=_pages(v.get("pages"), reasons), description=description,
        disposition=disposition, segregability=v.get("segregability"),
        challenge_state=_challenge(v.get("challenge_state"), reasons),
        challenge_argument=v.get("challenge_argument"),
        challenge_citations=v.get("challenge_citations"),
    )
    return record, withholding_rows(catalog, _claims(parsed, v, reasons, catalog))


def _claims(parsed: list[claim_parser.ParsedClaim], v: dict[str, str],
            reasons: list[str], catalog: Catalog) -> list[Claim]:
    statute = v.get("statute")
    if statute and not any(c.code == "b3" for c in parsed):
        parsed.insert(0, claim_parser.ParsedClaim("b3", "(b)(3)"))
    justifications = _split_justification(v.get("justification"), parsed, catalog)
    harm = v.get("foreseeable_harm")
    out = []
    for c in parsed:
        if c.code is None:
            reasons.append(f"exemption “{c.raw}” is not one of § 552(b); kept as written")
        out.append(Claim(
            c.code, justification=justifications.get(_key(c), justifications.get(None)),
            foreseeable_harm=harm, statute=(statute if c.code == "b3" and statute
                                            else c.statute),
            raw=c.raw,
        ))
    if not out:
        if v.get("justification") or harm:
            out.append(Claim(None, justification=v.get("justification"), foreseeable_harm=harm,
                             raw=""))
        reasons.append("no exemption stated")
    return out


def _split_justification(text: str | None, parsed: list[claim_parser.ParsedClaim],
                         catalog: Catalog) -> dict[str | None, str | None]:
    """One text for every claim, or, when each paragraph opens with one of the
    entry's exemptions ("(b)(6): …", as Casefile exports differing
    justifications), a text per claim, keyed by ``_key``."""
    if not text:
        return {None: None}
    labels: dict[str, str] = {}
    for c in parsed:
        labels[c.raw] = _key(c)
        if c.code in catalog.by_code:
            labels[catalog.by_code[c.code].label] = _key(c)
    ordered = sorted(labels, key=len, reverse=True)
    parts: dict[str | None, list[str]] = {}
    current: str | None = None
    for paragraph in text.split("\n"):
        for label in ordered:
            if label and paragraph.startswith(label + ":"):
                current, paragraph = labels[label], paragraph[len(label) + 1:].lstrip()
                break
        parts.setdefault(current, []).append(paragraph)
    if None in parts or len(parts) < 2:
        return {None: text}
    return {key: "\n".join(lines).strip() for key, lines in parts.items()}


def _key(claim: claim_parser.ParsedClaim) -> str:
    return claim.code or "?" + claim.raw


def _cut(text: str | None, n: int) -> str | None:
    return text[:n] if text else text


def _bates(joined: str | None, begin: str | None, end: str | None
           ) -> tuple[str | None, str | None]:
    if joined and not begin:
        begin, end = _split_range(joined)
    begin = bates_numbers.normalise(begin) if begin else None
    end = bates_numbers.normalise(end) if end else begin
    return (begin[:64] if begin else None), (end[:64] if end else None)


_RANGE = re.compile(r"\s+(?:-|–|—|to|through|thru)\s+|\s*[–—]\s*", re.I)


def _split_range(text: str) -> tuple[str, str | None]:
    """'ICE-000001 – ICE-000005', 'ICE-000001 to ICE-000005', 'ICE-000001-000005'."""
    parts = _RANGE.split(text.strip(), maxsplit=1)
    if len(parts) == 2:
        first, last = parts
        if last.isdigit():  # "ICE-000001 – 000005": the prefix is implied
            m = re.match(r"^(.*?)(\d+)$", first)
            if m:
                last = m[1] + last.zfill(len(m[2]))
        return first, last
    m = re.match(r"^(.*?\D)(\d+)-(\d+)$", text.strip())
    if m and len(m[2]) == len(m[3]):
        return m[1] + m[2], m[1] + m[3]
    return text.strip(), None


_NOT_DATES = {"undated", "various", "n/a", "na", "unknown", "none", "not dated", "multiple",
              "no date", "-", "—"}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y",
                 "%d %B %Y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d", "%m-%d-%Y", "%Y-%m-%d %H:%M:%S",
                 "%B %d %Y", "%b %d %Y")


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_WORDS_DATE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NUMERIC_DATE = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4}))$")


def _date(text: str | None, reasons: list[str]) -> tuple[date | None, str | None]:
    if not text:
        return None, None
    t = " ".join(text.split())
    m = _NUMERIC_DATE.match(t)  # the usual forms, without strptime's cost
    if m:
        try:
            return (date(int(m[1]), int(m[2]), int(m[3])) if m[1] else
                    date(int(m[6]), int(m[4]), int(m[5]))), None
        except ValueError:
            pass
    m = _WORDS_DATE.match(t)
    if m and m[1].lower()[:3] in _MONTHS:
        try:
            return date(int(m[3]), _MONTHS[m[1].lower()[:3]], int(m[2])), None
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date(), None
        except ValueError:
            continue
    if t.lower().rstrip(".") not in _NOT_DATES and not re.fullmatch(r"[A-Za-z]+\.? \d{4}", t):
        reasons.append(f"date “{t}” is not a date Casefile reads; kept as written")
    return None, t[:64]


def _pages(text: str | None, reasons: list[str]) -> int | None:
    if not text:
        return None
    m = re.match(r"^\s*(\d{1,6})\b", text.replace(",", ""))
    if not m:
        reasons.append(f"page count “{text}” is not a number; left empty")
        return None
    return int(m[1])


def _disposition(text: str | None, reasons: list[str]) -> Disposition | None:
    if not text:
        return None
    t = " ".join(re.findall(r"[a-z]+", text.lower()))
    if re.search(r"\brip\b|\bpart|\bpartial|\bredact|\bexcis", t):
        return Disposition.RELEASED_IN_PART
    if re.search(r"\bwif\b|\bwithh|\bdenied|\bdeny", t):
        return Disposition.WITHHELD_IN_FULL
    if re.search(r"\brefer", t):
        return Disposition.REFERRED
    if re.search(r"\brif\b|\brelease|\bfull\b|\bgranted\b", t):
        return Disposition.RELEASED_IN_FULL
    reasons.append(f"disposition “{text}” is not one Casefile reads; kept in the description")
    return None


def _challenge(text: str | None, reasons: list[str]) -> ChallengeState:
    if not text:
        return ChallengeState.NOT_REVIEWED
    key = "_".join(re.findall(r"[a-z]+", text.lower()))
    try:
        return ChallengeState(key)
    except ValueError:
        reasons.append(f"challenge state “{text}” is not one Casefile knows; left not reviewed")
        return ChallengeState.NOT_REVIEWED
