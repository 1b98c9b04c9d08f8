"""Bringing files into the case: bytes stored once, a document per file.

This is the storage half of ingest: each file becomes a Document whose bytes
live in the case (deduplicated by SHA-256), with its media type and page count.
Each file is its own transaction, so a batch that stops (cancel, crash, a bad
file) keeps every file it finished and no part of the one it was on.
"""

from __future__ import annotations

import io
import mimetypes
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.errors import (
    CaseFileDamaged,
    CasefileError,
    DiskFull,
    NotWritable,
    from_os_error,
)
from casefile.store import blobs
from casefile.store.case import CaseFile
from casefile.store.models import Document

Progress = Callable[[int, int, str], None]

_MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage"),  # .doc, .msg
]


class Cancelled(CasefileError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; the files finished before it are kept.")


class CancelToken:
    """Set from any thread; long work checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class FileResult:
    path: Path
    status: str  # "added", "duplicate" or "failed"
    document_id: int | None = None
    reason: str = ""

    def line(self) -> str:
        if self.status == "added":
            return f"added      {self.path.name}"
        if self.status == "duplicate":
            return (f"duplicate  {self.path.name} "
                    f"(already in the case as document {self.document_id})")
        return f"failed     {self.path.name}: {self.reason}"


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    # Why the batch stopped early when the case itself could take no more
    # (disk full, file read-only, file damaged): every finished file is kept.
    stopped: str | None = None
    not_reached: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        text = (f"{self.count('added')} added, {self.count('duplicate')} duplicate, "
                f"{self.count('failed')} failed")
        if self.stopped:
            text += f", {self.not_reached} not imported"
        return text + (" (cancelled)" if self.cancelled else "")


def media_type(path: Path, head: bytes) -> str:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "application/x-ole-storage":
                return mimetypes.guess_type(path.name)[0] or kind
            return kind
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def pdf_page_count(source: Path | BinaryIO) -> tuple[int | None, bool]:
    """(pages, encrypted) read with pypdf; (None, …) when it cannot tell."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(source, strict=False)
        encrypted = reader.is_encrypted
        # Many "encrypted" PDFs carry only an owner password and open with
        # none; one that needs a user password cannot be counted (or filed).
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return None, True
        return len(reader.pages), encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            OSError, NotImplementedError):
        # Telling the user why a PDF is unreadable is the ingest work's job;
        # here the bytes are kept and the page count left unknown.
        return None, False


def add_document(session: Session, path: Path) -> tuple[Document, bool]:
    """Store one file in the open transaction; returns (document, is_new)."""
    with path.open("rb") as f:
        head = f.read(16)
    blob, is_new = blobs.put_file(session, path)
    if not is_new:
        return session.scalars(select(Document).where(Document.blob_id == blob.id)).one(), False
    kind = media_type(path, head)
    pages, encrypted = pdf_page_count(path) if kind == "application/pdf" else (None, False)
    document = Document(blob=blob, name=path.name, media_type=kind, page_count=pages,
                        encrypted=encrypted)
    session.add(document)
    session.flush()
    return document, True


def add_document_bytes(session: Session, name: str, data: bytes, kind: str) -> Document:
    """Store bytes made in memory (a generated letter) as a document."""
    blob, is_new = blobs.put_bytes(session, data)
    if not is_new:
        return session.scalars(select(Document).where(Document.blob_id == blob.id)).one()
    pages, encrypted = (pdf_page_count(io.BytesIO(data)) if kind == "application/pdf"
                        else (None, False))
    document = Document(blob=blob, name=name, media_type=kind, page_count=pages,
                        encrypted=encrypted)
    session.add(document)
    session.flush()
    return document


def import_files(
    case: CaseFile,
    paths: Iterable[Path | str],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Import each file in its own transaction; report every file's outcome.

    A bad file is reported and the batch goes on; a case that can take no
    more (full disk, read-only, damaged) stops the batch, said in ``stopped``.
    """
    paths = [Path(p) for p in paths]
    report = ImportReport()
    for done, path in enumerate(paths):
        if cancel is not None and cancel.cancelled:
            report.cancelled = True
            break
        if progress:
            progress(done, len(paths), path.name)
        try:
            report.results.append(_import_one(case, path))
        except (DiskFull, NotWritable, CaseFileDamaged) as exc:
            report.stopped = exc.message
            report.not_reached = len(paths) - done
            break
    if progress:
        progress(len(report.results), len(paths), "")
    return report


def _import_one(case: CaseFile, path: Path) -> FileResult:
    if not path.is_file():
        reason = "it is a folder" if path.is_dir() else "no such file"
        return FileResult(path, "failed", reason=reason)
    try:
        with case.transaction() as session:
            document, is_new = add_document(session, path)
            document_id = document.id
    except OSError as exc:
        error = from_os_error(exc, path, "reading")
        return FileResult(path, "failed", reason=error.message)
    except CasefileError as exc:
        if isinstance(exc, DiskFull | NotWritable | CaseFileDamaged):
            raise  # the case itself cannot take more: stop the batch
        return FileResult(path, "failed", reason=exc.message)
    return FileResult(path, "added" if is_new else "duplicate", document_id)
