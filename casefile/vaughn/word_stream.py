"""The Vaughn index's Word table, streamed into the .docx a few rows at a time.

An index of 40,000 entries is a ``word/document.xml`` of over 100 MB. Built
as a tree (python-docx, or lxml) and then serialised, it held the whole
document in memory several times over: 1.5 GB at 40,000 entries. Here the
document's shell (caption, legend, styles, footer, properties) is made by
python-docx as before, saved to memory (a few kilobytes), and copied into
the new zip part by part; ``word/document.xml`` is written through
``ZipFile.open(..., "w")``: the shell's opening, then the table, fifty rows
at a time, then the shell's section properties. The entries are read the
same way, 500 at a time by position, so the memory a Word export needs does
not grow with the index.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from casefile import wordtables
from casefile.store.models import Exemption, Record, Withholding
from casefile.vaughn import data

BATCH = 500


def entry_batches(session: Session, index_id: int, size: int = BATCH
                  ) -> Iterator[list[data.Entry]]:
    """The index's entries in order, ``size`` at a time: what ``data.entries``
    reads, without holding them all (its columns, its Held rows)."""
    session.flush()
    connection = session.connection()
    after: tuple[int, int] | None = None
    while True:
        query = select(*data._COLUMNS).where(Record.index_id == index_id)
        if after is not None:
            query = query.where(tuple_(Record.position, Record.id) > after)
        rows = [data.Entry(*row) for row in connection.execute(
            query.order_by(Record.position, Record.id).limit(size))]
        if not rows:
            return
        by_id = {e.id: e for e in rows}
        for record_id, code, label, raw, just, harm, statute in connection.execute(
                select(Withholding.record_id, Exemption.code, Exemption.label,
                       Withholding.raw_text, Withholding.justification,
                       Withholding.foreseeable_harm, Withholding.statute)
                .outerjoin(Exemption, Exemption.id == Withholding.exemption_id)
                .where(Withholding.record_id.in_(list(by_id)))
                .order_by(Withholding.record_id, Withholding.position)):
            by_id[record_id].held.append(
                data.Held(code, label or (raw or ""), raw, just, harm, statute))
        yield rows
        after = (rows[-1].position, rows[-1].id)
        if len(rows) < size:
            return


@dataclass
class Layout:
    """How the table is written; see ``table_parts``."""

    widths: Sequence[int]  # twips, one per column
    cell_style: str  # paragraph style ids
    head_style: str
    font_size: float
    page_height: int  # twips of the page's text area, less nothing
    chunk_rows: int = wordtables.CHUNK_ROWS
    # Columns whose lines are one paragraph broken by ``w:br`` (the stacked
    # column: a paragraph a line there cost LibreOffice 13% more CPU, bench/RESULTS.md).
    breaks: frozenset[int] = frozenset()


def table_parts(headers: Sequence[str], rows: Iterable[Sequence[str]],
                layout: Layout) -> Iterator[bytes]:
    """The table's XML, one ``layout.chunk_rows``-row table (and the empty
    paragraph after it) at a time, each repeating its header row on every page.

    A row never splits across pages (``w:cantSplit``) unless its text is
    taller than the page less the header row: such a row must split, or Word
    cuts it off.
    """
    widths = layout.widths
    header = _row(headers, widths, layout.head_style, header=True, breaks=layout.breaks)
    room = layout.page_height - wordtables.row_height(headers, widths, layout.font_size)
    opening = _table_opening(widths)
    spacer = '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>'
    chunk: list[str] = []
    for row in rows:
        chunk.append(_row(row, widths, layout.cell_style, breaks=layout.breaks,
                          keep=wordtables.row_height(row, widths, layout.font_size) <= room))
        if len(chunk) == layout.chunk_rows:
            yield f"{opening}{header}{''.join(chunk)}</w:tbl>{spacer}".encode()
            chunk = []
    if chunk:
        yield f"{opening}{header}{''.join(chunk)}</w:tbl>{spacer}".encode()


def _row(cells: Sequence[str], widths: Sequence[int], style: str, *,
         header: bool = False, keep: bool = True, breaks: frozenset[int] = frozenset()) -> str:
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else \
        "<w:trPr><w:cantSplit/></w:trPr>" if keep else ""
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if header else ""
    out = [f"<w:tr>{props}"]
    for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>')
        lines = wordtables.clean(text).split("\n") if text else [""]
        if i in breaks:
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                       + "<w:r><w:br/></w:r>".join(
                           f'<w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r>'
                           for p in lines) + "</w:p>")
            lines = []
        for p in lines:
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                       + (f'<w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r>'
                          if p else "") + "</w:p>")
        out.append("</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _table_opening(widths: Sequence[int]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border.format(side) for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
            f'</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>')


def save_with_body(doc, target, body: Iterable[bytes]) -> None:
    """Save python-docx's ``doc`` to ``target`` with ``body`` (XML in the
    ``w:`` namespace) written at the end of its body, before the section
    properties, streamed: the document is never whole in memory."""
    shell = io.BytesIO()
    doc.save(shell)
    with zipfile.ZipFile(shell) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, part, zipfile.ZIP_DEFLATED)
                continue
            # python-docx writes the body's own sectPr last; a paragraph's
            # (a section break) would come before it, so the last one is it.
            cut = part.rindex(b"<w:sectPr")
            if not part.rstrip().endswith(b"</w:sectPr></w:body></w:document>"):
                raise ValueError("the Word shell's body does not end with its section")
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with out.open(entry, "w") as stream:
                stream.write(part[:cut])
                for piece in body:
                    stream.write(piece)
                stream.write(part[cut:])
