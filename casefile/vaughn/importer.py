"""Importing an agency's Vaughn index: its tables into records, with a report.

The reader (``tables``) gives rows of text; ``columns`` says which column is
which; this module gathers rows into records and says what it did with each.
A record (one withheld document or portion) may take several rows: one per
exemption, its own cells (number, Bates range, date, description…) merged
down over them, left blank, or its number repeated. Each row's exemption and
justification cells become the record's withholdings, in order. Each record
is:

- kept: read in full;
- flagged: kept, with something the user should look at (an exemption not in
  the catalog kept as written, a date that is not a date, a missing cell);
- refused: not an entry (no entry number, Bates number or exemption), with
  its text in the report;
- skipped: a repeated header or a section heading ("Documents responsive to
  Item 1"), listed so nothing disappears unseen.

Everything happens in the caller's transaction: an import that fails for the
file as a whole writes nothing. The file's SHA-256 is kept (a ``setting`` row
per index) so that importing the same index again is recognised.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from casefile import audit
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
    Setting,
    VaughnIndex,
    Withholding,
    utcnow,
)
from casefile.vaughn import claims as claim_parser
from casefile.vaughn import columns, stacked, tables
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
    # The data rows read into records, and how rows after a record's first
    # continued it: "merged", "blank", "repeated" (its number again), and
    # "page" (of those, across a PDF page break).
    rows_read: int = 0
    continued: Counter[str] = field(default_factory=Counter)
    # An earlier import of the same file: (index id, title), when there is one.
    earlier: tuple[int, str] | None = None
    sha256: str = ""
    counted_pages: int = 0  # records whose pages were counted from their Bates range

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def imported(self) -> int:
        return self.count(KEPT) + self.count(FLAGGED)

    def summary(self) -> str:
        return (f"{self.source}: {self.imported} entries imported into "
                f"'{self.index_title}' ({self.count(FLAGGED)} flagged), "
                f"{self.count(REFUSED)} rows refused, {self.count(SKIPPED)} skipped.")

    def layout(self) -> str:
        """What was understood of the file: "412 records over 1,035 rows; the record
        cells are merged down; columns: …; 12 rows continue a record across a page." """
        records = self.imported
        how = []
        if self.continued["merged"]:
            how.append("the record cells are merged down")
        if self.continued["blank"]:
            how.append("the record cells are left blank on the rows that continue a record")
        if self.continued["repeated"]:
            how.append("a record's number is repeated on the rows that continue it")
        if not how:
            how.append("one row per record")
        cols = ", ".join(f"{h or '(blank)'} = {columns.FIELDS.get(f, f) if f else 'unmatched'}"
                         for h, f in self.mapping)
        text = (f"{records:,} record{'s' if records != 1 else ''} over {self.rows_read:,} "
                f"row{'s' if self.rows_read != 1 else ''}; {'; '.join(how)}; columns: {cols}")
        pages = self.continued["page"]
        if pages:
            text += f"; {pages:,} row{'s' if pages != 1 else ''} continue a record across a page"
        return text + "."

    def lines(self, everything: bool = False) -> list[str]:
        """The report as text: the mapping, the notes, and each record not simply kept."""
        out = [self.summary(), self.layout()]
        if self.earlier:
            out.append(f"This file was imported before, as index {self.earlier[0]} "
                       f"'{self.earlier[1]}'.")
        out += ["", "Columns:"]
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


REPLACE, KEEP_BOTH = "replace", "keep both"
_SOURCE_KEY = "vaughn_source:"  # + the index's uuid: the SHA-256 of the file it came from


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
    again: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read ``path`` into a new index (or ``index``), in the caller's transaction.

    ``overrides`` (normalised header → field) correct the column matching; with
    an ``agency`` they are saved for its next index, and its saved mappings apply.

    A file imported before (the same bytes) is refused unless ``again`` says
    what to do: ``REPLACE`` deletes the earlier index first, ``KEEP_BOTH``
    imports it as another index. ``dry_run`` reads and reports, the earlier
    import included, and stores nothing (the caller rolls back).
    """
    overrides = overrides or {}
    if agency is None and request is not None:
        agency = request.agency
    # The agency's file is read in a child process with the reading limits
    # (casefile.limits): Word, Excel and PDF parsers meet whatever it holds.
    from casefile import limits
    from casefile.jobs import call_in_child

    source_tables = call_in_child(tables.read, path, password, limits=limits.TABLES)
    source_tables = stacked.unstack(source_tables)  # our own Word export's stacked column
    mapping = {**columns.saved(session, agency), **overrides}
    report = ImportReport(source=path.name)
    report.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    report.earlier = earlier_import(session, report.sha256)
    if report.earlier and not dry_run and again not in (REPLACE, KEEP_BOTH):
        raise InputError(f"{path.name} was imported before, as index {report.earlier[0]} "
                         f"'{report.earlier[1]}': import it again with --replace (the earlier "
                         "import is deleted) or --keep-both.")
    if report.earlier and again == REPLACE and not dry_run:
        old = session.get(VaughnIndex, report.earlier[0])
        if index is not None and old is not None and index.id == old.id:
            raise InputError("--replace deletes the earlier import; it cannot also be the "
                             "index the entries go --into.")
        if old is not None:
            title = title or old.title
            # In SQL: the records and withholdings go by their foreign keys'
            # cascade, without loading thousands of ORM objects.
            session.execute(delete(VaughnIndex).where(VaughnIndex.id == old.id))
            session.expunge(old)
            report.notes.append(f"The earlier import (index {report.earlier[0]} "
                                f"'{report.earlier[1]}') was deleted and replaced.")
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
    _pages_note(report)
    session.merge(Setting(key=f"{_SOURCE_KEY}{index.uuid.hex}", value=report.sha256))
    if agency is not None:
        columns.save(session, agency, overrides)
    return report


def earlier_import(session: Session, sha256: str) -> tuple[int, str] | None:
    """The index an earlier import of a file with this SHA-256 made, if it is still there."""
    keys = session.scalars(select(Setting.key).where(
        Setting.key.startswith(_SOURCE_KEY), Setting.value == sha256)).all()
    for key in keys:
        hex_uuid = key[len(_SOURCE_KEY):]
        found = session.execute(select(VaughnIndex.id, VaughnIndex.title).where(
            VaughnIndex.uuid == uuid.UUID(hex_uuid))).first()
        if found is not None:
            return found[0], found[1]
        session.execute(delete(Setting).where(Setting.key == key))  # its index is gone
    return None


def _pages_note(report: ImportReport) -> None:
    counted = report.counted_pages
    if not counted:
        return
    if not any(f == "pages" for _, f in report.mapping):
        report.notes.append(f"The index has no page column: the pages of {counted:,} "
                            "records are counted from their Bates ranges.")
    else:
        report.notes.append(
            "1 record gives no page count: its pages are counted from its Bates range."
            if counted == 1 else f"{counted:,} records give no page count: their pages are "
                                 "counted from their Bates ranges.")


# --- from tables to records ---------------------------------------------------------

# The cells that say which record a row belongs to, and those that belong to
# one withholding (each row of a record may claim its own exemption).
_IDENTITY = ("entry_no", "bates", "bates_begin", "bates_end")
_PER_CLAIM = ("exemptions", "statute", "justification", "foreseeable_harm")
# A record's own cells that, merged down into the next record, give it text
# that is the first one's (the same Bates range or pages): reported.
_MERGED_ACROSS = ("bates", "bates_begin", "bates_end", "pages", "description", "doc_date")


@dataclass
class _Claimed:
    """One row's exemption and justification cells."""

    where: str
    values: dict[str, str]
    merged: set[str]  # the fields whose cells continue the row above


@dataclass
class _Row:
    """A record: its first row's cells, and every row's claims."""

    where: str
    values: dict[str, str]
    unmatched: list[tuple[str, str]]  # (header, text) of columns not mapped
    reasons: list[str]
    claimed: list[_Claimed] = field(default_factory=list)
    last_where: str = ""
    # (Bates begin, end, pages) of each row giving its own range: "one row per
    # page range of a document".
    ranges: list[tuple[str, str, str]] = field(default_factory=list)
    merged: set[str] = field(default_factory=set)  # its first row's cells merged from above
    justifies: bool = False  # the table has a justification column
    identified: bool = True  # the table has a number or Bates column

    @property
    def span(self) -> str:
        if not self.last_where or self.last_where == self.where:
            return self.where
        first, _, n = self.where.rpartition(" ")
        last_first, _, m = self.last_where.rpartition(" ")
        return f"{first.replace('row', 'rows')} {n}–{m}" if first == last_first else \
            f"{self.where} – {self.last_where}"


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
            first_on_page, continuing = continuing, False
            if source_row.spanning or _single_cell(cells, layout):
                if first_on_page and rows and _continues(cells, layout):
                    _join(rows[-1], cells, layout, source_row.where, report)
                    continue
                text = " ".join(c for c in cells if c).strip()
                report.rows.append(RowOutcome(source_row.where, SKIPPED,
                                              reasons=[f"a heading, not an entry: “{text}”"]))
                continue
            if first_on_page and rows and _continues(cells, layout):
                # A row the page break cut in two: its text ends the record's last row.
                _join(rows[-1], cells, layout, source_row.where, report)
                continue
            report.rows_read += 1
            row = _read_row(source_row, layout, unmatched_seen)
            how = _continuation(row, rows[-1] if rows else None)
            if how == "orphan":
                report.rows.append(RowOutcome(source_row.where, REFUSED, reasons=[
                    "it continues a record (no number or Bates range of its own), but no "
                    "record comes before it"]))
                continue
            if how:
                _extend(rows[-1], row, how, report)
                if first_on_page:
                    report.continued["page"] += 1
                continue
            _merged_across(row, layout, rows[-1] if rows else None)
            rows.append(row)
    if layout is None:
        raise InputError(_no_table_message(name, source_tables))
    for header, n in unmatched_seen.items():
        report.notes.append(f"Column '{header}' matches no field: its text ({n} rows) is kept "
                            f"in each entry's description; map it with --map '{header}=FIELD'.")
    return rows


def _merged_fields(source_row: tables.SourceRow, layout: _Layout) -> set[str]:
    if not source_row.merged:
        return set()
    return {layout.fields[i] for i in source_row.merged
            if i < len(layout.fields) and layout.fields[i]}


def _continuation(row: _Row, current: _Row | None) -> str | None:
    """How ``row`` continues ``current``: "merged", "blank", "repeated"; "orphan"
    when it would continue a record but none comes before; None: a new record."""
    merged = row.merged
    own = {f: t for f, t in row.values.items() if f not in merged}
    own_id = {f: t for f, t in own.items() if f in _IDENTITY}
    if not own_id:
        if merged & set(_IDENTITY):
            return "merged" if current is not None else "orphan"
        if not row.identified:
            return None  # the index numbers nothing: each row is a record
        if not any(f in _PER_CLAIM for f in own):
            return None  # no claim of its own: a record without number (reported)
        # A claim without number or Bates continues the record above, even with
        # a description of its own (of the portion): joined, never dropped.
        return "blank" if current is not None else "orphan"
    if current is None:
        return None
    mine, theirs = row.values.get("entry_no"), current.values.get("entry_no")
    if mine and theirs:
        same = mine.strip() == theirs.strip()
    else:  # numbered by Bates only: the same range again
        same = not mine and not theirs and _begin_of(row.values) == _begin_of(current.values)
    if not same:
        return None
    # The same number with another description is another record (flagged as a
    # repeated number); another Bates range alone is the next pages of it.
    d_mine, d_theirs = row.values.get("description"), current.values.get("description")
    if d_mine and d_theirs and " ".join(d_mine.split()) != " ".join(d_theirs.split()):
        return None
    return "repeated"


def _begin_of(values: dict[str, str]) -> str | None:
    return _bates(values.get("bates"), values.get("bates_begin"), values.get("bates_end"))[0]


def _extend(record: _Row, row: _Row, how: str, report: ImportReport) -> None:
    """Add a continuing row's claims (and its own Bates range) to ``record``."""
    report.continued[how] += 1
    record.last_where = row.where
    record.claimed += row.claimed
    record.reasons += row.reasons
    record.unmatched += [u for u in row.unmatched if u not in record.unmatched]
    if row.ranges and row.ranges[0][:2] not in {r[:2] for r in record.ranges}:
        record.ranges += row.ranges
    for fld, text in row.values.items():
        if fld in _PER_CLAIM or fld in _IDENTITY or fld in row.merged or \
                (fld == "pages" and row.ranges):  # the pages of its own Bates range
            continue
        if fld not in record.values:  # a cell only this row fills
            record.values[fld] = text
        elif " ".join(text.split()) != " ".join(record.values[fld].split()):
            if fld in ("description", "segregability"):
                record.values[fld] += "\n" + text
            else:
                record.reasons.append(f"{row.where} gives another {columns.FIELDS[fld]} "
                                      f"(“{text[:60]}”); the record's first row's is kept")


def _merged_across(row: _Row, layout: _Layout, before: _Row | None) -> None:
    """A record's own cell merged down from the record above: said, never guessed."""
    if before is None:
        return
    merged = row.merged & set(_MERGED_ACROSS)
    for fld in sorted(merged):
        header = layout.headers[layout.fields.index(fld)] or fld
        row.reasons.append(f"its {header} cell is merged with the record above "
                           f"({before.values.get('entry_no') or before.where}); the text "
                           "of that cell is taken for both")


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


def _join(row: _Row, cells: list[str], layout: _Layout, where: str,
          report: ImportReport) -> None:
    """A row cut by a page break: its text ends the record's cells (a claim's
    cells end its last claim)."""
    report.continued["page"] += 1
    report.rows_read += 1
    row.last_where = where
    for i, text in enumerate(cells):
        fld = layout.fields[i] if i < len(layout.fields) else None
        if not text.strip() or not fld or fld == columns.IGNORE:
            continue
        target = row.claimed[-1].values if fld in _PER_CLAIM and row.claimed else row.values
        target[fld] = f"{target.get(fld, '')} {text}".strip()


def _read_row(source_row: tables.SourceRow, layout: _Layout,
              unmatched_seen: Counter[str]) -> _Row:
    cells = source_row.cells
    reasons = []
    width = len(layout.headers)
    extra = [c for c in cells[width:] if c.strip()]
    if len(cells) < width and sum(1 for c in cells if c.strip()) < width:
        reasons.append(f"{source_row.where}: {len(cells)} cells where the header has {width}; "
                       "the missing ones are left empty")
    values: dict[str, str] = {}
    unmatched: list[tuple[str, str]] = []
    for i, header in enumerate(layout.headers):
        text = cells[i].strip() if i < len(cells) else ""
        fld = layout.fields[i]
        if not text or fld == columns.IGNORE:
            continue
        if fld is None:
            if i not in source_row.merged:
                unmatched.append((header or f"column {i + 1}", text))
                unmatched_seen[header or f"column {i + 1}"] += 1
        else:
            values[fld] = text
    if extra:
        reasons.append(f"{len(extra)} cells beyond the header's {width}; their text is kept in "
                       "the description")
        unmatched += [("extra cell", t) for t in extra]
    merged = _merged_fields(source_row, layout)
    row = _Row(source_row.where, values, unmatched, reasons, last_where=source_row.where)
    row.merged = merged
    row.justifies = "justification" in layout.fields
    row.identified = any(f in _IDENTITY for f in layout.fields)
    claim = {f: values[f] for f in _PER_CLAIM if f in values}
    if claim:
        row.claimed.append(_Claimed(source_row.where, claim, merged & set(claim)))
    if not merged & {"bates", "bates_begin", "bates_end"}:
        begin, end = _bates(values.get("bates"), values.get("bates_begin"),
                            values.get("bates_end"))
        if begin:
            pages = values.get("pages", "") if "pages" not in merged else ""
            row.ranges.append((begin, end or begin, pages))
    return row


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
        outcome = RowOutcome(row.span, KEPT, reasons=list(row.reasons))
        read = _record(row, catalog, outcome, report)
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
                      source_ref=f"{name}, {row.span}"[:500])
        outcome.entry_no = entry_no
        if outcome.reasons:
            outcome.status = FLAGGED
        records.append(record)
        held.append(withholdings)
        report.rows.append(outcome)
    if not records:
        return
    # Core, not the ORM's bulk insert: one executemany instead of thousands.
    # The ids are given (the write lock is held: no one else inserts), and the
    # withholdings go in first, their foreign key checked at the end: each
    # withholding's search-index trigger then finds no record to index, and
    # each record's indexes it once with all its withholdings. The other way
    # round a record of three exemptions was indexed four times, its text
    # growing: 12,000 withholdings cost more than everything else together.
    first_id = (session.scalar(select(func.max(Record.id))) or 0) + 1
    for i, record in enumerate(records):
        record["id"] = first_id + i
    rows_out = [dict(w, record_id=r["id"]) for r, ws in zip(records, held, strict=True)
                for w in ws]
    connection = session.connection()
    # Written past the session (no ORM hooks): the audit log gets one entry for all.
    audit.record_bulk(session, Record, len(records), note=f"imported from {name}")
    if connection.dialect.name == "postgresql":
        # A foreign key is checked at once there: records before their
        # withholdings; and ids given by hand leave the id sequence behind.
        connection.execute(insert(Record.__table__), records)
        if rows_out:
            connection.execute(insert(Withholding.__table__), rows_out)
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('record', 'id'), max(id)) FROM record")
        return
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    try:
        if rows_out:
            connection.execute(insert(Withholding.__table__), rows_out)
        connection.execute(insert(Record.__table__), records)
    finally:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = OFF")


def _record(row: _Row, catalog: Catalog, outcome: RowOutcome, report: ImportReport
            ) -> tuple[dict, list[dict]] | None:
    v = row.values
    reasons = outcome.reasons
    begin, end = _bates(v.get("bates"), v.get("bates_begin"), v.get("bates_end"))
    claims = _withholdings(row, reasons, catalog)
    entry_no = v.get("entry_no", "").strip()
    if not entry_no and not begin and not any(c.raw for c in claims):
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
    pages = _pages(v.get("pages"), reasons)
    if len(row.ranges) > 1:  # one row per page range of the document
        begin, end = _joined_ranges(row.ranges, begin, end, reasons)
        if all(p for _, _, p in row.ranges):
            counts = [_pages(p, []) for _, _, p in row.ranges]
            pages = sum(c for c in counts if c) or pages
    pages = _pages_from_bates(pages, begin, end, reasons, report)
    record = dict(
        entry_no=entry_no, bates_begin=begin, bates_end=end, doc_date=doc_date,
        doc_date_text=doc_date_text, doc_type=_cut(v.get("doc_type"), 200),
        author=v.get("author"), recipients=v.get("recipients"),
        pages=pages, description=description,
        disposition=disposition, segregability=v.get("segregability"),
        challenge_state=_challenge(v.get("challenge_state"), reasons),
        challenge_argument=v.get("challenge_argument"),
        challenge_citations=v.get("challenge_citations"),
    )
    return record, withholding_rows(catalog, claims)


def _joined_ranges(ranges: list[tuple[str, str, str]], begin: str | None, end: str | None,
                   reasons: list[str]) -> tuple[str | None, str | None]:
    """The first row's begin to the last row's end, when they run on with one prefix."""
    first, last = bates_span(ranges[0][0]), bates_span(ranges[-1][1])
    if first and last and first[0] == last[0] and last[1] >= first[1]:
        return ranges[0][0], ranges[-1][1]
    reasons.append("its rows give Bates ranges that do not run on ("
                   + "; ".join(f"{a} – {b}" if a != b else a for a, b, _ in ranges)
                   + "); the first is kept")
    return begin, end


def bates_span(bates: str | None) -> tuple[str, int] | None:
    """"ICE-000123" → ("ICE-", 123): the prefix and the number."""
    prefix = (bates or "").rstrip("0123456789")
    digits = bates[len(prefix):] if bates else ""
    return (prefix, int(digits)) if digits else None


def _pages_from_bates(pages: int | None, begin: str | None, end: str | None,
                      reasons: list[str], report: ImportReport) -> int | None:
    """The pages stated, or counted from the Bates range (and said so); a stated
    count that disagrees with the range is flagged."""
    a, b = bates_span(begin), bates_span(end or begin)
    span = b[1] - a[1] + 1 if a and b and a[0] == b[0] and b[1] >= a[1] else None
    if pages is None:
        if span is not None:
            report.counted_pages += 1
        return span
    if span is not None and pages != span:
        reasons.append(f"states {pages} page{'s' if pages != 1 else ''}; its Bates range "
                       f"({begin} – {end}) covers {span}")
    return pages


def _withholdings(row: _Row, reasons: list[str], catalog: Catalog) -> list[Claim]:
    """The claims of every row of the record, in order: one withholding per
    exemption, a second justification for it joined to the first."""
    out: list[Claim] = []
    by_code: dict[str, Claim] = {}
    last: list[Claim] = []  # the claims of the row before
    for n, c in enumerate(row.claimed):
        v = c.values
        merged = c.merged if n else set()
        text, just = v.get("exemptions"), v.get("justification")
        if "exemptions" in merged or (not text and not v.get("statute")):
            if just and "justification" not in merged and last:
                if not text:
                    reasons.append(f"{c.where}: a justification with no exemption; added to "
                                   f"the {_label(last[0])} claim above")
                for claim in last:
                    claim.justification = _joined(claim.justification, just)
            elif just and "justification" not in merged and not out:
                out.append(Claim(None, justification=just,
                                 foreseeable_harm=v.get("foreseeable_harm"), raw=""))
            continue
        parsed = list(_parse(text))
        statute = v.get("statute")
        if statute and not any(p.code == "b3" for p in parsed):
            parsed.insert(0, claim_parser.ParsedClaim("b3", "(b)(3)"))
        if not just and row.justifies:
            reasons.append(f"{c.where}: exemption “{text}” has no justification")
        justifications = _split_justification(just, parsed, catalog)
        harm = v.get("foreseeable_harm")
        last = []
        for p in parsed:
            if p.code is None:
                reasons.append(f"exemption “{p.raw}” is not one of § 552(b); kept as written")
            claim_just = justifications.get(_key(p), justifications.get(None))
            earlier = by_code.get(p.code) if p.code else None
            if earlier is not None:  # the same exemption on another row of the record
                earlier.justification = _joined(earlier.justification, claim_just)
                earlier.foreseeable_harm = _joined(earlier.foreseeable_harm, harm)
                last.append(earlier)
                continue
            claim = Claim(p.code, justification=claim_just, foreseeable_harm=harm,
                          statute=statute if p.code == "b3" and statute else p.statute,
                          raw=p.raw)
            out.append(claim)
            last.append(claim)
            if p.code:
                by_code[p.code] = claim
    if not any(c.raw for c in out):
        reasons.append("no exemption stated")
    return out


@functools.lru_cache(maxsize=4096)
def _parse(text: str | None) -> tuple[claim_parser.ParsedClaim, ...]:
    """An exemption cell's claims: agencies write a few cells thousands of times."""
    return tuple(claim_parser.parse(text))


def _label(claim: Claim) -> str:
    return claim.raw or claim.exemption or "unstated"


def _joined(first: str | None, second: str | None) -> str | None:
    if not second or (first and " ".join(second.split()) in " ".join(first.split())):
        return first
    return f"{first}\n{second}" if first else second


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
