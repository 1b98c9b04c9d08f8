"""Redaction inside a case: the redacted copy is a new version of the
document, with its redaction log; the imported bytes stay as they were.

A document's current bytes are its newest version's (``current_blob_id``):
what a bundle files and what the next redaction starts from, so redactions
stack. Undo deletes the newest version and its log; the one before (or the
import) is current again.

The redaction itself (``redact.redact``) reads bytes that came from outside:
the caller passes ``redactor`` to run it in a child with the limits (the CLI
does; a test may call it directly). Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.errors import InputError
from casefile.privacy.redact import Area
from casefile.store import blobs
from casefile.store.models import Document, DocumentVersion, Redaction


@dataclass
class RedactionResult:
    document_id: int
    version: int  # the new version's number (the import is 1)
    version_id: int
    pages: list[int]
    log: list[Redaction]
    still_present: list[str] = field(default_factory=list)  # the check after: should be empty
    not_located: list[str] = field(default_factory=list)  # findings with no box on the page


def newest_version(session: Session, document_id: int) -> DocumentVersion | None:
    return session.scalar(select(DocumentVersion)
                          .where(DocumentVersion.document_id == document_id)
                          .order_by(DocumentVersion.number.desc()).limit(1))


def current_blob_id(session: Session, document: Document) -> int:
    """The blob of what the document is now: its newest version, else the import."""
    version = newest_version(session, document.id)
    return document.blob_id if version is None else version.blob_id


def current_blob_ids(session: Session, document_ids) -> dict[int, int]:
    """``current_blob_id`` for many documents in one query (a bundle's exhibits)."""
    ids = list(document_ids)
    if not ids:
        return {}
    found = dict(session.execute(select(Document.id, Document.blob_id)
                                 .where(Document.id.in_(ids))).all())
    newest = (select(DocumentVersion.document_id, func.max(DocumentVersion.number).label("n"))
              .where(DocumentVersion.document_id.in_(ids))
              .group_by(DocumentVersion.document_id).subquery())
    for document_id, blob_id in session.execute(
            select(DocumentVersion.document_id, DocumentVersion.blob_id)
            .join(newest, (newest.c.document_id == DocumentVersion.document_id)
                  & (newest.c.n == DocumentVersion.number))):
        found[document_id] = blob_id
    return found


def versions(session: Session, document_id: int) -> list[DocumentVersion]:
    return list(session.scalars(select(DocumentVersion)
                                .where(DocumentVersion.document_id == document_id)
                                .order_by(DocumentVersion.number)))


def redact_document(session: Session, document_id: int, areas: list[Area], *, reason: str = "",
                    by: str = "", findings: bool = False, filed=None,
                    run: Callable | None = None, label: str = "") -> RedactionResult:
    """Redact ``areas`` of the document's current bytes (and, with
    ``findings``, every finding of the privacy check) and store the result as
    its next version with one log row per area. ``reason`` (an exemption, a
    rule of FRCP 5.2) heads each area's why. ``run(function, *args)`` runs the
    redaction of bytes from outside: in a child with the limits, say
    (default: here). ``label`` is printed in white on each box ("(b)(6)"),
    where it fits."""
    from casefile.privacy.redact import with_reason
    from casefile.store.models import DocumentPage

    document = session.get(Document, document_id)
    if document is None:
        raise InputError(f"There is no document {document_id} in the case.")
    # Held until the new version is stored: a second redaction at once on a server
    # would redact the same current version and take the same next number.
    edits.numbering(session, document)
    if not areas and not findings:
        raise InputError("Nothing to redact: name a box (--box PAGE:X0,Y0,X1,Y1) or redact "
                         "the findings of 'casefile scan' (--findings).")
    reason = " ".join((reason or "").split())
    areas = [Area(a.page, a.box, with_reason(a.why, reason)) for a in areas]
    data = blobs.read_bytes(session, current_blob_id(session, document))
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{document.name} is not a PDF: only a PDF can be redacted here "
                         "(convert it to PDF, import that, and redact it).")
    texts = None
    if findings and newest_version(session, document.id) is None:
        # The import's stored text (OCR included) is the text of these bytes.
        texts = dict(session.execute(select(DocumentPage.page_no, DocumentPage.text)
                                     .where(DocumentPage.document_id == document.id)).all())
    from casefile.privacy.redact import redact_planned

    done = (run or _here)(redact_planned, data, areas, by, findings, texts, filed, label)
    blob, _ = blobs.put_bytes(session, done.data)
    last = session.scalar(select(func.max(DocumentVersion.number))
                          .where(DocumentVersion.document_id == document.id)) or 1
    version = DocumentVersion(document_id=document.id, number=last + 1, blob_id=blob.id,
                              page_count=document.page_count, kind="redacted",
                              made_by=by or "")
    removed = dict(done.removed)
    for n, a in enumerate(done.areas):
        x0, y0, x1, y1 = a.box
        version.redactions.append(Redaction(page=a.page, x0=x0, y0=y0, x1=x1, y1=y1,
                                            why=with_reason(a.why, reason),
                                            removed=removed.get(n, "")))
    session.add(version)
    session.flush()
    if done.check is not None:
        from casefile.privacy import stored

        stored.store(session, blob.id, done.check)
    return RedactionResult(document.id, version.number, version.id,
                           sorted({a.page for a in done.areas}), list(version.redactions),
                           list(done.still_present), list(done.not_located))


def _here(function, *args):
    return function(*args)


def undo_redaction(session: Session, document_id: int) -> DocumentVersion:
    """Delete the document's newest version and its redaction log: the version
    before it (or the import) is current again. Its bytes go too unless some
    other document or version holds the same bytes."""
    from casefile.store.models import Blob

    version = newest_version(session, document_id)
    if version is None:
        document = session.get(Document, document_id)
        name = document.name if document is not None else f"document {document_id}"
        raise InputError(f"{name} has no redacted version to undo: it is as imported.")
    blob_id = version.blob_id
    session.delete(version)
    session.flush()
    in_use = session.scalar(select(func.count()).select_from(Document)
                            .where(Document.blob_id == blob_id)) or session.scalar(
        select(func.count()).select_from(DocumentVersion)
        .where(DocumentVersion.blob_id == blob_id))
    if not in_use:
        blob = session.get(Blob, blob_id)
        if blob is not None:
            session.delete(blob)  # its chunks and any stored check go with it (CASCADE)
            session.flush()
    return version


def log_lines(version: DocumentVersion) -> list[str]:
    """The version's redaction log, a line a box: when, page, box, why, what, who."""
    when = version.created_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = []
    for r in version.redactions:
        what = f"'{r.removed}'" if r.removed else "no text (a picture or nothing)"
        lines.append(f"{when}\tpage {r.page}\t[{r.x0:.0f} {r.y0:.0f} {r.x1:.0f} {r.y1:.0f}]\t"
                     f"{r.why}\t{what}\tby {version.made_by or 'unknown'}")
    return lines
