"""Exporting a Vaughn index: Word for the court, Excel and CSV for work.

The Word table is streamed into the file by ``word_stream`` (XML in
50-row tables, each repeating its header row on every page), so a
10,000-entry index is written in seconds, in memory that does not grow with
the index, and opens quickly in LibreOffice and Word.

Every format is read back by ``importer`` to the same entries: headers are
``columns.FIELDS``' names, and where the exemptions of an entry have different
justifications each paragraph opens with its exemption ("(b)(6): …").

The challenge columns (Challenge, Argument, Authorities) are the plaintiffs'
work product: no export carries them unless asked (``include_strategy``),
and one that does says so at its top ("Privileged & Confidential — Attorney
Work Product").
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import wordprops, wordtables
from casefile.dates import long_date
from casefile.errors import InputError
from casefile.outputs import write_atomically
from casefile.store.models import Exemption, Matter, Production, VaughnIndex
from casefile.vaughn import data, stacked, word_stream
from casefile.vaughn.columns import FIELDS

# What the court sees; the challenge columns are the plaintiffs' own work.
COURT_FIELDS = ["entry_no", "bates", "doc_date", "doc_type", "author",
                "recipients", "pages", "description", "disposition", "exemptions",
                "justification", "foreseeable_harm", "segregability"]
STRATEGY_FIELDS = ["challenge_state", "challenge_argument", "challenge_citations"]
ALL_FIELDS = COURT_FIELDS + STRATEGY_FIELDS
WORK_PRODUCT = "Privileged & Confidential \u2014 Attorney Work Product"
# Relative column widths in the Word table.
# How the width left after each column's floor (its longest unbreakable word)
# is shared: to the text a court reads, the justification first.
_WEIGHT = {"entry_no": 1, "bates": 2, "bates_begin": 1, "bates_end": 1, "doc_date": 1,
           "doc_type": 5, "author": 7, "recipients": 7, "pages": 1, "description": 18,
           "disposition": 2, "exemptions": 6, "statute": 6, "justification": 30,
           "foreseeable_harm": 18, "segregability": 10, "challenge_state": 2,
           "challenge_argument": 16, "challenge_citations": 12}
# Excel column widths, in characters.
_XLSX_WIDTH = {"entry_no": 8, "bates": 34, "bates_begin": 18, "bates_end": 18, "doc_date": 12,
               "doc_type": 16, "author": 22, "recipients": 22, "pages": 7,
               "description": 44, "disposition": 17, "exemptions": 20, "statute": 22,
               "justification": 60, "foreseeable_harm": 44, "segregability": 30,
               "challenge_state": 13, "challenge_argument": 44, "challenge_citations": 30}
_DISPOSITION = {"released_in_full": "Released in full", "released_in_part": "Released in part",
                "withheld_in_full": "Withheld in full", "referred": "Referred"}


def parse_fields(text: str | None, default: Sequence[str]) -> list[str]:
    """--columns 'entry_no,bates,exemptions': the user's choice, checked."""
    if not text:
        return list(default)
    chosen = [c.strip().lower().replace("-", "_") for c in text.split(",") if c.strip()]
    unknown = [c for c in chosen if c not in FIELDS]
    if unknown:
        raise InputError(f"Unknown column {unknown[0]!r}; choose from {', '.join(FIELDS)}.")
    return chosen


def choose_fields(fields: Sequence[str] | None, include_strategy: bool) -> list[str]:
    """The columns an export writes: those chosen, or the court's (and the
    strategy's when asked); a strategy column is refused unless asked for."""
    if fields is None:
        return COURT_FIELDS + (STRATEGY_FIELDS if include_strategy else [])
    strategy = [f for f in fields if f in STRATEGY_FIELDS]
    if strategy and not include_strategy:
        raise InputError(f"The {', '.join(FIELDS[f] for f in strategy)} column"
                         f"{'s are' if len(strategy) > 1 else ' is'} your work product: "
                         "export it only with --include-strategy.")
    return list(fields)


def cell(entry: data.Entry, fld: str) -> str:
    """One field of an entry as the export writes it (and the import reads it)."""
    # Control characters pasted into an agency's Word file are not allowed in
    # XML (Word, Excel): a form feed would make the whole export fail.
    return wordtables.clean(_value(entry, fld))


def _value(entry: data.Entry, fld: str) -> str:
    if fld == "bates":
        if entry.bates_begin and entry.bates_end and entry.bates_end != entry.bates_begin:
            return f"{entry.bates_begin} – {entry.bates_end}"
        return entry.bates_begin or ""
    if fld == "doc_date":
        return entry.doc_date.strftime("%m/%d/%Y") if entry.doc_date else \
            (entry.doc_date_text or "")
    if fld == "pages":
        return "" if entry.pages is None else str(entry.pages)
    if fld == "disposition":
        return _DISPOSITION[entry.disposition.value] if entry.disposition else ""
    if fld == "exemptions":
        return "; ".join(f"{h.label} ({h.statute})" if h.code == "b3" and h.statute
                         else h.label for h in entry.held if h.label)
    if fld == "statute":
        return "; ".join(h.statute for h in entry.held if h.statute)
    if fld in ("justification", "foreseeable_harm"):
        return _per_claim(entry, fld)
    if fld == "challenge_state":
        return entry.challenge_state.value.replace("_", " ").capitalize()
    value = getattr(entry, fld)
    return "" if value is None else str(value)


def _per_claim(entry: data.Entry, fld: str) -> str:
    texts = [(h.label, getattr(h, fld)) for h in entry.held]
    distinct = {t for _, t in texts if t}
    if len(distinct) <= 1:
        return next(iter(distinct), "")
    return "\n".join(f"{label}: {t}" for label, t in texts if t)


def table(session: Session, index: VaughnIndex, fields: Sequence[str]
          ) -> tuple[list[str], list[list[str]]]:
    rows = data.entries(session, index.id)
    return [FIELDS[f] for f in fields], [[cell(e, f) for f in fields] for e in rows]


# --- CSV and Excel ---------------------------------------------------------------------


def to_csv(session: Session, index: VaughnIndex, target: Path,
           fields: Sequence[str] | None = None, include_strategy: bool = False) -> Path:
    fields = choose_fields(fields, include_strategy)
    headers, rows = table(session, index, fields)
    marked = any(f in STRATEGY_FIELDS for f in fields)

    def write(tmp: Path) -> None:
        # With a BOM so that Excel reads the accents and section signs as UTF-8.
        with tmp.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            if marked:
                w.writerow([WORK_PRODUCT])
            w.writerow(headers)
            w.writerows(rows)

    return write_atomically(target, write)


def to_xlsx(session: Session, index: VaughnIndex, target: Path,
            fields: Sequence[str] | None = None, include_strategy: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fields = choose_fields(fields, include_strategy)
    marked = any(f in STRATEGY_FIELDS for f in fields)
    entries = data.entries(session, index.id)
    book = Workbook()
    sheet = book.active
    sheet.title = "Vaughn index"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
    if marked:  # on screen above the table, and on every printed page
        sheet.append([WORK_PRODUCT])
        sheet["A1"].font = Font(bold=True, color="C00000")
        sheet.oddHeader.center.text = WORK_PRODUCT
    top = sheet.max_row + 1 if marked else 1
    sheet.append([FIELDS[f] for f in fields])
    for c in sheet[top]:
        c.font, c.fill, c.alignment = bold, grey, wrap
    date_col = fields.index("doc_date") if "doc_date" in fields else None
    for e in entries:
        values: list[object] = [cell(e, f) for f in fields]
        if date_col is not None and e.doc_date:
            values[date_col] = e.doc_date  # a real date: it sorts and filters as one
        if "pages" in fields and e.pages is not None:
            values[fields.index("pages")] = e.pages
        if "entry_no" in fields and e.entry_no.isdigit():
            values[fields.index("entry_no")] = int(e.entry_no)  # sorts 1, 2 … 10
        sheet.append(values)
    for row in sheet.iter_rows(min_row=top + 1):
        for c in row:
            c.alignment = wrap
            if isinstance(c.value, date):
                c.number_format = "mm/dd/yyyy"
    for i, f in enumerate(fields, 1):
        sheet.column_dimensions[get_column_letter(i)].width = _XLSX_WIDTH.get(f, 24)
    sheet.freeze_panes = f"A{top + 1}"
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(fields))}{len(entries) + top}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.page_setup.orientation = "landscape"
    book.properties.creator = "Casefile"
    book.properties.lastModifiedBy = "Casefile"
    return write_atomically(target, lambda tmp: book.save(tmp))


# --- Word ----------------------------------------------------------------------------


# Columns whose values must not break inside a word (a Bates number in three
# pieces is unreadable); the others wrap and share the width by weight.
_WHOLE = {"entry_no", "bates", "bates_begin", "bates_end", "doc_date", "pages",
          "disposition", "challenge_state"}
# Names and types: wide enough for a 10-letter word ("Deportation" may still
# break; the justification needs the width more: every 5% of it is 40 pages
# in 2,000 entries, and LibreOffice's time follows the pages).
_SOFT = {"doc_type", "author", "recipients"}


@dataclass
class WordOptions:
    font: str = "Times New Roman"
    title: str | None = None
    # None: the court's columns, leaving out those no entry fills.
    fields: Sequence[str] | None = None
    table_font_size: float = 8
    # The challenge columns too (our work product: the file says so).
    include_strategy: bool = False


def to_docx(session: Session, index: VaughnIndex, target: Path,
            options: WordOptions | None = None) -> Path:
    """The index as a Word file for the court, streamed (``word_stream``):
    the entries are read twice, 500 at a time (once for the columns, the
    legend and the widths, once to write the rows), never all at once."""
    from docx import Document

    options = options or WordOptions()
    fields = choose_fields(options.fields, options.include_strategy)
    survey = _survey(session, index, fields, options.fields is None)
    if options.fields is None:
        fields = [f for f in fields if f == "entry_no" or f in survey.filled] \
            or list(COURT_FIELDS)
    marked = any(f in STRATEGY_FIELDS for f in fields)
    doc = Document()
    wordtables.landscape(doc, 0.5)
    wordtables.set_font(doc, options.font, 11)
    styles = wordtables.add_styles(doc, options.table_font_size, "Vaughn")
    if marked:
        _work_product(doc)
    caption(doc, session, (options.title or index.title).upper(), _facts(session, index))
    _legend(doc, session, survey.codes, styles[0])
    wordtables.page_x_of_y(doc.sections[0])
    # Entry, Bates range, date and pages share one column (``stacked``).
    groups = stacked.columns(fields)
    headers = [stacked.header(g) for g in groups]
    sample = [_word_cells(_word_row(e, fields), fields, groups) for e in survey.sample]
    # The Bates range's dash stays on its first number's line.
    whole = [_word_cells([v.replace(" –", "–") if f in _WHOLE else
                          " ".join(w[:10] for w in v.split()) if f in _SOFT else ""
                          for v, f in zip(_word_row(e, fields), fields, strict=True)],
                         fields, groups) for e in survey.sample]
    if sample:  # the widths that make the rows least tall: fewest pages
        widths = wordtables.widths_by_content(11 - 1.0, headers, options.table_font_size,
                                              whole, sample)
    else:
        widths = wordtables.widths_for([max(_WEIGHT.get(f, 10) for f in g) for g in groups],
                                       11 - 1.0, headers, options.table_font_size, whole)
    if not survey.count:
        doc.add_paragraph("This index has no entries.")
    wordprops.ours(doc, title=index.title)
    _word_2013(doc)
    layout = word_stream.Layout(widths, *styles, font_size=options.table_font_size,
                                page_height=int(6.8 * 1440),  # 8.5 in less margins, footer
                                chunk_rows=wordtables.CHUNK_ROWS,
                                breaks=frozenset(i for i, g in enumerate(groups) if len(g) > 1))
    rows = (_word_cells(_word_row(e, fields), fields, groups)
            for batch in word_stream.entry_batches(session, index.id) for e in batch)
    body = word_stream.table_parts(headers, rows, layout) if survey.count else ()
    return write_atomically(target, lambda tmp: word_stream.save_with_body(doc, tmp, body))


def _word_2013(doc) -> None:
    """Mark the file as Word 2013's (compatibility mode 15), not 2010's as
    python-docx's template does: LibreOffice lays the 2,000-entry index out in
    8% less time so (bench/RESULTS.md), and the pages come out the same."""
    from docx.oxml.ns import qn

    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


@dataclass
class _Survey:
    filled: set[str]  # the fields some entry fills
    codes: set[str]  # the exemption codes the entries cite
    sample: list[data.Entry]  # the first 300 entries: the widths are fitted to them
    count: int


def _survey(session: Session, index: VaughnIndex, fields: Sequence[str], drop_empty: bool
            ) -> _Survey:
    """One pass over the entries, for what the document says before its table."""
    survey = _Survey(set(), set(), [], 0)
    for batch in word_stream.entry_batches(session, index.id):
        survey.count += len(batch)
        if len(survey.sample) < 300:
            survey.sample.extend(batch[:300 - len(survey.sample)])
        for e in batch:
            survey.codes.update(h.code for h in e.held if h.code)
            if drop_empty:
                survey.filled.update(f for f in fields if f not in survey.filled and cell(e, f))
    return survey


def _word_row(entry: data.Entry, fields: Sequence[str]) -> list[str]:
    row = [cell(entry, f) for f in fields]
    if "bates" in fields:
        # A range on two lines, broken after its dash: left to the word
        # processor, it breaks inside the second number ("ICE-2020-/000003").
        i = fields.index("bates")
        row[i] = row[i].replace(" – ", " –\n")
    return row


def _word_cells(values: Sequence[str], fields: Sequence[str], groups: Sequence[Sequence[str]]
                ) -> list[str]:
    """A row's values (one per field) as the Word table's cells (one per column)."""
    by_field = dict(zip(fields, values, strict=True))
    return [by_field[g[0]] if len(g) == 1 else stacked.cell(g, [by_field[f] for f in g])
            for g in groups]


def _work_product(doc) -> None:
    """The marking on every page's header and above the title."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    for p in (doc.sections[0].header.paragraphs[0], doc.add_paragraph()):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(WORK_PRODUCT)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0, 0)


def caption(doc, session: Session, title: str, facts: Sequence[str] = ()) -> None:
    """The court, the parties and the case number, then the document's title."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    matter = session.scalar(select(Matter).limit(1))
    if matter is not None:
        if matter.court:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(matter.court.upper()).bold = True
            doc.add_paragraph()
        t = doc.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        left.text = matter.caption or matter.short_title
        right.text = (f"Case No. {matter.docket_no}" if matter.docket_no
                      else "Case No. [DOCKET NO.]")
        if matter.judge:
            right.add_paragraph(matter.judge)
        doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(title)
    run.bold = True
    run.font.size = Pt(13)
    if facts:
        p = doc.add_paragraph("; ".join(facts))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()


def _facts(session: Session, index: VaughnIndex) -> list[str]:
    facts = []
    if index.served_on:
        facts.append(f"Served {long_date(index.served_on)}")
    production = session.get(Production, index.production_id) if index.production_id else None
    if production is not None:
        rng = f" ({production.bates_begin} – {production.bates_end})" \
            if production.bates_begin else ""
        facts.append(f"{production.title}{rng}")
    return facts


def _legend(doc, session: Session, codes: set[str], style: str) -> None:
    if not codes:
        return
    catalog = session.scalars(select(Exemption).order_by(Exemption.position)).all()
    p = doc.add_paragraph(style=doc.styles.get_by_id(style, 1))
    p.add_run("Exemptions cited (5 U.S.C. § 552(b)): ").bold = True
    p.add_run("; ".join(f"{e.label} — {e.name}" for e in catalog if e.code in codes) + ".")
    doc.add_paragraph()
