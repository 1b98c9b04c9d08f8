"""Importing a batch of files: each one stored, read, indexed, and reported.

Every file is one transaction: its bytes (deduplicated by SHA-256), its
document row, each page's text and Bates number, and its entries in the
search index commit together or not at all. A bad file gets one line in the
report and the batch goes on; a case that can take no more (disk full,
read-only, damaged) stops the batch, said in ``stopped``; a cancel stops it
between two pages and keeps only whole files.

Folders are walked, ZIP archives opened (paths inside kept), emails become
correspondence with their attachments. Reading happens in a child process
(``worker``), so no file can hang or crash the app.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casefile import jobs, leftovers, letters, limits, markings
from casefile.dates import long_date, parse_date
from casefile.display import shown
from casefile.errors import (
    CaseFileDamaged,
    DiskFull,
    InputError,
    NotWritable,
    ServerUnavailable,
    disk_filled,
    from_os_error,
    server_lost,
)
from casefile.ingest import archive, bates, kinds
from casefile.ingest.extract import Extraction, Unreadable
from casefile.ingest.mail import Mail
from casefile.ingest.worker import Reader
from casefile.jobs import CancelToken, Progress
from casefile.store import blobs, fts
from casefile.store.case import CaseFile
from casefile.store.models import (
    Blob,
    Correspondence,
    CorrespondenceDocument,
    CorrespondenceKind,
    Counsel,
    Direction,
    Document,
    DocumentPage,
    FoiaRequest,
)

PAGE_BATCH = 200


class Cancelled(jobs.Cancelled):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; the files finished before it are kept.")


@dataclass
class FileResult:
    name: str  # as the user knows it: "release.zip/Emails/letter.pdf"
    status: str  # "added", "duplicate", "failed" or "skipped" (hidden files, broken links)
    document_id: int | None = None
    reason: str = ""
    pages: int = 0
    notes: list[str] = field(default_factory=list)
    files: int = 1  # how many files the line stands for: "3 hidden files" is one line
    locked: bool = False  # stored encrypted: no page read until its password is given

    def line(self) -> str:
        """One line of the report, whatever the file's name holds: names come from
        outside (a newline or an escape in one must not forge or colour a line)."""
        name = shown(self.name)
        if self.status == "added":
            pages = f" ({self.pages} page{'s' if self.pages != 1 else ''})" if self.pages else ""
            extra = shown("; ".join(self.notes))
            return f"added      {name}{pages}" + (f": {extra}" if extra else "")
        if self.status == "duplicate":
            return f"duplicate  {name} ({shown(self.reason)}, document {self.document_id})"
        if self.status == "skipped":
            return f"skipped    {name}: {shown(self.reason)}"
        return f"failed     {name}: {shown(self.reason)}"


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    # Why the batch stopped early when the case itself could take no more
    # (disk full, file read-only, file damaged): every finished file is kept.
    stopped: str | None = None
    not_reached: int = 0
    archives_opened: int = field(default=0, repr=False)
    # With a production: how many of the documents were newly listed under it.
    filed: int | None = None
    on_result: Callable[[FileResult], None] | None = field(default=None, repr=False)

    def add(self, result: FileResult) -> None:
        self.results.append(result)
        if self.on_result is not None:
            self.on_result(result)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.status == "added")

    def summary(self) -> str:
        pages = f"{self.pages:,} page{'s' if self.pages != 1 else ''}"
        # "1 added (0 pages)" read as a failure; a locked file is added, unread.
        locked = sum(1 for r in self.results if r.status == "added" and r.locked)
        pages += f"; {locked} locked, not read until unlocked" if locked else ""
        text = (f"{self.count('added')} added ({pages}), "
                f"{self.count('duplicate')} duplicate, {self.count('failed')} failed")
        skipped = sum(r.files for r in self.results if r.status == "skipped")
        if skipped:
            text += f", {skipped} skipped"
        if self.stopped:
            text += f", {self.not_reached} not imported"
        text += " (cancelled)" if self.cancelled else ""
        if self.filed is not None:
            text += f"; {self.filed} newly listed under the production"
        return text


@dataclass
class _Item:
    path: Path
    name: str  # display name, archive paths included
    depth: int = 0  # how many archives deep
    budget: archive.Budget | None = None  # what the archive it came from may still unpack
    sha256: str | None = None  # hashed already, when it was sent to the reader ahead


@dataclass
class Options:
    password: str | None = None
    ocr: bool = True
    on_page: Callable[[str, int], None] | None = None  # (document name, page number)
    # Called with the open session once a file's text is read: sends the next
    # file to the reader, to be read while this one is stored (import_files).
    read_ahead: Callable[[Session], None] | None = None


# --- storing one document ----------------------------------------------------------------


class _PageWriter:
    """Pages as the reader sends them: inserted in batches, indexed, Bates found."""

    def __init__(self, session: Session, document: Document, exclude_bates: set[str],
                 cancel: CancelToken | None,
                 on_page: Callable[[str, int], None] | None = None) -> None:
        self.on_page = on_page
        self.session = session
        self.document = document
        self.exclude = exclude_bates
        self.cancel = cancel
        self.pending: list[dict] = []
        self.ids: list[int] = []
        self.candidates: list[list[bates.Candidate]] = []
        self.without_text: list[int] = []
        self.ocr_pages = 0

    def add(self, page_no: int, text: str, has_text_layer: bool, ocr: bool) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise Cancelled()
        if self.on_page is not None:
            self.on_page(self.document.name, page_no)
        self.pending.append({"document_id": self.document.id, "page_no": page_no,
                             "text": text, "has_text_layer": has_text_layer, "ocr": ocr,
                             "markings": markings.stored(markings.read(text))})
        self.candidates.append(bates.page_candidates(text))
        if not has_text_layer:
            self.without_text.append(page_no)
        self.ocr_pages += ocr
        if len(self.pending) >= PAGE_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        ids = self.session.scalars(
            insert(DocumentPage).returning(DocumentPage.id, sort_by_parameter_order=True),
            self.pending,
        ).all()
        fts.index_pages(self.session.connection(),
                        [(i, self.document.name, row["text"])
                         for i, row in zip(ids, self.pending, strict=True)])
        self.ids += ids
        self.pending = []

    def finish(self) -> list[str | None]:
        self.flush()
        numbers = bates.assign(self.candidates, self.exclude)
        rows = [{"id": i, "bates": b} for i, b in zip(self.ids, numbers, strict=True) if b]
        if rows:
            self.session.execute(update(DocumentPage), rows)  # bulk UPDATE by primary key
        return numbers


def _notes(extraction: Extraction, writer: _PageWriter, numbers: list[str | None],
           ocr_wanted: bool) -> list[str]:
    notes = []
    if extraction.note:
        notes.append(extraction.note)
    found = [n for n in numbers if n]
    if found:
        notes.append(f"Bates {found[0]} to {found[-1]}" if len(found) > 1 else f"Bates {found[0]}")
    if writer.ocr_pages:
        notes.append(f"{writer.ocr_pages} page{'s' if writer.ocr_pages != 1 else ''} read by OCR")
    missing = len(writer.without_text) - writer.ocr_pages - extraction.ocr_refused
    if missing > 0 and not extraction.locked:
        hint = "install Tesseract to read them" if ocr_wanted else "OCR was turned off"
        notes.append(f"{missing} page{'s have' if missing != 1 else ' has'} no text ({hint})")
    return notes


def _store_and_read(session: Session, reader: Reader, path: Path, name: str, kind: str,
                    options: Options, exclude: set[str], cancel: CancelToken | None,
                    origin: str | None,
                    read_ahead: Callable[[Session], None] | None = None,
                    ) -> tuple[Document, list[str], int]:
    """Inside the caller's transaction: bytes, document, pages. Raises Unreadable."""
    blob, _ = blobs.put_file(session, path)
    document = Document(blob=blob, name=Path(name).name, media_type=kind, origin=origin)
    session.add(document)
    session.flush()
    writer = _PageWriter(session, document, exclude, cancel, options.on_page)
    extraction = reader.extract(kind, path, writer.add, password=options.password,
                                ocr=options.ocr)
    if read_ahead is not None:
        read_ahead(session)
    numbers = writer.finish()
    document.page_count = extraction.page_count
    document.encrypted = extraction.encrypted
    notes = _notes(extraction, writer, numbers, options.ocr)
    notes += _store_privacy(session, blob.id, extraction)
    return document, notes, len(writer.ids)


def _store_privacy(session: Session, blob_id: int, extraction: Extraction) -> list[str]:
    """The privacy check the reader made of the file, stored (casefile.privacy.stored);
    a note for the import report when it found something."""
    from casefile.privacy import import_check, stored

    report = extraction.privacy
    if report is None:
        if not extraction.locked:
            return []
        report = import_check.not_checked("encrypted with a password; import it again with "
                                          "--password to check it")
    stored.store(session, blob_id, report)
    return import_check.import_notes(report)


def _store_report(session: Session, blob_id: int, report, unchecked: str) -> list[str]:
    """A privacy check made elsewhere (an email's text in the reader) stored;
    none made: stored as not checked, with ``unchecked`` as the reason."""
    from casefile.privacy import import_check, stored

    report = report if report is not None else import_check.not_checked(unchecked)
    stored.store(session, blob_id, report)
    return import_check.import_notes(report)


# --- the batch --------------------------------------------------------------------------------


def import_files(
    case: CaseFile,
    paths: Iterable[Path | str],
    *,
    password: str | None = None,
    ocr: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    reader: Reader | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    production_id: int | None = None,
) -> ImportReport:
    """Import files, folders, archives and emails; report every file's outcome.

    ``on_result`` hears each file's outcome as soon as it is known (the CLI
    prints it; the window adds a row). With ``production_id``, the documents
    imported (or found already in the case) are then listed under that
    production, those of a cancelled or stopped import too: an agency's
    release imported into its production, by the window or the command line.
    """
    report = ImportReport(on_result=on_result)
    queue: deque[_Item] = deque(_Item(Path(p), Path(p).name) for p in paths)
    done = 0

    def page_progress(name: str, page: int) -> None:
        if progress and page % 25 == 1:  # often enough for a bar, rare enough to be free
            progress(done, done + len(queue) + 1, f"{name}, page {page}")

    own_reader = reader is None
    reader = reader or Reader()

    def read_ahead(session: Session) -> None:
        # The coming files, in order, as far as the reader has children free: a
        # file that will not surely be read next (an archive, an email, a copy)
        # ends the run, so what is sent ahead is always taken in the order sent.
        if cancel is not None and cancel.cancelled:
            return
        sent: set[str] = set()
        for item in queue:
            if reader.reading(item.path):
                sent.add(item.sha256)
                continue
            if not reader.can_read_ahead or \
                    not _send_ahead(session, reader, item, options, case.path, sent):
                return
            sent.add(item.sha256)

    options = Options(password=password, ocr=ocr, on_page=page_progress, read_ahead=read_ahead)
    exclude = _tracking_numbers(case)
    # Named with our pid: what a killed import left there is removed by the
    # next one (leftovers.sweep).
    with leftovers.scratch_dir("import") as scratch:
        try:
            while queue:
                if cancel is not None and cancel.cancelled:
                    report.cancelled = True
                    break
                item = queue.popleft()
                if progress:
                    progress(done, done + len(queue) + 1, item.name)
                try:
                    expanded = _expand(item, scratch, report, case.path)
                    if expanded is not None:
                        queue.extendleft(reversed(expanded))
                        _drop_unpacked(item, scratch)
                        continue
                    report.add(_import_one(case, reader, item, options, exclude,
                                           cancel, scratch))
                    _drop_unpacked(item, scratch)
                except Cancelled:
                    report.cancelled = True
                    break
                except (DiskFull, NotWritable, CaseFileDamaged, ServerUnavailable) as exc:
                    # What fails the next file too: the batch stops, keeping what it saved.
                    report.stopped = exc.message
                    report.not_reached = len(queue) + 1
                    total = len(report.results) + report.not_reached
                    if isinstance(exc, DiskFull) and report.results:
                        # Each file committed alone: say how many were kept.
                        report.stopped = disk_filled(
                            report.count("added"), total, report.not_reached).message
                    elif isinstance(exc, ServerUnavailable) and report.results:
                        report.stopped = server_lost(
                            postgres_server(case), report.count("added"), total,
                            report.not_reached).message
                    break
                done += 1
        finally:
            if own_reader:
                reader.close()
            elif reader.reading_ahead:
                reader.abort()  # the caller's reader: its next job must not wait behind ours
    # Not after a stop (a full disk, a server gone): the filing would fail the same
    # way and lose the report that says what was saved.
    if production_id is not None and report.stopped is None:
        report.filed = _file_under(case, production_id, report)
    if progress:
        progress(done, done, "")
    return report


def _file_under(case: CaseFile, production_id: int, report: ImportReport) -> int:
    from casefile.productions import file_under

    ids = [r.document_id for r in report.results if r.document_id is not None]
    if not ids:
        return 0
    with case.transaction() as s:
        return file_under(s, production_id, ids)


def _send_ahead(session: Session, reader: Reader, item: _Item, options: Options,
                case_path: Path, sent: set[str] = frozenset()) -> bool:
    """Send ``item`` to the reader now if ``_import_one`` will surely read it with
    these options: a plain file, not an archive, an email, a refused kind, this
    case, or bytes the case (this transaction included) or a file ``sent`` ahead
    of it already holds. Anything in doubt is left to its turn; a file sent
    ahead and then not read costs only a restart of its reader. Whether sent."""
    path = item.path
    try:
        if item.sha256 is not None or path.is_symlink() or not path.is_file():
            return False
        if path.name.lstrip(".").startswith(case_path.name):
            return False
        with path.open("rb") as f:
            head = f.read(2048)
        if not head:
            return False
        kind = kinds.detect(path, head)
        if kind in (kinds.ZIP, kinds.EML, kinds.MSG) or kinds.broken_promise(path, kind) \
                or kinds.refusal(kind, path.stat().st_size):
            return False
        sha, _ = blobs.sha256_of_file(path)
    except OSError:
        return False
    item.sha256 = sha  # the check below is the one _import_one makes: not hashed twice
    if sha in sent or session.scalar(select(Blob.id).where(Blob.sha256 == sha)) is not None:
        return False
    return bool(reader.read_ahead(kind, path, password=options.password, ocr=options.ocr))


def _expand(item: _Item, scratch: Path, report: ImportReport,
            case_path: Path) -> list[_Item] | None:
    """Folders and archives become their files; None for a file to import."""
    if item.path.is_dir():
        walk = _walk_folder(item.path, case_path)
        for path, why in walk.odd:
            report.add(FileResult(f"{item.name}/{path.relative_to(item.path).as_posix()}",
                                  "skipped", reason=why))
        if walk.hidden:
            report.add(FileResult(item.name, "skipped", reason=walk.hidden_line(),
                                  files=len(walk.hidden)))
        files = [_Item(p, f"{item.name}/{p.relative_to(item.path).as_posix()}", item.depth,
                       item.budget) for p in walk.files]
        if not files:
            report.add(FileResult(item.name, "failed", reason="the folder has no files"))
        return files
    if not item.path.is_file():
        return None
    with item.path.open("rb") as f:
        head = f.read(8)
    if not head.startswith(b"PK") or item.path.suffix.lower() == ".docx":
        return None
    if kinds.detect(item.path, head) != kinds.ZIP:
        return None
    if item.depth >= archive.MAX_DEPTH:
        report.add(FileResult(item.name, "failed", reason=limits.archive_too_deep()))
        return []
    # One budget for an archive and all it nests: 16 ZIPs of 16 ZIPs of… share it.
    budget = item.budget or archive.Budget(limits.archive_budget(scratch))
    # Every archive's files go in the one scratch folder, told apart by a
    # number: a folder each cost 42.zip's 273 archives a second of mkdir.
    report.archives_opened += 1
    try:
        members = archive.members(item.path, scratch, budget, item.depth,
                                  prefix=f"{report.archives_opened:05d}-")
    except ValueError as exc:
        report.add(FileResult(item.name, "failed", reason=str(exc)))
        return []
    expanded = []
    for member in members:
        name = f"{item.name}/{member.name}"
        if member.path is None:
            report.add(FileResult(name, "failed", reason=member.problem))
        else:
            expanded.append(_Item(member.path, name, item.depth + 1, budget))
    if not members:
        report.add(FileResult(item.name, "failed", reason="the archive is empty"))
    return expanded


def _drop_unpacked(item: _Item, scratch: Path) -> None:
    """A file unpacked from an archive is deleted once imported (or opened): the
    temporary folder holds one archive's budget at most, not every archive's.
    Only what we unpacked: a user's own file is never in ``scratch``."""
    if item.budget is not None and item.path.parent == scratch and item.path.is_file():
        item.path.unlink(missing_ok=True)


# What an operating system or an office suite leaves in a folder, which no one
# means to import: Windows' thumbnail caches and folder settings, and macOS's
# resource forks when a ZIP made on a Mac is unpacked elsewhere.
_CLUTTER = {"thumbs.db", "ehthumbs.db", "desktop.ini", "__macosx", "$recycle.bin",
            "system volume information"}
_WINDOWS_HIDDEN = 0x2  # FILE_ATTRIBUTE_HIDDEN, in st_file_attributes on Windows


def _hidden(entry: os.DirEntry) -> bool:
    """A dotfile or dot-folder (.DS_Store, .git), an Office lock file (~$brief.docx),
    system clutter, or a file Windows marks hidden."""
    name = entry.name
    if name.startswith((".", "~$")) or name.lower() in _CLUTTER:
        return True
    try:
        attributes = entry.stat(follow_symlinks=False).st_file_attributes  # Windows only
    except (AttributeError, OSError):
        return False
    return bool(attributes & _WINDOWS_HIDDEN)


@dataclass
class _FolderWalk:
    files: list[Path] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # paths in the folder; a hidden folder once
    odd: list[tuple[Path, str]] = field(default_factory=list)  # broken links and the like

    def hidden_line(self) -> str:
        names = ", ".join(self.hidden[:3]) + (", …" if len(self.hidden) > 3 else "")
        count = len(self.hidden)
        return f"{count} hidden file{'' if count == 1 else 's'} not imported ({names})"


def _walk_folder(folder: Path, case_path: Path) -> _FolderWalk:
    """The files of a folder and its subfolders, in name order; hidden ones, and
    links that lead nowhere, set aside to be reported rather than lost in silence.
    Links to folders are not followed (a link to a parent would never end)."""
    walk = _FolderWalk()
    case_folder = case_path.parent.resolve()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            walk.odd.append((Path(current), f"the folder cannot be read "
                                            f"({exc.strerror or exc.__class__.__name__})"))
            continue
        in_case_folder = Path(current).resolve() == case_folder
        for entry in entries:
            path = Path(entry.path)
            if (in_case_folder and entry.name.lstrip(".").startswith(case_path.name)
                    and not entry.is_dir(follow_symlinks=False)):
                continue  # the case itself, its journal and its lock (.NAME.lock)
            if _hidden(entry):
                walk.hidden.append(path.relative_to(folder).as_posix()
                                   + ("/" if entry.is_dir() else ""))
                continue
            if entry.is_symlink():
                if not path.exists():
                    walk.odd.append((path, f"a link to {os.readlink(path)}, which is not "
                                           "there"))
                    continue
                if path.is_dir():
                    walk.odd.append((path, "a link to a folder, not followed"))
                    continue
            if entry.is_dir():
                pending.append(path)
            elif not entry.is_file():
                walk.odd.append((path, "not a file (a device, socket or pipe)"))
            else:
                walk.files.append(path)
    walk.files.sort()
    walk.odd.sort()
    walk.hidden.sort(key=str.lower)
    return walk


def _import_one(case: CaseFile, reader: Reader, item: _Item, options: Options,
                exclude: set[str], cancel: CancelToken | None, scratch: Path) -> FileResult:
    path = item.path
    if path.exists() and not path.is_file():
        return FileResult(item.name, "failed", reason="it is not a regular file")
    if path.exists() and (path.resolve() == case.path.resolve()
                          or path.name.startswith(f".{case.path.name}")
                          or path.name.startswith(f"{case.path.name}-")):
        return FileResult(item.name, "failed", reason="it is this case file itself")
    try:
        with path.open("rb") as f:
            head = f.read(2048)
        if not head:
            return FileResult(item.name, "failed", reason="the file is empty")
        # Refused before a byte is hashed or stored: an unsupported 1 GB file used
        # to go whole into the write-ahead log and only then be refused.
        kind = kinds.detect(path, head)
        refusal = kinds.broken_promise(path, kind) or kinds.refusal(kind, path.stat().st_size)
        if refusal:
            return FileResult(item.name, "failed", reason=refusal)
        sha = item.sha256 or blobs.sha256_of_file(path)[0]
        with case.reading() as s:
            existing = s.scalar(select(Document).join(Blob).where(Blob.sha256 == sha))
            locked = existing is not None and existing.encrypted and not s.scalar(
                select(DocumentPage.id).where(DocumentPage.document_id == existing.id).limit(1))
        if existing is not None and locked and options.password:
            return _unlock(case, reader, item, existing.id, options, exclude, cancel)
        if existing is not None:
            return FileResult(item.name, "duplicate", existing.id,
                              reason=f"already in the case as {existing.origin or existing.name}")
        origin = item.name if "/" in item.name else None
        if kind in (kinds.EML, kinds.MSG):
            return _import_mail(case, reader, item, kind, options, exclude, cancel, scratch)
        with case.transaction() as s:
            document, notes, pages = _store_and_read(s, reader, path, item.name, kind, options,
                                                     exclude, cancel, origin,
                                                     read_ahead=options.read_ahead)
            document_id = document.id
            encrypted = bool(document.encrypted)
            if kind in _LETTER_KINDS and origin is None:
                notes += _letter_from_document(s, document)
        if encrypted and options.password and kind == kinds.PDF:
            # Read with its password, it is unlocked at once as the window's Unlock
            # does it: the decrypted copy is what CM/ECF accepts, what the window
            # shows and what a bundle reads. Stored encrypted, it stayed "locked".
            unlocked = _unlock(case, reader, item, document_id, options, exclude, cancel)
            if unlocked.status == "added":
                unlocked.notes[0] = "decrypted with the password: the unlocked copy is stored"
                return unlocked
        return FileResult(item.name, "added", document_id, pages=pages, notes=notes,
                          locked=encrypted and pages == 0)
    except Unreadable as exc:
        return FileResult(item.name, "failed", reason=str(exc))
    except OSError as exc:
        if not path.exists():
            return FileResult(item.name, "failed", reason="no such file")
        return FileResult(item.name, "failed",
                          reason=from_os_error(exc, path, "reading").message)


# --- emails ---------------------------------------------------------------------------------


def _unlock(case: CaseFile, reader: Reader, item: _Item, document_id: int, options: Options,
            exclude: set[str], cancel: CancelToken | None) -> FileResult:
    """An encrypted document already in the case, imported again with its password:
    unlocked as the window's Unlock does it (the decrypted copy becomes its content,
    which CM/ECF accepts, and is read and checked), not merely read."""
    from casefile.ingest.unlock import unlock

    try:
        done = unlock(case, document_id, options.password, reader=reader)
    except InputError as exc:
        return FileResult(item.name, "failed", document_id, reason=str(exc))
    notes = [f"unlocked document {document_id}: read with the password", *done.notes]
    return FileResult(item.name, "added", document_id, pages=done.pages, notes=notes)


def _import_mail(case: CaseFile, reader: Reader, item: _Item, kind: str, options: Options,
                 exclude: set[str], cancel: CancelToken | None, scratch: Path) -> FileResult:
    # Read (in the child, with its limits) before the write transaction opens.
    mail = reader.mail(kind, item.path, Path(tempfile.mkdtemp(dir=scratch)))
    with case.transaction() as s:
        document, notes = _store_mail(s, reader, item, kind, mail, options, exclude, cancel)
        document_id = document.id
    return FileResult(item.name, "added", document_id, pages=1, notes=notes)


def _store_mail(s: Session, reader: Reader, item: _Item, kind: str, mail: Mail,
                options: Options, exclude: set[str],
                cancel: CancelToken | None) -> tuple[Document, list[str]]:
    """Inside the caller's transaction: the message, its attachments and its letter."""
    notes: list[str] = []
    blob, _ = blobs.put_file(s, item.path)
    message_doc = Document(blob=blob, name=Path(item.name).name, media_type=kind,
                           page_count=1, origin=item.name if "/" in item.name else None)
    s.add(message_doc)
    s.flush()
    writer = _PageWriter(s, message_doc, exclude, cancel)
    writer.add(1, mail.as_text(), True, False)
    writer.finish()
    notes += _store_report(s, blob.id, mail.privacy, "its text was not checked")
    attachments = [message_doc]
    for name, path in mail.attachments:
        sha, _ = blobs.sha256_of_file(path)
        known = s.scalar(select(Document).join(Blob).where(Blob.sha256 == sha))
        if known is not None:
            attachments.append(known)
            notes.append(f"attachment {name} was already in the case "
                         f"(document {known.id})")
            continue
        with path.open("rb") as f:
            head = f.read(2048)
        attachment_kind = kinds.detect(path, head) if head else "application/octet-stream"
        try:
            with s.begin_nested():
                document, _, _ = _store_and_read(s, reader, path, name, attachment_kind,
                                                 options, exclude, cancel, None)
        except Unreadable as exc:
            # The attachment is part of the record even unread: keep its bytes.
            document = _store_bytes_only(s, path, name, attachment_kind)
            notes.append(f"attachment {name} stored without text ({exc})")
            _store_report(s, document.blob_id, None, f"it could not be read ({exc})")
        attachments.append(document)
    dated = mail.day
    if mail.date_raw is not None or mail.sent is None:
        written = f"its Date header “{mail.date_raw}” cannot be read" if mail.date_raw \
            else "it has no Date header"
        if dated is not None:
            notes.append(f"{written}: dated by its {mail.date_source} "
                         f"({long_date(dated)})")
        else:
            dated = mtime_date(item.path)
            notes.append(f"{written} and no Received header reads: dated by the file's "
                         f"own time ({long_date(dated)}); check the date")
    text = f"{mail.subject}\n{mail.body}"
    requests = _requests_named(s, text)
    counsel_emails = {e.lower() for e in s.scalars(select(Counsel.email)) if e}
    outgoing = any(e in mail.sender.lower() for e in counsel_emails)
    letter = Correspondence(
        direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
        dated=dated, kind=CorrespondenceKind.EMAIL, sender=mail.sender[:300] or None,
        recipient=mail.recipients or None, cc=mail.cc or None,
        subject=mail.subject or None, body=mail.body or None,
        message_id=mail.message_id, in_reply_to=mail.in_reply_to, requests=requests,
        attachments=[CorrespondenceDocument(document=d, position=i)
                     for i, d in enumerate(_unique(attachments))],
        date_raw=mail.date_raw,
    )
    s.add(letter)
    s.flush()
    if letter.direction is Direction.INCOMING:
        notes.append(f"reads as {letters.describe(letter)}"
                     if letters.apply(letter, text) is not None else
                     "reads as no known kind of letter: left as an email (set its kind "
                     "with `casefile letter CASE N --kind KIND`)")
    if mail.in_reply_to:
        parent = s.scalar(select(Correspondence).where(
            Correspondence.message_id == mail.in_reply_to, Correspondence.id != letter.id))
        if parent is not None:
            notes.append(f"a reply to letter {parent.id} ({parent.subject or 'no subject'})")
    for r in requests:
        notes.append(f"linked to request {r.tracking_no} (named in the email)")
    if mail.attachments:
        notes.append(f"{len(mail.attachments)} attachment"
                     f"{'s' if len(mail.attachments) != 1 else ''}")
    notes.insert(0, f"email → letter {letter.id}")
    return message_doc, notes


def _requests_named(session: Session, text: str) -> list[FoiaRequest]:
    """The requests whose tracking numbers the text names."""
    named = bates.normalise(text)
    return [r for r in session.scalars(select(FoiaRequest).where(FoiaRequest.tracking_no
                                                                 .is_not(None)))
            if bates.normalise(r.tracking_no) in named]


_LETTER_KINDS = {kinds.PDF, kinds.DOCX}
# The salutation and the dateline of a letter: a PDF without both is a record,
# not a letter, however its words read.
_SALUTATION = re.compile(r"^\s*(?:Dear\b|Counsel,)", re.M)
_DATELINE = re.compile(r"^\s*((?:January|February|March|April|May|June|July|August|September"
                       r"|October|November|December) \d{1,2}, \d{4})\s*$", re.M)


def _letter_from_document(session: Session, document: Document) -> list[str]:
    """An agency letter sent as a PDF or Word file becomes a letter of the case
    (kind read from its text, dated by its own dateline) with the file attached.
    Only a letter-shaped first page qualifies: a dateline, a salutation, and a
    kind the rules are sure of."""
    page = session.scalar(select(DocumentPage).where(DocumentPage.document_id == document.id)
                          .order_by(DocumentPage.page_no).limit(1))
    text = page.text if page is not None else ""
    if not text or not _SALUTATION.search(text):
        return []
    reading = letters.classify(text)
    dateline = _DATELINE.search(text[:1500])
    if reading.kind == "other" or reading.confidence < letters.STRONG:
        return []
    if dateline is None:
        return [f"reads as a {letters.KINDS[reading.kind][1]} but states no date: "
                "add it as a letter with its date"]
    dated = parse_date(dateline.group(1))
    letter = Correspondence(direction=Direction.INCOMING, dated=dated, kind=reading.coarse,
                            subject=document.name, requests=_requests_named(session, text),
                            attachments=[CorrespondenceDocument(document=document, position=0)])
    session.add(letter)
    session.flush()
    letters.apply(letter, text)
    return [f"letter {letter.id} of {long_date(dated)}: reads as {letters.describe(letter)}"]


def _store_bytes_only(session: Session, path: Path, name: str, kind: str) -> Document:
    blob, _ = blobs.put_file(session, path)
    document = Document(blob=blob, name=name, media_type=kind)
    session.add(document)
    session.flush()
    return document


def _unique(documents: list[Document]) -> list[Document]:
    seen, out = set(), []
    for d in documents:
        if d.id not in seen:
            seen.add(d.id)
            out.append(d)
    return out


def _tracking_numbers(case: CaseFile) -> set[str]:
    with case.reading() as s:
        return {bates.normalise(t) for t in s.scalars(select(FoiaRequest.tracking_no)) if t}


# --- documents made or named one at a time ------------------------------------------------------


def add_document(session: Session, path: Path, *, reader: Reader | None = None,
                 ocr: bool = True) -> tuple[Document, bool]:
    """Import one file inside the open transaction; returns (document, is_new).

    For a file named on the command line with another entry (an exhibit, a
    letter's attachment). It is the import of one file, not a second way in:
    the same refusals before a byte is stored (kind, name, size), the same
    reader child with its limits (pixels, pages, page tree, MIME parts,
    memory, time), the text indexed, an email made its letter. A file already
    in the case is that document. A refused file raises InputError with the
    import's reason, and the caller's transaction leaves nothing stored.
    """
    name = path.name

    def refused(reason: str) -> InputError:
        return InputError(f"{shown(name)} cannot be added: {reason}.")

    with path.open("rb") as f:
        head = f.read(2048)
    if not head:
        raise refused("the file is empty")
    kind = kinds.detect(path, head)
    reason = kinds.broken_promise(path, kind) or kinds.refusal(kind, path.stat().st_size)
    if reason:
        raise refused(reason)
    sha, _ = blobs.sha256_of_file(path)
    known = session.scalar(select(Document).join(Blob).where(Blob.sha256 == sha)
                           .order_by(Document.id).limit(1))
    if known is not None:
        return known, False
    exclude = {bates.normalise(t) for t in session.scalars(select(FoiaRequest.tracking_no))
               if t}
    options = Options(ocr=ocr)
    own_reader = reader is None
    reader = reader or Reader()
    try:
        with leftovers.scratch_dir("import") as scratch:
            if kind in (kinds.EML, kinds.MSG):
                mail = reader.mail(kind, path, Path(tempfile.mkdtemp(dir=scratch)))
                document, _ = _store_mail(session, reader, _Item(path, name), kind, mail,
                                          options, exclude, None)
            else:
                document, _, _ = _store_and_read(session, reader, path, name, kind, options,
                                                 exclude, None, None)
    except Unreadable as exc:
        raise refused(str(exc)) from None
    finally:
        if own_reader:
            reader.close()
    return document, True


def add_document_bytes(session: Session, name: str, data: bytes, kind: str) -> Document:
    """Store and index a PDF made in memory by Casefile itself (the demo's letters).

    Our own files are trusted, so they are read in this process, not the
    reader's: no child process for a few generated pages.
    """
    blob, is_new = blobs.put_bytes(session, data)
    if not is_new:
        return session.scalars(select(Document).where(Document.blob_id == blob.id)).one()
    document = Document(blob=blob, name=name, media_type=kind)
    session.add(document)
    session.flush()
    if kind == kinds.PDF:
        import pypdfium2 as pdfium

        from casefile.privacy.import_check import PageCheck

        writer = _PageWriter(session, document, set(), None)
        # Checked as an import's pages are, so nothing reaches a bundle unchecked.
        check = PageCheck(data)
        pdf = pdfium.PdfDocument(io.BytesIO(data))
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                raw_text = textpage.get_text_range()
                text = raw_text.replace("\r\n", "\n").strip()
                writer.add(index + 1, text, bool(text), False)
                check.page(page, textpage, index + 1, raw_text, text, False)
                textpage.close()
                page.close()
            document.page_count = len(pdf)
        finally:
            pdf.close()
        writer.finish()
        _store_report(session, blob.id, check.finish(document.page_count), "")
    return document


def mtime_date(path: Path) -> date:
    return datetime.fromtimestamp(path.stat().st_mtime).date()


def postgres_server(case: CaseFile) -> str:
    from casefile.store import postgres

    return postgres.the_server(case.url) if case.url is not None else "The server"
