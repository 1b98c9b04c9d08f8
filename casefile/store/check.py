"""`casefile check`: SQLite's own integrity check plus the app's consistency rules.

What means the file itself is damaged (SQLite's pages, a document's bytes, bytes
after the last page) is remembered (``store.damage``): the case then opens
read-only until it is restored. A clean check ends that.
"""

from __future__ import annotations

import contextlib
import sqlite3

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from casefile.store import blobs, damage, fts
from casefile.store import sqlite as sq
from casefile.store.case import CaseFile
from casefile.store.models import Document, DocumentPage, Exemption
from casefile.store.schema import load_catalog


def problems(case: CaseFile) -> list[str]:
    """Everything wrong with the case, one sentence each; empty when sound."""
    if case.backend == "postgresql":
        # The server checks its own pages; no file to mark damaged beside it.
        with case.reading() as s:
            return _pg_index_problems(s) + _rules(s)
    found = _problems(case)
    damaging = [p for p in found if p.startswith(DAMAGE)]
    if damaging:
        damage.record(case.path, damaging[0])
    elif not found:
        damage.clear(case.path)
    return found


# The findings that mean the file itself is damaged, not the app's bookkeeping.
DAMAGE = ("SQLite integrity", "blob ", "the file has ")


def _problems(case: CaseFile) -> list[str]:
    found = sq.integrity_problems(case.engine)
    if any(p.startswith("SQLite integrity") for p in found):
        # Reading rows of a damaged file can raise; what SQLite said is enough.
        return found
    if not case.read_only:
        # With the WAL folded in, the header's page count is the file's length.
        with contextlib.suppress(sqlite3.Error, DBAPIError):
            sq.checkpoint(case.engine)
    extra = sq.trailing_bytes(case.path)
    if extra:
        found.append(f"the file has {extra:,} bytes after the database's last page "
                     "(something was appended to it)")
    with case.reading() as s:
        # FTS5 checks itself through a write statement (then rolled back here),
        # so only a case opened for writing can have its index checked.
        if not case.read_only:
            found += fts.integrity_problems(s.connection())
        found += _rules(s)
    return found


def _pg_index_problems(s) -> list[str]:
    missing = s.scalar(text(
        "SELECT count(*) FROM document_page p WHERE p.text IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM page_search ps WHERE ps.page_id = p.id)"))
    if missing:
        return [f"the search index lacks {missing:,} pages; rebuild it with 'casefile reindex'"]
    return []


def _rules(s) -> list[str]:
    """The app's own consistency rules, the same on every backend."""
    found = blobs.verify_all(s)
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
