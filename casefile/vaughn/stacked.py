"""The Word export's stacked column: entry, Bates range, date and pages in one cell.

Each is a short value beside a justification of 500 letters; as four columns
they took 2,100 of the table's 14,400 twips and 4 of its 12 cells a row. In
one cell, one line each under a header that names the lines in the same
order, the width goes to the text that sets the rows' height: 2,000 entries
print on 450 pages instead of 612, and LibreOffice converts the file in 0.73x
the CPU time (bench/RESULTS.md, "Issue 21 item 2: what LibreOffice pays for
in the Word export"). The four columns merged without giving their width to
the text saved nothing: it is the width, and the paragraphs, that count.

A value that is empty is written as a dash, so every line stays under its
name; the import (``unstack``) reads the stacked cell back into its fields
(the page count's "pp." is read as the importer reads any page count).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from casefile.vaughn.columns import FIELDS
from casefile.vaughn.tables import SourceRow, SourceTable

# The fields stacked, in this order, when the export has two or more of them.
STACKED = ("entry_no", "bates", "doc_date", "pages")
EMPTY = "\u2014"  # an em dash: "no date", visible, and no value of these fields
_NAMES = {FIELDS[f]: f for f in STACKED}


def columns(fields: Sequence[str]) -> list[list[str]]:
    """The Word table's columns: each field alone, except the stacked ones,
    which share the column where the first of them stands."""
    stacked = [f for f in fields if f in STACKED]
    if len(stacked) < 2:
        return [[f] for f in fields]
    out: list[list[str]] = []
    for f in fields:
        if f not in STACKED:
            out.append([f])
        elif f == stacked[0]:
            out.append(stacked)
    return out


def header(group: Sequence[str]) -> str:
    return "\n".join(FIELDS[f] for f in group)


def cell(group: Sequence[str], values: Sequence[str]) -> str:
    """One line per value (a Bates range is two, broken after its dash; any
    other line break in a value becomes a space), a dash for an empty one;
    the page count says "pp." so that it is not read as another number."""
    lines = []
    for f, v in zip(group, values, strict=True):
        v = v.strip()
        if f == "pages" and v.isdigit():
            lines.append(f"{v} {'p.' if v == '1' else 'pp.'}")
        elif " \u2013\n" in v:  # the range as ``export._word_row`` breaks it
            first, _, last = v.partition(" \u2013\n")
            lines.append(f"{first.strip()} \u2013\n{last.strip()}")
        else:
            lines.append(v.replace("\n", " ").strip() or EMPTY)
    return "\n".join(lines)


def unstack(tables: list[SourceTable]) -> list[SourceTable]:
    """The tables with each stacked column (a header cell whose lines are the
    names of ``STACKED`` fields, as the export writes it) split into one
    column per field; other tables as they are.

    A table with no header row of its own (continued from the one before)
    is split as the last stacked table was, when it is as wide."""
    out = []
    last: tuple[int, list[str], int] | None = None  # column, names, table width
    for table in tables:
        found = _stacked_header(table)
        if found is None and last is not None and table.rows and \
                max(len(r.cells) for r in table.rows) == last[2]:
            found = last[:2]
        if found is None:
            out.append(table)
            continue
        column, names = found
        last = (column, names, max(len(r.cells) for r in table.rows))
        rows = [_split(row, column, names) for row in table.rows]
        out.append(replace(table, rows=rows))
    return out


def _stacked_header(table: SourceTable) -> tuple[int, list[str]] | None:
    for row in table.rows[:12]:
        for i, text in enumerate(row.cells):
            names = [line.strip() for line in text.split("\n")]
            if len(names) >= 2 and len(set(names)) == len(names) and \
                    all(n in _NAMES for n in names):
                return i, names
    return None


def _split(row: SourceRow, column: int, names: list[str]) -> SourceRow:
    if column >= len(row.cells):
        return row
    text = row.cells[column]
    if [line.strip() for line in text.split("\n")] == names:
        values = list(names)  # the header row (and its repeats) keeps its names
    else:
        values = _values(text, len(names))
    extra = len(names) - 1
    merged = {i + extra if i > column else i for i in row.merged}
    if column in row.merged:
        merged.update(range(column, column + len(names)))
    return replace(row, cells=row.cells[:column] + values + row.cells[column + 1:],
                   merged=frozenset(merged))


def _values(text: str, n: int) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if lines and lines[-1].endswith("\u2013"):
            lines[-1] += "\n" + line  # the Bates range's second number
        else:
            lines.append(line)
    values = ["" if v == EMPTY else v for v in lines]
    if len(values) > n:  # more lines than names: the rest stays with the last
        values[n - 1:] = ["\n".join(values[n - 1:])]
    return values + [""] * (n - len(values))
