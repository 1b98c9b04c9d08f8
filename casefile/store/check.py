"""`casefile check`: SQLite's own integrity check plus the app's consistency rules."""

from __future__ import annotations

from sqlalchemy import func, select

from casefile.store import blobs, fts
from casefile.store import sqlite as sq
from casefile.store.case import CaseFile
from casefile.store.models import Document, DocumentPage, Exemption
from casefile.store.schema import load_catalog


def problems(case: CaseFile) -> list[str]:
    """Everything wrong with the case, one sentence each; empty when sound."""
    found = sq.integrity_problems(case.engine)
    if any(p.startswith("SQLite integrity") for p in found):
        # Reading rows of a damaged file can raise; what SQLite said is enough.
        return found
    with case.reading() as s:
        # FTS5 checks itself through a write statement (then rolled back here),
        # so only a case opened for writing can have its index checked.
        if not case.read_only:
            found += fts.integrity_problems(s.connection())
        found += blobs.verify_all(s)
        for name, page_count, pages in s.execute(
            select(Document.name, Document.page_count, func.count(DocumentPage.page_no))
            .outerjoin(DocumentPage)
            .group_by(Document.id)
        ):
            if pages and page_count is not None and pages != page_count:
                found.append(f"document {name}: {pages} pages of text for {page_count} pages")
        codes = set(s.scalars(select(Exemption.code)))
        missing = _catalog_codes() - codes
        if missing:
            found.append("the exemption catalog lacks " + ", ".join(sorted(missing)))
    return found


def _catalog_codes() -> set[str]:
    codes: set[str] = set()

    def visit(entries):
        for e in entries:
            codes.add(e["code"])
            visit(e.get("children", []))

    visit(load_catalog())
    return codes
